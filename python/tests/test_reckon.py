#!/usr/bin/env python3
"""test_reckon.py - the Python package over the librk just built: results
as plain dicts, the same report as the command line's, claims merged by
id, errors as reckon.Error with path:line:col. Needs RECKON_LIBRARY,
RECKON_RULES, RECKON_EXE and RK_FIXTURES_ROOT (python/meson.build)."""
import ctypes
import glob
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

import reckon

AR = "قالت وزارة الداخلية إن 18 من أفراد الأمن قتلوا"
EN = "State television said 13 police officers were killed."
FIXTURES = os.environ["RK_FIXTURES_ROOT"]
EXE = os.environ["RECKON_EXE"]


def cli(*args):
    return subprocess.run([EXE] + list(args), capture_output=True, check=True).stdout


class Extract(unittest.TestCase):
    def test_the_arabic_sentence_gives_its_claim_as_a_dict(self):
        r = reckon.extract(AR, language="ar", published="2022-01-07", source="Agency A")
        self.assertEqual(len(r["documents"]), 1)
        d = r["documents"][0]
        self.assertEqual((d["language"], d["published"], d["source"]),
                         ("ar", "2022-01-07", "Agency A"))
        self.assertEqual(d["metadata"]["published"], "given")
        [c] = r["claims"]
        self.assertEqual((c["text"], c["low"], c["high"], c["quantity"], c["subject"]),
                         ("18", 18, 18, "deaths", "security_forces"))
        self.assertEqual(c["attribution"]["speaker"], "وزارة الداخلية")
        start, end = c["span"]
        self.assertEqual(AR.encode()[start:end], b"18")

    def test_ids_come_from_the_text_so_results_from_anywhere_merge(self):
        a, b = reckon.extract(AR), reckon.extract(AR)
        self.assertEqual(a["documents"][0]["id"], b["documents"][0]["id"])
        self.assertNotEqual(a["documents"][0]["id"], reckon.extract(EN)["documents"][0]["id"])
        self.assertEqual(reckon.extract(AR, id="x")["claims"][0]["id"], "x:42-44")

    def test_missing_metadata_is_inferred_and_marked(self):
        d = reckon.extract(AR)["documents"][0]
        self.assertEqual(d["language"], "ar")
        self.assertEqual(d["metadata"]["language"], "inferred")

    def test_a_file_reads_as_the_command_line_reads_it(self):
        path = os.path.join(FIXTURES, "kazakhstan-2022", "en_wire_toll_jan6.txt")
        ours = reckon.extract_file(path)
        theirs = json.loads(cli("extract", path))
        self.assertEqual(ours, theirs)
        self.assertGreater(len(ours["claims"]), 0)

    def test_bad_input_raises_with_its_code(self):
        with self.assertRaises(reckon.Error) as e:
            reckon.extract(b"a \xff b")
        self.assertEqual(e.exception.code, "utf8")
        with self.assertRaises(TypeError):
            reckon.Corpus().add_text(AR, colour="red")
        with self.assertRaises(reckon.Error) as e:
            reckon.Corpus().add_claims('{"type":"document","id":"a","path":"a","format":"text"}\n'
                                       '{"type":"claim","id":"b:1-2","document":"b"}\n',
                                       name="x.jsonl")
        self.assertEqual(e.exception.code, "parse")
        self.assertTrue(str(e.exception).startswith("x.jsonl:2:1: claim b:1-2"), str(e.exception))
        with self.assertRaises(reckon.Error) as e:
            reckon.Rules("/nonexistent")
        self.assertEqual(e.exception.code, "rules")


class Report(unittest.TestCase):
    def test_two_documents_contradict(self):
        a = reckon.extract(AR, language="ar", published="2022-01-07", source="Agency A")
        b = reckon.extract(EN, language="en", published="2022-01-07", source="State TV")
        rep = reckon.report([a, b])
        [g] = rep["groups"]
        self.assertEqual((g["id"], g["verdict"]), ("deaths/security_forces", "contradiction"))
        self.assertEqual((g["estimate"]["low"], g["estimate"]["high"]), (13, 18))
        # Texts and dicts of text give the same report as extract() results.
        same = reckon.report([{"text": AR, "language": "ar", "published": "2022-01-07",
                               "source": "Agency A", "id": a["documents"][0]["id"]},
                              {"text": EN, "language": "en", "published": "2022-01-07",
                               "source": "State TV", "id": b["documents"][0]["id"]}])
        self.assertEqual(same, rep)

    def test_the_report_is_the_command_lines_byte_for_byte(self):
        folder = os.path.join(FIXTURES, "kazakhstan-2022")
        files = sorted(glob.glob(os.path.join(folder, "*.txt")))
        for fmt in ("json", "html", "text"):
            ours = reckon.report([pathlib.Path(f) for f in files], format=fmt)
            self.assertEqual(ours.encode(), cli("report", "-f", fmt, *files))
        # with the event's own rules, as the command line reads them
        own = os.path.join(folder, "rules")
        ours = reckon.report([pathlib.Path(f) for f in files], format="json",
                             rules=reckon.Rules(event=own))
        self.assertEqual(ours.encode(), cli("report", "-f", "json", "--event-rules", own, *files))
        self.assertNotEqual(ours.encode(), cli("report", "-f", "json", *files))
        self.assertEqual(reckon.report([pathlib.Path(f) for f in files]),
                         json.loads(cli("report", *files)))

    def test_claims_of_several_runs_merge_by_id(self):
        files = sorted(glob.glob(os.path.join(FIXTURES, "safra-quake-2025", "*.txt")))
        parts = [reckon.extract_file(f) for f in files]
        whole = reckon.report(parts)
        self.assertEqual(reckon.report(parts + parts[:3]), whole)
        self.assertEqual(whole, json.loads(cli("report", *files)))
        # A pandas DataFrame is one call away: rows of plain dicts.
        self.assertTrue(all(isinstance(c, dict) for c in whole["claims"]))

    def test_a_corpus_renders_every_format(self):
        c = reckon.Corpus().add_text(AR, id="a").add_text(EN, id="b")
        with self.assertRaises(reckon.Error) as e:
            c.render("html")
        self.assertEqual(e.exception.code, "usage")
        c.reconcile()
        for fmt in ("json", "jsonl", "xml", "csv", "csv-groups", "html", "text", "claimreview"):
            self.assertTrue(c.render(fmt), fmt)

    def test_rules_from_memory(self):
        root = os.environ["RECKON_RULES"]
        files = {}
        for path in glob.glob(os.path.join(root, "**", "*.*"), recursive=True):
            if path.endswith((".xml", ".rng")):
                with open(path, "rb") as f:
                    files[os.path.relpath(path, root)] = f.read()
        mem = reckon.Rules.from_memory(files)
        self.assertEqual(reckon.extract(AR, rules=mem), reckon.extract(AR))
        files["en/numbers.xml"] = b"<rules"
        with self.assertRaises(reckon.Error) as e:
            reckon.Rules.from_memory(files)
        self.assertTrue(str(e.exception).startswith("en/numbers.xml:"), str(e.exception))


class Library(unittest.TestCase):
    def test_versions(self):
        self.assertRegex(reckon.version, r"^\d+\.\d+\.\d+$")
        self.assertEqual(reckon.librk_version(), reckon.version)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    n = result.testsRun
    bad = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (n - bad, bad))
    sys.exit(1 if bad or n == 0 else 0)
