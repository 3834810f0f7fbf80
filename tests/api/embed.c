/* embed.c - a program outside the tree, built with only `pkg-config
 * --cflags --libs reckon` from an installation: the Arabic sentence against
 * a second document, reconciled, through the public interface alone. It
 * prints the group, its verdict and estimate, and each claim; the install
 * test compares that with what it expects. Compiled as C and as C++. */
#include <reckon.h>

#include <stdio.h>
#include <string.h>

static int fail(const char *what, rk_code code, char *error)
{
    fprintf(stderr, "embed: %s: %s: %s\n", what, rk_code_name(code), error ? error : "");
    rk_free(error);
    return 1;
}

int main(int argc, char **argv)
{
    rk_ruleset *rules = NULL;
    rk_corpus *corpus = NULL;
    char *error = NULL;
    /* No directory: the rule set installed with the library. */
    rk_code code = rk_ruleset_open(argc > 1 ? argv[1] : NULL, &rules, &error);
    if (code != RK_CODE_OK)
        return fail("rules", code, error);
    if ((code = rk_corpus_new(rules, &corpus)) != RK_CODE_OK)
        return fail("corpus", code, NULL);
    rk_free(rules); /* the corpus keeps its own reference */

    static const char ar[] = "قالت وزارة الداخلية إن 18 من أفراد الأمن قتلوا";
    static const char en[] = "State television said 13 police officers were killed.";
    const char *const meta_ar[] = {"language", "ar", "published", "2022-01-07",
                                   "source", "Agency A", NULL};
    const char *const meta_en[] = {"language", "en", "published", "2022-01-07",
                                   "source", "State TV", NULL};
    if ((code = rk_corpus_add_text(corpus, "ar-1", ar, strlen(ar), meta_ar, &error)) ||
        (code = rk_corpus_add_text(corpus, "en-1", en, strlen(en), meta_en, &error)) ||
        (code = rk_corpus_reconcile(corpus, &error)))
        return fail("extract and reconcile", code, error);

    printf("librk %s (header %s)\n", rk_version(), RK_VERSION_STRING);
    for (size_t g = 0; g < rk_corpus_group_count(corpus); g++) {
        double low = 0, best = 0, high = 0;
        rk_corpus_group_estimate(corpus, g, &low, &best, &high);
        printf("%s %s %g %g %g\n", rk_corpus_group_id(corpus, g),
               rk_corpus_group_verdict(corpus, g), low, best, high);
        for (size_t k = 0; k < rk_corpus_group_member_count(corpus, g); k++) {
            size_t i = rk_corpus_group_member(corpus, g, k), start = 0, end = 0;
            double v = 0;
            rk_corpus_claim_span(corpus, i, &start, &end);
            rk_corpus_claim_low(corpus, i, &v);
            const char *speaker = rk_corpus_claim_speaker(corpus, i);
            printf("  %s %zu-%zu %s %g %s %s\n", rk_corpus_claim_id(corpus, i), start, end,
                   rk_corpus_claim_text(corpus, i), v, rk_corpus_claim_exactness(corpus, i),
                   speaker ? speaker : "-");
        }
    }
    char *json = NULL;
    size_t len = 0;
    if ((code = rk_corpus_render(corpus, "json", &json, &len, &error)))
        return fail("render", code, error);
    printf("json %s\n", len > 100 && strstr(json, "\"contradiction\"") ? "ok" : "bad");
    rk_free(json);
    rk_free(corpus);
    return 0;
}
