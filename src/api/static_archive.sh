#!/bin/sh
# static_archive.sh OUT MAP AR LD OBJCOPY LIB...: the installed librk.a. The
# stage libraries are joined into one relocatable object whose only global
# symbols are those librk.map exports, so a program linked statically sees
# the same interface as one linked with librk.so, and none of the internals
# can clash with its own names.
set -eu
out=$1 map=$2 ar=$3 ld=$4 objcopy=$5
shift 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n 's/^ *\(rk_[a-z0-9_]*\);$/\1/p' "$map" > "$tmp/keep"
"$ld" -r -o "$tmp/librk.o" --whole-archive "$@" --no-whole-archive
"$objcopy" --keep-global-symbols="$tmp/keep" "$tmp/librk.o"
rm -f "$out"
"$ar" rcs "$out" "$tmp/librk.o"
