/* gen_corpus.c - builds a benchmark corpus from the seed articles: sentences
 * shuffled across articles of one language, every number and known name
 * varied, so the corpus is not the same bytes repeated. Deterministic for a
 * given seed.
 *
 * usage: gen_corpus --lang ar|en --bytes N --docs N --format txt|jsonl
 *                   --out DIR [--seed N] [--fixtures DIR] [--seeds DIR]
 * txt writes DIR/NNNN/NNNNNNN.txt (1,000 files a folder); jsonl writes
 * DIR/part-NNNN.jsonl files of at most 64 MB each (well under the reader's
 * default --max-bytes). */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PART_MAX ((size_t)64 << 20)
#define MAX_CLASSES 8

/* A piece of a seed sentence: literal bytes, a digit run to vary, or a name
 * slot to fill from a class. Parsing once makes generation a concatenation. */
enum { SEG_LIT, SEG_DIGITS, SEG_NAME };
typedef struct seg {
    uint8_t kind;
    uint8_t arabic_digits; /* digit run written in Arabic-Indic digits */
    uint8_t cls;           /* name class; for a digit run: DIGITS_GROUP or
                              DIGITS_DAY */
    uint32_t off, len;     /* into the text pool; len = digit count for runs */
} seg;

/* A digit run that is a group after a separator ("7,039": may start with
 * 0), or a day of the month (stays 1..31 so dates stay dates). */
enum { DIGITS_PLAIN, DIGITS_GROUP, DIGITS_DAY };

typedef struct sentence {
    size_t first, n;
} sentence;

typedef struct names {
    char *cls[MAX_CLASSES];
    char **v[MAX_CLASSES];
    size_t n[MAX_CLASSES];
    size_t n_classes;
} names;

typedef struct corpus {
    char *pool;
    size_t pool_len, pool_cap;
    seg *segs;
    size_t n_segs, segs_cap;
    sentence *sents;
    size_t n_sents, sents_cap;
    names nm;
} corpus;

static uint64_t rng_state;

/* splitmix64: tiny, fast and the same on every machine. */
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t rnd_below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (!q) {
        fprintf(stderr, "gen_corpus: out of memory\n");
        exit(2);
    }
    *cap = c;
    return q;
}

static uint32_t pool_add(corpus *c, const char *s, size_t n)
{
    c->pool = grow(c->pool, &c->pool_cap, c->pool_len + n + 1, 1);
    memcpy(c->pool + c->pool_len, s, n);
    uint32_t off = (uint32_t)c->pool_len;
    c->pool_len += n;
    return off;
}

static void seg_add(corpus *c, int kind, uint32_t off, uint32_t len, int cls, int arabic)
{
    /* Adjacent literals merge, so a sentence is few segments. */
    if (kind == SEG_LIT && c->n_segs > 0 && c->sents_cap &&
        c->segs[c->n_segs - 1].kind == SEG_LIT &&
        c->segs[c->n_segs - 1].off + c->segs[c->n_segs - 1].len == off &&
        c->n_segs > c->sents[c->n_sents].first) {
        c->segs[c->n_segs - 1].len += len;
        return;
    }
    c->segs = grow(c->segs, &c->segs_cap, c->n_segs + 1, sizeof *c->segs);
    c->segs[c->n_segs++] = (seg){(uint8_t)kind, (uint8_t)arabic, (uint8_t)cls, off, len};
}

/* Length of the digit at s (ASCII or Arabic-Indic), 0 if none. */
static int digit_at(const char *s, const char *end, int *arabic)
{
    if (s < end && *s >= '0' && *s <= '9') {
        *arabic = 0;
        return 1;
    }
    if (end - s >= 2 && (unsigned char)s[0] == 0xD9 && (unsigned char)s[1] >= 0xA0 &&
        (unsigned char)s[1] <= 0xA9) {
        *arabic = 1;
        return 2;
    }
    return 0;
}

/* The name (or {CLASS} placeholder) starting at s: class index and length. */
static int name_at(const names *nm, const char *s, const char *end, size_t *len)
{
    int best = -1;
    *len = 0;
    for (size_t k = 0; k < nm->n_classes; k++) {
        size_t cl = strlen(nm->cls[k]);
        if ((size_t)(end - s) >= cl + 2 && s[0] == '{' && s[cl + 1] == '}' &&
            strncasecmp(s + 1, nm->cls[k], cl) == 0 && cl + 2 > *len) {
            best = (int)k;
            *len = cl + 2;
        }
        for (size_t i = 0; i < nm->n[k]; i++) {
            size_t l = strlen(nm->v[k][i]);
            if (l > *len && (size_t)(end - s) >= l && memcmp(s, nm->v[k][i], l) == 0) {
                best = (int)k;
                *len = l;
            }
        }
    }
    return best;
}

static int starts_with(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0;
}

/* What the digit run [p, q) of the sentence s..end is. */
static int digits_kind(const char *s, const char *p, const char *q, const char *end)
{
    if (p - s >= 2 && (p[-1] == ',' || p[-1] == '.') && p[-2] >= '0' && p[-2] <= '9')
        return DIGITS_GROUP;
    if (q - p > 4)
        return DIGITS_PLAIN;
    static const char *const after[] = {" يناير", " كانون", " من كانون", " من يناير",
                                        " January", NULL};
    for (size_t i = 0; after[i]; i++)
        if (starts_with(q, end, after[i]))
            return DIGITS_DAY;
    if (p - s >= 5 && (memcmp(p - 5, "Jan. ", 5) == 0 || memcmp(p - 5, "Dec. ", 5) == 0))
        return DIGITS_DAY;
    return DIGITS_PLAIN;
}

/* Parses one sentence into segments. */
static void add_sentence(corpus *c, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
        n--;
    if (n < 12)
        return;
    c->sents = grow(c->sents, &c->sents_cap, c->n_sents + 2, sizeof *c->sents);
    c->sents[c->n_sents].first = c->n_segs;
    uint32_t base = pool_add(c, s, n);
    const char *p = s, *end = s + n;
    while (p < end) {
        int arabic, w = digit_at(p, end, &arabic);
        size_t nl;
        int cls;
        if (w) {
            uint32_t digits = 0;
            const char *q = p;
            int a2;
            while (q < end && (w = digit_at(q, end, &a2)) && a2 == arabic)
                q += w, digits++;
            seg_add(c, SEG_DIGITS, base + (uint32_t)(p - s), digits,
                    digits_kind(s, p, q, end), arabic);
            p = q;
        } else if ((cls = name_at(&c->nm, p, end, &nl)) >= 0) {
            seg_add(c, SEG_NAME, 0, 0, cls, 0);
            p += nl;
        } else {
            seg_add(c, SEG_LIT, base + (uint32_t)(p - s), 1, 0, 0);
            p++;
        }
    }
    c->sents[c->n_sents].n = c->n_segs - c->sents[c->n_sents].first;
    c->n_sents++;
}

/* Splits text into sentences at . ! ? ؟ followed by a space or line end;
 * with by_line, at line ends only (the sentence files, whose abbreviations
 * such as "Jan." must not split). */
static void add_text(corpus *c, const char *t, size_t n, int by_line)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        int stop = t[i] == '\n';
        size_t w = 1;
        if (!stop && !by_line && (t[i] == '.' || t[i] == '!' || t[i] == '?'))
            stop = i + 1 == n || t[i + 1] == ' ' || t[i + 1] == '\n';
        if (!stop && !by_line && i + 1 < n && (unsigned char)t[i] == 0xD8 && (unsigned char)t[i + 1] == 0x9F)
            stop = 1, w = 2;
        if (stop) {
            size_t e = t[i] == '\n' ? i : i + w;
            if (t[start] != '#')
                add_sentence(c, t + start, e - start);
            start = i + w;
            i += w - 1;
        }
    }
    if (start < n && t[start] != '#')
        add_sentence(c, t + start, n - start);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        buf = grow(buf, &cap, *len + 65537, 1);
        size_t got = fread(buf + *len, 1, 65536, f);
        *len += got;
        if (got == 0)
            break;
    }
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void load_names(names *nm, const char *path)
{
    size_t len;
    char *t = slurp(path, &len);
    if (!t) {
        fprintf(stderr, "gen_corpus: cannot read %s\n", path);
        exit(2);
    }
    for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        size_t k = 0;
        while (k < nm->n_classes && strcmp(nm->cls[k], line) != 0)
            k++;
        if (k == nm->n_classes) {
            if (k == MAX_CLASSES)
                continue;
            nm->cls[nm->n_classes++] = strdup(line);
        }
        nm->v[k] = realloc(nm->v[k], (nm->n[k] + 1) * sizeof *nm->v[k]);
        nm->v[k][nm->n[k]++] = strdup(tab + 1);
    }
    free(t);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "ar" when Arabic letters outnumber Latin ones, else "en". */
static const char *script_of(const char *t, size_t n)
{
    size_t arabic = 0, latin = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= 0xD8 && ch <= 0xDB)
            arabic++;
        else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
            latin++;
    }
    return arabic > latin ? "ar" : "en";
}

/* Seeds: the sentence file of the language in the seeds folder, and every
 * *.txt of the fixtures folder written in that language's script. Sorted,
 * so the corpus does not depend on the directory order. */
static void load_seeds(corpus *c, const char *lang, const char *fixtures, const char *seeds)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s-names.txt", seeds, lang);
    load_names(&c->nm, path);
    snprintf(path, sizeof path, "%s/%s-sentences.txt", seeds, lang);
    size_t len;
    char *t = slurp(path, &len);
    if (t) {
        add_text(c, t, len, 1);
        free(t);
    }
    DIR *d = opendir(fixtures);
    if (!d) {
        fprintf(stderr, "gen_corpus: cannot open %s: %s\n", fixtures, strerror(errno));
        exit(2);
    }
    char **files = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
            files = realloc(files, (n + 1) * sizeof *files);
            files[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(files, n, sizeof *files, cmp_str);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", fixtures, files[i]);
        if ((t = slurp(path, &len))) {
            if (strcmp(script_of(t, len), lang) == 0)
                add_text(c, t, len, 0);
            free(t);
        }
        free(files[i]);
    }
    free(files);
}

/* Output buffer of one document. */
typedef struct obuf {
    char *p;
    size_t len, cap;
} obuf;

static void put(obuf *b, const char *s, size_t n)
{
    b->p = grow(b->p, &b->cap, b->len + n + 1, 1);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(obuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A digit run of the same width: years stay plausible years. */
static void put_digits(obuf *b, const char *orig, uint32_t width, int arabic, int kind)
{
    char d[64] = "1";
    uint32_t w = width < sizeof d ? width : sizeof d - 1;
    if (kind == DIGITS_DAY) {
        int day = 1 + (int)rnd_below(31);
        w = (uint32_t)snprintf(d, sizeof d, "%d", day);
        width = 0;
    }
    int year = w == 4 && !arabic && (memcmp(orig, "19", 2) == 0 || memcmp(orig, "20", 2) == 0);
    for (uint32_t i = 0; i < width && i < w; i++)
        d[i] = (char)('0' + rnd_below(10));
    if (kind == DIGITS_PLAIN && d[0] == '0')
        d[0] = (char)('1' + rnd_below(9));
    if (year) {
        d[0] = '2', d[1] = '0', d[2] = '2', d[3] = (char)('0' + rnd_below(4));
    }
    for (uint32_t i = 0; i < w; i++) {
        if (arabic) {
            char a[2] = {(char)0xD9, (char)(0xA0 + d[i] - '0')};
            put(b, a, 2);
        } else {
            put(b, &d[i], 1);
        }
    }
}

static void put_name(obuf *b, const names *nm, int cls)
{
    if (nm->n[cls])
        puts_(b, nm->v[cls][rnd_below(nm->n[cls])]);
}

static void put_sentence(obuf *b, const corpus *c, const sentence *s)
{
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const seg *g = &c->segs[i];
        if (g->kind == SEG_LIT)
            put(b, c->pool + g->off, g->len);
        else if (g->kind == SEG_DIGITS)
            put_digits(b, c->pool + g->off, g->len, g->arabic_digits, g->cls);
        else
            put_name(b, &c->nm, g->cls);
    }
}

static int class_of(const names *nm, const char *name)
{
    for (size_t k = 0; k < nm->n_classes; k++)
        if (strcmp(nm->cls[k], name) == 0)
            return (int)k;
    return -1;
}

/* One article body of about `size` bytes: a dateline, then paragraphs of
 * one to four shuffled sentences. */
static void make_body(obuf *b, const corpus *c, const char *lang, size_t size, int day)
{
    int outlet = class_of(&c->nm, "outlet"), city = class_of(&c->nm, "city");
    char date[32];
    if (strcmp(lang, "ar") == 0) {
        if (outlet >= 0)
            put_name(b, &c->nm, outlet);
        puts_(b, " - ");
    } else {
        if (city >= 0)
            put_name(b, &c->nm, city);
        snprintf(date, sizeof date, ", Jan. %d (", day);
        puts_(b, date);
        if (outlet >= 0)
            put_name(b, &c->nm, outlet);
        puts_(b, ") - ");
    }
    size_t in_par = 0, par_len = 1 + rnd_below(4);
    while (b->len < size) {
        put_sentence(b, c, &c->sents[rnd_below(c->n_sents)]);
        if (++in_par == par_len) {
            puts_(b, "\n");
            in_par = 0;
            par_len = 1 + rnd_below(4);
        } else {
            puts_(b, " ");
        }
    }
    if (b->len && b->p[b->len - 1] != '\n')
        b->p[b->len - 1] = '\n';
}

static void json_string(obuf *o, const char *s, size_t n)
{
    puts_(o, "\"");
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        put(o, s + run, i - run);
        run = i + 1;
        char esc[8];
        if (ch == '\n')
            puts_(o, "\\n");
        else if (ch == '"' || ch == '\\')
            esc[0] = '\\', esc[1] = (char)ch, put(o, esc, 2);
        else
            snprintf(esc, sizeof esc, "\\u%04x", ch), puts_(o, esc);
    }
    put(o, s + run, n - run);
    puts_(o, "\"");
}

typedef struct opts {
    const char *lang, *format, *out, *fixtures, *seeds;
    unsigned long long bytes, docs, seed;
} opts;

static FILE *open_or_die(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "gen_corpus: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

static void generate(const corpus *c, const opts *o)
{
    obuf body = {0}, rec = {0};
    char path[4096];
    FILE *part = NULL;
    size_t part_bytes = 0, part_no = 0;
    size_t per_doc = o->docs ? (size_t)(o->bytes / o->docs) : 0;
    for (unsigned long long i = 0; i < o->docs; i++) {
        body.len = 0;
        int day = 2 + (int)rnd_below(9);
        make_body(&body, c, o->lang, per_doc ? per_doc : 1, day);
        if (strcmp(o->format, "txt") == 0) {
            snprintf(path, sizeof path, "%s/%04llu", o->out, i / 1000);
            if (i % 1000 == 0)
                mkdir(path, 0777);
            snprintf(path, sizeof path, "%s/%04llu/%07llu.txt", o->out, i / 1000, i);
            FILE *f = open_or_die(path);
            fwrite(body.p, 1, body.len, f);
            fclose(f);
            continue;
        }
        rec.len = 0;
        char head[160];
        snprintf(head, sizeof head,
                 "{\"title\": \"Kazakhstan unrest, update %llu\", \"published\": \"2022-01-%02d\", "
                 "\"language\": \"%s\", \"text\": ", i, day, o->lang);
        puts_(&rec, head);
        json_string(&rec, body.p, body.len);
        puts_(&rec, "}\n");
        if (!part || part_bytes + rec.len > PART_MAX) {
            if (part)
                fclose(part);
            snprintf(path, sizeof path, "%s/part-%04zu.jsonl", o->out, part_no++);
            part = open_or_die(path);
            part_bytes = 0;
        }
        fwrite(rec.p, 1, rec.len, part);
        part_bytes += rec.len;
    }
    if (part)
        fclose(part);
    free(body.p);
    free(rec.p);
}

static unsigned long long parse_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1000;
    else if (*end == 'M' || *end == 'm')
        mul = 1000000;
    else if (*end == 'G' || *end == 'g')
        mul = 1000000000;
    return v > 0 ? (unsigned long long)(v * (double)mul) : 0;
}

static int usage(void)
{
    fputs("usage: gen_corpus --lang ar|en --bytes N[K|M|G] --docs N[K|M] --format txt|jsonl\n"
          "                  --out DIR [--seed N] [--fixtures DIR] [--seeds DIR]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    opts o = {"ar", "jsonl", NULL, "fixtures/kazakhstan-2022", "bench/seeds", 1000000, 100, 1};
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--lang")) o.lang = v;
        else if (!strcmp(k, "--format")) o.format = v;
        else if (!strcmp(k, "--out")) o.out = v;
        else if (!strcmp(k, "--fixtures")) o.fixtures = v;
        else if (!strcmp(k, "--seeds")) o.seeds = v;
        else if (!strcmp(k, "--bytes")) o.bytes = parse_size(v);
        else if (!strcmp(k, "--docs")) o.docs = parse_size(v);
        else if (!strcmp(k, "--seed")) o.seed = strtoull(v, NULL, 10);
        else return usage();
    }
    if (argc % 2 == 0 || !o.out || !o.bytes || !o.docs ||
        (strcmp(o.format, "txt") && strcmp(o.format, "jsonl")))
        return usage();
    rng_state = o.seed * 0x2545f4914f6cdd1dULL + 1;
    corpus c = {0};
    load_seeds(&c, o.lang, o.fixtures, o.seeds);
    if (c.n_sents == 0) {
        fprintf(stderr, "gen_corpus: no seed sentences for %s\n", o.lang);
        return 2;
    }
    mkdir(o.out, 0777);
    generate(&c, &o);
    fprintf(stderr, "gen_corpus: %s: %llu documents of %s from %zu seed sentences\n", o.out,
            o.docs, o.lang, c.n_sents);
    return 0;
}
