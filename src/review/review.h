/* review.h - a reviewer's decisions about groups, kept in a JSON file that
 * lives in version control beside the corpus. */
#ifndef RK_REVIEW_H
#define RK_REVIEW_H

#include <stddef.h>
#include "../core/error.h"

typedef enum rk_review_state {
    RK_REVIEW_NONE = 0,
    RK_REVIEW_CONFIRMED,  /* the contradiction is real */
    RK_REVIEW_DISMISSED,  /* not a real contradiction */
    RK_REVIEW_RESOLVED    /* settled: the note says what the figure is */
} rk_review_state;

typedef struct rk_review_entry {
    char *group;     /* owned: group id */
    rk_review_state state;
    char *note;      /* owned, may be NULL */
    char *reviewer;  /* owned, may be NULL */
    char *updated;   /* owned: ISO 8601 time of the decision, may be NULL */
    char *figures;   /* owned: the group's figures the reviewer saw
                        (rk_group_figures()), NULL when not known: a
                        review without them is never stale */
} rk_review_entry;

typedef struct rk_reviews {
    rk_review_entry *items;  /* sorted by group id */
    size_t n, cap;
} rk_reviews;

/* Loads a review file; a missing file is an empty review. A malformed file
 * gives RK_ERR_PARSE with path:line:col. *out: the caller frees it with
 * rk_reviews_free(). */
RK_API rk_status rk_reviews_load(const char *path, rk_reviews **out, rk_error *err);
/* borrowed: valid until the next change to r; NULL when not reviewed. */
RK_API const rk_review_entry *rk_reviews_find(const rk_reviews *r, const char *group);
/* Sets one decision and writes the file atomically under an exclusive lock,
 * re-reading it inside the lock so concurrent writers never lose a review.
 * The lock is flock(2) on .NAME.lock beside PATH (hidden, so that a folder
 * walk never reads it as an article); the new file is written beside PATH
 * and renamed over it, so a crash leaves the old file or the new, never
 * half. The entry's time is updated when not NULL or empty (a caller's
 * fixed time, for reproducible files; kept as given), else the current
 * UTC time; the library reads no environment variable for it. A
 * malformed existing file is reported (path:line:col) and left untouched.
 * A group id, note, reviewer or time that is not valid UTF-8 is refused
 * (RK_ERR_USAGE) before anything is written: the reader would refuse the
 * whole file. note, reviewer and updated may be NULL. figures, the group's
 * figures as the reviewer saw them (rk_group_figures()), binds the decision
 * to them: when the group's figures change the review is stale
 * (rk_review_stale()); NULL records none. */
RK_API rk_status rk_reviews_set(const char *path, const char *group, rk_review_state state,
                                const char *note, const char *reviewer, const char *figures,
                                const char *updated, rk_error *err);
/* 1 when e was bound to figures other than now's (a new figure came into
 * the group, or one left it since the decision); 0 when they are the same,
 * or e recorded none, or now is NULL. */
RK_API int rk_review_stale(const rk_review_entry *e, const char *now);
/* Frees a review. NULL is a no-op. */
RK_API void rk_reviews_free(rk_reviews *r);
/* Formats r as the review file holds it: pretty JSON, keys in the order
 * group, state, note, reviewer, updated, entries sorted by group, trailing
 * newline. *out: the caller frees it with free(). */
RK_API rk_status rk_reviews_format(const rk_reviews *r, char **out, size_t *len, rk_error *err);

/* "confirmed", "dismissed", "resolved". borrowed: static strings; NULL for
 * NONE or unknown values. */
RK_API const char *rk_review_state_name(rk_review_state s);
/* Parses a state name; RK_REVIEW_NONE when unknown. */
RK_API rk_review_state rk_review_state_parse(const char *s);

#endif
