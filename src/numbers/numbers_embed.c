/* numbers_embed.c - at build time, compiles the number reader of the
 * shipped rules (compile.c) and writes known_numbers.c, which embeds it as
 * read-only data, so that a run on the very same rules and ICU takes it
 * where the program holds it instead of compiling it again
 * (reader_known.h).
 *
 * usage: numbers_embed RULES_DIR OUT.c
 *
 * Linked with numbers_none.c, so that the reader it writes is compiled
 * from the rules, and with the rule loader that knows the shipped files.
 * When RULES_DIR does not load as the build's very rule set
 * (rk_rules_is_build_set), nothing is embedded and every run compiles the
 * reader as before. OUT.c is written whole or not at all. */
#include "reader_known.h"
#include "../core/alloc.h"
#include "../core/out.h"
#include "../rules/rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A double as a C constant expression that reads back as the same. */
static void put_double(FILE *o, double v)
{
    if (isnan(v))
        fputs("NAN", o);
    else if (isinf(v))
        fputs(v < 0 ? "-HUGE_VAL" : "HUGE_VAL", o);
    else
        fprintf(o, "%a", v);
}

static void put_u32s(FILE *o, const char *name, const uint32_t *v, size_t n)
{
    fprintf(o, "\nstatic const uint32_t %s[%zu] = {", name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(o, "%s%uu,", i % 8 ? " " : "\n   ", v[i]);
    fputs("\n};\n", o);
}

/* The nonzero bytes of b[0..n) as designated initialisers. */
static void put_sparse(FILE *o, const uint8_t *b, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            fprintf(o, "%s[%zu] = %u,", k++ % 6 ? " " : "\n        ", i, b[i]);
}

/* The index of the interned name p, or -1. */
static long name_index(const rk_numbers_reader *r, const char *p)
{
    for (size_t i = 0; i < r->n_names; i++)
        if (r->names[i] == p)
            return (long)i;
    return -1;
}

/* Whether r is one this file can write: every entry's name interned, the
 * arrays present that its counts say are there. */
static int writable(const rk_numbers_reader *r)
{
    if (!r->n_nodes || !r->edge_cap || !r->n_entries)
        return 0;
    for (size_t i = 0; i < r->n_entries; i++)
        if (r->entries[i].name && name_index(r, r->entries[i].name) < 0)
            return 0;
    return !r->n_pfx_groups || r->pfx_group_of;
}

static void write_reader(FILE *o, const rk_numbers_reader *r, const char *icu)
{
    put_u32s(o, "node_first", r->node_first, r->n_nodes);
    put_u32s(o, "node_roles", r->node_roles, r->n_nodes);
    put_u32s(o, "node_below", r->node_below, r->n_nodes);
    put_u32s(o, "node_kids", r->node_kids, r->n_nodes);
    fprintf(o, "\n/* parent, child, key, len, hash; an empty slot's child NB_NONE */\n"
               "static const nb_edge edges[%zu] = {\n", r->edge_cap);
    for (size_t i = 0; i < r->edge_cap; i++) {
        const nb_edge *e = &r->edges[i];
        if (e->child == NB_NONE)
            fputs("    {0, NB_NONE, 0, 0, 0},\n", o);
        else
            fprintf(o, "    {%uu, %uu, %uu, %uu, 0x%llxull},\n", e->parent, e->child, e->key,
                    e->len, (unsigned long long)e->hash);
    }
    fputs("};\n\nstatic const char keys[] = \"", o);
    rk_fput_c_string(o, r->keys, r->keys_len);
    fputs("\";\n\n", o);
    for (size_t i = 0; i < r->n_names; i++) {
        fprintf(o, "static const char name%zu[] = \"", i);
        rk_fput_c_string(o, r->names[i], strlen(r->names[i]));
        fputs("\";\n", o);
    }
    fputs("\nstatic char *const names[] = {", o);
    for (size_t i = 0; i < r->n_names; i++)
        fprintf(o, "%s(char *)name%zu,", i % 4 ? " " : "\n   ", i);
    fputs(r->n_names ? "\n};\n" : "NULL};\n", o);
    fprintf(o, "\n/* role, prefixes, exactness, kind, flags, window, value, low, high, name,\n"
               " * next */\nstatic const nb_entry entries[%zu] = {\n", r->n_entries);
    for (size_t i = 0; i < r->n_entries; i++) {
        const nb_entry *e = &r->entries[i];
        fprintf(o, "    {%u, %u, %u, %u, %u, %u, ", e->role, e->prefixes, e->exactness, e->kind,
                e->flags, e->window);
        put_double(o, e->value);
        fputs(", ", o);
        put_double(o, e->low);
        fputs(", ", o);
        put_double(o, e->high);
        if (e->name)
            fprintf(o, ", name%ld, ", name_index(r, e->name));
        else
            fputs(", NULL, ", o);
        fprintf(o, "%uu},\n", e->next);
    }
    fputs("};\n\n", o);
    for (size_t i = 0; i < r->n_prefixes; i++) {
        fprintf(o, "static const char prefix%zu[] = \"", i);
        rk_fput_c_string(o, r->prefixes[i].s, r->prefixes[i].len);
        fputs("\";\n", o);
    }
    fputs("\n/* s, len, skip, cls */\nstatic const nb_prefix prefixes[] = {\n", o);
    for (size_t i = 0; i < r->n_prefixes; i++)
        fprintf(o, "    {(char *)prefix%zu, %zu, %zu, %u},\n", i, r->prefixes[i].len,
                r->prefixes[i].skip, r->prefixes[i].cls);
    fputs(r->n_prefixes ? "};\n" : "    {NULL, 0, 0, 0}\n};\n", o);
    fputs("\n/* head, lo, hi */\nstatic const nb_pfx_group pfx_groups[] = {\n", o);
    for (size_t i = 0; i < r->n_pfx_groups; i++)
        fprintf(o, "    {%u, %u, %u},\n", r->pfx_groups[i].head, r->pfx_groups[i].lo,
                r->pfx_groups[i].hi);
    fputs(r->n_pfx_groups ? "};\n" : "    {0, 0, 0}\n};\n", o);
    if (r->pfx_group_of) {
        fputs("\nstatic const uint8_t pfx_group_of[65536] = {", o);
        put_sparse(o, r->pfx_group_of, 65536);
        fputs("\n};\n", o);
    }
    fputs("\n/* the arrays above, never written: the compiler writes a reader only\n"
          " * while it compiles one, and the program frees this one never */\n"
          "static const rk_numbers_reader reader = {\n", o);
    fputs("    .node_first = (uint32_t *)node_first,\n"
          "    .node_roles = (uint32_t *)node_roles,\n"
          "    .node_below = (uint32_t *)node_below,\n"
          "    .node_kids = (uint32_t *)node_kids,\n", o);
    fprintf(o, "    .n_nodes = %zu,\n    .cap_nodes = %zu,\n", r->n_nodes, r->n_nodes);
    fprintf(o, "    .edges = (nb_edge *)edges,\n    .edge_cap = %zu,\n    .n_edges = %zu,\n",
            r->edge_cap, r->n_edges);
    fprintf(o, "    .keys = (char *)keys,\n    .keys_len = %zu,\n    .keys_cap = %zu,\n",
            r->keys_len, r->keys_len);
    fprintf(o, "    .entries = (nb_entry *)entries,\n    .n_entries = %zu,\n"
               "    .cap_entries = %zu,\n", r->n_entries, r->n_entries);
    fprintf(o, "    .prefixes = %s,\n    .n_prefixes = %zu,\n",
            r->n_prefixes ? "(nb_prefix *)prefixes" : "NULL", r->n_prefixes);
    fprintf(o, "    .pfx_groups = %s,\n    .n_pfx_groups = %zu,\n",
            r->n_pfx_groups ? "(nb_pfx_group *)pfx_groups" : "NULL", r->n_pfx_groups);
    fprintf(o, "    .pfx_group_of = %s,\n    .pfx_scan_all = %d,\n",
            r->pfx_group_of ? "(uint8_t *)pfx_group_of" : "NULL", r->pfx_scan_all);
    const struct {
        const char *name;
        const uint8_t *bits;
    } filters[] = {{"root_keys", r->root_keys},
                   {"start_keys", r->start_keys},
                   {"pfx_start_keys", r->pfx_start_keys},
                   {"open_keys", r->open_keys}};
    for (size_t f = 0; f < sizeof filters / sizeof *filters; f++) {
        fprintf(o, "    .%s = {", filters[f].name);
        put_sparse(o, filters[f].bits, NB_KEYS / 8);
        fputs("\n    },\n", o);
    }
    fprintf(o, "    .names = %s,\n    .n_names = %zu,\n",
            r->n_names ? "(char **)names" : "NULL", r->n_names);
    fprintf(o, "    .max_after_window = %u,\n    .set = {", r->max_after_window);
    put_double(o, r->set.approx_tolerance);
    fprintf(o, ", %d, ", r->set.dot_group);
    put_double(o, r->set.year_min);
    fputs(", ", o);
    put_double(o, r->set.year_max);
    fputs(", ", o);
    put_double(o, r->set.list_marker_max);
    fprintf(o, ", %d},\n};\n\nconst rk_nb_known rk_numbers_known = {\"", r->set.packed_dates);
    rk_fput_c_string(o, icu, strlen(icu));
    fputs("\", &reader};\n", o);
}

static int write_source(const char *out, const char *top, const rk_numbers_reader *r,
                        const char *icu)
{
    rk_out *o = NULL;
    rk_error err;
    rk_error_clear(&err);
    if (rk_out_open(out, &o, &err) != RK_OK) {
        fprintf(stderr, "numbers_embed: %s\n", err.message);
        return -1;
    }
    FILE *f = rk_out_file(o);
    fputs("/* known_numbers.c - made by numbers_embed at build time from the rule\n"
          " * folder \"", f);
    rk_fput_c_string(f, top, strlen(top));
    fputs("\"; do not edit. The number reader of its rules\n"
          " * (see reader_known.h). */\n"
          "#include \"reader_known.h\"\n\n#include <math.h>\n", f);
    if (r)
        write_reader(f, r, icu);
    else
        fputs("\nconst rk_nb_known rk_numbers_known = {\"\", NULL};\n", f);
    if (rk_out_commit(o, &err) != RK_OK) { /* whole or not at all */
        fprintf(stderr, "numbers_embed: %s: %s\n", out, err.message);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: numbers_embed RULES_DIR OUT.c\n");
        return 2;
    }
    const char *top = argv[1], *out = argv[2];
    rk_rules *rs = NULL;
    rk_numbers_reader *r = NULL;
    rk_error err;
    rk_error_clear(&err);
    char icu[64];
    int ok = 0;
    if (rk_rules_load(top, NULL, &rs, NULL, NULL, &err) != RK_OK)
        fprintf(stderr, "numbers_embed: %s: %s (nothing embedded)\n", top, err.message);
    else if (!rk_rules_is_build_set(rs))
        fprintf(stderr, "numbers_embed: %s: not the build's rule set (nothing embedded)\n", top);
    else if (rk_icu_versions(icu, sizeof icu) < 0)
        fprintf(stderr, "numbers_embed: ICU gives no version (nothing embedded)\n");
    else if (rk_numbers_reader_new(rs, &r, &err) != RK_OK)
        fprintf(stderr, "numbers_embed: %s: %s (nothing embedded)\n", top, err.message);
    else if (!writable(r))
        fprintf(stderr, "numbers_embed: the reader does not fit (nothing embedded)\n");
    else
        ok = 1;
    int rc = write_source(out, top, ok ? r : NULL, ok ? icu : "") == 0 ? 0 : 1;
    rk_numbers_reader_free(r);
    rk_rules_free(rs);
    return rc;
}
