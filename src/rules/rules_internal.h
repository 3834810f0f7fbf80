/* rules_internal.h - what the loader tells its tests and its build-time
 * generator (rules_embed) about the work it did, and a walk the generator
 * shares with it. Not installed. */
#ifndef RK_RULES_INTERNAL_H
#define RK_RULES_INTERNAL_H

#include <libxml/tree.h>

/* How many rule files the calling thread has validated against a RELAX NG
 * schema since it started, and how many schemas it has compiled: a rule
 * file the build already validated (known.h) counts in neither. */
unsigned long rk_rules_validations(void);
unsigned long rk_rules_schema_parses(void);
/* How many rule files it has parsed as XML: not those whose tree the build
 * made (known.h). */
unsigned long rk_rules_file_parses(void);

/* The node after n in document order, n's children first, within the
 * tree of root (NULL after its last node): a walk of a schema file's
 * includes without recursion. */
xmlNode *rk_rules_xml_next(xmlNode *n, const xmlNode *root);

#endif
