#!/bin/sh
# The README's first command: install what is missing, build, and run the main
# job — a contradiction report over the bundled fixtures.
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
./build/src/cli/reckon report --format html -o reckon-report.html fixtures/kazakhstan-2022
./build/src/cli/reckon report --format json -o reckon-report.json fixtures/kazakhstan-2022
echo "wrote reckon-report.html and reckon-report.json"
./build/src/cli/reckon report --format text fixtures/kazakhstan-2022 2>/dev/null || true
