/* document.h - the ingest stage's data type: one article with its metadata. */
#ifndef RK_DOCUMENT_H
#define RK_DOCUMENT_H

#include <stddef.h>
#include "../core/error.h"

/* The format an input was read as (detected by content, not only by name). */
typedef enum rk_format {
    RK_FORMAT_NONE = 0,
    RK_FORMAT_TEXT,   /* plain UTF-8, optional NAME.meta.json sidecar */
    RK_FORMAT_JSON,   /* one JSON article */
    RK_FORMAT_JSONL,  /* JSON Lines, one article per line */
    RK_FORMAT_HTML,   /* an HTML page as saved from a browser */
    RK_FORMAT_NITF,   /* NITF XML */
    RK_FORMAT_NEWSML  /* NewsML-G2 XML */
} rk_format;

/* Where a metadata value came from. */
typedef enum rk_origin {
    RK_ORIGIN_NONE = 0,  /* no value */
    RK_ORIGIN_GIVEN,     /* stated by the input or its sidecar */
    RK_ORIGIN_INFERRED   /* read from the text itself (dateline, script, ...) */
} rk_origin;

/* A metadata value and its origin; value is NULL when origin is NONE. */
typedef struct rk_field {
    char *value;
    rk_origin origin;
} rk_field;

/* One article. All strings are owned by the document. */
typedef struct rk_document {
    char *id;          /* stable: file name without extension, "#N" appended for
                          record N (1-based line) of a JSON Lines file */
    char *path;        /* the path as given */
    rk_format format;
    size_t record;     /* 1-based line of a JSONL record, 0 otherwise */
    rk_field source;   /* outlet ("Reuters", "الوقت") */
    rk_field published;/* ISO 8601 date "YYYY-MM-DD" or date-time */
    rk_field url;
    rk_field language; /* BCP 47 primary tag: "ar", "en", "ru" */
    rk_field title;
    rk_field byline;
    rk_field dateline;
    /* The body text. For RK_FORMAT_TEXT these are exactly the bytes of the
     * input file, so byte offsets into body are offsets into the file; for the
     * other formats it is the extracted body text (paragraphs joined by
     * "\n"). Always NUL-terminated; body_len excludes the NUL. */
    char *body;
    size_t body_len;
    /* Byte offset of body[0] in the input file when body is a verbatim slice
     * of it, else -1. */
    long body_file_offset;
    /* 1 when the reader that made the document checked that body is valid
     * UTF-8 (every reader of reckon's does), so that extraction need not
     * read it for that again; 0 in a document made by other code, whose
     * body extraction checks. Never set it on a body not checked. */
    int body_utf8;
} rk_document;

/* Frees a document and everything it owns. NULL is a no-op. */
RK_API void rk_document_free(rk_document *d);

/* A list of documents. */
typedef struct rk_doclist {
    rk_document **docs;
    size_t n;
    size_t cap;
} rk_doclist;

/* Appends d; takes ownership on success; on failure ownership stays with the
 * caller. Returns 0 or -1 on OOM. */
RK_API int rk_doclist_push(rk_doclist *l, rk_document *d);
/* Frees every document and the array. NULL is a no-op. */
RK_API void rk_doclist_free(rk_doclist *l);

/* The lower-case name of a format ("text", "json", "jsonl", "html", "nitf",
 * "newsml"). borrowed: a static string. */
RK_API const char *rk_format_name(rk_format f);
/* "given", "inferred" or NULL. borrowed: a static string. */
RK_API const char *rk_origin_name(rk_origin o);

#endif
