/* numbers_int.h - the numbers stage's inner parts: the lexicon (a trie over
 * normalised token sequences whose nodes carry entries from the rule data),
 * the settings, and the readers of digits and words that the scan uses. */
#ifndef RK_NUMBERS_INT_H
#define RK_NUMBERS_INT_H

#include <stddef.h>
#include <stdint.h>
#include "../core/hash.h" /* rk_token_mix */
#include "numbers.h"

#define NB_NONE UINT32_MAX

/* What an entry of the lexicon is; one phrase may carry several roles (the
 * scan asks for the role that fits the position: "آلاف" is a scale after a
 * number and a vague word alone). */
typedef enum nb_role {
    NB_ROLE_NONE = 0,
    NB_CARDINAL,     /* a number word: value */
    NB_SCALE,        /* multiplies what precedes: value */
    NB_FRACTION,     /* a fraction of a following scale: value */
    NB_VAGUE,        /* a vague quantity: low..high, name = class */
    NB_ORDINAL,      /* an ordinal word: value */
    NB_ORDSUFFIX,    /* "st", "nd" glued to digits */
    NB_DUAL,         /* a noun meaning two of it: kind, unit */
    NB_SINGULAR,     /* a noun meaning one of it: kind, unit */
    NB_CMP_BEFORE,   /* a comparator or hedge before a number: exactness, window */
    NB_CMP_AFTER,    /* after a number ("or more", "على الأقل") */
    NB_RANGE_OPEN,   /* "بين", "between" */
    NB_RANGE_JOIN,   /* "إلى", "and", "-": flag NB_F_BARE when no opener is needed */
    NB_UNIT_BEFORE,  /* "$", "aged" */
    NB_UNIT_AFTER,   /* "دولار", "%", "كلم مربع": value = factor */
    NB_MONTH,        /* a month name: value 1..12 */
    NB_LINK,         /* a word between a day and its month ("6 من كانون الثاني") */
    NB_CUE,          /* a designation/year/phone cue before a number: kind, low/high */
    NB_CONNECTOR,    /* joins number words ("و", "and") */
    NB_CLOCK,        /* after an hour, makes it a time of day ("p.m."): value = hours
                        added to the hour counted 0..11; flag NB_F_NEEDS_CUE */
    NB_COUNT_NOUN,   /* a counted noun right after a year-shaped number makes it a
                        count ("2000 people") */
    NB_SHARE,        /* a share of a whole ("half of", "نصف", "треть"): value in
                        percent; flag NB_F_MARKED when a NB_WHOLE word must follow */
    NB_WHOLE,        /* a word that opens the whole after a share ("of", "the") */
    NB_ENDING,       /* a case ending joined to digits by a hyphen ("3-х", "5-ти") */
    NB_PREFIX,       /* a clitic or article (kept apart from the trie) */
    NB_ROLE_COUNT
} nb_role;

#define NB_MASK(r) (1u << (r))

/* In node_roles and node_below, beside the roles: a comparator before the
 * number with a window (NB_CMP_BEFORE, window > 0) is at or below the node,
 * so the scan asks for one only at a word that may read as one. */
#define NB_WINDOWED (1u << 31)
_Static_assert(NB_ROLE_COUNT < 31, "the roles and NB_WINDOWED fit node_roles");

/* Prefix classes an entry accepts on its first token. */
#define NB_PFX_CLITIC 1u
#define NB_PFX_ARTICLE 2u

/* Entry flags. */
#define NB_F_MONEY_ONLY 1u  /* scale: only beside a money unit ("m") */
#define NB_F_IN_SPAN 2u     /* unit: part of the number as written ("%") */
#define NB_F_BARE 4u        /* range join: needs no opener ("-", "to") */
#define NB_F_NEEDS_CUE 8u   /* clock suffix: only after a time cue ("الساعة") */
#define NB_F_APPROX 16u     /* cardinal: a round count, approx ("a dozen") */
#define NB_F_MARKED 32u     /* share: the whole is opened by a NB_WHOLE word */
#define NB_F_AFTER_NOUN 64u /* cardinal: alone, it follows its noun («جندي واحد») */

/* The roles whose phrases can open an expression; a word that starts no
 * phrase with one of them is skipped by the scan at once. */
#define NB_START_ROLES                                                                   \
    (NB_MASK(NB_CARDINAL) | NB_MASK(NB_SCALE) | NB_MASK(NB_FRACTION) | NB_MASK(NB_VAGUE) | \
     NB_MASK(NB_ORDINAL) | NB_MASK(NB_DUAL) | NB_MASK(NB_SINGULAR) |                     \
     NB_MASK(NB_CMP_BEFORE) | NB_MASK(NB_RANGE_OPEN) | NB_MASK(NB_UNIT_BEFORE) |          \
     NB_MASK(NB_MONTH) | NB_MASK(NB_CUE) | NB_MASK(NB_SHARE))

/* The roles of what stands before a number (and a month name before a
 * day), which the scan looks up at once at a token it starts at. */
#define NB_PREFIX_ROLES                                                                  \
    (NB_MASK(NB_CMP_BEFORE) | NB_MASK(NB_RANGE_OPEN) | NB_MASK(NB_CUE) |                 \
     NB_MASK(NB_UNIT_BEFORE) | NB_MASK(NB_MONTH))

typedef struct nb_entry {
    uint8_t role;       /* nb_role */
    uint8_t prefixes;   /* NB_PFX_* accepted on the first token */
    uint8_t exactness;  /* comparators */
    uint8_t kind;       /* units, cues, duals, singulars */
    uint8_t flags;      /* NB_F_* */
    uint16_t window;    /* comparators: words allowed between it and the number (before
                           it: any tokens; after it: the number's counted noun) */
    double value;       /* cardinal/scale/fraction/ordinal/month value, unit factor */
    double low, high;   /* vague interval; cue bounds (high 0: none) */
    const char *name;   /* unit name or vague class: interned by the lexicon */
    uint32_t next;      /* next entry of the same trie node, or NB_NONE */
} nb_entry;

/* Settings from the language-independent data (rules/common/numbers.xml). */
typedef struct nb_settings {
    double approx_tolerance;  /* relative half-width of "approx" for reconcile */
    int dot_group;            /* 1: "900.000" is 900000; 0: it is 900.0 */
    double year_min, year_max;/* a bare 4-digit integer in range is a year */
    double list_marker_max;   /* largest number read as a list marker */
    int packed_dates;         /* 1: "512022" reads as 5/1/2022 */
} nb_settings;

typedef struct nb_prefix {
    char *s;          /* normalised */
    size_t len;
    size_t skip;      /* leading bytes that are not part of the number as
                         written (all of a clitic; "و" of "و+ال") */
    uint8_t cls;      /* NB_PFX_* */
} nb_prefix;

/* The keys of the filters below: the top NB_KEY_LOG bits of a token's mix
 * (rk_token_mix(), which the text stage works out once per token, t->mix),
 * which its last multiply mixes from all the bytes it reads. The shipped
 * rules give open_keys some 12,000 keys (each clitic joined to each first
 * word that opens an expression): 18 bits set 4.6 % of them, where 17 set
 * 8.6 % and 16 set 17 %. A word that passes the filter only to fail the
 * next test costs a mispredicted branch: on 2 MB of English news, 43,566
 * of 354,049 words did at 17 bits, 28,456 at 18 (32 KB a filter). */
#define NB_KEY_LOG 18
#define NB_KEYS (1u << NB_KEY_LOG)
_Static_assert(NB_KEYS % 64 == 0, "the key filters are whole eight-byte words");

static inline unsigned nb_mix_key(uint64_t m)
{
    return (unsigned)(m >> (64 - NB_KEY_LOG));
}

static inline unsigned nb_root_key(const char *s, size_t n)
{
    return nb_mix_key(rk_token_mix(s, n));
}

static inline int nb_key_in(const uint8_t *bits, unsigned k)
{
    return bits[k >> 3] >> (k & 7) & 1;
}

/* An edge of the trie: the child of parent for one token. */
typedef struct nb_edge {
    uint32_t parent, child;   /* child NB_NONE: empty slot */
    uint32_t key, len;        /* token bytes in r->keys */
    uint64_t hash;
} nb_edge;

/* The prefixes of one head (their first two bytes). */
typedef struct nb_pfx_group {
    uint16_t head;            /* first two bytes, big-endian */
    uint16_t lo, hi;          /* prefixes [lo, hi) */
} nb_pfx_group;

/* The compiled reader. */
struct rk_numbers_reader {
    /* trie nodes: first entry per node; node 0 is the root */
    uint32_t *node_first;
    /* per node: NB_MASK of the roles of the entries at it and below it
       (filled by nb_trie_finish once every phrase is in) */
    uint32_t *node_roles;
    /* per node: the same for the nodes below it only, so a walk stops at a
       node with nothing more of what it asks for under it */
    uint32_t *node_below;
    /* per node: a bit (from length and last byte) set for the token of
       each of its children, so a walk turns most tokens away from a node
       without hashing; every bit at the root */
    uint32_t *node_kids;
    size_t n_nodes, cap_nodes;
    /* edges: open-addressing table (parent, token) -> child */
    struct nb_edge *edges;
    size_t edge_cap, n_edges;
    char *keys;                /* token bytes of every edge */
    size_t keys_len, keys_cap;
    nb_entry *entries;
    size_t n_entries, cap_entries;
    nb_prefix *prefixes;
    size_t n_prefixes;
    /* prefixes grouped by their first two bytes, in data order within a
       group (one word can only carry prefixes of one group); all of them are
       tried when some prefix is a single byte */
    struct nb_pfx_group *pfx_groups;
    size_t n_pfx_groups;
    /* per head (a word's first two bytes, big-endian): 1 + the index of
       its group, 0 when no prefix starts so; a word's group is one load
       (NULL when there are no groups) */
    uint8_t *pfx_group_of;
    int pfx_scan_all;
    /* bit k set: the first token of some phrase has root key k, so most
       words are turned away by one bit test before any hashing */
    uint8_t root_keys[NB_KEYS / 8];
    /* the same for the first tokens of phrases that can open an expression
       (a role of NB_START_ROLES at or below them): the scan asks this of
       every word, and frequent words that only follow a number or a share
       ("the", "and", "to") pass root_keys but not this */
    uint8_t start_keys[NB_KEYS / 8];
    /* the keys of the words made of a prefix and the first token of a phrase
       in start_keys: a word whose key is not here opens no expression past
       any prefix */
    uint8_t pfx_start_keys[NB_KEYS / 8];
    /* start_keys | pfx_start_keys: the one test the scan makes of most
       words */
    uint8_t open_keys[NB_KEYS / 8];
    char **names;              /* interned unit names and vague classes */
    size_t n_names;
    /* the largest window of a comparator after the number: the words after
       a number are searched that far, and not at all when it is 0 */
    uint16_t max_after_window;
    nb_settings set;
};

/* Reader building (compile.c): whether a form that is one plain word
 * (rk_text_plain_word) goes into the trie as it is, without a text built of
 * it; returns the previous setting. On by default; tests turn it off to
 * hold the shortcut to the slow way. Not thread-safe. */
int nb_set_plain_forms(int on);
/* Whether rk_numbers_reader_new() takes the reader the build compiled from
 * the shipped rules (reader_known.h) when the rules are those and ICU is
 * the build's; returns the previous setting. On by default; tests turn it
 * off to compile the reader from the rules. Not thread-safe. */
int nb_set_known_reader(int on);

/* Lexicon building (lexicon.c). */
uint32_t nb_trie_child(const rk_numbers_reader *r, uint32_t node, const char *s, size_t n);
rk_status nb_trie_add(rk_numbers_reader *r, const char *const *toks, const size_t *lens,
                      size_t n, const nb_entry *e, const nb_entry **dup);
const char *nb_intern(rk_numbers_reader *r, const char *s);
/* Computes node_roles, node_below, the key filters and the prefix groups
 * once the lexicon is complete; called once, on a reader made by calloc
 * (the key filters are set from zero). */
rk_status nb_trie_finish(rk_numbers_reader *r);
void nb_lexicon_free(rk_numbers_reader *r);

/* A phrase found in the text. */
typedef struct nb_match {
    const nb_entry *e;   /* the entry with the asked role */
    size_t end;          /* token after the phrase */
    size_t pfx_len;      /* bytes of a prefix stripped off the first token */
    size_t pfx_skip;     /* of which outside the number as written */
    uint8_t pfx_cls;     /* its NB_PFX_* class, 0 if none */
} nb_match;

/* One text as the scan reads it: the reader, the text, and the root's child
 * for each token's plain form, looked up once (a number's next token is
 * asked for a scale, a range joiner, a unit, a month, a comparator ...). */
typedef struct nb_doc {
    const rk_numbers_reader *r;
    const rk_text *t;
    uint32_t *root;      /* per token: NB_UNSEEN, or the root's child / NB_NONE */
    /* NULL, or what walks have looked up in this text and will ask again:
     * the scan asks one token for one role after another */
    struct nb_memo *memo;
} nb_doc;

#define NB_MEMO_SIZE 64
#define NB_PFX_KEEP 8

/* The child of a node for a token that a walk went past (tok SIZE_MAX: an
 * empty slot), so the same edge is not hashed again. */
typedef struct nb_memo_slot {
    size_t tok;
    uint32_t node, child;
} nb_memo_slot;

/* Every byte 0xFF: empty. */
typedef struct nb_memo {
    nb_memo_slot slot[NB_MEMO_SIZE];
    /* the prefixed readings of token pfx_tok (SIZE_MAX: none kept): the
     * prefixes that start it, in data order, whose rest of the word is a
     * child of the root, and that child; n_pfx > NB_PFX_KEEP: too many to
     * keep */
    size_t pfx_tok;
    uint32_t n_pfx;
    uint32_t pfx[NB_PFX_KEEP], pfx_node[NB_PFX_KEEP];
} nb_memo;

#define NB_UNSEEN 0xFEFEFEFEu /* memset byte 0xFE */

/* Longest phrase starting at token i (within the sentence of i) that carries
 * an entry whose role is in mask; prefixes are tried on the first token.
 * Returns 1 and fills m, or 0. */
int nb_lookup(const nb_doc *d, size_t i, uint32_t mask, nb_match *m);
/* The first token from i on (t->n_tokens if none) that is a number or that
 * nb_can_start() keeps: the same tests, in one loop over the tokens with
 * what it reads of d in locals. */
size_t nb_next_start(const nb_doc *d, size_t i);
/* Whether rk_numbers_find() finds where to start through nb_next_start()
 * (on by default) or asks nb_can_start() of each token; returns the
 * previous setting. Tests turn it off to hold the shortcut to the general path. Not
 * thread-safe. */
int nb_set_skip_runs(int on);
/* nb_lookup_plain() past its inline test. */
int nb_lookup_plain_at(const nb_doc *d, size_t i, uint32_t mask, nb_match *m);
/* The same as nb_lookup, without stripping any prefix from the first token.
 * Inline: the scan asks the token after a number for one role after
 * another, and once its root child is kept most of those end at the
 * child's roles. */
static inline int nb_lookup_plain(const nb_doc *d, size_t i, uint32_t mask, nb_match *m)
{
    /* A kept child other than NB_NONE was found in the trie: node_roles
       is there. */
    uint32_t c = d->root[i];
    if (c == NB_NONE || (c != NB_UNSEEN && !(d->r->node_roles[c] & mask))) {
        m->pfx_len = 0;
        m->pfx_skip = 0;
        m->pfx_cls = 0;
        return 0;
    }
    return nb_lookup_plain_at(d, i, mask, m);
}
/* Some phrase at token i, plain or past a prefix, leads to a node whose
 * node_roles has one of bits (a filter: 0 means nb_lookup() finds nothing
 * of those roles; 1 means it may). Exact about the prefixes when the memo
 * holds token i's prefixed readings, which nb_lookup() at i keeps. */
int nb_may_read_as(const nb_doc *d, size_t i, uint32_t bits);
/* nb_may_read_as() once token i's root child has been looked up (any
 * lookup at i does), so it is in d->root; inline. */
static inline int nb_may_read_as_seen(const nb_doc *d, size_t i, uint32_t bits)
{
    const rk_numbers_reader *r = d->r;
    const nb_memo *memo = d->memo;
    uint32_t c = d->root[i];
    if (c != NB_NONE && (r->node_roles[c] & bits))
        return 1;
    if (!r->n_prefixes || d->t->tokens[i].kind != RK_TOK_WORD)
        return 0;
    if (!memo || memo->pfx_tok != i || memo->n_pfx > NB_PFX_KEEP)
        return 1; /* the prefixed readings are not at hand */
    for (uint32_t q = 0; q < memo->n_pfx; q++)
        if (r->node_roles[memo->pfx_node[q]] & bits)
            return 1;
    return 0;
}

/* A number as written, before comparators, ranges and units (digits.c,
 * words.c). */
typedef struct nb_core {
    size_t first, end;       /* tokens [first, end) */
    uint32_t nstart, nend;   /* normalised span, nstart past a clitic */
    double low, high;
    uint8_t exactness;       /* exact or vague */
    uint8_t kind;            /* NONE unless the shape decides (date, time, ordinal, ...) */
    const char *unit;        /* from duals ("يومين") */
    const char *vague;
    double scale;            /* the last scale applied, 1 if none */
    int plain_int;           /* one run of digits, nothing else */
    int ndigits;             /* digits of a plain integer */
    int words;               /* read from words */
    int share;               /* a share of a whole read as a percent */
    uint8_t month;           /* a date's month from its month name, or 0 */
    uint8_t after_noun;      /* one word that follows its noun («واحد») */
} nb_core;

/* Token j, in token i's sentence, is a number word that follows the noun it
 * counts («واحد»): the noun at i is no number of its own. */
int nb_after_noun_at(const nb_doc *d, size_t i, size_t j);
/* Reads digits at token i (a NUMBER token): grouping, decimals, dates, times.
 * Scales are not read here. Returns 1 and fills c, or 0. */
int nb_read_digits(const nb_doc *d, size_t i, nb_core *c);
/* nb_read_digits() without its shortcut for a digit run that nothing after
 * it can carry on: every shape is tried (the tests hold the shortcut to
 * this). */
int nb_read_digits_shaped(const nb_doc *d, size_t i, nb_core *c);
/* Reads scale words after c (digits or words) and applies them. money says
 * whether money-only scales may apply. */
void nb_read_scales(const nb_doc *d, nb_core *c, int money);
/* "3-х": a case ending joined to the plain integer c by a hyphen is part of
 * the number as written. Extends c; returns 1 when there was one. */
int nb_read_ending(const nb_doc *d, nb_core *c);
/* "11 ألف و300", "ثلاثة آلاف و297": after a number ending in a scale of a
 * thousand or more, a connector and digits smaller than that scale (with
 * their own scales: "5 ملايين و200 ألف") add to it. Extends c. */
void nb_read_remainder(const nb_doc *d, nb_core *c, int money);
/* Reads a number made of words at token i: cardinals, scales, fractions,
 * vague words, duals, ordinals. Returns 1 and fills c, or 0. */
int nb_read_words(const nb_doc *d, size_t i, nb_core *c);
/* nb_read_words() without its filter of the roles no reading of the word
 * leads to: every role is looked up (the tests hold the filter to this). */
int nb_read_words_every_role(const nb_doc *d, size_t i, nb_core *c);

/* Token helpers. */
static inline const char *nb_tok(const rk_text *t, size_t i, size_t *len)
{
    *len = t->tokens[i].end - t->tokens[i].start;
    return t->norm + t->tokens[i].start;
}
static inline int nb_tok_is(const rk_text *t, size_t i, const char *s)
{
    size_t n, sl = 0;
    const char *p = nb_tok(t, i, &n);
    while (s[sl])
        sl++;
    return n == sl && (n == 0 || __builtin_memcmp(p, s, n) == 0);
}
/* Token i+1 exists, is in the same sentence and touches token i. */
static inline int nb_glued(const rk_text *t, size_t i)
{
    return i + 1 < t->n_tokens && !t->tokens[i + 1].space_before &&
           t->tokens[i + 1].sentence == t->tokens[i].sentence;
}
static inline int nb_same_sentence(const rk_text *t, size_t i, size_t j)
{
    return j < t->n_tokens && t->tokens[j].sentence == t->tokens[i].sentence;
}

/* nb_can_start() of token i, s0[0..n0) with n0 > 0, whose key k passed
 * open_keys (lexicon.c). */
int nb_can_start_past(const nb_doc *d, size_t i, const char *s0, size_t n0, unsigned k);
/* Token i may open an expression: the plain token or the word past a
 * prefix is the first token of a phrase with a start role, and a plain word
 * that carries none itself goes on into one (a word turned away reads as
 * nothing with a start role and as no number word). Inline: most tokens it
 * is asked of fail its first test. */
static inline int nb_can_start(const nb_doc *d, size_t i)
{
    /* No test of node_roles (none when there are no nodes): a reader
       without nodes has no edges, so every key filter is empty and no root
       child is found; node_roles is read only under a root child. */
    size_t n0;
    const char *s0 = nb_tok(d->t, i, &n0);
    if (!n0)
        return 0;
    /* A word that opens nothing is not looked up: its root child is found
     * (and kept) only when a later step asks for it. Most words fail both
     * filters below at once. A root child kept from an earlier step has no
     * start role when the start-key filter rejects the word. */
    unsigned k = nb_mix_key(d->t->mix[i]);
    return nb_key_in(d->r->open_keys, k) && nb_can_start_past(d, i, s0, n0, k);
}

#endif
