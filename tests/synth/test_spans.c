/* test_spans.c — every ground-truth span of a 1,000-patient cohort points
 * at exactly the text it claims: body[start:end] == text, with offsets in
 * bytes from the first byte after the front matter (what ingest stores).
 * Also: types and assertions come from the documented sets, transcripts
 * carry their reference note, and every note names its patient. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>

#include "synth/synth_util.h"

static const char *const phi_types[] = {"NAME", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "ACCOUNT",
    "HEALTHPLAN", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "ADDRESS", "CITY", "ZIP", "FACILITY", "ID", NULL};
static const char *const concept_types[] = {"problem", "medication", "lab", "vital", "procedure", "allergy", NULL};
static const char *const assertions[] = {"present", "negated", "possible", "historical", "family", "hypothetical", NULL};
static const char *const kinds[] = {"progress_note", "history_and_physical", "consult", "discharge_summary",
                                    "transcript", NULL};

static int in(const char *s, const char *const *set)
{
    for (int i = 0; s && set[i]; i++)
        if (!strcmp(s, set[i])) return 1;
    return 0;
}

typedef struct tally {
    long notes, spans, bad, transcripts, phi_seen[32], assertion_seen[8];
} tally;

static const char *body_of(const char *text, size_t len)
{
    if (len < 4 || strncmp(text, "---\n", 4)) return NULL;
    const char *end = strstr(text + 4, "\n---\n");
    return end ? end + 5 : NULL;
}

static void check_spans(json_t *list, const char *body, size_t blen, int concepts, tally *t)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        json_int_t a = json_integer_value(json_object_get(s, "start")), b = json_integer_value(json_object_get(s, "end"));
        const char *text = json_string_value(json_object_get(s, "text"));
        const char *type = json_string_value(json_object_get(s, "type"));
        t->spans++;
        if (!text || a < 0 || b <= a || (size_t)b > blen || strlen(text) != (size_t)(b - a) ||
            memcmp(body + a, text, (size_t)(b - a))) {
            if (t->bad++ < 5) fprintf(stderr, "bad span %lld-%lld (%s)\n", (long long)a, (long long)b, type ? type : "?");
            continue;
        }
        if (!concepts) {
            assert_true(in(type, phi_types));
            for (int k = 0; phi_types[k]; k++)
                if (!strcmp(type, phi_types[k])) t->phi_seen[k]++;
        } else {
            assert_true(in(type, concept_types));
            const char *as = json_string_value(json_object_get(s, "assertion"));
            assert_true(in(as, assertions));
            for (int k = 0; assertions[k]; k++)
                if (!strcmp(as, assertions[k])) t->assertion_seen[k]++;
            assert_true(json_is_object(json_object_get(s, "norm")));
        }
    }
}

static void check_note(const char *truth_path, void *ud)
{
    tally *t = ud;
    json_error_t je;
    json_t *tr = json_load_file(truth_path, 0, &je);
    assert_non_null(tr);
    char note[1024];
    snprintf(note, sizeof note, "%.*s.txt", (int)(strlen(truth_path) - strlen(".truth.json")), truth_path);
    char *text = NULL;
    size_t len = 0;
    ward_err err = {0};
    assert_int_equal(ward_read_file(note, 0, &text, &len, &err), 0);
    const char *body = body_of(text, len);
    assert_non_null(body);
    size_t blen = len - (size_t)(body - text);
    const char *patient = json_string_value(json_object_get(tr, "patient"));
    char want[160];
    snprintf(want, sizeof want, "patient: %s\n", patient ? patient : "?");
    assert_non_null(strstr(text, want));
    const char *kind = json_string_value(json_object_get(tr, "kind"));
    assert_true(in(kind, kinds));
    if (!strcmp(kind, "transcript")) {
        json_t *ref = json_object_get(tr, "reference_note");
        static const char *const soap[] = {"subjective", "objective", "assessment", "plan"};
        for (int k = 0; k < 4; k++) assert_true(json_is_string(json_object_get(ref, soap[k])));
        assert_true(strlen(json_string_value(json_object_get(ref, "assessment"))) > 0);
        t->transcripts++;
    }
    check_spans(json_object_get(tr, "phi"), body, blen, 0, t);
    check_spans(json_object_get(tr, "concepts"), body, blen, 1, t);
    t->notes++;
    free(text);
    json_decref(tr);
}

static void test_every_span_is_exact(void **state)
{
    (void)state;
    char dir[512], notes[600];
    assert_int_equal(gen_cohort(dir, sizeof dir, 1000, 11, WARD_SYNTH_NOTES), 0);
    snprintf(notes, sizeof notes, "%s/notes", dir);
    tally t = {0};
    assert_true(each_file(notes, ".truth.json", check_note, &t) > 0);
    fprintf(stderr, "%ld notes (%ld transcripts), %ld spans checked\n", t.notes, t.transcripts, t.spans);
    assert_int_equal(t.bad, 0);
    assert_true(t.notes >= 1000);
    assert_true(t.transcripts > 300);
    /* the PHI the issue asks for, and every assertion, occur */
    static const char *const want_phi[] = {"NAME", "DATE", "AGE", "PHONE", "EMAIL", "MRN", "ADDRESS", "FACILITY"};
    for (size_t k = 0; k < sizeof want_phi / sizeof *want_phi; k++)
        for (int i = 0; phi_types[i]; i++)
            if (!strcmp(phi_types[i], want_phi[k])) assert_true(t.phi_seen[i] > 0);
    for (int k = 0; assertions[k]; k++) assert_true(t.assertion_seen[k] > 0);
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_span_is_exact)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
