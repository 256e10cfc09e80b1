/* test_crash_wal.c — notes ingests SIGKILLed at random moments, many times,
 * through the store's own VFS (src/store/lite_vfs.c, which writes each WAL
 * frame in one call): after every kill, a store that SQLite's default VFS
 * alone opens and recovers holds exactly what was acknowledged.
 *
 * A child process opens the store and ingests batches of notes in turn
 * (one ward_ingest_path each, alternately with one thread and with two,
 * which adds workers and the background checkpointer); after each batch's
 * last commit it acknowledges the batch on a pipe. The parent kills it
 * after a random delay, then checks:
 *  - PRAGMA integrity_check, and FTS5's 'integrity-check' with rank 1 (the
 *    index is exactly the chunks table's);
 *  - every acknowledged batch is there whole, nothing of a later batch than
 *    the one in flight is, and the in-flight one only by whole notes (each
 *    document has its chunks); no document twice.
 * The next child goes on from there (unchanged notes are skipped by
 * hash); a child that finishes ends the round and the store starts anew.
 * At the end, one more run completes the store, which must equal a clean
 * run's. WARD_CRASH_KILLS sets the number of kills (default 20). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "test_util.h"

#include "ward/ingest.h"
#include "ward/store.h"

#define BATCHES 16
#define PER_BATCH 10

static char dir[256];
static unsigned rng = 12345;

static unsigned next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) & 0xffffff;
}

static const char *const words[] = {
    "hypertension", "diabetes", "metformin", "lisinopril", "atorvastatin", "dyspnea", "edema", "troponin",
    "creatinine", "potassium", "echocardiogram", "ejection", "fraction", "murmur", "wheezing", "albuterol",
    "pneumonia", "infiltrate", "ceftriaxone", "azithromycin", "sepsis", "lactate", "fluids", "vasopressor",
    "anemia", "ferritin", "transfusion", "colonoscopy", "polyp", "biopsy", "adenoma", "fracture", "femur",
    "orthopedics", "physical", "therapy", "gait", "fall", "syncope", "telemetry", "arrhythmia", "apixaban",
    "warfarin", "INR", "stroke", "aphasia", "weakness", "MRI", "thrombectomy", "neurology", "seizure",
    "levetiracetam", "headache", "migraine", "nausea", "vomiting", "abdominal", "pain", "lipase", "pancreatitis",
    "cholecystitis", "ultrasound", "gallstones", "surgery", "consult", "discharge", "follow-up", "clinic",
    "glucose", "insulin", "A1c", "neuropathy", "retinopathy", "nephropathy", "proteinuria", "dialysis",
};
#define NWORDS (sizeof words / sizeof words[0])

static void write_notes(void)
{
    for (int b = 0; b < BATCHES; b++) {
        char bdir[512];
        snprintf(bdir, sizeof bdir, "%s/in/b%02d", dir, b);
        assert_int_equal(mkdir(bdir, 0700), 0);
        for (int i = 0; i < PER_BATCH; i++) {
            char path[600];
            snprintf(path, sizeof path, "%s/n%02d.txt", bdir, i);
            FILE *f = fopen(path, "w");
            assert_non_null(f);
            fprintf(f, "---\npatient: crash-p%d\ndate: 2024-%02d-%02d\nkind: progress_note\ntitle: B%02d-N%02d\n---\n",
                    (b * PER_BATCH + i) % 23, b % 12 + 1, i % 28 + 1, b, i);
            /* About 6 KB of varied text: many terms, many pages a commit. */
            for (int line = 0; line < 60; line++) {
                fprintf(f, "Line %d of note %d.%d:", line, b, i);
                for (int w = 0; w < 12; w++) fprintf(f, " %s", words[next_rand() % NWORDS]);
                fprintf(f, " %u mg.\n", next_rand() % 5000);
            }
            fprintf(f, "\nASSESSMENT AND PLAN:\n1. Hypertension, controlled.\n2. Diabetes: A1c pending.\n");
            assert_int_equal(fclose(f), 0);
        }
    }
}

/* The child: ingests every batch in turn, acknowledging each on fd. */
static void child(const char *data, int fd, int alternate)
{
    ward_store *st = NULL;
    ward_err err = {0};
    if (ward_store_open(data, NULL, &st, &err)) _exit(3);
    for (int b = 0; b < BATCHES; b++) {
        ward_ingest_params p = ward_ingest_default_params();
        p.quiet = 1;
        p.jobs = alternate && b % 2 ? 2 : 1;
        ward_ingest *in = NULL;
        char bdir[512];
        snprintf(bdir, sizeof bdir, "%s/in/b%02d", dir, b);
        if (ward_ingest_new(st, &p, &in, &err) || ward_ingest_path(in, bdir, &err) ||
            ward_ingest_finish(in, &err) || ward_ingest_get_counts(in)->files_failed)
            _exit(4);
        ward_ingest_free(in);
        unsigned char ack = (unsigned char)b;
        if (write(fd, &ack, 1) != 1) _exit(5);
    }
    ward_store_free(st);
    _exit(0);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs a child on data; kills it after delay seconds (< 0: never). Returns
 * how many batches it acknowledged (from the first: it goes through those
 * stored already too), and sets *finished when it ran to its end. */
static int run_child(const char *data, double delay, int *finished)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child(data, fds[1], 1);
    }
    close(fds[1]);
    int acks = 0;
    double end = delay < 0 ? -1 : now() + delay;
    int killed = 0;
    for (;;) {
        int wait_ms = -1;
        if (end >= 0) {
            double left = end - now();
            if (left <= 0) {
                kill(pid, SIGKILL);
                killed = 1;
                end = -1;
                continue;   /* read what it acknowledged before it died */
            }
            wait_ms = (int)(left * 1000) + 1;
        }
        struct pollfd pfd = {fds[0], POLLIN, 0};
        int r = poll(&pfd, 1, wait_ms);
        if (r < 0 && errno == EINTR) continue;
        if (r == 0) continue;
        unsigned char ack;
        ssize_t n = read(fds[0], &ack, 1);
        if (n == 1) {
            acks++;
            continue;
        }
        break;   /* the child is gone */
    }
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (killed && WIFSIGNALED(status)) {
        *finished = 0;
    } else {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            fail_msg("ingest child ended with status %d", status);
        *finished = 1;
    }
    return acks;
}

static sqlite3 *open_plain(const char *data)
{
    char path[512];
    snprintf(path, sizeof path, "%s/ward.db", data);
    sqlite3 *db = NULL;
    /* SQLite's default VFS alone: it recovers the log as it finds it. */
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
    return db;
}

static long long one(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static void check_store(const char *data, int acked, int kill_no, double delay)
{
    char path[512];
    snprintf(path, sizeof path, "%s/ward.db", data);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        assert_int_equal(acked, 0);   /* killed before the store was made */
        return;
    }
    sqlite3 *db = open_plain(data);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    const char *ok = (const char *)sqlite3_column_text(s, 0);
    if (strcmp(ok, "ok")) fail_msg("kill %d at %.3f s: integrity_check: %s", kill_no, delay, ok);
    sqlite3_finalize(s);
    if (one(db, "PRAGMA user_version") == 0) {   /* killed before the schema's first migration */
        assert_int_equal(acked, 0);
        sqlite3_close(db);
        return;
    }
    char *msg = NULL;
    if (sqlite3_exec(db, "INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)", NULL, NULL, &msg))
        fail_msg("kill %d at %.3f s: FTS5 integrity-check: %s", kill_no, delay, msg);
    long long docs = one(db, "SELECT count(*) FROM documents");
    long long whole = one(db, "SELECT count(*) FROM documents d WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)");
    long long dups = one(db, "SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1)");
    for (int b = 0; b <= acked && b < BATCHES; b++) {
        char *q = sqlite3_mprintf("SELECT count(*) FROM documents WHERE title LIKE 'B%02d-%%'", b);
        long long n = one(db, q);
        sqlite3_free(q);
        if (b < acked && n != PER_BATCH)
            fail_msg("kill %d at %.3f s: acknowledged batch %d has %lld of %d notes", kill_no, delay, b, n, PER_BATCH);
        if (b == acked && n > PER_BATCH) fail_msg("kill %d: batch %d in flight has %lld notes", kill_no, b, n);
    }
    long long most = (long long)(acked + 1) * PER_BATCH;
    if (docs < (long long)acked * PER_BATCH || docs > (most < BATCHES * PER_BATCH ? most : BATCHES * PER_BATCH))
        fail_msg("kill %d at %.3f s: %lld notes stored, %d batches acknowledged", kill_no, delay, docs, acked);
    if (whole != docs) fail_msg("kill %d at %.3f s: %lld of %lld notes without chunks", kill_no, delay, docs - whole, docs);
    assert_int_equal(dups, 0);
    sqlite3_close(db);
}

static void signature(const char *data, char *out, size_t cap)
{
    sqlite3 *db = open_plain(data);
    snprintf(out, cap, "%lld/%lld/%lld/%lld/%lld",
             one(db, "SELECT count(*) FROM documents"), one(db, "SELECT count(*) FROM chunks"),
             one(db, "SELECT count(*) FROM patients"),
             one(db, "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'metformin'"),
             one(db, "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'ceftriaxone AND sepsis'"));
    sqlite3_close(db);
}

static void test_random_kills(void **state)
{
    (void)state;
    char in[512], ref[512], data[512];
    snprintf(in, sizeof in, "%s/in", dir);
    assert_int_equal(mkdir(in, 0700), 0);
    write_notes();
    snprintf(ref, sizeof ref, "%s/ref", dir);
    snprintf(data, sizeof data, "%s/crash", dir);

    /* A clean run: the reference, and how long a whole run takes. */
    int finished = 0;
    double t0 = now();
    assert_int_equal(run_child(ref, -1, &finished), BATCHES);
    double whole = now() - t0;
    char want[256], got[256];
    signature(ref, want, sizeof want);
    char expect_docs[32];
    snprintf(expect_docs, sizeof expect_docs, "%d/", BATCHES * PER_BATCH);
    assert_memory_equal(want, expect_docs, strlen(expect_docs));

    const char *env = getenv("WARD_CRASH_KILLS");
    int kills = env && atoi(env) > 0 ? atoi(env) : 20;
    int acked = 0, rounds = 1, done = 0;
    for (int k = 0; k < kills; k++) {
        /* A random moment of what is left to do (a child skips the
         * acknowledged batches quickly): kills reach every batch. */
        double delay = whole * (double)(next_rand() % 10000) / 10000.0 * (BATCHES - acked + 1) / BATCHES;
        int fin = 0;
        int n = run_child(data, delay, &fin);
        if (n > acked) acked = n;
        if (fin) {   /* it ended before the kill: a new round from nothing */
            assert_int_equal(acked, BATCHES);
            check_store(data, acked, k, delay);
            signature(data, got, sizeof got);
            assert_string_equal(got, want);
            test_rmdir(data);
            acked = 0;
            rounds++;
            done++;
            continue;
        }
        check_store(data, acked, k, delay);
    }
    /* The last round's store, completed, is the clean run's. */
    assert_int_equal(run_child(data, -1, &finished), BATCHES);
    check_store(data, BATCHES, kills, 0);
    signature(data, got, sizeof got);
    assert_string_equal(got, want);
    print_message("%d kills (whole run %.2f s), %d rounds, %d runs ended before their kill\n", kills, whole, rounds,
                  done);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "crashwal")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_kills),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
