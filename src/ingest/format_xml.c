/* format_xml.c - NITF and NewsML-G2 news XML.
 *
 * Safety: documents are parsed with XML_PARSE_NONET and without
 * XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE, so no external
 * entity or DTD is ever fetched, nesting stops at libxml2's depth limit, and
 * libxml2 refuses entity-expansion bombs. Internal entities declared by the
 * document stay unexpanded references in the tree, and neither the text
 * walk nor the attribute reader ever enters them (extract.c): their text is
 * simply not part of the body or the metadata. Inputs over
 * ING_MARKUP_MAX_BYTES are refused before parsing, and an allocation that
 * fails inside libxml2 stops the parse and fails the input (markup.c). */
#include "extract.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const k_drop[] = {"media", "note", "ed-msg", "head", "script",
                                     "style", "object", NULL};
static const char *const k_block[] = {
    "p", "hl2", "block", "bq", "li", "ul", "ol", "dl", "pre", "table", "tr", "br",
    "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "body", NULL};
static const ing_tree_spec k_spec = {k_drop, k_block, NULL};

/* NITF's compact ISO 8601 ("20220106T083000Z") in the extended form the
 * other formats use ("2022-01-06T08:30:00Z"); other values unchanged.
 * Returns 0 or -1 on OOM. */
static int iso_date(rk_field *f)
{
    const char *v = f->value;
    if (!v || strlen(v) < 8 || strspn(v, "0123456789") != 8)
        return 0;
    rk_buf b = RK_BUF_INIT;
    int ok = rk_buf_printf(&b, "%.4s-%.2s-%.2s", v, v + 4, v + 6) == 0;
    const char *t = v + 8;
    if (ok && t[0] == 'T' && strspn(t + 1, "0123456789") >= 4) {
        size_t digits = strspn(t + 1, "0123456789");
        ok = rk_buf_printf(&b, "T%.2s:%.2s", t + 1, t + 3) == 0;
        if (ok && digits >= 6)
            ok = rk_buf_printf(&b, ":%.2s", t + 5) == 0;
        t += 1 + (digits >= 6 ? 6 : 4);
        if (ok && (t[0] == '+' || t[0] == '-') && strspn(t + 1, "0123456789") == 4)
            ok = rk_buf_printf(&b, "%c%.2s:%.2s", t[0], t + 1, t + 3) == 0;
        else if (ok)
            ok = rk_buf_puts(&b, t) == 0;
    } else if (ok) {
        ok = rk_buf_puts(&b, t) == 0;
    }
    char *iso = ok ? rk_buf_detach(&b, NULL) : NULL;
    rk_buf_free(&b);
    if (!iso)
        return -1;
    free(f->value);
    f->value = iso;
    return 0;
}

/* The xml:lang in force at n. */
static int lang_of(rk_field *f, const xmlNode *n)
{
    if (!n || f->origin != RK_ORIGIN_NONE)
        return 0;
    rk_buf b = RK_BUF_INIT;
    int rc = ing_xml_lang(n, &b);
    if (rc == 0 && b.len)
        rc = ing_field_set(f, b.data, b.len, RK_ORIGIN_GIVEN);
    rk_buf_free(&b);
    return rc;
}

/* A NITF date attribute, in the compact form made extended (iso_date),
 * as the publication date when it is a date. */
static int nitf_published(const ing_ctx *c, rk_document *d, const xmlNode *n, const char *attr)
{
    const xmlAttr *a = n && d->published.origin == RK_ORIGIN_NONE ? ing_attr(n, attr) : NULL;
    rk_buf b = RK_BUF_INIT;
    rk_field f = {NULL, RK_ORIGIN_NONE};
    int rc = a ? ing_attr_value(a, &b) : 0;
    if (rc == 0 && b.len)
        rc = ing_field_set(&f, b.data, b.len, RK_ORIGIN_GIVEN);
    if (rc == 0 && f.value && (rc = iso_date(&f)) == 0) {
        long line = xmlGetLineNo(n);
        rc = ing_published_set(c, d, f.value, strlen(f.value), RK_ORIGIN_GIVEN, c->path,
                               line > 0 ? line : 0, 0);
    }
    free(f.value);
    rk_buf_free(&b);
    return rc;
}

static int nitf_meta(const ing_ctx *c, rk_document *d, const xmlNode *root)
{
    const xmlNode *hed = ing_find(root, "hedline");
    const xmlNode *pub = ing_find(root, "pubdata");
    int rc = 0;
    rc |= ing_field_from_node(&d->title, hed ? ing_find(hed, "hl1") : NULL);
    rc |= ing_field_from_node(&d->title, ing_find(root, "title"));
    rc |= ing_field_from_node(&d->byline, ing_find(root, "byline"));
    const xmlNode *dl = ing_find(root, "dateline");
    rc |= ing_field_from_node(&d->dateline, dl ? ing_find(dl, "location") : NULL);
    rc |= ing_field_from_node(&d->dateline, dl);
    rc |= ing_field_from_attr(&d->source, pub, "name");
    rc |= ing_field_from_attr(&d->source, ing_find(root, "doc.rights"), "provider");
    rc |= ing_field_from_node(&d->source, ing_find(root, "distributor"));
    rc |= ing_field_from_attr(&d->source, ing_find(root, "doc.copyright"), "holder");
    rc |= nitf_published(c, d, ing_find(root, "date.issue"), "norm");
    rc |= nitf_published(c, d, pub, "date.publication");
    rc |= nitf_published(c, d, ing_find(root, "story.date"), "norm");
    rc |= ing_field_from_attr(&d->url, pub, "ex-ref");
    rc |= lang_of(&d->language, ing_find(root, "body.content"));
    return rc;
}

static int nitf_body(const xmlNode *root, rk_buf *out)
{
    const xmlNode *b = ing_find(root, "body.content");
    return b ? ing_tree_text(b, &k_spec, out) : 0;
}

/* NewsML-G2 provider: literal, then its name, then the code after the
 * scheme alias ("nprov:AFP" gives "AFP"). */
static int provider(rk_field *f, const xmlNode *p)
{
    int rc = ing_field_from_attr(f, p, "literal");
    rc |= ing_field_from_node(f, p ? ing_find(p, "name") : NULL);
    const xmlAttr *q = p && f->origin == RK_ORIGIN_NONE ? ing_attr(p, "qcode") : NULL;
    rk_buf b = RK_BUF_INIT;
    if (q && (rc |= ing_attr_value(q, &b)) == 0 && b.len) {
        const char *colon = strchr(b.data, ':');
        rc |= ing_field_sets(f, colon ? colon + 1 : b.data, RK_ORIGIN_GIVEN);
    }
    rk_buf_free(&b);
    return rc;
}

/* Sets f from attribute attr of n when its value is an http(s) link. */
static int http_attr(rk_field *f, const xmlNode *n, const char *attr)
{
    const xmlAttr *a = ing_attr(n, attr);
    rk_buf b = RK_BUF_INIT;
    int rc = a ? ing_attr_value(a, &b) : 0;
    if (rc == 0 && b.len && strncmp(b.data, "http", 4) == 0)
        rc = ing_field_set(f, b.data, b.len, RK_ORIGIN_GIVEN);
    rk_buf_free(&b);
    return rc;
}

/* An http(s) link of the item: its guid or an itemMeta link. */
static int item_url(rk_field *f, const xmlNode *item)
{
    int rc = http_attr(f, item, "guid");
    const xmlNode *meta = ing_find(item, "itemMeta");
    for (const xmlNode *n = meta; n && f->origin == RK_ORIGIN_NONE; n = ing_next(n, meta, 1))
        if (ing_is(n, "link"))
            rc |= http_attr(f, n, "href");
    return rc;
}

static int newsml_meta(const ing_ctx *c, rk_document *d, const xmlNode *item)
{
    const xmlNode *cm = ing_find(item, "contentMeta");
    int rc = 0;
    rc |= ing_field_from_node(&d->title, cm ? ing_find(cm, "headline") : NULL);
    rc |= ing_field_from_node(&d->byline, cm ? ing_find(cm, "by") : NULL);
    rc |= ing_field_from_node(&d->dateline, cm ? ing_find(cm, "dateline") : NULL);
    rc |= provider(&d->source, ing_find(item, "provider"));
    rc |= ing_published_from(c, d, ing_find(item, "firstCreated"), NULL);
    rc |= ing_published_from(c, d, ing_find(item, "versionCreated"), NULL);
    rc |= ing_published_from(c, d, cm ? ing_find(cm, "contentCreated") : NULL, NULL);
    rc |= item_url(&d->url, item);
    rc |= lang_of(&d->language, item);
    rc |= ing_field_from_attr(&d->language, cm ? ing_find(cm, "language") : NULL, "tag");
    rc |= lang_of(&d->language, ing_find(item, "inlineXML"));
    return rc;
}

/* The XHTML <body> of inlineXML, else the text of inlineData. */
static int newsml_body(const xmlNode *item, rk_buf *out)
{
    const xmlNode *x = ing_find(item, "inlineXML");
    if (x) {
        const xmlNode *b = ing_find(x, "body");
        return ing_tree_text(b ? b : x, &k_spec, out);
    }
    const xmlNode *t = ing_find(item, "inlineData");
    if (!t)
        return 0;
    /* Plain text: each line a paragraph (ing_tree_text starts each one). */
    static const ing_tree_spec flat = {NULL, NULL, NULL};
    rk_buf raw = RK_BUF_INIT;
    int rc = ing_raw_text(t, &raw);
    for (char *line = raw.data, *nl; rc == 0 && line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        xmlNode tmp = {.type = XML_TEXT_NODE, .content = (xmlChar *)line};
        rc = ing_tree_text(&tmp, &flat, out);
    }
    rk_buf_free(&raw);
    return rc;
}

/* Parses data into a tree; malformed XML fills err with line:col of
 * libxml2's first error (the later ones mostly follow from it), running
 * out of memory fills it with RK_ERR_NOMEM. */
static xmlDocPtr parse(const ing_ctx *c, const char *data, size_t len, rk_error *err)
{
    ing_markup_parse mp;
    xmlParserCtxtPtr ctx = ing_markup_begin(&mp, c, 0);
    if (!ctx) {
        rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        return NULL;
    }
    /* Bytes are UTF-8 here (checked, or decoded from the declared
     * encoding), so the declaration must not make libxml2 decode them
     * again; see the top of the file for the other options. */
    xmlDocPtr doc = ing_markup_read(&mp, data, len,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                                    XML_PARSE_IGNORE_ENC);
    if (ing_markup_end(&mp, c, doc && mp.well_formed, "XML", err) != RK_OK) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctx);
    return doc;
}

rk_status ing_read_xml(const ing_ctx *c, rk_format f, const char *data, size_t len,
                       rk_document **out, rk_error *err)
{
    rk_status st = RK_OK;
    rk_buf body = RK_BUF_INIT;
    rk_document *d = NULL;
    rk_status cut = ing_markup_check_size(c, len, "an XML", err);
    if (cut != RK_OK)
        return cut;
    rk_error local;
    xmlDocPtr doc = parse(c, data, len, err ? err : &local);
    if (!doc)
        return err ? err->code : local.code;
    const xmlNode *root = xmlDocGetRootElement(doc);
    const char *want = f == RK_FORMAT_NITF ? "nitf" : "newsItem";
    const xmlNode *top = root ? ing_find(root, want) : NULL;
    if (!top) {
        st = rk_error_set(err, RK_ERR_FORMAT, c->path, 0, 0, "no <%s> element", want);
        goto done;
    }
    if (!(d = ing_doc_new(c, f)) ||
        (f == RK_FORMAT_NITF ? nitf_body(top, &body) : newsml_body(top, &body)) < 0 ||
        (f == RK_FORMAT_NITF ? nitf_meta(c, d, top) : newsml_meta(c, d, top)) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    if (body.len == 0) {
        st = rk_error_set(err, RK_ERR_PARSE, c->path, 0, 0, "no article text found (expected %s)",
                          f == RK_FORMAT_NITF ? "<body.content>" : "<inlineXML> or <inlineData>");
        goto done;
    }
    d->body = rk_buf_detach(&body, &d->body_len);
done:
    rk_buf_free(&body);
    xmlFreeDoc(doc);
    if (st == RK_OK)
        *out = d;
    else
        rk_document_free(d);
    return st;
}
