/* test_pipeline.c - the pipeline gives the same claim set, in the same order,
 * with the same diagnostics in the same order, on one thread or many (where
 * one thread hands a large file on in batches); it moves only the documents
 * it extracted, and a failing sink stops a stream. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rk_internal.h"

static rk_rules *rules;
static rk_engine *engine;

static void setup(void)
{
    rk_error e;
    ck_assert_int_eq(rk_rules_load(getenv("RECKON_RULES"), NULL, &rules, NULL, NULL, &e), RK_OK);
    ck_assert_int_eq(rk_engine_new(rules, &engine, &e), RK_OK);
}

static void teardown(void)
{
    rk_engine_free(engine);
    rk_rules_free(rules);
}

/* The fixture articles plus one document the claims stage refuses (invalid
 * UTF-8 in its body), placed at index `bad`. */
static void load_docs(rk_doclist *docs, size_t bad)
{
    static const char *names[] = {"000_a36954025af67d07.txt", "001_0d2c753a87fa6b4a.txt",
                                  "en_wire_toll_jan6.txt", "mixed.jsonl", "en_news_page.html"};
    rk_error e;
    char path[1024];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", getenv("RK_FIXTURES"), names[i]);
        ck_assert_int_eq(rk_ingest_file(path, NULL, docs, NULL, NULL, &e), RK_OK);
    }
    ck_assert_uint_gt(docs->n, bad);
    rk_document *d = calloc(1, sizeof *d);
    d->id = strdup("broken");
    d->path = strdup("broken.txt");
    d->body = strdup("12 dead \xff\xfe");
    d->body_len = strlen(d->body);
    d->body_file_offset = 0;
    ck_assert_int_eq(rk_doclist_push(docs, d), 0);
    memmove(docs->docs + bad + 1, docs->docs + bad, (docs->n - 1 - bad) * sizeof *docs->docs);
    docs->docs[bad] = d;
}

/* Collects diagnostics as "file|message" lines. */
static void collect(void *ctx, const rk_error *e)
{
    rk_buf *b = ctx;
    rk_buf_printf(b, "%s|%s\n", e->file, e->message);
}

/* Extracts with `jobs` threads and renders the set as JSON; the caller frees it. */
static char *extract_json(unsigned jobs, size_t bad, char **diags, size_t *left)
{
    rk_doclist docs = {0};
    rk_claimset set = {0};
    rk_buf d = RK_BUF_INIT;
    rk_error e;
    load_docs(&docs, bad);
    ck_assert_int_eq(rk_pipeline_extract(engine, &docs, jobs, &set, collect, &d, &e), RK_OK);
    *left = 0;
    for (size_t i = 0; i < docs.n; i++)
        *left += docs.docs[i] != NULL;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    rk_report rep = {.set = &set};
    ck_assert_int_eq(rk_renderer_find("json")->render(&rep, f, &e), RK_OK);
    fclose(f);
    rk_claimset_clear(&set);
    rk_doclist_free(&docs);
    *diags = d.data ? d.data : strdup("");
    return out;
}

START_TEST(extract_is_the_same_on_every_thread_count)
{
    char *d1, *d4, *d0;
    size_t left1, left4, left0;
    char *one = extract_json(1, 2, &d1, &left1);
    char *four = extract_json(4, 2, &d4, &left4);
    char *cpus = extract_json(0, 2, &d0, &left0);
    ck_assert_uint_gt(strlen(one), 1000);
    ck_assert_str_eq(one, four);
    ck_assert_str_eq(one, cpus);
    ck_assert_str_eq(d1, d4);
    ck_assert_str_eq(d1, d0);
    ck_assert_ptr_nonnull(strstr(d1, "broken.txt|"));
    /* Only the refused document stays with the caller. */
    ck_assert_uint_eq(left1, 1);
    ck_assert_uint_eq(left4, 1);
    free(one), free(four), free(cpus), free(d1), free(d4), free(d0);
}
END_TEST

START_TEST(refused_document_leaves_no_gap_in_the_set)
{
    char *d_first, *d_last;
    size_t left;
    char *first = extract_json(3, 0, &d_first, &left);
    char *last = extract_json(3, 5, &d_last, &left);
    /* Where the bad document sits changes nothing in the output. */
    ck_assert_str_eq(first, last);
    ck_assert_ptr_null(strstr(first, "\"broken\""));
    free(first), free(last), free(d_first), free(d_last);
}
END_TEST

typedef struct sink_state {
    rk_buf ids;     /* document ids in the order the sink saw them */
    size_t calls, fail_at;
} sink_state;

static rk_status sink(void *ctx, rk_claimset *part, rk_error *err)
{
    sink_state *s = ctx;
    if (++s->calls == s->fail_at)
        return rk_error_set(err, RK_ERR_IO, "out", 0, 0, "disk full");
    for (size_t d = 0; d < part->docs.n; d++)
        rk_buf_printf(&s->ids, "%s %zu\n", part->docs.docs[d]->id, part->n);
    return RK_OK;
}

/* Streams the fixtures folder's articles (and a missing file) with `jobs`. */
static rk_status stream(unsigned jobs, sink_state *s, rk_buf *diags, rk_error *e)
{
    char paths[4][1024];
    const char *names[] = {"000_a36954025af67d07.txt", "missing.txt", "mixed.jsonl",
                           "en_ap_wire.nitf.xml"};
    const char *v[4];
    for (size_t i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", getenv("RK_FIXTURES"), names[i]);
        v[i] = paths[i];
    }
    return rk_pipeline_stream(engine, v, 4, NULL, jobs, sink, s, collect, diags, e);
}

START_TEST(stream_hands_files_on_in_input_order)
{
    sink_state s1 = {RK_BUF_INIT, 0, 0}, s3 = {RK_BUF_INIT, 0, 0};
    rk_buf d1 = RK_BUF_INIT, d3 = RK_BUF_INIT;
    rk_error e;
    ck_assert_int_eq(stream(1, &s1, &d1, &e), RK_OK);
    ck_assert_int_eq(stream(3, &s3, &d3, &e), RK_OK);
    ck_assert_uint_eq(s1.calls, 3); /* the missing file gives no call */
    ck_assert_str_eq(s1.ids.data, s3.ids.data);
    ck_assert_str_eq(d1.data, d3.data);
    ck_assert_ptr_nonnull(strstr(d1.data, "missing.txt|"));
    ck_assert_ptr_eq(strstr(s1.ids.data, "000_a36954025af67d07"), s1.ids.data);
    rk_buf_free(&s1.ids), rk_buf_free(&s3.ids), rk_buf_free(&d1), rk_buf_free(&d3);
}
END_TEST

START_TEST(failing_sink_stops_the_stream)
{
    for (unsigned jobs = 1; jobs <= 4; jobs += 3) {
        sink_state s = {RK_BUF_INIT, 0, 2};
        rk_buf d = RK_BUF_INIT;
        rk_error e;
        rk_error_clear(&e);
        ck_assert_int_eq(stream(jobs, &s, &d, &e), RK_ERR_IO);
        ck_assert_str_eq(e.message, "disk full");
        ck_assert_uint_eq(s.calls, 2);
        rk_buf_free(&s.ids), rk_buf_free(&d);
    }
}
END_TEST

/* What a sink saw of each document: its id and its claims' ids. */
typedef struct doc_log {
    rk_buf log;
    size_t calls;
} doc_log;

static rk_status log_docs(void *ctx, rk_claimset *part, rk_error *err)
{
    (void)err;
    doc_log *l = ctx;
    l->calls++;
    /* Claims come in document order and point into this part. */
    size_t i = 0;
    for (size_t d = 0; d < part->docs.n; d++) {
        rk_buf_printf(&l->log, "%s:", part->docs.docs[d]->id);
        for (; i < part->n && part->claims[i].document == d; i++)
            rk_buf_printf(&l->log, " %s", part->claims[i].id);
        rk_buf_puts(&l->log, "\n");
    }
    ck_assert_uint_eq(i, part->n);
    return RK_OK;
}

START_TEST(one_thread_hands_a_large_file_on_in_batches_with_the_same_claims)
{
    char dir[] = "/tmp/rk-pipe-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/day.jsonl", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    for (unsigned k = 0; k < 3000; k++) /* about 500 KB */
        fprintf(f, "{\"title\": \"Toll %u\", \"date\": \"2022-01-06\", \"text\": \"At least %u "
                   "people were killed and about %u were detained, the Interior Ministry said "
                   "on Thursday. %s\"}\n",
                k, k % 300, 40 * k, k % 7 ? "Shops stayed closed." : "not json\"}");
    fclose(f);
    /* The file twice: with two threads each copy goes whole, one call each. */
    const char *v[] = {path, path};
    doc_log one = {RK_BUF_INIT, 0}, two = {RK_BUF_INIT, 0};
    rk_buf d1 = RK_BUF_INIT, d2 = RK_BUF_INIT;
    rk_error e;
    ck_assert_int_eq(rk_pipeline_stream(engine, v, 2, NULL, 1, log_docs, &one, collect, &d1, &e),
                     RK_OK);
    ck_assert_int_eq(rk_pipeline_stream(engine, v, 2, NULL, 2, log_docs, &two, collect, &d2, &e),
                     RK_OK);
    ck_assert_uint_eq(two.calls, 2);
    ck_assert_uint_gt(one.calls, 2 * 6);
    ck_assert_str_eq(one.log.data, two.log.data);
    ck_assert_str_eq(d1.data, d2.data);
    ck_assert_ptr_nonnull(strstr(d1.data, "day.jsonl|")); /* the bad records */
    ck_assert_ptr_nonnull(strstr(one.log.data, "day#3000: day#3000:"));
    rk_buf_free(&one.log), rk_buf_free(&two.log), rk_buf_free(&d1), rk_buf_free(&d2);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* A 9 MB JSON Lines file (cut into parts) in dir; its path in path. */
static void write_big(char *dir, char *path, size_t cap)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, cap, "%s/big.jsonl", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    size_t size = 0;
    for (unsigned k = 0; size < (size_t)9 << 20; k++) {
        int n = fprintf(f, "{\"title\": \"Toll %u\", \"text\": \"At least %u people were "
                           "killed and %u were hurt, the ministry said on Thursday. %s\"}\n",
                        k, k % 300, k % 70, k % 501 ? "Shops stayed closed." : "not json\"}");
        ck_assert_int_gt(n, 0);
        size += (size_t)n;
    }
    fclose(f);
}

/* A JSON Lines file past the size at which it is cut goes to the sink part
 * by part as the parts finish, on one thread and on several, never held
 * whole: many calls, and the same documents, claims and messages. */
START_TEST(a_large_file_goes_to_the_sink_part_by_part_on_every_thread_count)
{
    char dir[] = "/tmp/rk-pipe-XXXXXX", path[64];
    write_big(dir, path, sizeof path);
    const char *v[] = {path};
    doc_log one = {RK_BUF_INIT, 0}, two = {RK_BUF_INIT, 0};
    rk_buf d1 = RK_BUF_INIT, d2 = RK_BUF_INIT;
    rk_error e;
    ck_assert_int_eq(rk_pipeline_stream(engine, v, 1, NULL, 1, log_docs, &one, collect, &d1, &e),
                     RK_OK);
    ck_assert_int_eq(rk_pipeline_stream(engine, v, 1, NULL, 2, log_docs, &two, collect, &d2, &e),
                     RK_OK);
    ck_assert_uint_ge(one.calls, 32); /* parts of about 256 KB */
    ck_assert_uint_eq(one.calls, two.calls);
    ck_assert_str_eq(one.log.data, two.log.data);
    ck_assert_str_eq(d1.data, d2.data);
    ck_assert_ptr_nonnull(strstr(d1.data, "big.jsonl|")); /* the bad records */
    rk_buf_free(&one.log), rk_buf_free(&two.log), rk_buf_free(&d1), rk_buf_free(&d2);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* The JSON Lines of a part, as extract writes them; fails on the part
 * holding the document whose id is fail_id (when set), after writing the
 * documents before it. Records the threads it ran on. */
typedef struct render_log {
    pthread_mutex_t lock;
    pthread_t threads[8];
    size_t n_threads;
    const char *fail_id;
} render_log;

static rk_status render_lines(void *ctx, const rk_claimset *part, FILE *f, rk_error *err)
{
    render_log *l = ctx;
    if (l) {
        pthread_mutex_lock(&l->lock);
        size_t k = 0;
        while (k < l->n_threads && !pthread_equal(l->threads[k], pthread_self()))
            k++;
        if (k == l->n_threads && k < 8)
            l->threads[l->n_threads++] = pthread_self();
        pthread_mutex_unlock(&l->lock);
    }
    rk_report rep = {.set = part};
    for (size_t d = 0; d < part->docs.n; d++) {
        if (l && l->fail_id && strcmp(part->docs.docs[d]->id, l->fail_id) == 0)
            return rk_error_set(err, RK_ERR_USAGE, "render", 0, 0, "refused %s", l->fail_id);
        rk_status st = rk_render_jsonl_document(&rep, d, f, err);
        if (st != RK_OK)
            return st;
    }
    return RK_OK;
}

/* A sink rendering each part into a FILE: what rk_pipeline_stream_render
 * stands for. */
static rk_status sink_lines(void *ctx, rk_claimset *part, rk_error *err)
{
    return render_lines(NULL, part, ctx, err);
}

/* Streams paths rendered into memory; the bytes in *out (freed by the caller). */
static rk_status render_run(const char *const *v, size_t n, unsigned jobs, render_log *l,
                            char **out, rk_buf *diags, rk_error *e)
{
    size_t len;
    FILE *f = open_memstream(out, &len);
    ck_assert_ptr_nonnull(f);
    rk_pipeline_output o = {render_lines, l, f, NULL, NULL};
    rk_status st = rk_pipeline_stream_render(engine, v, n, NULL, jobs, &o, collect, diags, e);
    fclose(f);
    return st;
}

static void note_written(void *ctx, size_t path)
{
    size_t *last = ctx;
    /* parts come in input order: never an earlier file after a later one */
    ck_assert(*last == (size_t)-1 || path >= *last);
    *last = path;
}

/* Rendering where a part is extracted writes, byte for byte, what a sink
 * rendering each part in turn writes, with the same messages, on every
 * thread count; with two threads the calling thread is one of the two. */
START_TEST(rendered_stream_writes_what_a_rendering_sink_writes)
{
    char dir[] = "/tmp/rk-pipe-XXXXXX", big[64], fx[3][1024];
    write_big(dir, big, sizeof big);
    const char *names[] = {"000_a36954025af67d07.txt", "missing.txt", "mixed.jsonl"};
    for (size_t i = 0; i < 3; i++)
        snprintf(fx[i], sizeof fx[i], "%s/%s", getenv("RK_FIXTURES"), names[i]);
    const char *v[] = {fx[0], big, fx[1], fx[2]};
    rk_error e;
    char *want = NULL;
    size_t want_len;
    rk_buf wd = RK_BUF_INIT;
    FILE *f = open_memstream(&want, &want_len);
    ck_assert_int_eq(rk_pipeline_stream(engine, v, 4, NULL, 1, sink_lines, f, collect, &wd, &e),
                     RK_OK);
    fclose(f);
    ck_assert_uint_gt(want_len, (size_t)9 << 20); /* a claim line or more per record */
    for (unsigned jobs = 1; jobs <= 4; jobs++) {
        render_log l = {PTHREAD_MUTEX_INITIALIZER, {0}, 0, NULL};
        char *got = NULL;
        rk_buf gd = RK_BUF_INIT;
        size_t last = (size_t)-1;
        size_t len;
        FILE *g = open_memstream(&got, &len);
        rk_pipeline_output o = {render_lines, &l, g, note_written, &last};
        ck_assert_int_eq(rk_pipeline_stream_render(engine, v, 4, NULL, jobs, &o, collect, &gd, &e),
                         RK_OK);
        fclose(g);
        ck_assert_uint_eq(len, want_len);
        ck_assert(memcmp(got, want, len) == 0);
        ck_assert_str_eq(gd.data, wd.data);
        ck_assert_uint_eq(last, 3);
        ck_assert_uint_le(l.n_threads, jobs);
        if (jobs == 2) {
            int main_rendered = 0;
            for (size_t k = 0; k < l.n_threads; k++)
                main_rendered |= pthread_equal(l.threads[k], pthread_self());
            ck_assert(main_rendered);
        }
        free(got);
        rk_buf_free(&gd);
    }
    free(want);
    rk_buf_free(&wd);
    unlink(big);
    rmdir(dir);
}
END_TEST

/* A part that cannot be rendered stops the run at its turn: the parts
 * before it are written, with their messages, on every thread count; a
 * stream that cannot be written is RK_ERR_IO. */
START_TEST(rendered_stream_stops_at_a_part_it_cannot_render_or_write)
{
    char dir[] = "/tmp/rk-pipe-XXXXXX", big[64];
    write_big(dir, big, sizeof big);
    const char *v[] = {big};
    char *one = NULL;
    rk_buf d1 = RK_BUF_INIT;
    rk_error e;
    render_log l1 = {PTHREAD_MUTEX_INITIALIZER, {0}, 0, "big#20000"};
    ck_assert_int_eq(render_run(v, 1, 1, &l1, &one, &d1, &e), RK_ERR_USAGE);
    ck_assert_str_eq(e.message, "refused big#20000");
    ck_assert_ptr_nonnull(strstr(one, "\"big#19999\""));
    ck_assert_ptr_null(strstr(one, "\"big#20000\""));
    for (unsigned jobs = 2; jobs <= 4; jobs += 2) {
        render_log l = {PTHREAD_MUTEX_INITIALIZER, {0}, 0, "big#20000"};
        char *got = NULL;
        rk_buf d = RK_BUF_INIT;
        rk_error_clear(&e);
        ck_assert_int_eq(render_run(v, 1, jobs, &l, &got, &d, &e), RK_ERR_USAGE);
        ck_assert_str_eq(e.message, "refused big#20000");
        ck_assert_str_eq(got, one);
        ck_assert_str_eq(d.data ? d.data : "", d1.data ? d1.data : "");
        free(got);
        rk_buf_free(&d);
    }
    /* output that cannot be written: a stream opened for reading */
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        FILE *ro = fopen(big, "rb");
        ck_assert_ptr_nonnull(ro);
        rk_pipeline_output o = {render_lines, NULL, ro, NULL, NULL};
        rk_error_clear(&e);
        ck_assert_int_eq(rk_pipeline_stream_render(engine, v, 1, NULL, jobs, &o, NULL, NULL, &e),
                         RK_ERR_IO);
        ck_assert_str_eq(e.message, "cannot write the report");
        fclose(ro);
    }
    free(one);
    rk_buf_free(&d1);
    unlink(big);
    rmdir(dir);
}
END_TEST

START_TEST(merge_moves_documents_and_renumbers_claims)
{
    rk_claimset whole = {0};
    rk_error e;
    char path[1024];
    snprintf(path, sizeof path, "%s/mixed.jsonl", getenv("RK_FIXTURES"));
    const char *v[] = {path, path};
    ck_assert_int_eq(rk_pipeline_stream(engine, v, 2, NULL, 2, rk_pipeline_merge, &whole, NULL,
                                        NULL, &e), RK_OK);
    ck_assert_uint_gt(whole.docs.n, 2);
    size_t half = whole.docs.n / 2;
    ck_assert_uint_eq(whole.n % 2, 0);
    for (size_t i = 0; i < whole.n; i++) {
        ck_assert_uint_lt(whole.claims[i].document, whole.docs.n);
        if (i > 0)
            ck_assert_uint_ge(whole.claims[i].document, whole.claims[i - 1].document);
    }
    /* The second copy's claims point at the second copy's documents. */
    ck_assert_uint_ge(whole.claims[whole.n / 2].document, half);
    rk_claimset_clear(&whole);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("pipeline");
    TCase *tc = tcase_create("pipeline");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, extract_is_the_same_on_every_thread_count);
    tcase_add_test(tc, refused_document_leaves_no_gap_in_the_set);
    tcase_add_test(tc, stream_hands_files_on_in_input_order);
    tcase_add_test(tc, failing_sink_stops_the_stream);
    tcase_add_test(tc, one_thread_hands_a_large_file_on_in_batches_with_the_same_claims);
    tcase_add_test(tc, a_large_file_goes_to_the_sink_part_by_part_on_every_thread_count);
    tcase_add_test(tc, merge_moves_documents_and_renumbers_claims);
    tcase_add_test(tc, rendered_stream_writes_what_a_rendering_sink_writes);
    tcase_add_test(tc, rendered_stream_stops_at_a_part_it_cannot_render_or_write);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
