#!/usr/bin/env bash
# ctest: builds the libFuzzer harnesses of tests/fuzz with clang (ASan + UBSan) into BUILD_DIR/fuzz and
# runs each for a few seconds from its seed corpus; a crash, a sanitizer report or a leak fails it.
# Without clang's libFuzzer the test is skipped (exit 77).
#   run.sh BUILD_DIR [SECONDS_EACH]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1/fuzz
seconds=${2:-8}
command -v clang++ >/dev/null || { echo "clang++ is needed; skipped" >&2; exit 77; }
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' >"$probe/p.cpp"
clang++ -fsanitize=fuzzer "$probe/p.cpp" -o "$probe/p" 2>/dev/null || { echo "clang's libFuzzer is missing; skipped" >&2; exit 77; }
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" >&2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Each harness's seeds: corpus/<harness>/ here, or in its platform's folder (plugins/<p>/fuzz/corpus/).
for corpus in "$here"/corpus/*/ "$here"/../../plugins/*/fuzz/corpus/*/; do
  name=$(basename "$corpus")
  work=$(mktemp -d)  # new inputs go here, never into the source tree
  echo "fuzzing $name for $seconds s" >&2
  "$build/$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=0 "$work" "$corpus" \
    2>"$build/$name.log" || { tail -40 "$build/$name.log" >&2; rm -rf "$work"; exit 1; }
  rm -rf "$work"
done
echo "every harness ran without a finding" >&2
