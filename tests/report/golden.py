#!/usr/bin/env python3
"""golden.py - compares `reckon report --format FMT` on the five seed articles
with tests/report/golden/seeds.FMT byte for byte.

usage: golden.py RECKON FMT GOLDEN-FILE   (run from the source root)
With RK_REGEN=1 in the environment it rewrites the golden file instead: do
that only after reviewing the difference (tests/report/regen.sh).
"""
import difflib
import glob
import os
import shlex
import subprocess
import sys


def main(reckon, fmt, golden):
    seeds = sorted(glob.glob("fixtures/kazakhstan-2022/0[0-9][0-9]_*.txt"))
    if len(seeds) != 5:
        print("golden: expected the five seed articles, found %d" % len(seeds), file=sys.stderr)
        return 1
    # RECKON_WRAPPER: memcheck, in the valgrind test setup (tests/valgrind.sh).
    wrap = shlex.split(os.environ.get("RECKON_WRAPPER", ""))
    out = subprocess.run(wrap + [reckon, "report", "--format", fmt, "--event-rules",
                                 "fixtures/kazakhstan-2022/rules", "--title",
                                 "Kazakhstan, January 2022"] + seeds, stdout=subprocess.PIPE)
    if out.returncode != 0:
        print("golden: reckon exited with %d" % out.returncode, file=sys.stderr)
        return 1
    if os.environ.get("RK_REGEN") == "1":
        with open(golden, "wb") as f:
            f.write(out.stdout)
        print("golden: rewrote " + golden)
        return 0
    with open(golden, "rb") as f:
        want = f.read()
    if want == out.stdout:
        return 0
    diff = difflib.unified_diff(want.decode().splitlines(), out.stdout.decode().splitlines(),
                                golden, "reckon report --format " + fmt, lineterm="", n=1)
    for i, line in enumerate(diff):
        if i >= 60:
            print("...", file=sys.stderr)
            break
        print(line, file=sys.stderr)
    print("golden: output differs from %s; after review: RK_REGEN=1 meson test --suite golden"
          % golden, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
