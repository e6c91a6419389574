#!/usr/bin/env bash
# Smoke test of the image tar that `make image` writes, without a container runtime: unpack its
# layers into a root file system and run the image's own entrypoint there, as the image's user,
# with `version`. That proves the base (the JRE, its libraries), the layer order, the classpath
# file, the main class and the non-root user together.
#
#   hack/image-test.sh target/image/ecs-reboot-operator-image.tar
#
# chroot needs root (CI runs as root). Without root it falls back to the host's java on the image's
# classpath, which checks the application layers but not the base image: it says so.
set -euo pipefail

tar_file=${1:?usage: hack/image-test.sh IMAGE.tar}
[[ -s "$tar_file" ]] || { echo "image-test: $tar_file missing: run make image" >&2; exit 1; }
if ! command -v jq >/dev/null; then
  # A fresh machine may have no package lists yet: update once when the first try fails.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >&2; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$tar_file"
config="$work/$(jq -r '.[0].Config' "$work/manifest.json")"
rootfs="$work/rootfs"
mkdir "$rootfs"
# Layers in manifest order, each over the last. Neither the base nor Jib writes whiteout files,
# so a plain extraction is the image's file system.
# (Without root, device nodes cannot be made; the fallback below does not need them.)
skip_dev=()
[[ $(id -u) == 0 ]] || skip_dev=(--exclude='./dev/*' --exclude='dev/*')
for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
  tar --warning=no-unknown-keyword "${skip_dev[@]}" -C "$rootfs" -xf "$work/$layer"
done

user=$(jq -r '.config.User // ""' "$config")
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t env < <(jq -r '.config.Env[]' "$config")
[[ -n "$user" && "${user%%:*}" != 0 && "${user%%:*}" != root ]] ||
  { echo "image-test: FAIL image user is '$user', want non-root" >&2; exit 1; }

if [[ $(id -u) == 0 ]]; then
  # The java launcher finds its libraries through /proc/self/exe: mount a /proc, in a private
  # mount namespace so that nothing stays mounted whatever happens.
  out=$(unshare --mount --pid --fork --mount-proc="$rootfs/proc" \
    chroot --userspec="$user" "$rootfs" /usr/bin/env -i -C "$workdir" "${env[@]}" \
    "${entrypoint[@]}" version)
  how="chroot as $user"
else
  # The entrypoint's classpath file names /app/...; point it into the unpacked tree instead.
  cp=$(sed "s#/app/#$rootfs/app/#g" "$rootfs/app/jib-classpath-file")
  out=$(java -cp "$cp" "$(cat "$rootfs/app/jib-main-class-file")" version)
  how="host java (not root: the base image's JRE was NOT exercised)"
fi

echo "image-test: entrypoint: ${entrypoint[*]} version -> $out ($how)"
if [[ "$out" =~ ^ecs-reboot-operator\ [0-9] ]]; then
  echo "image-test: 1 passed, 0 failed"
else
  echo "image-test: FAIL want 'ecs-reboot-operator <version>'" >&2
  echo "image-test: 0 passed, 1 failed"
  exit 1
fi
