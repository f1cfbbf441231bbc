#!/usr/bin/env bash
# The interoperability suite (tests/interop/, docs/compatibility.md): Onward against Dovecot,
# Courier-IMAP and Cyrus IMAP, each started by the tests on loopback.
#
# Courier's and Cyrus's Debian packages conflict with each other (and with Dovecot) in apt, so they
# are not installed: they are downloaded (apt-get download) and unpacked (dpkg-deb -x) into
# .interop/root, and the tests run them from there (tests/support/servers.py). Their shared libraries
# do not conflict and are installed with apt-get. Debian 12 (bookworm) or a derivative; root or sudo
# for apt-get.
#
#   scripts/interop.sh            fetch and unpack (once), then run the suite with .venv/bin/python
#   scripts/interop.sh --fetch    only fetch and unpack
#   ONWARD_INTEROP_ROOT=DIR       unpack to / run from DIR instead of /var/tmp/onward-interop/root
#                                 (as root the servers run as nobody: DIR must be reachable by nobody)
#   extra arguments after --      go to pytest (scripts/interop.sh -- -k courier)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROOT_DIR=${ONWARD_INTEROP_ROOT:-/var/tmp/onward-interop/root}
DEBS_DIR=$(dirname "$ROOT_DIR")/debs
# the servers (unpacked, never installed) and the helper that fills Cyrus's sasldb
PACKAGES="courier-imap courier-base courier-authlib courier-authdaemon courier-authlib-userdb
  libcourier-unicode4 cyrus-imapd cyrus-common sasl2-bin"
# their libraries (installed: none conflicts)
LIBRARIES="libidn12 libgamin0 libpcre3 libxapian30 libical3 libltdl7 libgdbm6 libwrap0 libjansson4
  libzephyr4 libpq5 libclamav12 libicu72 libxml2 libsqlite3-0 libsasl2-2 libsasl2-modules-db"

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

fetch() {
  if [ -x "$ROOT_DIR/usr/bin/imapd" ] && [ -x "$ROOT_DIR/usr/lib/cyrus/bin/master" ] \
     && [ -x "$ROOT_DIR/usr/sbin/saslpasswd2" ]; then
    echo "interop: packages already unpacked in $ROOT_DIR"
  else
    mkdir -p "$DEBS_DIR" "$ROOT_DIR"
    # shellcheck disable=SC2086
    (cd "$DEBS_DIR" && apt-get download $PACKAGES)
    for deb in "$DEBS_DIR"/*.deb; do dpkg-deb -x "$deb" "$ROOT_DIR"; done
    chmod -R a+rX "$ROOT_DIR"  # the servers run as nobody when the tests run as root
    echo "interop: unpacked $(ls "$DEBS_DIR" | wc -l) packages into $ROOT_DIR"
  fi
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $LIBRARIES >/dev/null
}

if [ "${1:-}" = "--fetch" ]; then
  fetch
  exit 0
fi
[ "${1:-}" = "--" ] && shift
fetch
export ONWARD_INTEROP_ROOT="$ROOT_DIR"
exec .venv/bin/python -m pytest -q -p no:randomly tests/interop "$@"
