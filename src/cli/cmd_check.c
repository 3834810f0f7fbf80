/* cmd_check.c - `reckon check`: the CI gate for a fixtures folder, with the
 * scorer's recall and precision per field. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The baseline's file name inside the checked folder. */
#define BASELINE_NAME "scores.json"

typedef struct check_opts {
    const char *rules;
    const char *format;
    const char *dir;
    int update;
    rk_ingest_options ingest;
} check_opts;

static int parse_args(cli_ctx *ctx, int argc, char **argv, check_opts *o)
{
    int operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--rules") == 0 || strcmp(a, "--format") == 0 ||
             strcmp(a, "--max-bytes") == 0) && i + 1 >= argc)
            return cli_usage(ctx, "%s needs a value", a);
        if (strcmp(a, "--max-bytes") == 0) {
            int rc = cli_parse_max_bytes(ctx, argv[++i], &o->ingest);
            if (rc != RK_EXIT_OK)
                return rc;
        } else if (strcmp(a, "--rules") == 0)
            o->rules = argv[++i];
        else if (strcmp(a, "--format") == 0)
            o->format = argv[++i];
        else if (strcmp(a, "--update-baseline") == 0)
            o->update = 1;
        else if (a[0] == '-' && a[1] != '\0')
            return cli_usage(ctx, "unknown option '%s'", a);
        else if (operands++)
            return cli_usage(ctx, "check takes one folder, got '%s' after '%s'", a, o->dir);
        else
            o->dir = a;
    }
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
        return cli_usage(ctx, "unknown format '%s' (text or json)", o->format);
    struct stat sb;
    if (stat(o->dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return cli_usage(ctx, "'%s' is not a folder", o->dir);
    return RK_EXIT_OK;
}

/* The baseline lives in the folder and is no article. */
static int is_baseline(const char *path)
{
    const char *base = strrchr(path, '/');
    return strcmp(base ? base + 1 : path, BASELINE_NAME) == 0;
}

/* Checks every fixture of the folder into run. Returns 0 or -1 when the run
 * had to stop (out of memory, printed). */
static int check_all(cli_ctx *ctx, const rk_engine *e, const check_opts *o, rk_check_run *run)
{
    cli_paths paths = {0};
    char *dir = (char *)o->dir;
    ctx->quiet_walk = 1; /* gold files and the baseline are the gate's own */
    int rc = cli_collect_inputs(ctx, 1, &dir, &paths);
    rk_error err;
    rk_error_clear(&err);
    for (size_t i = 0; rc == 0 && i < paths.n; i++) {
        if (is_baseline(paths.v[i]))
            continue;
        if (rk_check_fixture(run, e, paths.v[i], &o->ingest, &err) != RK_OK)
            rc = -1;
    }
    if (rc == 0 && rk_check_orphans(run, &err) != RK_OK)
        rc = -1;
    if (rc < 0 && err.message[0])
        cli_print_error(&err);
    cli_paths_free(&paths);
    return rc;
}

/* Compares the run with the baseline, or rewrites the baseline. */
static int baseline(const check_opts *o, rk_check_run *run)
{
    rk_buf path = RK_BUF_INIT;
    rk_baseline *b = NULL;
    rk_error err;
    rk_error_clear(&err);
    rk_status st = RK_ERR_NOMEM;
    size_t dl = strlen(o->dir);
    if (rk_buf_printf(&path, "%s%s%s", o->dir, dl && o->dir[dl - 1] == '/' ? "" : "/",
                      BASELINE_NAME) < 0)
        goto done;
    if (o->update) {
        if ((st = rk_baseline_write(run, path.data, &err)) == RK_OK)
            fprintf(stderr, "reckon check: baseline written to %s\n", path.data);
    } else if ((st = rk_baseline_load(path.data, &b, &err)) == RK_OK) {
        st = rk_baseline_compare(b, run, &err);
    } else if (st != RK_ERR_NOMEM) {
        /* A broken baseline fails the gate like any broken fixture. */
        st = rk_findings_add(&run->findings, err.file, err.line, err.column, 1, "%s",
                             err.message) < 0 ? RK_ERR_NOMEM : RK_OK;
    }
done:
    if (st != RK_OK)
        cli_print_error(&err);
    rk_baseline_free(b);
    rk_buf_free(&path);
    return st == RK_OK ? 0 : -1;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    check_opts o = {.format = "text", .dir = "fixtures"};
    int rc = parse_args(ctx, argc, argv, &o);
    if (rc != RK_EXIT_OK)
        return rc;
    rk_rules *rules = cli_load_rules(ctx, o.rules);
    if (!rules)
        return RK_EXIT_USAGE;
    rk_engine *e = NULL;
    rk_check_run cr;
    rk_error err;
    rk_error_clear(&err);
    if (rk_check_run_init(&cr, o.dir) < 0) {
        rk_rules_free(rules);
        fprintf(stderr, "reckon: out of memory\n");
        return RK_EXIT_USAGE;
    }
    rc = RK_EXIT_USAGE;
    if (rk_engine_new(rules, &e, &err) != RK_OK) {
        cli_print_error(&err);
        goto done;
    }
    if (check_all(ctx, e, &o, &cr) < 0 || baseline(&o, &cr) < 0)
        goto done;
    if (rk_check_write(&cr, o.format, stdout, &err) != RK_OK) {
        cli_print_error(&err);
        goto done;
    }
    rc = cli_exit_code(ctx, cr.findings.n_hard > 0);
done:
    rk_check_run_clear(&cr);
    rk_engine_free(e);
    rk_rules_free(rules);
    return rc;
}

const cli_command cli_cmd_check = {
    "check",
    "CI gate: every fixture parses and still scores its gold claims",
    "usage: reckon check [--rules DIR] [--format text|json] [--update-baseline]\n"
    "                    [--max-bytes N] [DIR]\n"
    "\n"
    "Checks a fixtures folder (default: fixtures). Every article in DIR is read\n"
    "and its claims extracted; NAME.gold.jsonl beside an article NAME.ext lists\n"
    "the claims a careful reader finds in it, NAME.negatives.jsonl the numbers\n"
    "that must not become claims. For each fixture with a gold file, and in\n"
    "total, check prints recall, precision (over claims of claimable kinds) and\n"
    "typed precision (over claims that carry a quantity) for six fields: number\n"
    "(found at all), interval (low, high, exactness), quantity, subject,\n"
    "attribution (speaker or relay) and as_of.\n"
    "\n"
    "What fails the gate (exit 1), listed under 'failures:':\n"
    "  - an article that cannot be read, or a bad record or sidecar in it;\n"
    "  - a malformed gold or negatives file, or one that belongs to no article;\n"
    "  - a negative that became a claim;\n"
    "  - a fixture whose recall, precision or typed precision of any field fell\n"
    "    below the figure recorded in DIR/scores.json (the baseline), or a\n"
    "    baseline entry whose fixture is gone.\n"
    "A gold claim that is not found, or found with a wrong field, is listed\n"
    "under 'misses:' as 'NAME.gold.jsonl:LINE: ...' but does not fail by\n"
    "itself: the gold holds what a careful reader finds, which the engine may\n"
    "not reach yet; the baseline comparison is what keeps it from getting worse.\n"
    "\n"
    "Options:\n"
    "  --rules DIR          use the rule set in DIR\n"
    "  --format text|json   output format (default text)\n"
    "  --update-baseline    rewrite DIR/scores.json (atomically) with the figures\n"
    "                       of this run, after a reviewed change to rules or gold\n"
    "  --max-bytes N        refuse an article larger than N bytes (K, M or G\n"
    "                       suffix; default 256M); it fails the gate, the others\n"
    "                       are still checked\n"
    "\n"
    "Exit status: 0 all checks pass; 1 something failed; 2 usage error, a folder\n"
    "or rule set that cannot be read.\n",
    run,
};
