#!/usr/bin/env bash
# Makes the portable Linux x86-64 build: one tarball with agoras, its services libraries, the first-party plugins,
# agoras-sandbox, the man page and completions, and every shared library they load that is not part of glibc, all
# found relative to where the tarball is unpacked (RUNPATH $ORIGIN/...). It runs on any x86-64 Linux with glibc
# 2.36 or newer (Debian 12, Ubuntu 24.04, the GitHub and GitLab runners), with nothing else installed.
#   portable.sh BUILD_DIR OUTPUT_DIRECTORY     (cmake --build --preset dev --target portable runs it)
set -euo pipefail
trap 'echo "portable.sh: line $LINENO: $BASH_COMMAND exited with $?" >&2' ERR
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
for tool in patchelf ldd; do
  command -v "$tool" >/dev/null || { echo "portable.sh: $tool is needed (scripts/setup.sh installs it)" >&2; exit 1; }
done
version=$("$build/bin/agoras" --version | awk '{print $2}')
name=agoras-$version-linux-x86_64
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/$name

cmake --install "$build" --prefix "$root" --strip >/dev/null
rm -rf "$root/include" "$root/lib/cmake" "$root/lib/pkgconfig" "$root/share/pkgconfig"  # the SDK has its own package
deps=$root/lib/agoras/deps
mkdir -p "$deps"

# glibc's own libraries come from the machine that runs agoras: they must match its loader and kernel.
is_glibc() {
  case $1 in
    linux-vdso.so.*|ld-linux-x86-64.so.*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|\
    libutil.so.*|libanl.so.*|libnss_*|libBrokenLocale.so.*|libmvec.so.*|libcrypt.so.*) return 0;;
  esac
  return 1
}

# Every ELF file of the tree, then their libraries, then the libraries' libraries, until nothing new comes; and
# the libraries agoras opens itself, which no ELF file names (libjq for --jq).
mapfile -t elves < <(find "$root" -type f -exec sh -c 'head -c4 "$1" | grep -q "^.ELF" && echo "$1"' _ {} \;)
queue=("${elves[@]}")
for soname in libjq.so.1; do
  # awk reads to the end: leaving early would kill ldconfig with SIGPIPE, failing the pipeline now and then.
  path=$(ldconfig -p | awk -v name="$soname" '$1 == name && /x86-64/ && !found {print $NF; found = 1}')
  [ -n "$path" ] || { echo "portable.sh: $soname is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
  cp -L "$path" "$deps/$soname"
  chmod 644 "$deps/$soname"
  queue+=("$deps/$soname")
done
while [ ${#queue[@]} -gt 0 ]; do
  next=()
  for file in "${queue[@]}"; do
    while read -r soname path; do
      [ -n "$path" ] || continue
      is_glibc "$soname" && continue
      [ -e "$deps/$soname" ] && continue
      cp -L "$path" "$deps/$soname"
      chmod 644 "$deps/$soname"
      next+=("$deps/$soname")
    done < <(ldd "$file" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}')
  done
  queue=("${next[@]}")
done

# Where each file finds them: relative to itself, so the tree can live anywhere.
for file in "${elves[@]}"; do
  relative=$(realpath --relative-to="$(dirname "$file")" "$deps")
  patchelf --set-rpath "\$ORIGIN/$relative" "$file"
done
for lib in "$deps"/*; do patchelf --set-rpath '$ORIGIN' "$lib"; done

cat > "$root/README" <<TEXT
agoras $version, portable build for Linux x86-64 (glibc 2.36 or newer).

  bin/agoras                      the program (put bin/ on PATH, or link it from there)
  lib/agoras/plugins/             the first-party platform plugins
  lib/agoras/deps/                the libraries they need, so nothing else has to be installed
  libexec/agoras/agoras-sandbox   the local stand-in for the platforms, for rehearsals and tests
  share/man/man1/agoras.1         the manual: man -l share/man/man1/agoras.1

TLS needs the machine's CA certificates (/etc/ssl/certs), as any program does.
TEXT
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
