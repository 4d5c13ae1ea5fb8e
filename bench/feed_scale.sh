#!/usr/bin/env bash
# feed-publish over a 10,000-item feed (ITEMS=100000 WORDS=0 for 100,000 short items; PUBLISHED=N with the newest N
# published already) (download, parse, the ledger lookup of every item, the choice),
# against agoras-sandbox on loopback, with --dry-run: wall time and peak RSS. bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bin=build/bin
bench_workdir
export AGORAS_STORAGE_DIR=$work/store TELEGRAM_BOT_TOKEN=123456789:SANDBOX-telegram-bot-token TELEGRAM_CHAT_ID=4242

items=${ITEMS:-10000}
python3 - "$work/feed.xml" "$items" "${WORDS:-40}" <<'PY'
import sys, time, email.utils
now = time.time()
items = "".join(
    f"<item><title>Item {i} &amp; more</title><link>https://example.com/{i}</link><guid>g{i}</guid>"
    f"<pubDate>{email.utils.formatdate(now - i * 60)}</pubDate><description>{'text ' * int(sys.argv[3])}</description></item>"
    for i in range(int(sys.argv[2])))
open(sys.argv[1], "w").write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>')
PY
start_sandbox "$bin/agoras-sandbox" "$work"
url=$sandbox_url
export AGORAS_TELEGRAM_API_URL=$url
curl -sf -X POST --data-binary @"$work/feed.xml" "$url/_sandbox/web?path=/feed.xml&content_type=application/rss%2Bxml" >/dev/null
echo "feed: $(wc -c <"$work/feed.xml") bytes, $items items" >&2
args=(utils feed-publish --network telegram --mode last --max-count 1 --post-lookback "${LOOKBACK:-100000000}"
      --feed-url "$url/web/feed.xml" --dry-run)
"$bin/agoras" "${args[@]}" >/dev/null  # the first run fills the feed cache
# PUBLISHED=N: the newest N items recorded as published already, so the choice looks past them in the journal.
python3 - "$AGORAS_STORAGE_DIR/state/state.sqlite3" "$url/web/feed.xml" "${PUBLISHED:-0}" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.executemany("INSERT OR REPLACE INTO journal(key, target, status, updated_at) VALUES(?, 'telegram', 'published', ?)",
               ((f"feed:{sys.argv[2]}#g{i}", int(time.time())) for i in range(int(sys.argv[3]))))
db.commit()
PY
for run in 1 2 3; do
  /usr/bin/time -f "feed-publish, $items items, ${PUBLISHED:-0} published: %e s wall, %M KiB peak RSS" "$bin/agoras" "${args[@]}" 2>&1 >/dev/null | tail -1
done
