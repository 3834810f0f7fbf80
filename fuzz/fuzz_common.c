/* fuzz_common.c - shared state and invariant checks of the fuzz targets. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rk_rules *rules;
static rk_engine *engine;
static rk_numbers_reader *reader;
static int registered;

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}

/* Setup failures are not findings about the input, so they say so loudly
 * instead of looking like a crash of the code under test. */
static void setup_failed(const char *what, const rk_error *e)
{
    char buf[2048];
    fprintf(stderr, "fuzz setup: %s: %s\n", what, rk_error_format(e, buf, sizeof buf));
#ifdef FUZZ_REPLAY
    /* The replay test checks robustness, not the rules: the rule and stage
     * tests report a broken rule set; here it is a skip (meson's 77). */
    exit(77);
#else
    abort();
#endif
}

const char *fuzz_rules_dir(void)
{
    const char *env = getenv("RECKON_RULES");
    return env && *env ? env : RK_SOURCE_RULES_DIR;
}

static void register_shutdown(void)
{
    /* libFuzzer never returns from its main loop normally, so the replay
     * runner and libFuzzer's exit path both rely on atexit. */
    if (!registered) {
        registered = 1;
        atexit(fuzz_shutdown);
    }
}

const rk_rules *fuzz_rules(void)
{
    if (!rules) {
        rk_error e;
        rk_error_clear(&e);
        if (rk_rules_load(fuzz_rules_dir(), NULL, &rules, NULL, NULL, &e) != RK_OK)
            setup_failed("loading the rules", &e);
        register_shutdown();
    }
    return rules;
}

const rk_engine *fuzz_engine(void)
{
    if (!engine) {
        rk_error e;
        rk_error_clear(&e);
        if (rk_engine_new(fuzz_rules(), &engine, &e) != RK_OK)
            setup_failed("compiling the engine", &e);
    }
    return engine;
}

const rk_numbers_reader *fuzz_reader(void)
{
    if (!reader) {
        rk_error e;
        rk_error_clear(&e);
        if (rk_numbers_reader_new(fuzz_rules(), &reader, &e) != RK_OK)
            setup_failed("compiling the number reader", &e);
    }
    return reader;
}

void fuzz_check_text(const rk_text *t)
{
    FUZZ_CHECK(t->norm != NULL && t->norm[t->norm_len] == '\0');
    for (size_t i = 0; i < t->norm_len; i++) {
        FUZZ_CHECK(t->src_start[i] <= t->src_end[i]);
        FUZZ_CHECK(t->src_end[i] <= t->orig_len);
        FUZZ_CHECK(i == 0 || t->src_start[i - 1] <= t->src_start[i]);
    }
    for (size_t i = 0; i < t->n_sentences; i++) {
        const rk_sentence *s = &t->sentences[i];
        FUZZ_CHECK(s->start <= s->end && s->end <= t->norm_len);
        FUZZ_CHECK((size_t)s->first_token + s->n_tokens <= t->n_tokens);
    }
    for (size_t i = 0; i < t->n_tokens; i++) {
        const rk_token *k = &t->tokens[i];
        FUZZ_CHECK(k->start < k->end && k->end <= t->norm_len);
        FUZZ_CHECK(k->sentence < t->n_sentences);
        FUZZ_CHECK(i == 0 || t->tokens[i - 1].end <= k->start);
        size_t os, oe;
        rk_text_orig_span(t, k->start, k->end, &os, &oe);
        FUZZ_CHECK(os <= oe && oe <= t->orig_len);
    }
}

void fuzz_check_document(const rk_document *d, const uint8_t *data, size_t size)
{
    FUZZ_CHECK(d->id != NULL);
    FUZZ_CHECK(d->body != NULL && d->body[d->body_len] == '\0');
    if (d->body_file_offset >= 0) {
        size_t off = (size_t)d->body_file_offset;
        FUZZ_CHECK(off <= size && d->body_len <= size - off);
        FUZZ_CHECK(memcmp(d->body, data + off, d->body_len) == 0);
    }
}

void fuzz_shutdown(void)
{
    rk_engine_free(engine);
    engine = NULL;
    rk_numbers_reader_free(reader);
    reader = NULL;
    rk_rules_free(rules);
    rules = NULL;
}
