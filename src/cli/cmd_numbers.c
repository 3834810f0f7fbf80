/* cmd_numbers.c - `reckon numbers`: print every number expression read as an interval (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_numbers = {
    "numbers",
    "print every number expression read as an interval",
    "usage: reckon numbers [OPTIONS] FILE...\n",
    run,
};
