/* fuzz_util.c — the scratch store and ingest run behind the reader
 * targets (see fuzz_util.h). Any failure of the store itself aborts: that is
 * a finding, as bad input must never break the store. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUTS_PER_STORE 500

static char tmpdir[4096];
static ward_store *st;
static ward_ingest *in;
static long inputs;

static void remove_tmpdir(void)
{
    if (in) ward_ingest_free(in);
    if (st) ward_store_free(st);
    in = NULL;
    st = NULL;
    if (!*tmpdir) return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) { /* best effort */ }
}

const char *fuzz_tmpdir(void)
{
    if (*tmpdir) return tmpdir;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/ward-fuzz-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_tmpdir);
    return tmpdir;
}

static void die(const char *what, const ward_err *err)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, err->msg);
    abort();
}

/* Opens the scratch store, dropping the previous one every few thousand inputs. */
static void open_run(void)
{
    if (in && inputs++ % INPUTS_PER_STORE) return;
    char path[4200];
    snprintf(path, sizeof path, "%s/store", fuzz_tmpdir());
    if (in) ward_ingest_free(in);
    if (st) ward_store_free(st);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd)) { /* a fresh directory either way below */ }
    ward_err err = {0};
    if (ward_store_open(path, NULL, &st, &err)) die("open the store", &err);
    ward_ingest_params p = ward_ingest_default_params();
    p.quiet = 1;
    if (ward_ingest_new(st, &p, &in, &err)) die("start an ingest run", &err);
}

void fuzz_ingest(fuzz_reader_fn reader, const char *file, const uint8_t *data, size_t size,
                 int utf8_checked)
{
    size_t bad;
    if (!size || (!utf8_checked && !ward_utf8_valid((const char *)data, size, &bad))) return;
    open_run();
    ward_err err = {0};
    /* The reader gets a copy of exactly size bytes (no NUL after them),
     * as ingest hands it a file's bytes: ASan sees any read past the end. */
    char *copy = malloc(size);
    memcpy(copy, data, size);
    if (ward_store_begin(st, &err)) die("begin", &err);
    reader(in, file, copy, size);
    if (ward_store_commit(st, &err)) die("commit", &err);
    free(copy);
    if (ward_ingest_finish(in, &err)) die("finish (deferred records)", &err);
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}
