#!/usr/bin/env bash
# Installs every Debian 12 package the build and the tests need. Idempotent: packages already
# present are skipped, so a machine that has them runs no apt-get at all.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache clang libclang-rt-14-dev
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
  libcpprest-dev libcurl4-openssl-dev libssl-dev libtomlplusplus-dev libsqlitecpp-dev libsqlite3-dev
  libspdlog-dev libfmt-dev catch2 libpq-dev postgresql-15 libpsl-dev
  libutf8proc-dev libturbojpeg0-dev libpng-dev libxml2-dev libjq-dev libcereal-dev
  python3 curl chromium pkg-config openssl man-db toot patchelf debootstrap microsocks
)

# AGORAS_SETUP_SKIP: space-separated packages not to install (the demo skips chromium, which only the
# tests' real-browser case uses).
missing=()
for p in "${packages[@]}"; do
  [[ " ${AGORAS_SETUP_SKIP:-} " == *" $p "* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# The tests start throw-away PostgreSQL clusters of their own: the package's default cluster (a server
# on port 5432 from then on) is not wanted.
if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/agoras-tests.conf >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
