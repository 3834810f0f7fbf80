/* out.h - output files that appear whole or not at all: data goes to a
 * temporary file beside the target, which is renamed into place on commit. */
#ifndef RK_OUT_H
#define RK_OUT_H

#include <stdio.h>
#include "error.h"

typedef struct rk_out rk_out;

/* Opens an output. path NULL or "-" writes to standard output directly.
 * *out: the caller ends it with rk_out_commit() or rk_out_abort(). */
RK_API rk_status rk_out_open(const char *path, rk_out **out, rk_error *err);
/* borrowed: valid as long as the rk_out is. */
RK_API FILE *rk_out_file(rk_out *o);
/* Flushes, syncs and renames the temporary file into place; frees o. */
RK_API rk_status rk_out_commit(rk_out *o, rk_error *err);
/* Removes the temporary file, leaving any previous output intact; frees o.
 * NULL is a no-op. */
RK_API void rk_out_abort(rk_out *o);

/* Writes a whole buffer atomically to path. */
RK_API rk_status rk_file_write_atomic(const char *path, const void *data, size_t len,
                                      rk_error *err);

#endif
