#!/usr/bin/env bash
# Installs the portable build (scripts/portable.sh) from a URL or a file into a directory and prints the
# directory to put on PATH. Used by action.yml and by the CI recipes of docs/ci.md; needs curl (or a local file),
# tar and sha256sum only.
#   install-portable.sh URL|FILE DESTINATION [SHA256]
set -euo pipefail
source=$1
destination=$2
expected=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case $source in
  http://*|https://*|file://*)
    curl --fail --silent --show-error --location --proto '=https,file' --retry 3 --max-time 300 -o "$work/agoras.tar.gz" "$source" ||
      { echo "install-portable.sh: could not download $source" >&2; exit 1; };;
  *) cp "$source" "$work/agoras.tar.gz";;
esac
if [ -n "$expected" ]; then
  actual=$(sha256sum "$work/agoras.tar.gz" | cut -d' ' -f1)
  [ "$actual" = "$expected" ] || { echo "install-portable.sh: SHA-256 $actual, expected $expected: refused" >&2; exit 1; }
fi
mkdir -p "$destination"
tar -C "$destination" --strip-components=1 -xzf "$work/agoras.tar.gz"
"$destination/bin/agoras" --version >&2
echo "$destination/bin"
