/* claimfile.c - claims JSON Lines back into a claim set: documents and
 * claims merged by id, each document's body rebuilt from its claims'
 * quotes at their offsets, all of a file or none of it. */
#include "claimfile.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/utf8.h"
#include "../ingest/ingest.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Offsets are 32-bit (one document is at most 4 GiB - 1). */
#define MAX_OFFSET 4294967295.0

/* ---- a string map: key -> index, keys copied into an arena ------------- */

typedef struct smap {
    const char **keys;
    size_t *vals;
    size_t n, cap; /* cap is 0 or a power of two */
} smap;

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t smap_slot(const smap *m, const char *key)
{
    size_t i = (size_t)str_hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The value of key, or (size_t)-1. */
static size_t smap_get(const smap *m, const char *key)
{
    if (!m->cap)
        return (size_t)-1;
    size_t i = smap_slot(m, key);
    return m->keys[i] ? m->vals[i] : (size_t)-1;
}

static int smap_grow(smap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    smap g = {calloc(cap, sizeof *g.keys), calloc(cap, sizeof *g.vals), 0, cap};
    if (!g.keys || !g.vals) {
        free(g.keys);
        free(g.vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = smap_slot(&g, m->keys[i]);
        g.keys[j] = m->keys[i];
        g.vals[j] = m->vals[i];
        g.n++;
    }
    free(m->keys);
    free(m->vals);
    *m = g;
    return 0;
}

/* Sets key (copied into a, unless already there) to val; an existing
 * key keeps its value. Returns the stored key, or NULL on OOM. */
static const char *smap_put(smap *m, rk_arena *a, const char *key, size_t val)
{
    if ((m->n + 1) * 4 > m->cap * 3 && smap_grow(m) < 0)
        return NULL;
    size_t i = smap_slot(m, key);
    if (m->keys[i])
        return m->keys[i];
    if (!(m->keys[i] = rk_arena_strdup(a, key)))
        return NULL;
    m->vals[i] = val;
    m->n++;
    return m->keys[i];
}

static void smap_free(smap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- the reader ---------------------------------------------------------- */

struct rk_claimfile {
    rk_arena *arena;     /* keys and the strings claims borrow */
    smap strings;        /* unit, quantity, subject, scope, rule values */
    smap docs;           /* document id -> index in the set */
    smap claims;         /* claim ids of the set */
    size_t docs_seen;    /* documents and claims of the set already indexed */
    size_t claims_seen;
    rk_buf **known;      /* per document of the set: for a document this reader
                            made, which bytes of its body are known (1) and which
                            are filler (0); NULL for an extracted document */
    size_t n_known;
};

rk_status rk_claimfile_new(rk_claimfile **out, rk_error *err)
{
    rk_claimfile *cf = calloc(1, sizeof *cf);
    if (!cf || !(cf->arena = rk_arena_new())) {
        free(cf);
        *out = NULL;
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = cf;
    return RK_OK;
}

void rk_claimfile_free(rk_claimfile *cf)
{
    if (!cf)
        return;
    for (size_t i = 0; i < cf->n_known; i++) {
        rk_buf_free(cf->known[i]);
        free(cf->known[i]);
    }
    free(cf->known);
    smap_free(&cf->strings);
    smap_free(&cf->docs);
    smap_free(&cf->claims);
    rk_arena_free(cf->arena);
    free(cf);
}

/* Indexes what was appended to set since the last read. */
static rk_status index_set(rk_claimfile *cf, const rk_claimset *set, rk_error *err)
{
    for (; cf->docs_seen < set->docs.n; cf->docs_seen++)
        if (!smap_put(&cf->docs, cf->arena, set->docs.docs[cf->docs_seen]->id, cf->docs_seen))
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (; cf->claims_seen < set->n; cf->claims_seen++)
        if (!smap_put(&cf->claims, cf->arena, set->claims[cf->claims_seen].id, 1))
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

/* ---- detection ------------------------------------------------------------ */

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The offset of the first record of data when it starts as the renderer
 * starts every record of a claim file, {"type":"document" or
 * {"type":"claim"; else -1. Cheap, so that articles are not parsed twice. */
static long first_record(const char *data, size_t len)
{
    static const char doc[] = "{\"type\":\"document\"", claim[] = "{\"type\":\"claim\"";
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if ((len - i >= sizeof doc - 1 && memcmp(data + i, doc, sizeof doc - 1) == 0) ||
        (len - i >= sizeof claim - 1 && memcmp(data + i, claim, sizeof claim - 1) == 0))
        return (long)i;
    return -1;
}

int rk_claimfile_detect(const char *data, size_t len)
{
    long at = data ? first_record(data, len) : -1;
    if (at < 0)
        return 0;
    size_t i = (size_t)at;
    const char *nl = memchr(data + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
    cJSON *o = cJSON_ParseWithLength(data + i, n);
    const char *type = str_member(o, "type");
    int yes = type && str_member(o, "id") &&
              ((strcmp(type, "document") == 0 && str_member(o, "format")) ||
               (strcmp(type, "claim") == 0 && str_member(o, "document")));
    cJSON_Delete(o);
    return yes;
}

/* ---- one text ------------------------------------------------------------ */

/* A claim read, before it joins the set. */
typedef struct pending {
    rk_claim c;
    size_t doc;          /* index its document has or will have in the set */
    long line;
} pending;

typedef struct rd {
    rk_claimfile *cf;
    rk_claimset *set;
    const char *path;
    const char *data;
    size_t len;
    long line;           /* the line being read */
    size_t line_start;   /* its byte offset */
    rk_doclist docs;     /* new documents, in order */
    smap new_docs;       /* their ids -> index in the set to be */
    smap new_claims;     /* ids of the claims read */
    pending *claims;
    size_t n, cap;
    rk_buf quotes;       /* every claim's quote, NUL-separated */
    size_t *quote_at;    /* offset of claim i's quote in quotes */
    rk_error *err;
} rd;

/* An error at the current line, column of byte off of it. */
static rk_status bad(rd *r, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static rk_status bad(rd *r, size_t off, const char *fmt, ...)
{
    char msg[RK_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = 0, col = 0;
    rk_utf8_line_col(r->data + r->line_start, r->len - r->line_start, off, &line, &col);
    return rk_error_set(r->err, RK_ERR_PARSE, r->path, r->line, col, "%s", msg);
}

static rk_status nomem(rd *r)
{
    return rk_error_set(r->err, RK_ERR_NOMEM, r->path, r->line, 0, "out of memory");
}

/* The interned copy of a string member, NULL for null or absent. *ok is 0
 * for another type. */
static const char *interned(rd *r, const cJSON *o, const char *key, int *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        *ok = 0;
        return NULL;
    }
    const char *s = smap_put(&r->cf->strings, r->cf->arena, v->valuestring, 0);
    if (!s)
        *ok = -1;
    return s;
}

/* A malloc'd copy of a string member, NULL for null or absent; *ok as above. */
static char *owned(const cJSON *o, const char *key, int *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        *ok = 0;
        return NULL;
    }
    char *s = rk_strdup(v->valuestring);
    if (!s)
        *ok = -1;
    return s;
}

static int offset_of(const cJSON *v, size_t *out)
{
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
        v->valuedouble > MAX_OFFSET || v->valuedouble != floor(v->valuedouble))
        return 0;
    *out = (size_t)v->valuedouble;
    return 1;
}

/* [a, b) from a two-number array, a <= b. */
static int span_of(const cJSON *v, size_t *a, size_t *b)
{
    return cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 &&
           offset_of(cJSON_GetArrayItem(v, 0), a) && offset_of(cJSON_GetArrayItem(v, 1), b) &&
           *a <= *b;
}

static rk_format format_named(const char *s)
{
    static const rk_format all[] = {RK_FORMAT_TEXT, RK_FORMAT_JSON, RK_FORMAT_JSONL,
                                    RK_FORMAT_HTML, RK_FORMAT_NITF, RK_FORMAT_NEWSML};
    for (size_t i = 0; s && i < sizeof all / sizeof *all; i++)
        if (strcmp(rk_format_name(all[i]), s) == 0)
            return all[i];
    return RK_FORMAT_NONE;
}

static rk_status read_document(rd *r, const cJSON *o)
{
    static const char *const names[] = {"source", "published", "url", "language", "title",
                                        "byline", "dateline"};
    const char *id = str_member(o, "id"), *path = str_member(o, "path");
    rk_format f = format_named(str_member(o, "format"));
    if (!id || !*id || !path || f == RK_FORMAT_NONE)
        return bad(r, 0, "a document record needs a string \"id\", \"path\" and a known "
                         "\"format\"");
    if (smap_get(&r->cf->docs, id) != (size_t)-1 || smap_get(&r->new_docs, id) != (size_t)-1)
        return RK_OK; /* the same document again: the first is kept */
    rk_document *d = calloc(1, sizeof *d);
    if (!d)
        return nomem(r);
    d->format = f;
    d->body_file_offset = -1;
    d->id = rk_strdup(id);
    d->path = rk_strdup(path);
    d->body = calloc(1, 1);
    int ok = d->id && d->path && d->body;
    rk_field *fields[] = {&d->source, &d->published, &d->url, &d->language,
                          &d->title, &d->byline, &d->dateline};
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(o, "metadata");
    for (size_t i = 0; ok > 0 && i < sizeof names / sizeof *names; i++) {
        int fine = 1;
        fields[i]->value = owned(o, names[i], &fine);
        if (fine <= 0) {
            rk_document_free(d);
            return fine < 0 ? nomem(r) : bad(r, 0, "document %s: \"%s\" is not a string", id,
                                             names[i]);
        }
        const char *origin = str_member(meta, names[i]);
        if (fields[i]->value)
            fields[i]->origin = origin && strcmp(origin, "inferred") == 0 ? RK_ORIGIN_INFERRED
                                                                          : RK_ORIGIN_GIVEN;
    }
    size_t index = r->set->docs.n + r->docs.n;
    if (!ok || !smap_put(&r->new_docs, r->cf->arena, id, index) ||
        rk_doclist_push(&r->docs, d) < 0) {
        rk_document_free(d);
        return nomem(r);
    }
    return RK_OK;
}

static rk_status read_claim(rd *r, const cJSON *o)
{
    const char *id = str_member(o, "id"), *doc = str_member(o, "document");
    if (!id || !*id || !doc)
        return bad(r, 0, "a claim record needs a string \"id\" and \"document\"");
    if (smap_get(&r->cf->claims, id) != (size_t)-1 || smap_get(&r->new_claims, id) != (size_t)-1)
        return RK_OK; /* the same claim again: the first is kept */
    size_t di = smap_get(&r->new_docs, doc);
    if (di == (size_t)-1)
        di = smap_get(&r->cf->docs, doc);
    if (di == (size_t)-1)
        return bad(r, 0, "claim %s: no document %s before it", id, doc);
    const cJSON *sent = cJSON_GetObjectItemCaseSensitive(o, "sentence");
    const char *text = str_member(o, "text"), *quote = str_member(sent, "text");
    pending p = {.doc = di, .line = r->line};
    rk_claim *c = &p.c;
    c->document = di;
    if (!span_of(cJSON_GetObjectItemCaseSensitive(o, "span"), &c->start, &c->end) ||
        !span_of(cJSON_GetObjectItemCaseSensitive(sent, "span"), &c->sentence_start,
                 &c->sentence_end) ||
        !text || !quote)
        return bad(r, 0, "claim %s: \"span\", \"text\" and \"sentence\" (its \"span\" and "
                         "\"text\") are required", id);
    if (strlen(text) != c->end - c->start || strlen(quote) != c->sentence_end - c->sentence_start ||
        c->start < c->sentence_start || c->end > c->sentence_end)
        return bad(r, 0, "claim %s: its text and quote do not fit their spans", id);
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(o, "low");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(o, "high");
    if (!(cJSON_IsNull(lo) || cJSON_IsNumber(lo)) || !(cJSON_IsNull(hi) || cJSON_IsNumber(hi)))
        return bad(r, 0, "claim %s: \"low\" and \"high\" are numbers or null", id);
    c->has_low = cJSON_IsNumber(lo);
    c->low = c->has_low ? lo->valuedouble : 0;
    c->has_high = cJSON_IsNumber(hi);
    c->high = c->has_high ? hi->valuedouble : 0;
    const char *ex = str_member(o, "exactness"), *kind = str_member(o, "kind");
    for (unsigned e = 1; ex && rk_exactness_name((rk_exactness)e); e++)
        if (strcmp(rk_exactness_name((rk_exactness)e), ex) == 0)
            c->exactness = (uint8_t)e;
    for (unsigned k = 1; kind && rk_kind_name((rk_number_kind)k); k++)
        if (strcmp(rk_kind_name((rk_number_kind)k), kind) == 0)
            c->kind = (uint8_t)k;
    if (!c->exactness || !c->kind)
        return bad(r, 0, "claim %s: unknown \"exactness\" or \"kind\"", id);
    const cJSON *hedged = cJSON_GetObjectItemCaseSensitive(o, "hedged");
    c->hedged = cJSON_IsTrue(hedged);
    c->increment = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "increment"));
    c->earlier = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "earlier"));
    const char *status = str_member(o, "status");
    for (unsigned k = 1; status && rk_claim_status_name((rk_claim_status)k); k++)
        if (strcmp(rk_claim_status_name((rk_claim_status)k), status) == 0)
            c->status = (uint8_t)k;
    if (status && !c->status)
        return bad(r, 0, "claim %s: unknown \"status\" '%s'", id, status);
    const cJSON *attr = cJSON_GetObjectItemCaseSensitive(o, "attribution");
    int ok = 1;
    c->unit = interned(r, o, "unit", &ok);
    c->quantity = interned(r, o, "quantity", &ok);
    c->subject = interned(r, o, "subject", &ok);
    c->scope = interned(r, o, "scope", &ok);
    c->rule = interned(r, o, "rule", &ok);
    c->id = rk_strdup(id);
    c->text = rk_strdup(text);
    c->speaker = owned(attr, "speaker", &ok);
    c->via = owned(attr, "via", &ok);
    c->originator = interned(r, attr, "originator", &ok);
    c->originator_kind = interned(r, attr, "originator_kind", &ok);
    c->status_by = owned(o, "status_by", &ok);
    c->as_of = owned(o, "as_of", &ok);
    c->as_of_from = owned(o, "as_of_from", &ok);
    if (!c->id || !c->text)
        ok = -1;
    if (ok > 0 && !(attr == NULL || cJSON_IsNull(attr) || cJSON_IsObject(attr)))
        ok = 0;
    size_t at = r->quotes.len;
    if (ok > 0 && (rk_buf_append(&r->quotes, quote, strlen(quote) + 1) < 0 ||
                   !smap_put(&r->new_claims, r->cf->arena, id, 1)))
        ok = -1;
    if (ok > 0 && r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        pending *v = realloc(r->claims, cap * sizeof *v);
        size_t *q = realloc(r->quote_at, cap * sizeof *q);
        if (v)
            r->claims = v;
        if (q)
            r->quote_at = q;
        if (!v || !q)
            ok = -1;
        else
            r->cap = cap;
    }
    if (ok <= 0) {
        rk_claim_clear(c);
        return ok < 0 ? nomem(r) : bad(r, 0, "claim %s: a string field holds another type", id);
    }
    r->quote_at[r->n] = at;
    r->claims[r->n++] = p;
    return RK_OK;
}

static rk_status read_line(rd *r, const char *s, size_t n)
{
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(s, n, &end, 0);
    if (!o) {
        size_t off = end && end >= s && end <= s + n ? (size_t)(end - s) : 0;
        return bad(r, off, "not valid JSON");
    }
    size_t used = (size_t)(end - s);
    while (used < n && (s[used] == ' ' || s[used] == '\t' || s[used] == '\r'))
        used++;
    rk_status st = RK_OK;
    const char *type = str_member(o, "type");
    if (used != n)
        st = bad(r, used, "text after the record");
    else if (!cJSON_IsObject(o) || !type)
        st = bad(r, 0, "not a claims record (an object with a \"type\")");
    else if (strcmp(type, "document") == 0)
        st = read_document(r, o);
    else if (strcmp(type, "claim") == 0)
        st = read_claim(r, o);
    cJSON_Delete(o);
    return st;
}

/* ---- the bodies ------------------------------------------------------------ */

/* Where claims write: a document's body being built and which bytes of it
 * are known. */
typedef struct draft {
    size_t doc;          /* index in the set to be */
    rk_buf body, known;
} draft;

/* Writes s[0..n) at off of dr, growing it with spaces, unless a known byte
 * there differs. Returns 0, -1 on a disagreement, -2 on OOM. */
static int draft_write(draft *dr, size_t off, const char *s, size_t n)
{
    size_t need = off + n;
    if (need > dr->body.len) {
        size_t grow = need - dr->body.len;
        if (rk_buf_reserve(&dr->body, grow) < 0 || rk_buf_reserve(&dr->known, grow) < 0)
            return -2;
        memset(dr->body.data + dr->body.len, ' ', grow);
        memset(dr->known.data + dr->known.len, 0, grow);
        dr->body.len = dr->known.len = need;
        dr->body.data[need] = dr->known.data[need] = '\0';
    }
    for (size_t i = 0; i < n; i++) {
        if (dr->known.data[off + i] && dr->body.data[off + i] != s[i])
            return -1;
        dr->body.data[off + i] = s[i];
        dr->known.data[off + i] = 1;
    }
    return 0;
}

/* The document the set (or this read) has at index doc. */
static rk_document *doc_at(rd *r, size_t doc)
{
    return doc < r->set->docs.n ? r->set->docs.docs[doc] : r->docs.docs[doc - r->set->docs.n];
}

/* The draft of a document this reader makes, started from what is known
 * of it; NULL for an extracted document. *drafts grows. */
static draft *draft_for(rd *r, draft **drafts, size_t *nd, size_t doc, int *oom)
{
    for (size_t i = 0; i < *nd; i++)
        if ((*drafts)[i].doc == doc)
            return &(*drafts)[i];
    const rk_buf *prev = doc < r->cf->n_known ? r->cf->known[doc] : NULL;
    if (doc < r->set->docs.n && !prev)
        return NULL;
    draft *v = realloc(*drafts, (*nd + 1) * sizeof *v);
    if (!v) {
        *oom = 1;
        return NULL;
    }
    *drafts = v;
    draft *dr = &v[(*nd)++];
    memset(dr, 0, sizeof *dr);
    dr->doc = doc;
    if (prev) {
        const rk_document *d = doc_at(r, doc);
        if (rk_buf_append(&dr->body, d->body, d->body_len) < 0 ||
            rk_buf_append(&dr->known, prev->data ? prev->data : "", prev->len) < 0)
            *oom = 1;
    }
    return dr;
}

/* Checks each claim against its document and builds the bodies of the
 * documents this reader makes. */
static rk_status build_bodies(rd *r, draft **drafts, size_t *nd)
{
    for (size_t i = 0; i < r->n; i++) {
        const rk_claim *c = &r->claims[i].c;
        const char *quote = r->quotes.data + r->quote_at[i];
        int oom = 0;
        draft *dr = draft_for(r, drafts, nd, r->claims[i].doc, &oom);
        r->line = r->claims[i].line;
        r->line_start = 0;
        if (oom)
            return nomem(r);
        if (!dr) {
            const rk_document *d = doc_at(r, r->claims[i].doc);
            if (c->sentence_end > d->body_len ||
                memcmp(d->body + c->sentence_start, quote, c->sentence_end - c->sentence_start) ||
                memcmp(d->body + c->start, c->text, c->end - c->start))
                return rk_error_set(r->err, RK_ERR_PARSE, r->path, r->line, 0,
                                    "claim %s: its text is not the text of document %s there",
                                    c->id, d->id);
            continue;
        }
        if (c->sentence_end > RK_INGEST_DEFAULT_MAX_BYTES)
            return rk_error_set(r->err, RK_ERR_LIMIT, r->path, r->line, 0,
                                "claim %s: a document larger than %zu bytes", c->id,
                                RK_INGEST_DEFAULT_MAX_BYTES);
        int w = draft_write(dr, c->sentence_start, quote, c->sentence_end - c->sentence_start);
        if (!w)
            w = draft_write(dr, c->start, c->text, c->end - c->start);
        if (w == -2)
            return nomem(r);
        if (w < 0)
            return rk_error_set(r->err, RK_ERR_PARSE, r->path, r->line, 0,
                                "claim %s: its text or quote disagrees with another claim's "
                                "quote of document %s", c->id, doc_at(r, dr->doc)->id);
    }
    for (size_t i = 0; i < *nd; i++) {
        size_t badoff = 0;
        if ((*drafts)[i].body.len && !rk_utf8_valid((*drafts)[i].body.data,
                                                    (*drafts)[i].body.len, &badoff))
            return rk_error_set(r->err, RK_ERR_UTF8, r->path, 0, 0,
                                "document %s: its quotes are not valid UTF-8",
                                doc_at(r, (*drafts)[i].doc)->id);
    }
    return RK_OK;
}

static int cmp_claims(const void *a, const void *b)
{
    const rk_claim *x = a, *y = b;
    if (x->document != y->document)
        return x->document < y->document ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Moves what was read into the set. Nothing can fail once this starts
 * but the first allocations, which leave the set as it was. */
static rk_status commit(rd *r, draft *drafts, size_t nd)
{
    rk_claimfile *cf = r->cf;
    rk_claimset *set = r->set;
    size_t n_docs = set->docs.n + r->docs.n;
    if (n_docs > set->docs.cap) {
        rk_document **v = realloc(set->docs.docs, n_docs * sizeof *v);
        if (!v)
            return nomem(r);
        set->docs.docs = v;
        set->docs.cap = n_docs;
    }
    if (set->n + r->n > set->cap) {
        rk_claim *v = realloc(set->claims, (set->n + r->n) * sizeof *v);
        if (!v)
            return nomem(r);
        set->claims = v;
        set->cap = set->n + r->n;
    }
    if (n_docs > cf->n_known) {
        rk_buf **v = realloc(cf->known, n_docs * sizeof *v);
        if (!v)
            return nomem(r);
        memset(v + cf->n_known, 0, (n_docs - cf->n_known) * sizeof *v);
        cf->known = v;
        cf->n_known = n_docs;
    }
    /* The known-byte masks of new documents, allocated before anything moves. */
    for (size_t i = 0; i < nd; i++) {
        if (cf->known[drafts[i].doc])
            continue;
        if (!(cf->known[drafts[i].doc] = calloc(1, sizeof(rk_buf))))
            return nomem(r);
    }
    for (size_t i = 0; i < r->docs.n; i++) {
        /* A new document without claims still needs its mask: it is the
         * reader's, and a later file may give its claims. */
        size_t doc = set->docs.n + i;
        if (!cf->known[doc] && !(cf->known[doc] = calloc(1, sizeof(rk_buf))))
            return nomem(r);
    }
    for (size_t i = 0; i < r->docs.n; i++) {
        set->docs.docs[set->docs.n++] = r->docs.docs[i];
        r->docs.docs[i] = NULL;
    }
    r->docs.n = 0;
    for (size_t i = 0; i < nd; i++) {
        rk_document *d = set->docs.docs[drafts[i].doc];
        free(d->body);
        d->body_len = drafts[i].body.len;
        d->body = rk_buf_detach(&drafts[i].body, NULL);
        if (!d->body) /* an empty draft: no bytes at all */
            d->body = calloc(1, 1);
        rk_buf_free(cf->known[drafts[i].doc]);
        *cf->known[drafts[i].doc] = drafts[i].known;
        memset(&drafts[i].known, 0, sizeof drafts[i].known);
    }
    int sorted = 1;
    for (size_t i = 0; i < r->n; i++) {
        set->claims[set->n] = r->claims[i].c;
        if (set->n && cmp_claims(&set->claims[set->n - 1], &set->claims[set->n]) > 0)
            sorted = 0;
        set->n++;
    }
    r->n = 0;
    if (!sorted)
        qsort(set->claims, set->n, sizeof *set->claims, cmp_claims);
    /* Index what was added. Out of memory here leaves the rest to the
     * next read, which indexes what it has not seen before it starts. */
    rk_error ignored;
    (void)index_set(cf, set, &ignored);
    return RK_OK;
}

static void rd_free(rd *r)
{
    for (size_t i = 0; i < r->n; i++)
        rk_claim_clear(&r->claims[i].c);
    free(r->claims);
    free(r->quote_at);
    rk_buf_free(&r->quotes);
    rk_doclist_free(&r->docs);
    smap_free(&r->new_docs);
    smap_free(&r->new_claims);
}

rk_status rk_claimfile_read(rk_claimfile *cf, const char *path, const char *data, size_t len,
                            rk_claimset *set, rk_error *err)
{
    if (!cf || !set || (!data && len))
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_claimfile_read: missing argument");
    if (!path)
        path = "claims";
    size_t badoff = 0;
    if (len && !rk_utf8_valid(data, len, &badoff)) {
        long line = 0, col = 0;
        rk_utf8_line_col(data, len, badoff, &line, &col);
        rk_error_set(err, RK_ERR_UTF8, path, line, col, "invalid UTF-8");
        err->offset = (long)badoff;
        return RK_ERR_UTF8;
    }
    rk_status st = index_set(cf, set, err);
    if (st != RK_OK)
        return st;
    rd r = {.cf = cf, .set = set, .path = path, .data = data, .len = len, .err = err};
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (r.line = 1; st == RK_OK && i < len; r.line++) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        r.line_start = i;
        size_t k = 0;
        while (k < n && (data[i + k] == ' ' || data[i + k] == '\t' || data[i + k] == '\r'))
            k++;
        if (k < n)
            st = read_line(&r, data + i, n);
        i += n + 1;
    }
    if (st == RK_OK && set->docs.n + r.docs.n == 0)
        st = rk_error_set(err, RK_ERR_PARSE, path, 0, 0, "no document records");
    draft *drafts = NULL;
    size_t nd = 0;
    if (st == RK_OK)
        st = build_bodies(&r, &drafts, &nd);
    if (st == RK_OK)
        st = commit(&r, drafts, nd);
    for (size_t k = 0; k < nd; k++) {
        rk_buf_free(&drafts[k].body);
        rk_buf_free(&drafts[k].known);
    }
    free(drafts);
    rd_free(&r);
    return st;
}

rk_status rk_claimfile_take(rk_claimfile *cf, const char *const *paths, size_t n,
                            size_t max_bytes, rk_claimset *set, unsigned char *taken,
                            rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    size_t max = max_bytes ? max_bytes : RK_INGEST_DEFAULT_MAX_BYTES;
    for (size_t i = 0; i < n; i++) {
        taken[i] = 0;
        if (strcmp(paths[i], "-") == 0)
            continue;
        /* Only the first bytes, to leave articles to their readers without
         * reading them twice. A file that cannot be read here is left to
         * the article readers too, which say why in their words. */
        char head[256];
        FILE *f = fopen(paths[i], "rb");
        size_t got = f ? fread(head, 1, sizeof head, f) : 0;
        if (f)
            fclose(f);
        if (first_record(head, got) < 0)
            continue;
        char *data = NULL;
        size_t len = 0;
        rk_error e;
        rk_error_clear(&e);
        if (rk_file_read(paths[i], max, &data, &len, &e) != RK_OK)
            continue;
        if (rk_claimfile_detect(data, len)) {
            taken[i] = 1;
            rk_status st = rk_claimfile_read(cf, paths[i], data, len, set, &e);
            if (st == RK_ERR_NOMEM) {
                free(data);
                *err = e;
                return st;
            }
            if (st != RK_OK)
                diag(diag_ctx, &e);
        }
        free(data);
    }
    return RK_OK;
}
