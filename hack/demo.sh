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

# follow SECONDS: one line per phase change of any RebootRequest in $NS, as it happens, until every
# one is finished (Completed=True). Fails when some are still running after SECONDS.
follow() {
  local limit=$1 started=$SECONDS total done line name phase completed rec_status rec_reason
  local stalled_status stalled_reason ready_reason reason
  local -A seen=()
  # '|' separated: read would merge the empty fields of tab-separated ones (tab is whitespace).
  local columns='{range .items[*]}{.metadata.name}|{.status.phase}'
  local c
  for c in Completed Reconciling Stalled Ready; do
    columns+="|{.status.conditions[?(@.type==\"$c\")].status}|{.status.conditions[?(@.type==\"$c\")].reason}"
  done
  columns+='{"\n"}{end}'
  say "following the requests until they finish (at most ${limit}s)"
  while :; do
    total=0 done=0
    while IFS='|' read -r name phase completed _ rec_status rec_reason stalled_status stalled_reason _ ready_reason; do
      [[ -n $name ]] || continue
      total=$((total + 1))
      [[ $completed == True ]] && done=$((done + 1))
      # what it waits for while in progress, why it failed, or how it succeeded
      if [[ $rec_status == True ]]; then reason=$rec_reason
      elif [[ $stalled_status == True ]]; then reason=$stalled_reason
      else reason=$ready_reason; fi
      [[ $reason == "$phase" ]] && reason=""
      line="${phase:-<no status yet>}${reason:+ ($reason)}"
      if [[ ${seen[$name]:-} != "$line" ]]; then
        printf '  %4ss  %-22s %s\n' "$((SECONDS - started))" "$name" "$line"
        seen[$name]=$line
      fi
    done < <(k get rbr -n "$NS" -o jsonpath="$columns" 2>/dev/null)
    if ((total > 0 && done == total)); then
      echo "  all $total requests finished in $((SECONDS - started))s"
      return 0
    fi
    if ((SECONDS - started >= limit)); then
      echo "  $((total - done)) of $total requests still running after ${limit}s: see $STATE/operator.log" >&2
      return 1
    fi
    sleep 1
  done
}

up() {
  local status=0
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
  say "granting namespace $NS the seed's instances: a RebootPolicy (examples/policy-demo.yaml)"
  k wait --for=condition=Established crd/rebootpolicies.ecsreboot.io --timeout=60s >/dev/null
  k apply -f examples/policy-demo.yaml >/dev/null
  k get rebootpolicy demo -o yaml | sed -n '/^spec:/,$p'
  # The admission policy refuses forceStop (examples/force-reboot.yaml) in unlabelled namespaces.
  k label namespace "$NS" ecsreboot.io/node-reboots=allowed >/dev/null

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
    [[ $f == examples/emulator-seed.yaml || $f == examples/policy* ]] && continue
    k apply -n "$NS" -f "$f"
  done

  follow "${DEMO_FOLLOW_SECONDS:-300}" || status=$?
  say "the requests now"
  k get rbr -n "$NS" -o wide
  say "what to try next"
  cat <<MSG
  export KUBECONFIG=$STATE/cluster/admin.kubeconfig PATH=$PWD/hack:\$PATH   # PATH: the kubectl ecsreboot plugin
  $KUBECTL ecsreboot reboot instance i-bp67acfmxazb4ph00001 -n $NS --reason "try it" --wait
  $KUBECTL ecsreboot status reboot-locked-5 -n $NS     # a refused reboot, with its Events
  $KUBECTL get rbr -n $NS -o wide
  $KUBECTL describe rbr reboot-locked-5 -n $NS        # a refused reboot: conditions and Events
  $KUBECTL get rbr reboot-web-1 -n $NS -o yaml         # the whole status
  $KUBECTL create -n $NS -f - <<<'{"apiVersion":"ecsreboot.io/v1alpha1","kind":"RebootRequest","metadata":{"generateName":"again-"},"spec":{"instanceId":"i-bp67acfmxazb4ph00001"}}'
  curl -s 'localhost:$port/_emulator/calls?action=RebootInstance'   # what ECS received
  logs: $STATE/operator.log, $STATE/emulator.log

Stop it with: make demo-down
MSG
  return "$status"
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
