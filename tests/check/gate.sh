#!/bin/sh
# gate.sh - `reckon check` as a CI gate on small folders: the exit status and
# the line that says why, for each way the gate can pass or fail.
# usage: gate.sh RECKON DATA_DIR
reckon=$1
data=$2
failed=0

# expect NAME STATUS PATTERN ARGS...: runs reckon check ARGS, wants exit
# STATUS and a line of stdout+stderr containing PATTERN (fixed string).
expect() {
    name=$1 status=$2 pattern=$3
    shift 3
    out=$("$reckon" check "$@" 2>&1)
    got=$?
    if [ "$got" -ne "$status" ]; then
        echo "FAIL $name: exit $got, expected $status"; echo "$out"; failed=1
    elif ! printf '%s\n' "$out" | grep -F -q -- "$pattern"; then
        echo "FAIL $name: no line with: $pattern"; echo "$out"; failed=1
    else
        echo "ok   $name"
    fi
}

expect clean-folder-passes 0 "check: ok: 1 fixture" "$data/ok"
expect score-below-baseline-fails 1 \
    "$data/regress/scores.json:4: a.txt: number recall 0/1 (0.000) is below its baseline 1/1 (1.000)" \
    "$data/regress"
expect unmatched-gold-is-listed-as-a-miss 1 \
    "$data/regress/a.gold.jsonl:1: claim \"7\" (Nothing to count here) not found" "$data/regress"
expect gold-without-article-fails 1 "$data/orphan/b.gold.jsonl: belongs to no fixture" "$data/orphan"
expect bad-sidecar-fails 1 "$data/sidecar/a.meta.json:2:" "$data/sidecar"
expect malformed-gold-fails 1 "$data/badgold/a.gold.jsonl:1:28: malformed JSON" "$data/badgold"
expect json-output 1 '"regressions":	6' --format json "$data/regress"
expect unknown-format-is-usage-error 2 "unknown format 'xml'" --format xml "$data/ok"
expect two-folders-is-usage-error 2 "check takes one folder" "$data/ok" "$data/regress"
expect missing-folder-is-usage-error 2 "is not a folder" "$data/nonexistent"

# An event folder: one gold.jsonl for its articles; the annotation files are
# not articles (one article is read), and its figures are gated on its own
# scores.json.
expect event-folder-passes 0 "check: ok: event folder, 1 article" "$data/event-ok"
expect event-folder-prints-the-scorer-line 0 \
    "found 100% value 100% quantity" "$data/event-ok"
expect event-figure-below-baseline-fails 1 \
    "$data/event-regress/scores.json:2: claims: value 0/1 (0.000) is below its baseline 1/1 (1.000)" \
    "$data/event-regress"
expect event-json-output 1 '"negatives_wrong":	0' --format json "$data/event-regress"
# A folder of folders: each is checked against its own baseline.
expect folder-of-folders-names-each 1 "== $data/event-ok ==" "$data"
expect folder-of-folders-fails-when-one-does 1 "check: FAILED: " "$data"
docs=$("$reckon" extract --format jsonl "$data/event-ok" 2>&1 | grep -c '"type":"document"')
if [ "$docs" -ne 1 ]; then
    echo "FAIL annotation-files-are-not-articles: $docs documents"; failed=1
else
    echo "ok   annotation-files-are-not-articles"
fi

# --update-baseline rewrites the file atomically and byte-stably: twice the
# same bytes, and the gate passes against what it wrote.
tmp=$(mktemp -d) || exit 1
cp "$data/regress/a.txt" "$data/regress/a.gold.jsonl" "$tmp/"
"$reckon" check --update-baseline "$tmp" >/dev/null 2>&1
cp "$tmp/scores.json" "$tmp/first.json"
"$reckon" check --update-baseline "$tmp" >/dev/null 2>&1
if ! cmp -s "$tmp/scores.json" "$tmp/first.json"; then
    echo "FAIL update-baseline-is-byte-stable"; failed=1
else
    echo "ok   update-baseline-is-byte-stable"
fi
rm "$tmp/first.json"
expect passes-against-fresh-baseline 0 "check: ok" "$tmp"
rm -rf "$tmp"
tmp=$(mktemp -d) || exit 1
cp "$data/event-regress/"*.txt "$data/event-regress/"*.json "$data/event-regress/"*.jsonl "$tmp/"
"$reckon" check --update-baseline "$tmp" >/dev/null 2>&1
cp "$tmp/scores.json" "$tmp/first.json"
"$reckon" check --update-baseline "$tmp" >/dev/null 2>&1
if ! cmp -s "$tmp/scores.json" "$tmp/first.json" || ! grep -q '"value": 0' "$tmp/scores.json"; then
    echo "FAIL event-update-baseline-is-byte-stable"; failed=1
else
    echo "ok   event-update-baseline-is-byte-stable"
fi
rm "$tmp/first.json"
expect event-passes-against-fresh-baseline 0 "check: ok: event folder" "$tmp"
rm -rf "$tmp"
exit $failed
