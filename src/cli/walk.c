/* walk.c - the inputs of a run: operands expanded into article files, and a
 * document id for each that is unique within the run.
 *
 * A folder is walked by device and inode: a folder or file met again (through
 * a link, or a link back to a folder above) is not read twice, so links can
 * neither loop nor repeat documents. A link that leads out of the folder
 * given is not followed unless the user asks (--follow) and is reported;
 * so are dangling links, FIFOs, devices and the files that are not articles
 * (gold claims, reviews, lock files, notes, images: see not_article()). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Deeper folders are not a corpus; the walk stops there and says so. */
#define WALK_MAX_DEPTH 32

/* ---- a set of (device, inode) pairs -------------------------------------- */

typedef struct file_key {
    dev_t dev;
    ino_t ino;
    size_t first;   /* index into the run's inputs of the file, or SIZE_MAX */
} file_key;

typedef struct key_set {
    file_key *v;    /* open addressing; ino 0 with dev 0 marks a free slot */
    size_t n, cap;
} key_set;

static size_t key_hash(dev_t dev, ino_t ino)
{
    uint64_t h = (uint64_t)dev * 0x9E3779B97F4A7C15ULL ^ (uint64_t)ino * 0xC2B2AE3D27D4EB4FULL;
    return (size_t)(h ^ (h >> 29));
}

static int key_free(const file_key *k)
{
    return k->dev == 0 && k->ino == 0;
}

/* The slot of (dev, ino), or the free slot where it would go. */
static file_key *key_slot(const key_set *s, dev_t dev, ino_t ino)
{
    size_t i = key_hash(dev, ino) & (s->cap - 1);
    while (!key_free(&s->v[i]) && !(s->v[i].dev == dev && s->v[i].ino == ino))
        i = (i + 1) & (s->cap - 1);
    return &s->v[i];
}

/* Adds (dev, ino); returns the entry already there, NULL when it is new,
 * or (file_key *)-1 when out of memory. */
static file_key *key_add(key_set *s, dev_t dev, ino_t ino, size_t first)
{
    if ((s->n + 1) * 2 > s->cap) {
        key_set g = {NULL, 0, s->cap ? s->cap * 2 : 64};
        if (!(g.v = calloc(g.cap, sizeof *g.v)))
            return (file_key *)-1;
        for (size_t i = 0; i < s->cap; i++)
            if (!key_free(&s->v[i]))
                *key_slot(&g, s->v[i].dev, s->v[i].ino) = s->v[i];
        g.n = s->n;
        free(s->v);
        *s = g;
    }
    file_key *k = key_slot(s, dev, ino);
    if (!key_free(k))
        return k;
    if (dev == 0 && ino == 0)
        return NULL; /* cannot be stored; never seen in practice */
    *k = (file_key){dev, ino, first};
    s->n++;
    return NULL;
}

/* ---- the path list --------------------------------------------------------- */

void cli_paths_free(cli_paths *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i]);
        if (p->ids)
            free(p->ids[i]);
    }
    free(p->v);
    free(p->ids);
    free(p->order);
    memset(p, 0, sizeof *p);
}

/* Appends path s with its id relative to the operand (rel: the part of s
 * after the operand folder, NULL for a file operand). */
static int paths_push(cli_paths *p, const char *s, const char *rel)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        char **r = realloc(p->ids, cap * sizeof *r);
        if (!r)
            return -1;
        p->ids = r;
        p->cap = cap;
    }
    p->v[p->n] = rk_strdup(s);
    p->ids[p->n] = rk_strdup(rel ? rel : s);
    if (!p->v[p->n] || !p->ids[p->n]) {
        free(p->v[p->n]);
        free(p->ids[p->n]);
        return -1;
    }
    p->n++;
    return 0;
}

/* ---- notes ----------------------------------------------------------------- */

/* Reports a warning (code RK_OK) or an error about path. */
static void vreport(cli_ctx *ctx, rk_status code, const char *path, const char *fmt, va_list ap)
{
    rk_error e;
    char msg[RK_ERROR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (code == RK_OK)
        rk_error_warn(&e, RK_ERR_FORMAT, path, 0, 0, "%s", msg);
    else
        rk_error_set(&e, code, path, 0, 0, "%s", msg);
    cli_diag(ctx, &e);
}

/* Prints a warning about path: it changes nothing in the exit status. */
static void note(cli_ctx *ctx, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(cli_ctx *ctx, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, RK_OK, path, fmt, ap);
    va_end(ap);
}

/* Reports an error about path: the run then exits 2. */
static void fail(cli_ctx *ctx, rk_status code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail(cli_ctx *ctx, rk_status code, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ctx, code, path, fmt, ap);
    va_end(ap);
}

/* ---- what a folder holds ----------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* A temporary output left by an interrupted run (rk_out: NAME.tmp.XXXXXX). */
static int is_temp_output(const char *name)
{
    for (const char *t = strstr(name, ".tmp."); t; t = strstr(t + 1, ".tmp."))
        if (strlen(t + 5) == 6)
            return 1;
    return 0;
}

/* Files a folder walk passes over without a word: hidden files (the review
 * lock among them), sidecars (read with their article) and what an
 * interrupted run left. */
static int quiet_skip(const char *name)
{
    return name[0] == '.' || ends_with(name, ".meta.json") || is_temp_output(name);
}

/* Extensions of files that are never articles. */
static const char *const k_not_article_ext[] = {
    ".md", ".markdown", ".rst", ".pdf", ".doc", ".docx", ".odt", ".rtf",
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".ico",
    ".avif", ".heic", ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".avi",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".tar", ".rar",
    ".css", ".js", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".csv", ".tsv", ".xls", ".xlsx", ".ods", ".sqlite", ".db", NULL};

/* Why a file of a folder is not an article, written into why (room for
 * 64 bytes), or NULL when it may be one. The gold files, reviews and scores
 * are reckon's own companions of a corpus; the rest are what people keep
 * beside their articles. */
static const char *not_article(const char *name, char *why, int *companion)
{
    *companion = 1;
    static const struct { const char *suffix, *what; } k_named[] = {
        {".gold.jsonl", "gold claims"}, {".negatives.jsonl", "gold negatives"},
        {".review.json", "reviews"}, {".lock", "a lock file"}, {"~", "an editor's backup"}};
    static const struct { const char *name, *what; } k_exact[] = {
        {"gold.jsonl", "gold claims"}, {"negatives.jsonl", "gold negatives"},
        {"relations.jsonl", "gold relations"}, {"reviews.json", "reviews"},
        {"scores.json", "the scorer's baseline"}};
    for (size_t i = 0; i < sizeof k_exact / sizeof *k_exact; i++)
        if (strcmp(name, k_exact[i].name) == 0)
            return k_exact[i].what;
    for (size_t i = 0; i < sizeof k_named / sizeof *k_named; i++)
        if (ends_with(name, k_named[i].suffix)) {
            /* a lock or a backup is something left behind: noted */
            *companion = i < 3;
            return k_named[i].what;
        }
    if (strncmp(name, "README", 6) == 0)
        return "a README";
    *companion = 0; /* from here on what people keep beside articles: noted */
    for (size_t i = 0; k_not_article_ext[i]; i++) {
        if (ends_with(name, k_not_article_ext[i])) {
            snprintf(why, 64, "a %s file", k_not_article_ext[i]);
            return why;
        }
    }
    return NULL;
}

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" : "not a file";
}

/* ---- the walk ------------------------------------------------------------- */

typedef struct walk {
    cli_ctx *ctx;
    cli_paths *out;
    key_set seen;       /* folders and files read so far */
    const char *root;   /* the operand folder as given */
    char *root_real;    /* its real path, for links that leave it */
    size_t skipped;     /* files of this operand that are not articles */
} walk;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the real path p inside the operand folder? */
static int inside_root(const walk *w, const char *p)
{
    size_t n = strlen(w->root_real);
    return strncmp(p, w->root_real, n) == 0 &&
           (p[n] == '/' || p[n] == '\0' || (n == 1 && w->root_real[0] == '/'));
}

/* The part of path after the operand folder and its slash. */
static const char *relative(const walk *w, const char *path)
{
    size_t n = strlen(w->root);
    const char *r = path + n;
    while (*r == '/')
        r++;
    return r;
}

static int walk_dir(walk *w, const char *dir, int depth);

/* One entry of a folder: follows what it may, reports what it skips. */
static int walk_entry(walk *w, const char *path, const char *name, int depth)
{
    struct stat lsb, sb;
    if (lstat(path, &lsb) != 0)
        return 0; /* gone since the listing */
    if (S_ISLNK(lsb.st_mode)) {
        if (stat(path, &sb) != 0) {
            note(w->ctx, path, "a link to nothing (%s); skipped", strerror(errno));
            return 0;
        }
        char *real = realpath(path, NULL);
        if (!real && errno == ENOMEM)
            return -1;
        if (!real) {
            note(w->ctx, path, "a link that cannot be resolved (%s); skipped", strerror(errno));
            return 0;
        }
        int out = !inside_root(w, real);
        if (out && !w->ctx->follow)
            note(w->ctx, path, "a link out of the folder (to %s); not followed (--follow reads "
                 "it)", real);
        free(real);
        if (out && !w->ctx->follow)
            return 0;
    } else {
        sb = lsb;
    }
    if (S_ISDIR(sb.st_mode)) {
        /* an event's own rules beside its articles (read as rules, see
         * cli_load_rules()), not articles */
        if (depth == 0 && strcmp(name, "rules") == 0 && cli_is_event_rules(path))
            return 0;
        file_key *k = key_add(&w->seen, sb.st_dev, sb.st_ino, SIZE_MAX);
        if (k == (file_key *)-1)
            return -1;
        if (k) {
            note(w->ctx, path, "a folder already read (a link back to it); skipped");
            return 0;
        }
        if (depth + 1 > WALK_MAX_DEPTH) {
            note(w->ctx, path, "folders nested deeper than %d; skipped", WALK_MAX_DEPTH);
            return 0;
        }
        return walk_dir(w, path, depth + 1);
    }
    if (!S_ISREG(sb.st_mode)) {
        note(w->ctx, path, "%s, not a file; skipped", kind_of(sb.st_mode));
        return 0;
    }
    char buf[64];
    int companion;
    const char *why = not_article(name, buf, &companion);
    if (why) {
        w->skipped++;
        /* reckon's own companions of a corpus (gold files, reviews, scores,
         * its README) are passed over without a word */
        if (!w->ctx->quiet_walk && !companion)
            note(w->ctx, path, "%s, not an article; skipped", why);
        return 0;
    }
    file_key *k = key_add(&w->seen, sb.st_dev, sb.st_ino, w->out->n);
    if (k == (file_key *)-1)
        return -1;
    if (k) {
        note(w->ctx, path, "the same file as %s; read once",
             k->first < w->out->n ? w->out->v[k->first] : "another input");
        return 0;
    }
    return paths_push(w->out, path, relative(w, path));
}

static int walk_dir(walk *w, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        fail(w->ctx, RK_ERR_IO, dir, "cannot open folder: %s", strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    int rc = 0;
    while (rc == 0 && (ent = readdir(d))) {
        if (quiet_skip(ent->d_name))
            continue;
        char **v = rk_array_grow(names, &cap, n, sizeof *names, 16);
        if (!v || !(v[n] = rk_strdup(ent->d_name))) {
            names = v ? v : names;
            rc = -1;
            break;
        }
        names = v;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rk_buf b = RK_BUF_INIT;
        size_t dl = strlen(dir);
        if (rk_buf_printf(&b, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", names[i]) < 0)
            rc = -1;
        else
            rc = walk_entry(w, b.data, names[i], depth);
        rk_buf_free(&b);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Walks the operand folder dir into w->out; an operand with no article is
 * an error. */
static int walk_operand(walk *w, const char *dir, const struct stat *sb)
{
    size_t before = w->out->n;
    w->root = dir;
    w->skipped = 0;
    if (!(w->root_real = realpath(dir, NULL)))
        return errno == ENOMEM ? -1 : 0;
    file_key *k = key_add(&w->seen, sb->st_dev, sb->st_ino, SIZE_MAX);
    int rc = k == (file_key *)-1 ? -1 : k ? 0 : walk_dir(w, dir, 0);
    free(w->root_real);
    w->root_real = NULL;
    if (rc == 0 && !k && w->out->n == before) {
        if (w->skipped)
            fail(w->ctx, RK_ERR_FORMAT, dir, "no article in this folder (%zu %s that %s not "
                 "articles skipped)", w->skipped, w->skipped == 1 ? "file" : "files",
                 w->skipped == 1 ? "is" : "are");
        else
            fail(w->ctx, RK_ERR_FORMAT, dir, "no article in this folder");
    }
    return rc;
}

/* ---- document ids ---------------------------------------------------------- */

/* id without the last extension of its file name. */
static void strip_ext(char *id)
{
    char *slash = strrchr(id, '/');
    char *base = slash ? slash + 1 : id;
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
}

static const cli_paths *sort_paths; /* the list cmp_id sorts; qsort has no context */

static int cmp_id(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_paths->ids[x], sort_paths->ids[y]);
    return c ? c : (x > y) - (x < y);
}

static int cmp_path(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_paths->v[x], sort_paths->v[y]);
    return c ? c : (x > y) - (x < y);
}

/* Sorts p->order by cmp (cmp_path, for cli_paths_id(), or cmp_id). */
static void order_by(cli_paths *p, int (*cmp)(const void *, const void *))
{
    for (size_t i = 0; i < p->n; i++)
        p->order[i] = i;
    sort_paths = p;
    qsort(p->order, p->n, sizeof *p->order, cmp);
    sort_paths = NULL;
}

/* Replaces the ids of every group of equal ones with what fix() makes of
 * each member; returns how many ids changed, or -1 on OOM. */
static long widen(cli_paths *p, char *(*fix)(const cli_paths *p, size_t i))
{
    long changed = 0;
    order_by(p, cmp_id);
    for (size_t a = 0; a < p->n;) {
        size_t b = a + 1;
        while (b < p->n && strcmp(p->ids[p->order[a]], p->ids[p->order[b]]) == 0)
            b++;
        for (size_t k = a; b - a > 1 && k < b; k++) {
            char *id = fix(p, p->order[k]);
            if (!id)
                return -1;
            changed += strcmp(id, p->ids[p->order[k]]) != 0;
            free(p->ids[p->order[k]]);
            p->ids[p->order[k]] = id;
        }
        a = b;
    }
    return changed;
}

/* The id with its extension: the relative path kept whole. */
static char *with_ext(const cli_paths *p, size_t i)
{
    return rk_strdup(p->rel[i]);
}

/* The path as given. */
static char *as_given(const cli_paths *p, size_t i)
{
    return rk_strdup(strcmp(p->v[i], "-") == 0 ? "stdin" : p->v[i]);
}

/* The id and a number: what is left after the path as given (the same path
 * twice as an operand of a stream, e.g. "-" twice). */
static char *numbered(const cli_paths *p, size_t i)
{
    rk_buf b = RK_BUF_INIT;
    size_t k = 0;
    for (size_t j = 0; j < i; j++)
        k += strcmp(p->ids[j], p->ids[i]) == 0;
    if (rk_buf_printf(&b, "%s~%zu", p->ids[i], k + 1) < 0) {
        rk_buf_free(&b);
        return NULL;
    }
    return rk_buf_detach(&b, NULL);
}

/* Makes every id unique: the path relative to its operand without the
 * extension (a file operand: its name), then, for ids two inputs share,
 * with the extension, then the path as given, then numbered. Ids depend on
 * the inputs only, so they are stable from run to run. */
static int make_ids(cli_paths *p)
{
    if (!p->n)
        return 0;
    if (!(p->order = malloc(p->n * sizeof *p->order)) || !(p->rel = calloc(p->n, sizeof *p->rel)))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < p->n && rc == 0; i++) {
        if (strcmp(p->v[i], "-") == 0) {
            free(p->ids[i]);
            p->ids[i] = NULL;
            rc = !(p->ids[i] = rk_strdup("stdin")) || !(p->rel[i] = rk_strdup("stdin")) ? -1 : 0;
            continue;
        }
        if (!(p->rel[i] = rk_strdup(p->ids[i])))
            rc = -1;
        else
            strip_ext(p->ids[i]);
    }
    if (rc == 0 && (widen(p, with_ext) < 0 || widen(p, as_given) < 0 || widen(p, numbered) < 0))
        rc = -1;
    for (size_t i = 0; i < p->n; i++)
        free(p->rel[i]);
    free(p->rel);
    p->rel = NULL;
    /* order now serves cli_paths_id(): the paths sorted. */
    if (rc == 0)
        order_by(p, cmp_path);
    return rc;
}

void cli_paths_drop(cli_paths *p, const unsigned char *drop)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (drop[i]) {
            free(p->v[i]);
            if (p->ids)
                free(p->ids[i]);
            continue;
        }
        p->v[kept] = p->v[i];
        if (p->ids)
            p->ids[kept] = p->ids[i];
        kept++;
    }
    p->n = kept;
    if (p->order)
        order_by(p, cmp_path);
}

const char *cli_paths_id(void *ctx, const char *path)
{
    const cli_paths *p = ctx;
    size_t lo = 0, hi = p && p->order ? p->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->v[p->order[mid]], path);
        if (c == 0)
            return p->ids[p->order[mid]];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- operands ----------------------------------------------------------- */

/* The name of a file operand without its folders. */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

int cli_collect_inputs(cli_ctx *ctx, int n, char **operands, cli_paths *out)
{
    walk w = {ctx, out, {0}, NULL, NULL, 0};
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        const char *p = operands[i];
        struct stat sb;
        if (strcmp(p, "-") == 0) {
            rc = paths_push(out, p, p);
            continue;
        }
        if (stat(p, &sb) != 0) {
            fail(ctx, RK_ERR_IO, p, "cannot open: %s", strerror(errno));
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            rc = walk_operand(&w, p, &sb);
            continue;
        }
        /* A file given by name is read whatever it is called; only the same
         * regular file twice is read once. */
        file_key *k = S_ISREG(sb.st_mode) ? key_add(&w.seen, sb.st_dev, sb.st_ino, out->n) : NULL;
        if (k == (file_key *)-1)
            rc = -1;
        else if (k)
            note(ctx, p, "the same file as %s; read once",
                 k->first < out->n ? out->v[k->first] : "a file of a folder given");
        else
            rc = paths_push(out, p, base_name(p));
    }
    free(w.seen.v);
    if (rc == 0)
        rc = make_ids(out);
    if (rc < 0)
        fail(ctx, RK_ERR_NOMEM, NULL, "out of memory while listing the inputs");
    ctx->inputs = out;
    /* Nothing to read after errors: no empty output that looks like a result. */
    if (rc == 0 && out->n == 0 && ctx->n_errors)
        rc = -1;
    return rc;
}
