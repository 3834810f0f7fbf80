/* render_claimreview.c - schema.org ClaimReview objects (JSON-LD) for the
 * groups a reviewer has settled, so a fact-check can be published from the
 * review. Dates come only from the data (the review's time), never the clock. */
#include "render.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIGURES 20   /* claimReviewed stays a sentence, not a table */

/* "deaths (security_forces, airport): 18 (الوقت, 2022-01-07); 13 (Reuters)" */
static char *claim_reviewed(const rk_report *rep, const rk_group *g)
{
    rk_buf b = RK_BUF_INIT;
    int bad = rk_buf_puts(&b, g->quantity ? g->quantity : "figure") < 0;
    if (g->subject || g->scope)
        bad |= rk_buf_printf(&b, " (%s%s%s)", g->subject ? g->subject : "",
                             g->subject && g->scope ? ", " : "", g->scope ? g->scope : "") < 0;
    bad |= rk_buf_puts(&b, ": ") < 0;
    for (size_t k = 0; k < g->n_members && k < MAX_FIGURES; k++) {
        const rk_claim *c = &rep->set->claims[g->members[k]];
        const rk_document *d = rkr_claim_doc(rep, c);
        const char *date = rkr_claim_date(rep, c);
        bad |= rk_buf_printf(&b, "%s%.*s (%s%s%s)", k ? "; " : "", (int)(c->end - c->start),
                             d->body + c->start, rkr_doc_label(d), date ? ", " : "",
                             date ? date : "") < 0;
    }
    if (g->n_members > MAX_FIGURES)
        bad |= rk_buf_printf(&b, "; and %zu more", g->n_members - MAX_FIGURES) < 0;
    if (bad) {
        rk_buf_free(&b);
        return NULL;
    }
    return rk_buf_detach(&b, NULL);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static cJSON *typed(const char *type)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddStringToObject(o, "@type", type)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* The distinct speakers of the members, sorted, as schema.org authors. */
static cJSON *authors(const rk_report *rep, const rk_group *g)
{
    const char **names = malloc((g->n_members + 1) * sizeof *names);
    cJSON *arr = cJSON_CreateArray();
    size_t n = 0;
    for (size_t k = 0; names && k < g->n_members; k++)
        if (rep->set->claims[g->members[k]].speaker)
            names[n++] = rep->set->claims[g->members[k]].speaker;
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t k = 0; arr && names && k < n; k++) {
        if (k && strcmp(names[k], names[k - 1]) == 0)
            continue;
        cJSON *a = typed("Thing");
        if (!a || !cJSON_AddStringToObject(a, "name", names[k]) || !cJSON_AddItemToArray(arr, a)) {
            cJSON_Delete(a);
            cJSON_Delete(arr);
            arr = NULL;
        }
    }
    if (!names) {
        cJSON_Delete(arr);
        arr = NULL;
    }
    free(names);
    return arr;
}

static cJSON *appearance(const rk_document *d)
{
    cJSON *w = typed("CreativeWork");
    const rk_field *fs[] = {&d->url, &d->title, &d->published};
    const char *keys[] = {"url", "headline", "datePublished"};
    int ok = w != NULL;
    for (size_t i = 0; ok && i < 3; i++)
        if (fs[i]->origin != RK_ORIGIN_NONE && fs[i]->value)
            ok = cJSON_AddStringToObject(w, keys[i], fs[i]->value) != NULL;
    if (ok && d->source.origin != RK_ORIGIN_NONE && d->source.value) {
        cJSON *p = typed("Organization");
        ok = p && cJSON_AddStringToObject(p, "name", d->source.value) &&
             cJSON_AddItemToObject(w, "publisher", p);
        if (!ok)
            cJSON_Delete(p);
    }
    if (ok)
        ok = cJSON_AddStringToObject(w, "identifier", d->id) != NULL;
    if (!ok) {
        cJSON_Delete(w);
        return NULL;
    }
    return w;
}

/* The distinct documents of the members, in document order. */
static cJSON *appearances(const rk_report *rep, const rk_group *g)
{
    size_t *docs = malloc((g->n_members + 1) * sizeof *docs);
    cJSON *arr = docs ? cJSON_CreateArray() : NULL;
    for (size_t k = 0; docs && k < g->n_members; k++)
        docs[k] = rep->set->claims[g->members[k]].document;
    if (docs)
        qsort(docs, g->n_members, sizeof *docs, cmp_size);
    for (size_t k = 0; arr && k < g->n_members; k++) {
        if (k && docs[k] == docs[k - 1])
            continue;
        cJSON *w = appearance(rep->set->docs.docs[docs[k]]);
        if (!w || !cJSON_AddItemToArray(arr, w)) {
            cJSON_Delete(w);
            cJSON_Delete(arr);
            arr = NULL;
        }
    }
    free(docs);
    return arr;
}

static int add(cJSON *o, const char *k, cJSON *v)
{
    if (v && cJSON_AddItemToObject(o, k, v))
        return 1;
    cJSON_Delete(v);
    return 0;
}

static int add_str(cJSON *o, const char *k, const char *v)
{
    return !v || cJSON_AddStringToObject(o, k, v) != NULL;
}

/* alternateName: the verdict the reviewer confirmed, or what they decided
 * instead (dismissed, resolved); ratingExplanation: their note. */
static cJSON *rating(const rk_group *g, const rk_review_entry *r)
{
    cJSON *o = typed("Rating");
    const char *name = r->state == RK_REVIEW_CONFIRMED ? rk_verdict_name(g->verdict)
                                                        : rk_review_state_name(r->state);
    if (o && add_str(o, "alternateName", name) && add_str(o, "ratingExplanation", r->note))
        return o;
    cJSON_Delete(o);
    return NULL;
}

static cJSON *review(const rk_report *rep, const rk_group *g, const rk_review_entry *r)
{
    cJSON *o = typed("ClaimReview");
    char *reviewed = claim_reviewed(rep, g);
    int ok = o && reviewed && add_str(o, "identifier", g->id) &&
             add_str(o, "claimReviewed", reviewed);
    /* Each child joins its parent before it is filled, so one delete of o
     * frees everything whatever fails. */
    cJSON *item = ok ? typed("Claim") : NULL;
    ok = ok && add(o, "itemReviewed", item) && add(item, "author", authors(rep, g)) &&
         add(item, "appearance", appearances(rep, g)) && add(o, "reviewRating", rating(g, r)) &&
         add_str(o, "reviewBody", g->explanation);
    /* The date of the decision, from the review file; never the clock. */
    if (ok && r->updated) {
        char day[11];
        snprintf(day, sizeof day, "%s", r->updated);
        ok = add_str(o, "datePublished", day);
    }
    if (ok && r->reviewer) {
        cJSON *a = typed("Person");
        ok = add(o, "author", a) && add_str(a, "name", r->reviewer);
    }
    free(reviewed);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

rk_status rkr_render_claimreview(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    if (!rep->rec)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0,
                            "claimreview needs reconciled claims (use reckon report)");
    fputs("{\n  \"@context\": \"https://schema.org\",\n  \"@graph\": [", f);
    int first = 1;
    for (size_t i = 0; !st && i < rep->rec->n_groups; i++) {
        const rk_group *g = &rep->rec->groups[i];
        const rk_review_entry *r = rkr_review(rep, g);
        if (!r)
            continue;
        fputs(first ? "\n    " : ",\n    ", f);
        first = 0;
        cJSON *o = review(rep, g, r);
        st = o ? rkr_json_print(o, f, err)
               : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (st)
        return st;
    fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
    return rkr_io_status(f, err);
}
