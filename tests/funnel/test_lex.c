/* test_lex.c — the funnel's string tables (lex.c): a lookup finds its key
 * and only its key, whatever the key's length (keys are compared a few
 * bytes at a time, inline up to 20 bytes and on the heap past that). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "funnel/lex_int.h"

#include <stdio.h>
#include <string.h>

/* Keys of every length from 1 to 40 bytes, and for each, the same key with
 * one byte changed at each position: every one is found with its own
 * flags, and none answers for another. */
static void test_lex_every_length(void **state)
{
    (void)state;
    funnel_lex *lx = funnel_lex_new();
    char key[48];
    for (size_t n = 1; n <= 40; n++) {
        for (size_t i = 0; i < n; i++) key[i] = (char)('a' + (i * 7 + n) % 26);
        funnel_lex_add_flags(lx, key, n, (uint32_t)n);
    }
    for (size_t n = 1; n <= 40; n++) {
        for (size_t i = 0; i < n; i++) key[i] = (char)('a' + (i * 7 + n) % 26);
        assert_int_equal(funnel_lex_flags(lx, key, n), n);
        assert_non_null(funnel_lex_get(lx, key, n));
        for (size_t at = 0; at < n; at++) {
            char was = key[at];
            key[at] = (char)(was == 'z' ? 'a' : was + 1);
            assert_int_equal(funnel_lex_flags(lx, key, n), 0);
            assert_null(funnel_lex_get(lx, key, n));
            key[at] = was;
        }
        /* a key's prefix is another key (or none) */
        if (n > 1) assert_int_not_equal(funnel_lex_flags(lx, key, n - 1), n);
    }
    assert_int_equal(funnel_lex_count(lx), 40);
    funnel_lex_free(lx);
}

/* Values and flags on the same key; a key read from the end of a buffer
 * (a lookup reads no byte past its key). */
static void test_lex_values(void **state)
{
    (void)state;
    funnel_lex *lx = funnel_lex_new();
    funnel_lex_put(lx, "metoprolol", 10, "beta blocker");
    funnel_lex_add_flags(lx, "metoprolol", 10, 4);
    funnel_lex_put(lx, "a very long key of more than twenty bytes", 41, "long");
    assert_string_equal(funnel_lex_get(lx, "metoprolol", 10), "beta blocker");
    assert_int_equal(funnel_lex_flags(lx, "metoprolol", 10), 4);
    assert_string_equal(funnel_lex_get(lx, "a very long key of more than twenty bytes", 41), "long");
    assert_null(funnel_lex_get(lx, "a very long key of more than twenty bytez", 41));
    char tail[5];
    memcpy(tail, "xmeto", 5);   /* no NUL: the key is the last four bytes */
    funnel_lex_add_flags(lx, "meto", 4, 8);
    assert_int_equal(funnel_lex_flags(lx, tail + 1, 4), 8);
    funnel_lex_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lex_every_length),
        cmocka_unit_test(test_lex_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
