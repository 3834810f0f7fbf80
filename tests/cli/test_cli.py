#!/usr/bin/env python3
"""test_cli.py - the reckon command as users run it, one group of checks per
meson test: python3 test_cli.py GROUP. Needs RECKON_EXE, RECKON_RULES and
RK_FIXTURES (tests/meson.build sets them)."""
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

EXE = os.environ["RECKON_EXE"]
# The memcheck command line of the valgrind test setup (tests/valgrind.sh).
WRAP = shlex.split(os.environ.get("RECKON_WRAPPER", ""))
FIXTURES = os.environ["RK_FIXTURES"]
COMMANDS = ["text", "numbers", "extract", "report", "check", "rules", "review"]
# Commands that read articles, with the options each needs to get that far.
READERS = ["text", "numbers", "extract", "report"]
ERROR_LINE = re.compile(r"^reckon: [^:\n]+:\d+:\d+: .+$", re.M)

failures = []


def run(args, stdin=None, env=None):
    """Runs reckon with args; returns (exit code, stdout bytes, stderr text)."""
    p = subprocess.run(WRAP + [EXE] + args, input=stdin, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def fixture(name):
    return os.path.join(FIXTURES, name)


ARABIC = fixture("000_a36954025af67d07.txt")
ENGLISH = fixture("en_wire_toll_jan6.txt")


def corpus_lines():
    """Non-empty lines of the plain-text fixtures, Arabic and English."""
    lines = []
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".txt"):
            with open(fixture(name), encoding="utf-8") as f:
                lines += [l.rstrip("\n") for l in f if l.strip()]
    return lines


def make_corpus(where, n_docs, seed=7, jsonl_every=0):
    """Writes n_docs generated articles under where: shuffled fixture lines,
    one file each, and when jsonl_every > 0 every jsonl_every-th article as a
    record of one JSON Lines file instead, so both one-document and
    many-document files are in the corpus."""
    rng = random.Random(seed)
    lines = corpus_lines()
    os.makedirs(where, exist_ok=True)
    records = []
    for i in range(n_docs):
        body = "\n".join(rng.choice(lines) for _ in range(12)) + "\n"
        if jsonl_every and i % jsonl_every == 0:
            records.append(json.dumps({"source": "Wire %d" % (i % 5), "body": body},
                                      ensure_ascii=False))
            continue
        with open(os.path.join(where, "doc%05d.txt" % i), "w", encoding="utf-8") as f:
            f.write(body)
    if records:
        with open(os.path.join(where, "records.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(records) + "\n")
    return where


# ---------------------------------------------------------------- groups

def test_help():
    rc, out, _ = run(["--help"])
    check(rc == 0 and out.startswith(b"usage: reckon"), "--help prints the usage, exit 0")
    for c in COMMANDS:
        check(("  " + c).encode() in out, "--help lists " + c)
    rc, out, _ = run(["--version"])
    check(rc == 0 and re.match(rb"^reckon \d+\.\d+\.\d+\n$", out), "--version prints the version")
    for c in COMMANDS:
        rc, out, _ = run(["help", c])
        check(rc == 0 and out.startswith(("usage: reckon " + c).encode()),
              "help %s prints its usage" % c)
        rc2, out2, _ = run([c, "--help"])
        check(rc2 == 0 and out2 == out, "%s --help is help %s" % (c, c))
    for c in READERS + ["check"]:
        _, out, _ = run(["help", c])
        check(b"--max-bytes" in out and b"256M" in out,
              "help %s documents --max-bytes and its default" % c)
    for c in ["extract", "report"]:
        _, out, _ = run(["help", c])
        check(b"--jobs" in out, "help %s documents --jobs" % c)
    _, out, _ = run(["help", "report"])
    check(b"text (a summary" in out, "help report lists the text format")


def test_usage():
    rc, _, err = run(["frobnicate"])
    check(rc == 2 and "unknown command 'frobnicate'" in err, "unknown command: exit 2, message")
    rc, _, err = run(["help", "frobnicate"])
    check(rc == 2 and "unknown command" in err, "help of an unknown command: exit 2")
    rc, _, _ = run([])
    check(rc == 2, "no command: exit 2")
    for c in READERS + ["check"]:
        rc, _, err = run([c, "--no-such-option", ARABIC])
        check(rc == 2 and "unknown option '--no-such-option'" in err,
              "%s: unknown option exits 2 with a message" % c)
    for c in ["extract", "report"]:
        rc, _, err = run([c, "-j", "many", ARABIC])
        check(rc == 2 and "--jobs" in err, "%s -j many is a usage error" % c)
        rc, _, err = run([c, "--jobs"])
        check(rc == 2 and "needs a value" in err, "%s --jobs without a value" % c)
    rc, _, err = run(["extract", "--max-bytes", "12Q", ARABIC])
    check(rc == 2 and "--max-bytes" in err, "a bad --max-bytes is a usage error")
    rc, _, err = run(["report", "--format", "nope", ARABIC])
    check(rc == 2 and "text)" in err, "report: unknown format lists text among the formats")


def test_exit_codes():
    rc, out, err = run(["report", "--fail-on", "contradiction", FIXTURES])
    check(rc == 1, "report --fail-on contradiction on the fixtures exits 1 (got %d)" % rc)
    groups = json.loads(run(["report", FIXTURES])[1])["groups"]
    open_ids = [g["id"] for g in groups if g["verdict"] == "contradiction"]
    check(len(open_ids) > 0, "the fixtures have contradictions")
    with tempfile.TemporaryDirectory() as tmp:
        reviews = os.path.join(tmp, "reviews.json")
        for gid in open_ids:
            rc, _, err = run(["review", "--reviews", reviews, "set", gid, "dismissed"])
            check(rc == 0, "review set %s: %s" % (gid, err))
        rc, _, err = run(["report", "--reviews", reviews, "--fail-on", "contradiction", FIXTURES])
        check(rc == 0, "every contradiction reviewed: exit 0 (got %d: %s)" % (rc, err))
        # Leave one out: it fails again, so the zero above was earned.
        partial = os.path.join(tmp, "partial.json")
        for gid in open_ids[1:]:
            run(["review", "--reviews", partial, "set", gid, "dismissed"])
        rc, _, _ = run(["report", "--reviews", partial, "--fail-on", "contradiction", FIXTURES])
        check(rc == 1, "one contradiction left unreviewed still fails (got %d)" % rc)
    missing = os.path.join(FIXTURES, "no-such-article.txt")
    for c in ["extract", "report"]:
        for jobs in ["1", "2"]:
            rc, out, err = run([c, "-j", jobs, ARABIC, missing, ENGLISH])
            docs = [d["id"] for d in json.loads(out)["documents"]] if out else []
            check(rc == 2 and "no-such-article.txt" in err,
                  "%s -j %s: a missing file exits 2 and is named" % (c, jobs))
            check(len(docs) == 2, "%s -j %s: the good files are still output (%r)"
                  % (c, jobs, docs))


def test_errors():
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "broken.json")
        with open(bad, "w") as f:
            f.write('{"title": "x",\n  "body": "12 dead"\n  "source": }\n')
        for c in ["text", "numbers", "extract", "report"]:
            rc, _, err = run([c, bad, ARABIC])
            check(rc == 2, "%s: a malformed JSON article exits 2" % c)
            m = ERROR_LINE.search(err)
            check(m is not None and bad in m.group(0),
                  "%s: the error reads 'reckon: path:line:col: message' (%r)" % (c, err))
        bad_utf8 = os.path.join(tmp, "latin1.txt")
        with open(bad_utf8, "wb") as f:
            f.write(b"12 dead\ncaf\xe9\n")
        rc, _, err = run(["extract", bad_utf8])
        check(rc == 2 and re.search(r"latin1\.txt:2:\d+: ", err) is not None,
              "invalid UTF-8 is reported at its line and column (%r)" % err)


def test_output():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        with open(out, "w") as f:
            f.write("previous\n")
        for c in ["extract", "report"]:
            rc, _, _ = run([c, "--rules", os.path.join(tmp, "no-rules"), "-o", out, ARABIC])
            check(rc == 2, "%s with a missing rule set fails" % c)
            check(open(out).read() == "previous\n", "%s: a failed run leaves -o intact" % c)
            check(sorted(os.listdir(tmp)) == ["out.json"],
                  "%s: a failed run leaves no temporary file (%r)" % (c, os.listdir(tmp)))
        for fmt in ["json", "jsonl"]:
            rc, stdout, _ = run(["extract", "--format", fmt, ARABIC])
            rc2, _, _ = run(["extract", "--format", fmt, "-o", out, ARABIC])
            check(rc == 0 and rc2 == 0 and open(out, "rb").read() == stdout,
                  "extract --format %s -o writes what stdout gets" % fmt)
            check(sorted(os.listdir(tmp)) == ["out.json"], "-o leaves no temporary file")
        rc, _, err = run(["extract", "-o", os.path.join(tmp, "no-dir", "x.json"), ARABIC])
        check(rc == 2 and err.startswith("reckon: "), "an output in a missing folder fails")
    # A killed run leaves OUT.tmp.XXXXXX behind; a folder holding it must not
    # read the half-written file as an article.
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ARABIC, tmp)
        with open(os.path.join(tmp, "report.json.tmp.Ab12Cd"), "w") as f:
            f.write('{"documents": [')
        rc, stdout, err = run(["extract", "--format", "jsonl", tmp])
        check(rc == 0 and err == "", "a leftover temporary output is skipped (%d, %r)" % (rc, err))
        check(stdout.count(b'"type":"document"') == 1, "only the article is read")


def test_stdin():
    with open(ARABIC, "rb") as f:
        data = f.read()
    for c in ["numbers", "extract"]:
        rc, out, err = run([c, "-"], stdin=data)
        check(rc == 0 and len(out) > 100, "%s - reads standard input (%s)" % (c, err))
        rc2, out2, _ = run([c, ARABIC])
        # Only the path and the id differ between the two runs.
        check(out.count(b"\n") == out2.count(b"\n"), "%s - reads as much as the file" % c)
    rc, out, _ = run(["numbers", "-"], stdin="أكثر من 10 آلاف\n".encode())
    check(rc == 0 and b"10000" in out, "numbers - reads an expression from a pipe (%r)" % out)
    rc, out, _ = run(["extract", "--format", "jsonl", "-"], stdin=data)
    check(rc == 0 and out.startswith(b'{"type":"document"'), "extract --format jsonl -")


def test_max_bytes():
    size = os.path.getsize(ARABIC)
    small = os.path.getsize(ENGLISH)
    check(small < size, "the English fixture is the smaller one")
    limit = str(small + 1)
    for c in READERS:
        rc, out, err = run([c, "--max-bytes", limit, ARABIC, ENGLISH])
        expect = "reckon: %s: file is %d bytes, more than the limit of %s (--max-bytes)" % (
            ARABIC, size, limit)
        check(rc == 2 and expect in err, "%s refuses a file over --max-bytes (%r)" % (c, err))
        alone = run([c, ENGLISH])[1]
        check(len(out) > 0 and (out == alone or b"en_wire_toll_jan6" in out),
              "%s goes on with the others" % c)
        rc, _, err = run([c, "--max-bytes", "1M", ARABIC, ENGLISH])
        check(rc == 0 and err == "", "%s: 1M accepts both" % c)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ARABIC, tmp)
        rc, out, err = run(["check", "--max-bytes", "1K", tmp])
        check(rc != 0 and "more than the limit of 1024" in (err + out.decode()),
              "check refuses a fixture over --max-bytes")


def same_for_every_jobs(args, what):
    rc1, out1, err1 = run(args[:1] + ["-j", "1"] + args[1:])
    for jobs in ["2", "4", "0"]:
        rc, out, err = run(args[:1] + ["-j", jobs] + args[1:])
        check(rc == rc1 and out == out1 and err == err1,
              "%s: -j %s gives the bytes and messages of -j 1" % (what, jobs))
    return out1


def test_jobs():
    for fmt in ["json", "jsonl", "xml", "csv"]:
        out = same_for_every_jobs(["extract", "--format", fmt, FIXTURES], "extract fixtures " + fmt)
        check(len(out) > 1000, "extract %s over the fixtures has output" % fmt)
    for fmt in ["json", "html", "text"]:
        same_for_every_jobs(["report", "--format", fmt, FIXTURES], "report fixtures " + fmt)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(os.path.join(tmp, "corpus"), 400, jsonl_every=8)
        # A bad file in the middle: its message must come in input order too.
        with open(os.path.join(corpus, "doc00100.txt"), "wb") as f:
            f.write(b"\xff\xfe broken\n")
        out = same_for_every_jobs(["extract", "--format", "jsonl", corpus], "extract corpus jsonl")
        n_docs = out.count(b'{"type":"document"')
        check(n_docs == 399, "the generated corpus gives 399 documents (%d)" % n_docs)
        same_for_every_jobs(["extract", "--format", "json", corpus], "extract corpus json")
        same_for_every_jobs(["report", "--format", "json", corpus], "report corpus json")
        _, jsonl, _ = run(["extract", "--format", "jsonl", corpus])
        _, whole, _ = run(["extract", "--format", "json", corpus])
        ids = [json.loads(l)["id"] for l in jsonl.splitlines()
               if l.startswith(b'{"type":"document"')]
        check(ids == [d["id"] for d in json.loads(whole)["documents"]],
              "streamed JSON Lines has the documents of the whole-set JSON, in order")


def make_big_jsonl(path, size):
    """A JSON Lines file of at least `size` bytes with a bad record at about
    half of it and a record of a megabyte that a cut between parts falls in."""
    toll = ("At least %d people were killed and about %d detained, the ministry said on "
            "Thursday. Police said %d officers were injured. ")
    arabic = "قتل %d من عناصر الأمن وأصيب %d آخرون، بحسب وزارة الداخلية. "
    with open(path, "w", encoding="utf-8") as f:
        written, line = 0, 0
        while written < size:
            line += 1
            if line == 700:
                rec = '{"text": "broken\n'
            elif line == 300:
                rec = json.dumps({"title": "long", "text": (toll % (1, 2, 3)) * 9000},
                                 ensure_ascii=False) + "\n"
            elif line % 2:
                rec = json.dumps({"source": "Reuters", "date": "2022-01-06",
                                  "text": (toll % (line % 300, line * 7 % 9000, line % 40)) * 30},
                                 ensure_ascii=False) + "\n"
            else:
                rec = json.dumps({"date": "2022-01-07", "language": "ar",
                                  "text": (arabic % (line % 90, line % 70)) * 40},
                                 ensure_ascii=False) + "\n"
            f.write(rec)
            written += len(rec.encode("utf-8"))
    return path


def test_jobs_share_one_large_file():
    """One JSON Lines file of more than 8 MB is cut into parts the threads
    share; the output and the messages stay those of -j 1."""
    with tempfile.TemporaryDirectory() as tmp:
        big = make_big_jsonl(os.path.join(tmp, "day.jsonl"), 9 << 20)
        small = os.path.join(tmp, "small.jsonl")
        with open(small, "w") as f:
            f.write('{"text": "Police said 12 people were killed."}\n')
        for fmt in ["jsonl", "json"]:
            out = same_for_every_jobs(["extract", "--format", fmt, small, big, small],
                                      "extract one large JSON Lines file " + fmt)
            check(b"day#300" in out and b"day#701" in out, "%s output has the records" % fmt)
        _, _, err = run(["extract", "--format", "jsonl", "-j", "4", big])
        check("day.jsonl:700:" in err, "the bad record is reported with its line (%r)" % err[:200])
        same_for_every_jobs(["report", "--format", "json", big], "report one large JSON Lines file")


def peak_rss_kb(args):
    """Runs reckon with output to /dev/null; returns (exit code, peak RSS in KB)."""
    env = dict(os.environ)
    # ASan keeps freed memory in quarantine; a small one lets RSS show what
    # the program holds rather than what it freed.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=4"
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen([EXE] + args, stdout=null, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(p.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss


def test_streaming():
    with tempfile.TemporaryDirectory() as tmp:
        small = make_corpus(os.path.join(tmp, "small"), 500, seed=1)
        big = make_corpus(os.path.join(tmp, "big"), 2000, seed=2)
        results = {}
        for name, where in [("small", small), ("big", big)]:
            for fmt in ["jsonl", "json"]:
                rc, kb = peak_rss_kb(["extract", "--format", fmt, "-j", "2", where])
                check(rc == 0, "extract %s over %s exits 0" % (fmt, name))
                results[(name, fmt)] = kb
                print("peak RSS extract --format %s -j 2, %s corpus: %d KB" % (fmt, name, kb))
        s, b = results[("small", "jsonl")], results[("big", "jsonl")]
        check(b <= s * 1.25 + 4096,
              "jsonl peak RSS does not follow the corpus: %d KB at 500, %d KB at 2000" % (s, b))
        # The bound above must be one a whole-set run breaks.
        wb = results[("big", "json")]
        check(wb > s * 1.25 + 4096,
              "a whole-set run over 2000 documents exceeds the bound (%d KB)" % wb)


def test_options_anywhere():
    """One parser for every command: options before, between or after the
    operands, --name=value, and -- to end them."""
    want = run(["report", "--format", "text", FIXTURES])
    check(want[0] == 0 and want[1].startswith(b"6 contradictions") or b"contradiction" in want[1],
          "report --format text FIXTURES prints the text summary")
    for args in (["report", FIXTURES, "--format", "text"], ["report", "--format=text", FIXTURES],
                 ["report", "-f", "text", FIXTURES]):
        got = run(args)
        check(got == want, "%s gives what options first give" % " ".join(args[1:]).replace(
            FIXTURES, "DIR"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.html")
        rc, stdout, err = run(["report", FIXTURES, "-o", out, "--format", "html"])
        check(rc == 0 and stdout == b"" and err == "",
              "report DIR -o out.html --format html writes nothing to stdout (%d, %r)" % (rc, err))
        check(os.path.exists(out) and open(out, "rb").read().startswith(b"<!DOCTYPE html>"),
              "report DIR -o out.html writes the page")
        rc, _, err = run(["extract", "--", "-o"])
        check(rc == 2 and "-o: cannot open" in err, "after --, -o is an input (%r)" % err)
    # Every command reads its options the same way.
    for args, what in ((["check", FIXTURES, "--format", "json"], "check DIR --format json"),
                       (["rules", "check", "--rules", os.environ["RECKON_RULES"]],
                        "rules check --rules DIR"),
                       (["review", "list", "--reviews", "/nonexistent/reviews.json"],
                        "review list --reviews FILE")):
        rc, out, err = run(args)
        check(rc in (0, 1) and "unknown option" not in err, "%s parses (%d, %r)" % (what, rc, err))


def test_did_you_mean():
    rc, _, err = run(["reprot", FIXTURES])
    check(rc == 2 and "did you mean 'report'" in err, "a mistyped command is named (%r)" % err)
    rc, _, err = run(["help", "extarct"])
    check(rc == 2 and "did you mean 'extract'" in err, "help of a mistyped command (%r)" % err)
    rc, _, err = run(["zzzzzz"])
    check(rc == 2 and "did you mean" not in err, "nothing close: no guess (%r)" % err)
    for args, want in ((["report", "--fromat", "html", FIXTURES], "'--format'"),
                       (["extract", "--max-byte", "1M", ARABIC], "'--max-bytes'"),
                       (["report", FIXTURES, "--titel", "x"], "'--title'"),
                       (["check", "--update-baselin"], "'--update-baseline'"),
                       (["review", "--reviwer", "me", "list"], "'--reviewer'"),
                       (["rules", "chek"], "'check'"),
                       (["review", "lst"], "'list'")):
        rc, _, err = run(args)
        check(rc == 2 and ("did you mean " + want) in err,
              "%s: did you mean %s (%r)" % (" ".join(args[:2]), want, err))


def test_bad_values():
    for args, what in ((["report", "--max-bytes", "-5", ARABIC], "a negative --max-bytes"),
                       (["extract", "--max-bytes=-1K", ARABIC], "a negative --max-bytes="),
                       (["report", "-o", "", ARABIC], "-o ''"),
                       (["extract", "--output=", ARABIC], "--output="),
                       (["report", "--format", "", ARABIC], "an empty --format"),
                       (["extract", "-j", "-1", ARABIC], "-j -1"),
                       (["report", "--quiet=yes", ARABIC], "a value for a flag")):
        rc, out, err = run(args)
        check(rc == 2 and out == b"" and err.startswith("reckon "),
              "%s is a usage error, exit 2 (%d, %r)" % (what, rc, err))


def test_help_examples():
    for c in COMMANDS:
        _, out, _ = run(["help", c])
        text = out.decode()
        check("\nExamples:\n  reckon " + c in text, "help %s has an Examples section" % c)


def test_lang():
    rc, out, _ = run(["report", "--format", "html", "--lang", "ar", FIXTURES])
    check(rc == 0 and b'<html lang="ar" dir="rtl">' in out, "--lang ar: a right-to-left page")
    rc, out, _ = run(["report", "--format", "html", "--lang", "ru", FIXTURES])
    check(rc == 0 and b'<html lang="ru" dir="ltr">' in out, "--lang ru")
    rc, out, _ = run(["report", "--format", "html", FIXTURES])
    check(rc == 0 and b'<html lang="en" dir="ltr">' in out, "mixed languages: English chrome")
    rc, out, _ = run(["report", "--format", "html", ARABIC])
    check(rc == 0 and b'<html lang="ar" dir="rtl">' in out, "an Arabic-only corpus: Arabic chrome")
    rc, _, err = run(["report", "--format", "html", "--lang", "xx", FIXTURES])
    check(rc == 2 and "--lang" in err, "--lang xx is a usage error (%r)" % err)


def run_on_tty(args):
    """Runs reckon with stderr on a pseudo-terminal; returns (rc, stderr)."""
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([EXE] + args, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(), b"".join(chunks).decode("utf-8", "replace")


def test_progress():
    for c in ["extract", "report"]:
        rc, err = run_on_tty([c, FIXTURES])
        check(rc == 0 and re.search(r"\d+/\d+ files, [\d.]+ MB, [\d.]+ MB/s", err) is not None,
              "%s on a terminal shows files done, MB and MB/s (%r)" % (c, err[:200]))
        check("\r" in err, "%s rewrites its progress line in place" % c)
        rc, err = run_on_tty([c, "--quiet", FIXTURES])
        check(rc == 0 and err == "", "%s --quiet shows nothing (%r)" % (c, err[:200]))
        rc, _, err = run([c, FIXTURES])
        check(rc == 0 and err == "", "%s with stderr not a terminal shows nothing (%r)" % (c, err))



def test_man_and_completion():
    build = os.environ["RK_BUILD_ROOT"]
    for c in [None] + COMMANDS:
        name = "reckon" + ("-" + c if c else "")
        path = os.path.join(build, "src", "cli", name + ".1")
        check(os.path.exists(path), "%s(1) is built" % name)
        if not os.path.exists(path):
            continue
        page = open(path, encoding="utf-8").read()
        check(page.startswith(".TH %s 1" % name.upper()) and ".SH NAME" in page and
              ".SH SYNOPSIS" in page, "%s(1) has a title, NAME and SYNOPSIS" % name)
        if c:
            check(".SH EXAMPLES" in page and ("reckon " + c) in page,
                  "%s(1) has the examples of the help" % name)
    completion = os.path.join(os.environ["RK_SOURCE_ROOT"], "completions", "reckon.bash")
    bash = shutil.which("bash")
    if bash:
        def complete(words):
            script = ('source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _reckon; '
                      'printf "%%s\\n" "${COMPREPLY[@]}"'
                      % (completion, " ".join("'%s'" % w for w in words), len(words) - 1))
            p = subprocess.run([bash, "-c", script], capture_output=True, text=True)
            return p.stdout.split()
        check("report" in complete([EXE, "rep"]), "completion: rep -> report")
        check("--format" in complete([EXE, "report", "--fo"]), "completion: --fo -> --format")
        check("--lang" in complete([EXE, "report", FIXTURES, "--la"]),
              "completion: options after an operand")
        check(complete([EXE, "report", "--lang", ""]) == ["ar", "en", "ru"],
              "completion: --lang values")
    meson = shutil.which("meson")
    if meson:
        with tempfile.TemporaryDirectory() as dest:
            p = subprocess.run([meson, "install", "-C", build, "--no-rebuild", "--destdir", dest,
                                "--quiet"], capture_output=True, text=True)
            check(p.returncode == 0, "meson install works (%s)" % p.stderr[-300:])
            found = set()
            for root, _, files in os.walk(dest):
                for f in files:
                    found.add(os.path.relpath(os.path.join(root, f), dest).split(os.sep, 1)[-1])
            for want in ["man/man1/reckon.1", "man/man1/reckon-report.1",
                         "bash-completion/completions/reckon", "bin/reckon",
                         "reckon/rules/en/report.xml"]:
                check(any(f.endswith(want) for f in found), "meson install puts %s" % want)



def test_review_unknown_group():
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        os.makedirs(corpus)
        for name in ["en_wire_toll_jan6.txt", "en_wire_toll_jan6.meta.json",
                     "en_wire_detained_jan10.txt", "en_wire_detained_jan10.meta.json"]:
            shutil.copy(fixture(name), corpus)
        reviews = os.path.join(corpus, "reviews.json")
        rc, _, err = run(["review", "--reviews", reviews, "set", "deaths/securty_forces",
                          "confirmed"])
        check(rc == 0 and "warning" in err and "did you mean 'deaths/security_forces'" in err,
              "review set on a group the corpus lacks warns and names the closest (%r)" % err)
        check("deaths/securty_forces" in open(reviews).read(), "the decision is still recorded")
        rc, _, err = run(["review", "set", "deaths/security_forces", "confirmed", "--reviews",
                          reviews])
        check(rc == 0 and err == "", "a group the corpus has: no warning (%r)" % err)
        rc, _, err = run(["review", "--reviews", reviews, "--corpus", corpus, "set",
                          "nothing/like/it", "dismissed"])
        check(rc == 0 and "has no group 'nothing/like/it'" in err, "--corpus DIR (%r)" % err)


def test_review_stale():
    """A review is bound to the figures it saw: a new figure reopens it."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        os.makedirs(corpus)
        def article(name, text, source, day):
            with open(os.path.join(corpus, name + ".txt"), "w") as f:
                f.write(text)
            with open(os.path.join(corpus, name + ".meta.json"), "w") as f:
                json.dump({"source": source, "published": day, "language": "en"}, f)
        article("a", "Flood toll\n\nThe civil defence said 40 people were killed in the "
                "floods on Monday.\n", "Wire A", "2025-03-03")
        article("b", "Flood toll\n\nLocal officials said 95 people were killed in the "
                "floods on Monday.\n", "Wire B", "2025-03-03")
        reviews = os.path.join(corpus, "reviews.json")

        def report():
            rc, out, err = run(["report", "--format", "json", "--fail-on", "contradiction",
                                corpus])
            doc = json.loads(out) if out else {}
            g = [x for x in doc.get("groups", []) if x["id"] == "deaths/people"]
            return rc, (g[0] if g else None), err

        rc, g, err = report()
        check(rc == 1 and g and g["verdict"] == "contradiction",
              "two sources, one day, 40 vs 95: an open contradiction (%d, %s)" % (rc, err))
        check(g and sorted(g["sides"]) == sorted(g["members"]),
              "both figures are sides of it (%s)" % (g and g["sides"]))
        rc, _, err = run(["review", "--reviews", reviews, "set", "deaths/people", "dismissed",
                          "--note", "different days"])
        check(rc == 0, "review set (%d: %s)" % (rc, err))
        saved = json.load(open(reviews))["reviews"][0]
        check(saved.get("figures") == "40; 95", "the review records the figures it saw (%r)"
              % saved.get("figures"))
        rc, g, err = report()
        check(rc == 0 and g["review"]["stale"] is False,
              "reviewed: --fail-on passes, the review is current (%d, %s)" % (rc, g["review"]))
        # Another outlet repeating a figure already seen changes nothing.
        article("c", "Flood\n\nThe civil defence said 40 people were killed in the floods "
                "on Monday.\n", "Wire C", "2025-03-03")
        rc, g, err = report()
        check(rc == 0 and g["review"]["stale"] is False,
              "a repeated figure keeps the review current (%d, %s)" % (rc, g["review"]))
        # A figure ten times larger reopens the group.
        article("d", "Flood\n\nHospital sources said 950 people were killed in the floods "
                "on Monday.\n", "Wire D", "2025-03-03")
        rc, g, err = report()
        check(rc == 1 and g["review"]["stale"] is True and g["review"]["state"] == "dismissed",
              "a new figure: the review is stale and --fail-on counts the group (%d, %s)"
              % (rc, g and g["review"]))
        rc, out, err = run(["report", "--format", "html", corpus])
        check(rc == 0 and b"r-stale" in out and b"40; 95" in out,
              "the page shows the review as out of date with the figures it saw")
        rc, out, err = run(["report", "--format", "text", corpus])
        check(b"figures changed since (then: 40; 95)" in out,
              "the text report says so too (%r)" % out[:300])


def test_increment_within():
    """"another 12 bodies" is a part of the toll it adds to, never its rival."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "a.txt")
        with open(path, "w") as f:
            f.write("Flood\n\nDivers recovered another 12 bodies on Monday, the civil defence "
                    "said. The civil defence said 47 people have died in the floods.\n")
        rc, out, err = run(["report", "--format", "json", path])
        doc = json.loads(out) if rc == 0 else {}
        groups = {g["id"]: g for g in doc.get("groups", [])}
        added = [g for g in groups.values() if g["id"].endswith("~added")]
        check(len(added) == 1, "the increment forms a group of its own (%s)" % sorted(groups))
        check(added and added[0]["parent"] == "deaths/people",
              "its parent is the toll (%s)" % (added and added[0]["parent"]))
        check(not [l for l in doc.get("links", []) if l["kind"] == "contradicts"],
              "12 more and 47 in all do not contradict")


def test_event_rules():
    """An event's own rules (its people, places) live beside its articles, in
    its rules/ folder, not in the shipped set: read over it when the folder
    is given or with --event-rules, never read as articles."""
    own = os.path.join(FIXTURES, "rules")
    reuters = fixture("en_reuters_toll.json")

    def ages(args):
        rc, out, err = run(["extract", "--format", "jsonl"] + args)
        check(rc == 0, "extract %s exits 0 (%d: %s)" % (args, rc, err))
        rows = [json.loads(l) for l in out.splitlines() if l.strip()]
        return rc, rows, {r["text"]: r.get("subject") for r in rows
                          if r.get("type") == "claim" and r.get("quantity") == "age"}

    _, _, plain = ages([reuters])
    check(plain.get("81") is None,
          "the shipped rules know no president (81 is of %r)" % plain.get("81"))
    _, _, layered = ages(["--event-rules", own, reuters])
    check(layered.get("81") == "nazarbayev" and layered.get("68") == "tokayev",
          "with --event-rules the ages are the presidents' (%r)" % layered)
    # the folder given: its rules/ is read as rules, and no rule file is an article
    _, rows, _ = ages([FIXTURES])
    paths = [r.get("path", "") for r in rows if r.get("type") == "document"]
    check(paths and not [p for p in paths if "/rules/" in p],
          "no rule file is read as an article (%s)" % [p for p in paths if "/rules/" in p])
    subjects = {r.get("subject") for r in rows if r.get("type") == "claim"}
    check({"nazarbayev", "kazakhstan"} <= subjects,
          "the folder's own rules type its claims (%s)" % sorted(s for s in subjects if s))
    # nothing of the event stays in the shipped rules
    shipped = os.path.join(os.environ["RK_SOURCE_ROOT"], "rules")
    words = re.compile(r"kazakh|almaty|tokayev|nazarbayev|казах|алмат|токаев|назарбаев|"
                       r"كازاخ|ألمات|توكاي|نزارباي|نزار باي", re.I)
    for base, _, names in os.walk(shipped):
        for name in names:
            if name.endswith(".xml"):
                with open(os.path.join(base, name), encoding="utf-8") as f:
                    hits = words.findall(f.read())
                check(not hits, "rules/%s names the Kazakhstan event: %s"
                      % (os.path.relpath(os.path.join(base, name), shipped), hits[:3]))
    # a broken event rule file: named at its place, exit 2, nothing written
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "rules")
        os.mkdir(bad)
        with open(os.path.join(bad, "en.xml"), "w") as f:
            f.write('<?xml version="1.0"?>\n<rules lang="en"><claims>\n'
                    '<subject class="nobody"><w>x</w></subject></claims></rules>\n')
        with open(os.path.join(tmp, "a.txt"), "w") as f:
            f.write("Officials said 12 people died.\n")
        rc, out, err = run(["report", tmp])
        check(rc == 2 and out == b"" and re.search(r"rules/en\.xml:\d+", err),
              "a broken event rule file exits 2 and is named (%d: %r)" % (rc, err))
        rc, _, err = run(["extract", "--event-rules", os.path.join(tmp, "none"), reuters])
        check(rc == 2 and "none" in err, "a missing --event-rules folder is an error (%d)" % rc)
    # a folder named rules/ that holds articles is articles, not rules
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "rules"))
        with open(os.path.join(tmp, "rules", "story.xml"), "w") as f:
            f.write('<?xml version="1.0"?>\n<nitf><head><title>Flood</title></head><body>'
                    '<body.content><p>Officials said 12 people died.</p></body.content>'
                    '</body></nitf>\n')
        rc, out, err = run(["extract", "--format", "jsonl", tmp])
        docs = [json.loads(l) for l in out.splitlines() if b'"type":"document"' in l]
        check(rc == 0 and len(docs) == 1,
              "articles in a folder named rules/ are read as articles (%d, %d docs: %s)"
              % (rc, len(docs), err))


GROUPS = {n[5:]: f for n, f in globals().items() if n.startswith("test_")}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in GROUPS:
        sys.exit("usage: test_cli.py " + "|".join(sorted(GROUPS)))
    GROUPS[sys.argv[1]]()
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("ok")
