/* test_hostile.c — ingest against hostile input (issue 15): work that must
 * stay linear in the input, and records that must be refused or reported
 * rather than stored wrong. Growth is measured by counting the pages
 * SQLite touches (cache hits + misses), never by timing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "test_util.h"

#include "test_store_util.h" /* tests of the store itself may use its internals */
#include <sqlite3.h> /* SQLite's page counters */
#include "ward/ingest.h"

static char dir[256];

typedef struct errors {
    char text[8192];
} errors;

static ward_store *open_store(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(path, NULL, &st, &err), 0);
    return st;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Pages SQLite touched since the last call. */
static long long pages(ward_store *st)
{
    int hit = 0, miss = 0, hi;
    sqlite3_db_status(store_lite_handle(st), SQLITE_DBSTATUS_CACHE_HIT, &hit, &hi, 1);
    sqlite3_db_status(store_lite_handle(st), SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 1);
    return (long long)hit + miss;
}

/* Ingests one file; returns the pages touched. */
static long long ingest(ward_store *st, const char *path, int text_only, const ward_ingest_counts *want_ok)
{
    ward_ingest *in;
    ward_err err = {0};
    ward_ingest_params p = ward_ingest_default_params();
    p.quiet = 1;
    if (text_only) p.deid = p.concepts = 0;   /* only what the store does with the text */
    assert_int_equal(ward_ingest_new(st, &p, &in, &err), 0);
    pages(st);
    assert_int_equal(ward_ingest_path(in, path, &err), 0);
    assert_int_equal(ward_ingest_finish(in, &err), 0);
    long long n = pages(st);
    if (want_ok) assert_int_equal(ward_ingest_get_counts(in)->records_failed, 0);
    ward_ingest_free(in);
    return n;
}

/* A note of one fragment repeated: its ingest must cost in proportion to
 * its size. Each chunk used to be cut from the stored document by SQL,
 * rereading the whole document per chunk. */
static void test_repetitive_note_is_linear(void **state)
{
    (void)state;
    const char *frag = "Patient reports mild chest discomfort after exertion; metformin 500 mg twice "
                       "daily continued, A1c 7.2 percent. Follow up in three months with labs.\n";
    long long cost[2];
    int reps[2] = {600, 2400};
    for (int k = 0; k < 2; k++) {
        ward_buf b;
        ward_buf_init(&b);
        ward_buf_printf(&b, "---\npatient: rep%d\n---\n", k);
        for (int i = 0; i < reps[k]; i++) ward_buf_puts(&b, frag);
        char path[512], name[32];
        snprintf(path, sizeof path, "%s/rep%d.txt", dir, k);
        write_file(path, b.data, b.len);
        snprintf(name, sizeof name, "rep%d", k);
        ward_store *st = open_store(name);
        cost[k] = ingest(st, path, 1, NULL);
        assert_true(test_store_one(st, "SELECT count(*) FROM chunks") > 10);
        ward_store_free(st);
        ward_buf_free(&b);
    }
    /* 4x the text: about 4x the pages (it was over 10x). */
    double ratio = (double)cost[1] / (double)cost[0];
    print_message("pages: %lld for %d fragments, %lld for %d (x%.1f)\n", cost[0], reps[0], cost[1], reps[1], ratio);
    assert_true(ratio < 6.0);
}

/* An ORU message of n OBX segments; control id names the message. */
static void write_oru(const char *path, int n, const char *control)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "MSH|^~\\&|LAB|GH|WARD|WARD|20240610083000||ORU^R01|%s|P|2.5.1\r"
                        "PID|1||MRN-7^^^GH^MR||Doe^J||19481102|M\r"
                        "OBR|1||LAB778|24331-1^Lipid panel^LN|||20240610080000\r", control);
    for (int i = 0; i < n; i++)
        ward_buf_printf(&b, "OBX|%d|NM|2093-3^Cholesterol total^LN||%d|mg/dL|<200|H|||F\r", i + 1, 100 + i % 50);
    write_file(path, b.data, b.len);
    ward_buf_free(&b);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The same large message, resent with a new control id each time: each
 * ingest must cost about the same however many came before. A message is
 * one savepoint; with its journal forced into memory, SQLite walked the
 * journal after every statement, so each OBX cost more than the last and
 * more again as the store grew. The work is CPU time of the same input,
 * compared between the first and the last ingest (a ratio, not a bound). */
static void test_large_hl7_message_does_not_slow_with_the_store(void **state)
{
    (void)state;
    ward_store *st = open_store("oru");
    /* The cause, said plainly: savepoint journals may spill to a file. */
    assert_int_not_equal(test_store_one(st, "SELECT temp_store FROM pragma_temp_store"), 2);
    double first = 0, last = 0;
    for (int k = 0; k < 4; k++) {
        char path[512], control[32];
        snprintf(path, sizeof path, "%s/oru%d.hl7", dir, k);
        snprintf(control, sizeof control, "MSG%d", k);
        write_oru(path, 3000, control);
        double t0 = cpu_seconds();
        ingest(st, path, 0, NULL);
        double t = cpu_seconds() - t0;
        if (k == 0) first = t;
        last = t;
    }
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM resources WHERE type='Observation'"), 4 * 3000);
    print_message("cpu: first message %.2fs, fourth %.2fs\n", first, last);
    assert_true(last < 2.5 * first);
    ward_store_free(st);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(test_tmpdir(dir, sizeof dir, "hostile"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repetitive_note_is_linear),
        cmocka_unit_test(test_large_hl7_message_does_not_slow_with_the_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
