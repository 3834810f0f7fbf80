#!/bin/sh
# regen.sh - rewrites the report goldens (tests/report/golden/seeds.*) from the
# current build, after a reviewed change. usage: tests/report/regen.sh [BUILD-DIR]
set -e
build=${1:-build}
RK_REGEN=1 meson test -C "$build" --suite golden
git -C "$(dirname "$0")/../.." diff --stat -- tests/report/golden
