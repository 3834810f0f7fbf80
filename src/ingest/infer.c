/* infer.c - metadata a careful reader takes from the text itself when the
 * input does not state it: the outlet dateline at the start ("الوقت - ",
 * "ALMATY (Reuters) -"), a publication date the text writes out ("اليوم
 * الخميس، 6 من كانون الثاني"), and the language from the script and, for
 * Latin script, from its function words.
 *
 * Month and weekday names sit in small tables here although data belongs
 * in rule files: ingest runs before any rules are loaded (it has no rules
 * object), and these closed lists do not vary by corpus; the function words
 * of the language guess are in the data file stopwords.def for the same
 * reason. Everything else is mechanism: positions, digits, case and
 * punctuation. */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Only the head of a long input is searched: datelines and dates of
 * publication sit near the top, and inference stays fast on huge files. */
#define SCAN_WINDOW ((size_t)64 * 1024)
#define SCRIPT_WINDOW ((size_t)256 * 1024)
/* The language guess of Latin script reads at most this many words, and
 * stops sooner once one language has STOPWORD_ENOUGH function words and
 * four times as many as any other. */
#define STOPWORD_WORDS 1000
#define STOPWORD_ENOUGH 12
/* A dateline is a short phrase: at most this many bytes and words. */
#define DATELINE_MAX_BYTES 80
#define DATELINE_MAX_WORDS 8

typedef struct word_num {
    const char *w;
    int n;
} word_num;

/* Full names before abbreviations so the longest name matches. Arabic has
 * the Levantine (كانون الثاني) and the Egyptian (يناير) month names. */
static const word_num k_months[] = {
    {"كانون الثاني", 1}, {"كانون الأول", 12}, {"كانون الاول", 12}, {"شباط", 2},
    {"آذار", 3}, {"اذار", 3}, {"نيسان", 4}, {"أيار", 5}, {"ايار", 5}, {"حزيران", 6},
    {"تموز", 7}, {"آب", 8}, {"أيلول", 9}, {"ايلول", 9}, {"تشرين الأول", 10},
    {"تشرين الاول", 10}, {"تشرين الثاني", 11},
    {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"أبريل", 4}, {"ابريل", 4}, {"إبريل", 4},
    {"مايو", 5}, {"يونيو", 6}, {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"أغسطس", 8},
    {"اغسطس", 8}, {"سبتمبر", 9}, {"أكتوبر", 10}, {"اكتوبر", 10}, {"نوفمبر", 11},
    {"ديسمبر", 12},
    {"January", 1}, {"February", 2}, {"March", 3}, {"April", 4}, {"May", 5}, {"June", 6},
    {"July", 7}, {"August", 8}, {"September", 9}, {"October", 10}, {"November", 11},
    {"December", 12}, {"Jan", 1}, {"Feb", 2}, {"Mar", 3}, {"Apr", 4}, {"Jun", 6},
    {"Jul", 7}, {"Aug", 8}, {"Sept", 9}, {"Sep", 9}, {"Oct", 10}, {"Nov", 11}, {"Dec", 12},
    {"января", 1}, {"февраля", 2}, {"марта", 3}, {"апреля", 4}, {"мая", 5}, {"июня", 6},
    {"июля", 7}, {"августа", 8}, {"сентября", 9}, {"октября", 10}, {"ноября", 11},
    {"декабря", 12},
    {NULL, 0}};

/* 0 is Sunday. */
static const word_num k_weekdays[] = {
    {"الأحد", 0}, {"الاحد", 0}, {"الاثنين", 1}, {"الإثنين", 1}, {"الثلاثاء", 2},
    {"الأربعاء", 3}, {"الاربعاء", 3}, {"الخميس", 4}, {"الجمعة", 5}, {"السبت", 6},
    {"Sunday", 0}, {"Monday", 1}, {"Tuesday", 2}, {"Wednesday", 3}, {"Thursday", 4},
    {"Friday", 5}, {"Saturday", 6},
    {"воскресенье", 0}, {"понедельник", 1}, {"вторник", 2}, {"среду", 3}, {"среда", 3},
    {"четверг", 4}, {"пятницу", 5}, {"пятница", 5}, {"субботу", 6}, {"суббота", 6},
    {NULL, 0}};

/* Function words per language (stopwords.def): a language is named when
 * its words outnumber those of every other at least two to one. */
typedef struct stop_lang {
    const char *lang, *words;
} stop_lang;

static const stop_lang k_stop_langs[] = {
#include "stopwords.def"
};
#define N_STOP_LANGS (sizeof k_stop_langs / sizeof k_stop_langs[0])
#define STOP_MAX_WORD 16
#define STOP_SLOTS 1024

/* Open addressing over the function words: the word (borrowed from
 * k_stop_langs) and the languages it belongs to, a bit each. */
static struct stop_slot {
    const char *w;
    uint8_t len;
    uint8_t langs;
} stop_table[STOP_SLOTS];

/* A filter on month names: bit h of heads[0] is set when some name of three
 * bytes hashes to h, of heads[1] when the first four bytes of a longer one
 * do. Most words start no month name and are turned away by two bit tests
 * before the table is walked. Every name has three bytes or more. */
static uint8_t month_heads[2][8192];

static unsigned head_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 16777619u;
    return (h ^ (h >> 16)) & 0xffffu;
}

/* For the characters below U+0800: whether is_letter() holds (a bit each),
 * and the script the language guess counts (0 none, 1 Arabic, 2 Latin,
 * 3 Cyrillic). Looked up rather than tested, as the scans below run over
 * every character. */
static int is_letter(uint32_t cp);
static uint8_t letter_bits[0x800 / 8];
static uint8_t script_of[0x800];

static unsigned script_class(uint32_t cp)
{
    if ((cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3) ||
        (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC))
        return 1;
    if (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
        (cp >= 0x00C0 && cp <= 0x024F && cp != 0xD7 && cp != 0xF7))
        return 2;
    if (cp >= 0x0400 && cp <= 0x04FF)
        return 3;
    return 0;
}

/* Builds the month filter and the character tables, once per process. */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void stop_add(const char *w, size_t n, unsigned lang)
{
    unsigned h = head_hash(w, n) & (STOP_SLOTS - 1);
    while (stop_table[h].w &&
           !(stop_table[h].len == n && memcmp(stop_table[h].w, w, n) == 0))
        h = (h + 1) & (STOP_SLOTS - 1);
    stop_table[h].w = w;
    stop_table[h].len = (uint8_t)n;
    stop_table[h].langs |= (uint8_t)(1u << lang);
}

/* The languages word w[0..n) is a function word of, a bit each. */
static unsigned stop_langs_of(const char *w, size_t n)
{
    unsigned h = head_hash(w, n) & (STOP_SLOTS - 1);
    for (; stop_table[h].w; h = (h + 1) & (STOP_SLOTS - 1))
        if (stop_table[h].len == n && memcmp(stop_table[h].w, w, n) == 0)
            return stop_table[h].langs;
    return 0;
}

static void tables_build(void)
{
    for (unsigned k = 0; k < N_STOP_LANGS && k < 8; k++) {
        const char *p = k_stop_langs[k].words;
        while (*p) {
            size_t n = strcspn(p, " ");
            if (n && n <= STOP_MAX_WORD)
                stop_add(p, n, k);
            p += n + (p[n] == ' ');
        }
    }
    for (uint32_t cp = 0; cp < 0x800; cp++) {
        letter_bits[cp >> 3] |= (uint8_t)(is_letter(cp) << (cp & 7));
        script_of[cp] = (uint8_t)script_class(cp);
    }
    for (size_t k = 0; k_months[k].w; k++) {
        size_t n = strlen(k_months[k].w), m = n == 3 ? 3 : 4;
        unsigned h = head_hash(k_months[k].w, m);
        month_heads[m == 4][h >> 3] |= (uint8_t)(1u << (h & 7));
    }
}

/* Whether a month name may start at s[i]. */
static int may_start_month(const char *s, size_t len, size_t i)
{
    unsigned h;
    if (i + 3 > len)
        return 0;
    h = head_hash(s + i, 3);
    if (month_heads[0][h >> 3] >> (h & 7) & 1)
        return 1;
    if (i + 4 > len)
        return 0;
    h = head_hash(s + i, 4);
    return month_heads[1][h >> 3] >> (h & 7) & 1;
}

/* Words meaning "today": a date they introduce is the day of writing. */
static const char *const k_today[] = {"اليوم", "today", "Today", "сегодня", "Сегодня", NULL};
/* The Arabic "of" in "6 من كانون الثاني". */
#define AR_OF "من"

/* Is cp part of a word? Digits and punctuation are not. */
static int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (cp == 0xA0 || cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x066B ||
        cp == 0x066C || (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9))
        return 0;
    return !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) &&
           cp != 0xFEFF && !(cp >= 0xFF00 && cp <= 0xFF20);
}

/* The start of the code point before byte i. */
static size_t prev_cp(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
        ;
    return i;
}

static uint32_t cp_at(const char *s, size_t len, size_t i)
{
    return i < len ? rk_utf8_next(s, len, &i) : 0;
}

static int letter_before(const char *s, size_t i)
{
    return i > 0 && is_letter(cp_at(s, i, prev_cp(s, i)));
}

/* The name in table t starting at s[i] on word boundaries; its end in *end. */
static const word_num *word_at(const word_num *t, const char *s, size_t len, size_t i,
                               size_t *end)
{
    if (letter_before(s, i))
        return NULL;
    if (i + 1 >= len)
        return NULL;
    for (size_t k = 0; t[k].w; k++) {
        if (t[k].w[0] != s[i] || t[k].w[1] != s[i + 1]) /* cheap first test */
            continue;
        size_t n = strlen(t[k].w);
        if (i + n <= len && memcmp(s + i, t[k].w, n) == 0 && !is_letter(cp_at(s, len, i + n))) {
            *end = i + n;
            return &t[k];
        }
    }
    return NULL;
}

/* The value of the digit at s[i] (ASCII, Arabic-Indic or Persian) and its
 * byte length in *n; -1 when there is none. */
static int digit_at(const char *s, size_t len, size_t i, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i < len && u[i] >= '0' && u[i] <= '9') {
        *n = 1;
        return u[i] - '0';
    }
    if (i + 1 < len && u[i] == 0xD9 && u[i + 1] >= 0xA0 && u[i + 1] <= 0xA9) {
        *n = 2;
        return u[i + 1] - 0xA0;
    }
    if (i + 1 < len && u[i] == 0xDB && u[i + 1] >= 0xB0 && u[i + 1] <= 0xB9) {
        *n = 2;
        return u[i + 1] - 0xB0;
    }
    return -1;
}

/* A whole number of 1..max_digits digits at s[i] (not part of a longer
 * number); its value, or -1, and its end in *end. */
static long number_at(const char *s, size_t len, size_t i, int max_digits, size_t *end)
{
    size_t n, j = i, k;
    long v = 0;
    int count = 0, d;
    if (i > 0 && digit_at(s, len, prev_cp(s, i), &k) >= 0)
        return -1;
    while ((d = digit_at(s, len, j, &n)) >= 0) {
        if (++count > max_digits)
            return -1;
        v = v * 10 + d;
        j += n;
    }
    if (count == 0)
        return -1;
    *end = j;
    return v;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' ||
                       (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
                        (unsigned char)s[i + 1] == 0xA0)))
        i += s[i] == ' ' || s[i] == '\t' ? 1 : 2;
    return i;
}

/* Going back from i over spaces and commas (Latin and Arabic). */
static size_t back_spaces(const char *s, size_t i)
{
    for (;;) {
        size_t p = prev_cp(s, i);
        if (i == 0)
            return 0;
        uint32_t cp = cp_at(s, i, p);
        if (cp != ' ' && cp != '\t' && cp != ',' && cp != 0x060C && cp != 0xA0)
            return i;
        i = p;
    }
}

/* The start of the word that ends at i (i itself when none). */
static size_t word_start(const char *s, size_t i)
{
    while (i > 0 && letter_before(s, i))
        i = prev_cp(s, i);
    return i;
}

/* A date written in the text. */
typedef struct found_date {
    size_t start, end;  /* the bytes of the whole expression */
    int day, month, year; /* year 0 when the text leaves it out */
    int weekday;        /* 0 Sunday .. 6 Saturday, -1 when not written */
    int today;          /* introduced by a word for "today" */
} found_date;

/* The number of at most two digits that ends at i; its start in *start. */
static long day_before(const char *s, size_t len, size_t i, size_t *start)
{
    size_t j = i, n, end;
    for (int k = 0; k < 3 && j > 0 && digit_at(s, len, prev_cp(s, j), &n) >= 0; k++)
        j = prev_cp(s, j);
    if (j == i)
        return -1;
    long v = number_at(s, len, j, 2, &end);
    if (v < 0 || end != i)
        return -1;
    *start = j;
    return v;
}

static int ends_with_word(const char *s, size_t ws, size_t we, const char *const *words)
{
    for (size_t k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (we - ws >= n && memcmp(s + we - n, words[k], n) == 0)
            return 1;
    }
    return 0;
}

/* The day around a month name at [i, me): "6 من كانون الثاني", "6 January",
 * "Jan. 6". Returns the day or -1; moves *start / *after past it. */
static long find_day(const char *s, size_t len, size_t i, size_t me, size_t *start,
                     size_t *after)
{
    size_t b = i, e;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    size_t ws = word_start(s, b);
    if (b - ws == strlen(AR_OF) && memcmp(s + ws, AR_OF, b - ws) == 0)
        for (b = ws; b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t');)
            b--;
    long day = day_before(s, len, b, start);
    if (day >= 0)
        return day;
    size_t j = me < len && s[me] == '.' ? me + 1 : me;
    day = number_at(s, len, skip_spaces(s, len, j), 2, &e);
    if (day >= 0) {
        *start = i;
        *after = e;
    }
    return day;
}

/* The year written right after a date: "6 January 2022", "Jan. 6, 2022",
 * "5 يناير / كانون الثاني 2022". */
static int find_year(const char *s, size_t len, size_t *after)
{
    size_t j = skip_spaces(s, len, *after), e;
    if (j < len && s[j] == '/') {
        j = skip_spaces(s, len, j + 1);
        if (word_at(k_months, s, len, j, &e))
            j = skip_spaces(s, len, e);
    }
    if (j < len && s[j] == ',')
        j = skip_spaces(s, len, j + 1);
    else if (j + 1 < len && memcmp(s + j, "\xD8\x8C", 2) == 0) /* Arabic comma */
        j = skip_spaces(s, len, j + 2);
    long y = number_at(s, len, j, 4, &e);
    if (y < 1900 || y > 2099)
        return 0;
    *after = e;
    return (int)y;
}

/* The date whose month name starts at s[i], if the text makes one there. */
static int date_at(const char *s, size_t len, size_t i, found_date *f)
{
    size_t me, we;
    if (!may_start_month(s, len, i))
        return 0;
    const word_num *m = word_at(k_months, s, len, i, &me);
    if (!m)
        return 0;
    size_t start = i, after = me;
    long day = find_day(s, len, i, me, &start, &after);
    if (day < 1 || day > 31)
        return 0;
    *f = (found_date){start, after, (int)day, m->n, 0, -1, 0};
    f->year = find_year(s, len, &f->end);
    size_t b = back_spaces(s, f->start);
    size_t ws = word_start(s, b);
    const word_num *wd = ws < b ? word_at(k_weekdays, s, b, ws, &we) : NULL;
    if (wd && we == b) {
        f->weekday = wd->n;
        f->start = ws;
        b = back_spaces(s, ws);
        ws = word_start(s, b);
    }
    f->today = ws < b && ends_with_word(s, ws, b, k_today);
    return 1;
}

/* Day of the week, 0 Sunday (Sakamoto's method). */
static int weekday_of(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int days_in(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : n[m - 1];
}

#define MAX_YEARS 32

/* Distinct four-digit years 1900..2099 written in s. */
static size_t years_in(const char *s, size_t len, int *years)
{
    size_t n = 0, e, step;
    for (size_t i = 0; i < len; i += step) {
        step = 1;
        if (digit_at(s, len, i, &step) < 0) {
            step = 1;
            continue;
        }
        long y = number_at(s, len, i, 4, &e);
        if (y >= 1900 && y <= 2099) {
            size_t k = 0;
            while (k < n && years[k] != y)
                k++;
            if (k == n && n < MAX_YEARS)
                years[n++] = (int)y;
        }
        if (y >= 0)
            step = e - i;
        else /* skip the rest of a longer number */
            while (digit_at(s, len, i + step, &e) >= 0)
                step += e;
    }
    return n;
}

/* The year of a date written without one: a year the text names that fits
 * the weekday (the latest such), else the latest year not after ref on
 * which the date fell on that weekday. Without a weekday: the latest year
 * named, not after ref. 0 when nothing tells. */
static int resolve_year(const found_date *f, const int *years, size_t ny, int ref)
{
    if (f->year)
        return f->year;
    int best = 0;
    for (size_t k = 0; k < ny; k++)
        if (years[k] > best && (f->weekday < 0 ? years[k] <= ref
                                               : weekday_of(years[k], f->month, f->day) ==
                                                     f->weekday))
            best = years[k];
    for (int y = ref; !best && f->weekday >= 0 && y > ref - 28 * 4; y--)
        if (f->day <= days_in(y, f->month) && weekday_of(y, f->month, f->day) == f->weekday)
            best = y;
    return best;
}

/* Whether a word meaning "today" (k_today) is anywhere in s[0..len): a
 * date is the day of writing only after one (date_at's f->today).
 *
 * One pass for all of k_today rather than a memmem per word: each word has
 * bytes in a row no other word has at that place ("od" of "today", B3 D0
 * of "сегодня", 8A D9 of "اليوم"), sixteen places are tested for them at a
 * time, and only where they stand is the whole word compared (today_at). */
#define TODAY_AR "\xD8\xA7\xD9\x84\xD9\x8A\xD9\x88\xD9\x85" /* اليوم */
#define TODAY_RU_TAIL "\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB4\xD0\xBD\xD1\x8F" /* егодня */
_Static_assert(sizeof TODAY_AR - 1 == 10 && sizeof TODAY_RU_TAIL - 1 == 12, "today words");

/* Whether a word of k_today has its three marked bytes at s[k]. */
static int today_at(const char *s, size_t len, size_t k)
{
    const unsigned char *u = (const unsigned char *)s;
    switch (u[k]) {
    case 'o': /* "today", "Today": 'o' is byte 1 */
        return k >= 1 && len - k >= 4 && (u[k - 1] | 0x20) == 't' && memcmp(s + k, "oday", 4) == 0;
    case 0xB3: /* "сегодня", "Сегодня": B3 is byte 5 */
        return k >= 5 && len - k >= 9 && memcmp(s + k - 3, TODAY_RU_TAIL, 12) == 0 &&
               (memcmp(s + k - 5, "\xD1\x81", 2) == 0 || memcmp(s + k - 5, "\xD0\xA1", 2) == 0);
    case 0x8A: /* "اليوم": 8A is byte 5 */
        return k >= 5 && len - k >= 5 && memcmp(s + k - 5, TODAY_AR, 10) == 0;
    }
    return 0;
}

int ing_has_today(const char *s, size_t len)
{
    size_t i = 0;
#ifdef __SSE2__
    /* Two bytes find few places besides the words ("od" of "body" and
     * "good"): a third test in each step costs more than they do. */
    const __m128i o = _mm_set1_epi8('o'), d = _mm_set1_epi8('d');
    const __m128i r0 = _mm_set1_epi8((char)0xB3), r1 = _mm_set1_epi8((char)0xD0);
    const __m128i a0 = _mm_set1_epi8((char)0x8A), a1 = _mm_set1_epi8((char)0xD9);
    for (; len - i >= 17; i += 16) {
        __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
        __m128i en = _mm_and_si128(_mm_cmpeq_epi8(x0, o), _mm_cmpeq_epi8(x1, d));
        __m128i ru = _mm_and_si128(_mm_cmpeq_epi8(x0, r0), _mm_cmpeq_epi8(x1, r1));
        __m128i ar = _mm_and_si128(_mm_cmpeq_epi8(x0, a0), _mm_cmpeq_epi8(x1, a1));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(en, ru), ar));
        for (; m; m &= m - 1)
            if (today_at(s, len, i + (size_t)__builtin_ctz(m)))
                return 1;
    }
#endif
    for (; i < len; i++)
        if (today_at(s, len, i))
            return 1;
    return 0;
}

/* The publication date: one inside the dateline [dl0, dl1), else the first
 * date introduced by "today". Writes "YYYY-MM-DD" into out. */
static int publication_date(const char *s, size_t len, size_t dl0, size_t dl1, int ref,
                            char out[16])
{
    found_date f, pick = {0};
    int have = 0, after_letter = 0;
    /* A month name at or past the dateline's end makes a date that ends
     * past it too: only one after "today" can count there, and without
     * that word the rest of the article need not be read. */
    size_t stop = ing_has_today(s, len) ? len : dl1 > dl0 ? dl1 : 0;
    /* Month names start words: only word starts are tried. */
    for (size_t i = 0, next; i < stop && have < 2; i = next) {
        next = i;
        const unsigned char *u = (const unsigned char *)s;
        uint32_t c = u[i];
        int letter;
        if (c < 0xE0 && (c < 0x80 || i + 1 < len)) { /* ASCII or two bytes, no branch */
            uint32_t two = c >> 7, m = 0u - two;
            uint32_t cp = ((((c & 0x1F) << 6) | (u[i + two] & 0x3Fu)) & m) | (c & ~m);
            letter = letter_bits[cp >> 3] >> (cp & 7) & 1;
            next += 1 + two;
        } else {
            letter = is_letter(rk_utf8_next(s, len, &next));
        }
        int word_start = letter && !after_letter;
        after_letter = letter;
        if (!word_start || !date_at(s, len, i, &f))
            continue;
        if (f.start >= dl0 && f.end <= dl1 && dl1 > dl0) {
            pick = f;
            have = 2;
        } else if (f.today && !have) {
            pick = f;
            have = 1;
        }
        next = f.end;
        after_letter = 0;
    }
    int years[MAX_YEARS];
    size_t ny = have && !pick.year ? years_in(s, len, years) : 0;
    int y = have ? resolve_year(&pick, years, ny, ref) : 0;
    if (!y && have && pick.weekday < 0 && pick.month >= 1 && pick.month <= 12 &&
        pick.day >= 1 && pick.day <= days_in(2000, pick.month)) {
        /* a day and month the text gives without a year ("БЕЙРУТ, 11
         * августа. /ТАСС/."): ISO 8601's "--MM-DD"; the year comes from the
         * other articles of the corpus, when they agree on one */
        snprintf(out, 16, "--%02d-%02d", pick.month, pick.day);
        return 1;
    }
    if (!y || pick.day > days_in(y, pick.month))
        return 0;
    snprintf(out, 16, "%04d-%02d-%02d", y, pick.month, pick.day);
    return 1;
}

/* The dash that ends a dateline: "-", en dash or em dash; its length. */
static size_t dash_at(const char *s, size_t len, size_t i)
{
    if (s[i] == '-')
        return 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
        return 3;
    return 0;
}

/* The first dash (dash_at) starting in s[from, lim), lim <= len; its length
 * in *dl. lim and 0 when there is none. Sixteen bytes are tested at a time
 * for '-' and the en and em dashes' first byte E2. */
size_t ing_dash_find(const char *s, size_t len, size_t from, size_t lim, size_t *dl)
{
    size_t d = from;
#ifdef __SSE2__
    const __m128i minus = _mm_set1_epi8('-'), e2 = _mm_set1_epi8((char)0xE2);
    for (; d <= lim && lim - d >= 16; d += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + d));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(x, minus), _mm_cmpeq_epi8(x, e2)));
        for (; m; m &= m - 1) {
            size_t k = d + (size_t)__builtin_ctz(m);
            if ((*dl = dash_at(s, len, k)))
                return k;
        }
    }
#endif
    for (; d < lim; d++)
        if ((*dl = dash_at(s, len, d)))
            return d;
    *dl = 0;
    return lim;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Does the "." at s[i] end a sentence? Not in "Jan. 6", "U.S." or "St.
 * Petersburg": only after a word of five or more bytes, before a letter. */
static int sentence_stop(const char *s, size_t a, size_t b, size_t i)
{
    if (s[i] != '.' || i + 2 >= b || !is_blank(s[i + 1]))
        return 0;
    size_t w = i;
    while (w > a && !is_blank(s[w - 1]))
        w--;
    size_t n;
    return i - w >= 5 && digit_at(s, b, i + 2, &n) < 0;
}

/* Is s[a, b) short enough, in words and bytes, and free of sentence
 * punctuation, to be a dateline rather than the start of a sentence? */
static int dateline_like(const char *s, size_t a, size_t b)
{
    if (b <= a || b - a > DATELINE_MAX_BYTES)
        return 0;
    int words = 0, in_word = 0;
    for (size_t i = a; i < b; i++) {
        if (strchr("!?:;\"", s[i]) || (i + 1 < b && memcmp(s + i, "\xD8\x9F", 2) == 0) ||
            sentence_stop(s, a, b, i))
            return 0;
        if (is_blank(s[i]))
            in_word = 0;
        else if (!in_word && ++words)
            in_word = 1;
    }
    return words > 0 && words <= DATELINE_MAX_WORDS;
}

/* An upper-case letter (Latin or Cyrillic) at s[i]; its byte length, or 0. */
static size_t upper_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[i] >= 'A' && u[i] <= 'Z')
        return 1;
    if (i + 1 < len && u[i] == 0xD0 && ((u[i + 1] >= 0x90 && u[i + 1] <= 0xAF) || u[i + 1] == 0x81))
        return 2; /* А-Я, Ё */
    return 0;
}

/* An agency's dateline on line [ls, le): "БЕЙРУТ, 11 августа. /ТАСС/.",
 * "MOSCOW, August 11. /TASS/.": a place in capitals, a comma, and the
 * agency between slashes. Its text is s[ls, *b) (up to the closing slash). */
static int agency_dateline(const char *s, size_t len, size_t ls, size_t le, size_t *b)
{
    size_t i = ls, n, caps = 0;
    while (i < le && ((n = upper_at(s, len, i)) || s[i] == ' ' || s[i] == '-')) {
        caps += n != 0;
        i += n ? n : 1;
    }
    if (caps < 3 || i >= le || s[i] != ',')
        return 0;
    size_t lim = le - ls > DATELINE_MAX_BYTES ? ls + DATELINE_MAX_BYTES : le;
    if (i >= lim)
        return 0;
    const char *open = memchr(s + i, '/', lim - i);
    const char *close = open ? memchr(open + 1, '/', (size_t)(s + lim - open - 1)) : NULL;
    if (!open || !close || close - open < 3 || open[-1] != ' ')
        return 0;
    for (const char *q = open + 1; q < close; q++)
        if (*q == ' ' || *q == '.' || *q == ',')
            return 0; /* one word: the agency */
    *b = (size_t)(close - s) + 1;
    return 1;
}

/* Finds a dateline ending in a dash: on the first line before the lede
 * ("الوقت - اندلعت ...", "ALMATY (Reuters) - ..."), or alone on one of the
 * first lines ("موقع العهد الإخباري-"). Its text is s[*a, *b). */
static int find_dateline(const char *s, size_t len, size_t *a, size_t *b)
{
    size_t ls = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        ls = 3;
    for (int line = 0; line < 4 && ls < len; ls++) {
        if (s[ls] == '\n' || is_blank(s[ls]))
            continue; /* blank lines do not count */
        const char *nl = memchr(s + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - s) : len, dl;
        size_t lim = le - ls > DATELINE_MAX_BYTES + 4 ? ls + DATELINE_MAX_BYTES + 4 : le;
        size_t d = ing_dash_find(s, len, ls, lim, &dl);
        size_t pe = d, rest = d + dl;
        while (pe > ls && is_blank(s[pe - 1]))
            pe--;
        while (rest < le && is_blank(s[rest]))
            rest++;
        size_t tail = le;
        while (tail > rest && is_blank(s[tail - 1]))
            tail--;
        int own_line = dl && pe > ls && rest == tail;
        int inline_form = dl && pe > ls && line == 0 && tail - rest >= 60 &&
                          (pe < d || s[d - 1] == ')' || rest > d + dl);
        if ((own_line || inline_form) && dateline_like(s, ls, pe)) {
            *a = ls;
            *b = pe;
            return 1;
        }
        if (agency_dateline(s, len, ls, le, b)) {
            *a = ls;
            return 1;
        }
        line++;
        ls = le;
    }
    return 0;
}

/* Is every Latin letter of s[a, b) upper case (and is there one)? A Latin
 * dateline in capitals is a place ("ALMATY"); anything else names the
 * outlet ("الوقت"). */
static int latin_caps(const char *s, size_t a, size_t b)
{
    int upper = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            return 0;
        upper |= s[i] >= 'A' && s[i] <= 'Z';
    }
    return upper;
}

/* The place part of a dateline, cut before any date in it and trimmed of
 * trailing commas and spaces. */
static int set_place(rk_field *f, const char *s, size_t a, size_t b)
{
    found_date fd;
    for (size_t i = a; i < b; i++)
        if (date_at(s, b, i, &fd)) {
            b = fd.start;
            break;
        }
    while (b > a && (is_blank(s[b - 1]) || s[b - 1] == ','))
        b--;
    return f->origin == RK_ORIGIN_NONE ? ing_field_set(f, s + a, b - a, RK_ORIGIN_INFERRED) : 0;
}

/* Source and dateline from a dateline s[a, b). */
static int from_dateline(rk_document *d, const char *s, size_t a, size_t b)
{
    const char *open = memchr(s + a, '(', b - a);
    const char *close = open ? memchr(open, ')', (size_t)(s + b - open)) : NULL;
    if (!open && b > a + 2 && s[b - 1] == '/') { /* "БЕЙРУТ, 11 августа. /ТАСС/" */
        close = s + b - 1;
        for (open = close - 1; open > s + a && *open != '/'; open--)
            ;
    }
    int rc = 0;
    if (open && close && close > open + 1) {
        if (d->source.origin == RK_ORIGIN_NONE)
            rc = ing_field_set(&d->source, open + 1, (size_t)(close - open - 1),
                               RK_ORIGIN_INFERRED);
        if (rc == 0 && open > s + a)
            rc = set_place(&d->dateline, s, a, (size_t)(open - s));
    } else if (latin_caps(s, a, b)) {
        rc = set_place(&d->dateline, s, a, b);
    } else if (d->source.origin == RK_ORIGIN_NONE) {
        rc = ing_field_set(&d->source, s + a, b - a, RK_ORIGIN_INFERRED);
    }
    return rc;
}

/* The bytes of the letter at s[i] for the function-word scan: an ASCII
 * letter, or a Latin letter with a diacritic (U+00C0..U+024F, lead bytes
 * C3..C9); 0 for anything else, which ends a word. */
static size_t latin_letter(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return 1;
    if (c >= 0xC3 && c <= 0xC9 && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80)
        return 2;
    return 0;
}

/* The best and second best language of hits. */
static void stop_rank(const unsigned *hits, unsigned *best, unsigned *second)
{
    *best = 0;
    *second = 0;
    for (unsigned k = 1; k < N_STOP_LANGS && k < 8; k++)
        if (hits[k] > hits[*best])
            *best = k;
    for (unsigned k = 0; k < N_STOP_LANGS && k < 8; k++)
        if (k != *best && hits[k] > *second)
            *second = hits[k];
}

/* The language of a text in Latin script, from its function words (ASCII
 * letters folded to lower case): the language whose words are at least
 * twice as many as any other's, else "und" (undetermined), so that a French
 * or Spanish article is not taken for English. */
static const char *latin_language(const char *s, size_t len)
{
    unsigned hits[8] = {0}, best = 0, second = 0;
    char w[STOP_MAX_WORD];
    size_t words = 0;
    for (size_t i = 0; i < len && words < STOPWORD_WORDS;) {
        size_t l = latin_letter(s, len, i), n = 0;
        if (!l) {
            i++;
            continue;
        }
        for (; l; i += l, l = i < len ? latin_letter(s, len, i) : 0) {
            for (size_t b = 0; b < l; b++, n++)
                if (n < STOP_MAX_WORD)
                    w[n] = (char)(l == 1 ? s[i] | 0x20 : s[i + b]);
        }
        words++;
        unsigned langs = n <= STOP_MAX_WORD ? stop_langs_of(w, n) : 0;
        if (!langs)
            continue;
        for (unsigned k = 0; langs; k++, langs >>= 1)
            hits[k] += langs & 1;
        stop_rank(hits, &best, &second);
        if (hits[best] >= STOPWORD_ENOUGH && hits[best] >= 4 * second)
            break;
    }
    stop_rank(hits, &best, &second);
    return hits[best] && hits[best] >= 2 * second ? k_stop_langs[best].lang : "und";
}

/* The language of the majority script among letters; Latin script is told
 * apart by its function words (latin_language). */
static const char *script_language(const char *s, size_t len)
{
    size_t arabic = 0, latin = 0, cyrillic = 0;
    const unsigned char *u = (const unsigned char *)s;
    /* Byte by byte, so that no character waits for the one before it:
     * a lead byte is read with the bytes after it, a continuation byte
     * counts for nothing. */
    for (size_t i = 0; i < len; i++) {
        uint32_t b = u[i], k = 0;
        if (b < 0xE0) {
            uint32_t nb = i + 1 < len ? u[i + 1] : 0;
            uint32_t two = script_of[((b & 0x1F) << 6) | (nb & 0x3F)];
            k = b < 0x80 ? script_of[b] : b >= 0xC0 ? two : 0;
        } else if (b < 0xF0 && i + 2 < len) {
            k = script_class(((b & 0x0F) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu));
        }
        arabic += k == 1;
        latin += k == 2;
        cyrillic += k == 3;
    }
    if (arabic == 0 && latin == 0 && cyrillic == 0)
        return NULL;
    if (arabic >= latin && arabic >= cyrillic)
        return "ar";
    return cyrillic > latin ? "ru" : latin_language(s, len);
}

int ing_infer(rk_document *d, int reference_year)
{
    const char *s = d->body;
    size_t len = d->body_len < SCAN_WINDOW ? d->body_len : SCAN_WINDOW;
    /* Do not cut a code point in half at the window's edge. */
    while (len < d->body_len && len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--;
    size_t a = 0, b = 0;
    int rc = 0;
    if (!s)
        return 0;
    pthread_once(&tables_once, tables_build);
    if (find_dateline(s, len, &a, &b))
        rc = from_dateline(d, s, a, b);
    char date[16];
    if (rc == 0 && d->published.origin == RK_ORIGIN_NONE &&
        publication_date(s, len, a, b, reference_year, date))
        rc = ing_field_sets(&d->published, date, RK_ORIGIN_INFERRED);
    if (rc == 0 && d->language.origin == RK_ORIGIN_NONE) {
        size_t n = d->body_len < SCRIPT_WINDOW ? d->body_len : SCRIPT_WINDOW;
        rc = ing_field_sets(&d->language, script_language(s, n), RK_ORIGIN_INFERRED);
    }
    return rc;
}
