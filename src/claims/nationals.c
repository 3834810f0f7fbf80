/* nationals.c - nationals of every country, from ICU's country names and a
 * language's rule for deriving a demonym from a name: "Pakistan" gives
 * Pakistani(s), «باكستان» gives باكستاني / باكستانيين / باكستانيان (two of
 * them), «Пакистан» gives пакистанцы / пакистанцев. The rule file says how
 * (letters a demonym may drop from the name, name endings it drops, the
 * suffixes it adds, irregular forms); ICU's CLDR data says which countries
 * there are and what they are called, so no language file lists them.
 *
 * Each country gets a subject class "nationals_<english name>" (one id for
 * every language); every derived form becomes a subject entry of its class.
 * A form two countries derive goes to the one whose name it keeps more of
 * ("nigerian": Nigeria, not Niger). */
#include "engine_int.h"
#include "nationals.h"
#include "nationals_known.h"
#include "../core/alloc.h"
#include "../core/buf.h"
#include "../core/hash.h"
#include "../rules/rules.h"

#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/udata.h>
#include <unicode/ustring.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 96

/* One language's derivation rule, read from a <nationals> element. */
typedef struct nat_rule {
    const rk_rnode *node;
    int lang;
    int drop, min_stem;
    const char *prefix[MAX_LIST], *ending[MAX_LIST], *suffix[MAX_LIST], *not_[MAX_LIST];
    size_t not_len[MAX_LIST], suffix_len[MAX_LIST];
    uint64_t not_lens;  /* bit min(not_len, 63) of each <not>: a length no <not> has */
    const char *from[MAX_LIST];                       /* natural spelling */
    const char *case_drop[MAX_LIST], *case_add[MAX_LIST];
    size_t n_from, n_case;
    uint8_t suffix_dual[MAX_LIST], suffix_after_ending[MAX_LIST];
    size_t n_prefix, n_ending, n_suffix, n_not;
} nat_rule;

/* A derived form and the country it belongs to. */
typedef struct form {
    const char *s;
    size_t len;       /* strlen(s) */
    int country;      /* index into the ICU list */
    int kept;         /* code points of the name it keeps: the longer wins */
    uint8_t dual;
    int8_t plain;     /* rk_text_plain_word(s), or -1 when not asked */
    const rk_rnode *node;
} form;

/* Code points of a UTF-8 string. */
static size_t cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte length of the first k code points of s[0..n). */
static size_t cp_prefix(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (i < n && k) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

/* Normalised text of src in language lang (the text stage's folding), as
 * one string in the arena, or NULL. */
static const char *norm_text(rk_engine *e, const char *src, const char *lang)
{
    rk_text *t = NULL;
    rk_error err;
    if (!src || rk_text_build(src, strlen(src), lang, &t, &err) != RK_OK)
        return NULL;
    rk_buf b = RK_BUF_INIT;
    for (size_t k = 0; k < t->n_tokens; k++) {
        if (k)
            rk_buf_putc(&b, ' ');
        rk_buf_append(&b, t->norm + t->tokens[k].start, t->tokens[k].end - t->tokens[k].start);
    }
    const char *r = b.data ? rk_arena_strndup(e->arena, b.data, b.len) : NULL;
    rk_buf_free(&b);
    rk_text_free(t);
    return r;
}

/* The display name of country code cc in display language lang, UTF-8, or
 * NULL when ICU has none. */
static int display_name(const char *cc, const char *lang, char *out, size_t cap)
{
    char loc[16] = "und_";
    UChar buf[128];
    UErrorCode st = U_ZERO_ERROR;
    size_t cn = strlen(cc);
    if (cn >= sizeof loc - 4)
        return -1;
    memcpy(loc + 4, cc, cn + 1);
    int32_t n = uloc_getDisplayCountry(loc, lang, buf, 128, &st);
    if (U_FAILURE(st) || n <= 0 || st == U_USING_DEFAULT_WARNING)
        return -1;
    int32_t o = 0;
    UErrorCode st2 = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)cap, &o, buf, n, &st2);
    return U_FAILURE(st2) ? -1 : 0;
}

/* The fast paths (names read from one open table, the <not> list passed
 * over by length), on unless a test turns them off to compare. */
static int fast = 1;

int rk_nationals_set_fast(int on)
{
    int was = fast;
    fast = on;
    return was;
}

/* Country names in one display language, from ICU's region table opened
 * once: uloc_getDisplayCountry() opens it again for every name. A name
 * this table does not hold as plainly as that (a locale ICU lacks, a name
 * only a parent locale or an alias has, one too long) is asked of
 * display_name() as before. */
typedef struct names_tab {
    UResourceBundle *rb, *countries;
    const char *lang;
} names_tab;

static void names_open(names_tab *t, const char *lang)
{
    UErrorCode st = U_ZERO_ERROR;
    t->lang = lang;
    t->rb = t->countries = NULL;
    if (!fast)
        return;
    t->rb = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region", lang, &st);
    if (st != U_ZERO_ERROR) { /* a fallback or default locale: the old way */
        ures_close(t->rb);
        t->rb = NULL;
        return;
    }
    t->countries = ures_getByKey(t->rb, "Countries", NULL, &st);
    if (st != U_ZERO_ERROR) {
        ures_close(t->countries);
        t->countries = NULL;
    }
}

static void names_close(names_tab *t)
{
    ures_close(t->countries);
    ures_close(t->rb);
}

/* display_name(cc, t->lang, out, cap), from the open table when it can. */
static int names_get(const names_tab *t, const char *cc, char *out, size_t cap)
{
    if (t->countries) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t n = 0;
        const UChar *s = ures_getStringByKey(t->countries, cc, &n, &st);
        if (st == U_ZERO_ERROR && s && n > 0 && n < 128) {
            int32_t o = 0;
            UErrorCode st2 = U_ZERO_ERROR;
            u_strToUTF8(out, (int32_t)cap, &o, s, n, &st2);
            return U_FAILURE(st2) ? -1 : 0;
        }
    }
    return display_name(cc, t->lang, out, cap);
}

/* The normalised first word of every country's name in lang (NULL where
 * ICU has none), in one pass of the text stage: an array the caller frees,
 * its strings in the arena; NULL when out of memory. */
static const char **first_words(rk_engine *e, const char *const *dn, size_t nc,
                                const char *lang)
{
    const char **out = calloc(nc ? nc : 1, sizeof *out);
    size_t *off = malloc((nc + 1) * sizeof *off);
    rk_buf b = RK_BUF_INIT;
    rk_text *t = NULL;
    rk_error err;
    if (!out || !off)
        goto fail;
    for (size_t i = 0; i < nc; i++) {
        off[i] = b.len;
        if (dn[i])
            rk_buf_puts(&b, dn[i]);
        rk_buf_putc(&b, '\n');
    }
    off[nc] = b.len;
    if (!b.data || rk_text_build(b.data, b.len, lang, &t, &err) != RK_OK)
        goto fail;
    size_t k = 0;
    for (size_t i = 0; i < nc; i++) {
        while (k < t->n_tokens && t->src_start[t->tokens[k].start] < off[i])
            k++;
        /* the first word token of the line, if the line has one */
        if (k < t->n_tokens && t->src_start[t->tokens[k].start] < off[i + 1] &&
            t->tokens[k].kind == RK_TOK_WORD)
            out[i] = rk_arena_strndup(e->arena, t->norm + t->tokens[k].start,
                                      t->tokens[k].end - t->tokens[k].start);
    }
    rk_text_free(t);
    rk_buf_free(&b);
    free(off);
    return out;
fail:
    rk_text_free(t);
    rk_buf_free(&b);
    free(off);
    free(out);
    return NULL;
}

/* "nationals_" and the English name in lower-case ASCII, words joined by
 * "_" ("Palestinian Territories" -> nationals_palestinian_territories). */
static void class_id(const char *en, char *out, size_t cap)
{
    size_t o = (size_t)snprintf(out, cap, "nationals_");
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)en; *p && o + 2 < cap; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')) {
            if (gap && out[o - 1] != '_')
                out[o++] = '_';
            out[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
            gap = 0;
        } else if (*p < 0x80 || *p >= 0xC0) {
            gap = 1; /* a space, punctuation or a non-ASCII letter's lead byte */
        }
    }
    out[o] = '\0';
}

static int read_list(rk_engine *e, const rk_rnode *k, const char *lang, const char **v, size_t *n)
{
    if (*n >= MAX_LIST)
        return -1;
    const char *s = k->text && *k->text ? norm_text(e, k->text, lang) : "";
    if (!s)
        return -1;
    v[(*n)++] = s;
    return 0;
}

static rk_status read_rule(rk_engine *e, const rk_rnode *node, int li, nat_rule *r,
                           rk_error *err)
{
    const char *lang = e->langs[li].lang;
    const char *d = rk_rnode_attr(node, "drop"), *m = rk_rnode_attr(node, "min-stem");
    memset(r, 0, sizeof *r);
    r->node = node;
    r->lang = li;
    r->drop = d ? atoi(d) : 0;
    r->min_stem = m ? atoi(m) : 4;
    for (size_t i = 0; i < node->n_kids; i++) {
        const rk_rnode *k = node->kids[i];
        int bad = 0;
        if (strcmp(k->name, "prefix") == 0) {
            bad = read_list(e, k, lang, r->prefix, &r->n_prefix);
        } else if (strcmp(k->name, "ending") == 0) {
            bad = read_list(e, k, lang, r->ending, &r->n_ending);
        } else if (strcmp(k->name, "not") == 0) {
            bad = read_list(e, k, lang, r->not_, &r->n_not);
            if (!bad) {
                size_t l = strlen(r->not_[r->n_not - 1]);
                r->not_len[r->n_not - 1] = l;
                r->not_lens |= (uint64_t)1 << (l < 63 ? l : 63);
            }
        } else if (strcmp(k->name, "from") == 0) {
            if (r->n_from >= MAX_LIST)
                bad = 1;
            else
                r->from[r->n_from++] = k->text ? k->text : "";
        } else if (strcmp(k->name, "case") == 0) {
            if (r->n_case >= MAX_LIST) {
                bad = 1;
            } else {
                r->case_drop[r->n_case] = rk_rnode_attr(k, "drop");
                r->case_add[r->n_case++] = rk_rnode_attr(k, "add");
            }
        } else if (strcmp(k->name, "suffix") == 0) {
            const char *c = rk_rnode_attr(k, "count"), *a = rk_rnode_attr(k, "after");
            r->suffix_dual[r->n_suffix] = c && strcmp(c, "2") == 0;
            r->suffix_after_ending[r->n_suffix] = a && strcmp(a, "ending") == 0;
            bad = read_list(e, k, lang, r->suffix, &r->n_suffix);
            if (!bad)
                r->suffix_len[r->n_suffix - 1] = strlen(r->suffix[r->n_suffix - 1]);
        }
        if (bad)
            return rk_rnode_error(k, err, "too many entries or out of memory (at most %d per list)",
                                  MAX_LIST);
    }
    return RK_OK;
}

typedef struct forms {
    form *v;
    size_t n, cap;
    uint32_t *slot;     /* open addressing over v: index + 1, 0 empty */
    size_t nslot;       /* a power of two, at least twice n */
} forms;

/* The slot of s[0..n) in fs: holding it, or the empty one it would take. */
static uint32_t *slot_of(forms *fs, const char *s, size_t n)
{
    size_t m = fs->nslot - 1;
    for (size_t i = (size_t)rk_mix_edge(0, rk_token_mix(s, n)) & m;; i = (i + 1) & m) {
        uint32_t k = fs->slot[i];
        if (!k || (fs->v[k - 1].len == n && rk_short_eq(fs->v[k - 1].s, s, n)))
            return &fs->slot[i];
    }
}

static int grow_slots(forms *fs)
{
    size_t ns = fs->nslot ? fs->nslot * 2 : 4096;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl)
        return -1;
    free(fs->slot);
    fs->slot = sl;
    fs->nslot = ns;
    for (size_t i = 0; i < fs->n; i++)
        *slot_of(fs, fs->v[i].s, fs->v[i].len) = (uint32_t)i + 1;
    return 0;
}

/* Adds form s of country ci, keeping the country whose name it keeps more of. */
static int add_form(rk_engine *e, const nat_rule *r, forms *fs, const char *stem, size_t stem_n,
                    size_t si, int ci, int kept)
{
    char buf[256];
    size_t sn = r->suffix_len[si];
    uint8_t dual = r->suffix_dual[si];
    if (stem_n + sn + 1 > sizeof buf)
        return 0;
    memcpy(buf, stem, stem_n);
    memcpy(buf + stem_n, r->suffix[si], sn + 1);
    size_t fl = stem_n + sn;
    if (!fast || (r->not_lens >> (fl < 63 ? fl : 63) & 1))
        for (size_t i = 0; i < r->n_not; i++)
            if (r->not_len[i] == stem_n + sn && memcmp(r->not_[i], buf, stem_n + sn) == 0)
                return 0;
    if ((fs->n + 1) * 2 > fs->nslot && grow_slots(fs) < 0)
        return -1;
    uint32_t *sl = slot_of(fs, buf, stem_n + sn);
    if (*sl) {
        form *f = &fs->v[*sl - 1];
        if (kept > f->kept) {
            f->country = ci;
            f->kept = kept;
            f->dual = dual;
        }
        return 0;
    }
    if (fs->n == fs->cap) {
        form *v = rk_array_grow(fs->v, &fs->cap, fs->n, sizeof *v, 256);
        if (!v)
            return -1;
        fs->v = v;
    }
    const char *s = rk_arena_strndup(e->arena, buf, stem_n + sn);
    if (!s)
        return -1;
    fs->v[fs->n++] = (form){s, stem_n + sn, ci, kept, dual, -1, r->node};
    *sl = (uint32_t)fs->n;
    return 0;
}

/* Every form of one country's name word w (normalised) under rule r. */
static int derive(rk_engine *e, const nat_rule *r, forms *fs, const char *w, int ci)
{
    size_t n = strlen(w);
    for (size_t i = 0; i < r->n_prefix; i++) {
        size_t pn = strlen(r->prefix[i]);
        if (pn && n > pn && strncmp(w, r->prefix[i], pn) == 0) {
            w += pn;
            n -= pn;
            break;
        }
    }
    size_t len = cps(w, n);
    if ((int)len < r->min_stem)
        return 0;
    /* stems: the word less 0..drop code points, then less each ending */
    for (int d = 0; d <= r->drop; d++) {
        if ((int)(len - (size_t)d) < r->min_stem)
            break;
        size_t sb = cp_prefix(w, n, len - (size_t)d);
        for (size_t s = 0; s < r->n_suffix; s++)
            if (!r->suffix_after_ending[s] && *r->suffix[s] &&
                add_form(e, r, fs, w, sb, s, ci, (int)(len - (size_t)d)) < 0)
                return -1;
    }
    for (size_t i = 0; i < r->n_ending; i++) {
        size_t en = strlen(r->ending[i]);
        if (!en || en >= n || strcmp(w + n - en, r->ending[i]) != 0 ||
            (int)cps(w, n - en) < r->min_stem)
            continue;
        for (size_t s = 0; s < r->n_suffix; s++)
            if (add_form(e, r, fs, w, n - en, s, ci, (int)cps(w, n - en)) < 0)
                return -1;
    }
    return 0;
}

/* Bytes of forms the number reader is given at a time (weed). */
#define WEED_CHUNK_BYTES ((size_t)32 << 10)

/* The prefilter of weed(), on unless a test turns it off. */
static int weed_prefilter = 1;

int rk_nationals_set_prefilter(int on)
{
    int was = weed_prefilter;
    weed_prefilter = on;
    return was;
}

/* What stands in weed() for the line of a form the number reader need not
 * read: as many tokens as such a line has (a word and the full stop), on a
 * line of its own, in a few ASCII bytes. */
static const char placeholder[] = "; .\n";

/* Whether the placeholder line may stand in for lines the number reader
 * finds nothing in: its tokens are two, like theirs, and the reader can
 * start an expression at neither (nor is either a digit run). */
static int placeholder_inert(const rk_numbers_reader *r, const char *lang)
{
    rk_text *t = NULL;
    rk_error err;
    int inert = rk_text_build(placeholder, sizeof placeholder - 1, lang, &t, &err) == RK_OK &&
                t->n_tokens == 2;
    for (size_t k = 0; inert && k < t->n_tokens; k++)
        inert = t->tokens[k].kind != RK_TOK_NUMBER &&
                !rk_numbers_can_start(r, t->norm + t->tokens[k].start,
                                      t->tokens[k].end - t->tokens[k].start,
                                      t->tokens[k].kind == RK_TOK_WORD);
    rk_text_free(t);
    return inert;
}

/* Drops the forms that are no demonym for sure: a country's own name
 * ("روسيا" is Russia, not a Russian in the accusative) and a number word
 * ("ملايين", millions, is no Malawian): the number reader is asked. */
static rk_status weed(rk_engine *e, forms *fs, const char *const *names, size_t nc,
                      const char *lang, uint8_t *drop, rk_error *err)
{
    /* a form is a name when the name's slot holds it */
    for (size_t k = 0; k < nc && fs->nslot; k++) {
        if (!names[k])
            continue;
        uint32_t sl = *slot_of(fs, names[k], strlen(names[k]));
        if (sl)
            drop[sl - 1] = 1;
    }
    /* The forms go to the number reader a few thousand at a time, each on
     * its own line ("form .\n") and so its own sentence: what one pass
     * over all of them found, in memory that stays in the caches and is
     * reused from chunk to chunk.
     *
     * Most forms need no reading. A form the text stage gives back as it
     * is and as one word (rk_text_plain_word) has two tokens on its line,
     * itself and the full stop; when the reader can start an expression at
     * neither, it finds nothing on that line. Such a line is replaced by
     * the placeholder, two tokens that start nothing either: the chunks
     * keep their lines and every token its index, the lines the reader
     * reads are read as they were, and all that changes is the text of
     * tokens that start nothing, in sentences of their own. A chunk left
     * with no other line is not built at all. */
    int filter = weed_prefilter && placeholder_inert(e->numbers, lang);
    rk_buf b = RK_BUF_INIT;
    size_t *off = malloc((fs->n + 1) * sizeof *off);
    rk_status st = RK_OK;
    if (!off)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t first = 0; first < fs->n && st == RK_OK;) {
        size_t end = first, bytes = 0;
        int bad = 0, any = 0;
        rk_buf_reset(&b); /* its memory serves the next chunk */
        /* the chunk's lines are those of the forms themselves */
        for (; end < fs->n && bytes < WEED_CHUNK_BYTES; end++) {
            const char *f = fs->v[end].s;
            size_t n = fs->v[end].len;
            bytes += n + 3;
            off[end] = b.len;
            if (filter && (fs->v[end].plain = (int8_t)rk_text_plain_word(f, n)) &&
                !rk_numbers_can_start(e->numbers, f, n, 1)) {
                bad |= rk_buf_append(&b, placeholder, sizeof placeholder - 1) < 0;
            } else {
                any = 1;
                bad |= rk_buf_append(&b, f, n) < 0 || rk_buf_puts(&b, " .\n") < 0;
            }
        }
        off[end] = b.len;
        if (bad || !b.data) {
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        rk_text *t = NULL;
        rk_numlist nl = {0};
        if (any && (st = rk_text_build(b.data, b.len, lang, &t, err)) == RK_OK &&
            (st = rk_numbers_find(e->numbers, t, &nl, err)) == RK_OK) {
            size_t i = first;
            for (size_t k = 0; k < nl.n; k++) {
                size_t at = t->src_start[nl.items[k].nstart];
                while (i + 1 <= end && off[i + 1] <= at)
                    i++;
                if (i < end)
                    drop[i] = 1;
            }
        }
        rk_numlist_free(&nl);
        rk_text_free(t);
        first = end;
    }
    rk_buf_free(&b);
    free(off);
    return st;
}

/* "from Pakistan", «из Пакистана»: each <from> word before each country's
 * whole name in lang, the name in the first <case> whose drop ends it. */
static rk_status from_forms(rk_engine *e, const nat_rule *r, const char *const *dn, size_t nc,
                            const int *cls, rk_nationals_sink sink, void *ctx, rk_error *err)
{
    rk_status st = RK_OK;
    for (size_t i = 0; i < nc && st == RK_OK; i++) {
        char name[256], phrase[512];
        if (!dn[i] || strlen(dn[i]) >= sizeof name)
            continue;
        strcpy(name, dn[i]);
        size_t n = strlen(name);
        for (size_t c = 0; c < r->n_case; c++) {
            size_t drop = strlen(r->case_drop[c]), an = strlen(r->case_add[c]);
            if (drop <= n && strcmp(name + n - drop, r->case_drop[c]) == 0 &&
                n - drop + an < sizeof name) {
                memcpy(name + n - drop, r->case_add[c], an + 1);
                n = n - drop + an;
                break;
            }
        }
        for (size_t f = 0; f < r->n_from && st == RK_OK; f++) {
            /* "<from> <name>": snprintf("%s %s") is the plain way */
            size_t fn = strlen(r->from[f]), pn = fn + 1 + n;
            if (!fast) {
                if ((size_t)snprintf(phrase, sizeof phrase, "%s %s", r->from[f], name) >=
                    sizeof phrase)
                    continue;
                pn = strlen(phrase);
            } else {
                if (pn >= sizeof phrase)
                    continue;
                memcpy(phrase, r->from[f], fn);
                phrase[fn] = ' ';
                memcpy(phrase + fn + 1, name, n + 1);
            }
            const char *kept = rk_arena_strndup(e->arena, phrase, pn); /* entries keep it */
            st = kept ? sink->entry(ctx, r->node, kept, r->lang, cls[i], 0, -1, err)
                      : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    }
    return st;
}

rk_status rk_nationals_generate(rk_engine *e, const rk_rnode *const *rules, const int *langs,
                                size_t n_rules, rk_nationals_sink sink, void *ctx,
                                rk_error *err)
{
    if (!n_rules)
        return RK_OK;
    const char *const *cc = uloc_getISOCountries();
    size_t nc = 0;
    while (cc[nc])
        nc++;
    int *cls = malloc((nc ? nc : 1) * sizeof *cls);
    /* the English names, asked of ICU once for the classes and kept for a
     * rule in English */
    const char **en_dn = calloc(nc ? nc : 1, sizeof *en_dn);
    forms fs = {0};
    rk_status st = RK_OK;
    if (!cls || !en_dn) {
        free(cls);
        free(en_dn);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    /* one class per country, named in English */
    names_tab ent;
    names_open(&ent, "en");
    for (size_t i = 0; i < nc; i++) {
        char en[256], id[160];
        cls[i] = -1;
        if (names_get(&ent, cc[i], en, sizeof en) < 0)
            continue;
        class_id(en, id, sizeof id);
        if (strlen(id) <= strlen("nationals_"))
            continue;
        if ((cls[i] = sink->class_of(ctx, id, en, err)) < 0) {
            st = err->code ? err->code : RK_ERR_NOMEM;
            goto done;
        }
        if (!(en_dn[i] = rk_arena_strdup(e->arena, en))) {
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto done;
        }
    }
    names_close(&ent);
    ent.rb = ent.countries = NULL;
    for (size_t ri = 0; ri < n_rules && st == RK_OK; ri++) {
        nat_rule r;
        if ((st = read_rule(e, rules[ri], langs[ri], &r, err)) != RK_OK)
            break;
        const char *lang = e->langs[r.lang].lang;
        fs.n = 0;
        if (fs.slot)
            memset(fs.slot, 0, fs.nslot * sizeof *fs.slot);
        /* each country's name in lang, asked of ICU once (NULL: none) */
        const char **dn = calloc(nc ? nc : 1, sizeof *dn);
        int english = strcmp(lang, "en") == 0;
        names_tab nt = {0};
        if (!english)
            names_open(&nt, lang);
        for (size_t i = 0; dn && i < nc; i++) {
            char name[256];
            if (english) /* every country with a class has its English name */
                dn[i] = cls[i] >= 0 ? en_dn[i] : NULL;
            else if (cls[i] >= 0 && names_get(&nt, cc[i], name, sizeof name) == 0 &&
                !(dn[i] = rk_arena_strdup(e->arena, name))) {
                free(dn);
                dn = NULL;
            }
        }
        names_close(&nt);
        const char **names = dn ? first_words(e, dn, nc, lang) : NULL;
        if (!names) {
            free(dn);
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        for (size_t i = 0; i < nc; i++) {
            const char *nm = names[i];
            if (!nm || !*nm)
                continue;
            /* the first word names the country ("Saudi Arabia", "South
             * Korea" give nothing useful from their other words) */
            char word[256];
            size_t wl = strcspn(nm, " ");
            if (wl >= sizeof word)
                continue;
            memcpy(word, nm, wl);
            word[wl] = '\0';
            if (derive(e, &r, &fs, word, (int)i) < 0) {
                st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
                break;
            }
        }
        uint8_t *drop = st == RK_OK ? calloc(fs.n ? fs.n : 1, 1) : NULL;
        if (st == RK_OK && !drop)
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (st == RK_OK)
            st = weed(e, &fs, names, nc, lang, drop, err);
        free(names);
        /* irregular forms the rule lists: <w country="US">americans</w> */
        for (size_t k = 0; k < rules[ri]->n_kids && st == RK_OK; k++) {
            const rk_rnode *w = rules[ri]->kids[k];
            if (strcmp(w->name, "w") != 0)
                continue;
            const char *code = rk_rnode_attr(w, "country");
            size_t ci = 0;
            while (ci < nc && strcmp(cc[ci], code) != 0)
                ci++;
            if (ci == nc || cls[ci] < 0) {
                st = rk_rnode_error(w, err, "unknown country code '%s' (ISO 3166, as ICU knows it)",
                                    code);
                break;
            }
            const char *c = rk_rnode_attr(w, "count");
            st = sink->entry(ctx, w, w->text, r.lang, cls[ci], c && strcmp(c, "2") == 0, -1,
                             err);
        }
        for (size_t i = 0; i < fs.n && st == RK_OK; i++)
            if (!drop[i])
                st = sink->entry(ctx, fs.v[i].node, fs.v[i].s, r.lang, cls[fs.v[i].country],
                                 fs.v[i].dual, fs.v[i].plain, err);
        free(drop);
        if (st == RK_OK && r.n_from)
            st = from_forms(e, &r, dn, nc, cls, sink, ctx, err);
        /* the country's own name, a place ("في ليبيا" names Libya) */
        for (size_t i = 0; i < nc && st == RK_OK && sink->place; i++)
            if (dn[i])
                st = sink->place(ctx, r.node, dn[i], r.lang, cls[i], err);
        free(dn);
    }
done:
    names_close(&ent);
    free(fs.v);
    free(fs.slot);
    free(cls);
    free(en_dn);
    return st;
}

/* ---- the vocabulary the build derived ------------------------------------- */

/* The embedded vocabulary, used unless a test turns it off to compare. */
static int embedded = 1;

int rk_nationals_set_embedded(int on)
{
    int was = embedded;
    embedded = on;
    return was;
}

int rk_nationals_embedded(const rk_engine *e, const rk_rules *set, const rk_rnode *const *rules,
                          const int *langs, size_t n_rules)
{
    const rk_nat_known *k = &rk_nationals_known;
    /* the tests' plain paths are held to the generator, never to this */
    if (!embedded || !fast || !weed_prefilter || !k->n_rules || k->n_rules != n_rules ||
        !rk_rules_build_sections(set, "numbers"))
        return 0;
    /* the build's set, alone or under layers (an event's rules) without a
     * <numbers> section: the derivation reads the rules gathered (a layer's
     * <nationals> rule makes one more: n_rules), their languages, ICU, and
     * the number reader, which the <numbers> sections alone make, nothing a
     * layer's other sections add. The build's rules are checked all the
     * same, as the replay takes their children by index. */
    for (size_t i = 0; i < n_rules; i++) {
        const char *lang = e->langs[langs[i]].lang;
        if (rules[i]->line != k->rules[i].line || rules[i]->n_kids != k->rules[i].n_kids ||
            strcmp(lang ? lang : "", k->rules[i].lang) != 0)
            return 0;
    }
    /* the country names, the normalisation of the text stage and so the
     * forms are ICU's: the same only under the same library and data */
    char icu[64];
    return rk_icu_versions(icu, sizeof icu) == 0 && strcmp(icu, k->icu) == 0;
}

size_t rk_nationals_replayed_calls(void)
{
    return rk_nationals_known.n_calls;
}

rk_status rk_nationals_replay(const rk_rnode *const *rules, const int *langs, size_t n_rules,
                              rk_nationals_sink sink, void *ctx, rk_error *err)
{
    const rk_nat_known *k = &rk_nationals_known;
    int *cls = malloc((k->n_classes ? k->n_classes : 1) * sizeof *cls);
    rk_status st = RK_OK;
    if (!cls)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < k->n_classes; i++)
        if ((cls[i] = sink->class_of(ctx, k->text + k->classes[2 * i],
                                     k->text + k->classes[2 * i + 1], err)) < 0) {
            st = err->code ? err->code : RK_ERR_NOMEM;
            break;
        }
    /* a sink of classes alone (the build's trie has the entries) */
    for (size_t i = 0; i < k->n_calls && st == RK_OK && (sink->entry || sink->place); i++) {
        const rk_nat_known_call *c = &k->calls[i];
        if (c->rule >= n_rules || c->cls >= k->n_classes) {
            st = rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                              "the build's nationals vocabulary is broken");
            break;
        }
        const rk_rnode *r = rules[c->rule];
        const rk_rnode *node = c->kid < 0 ? r : r->kids[c->kid];
        const char *src = k->text + c->src;
        if (!c->place) {
            if (sink->entry)
                st = sink->entry(ctx, node, src, langs[c->rule], cls[c->cls], c->dual, c->plain,
                                 err);
        }
        else if (sink->place)
            st = sink->place(ctx, node, src, langs[c->rule], cls[c->cls], err);
    }
    free(cls);
    return st;
}
