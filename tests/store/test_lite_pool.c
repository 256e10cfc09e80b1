/* test_lite_pool.c — the pages of SQLite's page caches come from one
 * region advised for 2 MiB pages (src/store/lite.c, page_pool):
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
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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
    assert_non_null(f);
    char line[512];
    long size = 0, best = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "Size:", 5)) size = atol(line + 5);
        if (!strncmp(line, "VmFlags:", 8) && strstr(line, " hg") && size > best) best = size;
    }
    fclose(f);
    return best;
}

static void test_pages_from_pool(void **state)
{
    (void)state;
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
        cmocka_unit_test(test_pages_from_pool),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
