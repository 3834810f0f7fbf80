/* policy.c - reads the <reconcile> sections of a rule set into policies:
 * per-quantity rules, official-speaker cues, subject and scope hierarchies. */
#include "policy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucasemap.h>

#include "../core/buf.h"
#include "../core/utf8.h"

/* Hierarchies deeper than this are treated as cycles. */
#define WITHIN_DEPTH_MAX 64

const char rk_unknown_together[] = "together", rk_unknown_apart[] = "apart";

/* Without rules nothing says what a claim without a subject is about, so the
 * built-in default keeps the simplest reading: one group per quantity. */
static const rk_qpolicy builtin_default = {"*", RK_SERIES_FACT, 0.1, "most_attributed", 0,
                                           rk_unknown_together};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(*v, c * size);
    if (!p)
        return -1;
    *v = p;
    *cap = c;
    return 0;
}

char *rk_policy_normalise(const rk_policy *p, const char *s)
{
    rk_buf b = RK_BUF_INIT;
    size_t n = strlen(s), i = 0;
    int space = 0;
    while (i < n) {
        uint32_t cp = rk_utf8_next(s, n, &i);
        /* Diacritics and tatweel are spelling, not identity. */
        if ((cp >= 0x064B && cp <= 0x0652) || cp == 0x0640 || cp == 0x0670)
            continue;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
            space = b.len > 0;
            continue;
        }
        char u[4];
        size_t k = rk_utf8_put(cp, u);
        if ((space && rk_buf_putc(&b, ' ') < 0) || rk_buf_append(&b, u, k) < 0)
            goto fail;
        space = 0;
    }
    if (rk_buf_reserve(&b, 0) < 0)
        goto fail;
    /* Folding can grow a string (ß -> ss); three times is ample. */
    size_t cap = b.len * 3 + 1;
    char *out = malloc(cap);
    if (!out)
        goto fail;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t len = ucasemap_utf8FoldCase((UCaseMap *)p->fold, out, (int32_t)cap, b.data,
                                        (int32_t)b.len, &ec);
    if (U_FAILURE(ec) || len < 0 || (size_t)len >= cap) {
        /* Unfoldable input still compares by its bytes. */
        memcpy(out, b.data, b.len + 1);
    } else {
        out[len] = '\0';
    }
    rk_buf_free(&b);
    return out;
fail:
    rk_buf_free(&b);
    return NULL;
}

static int cmp_qpolicy(const void *a, const void *b)
{
    return strcmp(((const rk_qpolicy *)a)->name, ((const rk_qpolicy *)b)->name);
}

static int cmp_within(const void *a, const void *b)
{
    return strcmp(((const rk_within *)a)->narrow, ((const rk_within *)b)->narrow);
}

/* Parses the attributes of n over q: attributes not given keep q's values,
 * so a later file can change one attribute of an earlier policy. */
static rk_status parse_quantity(const rk_rnode *n, rk_qpolicy *q, rk_error *err)
{
    const char *cum = rk_rnode_attr(n, "cumulative");
    const char *series = rk_rnode_attr(n, "series");
    const char *tol = rk_rnode_attr(n, "tolerance");
    const char *best = rk_rnode_attr(n, "best");
    const char *unknown = rk_rnode_attr(n, "unknown-subject");
    const char *hedged = rk_rnode_attr(n, "hedged");
    if (hedged) {
        if (strcmp(hedged, "apart") != 0 && strcmp(hedged, "together") != 0)
            return rk_rnode_error(n, err, "hedged must be apart or together, not '%s'", hedged);
        q->hedged_apart = strcmp(hedged, "apart") == 0;
    }
    if (cum) {
        if (strcmp(cum, "yes") != 0 && strcmp(cum, "no") != 0)
            return rk_rnode_error(n, err, "cumulative must be yes or no, not '%s'", cum);
        q->cumulative = strcmp(cum, "yes") == 0 ? RK_SERIES_CUMULATIVE : RK_SERIES_FACT;
    }
    if (series) {
        if (strcmp(series, "cumulative") == 0)
            q->cumulative = RK_SERIES_CUMULATIVE;
        else if (strcmp(series, "stock") == 0)
            q->cumulative = RK_SERIES_STOCK;
        else if (strcmp(series, "fact") == 0)
            q->cumulative = RK_SERIES_FACT;
        else
            return rk_rnode_error(n, err, "series must be cumulative, stock or fact, not '%s'",
                                  series);
    }
    if (tol) {
        char *end;
        errno = 0;
        double t = strtod(tol, &end);
        if (errno || end == tol || *end || !(t >= 0 && t <= 1))
            return rk_rnode_error(n, err, "tolerance must be a number from 0 to 1, not '%s'", tol);
        q->tolerance = t;
    }
    if (best) {
        static const char *const names[] = {"latest", "authoritative", "most_attributed",
                                            "official"};
        size_t i = 0;
        while (i < 4 && strcmp(best, names[i]) != 0)
            i++;
        if (i == 4)
            return rk_rnode_error(n, err, "unknown best policy '%s'", best);
        /* "official" is the older name of the same policy */
        q->best = names[i == 3 ? 1 : i];
    }
    if (unknown) {
        if (!*unknown)
            return rk_rnode_error(n, err, "unknown-subject must not be empty");
        q->unknown_subject = strcmp(unknown, "together") == 0 ? rk_unknown_together
                             : strcmp(unknown, "apart") == 0  ? rk_unknown_apart
                                                              : unknown;
    }
    return RK_OK;
}

static rk_status read_quantity(rk_policy *p, const rk_rnode *n, rk_error *err)
{
    const char *name = rk_rnode_attr(n, "name");
    if (!name || !*name)
        return rk_rnode_error(n, err, "<quantity> needs a name");
    if (strcmp(name, "*") == 0)
        return parse_quantity(n, &p->dflt, err);
    for (size_t i = 0; i < p->nq; i++)
        if (strcmp(p->q[i].name, name) == 0)
            return parse_quantity(n, &p->q[i], err);
    if (grow((void **)&p->q, &p->capq, p->nq, sizeof *p->q) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, n->file, n->line, 0, "out of memory");
    /* Unset attributes (-1, NULL) are taken from "*" once every file is read. */
    p->q[p->nq] = (rk_qpolicy){name, -1, -1, NULL, -1, NULL};
    rk_status st = parse_quantity(n, &p->q[p->nq], err);
    p->nq++;
    return st;
}

static rk_status read_official(rk_policy *p, const rk_rnode *n, rk_error *err)
{
    if (!n->text || !*n->text)
        return rk_rnode_error(n, err, "<official> needs a cue");
    char *cue = rk_policy_normalise(p, n->text);
    if (!cue || grow((void **)&p->cues, &p->capcues, p->ncues, sizeof *p->cues) < 0) {
        free(cue);
        return rk_error_set(err, RK_ERR_NOMEM, n->file, n->line, 0, "out of memory");
    }
    p->cues[p->ncues++] = cue;
    return RK_OK;
}

static rk_status read_within(rk_within **v, size_t *n, size_t *cap, const rk_rnode *node,
                             rk_error *err)
{
    const char *narrow = rk_rnode_attr(node, "narrow"), *wide = rk_rnode_attr(node, "wide");
    if (!narrow || !wide || !*narrow || !*wide)
        return rk_rnode_error(node, err, "<%s> needs narrow and wide", node->name);
    if (strcmp(narrow, wide) == 0)
        return rk_rnode_error(node, err, "'%s' cannot be within itself", narrow);
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].narrow, narrow) == 0) {
            if (strcmp((*v)[i].wide, wide) == 0)
                return RK_OK;
            return rk_rnode_error(node, err, "'%s' is already within '%s'", narrow, (*v)[i].wide);
        }
    if (grow((void **)v, cap, *n, sizeof **v) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, node->file, node->line, 0, "out of memory");
    (*v)[(*n)++] = (rk_within){narrow, wide};
    return RK_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static rk_status read_outside(rk_policy *p, const rk_rnode *n, rk_error *err)
{
    const char *id = rk_rnode_attr(n, "id");
    if (!id || !*id)
        return rk_rnode_error(n, err, "<scope-outside> needs an id");
    for (size_t i = 0; i < p->noutside; i++)
        if (strcmp(p->outside[i], id) == 0)
            return RK_OK;
    if (grow((void **)&p->outside, &p->capoutside, p->noutside, sizeof *p->outside) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, n->file, n->line, 0, "out of memory");
    p->outside[p->noutside++] = id;
    return RK_OK;
}

/* <authority order="health_authority ministry ...">: the kinds of
 * originator, most authoritative first. A later element replaces it. */
static rk_status read_authority(rk_policy *p, const rk_rnode *n, rk_error *err)
{
    const char *order = rk_rnode_attr(n, "order");
    if (!order || !*order)
        return rk_rnode_error(n, err, "<authority> needs an order");
    free(p->authority_text);
    free(p->alias);
    if (!(p->authority_text = strdup(order)))
        return rk_error_set(err, RK_ERR_NOMEM, n->file, n->line, 0, "out of memory");
    p->nauthority = 0;
    for (char *s = p->authority_text, *save = NULL, *tok;
         (tok = strtok_r(s, " \t\n", &save)); s = NULL) {
        if (p->nauthority == sizeof p->authority / sizeof p->authority[0])
            return rk_rnode_error(n, err, "too many kinds in <authority>");
        p->authority[p->nauthority++] = tok;
    }
    return RK_OK;
}

int rk_policy_authority(const rk_policy *p, const char *kind)
{
    for (size_t i = 0; kind && i < p->nauthority; i++)
        if (strcmp(p->authority[i], kind) == 0)
            return (int)i;
    return (int)p->nauthority;
}

static rk_status read_section(void *ctx, const rk_rnode *sec, const char *lang, rk_error *err)
{
    (void)lang;
    rk_policy *p = ctx;
    for (size_t i = 0; i < sec->n_kids; i++) {
        const rk_rnode *n = sec->kids[i];
        rk_status st = RK_OK;
        if (strcmp(n->name, "quantity") == 0)
            st = read_quantity(p, n, err);
        else if (strcmp(n->name, "official") == 0)
            st = read_official(p, n, err);
        else if (strcmp(n->name, "subject-within") == 0)
            st = read_within(&p->subj, &p->nsubj, &p->capsubj, n, err);
        else if (strcmp(n->name, "scope-within") == 0)
            st = read_within(&p->scope, &p->nscope, &p->capscope, n, err);
        else if (strcmp(n->name, "scope-outside") == 0)
            st = read_outside(p, n, err);
        else if (strcmp(n->name, "authority") == 0)
            st = read_authority(p, n, err);
        else if (strcmp(n->name, "subject-as") == 0) {
            const char *name = rk_rnode_attr(n, "name"), *as = rk_rnode_attr(n, "as");
            if (!name || !as || !*name || !*as || strcmp(name, as) == 0)
                st = rk_rnode_error(n, err, "<subject-as> needs a name and another subject as");
            else if (grow((void **)&p->alias, &p->capalias, p->nalias, sizeof *p->alias) < 0)
                st = rk_error_set(err, RK_ERR_NOMEM, n->file, n->line, 0, "out of memory");
            else
                p->alias[p->nalias++] = (rk_within){name, as};
        }
        else
            st = rk_rnode_error(n, err, "unknown element <%s> in <reconcile>", n->name);
        if (st != RK_OK)
            return st;
    }
    return RK_OK;
}

static const char *wider(const rk_within *v, size_t n, const char *s)
{
    if (!s || !n)
        return NULL;
    rk_within key = {s, NULL};
    const rk_within *w = bsearch(&key, v, n, sizeof *v, cmp_within);
    if (w)
        return w->wide;
    /* "nationals_*": every class the prefix names (generated ones) */
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(v[i].narrow);
        if (k && v[i].narrow[k - 1] == '*' && strncmp(s, v[i].narrow, k - 1) == 0 &&
            strcmp(s, v[i].wide) != 0)
            return v[i].wide;
    }
    return NULL;
}

/* A cycle would make parent lookups loop; refuse it where the data is:
 * the file and line of an element of the cycle. */
static rk_status check_cycles(const rk_within *v, size_t n, const rk_rules *rules,
                              const char *element, rk_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = v[i].narrow;
        for (int d = 0; s; d++) {
            const rk_rnode *at = d >= WITHIN_DEPTH_MAX
                                     ? rk_rules_find(rules, "reconcile", element, "narrow",
                                                     v[i].narrow) : NULL;
            if (at)
                return rk_rnode_error(at, err, "hierarchy through '%s' has a cycle",
                                      v[i].narrow);
            if (d >= WITHIN_DEPTH_MAX)
                return rk_error_set(err, RK_ERR_RULES, rules ? rules->dir : "", 0, 0,
                                    "hierarchy through '%s' has a cycle", v[i].narrow);
            s = wider(v, n, s);
        }
    }
    return RK_OK;
}

rk_status rk_policy_load(const rk_rules *rules, rk_policy **out, rk_error *err)
{
    *out = NULL;
    rk_policy *p = calloc(1, sizeof *p);
    if (!p)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    p->dflt = builtin_default;
    UErrorCode ec = U_ZERO_ERROR;
    p->fold = ucasemap_open("", U_FOLD_CASE_DEFAULT, &ec);
    rk_status st = RK_OK;
    if (U_FAILURE(ec) || !p->fold) {
        st = rk_error_set(err, ec == U_MEMORY_ALLOCATION_ERROR ? RK_ERR_NOMEM : RK_ERR_INTERNAL,
                          NULL, 0, 0, "cannot open case folder: %s", u_errorName(ec));
        goto done;
    }
    if (rules && (st = rk_rules_each(rules, "reconcile", read_section, p, err)) != RK_OK)
        goto done;
    for (size_t i = 0; i < p->nq; i++) {
        if (p->q[i].cumulative < 0)
            p->q[i].cumulative = p->dflt.cumulative;
        if (p->q[i].tolerance < 0)
            p->q[i].tolerance = p->dflt.tolerance;
        if (p->q[i].hedged_apart < 0)
            p->q[i].hedged_apart = p->dflt.hedged_apart;
        if (!p->q[i].best)
            p->q[i].best = p->dflt.best;
        if (!p->q[i].unknown_subject)
            p->q[i].unknown_subject = p->dflt.unknown_subject;
    }
    if (p->nq)
        qsort(p->q, p->nq, sizeof *p->q, cmp_qpolicy);
    if (p->nsubj)
        qsort(p->subj, p->nsubj, sizeof *p->subj, cmp_within);
    if (p->nscope)
        qsort(p->scope, p->nscope, sizeof *p->scope, cmp_within);
    if (p->noutside)
        qsort(p->outside, p->noutside, sizeof *p->outside, cmp_str);
    if ((st = check_cycles(p->subj, p->nsubj, rules, "subject-within", err)) != RK_OK ||
        (st = check_cycles(p->scope, p->nscope, rules, "scope-within", err)) != RK_OK)
        goto done;
done:
    if (st != RK_OK) {
        rk_policy_free(p);
        return st;
    }
    *out = p;
    return RK_OK;
}

void rk_policy_free(rk_policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ncues; i++)
        free(p->cues[i]);
    free(p->cues);
    free(p->q);
    free(p->subj);
    free(p->scope);
    free(p->outside);
    free(p->authority_text);
    free(p->alias);
    if (p->fold)
        ucasemap_close((UCaseMap *)p->fold);
    free(p);
}

const rk_qpolicy *rk_policy_quantity(const rk_policy *p, const char *q)
{
    if (q && p->nq) {
        rk_qpolicy key = {q, 0, 0, NULL, 0, NULL};
        const rk_qpolicy *r = bsearch(&key, p->q, p->nq, sizeof *p->q, cmp_qpolicy);
        if (r)
            return r;
    }
    return &p->dflt;
}

const char *rk_policy_group_subject(const rk_policy *p, const char *s)
{
    for (size_t i = 0; s && i < p->nalias; i++)
        if (strcmp(p->alias[i].narrow, s) == 0)
            return p->alias[i].wide;
    return s;
}

const char *rk_policy_wider_subject(const rk_policy *p, const char *s)
{
    return wider(p->subj, p->nsubj, s);
}

const char *rk_policy_wider_scope(const rk_policy *p, const char *s)
{
    return wider(p->scope, p->nscope, s);
}

int rk_policy_scope_outside(const rk_policy *p, const char *s)
{
    return s && p->noutside &&
           bsearch(&s, p->outside, p->noutside, sizeof *p->outside, cmp_str) != NULL;
}

int rk_policy_is_official(const rk_policy *p, const char *norm_speaker)
{
    if (!norm_speaker)
        return 0;
    for (size_t i = 0; i < p->ncues; i++)
        if (strstr(norm_speaker, p->cues[i]))
            return 1;
    return 0;
}
