/* cmd_check.c - `reckon check`: CI gate: every fixture parses and still gives its gold claims (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_check = {
    "check",
    "CI gate: every fixture parses and still gives its gold claims",
    "usage: reckon check [OPTIONS] FILE...\n",
    run,
};
