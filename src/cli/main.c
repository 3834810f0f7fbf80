/* main.c - the reckon command: finds the subcommand and runs it. */
#include "cli.h"

#include <signal.h>
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

/* --follow (a folder walk follows links out of the folder) is the one
 * option without a value; every command that reads folders takes it, so it
 * is taken out before the command parses the rest. */
static void take_follow(cli_ctx *ctx, int *argc, char **argv)
{
    int k = 2;
    for (int i = 2; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[k++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--follow") == 0)
            ctx->follow = 1;
        else
            argv[k++] = argv[i];
    }
    argv[k] = NULL;
    *argc = k;
}

/* An interrupted run leaves no temporary output behind: the handler
 * removes them and ends the program as the signal would have. */
static void on_signal(int sig)
{
    rk_out_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* A signal the caller ignores (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

int main(int argc, char **argv)
{
    /* First of all, before anything uses ICU: see core/alloc.h. */
    rk_error e;
    rk_error_clear(&e);
    if (rk_alloc_install(&e) != RK_OK)
        cli_print_error(&e);
    rk_alloc_batch_mode();
    rk_out_buffer_stdout(); /* before anything is written to it */
    catch_signals();
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
    take_follow(&ctx, &argc, argv);
    return c->run(&ctx, argc - 1, argv + 1);
}
