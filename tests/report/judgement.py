#!/usr/bin/env python3
"""What a casualty coder reads in the Kazakhstan fixtures' report, asserted.

usage: judgement.py RECKON FIXTURE_DIR

- the health ministry's 164 is withdrawn (published in error): listed as
  withdrawn, each with who withdrew it, and not the best estimate;
- the Interior Ministry's detention count climbs 2,000 -> 4,404 -> 7,939 ->
  9,900: the group is rising and its best estimate is the latest figure;
- security-force deaths: the ministry, the ministry in other languages and
  a headline over its own body count once, so the independent originators
  are between 4 and 6, and the 18 lowered to 16 is a revision;
- every contradiction names its sides, all members of the group.
"""
import json
import subprocess
import sys

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def main():
    reckon, fixtures = sys.argv[1], sys.argv[2]
    out = subprocess.run([reckon, "report", "--format", "json", fixtures],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    check(out.returncode == 0, "report exits 0 (%d: %s)" % (out.returncode, out.stderr[-300:]))
    r = json.loads(out.stdout)
    claims = {c["id"]: c for c in r["claims"]}
    groups = {g["id"]: g for g in r["groups"]}

    dp = groups.get("deaths/people")
    check(dp is not None, "a deaths/people group")
    if dp:
        w = [claims[i] for i in dp["withdrawn"]]
        check(any(c["text"] == "164" for c in w), "164 is listed as withdrawn (%s)"
              % [c["text"] for c in w])
        check(all(c["text"] == "164" for c in w), "only 164 is withdrawn")
        check(any(c.get("status") == "retracted" and c.get("status_by") for c in w),
              "a withdrawn 164 says who withdrew it")
        check(dp["estimate"] and dp["estimate"]["best"] != 164,
              "164 is not the best estimate (%s)" % dp["estimate"])

    det = groups.get("detained/people")
    check(det is not None, "a detained/people group")
    if det:
        check(det["verdict"] == "rising", "detentions are rising (%s: %s)"
              % (det["verdict"], det["explanation"][:200]))
        live = [claims[i] for i in det["members"] if i not in det["superseded"]
                and i not in det["withdrawn"]]
        dated = [c for c in live if c.get("as_of")]
        latest = max(dated, key=lambda c: (c["as_of"], c["low"] or 0))
        check(det["estimate"]["best"] == latest["low"],
              "the best estimate is the latest figure, %s of %s (%s)"
              % (latest["text"], latest["as_of"], det["estimate"]))

    sf = groups.get("deaths/security_forces")
    check(sf is not None, "a deaths/security_forces group")
    if sf:
        check(4 <= sf["independent_speakers"] <= 6, "security-force deaths: 4 to 6 independent "
              "originators (%d)" % sf["independent_speakers"])
        check(sf["verdict"] in ("revision", "contradiction"),
              "18 lowered to 16 is read as a revision or a conflict, not agreement (%s)"
              % sf["verdict"])

    for g in r["groups"]:
        if g["verdict"] == "contradiction":
            check(len(g["sides"]) >= 2 and set(g["sides"]) <= set(g["members"]),
                  "%s: a contradiction lists at least two sides among its members" % g["id"])
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
