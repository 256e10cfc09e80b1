/* test_deid_keep.c — clinical terms that contain a person's or a place's
 * name are never redacted (src/funnel/deid_terms.c, deid_clinical_at in
 * deid_names.c), by class, with their own examples
 * (tests/fixtures/funnel/deid_keep.txt, written for this test):
 *  - an eponym whose surname is a person's in the same note ("Dr. Swan" and
 *    "Swan-Ganz", "Mr. Graves" and "Graves' disease");
 *  - eponyms in capitals or joined by hyphens ("STEVENS-JOHNSON SYNDROME");
 *  - place names inside scales, scores, criteria ("Glasgow Coma Scale",
 *    "Kansas City Cardiomyopathy Questionnaire");
 *  - eponyms used alone as their test or score ("Weber midline", "Morse 65");
 *  - names' words used clinically by their position (deid_keep_uses.txt): a
 *    surname before its operation ("McBride bunionectomy"), an eponym
 *    before its instrument ("Bowman probe"), a drug in a list or before
 *    its dose, a cell of a laboratory table (eager tagger);
 *  - whole spans that name no one (deid_keep_whole.txt, src/funnel/deid_keep.c):
 *    measures read as dates ("Pupils 5/5 decreasing to 3/3"), a device's
 *    model number, a service named by its kind ("Epilepsy Monitoring
 *    Unit"), a state or a country, a trial's number, a reference range;
 * while the same surnames as people are still found. Each case must be
 * fully right with the rules alone and with the built-in tagger; and a
 * tagger that tags every word it may still leaves every clinical term.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "funnel/deid_tagger_int.h"
#include "deid_cases_check.h"

/* Scores the cases of one file; exact: every identifier found and nothing
 * else redacted; otherwise only that no clinical token is redacted. */
static void check_file(const char *file, long min_cases, long min_keep, int exact)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/funnel/%s", WARD_SOURCE_DIR, file);
    ward_eval_run run;
    const ward_deid_scores *s = deid_cases_score(path, &run);
    if (s->notes < min_cases || s->keep < min_keep)
        fail_msg("%s: %ld cases, %ld keep tokens: the file lost its cases", file, s->notes, s->keep);
    if (s->keep_redacted) fail_msg("%ld of %ld clinical tokens redacted", s->keep_redacted, s->keep);
    if (exact && s->found_total != s->gold_total)
        fail_msg("%ld of %ld identifier tokens found", s->found_total, s->gold_total);
    if (exact && s->pred_correct != s->pred)
        fail_msg("%ld of %ld redacted tokens are not identifiers", s->pred - s->pred_correct, s->pred);
    ward_eval_funnel_free(&run);
}

/* deid_keep.txt: clinical terms holding a name; deid_keep_whole.txt
 * (src/funnel/deid_keep.c): whole spans that name no one (measures read as
 * dates, model numbers, services, states, trial numbers). The eager
 * tagger's check covers the first: the second's spans are the rules'. */
static void check_cases(int exact)
{
    check_file("deid_keep.txt", 40, 60, exact);
    check_file("deid_keep_uses.txt", 15, 16, exact);
    if (exact) check_file("deid_keep_whole.txt", 20, 40, exact);
}

/* Fails unless note's de-identified text no longer holds word. */
static void redacts(const char *note, const char *word, const char *what)
{
    ward_deid_result r;
    ward_err err = {0};
    assert_int_equal(ward_funnel_deid(note, strlen(note), NULL, &r, &err), 0);
    if (strstr(r.text, word)) fail_msg("%s left in clear: %s", what, r.text);
    ward_deid_result_free(&r);
}

static void test_with_tagger(void **state)
{
    (void)state;
    deid_tagger_use(NULL);
    check_cases(1);
    /* the rules alone do not find these names: the tagger's cases. A
     * possessive before an operation is a person's ("surgeon Lee's
     * colectomy note"); a listed drug after a word no drug follows is a
     * person (deid_keep.c, drug_word_before) */
    redacts("Per surgeon Lee's colectomy note.", "Lee", "a possessive before an operation");
    redacts("Mom texted Yaz about the ride home.", "Yaz", "a drug's name after a verb of contact");
}

static void test_rules_alone(void **state)
{
    (void)state;
    static tg_model none;                      /* no rows: the tagger adds nothing */
    deid_tagger_use(&none);
    check_cases(1);
    deid_tagger_use(NULL);
}

/* A model whose every label beats O by far: the tagger tags each word it
 * may score; the clinical terms must still stay (the guard in deid.c). */
static void test_eager_tagger(void **state)
{
    (void)state;
    const char *text = "threshold\t-1000000\n5\t0 0 0 0 0 0 0\n";
    tg_model m;
    size_t line = 0;
    assert_int_equal(deid_tagger_parse(text, strlen(text), &m, &line), 0);
    deid_tagger_use(&m);
    check_cases(0);
    /* and it does tag: a word the rules leave becomes a name */
    ward_deid_result r;
    ward_err err = {0};
    const char *note = "Gait steady. Zorblat came along.";
    assert_int_equal(ward_funnel_deid(note, strlen(note), NULL, &r, &err), 0);
    if (!strstr(r.text, "[NAME] came")) fail_msg("the eager model tagged nothing: %s", r.text);
    ward_deid_result_free(&r);
    /* ...but a lone word with a drug's ending is no name it may add
     * (deid_keep.c), nor a word clinical text writes in lower case */
    const char *drug = "Gait steady. Pentasol helped and Electrolytes were normal. Zorblat came along.\n"
                       "SCARS, TATTOOS, NEVI, INCIDENTAL FINDINGS: none.\n";
    assert_int_equal(ward_funnel_deid(drug, strlen(drug), NULL, &r, &err), 0);
    if (!strstr(r.text, "Pentasol helped") || !strstr(r.text, "Electrolytes were") || !strstr(r.text, "[NAME] came") ||
        !strstr(r.text, "SCARS, TATTOOS, NEVI, INCIDENTAL"))
        fail_msg("the eager model's guesses: %s", r.text);
    ward_deid_result_free(&r);
    /* ...nor a drug where a drug stands: a list of medications under its
     * heading, a verb of giving before it (deid_terms.c, drug context);
     * while the same words where a person stands are names (one note
     * each: a name found once is a name in the whole note) */
    const char *meds = "Gait steady.\nMEDICATIONS AT HOME:\n1. Cardura.\n2. Quelbrin 20 mg.\n3. Zorvaxin one tablet daily.\n"
                       "ALLERGIES: Zorvaxin, Keflex.\nPLAN: Restart Quelbrin. Increase her Cardura.\n";
    assert_int_equal(ward_funnel_deid(meds, strlen(meds), NULL, &r, &err), 0);
    if (!strstr(r.text, "1. Cardura.\n2. Quelbrin 20 mg.\n3. Zorvaxin one") || !strstr(r.text, "ALLERGIES: Zorvaxin, Keflex") ||
        !strstr(r.text, "Restart Quelbrin. Increase her Cardura."))
        fail_msg("the eager model's drugs: %s", r.text);
    ward_deid_result_free(&r);
    const char *persons[] = {"Gait steady. Discussed with Yaz and her daughter.", "Gait steady. Handoff given to Megace at 7 pm.",
                             "Gait steady. Restart Zorvaxin, RN at the bedside.", "Gait steady. Lasix 40 mg daily, Zorvaxin to follow up.",
                             "MEDICATIONS: None.\nSOCIAL HISTORY: Zorvaxin, her son, visits.", "MEDICATIONS: reviewed with Zorvaxin.",
                             "Gait steady. Megace, Anna was admitted.", "Gait steady. She works at Megace in the plant.",
                             "Gait steady. I checked on Yaz this morning.", "Gait steady. She was using Yaz's phone."};
    for (size_t q = 0; q < sizeof persons / sizeof *persons; q++) {
        assert_int_equal(ward_funnel_deid(persons[q], strlen(persons[q]), NULL, &r, &err), 0);
        if (strstr(r.text, "Yaz") || strstr(r.text, "Megace") || strstr(r.text, "Zorvaxin"))
            fail_msg("a drug's word in a name's or a place's position left in clear: %s", r.text);
        ward_deid_result_free(&r);
    }
    /* ...nor a listed drug alone opening its clause (deid_keep.c), while
     * the same drug after "with", before a possessive or beside a
     * surname is a person's name */
    const char *alone = "Gait steady. Botox helped her spasticity. Zorblat came along.";
    assert_int_equal(ward_funnel_deid(alone, strlen(alone), NULL, &r, &err), 0);
    if (!strstr(r.text, "Botox helped") || !strstr(r.text, "[NAME] came")) fail_msg("the eager model's drug: %s", r.text);
    ward_deid_result_free(&r);
    const char *botox[] = {"Gait steady. Botox's nurse called.", "Gait steady. Botox Okafor came along.",
                           "Gait steady. Discussed with Botox today.", "Gait steady. Handoff given to Botox at 7 pm."};
    for (size_t q = 0; q < sizeof botox / sizeof *botox; q++) {
        assert_int_equal(ward_funnel_deid(botox[q], strlen(botox[q]), NULL, &r, &err), 0);
        if (strstr(r.text, "Botox")) fail_msg("a listed drug in a name's position left in clear: %s", r.text);
        ward_deid_result_free(&r);
    }
    /* ...nor a test's name in a list of tests a title a line (deid_keep.c),
     * while a name on such a line is still a name: a given name, a
     * credential, or the list's last line before a signature */
    const char *tests = "TESTS ADMINISTERED:\nNelson-Denny Reading Test\nGrooved Pegboard\nPurdue Pegboard\n"
                        "Finger Tapping Test\nBeck Depression Inventory (BDI)\n";
    assert_int_equal(ward_funnel_deid(tests, strlen(tests), NULL, &r, &err), 0);
    if (!strstr(r.text, "Grooved Pegboard\nPurdue Pegboard\n")) fail_msg("the eager model's tests: %s", r.text);
    ward_deid_result_free(&r);
    const char *signers[] = {"Finger Tapping Test\nAnna Zorblat\nBeck Depression Inventory\n",
                             "Finger Tapping Test\nQuenby Zorblat, PhD\nBeck Depression Inventory\n",
                             "Finger Tapping Test\nBeck Depression Inventory\nQuenby Zorblat\n\nSincerely,\n"};
    for (size_t q = 0; q < sizeof signers / sizeof *signers; q++) {
        assert_int_equal(ward_funnel_deid(signers[q], strlen(signers[q]), NULL, &r, &err), 0);
        if (strstr(r.text, "Zorblat")) fail_msg("a name in a list of tests left in clear: %s", r.text);
        ward_deid_result_free(&r);
    }
    /* ...nor a cell of a laboratory table's row, while a name on such a
     * row stays redacted (deid_keep.c) */
    const char *lab = "TOXICOLOGICAL RESULTS:\nBLOOD - COCAINE-ETS - INC\nBLOOD - CARBON MONOXIDE - NEG\n"
                      "BLOOD - drawn by Zorblat - 09:40\nBLOOD - INC - Dr. Zorblat\n";
    assert_int_equal(ward_funnel_deid(lab, strlen(lab), NULL, &r, &err), 0);
    if (!strstr(r.text, "BLOOD - COCAINE-ETS - INC\n") || !strstr(r.text, "BLOOD - CARBON MONOXIDE - NEG\n") ||
        strstr(r.text, "Zorblat"))
        fail_msg("the eager model's guesses in a laboratory table: %s", r.text);
    ward_deid_result_free(&r);
    /* ...while a heading that names someone, and a president's namesake
     * whose line tests nothing he knows, keep their names redacted */
    const char *named = "PATIENT HALINA WISNIEWSKA: seen.\nUnion president Jimmy Carter presents with chest pain.\n";
    assert_int_equal(ward_funnel_deid(named, strlen(named), NULL, &r, &err), 0);
    if (strstr(r.text, "WISNIEWSKA") || strstr(r.text, "Carter")) fail_msg("a name left in clear: %s", r.text);
    ward_deid_result_free(&r);
    deid_tagger_use(NULL);
    deid_tagger_free(&m);
}

/* A list's items lettered at line starts, a heading's roman numeral: the
 * letter and the word after it are no initial and surname ("A. Kidney"),
 * with the rules alone and with the tagger. */
static void test_list_items(void **state)
{
    (void)state;
    static tg_model none;
    const char *note = "SPECIMENS:\nA. Kidney, partial nephrectomy\nB. Margin, deep\nC. Lymph node, hilar\n\n"
                       "IV. SPECIAL PROCEDURES: None.\nV. CALCULATIONS: see sheet.\nSigned J. Okafor, MD\n";
    for (int tagger = 0; tagger < 2; tagger++) {
        deid_tagger_use(tagger ? NULL : &none);
        ward_deid_result r;
        ward_err err = {0};
        assert_int_equal(ward_funnel_deid(note, strlen(note), NULL, &r, &err), 0);
        if (!strstr(r.text, "A. Kidney, partial") || !strstr(r.text, "B. Margin, deep") ||
            !strstr(r.text, "C. Lymph node") || !strstr(r.text, "\nV. CALCULATIONS"))
            fail_msg("a list item or heading was redacted (tagger %d): %s", tagger, r.text);
        if (!strstr(r.text, "Signed [NAME], MD")) fail_msg("the signer was not found (tagger %d): %s", tagger, r.text);
        ward_deid_result_free(&r);
    }
    deid_tagger_use(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_with_tagger),
        cmocka_unit_test(test_rules_alone),
        cmocka_unit_test(test_eager_tagger),
        cmocka_unit_test(test_list_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
