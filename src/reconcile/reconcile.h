/* reconcile.h - the reconcile stage's data type: groups of claims about the
 * same quantity, their verdicts, reconciled estimates and links. */
#ifndef RK_RECONCILE_H
#define RK_RECONCILE_H

#include <stddef.h>
#include "../core/error.h"
#include "../claims/claim.h"
#include "../rules/rules.h"

typedef enum rk_verdict {
    RK_VERDICT_NONE = 0,
    RK_VERDICT_SINGLE,        /* one claim (or one figure from one speaker) */
    RK_VERDICT_AGREE,         /* the same figure */
    RK_VERDICT_COMPATIBLE,    /* intervals overlap */
    RK_VERDICT_RISING,        /* a cumulative figure reported higher later */
    RK_VERDICT_CONTRADICTION, /* disjoint figures that dates cannot explain */
    RK_VERDICT_REVISION,      /* a running total its own source lowered: news */
    RK_VERDICT_UPDATED        /* a count of now (the missing) replaced over time */
} rk_verdict;

typedef enum rk_link_kind {
    RK_LINK_NONE = 0,
    RK_LINK_AGREES,
    RK_LINK_COMPATIBLE,
    RK_LINK_CONTRADICTS,
    RK_LINK_SUPERSEDES,
    RK_LINK_NARROWER_THAN,
    RK_LINK_RISES_FROM        /* a later, higher cumulative figure */
} rk_link_kind;

/* A link between two claims (indices into the claim set), with the rule
 * that made it. */
typedef struct rk_link {
    size_t from, to;
    rk_link_kind kind;
    const char *rule;   /* static string or rules: the deciding rule's id */
} rk_link;

/* A group: claims with the same quantity, subject and scope. */
typedef struct rk_group {
    char *id;                 /* owned: stable, from quantity, subject and scope */
    const char *quantity, *subject, *scope; /* borrowed from the claims; the
                                 subject may come from the rules' unknown-subject */
    size_t *members;          /* owned: claim indices, in claim order */
    size_t n_members;
    size_t parent;            /* index of the wider group this one is a subset
                                 of, or (size_t)-1 */
    rk_verdict verdict;
    const char *verdict_rule; /* the rule that decided the verdict */
    char *explanation;        /* owned: one sentence naming figures, sources, dates */
    double low, best, high;   /* reconciled estimate, low <= best <= high */
    uint8_t has_estimate;     /* 0 when no member bounds the figure */
    uint8_t high_open;        /* 1 when the figure is open-ended above */
    const char *policy;       /* how best was chosen ("latest", "official",
                                 "most_attributed"), from the rules */
    size_t n_speakers;        /* independent speakers behind the members */
    size_t *superseded;       /* owned: members replaced by a later figure
                                 from the same speaker, in claim order */
    size_t n_superseded;
    size_t *sides;            /* owned: for a contradiction, every claim on
                                 one of its sides (figures of independent
                                 originators for one period that cannot both
                                 be true), in claim order */
    size_t n_sides;
    size_t *withdrawn;        /* owned: members retracted or disputed, or
                                 repeating a figure that was, in claim order */
    size_t n_withdrawn;
} rk_group;

typedef struct rk_reconciliation {
    rk_group *groups;
    size_t n_groups;
    rk_link *links;
    size_t n_links;
} rk_reconciliation;

/* Groups the claims of set and decides verdicts, estimates and links using
 * the grouping policies in rules (the <reconcile> sections; NULL for the
 * built-in defaults: every quantity non-cumulative, tolerance 0.1, best
 * "most_attributed", unknown-subject "together", no official cues, no
 * hierarchies).
 *
 * Claims without a subject follow their quantity's unknown-subject policy:
 * "together" groups them as one subject of their own, "apart" leaves them out
 * of every group (they are compared with nothing), any other value is the
 * subject they count towards (an event's toll: "people").
 *
 * Groups: claims with a quantity, keyed by quantity, subject and scope; ids
 * "quantity[/subject][@scope]"; groups sorted by id; parent = the nearest
 * existing wider group (same subject in a wider scope first, then wider
 * subjects), from <subject-within> and <scope-within> (a scope without a
 * <scope-within> is inside the whole event, unless a <scope-outside> declares
 * it a place outside the event: the climb stops there, so such a group, and
 * any place within it, has no event-wide parent and no narrower_than link).
 *
 * A claim's date is its as_of, else its document's published date (the first
 * 10 characters); its source is its speaker, else the document's outlet, else
 * the document (relays, `via`, are not sources); speakers compare after
 * trimming, dropping Arabic diacritics and case-folding.
 *
 * Supersession (rule "same-source-revised"): a dated claim from a named
 * source is superseded when the same source gives a different figure at a
 * later date; superseded claims count for neither verdict nor estimate.
 *
 * Verdict rules, over the remaining claims (approximate figures widened by
 * the tolerance): "single-claim", "single-source"; contradictions first:
 * "disjoint-same-date", "cumulative-fall" (cumulative quantities), "disjoint"
 * (non-cumulative quantities: dated figures that do not overlap),
 * "disjoint-undated" (an undated figure disjoint from any other); then
 * "cumulative-rise" (rising), "same-figure" (agree), "overlap" (compatible).
 *
 * Links: between neighbours in (date, figure) order, plus the pair that
 * decided a contradiction or rise; "supersedes" from a source's last figure
 * to each it replaced; "narrower_than" from every member of a narrower group
 * to the claim giving its parent's best figure ("subject-within",
 * "scope-within", "subject-and-scope-within"); and "contradicts" with rule
 * "narrower-exceeds-wider" when a part's best figure is above the whole's
 * high.
 *
 * Estimate: low and high are the lowest and highest stated bounds of the
 * remaining claims (high_open when one is open above); best is the figure the
 * policy picks ("latest"; "official": the latest from a speaker matching an
 * <official> cue, else the most attributed; "most_attributed": the figure
 * the most independent sources give, ties to the latest), clamped so that
 * low <= best <= high.
 *
 * Runs in O(n log n) in the number of claims. *out: the caller frees it with
 * rk_reconciliation_free(); it borrows strings from set and rules. */
RK_API rk_status rk_reconcile(const rk_claimset *set, const rk_rules *rules,
                              rk_reconciliation **out, rk_error *err);
/* Frees a reconciliation. NULL is a no-op. */
RK_API void rk_reconciliation_free(rk_reconciliation *r);

/* Lower-case names used in every output ("single", "agree", "compatible",
 * "rising", "contradiction"; "agrees", "compatible", "contradicts",
 * "supersedes", "narrower_than", "rises_from"). borrowed: static strings;
 * NULL for NONE or unknown values. */
RK_API const char *rk_verdict_name(rk_verdict v);
/* The group's figures as one canonical line: each distinct value of its
 * members as written by their intervals ("16", "7000-8000", "90+"),
 * ascending, joined by "; ". A reviewer's decision is bound to it (review.h).
 * The caller frees it with free(); NULL on OOM. */
RK_API char *rk_group_figures(const rk_claimset *set, const rk_group *g);
RK_API const char *rk_link_kind_name(rk_link_kind k);

#endif
