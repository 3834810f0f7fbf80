/* render_jsonl.c - JSON Lines: each document followed by its claims, then
 * groups, links and a summary when the claims were reconciled. Written one
 * record at a time so memory does not grow with the corpus. */
#include "render.h"

/* Writes document doc_index of rep->set and its claims into w; stops at
 * a claim that points outside its document (the lines before it stay
 * written, as they were when each line went out on its own). */
static rk_status jsonl_document(rkj_writer *w, const rk_report *rep, size_t doc_index,
                                rk_error *err)
{
    const rk_claimset *set = rep->set;
    rkr_json_document(w, set->docs.docs[doc_index], 1);
    rkj_lit(w, "\n");
    rkr_doc_run run;
    rkr_doc_run_make(&run, set->docs.docs[doc_index]);
    for (size_t i = rkr_first_claim(set, doc_index);
         i < set->n && set->claims[i].document == doc_index; i++) {
        rk_status st = rkr_check_claim(rep, i, err);
        if (st)
            return st;
        rkr_json_claim(w, rep, i, 1, &run);
        rkj_lit(w, "\n");
    }
    return RK_OK;
}

static rk_status no_document(size_t doc_index, rk_error *err)
{
    return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "no document %zu in the report",
                        doc_index);
}

rk_status rk_render_jsonl_document(const rk_report *rep, size_t doc_index, FILE *f,
                                   rk_error *err)
{
    if (!rep || !rep->set || doc_index >= rep->set->docs.n || !rep->set->docs.docs[doc_index])
        return no_document(doc_index, err);
    rkj_writer w;
    rkj_init(&w, f);
    rk_status st = jsonl_document(&w, rep, doc_index, err);
    rk_status io = rkj_end(&w, st ? NULL : err);
    return st ? st : io;
}

/* One writer for every document: its buffer goes out when full, not once a
 * document, so f is handed a few large writes (with f unbuffered, written
 * with no copy into stdio's buffer). */
rk_status rk_render_jsonl_documents(const rk_report *rep, FILE *f, rk_error *err)
{
    if (!rep || !rep->set)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "report without a claim set");
    rkj_writer w;
    rkj_init(&w, f);
    rk_status st = RK_OK;
    for (size_t d = 0; st == RK_OK && d < rep->set->docs.n; d++)
        st = rep->set->docs.docs[d] ? jsonl_document(&w, rep, d, err) : no_document(d, err);
    rk_status io = rkj_end(&w, st ? NULL : err);
    return st ? st : io;
}

rk_status rkr_render_jsonl(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    rkj_writer w;
    rkj_init(&w, f);
    for (size_t d = 0; !st && d < rep->set->docs.n; d++)
        st = jsonl_document(&w, rep, d, err);
    if (!st && rep->rec) {
        rkr_ids ids;
        rkr_ids_make(rep, &ids);
        for (size_t g = 0; g < rep->rec->n_groups; g++) {
            rkr_json_group(&w, rep, &ids, g, 1);
            rkj_lit(&w, "\n");
        }
        for (size_t l = 0; l < rep->rec->n_links; l++) {
            rkr_json_link(&w, rep, &ids, l, 1);
            rkj_lit(&w, "\n");
        }
        rkr_ids_free(&ids);
        rkr_json_summary(&w, rep, 1);
        rkj_lit(&w, "\n");
    }
    rk_status io = rkj_end(&w, st ? NULL : err);
    return st ? st : io;
}
