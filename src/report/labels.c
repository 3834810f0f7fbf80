/* labels.c - the label table of the report chrome (labels.h): every
 * <report><label> of the rule set, sorted by language and id for a binary
 * search. */
#include "labels.h"

#include <stdlib.h>
#include <string.h>

typedef struct label {
    char lang[12];     /* primary subtag, lower case */
    const char *id, *text;
    size_t seq;        /* load order: the later of two equal keys wins */
} label;

struct rk_labels {
    label *v;
    size_t n, cap;
};

/* The primary subtag of a BCP 47 tag, lower case, into out (12 bytes). */
static void primary(const char *tag, char *out)
{
    size_t i = 0;
    for (; tag && tag[i] && tag[i] != '-' && tag[i] != '_' && i < 11; i++)
        out[i] = (char)(tag[i] >= 'A' && tag[i] <= 'Z' ? tag[i] + 32 : tag[i]);
    out[i] = '\0';
}

static rk_status add_section(void *ctx, const rk_rnode *section, const char *lang,
                             rk_error *err)
{
    rk_labels *l = ctx;
    if (!lang)
        return RK_OK;
    for (size_t k = 0; k < section->n_kids; k++) {
        const rk_rnode *n = section->kids[k];
        const char *id = rk_rnode_attr(n, "id");
        if (strcmp(n->name, "label") != 0 || !id)
            continue;
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 256;
            label *v = realloc(l->v, cap * sizeof *v);
            if (!v)
                return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            l->v = v;
            l->cap = cap;
        }
        label *x = &l->v[l->n];
        primary(lang, x->lang);
        x->id = id;
        x->text = n->text;
        x->seq = l->n++;
    }
    return RK_OK;
}

static int cmp_label(const void *a, const void *b)
{
    const label *x = a, *y = b;
    int c = strcmp(x->lang, y->lang);
    if (!c)
        c = strcmp(x->id, y->id);
    if (!c)
        c = (x->seq > y->seq) - (x->seq < y->seq);
    return c;
}

rk_status rk_labels_load(const rk_rules *rules, rk_labels **out, rk_error *err)
{
    *out = NULL;
    rk_labels *l = calloc(1, sizeof *l);
    if (!l)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    rk_status st = rules ? rk_rules_each(rules, "report", add_section, l, err) : RK_OK;
    if (st != RK_OK) {
        rk_labels_free(l);
        return st;
    }
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, cmp_label);
    /* Keep the last of each run of equal keys. */
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (w && strcmp(l->v[w - 1].lang, l->v[i].lang) == 0 &&
            strcmp(l->v[w - 1].id, l->v[i].id) == 0)
            w--;
        l->v[w++] = l->v[i];
    }
    l->n = w;
    *out = l;
    return RK_OK;
}

void rk_labels_free(rk_labels *l)
{
    if (!l)
        return;
    free(l->v);
    free(l);
}

/* The first entry of language lang with an id >= id. */
static size_t lower_bound(const rk_labels *l, const char *lang, const char *id)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(l->v[mid].lang, lang);
        if (!c)
            c = strcmp(l->v[mid].id, id);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *rk_labels_get(const rk_labels *l, const char *lang, const char *id)
{
    char p[12];
    if (!l || !lang || !id)
        return NULL;
    primary(lang, p);
    size_t i = lower_bound(l, p, id);
    return i < l->n && strcmp(l->v[i].lang, p) == 0 && strcmp(l->v[i].id, id) == 0
               ? l->v[i].text
               : NULL;
}

int rk_labels_has_lang(const rk_labels *l, const char *lang)
{
    char p[12];
    if (!l || !lang)
        return 0;
    primary(lang, p);
    size_t i = lower_bound(l, p, "");
    return i < l->n && strcmp(l->v[i].lang, p) == 0;
}
