/* numbers_dump.c - placeholder until `reckon numbers` lands. */
#include "dump.h"
rk_status rk_dump_numbers(const rk_document *doc, const rk_text *t, const rk_numlist *nums, int json, FILE *f, rk_error *err)
{ (void)doc; (void)t; (void)nums; (void)json; (void)f; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "not implemented"); }
