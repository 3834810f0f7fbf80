/* fuzz_ingest.c - one ingest format (FUZZ_FORMAT, set by the build) read from
 * arbitrary bytes: it must never crash, and every document it returns must
 * keep the provenance promises of document.h. JSON Lines is also read with
 * the full JSON parser (full_json), which must give the same documents and
 * diagnostics as the fast record scanner. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT RK_FORMAT_NONE
#endif

/* The diagnostics of one reading, as "line:col message" lines. */
static void keep(void *ctx, const rk_error *e)
{
    rk_buf *b = ctx;
    rk_buf_putu(b, (uint64_t)e->line, 0);
    rk_buf_putc(b, ':');
    rk_buf_putu(b, (uint64_t)e->column, 0);
    rk_buf_putc(b, ' ');
    rk_buf_puts(b, e->message);
    rk_buf_putc(b, '\n');
}

static rk_status read_input(const uint8_t *data, size_t size, int full, rk_doclist *docs,
                            rk_buf *diags, rk_error *e)
{
    rk_ingest_options o = {0};
    o.force_format = FUZZ_FORMAT;
    o.no_sidecar = 1;
    o.full_json = full;
    rk_error_clear(e);
    return rk_ingest_buffer("fuzz-input", (const char *)data, size, &o, docs, keep, diags, e);
}

static int same_field(const rk_field *a, const rk_field *b)
{
    return a->origin == b->origin &&
           (a->value && b->value ? strcmp(a->value, b->value) == 0 : a->value == b->value);
}

static void check_same(const rk_doclist *a, const rk_doclist *b)
{
    FUZZ_CHECK(a->n == b->n);
    for (size_t i = 0; i < a->n; i++) {
        const rk_document *x = a->docs[i], *y = b->docs[i];
        FUZZ_CHECK(strcmp(x->id, y->id) == 0 && x->record == y->record);
        FUZZ_CHECK(x->body_len == y->body_len && memcmp(x->body, y->body, x->body_len) == 0);
        FUZZ_CHECK(same_field(&x->title, &y->title) && same_field(&x->source, &y->source) &&
                   same_field(&x->published, &y->published) && same_field(&x->url, &y->url) &&
                   same_field(&x->language, &y->language) &&
                   same_field(&x->byline, &y->byline) && same_field(&x->dateline, &y->dateline));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rk_doclist docs = {0};
    rk_buf diags = RK_BUF_INIT;
    rk_error e;
    rk_status st = read_input(data, size, 0, &docs, &diags, &e);
    if (st != RK_OK)
        FUZZ_CHECK(docs.n == 0 && e.code == st && e.message[0] != '\0');
    for (size_t i = 0; i < docs.n; i++) {
        fuzz_check_document(docs.docs[i], data, size);
        FUZZ_CHECK(docs.docs[i]->format == FUZZ_FORMAT || FUZZ_FORMAT == RK_FORMAT_NONE);
    }
    if (FUZZ_FORMAT == RK_FORMAT_JSONL) {
        rk_doclist full = {0};
        rk_buf full_diags = RK_BUF_INIT;
        rk_error fe;
        FUZZ_CHECK(read_input(data, size, 1, &full, &full_diags, &fe) == st);
        FUZZ_CHECK(strcmp(fe.message, e.message) == 0);
        FUZZ_CHECK(diags.len == full_diags.len &&
                   (!diags.len || memcmp(diags.data, full_diags.data, diags.len) == 0));
        check_same(&docs, &full);
        rk_doclist_free(&full);
        rk_buf_free(&full_diags);
    }
    rk_doclist_free(&docs);
    rk_buf_free(&diags);
    return 0;
}
