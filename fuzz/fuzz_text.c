/* fuzz_text.c - the text stage over arbitrary bytes: invalid UTF-8 is refused
 * with the offset of the bad byte, anything else gives a normalised view
 * whose offset map, sentences and tokens stay inside their texts. */
#include "fuzz.h"

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
    } else if (st == RK_ERR_UTF8) {
        FUZZ_CHECK(e.offset >= 0 && (size_t)e.offset < size);
    }
    rk_text_free(t);
    return 0;
}
