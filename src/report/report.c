/* report.c - the renderer table, number formatting, and the model checks and
 * counts every renderer shares. */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const rk_renderer r_json = {
    "json", rkr_render_json, "documents, claims, groups, links and a summary as one JSON object"};
static const rk_renderer r_jsonl = {
    "jsonl", rkr_render_jsonl, "one JSON object per line: each document followed by its claims"};
static const rk_renderer r_xml = {
    "xml", rkr_render_xml, "the JSON report's content as XML (schemas/report.rng)"};
static const rk_renderer r_csv = {
    "csv", rkr_render_csv, "claims, one row per claim (RFC 4180, UTF-8, header row)"};
static const rk_renderer r_csv_groups = {
    "csv-groups", rkr_render_csv_groups, "groups, one row per group (RFC 4180, UTF-8, header row)"};

static const rk_renderer r_html = {
    "html", rkr_render_html, "one self-contained page for a reader: contradictions first, a card per group"};

static const rk_renderer r_claimreview = {
    "claimreview", rkr_render_claimreview,
    "schema.org ClaimReview JSON-LD for the groups a reviewer has settled"};

static const rk_renderer r_text = {
    "text", rkr_render_text,
    "a terminal summary: contradictions first, each group with verdict, estimate and figures"};

static const rk_renderer *const table[] = {
    &r_json, &r_jsonl, &r_xml, &r_html, &r_csv, &r_csv_groups, &r_claimreview, &r_text, NULL,
};

const rk_renderer *rk_renderer_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; table[i]; i++)
        if (strcmp(table[i]->name, name) == 0)
            return table[i];
    return NULL;
}

const rk_renderer *const *rk_renderers(void)
{
    return table;
}

void rk_format_number(double v, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, n, "null");
        return;
    }
    /* -0 prints as 0: the sign of zero means nothing to a reader. */
    if (v == 0) {
        snprintf(buf, n, "0");
        return;
    }
    /* Integers are written in full up to 2^53, where doubles stop being
     * exact, so counts never turn into exponent notation. */
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

const char *rkr_num(double v, int has, char *buf, size_t n)
{
    if (!has || !isfinite(v))
        return NULL;
    rk_format_number(v, buf, n);
    return buf;
}

const rk_document *rkr_claim_doc(const rk_report *rep, const rk_claim *c)
{
    return rep->set->docs.docs[c->document];
}

size_t rkr_first_claim(const rk_claimset *set, size_t doc)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->claims[mid].document < doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < set->n && set->claims[lo].document == doc ? lo : set->n;
}

static int cmp_review(const void *key, const void *item)
{
    return strcmp(key, ((const rk_review_entry *)item)->group);
}

/* A binary search over the sorted entries (review.h) rather than a call per
 * group into the review module: the report borrows a plain rk_reviews. */
const rk_review_entry *rkr_review(const rk_report *rep, const rk_group *g)
{
    if (!rep->reviews || !rep->reviews->n || !g->id)
        return NULL;
    const rk_review_entry *e =
        bsearch(g->id, rep->reviews->items, rep->reviews->n, sizeof *e, cmp_review);
    return e && e->state != RK_REVIEW_NONE ? e : NULL;
}

int rkr_review_stale(const rk_report *rep, const rk_group *g, const rk_review_entry *e)
{
    if (!e || !e->figures)
        return 0;
    char *now = rk_group_figures(rep->set, g);
    /* out of memory: the review counts as stale, the safe side for a gate */
    int stale = !now || rk_review_stale(e, now);
    free(now);
    return stale;
}

static int cmp_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

int rkr_superseded(const rk_group *g, size_t claim)
{
    return g->n_superseded &&
           bsearch(&claim, g->superseded, g->n_superseded, sizeof claim, cmp_index) != NULL;
}

unsigned char *rkr_ungrouped(const rk_report *rep, size_t *count)
{
    size_t n = rep->set->n;
    unsigned char *m = calloc(n + 1, 1);
    *count = 0;
    if (!m)
        return NULL;
    for (size_t g = 0; g < rep->rec->n_groups; g++)
        for (size_t k = 0; k < rep->rec->groups[g].n_members; k++)
            m[rep->rec->groups[g].members[k]] = 1;
    for (size_t i = 0; i < n; i++) {
        m[i] = !m[i] && rep->set->claims[i].quantity;
        *count += m[i];
    }
    return m;
}

void rkr_summary_count(const rk_report *rep, rkr_summary *s)
{
    memset(s, 0, sizeof *s);
    s->documents = rep->set->docs.n;
    s->claims = rep->set->n;
    if (!rep->rec)
        return;
    s->groups = rep->rec->n_groups;
    for (size_t i = 0; i < rep->rec->n_groups; i++) {
        const rk_group *g = &rep->rec->groups[i];
        if (g->verdict != RK_VERDICT_CONTRADICTION)
            continue;
        s->contradictions++;
        const rk_review_entry *r = rkr_review(rep, g);
        /* a review of other figures than today's decides nothing */
        if (!r || rkr_review_stale(rep, g, r))
            s->unreviewed++;
    }
}

size_t rk_report_open_contradictions(const rk_report *rep)
{
    rkr_summary s;
    if (!rep || !rep->set)
        return 0;
    rkr_summary_count(rep, &s);
    return s.unreviewed;
}

rk_status rkr_check_claim(const rk_report *rep, size_t i, rk_error *err)
{
    const rk_claimset *set = rep->set;
    const rk_claim *c = &set->claims[i];
    if (c->document >= set->docs.n || !set->docs.docs[c->document])
        return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                            "claim %zu (%s) points at no document", i, c->id ? c->id : "?");
    const rk_document *d = set->docs.docs[c->document];
    if (c->start > c->end || c->end > d->body_len || c->sentence_start > c->sentence_end ||
        c->sentence_end > d->body_len)
        return rk_error_set(err, RK_ERR_INTERNAL, d->path, 0, 0,
                            "claim %s: span %zu-%zu or sentence %zu-%zu outside the body (%zu bytes)",
                            c->id ? c->id : "?", c->start, c->end, c->sentence_start,
                            c->sentence_end, d->body_len);
    return RK_OK;
}

static rk_status check_group(const rk_report *rep, size_t gi, rk_error *err)
{
    const rk_group *g = &rep->rec->groups[gi];
    for (size_t k = 0; k < g->n_members; k++)
        if (g->members[k] >= rep->set->n)
            return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                                "group %s: member %zu is not a claim", g->id, g->members[k]);
    for (size_t k = 0; k < g->n_superseded; k++)
        if (g->superseded[k] >= rep->set->n)
            return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                                "group %s: superseded %zu is not a claim", g->id, g->superseded[k]);
    if (g->parent != (size_t)-1 && g->parent >= rep->rec->n_groups)
        return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                            "group %s: parent %zu is not a group", g->id, g->parent);
    return RK_OK;
}

rk_status rkr_check(const rk_report *rep, rk_error *err)
{
    if (!rep || !rep->set)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "report without a claim set");
    for (size_t i = 0; i < rep->set->docs.n; i++)
        if (!rep->set->docs.docs[i])
            return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "document %zu is missing", i);
    for (size_t i = 0; i < rep->set->n; i++) {
        rk_status st = rkr_check_claim(rep, i, err);
        if (st)
            return st;
    }
    if (!rep->rec)
        return RK_OK;
    for (size_t gi = 0; gi < rep->rec->n_groups; gi++) {
        rk_status st = check_group(rep, gi, err);
        if (st)
            return st;
    }
    for (size_t li = 0; li < rep->rec->n_links; li++) {
        const rk_link *l = &rep->rec->links[li];
        if (l->from >= rep->set->n || l->to >= rep->set->n)
            return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                                "link %zu joins claims that do not exist", li);
    }
    return RK_OK;
}

rk_status rkr_io_status(FILE *f, rk_error *err)
{
    if (ferror(f))
        return rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "cannot write the report");
    return RK_OK;
}
