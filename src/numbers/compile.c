/* compile.c - builds the number reader from the <numbers> sections of a rule
 * set: every phrase is normalised through the text stage (so data files are
 * written in natural spelling), checked, and added to the lexicon. */
#include "numbers_int.h"
#include "reader_known.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h"
#include "../core/buf.h"

/* One element name of the section and what it compiles to. */
typedef struct elem_def {
    const char *name;
    nb_role role;
    uint8_t prefixes;  /* default prefix classes accepted */
} elem_def;

static const elem_def ELEMS[] = {
    /* A cardinal with an article counts only before a scale ("الخمسة آلاف");
     * words.c checks that. */
    {"cardinal", NB_CARDINAL, NB_PFX_CLITIC | NB_PFX_ARTICLE},
    {"scale", NB_SCALE, NB_PFX_CLITIC | NB_PFX_ARTICLE},
    {"fraction", NB_FRACTION, NB_PFX_CLITIC},
    {"vague", NB_VAGUE, NB_PFX_CLITIC | NB_PFX_ARTICLE},
    {"ordinal", NB_ORDINAL, NB_PFX_CLITIC | NB_PFX_ARTICLE},
    {"ordinal-suffix", NB_ORDSUFFIX, 0},
    {"dual", NB_DUAL, NB_PFX_CLITIC},
    {"singular", NB_SINGULAR, NB_PFX_CLITIC},
    {"comparator", NB_CMP_BEFORE, NB_PFX_CLITIC},
    {"range-open", NB_RANGE_OPEN, NB_PFX_CLITIC},
    {"range-join", NB_RANGE_JOIN, 0},
    {"unit", NB_UNIT_AFTER, 0},
    {"month", NB_MONTH, 0},
    {"link", NB_LINK, 0},
    {"cue", NB_CUE, NB_PFX_CLITIC | NB_PFX_ARTICLE},
    {"connector", NB_CONNECTOR, 0},
    {"clock", NB_CLOCK, 0},
    {"count-noun", NB_COUNT_NOUN, NB_PFX_CLITIC},
    {"share", NB_SHARE, NB_PFX_CLITIC},
    {"whole", NB_WHOLE, NB_PFX_CLITIC | NB_PFX_ARTICLE},
    {"ending", NB_ENDING, 0},
};

/* ---- attribute readers ------------------------------------------------ */

static rk_status attr_num(const rk_rnode *n, const char *name, int required, double def,
                          double *out, rk_error *err)
{
    const char *s = rk_rnode_attr(n, name);
    *out = def;
    if (!s) {
        if (required)
            return rk_rnode_error(n, err, "<%s> needs a %s", n->name, name);
        return RK_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return rk_rnode_error(n, err, "<%s> %s '%s' is not a number", n->name, name, s);
    *out = v;
    return RK_OK;
}

static int name_index(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static rk_status read_exactness(const rk_rnode *n, nb_entry *e, rk_error *err)
{
    static const char *const names[] = {"exact", "approx", "at_least", "more_than",
                                        "at_most", "less_than", NULL};
    static const uint8_t vals[] = {RK_EXACTNESS_EXACT, RK_EXACTNESS_APPROX,
                                   RK_EXACTNESS_AT_LEAST, RK_EXACTNESS_MORE_THAN,
                                   RK_EXACTNESS_AT_MOST, RK_EXACTNESS_LESS_THAN};
    const char *s = rk_rnode_attr(n, "type");
    int i = s ? name_index(s, names) : -1;
    if (i < 0)
        return rk_rnode_error(n, err, "comparator: unknown type '%s' (expected exact, "
                              "approx, at_least, more_than, at_most or less_than)",
                              s ? s : "");
    e->exactness = vals[i];
    return RK_OK;
}

/* Reads attribute `kind` into e->kind, allowed being a NULL-terminated list
 * of kind names; def when absent. */
static rk_status read_kind(const rk_rnode *n, nb_entry *e, const char *const *allowed,
                           rk_number_kind def, rk_error *err)
{
    const char *s = rk_rnode_attr(n, "kind");
    e->kind = (uint8_t)def;
    if (!s)
        return def ? RK_OK : rk_rnode_error(n, err, "<%s> needs a kind", n->name);
    if (name_index(s, allowed) < 0) {
        rk_buf b = RK_BUF_INIT;
        for (int i = 0; allowed[i]; i++)
            rk_buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
        rk_status st = rk_rnode_error(n, err, "%s: unknown kind '%s' (expected %s)", n->name, s,
                                      b.data ? b.data : "");
        rk_buf_free(&b);
        return st;
    }
    for (int k = RK_KIND_COUNT; k <= RK_KIND_PHONE; k++)
        if (strcmp(rk_kind_name((rk_number_kind)k), s) == 0)
            e->kind = (uint8_t)k;
    return RK_OK;
}

static int attr_yes(const rk_rnode *n, const char *name)
{
    const char *s = rk_rnode_attr(n, name);
    return s && (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

static rk_status read_name(rk_numbers_reader *r, const rk_rnode *n, const char *attr,
                           nb_entry *e, rk_error *err)
{
    const char *s = rk_rnode_attr(n, attr);
    if (!s || !*s)
        return rk_rnode_error(n, err, "<%s> needs a %s", n->name, attr);
    if (!(e->name = nb_intern(r, s)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

/* ---- per-element readings --------------------------------------------- */

static rk_status read_vague(const rk_rnode *n, nb_entry *e, rk_error *err)
{
    rk_status st;
    if ((st = attr_num(n, "low", 1, 0, &e->low, err)) != RK_OK ||
        (st = attr_num(n, "high", 1, 0, &e->high, err)) != RK_OK)
        return st;
    if (e->low > e->high)
        return rk_rnode_error(n, err, "vague '%s': low %g is greater than high %g", e->name,
                              e->low, e->high);
    return RK_OK;
}

static rk_status read_unit(rk_numbers_reader *r, const rk_rnode *n, nb_entry *e,
                           rk_error *err)
{
    static const char *const kinds[] = {"percent", "money", "measure", "multiple", "date",
                                        NULL};
    rk_status st;
    const char *pos = rk_rnode_attr(n, "position");
    if ((st = read_name(r, n, "name", e, err)) != RK_OK ||
        (st = read_kind(n, e, kinds, RK_KIND_NONE, err)) != RK_OK ||
        (st = attr_num(n, "factor", 0, 1, &e->value, err)) != RK_OK)
        return st;
    if (e->value <= 0)
        return rk_rnode_error(n, err, "unit '%s': factor %g is not positive", e->name, e->value);
    if (pos && strcmp(pos, "before") == 0)
        e->role = NB_UNIT_BEFORE;
    else if (pos && strcmp(pos, "after") != 0)
        return rk_rnode_error(n, err, "unit '%s': position '%s' is neither before nor after",
                              e->name, pos);
    if (attr_yes(n, "in-span"))
        e->flags |= NB_F_IN_SPAN;
    return RK_OK;
}

static rk_status read_comparator(const rk_rnode *n, nb_entry *e, rk_error *err)
{
    rk_status st;
    double w;
    const char *pos = rk_rnode_attr(n, "position");
    if ((st = read_exactness(n, e, err)) != RK_OK ||
        (st = attr_num(n, "window", 0, 0, &w, err)) != RK_OK)
        return st;
    if (w < 0 || w > 16 || w != floor(w))
        return rk_rnode_error(n, err, "comparator: window %g is not a whole number 0..16", w);
    e->window = (uint16_t)w;
    if (pos && strcmp(pos, "after") == 0)
        e->role = NB_CMP_AFTER;
    else if (pos && strcmp(pos, "before") != 0)
        return rk_rnode_error(n, err, "comparator: position '%s' is neither before nor after",
                              pos);
    if (e->role == NB_CMP_AFTER && e->window > 2)
        return rk_rnode_error(n, err, "comparator: a window after the number is 0..2, not %g",
                              w);
    return RK_OK;
}

static rk_status read_cue(const rk_rnode *n, nb_entry *e, rk_error *err)
{
    static const char *const kinds[] = {"label", "year", "phone", "time", NULL};
    rk_status st;
    if ((st = read_kind(n, e, kinds, RK_KIND_NONE, err)) != RK_OK ||
        (st = attr_num(n, "min", 0, 0, &e->low, err)) != RK_OK ||
        (st = attr_num(n, "max", 0, 0, &e->high, err)) != RK_OK)
        return st;
    if (e->high && e->low > e->high)
        return rk_rnode_error(n, err, "cue: min %g is greater than max %g", e->low, e->high);
    return RK_OK;
}

/* A clock suffix: hours is what it adds to the hour counted 0..11 ("p.m."
 * adds 12, so 11 p.m. is 23:00 and 12 a.m. is 00:00). */
static rk_status read_clock(const rk_rnode *n, nb_entry *e, rk_error *err)
{
    rk_status st = attr_num(n, "hours", 1, 0, &e->value, err);
    if (st != RK_OK)
        return st;
    if (e->value != 0 && e->value != 12)
        return rk_rnode_error(n, err, "clock: hours %g is neither 0 nor 12", e->value);
    if (attr_yes(n, "needs-cue"))
        e->flags |= NB_F_NEEDS_CUE;
    return RK_OK;
}

static rk_status read_noun(rk_numbers_reader *r, const rk_rnode *n, nb_entry *e,
                           rk_error *err)
{
    static const char *const kinds[] = {"count", "measure", "multiple", NULL};
    rk_status st = read_kind(n, e, kinds, RK_KIND_COUNT, err);
    e->value = e->role == NB_DUAL ? 2 : 1;
    if (st == RK_OK && rk_rnode_attr(n, "unit"))
        st = read_name(r, n, "unit", e, err);
    return st;
}

static rk_status read_valued(const rk_rnode *n, nb_entry *e, rk_error *err)
{
    rk_status st = attr_num(n, "value", 1, 0, &e->value, err);
    if (st != RK_OK)
        return st;
    if (e->value < 0)
        return rk_rnode_error(n, err, "%s: value %g is negative", n->name, e->value);
    if (e->role == NB_MONTH && (e->value < 1 || e->value > 12 || e->value != floor(e->value)))
        return rk_rnode_error(n, err, "month: value %g is not 1..12", e->value);
    if (e->role == NB_SCALE && attr_yes(n, "money-only"))
        e->flags |= NB_F_MONEY_ONLY;
    if (e->role == NB_CARDINAL && attr_yes(n, "approx"))
        e->flags |= NB_F_APPROX;
    if (e->role == NB_CARDINAL && attr_yes(n, "after-noun"))
        e->flags |= NB_F_AFTER_NOUN;
    return RK_OK;
}

/* A share of a whole: value is the percent ("half" 50); whole="marked"
 * wants one of the language's <whole> words right after it ("half of"),
 * whole="noun" (the default) any word that is not a number, unit or month
 * ("نصف المدينة", "треть домов"). unit names the percent unit. */
static rk_status read_share(rk_numbers_reader *r, const rk_rnode *n, nb_entry *e,
                            rk_error *err)
{
    const char *whole = rk_rnode_attr(n, "whole");
    rk_status st = attr_num(n, "value", 1, 0, &e->value, err);
    if (st != RK_OK)
        return st;
    if (e->value <= 0 || e->value > 100)
        return rk_rnode_error(n, err, "share: value %g is not a percent above 0", e->value);
    if (whole && strcmp(whole, "marked") == 0)
        e->flags |= NB_F_MARKED;
    else if (whole && strcmp(whole, "noun") != 0)
        return rk_rnode_error(n, err, "share: whole '%s' is neither marked nor noun", whole);
    e->kind = RK_KIND_PERCENT;
    return read_name(r, n, "unit", e, err);
}

/* Fills e from element n according to its role. */
static rk_status read_entry(rk_numbers_reader *r, const rk_rnode *n, nb_entry *e,
                            rk_error *err)
{
    switch (e->role) {
    case NB_CARDINAL: case NB_SCALE: case NB_FRACTION: case NB_ORDINAL: case NB_MONTH:
        return read_valued(n, e, err);
    case NB_VAGUE: {
        rk_status st = read_name(r, n, "class", e, err);
        return st == RK_OK ? read_vague(n, e, err) : st;
    }
    case NB_DUAL: case NB_SINGULAR:
        return read_noun(r, n, e, err);
    case NB_CMP_BEFORE:
        return read_comparator(n, e, err);
    case NB_UNIT_AFTER:
        return read_unit(r, n, e, err);
    case NB_CUE:
        return read_cue(n, e, err);
    case NB_RANGE_JOIN:
        if (attr_yes(n, "bare"))
            e->flags |= NB_F_BARE;
        return RK_OK;
    case NB_CLOCK:
        return read_clock(n, e, err);
    case NB_SHARE:
        return read_share(r, n, e, err);
    default:
        return RK_OK;
    }
}

/* ---- forms ------------------------------------------------------------ */

/* Adds one spelling (already trimmed) of element n as entry e. */
/* Whether add_form() takes a form the text stage would give back as it is
 * and as one word (rk_text_plain_word) as that word, without building a
 * text of it; on unless a test turns it off. */
static int plain_forms_direct = 1;

int nb_set_plain_forms(int on)
{
    int was = plain_forms_direct;
    plain_forms_direct = on;
    return was;
}

static rk_status add_form(rk_numbers_reader *r, const rk_rnode *n, const char *lang,
                          const char *form, size_t len, const nb_entry *e, rk_error *err)
{
    enum { MAXTOK = 16 };
    rk_text *t = NULL;
    rk_error te;
    const char *toks[MAXTOK];
    size_t lens[MAXTOK];
    const nb_entry *dup = NULL;
    rk_status st;
    /* most number words are one plain word: no text to build (a text of
     * each of a thousand forms cost a tenth of start-up) */
    if (plain_forms_direct && rk_text_plain_word(form, len)) {
        if ((st = nb_trie_add(r, &form, &len, 1, e, &dup)) != RK_OK)
            return rk_error_set(err, st, NULL, 0, 0, "out of memory");
        return dup ? rk_rnode_error(n, err, "%s: '%.*s' already has another reading", n->name,
                                    (int)len, form)
                   : RK_OK;
    }
    if ((st = rk_text_build(form, len, lang, &t, &te)) == RK_ERR_NOMEM)
        return rk_error_set(err, st, NULL, 0, 0, "out of memory");
    if (st != RK_OK)
        return rk_rnode_error(n, err, "%s: cannot read '%.*s': %s", n->name, (int)len, form,
                              te.message);
    st = RK_OK;
    if (t->n_tokens == 0 || t->n_tokens > MAXTOK) {
        st = rk_rnode_error(n, err, "%s: '%.*s' must have 1 to %d tokens", n->name, (int)len,
                            form, MAXTOK);
        goto done;
    }
    for (size_t i = 0; i < t->n_tokens; i++) {
        toks[i] = t->norm + t->tokens[i].start;
        lens[i] = t->tokens[i].end - t->tokens[i].start;
    }
    if ((st = nb_trie_add(r, toks, lens, t->n_tokens, e, &dup)) != RK_OK)
        rk_error_set(err, st, NULL, 0, 0, "out of memory");
    else if (dup)
        st = rk_rnode_error(n, err, "%s: '%.*s' already has another reading", n->name,
                            (int)len, form);
done:
    rk_text_free(t);
    return st;
}

/* Normalises one word; *out: the caller frees it with free(). */
static rk_status norm_word(const rk_rnode *n, const char *lang, const char *s, size_t len,
                           char **out, rk_error *err)
{
    rk_text *t = NULL;
    rk_error te;
    *out = NULL;
    rk_status st = len ? rk_text_build(s, len, lang, &t, &te) : RK_OK;
    if (st == RK_ERR_NOMEM)
        return rk_error_set(err, st, NULL, 0, 0, "out of memory");
    if (len && (st != RK_OK || t->n_tokens != 1)) {
        rk_text_free(t);
        return rk_rnode_error(n, err, "prefix: '%.*s' is not one word", (int)len, s);
    }
    *out = t ? rk_strndup(t->norm, t->norm_len) : rk_strdup("");
    rk_text_free(t);
    return *out ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* A prefix "و+ال": the part before "+" is left out of the number as
 * written, the part after stays in it ("والعشرات" is written "العشرات"). */
static rk_status add_prefix(rk_numbers_reader *r, const rk_rnode *n, const char *lang,
                            const char *form, size_t len, rk_error *err)
{
    const char *cls = rk_rnode_attr(n, "class");
    uint8_t c = cls && strcmp(cls, "article") == 0 ? NB_PFX_ARTICLE
              : cls && strcmp(cls, "clitic") == 0  ? NB_PFX_CLITIC : 0;
    if (!c)
        return rk_rnode_error(n, err, "prefix: class '%s' is neither clitic nor article",
                              cls ? cls : "");
    const char *plus = memchr(form, '+', len);
    size_t a = plus ? (size_t)(plus - form) : c == NB_PFX_CLITIC ? len : 0;
    const char *rest = plus ? plus + 1 : form + a;
    char *head = NULL, *tail = NULL;
    rk_status st = norm_word(n, lang, form, a, &head, err);
    if (st == RK_OK)
        st = norm_word(n, lang, rest, (size_t)(form + len - rest), &tail, err);
    nb_prefix *v = st == RK_OK ? realloc(r->prefixes, (r->n_prefixes + 1) * sizeof *v) : NULL;
    char *s = v ? malloc(strlen(head) + strlen(tail) + 1) : NULL;
    if (v)
        r->prefixes = v;
    if (st == RK_OK && !s)
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (st == RK_OK && !*head && !*tail)
        st = rk_rnode_error(n, err, "prefix: empty");
    if (st == RK_OK) {
        strcpy(s, head);
        strcat(s, tail);
        r->prefixes[r->n_prefixes++] = (nb_prefix){s, strlen(s), strlen(head), c};
        s = NULL;
    }
    free(s);
    free(head);
    free(tail);
    return st;
}

/* Calls add_form (or add_prefix when e is NULL) for each '|'-separated
 * spelling in the element's text. */
static rk_status each_form(rk_numbers_reader *r, const rk_rnode *n, const char *lang,
                           const nb_entry *e, rk_error *err)
{
    const char *s = n->text;
    if (!*s)
        return rk_rnode_error(n, err, "%s: no words given", n->name);
    for (;;) {
        const char *bar = strchr(s, '|');
        const char *end = bar ? bar : s + strlen(s);
        const char *a = s, *b = end;
        while (a < b && (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n' || b[-1] == '\r'))
            b--;
        if (a == b)
            return rk_rnode_error(n, err, "%s: empty spelling in '%s'", n->name, n->text);
        rk_status st = e ? add_form(r, n, lang, a, (size_t)(b - a), e, err)
                         : add_prefix(r, n, lang, a, (size_t)(b - a), err);
        if (st != RK_OK || !bar)
            return st;
        s = bar + 1;
    }
}

/* ---- settings --------------------------------------------------------- */

static rk_status read_setting(rk_numbers_reader *r, const rk_rnode *n, const char *lang,
                              rk_error *err)
{
    static const char *const names[] = {"approx-tolerance", "dot-three-digits", "year-min",
                                        "year-max", "list-marker-max", "packed-dates", NULL};
    const char *name = rk_rnode_attr(n, "name");
    const char *val = rk_rnode_attr(n, "value");
    double v;
    int i = name ? name_index(name, names) : -1;
    if (i < 0)
        return rk_rnode_error(n, err, "setting: unknown name '%s'", name ? name : "");
    if (lang)
        return rk_rnode_error(n, err, "setting '%s' belongs in a rule file without lang",
                              name);
    if (i == 1 || i == 5) {
        int grp = val && strcmp(val, i == 1 ? "group" : "yes") == 0;
        if (!grp && (!val || strcmp(val, i == 1 ? "decimal" : "no") != 0))
            return rk_rnode_error(n, err, "setting '%s': value '%s' is not %s", name,
                                  val ? val : "", i == 1 ? "group or decimal" : "yes or no");
        *(i == 1 ? &r->set.dot_group : &r->set.packed_dates) = grp;
        return RK_OK;
    }
    rk_status st = attr_num(n, "value", 1, 0, &v, err);
    if (st != RK_OK)
        return st;
    if (v < 0 || (i == 0 && v >= 1))
        return rk_rnode_error(n, err, "setting '%s': value %g is out of range", name, v);
    double *dst[] = {&r->set.approx_tolerance, NULL, &r->set.year_min, &r->set.year_max,
                     &r->set.list_marker_max};
    *dst[i] = v;
    return RK_OK;
}

/* ---- the section ------------------------------------------------------ */

static rk_status read_element(rk_numbers_reader *r, const rk_rnode *n, const char *lang,
                              rk_error *err)
{
    if (strcmp(n->name, "setting") == 0)
        return read_setting(r, n, lang, err);
    if (strcmp(n->name, "prefix") == 0)
        return each_form(r, n, lang, NULL, err);
    for (size_t i = 0; i < sizeof ELEMS / sizeof ELEMS[0]; i++) {
        if (strcmp(n->name, ELEMS[i].name) != 0)
            continue;
        nb_entry e = {0};
        e.role = (uint8_t)ELEMS[i].role;
        e.prefixes = ELEMS[i].prefixes;
        e.value = 1;
        if (attr_yes(n, "no-prefix"))
            e.prefixes = 0;
        rk_status st = read_entry(r, n, &e, err);
        return st == RK_OK ? each_form(r, n, lang, &e, err) : st;
    }
    return rk_rnode_error(n, err, "numbers: unknown element <%s>", n->name);
}

static rk_status read_section(void *ctx, const rk_rnode *sec, const char *lang, rk_error *err)
{
    for (size_t i = 0; i < sec->n_kids; i++) {
        rk_status st = read_element(ctx, sec->kids[i], lang, err);
        if (st != RK_OK)
            return st;
    }
    return RK_OK;
}

/* ---- the reader the build compiled ------------------------------------ */

/* Whether rk_numbers_reader_new() takes the build's reader when it applies;
 * on unless a test turns it off. */
static int known_on = 1;

int nb_set_known_reader(int on)
{
    int was = known_on;
    known_on = on;
    return was;
}

/* The build's reader (reader_known.h) when it is the one rules would give:
 * the <numbers> sections of the build's very rule set (alone, or under
 * layers without one: an event's rules), under the ICU that normalised its
 * forms at build time, compiled the way the build compiled it (no test
 * switch off); else NULL. */
static const rk_numbers_reader *known_reader(const rk_rules *rules)
{
    const rk_nb_known *k = &rk_numbers_known;
    if (!known_on || !plain_forms_direct || !k->reader || !rules ||
        !rk_rules_build_sections(rules, "numbers"))
        return NULL;
    char icu[64];
    return rk_icu_versions(icu, sizeof icu) == 0 && strcmp(icu, k->icu) == 0 ? k->reader : NULL;
}

rk_status rk_numbers_reader_new(const rk_rules *rules, rk_numbers_reader **out, rk_error *err)
{
    *out = NULL;
    const rk_numbers_reader *known = known_reader(rules);
    if (known) { /* read-only data: every use of a reader only reads it */
        *out = (rk_numbers_reader *)known;
        return RK_OK;
    }
    rk_numbers_reader *r = calloc(1, sizeof *r);
    if (!r)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    r->set = (nb_settings){0.1, 1, 1900, 2100, 50, 1};
    rk_status st = rules ? rk_rules_each(rules, "numbers", read_section, r, err) : RK_OK;
    if (st == RK_OK && nb_trie_finish(r) != RK_OK)
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == RK_OK && r->set.year_min > r->set.year_max)
        st = rk_error_set(err, RK_ERR_RULES, NULL, 0, 0,
                          "setting 'year-min' %g is greater than 'year-max' %g",
                          r->set.year_min, r->set.year_max);
    if (st != RK_OK) {
        rk_numbers_reader_free(r);
        return st;
    }
    *out = r;
    return RK_OK;
}

void rk_numbers_reader_free(rk_numbers_reader *r)
{
    if (!r || r == rk_numbers_known.reader) /* the build's is the program's */
        return;
    nb_lexicon_free(r);
    free(r);
}
