#!/usr/bin/env python3
"""yardstick.py - reckon extract against two yardsticks on the same files,
measured in the same run: a Python digit regex (re.finditer(r'\\d[\\d,.]*')
over each file read whole and decoded, what issue 19 compares with) and
iconv -f UTF-8 -t UTF-16 (one Unicode pass over the bytes).

The three commands run in turn, round after round (after one warm-up
round), each as its own process with its output thrown away; a run's CPU
time is the user + system time the kernel accounts to that process
(os.wait4). Printed: the median (min-max) CPU seconds of each, MB of file
per CPU second, and reckon's CPU over each yardstick's taken round by round
(so a machine whose speed drifts moves both sides of a ratio alike).

usage: yardstick.py RECKON FILE_OR_DIR... [--rounds N] [--jobs N]
Needs RECKON_RULES in the environment (bench/run.sh sets it).
"""
import argparse
import os
import statistics
import subprocess
import sys

REGEX = (
    "import re, sys\n"
    "n = 0\n"
    "for p in sys.argv[1:]:\n"
    "    with open(p, encoding='utf-8', errors='replace') as f:\n"
    "        n += sum(1 for _ in re.finditer(r'\\d[\\d,.]*', f.read()))\n"
)
ICONV = 'for f; do iconv -f UTF-8 -t UTF-16 "$f" || exit 1; done'


def files_of(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                out += [os.path.join(root, n) for n in sorted(names)]
        else:
            out.append(p)
    return sorted(out)


def cpu_of(argv):
    """Runs argv with stdout and stderr to /dev/null; its user + system s."""
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("yardstick: %s exited with %d" % (argv[0], proc.returncode))
    return ru.ru_utime + ru.ru_stime


def summary(v):
    return "%.3f (%.3f-%.3f)" % (statistics.median(v), min(v), max(v))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reckon")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()
    files = files_of(a.paths)
    if not files:
        sys.exit("yardstick: no files")
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    cmds = {
        "reckon": [a.reckon, "extract", "--format", "jsonl", "-j", str(a.jobs)] + files,
        "regex": [sys.executable, "-c", REGEX] + files,
        "iconv": ["sh", "-c", ICONV, "sh"] + files,
    }
    for name, argv in cmds.items():  # warm-up: page cache, the binary
        cpu_of(argv)
    runs = {name: [] for name in cmds}
    for _ in range(a.rounds):
        for name, argv in cmds.items():
            runs[name].append(cpu_of(argv))
    print("%d files, %.1f MB, %d rounds in turn, CPU s median (min-max)" %
          (len(files), mb, a.rounds))
    for name, v in runs.items():
        print("%-7s %s s, %.1f MB per CPU s" % (name, summary(v), mb / statistics.median(v)))
    for other in ("regex", "iconv"):
        r = [x / y for x, y in zip(runs["reckon"], runs[other]) if y > 0]
        print("reckon / %s, CPU, round by round: %s" % (other, summary(r)))


if __name__ == "__main__":
    main()
