/* error.c - the error object: filling and formatting. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rk_error_clear(rk_error *e)
{
    if (!e)
        return;
    /* Field by field, the strings by their first byte: nothing reads them
     * past their NUL, and the 2 KB of the whole struct, cleared for every
     * document, cost 0.15 % of a run's instructions. */
    e->code = RK_OK;
    e->warning = 0;
    e->file[0] = '\0';
    e->line = 0;
    e->column = 0;
    e->offset = -1;
    e->message[0] = '\0';
}

static void error_vset(rk_error *e, rk_status code, int warning, const char *file, long line,
                       long column, const char *fmt, va_list ap)
{
    e->code = code;
    e->warning = warning;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    e->column = column;
    e->offset = -1;
    vsnprintf(e->message, sizeof e->message, fmt, ap);
}

rk_status rk_error_set(rk_error *e, rk_status code, const char *file, long line,
                       long column, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, code, 0, file, line, column, fmt, ap);
    va_end(ap);
    return code;
}

rk_status rk_error_warn(rk_error *e, rk_status code, const char *file, long line, long column,
                        const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, code, 1, file, line, column, fmt, ap);
    va_end(ap);
    return code;
}

char *rk_error_format(const rk_error *e, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    if (!e) {
        buf[0] = '\0';
        return buf;
    }
    const char *file = e->file[0] ? e->file : "";
    const char *w = e->warning ? "warning: " : "";
    if (file[0] && e->line > 0 && e->column > 0)
        snprintf(buf, n, "%s:%ld:%ld: %s%s", file, e->line, e->column, w, e->message);
    else if (file[0] && e->line > 0)
        snprintf(buf, n, "%s:%ld: %s%s", file, e->line, w, e->message);
    else if (file[0])
        snprintf(buf, n, "%s: %s%s", file, w, e->message);
    else
        snprintf(buf, n, "%s%s", w, e->message);
    return buf;
}

const char *rk_status_name(rk_status s)
{
    switch (s) {
    case RK_OK: return "ok";
    case RK_ERR_NOMEM: return "nomem";
    case RK_ERR_IO: return "io";
    case RK_ERR_UTF8: return "utf8";
    case RK_ERR_PARSE: return "parse";
    case RK_ERR_RULES: return "rules";
    case RK_ERR_LIMIT: return "limit";
    case RK_ERR_USAGE: return "usage";
    case RK_ERR_FORMAT: return "format";
    case RK_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}

#ifndef RK_VERSION
#define RK_VERSION "0.0.0"
#endif

const char *rk_version(void)
{
    return RK_VERSION;
}
