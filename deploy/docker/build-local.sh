#!/usr/bin/env bash
# Builds deploy/docker/Dockerfile with buildah on a machine that cannot pull from public container registries, and
# starts the image. tests/ServingFabric.Deploy.Tests (ContainerImageTests) runs it; an operator with registry access
# uses docker/buildah build against the real base images instead (deploy/README.md, "The container image").
#
#   bash deploy/docker/build-local.sh build
#     1. A base image in place of mcr.microsoft.com/dotnet/runtime-deps:10.0: Debian bookworm from
#        `debootstrap --variant=minbase` with the packages of the runtime-deps image (ca-certificates, libc6, libgcc-s1,
#        libicu72, libssl3, libstdc++6, tzdata, zlib1g) and its user app (UID/GID 1654), without documentation, apt
#        lists or any shell, so the image is proven to need none. Built once, then cached (a tarball and the buildah
#        storage under the cache folder).
#     2. The silo published on this host with the publish command of the Dockerfile's sdk stage (the SDK image cannot
#        be pulled here), handed to the Dockerfile as the build context `silo-published` (SILO_SOURCE=host).
#     3. `buildah build` of the Dockerfile's runtime stage on that base: servingfabric/silo:latest in the cache's storage.
#        Prints the image's size and the build's time.
#
#   bash deploy/docker/build-local.sh inspect
#     The built image's configuration and labels as JSON (buildah inspect).
#
#   bash deploy/docker/build-local.sh run <models folder> [silo arguments...]
#     Starts the built image on the host network with a read-only root file system, a tmpfs on /tmp and
#     <models folder> on /models (made the silo user's, as Kubernetes' fsGroup does): with podman (runc, ulimits
#     within this machine's own, in the cache's containers.conf) when it can start a container here, else by chroot
#     into the image's mounted root file system (read-only bind, same mounts, the image's environment, entrypoint and
#     user); SF_IMAGE_RUNTIME=chroot skips podman. Its first line says which ran, then "starting", then the silo's own output. SIGTERM stops the silo
#     (the silo drains and exits) and cleans up.
#
# Needs root, buildah, debootstrap and podman/runc (Debian packages; tests/run.sh installs them) and the .NET SDK.
# Cache folder: $SF_IMAGE_CACHE, default deploy/docker/.cache (git ignores it); delete it to start cold.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${SF_IMAGE_CACHE:-$root/deploy/docker/.cache}
image=servingfabric/silo:latest
# Bump the recipe number when the base's recipe changes, so a cached base of the old recipe is not used.
base_recipe=1
base_image=localhost/servingfabric/runtime-deps-local:bookworm-$base_recipe
base_tar=$cache/runtime-deps-bookworm-$base_recipe.tar
debian_mirror=${SF_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The run root (locks, mount state; volatile) in /run under a short name: podman refuses a run root longer than 50
# characters, which a cache deep in a checkout easily is. One per cache folder.
runroot=${SF_IMAGE_RUNROOT:-/run/sf-image-$(printf '%s' "$cache" | md5sum | cut -c1-12)}
storage=(--root "$cache/storage" --runroot "$runroot" --storage-driver "${SF_IMAGE_STORAGE_DRIVER:-overlay}")
# The publish command of the Dockerfile's sdk stage, here with a host folder as its output.
publish=(dotnet publish silo/ServingFabric.Silo -c Release -r linux-x64 --self-contained true)

fail() { echo "build-local.sh: $*" >&2; exit 1; }

require() {
  [ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, buildah storage, chroot): run it as root or with sudo"
  local missing=()
  for tool in buildah debootstrap dotnet; do
    command -v "$tool" > /dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] || fail "missing ${missing[*]}: apt-get install buildah debootstrap podman runc (tests/run.sh installs them)"
}

seconds_since() { echo $(( $(date +%s%N) / 1000000 - $1 )) | awk '{ printf "%.1f", $1 / 1000 }'; }

build_base() {
  if buildah "${storage[@]}" inspect --type image "$base_image" > /dev/null 2>&1; then
    echo "base: $base_image (cached)"
    return
  fi

  if [ ! -f "$base_tar" ]; then
    local rootfs=$cache/rootfs.tmp
    rm -rf "$rootfs"
    echo "base: debootstrap --variant=minbase bookworm from $debian_mirror"
    debootstrap --variant=minbase --include=ca-certificates,libssl3,libicu72,tzdata bookworm "$rootfs" "$debian_mirror" \
      > "$cache/debootstrap.log" 2>&1 || { tail -n 20 "$cache/debootstrap.log" >&2; fail "debootstrap failed (log: $cache/debootstrap.log)"; }
    # As mcr.microsoft.com/dotnet/runtime-deps: the user app (1654), no documentation; and, like its chiseled
    # variants, no shell: the image runs its entrypoint directly.
    echo 'app:x:1654:1654::/home/app:/usr/sbin/nologin' >> "$rootfs/etc/passwd"
    echo 'app:x:1654:' >> "$rootfs/etc/group"
    mkdir -p "$rootfs/home/app" && chown 1654:1654 "$rootfs/home/app"
    rm -rf "$rootfs"/usr/share/{doc,man,info,locale}/* "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*
    rm -f "$rootfs"/usr/bin/{sh,bash,dash,rbash} "$rootfs"/bin/{sh,bash,dash,rbash}
    tar --numeric-owner -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
    rm -rf "$rootfs"
  fi

  local container
  container=$(buildah "${storage[@]}" from scratch)
  buildah "${storage[@]}" add "$container" "$base_tar" / > /dev/null
  buildah "${storage[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env APP_UID=1654 --env ASPNETCORE_HTTP_PORTS=8080 --env DOTNET_RUNNING_IN_CONTAINER=true \
    --label org.opencontainers.image.description="Debian bookworm minbase with the .NET runtime-deps packages, assembled by deploy/docker/build-local.sh" \
    "$container"
  buildah "${storage[@]}" commit --quiet --rm "$container" "$base_image" > /dev/null
  echo "base: $base_image (assembled)"
}

build() {
  require
  mkdir -p "$cache"
  local started
  started=$(( $(date +%s%N) / 1000000 ))
  # Containers left by an interrupted run of this script (its storage holds nothing else).
  buildah "${storage[@]}" rm --all > /dev/null 2>&1 || true

  build_base

  local context=$cache/context
  rm -rf "$context" && mkdir -p "$context/models"
  echo "publish: ${publish[*]} -o <cache>/context/app"
  # Its own bin and obj (--artifacts-path) in the cache: the checkout's obj holds the restore of builds without a
  # runtime identifier, and sharing it made every publish after such a build restore and recompile everything.
  (cd "$root" && "${publish[@]}" --artifacts-path "$cache/artifacts" -o "$context/app" -nologo -clp:ErrorsOnly > "$cache/publish.log" 2>&1) \
    || { tail -n 30 "$cache/publish.log" >&2; fail "dotnet publish failed (log: $cache/publish.log)"; }

  local revision version source
  revision=$(git -C "$root" rev-parse HEAD 2> /dev/null || echo unknown)
  version=$(git -C "$root" describe --tags --always --dirty 2> /dev/null || echo 0.0.0-dev)
  source=$(git -C "$root" remote get-url origin 2> /dev/null || echo "")
  buildah "${storage[@]}" build --quiet --pull=false \
    -f "$root/deploy/docker/Dockerfile" \
    --build-arg RUNTIME_IMAGE="$base_image" --build-arg SILO_SOURCE=host --build-context silo-published="$context" \
    --build-arg VERSION="$version" --build-arg REVISION="$revision" --build-arg SOURCE="$source" \
    -t "$image" "$root" > /dev/null
  # The working containers buildah leaves for stages without instructions, then dangling images (the `host` stage,
  # earlier builds of the same tag).
  buildah "${storage[@]}" rm --all > /dev/null 2>&1 || true
  buildah "${storage[@]}" rmi --prune > /dev/null 2>&1 || true

  # No shell in the image: its entrypoint runs directly (and the base carries none to hide a need for one).
  local container mountpoint shells=()
  container=$(buildah "${storage[@]}" from --pull=false "$image")
  mountpoint=$(buildah "${storage[@]}" mount "$container")
  for shell in /bin/sh /usr/bin/sh /bin/bash /usr/bin/bash /bin/dash /usr/bin/dash; do
    [ -e "$mountpoint$shell" ] || [ -L "$mountpoint$shell" ] && shells+=("$shell")
  done
  buildah "${storage[@]}" umount "$container" > /dev/null
  buildah "${storage[@]}" rm "$container" > /dev/null
  echo "shell in image: ${shells[*]:-none}"

  local size
  size=$(buildah "${storage[@]}" images --noheading --format '{{.Size}}' "$image" | head -n 1)
  echo "image: $image"
  echo "image size: $size ($(du -sb "$context/app" | cut -f1) bytes of application on the base)"
  echo "build time: $(seconds_since "$started") s"
}

# Ulimits no higher than this machine's own: podman's defaults raise them, which a sandbox without CAP_SYS_RESOURCE
# refuses. runc rather than crun: crun refuses hybrid cgroup hierarchies.
write_containers_conf() {
  local nofile
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] && nofile=1048576
  cat > "$cache/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
}

podman_start() {
  command -v podman > /dev/null && command -v runc > /dev/null || { echo "podman or runc not installed"; return 1; }
  write_containers_conf
  CONTAINERS_CONF=$cache/containers.conf podman "${storage[@]}" run --rm --network host --entrypoint /usr/bin/true "$base_image" 2>&1
}

# Sets status to the exit code of $child, the started silo. A trapped SIGTERM/SIGINT interrupts `wait` (which then
# returns 128 + the signal) while the silo is still draining: wait again for the silo's own exit code.
wait_for_child() {
  status=0
  wait "$child" || status=$?
  while [ -n "${signalled:-}" ] && [ "$status" -gt 128 ] && kill -0 "$child" 2> /dev/null; do
    status=0
    wait "$child" || status=$?
  done
  if [ -n "${signalled:-}" ] && [ "$status" -gt 128 ]; then
    # Exited while the trap ran: bash keeps the status of a child it has reaped.
    status=0
    wait "$child" 2> /dev/null || status=$?
  fi
}

run() {
  require
  [ $# -ge 1 ] || fail "usage: build-local.sh run <models folder> [silo arguments...]"
  local models
  models=$(cd "$1" && pwd)
  shift
  buildah "${storage[@]}" inspect --type image "$image" > /dev/null 2>&1 || fail "no $image in $cache/storage: run build-local.sh build first"
  chown 1654:1654 "$models"

  local probe name child status=0 runtime=${SF_IMAGE_RUNTIME:-auto}
  [ "$runtime" = chroot ] && probe="SF_IMAGE_RUNTIME=chroot"
  if [ "$runtime" != chroot ] && probe=$(podman_start); then
    name=servingfabric-silo-$$
    echo "runtime: podman (runc; host network, read-only root file system, tmpfs /tmp, $models on /models)"
    echo "starting"
    CONTAINERS_CONF=$cache/containers.conf podman "${storage[@]}" run --rm --name "$name" --network host \
      --read-only --tmpfs /tmp:rw,size=256m,mode=1777 --volume "$models:/models" --stop-timeout 60 "$image" "$@" &
    child=$!
    trap 'signalled=1; CONTAINERS_CONF=$cache/containers.conf podman "${storage[@]}" stop -t 60 "$name" > /dev/null 2>&1 || true' TERM INT
    wait_for_child
    exit $status
  fi

  echo "runtime: chroot (no OCI runtime could start a container here: $(echo "$probe" | tail -n 1)); the image's root file system mounted by buildah, bound read-only, tmpfs /tmp, $models on /models"
  local container mountpoint user
  container=$(buildah "${storage[@]}" from --pull=false "$image")
  mountpoint=$(buildah "${storage[@]}" mount "$container")
  trap 'buildah "${storage[@]}" umount "$container" > /dev/null 2>&1; buildah "${storage[@]}" rm "$container" > /dev/null 2>&1' EXIT
  mapfile -t environment < <(buildah "${storage[@]}" inspect --type image --format '{{range .OCIv1.Config.Env}}{{println .}}{{end}}' "$image" | sed '/^$/d')
  mapfile -t entrypoint < <(buildah "${storage[@]}" inspect --type image --format '{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}' "$image" | sed '/^$/d')
  user=$(buildah "${storage[@]}" inspect --type image --format '{{.OCIv1.Config.User}}' "$image")
  [ -n "$user" ] && [ "${user%%:*}" != 0 ] && [ "${user%%:*}" != root ] || fail "the image runs as '$user', not as a non-root user"
  [[ "$user" == *:* ]] || user=$user:$user

  echo "starting"
  # A mount namespace of its own: the mounts vanish with the silo. unshare execs (no fork), so $child is the silo.
  unshare --mount --propagation private -- "$0" __chroot "$mountpoint" "$models" "$user" "${#environment[@]}" "${environment[@]}" "${entrypoint[@]}" "$@" &
  child=$!
  trap 'signalled=1; kill -TERM "$child" 2> /dev/null || true' TERM INT
  wait_for_child
  exit $status
}

# Inside the new mount namespace: the image's root file system read-only, with the mounts a container would get.
chroot_inner() {
  local mountpoint=$1 models=$2 user=$3 count=$4
  shift 4
  local environment=("${@:1:count}")
  shift "$count"
  mount --bind "$mountpoint" "$mountpoint"
  mount -o remount,bind,ro "$mountpoint"
  mount -t proc proc "$mountpoint/proc"
  mount --rbind /dev "$mountpoint/dev"
  mount --rbind /sys "$mountpoint/sys"
  mount -t tmpfs -o size=256m,mode=1777 tmpfs "$mountpoint/tmp"
  mount --bind "$models" "$mountpoint/models"
  exec env -i "${environment[@]}" chroot --userspec="$user" "$mountpoint" "$@"
}

# The built image's configuration and labels (buildah inspect, JSON).
inspect() {
  buildah "${storage[@]}" inspect --type image "$image"
}

case "${1:-}" in
  build) shift; build "$@" ;;
  inspect) shift; inspect ;;
  run) shift; run "$@" ;;
  __chroot) shift; chroot_inner "$@" ;;
  *) fail "usage: build-local.sh build | inspect | run <models folder> [silo arguments...]" ;;
esac
