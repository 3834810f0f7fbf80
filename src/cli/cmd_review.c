/* cmd_review.c - `reckon review`: record a reviewer's decision about a group (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_review = {
    "review",
    "record a reviewer's decision about a group",
    "usage: reckon review [OPTIONS] FILE...\n",
    run,
};
