#!/usr/bin/env bash
# Runs the benchmark: generates the corpus sizes that are missing under
# bench/corpus/, then measures extract through the library (bench_extract)
# and through the command line (reckon extract, timed by /usr/bin/time), and
# the report stage over synthetic claims (bench_report).
#
# usage: bench/run.sh [SOURCE_ROOT [BUILD_ROOT]]
# Environment:
#   BENCH_SIZES   sizes as BYTES:DOCS (default "1M:100 10M:1000 100M:10000";
#                 BENCH_FULL=1 adds 1G:100000 and 1G:1000000)
#   BENCH_LANGS   languages (default "ar en")
#   BENCH_FORMAT  corpus format, txt or jsonl (default jsonl)
#   BENCH_CORPUS  seeds (gen_corpus: the seed sentences) or news (gen_news.py:
#                 real articles read at run time from BENCH_REAL, default
#                 ../shared/corpora beside the source tree; DOCS is ignored,
#                 the articles set it); default seeds
#   BENCH_CLAIMS  claims for the report benchmark (default 1000000; 0 skips)
#   BENCH_YARDSTICK  1 (default): on corpora of 20 MB or less, also reckon
#                 against a Python digit regex and iconv, in turn on the same
#                 files (bench/yardstick.py); 0 skips
set -uo pipefail
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
build=$(cd "${2:-$src/build}" && pwd)
sizes=${BENCH_SIZES:-"1M:100 10M:1000 100M:10000"}
[ "${BENCH_FULL:-0}" = 1 ] && sizes="$sizes 1G:100000 1G:1000000"
langs=${BENCH_LANGS:-"ar en"}
format=${BENCH_FORMAT:-jsonl}
kind=${BENCH_CORPUS:-seeds}
real=${BENCH_REAL:-$src/../shared/corpora}
claims=${BENCH_CLAIMS:-1000000}
export RECKON_RULES=${RECKON_RULES:-$src/rules}
corpus=$src/bench/corpus

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "reckon $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?'), build $(basename "$build")"
for lang in $langs; do
  for s in $sizes; do
    bytes=${s%%:*} docs=${s##*:}
    dir=$corpus/$lang-$bytes-$docs-$format
    [ "$kind" = news ] && dir=$corpus/news-$lang-$bytes-$format
    if [ ! -d "$dir" ]; then
      rm -rf "$dir.tmp"
      mkdir -p "$corpus"
      if [ "$kind" = news ]; then
        python3 "$src/bench/gen_news.py" --lang "$lang" --bytes "$bytes" --format "$format" \
          --out "$dir.tmp" --real "$real" && mv "$dir.tmp" "$dir" || continue
      else
        "$build/bench/gen_corpus" --lang "$lang" --bytes "$bytes" --docs "$docs" \
          --format "$format" --out "$dir.tmp" --fixtures "$src/fixtures/kazakhstan-2022" \
          --seeds "$src/bench/seeds" && mv "$dir.tmp" "$dir" || continue
      fi
    fi
    [ "$kind" = news ] && docs="real-sized"
    echo "== extract $lang $bytes in $docs documents ($format, $kind corpus)"
    "$build/bench/bench_extract" --render jsonl "$dir" | sed 's/^/  library: /'
    if /usr/bin/time -f '%e %U %S %M' -o "$build/bench-cli.time" "$build/src/cli/reckon" extract \
        --format jsonl "$dir" >/dev/null 2>"$build/bench-cli.err"; then
      read -r wall user sys rss <"$build/bench-cli.time"
      awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v b="$bytes" 'BEGIN {
        mb = b; sub(/[KMG]$/, "", mb); m = substr(b, length(b)); mb *= (m == "K" ? 1e-3 : m == "G" ? 1e3 : 1)
        c = u + s
        printf "  cli: reckon extract --format jsonl: %s s wall, %.2f s cpu, %.2f MB/s wall, %.2f MB/s cpu, peak_rss_mb=%.1f\n", w, c, mb / (w > 0 ? w : 1e-9), mb / (c > 0 ? c : 1e-9), r / 1024 }'
    else
      echo "  cli: reckon extract failed: $(tail -n 1 "$build/bench-cli.err")"
    fi
    case "$bytes" in
    *K | [1-9]M | 1[0-9]M | 20M)
      [ "${BENCH_YARDSTICK:-1}" = 1 ] &&
        python3 "$src/bench/yardstick.py" "$build/src/cli/reckon" "$dir" | sed 's/^/  yardstick: /' ;;
    esac
  done
done
if [ "$claims" != 0 ]; then
  echo "== report over $claims synthetic claims"
  "$build/bench/bench_report" --claims "$claims" json | sed 's/^/  /'
  echo "== report over $claims synthetic claims about one quantity"
  "$build/bench/bench_report" --claims "$claims" --one-quantity json | sed 's/^/  /'
fi
