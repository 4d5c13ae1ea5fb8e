#!/usr/bin/env bash
# Installs this build into a temporary prefix, builds examples/webhook out of tree against the
# installed SDK only, installs it into the prefix's plugin directory and into a per-user plugin
# directory, and posts through it to a webhook receiver on loopback.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
receiver_pid=
cleanup() { [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
[ -f "$prefix/lib/pkgconfig/agoras-plugin-sdk.pc" ] || fail "no pkg-config file installed"
for f in share/man/man1/agoras.1 share/bash-completion/completions/agoras share/fish/vendor_completions.d/agoras.fish \
         libexec/agoras/agoras-sandbox; do
  [ -f "$prefix/$f" ] || fail "$f not installed"
done
[ -e "$prefix/bin/agoras-sandbox" ] && fail "the sandbox (a test tool) was installed into bin/"
# The pkg-config file is relocatable: a copy of the prefix elsewhere reports its own place.
cp -a "$prefix" "$work/moved"
moved_plugindir=$(PKG_CONFIG_PATH="$work/moved/lib/pkgconfig" pkg-config --variable=plugindir agoras-plugin-sdk)
[ "$(realpath -m "$moved_plugindir")" = "$work/moved/lib/agoras/plugins" ] || fail "pkg-config plugindir is $moved_plugindir"
cflags=$(PKG_CONFIG_PATH="$work/moved/lib/pkgconfig" pkg-config --cflags agoras-plugin-sdk)
grep -q -- "-I$work/moved/lib/pkgconfig/../../include" <<<"$cflags" || fail "pkg-config cflags do not follow the moved prefix: $cflags"
rm -rf "$work/moved"

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source_dir/examples/webhook" -B "$work/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" >/dev/null
# No --prefix: agoras_add_plugin() installs into the plugin directory the SDK's package names.
cmake --install "$work/build" >/dev/null
[ -f "$prefix/lib/agoras/plugins/webhook.so" ] || fail "webhook.so not installed into the plugin directory"

# A webhook receiver on loopback that records each request body.
port=$((20000 + RANDOM % 12000))
python3 - "$port" "$work/received" <<'PY' &
import http.server, sys
port, out = int(sys.argv[1]), sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "ab") as f:
            f.write(self.headers.get("Content-Type", "").encode() + b"|" + body + b"\n")
        self.send_response(204 if self.path == "/hook" else 404)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
PY
receiver_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

export HOME=$work/home AGORAS_STORAGE_DIR=$work/store
unset AGORAS_PLUGIN_PATH XDG_DATA_HOME
agoras=$prefix/bin/agoras
# Capture first: `agoras … | grep -q` would race grep's early exit against agoras's later lines (SIGPIPE).
listing=$("$agoras" plugins list)
grep -q '"status":"loaded","id":"webhook"' <<<"$listing" || fail "installed agoras does not load webhook.so"

out=$("$agoras" webhook post --url "http://127.0.0.1:$port/hook" --text 'hello "webhook"')
[ "$out" = '{"delivered":true,"status":204}' ] || fail "unexpected result: $out"
grep -qF 'application/json|{"text":"hello \"webhook\""}' "$work/received" || fail "receiver got: $(cat "$work/received")"

"$agoras" webhook save --name ci --url "http://127.0.0.1:$port/hook" --template '{{text_raw}}' >/dev/null
"$agoras" webhook post --name ci --text 'plain text' --content-type text/plain >/dev/null
grep -qF 'text/plain|plain text' "$work/received" || fail "saved webhook not used: $(cat "$work/received")"
"$agoras" -l debug webhook post --name ci --text x 2>"$work/log" >/dev/null
grep -q "127.0.0.1:$port/hook" "$work/log" && fail "the saved webhook URL reached the log"
set +e
"$agoras" webhook post --url "http://127.0.0.1:$port/missing" --text x 2>/dev/null
status=$?
set -e
[ "$status" = 3 ] || fail "HTTP 404 should exit 3, got $status"

# The per-user plugin directory is searched too.
rm "$prefix/lib/agoras/plugins/webhook.so"
cmake -S "$source_dir/examples/webhook" -B "$work/build-user" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
  -DAGORAS_PLUGIN_INSTALL_DIR="$HOME/.local/share/agoras/plugins" >/dev/null
cmake --build "$work/build-user" >/dev/null
cmake --install "$work/build-user" >/dev/null
listing=$("$agoras" plugins list)
grep -q "$HOME/.local/share/agoras/plugins/webhook.so\".*loaded" <<<"$listing" || fail "per-user plugin not found: $listing"
echo "out-of-tree example: OK"
