/* text.c - placeholder until the text stage lands. */
#include "text.h"
#include <stdlib.h>
rk_status rk_text_build(const char *orig, size_t len, const char *lang, rk_text **out, rk_error *err)
{ (void)orig; (void)len; (void)lang; *out = NULL;
  return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "text not implemented"); }
void rk_text_orig_span(const rk_text *t, size_t a, size_t b, size_t *os, size_t *oe)
{ (void)t; *os = a; *oe = b; }
size_t rk_text_norm_offset(const rk_text *t, size_t off) { (void)t; return off; }
void rk_text_free(rk_text *t) { free(t); }
