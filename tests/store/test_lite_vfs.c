/* test_lite_vfs.c — the VFS that appends a transaction's WAL frames in
 * few writes (src/store/lite_vfs.c), over a probe VFS that records and
 * can fail the writes that reach the default one:
 *  - a frame's header and page reach it in one write, with the frames
 *    before it, and nothing of a transaction is held back once COMMIT
 *    returns: readers in another connection, a copy of the files after
 *    every commit, a checkpoint that truncates the log;
 *  - a transaction that spilled pages to the log and changed them again
 *    (SQLite then rewrites its frames' checksums at commit): a copy of the
 *    files taken the moment COMMIT returns, as a kill would leave them,
 *    recovers the whole transaction;
 *  - a failed or short combined write fails the transaction as SQLite
 *    expects (SQLITE_IOERR_WRITE, SQLITE_FULL), and the store goes on.
 * Store connections use it (tests/ingest/test_crash_wal.c kills ingests
 * through it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "test_util.h"

#include "test_store_util.h"
#include "ward/store.h"

#define PAGE 4096
#define HDR 24
/* " FROM" n rows (the library has no generate_series). */
#define ROWS(n) " FROM (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " #n ") SELECT i FROM r)"

/* ---- the probe: the default VFS with the WAL's writes counted ---- */

enum { FAIL_NONE, FAIL_SHORT, FAIL_IOERR };
static struct {
    int hdr_writes;     /* 24-byte writes */
    int frame_writes;   /* whole frames (header and page), one or more */
    int frames;         /* how many frames those carried */
    int other_writes;
    int fail;           /* what the next write larger than a header does */
} probe;

static sqlite3_vfs *unix_vfs;
static sqlite3_vfs probe_vfs;
static sqlite3_io_methods probe_methods;
static const sqlite3_io_methods *unix_methods;

static int probe_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 at)
{
    if (n == HDR) probe.hdr_writes++;
    else if (n % (HDR + PAGE) == 0) probe.frame_writes++, probe.frames += n / (HDR + PAGE);
    else probe.other_writes++;
    if (n > HDR && probe.fail != FAIL_NONE) {
        int how = probe.fail;
        probe.fail = FAIL_NONE;
        if (how == FAIL_IOERR) return SQLITE_IOERR_WRITE;
        unix_methods->xWrite(f, p, n / 2, at);   /* what a full disk lets in */
        return SQLITE_FULL;
    }
    return unix_methods->xWrite(f, p, n, at);
}

/* WAL files are the default VFS's, with xWrite replaced. */
static int probe_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    int rc = unix_vfs->xOpen(unix_vfs, name, f, flags, out);
    if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL)) {
        if (!unix_methods) {
            unix_methods = f->pMethods;
            probe_methods = *f->pMethods;
            probe_methods.xWrite = probe_write;
        }
        f->pMethods = &probe_methods;
    }
    return rc;
}

static char dir[256];

static sqlite3 *open_db(const char *path, const char *vfs)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    return db;
}

static long long one(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) print_error("%s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
}

static void db_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static sqlite3 *fresh_wal_db(const char *name)
{
    char path[512];
    db_path(path, sizeof path, name);
    sqlite3 *db = open_db(path, NULL);
    exec_ok(db, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                "CREATE TABLE t(id INTEGER PRIMARY KEY, x BLOB)");
    return db;
}

static int copy_file(const char *from, const char *to)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    char buf[65536];
    size_t n;
    int bad = !a || !b;
    while (!bad && (n = fread(buf, 1, sizeof buf, a)) > 0) bad = fwrite(buf, 1, n, b) != n;
    if (a) fclose(a);
    if (b && fclose(b)) bad = 1;
    return bad ? -1 : 0;
}

/* The database and its log as a kill at this moment leaves them (the
 * WAL index in shared memory is rebuilt from the log), opened with the
 * default VFS alone. */
static sqlite3 *as_killed(const char *name)
{
    char a[512], b[600], w[600], bw[700];
    db_path(a, sizeof a, name);
    snprintf(b, sizeof b, "%s.killed", a);
    assert_int_equal(copy_file(a, b), 0);
    snprintf(w, sizeof w, "%s-wal", a);
    snprintf(bw, sizeof bw, "%s-wal", b);
    assert_int_equal(copy_file(w, bw), 0);
    snprintf(bw, sizeof bw, "%s-shm", b);
    unlink(bw);
    return open_db(b, "unix");
}

static void test_is_default(void **state)
{
    (void)state;
    assert_string_equal(sqlite3_vfs_find(NULL)->zName, "ward");
    lite_vfs_register();   /* again: nothing changes */
    assert_string_equal(sqlite3_vfs_find(NULL)->zName, "ward");
    /* A store's connection goes through it. */
    char sdir[512];
    db_path(sdir, sizeof sdir, "store");
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(sdir, NULL, &st, &err), 0);
    sqlite3_vfs *v = NULL;
    assert_int_equal(sqlite3_file_control(store_lite_handle(st), "main", SQLITE_FCNTL_VFS_POINTER, &v), SQLITE_OK);
    assert_string_equal(v->zName, "ward");
    ward_store_free(st);
}

static void test_frames_whole(void **state)
{
    (void)state;
    sqlite3 *db = fresh_wal_db("whole.db");
    char path[512];
    db_path(path, sizeof path, "whole.db");
    sqlite3 *reader = open_db(path, NULL);
    memset(&probe, 0, sizeof probe);
    for (int i = 0; i < 40; i++) {
        exec_ok(db, "BEGIN; INSERT INTO t(x) SELECT randomblob(700)" ROWS(30) "; COMMIT");
        /* Another connection sees every commit at once, and so does
         * what a kill would leave. */
        assert_int_equal(one(reader, "SELECT count(*) FROM t"), 30 * (i + 1));
        if (i % 8 == 0) {
            sqlite3 *k = as_killed("whole.db");
            assert_int_equal(one(k, "SELECT count(*) FROM t"), 30 * (i + 1));
            sqlite3_close(k);
        }
    }
    assert_int_equal(probe.hdr_writes, 0);
    assert_true(probe.frames > 40 * 5);
    /* A commit's frames (about 6) in one write. */
    assert_true(probe.frame_writes <= 40 + 2);
    /* A transaction of 120 pages: runs of 30 frames at most. */
    memset(&probe, 0, sizeof probe);
    exec_ok(db, "BEGIN; INSERT INTO t(x) SELECT randomblob(3500)" ROWS(120) "; COMMIT");
    assert_int_equal(probe.hdr_writes, 0);
    assert_true(probe.frames >= 120);
    assert_true(probe.frame_writes >= probe.frames / 30 && probe.frame_writes <= probe.frames / 30 + 2);
    assert_int_equal(one(reader, "SELECT count(*) FROM t"), 1320);
    /* A checkpoint that truncates the log, then more frames from its start. */
    exec_ok(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    struct stat sb;
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    assert_int_equal(stat(wal, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    exec_ok(db, "INSERT INTO t(x) VALUES (randomblob(5000))");
    assert_int_equal(one(reader, "SELECT count(*) FROM t"), 1321);
    sqlite3 *k = as_killed("whole.db");
    assert_int_equal(one(k, "SELECT count(*) FROM t"), 1321);
    assert_int_equal(probe.hdr_writes, 0);
    sqlite3_close(k);
    sqlite3_close(reader);
    sqlite3_close(db);
}

static void test_rewritten_checksums_on_file(void **state)
{
    (void)state;
    sqlite3 *db = fresh_wal_db("spill.db");
    exec_ok(db, "PRAGMA cache_size = 20; INSERT INTO t(x) VALUES (1)");
    memset(&probe, 0, sizeof probe);
    /* More pages than the cache: SQLite spills them to the log inside the
     * transaction, then changes them again, and at commit rewrites the
     * checksums of its frames from the first changed one on. */
    exec_ok(db, "BEGIN; INSERT INTO t(x) SELECT randomblob(600)" ROWS(3000) ";"
                "UPDATE t SET x = zeroblob(500) WHERE id % 7 = 0; COMMIT");
    assert_true(probe.hdr_writes > 0);   /* the rewrites went out at once */
    sqlite3 *k = as_killed("spill.db");
    assert_int_equal(one(k, "SELECT count(*) FROM t"), 3001);
    assert_int_equal(one(k, "SELECT count(*) FROM t WHERE x = zeroblob(500)"), 3001 / 7);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(k, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    sqlite3_close(k);
    sqlite3_close(db);
}

static void failed_write(const char *name, int how, int want)
{
    sqlite3 *db = fresh_wal_db(name);
    exec_ok(db, "INSERT INTO t(x) SELECT randomblob(800)" ROWS(100));
    probe.fail = how;
    int rc = sqlite3_exec(db, "BEGIN; INSERT INTO t(x) SELECT randomblob(800)" ROWS(200) "; COMMIT",
                          NULL, NULL, NULL);
    assert_int_equal(rc, want);
    assert_int_equal(probe.fail, FAIL_NONE);   /* the failure was used */
    if (!sqlite3_get_autocommit(db)) exec_ok(db, "ROLLBACK");
    assert_int_equal(one(db, "SELECT count(*) FROM t"), 100);
    sqlite3 *k = as_killed(name);
    assert_int_equal(one(k, "SELECT count(*) FROM t"), 100);
    sqlite3_close(k);
    /* And the store goes on. */
    exec_ok(db, "INSERT INTO t(x) SELECT randomblob(800)" ROWS(50));
    assert_int_equal(one(db, "SELECT count(*) FROM t"), 150);
    k = as_killed(name);
    assert_int_equal(one(k, "SELECT count(*) FROM t"), 150);
    sqlite3_close(k);
    sqlite3_close(db);
}

static void test_short_write_full(void **state)
{
    (void)state;
    failed_write("full.db", FAIL_SHORT, SQLITE_FULL);
}

static void test_write_error(void **state)
{
    (void)state;
    failed_write("ioerr.db", FAIL_IOERR, SQLITE_IOERR_WRITE);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "litevfs")) return 1;
    /* The probe goes under the VFS under test: the default before it. */
    unix_vfs = sqlite3_vfs_find(NULL);
    probe_vfs = *unix_vfs;
    probe_vfs.zName = "probe";
    probe_vfs.xOpen = probe_open;
    sqlite3_vfs_register(&probe_vfs, 1);
    lite_vfs_register();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_default),
        cmocka_unit_test(test_frames_whole),
        cmocka_unit_test(test_rewritten_checksums_on_file),
        cmocka_unit_test(test_short_write_full),
        cmocka_unit_test(test_write_error),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
