/* cli.h - what the reckon commands share: the command table, error printing
 * and input collection. The CLI only parses options and calls librk. */
#ifndef RK_CLI_H
#define RK_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "reckon.h"

/* State of one run, passed to every command. */
typedef struct cli_ctx {
    const char *argv0;
    const char *cmd;      /* the command's name */
    size_t n_errors;      /* input errors reported so far (exit 2 at the end) */
} cli_ctx;

typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv);

typedef struct cli_command {
    const char *name;
    const char *summary;  /* one line for `reckon --help` */
    const char *usage;    /* the full text for `reckon help NAME` */
    cli_cmd_fn run;
} cli_command;

/* The commands, each defined in its own cmd_NAME.c. */
extern const cli_command cli_cmd_text, cli_cmd_numbers, cli_cmd_extract, cli_cmd_report,
    cli_cmd_check, cli_cmd_rules, cli_cmd_review;

/* Prints e as "reckon: path:line:col: message" on stderr. */
void cli_print_error(const rk_error *e);
/* An rk_diag_fn: prints e and counts it in the cli_ctx passed as ctx. */
void cli_diag(void *ctx, const rk_error *e);
/* Prints "reckon CMD: message" and a pointer to the help; returns RK_EXIT_USAGE. */
int cli_usage(cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A list of paths; cli_paths_free frees them. */
typedef struct cli_paths {
    char **v;
    size_t n, cap;
} cli_paths;
void cli_paths_free(cli_paths *p);

/* Expands the operands into input files: a directory gives its article files
 * (recursively, sorted; sidecars *.meta.json, gold files *.gold.jsonl and
 * *.negatives.jsonl, the scorer's baseline scores.json, review files, hidden
 * files and README files skipped); "-" stays as is. A path that does not
 * exist is reported and counted, and the others go on. */
int cli_collect_inputs(cli_ctx *ctx, int n, char **operands, cli_paths *out);

/* Reads every input into docs, reporting and counting bad files and records
 * while the rest go on. Returns 0, or -1 on out of memory. */
int cli_ingest_all(cli_ctx *ctx, const cli_paths *inputs, const rk_ingest_options *opts,
                   rk_doclist *docs);

/* Loads the rule set from dir, or the default one when dir is NULL. Prints
 * the errors; returns NULL on failure. */
rk_rules *cli_load_rules(cli_ctx *ctx, const char *dir);

/* Parses a byte size with an optional K, M or G suffix; 0 on error. */
size_t cli_parse_size(const char *s);

/* Help lines for the options every article-reading command shares. */
#define CLI_HELP_MAX_BYTES                                                                   \
    "  --max-bytes N  refuse an input file larger than N bytes (K, M or G suffix;\n"          \
    "                 default 256M); the other inputs go on\n"
#define CLI_HELP_JOBS                                                                        \
    "  -j, --jobs N   extract on N threads (default 1; 0: one per CPU); the output\n"         \
    "                 is the same for every N\n"

/* Sets opts->max_bytes from a --max-bytes value; RK_EXIT_OK, or prints the
 * usage error and returns RK_EXIT_USAGE. */
int cli_parse_max_bytes(cli_ctx *ctx, const char *v, rk_ingest_options *opts);

/* Reads a -j/--jobs value (0 means one thread per CPU); RK_EXIT_OK, or
 * prints the usage error and returns RK_EXIT_USAGE. */
int cli_parse_jobs(cli_ctx *ctx, const char *v, unsigned *jobs);

/* Reads and extracts every input on `jobs` threads and hands each file's
 * documents and claims to sink in input order (rk_pipeline_stream), reporting
 * and counting bad files, records and documents while the rest go on.
 * Returns 0, or -1 on a fatal error (printed). */
int cli_extract_stream(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                       const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                       void *sink_ctx);

/* The exit code for the end of a run: RK_EXIT_USAGE when input errors were
 * reported, else `findings` ? RK_EXIT_FINDINGS : RK_EXIT_OK. */
int cli_exit_code(const cli_ctx *ctx, int findings);

#endif
