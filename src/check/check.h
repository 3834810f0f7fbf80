/* check.h - the fixtures gate behind `reckon check`: every fixture parses,
 * every sidecar is valid, no negative becomes a claim, and no fixture scores
 * below the baseline recorded when its gold was written. */
#ifndef RK_CHECK_H
#define RK_CHECK_H

#include <stdio.h>
#include "gold.h"
#include "event.h"
#include "../claims/extract.h"
#include "../ingest/ingest.h"

/* What one fixture gave. Strings are owned by the run. */
typedef struct rk_fixture_result {
    char *path;            /* the fixture file as found */
    char *name;            /* its path relative to the checked folder: the
                              key in the baseline */
    char *gold_path;       /* NAME.gold.jsonl beside it, or NULL */
    char *negatives_path;  /* NAME.negatives.jsonl beside it, or NULL */
    size_t documents;      /* documents read from it */
    rk_score score;
} rk_fixture_result;

/* A whole run over a folder: per-fixture results, findings and totals over
 * the fixtures that have a gold file. */
typedef struct rk_check_run {
    char *dir;             /* the checked folder */
    rk_fixture_result *v;
    size_t n, cap;
    rk_findings findings;
    rk_score total;
    size_t regressions;    /* baseline comparisons that failed */
    /* An event folder (one gold.jsonl for the folder) is scored as a whole: */
    int event;             /* 1 for an event folder */
    size_t articles;       /* the articles read */
    int has_claims;        /* claims were scored (gold.jsonl) */
    rk_claim_figures claims;
    /* Either kind of folder may hold a relations.jsonl: */
    int has_relations;
    rk_relation_figures relations;
} rk_check_run;

/* Starts a run over dir. Returns 0 or -1 on OOM; rk_check_run_clear frees it. */
RK_API int rk_check_run_init(rk_check_run *run, const char *dir);
/* Frees what the run owns; the struct itself is the caller's. NULL is a no-op. */
RK_API void rk_check_run_clear(rk_check_run *run);

/* Checks one fixture file: reads it (every ingest or sidecar diagnostic
 * becomes a hard finding), extracts its claims with e, loads NAME.gold.jsonl
 * and NAME.negatives.jsonl beside it (NAME = the path minus its last
 * extension) and matches them. Appends a result to run. Returns RK_OK unless
 * out of memory: problems with the fixture are findings, not errors. */
RK_API rk_status rk_check_fixture(rk_check_run *run, const rk_engine *e, const char *path,
                                  const rk_ingest_options *opts, rk_error *err);

/* The annotation files of an event folder, which are never read as articles:
 * gold.jsonl, negatives.jsonl, relations.jsonl (and the sidecars, README,
 * scores.json a fixtures folder also holds). */
#define RK_EVENT_GOLD "gold.jsonl"
#define RK_EVENT_NEGATIVES "negatives.jsonl"
#define RK_EVENT_RELATIONS "relations.jsonl"

/* Checks an event folder (run->dir holds gold.jsonl): reads the articles
 * paths[0..n) (every ingest diagnostic is a hard finding), extracts their
 * claims into one set, groups them as `reckon report` does (rules), and
 * scores claims against gold.jsonl and negatives.jsonl and, when the folder
 * has one, relations against relations.jsonl (rk_event_score_claims,
 * rk_event_score_relations). Sets run->event, has_claims, claims,
 * has_relations, relations. Returns RK_OK unless out of memory. */
RK_API rk_status rk_check_event(rk_check_run *run, const rk_engine *e, const rk_rules *rules,
                                char *const *paths, size_t n, const rk_ingest_options *opts,
                                rk_error *err);

/* For a folder of per-fixture gold files that also holds relations.jsonl:
 * reads the articles paths[0..n) into one set, groups them as `reckon report`
 * does, locates every fixture's gold claims as rk_gold_match does and scores
 * the relations between them. Call after rk_check_fixture for each fixture.
 * Sets has_relations and relations. Returns RK_OK unless out of memory. */
RK_API rk_status rk_check_relations(rk_check_run *run, const rk_engine *e, const rk_rules *rules,
                                    char *const *paths, size_t n,
                                    const rk_ingest_options *opts, rk_error *err);

/* Reports, as hard findings, gold and negatives files below run->dir that
 * belong to no checked fixture (a renamed fixture leaves its gold behind). */
RK_API rk_status rk_check_orphans(rk_check_run *run, rk_error *err);

/* One baseline line: the counts a fixture reached when its gold was written. */
typedef struct rk_baseline_entry {
    char *name;
    long line;             /* where it sits in the baseline file */
    rk_score score;
} rk_baseline_entry;

typedef struct rk_baseline {
    char *path;
    rk_baseline_entry *v;
    size_t n;
    /* an event folder's claim figures ("claims"), and either kind's relation
     * figures ("relations"); line: where each sits, 0 when absent */
    long claims_line, relations_line;
    rk_claim_figures claims;
    size_t relation_pairs;
    rk_relation_headline relations;
} rk_baseline;

/* Loads a baseline file (fixtures/scores.json). A file that does not exist
 * gives an empty baseline; a malformed one RK_ERR_PARSE with path:line:col.
 * *out: the caller frees it with rk_baseline_free(). */
RK_API rk_status rk_baseline_load(const char *path, rk_baseline **out, rk_error *err);
/* The same for bytes in memory; path names them in errors. */
RK_API rk_status rk_baseline_parse(const char *path, const char *data, size_t len,
                                   rk_baseline **out, rk_error *err);
RK_API void rk_baseline_free(rk_baseline *b);

/* Compares each fixture with a gold file against its baseline entry (and an
 * event folder's claim figures, and relation figures, against theirs): a
 * recall, precision or typed precision of any field below the baseline is a
 * hard finding at the baseline's line, counted in run->regressions. A
 * fixture without an entry gets a soft finding; an entry without a fixture a
 * hard one. */
RK_API rk_status rk_baseline_compare(const rk_baseline *b, rk_check_run *run, rk_error *err);

/* Renders the baseline for the run's fixtures with gold files: fixed key
 * order, one fixture per line block, sorted by name. *out: the caller frees
 * it with free(). */
RK_API rk_status rk_baseline_render(const rk_check_run *run, char **out, size_t *len,
                                    rk_error *err);
/* Renders and writes it atomically to path. */
RK_API rk_status rk_baseline_write(const rk_check_run *run, const char *path, rk_error *err);

/* Writes the run as text (findings, then per-fixture and total recall and
 * precision per field) or as JSON (format "json"). Byte-stable. */
RK_API rk_status rk_check_write(const rk_check_run *run, const char *format, FILE *f,
                                rk_error *err);

#endif
