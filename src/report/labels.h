/* labels.h - the words of a report's chrome, read from the <report>
 * sections of the rule set (rules/LANG/report.xml), so a page in Arabic,
 * English or Russian is a rule file, not C. */
#ifndef RK_LABELS_H
#define RK_LABELS_H

#include "../core/error.h"
#include "../rules/rules.h"

typedef struct rk_labels rk_labels;

/* Collects every <label id> of the <report> sections of rules, by the
 * language of its file (a file without lang gives labels of no language,
 * which no page asks for). A later file's label overrides an earlier one
 * with the same language and id. *out: the caller frees it with
 * rk_labels_free(); it borrows its strings from rules, so rules must outlive
 * it. */
RK_API rk_status rk_labels_load(const rk_rules *rules, rk_labels **out, rk_error *err);
/* Frees the table. NULL is a no-op. */
RK_API void rk_labels_free(rk_labels *l);

/* The label id in language lang (a BCP 47 tag; only its primary subtag is
 * compared), or NULL when lang has none. borrowed: valid as long as the rule
 * set is. */
RK_API const char *rk_labels_get(const rk_labels *l, const char *lang, const char *id);
/* 1 when lang has at least one label. */
RK_API int rk_labels_has_lang(const rk_labels *l, const char *lang);

#endif
