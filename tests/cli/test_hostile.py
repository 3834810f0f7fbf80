#!/usr/bin/env python3
"""test_hostile.py - the hostile-input catalogue (round two) as the command
meets it: one group per defect, each named after what it pins down. Run as
python3 test_hostile.py GROUP; needs RECKON_EXE, RECKON_RULES and
RK_SOURCE_ROOT (tests/meson.build sets them). Every group builds its inputs
in a fresh temporary folder."""
import http.server
import json
import os
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

EXE = os.environ["RECKON_EXE"]
# The memcheck command line of the valgrind test setup (tests/valgrind.sh).
WRAP = shlex.split(os.environ.get("RECKON_WRAPPER", ""))
RULES = os.environ["RECKON_RULES"]
ROOT = os.environ["RK_SOURCE_ROOT"]
UNDER_VALGRIND = bool(os.environ.get("RK_UNDER_VALGRIND"))
ARTICLE = "The ministry said 12 people were killed on Monday.\n"
OTHER = "Police said 40 people were hurt on Tuesday.\n"

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def run(args, stdin=None, env=None, cwd=None, timeout=120, preexec=None):
    """Runs reckon; returns (exit code, stdout bytes, stderr text)."""
    p = subprocess.run(WRAP + [EXE] + args, input=stdin, capture_output=True, env=env, cwd=cwd,
                       timeout=timeout, preexec_fn=preexec)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, mode + ("" if "b" in mode else ""), **({} if "b" in mode else
                                                          {"encoding": "utf-8"})) as f:
        f.write(data)
    return path


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def docs_of(out):
    return json.loads(out)["documents"]


def warnings(err):
    return [l for l in err.splitlines() if ": warning: " in l]


class Tmp:
    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="rk_hostile_")
        return self.dir

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- item 1

def test_output_never_replaces_a_device_a_fifo_or_a_link():
    with Tmp() as d:
        art = write(os.path.join(d, "a.txt"), ARTICLE)
        # A FIFO stays a FIFO and its reader gets the report.
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        got = {}

        def reader():
            with open(fifo, "rb") as f:
                got["data"] = f.read()
        t = threading.Thread(target=reader)
        t.start()
        rc, _, err = run(["extract", "-o", fifo, art])
        t.join(30)
        check(rc == 0, "-o FIFO: exit 0 (%d: %s)" % (rc, err))
        check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "-o FIFO: it is still a FIFO")
        check(b'"claims"' in got.get("data", b""), "-o FIFO: the reader got the output")
        check(not [n for n in os.listdir(d) if ".tmp." in n], "-o FIFO: no temporary file left")
        # A link to a file elsewhere: the target is replaced, the link stays.
        other = os.path.join(d, "elsewhere")
        os.mkdir(other)
        target = write(os.path.join(other, "target.json"), "old\n")
        link = os.path.join(d, "link.json")
        os.symlink(os.path.join("elsewhere", "target.json"), link)
        rc, _, err = run(["extract", "-o", link, art])
        check(rc == 0, "-o LINK: exit 0 (%s)" % err)
        check(os.path.islink(link), "-o LINK: the link is still a link")
        check(b'"claims"' in read(target), "-o LINK: the file it points to holds the output")
        check(not [n for n in os.listdir(other) + os.listdir(d) if ".tmp." in n],
              "-o LINK: no temporary file left")
        # Standard output by its /proc name, a pipe here, is written
        # through. (Not /dev/stdout: a build that renamed over it would
        # replace the machine's own link.)
        rc, out, err = run(["extract", "-o", "/proc/self/fd/1", art])
        check(rc == 0 and b'"claims"' in out, "-o /proc/self/fd/1 on a pipe: the output on "
              "stdout (%d: %s)" % (rc, err))
        # A character device, made here so that a regression replaces ours.
        dev = os.path.join(d, "null")
        if make_device(dev, 1, 3):
            rc, _, err = run(["extract", "-o", dev, art])
            check(rc == 0 and stat.S_ISCHR(os.lstat(dev).st_mode),
                  "-o a character device: exit 0 and it is still a device (%s)" % err)
            check(not [n for n in os.listdir(d) if ".tmp." in n],
                  "-o a device: no temporary file left")


def make_device(path, major, minor):
    """Makes a character device node (as /dev/null is 1,3 and /dev/full
    1,7); False, with a note, where the test may not."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
        return True
    except OSError as e:
        print("note: cannot make a device node here (%s); that check is skipped" % e)
        return False


# ---------------------------------------------------------------- item 2

def test_output_naming_an_input_is_refused():
    with Tmp() as d:
        art = write(os.path.join(d, "in.txt"), ARTICLE)
        before = read(art)
        rc, _, err = run(["report", "-o", art, art])
        check(rc == 2 and "is an input" in err, "-o INPUT: exit 2 with a message (%d: %s)"
              % (rc, err))
        check(read(art) == before, "-o INPUT: the article is untouched")
        # Another name for the same file (a hard link, a folder operand).
        alias = os.path.join(d, "alias.txt")
        os.link(art, alias)
        rc, _, err = run(["extract", "-o", alias, d])
        check(rc == 2 and "is an input" in err, "-o a hard link of an input in DIR: exit 2")
        check(read(art) == before, "-o a hard link: the article is untouched")
        rc, _, err = run(["text", "-o", os.path.join(d, ".", "in.txt"), art])
        check(rc == 2 and read(art) == before, "-o ./in.txt for in.txt: refused")


# ---------------------------------------------------------------- item 3

def nitf_with(pubdata_name):
    return ('<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY a "%s">]>\n'
            '<nitf><head><pubdata name="%s"/></head><body><body.content>'
            '<p>The ministry said 12 people died.</p></body.content></body></nitf>\n'
            % ("A" * 1000, pubdata_name))


def test_entities_in_attributes_are_never_expanded():
    with Tmp() as d:
        # 200 KB of references took over 180 s (quadratic joins) and gave a
        # source name hundreds of megabytes long.
        n = 20000 if not UNDER_VALGRIND else 2000
        path = write(os.path.join(d, "ent.nitf.xml"), nitf_with("Wire &a;" * n))
        t = time.time()
        rc, out, err = run(["text", "--format", "json", path], timeout=300)
        took = time.time() - t
        check(rc == 0, "entity attribute: exit 0 (%d: %s)" % (rc, err[:300]))
        check(took < (60 if UNDER_VALGRIND else 10), "entity attribute: read in %.1f s" % took)
        if rc == 0:
            src = docs_of(out)[0]["metadata"]["source"]
            check(src and "AAAA" not in src["value"], "entity attribute: the entity is not "
                  "expanded into the source name")
            check(src and len(src["value"].encode()) <= 4096, "entity attribute: the source "
                  "is at most 4 KB (%d)" % len(src["value"].encode()))
            check(any("source" in w and "4096" in w and "ent.nitf.xml" in w
                      for w in warnings(err)),
                  "entity attribute: a warning names the file and the cut")
        # A plain but long value is cut at 4 KB with a warning too.
        path = write(os.path.join(d, "long.json"), json.dumps(
            {"text": ARTICLE, "title": "word " * 3000}))
        rc, out, err = run(["text", "--format", "json", path])
        title = docs_of(out)[0]["metadata"]["title"]["value"] if rc == 0 else ""
        check(rc == 0 and len(title.encode()) <= 4096, "a 15 KB title is cut to 4 KB")
        check(any("long.json" in w and "title" in w for w in warnings(err)),
              "a cut title is a warning naming the file")


# ---------------------------------------------------------------- item 4

def test_folder_walk_by_device_and_inode():
    with Tmp() as d:
        corpus = os.path.join(d, "c")
        write(os.path.join(corpus, "a.txt"), ARTICLE)
        write(os.path.join(corpus, "sub", "b.txt"), OTHER)
        os.symlink(".", os.path.join(corpus, "s1"))
        os.symlink(".", os.path.join(corpus, "s2"))
        os.symlink("..", os.path.join(corpus, "sub", "up"))
        try:
            rc, out, err = run(["extract", corpus], timeout=60)
        except subprocess.TimeoutExpired:
            rc, out, err = -1, b"", "timeout"
        check(rc == 0, "links back to the folder: exit 0 in time (%d: %s)" % (rc, err[:200]))
        if rc == 0:
            ids = [x["id"] for x in docs_of(out)]
            check(sorted(ids) == ["a", "sub/b"], "each file read once: %s" % ids[:10])
        check(any("s1" in w and "already read" in w for w in warnings(err)),
              "a link back to a folder read is a warning")
        # A link that leaves the folder is not followed unless asked.
        outside = os.path.join(d, "outside")
        write(os.path.join(outside, "x.txt"), OTHER)
        os.symlink(outside, os.path.join(corpus, "out"))
        rc, out, err = run(["extract", corpus])
        ids = [x["id"] for x in docs_of(out)] if rc == 0 else []
        check(rc == 0 and "out/x" not in ids, "a link out of the folder is not followed")
        check(any("out" in w and "--follow" in w for w in warnings(err)),
              "a link out of the folder is reported, with --follow")
        rc, out, err = run(["extract", "--follow", corpus])
        ids = [x["id"] for x in docs_of(out)] if rc == 0 else []
        check(rc == 0 and "out/x" in ids, "--follow reads it (%s)" % ids)
        for cmd in ("text", "numbers", "extract", "report"):
            rc, out, _ = run(["help", cmd])
            check(b"--follow" in out, "help %s documents --follow" % cmd)
        # Dangling links, FIFOs: a word each, nothing else.
        os.symlink("nowhere", os.path.join(corpus, "dangling.txt"))
        os.mkfifo(os.path.join(corpus, "pipe.txt"))
        rc, out, err = run(["extract", corpus], timeout=60)
        check(rc == 0, "dangling link and FIFO in a folder: exit 0 (%s)" % err[:200])
        check(any("dangling.txt" in w for w in warnings(err)), "a dangling link is reported")
        check(any("pipe.txt" in w and "FIFO" in w for w in warnings(err)),
              "a FIFO is reported")


# ---------------------------------------------------------------- item 5

def sanitized():
    """Whether the reckon binary is built with AddressSanitizer, which
    reserves terabytes of address space: no address-space limit applies."""
    return b"__asan_init" in read(EXE)


def test_out_of_memory_under_an_address_space_limit():
    if sanitized() or UNDER_VALGRIND:
        print("note: under ASan or valgrind no address-space limit can apply; skipped")
        return
    with Tmp() as d:
        para = "<p>The ministry said 12 people were killed on Monday in the capital.</p>\n"
        n = (40 << 20) // len(para)
        nitf = os.path.join(d, "big.nitf.xml")
        with open(nitf, "w") as f:
            f.write('<?xml version="1.0"?>\n<nitf><body><body.content>\n' + para * n +
                    '</body.content></body></nitf>\n')
        html = os.path.join(d, "big.html")
        with open(html, "w") as f:
            f.write("<html><body><article>\n" + para * n + "</article></body></html>\n")
        small = write(os.path.join(d, "small.txt"), ARTICLE)

        def limit():
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (200 << 20, 200 << 20))
        # Before: a segfault inside libxml2, "an HTML page without elements",
        # or out of memory naming no file.
        for path in (nitf, html):
            out = os.path.join(d, "out.txt")
            write(out, "previous\n")
            rc, _, err = run(["text", "-o", out, path, small], preexec=limit, timeout=300)
            check(rc == 2, "%s under 200 MB: exit 2, no signal (%d)" % (os.path.basename(path),
                                                                      rc))
            check(re.search(r"^reckon: %s: out of memory" % re.escape(path), err, re.M),
                  "%s under 200 MB: out of memory naming the file: %s"
                  % (os.path.basename(path), err.strip()[:300]))
            check("parser error" not in err and "Memory allocation failed" not in err,
                  "libxml2 prints nothing of its own")
            check(b"document small" in read(out), "the other input went on and was written")


# ---------------------------------------------------------------- item 6

class Recorder(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        body = read(os.path.join(RULES, "schema", "numbers.rng"))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_rule_schema_never_reaches_the_network():
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with Tmp() as d:
            rules = os.path.join(d, "rules")
            shutil.copytree(RULES, rules)
            rng = os.path.join(rules, "schema", "rules.rng")
            text = read(rng, "r")
            write(rng, text.replace('<include href="numbers.rng"/>',
                                    '<include href="http://127.0.0.1:%d/numbers.rng"/>' % port))
            art = write(os.path.join(d, "a.txt"), ARTICLE)
            rc, _, err = run(["rules", "check", rules], timeout=60)
            check(rc == 2, "a schema including a URL: exit 2 (%d)" % rc)
            check("URL" in err and "rules.rng:" in err,
                  "the refusal names the schema file and line: %s" % err.strip()[:200])
            run(["extract", "--rules", rules, art], timeout=60)
            check(Recorder.hits == [], "nothing was fetched: %s" % Recorder.hits)
            # A file outside the rule folder is refused as well.
            write(os.path.join(d, "stolen.rng"), read(os.path.join(RULES, "schema",
                                                                     "numbers.rng"), "r"))
            write(rng, text.replace('<include href="numbers.rng"/>',
                                    '<include href="../../stolen.rng"/>'))
            rc, _, err = run(["rules", "check", rules], timeout=60)
            check(rc == 2 and "outside the rule folder" in err,
                  "a schema including a file outside the folder: refused (%s)" % err[:200])
    finally:
        server.shutdown()


# ---------------------------------------------------------------- item 7

def test_one_bad_json_line_costs_one_line():
    with Tmp() as d:
        good1 = json.dumps({"text": ARTICLE})
        good2 = json.dumps({"text": OTHER})
        cases = {
            "junk.jsonl": good1 + "\njunk after the first line\n" + good2 + "\n",
            "array_line.json": good1 + "\n[1, 2]\n" + good2 + "\n",
            "junk_on_line1.json": good1 + " trailing\n" + good2 + "\n",
            "broken_first.jsonl": '{"text": "unterminated\n' + good2 + "\n",
        }
        for name, data in cases.items():
            path = write(os.path.join(d, name), data)
            rc, out, err = run(["extract", path])
            n = len(docs_of(out)) if out else 0
            bad = [l for l in err.splitlines() if re.match(r"reckon: .*%s:\d+:\d+: " %
                                                           re.escape(name), l)]
            check(rc == 2 and n >= 1, "%s: the good records are read (exit %d, %d documents)"
                  % (name, rc, n))
            check(len(bad) == 1, "%s: one error with its line: %s" % (name, bad))
        # A pretty-printed article in a .jsonl file is still one article.
        path = write(os.path.join(d, "pretty.jsonl"), json.dumps({"text": ARTICLE}, indent=2))
        rc, out, _ = run(["extract", path])
        check(rc == 0 and len(docs_of(out)) == 1, "a pretty-printed .jsonl article reads")


# ---------------------------------------------------------------- item 8

def test_review_values_are_checked_before_writing():
    with Tmp() as d:
        write(os.path.join(d, "a.txt"), ARTICLE)
        reviews = os.path.join(d, "reviews.json")
        rc, _, err = run(["review", "set", "deaths/people", "confirmed", "--reviews", reviews])
        check(rc == 0, "a good review is written (%s)" % err)
        before = read(reviews)
        bad = b"\xff\xfe not utf-8"
        for args in (["deaths/people", "confirmed", "--note", bad],
                     [b"group\xc3", "confirmed"], ["deaths/people", "resolved",
                                                   "--reviewer", bad]):
            p = subprocess.run([w.encode() for w in WRAP] + [EXE.encode(), b"review", b"set"] +
                               [a if isinstance(a, bytes) else a.encode() for a in args] +
                               [b"--reviews", reviews.encode()], capture_output=True)
            check(p.returncode == 2 and b"UTF-8" in p.stderr,
                  "review set with invalid UTF-8 is refused: %s" % p.stderr[:200])
        check(read(reviews) == before, "the review file is untouched")
        rc, _, err = run(["report", d])
        check(rc == 0, "report DIR still works after the refused reviews (%d: %s)" % (rc, err))
        # The lock file of review set is never read as an article.
        rc, _, err = run(["review", "set", "injured/people", "dismissed"], cwd=d)
        check(rc == 0, "review set in the corpus folder (%s)" % err)
        rc, out, err = run(["report", "."], cwd=d)
        check(rc == 0, "report . after review set: exit 0 (%d: %s)" % (rc, err))
        write(os.path.join(d, "reviews.json.lock"), "")
        rc, _, err = run(["report", "."], cwd=d)
        check(rc == 0 and "lock" in err, "a leftover reviews.json.lock is skipped with a "
              "note (%d: %s)" % (rc, err))


# ---------------------------------------------------------------- item 9

def test_document_ids_are_unique_and_stable():
    with Tmp() as d:
        c = os.path.join(d, "c")
        write(os.path.join(c, "d1", "x.txt"), ARTICLE)
        write(os.path.join(c, "d2", "x.txt"), OTHER)
        write(os.path.join(c, "d1", "x.json"), json.dumps({"text": OTHER}))
        write(os.path.join(c, "d3", "index.html"),
              "<html><body><p>%s</p></body></html>" % ARTICLE)
        write(os.path.join(c, "d4", "index.html"),
              "<html><body><p>%s</p></body></html>" % OTHER)
        rc, out, err = run(["extract", c])
        check(rc == 0, "ids: exit 0 (%s)" % err)
        data = json.loads(out) if rc == 0 else {"documents": [], "claims": []}
        ids = [x["id"] for x in data["documents"]]
        check(len(ids) == 5 and len(set(ids)) == 5, "ids are unique: %s" % ids)
        check("d2/x" in ids and "d3/index" in ids, "ids are paths relative to the folder: %s"
              % ids)
        claim_ids = [x["id"] for x in data["claims"]]
        check(len(claim_ids) == len(set(claim_ids)), "claim ids are unique")
        check(all(cl["id"].startswith(cl["document"] + ":") for cl in data["claims"]),
              "claim ids follow their document's id")
        rc2, out2, _ = run(["extract", c])
        check(out2 == out, "ids are the same from run to run")
        # The same file given twice is read once.
        x = os.path.join(c, "d2", "x.txt")
        rc, out, err = run(["extract", x, x])
        check(rc == 0 and len(docs_of(out)) == 1 and "read once" in err,
              "the same file twice: one document and a note")


# ---------------------------------------------------------------- item 10

def test_output_stays_a_small_multiple_of_the_input():
    with Tmp() as d:
        n = 200000 if not UNDER_VALGRIND else 20000
        path = write(os.path.join(d, "nines.txt"), "The ministry said " + "9," * n + " died.\n")
        size = os.path.getsize(path)
        out = os.path.join(d, "out.jsonl")
        rc, _, err = run(["extract", "--format", "jsonl", "-o", out, path], timeout=600)
        check(rc == 0, "200,000 numbers: exit 0 (%d: %s)" % (rc, err[:300]))
        got = os.path.getsize(out) if os.path.exists(out) else 0
        # Before: 200,000 claims each quoting 800 bytes, 230 MB for 400 KB.
        check(got <= 25 * size, "the output is %d bytes for %d bytes of input (at most 25x)"
              % (got, size))
        check(any("nines.txt" in w and "claims" in w and "limit" in w for w in warnings(err)),
              "a warning names the file and the claim limit")


# ---------------------------------------------------------------- item 11

def test_nul_escape_in_json_keeps_the_rest():
    with Tmp() as d:
        raw = '{"title": "t", "text": "The ministry said\\u0000 12 people were killed."}\n'
        for name, data in (("a.json", raw), ("b.jsonl", raw + raw)):
            path = write(os.path.join(d, name), data)
            rc, out, err = run(["text", "--format", "json", path])
            body = " ".join(s["text"] for s in docs_of(out)[0]["sentences"]) if rc == 0 else ""
            check(rc == 0 and "12 people were killed" in body,
                  "%s: the text after \\u0000 is kept: %r" % (name, body))
            check(any(re.search(r"%s:\d+:\d+: warning: .*u0000" % name, w)
                      for w in warnings(err)), "%s: a warning with line and column" % name)


# ---------------------------------------------------------------- item 12

def test_dates_that_are_not_dates_are_warnings():
    with Tmp() as d:
        for i, bad in enumerate(["yesterday", "2022-02-30", "9" * 400, "2021-13-01"]):
            art = write(os.path.join(d, "s%d.txt" % i), ARTICLE)
            write(os.path.join(d, "s%d.meta.json" % i),
                  '{"source": "Wire",\n "published": "%s"}\n' % bad)
            rc, out, err = run(["extract", art])
            doc = docs_of(out)[0] if rc == 0 else {}
            check(rc == 0 and doc.get("source") == "Wire",
                  "sidecar date %r: the rest of the sidecar is used (%d: %s)" % (bad[:12], rc,
                                                                              err[:200]))
            check(doc.get("published") in (None,) or
                  (doc["metadata"]["published"] == "inferred"),
                  "sidecar date %r: not used as given" % bad[:12])
            check(any(re.search(r"s%d\.meta\.json:2:\d+: warning: " % i, w)
                      for w in warnings(err)),
                  "sidecar date %r: a warning at path:line:col" % bad[:12])
        # The same from a JSON article and an HTML page; the JSON report of
        # them validates (published is a date or null).
        j = write(os.path.join(d, "j.json"), '{"text": "%s", "published": "yesterday"}'
                  % ARTICLE.strip())
        h = write(os.path.join(d, "h.html"), '<html><head><meta property="article:published_'
                  'time" content="2022-02-30"></head><body><p>%s</p></body></html>' % OTHER)
        rc, out, err = run(["report", j, h])
        check(rc == 0, "report of bad dates: exit 0 (%s)" % err[:200])
        check(any("j.json:1:" in w for w in warnings(err)) and
              any("h.html:1:" in w for w in warnings(err)),
              "JSON and HTML dates: warnings with their places")
        for doc in (json.loads(out)["documents"] if rc == 0 else []):
            v = doc["published"]
            check(v is None or re.match(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?([T ].*)?$", v),
                  "published is a date or null: %r" % v)
        # Leap days and date-times that are real stay given.
        good = write(os.path.join(d, "leap.txt"), ARTICLE)
        write(os.path.join(d, "leap.meta.json"), '{"published": "2024-02-29T08:30:00+03:00"}')
        rc, out, _ = run(["extract", good])
        check(rc == 0 and docs_of(out)[0]["published"] == "2024-02-29T08:30:00+03:00",
              "a real leap day with a time is given")


# ---------------------------------------------------------------- item 13

AR = "قالت وزارة الصحة إن 12 شخصا قتلوا يوم الاثنين."


def test_declared_encodings_are_decoded():
    with Tmp() as d:
        html = ('<html lang="ar"><head><meta charset="windows-1256"><title>خبر</title></head>'
                '<body><p>%s</p></body></html>' % AR)
        p1 = write(os.path.join(d, "cp1256.html"), html.encode("cp1256"), "wb")
        html2 = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
                 'charset=windows-1256"></head><body><p>%s</p></body></html>' % AR)
        p2 = write(os.path.join(d, "equiv.html"), html2.encode("cp1256"), "wb")
        xml = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf><head><title>Café</title>'
               '</head><body><body.content><p>The ministère said 12 people died.</p>'
               '</body.content></body></nitf>\n')
        p3 = write(os.path.join(d, "latin1.nitf.xml"), xml.encode("latin-1"), "wb")
        rc, out, err = run(["extract", p1, p2, p3])
        check(rc == 0, "declared encodings: exit 0 (%d: %s)" % (rc, err[:300]))
        data = json.loads(out) if rc == 0 else {"documents": [], "claims": []}
        texts = [c["sentence"]["text"] for c in data["claims"]]
        check(sum(AR in t for t in texts) == 2, "the Arabic pages read as Arabic: %s" % texts)
        check(any("ministère" in t for t in texts), "the Latin-1 XML reads: %s" % texts)
        for c in data["claims"]:
            check(c["text"] == "12", "a span of a decoded page holds its number: %r" % c["text"])
        # Not UTF-8 and nothing declared: an error saying what was tried.
        p4 = write(os.path.join(d, "none.html"),
                   ("<html><body><p>%s</p></body></html>" % AR).encode("cp1256"), "wb")
        rc, _, err = run(["extract", p4])
        check(rc == 2 and "none.html" in err and "tried UTF-8" in err,
              "undeclared: an error saying what was tried (%s)" % err.strip())
        p5 = write(os.path.join(d, "bogus.html"), ('<meta charset="no-such-thing"><p>%s</p>'
                                                   % AR).encode("cp1256"), "wb")
        rc, _, err = run(["extract", p5])
        check(rc == 2 and "no-such-thing" in err, "an unknown declared encoding is named")


# ---------------------------------------------------------------- item 14

def test_json_array_of_articles_is_read():
    with Tmp() as d:
        path = write(os.path.join(d, "arr.json"), json.dumps(
            [{"text": ARTICLE, "source": "A"}, 7, {"text": OTHER, "source": "B"}], indent=1))
        rc, out, err = run(["extract", path])
        docs = docs_of(out) if out else []
        check(len(docs) == 2 and docs[0]["source"] == "A" and docs[0]["format"] == "json",
              "a JSON array gives its articles (%d: %s)" % (rc, [x.get("id") for x in docs]))
        check(rc == 2 and re.search(r"arr\.json:\d+:\d+: ", err),
              "a bad element is an error with its place (%s)" % err.strip())
        check(len({x["id"] for x in docs}) == len(docs), "array ids are unique")


def test_signals_leave_no_temporary_output():
    with Tmp() as d:
        c = os.path.join(d, "c")
        n = 400 if not UNDER_VALGRIND else 40
        text = (ARTICLE + OTHER) * 200
        for i in range(n):
            write(os.path.join(c, "a%04d.txt" % i), ("%d\n" % i) + text)
        out = os.path.join(d, "out.json")
        for sig in (signal.SIGINT, signal.SIGTERM):
            write(out, "previous\n")
            p = subprocess.Popen(WRAP + [EXE, "report", "-o", out, c], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            # Wait for the temporary file to appear, then interrupt.
            t = time.time()
            while time.time() - t < 60 and p.poll() is None and \
                    not [x for x in os.listdir(d) if ".tmp." in x]:
                time.sleep(0.005)
            temp_seen = bool([x for x in os.listdir(d) if ".tmp." in x])
            p.send_signal(sig)
            p.wait(60)
            left = [x for x in os.listdir(d) if ".tmp." in x]
            check(not left, "%s: no temporary output left: %s" % (sig.name, left))
            check(read(out) == b"previous\n" or b'"groups"' in read(out),
                  "%s: the output is the old one or a whole one" % sig.name)
            check(temp_seen, "%s: the run was caught while writing" % sig.name)


def test_xml_errors_report_the_first_error():
    with Tmp() as d:
        # Line 2 has the first error (a mismatched end tag); libxml2 then
        # reports more at the end of the input.
        path = write(os.path.join(d, "bad.nitf.xml"),
                     '<nitf><body><body.content>\n<p>One</b>\n<p>Two</p>\n\n\n\n')
        rc, _, err = run(["extract", path])
        m = re.search(r"bad\.nitf\.xml:(\d+):\d+: ", err)
        check(rc == 2 and m and m.group(1) == "2", "the first XML error (line 2): %s"
              % err.strip())


def test_limits_name_what_governs_them():
    with Tmp() as d:
        art = write(os.path.join(d, "a.txt"), ARTICLE)
        write(os.path.join(d, "a.meta.json"), '{"title": "%s"}' % ("x" * (1 << 20)))
        rc, _, err = run(["extract", art])
        line = [l for l in err.splitlines() if "a.meta.json" in l]
        check(line and "--max-bytes" not in line[0] and "sidecar" in line[0],
              "a sidecar over its limit does not name --max-bytes: %s" % line)
        rc, _, err = run(["extract", "--max-bytes", "10", art])
        check(rc == 2 and "--max-bytes" in err, "an article over --max-bytes names it")
        rev = write(os.path.join(d, "big-reviews.json"), "{" + " " * (64 << 20) + "}")
        rc, _, err = run(["report", "--reviews", rev, art])
        check(rc == 2 and "--max-bytes" not in err and "review" in err,
              "a review file over its limit does not name --max-bytes: %s" % err.strip())


def test_write_errors_name_the_path_and_the_reason():
    with Tmp() as d:
        art = write(os.path.join(d, "a.txt"), (ARTICLE + OTHER) * 200)
        out = os.path.join(d, "out.json")

        def small_files():
            import resource
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        rc, _, err = run(["report", "-o", out, art], preexec=small_files)
        check(rc == 2 and out in err and "File too large" in err,
              "a write error names the output and the reason: %s" % err.strip())
        check(not os.path.exists(out), "nothing is left at the output's path")
        full = os.path.join(d, "full")
        if make_device(full, 1, 7):
            rc, _, err = run(["extract", "-o", full, art])
            check(rc == 2 and full in err and "No space left" in err,
                  "disk full names the output and the reason: %s" % err.strip())
            check(stat.S_ISCHR(os.lstat(full).st_mode), "the full device is still a device")


def test_rule_cycle_is_named_at_its_file_and_line():
    with Tmp() as d:
        rules = os.path.join(d, "rules")
        shutil.copytree(RULES, rules)
        rec = os.path.join(rules, "common", "reconcile.xml")
        text = read(rec, "r")
        i = text.index("<subject-within")
        text = (text[:i] + '<subject-within narrow="zz_a" wide="zz_b"/>\n    '
                '<subject-within narrow="zz_b" wide="zz_a"/>\n    ' + text[i:])
        write(rec, text)
        line = text[:text.index('narrow="zz_a"')].count("\n") + 1
        art = write(os.path.join(d, "a.txt"), ARTICLE)
        rc, _, err = run(["report", "--rules", rules, art])
        check(rc == 2 and re.search(r"reconcile\.xml:%d: .*cycle" % line, err),
              "a cycle is named at reconcile.xml:%d: %s" % (line, err.strip()))


def test_control_characters_in_names_are_escaped():
    with Tmp() as d:
        name = "evil\x1b]0;pwned\x07\nreckon: fake.txt:1:1: all good\u202e.txt"
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(b"\xff\xfe\x00 binary")
        rc, _, err = run(["extract", path])
        check(rc == 2, "a bad file with a hostile name: exit 2")
        check("\x1b" not in err and "\x07" not in err and "\u202e" not in err,
              "no control character reaches the terminal: %r" % err)
        check(len(err.strip().splitlines()) == 1, "the message stays on one line: %r" % err)
        check("\\x1b" in err and "\\n" in err and "\\u{202e}" in err,
              "control characters are shown escaped: %r" % err)


# ---------------------------------------------------------------- issue 16

def test_folder_walk_reads_articles_and_notes_the_rest():
    with Tmp() as d:
        c = os.path.join(d, "c")
        write(os.path.join(c, "a.txt"), ARTICLE)
        write(os.path.join(c, "a.meta.json"), '{"source": "Wire"}')
        for name in ("notes.md", "photo.jpg", "a.gold.jsonl", "a.negatives.jsonl",
                     "relations.jsonl", "gold.jsonl", "negatives.jsonl", "reviews.json",
                     "reviews.json.lock"):
            write(os.path.join(c, name), "{}\n")
        rc, out, err = run(["extract", c])
        check(rc == 0, "a folder with notes and companions: exit 0 (%d: %s)" % (rc, err))
        ids = [x["id"] for x in docs_of(out)] if rc == 0 else []
        check(ids == ["a"], "only the article is read: %s" % ids)
        check(docs_of(out)[0]["source"] == "Wire" if ids else False,
              "the sidecar is read as the article's sidecar")
        # What people keep beside articles is noted; reckon's own companions
        # of a corpus (gold files, reviews) are passed over without a word:
        # an annotated folder would otherwise print a line per gold file.
        for name in ("notes.md", "photo.jpg", "reviews.json.lock"):
            check(len([w for w in warnings(err) if ("/" + name + ":") in w]) == 1,
                  "%s: one warning naming it" % name)
        for name in ("a.gold.jsonl", "a.negatives.jsonl", "relations.jsonl", "gold.jsonl",
                     "negatives.jsonl", "reviews.json"):
            check(not [w for w in warnings(err) if ("/" + name + ":") in w],
                  "%s: reckon's own companion, no warning" % name)
        check(not [w for w in warnings(err) if "a.meta.json" in w], "no warning for a sidecar")
        # An empty folder, or one with no article, is an error with no output.
        empty = os.path.join(d, "empty")
        os.mkdir(empty)
        rc, out, err = run(["report", empty])
        check(rc == 2 and "no article" in err and out == b"",
              "an empty folder: exit 2, no report (%d: %s)" % (rc, err.strip()))
        only = os.path.join(d, "only")
        write(os.path.join(only, "notes.md"), "notes\n")
        rc, out, err = run(["report", only])
        check(rc == 2 and "no article" in err and out == b"",
              "a folder without articles: exit 2, no report")


GROUPS = {n[5:]: f for n, f in globals().items() if n.startswith("test_")}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in GROUPS:
        sys.exit("usage: test_hostile.py " + "|".join(sorted(GROUPS)))
    GROUPS[sys.argv[1]]()
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("ok")
