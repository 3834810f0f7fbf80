/* nationals_known.h - the nationals vocabulary the build derived from the
 * shipped rules (nationals.c), embedded by nationals_embed so that a run
 * on the very rule set the build had (rk_rules_is_build_set) and the very
 * ICU it had hands the compiler the same classes, entries and places
 * without deriving them again. Not installed. */
#ifndef RK_CLAIMS_NATIONALS_KNOWN_H
#define RK_CLAIMS_NATIONALS_KNOWN_H

#include <stddef.h>
#include <stdint.h>

/* One <nationals> rule, as the compiler gathers them: its language, its
 * line and how many children it has (the runtime's rules must agree). */
typedef struct rk_nat_known_rule {
    const char *lang;
    long line;
    uint32_t n_kids;
} rk_nat_known_rule;

/* One call of the sink after the classes, in order: an entry or a place
 * (place), of rule rule, at its node (kid -1) or at its child kid, for the
 * class made by class call cls; its text is text + src, NUL-ended. */
typedef struct rk_nat_known_call {
    uint32_t src;
    uint16_t cls;
    int16_t kid;
    uint8_t rule;
    uint8_t place;
    uint8_t dual;
    int8_t plain;
} rk_nat_known_call;

/* What the generator recorded. icu: the ICU version and ICU data version
 * it ran with ("72.1.0.0 72.1.0.0"); n_rules 0: nothing recorded (the
 * generator's own build, or a rule set that was not the build's). The
 * class calls, in order: id text + classes[2k], description text +
 * classes[2k + 1]. */
typedef struct rk_nat_known {
    const char *icu;
    const rk_nat_known_rule *rules;
    size_t n_rules;
    const uint32_t *classes;
    size_t n_classes;
    const rk_nat_known_call *calls;
    size_t n_calls;
    const char *text;
    size_t text_len;            /* bytes of text, its last NUL included */
} rk_nat_known;

/* Made by nationals_embed into known_nationals.c; empty in
 * nationals_none.c, which the generator itself links. */
extern const rk_nat_known rk_nationals_known;

#endif
