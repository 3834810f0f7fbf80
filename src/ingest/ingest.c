/* ingest.c - placeholder until the ingest stage lands. */
#include "ingest.h"
#include <stdlib.h>
void rk_document_free(rk_document *d) { free(d); }
int rk_doclist_push(rk_doclist *l, rk_document *d) { (void)l; (void)d; return -1; }
void rk_doclist_free(rk_doclist *l) { (void)l; }
const char *rk_format_name(rk_format f) { (void)f; return NULL; }
const char *rk_origin_name(rk_origin o) { (void)o; return NULL; }
rk_status rk_ingest_file(const char *path, const rk_ingest_options *opts, rk_doclist *out,
                         rk_diag_fn diag, void *diag_ctx, rk_error *err)
{ (void)opts; (void)out; (void)diag; (void)diag_ctx;
  return rk_error_set(err, RK_ERR_INTERNAL, path, 0, 0, "ingest not implemented"); }
rk_status rk_ingest_buffer(const char *path, const char *data, size_t len,
                           const rk_ingest_options *opts, rk_doclist *out,
                           rk_diag_fn diag, void *diag_ctx, rk_error *err)
{ (void)data; (void)len; (void)opts; (void)out; (void)diag; (void)diag_ctx;
  return rk_error_set(err, RK_ERR_INTERNAL, path, 0, 0, "ingest not implemented"); }
rk_format rk_ingest_detect(const char *path, const char *data, size_t len)
{ (void)path; (void)data; (void)len; return RK_FORMAT_NONE; }
