/* relations.c - a fact-checker's pairwise relations (relations.jsonl) scored
 * against what the report concludes, the way the corpora's relation scorer
 * reads a report: an explicit link between the two claims first, then their
 * groups (one group and its verdict, a group below the other, unrelated). */
#include "event.h"

#include <stdlib.h>
#include <string.h>
#include "core/buf.h"

enum { G_CONTRA, G_RISING, G_AGREES, G_COMPAT, G_PART, G_DIFF };
enum {
    R_CONTRA, R_RISING, R_REVDN, R_AGREES, R_COMPAT, R_PART, R_PARTREV, R_SAMEGRP, R_DIFF,
    R_UNTYPED, R_SAMECL, R_UNMATCHED
};

static const char *const gold_names[RK_REL_GOLD_N] = {"contradicts", "rising", "agrees",
                                                      "compatible", "part_of", "different"};
static const char *const reckon_names[RK_REL_RECKON_N] = {
    "contradicts", "rising", "revised_down", "agrees", "compatible", "part_of", "part_of_rev",
    "same_group", "different", "untyped", "same_claim", "unmatched"};
static const char *const short_names[RK_REL_RECKON_N] = {
    "contra", "rising", "rev_dn", "agrees", "compat", "part", "part_rev", "same_grp", "differ",
    "untyped", "same_cl", "unmatch"};
/* The order links are preferred in when a pair has several. */
static const int link_rank[RK_REL_RECKON_N] = {0, 1, 1, 3, 4, 2, 2, 9, 9, 9, 9, 9};

const char *rk_rel_gold_name(int i)
{
    return i >= 0 && i < RK_REL_GOLD_N ? gold_names[i] : NULL;
}

const char *rk_rel_reckon_name(int i)
{
    return i >= 0 && i < RK_REL_RECKON_N ? reckon_names[i] : NULL;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int gold_index(const char *name)
{
    for (int i = 0; name && i < RK_REL_GOLD_N; i++)
        if (strcmp(name, gold_names[i]) == 0)
            return i;
    return -1;
}

/* The figure of a claim: the middle of a closed interval, else its one bound;
 * 0 when it has none. */
static int point(const cJSON *c, double *out)
{
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(c, "low");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(c, "high");
    int hl = cJSON_IsNumber(lo), hh = cJSON_IsNumber(hi);
    if (hl && hh)
        *out = (lo->valuedouble + hi->valuedouble) / 2;
    else if (hl || hh)
        *out = hl ? lo->valuedouble : hi->valuedouble;
    return hl || hh;
}

/* What the report holds, indexed. */
typedef struct model {
    const cJSON **claim;      /* by index in the claims array */
    const char **claim_id;
    size_t n_claims;
    const cJSON **group;
    const char **group_id;
    size_t n_groups;
    size_t *group_of;         /* per claim: its group, or (size_t)-1 */
    const cJSON *links;
} model;

static size_t claim_at(const model *m, const char *id)
{
    for (size_t i = 0; id && i < m->n_claims; i++)
        if (m->claim_id[i] && strcmp(m->claim_id[i], id) == 0)
            return i;
    return (size_t)-1;
}

static size_t group_at(const model *m, const char *id)
{
    for (size_t i = 0; id && i < m->n_groups; i++)
        if (m->group_id[i] && strcmp(m->group_id[i], id) == 0)
            return i;
    return (size_t)-1;
}

static int model_build(const cJSON *report, model *m)
{
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(report, "claims");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(report, "groups");
    size_t nc = (size_t)cJSON_GetArraySize(claims), ng = (size_t)cJSON_GetArraySize(groups);
    memset(m, 0, sizeof *m);
    m->links = cJSON_GetObjectItemCaseSensitive(report, "links");
    m->claim = calloc(nc + 1, sizeof *m->claim);
    m->claim_id = calloc(nc + 1, sizeof *m->claim_id);
    m->group_of = calloc(nc + 1, sizeof *m->group_of);
    m->group = calloc(ng + 1, sizeof *m->group);
    m->group_id = calloc(ng + 1, sizeof *m->group_id);
    if (!m->claim || !m->claim_id || !m->group_of || !m->group || !m->group_id)
        return -1;
    const cJSON *x;
    cJSON_ArrayForEach(x, claims)
    {
        m->group_of[m->n_claims] = (size_t)-1;
        m->claim_id[m->n_claims] = str_of(x, "id");
        m->claim[m->n_claims++] = x;
    }
    cJSON_ArrayForEach(x, groups)
    {
        m->group_id[m->n_groups] = str_of(x, "id");
        m->group[m->n_groups++] = x;
    }
    /* a claim's group: the first group listing it as member or superseded */
    for (size_t g = 0; g < m->n_groups; g++) {
        const char *lists[2] = {"members", "superseded"};
        for (int l = 0; l < 2; l++) {
            const cJSON *id;
            cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(m->group[g], lists[l]))
            {
                size_t c = cJSON_IsString(id) ? claim_at(m, id->valuestring) : (size_t)-1;
                if (c != (size_t)-1 && m->group_of[c] == (size_t)-1)
                    m->group_of[c] = g;
            }
        }
    }
    return 0;
}

static void model_free(model *m)
{
    free(m->claim);
    free(m->claim_id);
    free(m->group_of);
    free(m->group);
    free(m->group_id);
}

/* 1 when group `anc` is above group g in the parent chain. */
static int is_ancestor(const model *m, size_t g, size_t anc)
{
    size_t seen = 0;
    const char *p = str_of(m->group[g], "parent");
    while (p && seen++ <= m->n_groups) {
        size_t k = group_at(m, p);
        if (k == anc)
            return 1;
        if (k == (size_t)-1)
            return 0;
        p = str_of(m->group[k], "parent");
    }
    return 0;
}

/* The relation a link of kind from -> to says of the pair (a, b), or -1. */
static int link_relation(const model *m, const char *kind, size_t from, size_t to, size_t a)
{
    if (strcmp(kind, "contradicts") == 0)
        return R_CONTRA;
    if (strcmp(kind, "rises_from") == 0)
        return R_RISING;
    if (strcmp(kind, "supersedes") == 0) {
        double nw = 0, old = 0;
        int ok = point(m->claim[from], &nw) & point(m->claim[to], &old);
        return ok && nw < old ? R_REVDN : R_RISING;
    }
    if (strcmp(kind, "narrower_than") == 0)
        return from == a ? R_PART : R_PARTREV;
    if (strcmp(kind, "agrees") == 0)
        return R_AGREES;
    if (strcmp(kind, "compatible") == 0)
        return R_COMPAT;
    return -1;
}

/* Reckon's relation for two report claims (indices, -1 when unmatched). */
static int reckon_relation(const model *m, size_t a, size_t b, char *why, size_t wn)
{
    why[0] = '\0';
    if (a == (size_t)-1 || b == (size_t)-1)
        return R_UNMATCHED;
    if (a == b)
        return R_SAMECL;
    int best = -1;
    const cJSON *l;
    cJSON_ArrayForEach(l, m->links)
    {
        size_t from = claim_at(m, str_of(l, "from")), to = claim_at(m, str_of(l, "to"));
        const char *kind = str_of(l, "kind");
        if (!kind || !((from == a && to == b) || (from == b && to == a)))
            continue;
        int r = link_relation(m, kind, from, to, a);
        /* the lowest rank, then the name that sorts first */
        if (r >= 0 && (best < 0 || link_rank[r] < link_rank[best] ||
                       (link_rank[r] == link_rank[best] &&
                        strcmp(reckon_names[r], reckon_names[best]) < 0))) {
            best = r;
            const char *rule = str_of(l, "rule");
            snprintf(why, wn, "link %s (%s)", kind, rule ? rule : "None");
        }
    }
    if (best >= 0)
        return best;
    size_t ga = m->group_of[a], gb = m->group_of[b];
    if (ga == (size_t)-1 || gb == (size_t)-1) {
        snprintf(why, wn, "no group for %s", ga == (size_t)-1 ? str_of(m->claim[a], "text")
                                                               : str_of(m->claim[b], "text"));
        return R_UNTYPED;
    }
    if (ga == gb) {
        const char *v = str_of(m->group[ga], "verdict");
        snprintf(why, wn, "group %s (%s)", m->group_id[ga], v ? v : "None");
        if (v && (strcmp(v, "agree") == 0 || strcmp(v, "single") == 0))
            return R_AGREES;
        if (v && strcmp(v, "compatible") == 0)
            return R_COMPAT;
        if (v && strcmp(v, "rising") == 0)
            return R_RISING;
        return R_SAMEGRP;
    }
    if (is_ancestor(m, ga, gb)) {
        snprintf(why, wn, "group %s within %s", m->group_id[ga], m->group_id[gb]);
        return R_PART;
    }
    if (is_ancestor(m, gb, ga)) {
        snprintf(why, wn, "group %s within %s", m->group_id[gb], m->group_id[ga]);
        return R_PARTREV;
    }
    snprintf(why, wn, "groups %s / %s", m->group_id[ga], m->group_id[gb]);
    return R_DIFF;
}

/* The gold claim a relation side names, or (size_t)-1. */
static size_t ref_of(const rk_gold_ref *refs, size_t n, const cJSON *side)
{
    const char *f = str_of(side, "file"), *q = str_of(side, "quote"),
               *t = str_of(side, "number_text");
    for (size_t i = n; f && q && t && i-- > 0;)
        if (strcmp(refs[i].file, f) == 0 && strcmp(refs[i].quote, q) == 0 &&
            strcmp(refs[i].number_text, t) == 0)
            return i;
    return (size_t)-1;
}

/* The relations known between gold claims, as bit sets over the gold
 * relations, for the judgement of reckon's contradiction links. */
typedef struct pairset {
    size_t *x, *y;
    unsigned *rels;
    size_t n;
} pairset;

static unsigned pair_get(const pairset *p, size_t x, size_t y)
{
    if (x > y) {
        size_t t = x;
        x = y;
        y = t;
    }
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] == x && p->y[i] == y)
            return p->rels[i];
    return 0;
}

static void pair_add(pairset *p, size_t x, size_t y, unsigned rel)
{
    if (x > y) {
        size_t t = x;
        x = y;
        y = t;
    }
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] == x && p->y[i] == y) {
            p->rels[i] |= rel;
            return;
        }
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->rels[p->n++] = rel;
}

static size_t uf_find(size_t *root, size_t k)
{
    while (root[k] != k) {
        root[k] = root[root[k]];
        k = root[k];
    }
    return k;
}

static int same_opt(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

typedef struct rel_pair {
    size_t a, b;   /* gold refs */
    int gold;
} rel_pair;

/* Judges reckon's contradicts links by what gold knows of their claims. */
static int judge_links(const model *m, const rk_gold_ref *refs, size_t n_refs,
                       const size_t *pred, const rel_pair *pairs, size_t n_pairs,
                       rk_relation_figures *fig)
{
    pairset known = {0}, cls = {0};
    size_t *root = malloc((n_refs + 1) * sizeof *root);
    size_t *ka = malloc((n_refs + 1) * sizeof *ka), *kb = malloc((n_refs + 1) * sizeof *kb);
    int rc = -1;
    for (int k = 0; k < 2; k++) {
        pairset *p = k ? &cls : &known;
        p->x = malloc((n_pairs + 1) * sizeof *p->x);
        p->y = malloc((n_pairs + 1) * sizeof *p->y);
        p->rels = malloc((n_pairs + 1) * sizeof *p->rels);
    }
    if (!root || !ka || !kb || !known.x || !known.y || !known.rels || !cls.x || !cls.y ||
        !cls.rels)
        goto done;
    for (size_t i = 0; i < n_refs; i++)
        root[i] = i;
    for (size_t i = 0; i < n_pairs; i++)
        if (pairs[i].gold == G_AGREES)
            root[uf_find(root, pairs[i].a)] = uf_find(root, pairs[i].b);
    for (size_t i = 0; i < n_pairs; i++) {
        pair_add(&known, pairs[i].a, pairs[i].b, 1u << pairs[i].gold);
        pair_add(&cls, uf_find(root, pairs[i].a), uf_find(root, pairs[i].b),
                 1u << pairs[i].gold);
    }
    const cJSON *l;
    cJSON_ArrayForEach(l, m->links)
    {
        const char *kind = str_of(l, "kind");
        if (!kind || strcmp(kind, "contradicts") != 0)
            continue;
        fig->links++;
        size_t from = claim_at(m, str_of(l, "from")), to = claim_at(m, str_of(l, "to"));
        size_t na = 0, nb = 0;
        for (size_t i = 0; i < n_refs; i++) {
            if (pred[i] == (size_t)-1)
                continue;
            if (pred[i] == from)
                ka[na++] = i;
            if (pred[i] == to)
                kb[nb++] = i;
        }
        if (!na || !nb)
            continue;
        fig->links_both++;
        unsigned kn = 0, inf = 0;
        int otherq = 0, scope = 0;
        for (size_t x = 0; x < na; x++)
            for (size_t y = 0; y < nb; y++) {
                kn |= pair_get(&known, ka[x], kb[y]);
                inf |= pair_get(&cls, uf_find(root, ka[x]), uf_find(root, kb[y]));
                otherq |= !same_opt(refs[ka[x]].quantity, refs[kb[y]].quantity);
                scope |= !same_opt(refs[ka[x]].subject, refs[kb[y]].subject);
            }
        if ((kn | inf) & (1u << G_CONTRA))
            fig->links_true++;
        else if (kn)
            fig->links_known++;
        else if (inf)
            fig->links_inferred++;
        else if (otherq)
            fig->links_otherq++;
        else if (scope)
            fig->links_scope++;
    }
    rc = 0;
done:
    free(root);
    free(ka);
    free(kb);
    free(known.x);
    free(known.y);
    free(known.rels);
    free(cls.x);
    free(cls.y);
    free(cls.rels);
    return rc;
}

rk_status rk_event_score_relations(const cJSON *report, const rk_gold_ref *refs, size_t n_refs,
                                   const rk_annotations *relations, rk_relation_figures *fig,
                                   rk_findings *findings, rk_error *err)
{
    model m;
    size_t *pred = malloc((n_refs + 1) * sizeof *pred);
    rel_pair *pairs = malloc((relations->n + 1) * sizeof *pairs);
    size_t n_pairs = 0;
    int rc = model_build(report, &m);
    if (!pred || !pairs)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n_refs; i++)
        pred[i] = refs[i].claim ? claim_at(&m, str_of(refs[i].claim, "id")) : (size_t)-1;
    for (size_t i = 0; rc == 0 && i < relations->n; i++) {
        const rk_annotation *r = &relations->v[i];
        const cJSON *sa = cJSON_GetObjectItemCaseSensitive(r->obj, "a");
        const cJSON *sb = cJSON_GetObjectItemCaseSensitive(r->obj, "b");
        size_t a = ref_of(refs, n_refs, sa), b = ref_of(refs, n_refs, sb);
        int g = gold_index(str_of(r->obj, "relation"));
        if (a == (size_t)-1 || b == (size_t)-1 || g < 0) {
            rc = rk_findings_add(findings, relations->path, r->line, 0, 1, "%s",
                                 g < 0 ? "not a relation of the gold's vocabulary"
                                       : "a or b is not a gold claim (file, quote, number_text)");
            continue;
        }
        pairs[n_pairs++] = (rel_pair){a, b, g};
        char why[512];
        size_t ca = pred[a], cb = pred[b];
        int rr = reckon_relation(&m, ca, cb, why, sizeof why);
        fig->pairs++;
        fig->conf[g][rr]++;
        int one_group = ca != (size_t)-1 && cb != (size_t)-1 && m.group_of[ca] != (size_t)-1 &&
                        m.group_of[ca] == m.group_of[cb];
        int together = rr == R_SAMEGRP || rr == R_AGREES || rr == R_COMPAT || rr == R_CONTRA ||
                       rr == R_RISING || rr == R_REVDN || rr == R_SAMECL;
        if (g == G_DIFF && (one_group || together))
            fig->different_together++;
        if (strcmp(gold_names[g], reckon_names[rr]) != 0)
            rc = rk_findings_add(findings, relations->path, r->line, 0, 0,
                                 "%s -> %s: %s %s | %s %s%s%s%s", gold_names[g], reckon_names[rr],
                                 refs[a].file, refs[a].number_text, refs[b].file,
                                 refs[b].number_text, why[0] ? "  [" : "", why,
                                 why[0] ? "]" : "");
    }
    if (rc == 0)
        rc = judge_links(&m, refs, n_refs, pred, pairs, n_pairs, fig);
    model_free(&m);
    free(pred);
    free(pairs);
    return rc < 0 ? rk_error_set(err, RK_ERR_NOMEM, relations->path, 0, 0, "out of memory")
                  : RK_OK;
}

static size_t row_total(const rk_relation_figures *f, int g)
{
    size_t t = 0;
    for (int r = 0; r < RK_REL_RECKON_N; r++)
        t += f->conf[g][r];
    return t;
}

void rk_relation_headline_of(const rk_relation_figures *f, rk_relation_headline *h)
{
    memset(h, 0, sizeof *h);
    for (int g = 0; g < RK_REL_GOLD_N; g++)
        h->contra_called += f->conf[g][R_CONTRA];
    h->contra_right = h->contra_found = f->conf[G_CONTRA][R_CONTRA];
    h->contra_gold = row_total(f, G_CONTRA);
    h->rising_found = f->conf[G_RISING][R_RISING];
    h->rising_gold = row_total(f, G_RISING);
    h->part_found = f->conf[G_PART][R_PART];
    h->part_gold = row_total(f, G_PART);
    h->different_gold = row_total(f, G_DIFF);
    h->different_apart = h->different_gold - f->different_together;
}

static void pct(FILE *f, size_t a, size_t b)
{
    if (b)
        fprintf(f, "%.0f%%", 100.0 * (double)a / (double)b);
    else
        fputs("n/a", f);
}

void rk_relation_figures_write(const rk_relation_figures *f, FILE *out)
{
    int cols[RK_REL_RECKON_N], nc = 0;
    size_t w = 0;
    for (int c = 0; c < RK_REL_RECKON_N; c++) {
        int shown = c != R_SAMECL && c != R_REVDN && c != R_PARTREV;
        for (int g = 0; !shown && g < RK_REL_GOLD_N; g++)
            shown = f->conf[g][c] != 0;
        if (!shown)
            continue;
        cols[nc++] = c;
        if (strlen(short_names[c]) > w)
            w = strlen(short_names[c]);
    }
    w++;
    fprintf(out, "%-13s", "gold \\ reckon");
    for (int i = 0; i < nc; i++)
        fprintf(out, "%*s", (int)w, short_names[cols[i]]);
    fputs(" | total\n", out);
    for (int g = 0; g < RK_REL_GOLD_N; g++) {
        fprintf(out, "%-13s", gold_names[g]);
        for (int i = 0; i < nc; i++)
            fprintf(out, "%*zu", (int)w, f->conf[g][cols[i]]);
        fprintf(out, " | %zu\n", row_total(f, g));
    }
    fprintf(out, "%-13s", "total");
    for (int i = 0; i < nc; i++) {
        size_t t = 0;
        for (int g = 0; g < RK_REL_GOLD_N; g++)
            t += f->conf[g][cols[i]];
        fprintf(out, "%*zu", (int)w, t);
    }
    fprintf(out, " | %zu\n\n", f->pairs);
    fprintf(out,
            "reckon contradiction links: %zu, of which between gold-known non-contradicting "
            "claims: %zu\n",
            f->links, f->links_known + f->links_inferred + f->links_otherq);
    fprintf(out,
            "   (%zu links join two gold claims: %zu on a gold contradicts pair; "
            "non-contradicting: %zu on a pair gold relates otherwise, %zu more through a claim "
            "gold says agrees, %zu between gold claims of different quantities; %zu more "
            "between gold claims of one quantity but different subject or place, no relation "
            "known; %zu unjudged)\n",
            f->links_both, f->links_true, f->links_known, f->links_inferred, f->links_otherq,
            f->links_scope,
            f->links_both - f->links_true - f->links_known - f->links_inferred - f->links_otherq -
                f->links_scope);
    size_t ac = row_total(f, G_AGREES) + row_total(f, G_COMPAT);
    size_t ac_ok = f->conf[G_AGREES][R_AGREES] + f->conf[G_AGREES][R_COMPAT] +
                   f->conf[G_COMPAT][R_AGREES] + f->conf[G_COMPAT][R_COMPAT];
    size_t ac_contra = f->conf[G_AGREES][R_CONTRA] + f->conf[G_COMPAT][R_CONTRA];
    fputs("   agrees+compatible pairs read as agrees/compatible ", out);
    pct(out, ac_ok, ac);
    fputs(", as contradicts ", out);
    pct(out, ac_contra, ac);
    fprintf(out, "; different pairs kept apart only because a claim is untyped or unmatched: "
                 "%zu/%zu\n",
            f->conf[G_DIFF][R_UNTYPED] + f->conf[G_DIFF][R_UNMATCHED], row_total(f, G_DIFF));
    rk_relation_headline h;
    rk_relation_headline_of(f, &h);
    fputs("relations: contradicts P=", out);
    pct(out, h.contra_right, h.contra_called);
    fputs(" R=", out);
    pct(out, h.contra_found, h.contra_gold);
    fputs(" | rising R=", out);
    pct(out, h.rising_found, h.rising_gold);
    fputs(" | part_of R=", out);
    pct(out, h.part_found, h.part_gold);
    fputs(" | different kept apart=", out);
    pct(out, h.different_apart, h.different_gold);
    fprintf(out, " | pairs %zu\n", f->pairs);
}
