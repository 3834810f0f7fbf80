/* reckon.h - librk, the reckon library: read news articles about one event,
 * find every number, turn numbers into attributed claims, group the claims
 * about the same quantity and tell where the sources disagree.
 *
 * This header is the whole public interface. It is C (C99 or later) and C++
 * alike; link with `pkg-config --cflags --libs reckon`.
 *
 * Use: open a rule set (rk_ruleset_open), make a corpus on it
 * (rk_corpus_new), add articles as text with their metadata
 * (rk_corpus_add_text), as files (rk_corpus_add_file) or as the claims an
 * earlier run wrote (rk_corpus_add_claims), reconcile (rk_corpus_reconcile),
 * then read the results through the accessors or as JSON text
 * (rk_corpus_render). Everything the library hands out, handles and strings
 * alike, is released with the one function rk_free().
 *
 * Errors: every call that can fail returns an rk_code; RK_CODE_OK (0) is
 * success. When the call takes `char **error` and it is not NULL, a failure
 * stores there a message "path:line:col: message" (parts that are unknown
 * left out) that the caller frees with rk_free(), and success stores NULL.
 * The library never prints, never exits, reads no environment variable,
 * leaves the process umask alone and restores any libxml2 error handler the
 * host had set.
 *
 * Threads: a rule set is immutable once open: any number of threads may
 * use it at once, and it lives until the last corpus made on it is freed
 * (each corpus holds a reference), so rk_free() on a rule set that corpora
 * still use is safe. A corpus is used by one thread at a time; different
 * corpora may be used on different threads at the same time. Open rule sets
 * from one thread at a time. rk_version(), rk_version_number() and
 * rk_code_name() may be called from anywhere. A thread that reads articles
 * keeps about 320 KB of the words it met, and the working arrays of the
 * last articles it read (at most eight blocks of 1 MB; some tens of KB
 * for news articles), for the next article it reads; they are freed when
 * the thread ends.
 *
 * Versions: the interface follows semantic versioning. RK_VERSION_* say
 * which version a program was compiled against, rk_version() and
 * rk_version_number() which library it runs with. Results read through the
 * accessors are the stable core; the JSON text may gain keys in a minor
 * version, never lose or change one. */
#ifndef RECKON_H
#define RECKON_H

#include <stddef.h>

#define RK_VERSION_MAJOR 0
#define RK_VERSION_MINOR 1
#define RK_VERSION_PATCH 0
/* "MAJOR.MINOR.PATCH" of this header. */
#define RK_VERSION_STRING "0.1.0"
/* MAJOR << 16 | MINOR << 8 | PATCH of this header, for comparisons. */
#define RK_VERSION_NUMBER ((RK_VERSION_MAJOR << 16) | (RK_VERSION_MINOR << 8) | RK_VERSION_PATCH)

#if defined(__GNUC__)
#define RK_EXPORT __attribute__((visibility("default")))
#else
#define RK_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, "MAJOR.MINOR.PATCH". borrowed: a static string. */
RK_EXPORT const char *rk_version(void);
/* The library's version as RK_VERSION_NUMBER encodes it. */
RK_EXPORT int rk_version_number(void);

/* The outcome of a call. */
typedef enum rk_code {
    RK_CODE_OK = 0,
    RK_CODE_NOMEM,    /* allocation failed */
    RK_CODE_IO,       /* a file could not be read */
    RK_CODE_UTF8,     /* text is not valid UTF-8 */
    RK_CODE_PARSE,    /* input is malformed for its format */
    RK_CODE_RULES,    /* a rule file is broken, or no rule set was found */
    RK_CODE_LIMIT,    /* input exceeds a documented limit */
    RK_CODE_USAGE,    /* the caller asked for something invalid */
    RK_CODE_FORMAT,   /* the input format is not recognised */
    RK_CODE_INTERNAL  /* a bug: should never happen */
} rk_code;

/* The lower-case name of a code ("ok", "nomem", "io", "utf8", "parse",
 * "rules", "limit", "usage", "format", "internal"; "unknown" for others).
 * borrowed: a static string. */
RK_EXPORT const char *rk_code_name(rk_code code);

/* Releases anything the library returned: a rule set, a corpus or a
 * string. NULL is a no-op. Never pass it memory the library did not return. */
RK_EXPORT void rk_free(void *p);

/* ---- rule sets ---------------------------------------------------------- */

/* A rule set: the rule files (numbers, claims, reconcile policies, report
 * labels) loaded, validated against their schema and compiled. */
typedef struct rk_ruleset rk_ruleset;

/* The rule set installed with the library: DATADIR/reckon/rules, found
 * relative to the directory librk was loaded from (so an installation
 * moved as a whole, or unpacked under a staging directory, still finds
 * its own). The caller frees it with rk_free(); NULL when there is none. */
RK_EXPORT char *rk_ruleset_default_dir(void);

/* Opens the rule set in directory dir (every *.xml below it, validated
 * against dir/schema/rules.rng), or the installed one when dir is NULL.
 * *out: the caller frees it with rk_free(). On failure *out is NULL and
 * the code says why (RK_CODE_RULES: a broken rule file, named in *error). */
RK_EXPORT rk_code rk_ruleset_open(const char *dir, rk_ruleset **out, char **error);

/* Opens the rule set in dir (the installed one when dir is NULL) with an
 * event's own rules over it: the *.xml files below each of the n folders
 * event_dirs[i] (its people, places and forces: what the shipped set does
 * not know), validated by dir's schema. *out: the caller frees it with
 * rk_free(). On failure *out is NULL and the code says why. */
RK_EXPORT rk_code rk_ruleset_open_event(const char *dir, const char *const *event_dirs, size_t n,
                                        rk_ruleset **out, char **error);

/* Opens a rule set held in memory: n files, file i named names[i] (a
 * relative path such as "en/numbers.xml" or "schema/rules.rng", the name
 * errors give) with contents texts[i] of lengths[i] bytes (lengths may be
 * NULL for NUL-terminated texts). The set is validated against the schema
 * among the files when there is one ("schema/rules.rng" and the schema
 * files it includes), else against the installed rule set's schema. The
 * files are read exactly as from a directory. *out: the caller frees it
 * with rk_free(). */
RK_EXPORT rk_code rk_ruleset_open_memory(const char *const *names, const char *const *texts,
                                         const size_t *lengths, size_t n, rk_ruleset **out,
                                         char **error);

/* ---- corpora ------------------------------------------------------------ */

/* A corpus: documents and their claims, and once reconciled, the groups of
 * claims about one quantity with their verdicts and estimates. */
typedef struct rk_corpus rk_corpus;

/* A new, empty corpus on rules (which it keeps a reference to). *out: the
 * caller frees it with rk_free(). */
RK_EXPORT rk_code rk_corpus_new(rk_ruleset *rules, rk_corpus **out);

/* Adds one article given as text and extracts its claims. text holds len
 * bytes of UTF-8 (it need not be NUL-terminated); claim spans are byte
 * offsets into it. id names the document (claim ids are "ID:START-END");
 * NULL gives "text-N", N the document's 1-based place in the corpus.
 * meta is NULL or a NULL-terminated list of key, value pairs: "source"
 * (the outlet), "published" (ISO 8601 date or date-time), "url",
 * "language" (BCP 47, "ar"), "title", "byline", "dateline"; a NULL or
 * empty value is not given. Fields not given are inferred from the text
 * as the command line does for a text file without a sidecar.
 * RK_CODE_USAGE for an unknown key; RK_CODE_UTF8 for invalid UTF-8. On
 * failure the corpus is unchanged. */
RK_EXPORT rk_code rk_corpus_add_text(rk_corpus *c, const char *id, const char *text, size_t len,
                                     const char *const *meta, char **error);

/* Adds the articles of a file, read as the command line reads it: plain
 * text with its NAME.meta.json sidecar, a JSON article, JSON Lines, HTML,
 * NITF or NewsML-G2 (detected by content), and extracts their claims.
 * What the command line reports and goes on from (a bad JSON Lines record,
 * a broken sidecar) refuses the whole file here, named in *error. On
 * failure the corpus is unchanged. */
RK_EXPORT rk_code rk_corpus_add_file(rk_corpus *c, const char *path, char **error);

/* Adds the documents and claims of claims JSON Lines as written by
 * rk_corpus_render(c, "jsonl", ...) or `reckon extract --format jsonl`
 * ({"type":"document",...} lines, each followed by its {"type":"claim",...}
 * lines; other record types are skipped). name labels it in errors. A
 * document whose id the corpus already has is the same document, and a
 * claim whose id it already has is the same claim: both are kept once, so
 * the claims of several runs merge by id. A malformed line refuses the
 * whole text (named as name:line:col in *error). On failure the corpus is
 * unchanged. */
RK_EXPORT rk_code rk_corpus_add_claims(rk_corpus *c, const char *name, const char *jsonl,
                                       size_t len, char **error);

/* Reads the review file at path (`reckon review set` writes it) for the
 * report: each reviewed group shows its decision. A missing file is no
 * review; a malformed one is RK_CODE_PARSE. */
RK_EXPORT rk_code rk_corpus_set_reviews(rk_corpus *c, const char *path, char **error);

/* Groups the claims about the same quantity, subject and scope, decides
 * each group's verdict, estimate and links. Adding documents afterwards
 * drops the groups until the next call. */
RK_EXPORT rk_code rk_corpus_reconcile(rk_corpus *c, char **error);

/* Renders the corpus in format: "json" (documents, claims, and when
 * reconciled groups, links and a summary), "jsonl", "xml", "csv" (claims),
 * "csv-groups", "html", "text" or "claimreview"; the last three and
 * "csv-groups" need rk_corpus_reconcile() first. The output is the
 * command line's, byte for byte. *out: a NUL-terminated string the caller
 * frees with rk_free(); *len (when len is not NULL) its length. */
RK_EXPORT rk_code rk_corpus_render(const rk_corpus *c, const char *format, char **out,
                                   size_t *len, char **error);

/* ---- reading results ----------------------------------------------------
 * Indices run from 0 to the count. A string is borrowed: valid until the
 * corpus next changes or is freed; NULL when the value is unknown, and for
 * an index out of range. */

RK_EXPORT size_t rk_corpus_document_count(const rk_corpus *c);
/* The document's id. */
RK_EXPORT const char *rk_corpus_document_id(const rk_corpus *c, size_t doc);

/* Claims, in document order and then text order. */
RK_EXPORT size_t rk_corpus_claim_count(const rk_corpus *c);
/* "DOCUMENT-ID:START-END", stable across runs. */
RK_EXPORT const char *rk_corpus_claim_id(const rk_corpus *c, size_t claim);
/* The index of the claim's document; (size_t)-1 out of range. */
RK_EXPORT size_t rk_corpus_claim_document(const rk_corpus *c, size_t claim);
/* The byte span of the number in its document's text: [*start, *end).
 * Returns 0, or -1 out of range. */
RK_EXPORT int rk_corpus_claim_span(const rk_corpus *c, size_t claim, size_t *start,
                                   size_t *end);
/* The number as written. */
RK_EXPORT const char *rk_corpus_claim_text(const rk_corpus *c, size_t claim);
/* The interval the number means: each bound through its pointer (either may
 * be NULL). Returns 1 when the bound exists, 0 when it is open ("more than
 * 10,000" has no high), -1 out of range. */
RK_EXPORT int rk_corpus_claim_low(const rk_corpus *c, size_t claim, double *low);
RK_EXPORT int rk_corpus_claim_high(const rk_corpus *c, size_t claim, double *high);
/* "exact", "approx", "at_least", "more_than", "at_most", "less_than",
 * "range" or "vague". */
RK_EXPORT const char *rk_corpus_claim_exactness(const rk_corpus *c, size_t claim);
/* What is counted ("deaths", "injured", ...), of whom ("security_forces",
 * ...), who says so and who relayed it, and the date ("YYYY-MM-DD") the
 * figure stands for. */
RK_EXPORT const char *rk_corpus_claim_quantity(const rk_corpus *c, size_t claim);
RK_EXPORT const char *rk_corpus_claim_subject(const rk_corpus *c, size_t claim);
RK_EXPORT const char *rk_corpus_claim_speaker(const rk_corpus *c, size_t claim);
RK_EXPORT const char *rk_corpus_claim_via(const rk_corpus *c, size_t claim);
RK_EXPORT const char *rk_corpus_claim_as_of(const rk_corpus *c, size_t claim);

/* Groups, sorted by id; 0 until rk_corpus_reconcile(). */
RK_EXPORT size_t rk_corpus_group_count(const rk_corpus *c);
/* "quantity[/subject][@scope]", stable across runs. */
RK_EXPORT const char *rk_corpus_group_id(const rk_corpus *c, size_t group);
/* The verdict's name: "single", "agree", "compatible", "rising",
 * "contradiction", or a name a later version adds. */
RK_EXPORT const char *rk_corpus_group_verdict(const rk_corpus *c, size_t group);
/* The reconciled estimate, low <= best <= high, through the pointers (any
 * may be NULL); *high is HUGE_VAL when the figure is open above. Returns 1
 * with an estimate, 0 without one (no member bounds the figure), -1 out of
 * range. */
RK_EXPORT int rk_corpus_group_estimate(const rk_corpus *c, size_t group, double *low,
                                       double *best, double *high);
/* The group's claims, as claim indices in claim order. */
RK_EXPORT size_t rk_corpus_group_member_count(const rk_corpus *c, size_t group);
/* The claim index of member k of group; (size_t)-1 out of range. */
RK_EXPORT size_t rk_corpus_group_member(const rk_corpus *c, size_t group, size_t k);

#ifdef __cplusplus
}
#endif

#endif
