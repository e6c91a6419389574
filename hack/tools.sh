#!/usr/bin/env bash
# Builds the admin tools the tests run for real, helm (the chart) and promtool (the alerting rules),
# from the Go module proxy, and caches them under $HOME like hack/control-plane.sh caches the
# control plane. Neither ships in a registry reachable here as a binary.
#
#   hack/tools.sh build            build (or reuse) helm and promtool
#   hack/tools.sh path helm|promtool   print the path of one (building it first when missing)
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v4.3.2}"            # helm.sh/helm/v4; charts stay apiVersion v2 (helm 3 reads them)
PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-v0.316.0}"   # the Go module version of Prometheus 3.16.0
TOOLS_DIR="${ECSREBOOT_TOOLS_DIR:-$HOME/.cache/ecs-reboot-tools}"

log() { echo "[tools] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bin_path() {   # name -> cached binary, versioned so a pin change rebuilds
  case "$1" in
    helm) echo "$TOOLS_DIR/helm-$HELM_VERSION/helm" ;;
    promtool) echo "$TOOLS_DIR/promtool-$PROMETHEUS_VERSION-nosd/promtool" ;;
    *) die "unknown tool $1 (helm|promtool)" ;;
  esac
}

# go install of a main package at a version: both modules have no replace directives, so no wrapper
# module is needed (unlike kube-apiserver). -X flags make `helm version` and `promtool --version` honest.
compile() {
  local name="$1" out pkg ldflags="-s -w" tags=""
  out="$(bin_path "$name")"
  case "$name" in
    helm)
      pkg="helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
      ldflags+=" -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" ;;
    promtool)
      pkg="github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION"
      ldflags+=" -X github.com/prometheus/common/version.Version=3.${PROMETHEUS_VERSION#v0.}"
      # The rule tests need no service discovery; without its cloud clients the build is far smaller.
      tags="remove_all_sd" ;;
  esac
  log "building $name ($pkg; cold: several minutes on 2 cores)..."
  local started=$SECONDS tmp="$out.partial.d"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # local toolchain only, no go.work, static binary; GOBIN into a scratch dir, renamed when complete
  GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-buildvcs=false" GOBIN="$tmp" \
    go install -trimpath -tags "$tags" -ldflags "$ldflags" "$pkg"
  mv -f "$tmp/$name" "$out" && rm -rf "$tmp"
  log "built $out in $((SECONDS - started))s"
}

ensure() {
  local name="$1" out
  out="$(bin_path "$name")"
  [[ -x "$out" ]] && return 0
  command -v go >/dev/null || die "go is required to build $name"
  mkdir -p "$(dirname "$out")"
  # Several test JVMs or helpers may ask at once: one builds, the others wait for it.
  (
    flock 9
    [[ -x "$out" ]] || compile "$name"
  ) 9>"$(dirname "$out")/.lock"
}

case "${1:-}" in
  build) ensure helm; ensure promtool ;;
  path) [[ -n "${2:-}" ]] || die "usage: $0 path helm|promtool"; ensure "$2"; bin_path "$2" ;;
  *) echo "usage: $0 {build|path helm|path promtool}" >&2; exit 2 ;;
esac
