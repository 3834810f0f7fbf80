/* format_html.c - an HTML page as saved from a browser: the article body
 * without the page around it, and the metadata in its head. */
#include "extract.h"

#include <libxml/HTMLparser.h>
#include <stdint.h>
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
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        return 1;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"aria-hidden");
    int h = v && strcasecmp((const char *)v, "true") == 0;
    xmlFree(v);
    return h;
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
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    int hit = 0;
    for (size_t i = 0; v && values[i] && !hit; i++)
        hit = strcasecmp((const char *)v, values[i]) == 0;
    xmlFree(v);
    return hit;
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
        if (ing_is(n, "time") && xmlHasProp(n, (const xmlChar *)"datetime"))
            return n;
    return NULL;
}

static int apply_jsonld(rk_document *d, const xmlNode *script)
{
    xmlChar *json = script ? xmlNodeGetContent(script) : NULL;
    int rc = json ? ing_jsonld_meta(d, (const char *)json, strlen((const char *)json)) : 0;
    xmlFree(json);
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
static int apply_meta(rk_document *d, const page_meta *m, const xmlNode *scope)
{
    int rc = 0;
    rc |= ing_field_from_attr(&d->title, m->og_title, "content");
    rc |= ing_field_from_attr(&d->source, m->site, "content");
    rc |= ing_field_from_attr(&d->published, m->published, "content");
    rc |= ing_field_from_attr(&d->url, m->og_url, "content");
    rc |= ing_field_from_attr(&d->byline, m->author, "content");
    rc |= ing_field_from_attr(&d->language, m->html, "lang");
    rc |= apply_jsonld(d, m->jsonld);
    int had_title = d->title.origin != RK_ORIGIN_NONE;
    rc |= ing_field_from_node(&d->title, m->title);
    if (!had_title)
        strip_site(&d->title, &d->source);
    rc |= ing_field_from_attr(&d->published, first_time(scope), "datetime");
    rc |= ing_field_from_attr(&d->url, m->canonical, "href");
    rc |= ing_field_from_attr(&d->language, m->locale, "content");
    return rc ? -1 : 0;
}

rk_status ing_read_html(const ing_ctx *c, const char *data, size_t len, rk_document **out,
                        rk_error *err)
{
    rk_status st = RK_OK;
    rk_buf body = RK_BUF_INIT;
    rk_document *d = NULL;
    rk_arena *a = rk_arena_new();
    page_meta m = {0};
    const xmlNode *scope = NULL;
    xmlInitParser();
    /* Bytes were checked to be UTF-8, so a stale charset declaration in the
     * page must not make libxml2 transcode them. XML_PARSE_HUGE lifts the
     * 256-level depth limit, past which libxml2 would silently drop the rest
     * of the page, and the 10 MB text-node limit: safe for HTML, whose parser
     * expands no declared entities, because every walk here is iterative and
     * the input is bounded by max_bytes (100,000 nested tags take
     * milliseconds). */
    htmlDocPtr doc = len > INT32_MAX ? NULL
                   : htmlReadMemory(data, (int)len, c->path, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                    XML_PARSE_HUGE);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!a || !doc) {
        st = rk_error_set(err, a ? RK_ERR_PARSE : RK_ERR_NOMEM, c->path, 0, 0,
                          a ? "cannot parse this HTML page" : "out of memory");
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
    if (apply_meta(d, &m, scope) < 0) {
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
