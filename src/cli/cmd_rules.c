/* cmd_rules.c - `reckon rules`: check a rule set the way every command will
 * use it (loaded against its schema AND compiled into the engine), or list
 * the vocabulary it defines for rule authors. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Loads and compiles dir (NULL: the default set). Every broken file is
 * reported; returns the engine or NULL. *rules receives the rule set. */
static rk_engine *build(cli_ctx *ctx, const char *dir, rk_rules **rules)
{
    rk_engine *eng = NULL;
    rk_error e;
    rk_error_clear(&e);
    if (!(*rules = cli_load_rules(ctx, dir))) {
        ctx->n_errors++;
        return NULL;
    }
    if (rk_engine_new(*rules, &eng, &e) != RK_OK) {
        cli_diag(ctx, &e);
        return NULL;
    }
    return eng;
}

static void list(const rk_engine *eng)
{
    printf("quantities:\n");
    for (size_t i = 0; i < rk_engine_quantity_count(eng); i++) {
        const char *unit, *id = rk_engine_quantity(eng, i, &unit);
        printf("  %s%s%s\n", id, unit ? "  unit=" : "", unit ? unit : "");
    }
    printf("subject classes:\n");
    for (size_t i = 0; i < rk_engine_class_count(eng); i++) {
        const char *q, *id = rk_engine_class(eng, i, &q);
        printf("  %s%s%s\n", id, q ? "  quantity=" : "", q ? q : "");
    }
    printf("scopes:\n");
    for (size_t i = 0; i < rk_engine_scope_count(eng); i++)
        printf("  %s\n", rk_engine_scope(eng, i));
    printf("lexicon entries: %zu\n", rk_engine_entry_count(eng));
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    cli_opts o = {0};
    int rc = cli_parse_args(ctx, argc, argv, CLI_OPT_RULES | CLI_NO_OPERAND_OK, &o, NULL, NULL);
    if (rc != RK_EXIT_OK)
        return rc;
    const char *dir = o.rules;
    int i = o.first;
    if (i >= argc)
        return cli_usage(ctx, "give an action: check or list");
    const char *action = argv[i++];
    static const char *const actions[] = {"check", "list", NULL};
    if (strcmp(action, "check") != 0 && strcmp(action, "list") != 0) {
        const char *hint = cli_did_you_mean(action, actions);
        return hint ? cli_usage(ctx, "unknown action '%s'; did you mean '%s'?", action, hint)
                    : cli_usage(ctx, "unknown action '%s' (check or list)", action);
    }
    if (i < argc)
        dir = argv[i++];
    if (i < argc)
        return cli_usage(ctx, "too many operands");
    rk_rules *rules = NULL;
    rk_engine *eng = build(ctx, dir, &rules);
    if (eng && strcmp(action, "list") == 0)
        list(eng);
    else if (eng)
        printf("%s: ok\n", dir ? dir : "rules");
    rk_engine_free(eng);
    rk_rules_free(rules);
    return eng ? RK_EXIT_OK : RK_EXIT_USAGE;
}

static const char *const options[] = {"--rules", "--event-rules", NULL};

const cli_command cli_cmd_rules = {
    "rules",
    "check a rule set, or list the quantities and classes it knows",
    "usage: reckon rules check [DIR]\n"
    "       reckon rules list [DIR]\n"
    "\n"
    "check  loads every rule file of DIR (default: $RECKON_RULES, then the\n"
    "       installed or source rules/) against its schema and compiles the\n"
    "       number reader and the claims engine from it. Each problem is printed\n"
    "       as reckon: path:line: message. Exit 0 when the set is sound, 2 if not.\n"
    "list   prints the quantities, subject classes and scopes the set defines.\n"
    "\n"
    "  --event-rules DIR  an event's own rules (EVENT/rules) over the set: checked\n"
    "                     and listed with it\n"
    "\n"
    "Examples:\n"
    "  reckon rules check\n"
    "  reckon rules check --event-rules fixtures/kazakhstan-2022/rules\n"
    "  reckon rules list rules/\n",
    run,
    options,
};
