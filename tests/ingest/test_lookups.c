/* test_lookups.c — what a note's ingest asks of the store and of the
 * system, with one job:
 *  - a note's content hash is looked up once (text.c asks whether it is
 *    stored before its funnel work, and add_document takes that answer
 *    instead of asking again), and a re-run still finds every note stored
 *    (counted with SQLite's statement trace on the writer's connection);
 *  - a note's file is read in one read call, not a second to meet its end
 *    (counted by the kernel: syscr in /proc/self/io). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "test_store_util.h" /* tests of the store itself may use its internals */
#include <sqlite3.h>         /* the statement trace */
#include "ward/ingest.h"

static char dir[256];

/* Statements run that look a document up by its hash. */
static int on_stmt(unsigned type, void *ud, void *p, void *x)
{
    (void)type, (void)x;
    const char *sql = sqlite3_sql(p);
    if (sql && strstr(sql, "FROM documents WHERE hash=")) ++*(int *)ud;
    return 0;
}

/* Ingests the notes folder with one job; returns the hash lookups. */
static int ingest(ward_store *st, const char *notes, const ward_ingest_counts *want)
{
    ward_ingest *in;
    ward_err err = {0};
    ward_ingest_params p = ward_ingest_default_params();
    p.quiet = 1;
    p.jobs = 1;
    assert_int_equal(ward_ingest_new(st, &p, &in, &err), 0);
    int lookups = 0;
    sqlite3_trace_v2(store_lite_handle(st), SQLITE_TRACE_STMT, on_stmt, &lookups);
    assert_int_equal(ward_ingest_path(in, notes, &err), 0);
    assert_int_equal(ward_ingest_finish(in, &err), 0);
    sqlite3_trace_v2(store_lite_handle(st), 0, NULL, NULL);
    assert_int_equal(ward_ingest_get_counts(in)->documents, want->documents);
    assert_int_equal(ward_ingest_get_counts(in)->skipped_unchanged, want->skipped_unchanged);
    ward_ingest_free(in);
    return lookups;
}

/* Writes n small notes into DIR/name; returns the folder's path. */
static const char *write_notes(const char *name, int n, char *notes, size_t cap)
{
    snprintf(notes, cap, "%s/%s", dir, name);
    assert_int_equal(mkdir(notes, 0700), 0);
    for (int i = 0; i < n; i++) {
        char path[700], text[256];
        snprintf(path, sizeof path, "%s/n%03d.txt", notes, i);
        snprintf(text, sizeof text, "---\npatient: p%d\ndate: 2024-01-0%d\n---\nHISTORY\nChest pain for %d days,"
                 " started on aspirin 81 mg daily.\n", i, i % 9 + 1, i + 2);
        assert_int_equal(test_write(path, text), 0);
    }
    return notes;
}

static ward_store *open_store(const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ward_store *st = NULL;
    ward_err err = {0};
    ward_store_params sp = ward_store_default_params();
    sp.location = "sqlite";
    assert_int_equal(ward_store_open(path, &sp, &st, &err), 0);
    return st;
}

static void test_hash_looked_up_once(void **state)
{
    (void)state;
    char notes[512];
    write_notes("notes", 3, notes, sizeof notes);
    ward_store *st = open_store("store");
    assert_int_equal(ingest(st, notes, &(ward_ingest_counts){.documents = 3}), 3);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM documents"), 3);
    /* A re-run finds each note stored (then asked again by
     * add_document, which tells it is no new one). */
    assert_true(ingest(st, notes, &(ward_ingest_counts){.skipped_unchanged = 3}) >= 3);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM documents"), 3);
    ward_store_free(st);
}

/* Read system calls this process made so far. */
static long long reads_so_far(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    assert_non_null(f);
    char line[128];
    long long n = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "syscr:", 6)) n = atoll(line + 6);
    fclose(f);
    assert_true(n >= 0);
    return n;
}

static void test_note_read_once(void **state)
{
    (void)state;
    enum { NOTES = 80 };
    char notes[512];
    write_notes("many", NOTES, notes, sizeof notes);
    ward_store *st = open_store("reads"), *other = open_store("reads");
    /* The schema's pages copied back now, and a reader in the log since
     * before the run: the run's checkpoints copy nothing back, so read
     * nothing of the log. */
    ward_err err = {0};
    assert_int_equal(ward_store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", &err), 0);
    int began = ward_store_read_begin(other);
    assert_true(began);
    assert_int_equal(test_store_one(other, "SELECT count(*) FROM documents"), 0);
    ward_ingest *in;
    ward_ingest_params p = ward_ingest_default_params();
    p.quiet = 1;
    p.jobs = 1;
    p.deid = p.concepts = 0;   /* no tables to load: the notes' reads and the store's */
    assert_int_equal(ward_ingest_new(st, &p, &in, &err), 0);
    long long before = reads_so_far();
    assert_int_equal(ward_ingest_path(in, notes, &err), 0);
    assert_int_equal(ward_ingest_finish(in, &err), 0);
    long long reads = reads_so_far() - before;
    assert_int_equal(ward_ingest_get_counts(in)->documents, NOTES);
    ward_ingest_free(in);
    ward_store_read_end(other, began);
    ward_store_free(other);
    ward_store_free(st);
    /* Two a note before (80 notes: 186 in all); the store's own are a few
     * (its pages are in its cache; 26 here), and one of /proc/self/io. */
    assert_true(reads >= NOTES && reads < NOTES * 7 / 4);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "lookups")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_looked_up_once),
        cmocka_unit_test(test_note_read_once),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
