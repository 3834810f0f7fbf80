/* normalize.c - the normalised view of a document and its byte-exact offset
 * map back to the original.
 *
 * The input is cut into NFKC segments (a character with a normalisation
 * boundary before it plus the characters that may combine with it). Each
 * segment is normalised on its own with ICU's NFKC_Casefold (NFKC, full case
 * folding, default-ignorables such as bidi marks removed) and then mapped
 * character by character for Arabic matching. Every output byte of a segment
 * maps to the whole input segment, so the map is exact and non-decreasing.
 * Single characters below U+0800 (ASCII, Arabic, Cyrillic, Latin-1) are
 * looked up in a table built once with the same code, so the common case
 * costs one load per character; where the CPU has AVX2, runs of them that
 * map to characters of the same length are copied 32 bytes at a time
 * (same_blocks). */
#include "text_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "../core/alloc.h"
#include "../core/scratch.h"
#include "../core/hash.h"
#include "../core/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RK_TXT_HAVE_AVX2 1
#endif

static const UNormalizer2 *nfkc_cf;
rk_txt_norm1 rk_txt_norm_tab[RK_TXT_TABLE_MAX];
rk_txt_class rk_txt_class_tab[RK_TXT_TABLE_MAX];
#define norm_table rk_txt_norm_tab
/* The fast path's view of a character below U+0800 in one load: its first
 * two output bytes, how many there are, whether it may take the fast path,
 * and whether a normalisation boundary precedes it. */
#define FAST_LEN(f) (((f) >> 16) & 3u)
#define FAST_OK (1u << 18)
#define FAST_BOUNDARY (1u << 19)
static uint32_t fast_tab[RK_TXT_TABLE_MAX];
/* For rk_text_plain_word(): the script of each character below U+0800
 * that is a letter of a script, normalised to itself alone in its segment
 * (it has a boundary before it, the one after it is the next character's
 * or the whitespace's); 0 for any other. */
static uint8_t plain_tab[RK_TXT_TABLE_MAX];
uint8_t rk_txt_pair_tab[1u << 16];
uint8_t rk_txt_latin_on[256];
static int tables_ok;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
/* What the block path knows of the two-byte characters U+g00..U+gFF (g
 * = 0..7; their lead bytes are 0xC0 + 4g .. 0xC3 + 4g): which it takes,
 * those the table maps to one two-byte character of the same group, with
 * a normalisation boundary before them. Character c is bit (c >> 4) & 7
 * of keep_lo[c & 15] (rows 0-7) or keep_hi[c & 15] (rows 8-15) of its
 * group, the layout a byte shuffle reads. Of those, the ones it changes
 * (Arabic alef forms, ta marbuta and alef maqsura, Cyrillic and Latin
 * capitals) may lie in at most REMAP_ROWS rows of 16: row remap_row[r]
 * adds remap_lead[r][c & 15] to the lead byte and remap_cont[r][c & 15]
 * to the second (modulo 256); the other rows' changed characters are left
 * to the scalar path. */
#define REMAP_ROWS 4
typedef struct block_tab {
    uint8_t keep_lo[16], keep_hi[16];
    uint8_t remap_lead[REMAP_ROWS][16], remap_cont[REMAP_ROWS][16];
    uint8_t remap_row[REMAP_ROWS];
    uint8_t n_remap_rows;
} block_tab;
/* The first lead byte of group g. */
#define GROUP_LEAD(g) ((uint8_t)(0xC0 + 4 * (g)))
static block_tab block_tabs[8];
/* A group's tables as the block path reads them: each 16-byte row twice
 * (a shuffle reads each 128-bit lane alone), and each byte alone 32 times. */
typedef struct block_vec {
    _Alignas(32) uint8_t keep_lo[32];
    uint8_t keep_hi[32];
    uint8_t group[32]; /* GROUP_LEAD */
    uint8_t rrow[REMAP_ROWS][32], rlead[REMAP_ROWS][32], rcont[REMAP_ROWS][32];
    int n_remap_rows;
} block_vec;
static block_vec block_vecs[8];
#ifdef RK_TXT_HAVE_AVX2
/* The block path's constants: bit (k & 7) at k, bytes alike, and 0..7. */
#define RK_X32(x) {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, \
                   x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
typedef struct block_const {
    _Alignas(32) uint8_t bits[32];
    uint8_t fc[32], at_a[32], past_z[32], x20[32], one[32], x03[32], x0f[32], xe0[32],
        xc0[32];
    uint32_t iota[8];
} block_const;
static const block_const block_k = {
    {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128,
     1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128},
    RK_X32(0xFC), RK_X32('A' - 1), RK_X32('Z' + 1), RK_X32(0x20), RK_X32(1),
    RK_X32(0x03), RK_X32(0x0F), RK_X32(0xE0), RK_X32(0xC0),
    {0, 1, 2, 3, 4, 5, 6, 7}};
#undef RK_X32
#endif
/* 1 when the block path can run (the CPU has AVX2 and the tables agree
 * with it), and when it does (rk_txt_set_simd). */
static int simd_can, simd_on;

/* Characters removed for matching beyond what NFKC_Casefold removes:
 * tatweel, harakat, superscript alef and Quranic annotation marks, plus the
 * bidi and joiner controls in case the ICU data treats one differently. */
static int removed(uint32_t c)
{
    return c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
           (c >= 0x06D6 && c <= 0x06ED) || c == 0x200C || c == 0x200D || c == 0x200E ||
           c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x00AD;
}

/* The Arabic folding and ASCII counterparts applied after NFKC_Casefold. */
static uint32_t fold(uint32_t c)
{
    if (c < 0x00A0)
        return c;
    if (c >= 0x0660 && c <= 0x0669)
        return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9)
        return '0' + (c - 0x06F0);
    switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; /* alef forms */
    case 0x0649: return 0x064A;  /* alef maqsura -> ya */
    case 0x0629: return 0x0647;  /* ta marbuta -> ha */
    case 0x060C: return ',';
    case 0x061B: return ';';
    case 0x061F: return '?';
    case 0x066A: return '%';
    case 0x066B: return '.';     /* Arabic decimal separator */
    case 0x066C: return ',';     /* Arabic thousands separator */
    case 0x00A0: case 0x2009: case 0x202F: return ' ';
    }
    return c;
}

/* Appends the folded code point c to out[*n..cap); counts bytes past cap. */
static void put(uint32_t c, char *out, size_t cap, size_t *n)
{
    if (removed(c))
        return;
    char tmp[4];
    size_t k = rk_utf8_put(fold(c), tmp);
    for (size_t i = 0; i < k; i++, (*n)++)
        if (*n < cap)
            out[*n] = tmp[i];
}

/* Normalises the UTF-16 segment a[0..n16) into out[0..cap). Returns the
 * full output length (which may exceed cap, as snprintf does) or -1 on an
 * ICU or allocation failure. */
static long seg_normalize16(const UChar *a, int32_t n16, char *out, size_t cap)
{
    UChar nf16[192];
    UChar *b = nf16;
    long ret = -1;
    UErrorCode st = U_ZERO_ERROR;
    int32_t nn = unorm2_normalize(nfkc_cf, a, n16, b, 192, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        if (!(b = malloc(sizeof *b * (size_t)(nn + 1))))
            goto done;
        st = U_ZERO_ERROR;
        nn = unorm2_normalize(nfkc_cf, a, n16, b, nn + 1, &st);
    }
    if (U_FAILURE(st))
        goto done;
    size_t n = 0;
    for (int32_t i = 0; i < nn;) {
        UChar32 c;
        U16_NEXT(b, i, nn, c);
        put((uint32_t)c, out, cap, &n);
    }
    ret = (long)n;
done:
    if (b != nf16)
        free(b);
    return ret;
}

/* seg_normalize16() of the UTF-8 segment s[0..len). */
static long seg_normalize(const char *s, size_t len, char *out, size_t cap)
{
    UChar in16[64];
    UChar *a = in16;
    long ret = -1;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(a, 64, &n16, s, (int32_t)len, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        if (!(a = malloc(sizeof *a * (size_t)(n16 + 1))))
            goto done;
        st = U_ZERO_ERROR;
        u_strFromUTF8(a, n16 + 1, &n16, s, (int32_t)len, &st);
    }
    if (U_FAILURE(st))
        goto done;
    ret = seg_normalize16(a, n16, out, cap);
done:
    if (a != in16)
        free(a);
    return ret;
}

static int boundary_before(uint32_t c)
{
    if (c < RK_TXT_TABLE_MAX)
        return norm_table[c].boundary;
    return unorm2_hasBoundaryBefore(nfkc_cf, (UChar32)c) != 0;
}

static uint8_t script_of(uint32_t c)
{
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)c, &st);
    switch (sc) {
    case USCRIPT_LATIN: return RK_SCRIPT_LATIN;
    case USCRIPT_ARABIC: return RK_SCRIPT_ARABIC;
    case USCRIPT_CYRILLIC: return RK_SCRIPT_CYRILLIC;
    case USCRIPT_COMMON: case USCRIPT_INHERITED: return RK_SCRIPT_NONE;
    default: return RK_SCRIPT_OTHER;
    }
}

static int is_newline(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
           c == 0x2029;
}

rk_txt_class rk_txt_classify_icu(uint32_t c)
{
    rk_txt_class k = {RK_CC_OTHER, RK_SCRIPT_NONE, 0};
    k.sb = (uint8_t)u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
    if (c >= '0' && c <= '9') {
        k.cls = RK_CC_DIGIT;
        return k;
    }
    if (u_isUWhiteSpace((UChar32)c)) {
        k.cls = is_newline(c) ? RK_CC_NEWLINE : RK_CC_SPACE;
        return k;
    }
    int32_t m = U_GET_GC_MASK((UChar32)c);
    if (m & U_GC_L_MASK) {
        k.cls = RK_CC_LETTER;
        k.script = script_of(c);
    } else if (m & U_GC_M_MASK) {
        k.cls = RK_CC_MARK;
    } else if (c == '%' || c == 0x2030 || c == 0x2031) {
        k.cls = RK_CC_SYMBOL; /* per cent and per mille are Po, but read as units */
    } else if (m & U_GC_P_MASK) {
        k.cls = RK_CC_PUNCT;
    } else if (m & U_GC_S_MASK) {
        k.cls = RK_CC_SYMBOL;
    }
    return k;
}

/* ICU's classes of the General Punctuation block, each kept once asked:
 * 0 until then, else 1 << 24 | sb << 16 | script << 8 | cls. Relaxed
 * atomics, as two threads may ask at once (and store the same value). */
#define PUNCT_FIRST 0x2000u
#define PUNCT_N 0x70u
static _Atomic uint32_t punct_memo[PUNCT_N];

/* A curly quote or a dash went to ICU for its class at each token and
 * each sentence check, some 140 instructions a time; now once a process,
 * when first met (not at start-up, which a one-article run pays whole). */
rk_txt_class rk_txt_classify_far(uint32_t cp)
{
    if (cp - PUNCT_FIRST >= PUNCT_N)
        return rk_txt_classify_icu(cp);
    _Atomic uint32_t *m = &punct_memo[cp - PUNCT_FIRST];
    uint32_t v = atomic_load_explicit(m, memory_order_relaxed);
    if (v)
        return (rk_txt_class){(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16)};
    rk_txt_class k = rk_txt_classify_icu(cp);
    atomic_store_explicit(m, 1u << 24 | (uint32_t)k.sb << 16 | (uint32_t)k.script << 8 | k.cls,
                          memory_order_relaxed);
    return k;
}

int rk_txt_derive(rk_txt_norm1 *norm, rk_txt_class *cls)
{
    UErrorCode st = U_ZERO_ERROR;
    if (!nfkc_cf)
        nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st) || !nfkc_cf)
        return -1;
    for (uint32_t c = 0; c < RK_TXT_TABLE_MAX; c++) {
        rk_txt_norm1 *e = &norm[c];
        /* below U+0800: one UTF-16 unit, the code point itself */
        const UChar u16 = (UChar)c;
        memset(e, 0, sizeof *e);
        long n = seg_normalize16(&u16, 1, e->out, sizeof e->out);
        e->boundary = unorm2_hasBoundaryBefore(nfkc_cf, (UChar32)c) != 0;
        e->cached = n >= 0 && (size_t)n <= sizeof e->out;
        e->len = e->cached ? (uint8_t)n : 0;
        cls[c] = rk_txt_classify_icu(c);
    }
    return 0;
}

/* Whether the tables may be taken from the build's (known_tables.c): on
 * unless a test turns it off. */
static int known_on = 1;

int rk_txt_set_known_tables(int on)
{
    int was = known_on;
    known_on = on;
    return was;
}

int rk_txt_known_applies(const rk_txt_known *k)
{
    /* what ICU answers depends on its code and its data: the build's
     * answers hold only under the very same of both */
    char icu[64];
    return k->n == RK_TXT_TABLE_MAX && k->norm && k->cls && rk_icu_versions(icu, sizeof icu) == 0 &&
           strcmp(icu, k->icu) == 0;
}

static void tables_build(void)
{
    UErrorCode st = U_ZERO_ERROR;
    nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st) || !nfkc_cf)
        return;
    /* ICU's answers for each code point below the table's end are most of
     * start-up's text stage (some 2.6M instructions): taken from the build
     * where its ICU is this one, asked again otherwise. */
    if (known_on && rk_txt_known_applies(&rk_txt_known_tables)) {
        memcpy(norm_table, rk_txt_known_tables.norm, sizeof norm_table);
        memcpy(rk_txt_class_tab, rk_txt_known_tables.cls, sizeof rk_txt_class_tab);
    } else if (rk_txt_derive(norm_table, rk_txt_class_tab) < 0) {
        return;
    }
    /* the rest follows from those answers alone */
    for (uint32_t c = 0; c < RK_TXT_TABLE_MAX; c++) {
        const rk_txt_norm1 *e = &norm_table[c];
        char s[4];
        size_t k = rk_utf8_put(c, s);
        uint32_t f = e->boundary ? FAST_BOUNDARY : 0;
        if (e->cached && e->len <= 2 && c != 0x00B7) {
            f |= FAST_OK | (uint32_t)e->len << 16;
            f |= e->len > 0 ? (uint8_t)e->out[0] : 0u;
            f |= e->len > 1 ? (uint32_t)(uint8_t)e->out[1] << 8 : 0u;
        }
        fast_tab[c] = f;
        plain_tab[c] = e->cached && e->boundary && e->len == k && memcmp(e->out, s, k) == 0 &&
                               rk_txt_class_tab[c].cls == RK_CC_LETTER
                           ? rk_txt_class_tab[c].script
                           : 0;
    }
    for (uint32_t b = 0; b < 256; b++)
        rk_txt_latin_on[b] =
            b >= 0x80 || b == '\'' || rk_txt_class_tab[b].cls == RK_CC_LETTER;
    for (uint32_t c = 0x80; c < RK_TXT_TABLE_MAX; c++) {
        unsigned char u[4];
        rk_utf8_put(c, (char *)u);
        rk_txt_class k = rk_txt_class_tab[c];
        uint8_t f = plain_tab[c];
        for (uint8_t sc = RK_SCRIPT_LATIN; sc <= RK_SCRIPT_OTHER; sc++)
            if (k.cls == RK_CC_MARK ||
                (k.cls == RK_CC_LETTER && (k.script == sc || k.script == RK_SCRIPT_NONE)))
                f |= (uint8_t)RK_TXT_PAIR_RUN(sc);
        rk_txt_pair_tab[rk_txt_pair_at(u)] = f;
    }
    /* The block path lower-cases ASCII itself (it runs only when the table
     * agrees) and takes the two-byte characters marked here. */
    int ascii_ok = 1;
    for (uint32_t c = 0; c < 0x80; c++)
        ascii_ok &= (fast_tab[c] & FAST_OK) && FAST_LEN(fast_tab[c]) == 1 &&
                    (fast_tab[c] & 0xff) == (c >= 'A' && c <= 'Z' ? c + 32 : c) &&
                    (fast_tab[c] & FAST_BOUNDARY) != 0;
    for (uint32_t c = 0x80; c < RK_TXT_TABLE_MAX; c++) {
        block_tab *bt = &block_tabs[c >> 8];
        uint32_t f = fast_tab[c], row = (c >> 4) & 15, col = c & 15;
        uint8_t o0 = (uint8_t)(f & 0xff), o1 = (uint8_t)((f >> 8) & 0xff);
        char u[4];
        rk_utf8_put(c, u);
        /* one two-byte character of the same group, alone in its segment */
        if (!(f & FAST_OK) || !(f & FAST_BOUNDARY) || FAST_LEN(f) != 2 ||
            (o0 & 0xFC) != GROUP_LEAD(c >> 8) || (o1 & 0xC0) != 0x80)
            continue;
        if (o0 != (uint8_t)u[0] || o1 != (uint8_t)u[1]) {
            int r = 0;
            while (r < bt->n_remap_rows && bt->remap_row[r] != row)
                r++;
            if (r == REMAP_ROWS)
                continue;
            if (r == bt->n_remap_rows)
                bt->remap_row[bt->n_remap_rows++] = (uint8_t)row;
            bt->remap_lead[r][col] = (uint8_t)(o0 - (uint8_t)u[0]);
            bt->remap_cont[r][col] = (uint8_t)(o1 - (uint8_t)u[1]);
        }
        if (row < 8)
            bt->keep_lo[col] |= (uint8_t)(1u << row);
        else
            bt->keep_hi[col] |= (uint8_t)(1u << (row - 8));
    }
    for (unsigned g = 0; g < 8; g++) {
        const block_tab *bt = &block_tabs[g];
        block_vec *bv = &block_vecs[g];
        for (int h = 0; h < 32; h++) {
            bv->keep_lo[h] = bt->keep_lo[h & 15];
            bv->keep_hi[h] = bt->keep_hi[h & 15];
            bv->group[h] = GROUP_LEAD(g);
            for (int r = 0; r < bt->n_remap_rows; r++) {
                bv->rrow[r][h] = bt->remap_row[r];
                bv->rlead[r][h] = bt->remap_lead[r][h & 15];
                bv->rcont[r][h] = bt->remap_cont[r][h & 15];
            }
        }
        bv->n_remap_rows = bt->n_remap_rows;
    }
#ifdef RK_TXT_HAVE_AVX2
    __builtin_cpu_init();
    simd_can = ascii_ok && __builtin_cpu_supports("avx2");
#else
    (void)ascii_ok;
#endif
    simd_on = simd_can;
    /* after every table: rk_text_plain_word() reads it without the once */
    __atomic_store_n(&tables_ok, 1, __ATOMIC_RELEASE);
}

int rk_txt_set_simd(int on)
{
    rk_txt_tables_init();
    int was = simd_on;
    simd_on = on && simd_can;
    return was;
}

int rk_txt_tables_init(void)
{
    pthread_once(&tables_once, tables_build);
    return tables_ok ? 0 : -1;
}


int rk_text_plain_word(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    /* The rules ask this of some fifty thousand forms as they load: the
     * tables, once made, without a call to pthread_once for each. */
    if (!n || (!__atomic_load_n(&tables_ok, __ATOMIC_ACQUIRE) && rk_txt_tables_init() < 0))
        return 0;
    /* The script of the first character, which the others must carry on:
     * one or two bytes, well formed (the pair table has 0 for any other two
     * bytes), a character below U+0800. */
    uint8_t script;
    size_t i;
    if (u[0] < 0x80) {
        script = plain_tab[u[0]];
        i = 1;
    } else {
        if (n < 2)
            return 0;
        script = rk_txt_pair_tab[rk_txt_pair_at(u)] & RK_TXT_PAIR_PLAIN;
        i = 2;
    }
    if (!script)
        return 0;
    /* Runs of the word's own width first (lower-case ASCII is Latin's
     * plain letters), then a character at a time. */
    if (script == RK_SCRIPT_LATIN)
        while (i < n && (unsigned)(u[i] - 'a') < 26u)
            i++;
    else
        while (i + 1 < n && (rk_txt_pair_tab[rk_txt_pair_at(u + i)] & RK_TXT_PAIR_PLAIN) == script)
            i += 2;
    while (i < n) {
        uint8_t p;
        if (u[i] < 0x80) {
            p = plain_tab[u[i]];
            i += 1;
        } else {
            if (i + 1 >= n)
                return 0;
            p = rk_txt_pair_tab[rk_txt_pair_at(u + i)] & RK_TXT_PAIR_PLAIN;
            i += 2;
        }
        if (p != script)
            return 0;
    }
    return 1;
}

/* ---- the builder ---- */

typedef struct nbuild {
    rk_text *t;
    size_t cap;
} nbuild;

/* Makes room for n more output bytes. The map and the view share one
 * allocation, src_start at its head (rk_text_free() frees that): one
 * allocation per text instead of three. */
static int grow(nbuild *b, size_t n)
{
    rk_text *t = b->t;
    if (t->norm_len + n < b->cap)
        return 0;
    size_t cap = b->cap + b->cap / 2 + n + 64;
    if (cap > SIZE_MAX / (2 * sizeof(uint32_t) + 1))
        return -1;
    uint32_t *a = rk_scratch_take(RK_SCRATCH_VIEW, cap * (2 * sizeof(uint32_t) + 1));
    if (!a)
        return -1;
    uint32_t *z = a + cap;
    char *nm = (char *)(z + cap);
    if (t->norm_len) {
        memcpy(a, t->src_start, t->norm_len * sizeof *a);
        memcpy(z, t->src_end, t->norm_len * sizeof *z);
        memcpy(nm, t->norm, t->norm_len);
    }
    rk_scratch_give(RK_SCRATCH_VIEW, t->src_start);
    t->src_start = a;
    t->src_end = z;
    t->norm = nm;
    b->cap = cap;
    return 0;
}

static int emit(nbuild *b, const char *p, size_t n, size_t s, size_t e)
{
    if (grow(b, n) < 0)
        return -1;
    rk_text *t = b->t;
    for (size_t i = 0; i < n; i++, t->norm_len++) {
        t->norm[t->norm_len] = p[i];
        t->src_start[t->norm_len] = (uint32_t)s;
        t->src_end[t->norm_len] = (uint32_t)e;
    }
    return 0;
}

static int arabic_letter(uint32_t c)
{
    return (c >= 0x0620 && c <= 0x063F) || (c >= 0x0641 && c <= 0x064A) ||
           (c >= 0x066E && c <= 0x066F) || (c >= 0x0671 && c <= 0x06D3) || c == 0x06D5 ||
           (c >= 0x06EE && c <= 0x06EF) || (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF ||
           (c >= 0x0750 && c <= 0x077F) || (c >= 0xFB50 && c <= 0xFDFB) ||
           (c >= 0xFE70 && c <= 0xFEFC);
}

static int haraka(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670;
}

/* The censorship-dodging dot: "مقـ.ـتل" reads "مقتل". The dot at
 * s[dot..after) is dropped when a tatweel touches it on at least one side and
 * Arabic letters stand beyond the tatweels (and harakat) on both sides. */
static int dot_joins(const unsigned char *s, size_t len, size_t dot, size_t after)
{
    size_t i = dot, j = after;
    int touching = 0;
    uint32_t c = 0;
    if (i > 0) {
        size_t k = i;
        touching |= rk_txt_prev(s, &k) == 0x0640;
    }
    if (j < len) {
        size_t k = j;
        touching |= rk_txt_next(s, &k) == 0x0640;
    }
    if (!touching)
        return 0;
    do {
        if (i == 0)
            return 0;
        c = rk_txt_prev(s, &i);
    } while (c == 0x0640 || haraka(c));
    if (!arabic_letter(c))
        return 0;
    do {
        if (j >= len)
            return 0;
        c = rk_txt_next(s, &j);
    } while (c == 0x0640);
    return arabic_letter(c);
}

/* The segments of several characters last normalised on this thread, with
 * what ICU made of them. They are few and come back all the time (an Arabic
 * letter with a shadda or a tanwin: 20 distinct ones in 8,000 on 2 MB of
 * news), and one trip through ICU costs some 3,000 instructions. Slot by
 * hash; a newer segment takes the slot of an older one. */
#define SEG_MEMO_SLOTS 64
typedef struct seg_memo {
    uint8_t in_len, out_len; /* in_len 0: an empty slot */
    char in[14];
    char out[32];
} seg_memo;
static _Thread_local seg_memo seg_memos[SEG_MEMO_SLOTS];

static seg_memo *memo_slot(const char *s, size_t n)
{
    return &seg_memos[rk_edge_hash(0, s, n) & (SEG_MEMO_SLOTS - 1)];
}

/* Normalises the segment [a, z) of the original through ICU, or as it did
 * the last time it met the segment. */
static int emit_slow(nbuild *b, size_t a, size_t z)
{
    const char *in = b->t->orig + a;
    seg_memo *m = z - a <= sizeof m->in ? memo_slot(in, z - a) : NULL;
    if (m && m->in_len == z - a && memcmp(m->in, in, z - a) == 0)
        return emit(b, m->out, m->out_len, a, z);
    char tmp[256];
    long n = seg_normalize(in, z - a, tmp, sizeof tmp);
    if (n < 0)
        return -1;
    if (m && (size_t)n <= sizeof m->out) {
        m->in_len = (uint8_t)(z - a);
        m->out_len = (uint8_t)n;
        memcpy(m->in, in, z - a);
        memcpy(m->out, tmp, (size_t)n);
    }
    if ((size_t)n <= sizeof tmp)
        return emit(b, tmp, (size_t)n, a, z);
    char *big = malloc((size_t)n);
    if (!big)
        return -1;
    seg_normalize(b->t->orig + a, z - a, big, (size_t)n);
    int r = emit(b, big, (size_t)n, a, z);
    free(big);
    return r;
}

/* End of the segment whose first character ends at j: the following
 * characters that have no boundary before them belong to it. */
static size_t seg_end(const unsigned char *s, size_t len, size_t j)
{
    while (j < len && s[j] >= 0x80) {
        size_t k = j;
        uint32_t c = rk_txt_next(s, &k);
        if (boundary_before(c))
            break;
        j = k;
    }
    return j;
}

/* One step of the main loop at s[i], a non-ASCII character or an ASCII one
 * followed by a combining character. Returns the next position or 0 on
 * failure (the position after a character is never 0). */
static size_t step(nbuild *b, const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
    uint32_t c = rk_txt_next(s, &j);
    size_t z = seg_end(s, len, j);
    if (z == j && (c == 0x00B7 || c == '.') && dot_joins(s, len, i, j))
        return j;
    if (z == j && c < RK_TXT_TABLE_MAX && norm_table[c].cached) {
        const rk_txt_norm1 *e = &norm_table[c];
        return emit(b, e->out, e->len, i, j) < 0 ? 0 : j;
    }
    return emit_slow(b, i, z) < 0 ? 0 : z;
}

/* Output bytes the fast path writes between two checks of the room. */
#define FAST_BUDGET 1024

typedef uint32_t rk_v4u __attribute__((vector_size(16)));

#ifdef __SSE2__
/* ascii_run()'s copy sixteen bytes a step, from s[j] to out, st and en,
 * while they are all ASCII and before stop; returns where it stopped. Out
 * of line: the run loops keep their registers. */
static __attribute__((noinline)) size_t ascii_blocks(char *out, uint32_t *st, uint32_t *en,
                                                     const unsigned char *s, size_t j,
                                                     size_t stop)
{
    const __m128i at_a = _mm_set1_epi8('A' - 1), past_z = _mm_set1_epi8('Z' + 1);
    const __m128i x20 = _mm_set1_epi8(0x20);
    const __m128i iota = _mm_setr_epi32(0, 1, 2, 3), step4 = _mm_set1_epi32(4);
    const __m128i plus1 = _mm_set1_epi32(1);
    while (j + 16 <= stop) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        if (_mm_movemask_epi8(x))
            break;
        /* ASCII compares alike signed: 'A'..'Z' gain 0x20 */
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, at_a), _mm_cmpgt_epi8(past_z, x));
        _mm_storeu_si128((__m128i *)(void *)out, _mm_add_epi8(x, _mm_and_si128(upper, x20)));
        __m128i a = _mm_add_epi32(_mm_set1_epi32((int)(uint32_t)j), iota);
        for (int q = 0; q < 4; q++) {
            _mm_storeu_si128((__m128i *)(void *)(st + 4 * q), a);
            _mm_storeu_si128((__m128i *)(void *)(en + 4 * q), _mm_add_epi32(a, plus1));
            a = _mm_add_epi32(a, step4);
        }
        out += 16, st += 16, en += 16, j += 16;
    }
    return j;
}
#endif

#ifdef RK_TXT_HAVE_AVX2
/* ascii_blocks() 32 bytes a step, for the CPUs the block path runs on
 * (simd_on): the same bytes and offsets, written by half as many stores,
 * then one step of sixteen for what is left of the run. */
__attribute__((target("avx2"), noinline)) static size_t
ascii_blocks32(char *out, uint32_t *st, uint32_t *en, const unsigned char *s, size_t j,
               size_t stop)
{
    const __m256i at_a = _mm256_set1_epi8('A' - 1), past_z = _mm256_set1_epi8('Z' + 1);
    const __m256i x20 = _mm256_set1_epi8(0x20);
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), step8 = _mm256_set1_epi32(8);
    const __m256i plus1 = _mm256_set1_epi32(1);
    while (j + 32 <= stop) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(s + j));
        if (_mm256_movemask_epi8(x))
            break;
        /* ASCII compares alike signed: 'A'..'Z' gain 0x20 */
        __m256i upper =
            _mm256_and_si256(_mm256_cmpgt_epi8(x, at_a), _mm256_cmpgt_epi8(past_z, x));
        _mm256_storeu_si256((__m256i *)(void *)out,
                            _mm256_add_epi8(x, _mm256_and_si256(upper, x20)));
        __m256i a = _mm256_add_epi32(_mm256_set1_epi32((int)(uint32_t)j), iota);
        for (int q = 0; q < 4; q++) {
            _mm256_storeu_si256((__m256i *)(void *)(st + 8 * q), a);
            _mm256_storeu_si256((__m256i *)(void *)(en + 8 * q), _mm256_add_epi32(a, plus1));
            a = _mm256_add_epi32(a, step8);
        }
        out += 32, st += 32, en += 32, j += 32;
    }
    if (j + 16 <= stop) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        if (_mm_movemask_epi8(x))
            return j;
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm256_castsi256_si128(at_a)),
                                      _mm_cmpgt_epi8(_mm256_castsi256_si128(past_z), x));
        _mm_storeu_si128((__m128i *)(void *)out,
                         _mm_add_epi8(x, _mm_and_si128(upper, _mm256_castsi256_si128(x20))));
        __m256i a = _mm256_add_epi32(_mm256_set1_epi32((int)(uint32_t)j), iota);
        __m256i b = _mm256_add_epi32(a, step8);
        _mm256_storeu_si256((__m256i *)(void *)st, a);
        _mm256_storeu_si256((__m256i *)(void *)(st + 8), b);
        _mm256_storeu_si256((__m256i *)(void *)en, _mm256_add_epi32(a, plus1));
        _mm256_storeu_si256((__m256i *)(void *)(en + 8), _mm256_add_epi32(b, plus1));
        j += 16;
    }
    return j;
}
#endif

/* Copies ASCII from s[i] lower-cased, each byte mapping to itself, up to
 * `stop` or the first non-ASCII byte; returns where it stopped. Eight bytes
 * a step while they are all ASCII: most of an English article goes here. */
static size_t ascii_run(rk_text *t, const unsigned char *s, size_t i, size_t stop)
{
    char *out = t->norm + t->norm_len;
    uint32_t *st = t->src_start + t->norm_len, *en = t->src_end + t->norm_len;
    const uint64_t hi = 0x8080808080808080ULL;
    size_t j = i;
#ifdef __SSE2__
    /* a long run (the 9th to 16th bytes, the 33rd to 40th and the 57th to
     * 64th are ASCII too: an English paragraph) by sixteen */
    uint64_t w8, w32, w56;
    if (j + 64 <= stop && (memcpy(&w8, s + j + 8, 8), memcpy(&w32, s + j + 32, 8),
                           memcpy(&w56, s + j + 56, 8), !((w8 | w32 | w56) & hi))) {
#ifdef RK_TXT_HAVE_AVX2
        size_t k = simd_on ? ascii_blocks32(out, st, en, s, j, stop)
                           : ascii_blocks(out, st, en, s, j, stop);
#else
        size_t k = ascii_blocks(out, st, en, s, j, stop);
#endif
        out += k - j, st += k - j, en += k - j, j = k;
    }
#endif
    while (j + 8 <= stop) {
        uint64_t w;
        memcpy(&w, s + j, 8);
        if (w & hi)
            break;
        /* 0x80 set in the bytes from 'A' up, and in those past 'Z': no byte
         * carries into the next, as all are below 0x80. */
        uint64_t upper = (w + 0x3f3f3f3f3f3f3f3fULL) & ~(w + 0x2525252525252525ULL) & hi;
        w |= upper >> 2;
        memcpy(out, &w, 8);
        /* j broadcast plus 0..3: a shuffle, not four inserts */
        rk_v4u a = (rk_v4u){0, 1, 2, 3} + (uint32_t)j;
        rk_v4u four = {4, 4, 4, 4}, one = {1, 1, 1, 1};
        rk_v4u b = a + four, a1 = a + one, b1 = b + one;
        memcpy(st, &a, 16);
        memcpy(st + 4, &b, 16);
        memcpy(en, &a1, 16);
        memcpy(en + 4, &b1, 16);
        out += 8, st += 8, en += 8, j += 8;
    }
    for (; j < stop && s[j] < 0x80; j++) {
        unsigned char ch = s[j];
        *out++ = (char)(ch + (((unsigned)(ch - 'A') < 26u) << 5));
        *st++ = (uint32_t)j;
        *en++ = (uint32_t)j + 1;
    }
    t->norm_len += j - i;
    return j;
}

/* Mixed ASCII and two-byte text (Arabic, Cyrillic) from s[i], each character
 * alone in its segment, until something else or `lim` output bytes: one
 * loop without a branch on which kind of character comes next, since in
 * Arabic text a space every few letters makes such a branch a coin toss.
 * Returns where it stopped; the caller decides what it left. */
static size_t mixed_run(rk_text *t, const unsigned char *s, size_t len, size_t i, size_t lim)
{
    char *norm = t->norm;
    uint32_t *st = t->src_start, *en = t->src_end;
    size_t o = t->norm_len;
    while (i + 4 <= len && o < lim) {
        uint32_t ch = s[i];
        if (ch >= 0xE0 || (ch & 0xC0) == 0x80)
            break;
        uint32_t two = ch >> 7, m = 0u - two;
        uint32_t c = (rk_txt_cp2(s + i) & m) | (ch & ~m);
        size_t j = i + 1 + two;
        uint32_t nb = s[j];
        uint32_t d = rk_txt_cp2(s + j);
        uint32_t f = fast_tab[c], fd = fast_tab[d];
        /* The next character must not combine with this one: ASCII, or a
         * two-byte one with a boundary before it. */
        uint32_t next_ok = (nb < 0x80) | (((nb & 0xE0) == 0xC0) & ((fd & FAST_BOUNDARY) != 0));
        /* A dot after non-ASCII may be the tatweel-dot pattern: step()'s. */
        uint32_t dot = (c == '.') & (s[i - (i > 0)] >= 0x80) & (i > 0);
        if (!(f & FAST_OK) | !next_ok | dot)
            break;
        norm[o] = (char)(f & 0xff);
        norm[o + 1] = (char)((f >> 8) & 0xff);
        st[o] = st[o + 1] = (uint32_t)i;
        en[o] = en[o + 1] = (uint32_t)j;
        o += FAST_LEN(f);
        i = j;
    }
    t->norm_len = o;
    return i;
}

#ifdef RK_TXT_HAVE_AVX2
/* Whether a normalisation boundary precedes the character at s[k]: out of
 * line, so that the block loop keeps its registers across the rare call. */
static __attribute__((noinline, cold)) int boundary_at(const unsigned char *s, size_t k)
{
    return boundary_before(rk_txt_next(s, &k));
}

/* The end of the harakat U+064B..U+0652 (D9 8B..D9 92) from s[z], short
 * of the text's last two bytes. The view drops them and they compose with
 * no character, so the segment of a character and harakat after it, which
 * the scalar path gives ICU, comes out as the character alone does, each
 * byte mapping to the whole segment. Out of line: the block loop keeps its
 * registers. */
static __attribute__((noinline)) size_t harakat_end(const unsigned char *s, size_t len,
                                                    size_t z)
{
    while (z + 2 < len && s[z] == 0xD9 && (uint8_t)(s[z + 1] - 0x8B) < 8u)
        z += 2;
    return z;
}

/* mixed_run() 32 bytes at a time, for blocks of ASCII and of the
 * characters group g takes (Arabic letters, Cyrillic, Latin-1 letters),
 * whose next character starts a new segment: the block is copied with
 * ASCII lower-cased and the remapped characters changed in place, and each
 * byte maps to the character it belongs to, as mixed_run() maps it. Stops
 * before the first other block; s[i - 1] exists, and the output has room
 * up to lim. Its tables come broadcast from block_vecs[g]: a call often
 * takes only a block or two, so it sets nothing up. */
__attribute__((target("avx2"))) static size_t
same_blocks(rk_text *t, const unsigned char *s, size_t len, size_t i, size_t lim, unsigned g)
{
    const block_vec *bv = &block_vecs[g];
#define RK_V(a) _mm256_load_si256((const __m256i *)(const void *)(a))
    const int n_remap_rows = bv->n_remap_rows;
    /* The constants are read from memory where they are used, through a
     * pointer the compiler cannot see through: kept in registers, it builds
     * most of them again from immediates every block. */
    const block_const *kc = &block_k;
    __asm__("" : "+r"(kc));
#define x03 RK_V(kc->x03)
#define x0f RK_V(kc->x0f)
#define xe0 RK_V(kc->xe0)
#define xc0 RK_V(kc->xc0)
    char *norm = t->norm;
    uint32_t *sst = t->src_start, *sen = t->src_end;
    size_t o = t->norm_len;
    /* the bytes the map adds to each byte's offset: -1 at a continuation
     * byte for its start, 1 or 2 (after a lead byte) for its end */
    _Alignas(32) int8_t adj[64];
    while (i + 36 <= len && o + 32 <= lim) {
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        /* and the byte before each */
        __m256i p = _mm256_loadu_si256((const __m256i *)(const void *)(s + i - 1));
        __m256i top3 = _mm256_and_si256(b, xe0);
        __m256i big = _mm256_cmpeq_epi8(top3, xe0);   /* a byte from 0xE0 up */
        __m256i lead = _mm256_cmpeq_epi8(top3, xc0);  /* 0xC0..0xDF */
        __m256i cont = _mm256_cmpgt_epi8(xc0, b);     /* signed: 0x80..0xBF */
        /* at a continuation byte: is the character it ends marked? */
        __m256i row = _mm256_or_si256(_mm256_slli_epi16(_mm256_and_si256(p, x03), 2),
                                      _mm256_and_si256(_mm256_srli_epi16(b, 4), x03));
        __m256i col = _mm256_and_si256(b, x0f);
        __m256i rows = _mm256_blendv_epi8(_mm256_shuffle_epi8(RK_V(bv->keep_lo), col),
                                          _mm256_shuffle_epi8(RK_V(bv->keep_hi), col),
                                          _mm256_slli_epi16(row, 4));
        __m256i unmarked = _mm256_cmpeq_epi8(
            _mm256_and_si256(rows, _mm256_shuffle_epi8(RK_V(kc->bits), row)),
            _mm256_setzero_si256());
        __m256i foreign =
            _mm256_xor_si256(_mm256_cmpeq_epi8(_mm256_and_si256(p, RK_V(kc->fc)),
                                               RK_V(bv->group)),
                             _mm256_cmpeq_epi8(b, b));
        __m256i bad =
            _mm256_or_si256(big, _mm256_and_si256(cont, _mm256_or_si256(unmarked, foreign)));
        uint32_t badm = (uint32_t)_mm256_movemask_epi8(bad);
        uint32_t contm = (uint32_t)_mm256_movemask_epi8(cont);
        uint32_t leadm = (uint32_t)_mm256_movemask_epi8(lead);
        /* The whole block is written, whatever part of it is kept: the
         * output has room for it, and what lies past the part kept is
         * written again later. So the scalar checks below that may call
         * ICU come after the vectors are done with. */
        /* ASCII capitals gain 0x20 (signed compares: ASCII is positive) */
        __m256i delta = _mm256_and_si256(
            _mm256_and_si256(_mm256_cmpgt_epi8(b, RK_V(kc->at_a)),
                             _mm256_cmpgt_epi8(RK_V(kc->past_z), b)),
            RK_V(kc->x20));
        if (n_remap_rows) {
            /* A continuation byte's change is looked up by its character
             * (p, b), and so is that of the lead byte before it, which
             * then moves one byte down; a lead byte whose continuation
             * byte lies past the block is past n too. */
            __m256i dc = _mm256_setzero_si256(), dl = _mm256_setzero_si256();
            for (int r = 0; r < REMAP_ROWS && r < n_remap_rows; r++) {
                __m256i at = _mm256_cmpeq_epi8(row, RK_V(bv->rrow[r]));
                dc = _mm256_or_si256(dc, _mm256_and_si256(at, _mm256_shuffle_epi8(
                                                                  RK_V(bv->rcont[r]), col)));
                dl = _mm256_or_si256(dl, _mm256_and_si256(at, _mm256_shuffle_epi8(
                                                                  RK_V(bv->rlead[r]), col)));
            }
            /* only characters of the group, ended here */
            __m256i mine = _mm256_andnot_si256(foreign, cont);
            dc = _mm256_and_si256(dc, mine);
            dl = _mm256_and_si256(dl, mine);
            /* dl one byte down: byte k takes byte k + 1's */
            __m256i up = _mm256_permute2x128_si256(dl, dl, 0x81);
            dl = _mm256_alignr_epi8(up, dl, 1);
            delta = _mm256_add_epi8(delta, _mm256_add_epi8(dc, dl));
        }
        _mm256_storeu_si256((__m256i *)(void *)(norm + o), _mm256_add_epi8(b, delta));
        /* byte k maps to [i + k - (k continues), i + k + 1 + (k leads)) */
        _mm256_store_si256((__m256i *)(void *)adj, cont);
        _mm256_store_si256((__m256i *)(void *)(adj + 32),
                           _mm256_sub_epi8(RK_V(kc->one), lead));
        /* the map reads them back from memory: a load that widens each
         * byte, where taking the register apart costs three more */
        __asm__ volatile("" : : "m"(adj) : "memory");
        __m256i at = _mm256_add_epi32(_mm256_set1_epi32((int)(uint32_t)i), RK_V(kc->iota));
        for (int q8 = 0; q8 < 4; q8++) {
            const int8_t *a8 = adj + 8 * q8;
            __m256i c8 = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)a8));
            __m256i e8 =
                _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(a8 + 32)));
            size_t at8 = o + 8 * (size_t)q8;
            _mm256_storeu_si256((__m256i *)(void *)(sst + at8), _mm256_add_epi32(at, c8));
            _mm256_storeu_si256((__m256i *)(void *)(sen + at8), _mm256_add_epi32(at, e8));
            at = _mm256_add_epi32(at, _mm256_set1_epi32(8));
        }
        /* the block ends before a character it splits, and before the
         * first character it cannot take (a bad continuation byte's
         * character starts one byte before it) */
        size_t n = leadm >> 31 ? 31 : 32;
        uint32_t in = (uint32_t)((1ull << n) - 1);
        if (badm & in) {
            unsigned k = (unsigned)__builtin_ctz(badm & in);
            n = k - ((contm >> k) & 1u);
        }
        /* A dot after a non-ASCII character may be the tatweel-dot pattern:
         * inside the block a tatweel would have stopped it, but one may
         * stand just before the block or just after it. */
        if (s[i] == '.' && s[i - 1] >= 0x80)
            break;
        if (n && s[i + n - 1] == '.' && s[i + n - 2] >= 0x80 && s[i + n] >= 0x80)
            n--;
        /* the character after the block must not combine with the last */
        while (n && s[i + n] >= 0x80) {
            size_t k = i + n;
            if ((s[k] & 0xE0) == 0xC0 ? (fast_tab[rk_txt_cp2(s + k)] & FAST_BOUNDARY) != 0
                                       : boundary_at(s, k))
                break;
            n -= 1 + ((s[i + n - 1] & 0xC0) == 0x80);
        }
        if (!n)
            break;
        o += n;
        i += n;
        if (n < 31) {
            /* It stopped before a character the scalar path takes. When
             * that is a two-byte character mixed_run() takes alone (the
             * Arabic comma, which becomes ','; a tatweel, which goes), or
             * one step() takes with the harakat after it (a letter with a
             * shadda), and the next character starts a segment, it is
             * taken here as there, and the blocks go on. */
            if ((s[i] & 0xE0) != 0xC0)
                break;
            uint32_t f = fast_tab[rk_txt_cp2(s + i)], nb = s[i + 2];
            size_t z = i + 2;
            if (!(f & FAST_OK))
                break;
            if (!(nb < 0x80 ||
                  ((nb & 0xE0) == 0xC0 && (fast_tab[rk_txt_cp2(s + z)] & FAST_BOUNDARY)))) {
                /* harakat, then a character that starts a segment */
                if (nb != 0xD9 || (uint8_t)(s[i + 3] - 0x8B) >= 8u)
                    break;
                z = harakat_end(s, len, z);
                nb = s[z];
                if (!(nb < 0x80 ||
                      ((nb & 0xE0) == 0xC0 && (fast_tab[rk_txt_cp2(s + z)] & FAST_BOUNDARY))))
                    break;
            }
            norm[o] = (char)(f & 0xff);
            norm[o + 1] = (char)((f >> 8) & 0xff);
            sst[o] = sst[o + 1] = (uint32_t)i;
            sen[o] = sen[o + 1] = (uint32_t)z;
            o += FAST_LEN(f);
            i = z;
        }
    }
#undef x03
#undef x0f
#undef xe0
#undef xc0
#undef RK_V
    t->norm_len = o;
    return i;
}
#endif

/* Output bytes mixed_run() writes between two tries of the block path:
 * enough for the character the block path stopped at. */
#define MIXED_BURST 4
/* ... and when it took nothing. */
#define MIXED_IDLE 64

/* The fast path, for at most FAST_BUDGET output bytes from s[i]: ASCII and
 * two-byte characters that stand alone in their segment, read from the
 * table. Returns where it stopped; step() takes whatever it cannot decide,
 * the last bytes of the text among them. */
static size_t fast_run(rk_text *t, const unsigned char *s, size_t len, size_t i)
{
    size_t lim = t->norm_len + FAST_BUDGET;
    while (i < len && t->norm_len < lim) {
        uint64_t w = 0x8080808080808080ULL;
        if (i + 8 <= len)
            memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL) { /* not eight ASCII bytes: mixed text */
            size_t k = i, stop = lim;
#ifdef RK_TXT_HAVE_AVX2
            if (simd_on) {
                /* the block path, for the group of the first non-ASCII
                 * character ahead when it has two bytes; then the scalar
                 * path for the character it stopped at, or for a longer
                 * stretch of text it cannot take */
                unsigned at = (unsigned)__builtin_ctzll(w & 0x8080808080808080ULL) >> 3;
                unsigned char l = s[i + at];
                if (i > 0 && (l & 0xE0) == 0xC0)
                    k = same_blocks(t, s, len, i, lim, (l >> 2) & 7u);
                /* The blocks read the byte before them, so the text's
                   first character is the scalar path's alone: most texts
                   open with a letter, and the blocks then take over after
                   it rather than MIXED_IDLE bytes on. */
                size_t burst = k > i || i == 0 ? MIXED_BURST : MIXED_IDLE;
                if (t->norm_len + burst < lim)
                    stop = t->norm_len + burst;
            }
#endif
            k = mixed_run(t, s, len, k, stop);
            if (k == i)
                return i;
            i = k;
            continue;
        }
        /* A dot after non-ASCII may be the tatweel-dot pattern. */
        if (s[i] == '.' && i > 0 && s[i - 1] >= 0x80)
            return i;
        size_t stop = i + (lim - t->norm_len);
        if (stop > len)
            stop = len;
        size_t j = ascii_run(t, s, i, stop);
        /* The last ASCII byte before a character that may combine with it
         * is step()'s (it is taken back); a two-byte one with a boundary
         * before it (an Arabic letter after a space) cannot. */
        if (j < len && s[j] >= 0x80 &&
            !((s[j] & 0xE0) == 0xC0 && j + 1 < len &&
              (fast_tab[rk_txt_cp2(s + j)] & FAST_BOUNDARY))) {
            t->norm_len--;
            if (--j == i)
                return i;
        }
        i = j;
    }
    return i;
}

/* Alternates the fast path with step() for what it leaves. */
static rk_status build_loop(nbuild *b, rk_error *err)
{
    const unsigned char *s = (const unsigned char *)b->t->orig;
    size_t len = b->t->orig_len, i = 0;
    while (i < len) {
        if (grow(b, FAST_BUDGET + 16) < 0)
            goto nomem;
        size_t before = b->t->norm_len;
        i = fast_run(b->t, s, len, i);
        if (i < len && b->t->norm_len < before + FAST_BUDGET && !(i = step(b, s, len, i)))
            goto nomem;
    }
    return RK_OK;
nomem:
    return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory normalising text");
}

rk_status rk_txt_normalize(rk_text *t, rk_error *err)
{
    if (rk_txt_tables_init() < 0)
        return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                            "ICU normalisation data unavailable");
    nbuild b = {t, 0};
    /* Room for the whole text, a sixteenth more for expansions, and the
       fast path's budget: build_loop asks for that much before every run,
       and a first allocation without it is copied once per document. */
    if (grow(&b, t->orig_len + t->orig_len / 16 + FAST_BUDGET + 16) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory normalising text");
    rk_status st = build_loop(&b, err);
    if (st != RK_OK)
        return st;
    if (t->norm_len > RK_TEXT_MAX_BYTES)
        return rk_error_set(err, RK_ERR_LIMIT, NULL, 0, 0,
                            "normalised text exceeds %zu bytes", (size_t)RK_TEXT_MAX_BYTES);
    if (t->norm_len + RK_TXT_NORM_PAD >= b.cap && grow(&b, RK_TXT_NORM_PAD) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory normalising text");
    memset(t->norm + t->norm_len, 0, RK_TXT_NORM_PAD);
    return RK_OK;
}
