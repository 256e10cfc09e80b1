/* eval_chart.c — is the chart reconciled? Checks on the lists a summary
 * shows (supported lines only: what a clinician sees), for a cohort where
 * `ward synth` sends the same results through HL7 ORU and FHIR.
 *
 *  - One fact per real-world fact: a trend compares two distinct days; a
 *    line "X on D (unchanged from X on D)" compares a result with its own
 *    copy from the other feed.
 *  - Allergies by substance: rows naming the same substance ("Allergy to
 *    peanuts", "peanuts") are one allergy listed twice.
 *  - A reaction is never a problem: a problem row naming one of the
 *    patient's allergy reactions (the truth: the cohort's FHIR bundle).
 *  - Problems by concept: rows the concept extractor names alike (its
 *    preferred name merges synonyms) are one problem listed twice.
 * Each check counts rows and the rows that pass, and adds one item per
 * patient (value: the violations; correct: none).
 */
#include "assess_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Lowercase text of a row up to its first " (" (the status and date). */
static void row_key(const char *text, char *out, size_t cap)
{
    size_t n = strcspn(text, "(");
    while (n && text[n - 1] == ' ') n--;
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)text[i]);
    out[n] = 0;
}

/* The supported, cited lines of a summary's section, as an array of texts. */
static json_t *section_rows(json_t *summary, const char *title)
{
    json_t *rows = json_array();
    size_t i, k;
    json_t *sec, *line;
    json_array_foreach(json_object_get(summary, "sections"), i, sec) {
        if (strcmp(json_string_value(json_object_get(sec, "title")) ?: "", title)) continue;
        json_array_foreach(json_object_get(sec, "lines"), k, line)
            if (json_is_true(json_object_get(line, "supported")) && json_array_size(json_object_get(line, "citations")))
                json_array_append(rows, json_object_get(line, "text"));
    }
    return rows;
}

/* Distinct keys among rows (keys computed by fn). */
static long distinct(json_t *rows, void (*fn)(tasks_run *, const char *, char *, size_t), tasks_run *t)
{
    json_t *seen = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char key[256];
        fn(t, json_string_value(r), key, sizeof key);
        json_object_set_new(seen, key, json_true());
    }
    long n = (long)json_object_size(seen);
    json_decref(seen);
    return n;
}

static void substance_key(tasks_run *t, const char *text, char *key, size_t cap)
{
    (void)t;
    row_key(text, key, cap);
    if (ward_str_startswith(key, "allergy to ")) memmove(key, key + 11, strlen(key + 11) + 1);
}

/* The concept a problem row names: the extractor's preferred name of the
 * first problem in it, else the row's own words. */
static void concept_key(tasks_run *t, const char *text, char *key, size_t cap)
{
    row_key(text, key, cap);
    ward_extraction x = {0};
    ward_extract(t->ex, key, strlen(key), &x);
    for (size_t i = 0; i < x.nconcepts; i++)
        if (x.concepts[i].type == WARD_CONCEPT_PROBLEM) {
            snprintf(key, cap, "%s", x.concepts[i].name);
            break;
        }
    ward_extraction_free(&x);
}

/* The first two dates (YYYY-MM-DD) of a line; 1 when it has two. */
static int two_dates(const char *s, char a[11], char b[11])
{
    int n = 0;
    for (const char *p = s; *p && n < 2; p++) {
        if (!(isdigit((unsigned char)p[0]) && strlen(p) >= 10 && p[4] == '-' && p[7] == '-')) continue;
        if (p > s && isdigit((unsigned char)p[-1])) continue;
        memcpy(n ? b : a, p, 10);
        (n ? b : a)[10] = 0;
        n++;
        p += 9;
    }
    return n == 2;
}

/* The patient's allergy reactions, from the cohort's FHIR bundle. */
static json_t *reactions_of(tasks_run *t, patient_truth *pt)
{
    if (pt->reactions) return pt->reactions;
    pt->reactions = json_object();
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/fhir/%s.json", t->p->cohort, pt->id);
    json_t *b = json_load_file(path.data, 0, NULL);
    ward_buf_free(&path);
    size_t i, j, k;
    json_t *e, *rx, *m;
    json_array_foreach(json_object_get(b, "entry"), i, e) {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")) ?: "", "AllergyIntolerance")) continue;
        json_array_foreach(json_object_get(r, "reaction"), j, rx)
            json_array_foreach(json_object_get(rx, "manifestation"), k, m) {
                const char *s = json_string_value(json_object_get(m, "text"));
                if (!s) s = json_string_value(json_object_get(json_array_get(json_object_get(m, "coding"), 0), "display"));
                char key[256];
                if (s) row_key(s, key, sizeof key), json_object_set_new(pt->reactions, key, json_true());
            }
    }
    json_decref(b);
    return pt->reactions;
}

static int check_item(tasks_run *t, patient_truth *pt, const char *metric, long violations)
{
    ward_eval_item it = {.id = "summary", .patient = pt->id, .evaluator = "tasks.chart", .metric = metric,
                         .value = (double)violations, .correct = violations == 0};
    return assess_item(t, &it);
}

int assess_chart_checks(tasks_run *t, patient_truth *pt, json_t *summary)
{
    int rc;
    if (!t->ex && (rc = ward_extractor_new(ward_extractor_default_params(), &t->ex, t->err))) {
        ward_err_prefix(t->err, "cannot open the concept extractor");
        return rc;
    }
    ward_eval_tasks_result *r = t->r;
    json_t *labs = section_rows(summary, "Recent labs and vitals");
    json_t *allergies = section_rows(summary, "Allergies");
    json_t *problems = section_rows(summary, "Active problems");
    size_t i;
    json_t *row;
    long self = 0, reactions = 0;
    json_array_foreach(labs, i, row) {
        char a[11], b[11];
        if (!strstr(json_string_value(row), " from ") || !two_dates(json_string_value(row), a, b)) continue;
        r->trends.n++;
        r->trends.ok += strcmp(a, b) != 0;
        self += !strcmp(a, b);
    }
    json_t *rx = reactions_of(t, pt);
    json_array_foreach(problems, i, row) {
        char key[256];
        row_key(json_string_value(row), key, sizeof key);
        reactions += json_object_get(rx, key) != NULL;
    }
    long nall = (long)json_array_size(allergies), nprob = (long)json_array_size(problems);
    long subst = distinct(allergies, substance_key, t), concepts = distinct(problems, concept_key, t);
    r->allergy_rows.n += nall, r->allergy_rows.ok += subst;
    r->problem_rows.n += nprob, r->problem_rows.ok += nprob - reactions;
    r->problem_concepts.n += nprob, r->problem_concepts.ok += concepts;
    json_decref(labs), json_decref(allergies), json_decref(problems);
    rc = check_item(t, pt, "self_comparisons", self);
    if (!rc) rc = check_item(t, pt, "duplicate_allergy_rows", nall - subst);
    if (!rc) rc = check_item(t, pt, "reactions_as_problems", reactions);
    if (!rc) rc = check_item(t, pt, "unmerged_problems", nprob - concepts);
    return rc;
}

void assess_chart_done(tasks_run *t)
{
    ward_extractor_free(t->ex);
    t->ex = NULL;
}
