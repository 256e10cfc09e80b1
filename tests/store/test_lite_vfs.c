/* test_lite_vfs.c — the SQLite engine's OS layer (src/store/lite_vfs.c),
 * which buffers the log's writes and a checkpoint's, loses nothing and
 * shows nothing early: a writer process commits transactions of many pages
 * (some larger than its page cache, so frames spill to the log before the
 * commit and are written again in place), acknowledging each after its
 * COMMIT returned, while the background checkpointer copies the log (in
 * some rounds), and readers in another process, with SQLite's own OS
 * layer, check every snapshot they see; the writer is killed with SIGKILL,
 * and the store must hold every acknowledged transaction whole, no part of
 * any other, and pass integrity_check, then take writes again through the
 * buffered layer (which learns the page size from the recovered log). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "test_util.h"

#include "test_store_util.h"
#include "ward/store.h"

static char dir[256];

/* Rows transaction tx adds: 1 to 40, each about 3 KB. */
static int rows_of(int tx) { return 1 + (tx * 7) % 40; }

static long long rows_upto(int tx)
{
    long long n = 0;
    for (int i = 1; i <= tx; i++) n += rows_of(i);
    return n;
}

static void writer(int ack, int small_cache, int checkpointer)
{
    ward_store *st = NULL;
    ward_err err = {0};
    if (ward_store_open(dir, NULL, &st, &err)) _exit(3);
    if (ward_store_exec(st, "CREATE TABLE IF NOT EXISTS vfs_t(k INTEGER PRIMARY KEY, tx INTEGER NOT NULL, v TEXT);"
                            "CREATE INDEX IF NOT EXISTS vfs_t_v ON vfs_t(v);", &err))
        _exit(4);
    if (small_cache && ward_store_exec(st, "PRAGMA cache_size = 16", &err)) _exit(5);
    if (checkpointer) ward_store_checkpointer_start(st);
    int tx = (int)test_store_one(st, "SELECT coalesce(max(tx), 0) FROM vfs_t");
    for (;;) {
        tx++;
        char sql[512];
        /* The rows, then an update of the first ones: pages spilled under
         * a small cache are written again within the transaction. */
        snprintf(sql, sizeof sql,
                 "BEGIN IMMEDIATE;"
                 "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d)"
                 " INSERT INTO vfs_t(tx, v) SELECT %d, hex(randomblob(1500)) FROM c;"
                 "UPDATE vfs_t SET v = hex(randomblob(1500)) WHERE tx = %d AND k %% 3 = 0;"
                 "COMMIT;",
                 rows_of(tx), tx, tx);
        if (ward_store_exec(st, sql, &err)) _exit(6);
        if (write(ack, &tx, sizeof tx) != sizeof tx) _exit(7);
    }
}

/* A reader with SQLite's own OS layer: the snapshot it sees is whole. */
static void check_snapshot(const char *path, int *reads)
{
    sqlite3 *db = NULL;
    if (access(path, F_OK) != 0) return;   /* the writer has not made the store yet */
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT coalesce(max(tx), 0), count(*) FROM vfs_t", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            int tx = sqlite3_column_int(s, 0);
            long long n = sqlite3_column_int64(s, 1);
            assert_int_equal(n, rows_upto(tx));
            (*reads)++;
        } else {
            /* Busy (a log being recovered) may happen; a broken page never. */
            assert_true(rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        }
    } else {
        /* Before the writer made its table. */
        assert_non_null(strstr(sqlite3_errmsg(db), "no such table"));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void round_trip(int small_cache, int checkpointer, int run_ms)
{
    char path[300];
    snprintf(path, sizeof path, "%s/ward.db", dir);
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        writer(p[1], small_cache, checkpointer);
    }
    close(p[1]);
    int reads = 0;
    for (long long t0 = now_ms(); now_ms() - t0 < run_ms;) {
        check_snapshot(path, &reads);
        usleep(20000);
    }
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status));
    int acked = 0, tx;
    while (read(p[0], &tx, sizeof tx) == sizeof tx) acked = tx;
    close(p[0]);
    assert_true(acked > 0);

    /* Another process, SQLite's own OS layer: every acknowledged
     * transaction whole, nothing partial, a sound file. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(tx), count(*) FROM vfs_t", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int last = sqlite3_column_int(s, 0);
    assert_true(last >= acked);
    assert_true(last <= acked + 1);   /* committed, killed before its acknowledgement */
    assert_int_equal(sqlite3_column_int64(s, 1), rows_upto(last));
    sqlite3_finalize(s);
    sqlite3_close(db);
    printf("# cache %s, checkpointer %s: %d transactions acknowledged, %d stored, %d snapshots read\n",
           small_cache ? "16 pages" : "default", checkpointer ? "on" : "off", acked, last, reads);
}

static void test_kill_loses_nothing_acknowledged(void **state)
{
    (void)state;
    round_trip(0, 0, 1000);
    round_trip(1, 0, 1000);
    round_trip(0, 1, 1000);
    round_trip(1, 1, 1000);
    /* And the store takes writes again through the buffered layer. */
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    long long n = test_store_one(st, "SELECT count(*) FROM vfs_t");
    assert_int_equal(ward_store_exec(st, "INSERT INTO vfs_t(tx, v) VALUES (0, 'after')", &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM vfs_t"), n + 1);
    ward_store_free(st);
    char path[300];
    snprintf(path, sizeof path, "%s/ward.db", dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM vfs_t WHERE v = 'after'", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 1);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

int main(void)
{
    /* Its own SQLite store, whatever engine the suite runs on. */
    unsetenv("WARD_STORE");
    if (!test_tmpdir(dir, sizeof dir, "ward-vfs")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_loses_nothing_acknowledged),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
