/* pipeline.c - extraction over a document list or a stream of files on a
 * thread pool (queue.c), each item's claims and diagnostics buffered until
 * every item before it has been handed on, so output is in input order. */
#include "pipeline.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files a stream may hold per thread: enough to keep every thread busy
 * while the sink writes, few enough that memory does not follow the corpus. */
#define STREAM_WINDOW_PER_JOB 4

/* What one item (a document or a file) produced. */
typedef struct item {
    rk_claimset part;      /* its documents (streams only) and claims */
    rk_error *diags;       /* its diagnostics, in the order they came */
    size_t n_diags, cap_diags;
    int nomem;             /* a diagnostic could not be kept */
    int ok;                /* rk_pipeline_extract: the document was extracted */
} item;

typedef struct run_ctx {
    const rk_engine *e;
    item *items;
    size_t n_slots;                    /* item i lives in items[i % n_slots] */
    rk_doclist *docs;                  /* rk_pipeline_extract */
    rk_claimset *set;
    const char *const *paths;          /* rk_pipeline_stream */
    const rk_ingest_options *opts;
    rk_pipeline_sink sink;
    void *sink_ctx;
    rk_diag_fn diag;
    void *diag_ctx;
} run_ctx;

unsigned rk_pipeline_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static unsigned resolve_jobs(unsigned jobs)
{
    return jobs ? jobs : rk_pipeline_cpu_count();
}

/* An rk_diag_fn that keeps the diagnostic in the item passed as ctx. */
static void keep_diag(void *ctx, const rk_error *e)
{
    item *it = ctx;
    if (it->n_diags == it->cap_diags) {
        size_t cap = it->cap_diags ? it->cap_diags * 2 : 4;
        rk_error *v = realloc(it->diags, cap * sizeof *v);
        if (!v) {
            it->nomem = 1;
            return;
        }
        it->diags = v;
        it->cap_diags = cap;
    }
    it->diags[it->n_diags++] = *e;
}

static void item_clear(item *it)
{
    rk_claimset_clear(&it->part);
    free(it->diags);
    memset(it, 0, sizeof *it);
}

/* Passes an item's diagnostics on, in order, and forgets them. */
static rk_status flush_diags(const run_ctx *c, item *it, rk_error *err)
{
    for (size_t k = 0; k < it->n_diags; k++)
        if (c->diag)
            c->diag(c->diag_ctx, &it->diags[k]);
    free(it->diags);
    it->diags = NULL;
    it->n_diags = it->cap_diags = 0;
    if (it->nomem)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

/* Extracts doc into it->part's claims with document index doc_index; a
 * document that cannot be extracted is kept as a diagnostic. Returns
 * RK_ERR_NOMEM only; *ok tells whether the document has claims now. */
static rk_status extract_one(const rk_engine *e, const rk_document *doc, size_t doc_index,
                             item *it, int *ok, rk_error *err)
{
    rk_error_clear(err);
    rk_status st = rk_extract_document(e, doc, doc_index, &it->part.claims, &it->part.n,
                                       &it->part.cap, err);
    *ok = st == RK_OK;
    if (st == RK_ERR_NOMEM)
        return st;
    if (st != RK_OK) {
        if (!err->file[0])
            snprintf(err->file, sizeof err->file, "%s", doc->path ? doc->path : "");
        keep_diag(it, err);
        rk_error_clear(err);
    }
    return RK_OK;
}

rk_status rk_pipeline_merge(void *dst, rk_claimset *part, rk_error *err)
{
    rk_claimset *set = dst;
    size_t base = set->docs.n;
    if (part->n > set->cap - set->n) {
        size_t cap = set->cap ? set->cap : 64;
        while (cap - set->n < part->n)
            cap *= 2;
        rk_claim *v = realloc(set->claims, cap * sizeof *v);
        if (!v)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        set->claims = v;
        set->cap = cap;
    }
    for (size_t d = 0; d < part->docs.n; d++) {
        if (rk_doclist_push(&set->docs, part->docs.docs[d]) < 0) {
            /* Undo, so every document keeps exactly one owner. */
            set->docs.n = base;
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    }
    for (size_t i = 0; i < part->n; i++) {
        set->claims[set->n] = part->claims[i];
        set->claims[set->n++].document += base;
    }
    part->docs.n = 0;
    part->n = 0;
    return RK_OK;
}

/* rk_pipeline_extract: item i is document i. */
static rk_status doc_work(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    item *it = &c->items[i];
    if (!c->docs->docs[i])
        return RK_OK; /* an empty slot: nothing to extract, nothing to move */
    return extract_one(c->e, c->docs->docs[i], 0, it, &it->ok, err);
}

static rk_status doc_emit(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    item *it = &c->items[i];
    rk_status st = flush_diags(c, it, err);
    if (st != RK_OK || !it->ok)
        return st;
    if (rk_doclist_push(&it->part.docs, c->docs->docs[i]) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if ((st = rk_pipeline_merge(c->set, &it->part, err)) != RK_OK) {
        it->part.docs.n = 0; /* the caller still owns it */
        return st;
    }
    c->docs->docs[i] = NULL;
    item_clear(it);
    return RK_OK;
}

rk_status rk_pipeline_extract(const rk_engine *e, rk_doclist *docs, unsigned jobs,
                              rk_claimset *set, rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!e || !docs || !set)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no engine, documents or claim set");
    run_ctx c = {.e = e, .docs = docs, .set = set, .diag = diag, .diag_ctx = diag_ctx};
    if (docs->n && !(c.items = calloc(docs->n, sizeof *c.items)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* Documents are small and the set keeps them all anyway: no window. */
    rk_status st = rkp_run(docs->n, resolve_jobs(jobs), 0, doc_work, doc_emit, &c, err);
    for (size_t i = 0; i < docs->n; i++)
        item_clear(&c.items[i]);
    free(c.items);
    return st;
}

/* rk_pipeline_stream: item i is file i, read and extracted whole. */
static rk_status file_work(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    item *it = &c->items[i % c->n_slots];
    rk_doclist docs = {0};
    rk_status st = rk_ingest_file(c->paths[i], c->opts, &docs, keep_diag, it, err);
    if (st == RK_ERR_NOMEM)
        goto done;
    if (st != RK_OK)
        keep_diag(it, err);
    st = RK_OK;
    for (size_t d = 0; st == RK_OK && d < docs.n; d++) {
        int ok;
        st = extract_one(c->e, docs.docs[d], it->part.docs.n, it, &ok, err);
        if (st == RK_OK && ok) {
            if (rk_doclist_push(&it->part.docs, docs.docs[d]) < 0)
                st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            else
                docs.docs[d] = NULL;
        }
    }
done:
    rk_doclist_free(&docs);
    return st;
}

static rk_status file_emit(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    item *it = &c->items[i % c->n_slots];
    rk_status st = flush_diags(c, it, err);
    if (st == RK_OK && it->part.docs.n)
        st = c->sink(c->sink_ctx, &it->part, err);
    item_clear(it);
    return st;
}

rk_status rk_pipeline_stream(const rk_engine *e, const char *const *paths, size_t n_paths,
                             const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                             void *sink_ctx, rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!e || (n_paths && !paths) || !sink)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no engine, paths or sink");
    run_ctx c = {.e = e, .paths = paths, .opts = opts, .sink = sink, .sink_ctx = sink_ctx,
                 .diag = diag, .diag_ctx = diag_ctx};
    jobs = resolve_jobs(jobs);
    /* Workers stay within the window, so item i and item i + window never
     * live at the same time and a ring of window slots holds them all. */
    c.n_slots = (size_t)jobs * STREAM_WINDOW_PER_JOB;
    if (!(c.items = calloc(c.n_slots, sizeof *c.items)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    rk_status st = rkp_run(n_paths, jobs, c.n_slots, file_work, file_emit, &c, err);
    for (size_t i = 0; i < c.n_slots; i++)
        item_clear(&c.items[i]);
    free(c.items);
    return st;
}
