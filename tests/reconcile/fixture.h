/* fixture.h - builds synthetic claim sets for the reconcile tests:
 * documents with outlets and dates, claims with intervals and speakers. */
#ifndef RK_TEST_RECONCILE_FIXTURE_H
#define RK_TEST_RECONCILE_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk_internal.h"

static size_t fx_doc(rk_claimset *s, const char *id, const char *source, const char *published)
{
    rk_document *d = calloc(1, sizeof *d);
    ck_assert_ptr_nonnull(d);
    d->id = rk_strdup(id);
    d->source.value = rk_strdup(source);
    d->source.origin = source ? RK_ORIGIN_GIVEN : RK_ORIGIN_NONE;
    d->published.value = rk_strdup(published);
    d->published.origin = published ? RK_ORIGIN_GIVEN : RK_ORIGIN_NONE;
    d->body = rk_strdup("");
    if (s->docs.n == s->docs.cap) {
        s->docs.cap = s->docs.cap ? s->docs.cap * 2 : 8;
        s->docs.docs = realloc(s->docs.docs, s->docs.cap * sizeof *s->docs.docs);
        ck_assert_ptr_nonnull(s->docs.docs);
    }
    s->docs.docs[s->docs.n++] = d;
    return s->docs.n - 1;
}

/* Appends a claim; strings are copied (subject, quantity and scope are
 * borrowed, as from rules). */
static rk_claim *fx_claim(rk_claimset *s, size_t doc, const char *quantity, const char *subject,
                          const char *scope, rk_exactness ex, double low, double high,
                          const char *speaker, const char *via, const char *as_of)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->claims = realloc(s->claims, s->cap * sizeof *s->claims);
        ck_assert_ptr_nonnull(s->claims);
    }
    rk_claim *c = &s->claims[s->n++];
    memset(c, 0, sizeof *c);
    c->document = doc;
    c->quantity = quantity;
    c->subject = subject;
    c->scope = scope;
    c->exactness = (uint8_t)ex;
    c->kind = RK_KIND_COUNT;
    c->low = low;
    c->high = high;
    c->has_low = ex != RK_EXACTNESS_LESS_THAN && ex != RK_EXACTNESS_AT_MOST;
    c->has_high = ex != RK_EXACTNESS_MORE_THAN && ex != RK_EXACTNESS_AT_LEAST;
    c->speaker = rk_strdup(speaker);
    c->via = rk_strdup(via);
    c->as_of = rk_strdup(as_of);
    return c;
}

static rk_claim *fx_exact(rk_claimset *s, size_t doc, const char *q, const char *subject,
                          double v, const char *speaker, const char *as_of)
{
    return fx_claim(s, doc, q, subject, NULL, RK_EXACTNESS_EXACT, v, v, speaker, NULL, as_of);
}

/* Frees what the fixture allocated, independently of the claims stage. */
static void fx_free(rk_claimset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        rk_claim *c = &s->claims[i];
        free(c->id);
        free(c->text);
        free(c->speaker);
        free(c->via);
        free(c->as_of);
        free(c->as_of_from);
    }
    free(s->claims);
    for (size_t i = 0; i < s->docs.n; i++) {
        rk_document *d = s->docs.docs[i];
        free(d->id);
        free(d->source.value);
        free(d->published.value);
        free(d->body);
        free(d);
    }
    free(s->docs.docs);
    memset(s, 0, sizeof *s);
}

static rk_reconciliation *fx_reconcile(const rk_claimset *s, const rk_rules *rules)
{
    rk_reconciliation *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_reconcile(s, rules, &r, &e);
    ck_assert_msg(st == RK_OK, "%s:%ld: %s", e.file, e.line, e.message);
    ck_assert_ptr_nonnull(r);
    return r;
}

static const rk_group *fx_group(const rk_reconciliation *r, const char *id)
{
    for (size_t i = 0; i < r->n_groups; i++)
        if (strcmp(r->groups[i].id, id) == 0)
            return &r->groups[i];
    ck_abort_msg("no group %s", id);
    return NULL;
}

static size_t fx_count_links(const rk_reconciliation *r, rk_link_kind k, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_links; i++)
        if (r->links[i].kind == k && (from == (size_t)-1 || r->links[i].from == from) &&
            (to == (size_t)-1 || r->links[i].to == to))
            n++;
    return n;
}

/* Writes xml as the only rule file of a fresh directory and loads it with
 * the shipped schema. */
static rk_rules *fx_rules(const char *xml, char *dir, size_t dirsz, rk_error *e)
{
    snprintf(dir, dirsz, "/tmp/rk_recon_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[512], schema[512];
    snprintf(path, sizeof path, "%s/policy.xml", dir);
    snprintf(schema, sizeof schema, "%s/rules/schema/rules.rng", getenv("RK_SOURCE_ROOT"));
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(xml, f);
    fclose(f);
    rk_rules *r = NULL;
    rk_error_clear(e);
    rk_status st = rk_rules_load(dir, schema, &r, NULL, NULL, e);
    ck_assert_msg(st == RK_OK, "%s:%ld: %s", e->file, e->line, e->message);
    return r;
}

static void fx_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

#endif
