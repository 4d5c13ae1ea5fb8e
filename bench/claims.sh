#!/usr/bin/env bash
# "Never twice" at scale: claims per second with 8 workers over 2000 journal rows, on SQLite and on a
# throw-away PostgreSQL cluster (each row must be won exactly once), and the cost of one
# `post --to telegram` with the state in SQLite and in PostgreSQL, in one hyperfine run. Writes
# bench/results/claims.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
cmake --build build --target claims_bench >/dev/null
pgbin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
bench_workdir /tmp/agoras-bench.XXXXXX
chmod 755 "$work"
as_owner() { if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$work/pg"; runuser -u postgres -- "$@"; else "$@"; fi; }
bench_extra_cleanup() {
  [ -d "$work/pg/data" ] && as_owner "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
}
mkdir -p "$work/pg"
port=$((20000 + RANDOM % 20000))
as_owner "$pgbin/initdb" -D "$work/pg/data" -A trust -U agoras -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
pg_url="postgresql://agoras@127.0.0.1:$port/postgres"

sqlite_result=$("$root/build/bench/claims_bench" "sqlite:$work/state.sqlite3" 8 2000)
pg_result=$("$root/build/bench/claims_bench" "$pg_url" 8 2000)

export HOME=$work/home AGORAS_STORAGE_DIR=$work/store AGORAS_STATE_DIR=$work/state
mkdir -p "$HOME"
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
url=$sandbox_url
export AGORAS_TELEGRAM_API_URL=$url TELEGRAM_BOT_TOKEN=123456789:SANDBOX-telegram-bot-token TELEGRAM_CHAT_ID=4242
agoras=$root/build/bin/agoras
hyperfine -N --style basic --warmup 3 --runs 30 --export-markdown "$work/table.md" \
  -n "post --to telegram, state in SQLite" "$agoras post --to telegram --text benchmark" \
  -n "post --to telegram, state in PostgreSQL" "$agoras --state-url $pg_url post --to telegram --text benchmark" >/dev/null

mkdir -p "$root/bench/results"
{
  echo "# Claims and the cost of a shared state store, $(date -u +%Y-%m-%d)"
  echo
  echo "8 workers (threads, one connection each) race to claim each of 2000 journal rows; every row must be won once."
  echo
  echo '```'
  echo "$sqlite_result"
  echo "$pg_result"
  echo '```'
  echo
  cat "$work/table.md"
} >"$root/bench/results/claims.md"
cat "$root/bench/results/claims.md"
