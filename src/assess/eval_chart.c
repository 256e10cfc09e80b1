/* eval_chart.c — is the chart reconciled? Checks on the lists a summary
 * shows (supported lines only: what a clinician sees) and on the chart
 * `ward show` and the API give, for a cohort where `ward synth` sends the
 * same results through HL7 ORU and FHIR.
 *
 *  - One fact per real-world fact: a trend compares two distinct days; a
 *    line "X on D (unchanged from X on D)" compares a result with its own
 *    copy from the other feed.
 *  - Allergies by substance: rows naming the same substance ("Allergy to
 *    peanuts", "peanuts") are one allergy listed twice.
 *  - A reaction is never a problem: a problem row (coded or mentioned in
 *    notes) naming one of the patient's allergy reactions (the truth: the
 *    cohort's FHIR bundle).
 *  - Problems by concept: rows the concept extractor names alike (its
 *    preferred name merges synonyms) are one problem listed twice.
 *  - Medications by ingredient: rows naming the same drug are one.
 *  - One row per allergy: no more allergy rows than the FHIR bundle
 *    records allergies (every allergy a `ward synth` note names is a
 *    recorded one, whatever its words: "lisinopril" for "Allergy to
 *    angiotensin-converting enzyme inhibitor"), so the check holds where
 *    the texts differ.
 * The extractor, not the chart's own reconciliation (ward_concept_key),
 * names concepts here, so the checks do not grade the chart by its own
 * rule. Each check counts rows and the rows that pass, and adds one item
 * per patient and list (value: the violations; correct: none).
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

/* The texts of a chart JSON list (ward_chart_json). */
static json_t *chart_rows(json_t *chart, const char *key)
{
    json_t *rows = json_array(), *it;
    size_t i;
    json_array_foreach(json_object_get(chart, key), i, it) json_array_append(rows, json_object_get(it, "text"));
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

/* The concept of type a row names: the extractor's preferred name of the
 * first such concept in it, else the row's own words. */
static void named(tasks_run *t, ward_concept_type type, const char *text, char *key, size_t cap)
{
    row_key(text, key, cap);
    ward_extraction x = {0};
    ward_extract(t->ex, key, strlen(key), &x);
    for (size_t i = 0; i < x.nconcepts; i++)
        if (x.concepts[i].type == type) {
            snprintf(key, cap, "%s", x.concepts[i].name);
            break;
        }
    ward_extraction_free(&x);
}

static void concept_key(tasks_run *t, const char *text, char *key, size_t cap)
{
    named(t, WARD_CONCEPT_PROBLEM, text, key, cap);
}

static void ingredient_key(tasks_run *t, const char *text, char *key, size_t cap)
{
    /* "metformin 1000 mg Oral Tablet, 1000 mg oral twice daily": the drug is before the comma */
    char head[256];
    snprintf(head, sizeof head, "%.*s", (int)strcspn(text, ","), text);
    named(t, WARD_CONCEPT_MEDICATION, head, key, cap);
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

/* The patient's allergy reactions, from the cohort's FHIR bundle, and the
 * number of its allergies (pt->allergies). Most patients have no allergy:
 * their bundle (hundreds of kilobytes) is not parsed when its text names no
 * AllergyIntolerance. */
static json_t *reactions_of(tasks_run *t, patient_truth *pt)
{
    if (pt->reactions) return pt->reactions;
    pt->reactions = json_object();
    pt->allergies = 0;
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/fhir/%s.json", t->p->cohort, pt->id);
    char *text = NULL;
    size_t len = 0;
    ward_err ferr = {0};
    json_t *b = NULL;
    if (!ward_read_file(path.data, 0, &text, &len, &ferr) && text && strstr(text, "AllergyIntolerance"))
        b = json_loadb(text, len, 0, NULL);
    free(text);
    ward_buf_free(&path);
    size_t i, j, k;
    json_t *e, *rx, *m;
    json_array_foreach(json_object_get(b, "entry"), i, e) {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")) ?: "", "AllergyIntolerance")) continue;
        pt->allergies++;
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

const char *const ward_chart_check_names[WARD_CHART_NCHECKS] = {
    "distinct_day_trends", "distinct_allergy_rows", "problems_not_reactions", "distinct_problem_concepts",
    "distinct_medication_ingredients", "allergy_rows_per_allergy"};
static const char *const METRICS[WARD_CHART_NCHECKS] = {
    "self_comparisons", "duplicate_allergy_rows", "reactions_as_problems", "unmerged_problems",
    "unmerged_medications", "extra_allergy_rows"};

/* The lists one view shows: trend lines (texts, or NULL with pairs of
 * days in days), allergies, problems (coded and from notes), medications. */
typedef struct view {
    json_t *trends, *days, *allergies, *problems, *meds;
} view;

static void view_free(view *v)
{
    json_decref(v->trends), json_decref(v->days), json_decref(v->allergies), json_decref(v->problems);
    json_decref(v->meds);
}

static view summary_view(json_t *summary)
{
    view v = {section_rows(summary, "Recent labs and vitals"), json_array(), section_rows(summary, "Allergies"),
              section_rows(summary, "Active problems"), section_rows(summary, "Medications")};
    json_t *noted = section_rows(summary, "Mentioned in notes");
    json_array_extend(v.problems, noted);
    json_decref(noted);
    size_t i;
    json_t *row;
    json_array_foreach(v.trends, i, row) {
        char a[11], b[11];
        if (strstr(json_string_value(row), " from ") && two_dates(json_string_value(row), a, b))
            json_array_append_new(v.days, json_pack("[s,s]", a, b));
    }
    return v;
}

static view chart_view(json_t *chart)
{
    view v = {NULL, json_array(), chart_rows(chart, "allergies"), chart_rows(chart, "problems"),
              chart_rows(chart, "medications")};
    json_t *noted = chart_rows(chart, "mentioned_in_notes"), *it;
    json_array_extend(v.problems, noted);
    json_decref(noted);
    size_t i;
    json_array_foreach(json_object_get(chart, "observations"), i, it) {
        json_t *prev = json_object_get(it, "previous");
        const char *d = json_string_value(json_object_get(it, "date"));
        if (prev) json_array_append_new(v.days, json_pack("[s,s]", d ? d : "", json_string_value(json_object_get(prev, "date")) ?: ""));
    }
    return v;
}

static int check_item(tasks_run *t, patient_truth *pt, const char *list, const char *metric, long violations)
{
    ward_eval_item it = {.id = (char *)list, .patient = pt->id, .evaluator = "tasks.chart", .metric = metric,
                         .value = (double)violations, .correct = violations == 0};
    return assess_item(t, &it);
}

/* Scores one view into r->chart[which]. */
static int check_view(tasks_run *t, patient_truth *pt, view *v, int which, const char *list)
{
    ward_eval_count *c = t->r->chart[which];
    long bad[WARD_CHART_NCHECKS] = {0};
    size_t i;
    json_t *row;
    json_array_foreach(v->days, i, row) {
        int same = !strcmp(json_string_value(json_array_get(row, 0)), json_string_value(json_array_get(row, 1)));
        c[WARD_CHART_TRENDS].n++, c[WARD_CHART_TRENDS].ok += !same, bad[WARD_CHART_TRENDS] += same;
    }
    json_t *rx = reactions_of(t, pt);
    json_array_foreach(v->problems, i, row) {
        char key[256];
        row_key(json_string_value(row), key, sizeof key);
        bad[WARD_CHART_REACTIONS] += json_object_get(rx, key) != NULL;
    }
    long nall = (long)json_array_size(v->allergies), nprob = (long)json_array_size(v->problems);
    long nmed = (long)json_array_size(v->meds);
    long subst = distinct(v->allergies, substance_key, t), concepts = distinct(v->problems, concept_key, t);
    long drugs = distinct(v->meds, ingredient_key, t);
    c[WARD_CHART_ALLERGIES].n += nall, c[WARD_CHART_ALLERGIES].ok += subst, bad[WARD_CHART_ALLERGIES] = nall - subst;
    c[WARD_CHART_REACTIONS].n += nprob, c[WARD_CHART_REACTIONS].ok += nprob - bad[WARD_CHART_REACTIONS];
    c[WARD_CHART_PROBLEMS].n += nprob, c[WARD_CHART_PROBLEMS].ok += concepts, bad[WARD_CHART_PROBLEMS] = nprob - concepts;
    c[WARD_CHART_MEDS].n += nmed, c[WARD_CHART_MEDS].ok += drugs, bad[WARD_CHART_MEDS] = nmed - drugs;
    long recorded = nall < pt->allergies ? nall : pt->allergies;
    c[WARD_CHART_ALLERGY_RECORDS].n += nall, c[WARD_CHART_ALLERGY_RECORDS].ok += recorded;
    bad[WARD_CHART_ALLERGY_RECORDS] = nall - recorded;
    int rc = WARD_OK;
    for (int k = 0; k < WARD_CHART_NCHECKS && !rc; k++) rc = check_item(t, pt, list, METRICS[k], bad[k]);
    return rc;
}

int assess_chart_checks(tasks_run *t, patient_truth *pt, json_t *summary)
{
    int rc;
    if (!t->ex && (rc = ward_extractor_new(NULL, &t->ex, t->err))) {
        ward_err_prefix(t->err, "cannot open the concept extractor");
        return rc;
    }
    view s = summary_view(summary);
    rc = check_view(t, pt, &s, 0, "summary");
    view_free(&s);
    json_t *chart = NULL;
    if (!rc && (rc = ward_chart_json(t->st, pt->id, &chart, t->err))) ward_err_prefix(t->err, "cannot read the chart");
    if (!rc) {
        view c = chart_view(chart);
        rc = check_view(t, pt, &c, 1, "chart");
        view_free(&c);
    }
    json_decref(chart);
    return rc;
}

void assess_chart_done(tasks_run *t)
{
    ward_extractor_free(t->ex);
    t->ex = NULL;
}
