/* render_xml.c - the XML report: the JSON report's content through
 * libxml2's xmlTextWriter; schemas/report.rng describes it. Missing values
 * are absent attributes rather than empty ones. */
#include "../core/alloc.h"
#include "render.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include "../core/utf8.h"

typedef struct xw {
    xmlTextWriterPtr w;
    int bad;   /* a write failed: the status is reported once, at the end */
    int oom;   /* because an allocation failed */
} xw;

/* A NUL-terminated copy of p[0..n) in which every character XML 1.0 cannot
 * carry (C0 controls other than tab, newline and return; U+FFFE, U+FFFF) is
 * U+FFFD. The caller frees it with free(); NULL when out of memory. */
static char *xml_safe(const char *p, size_t n)
{
    char *out = malloc(n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; out && i < n;) {
        size_t at = i;
        uint32_t cp = rk_utf8_next(p, n, &i);
        int ok = cp >= 0x20 ? cp != 0xFFFE && cp != 0xFFFF : cp == 9 || cp == 10 || cp == 13;
        if (ok && cp != 0xFFFD) {
            memcpy(out + o, p + at, i - at);
            o += i - at;
        } else {
            o += rk_utf8_put(0xFFFD, out + o);
        }
    }
    if (out)
        out[o] = '\0';
    return out;
}

static void attr(xw *x, const char *name, const char *v)
{
    if (!v || x->bad)
        return;
    char *s = xml_safe(v, strlen(v));
    x->oom |= !s;
    if (!s || xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST s) < 0)
        x->bad = 1;
    free(s);
}

static void attr_num(xw *x, const char *name, double v, int has)
{
    char b[40];
    attr(x, name, rkr_num(v, has, b, sizeof b));
}

static void attr_size(xw *x, const char *name, size_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    attr(x, name, b);
}

static void start(xw *x, const char *name)
{
    if (!x->bad && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        x->bad = 1;
}

static void end(xw *x)
{
    if (!x->bad && xmlTextWriterEndElement(x->w) < 0)
        x->bad = 1;
}

static void text(xw *x, const char *p, size_t n)
{
    if (x->bad)
        return;
    char *s = xml_safe(p, n);
    x->oom |= !s;
    if (!s || xmlTextWriterWriteString(x->w, BAD_CAST s) < 0)
        x->bad = 1;
    free(s);
}

/* <name>p[0..n)</name> */
static void elem(xw *x, const char *name, const char *p, size_t n)
{
    start(x, name);
    text(x, p, n);
    end(x);
}

static void document(xw *x, const rk_document *d)
{
    const char *names[] = {"source", "published", "url", "language", "title", "byline",
                           "dateline"};
    const rk_field *fields[] = {&d->source, &d->published, &d->url, &d->language,
                                &d->title, &d->byline, &d->dateline};
    start(x, "document");
    attr(x, "id", d->id);
    attr(x, "path", d->path);
    attr(x, "format", rk_format_name(d->format));
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (fields[i]->origin == RK_ORIGIN_NONE || !fields[i]->value)
            continue;
        start(x, "field");
        attr(x, "name", names[i]);
        attr(x, "origin", rk_origin_name(fields[i]->origin));
        text(x, fields[i]->value, strlen(fields[i]->value));
        end(x);
    }
    end(x);
}

static void claim(xw *x, const rk_report *rep, size_t i)
{
    const rk_claim *c = &rep->set->claims[i];
    const rk_document *d = rkr_claim_doc(rep, c);
    start(x, "claim");
    attr(x, "id", c->id);
    attr(x, "document", d->id);
    attr_size(x, "start", c->start);
    attr_size(x, "end", c->end);
    attr_num(x, "low", c->low, c->has_low);
    attr_num(x, "high", c->high, c->has_high);
    attr(x, "exactness", rk_exactness_name(c->exactness));
    attr(x, "unit", c->unit);
    attr(x, "kind", rk_kind_name(c->kind));
    attr(x, "quantity", c->quantity);
    attr(x, "subject", c->subject);
    attr(x, "scope", c->scope);
    attr(x, "hedged", c->hedged ? "true" : "false");
    attr(x, "increment", c->increment ? "true" : "false");
    attr(x, "as_of", c->as_of);
    attr(x, "as_of_from", c->as_of_from);
    if (c->earlier)
        attr(x, "earlier", "true");
    attr(x, "status", rk_claim_status_name(c->status));
    attr(x, "status_by", c->status_by);
    attr(x, "rule", c->rule);
    elem(x, "text", d->body + c->start, c->end - c->start);
    if (c->speaker || c->via || c->originator) {
        start(x, "attribution");
        attr(x, "speaker", c->speaker);
        attr(x, "via", c->via);
        attr(x, "originator", c->originator);
        attr(x, "originator_kind", c->originator_kind);
        end(x);
    }
    start(x, "sentence");
    attr_size(x, "start", c->sentence_start);
    attr_size(x, "end", c->sentence_end);
    text(x, d->body + c->sentence_start, c->sentence_end - c->sentence_start);
    end(x);
    end(x);
}

static void claim_refs(xw *x, const rk_report *rep, const char *name, const size_t *idx,
                       size_t n)
{
    for (size_t k = 0; k < n; k++) {
        start(x, name);
        attr(x, "claim", rep->set->claims[idx[k]].id);
        end(x);
    }
}

static void group_body(xw *x, const rk_report *rep, const rk_group *g)
{
    if (g->explanation)
        elem(x, "explanation", g->explanation, strlen(g->explanation));
    if (g->has_estimate) {
        start(x, "estimate");
        attr_num(x, "low", g->low, 1);
        attr_num(x, "best", g->best, 1);
        attr_num(x, "high", g->high, !g->high_open);
        attr(x, "high_open", g->high_open ? "true" : "false");
        attr(x, "policy", g->policy);
        end(x);
    }
    claim_refs(x, rep, "member", g->members, g->n_members);
    claim_refs(x, rep, "superseded", g->superseded, g->n_superseded);
    claim_refs(x, rep, "side", g->sides, g->n_sides);
    claim_refs(x, rep, "withdrawn", g->withdrawn, g->n_withdrawn);
    const rk_review_entry *r = rkr_review(rep, g);
    if (r) {
        start(x, "review");
        attr(x, "state", rk_review_state_name(r->state));
        attr(x, "figures", r->figures);
        attr(x, "stale", rkr_review_stale(rep, g, r) ? "true" : "false");
        if (r->note)
            text(x, r->note, strlen(r->note));
        end(x);
    }
}

static void group(xw *x, const rk_report *rep, size_t gi)
{
    const rk_group *g = &rep->rec->groups[gi];
    start(x, "group");
    attr(x, "id", g->id);
    attr(x, "quantity", g->quantity);
    attr(x, "subject", g->subject);
    attr(x, "scope", g->scope);
    attr(x, "parent", g->parent == (size_t)-1 ? NULL : rep->rec->groups[g->parent].id);
    attr(x, "verdict", rk_verdict_name(g->verdict));
    attr(x, "rule", g->verdict_rule);
    attr_size(x, "independent_speakers", g->n_speakers);
    group_body(x, rep, g);
    end(x);
}

static void link_(xw *x, const rk_report *rep, size_t li)
{
    const rk_link *l = &rep->rec->links[li];
    start(x, "link");
    attr(x, "from", rep->set->claims[l->from].id);
    attr(x, "to", rep->set->claims[l->to].id);
    attr(x, "kind", rk_link_kind_name(l->kind));
    attr(x, "rule", l->rule);
    end(x);
}

static void summary(xw *x, const rk_report *rep)
{
    rkr_summary s;
    rkr_summary_count(rep, &s);
    start(x, "summary");
    attr_size(x, "documents", s.documents);
    attr_size(x, "claims", s.claims);
    if (rep->rec) {
        attr_size(x, "groups", s.groups);
        attr_size(x, "contradictions", s.contradictions);
        attr_size(x, "unreviewed_contradictions", s.unreviewed);
    }
    end(x);
}

static void report(xw *x, const rk_report *rep)
{
    start(x, "report");
    attr(x, "title", rep->title);
    start(x, "documents");
    for (size_t i = 0; i < rep->set->docs.n; i++)
        document(x, rep->set->docs.docs[i]);
    end(x);
    start(x, "claims");
    for (size_t i = 0; i < rep->set->n; i++)
        claim(x, rep, i);
    end(x);
    if (rep->rec) {
        start(x, "groups");
        for (size_t i = 0; i < rep->rec->n_groups; i++)
            group(x, rep, i);
        end(x);
        start(x, "links");
        for (size_t i = 0; i < rep->rec->n_links; i++)
            link_(x, rep, i);
        end(x);
    }
    summary(x, rep);
    end(x);
}

rk_status rkr_render_xml(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    /* libxml2's writer reports a failed allocation as a failed write, or
     * not at all. */
    unsigned long failures = rk_alloc_failures();
    xmlOutputBufferPtr out = xmlOutputBufferCreateFile(f, NULL);
    xw x = {out ? xmlNewTextWriter(out) : NULL, 0, 0};
    if (!x.w) {
        xmlOutputBufferClose(out);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    xmlTextWriterSetIndent(x.w, 1);
    xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
    if (xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0)
        x.bad = 1;
    report(&x, rep);
    if (!x.bad && xmlTextWriterEndDocument(x.w) < 0)
        x.bad = 1;
    /* Frees the output buffer too, which flushes f without closing it. */
    xmlFreeTextWriter(x.w);
    /* The writer may also drop a string it could not escape for lack of
     * memory and go on: any failed allocation fails the output. */
    if ((x.bad && x.oom) || rk_alloc_failures() != failures)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (x.bad)
        return rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "cannot write the XML report");
    return rkr_io_status(f, err);
}
