#!/usr/bin/env bash
# schedule-run over a 10,000-row CSV schedule (ROWS=N for another size) (read, parse, the due rows chosen, one published to
# agoras-sandbox's Telegram module, the file replaced): wall time and peak RSS. bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bin=build/bin
bench_workdir
export AGORAS_STORAGE_DIR=$work/store TELEGRAM_BOT_TOKEN=123456789:SANDBOX-telegram-bot-token TELEGRAM_CHAT_ID=4242 TZ=UTC

python3 - "$work/schedule.csv" "${ROWS:-10000}" <<'PY'
import sys
rows = [f"Row {i}, with a comma,https://example.com/{i},,,,,{2030 + i % 5}-0{1 + i % 9}-1{i % 10},{i % 24},draft,extra {i}" for i in range(int(sys.argv[2]) - 3)]
rows += ["Due one,,,,,,2020-01-01,9,,", "Due two,,,,,,2020-01-02,9,,", "Due three,,,,,,2020-01-03,9,,"]
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
start_sandbox "$bin/agoras-sandbox" "$work"
export AGORAS_TELEGRAM_API_URL=$sandbox_url
echo "schedule: $(wc -c <"$work/schedule.csv") bytes, ${ROWS:-10000} rows" >&2
for run in 1 2 3; do
  /usr/bin/time -f "schedule-run, ${ROWS:-10000} rows, one published: %e s wall, %M KiB peak RSS" \
    "$bin/agoras" utils schedule-run --network telegram --schedule-file "$work/schedule.csv" 2>&1 >/dev/null | tail -1
done
