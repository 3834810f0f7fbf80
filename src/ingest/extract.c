/* extract.c - text out of a libxml2 tree (HTML, NITF, NewsML-G2): block
 * elements become paragraphs joined by "\n", white space is collapsed, and
 * unwanted subtrees are skipped. Walks iteratively, so depth never costs
 * stack, and never descends into entity references, so declared entities
 * are not expanded (see format_xml.c). */
#include "extract.h"

#include <string.h>
#include <strings.h>

typedef struct para {
    rk_buf *out;       /* text before the extraction counts as a paragraph */
    int open;          /* a paragraph has text */
    int space;         /* white space seen since the last character */
} para;

int ing_name_in(const xmlNode *n, const char *const *names)
{
    if (!names || n->type != XML_ELEMENT_NODE)
        return 0;
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp((const char *)n->name, names[i]) == 0)
            return 1;
    return 0;
}

int ing_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int put_text(para *p, const char *s)
{
    for (; *s; s++) {
        if (is_ws((unsigned char)*s)) {
            p->space = 1;
            continue;
        }
        if (!p->open && p->out->len > 0 && rk_buf_putc(p->out, '\n') < 0)
            return -1;
        if (p->open && p->space && rk_buf_putc(p->out, ' ') < 0)
            return -1;
        if (rk_buf_putc(p->out, *s) < 0)
            return -1;
        p->open = 1;
        p->space = 0;
    }
    return 0;
}

static void brk(para *p)
{
    p->open = 0;
    p->space = 0;
}

/* Handles n on the way down; returns 1 when its children are wanted. */
static int enter(const xmlNode *n, const ing_tree_spec *spec, para *p, int *oom)
{
    switch (n->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (n->content && put_text(p, (const char *)n->content) < 0)
            *oom = 1;
        return 0;
    case XML_ELEMENT_NODE:
        if (ing_name_in(n, spec->drop) || (spec->skip && spec->skip(n)))
            return 0;
        if (ing_name_in(n, spec->block))
            brk(p);
        return 1;
    case XML_DOCUMENT_NODE:
    case XML_HTML_DOCUMENT_NODE:
        return 1;
    default: /* comments, processing instructions, entity references */
        return 0;
    }
}

int ing_tree_text(const xmlNode *root, const ing_tree_spec *spec, rk_buf *out)
{
    para p = {out, 0, 0};
    int oom = 0;
    const xmlNode *n = root;
    if (!n)
        return 0;
    while (!oom) {
        if (enter(n, spec, &p, &oom) && n->children) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            if (ing_name_in(n, spec->block))
                brk(&p);
        }
        if (n == root)
            break;
        n = n->next;
    }
    if (!oom && rk_buf_reserve(out, 0) < 0)
        oom = 1;
    return oom ? -1 : 0;
}

const xmlNode *ing_next(const xmlNode *n, const xmlNode *root, int descend)
{
    if (descend && n->children && n->type != XML_ENTITY_REF_NODE)
        return n->children;
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}

const xmlNode *ing_find(const xmlNode *root, const char *name)
{
    for (const xmlNode *n = root; n; n = ing_next(n, root, 1))
        if (ing_is(n, name))
            return n;
    return NULL;
}

int ing_field_from_node(rk_field *f, const xmlNode *n)
{
    if (!n || f->origin != RK_ORIGIN_NONE)
        return 0;
    static const ing_tree_spec flat = {NULL, NULL, NULL};
    rk_buf b = RK_BUF_INIT;
    int rc = ing_tree_text(n, &flat, &b);
    if (rc == 0 && b.len)
        rc = ing_field_set(f, b.data, b.len, RK_ORIGIN_GIVEN);
    rk_buf_free(&b);
    return rc;
}

const xmlAttr *ing_attr(const xmlNode *n, const char *name)
{
    int xml_ns = strncmp(name, "xml:", 4) == 0;
    if (xml_ns)
        name += 4;
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        int in_xml = a->ns && a->ns->prefix && strcmp((const char *)a->ns->prefix, "xml") == 0;
        if (in_xml == xml_ns && strcmp((const char *)a->name, name) == 0)
            return a;
    }
    return NULL;
}

int ing_attr_value(const xmlAttr *a, rk_buf *out)
{
    for (const xmlNode *k = a ? a->children : NULL; k; k = k->next)
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content &&
            rk_buf_puts(out, (const char *)k->content) < 0)
            return -1;
    return rk_buf_append(out, "", 0); /* NUL-terminated even when empty */
}

int ing_attr_equals(const xmlAttr *a, const char *value, int nocase)
{
    if (!a)
        return 0;
    size_t at = 0, n = strlen(value);
    for (const xmlNode *k = a->children; k; k = k->next) {
        if ((k->type != XML_TEXT_NODE && k->type != XML_CDATA_SECTION_NODE) || !k->content)
            continue;
        size_t m = strlen((const char *)k->content);
        if (m > n - at || (nocase ? strncasecmp((const char *)k->content, value + at, m)
                                  : strncmp((const char *)k->content, value + at, m)) != 0)
            return 0;
        at += m;
    }
    return at == n;
}

int ing_raw_text(const xmlNode *n, rk_buf *out)
{
    for (const xmlNode *k = n; k; k = ing_next(k, n, 1))
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content &&
            rk_buf_puts(out, (const char *)k->content) < 0)
            return -1;
    return rk_buf_append(out, "", 0); /* NUL-terminated even when empty */
}

int ing_xml_lang(const xmlNode *n, rk_buf *out)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        const xmlAttr *a = ing_attr(n, "xml:lang");
        if (a)
            return ing_attr_value(a, out);
    }
    return rk_buf_append(out, "", 0); /* NUL-terminated even when empty */
}

int ing_field_from_attr(rk_field *f, const xmlNode *n, const char *attr)
{
    const xmlAttr *a = n && f->origin == RK_ORIGIN_NONE ? ing_attr(n, attr) : NULL;
    if (!a)
        return 0;
    rk_buf b = RK_BUF_INIT;
    int rc = ing_attr_value(a, &b);
    if (rc == 0)
        rc = ing_field_set(f, b.data, b.len, RK_ORIGIN_GIVEN);
    rk_buf_free(&b);
    return rc;
}

int ing_published_from(const ing_ctx *c, rk_document *d, const xmlNode *n, const char *attr)
{
    if (!n || d->published.origin != RK_ORIGIN_NONE)
        return 0;
    rk_buf b = RK_BUF_INIT;
    static const ing_tree_spec flat = {NULL, NULL, NULL};
    const xmlAttr *a = attr ? ing_attr(n, attr) : NULL;
    int rc = attr ? (a ? ing_attr_value(a, &b) : 0) : ing_tree_text(n, &flat, &b);
    long line = xmlGetLineNo(n);
    if (rc == 0 && b.len)
        rc = ing_published_set(c, d, b.data, b.len, RK_ORIGIN_GIVEN, c->path,
                               line > 0 ? line : 0, 0);
    rk_buf_free(&b);
    return rc;
}
