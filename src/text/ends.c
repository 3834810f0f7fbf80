/* ends.c - sentence ends the rules know and ICU's abbreviations hide: a
 * word that, before a full stop, is a whole word in the language's news
 * («подняли 12 тел. Спасены 148»: "тел." is "bodies", to ICU it is
 * "телефон", an abbreviation that never ends a sentence). */
#include "text_internal.h"

#include "../core/scratch.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* 1 when token k's text in the original starts with a capital letter. */
static int starts_capital(const rk_text *t, size_t k)
{
    size_t off = t->src_start[t->tokens[k].start];
    if (off >= t->orig_len)
        return 0;
    UChar32 c;
    int32_t i = 0, n = (int32_t)(t->orig_len - off < 8 ? t->orig_len - off : 8);
    U8_NEXT((const uint8_t *)t->orig + off, i, n, c);
    return c >= 0 && u_isupper(c);
}

static int is_word(const rk_text *t, size_t k, const char *const *words, size_t n_words)
{
    const rk_token *tk = &t->tokens[k];
    size_t len = tk->end - tk->start;
    for (size_t i = 0; i < n_words; i++)
        if (strlen(words[i]) == len && memcmp(t->norm + tk->start, words[i], len) == 0)
            return 1;
    return 0;
}

/* 1 when a sentence ends before token k: the word before its full stop is
 * one of words, and k, after a space, starts with a capital letter. Asked
 * of every token, so the test that fails most often (no full stop before
 * k) comes first. */
static inline int ends_before(const rk_text *t, size_t k, const char *const *words,
                              size_t n_words)
{
    if (k < 2)
        return 0;
    const rk_token *dot = &t->tokens[k - 1], *w = &t->tokens[k - 2], *next = &t->tokens[k];
    return t->norm[dot->start] == '.' && dot->kind == RK_TOK_PUNCT &&
           dot->end - dot->start == 1 && !dot->space_before && next->space_before &&
           next->kind == RK_TOK_WORD && w->kind == RK_TOK_WORD &&
           next->sentence == dot->sentence && dot->sentence == w->sentence &&
           t->sentences[next->sentence].first_token != k && is_word(t, k - 2, words, n_words) &&
           starts_capital(t, k);
}

rk_status rk_text_end_sentences_after(rk_text *t, const char *const *words, size_t n_words,
                                      rk_error *err)
{
    if (!t || !n_words || t->n_tokens < 3)
        return RK_OK;
    size_t splits = 0;
    for (size_t k = 2; k < t->n_tokens; k++)
        splits += ends_before(t, k, words, n_words);
    if (!splits)
        return RK_OK;
    if (t->n_sentences + splits > UINT32_MAX)
        return rk_error_set(err, RK_ERR_LIMIT, NULL, 0, 0, "too many sentences");
    rk_sentence *v = malloc((t->n_sentences + splits) * sizeof *v);
    uint8_t *cut = calloc(t->n_tokens, 1);
    if (!v || !cut) {
        free(v);
        free(cut);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t k = 2; k < t->n_tokens; k++)
        cut[k] = (uint8_t)ends_before(t, k, words, n_words);
    /* one pass: each old sentence, cut before every token that ends one */
    size_t n = 0;
    for (size_t s = 0; s < t->n_sentences; s++) {
        rk_sentence cur = t->sentences[s];
        uint32_t from = cur.first_token, last = cur.first_token + cur.n_tokens;
        for (uint32_t k = from; k < last; k++) {
            if (cut[k] && k > from) {
                /* a sentence ends at its last token, as ICU's do */
                v[n++] = (rk_sentence){cur.start, t->tokens[k - 1].end, from, k - from};
                cur.start = t->tokens[k].start;
                from = k;
            }
            t->tokens[k].sentence = (uint32_t)n;
        }
        v[n++] = (rk_sentence){cur.start, cur.end, from, last - from};
    }
    free(cut);
    rk_scratch_give(RK_SCRATCH_SENTENCES, t->sentences);
    t->sentences = v;
    t->n_sentences = n;
    return RK_OK;
}
