/* markup.c - what the HTML and XML readers share around a libxml2 parse:
 * the size cut before it, libxml2's first error rather than its last, and
 * allocation failures inside libxml2 turned into "out of memory" for the
 * input (libxml2 may otherwise hand back a tree it cut short). */
#include "extract.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h"

/* The parse running on this thread: libxml2 resets the context's _private
 * slot when a read starts, so the error callback finds its state here. */
static _Thread_local ing_markup_parse *current;

/* libxml2's structured error callback: keeps the first error. */
static void on_error(void *data, xmlErrorPtr e)
{
    (void)data;
    ing_markup_parse *mp = current;
    if (!mp || !e || e->level < XML_ERR_ERROR)
        return;
    if (e->code == XML_ERR_NO_MEMORY && strstr(e->message ? e->message : "", "huge"))
        mp->huge = 1;
    else if (e->code == XML_ERR_NO_MEMORY)
        mp->oom = 1;
    if (mp->have)
        return;
    mp->have = 1;
    mp->code = e->code;
    mp->line = e->line;
    mp->col = e->int2;
    snprintf(mp->message, sizeof mp->message, "%s", e->message ? e->message : "malformed");
    mp->message[strcspn(mp->message, "\n")] = '\0';
}

/* Called when an allocation fails on this thread during the parse: stops
 * the parser the way libxml2 itself does when it notices (xmlErrMemory),
 * and moves its cursor to the end of the input, without freeing anything
 * under its feet. libxml2 2.9's HTML parser does not always notice: a
 * start tag whose attribute buffer could not be allocated is given up
 * without being consumed, and the content loop tried it again forever
 * (found by tests/oom). At the end of the input every loop ends. */
static void on_alloc_failure(void *arg)
{
    xmlParserCtxtPtr ctx = arg;
    if (current)
        current->oom = 1;
    ctx->errNo = XML_ERR_NO_MEMORY;
    ctx->instate = XML_PARSER_EOF;
    ctx->disableSAX = 1;
    if (ctx->input && ctx->input->end)
        ctx->input->cur = ctx->input->end;
}

rk_status ing_markup_check_size(const ing_ctx *c, size_t len, const char *what, rk_error *err)
{
    if (len <= ING_MARKUP_MAX_BYTES)
        return RK_OK;
    return rk_error_set(err, RK_ERR_LIMIT, c->path, 0, 0,
                        "%s input of %zu bytes, more than the limit of %zu MiB for HTML and "
                        "XML; not parsed", what, len, ING_MARKUP_MAX_BYTES >> 20);
}

xmlParserCtxtPtr ing_markup_begin(ing_markup_parse *mp, const ing_ctx *c, int html)
{
    memset(mp, 0, sizeof *mp);
    xmlInitParser();
    mp->failures = rk_alloc_failures();
    current = mp;
    /* A push parser: it is handed the whole input at once and never grows
     * or shrinks its input buffer while parsing. The pull parser of
     * libxml2 2.9 grows a memory input as it reads, and crashed when that
     * allocation failed (its buffer's content became NULL under the
     * parser; found by tests/oom). */
    xmlParserCtxtPtr ctx = html ? htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, c->path,
                                                           XML_CHAR_ENCODING_UTF8)
                                : xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, c->path);
    if (!ctx) {
        current = NULL;
        return NULL;
    }
    mp->ctx = ctx;
    mp->html = html;
    ctx->linenumbers = 1; /* for the places of warnings about metadata */
    if (ctx->sax)
        ctx->sax->serror = on_error;
    rk_alloc_watch(on_alloc_failure, ctx);
    return ctx;
}

xmlDocPtr ing_markup_read(ing_markup_parse *mp, const char *data, size_t len, int options)
{
    xmlParserCtxtPtr ctx = mp->ctx;
    if (len > INT32_MAX)
        return NULL;
    if (mp->html) {
        htmlCtxtUseOptions(ctx, options);
        htmlParseChunk(ctx, data, (int)len, 1);
    } else {
        xmlCtxtUseOptions(ctx, options);
        xmlParseChunk(ctx, data, (int)len, 1);
    }
    xmlDocPtr doc = ctx->myDoc;
    ctx->myDoc = NULL;
    mp->well_formed = ctx->wellFormed;
    return doc;
}

rk_status ing_markup_end(ing_markup_parse *mp, const ing_ctx *c, int ok, const char *what,
                         rk_error *err)
{
    rk_alloc_watch(NULL, NULL);
    current = NULL;
    xmlParserCtxtPtr ctx = mp->ctx;
    if (mp->oom || rk_alloc_failures() != mp->failures ||
        (ctx->errNo == XML_ERR_NO_MEMORY && !mp->huge))
        return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0,
                            "out of memory while parsing this %s input", what);
    if (mp->huge)
        /* libxml2's limit of 10 MB of text in one node, which it reports as
         * a memory error. */
        return rk_error_set(err, RK_ERR_LIMIT, c->path, 0, 0,
                            "%s: more than 10 MB of text in one element (libxml2's limit)", what);
    if (ok)
        return RK_OK;
    if (mp->have)
        return rk_error_set(err, RK_ERR_PARSE, c->path, mp->line, mp->col, "%s: %s", what,
                            mp->message);
    const xmlError *e = &ctx->lastError;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "malformed");
    msg[strcspn(msg, "\n")] = '\0';
    return rk_error_set(err, RK_ERR_PARSE, c->path, e->line, e->int2, "%s: %s", what, msg);
}
