#!/usr/bin/env python3
"""cli_sweep.py - the allocation-failure sweep of the reckon command itself:
reckon_oom (the command linked with tests/oom/oom_hook.c) runs `report -o
OUT CORPUS` with allocation N failing, for N = 1 .. the number a run makes
(every STRIDE-th one), over a small corpus of every input format. Each run
must exit 0 with the report a run without failures writes, or exit 2 saying
"out of memory" on a line that names what ran out (a file, or what the run
was doing); never a signal, a sanitizer report or another exit code. OUT
then holds its previous content or a complete report, never a part.

A run that fails with a rule error at a rule file (no "out of memory") read
an allocation failure as a broken rule: the engine's compiler did, until
its text builds and copies told the two apart; it fails the sweep.

usage: cli_sweep.py RECKON_OOM RULES_DIR [--stride S] [--sticky]"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PREVIOUS = b'{"previous": "a complete earlier report"}\n'
OOM_LINE = re.compile(r"^reckon: (\S.*: )?(warning: )?.*out of memory.*$", re.M)
NAMED = re.compile(r"^reckon: (.+?): .*out of memory|^reckon: out of memory while ", re.M)


def corpus(where):
    """Writes one article in each format (and a sidecar) under where."""
    os.makedirs(where)
    files = {
        "a.txt": "La organizantoj diris ke 500 balonojn liberigis en la parko mardon.\n"
                 "The ministry said 12 people died on Monday.\n",
        "a.meta.json": '{"source": "Festo", "published": "2022-01-06"}\n',
        "b.html": "<html lang=en><head><title>T</title><meta property=og:site_name "
                  "content=Wire></head><body><article><p>La polico diris ke 800 balonojn "
                  "liberigis en la parko mardon.</p></article></body></html>\n",
        "c.jsonl": '{"text": "Laŭ la polico, 650 balonojn liberigis en la parko."}\n'
                   '{"text": "Police said 40 were hurt.", "published": "yesterday"}\n',
        "d.nitf.xml": '<?xml version="1.0"?>\n<nitf><head><title>T</title></head><body>'
                      '<body.content><p>Officials said 30 were injured.</p></body.content>'
                      '</body></nitf>\n',
    }
    for name, text in files.items():
        with open(os.path.join(where, name), "w", encoding="utf-8") as f:
            f.write(text)


def run(exe, rules, where, out, at, sticky):
    env = dict(os.environ)
    env["RK_OOM_FAIL_AT"] = str(at)
    if sticky:
        env["RK_OOM_STICKY"] = "1"
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:allocator_may_return_null=1")
    # RECKON_WRAPPER: memcheck, in the valgrind test setup (tests/valgrind.sh).
    wrap = os.environ.get("RECKON_WRAPPER", "").split()
    p = subprocess.run(wrap + [exe, "report", "--rules", rules, "-o", out, where],
                       capture_output=True, timeout=300, env=env)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    exe, rules = sys.argv[1], sys.argv[2]
    stride = int(sys.argv[sys.argv.index("--stride") + 1]) if "--stride" in sys.argv else 1
    sticky = "--sticky" in sys.argv
    tmp = tempfile.mkdtemp(prefix="rk_cli_oom_")
    failures = []
    try:
        where, out = os.path.join(tmp, "corpus"), os.path.join(tmp, "report.json")
        corpus(where)
        rc, err = run(exe, rules, where, out, 0, False)
        m = re.search(r"oom-hook: (\d+) allocations", err)
        if rc != 0 or not m:
            sys.exit("the run without failures: exit %d\n%s" % (rc, err))
        total = int(m.group(1))
        with open(out, "rb") as f:
            reference = f.read()
        runs = 0
        rule_error = re.compile(r"^reckon: " + re.escape(os.path.abspath(rules)) + r"/\S+\.xml:\d+: ",
                                re.M)
        for at in range(1, total + 1, stride):
            with open(out, "wb") as f:
                f.write(PREVIOUS)
            rc, err = run(exe, rules, where, out, at, sticky)
            runs += 1
            with open(out, "rb") as f:
                got = f.read()
            what = None
            if rc not in (0, 2):
                what = "exit %d" % rc
            elif "Sanitizer" in err or "runtime error" in err:
                what = "a sanitizer report"
            elif rc == 0 and got != reference:
                what = "exit 0 with another report"
            elif (rc == 2 and not OOM_LINE.search(err) and rule_error.search(err) and
                  "the failure happened" in err):
                what = "a rule error for an allocation failure"
            elif rc == 2 and not OOM_LINE.search(err):
                what = "exit 2 without saying out of memory"
            elif rc == 2 and any(not NAMED.match(l) for l in OOM_LINE.findall(err) and
                                 [x.group(0) for x in OOM_LINE.finditer(err)]):
                what = "an out-of-memory message that names nothing"
            elif got != PREVIOUS:
                try:
                    json.loads(got)
                except ValueError:
                    what = "a report written in part"
            if what:
                failures.append(at)
                print("FAIL allocation %d: %s\n%s" % (at, what, err[-2000:]))
                if len(failures) >= 20:
                    break
        print("reckon report: %d allocations, %d runs (every %d%s), %d failed"
              % (total, runs, stride, ", sticky" if sticky else "", len(failures)))
    finally:
        shutil.rmtree(tmp)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
