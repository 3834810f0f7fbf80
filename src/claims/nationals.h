/* nationals.h - generating subject classes and entries for the nationals
 * of every country (nationals.c), for the compiler that owns the engine. */
#ifndef RK_CLAIMS_NATIONALS_H
#define RK_CLAIMS_NATIONALS_H

#include "engine_int.h"
#include "../rules/rules.h"

/* Where generated vocabulary goes. class_of returns the index of the class
 * id (creating it, with description desc, when the rules have none), or -1
 * with err set. entry adds the lexicon entry src (natural spelling, or
 * already normalised) of language index lang for class cls; dual: the form
 * means two of them ("مصريان"); plain: rk_text_plain_word(src) when the
 * generator asked it already, else -1. node locates errors. */
typedef struct rk_nationals_sink_s {
    int (*class_of)(void *ctx, const char *id, const char *desc, rk_error *err);
    rk_status (*entry)(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                       int dual, int plain, rk_error *err);
    /* adds the country cls's own name src as a place name; may be NULL */
    rk_status (*place)(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                       rk_error *err);
} rk_nationals_sink_s;
typedef const rk_nationals_sink_s *rk_nationals_sink;

/* Derives the nationals vocabulary of each <nationals> rule rules[i] (of
 * engine language index langs[i]) from ICU's country names. */
rk_status rk_nationals_generate(rk_engine *e, const rk_rnode *const *rules, const int *langs,
                                size_t n_rules, rk_nationals_sink sink, void *ctx,
                                rk_error *err);

/* Turns off (0) or on the prefilter that spares the number reader the
 * forms that cannot hold a number; returns whether it was on. For tests,
 * which compare what is weeded either way. Not thread-safe. */
int rk_nationals_set_prefilter(int on);

/* Turns off (0) or on the generator's fast paths (the country names read
 * from ICU's table opened once per language, the <not> list passed over by
 * the form's length, the "from" phrases put together without snprintf);
 * returns whether they were on. For tests, which hold
 * the fast paths to the plain ones. Not thread-safe. */
int rk_nationals_set_fast(int on);

/* Whether the vocabulary the build derived from the shipped rules (see
 * nationals_known.h) is what rk_nationals_generate() would hand its sink
 * for rules[0..n_rules) of engine languages langs, gathered from the rule
 * set set: set is the build's very set, or that set under layers without
 * a <numbers> section (an event's rules), the rules and their languages are
 * those it recorded, the ICU library and data are those it ran with, and
 * neither a test switch here nor rk_nationals_set_embedded(0) is on. */
int rk_nationals_embedded(const rk_engine *e, const rk_rules *set, const rk_rnode *const *rules,
                          const int *langs, size_t n_rules);

/* Hands sink what the build recorded, as rk_nationals_generate() would:
 * only when rk_nationals_embedded() said so. The texts it hands are the
 * build's own, static: they last as long as the program. A sink without
 * entry and place is handed the classes alone. */
rk_status rk_nationals_replay(const rk_rnode *const *rules, const int *langs, size_t n_rules,
                              rk_nationals_sink sink, void *ctx, rk_error *err);

/* How many entries and places rk_nationals_replay() hands a sink that
 * takes them. */
size_t rk_nationals_replayed_calls(void);

/* Turns off (0) or on the use of the build's vocabulary; returns whether
 * it was on. For tests, which hold it to the generator. Not thread-safe. */
int rk_nationals_set_embedded(int on);

#endif
