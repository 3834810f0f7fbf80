/* names.c - the stable names of exactness and kinds used in every output,
 * the number list and the reader's settings. */
#include "numbers_int.h"

#include "../core/scratch.h"

#include <stdlib.h>

const char *rk_exactness_name(rk_exactness e)
{
    static const char *const names[] = {NULL, "exact", "approx", "at_least", "more_than",
                                        "at_most", "less_than", "range", "vague"};
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : NULL;
}

const char *rk_kind_name(rk_number_kind k)
{
    static const char *const names[] = {NULL, "count", "percent", "money", "measure",
                                        "multiple", "year", "date", "time", "ordinal",
                                        "label", "list_marker", "phone"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : NULL;
}

void rk_numlist_free(rk_numlist *l)
{
    if (!l)
        return;
    rk_scratch_give(RK_SCRATCH_NUMBERS, l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

double rk_numbers_approx_tolerance(const rk_numbers_reader *r)
{
    return r ? r->set.approx_tolerance : 0.1;
}
