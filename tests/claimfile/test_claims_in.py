#!/usr/bin/env python3
"""test_claims_in.py - `reckon report` over claim files written by `reckon
extract --format jsonl`: the same report as over the articles, byte for
byte, in every format and for every event folder of fixtures/; claims of
several runs merged by id; a broken claim file refused whole with
path:line:col while the other inputs go on.

usage: test_claims_in.py RECKON FIXTURES-DIR (RECKON_RULES set)"""
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def run(reckon, args, cwd):
    p = subprocess.run([reckon] + args, capture_output=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def main(reckon, fixtures):
    events = sorted(e for e in os.listdir(fixtures)
                    if os.path.isdir(os.path.join(fixtures, e)))
    check(len(events) >= 4, "expected the four event folders, found %s" % events)
    # A folder of its own as the working directory: no reviews.json there.
    with tempfile.TemporaryDirectory() as tmp:
        for ev in events:
            folder = os.path.join(fixtures, ev)
            rc, claims, err = run(reckon, ["extract", "--format", "jsonl", folder], tmp)
            # the folder's own rules read its articles; its claims need them too
            own = os.path.join(folder, "rules")
            with_rules = ["--event-rules", own] if os.path.isdir(own) else []
            check(rc == 0, "%s: extract exited %d: %s" % (ev, rc, err))
            path = os.path.join(tmp, ev + ".claims.jsonl")
            with open(path, "wb") as f:
                f.write(claims)
            formats = ["json", "jsonl", "xml", "html", "text", "csv", "csv-groups"]
            for fmt in formats if ev == "kazakhstan-2022" else ["json"]:
                rc_a, from_articles, _ = run(reckon, ["report", "-f", fmt, folder], tmp)
                rc_c, from_claims, err = run(reckon, ["report", "-f", fmt] + with_rules + [path],
                                             tmp)
                check(rc_a == 0 and rc_c == 0, "%s %s: exit %d/%d %s" % (ev, fmt, rc_a, rc_c, err))
                check(from_articles == from_claims and len(from_claims) > 1000,
                      "%s: report --format %s from the claims differs from the articles'"
                      % (ev, fmt))

        # Two runs that overlap (the second re-extracted the last documents):
        # the claims merge by id into the one report.
        k = os.path.join(fixtures, "kazakhstan-2022")
        with open(os.path.join(tmp, "kazakhstan-2022.claims.jsonl"), "rb") as f:
            lines = f.read().splitlines(keepends=True)
        starts = [i for i, l in enumerate(lines) if l.startswith(b'{"type":"document"')]
        check(len(starts) > 6, "expected many documents in the claims")
        cut_a, cut_b = starts[len(starts) // 2], starts[len(starts) // 3]
        with open(os.path.join(tmp, "run1.jsonl"), "wb") as f:
            f.writelines(lines[:cut_a])
        with open(os.path.join(tmp, "run2.jsonl"), "wb") as f:
            f.writelines(lines[cut_b:])
        _, whole, _ = run(reckon, ["report", k], tmp)
        kr = ["--event-rules", os.path.join(k, "rules")]
        rc, merged, err = run(reckon, ["report"] + kr + ["run1.jsonl", "run2.jsonl"], tmp)
        check(rc == 0 and merged == whole, "two overlapping runs do not merge into the report "
              "(exit %d: %s)" % (rc, err))
        rc, twice, _ = run(reckon, ["report"] + kr + ["run1.jsonl", "run1.jsonl", "run2.jsonl"],
                           tmp)
        check(rc == 0 and twice == whole, "a run read twice counts once")

        # A broken claim file: refused whole, named path:line:col, exit 2; the
        # good one is still reported.
        bad = lines[:cut_a]
        bad[3] = bad[3].replace(b'"span":[', b'"span":[-')
        with open(os.path.join(tmp, "broken.jsonl"), "wb") as f:
            f.writelines(bad)
        rc, out, err = run(reckon, ["report", "broken.jsonl", "run2.jsonl"], tmp)
        check(rc == 2, "a broken claim file exits 2, not %d" % rc)
        check(re.search(r"^reckon: broken\.jsonl:4:\d+: claim ", err, re.M) is not None,
              "the broken line is named as path:line:col: %r" % err)
        _, only2, _ = run(reckon, ["report", "run2.jsonl"], tmp)
        check(out == only2, "the good claim file is still reported whole")

        # A claim whose document comes nowhere before it, and a quote that
        # disagrees with another claim's quote of the same bytes.
        with open(os.path.join(tmp, "orphan.jsonl"), "wb") as f:
            f.write(b'{"type":"document","id":"a","path":"a.txt","format":"text"}\n'
                    b'{"type":"claim","id":"b:1-2","document":"b"}\n')
        rc, _, err = run(reckon, ["report", "orphan.jsonl"], tmp)
        check(rc == 2 and "orphan.jsonl:2:1: claim b:1-2: no document b before it" in err,
              "an orphan claim is named: %r" % err)
        claim = [l for l in lines if l.startswith(b'{"type":"claim"')][0]
        doc = [l for l in lines if l.startswith(b'{"type":"document"')][0]
        clash = claim.replace(b'"id":"', b'"id":"x', 1)
        # The same span under another id, with other bytes for its number.
        m = re.search(rb'"text":"([^"\\]+)"', clash)
        clash = clash[:m.start(1)] + b"#" * len(m.group(1)) + clash[m.end(1):]
        with open(os.path.join(tmp, "clash.jsonl"), "wb") as f:
            f.write(doc + claim + clash)
        rc, _, err = run(reckon, ["report", "clash.jsonl"], tmp)
        check(rc == 2 and "disagrees" in err, "conflicting quotes are refused: %r" % err)

    print("%d passed, %d failed" % (1 if not failures else 0, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])))
