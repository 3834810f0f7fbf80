#!/usr/bin/env bash
# Builds reckon and runs the whole test suite. --sanitize builds into
# build-asan with AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build opts=()
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  opts=(-Db_sanitize=address,undefined -Db_lundef=false)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
if [ ! -d "$dir" ]; then
  meson setup "$dir" "${opts[@]}"
fi
meson compile -C "$dir"
meson test -C "$dir" --print-errorlogs
