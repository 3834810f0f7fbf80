/* norm.h - the scorer's own normalised view of text, kept apart from the
 * text stage so that a normalisation bug in the code under test cannot hide
 * itself from the scorer. Internal to the check module. */
#ifndef RK_CHECK_NORM_H
#define RK_CHECK_NORM_H

#include <stddef.h>

/* A normalised string and, for each of its bytes, the original bytes
 * [src_start[i], src_end[i]) that produced it. */
typedef struct ck_norm {
    char *s;
    size_t len;
    size_t *src_start, *src_end;
} ck_norm;

/* Normalises orig[0..len): whitespace runs become one space (and are
 * trimmed at both ends); tatweel, harakat, bidi and zero-width marks are
 * dropped, as is a "." or "·" touching a tatweel (the "مقـ.ـتل" pattern);
 * alef forms, alef maqsura, ta marbuta, Persian yeh and keheh are folded;
 * Arabic-Indic and Persian digits become ASCII; Arabic punctuation and
 * typographic quotes become ASCII; ASCII letters are lower-cased. Invalid
 * UTF-8 bytes pass through one by one. with_map 0 skips the offset map.
 * Returns 0 or -1 on OOM; ck_norm_free releases n. */
int ck_norm_build(const char *orig, size_t len, int with_map, ck_norm *n);
void ck_norm_free(ck_norm *n);

/* Finds needle in hay from byte offset from; returns its offset or
 * (size_t)-1. */
size_t ck_find(const char *hay, size_t hay_len, const char *needle, size_t needle_len,
               size_t from);

/* 1 when a and b (already normalised) are equal, or equal but for a leading
 * proclitic of one to three Arabic letters on one side ("بعشرات" / "عشرات"). */
int ck_same_number_text(const char *a, const char *b);

/* 1 when a contains b or b contains a (both normalised, both non-empty). */
int ck_contains_either(const char *a, const char *b);

#endif
