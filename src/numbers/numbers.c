/* numbers.c - placeholder until the numbers stage lands. */
#include "numbers.h"
#include <stdlib.h>
rk_status rk_numbers_reader_new(const rk_rules *rules, rk_numbers_reader **out, rk_error *err)
{ (void)rules; *out = NULL; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "numbers not implemented"); }
void rk_numbers_reader_free(rk_numbers_reader *r) { (void)r; }
rk_status rk_numbers_find(const rk_numbers_reader *r, const rk_text *t, rk_numlist *out, rk_error *err)
{ (void)r; (void)t; (void)out; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "numbers not implemented"); }
void rk_numlist_free(rk_numlist *l) { if (l) free(l->items); }
const char *rk_exactness_name(rk_exactness e) { (void)e; return NULL; }
const char *rk_kind_name(rk_number_kind k) { (void)k; return NULL; }
