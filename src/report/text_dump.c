/* text_dump.c - placeholder until `reckon text` lands. */
#include "dump.h"
rk_status rk_dump_text(const rk_document *doc, const rk_text *t, int json, FILE *f, rk_error *err)
{ (void)doc; (void)t; (void)json; (void)f; return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "not implemented"); }
