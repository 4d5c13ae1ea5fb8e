#!/usr/bin/env bash
# Sets up, builds and runs every test. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --preset dev
