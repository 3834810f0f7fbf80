/* out.h - output files that appear whole or not at all: data goes to a
 * temporary file beside the target, which is renamed into place on commit.
 * A target that exists and is no regular file (a device such as /dev/null,
 * a FIFO, /dev/stdout on a pipe) is written through instead, and a
 * symbolic link is followed: the file it ends in is replaced, the link
 * stays. */
#ifndef RK_OUT_H
#define RK_OUT_H

#include <stdio.h>
#include "error.h"

typedef struct rk_out rk_out;

/* The stdio buffer an output opened here is given, and standard output
 * by rk_out_buffer_stdout(), unless they are terminals: reports run to
 * tens of MB, and stdio's default of 4 KB (for a pipe or a file) makes one
 * system call each 4 KB, 3 to 7 % of the CPU of extracting news. */
#define RK_OUT_BUFFER ((size_t)256 << 10)

/* Gives standard output a buffer of RK_OUT_BUFFER bytes when it is no
 * terminal. Call it before anything is written to standard output. */
RK_API void rk_out_buffer_stdout(void);

/* Opens an output. path NULL or "-" writes to standard output directly.
 * *out: the caller ends it with rk_out_commit() or rk_out_abort(). */
RK_API rk_status rk_out_open(const char *path, rk_out **out, rk_error *err);
/* borrowed: valid as long as the rk_out is. */
RK_API FILE *rk_out_file(rk_out *o);
/* The output's path as given ("<stdout>" for standard output), for
 * messages. borrowed: valid as long as the rk_out is. */
RK_API const char *rk_out_path(const rk_out *o);
/* Flushes, syncs and renames the temporary file into place; frees o. An
 * error names the path and the system's reason ("No space left on
 * device"). */
RK_API rk_status rk_out_commit(rk_out *o, rk_error *err);
/* Removes the temporary file, leaving any previous output intact; frees o.
 * NULL is a no-op. */
RK_API void rk_out_abort(rk_out *o);

/* Removes the temporary files of every output open now, and nothing else:
 * async-signal-safe (it only calls unlink(2)), for a program's handler of
 * SIGINT or SIGTERM, which then ends the program. The library installs no
 * handler; the names live in a fixed table of the library (16 outputs at
 * once; more still work, they are only not removed on a signal). */
RK_API void rk_out_remove_temps(void);

/* Writes s[0..n) to o as the contents of a C string literal, for the
 * build's generators (rules_embed, nationals_embed, numbers_embed):
 * printable ASCII as it is, but for '"', '\\', '?' (no trigraph) and '*'
 * (no end of a comment, for the text may go into one), and every other
 * byte as a three-digit octal escape, which, unlike a hex one, cannot run
 * on into the character after it. */
void rk_fput_c_string(FILE *o, const char *s, size_t n);

/* Writes a whole buffer atomically to path. */
RK_API rk_status rk_file_write_atomic(const char *path, const void *data, size_t len,
                                      rk_error *err);

#endif
