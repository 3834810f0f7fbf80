/* event.h - scoring an event folder: every article of one event with one
 * gold.jsonl, negatives.jsonl and relations.jsonl for the whole folder (the
 * layout of the annotated development corpora). Claims are scored as the
 * corpora's claim scorer scores them and relations as its relation scorer
 * does, from the same report model `reckon report --format json` prints. */
#ifndef RK_CHECK_EVENT_H
#define RK_CHECK_EVENT_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "gold.h"

/* The claim scorer's counts over one folder.
 *   found            gold numbers with an overlapping predicted claim
 *   value            ... whose interval agrees (interval_ok)
 *   quantity         ... whose quantity equals gold's
 *   subject          ... of event quantities, whose subject falls in gold's class
 *   attrib           ... of attributed gold, whose attribution names a word of it
 *   event_matched    predicted claims of event quantities (in files with gold)
 *                    that are a gold number's claim; of event_claims
 *   negatives_wrong  negatives that some typed claim overlaps */
typedef struct rk_claim_figures {
    size_t gold, found, value, quantity;
    size_t subject_of, subject;
    size_t attrib_of, attrib;
    size_t event_claims, event_matched;
    size_t negatives, negatives_wrong;
} rk_claim_figures;

/* The gold relations (rows) and the relations read from the report (columns),
 * in the order the scorer prints them. */
enum { RK_REL_GOLD_N = 6, RK_REL_RECKON_N = 12 };
/* "contradicts", "rising", "agrees", "compatible", "part_of", "different";
 * borrowed: static; NULL out of range. */
RK_API const char *rk_rel_gold_name(int i);
/* "contradicts", "rising", "revised_down", "agrees", "compatible", "part_of",
 * "part_of_rev", "same_group", "different", "untyped", "same_claim",
 * "unmatched"; borrowed: static; NULL out of range. */
RK_API const char *rk_rel_reckon_name(int i);

/* The relation scorer's counts over one folder. */
typedef struct rk_relation_figures {
    size_t pairs;
    size_t conf[RK_REL_GOLD_N][RK_REL_RECKON_N];  /* gold x reckon */
    size_t different_together;  /* gold `different` pairs reckon puts together */
    /* reckon's contradicts links, judged against what gold knows */
    size_t links, links_both, links_true, links_known, links_inferred, links_otherq,
        links_scope;
} rk_relation_figures;

/* The headline ratios of the relation scorer, as numerator / denominator. */
typedef struct rk_relation_headline {
    size_t contra_right, contra_called;   /* contradicts precision */
    size_t contra_found, contra_gold;     /* contradicts recall (contra_found ==
                                             contra_right) */
    size_t rising_found, rising_gold;
    size_t part_found, part_gold;
    size_t different_apart, different_gold;
} rk_relation_headline;

/* The headline of f. */
RK_API void rk_relation_headline_of(const rk_relation_figures *f, rk_relation_headline *h);

/* One annotation line: a parsed JSON object and where it came from.
 * Owned by the rk_annotations that holds it. */
typedef struct rk_annotation {
    long line;
    cJSON *obj;
} rk_annotation;

typedef struct rk_annotations {
    char *path;
    rk_annotation *v;
    size_t n;
} rk_annotations;

/* Loads a JSON Lines annotation file (gold.jsonl, negatives.jsonl or
 * relations.jsonl, kind "gold", "negatives" or "relations"). Every line must
 * be an object with the fields its kind needs, of the right types (gold:
 * file, quote, number_text strings; low, high numbers or null; exactness,
 * quantity, subject, attributed_to, attributed_to_native strings or null;
 * negatives: file, quote, number_text; relations: a and b objects naming
 * file, quote, number_text, and a relation). A bad line is a finding at
 * path:line:col and is left out; the others load. *out: the caller frees it
 * with rk_annotations_free(). Returns RK_OK, RK_ERR_IO (with err) when the
 * file cannot be read, or RK_ERR_NOMEM. */
RK_API rk_status rk_annotations_load(const char *path, const char *kind, rk_annotations **out,
                                     rk_findings *findings, rk_error *err);
/* The same for bytes in memory; path names them in findings. */
RK_API rk_status rk_annotations_parse(const char *path, const char *kind, const char *data,
                                      size_t len, rk_annotations **out, rk_findings *findings,
                                      rk_error *err);
RK_API void rk_annotations_free(rk_annotations *a);

/* A gold claim as the relation scorer needs it, with the report claim it
 * was located on (NULL when none). Borrowed: every pointer points into the
 * annotations or the report it came from. */
typedef struct rk_gold_ref {
    const char *file, *quote, *number_text;
    const char *quantity, *subject;   /* as the gold gives them, NULL for null */
    const cJSON *claim;
} rk_gold_ref;

/* Scores the claims of report (a parsed `reckon report --format json` or
 * `extract --format json` document) against gold and negatives (negs may be
 * NULL) over the articles in art_dir, as the corpora's claim scorer does:
 * each gold claim is located by its quote in the article's bytes and its
 * number_text inside the quote, and matched to the report claim whose span
 * overlaps those bytes (of several, the first whose interval agrees, then
 * whose quantity does). Adds to *fig, a soft finding per miss and per
 * negative that became a typed claim (the baseline gates their count), and a
 * hard one per record whose quote is not in its article. When refs is not NULL it receives, for gold line i, the located
 * claim (refs must hold gold->n entries). Returns RK_OK or RK_ERR_NOMEM. */
RK_API rk_status rk_event_score_claims(const cJSON *report, const rk_annotations *gold,
                                       const rk_annotations *negs, const char *art_dir,
                                       rk_claim_figures *fig, rk_gold_ref *refs,
                                       rk_findings *findings, rk_error *err);

/* Scores relations (relations.jsonl) against the groups and links of report,
 * with refs[0..n_refs) the gold claims they may name: a pair whose a or b is
 * not one of refs is a hard finding and is not scored. Fills *fig and adds a
 * soft finding per pair that reckon reads otherwise. Returns RK_OK or
 * RK_ERR_NOMEM. */
RK_API rk_status rk_event_score_relations(const cJSON *report, const rk_gold_ref *refs,
                                          size_t n_refs, const rk_annotations *relations,
                                          rk_relation_figures *fig, rk_findings *findings,
                                          rk_error *err);

/* Writes the scorer's closing lines for fig: the confusion table, the count
 * of contradiction links and the headline
 * "relations: contradicts P=..% R=..% | rising R=..% | part_of R=..% |
 * different kept apart=..% | pairs N". */
RK_API void rk_relation_figures_write(const rk_relation_figures *fig, FILE *f);
/* Writes "found ..% value ..% quantity ..% subject ..% attrib ..%
 * event_precision ..% negatives_wrong N/M". */
RK_API void rk_claim_figures_write(const rk_claim_figures *fig, FILE *f);

#endif
