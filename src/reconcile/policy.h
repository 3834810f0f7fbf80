/* policy.h - the reconcile stage's policies, read from the <reconcile>
 * sections of a rule set (internal to the stage). */
#ifndef RK_RECONCILE_POLICY_H
#define RK_RECONCILE_POLICY_H

#include <stddef.h>
#include "../core/error.h"
#include "../rules/rules.h"

/* How one quantity is weighed. */
/* How a quantity's figure moves over time. */
enum {
    RK_SERIES_FACT = 0,   /* one fact: two figures that cannot both be true
                             contradict whenever they were given ("aboard") */
    RK_SERIES_CUMULATIVE, /* a running total that only grows: a later, higher
                             figure rises from an earlier one; a fall is a
                             revision or a contradiction ("deaths") */
    RK_SERIES_STOCK       /* a count of now that moves both ways: a later
                             figure replaces an earlier one ("missing") */
};

typedef struct rk_qpolicy {
    const char *name;   /* borrowed from the rules; "*" for the default */
    int cumulative;     /* RK_SERIES_*: how the figure moves over time
                           (1 is cumulative, as the attribute's name says) */
    double tolerance;   /* relative widening of approximate figures */
    const char *best;   /* static: "latest", "official" or "most_attributed" */
    int hedged_apart;   /* 1: hedged figures ("feared", "up to") form a group
                           of their own, never weighed against counts */
    const char *unknown_subject; /* claims without a subject: static "together"
                                    (one group of their own), static "apart"
                                    (not grouped), or a subject borrowed from
                                    the rules that they count towards */
} rk_qpolicy;

/* The static values of rk_qpolicy.unknown_subject that are not subjects. */
extern const char rk_unknown_together[], rk_unknown_apart[];

/* "narrow is part of wide", for subjects or scopes. */
typedef struct rk_within {
    const char *narrow, *wide;  /* borrowed from the rules */
} rk_within;

typedef struct rk_policy {
    rk_qpolicy dflt;            /* the "*" policy, or the built-in one */
    rk_qpolicy *q;              /* sorted by name */
    size_t nq, capq;
    char **cues;                /* owned: case-folded official cues */
    size_t ncues, capcues;
    rk_within *subj, *scope;    /* sorted by narrow */
    rk_within *alias;           /* <subject-as name as>: grouped as another
                                   subject (narrow = name, wide = as) */
    size_t nalias, capalias;
    size_t nsubj, capsubj, nscope, capscope;
    const char **outside;       /* scopes outside the event, borrowed from
                                   the rules; sorted */
    size_t noutside, capoutside;
    const char *authority[24];  /* originator kinds, most authoritative
                                   first (<authority order>); borrowed */
    char *authority_text;       /* owned: the order attribute, split in place */
    size_t nauthority;
    void *fold;                 /* the case folder (an ICU UCaseMap) */
} rk_policy;

/* Reads the policies of rules (NULL: built-in defaults, see reconcile.h).
 * *out: the caller frees it with rk_policy_free(). Broken data gives
 * RK_ERR_RULES with path:line. */
rk_status rk_policy_load(const rk_rules *rules, rk_policy **out, rk_error *err);
void rk_policy_free(rk_policy *p);

/* The policy of quantity q. borrowed: valid as long as p is. */
const rk_qpolicy *rk_policy_quantity(const rk_policy *p, const char *q);
/* The class s is directly part of, or NULL. borrowed from the rules. */
const char *rk_policy_wider_subject(const rk_policy *p, const char *s);
const char *rk_policy_wider_scope(const rk_policy *p, const char *s);
/* 1 when scope s is declared outside the event (<scope-outside>): a
 * figure about it is about another place, so its group is part of no
 * event-wide group. */
int rk_policy_scope_outside(const rk_policy *p, const char *s);
/* The subject claims of subject s are grouped as (<subject-as>), or s. */
const char *rk_policy_group_subject(const rk_policy *p, const char *s);

/* The rank of an originator kind in the authority order: 0 is the most
 * authoritative; kinds not listed, and NULL, rank after every listed one. */
int rk_policy_authority(const rk_policy *p, const char *kind);

/* 1 when the normalised speaker contains an official cue. */
int rk_policy_is_official(const rk_policy *p, const char *norm_speaker);

/* Normalises a speaker or source name for comparison: trims, collapses runs
 * of white space, drops Arabic diacritics and tatweel, and case-folds. The
 * caller frees the result with free(); NULL on out of memory. */
char *rk_policy_normalise(const rk_policy *p, const char *s);

#endif
