/* jsonscan.c - a strict JSON scanner for the fast path of JSON Lines: it
 * checks one record against RFC 8259 and notes where the values of a few
 * top-level members lie, without building a tree or copying a byte.
 *
 * It is deliberately narrower than cJSON: whatever cJSON might read in some
 * other way (an escaped key, a surrogate or \u0000 escape, a raw control
 * character in a string, a number longer than cJSON's 63-byte buffer, other
 * whitespace, deep nesting) makes it give up, and the caller hands the
 * record to cJSON, which reads it or reports the error with its place. So a
 * record it accepts is one cJSON accepts, with the same member values. */
#include "internal.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SCAN_DEPTH 64

typedef struct scanner {
    const unsigned char *s;
    size_t n, i;
} scanner;

/* 1 for the bytes a string scan must stop at: quote, backslash, controls. */
static const unsigned char k_stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static void skip_ws(scanner *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                           p->s[p->i] == '\r'))
        p->i++;
}

static int hex4(const unsigned char *s, uint32_t *cp)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned c = s[k];
        unsigned d = c >= '0' && c <= '9'   ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : 16;
        if (d == 16)
            return 0;
        v = v << 4 | d;
    }
    *cp = v;
    return 1;
}

#ifdef __SSE2__
/* Bit k set when byte k of b is a quote, a backslash or a control byte. */
static unsigned stop_mask(__m128i b)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i x1f = _mm_set1_epi8(0x1f);
    __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, bslash)),
                                _mm_cmpeq_epi8(_mm_min_epu8(b, x1f), b));
    return (unsigned)_mm_movemask_epi8(stop);
}
#endif

/* The first quote, backslash or control byte of s[i..n), or n. */
static size_t next_stop(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    /* Sixteen bytes at a time; the bytes short of a last full block are
       read in the block that ends at n, the bits of the bytes before i
       shifted out: a stop byte is found in the same few steps as a block's
       (a string stops at every escape, some ten times in an article). */
    if (n >= 16) {
        for (; n - i >= 16; i += 16) {
            unsigned m = stop_mask(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            if (m)
                return i + (size_t)__builtin_ctz(m);
        }
        if (i == n)
            return n;
        unsigned m = stop_mask(_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16))) >>
                     (16 - (n - i));
        return m ? i + (size_t)__builtin_ctz(m) : n;
    }
#endif
    /* Eight bytes at a time while none is a quote, a backslash or a
       control byte (the classic has-zero-byte and has-less-than tests). */
    while (i + 8 <= n) {
        uint64_t w, ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
        memcpy(&w, s + i, 8);
        uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
        if (((q - ones) & ~q & high) | ((b - ones) & ~b & high) | ((w - ones * 0x20) & ~w & high))
            break;
        i += 8;
    }
    while (i < n && !k_stop[s[i]])
        i++;
    return i;
}

/* The string whose opening quote is at p->i: its contents are
 * [*start, p->i - 1) afterwards; *esc tells whether they hold escapes. */
static int scan_string(scanner *p, size_t *start, int *esc)
{
    const unsigned char *s = p->s;
    size_t i = p->i + 1, n = p->n;
    *start = i;
    *esc = 0;
    for (;;) {
        i = next_stop(s, i, n);
        if (i >= n || s[i] < 0x20)
            return 0;
        if (s[i] == '"') {
            p->i = i + 1;
            return 1;
        }
        *esc = 1;
        if (i + 1 >= n)
            return 0;
        switch (s[i + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i += 2;
            break;
        case 'u': {
            uint32_t cp;
            if (i + 6 > n || !hex4(s + i + 2, &cp) || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
            i += 6;
            break;
        }
        default:
            return 0;
        }
    }
}

static int digits(scanner *p)
{
    size_t i0 = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
        p->i++;
    return p->i > i0;
}

static int scan_number(scanner *p)
{
    size_t i0 = p->i;
    if (p->i < p->n && p->s[p->i] == '-')
        p->i++;
    if (p->i < p->n && p->s[p->i] == '0')
        p->i++;
    else if (!(p->i < p->n && p->s[p->i] >= '1' && p->s[p->i] <= '9') || !digits(p))
        return 0;
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (!digits(p))
            return 0;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (!digits(p))
            return 0;
    }
    return p->i - i0 <= 32;
}

static int scan_literal(scanner *p, const char *lit, size_t n)
{
    if (p->n - p->i < n || memcmp(p->s + p->i, lit, n) != 0)
        return 0;
    p->i += n;
    return 1;
}

/* The keys a scan looks for, and for each value of a key's first byte
 * modulo 32 the keys that start so (bit k for keys[k], at most 32 keys):
 * a member's name is compared with the few keys its first byte allows
 * rather than with all of them. */
typedef struct key_set {
    const char *const *keys;
    size_t n;
    uint32_t by_first[32];
} key_set;

static int scan_object(scanner *p, int depth, key_set *set, ing_json_value *vals);

/* Any value at p->i; *kind and [*start, *end) describe it for the caller. */
static int scan_value(scanner *p, int depth, ing_json_kind *kind, size_t *start, size_t *end,
                      int *esc)
{
    if (p->i >= p->n)
        return 0;
    *start = p->i;
    *esc = 0;
    switch (p->s[p->i]) {
    case '"':
        *kind = ING_JSON_STRING;
        if (!scan_string(p, start, esc))
            return 0;
        *end = p->i - 1;
        return 1;
    case '{':
        *kind = ING_JSON_OBJECT;
        if (!scan_object(p, depth + 1, NULL, NULL))
            return 0;
        *end = p->i;
        return 1;
    case '[':
        *kind = ING_JSON_OTHER;
        if (depth + 1 > SCAN_DEPTH)
            return 0;
        p->i++;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            return 1;
        }
        for (;;) {
            ing_json_kind k;
            size_t a, b;
            int e;
            skip_ws(p);
            if (!scan_value(p, depth + 1, &k, &a, &b, &e))
                return 0;
            skip_ws(p);
            if (p->i >= p->n)
                return 0;
            if (p->s[p->i] == ']') {
                p->i++;
                return 1;
            }
            if (p->s[p->i++] != ',')
                return 0;
        }
    case 'n':
        *kind = ING_JSON_NULL;
        return scan_literal(p, "null", 4);
    case 't':
        *kind = ING_JSON_OTHER;
        return scan_literal(p, "true", 4);
    case 'f':
        *kind = ING_JSON_OTHER;
        return scan_literal(p, "false", 5);
    default:
        *kind = ING_JSON_OTHER;
        return scan_number(p);
    }
}

/* Whether the key s[0..n) is key. */
static int key_is(const char *key, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && key[i] == (char)s[i])
        i++;
    return i == n && key[n] == '\0';
}

/* The object whose '{' is at p->i. With a key set, the first member named
 * ks->keys[k] fills vals[k]; a key found is taken out of the set. */
static int scan_object(scanner *p, int depth, key_set *set, ing_json_value *vals)
{
    if (depth > SCAN_DEPTH)
        return 0;
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
        return 1;
    }
    for (;;) {
        size_t ks, vs, ve;
        int esc;
        ing_json_kind kind;
        if (p->i >= p->n || p->s[p->i] != '"' || !scan_string(p, &ks, &esc) || esc)
            return 0;
        size_t klen = p->i - 1 - ks;
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i++] != ':')
            return 0;
        skip_ws(p);
        if (!scan_value(p, depth, &kind, &vs, &ve, &esc))
            return 0;
        if (set) {
            uint32_t *first = &set->by_first[p->s[ks] & 31];
            for (uint32_t m = *first; m; m &= m - 1) {
                unsigned k = (unsigned)__builtin_ctz(m);
                if (!key_is(set->keys[k], p->s + ks, klen))
                    continue;
                vals[k] = (ing_json_value){kind, vs, kind == ING_JSON_STRING ||
                                                             kind == ING_JSON_OBJECT ? ve : p->i,
                                           esc};
                *first &= ~(1u << k);
                break;
            }
        }
        skip_ws(p);
        if (p->i >= p->n)
            return 0;
        if (p->s[p->i] == '}') {
            p->i++;
            return 1;
        }
        if (p->s[p->i++] != ',')
            return 0;
        skip_ws(p);
    }
}

int ing_json_scan(const char *raw, size_t len, const char *const *keys, size_t nkeys,
                  ing_json_value *vals)
{
    scanner p = {(const unsigned char *)raw, len, 0};
    key_set set = {keys, nkeys, {0}};
    if (nkeys > 32)
        return 0;
    for (size_t k = 0; k < nkeys; k++) {
        vals[k] = (ing_json_value){ING_JSON_ABSENT, 0, 0, 0};
        /* keys alike take the members of that name in turn, as when each
           member was compared with every key not yet found */
        set.by_first[(unsigned char)keys[k][0] & 31] |= 1u << k;
    }
    skip_ws(&p);
    if (p.i >= p.n || p.s[p.i] != '{' || !scan_object(&p, 1, &set, vals))
        return 0;
    skip_ws(&p);
    return p.i == p.n;
}

size_t ing_json_unescape(const char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *bs = memchr(in + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - in) - i : n - i;
        memcpy(out + o, in + i, run);
        o += run;
        i += run;
        if (i >= n)
            break;
        char c = in[i + 1];
        i += 2;
        switch (c) {
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            uint32_t cp = 0;
            hex4((const unsigned char *)in + i, &cp);
            o += rk_utf8_put(cp, out + o);
            i += 4;
            break;
        }
        default: out[o++] = c; break;
        }
    }
    return o;
}
