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
 * costs one load per character. */
#include "text_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "../core/utf8.h"

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
static int tables_ok;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

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

/* Normalises the segment s[0..len) into out[0..cap). Returns the full
 * output length (which may exceed cap, as snprintf does) or -1 on an ICU
 * or allocation failure. */
static long seg_normalize(const char *s, size_t len, char *out, size_t cap)
{
    UChar in16[64], nf16[192];
    UChar *a = in16, *b = nf16;
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
    if (a != in16)
        free(a);
    if (b != nf16)
        free(b);
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

static void tables_build(void)
{
    UErrorCode st = U_ZERO_ERROR;
    nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st) || !nfkc_cf)
        return;
    for (uint32_t c = 0; c < RK_TXT_TABLE_MAX; c++) {
        rk_txt_norm1 *e = &norm_table[c];
        char s[4];
        size_t k = rk_utf8_put(c, s);
        long n = seg_normalize(s, k, e->out, sizeof e->out);
        e->boundary = unorm2_hasBoundaryBefore(nfkc_cf, (UChar32)c) != 0;
        e->cached = n >= 0 && (size_t)n <= sizeof e->out;
        e->len = e->cached ? (uint8_t)n : 0;
        rk_txt_class_tab[c] = rk_txt_classify_icu(c);
        uint32_t f = e->boundary ? FAST_BOUNDARY : 0;
        if (e->cached && e->len <= 2 && c != 0x00B7) {
            f |= FAST_OK | (uint32_t)e->len << 16;
            f |= e->len > 0 ? (uint8_t)e->out[0] : 0u;
            f |= e->len > 1 ? (uint32_t)(uint8_t)e->out[1] << 8 : 0u;
        }
        fast_tab[c] = f;
    }
    tables_ok = 1;
}

int rk_txt_tables_init(void)
{
    pthread_once(&tables_once, tables_build);
    return tables_ok ? 0 : -1;
}


/* ---- the builder ---- */

typedef struct nbuild {
    rk_text *t;
    size_t cap;
} nbuild;

/* Makes room for n more output bytes. */
static int grow(nbuild *b, size_t n)
{
    rk_text *t = b->t;
    if (t->norm_len + n < b->cap)
        return 0;
    size_t cap = b->cap + b->cap / 2 + n + 64;
    char *nm = realloc(t->norm, cap);
    if (!nm)
        return -1;
    t->norm = nm;
    uint32_t *a = realloc(t->src_start, cap * sizeof *a);
    if (!a)
        return -1;
    t->src_start = a;
    uint32_t *z = realloc(t->src_end, cap * sizeof *z);
    if (!z)
        return -1;
    t->src_end = z;
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

/* Normalises the segment [a, z) of the original through ICU. */
static int emit_slow(nbuild *b, size_t a, size_t z)
{
    char tmp[256];
    long n = seg_normalize(b->t->orig + a, z - a, tmp, sizeof tmp);
    if (n < 0)
        return -1;
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

/* Copies ASCII from s[i] lower-cased, each byte mapping to itself, up to
 * `stop` or the first non-ASCII byte; returns where it stopped. Eight bytes
 * a step while they are all ASCII: most of an English article goes here. */
static size_t ascii_run(rk_text *t, const unsigned char *s, size_t i, size_t stop)
{
    char *out = t->norm + t->norm_len;
    uint32_t *st = t->src_start + t->norm_len, *en = t->src_end + t->norm_len;
    const uint64_t hi = 0x8080808080808080ULL;
    size_t j = i;
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
        rk_v4u a = {(uint32_t)j, (uint32_t)j + 1, (uint32_t)j + 2, (uint32_t)j + 3};
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
            size_t k = mixed_run(t, s, len, i, lim);
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
            !((s[j] & 0xE0) == 0xC0 && j + 1 < len && (fast_tab[rk_txt_cp2(s + j)] & FAST_BOUNDARY))) {
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
    t->norm[t->norm_len] = '\0';
    return RK_OK;
}
