/* report.h - the report model every renderer walks: documents, claims,
 * groups and reviews; and the table of renderers. */
#ifndef RK_REPORT_H
#define RK_REPORT_H

#include <stdio.h>
#include "../core/error.h"
#include "../claims/claim.h"
#include "../reconcile/reconcile.h"
#include "../review/review.h"
#include "labels.h"

/* The model. All members are borrowed; the report only points at them. */
typedef struct rk_report {
    const rk_claimset *set;
    const rk_reconciliation *rec;   /* NULL for a claims-only output (extract) */
    const rk_reviews *reviews;      /* may be NULL */
    const char *title;              /* may be NULL */
    const rk_labels *labels;        /* the chrome's words (html); NULL: label ids */
    const char *lang;               /* the chrome's language ("ar", "en", "ru");
                                       NULL: the documents' language when they
                                       share one the labels have, else "en" */
} rk_report;

/* A renderer writes the whole report to f. Output is byte-stable: fixed key
 * order and number formatting, no timestamps. */
typedef rk_status (*rk_render_fn)(const rk_report *rep, FILE *f, rk_error *err);

typedef struct rk_renderer {
    const char *name;        /* "json", "jsonl", "xml", "html", "csv", "csv-groups",
                                "claimreview", "text" */
    rk_render_fn render;
    const char *description;
} rk_renderer;

/* The renderer called name, or NULL. borrowed: static. */
RK_API const rk_renderer *rk_renderer_find(const char *name);
/* All renderers, NULL-terminated. borrowed: static. */
RK_API const rk_renderer *const *rk_renderers(void);

/* The number of contradiction groups no reviewer has decided on (what
 * `reckon report --fail-on contradiction` fails on); 0 without a
 * reconciliation. */
RK_API size_t rk_report_open_contradictions(const rk_report *rep);

/* Writes document doc_index of rep->set as one JSON Lines record
 * {"type":"document",...} followed by one {"type":"claim",...} line per claim
 * of it (the keys of the json renderer's documents and claims). Touches only
 * that document's claims (found in O(log n): claims are in document order),
 * so a caller can stream a corpus one document at a time: fill a claim set
 * with one document, write it, clear it. Checks each claim's spans first:
 * RK_ERR_INTERNAL when one points outside its document. */
RK_API rk_status rk_render_jsonl_document(const rk_report *rep, size_t doc_index, FILE *f,
                                          rk_error *err);

/* Writes every document of rep->set as rk_render_jsonl_document() writes
 * each, in order, through one buffer that goes out when full rather than
 * once a document: what a caller streaming a corpus a batch at a time
 * writes each batch with. Stops at the first document with a claim that
 * points outside it (RK_ERR_INTERNAL), the lines before that claim
 * written; RK_ERR_USAGE for a missing document. */
RK_API rk_status rk_render_jsonl_documents(const rk_report *rep, FILE *f, rk_error *err);

/* Formats a number the way every renderer does: integers without a decimal
 * point (up to 2^53), otherwise the shortest form that reads back as the
 * same double; -0 as "0"; NaN and infinities as "null" (renderers print
 * those as a missing value). n of 32 is always enough. */
RK_API void rk_format_number(double v, char *buf, size_t n);

#endif
