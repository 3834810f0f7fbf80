/* norm.c - the scorer's normalised view of text and the comparisons the
 * matcher makes with it. */
#include "norm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"

#define CK_DROP 0xFFFFFFFFu
#define CK_SPACE 0xFFFFFFFEu

static int is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Marks that carry no meaning for matching: harakat, Quranic marks, bidi
 * controls, zero-width characters and the byte order mark. */
static int is_ignorable(uint32_t cp)
{
    return cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
           (cp >= 0x06D6 && cp <= 0x06ED) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
           cp == 0x061C;
}

/* Letter-form and digit variants folded to one form. Returns cp unchanged
 * when nothing applies. */
static uint32_t fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0x0660 && cp <= 0x0669)
        return '0' + (cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9)
        return '0' + (cp - 0x06F0);
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; /* alef forms */
    case 0x0649: case 0x06CC: return 0x064A;  /* alef maqsura, Persian yeh -> yeh */
    case 0x0629: return 0x0647;               /* ta marbuta -> ha */
    case 0x06A9: return 0x0643;               /* keheh -> kaf */
    case 0x066A: return '%';
    case 0x066B: return '.';
    case 0x066C: case 0x060C: return ',';
    case 0x061B: return ';';
    case 0x061F: return '?';
    case 0x2018: case 0x2019: case 0x201B: return '\'';
    case 0x201C: case 0x201D: case 0x201F: case 0x00AB: case 0x00BB: return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212: return '-';
    default: return cp;
    }
}

/* The code point before orig[i] (or 0 at the start). */
static uint32_t prev_cp(const char *orig, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)orig[j] & 0xC0) == 0x80)
        j--;
    return rk_utf8_next(orig, i, &j);
}

/* What the code point at [i, next) becomes. */
static uint32_t classify(const char *orig, size_t len, uint32_t cp, size_t i, size_t next)
{
    if (is_space(cp))
        return CK_SPACE;
    if (is_ignorable(cp))
        return CK_DROP;
    if (cp == '.' || cp == 0x00B7) {
        size_t k = next;
        uint32_t after = next < len ? rk_utf8_next(orig, len, &k) : 0;
        if (prev_cp(orig, i) == 0x0640 || after == 0x0640)
            return CK_DROP;
    }
    return fold(cp);
}

static int emit(ck_norm *n, size_t *cap, const char *bytes, size_t nb, size_t a, size_t b,
                int with_map)
{
    if (n->len + nb + 1 > *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        while (c < n->len + nb + 1)
            c *= 2;
        char *s = realloc(n->s, c);
        if (!s)
            return -1;
        n->s = s;
        if (with_map) {
            size_t *p = realloc(n->src_start, c * sizeof *p);
            if (!p)
                return -1;
            n->src_start = p;
            p = realloc(n->src_end, c * sizeof *p);
            if (!p)
                return -1;
            n->src_end = p;
        }
        *cap = c;
    }
    for (size_t k = 0; k < nb; k++) {
        if (with_map) {
            n->src_start[n->len] = a;
            n->src_end[n->len] = b;
        }
        n->s[n->len++] = bytes[k];
    }
    n->s[n->len] = '\0';
    return 0;
}

int ck_norm_build(const char *orig, size_t len, int with_map, ck_norm *n)
{
    memset(n, 0, sizeof *n);
    size_t cap = 0, i = 0;
    int pending_space = 0;
    size_t space_at = 0;
    if (emit(n, &cap, "", 0, 0, 0, with_map) < 0)
        goto fail;
    while (i < len) {
        size_t next = i;
        uint32_t cp = rk_utf8_next(orig, len, &next);
        uint32_t out = classify(orig, len, cp, i, next);
        if (out == CK_SPACE) {
            if (!pending_space)
                space_at = i;
            pending_space = 1;
        } else if (out != CK_DROP) {
            /* A space is written only between two kept characters, which
             * trims both ends for free. */
            if (pending_space && n->len && emit(n, &cap, " ", 1, space_at, space_at + 1, with_map) < 0)
                goto fail;
            pending_space = 0;
            char buf[4];
            size_t nb = cp == 0xFFFD && next == i + 1 ? (buf[0] = orig[i], 1) : rk_utf8_put(out, buf);
            if (emit(n, &cap, buf, nb, i, next, with_map) < 0)
                goto fail;
        }
        i = next;
    }
    return 0;
fail:
    ck_norm_free(n);
    return -1;
}

void ck_norm_free(ck_norm *n)
{
    if (!n)
        return;
    free(n->s);
    free(n->src_start);
    free(n->src_end);
    memset(n, 0, sizeof *n);
}

size_t ck_find(const char *hay, size_t hay_len, const char *needle, size_t needle_len,
               size_t from)
{
    if (needle_len == 0 || needle_len > hay_len)
        return (size_t)-1;
    for (size_t i = from; i + needle_len <= hay_len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, needle_len) == 0)
            return i;
    return (size_t)-1;
}

/* 1 when s[0..n) is one to three Arabic letters. */
static int is_proclitic(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    while (i < n) {
        uint32_t cp = rk_utf8_next(s, n, &i);
        if (cp < 0x0621 || cp > 0x064A)
            return 0;
        count++;
    }
    return count >= 1 && count <= 3;
}

int ck_same_number_text(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == lb)
        return memcmp(a, b, la) == 0;
    const char *lng = la > lb ? a : b, *shr = la > lb ? b : a;
    size_t d = (la > lb ? la : lb) - (la > lb ? lb : la);
    if (!shr[0] || memcmp(lng + d, shr, strlen(shr)) != 0)
        return 0;
    return is_proclitic(lng, d);
}

int ck_contains_either(const char *a, const char *b)
{
    if (!a[0] || !b[0])
        return 0;
    return strstr(a, b) != NULL || strstr(b, a) != NULL;
}
