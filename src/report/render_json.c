/* render_json.c - the JSON report: one object with documents, claims,
 * groups, links and a summary; each item on a line of its own so that
 * golden files diff line by line. Also the item objects json and jsonl
 * share, streamed through a writer with no allocation per item. */
#include "render.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Writes `{`, and `"type":"name",` when lines is 1 (JSON Lines): the
 * caller's first key then follows without a comma. name is a string
 * literal, written as it is: a claim line starts with one copy. */
#define open_object(w, lines, name)                               \
    do {                                                          \
        if (lines)                                                \
            rkj_lit((w), "{\"type\":\"" name "\",");              \
        else                                                      \
            rkj_lit((w), "{");                                    \
    } while (0)

/* A run of bytes written as it is. */
typedef struct quoted {
    const char *s;
    size_t n;
} quoted;

void rkr_json_document(rkj_writer *w, const rk_document *d, int lines)
{
    /* `,"name":` for each field, measured by the compiler rather than by a
     * strlen for each document; in "metadata" the first goes without its
     * comma. */
#define KEY(name) {",\"" name "\":", sizeof(",\"" name "\":") - 1}
    static const quoted keys[] = {KEY("source"), KEY("published"), KEY("url"),
                                  KEY("language"), KEY("title"), KEY("byline"),
                                  KEY("dateline")};
#undef KEY
    const rk_field *fields[] = {&d->source, &d->published, &d->url, &d->language,
                                &d->title, &d->byline, &d->dateline};
    enum { N = sizeof keys / sizeof *keys };
    int has[N];
    open_object(w, lines, "document");
    rkj_lit(w, "\"id\":");
    rkj_str(w, d->id);
    rkj_lit(w, ",\"path\":");
    rkj_str(w, d->path);
    rkj_lit(w, ",\"format\":");
    rkj_str(w, rk_format_name(d->format));
    for (size_t i = 0; i < N; i++) {
        /* A value without an origin is no value (document.h). */
        has[i] = fields[i]->origin != RK_ORIGIN_NONE && fields[i]->value;
        rkj_mem(w, keys[i].s, keys[i].n);
        rkj_str(w, has[i] ? fields[i]->value : NULL);
    }
    rkj_lit(w, ",\"metadata\":{");
    for (size_t i = 0; i < N; i++) {
        rkj_mem(w, keys[i].s + (i == 0), keys[i].n - (i == 0));
        rkj_str(w, has[i] ? rk_origin_name(fields[i]->origin) : NULL);
    }
    rkj_lit(w, "}}");
}

static void attribution(rkj_writer *w, const rk_claim *c)
{
    if (!c->speaker && !c->via && !c->originator) {
        rkj_lit(w, "null");
        return;
    }
    rkj_lit(w, "{\"speaker\":");
    rkj_str(w, c->speaker);
    rkj_lit(w, ",\"via\":");
    rkj_str(w, c->via);
    rkj_lit(w, ",\"originator\":");
    rkj_str(w, c->originator);
    rkj_lit(w, ",\"originator_kind\":");
    rkj_str(w, c->originator_kind);
    rkj_lit(w, "}");
}

/* `,"exactness":NAME,"unit":`, `,"kind":NAME,"quantity":` and
 * `,"status":NAME,"status_by":` for each value, NAME quoted as
 * rk_exactness_name(), rk_kind_name() and rk_claim_status_name() give it
 * (tests/report/test_report.c holds the tables to them): one copy instead
 * of a strlen, a scan and three writes. A value past a table is written
 * the long way. */
#define Q(pre, name, post) {pre name post, sizeof(pre name post) - 1}
/* In arrays of a fixed size, so that the fast path of a claim line copies
 * RUN_MAX bytes, a copy the compiler writes out in a few moves, rather
 * than calling memcpy for a length it cannot know; the room it reserves
 * for each run is RUN_MAX. */
#define RUN_MAX 48
typedef struct enum_quoted {
    char s[RUN_MAX];
    size_t n;
} enum_quoted;
#define EXACTNESS(name) Q(",\"exactness\":", name, ",\"unit\":")
#define KIND(name) Q(",\"kind\":", name, ",\"quantity\":")
#define STATUS(name) Q(",\"status\":", name, ",\"status_by\":")
static const enum_quoted k_exactness[] = {
    EXACTNESS("null"), EXACTNESS("\"exact\""), EXACTNESS("\"approx\""),
    EXACTNESS("\"at_least\""), EXACTNESS("\"more_than\""), EXACTNESS("\"at_most\""),
    EXACTNESS("\"less_than\""), EXACTNESS("\"range\""), EXACTNESS("\"vague\""),
};
static const enum_quoted k_kind[] = {
    KIND("null"), KIND("\"count\""), KIND("\"percent\""), KIND("\"money\""),
    KIND("\"measure\""), KIND("\"multiple\""), KIND("\"year\""), KIND("\"date\""),
    KIND("\"time\""), KIND("\"ordinal\""), KIND("\"label\""), KIND("\"list_marker\""),
    KIND("\"phone\""),
};
static const enum_quoted k_status[] = {
    STATUS("null"), STATUS("\"retracted\""), STATUS("\"disputed\""),
};
#undef STATUS
#undef KIND
#undef EXACTNESS
#undef Q

/* Writes value v's run from tab (n runs) or, for a value past the table,
 * key, the name quoted and next the long way. */
static void enum_run(rkj_writer *w, const enum_quoted *tab, size_t n, unsigned v,
                     const char *key, const char *name, const char *next)
{
    if (v < n) {
        rkj_mem(w, tab[v].s, tab[v].n);
        return;
    }
    rkj_mem(w, key, strlen(key));
    rkj_str(w, name);
    rkj_mem(w, next, strlen(next));
}

#define ENUM_RUN(w, tab, v, key, name, next) \
    enum_run(w, tab, sizeof tab / sizeof *tab, (unsigned)(v), key, name, next)

/* Spans are printed from the body itself, never from a copy that could
 * drift from it. */
void rkr_doc_run_make(rkr_doc_run *run, const rk_document *d)
{
    static const char pre[] = ",\"document\":\"", post[] = "\",\"span\":";
    size_t n = d->id ? strlen(d->id) : 0;
    run->n = 0;
    if (!d->id || n > sizeof run->s - (sizeof pre - 1) - (sizeof post - 1))
        return;
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)d->id[k];
        if (ch < 0x20 || ch == '"' || ch == '\\')
            return;
    }
    memcpy(run->s, pre, sizeof pre - 1);
    memcpy(run->s + sizeof pre - 1, d->id, n);
    memcpy(run->s + sizeof pre - 1 + n, post, sizeof post - 1);
    run->n = sizeof pre - 1 + n + sizeof post - 1;
}

void rkr_json_claim_general(rkj_writer *w, const rk_report *rep, size_t i, int lines,
                            const rkr_doc_run *run)
{
    const rk_claim *c = &rep->set->claims[i];
    const rk_document *d = rkr_claim_doc(rep, c);
    open_object(w, lines, "claim");
    rkj_lit(w, "\"id\":");
    rkj_str(w, c->id);
    if (run && run->n) {
        rkj_mem(w, run->s, run->n);
    } else {
        rkj_lit(w, ",\"document\":");
        rkj_str(w, d->id);
        rkj_lit(w, ",\"span\":");
    }
    rkj_span(w, c->start, c->end);
    rkj_lit(w, ",\"text\":");
    rkj_slice(w, d->body + c->start, c->end - c->start);
    rkj_lit(w, ",\"low\":");
    rkj_num(w, c->low, c->has_low);
    rkj_lit(w, ",\"high\":");
    rkj_num(w, c->high, c->has_high);
    ENUM_RUN(w, k_exactness, c->exactness, ",\"exactness\":", rk_exactness_name(c->exactness),
             ",\"unit\":");
    rkj_str(w, c->unit);
    ENUM_RUN(w, k_kind, c->kind, ",\"kind\":", rk_kind_name(c->kind), ",\"quantity\":");
    rkj_str(w, c->quantity);
    rkj_lit(w, ",\"subject\":");
    rkj_str(w, c->subject);
    rkj_lit(w, ",\"scope\":");
    rkj_str(w, c->scope);
    rkj_lit(w, ",\"attribution\":");
    attribution(w, c);
    rkj_lit(w, ",\"hedged\":");
    rkj_bool(w, c->hedged);
    rkj_lit(w, ",\"increment\":");
    rkj_bool(w, c->increment);
    rkj_lit(w, ",\"as_of\":");
    rkj_str(w, c->as_of);
    rkj_lit(w, ",\"as_of_from\":");
    rkj_str(w, c->as_of_from);
    rkj_lit(w, ",\"earlier\":");
    rkj_bool(w, c->earlier);
    ENUM_RUN(w, k_status, c->status, ",\"status\":", rk_claim_status_name(c->status),
             ",\"status_by\":");
    rkj_str(w, c->status_by);
    rkj_lit(w, ",\"sentence\":{\"span\":");
    rkj_span(w, c->sentence_start, c->sentence_end);
    rkj_lit(w, ",\"text\":");
    rkj_slice(w, d->body + c->sentence_start, c->sentence_end - c->sentence_start);
    rkj_lit(w, "},\"rule\":");
    rkj_str(w, c->rule);
    rkj_lit(w, "}");
}

/* The bytes of a claim line besides its strings, numbers, spans, the
 * document run and the enum runs: keys and punctuation (some 300 bytes),
 * and four for each of its sixteen strings, their quotes or a null (the
 * strings are counted together, with one pair of quotes, in
 * RKJ_SLICE_MAX). Generous: what matters is that it is never short. */
#define CLAIM_KEYS 512

#define PUT(o, s) (memcpy((o), "" s, sizeof(s) - 1), (o) + sizeof(s) - 1)

/* s as a JSON string of n bytes, or null. */
static char *put_str(char *o, const char *s, size_t n)
{
    if (!s)
        return PUT(o, "null");
    return rkj_put_slice(o, s, n);
}

/* `[a,b],"text":` and body[a..b) as a JSON string: a claim's span and
 * text, and its sentence's. */
static char *put_span_text(char *o, const char *body, size_t a, size_t b)
{
    o = rkj_put_span(o, a, b);
    o = PUT(o, ",\"text\":");
    return rkj_put_slice(o, body + a, b - a);
}

void rkr_json_claim(rkj_writer *w, const rk_report *rep, size_t i, int lines,
                    const rkr_doc_run *run)
{
    const rk_claim *c = &rep->set->claims[i];
    const rk_document *d = rkr_claim_doc(rep, c);
    /* The fifteen strings of the line, measured once: their bytes bound
     * the line, and then the whole of it is written through one pointer
     * with no check of the room left. A line that might not fit the buffer,
     * or an enum past its table, takes the general path. */
    enum { ID, DOC, UNIT, QUANTITY, SUBJECT, SCOPE, SPEAKER, VIA, ORIGINATOR, ORIGINATOR_KIND,
           AS_OF, AS_OF_FROM, STATUS_BY, RULE, N_STR };
    const char *str[N_STR] = {c->id, run && run->n ? NULL : d->id, c->unit, c->quantity,
                              c->subject, c->scope, c->speaker, c->via, c->originator,
                              c->originator_kind, c->as_of, c->as_of_from, c->status_by,
                              c->rule};
    size_t len[N_STR];
    size_t sum = (c->end - c->start) + (c->sentence_end - c->sentence_start);
    /* big < RKJ_BUF when every length is, and then the sum cannot wrap. */
    size_t big = (c->end - c->start) | (c->sentence_end - c->sentence_start);
    for (size_t k = 0; k < N_STR; k++) {
        len[k] = str[k] ? strlen(str[k]) : 0;
        sum += len[k];
        big |= len[k];
    }
    char *o = big < RKJ_BUF && c->exactness < sizeof k_exactness / sizeof *k_exactness &&
                      c->kind < sizeof k_kind / sizeof *k_kind &&
                      c->status < sizeof k_status / sizeof *k_status
                  ? rkj_reserve(w, CLAIM_KEYS + 2 * RKJ_SPAN_MAX + 2 * RKJ_NUM_MAX +
                                       (run ? run->n : 0) + RKJ_SLICE_MAX(sum) + 3 * RUN_MAX)
                  : NULL;
    if (!o) {
        rkr_json_claim_general(w, rep, i, lines, run);
        return;
    }
    o = lines ? PUT(o, "{\"type\":\"claim\",\"id\":") : PUT(o, "{\"id\":");
    o = put_str(o, str[ID], len[ID]);
    if (run && run->n) {
        memcpy(o, run->s, run->n);
        o += run->n;
    } else {
        o = PUT(o, ",\"document\":");
        o = put_str(o, str[DOC], len[DOC]);
        o = PUT(o, ",\"span\":");
    }
    o = put_span_text(o, d->body, c->start, c->end);
    o = PUT(o, ",\"low\":");
    o = rkj_put_num(o, c->low, c->has_low);
    o = PUT(o, ",\"high\":");
    o = rkj_put_num(o, c->high, c->has_high);
    memcpy(o, k_exactness[c->exactness].s, RUN_MAX);
    o += k_exactness[c->exactness].n;
    o = put_str(o, str[UNIT], len[UNIT]);
    memcpy(o, k_kind[c->kind].s, RUN_MAX);
    o += k_kind[c->kind].n;
    o = put_str(o, str[QUANTITY], len[QUANTITY]);
    o = PUT(o, ",\"subject\":");
    o = put_str(o, str[SUBJECT], len[SUBJECT]);
    o = PUT(o, ",\"scope\":");
    o = put_str(o, str[SCOPE], len[SCOPE]);
    if (!c->speaker && !c->via && !c->originator) {
        o = PUT(o, ",\"attribution\":null");
    } else {
        o = PUT(o, ",\"attribution\":{\"speaker\":");
        o = put_str(o, str[SPEAKER], len[SPEAKER]);
        o = PUT(o, ",\"via\":");
        o = put_str(o, str[VIA], len[VIA]);
        o = PUT(o, ",\"originator\":");
        o = put_str(o, str[ORIGINATOR], len[ORIGINATOR]);
        o = PUT(o, ",\"originator_kind\":");
        o = put_str(o, str[ORIGINATOR_KIND], len[ORIGINATOR_KIND]);
        o = PUT(o, "}");
    }
    o = c->hedged ? PUT(o, ",\"hedged\":true") : PUT(o, ",\"hedged\":false");
    o = c->increment ? PUT(o, ",\"increment\":true") : PUT(o, ",\"increment\":false");
    o = PUT(o, ",\"as_of\":");
    o = put_str(o, str[AS_OF], len[AS_OF]);
    o = PUT(o, ",\"as_of_from\":");
    o = put_str(o, str[AS_OF_FROM], len[AS_OF_FROM]);
    o = c->earlier ? PUT(o, ",\"earlier\":true") : PUT(o, ",\"earlier\":false");
    memcpy(o, k_status[c->status].s, RUN_MAX);
    o += k_status[c->status].n;
    o = put_str(o, str[STATUS_BY], len[STATUS_BY]);
    o = PUT(o, ",\"sentence\":{\"span\":");
    /* Over a third of the claims share the sentence of the claim before:
     * its run, still in the buffer (rkj_writer.kept), is copied whole. The
     * body bytes and the span name the run: a body is not written to while
     * its claims are rendered, and two bodies do not share bytes. */
    const char *sent = d->body + c->sentence_start;
    if (w->kept == sent && w->kept_a == c->sentence_start && w->kept_b == c->sentence_end) {
        memcpy(o, w->buf + w->kept_at, w->kept_n);
        o += w->kept_n;
    } else {
        char *at = o;
        o = put_span_text(o, d->body, c->sentence_start, c->sentence_end);
        w->kept = sent;
        w->kept_a = c->sentence_start;
        w->kept_b = c->sentence_end;
        w->kept_at = (size_t)(at - w->buf);
        w->kept_n = (size_t)(o - at);
    }
    o = PUT(o, "},\"rule\":");
    o = put_str(o, str[RULE], len[RULE]);
    o = PUT(o, "}");
    rkj_commit(w, o);
}

#undef PUT

/* An array for the ids that is written once through: large ones in huge
 * pages (rk_alloc_huge), since the ids are then read at random. */
static void *ids_array(size_t n)
{
    void *p = malloc(n ? n : 1);
    rk_alloc_huge(p, n);
    return p;
}

void rkr_ids_make(const rk_report *rep, rkr_ids *ids)
{
    const rk_claimset *set = rep->set;
    size_t cap = set->n * 24, len = 0;
    size_t *start = set->n < SIZE_MAX / sizeof *start - 1 ? ids_array((set->n + 1) * sizeof *start)
                                                          : NULL;
    char *bytes = start ? ids_array(cap) : NULL;
    *ids = (rkr_ids){NULL, NULL};
    for (size_t i = 0; i < set->n && bytes; i++) {
        const char *id = set->claims[i].id;
        size_t n = id ? strlen(id) : 0;
        if (!id || n > SIZE_MAX / 4 - len) {
            free(bytes);
            bytes = NULL;
            break;
        }
        if (len + n > cap) {
            char *more = ids_array(cap = 2 * (len + n));
            if (more)
                memcpy(more, bytes, len);
            free(bytes);
            if (!(bytes = more))
                break;
        }
        start[i] = len;
        memcpy(bytes + len, id, n);
        len += n;
    }
    if (!bytes) {
        free(start);
        return;
    }
    start[set->n] = len;
    ids->bytes = bytes;
    ids->start = start;
}

void rkr_ids_free(rkr_ids *ids)
{
    free(ids->bytes);
    free(ids->start);
    *ids = (rkr_ids){NULL, NULL};
}

/* How many items ahead an id is asked for from memory (rkr_ids.start
 * first, then the bytes it points at): an item is written in some tens
 * of nanoseconds, a miss costs a hundred or more. */
enum { AHEAD_START = 24, AHEAD_BYTES = 8 };

static void prefetch_id(const rkr_ids *ids, size_t i, int bytes)
{
#if defined(__GNUC__)
    if (bytes)
        __builtin_prefetch(ids->bytes + ids->start[i]);
    else
        __builtin_prefetch(&ids->start[i]);
#else
    (void)ids;
    (void)i;
    (void)bytes;
#endif
}

static void claim_id(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t i)
{
    if (ids->start)
        rkj_slice(w, ids->bytes + ids->start[i], ids->start[i + 1] - ids->start[i]);
    else
        rkj_str(w, rep->set->claims[i].id);
}

static void claim_ids(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, const size_t *idx,
                      size_t n)
{
    rkj_lit(w, "[");
    for (size_t k = 0; k < n; k++) {
        if (ids->start && k + AHEAD_START < n)
            prefetch_id(ids, idx[k + AHEAD_START], 0);
        if (ids->start && k + AHEAD_BYTES < n)
            prefetch_id(ids, idx[k + AHEAD_BYTES], 1);
        if (k)
            rkj_lit(w, ",");
        claim_id(w, rep, ids, idx[k]);
    }
    rkj_lit(w, "]");
}

static void estimate(rkj_writer *w, const rk_group *g)
{
    if (!g->has_estimate) {
        rkj_lit(w, "null");
        return;
    }
    rkj_lit(w, "{\"low\":");
    rkj_num(w, g->low, 1);
    rkj_lit(w, ",\"best\":");
    rkj_num(w, g->best, 1);
    rkj_lit(w, ",\"high\":");
    rkj_num(w, g->high, !g->high_open);
    rkj_lit(w, ",\"high_open\":");
    rkj_bool(w, g->high_open);
    rkj_lit(w, ",\"policy\":");
    rkj_str(w, g->policy);
    rkj_lit(w, "}");
}

static void review(rkj_writer *w, const rk_report *rep, const rk_group *g)
{
    const rk_review_entry *r = rkr_review(rep, g);
    if (!r) {
        rkj_lit(w, "null");
        return;
    }
    rkj_lit(w, "{\"state\":");
    rkj_str(w, rk_review_state_name(r->state));
    rkj_lit(w, ",\"note\":");
    rkj_str(w, r->note);
    rkj_lit(w, ",\"figures\":");
    rkj_str(w, r->figures);
    rkj_lit(w, ",\"stale\":");
    rkj_bool(w, rkr_review_stale(rep, g, r));
    rkj_lit(w, "}");
}

void rkr_json_group(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t gi,
                    int lines)
{
    const rk_group *g = &rep->rec->groups[gi];
    open_object(w, lines, "group");
    rkj_lit(w, "\"id\":");
    rkj_str(w, g->id);
    rkj_lit(w, ",\"quantity\":");
    rkj_str(w, g->quantity);
    rkj_lit(w, ",\"subject\":");
    rkj_str(w, g->subject);
    rkj_lit(w, ",\"scope\":");
    rkj_str(w, g->scope);
    rkj_lit(w, ",\"parent\":");
    rkj_str(w, g->parent == (size_t)-1 ? NULL : rep->rec->groups[g->parent].id);
    rkj_lit(w, ",\"verdict\":");
    rkj_str(w, rk_verdict_name(g->verdict));
    rkj_lit(w, ",\"explanation\":");
    rkj_str(w, g->explanation);
    rkj_lit(w, ",\"rule\":");
    rkj_str(w, g->verdict_rule);
    rkj_lit(w, ",\"estimate\":");
    estimate(w, g);
    rkj_lit(w, ",\"members\":");
    claim_ids(w, rep, ids, g->members, g->n_members);
    rkj_lit(w, ",\"superseded\":");
    claim_ids(w, rep, ids, g->superseded, g->n_superseded);
    rkj_lit(w, ",\"sides\":");
    claim_ids(w, rep, ids, g->sides, g->n_sides);
    rkj_lit(w, ",\"withdrawn\":");
    claim_ids(w, rep, ids, g->withdrawn, g->n_withdrawn);
    rkj_lit(w, ",\"independent_speakers\":");
    rkj_size(w, g->n_speakers);
    rkj_lit(w, ",\"review\":");
    review(w, rep, g);
    rkj_lit(w, "}");
}

void rkr_json_link(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t li,
                   int lines)
{
    const rk_reconciliation *r = rep->rec;
    const rk_link *l = &r->links[li];
    /* links are written in order, and their claims lie anywhere */
    if (ids->start && li + AHEAD_START < r->n_links) {
        prefetch_id(ids, r->links[li + AHEAD_START].from, 0);
        prefetch_id(ids, r->links[li + AHEAD_START].to, 0);
    }
    if (ids->start && li + AHEAD_BYTES < r->n_links) {
        prefetch_id(ids, r->links[li + AHEAD_BYTES].from, 1);
        prefetch_id(ids, r->links[li + AHEAD_BYTES].to, 1);
    }
    open_object(w, lines, "link");
    rkj_lit(w, "\"from\":");
    claim_id(w, rep, ids, l->from);
    rkj_lit(w, ",\"to\":");
    claim_id(w, rep, ids, l->to);
    rkj_lit(w, ",\"kind\":");
    rkj_str(w, rk_link_kind_name(l->kind));
    rkj_lit(w, ",\"rule\":");
    rkj_str(w, l->rule);
    rkj_lit(w, "}");
}

void rkr_json_summary(rkj_writer *w, const rk_report *rep, int lines)
{
    rkr_summary s;
    rkr_summary_count(rep, &s);
    open_object(w, lines, "summary");
    rkj_lit(w, "\"documents\":");
    rkj_size(w, s.documents);
    rkj_lit(w, ",\"claims\":");
    rkj_size(w, s.claims);
    if (rep->rec) {
        rkj_lit(w, ",\"groups\":");
        rkj_size(w, s.groups);
        rkj_lit(w, ",\"contradictions\":");
        rkj_size(w, s.contradictions);
        rkj_lit(w, ",\"unreviewed_contradictions\":");
        rkj_size(w, s.unreviewed);
    }
    rkj_lit(w, "}");
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

typedef void (*item_fn)(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t i);

/* Writes `"key": [` then one item per line, then `]`. */
static void write_array(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, const char *key,
                        size_t n, item_fn fn)
{
    rkj_lit(w, "  \"");
    rkj_mem(w, key, strlen(key));
    rkj_lit(w, "\": [");
    for (size_t i = 0; i < n; i++) {
        if (i)
            rkj_lit(w, ",\n    ");
        else
            rkj_lit(w, "\n    ");
        fn(w, rep, ids, i);
    }
    if (n)
        rkj_lit(w, "\n  ],\n");
    else
        rkj_lit(w, "],\n");
}

static void doc_item(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t i)
{
    (void)ids;
    rkr_json_document(w, rep->set->docs.docs[i], 0);
}

static void claim_item(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t i)
{
    (void)ids;
    rkr_json_claim(w, rep, i, 0, NULL);
}

static void group_item(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t i)
{
    rkr_json_group(w, rep, ids, i, 0);
}

static void link_item(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t i)
{
    rkr_json_link(w, rep, ids, i, 0);
}

rk_status rkr_render_json(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    rkj_writer wr, *w = &wr;
    rkj_init(w, f);
    rkj_lit(w, "{\n");
    if (rep->title) {
        rkj_lit(w, "  \"title\": ");
        rkj_str(w, rep->title);
        rkj_lit(w, ",\n");
    }
    rkr_ids ids = {NULL, NULL};
    write_array(w, rep, &ids, "documents", rep->set->docs.n, doc_item);
    write_array(w, rep, &ids, "claims", rep->set->n, claim_item);
    if (rep->rec) {
        rkr_ids_make(rep, &ids);
        write_array(w, rep, &ids, "groups", rep->rec->n_groups, group_item);
        write_array(w, rep, &ids, "links", rep->rec->n_links, link_item);
        rkr_ids_free(&ids);
    }
    rkj_lit(w, "  \"summary\": ");
    rkr_json_summary(w, rep, 0);
    rkj_lit(w, "\n}\n");
    return rkj_end(w, err);
}
