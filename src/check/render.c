/* render.c - `reckon check` output: the scorer's table and the findings, as
 * text for people or JSON for tools. */
#include "check.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const metric_keys[3] = {"recall", "precision", "typed_precision"};

static void metric(const rk_score *s, int t, int f, size_t *num, size_t *den)
{
    const size_t *tab = t == 0 ? s->found : t == 1 ? s->precise : s->typed_precise;
    *num = tab[f];
    *den = t == 0 ? s->gold : t == 1 ? s->claims : s->typed;
}

static double ratio(size_t num, size_t den)
{
    return den ? (double)num / (double)den : 1.0;
}

static void text_score(FILE *f, const char *title, const rk_score *s)
{
    fprintf(f, "%s: gold %zu, claims %zu, typed %zu, negatives %zu (%zu became claims)\n", title,
            s->gold, s->claims, s->typed, s->negatives, s->negatives_hit);
    fprintf(f, "  %-12s %-16s %-16s %s\n", "field", "recall", "precision", "typed precision");
    for (int fl = RK_GOLD_NUMBER; fl < RK_GOLD_END; fl++) {
        fprintf(f, "  %-12s", rk_gold_field_name((rk_gold_field)fl));
        for (int t = 0; t < 3; t++) {
            size_t n, d;
            char cell[64];
            metric(s, t, fl, &n, &d);
            snprintf(cell, sizeof cell, "%zu/%zu", n, d);
            fprintf(f, t < 2 ? " %-9s %.3f " : " %-9s %.3f", cell, ratio(n, d));
        }
        fputc('\n', f);
    }
}

static void text_findings(FILE *f, const rk_findings *fs, int hard)
{
    for (size_t i = 0; i < fs->n; i++) {
        const rk_finding *x = &fs->v[i];
        if (x->hard != hard)
            continue;
        fputs(x->path, f);
        if (x->line > 0)
            fprintf(f, ":%ld", x->line);
        if (x->line > 0 && x->column > 0)
            fprintf(f, ":%ld", x->column);
        fprintf(f, ": %s\n", x->message);
    }
}

static void write_text(const rk_check_run *run, FILE *f)
{
    size_t with_gold = 0;
    if (run->event) {
        fprintf(f, "%s: event folder, %zu article%s\n", run->dir, run->articles,
                run->articles == 1 ? "" : "s");
        if (run->has_claims)
            rk_claim_figures_write(&run->claims, f);
        else
            fprintf(f, "no gold claims scored\n");
    }
    for (size_t i = 0; i < run->n; i++) {
        const rk_fixture_result *r = &run->v[i];
        if (!r->gold_path) {
            fprintf(f, "%s: %zu document%s, no gold file\n", r->name, r->documents,
                    r->documents == 1 ? "" : "s");
            continue;
        }
        with_gold++;
        text_score(f, r->name, &r->score);
    }
    if (with_gold)
        text_score(f, "TOTAL", &run->total);
    if (run->has_relations) {
        fputc('\n', f);
        rk_relation_figures_write(&run->relations, f);
    }
    size_t soft = run->findings.n - run->findings.n_hard;
    if (soft) {
        fprintf(f, "\nmisses (these lower a score; the baseline decides):\n");
        text_findings(f, &run->findings, 0);
    }
    if (run->findings.n_hard) {
        fprintf(f, "\nfailures:\n");
        text_findings(f, &run->findings, 1);
    }
    if (run->findings.n_hard)
        fprintf(f, "\ncheck: FAILED: %zu failure%s (%zu below the baseline)\n",
                run->findings.n_hard, run->findings.n_hard == 1 ? "" : "s", run->regressions);
    else if (run->event)
        fprintf(f, "\ncheck: ok: event folder, %zu article%s\n", run->articles,
                run->articles == 1 ? "" : "s");
    else
        fprintf(f, "\ncheck: ok: %zu fixture%s, %zu with gold\n", run->n, run->n == 1 ? "" : "s",
                with_gold);
}

static cJSON *json_score(const rk_score *s)
{
    cJSON *o = cJSON_CreateObject(), *fields = cJSON_CreateObject();
    if (!o || !fields) {
        cJSON_Delete(o);
        cJSON_Delete(fields);
        return NULL;
    }
    cJSON_AddNumberToObject(o, "gold", (double)s->gold);
    cJSON_AddNumberToObject(o, "claims", (double)s->claims);
    cJSON_AddNumberToObject(o, "typed", (double)s->typed);
    cJSON_AddNumberToObject(o, "negatives", (double)s->negatives);
    cJSON_AddNumberToObject(o, "negatives_hit", (double)s->negatives_hit);
    cJSON_AddItemToObject(o, "fields", fields);
    for (int fl = RK_GOLD_NUMBER; fl < RK_GOLD_END; fl++) {
        cJSON *m = cJSON_AddObjectToObject(fields, rk_gold_field_name((rk_gold_field)fl));
        for (int t = 0; m && t < 3; t++) {
            size_t n, d;
            metric(s, t, fl, &n, &d);
            cJSON *r = cJSON_AddObjectToObject(m, metric_keys[t]);
            if (!r)
                break;
            cJSON_AddNumberToObject(r, "right", (double)n);
            cJSON_AddNumberToObject(r, "of", (double)d);
            /* Rounded so the output does not depend on the last bits of a
             * division. */
            cJSON_AddNumberToObject(r, "ratio", (double)(long)(ratio(n, d) * 10000 + 0.5) / 10000);
        }
    }
    return o;
}

static cJSON *json_findings(const rk_findings *fs)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < fs->n; i++) {
        const rk_finding *x = &fs->v[i];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddItemToArray(a, o);
        cJSON_AddStringToObject(o, "path", x->path);
        if (x->line > 0)
            cJSON_AddNumberToObject(o, "line", (double)x->line);
        else
            cJSON_AddNullToObject(o, "line");
        cJSON_AddBoolToObject(o, "hard", x->hard);
        cJSON_AddStringToObject(o, "message", x->message);
    }
    return a;
}

static cJSON *json_claims(const rk_claim_figures *c)
{
    cJSON *o = cJSON_CreateObject();
    const struct {
        const char *k;
        size_t v;
    } f[] = {{"gold", c->gold}, {"found", c->found}, {"value", c->value},
             {"quantity", c->quantity}, {"subject_of", c->subject_of}, {"subject", c->subject},
             {"attrib_of", c->attrib_of}, {"attrib", c->attrib},
             {"event_claims", c->event_claims}, {"event_matched", c->event_matched},
             {"negatives", c->negatives}, {"negatives_wrong", c->negatives_wrong}};
    for (size_t i = 0; o && i < sizeof f / sizeof *f; i++)
        cJSON_AddNumberToObject(o, f[i].k, (double)f[i].v);
    return o;
}

static cJSON *json_relations(const rk_relation_figures *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "pairs", (double)r->pairs);
    cJSON *conf = cJSON_AddObjectToObject(o, "confusion");
    for (int g = 0; conf && g < RK_REL_GOLD_N; g++) {
        cJSON *row = cJSON_AddObjectToObject(conf, rk_rel_gold_name(g));
        for (int k = 0; row && k < RK_REL_RECKON_N; k++)
            cJSON_AddNumberToObject(row, rk_rel_reckon_name(k), (double)r->conf[g][k]);
    }
    rk_relation_headline h;
    rk_relation_headline_of(r, &h);
    cJSON_AddNumberToObject(o, "contradicts_called", (double)h.contra_called);
    cJSON_AddNumberToObject(o, "contradicts_right", (double)h.contra_right);
    cJSON_AddNumberToObject(o, "contradicts", (double)h.contra_gold);
    cJSON_AddNumberToObject(o, "rising", (double)h.rising_gold);
    cJSON_AddNumberToObject(o, "rising_found", (double)h.rising_found);
    cJSON_AddNumberToObject(o, "part_of", (double)h.part_gold);
    cJSON_AddNumberToObject(o, "part_of_found", (double)h.part_found);
    cJSON_AddNumberToObject(o, "different", (double)h.different_gold);
    cJSON_AddNumberToObject(o, "different_apart", (double)h.different_apart);
    cJSON_AddNumberToObject(o, "contradicts_links", (double)r->links);
    return o;
}

static cJSON *json_run(const rk_check_run *run)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "dir", run->dir);
    cJSON_AddBoolToObject(root, "event", run->event);
    cJSON_AddNumberToObject(root, "articles", (double)run->articles);
    if (run->has_claims)
        cJSON_AddItemToObject(root, "claims", json_claims(&run->claims));
    if (run->has_relations)
        cJSON_AddItemToObject(root, "relations", json_relations(&run->relations));
    cJSON *fx = cJSON_AddArrayToObject(root, "fixtures");
    for (size_t i = 0; fx && i < run->n; i++) {
        const rk_fixture_result *r = &run->v[i];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddItemToArray(fx, o);
        cJSON_AddStringToObject(o, "name", r->name);
        cJSON_AddNumberToObject(o, "documents", (double)r->documents);
        if (r->gold_path)
            cJSON_AddItemToObject(o, "score", json_score(&r->score));
        else
            cJSON_AddNullToObject(o, "score");
    }
    cJSON_AddItemToObject(root, "total", json_score(&run->total));
    cJSON_AddItemToObject(root, "findings", json_findings(&run->findings));
    cJSON_AddNumberToObject(root, "failures", (double)run->findings.n_hard);
    cJSON_AddNumberToObject(root, "regressions", (double)run->regressions);
    cJSON_AddBoolToObject(root, "ok", run->findings.n_hard == 0);
    return root;
}

rk_status rk_check_write(const rk_check_run *run, const char *format, FILE *f, rk_error *err)
{
    if (format && strcmp(format, "json") == 0) {
        cJSON *root = json_run(run);
        char *s = root ? cJSON_Print(root) : NULL;
        cJSON_Delete(root);
        if (!s)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        fputs(s, f);
        fputc('\n', f);
        cJSON_free(s);
    } else if (!format || strcmp(format, "text") == 0) {
        write_text(run, f);
    } else {
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "unknown format '%s'", format);
    }
    return ferror(f) ? rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "cannot write the check report")
                     : RK_OK;
}
