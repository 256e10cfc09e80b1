/* test_store_util.h — for the C tests that read the store's own tables
 * (through the engine-neutral statement API of src/store/store_int.h).
 * Include after <cmocka.h>. */
#ifndef WARD_TEST_STORE_UTIL_H
#define WARD_TEST_STORE_UTIL_H

#include "store/store_int.h"

/* The first column of the first row of sql, as an integer: the row must
 * exist (the test fails otherwise). */
static inline long long test_store_one(ward_store *st, const char *sql)
{
    store_stmt *s = store_prepare(st, sql, NULL);
    assert_non_null(s);
    assert_int_equal(store_step(s), STORE_ROW);
    long long v = store_int64(s, 0);
    store_finalize(s);
    return v;
}

#endif
