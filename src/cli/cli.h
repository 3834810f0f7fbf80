/* cli.h - what the reckon commands share: the command table, error printing
 * and input collection. The CLI only parses options and calls librk. */
#ifndef RK_CLI_H
#define RK_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "rk_internal.h"

struct cli_paths;

/* State of one run, passed to every command. */
#define CLI_MAX_EVENT_RULES 8

typedef struct cli_ctx {
    const char *argv0;
    const char *cmd;      /* the command's name */
    const char *const *options; /* every option the command takes, for
                             "did you mean"; NULL-terminated, may be NULL */
    size_t n_errors;      /* input errors reported so far (exit 2 at the end) */
    int progress;         /* show progress on stderr (a terminal, no --quiet) */
    int follow;           /* --follow: a folder walk follows links out of the folder */
    int quiet_walk;       /* a folder walk skips reckon's companion files without a note */
    const struct cli_paths *inputs; /* the last cli_collect_inputs() list: an output
                                       may not be one of them */
    const char *event_rules[CLI_MAX_EVENT_RULES]; /* --event-rules DIR, in order */
    size_t n_event_rules;
    char *const *operands; /* the command's operands, after cli_parse_args() */
    int n_operands;
} cli_ctx;

typedef int (*cli_cmd_fn)(cli_ctx *ctx, int argc, char **argv);

typedef struct cli_command {
    const char *name;
    const char *summary;  /* one line for `reckon --help` */
    const char *usage;    /* the full text for `reckon help NAME` */
    cli_cmd_fn run;
    const char *const *options; /* its options, long and short, NULL-terminated:
                             for "did you mean" and shell completion */
} cli_command;

/* The commands in `reckon --help` order, NULL-terminated. */
extern const cli_command *const cli_commands[];

/* The candidate closest to word by edit distance when it is close enough
 * to be a likely typo (or word is a prefix of exactly one), else NULL.
 * borrowed: one of candidates. */
const char *cli_did_you_mean(const char *word, const char *const *candidates);

/* The commands, each defined in its own cmd_NAME.c. */
extern const cli_command cli_cmd_text, cli_cmd_numbers, cli_cmd_extract, cli_cmd_report,
    cli_cmd_check, cli_cmd_rules, cli_cmd_review;

/* Prints e as "reckon: path:line:col: message" on stderr, with control
 * characters, bidi controls and bytes that are not UTF-8 escaped (\n,
 * \x1b, \u{202e}): a file name or a quoted input cannot move the cursor,
 * retitle the terminal or fake a location. */
void cli_print_error(const rk_error *e);
/* An rk_diag_fn: prints e and counts it in the cli_ctx passed as ctx, unless
 * it is a warning. */
void cli_diag(void *ctx, const rk_error *e);
/* Prints "reckon CMD: message" and a pointer to the help; returns RK_EXIT_USAGE. */
int cli_usage(cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A list of input paths and their document ids; cli_paths_free frees them. */
typedef struct cli_paths {
    char **v;       /* the paths, in reading order */
    char **ids;     /* ids[i]: the document id of v[i], unique within the run */
    size_t n, cap;
    size_t *order;  /* internal: v sorted, for cli_paths_id() */
    char **rel;     /* internal: while the ids are made */
} cli_paths;
void cli_paths_free(cli_paths *p);
/* Removes (and frees) path i and its id wherever drop[i] is set, keeping
 * the others in order and cli_paths_id() working. */
void cli_paths_drop(cli_paths *p, const unsigned char *drop);

/* Expands the operands into input files (walk.c): a folder gives its article
 * files, recursively and sorted, walked by device and inode so that links
 * neither loop nor repeat a file; a link out of the folder is followed only
 * with ctx->follow. Files that are not articles (gold claims, reviews, lock
 * files, notes, images, FIFOs, devices, dangling links) are skipped with a
 * warning (reckon's companion files without one when ctx->quiet_walk);
 * sidecars *.meta.json, hidden files and temporary outputs silently. A
 * folder without any article, or a path that does not exist, is an error,
 * and the other operands go on. "-" stays as is. Each input gets a
 * document id: its path relative to the folder given without the
 * extension (a file operand: its name without extension), made unique
 * within the run by keeping the extension, then the path as given.
 * Returns 0, or -1 when out of memory (printed) or when errors left no input
 * at all (they were reported): the command then writes nothing. */
int cli_collect_inputs(cli_ctx *ctx, int n, char **operands, cli_paths *out);

/* The id of the input path of the cli_paths passed as ctx, or NULL: an
 * rk_ingest_options.id_of. */
const char *cli_paths_id(void *ctx, const char *path);

/* Reads every input into docs, reporting and counting bad files and records
 * (a file that ran out of memory among them) while the rest go on. Returns
 * 0. */
int cli_ingest_all(cli_ctx *ctx, const cli_paths *inputs, const rk_ingest_options *opts,
                   rk_doclist *docs);

/* Loads the rule set from dir, or the default one when dir is NULL, with
 * the event's own rules over it: each --event-rules folder, then the rules/
 * folder of each folder operand that has one. Prints the errors; returns
 * NULL on failure. */
rk_rules *cli_load_rules(cli_ctx *ctx, const char *dir);
/* The same, with the rules/ folders of folders[0..n_folders) instead of
 * the operands' (one event folder among many, for `check`). */
rk_rules *cli_load_rules_for(cli_ctx *ctx, const char *dir, const char *const *folders,
                             size_t n_folders);
/* dir holds an event's own rule files (an *.xml file whose root element is
 * <rules>): a folder's rules/ is read as rules only then, and a folder walk
 * passes it over. */
int cli_is_event_rules(const char *dir);
/* Records an --event-rules folder; RK_EXIT_USAGE past the limit. */
int cli_add_event_rules(cli_ctx *ctx, const char *dir);

/* Loads the rule set (cli_load_rules) and compiles the engine from it.
 * Prints the errors; returns 0, or -1 with nothing left to free. On success
 * the caller frees *eng with rk_engine_free() and *rules with rk_rules_free(). */
int cli_load_engine(cli_ctx *ctx, const char *dir, rk_rules **rules, rk_engine **eng);

/* Parses a byte size with an optional K, M or G suffix; 0 on error
 * (a sign, a fraction or an unknown suffix too). */
size_t cli_parse_size(const char *s);

/* Help lines for the options every article-reading command shares. */
#define CLI_HELP_MAX_BYTES                                                                   \
    "  --max-bytes N  refuse an input file larger than N bytes (K, M or G suffix;\n"          \
    "                 default 256M); the other inputs go on\n"
#define CLI_HELP_FOLLOW                                                                      \
    "  --follow       in a folder, also read what links out of it lead to (by\n"             \
    "                 default such a link is reported and not followed)\n"
#define CLI_HELP_JOBS                                                                        \
    "  -j, --jobs N   extract on N threads (default 1; 0: one per CPU); the output\n"         \
    "                 is the same for every N\n"

/* The options the article-reading commands share. */
typedef struct cli_opts {
    const char *format;        /* --format, -f */
    const char *rules;         /* --rules DIR; NULL: the default rule set */
    const char *output;        /* -o, --output FILE; NULL: standard output */
    unsigned jobs;             /* -j, --jobs N */
    rk_ingest_options ingest;  /* --max-bytes N */
    int quiet;                 /* -q, --quiet: no progress */
    int first;                 /* index in argv of the first operand */
} cli_opts;

/* Which shared options a command takes. */
enum {
    CLI_OPT_FORMAT = 1,
    CLI_OPT_RULES = 2,
    CLI_OPT_OUTPUT = 4,
    CLI_OPT_JOBS = 8,
    CLI_OPT_MAX_BYTES = 16,
    CLI_OPT_QUIET = 32,
    CLI_NO_OPERAND_OK = 256   /* operands are optional */
};

/* Returned by a cli_opt_fn for a name it does not know. */
#define CLI_OPT_UNKNOWN (-1)
/* Returned by a cli_opt_fn asked about a flag: an option without a value. */
#define CLI_OPT_FLAG (-3)

/* A command's own options. Called with value NULL only to ask whether it
 * knows name (return RK_EXIT_OK for an option that takes a value,
 * CLI_OPT_FLAG for a flag, or CLI_OPT_UNKNOWN, printing nothing);
 * otherwise (a flag gets value "") returns RK_EXIT_OK when it took the
 * option, RK_EXIT_USAGE after printing a usage error, or CLI_OPT_UNKNOWN. */
typedef int (*cli_opt_fn)(cli_ctx *ctx, void *self, const char *name, const char *value);

/* The one option parser of every command. Options may come anywhere among
 * the operands, as "--name value", "--name=value" or "-x value"; "--" ends
 * them, and "-" is an operand (standard input). The shared options in
 * `which` go into o (its defaults are kept for the ones not given), the
 * others through own (which may be NULL). An unknown option is an error
 * that names the closest known one. A value is never empty. argv is
 * reordered so that the operands, in their order, are argv[o->first ..
 * argc). At least one operand is required unless `which` has
 * CLI_NO_OPERAND_OK. Returns RK_EXIT_OK, or RK_EXIT_USAGE after printing
 * the error. */
int cli_parse_args(cli_ctx *ctx, int argc, char **argv, unsigned which, cli_opts *o,
                   cli_opt_fn own, void *self);

/* Opens the output (o->output or standard output) for writing whole or not
 * at all, runs write(ctx, arg, FILE*) and commits it; on failure aborts it so
 * any previous file stays intact. write returns 0, or -1 after reporting. */
typedef int (*cli_write_fn)(cli_ctx *ctx, void *arg, FILE *f);
int cli_write_output(cli_ctx *ctx, const char *path, cli_write_fn write, void *arg);

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

/* cli_extract_stream() for output made of each file's or part's own bytes
 * (JSON Lines): render writes a part to a stream, on any thread
 * (rk_pipeline_stream_render), and the bytes reach out in input order. */
int cli_extract_render(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                       const rk_ingest_options *opts, unsigned jobs, rk_pipeline_render render,
                       FILE *out);

/* The exit code for the end of a run: RK_EXIT_USAGE when input errors were
 * reported, else `findings` ? RK_EXIT_FINDINGS : RK_EXIT_OK. */
int cli_exit_code(const cli_ctx *ctx, int findings);

#endif
