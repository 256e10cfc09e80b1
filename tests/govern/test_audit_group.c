/* test_audit_group.c — audit appends from many threads at once, as a busy
 * server makes them: they are committed in groups (audit.c), and every
 * event must still be in the one chain exactly once, in a chain that
 * verifies, with the head anchored at its end. Also while another
 * connection holds the write lock: the events go to the spool and join
 * the chain at the next append.
 *
 * Each thread has its own store connection, as each server worker does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "ward/govern.h"

#include <pthread.h>

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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
