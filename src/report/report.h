/* report.h - the report model every renderer walks: documents, claims,
 * groups and reviews; and the table of renderers. */
#ifndef RK_REPORT_H
#define RK_REPORT_H

#include <stdio.h>
#include "../core/error.h"
#include "../claims/claim.h"
#include "../reconcile/reconcile.h"
#include "../review/review.h"

/* The model. All members are borrowed; the report only points at them. */
typedef struct rk_report {
    const rk_claimset *set;
    const rk_reconciliation *rec;   /* NULL for a claims-only output (extract) */
    const rk_reviews *reviews;      /* may be NULL */
    const char *title;              /* may be NULL */
} rk_report;

/* A renderer writes the whole report to f. Output is byte-stable: fixed key
 * order and number formatting, no timestamps. */
typedef rk_status (*rk_render_fn)(const rk_report *rep, FILE *f, rk_error *err);

typedef struct rk_renderer {
    const char *name;        /* "json", "jsonl", "xml", "html", "csv", "claimreview" */
    rk_render_fn render;
    const char *description;
} rk_renderer;

/* The renderer called name, or NULL. borrowed: static. */
RK_API const rk_renderer *rk_renderer_find(const char *name);
/* All renderers, NULL-terminated. borrowed: static. */
RK_API const rk_renderer *const *rk_renderers(void);

/* Formats a number the way every renderer does: integers without a decimal
 * point, otherwise the shortest round-tripping form. */
RK_API void rk_format_number(double v, char *buf, size_t n);

#endif
