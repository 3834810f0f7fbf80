/* claim.c - freeing claims and claim sets. */
#include "claim.h"

#include <stdlib.h>

void rk_claim_clear(rk_claim *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->text);
    free(c->speaker);
    free(c->via);
    free(c->as_of);
    free(c->as_of_from);
    c->id = c->text = c->speaker = c->via = c->as_of = c->as_of_from = NULL;
}

void rk_claimset_clear(rk_claimset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        rk_claim_clear(&s->claims[i]);
    free(s->claims);
    s->claims = NULL;
    s->n = s->cap = 0;
    rk_doclist_free(&s->docs);
}
