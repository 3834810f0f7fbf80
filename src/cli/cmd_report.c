/* cmd_report.c - `reckon report`: group claims, flag contradictions, render a report (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_report = {
    "report",
    "group claims, flag contradictions, render a report",
    "usage: reckon report [OPTIONS] FILE...\n",
    run,
};
