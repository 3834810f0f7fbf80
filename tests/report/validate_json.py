#!/usr/bin/env python3
"""validate_json.py - checks reckon's JSON output against schemas/report.schema.json.

usage: validate_json.py SCHEMA [--jsonl] [--expect-groups] -- COMMAND [ARG...]

Runs COMMAND, validates what it prints (one JSON report, or JSON Lines with
--jsonl, each line against the definition its "type" names), and checks what a
schema cannot: ids refer to things that exist, and for plain-text documents the
claim and sentence texts are exactly the file's bytes at their spans.
Exit 0 when valid, 1 when not, 77 (skip) without the jsonschema module.
"""
import json
import os
import shlex
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed; skipping", file=sys.stderr)
    sys.exit(77)


def fail(msg):
    print("validate_json: " + msg, file=sys.stderr)
    sys.exit(1)


def validator(schema, ref=None):
    if ref:
        schema = dict(schema, **{"$ref": "#/$defs/" + ref})
        for k in ("type", "required", "properties", "additionalProperties", "dependentRequired"):
            schema.pop(k, None)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def check(v, obj, where):
    errors = sorted(v.iter_errors(obj), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        print("%s: %s: %s" % (where, "/".join(map(str, e.absolute_path)), e.message),
              file=sys.stderr)
    if errors:
        fail("%d schema errors" % len(errors))


def body_bytes(doc, cache):
    """The bytes spans index into, when they can be checked: a text file."""
    path = doc.get("path")
    if doc.get("format") != "text" or not path or not os.path.isfile(path):
        return None
    if path not in cache:
        with open(path, "rb") as f:
            cache[path] = f.read()
    return cache[path]


def check_references(docs, claims, groups, links):
    doc_by_id = {d["id"]: d for d in docs}
    claim_ids = set()
    cache = {}
    for c in claims:
        if c["document"] not in doc_by_id:
            fail("claim %s: no document %s" % (c["id"], c["document"]))
        if c["id"] in claim_ids:
            fail("claim id %s appears twice" % c["id"])
        claim_ids.add(c["id"])
        s, e = c["span"]
        ss, se = c["sentence"]["span"]
        if not (s <= e and ss <= se):
            fail("claim %s: span or sentence span is reversed" % c["id"])
        body = body_bytes(doc_by_id[c["document"]], cache)
        if body is None:
            continue
        if body[s:e].decode("utf-8") != c["text"]:
            fail("claim %s: text is not the file's bytes %d-%d" % (c["id"], s, e))
        if body[ss:se].decode("utf-8") != c["sentence"]["text"]:
            fail("claim %s: sentence is not the file's bytes %d-%d" % (c["id"], ss, se))
    group_ids = {g["id"] for g in groups}
    if len(group_ids) != len(groups):
        fail("group ids are not unique")
    for g in groups:
        for m in g["members"] + g["superseded"]:
            if m not in claim_ids:
                fail("group %s: no claim %s" % (g["id"], m))
        if g["parent"] is not None and g["parent"] not in group_ids:
            fail("group %s: no parent %s" % (g["id"], g["parent"]))
        est = g["estimate"]
        if est and not (est["low"] <= est["best"] and
                        (est["high"] is None or est["best"] <= est["high"])):
            fail("group %s: estimate is not low <= best <= high" % g["id"])
    for l in links:
        if l["from"] not in claim_ids or l["to"] not in claim_ids:
            fail("link %s -> %s joins unknown claims" % (l["from"], l["to"]))


def main(argv):
    if "--" not in argv or len(argv) < 3:
        fail(__doc__.strip().splitlines()[2])
    sep = argv.index("--")
    opts, cmd = argv[1:sep], argv[sep + 1:]
    with open(opts[0], encoding="utf-8") as f:
        schema = json.load(f)
    # RECKON_WRAPPER: memcheck, in the valgrind test setup (tests/valgrind.sh).
    out = subprocess.run(shlex.split(os.environ.get("RECKON_WRAPPER", "")) + cmd,
                         stdout=subprocess.PIPE)
    if out.returncode not in (0, 1):
        fail("%s exited with %d" % (" ".join(cmd), out.returncode))
    text = out.stdout.decode("utf-8")
    if "--jsonl" in opts:
        parts = {"document": [], "claim": [], "group": [], "link": [], "summary": []}
        validators = {}
        for n, line in enumerate(text.splitlines(), 1):
            obj = json.loads(line)
            t = obj.get("type")
            if t not in parts:
                fail("line %d: unknown type %r" % (n, t))
            if t not in validators:
                validators[t] = validator(schema, t)
            check(validators[t], obj, "line %d" % n)
            parts[t].append(obj)
        docs, claims, groups, links = (parts["document"], parts["claim"], parts["group"],
                                       parts["link"])
    else:
        report = json.loads(text)
        check(validator(schema), report, "report")
        docs, claims = report["documents"], report["claims"]
        groups, links = report.get("groups", []), report.get("links", [])
        s = report["summary"]
        if s["documents"] != len(docs) or s["claims"] != len(claims):
            fail("summary counts do not match the lists")
    if "--expect-groups" in opts and not groups:
        fail("no groups in the output")
    check_references(docs, claims, groups, links)
    print("valid: %d documents, %d claims, %d groups, %d links"
          % (len(docs), len(claims), len(groups), len(links)))


if __name__ == "__main__":
    main(sys.argv)
