/* model.c - builds the synthetic report model the renderer tests share. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = s ? strdup(s) : NULL;
    if (s && !p)
        abort();
    return p;
}

static void set_field(rk_field *f, const char *v, rk_origin o)
{
    f->value = xstrdup(v);
    f->origin = v ? o : RK_ORIGIN_NONE;
}

static rk_document *doc(const char *id, const char *path, rk_format fmt, const char *body)
{
    rk_document *d = xcalloc(1, sizeof *d);
    d->id = xstrdup(id);
    d->path = xstrdup(path);
    d->format = fmt;
    d->body = xstrdup(body);
    d->body_len = strlen(body);
    d->body_file_offset = fmt == RK_FORMAT_TEXT ? 0 : -1;
    return d;
}

/* The byte offset of needle in the body: spans are computed, never typed in. */
static size_t at(const rk_document *d, const char *needle)
{
    const char *p = strstr(d->body, needle);
    if (!p)
        abort();
    return (size_t)(p - d->body);
}

/* Adds a claim over `number` inside `sentence`, both found in the body. */
static rk_claim *claim(test_model *m, size_t di, const char *sentence, const char *number)
{
    const rk_document *d = m->set.docs.docs[di];
    rk_claim *c = &m->set.claims[m->set.n++];
    memset(c, 0, sizeof *c);
    c->document = di;
    c->sentence_start = at(d, sentence);
    c->sentence_end = c->sentence_start + strlen(sentence);
    const char *p = strstr(d->body + c->sentence_start, number);
    if (!p)
        abort();
    c->start = (size_t)(p - d->body);
    c->end = c->start + strlen(number);
    c->text = xstrdup(number);
    char id[256];
    snprintf(id, sizeof id, "%s:%zu-%zu", d->id, c->start, c->end);
    c->id = xstrdup(id);
    c->exactness = RK_EXACTNESS_EXACT;
    c->kind = RK_KIND_COUNT;
    c->unit = "person";
    return c;
}

static void exact(rk_claim *c, double v)
{
    c->low = c->high = v;
    c->has_low = c->has_high = 1;
}

static const char AR_BODY[] =
    "الوقت - قالت وزارة الداخلية إن 18 عنصراً من قوات الأمن قتلوا حتى الجمعة.\n"
    "وأصيب أكثر من 1000 شخص في ألماتي.\n";
static const char EN_BODY[] =
    "Officials said 13 members of the security forces, \"at least\", were killed "
    "<script>alert(1)</script> by Thursday.\n"
    "About 8,000 people were detained; 2.5% of them, police said.\n";

static void build_docs(test_model *m)
{
    rk_document *ar = doc("000_ar", "fixtures/000_ar.txt", RK_FORMAT_TEXT, AR_BODY);
    set_field(&ar->source, "الوقت", RK_ORIGIN_INFERRED);
    set_field(&ar->published, "2022-01-07", RK_ORIGIN_GIVEN);
    set_field(&ar->language, "ar", RK_ORIGIN_INFERRED);
    set_field(&ar->title, "ضحايا <أحداث> كازاخستان", RK_ORIGIN_GIVEN);
    rk_document *en = doc("wire#2", "in/wire.jsonl", RK_FORMAT_JSONL, EN_BODY);
    en->record = 2;
    set_field(&en->source, "Reuters, \"world\"", RK_ORIGIN_GIVEN);
    set_field(&en->published, "2022-01-06", RK_ORIGIN_GIVEN);
    set_field(&en->url, "https://example.org/a?x=1&y=\"<2>\"", RK_ORIGIN_GIVEN);
    set_field(&en->language, "en", RK_ORIGIN_GIVEN);
    rk_document *empty = doc("empty", "empty.txt", RK_FORMAT_TEXT, "");
    /* The list is filled by hand so the model does not depend on the
     * ingest stage's code. */
    m->set.docs.docs = xcalloc(3, sizeof *m->set.docs.docs);
    m->set.docs.docs[0] = ar;
    m->set.docs.docs[1] = en;
    m->set.docs.docs[2] = empty;
    m->set.docs.n = m->set.docs.cap = 3;
}

static void build_claims(test_model *m)
{
    m->set.claims = xcalloc(5, sizeof *m->set.claims);
    m->set.cap = 5;
    rk_claim *c = claim(m, 0, "قالت وزارة الداخلية إن 18 عنصراً من قوات الأمن قتلوا حتى الجمعة.", "18");
    exact(c, 18);
    c->quantity = "deaths";
    c->subject = "security_forces";
    c->rule = "ar.deaths";
    c->speaker = xstrdup("وزارة الداخلية");
    c->as_of = xstrdup("2022-01-07");
    c->sentence = 0;
    c = claim(m, 0, "وأصيب أكثر من 1000 شخص في ألماتي.", "1000");
    c->low = 1000;
    c->has_low = 1;
    c->exactness = RK_EXACTNESS_MORE_THAN;
    c->quantity = "injured";
    c->scope = "almaty";
    c->sentence = 1;
    c = claim(m, 1, "Officials said 13 members of the security forces, \"at least\", were killed "
                    "<script>alert(1)</script> by Thursday.", "13");
    exact(c, 13);
    c->quantity = "deaths";
    c->subject = "security_forces";
    c->rule = "en.deaths";
    c->speaker = xstrdup("Officials, \"senior\"");
    c->via = xstrdup("Reuters");
    c->hedged = 1;
    c->as_of = xstrdup("2022-01-06");
    c->as_of_from = xstrdup("2022-01-05");
    c = claim(m, 1, "About 8,000 people were detained; 2.5% of them, police said.", "8,000");
    c->low = 7600;
    c->high = 8400;
    c->has_low = c->has_high = 1;
    c->exactness = RK_EXACTNESS_APPROX;
    c->quantity = "detained";
    c->sentence = 1;
    c = claim(m, 1, "About 8,000 people were detained; 2.5% of them, police said.", "2.5%");
    exact(c, 2.5);
    c->kind = RK_KIND_PERCENT;
    c->unit = "percent";
    c->speaker = xstrdup("police");
    c->sentence = 1;
}

static size_t *ids(size_t n, const size_t *v)
{
    size_t *p = xcalloc(n, sizeof *p);
    memcpy(p, v, n * sizeof *p);
    return p;
}

static rk_group *group(test_model *m, const char *id, rk_verdict v, size_t n, const size_t *mem)
{
    rk_group *g = &m->rec.groups[m->rec.n_groups++];
    memset(g, 0, sizeof *g);
    g->id = xstrdup(id);
    g->members = ids(n, mem);
    g->n_members = n;
    g->parent = (size_t)-1;
    g->verdict = v;
    g->n_speakers = n;
    const rk_claim *c = &m->set.claims[mem[0]];
    g->quantity = c->quantity;
    g->subject = c->subject;
    g->scope = c->scope;
    return g;
}

static void estimate(rk_group *g, double low, double best, double high, const char *policy)
{
    g->low = low;
    g->best = best;
    g->high = high;
    g->has_estimate = 1;
    g->policy = policy;
}

/* One group per verdict; the contradiction is reviewed, a second one is not. */
static void build_groups(test_model *m)
{
    m->rec.groups = xcalloc(6, sizeof *m->rec.groups);
    rk_group *g = group(m, "deaths.security_forces", RK_VERDICT_CONTRADICTION, 2,
                        (size_t[]){0, 2});
    g->verdict_rule = "disjoint_same_date";
    g->explanation = xstrdup("الوقت says 18 (2022-01-07); Reuters says 13 <b>\"officials\"</b>.");
    estimate(g, 13, 18, 18, "latest");
    g->superseded = ids(1, (size_t[]){2});
    g->n_superseded = 1;
    g = group(m, "injured@almaty", RK_VERDICT_SINGLE, 1, (size_t[]){1});
    estimate(g, 1000, 1000, 1000, "latest");
    g->high_open = 1;
    g->n_speakers = 0;
    g = group(m, "detained", RK_VERDICT_AGREE, 1, (size_t[]){3});
    g = group(m, "deaths.security_forces@airport", RK_VERDICT_COMPATIBLE, 1, (size_t[]){2});
    g->parent = 0;
    g->scope = "airport";
    estimate(g, 12.5, 13, 13.25, "official");
    g = group(m, "deaths.rising", RK_VERDICT_RISING, 2, (size_t[]){2, 0});
    g->verdict_rule = "cumulative_later_higher";
    g = group(m, "percent.police", RK_VERDICT_CONTRADICTION, 1, (size_t[]){4});
    g->explanation = xstrdup("Line one,\nline two.");
    m->rec.links = xcalloc(3, sizeof *m->rec.links);
    m->rec.links[0] = (rk_link){2, 0, RK_LINK_CONTRADICTS, "disjoint_same_date"};
    m->rec.links[1] = (rk_link){0, 2, RK_LINK_RISES_FROM, NULL};
    m->rec.links[2] = (rk_link){2, 0, RK_LINK_NARROWER_THAN, "scope_subset"};
    m->rec.n_links = 3;
}

static void build_reviews(test_model *m)
{
    /* Sorted by group id, as review.h promises. */
    m->reviews.items = xcalloc(2, sizeof *m->reviews.items);
    m->reviews.items[0] = (rk_review_entry){xstrdup("deaths.security_forces"),
                                            RK_REVIEW_CONFIRMED,
                                            xstrdup("Both figures are real, \"18\" is later."),
                                            xstrdup("rev"), xstrdup("2022-01-10T12:00:00Z"), NULL};
    m->reviews.items[1] = (rk_review_entry){xstrdup("zzz.unknown"), RK_REVIEW_DISMISSED, NULL,
                                            NULL, NULL, NULL};
    m->reviews.n = m->reviews.cap = 2;
}

test_model *test_model_new(int with_rec)
{
    test_model *m = xcalloc(1, sizeof *m);
    build_docs(m);
    build_claims(m);
    build_groups(m);
    build_reviews(m);
    m->rep.set = &m->set;
    m->rep.rec = with_rec ? &m->rec : NULL;
    m->rep.reviews = with_rec ? &m->reviews : NULL;
    return m;
}

static void free_doc(rk_document *d)
{
    rk_field *f[] = {&d->source, &d->published, &d->url, &d->language,
                     &d->title, &d->byline, &d->dateline};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        free(f[i]->value);
    free(d->id);
    free(d->path);
    free(d->body);
    free(d);
}

void test_model_free(test_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->set.docs.n; i++)
        free_doc(m->set.docs.docs[i]);
    free(m->set.docs.docs);
    for (size_t i = 0; i < m->set.n; i++) {
        rk_claim *c = &m->set.claims[i];
        free(c->id);
        free(c->text);
        free(c->speaker);
        free(c->via);
        free(c->as_of);
        free(c->as_of_from);
    }
    free(m->set.claims);
    for (size_t i = 0; i < m->rec.n_groups; i++) {
        rk_group *g = &m->rec.groups[i];
        free(g->id);
        free(g->members);
        free(g->superseded);
        free(g->explanation);
    }
    free(m->rec.groups);
    free(m->rec.links);
    for (size_t i = 0; i < m->reviews.n; i++) {
        rk_review_entry *e = &m->reviews.items[i];
        free(e->group);
        free(e->note);
        free(e->reviewer);
        free(e->updated);
    }
    free(m->reviews.items);
    free(m);
}

char *test_render(const rk_report *rep, const char *name, size_t *len, rk_error *err)
{
    const rk_renderer *r = rk_renderer_find(name);
    if (!r) {
        rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no renderer %s", name);
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        abort();
    rk_status st = r->render(rep, f, err);
    fclose(f);
    if (st) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}
