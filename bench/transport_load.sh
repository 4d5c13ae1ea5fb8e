#!/usr/bin/env bash
# What loading an HTTP client costs a process: libcurl (with its dependencies) against the TLS library alone
# (what a leaner client would still need), median of 50 fresh processes each; and how many libraries each
# brings. Writes bench/results/transport_load.md. Not part of the test suite. docs/transport.md says what
# was decided from it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/load" bench/transport_load.c -ldl
median() {  # median <library>: ms
  for _ in $(seq 50); do "$work/load" "$1"; done | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
libs() { ldd "$(ldconfig -p | awk -v n="$1" '$1 == n && !done {print $NF; done = 1}')" | wc -l; }  # awk reads to the end: no SIGPIPE
out=$root/bench/results/transport_load.md
{
  echo "# Loading an HTTP stack, $(date -u +%Y-%m-%d)"
  echo
  echo "| library | median load ms (50 fresh processes) | libraries it brings |"
  echo "|---|---:|---:|"
  for lib in libcurl.so.4 libcurl-gnutls.so.4 libssl.so.3 libnghttp2.so.14; do
    if ldconfig -p | awk -v n="$lib" '$1 == n {found=1} END {exit !found}'; then
      echo "| $lib | $(median "$lib") | $(libs "$lib") |"
    fi
  done
} >"$out"
cat "$out"
