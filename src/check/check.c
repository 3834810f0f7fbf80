/* check.c - the fixtures gate: reading each fixture, extracting its claims
 * and matching them against the gold files beside it. */
#include "check.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/buf.h"
#include "reconcile/reconcile.h"
#include "report/report.h"

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

/* ---- whole folders: one claim set, grouped as the report groups it ---- */

/* Reads paths[0..n) into set (ingest and extraction problems are hard
 * findings) and renders the report `reckon report --format json` would
 * print for them, parsed, into *report. Returns 0, -1 on OOM. */
static int folder_report(rk_check_run *run, const rk_engine *e, const rk_rules *rules,
                         char *const *paths, size_t n, const rk_ingest_options *opts,
                         rk_claimset *set, cJSON **report, rk_error *err)
{
    rk_reconciliation *rec = NULL;
    char *json = NULL;
    size_t len = 0;
    FILE *mem = NULL;
    rk_error e2;
    int rc = 0;
    *report = NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rk_doclist docs = {0};
        rk_error_clear(&e2);
        rk_status st = rk_ingest_file(paths[i], opts, &docs, diag_to_findings, run, &e2);
        if (st == RK_ERR_NOMEM || (st != RK_OK && error_finding(run, &e2, paths[i]) < 0))
            rc = -1;
        run->articles++;
        if (rc == 0 && extract_all(run, e, &docs, set) != RK_OK)
            rc = -1;
        for (size_t d = 0; d < docs.n; d++)
            rk_document_free(docs.docs[d]);
        free(docs.docs);
    }
    if (rc == 0 && rk_reconcile(set, rules, &rec, err) != RK_OK)
        return -1;
    rk_report rep = {.set = set, .rec = rec};
    const rk_renderer *json_r = rk_renderer_find("json");
    if (rc == 0 && (!json_r || !(mem = open_memstream(&json, &len))))
        rc = -1;
    if (rc == 0) {
        rk_error_clear(&e2);
        rk_status st = json_r->render(&rep, mem, &e2);
        if (fclose(mem) != 0 || st == RK_ERR_NOMEM)
            rc = -1;
        else if (st != RK_OK)
            rc = error_finding(run, &e2, run->dir);
        mem = NULL;
    }
    if (rc == 0 && json && !(*report = cJSON_ParseWithLength(json, len)))
        rc = rk_findings_add(&run->findings, run->dir, 0, 0, 1,
                             "the report of this folder is not valid JSON");
    if (mem)
        fclose(mem);
    free(json);
    rk_reconciliation_free(rec);
    if (rc < 0 && err->code == RK_OK)
        rk_error_set(err, RK_ERR_NOMEM, run->dir, 0, 0, "out of memory");
    return rc;
}

/* DIR/name, or NULL on OOM. */
static char *in_dir(const char *dir, const char *name)
{
    rk_buf b = RK_BUF_INIT;
    size_t dl = strlen(dir);
    if (rk_buf_printf(&b, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name) < 0) {
        rk_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Loads DIR/name as annotations of kind into *out; a file that does not
 * exist leaves *out NULL, one that cannot be read is a hard finding.
 * Returns 0, -1 on OOM. */
static int load_annotations(rk_check_run *run, const char *name, const char *kind,
                            rk_annotations **out, rk_error *err)
{
    char *path = in_dir(run->dir, name);
    int rc = 0;
    *out = NULL;
    if (!path)
        return -1;
    if (is_file(path)) {
        rk_error e2;
        rk_error_clear(&e2);
        rk_status st = rk_annotations_load(path, kind, out, &run->findings, &e2);
        if (st == RK_ERR_NOMEM) {
            *err = e2;
            rc = -1;
        } else if (st != RK_OK) {
            rc = error_finding(run, &e2, path);
        }
    }
    free(path);
    return rc;
}

rk_status rk_check_event(rk_check_run *run, const rk_engine *e, const rk_rules *rules,
                         char *const *paths, size_t n, const rk_ingest_options *opts,
                         rk_error *err)
{
    rk_claimset set = {0};
    cJSON *report = NULL;
    rk_annotations *gold = NULL, *negs = NULL, *rels = NULL;
    rk_gold_ref *refs = NULL;
    rk_error_clear(err);
    run->event = 1;
    int rc = folder_report(run, e, rules, paths, n, opts, &set, &report, err);
    if (rc == 0)
        rc = load_annotations(run, RK_EVENT_GOLD, "gold", &gold, err);
    if (rc == 0)
        rc = load_annotations(run, RK_EVENT_NEGATIVES, "negatives", &negs, err);
    if (rc == 0)
        rc = load_annotations(run, RK_EVENT_RELATIONS, "relations", &rels, err);
    if (rc == 0 && report && gold) {
        refs = calloc(gold->n + 1, sizeof *refs);
        rc = refs && rk_event_score_claims(report, gold, negs, run->dir, &run->claims, refs,
                                           &run->findings, err) == RK_OK ? 0 : -1;
        run->has_claims = rc == 0;
    }
    if (rc == 0 && report && gold && rels) {
        rc = rk_event_score_relations(report, refs, gold->n, rels, &run->relations,
                                      &run->findings, err) == RK_OK ? 0 : -1;
        run->has_relations = rc == 0;
    }
    free(refs);
    rk_annotations_free(gold);
    rk_annotations_free(negs);
    rk_annotations_free(rels);
    cJSON_Delete(report);
    if (set.docs.n || set.n)
        rk_claimset_clear(&set);
    if (rc < 0 && err->code == RK_OK)
        rk_error_set(err, RK_ERR_NOMEM, run->dir, 0, 0, "out of memory");
    return rc < 0 ? err->code : RK_OK;
}

/* The report claim whose id is that of claim i of set, or NULL. */
static const cJSON *report_claim(const cJSON *report, const rk_claimset *set, size_t i)
{
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(report, "claims");
    const cJSON *c = cJSON_GetArrayItem(claims, (int)i);
    const char *id = set->claims[i].id;
    if (!id)
        return NULL;
    if (c && cJSON_IsString(cJSON_GetObjectItem(c, "id")) &&
        strcmp(cJSON_GetObjectItem(c, "id")->valuestring, id) == 0)
        return c;
    cJSON_ArrayForEach(c, claims)
    {
        const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
        if (cJSON_IsString(cid) && strcmp(cid->valuestring, id) == 0)
            return c;
    }
    return NULL;
}

/* Appends to *refs the gold items of the fixture's gold file, each with the
 * report claim it is located on. Returns 0, -1 on OOM. */
static int fixture_refs(rk_check_run *run, const rk_fixture_result *r, const rk_claimset *set,
                        const cJSON *report, rk_gold **keep, rk_gold_ref **refs, size_t *n,
                        size_t *cap, rk_error *err)
{
    rk_gold *g = NULL;
    rk_error e2;
    rk_error_clear(&e2);
    rk_status st = rk_gold_load(r->gold_path, &g, &e2);
    if (st == RK_ERR_NOMEM)
        return -1;
    if (st != RK_OK) /* already a finding of the fixture's own check */
        return 0;
    *keep = g;
    size_t *match = malloc((g->n_items + 1) * sizeof *match);
    rk_gold_ref *v = rk_array_grow(*refs, cap, *n + g->n_items + 1, sizeof *v, 64);
    if (!match || !v || rk_gold_locate(g, set, match, err) != RK_OK) {
        free(match);
        if (v)
            *refs = v;
        return -1;
    }
    *refs = v;
    for (size_t i = 0; i < g->n_items; i++) {
        const rk_gold_item *it = &g->items[i];
        v[*n] = (rk_gold_ref){it->file, it->quote, it->number_text, it->quantity, it->subject,
                              match[i] == (size_t)-1 ? NULL : report_claim(report, set, match[i])};
        (*n)++;
    }
    free(match);
    (void)run;
    return 0;
}

rk_status rk_check_relations(rk_check_run *run, const rk_engine *e, const rk_rules *rules,
                             char *const *paths, size_t n, const rk_ingest_options *opts,
                             rk_error *err)
{
    rk_claimset set = {0};
    cJSON *report = NULL;
    rk_annotations *rels = NULL;
    rk_gold **golds = calloc(run->n + 1, sizeof *golds);
    rk_gold_ref *refs = NULL;
    size_t n_refs = 0, cap = 0;
    rk_error_clear(err);
    int rc = golds ? load_annotations(run, RK_EVENT_RELATIONS, "relations", &rels, err) : -1;
    if (rc == 0 && rels) {
        /* the fixture checks counted the articles already */
        size_t articles = run->articles;
        rc = folder_report(run, e, rules, paths, n, opts, &set, &report, err);
        run->articles = articles;
    }
    for (size_t i = 0; rc == 0 && report && i < run->n; i++)
        if (run->v[i].gold_path)
            rc = fixture_refs(run, &run->v[i], &set, report, &golds[i], &refs, &n_refs, &cap,
                              err);
    if (rc == 0 && report) {
        rc = rk_event_score_relations(report, refs, n_refs, rels, &run->relations,
                                      &run->findings, err) == RK_OK ? 0 : -1;
        run->has_relations = rc == 0;
    }
    for (size_t i = 0; golds && i < run->n; i++)
        rk_gold_free(golds[i]);
    free(golds);
    free(refs);
    rk_annotations_free(rels);
    cJSON_Delete(report);
    if (set.docs.n || set.n)
        rk_claimset_clear(&set);
    if (rc < 0 && err->code == RK_OK)
        rk_error_set(err, RK_ERR_NOMEM, run->dir, 0, 0, "out of memory");
    return rc < 0 ? err->code : RK_OK;
}
