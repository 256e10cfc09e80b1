/* test_deid_codes.c — the classes of identifiers that are numbers, codes
 * and handles (issue 12): each fixture in tests/fixtures/funnel/deid_classes/
 * (written for these tests) must be fully right: every identifier token
 * found, nothing else redacted, no clinical text ([[...]]) touched.
 * Classes: the user names opening a chat's turns; postal codes of other
 * countries beside a town; phones after '+' with dashed groups; phones
 * written nationally ("(08) 8955 5123", "+49 (0)40 ...") and extensions
 * after a phone; record and plan numbers after other countries' labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deid_cases_check.h"

static void test_chat_users(void **state) { (void)state; deid_cases_check("deid_classes", "chat_users", 24); }
static void test_world_postcodes(void **state) { (void)state; deid_cases_check("deid_classes", "world_postcodes", 16); }
static void test_dashed_world_phones(void **state) { (void)state; deid_cases_check("deid_classes", "dashed_world_phones", 4); }
static void test_national_phones(void **state) { (void)state; deid_cases_check("deid_classes", "national_phones", 18); }
static void test_national_ids(void **state) { (void)state; deid_cases_check("deid_classes", "national_ids", 14); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chat_users),
        cmocka_unit_test(test_world_postcodes),
        cmocka_unit_test(test_dashed_world_phones),
        cmocka_unit_test(test_national_phones),
        cmocka_unit_test(test_national_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
