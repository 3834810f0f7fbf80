/* render_json.c - the JSON report: one object with documents, claims,
 * groups, links and a summary; each item on a line of its own so that
 * golden files diff line by line. Also the item objects json, jsonl and
 * claimreview share. */
#include "render.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Each put_* adds one key; on out of memory it clears *ok and the caller
 * drops the whole object at the end, so the builders stay linear. */
static void put_str(cJSON *o, const char *k, const char *v, int *ok)
{
    if (!(v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)))
        *ok = 0;
}

/* Adds the bytes p[0..n) as a string: spans are printed from the body
 * itself, never from a copy that could drift from it. */
static void put_slice(cJSON *o, const char *k, const char *p, size_t n, int *ok)
{
    char *s = rk_strndup(p, n);
    if (!s) {
        *ok = 0;
        return;
    }
    put_str(o, k, s, ok);
    free(s);
}

static void put_raw(cJSON *o, const char *k, const char *raw, int *ok)
{
    if (!(raw ? cJSON_AddRawToObject(o, k, raw) : cJSON_AddNullToObject(o, k)))
        *ok = 0;
}

static void put_num(cJSON *o, const char *k, double v, int has, int *ok)
{
    char b[40];
    put_raw(o, k, rkr_num(v, has, b, sizeof b), ok);
}

static void put_size(cJSON *o, const char *k, size_t v, int *ok)
{
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    put_raw(o, k, b, ok);
}

static void put_bool(cJSON *o, const char *k, int v, int *ok)
{
    if (!cJSON_AddBoolToObject(o, k, v))
        *ok = 0;
}

static cJSON *span_array(size_t a, size_t b)
{
    cJSON *arr = cJSON_CreateArray();
    char s[32];
    snprintf(s, sizeof s, "%zu", a);
    cJSON *x = cJSON_CreateRaw(s);
    snprintf(s, sizeof s, "%zu", b);
    cJSON *y = cJSON_CreateRaw(s);
    if (!arr || !x || !y || !cJSON_AddItemToArray(arr, x) || !cJSON_AddItemToArray(arr, y)) {
        cJSON_Delete(arr);
        cJSON_Delete(x);
        cJSON_Delete(y);
        return NULL;
    }
    return arr;
}

static void put_item(cJSON *o, const char *k, cJSON *item, int *ok)
{
    if (!item || !cJSON_AddItemToObject(o, k, item)) {
        cJSON_Delete(item);
        *ok = 0;
    }
}

/* A new object, led by {"type": type} when type is not NULL. */
static cJSON *new_object(const char *type)
{
    cJSON *o = cJSON_CreateObject();
    if (o && type && !cJSON_AddStringToObject(o, "type", type)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *finish(cJSON *o, int ok)
{
    if (o && ok)
        return o;
    cJSON_Delete(o);
    return NULL;
}

cJSON *rkr_json_document(const rk_document *d, const char *type)
{
    cJSON *o = new_object(type), *m = cJSON_CreateObject();
    int ok = o && m;
    if (!ok) {
        cJSON_Delete(m);
        return finish(o, 0);
    }
    const char *names[] = {"source", "published", "url", "language", "title", "byline",
                           "dateline"};
    const rk_field *fields[] = {&d->source, &d->published, &d->url, &d->language,
                                &d->title, &d->byline, &d->dateline};
    put_str(o, "id", d->id, &ok);
    put_str(o, "path", d->path, &ok);
    put_str(o, "format", rk_format_name(d->format), &ok);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        /* A value without an origin is no value (document.h). */
        int has = fields[i]->origin != RK_ORIGIN_NONE && fields[i]->value;
        put_str(o, names[i], has ? fields[i]->value : NULL, &ok);
        put_str(m, names[i], has ? rk_origin_name(fields[i]->origin) : NULL, &ok);
    }
    put_item(o, "metadata", m, &ok);
    return finish(o, ok);
}

static cJSON *attribution(const rk_claim *c)
{
    if (!c->speaker && !c->via)
        return cJSON_CreateNull();
    cJSON *a = cJSON_CreateObject();
    int ok = a != NULL;
    if (ok) {
        put_str(a, "speaker", c->speaker, &ok);
        put_str(a, "via", c->via, &ok);
    }
    return finish(a, ok);
}

cJSON *rkr_json_claim(const rk_report *rep, size_t i, const char *type)
{
    const rk_claim *c = &rep->set->claims[i];
    const rk_document *d = rkr_claim_doc(rep, c);
    cJSON *o = new_object(type), *s = cJSON_CreateObject();
    int ok = o && s;
    if (!ok) {
        cJSON_Delete(s);
        return finish(o, 0);
    }
    put_str(o, "id", c->id, &ok);
    put_str(o, "document", d->id, &ok);
    put_item(o, "span", span_array(c->start, c->end), &ok);
    put_slice(o, "text", d->body + c->start, c->end - c->start, &ok);
    put_num(o, "low", c->low, c->has_low, &ok);
    put_num(o, "high", c->high, c->has_high, &ok);
    put_str(o, "exactness", rk_exactness_name(c->exactness), &ok);
    put_str(o, "unit", c->unit, &ok);
    put_str(o, "kind", rk_kind_name(c->kind), &ok);
    put_str(o, "quantity", c->quantity, &ok);
    put_str(o, "subject", c->subject, &ok);
    put_str(o, "scope", c->scope, &ok);
    put_item(o, "attribution", attribution(c), &ok);
    put_bool(o, "hedged", c->hedged, &ok);
    put_str(o, "as_of", c->as_of, &ok);
    put_str(o, "as_of_from", c->as_of_from, &ok);
    put_item(s, "span", span_array(c->sentence_start, c->sentence_end), &ok);
    put_slice(s, "text", d->body + c->sentence_start, c->sentence_end - c->sentence_start, &ok);
    put_item(o, "sentence", s, &ok);
    put_str(o, "rule", c->rule, &ok);
    return finish(o, ok);
}

static cJSON *claim_ids(const rk_report *rep, const size_t *idx, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; arr && k < n; k++) {
        const char *id = rep->set->claims[idx[k]].id;
        cJSON *s = id ? cJSON_CreateString(id) : cJSON_CreateNull();
        if (!s || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

static cJSON *estimate(const rk_group *g)
{
    if (!g->has_estimate)
        return cJSON_CreateNull();
    cJSON *e = cJSON_CreateObject();
    int ok = e != NULL;
    if (ok) {
        put_num(e, "low", g->low, 1, &ok);
        put_num(e, "best", g->best, 1, &ok);
        put_num(e, "high", g->high, !g->high_open, &ok);
        put_bool(e, "high_open", g->high_open, &ok);
        put_str(e, "policy", g->policy, &ok);
    }
    return finish(e, ok);
}

static cJSON *review(const rk_report *rep, const rk_group *g)
{
    const rk_review_entry *r = rkr_review(rep, g);
    if (!r)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    int ok = o != NULL;
    if (ok) {
        put_str(o, "state", rk_review_state_name(r->state), &ok);
        put_str(o, "note", r->note, &ok);
    }
    return finish(o, ok);
}

cJSON *rkr_json_group(const rk_report *rep, size_t gi, const char *type)
{
    const rk_group *g = &rep->rec->groups[gi];
    cJSON *o = new_object(type);
    int ok = o != NULL;
    if (!ok)
        return NULL;
    put_str(o, "id", g->id, &ok);
    put_str(o, "quantity", g->quantity, &ok);
    put_str(o, "subject", g->subject, &ok);
    put_str(o, "scope", g->scope, &ok);
    put_str(o, "parent", g->parent == (size_t)-1 ? NULL : rep->rec->groups[g->parent].id, &ok);
    put_str(o, "verdict", rk_verdict_name(g->verdict), &ok);
    put_str(o, "explanation", g->explanation, &ok);
    put_str(o, "rule", g->verdict_rule, &ok);
    put_item(o, "estimate", estimate(g), &ok);
    put_item(o, "members", claim_ids(rep, g->members, g->n_members), &ok);
    put_item(o, "superseded", claim_ids(rep, g->superseded, g->n_superseded), &ok);
    put_size(o, "independent_speakers", g->n_speakers, &ok);
    put_item(o, "review", review(rep, g), &ok);
    return finish(o, ok);
}

cJSON *rkr_json_link(const rk_report *rep, size_t li, const char *type)
{
    const rk_link *l = &rep->rec->links[li];
    cJSON *o = new_object(type);
    int ok = o != NULL;
    if (!ok)
        return NULL;
    put_str(o, "from", rep->set->claims[l->from].id, &ok);
    put_str(o, "to", rep->set->claims[l->to].id, &ok);
    put_str(o, "kind", rk_link_kind_name(l->kind), &ok);
    put_str(o, "rule", l->rule, &ok);
    return finish(o, ok);
}

cJSON *rkr_json_summary(const rk_report *rep, const char *type)
{
    rkr_summary s;
    rkr_summary_count(rep, &s);
    cJSON *o = new_object(type);
    int ok = o != NULL;
    if (!ok)
        return NULL;
    put_size(o, "documents", s.documents, &ok);
    put_size(o, "claims", s.claims, &ok);
    if (rep->rec) {
        put_size(o, "groups", s.groups, &ok);
        put_size(o, "contradictions", s.contradictions, &ok);
        put_size(o, "unreviewed_contradictions", s.unreviewed, &ok);
    }
    return finish(o, ok);
}

rk_status rkr_json_print(cJSON *o, FILE *f, rk_error *err)
{
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!s)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    fputs(s, f);
    cJSON_free(s);
    return rkr_io_status(f, err);
}

typedef cJSON *(*item_fn)(const rk_report *rep, size_t i, const char *type);

/* Writes `"key": [` then one item per line, then `]`. */
static rk_status write_array(const rk_report *rep, const char *key, size_t n, item_fn fn,
                             FILE *f, rk_error *err)
{
    fprintf(f, "  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        rk_status st = rkr_json_print(fn(rep, i, NULL), f, err);
        if (st)
            return st;
    }
    fputs(n ? "\n  ],\n" : "],\n", f);
    return rkr_io_status(f, err);
}

static cJSON *doc_item(const rk_report *rep, size_t i, const char *type)
{
    return rkr_json_document(rep->set->docs.docs[i], type);
}

rk_status rkr_render_json(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    fputs("{\n", f);
    if (rep->title) {
        fputs("  \"title\": ", f);
        if ((st = rkr_json_print(cJSON_CreateString(rep->title), f, err)))
            return st;
        fputs(",\n", f);
    }
    if ((st = write_array(rep, "documents", rep->set->docs.n, doc_item, f, err)) ||
        (st = write_array(rep, "claims", rep->set->n, rkr_json_claim, f, err)))
        return st;
    if (rep->rec &&
        ((st = write_array(rep, "groups", rep->rec->n_groups, rkr_json_group, f, err)) ||
         (st = write_array(rep, "links", rep->rec->n_links, rkr_json_link, f, err))))
        return st;
    fputs("  \"summary\": ", f);
    if ((st = rkr_json_print(rkr_json_summary(rep, NULL), f, err)))
        return st;
    fputs("\n}\n", f);
    return rkr_io_status(f, err);
}
