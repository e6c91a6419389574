#!/usr/bin/env bash
# Builds the Java 17 base image for Jib from Debian packages, without a Docker daemon or a registry,
# and prints the path of the result: a `docker save` archive that Jib reads as `tar:///path`.
#
#   hack/base-image.sh            # reuse the cached archive when there is one
#   hack/base-image.sh --rebuild  # build again (for security updates of the Debian packages)
#
# Why from Debian packages: this machine (and CI) reach Debian's archive and Maven Central but no
# container registry, so eclipse-temurin & co. cannot be pulled. The cache key is a hash of this
# script, so any change to the package list or the recipe builds a new archive.
set -euo pipefail

SUITE=${BASE_SUITE:-bookworm}
MIRROR=${BASE_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${BASE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
CACHE_DIR=${ECSREBOOT_CACHE:-$HOME/.cache/ecs-reboot-operator}
PACKAGES=openjdk-17-jre-headless,ca-certificates,tzdata
NONROOT_UID=65532 # the distroless "nonroot" uid; the Deployment's runAsUser matches it

key=$(sha256sum "$0" | cut -c1-12)
out="$CACHE_DIR/base-jre17-$SUITE-$key.tar"
if [[ -s "$out" && "${1:-}" != "--rebuild" ]]; then
  echo "$out"
  exit 0
fi

if ! command -v mmdebstrap >/dev/null; then
  echo "base-image: installing mmdebstrap" >&2
  [[ $(id -u) == 0 ]] || { echo "base-image: mmdebstrap is missing and installing it needs root" >&2; exit 1; }
  # A fresh machine may have no package lists yet: update once when the first try fails.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >&2; }
fi

mkdir -p "$CACHE_DIR"
work=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Fixed timestamps make rebuilds of the same package versions byte-identical.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

# minbase + the JRE. Docs, man pages and locales are never read in a container: the dpkg
# path-excludes keep them out (update-alternatives still wants the man1 directory, hence the
# essential hook), and the customize hooks add the non-root user and drop apt's lists and caches.
# Root mode needs root; without it mmdebstrap picks unshare mode (needs user namespaces).
mode=auto
[[ $(id -u) == 0 ]] && mode=root
mmdebstrap --mode="$mode" --variant=minbase --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook="echo 'nonroot:x:$NONROOT_UID:$NONROOT_UID:nonroot:/home/nonroot:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
  --customize-hook="echo 'nonroot:x:$NONROOT_UID:' >> \"\$1/etc/group\"" \
  --customize-hook="install -d -o $NONROOT_UID -g $NONROOT_UID \"\$1/home/nonroot\"" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  "$SUITE" "$work/layer.tar" \
  "deb $MIRROR $SUITE main" \
  "deb $MIRROR $SUITE-updates main" \
  "deb $SECURITY_MIRROR $SUITE-security main" >"$work/mmdebstrap.log" 2>&1 ||
  { tail -40 "$work/mmdebstrap.log" >&2; echo "base-image: mmdebstrap failed" >&2; exit 1; }

# A docker-save archive: one uncompressed layer, an image config whose diff_id is the layer's
# sha256, and manifest.json pointing at both.
layer_sha=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mkdir "$work/img"
mv "$work/layer.tar" "$work/img/$layer_sha.tar"
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
cat >"$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
   "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64","LANG=C.UTF-8"],
   "User":"$NONROOT_UID:$NONROOT_UID","WorkingDir":"/home/nonroot"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},
 "history":[{"created":"$created","created_by":"hack/base-image.sh: mmdebstrap $SUITE minbase + $PACKAGES"}]}
EOF
config_sha=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/img/$config_sha.json"
printf '[{"Config":"%s.json","RepoTags":["ecs-reboot-base:jre17-%s"],"Layers":["%s.tar"]}]\n' \
  "$config_sha" "$SUITE" "$layer_sha" >"$work/img/manifest.json"
tar -C "$work/img" --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 -cf "$work/base.tar" \
  manifest.json "$config_sha.json" "$layer_sha.tar"
mv "$work/base.tar" "$out"
echo "$out"
