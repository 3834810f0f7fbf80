/* test_ingest.c - the ingest stage: every input format, format detection,
 * metadata precedence and inference, and each kind of bad input. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "ingest/internal.h"
#include "core/buf.h"

/* ---- helpers ---------------------------------------------------------- */

static char g_path[4096];

/* $RK_FIXTURES/name (or the source tree's fixtures/ when unset). */
static const char *fixture(const char *name)
{
    const char *dir = getenv("RK_FIXTURES");
    snprintf(g_path, sizeof g_path, "%s/%s", dir ? dir : "fixtures", name);
    return g_path;
}

static const char *data_file(const char *name)
{
    const char *root = getenv("RK_SOURCE_ROOT");
    snprintf(g_path, sizeof g_path, "%s/tests/ingest/data/%s", root ? root : ".", name);
    return g_path;
}

/* Diagnostics collected while reading. */
typedef struct diags {
    int n;
    rk_error last;
    rk_error all[16];
} diags;

static void collect(void *ctx, const rk_error *e)
{
    diags *d = ctx;
    if (d->n < 16)
        d->all[d->n] = *e;
    d->last = *e;
    d->n++;
}

static rk_status read_file(const char *path, const rk_ingest_options *o, rk_doclist *l,
                           diags *dg, rk_error *e)
{
    rk_error_clear(e);
    return rk_ingest_file(path, o, l, collect, dg, e);
}

/* A fresh directory under /tmp for generated inputs. */
static char g_tmp[256];
static const char *tmp_dir(void)
{
    snprintf(g_tmp, sizeof g_tmp, "/tmp/rk_ingest_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(g_tmp));
    return g_tmp;
}

static char *write_tmp(const char *dir, const char *name, const void *data, size_t n)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
    return p;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int contains(const rk_document *d, const char *s)
{
    return strstr(d->body, s) != NULL;
}

#define ck_field(f, v, o)                                                      \
    do {                                                                       \
        ck_assert_ptr_nonnull((f).value);                                      \
        ck_assert_str_eq((f).value, (v));                                      \
        ck_assert_int_eq((f).origin, (o));                                     \
    } while (0)

/* ---- plain text and the seeds ------------------------------------------ */

static const char *const k_seeds[] = {"000_a36954025af67d07", "001_0d2c753a87fa6b4a",
                                      "002_9c92fbb985dee3df", "003_5a42c12e227cab77",
                                      "004_91dd7b59b1f721e3"};

START_TEST(plain_text_body_is_exactly_the_file_bytes)
{
    char name[128];
    snprintf(name, sizeof name, "%s.txt", k_seeds[_i]);
    char *raw = NULL;
    size_t len = 0;
    rk_error e;
    ck_assert_int_eq(rk_file_read(fixture(name), 0, &raw, &len, &e), RK_OK);
    rk_doclist l = {0};
    diags dg = {0};
    ck_assert_int_eq(read_file(fixture(name), NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 1);
    rk_document *d = l.docs[0];
    ck_assert_int_eq(d->format, RK_FORMAT_TEXT);
    ck_assert_str_eq(d->id, k_seeds[_i]);
    ck_assert_int_eq(d->body_file_offset, 0);
    ck_assert_uint_eq(d->body_len, len);
    ck_assert(memcmp(d->body, raw, len) == 0);
    ck_assert_int_eq(d->body[len], '\0');
    ck_assert_int_eq(dg.n, 0); /* the seed sidecars are well formed */
    free(raw);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(seed_sidecar_values_are_marked_inferred)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(fixture("000_a36954025af67d07.txt"), NULL, &l, &dg, &e), RK_OK);
    ck_field(l.docs[0]->source, "الوقت", RK_ORIGIN_INFERRED);
    ck_field(l.docs[0]->language, "ar", RK_ORIGIN_INFERRED);
    ck_assert_int_eq(dg.n, 0);
    rk_doclist_free(&l);
}
END_TEST

static rk_document *seed_without_sidecar(const char *name, rk_doclist *l)
{
    rk_ingest_options o = {.no_sidecar = 1};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(fixture(name), &o, l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l->n, 1);
    return l->docs[0];
}

START_TEST(outlet_is_inferred_from_the_dateline_at_the_start)
{
    rk_doclist l = {0};
    rk_document *d = seed_without_sidecar("000_a36954025af67d07.txt", &l);
    ck_field(d->source, "الوقت", RK_ORIGIN_INFERRED);
    /* "يوم الأربعاء ، 5 يناير" is when events happened, not "today". */
    ck_assert_int_eq(d->published.origin, RK_ORIGIN_NONE);
    ck_field(d->language, "ar", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(outlet_is_inferred_from_a_dateline_line_of_its_own)
{
    rk_doclist l = {0};
    rk_document *d = seed_without_sidecar("001_0d2c753a87fa6b4a.txt", &l);
    ck_field(d->source, "موقع العهد الإخباري", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(publication_date_is_inferred_from_today_and_weekday)
{
    rk_doclist l = {0};
    rk_document *d = seed_without_sidecar("002_9c92fbb985dee3df.txt", &l);
    /* "اليوم الخميس، 6 من كانون الثاني": no year in the text; Thursday
     * 6 January gives 2022. */
    ck_field(d->published, "2022-01-06", RK_ORIGIN_INFERRED);
    ck_assert_int_eq(d->source.origin, RK_ORIGIN_NONE);
    rk_doclist_free(&l);
}
END_TEST

/* Reads text from memory under a made-up name and returns its document. */
static rk_document *from_text(const char *name, const char *text, int year, rk_doclist *l)
{
    rk_ingest_options o = {.no_sidecar = 1, .reference_year = year};
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_ingest_buffer(name, text, strlen(text), &o, l, NULL, NULL, &e), RK_OK);
    return l->docs[l->n - 1];
}

START_TEST(wire_dateline_gives_place_agency_and_date)
{
    rk_doclist l = {0};
    rk_document *d = from_text("wire.txt",
        "ALMATY, Kazakhstan, Jan. 6, 2022 (Reuters) - Eighteen members of the security "
        "forces have been killed, the Interior Ministry said on Thursday.", 0, &l);
    ck_field(d->source, "Reuters", RK_ORIGIN_INFERRED);
    ck_field(d->dateline, "ALMATY, Kazakhstan", RK_ORIGIN_INFERRED);
    ck_field(d->published, "2022-01-06", RK_ORIGIN_INFERRED);
    ck_field(d->language, "en", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

/* An agency's dateline with a day and month and no year: place, agency,
 * and the day as ISO 8601's "--MM-DD" (reconcile gives it the corpus's
 * year); a year in the text still completes it. */
START_TEST(agency_dateline_without_a_year_gives_the_day)
{
    rk_doclist l = {0};
    rk_document *d = from_text("tass.txt",
        "Число погибших выросло\nМАРВАНИЯ, 11 августа. /ТАСС/. По меньшей мере 171 человек "
        "погиб при взрыве в порту.", 0, &l);
    ck_field(d->source, "ТАСС", RK_ORIGIN_INFERRED);
    ck_field(d->dateline, "МАРВАНИЯ", RK_ORIGIN_INFERRED);
    ck_field(d->published, "--08-11", RK_ORIGIN_INFERRED);
    d = from_text("tass2.txt",
        "MARVANIA, August 11. /TASS/. At least 171 people died in the blast of 2020.", 0, &l);
    ck_field(d->source, "TASS", RK_ORIGIN_INFERRED);
    ck_field(d->published, "2020-08-11", RK_ORIGIN_INFERRED);
    /* a sentence that starts in capitals is no dateline */
    d = from_text("caps.txt", "UN agencies said 40 people died. /x/ was the link.", 0, &l);
    ck_assert_int_eq(d->published.origin, RK_ORIGIN_NONE);
    rk_doclist_free(&l);
}
END_TEST

/* Past the dateline only a date after "today" is the day of writing,
 * however far into the article it comes; inference stops reading at the
 * dateline's end only when no such word is in the text at all. */
START_TEST(a_today_date_far_past_the_dateline_is_found)
{
    rk_doclist l = {0};
    char text[8192];
    int n = snprintf(text, sizeof text, "ALMATY (Reuters) - Eighteen people were killed. ");
    while (n < 6000)
        n += snprintf(text + n, sizeof text - (size_t)n, "Shops stayed closed on 2 January. ");
    snprintf(text + n, sizeof text - (size_t)n,
             "Officials said today, Thursday 6 January 2022, that 40 were hurt.");
    rk_document *d = from_text("late.txt", text, 0, &l);
    ck_field(d->source, "Reuters", RK_ORIGIN_INFERRED);
    ck_field(d->published, "2022-01-06", RK_ORIGIN_INFERRED);
    /* the same without "today": the dates in the text are not the day of writing */
    char *today = strstr(text, "today, ");
    memcpy(today, "then,  ", 7);
    d = from_text("late2.txt", text, 0, &l);
    ck_assert_int_eq(d->published.origin, RK_ORIGIN_NONE);
    /* no dateline: a today date in the middle of the text is still found */
    d = from_text("late3.txt",
                  "Shops stayed closed on 2 January. The ministry said on Sunday that "
                  "the toll rose. Сегодня, 6 января 2022 года, 40 человек ранены.", 0, &l);
    ck_field(d->published, "2022-01-06", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

/* Every month name inference knows gives the date, the three-byte ones and
 * the longer ones alike: the filter in front of the name table (a hash of
 * the first three or four bytes) must let each one through. */
START_TEST(every_month_name_is_read_past_the_filter)
{
    static const struct {
        const char *today, *name;
        int month;
    } months[] = {
        {"اليوم", "كانون الثاني", 1}, {"اليوم", "كانون الأول", 12}, {"اليوم", "كانون الاول", 12},
        {"اليوم", "شباط", 2}, {"اليوم", "آذار", 3}, {"اليوم", "اذار", 3}, {"اليوم", "نيسان", 4},
        {"اليوم", "أيار", 5}, {"اليوم", "ايار", 5}, {"اليوم", "حزيران", 6}, {"اليوم", "تموز", 7},
        {"اليوم", "آب", 8}, {"اليوم", "أيلول", 9}, {"اليوم", "ايلول", 9},
        {"اليوم", "تشرين الأول", 10}, {"اليوم", "تشرين الاول", 10}, {"اليوم", "تشرين الثاني", 11},
        {"اليوم", "يناير", 1}, {"اليوم", "فبراير", 2}, {"اليوم", "مارس", 3}, {"اليوم", "أبريل", 4},
        {"اليوم", "ابريل", 4}, {"اليوم", "إبريل", 4}, {"اليوم", "مايو", 5}, {"اليوم", "يونيو", 6},
        {"اليوم", "يونيه", 6}, {"اليوم", "يوليو", 7}, {"اليوم", "يوليه", 7}, {"اليوم", "أغسطس", 8},
        {"اليوم", "اغسطس", 8}, {"اليوم", "سبتمبر", 9}, {"اليوم", "أكتوبر", 10},
        {"اليوم", "اكتوبر", 10}, {"اليوم", "نوفمبر", 11}, {"اليوم", "ديسمبر", 12},
        {"today", "January", 1}, {"today", "February", 2}, {"today", "March", 3},
        {"today", "April", 4}, {"today", "May", 5}, {"today", "June", 6}, {"today", "July", 7},
        {"today", "August", 8}, {"today", "September", 9}, {"today", "October", 10},
        {"today", "November", 11}, {"today", "December", 12}, {"today", "Jan", 1},
        {"today", "Feb", 2}, {"today", "Mar", 3}, {"today", "Apr", 4}, {"today", "Jun", 6},
        {"today", "Jul", 7}, {"today", "Aug", 8}, {"today", "Sept", 9}, {"today", "Sep", 9},
        {"today", "Oct", 10}, {"today", "Nov", 11}, {"today", "Dec", 12},
        {"сегодня", "января", 1}, {"сегодня", "февраля", 2}, {"сегодня", "марта", 3},
        {"сегодня", "апреля", 4}, {"сегодня", "мая", 5}, {"сегодня", "июня", 6},
        {"сегодня", "июля", 7}, {"сегодня", "августа", 8}, {"сегодня", "сентября", 9},
        {"сегодня", "октября", 10}, {"сегодня", "ноября", 11}, {"сегодня", "декабря", 12},
    };
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++) {
        char text[256], want[16];
        snprintf(text, sizeof text, "x %s 6 %s 2022 y", months[k].today, months[k].name);
        snprintf(want, sizeof want, "2022-%02d-06", months[k].month);
        rk_doclist l = {0};
        rk_document *d = from_text("m.txt", text, 0, &l);
        ck_assert_msg(d->published.value && strcmp(d->published.value, want) == 0,
                      "'%s' gives %s, not %s", text, d->published.value ? d->published.value : "none",
                      want);
        rk_doclist_free(&l);
    }
}
END_TEST

START_TEST(year_without_text_follows_the_weekday_and_reference_year)
{
    const char *text = "قالت الوزارة اليوم الخميس، 6 من كانون الثاني، إن 18 قتلوا.";
    rk_doclist l = {0};
    ck_field(from_text("a.txt", text, 2026, &l)->published, "2022-01-06", RK_ORIGIN_INFERRED);
    /* The latest Thursday 6 January not after 2015 was in 2011. */
    ck_field(from_text("a.txt", text, 2015, &l)->published, "2011-01-06", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(year_named_in_the_text_wins_when_it_fits_the_weekday)
{
    rk_doclist l = {0};
    /* 2011 is named and 6 January 2011 was a Thursday. */
    rk_document *d = from_text("a.txt", "بدأت الأزمة في 2011.\nواليوم الخميس 6 يناير "
                               "اجتمع المجلس.", 2026, &l);
    ck_field(d->published, "2011-01-06", RK_ORIGIN_INFERRED);
    d = from_text("b.txt", "Today, January 9, 2022, the ministry said 164 died.", 0, &l);
    ck_field(d->published, "2022-01-09", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(language_is_inferred_from_the_majority_script)
{
    rk_doclist l = {0};
    ck_field(from_text("a.txt", "Протестующие захватили аэропорт Алматы в среду.", 0, &l)
                 ->language, "ru", RK_ORIGIN_INFERRED);
    ck_field(from_text("b.txt", "Protesters seized the airport in Almaty.", 0, &l)->language,
             "en", RK_ORIGIN_INFERRED);
    ck_field(from_text("c.txt", "سيطر المحتجون على مطار ألماتي (Almaty).", 0, &l)->language,
             "ar", RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(latin_script_is_named_by_its_function_words_not_taken_for_english)
{
    rk_doclist l = {0};
    ck_field(from_text("fr.txt", "Le bilan des inondations est passé à 40 morts dans la "
                       "région, selon les autorités qui ont ouvert une enquête.", 0, &l)
                 ->language, "fr", RK_ORIGIN_INFERRED);
    ck_field(from_text("es.txt", "El balance de las inundaciones supera los 40 muertos en "
                       "la región, según las autoridades, que han abierto una investigación.",
                       0, &l)->language, "es", RK_ORIGIN_INFERRED);
    ck_field(from_text("de.txt", "Die Zahl der Toten ist auf 40 gestiegen, wie die Behörden "
                       "mitteilten, und die Suche wurde fortgesetzt.", 0, &l)->language, "de",
             RK_ORIGIN_INFERRED);
    ck_field(from_text("en.txt", "The toll from the floods has risen to 40, the authorities "
                       "said, and the search was going on.", 0, &l)->language, "en",
             RK_ORIGIN_INFERRED);
    /* No function word at all: the language is undetermined, and says it
     * was inferred. */
    ck_field(from_text("h.txt", "Floods: 40 dead, 300 missing", 0, &l)->language, "und",
             RK_ORIGIN_INFERRED);
    /* As many French as English words: neither dominates. */
    ck_field(from_text("m.txt", "The toll est de 40 morts.", 0, &l)->language, "und",
             RK_ORIGIN_INFERRED);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(hyphenated_words_and_headlines_are_not_datelines)
{
    rk_doclist l = {0};
    rk_document *d = from_text("a.txt", "Jean-Pierre Lacroix said the mission would last "
                               "a limited period of time, perhaps two weeks or more.", 0, &l);
    ck_assert_int_eq(d->source.origin, RK_ORIGIN_NONE);
    d = from_text("b.txt", "Kazakhstan - the crisis explained\nProtests began on Jan. 2.", 0, &l);
    ck_assert_int_eq(d->source.origin, RK_ORIGIN_NONE);
    d = from_text("c.txt", "- a list item that starts the text and runs on for quite a while "
                           "longer than sixty bytes", 0, &l);
    ck_assert_int_eq(d->source.origin, RK_ORIGIN_NONE);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(no_infer_leaves_unstated_fields_empty)
{
    rk_ingest_options o = {.no_sidecar = 1, .no_infer = 1};
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(fixture("000_a36954025af67d07.txt"), &o, &l, &dg, &e), RK_OK);
    ck_assert_int_eq(l.docs[0]->source.origin, RK_ORIGIN_NONE);
    ck_assert_ptr_null(l.docs[0]->source.value);
    ck_assert_int_eq(l.docs[0]->language.origin, RK_ORIGIN_NONE);
    rk_doclist_free(&l);
}
END_TEST

/* ---- formats ----------------------------------------------------------- */

static rk_document *read_one(const char *path, rk_doclist *l)
{
    diags dg = {0};
    rk_error e;
    rk_status st = read_file(path, NULL, l, &dg, &e);
    ck_assert_msg(st == RK_OK, "%s: %s", path, e.message);
    ck_assert_uint_eq(l->n, 1);
    ck_assert_int_eq(dg.n, 0);
    return l->docs[0];
}

START_TEST(json_article_gives_its_fields_and_text)
{
    rk_doclist l = {0};
    rk_document *d = read_one(fixture("en_reuters_toll.json"), &l);
    ck_assert_int_eq(d->format, RK_FORMAT_JSON);
    ck_assert_str_eq(d->id, "en_reuters_toll");
    ck_field(d->source, "Reuters", RK_ORIGIN_GIVEN);
    ck_field(d->published, "2022-01-06T15:42:00Z", RK_ORIGIN_GIVEN);
    ck_field(d->language, "en", RK_ORIGIN_GIVEN);
    ck_field(d->dateline, "ALMATY", RK_ORIGIN_GIVEN);
    ck_assert_int_eq(d->body_file_offset, -1);
    ck_assert(strncmp(d->body, "ALMATY, Jan 6 (Reuters) - Eighteen members", 42) == 0);
    ck_assert(contains(d, "\nThe ministry had put the toll at eight"));
    ck_assert_uint_eq(strlen(d->body), d->body_len);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(json_lines_give_one_document_per_line)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(fixture("mixed.jsonl"), NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_int_eq(dg.n, 0);
    ck_assert_str_eq(l.docs[0]->id, "mixed#1");
    ck_assert_str_eq(l.docs[2]->id, "mixed#3");
    ck_assert_uint_eq(l.docs[1]->record, 2);
    ck_assert_int_eq(l.docs[1]->format, RK_FORMAT_JSONL);
    ck_field(l.docs[0]->source, "AP", RK_ORIGIN_GIVEN);
    /* The Arabic record states its outlet but not its date or language. */
    ck_field(l.docs[1]->source, "الجزيرة نت", RK_ORIGIN_GIVEN);
    ck_field(l.docs[1]->published, "2022-01-09", RK_ORIGIN_INFERRED);
    ck_field(l.docs[1]->language, "ar", RK_ORIGIN_INFERRED);
    ck_assert(strstr(l.docs[2]->body, "7,939 people had been detained") != NULL);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(html_article_element_without_page_clutter)
{
    rk_doclist l = {0};
    rk_document *d = read_one(fixture("ar_aljazeera_page.html"), &l);
    ck_assert_int_eq(d->format, RK_FORMAT_HTML);
    ck_field(d->source, "الجزيرة نت", RK_ORIGIN_GIVEN);
    ck_field(d->published, "2022-01-06T18:10:00+03:00", RK_ORIGIN_GIVEN);
    ck_field(d->language, "ar", RK_ORIGIN_GIVEN);
    ck_field(d->title, "كازاخستان: مقتل 18 من قوات الأمن ووصول أولى طلائع القوات الروسية",
             RK_ORIGIN_GIVEN);
    ck_field(d->url, "https://example.org/ar/news/2022/1/6/kazakhstan-security-forces-killed",
             RK_ORIGIN_GIVEN);
    ck_assert(strncmp(d->body, "أعلنت وزارة الداخلية في كازاخستان", 30) == 0);
    ck_assert(contains(d, "وإصابة 748 آخرين"));
    ck_assert(contains(d, "\"عشرات المهاجمين\"")); /* &quot; decoded */
    ck_assert(contains(d, "\nقوات روسية\n"));        /* a subheading is a paragraph */
    const char *clutter[] = {"الكوكيز", "gtag", "اقرأ أيضا", "renderAd", "إعلان", "شارك على",
                             "التعليقات", "200 على الأقل", "الأكثر قراءة", "جميع الحقوق",
                             "سياسة", "دخان يتصاعد", "الوسوم", "عاجل"};
    for (size_t i = 0; i < sizeof clutter / sizeof *clutter; i++)
        ck_assert_msg(!contains(d, clutter[i]), "clutter in body: %s", clutter[i]);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(html_main_run_of_paragraphs_without_article_element)
{
    rk_doclist l = {0};
    rk_document *d = read_one(fixture("en_news_page.html"), &l);
    ck_field(d->language, "en", RK_ORIGIN_GIVEN); /* "en-GB" */
    ck_field(d->source, "World News Desk", RK_ORIGIN_GIVEN);
    ck_field(d->published, "2022-01-09", RK_ORIGIN_GIVEN);
    ck_field(d->url, "https://example.org/world/2022/jan/09/kazakhstan-unrest-death-toll",
             RK_ORIGIN_GIVEN);
    /* <title> without the " - World News Desk" of the outlet. */
    ck_field(d->title, "Kazakhstan unrest: 164 killed, health ministry says", RK_ORIGIN_GIVEN);
    ck_assert(strncmp(d->body, "At least 164 people have been killed", 36) == 0);
    ck_assert(contains(d, "5,800 people had been detained"));
    ck_assert(contains(d, "The 81-year-old former leader"));
    const char *clutter[] = {"cookies", "Sign in", "Related stories", "Comments", "higher than 164",
                             "First Edition", "Share on", "All rights", "_sf_async"};
    for (size_t i = 0; i < sizeof clutter / sizeof *clutter; i++)
        ck_assert_msg(!contains(d, clutter[i]), "clutter in body: %s", clutter[i]);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(html_json_ld_metadata_fills_what_meta_tags_do_not)
{
    rk_doclist l = {0};
    rk_document *d = read_one(data_file("jsonld_page.html"), &l);
    ck_field(d->title, "Almaty airport back in government hands", RK_ORIGIN_GIVEN);
    ck_field(d->source, "Steppe Daily", RK_ORIGIN_GIVEN);
    ck_field(d->published, "2022-01-07T09:00:00+06:00", RK_ORIGIN_GIVEN);
    ck_field(d->byline, "A. Correspondent", RK_ORIGIN_GIVEN);
    ck_field(d->language, "en", RK_ORIGIN_GIVEN);
    ck_field(d->url, "https://example.org/steppe/almaty-airport", RK_ORIGIN_GIVEN);
    ck_assert_str_eq(d->body, "Security forces regained control of Almaty airport on Thursday, "
                              "a day after protesters seized it.\nThe Interior Ministry said "
                              "2,298 people had been detained.");
    rk_doclist_free(&l);
}
END_TEST

START_TEST(nitf_headline_byline_dateline_body_and_dates)
{
    rk_doclist l = {0};
    rk_document *d = read_one(fixture("en_ap_wire.nitf.xml"), &l);
    ck_assert_int_eq(d->format, RK_FORMAT_NITF);
    ck_assert_str_eq(d->id, "en_ap_wire.nitf");
    ck_field(d->title, "Kazakhstan says 16 police killed, not 18; nearly 10,000 held",
             RK_ORIGIN_GIVEN);
    ck_field(d->byline, "By Dasha Litvinova, Associated Press", RK_ORIGIN_GIVEN);
    ck_field(d->dateline, "ALMATY, Kazakhstan", RK_ORIGIN_GIVEN);
    ck_field(d->source, "The Associated Press", RK_ORIGIN_GIVEN);
    ck_field(d->published, "2022-01-11T07:45:00Z", RK_ORIGIN_GIVEN);
    ck_field(d->language, "en", RK_ORIGIN_INFERRED);
    ck_assert(strncmp(d->body, "Authorities in Kazakhstan said Tuesday", 38) == 0);
    ck_assert(contains(d, "\n'Shoot without warning'\n"));
    ck_assert(contains(d, "9,900 people were being held"));
    ck_assert(!contains(d, "AP Photo"));       /* media captions */
    ck_assert(!contains(d, "Corrects spelling")); /* editor's notes */
    ck_assert(!contains(d, "contributed"));    /* body.end */
    rk_doclist_free(&l);
}
END_TEST

START_TEST(newsml_headline_provider_dates_and_xhtml_body)
{
    rk_doclist l = {0};
    rk_document *d = read_one(fixture("ar_newsml.xml"), &l);
    ck_assert_int_eq(d->format, RK_FORMAT_NEWSML);
    ck_field(d->title, "كازاخستان: اعتقال نحو 4400 شخص واستعادة مطار ألماتي", RK_ORIGIN_GIVEN);
    ck_field(d->source, "وكالة الأنباء الدولية", RK_ORIGIN_GIVEN);
    ck_field(d->published, "2022-01-08T12:05:00+03:00", RK_ORIGIN_GIVEN); /* firstCreated */
    ck_field(d->byline, "مراسل الوكالة في ألماتي", RK_ORIGIN_GIVEN);
    ck_field(d->dateline, "ألماتي، 8 كانون الثاني/يناير", RK_ORIGIN_GIVEN);
    ck_field(d->language, "ar", RK_ORIGIN_GIVEN);
    ck_field(d->url, "https://example.org/ar/wna/2022/01/08/kazakhstan-airport", RK_ORIGIN_GIVEN);
    ck_assert(strncmp(d->body, "أعلنت وزارة الداخلية", 20) == 0);
    ck_assert(contains(d, "اعتقال 4404 أشخاص"));
    ck_assert(!contains(d, "كازاخستان: اعتقال نحو 4400 شخص")); /* the XHTML head */
    ck_assert(!contains(d, "unrest, conflicts")); /* subject codes */
    rk_doclist_free(&l);
}
END_TEST

/* ---- detection and precedence ------------------------------------------ */

START_TEST(format_is_detected_by_content_not_name)
{
    rk_doclist l = {0};
    rk_document *d = read_one(data_file("json_in.txt"), &l);
    ck_assert_int_eq(d->format, RK_FORMAT_JSON);
    ck_field(d->title, "A JSON article in a .txt file", RK_ORIGIN_GIVEN);
    rk_doclist_free(&l);
    d = read_one(data_file("nitf_in.html"), &l);
    ck_assert_int_eq(d->format, RK_FORMAT_NITF);
    ck_field(d->published, "2022-01-07", RK_ORIGIN_GIVEN);
    ck_assert_str_eq(d->body, "More than 3,000 people were detained, the Interior Ministry said.");
    rk_doclist_free(&l);
}
END_TEST

START_TEST(detection_by_content_with_the_name_as_tie_breaker)
{
    const char *one = "{\"text\": \"a\"}\n";
    ck_assert_int_eq(rk_ingest_detect("a.json", one, strlen(one)), RK_FORMAT_JSON);
    ck_assert_int_eq(rk_ingest_detect("a.jsonl", one, strlen(one)), RK_FORMAT_JSONL);
    const char *two = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
    ck_assert_int_eq(rk_ingest_detect("a.txt", two, strlen(two)), RK_FORMAT_JSONL);
    const char *pretty = "{\n  \"text\": \"a\"\n}\n";
    ck_assert_int_eq(rk_ingest_detect("a.jsonl", pretty, strlen(pretty)), RK_FORMAT_JSON);
    const char *brace = "{Correction} The toll was 18, not 13.";
    ck_assert_int_eq(rk_ingest_detect("a.json", brace, strlen(brace)), RK_FORMAT_TEXT);
    const char *html = "\xEF\xBB\xBF  <!DOCTYPE html><html><body><p>x</p></body></html>";
    ck_assert_int_eq(rk_ingest_detect("a.txt", html, strlen(html)), RK_FORMAT_HTML);
    const char *g2 = "<?xml version=\"1.0\"?><newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">";
    ck_assert_int_eq(rk_ingest_detect("a.html", g2, strlen(g2)), RK_FORMAT_NEWSML);
    const char *lt = "<< الوقت >> نص";
    ck_assert_int_eq(rk_ingest_detect("a.html", lt, strlen(lt)), RK_FORMAT_TEXT);
}
END_TEST

START_TEST(sidecar_overrides_the_files_own_values)
{
    rk_doclist l = {0};
    rk_document *d = read_one(data_file("override.json"), &l);
    ck_field(d->source, "Sidecar Source", RK_ORIGIN_GIVEN);              /* overrides */
    ck_field(d->published, "2022-01-07", RK_ORIGIN_INFERRED);            /* listed inferred */
    ck_field(d->url, "https://example.org/sidecar", RK_ORIGIN_GIVEN);    /* adds */
    ck_field(d->title, "The file's own title", RK_ORIGIN_GIVEN);         /* keeps */
    ck_field(d->language, "en", RK_ORIGIN_INFERRED);                     /* from the text */
    rk_doclist_free(&l);
    rk_ingest_options o = {.no_sidecar = 1};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(data_file("override.json"), &o, &l, &dg, &e), RK_OK);
    ck_field(l.docs[0]->source, "The file's own source", RK_ORIGIN_GIVEN);
    ck_field(l.docs[0]->published, "2022-01-06", RK_ORIGIN_GIVEN);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(sidecar_with_wrong_types_is_reported_and_ignored)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(data_file("bad_sidecar.txt"), NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_int_eq(dg.n, 1);
    const char *f = dg.last.file;
    ck_assert(strlen(f) > 21 && strcmp(f + strlen(f) - 21, "bad_sidecar.meta.json") == 0);
    ck_assert_int_eq(dg.last.line, 3);
    ck_assert_int_eq(dg.last.column, 3);
    ck_assert(strstr(dg.last.message, "\"published\"") != NULL);
    /* Ignored as a whole: its "source" does not apply either; the dateline
     * in the text gives one. */
    ck_field(l.docs[0]->source, "الوقت", RK_ORIGIN_INFERRED);
    ck_assert_int_eq(l.docs[0]->published.origin, RK_ORIGIN_NONE);
    rk_doclist_free(&l);
}
END_TEST

/* NAME.meta.json beside NAME.EXT: the last dot of the file's own name
 * ends NAME, a dot in a folder's name does not, and a leading dot
 * (".hidden") is part of NAME. */
START_TEST(sidecar_names_take_the_last_dot_of_the_file_name)
{
    static const struct {
        const char *file, *sidecar;
    } cases[] = {
        {"a.b.txt", "a.b.meta.json"},
        {"plain", "plain.meta.json"},
        {".hidden", ".hidden.meta.json"},
        {"sub.d/plain", "sub.d/plain.meta.json"},
        {"sub.d/.hidden.txt", "sub.d/.hidden.meta.json"},
    };
    const char *dir = tmp_dir();
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub.d", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    static const char text[] = "Officials said 12 people were hurt.\n";
    static const char side[] = "{\"source\": \"Named Beside\"}";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char file[600];
        snprintf(file, sizeof file, "%s", write_tmp(dir, cases[i].file, text, sizeof text - 1));
        write_tmp(dir, cases[i].sidecar, side, sizeof side - 1);
        rk_doclist l = {0};
        diags dg = {0};
        rk_error e;
        ck_assert_int_eq(read_file(file, NULL, &l, &dg, &e), RK_OK);
        ck_assert_uint_eq(l.n, 1);
        ck_assert_msg(l.docs[0]->source.value && strcmp(l.docs[0]->source.value, "Named Beside") == 0,
                      "%s: the sidecar %s was not applied", cases[i].file, cases[i].sidecar);
        rk_doclist_free(&l);
        unlink(file);
        unlink(write_tmp(dir, cases[i].sidecar, "", 0));
    }
    rmdir(sub);
    rmdir(dir);
}
END_TEST

START_TEST(malformed_sidecars_are_reported_with_their_place)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(data_file("broken_sidecar.txt"), NULL, &l, &dg, &e), RK_OK);
    ck_assert_int_eq(dg.n, 1);
    ck_assert(strstr(dg.last.file, "broken_sidecar.meta.json") != NULL);
    ck_assert_int_eq(dg.last.line, 3); /* the trailing comma */
    ck_assert_int_gt(dg.last.column, 0);
    ck_assert_int_eq(read_file(data_file("unknown_inferred.txt"), NULL, &l, &dg, &e), RK_OK);
    ck_assert_int_eq(dg.n, 2);
    ck_assert(strstr(dg.last.message, "\"inferred\"") != NULL);
    ck_assert_int_eq(dg.last.line, 1);
    ck_assert_int_eq(dg.last.column, 17); /* where "inferred" starts */
    ck_assert_uint_eq(l.n, 2);
    ck_assert_int_eq(l.docs[1]->source.origin, RK_ORIGIN_NONE); /* "X" not applied */
    rk_doclist_free(&l);
}
END_TEST

/* The readers that check a body's UTF-8 mark it (extraction then does not
 * read it for that again), and a marked body is valid: plain text, a JSON
 * article, and JSON Lines records read by the fast scanner and by cJSON
 * (an escaped pair of surrogates). */
START_TEST(a_body_is_marked_checked_only_by_a_reader_that_checked_it)
{
    static const struct {
        const char *name, *data;
        size_t n_docs;
        int marked;
    } in[] = {
        {"a.txt", "Five people were killed, officials said.", 1, 1},
        {"b.json", "{\"text\": \"\u0421\u0435\u043c\u044c people were hurt.\"}", 1, 1},
        {"c.jsonl",
         "{\"text\": \"Seven were killed.\"}\n"
         "{\"text\": \"Eight \\ud83d\\ude00 hurt.\", \"title\": \"\\u00e9\"}\n"
         "{\"text\": \"A bad \\ud800 one.\"}\n",
         2, 1},
        {"d.html", "<html><body><p>Nine people were killed.</p></body></html>", 1, 0},
    };
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        rk_doclist l = {0};
        rk_ingest_options o = {.no_sidecar = 1};
        rk_error e;
        rk_error_clear(&e);
        rk_ingest_buffer(in[i].name, in[i].data, strlen(in[i].data), &o, &l, NULL, NULL, &e);
        ck_assert_msg(l.n == in[i].n_docs, "%s: %zu documents", in[i].name, l.n);
        for (size_t k = 0; k < l.n; k++) {
            const rk_document *d = l.docs[k];
            size_t bad;
            ck_assert_msg(d->body_utf8 == in[i].marked, "%s: document %zu marked %d", in[i].name,
                          k, d->body_utf8);
            ck_assert(!d->body_utf8 || rk_utf8_valid(d->body, d->body_len, &bad));
        }
        rk_doclist_free(&l);
    }
}
END_TEST

START_TEST(a_failing_input_appends_nothing)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(fixture("mixed.jsonl"), NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 3);
    ck_assert_int_eq(read_file(data_file("malformed.json"), NULL, &l, &dg, &e), RK_ERR_PARSE);
    ck_assert_int_eq(read_file(data_file("bomb.nitf.xml"), NULL, &l, &dg, &e) == RK_OK, 0);
    const char *nothing = "{\"title\": \"no text\"}\n{\"title\": \"none\"}\n";
    ck_assert_int_eq(rk_ingest_buffer("none.jsonl", nothing, strlen(nothing), NULL, &l, NULL,
                                      NULL, &e), RK_ERR_PARSE);
    ck_assert_uint_eq(l.n, 3);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(json_metadata_of_the_wrong_type_is_reported_and_skipped)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(data_file("wrong_types.json"), NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_int_eq(dg.n, 2);
    ck_assert_int_eq(dg.all[0].line, 2);
    ck_assert_int_eq(dg.all[1].line, 3);
    ck_assert_int_eq(l.docs[0]->title.origin, RK_ORIGIN_NONE);
    ck_assert_int_eq(l.docs[0]->published.origin, RK_ORIGIN_NONE);
    rk_doclist_free(&l);
}
END_TEST

/* ---- bad input ---------------------------------------------------------- */

START_TEST(invalid_utf8_reports_the_byte_offset_and_place)
{
    const char *dir = tmp_dir();
    const char bad[] = "الوقت - سطر أول\nsecond \xC3\x28 line";
    char *p = write_tmp(dir, "bad.txt", bad, sizeof bad - 1);
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_ERR_UTF8);
    size_t off = (size_t)(strchr(bad, '\xC3') - bad);
    ck_assert_int_eq(e.offset, (long)off);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 8);
    char num[32];
    snprintf(num, sizeof num, "%zu", off);
    ck_assert(strstr(e.message, num) != NULL);
    ck_assert_uint_eq(l.n, 0);
    unlink(p);
    rmdir(dir);
}
END_TEST

START_TEST(json_lines_with_bad_lines_keep_the_good_ones)
{
    const char *dir = tmp_dir();
    rk_buf b = RK_BUF_INIT;
    char *raw = NULL;
    size_t len = 0;
    rk_error e;
    ck_assert_int_eq(rk_file_read(data_file("broken.jsonl"), 0, &raw, &len, &e), RK_OK);
    rk_buf_append(&b, raw, len);
    rk_buf_puts(&b, "{\"text\": \"bad \xFF byte\"}\n");
    char *p = write_tmp(dir, "broken.jsonl", b.data, b.len);
    rk_doclist l = {0};
    diags dg = {0};
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_str_eq(l.docs[0]->id, "broken#1");
    ck_assert_str_eq(l.docs[1]->id, "broken#4");
    ck_assert_int_eq(dg.n, 3);
    ck_assert_int_eq(dg.all[0].code, RK_ERR_PARSE); /* unterminated string */
    ck_assert_int_eq(dg.all[0].line, 2);
    ck_assert_int_gt(dg.all[0].column, 0);
    ck_assert_int_eq(dg.all[1].line, 5);             /* an array, not an article */
    ck_assert_int_eq(dg.all[2].code, RK_ERR_UTF8);
    ck_assert_int_eq(dg.all[2].line, 6);
    ck_assert_int_eq(dg.all[2].column, 15);
    ck_assert_int_eq(dg.all[2].offset, (long)(len + 14));
    free(raw);
    rk_buf_free(&b);
    rk_doclist_free(&l);
    unlink(p);
    rmdir(dir);
}
END_TEST

START_TEST(binary_and_empty_files_are_refused_clearly)
{
    const char *dir = tmp_dir();
    const char bin[] = "\x7F" "ELF\x02\x01\x01\0\0\0\0";
    char *p = write_tmp(dir, "a.out", bin, sizeof bin - 1);
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_ERR_FORMAT);
    ck_assert(strstr(e.message, "binary") != NULL);
    ck_assert_int_eq(e.offset, 7);
    unlink(p);
    p = write_tmp(dir, "empty.txt", "", 0);
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_ERR_FORMAT);
    ck_assert(strstr(e.message, "empty") != NULL);
    unlink(p);
    p = write_tmp(dir, "blank.txt", " \n\n\t", 4);
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_ERR_FORMAT);
    unlink(p);
    ck_assert_uint_eq(l.n, 0);
    rmdir(dir);
}
END_TEST

START_TEST(missing_unreadable_and_directory_paths_are_io_errors)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file("/nonexistent/reckon/article.txt", NULL, &l, &dg, &e), RK_ERR_IO);
    ck_assert_str_eq(e.file, "/nonexistent/reckon/article.txt");
    const char *dir = tmp_dir();
    ck_assert_int_eq(read_file(dir, NULL, &l, &dg, &e), RK_ERR_IO);
    char *p = write_tmp(dir, "locked.txt", "text", 4);
    chmod(p, 0);
    if (geteuid() != 0) /* root reads it anyway */
        ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_ERR_IO);
    unlink(p);
    rmdir(dir);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(malformed_json_reports_line_and_column)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(data_file("malformed.json"), NULL, &l, &dg, &e), RK_ERR_PARSE);
    ck_assert_int_eq(e.line, 4); /* the missing comma shows at the next key */
    ck_assert_int_eq(e.column, 3);
    ck_assert(strstr(e.file, "malformed.json") != NULL);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(inputs_over_the_limit_are_refused)
{
    rk_ingest_options o = {.max_bytes = 100};
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    ck_assert_int_eq(read_file(fixture("000_a36954025af67d07.txt"), &o, &l, &dg, &e),
                     RK_ERR_LIMIT);
    char big[200];
    memset(big, 'a', sizeof big);
    ck_assert_int_eq(rk_ingest_buffer("big.txt", big, sizeof big, &o, &l, NULL, NULL, &e),
                     RK_ERR_LIMIT);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* Writes n bytes of Arabic news prose lines (or one line) to path. */
static void write_big(const char *path, size_t n, int one_line)
{
    const char *s = one_line ? "قتل 18 من أفراد الأمن واعتقل 2298 شخصا في ألماتي، "
                             : "قتل 18 من أفراد الأمن واعتقل 2298 شخصا في ألماتي.\n";
    size_t k = strlen(s), done = 0;
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    while (done + k <= n) {
        fwrite(s, 1, k, f);
        done += k;
    }
    for (; done < n; done++)
        fputc(' ', f);
    fclose(f);
}

START_TEST(a_50_mb_file_is_read_whole_and_fast)
{
    const char *dir = tmp_dir();
    char p[512];
    snprintf(p, sizeof p, "%s/big.txt", dir);
    size_t n = (size_t)50 * 1024 * 1024;
    write_big(p, n, 0);
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    double t = now();
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_OK);
    t = now() - t;
    ck_assert_uint_eq(l.docs[0]->body_len, n);
    ck_field(l.docs[0]->language, "ar", RK_ORIGIN_INFERRED);
    ck_assert_msg(t < 20.0, "50 MB took %.1f s", t);
    rk_doclist_free(&l);
    unlink(p);
    rmdir(dir);
}
END_TEST

START_TEST(a_file_of_one_10_mb_line_is_read)
{
    const char *dir = tmp_dir();
    char p[512];
    snprintf(p, sizeof p, "%s/line.txt", dir);
    size_t n = (size_t)10 * 1024 * 1024;
    write_big(p, n, 1);
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    double t = now();
    ck_assert_int_eq(read_file(p, NULL, &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.docs[0]->body_len, n);
    ck_assert_ptr_null(memchr(l.docs[0]->body, '\n', n));
    ck_assert_msg(now() - t < 20.0, "one 10 MB line took too long");
    rk_doclist_free(&l);
    unlink(p);
    rmdir(dir);
}
END_TEST

START_TEST(html_with_scripts_and_50000_nested_tags_finishes_fast)
{
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<html><head><script>var leak = 'SCRIPT-TEXT';</script></head><body>");
    rk_buf_puts(&b, "<p>Eighteen security officers were killed, the ministry said.</p>");
    for (int i = 0; i < 50000; i++)
        rk_buf_puts(&b, i % 2 ? "<div>" : "<span><script>document.write('x')</script>");
    rk_buf_puts(&b, "deep text");
    for (int i = 0; i < 50000; i++)
        rk_buf_puts(&b, i % 2 ? "</span>" : "</div>");
    rk_buf_puts(&b, "<p>Text after the nesting.</p><script>alert('SCRIPT-TEXT')</script>"
                    "</body></html>");
    rk_doclist l = {0};
    rk_error e;
    rk_error_clear(&e);
    double t = now();
    ck_assert_int_eq(rk_ingest_buffer("deep.html", b.data, b.len, NULL, &l, NULL, NULL, &e),
                     RK_OK);
    ck_assert_msg(now() - t < 10.0, "50,000 nested tags took too long");
    ck_assert(strstr(l.docs[0]->body, "Eighteen security officers") != NULL);
    ck_assert(strstr(l.docs[0]->body, "after the nesting") != NULL);
    ck_assert(strstr(l.docs[0]->body, "SCRIPT-TEXT") == NULL);
    ck_assert(strstr(l.docs[0]->body, "document.write") == NULL);
    rk_doclist_free(&l);
    rk_buf_free(&b);
}
END_TEST

START_TEST(xml_external_entities_are_never_fetched_or_expanded)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    rk_status st = read_file(data_file("xxe.nitf.xml"), NULL, &l, &dg, &e);
    ck_assert_int_eq(st, RK_OK);
    rk_document *d = l.docs[0];
    ck_assert(contains(d, "Before the entity."));
    ck_assert(contains(d, "After the entity."));
    ck_assert(!contains(d, "root:"));
    ck_assert(!contains(d, "/bin/"));
    rk_doclist_free(&l);
}
END_TEST

START_TEST(xml_entity_bomb_finishes_quickly_and_small)
{
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    double t = now();
    rk_status st = read_file(data_file("bomb.nitf.xml"), NULL, &l, &dg, &e);
    ck_assert_msg(now() - t < 5.0, "the entity bomb took too long");
    /* Refused, or read without expanding: never a billion "lol"s. */
    if (st == RK_OK)
        ck_assert_uint_lt(l.docs[0]->body_len, 10000);
    else
        ck_assert_int_eq(st, RK_ERR_PARSE);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(xml_quadratic_entity_blowup_is_not_expanded)
{
    /* One 50 KB entity referenced 60,000 times: 3 GB if expanded. */
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE nitf [<!ENTITY a \"");
    for (int i = 0; i < 50000; i++)
        rk_buf_putc(&b, 'A');
    rk_buf_puts(&b, "\">]><nitf><body><body.content><p>before ");
    for (int i = 0; i < 60000; i++)
        rk_buf_puts(&b, "&a;");
    rk_buf_puts(&b, " after</p></body.content></body></nitf>");
    rk_doclist l = {0};
    rk_error e;
    rk_error_clear(&e);
    double t = now();
    rk_status st = rk_ingest_buffer("quad.xml", b.data, b.len, NULL, &l, NULL, NULL, &e);
    ck_assert_msg(now() - t < 5.0, "the quadratic blowup took too long");
    if (st == RK_OK)
        ck_assert_str_eq(l.docs[0]->body, "before after");
    else
        ck_assert_int_eq(st, RK_ERR_PARSE);
    rk_doclist_free(&l);
    rk_buf_free(&b);
}
END_TEST

START_TEST(deeply_nested_xml_is_an_error_not_a_crash)
{
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<nitf><body><body.content>");
    for (int i = 0; i < 50000; i++)
        rk_buf_puts(&b, "<p>");
    rk_doclist l = {0};
    rk_error e;
    rk_error_clear(&e);
    double t = now();
    ck_assert_int_eq(rk_ingest_buffer("deep.xml", b.data, b.len, NULL, &l, NULL, NULL, &e),
                     RK_ERR_PARSE);
    ck_assert_msg(now() - t < 5.0, "deep XML took too long");
    ck_assert_int_gt(e.line, 0);
    ck_assert_uint_eq(l.n, 0);
    rk_buf_free(&b);
}
END_TEST

START_TEST(names_of_formats_and_origins_are_stable)
{
    ck_assert_str_eq(rk_format_name(RK_FORMAT_TEXT), "text");
    ck_assert_str_eq(rk_format_name(RK_FORMAT_NEWSML), "newsml");
    ck_assert_ptr_null(rk_format_name(RK_FORMAT_NONE));
    ck_assert_str_eq(rk_origin_name(RK_ORIGIN_GIVEN), "given");
    ck_assert_str_eq(rk_origin_name(RK_ORIGIN_INFERRED), "inferred");
    ck_assert_ptr_null(rk_origin_name(RK_ORIGIN_NONE));
    rk_document_free(NULL);
    rk_doclist_free(NULL);
}
END_TEST

/* What a metadata field keeps of s[0..n), the slow way: up to a NUL, its
 * words with one space between. */
static void collapse_ref(const char *s, size_t n, rk_buf *out)
{
    rk_buf_reset(out);
    int pending = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        if (strchr(" \t\n\r\f\v", s[i])) {
            pending = out->len > 0;
            continue;
        }
        if (pending)
            rk_buf_putc(out, ' ');
        rk_buf_putc(out, s[i]);
        pending = 0;
    }
}

START_TEST(a_field_keeps_its_words_with_one_space_between)
{
    static const char *const fixed[] = {"  Reuters  ", "\t\nAl\r\nJazeera\f\v", "", "   ",
                                        "abcdefghijklmnop qrstuvwxyz0123456789",
                                        "abcdefg\x01hijklmn opq", "caf\xc3\xa9  d\xc3\xa9j\xc3\xa0"};
    rk_buf want = RK_BUF_INIT, s = RK_BUF_INIT;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    static const char alpha[] = " \t\nab\x01\xc3\xa9\r\x7fz";
    for (int k = 0; k < 20000; k++) {
        rk_buf_reset(&s);
        if (k < (int)(sizeof fixed / sizeof *fixed)) {
            rk_buf_puts(&s, fixed[k]);
        } else {
            size_t len = (size_t)(k % 41);
            for (size_t i = 0; i < len; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                /* mostly letters, so that runs of eight and more form */
                rk_buf_putc(&s, (x >> 40) % 4 ? 'a' + (char)(x % 26)
                                              : alpha[(x >> 8) % (sizeof alpha - 1)]);
            }
            if (k % 97 == 0 && s.len > 2)
                s.data[s.len / 2] = '\0'; /* the field ends at a NUL */
        }
        rk_field f = {NULL, RK_ORIGIN_NONE};
        collapse_ref(s.data ? s.data : "", s.len, &want);
        ck_assert_int_eq(ing_field_set(&f, s.data ? s.data : "", s.len, RK_ORIGIN_GIVEN), 0);
        if (want.len == 0) {
            ck_assert_ptr_null(f.value);
            ck_assert_int_eq(f.origin, RK_ORIGIN_NONE);
        } else {
            ck_assert_msg(f.value && strlen(f.value) == want.len &&
                              memcmp(f.value, want.data, want.len) == 0,
                          "case %d: got [%s], want [%.*s]", k, f.value ? f.value : "(null)",
                          (int)want.len, want.data);
            ck_assert_int_eq(f.origin, RK_ORIGIN_GIVEN);
        }
        free(f.value);
    }
    rk_buf_free(&want);
    rk_buf_free(&s);
}
END_TEST

/* ing_has_today() answers what a memmem per word of "today" answers: the
 * words, their pieces and the bytes its filter looks for, at every offset
 * across its sixteen-byte steps and the ends of the text. */
static int has_today_ref(const char *s, size_t len)
{
    static const char *const words[] = {"اليوم", "today", "Today", "сегодня", "Сегодня"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t n = strlen(words[k]);
        for (size_t i = 0; i + n <= len; i++)
            if (memcmp(s + i, words[k], n) == 0)
                return 1;
    }
    return 0;
}

START_TEST(today_words_are_found_as_a_search_per_word_finds_them)
{
    static const char *const pieces[] = {
        "today", "Today", "tOday", "oday", "toda", "t", "T", "o", "da", "y", " ",
        "сегодня", "Сегодня", "егодня", "сегодн", "с", "С", "г", "о", "\xB3", "\xD0",
        "اليوم", "ليوم", "اليو", "ي", "و", "م", "\x8A", "\xD9", "\x88", "abc", "\n"};
    const size_t np = sizeof pieces / sizeof *pieces;
    char buf[128];
    unsigned seed = 19;
    for (int round = 0; round < 200000; round++) {
        size_t len = 0;
        size_t want = (seed >> 8) % 40;
        while (len < want) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % np];
            size_t n = strlen(p);
            if (len + n > sizeof buf)
                break;
            memcpy(buf + len, p, n);
            len += n;
        }
        /* the text ends where the buffer does, so a read past it is seen */
        char *t = malloc(len ? len : 1);
        ck_assert_ptr_nonnull(t);
        memcpy(t, buf, len);
        ck_assert_msg(ing_has_today(t, len) == has_today_ref(t, len), "round %d: [%.*s]", round,
                      (int)len, t);
        free(t);
    }
    /* each word alone at every offset of a longer filler */
    static const char *const words[] = {"اليوم", "today", "Today", "сегодня", "Сегодня"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t n = strlen(words[k]);
        for (size_t at = 0; at + n <= 70; at++)
            for (size_t len = at + n - 1; len <= 70; len++) {
                char *t = malloc(len ? len : 1);
                ck_assert_ptr_nonnull(t);
                memset(t, 'x', len);
                memcpy(t + at, words[k], at + n <= len ? n : len - at);
                ck_assert_int_eq(ing_has_today(t, len), at + n <= len);
                free(t);
            }
    }
}
END_TEST

/* ing_dash_find() finds the first dash a byte-by-byte reading finds, the
 * en and em dashes cut by the end of the text or reaching past lim. */
START_TEST(the_first_dash_is_found_as_a_byte_by_byte_reading_finds_it)
{
    static const char *const pieces[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x99",
                                         "\xE2", "\xE2\x80", "\x80\x93", "a", "bc", " ", "\xD0\xB0"};
    const size_t np = sizeof pieces / sizeof *pieces;
    char buf[128];
    unsigned seed = 7;
    for (int round = 0; round < 100000; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t want = (seed >> 8) % 60;
        while (len < want) {
            seed = seed * 1103515245u + 12345u;
            /* mostly filler, so that a dash comes late */
            size_t p = (seed >> 16) % (np * 4);
            const char *pc = pieces[p < np ? p : np - 4 + p % 4];
            size_t n = strlen(pc);
            if (len + n > sizeof buf)
                break;
            memcpy(buf + len, pc, n);
            len += n;
        }
        char *t = malloc(len ? len : 1);
        ck_assert_ptr_nonnull(t);
        memcpy(t, buf, len);
        seed = seed * 1103515245u + 12345u;
        size_t from = len ? (seed >> 16) % (len + 1) : 0;
        size_t lim = from + (len > from ? (seed >> 8) % (len - from + 1) : 0);
        size_t want_d = lim, want_dl = 0;
        for (size_t d = from; d < lim; d++) {
            unsigned char c = (unsigned char)t[d];
            if (c == '-') {
                want_d = d, want_dl = 1;
                break;
            }
            if (c == 0xE2 && d + 2 < len && (unsigned char)t[d + 1] == 0x80 &&
                ((unsigned char)t[d + 2] == 0x93 || (unsigned char)t[d + 2] == 0x94)) {
                want_d = d, want_dl = 3;
                break;
            }
        }
        size_t dl = 99;
        size_t d = ing_dash_find(t, len, from, lim, &dl);
        ck_assert_msg(d == want_d && dl == want_dl, "round %d: [%.*s] %zu..%zu: got %zu/%zu, want %zu/%zu",
                      round, (int)len, t, from, lim, d, dl, want_d, want_dl);
        free(t);
    }
}
END_TEST

static Suite *ingest_suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *t = tcase_create("text");
    tcase_add_loop_test(t, plain_text_body_is_exactly_the_file_bytes, 0, 5);
    tcase_add_test(t, seed_sidecar_values_are_marked_inferred);
    tcase_add_test(t, outlet_is_inferred_from_the_dateline_at_the_start);
    tcase_add_test(t, outlet_is_inferred_from_a_dateline_line_of_its_own);
    tcase_add_test(t, publication_date_is_inferred_from_today_and_weekday);
    tcase_add_test(t, agency_dateline_without_a_year_gives_the_day);
    tcase_add_test(t, a_today_date_far_past_the_dateline_is_found);
    tcase_add_test(t, wire_dateline_gives_place_agency_and_date);
    tcase_add_test(t, year_without_text_follows_the_weekday_and_reference_year);
    tcase_add_test(t, every_month_name_is_read_past_the_filter);
    tcase_add_test(t, year_named_in_the_text_wins_when_it_fits_the_weekday);
    tcase_add_test(t, language_is_inferred_from_the_majority_script);
    tcase_add_test(t, latin_script_is_named_by_its_function_words_not_taken_for_english);
    tcase_add_test(t, hyphenated_words_and_headlines_are_not_datelines);
    tcase_add_test(t, no_infer_leaves_unstated_fields_empty);
    tcase_add_test(t, a_field_keeps_its_words_with_one_space_between);
    tcase_add_test(t, today_words_are_found_as_a_search_per_word_finds_them);
    tcase_add_test(t, the_first_dash_is_found_as_a_byte_by_byte_reading_finds_it);
    suite_add_tcase(s, t);
    t = tcase_create("formats");
    tcase_add_test(t, json_article_gives_its_fields_and_text);
    tcase_add_test(t, json_lines_give_one_document_per_line);
    tcase_add_test(t, html_article_element_without_page_clutter);
    tcase_add_test(t, html_main_run_of_paragraphs_without_article_element);
    tcase_add_test(t, html_json_ld_metadata_fills_what_meta_tags_do_not);
    tcase_add_test(t, nitf_headline_byline_dateline_body_and_dates);
    tcase_add_test(t, newsml_headline_provider_dates_and_xhtml_body);
    tcase_add_test(t, format_is_detected_by_content_not_name);
    tcase_add_test(t, detection_by_content_with_the_name_as_tie_breaker);
    tcase_add_test(t, sidecar_overrides_the_files_own_values);
    tcase_add_test(t, sidecar_with_wrong_types_is_reported_and_ignored);
    tcase_add_test(t, malformed_sidecars_are_reported_with_their_place);
    tcase_add_test(t, sidecar_names_take_the_last_dot_of_the_file_name);
    tcase_add_test(t, a_failing_input_appends_nothing);
    tcase_add_test(t, json_metadata_of_the_wrong_type_is_reported_and_skipped);
    tcase_add_test(t, names_of_formats_and_origins_are_stable);
    suite_add_tcase(s, t);
    t = tcase_create("bad input");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, invalid_utf8_reports_the_byte_offset_and_place);
    tcase_add_test(t, json_lines_with_bad_lines_keep_the_good_ones);
    tcase_add_test(t, binary_and_empty_files_are_refused_clearly);
    tcase_add_test(t, missing_unreadable_and_directory_paths_are_io_errors);
    tcase_add_test(t, malformed_json_reports_line_and_column);
    tcase_add_test(t, inputs_over_the_limit_are_refused);
    tcase_add_test(t, a_50_mb_file_is_read_whole_and_fast);
    tcase_add_test(t, a_file_of_one_10_mb_line_is_read);
    tcase_add_test(t, html_with_scripts_and_50000_nested_tags_finishes_fast);
    tcase_add_test(t, xml_external_entities_are_never_fetched_or_expanded);
    tcase_add_test(t, xml_entity_bomb_finishes_quickly_and_small);
    tcase_add_test(t, xml_quadratic_entity_blowup_is_not_expanded);
    tcase_add_test(t, deeply_nested_xml_is_an_error_not_a_crash);
    tcase_add_test(t, a_body_is_marked_checked_only_by_a_reader_that_checked_it);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(ingest_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
