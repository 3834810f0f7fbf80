/* cmd_check.c - `reckon check`: the CI gate for a fixtures folder (per-fixture
 * gold files, or an event folder), with the scorers' figures. */
#include "cli.h"

#include <dirent.h>
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

static int set_option(cli_ctx *ctx, void *self, const char *a, const char *v)
{
    if (strcmp(a, "--update-baseline") != 0)
        return CLI_OPT_UNKNOWN;
    if (!v)
        return CLI_OPT_FLAG;
    ((check_opts *)self)->update = 1;
    return RK_EXIT_OK;
}

static int parse_args(cli_ctx *ctx, int argc, char **argv, check_opts *o)
{
    cli_opts co = {.format = o->format};
    int rc = cli_parse_args(ctx, argc, argv,
                            CLI_OPT_FORMAT | CLI_OPT_RULES | CLI_OPT_MAX_BYTES | CLI_NO_OPERAND_OK,
                            &co, set_option, o);
    if (rc != RK_EXIT_OK)
        return rc;
    o->format = co.format;
    o->rules = co.rules;
    o->ingest = co.ingest;
    if (argc - co.first > 1)
        return cli_usage(ctx, "check takes one folder, got '%s' after '%s'", argv[co.first + 1],
                         argv[co.first]);
    if (argc - co.first == 1)
        o->dir = argv[co.first];
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

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* DIR/name; the caller frees it with rk_buf_free(). */
static int join(rk_buf *b, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    return rk_buf_printf(b, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
}

static int is_regular(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder holds an event's own rules (a rules/ folder). */
static int has_rules(const char *dir)
{
    rk_buf b = RK_BUF_INIT;
    int yes = join(&b, dir, "rules") == 0 && cli_is_event_rules(b.data);
    rk_buf_free(&b);
    return yes;
}

/* What a folder is: an event folder (one gold.jsonl for the folder), a
 * fixtures folder (NAME.gold.jsonl beside articles, or no folders inside), or
 * a folder of such folders, checked one by one. subdirs gets the folders
 * inside it, sorted. Returns -1 on OOM. */
enum { FOLDER_FIXTURES, FOLDER_EVENT, FOLDER_OF_FOLDERS };
static int folder_kind(const char *dir, cli_paths *subdirs)
{
    rk_buf b = RK_BUF_INIT;
    if (join(&b, dir, RK_EVENT_GOLD) < 0)
        return -1;
    int event = is_regular(b.data), per_fixture = 0;
    rk_buf_free(&b);
    if (event)
        return FOLDER_EVENT;
    DIR *d = opendir(dir);
    struct dirent *ent;
    while (d && (ent = readdir(d))) {
        if (ent->d_name[0] == '.' || (strcmp(ent->d_name, "rules") == 0 && has_rules(dir)))
            continue; /* rules/: the event's own rules, no fixture folder */
        rk_buf p = RK_BUF_INIT;
        struct stat sb;
        if (join(&p, dir, ent->d_name) < 0) {
            closedir(d);
            return -1;
        }
        if (stat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            char *v = rk_strdup(p.data);
            char **grown = v ? realloc(subdirs->v, (subdirs->n + 1) * sizeof *grown) : NULL;
            if (!grown) {
                free(v);
                rk_buf_free(&p);
                closedir(d);
                return -1;
            }
            subdirs->v = grown;
            subdirs->v[subdirs->n++] = v;
            subdirs->cap = subdirs->n;
        } else if (ends_with(ent->d_name, ".gold.jsonl")) {
            per_fixture = 1;
        }
        rk_buf_free(&p);
    }
    if (d)
        closedir(d);
    if (subdirs->n > 1)
        qsort(subdirs->v, subdirs->n, sizeof *subdirs->v, cmp_str);
    return per_fixture || subdirs->n == 0 ? FOLDER_FIXTURES : FOLDER_OF_FOLDERS;
}

/* Checks every fixture of the folder into run (an event folder as a whole).
 * Returns 0 or -1 when the run had to stop (out of memory, printed). */
static int check_all(cli_ctx *ctx, const rk_engine *e, const rk_rules *rules,
                     const check_opts *o, const char *dir, int event, rk_check_run *run)
{
    cli_paths paths = {0};
    char *d = (char *)dir;
    ctx->quiet_walk = 1; /* gold files and the baseline are the gate's own */
    int rc = cli_collect_inputs(ctx, 1, &d, &paths);
    rk_error err;
    rk_error_clear(&err);
    unsigned char *baseline = calloc(paths.n + 1, 1); /* the articles, in place */
    if (!baseline)
        rc = -1;
    for (size_t i = 0; baseline && i < paths.n; i++)
        baseline[i] = (unsigned char)is_baseline(paths.v[i]);
    if (baseline)
        cli_paths_drop(&paths, baseline);
    free(baseline);
    if (rc == 0 && event) {
        if (rk_check_event(run, e, rules, paths.v, paths.n, &o->ingest, &err) != RK_OK)
            rc = -1;
    } else {
        for (size_t i = 0; rc == 0 && i < paths.n; i++)
            if (rk_check_fixture(run, e, paths.v[i], &o->ingest, &err) != RK_OK)
                rc = -1;
        run->articles = paths.n;
        if (rc == 0 && rk_check_relations(run, e, rules, paths.v, paths.n, &o->ingest, &err) !=
                           RK_OK)
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
static int baseline(const check_opts *o, const char *dir, rk_check_run *run)
{
    rk_buf path = RK_BUF_INIT;
    rk_baseline *b = NULL;
    rk_error err;
    rk_error_clear(&err);
    rk_status st = RK_ERR_NOMEM;
    if (join(&path, dir, BASELINE_NAME) < 0)
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

/* Checks one folder and writes its report. *failed is set when the gate
 * fails there. Returns RK_EXIT_OK, or RK_EXIT_USAGE when it had to stop. */
static int check_one(cli_ctx *ctx, const rk_engine *e, const rk_rules *rules,
                     const check_opts *o, const char *dir, int event, int *failed)
{
    rk_check_run cr;
    rk_error err;
    rk_error_clear(&err);
    if (rk_check_run_init(&cr, dir) < 0) {
        fprintf(stderr, "reckon: out of memory\n");
        return RK_EXIT_USAGE;
    }
    int rc = RK_EXIT_USAGE;
    if (check_all(ctx, e, rules, o, dir, event, &cr) < 0 || baseline(o, dir, &cr) < 0)
        goto done;
    if (rk_check_write(&cr, o->format, stdout, &err) != RK_OK) {
        cli_print_error(&err);
        goto done;
    }
    *failed |= cr.findings.n_hard > 0;
    rc = RK_EXIT_OK;
done:
    rk_check_run_clear(&cr);
    return rc;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    check_opts o = {.format = "text", .dir = "fixtures"};
    int rc = parse_args(ctx, argc, argv, &o);
    if (rc != RK_EXIT_OK)
        return rc;
    const char *top = o.dir;
    rk_rules *rules = cli_load_rules_for(ctx, o.rules, &top, 1);
    if (!rules)
        return RK_EXIT_USAGE;
    rk_engine *e = NULL;
    rk_error err;
    rk_error_clear(&err);
    cli_paths subdirs = {0};
    int failed = 0, json = strcmp(o.format, "json") == 0;
    rc = RK_EXIT_USAGE;
    if (rk_engine_new(rules, &e, &err) != RK_OK) {
        cli_print_error(&err);
        goto done;
    }
    int kind = folder_kind(o.dir, &subdirs);
    if (kind < 0) {
        fprintf(stderr, "reckon: out of memory\n");
        goto done;
    }
    if (kind != FOLDER_OF_FOLDERS) {
        rc = check_one(ctx, e, rules, &o, o.dir, kind == FOLDER_EVENT, &failed);
    } else {
        /* Each folder is gated on its own baseline; the run fails when one does. */
        size_t n_failed = 0;
        rc = RK_EXIT_OK;
        if (json)
            fputs("{\"folders\": [\n", stdout);
        for (size_t i = 0; rc == RK_EXIT_OK && i < subdirs.n; i++) {
            cli_paths none = {0};
            int one = 0, k = folder_kind(subdirs.v[i], &none);
            cli_paths_free(&none);
            if (json && i)
                fputs(",\n", stdout);
            else if (!json)
                printf("%s== %s ==\n", i ? "\n" : "", subdirs.v[i]);
            /* a folder with rules of its own is read with them */
            const char *sub = subdirs.v[i];
            rk_rules *own = has_rules(sub) ? cli_load_rules_for(ctx, o.rules, &sub, 1) : NULL;
            rk_engine *own_e = NULL;
            if (own && rk_engine_new(own, &own_e, &err) != RK_OK) {
                cli_print_error(&err);
                k = -1;
            }
            if (has_rules(sub) && !own)
                k = -1;
            rc = k < 0 ? RK_EXIT_USAGE
                       : check_one(ctx, own_e ? own_e : e, own ? own : rules, &o, sub,
                                   k == FOLDER_EVENT, &one);
            rk_engine_free(own_e);
            rk_rules_free(own);
            n_failed += one;
            failed |= one;
        }
        if (json)
            fputs("]}\n", stdout);
        else if (rc == RK_EXIT_OK && n_failed)
            printf("\ncheck: FAILED: %zu of %zu folders\n", n_failed, subdirs.n);
        else if (rc == RK_EXIT_OK)
            printf("\ncheck: ok: %zu folders\n", subdirs.n);
    }
    if (rc == RK_EXIT_OK)
        rc = cli_exit_code(ctx, failed);
done:
    cli_paths_free(&subdirs);
    rk_engine_free(e);
    rk_rules_free(rules);
    return rc;
}

static const char *const options[] = {"--rules", "--event-rules", "--format", "-f",
                                      "--update-baseline", "--max-bytes", NULL};

const cli_command cli_cmd_check = {
    "check",
    "CI gate: every fixture parses and still scores its gold claims and relations",
    "usage: reckon check [--rules DIR] [--format text|json] [--update-baseline]\n"
    "                    [--max-bytes N] [DIR]\n"
    "\n"
    "Checks a fixtures folder (default: fixtures). DIR is one of:\n"
    "  - an event folder: articles with one gold.jsonl, negatives.jsonl and,\n"
    "    optionally, relations.jsonl for the whole folder (the annotation files,\n"
    "    sidecars, README and scores.json are never read as articles). Its claims\n"
    "    are scored as the corpora's claim scorer scores them (found, value,\n"
    "    quantity, subject, attrib, event_precision, negatives_wrong), and its\n"
    "    relations from the report `reckon report` would print (a confusion of\n"
    "    gold x reckon relation and the line 'relations: contradicts P=.. R=..\n"
    "    | rising R=.. | part_of R=.. | different kept apart=.. | pairs N');\n"
    "  - a folder of per-fixture gold files: NAME.gold.jsonl beside an article\n"
    "    NAME.ext lists the claims a careful reader finds in it,\n"
    "    NAME.negatives.jsonl the numbers that must not become claims. For each\n"
    "    fixture and in total, check prints recall, precision (over claims of\n"
    "    claimable kinds) and typed precision (over typed claims) for six\n"
    "    fields: number, interval (low, high, exactness), quantity, subject,\n"
    "    attribution (speaker or relay) and as_of. A relations.jsonl in the\n"
    "    folder, over the fixtures' gold claims, is scored as above;\n"
    "  - a folder of such folders: each is checked against its own baseline.\n"
    "\n"
    "What fails the gate (exit 1), listed under 'failures:':\n"
    "  - an article that cannot be read, or a bad record or sidecar in it;\n"
    "  - a malformed gold, negatives or relations file, a record whose quote is\n"
    "    not in its article, or a gold file that belongs to no article;\n"
    "  - in a per-fixture folder, a negative that became a claim;\n"
    "  - a figure below the one recorded in DIR/scores.json (the baseline), more\n"
    "    negatives wrong than recorded in an event folder, or a baseline entry\n"
    "    whose fixture is gone.\n"
    "A gold claim or relation that is not found, or found wrong, is listed\n"
    "under 'misses:' but does not fail by itself: the gold holds what a careful\n"
    "reader finds, which the engine may not reach yet; the baseline comparison\n"
    "is what keeps it from getting worse.\n"
    "\n"
    "Options:\n"
    "  --rules DIR          use the rule set in DIR\n"
    "  --event-rules DIR    an event's own rules over it; a folder's rules/ folder\n"
    "                       is read so too, for that folder\n"
    "  --format text|json   output format (default text)\n"
    "  --update-baseline    rewrite DIR/scores.json (atomically; each folder's own\n"
    "                       for a folder of folders) with the figures of this run,\n"
    "                       after a reviewed change to rules or gold\n"
    "  --max-bytes N        refuse an article larger than N bytes (K, M or G\n"
    "                       suffix; default 256M); it fails the gate, the others\n"
    "                       are still checked\n"
    "\n"
    "Exit status: 0 all checks pass; 1 something failed; 2 usage error, a folder\n"
    "or rule set that cannot be read.\n"
    "\n"
    "Examples:\n"
    "  reckon check fixtures\n"
    "  reckon check fixtures --format json\n"
    "  reckon check fixtures --update-baseline\n",
    run,
    options,
};
