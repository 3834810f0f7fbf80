/* cmd_text.c - `reckon text`: print each document's metadata and sentences with their byte spans (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_text = {
    "text",
    "print each document's metadata and sentences with their byte spans",
    "usage: reckon text [OPTIONS] FILE...\n",
    run,
};
