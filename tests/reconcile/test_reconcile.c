/* test_reconcile.c - grouping, verdicts, estimates, supersession, source
 * independence, hierarchies and policies, on synthetic claim sets. */
#include <dirent.h>
#include <math.h>
#include <time.h>

#include "fixture.h"

#define NONE ((size_t)-1)

static const char *POLICY =
    "<?xml version=\"1.0\"?>\n"
    "<rules>\n"
    "  <reconcile>\n"
    "    <quantity name=\"*\" cumulative=\"no\" tolerance=\"0.1\" best=\"most_attributed\"/>\n"
    "    <quantity name=\"deaths\" cumulative=\"yes\" best=\"official\"/>\n"
    "    <quantity name=\"injured\" cumulative=\"yes\" best=\"latest\"/>\n"
    "    <quantity name=\"missing\" series=\"stock\" best=\"latest\"/>\n"
    "    <official>ministry</official>\n"
    "    <official>التلفزيون الرسمي</official>\n"
    "    <subject-within narrow=\"protesters\" wide=\"people\"/>\n"
    "    <subject-within narrow=\"security_forces\" wide=\"people\"/>\n"
    "    <scope-within narrow=\"airport\" wide=\"almaty\"/>\n"
    "    <scope-within narrow=\"kharkiv_border\" wide=\"ukraine_border\"/>\n"
    "    <scope-outside id=\"ukraine_border\"/>\n"
    "  </reconcile>\n"
    "</rules>\n";

static char dir[64];
static rk_rules *rules;
static rk_claimset set;

static void setup(void)
{
    rk_error e;
    rules = fx_rules(POLICY, dir, sizeof dir, &e);
    memset(&set, 0, sizeof set);
}

static void teardown(void)
{
    fx_free(&set);
    rk_rules_free(rules);
    fx_rmdir(dir);
}

START_TEST(claims_without_quantity_are_not_grouped)
{
    size_t d = fx_doc(&set, "a", NULL, NULL);
    fx_exact(&set, d, NULL, "people", 3, NULL, NULL);
    fx_exact(&set, d, "deaths", "people", 3, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_uint_eq(r->n_groups, 1);
    ck_assert_uint_eq(r->groups[0].n_members, 1);
    ck_assert_uint_eq(r->groups[0].members[0], 1);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(group_ids_come_from_quantity_subject_and_scope_in_id_order)
{
    size_t d = fx_doc(&set, "a", NULL, NULL);
    fx_claim(&set, d, "deaths", "security_forces", "airport", RK_EXACTNESS_EXACT, 2, 2, NULL,
             NULL, NULL);
    fx_exact(&set, d, "deaths", "security_forces", 18, NULL, NULL);
    fx_exact(&set, d, "age", "nazarbayev", 81, NULL, NULL);
    fx_exact(&set, d, "deaths", NULL, 5, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_uint_eq(r->n_groups, 4);
    ck_assert_str_eq(r->groups[0].id, "age/nazarbayev");
    ck_assert_str_eq(r->groups[1].id, "deaths");
    ck_assert_str_eq(r->groups[2].id, "deaths/security_forces");
    ck_assert_str_eq(r->groups[3].id, "deaths/security_forces@airport");
    for (size_t i = 1; i < r->n_groups; i++)
        ck_assert_int_lt(strcmp(r->groups[i - 1].id, r->groups[i].id), 0);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(one_claim_is_single)
{
    size_t d = fx_doc(&set, "a", NULL, NULL);
    fx_exact(&set, d, "deaths", "people", 3, "police", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "deaths/people");
    ck_assert_int_eq(g->verdict, RK_VERDICT_SINGLE);
    ck_assert_str_eq(g->verdict_rule, "single-claim");
    ck_assert_uint_eq(g->n_speakers, 1);
    ck_assert(g->has_estimate && g->low == 3 && g->best == 3 && g->high == 3);
    ck_assert_ptr_nonnull(strstr(g->explanation, "3 from police (a, undated)"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(relays_of_one_speaker_are_one_source)
{
    size_t a = fx_doc(&set, "a", "Reuters", NULL), b = fx_doc(&set, "b", "AFP", NULL);
    fx_claim(&set, a, "detained", "people", NULL, RK_EXACTNESS_EXACT, 100, 100, "State TV",
             "Reuters", NULL);
    fx_claim(&set, b, "detained", "people", NULL, RK_EXACTNESS_EXACT, 100, 100, "  state   tv ",
             "AFP", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "detained/people");
    ck_assert_uint_eq(g->n_speakers, 1);
    ck_assert_int_eq(g->verdict, RK_VERDICT_SINGLE);
    ck_assert_str_eq(g->verdict_rule, "single-source");
    ck_assert_ptr_nonnull(strstr(g->explanation, "via"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(claims_without_speaker_count_their_outlet)
{
    size_t a = fx_doc(&set, "a", "Reuters", NULL), b = fx_doc(&set, "b", "reuters", NULL);
    size_t c = fx_doc(&set, "c", NULL, NULL);
    fx_exact(&set, a, "age", "nazarbayev", 81, NULL, NULL);
    fx_exact(&set, b, "age", "nazarbayev", 81, NULL, NULL);
    fx_exact(&set, c, "age", "nazarbayev", 81, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_uint_eq(fx_group(r, "age/nazarbayev")->n_speakers, 2);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(same_figure_from_two_sources_agrees)
{
    size_t a = fx_doc(&set, "002", NULL, NULL), b = fx_doc(&set, "003", NULL, NULL);
    fx_exact(&set, a, "age", "nazarbayev", 81, NULL, NULL);
    fx_exact(&set, b, "age", "nazarbayev", 81, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "age/nazarbayev");
    ck_assert_int_eq(g->verdict, RK_VERDICT_AGREE);
    ck_assert_str_eq(g->verdict_rule, "same-figure");
    ck_assert_uint_eq(g->n_speakers, 2);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_AGREES, 1, 0), 1);
    ck_assert_msg(strstr(g->explanation, "81 (002, undated) and 81 (003, undated)"), "%s", g->explanation);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(open_ended_and_exact_figures_that_overlap_are_compatible)
{
    size_t a = fx_doc(&set, "000", NULL, NULL), b = fx_doc(&set, "001", NULL, NULL);
    fx_claim(&set, a, "area", "kazakhstan", NULL, RK_EXACTNESS_MORE_THAN, 2000000, 0, NULL, NULL,
             NULL);
    fx_exact(&set, b, "area", "kazakhstan", 2700025, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "area/kazakhstan");
    ck_assert_int_eq(g->verdict, RK_VERDICT_COMPATIBLE);
    ck_assert_str_eq(g->verdict_rule, "overlap");
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_COMPATIBLE, NONE, NONE), 1);
    ck_assert(g->low == 2000000 && g->high == 2700025 && g->high_open);
    /* Ties in attribution go to the more precise figure. */
    ck_assert(g->best == 2700025);
    ck_assert_ptr_nonnull(strstr(g->explanation, "more than 2000000"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(compatible_explanation_names_two_different_claims)
{
    /* the open-ended figure is both the lowest and the highest reaching */
    size_t a = fx_doc(&set, "a", NULL, NULL), b = fx_doc(&set, "b", NULL, "2022-01-07");
    fx_exact(&set, a, "troops", "russian_troops", 3600, NULL, NULL);
    fx_claim(&set, b, "troops", "russian_troops", NULL, RK_EXACTNESS_MORE_THAN, 3000, 0, NULL,
             NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "troops/russian_troops");
    ck_assert_int_eq(g->verdict, RK_VERDICT_COMPATIBLE);
    ck_assert_msg(strstr(g->explanation, "from more than 3000 (b, as of 2022-01-07 or earlier) to 3600 (a, undated)"), "%s", g->explanation);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(approximate_figures_widen_by_the_tolerance)
{
    size_t a = fx_doc(&set, "a", NULL, NULL), b = fx_doc(&set, "b", NULL, NULL);
    size_t c = fx_doc(&set, "c", NULL, NULL);
    fx_claim(&set, a, "troops", "x", NULL, RK_EXACTNESS_APPROX, 100, 100, NULL, NULL, NULL);
    fx_exact(&set, b, "troops", "x", 109, NULL, NULL);
    fx_claim(&set, a, "troops", "y", NULL, RK_EXACTNESS_APPROX, 100, 100, NULL, NULL, NULL);
    fx_exact(&set, c, "troops", "y", 111, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_int_eq(fx_group(r, "troops/x")->verdict, RK_VERDICT_COMPATIBLE);
    ck_assert_int_eq(fx_group(r, "troops/y")->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_str_eq(fx_group(r, "troops/y")->verdict_rule, "disjoint-undated");
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(cumulative_figure_higher_on_a_later_date_is_rising)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-06T10:00:00Z"), b = fx_doc(&set, "b", NULL, NULL);
    fx_exact(&set, a, "deaths", "security_forces", 13, "state tv", NULL);
    fx_exact(&set, b, "deaths", "security_forces", 18, "government", "2022-01-07");
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "deaths/security_forces");
    ck_assert_int_eq(g->verdict, RK_VERDICT_RISING);
    ck_assert_str_eq(g->verdict_rule, "cumulative-rise");
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 1, 0), 1);
    ck_assert_msg(strstr(g->explanation, "13 from state tv (a, as of 2022-01-06 or earlier) to 18 from government (b, 2022-01-07)"), "%s", g->explanation);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(non_cumulative_figure_changing_over_dates_contradicts)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-06"), b = fx_doc(&set, "b", NULL, "2022-01-07");
    fx_exact(&set, a, "age", "nazarbayev", 81, NULL, NULL);
    fx_exact(&set, b, "age", "nazarbayev", 82, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "age/nazarbayev");
    ck_assert_int_eq(g->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_str_eq(g->verdict_rule, "disjoint");
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(cumulative_figure_that_falls_later_contradicts)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-06"), b = fx_doc(&set, "b", NULL, "2022-01-07");
    fx_exact(&set, a, "deaths", "people", 30, "x", NULL);
    fx_exact(&set, b, "deaths", "people", 20, "y", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "deaths/people");
    ck_assert_int_eq(g->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_str_eq(g->verdict_rule, "cumulative-fall");
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 1, 0), 1);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(disjoint_figures_on_one_date_contradict)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-06"), b = fx_doc(&set, "b", NULL, "2022-01-06");
    fx_exact(&set, a, "deaths", "people", 30, "x", NULL);
    fx_exact(&set, b, "deaths", "people", 20, "y", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_str_eq(fx_group(r, "deaths/people")->verdict_rule, "disjoint-same-date");
    rk_reconciliation_free(r);
}
END_TEST

/* The seeds' security-force deaths, built by hand: 8 (ministry, 5 Jan), 13
 * (state TV, 6 Jan), 18 and 25 undated, the airport's two as a subset and a
 * Belarusian soldier kept apart. */
static void seed_deaths(void)
{
    size_t d0 = fx_doc(&set, "000", NULL, NULL), d1 = fx_doc(&set, "001", NULL, NULL);
    size_t d2 = fx_doc(&set, "002", NULL, NULL), d3 = fx_doc(&set, "003", NULL, NULL);
    fx_exact(&set, d0, "deaths", "security_forces", 18, "مصادر حكومية", NULL);
    fx_exact(&set, d0, "deaths", "belarusian_troops", 1, NULL, NULL);
    fx_exact(&set, d1, "deaths", "security_forces", 25, "الانباء", NULL);
    fx_exact(&set, d2, "deaths", "security_forces", 13, "التلفزيون الرسمي", "2022-01-06");
    fx_exact(&set, d3, "deaths", "security_forces", 8, "Ministry of the Interior", "2022-01-05");
    fx_claim(&set, d3, "deaths", "security_forces", "airport", RK_EXACTNESS_EXACT, 2, 2,
             "وسائل إعلام", NULL, NULL);
}

START_TEST(undated_figures_of_a_running_total_decide_nothing)
{
    /* 8 on 5 January, 13 on the 6th, 18 and 25 on no known day: the dated
     * figures make the toll rise; the two undated ones differ with nothing
     * to order them, so their pair is shown as a clash that decides
     * nothing */
    seed_deaths();
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "deaths/security_forces");
    ck_assert_uint_eq(g->n_members, 4);
    ck_assert_uint_eq(g->members[0], 0);
    ck_assert_uint_eq(g->members[3], 4);
    ck_assert_int_eq(g->verdict, RK_VERDICT_RISING);
    ck_assert_uint_eq(g->n_speakers, 4);
    /* best: the most authoritative standing figure */
    ck_assert_str_eq(g->policy, "authoritative");
    /* 8 a day before 13 is overtaken: the standing figures are 13 to 25 */
    ck_assert_msg(g->low == 13 && g->best == 13 && g->high == 25 && !g->high_open, "%g %g %g",
                  g->low, g->best, g->high);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 3, 4), 1);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 2, 0), 0);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, NONE, NONE), 1);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 2, 0) +
                          fx_count_links(r, RK_LINK_CONTRADICTS, 0, 2),
                      1);
    ck_assert_uint_eq(g->n_sides, 0);
    ck_assert_str_eq(fx_group(r, "deaths/belarusian_troops")->verdict_rule, "single-claim");
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(undated_disjoint_figures_of_a_fact_contradict)
{
    /* no date changes a fact: two figures for it on no known day clash */
    size_t d0 = fx_doc(&set, "000", NULL, NULL), d1 = fx_doc(&set, "001", NULL, NULL);
    fx_exact(&set, d0, "length", "border", 7600, "a", NULL);
    fx_exact(&set, d1, "length", "border", 6800, "b", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "length/border");
    ck_assert_int_eq(g->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_str_eq(g->verdict_rule, "disjoint-undated");
    ck_assert_ptr_nonnull(strstr(g->explanation, "6800 from b (001, undated); and 7600 from a (000, undated)"));
    ck_assert_uint_eq(g->n_sides, 2);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 0, 1), 1);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(narrower_scope_is_a_subset_not_a_rival)
{
    seed_deaths();
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "deaths/security_forces@airport");
    const rk_group *wide = fx_group(r, "deaths/security_forces");
    ck_assert_uint_eq(g->parent, (size_t)(wide - r->groups));
    ck_assert_int_eq(g->verdict, RK_VERDICT_SINGLE);
    /* linked to the claim that gives the wider group's best figure (13) */
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 5, 3), 1);
    ck_assert_uint_eq(fx_group(r, "deaths/belarusian_troops")->parent, NONE);
    /* security forces are people, but there is no deaths/people group */
    ck_assert_uint_eq(wide->parent, NONE);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(a_place_outside_the_event_is_no_part_of_the_event_wide_group)
{
    size_t a = fx_doc(&set, "a", NULL, NULL);
    fx_exact(&set, a, "troops", "russian_troops", 3600, "x", NULL);
    fx_claim(&set, a, "troops", "russian_troops", "ukraine_border", RK_EXACTNESS_APPROX, 100000,
             100000, "y", NULL, NULL);
    fx_claim(&set, a, "troops", "russian_troops", "kharkiv_border", RK_EXACTNESS_EXACT, 200000,
             200000, "z", NULL, NULL);
    fx_claim(&set, a, "troops", NULL, "ukraine_border", RK_EXACTNESS_EXACT, 5, 5, "y", NULL, NULL);
    fx_exact(&set, a, "troops", NULL, 7, "x", NULL);
    fx_claim(&set, a, "troops", "russian_troops", "almaty", RK_EXACTNESS_EXACT, 300, 300, "x",
             NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *event = fx_group(r, "troops/russian_troops");
    const rk_group *border = fx_group(r, "troops/russian_troops@ukraine_border");
    const rk_group *kharkiv = fx_group(r, "troops/russian_troops@kharkiv_border");
    ck_assert_int_eq(event->verdict, RK_VERDICT_SINGLE);
    ck_assert_uint_eq(border->parent, NONE);
    /* a place within the outside place climbs to it and no further */
    ck_assert_uint_eq(kharkiv->parent, (size_t)(border - r->groups));
    ck_assert_uint_eq(fx_group(r, "troops@ukraine_border")->parent, NONE);
    /* an event place still narrows the event-wide group */
    ck_assert_uint_eq(fx_group(r, "troops/russian_troops@almaty")->parent,
                      (size_t)(event - r->groups));
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 1, 0), 0);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 2, 1), 1);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 3, 4), 0);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 1, 0) +
                          fx_count_links(r, RK_LINK_CONTRADICTS, 0, 1),
                      0);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(narrower_subject_is_a_subset_and_a_larger_part_is_flagged)
{
    size_t a = fx_doc(&set, "a", NULL, NULL), b = fx_doc(&set, "b", NULL, NULL);
    fx_exact(&set, a, "deaths", "people", 150, "x", NULL);
    fx_claim(&set, b, "deaths", "protesters", NULL, RK_EXACTNESS_VAGUE, 20, 99, NULL, NULL, NULL);
    fx_claim(&set, b, "deaths", "protesters", "almaty", RK_EXACTNESS_EXACT, 200, 200, "y", NULL,
             NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *people = fx_group(r, "deaths/people");
    const rk_group *prot = fx_group(r, "deaths/protesters");
    const rk_group *alm = fx_group(r, "deaths/protesters@almaty");
    ck_assert_uint_eq(prot->parent, (size_t)(people - r->groups));
    ck_assert_uint_eq(alm->parent, (size_t)(prot - r->groups));
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 1, 0), 1);
    /* 200 in Almaty is more than the 99 at most of all protesters */
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 2, 1), 1);
    ck_assert_ptr_nonnull(strstr(alm->explanation, "narrower-exceeds-wider"));
    ck_assert_ptr_null(strstr(prot->explanation, "narrower-exceeds-wider"));
    /* undated, the two are of one period: the part's group is a
     * contradiction, its sides the part and the whole it exceeds */
    ck_assert_int_eq(alm->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_str_eq(alm->verdict_rule, "narrower-exceeds-wider");
    ck_assert_uint_eq(alm->n_sides, 2);
    ck_assert_uint_eq(alm->sides[0], 2);
    ck_assert_uint_eq(alm->sides[1], 1);
    ck_assert_int_ne(prot->verdict, RK_VERDICT_CONTRADICTION);
    rk_reconciliation_free(r);
}
END_TEST

/* An article dated "--08-11" (a day and month, no year) takes the corpus's
 * year: its 171 dead come before the 190 of 31 August (a rise, not two
 * sources' clash), and its 30 missing before the 3 of 31 August (an
 * update). A day far from every dated article stays undated. */
START_TEST(a_day_without_a_year_takes_the_corpus_s_year)
{
    size_t a = fx_doc(&set, "a", "TASS", "--08-11"), b = fx_doc(&set, "b", "Govt", "2020-08-31");
    size_t c = fx_doc(&set, "c", "Paper", "2020-08-05"), far = fx_doc(&set, "f", "X", "--02-01");
    fx_claim(&set, a, "deaths", "people", NULL, RK_EXACTNESS_AT_LEAST, 171, 171, "ministry",
             NULL, NULL);
    fx_exact(&set, b, "deaths", "people", 190, "government", NULL);
    fx_exact(&set, a, "missing", "people", 30, "ministry", NULL);
    fx_exact(&set, b, "missing", "people", 3, "army", NULL);
    fx_exact(&set, c, "injured", "people", 5000, "ministry", NULL);
    fx_exact(&set, far, "injured", "people", 7000, "hospital", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 1, 0), 1);
    ck_assert_int_eq(fx_group(r, "deaths/people")->verdict, RK_VERDICT_RISING);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 3, 2) +
                          fx_count_links(r, RK_LINK_CONTRADICTS, 2, 3),
                      0);
    ck_assert_int_ne(fx_group(r, "missing/people")->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_ptr_nonnull(strstr(fx_group(r, "deaths/people")->explanation, "2020-08-11"));
    /* 1 February is half a year from every dated article: no year given */
    ck_assert_ptr_null(strstr(fx_group(r, "injured/people")->explanation, "2020-02-01"));
    ck_assert_ptr_null(strstr(fx_group(r, "injured/people")->explanation, "2021-02-01"));
    rk_reconciliation_free(r);
}
END_TEST

/* One source's floor below its own other figure, no day ordering them:
 * the floor came first and the count rose; two sources' are only
 * compatible. */
/* A figure dated by day and month in an undated article ("as of 20
 * August": "--08-20") takes the corpus's year too, and its place in a
 * rising series. */
START_TEST(a_figure_s_day_without_a_year_takes_the_corpus_s_year)
{
    size_t a = fx_doc(&set, "a", "Govt", "2020-08-11"), u = fx_doc(&set, "u", "Wire", NULL);
    size_t b = fx_doc(&set, "b", "Paper", "2020-08-31");
    fx_exact(&set, a, "deaths", "people", 171, "ministry", NULL);
    fx_exact(&set, u, "deaths", "people", 180, "agency", "--08-20");
    fx_exact(&set, b, "deaths", "people", 176, "government", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    /* 180 on 20 Aug rose from 171 on 11 Aug; 176 on 31 Aug falls from it */
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 1, 0), 1);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 2, 1) +
                          fx_count_links(r, RK_LINK_CONTRADICTS, 1, 2),
                      1);
    ck_assert_ptr_nonnull(strstr(fx_group(r, "deaths/people")->explanation, "2020-08-20"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(one_source_s_floor_below_its_other_figure_is_a_rise)
{
    size_t a = fx_doc(&set, "a", NULL, NULL), b = fx_doc(&set, "b", NULL, "2026-03-10");
    fx_claim(&set, a, "deaths", "people", NULL, RK_EXACTNESS_MORE_THAN, 50, 50, "health ministry",
             NULL, NULL);
    fx_exact(&set, b, "deaths", "people", 78, "health ministry", "2026-03-10");
    fx_claim(&set, a, "injured", "people", NULL, RK_EXACTNESS_MORE_THAN, 500, 500,
             "health ministry", NULL, NULL);
    fx_exact(&set, b, "injured", "people", 780, "red cross", "2026-03-10");
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 1, 0), 1);
    /* one source's own count rising is a rising toll, not "single" */
    ck_assert_int_eq(fx_group(r, "deaths/people")->verdict, RK_VERDICT_RISING);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, 3, 2), 0);
    ck_assert_int_eq(fx_group(r, "injured/people")->verdict, RK_VERDICT_COMPATIBLE);
    rk_reconciliation_free(r);
}
END_TEST

/* A place the text names ("in Oskel") has no rule of its own: it is a part
 * of the event, compared as at most the whole, never as a rival; a part
 * larger than the whole of the same day contradicts it, one of a later day
 * does not (the whole has grown since). */
START_TEST(a_place_of_the_text_is_a_part_of_the_event)
{
    size_t a = fx_doc(&set, "a", NULL, "2026-03-10"), b = fx_doc(&set, "b", NULL, "2026-03-10");
    fx_exact(&set, a, "deaths", "people", 4000, "ministry", "2026-03-10");
    fx_claim(&set, b, "deaths", "people", "Oskel", RK_EXACTNESS_AT_LEAST, 800, 800, "officials",
             NULL, "2026-03-10");
    fx_claim(&set, b, "injured", "people", "Oskel", RK_EXACTNESS_EXACT, 9000, 9000, "officials",
             NULL, "2026-03-10");
    fx_exact(&set, a, "injured", "people", 6000, "ministry", "2026-03-10");
    fx_claim(&set, b, "missing", "people", "Oskel", RK_EXACTNESS_EXACT, 700, 700, "officials",
             NULL, "2026-03-12");
    fx_exact(&set, a, "missing", "people", 500, "ministry", "2026-03-10");
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *all = fx_group(r, "deaths/people"), *part = fx_group(r, "deaths/people@Oskel");
    ck_assert_uint_eq(part->parent, (size_t)(all - r->groups));
    ck_assert_int_eq(part->verdict, RK_VERDICT_SINGLE);
    ck_assert_int_eq(all->verdict, RK_VERDICT_SINGLE);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 1, 0), 1);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 1, 0), 0);
    /* 9,000 injured in one town against 6,000 in all, the same day */
    ck_assert_int_eq(fx_group(r, "injured/people@Oskel")->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, 2, 3), 1);
    /* 700 missing in the town two days after 500 in all: a flag in the
     * explanation, no contradiction */
    const rk_group *later = fx_group(r, "missing/people@Oskel");
    ck_assert_int_ne(later->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_ptr_nonnull(strstr(later->explanation, "narrower-exceeds-wider"));
    rk_reconciliation_free(r);
}
END_TEST

/* "Derna, in eastern Libya" is the path "Libya > Derna": a part of Libya's
 * figure, which is a part of the event's. */
START_TEST(a_place_the_text_puts_in_another_is_a_part_of_it)
{
    size_t a = fx_doc(&set, "a", NULL, "2026-03-10");
    fx_exact(&set, a, "deaths", "people", 9000, "un", "2026-03-10");
    fx_claim(&set, a, "deaths", "people", "Marvania", RK_EXACTNESS_EXACT, 7000, 7000, "x", NULL,
             "2026-03-10");
    fx_claim(&set, a, "deaths", "people", "Marvania > Oskel", RK_EXACTNESS_EXACT, 5300, 5300, "y",
             NULL, "2026-03-10");
    fx_claim(&set, a, "deaths", "people", "Marvania > Oskel > Port", RK_EXACTNESS_EXACT, 8000,
             8000, "z", NULL, "2026-03-10");
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *all = fx_group(r, "deaths/people"), *country = fx_group(r, "deaths/people@Marvania"),
                   *town = fx_group(r, "deaths/people@Marvania > Oskel"),
                   *port = fx_group(r, "deaths/people@Marvania > Oskel > Port");
    ck_assert_uint_eq(country->parent, (size_t)(all - r->groups));
    ck_assert_uint_eq(town->parent, (size_t)(country - r->groups));
    ck_assert_uint_eq(port->parent, (size_t)(town - r->groups));
    ck_assert_int_ne(town->verdict, RK_VERDICT_CONTRADICTION);
    /* 8,000 in the port against 5,300 in its town: a part larger than its whole */
    ck_assert_int_eq(port->verdict, RK_VERDICT_CONTRADICTION);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(later_figure_from_the_same_speaker_supersedes_the_earlier)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-05"), b = fx_doc(&set, "b", NULL, "2022-01-07");
    size_t c = fx_doc(&set, "c", NULL, "2022-01-07");
    fx_exact(&set, a, "injured", "people", 100, "Health Ministry", NULL);
    fx_exact(&set, b, "injured", "people", 80, "health ministry", NULL);
    fx_exact(&set, c, "injured", "people", 80, "Red Crescent", NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "injured/people");
    ck_assert_uint_eq(g->n_superseded, 1);
    ck_assert_uint_eq(g->superseded[0], 0);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_SUPERSEDES, 1, 0), 1);
    /* without the revision, 100 then 80 would be a falling total */
    ck_assert_int_eq(g->verdict, RK_VERDICT_AGREE);
    ck_assert(g->low == 80 && g->high == 80);
    ck_assert_ptr_nonnull(strstr(g->explanation, "was replaced by"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(best_figure_follows_the_policy_of_the_quantity)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-05"), b = fx_doc(&set, "b", NULL, "2022-01-06");
    size_t c = fx_doc(&set, "c", NULL, "2022-01-06");
    /* deaths: official. injured: latest. detained: most attributed (default).
     * The ministry's figure is a day older, but no later one overtakes it
     * (none starts as high), so it stands. */
    const char *qs[] = {"deaths", "injured", "detained"};
    for (int i = 0; i < 3; i++) {
        fx_claim(&set, a, qs[i], "people", NULL, RK_EXACTNESS_RANGE, 25, 45, "ministry", NULL,
                 NULL);
        fx_claim(&set, b, qs[i], "people", NULL, RK_EXACTNESS_RANGE, 20, 40, "x", NULL, NULL);
        fx_claim(&set, c, qs[i], "people", NULL, RK_EXACTNESS_RANGE, 20, 40, "y", NULL, NULL);
    }
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *d = fx_group(r, "deaths/people"), *i = fx_group(r, "injured/people");
    const rk_group *t = fx_group(r, "detained/people");
    ck_assert_str_eq(d->policy, "authoritative");
    ck_assert_str_eq(i->policy, "latest");
    ck_assert_str_eq(t->policy, "most_attributed");
    ck_assert_msg(d->best == 35, "%s", d->explanation); /* midpoint of the ministry's 25 to 45 */
    ck_assert(i->best == 30);
    ck_assert(t->best == 30);
    ck_assert(d->low == 20 && d->high == 45);
    ck_assert_ptr_nonnull(strstr(d->explanation, "by policy authoritative"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(official_policy_without_official_source_falls_back)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-08"), b = fx_doc(&set, "b", NULL, "2022-01-08");
    fx_exact(&set, a, "deaths", "people", 150, "news", NULL);
    fx_claim(&set, b, "deaths", "people", NULL, RK_EXACTNESS_VAGUE, 20, 99, NULL, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "deaths/people");
    ck_assert_int_eq(g->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_msg(strstr(g->explanation, "no source ranked by authority"), "%s", g->explanation);
    ck_assert(g->low <= g->best && g->best <= g->high);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(results_do_not_depend_on_claim_order)
{
    seed_deaths();
    rk_reconciliation *r1 = fx_reconcile(&set, rules);
    /* reverse the claims */
    for (size_t i = 0, j = set.n - 1; i < j; i++, j--) {
        rk_claim t = set.claims[i];
        set.claims[i] = set.claims[j];
        set.claims[j] = t;
    }
    rk_reconciliation *r2 = fx_reconcile(&set, rules);
    ck_assert_uint_eq(r1->n_groups, r2->n_groups);
    for (size_t i = 0; i < r1->n_groups; i++) {
        ck_assert_str_eq(r1->groups[i].id, r2->groups[i].id);
        ck_assert_int_eq(r1->groups[i].verdict, r2->groups[i].verdict);
        ck_assert(r1->groups[i].best == r2->groups[i].best);
        ck_assert_str_eq(r1->groups[i].explanation, r2->groups[i].explanation);
    }
    rk_reconciliation_free(r1);
    rk_reconciliation_free(r2);
}
END_TEST

START_TEST(estimate_is_ordered_on_random_claims)
{
    static const char *subjects[] = {"a", "b", "c", "d", "e"};
    static const char *speakers[] = {"s1", "s2", "s3", "ministry", NULL};
    static const char *dates[] = {"2022-01-05", "2022-01-06", "2022-01-07", NULL};
    srand(12345);
    size_t docs[4];
    for (int i = 0; i < 4; i++)
        docs[i] = fx_doc(&set, "d", rand() % 2 ? "outlet" : NULL, dates[i]);
    for (int i = 0; i < 5000; i++) {
        rk_exactness ex = (rk_exactness)(1 + rand() % 8);
        double lo = rand() % 200 - 20, hi = lo + rand() % 50;
        fx_claim(&set, docs[rand() % 4], rand() % 2 ? "deaths" : "troops", subjects[rand() % 5],
                 rand() % 3 ? NULL : "airport", ex, lo, hi, speakers[rand() % 5], NULL,
                 dates[rand() % 4]);
    }
    rk_reconciliation *r = fx_reconcile(&set, rules);
    size_t members = 0;
    for (size_t i = 0; i < r->n_groups; i++) {
        const rk_group *g = &r->groups[i];
        members += g->n_members;
        ck_assert_int_ne(g->verdict, RK_VERDICT_NONE);
        ck_assert_ptr_nonnull(g->explanation);
        if (g->has_estimate)
            ck_assert_msg(g->low <= g->best && g->best <= g->high, "%s: %g %g %g", g->id, g->low,
                          g->best, g->high);
    }
    ck_assert_uint_eq(members, set.n);
    for (size_t i = 0; i < r->n_links; i++)
        ck_assert(r->links[i].from < set.n && r->links[i].to < set.n && r->links[i].rule);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(no_rules_means_built_in_defaults)
{
    size_t a = fx_doc(&set, "a", NULL, "2022-01-05"), b = fx_doc(&set, "b", NULL, "2022-01-06");
    fx_exact(&set, a, "deaths", "people", 13, "x", NULL);
    fx_exact(&set, b, "deaths", "people", 18, "y", NULL);
    rk_reconciliation *r = fx_reconcile(&set, NULL);
    /* not cumulative without rules: a change is a contradiction */
    ck_assert_str_eq(fx_group(r, "deaths/people")->verdict_rule, "disjoint");
    ck_assert_str_eq(fx_group(r, "deaths/people")->policy, "most_attributed");
    rk_reconciliation_free(r);
}
END_TEST

static void expect_policy_error(const char *body, long line, const char *what)
{
    char d[64], xml[2048];
    snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?>\n<rules>\n<reconcile>\n%s</reconcile>\n</rules>\n",
             body);
    rk_error e;
    rk_rules *bad = fx_rules(xml, d, sizeof d, &e);
    rk_reconciliation *r = NULL;
    fx_doc(&set, "a", NULL, NULL);
    ck_assert_int_eq(rk_reconcile(&set, bad, &r, &e), RK_ERR_RULES);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(e.file, "/policy.xml"));
    ck_assert_int_eq(e.line, line);
    ck_assert_msg(strstr(e.message, what) != NULL, "%s", e.message);
    rk_rules_free(bad);
    fx_rmdir(d);
}

START_TEST(conflicting_hierarchy_names_file_and_line)
{
    expect_policy_error("<subject-within narrow=\"a\" wide=\"b\"/>\n"
                        "<subject-within narrow=\"a\" wide=\"c\"/>\n",
                        5, "already within");
}
END_TEST

START_TEST(hierarchy_cycle_is_refused)
{
    char d[64];
    rk_error e;
    rk_rules *bad = fx_rules("<?xml version=\"1.0\"?>\n<rules><reconcile>"
                             "<scope-within narrow=\"a\" wide=\"b\"/>"
                             "<scope-within narrow=\"b\" wide=\"a\"/>"
                             "</reconcile></rules>\n",
                             d, sizeof d, &e);
    rk_reconciliation *r = NULL;
    ck_assert_int_eq(rk_reconcile(&set, bad, &r, &e), RK_ERR_RULES);
    ck_assert_ptr_nonnull(strstr(e.message, "cycle"));
    rk_rules_free(bad);
    fx_rmdir(d);
}
END_TEST

START_TEST(self_containment_names_file_and_line)
{
    expect_policy_error("\n<scope-within narrow=\"a\" wide=\"a\"/>\n", 5, "within itself");
}
END_TEST

START_TEST(shipped_policies_load_and_type_the_seed_situation)
{
    rk_rules *shipped = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_rules_load(getenv("RECKON_RULES"), NULL, &shipped, NULL, NULL, &e) == RK_OK,
                  "%s:%ld: %s", e.file, e.line, e.message);
    seed_deaths();
    rk_reconciliation *r = fx_reconcile(&set, shipped);
    const rk_group *g = fx_group(r, "deaths/security_forces");
    ck_assert_int_eq(g->verdict, RK_VERDICT_RISING);
    ck_assert_str_eq(g->policy, "authoritative");
    ck_assert(g->best == 13);
    ck_assert_uint_ne(fx_group(r, "deaths/security_forces@airport")->parent, NONE);
    rk_reconciliation_free(r);
    rk_rules_free(shipped);
}
END_TEST

START_TEST(unbounded_claims_are_compatible_and_give_no_estimate)
{
    size_t a = fx_doc(&set, "a", NULL, NULL), b = fx_doc(&set, "b", NULL, NULL);
    rk_claim *c = fx_exact(&set, a, "troops", "x", NAN, "p", NULL);
    c->has_high = 0;
    c = fx_exact(&set, b, "troops", "x", 0, "q", NULL);
    c->has_low = c->has_high = 0;
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "troops/x");
    ck_assert_int_eq(g->verdict, RK_VERDICT_COMPATIBLE);
    ck_assert(!g->has_estimate && g->low == 0 && g->best == 0 && g->high == 0);
    ck_assert_ptr_nonnull(strstr(g->explanation, "no claim bounds the figure"));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(names_are_stable)
{
    ck_assert_str_eq(rk_verdict_name(RK_VERDICT_CONTRADICTION), "contradiction");
    ck_assert_str_eq(rk_verdict_name(RK_VERDICT_SINGLE), "single");
    ck_assert_ptr_null(rk_verdict_name(RK_VERDICT_NONE));
    ck_assert_str_eq(rk_link_kind_name(RK_LINK_NARROWER_THAN), "narrower_than");
    ck_assert_str_eq(rk_link_kind_name(RK_LINK_RISES_FROM), "rises_from");
    ck_assert_ptr_null(rk_link_kind_name((rk_link_kind)99));
    rk_reconciliation_free(NULL);
}
END_TEST

/* ---- scale: a million claims, grouped by sorting, never all pairs ------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(million_claims_in_one_group_rise_date_by_date)
{
    /* 1000 speakers, each reporting on one of ten days a toll that grows by
     * ten a day: one group, rising, every claim counted. */
    static const char *days[] = {"2022-01-01", "2022-01-02", "2022-01-03", "2022-01-04",
                                 "2022-01-05", "2022-01-06", "2022-01-07", "2022-01-08",
                                 "2022-01-09", "2022-01-10"};
    size_t d = fx_doc(&set, "d", NULL, NULL);
    char who[16];
    for (size_t j = 0; j < 1000000; j++) {
        size_t sp = j % 1000, day = sp / 100;
        snprintf(who, sizeof who, "s%zu", sp);
        fx_exact(&set, d, "deaths", "people", 10.0 * (double)(day + 1), who, days[day]);
    }
    double t0 = now();
    rk_reconciliation *r = fx_reconcile(&set, rules);
    printf("reconcile: 1000000 claims in one group: %.3f s\n", now() - t0);
    ck_assert_uint_eq(r->n_groups, 1);
    const rk_group *g = &r->groups[0];
    ck_assert_uint_eq(g->n_members, 1000000);
    ck_assert_uint_eq(g->n_speakers, 1000);
    ck_assert_uint_eq(g->n_superseded, 0);
    ck_assert_int_eq(g->verdict, RK_VERDICT_RISING);
    /* each day's toll overtakes the day before's: only the last stands */
    ck_assert(g->low == 100 && g->high == 100 && !g->high_open);
    /* official policy without an official speaker: the most attributed
     * figure; every day has 100 speakers, so the tie goes to the latest */
    ck_assert(g->best == 100);
    /* neighbours only, plus the pair that decided the rise */
    ck_assert_uint_eq(r->n_links, 1000000);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_RISES_FROM, NONE, NONE), 10);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_AGREES, NONE, NONE), 1000000 - 10);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(a_withdrawn_figure_repeated_100000_times_is_listed_in_linear_time)
{
    /* two figures, each withdrawn once and repeated 50,000 times, given in
     * turn: every repeat is withdrawn too, and the list goes by figure, then
     * place; a pairwise sort of it (5 billion comparisons) would not end */
    size_t d = fx_doc(&set, "d", NULL, NULL);
    for (size_t j = 0; j < 100000; j++) {
        rk_claim *c = fx_exact(&set, d, "deaths", "people", j % 2 ? 164 : 165, "s", NULL);
        c->start = j;
        c->end = j + 1;
        if (j < 2)
            c->status = j ? RK_STATUS_DISPUTED : RK_STATUS_RETRACTED;
    }
    double t0 = now();
    rk_reconciliation *r = fx_reconcile(&set, rules);
    printf("reconcile: 100000 withdrawn figures in one group: %.3f s\n", now() - t0);
    const rk_group *g = fx_group(r, "deaths/people");
    ck_assert_uint_eq(g->n_withdrawn, 100000);
    for (size_t k = 0; k < 100000; k++)
        ck_assert_uint_eq(g->withdrawn[k], k < 50000 ? 2 * k + 1 : 2 * (k - 50000));
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(million_claims_in_100000_groups)
{
    static const char *speakers[] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"};
    char **subjects = malloc(100000 * sizeof *subjects);
    ck_assert_ptr_nonnull(subjects);
    size_t d = fx_doc(&set, "d", NULL, NULL);
    for (size_t k = 0; k < 100000; k++) {
        char buf[16];
        snprintf(buf, sizeof buf, "g%06zu", 99999 - k);
        subjects[k] = rk_strdup(buf);
    }
    /* interleaved, so grouping has to sort */
    for (size_t i = 0; i < 10; i++)
        for (size_t k = 0; k < 100000; k++) {
            double v = (double)i;
            if (k % 3 == 0)
                fx_exact(&set, d, "troops", subjects[k], 5, speakers[i], NULL);
            else if (k % 3 == 1)
                fx_claim(&set, d, "troops", subjects[k], NULL, RK_EXACTNESS_RANGE, v, v + 10,
                         speakers[i], NULL, NULL);
            else
                fx_exact(&set, d, "troops", subjects[k], v * 100, speakers[i], NULL);
        }
    double t0 = now();
    rk_reconciliation *r = fx_reconcile(&set, rules);
    printf("reconcile: 1000000 claims in 100000 groups: %.3f s\n", now() - t0);
    ck_assert_uint_eq(r->n_groups, 100000);
    size_t counts[6] = {0};
    for (size_t i = 0; i < r->n_groups; i++) {
        const rk_group *g = &r->groups[i];
        ck_assert_uint_eq(g->n_members, 10);
        ck_assert_uint_eq(g->n_speakers, 10);
        if (i)
            ck_assert_int_lt(strcmp(r->groups[i - 1].id, g->id), 0);
        counts[g->verdict]++;
    }
    ck_assert_uint_eq(counts[RK_VERDICT_AGREE], 33334);
    ck_assert_uint_eq(counts[RK_VERDICT_COMPATIBLE], 33333);
    ck_assert_uint_eq(counts[RK_VERDICT_CONTRADICTION], 33333);
    ck_assert_str_eq(fx_group(r, "troops/g099999")->verdict_rule, "same-figure");
    ck_assert_str_eq(fx_group(r, "troops/g099997")->verdict_rule, "disjoint-undated");
    rk_reconciliation_free(r);
    fx_free(&set);
    for (size_t k = 0; k < 100000; k++)
        free(subjects[k]);
    free(subjects);
}
END_TEST

/* ---- the seeds, through the real pipeline -------------------------------- */

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ingests fixtures/0*.txt and extracts their claims with the shipped rules
 * and the event's own (the fixture folder's rules/); the claims borrow
 * strings from *engp, which must outlive them. */
static rk_rules *load_seeds(rk_claimset *s, rk_engine **engp)
{
    rk_rules *shipped = NULL;
    rk_engine *eng = NULL;
    rk_error e;
    rk_error_clear(&e);
    const char *fx = getenv("RK_FIXTURES");
    char event_rules[1024];
    snprintf(event_rules, sizeof event_rules, "%s/rules", fx);
    const char *layers[] = {event_rules};
    ck_assert_msg(rk_rules_load_layers(getenv("RECKON_RULES"), layers, 1, NULL, &shipped, NULL,
                                       NULL, &e) == RK_OK,
                  "%s:%ld: %s", e.file, e.line, e.message);
    ck_assert_msg(rk_engine_new(shipped, &eng, &e) == RK_OK, "%s", e.message);
    DIR *d = opendir(fx);
    ck_assert_ptr_nonnull(d);
    char *names[16];
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) && n < 16) {
        size_t len = strlen(ent->d_name);
        if (ent->d_name[0] == '0' && len > 4 && strcmp(ent->d_name + len - 4, ".txt") == 0)
            names[n++] = rk_strdup(ent->d_name);
    }
    closedir(d);
    ck_assert_uint_eq(n, 5);
    qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", fx, names[i]);
        rk_doclist docs = {0};
        ck_assert_msg(rk_ingest_file(path, NULL, &docs, NULL, NULL, &e) == RK_OK, "%s", e.message);
        for (size_t k = 0; k < docs.n; k++) {
            ck_assert_msg(rk_extract_into(eng, docs.docs[k], s, &e) == RK_OK, "%s", e.message);
            docs.docs[k] = NULL;
        }
        free(docs.docs);
        free(names[i]);
    }
    *engp = eng;
    return shipped;
}

/* 1 when g holds a claim of value v from the document whose id starts with doc. */
static int holds(const rk_group *g, double v, const char *doc)
{
    for (size_t i = 0; i < g->n_members; i++) {
        const rk_claim *c = &set.claims[g->members[i]];
        const rk_document *d = set.docs.docs[c->document];
        if (c->low == v && strncmp(d->id, doc, strlen(doc)) == 0)
            return 1;
    }
    return 0;
}

/* A policy file with the given attributes on the "*" and "deaths" policies. */
static rk_rules *unknown_policy(const char *star, const char *deaths, char *d, size_t dn)
{
    char xml[1024];
    rk_error e;
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?>\n<rules><reconcile>"
             "<quantity name=\"*\" %s/><quantity name=\"deaths\" cumulative=\"yes\" %s/>"
             "<subject-within narrow=\"protesters\" wide=\"people\"/>"
             "</reconcile></rules>\n",
             star, deaths);
    return fx_rules(xml, d, dn, &e);
}

static int has_group(const rk_reconciliation *r, const char *id)
{
    for (size_t i = 0; i < r->n_groups; i++)
        if (strcmp(r->groups[i].id, id) == 0)
            return 1;
    return 0;
}

START_TEST(claims_without_subject_stay_apart_when_the_policy_says_so)
{
    char d[64];
    rk_rules *pol = unknown_policy("unknown-subject=\"apart\"", "", d, sizeof d);
    size_t a = fx_doc(&set, "a", "A", "2020-01-01"), b = fx_doc(&set, "b", "B", "2020-01-01");
    fx_exact(&set, a, "share", NULL, 20, NULL, NULL);
    fx_exact(&set, a, "share", NULL, 65, NULL, NULL);
    fx_exact(&set, b, "share", NULL, 40, NULL, NULL);
    fx_exact(&set, a, "share", "russians", 20, NULL, NULL);
    fx_exact(&set, b, "share", "russians", 20, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, pol);
    ck_assert(!has_group(r, "share"));
    ck_assert_int_eq(fx_group(r, "share/russians")->verdict, RK_VERDICT_AGREE);
    ck_assert_uint_eq(r->n_groups, 1);
    for (size_t i = 0; i < r->n_links; i++)
        ck_assert(r->links[i].from >= 3 && r->links[i].to >= 3);
    rk_reconciliation_free(r);
    rk_rules_free(pol);
    fx_rmdir(d);
}
END_TEST

START_TEST(claims_without_subject_form_one_group_by_default)
{
    size_t a = fx_doc(&set, "a", "A", "2020-01-01"), b = fx_doc(&set, "b", "B", "2020-01-01");
    fx_exact(&set, a, "share", NULL, 20, NULL, NULL);
    fx_exact(&set, b, "share", NULL, 65, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, NULL);
    const rk_group *g = fx_group(r, "share");
    ck_assert_ptr_null(g->subject);
    ck_assert_uint_eq(g->n_members, 2);
    ck_assert_int_eq(g->verdict, RK_VERDICT_CONTRADICTION);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(toll_without_subject_counts_towards_the_named_subject)
{
    char d[64];
    rk_rules *pol =
        unknown_policy("unknown-subject=\"apart\"", "unknown-subject=\"people\"", d, sizeof d);
    size_t a = fx_doc(&set, "a", "A", "2022-01-05"), b = fx_doc(&set, "b", "B", "2022-01-06");
    fx_exact(&set, a, "deaths", NULL, 150, NULL, NULL);
    fx_exact(&set, b, "deaths", "people", 160, NULL, NULL);
    fx_exact(&set, b, "deaths", "protesters", 40, NULL, NULL);
    fx_exact(&set, a, "injured", NULL, 500, NULL, NULL); /* "*": apart */
    rk_reconciliation *r = fx_reconcile(&set, pol);
    ck_assert(!has_group(r, "deaths") && !has_group(r, "injured"));
    const rk_group *people = fx_group(r, "deaths/people");
    ck_assert_str_eq(people->subject, "people");
    ck_assert_uint_eq(people->n_members, 2);
    ck_assert_uint_eq(people->members[0], 0);
    ck_assert_int_eq(people->verdict, RK_VERDICT_RISING);
    const rk_group *prot = fx_group(r, "deaths/protesters");
    ck_assert_uint_eq(prot->parent, (size_t)(people - r->groups));
    /* the claim keeps its own (unknown) subject */
    ck_assert_ptr_null(set.claims[0].subject);
    rk_reconciliation_free(r);
    rk_rules_free(pol);
    fx_rmdir(d);
}
END_TEST

START_TEST(unknown_subject_of_a_later_file_overrides_an_earlier_one)
{
    char d[64];
    rk_rules *pol = unknown_policy("unknown-subject=\"apart\"", "unknown-subject=\"together\"", d,
                                   sizeof d);
    size_t a = fx_doc(&set, "a", "A", "2022-01-05");
    fx_exact(&set, a, "deaths", NULL, 3, NULL, NULL);
    fx_exact(&set, a, "share", NULL, 3, NULL, NULL);
    rk_reconciliation *r = fx_reconcile(&set, pol);
    ck_assert(has_group(r, "deaths") && !has_group(r, "share"));
    rk_reconciliation_free(r);
    rk_rules_free(pol);
    fx_rmdir(d);
}
END_TEST

/* Places claim c in sentence [start, end) of its document. */
static void in_sentence(rk_claim *c, size_t start, size_t end)
{
    c->sentence_start = start;
    c->sentence_end = end;
}

START_TEST(total_and_part_in_one_sentence_are_a_breakdown_not_a_contradiction)
{
    size_t a = fx_doc(&set, "a", "A", "2020-01-01"), b = fx_doc(&set, "b", "B", "2020-01-01");
    in_sentence(fx_exact(&set, a, "population", "kazakhstan", 19e6, NULL, NULL), 10, 90);
    in_sentence(fx_exact(&set, a, "population", "kazakhstan", 4e6, NULL, NULL), 10, 90);
    in_sentence(fx_exact(&set, b, "population", "kazakhstan", 19e6, NULL, NULL), 0, 50);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    const rk_group *g = fx_group(r, "population/kazakhstan");
    ck_assert_int_eq(g->verdict, RK_VERDICT_AGREE);
    ck_assert(g->low == 19e6 && g->best == 19e6 && g->high == 19e6);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, 1, 0), 1);
    ck_assert_str_eq(r->links[0].rule, "breakdown-in-sentence");
    ck_assert_ptr_nonnull(strstr(g->explanation, "breakdown"));
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_CONTRADICTS, NONE, NONE), 0);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(the_same_figures_in_two_sentences_or_from_two_sources_still_contradict)
{
    size_t a = fx_doc(&set, "a", "A", "2020-01-01"), b = fx_doc(&set, "b", "B", "2020-01-01");
    in_sentence(fx_exact(&set, a, "population", "kazakhstan", 19e6, NULL, NULL), 10, 90);
    in_sentence(fx_exact(&set, b, "population", "kazakhstan", 4e6, NULL, NULL), 10, 90);
    in_sentence(fx_exact(&set, a, "length", "border", 7600, NULL, NULL), 0, 9);
    in_sentence(fx_exact(&set, a, "length", "border", 1800, "X", NULL), 10, 90);
    /* two sources set side by side in one sentence are rivals */
    in_sentence(fx_exact(&set, b, "deaths", "police", 18, "the ministry", "2022-01-06"), 0, 80);
    in_sentence(fx_exact(&set, b, "deaths", "police", 25, "Reuters", "2022-01-06"), 0, 80);
    rk_reconciliation *r = fx_reconcile(&set, rules);
    ck_assert_int_eq(fx_group(r, "population/kazakhstan")->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_int_eq(fx_group(r, "length/border")->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_int_eq(fx_group(r, "deaths/police")->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert_uint_eq(fx_count_links(r, RK_LINK_NARROWER_THAN, NONE, NONE), 0);
    rk_reconciliation_free(r);
}
END_TEST

START_TEST(seeds_give_the_groups_a_careful_reader_finds)
{
    rk_claimset seeds = {0};
    rk_engine *eng = NULL;
    rk_rules *shipped = load_seeds(&seeds, &eng);
    set = seeds; /* holds() reads the global set; teardown frees it */
    rk_reconciliation *r = fx_reconcile(&set, shipped);
    const rk_group *sf = fx_group(r, "deaths/security_forces");
    /* 8 on the 5th, 13 on the 6th, 18 and 25 on no day the articles give:
     * a toll read as rising, nothing flagged as a clash */
    ck_assert_int_eq(sf->verdict, RK_VERDICT_RISING);
    ck_assert(holds(sf, 8, "003") && holds(sf, 13, "002") && holds(sf, 18, "000") &&
              holds(sf, 25, "001"));
    ck_assert_uint_ge(sf->n_speakers, 4);
    ck_assert(!holds(sf, 1, "000")); /* the Belarusian soldier is kept out */
    ck_assert(holds(fx_group(r, "deaths/belarusian_troops"), 1, "000"));
    const rk_group *airport = fx_group(r, "deaths/security_forces@airport");
    ck_assert(holds(airport, 2, "003"));
    ck_assert_uint_eq(airport->parent, (size_t)(sf - r->groups));

    const rk_group *people = fx_group(r, "deaths/people");
    const rk_group *prot = fx_group(r, "deaths/protesters");
    ck_assert(holds(people, 150, "001") && holds(people, 20, "004"));
    /* "dozens" and 150 on no day the articles give: a rise or a conflict,
     * shown to the reader and not decided */
    ck_assert_int_eq(people->verdict, RK_VERDICT_COMPATIBLE);
    ck_assert_str_eq(people->verdict_rule, "cumulative-undated");
    ck_assert_str_eq(people->policy, "authoritative");
    ck_assert(people->low <= people->best && people->best <= people->high);
    ck_assert(holds(prot, 20, "002"));
    /* "perhaps dozens of protesters were killed" is kept apart from tolls */
    ck_assert(holds(fx_group(r, "deaths/protesters~hedged"), 20, "000"));
    ck_assert_uint_eq(prot->parent, (size_t)(people - r->groups));

    const rk_group *area = fx_group(r, "area/kazakhstan");
    ck_assert_int_eq(area->verdict, RK_VERDICT_COMPATIBLE);
    ck_assert(holds(area, 2000000, "000") && holds(area, 2700025, "001"));

    /* Shares and lengths without a subject are not rival figures; a total
     * and its part in one sentence are a breakdown. */
    for (size_t i = 0; i < r->n_groups; i++)
        ck_assert_msg(strcmp(r->groups[i].id, "share") != 0 &&
                          strcmp(r->groups[i].id, "length") != 0,
                      "%s grouped", r->groups[i].id);
    const rk_group *pop = fx_group(r, "population/kazakhstan");
    ck_assert_int_ne(pop->verdict, RK_VERDICT_CONTRADICTION);
    ck_assert(holds(pop, 19000000, "001") && pop->best == 19000000);

    const rk_group *beh = fx_group(r, "beheaded/security_forces");
    ck_assert_int_eq(beh->verdict, RK_VERDICT_AGREE);
    ck_assert(holds(beh, 2, "001") && holds(beh, 2, "002"));
    rk_reconciliation_free(r);
    rk_claimset_clear(&set);
    memset(&set, 0, sizeof set);
    rk_engine_free(eng);
    rk_rules_free(shipped);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reconcile");
    TCase *t = tcase_create("reconcile");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, claims_without_quantity_are_not_grouped);
    tcase_add_test(t, group_ids_come_from_quantity_subject_and_scope_in_id_order);
    tcase_add_test(t, one_claim_is_single);
    tcase_add_test(t, relays_of_one_speaker_are_one_source);
    tcase_add_test(t, claims_without_speaker_count_their_outlet);
    tcase_add_test(t, same_figure_from_two_sources_agrees);
    tcase_add_test(t, open_ended_and_exact_figures_that_overlap_are_compatible);
    tcase_add_test(t, compatible_explanation_names_two_different_claims);
    tcase_add_test(t, approximate_figures_widen_by_the_tolerance);
    tcase_add_test(t, cumulative_figure_higher_on_a_later_date_is_rising);
    tcase_add_test(t, non_cumulative_figure_changing_over_dates_contradicts);
    tcase_add_test(t, cumulative_figure_that_falls_later_contradicts);
    tcase_add_test(t, disjoint_figures_on_one_date_contradict);
    tcase_add_test(t, undated_figures_of_a_running_total_decide_nothing);
    tcase_add_test(t, undated_disjoint_figures_of_a_fact_contradict);
    tcase_add_test(t, narrower_scope_is_a_subset_not_a_rival);
    tcase_add_test(t, a_place_outside_the_event_is_no_part_of_the_event_wide_group);
    tcase_add_test(t, narrower_subject_is_a_subset_and_a_larger_part_is_flagged);
    tcase_add_test(t, a_place_of_the_text_is_a_part_of_the_event);
    tcase_add_test(t, one_source_s_floor_below_its_other_figure_is_a_rise);
    tcase_add_test(t, a_day_without_a_year_takes_the_corpus_s_year);
    tcase_add_test(t, a_figure_s_day_without_a_year_takes_the_corpus_s_year);
    tcase_add_test(t, a_place_the_text_puts_in_another_is_a_part_of_it);
    tcase_add_test(t, later_figure_from_the_same_speaker_supersedes_the_earlier);
    tcase_add_test(t, best_figure_follows_the_policy_of_the_quantity);
    tcase_add_test(t, official_policy_without_official_source_falls_back);
    tcase_add_test(t, results_do_not_depend_on_claim_order);
    tcase_add_test(t, estimate_is_ordered_on_random_claims);
    tcase_add_test(t, no_rules_means_built_in_defaults);
    tcase_add_test(t, conflicting_hierarchy_names_file_and_line);
    tcase_add_test(t, hierarchy_cycle_is_refused);
    tcase_add_test(t, self_containment_names_file_and_line);
    tcase_add_test(t, shipped_policies_load_and_type_the_seed_situation);
    tcase_add_test(t, unbounded_claims_are_compatible_and_give_no_estimate);
    tcase_add_test(t, names_are_stable);
    tcase_add_test(t, claims_without_subject_stay_apart_when_the_policy_says_so);
    tcase_add_test(t, claims_without_subject_form_one_group_by_default);
    tcase_add_test(t, toll_without_subject_counts_towards_the_named_subject);
    tcase_add_test(t, unknown_subject_of_a_later_file_overrides_an_earlier_one);
    tcase_add_test(t, total_and_part_in_one_sentence_are_a_breakdown_not_a_contradiction);
    tcase_add_test(t, the_same_figures_in_two_sentences_or_from_two_sources_still_contradict);
    suite_add_tcase(s, t);
    TCase *seeds = tcase_create("seeds");
    tcase_add_checked_fixture(seeds, setup, teardown);
    tcase_add_test(seeds, seeds_give_the_groups_a_careful_reader_finds);
    suite_add_tcase(s, seeds);
    TCase *big = tcase_create("scale");
    tcase_add_checked_fixture(big, setup, teardown);
    tcase_set_timeout(big, 600);
    tcase_add_test(big, million_claims_in_one_group_rise_date_by_date);
    tcase_add_test(big, million_claims_in_100000_groups);
    tcase_add_test(big, a_withdrawn_figure_repeated_100000_times_is_listed_in_linear_time);
    suite_add_tcase(s, big);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
