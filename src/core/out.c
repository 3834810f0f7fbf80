/* out.c - atomic output through a temporary file and rename(2), written
 * through instead when the target is no regular file (a device, a FIFO),
 * and with a registry of the temporary files open now, which a program's
 * signal handler can remove. */
#include "out.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct rk_out {
    FILE *f;
    char *tmp;    /* the temporary file; NULL when written through */
    char *path;   /* the file renamed over: the end of any chain of links */
    char *shown;  /* the path as given, for messages */
    int slot;     /* in the registry of temporary files, or -1 */
    char *buf;    /* f's stdio buffer (RK_OUT_BUFFER bytes), or NULL */
};

/* ---- temporary files a signal handler may remove ------------------------ */

/* Outputs open at once in one process: a command writes one or two. More
 * still work; they are only not removed on a signal. */
#define TEMP_SLOTS 16

/* A slot is claimed with a compare-and-swap on `state` (0 free, 1 being
 * filled, 2 set) so that the handler reads only complete names. */
static struct {
    volatile sig_atomic_t state;
    char name[PATH_MAX];
} temps[TEMP_SLOTS];

/* Claims a slot holding name; returns it, or -1 when none is free or the
 * name is too long. */
static int temp_register(const char *name)
{
    if (strlen(name) >= PATH_MAX)
        return -1;
    for (int i = 0; i < TEMP_SLOTS; i++) {
        sig_atomic_t expect = 0;
        if (__atomic_compare_exchange_n(&temps[i].state, &expect, 1, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            memcpy(temps[i].name, name, strlen(name) + 1);
            __atomic_store_n(&temps[i].state, 2, __ATOMIC_SEQ_CST);
            return i;
        }
    }
    return -1;
}

static void temp_forget(int slot)
{
    if (slot >= 0)
        __atomic_store_n(&temps[slot].state, 0, __ATOMIC_SEQ_CST);
}

void rk_out_remove_temps(void)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (__atomic_load_n(&temps[i].state, __ATOMIC_SEQ_CST) == 2)
            unlink(temps[i].name); /* async-signal-safe */
}

/* ---- where the output goes -------------------------------------------- */

/* The file a chain of symbolic links at path ends in (path itself when it
 * is none): the rename must replace that file, not the link. A link to a
 * relative name is read relative to the link's folder. The caller frees it
 * with free(); NULL on OOM or a chain of more than 40 links (ELOOP). */
static char *link_target(const char *path)
{
    char *cur = rk_strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat sb;
        if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode))
            return cur;
        if (hops == 40) {
            errno = ELOOP;
            break;
        }
        char to[PATH_MAX];
        ssize_t n = readlink(cur, to, sizeof to - 1);
        if (n < 0)
            return cur;
        to[n] = '\0';
        rk_buf b = RK_BUF_INIT;
        const char *slash = strrchr(cur, '/');
        int ok = to[0] == '/' || !slash ? rk_buf_puts(&b, to) == 0
               : rk_buf_printf(&b, "%.*s/%s", (int)(slash - cur), cur, to) == 0;
        free(cur);
        cur = ok ? rk_buf_detach(&b, NULL) : NULL;
        rk_buf_free(&b);
    }
    free(cur);
    return NULL;
}

static void out_free(rk_out *o)
{
    if (!o)
        return;
    temp_forget(o->slot);
    free(o->buf); /* after fclose: stdio wrote from it until then */
    free(o->tmp);
    free(o->path);
    free(o->shown);
    free(o);
}

/* Gives stream f, written to nothing yet, buf (RK_OUT_BUFFER bytes) as its
 * buffer unless it is a terminal, which keeps its lines. glibc ignores the
 * size when setvbuf is given no buffer, so the caller gives one. Returns
 * whether f took it. */
static int big_buffer(FILE *f, char *buf)
{
    return buf && !isatty(fileno(f)) && setvbuf(f, buf, _IOFBF, RK_OUT_BUFFER) == 0;
}

/* big_buffer() for o's new stream, with memory of its own; without that
 * memory the stream keeps stdio's buffer. */
static void give_buffer(rk_out *o)
{
    o->buf = malloc(RK_OUT_BUFFER);
    if (!big_buffer(o->f, o->buf)) {
        free(o->buf);
        o->buf = NULL;
    }
}

void rk_out_buffer_stdout(void)
{
    static char buf[RK_OUT_BUFFER];
    big_buffer(stdout, buf);
}

/* A target that exists and is no regular file (/dev/null, /dev/stdout on a
 * pipe or a terminal, a FIFO) is written as it is: renaming a file over it
 * would replace the device. */
static rk_status open_through(rk_out *o, rk_error *err)
{
    int fd = open(o->shown, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
        rk_status st = rk_error_set(err, RK_ERR_IO, o->shown, 0, 0, "cannot open output: %s",
                                    strerror(errno));
        if (fd >= 0)
            close(fd);
        return st;
    }
    give_buffer(o);
    return RK_OK;
}

/* Tries to make a temporary file this many times before giving up: a
 * name is taken only when another writer made the very same one. */
#define TEMP_TRIES 100

/* Writes into name (ending in "XXXXXX") six letters or digits that differ
 * from one call to the next, within a process and across processes: a
 * counter, the process id and the clock, hashed. No process-wide state of
 * the C library (rand's seed, the file mode creation mask) is touched. */
static void temp_name(char *name, const void *salt)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static unsigned long counter;
    struct timespec ts = {0, 0};
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long seed[5] = {__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED),
                             (unsigned long)getpid(), (unsigned long)ts.tv_sec,
                             (unsigned long)ts.tv_nsec, (unsigned long)(uintptr_t)salt};
    uint64_t h = rk_hash64(seed, sizeof seed, RK_HASH_SEED);
    char *x = name + strlen(name) - 6;
    for (int i = 0; i < 6; i++, h /= 62)
        x[i] = digits[h % 62];
}

/* A new temporary file beside o->path, created with O_EXCL and mode 0666,
 * so that the process's file mode creation mask gives it the permissions
 * of any file the process makes. (mkstemp makes 0600; widening that needs
 * the mask, which can only be read by setting it: a race with the host's
 * other threads.) */
static rk_status open_temp(rk_out *o, rk_error *err)
{
    rk_buf b = RK_BUF_INIT;
    if (rk_buf_printf(&b, "%s.tmp.XXXXXX", o->path) < 0) {
        rk_buf_free(&b);
        return rk_error_set(err, RK_ERR_NOMEM, o->shown, 0, 0, "out of memory");
    }
    o->tmp = rk_buf_detach(&b, NULL);
    if (!o->tmp)
        return rk_error_set(err, RK_ERR_NOMEM, o->shown, 0, 0, "out of memory");
    int fd = -1;
    for (int i = 0; fd < 0 && i < TEMP_TRIES; i++) {
        temp_name(o->tmp, o);
        /* Registered before it is made, so a signal at any moment after the
         * file exists finds its name (before, unlinking a name not yet
         * made is harmless). */
        o->slot = temp_register(o->tmp);
        fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0) {
            int saved = errno;
            temp_forget(o->slot);
            o->slot = -1;
            errno = saved;
            if (errno != EEXIST)
                break;
        }
    }
    if (fd < 0)
        return rk_error_set(err, RK_ERR_IO, o->shown, 0, 0, "cannot create output: %s",
                            strerror(errno));
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        rk_status st = rk_error_set(err, RK_ERR_IO, o->shown, 0, 0, "cannot open output: %s",
                                    strerror(errno));
        close(fd);
        unlink(o->tmp);
        return st;
    }
    give_buffer(o);
    return RK_OK;
}

rk_status rk_out_open(const char *path, rk_out **out, rk_error *err)
{
    *out = NULL;
    rk_out *o = calloc(1, sizeof *o);
    if (!o)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return RK_OK;
    }
    struct stat sb;
    rk_status st;
    if (!(o->shown = rk_strdup(path)))
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    else if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        st = S_ISDIR(sb.st_mode) ? rk_error_set(err, RK_ERR_IO, path, 0, 0,
                                                "cannot write output: is a directory")
                                 : open_through(o, err);
    else if (!(o->path = link_target(path)))
        st = rk_error_set(err, errno == ELOOP ? RK_ERR_IO : RK_ERR_NOMEM, path, 0, 0, "%s",
                          errno == ELOOP ? "cannot write output: too many levels of links"
                                         : "out of memory");
    else
        st = open_temp(o, err);
    if (st != RK_OK) {
        out_free(o);
        return st;
    }
    *out = o;
    return RK_OK;
}

FILE *rk_out_file(rk_out *o)
{
    return o->f;
}

const char *rk_out_path(const rk_out *o)
{
    return o->shown ? o->shown : "<stdout>";
}

rk_status rk_out_commit(rk_out *o, rk_error *err)
{
    rk_status st = RK_OK;
    if (o->f == stdout) {
        if (fflush(o->f) != 0 || ferror(o->f))
            st = rk_error_set(err, RK_ERR_IO, "<stdout>", 0, 0, "cannot write: %s",
                              strerror(errno));
        out_free(o);
        return st;
    }
    /* fsync is for files; a device or a FIFO written through has none. */
    int bad = fflush(o->f) != 0 || ferror(o->f) || (o->tmp && fsync(fileno(o->f)) != 0);
    int saved = errno;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (bad) {
        st = rk_error_set(err, RK_ERR_IO, o->shown, 0, 0, "cannot write: %s", strerror(saved));
        if (o->tmp)
            unlink(o->tmp);
    } else if (o->tmp && rename(o->tmp, o->path) != 0) {
        st = rk_error_set(err, RK_ERR_IO, o->shown, 0, 0, "cannot rename into place: %s",
                          strerror(errno));
        unlink(o->tmp);
    }
    out_free(o);
    return st;
}

void rk_out_abort(rk_out *o)
{
    if (!o)
        return;
    if (o->f == stdout) {
        fflush(o->f);
    } else {
        fclose(o->f);
        if (o->tmp)
            unlink(o->tmp);
    }
    out_free(o);
}

rk_status rk_file_write_atomic(const char *path, const void *data, size_t len, rk_error *err)
{
    rk_out *o;
    rk_status st = rk_out_open(path, &o, err);
    if (st != RK_OK)
        return st;
    if (len && fwrite(data, 1, len, rk_out_file(o)) != len) {
        st = rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        rk_out_abort(o);
        return st;
    }
    return rk_out_commit(o, err);
}

void rk_fput_c_string(FILE *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '?' || c == '*')
            fprintf(o, "\\%03o", c);
        else
            fputc(c, o);
    }
}
