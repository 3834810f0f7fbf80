/* jsonw.c - the streaming JSON writer of the JSON and JSON Lines reports. */
#include "jsonw.h"

#include <math.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "report.h"
#include "../core/buf.h"

void rkj_init(rkj_writer *w, FILE *f)
{
    w->f = f;
    w->n = 0;
    w->kept = NULL;
}

void rkj_flush(rkj_writer *w)
{
    if (w->n)
        fwrite(w->buf, 1, w->n, w->f);
    w->n = 0;
    w->kept = NULL;
}

rk_status rkj_end(rkj_writer *w, rk_error *err)
{
    rkj_flush(w);
    if (ferror(w->f))
        return rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "cannot write the report");
    return RK_OK;
}

void rkj_spill(rkj_writer *w, const char *p, size_t n)
{
    rkj_flush(w);
    /* A run longer than the buffer (a long sentence) goes out in one write
     * rather than being cut into buffer-sized copies. */
    if (n >= RKJ_BUF) {
        fwrite(p, 1, n, w->f);
        return;
    }
    memcpy(w->buf, p, n);
    w->n = n;
}

/* 1 for the bytes a JSON string cannot hold as they are: the controls
 * (NUL among them, which ends the string), the quote and the backslash. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

/* Writes at o the escape of the special byte c other than NUL (at most
 * six bytes) and returns the end of it. */
static char *put_escape(char *o, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    o[0] = '\\';
    switch (c) {
    case '\b': o[1] = 'b'; return o + 2;
    case '\f': o[1] = 'f'; return o + 2;
    case '\n': o[1] = 'n'; return o + 2;
    case '\r': o[1] = 'r'; return o + 2;
    case '\t': o[1] = 't'; return o + 2;
    case '"': case '\\': o[1] = (char)c; return o + 2;
    default:
        memcpy(o + 1, "u00", 3);
        o[4] = hex[c >> 4];
        o[5] = hex[c & 15];
        return o + 6;
    }
}

/* Writes the escape of the special byte c other than NUL. */
static void escape(rkj_writer *w, unsigned char c)
{
    char e[6];
    rkj_mem(w, e, (size_t)(put_escape(e, c) - e));
}

#ifndef __SSE2__
/* Eight bytes at a time: 1 when word x may hold a special byte (a control,
 * " or \). Bytes of 0x80 and above never count, so UTF-8 text passes. */
static int word_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
    uint64_t control = (x - ones * 0x20) & ~x;
    return (((quote - ones) & ~quote) | ((slash - ones) & ~slash) | control) & highs ? 1 : 0;
}
#endif

#ifdef __SSE2__
/* Bit i set when byte i of x is special: a control (a byte whose unsigned
 * minimum with 0x1f is itself), " or \. */
static unsigned special_mask(__m128i x)
{
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'),
                  below = _mm_set1_epi8(0x1f);
    __m128i named = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, slash));
    __m128i hit = _mm_or_si128(named, _mm_cmpeq_epi8(_mm_min_epu8(x, below), x));
    return (unsigned)_mm_movemask_epi8(hit);
}

static uint64_t load64(const unsigned char *s)
{
    uint64_t x;
    memcpy(&x, s, sizeof x);
    return x;
}

static uint32_t load32(const unsigned char *s)
{
    uint32_t x;
    memcpy(&x, s, sizeof x);
    return x;
}
#endif

/* The end of the run of plain bytes that starts at s. Sentences are long
 * and mostly plain, so they are scanned sixteen bytes at a time where SSE2
 * is there (every x86-64); the bytes short of a last full block, and
 * strings of 4 to 15 bytes (ids, names), are read as overlapping blocks
 * rather than a byte at a time: a byte seen twice was plain the first time,
 * so the first special byte is still the first one found. */
static const unsigned char *plain_run(const unsigned char *s, const unsigned char *end)
{
#ifdef __SSE2__
    size_t n = (size_t)(end - s);
    unsigned m;
    if (n >= 16) {
        const unsigned char *p = s;
        do {
            if ((m = special_mask(_mm_loadu_si128((const __m128i *)(const void *)p))))
                return p + __builtin_ctz(m);
            p += 16;
        } while (end - p >= 16);
        if (p == end)
            return end;
        m = special_mask(_mm_loadu_si128((const __m128i *)(const void *)(end - 16)));
        return m ? end - 16 + __builtin_ctz(m) : end;
    }
    if (n >= 8) {
        m = special_mask(_mm_set_epi64x((long long)load64(end - 8), (long long)load64(s)));
        if (!m)
            return end;
        return m & 0xffu ? s + __builtin_ctz(m) : end - 8 + __builtin_ctz(m >> 8);
    }
    if (n >= 4) {
        m = special_mask(_mm_set_epi32(0, 0, (int)load32(end - 4), (int)load32(s))) & 0xffu;
        if (!m)
            return end;
        return m & 0xfu ? s + __builtin_ctz(m) : end - 4 + __builtin_ctz(m >> 4);
    }
#else
    uint64_t x;
    while (end - s >= 8) {
        memcpy(&x, s, sizeof x);
        if (word_special(x))
            break;
        s += 8;
    }
#endif
    while (s < end && !special[*s])
        s++;
    return s;
}

#ifdef __SSE2__
static void store64(char *o, uint64_t x)
{
    memcpy(o, &x, sizeof x);
}

static void store32(char *o, uint32_t x)
{
    memcpy(o, &x, sizeof x);
}
#endif

/* Copies s[0..n) to o while looking for its first special byte, and
 * returns the number of plain bytes before it (n when there is none): one
 * pass over the string instead of a scan and then a copy. o has room for
 * n bytes; what it gets past the plain bytes, the caller writes over. The
 * blocks are those of plain_run(). */
static inline __attribute__((always_inline)) size_t copy_plain(char *o, const unsigned char *s,
                                                                size_t n)
{
#ifdef __SSE2__
    unsigned m;
    if (n >= 16) {
        size_t i = 0;
        do {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)(o + i), x);
            if ((m = special_mask(x)))
                return i + (size_t)__builtin_ctz(m);
            i += 16;
        } while (n - i >= 16);
        if (i == n)
            return n;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        _mm_storeu_si128((__m128i *)(void *)(o + n - 16), x);
        m = special_mask(x);
        return m ? n - 16 + (size_t)__builtin_ctz(m) : n;
    }
    if (n >= 8) {
        uint64_t a = load64(s), b = load64(s + n - 8);
        store64(o, a);
        store64(o + n - 8, b);
        m = special_mask(_mm_set_epi64x((long long)b, (long long)a));
        if (!m)
            return n;
        return m & 0xffu ? (size_t)__builtin_ctz(m) : n - 8 + (size_t)__builtin_ctz(m >> 8);
    }
    if (n >= 4) {
        uint32_t a = load32(s), b = load32(s + n - 4);
        store32(o, a);
        store32(o + n - 4, b);
        m = special_mask(_mm_set_epi32(0, 0, (int)b, (int)a)) & 0xffu;
        if (!m)
            return n;
        return m & 0xfu ? (size_t)__builtin_ctz(m) : n - 4 + (size_t)__builtin_ctz(m >> 4);
    }
    size_t i = 0;
    while (i < n && !special[s[i]]) {
        o[i] = (char)s[i];
        i++;
    }
    return i;
#else
    size_t k = (size_t)(plain_run(s, s + n) - s);
    memcpy(o, s, k);
    return k;
#endif
}

/* Writes the rest of a string, s[0..end), and the closing quote. */
static void slice_rest(rkj_writer *w, const unsigned char *s, const unsigned char *end)
{
    const unsigned char *q = plain_run(s, end);
    for (;;) {
        rkj_mem(w, (const char *)s, (size_t)(q - s));
        /* cJSON printed C strings, so the bytes after a NUL never showed. */
        if (q == end || *q == 0)
            break;
        escape(w, *q);
        s = q + 1;
        q = plain_run(s, end);
    }
    rkj_lit(w, "\"");
}

/* A string that does not fit what is left of the buffer. Out of line, so
 * that the common case saves no registers. */
static __attribute__((noinline)) void slice_unfit(rkj_writer *w, const unsigned char *s,
                                                   size_t n)
{
    rkj_lit(w, "\"");
    slice_rest(w, s, s + n);
}

void rkj_slice(rkj_writer *w, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    if (n + 2 > RKJ_BUF - w->n) {
        slice_unfit(w, s, n);
        return;
    }
    /* Most strings need no escape: one pass between the quotes. */
    char *o = w->buf + w->n;
    o[0] = '"';
    size_t k = copy_plain(o + 1, s, n);
    if (k == n) {
        o[n + 1] = '"';
        w->n += n + 2;
        return;
    }
    w->n += 1 + k;
    slice_rest(w, s + k, s + n);
}

char *rkj_put_slice(char *o, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    *o++ = '"';
    for (;;) {
        /* copy_plain() may write up to n bytes at o: the room of the
         * escapes not yet written covers them. */
        size_t k = copy_plain(o, s, n);
        o += k;
        /* cJSON printed C strings, so the bytes after a NUL never showed. */
        if (k == n || s[k] == 0)
            break;
        o = put_escape(o, s[k]);
        s += k + 1;
        n -= k + 1;
    }
    *o++ = '"';
    return o;
}

/* "00" to "99": two digits at a time. */
static const char pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

/* Writes the decimal digits of v at o, which has room for 21 bytes, and
 * returns the end of them. Spans and counts are nearly all below 10,000:
 * those are written here without a call; the rest by rk_fmt_u64(). */
static inline __attribute__((always_inline)) char *put_digits(char *o, uint64_t v)
{
    if (v < 100) {
        if (v < 10) {
            *o = (char)('0' + v);
            return o + 1;
        }
        memcpy(o, pairs + 2 * v, 2);
        return o + 2;
    }
    if (v < 10000) {
        unsigned hi = (unsigned)v / 100, lo = (unsigned)v % 100;
        if (hi < 10) {
            *o = (char)('0' + hi);
            memcpy(o + 1, pairs + 2 * lo, 2);
            return o + 3;
        }
        memcpy(o, pairs + 2 * hi, 2);
        memcpy(o + 2, pairs + 2 * lo, 2);
        return o + 4;
    }
    return o + rk_fmt_u64(v, 0, o);
}

/* Makes room for n bytes (at most RKJ_BUF) and returns where they go;
 * the caller then sets w->n past what it wrote. */
static char *room(rkj_writer *w, size_t n)
{
    if (n > RKJ_BUF - w->n)
        rkj_flush(w);
    return w->buf + w->n;
}

void rkj_size(rkj_writer *w, size_t v)
{
    char *o = room(w, 21);
    w->n = (size_t)(put_digits(o, (uint64_t)v) - w->buf);
}

char *rkj_put_span(char *o, size_t a, size_t b)
{
    /* [, 20 digits, a comma over the first number's NUL, 20 digits, ] */
    *o++ = '[';
    o = put_digits(o, (uint64_t)a);
    *o++ = ',';
    o = put_digits(o, (uint64_t)b);
    *o++ = ']';
    return o;
}

void rkj_span(rkj_writer *w, size_t a, size_t b)
{
    char *o = room(w, RKJ_SPAN_MAX);
    w->n = (size_t)(rkj_put_span(o, a, b) - w->buf);
}

char *rkj_put_num(char *o, double v, int has)
{
    if (!has || !isfinite(v)) {
        memcpy(o, "null", 4);
        return o + 4;
    }
    /* The integers of rk_format_number() (which prints them with %.0f, exact
     * below 2^53) are nearly every count, so they skip printf; -0 is 0. The
     * bound is checked first, so that the conversion is defined. */
    if (fabs(v) < 9007199254740992.0) {
        int64_t i = (int64_t)v;
        if ((double)i == v) {
            if (i < 0) {
                *o++ = '-';
                i = -i;
            }
            return put_digits(o, (uint64_t)i);
        }
    }
    /* %.17g and its NUL: 25 bytes at most */
    char b[RKJ_NUM_MAX];
    rk_format_number(v, b, sizeof b);
    size_t n = strlen(b);
    memcpy(o, b, n);
    return o + n;
}

void rkj_num(rkj_writer *w, double v, int has)
{
    char *o = room(w, RKJ_NUM_MAX);
    w->n = (size_t)(rkj_put_num(o, v, has) - w->buf);
}

void rkj_bool(rkj_writer *w, int v)
{
    if (v)
        rkj_lit(w, "true");
    else
        rkj_lit(w, "false");
}
