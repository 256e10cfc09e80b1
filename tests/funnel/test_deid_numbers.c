/* test_deid_numbers.c — identifiers recognised by their shape that the
 * first shape rules missed (src/funnel/deid_numbers.c): phones in other
 * groupings, handles after '@' and user ids, ages over 89 in other
 * phrasing, partial dates after a procedure or a word of when. Each
 * class has its own examples (tests/fixtures/funnel/deid_numbers/NAME.txt,
 * written for this test, not taken from any evaluation note), with the
 * clinical look-alikes that must stay ([[...]]): every identifier token
 * found, nothing else redacted. Rules alone (WARD_DEID_TAGGER=0): the
 * rules must find them without the learned tagger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deid_cases_check.h"

static void check_class(const char *name, long min_cases) { deid_cases_check("deid_numbers", name, min_cases); }

static void test_phones(void **state) { (void)state; check_class("phones", 10); }
static void test_ages(void **state) { (void)state; check_class("ages", 12); }
static void test_handles(void **state) { (void)state; check_class("handles", 7); }
static void test_dates(void **state) { (void)state; check_class("dates", 11); }

int main(void)
{
    setenv("WARD_DEID_TAGGER", "0", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phones),
        cmocka_unit_test(test_ages),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
