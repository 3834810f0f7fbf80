/* fuzz.h - what the fuzz targets share: the rule set and engine built once,
 * the invariant checks every target asserts, and the shutdown hook the
 * replay runner calls so leak checkers see a clean exit. */
#ifndef RK_FUZZ_H
#define RK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "rk_internal.h"

/* The entry point libFuzzer (or the replay runner) calls with each input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fails the run with a message: an invariant the headers promise was broken.
 * abort() makes libFuzzer save the input as a crasher. */
#define FUZZ_CHECK(cond) \
    ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* The shipped rule set ($RECKON_RULES, else the source tree's rules/), loaded
 * on first use. borrowed: valid until fuzz_shutdown(). Aborts when the rules
 * cannot be loaded: a fuzzer without rules tests nothing. */
const rk_rules *fuzz_rules(void);
/* The engine and number reader compiled from fuzz_rules(), built on first
 * use. borrowed: valid until fuzz_shutdown(). */
const rk_engine *fuzz_engine(void);
const rk_numbers_reader *fuzz_reader(void);
/* The rule directory in use. borrowed: static storage. */
const char *fuzz_rules_dir(void);

/* Checks the promises of rk_text: offset map in bounds and non-decreasing,
 * sentences and tokens inside the normalised text. */
void fuzz_check_text(const rk_text *t);
/* Checks a document against the input it was read from: NUL-terminated
 * body, and a verbatim body really is the bytes it claims to be. */
void fuzz_check_document(const rk_document *d, const uint8_t *data, size_t size);

/* Frees what the fuzz_* getters built. Safe to call more than once. */
void fuzz_shutdown(void);

#endif
