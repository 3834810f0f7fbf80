/* pipeline.c - extraction over a document list or a stream of files on a
 * thread pool (queue.c), each item's claims and diagnostics buffered until
 * every item before it has been handed on, so output is in input order. */
#include "pipeline.h"
#include "queue.h"
#include "../core/scratch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Files a stream may hold per thread: enough to keep every thread busy
 * while the sink writes, few enough that memory does not follow the corpus. */
#define STREAM_WINDOW_PER_JOB 4
/* Bytes of a large JSON Lines file in one part: the window then holds a
 * megabyte or two of it, and each part goes to the sink as soon as the
 * parts before it have, so memory does not follow the file. A part and
 * what is made of it (its documents and claims, its rendered lines, four
 * times its size in JSON Lines) stay within a core's cache; parts of 1 MB
 * did not, and with their rendered lines held in the window -j 2 took 2.5
 * times the memory of -j 1. */
#define STREAM_PART_BYTES ((size_t)256 << 10)

/* Diagnostics in the order they came. */
typedef struct diag_list {
    rk_error *v;
    size_t n, cap;
    int nomem;             /* one could not be kept */
} diag_list;

/* What one item (a document, a file or a part of one) produced. */
typedef struct item {
    rk_claimset part;      /* its documents (streams only) and claims */
    diag_list diags;       /* from reading its input */
    diag_list xdiags;      /* from extracting its documents, which come after */
    size_t bad;            /* a part: its bad records */
    size_t n_docs;         /* a file read in parts: its documents so far */
    rk_status failed;      /* a part: the error that refuses its whole file */
    rk_error error;
    int ok;                /* rk_pipeline_extract: the document was extracted */
    /* rk_pipeline_stream_render with threads: the part's output, rendered
       where it was extracted; the part itself is freed there */
    int rendered;
    char *bytes;
    size_t n_bytes;
    size_t n_rendered_docs;
    rk_status render_st;   /* what rendering it returned, given at its turn */
    rk_error render_err;
} item;

/* A stream's unit of work: a whole file, or part `part` of n_parts of a
 * large JSON Lines file. */
typedef struct plan_item {
    size_t path;
    size_t part, n_parts;
    size_t file_size;
} plan_item;

/* Where a file read in parts is cut: made by the worker of its part 0 in one
 * pass over the file (which also refuses a binary one), awaited by the
 * workers of its other parts. */
typedef struct file_cut {
    int ready;
    rk_status st;          /* the file's error, if the cut failed */
    rk_error error;
    rk_ingest_cut cut;
} file_cut;

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
    const rk_pipeline_output *output;  /* rk_pipeline_stream_render */
    int render_in_work;                /* threads render their own parts */
    plan_item *plan;                   /* rk_pipeline_stream: item i is plan[i] */
    item file;                         /* a file read in parts: what its parts
                                          emitted so far leave for its end */
    file_cut *cuts;                    /* per path, for files read in parts */
    pthread_mutex_t cut_lock;
    pthread_cond_t cut_ready;
    int direct;                        /* one thread: items are worked on and
                                          emitted in turn, so a file's batches
                                          may go to the sink as they are read */
    rk_claimset spare;                 /* one thread: the arrays of the last
                                          item emitted, empty, for the next
                                          (item_reuse) */
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

static void list_push(diag_list *l, const rk_error *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        rk_error *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->nomem = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *e;
}

/* Moves the diagnostics of from to the end of to. */
static void list_move(diag_list *to, diag_list *from)
{
    for (size_t k = 0; k < from->n; k++)
        list_push(to, &from->v[k]);
    to->nomem |= from->nomem;
    free(from->v);
    memset(from, 0, sizeof *from);
}

/* rk_diag_fns that keep the diagnostic in the item passed as ctx. */
static void keep_diag(void *ctx, const rk_error *e)
{
    list_push(&((item *)ctx)->diags, e);
}

static void keep_xdiag(void *ctx, const rk_error *e)
{
    list_push(&((item *)ctx)->xdiags, e);
}

static void item_clear(item *it)
{
    rk_claimset_clear(&it->part);
    free(it->bytes);
    free(it->diags.v);
    free(it->xdiags.v);
    memset(it, 0, sizeof *it);
}

/* The largest claim array kept for the next item. */
#define KEPT_CLAIMS_BYTES ((size_t)1 << 20)

/* item_clear(), keeping the part's arrays of claims and documents (empty)
 * in c->spare for the next item when they are not large: the parts of a
 * large file each have about as many claims, and would otherwise grow
 * their arrays again one realloc() after another. Only on one thread
 * (run_ctx.direct), where one item lives at a time, so that one spare is
 * all that is kept. */
static void item_reuse(run_ctx *c, item *it)
{
    if (c->direct && !c->spare.cap && !c->spare.docs.cap &&
        it->part.cap <= KEPT_CLAIMS_BYTES / sizeof *it->part.claims) {
        rk_claimset_empty(&it->part);
        c->spare = it->part;
        it->part = (rk_claimset){0};
    }
    item_clear(it);
}

/* The spare arrays (item_reuse()) for item it, still empty. */
static void take_spare(run_ctx *c, item *it)
{
    if (c->direct && !it->part.cap && !it->part.docs.cap) {
        it->part = c->spare;
        c->spare = (rk_claimset){0};
    }
}

/* Passes a list's diagnostics on, in order, and forgets them. */
static rk_status flush_list(const run_ctx *c, diag_list *l, rk_error *err)
{
    for (size_t k = 0; k < l->n; k++)
        if (c->diag)
            c->diag(c->diag_ctx, &l->v[k]);
    int nomem = l->nomem;
    free(l->v);
    memset(l, 0, sizeof *l);
    if (nomem)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

/* Passes an item's diagnostics on: reading's, then extraction's. */
static rk_status flush_diags(const run_ctx *c, item *it, rk_error *err)
{
    rk_status st = flush_list(c, &it->diags, err);
    rk_status xs = flush_list(c, &it->xdiags, err);
    return st != RK_OK ? st : xs;
}

size_t rk_pipeline_claim_limit(size_t body_len)
{
    size_t by_size = body_len / RK_PIPELINE_BYTES_PER_CLAIM;
    return by_size > RK_PIPELINE_MIN_CLAIMS ? by_size : RK_PIPELINE_MIN_CLAIMS;
}

/* Keeps the first claims of a document up to its limit, with a warning:
 * 4 MB of "9,9,9," would otherwise give two million claims, each quoting
 * up to 800 bytes around its number (gigabytes of output). */
static void cap_claims(const rk_document *doc, item *it, size_t n0, size_t n)
{
    size_t limit = rk_pipeline_claim_limit(doc->body_len);
    if (n <= limit)
        return;
    for (size_t i = n0 + limit; i < it->part.n; i++)
        rk_claim_clear(&it->part.claims[i]);
    it->part.n = n0 + limit;
    rk_error w;
    rk_error_warn(&w, RK_ERR_LIMIT, doc->path, doc->record ? (long)doc->record : 0, 0,
                  "%zu claims in one document, more than its limit of %zu (one per %d bytes "
                  "of text, at least %d); the first %zu are kept", n, limit,
                  RK_PIPELINE_BYTES_PER_CLAIM, RK_PIPELINE_MIN_CLAIMS, limit);
    keep_xdiag(it, &w);
}

/* Extracts doc into it->part's claims with document index doc_index; a
 * document that cannot be extracted, for any reason including a lack of
 * memory, is kept as a diagnostic naming its file, and the run goes on.
 * Returns RK_OK; *ok tells whether the document has claims now. */
static rk_status extract_one(const rk_engine *e, const rk_document *doc, size_t doc_index,
                             item *it, int *ok, rk_error *err)
{
    rk_error_clear(err);
    size_t n0 = it->part.n, found = 0;
    rk_status st = rk_extract_document_capped(e, doc, doc_index,
                                              rk_pipeline_claim_limit(doc->body_len), &found,
                                              &it->part.claims, &it->part.n, &it->part.cap, err);
    *ok = st == RK_OK;
    if (st == RK_OK) {
        cap_claims(doc, it, n0, found);
        return RK_OK;
    }
    if (!err->file[0])
        snprintf(err->file, sizeof err->file, "%s", doc->path ? doc->path : "");
    if (st == RK_ERR_NOMEM)
        snprintf(err->message, sizeof err->message, "out of memory while extracting the "
                 "claims of %s", doc->record ? "this record" : "this document");
    if (st == RK_ERR_NOMEM && doc->record && err->line <= 0)
        err->line = (long)doc->record;
    keep_xdiag(it, err);
    rk_error_clear(err);
    return RK_OK;
}

/* An input that ran out of memory is that input's error, named, and the
 * run goes on with the others: the memory is freed with it. */
static void name_nomem(rk_error *err, const char *path)
{
    if (err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
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

static rk_status doc_emit_(run_ctx *c, size_t i, rk_error *err)
{
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

/* What fails while a document or a file is handed on is named after it. */
static rk_status named(rk_status st, const char *path, rk_error *err)
{
    if (st != RK_OK && err && !err->file[0] && path)
        snprintf(err->file, sizeof err->file, "%s", path);
    return st;
}

static rk_status doc_emit(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    const rk_document *d = c->docs->docs[i];
    const char *path = d ? d->path : NULL;
    return named(doc_emit_(c, i, err), path, err);
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
    rk_scratch_drop();
    return st;
}

/* After a part of the file paths[path] went to the output with status st:
 * a failed write to it is RK_ERR_IO, and progress hears of the part. */
static rk_status output_done(const rk_pipeline_output *o, size_t path, rk_status st,
                             rk_error *err)
{
    if (st == RK_OK && ferror(o->out))
        st = rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "cannot write the report");
    if (st == RK_OK && o->written)
        o->written(o->written_ctx, path);
    return st;
}

/* Hands part (of the file paths[path]) on, on the calling thread: to the
 * sink, or rendered into the output. */
static rk_status give(const run_ctx *c, rk_claimset *part, size_t path, rk_error *err)
{
    const rk_pipeline_output *o = c->output;
    if (!o)
        return c->sink(c->sink_ctx, part, err);
    return output_done(o, path, o->render(o->render_ctx, part, o->out, err), err);
}

/* A worker's part, rendered into memory where it was extracted and freed
 * there; what rendering returned waits for the part's turn (emit_part). */
static void render_part(const run_ctx *c, item *it)
{
    const rk_pipeline_output *o = c->output;
    rk_error_clear(&it->render_err);
    FILE *m = open_memstream(&it->bytes, &it->n_bytes);
    if (!m) {
        it->render_st = rk_error_set(&it->render_err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        it->render_st = o->render(o->render_ctx, &it->part, m, &it->render_err);
        /* memory stream errors are a lack of memory */
        int bad = ferror(m);
        if (fclose(m) != 0 || bad) {
            if (it->render_st == RK_OK || it->render_st == RK_ERR_IO)
                it->render_st = rk_error_set(&it->render_err, RK_ERR_NOMEM, NULL, 0, 0,
                                             "out of memory");
        }
    }
    it->n_rendered_docs = it->part.docs.n;
    it->rendered = 1;
    rk_claimset_clear(&it->part);
}

/* The documents an item has for its file: rendered or still held. */
static size_t item_docs(const item *it)
{
    return it->rendered ? it->n_rendered_docs : it->part.docs.n;
}

/* Hands an item's part on at its turn: its rendered bytes to the output,
 * or the part itself through give(). */
static rk_status emit_part(const run_ctx *c, item *it, size_t path, rk_error *err)
{
    if (!it->rendered)
        return it->part.docs.n ? give(c, &it->part, path, err) : RK_OK;
    const rk_pipeline_output *o = c->output;
    rk_status st = RK_OK;
    if (it->n_bytes && fwrite(it->bytes, 1, it->n_bytes, o->out) != it->n_bytes)
        st = rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "cannot write the report");
    free(it->bytes);
    it->bytes = NULL;
    it->n_bytes = 0;
    if (st == RK_OK && it->render_st != RK_OK) {
        st = it->render_st;
        if (err)
            *err = it->render_err;
    }
    return output_done(o, path, st, err); /* a rendered part has documents */
}

/* Extracts the documents of docs into it, moving those that have claims
 * into it->part. */
static rk_status extract_all(const run_ctx *c, rk_doclist *docs, item *it, rk_error *err)
{
    rk_status st = RK_OK;
    for (size_t d = 0; st == RK_OK && d < docs->n; d++) {
        int ok;
        st = extract_one(c->e, docs->docs[d], it->part.docs.n, it, &ok, err);
        if (st == RK_OK && ok) {
            if (rk_doclist_push(&it->part.docs, docs->docs[d]) < 0)
                st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            else
                docs->docs[d] = NULL;
        }
    }
    return st;
}

/* A file read batch by batch on one thread (run_ctx.direct). */
typedef struct batch_ctx {
    const run_ctx *c;
    item *it;
    size_t path;           /* its index in paths */
    rk_status failed;      /* extraction ran out of memory or the sink failed */
} batch_ctx;

/* An rk_ingest_batch_fn: extracts a batch of documents and hands it to the
 * sink at once, which is in order since every item before this one has been
 * emitted. Extraction's diagnostics wait in the item for the file's end, as
 * they would with threads. */
static rk_status direct_batch(void *ctx, rk_doclist *docs, rk_error *err)
{
    batch_ctx *b = ctx;
    rk_status st = extract_all(b->c, docs, b->it, err);
    if (st == RK_OK && b->it->part.docs.n)
        st = give(b->c, &b->it->part, b->path, err);
    rk_claimset_empty(&b->it->part); /* its arrays serve the next batch */
    b->failed = st;
    return st;
}

/* An rk_diag_fn passing a reading diagnostic on at once (one thread). */
static void pass_diag(void *ctx, const rk_error *e)
{
    const run_ctx *c = ctx;
    if (c->diag)
        c->diag(c->diag_ctx, e);
}

/* rk_pipeline_stream: item i is plan[i], a file read and extracted whole or
 * a part of a large JSON Lines file. */
static rk_status file_work(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    const plan_item *p = &c->plan[i];
    item *it = &c->items[i % c->n_slots];
    rk_doclist docs = {0};
    rk_status st;
    take_spare(c, it);
    if (p->n_parts > 1) {
        const char *path = c->paths[p->path];
        file_cut *fc = &c->cuts[p->path];
        rk_error_clear(&it->error);
        if (p->part == 0) {
            rk_ingest_cut cut;
            rk_error e;
            rk_error_clear(&e);
            st = rk_ingest_cut_file(path, p->file_size, p->n_parts, &cut, &e);
            if (st == RK_ERR_NOMEM)
                name_nomem(&e, path);
            pthread_mutex_lock(&c->cut_lock);
            fc->cut = cut;
            fc->st = st;
            fc->error = e;
            fc->ready = 1;
            pthread_cond_broadcast(&c->cut_ready);
            pthread_mutex_unlock(&c->cut_lock);
            if (st != RK_OK) {
                /* The file's error (a binary file too), before any part of it. */
                it->failed = st;
                it->error = e;
                return RK_OK;
            }
        } else {
            /* Part 0 was taken before this one, and its cut always ends. */
            pthread_mutex_lock(&c->cut_lock);
            while (!fc->ready)
                pthread_cond_wait(&c->cut_ready, &c->cut_lock);
            pthread_mutex_unlock(&c->cut_lock);
            if (fc->st != RK_OK)
                return RK_OK; /* part 0 carries the error */
        }
        st = rk_ingest_cut_part(path, c->opts, &fc->cut, p->part, &docs, &it->bad, keep_diag, it,
                                &it->error);
        if (st == RK_ERR_NOMEM)
            name_nomem(&it->error, path);
        it->failed = st; /* refuses the rest of the file; the part is not extracted */
        st = it->failed == RK_OK ? extract_all(c, &docs, it, err) : RK_OK;
        if (st == RK_OK && c->render_in_work && it->part.docs.n)
            render_part(c, it);
        goto done;
    }
    if (c->direct) {
        batch_ctx b = {c, it, p->path, RK_OK};
        st = rk_ingest_file_each(c->paths[p->path], c->opts, direct_batch, &b, pass_diag, c, err);
        if (b.failed != RK_OK)
            return st; /* the sink failed: the run's output, not this file */
        if (st != RK_OK) {
            /* The file is refused (out of memory too), and the run goes on:
             * of a JSON Lines file, batches before the error went out. */
            name_nomem(err, c->paths[p->path]);
            keep_diag(it, err);
        }
        return RK_OK;
    }
    st = rk_ingest_file(c->paths[p->path], c->opts, &docs, keep_diag, it, err);
    if (st != RK_OK) {
        name_nomem(err, c->paths[p->path]);
        keep_diag(it, err);
    }
    st = extract_all(c, &docs, it, err);
    if (st == RK_OK && c->render_in_work && it->part.docs.n)
        render_part(c, it);
done:
    rk_doclist_free(&docs);
    return st;
}

/* The end of a file read in parts: the verdict on the whole file (no record
 * gave a document), then its extraction diagnostics, which wait for the
 * end as they do on one thread. */
static rk_status end_file(run_ctx *c, const plan_item *p, rk_error *err)
{
    item *f = &c->file;
    rk_status st = RK_OK;
    if (f->failed == RK_OK) {
        rk_error e;
        rk_error_clear(&e);
        if (rk_ingest_parts_end(c->paths[p->path], f->n_docs, f->bad, &e) != RK_OK && c->diag)
            c->diag(c->diag_ctx, &e);
    }
    st = flush_list(c, &f->xdiags, err);
    item_clear(f);
    rk_ingest_cut_free(&c->cuts[p->path].cut);
    return st;
}

static rk_status file_emit_(run_ctx *c, size_t i, rk_error *err);

static rk_status file_emit(void *ctx, size_t i, rk_error *err)
{
    run_ctx *c = ctx;
    return named(file_emit_(c, i, err), c->paths[c->plan[i].path], err);
}

static rk_status file_emit_(run_ctx *c, size_t i, rk_error *err)
{
    const plan_item *p = &c->plan[i];
    item *it = &c->items[i % c->n_slots];
    rk_status st = RK_OK;
    if (p->n_parts > 1) {
        /* A part goes to the sink as soon as the parts before it have, with
         * its reading diagnostics first; its extraction diagnostics wait
         * for the file's end. An error refuses the rest of the file: one in
         * the cut (a binary file) comes with part 0, before anything of the
         * file, as the whole-file reader gives it; a later one (the file
         * could not be read again, changed, or memory ran out) after the
         * parts before it, as one thread gives it. */
        item *f = &c->file;
        if (f->failed == RK_OK && it->failed != RK_OK) {
            f->failed = it->failed;
            if (c->diag)
                c->diag(c->diag_ctx, &it->error);
        }
        if (f->failed == RK_OK) {
            st = flush_list(c, &it->diags, err);
            list_move(&f->xdiags, &it->xdiags);
            f->bad += it->bad;
            f->n_docs += item_docs(it);
            if (st == RK_OK)
                st = emit_part(c, it, p->path, err);
        }
        if (st == RK_OK && p->part + 1 == p->n_parts)
            st = end_file(c, p, err);
        item_reuse(c, it);
        return st;
    }
    st = flush_diags(c, it, err);
    if (st == RK_OK)
        st = emit_part(c, it, p->path, err);
    item_reuse(c, it);
    return st;
}

/* The items of a stream: one per file, or several for a large JSON Lines
 * file, on one thread too: a part is read into memory that stays in
 * the caches while it is extracted and written, where the whole file read
 * at once cost its size in fresh memory (page faults, a kernel copy) and a
 * NUL scan from main memory. How a file is cut depends on its size, never
 * the output. */
static plan_item *make_plan(const char *const *paths, size_t n_paths,
                            const rk_ingest_options *opts, size_t *n_items)
{
    size_t n = 0, cap = n_paths ? n_paths : 1;
    plan_item *v = malloc(cap * sizeof *v);
    for (size_t k = 0; v && k < n_paths; k++) {
        size_t size = 0, parts = rk_ingest_parts(paths[k], opts, 2, &size);
        if (parts > 1)
            parts = size / STREAM_PART_BYTES > 2 ? size / STREAM_PART_BYTES : 2;
        if (n + parts > cap) {
            while (n + parts > cap)
                cap *= 2;
            plan_item *w = realloc(v, cap * sizeof *w);
            if (!w) {
                free(v);
                return NULL;
            }
            v = w;
        }
        for (size_t p = 0; p < parts; p++)
            v[n++] = (plan_item){k, p, parts, size};
    }
    *n_items = n;
    return v;
}

static rk_status stream(const rk_engine *e, const char *const *paths, size_t n_paths,
                        const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                        void *sink_ctx, const rk_pipeline_output *output, rk_diag_fn diag,
                        void *diag_ctx, rk_error *err);

rk_status rk_pipeline_stream(const rk_engine *e, const char *const *paths, size_t n_paths,
                             const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                             void *sink_ctx, rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!e || (n_paths && !paths) || !sink)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no engine, paths or sink");
    return stream(e, paths, n_paths, opts, jobs, sink, sink_ctx, NULL, diag, diag_ctx, err);
}

rk_status rk_pipeline_stream_render(const rk_engine *e, const char *const *paths,
                                    size_t n_paths, const rk_ingest_options *opts,
                                    unsigned jobs, const rk_pipeline_output *output,
                                    rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!e || (n_paths && !paths) || !output || !output->render || !output->out)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no engine, paths or output");
    return stream(e, paths, n_paths, opts, jobs, NULL, NULL, output, diag, diag_ctx, err);
}

static rk_status stream(const rk_engine *e, const char *const *paths, size_t n_paths,
                        const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                        void *sink_ctx, const rk_pipeline_output *output, rk_diag_fn diag,
                        void *diag_ctx, rk_error *err)
{
    run_ctx c = {.e = e, .paths = paths, .opts = opts, .sink = sink, .sink_ctx = sink_ctx,
                 .output = output, .diag = diag, .diag_ctx = diag_ctx};
    jobs = resolve_jobs(jobs);
    size_t n_items = 0;
    if (!(c.plan = make_plan(paths, n_paths, opts, &n_items)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* Workers stay within the window, so item i and item i + window never
     * live at the same time and a ring of window slots holds them all. */
    c.n_slots = (size_t)jobs * STREAM_WINDOW_PER_JOB;
    if (!(c.items = calloc(c.n_slots, sizeof *c.items))) {
        free(c.plan);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    c.direct = jobs <= 1 || n_items <= 1; /* as rkp_run() runs them inline */
    c.render_in_work = output && !c.direct;
    if (n_items > n_paths && !(c.cuts = calloc(n_paths, sizeof *c.cuts))) {
        free(c.items);
        free(c.plan);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    pthread_mutex_init(&c.cut_lock, NULL);
    pthread_cond_init(&c.cut_ready, NULL);
    rk_status st = rkp_run(n_items, jobs, c.n_slots, file_work, file_emit, &c, err);
    for (size_t i = 0; i < c.n_slots; i++)
        item_clear(&c.items[i]);
    item_clear(&c.file);
    rk_claimset_clear(&c.spare);
    for (size_t k = 0; c.cuts && k < n_paths; k++)
        rk_ingest_cut_free(&c.cuts[k].cut);
    pthread_cond_destroy(&c.cut_ready);
    pthread_mutex_destroy(&c.cut_lock);
    free(c.cuts);
    free(c.items);
    free(c.plan);
    rk_scratch_drop(); /* the blocks this thread kept (workers' go as they exit) */
    return st;
}
