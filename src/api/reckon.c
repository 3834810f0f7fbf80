/* reckon.c - the public interface (include/reckon.h) over the stages: rule
 * sets and corpora as opaque handles, every result readable through
 * accessors or as the renderers' text, and one function that frees all. */
#define _GNU_SOURCE /* dladdr */
#include "../../include/reckon.h"
#include "../claimfile/claimfile.h"
#include "../claims/extract.h"
#include "../core/buf.h"
#include "../ingest/ingest.h"
#include "../ingest/internal.h"
#include "../pipeline/pipeline.h"
#include "../reconcile/reconcile.h"
#include "../report/labels.h"
#include "../report/report.h"
#include "../review/review.h"
#include "../rules/rules.h"

#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The path from the library's directory (or, linked statically, the
 * program's) to the installed rule set; set by the build. */
#ifndef RK_LIBDIR_TO_RULES
#define RK_LIBDIR_TO_RULES "../share/reckon/rules"
#endif
#ifndef RK_BINDIR_TO_RULES
#define RK_BINDIR_TO_RULES "../share/reckon/rules"
#endif

/* ---- boxes: what rk_free() frees ------------------------------------------
 * Everything handed out sits after a small header saying what it is, so
 * one function frees strings and handles alike. */

#define BOX_MAGIC 0x726b6278u /* "rkbx" */
enum { BOX_STRING = 1, BOX_RULESET, BOX_CORPUS, BOX_FREED };

typedef union box {
    struct {
        uint32_t magic, kind;
    } h;
    max_align_t align;
} box;

static void *box_new(uint32_t kind, size_t size)
{
    box *b = calloc(1, sizeof *b + size);
    if (!b)
        return NULL;
    b->h.magic = BOX_MAGIC;
    b->h.kind = kind;
    return b + 1;
}

static box *box_of(void *p)
{
    return (box *)p - 1;
}

/* A string the caller frees with rk_free(): s[0..n) and a NUL. */
static char *box_strndup(const char *s, size_t n)
{
    char *p = box_new(BOX_STRING, n + 1);
    if (p && n)
        memcpy(p, s, n);
    return p;
}

/* ---- codes and errors ---------------------------------------------------- */

static rk_code code_of(rk_status st)
{
    switch (st) {
    case RK_OK: return RK_CODE_OK;
    case RK_ERR_NOMEM: return RK_CODE_NOMEM;
    case RK_ERR_IO: return RK_CODE_IO;
    case RK_ERR_UTF8: return RK_CODE_UTF8;
    case RK_ERR_PARSE: return RK_CODE_PARSE;
    case RK_ERR_RULES: return RK_CODE_RULES;
    case RK_ERR_LIMIT: return RK_CODE_LIMIT;
    case RK_ERR_USAGE: return RK_CODE_USAGE;
    case RK_ERR_FORMAT: return RK_CODE_FORMAT;
    default: return RK_CODE_INTERNAL;
    }
}

const char *rk_code_name(rk_code code)
{
    static const char *const names[] = {"ok", "nomem", "io", "utf8", "parse", "rules",
                                        "limit", "usage", "format", "internal"};
    return (unsigned)code < sizeof names / sizeof *names ? names[code] : "unknown";
}

int rk_version_number(void)
{
    return RK_VERSION_NUMBER;
}

/* Stores e as "path:line:col: message" in *error (unless error is NULL)
 * and returns its code. */
static rk_code fail(char **error, const rk_error *e)
{
    if (error) {
        char msg[RK_ERROR_PATH_MAX + RK_ERROR_MSG_MAX + 64];
        rk_error_format(e, msg, sizeof msg);
        *error = box_strndup(msg, strlen(msg));
    }
    return code_of(e->code);
}

static rk_code fail_with(char **error, rk_status st, const char *msg)
{
    rk_error e;
    rk_error_set(&e, st, NULL, 0, 0, "%s", msg);
    return fail(error, &e);
}

static void no_error(char **error)
{
    if (error)
        *error = NULL;
}

/* ---- rule sets ------------------------------------------------------------ */

struct rk_ruleset {
    atomic_size_t refs;   /* the caller's and one per corpus */
    rk_rules *rules;
    rk_engine *engine;
    rk_labels *labels;
};

static void ruleset_release(rk_ruleset *rs)
{
    if (!rs || atomic_fetch_sub(&rs->refs, 1) != 1)
        return;
    rk_labels_free(rs->labels);
    rk_engine_free(rs->engine);
    rk_rules_free(rs->rules);
    box_of(rs)->h.kind = BOX_FREED;
    free(box_of(rs));
}

/* The directory of the object librk's code was loaded from: the shared
 * library, or the program it is linked into. The caller frees it. */
static char *loaded_from(int *is_program)
{
    Dl_info info;
    if (!dladdr((void *)&rk_ruleset_default_dir, &info) || !info.dli_fname)
        return NULL;
    char *full = realpath(info.dli_fname, NULL);
    if (!full)
        return NULL;
    const char *base = strrchr(full, '/');
    *is_program = !(base && strstr(base, ".so"));
    *strrchr(full, '/') = '\0';
    return full;
}

static int is_rule_dir(const char *dir)
{
    rk_buf b = RK_BUF_INIT;
    struct stat st;
    int ok = rk_buf_printf(&b, "%s/schema/rules.rng", dir) == 0 && stat(b.data, &st) == 0 &&
             S_ISREG(st.st_mode);
    rk_buf_free(&b);
    return ok;
}

char *rk_ruleset_default_dir(void)
{
    int program = 0;
    char *dir = loaded_from(&program);
    if (!dir)
        return NULL;
    rk_buf b = RK_BUF_INIT;
    char *found = NULL;
    if (rk_buf_printf(&b, "%s/%s", dir, program ? RK_BINDIR_TO_RULES : RK_LIBDIR_TO_RULES) == 0) {
        char *real = realpath(b.data, NULL);
        if (real && is_rule_dir(real))
            found = box_strndup(real, strlen(real));
        free(real);
    }
    rk_buf_free(&b);
    free(dir);
    return found;
}

/* Compiles a loaded rule set into a handle; takes ownership of rules. */
static rk_code ruleset_make(rk_rules *rules, rk_ruleset **out, char **error)
{
    rk_error e;
    rk_error_clear(&e);
    rk_ruleset *rs = box_new(BOX_RULESET, sizeof *rs);
    if (!rs) {
        rk_rules_free(rules);
        return fail_with(error, RK_ERR_NOMEM, "out of memory");
    }
    atomic_init(&rs->refs, 1);
    rs->rules = rules;
    rk_status st = rk_engine_new(rules, &rs->engine, &e);
    if (st == RK_OK)
        st = rk_labels_load(rules, &rs->labels, &e);
    if (st != RK_OK) {
        ruleset_release(rs);
        return fail(error, &e);
    }
    *out = rs;
    return RK_CODE_OK;
}

/* The rule set in dir (the installed one for NULL) with the layers over it;
 * *out set by the callers' checks. */
static rk_code open_layers(const char *dir, const char *const *layers, size_t n,
                           rk_ruleset **out, char **error)
{
    char *def = NULL;
    if (!dir && !(dir = def = rk_ruleset_default_dir()))
        return fail_with(error, RK_ERR_RULES,
                         "no installed rule set beside the library: give a rule directory");
    rk_error e;
    rk_error_clear(&e);
    rk_rules *rules = NULL;
    rk_status st = rk_rules_load_layers(dir, layers, n, NULL, &rules, NULL, NULL, &e);
    rk_free(def);
    if (st != RK_OK)
        return fail(error, &e);
    return ruleset_make(rules, out, error);
}

rk_code rk_ruleset_open(const char *dir, rk_ruleset **out, char **error)
{
    no_error(error);
    if (!out)
        return fail_with(error, RK_ERR_USAGE, "rk_ruleset_open: out is NULL");
    *out = NULL;
    return open_layers(dir, NULL, 0, out, error);
}

rk_code rk_ruleset_open_event(const char *dir, const char *const *event_dirs, size_t n,
                              rk_ruleset **out, char **error)
{
    no_error(error);
    if (!out)
        return fail_with(error, RK_ERR_USAGE, "rk_ruleset_open_event: out is NULL");
    *out = NULL;
    if (n && !event_dirs)
        return fail_with(error, RK_ERR_USAGE, "rk_ruleset_open_event: event_dirs is NULL");
    for (size_t i = 0; i < n; i++)
        if (!event_dirs[i])
            return fail_with(error, RK_ERR_USAGE, "rk_ruleset_open_event: a folder is NULL");
    return open_layers(dir, event_dirs, n, out, error);
}

/* A name of a rule set in memory is a relative path of plain components
 * ending in .xml or .rng. */
static int safe_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || name[0] == '/' ||
        !(n > 4 && (strcmp(name + n - 4, ".xml") == 0 || strcmp(name + n - 4, ".rng") == 0)))
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.' || *p == '/'))
            return 0;
    for (const char *c = name; c;) {
        const char *next = strchr(c, '/');
        size_t len = next ? (size_t)(next - c) : strlen(c);
        if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.') ||
            c[0] == '.')
            return 0;
        c = next ? next + 1 : NULL;
    }
    return 1;
}

rk_code rk_ruleset_open_memory(const char *const *names, const char *const *texts,
                               const size_t *lengths, size_t n, rk_ruleset **out, char **error)
{
    no_error(error);
    if (!out || (n && (!names || !texts)))
        return fail_with(error, RK_ERR_USAGE, "rk_ruleset_open_memory: missing argument");
    *out = NULL;
    int own_schema = 0;
    for (size_t i = 0; i < n; i++) {
        if (!names[i] || !texts[i] || !safe_name(names[i])) {
            rk_error e;
            rk_error_set(&e, RK_ERR_USAGE, names[i] ? names[i] : "", 0, 0,
                         "not a rule file name (a relative path ending in .xml or .rng)");
            return fail(error, &e);
        }
        own_schema |= strcmp(names[i], "schema/rules.rng") == 0;
    }
    rk_error e;
    rk_error_clear(&e);
    rk_status st = RK_OK;
    char *def = NULL;
    rk_buf schema = RK_BUF_INIT;
    rk_rules_file *files = calloc(n ? n : 1, sizeof *files);
    if (!files)
        st = rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; st == RK_OK && i < n; i++)
        files[i] = (rk_rules_file){names[i], texts[i], lengths ? lengths[i] : strlen(texts[i])};
    if (st == RK_OK && !own_schema) {
        if (!(def = rk_ruleset_default_dir()))
            st = rk_error_set(&e, RK_ERR_RULES, NULL, 0, 0,
                              "no schema/rules.rng among the files and no installed rule set");
        else if (rk_buf_printf(&schema, "%s/schema/rules.rng", def) < 0)
            st = rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    /* The files are read where they are: nothing is staged on disk. */
    rk_rules *rules = NULL;
    if (st == RK_OK)
        st = rk_rules_load_memory(files, n, own_schema ? NULL : schema.data, &rules, NULL, NULL,
                                  &e);
    free(files);
    rk_free(def);
    rk_buf_free(&schema);
    if (st != RK_OK)
        return fail(error, &e);
    return ruleset_make(rules, out, error);
}

/* ---- corpora ------------------------------------------------------------- */

struct rk_corpus {
    rk_ruleset *rs;            /* a reference */
    rk_claimset set;
    rk_claimfile *cf;          /* made by the first rk_corpus_add_claims(); the
                                  claims it read borrow its strings */
    rk_reconciliation *rec;    /* NULL until reconciled, and after a change */
    rk_reviews *reviews;
};

static void corpus_free(rk_corpus *c)
{
    rk_reconciliation_free(c->rec);
    rk_claimset_clear(&c->set);
    rk_claimfile_free(c->cf);
    rk_reviews_free(c->reviews);
    ruleset_release(c->rs);
    box_of(c)->h.kind = BOX_FREED;
    free(box_of(c));
}

void rk_free(void *p)
{
    if (!p)
        return;
    box *b = box_of(p);
    if (b->h.magic != BOX_MAGIC)
        return; /* not ours: leaking beats freeing what we did not allocate */
    switch (b->h.kind) {
    case BOX_STRING:
        b->h.kind = BOX_FREED;
        free(b);
        break;
    case BOX_RULESET: ruleset_release(p); break;
    case BOX_CORPUS: corpus_free(p); break;
    default: break;
    }
}

rk_code rk_corpus_new(rk_ruleset *rules, rk_corpus **out)
{
    if (!out)
        return RK_CODE_USAGE;
    *out = NULL;
    if (!rules)
        return RK_CODE_USAGE;
    rk_corpus *c = box_new(BOX_CORPUS, sizeof *c);
    if (!c)
        return RK_CODE_NOMEM;
    atomic_fetch_add(&rules->refs, 1);
    c->rs = rules;
    *out = c;
    return RK_CODE_OK;
}

/* Extracts docs into a set of their own, then moves it into the corpus:
 * all of them, or on failure none. Takes the documents. */
static rk_code add_docs(rk_corpus *c, rk_doclist *docs, char **error)
{
    rk_claimset part = {0};
    rk_error e;
    rk_error_clear(&e);
    rk_status st = RK_OK;
    for (size_t i = 0; st == RK_OK && i < docs->n; i++) {
        st = rk_extract_into(c->rs->engine, docs->docs[i], &part, &e);
        if (st == RK_OK)
            docs->docs[i] = NULL; /* the part has it */
    }
    if (st == RK_OK)
        st = rk_pipeline_merge(&c->set, &part, &e);
    rk_claimset_clear(&part);
    rk_doclist_free(docs);
    if (st != RK_OK)
        return fail(error, &e);
    rk_reconciliation_free(c->rec);
    c->rec = NULL;
    return RK_CODE_OK;
}

static rk_field *meta_field(rk_document *d, const char *key)
{
    static const char *const names[] = {"source", "published", "url", "language", "title",
                                        "byline", "dateline"};
    rk_field *fields[] = {&d->source, &d->published, &d->url, &d->language,
                          &d->title, &d->byline, &d->dateline};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i], key) == 0)
            return fields[i];
    return NULL;
}

rk_code rk_corpus_add_text(rk_corpus *c, const char *id, const char *text, size_t len,
                           const char *const *meta, char **error)
{
    no_error(error);
    if (!c || (!text && len))
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_add_text: missing argument");
    char fallback[32];
    if (!id) {
        snprintf(fallback, sizeof fallback, "text-%zu", c->set.docs.n + 1);
        id = fallback;
    }
    if (!*id)
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_add_text: an empty id");
    rk_error e;
    rk_error_clear(&e);
    /* Read as a text file without a sidecar, the metadata given here
     * standing for the sidecar's; then what is still missing is inferred,
     * as for any input (ing_finish). */
    rk_ingest_options o = {.force_format = RK_FORMAT_TEXT, .no_sidecar = 1, .no_infer = 1};
    rk_doclist docs = {0};
    rk_status st = rk_ingest_buffer(id, text ? text : "", len, &o, &docs, NULL, NULL, &e);
    if (st == RK_OK && docs.n != 1)
        st = rk_error_set(&e, RK_ERR_INTERNAL, id, 0, 0, "text gave %zu documents", docs.n);
    if (st != RK_OK) {
        rk_doclist_free(&docs);
        return fail(error, &e);
    }
    rk_document *d = docs.docs[0];
    char *nid = rk_strdup(id), *npath = rk_strdup(id);
    if (!nid || !npath)
        st = rk_error_set(&e, RK_ERR_NOMEM, id, 0, 0, "out of memory");
    else {
        free(d->id);
        free(d->path);
        d->id = nid;
        d->path = npath;
        nid = npath = NULL;
    }
    for (size_t i = 0; st == RK_OK && meta && meta[i]; i += 2) {
        rk_field *f = meta_field(d, meta[i]);
        if (!f)
            st = rk_error_set(&e, RK_ERR_USAGE, id, 0, 0,
                              "unknown metadata '%s' (source, published, url, language, "
                              "title, byline, dateline)", meta[i]);
        else if (meta[i + 1] && *meta[i + 1] && ing_field_sets(f, meta[i + 1], RK_ORIGIN_GIVEN) < 0)
            st = rk_error_set(&e, RK_ERR_NOMEM, id, 0, 0, "out of memory");
        if (!meta[i + 1])
            break;
    }
    if (st == RK_OK) {
        ing_lang_normalise(&d->language);
        if (ing_infer(d, RK_INGEST_DEFAULT_REFERENCE_YEAR) < 0)
            st = rk_error_set(&e, RK_ERR_NOMEM, id, 0, 0, "out of memory");
    }
    free(nid);
    free(npath);
    if (st != RK_OK) {
        rk_doclist_free(&docs);
        return fail(error, &e);
    }
    return add_docs(c, &docs, error);
}

/* Keeps the first diagnostic of a file read. */
static void first_diag(void *ctx, const rk_error *e)
{
    rk_error *first = ctx;
    if (first->code == RK_OK)
        *first = *e;
}

rk_code rk_corpus_add_file(rk_corpus *c, const char *path, char **error)
{
    no_error(error);
    if (!c || !path)
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_add_file: missing argument");
    rk_error e, first;
    rk_error_clear(&e);
    rk_error_clear(&first);
    rk_doclist docs = {0};
    rk_status st = rk_ingest_file(path, NULL, &docs, first_diag, &first, &e);
    /* A broken sidecar is ignored by the command line with a warning; here
     * any diagnostic refuses the file, so nothing is taken half. */
    if (st == RK_OK && first.code != RK_OK) {
        e = first;
        st = first.code;
    }
    if (st != RK_OK) {
        rk_doclist_free(&docs);
        return fail(error, &e);
    }
    return add_docs(c, &docs, error);
}

rk_code rk_corpus_add_claims(rk_corpus *c, const char *name, const char *jsonl, size_t len,
                             char **error)
{
    no_error(error);
    if (!c || (!jsonl && len))
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_add_claims: missing argument");
    rk_error e;
    rk_error_clear(&e);
    if (!c->cf && rk_claimfile_new(&c->cf, &e) != RK_OK)
        return fail(error, &e);
    if (rk_claimfile_read(c->cf, name ? name : "claims", jsonl ? jsonl : "", len, &c->set, &e) !=
        RK_OK)
        return fail(error, &e);
    rk_reconciliation_free(c->rec);
    c->rec = NULL;
    return RK_CODE_OK;
}

rk_code rk_corpus_set_reviews(rk_corpus *c, const char *path, char **error)
{
    no_error(error);
    if (!c || !path)
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_set_reviews: missing argument");
    rk_error e;
    rk_error_clear(&e);
    rk_reviews *r = NULL;
    if (rk_reviews_load(path, &r, &e) != RK_OK)
        return fail(error, &e);
    rk_reviews_free(c->reviews);
    c->reviews = r;
    return RK_CODE_OK;
}

rk_code rk_corpus_reconcile(rk_corpus *c, char **error)
{
    no_error(error);
    if (!c)
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_reconcile: no corpus");
    rk_error e;
    rk_error_clear(&e);
    rk_reconciliation *rec = NULL;
    if (rk_reconcile(&c->set, c->rs->rules, &rec, &e) != RK_OK)
        return fail(error, &e);
    rk_reconciliation_free(c->rec);
    c->rec = rec;
    return RK_CODE_OK;
}

rk_code rk_corpus_render(const rk_corpus *c, const char *format, char **out, size_t *len,
                         char **error)
{
    no_error(error);
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!c || !format || !out)
        return fail_with(error, RK_ERR_USAGE, "rk_corpus_render: missing argument");
    const rk_renderer *r = rk_renderer_find(format);
    if (!r)
        return fail_with(error, RK_ERR_USAGE,
                         "unknown format (json, jsonl, xml, csv, csv-groups, html, text, "
                         "claimreview)");
    int claims_only = !strcmp(format, "json") || !strcmp(format, "jsonl") ||
                      !strcmp(format, "xml") || !strcmp(format, "csv");
    if (!c->rec && !claims_only)
        return fail_with(error, RK_ERR_USAGE, "this format needs rk_corpus_reconcile() first");
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return fail_with(error, RK_ERR_NOMEM, "out of memory");
    rk_error e;
    rk_error_clear(&e);
    rk_report rep = {&c->set, c->rec, c->reviews, NULL, c->rs->labels, NULL};
    rk_status st = r->render(&rep, f, &e);
    if (fclose(f) != 0 && st == RK_OK)
        st = rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    char *s = st == RK_OK ? box_strndup(buf ? buf : "", size) : NULL;
    free(buf);
    if (st != RK_OK)
        return fail(error, &e);
    if (!s)
        return fail_with(error, RK_ERR_NOMEM, "out of memory");
    *out = s;
    if (len)
        *len = size;
    return RK_CODE_OK;
}

/* ---- accessors ------------------------------------------------------------ */

size_t rk_corpus_document_count(const rk_corpus *c)
{
    return c ? c->set.docs.n : 0;
}

const char *rk_corpus_document_id(const rk_corpus *c, size_t doc)
{
    return c && doc < c->set.docs.n ? c->set.docs.docs[doc]->id : NULL;
}

size_t rk_corpus_claim_count(const rk_corpus *c)
{
    return c ? c->set.n : 0;
}

static const rk_claim *claim_at(const rk_corpus *c, size_t i)
{
    return c && i < c->set.n ? &c->set.claims[i] : NULL;
}

const char *rk_corpus_claim_id(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->id : NULL;
}

size_t rk_corpus_claim_document(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->document : (size_t)-1;
}

int rk_corpus_claim_span(const rk_corpus *c, size_t claim, size_t *start, size_t *end)
{
    const rk_claim *k = claim_at(c, claim);
    if (!k)
        return -1;
    if (start)
        *start = k->start;
    if (end)
        *end = k->end;
    return 0;
}

const char *rk_corpus_claim_text(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->text : NULL;
}

int rk_corpus_claim_low(const rk_corpus *c, size_t claim, double *low)
{
    const rk_claim *k = claim_at(c, claim);
    if (!k)
        return -1;
    if (low && k->has_low)
        *low = k->low;
    return k->has_low ? 1 : 0;
}

int rk_corpus_claim_high(const rk_corpus *c, size_t claim, double *high)
{
    const rk_claim *k = claim_at(c, claim);
    if (!k)
        return -1;
    if (high && k->has_high)
        *high = k->high;
    return k->has_high ? 1 : 0;
}

const char *rk_corpus_claim_exactness(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? rk_exactness_name((rk_exactness)k->exactness) : NULL;
}

const char *rk_corpus_claim_quantity(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->quantity : NULL;
}

const char *rk_corpus_claim_subject(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->subject : NULL;
}

const char *rk_corpus_claim_speaker(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->speaker : NULL;
}

const char *rk_corpus_claim_via(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->via : NULL;
}

const char *rk_corpus_claim_as_of(const rk_corpus *c, size_t claim)
{
    const rk_claim *k = claim_at(c, claim);
    return k ? k->as_of : NULL;
}

static const rk_group *group_at(const rk_corpus *c, size_t g)
{
    return c && c->rec && g < c->rec->n_groups ? &c->rec->groups[g] : NULL;
}

size_t rk_corpus_group_count(const rk_corpus *c)
{
    return c && c->rec ? c->rec->n_groups : 0;
}

const char *rk_corpus_group_id(const rk_corpus *c, size_t group)
{
    const rk_group *g = group_at(c, group);
    return g ? g->id : NULL;
}

const char *rk_corpus_group_verdict(const rk_corpus *c, size_t group)
{
    const rk_group *g = group_at(c, group);
    return g ? rk_verdict_name(g->verdict) : NULL;
}

int rk_corpus_group_estimate(const rk_corpus *c, size_t group, double *low, double *best,
                             double *high)
{
    const rk_group *g = group_at(c, group);
    if (!g)
        return -1;
    if (!g->has_estimate)
        return 0;
    if (low)
        *low = g->low;
    if (best)
        *best = g->best;
    if (high)
        *high = g->high_open ? HUGE_VAL : g->high;
    return 1;
}

size_t rk_corpus_group_member_count(const rk_corpus *c, size_t group)
{
    const rk_group *g = group_at(c, group);
    return g ? g->n_members : 0;
}

size_t rk_corpus_group_member(const rk_corpus *c, size_t group, size_t k)
{
    const rk_group *g = group_at(c, group);
    return g && k < g->n_members ? g->members[k] : (size_t)-1;
}
