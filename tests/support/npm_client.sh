# Sourced by the tests that run a client from npm (tests/mcp, tests/clients): npm_client SOURCE_DIR TARGET_DIR
# installs SOURCE_DIR's package.json as its package-lock.json pins it into TARGET_DIR, once (again only when the
# lock file changes), and copies SOURCE_DIR's .mjs scripts there. Without Node.js the test is skipped (exit 77).
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed; skipped" >&2; exit 77; }

npm_client() {
  local source=$1 target=$2
  if ! cmp -s "$source/package-lock.json" "$target/package-lock.json" 2>/dev/null || [ ! -d "$target/node_modules" ]; then
    mkdir -p "$target"
    cp "$source/package.json" "$source/package-lock.json" "$target/"
    (cd "$target" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  cp "$source"/*.mjs "$target/"
}
