#!/usr/bin/env python3
"""symbols.py HEADER MAP LIBRK.SO LIBRK.A - the library exports the public
interface and nothing else: the functions reckon.h declares, the names
librk.map lists, the symbols `nm -D` shows in librk.so and the global
symbols of the installed librk.a are one and the same set."""
import re
import subprocess
import sys


def nm(args, path):
    out = subprocess.run(["nm"] + args + [path], capture_output=True, text=True, check=True)
    names = set()
    for line in out.stdout.splitlines():
        parts = line.split()
        # "ADDRESS TYPE NAME": upper-case types are global; A is the version
        # node (RK_0.1), U undefined, w/v weak references.
        if len(parts) == 3 and parts[1].isupper() and parts[1] not in "AU":
            names.add(parts[2].split("@")[0])
    return names


def main(header, mapfile, shared, static):
    with open(header) as f:
        text = f.read()
    declared = set(re.findall(r"^RK_EXPORT\s[^;(]*?\b(rk_\w+)\s*\(", text, re.M))
    with open(mapfile) as f:
        mapped = set(re.findall(r"^\s+(rk_\w+);", f.read(), re.M))
    dynamic = nm(["-D", "--defined-only"], shared)
    archive = nm(["--defined-only"], static)
    failures = 0
    for what, got in (("librk.map", mapped), ("nm -D librk.so", dynamic),
                      ("nm librk.a", archive)):
        extra, missing = sorted(got - declared), sorted(declared - got)
        if extra or missing:
            failures += 1
            print("FAIL: %s: not in reckon.h: %s; missing: %s" % (what, extra, missing))
    print("reckon.h declares %d functions; librk.so exports %d symbols, librk.a %d globals"
          % (len(declared), len(dynamic), len(archive)))
    if len(declared) < 30:
        failures += 1
        print("FAIL: the header parse found too few functions")
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
