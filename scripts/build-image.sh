#!/usr/bin/env bash
# Build Onward's container image, on a Debian base made locally when no registry can be reached,
# and (--check) run it against a throwaway Dovecot on loopback: `onward check`, one pass, the record,
# the health check, the daemon stopping cleanly. See docs/docker.md.
#
#   scripts/build-image.sh [--tag NAME] [--base IMAGE] [--work DIR] [--check]
#
# --base IMAGE  build FROM this image (default: python:3.11-slim when it is present or can be pulled,
#               else onward-base:bookworm, made here by debootstrap + docker import: needs root)
# --work DIR    where the local base's root file system is made (default /var/tmp/onward-image)
# --check       after the build, scripts/image_check.py runs the image (needs Dovecot on this machine
#               and the project's Python: .venv/bin/python when it exists, else $PYTHON or python3)
# Exit codes: 0 built (and checked), 1 the build or the check failed, 2 bad usage or nothing to build with.
set -euo pipefail

TAG=onward BASE="" CHECK=0 WORK="${ONWARD_IMAGE_WORK:-/var/tmp/onward-image}"
LOCAL_BASE=onward-base:bookworm
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) TAG="${2:?--tag needs a name}"; shift 2 ;;
    --base) BASE="${2:?--base needs an image}"; shift 2 ;;
    --work) WORK="${2:?--work needs a directory}"; shift 2 ;;
    --check) CHECK=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
say() { echo "build-image: $*" >&2; }

docker info >/dev/null 2>&1 || {
  say "no Docker daemon answers (start one: see docs/docker.md)"; exit 2; }

make_local_base() {
  # A minimal Debian 12 with Python, made to look like python:3.11-slim to the Dockerfile:
  # python and pip on PATH, no PEP 668 marker (the image has no system packages to protect).
  [ "$(id -u)" = 0 ] || { say "making the local base needs root (debootstrap)"; exit 2; }
  command -v debootstrap >/dev/null || { say "making the local base needs debootstrap (apt-get install debootstrap)"; exit 2; }
  local rootfs="$WORK/rootfs-bookworm"
  rm -rf "$rootfs"; mkdir -p "$WORK"
  say "making $LOCAL_BASE with debootstrap in $rootfs (about a minute)"
  debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
    bookworm "$rootfs" >"$WORK/debootstrap.log" 2>&1 || { say "debootstrap failed: see $WORK/debootstrap.log"; exit 1; }
  # pip inside the build reaches the package index as this machine does: give it this machine's CA bundle
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python"
  ln -sf /usr/bin/pip3 "$rootfs/usr/local/bin/pip"
  rm -f "$rootfs"/usr/lib/python3.*/EXTERNALLY-MANAGED
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - "$LOCAL_BASE" >/dev/null
  rm -rf "$rootfs"
}

if [ -z "$BASE" ]; then
  if docker image inspect python:3.11-slim >/dev/null 2>&1 \
     || timeout 60 docker pull -q python:3.11-slim >/dev/null 2>&1; then
    BASE=python:3.11-slim
  else
    say "python:3.11-slim cannot be pulled: building on $LOCAL_BASE"
    BASE=$LOCAL_BASE
    docker image inspect "$BASE" >/dev/null 2>&1 || make_local_base
  fi
fi

say "building $TAG on $BASE"
# host networking: pip in the build uses this machine's network and proxy settings as they are
docker build --network host --build-arg "BASE_IMAGE=$BASE" -t "$TAG" . || { say "the build failed"; exit 1; }
say "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}'))"

if [ "$CHECK" = 1 ]; then
  PY="${PYTHON:-python3}"
  [ -x .venv/bin/python ] && PY=.venv/bin/python
  "$PY" scripts/image_check.py --image "$TAG"
fi
