/* dump.h - the inspection outputs of `reckon text` and `reckon numbers`: what
 * the text and numbers stages see, for rule authors. */
#ifndef RK_DUMP_H
#define RK_DUMP_H

#include <stdio.h>
#include "../ingest/document.h"
#include "../text/text.h"
#include "../numbers/numbers.h"

/* Writes a document's metadata (each value with "given"/"inferred") and its
 * sentences with their original byte spans. json: one JSON object per call,
 * otherwise readable text. */
RK_API rk_status rk_dump_text(const rk_document *doc, const rk_text *t, int json, FILE *f,
                              rk_error *err);

/* Writes a document's number expressions. json: {"numbers": [...]} records
 * with span, text, low, high, exactness, unit, kind. */
RK_API rk_status rk_dump_numbers(const rk_document *doc, const rk_text *t,
                                 const rk_numlist *nums, int json, FILE *f, rk_error *err);

/* Writes one number of doc as a JSON object {"document","span","text","low",
 * "high","exactness","unit","kind","vague"} with no separator or newline, for
 * callers that gather many documents into one {"numbers": [...]} array. */
RK_API rk_status rk_dump_number_json(const rk_document *doc, const rk_text *t,
                                     const rk_number *n, FILE *f, rk_error *err);

#endif
