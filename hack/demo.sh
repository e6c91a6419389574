#!/usr/bin/env bash
# make demo: a real cluster (etcd, kube-apiserver, kube-controller-manager, kube-scheduler), the ECS
# emulator playing three nodes' kubelets, and the operator on this machine; then the stories, one
# after the other. State lives in .demo/.
#
#   hack/demo.sh up      build what is missing, start everything, tell the stories
#   hack/demo.sh down    stop everything the demo started
#
# The stories (DEMO_STORIES, default "instances nodes rollout"; each a function story_<name> below):
#   instances  examples/ applied, their RebootRequests followed until they finish
#   nodes      a Deployment with a PodDisruptionBudget over the three nodes, one node rebooted:
#              cordon, pods moving, the reboot, the node back with a new bootID, uncordoned
#   rollout    a RebootRollout over the three nodes, maxUnavailable 1: one node at a time
# A new story is one more function and one more word in the list.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="$PWD/.demo"
JAR=target/ecs-reboot-operator.jar
NS=demo                      # the instance story's requests
ADMIN_NS=ecs-reboot-system   # the operator's own namespace: node requests need no RebootPolicy here
APP_NS=shop                  # the node story's workload
DEMO_STORIES="${DEMO_STORIES:-instances nodes rollout}"
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

now() { date +%s.%N; }

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
  local status=0 story
  if [[ -f $STATE/operator.pid ]]; then down; fi
  mkdir -p "$STATE"
  if [[ ! -f $JAR ]]; then say "building the operator jar"; mvn -B -q -ntp package -DskipTests; fi
  say "starting etcd, kube-apiserver, kube-controller-manager and kube-scheduler (the first run compiles them: about 10 minutes)"
  hack/control-plane.sh start "$STATE/cluster" --controllers >/dev/null
  KUBECTL=$(hack/control-plane.sh kubectl-path)
  k() { "$KUBECTL" --kubeconfig "$STATE/cluster/admin.kubeconfig" "$@"; }

  say "installing the CRD and the operator's ServiceAccount and RBAC (kubectl apply -k deploy/)"
  k apply -k deploy/ >/dev/null
  # The operator runs here as a local process. Its Deployment would only put stand-in pods on the
  # simulated nodes (nothing runs their image), which a node drain would then wait for.
  k scale deployment ecs-reboot-operator -n "$ADMIN_NS" --replicas=0 >/dev/null
  k create namespace "$NS" >/dev/null
  say "granting namespace $NS the seed's instances: a RebootPolicy (examples/policy-demo.yaml)"
  k wait --for=condition=Established crd/rebootpolicies.ecsreboot.io --timeout=60s >/dev/null
  k apply -f examples/policy-demo.yaml >/dev/null
  k get rebootpolicy demo -o yaml | sed -n '/^spec:/,$p'
  # The admission policy refuses forceStop (examples/force-reboot.yaml) in unlabelled namespaces.
  k label namespace "$NS" ecsreboot.io/node-reboots=allowed >/dev/null

  local port; port=$(free_port)
  say "starting the ECS emulator on 127.0.0.1:$port (a reboot takes 3 s stopping + 5 s starting); it registers three nodes and plays their kubelets"
  start_bg emulator "$STATE/emulator.log" java -jar "$JAR" emulator --port "$port" \
    --seed examples/emulator-seed.yaml --stopping-seconds 3 --starting-seconds 5 \
    --kubeconfig "$STATE/cluster/admin.kubeconfig"
  wait_for_log "$STATE/emulator.log" "listening" 60
  echo "$port" >"$STATE/emulator.port"
  k wait --for=condition=Ready node --all --timeout=120s >/dev/null
  k get nodes -o wide

  say "starting the operator as its ServiceAccount"
  ALIBABA_CLOUD_ACCESS_KEY_ID=$DEMO_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$DEMO_KEY_SECRET \
  ALIBABA_CLOUD_ECS_METADATA_DISABLED=true NO_PROXY=127.0.0.1,localhost \
    start_bg operator "$STATE/operator.log" java -jar "$JAR" run \
      --kubeconfig "$STATE/cluster/operator.kubeconfig" --ecs-endpoint "127.0.0.1:$port" \
      --poll-interval 1s --settle-window 10s --metrics-port 0 --health-port 0
  wait_for_log "$STATE/operator.log" "ecs-reboot-operator running" 60

  for story in $DEMO_STORIES; do
    "story_$story" || status=$?
  done
  say "what to try next"
  cat <<MSG
  export KUBECONFIG=$STATE/cluster/admin.kubeconfig PATH=$PWD/hack:\$PATH   # PATH: the kubectl ecsreboot plugin
  $KUBECTL ecsreboot reboot instance i-bp67acfmxazb4ph00001 -n $NS --reason "try it" --wait
  $KUBECTL ecsreboot status reboot-locked-5 -n $NS     # a refused reboot, with its Events
  $KUBECTL get rbr -A -o wide
  $KUBECTL describe rbr reboot-locked-5 -n $NS        # a refused reboot: conditions and Events
  $KUBECTL get rbr reboot-web-1 -n $NS -o yaml         # the whole status
  $KUBECTL create -n $NS -f - <<<'{"apiVersion":"ecsreboot.io/v1alpha1","kind":"RebootRequest","metadata":{"generateName":"again-"},"spec":{"instanceId":"i-bp67acfmxazb4ph00001"}}'
  $KUBECTL get nodes; $KUBECTL get pods -n $APP_NS -o wide
  $KUBECTL create -n $ADMIN_NS -f - <<<'{"apiVersion":"ecsreboot.io/v1alpha1","kind":"RebootRequest","metadata":{"generateName":"node-"},"spec":{"nodeName":"cn-hangzhou.192.168.0.13"}}'
  curl -s 'localhost:$port/_emulator/calls?action=RebootInstance'   # what ECS received
  logs: $STATE/operator.log, $STATE/emulator.log

Stop it with: make demo-down
MSG
  return "$status"
}

# Instance reboots: every example of examples/ (a reboot, a forced one, a dry run, a locked
# instance, ...) applied in $NS and followed until it finishes.
story_instances() {
  local status=0
  say "instances: applying examples/ in namespace $NS"
  for f in examples/*.yaml; do
    # The seed is the emulator's, policies are cluster-scoped, the rollout is the rollout story's.
    [[ $f == examples/emulator-seed.yaml || $f == examples/policy* || $f == examples/rollout.yaml ]] && continue
    k apply -n "$NS" -f "$f"
  done
  follow "${DEMO_FOLLOW_SECONDS:-300}" || status=$?
  say "the requests now"
  k get rbr -n "$NS" -o wide
  return "$status"
}

# A node reboot: a Deployment of 6 pods with a PodDisruptionBudget (minAvailable 5) spread over the
# three nodes, a RebootRequest for the node holding a web pod, followed until it finishes. Prints
# how long the drain and the whole reboot took.
story_nodes() {
  say "nodes: a Deployment of 6 pods with a PodDisruptionBudget (minAvailable 5), spread over the nodes"
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
  say "nodes: rebooting node $node: kubectl create -n $ADMIN_NS (a RebootRequest with spec.nodeName)"
  local t0; t0=$(now)
  k create -n "$ADMIN_NS" -f - <<YAML
apiVersion: ecsreboot.io/v1alpha1
kind: RebootRequest
metadata: {name: reboot-node-demo}
spec: {nodeName: $node, reason: "demo: kernel patch"}
YAML

  say "nodes: following it: the request, the node, the web pods"
  local last="" line phase="" drained="" deadline=$((SECONDS + 300))
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

  say "nodes: done"
  k get rbr -n "$ADMIN_NS" -o wide
  k describe rbr reboot-node-demo -n "$ADMIN_NS" | sed -n '/Events:/,$p'
  printf 'drain (create -> reboot issued): %.1f s; whole node reboot (create -> %s): %.1f s\n' \
    "$(echo "${drained:-$t1} - $t0" | bc)" "$phase" "$(echo "$t1 - $t0" | bc)"
  [[ $phase == Succeeded ]]
}

# A fleet: a RebootRollout over every node of pool web (all three), maxUnavailable 1, followed until
# it completes: one node cordoned, drained, rebooted and back at a time. A node the node story just
# rebooted waits until its StartTime minute has passed (the exactly-once rule), so this takes a
# minute or two.
story_rollout() {
  local name=demo-fleet
  say "rollout: a RebootRollout over every node of pool web, one at a time (kubectl apply -n $ADMIN_NS)"
  k apply -n "$ADMIN_NS" -f - <<YAML
apiVersion: ecsreboot.io/v1alpha1
kind: RebootRollout
metadata: {name: $name}
spec:
  nodeSelector: {matchLabels: {node-pool: web}}
  maxUnavailable: 1
  template:
    reason: "demo: kernel patch of the web pool"
    drain: {timeoutSeconds: 300}
YAML
  local start=$SECONDS last="" line table cordoned phase=""
  while ((SECONDS - start < 900)); do
    table=$(k get rbro -n "$ADMIN_NS" "$name" --no-headers 2>/dev/null || true)
    cordoned=$(k get nodes -l node-pool=web -o jsonpath='{range .items[?(@.spec.unschedulable==true)]}{.metadata.name} {end}')
    line="$table | cordoned: ${cordoned:-none}"
    [[ $line != "$last" ]] && printf '%4ss  %s\n' $((SECONDS - start)) "$line" && last=$line
    phase=$(k get rbro -n "$ADMIN_NS" "$name" -o jsonpath='{.status.phase}' 2>/dev/null || true)
    [[ $phase == Succeeded || $phase == Failed ]] && break
    sleep 1
  done
  say "rollout: the rollout and its children"
  k get rbro -n "$ADMIN_NS" "$name"
  k get rbr -n "$ADMIN_NS" -l "ecsreboot.io/rollout=$name"
  k get events -n "$ADMIN_NS" --field-selector "involvedObject.name=$name"
  echo "rollout $phase in $((SECONDS - start)) s"
  [[ $phase == Succeeded ]]
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
