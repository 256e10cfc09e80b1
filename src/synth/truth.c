/* truth.c — what is known about each patient, for evaluations: one line
 * per patient in DIR/patients.jsonl (demographics, conditions, control of
 * treated hypertension) and chart questions with their answers and the
 * FHIR resources that prove them in DIR/questions.jsonl. Also the reader
 * behind `ward synth --stats` and the documented prevalence targets.
 *
 * Answers are as of the end of the record (as_of, or the death date).
 * "not in the record" is the answer when the chart holds nothing that
 * answers: a lab never drawn, a drug class never prescribed, no allergy.
 */
#include "synth_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIR "not in the record"

typedef struct qctx {
    swriter *sw;
    const spatient *p;
    ward_buf *line;
    int end;
} qctx;

static void question(qctx *q, const char *text, const char *kind, const char *answer, int date, const char *etype,
                     const char *const *eids, int neids)
{
    ward_buf *b = q->line;
    ward_buf_reset(b);
    ward_buf_printf(b, "{\"patient\":\"%s\",\"question\":", q->p->id);
    sj_str(b, text);
    ward_buf_printf(b, ",\"kind\":\"%s\",\"answer\":", kind);
    sj_str(b, answer ? answer : NIR);
    if (date != NO_DAY) {
        char d[11];
        sday_iso(date, d);
        ward_buf_printf(b, ",\"date\":\"%s\"", d);
    }
    ward_buf_printf(b, ",\"not_in_record\":%s,\"evidence\":[", answer ? "false" : "true");
    for (int i = 0; i < neids; i++)
        ward_buf_printf(b, "%s{\"resourceType\":\"%s\",\"id\":\"%s\"}", i ? "," : "", etype, eids[i]);
    ward_buf_puts(b, "]}\n");
    sw_line(q->sw, "", "questions.jsonl", b->data, b->len);
    sw_counts(q->sw)->questions++;
}

static const char *unit_words(int obs)
{
    static const char *const u[NOBS] = {[O_A1C] = "%", [O_CREAT] = "mg/dL", [O_EGFR] = "mL/min/1.73m2",
        [O_POTASSIUM] = "mmol/L", [O_LDL] = "mg/dL", [O_TSH] = "mIU/L", [O_BNP] = "pg/mL", [O_HGB] = "g/dL",
        [O_INR] = "", [O_URATE] = "mg/dL", [O_GLUCOSE] = "mg/dL"};
    return u[obs] ? u[obs] : synth_obs[obs].unit;
}

static void latest_lab(qctx *q, int obs, const char *label)
{
    const sobs *o = synth_latest_obs(q->p, obs, q->end);
    char text[128], ans[64];
    snprintf(text, sizeof text, "What is the latest %s?", label);
    if (!o) return question(q, text, "latest_lab", NULL, NO_DAY, NULL, NULL, 0);
    nw_fmt_value(ans, sizeof ans, obs, o->v);
    const char *u = unit_words(obs);
    if (*u) snprintf(ans + strlen(ans), sizeof ans - strlen(ans), " %s", u);
    const char *id = o->id;
    question(q, text, "latest_lab", ans, o->day, "Observation", &id, 1);
}

static void latest_bp(qctx *q)
{
    const sobs *s = synth_latest_obs(q->p, O_SBP, q->end);
    if (!s) return question(q, "What was the most recent blood pressure?", "latest_vital", NULL, NO_DAY, NULL, NULL, 0);
    const sobs *d = synth_latest_obs(q->p, O_DBP, q->end);
    char ans[32];
    snprintf(ans, sizeof ans, "%.0f/%.0f mmHg", s->v, d ? d->v : 0);
    const char *id = s->id;
    question(q, "What was the most recent blood pressure?", "latest_vital", ans, s->day, "Observation", &id, 1);
}

static void med_text(char *out, size_t cap, const smed *m)
{
    const drug_def *d = &synth_drugs[m->drug];
    snprintf(out, cap, "%s %g %s %s", d->name, d->steps[m->step], d->unit, synth_freq_name(d));
}

/* Current medications matching a class or a reason (condition). */
static void current_meds(qctx *q, const char *text, const char *cls, int reason)
{
    const spatient *p = q->p;
    ward_buf ans;
    ward_buf_init(&ans);
    const char *ids[32];
    int n = 0;
    for (size_t i = 0; i < p->med.n && n < 32; i++) {
        const smed *m = &p->med.v[i];
        if (!synth_med_active(m, q->end - 1) || m->duration) continue;
        if (cls && strcmp(synth_drug_class(&synth_drugs[m->drug]), cls)) continue;
        if (!cls && m->reason != reason) continue;
        char t[128];
        med_text(t, sizeof t, m);
        if (n) ward_buf_puts(&ans, "; ");
        ward_buf_puts(&ans, t);
        ids[n++] = m->id;
    }
    question(q, text, "current_med", n ? ans.data : NULL, NO_DAY, "MedicationRequest", ids, n);
    ward_buf_free(&ans);
}

static void allergies(qctx *q)
{
    const spatient *p = q->p;
    ward_buf ans;
    ward_buf_init(&ans);
    const char *ids[NALLERGEN];
    for (size_t i = 0; i < p->allergy.n; i++) {
        if (i) ward_buf_puts(&ans, "; ");
        ward_buf_puts(&ans, synth_allergens[p->allergy.v[i].allergen].key);
        ids[i] = p->allergy.v[i].id;
    }
    question(q, "What allergies does the patient have?", "allergies", p->allergy.n ? ans.data : NULL, NO_DAY,
             "AllergyIntolerance", ids, (int)p->allergy.n);
    ward_buf_free(&ans);
}

static void has_condition(qctx *q, int c)
{
    const scond *k = synth_cond_rec(q->p, c);
    char text[128];
    snprintf(text, sizeof text, "Does the patient have %s?", synth_conds[c].key);
    const char *id = k ? k->id : NULL;
    question(q, text, "has_condition", k ? "yes" : "no", NO_DAY, "Condition", &id, k ? 1 : 0);
}

static void onset(qctx *q, int c)
{
    const scond *k = synth_cond_rec(q->p, c);
    if (!k) return;
    char text[128], d[11];
    snprintf(text, sizeof text, "When was %s diagnosed?", synth_conds[c].key);
    sday_iso(k->onset, d);
    const char *id = k->id;
    question(q, text, "condition_onset", d, k->onset, "Condition", &id, 1);
}

static void last_procedure(qctx *q, int proc)
{
    const sproc *best = NULL;
    for (size_t i = 0; i < q->p->proc.n; i++)
        if (q->p->proc.v[i].proc == proc && q->p->proc.v[i].day <= q->end) best = &q->p->proc.v[i];
    char text[128], d[11];
    snprintf(text, sizeof text, "When was the patient's last %s?", synth_procs[proc].key);
    if (!best) return question(q, text, "last_procedure", NULL, NO_DAY, NULL, NULL, 0);
    sday_iso(best->day, d);
    const char *id = best->id;
    question(q, text, "last_procedure", d, best->day, "Procedure", &id, 1);
}

static void last_vaccine(qctx *q, int vax)
{
    const svax *best = NULL;
    for (size_t i = 0; i < q->p->vax.n; i++)
        if (q->p->vax.v[i].vax == vax) best = &q->p->vax.v[i];
    char text[128], d[11];
    snprintf(text, sizeof text, "When did the patient last receive the %s?", synth_vaxes[vax].key);
    if (!best) return question(q, text, "last_immunization", NULL, NO_DAY, NULL, NULL, 0);
    sday_iso(best->day, d);
    const char *id = best->id;
    question(q, text, "last_immunization", d, best->day, "Immunization", &id, 1);
}

static void questions(qctx *q, srng *r)
{
    const spatient *p = q->p;
    latest_lab(q, O_A1C, "hemoglobin A1c");
    static const int labs[] = {O_LDL, O_EGFR, O_CREAT, O_TSH, O_BNP, O_INR, O_POTASSIUM, O_HGB, O_URATE};
    static const char *const names[] = {"LDL cholesterol", "eGFR", "creatinine", "TSH", "BNP", "INR", "potassium",
                                        "hemoglobin", "uric acid"};
    int a = srng_int(r, 0, (int)NELEM(labs) - 1), b = (a + 1 + srng_int(r, 0, (int)NELEM(labs) - 2)) % (int)NELEM(labs);
    latest_lab(q, labs[a], names[a]);
    latest_lab(q, labs[b], names[b]);
    latest_bp(q);
    current_meds(q, "Which anticoagulant is the patient currently taking?", "anticoagulant", -1);
    current_meds(q, "What is the patient taking for diabetes?", NULL, C_T2DM);
    if (srng_chance(r, 0.5)) current_meds(q, "What is the patient taking for blood pressure?", NULL, C_HTN);
    else current_meds(q, "Which statin is the patient on?", "statin", -1);
    allergies(q);
    has_condition(q, C_CKD);
    int c = srng_int(r, 0, NCHRONIC - 1);
    if (c != C_CKD) has_condition(q, c);
    for (int k = 0, asked = 0; k < NCHRONIC && !asked; k++) {
        int x = (c + k) % NCHRONIC;
        if (synth_has(p, x, q->end)) onset(q, x), asked = 1;
    }
    last_procedure(q, srng_chance(r, 0.5) ? P_COLONOSCOPY : P_ECHO);
    last_vaccine(q, srng_chance(r, 0.6) ? V_FLU : V_PCV);
    question(q, "What is the patient's blood type?", "never_recorded", NULL, NO_DAY, NULL, NULL, 0);
    if (p->death != NO_DAY) {
        const char *id = p->id;
        question(q, "Is the patient deceased?", "deceased", "yes", p->death, "Patient", &id, 1);
    } else {
        question(q, "Is the patient deceased?", "deceased", "no", NO_DAY, NULL, NULL, 0);
    }
}

static void summary(qctx *q)
{
    const spatient *p = q->p;
    ward_buf *b = q->line;
    char birth[11], death[11];
    sday_iso(p->birth, birth);
    ward_buf_reset(b);
    ward_buf_printf(b, "{\"patient\":\"%s\",\"sex\":\"%s\",\"birth_date\":\"%s\",\"deceased_date\":", p->id,
                    p->demo.female ? "female" : "male", birth);
    if (p->death != NO_DAY) {
        sday_iso(p->death, death);
        ward_buf_printf(b, "\"%s\"", death);
    } else ward_buf_puts(b, "null");
    ward_buf_printf(b, ",\"age\":%d,\"race\":\"%s\",\"ethnicity\":\"%s\",\"language\":\"%s\",\"name_origin\":\"%s\","
                    "\"conditions\":[", sday_age(p->birth, p->as_of), synth_race_name(p->demo.race),
                    p->demo.hispanic ? "Hispanic or Latino" : "Not Hispanic or Latino", p->demo.language,
                    p->demo.n.origin ? p->demo.n.origin : "");
    int n = 0;
    for (int c = 0; c < NCHRONIC; c++) {
        if (p->onset[c] == NO_DAY) continue;
        char d[11];
        sday_iso(p->onset[c], d);
        ward_buf_printf(b, "%s{\"name\":\"%s\",\"onset\":\"%s\"}", n++ ? "," : "", synth_conds[c].key, d);
    }
    int ctl = synth_htn_controlled(p);
    ward_buf_printf(b, "],\"htn_treated\":%s,\"htn_controlled\":%s,\"encounters\":%zu,\"resources\":%zu}\n",
                    ctl >= 0 ? "true" : "false", ctl < 0 ? "null" : ctl ? "true" : "false", p->enc.n,
                    1 + p->enc.n + p->cond.n + p->med.n + p->obs.n + p->proc.n + p->vax.n + p->allergy.n);
    sw_line(q->sw, "", "patients.jsonl", b->data, b->len);
}

void synth_write_truth(swriter *sw, const spatient *p, srng *r)
{
    qctx q = {.sw = sw, .p = p, .line = sw_scratch(sw, 0), .end = synth_end_day(p)};
    summary(&q);
    questions(&q, r);
}

/* ---- stats ---- */

static int band_of(int age)
{
    return age < 18 ? 0 : age < 40 ? 1 : age < 60 ? 2 : age < 80 ? 3 : 4;
}

const char *ward_synth_band_name(int band)
{
    static const char *const n[WARD_SYNTH_BANDS] = {"0-17", "18-39", "40-59", "60-79", "80+"};
    return n[band];
}

/* Documented targets, percent, both sexes, patients alive at as_of
 * (docs/synth.md has the same table and its sources; a test checks both). */
static const struct {
    const char *cond;
    float lo[WARD_SYNTH_BANDS], hi[WARD_SYNTH_BANDS];
} targets[] = {
    {"hypertension", {0, 2, 20, 45, 52}, {3, 12, 42, 72, 88}},
    {"type 2 diabetes", {0, 0.3f, 5, 12, 7}, {1, 5, 16, 30, 34}},
    {"hyperlipidemia", {0, 1, 12, 32, 36}, {1, 10, 35, 60, 68}},
    {"coronary artery disease", {0, 0, 1, 6, 12}, {0.5f, 1.5f, 8, 20, 32}},
    {"heart failure", {0, 0, 0.1f, 1.5f, 5}, {0.5f, 0.6f, 3, 9, 20}},
    {"atrial fibrillation", {0, 0, 0.1f, 2, 7}, {0.5f, 0.6f, 3, 11, 24}},
    {"chronic kidney disease", {0, 0, 0.5f, 4, 12}, {0.5f, 1.2f, 6, 18, 40}},
    {"COPD", {0, 0, 1.5f, 5, 3}, {0.5f, 2, 9, 15, 18}},
    {"asthma", {3, 5, 5, 5, 4}, {12, 14, 15, 15, 16}},
    {"obesity", {6, 22, 30, 30, 15}, {22, 40, 48, 50, 50}},
    {"depression", {0.5f, 6, 10, 10, 8}, {6, 17, 22, 24, 25}},
    {"anxiety", {1, 8, 9, 9, 8}, {9, 18, 20, 21, 22}},
    {"osteoarthritis", {0, 0.2f, 4, 18, 30}, {0.5f, 4, 15, 38, 55}},
    {"hypothyroidism", {0, 0.5f, 2.5f, 6, 8}, {1, 4, 9, 16, 24}},
    {"GERD", {0, 5, 12, 15, 14}, {5, 15, 24, 30, 32}},
    {"osteoporosis", {0, 0, 0.5f, 3, 8}, {0.5f, 1, 6, 18, 32}},
    {"gout", {0, 0, 1.5f, 3.5f, 4}, {0.5f, 2, 6, 11, 15}},
    {"stroke", {0, 0, 0.3f, 2, 4}, {0.5f, 0.6f, 3, 8, 18}},
};

int ward_synth_target(const char *condition, int band, double *lo, double *hi)
{
    for (size_t i = 0; i < NELEM(targets); i++) {
        if (strcmp(targets[i].cond, condition)) continue;
        *lo = targets[i].lo[band], *hi = targets[i].hi[band];
        return 1;
    }
    return 0;
}

int ward_synth_stats_read(const char *dir, ward_synth_stats *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    char path[4096];
    snprintf(path, sizeof path, "%s/patients.jsonl", dir);
    FILE *f = fopen(path, "r");
    if (!f) return ward_err_set(err, WARD_EINPUT, "%s: cannot open (is this a `ward synth` output directory?)", path);
    out->nprev = NCHRONIC;
    out->prev = ward_xcalloc(NCHRONIC, sizeof *out->prev);
    for (int c = 0; c < NCHRONIC; c++) out->prev[c].condition = synth_conds[c].key;
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = WARD_OK;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        const char *sex = json_string_value(json_object_get(o, "sex"));
        json_t *age = json_object_get(o, "age");
        if (!o || !sex || !json_is_integer(age)) {
            json_decref(o);
            rc = ward_err_set(err, WARD_EINPUT, "%s: line %ld: not a patient summary", path, lineno);
            break;
        }
        out->patients++;
        if (!json_is_null(json_object_get(o, "deceased_date"))) {
            out->deceased++;
            json_decref(o);
            continue;
        }
        int s = strcmp(sex, "female") ? 1 : 0, band = band_of((int)json_integer_value(age));
        out->alive[s][band]++;
        json_t *conds = json_object_get(o, "conditions"), *c;
        size_t i;
        json_array_foreach(conds, i, c) {
            const char *name = json_string_value(json_object_get(c, "name"));
            for (int k = 0; name && k < NCHRONIC; k++)
                if (!strcmp(name, synth_conds[k].key)) out->prev[k].cases[s][band]++;
        }
        json_t *t = json_object_get(o, "htn_controlled");
        if (json_is_boolean(t)) {
            out->htn_treated++;
            out->htn_controlled += json_is_true(t);
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    if (rc) ward_synth_stats_free(out);
    return rc;
}

void ward_synth_stats_free(ward_synth_stats *s)
{
    free(s->prev);
    memset(s, 0, sizeof *s);
}
