/* html.h - what the files of the HTML report share: the page being written
 * (labels, language, which documents and quotes it shows), the derived facts
 * about a group the page needs, and the pieces one file writes for another.
 * Internal to the report stage. */
#ifndef RK_HTML_H
#define RK_HTML_H

#include "render.h"

/* Per-group lists of links, each filed under the group of its `from` claim. */
typedef struct hlinks {
    size_t *start;  /* links of group g: order[start[g] .. start[g + 1]) */
    size_t *order;
} hlinks;

/* What the page knows about one group beyond the model. */
typedef struct hgroup {
    size_t gi;
    const rk_review_entry *review; /* NULL when not reviewed, or stale */
    const rk_review_entry *stale;  /* a review of figures the group no longer
                                      has: shown, but the group is open */
    size_t sides[4];    /* the figures that disagree (claims), low to high */
    size_t n_sides;
    double gap;         /* highest side low / lowest side high */
    long latest;        /* the latest dated figure, days since 1970; -1 */
    char langs[24];     /* the members' document languages, space-separated */
    int has_card;       /* more than one figure: a card in the details */
} hgroup;

/* The page being written. */
typedef struct hpage {
    FILE *f;
    const rk_report *rep;
    const char *lang;         /* the chrome's language */
    int rtl;
    hlinks links;
    hgroup *groups;           /* one per group of rep->rec, in group order */
    unsigned char *doc_used;  /* documents a shown element links to */
    unsigned char *quoted;    /* claims whose quote carries its id already */
    int summarise;            /* too large to show whole: caps apply */
    size_t shown_quotes;      /* quotes per card before the rest fold away */
    size_t max_quotes;        /* quotes per card at all (the rest: --format json) */
    size_t max_rows;          /* rows per table */
    size_t max_links;         /* relations per card */
} hpage;

/* The label id in the page's language, else in English, else the id.
 * borrowed. */
const char *hl(const hpage *p, const char *id);
/* Writes the label, escaped. */
void hput(const hpage *p, const char *id);
/* Writes "PREFIX.NAME"'s label, or NAME with '_' as spaces when there is none. */
void hput_named(const hpage *p, const char *prefix, const char *name);
/* A number with digits grouped the page's way, as plain text (for SVG). */
void hnum_plain(const hpage *p, double v);
/* A number in <bdi dir="ltr">, digits grouped the page's way. */
void hnum(const hpage *p, double v);
/* A claim's figure as an interval ("18", "20–99", "≥ 2,000"), isolated. */
void hfigure(const hpage *p, const rk_claim *c);
/* A date "YYYY-MM-DD" (the first 10 bytes of s), isolated; "undated" for NULL. */
void hdate(const hpage *p, const char *s);
/* A claim's date as the page shows it: its as_of, else "by" its document's
 * publication date (the figure can be older), else undated. */
void hclaim_date(const hpage *p, const rk_claim *c);
/* Who gives a claim's figure: its speaker, else NULL. borrowed. */
const char *horiginator(const rk_claim *c);
/* A group's title: quantity · subject · scope, from labels. */
void htitle(const hpage *p, const rk_group *g);
/* An attribute value, escaped, with a fixed prefix: ` id="PREFIXVALUE"`. */
void hid(FILE *f, const char *prefix, const char *id);
/* ` href="#PREFIXID"` with the id percent-encoded. */
void hhref(FILE *f, const char *prefix, const char *id);
/* The verdict badge of g. */
void hbadge(const hpage *p, const rk_group *g);
/* The review state badge (or "not reviewed"). */
void hreview_badge(const hpage *p, const hgroup *h);
/* ` data-v=.. data-q=.. data-l=..` for the filters. */
void hfilter_attrs(const hpage *p, const hgroup *h);
/* lang and dir attributes for a document's text. */
void hdoc_lang_dir(FILE *f, const rk_document *d);
/* One quote as a list item (id c-CLAIM the first time the claim is quoted). */
void hquote(hpage *p, size_t ci, const rk_group *g);
/* The chart of a group's figures by source and date, with its legend and
 * key. */
void hchart(hpage *p, const rk_group *g);
/* The card of a group with more than one figure. */
void hcard(hpage *p, const hgroup *h);
/* Days since 1970-01-01 of "YYYY-MM-DD...", or -1 when it is not a date. */
long hday(const char *s);
/* 1 when claim ci is a member of g (members are in claim order). */
int hmember(const rk_group *g, size_t ci);

/* Which table a group's row is in. */
int his_open(const hpage *p, const hgroup *h);
int his_change(const hpage *p, const hgroup *h);
int his_agreement(const hpage *p, const hgroup *h);
int his_single(const hpage *p, const hgroup *h);
/* A table's head (label ids of its columns, NULL-terminated), and its end
 * with a note of the rows left out and where they are. */
void htable_head(hpage *p, const char *const *cols);
void htable_tail(hpage *p, size_t left_out);
/* The tables, over the groups in order (most serious first). */
void hsection_open(hpage *p, const size_t *order, size_t n);
void hsection_changes(hpage *p, const size_t *order, size_t n);
void hsection_agree(hpage *p, const size_t *order, size_t n);
void hsection_single(hpage *p, const size_t *order, size_t n);
void hsection_reviewed(hpage *p, const size_t *order, size_t n);

/* The stylesheet and the script of the page. */
extern const char rkr_html_css[];
extern const char rkr_html_js[];

#endif
