/* error.h - status codes and the error object every library call fills. */
#ifndef RK_ERROR_H
#define RK_ERROR_H

#include <stddef.h>
#include "visibility.h"

/* Status of a library call. RK_OK is the zero sentinel. */
typedef enum rk_status {
    RK_OK = 0,
    RK_ERR_NOMEM,    /* allocation failed */
    RK_ERR_IO,       /* a file could not be read or written */
    RK_ERR_UTF8,     /* input is not valid UTF-8 */
    RK_ERR_PARSE,    /* input is malformed for its format */
    RK_ERR_RULES,    /* a rule file is broken */
    RK_ERR_LIMIT,    /* input exceeds a documented limit */
    RK_ERR_USAGE,    /* the caller asked for something invalid */
    RK_ERR_FORMAT,   /* the input format is not recognised */
    RK_ERR_INTERNAL  /* a bug: should never happen */
} rk_status;

/* Process exit codes of the reckon command line. */
typedef enum rk_exit {
    RK_EXIT_OK = 0,       /* success */
    RK_EXIT_FINDINGS = 1, /* findings, when the user asked to fail on them */
    RK_EXIT_USAGE = 2     /* usage or input error */
} rk_exit;

#define RK_ERROR_PATH_MAX 1024
#define RK_ERROR_MSG_MAX 1024

/* An error: what went wrong and where. line/column are 1-based and 0 when
 * unknown; offset is a byte offset into the file, -1 when unknown. A
 * warning (warning = 1, set by rk_error_warn) is a diagnostic that cost
 * nothing the caller asked for: a value that was not used, a file of a
 * folder that is not an article; the run's outcome does not change. */
typedef struct rk_error {
    rk_status code;
    int warning;
    char file[RK_ERROR_PATH_MAX];
    long line;
    long column;
    long offset;
    char message[RK_ERROR_MSG_MAX];
} rk_error;

/* Receives diagnostics about one item while the others go on (a bad line of
 * a JSON Lines file, a document skipped for invalid UTF-8). */
typedef void (*rk_diag_fn)(void *ctx, const rk_error *e);

/* Resets e to "no error". e may be NULL. */
RK_API void rk_error_clear(rk_error *e);

/* Fills e (which may be NULL) and returns code, so callers can write
 * `return rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot open: %s", ...)`. */
RK_API rk_status rk_error_set(rk_error *e, rk_status code, const char *file,
                              long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The same, marking e as a warning (see rk_error). */
RK_API rk_status rk_error_warn(rk_error *e, rk_status code, const char *file, long line,
                               long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Formats e as "path:line:col: message" (omitting parts that are unknown;
 * "warning: " before the message of a warning) into buf of size n;
 * returns buf. */
RK_API char *rk_error_format(const rk_error *e, char *buf, size_t n);

/* The stable lower-case name of a status ("ok", "nomem", "io", ...).
 * borrowed: a static string. */
RK_API const char *rk_status_name(rk_status s);

/* The library version, "MAJOR.MINOR.PATCH". borrowed: a static string. */
RK_API const char *rk_version(void);

#endif
