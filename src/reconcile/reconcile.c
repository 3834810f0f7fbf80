/* reconcile.c - placeholder until the reconcile stage lands. */
#include "reconcile.h"
rk_status rk_reconcile(const rk_claimset *set, const rk_rules *rules, rk_reconciliation **out, rk_error *err)
{ (void)set; (void)rules; *out = NULL; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "reconcile not implemented"); }
void rk_reconciliation_free(rk_reconciliation *r) { (void)r; }
const char *rk_verdict_name(rk_verdict v) { (void)v; return NULL; }
const char *rk_link_kind_name(rk_link_kind k) { (void)k; return NULL; }
