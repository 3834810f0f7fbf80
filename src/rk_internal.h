/* rk_internal.h - every stage header of librk, for the code in this tree: the
 * command line, tests, fuzzers and benchmarks. Internal: never installed.
 * Programs outside the tree use the public interface, include/reckon.h.
 *
 * The pipeline runs one way, one header per stage:
 *   ingest (rk_document)  -> text (rk_text: normalised view + offset map)
 *   -> numbers (rk_number: expression -> interval)
 *   -> claims (rk_claim, rk_engine: rule-typed, attributed)
 *   -> reconcile (rk_group: verdicts, estimates, links)
 *   -> report (rk_report: one model, one renderer per format).
 *
 * Conventions: every call returns an rk_status and fills an rk_error; the
 * library never prints and never exits. Ownership of every returned pointer
 * is stated at its declaration. rk_x_free(NULL) is a no-op. */
#ifndef RK_INTERNAL_H
#define RK_INTERNAL_H

#include "core/error.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/out.h"
#include "core/utf8.h"
#include "ingest/document.h"
#include "ingest/ingest.h"
#include "text/text.h"
#include "rules/rules.h"
#include "numbers/numbers.h"
#include "claims/claim.h"
#include "claims/extract.h"
#include "reconcile/reconcile.h"
#include "review/review.h"
#include "report/report.h"
#include "report/dump.h"
#include "check/gold.h"
#include "check/check.h"
#include "pipeline/pipeline.h"
#include "claimfile/claimfile.h"

#endif
