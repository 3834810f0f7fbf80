/* render.h - what the renderers of the report stage share: model checks,
 * summary counts, review lookup, the JSON objects that json and jsonl
 * print and the cJSON printer of claimreview. Internal to the report
 * stage; not installed. */
#ifndef RK_RENDER_H
#define RK_RENDER_H

#include <stdio.h>
#include "report.h"
#include "../core/buf.h"
#include "jsonw.h"

struct cJSON;

/* Counts the summary shows; the group counts are 0 without a reconciliation. */
typedef struct rkr_summary {
    size_t documents, claims, groups, contradictions, unreviewed;
} rkr_summary;

void rkr_summary_count(const rk_report *rep, rkr_summary *s);

/* The review of group g, or NULL when it has none. borrowed: valid as long
 * as rep->reviews is. */
const rk_review_entry *rkr_review(const rk_report *rep, const rk_group *g);
/* 1 when the review e of g was bound to figures other than g's now: a new
 * figure came into the group (or one left) since the decision. */
int rkr_review_stale(const rk_report *rep, const rk_group *g, const rk_review_entry *e);

/* Checks that claim i points inside its document (span and sentence) so
 * that every byte a renderer prints is the original one. */
rk_status rkr_check_claim(const rk_report *rep, size_t i, rk_error *err);
/* Checks every claim, and the claim and group indices of the reconciliation. */
rk_status rkr_check(const rk_report *rep, rk_error *err);

/* The document of claim c. borrowed: valid as long as the claim set is. */
const rk_document *rkr_claim_doc(const rk_report *rep, const rk_claim *c);

/* Index of the first claim of document doc (claims are in document order),
 * or set->n when it has none. O(log n). */
size_t rkr_first_claim(const rk_claimset *set, size_t doc);

/* The number v as every renderer writes it into buf (rk_format_number), or
 * NULL when there is no value (has == 0 or v is not finite). */
const char *rkr_num(double v, int has, char *buf, size_t n);

/* The claims' ids side by side. Groups and links name claims anywhere in
 * the set: read from the claims, each id costs a miss on its claim and
 * another on its string, and a million claims do not fit in any cache. */
typedef struct rkr_ids {
    char *bytes;   /* every id, one after the other, each up to its NUL */
    size_t *start; /* per claim and one more: claim i's id is
                      bytes[start[i]..start[i + 1]); NULL when not made */
} rkr_ids;

/* Fills ids for rep's claims. When out of memory, or when a claim has no
 * id, ids stays empty and the writers read the claims themselves. Free it
 * with rkr_ids_free(). */
void rkr_ids_make(const rk_report *rep, rkr_ids *ids);
void rkr_ids_free(rkr_ids *ids);

/* `,"document":"ID","span":` for the claims of one document, made once
 * rather than for each claim. n is 0 when the id would need an escape or
 * is too long for s; the claims then write it themselves. */
typedef struct rkr_doc_run {
    size_t n;
    char s[192];
} rkr_doc_run;
void rkr_doc_run_make(rkr_doc_run *run, const rk_document *d);

/* Write the JSON objects of the report's items through w, on one line,
 * keys in the contract's order, led by the item's type ({"type":"claim"})
 * when lines is 1 (JSON Lines). ids: as rkr_ids_make() left it. They
 * allocate nothing. */
void rkr_json_document(rkj_writer *w, const rk_document *d, int lines);
/* run: NULL, or what rkr_doc_run_make() made for the claim's document. */
void rkr_json_claim(rkj_writer *w, const rk_report *rep, size_t i, int lines,
                    const rkr_doc_run *run);
/* The same through the writer's checked calls alone: the path of a claim
 * too long for the buffer, and the reference the tests hold the first to. */
void rkr_json_claim_general(rkj_writer *w, const rk_report *rep, size_t i, int lines,
                            const rkr_doc_run *run);
void rkr_json_group(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t gi,
                    int lines);
void rkr_json_link(rkj_writer *w, const rk_report *rep, const rkr_ids *ids, size_t li,
                   int lines);
void rkr_json_summary(rkj_writer *w, const rk_report *rep, int lines);

/* Prints o on one line followed by nothing; frees o. Returns RK_OK, or
 * RK_ERR_NOMEM / RK_ERR_IO. */
rk_status rkr_json_print(struct cJSON *o, FILE *f, rk_error *err);

/* Maps a write error on f to RK_ERR_IO. */
rk_status rkr_io_status(FILE *f, rk_error *err);

/* HTML text: p[0..n) with & < > " ' as character references and characters
 * HTML cannot carry (C0 controls but tab and newlines) as U+FFFD. */
void rkr_html_text(FILE *f, const char *p, size_t n);
/* rkr_html_text over a NUL-terminated string; NULL writes nothing. */
void rkr_html_str(FILE *f, const char *s);
/* rkr_html_str for left-to-right prose that quotes right-to-left names and
 * words: each run of right-to-left text is isolated in <bdi>, so an Arabic
 * source name cannot pull the figures and ids around it out of order. */
void rkr_html_bidi(FILE *f, const char *s);
/* 1 when claim is one of g's superseded members (held in claim order, as
 * rk_reconcile() makes them). O(log n). */
int rkr_superseded(const rk_group *g, size_t claim);
/* The typed claims no group holds (a quantity but no subject the rules group
 * by): a mask of rep->set->n bytes, 1 for each such claim, and their count
 * in *count. The caller frees it with free(); NULL when out of memory.
 * O(claims + members). */
unsigned char *rkr_ungrouped(const rk_report *rep, size_t *count);
/* A short label for a document: its source, else its id. borrowed. */
const char *rkr_doc_label(const rk_document *d);
/* The date a claim's figure refers to: as_of, else its document's
 * publication date, else NULL. borrowed. */
const char *rkr_claim_date(const rk_report *rep, const rk_claim *c);

/* The renderers, each in its own file. */
rk_status rkr_render_json(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_jsonl(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_xml(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_csv(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_csv_groups(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_html(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_claimreview(const rk_report *rep, FILE *f, rk_error *err);
rk_status rkr_render_text(const rk_report *rep, FILE *f, rk_error *err);

#endif
