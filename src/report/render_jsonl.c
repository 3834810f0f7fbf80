/* render_jsonl.c - JSON Lines: each document followed by its claims, then
 * groups, links and a summary when the claims were reconciled. Written one
 * record at a time so memory does not grow with the corpus. */
#include "render.h"

#include <cjson/cJSON.h>

static rk_status line(cJSON *o, FILE *f, rk_error *err)
{
    rk_status st = rkr_json_print(o, f, err);
    if (st)
        return st;
    fputc('\n', f);
    return rkr_io_status(f, err);
}

rk_status rk_render_jsonl_document(const rk_report *rep, size_t doc_index, FILE *f,
                                   rk_error *err)
{
    if (!rep || !rep->set || doc_index >= rep->set->docs.n || !rep->set->docs.docs[doc_index])
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no document %zu in the report",
                            doc_index);
    const rk_claimset *set = rep->set;
    rk_status st = line(rkr_json_document(set->docs.docs[doc_index], "document"), f, err);
    for (size_t i = rkr_first_claim(set, doc_index);
         !st && i < set->n && set->claims[i].document == doc_index; i++) {
        st = rkr_check_claim(rep, i, err);
        if (!st)
            st = line(rkr_json_claim(rep, i, "claim"), f, err);
    }
    return st;
}

rk_status rkr_render_jsonl(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    for (size_t d = 0; !st && d < rep->set->docs.n; d++)
        st = rk_render_jsonl_document(rep, d, f, err);
    if (st || !rep->rec)
        return st;
    for (size_t g = 0; !st && g < rep->rec->n_groups; g++)
        st = line(rkr_json_group(rep, g, "group"), f, err);
    for (size_t l = 0; !st && l < rep->rec->n_links; l++)
        st = line(rkr_json_link(rep, l, "link"), f, err);
    return st ? st : line(rkr_json_summary(rep, "summary"), f, err);
}
