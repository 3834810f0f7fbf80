/* document.c - the document type, lists of documents, and field helpers
 * shared by the format readers. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static void field_clear(rk_field *f)
{
    free(f->value);
    f->value = NULL;
    f->origin = RK_ORIGIN_NONE;
}

void rk_document_free(rk_document *d)
{
    if (!d)
        return;
    free(d->id);
    free(d->path);
    rk_field *fields[] = {&d->source, &d->published, &d->url, &d->language,
                          &d->title, &d->byline, &d->dateline};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        field_clear(fields[i]);
    free(d->body);
    free(d);
}

int rk_doclist_push(rk_doclist *l, rk_document *d)
{
    if (!l || !d)
        return -1;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        rk_document **v = realloc(l->docs, cap * sizeof *v);
        if (!v)
            return -1;
        l->docs = v;
        l->cap = cap;
    }
    l->docs[l->n++] = d;
    return 0;
}

void rk_doclist_free(rk_doclist *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        rk_document_free(l->docs[i]);
    free(l->docs);
    l->docs = NULL;
    l->n = l->cap = 0;
}

const char *rk_format_name(rk_format f)
{
    switch (f) {
    case RK_FORMAT_TEXT: return "text";
    case RK_FORMAT_JSON: return "json";
    case RK_FORMAT_JSONL: return "jsonl";
    case RK_FORMAT_HTML: return "html";
    case RK_FORMAT_NITF: return "nitf";
    case RK_FORMAT_NEWSML: return "newsml";
    case RK_FORMAT_NONE: break;
    }
    return NULL;
}

const char *rk_origin_name(rk_origin o)
{
    switch (o) {
    case RK_ORIGIN_GIVEN: return "given";
    case RK_ORIGIN_INFERRED: return "inferred";
    case RK_ORIGIN_NONE: break;
    }
    return NULL;
}

rk_document *ing_doc_new(const ing_ctx *c, rk_format f)
{
    return ing_doc_new_record(c, f, 0);
}

rk_document *ing_doc_new_record(const ing_ctx *c, rk_format f, size_t record)
{
    rk_document *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->format = f;
    d->body_file_offset = -1;
    d->record = record;
    /* the id is made in place, with room for "#", 20 digits and the NUL */
    size_t n = strlen(c->id);
    if ((d->id = malloc(n + (record ? 22 : 1)))) {
        memcpy(d->id, c->id, n);
        d->id[n] = '\0';
        if (record) {
            d->id[n] = '#';
            rk_fmt_u64((uint64_t)record, 0, d->id + n + 1);
        }
    }
    d->path = rk_strdup(c->path);
    if (!d->id || !d->path) {
        rk_document_free(d);
        return NULL;
    }
    return d;
}

static int is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* 1 when s[0..n) is already what ing_field_set() makes of it: no byte
 * below 0x20 (a NUL, a space other than ' ', or a control), no ' ' at
 * either end and no two in a row. Nearly every title, source and date is
 * so, and is then copied whole instead of word by word. */
static int field_plain(const unsigned char *s, size_t n)
{
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
        return 0;
    size_t i = 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time; the last block overlaps the one before it
     * rather than leaving bytes over. A block's ' ' may not follow another,
     * in the block or (the carry) just before it. */
    const __m128i sp = _mm_set1_epi8(' ');
    for (size_t at; i < n && n >= 16; i = at + 16) {
        at = i + 16 <= n ? i : n - 16;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
        unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, sp), x));
        unsigned spc = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp));
        unsigned carry = at > 0 && s[at - 1] == ' ';
        if (low != spc || (spc & (spc << 1 | carry)))
            return 0;
    }
#endif
    for (; i < n; i++) {
        /* s[n - 1] is no space, so s[i + 1] is inside s after a space */
        if (s[i] < 0x20 || (s[i] == ' ' && s[i + 1] == ' '))
            return 0;
    }
    return 1;
}

int ing_field_set(rk_field *f, const char *s, size_t n, rk_origin o)
{
    if (field_plain((const unsigned char *)s, n)) {
        char *v = malloc(n + 1);
        if (!v)
            return -1;
        memcpy(v, s, n);
        v[n] = '\0';
        field_clear(f);
        f->value = v;
        f->origin = o;
        return 0;
    }
    /* the value is never longer than s: runs of spaces become one */
    const char *nul = n ? memchr(s, '\0', n) : NULL;
    if (nul)
        n = (size_t)(nul - s);
    char *v = malloc(n + 1);
    if (!v)
        return -1;
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        /* a run of non-space bytes, eight at a time while none is below
         * 0x21 (every space is), is copied whole */
        size_t j = i;
        for (uint64_t w; j + 8 <= n; j += 8) {
            memcpy(&w, s + j, 8);
            if ((w - 0x2121212121212121ULL) & ~w & 0x8080808080808080ULL)
                break;
        }
        while (j < n && !is_space((unsigned char)s[j]))
            j++;
        if (j > i) {
            if (len)
                v[len++] = ' '; /* the spaces before it */
            memcpy(v + len, s + i, j - i);
            len += j - i;
        }
        while (j < n && is_space((unsigned char)s[j]))
            j++;
        i = j;
    }
    if (len == 0) {
        free(v);
        return 0;
    }
    v[len] = '\0';
    field_clear(f);
    f->value = v;
    f->origin = o;
    return 0;
}

int ing_field_sets(rk_field *f, const char *s, rk_origin o)
{
    return s ? ing_field_set(f, s, strlen(s), o) : 0;
}

void ing_line_col(const char *data, size_t len, size_t off, long *line, long *col)
{
    rk_utf8_line_col(data, len, off > len ? len : off, line, col);
}

void ing_diag(const ing_ctx *c, rk_status code, long line, long col, long offset,
              const char *fmt, ...)
{
    if (!c->diag)
        return;
    rk_error e;
    rk_error_clear(&e);
    rk_error_set(&e, code, c->path, line, col, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    e.offset = offset;
    c->diag(c->diag_ctx, &e);
}

void ing_warn(const ing_ctx *c, const char *file, long line, long col, const char *fmt, ...)
{
    if (!c->diag)
        return;
    rk_error e;
    rk_error_warn(&e, RK_ERR_PARSE, file ? file : c->path, line, col, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    c->diag(c->diag_ctx, &e);
}

/* n digits at s, as a number; -1 when they are not all digits. */
static long digits(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* HH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM|+HHMM|+HH] at s[0..n). */
static int time_valid(const char *s, size_t n)
{
    if (n < 5 || s[2] != ':' || digits(s, 2) < 0 || digits(s, 2) > 24 || digits(s + 3, 2) < 0 ||
        digits(s + 3, 2) > 59)
        return 0;
    size_t i = 5;
    if (i < n && s[i] == ':') {
        if (n < i + 3 || digits(s + i + 1, 2) < 0 || digits(s + i + 1, 2) > 60)
            return 0;
        i += 3;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t k = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == k)
                return 0;
        }
    }
    if (i == n)
        return 1;
    if (s[i] == 'Z' || s[i] == 'z')
        return i + 1 == n;
    if (s[i] != '+' && s[i] != '-')
        return 0;
    const char *z = s + i + 1;
    size_t zn = n - i - 1;
    return (zn == 2 && digits(z, 2) >= 0) || (zn == 4 && digits(z, 4) >= 0) ||
           (zn == 5 && z[2] == ':' && digits(z, 2) >= 0 && digits(z + 3, 2) >= 0);
}

int ing_date_valid(const char *s, size_t n)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long y = n >= 4 ? digits(s, 4) : -1;
    if (y < 1 || (n > 4 && s[4] != '-'))
        return 0;
    if (n == 4)
        return 1;
    long m = n >= 7 ? digits(s + 5, 2) : -1;
    if (m < 1 || m > 12 || (n > 7 && s[7] != '-'))
        return 0;
    if (n == 7)
        return 1;
    long d = n >= 10 ? digits(s + 8, 2) : -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d < 1 || d > days[m - 1] + (m == 2 && leap))
        return 0;
    if (n == 10)
        return 1;
    return (s[10] == 'T' || s[10] == 't' || s[10] == ' ') && time_valid(s + 11, n - 11);
}

int ing_published_set(const ing_ctx *c, rk_document *d, const char *s, size_t n, rk_origin o,
                      const char *file, long line, long col)
{
    rk_field tmp = {NULL, RK_ORIGIN_NONE};
    if (ing_field_set(&tmp, s, n, o) < 0)
        return -1;
    if (!tmp.value)
        return 0;
    size_t len = strlen(tmp.value);
    if (ing_date_valid(tmp.value, len)) {
        field_clear(&d->published);
        d->published = tmp;
        return 0;
    }
    ing_warn(c, file, line, col, "the publication date '%.*s%s' is not a date (ISO 8601, a day "
             "that exists); not used", len > 40 ? 40 : (int)len, tmp.value,
             len > 40 ? "..." : "");
    field_clear(&tmp);
    return 0;
}

void ing_lang_normalise(rk_field *f)
{
    if (!f->value)
        return;
    for (char *p = f->value; *p; p++) {
        if (*p == '-' || *p == '_') {
            *p = '\0';
            break;
        }
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    }
}
