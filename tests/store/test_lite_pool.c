/* test_lite_pool.c — the pages of SQLite's page caches come from one
 * region advised for 2 MiB pages (src/store/lite.c, page_pool), in a
 * process that asked for it (ward_store_large_cache, the ingest command):
 *  - a process that did not ask (ward search, ward serve) has no region:
 *    its memory stays small, as SQLite touches the whole region when it
 *    starts (the child process of test_no_pool_unasked);
 *  - a store's pages are taken from it, none malloc'd beside it, for a
 *    writer's cache of thousands of pages;
 *  - the region is advised (smaps shows VmFlags "hg" on a mapping as large
 *    as the pool), so a kernel with large pages fills it 2 MiB a fault;
 *  - what is written reads back, from another connection too.
 * SQLite is configured once per process, before its first connection:
 * this program opens nothing of SQLite's before the store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "test_util.h"

#include "test_store_util.h"
#include "ward/store.h"

static char dir[256];

static ward_store *open_store(void)
{
    ward_store *st = NULL;
    ward_err err = {0};
    ward_store_params p = ward_store_default_params();
    p.location = "sqlite";
    assert_int_equal(ward_store_open(dir, &p, &st, &err), WARD_OK);
    return st;
}

/* The largest mapping whose VmFlags carry "hg" (MADV_HUGEPAGE), in kB. */
static long advised_kb(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return -1;
    char line[512];
    long size = 0, best = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "Size:", 5)) size = atol(line + 5);
        if (!strncmp(line, "VmFlags:", 8) && strstr(line, " hg") && size > best) best = size;
    }
    fclose(f);
    return best;
}

/* What a short command does: open the store, write a row, read it back.
 * Run in a child process that never called ward_store_large_cache (SQLite
 * is set up once per process); it writes back its largest resident size,
 * its largest advised mapping (kB) and the pages its caches took from a
 * region, or -1s when the store failed. */
static void short_command(int out)
{
    long got[3] = {-1, -1, -1};
    ward_store *st = NULL;
    ward_err err = {0};
    ward_store_params p = ward_store_default_params();
    p.location = "sqlite";
    if (ward_store_open(dir, &p, &st, &err) == WARD_OK &&
        ward_store_exec(st, "CREATE TABLE s(a); INSERT INTO s VALUES (1);", &err) == WARD_OK &&
        test_store_one(st, "SELECT count(*) FROM s") == 1) {
        struct rusage ru;
        sqlite3_int64 used = 0, high = 0;
        getrusage(RUSAGE_SELF, &ru);
        sqlite3_status64(SQLITE_STATUS_PAGECACHE_USED, &used, &high, 0);
        got[0] = ru.ru_maxrss;
        got[1] = advised_kb();
        got[2] = (long)high;
    }
    ward_store_free(st);
    if (write(out, got, sizeof got) != (ssize_t)sizeof got) _exit(2);
    _exit(0);
}

static void test_no_pool_unasked(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        short_command(fds[1]);
    }
    close(fds[1]);
    long got[3] = {0};
    assert_int_equal(read(fds[0], got, sizeof got), (ssize_t)sizeof got);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(got[0] > 0);
    /* With the region, the child was over 80 MB resident; without, the
     * program and a small cache, under 40 MB. */
    assert_true(got[0] < 40 * 1024);
    assert_true(got[1] >= 0 && got[1] < 72 * 1024);
    assert_int_equal(got[2], 0);
}

static void test_pages_from_pool(void **state)
{
    (void)state;
    ward_store_large_cache();
    ward_store *st = open_store();
    ward_err err = {0};
    /* About 4,000 pages of rows and index, all in the writer's cache. */
    assert_int_equal(ward_store_exec(st, "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE);"
                                         "BEGIN; WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r"
                                         " WHERE i < 20000) INSERT INTO t SELECT i, printf('%0400d', i) FROM r;"
                                         "COMMIT;", &err), WARD_OK);
    sqlite3_int64 used = 0, high = 0, over = 0;
    assert_int_equal(sqlite3_status64(SQLITE_STATUS_PAGECACHE_USED, &used, &high, 0), SQLITE_OK);
    assert_int_equal(sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &over, &high, 0), SQLITE_OK);
    assert_true(used >= 3000);
    assert_int_equal(over, 0);
    /* 18,432 slots of a page and its header: over 72 MB. */
    assert_true(advised_kb() >= 72 * 1024);

    ward_store *other = open_store();
    assert_int_equal(test_store_one(other, "SELECT count(*) FROM t"), 20000);
    assert_int_equal(test_store_one(other, "SELECT sum(length(b)) FROM t"), 20000 * 400);
    ward_store_free(other);
    ward_store_free(st);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "pool")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_pool_unasked),   /* first: this process has not started SQLite */
        cmocka_unit_test(test_pages_from_pool),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
