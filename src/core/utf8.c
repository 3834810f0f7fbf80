/* utf8.c - UTF-8 validation, decoding and positions. */
#include "utf8.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RK_UTF8_HAVE_AVX2 1
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

#ifdef RK_UTF8_HAVE_AVX2
/* The AVX2 check, 32 bytes a step (Keiser and Lemire, "Validating UTF-8 In
 * Less Than One Instruction Per Byte", 2021): each byte is judged with the
 * one before it through three table lookups (by the high and low nibble of
 * the byte before, by the high nibble of the byte), whose bits are the
 * errors the pair may show; continuation bytes in third and fourth place
 * are told from those of the byte before. */
enum {
    U8_TOO_SHORT = 1,      /* a lead byte or ASCII, then a lead byte or ASCII */
    U8_TOO_LONG = 2,       /* ASCII, then a continuation byte */
    U8_OVERLONG_3 = 4,     /* E0, then 80..9F */
    U8_TOO_LARGE = 8,      /* F4 then 90..BF, or F5..FF then 90..BF */
    U8_SURROGATE = 16,     /* ED, then A0..BF */
    U8_OVERLONG_2 = 32,    /* C0 or C1, then a continuation byte */
    U8_TOO_LARGE_1000 = 64, /* F5..FF, then 80..8F */
    U8_OVERLONG_4 = 64,    /* F0, then 80..8F */
    U8_TWO_CONTS = 128,    /* two continuation bytes */
    U8_CARRY = U8_TOO_SHORT | U8_TOO_LONG | U8_TWO_CONTS
};

#define U8_X2(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
    a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p

static const int8_t u8_byte1_high[32] = {U8_X2(
    U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG,
    U8_TOO_LONG, (int8_t)U8_TWO_CONTS, (int8_t)U8_TWO_CONTS, (int8_t)U8_TWO_CONTS,
    (int8_t)U8_TWO_CONTS, U8_TOO_SHORT | U8_OVERLONG_2, U8_TOO_SHORT,
    U8_TOO_SHORT | U8_OVERLONG_3 | U8_SURROGATE,
    U8_TOO_SHORT | U8_TOO_LARGE | U8_TOO_LARGE_1000 | U8_OVERLONG_4)};
static const int8_t u8_byte1_low[32] = {U8_X2(
    (int8_t)(U8_CARRY | U8_OVERLONG_3 | U8_OVERLONG_2 | U8_OVERLONG_4),
    (int8_t)(U8_CARRY | U8_OVERLONG_2), (int8_t)U8_CARRY, (int8_t)U8_CARRY,
    (int8_t)(U8_CARRY | U8_TOO_LARGE), (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000 | U8_SURROGATE),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000),
    (int8_t)(U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000))};
static const int8_t u8_byte2_high[32] = {U8_X2(
    U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,
    U8_TOO_SHORT, U8_TOO_SHORT,
    (int8_t)(U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 | U8_TOO_LARGE_1000 |
             U8_OVERLONG_4),
    (int8_t)(U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 | U8_TOO_LARGE),
    (int8_t)(U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE | U8_TOO_LARGE),
    (int8_t)(U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE | U8_TOO_LARGE),
    U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT)};
/* a byte past these, in the last three places of a block, leads a
   character the block does not end */
static const uint8_t u8_incomplete_max[32] = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0xEF, 0xDF, 0xBF};
#undef U8_X2

#define U8_LOAD(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
/* The block in with each byte replaced by the one n places before it,
 * the first n from the end of the block before, prev. */
#define U8_PREV(in, prev, n) \
    _mm256_alignr_epi8((in), _mm256_permute2x128_si256((prev), (in), 0x21), 16 - (n))

/* The errors of block in after block prev: zero where it is well formed. */
__attribute__((target("avx2"))) static inline __m256i u8_block_errors(__m256i in, __m256i prev)
{
    const __m256i nib = _mm256_set1_epi8(0x0F);
    __m256i p1 = U8_PREV(in, prev, 1);
    __m256i sc = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_shuffle_epi8(U8_LOAD(u8_byte1_high),
                                _mm256_and_si256(_mm256_srli_epi16(p1, 4), nib)),
            _mm256_shuffle_epi8(U8_LOAD(u8_byte1_low), _mm256_and_si256(p1, nib))),
        _mm256_shuffle_epi8(U8_LOAD(u8_byte2_high),
                            _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)));
    /* third and fourth bytes: only from E0 (F0) up do the byte two (three)
       places before keep its top bit past the subtraction */
    __m256i third = _mm256_subs_epu8(U8_PREV(in, prev, 2), _mm256_set1_epi8(0xE0 - 0x80));
    __m256i fourth = _mm256_subs_epu8(U8_PREV(in, prev, 3), _mm256_set1_epi8(0xF0 - 0x80));
    __m256i must = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must, sc);
}

__attribute__((target("avx2"))) static int valid_avx2(const unsigned char *s, size_t len)
{
    __m256i prev = _mm256_setzero_si256(), err = prev, incomplete = prev;
    const __m256i max = U8_LOAD(u8_incomplete_max);
    size_t i = 0;
    for (; len - i >= 32; i += 32) {
        __m256i in = U8_LOAD(s + i);
        if (!_mm256_movemask_epi8(in)) { /* ASCII: only what the last block left open */
            err = _mm256_or_si256(err, incomplete);
            incomplete = _mm256_setzero_si256();
        } else {
            err = _mm256_or_si256(err, u8_block_errors(in, prev));
            incomplete = _mm256_subs_epu8(in, max);
        }
        prev = in;
    }
    /* the rest, NULs after it: a character it leaves open meets ASCII */
    _Alignas(32) unsigned char tail[32] = {0};
    memcpy(tail, s + i, len - i);
    __m256i in = U8_LOAD(tail);
    err = _mm256_or_si256(err, _mm256_movemask_epi8(in) ? u8_block_errors(in, prev) : incomplete);
    return _mm256_testz_si256(err, err);
}
#undef U8_LOAD
#undef U8_PREV

static int simd_off; /* rk_utf8_set_simd(0) */

int rk_utf8_set_simd(int on)
{
    int was = !simd_off;
    simd_off = !on;
    return was;
}
#else
int rk_utf8_set_simd(int on)
{
    (void)on;
    return 0;
}
#endif

int rk_utf8_valid(const char *data, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)data;
#ifdef RK_UTF8_HAVE_AVX2
    if (len >= 32 && !simd_off && __builtin_cpu_supports("avx2")) {
        if (valid_avx2(s, len))
            return 1;
        if (bad_offset)
            *bad_offset = first_bad(s, len);
        return 0;
    }
#endif
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
