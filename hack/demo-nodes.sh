#!/usr/bin/env bash
# The node story of `make demo` (issue 10): a cluster with kube-controller-manager and kube-scheduler,
# three nodes simulated by the ECS emulator, a Deployment with a PodDisruptionBudget spread over them,
# and a RebootRequest for one node, followed live: cordon, pods moving, the reboot, the node back
# with a new bootID, uncordoned. Prints how long the drain and the whole reboot took. State: .demo-nodes/.
#
#   hack/demo-nodes.sh up      start everything, run the story
#   hack/demo-nodes.sh down    stop everything it started
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="$PWD/.demo-nodes"
JAR=target/ecs-reboot-operator.jar
ADMIN_NS=ecs-reboot-system   # node requests are honoured only in the operator's own namespace
APP_NS=shop
DEMO_KEY_ID=DEMO-EMULATOR-ACCESS-KEY-ID
DEMO_KEY_SECRET=demo-emulator-secret-not-a-real-key   # the emulator's fake key pair (examples/emulator-seed.yaml)

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_bg() { local name=$1 log=$2; shift 2; nohup "$@" >"$log" 2>&1 & echo $! >"$STATE/$name.pid"; }
stop_bg() { [[ -f $STATE/$1.pid ]] || return 0; kill "$(cat "$STATE/$1.pid")" 2>/dev/null || true; rm -f "$STATE/$1.pid"; }
wait_for_log() {   # file text seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "gave up waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1
}
now() { date +%s.%N; }

up() {
  if [[ -f $STATE/operator.pid ]]; then down; fi
  mkdir -p "$STATE"
  if [[ ! -f $JAR ]]; then say "building the operator jar"; mvn -B -q -ntp package -DskipTests; fi
  say "starting etcd, kube-apiserver, kube-controller-manager and kube-scheduler"
  hack/control-plane.sh start "$STATE/cluster" --controllers >/dev/null
  KUBECTL=$(hack/control-plane.sh kubectl-path)
  k() { "$KUBECTL" --kubeconfig "$STATE/cluster/admin.kubeconfig" "$@"; }
  k apply -k deploy/ >/dev/null

  local port; port=$(free_port)
  say "starting the ECS emulator; it registers three nodes and plays their kubelets"
  start_bg emulator "$STATE/emulator.log" java -jar "$JAR" emulator --port "$port" \
    --seed examples/emulator-seed.yaml --stopping-seconds 3 --starting-seconds 5 \
    --kubeconfig "$STATE/cluster/admin.kubeconfig"
  wait_for_log "$STATE/emulator.log" "listening" 60
  k wait --for=condition=Ready node --all --timeout=120s >/dev/null
  k get nodes -o wide

  say "starting the operator as its ServiceAccount"
  ALIBABA_CLOUD_ACCESS_KEY_ID=$DEMO_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$DEMO_KEY_SECRET \
  ALIBABA_CLOUD_ECS_METADATA_DISABLED=true NO_PROXY=127.0.0.1,localhost \
    start_bg operator "$STATE/operator.log" java -jar "$JAR" run \
      --kubeconfig "$STATE/cluster/operator.kubeconfig" --ecs-endpoint "127.0.0.1:$port" \
      --poll-interval 1s --settle-window 10s --metrics-port 0 --health-port 0
  wait_for_log "$STATE/operator.log" "ecs-reboot-operator running" 60

  say "a Deployment of 6 pods with a PodDisruptionBudget (minAvailable 5), spread over the nodes"
  k create namespace "$APP_NS" >/dev/null
  k apply -n "$APP_NS" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: web, image: registry.example/web:1}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 5
  selector: {matchLabels: {app: web}}
YAML
  k rollout status -n "$APP_NS" deployment/web --timeout=120s >/dev/null
  k get pods -n "$APP_NS" -o wide

  local node; node=$(k get pods -n "$APP_NS" -l app=web -o jsonpath='{.items[0].spec.nodeName}')
  say "rebooting node $node: kubectl create -n $ADMIN_NS (a RebootRequest with spec.nodeName)"
  local t0; t0=$(now)
  k create -n "$ADMIN_NS" -f - <<YAML
apiVersion: ecsreboot.io/v1alpha1
kind: RebootRequest
metadata: {name: reboot-node-demo}
spec: {nodeName: $node, reason: "demo: kernel patch"}
YAML

  say "following it: the request, the node, the web pods"
  local last="" line phase drained="" deadline=$((SECONDS + 300))
  while ((SECONDS < deadline)); do
    phase=$(k get rbr reboot-node-demo -n "$ADMIN_NS" -o jsonpath='{.status.phase}' 2>/dev/null || true)
    line="$(k get rbr reboot-node-demo -n "$ADMIN_NS" -o jsonpath='phase={.status.phase} drain={.status.drain}' 2>/dev/null)
$(k get node "$node" --no-headers 2>/dev/null)
web pods on $node: $(k get pods -n "$APP_NS" -l app=web --field-selector spec.nodeName="$node" --no-headers 2>/dev/null | wc -l), Ready web pods: $(k get pods -n "$APP_NS" -l app=web --no-headers 2>/dev/null | grep -c ' 1/1 ')"
    if [[ $line != "$last" ]]; then printf '\n[%5.1fs] %s\n' "$(echo "$(now) - $t0" | bc)" "$line"; last=$line; fi
    if [[ -z $drained && $phase != Pending && $phase != Draining && -n $phase ]]; then drained=$(now); fi
    [[ $phase == Succeeded || $phase == Failed ]] && break
    sleep 0.5
  done
  local t1; t1=$(now)

  say "done"
  k get rbr -n "$ADMIN_NS" -o wide
  k describe rbr reboot-node-demo -n "$ADMIN_NS" | sed -n '/Events:/,$p'
  printf 'drain (create -> reboot issued): %.1f s; whole reboot (create -> %s): %.1f s\n' \
    "$(echo "${drained:-$t1} - $t0" | bc)" "$phase" "$(echo "$t1 - $t0" | bc)"
  cat <<MSG
  export KUBECONFIG=$STATE/cluster/admin.kubeconfig
  logs: $STATE/operator.log, $STATE/emulator.log
Stop it with: hack/demo-nodes.sh down
MSG
}

down() {
  stop_bg operator
  stop_bg emulator
  hack/control-plane.sh stop "$STATE/cluster" >/dev/null 2>&1 || true
  echo "node demo stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
