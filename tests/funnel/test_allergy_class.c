/* test_allergy_class.c — the lexicon's allergy classes (data/lexicon.tsv,
 * `allergyclass` lines; src/funnel/concept_map.c): a drug's classes by its
 * concept key, whether a question names a member of a class, that classes
 * never take in one another, and that the class allergens the lines name
 * are found as allergies in notes (and nothing else outside an allergy
 * context). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ward/funnel.h"

#include <string.h>

/* The concept key of a display, as the chart computes it (in one of a few
 * buffers, so that two keys can be compared). */
static const char *key(const char *display)
{
    static char k[4][160];
    static int n;
    char *out = k[n++ % 4];
    ward_concept_key(NULL, NULL, display, out, sizeof k[0]);
    return out;
}

/* The first class of the concept display names, or "". */
static const char *first_class(const char *display)
{
    const char *c = ward_concept_class(key(display), 0);
    return c ? c : "";
}

static void test_classes(void **state)
{
    (void)state;
    /* a drug and its class, by any of their names */
    assert_string_equal(first_class("amoxicillin"), key("penicillins"));
    assert_string_equal(first_class("Augmentin"), key("penicillins"));
    assert_string_equal(first_class("Zosyn"), key("Allergy to penicillin"));
    assert_string_equal(first_class("lisinopril"), key("Allergy to angiotensin-converting enzyme inhibitor"));
    assert_string_equal(ward_concept_class(key("enalapril"), 0), key("ACE inhibitors"));
    assert_string_equal(first_class("cefazolin"), key("cephalosporins"));
    assert_string_equal(first_class("Bactrim"), key("sulfa"));
    assert_string_equal(first_class("ibuprofen"), key("NSAIDs"));
    assert_string_equal(first_class("oxycodone"), key("opioids"));
    assert_string_equal(first_class("atorvastatin"), key("statins"));
    assert_string_equal(first_class("Omnipaque"), key("iodinated contrast"));
    /* one class each: nothing after the first */
    assert_null(ward_concept_class(key("amoxicillin"), 1));
    /* a class is in no class: penicillins are no cephalosporins, and
     * penicillin (the penicillins' own concept) is not its own member */
    assert_string_equal(first_class("penicillins"), "");
    assert_string_equal(first_class("penicillin"), "");
    assert_string_equal(first_class("cephalosporins"), "");
    assert_string_equal(first_class("iodinated contrast"), "");
    assert_string_equal(first_class("gadolinium contrast"), "");
    assert_string_not_equal(key("gadolinium contrast"), key("contrast media"));
    assert_string_not_equal(first_class("cefazolin"), key("penicillins"));
    /* drugs in no class, and unknown words */
    assert_string_equal(first_class("metformin"), "");
    assert_string_equal(first_class("peanuts"), "");
    assert_null(ward_concept_class("no such concept", 0));
    assert_null(ward_concept_class(NULL, 0));
}

static void test_in_class(void **state)
{
    (void)state;
    const char *pcn = key("penicillins");
    assert_true(ward_concept_in_class("Is amoxicillin safe to give?", pcn));
    assert_true(ward_concept_in_class("Can she have AUGMENTIN?", pcn));
    assert_true(ward_concept_in_class("start piperacillin-tazobactam", pcn));
    assert_false(ward_concept_in_class("Is cephalexin safe to give?", pcn));
    assert_false(ward_concept_in_class("Is penicillin safe to give?", pcn));   /* the class itself */
    assert_false(ward_concept_in_class("Is Keflex safe?", pcn));
    assert_true(ward_concept_in_class("Is Keflex safe?", key("cephalosporins")));
    assert_true(ward_concept_in_class("Can I take Advil?", key("NSAIDs")));
    assert_true(ward_concept_in_class("Is lisinopril ok?", key("ACE inhibitors")));
    assert_false(ward_concept_in_class("Is losartan ok?", key("ACE inhibitors")));
    assert_false(ward_concept_in_class("Is amoxicillin safe?", "no such class"));
    assert_false(ward_concept_in_class(NULL, pcn));
    assert_false(ward_concept_in_class("amoxicillin", NULL));
}

/* The allergies found in text, by preferred name, '|'-joined. */
static void allergies(ward_extractor *ex, const char *text, char *out, size_t cap)
{
    ward_extraction x = {0};
    ward_extract(ex, text, strlen(text), &x);
    out[0] = 0;
    for (size_t i = 0; i < x.nconcepts; i++)
        if (x.concepts[i].type == WARD_CONCEPT_ALLERGY && !x.concepts[i].negated) {
            size_t n = strlen(out);
            snprintf(out + n, cap - n, "%s%s", n ? "|" : "", x.concepts[i].name);
        }
    ward_extraction_free(&x);
}

static void test_extracted(void **state)
{
    (void)state;
    ward_extractor *ex;
    ward_err err = {0};
    assert_int_equal(ward_extractor_new(NULL, &ex, &err), WARD_OK);
    char got[256];
    allergies(ex, "Allergic to ACE inhibitors (angioedema).", got, sizeof got);
    assert_string_equal(got, "ace inhibitors");
    allergies(ex, "ALLERGIES:\nstatins (myalgia), gadolinium contrast (hives), Omnipaque (rash)\n", got, sizeof got);
    assert_string_equal(got, "statins|gadolinium|iohexol");
    /* outside an allergy context a class names no allergy */
    allergies(ex, "Continue statin. Hold ACE inhibitor while on contrast.", got, sizeof got);
    assert_string_equal(got, "");
    ward_extractor_free(ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_in_class),
        cmocka_unit_test(test_extracted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
