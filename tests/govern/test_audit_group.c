/* test_audit_group.c — audit appends from many threads at once, as a busy
 * server makes them: they are committed in groups (audit.c), and every
 * event must still be in the one chain exactly once, in a chain that
 * verifies, with the head anchored at its end. Also while another
 * connection holds the write lock: the events go to the spool and join
 * the chain at the next append.
 *
 * Each thread has its own store connection, as each server worker does.
 * The head writes keep audit.head open between commits: a head file
 * replaced meanwhile must get the next head (not the replaced file), and
 * a deleted one must stay deleted (verify then reports it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "ward/govern.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS 8
#define EACH 60

static char dir[256];

typedef struct worker {
    int n;           /* which thread */
    int events;      /* how many to log */
    int failed;      /* ward_audit_log calls that failed */
} worker;

static void *run(void *p)
{
    worker *w = p;
    ward_store *st;
    ward_err err = {0};
    if (ward_store_open(dir, NULL, &st, &err)) {
        w->failed = w->events;
        return NULL;
    }
    for (int i = 0; i < w->events; i++) {
        char actor[32], res[32];
        snprintf(actor, sizeof actor, "user%d", w->n);
        snprintf(res, sizeof res, "[\"chunk:%d\"]", i);
        ward_audit_event e = {actor, "clinician", "search", "p-1", res, "ok", NULL, "127.0.0.1", NULL, NULL};
        if (ward_audit_log(st, &e, &err)) w->failed++;
    }
    ward_store_free(st);
    return NULL;
}

static void run_all(int events)
{
    pthread_t t[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){i, events, 0};
        assert_int_equal(pthread_create(&t[i], NULL, run, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failed, 0);
    }
}

/* Events of one actor in the log, through the FHIR export (one line each). */
typedef struct tally {
    long per_actor[THREADS];
} tally;

static int count_line(void *ud, const char *line, size_t n)
{
    tally *t = ud;
    (void)n;
    for (int i = 0; i < THREADS; i++) {
        char want[40];
        snprintf(want, sizeof want, "\"user%d\"", i);
        if (strstr(line, want)) t->per_actor[i]++;
    }
    return 0;
}

static void check_log(ward_store *st, long expect_each)
{
    ward_err err = {0};
    long n = 0;
    assert_int_equal(ward_audit_verify(st, &n, &err), 0);
    assert_int_equal(n, THREADS * expect_each);
    tally t = {{0}};
    assert_int_equal(ward_audit_export_fhir(st, 0, count_line, &t, &err), 0);
    for (int i = 0; i < THREADS; i++) assert_int_equal(t.per_actor[i], expect_each);
}

static void test_concurrent_appends(void **state)
{
    (void)state;
    ward_store *st;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    assert_int_equal(ward_audit_init(st, &err), 0);
    run_all(EACH);
    check_log(st, EACH);
    ward_store_free(st);
}

static void test_appends_while_locked(void **state)
{
    (void)state;
    ward_store *st;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    /* Another writer holds the lock for the whole run: every event must
     * be spooled (none lost, none refused), and chained afterwards. */
    assert_int_equal(ward_store_begin(st, &err), 0);
    run_all(2);
    ward_store_rollback(st);
    assert_int_equal(ward_audit_flush(st, &err), 0);
    check_log(st, EACH + 2);
    ward_store_free(st);
}

/* The event DATA/audit.head names (the newer of its two slots' `last`). */
static long head_last(void)
{
    char path[512], text[1100];
    snprintf(path, sizeof path, "%s/audit.head", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    long last = 0, v;
    for (const char *p = text; (p = strstr(p, "\nlast ")); p++)
        if (sscanf(p, "\nlast %ld", &v) == 1 && v > last) last = v;
    return last;
}

static void test_head_file_replaced(void **state)
{
    (void)state;
    ward_store *st;
    ward_err err = {0};
    long n = 0;
    char path[512], old[520];
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    snprintf(path, sizeof path, "%s/audit.head", dir);
    snprintf(old, sizeof old, "%s.old", path);
    /* A copy of the head as it is now, then more events. */
    FILE *in = fopen(path, "rb"), *out = fopen(old, "wb");
    char buf[1024];
    size_t got = fread(buf, 1, sizeof buf, in);
    assert_int_equal(fwrite(buf, 1, got, out), got);
    fclose(in);
    fclose(out);
    run_all(1);
    assert_int_equal(head_last(), ward_audit_count(st));
    /* The old head put back as a new file: the next commit's head goes to it. */
    assert_int_equal(rename(old, path), 0);
    assert_true(head_last() < ward_audit_count(st));
    run_all(1);
    assert_int_equal(head_last(), ward_audit_count(st));
    check_log(st, EACH + 4);
    /* Deleted: appends go on and never make a new one. */
    assert_int_equal(unlink(path), 0);
    run_all(1);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_not_equal(ward_audit_verify(st, &n, &err), 0);
    assert_non_null(strstr(err.msg, "missing"));
    ward_store_free(st);
}

static int setup(void **state)
{
    (void)state;
    return test_tmpdir(dir, sizeof dir, "auditgroup") ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_appends),
        cmocka_unit_test(test_appends_while_locked),
        cmocka_unit_test(test_head_file_replaced),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
