/* fuzz_numbers.c - the number reader, compiled once from the shipped rules,
 * over arbitrary text: every expression lies inside the text, in order, and
 * reads as a real interval. */
#include "fuzz.h"

#include <math.h>

static void check_number(const rk_text *t, const rk_number *n)
{
    FUZZ_CHECK(n->start <= n->end && n->end <= t->orig_len);
    FUZZ_CHECK(n->nstart <= n->nend && n->nend <= t->norm_len);
    FUZZ_CHECK(n->expr_nstart <= n->nstart && n->nend <= n->expr_nend);
    FUZZ_CHECK(n->expr_nend <= t->norm_len);
    FUZZ_CHECK(n->first_token <= n->end_token && n->end_token <= t->n_tokens);
    FUZZ_CHECK(n->sentence < t->n_sentences);
    if (n->has_low)
        FUZZ_CHECK(!isnan(n->low));
    if (n->has_high)
        FUZZ_CHECK(!isnan(n->high));
    if (n->has_low && n->has_high)
        FUZZ_CHECK(n->low <= n->high);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rk_numbers_reader *r = fuzz_reader();
    rk_text *t = NULL;
    rk_numlist nums = {0};
    rk_error e;
    rk_error_clear(&e);
    if (rk_text_build((const char *)data, size, size % 2 ? "en" : "ar", &t, &e) != RK_OK)
        goto done;
    if (rk_numbers_find(r, t, &nums, &e) != RK_OK)
        goto done;
    for (size_t i = 0; i < nums.n; i++) {
        check_number(t, &nums.items[i]);
        FUZZ_CHECK(i == 0 || nums.items[i - 1].nstart <= nums.items[i].nstart);
    }
done:
    rk_numlist_free(&nums);
    rk_text_free(t);
    return 0;
}
