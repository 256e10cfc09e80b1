/* test_pg_store.c — the PostgreSQL engine itself (src/store/pg.c, pg_sql.c):
 * the dialect translation, parameter types from binds, blobs, ids and
 * change counts, busy and uniqueness errors, SQLite's savepoint meaning, a
 * connection lost and regained, migrations run by two stores at once, and
 * one audit chain from two writers appending at the same moment, and
 * BM25's term statistics kept exact as chunks come and go, and writes
 * sent without waiting failing what they belong to.
 *
 * It needs a PostgreSQL store: run without WARD_STORE, it runs itself again
 * through tests/pg/pg_run.sh, which starts a throwaway cluster. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include "test_util.h"

#include "store/pg_int.h" /* tests of the store itself may use its internals */
#include "test_store_util.h"
#include "ward/store.h"

static char dir[256];

static ward_store *open_store(void)
{
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    return st;
}

static void translated(const char *sqlite, const char *want)
{
    char *got = pg_translate(sqlite, NULL, NULL, NULL);
    assert_string_equal(got, want);
    free(got);
}

static void test_translation(void **state)
{
    (void)state;
    translated("SELECT a FROM t WHERE x = ?1 AND y = ?2 OR z = ?1", "SELECT a FROM t WHERE x = $1 AND y = $2 OR z = $1");
    translated("SELECT ?, ?, ?5, ?", "SELECT $1, $2, $5, $6");
    translated("SELECT '?1 LIKE end' || \"end\" FROM t", "SELECT '?1 LIKE end' || \"end\" FROM t");
    translated("SELECT 'it''s ?' WHERE a LIKE ?", "SELECT 'it''s ?' WHERE a ILIKE $1");
    /* A write transaction runs its statements on generic plans. */
    translated("BEGIN IMMEDIATE", "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan");
    translated("SELECT c.start, c.end FROM chunks c WHERE 1 AND c.x = 2", "SELECT c.start, c.\"end\" FROM chunks c WHERE true AND c.x = 2");
    translated("SELECT 1 FROM d WHERE patient_id IS ?1", "SELECT 1 FROM d WHERE patient_id IS NOT DISTINCT FROM $1");
    translated("SELECT length(CAST(text AS BLOB)), substr(CAST(d.text AS BLOB), ?4+1, 3) FROM d",
               "SELECT octet_length(text), ward_substr_bytes(d.text, $4+1, 3) FROM d");
    translated("INSERT OR IGNORE INTO care_team(user_id, patient_id) VALUES(?,?)",
               "INSERT INTO care_team(user_id, patient_id) VALUES($1,$2) ON CONFLICT DO NOTHING");
    /* embeddings are partitioned by patient: their unique key holds it. */
    translated("INSERT INTO embeddings(chunk_id, vec) SELECT ?1, ?2 WHERE 1 ON CONFLICT(chunk_id) DO UPDATE SET vec = ?2",
               "INSERT INTO embeddings(chunk_id, vec) SELECT $1, $2 WHERE true ON CONFLICT(chunk_id, patient_id) DO UPDATE SET vec = $2");
    /* Reads by a key that spans patients go through its map (one partition). */
    translated("SELECT id, hash FROM resources WHERE type=? AND fhir_id=?",
               "SELECT id, hash FROM ward_resource_by_key($1, $2) resources WHERE type=$1 AND fhir_id=$2");
    translated("SELECT d.id FROM documents d JOIN resources r ON r.id = d.resource_id WHERE r.type = ?1 AND r.fhir_id = ?2",
               "SELECT d.id FROM documents d JOIN ward_resource_by_key($1, $2) r ON r.id = d.resource_id"
               " WHERE r.type = $1 AND r.fhir_id = $2");
    translated("DELETE FROM chunks WHERE document_id IN (SELECT id FROM documents WHERE source_key = ?1 AND id <> ?2)",
               "DELETE FROM chunks WHERE document_id IN (SELECT id FROM ward_documents_by_key($1) documents"
               " WHERE source_key = $1 AND id <> $2)");
    translated("INSERT INTO documents(text, version) VALUES(?1, (SELECT max(version) FROM documents WHERE source_key = ?2))",
               "INSERT INTO documents(text, version) VALUES($1, (SELECT max(version) FROM ward_documents_by_key($2) documents"
               " WHERE source_key = $2))");
    translated("SELECT 1 FROM resources WHERE type = ?1 AND code = ?2", "SELECT 1 FROM resources WHERE type = $1 AND code = $2");
    translated("DELETE FROM documents WHERE source_key = ?1", "DELETE FROM documents WHERE source_key = $1");
    translated("SELECT 1 FROM documents d WHERE source_key = ?1", "SELECT 1 FROM documents d WHERE source_key = $1");
    /* One INSERT's rows, several to a statement. */
    char *multi = NULL;
    int keys[8], nk = -1;
    assert_true(pg_multi_row("INSERT INTO t(a,b,\"end\",d) VALUES($1,$2,$3,coalesce(NULL,'x,y')) ON CONFLICT(a, \"end\")"
                             " DO UPDATE SET b=coalesce($2,t.b), c='$1'", 3, 2, &multi, keys, &nk));
    assert_string_equal(multi, "INSERT INTO t(a,b,\"end\",d) VALUES($1,$2,$3,coalesce(NULL,'x,y')),($4,$5,$6,coalesce(NULL,'x,y'))"
                               " ON CONFLICT(a, \"end\") DO UPDATE SET b=coalesce(excluded.b,t.b), c='$1'");
    free(multi);
    assert_true(nk == 2 && keys[0] == 0 && keys[1] == 2);
    assert_false(pg_multi_row("INSERT INTO t(a,b) VALUES($1,$2),($3,$4)", 4, 2, &multi, keys, &nk));
    assert_false(pg_multi_row("INSERT INTO t(a) SELECT $1", 1, 2, &multi, keys, &nk));
    assert_false(pg_multi_row("INSERT INTO t(a) VALUES($1) ON CONFLICT(a) DO UPDATE SET b = $2", 2, 2, &multi, keys, &nk));
    assert_false(pg_multi_row("INSERT INTO t(a,b) VALUES($1,lower($2)) ON CONFLICT(a) DO UPDATE SET b = $2", 2, 2, &multi,
                              keys, &nk));
    assert_null(multi);
    int n = 0, rid = 0;
    unsigned char *used = NULL;
    char *got = pg_translate("INSERT INTO documents(kind, text) VALUES(?1, ?3)", &n, &used, &rid);
    assert_string_equal(got, "INSERT INTO documents(kind, text) VALUES($1, $3) RETURNING id");
    assert_int_equal(n, 3);
    assert_true(used[0] && !used[1] && used[2]);
    assert_int_equal(rid, 1);
    free(got), free(used);
    got = pg_translate("INSERT INTO meta(key, value) VALUES(?, ?)", NULL, NULL, &rid);
    assert_int_equal(rid, 0);   /* no id column */
    free(got);
}

static void test_binds_and_rows(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    assert_int_equal(ward_store_exec(st, "CREATE TABLE t (s text UNIQUE, n bigint, f double precision, b bytea)",
                                     &err), 0);
    /* A NULL bind where only "?1 IS NULL" names the parameter. */
    static const char *const q = "SELECT count(*) FROM t WHERE ?1 IS NULL OR s = ?1";
    for (int round = 0; round < 3; round++) {
        store_stmt *s = store_cached(st, q, &err);
        assert_non_null(s);
        if (round == 1) store_bind_text(s, 1, "x");
        assert_int_equal(store_step(s), STORE_ROW);
        store_reset(s);
    }
    /* Binds of another type: the statement is prepared again for them. */
    static const char *const echo = "SELECT CAST(?1 AS text)";
    store_stmt *e = store_cached(st, echo, &err);
    store_bind_int64(e, 1, 7);
    assert_int_equal(store_step(e), STORE_ROW);
    assert_string_equal(store_text(e, 0), "7");
    e = store_cached(st, echo, &err);
    store_bind_text(e, 1, "seven");
    assert_int_equal(store_step(e), STORE_ROW);
    assert_string_equal(store_text(e, 0), "seven");
    store_reset(e);
    static const char *const ins = "INSERT INTO t(s, n, f, b) VALUES(?, ?, ?, ?)";
    unsigned char blob[5] = {0, 1, 0xff, '\\', 'x'};
    store_stmt *s = store_cached(st, ins, &err);
    store_bind_text(s, 1, "a");
    store_bind_int64(s, 2, -9000000000LL);
    store_bind_double(s, 3, 0.1);
    store_bind_blob(s, 4, blob, 5);
    assert_int_equal(store_step(s), STORE_DONE);
    assert_int_equal(store_changes(st), 1);
    store_reset(s);
    store_clear(s);
    store_bind_text(s, 1, "a");                     /* the same s again: unique violation */
    assert_int_not_equal(store_step(s), STORE_DONE);
    assert_true(store_unique_violation(st));
    store_reset(s);
    /* An INSERT into a table with ids: the added RETURNING id is not a row. */
    s = store_prepare(st, "INSERT INTO documents(kind, text, hash) VALUES('note', 'x', ?)", &err);
    store_bind_text(s, 1, "h-1");
    assert_int_equal(store_step(s), STORE_DONE);
    int64_t id = store_last_id(st);
    assert_true(id > 0);
    assert_int_equal(test_store_one(st, "SELECT max(id) FROM documents"), id);
    store_finalize(s);
    s = store_prepare(st, "SELECT s, n, f, b, n IS NULL, EXISTS(SELECT 1 FROM t) FROM t WHERE s = ?", &err);
    store_bind_text(s, 1, "a");
    assert_int_equal(store_step(s), STORE_ROW);
    assert_string_equal(store_text(s, 0), "a");
    assert_true(store_int64(s, 1) == -9000000000LL);
    assert_true(store_double(s, 2) == 0.1);
    assert_int_equal(store_bytes(s, 3), 5);
    assert_memory_equal(store_blob(s, 3), blob, 5);
    assert_int_equal(store_int(s, 4), 0);   /* booleans read as 0 / 1 */
    assert_int_equal(store_int(s, 5), 1);
    assert_int_equal(store_step(s), STORE_DONE);
    store_finalize(s);
    /* A row loop may run other statements on the connection meanwhile. */
    s = store_prepare(st, "SELECT s FROM t", &err);
    assert_int_equal(store_step(s), STORE_ROW);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM t"), 1);
    assert_int_equal(store_step(s), STORE_DONE);
    store_finalize(s);
    ward_store_free(st);
}

static void test_savepoint_outside_transaction(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    assert_int_equal(ward_store_exec(st, "CREATE TABLE sp (x int)", &err), 0);
    /* As in SQLite: the savepoint begins a transaction, its release commits. */
    assert_int_equal(ward_store_savepoint(st, &err), 0);
    assert_true(ward_store_in_transaction(st));
    assert_int_equal(ward_store_exec(st, "INSERT INTO sp VALUES (1)", &err), 0);
    assert_int_equal(ward_store_release(st, &err), 0);
    assert_false(ward_store_in_transaction(st));
    assert_int_equal(ward_store_savepoint(st, &err), 0);
    assert_int_equal(ward_store_exec(st, "INSERT INTO sp VALUES (2)", &err), 0);
    ward_store_rollback_to(st);
    assert_false(ward_store_in_transaction(st));
    assert_int_equal(test_store_one(st, "SELECT sum(x) FROM sp"), 1);
    ward_store_free(st);
}

static void test_busy_and_lost(void **state)
{
    (void)state;
    ward_store *a = open_store(), *b = open_store();
    ward_err err = {0};
    assert_int_equal(ward_store_exec(a, "CREATE TABLE lk (x int); INSERT INTO lk VALUES (1)", &err), 0);
    assert_int_equal(ward_store_begin(a, &err), 0);
    assert_int_equal(ward_store_exec(a, "UPDATE lk SET x = 2", &err), 0);
    ward_store_set_busy_timeout(b, 200);
    err = (ward_err){0};
    assert_int_equal(ward_store_exec(b, "UPDATE lk SET x = 3", &err), WARD_EBUSY);
    assert_false(ward_store_lost(b));   /* contention: busy, not lost */
    ward_store_rollback(a);
    /* b's connection is ended by the server: a clear busy error, then it is back. */
    long long pid = test_store_one(b, "SELECT pg_backend_pid()");
    char kill[96];
    snprintf(kill, sizeof kill, "SELECT pg_terminate_backend(%lld)", pid);
    assert_int_equal(test_store_one(a, kill), 1);
    err = (ward_err){0};
    assert_int_equal(ward_store_exec(b, "UPDATE lk SET x = 4", &err), WARD_EBUSY);
    assert_non_null(strstr(err.msg, "connection to PostgreSQL was lost"));
    assert_true(ward_store_lost(b));
    err = (ward_err){0};
    assert_int_equal(ward_store_exec(b, "UPDATE lk SET x = 5", &err), 0);
    assert_int_equal(test_store_one(b, "SELECT x FROM lk"), 5);
    /* Reconnected, the store still says it was lost: a server that asks
     * after the request answers "unavailable" and opens a new one. */
    assert_true(ward_store_lost(b));
    /* Lost inside a transaction: nothing after runs outside it, a rollback
     * to a savepoint does not end it, and its COMMIT says it failed. */
    assert_int_equal(ward_store_begin(b, &err), 0);
    assert_int_equal(ward_store_exec(b, "UPDATE lk SET x = 6", &err), 0);
    assert_int_equal(ward_store_savepoint(b, &err), 0);
    pid = test_store_one(b, "SELECT pg_backend_pid()");
    snprintf(kill, sizeof kill, "SELECT pg_terminate_backend(%lld)", pid);
    assert_int_equal(test_store_one(a, kill), 1);
    err = (ward_err){0};
    assert_int_equal(ward_store_exec(b, "UPDATE lk SET x = 7", &err), WARD_EBUSY);
    ward_store_rollback_to(b);
    assert_true(ward_store_in_transaction(b));
    err = (ward_err){0};
    assert_int_equal(ward_store_exec(b, "UPDATE lk SET x = 8", &err), WARD_EBUSY);
    err = (ward_err){0};
    assert_int_equal(ward_store_commit(b, &err), WARD_EBUSY);
    assert_non_null(strstr(err.msg, "not committed"));
    assert_false(ward_store_in_transaction(b));
    assert_int_equal(test_store_one(b, "SELECT x FROM lk"), 5);   /* none of it happened */
    ward_store_free(a);
    ward_store_free(b);
}

typedef struct {
    int n;
    int failed;
} appender;

/* Appends n links to a hash chain the way the audit log does: inside a
 * transaction, read the last link, write the next. */
static void *append_links(void *ud)
{
    appender *ap = ud;
    ward_store *st = open_store();
    for (int i = 0; i < ap->n; i++) {
        ward_err err = {0};
        int64_t last = 0;
        char prev[65];
        int rc = ward_store_begin(st, &err);
        if (!rc) rc = ward_store_audit_last(st, &last, prev, &err);
        char hash[65];
        snprintf(hash, sizeof hash, "h%lld", (long long)last + 1);
        ward_audit_row r = {.id = last + 1, .ts = "t", .actor = "a", .role = "r", .action = "x", .outcome = "ok",
                            .prev_hash = last ? prev : "genesis", .hash = hash};
        if (!rc) rc = ward_store_audit_insert(st, &r, &err);
        if (!rc) rc = ward_store_commit(st, &err);
        if (rc) {
            ward_store_rollback(st);
            ap->failed++;
        }
    }
    ward_store_free(st);
    return NULL;
}

static void test_one_audit_chain(void **state)
{
    (void)state;
    appender x = {40, 0}, y = {40, 0};
    pthread_t tx, ty;
    pthread_create(&tx, NULL, append_links, &x);
    pthread_create(&ty, NULL, append_links, &y);
    pthread_join(tx, NULL);
    pthread_join(ty, NULL);
    assert_int_equal(x.failed + y.failed, 0);
    ward_store *st = open_store();
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit"), 80);
    /* Every link names the one before it: no fork, no gap. */
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit a JOIN audit p ON p.id = a.id - 1"
                             " WHERE a.prev_hash = p.hash"), 79);
    ward_store_free(st);
}

static void *open_one(void *ud)
{
    ward_err err = {0};
    ward_store *st = NULL;
    *(int *)ud = ward_store_open(dir, NULL, &st, &err);
    ward_store_free(st);
    return NULL;
}

static void test_concurrent_migration(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    /* An empty database, then two stores migrating it at the same moment. */
    assert_int_equal(ward_store_exec(st, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &err), 0);
    ward_store_free(st);
    int rc1 = -1, rc2 = -1;
    pthread_t a, b;
    pthread_create(&a, NULL, open_one, &rc1);
    pthread_create(&b, NULL, open_one, &rc2);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    assert_int_equal(rc1, 0);
    assert_int_equal(rc2, 0);
    st = open_store();
    assert_true(ward_store_schema_version(st) >= 9);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM ward_schema"), 1);
    ward_store_free(st);
}

/* Whether BM25's statistics tables equal what the chunks hold now. */
static void stats_exact(ward_store *st)
{
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM (SELECT u.lexeme, count(*) AS df FROM chunks c,"
                                        " unnest(c.tsv) u GROUP BY u.lexeme) r FULL JOIN"
                                        " (SELECT * FROM search_terms WHERE df <> 0) s ON s.lexeme = r.lexeme"
                                        " WHERE r.df IS DISTINCT FROM s.df"), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM search_totals t WHERE t.chunks = (SELECT count(*)"
                                        " FROM chunks) AND t.lexemes = (SELECT coalesce(sum(length(tsv)), 0)"
                                        " FROM chunks)"), 1);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM search_pending"), 0);
}

/* A note with two chunks (its two sentences); returns its id. */
static int64_t add_note(ward_store *st, const char *key, const char *text)
{
    ward_err err = {0};
    ward_document d = {.patient_id = "p-stats", .kind = "note", .source_format = "text", .source_id = key,
                       .source_key = key, .text = text};
    int64_t id = 0;
    int is_new = 0;
    assert_int_equal(ward_store_add_document(st, &d, &id, &is_new, &err), 0);
    assert_int_equal(ward_store_supersede(st, key, id, NULL, &err), 0);
    size_t cut = (size_t)(strchr(text, '.') - text) + 1;
    ward_chunk a = {.document_id = id, .seq = 0, .start = 0, .end = cut};
    ward_chunk b = {.document_id = id, .seq = 1, .start = cut, .end = strlen(text)};
    assert_int_equal(ward_store_add_chunk(st, &a, NULL, &err), 0);
    assert_int_equal(ward_store_add_chunk(st, &b, NULL, &err), 0);
    return id;
}

/* BM25's term statistics follow every way chunks come and go: added in a
 * transaction or on their own, rolled back, superseded by a new version,
 * deleted with their document, added and removed before the commit. */
static void test_bm25_statistics(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    stats_exact(st);
    assert_int_equal(ward_store_begin(st, &err), 0);
    add_note(st, "k1", "Metformin 500 mg twice daily. Hemoglobin A1c improved, metformin continued.");
    add_note(st, "k2", "Cellulitis of the left leg. Started cefazolin.");
    assert_int_equal(ward_store_commit(st, &err), 0);
    stats_exact(st);
    assert_int_equal(test_store_one(st, "SELECT df FROM search_terms WHERE lexeme = 'metformin'"), 2);
    add_note(st, "k3", "Outside any transaction. Each chunk counts at once.");   /* autocommit */
    stats_exact(st);
    assert_int_equal(ward_store_begin(st, &err), 0);
    add_note(st, "k4", "Rolled back note. Never counted.");
    ward_store_rollback(st);
    stats_exact(st);
    assert_int_equal(ward_store_begin(st, &err), 0);
    add_note(st, "k1", "Metformin stopped. Insulin glargine started.");   /* a new version */
    assert_int_equal(ward_store_delete_documents_for_source(st, "text", "k2", &err), 0);
    add_note(st, "k5", "Added then removed. In one transaction.");
    assert_int_equal(ward_store_delete_documents_for_source(st, "text", "k5", &err), 0);
    assert_int_equal(ward_store_commit(st, &err), 0);
    stats_exact(st);
    assert_int_equal(test_store_one(st, "SELECT df FROM search_terms WHERE lexeme = 'metformin'"), 1);
    assert_int_equal(test_store_one(st, "SELECT chunks FROM search_totals"), 4);
    ward_store_free(st);
}

/* Writes sent without waiting (a note's concepts: pipeline mode) still
 * fail what they belong to: a bad one fails the transaction's COMMIT and
 * nothing of it stays; with a savepoint open, or outside a transaction,
 * the failing call itself says so. */
static void test_queued_writes(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    int64_t doc = add_note(st, "q1", "Queued concepts. Second sentence.");
    ward_concept good = {.document_id = doc, .start = 0, .end = 6, .type = "problem", .text = "Queued",
                         .patient_id = "p-stats"};
    ward_concept bad = good;
    bad.document_id = doc + 1000;   /* no such document: a foreign key refuses it */
    long long before = test_store_one(st, "SELECT count(*) FROM concepts");
    assert_int_equal(ward_store_begin(st, &err), 0);
    for (int i = 0; i < 300; i++) assert_int_equal(ward_store_add_concept(st, &good, NULL, &err), 0);
    /* Sent without waiting: the call cannot know yet. */
    assert_int_equal(ward_store_add_concept(st, &bad, NULL, &err), 0);
    assert_int_equal(ward_store_add_concept(st, &good, NULL, &err), 0);
    err = (ward_err){0};
    assert_int_not_equal(ward_store_commit(st, &err), 0);
    assert_non_null(strstr(err.msg, "foreign key"));
    ward_store_rollback(st);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM concepts"), before);
    /* The same writes committed. */
    assert_int_equal(ward_store_begin(st, &err), 0);
    for (int i = 0; i < 300; i++) assert_int_equal(ward_store_add_concept(st, &good, NULL, &err), 0);
    assert_int_equal(ward_store_commit(st, &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM concepts"), before + 300);
    /* A record's savepoint: its failure is its own, at once. */
    assert_int_equal(ward_store_begin(st, &err), 0);
    assert_int_equal(ward_store_savepoint(st, &err), 0);
    assert_int_equal(ward_store_add_concept(st, &good, NULL, &err), 0);
    assert_int_not_equal(ward_store_add_concept(st, &bad, NULL, &err), 0);
    ward_store_rollback_to(st);
    assert_int_equal(ward_store_add_concept(st, &good, NULL, &err), 0);
    assert_int_equal(ward_store_commit(st, &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM concepts"), before + 301);
    assert_int_not_equal(ward_store_add_concept(st, &bad, NULL, &err), 0);   /* no transaction */
    /* A note's chunks sent without waiting get their ids at the sync, in
     * their order. */
    assert_int_equal(ward_store_begin(st, &err), 0);
    const char *text = "One. Two. Three. Four.";
    ward_document d = {.patient_id = "p-q", .kind = "note", .text = text};
    int64_t did = 0, ids[4] = {0};
    int is_new = 0;
    assert_int_equal(ward_store_add_document(st, &d, &did, &is_new, &err), 0);
    for (int i = 0; i < 4; i++) {
        ward_chunk c = {.document_id = did, .seq = i, .start = (size_t)i * 5, .end = (size_t)i * 5 + 4,
                        .text = "word", .doc = &d};
        assert_int_equal(ward_store_add_chunk_later(st, &c, &ids[i], &err), 0);
    }
    assert_int_equal(ward_store_sync(st, &err), 0);
    store_stmt *s = store_prepare(st, "SELECT id FROM chunks WHERE document_id = ? ORDER BY seq", &err);
    store_bind_int64(s, 1, did);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(store_step(s), STORE_ROW);
        assert_true(ids[i] > 0 && store_int64(s, 0) == ids[i]);
    }
    store_finalize(s);
    assert_int_equal(ward_store_commit(st, &err), 0);
    /* A note's facts go several to a statement; a key that comes twice
     * goes in order (the second write wins), values NULL or not. */
    assert_int_equal(ward_store_begin(st, &err), 0);
    for (int i = 0; i < 21; i++)
        for (int round = 0; round < 2; round++) {
            char fid[32], json[32];
            snprintf(fid, sizeof fid, "d%lld-%d-%d", (long long)did, i, i + 1);
            snprintf(json, sizeof json, "{\"round\":%d}", round);
            ward_resource r = {.type = "Condition", .fhir_id = fid, .patient_id = "p-q", .derived = 1,
                               .source_doc = did, .span_start = i, .span_end = i + 1, .json = json, .fresh = 1,
                               .has_value = (i + round) % 3 == 0, .value_num = i};
            int changed = 0;
            assert_int_equal(ward_store_put_resource(st, &r, NULL, &changed, &err), 0);
            if (i == 7 && round) {   /* another statement between them */
                assert_int_equal(ward_store_add_concept(st, &good, NULL, &err), 0);
            }
        }
    assert_int_equal(ward_store_commit(st, &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM resources WHERE source_doc IS NOT NULL AND json = '{\"round\":1}'"
                                        " AND (value_num IS NOT NULL) = ((span_start + 1) % 3 = 0)"), 21);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM resources WHERE source_doc IS NOT NULL"), 21);
    stats_exact(st);
    ward_store_free(st);
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *store = getenv("WARD_STORE"), *tests = getenv("WARD_TESTS");
    if (!store || !*store) {   /* no PostgreSQL yet: start one and come back */
        char run[1024];
        snprintf(run, sizeof run, "%s/pg/pg_run.sh", tests ? tests : "tests");
        execlp("bash", "bash", run, argv[0], (char *)NULL);
        return 1;
    }
    if (!test_tmpdir(dir, sizeof dir, "pgstore")) return 1;
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_translation),
        cmocka_unit_test(test_binds_and_rows),
        cmocka_unit_test(test_savepoint_outside_transaction),
        cmocka_unit_test(test_busy_and_lost),
        cmocka_unit_test(test_one_audit_chain),
        cmocka_unit_test(test_concurrent_migration),
        cmocka_unit_test(test_bm25_statistics),
        cmocka_unit_test(test_queued_writes),
    };
    int rc = cmocka_run_group_tests(t, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
