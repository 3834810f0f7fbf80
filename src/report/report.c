/* report.c - placeholder until the report stage lands. */
#include "report.h"
#include <stdio.h>
static const rk_renderer *const table[] = {NULL};
const rk_renderer *rk_renderer_find(const char *name) { (void)name; return NULL; }
const rk_renderer *const *rk_renderers(void) { return table; }
void rk_format_number(double v, char *buf, size_t n) { snprintf(buf, n, "%.17g", v); }
