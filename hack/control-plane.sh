#!/usr/bin/env bash
# Builds and runs a real Kubernetes control plane (etcd + kube-apiserver, plus kubectl) on loopback,
# for end-to-end tests and demos. No registry we can reach ships kube-apiserver, so it is compiled from
# the Go module proxy; the binaries are cached in the layout fabric8 kube-api-test reads.
#
#   hack/control-plane.sh build         build (or reuse) etcd, kube-apiserver, kubectl, kube-controller-manager,
#                                       kube-scheduler
#   hack/control-plane.sh start DIR [--controllers]
#                                       start etcd + kube-apiserver with state in DIR, print kubeconfig paths;
#                                       with --controllers (or CONTROL_PLANE_CONTROLLERS=1) also
#                                       kube-controller-manager and kube-scheduler (the cluster test world)
#   hack/control-plane.sh stop DIR      stop what start started (idempotent)
#   hack/control-plane.sh restart-apiserver DIR   stop kube-apiserver and start it again (etcd keeps the state)
#   hack/control-plane.sh kubectl-path  print the path of the built kubectl
#   hack/control-plane.sh bin-dir       print the binaries directory
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.35.4}"   # pinned; must be served by the Go proxy and build with the local Go
K8S_VERSION="${K8S_VERSION#v}"
KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
case "$(uname -m)" in x86_64) ARCH=amd64 ;; aarch64 | arm64) ARCH=arm64 ;; *) ARCH="$(uname -m)" ;; esac
# fabric8 kube-api-test looks for <dir>/k8s/<version>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
BIN_DIR="$KUBE_API_TEST_DIR/k8s/${K8S_VERSION}-linux-${ARCH}"
WORK_DIR="${CONTROL_PLANE_WORK_DIR:-$HOME/.cache/ecs-reboot-control-plane/$K8S_VERSION}"
BINARIES=(etcd kube-apiserver kubectl kube-controller-manager kube-scheduler)
# Stopped in this order: clients of the API server first, etcd last.
COMPONENTS=(kube-scheduler kube-controller-manager kube-apiserver etcd)
WITH_CONTROLLERS="${CONTROL_PLANE_CONTROLLERS:-0}"
OPERATOR_NS=ecs-reboot-system
OPERATOR_SA=ecs-reboot-operator
READY_TIMEOUT="${CONTROL_PLANE_READY_TIMEOUT:-120}"
# The controllers a cluster without kubelets needs for Deployments, PodDisruptionBudgets and evictions
# (shared/notes/control-plane.md; 1.35 knows three of them only by these full names). Not
# taint-eviction-controller: pods stay on a rebooting (NotReady) node, as on a real one for the default
# 5 minute toleration.
CONTROLLERS="deployment-controller,replicaset-controller,disruption-controller,garbage-collector-controller,namespace-controller,daemonset-controller,pod-garbage-collector-controller,node-lifecycle-controller"
# How long a node's Lease may lag before node-lifecycle marks it Unknown (Kubernetes default 50s).
NODE_MONITOR_GRACE_PERIOD="${CONTROL_PLANE_NODE_MONITOR_GRACE_PERIOD:-50s}"

log() { echo "[control-plane] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

have_binaries() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "$BIN_DIR/$b" ]] || return 1; done
}

# Writes the throw-away wrapper module. k8s.io/kubernetes requires its staging modules at v0.0.0 and
# replaces them with ./staging paths that its module zip lacks, and a dependency's replaces are ignored,
# so every staging module is replaced here by its published k8s.io/<name> v0.<minor>.<patch>.
write_wrapper_module() {
  local kmod="$1" staging="v0.${K8S_VERSION#*.}" go_version etcd_version
  go_version="$(awk '$1 == "go" { print $2; exit }' "$kmod")"
  etcd_version="$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$kmod")"
  [[ -n "$etcd_version" ]] || die "no go.etcd.io/etcd/server/v3 pin in $kmod"
  {
    echo "module local/control-plane-build"
    echo "go $go_version"
    grep '^godebug ' "$kmod" || true   # same GODEBUG defaults as the official build
    echo "require ("
    echo "	k8s.io/kubernetes v$K8S_VERSION"
    echo "	go.etcd.io/etcd/server/v3 $etcd_version   // the etcd that this Kubernetes pins"
    echo ")"
    echo "replace ("
    sed -n "s#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/.*#	\1 => \1 $staging#p" "$kmod"
    echo ")"
  } >go.mod
  rm -f go.sum
  log "wrapper module: k8s.io/kubernetes v$K8S_VERSION, etcd $etcd_version," \
    "$(grep -c ' => k8s.io/' go.mod) staging replaces, go $go_version"
}

build() {
  if have_binaries; then log "binaries present in $BIN_DIR"; return 0; fi
  command -v go >/dev/null || die "go is required to build the control plane binaries"
  mkdir -p "$WORK_DIR"
  # Two builds at once would race on the work dir. A subshell, so that neither the lock fd nor the
  # cd/exports leak into etcd and kube-apiserver started afterwards.
  (
    flock 9
    if have_binaries; then log "binaries present in $BIN_DIR"; else compile; fi
  ) 9>"$WORK_DIR/.lock"
}

compile() {
  cd "$WORK_DIR"
  # local toolchain only (no toolchain download), no go.work, static binaries, go.mod may be updated
  export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
  log "$(go version); work dir $WORK_DIR"
  printf 'module local/control-plane-build\n' >go.mod
  log "downloading k8s.io/kubernetes@v$K8S_VERSION..."
  local kmod
  kmod="$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')"
  [[ -f "$kmod" ]] || die "could not download k8s.io/kubernetes@v$K8S_VERSION from the Go module proxy"
  write_wrapper_module "$kmod"
  local pkgs=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl go.etcd.io/etcd/server/v3
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler)
  log "downloading modules (about 1 GB of module cache on a cold machine)..."
  go list -deps "${pkgs[@]}" >/dev/null
  # Without these -X flags /version and `kubectl version` report v0.0.0-master.
  local minor="${K8S_VERSION#*.}" ldflags="-s -w" p
  minor="${minor%%.*}"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  rm -rf out && mkdir out
  log "building kube-apiserver, kubectl, kube-controller-manager, kube-scheduler (cold: ~7 min on 2 idle cores)..."
  go build -trimpath -ldflags "$ldflags" -o out/ "${pkgs[0]}" "${pkgs[1]}" "${pkgs[3]}" "${pkgs[4]}"
  log "building etcd..."
  go build -trimpath -ldflags "-s -w" -o out/etcd "${pkgs[2]}"   # would be named "server" otherwise
  # Publish under a name fabric8 ignores, then rename, so a half-copied dir is never picked up.
  mkdir -p "$(dirname "$BIN_DIR")"
  rm -rf "$BIN_DIR.partial" && cp -r out "$BIN_DIR.partial"
  if [[ -d "$BIN_DIR" ]]; then cp -f "$BIN_DIR.partial"/* "$BIN_DIR"/ && rm -rf "$BIN_DIR.partial"
  else mv "$BIN_DIR.partial" "$BIN_DIR"; fi
  have_binaries || die "build finished but binaries are missing in $BIN_DIR"
  log "built: $BIN_DIR"
}

# Prints N (default 3) distinct free loopback TCP ports (all sockets held at once so none repeats).
free_ports() {
  local n="${1:-3}"
  if command -v python3 >/dev/null; then
    python3 -c 'import socket, sys
s=[socket.socket() for _ in range(int(sys.argv[1]))]
[x.bind(("127.0.0.1", 0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))' "$n"
  else   # fallback: random ports where nothing answers a connect
    local ports=() p
    while ((${#ports[@]} < n)); do
      p=$((20000 + RANDOM % 12000))
      [[ " ${ports[*]} " == *" $p "* ]] && continue
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || ports+=("$p")
    done
    echo "${ports[*]}"
  fi
}

# Creates a CA, the serving certificate for 127.0.0.1 and the service-account key pair (once per DIR).
make_pki() {
  local pki="$1"
  [[ -f "$pki/sa.pub" ]] && return 0
  mkdir -p "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=control-plane-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$pki/apiserver.ext"
  openssl x509 -req -days 3650 -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -CAcreateserial -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
}

write_kubeconfig() {   # file server user token namespace
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: $2
    certificate-authority-data: $(base64 -w0 "$STATE/pki/ca.crt")
users:
- name: $3
  user:
    token: $4
contexts:
- name: $3
  context: {cluster: local, user: $3, namespace: $5}
current-context: $3
EOF
  chmod 600 "$1"
}

is_running() {   # name: true when DIR/name.pid names a live process of that binary
  local pid cmd   # the command line is checked too, so a recycled pid is never taken for ours
  pid="$(cat "$STATE/$1.pid" 2>/dev/null)" && [[ -n "$pid" ]] || return 1
  cmd="$( (tr '\0' ' ' <"/proc/$pid/cmdline") 2>/dev/null)" || return 1
  [[ "$cmd" == *"/$1 "* ]]
}

launch() {   # name args...: runs a built binary in the background, logging to DIR/name.log
  local name="$1"; shift
  nohup "$BIN_DIR/$name" "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

fail_start() {
  log "ERROR: $1; last lines of $STATE/$2.log:"
  tail -n 30 "$STATE/$2.log" >&2 || true
  stop
  exit 1
}

launch_apiserver() {
  local args=()
  mapfile -t args <"$STATE/kube-apiserver.args"
  launch kube-apiserver "${args[@]}"
}

await_ready() {   # started (SECONDS)
  log "waiting for /readyz (timeout ${READY_TIMEOUT}s)..."
  until [[ "$("$BIN_DIR/kubectl" --kubeconfig="$STATE/admin.kubeconfig" get --raw=/readyz 2>/dev/null)" == ok ]]; do
    is_running etcd || fail_start "etcd exited" etcd
    is_running kube-apiserver || fail_start "kube-apiserver exited" kube-apiserver
    ((SECONDS - $1 < READY_TIMEOUT)) || fail_start "kube-apiserver not ready after ${READY_TIMEOUT}s" kube-apiserver
    sleep 1
  done
}

stop_one() {   # name: SIGTERM, then SIGKILL after 15 s
  local name="$1" pid i
  if is_running "$name"; then
    pid="$(cat "$STATE/$name.pid")"
    log "stopping $name (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do is_running "$name" || break; sleep 0.1; done
    if is_running "$name"; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$STATE/$name.pid"
}

# Stops kube-apiserver and starts it again with the same flags; etcd and so the cluster's state stay.
restart_apiserver() {
  [[ -f "$STATE/kube-apiserver.args" ]] || die "nothing started in $STATE"
  is_running etcd || die "etcd is not running in $STATE"
  local started=$SECONDS
  stop_one kube-apiserver
  launch_apiserver
  await_ready "$started"
  log "kube-apiserver restarted in $((SECONDS - started))s"
}

start() {
  build
  mkdir -p "$STATE"
  local name
  for name in "${COMPONENTS[@]}"; do
    if is_running "$name"; then die "already running in $STATE (run stop first)"; fi
  done
  local started=$SECONDS etcd_port peer_port api_port kcm_port sched_port admin_token operator_token url
  read -r etcd_port peer_port api_port kcm_port sched_port < <(free_ports 5)
  make_pki "$STATE/pki"
  if [[ ! -f "$STATE/tokens.csv" ]]; then
    admin_token="$(openssl rand -hex 24)"; operator_token="$(openssl rand -hex 24)"
    # Same identity and groups as the operator's ServiceAccount token, so RBAC applies exactly as in-cluster.
    { echo "$admin_token,admin,admin,\"system:masters\""
      echo "$operator_token,system:serviceaccount:$OPERATOR_NS:$OPERATOR_SA,operator-sa-uid,\"system:serviceaccounts,system:serviceaccounts:$OPERATOR_NS,system:authenticated\""
    } >"$STATE/tokens.csv"
    chmod 600 "$STATE/tokens.csv"
  fi
  admin_token="$(sed -n 1p "$STATE/tokens.csv" | cut -d, -f1)"
  operator_token="$(sed -n 2p "$STATE/tokens.csv" | cut -d, -f1)"
  # Every start is a fresh cluster: ports change, and an old etcd member would remember its old peer URL.
  rm -rf "$STATE/etcd"
  log "starting etcd on 127.0.0.1:$etcd_port"
  launch etcd --name=control-plane --data-dir="$STATE/etcd" --unsafe-no-fsync \
    --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
    --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
    --initial-cluster="control-plane=http://127.0.0.1:$peer_port"
  url="https://127.0.0.1:$api_port"
  log "starting kube-apiserver on $url"
  # Kept in DIR so that restart-apiserver starts it again exactly so (same port, same etcd).
  printf '%s\n' --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
    --cert-dir="$STATE/pki" --tls-cert-file="$STATE/pki/apiserver.crt" --tls-private-key-file="$STATE/pki/apiserver.key" \
    --service-cluster-ip-range=10.0.0.0/24 --service-account-issuer="$url" \
    --service-account-key-file="$STATE/pki/sa.pub" --service-account-signing-key-file="$STATE/pki/sa.key" \
    --authorization-mode=RBAC --token-auth-file="$STATE/tokens.csv" \
    --disable-admission-plugins=ServiceAccount --allow-privileged=true \
    --endpoint-reconciler-type=none \
    >"$STATE/kube-apiserver.args"   # endpoint-reconciler none: a loopback advertise address is rejected
  launch_apiserver
  write_kubeconfig "$STATE/admin.kubeconfig" "$url" admin "$admin_token" default
  write_kubeconfig "$STATE/operator.kubeconfig" "$url" "$OPERATOR_SA" "$operator_token" "$OPERATOR_NS"
  printf 'API_SERVER_URL=%s\nADMIN_TOKEN=%s\nOPERATOR_TOKEN=%s\nETCD_URL=http://127.0.0.1:%s\n' \
    "$url" "$admin_token" "$operator_token" "$etcd_port" >"$STATE/control-plane.env"
  await_ready "$started"
  log "ready in $((SECONDS - started))s: $url"
  if [[ "$WITH_CONTROLLERS" == 1 ]]; then start_controllers "$kcm_port" "$sched_port"; fi
  echo "$STATE/admin.kubeconfig"
  echo "$STATE/operator.kubeconfig"
}

# kube-controller-manager and kube-scheduler as the cluster admin, loopback only, no leader election
# (one of each per cluster). Without a client CA on the API server, no --authentication-kubeconfig or
# --authorization-kubeconfig: /healthz is always allowed, and those flags would log errors forever.
start_controllers() {
  local kcm_port="$1" sched_port="$2" started=$SECONDS
  log "starting kube-controller-manager (controllers $CONTROLLERS) on 127.0.0.1:$kcm_port"
  launch kube-controller-manager --kubeconfig="$STATE/admin.kubeconfig" --controllers="$CONTROLLERS" \
    --leader-elect=false --use-service-account-credentials=false \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --cert-dir="$STATE/pki/controller-manager" \
    --node-monitor-grace-period="$NODE_MONITOR_GRACE_PERIOD"
  log "starting kube-scheduler on 127.0.0.1:$sched_port"
  launch kube-scheduler --kubeconfig="$STATE/admin.kubeconfig" --leader-elect=false \
    --bind-address=127.0.0.1 --secure-port="$sched_port" --cert-dir="$STATE/pki/scheduler"
  wait_healthy kube-controller-manager "$kcm_port" "$started"
  wait_healthy kube-scheduler "$sched_port" "$started"
  log "controllers healthy in $((SECONDS - started))s"
}

wait_healthy() {   # name port started
  until [[ "$(curl -sk --max-time 2 "https://127.0.0.1:$2/healthz" 2>/dev/null)" == ok ]]; do
    is_running "$1" || fail_start "$1 exited" "$1"
    ((SECONDS - $3 < READY_TIMEOUT)) || fail_start "$1 not healthy after ${READY_TIMEOUT}s" "$1"
    sleep 0.5
  done
}

stop() {
  local name
  for name in "${COMPONENTS[@]}"; do   # apiserver before etcd, so it does not log etcd errors while stopping
    stop_one "$name"
  done
}

state_dir() {
  [[ -n "${1:-}" ]] || die "usage: $0 $2 DIR"
  mkdir -p "$1"
  STATE="$(cd "$1" && pwd)"
}

case "${1:-}" in
  build) build ;;
  start)
    state_dir "${2:-}" start
    case "${3:-}" in
      --controllers) WITH_CONTROLLERS=1 ;;
      "") ;;
      *) die "unknown option ${3}: usage: $0 start DIR [--controllers]" ;;
    esac
    start ;;
  stop) state_dir "${2:-}" stop; stop ;;
  restart-apiserver) state_dir "${2:-}" restart-apiserver; restart_apiserver ;;
  kubectl-path) echo "$BIN_DIR/kubectl" ;;
  bin-dir) echo "$BIN_DIR" ;;
  *) echo "usage: $0 {build|start DIR [--controllers]|stop DIR|restart-apiserver DIR|kubectl-path|bin-dir}" >&2; exit 2 ;;
esac
