/* test_deid_codes.c — the classes of identifiers that are numbers, codes
 * and handles (issue 12): each fixture in tests/fixtures/funnel/deid_classes/
 * (written for these tests) must be fully right: every identifier token
 * found, nothing else redacted, no clinical text ([[...]]) touched.
 * Classes: the user names opening a chat's turns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deid_cases_check.h"

static void test_chat_users(void **state) { (void)state; deid_cases_check("deid_classes", "chat_users", 12); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chat_users),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
