/* fuzz_text.c - the text stage over arbitrary bytes: invalid UTF-8 is refused
 * with the offset of the bad byte, anything else gives a normalised view
 * whose offset map, sentences and tokens stay inside their texts, split into
 * the sentences ICU alone gives (the splitter settles most breaks from the
 * rules and ICU's abbreviation list itself; rk_txt_build's icu_only asks ICU
 * about every candidate). */
#include "fuzz.h"
#include "text/text_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The length picks the sentence-break locale, so both get exercised
     * without taking a byte away from the text itself. */
    const char *lang = size % 2 ? "en" : "ar";
    rk_text *t = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_text_build((const char *)data, size, lang, &t, &e);
    if (st == RK_OK) {
        FUZZ_CHECK(t != NULL && t->orig_len == size);
        fuzz_check_text(t);
        rk_text *ref = NULL;
        FUZZ_CHECK(rk_txt_build((const char *)data, size, lang, 1, &ref, &e) == RK_OK);
        FUZZ_CHECK(ref->n_sentences == t->n_sentences);
        for (size_t k = 0; k < t->n_sentences; k++)
            FUZZ_CHECK(ref->sentences[k].start == t->sentences[k].start &&
                       ref->sentences[k].end == t->sentences[k].end);
        rk_text_free(ref);
        /* the sentence ends the rules add keep the view whole: "тел." and
         * a Latin word, so both scripts' inputs reach the cut */
        static const char *const ends[] = {"тел", "no"};
        size_t before = t->n_sentences;
        FUZZ_CHECK(rk_text_end_sentences_after(t, ends, 2, &e) == RK_OK);
        FUZZ_CHECK(t->n_sentences >= before);
        fuzz_check_text(t);
        for (size_t k = 0; k < t->n_tokens; k++)
            FUZZ_CHECK(t->tokens[k].sentence < t->n_sentences &&
                       k - t->sentences[t->tokens[k].sentence].first_token <
                           t->sentences[t->tokens[k].sentence].n_tokens);
    } else if (st == RK_ERR_UTF8) {
        FUZZ_CHECK(e.offset >= 0 && (size_t)e.offset < size);
    }
    rk_text_free(t);
    return 0;
}
