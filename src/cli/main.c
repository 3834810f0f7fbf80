/* main.c - the reckon command: finds the subcommand and runs it. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const cli_command *const cli_commands[] = {
    &cli_cmd_text, &cli_cmd_numbers, &cli_cmd_extract, &cli_cmd_report,
    &cli_cmd_check, &cli_cmd_rules, &cli_cmd_review, NULL,
};
#define commands cli_commands

static const char *const command_names[] = {"text",  "numbers", "extract", "report", "check",
                                            "rules", "review",  "help",    NULL};

static int unknown_command(const char *name)
{
    const char *hint = cli_did_you_mean(name, command_names);
    if (hint)
        fprintf(stderr, "reckon: unknown command '%s'; did you mean '%s'?\n", name, hint);
    else
        fprintf(stderr, "reckon: unknown command '%s'\n", name);
    fprintf(stderr, "Try 'reckon --help'.\n");
    return RK_EXIT_USAGE;
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; commands[i]; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void print_help(FILE *f)
{
    fprintf(f,
            "usage: reckon COMMAND [OPTIONS] [FILE|DIR]...\n"
            "\n"
            "reckon reads news articles about one event, finds every number, turns them\n"
            "into attributed claims and reports where the sources disagree.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; commands[i]; i++)
        fprintf(f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f,
            "  %-9s %s\n"
            "\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n"
            "\n"
            "Exit status: 0 success; 1 findings when asked to fail on them (--fail-on);\n"
            "2 usage or input error. Errors are printed as 'reckon: path:line:col: message'.\n"
            "Run 'reckon help COMMAND' for a command's options.\n",
            "help", "show the help of a command");
}

static int help_command(const char *name)
{
    const cli_command *c = find(name);
    if (!c)
        return unknown_command(name);
    fputs(c->usage, stdout);
    return RK_EXIT_OK;
}

int main(int argc, char **argv)
{
    rk_alloc_batch_mode();
    if (argc < 2) {
        print_help(stderr);
        return RK_EXIT_USAGE;
    }
    const char *a = argv[1];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        print_help(stdout);
        return RK_EXIT_OK;
    }
    if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
        printf("reckon %s\n", rk_version());
        return RK_EXIT_OK;
    }
    if (strcmp(a, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return RK_EXIT_OK;
        }
        /* For shell completion: the commands, or a command's options, one
         * a line. */
        if (strcmp(argv[2], "--commands") == 0) {
            for (size_t i = 0; command_names[i]; i++)
                puts(command_names[i]);
            return RK_EXIT_OK;
        }
        if (strcmp(argv[2], "--options") == 0 && argc > 3) {
            const cli_command *c = find(argv[3]);
            if (!c)
                return unknown_command(argv[3]);
            for (size_t i = 0; c->options && c->options[i]; i++)
                puts(c->options[i]);
            puts("--help");
            return RK_EXIT_OK;
        }
        return help_command(argv[2]);
    }
    const cli_command *c = find(a);
    if (!c)
        return unknown_command(a);
    /* `reckon CMD --help` is the same as `reckon help CMD`. */
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return help_command(a);
    }
    cli_ctx ctx = {.argv0 = argv[0], .cmd = c->name, .options = c->options};
    return c->run(&ctx, argc - 1, argv + 1);
}
