/* test_parts.c - a large JSON Lines file read in parts, or in batches as
 * it is read (rk_ingest_file_each), gives exactly what the whole-file
 * reader gives: the same documents with the same ids, line numbers and
 * metadata, the same diagnostics in the same order, and the same error when
 * the file is refused, for any number of parts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "ingest/ingest.h"
#include "ingest/internal.h"

/* What a reading gave, one line per document, diagnostic or error. */
static void note(rk_buf *log, const char *kind, const rk_error *e)
{
    char line[2400];
    snprintf(line, sizeof line, "%s %d %s:%ld:%ld @%ld %s\n", kind, (int)e->code, e->file,
             e->line, e->column, e->offset, e->message);
    ck_assert(rk_buf_puts(log, line) == 0);
}

static void keep(void *ctx, const rk_error *e)
{
    note(ctx, "diag", e);
}

static const char *val(const rk_field *f)
{
    return f->value ? f->value : "-";
}

static void note_docs(rk_buf *log, const rk_doclist *docs)
{
    for (size_t i = 0; i < docs->n; i++) {
        const rk_document *d = docs->docs[i];
        char line[512];
        snprintf(line, sizeof line, "doc %s #%zu %zu bytes %016llx [%s|%s|%s|%s]\n", d->id,
                 d->record, d->body_len, (unsigned long long)rk_hash64(d->body, d->body_len, 0),
                 val(&d->title), val(&d->published), val(&d->language), val(&d->source));
        ck_assert(rk_buf_puts(log, line) == 0);
    }
}

/* rk_ingest_file over the whole file. */
static char *whole(const char *path)
{
    rk_buf log = RK_BUF_INIT;
    rk_doclist docs = {0};
    rk_error e;
    rk_error_clear(&e);
    rk_buf diags = RK_BUF_INIT;
    rk_status st = rk_ingest_file(path, NULL, &docs, keep, &diags, &e);
    rk_buf_puts(&log, diags.data ? diags.data : "");
    if (st != RK_OK)
        note(&log, "error", &e);
    note_docs(&log, &docs);
    rk_doclist_free(&docs);
    rk_buf_free(&diags);
    return rk_buf_detach(&log, NULL);
}


/* The end of a part-by-part run's log: the parts' diagnostics in order,
 * the file's verdict, then the documents. */
static void finish_log(rk_buf *log, const char *path, const rk_buf *diags,
                       const rk_doclist *docs, size_t bad)
{
    rk_buf_puts(log, diags->data ? diags->data : "");
    rk_error e;
    rk_error_clear(&e);
    if (rk_ingest_parts_end(path, docs->n, bad, &e) != RK_OK)
        note(log, "error", &e);
    note_docs(log, docs);
}
/* The same file in n parts, put together as the pipeline does: the first
 * part's error refuses the file, else the diagnostics in part order, the
 * verdict, then the documents. */
static char *in_parts(const char *path, size_t size, size_t n)
{
    rk_buf log = RK_BUF_INIT, diags = RK_BUF_INIT;
    rk_doclist docs = {0};
    size_t bad = 0;
    rk_error first;
    rk_status failed = RK_OK;
    for (size_t k = 0; k < n; k++) {
        rk_error e;
        rk_error_clear(&e);
        rk_buf part_diags = RK_BUF_INIT;
        rk_status st = rk_ingest_file_part(path, NULL, size, k, n, &docs, &bad, keep,
                                           &part_diags, &e);
        ck_assert_int_ne(st, RK_ERR_NOMEM);
        if (st != RK_OK && failed == RK_OK) {
            failed = st;
            first = e;
        }
        rk_buf_puts(&diags, part_diags.data ? part_diags.data : "");
        rk_buf_free(&part_diags);
    }
    if (failed != RK_OK)
        note(&log, "error", &first);
    else
        finish_log(&log, path, &diags, &docs, bad);
    rk_doclist_free(&docs);
    rk_buf_free(&diags);
    return rk_buf_detach(&log, NULL);
}

/* Part k of a cut starts after the first line break at or after
 * size / n * k - 1 (at the end when there is none), on the line after the
 * breaks before it. */
static void check_cut(const char *path, size_t size, const rk_ingest_cut *cut)
{
    char *data = malloc(size);
    ck_assert_ptr_nonnull(data);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(data, 1, size, f), size);
    fclose(f);
    size_t n = cut->n_parts, step = size / n, breaks = 0, at = 0;
    ck_assert_uint_eq(cut->start[0], 0);
    ck_assert_int_eq(cut->line[0], 1);
    for (size_t k = 1; k < n; k++) {
        const char *q = memchr(data + step * k - 1, '\n', size - (step * k - 1));
        size_t start = q ? (size_t)(q - data) + 1 : size;
        for (; at < start; at++)
            breaks += data[at] == '\n';
        ck_assert_msg(cut->start[k] == start && cut->line[k] == (long)breaks + 1,
                      "part %zu of %zu: at %zu line %ld, not %zu line %zu", k, n, cut->start[k],
                      cut->line[k], start, breaks + 1);
    }
    free(data);
}

/* The same file cut in one pass (rk_ingest_cut_file) and read part by part
 * (rk_ingest_cut_part), put together as a streamed run does: the cut's
 * error refuses the file before any part, else each part's diagnostics in
 * part order, the verdict, then the documents. */
static char *in_cut(const char *path, size_t size, size_t n)
{
    rk_buf log = RK_BUF_INIT, diags = RK_BUF_INIT;
    rk_doclist docs = {0};
    size_t bad = 0;
    rk_ingest_cut cut;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_ingest_cut_file(path, size, n, &cut, &e);
    ck_assert_int_ne(st, RK_ERR_NOMEM);
    if (st != RK_OK) {
        note(&log, "error", &e);
        return rk_buf_detach(&log, NULL);
    }
    ck_assert_uint_eq(cut.n_parts, n);
    check_cut(path, size, &cut);
    for (size_t k = 0; k < n; k++) {
        ck_assert_uint_le(cut.start[k], cut.start[k + 1]);
        rk_error_clear(&e);
        st = rk_ingest_cut_part(path, NULL, &cut, k, &docs, &bad, keep, &diags, &e);
        ck_assert_int_eq(st, RK_OK);
    }
    ck_assert_uint_eq(cut.start[n], size);
    rk_ingest_cut_free(&cut);
    finish_log(&log, path, &diags, &docs, bad);
    rk_doclist_free(&docs);
    rk_buf_free(&diags);
    return rk_buf_detach(&log, NULL);
}

/* What rk_ingest_file_each hands on, batch by batch. */
typedef struct batches {
    rk_buf docs;
    size_t calls, empty, fail_at;
} batches;

static rk_status take_batch(void *ctx, rk_doclist *docs, rk_error *err)
{
    batches *b = ctx;
    b->calls++;
    b->empty += docs->n == 0;
    note_docs(&b->docs, docs);
    if (b->calls == b->fail_at)
        return rk_error_set(err, RK_ERR_IO, "out", 0, 0, "disk full");
    /* Take one document out, as a sink that keeps them would. */
    if (docs->n) {
        rk_document_free(docs->docs[0]);
        docs->docs[0] = NULL;
    }
    return RK_OK;
}

/* rk_ingest_file_each over the file, logged as whole() logs: diagnostics,
 * error, then the documents of every batch in order. */
static char *batched(const char *path, batches *b)
{
    rk_buf log = RK_BUF_INIT, diags = RK_BUF_INIT;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_ingest_file_each(path, NULL, take_batch, b, keep, &diags, &e);
    rk_buf_puts(&log, diags.data ? diags.data : "");
    if (st != RK_OK)
        note(&log, "error", &e);
    rk_buf_puts(&log, b->docs.data ? b->docs.data : "");
    rk_buf_free(&diags);
    rk_buf_free(&b->docs);
    return rk_buf_detach(&log, NULL);
}

/* Reads path in batches; they must give what the whole file gives. Returns
 * the number of batches. */
static size_t same_in_batches(const char *path, const char *what)
{
    char *w = whole(path);
    batches b = {RK_BUF_INIT, 0, 0, 0};
    char *x = batched(path, &b);
    ck_assert_msg(strcmp(w, x) == 0, "%s: batches differ from the whole file", what);
    ck_assert_uint_eq(b.empty, 0);
    free(w);
    free(x);
    return b.calls;
}

static char tmpdir[] = "/tmp/rk-parts-XXXXXX";

static size_t size_of(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f);
    fclose(f);
    return n;
}

/* A JSON Lines file of a little over RK_INGEST_PART_MIN bytes: a BOM,
 * records of varied length in Arabic and English, blank lines, a malformed
 * record, one with invalid UTF-8, a record with a BOM-like start in the
 * middle, and one record of 1.5 MB that several cuts fall into. `extra` is
 * written at about three quarters of the file. Returns its size. */
static size_t make_file(const char *path, const char *extra, size_t extra_len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("\xEF\xBB\xBF", f);
    size_t size = 3;
    unsigned seed = 7;
    int put_extra = 0;
    for (long line = 1; size < RK_INGEST_PART_MIN + RK_INGEST_PART_MIN / 8; line++) {
        char rec[4096];
        seed = seed * 1103515245u + 12345u;
        int n;
        if (line % 97 == 0) {
            n = snprintf(rec, sizeof rec, "\n");
        } else if (line == 300) {
            n = snprintf(rec, sizeof rec, "{\"text\": \"broken record\n");
        } else if (line == 301) {
            n = snprintf(rec, sizeof rec, "{\"text\": \"bad \xff byte\"}\n");
        } else if (line == 302) {
            n = snprintf(rec, sizeof rec, "\xEF\xBB\xBF{\"text\": \"BOM in the middle\"}\n");
        } else if (line == 400) {
            fputs("{\"title\": \"long\", \"text\": \"", f);
            for (int k = 0; k < 1500 * 1024 / 64; k++)
                fputs("Police said 12 people were killed and 30 injured in the city. ", f);
            fputs("\"}\n", f);
            size += 1500 * 1024 / 64 * 63 + 32;
            continue;
        } else if (!put_extra && size > RK_INGEST_PART_MIN * 3 / 4 && extra) {
            fwrite(extra, 1, extra_len, f);
            size += extra_len;
            put_extra = 1;
            continue;
        } else if (seed % 3 == 0) {
            n = snprintf(rec, sizeof rec,
                         "{\"id\": \"r%ld\", \"date\": \"2022-01-0%u\", \"text\": \"قتل %u "
                         "من عناصر الأمن في ألماتي، بحسب وزارة الداخلية.\"}\n",
                         line, 1 + seed % 9, seed % 500);
        } else {
            n = snprintf(rec, sizeof rec,
                         "{\"title\": \"Toll %ld\", \"source\": \"Reuters\", \"text\": \"At least "
                         "%u people were killed and about %u were detained, the ministry said "
                         "on Thursday. %.*s\"}\n",
                         line, seed % 300, seed % 9000, (int)(seed % 2000),
                         "More details followed later in the day as reports came in. "
                         "More details followed later in the day as reports came in. "
                         "More details followed later in the day as reports came in. ");
        }
        fwrite(rec, 1, (size_t)n, f);
        size += (size_t)n;
    }
    fclose(f);
    return size_of(path);
}

static void same_for_parts(const char *path, size_t size, const char *what)
{
    char *w = whole(path);
    static const size_t counts[] = {2, 3, 7, 16, 61};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        char *p = in_parts(path, size, counts[i]);
        ck_assert_msg(strcmp(w, p) == 0, "%s: %zu parts differ from the whole file", what,
                      counts[i]);
        free(p);
        p = in_cut(path, size, counts[i]);
        ck_assert_msg(strcmp(w, p) == 0, "%s: a cut in %zu parts differs from the whole file",
                      what, counts[i]);
        free(p);
    }
    free(w);
}

START_TEST(parts_give_the_documents_and_diagnostics_of_the_whole_file)
{
    char path[64];
    snprintf(path, sizeof path, "%s/big.jsonl", tmpdir);
    size_t size = make_file(path, NULL, 0);
    size_t fsize = 0;
    ck_assert_uint_ge(rk_ingest_parts(path, NULL, 8, &fsize), 2);
    ck_assert_uint_eq(fsize, size);
    char *w = whole(path);
    ck_assert_ptr_nonnull(strstr(w, "doc big#400 "));          /* the long record */
    ck_assert_ptr_nonnull(strstr(w, ":300:"));                 /* the malformed one */
    ck_assert_ptr_nonnull(strstr(w, "invalid UTF-8"));         /* line 301 */
    free(w);
    same_for_parts(path, size, "good file");
    unlink(path);
}
END_TEST

START_TEST(batches_give_the_documents_and_diagnostics_of_the_whole_file)
{
    char path[64];
    snprintf(path, sizeof path, "%s/batch.jsonl", tmpdir);
    make_file(path, NULL, 0);
    /* About 9 MB in batches of about 64 KB, one of them the long record. */
    ck_assert_uint_gt(same_in_batches(path, "good file"), 100);
    /* A reader that fails stops the reading there, with its error. */
    batches b = {RK_BUF_INIT, 0, 0, 3};
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_ingest_file_each(path, NULL, take_batch, &b, NULL, NULL, &e), RK_ERR_IO);
    ck_assert_str_eq(e.message, "disk full");
    ck_assert_uint_eq(b.calls, 3);
    rk_buf_free(&b.docs);
    unlink(path);
    /* A last record without a line break, a blank last line, a BOM. */
    FILE *f = fopen(path, "wb");
    fputs("\xEF\xBB\xBF{\"text\": \"one\"}\n\n{\"text\": \"two\"}\n  \n{\"text\": \"three\"}", f);
    fclose(f);
    ck_assert_uint_eq(same_in_batches(path, "small file"), 1);
    unlink(path);
}
END_TEST

START_TEST(a_nul_byte_in_a_late_part_refuses_the_whole_file_as_before)
{
    char path[64];
    snprintf(path, sizeof path, "%s/nul.jsonl", tmpdir);
    static const char rec[] = "{\"text\": \"a NUL \0 here\"}\n";
    size_t size = make_file(path, rec, sizeof rec - 1);
    char *w = whole(path);
    ck_assert_ptr_nonnull(strstr(w, "binary file (NUL byte at offset"));
    ck_assert_ptr_null(strstr(w, "doc "));
    free(w);
    same_for_parts(path, size, "file with a NUL");
    ck_assert_uint_eq(same_in_batches(path, "file with a NUL"), 0); /* none goes out */
    unlink(path);
}
END_TEST

START_TEST(a_file_of_bad_records_gets_the_same_verdict)
{
    char path[64];
    snprintf(path, sizeof path, "%s/bad.jsonl", tmpdir);
    FILE *f = fopen(path, "wb");
    size_t size = 0;
    /* Looks like JSON Lines at the start, then nothing parses. */
    fputs("{\"nothing\": \"here\"}\n", f);
    while (size < RK_INGEST_PART_MIN + 4096) {
        fputs("{\"text\": not json at all, just words and more words and more words}\n", f);
        size += 72;
    }
    fclose(f);
    size = size_of(path);
    char *w = whole(path);
    ck_assert_ptr_nonnull(strstr(w, "no article could be read"));
    free(w);
    same_for_parts(path, size, "file of bad records");
    ck_assert_uint_eq(same_in_batches(path, "file of bad records"), 0);
    unlink(path);
}
END_TEST

START_TEST(small_files_and_other_formats_are_one_part)
{
    char path[64];
    size_t fsize = 1;
    snprintf(path, sizeof path, "%s/small.jsonl", tmpdir);
    FILE *f = fopen(path, "wb");
    fputs("{\"text\": \"one\"}\n{\"text\": \"two\"}\n", f);
    fclose(f);
    ck_assert_uint_eq(rk_ingest_parts(path, NULL, 8, &fsize), 1);
    ck_assert_uint_eq(rk_ingest_parts("-", NULL, 8, &fsize), 1);
    ck_assert_uint_eq(rk_ingest_parts(tmpdir, NULL, 8, &fsize), 1);
    ck_assert_uint_eq(same_in_batches(tmpdir, "a folder"), 0);
    /* A large plain-text file is one document: never cut. */
    snprintf(path, sizeof path, "%s/big.txt", tmpdir);
    f = fopen(path, "wb");
    for (size_t k = 0; k < RK_INGEST_PART_MIN / 64 + 10; k++)
        fputs("Police said 12 people were killed in the city on Thursday night.\n", f);
    fclose(f);
    ck_assert_uint_eq(rk_ingest_parts(path, NULL, 8, &fsize), 1);
    ck_assert_uint_eq(same_in_batches(path, "plain text"), 1); /* nor batched */
    /* Nor one over the size limit: the whole-file reader refuses it. */
    rk_ingest_options small = {0};
    small.max_bytes = 1024;
    snprintf(path, sizeof path, "%s/limit.jsonl", tmpdir);
    make_file(path, NULL, 0);
    ck_assert_uint_eq(rk_ingest_parts(path, &small, 8, &fsize), 1);
    ck_assert_uint_eq(rk_ingest_parts(path, NULL, 1, &fsize), 1);
    unlink(path);
    snprintf(path, sizeof path, "%s/big.txt", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/small.jsonl", tmpdir);
    unlink(path);
}
END_TEST

START_TEST(a_file_that_changed_size_is_an_error)
{
    char path[64];
    snprintf(path, sizeof path, "%s/grow.jsonl", tmpdir);
    size_t size = make_file(path, NULL, 0);
    rk_doclist docs = {0};
    size_t bad = 0;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_ingest_file_part(path, NULL, size + 1, 0, 2, &docs, &bad, NULL, NULL, &e),
                     RK_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "changed"));
    ck_assert_uint_eq(docs.n, 0);
    unlink(path);
}
END_TEST

/* The cut's vector count of line breaks and NULs against its plain loop:
 * lengths around the vector widths and the counters' limits, every
 * alignment, bytes that are breaks, NULs, high bytes or neither. */
START_TEST(the_vector_break_count_is_the_plain_one)
{
    enum { MAX = 40000 };
    char *buf = malloc(MAX + 64);
    ck_assert_ptr_nonnull(buf);
    unsigned seed = 11;
    static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129,
                                  255 * 16 - 1, 255 * 16, 255 * 16 + 17, 127 * 64 - 1,
                                  127 * 64, 127 * 64 + 65, 255 * 64 + 3, MAX};
    for (int round = 0; round < 400; round++) {
        size_t len = lens[round % (sizeof lens / sizeof lens[0])];
        size_t align = (size_t)round % 64;
        /* Dense breaks (all of them, some rounds), sparse NULs (none, most
         * rounds), one NUL in a chosen place in others. */
        unsigned mode = (unsigned)round / 22 % 4;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            char ch = (char)(r & 0xFF);
            if (mode == 0)
                ch = '\n';
            else if (ch == '\0' && mode != 3)
                ch = 'x';
            else if (r % 5 == 0)
                ch = '\n';
            buf[align + i] = ch;
        }
        if (mode == 2 && len)
            buf[align + (seed >> 8) % len] = '\0';
        if (mode == 1 && len)
            buf[align + len - 1] = '\0';
        int nul_plain = -1;
        ck_assert_int_eq(ing_set_break_simd(0), 2);
        size_t plain = ing_count_breaks(buf + align, len, &nul_plain);
        for (int level = 1; level <= 2; level++) {
            int nul_fast = -1;
            ing_set_break_simd(level);
            size_t fast = ing_count_breaks(buf + align, len, &nul_fast);
            ck_assert_msg(fast == plain && nul_fast == nul_plain,
                          "round %d, level %d, %zu bytes at %zu: %zu breaks nul %d, plainly %zu "
                          "nul %d", round, level, len, align, fast, nul_fast, plain, nul_plain);
        }
        size_t want = 0;
        int want_nul = 0;
        for (size_t i = 0; i < len; i++) {
            want += buf[align + i] == '\n';
            want_nul |= buf[align + i] == '\0';
        }
        ck_assert_uint_eq(plain, want);
        ck_assert_int_eq(nul_plain, want_nul);
    }
    free(buf);
}
END_TEST

/* A single NUL byte anywhere refuses the file in the cut with the offset
 * the whole-file reader gives: at the first and last byte, at and around
 * the places the cut searches a part's start from, inside that search and
 * across the cut's blocks. */
START_TEST(a_nul_byte_anywhere_is_found_by_the_cut)
{
    char path[64];
    snprintf(path, sizeof path, "%s/nulat.jsonl", tmpdir);
    size_t size = make_file(path, NULL, 0);
    size_t places[64], n_places = 0;
    places[n_places++] = 0;
    places[n_places++] = size - 1;
    places[n_places++] = size - 2;
    places[n_places++] = (size_t)1 << 18;
    places[n_places++] = ((size_t)1 << 18) - 1;
    places[n_places++] = ((size_t)1 << 20) + 1;
    static const size_t parts[] = {2, 7, 61};
    for (size_t j = 0; j < 3; j++) {
        size_t step = size / parts[j];
        for (size_t d = 0; d < 5; d++)
            places[n_places++] = step * (1 + j) - 2 + d * 7;
    }
    for (size_t j = 0; j < n_places; j++) {
        FILE *f = fopen(path, "r+b");
        ck_assert_ptr_nonnull(f);
        fseek(f, (long)places[j], SEEK_SET);
        int was = fgetc(f);
        fseek(f, (long)places[j], SEEK_SET);
        fputc('\0', f);
        fclose(f);
        char *w = whole(path);
        char want[64];
        snprintf(want, sizeof want, "NUL byte at offset %zu", places[j]);
        ck_assert_msg(strstr(w, want), "%s", w);
        for (size_t k = 0; k < 3; k++) {
            char *c = in_cut(path, size, parts[k]);
            ck_assert_msg(strcmp(w, c) == 0, "NUL at %zu, %zu parts: %s", places[j], parts[k], c);
            free(c);
        }
        free(w);
        f = fopen(path, "r+b");
        fseek(f, (long)places[j], SEEK_SET);
        fputc(was, f);
        fclose(f);
    }
    unlink(path);
}
END_TEST

/* Line breaks exactly where the cut searches a part's start from, and one
 * byte before: the part starts after the break found there, as the part
 * reader (rk_ingest_file_part) and the whole file have it. */
START_TEST(a_break_where_a_part_is_searched_from_starts_it)
{
    char path[64];
    snprintf(path, sizeof path, "%s/edge.jsonl", tmpdir);
    size_t size = make_file(path, NULL, 0);
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    static const size_t at[] = {7, 16};
    for (size_t j = 0; j < 2; j++) {
        for (size_t k = 1; k < at[j]; k++) {
            fseek(f, (long)(size / at[j] * k - 1), SEEK_SET);
            fputc('\n', f);
        }
    }
    for (size_t k = 1; k < 3; k++) {
        fseek(f, (long)(size / 3 * k - 2), SEEK_SET);
        fputc('\n', f);
    }
    fclose(f);
    char *w = whole(path);
    static const size_t counts[] = {3, 7, 16};
    for (size_t j = 0; j < 3; j++) {
        char *p = in_parts(path, size, counts[j]);
        ck_assert_msg(strcmp(w, p) == 0, "%zu parts differ from the whole file", counts[j]);
        free(p);
        p = in_cut(path, size, counts[j]);
        ck_assert_msg(strcmp(w, p) == 0, "a cut in %zu parts differs", counts[j]);
        free(p);
    }
    free(w);
    unlink(path);
}
END_TEST

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    Suite *s = suite_create("ingest parts");
    TCase *tc = tcase_create("parts");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, parts_give_the_documents_and_diagnostics_of_the_whole_file);
    tcase_add_test(tc, batches_give_the_documents_and_diagnostics_of_the_whole_file);
    tcase_add_test(tc, a_nul_byte_in_a_late_part_refuses_the_whole_file_as_before);
    tcase_add_test(tc, a_file_of_bad_records_gets_the_same_verdict);
    tcase_add_test(tc, small_files_and_other_formats_are_one_part);
    tcase_add_test(tc, a_file_that_changed_size_is_an_error);
    tcase_add_test(tc, the_vector_break_count_is_the_plain_one);
    tcase_add_test(tc, a_nul_byte_anywhere_is_found_by_the_cut);
    tcase_add_test(tc, a_break_where_a_part_is_searched_from_starts_it);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    rmdir(tmpdir);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
