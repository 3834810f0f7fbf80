/* reader_known.h - the number reader the build compiled from the shipped
 * rules, embedded by numbers_embed (known_numbers.c), so that a run on the
 * very <numbers> sections the build had (rk_rules_build_sections: the
 * shipped rules, alone or under an event's layer without one) and the very
 * ICU it had takes it where the program holds it, read-only, instead of
 * normalising and placing every number form again. Not installed. */
#ifndef RK_NUMBERS_READER_KNOWN_H
#define RK_NUMBERS_READER_KNOWN_H

#include "numbers_int.h"

/* What the build compiled, and under which ICU (rk_icu_versions(): the
 * forms are normalised by the text stage, whose tables are ICU's). reader
 * NULL: nothing known (the generator's own build, or a rule set that was
 * not the build's). */
typedef struct rk_nb_known {
    const char *icu;
    const rk_numbers_reader *reader;
} rk_nb_known;

/* Made by numbers_embed into known_numbers.c; empty in numbers_none.c,
 * which the generator itself links. */
extern const rk_nb_known rk_numbers_known;

#endif
