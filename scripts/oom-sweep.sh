#!/usr/bin/env bash
# The allocation-failure sweep in full (tests/oom): every entry point of
# librk and the reckon command itself, with allocation N failing for every
# N a run makes, under AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan, as ./scripts/test.sh --sanitize builds it). The ordinary test
# run does a bounded part of it (meson test --suite oom).
#   1. test_oom, every N, every entry point (--all: the ones with a known
#      defect elsewhere too, which then fail), the toy rule set;
#   2. the same for loading, extraction and streaming with the shipped rules;
#   3. test_oom --sticky: every allocation from N on fails;
#   4. the command (report over one article of each format), every N, toy
#      rules; 5. the same with the shipped rules, every 7th N.
# usage: scripts/oom-sweep.sh [--all] [BUILD_DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
all=()
if [ "${1:-}" = "--all" ]; then
  all=(--all)
  shift
fi
dir=${1:-build-asan}
if [ ! -d "$dir" ]; then
  meson setup "$dir" -Db_sanitize=address,undefined -Db_lundef=false
fi
meson compile -C "$dir" tests/oom/test_oom tests/oom/reckon_oom || exit 2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export RK_SOURCE_ROOT="$PWD"
toy="$PWD/tests/claims/data/toyrules"
status=0
step() {
  echo "== $1"
  shift
  local t0=$SECONDS
  "$@" || status=1
  echo "   ($((SECONDS - t0)) s)"
}
step "every entry point, every N (toy rules)" "$dir/tests/oom/test_oom" "${all[@]}"
step "rules, extraction, streaming, every N (shipped rules)" \
  env RK_OOM_RULES="$PWD/rules" "$dir/tests/oom/test_oom" rules extract stream
step "every entry point, every allocation from N on failing" "$dir/tests/oom/test_oom" --sticky
step "reckon report, every N (toy rules)" python3 tests/oom/cli_sweep.py "$dir/tests/oom/reckon_oom" "$toy"
step "reckon report, every 7th N (shipped rules)" \
  python3 tests/oom/cli_sweep.py "$dir/tests/oom/reckon_oom" "$PWD/rules" --stride 7
exit $status
