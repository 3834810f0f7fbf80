#!/bin/sh
# The README's first command: install what is missing, build, and run the main
# job — a contradiction report over each bundled event (one folder per event
# in fixtures/), written as reckon-report.EVENT.html and reckon-report.EVENT.json.
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
report() { ./build/src/cli/reckon report "$@"; }
for dir in fixtures/*/; do
    event=$(basename "$dir")
    report --format html --title "$event" -o "reckon-report.$event.html" "$dir"
    report --format json --title "$event" -o "reckon-report.$event.json" "$dir"
    echo "== $event: wrote reckon-report.$event.html and reckon-report.$event.json"
    ./build/src/cli/reckon report --format text --title "$event" "$dir" 2>/dev/null || true
done
