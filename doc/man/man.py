#!/usr/bin/env python3
"""man.py - writes a roff manual page from the reckon binary's own help, so
the pages never drift from what the command says.

usage: man.py RECKON [COMMAND] OUT
Without COMMAND it writes reckon(1) from `reckon --help`; with one,
reckon-COMMAND(1) from `reckon help COMMAND`. The text keeps its layout:
sections are cut at the help's own headings (Options:, Examples:, ...).
"""
import subprocess
import sys

VERSION_DATE = "reckon"


def roff(line):
    """One line of help text as roff: backslashes escaped, a leading dot or
    quote kept from being read as a request."""
    line = line.replace("\\", "\\e")
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def block(lines):
    out = [".nf"]
    out += [roff(l) for l in lines]
    out.append(".fi")
    return out


def split(text):
    """Cuts help text into (heading, lines) at lines like 'Options:'."""
    sections, head, cur = [], None, []
    for line in text.rstrip("\n").split("\n"):
        if line.endswith(":") and line[:1].isupper() and " " not in line.strip(":").strip():
            sections.append((head, cur))
            head, cur = line[:-1].upper(), []
        else:
            cur.append(line)
    sections.append((head, cur))
    return sections


def trim(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def page(reckon, command):
    version = subprocess.run([reckon, "--version"], capture_output=True, text=True).stdout.split()[-1]
    top = subprocess.run([reckon, "--help"], capture_output=True, text=True).stdout
    summaries = {}
    for line in top.split("\n"):
        parts = line.split(None, 1)
        if line.startswith("  ") and len(parts) == 2 and not parts[0].startswith("-"):
            summaries[parts[0]] = parts[1]
    if command:
        text = subprocess.run([reckon, "help", command], capture_output=True, text=True,
                              check=True).stdout
        name, summary = "reckon-" + command, summaries.get(command, "")
    else:
        text, name, summary = top, "reckon", "find the numbers in news articles and where sources disagree"
    lines = text.rstrip("\n").split("\n")
    synopsis = []
    while lines and (lines[0].startswith("usage:") or (synopsis and lines[0].startswith("  "))):
        synopsis.append(lines.pop(0).replace("usage: ", "", 1).strip())
    out = ['.TH %s 1 "" "reckon %s" "reckon manual"' % (name.upper(), version),
           ".SH NAME", "%s \\- %s" % (name.replace("-", "\\-"), roff(summary)),
           ".SH SYNOPSIS"] + block(synopsis)
    for head, body in split("\n".join(lines)):
        body = trim(body)
        if not body:
            continue
        out.append(".SH " + (head or "DESCRIPTION"))
        out += block(body)
    if not command:
        out += [".SH ENVIRONMENT", ".TP", ".B RECKON_RULES",
                "the rule set every command reads when --rules is not given",
                ".TP", ".B RECKON_NOW",
                "the time review set records, instead of the current UTC time"]
    others = [c for c in summaries if c != "help" and c != command]
    out += [".SH SEE ALSO", ", ".join("\\fBreckon%s\\fR(1)" % ("-" + c if c != "reckon" else "")
                                      for c in (["reckon"] if command else []) + others)]
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    reckon, out = argv[1], argv[-1]
    command = argv[2] if len(argv) == 4 else None
    with open(out, "w", encoding="utf-8") as f:
        f.write(page(reckon, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
