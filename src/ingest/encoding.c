/* encoding.c - HTML and XML pages in the encoding they declare.
 *
 * reckon reads UTF-8. A page whose bytes are not UTF-8 but which declares
 * another encoding (<meta charset="windows-1256">, common for Arabic pages;
 * <?xml version="1.0" encoding="ISO-8859-1"?>) is decoded to UTF-8 with
 * ICU's converters before it is parsed. Its claims' spans then refer to the
 * extracted body text, which is UTF-8, as for every HTML and XML input (the
 * README's extract contract): the original bytes of a quote are found by
 * encoding its text back, never by offset. A page in UTF-8 keeps its bytes
 * whatever it declares (a stale declaration is common after a save). Plain
 * text and JSON declare nothing and must be UTF-8. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

/* How far into a page a declaration is looked for: HTML requires the meta
 * charset within the first 1024 bytes; some pages are sloppier. */
#define DECL_WINDOW 4096

static const char *find_ci(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (strncasecmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

/* The encoding name after `key` (charset=, encoding=) at p, quoted or not,
 * copied into name (room for 64 bytes). */
static int name_after(const char *p, const char *end, char *name)
{
    while (p < end && (*p == ' ' || *p == '='))
        p++;
    char q = p < end && (*p == '"' || *p == '\'') ? *p++ : 0;
    size_t n = 0;
    while (p < end && n < 63 && *p != q && *p != ';' && *p != '>' && *p != '/' &&
           (q || (*p != ' ' && *p != '"' && *p != '\'')))
        name[n++] = *p++;
    name[n] = '\0';
    return n > 0;
}

/* The encoding the page declares, into name (64 bytes): the XML
 * declaration's encoding for XML, a meta charset (either form) for HTML. */
static int declared(const char *data, size_t len, rk_format f, char *name)
{
    size_t w = len < DECL_WINDOW ? len : DECL_WINDOW;
    const char *end = data + w;
    if (f != RK_FORMAT_HTML) {
        const char *decl = w >= 5 && strncmp(data, "<?xml", 5) == 0 ? data : NULL;
        const char *close = decl ? find_ci(decl, w, "?>") : NULL;
        const char *enc = close ? find_ci(decl, (size_t)(close - decl), "encoding") : NULL;
        return enc && name_after(enc + 8, close, name);
    }
    for (const char *p = data; (p = find_ci(p, (size_t)(end - p), "<meta")); p += 5) {
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *cs = find_ci(p, (size_t)((gt ? gt : end) - p), "charset");
        if (cs && name_after(cs + 7, gt ? gt : end, name))
            return 1;
    }
    return 0;
}

/* The WHATWG encoding standard reads these labels of HTML as windows-1252,
 * as browsers do; XML means what it says. */
static const char *html_alias(const char *name)
{
    static const char *const latin1[] = {"iso-8859-1", "iso8859-1", "latin1", "l1",
                                         "us-ascii", "ascii", "iso_8859-1", "cp819", NULL};
    for (size_t i = 0; latin1[i]; i++)
        if (strcasecmp(name, latin1[i]) == 0)
            return "windows-1252";
    return name;
}

static int is_utf8_name(const char *name)
{
    return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* The error for bytes that are not UTF-8 and could not be decoded, saying
 * which encodings were tried. */
static rk_status not_text(const ing_ctx *c, const char *data, size_t len, size_t bad,
                          const char *tried, rk_error *err)
{
    long line, col;
    ing_line_col(data, len, bad, &line, &col);
    rk_status st = rk_error_set(err, RK_ERR_UTF8, c->path, line, col,
                                "invalid UTF-8 at byte offset %zu (byte 0x%02X); %s", bad,
                                (unsigned)(unsigned char)data[bad], tried);
    if (err)
        err->offset = (long)bad;
    return st;
}

/* Decodes data[0..len) from the encoding enc into *out (UTF-8, the caller
 * frees it with free()). Stops at the first byte enc cannot decode, whose
 * offset goes to *bad (RK_ERR_UTF8); RK_ERR_FORMAT when ICU does not know
 * enc. */
static rk_status decode(const char *enc, const char *data, size_t len, char **out,
                        size_t *out_len, size_t *bad)
{
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(enc, &ec);
    if (U_FAILURE(ec))
        return ec == U_MEMORY_ALLOCATION_ERROR ? RK_ERR_NOMEM : RK_ERR_FORMAT;
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    /* A byte gives at most two UTF-16 units; a unit at most three bytes. */
    size_t cap = 2 * len + 2;
    UChar *u = cap <= SIZE_MAX / sizeof *u ? malloc(cap * sizeof *u) : NULL;
    rk_status st = u ? RK_OK : RK_ERR_NOMEM;
    UChar *t = u;
    const char *s = data;
    if (st == RK_OK) {
        ucnv_toUnicode(cv, &t, u + cap, &s, data + len, NULL, 1, &ec);
        if (ec == U_MEMORY_ALLOCATION_ERROR) {
            st = RK_ERR_NOMEM;
        } else if (U_FAILURE(ec)) {
            /* The source stops past the bad bytes; ICU keeps them aside. */
            char junk[32];
            int8_t n = sizeof junk;
            UErrorCode e2 = U_ZERO_ERROR;
            ucnv_getInvalidChars(cv, junk, &n, &e2);
            *bad = (size_t)(s - data) - (U_SUCCESS(e2) && n > 0 ? (size_t)n : 0);
            st = RK_ERR_UTF8;
        }
    }
    ucnv_close(cv);
    size_t nu = st == RK_OK ? (size_t)(t - u) : 0;
    char *o = st == RK_OK && nu <= INT32_MAX / 3 ? malloc(3 * nu + 1) : NULL;
    if (st == RK_OK && !o)
        st = RK_ERR_NOMEM;
    if (st == RK_OK) {
        int32_t n = 0;
        ec = U_ZERO_ERROR;
        u_strToUTF8(o, (int32_t)(3 * nu + 1), &n, u, (int32_t)nu, &ec);
        if (U_FAILURE(ec)) {
            /* A lone surrogate some converters pass on: not text. */
            st = RK_ERR_UTF8;
            *bad = 0;
            free(o);
        } else {
            *out = o;
            *out_len = (size_t)n;
        }
    }
    free(u);
    return st;
}

rk_status ing_decode_declared(const ing_ctx *c, rk_format f, const char *data, size_t len,
                              char **out, size_t *out_len, rk_error *err)
{
    *out = NULL;
    size_t bad = 0;
    if (rk_utf8_valid(data, len, &bad))
        return RK_OK;
    char name[64];
    int markup = f == RK_FORMAT_HTML || f == RK_FORMAT_NITF || f == RK_FORMAT_NEWSML;
    if (!markup || !declared(data, len, f, name))
        return not_text(c, data, len, bad, markup ? "no encoding declared, so tried UTF-8 only"
                                                  : "reckon reads text as UTF-8 (tried UTF-8; "
                                                    "convert it with iconv)", err);
    if (is_utf8_name(name))
        return not_text(c, data, len, bad, "the page declares UTF-8 (tried UTF-8 only)", err);
    const char *enc = f == RK_FORMAT_HTML ? html_alias(name) : name;
    size_t at = 0;
    rk_status st = decode(enc, data, len, out, out_len, &at);
    if (st == RK_ERR_NOMEM)
        return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    if (st == RK_ERR_FORMAT) {
        char tried[192];
        snprintf(tried, sizeof tried, "the page declares '%s', an encoding reckon does not "
                 "know; tried UTF-8 only", name);
        return not_text(c, data, len, bad, tried, err);
    }
    if (st != RK_OK) {
        long line, col;
        ing_line_col(data, len, at, &line, &col);
        st = rk_error_set(err, RK_ERR_UTF8, c->path, line, col,
                          "not %s at byte offset %zu (byte 0x%02X); tried UTF-8 and the "
                          "declared %s", enc, at, (unsigned)(unsigned char)data[at < len ? at : 0],
                          enc);
        if (err)
            err->offset = (long)at;
        return st;
    }
    return RK_OK;
}
