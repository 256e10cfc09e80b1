/* test_deid_address.c — addresses, towns and law codes of issue 12 in both
 * modes: each fixture (tests/fixtures/funnel/deid_classes/ and
 * deid_numbers/, written for this test, not taken from any evaluation
 * note) must be fully right with the tagger and with the rules alone:
 * every identifier token found, nothing else redacted, no clinical text
 * ([[...]]) touched. The tagger loads once per process, so a child runs
 * the rules alone (WARD_DEID_TAGGER=0) and the parent runs with the
 * tagger after it.
 *
 * Classes: streets written street-last with their postal code and town,
 * a unit, floor or part of the house after a street, numbered streets in
 * the lower case of chats; towns whose name the lists keep as a clinical
 * word where only a town stands; towns in lower case after a cue of
 * living or travel; law sections after "under", "per", "WAC", "section";
 * dates without a year written day first or with dots, and a range's
 * second date before a word of measure; phones in spaced groups; a unit
 * and its house joined by a slash ("5/23 Smith St"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "deid_cases_check.h"

static void test_street_last(void **state) { (void)state; deid_cases_check("deid_classes", "street_last", 12); }
static void test_kept_towns(void **state) { (void)state; deid_cases_check("deid_classes", "kept_towns", 7); }
static void test_lower_towns(void **state) { (void)state; deid_cases_check("deid_classes", "lower_towns", 7); }
static void test_law_codes(void **state) { (void)state; deid_cases_check("deid_numbers", "law_codes", 6); }
static void test_day_first_dates(void **state) { (void)state; deid_cases_check("deid_classes", "day_first_dates", 20); }
static void test_spaced_phones(void **state) { (void)state; deid_cases_check("deid_classes", "spaced_phones", 8); }
static void test_unit_houses(void **state) { (void)state; deid_cases_check("deid_classes", "unit_houses", 5); }

static int run(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_street_last),
        cmocka_unit_test(test_kept_towns),
        cmocka_unit_test(test_lower_towns),
        cmocka_unit_test(test_law_codes),
        cmocka_unit_test(test_day_first_dates),
        cmocka_unit_test(test_spaced_phones),
        cmocka_unit_test(test_unit_houses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

int main(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("WARD_DEID_TAGGER", "0", 1);
        _exit(run() ? 1 : 0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
    int rules = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    return run() || rules;
}
