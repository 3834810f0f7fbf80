/* jsonw.h - a byte-stable streaming JSON writer: strings escaped in one
 * pass exactly as cJSON escapes them, integers without printf, all through
 * one fixed buffer so that rendering a claim allocates nothing. Internal
 * to the report stage; not installed. */
#ifndef RK_JSONW_H
#define RK_JSONW_H

#include <stdio.h>
#include <string.h>
#include "../core/error.h"

/* Big enough that a claim line rarely spans two writes and that an
 * unbuffered stream (extract's JSON Lines) is written in few calls, small
 * enough for the stack of any thread that renders. */
#define RKJ_BUF 65536

/* A writer in front of a FILE. Nothing reaches f before rkj_flush() or a
 * full buffer. */
typedef struct rkj_writer {
    FILE *f;
    size_t n;
    /* The last claim sentence written, while its bytes are still in buf:
     * its body bytes (NULL when there is none), span, and the run
     * `[a,b],"text":"..."` at buf[kept_at, kept_at + kept_n). A claim of
     * the same sentence copies the run rather than escaping it again. */
    const char *kept;
    size_t kept_a, kept_b, kept_at, kept_n;
    char buf[RKJ_BUF];
} rkj_writer;

/* Starts a writer in front of f (borrowed: valid as long as f is). */
void rkj_init(rkj_writer *w, FILE *f);
/* Hands the buffered bytes to f. */
void rkj_flush(rkj_writer *w);
/* rkj_flush(), then RK_ERR_IO when any write to f failed, else RK_OK. */
rk_status rkj_end(rkj_writer *w, rk_error *err);
/* Writes p[0..n) when it does not fit the buffer (the slow path of rkj_mem). */
void rkj_spill(rkj_writer *w, const char *p, size_t n);

/* Writes the bytes p[0..n) as they are. */
static inline void rkj_mem(rkj_writer *w, const char *p, size_t n)
{
    if (n > RKJ_BUF - w->n) {
        rkj_spill(w, p, n);
        return;
    }
    memcpy(w->buf + w->n, p, n);
    w->n += n;
}

/* Makes room for n bytes and returns where they go, flushing the buffer
 * first when they do not fit what is left of it; NULL when n is more than
 * the buffer holds. The caller writes at most n bytes there through a
 * pointer of its own (which, unlike w->n, the compiler keeps in a register
 * across the writes) and then hands the end to rkj_commit(). */
static inline char *rkj_reserve(rkj_writer *w, size_t n)
{
    if (n > RKJ_BUF - w->n) {
        if (n > RKJ_BUF)
            return NULL;
        rkj_flush(w);
    }
    return w->buf + w->n;
}

/* Takes the bytes written from rkj_reserve()'s pointer up to end. */
static inline void rkj_commit(rkj_writer *w, char *end)
{
    w->n = (size_t)(end - w->buf);
}

/* The most bytes rkj_put_slice() writes for n bytes: the quotes, and six
 * bytes (\u00xx) for each byte. n is at most SIZE_MAX / 8. */
#define RKJ_SLICE_MAX(n) (6 * (n) + 2)
/* The most bytes rkj_put_num() and rkj_put_span() write. */
#define RKJ_NUM_MAX 40
#define RKJ_SPAN_MAX 43

/* Write at o, which has room for what the macros above say, what
 * rkj_slice(), rkj_num() and rkj_span() write, and return the end. */
char *rkj_put_slice(char *o, const char *p, size_t n);
char *rkj_put_num(char *o, double v, int has);
char *rkj_put_span(char *o, size_t a, size_t b);

/* Writes a string literal (keys, punctuation) as it is. */
#define rkj_lit(w, s) rkj_mem((w), "" s, sizeof(s) - 1)

/* Writes the bytes p[0..n) as a JSON string. Like cJSON, which this
 * output has always matched byte for byte: " and \ and \b \f \n \r \t are
 * escaped by name, other controls as \u00xx in lower case, everything
 * else (/, DEL, UTF-8 and stray bytes) as it is, and a NUL ends the string. */
void rkj_slice(rkj_writer *w, const char *p, size_t n);
/* Writes s as a JSON string, or null when s is NULL. Inline: a claim
 * writes some twenty of them. */
static inline void rkj_str(rkj_writer *w, const char *s)
{
    if (s)
        rkj_slice(w, s, strlen(s));
    else
        rkj_lit(w, "null");
}
/* Writes v as rk_format_number() does, or null when has is 0 or v is not
 * finite. */
void rkj_num(rkj_writer *w, double v, int has);
/* Writes v in decimal. */
void rkj_size(rkj_writer *w, size_t v);
/* Writes the span [a,b]. */
void rkj_span(rkj_writer *w, size_t a, size_t b);
/* Writes true or false. */
void rkj_bool(rkj_writer *w, int v);

#endif
