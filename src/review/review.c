/* review.c - the review file: a reviewer's decisions about groups, read and
 * written as pretty JSON in a fixed key order so it diffs well in version
 * control, and changed only under an exclusive lock with an atomic rename. */
#include "review.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "../core/alloc.h"
#include "../core/buf.h"
#include "../core/out.h"
#include "../core/utf8.h"

/* Review files are small; anything bigger is not one. */
#define REVIEW_FILE_MAX (64u << 20)

static const char *const state_names[] = {NULL, "confirmed", "dismissed", "resolved"};

const char *rk_review_state_name(rk_review_state s)
{
    return (unsigned)s < sizeof state_names / sizeof *state_names ? state_names[s] : NULL;
}

rk_review_state rk_review_state_parse(const char *s)
{
    for (unsigned i = 1; s && i < sizeof state_names / sizeof *state_names; i++)
        if (strcmp(s, state_names[i]) == 0)
            return (rk_review_state)i;
    return RK_REVIEW_NONE;
}

static void entry_clear(rk_review_entry *e)
{
    free(e->group);
    free(e->note);
    free(e->reviewer);
    free(e->updated);
    free(e->figures);
    memset(e, 0, sizeof *e);
}

void rk_reviews_free(rk_reviews *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        entry_clear(&r->items[i]);
    free(r->items);
    free(r);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const rk_review_entry *)a)->group, ((const rk_review_entry *)b)->group);
}

const rk_review_entry *rk_reviews_find(const rk_reviews *r, const char *group)
{
    if (!r || !group || !r->n)
        return NULL;
    rk_review_entry key = {.group = (char *)group};
    return bsearch(&key, r->items, r->n, sizeof *r->items, cmp_entry);
}

/* ---- reading ------------------------------------------------------------ */

/* Where the idx-th object inside an array nested directly in the root
 * object starts (the idx-th entry of "reviews"): cJSON keeps no positions,
 * so errors about an entry find it again in the text. */
static size_t locate_entry(const char *s, size_t len, size_t idx)
{
    char stack[64];
    int depth = 0, in_str = 0;
    size_t seen = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
            continue;
        }
        if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            if (c == '{' && depth == 2 && stack[0] == '{' && stack[1] == '[' && seen++ == idx)
                return i;
            if (depth < (int)sizeof stack)
                stack[depth] = c;
            depth++;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
    }
    return 0;
}

static rk_status error_at(rk_error *err, const char *path, const char *text, size_t len,
                          size_t off, const char *msg, const char *arg)
{
    long line = 1, col = 1;
    rk_utf8_line_col(text, len, off, &line, &col);
    return rk_error_set(err, RK_ERR_PARSE, path, line, col, msg, arg ? arg : "");
}

/* Copies an optional string member: absent or null gives NULL. */
static int opt_string(const cJSON *obj, const char *key, char **out, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v)) {
        *bad = 1;
        return 0;
    }
    return (*out = rk_strdup(v->valuestring)) ? 0 : -1;
}

/* Reads entry i of the array into e; fills err on bad data. */
static rk_status read_entry(const cJSON *item, rk_review_entry *e, const char *path,
                            const char *text, size_t len, size_t i, rk_error *err)
{
    size_t at = locate_entry(text, len, i);
    if (!cJSON_IsObject(item))
        return error_at(err, path, text, len, at, "review %s is not an object", "entry");
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(item, "group");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(item, "state");
    if (!cJSON_IsString(g) || !*g->valuestring)
        return error_at(err, path, text, len, at, "review entry has no \"group\"%s", NULL);
    const char *sname = cJSON_IsString(s) ? s->valuestring : NULL;
    if (!(e->state = rk_review_state_parse(sname)))
        return error_at(err, path, text, len, at,
                        "review of '%s' has no valid \"state\" (confirmed, dismissed, resolved)",
                        g->valuestring);
    int bad = 0;
    if (!(e->group = rk_strdup(g->valuestring)) || opt_string(item, "note", &e->note, &bad) < 0 ||
        opt_string(item, "reviewer", &e->reviewer, &bad) < 0 ||
        opt_string(item, "updated", &e->updated, &bad) < 0 ||
        opt_string(item, "figures", &e->figures, &bad) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    if (bad)
        return error_at(err, path, text, len, at,
                        "review of '%s': note, reviewer, updated and figures must be strings or null",
                        g->valuestring);
    return RK_OK;
}

static rk_status parse_reviews(const char *path, const char *text, size_t len, rk_reviews *r,
                               rk_error *err)
{
    size_t bad = 0;
    if (!rk_utf8_valid(text, len, &bad))
        return error_at(err, path, text, len, bad, "invalid UTF-8%s", NULL);
    const char *end = NULL;
    /* len + 1: the NUL that ends text is what "nothing after the value"
     * checks for. */
    unsigned long failures = rk_alloc_failures();
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (!root && rk_alloc_failures() != failures)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    if (!root) {
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        return error_at(err, path, text, len, off, "malformed JSON%s", NULL);
    }
    rk_status st = RK_OK;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "reviews");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(arr)) {
        st = error_at(err, path, text, len, 0, "a review file is {\"reviews\": [...]}%s", NULL);
        goto done;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    if (n && !(r->items = calloc(n, sizeof *r->items))) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    r->cap = n;
    for (const cJSON *item = arr->child; item && st == RK_OK; item = item->next, i++) {
        st = read_entry(item, &r->items[i], path, text, len, i, err);
        r->n = i + 1;
    }
    if (st != RK_OK)
        goto done;
    qsort(r->items, r->n, sizeof *r->items, cmp_entry);
    for (i = 1; i < r->n; i++)
        if (strcmp(r->items[i - 1].group, r->items[i].group) == 0) {
            st = error_at(err, path, text, len, 0, "two reviews of group '%s'", r->items[i].group);
            break;
        }
done:
    cJSON_Delete(root);
    return st;
}

rk_status rk_reviews_load(const char *path, rk_reviews **out, rk_error *err)
{
    *out = NULL;
    rk_reviews *r = calloc(1, sizeof *r);
    if (!r)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        *out = r;
        return RK_OK;
    }
    char *text = NULL;
    size_t len = 0;
    rk_status st = rk_file_read(path, REVIEW_FILE_MAX, &text, &len, err);
    if (st == RK_ERR_LIMIT)
        rk_error_set(err, RK_ERR_LIMIT, path, 0, 0,
                     "a review file larger than %u MiB (the limit for review files)",
                     REVIEW_FILE_MAX >> 20);
    if (st == RK_OK)
        st = parse_reviews(path, text, len, r, err);
    free(text);
    if (st != RK_OK) {
        rk_reviews_free(r);
        return st;
    }
    *out = r;
    return RK_OK;
}

/* ---- writing ------------------------------------------------------------ */

static int put_json_string(rk_buf *b, const char *s)
{
    if (!s)
        return rk_buf_puts(b, "null");
    int rc = rk_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        switch (*p) {
        case '"': rc = rk_buf_puts(b, "\\\""); break;
        case '\\': rc = rk_buf_puts(b, "\\\\"); break;
        case '\n': rc = rk_buf_puts(b, "\\n"); break;
        case '\r': rc = rk_buf_puts(b, "\\r"); break;
        case '\t': rc = rk_buf_puts(b, "\\t"); break;
        default:
            rc = *p < 0x20 ? rk_buf_printf(b, "\\u%04x", *p) : rk_buf_putc(b, (char)*p);
        }
    }
    return rc | rk_buf_putc(b, '"');
}

rk_status rk_reviews_format(const rk_reviews *r, char **out, size_t *len, rk_error *err)
{
    *out = NULL;
    rk_buf b = RK_BUF_INIT;
    int rc = rk_buf_puts(&b, "{\n  \"reviews\": [");
    for (size_t i = 0; i < r->n; i++) {
        const rk_review_entry *e = &r->items[i];
        rc |= rk_buf_puts(&b, i ? ",\n    {\n      \"group\": " : "\n    {\n      \"group\": ");
        rc |= put_json_string(&b, e->group);
        rc |= rk_buf_puts(&b, ",\n      \"state\": ");
        rc |= put_json_string(&b, rk_review_state_name(e->state));
        rc |= rk_buf_puts(&b, ",\n      \"note\": ") | put_json_string(&b, e->note);
        rc |= rk_buf_puts(&b, ",\n      \"reviewer\": ") | put_json_string(&b, e->reviewer);
        rc |= rk_buf_puts(&b, ",\n      \"updated\": ") | put_json_string(&b, e->updated);
        if (e->figures)
            rc |= rk_buf_puts(&b, ",\n      \"figures\": ") | put_json_string(&b, e->figures);
        rc |= rk_buf_puts(&b, "\n    }");
    }
    rc |= rk_buf_puts(&b, r->n ? "\n  ]\n}\n" : "]\n}\n");
    if (rc < 0) {
        rk_buf_free(&b);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = rk_buf_detach(&b, len);
    return RK_OK;
}

/* The decision's time: the caller's when given (reproducible runs), else
 * the current UTC time. */
static char *now_iso8601(const char *fixed)
{
    if (fixed && *fixed)
        return rk_strdup(fixed);
    char buf[32];
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return rk_strdup("");
    return rk_strdup(buf);
}

/* Inserts or replaces the entry for e->group, keeping items sorted; takes
 * ownership of e's strings on success; on failure ownership stays with the
 * caller. */
static int upsert(rk_reviews *r, rk_review_entry *e)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->items[mid].group, e->group) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->n && strcmp(r->items[lo].group, e->group) == 0) {
        entry_clear(&r->items[lo]);
        r->items[lo] = *e;
        return 0;
    }
    rk_review_entry *v = rk_array_grow(r->items, &r->cap, r->n, sizeof *v, 16);
    if (!v)
        return -1;
    r->items = v;
    memmove(&r->items[lo + 1], &r->items[lo], (r->n - lo) * sizeof *r->items);
    r->items[lo] = *e;
    r->n++;
    return 0;
}

static rk_status write_reviews(const char *path, const rk_reviews *r, rk_error *err)
{
    char *text = NULL;
    size_t len = 0;
    rk_out *o = NULL;
    rk_status st = rk_reviews_format(r, &text, &len, err);
    if (st == RK_ERR_NOMEM)
        rk_error_set(err, st, path, 0, 0, "out of memory");
    if (st == RK_OK && (st = rk_out_open(path, &o, err)) == RK_OK) {
        if (fwrite(text, 1, len, rk_out_file(o)) != len) {
            rk_out_abort(o);
            st = rk_error_set(err, RK_ERR_IO, path, 0, 0, "write error: %s", strerror(errno));
        } else {
            st = rk_out_commit(o, err);
        }
    }
    free(text);
    return st;
}

/* Applies one decision to the file; runs with the lock held. */
static rk_status apply(const char *path, const char *group, rk_review_state state,
                       const char *note, const char *reviewer, const char *figures,
                       const char *updated,
                       rk_error *err)
{
    rk_reviews *r = NULL;
    /* Re-read inside the lock: another writer may have changed the file
     * since anything this process read. A broken file is left alone. */
    rk_status st = rk_reviews_load(path, &r, err);
    if (st != RK_OK)
        return st;
    rk_review_entry e = {rk_strdup(group), state, rk_strdup(note), rk_strdup(reviewer),
                         now_iso8601(updated), rk_strdup(figures)};
    if (!e.group || !e.updated || (note && !e.note) || (reviewer && !e.reviewer) ||
        (figures && !e.figures) ||
        upsert(r, &e) < 0) {
        entry_clear(&e);
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    } else {
        st = write_reviews(path, r, err);
    }
    rk_reviews_free(r);
    return st;
}

/* Refuses what the file could hold but its reader would not take back: a
 * value that is not UTF-8 (the reader refuses the whole file). */
static rk_status check_value(const char *path, const char *what, const char *v, rk_error *err)
{
    size_t bad = 0;
    if (!v || rk_utf8_valid(v, strlen(v), &bad))
        return RK_OK;
    return rk_error_set(err, RK_ERR_USAGE, path, 0, 0,
                        "the %s is not valid UTF-8 (byte %zu, 0x%02X); nothing written", what,
                        bad, (unsigned)(unsigned char)v[bad]);
}

/* The lock file of path: .NAME.lock in the same folder. Hidden, so a
 * folder walk passes it over even when the review file sits among the
 * articles. The caller frees it with free(); NULL on OOM. */
static char *lock_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    rk_buf b = RK_BUF_INIT;
    int rc = slash ? rk_buf_printf(&b, "%.*s/.%s.lock", (int)(slash - path), path, slash + 1)
                   : rk_buf_printf(&b, ".%s.lock", path);
    if (rc < 0) {
        rk_buf_free(&b);
        return NULL;
    }
    return rk_buf_detach(&b, NULL);
}

rk_status rk_reviews_set(const char *path, const char *group, rk_review_state state,
                         const char *note, const char *reviewer, const char *figures,
                         const char *updated,
                         rk_error *err)
{
    if (!path || !*path || !group || !*group || !rk_review_state_name(state))
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0,
                            "a review needs a file, a group id and a state");
    rk_status bad;
    if ((bad = check_value(path, "group id", group, err)) != RK_OK ||
        (bad = check_value(path, "note", note, err)) != RK_OK ||
        (bad = check_value(path, "reviewer", reviewer, err)) != RK_OK ||
        (bad = check_value(path, "figures", figures, err)) != RK_OK ||
        (bad = check_value(path, "time", updated, err)) != RK_OK)
        return bad;
    char *lock = lock_path(path);
    if (!lock)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    rk_status st;
    int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        st = rk_error_set(err, RK_ERR_IO, lock, 0, 0, "cannot open lock file: %s",
                          strerror(errno));
        goto done;
    }
    int rc;
    while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
        ;
    if (rc != 0) {
        st = rk_error_set(err, RK_ERR_IO, lock, 0, 0, "cannot lock: %s", strerror(errno));
        goto done;
    }
    st = apply(path, group, state, note, reviewer, figures, updated, err);
    /* The lock file stays: removing it would let a third writer lock a new
     * file while a second still holds the old one. */
    flock(fd, LOCK_UN);
done:
    if (fd >= 0)
        close(fd);
    free(lock);
    return st;
}

int rk_review_stale(const rk_review_entry *e, const char *now)
{
    return e && e->figures && now && strcmp(e->figures, now) != 0;
}
