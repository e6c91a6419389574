#!/usr/bin/env bash
# make demo: a real kube-apiserver, the ECS emulator and the operator on this machine, the examples
# applied, and their RebootRequests followed until they finish. State lives in .demo/.
#
#   hack/demo.sh up      build what is missing, start everything, apply examples/, follow them
#   hack/demo.sh down    stop everything the demo started
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="$PWD/.demo"
JAR=target/ecs-reboot-operator.jar
NS=demo
DEMO_KEY_ID=DEMO-EMULATOR-ACCESS-KEY-ID
DEMO_KEY_SECRET=demo-emulator-secret-not-a-real-key   # the emulator's fake key pair (examples/emulator-seed.yaml)

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME LOGFILE CMD...: runs CMD in the background, remembers its pid in $STATE/NAME.pid.
start_bg() {
  local name=$1 log=$2; shift 2
  nohup "$@" >"$log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

stop_bg() {
  local pidfile="$STATE/$1.pid"
  [[ -f $pidfile ]] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}

wait_for_log() {   # file text seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "gave up waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1
}

up() {
  if [[ -f $STATE/operator.pid ]]; then down; fi
  mkdir -p "$STATE"
  if [[ ! -f $JAR ]]; then say "building the operator jar"; mvn -B -q -ntp package -DskipTests; fi
  say "starting etcd + kube-apiserver (the first run compiles them: about 5 minutes)"
  hack/control-plane.sh start "$STATE/cluster" >/dev/null
  KUBECTL=$(hack/control-plane.sh kubectl-path)
  k() { "$KUBECTL" --kubeconfig "$STATE/cluster/admin.kubeconfig" "$@"; }

  say "installing the CRD and the operator's ServiceAccount and RBAC (kubectl apply -k deploy/)"
  k apply -k deploy/ >/dev/null
  k create namespace "$NS" >/dev/null

  local port; port=$(free_port)
  say "starting the ECS emulator on 127.0.0.1:$port (a reboot takes 3 s stopping + 5 s starting)"
  start_bg emulator "$STATE/emulator.log" java -jar "$JAR" emulator --port "$port" \
    --stopping-seconds 3 --starting-seconds 5
  wait_for_log "$STATE/emulator.log" "listening" 30
  echo "$port" >"$STATE/emulator.port"

  say "starting the operator as its ServiceAccount"
  ALIBABA_CLOUD_ACCESS_KEY_ID=$DEMO_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$DEMO_KEY_SECRET \
  ALIBABA_CLOUD_ECS_METADATA_DISABLED=true NO_PROXY=127.0.0.1,localhost \
    start_bg operator "$STATE/operator.log" java -jar "$JAR" run \
      --kubeconfig "$STATE/cluster/operator.kubeconfig" --ecs-endpoint "127.0.0.1:$port" \
      --poll-interval 1s --settle-window 10s --metrics-port 0 --health-port 0
  wait_for_log "$STATE/operator.log" "ecs-reboot-operator running" 60

  say "applying examples/ in namespace $NS"
  for f in examples/*.yaml; do
    [[ $f == examples/emulator-seed.yaml ]] && continue
    k apply -n "$NS" -f "$f"
  done

  say "following the requests until they finish (kubectl get rbr -n $NS)"
  local table last="" deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    table=$(k get rbr -n "$NS" 2>/dev/null || true)
    if [[ $table != "$last" ]]; then printf '\n%s\n' "$table"; last=$table; fi
    [[ -z $(k get rbr -n "$NS" -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Completed")].status}{"\n"}{end}' | grep -v True) ]] && break
    sleep 1
  done

  say "done. Poke at it:"
  cat <<MSG
  export KUBECONFIG=$STATE/cluster/admin.kubeconfig
  $KUBECTL get rbr -n $NS -o wide
  $KUBECTL describe rbr reboot-locked-5 -n $NS        # a refused reboot: conditions and Events
  $KUBECTL get rbr reboot-web-1 -n $NS -o yaml         # the whole status
  $KUBECTL create -n $NS -f - <<<'{"apiVersion":"ecsreboot.io/v1alpha1","kind":"RebootRequest","metadata":{"generateName":"again-"},"spec":{"instanceId":"i-bp67acfmxazb4ph00001"}}'
  curl -s 'localhost:$port/_emulator/calls?action=RebootInstance'   # what ECS received
  logs: $STATE/operator.log, $STATE/emulator.log

Stop it with: make demo-down
MSG
}

down() {
  stop_bg operator
  stop_bg emulator
  hack/control-plane.sh stop "$STATE/cluster" >/dev/null 2>&1 || true
  echo "demo stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
