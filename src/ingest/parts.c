/* parts.c - one large JSON Lines file read in parts, so that the threads of
 * a run can share it. A part is a byte range of the file cut between lines;
 * it knows its first line number by counting the line breaks before it, so
 * its documents, ids and errors are exactly those the whole-file reader
 * gives for the same lines. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How much of the file the format is detected from. */
#define PART_DETECT_BYTES ((size_t)1 << 20)
/* Bytes read at a time while counting lines. */
#define PART_BLOCK ((size_t)1 << 18)

static size_t max_of(const rk_ingest_options *opts)
{
    return opts && opts->max_bytes ? opts->max_bytes : RK_INGEST_DEFAULT_MAX_BYTES;
}

/* Reads exactly n bytes at off into buf; -1 with errno on failure, 0 at a
 * short read (the file shrank). */
static int read_at(int fd, char *buf, size_t n, size_t off)
{
    while (n) {
        ssize_t got = pread(fd, buf, n, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            return 0;
        buf += got, n -= (size_t)got, off += (size_t)got;
    }
    return 1;
}

static rk_status read_error(const char *path, int r, rk_error *err)
{
    if (r < 0)
        return rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    return rk_error_set(err, RK_ERR_IO, path, 0, 0, "the file changed while it was read");
}

/* Opens path for reading into *fd and checks it still has file_size bytes;
 * on an error nothing is left open. */
static rk_status open_sized(const char *path, size_t file_size, int *fd, rk_error *err)
{
    if ((*fd = open(path, O_RDONLY)) < 0)
        return rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(*fd, &sb) != 0 || (size_t)sb.st_size != file_size) {
        close(*fd);
        return read_error(path, 0, err);
    }
    return RK_OK;
}

size_t rk_ingest_parts(const char *path, const rk_ingest_options *opts, size_t max_parts,
                       size_t *file_size)
{
    struct stat sb;
    *file_size = 0;
    if (max_parts < 2 || !path || strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
        !S_ISREG(sb.st_mode) || (unsigned long long)sb.st_size < RK_INGEST_PART_MIN ||
        (unsigned long long)sb.st_size > max_of(opts))
        return 1;
    size_t size = (size_t)sb.st_size, n = size / (RK_INGEST_PART_MIN / 2);
    if (opts && opts->force_format && opts->force_format != RK_FORMAT_JSONL)
        return 1;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 1;
    char *head = malloc(PART_DETECT_BYTES);
    int r = head ? read_at(fd, head, PART_DETECT_BYTES, 0) : -1;
    close(fd);
    /* Only when the head decides the format as the whole file would: it
     * holds the first line and the first byte of the next one, and no UTF-16
     * mark. */
    const char *nl = r == 1 ? memchr(head, '\n', PART_DETECT_BYTES) : NULL;
    size_t next = nl ? (size_t)(nl - head) + 1 : PART_DETECT_BYTES;
    while (next < PART_DETECT_BYTES && (head[next] == ' ' || head[next] == '\t' ||
                                        head[next] == '\r' || head[next] == '\n'))
        next++;
    int jsonl = next < PART_DETECT_BYTES &&
                !(memcmp(head, "\xFF\xFE", 2) == 0 || memcmp(head, "\xFE\xFF", 2) == 0) &&
                ((opts && opts->force_format == RK_FORMAT_JSONL) ||
                 rk_ingest_detect(path, head, PART_DETECT_BYTES) == RK_FORMAT_JSONL);
    free(head);
    if (!jsonl)
        return 1;
    *file_size = size;
    return n < 2 ? 2 : n > max_parts ? max_parts : n;
}

/* The first line start at or after pos (pos itself when it follows a line
 * break or is 0; size when no line starts there), and, when breaks is not
 * NULL, the number of line breaks before it. Returns read_at()'s 1, 0 or
 * -1. */
static int line_start(int fd, size_t size, size_t pos, char *block, size_t *start,
                      long *breaks)
{
    long nl = 0;
    *start = size;
    /* Count the breaks before pos - 1, then find the first one from there. */
    size_t upto = pos > 0 ? pos - 1 : 0, at = breaks ? 0 : upto;
    while (at < upto) {
        size_t n = upto - at < PART_BLOCK ? upto - at : PART_BLOCK;
        int r = read_at(fd, block, n, at);
        if (r != 1)
            return r;
        for (const char *p = block, *e = block + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
            nl++;
        at += n;
    }
    if (pos == 0) {
        *start = 0;
        if (breaks)
            *breaks = 0;
        return 1;
    }
    while (at < size) {
        size_t n = size - at < PART_BLOCK ? size - at : PART_BLOCK;
        int r = read_at(fd, block, n, at);
        if (r != 1)
            return r;
        const char *p = memchr(block, '\n', n);
        if (p) {
            *start = at + (size_t)(p - block) + 1;
            if (breaks)
                *breaks = nl + 1;
            return 1;
        }
        at += n;
    }
    if (breaks)
        *breaks = nl;
    return 1;
}

/* The documents of one part, data[0, len) at byte off of the file and line
 * line: refused whole when it holds a NUL, else read line by line and
 * appended to out all or nothing. */
static rk_status read_part(const ing_ctx *c, const char *data, size_t len, size_t off,
                           long line, rk_doclist *out, size_t *bad, rk_error *err)
{
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return ing_binary_error(c->path, off + (size_t)(nul - data), err);
    rk_doclist tmp = {0};
    rk_status st = ing_read_jsonl_lines(c, data, len, off, line, &tmp, bad, NULL, err);
    for (size_t i = 0; st == RK_OK && i < tmp.n; i++)
        st = ing_finish(c, tmp.docs[i], 0, err);
    for (size_t i = 0; st == RK_OK && i < tmp.n; i++) {
        if (rk_doclist_push(out, tmp.docs[i]) < 0) {
            out->n -= i; /* all or nothing, as a whole file */
            st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        }
    }
    if (st == RK_OK)
        tmp.n = 0;
    rk_doclist_free(&tmp);
    return st;
}

rk_status rk_ingest_file_part(const char *path, const rk_ingest_options *opts, size_t file_size,
                              size_t part, size_t n_parts, rk_doclist *out, size_t *bad,
                              rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!path || !out || !bad || n_parts == 0 || part >= n_parts)
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_ingest_file_part: bad argument");
    rk_ingest_options defaults = {0};
    ing_ctx c = {path, NULL, opts ? opts : &defaults, diag, diag_ctx};
    char *id = NULL, *block = NULL, *data = NULL;
    rk_status st = RK_OK;
    int fd;
    if ((st = open_sized(path, file_size, &fd, err)) != RK_OK)
        return st;
    size_t a, b = file_size;
    long line_a;
    int r;
    if (!(id = ing_make_id(c.opts, path)) || !(block = malloc(PART_BLOCK))) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    c.id = id;
    /* Part k holds the lines that start in [size / n * k, size / n * (k + 1)),
     * the last one up to the end. */
    if ((r = line_start(fd, file_size, file_size / n_parts * part, block, &a, &line_a)) != 1 ||
        (part + 1 < n_parts &&
         (r = line_start(fd, file_size, file_size / n_parts * (part + 1), block, &b, NULL)) != 1)) {
        st = read_error(path, r, err);
        goto done;
    }
    if (b <= a)
        goto done; /* one long line spans the whole part: the part before reads it */
    if (!(data = malloc(b - a + 1))) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    if ((r = read_at(fd, data, b - a, a)) != 1) {
        st = read_error(path, r, err);
        goto done;
    }
    data[b - a] = '\0';
    st = read_part(&c, data, b - a, a, line_a + 1, out, bad, err);
done:
    free(data);
    free(block);
    free(id);
    close(fd);
    return st;
}

rk_status rk_ingest_parts_end(const char *path, size_t n_docs, size_t bad, rk_error *err)
{
    return ing_jsonl_verdict(path, n_docs, bad, err);
}

/* The line breaks in p[0, n), and in *nul 1 when it holds a NUL byte: the
 * cut's one look at each byte of the file. The plain loop is the reference
 * the vector ones are tested against (ing_set_break_simd()). */
static size_t breaks_plain(const char *p, size_t n, int *nul)
{
    size_t c = 0;
    int z = 0;
    for (size_t i = 0; i < n; i++) {
        c += p[i] == '\n';
        z |= p[i] == '\0';
    }
    *nul = z;
    return c;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_BREAKS_SIMD 1

/* 16 bytes a step: a byte counter per lane takes -1 for each break (at most
 * 255 steps before it is summed), an OR keeps the NULs. */
static size_t breaks_sse2(const char *p, size_t n, int *nul)
{
    const __m128i lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    __m128i z = zero;
    size_t c = 0, i = 0;
    while (n - i >= 16) {
        size_t steps = (n - i) / 16 < 255 ? (n - i) / 16 : 255;
        __m128i acc = zero;
        for (size_t s = 0; s < steps; s++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf));
            z = _mm_or_si128(z, _mm_cmpeq_epi8(v, zero));
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        c += (size_t)_mm_cvtsi128_si64(sum) + (size_t)_mm_extract_epi16(sum, 4);
    }
    int tail;
    c += breaks_plain(p + i, n - i, &tail);
    *nul = tail || _mm_movemask_epi8(_mm_cmpeq_epi8(z, zero)) != 0xFFFF;
    return c;
}

/* The same 64 bytes a step, as two 32-byte halves. */
__attribute__((target("avx2"))) static size_t breaks_avx2(const char *p, size_t n, int *nul)
{
    const __m256i lf = _mm256_set1_epi8('\n'), zero = _mm256_setzero_si256();
    __m256i z = zero;
    size_t c = 0, i = 0;
    while (n - i >= 64) {
        size_t steps = (n - i) / 64 < 127 ? (n - i) / 64 : 127;
        __m256i acc = zero;
        for (size_t s = 0; s < steps; s++, i += 64) {
            __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
            __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 32));
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(a, lf));
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(b, lf));
            z = _mm256_or_si256(z, _mm256_cmpeq_epi8(_mm256_min_epu8(a, b), zero));
        }
        __m256i sum = _mm256_sad_epu8(acc, zero);
        c += (size_t)_mm256_extract_epi64(sum, 0) + (size_t)_mm256_extract_epi64(sum, 1) +
             (size_t)_mm256_extract_epi64(sum, 2) + (size_t)_mm256_extract_epi64(sum, 3);
    }
    int tail;
    c += breaks_sse2(p + i, n - i, &tail);
    *nul = tail || !_mm256_testz_si256(z, z);
    return c;
}
#endif

/* 2: the widest vectors the machine has, 1: SSE2 only, 0: the plain loop. */
static int breaks_simd = 2;

int ing_set_break_simd(int level)
{
    int was = breaks_simd;
    breaks_simd = level;
    return was;
}

static size_t count_breaks(const char *p, size_t n, int *nul)
{
#ifdef HAVE_BREAKS_SIMD
    if (breaks_simd == 2 && __builtin_cpu_supports("avx2"))
        return breaks_avx2(p, n, nul);
    if (breaks_simd)
        return breaks_sse2(p, n, nul);
#endif
    return breaks_plain(p, n, nul);
}

size_t ing_count_breaks(const char *p, size_t n, int *nul)
{
    return count_breaks(p, n, nul);
}

void rk_ingest_cut_free(rk_ingest_cut *cut)
{
    if (!cut)
        return;
    free(cut->start);
    free(cut->line);
    memset(cut, 0, sizeof *cut);
}

rk_status rk_ingest_cut_file(const char *path, size_t file_size, size_t n_parts,
                             rk_ingest_cut *cut, rk_error *err)
{
    if (!path || !cut || n_parts == 0)
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_ingest_cut_file: bad argument");
    memset(cut, 0, sizeof *cut);
    char *block = NULL;
    rk_status st = RK_OK;
    int fd;
    if ((st = open_sized(path, file_size, &fd, err)) != RK_OK)
        return st;
    cut->start = malloc((n_parts + 1) * sizeof *cut->start);
    cut->line = malloc(n_parts * sizeof *cut->line);
    if (!cut->start || !cut->line || !(block = malloc(PART_BLOCK))) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    cut->file_size = file_size;
    cut->n_parts = n_parts;
    cut->start[0] = 0;
    cut->line[0] = 1;
    cut->start[n_parts] = file_size;
    /* Part k (k > 0) starts after the first line break at or after
     * file_size / n * k - 1, as line_start() finds it; `breaks` counts the
     * line breaks before the block position i. */
    size_t k = 1, breaks = 0, step = file_size / n_parts;
    for (size_t at = 0; at < file_size;) {
        size_t n = file_size - at < PART_BLOCK ? file_size - at : PART_BLOCK;
        int r = read_at(fd, block, n, at);
        if (r != 1) {
            st = read_error(path, r, err);
            goto done;
        }
        /* Every byte goes through count_breaks() once: up to where the
         * next part's start is searched from, and from there to the break
         * that starts it. */
        size_t i = 0;
        int nul = 0, z;
        while (i < n) {
            size_t end = n;
            int seek = 0;
            if (k < n_parts && step * k - 1 < at + n) {
                size_t from = step * k - 1; /* the absolute position to search from */
                end = from > at + i ? from - at : i;
                seek = 1;
            }
            breaks += count_breaks(block + i, end - i, &z);
            nul |= z;
            i = end;
            if (!seek)
                break;
            const char *q = memchr(block + i, '\n', n - i);
            size_t stop = q ? (size_t)(q - block) + 1 : n;
            count_breaks(block + i, stop - i, &z);
            nul |= z;
            i = stop;
            if (!q)
                break;
            size_t pos = at + (size_t)(q - block);
            for (; k < n_parts && step * k - 1 <= pos; k++) {
                cut->start[k] = pos + 1;
                cut->line[k] = (long)breaks + 2; /* breaks before it, this one, then 1-based */
            }
            breaks++;
        }
        if (nul) {
            const char *first = memchr(block, '\0', n);
            st = ing_binary_error(path, at + (size_t)(first - block), err);
            goto done;
        }
        at += n;
    }
    for (; k < n_parts; k++) {
        cut->start[k] = file_size;
        cut->line[k] = (long)breaks + 1;
    }
done:
    free(block);
    close(fd);
    if (st != RK_OK)
        rk_ingest_cut_free(cut);
    return st;
}

rk_status rk_ingest_cut_part(const char *path, const rk_ingest_options *opts,
                             const rk_ingest_cut *cut, size_t part, rk_doclist *out, size_t *bad,
                             rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!path || !cut || !out || !bad || part >= cut->n_parts)
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_ingest_cut_part: bad argument");
    size_t a = cut->start[part], b = cut->start[part + 1];
    if (b <= a)
        return RK_OK; /* one long line spans the whole part: the part before reads it */
    rk_ingest_options defaults = {0};
    ing_ctx c = {path, NULL, opts ? opts : &defaults, diag, diag_ctx};
    char *id = NULL, *data = NULL;
    rk_status st = RK_OK;
    int fd, r;
    if ((st = open_sized(path, cut->file_size, &fd, err)) != RK_OK)
        return st;
    if (!(id = ing_make_id(c.opts, path)) || !(data = malloc(b - a + 1))) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    c.id = id;
    if ((r = read_at(fd, data, b - a, a)) != 1) {
        st = read_error(path, r, err);
        goto done;
    }
    data[b - a] = '\0';
    /* The cut checked the file; this holds if it was rewritten since. */
    st = read_part(&c, data, b - a, a, cut->line[part], out, bad, err);
done:
    free(data);
    free(id);
    close(fd);
    return st;
}
