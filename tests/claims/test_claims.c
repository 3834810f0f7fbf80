/* test_claims.c - tests of the claims stage: the rule-spec files under
 * tests/claims/spec (sentences or seed articles with the claims they must
 * give, and broken rule files with the exact diagnostic they must get), plus
 * provenance, negatives, a rule set made only for the tests, load time, and
 * one engine shared by threads. */
#include "rk_internal.h"
#include "claims/engine_int.h"
#include "claims/nationals.h"
#include "claims_test.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *read_all(const char *path, size_t *len)
{
    char *data = NULL;
    rk_error e;
    if (rk_file_read(path, 0, &data, len, &e) != RK_OK)
        return NULL;
    return data;
}

/* ---- engines, cached per rule directory ------------------------------------ */

typedef struct engine_cache {
    char *dir;
    rk_rules *rules;
    rk_engine *eng;
} engine_cache;

static engine_cache cache[8];

static rk_engine *engine_for(const char *rel, char *why, size_t why_n)
{
    char *dir = path_join(src_root(), rel);
    for (size_t i = 0; i < 8; i++)
        if (cache[i].dir && strcmp(cache[i].dir, dir) == 0) {
            free(dir);
            return cache[i].eng;
        }
    for (size_t i = 0; i < 8; i++) {
        if (cache[i].dir)
            continue;
        rk_error e;
        rk_error_clear(&e);
        /* "rules + fixtures/EVENT/rules": the shipped set, an event's own
         * rules over it */
        char base[512], *layer_v[4], *sep;
        const char *layers[4];
        size_t nl = 0;
        snprintf(base, sizeof base, "%s", rel);
        for (char *p = base; (sep = strstr(p, " + ")) && nl < 4; p = sep + 3) {
            *sep = '\0';
            layer_v[nl] = path_join(src_root(), sep + 3);
            char *end = strstr(layer_v[nl], " + ");
            if (end)
                *end = '\0';
            layers[nl] = layer_v[nl];
            nl++;
        }
        char *base_dir = path_join(src_root(), base);
        rk_status ls = rk_rules_load_layers(base_dir, layers, nl, NULL, &cache[i].rules, NULL,
                                            NULL, &e);
        free(base_dir);
        for (size_t k = 0; k < nl; k++)
            free(layer_v[k]);
        if (ls != RK_OK || rk_engine_new(cache[i].rules, &cache[i].eng, &e) != RK_OK) {
            rk_error_format(&e, why, why_n);
            rk_rules_free(cache[i].rules);
            cache[i].rules = NULL;
            free(dir);
            return NULL;
        }
        cache[i].dir = dir;
        return cache[i].eng;
    }
    free(dir);
    snprintf(why, why_n, "too many rule sets");
    return NULL;
}

static void cache_free(void)
{
    for (size_t i = 0; i < 8; i++) {
        rk_engine_free(cache[i].eng);
        rk_rules_free(cache[i].rules);
        free(cache[i].dir);
        memset(&cache[i], 0, sizeof cache[i]);
    }
}

static rk_document *doc_from_file(const char *rel)
{
    char *p = path_join(src_root(), rel);
    rk_doclist l = {0};
    rk_error e;
    rk_document *d = NULL;
    if (rk_ingest_file(p, NULL, &l, NULL, NULL, &e) == RK_OK && l.n == 1) {
        d = l.docs[0];
        l.n = 0;
    }
    rk_doclist_free(&l);
    free(p);
    return d;
}

/* ---- the spec format --------------------------------------------------------
 * Blocks start with "== name". Keys:
 *   rules: DIR            rule set, relative to the source root (default rules);
 *                         "rules + fixtures/EVENT/rules" adds an event's own
 *                         rules over it
 *   lang: / published:    metadata of an `input:` document
 *   input: SENTENCE       the document text, or
 *   file: PATH            a fixture article (its sidecar gives the metadata)
 *   expect: k=v | k~=v... a claim that must exist: text, at (a quote the claim
 *                         lies in), low, high, exactness, kind, unit,
 *                         quantity, subject, scope, speaker, via, hedged, increment,
 *                         as_of, as_of_from, originator, originator_kind,
 *                         earlier (yes/no), status, status_by; "-" means
 *                         none; ~= means contains
 *   none: k=v | ...       no claim may match
 *   count: N              the exact number of claims
 *   broken-rule: NAME     a rule file (up to a line "end") of a broken set
 *   diag: MESSAGE         the exact diagnostic; {dir} is the set's directory
 */

typedef struct failures {
    rk_buf b;
    int n;
} failures;

static void note_fail(failures *f, const char *file, int line, const char *block, const char *fmt,
                 const char *a, const char *b)
{
    rk_buf_printf(&f->b, "%s:%d: [%s] ", file, line, block);
    rk_buf_printf(&f->b, fmt, a ? a : "(null)", b ? b : "(null)");
    rk_buf_puts(&f->b, "\n");
    f->n++;
}

static void fmt_num(const rk_claim *c, int high, char *buf, size_t n)
{
    if (high ? !c->has_high : !c->has_low)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.15g", high ? c->high : c->low);
}

/* The claim's value of field k as text ("-" for none). */
static void field(const rk_claim *c, const char *k, char *buf, size_t n)
{
    const char *s = NULL;
    if (strcmp(k, "low") == 0 || strcmp(k, "high") == 0) {
        fmt_num(c, k[0] == 'h', buf, n);
        return;
    }
    if (strcmp(k, "hedged") == 0)
        s = c->hedged ? "yes" : "no";
    else if (strcmp(k, "increment") == 0)
        s = c->increment ? "yes" : "no";
    else if (strcmp(k, "text") == 0)
        s = c->text;
    else if (strcmp(k, "exactness") == 0)
        s = rk_exactness_name(c->exactness);
    else if (strcmp(k, "kind") == 0)
        s = rk_kind_name(c->kind);
    else if (strcmp(k, "unit") == 0)
        s = c->unit;
    else if (strcmp(k, "quantity") == 0)
        s = c->quantity;
    else if (strcmp(k, "subject") == 0)
        s = c->subject;
    else if (strcmp(k, "scope") == 0)
        s = c->scope;
    else if (strcmp(k, "speaker") == 0)
        s = c->speaker;
    else if (strcmp(k, "via") == 0)
        s = c->via;
    else if (strcmp(k, "as_of") == 0)
        s = c->as_of;
    else if (strcmp(k, "as_of_from") == 0)
        s = c->as_of_from;
    else if (strcmp(k, "originator") == 0)
        s = c->originator;
    else if (strcmp(k, "originator_kind") == 0)
        s = c->originator_kind;
    else if (strcmp(k, "earlier") == 0)
        s = c->earlier ? "yes" : "no";
    else if (strcmp(k, "status") == 0)
        s = rk_claim_status_name((rk_claim_status)c->status);
    else if (strcmp(k, "status_by") == 0)
        s = c->status_by;
    else
        s = "?unknown field?";
    snprintf(buf, n, "%s", s ? s : "-");
}

typedef struct cond {
    char key[32];
    char val[512];
    int contains;
} cond;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static size_t parse_conds(char *spec, cond *cs, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(spec, "|"); tok && n < max; tok = strtok(NULL, "|")) {
        tok = trim(tok);
        char *eq = strchr(tok, '=');
        if (!eq)
            continue;
        cs[n].contains = eq > tok && eq[-1] == '~';
        size_t kl = (size_t)(eq - tok) - (size_t)cs[n].contains;
        snprintf(cs[n].key, sizeof cs[n].key, "%.*s", (int)kl, tok);
        snprintf(cs[n].val, sizeof cs[n].val, "%s", trim(eq + 1));
        trim(cs[n].key);
        n++;
    }
    return n;
}

/* Does claim c satisfy the conditions (the "at" quote is checked against body)? */
static int matches(const rk_claim *c, const rk_document *d, const cond *cs, size_t n,
                   const char **bad_key, char *got, size_t got_n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(cs[i].key, "at") == 0) {
            const char *q = strstr(d->body, cs[i].val);
            size_t qs = q ? (size_t)(q - d->body) : 0, qe = qs + strlen(cs[i].val);
            if (!q || c->start < qs || c->end > qe) {
                *bad_key = "at";
                return 0;
            }
            continue;
        }
        field(c, cs[i].key, got, got_n);
        int ok = cs[i].contains ? strstr(got, cs[i].val) != NULL : strcmp(got, cs[i].val) == 0;
        if (!ok) {
            *bad_key = cs[i].key;
            return 0;
        }
    }
    return 1;
}

/* The claim the conditions describe: same text and place; the others
 * compared afterwards so a mismatch names its field. */
static const rk_claim *locate(const rk_claimset *set, const cond *cs, size_t n)
{
    for (size_t i = 0; i < set->n; i++) {
        const rk_claim *c = &set->claims[i];
        int ok = 1;
        for (size_t k = 0; k < n && ok; k++) {
            if (strcmp(cs[k].key, "text") == 0)
                ok = strcmp(c->text, cs[k].val) == 0;
            else if (strcmp(cs[k].key, "at") == 0) {
                const char *body = set->docs.docs[c->document]->body;
                const char *q = strstr(body, cs[k].val);
                size_t qs = q ? (size_t)(q - body) : 0;
                ok = q && c->start >= qs && c->end <= qs + strlen(cs[k].val);
            }
        }
        if (ok)
            return c;
    }
    return NULL;
}

typedef struct block {
    const char *file;
    int line;
    char name[256];
    char rules[512];
    char lang[16], published[32];
    rk_buf input;
    char fixture[512];
    int count;                /* -1: not checked */
    char *lines[64];          /* expect:/none: lines */
    int line_no[64];
    int is_none[64];
    size_t n_lines;
    char *broken_names[8];
    rk_buf broken[8];
    size_t n_broken;
    char diag[1024];
} block;

static void block_reset(block *b)
{
    rk_buf_free(&b->input);
    for (size_t i = 0; i < b->n_lines; i++)
        free(b->lines[i]);
    for (size_t i = 0; i < b->n_broken; i++) {
        free(b->broken_names[i]);
        rk_buf_free(&b->broken[i]);
    }
    const char *file = b->file;
    memset(b, 0, sizeof *b);
    b->file = file;
    b->count = -1;
    snprintf(b->rules, sizeof b->rules, "rules");
}

static void run_claims_block(block *b, failures *f)
{
    char why[1024] = "";
    rk_engine *eng = engine_for(b->rules, why, sizeof why);
    if (!eng) {
        note_fail(f, b->file, b->line, b->name, "rule set %s does not build: %s", b->rules, why);
        return;
    }
    rk_document *d = b->fixture[0] ? doc_from_file(b->fixture)
                                    : doc_from(b->input.data ? b->input.data : "",
                                               b->lang[0] ? b->lang : NULL,
                                               b->published[0] ? b->published : NULL);
    rk_claimset set = {0};
    rk_error e;
    rk_error_clear(&e);
    if (!d || rk_extract_into(eng, d, &set, &e) != RK_OK) {
        note_fail(f, b->file, b->line, b->name, "extraction failed: %s%s", e.message, "");
        rk_document_free(d);
        rk_claimset_clear(&set);
        return;
    }
    for (size_t i = 0; i < b->n_lines; i++) {
        cond cs[24];
        char *spec = strdup(b->lines[i]);
        size_t n = parse_conds(spec, cs, 24);
        free(spec);
        const rk_claim *c = locate(&set, cs, n);
        char got[1024];
        const char *bad = NULL;
        if (b->is_none[i]) {
            for (size_t k = 0; k < set.n; k++)
                if (matches(&set.claims[k], d, cs, n, &bad, got, sizeof got))
                    note_fail(f, b->file, b->line_no[i], b->name, "unexpected claim %s%s",
                         set.claims[k].text, "");
            continue;
        }
        if (!c) {
            note_fail(f, b->file, b->line_no[i], b->name, "no claim like: %s%s", b->lines[i], "");
            continue;
        }
        if (!matches(c, d, cs, n, &bad, got, sizeof got)) {
            char want[600];
            for (size_t k = 0; k < n; k++)
                if (strcmp(cs[k].key, bad) == 0)
                    snprintf(want, sizeof want, "%s %s", bad, cs[k].val);
            note_fail(f, b->file, b->line_no[i], b->name, "expected %s, got %s", want, got);
        }
    }
    if (b->count >= 0 && set.n != (size_t)b->count) {
        char a[32], g[32];
        snprintf(a, sizeof a, "%d", b->count);
        snprintf(g, sizeof g, "%zu", set.n);
        note_fail(f, b->file, b->line, b->name, "expected %s claims, got %s", a, g);
    }
    rk_claimset_clear(&set);
}

static void mkdirs(const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0700);
            *p = '/';
        }
    mkdir(tmp, 0700);
}

static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            char *p = path_join(path, e->d_name);
            rm_tree(p);
            free(p);
        }
    closedir(d);
    rmdir(path);
}

/* Writes the block's rule files into a fresh directory, loads and compiles
 * them against the shipped schema, and compares the first diagnostic. */
static void run_broken_block(block *b, failures *f)
{
    char dir[] = "/tmp/rk_claims_broken_XXXXXX";
    if (!mkdtemp(dir)) {
        note_fail(f, b->file, b->line, b->name, "cannot make a temporary directory%s%s", "", "");
        return;
    }
    for (size_t i = 0; i < b->n_broken; i++) {
        char *p = path_join(dir, b->broken_names[i]);
        char *slash = strrchr(p, '/');
        *slash = '\0';
        mkdirs(p);
        *slash = '/';
        FILE *fp = fopen(p, "w");
        if (fp) {
            fwrite(b->broken[i].data, 1, b->broken[i].len, fp);
            fclose(fp);
        }
        free(p);
    }
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    rk_rules *r = NULL;
    rk_engine *eng = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_rules_load(dir, schema, &r, NULL, NULL, &e);
    if (st == RK_OK)
        st = rk_engine_new(r, &eng, &e);
    char got[2048], want[2048];
    rk_buf w = RK_BUF_INIT;
    for (const char *p = b->diag; *p;) {
        if (strncmp(p, "{dir}", 5) == 0) {
            rk_buf_puts(&w, dir);
            p += 5;
        } else {
            rk_buf_putc(&w, *p++);
        }
    }
    snprintf(want, sizeof want, "%s", w.data ? w.data : "");
    rk_buf_free(&w);
    if (st == RK_OK)
        note_fail(f, b->file, b->line, b->name, "the broken rule set loaded; wanted %s%s", want, "");
    else if (strcmp(rk_error_format(&e, got, sizeof got), want) != 0)
        note_fail(f, b->file, b->line, b->name, "diagnostic\n    got:  %s\n    want: %s", got, want);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(schema);
    rm_tree(dir);
}

static void run_block(block *b, failures *f)
{
    if (!b->name[0])
        return;
    if (b->n_broken)
        run_broken_block(b, f);
    else
        run_claims_block(b, f);
}

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Runs every block of one spec file; returns the number of blocks. */
static int run_spec(const char *path, failures *f)
{
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    block b = {0};
    b.file = path;
    block_reset(&b);
    char line[8192];
    int ln = 0, blocks = 0;
    while (fgets(line, sizeof line, fp)) {
        ln++;
        char *l = trim(line);
        if (starts(l, "== ")) {
            run_block(&b, f);
            block_reset(&b);
            snprintf(b.name, sizeof b.name, "%s", l + 3);
            b.line = ln;
            blocks++;
        } else if (starts(l, "rules:")) {
            snprintf(b.rules, sizeof b.rules, "%s", trim(l + 6));
        } else if (starts(l, "lang:")) {
            snprintf(b.lang, sizeof b.lang, "%s", trim(l + 5));
        } else if (starts(l, "published:")) {
            snprintf(b.published, sizeof b.published, "%s", trim(l + 10));
        } else if (starts(l, "input:")) {
            if (b.input.len)
                rk_buf_putc(&b.input, '\n');
            rk_buf_puts(&b.input, trim(l + 6));
        } else if (starts(l, "file:")) {
            snprintf(b.fixture, sizeof b.fixture, "%s", trim(l + 5));
        } else if (starts(l, "count:")) {
            b.count = atoi(l + 6);
        } else if ((starts(l, "expect:") || starts(l, "none:")) && b.n_lines < 64) {
            int none = l[0] == 'n';
            b.is_none[b.n_lines] = none;
            b.line_no[b.n_lines] = ln;
            b.lines[b.n_lines++] = strdup(trim(l + (none ? 5 : 7)));
        } else if (starts(l, "diag:")) {
            snprintf(b.diag, sizeof b.diag, "%s", trim(l + 5));
        } else if (starts(l, "broken-rule:") && b.n_broken < 8) {
            size_t k = b.n_broken++;
            b.broken_names[k] = strdup(trim(l + 12));
            while (fgets(line, sizeof line, fp)) {
                ln++;
                if (strcmp(line, "end\n") == 0 || strcmp(line, "end") == 0)
                    break;
                rk_buf_puts(&b.broken[k], line);
            }
        }
    }
    run_block(&b, f);
    block_reset(&b);
    fclose(fp);
    return blocks;
}

static void check_spec(const char *name)
{
    char *dir = path_join(src_root(), "tests/claims/spec");
    char *path = path_join(dir, name);
    failures f = {RK_BUF_INIT, 0};
    int blocks = run_spec(path, &f);
    ck_assert_msg(blocks > 0, "%s has no blocks", path);
    if (f.n)
        fprintf(stderr, "%s", f.b.data);
    int n = f.n;
    rk_buf_free(&f.b);
    free(path);
    free(dir);
    cache_free();
    ck_assert_msg(n == 0, "%d failing expectations in %s (listed above)", n, name);
}

START_TEST(spec_seeds_give_what_a_careful_reader_finds) { check_spec("seeds.txt"); }
END_TEST
START_TEST(spec_arabic_sentences_survive_morphology_and_word_order) { check_spec("arabic.txt"); }
END_TEST
START_TEST(spec_english_attribution_follows_wire_style) { check_spec("english.txt"); }
END_TEST
START_TEST(spec_russian_is_added_by_rule_files_only) { check_spec("russian.txt"); }
END_TEST
START_TEST(spec_broken_rule_files_get_exact_diagnostics) { check_spec("broken.txt"); }
END_TEST
START_TEST(spec_arabic_crisis_reporting_gives_what_a_fact_checker_reads)
{
    check_spec("crisis-ar.txt");
}
END_TEST
START_TEST(spec_english_crisis_reporting_gives_what_a_fact_checker_reads)
{
    check_spec("crisis-en.txt");
}
END_TEST
START_TEST(spec_russian_crisis_reporting_gives_what_a_fact_checker_reads)
{
    check_spec("crisis-ru.txt");
}
END_TEST
START_TEST(spec_a_rule_set_written_only_for_the_tests_extracts_its_made_up_quantity)
{
    check_spec("toy.txt");
}
END_TEST

/* ---- whole fixtures --------------------------------------------------------- */

static const char *const seeds[] = {
    "fixtures/kazakhstan-2022/000_a36954025af67d07",
    "fixtures/kazakhstan-2022/001_0d2c753a87fa6b4a",
    "fixtures/kazakhstan-2022/002_9c92fbb985dee3df",
    "fixtures/kazakhstan-2022/003_5a42c12e227cab77",
    "fixtures/kazakhstan-2022/004_91dd7b59b1f721e3"};

static rk_engine *default_engine(void)
{
    char why[1024] = "";
    rk_engine *e = engine_for("rules", why, sizeof why);
    ck_assert_msg(e != NULL, "default rules: %s", why);
    return e;
}

/* Seed article i, read as the command reads it. */
static rk_document *seed_doc(size_t i)
{
    char rel[256];
    snprintf(rel, sizeof rel, "%s.txt", seeds[i]);
    rk_document *d = doc_from_file(rel);
    ck_assert_msg(d != NULL, "cannot read %s", rel);
    return d;
}

static void extract_seed(rk_engine *eng, size_t i, rk_claimset *set)
{
    rk_document *d = seed_doc(i);
    rk_error e;
    ck_assert_msg(rk_extract_into(eng, d, set, &e) == RK_OK, "%s: %s", seeds[i], e.message);
}

START_TEST(every_claim_points_at_exactly_its_bytes_with_a_stable_id)
{
    rk_engine *eng = default_engine();
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        rk_claimset set = {0};
        extract_seed(eng, i, &set);
        const rk_document *d = set.docs.docs[0];
        ck_assert_msg(set.n > 0, "%s gave no claims", d->id);
        for (size_t k = 0; k < set.n; k++) {
            const rk_claim *c = &set.claims[k];
            char id[512];
            snprintf(id, sizeof id, "%s:%zu-%zu", d->id, c->start, c->end);
            ck_assert_str_eq(c->id, id);
            ck_assert(c->end > c->start && c->end <= d->body_len);
            ck_assert_int_eq(memcmp(c->text, d->body + c->start, c->end - c->start), 0);
            ck_assert_uint_eq(strlen(c->text), c->end - c->start);
            ck_assert(RK_KIND_IS_CLAIMABLE(c->kind));
            ck_assert(c->sentence_start <= c->start && c->end <= c->sentence_end);
            if (c->speaker) /* the speaker is text of the article itself */
                ck_assert_msg(strstr(d->body, c->speaker), "speaker %s", c->speaker);
            if (k)
                ck_assert(c->start > set.claims[k - 1].start);
        }
        rk_claimset_clear(&set);
    }
    cache_free();
}
END_TEST

/* Whether p lies in the claim's string block, with its NUL. */
static int in_block(const rk_claim *c, const char *p)
{
    return p >= c->strings && p + strlen(p) < c->strings + c->strings_len;
}

/* The extractor puts a claim's strings in one block, each in full; a string
 * a caller puts in place of one is still freed with the claim, and the
 * strings of a claim built by hand are freed one by one (ASan and valgrind
 * see a leak or a bad free here). */
START_TEST(a_claims_strings_live_in_one_block_and_may_be_replaced)
{
    rk_engine *eng = default_engine();
    rk_claimset set = {0};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        extract_seed(eng, i, &set);
    size_t dated = 0, spoken = 0;
    for (size_t k = 0; k < set.n; k++) {
        const rk_claim *c = &set.claims[k];
        ck_assert_ptr_nonnull(c->strings);
        ck_assert(in_block(c, c->id) && in_block(c, c->text));
        ck_assert(!c->speaker || in_block(c, c->speaker));
        ck_assert(!c->via || in_block(c, c->via));
        ck_assert(!c->as_of || in_block(c, c->as_of));
        ck_assert(!c->as_of_from || in_block(c, c->as_of_from));
        dated += c->as_of != NULL;
        spoken += c->speaker != NULL;
    }
    ck_assert_uint_gt(dated, 0);
    ck_assert_uint_gt(spoken, 0);
    set.claims[0].speaker = strdup("a reviewer's speaker");
    set.claims[0].via = NULL;
    set.claims[1].as_of = strdup("2022-01-07");
    rk_claimset_clear(&set);
    rk_claim hand = {0};
    hand.id = strdup("doc:1-2");
    hand.text = strdup("7");
    hand.as_of = strdup("2022-01-05");
    rk_claim_clear(&hand);
    ck_assert_ptr_null(hand.id);
    cache_free();
}
END_TEST

START_TEST(no_negative_of_the_seeds_becomes_a_claim)
{
    rk_engine *eng = default_engine();
    int checked = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "%s.negatives.jsonl", seeds[i]);
        char *p = path_join(src_root(), rel);
        size_t len;
        char *data = read_all(p, &len);
        free(p);
        if (!data)
            continue; /* not every seed has negatives */
        rk_claimset set = {0};
        extract_seed(eng, i, &set);
        const char *body = set.docs.docs[0]->body;
        for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
            cJSON *j = cJSON_Parse(line);
            const char *quote = cJSON_GetStringValue(cJSON_GetObjectItem(j, "quote"));
            const char *nt = cJSON_GetStringValue(cJSON_GetObjectItem(j, "number_text"));
            ck_assert(quote && nt);
            const char *q = strstr(body, quote);
            ck_assert_msg(q, "quote not in the article: %s", quote);
            size_t qs = (size_t)(q - body), qe = qs + strlen(quote);
            for (size_t k = 0; k < set.n; k++) {
                const rk_claim *c = &set.claims[k];
                ck_assert_msg(!(c->start >= qs && c->end <= qe && strstr(c->text, nt) &&
                                strstr(nt, c->text)),
                              "negative %s in \"%s\" became a claim", nt, quote);
            }
            checked++;
            cJSON_Delete(j);
        }
        rk_claimset_clear(&set);
        free(data);
    }
    ck_assert_int_gt(checked, 10);
    cache_free();
}
END_TEST

/* Prints how much of the seeds' gold the default rules reproduce, field by
 * field; the spec file pins the claims that must be right. */
START_TEST(gold_agreement_of_the_seeds_is_measured)
{
    rk_engine *eng = default_engine();
    int n = 0, found = 0, qty = 0, subj = 0, attr = 0, asof = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "%s.gold.jsonl", seeds[i]);
        char *p = path_join(src_root(), rel);
        size_t len;
        char *data = read_all(p, &len);
        free(p);
        ck_assert(data);
        rk_claimset set = {0};
        extract_seed(eng, i, &set);
        const char *body = set.docs.docs[0]->body;
        for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
            cJSON *j = cJSON_Parse(line);
            const char *quote = cJSON_GetStringValue(cJSON_GetObjectItem(j, "quote"));
            const char *nt = cJSON_GetStringValue(cJSON_GetObjectItem(j, "number_text"));
            const char *gq = cJSON_GetStringValue(cJSON_GetObjectItem(j, "quantity"));
            const char *gs = cJSON_GetStringValue(cJSON_GetObjectItem(j, "subject"));
            const char *ga = cJSON_GetStringValue(cJSON_GetObjectItem(j, "attributed_to"));
            const char *gd = cJSON_GetStringValue(cJSON_GetObjectItem(j, "as_of"));
            const char *q = strstr(body, quote);
            n++;
            const rk_claim *c = NULL;
            for (size_t k = 0; q && k < set.n && !c; k++) {
                size_t qs = (size_t)(q - body);
                const rk_claim *x = &set.claims[k];
                /* the number as the claims stage sees it may be shorter or
                 * longer than the gold's ("ثلاثة" of "ثلاثة عقود") */
                if (x->start >= qs && x->end <= qs + strlen(quote) &&
                    (strstr(x->text, nt) || strstr(nt, x->text)))
                    c = x;
            }
            if (c) {
                found++;
                qty += gq && c->quantity && strcmp(gq, c->quantity) == 0;
                subj += gs && c->subject && strcmp(gs, c->subject) == 0;
                attr += ga ? c->speaker && strcmp(ga, c->speaker) == 0 : !c->speaker;
                asof += gd ? c->as_of && strcmp(gd, c->as_of) == 0 : !c->as_of;
            }
            if (!c || !c->quantity || strcmp(gq, c->quantity) || !c->subject ||
                strcmp(gs, c->subject))
                fprintf(stderr, "  gold miss: %s \"%s\": got %s / %s\n", nt, quote,
                        c && c->quantity ? c->quantity : "-", c && c->subject ? c->subject : "-");
            cJSON_Delete(j);
        }
        rk_claimset_clear(&set);
        free(data);
    }
    fprintf(stderr, "gold of the seeds: %d claims; found %d, quantity %d, subject %d, "
                    "attribution %d, as_of %d\n", n, found, qty, subj, attr, asof);
    ck_assert_int_eq(n, 52); /* 51 from the seeds, and 001's "a third" */
    ck_assert_int_eq(found, n); /* every gold number is a claim */
    cache_free();
}
END_TEST

/* ---- the library's contract -------------------------------------------------- */

/* A body its reader checked is not read for UTF-8 again: it gives the
 * claims a body extraction checks gives, claim for claim. */
START_TEST(a_body_its_reader_checked_gives_the_claims_of_a_checked_one)
{
    rk_engine *eng = default_engine();
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "%s.txt", seeds[i]);
        rk_document *d = doc_from_file(rel);
        ck_assert_msg(d != NULL, "cannot read %s", rel);
        ck_assert_msg(d->body_utf8, "%s: its reader did not mark its body checked", rel);
        rk_claim *c[2] = {NULL, NULL};
        size_t n[2] = {0, 0}, cap[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            rk_error e;
            d->body_utf8 = !k;
            ck_assert_msg(rk_extract_document_windowed(eng, d, 0, 0, 512, 0, NULL, &c[k], &n[k],
                                                       &cap[k], &e) == RK_OK,
                          "%s: %s", rel, e.message);
        }
        ck_assert_msg(n[0] == n[1] && n[0] > 0, "%s: %zu claims trusted, %zu checked", rel, n[0],
                      n[1]);
        for (size_t j = 0; j < n[0]; j++) {
            const rk_claim *a = &c[0][j], *b = &c[1][j];
            ck_assert_str_eq(a->id, b->id);
            ck_assert(memcmp(&a->low, &b->low, sizeof a->low) == 0 &&
                      memcmp(&a->high, &b->high, sizeof a->high) == 0);
            ck_assert_msg((a->quantity == NULL) == (b->quantity == NULL) &&
                              (!a->quantity || strcmp(a->quantity, b->quantity) == 0),
                          "%s: claim %s", rel, a->id);
            ck_assert_msg((a->speaker == NULL) == (b->speaker == NULL) &&
                              (!a->speaker || strcmp(a->speaker, b->speaker) == 0),
                          "%s: claim %s", rel, a->id);
        }
        for (int k = 0; k < 2; k++) {
            for (size_t j = 0; j < n[k]; j++)
                rk_claim_clear(&c[k][j]);
            free(c[k]);
        }
        rk_document_free(d);
    }
    /* a document made by other code is checked */
    rk_document *d = calloc(1, sizeof *d);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(d->id = strdup("made"));
    ck_assert_ptr_nonnull(d->body = strdup("5 people were killed \xff"));
    d->body_len = strlen(d->body);
    d->body_file_offset = -1;
    rk_claimset set = {0};
    rk_error e;
    ck_assert_int_eq(rk_extract_into(eng, d, &set, &e), RK_ERR_UTF8);
    rk_document_free(d);
    rk_claimset_clear(&set);
    cache_free();
}
END_TEST

START_TEST(invalid_utf8_is_refused_with_its_offset)
{
    rk_engine *eng = default_engine();
    rk_document *d = doc_from("قتل 5", "ar", NULL);
    ck_assert(d);
    d->body[2] = (char)0xff; /* the lead byte of "ت" */
    d->body_utf8 = 0; /* its bytes changed since its reader checked them */
    rk_claimset set = {0};
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_extract_into(eng, d, &set, &e), RK_ERR_UTF8);
    ck_assert_int_eq(e.offset, 2);
    ck_assert_int_eq(e.line, 1);
    ck_assert_uint_eq(set.docs.n, 0);
    rk_document_free(d);
    rk_claimset_clear(&set);
    cache_free();
}
END_TEST

/* Claims of d read whole, and read in windows of about window bytes. */
static int windows_agree(rk_engine *eng, const rk_document *d, size_t window, int *n_claims)
{
    rk_claim *a = NULL, *b = NULL;
    size_t na = 0, ca = 0, nb = 0, cb = 0;
    rk_error e;
    ck_assert_msg(rk_extract_document_windowed(eng, d, 0, SIZE_MAX, 0, 0, NULL, &a, &na, &ca,
                                               &e) == RK_OK,
                  "%s: %s", d->id, e.message);
    ck_assert_msg(rk_extract_document_windowed(eng, d, 0, 0, window, 0, NULL, &b, &nb, &cb, &e) ==
                      RK_OK,
                  "%s: %s", d->id, e.message);
    int same = na == nb;
    /* capped at half: the first half, window by window, and the count of all */
    rk_claim *h = NULL;
    size_t nh = 0, ch = 0, found = 0, max = na / 2 + 1;
    ck_assert_msg(rk_extract_document_windowed(eng, d, 0, 0, window, max, &found, &h, &nh, &ch,
                                               &e) == RK_OK,
                  "%s: %s", d->id, e.message);
    ck_assert_uint_eq(found, nb);
    ck_assert_uint_eq(nh, nb < max ? nb : max);
    for (size_t i = 0; i < nh; i++) {
        char lb[2048], lh[2048];
        claim_line(&b[i], lb, sizeof lb);
        claim_line(&h[i], lh, sizeof lh);
        ck_assert_str_eq(lb, lh);
        rk_claim_clear(&h[i]);
    }
    free(h);
    for (size_t i = 0; i < na && i < nb; i++) {
        char la[2048], lb[2048];
        claim_line(&a[i], la, sizeof la);
        claim_line(&b[i], lb, sizeof lb);
        if (strcmp(la, lb) != 0) {
            fprintf(stderr, "%s, windows of %zu bytes:\n  whole:   %s\n  windows: %s\n", d->id,
                    window, la, lb);
            same = 0;
        }
    }
    if (na != nb)
        fprintf(stderr, "%s, windows of %zu bytes: %zu claims whole, %zu in windows\n", d->id,
                window, na, nb);
    *n_claims = (int)na;
    for (size_t i = 0; i < na; i++)
        rk_claim_clear(&a[i]);
    for (size_t i = 0; i < nb; i++)
        rk_claim_clear(&b[i]);
    free(a);
    free(b);
    return same;
}

/* A long document is read a window of lines at a time, so its working
 * memory is a window's: every fixture article cut into windows of a few
 * hundred bytes (a cut after each paragraph or line) gives the claims it
 * gives read whole, every field, the sentence's index in the document
 * included; capped at half its claims, it keeps the first half and counts
 * them all. */
START_TEST(an_article_read_in_windows_gives_the_claims_it_gives_read_whole)
{
    static const char *const dirs[] = {"fixtures/kazakhstan-2022", "fixtures/nasser-ferry-2025",
                                       "fixtures/safra-quake-2025", "fixtures/numbers-only-fr"};
    int docs = 0, claims = 0, bad = 0, cut = 0;
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
        char *dir = path_join(src_root(), dirs[k]);
        DIR *dh = opendir(dir);
        ck_assert_msg(dh != NULL, "cannot open %s", dir);
        char why[1024] = "", rules[512];
        snprintf(rules, sizeof rules, "rules + %s/rules", dirs[k]);
        char *own = path_join(dir, "rules");
        struct stat sb;
        rk_engine *eng = stat(own, &sb) == 0 ? engine_for(rules, why, sizeof why)
                                             : default_engine();
        free(own);
        ck_assert_msg(eng != NULL, "%s: %s", rules, why);
        struct dirent *de;
        while ((de = readdir(dh))) {
            size_t nl = strlen(de->d_name);
            if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") != 0)
                continue;
            char rel[512];
            snprintf(rel, sizeof rel, "%s/%s", dirs[k], de->d_name);
            rk_document *d = doc_from_file(rel);
            ck_assert_msg(d != NULL, "cannot read %s", rel);
            /* windows of twice the longest line at least: every cut
             * falls after a line break */
            size_t longest = 0, from = 0;
            for (size_t i = 0; i <= d->body_len; i++)
                if (i == d->body_len || d->body[i] == '\n') {
                    longest = i - from > longest ? i - from : longest;
                    from = i + 1;
                }
            int n = 0;
            for (size_t w = 2 * longest + 2; w <= 8 * longest + 8; w *= 4) {
                bad += !windows_agree(eng, d, w, &n);
                cut += d->body_len > w + w / 2;
            }
            claims += n;
            docs++;
            rk_document_free(d);
        }
        closedir(dh);
        free(dir);
    }
    ck_assert_int_ge(docs, 20);
    ck_assert_int_ge(claims, 250);
    ck_assert_msg(cut >= 20, "only %d readings were cut into windows", cut);
    ck_assert_msg(bad == 0, "%d readings in windows differ (above)", bad);
    cache_free();
}
END_TEST

/* A line longer than half a window is cut after a full stop, a space or
 * a character: whatever the cut, every claim still points at exactly its
 * bytes, in text order, with its sentence around it. A bad byte in a later
 * window is reported at its offset in the document, and the document
 * gives no claims at all. */
START_TEST(a_long_line_read_in_windows_keeps_every_claim_on_its_bytes)
{
    rk_engine *eng = default_engine();
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "%s.txt", seeds[i]);
        rk_document *d = doc_from_file(rel);
        ck_assert_msg(d != NULL, "cannot read %s", rel);
        for (size_t k = 0; k < d->body_len; k++) /* one line */
            if (d->body[k] == '\n')
                d->body[k] = ' ';
        size_t whole = 0;
        for (size_t w = 256; w <= SIZE_MAX / 4; w *= 4) {
            rk_claim *c = NULL;
            size_t n = 0, cap = 0;
            rk_error e;
            if (w > d->body_len) /* last: the line whole */
                w = SIZE_MAX / 4;
            ck_assert_msg(rk_extract_document_windowed(eng, d, 0, 0, w, 0, NULL, &c, &n, &cap,
                                                       &e) == RK_OK,
                          "%s: %s", rel, e.message);
            if (w == SIZE_MAX / 4)
                whole = n;
            for (size_t k = 0; k < n; k++) {
                char id[512];
                snprintf(id, sizeof id, "%s:%zu-%zu", d->id, c[k].start, c[k].end);
                ck_assert_str_eq(c[k].id, id);
                ck_assert(c[k].end > c[k].start && c[k].end <= d->body_len);
                ck_assert_int_eq(memcmp(c[k].text, d->body + c[k].start, c[k].end - c[k].start), 0);
                ck_assert(c[k].sentence_start <= c[k].start && c[k].end <= c[k].sentence_end);
                if (c[k].speaker)
                    ck_assert_msg(strstr(d->body, c[k].speaker), "speaker %s", c[k].speaker);
                if (k) {
                    ck_assert(c[k].start >= c[k - 1].end);
                    ck_assert(c[k].sentence >= c[k - 1].sentence);
                }
            }
            for (size_t k = 0; k < n; k++)
                rk_claim_clear(&c[k]);
            free(c);
            if (w == SIZE_MAX / 4)
                break;
            ck_assert_msg(n > 0, "%s in windows of %zu: no claims", rel, w);
        }
        ck_assert_msg(whole > 0, "%s as one line: no claims", rel);
        /* a bad byte past the first windows */
        size_t bad = d->body_len - 20;
        while (((unsigned char)d->body[bad] & 0xC0) == 0x80)
            bad--;
        d->body[bad] = (char)0xff;
        d->body_utf8 = 0; /* its bytes changed since its reader checked them */
        rk_claim *c = NULL;
        size_t n = 0, cap = 0;
        rk_error e;
        rk_error_clear(&e);
        ck_assert_int_eq(
            rk_extract_document_windowed(eng, d, 0, 0, 256, 0, NULL, &c, &n, &cap, &e),
            RK_ERR_UTF8);
        ck_assert_int_eq(e.offset, (long)bad);
        ck_assert_int_eq(e.line, 1);
        ck_assert_uint_eq(n, 0);
        free(c);
        rk_document_free(d);
    }
    cache_free();
}
END_TEST

/* Checks one claim's quote: it holds the number, keeps at most
 * RK_CLAIM_CONTEXT bytes on each side, and is cut at character starts. */
static void check_quote(const rk_document *d, const rk_claim *c)
{
    ck_assert(c->sentence_start <= c->start && c->end <= c->sentence_end);
    ck_assert(c->sentence_end <= d->body_len);
    ck_assert_uint_le(c->start - c->sentence_start, RK_CLAIM_CONTEXT);
    ck_assert_uint_le(c->sentence_end - c->end, RK_CLAIM_CONTEXT);
    ck_assert(((unsigned char)d->body[c->sentence_start] & 0xC0) != 0x80);
    ck_assert(c->sentence_end == d->body_len ||
              ((unsigned char)d->body[c->sentence_end] & 0xC0) != 0x80);
}

/* A sentence of many numbers: each claim quotes a bounded window around its
 * own number, starting and ending at a word, not the whole sentence. */
START_TEST(a_long_sentence_is_quoted_as_a_window_around_each_number)
{
    rk_engine *eng = default_engine();
    rk_buf b = RK_BUF_INIT;
    for (int i = 0; i < 400; i++)
        rk_buf_printf(&b, "%s", i % 100 == 50 ? "قتل 17 شخصا " : "كلمة ");
    rk_document *d = doc_from(b.data, "ar", NULL);
    ck_assert(d);
    rk_claimset set = {0};
    rk_error e;
    ck_assert_msg(rk_extract_into(eng, d, &set, &e) == RK_OK, "%s", e.message);
    ck_assert_uint_eq(set.n, 4);
    for (size_t k = 0; k < set.n; k++) {
        const rk_claim *c = &set.claims[k];
        check_quote(set.docs.docs[0], c);
        ck_assert_uint_lt(c->sentence_end - c->sentence_start, 2 * RK_CLAIM_CONTEXT + 8);
        ck_assert_uint_gt(c->sentence_end - c->sentence_start, RK_CLAIM_CONTEXT);
        /* word boundaries: a space before the quote and after it */
        ck_assert(d->body[c->sentence_start - 1] == ' ');
        ck_assert(d->body[c->sentence_end] == ' ');
    }
    rk_claimset_clear(&set);
    rk_buf_free(&b);
    cache_free();
}
END_TEST

/* With no space in reach the cut still falls between characters, and a
 * short sentence is quoted whole. */
START_TEST(a_quote_without_spaces_is_cut_at_a_character_boundary)
{
    rk_engine *eng = default_engine();
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "x");  /* one ASCII byte shifts the Arabic letters off even offsets */
    for (int i = 0; i < 500; i++)
        rk_buf_puts(&b, "ك");
    rk_buf_puts(&b, " قتل 17 شخصا ");
    for (int i = 0; i < 500; i++)
        rk_buf_puts(&b, "ك");
    rk_buf_puts(&b, ". قتل 3 أشخاص.");
    rk_document *d = doc_from(b.data, "ar", NULL);
    ck_assert(d);
    rk_claimset set = {0};
    rk_error e;
    ck_assert_msg(rk_extract_into(eng, d, &set, &e) == RK_OK, "%s", e.message);
    ck_assert_uint_eq(set.n, 2);
    check_quote(d, &set.claims[0]);
    ck_assert_uint_ge(set.claims[0].start - set.claims[0].sentence_start, RK_CLAIM_CONTEXT - 1);
    const rk_claim *c = &set.claims[1];
    ck_assert_str_eq(c->text, "3");
    ck_assert_int_eq(memcmp(d->body + c->sentence_start, "قتل 3 أشخاص.",
                            c->sentence_end - c->sentence_start), 0);
    rk_claimset_clear(&set);
    rk_buf_free(&b);
    cache_free();
}
END_TEST

START_TEST(free_functions_accept_null)
{
    rk_engine_free(NULL);
    rk_claimset_clear(NULL);
    rk_claimset_empty(NULL);
    rk_claim_clear(NULL);
}
END_TEST

/* Emptying a set frees its documents and claims and keeps its arrays. */
START_TEST(an_emptied_set_keeps_its_arrays)
{
    rk_engine *eng = default_engine();
    rk_claimset set = {0};
    extract_seed(eng, 0, &set);
    ck_assert_uint_gt(set.n, 0);
    rk_claim *claims = set.claims;
    size_t cap = set.cap, doc_cap = set.docs.cap;
    rk_claimset_empty(&set);
    ck_assert_uint_eq(set.n, 0);
    ck_assert_uint_eq(set.docs.n, 0);
    ck_assert_ptr_eq(set.claims, claims);
    ck_assert_uint_eq(set.cap, cap);
    ck_assert_uint_eq(set.docs.cap, doc_cap);
    extract_seed(eng, 1, &set); /* refilled from the start */
    ck_assert_uint_eq(set.docs.n, 1);
    ck_assert_uint_gt(set.n, 0);
    ck_assert_uint_eq(set.claims[0].document, 0);
    rk_claimset_clear(&set);
    cache_free();
}
END_TEST

/* Whether the claim's strings are what the extractor packed: its id, its
 * bytes of the body, a speaker of the body, each inside its part. */
static int strings_whole(const rk_document *d, const rk_claim *c)
{
    char id[512];
    snprintf(id, sizeof id, "%s:%zu-%zu", d->id, c->start, c->end);
    return strcmp(c->id, id) == 0 && strlen(c->text) == c->end - c->start &&
           memcmp(c->text, d->body + c->start, c->end - c->start) == 0 &&
           in_block(c, c->id) && in_block(c, c->text) &&
           (!c->speaker || (strstr(d->body, c->speaker) && in_block(c, c->speaker)));
}

/* A document's claims share blocks of string parts (rk_claim_pool): a long
 * article's claims fill several blocks, no part overlaps another, and a
 * block lives until the last claim with a part in it is cleared, in any
 * order (freed memory is perturbed under the test runner, and ASan and
 * valgrind see an early or missing free). */
START_TEST(a_documents_claims_share_string_blocks_freed_with_the_last)
{
    rk_engine *eng = default_engine();
    rk_buf text = RK_BUF_INIT;
    for (int i = 0; i < 300; i++)
        rk_buf_printf(&text, "Officials said %d people were killed in the attack. ", i + 2);
    rk_document *d = doc_from(text.data, "en", NULL);
    ck_assert(d);
    rk_claim *c = NULL;
    size_t n = 0, cap = 0;
    rk_error e;
    ck_assert_msg(rk_extract_document(eng, d, 0, &c, &n, &cap, &e) == RK_OK, "%s", e.message);
    ck_assert_uint_eq(n, 300);
    size_t blocks = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(strings_whole(d, &c[i]), "claim %zu: %s", i, c[i].id);
        if (c[i].strings_at == 0)
            blocks++;
        else /* packed right after the one before, in the same block */
            ck_assert(c[i].strings == c[i - 1].strings + c[i - 1].strings_len &&
                      c[i].strings_at == c[i - 1].strings_at + c[i - 1].strings_len);
    }
    ck_assert_uint_gt(blocks, 3);
    /* every other claim, then the rest from the last: the others intact */
    for (size_t i = 1; i < n; i += 2)
        rk_claim_clear(&c[i]);
    for (size_t i = 0; i < n; i += 2)
        ck_assert_msg(strings_whole(d, &c[i]), "claim %zu after its neighbours went", i);
    for (size_t i = n; i-- > 0;) {
        rk_claim_clear(&c[i]);
        for (size_t k = 0; k < i; k += 2)
            if (k % 32 == 0)
                ck_assert_msg(strings_whole(d, &c[k]), "claim %zu after %zu went", k, i);
    }
    free(c);
    /* parts larger than a block get one of their own, between smaller ones */
    rk_claim_pool pool = {0};
    rk_claim h[6] = {{0}};
    static const size_t lens[6] = {100, 300, 200000, 50, 600, 1};
    for (int i = 0; i < 6; i++) {
        ck_assert_int_eq(rk_claim_pool_take(&pool, &h[i], lens[i]), 0);
        ck_assert_uint_eq(h[i].strings_len, lens[i]);
        memset(h[i].strings, 'a' + i, lens[i]);
    }
    ck_assert_uint_eq(h[2].strings_at, 0);
    rk_claim_pool_done(&pool); /* the claims keep their blocks */
    for (int i = 0; i < 6; i++)
        for (size_t k = 0; k < lens[i]; k++)
            ck_assert_int_eq(h[i].strings[k], 'a' + i);
    for (int i = 0; i < 6; i++)
        rk_claim_clear(&h[(i * 5) % 6]);
    rk_document_free(d);
    rk_buf_free(&text);
    cache_free();
}
END_TEST

/* A rule file of 10,000 lexicon entries loads in well under a second. */
START_TEST(ten_thousand_lexicon_entries_compile_fast)
{
    char dir[] = "/tmp/rk_claims_big_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *p = path_join(dir, "big.xml");
    FILE *fp = fopen(p, "w");
    ck_assert(fp);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"ar\"><claims>\n"
          "<quantity id=\"q\"/><clitic>و</clitic>\n<predicate quantity=\"q\">\n", fp);
    static const char *const letters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز"};
    for (int i = 0; i < 10000; i++)
        fprintf(fp, "<w>كلمة%s%s%s%s مرافقة</w>\n", letters[i % 10], letters[i / 10 % 10],
                letters[i / 100 % 10], letters[i / 1000 % 10]);
    fputs("</predicate></claims></rules>\n", fp);
    fclose(fp);
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    rk_rules *r = NULL;
    rk_engine *eng = NULL;
    rk_error e;
    ck_assert_msg(rk_rules_load(dir, schema, &r, NULL, NULL, &e) == RK_OK, "%s", e.message);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_msg(rk_engine_new(r, &eng, &e) == RK_OK, "%s", e.message);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "10,000 lexicon entries compiled in %.3f s\n", s);
    ck_assert_uint_eq(rk_engine_entry_count(eng), 10000);
    ck_assert_msg(s < 1.0, "compiling took %.3f s", s);
    /* and the last one matches, through a clitic */
    rk_document *d = doc_from("وكلمةذذذذ مرافقة 7", "ar", NULL);
    ck_assert(d);
    rk_claimset set = {0};
    ck_assert(rk_extract_into(eng, d, &set, &e) == RK_OK);
    ck_assert_uint_eq(set.n, 1);
    ck_assert_str_eq(set.claims[0].quantity, "q");
    rk_claimset_clear(&set);
    rk_engine_free(eng);
    rk_rules_free(r);
    unlink(p);
    rmdir(dir);
    free(p);
    free(schema);
}
END_TEST

/* Every entry of e in the order it was made, with its phrase and what it
 * says, and every class: two engines with the same digest are the same. */
static void engine_digest(const rk_engine *e, rk_buf *out)
{
    for (size_t i = 0; i < e->n_classes; i++)
        rk_buf_printf(out, "class %s\n", e->classes[i].id);
    for (size_t n = 0; n < e->n_nodes; n++) {
        for (uint32_t k = e->nodes[n].payload; k != UINT32_MAX; k = e->lex[k].next) {
            const char *tok[64];
            size_t nt = 0;
            for (uint32_t m = (uint32_t)n; m != 0 && nt < 64; m = e->nodes[m].parent)
                tok[nt++] = node_key(e, &e->nodes[m]);
            size_t depth = nt; /* tokens: "a b" as one token is not "a" "b" */
            rk_buf_printf(out, "%u ", k);
            while (nt--)
                rk_buf_printf(out, "%s%s", tok[nt], nt ? " " : "");
            const lex_entry *l = &e->lex[k];
            rk_buf_printf(out, "|%u %u %u %d %d %s %zu\n", l->type, l->flags, l->lang,
                          l->target, l->ival, l->aux ? lex_aux(e, l) : "-", depth);
        }
    }
    for (size_t l = 0; l < e->n_langs; l++) {
        const lang_set *ls = &e->langs[l];
        for (size_t i = 0; i < ls->n_clitics; i++)
            rk_buf_printf(out, "clitic %zu %s\n", l, ls->clitics[i]);
        for (size_t i = 0; i < ls->n_clause_breaks; i++)
            rk_buf_printf(out, "clause %zu %s\n", l, ls->clause_breaks[i]);
    }
    rk_buf_printf(out, "max_phrase %u\n", (unsigned)e->max_phrase);
}

/* The digest of the engine of rules, made with the compiler's shortcut
 * that set() turns on or off (a test switch) on or off. */
static char *digest_with(const rk_rules *rules, int (*set)(int), int on)
{
    rk_engine *eng = NULL;
    rk_error e;
    rk_buf b = RK_BUF_INIT;
    int was = set(on);
    rk_status st = rk_engine_new(rules, &eng, &e);
    set(was);
    ck_assert_msg(st == RK_OK, "%s", e.message);
    engine_digest(eng, &b);
    rk_engine_free(eng);
    return b.data;
}

/* The digest of the engine of the rules in dir, which is the same with
 * set()'s shortcut on and off; the caller frees it. */
static char *same_either_way(const char *dir, const char *schema, int (*set)(int))
{
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_msg(rk_rules_load(dir, schema, &r, NULL, NULL, &e) == RK_OK, "%s", e.message);
    char *on = digest_with(r, set, 1), *off = digest_with(r, set, 0);
    ck_assert(on && off);
    ck_assert_msg(strcmp(on, off) == 0, "%s: the engine changed", dir);
    free(off);
    rk_rules_free(r);
    return on;
}

/* Whether digest d has an entry whose phrase is exactly p. */
static int digest_has(const char *d, const char *p)
{
    for (const char *s = d; (s = strchr(s, ' ')) != NULL; s++)
        if (strncmp(s + 1, p, strlen(p)) == 0 && s[1 + strlen(p)] == '|')
            return 1;
    return 0;
}

/* The generated forms that the number reader is spared (a word it cannot
 * start a number at) are those it would have found nothing in: the engine
 * is the same with the prefilter and without, on the shipped rules and on
 * rules made to trip it: a form that is a number word ("indians"), one the
 * reader reads once it strips a prefix ("pa" + "kistani"), and one with a
 * digit ("pakistani 2": the suffix "i2" is normalised as two tokens). */
START_TEST(the_nationals_prefilter_changes_no_entry)
{
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    char *shipped = path_join(src_root(), "rules");
    char *on = same_either_way(shipped, schema, rk_nationals_set_prefilter);
    ck_assert(digest_has(on, "pakistanis"));
    free(on);

    char dir[] = "/tmp/rk_claims_nat_XXXXXX";
    ck_assert(mkdtemp(dir));
    toy_rules_in(dir, "hostile.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"en\">\n"
                 "<numbers><prefix class=\"clitic\">pa</prefix>\n"
                 "<cardinal value=\"3\">indians</cardinal><cardinal value=\"7\">kistani"
                 "</cardinal>\n"
                 "</numbers>\n<claims><nationals drop=\"0\" min-stem=\"4\">\n"
                 "<suffix>n</suffix><suffix>ns</suffix><suffix>i</suffix><suffix>is</suffix>"
                 "<suffix>i2</suffix>\n</nationals></claims></rules>\n");
    on = same_either_way(dir, schema, rk_nationals_set_prefilter);
    /* the weeding itself: number words go, the others stay */
    ck_assert(digest_has(on, "indian") && digest_has(on, "pakistanis"));
    ck_assert(!digest_has(on, "indians"));
    ck_assert(!digest_has(on, "pakistani"));
    ck_assert(!digest_has(on, "pakistani 2"));
    free(on);
    toy_rules_gone(dir, "hostile.xml");
    free(shipped);
    free(schema);
}
END_TEST

/* A lexicon entry the text stage gives back as it is, as one word, is
 * placed without a text: the engine is the one a text of every entry
 * makes, on the shipped rules and on entries made to look plain and not
 * be (capitals, a final sigma, marks, a tatweel, an apostrophe, two
 * scripts, a presentation form, digits, a hyphen, letters past U+07FF). */
START_TEST(plain_entries_place_as_their_text_would)
{
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    char *shipped = path_join(src_root(), "rules");
    free(same_either_way(shipped, schema, rk_engine_set_plain_words));

    char dir[] = "/tmp/rk_claims_plain_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *hp = path_join(dir, "odd.xml");
    FILE *fp = fopen(hp, "w");
    ck_assert(fp);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"el\">\n<claims>\n"
          "<quantity id=\"deaths\"/>\n<clitic>\xce\xba\xce\xb1\xce\xb9</clitic>\n"
          "<break kind=\"clause\">;</break>\n<predicate quantity=\"deaths\">"
          "<w>plain</w><w>Capital</w><w>\xcf\x83\xce\xbf\xcf\x82</w>"
          "<w>\xce\xa3\xce\x9f\xce\xa3</w><w>e\xcc\x81t\xc3\xa9</w>"
          "<w>\xd9\x82\xd9\x80\xd8\xaa\xd9\x84</w><w>\xd9\x82\xd8\xaa\xd9\x8e\xd9\x84</w>"
          "<w>don't</w><w>ab\xd0\xb4\xd0\xb5</w><w>\xef\xbb\xbb</w><w>a2b</w>"
          "<w>well-known</w><w>\xe0\xa4\x95\xe0\xa4\xbe</w><w>\xc3\x9f</w>"
          "<w>\xd8\xa3\xd8\xad\xd8\xaf</w><w>two words</w><w>x</w></predicate>\n"
          "</claims></rules>\n",
          fp);
    ck_assert(fclose(fp) == 0);
    /* generated forms, whose plainness the generator tells the engine:
     * "pakistani of x" is three words, "pakistanis" is one */
    char *np = path_join(dir, "nationals.xml");
    fp = fopen(np, "w");
    ck_assert(fp);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"en\">\n<claims>\n"
          "<nationals drop=\"0\" min-stem=\"4\"><suffix>is</suffix><suffix>i of x</suffix>"
          "</nationals>\n</claims></rules>\n",
          fp);
    ck_assert(fclose(fp) == 0);
    char *on = same_either_way(dir, schema, rk_engine_set_plain_words);
    ck_assert(digest_has(on, "plain") && digest_has(on, "capital"));
    ck_assert(digest_has(on, "pakistanis"));
    free(on);
    unlink(np);
    free(np);
    unlink(hp);
    rmdir(dir);
    free(hp);
    free(shipped);
    free(schema);
}
END_TEST

/* The occurrences the matcher finds in text read as language lang, one
 * line each, after their count; the caller frees it. */
static char *occ_digest(const rk_engine *eng, const char *text, const char *lang)
{
    doc_state st;
    rk_text *t = match_text(eng, text, strlen(text), lang, &st);
    rk_buf b = RK_BUF_INIT;
    rk_buf_printf(&b, "%zu occurrences\n", st.n_occs);
    for (size_t i = 0; i < st.n_occs; i++)
        rk_buf_printf(&b, "%u-%u %u %u\n", st.occs[i].first, st.occs[i].end, st.occs[i].lex,
                      (unsigned)st.occs[i].type);
    ck_assert(b.data);
    rk_claims_match_free(&st);
    rk_text_free(t);
    return b.data;
}

/* Checks, over one text, what the claims stage takes from the matcher's
 * order of occurrences: occ_types[k] holds the type of every occurrence
 * starting at token k and no other, and an occurrence reaching past token
 * k starts at cover_head(k) or at k itself. Returns how many tokens lie
 * inside an occurrence, so a caller can tell the check met some. */
static size_t check_occurrence_index(const rk_engine *eng, const char *text, size_t len,
                                     const char *lang)
{
    doc_state st;
    rk_text *t = match_text(eng, text, len, lang, &st);
    size_t inner = 0;
    for (uint32_t k = 0; k <= t->n_tokens; k++) {
        uint64_t types = 0;
        uint32_t reach = k; /* the first start of an occurrence reaching past k */
        for (size_t i = 0; i < st.n_occs; i++) {
            if (st.occs[i].first == k)
                types |= LEX_BIT(st.occs[i].type);
            if (st.occs[i].first < k && st.occs[i].end > k && st.occs[i].first < reach)
                reach = st.occs[i].first;
        }
        ck_assert_msg(st.occ_types[k] == types, "%s: token %u: types %llx, occurrences %llx",
                      lang, k, (unsigned long long)st.occ_types[k], (unsigned long long)types);
        if (reach < k) {
            inner++;
            ck_assert_msg(cover_head(&st, k) == reach, "%s: token %u: head %u, reached from %u",
                          lang, k, cover_head(&st, k), reach);
        }
    }
    rk_claims_match_free(&st);
    rk_text_free(t);
    return inner;
}

/* The claims stage asks "an occurrence of this type at k?" of a per-token
 * mask, and "inside a phrase?" of one token before k (cover_head); both
 * answer as a scan of every occurrence would, on the seeds (Arabic with
 * its clitics, English, Russian) and on phrases nested in phrases. */
START_TEST(the_occurrence_index_answers_as_a_scan_of_every_occurrence)
{
    rk_engine *eng = default_engine();
    size_t inner = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        rk_document *d = seed_doc(i);
        inner += check_occurrence_index(eng, d->body, strlen(d->body), d->language.value);
        rk_document_free(d);
    }
    static const char *const texts[][2] = {
        {"en", "According to information provided by the interior ministry of the country, "
               "at least 12 people were killed, the ministry's spokesman told reporters on "
               "Monday, citing the civil defence, and not 15 as reported earlier.\n"},
        {"ru", "\xd0\x9f\xd0\xbe \xd0\xb4\xd0\xb0\xd0\xbd\xd0\xbd\xd1\x8b\xd0\xbc "
               "\xd0\x9c\xd0\x92\xd0\x94, \xd0\xbf\xd0\xbe\xd0\xb3\xd0\xb8\xd0\xb1"
               "\xd0\xbb\xd0\xb8 12 \xd1\x87\xd0\xb5\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xb5"
               "\xd0\xba.\n"},
        {NULL, "Police said 12 people were killed, according to the health ministry.\n"}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        inner += check_occurrence_index(eng, texts[i][1], strlen(texts[i][1]), texts[i][0]);
    ck_assert_msg(inner > 40, "only %zu tokens inside an occurrence", inner);
    cache_free();
}
END_TEST

/* The matcher hashes a token only when its key is in the filter of the
 * edges it may take (root_keys for a phrase's first token, next_keys for
 * the others): so every edge of the trie must have its key there, or a
 * phrase would never be found. The filters must also turn most keys away,
 * or they are no filter. */
START_TEST(every_edge_of_the_trie_passes_the_key_filter)
{
    rk_engine *eng = default_engine();
    size_t first = 0, next = 0;
    for (size_t i = 1; i < eng->n_nodes; i++) {
        const trie_node *c = &eng->nodes[i];
        if (c->parent == 0) {
            first++;
            ck_assert_msg(key_set(eng->root_keys, root_key(node_key(eng, c), c->len)),
                          "first token \"%.*s\" not in root_keys", (int)c->len, node_key(eng, c));
        } else {
            next++;
            ck_assert_msg(key_set(eng->next_keys, next_key(c->parent, node_key(eng, c), c->len)),
                          "token \"%.*s\" after node %u not in next_keys", (int)c->len,
                          node_key(eng, c), c->parent);
        }
    }
    ck_assert_msg(first > 1000 && next > 100, "%zu first tokens, %zu edges below the root",
                  first, next);
    size_t root_set = 0, next_set = 0;
    for (uint32_t k = 0; k < ROOT_KEY_BITS; k++)
        root_set += (size_t)key_set(eng->root_keys, k);
    for (uint32_t k = 0; k < NEXT_KEY_BITS; k++)
        next_set += (size_t)key_set(eng->next_keys, k);
    ck_assert_msg(root_set <= first && root_set * 5 < ROOT_KEY_BITS,
                  "%zu of %u root keys set for %zu first tokens", root_set, ROOT_KEY_BITS, first);
    ck_assert_msg(next_set <= next && next_set * 10 < NEXT_KEY_BITS,
                  "%zu of %u next keys set for %zu edges", next_set, NEXT_KEY_BITS, next);
    /* spread: the keys of distinct edges mostly differ */
    ck_assert_msg(root_set * 10 > first * 8, "%zu root keys for %zu first tokens", root_set, first);
    ck_assert_msg(next_set * 10 > next * 8, "%zu next keys for %zu edges", next_set, next);
    cache_free();
}
END_TEST

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The trie's table is keyed by a token's mix (its length and at most 24 of
 * its bytes: the first, middle and last eight): every node is found under its own token from its parent, and
 * not under the same token with one byte changed, whether the mix reads
 * that byte or not; and the edges' hashes spread. */
START_TEST(every_node_is_found_under_its_token_and_under_no_other)
{
    rk_engine *eng = default_engine();
    size_t longer = 0, tags = 0;
    for (size_t i = 1; i < eng->n_nodes; i++) {
        const trie_node *c = &eng->nodes[i];
        ck_assert_msg(rk_claims_trie_child(eng, c->parent, node_key(eng, c), c->len) == i,
                      "node %zu (\"%.*s\" after node %u) not found under its token", i,
                      (int)c->len, node_key(eng, c), c->parent);
        if (c->len <= 16)
            continue;
        longer++;
        char buf[256];
        ck_assert_uint_lt(c->len, sizeof buf);
        size_t at[] = {8, c->len / 2, c->len - 9}; /* inside and between what the mix reads */
        for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
            memcpy(buf, node_key(eng, c), c->len);
            buf[at[k]] ^= 0x01;
            ck_assert_msg(rk_claims_trie_child(eng, c->parent, buf, c->len) != i,
                          "node %zu found under \"%.*s\" with byte %zu changed", i, (int)c->len,
                          node_key(eng, c), at[k]);
        }
    }
    ck_assert_msg(longer > 100, "only %zu tokens longer than 16 bytes", longer);
    /* spread: the edges' tags (the high half of their hash) differ, but
     * for tokens longer than 24 bytes that differ only where the mix does
     * not read (the ends alone gave 93 % distinct tags, 3 bytes far less) */
    uint32_t *tag = malloc(eng->n_edges * sizeof *tag);
    ck_assert_ptr_nonnull(tag);
    for (size_t i = 0; i < eng->cap_edges; i++)
        if (eng->edges[i].child)
            tag[tags++] = eng->edges[i].tag;
    ck_assert_uint_eq(tags, eng->n_edges);
    qsort(tag, tags, sizeof *tag, cmp_u32);
    size_t distinct = tags > 0;
    for (size_t i = 1; i < tags; i++)
        distinct += tag[i] != tag[i - 1];
    ck_assert_msg(distinct * 50 > tags * 49, "%zu distinct tags for %zu edges", distinct, tags);
    free(tag);
    cache_free();
}
END_TEST

/* The matches of text without the memo of word forms, which are also those
 * with it, the first time (the memo is filled) and the second (it is
 * read); the caller frees them. */
static char *memo_changes_nothing(const rk_engine *eng, const char *text, const char *lang)
{
    int was = rk_claims_set_form_memo(0);
    char *off = occ_digest(eng, text, lang);
    rk_claims_set_form_memo(1);
    char *filled = occ_digest(eng, text, lang), *read = occ_digest(eng, text, lang);
    rk_claims_set_form_memo(was);
    ck_assert_msg(strcmp(off, filled) == 0, "%s: filling the memo changed the matches:\n%s\nvs\n%s",
                  lang ? lang : "any language", off, filled);
    ck_assert_msg(strcmp(off, read) == 0, "%s: the memo changed the matches:\n%s\nvs\n%s",
                  lang ? lang : "any language", off, read);
    free(filled);
    free(read);
    return off;
}

static rk_engine *engine_of(const char *dir, const char *schema)
{
    rk_rules *r = NULL;
    rk_engine *eng = NULL;
    rk_error e;
    ck_assert_msg(rk_rules_load(dir, schema, &r, NULL, NULL, &e) == RK_OK, "%s", e.message);
    ck_assert_msg(rk_engine_new(r, &eng, &e) == RK_OK, "%s", e.message);
    rk_rules_free(r);
    return eng;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert(fp && fputs(text, fp) >= 0 && fclose(fp) == 0);
}

/* A toy language's rules: a clitic and the words the deaths are told by. */
static void write_lang(const char *dir, const char *lang, const char *clitic, const char *words)
{
    char name[32], text[1024];
    snprintf(name, sizeof name, "%s.xml", lang);
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"%s\">\n<claims>\n"
             "<clitic>%s</clitic>\n<predicate quantity=\"deaths\">%s</predicate>\n"
             "</claims></rules>\n",
             lang, clitic, words);
    char *p = path_join(dir, name);
    write_file(p, text);
    free(p);
}

/* The matcher keeps on each thread the forms of the words that may carry a
 * clitic, and the trie nodes they lead to. What it finds is the same with
 * the memo and without: over the shipped rules (Arabic with its clitics,
 * words too long for the memo, English, Russian), for a word met under
 * another language whose clitics strip it otherwise, and for one met under
 * an engine made before whose trie is not the same. */
START_TEST(the_form_memo_changes_no_match)
{
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    rk_engine *eng = default_engine();
    static const char ar[] =
        "\xd9\x88\xd9\x82\xd8\xa7\xd9\x84\xd8\xaa \xd9\x88\xd8\xb2\xd8\xa7\xd8\xb1\xd8\xa9 "
        "\xd8\xa7\xd9\x84\xd8\xb5\xd8\xad\xd8\xa9 \xd8\xa5\xd9\x86 12 \xd8\xb4\xd8\xae\xd8\xb5"
        "\xd8\xa7 \xd9\x82\xd8\xaa\xd9\x84\xd9\x88\xd8\xa7 \xd9\x88\xd8\xa3\xd8\xb5\xd9\x8a"
        "\xd8\xa8 40 \xd8\xa2\xd8\xae\xd8\xb1\xd9\x88\xd9\x86 \xd8\xa8\xd8\xac\xd8\xb1\xd9\x88"
        "\xd8\xad\xd8\x8c \xd9\x88\xd8\xa8\xd8\xad\xd8\xb3\xd8\xa8 \xd8\xa7\xd9\x84\xd8\xb4"
        "\xd8\xb1\xd8\xb7\xd8\xa9 \xd9\x81\xd8\xa5\xd9\x86 \xd8\xb9\xd8\xaf\xd8\xaf "
        "\xd8\xa7\xd9\x84\xd9\x82\xd8\xaa\xd9\x84\xd9\x89 \xd8\xa7\xd8\xb1\xd8\xaa\xd9\x81\xd8"
        "\xb9 \xd8\xa5\xd9\x84\xd9\x89 15 \xd9\x88\xd9\x84\xd9\x84\xd9\x85\xd8\xb3\xd8\xaa\xd8"
        "\xb4\xd9\x81\xd9\x8a\xd8\xa7\xd8\xaa \xd9\x88\xd8\xa8\xd8\xa7\xd9\x84\xd8\xa7\xd8"
        "\xb3\xd8\xaa\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1\xd8\xa7\xd8\xaa\xd9\x8a\xd9\x8a\xd9\x86. "
        "\xd9\x88\xd9\x82\xd8\xa7\xd9\x84\xd8\xaa \xd8\xa7\xd9\x84\xd8\xb4\xd8\xb1\xd8\xb7"
        "\xd8\xa9 \xd8\xa5\xd9\x86 \xd8\xb9\xd8\xaf\xd8\xaf \xd8\xa7\xd9\x84\xd9\x82\xd8\xaa"
        "\xd9\x84\xd9\x89 \xd9\x88\xd8\xa7\xd9\x84\xd8\xac\xd8\xb1\xd8\xad\xd9\x89 \xd8\xa8"
        "\xd9\x84\xd8\xba 30.\n";
    char *d = memo_changes_nothing(eng, ar, "ar");
    ck_assert_msg(strncmp(d, "0 ", 2) != 0, "no Arabic word matched:\n%s", d);
    free(d);
    free(memo_changes_nothing(eng, ar, NULL));
    free(memo_changes_nothing(eng, "Police said 12 people were killed and 40 wounded. "
                                   "Police said the death toll rose to 15.\n", "en"));
    free(memo_changes_nothing(eng, "\xd0\x9f\xd0\xbe\xd0\xb3\xd0\xb8\xd0\xb1\xd0\xbb\xd0\xb8 "
                                   "12 \xd1\x87\xd0\xb5\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xb5\xd0\xba.\n",
                              "ru"));
    cache_free();

    /* Two toy languages whose clitics take "wakilled" apart in two ways:
     * "wa" + "killed" in one, "wak" + "illed" in the other, where the word
     * is a third language's entry as it stands, so that two trie nodes
     * follow it; xa's phrase "were killed" is found only by stripping its
     * second word. */
    char dir[] = "/tmp/rk_claims_memo_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *common = path_join(dir, "common.xml");
    write_file(common, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules>\n<claims>\n"
                       "<quantity id=\"deaths\"/>\n</claims></rules>\n");
    write_lang(dir, "xa", "wa", "<w>killed</w><w>were killed</w>");
    write_lang(dir, "xb", "wak", "<w>illed</w>");
    write_lang(dir, "xc", "zz", "<w>wakilled</w>");
    eng = engine_of(dir, schema);
    const char *text = "then were wakilled 5 and wakilled 6.\n";
    /* xa meets the word as xb left it in the memo, whose forms lead to
     * none of xa's entries; xa's forms are the memo's last */
    char *xb = memo_changes_nothing(eng, text, "xb");
    char *xa = memo_changes_nothing(eng, text, "xa");
    char *any = memo_changes_nothing(eng, text, NULL);
    free(memo_changes_nothing(eng, text, "xa"));
    ck_assert_msg(strncmp(xa, "2 ", 2) == 0 && strncmp(xb, "2 ", 2) == 0, "%s\n%s", xa, xb);
    ck_assert_msg(strcmp(xa, xb) != 0, "the two languages found the same entry:\n%s", xa);
    rk_engine_free(eng);
    /* The next engine's trie has other nodes for "killed" and for
     * "wakilled", which the memo holds as xa's from the engine before. */
    write_lang(dir, "xa", "wa", "<w>slain</w><w>dead or</w><w>killed</w>");
    eng = engine_of(dir, schema);
    char *xa2 = memo_changes_nothing(eng, text, "xa");
    ck_assert_msg(strncmp(xa2, "2 ", 2) == 0 && strcmp(xa, xa2) != 0, "%s\n%s", xa, xa2);
    rk_engine_free(eng);
    free(xa);
    free(xb);
    free(any);
    free(xa2);
    rm_tree(dir);
    free(common);
    free(schema);
}
END_TEST

typedef struct thread_job {
    rk_engine *eng;
    rk_buf out;
} thread_job;

/* Extracts every seed and writes a digest of the claims into job->out. */
static void *extract_job(void *arg)
{
    thread_job *j = arg;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "%s.txt", seeds[i]);
        rk_document *d = doc_from_file(rel);
        rk_claimset set = {0};
        rk_error e;
        if (!d || rk_extract_into(j->eng, d, &set, &e) != RK_OK) {
            rk_buf_puts(&j->out, "error\n");
            rk_document_free(d);
            continue;
        }
        for (size_t k = 0; k < set.n; k++) {
            const rk_claim *c = &set.claims[k];
            rk_buf_printf(&j->out, "%s %s %s %s %s %s\n", c->id, c->quantity ? c->quantity : "-",
                          c->subject ? c->subject : "-", c->speaker ? c->speaker : "-",
                          c->via ? c->via : "-", c->as_of ? c->as_of : "-");
        }
        rk_claimset_clear(&set);
    }
    return NULL;
}

/* The originator of a claim with no speaker of its own, from one document
 * with outlet `source` in language `lang` read by eng (NULL: none). */
static const char *outlet_orig(rk_engine *eng, const char *text, const char *lang,
                               const char *source, char *out, size_t n)
{
    rk_document *d = doc_from(text, lang, "2022-01-06");
    ck_assert(d);
    free(d->source.value);
    d->source.value = strdup(source);
    d->source.origin = RK_ORIGIN_GIVEN;
    rk_claimset set = {0};
    rk_error e;
    ck_assert_msg(rk_extract_into(eng, d, &set, &e) == RK_OK, "%s", e.message);
    ck_assert_uint_ge(set.n, 1);
    const char *o = set.claims[0].originator;
    snprintf(out, n, "%s", o ? o : "");
    rk_claimset_clear(&set);
    return *out ? out : NULL;
}

/* Outlet names are read once per thread and kept (extract.c): what a name
 * gives must still depend on the name, the document's language and the
 * engine, however many outlets come and go between two of its documents. */
START_TEST(an_outlet_names_its_originator_whatever_was_read_before)
{
    rk_engine *eng = default_engine();
    char why[1024] = "", got[64];
    const char *en = "At least 18 people were killed on Tuesday.";
    const char *ru = "Во вторник погибли 18 человек.";
    /* more outlets than are kept, twice over: each is read again after it
     * gave way, and agrees with what it gave the first time; names of one
     * length tell apart outlets that give different originators */
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < 40; k++) {
            char src[64];
            snprintf(src, sizeof src, "Daily %02d (%s)", k, k % 2 ? "Reuters" : "Monitor");
            const char *o = outlet_orig(eng, en, "en", src, got, sizeof got);
            if (k % 2)
                ck_assert_msg(o && strcmp(o, "reuters") == 0, "%s: %s", src, o ? o : "none");
            else
                ck_assert_msg(!o, "%s: %s", src, o);
        }
    /* one name, two languages: the Russian spelling is Russian vocabulary */
    const char *rs = "Вести (Рейтер)";
    ck_assert_str_eq(outlet_orig(eng, ru, "ru", rs, got, sizeof got), "reuters");
    ck_assert_ptr_null(outlet_orig(eng, en, "en", rs, got, sizeof got));
    ck_assert_str_eq(outlet_orig(eng, ru, "ru", rs, got, sizeof got), "reuters");
    /* one name and language, two engines: the toy rule set knows no
     * originator at all */
    rk_engine *toy = engine_for("tests/claims/data/toyrules", why, sizeof why);
    ck_assert_msg(toy, "%s", why);
    const char *eo = "la klaŭnoj liberigis 300 balonojn mardon en la parko.";
    ck_assert_str_eq(outlet_orig(eng, eo, "eo", "Daily 1 (Reuters)", got, sizeof got),
                     "reuters");
    ck_assert_ptr_null(outlet_orig(toy, eo, "eo", "Daily 1 (Reuters)", got, sizeof got));
    cache_free();
}
END_TEST

START_TEST(one_engine_serves_many_threads_alike)
{
    rk_engine *eng = default_engine();
    thread_job solo = {eng, RK_BUF_INIT}, jobs[4];
    extract_job(&solo);
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){eng, RK_BUF_INIT};
        ck_assert_int_eq(pthread_create(&th[i], NULL, extract_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_str_eq(jobs[i].out.data, solo.out.data);
        rk_buf_free(&jobs[i].out);
    }
    rk_buf_free(&solo.out);
    cache_free();
}
END_TEST

static Suite *claims_suite(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("claims");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, spec_seeds_give_what_a_careful_reader_finds);
    tcase_add_test(tc, an_article_read_in_windows_gives_the_claims_it_gives_read_whole);
    tcase_add_test(tc, a_long_line_read_in_windows_keeps_every_claim_on_its_bytes);
    tcase_add_test(tc, a_claims_strings_live_in_one_block_and_may_be_replaced);
    tcase_add_test(tc, an_emptied_set_keeps_its_arrays);
    tcase_add_test(tc, a_documents_claims_share_string_blocks_freed_with_the_last);
    tcase_add_test(tc, spec_arabic_sentences_survive_morphology_and_word_order);
    tcase_add_test(tc, spec_broken_rule_files_get_exact_diagnostics);
    tcase_add_test(tc, spec_english_attribution_follows_wire_style);
    tcase_add_test(tc, spec_russian_is_added_by_rule_files_only);
    tcase_add_test(tc, spec_arabic_crisis_reporting_gives_what_a_fact_checker_reads);
    tcase_add_test(tc, spec_english_crisis_reporting_gives_what_a_fact_checker_reads);
    tcase_add_test(tc, spec_russian_crisis_reporting_gives_what_a_fact_checker_reads);
    tcase_add_test(tc, spec_a_rule_set_written_only_for_the_tests_extracts_its_made_up_quantity);
    tcase_add_test(tc, every_claim_points_at_exactly_its_bytes_with_a_stable_id);
    tcase_add_test(tc, no_negative_of_the_seeds_becomes_a_claim);
    tcase_add_test(tc, gold_agreement_of_the_seeds_is_measured);
    tcase_add_test(tc, invalid_utf8_is_refused_with_its_offset);
    tcase_add_test(tc, a_long_sentence_is_quoted_as_a_window_around_each_number);
    tcase_add_test(tc, a_quote_without_spaces_is_cut_at_a_character_boundary);
    tcase_add_test(tc, free_functions_accept_null);
    tcase_add_test(tc, ten_thousand_lexicon_entries_compile_fast);
    tcase_add_test(tc, the_nationals_prefilter_changes_no_entry);
    tcase_add_test(tc, plain_entries_place_as_their_text_would);
    tcase_add_test(tc, the_form_memo_changes_no_match);
    tcase_add_test(tc, the_occurrence_index_answers_as_a_scan_of_every_occurrence);
    tcase_add_test(tc, every_edge_of_the_trie_passes_the_key_filter);
    tcase_add_test(tc, every_node_is_found_under_its_token_and_under_no_other);
    tcase_add_test(tc, a_body_its_reader_checked_gives_the_claims_of_a_checked_one);
    tcase_add_test(tc, one_engine_serves_many_threads_alike);
    tcase_add_test(tc, an_outlet_names_its_originator_whatever_was_read_before);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(claims_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
