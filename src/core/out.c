/* out.c - atomic output through a temporary file and rename(2). */
#include "out.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct rk_out {
    FILE *f;
    char *tmp;   /* NULL for stdout */
    char *path;
};

rk_status rk_out_open(const char *path, rk_out **out, rk_error *err)
{
    *out = NULL;
    rk_out *o = calloc(1, sizeof *o);
    if (!o)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return RK_OK;
    }
    rk_buf b = RK_BUF_INIT;
    if (rk_buf_printf(&b, "%s.tmp.XXXXXX", path) < 0) {
        free(o);
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    o->tmp = rk_buf_detach(&b, NULL);
    o->path = rk_strdup(path);
    int fd = o->tmp && o->path ? mkstemp(o->tmp) : -1;
    if (fd < 0) {
        rk_status st = rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot create output: %s",
                                    strerror(errno));
        free(o->tmp);
        free(o->path);
        free(o);
        return st;
    }
    /* mkstemp creates 0600; outputs are ordinary files. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        unlink(o->tmp);
        free(o->tmp);
        free(o->path);
        free(o);
        return rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot open output");
    }
    *out = o;
    return RK_OK;
}

FILE *rk_out_file(rk_out *o)
{
    return o->f;
}

rk_status rk_out_commit(rk_out *o, rk_error *err)
{
    rk_status st = RK_OK;
    if (!o->tmp) {
        if (fflush(o->f) != 0)
            st = rk_error_set(err, RK_ERR_IO, "<stdout>", 0, 0, "write error: %s",
                              strerror(errno));
        free(o);
        return st;
    }
    int bad = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
    int saved = errno;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (bad) {
        st = rk_error_set(err, RK_ERR_IO, o->path, 0, 0, "write error: %s", strerror(saved));
        unlink(o->tmp);
    } else if (rename(o->tmp, o->path) != 0) {
        st = rk_error_set(err, RK_ERR_IO, o->path, 0, 0, "cannot rename into place: %s",
                          strerror(errno));
        unlink(o->tmp);
    }
    free(o->tmp);
    free(o->path);
    free(o);
    return st;
}

void rk_out_abort(rk_out *o)
{
    if (!o)
        return;
    if (o->tmp) {
        fclose(o->f);
        unlink(o->tmp);
    } else {
        fflush(o->f);
    }
    free(o->tmp);
    free(o->path);
    free(o);
}

rk_status rk_file_write_atomic(const char *path, const void *data, size_t len, rk_error *err)
{
    rk_out *o;
    rk_status st = rk_out_open(path, &o, err);
    if (st != RK_OK)
        return st;
    if (len && fwrite(data, 1, len, rk_out_file(o)) != len) {
        rk_out_abort(o);
        return rk_error_set(err, RK_ERR_IO, path, 0, 0, "write error");
    }
    return rk_out_commit(o, err);
}
