/* internal.h - what the files of the reconcile stage share: the per-claim
 * facts the verdicts are computed from, and the per-group steps. */
#ifndef RK_RECONCILE_INTERNAL_H
#define RK_RECONCILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "reconcile.h"
#include "policy.h"

/* What reconciling needs to know about one claim, computed once. The
 * claim's own fields that a group's steps read are copied here too: a
 * group's members lie all over the claim array, and these facts are read
 * in every step (128 bytes a claim). */
typedef struct rk_cinfo rk_cinfo;
struct rk_cinfo {
    const rk_claim *cl;
    double lo, hi;      /* the interval compared: approximations widened */
    double rlo, rhi;    /* the stated interval; rhi is +inf when open above */
    double point;       /* the figure as one value, for the best estimate */
    const char *subject; /* the subject grouped by: the claim's, else the
                            policy's unknown-subject; borrowed */
    const rk_cinfo *whole; /* the figure it is a part of (a breakdown), or NULL */
    size_t document;    /* the claim's document, sentence_start and */
    size_t sentence_start, sentence_end; /* sentence_end, copied */
    uint32_t drank;     /* 0 undated, else the rank of its date (as_of, else
                           the document's published date, the first 10
                           bytes) among the claims' dates: dates compare by
                           it, byte by byte as strings, a prefix first */
    uint32_t src;       /* independent source id (normalised speaker) */
    int32_t dlo, dhi;   /* the period the figure holds for, in days since
                           1970: its date; else its article's publication
                           date (as of that day or earlier); else, for an
                           "earlier" figure, up to the day before */
    uint8_t named;      /* src is a speaker or outlet, not a bare document */
    uint8_t official;   /* the speaker matches an official cue */
    uint8_t bounded;    /* the claim bounds the figure at all */
    uint8_t superseded; /* replaced by a later figure from the same source */
    uint8_t precision;  /* rank: 0 exact ... 4 vague; breaks ties for best */
    uint8_t apart;      /* no subject, and the policy keeps such claims out
                           of every group */
    uint8_t part;       /* a part of a larger figure its own sentence gives
                           (a breakdown), set aside like a superseded one */
    uint8_t has_period; /* dlo/dhi are known */
    uint8_t by_published; /* the period is the publication date, a bound */
    uint8_t status;     /* rk_claim_status, its own or the one of a figure it
                           repeats */
    uint8_t active;     /* counts for verdict and estimate */
    uint8_t authority;  /* rank of its originator's kind, 0 the most
                           authoritative */
    uint8_t side;       /* a side of the group's contradiction */
    uint8_t hedged_apart; /* grouped apart from counts: 1 a feared figure,
                             2 an addition to the total ("another 12") */
    uint8_t cstatus;    /* the claim's own status, exactness, hedged and */
    uint8_t exactness;  /* earlier, copied, and whether it has a speaker */
    uint8_t hedged;
    uint8_t earlier;
    uint8_t has_speaker;
};

/* A table of byte strings with a number each (rk_strtab_intern). */
typedef struct rk_strslot {
    char *key;          /* owned copy, NUL-terminated; NULL for a free slot */
    uint64_t hash;
    size_t len;
    uint64_t val;
} rk_strslot;

typedef struct rk_strtab {
    rk_strslot *slots;
    size_t cap, n;
} rk_strtab;

/* The number of key[0..len) in t. When t has not got it, a copy is added
 * with the number 0, for the caller to set, and *added is 1 (else 0).
 * borrowed: valid until the next call on t; NULL on out of memory (t is
 * unchanged). A zeroed rk_strtab is empty. */
uint64_t *rk_strtab_at(rk_strtab *t, const char *key, size_t len, int *added);
/* Frees the table's keys and slots and empties it. */
void rk_strtab_free(rk_strtab *t);

/* Shared state of one rk_reconcile() run. */
typedef struct rk_recon {
    const rk_claimset *set;
    const rk_policy *pol;
    rk_cinfo *ci;            /* one per claim */
    rk_reconciliation *r;
    size_t cap_links;
    size_t *best;            /* per group: claim index of the best figure, or -1 */
    rk_cinfo **scratch;      /* room for the largest group, three times */
    rk_cinfo **scratch2;
    rk_cinfo **scratch3;
    char (*doc_dates)[11];   /* per document: "--MM-DD" publication dates
                                given the corpus's year ("" when none) */
    char (*claim_dates)[11]; /* per claim, two: its as_of and as_of_from so */
    void *order_keys;        /* room for the largest group's sort keys, twice */
    void *order_tmp;
    size_t n_sources;        /* source ids are below it */
    size_t n_dates;          /* date ranks are at most it */
    uint32_t *source_seen;   /* per source id: the last count_sources() call
                                that met it */
    uint32_t source_stamp;
} rk_recon;

#define RK_NO_INDEX ((size_t)-1)

static inline size_t rk_cinfo_index(const rk_recon *x, const rk_cinfo *c)
{
    return (size_t)(c - x->ci);
}

/* Bytes of the largest sort key of orders.c. */
#define RK_ORDER_KEY_BYTES 40

/* Sorts P[0..n) (n at most the largest group) by source, then date */
void rk_order_source_date(rk_recon *x, rk_cinfo **P, size_t n);
/* ... by date (undated first), then stated figure (low, then high) */
void rk_order_date_value(rk_recon *x, rk_cinfo **P, size_t n);
/* ... by stated figure, then source */
void rk_order_figure_source(rk_recon *x, rk_cinfo **P, size_t n);
/* ... by document, sentence start and source, the largest point first */
void rk_order_sentence_figure(rk_recon *x, rk_cinfo **P, size_t n);
/* ... by stated figure */
void rk_order_figure(rk_recon *x, rk_cinfo **P, size_t n);
/* ... by document, then stated low */
void rk_order_doc_low(rk_recon *x, rk_cinfo **P, size_t n);
/* ... by the start of the period, undated first. Each order ends on the
 * claim's place in the claim array. */
void rk_order_period_start(rk_recon *x, rk_cinfo **P, size_t n);

/* Appends a link; 0 or -1 on out of memory. */
int rk_recon_link(rk_recon *x, const rk_cinfo *from, const rk_cinfo *to, rk_link_kind kind,
                  const char *rule);

/* Decides supersession, verdict, estimate and links of group g (members
 * filled). Fills g and x->best[gi]. */
rk_status rk_recon_group(rk_recon *x, size_t gi, rk_error *err);

/* The deciding facts of a group, handed to the explanation. */
typedef struct rk_decision {
    rk_verdict verdict;
    const char *rule;
    const rk_cinfo *a, *b;   /* the claims named: a the lower or earlier */
    size_t n_active;
    const rk_cinfo *best;    /* the claim the best figure comes from, or NULL */
    int best_fallback;       /* 1: no official source, most attributed used */
    const rk_cinfo *rev_old, *rev_new; /* one revision to name, or NULL */
    const rk_cinfo *part, *whole; /* one breakdown to name, or NULL */
    size_t n_parts;               /* figures set aside as parts */
} rk_decision;

/* Relates every pair of the n claims M (a group small enough), decides d's
 * verdict from the active ones and links every pair the verdict does not
 * imply. series: RK_SERIES_*. 0, or -1 on out of memory. */
int rk_recon_pairwise(rk_recon *x, rk_cinfo **M, size_t n, int series, rk_decision *d);

/* The one-sentence explanation of g. The caller frees it with free(); NULL
 * on out of memory. */
char *rk_recon_explain(const rk_recon *x, const rk_group *g, const rk_decision *d);
/* Appends the sentence clause saying g's best exceeds its wider group's high. */
int rk_recon_explain_exceeds(const rk_recon *x, rk_group *g, const rk_group *wide);

/* Figures compare equal when they state the same interval; two claims that
 * bound nothing do not agree on anything. */
static inline int rk_cinfo_same_figure(const rk_cinfo *a, const rk_cinfo *b)
{
    return a->bounded && b->bounded && a->rlo == b->rlo && a->rhi == b->rhi;
}

/* Compares dates: undated first, then by the day (the date strings, byte
 * by byte, a prefix first, through their ranks). */
static inline int rk_cinfo_cmp_date(const rk_cinfo *a, const rk_cinfo *b)
{
    return (a->drank > b->drank) - (a->drank < b->drank);
}

#endif
