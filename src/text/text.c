/* text.c - building, querying and freeing the normalised view of a document. */
#include "text_internal.h"

#include <stdlib.h>
#include <string.h>

#include "../core/scratch.h"
#include "../core/utf8.h"

/* Reports the first invalid byte with its line and column. */
static rk_status utf8_error(const char *orig, size_t len, size_t bad, rk_error *err)
{
    long line, col;
    rk_utf8_line_col(orig, len, bad, &line, &col);
    rk_status st = rk_error_set(err, RK_ERR_UTF8, NULL, line, col, "invalid UTF-8 at byte %zu",
                                bad);
    if (err)
        err->offset = (long)bad;
    return st;
}

/* rk_txt_build(); with valid set, orig is taken for valid UTF-8 unread. */
static rk_status build(const char *orig, size_t len, const char *lang, int icu_only, int valid,
                       rk_text **out, rk_error *err)
{
    *out = NULL;
    if (!orig && len)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no text given");
    if (len > RK_TEXT_MAX_BYTES)
        return rk_error_set(err, RK_ERR_LIMIT, NULL, 0, 0, "text exceeds %zu bytes",
                            (size_t)RK_TEXT_MAX_BYTES);
    size_t bad = 0;
    if (!valid && len && !rk_utf8_valid(orig, len, &bad))
        return utf8_error(orig, len, bad, err);
    rk_text *t = calloc(1, sizeof *t);
    if (!t)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    t->orig = orig ? orig : "";
    t->orig_len = len;
    rk_status st = rk_txt_normalize(t, err);
    if (st == RK_OK)
        st = rk_txt_segment(t, lang, icu_only, err);
    if (st != RK_OK) {
        rk_text_free(t);
        return st;
    }
    *out = t;
    return RK_OK;
}

rk_status rk_txt_build(const char *orig, size_t len, const char *lang, int icu_only,
                       rk_text **out, rk_error *err)
{
    return build(orig, len, lang, icu_only, 0, out, err);
}

/* rk_text_build_window(), and with valid set its trusting twin. */
static rk_status build_window(const char *orig, size_t base, size_t len, const char *lang,
                              int valid, rk_text **out, rk_error *err)
{
    *out = NULL;
    if (base > RK_TEXT_MAX_BYTES || len > RK_TEXT_MAX_BYTES - base)
        return rk_error_set(err, RK_ERR_LIMIT, NULL, 0, 0, "text exceeds %zu bytes",
                            (size_t)RK_TEXT_MAX_BYTES);
    rk_status st = build(orig ? orig + base : NULL, len, lang, 0, valid, out, err);
    if (st != RK_OK) {
        if (st == RK_ERR_UTF8 && err && err->offset >= 0)
            err->offset += (long)base;
        return st;
    }
    rk_text *t = *out;
    if (base) {
        uint32_t b = (uint32_t)base;
        for (size_t i = 0; i < t->norm_len; i++) {
            t->src_start[i] += b;
            t->src_end[i] += b;
        }
        t->orig = orig;
        t->orig_len = base + len;
        /* the whitespace before the first token reaches back over the cut */
        if (t->n_tokens) {
            rk_token *k0 = &t->tokens[0];
            size_t p = t->src_start[k0->start];
            while (p > 0 && (orig[p - 1] == ' ' || orig[p - 1] == '\t' || orig[p - 1] == '\n' ||
                             orig[p - 1] == '\r' || orig[p - 1] == '\f' || orig[p - 1] == '\v')) {
                k0->space_before = 1;
                if (orig[p - 1] == '\n')
                    k0->newline_before = 1;
                p--;
            }
        }
    }
    return RK_OK;
}

rk_status rk_text_build_window(const char *orig, size_t base, size_t len, const char *lang,
                               rk_text **out, rk_error *err)
{
    return build_window(orig, base, len, lang, 0, out, err);
}

rk_status rk_text_build_window_valid(const char *orig, size_t base, size_t len,
                                     const char *lang, rk_text **out, rk_error *err)
{
    return build_window(orig, base, len, lang, 1, out, err);
}

rk_status rk_text_build(const char *orig, size_t len, const char *lang, rk_text **out,
                        rk_error *err)
{
    return rk_txt_build(orig, len, lang, 0, out, err);
}

void rk_text_orig_span(const rk_text *t, size_t nstart, size_t nend, size_t *ostart,
                       size_t *oend)
{
    if (nstart < nend && nend <= t->norm_len) {
        *ostart = t->src_start[nstart];
        *oend = t->src_end[nend - 1];
        return;
    }
    /* An empty or out-of-range span: the position before nstart's source. */
    size_t p = nstart < t->norm_len ? t->src_start[nstart] : t->orig_len;
    *ostart = *oend = p;
}

size_t rk_text_norm_offset(const rk_text *t, size_t off)
{
    size_t lo = 0, hi = t->norm_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->src_start[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void rk_text_free(rk_text *t)
{
    if (!t)
        return;
    /* the per-document arrays, for the thread's next text */
    rk_scratch_give(RK_SCRATCH_VIEW, t->src_start); /* and with it src_end and norm */
    rk_scratch_give(RK_SCRATCH_SENTENCES, t->sentences);
    rk_scratch_give(RK_SCRATCH_TOKENS, t->tokens);
    rk_scratch_give(RK_SCRATCH_MIX, t->mix);
    free(t);
}
