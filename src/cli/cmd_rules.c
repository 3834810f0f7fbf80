/* cmd_rules.c - `reckon rules`: validate a rule set (rules check [DIR]) (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_rules = {
    "rules",
    "validate a rule set (rules check [DIR])",
    "usage: reckon rules [OPTIONS] FILE...\n",
    run,
};
