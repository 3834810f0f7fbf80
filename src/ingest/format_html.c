/* format_html.c - an HTML page as saved from a browser: the article body
 * without the page around it, and the metadata in its head. */
#include "extract.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../core/arena.h"

/* Page furniture: never article text, wherever it sits. */
static const char *const k_drop[] = {
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript",
    "iframe", "svg", "button", "select", "textarea", "template", "figure", "object",
    "embed", "canvas", "dialog", "menu", "head", NULL};
static const char *const k_block[] = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "br", "hr", "table",
    "tr", "td", "th", "figcaption", "address", "body", NULL};
/* Children of the main run of paragraphs that belong to the story. */
static const char *const k_run[] = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol",
                                    "pre", NULL};

/* Elements the page hides are not read either. */
static int hidden(const xmlNode *n)
{
    return ing_attr(n, "hidden") || ing_attr_equals(ing_attr(n, "aria-hidden"), "true", 1);
}

static const ing_tree_spec k_spec = {k_drop, k_block, hidden};

/* Per-element measures, kept in the node's _private slot. */
typedef struct measure {
    size_t len;   /* bytes of text under the element, furniture excluded */
    size_t run;   /* bytes of text in its <p> children */
} measure;

static measure *m_of(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE ? (measure *)n->_private : NULL;
}

static void finish(const xmlNode *n)
{
    measure *pm = m_of(n->parent);
    if (!pm)
        return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        pm->len += n->content ? strlen((const char *)n->content) : 0;
    } else if (m_of(n)) {
        pm->len += m_of(n)->len;
        if (ing_is(n, "p"))
            pm->run += m_of(n)->len;
    }
}

/* One post-order pass: text lengths bottom-up, so that choosing the body
 * stays linear however deeply the page nests. */
static int measure_tree(xmlNode *root, rk_arena *a)
{
    xmlNode *n = root;
    for (;;) {
        int in = 0;
        if (n->type == XML_ELEMENT_NODE) {
            if (!(n->_private = rk_arena_alloc(a, sizeof(measure))))
                return -1;
            *m_of(n) = (measure){0, 0};
            in = !ing_name_in(n, k_drop) && !hidden(n);
        }
        if (in && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            if (n != root)
                finish(n);
            if (n == root)
                return 0;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

/* The element whose measure is largest: the <article> with the most text
 * (tag "article") or the parent of the main run of paragraphs (tag NULL).
 * Furniture and hidden subtrees are not searched. */
static const xmlNode *largest(const xmlNode *root, const char *tag, size_t *score)
{
    const xmlNode *best = NULL;
    *score = 0;
    for (const xmlNode *n = root; n;) {
        int in = n->type == XML_ELEMENT_NODE && m_of(n) && !ing_name_in(n, k_drop) && !hidden(n);
        if (in && (tag ? ing_is(n, tag) : 1)) {
            size_t s = tag ? m_of(n)->len : m_of(n)->run;
            if (s > *score) {
                *score = s;
                best = n;
            }
        }
        n = ing_next(n, root, in || n->type == XML_DOCUMENT_NODE ||
                                  n->type == XML_HTML_DOCUMENT_NODE);
    }
    return best;
}

/* Is n a paragraph of the main run: a story element (k_run) whose parent
 * holds at least half as much paragraph text as the best parent? Pages
 * split a story across sibling containers; comment and cookie boxes hold
 * far less. */
static int in_main_run(const xmlNode *n, size_t best)
{
    const measure *pm = m_of(n->parent);
    return pm && ing_name_in(n, k_run) && pm->run * 2 >= best;
}

/* The paragraphs of the main run, in document order. */
static int main_run_text(const xmlNode *root, size_t best, rk_buf *out)
{
    for (const xmlNode *n = root; n;) {
        int visible = n->type == XML_ELEMENT_NODE && !ing_name_in(n, k_drop) && !hidden(n);
        int take = visible && in_main_run(n, best);
        if (take && ing_tree_text(n, &k_spec, out) < 0)
            return -1;
        n = ing_next(n, root, visible && !take);
    }
    return 0;
}

/* The body: the <article> when it holds the story, else the main run of
 * paragraphs, else everything visible in <body>. */
static int body_text(xmlNode *root, rk_buf *out, const xmlNode **scope)
{
    size_t art_len, run_len;
    const xmlNode *art = largest(root, "article", &art_len);
    const xmlNode *run = largest(root, NULL, &run_len);
    if (art && art_len * 2 >= run_len) {
        *scope = art;
        return ing_tree_text(art, &k_spec, out);
    }
    if (run) {
        *scope = run;
        return main_run_text(root, run_len, out);
    }
    const xmlNode *body = ing_find(root, "body");
    *scope = body ? body : root;
    return ing_tree_text(*scope, &k_spec, out);
}

/* Page metadata, best source first for each field. */
typedef struct page_meta {
    const xmlNode *title, *og_title, *site, *published, *og_url, *canonical, *author,
        *locale, *html, *jsonld;
} page_meta;

static const char *const k_pub_names[] = {"article:published_time", "og:published_time",
                                          "pubdate", "publishdate", "publish-date", "date",
                                          "dc.date", "dcterms.date", "dcterms.created", NULL};

static int attr_is(const xmlNode *n, const char *attr, const char *const *values)
{
    const xmlAttr *a = ing_attr(n, attr);
    for (size_t i = 0; a && values[i]; i++)
        if (ing_attr_equals(a, values[i], 1))
            return 1;
    return 0;
}

static void see_meta(const xmlNode *n, page_meta *m)
{
    static const char *const og_title[] = {"og:title", NULL}, *const site[] = {"og:site_name", NULL},
        *const url[] = {"og:url", NULL}, *const author[] = {"author", NULL},
        *const locale[] = {"og:locale", NULL}, *const canon[] = {"canonical", NULL};
    struct { const char *const *names; const xmlNode **slot; } k[] = {
        {og_title, &m->og_title}, {site, &m->site}, {url, &m->og_url},
        {author, &m->author}, {locale, &m->locale}, {k_pub_names, &m->published}};
    if (ing_is(n, "link")) {
        if (!m->canonical && attr_is(n, "rel", canon))
            m->canonical = n;
        return;
    }
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        if (!*k[i].slot && (attr_is(n, "property", k[i].names) || attr_is(n, "name", k[i].names)))
            *k[i].slot = n;
}

static const char *const k_jsonld[] = {"application/ld+json", NULL};

static void collect_meta(const xmlNode *root, page_meta *m)
{
    for (const xmlNode *n = root; n; n = ing_next(n, root, 1)) {
        if (ing_is(n, "title") && !m->title)
            m->title = n;
        else if (ing_is(n, "meta") || ing_is(n, "link"))
            see_meta(n, m);
        else if (ing_is(n, "html") && !m->html)
            m->html = n;
        else if (ing_is(n, "script") && !m->jsonld && attr_is(n, "type", k_jsonld))
            m->jsonld = n;
    }
}

/* The first <time datetime> in the article, a fallback publication date. */
static const xmlNode *first_time(const xmlNode *scope)
{
    for (const xmlNode *n = scope; n; n = ing_next(n, scope, 1))
        if (ing_is(n, "time") && ing_attr(n, "datetime"))
            return n;
    return NULL;
}

static int apply_jsonld(const ing_ctx *c, rk_document *d, const xmlNode *script)
{
    rk_buf json = RK_BUF_INIT;
    int rc = script ? ing_raw_text(script, &json) : 0;
    if (rc == 0 && json.len) {
        long line = xmlGetLineNo(script);
        rc = ing_jsonld_meta(c, d, json.data, json.len, line > 0 ? line : 0);
    }
    rk_buf_free(&json);
    return rc;
}

/* "Headline - Site" or "Headline | Site" as <title> often reads: the
 * headline alone when Site is the outlet already known. */
static void strip_site(rk_field *title, const rk_field *source)
{
    if (!title->value || !source->value)
        return;
    size_t t = strlen(title->value), s = strlen(source->value);
    static const char *const seps[] = {" - ", " | ", " – ", " — ", NULL};
    for (size_t i = 0; seps[i]; i++) {
        size_t k = strlen(seps[i]);
        if (t > s + k && strcmp(title->value + t - s, source->value) == 0 &&
            memcmp(title->value + t - s - k, seps[i], k) == 0) {
            title->value[t - s - k] = '\0';
            return;
        }
    }
}

/* Open Graph and meta tags first, then JSON-LD, then the plain <title>,
 * the article's <time> and the canonical link. */
static int apply_meta(const ing_ctx *c, rk_document *d, const page_meta *m,
                      const xmlNode *scope)
{
    int rc = 0;
    rc |= ing_field_from_attr(&d->title, m->og_title, "content");
    rc |= ing_field_from_attr(&d->source, m->site, "content");
    rc |= ing_published_from(c, d, m->published, "content");
    rc |= ing_field_from_attr(&d->url, m->og_url, "content");
    rc |= ing_field_from_attr(&d->byline, m->author, "content");
    rc |= ing_field_from_attr(&d->language, m->html, "lang");
    rc |= apply_jsonld(c, d, m->jsonld);
    int had_title = d->title.origin != RK_ORIGIN_NONE;
    rc |= ing_field_from_node(&d->title, m->title);
    if (!had_title)
        strip_site(&d->title, &d->source);
    rc |= ing_published_from(c, d, first_time(scope), "datetime");
    rc |= ing_field_from_attr(&d->url, m->canonical, "href");
    rc |= ing_field_from_attr(&d->language, m->locale, "content");
    return rc ? -1 : 0;
}

/* ---- parsing without libxml2's depth limit ----------------------------- */

/* Elements deeper than this are not made nodes of the tree: libxml2 stops a
 * parse past 256 levels unless XML_PARSE_HUGE lifts all its limits, which
 * reckon never asks for. The text of deeper elements goes to the element at
 * this depth, so a page nested 100,000 levels deep still reads whole; the
 * deeper elements that matter to the text stay what they were: a block one
 * an empty element that still ends a paragraph, a dropped or hidden one a
 * stretch whose text is skipped. */
#define HTML_TREE_DEPTH 200

typedef struct deep_state {
    startElementSAXFunc start;
    endElementSAXFunc end;
    charactersSAXFunc chars, cdata;
    unsigned long deep;   /* open elements below HTML_TREE_DEPTH */
    unsigned long skip;   /* the depth where a dropped element began, or 0 */
} deep_state;

static _Thread_local deep_state *deep_cur;

static int deep_hidden(const xmlChar **atts)
{
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const char *k = (const char *)atts[i], *v = (const char *)atts[i + 1];
        if (strcmp(k, "hidden") == 0 || (strcmp(k, "aria-hidden") == 0 && v &&
                                         strcasecmp(v, "true") == 0))
            return 1;
    }
    return 0;
}

static int in_list(const char *name, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static void deep_start(void *data, const xmlChar *name, const xmlChar **atts)
{
    xmlParserCtxtPtr ctx = data;
    deep_state *s = deep_cur;
    if (ctx->nodeNr < HTML_TREE_DEPTH && !s->deep) {
        s->start(data, name, atts);
        return;
    }
    s->deep++;
    if (s->skip)
        return;
    if (in_list((const char *)name, k_drop) || deep_hidden(atts)) {
        s->skip = s->deep;
    } else if (in_list((const char *)name, k_block) && ctx->node) {
        xmlNodePtr n = xmlNewDocNode(ctx->myDoc, NULL, name, NULL);
        if (n && !xmlAddChild(ctx->node, n))
            xmlFreeNode(n);
    }
}

static void deep_end(void *data, const xmlChar *name)
{
    deep_state *s = deep_cur;
    if (!s->deep) {
        s->end(data, name);
        return;
    }
    if (s->skip == s->deep)
        s->skip = 0;
    s->deep--;
}

static void deep_chars(void *data, const xmlChar *ch, int len)
{
    if (!deep_cur->skip)
        deep_cur->chars(data, ch, len);
}

static void deep_cdata(void *data, const xmlChar *ch, int len)
{
    if (!deep_cur->skip)
        deep_cur->cdata(data, ch, len);
}

/* Parses the page; the verdict is ing_markup_end's. */
static rk_status parse(const ing_ctx *c, const char *data, size_t len, htmlDocPtr *out,
                       rk_error *err)
{
    *out = NULL;
    ing_markup_parse mp;
    xmlParserCtxtPtr ctx = ing_markup_begin(&mp, c, 1);
    if (!ctx || !ctx->sax) {
        if (ctx)
            ing_markup_end(&mp, c, 0, "HTML", err);
        htmlFreeParserCtxt(ctx);
        return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    }
    deep_state s = {ctx->sax->startElement, ctx->sax->endElement, ctx->sax->characters,
                    ctx->sax->cdataBlock, 0, 0};
    ctx->sax->startElement = deep_start;
    ctx->sax->endElement = deep_end;
    ctx->sax->characters = deep_chars;
    ctx->sax->cdataBlock = s.cdata ? deep_cdata : NULL;
    deep_cur = &s;
    /* Bytes are UTF-8 here (checked, or decoded from the declared
     * charset), so a stale charset declaration in the page must not make
     * libxml2 decode them again. */
    htmlDocPtr doc = ing_markup_read(&mp, data, len,
                                     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                     HTML_PARSE_IGNORE_ENC);
    deep_cur = NULL;
    rk_status st = ing_markup_end(&mp, c, doc != NULL, "HTML", err);
    if (st == RK_OK && !doc)
        st = rk_error_set(err, RK_ERR_PARSE, c->path, 0, 0, "cannot parse this HTML page");
    if (st != RK_OK)
        xmlFreeDoc(doc);
    else
        *out = doc;
    htmlFreeParserCtxt(ctx);
    return st;
}

rk_status ing_read_html(const ing_ctx *c, const char *data, size_t len, rk_document **out,
                        rk_error *err)
{
    rk_status st = ing_markup_check_size(c, len, "an HTML", err);
    if (st != RK_OK)
        return st;
    rk_buf body = RK_BUF_INIT;
    rk_document *d = NULL;
    rk_arena *a = NULL;
    page_meta m = {0};
    const xmlNode *scope = NULL;
    htmlDocPtr doc = NULL;
    if ((st = parse(c, data, len, &doc, err)) != RK_OK)
        goto done;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!(a = rk_arena_new())) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    if (!root || measure_tree(root, a) < 0 || body_text(root, &body, &scope) < 0 ||
        !(d = ing_doc_new(c, RK_FORMAT_HTML))) {
        st = rk_error_set(err, root ? RK_ERR_NOMEM : RK_ERR_PARSE, c->path, 0, 0,
                          root ? "out of memory" : "an HTML page without elements");
        goto done;
    }
    if (body.len == 0) {
        st = rk_error_set(err, RK_ERR_PARSE, c->path, 0, 0,
                          "no article text found in this HTML page");
        goto done;
    }
    collect_meta(root, &m);
    if (apply_meta(c, d, &m, scope) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    d->body = rk_buf_detach(&body, &d->body_len);
done:
    rk_buf_free(&body);
    xmlFreeDoc(doc);
    rk_arena_free(a);
    if (st == RK_OK)
        *out = d;
    else
        rk_document_free(d);
    return st;
}
