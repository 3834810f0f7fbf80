#!/usr/bin/env python3
"""librk.py HEADER OUT: the librk(3) manual page, made from include/reckon.h
at build time, so the page says what the header declares. The header's
first comment is the description; each `/* ---- name ---- */` comment
starts a section; each declaration is printed with the comment above it."""
import re
import sys


def roff(text):
    """Escapes text for roff: backslashes, and a leading dot or quote."""
    out = []
    for line in text.split("\n"):
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def comment_text(c):
    body = c.strip()[2:-2]
    lines = [re.sub(r"^\s*\*\s?", "", l) for l in body.split("\n")]
    return "\n".join(lines).strip()


def paragraphs(text):
    """Text of a comment as roff paragraphs: blank lines split them; lines
    that start with spaces (examples) are kept as they are."""
    out = []
    for para in re.split(r"\n\s*\n", text):
        if para.startswith("    ") or "\n    " in para:
            out.append(".PP\n.nf\n" + roff(para) + "\n.fi")
        else:
            out.append(".PP\n" + roff(" ".join(l.strip() for l in para.split("\n"))))
    return "\n".join(out)


def main(header, out):
    with open(header, encoding="utf-8") as f:
        src = f.read()
    tokens = re.finditer(r"/\*.*?\*/|^#define (RK_VERSION_\w+)[^\n]*|^(?:RK_EXPORT|typedef)[^;]*;",
                         src, re.S | re.M)
    first = None
    items = []  # (kind, text)
    last_comment = None
    for m in tokens:
        t = m.group(0)
        if t.startswith("/*"):
            if first is None:
                first = comment_text(t)
                continue
            text = comment_text(t)
            sec = re.match(r"^-+\s*(.*?)\s*-+\s*(.*)$", text, re.S)
            if sec:
                items.append(("section", sec.group(1)))
                last_comment = sec.group(2).strip() or None
            else:
                last_comment = text
            continue
        if t.startswith("#define"):
            items.append(("decl", (t.strip(), last_comment)))
        else:
            decl = re.sub(r"\bRK_EXPORT\s+", "", t)
            if not decl.startswith("typedef"):
                decl = re.sub(r"\s+", " ", decl).replace("( ", "(").strip()
            items.append(("decl", (decl, last_comment)))
        last_comment = None
    name, _, rest = first.partition(" - ")
    desc = rest.split("\n\n", 1)
    page = [
        '.TH LIBRK 3 "" "reckon" "Library Functions Manual"',
        ".SH NAME",
        "librk \\- " + roff(" ".join(desc[0].split()).replace("librk, ", "", 1)),
        ".SH SYNOPSIS",
        ".nf",
        ".B #include <reckon.h>",
        ".PP",
        ".B cc prog.c $(pkg-config --cflags --libs reckon)",
        ".fi",
        ".SH DESCRIPTION",
        paragraphs(desc[1] if len(desc) > 1 else ""),
        ".SH INTERFACE",
    ]
    for kind, value in items:
        if kind == "section":
            page.append(".SS " + roff(value.capitalize()))
            continue
        decl, comment = value
        page += [".PP", ".nf"] + ["\\fB" + roff(l) + "\\fR" for l in decl.split("\n")] + [".fi"]
        if comment:
            page += [".RS", paragraphs(comment), ".RE"]
    page += [".SH SEE ALSO", "reckon(1), pkg-config(1)"]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
