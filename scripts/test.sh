#!/usr/bin/env bash
# Builds reckon and runs the whole test suite. --sanitize builds into
# build-asan with AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build opts=() slower=1
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  opts=(-Db_sanitize=address,undefined -Db_lundef=false)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The sanitizers make the tests 2 to 3 times slower: the text stage's
  # unit test takes 150 s of its 300 alone, and on a busy two-core machine
  # ran out of time. The limits are the same ones, scaled.
  slower=3
  export CK_TIMEOUT_MULTIPLIER=$slower
fi
if [ ! -d "$dir" ]; then
  meson setup "$dir" "${opts[@]}"
fi
meson compile -C "$dir"
meson test -C "$dir" --print-errorlogs --timeout-multiplier "$slower"
