/* dump_model.c - writes the synthetic test model in one format to standard
 * output, so the schema checks can run before the real pipeline exists. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: dump_model FORMAT [claims-only]\n");
        return 2;
    }
    test_model *m = test_model_new(!(argc > 2 && strcmp(argv[2], "claims-only") == 0));
    m->rep.title = "Synthetic \"report\" <test>";
    /* A review is only valid output once the review stage names its states. */
    if (!rk_review_state_name(RK_REVIEW_CONFIRMED))
        m->rep.reviews = NULL;
    rk_error err;
    rk_error_clear(&err);
    size_t n = 0;
    char *out = test_render(&m->rep, argv[1], &n, &err);
    int rc = 0;
    if (!out) {
        char b[2048];
        fprintf(stderr, "dump_model: %s\n", rk_error_format(&err, b, sizeof b));
        rc = 1;
    } else {
        fwrite(out, 1, n, stdout);
    }
    free(out);
    test_model_free(m);
    return rc;
}
