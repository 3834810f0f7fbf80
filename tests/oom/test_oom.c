/* test_oom.c - the allocation-failure sweep: each entry point of librk is
 * run once to learn its result, then again with allocation N failing, for
 * N = 1, 2, ... until a run completes without reaching N. Every run must
 * end with the first result or with RK_ERR_NOMEM (naming the input, where
 * there is one): no crash, no other status, no different output. Under
 * AddressSanitizer the same runs also must not leak (checked after each
 * entry point) or touch freed memory.
 *
 * usage: test_oom [--max N] [--stride S] [--sticky] [--at N] [--all] [ENTRY...]
 *   --max N     run failures 1..N one by one, then every S-th up to the
 *               end (the bounded sweep of the ordinary test run); 0 (the
 *               default): every N, which is what scripts/oom-sweep.sh runs
 *   --sticky    every allocation after the Nth fails too
 *   --at N      one run with allocation N failing (to debug one failure)
 *   --all       also the entry points with a known defect (k_known)
 * Needs RK_SOURCE_ROOT (the toy rule set of tests/claims) or RK_OOM_RULES. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "oom_hook.h"
#include "rk_internal.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

/* ---- shared state ------------------------------------------------------ */

static char tmpdir[64];
static rk_rules *rules;      /* loaded once, outside the sweep, for what needs them */
static rk_engine *engine;
static rk_claimset fixture_set; /* two documents and their claims */
static rk_reconciliation *fixture_rec;
static rk_reviews *fixture_reviews;

/* What an entry point gives: its status, the error, and its output as
 * text, compared with the first run's. */
typedef struct result {
    rk_status st;
    rk_error err;
    rk_buf out;
} result;

typedef void (*entry_fn)(long fail_at, int sticky, result *r);

/* Entry points that go on past an input that ran out of memory: the run
 * succeeds, and the input's error says "out of memory" and names it. */
#define GOES_ON 1

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "test_oom: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static char *tmp_path(const char *name)
{
    static char buf[8][256];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", tmpdir, name);
    return b;
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, strlen(data), f) != strlen(data) || fclose(f) != 0)
        die("cannot write %s", path);
}

/* ---- what the results look like --------------------------------------- */

static void put_field(rk_buf *b, const char *name, const rk_field *f)
{
    rk_buf_printf(b, "%s=%s/%s\n", name, f->value ? f->value : "-",
                  rk_origin_name(f->origin) ? rk_origin_name(f->origin) : "-");
}

static void put_docs(rk_buf *b, const rk_doclist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const rk_document *d = l->docs[i];
        rk_buf_printf(b, "doc %s %s %zu\n", d->id, rk_format_name(d->format), d->record);
        put_field(b, "source", &d->source);
        put_field(b, "published", &d->published);
        put_field(b, "url", &d->url);
        put_field(b, "language", &d->language);
        put_field(b, "title", &d->title);
        put_field(b, "byline", &d->byline);
        put_field(b, "dateline", &d->dateline);
        rk_buf_append(b, d->body, d->body_len);
        rk_buf_putc(b, '\n');
    }
}

static void put_claims(rk_buf *b, const rk_claimset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const rk_claim *c = &s->claims[i];
        rk_buf_printf(b, "%s %s %g %g %s %s %s %s\n", c->id, c->text, c->low, c->high,
                      c->quantity ? c->quantity : "-", c->subject ? c->subject : "-",
                      c->speaker ? c->speaker : "-", c->as_of ? c->as_of : "-");
    }
}

/* Diagnostics, as text in the result (a diagnostic lost to a failed
 * allocation shows as a difference). */
static void keep_diag(void *ctx, const rk_error *e)
{
    char buf[2200];
    oom_pause(1);
    rk_buf_printf((rk_buf *)ctx, "diag %s\n", rk_error_format(e, buf, sizeof buf));
    oom_pause(0);
}

/* ---- entry points ------------------------------------------------------ */

/* Esperanto for the toy rule set, English for the shipped one. */
static const char k_text[] =
    "La organizantoj diris ke 500 balonojn liberigis en la parko mardon.\n"
    "Laŭ la polico, eble 650 balonoj estis liberigitaj.\n"
    "The ministry said 12 people were killed on Monday.\n";

static const char k_html[] =
    "<!DOCTYPE html><html lang=\"en\"><head><title>Toll rises - Wire</title>"
    "<meta property=\"og:site_name\" content=\"Wire\">"
    "<meta property=\"article:published_time\" content=\"yesterday\">"
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":"
    "\"2022-01-06\",\"author\":{\"name\":\"A. Writer\"}}</script></head>"
    "<body><nav>Home</nav><article><h1>Toll rises</h1>"
    "<p>The ministry said 12 people were killed on Monday.</p>"
    "<p hidden>not read</p><p>Police said 40 were hurt.</p></article>"
    "<footer>(c) Wire</footer></body></html>";

static const char k_nitf[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY a \"AAAA\">]>\n"
    "<nitf><head><title>Toll</title><pubdata name=\"Wire &a;\" date.publication="
    "\"20220106T083000Z\"/></head><body><body.head><hedline><hl1>Toll</hl1></hedline>"
    "<byline>By A. Writer</byline><dateline><location>ALMATY</location></dateline>"
    "</body.head><body.content xml:lang=\"en\"><p>The ministry said 12 people died.</p>"
    "<p>Police said 40 were hurt &a;.</p></body.content></body></nitf>\n";

static const char k_newsml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"http://x.example/1\" "
    "xml:lang=\"en\"><itemMeta><firstCreated>2022-01-07T10:00:00Z</firstCreated>"
    "<link href=\"http://x.example/a\"/></itemMeta><contentMeta><headline>Toll</headline>"
    "</contentMeta><contentSet><inlineData>The ministry said 12 people died.\n"
    "Police said 40 were hurt.</inlineData></contentSet></newsItem>\n";

static const char k_json[] =
    "{\"title\": \"Toll\", \"source\": {\"name\": \"Wire\"}, \"published\": \"2022-02-30\",\n"
    " \"text\": \"The ministry said 12 people died.\\u0000 Police said 40 were hurt.\"}\n";

static const char k_jsonl[] =
    "{\"text\": \"The ministry said 12 people died.\", \"source\": \"Wire\"}\n"
    "junk\n"
    "{\"text\": \"Police said 40 were hurt.\", \"published\": \"2022-01-07\"}\n";

static const char k_array[] =
    "[\n {\"text\": \"The ministry said 12 people died.\"},\n 7,\n"
    " {\"body\": \"Police said 40 were hurt.\", \"title\": \"x\"}\n]\n";

/* Ingests data as path (the format detected), as the command reads files. */
static void ingest_buffer(const char *path, const char *data, size_t len, long at, int sticky,
                          result *r)
{
    rk_doclist l = {0};
    rk_buf diags = RK_BUF_INIT;
    oom_arm(at, sticky);
    r->st = rk_ingest_buffer(path, data, len, NULL, &l, keep_diag, &diags, &r->err);
    oom_disarm();
    if (r->st == RK_OK)
        put_docs(&r->out, &l);
    if (diags.data)
        rk_buf_puts(&r->out, diags.data);
    rk_buf_free(&diags);
    rk_doclist_free(&l);
}

static void e_ingest_text(long at, int s, result *r)
{
    ingest_buffer("toy.txt", k_text, sizeof k_text - 1, at, s, r);
}

static void e_ingest_html(long at, int s, result *r)
{
    ingest_buffer("page.html", k_html, sizeof k_html - 1, at, s, r);
}

/* "قتل 12" in windows-1256, declared. */
static const char k_html_1256[] = "<html><head><meta charset=\"windows-1256\"></head><body><p>"
                                  "\xE2\xCA\xE1 12 \xD4\xCE\xD5\xC7</p></body></html>";

static void e_ingest_html_1256(long at, int s, result *r)
{
    ingest_buffer("ar.html", k_html_1256, sizeof k_html_1256 - 1, at, s, r);
}

static void e_ingest_nitf(long at, int s, result *r)
{
    ingest_buffer("wire.nitf.xml", k_nitf, sizeof k_nitf - 1, at, s, r);
}

static void e_ingest_newsml(long at, int s, result *r)
{
    ingest_buffer("item.xml", k_newsml, sizeof k_newsml - 1, at, s, r);
}

static void e_ingest_json(long at, int s, result *r)
{
    ingest_buffer("a.json", k_json, sizeof k_json - 1, at, s, r);
}

static void e_ingest_jsonl(long at, int s, result *r)
{
    ingest_buffer("a.jsonl", k_jsonl, sizeof k_jsonl - 1, at, s, r);
}

static void e_ingest_array(long at, int s, result *r)
{
    ingest_buffer("a.json", k_array, sizeof k_array - 1, at, s, r);
}

/* A file with its sidecar, read from disk. */
static void e_ingest_sidecar(long at, int s, result *r)
{
    rk_doclist l = {0};
    rk_buf diags = RK_BUF_INIT;
    oom_arm(at, s);
    r->st = rk_ingest_file(tmp_path("side.txt"), NULL, &l, keep_diag, &diags, &r->err);
    oom_disarm();
    if (r->st == RK_OK)
        put_docs(&r->out, &l);
    if (diags.data)
        rk_buf_puts(&r->out, diags.data);
    rk_buf_free(&diags);
    rk_doclist_free(&l);
}

static void e_text(long at, int s, result *r)
{
    static const char ar[] = "قالت الوزارة إن 12 شخصا قتلوا. وأصيب أكثر من 40 آخرين!";
    rk_text *t = NULL;
    oom_arm(at, s);
    r->st = rk_text_build(ar, sizeof ar - 1, "ar", &t, &r->err);
    oom_disarm();
    if (r->st == RK_OK) {
        for (size_t i = 0; i < t->n_sentences; i++)
            rk_buf_printf(&r->out, "%u-%u ", t->sentences[i].start, t->sentences[i].end);
        rk_buf_append(&r->out, t->norm, t->norm_len);
    }
    rk_text_free(t);
}

static void e_rules(long at, int s, result *r)
{
    const char *dir = getenv("RK_OOM_RULES");
    rk_rules *rs = NULL;
    oom_arm(at, s);
    r->st = rk_rules_load(dir, NULL, &rs, NULL, NULL, &r->err);
    oom_disarm();
    if (r->st == RK_OK)
        for (size_t i = 0; i < rs->n_files; i++)
            rk_buf_printf(&r->out, "%s %zu\n", rs->files[i]->name, rs->files[i]->n_kids);
    rk_rules_free(rs);
}

/* The same rule set from memory: the schema's includes inlined, no file
 * read or written. */
static void e_rules_memory(long at, int s, result *r)
{
    static const char *const names[] = {"schema/rules.rng", "schema/numbers.rng",
                                        "schema/claims.rng", "schema/reconcile.rng",
                                        "common/numbers.xml", "eo/festival.xml"};
    enum { N = sizeof names / sizeof *names };
    rk_rules_file files[N];
    char *texts[N];
    for (int i = 0; i < N; i++) {
        char path[1024];
        rk_error e;
        snprintf(path, sizeof path, "%s/%s", getenv("RK_OOM_RULES"), names[i]);
        if (rk_file_read(path, 0, &texts[i], &files[i].len, &e) != RK_OK)
            die("cannot read %s: %s", path, e.message);
        files[i].name = names[i];
        files[i].text = texts[i];
    }
    rk_rules *rs = NULL;
    oom_arm(at, s);
    r->st = rk_rules_load_memory(files, N, NULL, &rs, NULL, NULL, &r->err);
    oom_disarm();
    if (r->st == RK_OK)
        for (size_t i = 0; i < rs->n_files; i++)
            rk_buf_printf(&r->out, "%s %zu\n", rs->files[i]->name, rs->files[i]->n_kids);
    rk_rules_free(rs);
    for (int i = 0; i < N; i++)
        free(texts[i]);
}

/* The engine compiled from loaded rules (the number reader and the claim
 * rules). */
static void e_engine(long at, int s, result *r)
{
    rk_engine *e = NULL;
    oom_arm(at, s);
    r->st = rk_engine_new(rules, &e, &r->err);
    oom_disarm();
    if (r->st == RK_OK)
        rk_buf_printf(&r->out, "%zu quantities, %zu classes, %zu entries\n",
                      rk_engine_quantity_count(e), rk_engine_class_count(e),
                      rk_engine_entry_count(e));
    rk_engine_free(e);
}

static void e_extract(long at, int s, result *r)
{
    rk_doclist l = {0};
    rk_claimset set = {0};
    if (rk_ingest_buffer("toy.txt", k_text, sizeof k_text - 1, NULL, &l, NULL, NULL, NULL) !=
        RK_OK)
        die("cannot read the toy text");
    oom_arm(at, s);
    r->st = rk_pipeline_extract(engine, &l, 1, &set, keep_diag, &r->out, &r->err);
    oom_disarm();
    if (r->st == RK_OK)
        put_claims(&r->out, &set);
    rk_claimset_clear(&set);
    rk_doclist_free(&l);
}

static void e_reconcile(long at, int s, result *r)
{
    rk_reconciliation *rec = NULL;
    oom_arm(at, s);
    r->st = rk_reconcile(&fixture_set, rules, &rec, &r->err);
    oom_disarm();
    if (r->st == RK_OK) {
        rk_report rep = {.set = &fixture_set, .rec = rec};
        char *buf = NULL;
        size_t n = 0;
        FILE *m = open_memstream(&buf, &n);
        if (!m)
            die("open_memstream: %s", strerror(errno));
        rk_status st = rk_renderer_find("json")->render(&rep, m, NULL);
        fclose(m);
        if (st == RK_OK)
            rk_buf_append(&r->out, buf, n);
        free(buf);
    }
    rk_reconciliation_free(rec);
}

/* One renderer over the fixture report. */
static void render_one(const char *name, long at, int s, result *r)
{
    rk_report rep = {.set = &fixture_set, .rec = fixture_rec, .reviews = fixture_reviews, .title = "A title"};
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    if (!m)
        die("open_memstream: %s", strerror(errno));
    oom_arm(at, s);
    r->st = rk_renderer_find(name)->render(&rep, m, &r->err);
    oom_disarm();
    fclose(m);
    if (r->st == RK_OK)
        rk_buf_append(&r->out, buf, n);
    free(buf);
}

#define RENDER(fmt, fn) static void fn(long at, int s, result *r) { render_one(fmt, at, s, r); }
RENDER("json", e_render_json)
RENDER("jsonl", e_render_jsonl)
RENDER("xml", e_render_xml)
RENDER("html", e_render_html)
RENDER("csv", e_render_csv)
RENDER("csv-groups", e_render_csv_groups)
RENDER("claimreview", e_render_claimreview)
RENDER("text", e_render_text)

static void e_reviews(long at, int s, result *r)
{
    const char *path = tmp_path("reviews.json");
    write_file(path, "{\"reviews\": [{\"group\": \"deaths/people\", \"state\": \"confirmed\"}]}\n");
    rk_reviews *rv = NULL;
    oom_arm(at, s);
    r->st = rk_reviews_set(path, "injured/people", RK_REVIEW_RESOLVED, "a note", "me", NULL,
                           "2026-01-01T00:00:00Z", &r->err);
    if (r->st == RK_OK)
        r->st = rk_reviews_load(path, &rv, &r->err);
    oom_disarm();
    if (r->st == RK_OK) {
        char *text = NULL;
        size_t n = 0;
        if (rk_reviews_format(rv, &text, &n, NULL) == RK_OK)
            rk_buf_append(&r->out, text, n);
        free(text);
    }
    rk_reviews_free(rv);
}

static rk_status sink_merge(void *ctx, rk_claimset *part, rk_error *err)
{
    return rk_pipeline_merge(ctx, part, err);
}

/* The command's path: files streamed through ingest and extraction. */
static void e_stream(long at, int s, result *r)
{
    const char *paths[] = {tmp_path("side.txt"), tmp_path("page.html"), tmp_path("b.jsonl"),
                           tmp_path("missing.txt"), tmp_path("ar.html")};
    rk_claimset set = {0};
    oom_arm(at, s);
    r->st = rk_pipeline_stream(engine, paths, 5, NULL, 1, sink_merge, &set, keep_diag, &r->out,
                               &r->err);
    oom_disarm();
    if (r->st == RK_OK) {
        put_docs(&r->out, &set.docs);
        put_claims(&r->out, &set);
    }
    rk_claimset_clear(&set);
}

static void e_out(long at, int s, result *r)
{
    const char *path = tmp_path("out.txt");
    oom_arm(at, s);
    r->st = rk_file_write_atomic(path, "whole\n", 6, &r->err);
    oom_disarm();
    char *data = NULL;
    size_t n = 0;
    if (rk_file_read(path, 0, &data, &n, NULL) == RK_OK)
        rk_buf_append(&r->out, data, n);
    free(data);
    unlink(path);
}

static const struct {
    const char *name;
    entry_fn fn;
    const char *input; /* the file a failure must name, or NULL */
    int goes_on;       /* GOES_ON: see there */
} k_entries[] = {
    {"ingest_text", e_ingest_text, "toy.txt", 0},
    {"ingest_html", e_ingest_html, "page.html", 0},
    {"ingest_html_1256", e_ingest_html_1256, "ar.html", 0},
    {"ingest_nitf", e_ingest_nitf, "wire.nitf.xml", 0},
    {"ingest_newsml", e_ingest_newsml, "item.xml", 0},
    {"ingest_json", e_ingest_json, "a.json", 0},
    {"ingest_jsonl", e_ingest_jsonl, "a.jsonl", 0},
    {"ingest_array", e_ingest_array, "a.json", 0},
    {"ingest_sidecar", e_ingest_sidecar, "side.txt", 0},
    {"text", e_text, NULL, 0},
    {"rules", e_rules, NULL, 0},
    {"rules_memory", e_rules_memory, NULL, 0},
    {"engine", e_engine, NULL, 0},
    {"extract", e_extract, "toy.txt", GOES_ON},
    {"reconcile", e_reconcile, NULL, 0},
    {"render_json", e_render_json, NULL, 0},
    {"render_jsonl", e_render_jsonl, NULL, 0},
    {"render_xml", e_render_xml, NULL, 0},
    {"render_html", e_render_html, NULL, 0},
    {"render_csv", e_render_csv, NULL, 0},
    {"render_csv_groups", e_render_csv_groups, NULL, 0},
    {"render_claimreview", e_render_claimreview, NULL, 0},
    {"render_text", e_render_text, NULL, 0},
    {"reviews", e_reviews, "reviews.json", 0},
    {"stream", e_stream, "tmp", GOES_ON},
    {"out", e_out, NULL, 0},
};

/* Entry points with a defect the sweep found in code this test does not
 * own; skipped unless named or --all is given, and listed every run so
 * that they are not forgotten. */
static const struct {
    const char *name;
    int sticky_only;   /* known only when every allocation after N fails */
    const char *why;
} k_known[] = {
    {"render_html", 0, "src/report/render_html.c and html_chart.c drop a clause or a chart "
                       "when an allocation fails and still write the page (RK_OK)"},
    {"rules", 1, "libxml2 2.9.14's RELAX NG parser uses an allocation that failed; the "
                 "reserve of core/alloc.c covers one failure, not all of them"},
#define LIBXML2_LEAKS "libxml2 2.9.14 leaks what it had built on the failure paths of " \
                      "htmlNewParserCtxt, xmlCreatePushParserCtxt and xmlTextWriterStartElement " \
                      "when allocations keep failing; one failure at a time (the reserve) it " \
                      "does not"
    {"ingest_html", 1, LIBXML2_LEAKS},
    {"ingest_html_1256", 1, LIBXML2_LEAKS},
    {"ingest_nitf", 1, LIBXML2_LEAKS},
    {"ingest_newsml", 1, LIBXML2_LEAKS},
    {"render_xml", 1, LIBXML2_LEAKS},
    {"stream", 1, LIBXML2_LEAKS},
};

static int sticky_mode;

static const char *known(const char *name)
{
    for (size_t i = 0; i < sizeof k_known / sizeof *k_known; i++)
        if (strcmp(k_known[i].name, name) == 0 && (!k_known[i].sticky_only || sticky_mode))
            return k_known[i].why;
    return NULL;
}

/* ---- the sweep ---------------------------------------------------------- */

static void result_free(result *r)
{
    rk_buf_free(&r->out);
}

/* Runs entry e with allocation `at` failing; returns 0 when the run is
 * acceptable, 1 when it completed without reaching `at` (the sweep is
 * over), -1 on a failure (printed). */
static int one(size_t e, long at, int sticky, const result *ref)
{
    result r = {RK_OK, {0}, RK_BUF_INIT};
    rk_error_clear(&r.err);
    oom_reset();
    k_entries[e].fn(at, sticky, &r);
    int fired = oom_fired(), rc = 0;
    if (!fired) {
        rc = r.st == ref->st && r.out.len == ref->out.len &&
                     (r.out.len == 0 || memcmp(r.out.data, ref->out.data, r.out.len) == 0)
                 ? 1 : -1;
        if (rc < 0)
            fprintf(stderr, "FAIL %s: with no allocation failing, a run gave another result "
                    "(%s)\n", k_entries[e].name, rk_status_name(r.st));
    } else if (r.st == RK_ERR_NOMEM) {
        /* A run that goes on past an input's failure stops only where no
         * input is to blame (setting the run up, the claim set's arrays). */
        const char *want = k_entries[e].goes_on ? NULL : k_entries[e].input;
        if (want && !strstr(r.err.file, want)) {
            fprintf(stderr, "FAIL %s: allocation %ld: out of memory without naming %s: "
                    "'%s: %s'\n", k_entries[e].name, at, want, r.err.file, r.err.message);
            rc = -1;
        }
    } else if (k_entries[e].goes_on && r.st == RK_OK && r.out.data &&
               strstr(r.out.data, "out of memory")) {
        /* The input that ran out is named in its diagnostic. */
        const char *at_oom = strstr(r.out.data, "out of memory");
        const char *line = at_oom;
        while (line > r.out.data && line[-1] != '\n')
            line--;
        if (!strstr(line, k_entries[e].input) || line > at_oom) {
            fprintf(stderr, "FAIL %s: allocation %ld: an input ran out of memory and its "
                    "diagnostic does not name it\n", k_entries[e].name, at);
            rc = -1;
        }
    } else if (r.st != ref->st || r.out.len != ref->out.len ||
               (r.out.len && memcmp(r.out.data, ref->out.data, r.out.len) != 0)) {
        /* Success is fine when it is the same success (a fallback took
         * over); another status or another output is not. */
        fprintf(stderr, "FAIL %s: allocation %ld failed and the run gave %s%s%s%s\n",
                k_entries[e].name, at, rk_status_name(r.st), r.st == ref->st ? " with "
                "another output" : "", r.err.message[0] ? ": " : "", r.err.message);
        if (r.st == ref->st && getenv("RK_OOM_VERBOSE"))
            fprintf(stderr, "--- want\n%s\n--- got\n%s\n", ref->out.data ? ref->out.data : "",
                    r.out.data ? r.out.data : "");
        rc = -1;
    }
    result_free(&r);
    return rc;
}

static int sweep(size_t e, long max, long stride, int sticky)
{
    result ref = {RK_OK, {0}, RK_BUF_INIT};
    rk_error_clear(&ref.err);
    k_entries[e].fn(0, 0, &ref);
    /* The first run warms caches (ICU's data, libxml2's globals) that later
     * runs then find; the reference is the second. */
    result_free(&ref);
    ref = (result){RK_OK, {0}, RK_BUF_INIT};
    oom_arm(0, 0);
    k_entries[e].fn(0, 0, &ref);
    if (ref.st != RK_OK && ref.st != RK_ERR_PARSE) {
        fprintf(stderr, "FAIL %s: the run without failures gives %s: %s\n", k_entries[e].name,
                rk_status_name(ref.st), ref.err.message);
        result_free(&ref);
        return 1;
    }
    long runs = 0, failures = 0;
    double t0 = (double)clock() / CLOCKS_PER_SEC;
    int trace = getenv("RK_OOM_TRACE") != NULL;
    for (long at = 1;; at = max && at >= max ? at + stride : at + 1) {
        if (trace)
            fprintf(stderr, "%s %ld\n", k_entries[e].name, at);
        int rc = one(e, at, sticky, &ref);
        runs++;
        if (rc < 0 && ++failures >= 20) {
            fprintf(stderr, "%s: stopping after 20 failures\n", k_entries[e].name);
            break;
        }
        if (rc == 1)
            break;
    }
    int leaks = LEAK_CHECK();
    if (leaks)
        fprintf(stderr, "FAIL %s: leaks (see the report above)\n", k_entries[e].name);
    printf("%-18s %6ld runs  %s  %.1f s\n", k_entries[e].name, runs,
           failures || leaks ? "FAILED" : "ok", (double)clock() / CLOCKS_PER_SEC - t0);
    fflush(stdout);
    result_free(&ref);
    return failures || leaks;
}

/* ---- set-up ------------------------------------------------------------ */

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rk_oom_XXXXXX");
    if (!mkdtemp(tmpdir))
        die("mkdtemp: %s", strerror(errno));
    write_file(tmp_path("side.txt"), k_text);
    write_file(tmp_path("side.meta.json"), "{\"source\": \"Festo\", \"published\": \"yesterday\","
                                           " \"language\": \"eo\", \"inferred\": [\"source\"]}\n");
    write_file(tmp_path("page.html"), k_html);
    write_file(tmp_path("b.jsonl"), k_jsonl);
    write_file(tmp_path("ar.html"), k_html_1256);
    static char rules_dir[512];
    if (!getenv("RK_OOM_RULES")) {
        const char *root = getenv("RK_SOURCE_ROOT");
        if (!root)
            die("set RK_SOURCE_ROOT or RK_OOM_RULES");
        snprintf(rules_dir, sizeof rules_dir, "%s/tests/claims/data/toyrules", root);
        setenv("RK_OOM_RULES", rules_dir, 1);
    }
    rk_error e;
    rk_error_clear(&e);
    if (rk_rules_load(getenv("RK_OOM_RULES"), NULL, &rules, NULL, NULL, &e) != RK_OK ||
        rk_engine_new(rules, &engine, &e) != RK_OK)
        die("cannot load the rules: %s", e.message);
    /* Two documents that disagree: a group with a verdict to render. */
    rk_doclist l = {0};
    static const char other[] = "Laŭ la polico, 800 balonojn liberigis en la parko mardon.\n"
                                "Police said 30 people were killed on Monday.\n";
    if (rk_ingest_buffer("toy.txt", k_text, sizeof k_text - 1, NULL, &l, NULL, NULL, &e) !=
            RK_OK ||
        rk_ingest_buffer("other.txt", other, sizeof other - 1, NULL, &l, NULL, NULL, &e) !=
            RK_OK ||
        rk_pipeline_extract(engine, &l, 1, &fixture_set, NULL, NULL, &e) != RK_OK ||
        rk_reconcile(&fixture_set, rules, &fixture_rec, &e) != RK_OK)
        die("cannot build the fixture report: %s", e.message);
    rk_doclist_free(&l);
    if (fixture_set.n < 2)
        die("the toy rules gave %zu claims, expected at least 2", fixture_set.n);
    write_file(tmp_path("fixture-reviews.json"),
               "{\"reviews\": [{\"group\": \"balloons_released/party_balloons@park\", "
               "\"state\": \"resolved\", \"note\": \"n\"}]}\n");
    if (rk_reviews_load(tmp_path("fixture-reviews.json"), &fixture_reviews, &e) != RK_OK)
        die("cannot load the fixture reviews: %s", e.message);
}

static void teardown(void)
{
    rk_reviews_free(fixture_reviews);
    rk_reconciliation_free(fixture_rec);
    rk_claimset_clear(&fixture_set);
    rk_engine_free(engine);
    rk_rules_free(rules);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_oom: cannot remove %s\n", tmpdir);
}

int main(int argc, char **argv)
{
    rk_error e;
    rk_error_clear(&e);
    if (rk_alloc_install(&e) != RK_OK)
        die("%s", e.message);
    long max = 0, stride = 1, only = 0;
    int sticky = 0, first = 1, all = 0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--max") == 0 && first + 1 < argc)
            max = strtol(argv[++first], NULL, 10);
        else if (strcmp(argv[first], "--stride") == 0 && first + 1 < argc)
            stride = strtol(argv[++first], NULL, 10);
        else if (strcmp(argv[first], "--sticky") == 0)
            sticky = 1;
        else if (strcmp(argv[first], "--all") == 0)
            all = 1;
        else if (strcmp(argv[first], "--at") == 0 && first + 1 < argc)
            only = strtol(argv[++first], NULL, 10);
        else
            die("usage: test_oom [--max N] [--stride S] [--sticky] [--at N] [--all] [ENTRY...]");
    }
    if (stride < 1)
        stride = 1;
    sticky_mode = sticky;
    setup();
    int bad = 0;
    size_t n = sizeof k_entries / sizeof *k_entries;
    for (size_t i = 0; i < n; i++) {
        int named = 0;
        for (int k = first; k < argc && !named; k++)
            named = strcmp(argv[k], k_entries[i].name) == 0;
        int wanted = named || (first >= argc && (all || !known(k_entries[i].name)));
        if (!wanted && first >= argc)
            printf("%-18s skipped: a known defect elsewhere: %s\n", k_entries[i].name,
                   known(k_entries[i].name));
        if (wanted && only) {
            result ref = {RK_OK, {0}, RK_BUF_INIT};
            k_entries[i].fn(0, 0, &ref);
            bad |= one(i, only, sticky, &ref) < 0;
            result_free(&ref);
        } else if (wanted) {
            bad |= sweep(i, max, stride, sticky);
        }
    }
    teardown();
    return bad ? 1 : 0;
}
