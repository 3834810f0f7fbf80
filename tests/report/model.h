/* model.h - a synthetic report model for the renderer tests: an Arabic and
 * an English document, a hostile one, claims of every shape, groups with
 * every verdict, links and reviews. */
#ifndef RK_TEST_MODEL_H
#define RK_TEST_MODEL_H

#include "rk_internal.h"

typedef struct test_model {
    rk_claimset set;
    rk_reconciliation rec;
    rk_reviews reviews;
    rk_report rep;
} test_model;

/* Builds the model; with_rec 0 leaves rep.rec NULL (a claims-only report).
 * Aborts on out of memory. The caller frees it with test_model_free(). */
test_model *test_model_new(int with_rec);
void test_model_free(test_model *m);

/* Renders m with the renderer called name into a string. The caller frees
 * it with free(); NULL when rendering fails (err says why). */
char *test_render(const rk_report *rep, const char *name, size_t *len, rk_error *err);

#endif
