/* cmd_extract.c - `reckon extract`: print the documents and their attributed claims (placeholder until its stage lands). */
#include "cli.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "reckon %s: not implemented yet\n", ctx->cmd);
    return RK_EXIT_USAGE;
}

const cli_command cli_cmd_extract = {
    "extract",
    "print the documents and their attributed claims",
    "usage: reckon extract [OPTIONS] FILE...\n",
    run,
};
