/* fuzz_rules.c - the rule loader and the stage compilers over an arbitrary
 * rule file: the bytes are written as the only file of a rule directory and
 * loaded against the shipped schema; what loads is compiled into a number
 * reader and an engine. Broken files must be refused with path:line. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char file[96];
static char schema[1024];

static void remove_dir(void)
{
    if (file[0])
        unlink(file);
    if (dir[0])
        rmdir(dir);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/rk_fuzz_rules_XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(file, sizeof file, "%s/fuzz.xml", dir);
    snprintf(schema, sizeof schema, "%s/schema/rules.rng", fuzz_rules_dir());
    atexit(remove_dir);
}

static int write_file(const uint8_t *data, size_t size)
{
    FILE *f = fopen(file, "wb");
    if (!f)
        return -1;
    size_t put = fwrite(data, 1, size, f);
    return fclose(f) == 0 && put == size ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    if (write_file(data, size) < 0)
        abort();
    rk_rules *r = NULL;
    rk_numbers_reader *nr = NULL;
    rk_engine *en = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_rules_load(dir, schema, &r, NULL, NULL, &e);
    if (st != RK_OK) {
        /* A refusal must say where: the file, and a message. */
        FUZZ_CHECK(r == NULL && e.code == st && e.message[0] != '\0');
        FUZZ_CHECK(strstr(e.file, "fuzz.xml") != NULL || strstr(e.file, dir) != NULL);
        goto done;
    }
    rk_error_clear(&e);
    if (rk_numbers_reader_new(r, &nr, &e) != RK_OK)
        FUZZ_CHECK(nr == NULL && e.message[0] != '\0');
    rk_error_clear(&e);
    if (rk_engine_new(r, &en, &e) != RK_OK)
        FUZZ_CHECK(en == NULL && e.message[0] != '\0');
done:
    rk_engine_free(en);
    rk_numbers_reader_free(nr);
    rk_rules_free(r);
    return 0;
}
