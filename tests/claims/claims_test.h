/* claims_test.h - what the claims test programs share: the source root,
 * paths under it, and one line of what a claim says, every field of it, for
 * the tests that compare two readings of the same text claim by claim
 * (windows against the whole, shortcuts against every search). */
#ifndef RK_TEST_CLAIMS_TEST_H
#define RK_TEST_CLAIMS_TEST_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline const char *src_root(void)
{
    const char *r = getenv("RK_SOURCE_ROOT");
    return r ? r : ".";
}

static inline char *path_join(const char *a, const char *b)
{
    rk_buf p = RK_BUF_INIT;
    rk_buf_printf(&p, "%s/%s", a, b);
    return rk_buf_detach(&p, NULL);
}

/* A toy rule folder made in dir (from mkdtemp()): the toy rules' common
 * numbers as common.xml, and text as the file name; toy_rules_gone()
 * removes both and the folder. */
static inline void toy_rules_in(const char *dir, const char *name, const char *text)
{
    char *src = path_join(src_root(), "tests/claims/data/toyrules/common/numbers.xml");
    char *common = NULL;
    size_t n = 0;
    rk_error e;
    ck_assert_msg(rk_file_read(src, 0, &common, &n, &e) == RK_OK, "%s", e.message);
    const char *files[2][2] = {{"common.xml", common}, {name, text}};
    for (int i = 0; i < 2; i++) {
        char *p = path_join(dir, files[i][0]);
        FILE *fp = fopen(p, "w");
        ck_assert(fp && fputs(files[i][1], fp) >= 0 && fclose(fp) == 0);
        free(p);
    }
    free(common);
    free(src);
}

static inline void toy_rules_gone(const char *dir, const char *name)
{
    const char *files[2] = {"common.xml", name};
    for (int i = 0; i < 2; i++) {
        char *p = path_join(dir, files[i]);
        unlink(p);
        free(p);
    }
    rmdir(dir);
}

/* A document made from a sentence, as a plain-text input, in language
 * lang and published on `published` (NULL: none given); NULL when it
 * cannot be made. */
static inline rk_document *doc_from(const char *text, const char *lang, const char *published)
{
    rk_doclist l = {0};
    rk_ingest_options o = {0};
    rk_error e;
    o.no_sidecar = 1;
    o.force_format = RK_FORMAT_TEXT;
    if (rk_ingest_buffer("input.txt", text, strlen(text), &o, &l, NULL, NULL, &e) != RK_OK ||
        l.n != 1) {
        rk_doclist_free(&l);
        return NULL;
    }
    rk_document *d = l.docs[0];
    free(l.docs);
    free(d->language.value);
    d->language.value = lang ? strdup(lang) : NULL;
    d->language.origin = lang ? RK_ORIGIN_GIVEN : RK_ORIGIN_NONE;
    free(d->published.value);
    d->published.value = published ? strdup(published) : NULL;
    d->published.origin = published ? RK_ORIGIN_GIVEN : RK_ORIGIN_NONE;
    return d;
}

/* One line of what a claim says. */
static inline void claim_line(const rk_claim *c, char *buf, size_t n)
{
#define S(x) ((x) ? (x) : "-")
    snprintf(buf, n,
             "%s %zu-%zu %.17g %.17g %d%d e%d k%d u%s q%s s%s sc%s r%s sp%s o%s ok%s via%s by%s "
             "as%s from%s st%d inc%d hed%d ear%d sent%u %zu-%zu",
             c->id, c->start, c->end, c->low, c->high, c->has_low, c->has_high, c->exactness,
             c->kind, S(c->unit), S(c->quantity), S(c->subject), S(c->scope), S(c->rule),
             S(c->speaker), S(c->originator), S(c->originator_kind), S(c->via), S(c->status_by),
             S(c->as_of), S(c->as_of_from), c->status, c->increment, c->hedged, c->earlier,
             c->sentence, c->sentence_start, c->sentence_end);
#undef S
}

/* Matches text (len bytes, language lang) with eng into *st, whose text
 * it returns; the caller frees both with rk_claims_match_free(st) and
 * rk_text_free(). Needs claims/engine_int.h. */
static inline rk_text *match_text(const rk_engine *eng, const char *text, size_t len,
                                  const char *lang, doc_state *st)
{
    *st = (doc_state){.e = eng};
    rk_claims_settings(eng, lang, &st->ds_own);
    st->ds = &st->ds_own;
    rk_text *t = NULL;
    rk_error e;
    ck_assert_msg(rk_text_build(text, len, lang, &t, &e) == RK_OK, "%s", e.message);
    st->t = t;
    ck_assert_msg(rk_claims_match(st, &e) == RK_OK, "%s", e.message);
    return t;
}

#endif
