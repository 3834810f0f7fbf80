/* claims.c - placeholder until the claims stage lands. */
#include "extract.h"
#include <stdlib.h>
void rk_claim_clear(rk_claim *c) { (void)c; }
void rk_claimset_clear(rk_claimset *s) { (void)s; }
rk_status rk_engine_new(const rk_rules *rules, rk_engine **out, rk_error *err)
{ (void)rules; *out = NULL; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "claims not implemented"); }
void rk_engine_free(rk_engine *e) { (void)e; }
const rk_numbers_reader *rk_engine_numbers(const rk_engine *e) { (void)e; return NULL; }
rk_status rk_extract_document(const rk_engine *e, const rk_document *doc, size_t di,
                              rk_claim **claims, size_t *n, size_t *cap, rk_error *err)
{ (void)e; (void)doc; (void)di; (void)claims; (void)n; (void)cap;
  return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "claims not implemented"); }
rk_status rk_extract_into(const rk_engine *e, rk_document *doc, rk_claimset *set, rk_error *err)
{ (void)e; (void)doc; (void)set; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "claims not implemented"); }
