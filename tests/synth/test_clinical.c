/* test_clinical.c — the clinical model is coherent, read from the FHIR a
 * cohort writes: every diabetic has A1c results, no anticoagulant without
 * atrial fibrillation diagnosed before it, every dose within the range
 * docs/synth.md documents, no encounter before birth or after death; and,
 * from a larger cohort, treated hypertension controlled in the documented
 * share and prevalence by age band within the documented targets (which
 * must equal the targets `ward synth --stats` uses). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>

#include "synth/synth_util.h"

typedef struct dose_range {
    char name[48];
    double lo, hi;
} dose_range;

typedef struct facts {
    dose_range doses[64];
    int ndoses;
    long patients, diabetics, anticoagulated, meds_checked, encounters;
    long failures;
} facts;

static void fail_once(facts *f, const char *what)
{
    if (f->failures++ < 10) fprintf(stderr, "inconsistent: %s\n", what);
}

static void dose_row(char **cells, int n, void *ud)
{
    facts *f = ud;
    if (n < 3 || f->ndoses >= 64) return;
    dose_range *d = &f->doses[f->ndoses];
    snprintf(d->name, sizeof d->name, "%s", cells[0]);
    if (parse_range(cells[2], &d->lo, &d->hi) == 0) f->ndoses++;
}

static const char *code_of(json_t *cc)
{
    return json_string_value(json_object_get(json_array_get(json_object_get(cc, "coding"), 0), "code"));
}

static const char *text_of(json_t *cc)
{
    return json_string_value(json_object_get(cc, "text"));
}

static void check_bundle(const char *path, void *ud)
{
    facts *f = ud;
    json_error_t je;
    json_t *b = json_load_file(path, 0, &je);
    assert_non_null(b);
    json_t *entries = json_object_get(b, "entry"), *e;
    size_t i;
    const char *birth = NULL, *death = NULL;
    char af_onset[11] = "";
    int diabetic = 0, a1c = 0;
    json_array_foreach(entries, i, e) {
        json_t *r = json_object_get(e, "resource");
        const char *type = json_string_value(json_object_get(r, "resourceType"));
        if (!strcmp(type, "Patient")) {
            birth = json_string_value(json_object_get(r, "birthDate"));
            death = json_string_value(json_object_get(r, "deceasedDateTime"));
        } else if (!strcmp(type, "Condition")) {
            const char *c = code_of(json_object_get(r, "code"));
            if (!strcmp(c, "44054006")) diabetic = 1;
            if (!strcmp(c, "49436004")) snprintf(af_onset, sizeof af_onset, "%.10s", json_string_value(json_object_get(r, "onsetDateTime")));
        } else if (!strcmp(type, "Observation")) {
            if (!strcmp(code_of(json_object_get(r, "code")), "4548-4")) a1c++;
        }
    }
    assert_non_null(birth);
    f->patients++;
    if (diabetic) {
        f->diabetics++;
        if (!a1c) fail_once(f, "diabetic without A1c");
    }
    json_array_foreach(entries, i, e) {
        json_t *r = json_object_get(e, "resource");
        const char *type = json_string_value(json_object_get(r, "resourceType"));
        if (!strcmp(type, "Encounter")) {
            json_t *period = json_object_get(r, "period");
            const char *s = json_string_value(json_object_get(period, "start")),
                       *en = json_string_value(json_object_get(period, "end"));
            f->encounters++;
            if (strncmp(s, birth, 10) < 0) fail_once(f, "encounter before birth");
            if (death && (strncmp(s, death, 10) > 0 || strncmp(en, death, 10) > 0)) fail_once(f, "encounter after death");
            if (strcmp(en, s) < 0) fail_once(f, "encounter ends before it starts");
        } else if (!strcmp(type, "MedicationRequest")) {
            const char *name = text_of(json_object_get(r, "medicationCodeableConcept"));
            const char *code = code_of(json_object_get(r, "medicationCodeableConcept"));
            const char *when = json_string_value(json_object_get(r, "authoredOn"));
            if (!strcmp(code, "1364430") || !strcmp(code, "1114195") || !strcmp(code, "11289")) {
                f->anticoagulated++;
                if (!af_onset[0] || strncmp(af_onset, when, 10) > 0) fail_once(f, "anticoagulant without atrial fibrillation");
            }
            json_t *dq = json_object_get(json_array_get(json_object_get(json_array_get(
                json_object_get(r, "dosageInstruction"), 0), "doseAndRate"), 0), "doseQuantity");
            double v = json_number_value(json_object_get(dq, "value"));
            const dose_range *d = NULL;
            for (int k = 0; k < f->ndoses && !d; k++)
                if (ward_str_startswith(name, f->doses[k].name) && name[strlen(f->doses[k].name)] == ' ') d = &f->doses[k];
            if (!d) fail_once(f, "drug missing from the documented dose table");
            else if (v < d->lo || v > d->hi) fail_once(f, "dose outside the documented range");
            f->meds_checked++;
        }
    }
    json_decref(b);
}

static void test_fhir_is_consistent(void **state)
{
    (void)state;
    facts f = {0};
    assert_true(doc_table("doses", dose_row, &f) > 30);
    char dir[512], fhir[600];
    assert_int_equal(gen_cohort(dir, sizeof dir, 500, 5, WARD_SYNTH_FHIR), 0);
    snprintf(fhir, sizeof fhir, "%s/fhir", dir);
    assert_int_equal(each_file(fhir, ".json", check_bundle, &f), 500);
    fprintf(stderr, "%ld patients, %ld diabetics, %ld anticoagulant orders, %ld orders, %ld encounters\n", f.patients,
            f.diabetics, f.anticoagulated, f.meds_checked, f.encounters);
    assert_true(f.diabetics > 20 && f.anticoagulated > 3 && f.meds_checked > 1000);
    assert_int_equal(f.failures, 0);
    rm_rf(dir);
}

typedef struct targets {
    int rows, mismatched;
} targets;

static void target_row(char **cells, int n, void *ud)
{
    targets *t = ud;
    if (n < 1 + WARD_SYNTH_BANDS) return;
    t->rows++;
    for (int b = 0; b < WARD_SYNTH_BANDS; b++) {
        double lo, hi, clo, chi;
        if (parse_range(cells[1 + b], &lo, &hi) || !ward_synth_target(cells[0], b, &clo, &chi) ||
            fabs(lo - clo) > 1e-4 || fabs(hi - chi) > 1e-4) {
            fprintf(stderr, "docs target for %s band %d differs from the code\n", cells[0], b);
            t->mismatched++;
        }
    }
}

static void test_prevalence_and_control(void **state)
{
    (void)state;
    targets t = {0};
    assert_int_equal(doc_table("targets", target_row, &t), 18);
    assert_int_equal(t.mismatched, 0);
    char dir[512];
    assert_int_equal(gen_cohort(dir, sizeof dir, 8000, 3, 0), 0);
    ward_synth_stats s;
    ward_err err = {0};
    assert_int_equal(ward_synth_stats_read(dir, &s, &err), 0);
    assert_int_equal(s.patients, 8000);
    assert_true(s.nprev >= 15);
    int outside = 0;
    for (size_t i = 0; i < s.nprev; i++)
        for (int b = 0; b < WARD_SYNTH_BANDS; b++) {
            long n = s.alive[0][b] + s.alive[1][b];
            double lo, hi, pct = n ? 100.0 * (s.prev[i].cases[0][b] + s.prev[i].cases[1][b]) / n : 0;
            assert_true(ward_synth_target(s.prev[i].condition, b, &lo, &hi));
            if (pct < lo || pct > hi) {
                fprintf(stderr, "%s %s: %.1f%% outside %.1f-%.1f\n", s.prev[i].condition, ward_synth_band_name(b), pct, lo, hi);
                outside++;
            }
        }
    assert_int_equal(outside, 0);
    double ctl = 100.0 * s.htn_controlled / s.htn_treated;
    fprintf(stderr, "treated hypertension controlled: %.1f%% of %ld\n", ctl, s.htn_treated);
    double lo = 0, hi = 0;
    assert_true(s.htn_treated > 500);
    lo = 50, hi = 80;  /* docs/synth.md: "between 50 and 80 %" */
    assert_true(ctl >= lo && ctl <= hi);
    ward_synth_stats_free(&s);
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fhir_is_consistent),
                                       cmocka_unit_test(test_prevalence_and_control)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
