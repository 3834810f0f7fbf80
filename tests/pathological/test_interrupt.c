/* test_interrupt.c - a run killed midway leaves the previous output intact:
 * `reckon extract -o OUT` and `reckon report -o OUT` are SIGKILLed at several
 * moments of a run over a generated corpus; OUT must then hold either the
 * previous content or the complete new one, never a part, and nothing but
 * the command's own temporary file (OUT.tmp.*) may appear beside it. */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rk_internal.h"

static const char *reckon;   /* argv[1] */
static const char *fixtures; /* $RK_FIXTURES */
static char tmpdir[64], corpus[128], outdir[128], out[160];
static const char previous[] = "{\"previous\": \"a complete earlier output\"}\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rk_kill_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(corpus, sizeof corpus, "%s/corpus", tmpdir);
    snprintf(outdir, sizeof outdir, "%s/out", tmpdir);
    snprintf(out, sizeof out, "%s/result.json", outdir);
    ck_assert_int_eq(mkdir(corpus, 0777), 0);
    ck_assert_int_eq(mkdir(outdir, 0777), 0);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Adds `copies` articles to the corpus: all the seed articles joined, with
 * a different first line each so no two files are the same. */
static void grow_corpus(size_t from, size_t copies)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cat '%s'/0*.txt > '%s/all.seed'", fixtures, tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    char seed[256], *data = NULL;
    size_t len = 0;
    snprintf(seed, sizeof seed, "%s/all.seed", tmpdir);
    ck_assert_int_eq(rk_file_read(seed, 0, &data, &len, NULL), RK_OK);
    for (size_t i = from; i < from + copies; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/a%05zu.txt", corpus, i);
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "قالت الشرطة إن %zu شخصا قتلوا.\n", i + 1);
        ck_assert_uint_eq(fwrite(data, 1, len, f), len);
        ck_assert_int_eq(fclose(f), 0);
    }
    free(data);
    unlink(seed);
}

static void put_previous(void)
{
    ck_assert_int_eq(rk_file_write_atomic(out, previous, sizeof previous - 1, NULL), RK_OK);
}

static char *read_out(size_t *len)
{
    char *data = NULL;
    ck_assert_int_eq(rk_file_read(out, 0, &data, len, NULL), RK_OK);
    return data;
}

static pid_t spawn(const char *cmd)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(reckon, reckon, cmd, "--format", "json", "-o", out, corpus, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Is a temporary output file beside OUT yet? */
static int temp_exists(void)
{
    DIR *d = opendir(outdir);
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, "result.json.", 12) == 0)
            found = 1;
    if (d)
        closedir(d);
    return found;
}

/* Only OUT and the command's own temporary files may be in the folder; the
 * temporary ones are removed. Returns how many there were. */
static int sweep_outdir(void)
{
    DIR *d = opendir(outdir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int temps = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, "result.json"))
            continue;
        ck_assert_msg(strncmp(e->d_name, "result.json.tmp.", 16) == 0,
                      "a file that could be taken for output: %s", e->d_name);
        char p[512];
        snprintf(p, sizeof p, "%s/%s", outdir, e->d_name);
        unlink(p);
        temps++;
    }
    closedir(d);
    return temps;
}

/* A whole run: its time, and OUT's new content in *full. */
static double full_run(const char *cmd, char **full, size_t *full_len)
{
    put_previous();
    double t0 = now();
    int st;
    waitpid(spawn(cmd), &st, 0);
    double t = now() - t0;
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) != 127, "%s did not run", reckon);
    *full = read_out(full_len);
    ck_assert_msg(*full_len != sizeof previous - 1 || memcmp(*full, previous, *full_len) != 0,
                  "a finished run must replace the output");
    ck_assert_int_eq(sweep_outdir(), 0);
    return t;
}

/* Kills a run after `delay` seconds, or as soon as its temporary file
 * appears when delay < 0. Returns 1 when the kill landed mid-run. */
static int killed_run(const char *cmd, double delay, double limit, const char *full,
                      size_t full_len)
{
    put_previous();
    pid_t pid = spawn(cmd);
    double t0 = now();
    int st;
    while (now() - t0 < (delay >= 0 ? delay : limit)) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            goto finished;
        if (delay < 0 && temp_exists())
            break;
        usleep(delay < 0 ? 200 : 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
finished:;
    size_t len;
    char *got = read_out(&len);
    int killed = WIFSIGNALED(st);
    /* A kill that lands after the rename but before the process exits (it
     * is still freeing memory, slowly under the sanitizers) finds the new
     * output in place: whole, which is what matters. Half a file never is. */
    if (killed)
        ck_assert_msg((len == sizeof previous - 1 && memcmp(got, previous, len) == 0) ||
                          (len == full_len && memcmp(got, full, len) == 0),
                      "killed after %.3f s, the output is neither the previous one nor the "
                      "whole new one (%zu bytes)",
                      now() - t0, len);
    else
        ck_assert_msg(len == full_len && memcmp(got, full, len) == 0,
                      "a run that finished left a different output");
    free(got);
    int temps = sweep_outdir();
    if (temps)
        fprintf(stderr, "note: %s killed after %.3f s left %d temporary file(s)\n", cmd,
                now() - t0, temps);
    return killed;
}

static void check_command(const char *cmd)
{
    size_t files = 0, grow = 40;
    char *full = NULL;
    size_t full_len = 0;
    double t = 0;
    /* Grow the corpus until a run takes long enough to be caught midway. */
    for (int round = 0; round < 5 && t < 0.4; round++) {
        grow_corpus(files, grow);
        files += grow;
        grow *= 3;
        free(full);
        t = full_run(cmd, &full, &full_len);
    }
    int killed = 0;
    static const double at[] = {0.05, 0.25, 0.5, 0.75, 0.9, 0.97};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
        killed += killed_run(cmd, t * at[i], t, full, full_len);
    killed += killed_run(cmd, -1, 2 * t, full, full_len);
    ck_assert_msg(killed > 0, "no run was caught midway (a run takes %.3f s)", t);
    fprintf(stderr, "%s: %zu files, a run takes %.3f s, %d of 7 runs killed midway\n", cmd,
            files, t, killed);
    free(full);
}

START_TEST(killed_extract_leaves_previous_output)
{
    check_command("extract");
}
END_TEST

START_TEST(killed_report_leaves_previous_output)
{
    check_command("report");
}
END_TEST

int main(int argc, char **argv)
{
    reckon = argc > 1 ? argv[1] : "reckon";
    fixtures = getenv("RK_FIXTURES");
    Suite *s = suite_create("interrupt");
    TCase *tc = tcase_create("interrupt");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, killed_extract_leaves_previous_output);
    tcase_add_test(tc, killed_report_leaves_previous_output);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
