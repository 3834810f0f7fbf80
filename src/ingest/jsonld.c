/* jsonld.c - schema.org metadata that pages embed as JSON-LD
 * (<script type="application/ld+json">): many saved pages state their
 * publisher and date only there. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <string.h>
#include "../core/alloc.h"

/* Is the object a schema.org article of any kind ("NewsArticle",
 * "ReportageNewsArticle", ["Article", ...])? */
static int is_article(const cJSON *o)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "@type");
    const cJSON *el, *list = cJSON_IsArray(t) ? t : NULL;
    if (cJSON_IsString(t))
        return strstr(t->valuestring, "Article") != NULL;
    cJSON_ArrayForEach(el, list)
        if (cJSON_IsString(el) && strstr(el->valuestring, "Article"))
            return 1;
    return 0;
}

/* The first article object in a JSON-LD value: itself, an array element or
 * a member of "@graph". Searched one level deep, which is where pages put
 * it. borrowed: valid as long as v is. */
static const cJSON *find_article(const cJSON *v)
{
    if (cJSON_IsObject(v) && is_article(v))
        return v;
    const cJSON *list = cJSON_IsArray(v) ? v : cJSON_GetObjectItemCaseSensitive(v, "@graph");
    const cJSON *el;
    if (!cJSON_IsArray(list))
        return NULL;
    cJSON_ArrayForEach(el, list)
        if (cJSON_IsObject(el) && is_article(el))
            return el;
    return NULL;
}

/* A string member, or the "name" (or key) of an object member, or of the
 * first element of an array member: "author": [{"name": "..."}]. */
static const char *text_of(const cJSON *o, const char *key, const char *inner)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsArray(v))
        v = cJSON_GetArrayItem(v, 0);
    if (cJSON_IsObject(v))
        v = cJSON_GetObjectItemCaseSensitive(v, inner);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int fill(rk_field *f, const char *v)
{
    return f->origin == RK_ORIGIN_NONE ? ing_field_sets(f, v, RK_ORIGIN_GIVEN) : 0;
}

int ing_jsonld_meta(const ing_ctx *c, rk_document *d, const char *json, size_t len, long line)
{
    unsigned long failures = rk_alloc_failures();
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!root && rk_alloc_failures() != failures)
        return -1; /* out of memory, not bad JSON-LD */
    const cJSON *a = root ? find_article(root) : NULL;
    int rc = 0;
    if (a) {
        rc |= fill(&d->title, text_of(a, "headline", "name"));
        const char *pub = text_of(a, "datePublished", "@value");
        if (pub && d->published.origin == RK_ORIGIN_NONE)
            rc |= ing_published_set(c, d, pub, strlen(pub), RK_ORIGIN_GIVEN, c->path, line, 0);
        rc |= fill(&d->source, text_of(a, "publisher", "name"));
        rc |= fill(&d->byline, text_of(a, "author", "name"));
        rc |= fill(&d->language, text_of(a, "inLanguage", "name"));
        rc |= fill(&d->url, text_of(a, "url", "@id"));
        rc |= fill(&d->url, text_of(a, "mainEntityOfPage", "@id"));
    }
    cJSON_Delete(root);
    return rc ? -1 : 0;
}
