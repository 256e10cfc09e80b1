/* test_sections.c — the sentence splitter and the sectionizer on the forms
 * clinical text takes: abbreviations, decimals, lists, bullets, vitals lines
 * without periods, ALL-CAPS headings, "Header:" lines, sub-headings, and
 * chunks that respect both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ward/funnel.h"
#include "funnel/funnel_int.h"

/* Splits text and compares the sentences with want (NULL-terminated). */
static void expect_sentences(const char *text, const char *const *want)
{
    ward_span *v = NULL;
    size_t n = ward_funnel_sentences(text, strlen(text), &v);
    size_t k = 0;
    while (want[k]) k++;
    for (size_t i = 0; i < n && i < k; i++) {
        char got[512];
        snprintf(got, sizeof got, "%.*s", (int)(v[i].end - v[i].start), text + v[i].start);
        if (strcmp(got, want[i])) fail_msg("sentence %zu: got '%s', want '%s'", i, got, want[i]);
    }
    if (n != k) fail_msg("%zu sentences, want %zu", n, k);
    free(v);
}

static void test_abbreviations(void **state)
{
    (void)state;
    expect_sentences("Seen by Dr. Smith and Mr. Jones today. Takes metoprolol 25 mg p.o. b.i.d. for rate control.",
        (const char *const[]){"Seen by Dr. Smith and Mr. Jones today.",
                              "Takes metoprolol 25 mg p.o. b.i.d. for rate control.", NULL});
    expect_sentences("Symptoms, e.g. cough, resolved. Compare CT vs. MRI next week. She is fine.",
        (const char *const[]){"Symptoms, e.g. cough, resolved.", "Compare CT vs. MRI next week.",
                              "She is fine.", NULL});
    expect_sentences("Creatinine 1.5 mg/dL, up from 1.2. Potassium 4.1.",
        (const char *const[]){"Creatinine 1.5 mg/dL, up from 1.2.", "Potassium 4.1.", NULL});
    expect_sentences("Referred by J. Smith for evaluation. Is she better? Yes!",
        (const char *const[]){"Referred by J. Smith for evaluation.", "Is she better?", "Yes!", NULL});
}

static void test_lists_and_lines(void **state)
{
    (void)state;
    expect_sentences("DIAGNOSES:\n1. Hypertension.\n2. Type 2 diabetes mellitus\n- Continue lisinopril\n* Recheck A1c\n",
        (const char *const[]){"DIAGNOSES:", "1. Hypertension.", "2. Type 2 diabetes mellitus",
                              "- Continue lisinopril", "* Recheck A1c", NULL});
    expect_sentences("Vitals: BP 132/84, HR 78, RR 16, T 98.6 F, SpO2 97% on RA\nGeneral: alert and oriented",
        (const char *const[]){"Vitals:", "BP 132/84, HR 78, RR 16, T 98.6 F, SpO2 97% on RA",
                              "General: alert and oriented", NULL});
    expect_sentences("The patient reports chest pain that\nradiates to the left arm. No dyspnea.",
        (const char *const[]){"The patient reports chest pain that\nradiates to the left arm.", "No dyspnea.", NULL});
    expect_sentences("PHYSICAL EXAMINATION\nLungs clear.\n\nIMPRESSION: Pneumonia. Start ceftriaxone.",
        (const char *const[]){"PHYSICAL EXAMINATION", "Lungs clear.", "IMPRESSION:", "Pneumonia.",
                              "Start ceftriaxone.", NULL});
    ward_span *v = (ward_span *)1;
    assert_int_equal(ward_funnel_sentences("", 0, &v), 0);
    free(v);
    assert_int_equal(ward_funnel_sentences("  \n\n ", 4, &v), 0);
    free(v);
}

static void test_sections(void **state)
{
    (void)state;
    const char *t = "Patient seen in clinic.\n\nHISTORY OF PRESENT ILLNESS:,  Cough for 3 days.\n"
                    "PMH: Asthma.\nCurrent Medications:\nAlbuterol 2 puffs q.4h. p.r.n.\n"
                    "PHYSICAL EXAMINATION\nHEENT: Normal.\nLUNGS: Wheezes.\nA/P: Asthma exacerbation.\n"
                    "WOUND CLASS: Clean\nBP: 120/80\n";
    ward_section *s = NULL;
    size_t n = ward_funnel_sections(t, strlen(t), &s);
    const char *names[] = {"", "HPI", "PMH", "MEDICATIONS", "EXAM", "ASSESSMENT_PLAN", "WOUND_CLASS"};
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) assert_string_equal(s[i].name, names[i]);
    assert_int_equal(s[0].start, 0);
    assert_true(!strncmp(t + s[0].end - 7, "clinic.", 7));
    assert_true(!strncmp(t + s[1].head_start, "HISTORY OF PRESENT ILLNESS:", s[1].head_end - s[1].head_start));
    assert_true(!strncmp(t + s[1].start, "Cough for 3 days.", s[1].end - s[1].start));
    assert_true(!strncmp(t + s[3].start, "Albuterol", 9));
    assert_true(strstr(t + s[4].start, "HEENT") == t + s[4].start);   /* sub-headings stay inside */
    assert_true(s[4].end > (size_t)(strstr(t, "Wheezes.") - t));
    assert_true(!strncmp(t + s[6].end - 10, "BP: 120/80", 10));        /* not a header */
    free(s);
    assert_string_equal(ward_funnel_section_canonical("Assessment & Plan:", 18), "ASSESSMENT_PLAN");
    assert_string_equal(ward_funnel_section_canonical("past  medical HISTORY", 21), "PMH");
    assert_null(ward_funnel_section_canonical("Patient", 7));
}

static void test_chunks(void **state)
{
    (void)state;
    const char *t = "HPI: Chest pain for two days.\n\nPLAN:\nStart aspirin 81 mg daily.\n";
    ward_span_chunk *c = NULL;
    size_t n = ward_funnel_chunk(t, strlen(t), NULL, &c);
    assert_int_equal(n, 2);
    assert_string_equal(c[0].section, "HPI");
    assert_string_equal(c[1].section, "PLAN");
    assert_true(!strncmp(t + c[1].start, "PLAN:\nStart aspirin 81 mg daily.", c[1].end - c[1].start));
    free(c);
    /* A long paragraph splits at sentence ends, within max_bytes. */
    char big[8000] = "";
    for (int i = 0; i < 100; i++) strcat(big, "The patient walked 2.5 miles today without pain. ");
    ward_chunk_params p = ward_chunk_default_params();
    n = ward_funnel_chunk(big, strlen(big), &p, &c);
    assert_true(n > 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(c[i].end - c[i].start <= p.max_bytes);
        assert_true(big[c[i].end - 1] == '.');
    }
    free(c);
}

/* The sentences of a text whose sections are known (ward_extract and
 * ward_funnel_chunk pass them, so that headers are found once) are those
 * the splitter finds alone: headers with their text on the line or on a
 * later one, sub-headings, text before any header, headers closing the
 * text, blank lines, spaces around lines. */
static void test_sentences_from_sections(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Patient seen in clinic.\n\nHISTORY OF PRESENT ILLNESS:,  Cough for 3 days.\nPMH: Asthma.\n"
        "Current Medications:\n\n  Albuterol 2 puffs q.4h. p.r.n.\nPHYSICAL EXAMINATION\nHEENT: Normal.\n"
        "LUNGS: Wheezes. Clear after nebs.\nA/P: Asthma exacerbation.\nWOUND CLASS: Clean\nBP: 120/80\nPLAN:",
        "HPI:\n\n\n   \nChest pain. Dr. Smith saw her.\n  ASSESSMENT  \nstable\nIMPRESSION: Pneumonia. Start "
        "ceftriaxone.\nSOCIAL HISTORY: \n",
        "   \nno header here. at all\n- item one.\n* item two\n",
        "",
        "PLAN:",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        size_t len = strlen(texts[t]);
        ward_section *s = NULL;
        ward_span *alone = NULL, *given = NULL;
        size_t ns = ward_funnel_sections(texts[t], len, &s);
        size_t na = ward_funnel_sentences(texts[t], len, &alone);
        size_t ng = funnel_sentences_in(texts[t], len, s, ns, &given);
        if (na != ng) fail_msg("text %zu: %zu sentences alone, %zu with its sections", t, na, ng);
        for (size_t i = 0; i < na; i++)
            if (alone[i].start != given[i].start || alone[i].end != given[i].end)
                fail_msg("text %zu sentence %zu: [%zu,%zu) alone, [%zu,%zu) with its sections", t, i, alone[i].start,
                         alone[i].end, given[i].start, given[i].end);
        free(s);
        free(alone);
        free(given);
    }
    expect_sentences("HPI:\n\nChest pain. Better.\nIMPRESSION: Pneumonia.",
        (const char *const[]){"HPI:", "Chest pain.", "Better.", "IMPRESSION:", "Pneumonia.", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_lists_and_lines),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_sentences_from_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
