#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-fuzz, and runs each target for SECONDS
# (default 60) over its corpus in fuzz/corpus/NAME. New inputs go to a scratch
# directory (build-fuzz/fuzz-new/NAME) so the committed corpus stays small;
# crashes are written to build-fuzz/fuzz-crash/NAME. Targets run one at a time.
# FUZZ_KEEP_GOING=1 goes on after a crash (libFuzzer's -fork=1
# -ignore_crashes=1), to find more than the first bug of a target.
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
dir=${RK_FUZZ_BUILD:-build-fuzz}
if [ ! -d "$dir" ]; then
  CC=clang meson setup "$dir" -Dfuzzers=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" \
    -Dc_link_args=-fsanitize=fuzzer-no-link
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cut -d' ' -f1 fuzz/targets.txt)
fi
meson compile -C "$dir" $(printf 'fuzz/fuzz_%s ' "${targets[@]}")
export RECKON_RULES="$PWD/rules"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  mkdir -p "$dir/fuzz-new/$t" "$dir/fuzz-crash/$t"
  echo "== fuzz_$t for ${secs}s"
  extra=()
  [ -f "fuzz/dict/$t.dict" ] && extra+=(-dict="fuzz/dict/$t.dict")
  [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && extra+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  if ! "$dir/fuzz/fuzz_$t" "$dir/fuzz-new/$t" "fuzz/corpus/$t" "${extra[@]}" \
      -max_total_time="$secs" -max_len=65536 -timeout=30 -rss_limit_mb=4096 \
      -artifact_prefix="$dir/fuzz-crash/$t/" -print_final_stats=1 2>"$dir/fuzz-$t.log"; then
    echo "fuzz_$t: FAILED, see $dir/fuzz-$t.log and $dir/fuzz-crash/$t/"
    status=1
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$dir/fuzz-$t.log" || true
done
exit $status
