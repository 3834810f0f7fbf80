/* utf8.c - UTF-8 validation, decoding and positions. */
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Length of the sequence starting at s[i], or 0 when it is invalid. */
static size_t seq_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned c = s[i];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
    else return 0;
    if (i + n > len)
        return 0;
    uint32_t cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* The byte classes of Table 3-7 of the Unicode standard: 0 ASCII, 1 80..8F,
 * 2 90..9F, 3 A0..BF, 4 never valid, 5 C2..DF, 6 E0, 7 E1..EC and EE..EF,
 * 8 ED, 9 F0, 10 F1..F3, 11 F4. */
static const uint8_t byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
    6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 7,
    9, 10, 10, 10, 11, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* A shift DFA: the state is a bit offset (6 times: 0 accept, 1..3 that
 * many continuation bytes due, 4 after E0, 5 after ED, 6 after F0, 7 after
 * F4, 8 reject, which never leaves), and class_row[c] holds the next state
 * of every state at that state's offset. One shift per byte and no branch:
 * Arabic text, a space every few two-byte letters, defeats the branch
 * predictor of a decoding checker. */
static const uint64_t class_row[12] = {
    0x0030c30c30c30c00ULL, 0x00303301b0306030ULL, 0x0030c0c1b0306030ULL,
    0x0030c0cc06306030ULL, 0x0030c30c30c30c30ULL, 0x0030c30c30c30c06ULL,
    0x0030c30c30c30c18ULL, 0x0030c30c30c30c0cULL, 0x0030c30c30c30c1eULL,
    0x0030c30c30c30c24ULL, 0x0030c30c30c30c12ULL, 0x0030c30c30c30c2aULL,
};
#define DFA_REJECT 48

/* The first bad byte, decoding sequence by sequence (for error reports). */
static size_t first_bad(const unsigned char *s, size_t len)
{
    size_t i = 0, n;
    while (i < len && (n = seq_len(s, len, i)))
        i += n;
    return i;
}

#ifdef __SSE2__
/* Checks the sixteen bytes at s when they hold nothing but ASCII and
 * two-byte sequences (C2..DF, then 80..BF): Arabic, Cyrillic, accented
 * Latin. Returns the bytes checked, all of them whole characters: 16, or
 * 15 when the last byte leads a sequence the next block ends; 0 when the
 * block holds anything else, which the DFA then reads. s starts a
 * character. */
static size_t two_byte_block(const unsigned char *s)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* as signed bytes: 80..BF are -128..-65, C2..DF are -62..-33 */
    __m128i cont = _mm_cmplt_epi8(x, _mm_set1_epi8(-64));
    __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-63)),
                                 _mm_cmplt_epi8(x, _mm_set1_epi8(-32)));
    unsigned c = (unsigned)_mm_movemask_epi8(cont), l = (unsigned)_mm_movemask_epi8(lead);
    if ((unsigned)_mm_movemask_epi8(x) != (c | l) || ((l << 1) & 0xffffu) != c)
        return 0;
    return l & 0x8000u ? 15 : 16;
}
#endif

int rk_utf8_valid(const char *data, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)data;
    uint64_t st = 0;
    size_t i = 0;
    while (i < len) {
        /* ASCII, eight bytes at a time, between characters. */
        if (st == 0) {
            while (i + 8 <= len) {
                uint64_t w;
                __builtin_memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ULL)
                    break;
                i += 8;
            }
#ifdef __SSE2__
            size_t k;
            while (len - i >= 16 && (k = two_byte_block(s + i)))
                i += k;
#endif
        }
        /* Only the low six bits of st are the state: masking the shift count
           (which x86 shifts do anyway) leaves one shift per byte on the
           dependency chain instead of a shift and an and. */
        size_t end = len - i > 32 ? i + 32 : len;
        for (; i < end; i++)
            st = class_row[byte_class[s[i]]] >> (st & 63);
        st &= 63;
        if (st == DFA_REJECT)
            break;
    }
    if (st == 0)
        return 1;
    if (bad_offset)
        *bad_offset = first_bad(s, len);
    return 0;
}

uint32_t rk_utf8_next(const char *str, size_t len, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = seq_len(s, len, *i);
    if (!n) {
        (*i)++;
        return 0xFFFD;
    }
    uint32_t cp = n == 1 ? s[*i] : (uint32_t)(s[*i] & (0x7F >> n));
    for (size_t k = 1; k < n; k++)
        cp = (cp << 6) | (s[*i + k] & 0x3F);
    *i += n;
    return cp;
}

size_t rk_utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

void rk_utf8_line_col(const char *s, size_t len, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}
