#!/usr/bin/env python3
"""gen_news.py - builds a benchmark corpus shaped like real news reporting.

The seed generator (gen_corpus.c) builds its articles from about a hundred
sentences written for the fixtures: a quarter of the claims per megabyte of
real Arabic reporting, and Cyrillic text in its "English" corpus. This one
reads real articles at run time (a folder of events, each holding
NN_LANG_slug.txt files and their .meta.json sidecars, by default
../shared/corpora beside the source tree) and never keeps their text in the
repository. For one language it

- splits each article of that language into its headline and paragraphs;
- writes articles until the size wanted, each one a real article drawn at
  random, its headline and paragraphs in their order, so sentence lengths,
  article lengths, vocabulary and the density of numbers and claims follow
  the real reporting (claims per megabyte depend on the length of an
  article: a figure repeated in one article is one claim);
- gives every digit run (ASCII or Arabic-Indic) a new value of the same
  width: a year stays the year it was, a number of at most 31 stays at most
  31 (days of the month stay days), a group after a separator may start
  with 0 and after ":" stays below 60;
- in a cased script (English, Russian), swaps each capitalised word that
  does not start a sentence for another capitalised word seen in the same
  language's articles, one time in two, so the names vary too.

The output is deterministic for a seed. JSON Lines records carry the
title, the source and published date of the real article (when its
sidecar has them), the language and the text (the paragraphs; a plain-text file starts with
the headline, as the real ones do); parts are at most 64 MB, as
gen_corpus writes them. Plain text writes DIR/NNNN/NNNNNNN.txt.

usage: gen_news.py --lang ar|en|ru --bytes N[K|M|G] --out DIR
                   [--format jsonl|txt] [--seed N] [--real DIR]
(--docs N is accepted and ignored: the real articles set the count.)
"""
import argparse
import glob
import json
import os
import random
import re
import sys

PART_MAX = 64 << 20

DIGITS = re.compile(r'[0-9]+|[\u0660-\u0669]+')
# A capitalised word (Latin or Cyrillic) of two letters or more.
CAP_WORD = re.compile(r'\b[A-Z\u0410-\u042f\u0401][a-z\u0430-\u044f\u0451]+\b')


def parse_size(s):
    m = re.fullmatch(r'([0-9.]+)([KMG]?)', s.strip(), re.I)
    if not m:
        raise SystemExit('gen_news: bad size %r' % s)
    mul = {'': 1, 'K': 1000, 'M': 1000 ** 2, 'G': 1000 ** 3}[m.group(2).upper()]
    return int(float(m.group(1)) * mul)


def load(real, lang):
    """The articles of lang: (headline, paragraphs, sidecar fields)."""
    arts = []
    for path in sorted(glob.glob(os.path.join(real, '*', '[0-9]*_%s_*.txt' % lang))):
        with open(path, 'rb') as f:
            # Stored pages may be cut inside a character: drop the broken tail.
            text = f.read().decode('utf-8', errors='ignore')
        meta = {}
        side = path[:-4] + '.meta.json'
        if os.path.exists(side):
            with open(side, encoding='utf-8') as f:
                meta = {k: v for k, v in json.load(f).items() if k in ('source', 'published')}
        lines = [ln.strip() for ln in text.split('\n')]
        lines = [ln for ln in lines if ln]
        if len(lines) < 2:
            continue
        arts.append((lines[0], lines[1:], meta))
    return arts


# Day and month names (dates must stay dates) are never swapped.
CALENDAR = set('Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March '
               'April May June July August September October November December'.split())


def starts_sentence(text, s):
    k = s - 1
    while k >= 0 and text[k] in ' "\'\u201c\u00ab(':
        k -= 1
    return k < 0 or text[k] in '.!?:\n'


class Varier:
    def __init__(self, rng, cased, capitals):
        self.rng = rng
        self.cased = cased
        self.capitals = capitals

    def digits(self, m):
        run = m.group(0)
        arabic = '\u0660' <= run[0] <= '\u0669'
        ascii_run = run.translate(AR_TO_ASCII) if arabic else run
        s, e = m.span()
        text = m.string
        before = text[s - 1] if s > 0 else ''
        after_sep = before in ',.:/' and s > 1 and text[s - 2].isdigit()
        width, value = len(ascii_run), int(ascii_run)
        r = self.rng
        if width == 4 and 1900 <= value <= 2099 and not after_sep:
            new = ascii_run  # a year stays itself
        elif after_sep and value == 0:
            new = ascii_run  # "2,000", "1.0"
        elif after_sep:
            top = 59 if before == ':' else 10 ** width - 1
            new = str(r.randint(0, top)).zfill(width)
        elif value <= 31:
            lo = 10 if width == 2 else (0 if value == 0 else 1)
            new = str(r.randint(lo, 31 if width == 2 else 9))
        else:
            # Round figures stay round: the trailing zeros are kept.
            zeros = width - len(ascii_run.rstrip('0'))
            w = width - zeros
            new = str(r.randint(10 ** (w - 1), 10 ** w - 1)) + '0' * zeros
        return new.translate(ASCII_TO_AR) if arabic else new

    def name(self, m):
        # Not at the start of a sentence, not a day or month, one time in two.
        if (starts_sentence(m.string, m.start()) or m.group(0) in CALENDAR
                or self.rng.random() < 0.5):
            return m.group(0)
        return self.rng.choice(self.capitals)

    def vary(self, text):
        text = DIGITS.sub(self.digits, text)
        if self.cased and self.capitals:
            text = CAP_WORD.sub(self.name, text)
        return text


AR_TO_ASCII = str.maketrans('\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669',
                            '0123456789')
ASCII_TO_AR = str.maketrans('0123456789',
                            '\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lang', required=True)
    ap.add_argument('--bytes', required=True)
    ap.add_argument('--docs', help='ignored: the real articles set the count')
    ap.add_argument('--out', required=True)
    ap.add_argument('--format', default='jsonl', choices=['jsonl', 'txt'])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--real', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   '..', '..', 'shared', 'corpora'))
    a = ap.parse_args()
    total = parse_size(a.bytes)
    arts = load(a.real, a.lang)
    if not arts:
        sys.exit('gen_news: no %s articles under %s' % (a.lang, a.real))
    rng = random.Random(a.seed)
    capitals = sorted({m.group(0) for _, ps, _ in arts for p in ps
                       for m in CAP_WORD.finditer(p)
                       if not starts_sentence(p, m.start()) and m.group(0) not in CALENDAR})
    varier = Varier(rng, a.lang != 'ar', capitals)
    os.makedirs(a.out, exist_ok=True)
    part, part_bytes, part_no = None, 0, 0
    written, i = 0, 0
    while written < total:
        head, paras, meta = rng.choice(arts)
        title = varier.vary(head)
        text = '\n'.join(varier.vary(p) for p in paras) + '\n'
        written += len(text.encode('utf-8'))
        if a.format == 'txt':
            text = title + '\n\n' + text  # a plain-text article starts with its headline
            d = os.path.join(a.out, '%04d' % (i // 1000))
            if i % 1000 == 0:
                os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, '%07d.txt' % i), 'w', encoding='utf-8') as f:
                f.write(text)
            i += 1
            continue
        rec = {'title': title}
        rec.update(meta)
        rec['language'] = a.lang
        rec['text'] = text
        line = (json.dumps(rec, ensure_ascii=False) + '\n').encode('utf-8')
        if part is None or part_bytes + len(line) > PART_MAX:
            if part:
                part.close()
            part = open(os.path.join(a.out, 'part-%04d.jsonl' % part_no), 'wb')
            part_no += 1
            part_bytes = 0
        part.write(line)
        part_bytes += len(line)
        i += 1
    if part:
        part.close()
    print('gen_news: %s: %d documents, %d bytes of %s text, from %d real articles'
          % (a.out, i, written, a.lang, len(arts)), file=sys.stderr)


if __name__ == '__main__':
    main()
