/* review.c - placeholder until the review module lands. */
#include "review.h"
rk_status rk_reviews_load(const char *path, rk_reviews **out, rk_error *err)
{ *out = NULL; return rk_error_set(err, RK_ERR_INTERNAL, path, 0, 0, "review not implemented"); }
const rk_review_entry *rk_reviews_find(const rk_reviews *r, const char *group) { (void)r; (void)group; return NULL; }
rk_status rk_reviews_set(const char *path, const char *group, rk_review_state state, const char *note, const char *reviewer, rk_error *err)
{ (void)group; (void)state; (void)note; (void)reviewer; return rk_error_set(err, RK_ERR_INTERNAL, path, 0, 0, "review not implemented"); }
void rk_reviews_free(rk_reviews *r) { (void)r; }
const char *rk_review_state_name(rk_review_state s) { (void)s; return NULL; }
rk_review_state rk_review_state_parse(const char *s) { (void)s; return RK_REVIEW_NONE; }
