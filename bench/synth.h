/* synth.h - synthetic claim sets for the report benchmark and the
 * pathological tests: many claims without running the extractor. */
#ifndef RK_BENCH_SYNTH_H
#define RK_BENCH_SYNTH_H

#include <stddef.h>
#include <stdint.h>
#include "rk_internal.h"

/* Fills the empty set with n claims spread over n_docs documents. Every
 * claim points at exactly its bytes in its document's body, has a speaker out
 * of a few hundred and an as_of date in January 2022. With one_quantity all
 * claims are "deaths" about the event as a whole; otherwise they spread over
 * several quantities, subjects and scopes. Deterministic for a seed.
 * Returns 0, or -1 when out of memory (the set then holds what was made;
 * free it with rk_claimset_clear()). */
int synth_claims(rk_claimset *set, size_t n, size_t n_docs, int one_quantity, uint64_t seed);

#endif
