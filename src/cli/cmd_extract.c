/* cmd_extract.c - `reckon extract`: read articles, extract their attributed
 * claims with one engine, and render documents and claims in the chosen
 * format. A document that cannot be read is reported and skipped. */
#include "cli.h"

#include <stdlib.h>
#include <unistd.h>
#include <string.h>

/* What extract_and_render needs. */
typedef struct extract_job {
    const cli_opts *o;
    const rk_engine *eng;
    const cli_paths *inputs;
} extract_job;

/* An rk_pipeline_render for JSON Lines: writes the documents and claims of
 * a part (a file, or a batch of its records) to f, on whichever thread
 * extracted it; nothing is kept, so memory does not follow the corpus. */
static rk_status render_jsonl(void *ctx, const rk_claimset *part, FILE *f, rk_error *err)
{
    (void)ctx;
    rk_report rep = {.set = part};
    return rk_render_jsonl_documents(&rep, f, err);
}

/* Extracts every input and writes the output: JSON Lines file by file, the
 * other formats once the whole set is read. Returns -1 on a fatal error. */
static int extract_and_render(cli_ctx *ctx, void *arg, FILE *f)
{
    const extract_job *job = arg;
    const cli_opts *o = job->o;
    const rk_engine *eng = job->eng;
    const cli_paths *inputs = job->inputs;
    if (strcmp(o->format, "jsonl") == 0) {
        /* The renderer hands f whole buffers of its own (RKJ_BUF bytes,
         * and a part rendered on another thread at once): unbuffered, f
         * writes them as they are instead of copying them into its buffer
         * first. Nothing has been written to f yet. */
        setvbuf(f, NULL, _IONBF, 0);
        return cli_extract_render(ctx, eng, inputs, &o->ingest, o->jobs, render_jsonl, f);
    }
    rk_claimset set = {0};
    int rc = cli_extract_stream(ctx, eng, inputs, &o->ingest, o->jobs, rk_pipeline_merge, &set);
    if (rc == 0) {
        rk_error e;
        rk_error_clear(&e);
        rk_report rep = {.set = &set};
        if (rk_renderer_find(o->format)->render(&rep, f, &e) != RK_OK) {
            cli_print_error(&e);
            rc = -1;
        }
    }
    rk_claimset_clear(&set);
    return rc;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    cli_opts o = {.format = "json", .jobs = 1};
    int rc = cli_parse_args(ctx, argc, argv,
                            CLI_OPT_FORMAT | CLI_OPT_RULES | CLI_OPT_OUTPUT | CLI_OPT_JOBS |
                                CLI_OPT_MAX_BYTES | CLI_OPT_QUIET,
                            &o, NULL, NULL);
    if (rc != RK_EXIT_OK)
        return rc;
    ctx->progress = !o.quiet && isatty(STDERR_FILENO);
    if (!rk_renderer_find(o.format))
        return cli_usage(ctx, "unknown format '%s'", o.format);
    cli_paths inputs = {0};
    rk_rules *rules = NULL;
    rk_engine *eng = NULL;
    rc = RK_EXIT_USAGE;
    if (cli_load_engine(ctx, o.rules, &rules, &eng) < 0)
        goto done;
    extract_job job = {&o, eng, &inputs};
    if (cli_collect_inputs(ctx, argc - o.first, argv + o.first, &inputs) == 0 &&
        cli_write_output(ctx, o.output, extract_and_render, &job) == 0)
        rc = cli_exit_code(ctx, 0);
done:
    rk_engine_free(eng);
    rk_rules_free(rules);
    cli_paths_free(&inputs);
    return rc;
}

static const char *const options[] = {"--format", "-f", "--rules", "--event-rules", "--output", "-o", "--jobs", "-j",
    "--max-bytes", "--quiet", "-q", NULL};

const cli_command cli_cmd_extract = {
    "extract",
    "print the documents and their attributed claims",
    "usage: reckon extract [--format json|jsonl|xml|csv] [--rules DIR] [-o FILE] [-j N]\n"
    "                      [--max-bytes N] FILE...|DIR|-\n"
    "\n"
    "Reads the articles, finds every number and turns each count, percent, sum\n"
    "and measure into a claim: what quantity (deaths, injured, detained, troops,\n"
    "...), about whom, according to whom (speaker, and who relayed it), hedged or\n"
    "not, as of when and where. Years, dates, ordinals and labels are not claims.\n"
    "\n"
    "  --format NAME  json (default), jsonl, xml or csv\n"
    "  --rules DIR    the rule set (default: $RECKON_RULES, then the installed or\n"
    "                 source rules/)\n"
    "  --event-rules DIR  an event's own rules (its people, places, forces) over\n"
    "                 the rule set; a folder operand's rules/ folder is read so too\n"
    "  -o FILE        write there (atomically) instead of standard output; a\n"
    "                 device or FIFO is written through, a link's file replaced,\n"
    "                 and an input is never overwritten\n"
    CLI_HELP_JOBS
    CLI_HELP_MAX_BYTES
    CLI_HELP_FOLLOW
    "  -q, --quiet    no progress line (shown on a terminal: files done, MB/s\n"
    "                 and time left)\n"
    "\n"
    "Options may come before or after the inputs; '--' ends them.\n"
    "\n"
    "jsonl is written as the inputs are read (on one thread a JSON Lines file a\n"
    "few records at a time), so memory stays that of a few files however large\n"
    "the corpus; the other formats hold it all.\n"
    "\n"
    "A document that cannot be read is reported as path:line:col: message and\n"
    "skipped; the others are still extracted and the exit status is then 2.\n"
    "\n"
    "Examples:\n"
    "  reckon extract corpus/ --format jsonl -j 0 > claims.jsonl\n"
    "  reckon extract story.txt --format csv -o claims.csv\n"
    "  reckon extract corpus/ -q --format json -o claims.json\n",
    run,
    options,
};
