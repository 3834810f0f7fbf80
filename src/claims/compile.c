/* compile.c - building the claims engine from a rule set: quantity and class
 * definitions, per-language settings, and every lexicon entry normalised by
 * the text stage and inserted into one token trie. */
#include "engine_int.h"
#include "nationals.h"
#include "nationals_known.h"
#include "trie_known.h"
#include "../core/buf.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define NONE32 UINT32_MAX
#define DEFAULT_WINDOW 10
#define DEFAULT_SPEAKER_WORDS 6

/* An entry waiting to be normalised: its source text and what it becomes. */
typedef enum item_kind {
    ITEM_LEX, ITEM_CLITIC, ITEM_CLAUSE, ITEM_STATEMENT, ITEM_SENTENCE, ITEM_CUE_CLITIC
} item_kind;

typedef struct item {
    item_kind kind;
    const char *src;            /* borrowed from the rule set */
    const rk_rnode *node;       /* for errors */
    uint16_t lang;
    int8_t plain;               /* rk_text_plain_word(src) when known, else -1 */
    lex_entry proto;            /* ITEM_LEX */
    const char *cue_clitic;     /* ITEM_LEX cues: the clitic attribute's source text */
} item;

typedef struct compiler {
    rk_engine *e;
    item *items;
    size_t n_items, cap_items;
    const rk_rnode *nationals[16]; /* <nationals> rules, by language */
    int nationals_lang[16];
    size_t n_nationals;
    /* the classes by id, for the nationals generator's hundreds of new
       classes (each was compared with every class before it): open
       addressing, 1 + the class index, 0 empty; classes [0, n_indexed) in */
    uint32_t *class_slots;
    size_t cap_class_slots, n_indexed;
    uint8_t lasting;            /* the sink's texts outlive the engine: the
                                   replay of the build's vocabulary */
    uint8_t known_trie;         /* the trie is the build's (take_known_trie):
                                   the replay hands the classes alone */
    uint8_t lasting_head;       /* the build's nationals text heads the
                                   engine's keys (lasting_at()) */
} compiler;

/* ---- small helpers -------------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int yes(const char *v)
{
    return v && strcmp(v, "yes") == 0;
}

static int lang_index(rk_engine *e, const char *lang, rk_error *err)
{
    if (!lang)
        return 0;
    for (size_t i = 1; i < e->n_langs; i++)
        if (strcmp(e->langs[i].lang, lang) == 0)
            return (int)i;
    lang_set *l = realloc(e->langs, (e->n_langs + 1) * sizeof *l);
    if (!l) {
        rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    e->langs = l;
    memset(&l[e->n_langs], 0, sizeof *l);
    /* no language without its tag: the next lookup compares every tag */
    if (!(l[e->n_langs].lang = rk_arena_strdup(e->arena, lang))) {
        rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    return (int)e->n_langs++;
}

static int find_quantity(const rk_engine *e, const char *id)
{
    for (size_t i = 0; id && i < e->n_quantities; i++)
        if (strcmp(e->quantities[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int find_class(const rk_engine *e, const char *id)
{
    for (size_t i = 0; id && i < e->n_classes; i++)
        if (strcmp(e->classes[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int intern_scope(rk_engine *e, const char *id)
{
    for (size_t i = 0; i < e->n_scopes; i++)
        if (strcmp(e->scopes[i], id) == 0)
            return (int)i;
    const char **s = realloc(e->scopes, (e->n_scopes + 1) * sizeof *s);
    if (!s)
        return -1;
    e->scopes = s;
    if (!(s[e->n_scopes] = rk_arena_strdup(e->arena, id)))
        return -1;
    return (int)e->n_scopes++;
}

/* Bit set of number kinds from "count percent ...". */
static uint8_t parse_kinds(const char *v)
{
    static const struct { const char *name; int kind; } names[] = {
        {"count", RK_KIND_COUNT}, {"percent", RK_KIND_PERCENT},
        {"money", RK_KIND_MONEY}, {"measure", RK_KIND_MEASURE}};
    uint8_t bits = 0;
    while (v && *v) {
        while (*v == ' ' || *v == '\t' || *v == '\n')
            v++;
        size_t n = strcspn(v, " \t\n");
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (n && strlen(names[i].name) == n && strncmp(names[i].name, v, n) == 0)
                bits |= (uint8_t)(1u << names[i].kind);
        v += n;
    }
    return bits;
}

/* ---- pass 1: definitions and settings ------------------------------------ */

static rk_status def_quantity(rk_engine *e, const rk_rnode *n, rk_error *err)
{
    const char *id = rk_rnode_attr(n, "id");
    int prev = find_quantity(e, id);
    if (prev >= 0)
        return rk_rnode_error(n, err, "duplicate quantity id '%s' (first defined at %s:%ld)", id,
                              e->quantities[prev].file, e->quantities[prev].line);
    quantity_def *q = realloc(e->quantities, (e->n_quantities + 1) * sizeof *q);
    if (!q)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    e->quantities = q;
    q = &q[e->n_quantities++];
    memset(q, 0, sizeof *q);
    q->id = rk_arena_strdup(e->arena, id);
    q->unit = rk_arena_strdup(e->arena, rk_rnode_attr(n, "unit"));
    q->subject = rk_arena_strdup(e->arena, rk_rnode_attr(n, "subject"));
    /* a quantity is never left without its id: lookups compare every id */
    if (!q->id || (!q->unit && rk_rnode_attr(n, "unit")) ||
        (!q->subject && rk_rnode_attr(n, "subject"))) {
        e->n_quantities--;
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    /* subject="named": no class of its own, the whole its sentence names */
    if (q->subject && strcmp(q->subject, "named") == 0) {
        q->of_named = 1;
        q->subject = NULL;
    }
    const char *k = rk_rnode_attr(n, "kinds");
    q->kinds = k ? parse_kinds(k) : (uint8_t)(1u << RK_KIND_COUNT);
    q->default_for = parse_kinds(rk_rnode_attr(n, "default-for"));
    const char *d = rk_rnode_attr(n, "dated");
    q->dated = !(d && strcmp(d, "no") == 0);
    const char *sp = rk_rnode_attr(n, "span");
    q->span = sp && strcmp(sp, "yes") == 0;
    q->subject_class = -1;
    for (const char *u = rk_rnode_attr(n, "units"); u && *u;) {
        while (*u == ' ' || *u == '\t' || *u == '\n')
            u++;
        size_t len = strcspn(u, " \t\n");
        if (!len)
            break;
        const char **v = rk_arena_alloc(e->arena, (q->n_units + 1) * sizeof *v);
        if (!v)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (q->n_units)
            memcpy(v, q->units, q->n_units * sizeof *v);
        if (!(v[q->n_units] = rk_arena_strndup(e->arena, u, len)))
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        q->n_units++;
        q->units = v;
        u += len;
    }
    q->file = n->file;
    q->line = n->line;
    return RK_OK;
}

static const char *const orig_kinds[ORIG_N_KINDS] = {
    "unknown", "government", "ministry", "health_authority", "military", "police",
    "civil_defence", "un_agency", "red_cross", "ngo", "media", "witness", "anonymous_official"};

const char *rk_claims_orig_kind_name(int kind)
{
    return kind >= 0 && kind < ORIG_N_KINDS ? orig_kinds[kind] : NULL;
}

static int orig_kind(const char *v)
{
    for (int k = 0; v && k < ORIG_N_KINDS; k++)
        if (strcmp(orig_kinds[k], v) == 0)
            return k;
    return ORIG_UNKNOWN;
}

static int find_orig(const rk_engine *e, const char *id)
{
    for (size_t i = 0; id && i < e->n_origs; i++)
        if (strcmp(e->origs[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* <originator id kind>: one id for every language's names of a source; a
 * second element with the same id adds names (its kind must agree). */
static rk_status def_orig(rk_engine *e, const rk_rnode *n, rk_error *err)
{
    const char *id = rk_rnode_attr(n, "id");
    int kind = orig_kind(rk_rnode_attr(n, "kind"));
    int prev = find_orig(e, id);
    if (prev >= 0) {
        if (e->origs[prev].kind != kind)
            return rk_rnode_error(n, err, "originator '%s' has kind %s at %s:%ld", id,
                                  orig_kinds[e->origs[prev].kind], e->origs[prev].file,
                                  e->origs[prev].line);
        return RK_OK;
    }
    orig_def *o = realloc(e->origs, (e->n_origs + 1) * sizeof *o);
    if (!o)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    e->origs = o;
    o = &o[e->n_origs++];
    o->id = rk_arena_strdup(e->arena, id);
    o->kind = kind;
    o->file = n->file;
    o->line = n->line;
    return o->id ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static rk_status def_class(rk_engine *e, const rk_rnode *n, rk_error *err)
{
    const char *id = rk_rnode_attr(n, "id");
    int prev = find_class(e, id);
    if (prev >= 0)
        return rk_rnode_error(n, err, "duplicate class id '%s' (first defined at %s:%ld)", id,
                              e->classes[prev].file, e->classes[prev].line);
    class_def *c = realloc(e->classes, (e->n_classes + 1) * sizeof *c);
    if (!c)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    e->classes = c;
    c = &c[e->n_classes++];
    memset(c, 0, sizeof *c);
    c->id = rk_arena_strdup(e->arena, id);
    c->unit = rk_arena_strdup(e->arena, rk_rnode_attr(n, "unit"));
    c->quantity = rk_arena_strdup(e->arena, rk_rnode_attr(n, "quantity"));
    if (!c->id || (!c->unit && rk_rnode_attr(n, "unit")) ||
        (!c->quantity && rk_rnode_attr(n, "quantity"))) {
        e->n_classes--;
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    c->quantity_index = -1;
    c->person = yes(rk_rnode_attr(n, "person"));
    c->file = n->file;
    c->line = n->line;
    return RK_OK;
}

/* A new item at the end of c->items, NULL when out of memory. */
static item *push_item(compiler *c, item_kind kind, const rk_rnode *n, const char *src, int lang,
                       const lex_entry *proto)
{
    if (grow((void **)&c->items, &c->cap_items, c->n_items + 1, sizeof *c->items) < 0)
        return NULL;
    item *it = &c->items[c->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->src = src;
    it->node = n;
    it->lang = (uint16_t)lang;
    it->plain = -1;
    if (proto)
        it->proto = *proto;
    return it;
}

static rk_status add_item(compiler *c, item_kind kind, const rk_rnode *n, const char *src, int lang,
                          const lex_entry *proto, rk_error *err)
{
    if (!push_item(c, kind, n, src, lang, proto))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

static rk_status def_setting(rk_engine *e, const rk_rnode *n, int li)
{
    const char *name = rk_rnode_attr(n, "name");
    int v = atoi(rk_rnode_attr(n, "value"));
    if (strcmp(name, "window") == 0)
        e->langs[li].window = v;
    else
        e->langs[li].speaker_words = v;
    return RK_OK;
}

static rk_status pass_defs(void *ctx, const rk_rnode *sec, const char *lang, rk_error *err)
{
    compiler *c = ctx;
    rk_engine *e = c->e;
    int li = lang_index(e, lang, err);
    if (li < 0)
        return RK_ERR_NOMEM;
    for (size_t i = 0; i < sec->n_kids; i++) {
        const rk_rnode *n = sec->kids[i];
        rk_status st = RK_OK;
        if (strcmp(n->name, "quantity") == 0)
            st = def_quantity(e, n, err);
        else if (strcmp(n->name, "class") == 0)
            st = def_class(e, n, err);
        else if (strcmp(n->name, "originator") == 0)
            st = def_orig(e, n, err);
        else if (strcmp(n->name, "setting") == 0)
            st = def_setting(e, n, li);
        else if (strcmp(n->name, "nationals") == 0) {
            if (c->n_nationals == sizeof c->nationals / sizeof c->nationals[0])
                st = rk_rnode_error(n, err, "too many <nationals> rules");
            else {
                c->nationals_lang[c->n_nationals] = li;
                c->nationals[c->n_nationals++] = n;
            }
        }
        else if (strcmp(n->name, "clitic") == 0)
            st = add_item(c, ITEM_CLITIC, n, n->text, li, NULL, err);
        else if (strcmp(n->name, "break") == 0)
        {
            const char *kind = rk_rnode_attr(n, "kind");
            st = add_item(c, strcmp(kind, "clause") == 0     ? ITEM_CLAUSE
                             : strcmp(kind, "sentence") == 0 ? ITEM_SENTENCE
                                                             : ITEM_STATEMENT,
                          n, n->text, li, NULL, err);
        }
        if (st != RK_OK)
            return st;
    }
    return RK_OK;
}

/* Links quantity subjects and class quantities once every file is read. */
static rk_status resolve_defs(rk_engine *e, rk_error *err)
{
    for (size_t i = 0; i < e->n_quantities; i++) {
        quantity_def *q = &e->quantities[i];
        if (!q->subject)
            continue;
        q->subject_class = find_class(e, q->subject);
        if (q->subject_class < 0)
            return rk_error_set(err, RK_ERR_RULES, q->file, q->line, 0,
                                "quantity '%s' refers to undefined class '%s'", q->id,
                                q->subject);
    }
    for (size_t i = 0; i < e->n_classes; i++) {
        class_def *k = &e->classes[i];
        if (!k->quantity)
            continue;
        k->quantity_index = find_quantity(e, k->quantity);
        if (k->quantity_index < 0)
            return rk_error_set(err, RK_ERR_RULES, k->file, k->line, 0,
                                "class '%s' refers to undefined quantity '%s'", k->id,
                                k->quantity);
    }
    return RK_OK;
}

/* ---- pass 2: lexicons ------------------------------------------------------ */

/* Fills proto for a lexicon group element, resolving its target. Returns
 * RK_OK with proto->type LEX_NONE for elements that are not lexicons. */
static rk_status group_proto(const rk_engine *e0, const rk_rnode *n, lex_entry *p, rk_error *err)
{
    rk_engine *e = (rk_engine *)e0;
    memset(p, 0, sizeof *p);
    p->target = -1;
    const char *name = n->name;
    if (strcmp(name, "predicate") == 0) {
        const char *q = rk_rnode_attr(n, "quantity");
        p->type = LEX_PRED;
        if ((p->target = find_quantity(e, q)) < 0)
            return rk_rnode_error(n, err, "predicate refers to undefined quantity '%s'", q);
    } else if (strcmp(name, "subject") == 0 || strcmp(name, "nationality") == 0) {
        const char *k = rk_rnode_attr(n, "class");
        p->type = name[0] == 's' ? LEX_SUBJ : LEX_NATION;
        if (yes(rk_rnode_attr(n, "troop")))
            p->flags |= LEXF_TROOP;
        if (yes(rk_rnode_attr(n, "near")))
            p->flags |= LEXF_NEAR;
        if ((p->target = find_class(e, k)) < 0)
            return rk_rnode_error(n, err, "%s refers to undefined class '%s'", name, k);
    } else if (strcmp(name, "scope") == 0) {
        p->type = LEX_SCOPE;
        if ((p->target = intern_scope(e, rk_rnode_attr(n, "id"))) < 0)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else if (strcmp(name, "cue") == 0) {
        const char *reach = rk_rnode_attr(n, "reach"), *asof = rk_rnode_attr(n, "as-of");
        p->type = LEX_CUE;
        if (strcmp(rk_rnode_attr(n, "speaker"), "before") == 0)
            p->flags |= LEXF_CUE_BEFORE;
        else if (strcmp(rk_rnode_attr(n, "speaker"), "self") == 0)
            p->flags |= LEXF_CUE_SELF;
        const char *relay = rk_rnode_attr(n, "relay");
        if (yes(relay))
            p->flags |= LEXF_CUE_RELAY;
        else if (relay && strcmp(relay, "before") == 0)
            p->flags |= LEXF_CUE_BACK;
        else if (relay && strcmp(relay, "only") == 0)
            p->flags |= LEXF_CUE_VIAONLY;
        if (reach && strcmp(reach, "clause") == 0)
            p->flags |= LEXF_CUE_CLAUSE;
        if (asof && strcmp(asof, "published") == 0)
            p->flags |= LEXF_CUE_ASOF_PUB;
        if (yes(rk_rnode_attr(n, "continues")))
            p->flags |= LEXF_CUE_NOPHRASE;
        const char *av = rk_rnode_attr(n, "after-verb");
        if (av && strcmp(av, "relay") == 0)
            p->flags |= LEXF_CUE_SAID_VIA;
    } else if (strcmp(name, "originator") == 0) {
        p->type = LEX_ORIG;
        p->target = find_orig(e, rk_rnode_attr(n, "id"));
    } else if (strcmp(name, "originator-ref") == 0) {
        p->type = LEX_ORIG_REF;
        for (const char *v = rk_rnode_attr(n, "kinds"); v && *v;) {
            while (*v == ' ' || *v == '\t' || *v == '\n')
                v++;
            size_t len = strcspn(v, " \t\n");
            for (int k = 0; len && k < ORIG_N_KINDS; k++)
                if (strlen(orig_kinds[k]) == len && strncmp(orig_kinds[k], v, len) == 0)
                    p->ival |= 1 << k;
            v += len;
        }
    } else if (strcmp(name, "hedge") == 0) {
        p->type = LEX_HEDGE;
    } else if (strcmp(name, "time") == 0) {
        const char *wd = rk_rnode_attr(n, "weekday"), *off = rk_rnode_attr(n, "offset");
        p->type = LEX_TIME;
        p->ival = wd ? atoi(wd) : off ? atoi(off) : 0;
        if (wd)
            p->flags |= LEXF_TIME_WEEKDAY;
        if (yes(rk_rnode_attr(n, "earlier")))
            p->flags |= LEXF_TIME_EARLIER;
    } else if (strcmp(name, "words") == 0) {
        static const struct { const char *role; lex_type t; } roles[] = {
            {"of", LEX_OF}, {"anaphor", LEX_ANAPHOR}, {"relay", LEX_RELAY},
            {"stop", LEX_STOP}, {"filler", LEX_FILLER}, {"pronoun", LEX_PRONOUN},
            {"relative", LEX_RELATIVE}, {"toll", LEX_TOLL}, {"thing", LEX_THING},
            {"teaser", LEX_TEASER}, {"elsewhere", LEX_ELSEWHERE}, {"ago", LEX_AGO},
            {"breakdown", LEX_BREAKDOWN}, {"not-speaker", LEX_NOT_SPEAKER},
            {"article", LEX_ARTICLE}, {"continue", LEX_CONTINUE}, {"back", LEX_BACK},
            {"source", LEX_SOURCE}, {"revise", LEX_REVISE}, {"retract", LEX_RETRACT},
            {"deny", LEX_DENY}, {"correct", LEX_CORRECT},
            {"count-of", LEX_COUNT_OF}, {"increment", LEX_INCREMENT}, {"that", LEX_THAT},
            {"place", LEX_PLACE}, {"place-noun", LEX_PLACE_NOUN}, {"place-after", LEX_PLACE_AFTER},
            {"as-of", LEX_AS_OF}, {"event-clause", LEX_EVENT_CLAUSE},
            {"event-of", LEX_EVENT_OF}};
        const char *role = rk_rnode_attr(n, "role");
        for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
            if (strcmp(role, roles[i].role) == 0)
                p->type = (uint8_t)roles[i].t;
    }
    return RK_OK;
}

static rk_status pass_lex(void *ctx, const rk_rnode *sec, const char *lang, rk_error *err)
{
    compiler *c = ctx;
    int li = lang_index(c->e, lang, err);
    if (li < 0)
        return RK_ERR_NOMEM;
    for (size_t i = 0; i < sec->n_kids; i++) {
        const rk_rnode *g = sec->kids[i];
        lex_entry proto;
        rk_status st = group_proto(c->e, g, &proto, err);
        if (st != RK_OK)
            return st;
        if (proto.type == LEX_NONE)
            continue;
        proto.lang = (uint16_t)li;
        const char *cue_clitic = proto.type == LEX_CUE ? rk_rnode_attr(g, "clitic") : NULL;
        for (size_t k = 0; k < g->n_kids; k++) {
            const rk_rnode *w = g->kids[k];
            lex_entry p = proto;
            if (yes(rk_rnode_attr(w, "one")))
                p.flags |= LEXF_ONE;
            if (yes(rk_rnode_attr(w, "troop")))
                p.flags |= LEXF_TROOP;
            if ((st = add_item(c, ITEM_LEX, w, w->text, li, &p, err)) != RK_OK)
                return st;
            c->items[c->n_items - 1].cue_clitic = cue_clitic;
        }
    }
    return RK_OK;
}

/* ---- generated vocabulary: nationals of every country ----------------------- */

/* The slot of class id in c's index: its own, or the empty one it would
 * take. */
static uint32_t *class_slot(const compiler *c, const char *id)
{
    size_t mask = c->cap_class_slots - 1;
    for (size_t i = (size_t)rk_token_mix(id, strlen(id)) & mask;; i = (i + 1) & mask) {
        uint32_t *sl = &c->class_slots[i];
        if (!*sl || strcmp(c->e->classes[*sl - 1].id, id) == 0)
            return sl;
    }
}

/* Puts the classes made since the last call in c's index, grown to hold
 * them at most half full; -1 when out of memory. */
static int index_classes(compiler *c)
{
    const rk_engine *e = c->e;
    if ((e->n_classes + 1) * 2 > c->cap_class_slots) {
        size_t cap = c->cap_class_slots ? c->cap_class_slots : 512;
        while ((e->n_classes + 1) * 2 > cap)
            cap *= 2;
        uint32_t *sl = calloc(cap, sizeof *sl);
        if (!sl)
            return -1;
        free(c->class_slots);
        c->class_slots = sl;
        c->cap_class_slots = cap;
        c->n_indexed = 0;
    }
    for (; c->n_indexed < e->n_classes; c->n_indexed++) {
        uint32_t *sl = class_slot(c, e->classes[c->n_indexed].id);
        if (!*sl) /* the first of a duplicated id is the one found */
            *sl = (uint32_t)c->n_indexed + 1;
    }
    return 0;
}

static int nat_class_of(void *ctx, const char *id, const char *desc, rk_error *err)
{
    compiler *c = ctx;
    rk_engine *e = c->e;
    if (!id || index_classes(c) < 0) {
        rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    uint32_t k = *class_slot(c, id);
    if (k)
        return (int)k - 1;
    class_def *v = realloc(e->classes, (e->n_classes + 1) * sizeof *v);
    if (!v) {
        rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    e->classes = v;
    class_def *cl = &v[e->n_classes];
    memset(cl, 0, sizeof *cl);
    cl->id = rk_arena_strdup(e->arena, id);
    cl->unit = "person";
    cl->quantity_index = -1;
    cl->description = rk_arena_strdup(e->arena, desc);
    cl->nationals = 1;
    cl->file = "ICU country names";
    if (!cl->id || !cl->description) {
        rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return -1;
    }
    return (int)e->n_classes++;
}

static rk_status nat_entry(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                           int dual, int plain, rk_error *err)
{
    compiler *c = ctx;
    const lex_entry p = {.type = LEX_SUBJ, .flags = dual ? LEXF_DUAL : 0,
                         .lang = (uint16_t)lang, .target = cls};
    item *it = push_item(c, ITEM_LEX, node, src, lang, &p);
    if (!it)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    it->plain = (int8_t)plain;
    return RK_OK;
}

static rk_status nat_place(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                           rk_error *err)
{
    compiler *c = ctx;
    const lex_entry p = {.type = LEX_PLACE_NAME, .lang = (uint16_t)lang, .target = cls};
    item *it = push_item(c, ITEM_LEX, node, src, lang, &p);
    if (!it)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

static const rk_nationals_sink_s nat_sink = {nat_class_of, nat_entry, nat_place};
/* The replay's classes alone, when the build's trie has its entries. */
static const rk_nationals_sink_s nat_classes = {nat_class_of, NULL, NULL};

/* Room for the items the nationals rules will add: about 8,700 forms,
 * phrases and names per language in the shipped rules (26,108 for three,
 * after 2,583 items of the rule files). Grown from the rule files' own
 * items, the array was reallocated three times at up to 2 MB (4 % of
 * start-up); a guess too small still grows as before. */
static rk_status reserve_nationals(compiler *c, rk_error *err)
{
    size_t want = c->n_items + (size_t)c->n_nationals * 9000;
    if (c->n_nationals && grow((void **)&c->items, &c->cap_items, want, sizeof *c->items) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

/* ---- the trie --------------------------------------------------------------- */

/* Moves the edges to a table of cap slots (a power of two, more than it
 * holds). */
static int edges_resize(rk_engine *e, size_t cap)
{
    trie_slot *ne = calloc(cap, sizeof *ne);
    if (!ne)
        return -1;
    for (size_t i = 0; i < e->cap_edges; i++) {
        const trie_slot *sl = &e->edges[i];
        if (!sl->child)
            continue;
        const trie_node *c = &e->nodes[sl->child];
        size_t j = (size_t)claims_edge_hash(c->parent, claims_mix(node_key(e, c), c->len)) &
                   (cap - 1);
        while (ne[j].child)
            j = (j + 1) & (cap - 1);
        ne[j] = *sl;
    }
    free(e->edges);
    e->edges = ne;
    e->cap_edges = cap;
    return 0;
}

static int edges_rehash(rk_engine *e)
{
    return edges_resize(e, e->cap_edges ? e->cap_edges * 2 : 1024);
}

static uint32_t new_node(rk_engine *e)
{
    if (grow((void **)&e->nodes, &e->cap_nodes, e->n_nodes + 1, sizeof *e->nodes) < 0)
        return NONE32;
    e->nodes[e->n_nodes] = (trie_node){.payload = NONE32};
    return (uint32_t)e->n_nodes++;
}

/* Appends s[0..n) and a NUL to the engine's keys; returns its offset, or
 * NONE32 when out of memory, past what an offset holds, or the keys are
 * the build's (take_known_trie()). */
static uint32_t key_put(rk_engine *e, const char *s, size_t n)
{
    size_t at = e->keys_len;
    if (e->trie_borrowed || n >= UINT32_MAX / 2 || at >= UINT32_MAX / 2 ||
        grow((void **)&e->keys_own, &e->keys_cap, at + n + 1, 1) < 0)
        return NONE32;
    memcpy(e->keys_own + at, s, n);
    e->keys_own[at + n] = '\0';
    e->keys_len = at + n + 1;
    e->keys = e->keys_own; /* it may have moved: the offsets have not */
    return (uint32_t)at;
}

/* The child of node under tok, created when missing with a copy of tok in
 * the engine's keys, or, when at is not NONE32, with the key at offset at
 * of the keys (tok itself, already there). */
static uint32_t trie_step(rk_engine *e, uint32_t node, const char *tok, size_t n, uint32_t at)
{
    uint64_t m = claims_mix(tok, n); /* once, for the lookup and the new edge */
    uint32_t c = claims_child_mixed(e, node, tok, n, m);
    if (c != NONE32)
        return c;
    if ((e->n_edges + 1) * 2 > e->cap_edges && edges_rehash(e) < 0)
        return NONE32;
    uint32_t kept = at != NONE32 ? at : key_put(e, tok, n);
    if (kept == NONE32 || (c = new_node(e)) == NONE32)
        return NONE32;
    e->nodes[c].parent = node;
    e->nodes[c].len = (uint32_t)n;
    e->nodes[c].tok = kept;
    uint64_t h = claims_edge_hash(node, m);
    size_t mask = e->cap_edges - 1, i = (size_t)h & mask;
    while (e->edges[i].child)
        i = (i + 1) & mask;
    e->edges[i] = (trie_slot){(uint32_t)(h >> 32), c};
    e->n_edges++;
    e->nodes[node].n_children++;
    uint32_t k = node == 0 ? root_key_of(m) : next_key_of(node, m);
    uint8_t *bits = node == 0 ? e->root_keys : e->next_keys;
    bits[k >> 3] |= (uint8_t)(1u << (k & 7));
    return c;
}

static int add_payload(rk_engine *e, uint32_t node, const lex_entry *p)
{
    if (grow((void **)&e->lex, &e->cap_lex, e->n_lex + 1, sizeof *e->lex) < 0)
        return -1;
    lex_entry *l = &e->lex[e->n_lex];
    *l = *p;
    l->next = NONE32;
    e->nodes[node].langs |= LANG_BIT(p->lang);
    if (p->type == LEX_SUBJ && (p->flags & (LEXF_ONE | LEXF_DUAL)))
        e->singular_langs |= LANG_BIT(p->lang);
    /* Keep payloads in rule order: append at the tail. */
    uint32_t *link = &e->nodes[node].payload, n = 1;
    for (; *link != NONE32; n++)
        link = &e->lex[*link].next;
    *link = (uint32_t)e->n_lex++;
    if (n > e->max_payload)
        e->max_payload = n;
    return 0;
}

/* ---- normalisation -------------------------------------------------------- */

static const char *tok_copy(rk_engine *e, const rk_text *t, const rk_token *k)
{
    return rk_arena_strndup(e->arena, t->norm + k->start, k->end - k->start);
}

static int push_str(const char ***v, size_t *n, const char *s)
{
    const char **q = realloc(*v, (*n + 1) * sizeof *q);
    if (!q || !s)
        return -1;
    *v = q;
    q[(*n)++] = s;
    return 0;
}

/* Gives one normalised item its place: a trie entry, a clitic or a break.
 * at: the offset in the engine's keys of the item's one key when it is
 * there already (a plain entry of the build's nationals text), else NONE32. */
static rk_status place_item(rk_engine *e, const item *it, const char *norm,
                            const rk_token *tokens, size_t k0, size_t k1, const char *cue_clitic,
                            uint32_t at, rk_error *err)
{
    if (k0 == k1)
        return rk_rnode_error(it->node, err, "empty lexicon entry");
    lang_set *ls = &e->langs[it->lang];
    /* the item's whole text, kept for a clitic or a break; a trie entry
     * (nearly every item) keeps its tokens' texts in its nodes instead */
    const char *whole = it->kind == ITEM_CLITIC || it->kind == ITEM_CLAUSE ||
                                it->kind == ITEM_STATEMENT || it->kind == ITEM_SENTENCE
                            ? rk_arena_strndup(e->arena, norm + tokens[k0].start,
                                               tokens[k1 - 1].end - tokens[k0].start)
                            : NULL;
    int bad = 0;
    switch (it->kind) {
    case ITEM_CLITIC:
        bad = push_str((const char ***)&ls->clitics, &ls->n_clitics, whole);
        break;
    case ITEM_CLAUSE:
        bad = push_str((const char ***)&ls->clause_breaks, &ls->n_clause_breaks, whole);
        break;
    case ITEM_STATEMENT:
        bad = push_str((const char ***)&ls->statement_breaks, &ls->n_statement_breaks, whole);
        break;
    case ITEM_SENTENCE:
        bad = push_str((const char ***)&ls->sentence_ends, &ls->n_sentence_ends, whole);
        break;
    default: {
        uint32_t node = 0;
        for (size_t k = k0; k < k1 && node != NONE32; k++)
            node = trie_step(e, node, norm + tokens[k].start, tokens[k].end - tokens[k].start,
                             at);
        lex_entry p = it->proto;
        uint32_t aux = 0; /* 1 + the clitic's offset, 0 for none */
        if (cue_clitic && (aux = key_put(e, cue_clitic, strlen(cue_clitic))) != NONE32)
            aux++;
        p.aux = aux;
        bad = node == NONE32 || aux == NONE32 || add_payload(e, node, &p) < 0;
        if ((uint32_t)(k1 - k0) > e->max_phrase)
            e->max_phrase = (uint32_t)(k1 - k0);
    }
    }
    return bad ? rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory") : RK_OK;
}

/* Normalises a cue's clitic attribute (a single short word). */
static const char *norm_word(rk_engine *e, const char *src, const char *lang)
{
    rk_text *t = NULL;
    rk_error err;
    if (!src || rk_text_build(src, strlen(src), lang, &t, &err) != RK_OK)
        return NULL;
    const char *r = t->n_tokens ? tok_copy(e, t, &t->tokens[0]) : NULL;
    rk_text_free(t);
    return r;
}

/* Bytes of entries normalised at a time (normalise_lang). */
#define NORM_CHUNK_BYTES ((size_t)32 << 10)

/* Whether normalise_lang() places an entry the text stage gives back as
 * it is, as one word, without building a text of it; on unless a test
 * turns it off. */
static int plain_words_direct = 1;

int rk_engine_set_plain_words(int on)
{
    int was = plain_words_direct;
    plain_words_direct = on;
    return was;
}

/* Whether a plain entry of the build's nationals text (the replay's) keeps
 * that text as its key, the text heading the engine's keys, where a copy
 * of each key cost a compiled trie 0.8M instructions; on unless a test
 * turns it off. */
static int lasting_keys = 1;

int rk_engine_set_lasting_keys(int on)
{
    int was = lasting_keys;
    lasting_keys = on;
    return was;
}

/* The offset in the engine's keys of plain item it's key, when it is the
 * item's text in the build's nationals text heading them (the replay hands
 * texts of it; the rule files' items lie elsewhere); else NONE32. */
static uint32_t lasting_at(const compiler *c, const item *it)
{
    const rk_nat_known *k = &rk_nationals_known;
    if (!c->lasting_head)
        return NONE32;
    uintptr_t s = (uintptr_t)it->src, t = (uintptr_t)k->text;
    return s >= t && s - t < k->text_len ? (uint32_t)(s - t) : NONE32;
}

/* Normalises every item of language li, a chunk of entries at a time in one
 * rk_text_build each: the entries are joined by newlines (a line is its own
 * sentence, so a chunk reads as the whole would) and each token is given
 * back to the entry it came from. Chunks keep the text stage's memory in
 * the caches and reused, where one text of every entry (25,000 generated
 * nationality forms in Arabic) cost a thousand page faults. An entry that
 * the text stage would give back unchanged as one word token
 * (rk_text_plain_word: most generated forms) stays out of the text and is
 * placed as that token: each line of a text is tokenised alone, so the
 * other entries' tokens are those they had, and entries are placed in
 * their order either way. */
static rk_status normalise_lang(compiler *c, size_t li, const uint32_t *idx, size_t n,
                                rk_error *err)
{
    rk_engine *e = c->e;
    rk_buf b = RK_BUF_INIT;
    size_t *off = NULL, *lens = NULL;
    rk_status st = RK_OK;
    uint8_t *plain = NULL;
    if (!n)
        return RK_OK;
    if (!(off = malloc((n + 1) * sizeof *off)) || !(lens = malloc(n * sizeof *lens)) ||
        !(plain = malloc(n))) {
        free(off);
        free(lens);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t first = 0; first < n && st == RK_OK;) {
        /* the chunk: the language's items idx[first, end) */
        size_t end = first, j = 0;
        int bad = 0;
        rk_buf_reset(&b);
        size_t bytes = 0;
        int any = 0;
        for (; end < n && bytes < NORM_CHUNK_BYTES; end++) {
            const item *it = &c->items[idx[end]];
            const char *src = it->src;
            size_t len = strlen(src);
            lens[j] = len; /* measured once, for the placing below */
            bytes += len + 1;
            /* the nationals generator asked most of its forms already */
            plain[j] = plain_words_direct &&
                       (it->plain >= 0 ? it->plain : rk_text_plain_word(src, len));
            off[j++] = b.len;
            if (plain[j - 1])
                continue;
            any = 1;
            /* A newline inside an entry would split it; entries are one
             * line. Appended whole, its line breaks blanked after. */
            size_t at = b.len;
            if (rk_buf_append(&b, src, len) < 0 || rk_buf_putc(&b, '\n') < 0) {
                bad = 1;
                continue;
            }
            if (strcspn(src, "\n\r") < len)
                for (size_t q = at; q < at + len; q++)
                    if (b.data[q] == '\n' || b.data[q] == '\r')
                        b.data[q] = ' ';
        }
        off[j] = b.len;
        size_t n_chunk = j;
        if (!n_chunk) {
            first = end;
            continue;
        }
        rk_text *t = NULL;
        if (bad || (any && !b.data))
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else if (any)
            st = rk_text_build(b.data, b.len, e->langs[li].lang, &t, err);
        size_t k = 0;
        j = 0;
        for (size_t i = first; i < end && st == RK_OK; i++) {
            const item *it = &c->items[idx[i]];
            size_t k0 = k;
            while (!plain[j] && k < t->n_tokens && t->src_start[t->tokens[k].start] < off[j + 1])
                k++;
            /* a speaker-before cue's clitic is a possessive ending ("'s"),
             * kept as written: on its own it is no word to normalise */
            const char *cc = !it->cue_clitic ? NULL
                             : (it->proto.flags & LEXF_CUE_BEFORE)
                                 ? rk_arena_strndup(e->arena, it->cue_clitic,
                                                    strlen(it->cue_clitic))
                                 : norm_word(e, it->cue_clitic, e->langs[li].lang);
            if (plain[j]) {
                rk_token w = {.start = 0, .end = (uint32_t)lens[j], .kind = RK_TOK_WORD};
                st = place_item(e, it, it->src, &w, 0, 1, cc, lasting_at(c, it), err);
            } else {
                st = place_item(e, it, t->norm, t->tokens, k0, k, cc, NONE32, err);
            }
            j++;
        }
        rk_text_free(t);
        first = end;
    }
    rk_buf_free(&b);
    free(off);
    free(lens);
    free(plain);
    return st;
}

/* ---- the trie the build compiled ------------------------------------------ */

/* Whether the compiler takes the build's trie when it applies; on unless a
 * test turns it off. */
static int known_trie_on = 1;

int rk_engine_set_known_trie(int on)
{
    int was = known_trie_on;
    known_trie_on = on;
    return was;
}

/* Whether an item is a trie entry (place_item()'s default), not a clitic
 * or a break, which are placed whether or not the trie is known. */
static int trie_item(const item *it)
{
    return it->kind != ITEM_CLITIC && it->kind != ITEM_CLAUSE && it->kind != ITEM_STATEMENT &&
           it->kind != ITEM_SENTENCE;
}

/* Whether the build's trie (trie_known.h) is the one rules would give:
 * the build's very rule set alone, whose nationals vocabulary is the
 * build's (lasting: the same rules and the same ICU, rk_nationals_embedded),
 * placed the way the build placed it (no test switch off). */
static int known_trie_applies(const rk_rules *rules, int lasting)
{
    const rk_trie_known *k = &rk_claims_trie_known;
    return known_trie_on && plain_words_direct && lasting && k->n_nodes &&
           rk_rules_is_build_set(rules);
}

/* Takes the build's trie into e as it is: its nodes, edges, entries and
 * keys, which the placing of every entry would make (the build made them
 * so), read where the program holds them, and its filters. n_entries: the
 * trie entries the rules and the replay gave, which must be the build's
 * count. Returns 0, or -1 when the trie does not agree with them (nothing
 * is taken). */
static int take_known_trie(rk_engine *e, size_t n_entries)
{
    const rk_trie_known *k = &rk_claims_trie_known;
    if (n_entries != k->n_lex || !k->n_nodes || k->n_nodes > NONE32 || !k->cap_edges ||
        (k->cap_edges & (k->cap_edges - 1)) || k->n_root_keys != sizeof e->root_keys ||
        k->n_next_keys != sizeof e->next_keys)
        return -1;
    free(e->nodes);
    free(e->lex);
    free(e->edges);
    /* never written: the compiler writes the trie only while placing
       entries, which it does not do with this one */
    e->nodes = (trie_node *)k->nodes;
    e->n_nodes = e->cap_nodes = k->n_nodes;
    e->lex = (lex_entry *)k->lex;
    e->n_lex = e->cap_lex = k->n_lex;
    e->edges = (trie_slot *)k->edges;
    e->n_edges = k->n_edges;
    e->cap_edges = k->cap_edges;
    e->trie_borrowed = 1;
    free(e->keys_own);
    e->keys_own = NULL;
    e->keys = k->keys;
    e->keys_len = e->keys_cap = 0;
    e->max_phrase = k->max_phrase;
    e->max_payload = k->max_payload;
    e->singular_langs = k->singular_langs;
    memcpy(e->root_keys, k->root_keys, sizeof e->root_keys);
    memcpy(e->next_keys, k->next_keys, sizeof e->next_keys);
    return 0;
}

/* ---- the engine ------------------------------------------------------------ */

rk_status rk_engine_new(const rk_rules *rules, rk_engine **out, rk_error *err)
{
    *out = NULL;
    compiler c = {0};
    rk_status st = RK_OK;
    uint32_t *order = NULL;
    size_t *from = NULL;
    rk_engine *e = calloc(1, sizeof *e);
    if (!e || !(e->arena = rk_arena_new()) || !(e->langs = calloc(1, sizeof *e->langs))) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    static atomic_uint_fast64_t engines_made;
    e->serial = (uint64_t)atomic_fetch_add(&engines_made, 1) + 1;
    e->n_langs = 1;
    c.e = e;
    if ((st = rk_numbers_reader_new(rules, &e->numbers, err)) != RK_OK)
        goto done;
    if (new_node(e) == NONE32) { /* the root */
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = rk_rules_each(rules, "claims", pass_defs, &c, err)) != RK_OK ||
        (st = resolve_defs(e, err)) != RK_OK ||
        (st = rk_rules_each(rules, "claims", pass_lex, &c, err)) != RK_OK)
        goto done;
    /* the replay hands the sink texts of the build's, which last as long
       as the program; the generator's are its own, and go */
    c.lasting = (uint8_t)rk_nationals_embedded(e, rules, c.nationals, c.nationals_lang,
                                               c.n_nationals);
    /* With the build's trie, which has the replay's entries, the replay
     * makes the classes alone (entries name them by index). */
    c.known_trie = (uint8_t)known_trie_applies(rules, c.lasting);
    if ((!c.known_trie && (st = reserve_nationals(&c, err)) != RK_OK) ||
        (st = c.lasting ? rk_nationals_replay(c.nationals, c.nationals_lang, c.n_nationals,
                                              c.known_trie ? &nat_classes : &nat_sink, &c,
                                              err)
                        : rk_nationals_generate(e, c.nationals, c.nationals_lang,
                                                c.n_nationals, &nat_sink, &c, err)) != RK_OK)
        goto done;
    if (c.known_trie) {
        size_t n_entries = rk_nationals_replayed_calls();
        for (size_t i = 0; i < c.n_items; i++)
            n_entries += trie_item(&c.items[i]);
        if (take_known_trie(e, n_entries) < 0) { /* the same rules gave the build another */
            st = rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                              "the build's claim trie is broken");
            goto done;
        }
    }
    /* the items of each language, in their order, one language after the
     * other: each language's pass reads its own alone */
    if (!(order = malloc((c.n_items + 1) * sizeof *order)) ||
        !(from = calloc(e->n_langs + 1, sizeof *from))) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* (with the build's trie, only the clitics and breaks are placed) */
    for (size_t i = 0; i < c.n_items; i++)
        if (c.items[i].lang < e->n_langs && !(c.known_trie && trie_item(&c.items[i])))
            from[c.items[i].lang + 1]++;
    for (size_t li = 0; li < e->n_langs; li++)
        from[li + 1] += from[li];
    for (size_t i = 0; i < c.n_items; i++)
        if (c.items[i].lang < e->n_langs && !(c.known_trie && trie_item(&c.items[i])))
            order[from[c.items[i].lang]++] = (uint32_t)i;
    /* Room for every entry, and about as many nodes and edges, at once:
     * grown from nothing, the arrays were copied and the edges hashed
     * again a dozen times. The shipped rules give some 29,700 nodes for
     * 28,700 items, the guess 30,500: the capacities end as they did.
     * Nodes and edges past it still grow as before. */
    size_t guess = c.n_items + c.n_items / 16;
    /* and the keys' text: the shipped rules' keys take 17 bytes an item;
       the replay's plain entries keep their texts as keys, the build's
       nationals text copied at the head of the keys at once */
    c.lasting_head = c.lasting && lasting_keys && !c.known_trie &&
                     rk_nationals_known.text_len < UINT32_MAX / 4;
    size_t head = c.lasting_head ? rk_nationals_known.text_len : 0;
    if (!c.known_trie &&
        (grow((void **)&e->lex, &e->cap_lex, c.n_items, sizeof *e->lex) < 0 ||
         grow((void **)&e->nodes, &e->cap_nodes, e->n_nodes + guess, sizeof *e->nodes) < 0 ||
         grow((void **)&e->keys_own, &e->keys_cap, head + c.n_items * 18, 1) < 0)) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (head) {
        memcpy(e->keys_own, rk_nationals_known.text, head);
        e->keys_len = head;
        e->keys = e->keys_own;
    }
    size_t cap = e->cap_edges ? e->cap_edges : 1024; /* at once, not doubled up to it */
    while (!c.known_trie && (e->n_edges + guess + 1) * 2 > cap)
        cap *= 2;
    if (!c.known_trie && cap != e->cap_edges && edges_resize(e, cap) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t li = 0, at = 0; li < e->n_langs && st == RK_OK; li++) {
        /* from[li] is now where language li + 1's items start */
        st = normalise_lang(&c, li, order + at, from[li] - at, err);
        at = from[li];
    }
done:
    free(order);
    free(from);
    free(c.items);
    free(c.class_slots);
    if (st != RK_OK) {
        rk_engine_free(e);
        return st;
    }
    *out = e;
    return RK_OK;
}

void rk_engine_free(rk_engine *e)
{
    if (!e)
        return;
    rk_numbers_reader_free(e->numbers);
    for (size_t i = 0; i < e->n_langs; i++) {
        free((void *)e->langs[i].clitics);
        free((void *)e->langs[i].clause_breaks);
        free((void *)e->langs[i].statement_breaks);
        free((void *)e->langs[i].sentence_ends);
    }
    free(e->langs);
    free(e->quantities);
    free(e->classes);
    free(e->origs);
    free((void *)e->scopes);
    if (!e->trie_borrowed) {
        free(e->lex);
        free(e->nodes);
        free(e->edges);
    }
    free(e->keys_own);
    rk_arena_free(e->arena);
    free(e);
}

const rk_numbers_reader *rk_engine_numbers(const rk_engine *e)
{
    return e ? e->numbers : NULL;
}

/* Measures the strings of ds once, so matching a document never runs strlen. */
static void settings_lengths(doc_settings *ds)
{
    uint32_t any_second = 0; /* clitics of one byte: any byte may follow */
    for (size_t k = 0; k < ds->n_clitics; k++) {
        const unsigned char *c = (const unsigned char *)ds->clitics[k];
        ds->clitic_len[k] = strlen(ds->clitics[k]);
        ds->clitic_by_first[c[0]] |= 1u << k;
        if (ds->clitic_len[k] < 2)
            any_second |= 1u << k;
        else
            ds->clitic_by_second[c[1]] |= 1u << k;
    }
    if (any_second)
        for (unsigned b = 0; b < 256; b++)
            ds->clitic_by_second[b] |= any_second;
    for (size_t k = 0; k < ds->n_clause_breaks; k++) {
        unsigned char b = (unsigned char)ds->clause_breaks[k][0];
        ds->clause_len[k] = strlen(ds->clause_breaks[k]);
        ds->break_first[b / 64] |= UINT64_C(1) << (b % 64);
    }
    for (size_t k = 0; k < ds->n_statement_breaks; k++) {
        unsigned char b = (unsigned char)ds->statement_breaks[k][0];
        ds->statement_len[k] = strlen(ds->statement_breaks[k]);
        ds->break_first[b / 64] |= UINT64_C(1) << (b % 64);
    }
    /* a statement break is looked for first: it wins over a clause break
       of the same text */
    for (size_t k = 0; k < ds->n_clause_breaks; k++)
        if (ds->clause_len[k] == 1)
            ds->break_one[(unsigned char)ds->clause_breaks[k][0]] = 1;
    for (size_t k = 0; k < ds->n_statement_breaks; k++)
        if (ds->statement_len[k] == 1)
            ds->break_one[(unsigned char)ds->statement_breaks[k][0]] = 2;
}

void rk_claims_settings(const rk_engine *e, const char *lang, doc_settings *ds)
{
    memset(ds, 0, sizeof *ds);
    ds->lang = -1;
    for (size_t i = 1; lang && i < e->n_langs; i++)
        if (strcmp(e->langs[i].lang, lang) == 0)
            ds->lang = (int)i;
    ds->lang_sure = ds->lang_any = ~UINT64_C(0);
    if (ds->lang >= 0) {
        ds->lang_any = LANG_BIT(0) | LANG_BIT(ds->lang);
        ds->lang_sure = ds->lang < 63 ? ds->lang_any : LANG_BIT(0);
    }
    ds->singulars = (e->singular_langs & ds->lang_any) != 0;
    ds->window = DEFAULT_WINDOW;
    ds->speaker_words = DEFAULT_SPEAKER_WORDS;
    /* Language-independent settings first, the document's language over them;
     * with no known language every language's words apply. */
    for (size_t i = 0; i < e->n_langs; i++) {
        if (i != 0 && ds->lang >= 0 && (int)i != ds->lang)
            continue;
        const lang_set *l = &e->langs[i];
        if (l->window)
            ds->window = l->window;
        if (l->speaker_words)
            ds->speaker_words = l->speaker_words;
        for (size_t k = 0; k < l->n_clitics && ds->n_clitics < 32; k++)
            ds->clitics[ds->n_clitics++] = l->clitics[k];
        for (size_t k = 0; k < l->n_clause_breaks && ds->n_clause_breaks < 32; k++)
            ds->clause_breaks[ds->n_clause_breaks++] = l->clause_breaks[k];
        for (size_t k = 0; k < l->n_statement_breaks && ds->n_statement_breaks < 32; k++)
            ds->statement_breaks[ds->n_statement_breaks++] = l->statement_breaks[k];
        for (size_t k = 0; k < l->n_sentence_ends && ds->n_sentence_ends < 32; k++)
            ds->sentence_ends[ds->n_sentence_ends++] = l->sentence_ends[k];
    }
    settings_lengths(ds);
}

/* ---- the vocabulary, for rule authors ------------------------------------ */

size_t rk_engine_quantity_count(const rk_engine *e)
{
    return e ? e->n_quantities : 0;
}

const char *rk_engine_quantity(const rk_engine *e, size_t i, const char **unit)
{
    if (unit)
        *unit = i < e->n_quantities ? e->quantities[i].unit : NULL;
    return i < e->n_quantities ? e->quantities[i].id : NULL;
}

size_t rk_engine_class_count(const rk_engine *e)
{
    return e ? e->n_classes : 0;
}

const char *rk_engine_class(const rk_engine *e, size_t i, const char **quantity)
{
    if (quantity)
        *quantity = i < e->n_classes ? e->classes[i].quantity : NULL;
    return i < e->n_classes ? e->classes[i].id : NULL;
}

size_t rk_engine_scope_count(const rk_engine *e)
{
    return e ? e->n_scopes : 0;
}

const char *rk_engine_scope(const rk_engine *e, size_t i)
{
    return i < e->n_scopes ? e->scopes[i] : NULL;
}

size_t rk_engine_entry_count(const rk_engine *e)
{
    return e ? e->n_lex : 0;
}
