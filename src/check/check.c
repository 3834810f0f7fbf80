/* check.c - the fixtures gate: reading each fixture, extracting its claims
 * and matching them against the gold files beside it. */
#include "check.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/buf.h"

int rk_check_run_init(rk_check_run *run, const char *dir)
{
    memset(run, 0, sizeof *run);
    run->dir = rk_strdup(dir);
    return run->dir ? 0 : -1;
}

void rk_check_run_clear(rk_check_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->n; i++) {
        free(run->v[i].path);
        free(run->v[i].name);
        free(run->v[i].gold_path);
        free(run->v[i].negatives_path);
    }
    free(run->v);
    free(run->dir);
    rk_findings_clear(&run->findings);
    memset(run, 0, sizeof *run);
}

static int is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* NAME + suffix where NAME is path minus its last extension (the rule
 * sidecars follow), or NULL when that file does not exist. *oom on OOM. */
static char *beside(const char *path, const char *suffix, int *oom)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    rk_buf b = RK_BUF_INIT;
    if (rk_buf_append(&b, path, stem) < 0 || rk_buf_puts(&b, suffix) < 0) {
        rk_buf_free(&b);
        *oom = 1;
        return NULL;
    }
    if (!is_file(b.data)) {
        rk_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* The path relative to the run's folder. */
static const char *relative(const rk_check_run *run, const char *path)
{
    size_t n = strlen(run->dir);
    while (n > 1 && run->dir[n - 1] == '/')
        n--;
    if (strncmp(path, run->dir, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static void diag_to_findings(void *ctx, const rk_error *e)
{
    rk_check_run *run = ctx;
    /* A failed append loses one diagnostic; the run still fails on the
     * others, or on the fixture's score. */
    /* A warning (a value not used, a limit met) is shown, not a failure. */
    (void)rk_findings_add(&run->findings, e->file, e->line, e->column, !e->warning, "%s%s",
                          e->warning ? "warning: " : "", e->message);
}

static rk_fixture_result *new_result(rk_check_run *run, const char *path)
{
    if (run->n == run->cap) {
        size_t c = run->cap ? run->cap * 2 : 16;
        rk_fixture_result *v = realloc(run->v, c * sizeof *v);
        if (!v)
            return NULL;
        run->v = v;
        run->cap = c;
    }
    rk_fixture_result *r = &run->v[run->n];
    memset(r, 0, sizeof *r);
    r->path = rk_strdup(path);
    r->name = rk_strdup(relative(run, path));
    if (!r->path || !r->name) {
        free(r->path);
        free(r->name);
        return NULL;
    }
    run->n++;
    return r;
}

/* A library error about a fixture becomes a hard finding. */
static int error_finding(rk_check_run *run, const rk_error *e, const char *fallback_path)
{
    return rk_findings_add(&run->findings, e->file[0] ? e->file : fallback_path, e->line,
                           e->column, 1, "%s", e->message);
}

/* Moves the documents into set, extracting each one's claims; a document
 * whose extraction fails is reported and dropped. docs is emptied. */
static rk_status extract_all(rk_check_run *run, const rk_engine *e, rk_doclist *docs,
                             rk_claimset *set)
{
    rk_status st = RK_OK;
    for (size_t i = 0; i < docs->n; i++) {
        rk_document *doc = docs->docs[i];
        rk_error e2;
        rk_error_clear(&e2);
        docs->docs[i] = NULL;
        if (st == RK_OK) {
            rk_status x = rk_extract_into(e, doc, set, &e2);
            if (x == RK_OK)
                continue;
            if (x == RK_ERR_NOMEM || error_finding(run, &e2, doc->path) < 0)
                st = RK_ERR_NOMEM;
        }
        rk_document_free(doc);
    }
    free(docs->docs);
    memset(docs, 0, sizeof *docs);
    return st;
}

static rk_status load_gold(rk_check_run *run, const rk_fixture_result *r, rk_gold **gold,
                           rk_gold **negs)
{
    rk_error e2;
    rk_error_clear(&e2);
    rk_status st = RK_OK;
    if (r->gold_path && (st = rk_gold_load(r->gold_path, gold, &e2)) != RK_OK &&
        st != RK_ERR_NOMEM)
        st = error_finding(run, &e2, r->gold_path) < 0 ? RK_ERR_NOMEM : RK_OK;
    rk_error_clear(&e2);
    if (st == RK_OK && r->negatives_path &&
        (st = rk_negatives_load(r->negatives_path, negs, &e2)) != RK_OK && st != RK_ERR_NOMEM)
        st = error_finding(run, &e2, r->negatives_path) < 0 ? RK_ERR_NOMEM : RK_OK;
    return st;
}

rk_status rk_check_fixture(rk_check_run *run, const rk_engine *e, const char *path,
                           const rk_ingest_options *opts, rk_error *err)
{
    rk_doclist docs = {0};
    rk_claimset set = {0};
    rk_gold *gold = NULL, *negs = NULL;
    rk_error e2;
    int oom = 0;
    rk_status st = RK_ERR_NOMEM;
    rk_fixture_result *r = new_result(run, path);
    if (!r)
        goto done;
    r->gold_path = beside(path, ".gold.jsonl", &oom);
    r->negatives_path = beside(path, ".negatives.jsonl", &oom);
    if (oom)
        goto done;
    rk_error_clear(&e2);
    st = rk_ingest_file(path, opts, &docs, diag_to_findings, run, &e2);
    if (st == RK_ERR_NOMEM || (st != RK_OK && error_finding(run, &e2, path) < 0))
        goto done;
    r->documents = docs.n;
    if ((st = extract_all(run, e, &docs, &set)) != RK_OK ||
        (st = load_gold(run, r, &gold, &negs)) != RK_OK)
        goto done;
    if (gold || negs)
        st = rk_gold_match(gold, negs, &set, &r->score, &run->findings, err);
    if (st == RK_OK && r->gold_path)
        rk_score_add(&run->total, &r->score);
done:
    for (size_t i = 0; i < docs.n; i++)
        rk_document_free(docs.docs[i]);
    free(docs.docs);
    /* The claim set owns its documents once extraction took them. */
    if (set.docs.n || set.n)
        rk_claimset_clear(&set);
    rk_gold_free(gold);
    rk_gold_free(negs);
    if (st == RK_ERR_NOMEM)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    return RK_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* 1 when some fixture of the run claimed gold file path. */
static int claimed(const rk_check_run *run, const char *path)
{
    for (size_t i = 0; i < run->n; i++)
        if ((run->v[i].gold_path && strcmp(run->v[i].gold_path, path) == 0) ||
            (run->v[i].negatives_path && strcmp(run->v[i].negatives_path, path) == 0))
            return 1;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir (sorted, so findings come in a stable order) and reports its
 * unclaimed gold files, descending into folders. Returns 0 or -1 on OOM. */
static int walk_orphans(rk_check_run *run, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d))) {
        if (ent->d_name[0] == '.')
            continue;
        rk_buf b = RK_BUF_INIT;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            names = v;
        }
        if (rk_buf_printf(&b, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", ent->d_name) < 0)
            rc = -1;
        else
            names[n++] = b.data;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct stat sb;
        if (stat(names[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && depth < 32)
            rc = walk_orphans(run, names[i], depth + 1);
        else if ((ends_with(names[i], ".gold.jsonl") || ends_with(names[i], ".negatives.jsonl")) &&
                 !claimed(run, names[i]))
            rc = rk_findings_add(&run->findings, names[i], 0, 0, 1,
                                 "belongs to no fixture (expected the article beside it)");
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

rk_status rk_check_orphans(rk_check_run *run, rk_error *err)
{
    if (walk_orphans(run, run->dir, 0) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, run->dir, 0, 0, "out of memory");
    return RK_OK;
}
