/* fuzz_pipeline.c - the whole pipeline over arbitrary input: ingest (format
 * detected by content) -> extract -> reconcile -> every renderer. Claims must
 * point at exactly their bytes, also when the document is read in small
 * windows, groups at real claims, and every renderer must give the same
 * bytes twice. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_claims(const rk_claimset *set)
{
    for (size_t i = 0; i < set->n; i++) {
        const rk_claim *c = &set->claims[i];
        FUZZ_CHECK(c->document < set->docs.n);
        const rk_document *d = set->docs.docs[c->document];
        FUZZ_CHECK(c->start <= c->end && c->end <= d->body_len);
        FUZZ_CHECK(c->text != NULL && strlen(c->text) == c->end - c->start);
        FUZZ_CHECK(memcmp(c->text, d->body + c->start, c->end - c->start) == 0);
        FUZZ_CHECK(c->id != NULL);
        if (c->has_low && c->has_high)
            FUZZ_CHECK(c->low <= c->high);
    }
}

/* The document read in windows of a hundred bytes (as a long one is read
 * in windows of a megabyte): every claim still on its bytes, in order. */
static void check_windows(const rk_engine *en, const rk_document *d)
{
    rk_claim *c = NULL;
    size_t n = 0, cap = 0;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_extract_document_windowed(en, d, 0, 0, 100, 0, NULL, &c, &n, &cap,
                                                &e);
    if (st != RK_OK)
        FUZZ_CHECK(n == 0 && e.message[0] != '\0');
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(c[i].start <= c[i].end && c[i].end <= d->body_len);
        FUZZ_CHECK(c[i].text != NULL && strlen(c[i].text) == c[i].end - c[i].start);
        FUZZ_CHECK(memcmp(c[i].text, d->body + c[i].start, c[i].end - c[i].start) == 0);
        FUZZ_CHECK(c[i].sentence_start <= c[i].sentence_end &&
                   c[i].sentence_end <= d->body_len);
        FUZZ_CHECK(i == 0 || (c[i].start >= c[i - 1].start && c[i].sentence >= c[i - 1].sentence));
        rk_claim_clear(&c[i]);
    }
    free(c);
}

static void check_groups(const rk_claimset *set, const rk_reconciliation *rec)
{
    for (size_t g = 0; g < rec->n_groups; g++) {
        const rk_group *gr = &rec->groups[g];
        FUZZ_CHECK(gr->id != NULL && gr->n_members > 0);
        for (size_t m = 0; m < gr->n_members; m++)
            FUZZ_CHECK(gr->members[m] < set->n);
        FUZZ_CHECK(gr->parent == (size_t)-1 || gr->parent < rec->n_groups);
        if (gr->has_estimate)
            FUZZ_CHECK(gr->low <= gr->best && gr->best <= gr->high);
    }
    for (size_t l = 0; l < rec->n_links; l++)
        FUZZ_CHECK(rec->links[l].from < set->n && rec->links[l].to < set->n);
}

/* Renders into memory; returns the bytes (the caller frees them) or NULL
 * when the renderer refused. */
static char *render(const rk_renderer *rd, const rk_report *rep, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        abort();
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rd->render(rep, f, &e);
    fclose(f);
    if (st != RK_OK) {
        FUZZ_CHECK(e.message[0] != '\0');
        free(buf);
        return NULL;
    }
    return buf;
}

static void render_all(const rk_report *rep)
{
    const rk_renderer *const *all = rk_renderers();
    for (size_t i = 0; all && all[i]; i++) {
        size_t n1 = 0, n2 = 0;
        char *a = render(all[i], rep, &n1);
        char *b = a ? render(all[i], rep, &n2) : NULL;
        if (a)
            FUZZ_CHECK(b != NULL && n1 == n2 && memcmp(a, b, n1) == 0);
        free(a);
        free(b);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rk_engine *en = fuzz_engine();
    rk_ingest_options o = {0};
    o.no_sidecar = 1;
    rk_doclist docs = {0};
    rk_claimset set = {0};
    rk_reconciliation *rec = NULL;
    rk_error e;
    rk_error_clear(&e);
    /* The bytes as the command line has them: rk_file_read NUL-terminates
     * what it reads. (The ingest targets feed unterminated buffers.) */
    char *input = malloc(size + 1);
    if (!input)
        abort();
    memcpy(input, data, size);
    input[size] = '\0';
    rk_status st = rk_ingest_buffer("fuzz-input", input, size, &o, &docs, NULL, NULL, &e);
    free(input);
    if (st != RK_OK)
        goto done;
    for (size_t i = 0; i < docs.n; i++) {
        rk_document *d = docs.docs[i];
        docs.docs[i] = NULL;
        check_windows(en, d);
        rk_error_clear(&e);
        if (rk_extract_into(en, d, &set, &e) != RK_OK)
            rk_document_free(d); /* on failure ownership stays here */
    }
    check_claims(&set);
    rk_error_clear(&e);
    if (rk_reconcile(&set, fuzz_rules(), &rec, &e) != RK_OK)
        goto done;
    check_groups(&set, rec);
    rk_report extract_rep = {.set = &set};
    rk_report full_rep = {.set = &set, .rec = rec, .title = "fuzz"};
    render_all(&extract_rep);
    render_all(&full_rep);
done:
    rk_reconciliation_free(rec);
    rk_claimset_clear(&set);
    rk_doclist_free(&docs);
    return 0;
}
