#!/usr/bin/env bash
# The fleet story (issue 12), run on the world `make demo-nodes` left running: a RebootRollout over
# the demo nodes (node-pool=web) with maxUnavailable 1, followed until it completes: one node
# cordoned, drained, rebooted and back at a time. Prints the rollout's table as it moves and how
# long it took.
#
#   hack/demo-rollout.sh        (after `make demo-nodes`; `make demo-nodes-down` stops everything)
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="$PWD/.demo-nodes"
ADMIN_NS=ecs-reboot-system   # node rollouts are honoured only in the operator's own namespace
NAME=demo-fleet-$(date +%H%M%S)

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
[[ -f $STATE/operator.pid && -f $STATE/cluster/admin.kubeconfig ]] \
  || { echo "no demo world running: run 'make demo-nodes' first" >&2; exit 1; }
KUBECTL=$(hack/control-plane.sh kubectl-path)
k() { "$KUBECTL" --kubeconfig "$STATE/cluster/admin.kubeconfig" "$@"; }

say "a RebootRollout over every node of pool web, one at a time"
k apply -n "$ADMIN_NS" -f - <<YAML
apiVersion: ecsreboot.io/v1alpha1
kind: RebootRollout
metadata:
  name: $NAME
spec:
  nodeSelector: {matchLabels: {node-pool: web}}
  maxUnavailable: 1
  template:
    reason: "demo: kernel patch of the web pool"
    drain: {timeoutSeconds: 300}
YAML

start=$(date +%s)
last=""
while :; do
  table=$(k get rbro -n "$ADMIN_NS" "$NAME" --no-headers 2>/dev/null || true)
  cordoned=$(k get nodes -l node-pool=web -o jsonpath='{range .items[?(@.spec.unschedulable==true)]}{.metadata.name} {end}')
  line="$table | cordoned: ${cordoned:-none}"
  [[ $line != "$last" ]] && printf '%4ss  %s\n' $(($(date +%s) - start)) "$line" && last=$line
  phase=$(k get rbro -n "$ADMIN_NS" "$NAME" -o jsonpath='{.status.phase}' 2>/dev/null || true)
  [[ $phase == Succeeded || $phase == Failed ]] && break
  (($(date +%s) - start > 900)) && { echo "gave up after 15 min" >&2; exit 1; }
  sleep 1
done

say "the rollout and its children"
k get rbro -n "$ADMIN_NS" "$NAME"
k get rbr -n "$ADMIN_NS" -l "ecsreboot.io/rollout=$NAME"
k get events -n "$ADMIN_NS" --field-selector "involvedObject.name=$NAME"
echo "rollout $phase in $(($(date +%s) - start)) s"
