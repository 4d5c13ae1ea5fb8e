#!/usr/bin/env bash
# A one-request Mastodon post (credentials from the environment, as in CI) next to a curl process making the same
# request, against the sandbox, each pair in one hyperfine run: over plain http to loopback, and over https through
# a TLS front (stunnel, a certificate made here and trusted through SSL_CERT_FILE / --cacert), as a real instance is
# reached. Writes bench/results/one_request.md. Not part of the test suite; docs/transport.md says what it showed.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
bench_build
bench_need stunnel4
bench_workdir
start_sandbox "$root/build/bin/agoras-sandbox" "$work"
url=$sandbox_url
curl -sf -X POST --data personal_token=true "$url/_sandbox/mastodon/faults" >/dev/null

# The TLS front: https://127.0.0.1:$tls_port/ is the sandbox.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "/CN=bench" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/stunnel.conf" <<CONF
foreground = yes
pid =
[front]
accept = 127.0.0.1:$tls_port
connect = ${url#http://}
cert = $work/cert.pem
key = $work/key.pem
CONF
stunnel4 "$work/stunnel.conf" 2>/dev/null &
bench_pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null --cacert "$work/cert.pem" "https://127.0.0.1:$tls_port/" && break; sleep 0.05; done
https_url=https://127.0.0.1:$tls_port

# A store the size of a distribution's, laid out as Debian's is (a bundle file and a hashed directory), with the
# front's certificate added as update-ca-certificates would add a local CA.
mkdir -p "$work/certs"
cp -L /etc/ssl/certs/*.pem "$work/cert.pem" "$work/certs/" 2>/dev/null
openssl rehash "$work/certs"
cat /etc/ssl/certs/ca-certificates.crt "$work/cert.pem" >"$work/bundle.pem"

export HOME=$work/home AGORAS_STORAGE_DIR=$work/store MASTODON_ACCESS_TOKEN=sandbox-mastodon-personal-token-0123456789
unset SSL_CERT_DIR
export SSL_CERT_FILE=$work/cert.pem
mkdir -p "$HOME"
token_header="Authorization: Bearer $MASTODON_ACCESS_TOKEN"
# Each instance's limits are read once and kept (the cache), as after a first post.
MASTODON_INSTANCE=$url/mastodon "$root/build/bin/agoras" mastodon post --text warm-up >/dev/null
MASTODON_INSTANCE=$https_url/mastodon "$root/build/bin/agoras" mastodon post --text warm-up >/dev/null

# pair NAME BASE CURL_TRUST [VARIABLE=VALUE ...]: agoras and curl in one hyperfine run, the variables set for both
# (an `env` in front of one command would cost it an exec).
pair() {
  local name=$1 base=$2 trust=$3
  shift 3
  env "$@" MASTODON_INSTANCE="$base/mastodon" hyperfine -N --style basic --warmup 5 --runs 60 \
    --export-markdown "$work/pair.md" \
    -n "agoras, $name" "$root/build/bin/agoras mastodon post --text benchmark" \
    -n "curl, $name" "curl -s -o /dev/null $trust -X POST -H '$token_header' -d status=benchmark $base/mastodon/api/v1/statuses" \
    >/dev/null 2>&1
  cat "$work/pair.md"
  echo
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
post_rss() { env "$@" MASTODON_INSTANCE="$https_url/mastodon" /usr/bin/time -f %M "$root/build/bin/agoras" mastodon post --text rss 2>&1 >/dev/null | tail -1; }

out=$root/bench/results/one_request.md
{
  echo "# One-request Mastodon post against curl, $(date -u +%Y-%m-%d)"
  echo
  echo "Plain http to loopback; https through a TLS front (stunnel) trusting its one certificate; https with a store"
  echo "the size of the distribution's (bundle file and hashed directory, the front's certificate added), as a"
  echo "machine's default store is used: agoras with SSL_CERT_FILE and SSL_CERT_DIR naming them, curl with --cacert"
  echo "and --capath (its defaults on Debian)."
  echo
  pair http "$url" ""
  pair "https, one certificate" "$https_url" "--cacert $work/cert.pem"
  pair "https, the distribution's store" "$https_url" "--cacert $work/bundle.pem --capath $work/certs" \
    SSL_CERT_FILE="$work/bundle.pem" SSL_CERT_DIR="$work/certs"
  echo "Peak RSS (KiB): agoras $(MASTODON_INSTANCE=$url/mastodon rss "$root/build/bin/agoras" mastodon post --text rss) over http," \
    "$(post_rss) over https with one certificate," \
    "$(post_rss SSL_CERT_FILE="$work/bundle.pem" SSL_CERT_DIR="$work/certs") with the distribution's store;" \
    "curl $(rss curl -s -o /dev/null -X POST -H "$token_header" -d status=rss "$url/mastodon/api/v1/statuses") over http," \
    "$(rss curl -s -o /dev/null --cacert "$work/cert.pem" -X POST -H "$token_header" -d status=rss "$https_url/mastodon/api/v1/statuses") over https with one certificate," \
    "$(rss curl -s -o /dev/null --cacert "$work/bundle.pem" --capath "$work/certs" -X POST -H "$token_header" -d status=rss "$https_url/mastodon/api/v1/statuses") with the distribution's store"
} >"$out"
cat "$out"
