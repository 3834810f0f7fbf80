/* engine_int.h - the claims engine's private structures: the compiled
 * vocabulary (quantities, classes, lexicon entries, a token trie) and the
 * per-document matching state shared by the stage's source files. */
#ifndef RK_CLAIMS_ENGINE_INT_H
#define RK_CLAIMS_ENGINE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "extract.h"
#include "../core/arena.h"
#include "../core/hash.h"

/* What a lexicon entry is. */
typedef enum lex_type {
    LEX_NONE = 0,
    LEX_PRED,      /* target: quantity index */
    LEX_SUBJ,      /* target: class index; flags ONE, TROOP */
    LEX_NATION,    /* target: class index */
    LEX_SCOPE,     /* target: scope index */
    LEX_CUE,       /* flags CUE_*; aux: clitic string */
    LEX_HEDGE,
    LEX_TIME,      /* ival: weekday 1..7 (flags TIME_WEEKDAY) or day offset */
    LEX_OF,
    LEX_ANAPHOR,
    LEX_RELAY,
    LEX_STOP,
    LEX_FILLER,
    LEX_PRONOUN,   /* "he", "it": a speaker only through the last named one */
    LEX_RELATIVE,  /* "who", "which": the speaker is named before its comma */
    LEX_TOLL,      /* "الحصيلة", "the figure": a running count named again */
    LEX_THING,     /* "states", "vehicles": a counted noun that is not people */
    LEX_TEASER,    /* "READ", "اقرأ أيضا": a line linking another story */
    LEX_ELSEWHERE, /* "in a similar accident", "Ранее мы писали": another event */
    LEX_AGO,       /* "ago", "قبل", "назад": a span that dates, not a figure */
    LEX_BREAKDOWN, /* "including", "من بينهم", "в том числе", ":": the figures
                      after it are parts of the count before it */
    LEX_NOT_SPEAKER, /* "by", "how", "كيف", "как": no speaker starts or ends so */
    LEX_ARTICLE,   /* "the", "a": no speaker ends with one */
    LEX_CONTINUE,  /* "while", "بينما", "при этом" opening a sentence: it goes
                      on with the previous sentence's source */
    LEX_BACK,      /* "Об этом", "Такие данные", "This was reported": the
                      sentence names the source of the one before */
    LEX_SOURCE,    /* "ministry", "وزارة", "СМИ": a body or official that can
                      be a source ("СМИ: ..." heads its figures) */
    LEX_REVISE,    /* "down from", "and not", "بدلا من", "а не": the figure after
                      it is another value of the figure before it */
    LEX_ORIG,      /* a source's name: "health ministry", "وزارة الصحة",
                      "Минздрав" -> originator index */
    LEX_ORIG_REF,  /* "the ministry", "الوزارة", "ведомство": the last named
                      originator of its kinds (ival: a bit set of kinds) */
    LEX_RETRACT,   /* "withdrawn", "published in error", "سحبت", "отозвала":
                      the figures of its statement were withdrawn */
    LEX_DENY,      /* "denied", "نفى", "опроверг": the figures of its statement
                      are disputed by whoever denies them */
    LEX_CORRECT,   /* "and not", "وليس", "а не": the figure after it is a
                      corrected value of the one before, disputed */
    LEX_COUNT_OF,  /* "the number of", "عدد", "число": the noun after it is what
                      a later number counts, never an earlier one */
    LEX_INCREMENT, /* "another", "more", "إضافية", "ещё": the figure next to
                      it is an addition to a running total, not the total */
    LEX_THAT,      /* "that", «بأن», «что»: opens what a speaker says; a
                      speaker right after it speaks inside that statement */
    LEX_PLACE,     /* "in", «в»: a capitalised name after it is a place */
    LEX_PLACE_NOUN, /* "city of", «مدينة», «город»: the name after it, in
                      any case, is a place */
    LEX_PLACE_AFTER, /* "district", "village": the capitalised name before
                      it is a place */
    LEX_PLACE_NAME, /* a country's own name, from ICU ("Libya", «ليبيا»):
                      a place name in any script */
    LEX_AS_OF,     /* "as of", "by", «حتى», «по состоянию на»: the written
                      date after it is the day a count holds for */
    LEX_EVENT_CLAUSE, /* "after", "since", «بعد», «после»: a time cue in the
                      clause it opens dates the event, not the count */
    LEX_EVENT_OF   /* "night's", "morning's": a time cue right before it
                      ("Wednesday night's earthquake") names the event */
} lex_type;

/* doc_state.occ_types holds a bit per type. */
_Static_assert(LEX_EVENT_OF < 64, "lex types fit a 64-bit mask");

/* The bit of a type in doc_state.occ_types. */
#define LEX_BIT(type) (UINT64_C(1) << (type))

enum {
    LEXF_ONE = 1u << 0,          /* singular count noun: a claim of 1 after a predicate */
    LEXF_TROOP = 1u << 1,        /* a nationality right after it picks the class */
    LEXF_CUE_BEFORE = 1u << 2,   /* the speaker precedes the cue */
    LEXF_CUE_RELAY = 1u << 3,    /* "نقلت X عن Y": X relays, Y speaks */
    LEXF_CUE_CLAUSE = 1u << 4,   /* reaches only its own clause */
    LEXF_CUE_ASOF_PUB = 1u << 5, /* its figures are as of the publication date */
    LEXF_TIME_WEEKDAY = 1u << 6,
    LEXF_CUE_BACK = 1u << 7,     /* "X, citing Y" / "..., according to Y": the
                                    relayer precedes, and it also covers the
                                    figures before it in its statement */
    LEXF_DUAL = 1u << 9,
    LEXF_CUE_NOPHRASE = 1u << 10,  /* "saying", "مشيرا": never reads a phrase;
                                      it goes on with the last speaker */
    LEXF_CUE_VIAONLY = 1u << 12,   /* "وفق ما نقلته X", "reported by X": X is
                                      only the relayer */
    LEXF_CUE_SELF = 1u << 14,      /* "по разным данным", "according to some
                                      estimates": the cue names its own,
                                      unnamed source */
    LEXF_CUE_SAID_VIA = 1u << 13,  /* a relay="before" cue right after a
                                      speech verb ("X said, according to Y"):
                                      X speaks and Y relays */
    LEXF_TIME_EARLIER = 1u << 11,  /* "earlier", "في وقت سابق", "ранее": the
                                      figure precedes the date it is read at */         /* a noun in the dual: a claim of two of them
                                    ("مصريان") wherever it stands */
    LEXF_NEAR = 1u << 8          /* a subject only when named at the number,
                                    after "من", or right after the quantity
                                    word ("65% من الكازاخيين", "مساحة
                                    كازاخستان"), never from further away */
};

typedef struct lex_entry {
    uint8_t type;        /* lex_type */
    uint16_t flags;      /* LEXF_* */
    uint16_t lang;       /* index into engine->langs; 0 = every language */
    int32_t target;      /* quantity / class / scope index, -1 if none */
    int32_t ival;        /* weekday or day offset */
    uint32_t aux;        /* a cue's clitic, as 1 + its offset in the engine's
                            keys (lex_aux()), or 0 for none: normalised
                            prefix of the speaker after it, or the possessive
                            ending ("'s") the speaker before it must carry */
    uint32_t next;       /* next payload of the same trie node, UINT32_MAX ends */
} lex_entry;

typedef struct quantity_def {
    const char *id, *unit, *subject; /* engine arena; unit/subject may be NULL */
    int32_t subject_class;           /* class index of subject, -1 */
    uint8_t kinds;                   /* bit per rk_number_kind (1u << kind) */
    uint8_t default_for;             /* kinds this quantity types by default */
    uint8_t dated;                   /* a year in the clause may date it */
    uint8_t of_named;                /* subject="named": the country or people
                                        its sentence names before it */
    uint8_t span;                    /* span="yes": unit and units measure time */
    const char **units;              /* units that type a measure as this
                                        quantity ("km"), engine arena */
    size_t n_units;
    const char *file;
    long line;
} quantity_def;

/* Whether unit is one of the units that make a measure quantity q (its
 * units="..." list, not its own unit). */
static inline int quantity_lists_unit(const quantity_def *q, const char *unit)
{
    for (size_t k = 0; k < q->n_units; k++)
        if (strcmp(q->units[k], unit) == 0)
            return 1;
    return 0;
}

/* Kinds of originator, the vocabulary of <originator kind>. */
enum {
    ORIG_UNKNOWN = 0, ORIG_GOVERNMENT, ORIG_MINISTRY, ORIG_HEALTH_AUTHORITY, ORIG_MILITARY,
    ORIG_POLICE, ORIG_CIVIL_DEFENCE, ORIG_UN_AGENCY, ORIG_RED_CROSS, ORIG_NGO, ORIG_MEDIA,
    ORIG_WITNESS, ORIG_ANONYMOUS_OFFICIAL, ORIG_N_KINDS
};

/* The name of an originator kind ("health_authority"), or NULL. */
const char *rk_claims_orig_kind_name(int kind);

/* A canonical source: one id for every language's name of it. */
typedef struct orig_def {
    const char *id;                   /* engine arena: "health_ministry" */
    int kind;                         /* ORIG_* */
    const char *file;
    long line;
} orig_def;

typedef struct class_def {
    const char *id, *unit, *quantity; /* engine arena */
    int32_t quantity_index;           /* -1 if none */
    const char *description;          /* engine arena, or NULL */
    int nationals;                    /* generated: the nationals of a country */
    int person;                       /* a named person: only the subject of
                                         the figure beside the name or of its
                                         quantity ("Tokayev, 68,") */
    const char *file;
    long line;
} class_def;

/* Per-language settings; langs[0] is the language-independent set. */
typedef struct lang_set {
    const char *lang;           /* NULL for index 0 */
    int window, speaker_words;  /* 0: not set here */
    const char **clitics;       /* normalised, engine arena */
    size_t n_clitics;
    const char **clause_breaks, **statement_breaks;
    size_t n_clause_breaks, n_statement_breaks;
    const char **sentence_ends;  /* words that end a sentence before a full
                                    stop ("тел."), normalised */
    size_t n_sentence_ends;
} lang_set;

/* A trie over normalised tokens. Its edges live in one open-addressing
 * table of 8-byte slots (the upper half of the edge's hash and the child
 * node), small enough to stay in a core's cache: a word is turned away by
 * its slots alone, and only a matching tag reads the child's node, which
 * holds the edge's parent and token text. */
typedef struct trie_slot {
    uint32_t tag;               /* claims_edge_hash() >> 32 */
    uint32_t child;             /* 0: empty (the root is nobody's child) */
} trie_slot;

/* nationals_embed writes the build's trie_node, trie_slot and lex_entry
 * values field by field in their order (trie_known.h): a field moved or
 * added is one the generator must write too (the trie test compares the
 * build's trie with the one placing makes). */
typedef struct trie_node {
    uint64_t langs;             /* LANG_BIT() of its entries' languages: a
                                   walk tells whether the document's
                                   language takes an entry here without
                                   reading the entries */
    uint32_t payload;           /* first lex_entry index, UINT32_MAX if none */
    uint32_t n_children;        /* 0: no phrase goes on past this node, so the
                                   next token need not even be looked at */
    uint32_t parent;            /* the edge into this node: its parent and */
    uint32_t len;               /* token text, at offset tok of the engine's */
    uint32_t tok;               /* keys (node_key()); none for the root */
} trie_node;

/* The bit of engine language li in trie_node.langs: its own up to 62, one
 * bit shared by the languages after (more than the rules give). */
#define LANG_BIT(li) (UINT64_C(1) << ((li) < 63 ? (li) : 63))

#define ROOT_KEY_BITS (1u << 18)
#define NEXT_KEY_BITS (1u << 16)

struct rk_engine {
    uint64_t serial;            /* this engine among those made by the process
                                   (from 1): a cache keyed by it cannot mistake
                                   a later engine at the same address for it */
    rk_numbers_reader *numbers;
    rk_arena *arena;
    lang_set *langs;
    size_t n_langs;
    quantity_def *quantities;
    size_t n_quantities;
    class_def *classes;
    size_t n_classes;
    const char **scopes;
    size_t n_scopes;
    orig_def *origs;
    size_t n_origs;
    lex_entry *lex;
    size_t n_lex, cap_lex;
    trie_node *nodes;
    size_t n_nodes, cap_nodes;
    trie_slot *edges;           /* capacity cap_edges, a power of two */
    size_t n_edges, cap_edges;
    /* The texts of the trie's keys and of the entries' clitics, each
       NUL-ended, which nodes and entries give by offset: the arrays hold
       no pointer, so the build's trie (trie_known.h) is taken as it is.
       keys_own is the compiler's copy (NULL for the build's text). */
    const char *keys;
    char *keys_own;
    size_t keys_len, keys_cap;
    uint8_t trie_borrowed;      /* nodes, lex and edges are the build's
                                   (trie_known.h): read-only, not freed */
    uint32_t max_phrase;        /* longest entry in tokens */
    uint32_t max_payload;       /* most entries of one trie node */
    /* LANG_BIT() of the languages of the subject entries that make a
       claim of their own (LEXF_ONE, LEXF_DUAL): a document in none of
       them has no singular claim to look for (doc_settings.singulars) */
    uint64_t singular_langs;
    /* bit k set: the first token of some entry has key k (root_key()), so
       most words are turned away by one bit test before any hashing. The
       rules give some 27,000 first tokens: 2^18 bits keep about one in ten
       set, where 2^16 kept one in three. */
    uint8_t root_keys[ROOT_KEY_BITS / 8];
    /* bit k set: some edge below the root has key k (next_key()): the next
       token of a phrase is hashed only when its key is here. The rules give
       fewer than 3,000 such edges. */
    uint8_t next_keys[NEXT_KEY_BITS / 8];
};

/* A token is mixed once (rk_token_mix()): its filter keys and its place in
 * the trie's table both come from the mix. Three bytes alone gave 11,000
 * keys to 27,000 first tokens. The text stage mixes every token by the
 * same function (rk_text.mix), and the walks read those mixes: the trie
 * is built with this one, so the two must stay the same function. */
static inline uint64_t claims_mix(const char *s, size_t n)
{
    return rk_token_mix(s, n);
}

/* The filter key of a token from its mix; callers keep the low bits they
 * need. */
static inline uint32_t claims_key_of(uint64_t m)
{
    return (uint32_t)(m >> 40) ^ (uint32_t)(m >> 14);
}

static inline uint32_t claims_key(const char *s, size_t n)
{
    return claims_key_of(claims_mix(s, n));
}

/* The key of a first token of mix m, in root_keys: the mix's top bits,
 * which its last multiply mixes best, so that one shift makes the key. */
#define ROOT_KEY_SHIFT 46
_Static_assert(ROOT_KEY_BITS == UINT64_C(1) << (64 - ROOT_KEY_SHIFT),
               "root keys are the top bits");

static inline uint32_t root_key_of(uint64_t m)
{
    return (uint32_t)(m >> ROOT_KEY_SHIFT);
}

static inline uint32_t root_key(const char *s, size_t n)
{
    return root_key_of(claims_mix(s, n));
}

/* The key of the edge from parent (not the root) under a token of mix m,
 * in next_keys. */
static inline uint32_t next_key_of(uint32_t parent, uint64_t m)
{
    return (claims_key_of(m) ^ parent * 0x9e3779b1u) & (NEXT_KEY_BITS - 1);
}

static inline uint32_t next_key(uint32_t parent, const char *s, size_t n)
{
    return next_key_of(parent, claims_mix(s, n));
}

static inline int key_set(const uint8_t *bits, uint32_t k)
{
    return (bits[k >> 3] >> (k & 7)) & 1;
}

/* Whether root_keys holds the key of a first token of mix m: key_set(),
 * read eight bytes at a time where bit k of the bytes is bit k % 64 of
 * their k / 64th word (little endian), which takes fewer instructions for
 * the test every token goes through. */
static inline int root_key_set(const uint8_t *bits, uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t w;
    memcpy(&w, bits + (m >> (ROOT_KEY_SHIFT + 6)) * 8, 8);
    return (w >> ((m >> ROOT_KEY_SHIFT) & 63)) & 1;
#else
    return key_set(bits, root_key_of(m));
#endif
}

/* The hash of the edge from node under a token of mix m: the slot of the
 * edge in the table is its low bits, its tag the high ones. An edge from
 * the root (every matched word looks one up) takes the mix itself, a
 * multiply already, with its top bits folded into the slot's: a mix's low
 * bits come from a word's first bytes alone, which many Arabic words share
 * ("ال"), and only its top bits are mixed from all of them. */
static inline uint64_t claims_edge_hash(uint32_t node, uint64_t m)
{
    return node == 0 ? m ^ (m >> 46) : rk_mix_edge(node, m);
}

/* The key text of node c of engine e (len bytes, NUL-ended). */
static inline const char *node_key(const rk_engine *e, const trie_node *c)
{
    return e->keys + c->tok;
}

/* The clitic of entry l of engine e, or NULL. */
static inline const char *lex_aux(const rk_engine *e, const lex_entry *l)
{
    return l->aux ? e->keys + (l->aux - 1) : NULL;
}

/* claims_child_mixed() in the edge table edges of mask + 1 slots (one
 * empty slot, mask 0, for a trie without edges) over nodes, whose keys are
 * in keys: a walk that holds the table in registers calls it directly. */
static inline uint32_t claims_child_in(const trie_slot *edges, size_t mask,
                                       const trie_node *nodes, const char *keys, uint32_t node,
                                       const char *s, size_t n, uint64_t m)
{
    uint64_t h = claims_edge_hash(node, m);
    uint32_t tag = (uint32_t)(h >> 32);
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const trie_slot *sl = &edges[i];
        if (!sl->child)
            return UINT32_MAX;
        if (sl->tag != tag)
            continue;
        const trie_node *c = &nodes[sl->child];
        if (c->parent == node && c->len == n && rk_short_eq(keys + c->tok, s, n))
            return sl->child;
    }
}

/* The child of node under token text s[0..n) of mix m, or UINT32_MAX. */
static inline uint32_t claims_child_mixed(const rk_engine *e, uint32_t node, const char *s,
                                          size_t n, uint64_t m)
{
    if (!e->cap_edges)
        return UINT32_MAX;
    return claims_child_in(e->edges, e->cap_edges - 1, e->nodes, e->keys, node, s, n, m);
}

/* Trie lookup: the child of node under token text s[0..n), or UINT32_MAX. */
static inline uint32_t rk_claims_trie_child(const rk_engine *e, uint32_t node, const char *s,
                                            size_t n)
{
    return claims_child_mixed(e, node, s, n, claims_mix(s, n));
}

/* ---- per-document matching ---------------------------------------------- */

/* One lexicon match: tokens [first, end) matched entry lex. */
typedef struct occ {
    uint32_t first, end;
    uint32_t lex;
    uint32_t type;       /* its entry's lex_type, copied: the scans around a
                            number test it for every occurrence they pass */
} occ;

/* Settings in force for one document's language. */
typedef struct doc_settings {
    int window, speaker_words;
    const char *clitics[32];
    size_t n_clitics;
    const char *clause_breaks[32], *statement_breaks[32], *sentence_ends[32];
    size_t n_clause_breaks, n_statement_breaks, n_sentence_ends;
    int lang;                   /* engine language index, -1: accept all */
    int singulars;              /* some entry the document takes is a
                                   subject noun of LEXF_ONE or LEXF_DUAL:
                                   without one, no singular claim is made */
    /* of trie_node.langs: an entry of a language in lang_sure is one the
       document takes; of one outside lang_any, one it does not take; the
       others (languages that share bit 63) are told by their entries */
    uint64_t lang_sure, lang_any;
    /* lengths of the strings above, measured once */
    size_t clitic_len[32], clause_len[32], statement_len[32];
    /* bit k of by_first[b] (by_second[b]): clitic k may start with byte b
       (have b second); a word is tried only against the clitics of both */
    uint32_t clitic_by_first[256], clitic_by_second[256];
    /* bit b: some clause or statement break starts with byte b; other
       punctuation is no break, with no list compared */
    uint64_t break_first[4];
    /* per byte b: what the one-byte token b breaks, by the lists: 2 its
       statement, 1 its clause, 0 nothing (most punctuation is one byte,
       and then no list is compared) */
    uint8_t break_one[256];
} doc_settings;

/* Everything known about one document while its claims are made. */
#define RK_EVENT_PLACES 8
#define RK_SENT_DATES 4
#define RK_DOC_PLACES 32
#define RK_PLACE_MAX 160 /* bytes of a place path from the text */
#define RK_KEPT_TOKENS 16 /* tokens of a kept place whose prefixes are compared */

/* A place an earlier window of a long document named, kept as normalised
 * bytes for the windows after it. */
typedef struct kept_place {
    char *s;                    /* owned */
    uint32_t n;                 /* bytes */
    uint32_t n_tokens;          /* tokens it had */
    uint32_t tok_end[RK_KEPT_TOKENS]; /* where its first tokens end in s */
} kept_place;

typedef struct doc_state {
    const rk_engine *e;
    const rk_document *doc;
    const rk_text *t;
    /* the settings read: ds_own, or an entry extract.c keeps per thread,
       which lasts as long as the document (copying the 4 kB cost more
       than a short document's cues) */
    const doc_settings *ds;
    doc_settings ds_own;
    struct form_memo *memo;     /* match.c: this thread's word forms, or NULL */
    const uint64_t *mix;        /* match.c, while matching: the text's
                                   mixes, claims_mix() of each token */
    occ *occs;                  /* sorted by first */
    size_t n_occs, cap_occs;
    uint32_t *occ_from;         /* per token and one past the last: the first occ
                                   starting there or later (n_occs: none), so a
                                   window is walked occurrence by occurrence */
    uint64_t *occ_types;        /* per token and one past the last: bit t set
                                   when an occurrence of type t starts there,
                                   so most asks for a type end at one load;
                                   it heads the one allocation that holds the
                                   per-token arrays below, occ_from and
                                   sent_types */
    uint64_t *sent_types;       /* per sentence: the LEX_BIT()s of the types
                                   of the occurrences starting in it, as the
                                   matcher finds them */
    uint32_t *clause;           /* per token: clause number */
    uint32_t *stmt;             /* per token: statement number */
    uint8_t *in_speaker;        /* per token: part of an attribution phrase */
    uint8_t *in_number;         /* per token: part of a number expression as
                                   written: 1, 2 for a date with its month
                                   written ("14 June"), 3 for a claimable
                                   one */
    uint32_t ph_t0, ph_t1;      /* tokens of the last speaker phrase read */
    int32_t doc_orig;           /* the originator the outlet names, -1 */
    int32_t last_orig[ORIG_N_KINDS]; /* per kind: the last originator named
                                   in the document, -1 none ("the ministry"
                                   refers back to it) */
    uint32_t *owner;            /* per occurrence: 1 + the index of the number
                                   whose own noun it is ("135 قتيلا ونحو 5 آلاف
                                   جريح": جريح is the 5,000's), 0 if none; no
                                   other number takes it as its predicate */
    uint32_t *owned;            /* per number: 1 + the index of the occurrence
                                   it owns (owner[] the other way), 0 if none */
    const rk_numlist *nums;     /* the window's numbers, in text order, while
                                   its claims are made; else NULL */
    int pub_days;               /* publication date as days since 1970, or INT32_MIN */
    struct { uint32_t t0, t1; } event_places[RK_EVENT_PLACES]; /* the places
                                   the first sentence names: the event's own */
    size_t n_event_places;
    struct { uint32_t t0, t1; } doc_places[RK_DOC_PLACES]; /* names the document
                                   gives as places anywhere ("مدينة درنة"):
                                   the same name after a bare place word
                                   ("في درنة") is a place too */
    size_t n_doc_places;
    /* A document over a few megabytes is read in windows (extract.c): */
    int window;                 /* the window being read, 0 the first */
    uint32_t sent_base;         /* sentences of the windows before it */
    int mid_line;               /* the window starts inside a line */
    kept_place kept_event[RK_EVENT_PLACES]; /* the first window's event places */
    size_t n_kept_event;
    kept_place kept_doc[RK_DOC_PLACES]; /* the earlier windows' doc places */
    size_t n_kept_doc;
    /* The occurrences of a predicate and a subject (only where the
     * document may have singular claims: doc_settings.singulars), a cue,
     * a breakdown word or a place word (LEX_PLACE, _NOUN, _AFTER), as
     * indices into occs in their order (extract.c, after matching): the
     * walks of a whole window that look for those types (singular nouns,
     * places, asides) read these instead of every occurrence. NULL when
     * the shortcuts are off (shortcut.h) or before matching. */
    uint32_t *picked;
    size_t n_picked;
    /* bit k of aside_bits[k / 64]: an aside may open at token k (a cue or
     * a breakdown word starts at k + 1, or a number within three tokens
     * after it), so join_asides() looks there only. NULL as picked. */
    uint64_t *aside_bits;
} doc_state;

/* Picks the settings for lang (NULL: every language). */
void rk_claims_settings(const rk_engine *e, const char *lang, doc_settings *ds);
/* Finds every lexicon match of the text (longest first, left to right) and
 * fills occs / occ_from / clause / stmt. */
rk_status rk_claims_match(doc_state *st, rk_error *err);
/* Frees what rk_claims_match gave st (occurrences and the per-token
 * arrays) and clears it. */
void rk_claims_match_free(doc_state *st);
/* Turns off (0) or on the compiler's placing of lexicon entries that the
 * text stage gives back as they are, as one word, without building a text
 * of them (compile.c, normalise_lang); returns whether it was on. For
 * tests, which compare the engines made either way. Not thread-safe. */
int rk_engine_set_plain_words(int on);
/* Turns off (0) or on the compiler's keeping, as trie keys, the texts of
 * the plain entries of the build's nationals vocabulary, which head a
 * compiled trie's keys, instead of copies of them; returns whether it was
 * on. For tests, which compare the engines made either way. Not
 * thread-safe. */
int rk_engine_set_lasting_keys(int on);
/* Turns off (0) or on the compiler's taking the trie the build compiled
 * from the very same rules (trie_known.h) instead of placing every entry
 * again; returns whether it was on. For tests, which compare the engines
 * made either way. Not thread-safe. */
int rk_engine_set_known_trie(int on);
/* Turns on or off the memo of word forms the matcher keeps on each thread
 * (match.c); returns whether it was on. For tests, which compare the
 * matches found either way. Not thread-safe. */
int rk_claims_set_form_memo(int on);
/* Visits the occurrences starting at token k, as indices i into occs. */
#define FOR_OCCS_AT(st, k, i)                                                     \
    for (uint32_t i = (st)->occ_from[(k)]; i < (st)->n_occs && (st)->occs[i].first == (k); i++)

/* The entry of an occurrence. */
static inline const lex_entry *occ_lex(const doc_state *st, const occ *o)
{
    return &st->e->lex[o->lex];
}

/* ---- attribution ---------------------------------------------------------- */

/* A cue found in a sentence with its parsed phrases (original byte spans). */
typedef struct cue_hit {
    uint32_t first, end;        /* the cue's tokens */
    uint32_t clause, stmt;
    uint16_t flags;
    uint8_t opens;              /* it opens its sentence ("По данным X, ..."):
                                   it reaches the whole sentence */
    uint8_t sp_opens;           /* its speaker, before it, opens its clause
                                   (", the FIA said") */
    uint32_t sp_t0, sp_t1, via_t0, via_t1; /* their tokens */
    int32_t sp_orig, via_orig;  /* originator index of speaker and relayer,
                                   -1 when the rules know neither */
    int has_speaker, has_via;
    size_t sp_start, sp_end, via_start, via_end;
} cue_hit;

/* Parses the cue occurrence o into h, marking the phrase tokens in_speaker.
 * Returns 0 when o is no cue here (a possessive cue after a word without
 * the possessive ending: "a figure of 164"), 1 otherwise. */
int rk_claims_parse_cue(doc_state *st, const occ *o, uint32_t sent_first, uint32_t sent_end,
                         cue_hit *h);

/* The source opening the sentence [sent_first, sent_end) as the subject of
 * what it does ("Officials gathered samples from 201 families"), into h.
 * Returns 0 when the sentence opens with no source. */
int rk_claims_agent(doc_state *st, uint32_t sent_first, uint32_t sent_end, cue_hit *h);

/* ---- reading a sentence (extract.c and the files it calls) -------------- */

/* Per-sentence state while its numbers are read. */
typedef struct sent_state {
    uint32_t s0, s1;          /* its tokens */
    cue_hit *cues;
    size_t n_cues, cap_cues;
    size_t cue_cursor;        /* cues before the current number */
    long prev_claim;          /* index of the previous claim of the sentence, -1 */
    uint32_t prev_tok;        /* its first token */
    uint32_t prev_end;        /* one past its last token */
    const rk_claim *head;     /* the count a breakdown word after it opened
                                 ("seven missing: three ..."), or NULL */
    cue_hit carried;          /* the source this sentence goes on with: the
                                 previous sentence's last cue ("بينما ...",
                                 a quotation going on), or the cue of the
                                 next sentence that names this one's source
                                 ("Об этом сообщает Reuters") */
    int has_carried;
    cue_hit agent;            /* a source that does what is counted, opening
                                 the sentence ("The coast guard rescued 104",
                                 «وتمكنت السلطات من إنقاذ 104»): the figure's
                                 source when no cue names one */
    int has_agent;
    const rk_claim *list;     /* the previous claim when the number continues
                                 a list after it ("Syrians (47), Egyptians
                                 (43) and 12 Pakistanis"), or NULL */
    long year_tok;            /* token of the latest year number seen, -1 */
    double year;
    struct {
        uint32_t first, end;  /* tokens of a date with a month name */
        uint8_t day0, day1, month; /* "10-11 September": 10, 11, 9 */
        int year;             /* the year right after it, or 0 */
    } dates[RK_SENT_DATES];   /* the sentence's dates ("as of 13 June") */
    size_t n_dates;
    int skip;                 /* its numbers are not this article's claims
                                 (a teaser, another event, another story) */
    uint32_t cur;             /* 1 + the index of the number being typed */
    uint64_t types;           /* LEX_BIT of every type an occurrence starting
                                 in the sentence has (all bits when the
                                 shortcuts are off, shortcut.h): a scan of
                                 the sentence for a type it lacks finds
                                 nothing */
} sent_state;

/* The running attribution of the document, for cues with no speaker. */
typedef struct last_speaker {
    int has_speaker, has_via;
    size_t sp_start, sp_end, via_start, via_end;
    int32_t sp_orig, via_orig;
} last_speaker;

/* The owned strings of the claim being built, kept as spans and short
 * buffers until pack() puts them all in the claim's one block. */
typedef struct draft {
    int has_speaker, has_via;
    size_t sp_start, sp_end, via_start, via_end; /* original byte spans */
    char as_of[24], as_of_from[24];              /* "" = none */
    int earlier;                                 /* an "earlier" figure */
    int32_t orig;                                /* originator index, -1 */
    int status;                                  /* rk_claim_status */
    int has_status_by;
    size_t by_start, by_end;                     /* who withdrew or denied it */
    char place[RK_PLACE_MAX];                    /* where it is counted, from
                                                    the text; "" for none */
    size_t place_len;
} draft;


/* hi, or the document's end when hi lies past it. */
static inline uint32_t occ_bound(const doc_state *st, uint32_t hi)
{
    return hi < st->t->n_tokens ? hi : (uint32_t)st->t->n_tokens;
}

/* Visits every occurrence starting in tokens [lo, hi), in order: those
 * from occ_from[lo] to occ_from[hi]. One plain loop, so that a break in
 * the body ends the walk and a continue goes on to the next occurrence. */
#define FOR_OCCS(st, lo, hi, o)                                                             \
    for (const occ *o = (st)->occs + (st)->occ_from[(lo)],                                  \
                   *const o##_end_ = (st)->occs + (st)->occ_from[occ_bound((st), (hi))];    \
         o < o##_end_; o++)

/* Token distance of o from the expression [a, b), and whether it precedes. */
static inline uint32_t gap_of(const occ *o, uint32_t a, uint32_t b, int *before)
{
    *before = o->first < a;
    if (o->first < a)
        return o->end <= a ? a - o->end : 0;
    return o->first - b;
}

/* The nearest candidate so far. */
typedef struct pick {
    const occ *o;
    uint32_t gap;
    int before;
} pick;

/* Keeps the nearer of two candidates; at equal distance the one before the
 * number wins (Arabic puts the verb first). */
static inline void consider(pick *p, const occ *o, uint32_t a, uint32_t b)
{
    int before;
    uint32_t g = gap_of(o, a, b, &before);
    if (!p->o || g < p->gap || (g == p->gap && before && !p->before))
        *p = (pick){o, g, before};
}

/* The window of w tokens before a / after b, inside the sentence. */
static inline uint32_t lo_of(const sent_state *ss, uint32_t a, int w)
{
    return a > ss->s0 + (uint32_t)w ? a - (uint32_t)w : ss->s0;
}

static inline uint32_t hi_of(const sent_state *ss, uint32_t b, int w)
{
    return b + (uint32_t)w < ss->s1 ? b + (uint32_t)w : ss->s1;
}

/* Same clause as the number: the clause of its first or last token. */
static inline int in_clause(const doc_state *st, const occ *o, uint32_t a, uint32_t b)
{
    uint32_t c = st->clause[o->first];
    return c == st->clause[a] || c == st->clause[b - 1];
}

/* The occurrence of `type` starting at token k, or NULL. */
static inline const occ *occ_of(const doc_state *st, uint32_t k, lex_type type)
{
    if (k >= st->t->n_tokens || !(st->occ_types[k] & LEX_BIT(type)))
        return NULL;
    FOR_OCCS_AT(st, k, i)
        if (st->occs[i].type == type)
            return &st->occs[i];
    return NULL;
}

/* The last token before k where occurrences start, or k when none does:
 * the only token whose occurrences can reach past k. The matcher puts
 * every occurrence of a token at the start of one match and begins the
 * next match at or after that match's end, so an occurrence starting
 * earlier ends at or before this token. */
static inline uint32_t cover_head(const doc_state *st, uint32_t k)
{
    uint32_t q = st->occ_from[k];
    return q ? st->occs[q - 1].first : k;
}

/* Token k is the one-byte punctuation ch. */
static inline int punct_is(const doc_state *st, uint32_t k, char ch)
{
    const rk_token *tk = &st->t->tokens[k];
    return tk->kind == RK_TOK_PUNCT && tk->end - tk->start == 1 && st->t->norm[tk->start] == ch;
}

/* look.c: the nearest occurrence of `type` within the window of [a, b)
 * (in its clause only when clause_only), accepting number kind `kind` for
 * predicates; NULL if none. */
/* True when occurrence o comes after the number ending at token b right
 * after "the number of" ("... stands at 82 and the number of survivors at
 * 104"): what it names is counted later, not by this number. */
int rk_claims_counts_later(const doc_state *st, const occ *o, uint32_t b);

const occ *rk_claims_nearest(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                             lex_type type, int clause_only, uint8_t kind);
/* Token k moved past opening quote marks. */
uint32_t rk_claims_past_quotes(const doc_state *st, uint32_t k, uint32_t s1);
/* Token k moved past quote marks and a bracketed aside. */
uint32_t rk_claims_past_aside(const doc_state *st, uint32_t k, uint32_t s1);
/* The subject named by "من X" / "of X" at token k, or NULL. */
const occ *rk_claims_of_subject(const doc_state *st, const sent_state *ss, uint32_t k);
/* A one-word stop word at token k ("and"): it may join two figures. */
int rk_claims_joined_by_stop(const doc_state *st, uint32_t k);
/* The class a subject occurrence names (a troop noun takes its nationality). */
int rk_claims_subject_class(const doc_state *st, const occ *o);

/* typing.c: the number's own noun when it is a predicate accepting kind
 * (tokens [a, b) the expression, [ca, cb) its digits or number words), by
 * pass: 1, among its unit words ("81-year-old"), right after it ("100
 * قتيل", "tens still missing") or between a comparator and it ("تجاوز عدد
 * الجرحى 6500"); 2, right before it ("مقتل 59", "ونجاة 104"); 3, after its
 * people noun ("4 آلاف شخص مصاب", "5,000 people injured"). A noun goes to
 * the first number that claims it, pass by pass. NULL if none. */
const occ *rk_claims_own_pred(const doc_state *st, uint32_t a, uint32_t ca, uint32_t cb, uint32_t b,
                              uint8_t kind, int pass);

/* typing.c: quantity, subject, unit, scope and hedge of the number at
 * [a, b) whose digits or number words end at cb. prev: the previous claim
 * of the sentence; typed: the last typed count of this or the previous
 * sentence (both may be NULL). */
void rk_claims_type(const doc_state *st, const sent_state *ss, const rk_claim *prev,
                    const rk_claim *typed, uint32_t a, uint32_t cb, uint32_t b, rk_claim *c);

/* attribution.c: whether the claim at [a, b) was withdrawn, denied or
 * corrected in its statement, and by whom, into d (the speaker in d is the
 * claim's own, for a figure withdrawn by its source). */
void rk_claims_status(doc_state *st, const sent_state *ss, uint32_t a, uint32_t b, draft *d);

/* attribution.c: speaker, relayer and date of the claim c at [a, b), into d. */
void rk_claims_attribute_and_date(const doc_state *st, sent_state *ss, const rk_claim *prev,
                                  uint32_t a, uint32_t b, const rk_claim *c, draft *d);

/* timecue.c: the time cue of [a, b) and the date it gives. */
const occ *rk_claims_find_time(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b);
/* A time cue right after an attribution cue ("said on Thursday"), or NULL. */
const occ *rk_claims_time_after_cue(const doc_state *st, const cue_hit *h);
/* Sets d's as_of (and as_of_from for a weekday pair) from time cue o. */
void rk_claims_date_from_cue(const doc_state *st, const occ *o, draft *d);

/* ---- dates ---------------------------------------------------------------- */

/* Days since 1970-01-01 of "YYYY-MM-DD..." or INT32_MIN when unreadable. */
int rk_claims_parse_date(const char *s);
/* Writes "YYYY-MM-DD" for days since 1970 into buf (>= 16 bytes). */
void rk_claims_format_date(int days, char *buf);
/* ISO weekday (Monday = 1) of days since 1970. */
int rk_claims_weekday(int days);

/* ---- places (place.c) --------------------------------------------------- */

/* Reads the places the sentence of tokens [s0, s1) names as the event's own
 * (the document's first sentence), and the names the whole document gives
 * as places. */
void rk_claims_event_places(doc_state *st, uint32_t s0, uint32_t s1);
/* In a window after the first of a long document: the names it gives as
 * places, after those the windows before it gave. */
void rk_claims_doc_places(doc_state *st);
/* Keeps the window's event and document places for the windows after it,
 * as bytes; its text can then go. */
rk_status rk_claims_keep_places(doc_state *st, rk_error *err);
/* Frees the kept places. */
void rk_claims_free_places(doc_state *st);
/* The place the text names for the number at tokens [a, b), in its clause,
 * into out (cap bytes, NUL-terminated): a country by its English name
 * ("Pakistan" for «باكستان»), else as written ("Derna"), after the wider
 * place the text gives, as a path ("Libya > Derna"). Returns its length: 0
 * for none, for the event's own place, or for a name longer than cap. */
size_t rk_claims_place(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                       char *out, size_t cap);

#endif
