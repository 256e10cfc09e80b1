/* test_concepts.c — ConText scope, terminators and pseudo-triggers; the
 * medication, vital and lab parsers; imported vocabularies; FHIR output
 * and the form the store keeps facts in; and the tricky sets held to the
 * funnel's targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ward/assess.h"
#include "ward/funnel.h"
#include "test_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ward_context *cx;
static ward_extractor *ex;

static int setup(void **state)
{
    (void)state;
    ward_err err = {0};
    if (ward_context_new(NULL, &cx, &err)) return -1;
    return ward_extractor_new(NULL, &ex, &err);
}

static int teardown(void **state)
{
    (void)state;
    ward_context_free(cx);
    ward_extractor_free(ex);
    return 0;
}

static const char *assertion(const char *text, const char *target)
{
    const char *p = strstr(text, target);
    assert_non_null(p);
    ward_context_result r;
    ward_context_assert(cx, text, strlen(text), (size_t)(p - text), (size_t)(p - text) + strlen(target), &r);
    return ward_assertion_name(r.assertion);
}

static void test_context_scope(void **state)
{
    (void)state;
    assert_string_equal(assertion("No fever, chills, night sweats or weight loss.", "weight loss"), "negated");
    /* forward window: a trigger 15 words back no longer reaches */
    assert_string_equal(assertion("No one in the clinic today could recall when the old building was painted, and she has cough.",
                                  "cough"), "present");
    /* backward trigger */
    assert_string_equal(assertion("Pulmonary embolism was ruled out.", "Pulmonary embolism"), "negated");
    /* direction: a forward-only trigger does not look back */
    assert_string_equal(assertion("Cough, no fever.", "Cough"), "present");
    /* sentence ends and ';' close scope */
    assert_string_equal(assertion("Denies fever. Cough for three days.", "Cough"), "present");
    assert_string_equal(assertion("No fever; cough persists.", "cough"), "present");
    /* a trigger inside the target does not modify it */
    assert_string_equal(assertion("Patient is in no acute distress.", "no acute distress"), "present");
}

static void test_context_terminators(void **state)
{
    (void)state;
    assert_string_equal(assertion("No fever but reports a cough.", "cough"), "present");
    assert_string_equal(assertion("No fever but reports a cough.", "fever"), "negated");
    assert_string_equal(assertion("Denies chest pain, however she has dyspnea.", "dyspnea"), "present");
    assert_string_equal(assertion("No rash although itching persists.", "itching"), "present");
    assert_string_equal(assertion("Negative for edema except for trace at the ankles.", "trace"), "present");
    assert_string_equal(assertion("History of diabetes, now presents with pneumonia.", "pneumonia"), "present");
    assert_string_equal(assertion("Mother reports the patient has fever.", "fever"), "present");
}

static void test_context_pseudo(void **state)
{
    (void)state;
    assert_string_equal(assertion("No increase in swelling.", "swelling"), "present");
    assert_string_equal(assertion("No change in the pain.", "pain"), "present");
    assert_string_equal(assertion("Gram negative rods in the urine.", "rods"), "present");
    assert_string_equal(assertion("Not only pain but swelling.", "pain"), "present");
    assert_string_equal(assertion("Tolerated the procedure without difficulty.", "difficulty"), "present");
}

static void test_context_categories(void **state)
{
    (void)state;
    assert_string_equal(assertion("Possible pneumonia.", "pneumonia"), "possible");
    assert_string_equal(assertion("Status post appendectomy.", "appendectomy"), "historical");
    assert_string_equal(assertion("Call if fever develops.", "fever"), "hypothetical");
    /* A vaccine is not the disease it prevents. */
    assert_string_equal(assertion("Influenza vaccine given today.", "Influenza"), "hypothetical");
    assert_string_equal(assertion("COVID-19 vaccine given today.", "COVID-19"), "hypothetical");
    assert_string_equal(assertion("Vaccination against hepatitis B is complete.", "hepatitis B"), "hypothetical");
    assert_string_equal(assertion("Flu shot given. She had influenza last winter.", "influenza"), "present");
    assert_string_equal(assertion("Her father had colon cancer.", "colon cancer"), "family");
    assert_string_equal(assertion("His wife has influenza.", "influenza"), "family");
    assert_string_equal(assertion("No family history of stroke.", "stroke"), "negated");
    assert_int_equal(ward_assertion_parse("hypothetical"), WARD_ASSERT_HYPOTHETICAL);
    assert_int_equal(ward_assertion_parse("nonsense"), -1);
}

static void test_context_site_rules(void **state)
{
    (void)state;
    char path[4096];
    assert_non_null(test_tmpfile(path, sizeof path, "ctx", "# a site's own trigger\nnowhere to be found\tnegated\tbackward\t4\n"));
    ward_context *site = NULL;
    ward_err err = {0};
    assert_int_equal(ward_context_new(path, &site, &err), WARD_OK);
    const char *t = "The lesion is nowhere to be found.";
    ward_context_result r;
    ward_context_assert(site, t, strlen(t), 4, 10, &r);
    assert_int_equal(r.assertion, WARD_ASSERT_NEGATED);
    ward_context_free(site);
    /* a bad rule names its file and line */
    assert_int_equal(test_write(path, "ok phrase\tnegated\n\nbad\tsideways\n"), 0);
    assert_int_equal(ward_context_new(path, &site, &err), WARD_EINPUT);
    assert_null(site);
    assert_non_null(strstr(err.msg, "line 3"));
    remove(path);
}

/* The only concept of type t in text (fails when not exactly one). */
static ward_found first(ward_extraction *x, const char *text, ward_concept_type t)
{
    ward_extract(ex, text, strlen(text), x);
    ward_found out = {0};
    int n = 0;
    for (size_t i = 0; i < x->nconcepts; i++)
        if (x->concepts[i].type == t) {
            if (!n++) out = x->concepts[i];
        }
    assert_int_equal(n, 1);
    return out;
}

static void test_medications(void **state)
{
    (void)state;
    ward_extraction x = {0};
    ward_found c = first(&x, "Amoxicillin 875 mg p.o. b.i.d. x10 days.", WARD_CONCEPT_MEDICATION);
    assert_string_equal(c.name, "amoxicillin");
    assert_string_equal(c.strength, "875");
    assert_string_equal(c.unit, "mg");
    assert_string_equal(c.route, "oral");
    assert_string_equal(c.freq, "BID");
    assert_string_equal(c.duration, "10 days");
    c = first(&x, "Percocet no; Tylenol 325 mg 2 tabs every 4 to 6 hours as needed.", WARD_CONCEPT_MEDICATION);
    assert_string_equal(c.name, "acetaminophen");
    assert_string_equal(c.dose, "2 tablet");
    assert_string_equal(c.freq, "q4-6h");
    assert_int_equal(c.prn, 1);
    c = first(&x, "Lantus 30 units subcutaneously nightly.", WARD_CONCEPT_MEDICATION);
    assert_string_equal(c.name, "insulin glargine");
    assert_string_equal(c.strength, "30");
    assert_string_equal(c.unit, "units");
    assert_string_equal(c.dose, "30 units");   /* for insulin, the units are the dose */
    assert_string_equal(c.route, "subcutaneous");
    assert_string_equal(c.freq, "QHS");
    c = first(&x, "Hydromorphone 0.5 mg every 3 hours.", WARD_CONCEPT_MEDICATION);
    assert_string_equal(c.freq, "q3h");
    assert_string_equal(c.route, "");          /* several routes possible: none implied */
    /* two drugs on one line stay apart */
    ward_extract(ex, "Lisinopril 10 mg daily, metformin 500 mg b.i.d.", 47, &x);
    assert_int_equal(x.nconcepts, 2);
    assert_string_equal(x.concepts[0].freq, "daily");
    assert_string_equal(x.concepts[1].freq, "BID");
    /* allergies are not medications */
    ward_extract(ex, "She is allergic to penicillin and sulfa drugs.", 46, &x);
    assert_int_equal(x.nconcepts, 2);
    assert_int_equal(x.concepts[0].type, WARD_CONCEPT_ALLERGY);
    assert_string_equal(x.concepts[0].name, "penicillin");
    assert_string_equal(x.concepts[1].name, "sulfa");
    ward_extraction_free(&x);
}

static void test_vitals(void **state)
{
    (void)state;
    ward_extraction x = {0};
    const char *t = "VS: T 38.4 C, HR 112, BP 90/52, RR 24, SpO2 89% on RA, Wt 70 kg, Ht 5 ft 6 in.";
    ward_extract(ex, t, strlen(t), &x);
    const char *want[][4] = {{"temp", "38.4", "", "C"}, {"hr", "112", "", "/min"}, {"bp", "90", "52", "mmHg"},
                             {"rr", "24", "", "/min"}, {"spo2", "89", "", "%"}, {"weight", "70", "", "kg"},
                             {"height", "66", "", "in"}};
    size_t k = 0;
    for (size_t i = 0; i < x.nconcepts; i++) {
        if (x.concepts[i].type != WARD_CONCEPT_VITAL) continue;
        assert_true(k < 7);
        assert_string_equal(x.concepts[i].name, want[k][0]);
        assert_string_equal(x.concepts[i].value, want[k][1]);
        assert_string_equal(x.concepts[i].value2, want[k][2]);
        assert_string_equal(x.concepts[i].unit, want[k][3]);
        k++;
    }
    assert_int_equal(k, 7);
    /* implausible numbers are not vitals; a name without a value is not one */
    t = "Pulse 2019 was a good year. Blood pressure control is important.";
    ward_extract(ex, t, strlen(t), &x);
    for (size_t i = 0; i < x.nconcepts; i++) assert_int_not_equal(x.concepts[i].type, WARD_CONCEPT_VITAL);
    ward_extraction_free(&x);
}

static void test_labs(void **state)
{
    (void)state;
    ward_extraction x = {0};
    ward_found c = first(&x, "Potassium was low at 3.1 mEq/L.", WARD_CONCEPT_LAB);
    assert_string_equal(c.name, "potassium");
    assert_string_equal(c.value, "3.1");
    assert_string_equal(c.unit, "mEq/L");
    assert_string_equal(c.flag, "low");
    c = first(&x, "WBC 14.2 K/uL (H).", WARD_CONCEPT_LAB);
    assert_string_equal(c.unit, "K/uL");
    assert_string_equal(c.flag, "high");
    c = first(&x, "Troponin negative.", WARD_CONCEPT_LAB);
    assert_string_equal(c.value, "negative");
    assert_int_equal(c.assertion, WARD_ASSERT_PRESENT);   /* a result, not a negation */
    c = first(&x, "Hemoglobin A1c 7.2.", WARD_CONCEPT_LAB);
    assert_string_equal(c.name, "hemoglobin a1c");
    assert_string_equal(c.unit, "%");                      /* the conventional unit */
    assert_string_equal(c.codes, "LOINC:4548-4");
    /* a goal range is not a result */
    ward_extract(ex, "Goal INR 2-3.", 13, &x);
    for (size_t i = 0; i < x.nconcepts; i++) assert_int_not_equal(x.concepts[i].type, WARD_CONCEPT_LAB);
    ward_extraction_free(&x);
}

static void test_vocab(void **state)
{
    (void)state;
    ward_extractor *v = NULL;
    ward_err err = {0};
    assert_int_equal(ward_extractor_new(NULL, &v, &err), WARD_OK);
    assert_int_equal(ward_extractor_add_vocab(v, "ICD10CM", "M31.3", "Wegener's granulomatosis, unspecified"), 1);
    assert_int_equal(ward_extractor_add_vocab(v, "ICD10CM", "A00.0", "Cholera due to Vibrio cholerae 01, biovar cholerae"), 0);
    assert_int_equal(ward_extractor_add_vocab(v, "ICD10CM", "Z99.9", "Other specified dependence on enabling machines"), 0);
    assert_int_equal(ward_extractor_add_vocab(v, "RXNORM", "1234", "zanubrutinib"), 1);
    assert_int_equal((int)ward_extractor_vocab_phrases(v), 2);
    const char *t = "Known Wegener's granulomatosis on zanubrutinib 160 mg twice daily.";
    ward_extraction x = {0};
    ward_extract(v, t, strlen(t), &x);
    assert_int_equal(x.nconcepts, 2);
    assert_int_equal(x.concepts[0].type, WARD_CONCEPT_PROBLEM);
    assert_string_equal(x.concepts[0].codes, "ICD10CM:M31.3");
    assert_int_equal(x.concepts[1].type, WARD_CONCEPT_MEDICATION);
    assert_string_equal(x.concepts[1].codes, "RXNORM:1234");
    assert_string_equal(x.concepts[1].freq, "BID");
    ward_extraction_free(&x);
    ward_extractor_free(v);
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-' || s[i] == '.'))
            return 0;
    return 1;
}

static void test_fhir(void **state)
{
    (void)state;
    const char *t = "Hypertension. No diabetes. Lisinopril 10 mg daily. BP 150/90. Potassium 5.9 (H). "
                    "Allergic to penicillin. Mother has asthma.";
    ward_extraction x = {0};
    ward_extract(ex, t, strlen(t), &x);
    ward_fhir_ctx ctx = {"pat-1", 42, "2024-03-02"};
    ward_buf b;
    ward_buf_init(&b);
    int seen[6] = {0}, facts = 0;
    for (size_t i = 0; i < x.nconcepts; i++) {
        const ward_found *c = &x.concepts[i];
        if (!ward_found_is_fact(c)) {
            assert_true(c->negated || c->other || c->assertion != WARD_ASSERT_PRESENT);
            continue;
        }
        facts++;
        ward_fhir_row row;
        ward_found_to_fhir(c, t, &ctx, &b, &row);
        json_error_t je;
        json_t *r = json_loads(b.data, 0, &je);
        assert_non_null(r);
        const char *type = json_string_value(json_object_get(r, "resourceType"));
        assert_string_equal(type, row.type);
        assert_true(valid_id(json_string_value(json_object_get(r, "id"))));
        /* provenance: document reference and span */
        json_t *ext = json_array_get(json_object_get(r, "extension"), 0);
        assert_non_null(strstr(json_string_value(json_object_get(ext, "url")), "source-text-span"));
        json_t *parts = json_object_get(ext, "extension");
        assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(parts, 0), "valueReference"), "reference")),
                            "DocumentReference/42");
        assert_int_equal(json_integer_value(json_object_get(json_array_get(parts, 1), "valueInteger")), (json_int_t)c->start);
        /* required elements of each type */
        json_t *subject = json_object_get(r, strcmp(type, "AllergyIntolerance") ? "subject" : "patient");
        assert_string_equal(json_string_value(json_object_get(subject, "reference")), "Patient/pat-1");
        if (!strcmp(type, "Condition")) {
            seen[0]++;
            assert_non_null(json_object_get(r, "code"));
            assert_non_null(json_object_get(r, "clinicalStatus"));
        } else if (!strcmp(type, "MedicationStatement")) {
            seen[1]++;
            assert_string_equal(json_string_value(json_object_get(r, "status")), "active");
            assert_non_null(json_object_get(r, "medicationCodeableConcept"));
        } else if (!strcmp(type, "Observation")) {
            seen[2]++;
            assert_string_equal(json_string_value(json_object_get(r, "status")), "final");
            assert_true(json_object_get(r, "valueQuantity") || json_object_get(r, "component"));
        } else if (!strcmp(type, "AllergyIntolerance")) {
            seen[3]++;
            assert_non_null(json_object_get(r, "code"));
        }
        json_decref(r);
    }
    assert_int_equal(seen[0], 1);   /* hypertension; not diabetes (negated), not asthma (mother's) */
    assert_int_equal(seen[1], 1);
    assert_int_equal(seen[2], 2);
    assert_int_equal(seen[3], 1);
    assert_int_equal(facts, 5);
    ward_buf_free(&b);
    ward_extraction_free(&x);
}

/* Strings cut short in a fixed field (here the subject reference, 160
 * bytes, in the middle of a two-byte character), quotes and control
 * characters in the text as written: the JSON still parses, and says what
 * was there up to the last whole character. */
static void test_fhir_strings(void **state)
{
    (void)state;
    char pid[200] = "", want[200] = "Patient/";
    for (int i = 0; i < 90; i++) strcat(pid, "\xc3\xa9");
    for (int i = 0; i < 75; i++) strcat(want, "\xc3\xa9");   /* 8 + 150 bytes; the 76th does not fit */
    const char *t = "Pain \"sharp\"\f\x01 here";
    ward_found c = {.start = 0, .end = strlen(t), .type = WARD_CONCEPT_PROBLEM, .assertion = WARD_ASSERT_PRESENT,
                    .codes = "ICD10CM:R52 X", .name = "pain"};
    ward_fhir_ctx ctx = {pid, 7, NULL};
    ward_buf b;
    ward_buf_init(&b);
    ward_fhir_row row;
    ward_found_to_fhir(&c, t, &ctx, &b, &row);
    json_error_t je;
    json_t *r = json_loads(b.data, 0, &je);
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "subject"), "reference")), want);
    json_t *code = json_object_get(r, "code");
    assert_string_equal(json_string_value(json_object_get(code, "text")), t);
    assert_int_equal(json_array_size(json_object_get(code, "coding")), 1);   /* "X" has no system */
    assert_null(json_object_get(r, "recordedDate"));
    json_decref(r);
    /* A number that is not finite is no quantity. */
    ward_found v = {.start = 0, .end = 4, .type = WARD_CONCEPT_LAB, .assertion = WARD_ASSERT_PRESENT,
                    .codes = "", .name = "glucose", .value = "1e999", .unit = "mg/dL"};
    ward_found_to_fhir(&v, t, &ctx, &b, &row);
    assert_non_null(r = json_loads(b.data, 0, &je));
    assert_string_equal(json_string_value(json_object_get(r, "valueString")), "1e999");
    json_decref(r);
    ward_buf_free(&b);
}

/* A fact as the store keeps it renders, with the same context, the very
 * JSON ward_found_to_fhir writes, and fills the same columns (the store
 * renders it when read: issue 14). */
static void same_rendering(const ward_found *c, const char *t, const ward_fhir_ctx *ctx)
{
    ward_buf want, fact, got;
    ward_buf_init(&want);
    ward_buf_init(&fact);
    ward_buf_init(&got);
    ward_fhir_row r1, r2;
    ward_found_to_fhir(c, t, ctx, &want, &r1);
    ward_found_to_fact(c, t, ctx, &fact, &r2);
    assert_memory_equal(&r1, &r2, sizeof r1);
    assert_true(fact.len * 4 < want.len);
    assert_true(ward_fact_to_fhir(fact.data, c->start, c->end, ctx, &got));
    if (strcmp(got.data, want.data)) fail_msg("fact %s renders\n%s\nnot\n%s", fact.data, got.data, want.data);
    ward_buf_free(&want);
    ward_buf_free(&fact);
    ward_buf_free(&got);
}

/* Every concept found in t (facts or not), with a context and without. */
static int all_rendered(const char *t)
{
    ward_extraction x = {0};
    ward_extract(ex, t, strlen(t), &x);
    ward_fhir_ctx full = {"pat-1", 42, "2024-03-02"}, none = {NULL, 0, NULL};
    for (size_t i = 0; i < x.nconcepts; i++) {
        same_rendering(&x.concepts[i], t, &full);
        same_rendering(&x.concepts[i], t, &none);
    }
    int n = (int)x.nconcepts;
    ward_extraction_free(&x);
    return n;
}

/* The "text" of each line of a JSONL fixture. */
static int file_rendered(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *t = json_string_value(json_object_get(o, "text"));
        if (t) n += all_rendered(t);
        json_decref(o);
    }
    free(line);
    fclose(f);
    return n;
}

static void test_fact_form(void **state)
{
    (void)state;
    int n = file_rendered(WARD_SOURCE_DIR "/tests/fixtures/funnel/extract.jsonl") +
            file_rendered(WARD_SOURCE_DIR "/tests/fixtures/funnel/assertions.jsonl");
    assert_true(n > 200);
    /* Every field of each type, quotes, control characters, a segment cut at
     * a broken character, codes of unknown systems, values that are no numbers. */
    const char *t = "Pain \"sharp\"\\\f\x01 here \xff\xfe and more";
    ward_fhir_ctx ctx = {"p\"1", 7, "2024-01-02T10:00"};
    ward_found c[] = {
        {.start = 0, .end = strlen(t), .type = WARD_CONCEPT_PROBLEM, .codes = "ICD10CM:R52 X ZZ:1 SNOMED:22253000",
         .name = "pain \"x\""},
        {.start = 5, .end = 12, .type = WARD_CONCEPT_ALLERGY, .codes = "", .name = "penicillin"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_PROCEDURE, .codes = "SNOMED:1", .name = "biopsy"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_MEDICATION, .codes = "RXNORM:161", .name = "acetaminophen",
         .strength = "650", .unit = "mg", .dose = "2 tablets", .route = "oral", .freq = "q6h", .duration = "5 days",
         .prn = 1},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_MEDICATION, .codes = "", .name = "aspirin", .strength = "one"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_MEDICATION, .codes = "", .name = "aspirin", .prn = 1},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_MEDICATION, .codes = "", .name = "aspirin"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_VITAL, .codes = "", .name = "bp", .value = "150", .value2 = "90",
         .unit = "mmHg", .flag = "high"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_VITAL, .codes = "", .name = "hr", .value = "72", .unit = "/min"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_VITAL, .codes = "", .name = "pulse", .value = "72"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_LAB, .codes = "LOINC:2345-7", .name = "glucose", .value = "1e999",
         .unit = "mg/dL", .flag = "critical"},
        {.start = 0, .end = 4, .type = WARD_CONCEPT_LAB, .codes = "", .name = "potassium", .value = "0.000012"},
        {.start = 3, .end = 3, .type = WARD_CONCEPT_LAB, .codes = "", .name = "sodium"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) same_rendering(&c[i], t, &ctx);
    /* What is not a fact kept so is refused, and leaves b as it was. */
    const char *bad[] = {"", "{}", "[]", "[\"problem\",\"a\",\"b\"]", "[\"nope\",\"a\",\"b\",\"c\"]",
                         "[\"problem\",\"a\",\"b\",\"c\",\"d\"]", "[\"lab\",\"a\",\"b\",\"c\",\"u\",\"1\",\"2\",\"high\",\"x\"]",
                         "[\"lab\",\"a\",\"b\",\"c\",1]", "[\"problem\",\"a\",null,\"c\"]", "not json"};
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_puts(&b, "kept");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_false(ward_fact_to_fhir(bad[i], 0, 1, &ctx, &b));
        assert_string_equal(b.data, "kept");
    }
    assert_false(ward_fact_to_fhir("[\"problem\",\"a\",\"\",\"c\"]", 2, 1, &ctx, &b));
    assert_true(ward_fact_to_fhir("[\"problem\",\"a\",\"\",\"c\"]", 1, 2, &ctx, &b));
    ward_buf_free(&b);
}

static void print_miss(void *ud, const char *what)
{
    (void)ud;
    fprintf(stderr, "  miss: %s\n", what);
}

/* The hand-written tricky sets, held to the funnel's targets. */
/* A fact's resource id is "d<document>-<start>-<end>" ("t-..." without a
 * document), its numbers in decimal however many digits they have. */
static void test_fact_ids(void **state)
{
    (void)state;
    const long long docs[] = {7, 9, 10, 99, 100, 101, 1000, 12345, -5, INT64_MAX, INT64_MIN, 0};
    const size_t spans[][2] = {{0, 0}, {0, 10}, {9, 100}, {105, 1000}, {99999, 1000000}};
    ward_buf b;
    ward_buf_init(&b);
    for (size_t d = 0; d < sizeof docs / sizeof *docs; d++)
        for (size_t k = 0; k < sizeof spans / sizeof *spans; k++) {
            ward_fhir_ctx ctx = {"p1", docs[d], NULL};
            /* a vital: its fact keeps no text, so the spans may lie past it */
            ward_found c = {.start = spans[k][0], .end = spans[k][1], .type = WARD_CONCEPT_VITAL, .codes = "",
                            .name = "hr", .value = "72", .unit = "/min"};
            ward_fhir_row r;
            ward_found_to_fact(&c, "", &ctx, &b, &r);
            char want[80];
            if (docs[d]) snprintf(want, sizeof want, "d%lld-%zu-%zu", docs[d], spans[k][0], spans[k][1]);
            else snprintf(want, sizeof want, "t-%zu-%zu", spans[k][0], spans[k][1]);
            assert_string_equal(r.id, want);
        }
    ward_buf_free(&b);
}

/* A section's kind (allergies, family history) holds for each of its
 * sentences and ends with it, however sections follow one another. */
static void test_section_kinds(void **state)
{
    (void)state;
    const char *t = "ALLERGIES: Penicillin.\nIt gave a rash.\nMEDICATIONS: Amoxicillin 500 mg.\n"
                    "FAMILY HISTORY: Diabetes.\nMother had asthma.\nASSESSMENT: Diabetes.\nAsthma.\n"
                    "ALLERGIES: Sulfa.";
    ward_extraction x = {0};
    ward_extract(ex, t, strlen(t), &x);
    const struct { const char *name; ward_concept_type type; ward_assertion a; } want[] = {
        {"penicillin", WARD_CONCEPT_ALLERGY, WARD_ASSERT_PRESENT},
        {"amoxicillin", WARD_CONCEPT_MEDICATION, WARD_ASSERT_PRESENT},
        {"diabetes", WARD_CONCEPT_PROBLEM, WARD_ASSERT_FAMILY},
        {"asthma", WARD_CONCEPT_PROBLEM, WARD_ASSERT_FAMILY},
        {"diabetes", WARD_CONCEPT_PROBLEM, WARD_ASSERT_PRESENT},
        {"asthma", WARD_CONCEPT_PROBLEM, WARD_ASSERT_PRESENT},
        {"sulfa", WARD_CONCEPT_ALLERGY, WARD_ASSERT_PRESENT}};
    size_t k = 0;
    for (size_t i = 0; i < x.nconcepts; i++) {
        if (x.concepts[i].type == WARD_CONCEPT_PROBLEM && !strcmp(x.concepts[i].name, "rash")) continue;
        assert_true(k < sizeof want / sizeof *want);
        assert_non_null(strstr(x.concepts[i].name, want[k].name));
        assert_int_equal(x.concepts[i].type, want[k].type);
        assert_int_equal(x.concepts[i].assertion, want[k].a);
        k++;
    }
    assert_int_equal(k, sizeof want / sizeof *want);
    ward_extraction_free(&x);
}

static void test_tricky_targets(void **state)
{
    (void)state;
    ward_concept_scores s = {0};
    ward_err err = {0};
    assert_int_equal(ward_eval_concepts_tricky(ex, WARD_SOURCE_DIR "/tests/fixtures/funnel", &s, print_miss, NULL, &err), WARD_OK);
    double acc = ward_concept_scores_accuracy(&s), neg = ward_eval_f1(s.neg_tp, s.neg_fp, s.neg_fn);
    double med = ward_eval_f1(s.med_tp, s.med_fp, s.med_fn), meas = ward_eval_f1(s.meas_tp, s.meas_fp, s.meas_fn);
    fprintf(stderr, "tricky: %ld assertions accuracy %.3f, negation F1 %.3f, medication-attribute F1 %.3f, vitals/labs F1 %.3f\n",
            s.assert_total, acc, neg, med, meas);
    assert_true(s.assert_total >= 150);
    assert_true(acc >= 0.93);
    assert_true(neg >= 0.93);
    assert_true(med >= 0.90);
    assert_true(meas >= 0.95);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context_scope),      cmocka_unit_test(test_context_terminators),
        cmocka_unit_test(test_context_pseudo),     cmocka_unit_test(test_context_categories),
        cmocka_unit_test(test_context_site_rules), cmocka_unit_test(test_medications),
        cmocka_unit_test(test_vitals),             cmocka_unit_test(test_labs),
        cmocka_unit_test(test_vocab),              cmocka_unit_test(test_fhir),
        cmocka_unit_test(test_fhir_strings),      cmocka_unit_test(test_fact_form),
        cmocka_unit_test(test_tricky_targets),     cmocka_unit_test(test_fact_ids),
        cmocka_unit_test(test_section_kinds),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
