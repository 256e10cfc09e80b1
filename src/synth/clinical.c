/* clinical.c — one synthetic patient's life: who they are, which
 * conditions they get and when, the encounters of their record window, and
 * at each encounter the measurements and the treatment decisions.
 *
 * The ideas:
 * - Onset: each chronic condition has a curve of the share of people
 *   diagnosed by each age (catalog.c). The patient draws one uniform number
 *   per condition and gets the condition at the first age where the curve,
 *   scaled by sex and by the risk factors already present, passes it. So
 *   cohort prevalence follows the curves, and comorbidity links (diabetes
 *   raises CKD) come out as correlations.
 * - Physiology is latent: a baseline per patient (untreated blood pressure,
 *   A1c, LDL, eGFR slope...) from which each measurement is computed on its
 *   day, minus the effect of the drugs active that day times the patient's
 *   adherence, plus noise. Treatment therefore works, and works less in
 *   patients who take it less.
 * - Decisions follow guideline-like steps at each visit: start first-line
 *   therapy at diagnosis, titrate or add a drug when a measurement is above
 *   goal (with some clinical inertia), stop what the kidneys no longer
 *   allow. Treated hypertension ends up controlled in a realistic share,
 *   not always and not never.
 */
#include "synth_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR 365.25

typedef struct sim {
    spatient *p;
    srng *r;
    const ward_synth_params *prm;
    int end;              /* last day of the record: death or as_of */
    int bleed_day;        /* GI bleed on anticoagulation, or NO_DAY */
    int tsh_need;         /* levothyroxine step that normalizes TSH */
    int htn_black_first;  /* thiazide/CCB first (guideline for Black patients) */
    int recorded[NCHRONIC];
    double ckd_onset_egfr, ckd_slope;
} sim;

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int synth_end_day(const spatient *p)
{
    return p->death != NO_DAY ? p->death : p->as_of;
}

int synth_age_at_end(const spatient *p)
{
    return sday_age(p->birth, synth_end_day(p));
}

int synth_has(const spatient *p, int cond, int day)
{
    return cond < NCHRONIC && p->onset[cond] != NO_DAY && p->onset[cond] <= day;
}

const scond *synth_cond_rec(const spatient *p, int cond)
{
    for (size_t i = 0; i < p->cond.n; i++)
        if (p->cond.v[i].cond == cond) return &p->cond.v[i];
    return NULL;
}

int synth_med_active(const smed *m, int day)
{
    return m->start <= day && (m->end == NO_DAY || day < m->end);
}

const sobs *synth_latest_obs(const spatient *p, int obs, int day)
{
    const sobs *best = NULL;
    for (size_t i = 0; i < p->obs.n; i++) {
        const sobs *o = &p->obs.v[i];
        if (o->obs == obs && o->day <= day) best = o;  /* obs are in day order */
    }
    return best;
}

/* ---- onset and death ---- */

static double curve_at(const cond_def *c, double age)
{
    if (age <= 0) return 0;
    if (age >= 100) return c->curve[10];
    int i = (int)(age / 10);
    double f = (age - i * 10) / 10;
    return c->curve[i] + (c->curve[i + 1] - c->curve[i]) * f;
}

/* Smoking multiplies COPD and CAD risk; the norms keep the average at 1. */
static double smoke_rr(int cond, int smoker)
{
    static const double copd[3] = {0.3, 2.4, 3.6}, cad[3] = {0.85, 1.2, 1.5};
    if (cond == C_COPD) return copd[smoker];
    if (cond == C_CAD) return cad[smoker];
    return 1;
}

/* Expected risk multiplier in the population, so curves stay the marginal. */
static double risk_norm(int c)
{
    const cond_def *d = &synth_conds[c];
    double n = 1;
    for (int k = 0; k < 4 && d->risk[k].rr > 0; k++)
        n += curve_at(&synth_conds[d->risk[k].cond], 60) / 100.0 * (d->risk[k].rr - 1);
    return n;
}

static void draw_onsets(sim *s, int age_end)
{
    spatient *p = s->p;
    for (int c = 0; c < NCHRONIC; c++) {
        const cond_def *d = &synth_conds[c];
        double u = srng_u01(s->r);
        double sexf = p->demo.female ? 2.0 / (1 + d->male_rr) : 2.0 * d->male_rr / (1 + d->male_rr);
        double norm = risk_norm(c);
        p->onset[c] = NO_DAY;
        for (int a = 1; a <= age_end; a++) {
            double rr = smoke_rr(c, a >= 18 ? p->smoker : 0);
            int day = p->birth + (int)(a * YEAR);
            for (int k = 0; k < 4 && d->risk[k].rr > 0; k++) {
                int f = p->onset[d->risk[k].cond];
                if (f != NO_DAY && f + (int)(d->risk[k].lag_years * YEAR) <= day) rr *= d->risk[k].rr;
            }
            if (u < curve_at(d, a) / 100.0 * sexf * rr / norm) {
                p->onset[c] = p->birth + (int)((a - 1) * YEAR) + srng_int(s->r, 0, 364);
                break;
            }
        }
    }
}

static void draw_death(sim *s, int age_end)
{
    spatient *p = s->p;
    p->death = NO_DAY;
    int first = age_end - s->prm->record_years;
    if (first < 0) first = 0;
    for (int a = first; a < age_end; a++) {
        int day = p->birth + (int)(a * YEAR);
        double q = 0.00003 * exp(0.095 * a);
        if (a < 1) q = 0.004;
        for (int c = 0; c < NCHRONIC; c++)
            if (p->onset[c] != NO_DAY && p->onset[c] <= day) q *= synth_conds[c].death_rr;
        if (q > 0.6) q = 0.6;
        if (srng_chance(s->r, q)) {
            int d = day + srng_int(s->r, 0, 364);
            if (d >= p->as_of) d = p->as_of - 1;
            if (d < p->window + 30) d = p->window + 30;
            if (d <= p->birth) d = p->birth + 1;
            if (d < p->as_of) p->death = d;
            break;
        }
    }
}

/* ---- ids and record pushes ---- */

static senc *add_enc(sim *s, int day, int kind, int reason, int staff)
{
    senc *e = SVEC_PUSH(s->p->enc);
    e->day = day, e->end_day = day, e->kind = kind, e->reason = reason, e->staff = staff;
    return e;
}

static int enc_cmp(const void *a, const void *b)
{
    const senc *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return x->kind - y->kind;
}

static void add_obs(sim *s, int enc, int obs, double v)
{
    sobs *o = SVEC_PUSH(s->p->obs);
    o->obs = obs, o->enc = enc, o->day = s->p->enc.v[enc].day;
    double scale = pow(10, synth_obs[obs].decimals);
    o->v = round(v * scale) / scale;
    srng_uuid(&s->p->ids, o->id);
}

static int med_active_idx(const spatient *p, int drug, int day)
{
    for (size_t i = p->med.n; i-- > 0;)
        if (p->med.v[i].drug == drug && synth_med_active(&p->med.v[i], day)) return (int)i;
    return -1;
}

static int on_class(const spatient *p, const char *cls, int day)
{
    for (size_t i = 0; i < p->med.n; i++)
        if (synth_med_active(&p->med.v[i], day) && !strcmp(synth_drug_class(&synth_drugs[p->med.v[i].drug]), cls)) return 1;
    return 0;
}

static void med_start(sim *s, int enc, int drug, int step, int reason, int duration)
{
    const senc *e = &s->p->enc.v[enc];
    if (med_active_idx(s->p, drug, e->day) >= 0) return;
    smed *m = SVEC_PUSH(s->p->med);
    m->drug = drug, m->step = step, m->start = e->day, m->enc = enc, m->reason = reason;
    m->duration = duration;
    m->end = duration ? e->day + duration : NO_DAY;
    srng_uuid(&s->p->ids, m->id);
}

static void med_stop(sim *s, int idx, int day)
{
    s->p->med.v[idx].end = day;
}

/* Moves a drug to another dose step: the old order stops, a new one starts. */
static void med_step(sim *s, int enc, int idx, int step)
{
    smed old = s->p->med.v[idx];
    if (old.start == s->p->enc.v[enc].day) {  /* changed the day it started: one order */
        s->p->med.v[idx].step = step;
        return;
    }
    med_stop(s, idx, s->p->enc.v[enc].day);
    med_start(s, enc, old.drug, step, old.reason, 0);
}

/* Raises a drug one step if it can; 1 when done. */
static int titrate_up(sim *s, int enc, int drug)
{
    int i = med_active_idx(s->p, drug, s->p->enc.v[enc].day);
    if (i < 0 || s->p->med.v[i].step + 1 >= synth_drugs[drug].nsteps) return 0;
    med_step(s, enc, i, s->p->med.v[i].step + 1);
    return 1;
}

static int allergic(const spatient *p, int allergen)
{
    for (size_t i = 0; i < p->allergy.n; i++)
        if (p->allergy.v[i].allergen == allergen) return 1;
    return 0;
}

/* ---- physiology: a measurement on a day ---- */

static double drug_effect(const spatient *p, int day, int drug, const float *by_step)
{
    int i = med_active_idx(p, drug, day);
    return i < 0 ? 0 : by_step[p->med.v[i].step] * p->adherence;
}

static double egfr_at(const sim *s, int day)
{
    const spatient *p = s->p;
    double age = (day - p->birth) / YEAR;
    double base = p->egfr0 - 0.8 * (age > 30 ? age - 30 : 0);
    if (base < 62 && !synth_has(p, C_CKD, day)) base = 62 + (p->egfr0 - 100) * 0.1;
    if (!synth_has(p, C_CKD, day)) return clampd(base, 60, 135);
    double years = (day - p->onset[C_CKD]) / YEAR;
    double slope = s->ckd_slope;
    if (on_class(p, "ACE inhibitor", day) || on_class(p, "ARB", day)) slope *= 0.7;
    if (on_class(p, "SGLT2 inhibitor", day)) slope *= 0.7;
    return clampd(s->ckd_onset_egfr - slope * years, 8, 59);
}

static double creat_from_egfr(const spatient *p, int day, double egfr)
{
    /* CKD-EPI 2021 solved for serum creatinine. */
    double age = (day - p->birth) / YEAR;
    double kappa = p->demo.female ? 0.7 : 0.9, alpha = p->demo.female ? -0.241 : -0.302;
    double r = egfr / (142 * pow(0.9938, age) * (p->demo.female ? 1.012 : 1));
    return r <= 1 ? kappa * pow(r, -1 / 1.2) : kappa * pow(r, 1 / alpha);
}

static double sbp_at(const sim *s, int day, double *dbp)
{
    const spatient *p = s->p;
    static const float ace[] = {6, 8, 10}, arb[] = {5, 7, 9}, ccb[] = {7, 10}, thz[] = {6, 8},
                       bb[] = {3, 4, 5, 6}, carv[] = {3, 4, 5, 6}, dil[] = {4, 5, 6}, loop[] = {2, 3, 4},
                       mra[] = {5, 7};
    double sbp = p->sbp0, d = p->dbp0;
    if (synth_has(p, C_HTN, day) || p->onset[C_HTN] == NO_DAY) {
        double fx = drug_effect(p, day, D_LISINOPRIL, ace) + drug_effect(p, day, D_LOSARTAN, arb) +
                    drug_effect(p, day, D_AMLODIPINE, ccb) + drug_effect(p, day, D_HCTZ, thz) +
                    drug_effect(p, day, D_CHLORTHALIDONE, thz) + drug_effect(p, day, D_METOPROLOL, bb) +
                    drug_effect(p, day, D_CARVEDILOL, carv) + drug_effect(p, day, D_DILTIAZEM, dil) +
                    drug_effect(p, day, D_FUROSEMIDE, loop) + drug_effect(p, day, D_SPIRONOLACTONE, mra);
        sbp -= fx, d -= fx * 0.55;
    } else {  /* before the diagnosis: rising toward it */
        double years = (p->onset[C_HTN] - day) / YEAR;
        sbp -= clampd(years * 2.5, 0, 20), d -= clampd(years * 1.2, 0, 10);
    }
    *dbp = d;
    return sbp;
}

static double a1c_at(const sim *s, int day)
{
    const spatient *p = s->p;
    if (!synth_has(p, C_T2DM, day)) {
        if (p->onset[C_T2DM] != NO_DAY && p->onset[C_T2DM] - day < 5 * YEAR) return 6.0 + (p->a1c0 > 9 ? 0.3 : 0.1);
        return p->a1c0 < 7 ? p->a1c0 : 5.4;
    }
    static const float met[] = {0.8f, 1.2f}, sglt[] = {0.6f, 0.7f}, su[] = {0.6f, 0.9f, 1.1f},
                       glp[] = {0.5f, 0.9f, 1.2f, 1.4f}, ins[] = {0.8f, 1.0f, 1.3f, 1.6f, 1.9f, 2.2f, 2.5f, 2.8f};
    double years = (day - p->onset[C_T2DM]) / YEAR;
    double v = p->a1c0 + 0.08 * years - drug_effect(p, day, D_METFORMIN, met) -
               drug_effect(p, day, D_EMPAGLIFLOZIN, sglt) - drug_effect(p, day, D_GLIPIZIDE, su) -
               drug_effect(p, day, D_SEMAGLUTIDE, glp) - drug_effect(p, day, D_GLARGINE, ins);
    return v < 5.6 ? 5.6 : v;
}

static double ldl_at(const sim *s, int day)
{
    static const float atorva[] = {0.37f, 0.43f, 0.49f, 0.53f}, rosuva[] = {0.40f, 0.46f, 0.52f, 0.58f};
    double red = drug_effect(s->p, day, D_ATORVASTATIN, atorva) + drug_effect(s->p, day, D_ROSUVASTATIN, rosuva);
    double base = synth_has(s->p, C_HLD, day) || s->p->onset[C_HLD] == NO_DAY ? s->p->ldl0 : s->p->ldl0 * 0.85;
    return base * (1 - red);
}

static double bnp_at(const sim *s, int day, int exacerbation)
{
    const spatient *p = s->p;
    if (!synth_has(p, C_HF, day)) return p->bnp0;
    double v = p->bnp0;
    if (on_class(p, "loop diuretic", day)) v *= 1 - 0.2 * p->adherence;
    if (on_class(p, "beta blocker", day)) v *= 1 - 0.25 * p->adherence;
    if (on_class(p, "ACE inhibitor", day) || on_class(p, "ARB", day)) v *= 1 - 0.2 * p->adherence;
    if (on_class(p, "mineralocorticoid antagonist", day)) v *= 1 - 0.15 * p->adherence;
    if (on_class(p, "SGLT2 inhibitor", day)) v *= 1 - 0.15 * p->adherence;
    return exacerbation ? v * 2.8 : v;
}

static double tsh_at(const sim *s, int day)
{
    const spatient *p = s->p;
    if (!synth_has(p, C_HYPOTHYROID, day)) return p->tsh0 < 4.5 ? p->tsh0 : 2.0;
    int i = med_active_idx(p, D_LEVOTHYROXINE, day);
    if (i < 0 || p->adherence < 0.3) return p->tsh0;
    int st = p->med.v[i].step;
    if (st < s->tsh_need) return 4.6 + (s->tsh_need - st) * 2.2;
    if (st == s->tsh_need) return clampd(2.0 + (1 - p->adherence) * 4, 0.6, 6.5);
    return 0.25;
}

static double score_at(const sim *s, int day, int cond, double base, const int *drugs, int nd)
{
    const spatient *p = s->p;
    if (!synth_has(p, cond, day)) return base < 5 ? base : 2;
    double v = base;
    for (int k = 0; k < nd; k++) {
        int i = med_active_idx(p, drugs[k], day);
        if (i >= 0) v -= (4 + 2.5 * p->med.v[i].step) * p->adherence;
    }
    double years = (day - p->onset[cond]) / YEAR;
    v -= years > 1 ? 2 : 0;  /* time and therapy help */
    return v < 1 ? 1 : v;
}

/* ---- treatment ---- */

static int cha2ds2vasc(const spatient *p, int day)
{
    int age = sday_age(p->birth, day), s = 0;
    s += synth_has(p, C_HF, day) + synth_has(p, C_HTN, day) + synth_has(p, C_T2DM, day);
    s += 2 * synth_has(p, C_STROKE, day) + synth_has(p, C_CAD, day);
    s += age >= 75 ? 2 : age >= 65 ? 1 : 0;
    s += p->demo.female;
    return s;
}

static int anticoagulated(const spatient *p, int day)
{
    return on_class(p, "anticoagulant", day);
}

static void maybe_anticoagulate(sim *s, int enc)
{
    spatient *p = s->p;
    int day = p->enc.v[enc].day;
    if (!synth_has(p, C_AF, day) || anticoagulated(p, day) || p->no_anticoag) return;
    if (s->bleed_day != NO_DAY && s->bleed_day <= day) return;
    if (cha2ds2vasc(p, day) < (p->demo.female ? 3 : 2)) return;
    double egfr = egfr_at(s, day);
    int age = sday_age(p->birth, day);
    double u = srng_u01(s->r);
    if (u < 0.6 && egfr >= 25) {
        double w = p->bmi0 * p->height * p->height / 10000.0;
        int crit = (age >= 80) + (w <= 60) + (creat_from_egfr(p, day, egfr) >= 1.5);
        med_start(s, enc, D_APIXABAN, crit >= 2 ? 1 : 0, C_AF, 0);
    } else if (u < 0.8 && egfr >= 30) {
        med_start(s, enc, D_RIVAROXABAN, egfr <= 50 ? 1 : 0, C_AF, 0);
    } else {
        med_start(s, enc, D_WARFARIN, age >= 75 ? 1 : 0, C_AF, 0);
    }
    int asp = med_active_idx(p, D_ASPIRIN, day);
    if (asp >= 0 && !synth_has(p, C_CAD, day)) med_stop(s, asp, day);
}

static int ace_or_arb(const sim *s)
{
    return allergic(s->p, A_LISINOPRIL) ? D_LOSARTAN : D_LISINOPRIL;
}

/* One step of the hypertension ladder: titrate the first drug not at its
 * maximum, else add the next. Returns 0 when the ladder is exhausted. */
static int htn_step(sim *s, int enc)
{
    spatient *p = s->p;
    int day = p->enc.v[enc].day;
    int ras = ace_or_arb(s);
    if (med_active_idx(p, D_LISINOPRIL, day) >= 0) ras = D_LISINOPRIL;
    if (med_active_idx(p, D_LOSARTAN, day) >= 0) ras = D_LOSARTAN;
    int thz = egfr_at(s, day) < 30 ? -1 : (p->demo.race == RACE_BLACK ? D_CHLORTHALIDONE : D_HCTZ);
    int ladder[4] = {ras, D_AMLODIPINE, thz, -1};
    if (s->htn_black_first && !synth_has(p, C_T2DM, day) && !synth_has(p, C_CKD, day))
        ladder[0] = D_AMLODIPINE, ladder[1] = thz, ladder[2] = ras;
    for (int k = 0; k < 3; k++) {
        int d = ladder[k];
        if (d < 0) continue;
        if (med_active_idx(p, d, day) < 0) {
            med_start(s, enc, d, 0, C_HTN, 0);
            return 1;
        }
        if (titrate_up(s, enc, d)) return 1;
    }
    if (med_active_idx(p, D_SPIRONOLACTONE, day) < 0 && egfr_at(s, day) >= 45) {
        med_start(s, enc, D_SPIRONOLACTONE, 1, C_HTN, 0);
        return 1;
    }
    return 0;
}

static void statin_start(sim *s, int enc, int reason, int high)
{
    int day = s->p->enc.v[enc].day;
    if (on_class(s->p, "statin", day)) return;
    if (srng_chance(s->r, 0.75)) med_start(s, enc, D_ATORVASTATIN, high ? 2 + srng_int(s->r, 0, 1) : 1, reason, 0);
    else med_start(s, enc, D_ROSUVASTATIN, high ? 2 : 1, reason, 0);
}

static void dm_step(sim *s, int enc)
{
    spatient *p = s->p;
    int day = p->enc.v[enc].day;
    double egfr = egfr_at(s, day);
    int met = med_active_idx(p, D_METFORMIN, day);
    if (met < 0 && egfr >= 45 && !on_class(p, "SGLT2 inhibitor", day) && !on_class(p, "basal insulin", day)) {
        med_start(s, enc, D_METFORMIN, 0, C_T2DM, 0);
        return;
    }
    if (met >= 0 && p->med.v[met].step == 0 && egfr >= 45) {
        titrate_up(s, enc, D_METFORMIN);
        return;
    }
    int second = synth_has(p, C_HF, day) || synth_has(p, C_CKD, day) || synth_has(p, C_CAD, day)
                     ? D_EMPAGLIFLOZIN
                     : (p->index % 2 ? D_SEMAGLUTIDE : D_GLIPIZIDE);
    if (second == D_EMPAGLIFLOZIN && egfr < 20) second = D_SEMAGLUTIDE;
    if (med_active_idx(p, second, day) < 0 && !on_class(p, "basal insulin", day)) {
        med_start(s, enc, second, 0, C_T2DM, 0);
        return;
    }
    if (titrate_up(s, enc, second)) return;
    if (med_active_idx(p, D_GLARGINE, day) < 0) med_start(s, enc, D_GLARGINE, 0, C_T2DM, 0);
    else titrate_up(s, enc, D_GLARGINE);
}

/* What the kidneys no longer allow. */
static void renal_adjust(sim *s, int enc, double egfr)
{
    spatient *p = s->p;
    int day = p->enc.v[enc].day;
    int i = med_active_idx(p, D_METFORMIN, day);
    if (i >= 0 && egfr < 30) med_stop(s, i, day);
    else if (i >= 0 && egfr < 45 && p->med.v[i].step > 0) med_step(s, enc, i, 0);
    if ((i = med_active_idx(p, D_MELOXICAM, day)) >= 0 && egfr < 60) med_stop(s, i, day);
    if ((i = med_active_idx(p, D_ALENDRONATE, day)) >= 0 && egfr < 35) med_stop(s, i, day);
    if ((i = med_active_idx(p, D_SPIRONOLACTONE, day)) >= 0 && egfr < 30) med_stop(s, i, day);
    if ((i = med_active_idx(p, D_RIVAROXABAN, day)) >= 0 && egfr <= 50 && p->med.v[i].step == 0)
        med_step(s, enc, i, 1);
}

static void start_treatment(sim *s, int enc, int c)
{
    spatient *p = s->p;
    int day = p->enc.v[enc].day, age = sday_age(p->birth, day);
    srng *r = s->r;
    switch (c) {
    case C_HTN:
        if (age >= 18 && srng_chance(r, 0.9)) htn_step(s, enc);
        break;
    case C_T2DM:
        if (srng_chance(r, 0.92)) dm_step(s, enc);
        if (p->a1c0 > 9.5) dm_step(s, enc);
        if (age >= 40 && age <= 75) statin_start(s, enc, C_T2DM, 0);
        break;
    case C_HLD:
        if (srng_chance(r, 0.85)) statin_start(s, enc, C_HLD, synth_has(p, C_CAD, day));
        break;
    case C_CKD:
        if (synth_has(p, C_HTN, day) && med_active_idx(p, D_LISINOPRIL, day) < 0 &&
            med_active_idx(p, D_LOSARTAN, day) < 0)
            med_start(s, enc, ace_or_arb(s), 0, C_CKD, 0);
        if (srng_chance(r, 0.5) && egfr_at(s, day) >= 20) med_start(s, enc, D_EMPAGLIFLOZIN, 0, C_CKD, 0);
        break;
    case C_CAD:
        if (!anticoagulated(p, day)) med_start(s, enc, D_ASPIRIN, 0, C_CAD, 0);
        statin_start(s, enc, C_CAD, 1);
        if (!on_class(p, "beta blocker", day)) med_start(s, enc, D_METOPROLOL, 0, C_CAD, 0);
        break;
    case C_AF:
        if (!on_class(p, "beta blocker", day)) {
            if (!synth_has(p, C_HF, day) && srng_chance(r, 0.3)) med_start(s, enc, D_DILTIAZEM, 0, C_AF, 0);
            else med_start(s, enc, D_METOPROLOL, 1, C_AF, 0);
        }
        if (srng_chance(r, 0.07)) p->no_anticoag = 1;  /* falls, patient declines */
        maybe_anticoagulate(s, enc);
        break;
    case C_HF: {
        med_start(s, enc, D_FUROSEMIDE, srng_int(r, 0, 1), C_HF, 0);
        int bb = med_active_idx(p, D_METOPROLOL, day);
        if (bb < 0) med_start(s, enc, D_CARVEDILOL, 0, C_HF, 0);
        if (med_active_idx(p, D_LISINOPRIL, day) < 0 && med_active_idx(p, D_LOSARTAN, day) < 0)
            med_start(s, enc, ace_or_arb(s), 0, C_HF, 0);
        if (egfr_at(s, day) >= 30 && srng_chance(r, 0.6)) med_start(s, enc, D_SPIRONOLACTONE, 0, C_HF, 0);
        if (egfr_at(s, day) >= 20 && srng_chance(r, 0.6)) med_start(s, enc, D_EMPAGLIFLOZIN, 0, C_HF, 0);
        break;
    }
    case C_STROKE:
        if (!anticoagulated(p, day)) med_start(s, enc, srng_chance(r, 0.6) ? D_ASPIRIN : D_CLOPIDOGREL, 0, C_STROKE, 0);
        statin_start(s, enc, C_STROKE, 1);
        break;
    case C_COPD:
        med_start(s, enc, D_ALBUTEROL, 0, C_COPD, 0);
        if (srng_chance(r, 0.7)) med_start(s, enc, D_TIOTROPIUM, 0, C_COPD, 0);
        break;
    case C_ASTHMA:
        if (age < 2) break;
        med_start(s, enc, D_ALBUTEROL, 0, C_ASTHMA, 0);
        if (srng_chance(r, 0.5)) med_start(s, enc, D_FLUTICASONE, age < 12 ? 0 : srng_int(r, 0, 1), C_ASTHMA, 0);
        if (age >= 6 && srng_chance(r, 0.2)) med_start(s, enc, D_MONTELUKAST, age < 15 ? 1 : 0, C_ASTHMA, 0);
        break;
    case C_DEPRESSION:
    case C_ANXIETY: {
        if (age < 12 || srng_chance(r, 0.25)) break;  /* therapy only */
        if (on_class(p, "SSRI", day)) break;
        double u = srng_u01(r);
        if (c == C_ANXIETY && u < 0.25) med_start(s, enc, D_BUSPIRONE, 0, c, 0);
        else if (c == C_DEPRESSION && u < 0.15) med_start(s, enc, D_BUPROPION, 0, c, 0);
        else if (u < 0.6) med_start(s, enc, D_SERTRALINE, age < 18 ? 0 : 1, c, 0);
        else med_start(s, enc, D_ESCITALOPRAM, 1, c, 0);
        if (c == C_ANXIETY && age >= 18 && srng_chance(r, 0.3)) med_start(s, enc, D_HYDROXYZINE, 0, c, 0);
        break;
    }
    case C_OA:
        med_start(s, enc, D_ACETAMINOPHEN, 0, C_OA, 0);
        if (age < 75 && egfr_at(s, day) >= 60 && !anticoagulated(p, day) && srng_chance(r, 0.4))
            med_start(s, enc, D_MELOXICAM, 0, C_OA, 0);
        break;
    case C_HYPOTHYROID:
        med_start(s, enc, D_LEVOTHYROXINE, age >= 65 || synth_has(p, C_CAD, day) ? 0 : 1, C_HYPOTHYROID, 0);
        break;
    case C_GERD:
        if (srng_chance(r, 0.8))
            med_start(s, enc, srng_chance(r, 0.7) ? D_OMEPRAZOLE : D_PANTOPRAZOLE, 0, C_GERD, 0);
        break;
    case C_OSTEOPOROSIS:
        if (egfr_at(s, day) >= 35 && srng_chance(r, 0.75)) med_start(s, enc, D_ALENDRONATE, 0, C_OSTEOPOROSIS, 0);
        break;
    case C_GOUT:
        if (srng_chance(r, 0.8)) med_start(s, enc, D_ALLOPURINOL, 0, C_GOUT, 0);
        break;
    default:
        break;
    }
}

/* Titration at a visit, from what was measured at it. */
static void adjust(sim *s, int enc, const double *m, const int *has)
{
    spatient *p = s->p;
    int day = p->enc.v[enc].day, age = sday_age(p->birth, day);
    srng *r = s->r;
    double go = 0.7;  /* clinical inertia: a third of uncontrolled visits change nothing */
    if (has[O_EGFR]) renal_adjust(s, enc, m[O_EGFR]);
    if (synth_has(p, C_HTN, day) && has[O_SBP] && age >= 18) {
        int tight = synth_has(p, C_T2DM, day) || synth_has(p, C_CKD, day) || synth_has(p, C_CAD, day);
        int hi = tight ? (m[O_SBP] >= 130 || m[O_DBP] >= 80) : (m[O_SBP] >= 140 || m[O_DBP] >= 90);
        if (hi && srng_chance(r, go - 0.2)) htn_step(s, enc);
    }
    if (synth_has(p, C_T2DM, day) && has[O_A1C]) {
        double goal = age >= 75 ? 8.0 : 7.0;
        if (m[O_A1C] >= goal && srng_chance(r, go)) dm_step(s, enc);
    }
    if (has[O_LDL] && on_class(p, "statin", day)) {
        double goal = synth_has(p, C_CAD, day) || synth_has(p, C_STROKE, day) ? 70 : 100;
        if (m[O_LDL] >= goal && srng_chance(r, 0.6)) {
            if (!titrate_up(s, enc, D_ATORVASTATIN)) titrate_up(s, enc, D_ROSUVASTATIN);
        }
    }
    if (has[O_TSH] && m[O_TSH] > 4.5) titrate_up(s, enc, D_LEVOTHYROXINE);
    if (has[O_TSH] && m[O_TSH] < 0.4) {
        int i = med_active_idx(p, D_LEVOTHYROXINE, day);
        if (i >= 0 && p->med.v[i].step > 0) med_step(s, enc, i, p->med.v[i].step - 1);
    }
    if (has[O_PHQ9] && m[O_PHQ9] >= 10 && srng_chance(r, go)) {
        if (!titrate_up(s, enc, D_SERTRALINE) && !titrate_up(s, enc, D_ESCITALOPRAM)) titrate_up(s, enc, D_BUPROPION);
    }
    if (has[O_GAD7] && m[O_GAD7] >= 10 && srng_chance(r, 0.5)) titrate_up(s, enc, D_BUSPIRONE);
    if (has[O_URATE] && m[O_URATE] >= 6 && srng_chance(r, go)) titrate_up(s, enc, D_ALLOPURINOL);
    if (synth_has(p, C_HF, day) && srng_chance(r, 0.4)) titrate_up(s, enc, D_CARVEDILOL);
    maybe_anticoagulate(s, enc);
}

/* ---- measurements at an encounter ---- */

static int due(const spatient *p, int obs, int day, int every)
{
    const sobs *o = synth_latest_obs(p, obs, day);
    return !o || day - o->day >= every;
}

static void measure(sim *s, int enc, double *m, int *has)
{
    spatient *p = s->p;
    senc *e = &p->enc.v[enc];
    int day = e->day, age = sday_age(p->birth, day);
    srng *r = s->r;
    memset(has, 0, sizeof(int) * NOBS);
#define PUT(o, v) (m[o] = (v), has[o] = 1, add_obs(s, enc, o, m[o]))
    int acute_fever = e->reason == C_PNEUMONIA || e->reason == C_CELLULITIS || e->reason == C_UTI;
    int wellish = e->kind == E_WELLNESS;
    /* vitals */
    if (age >= 3) {
        double dbp, sbp = sbp_at(s, day, &dbp);
        double noise = srng_normal(r, 0, 7);
        PUT(O_SBP, clampd(sbp + noise, 85, 210));
        PUT(O_DBP, clampd(dbp + noise * 0.5 + srng_normal(r, 0, 3), 45, 125));
    }
    double hr = p->hr0 + (synth_has(p, C_AF, day) ? srng_normal(r, 8, 10) : 0) - (on_class(p, "beta blocker", day) ? 8 : 0);
    if (age < 12) hr += 25;
    PUT(O_HR, clampd(hr + srng_normal(r, 0, 5) + (acute_fever ? 12 : 0), 45, 150));
    int sick = e->kind == E_ACUTE || e->kind == E_ED || e->kind == E_INPATIENT;
    if (sick || wellish) {
        PUT(O_RR, clampd(16 + srng_normal(r, 0, 1.5) + (e->reason == C_PNEUMONIA || e->reason == C_HF_EXAC || e->reason == C_COPD_EXAC ? 6 : 0), 10, 32));
        PUT(O_TEMP, acute_fever && srng_chance(r, 0.7) ? 38.0 + srng_u01(r) * 1.3 : 36.6 + srng_normal(r, 0, 0.25));
    }
    double spo2 = 98 + srng_normal(r, 0, 0.8) - (synth_has(p, C_COPD, day) ? 4 : 0) -
                  (e->reason == C_PNEUMONIA || e->reason == C_HF_EXAC || e->reason == C_COPD_EXAC ? 5 : 0);
    if (sick || synth_has(p, C_COPD, day) || synth_has(p, C_HF, day)) PUT(O_SPO2, clampd(spo2, 82, 100));
    double h = age >= 18 ? p->height : clampd(52 + age * (age < 2 ? 22 : 6.2), 45, p->height);
    double bmi = age >= 18 ? p->bmi0 + srng_normal(r, 0, 0.4) : clampd(p->bmi0 - (18 - age) * 0.25, 13, 40);
    if (on_class(p, "GLP-1 receptor agonist", day)) bmi -= 2.5 * p->adherence;
    if (synth_has(p, C_OBESITY, day) && age >= 18 && bmi < 30) bmi = 30.2 + srng_u01(r);
    if (!synth_has(p, C_OBESITY, day) && bmi >= 30) bmi = 29.0 + srng_u01(r) * 0.8;
    if (age >= 2 && (wellish || age < 18 || e->kind == E_FOLLOWUP || e->kind == E_INPATIENT)) {
        if (wellish || age < 18 || !synth_latest_obs(p, O_HEIGHT, day)) PUT(O_HEIGHT, h);
        PUT(O_WEIGHT, bmi * h * h / 10000.0);
        PUT(O_BMI, bmi);
    }
    /* labs */
    int adult = age >= 18;
    int dm = synth_has(p, C_T2DM, day), ckd = synth_has(p, C_CKD, day), hf = synth_has(p, C_HF, day);
    int inpatient = e->kind == E_INPATIENT || e->kind == E_ED;
    double egfr = egfr_at(s, day) + srng_normal(r, 0, 3);
    if ((dm && due(p, O_A1C, day, 80)) ||
        (adult && age >= 35 && wellish && !dm && due(p, O_A1C, day, 3 * 365) && p->bmi0 >= 25)) {
        PUT(O_A1C, clampd(a1c_at(s, day) + srng_normal(r, 0, 0.25), 4.3, 14));
        PUT(O_GLUCOSE, clampd(28.7 * m[O_A1C] - 46.7 + srng_normal(r, 0, 15), 60, 450));
    }
    int bmp = inpatient || (adult && wellish && age >= 40) || (ckd && due(p, O_CREAT, day, 80)) ||
              ((dm || hf || synth_has(p, C_HTN, day)) && due(p, O_CREAT, day, 330));
    if (bmp && adult) {
        egfr = clampd(egfr, 5, 140);
        PUT(O_CREAT, creat_from_egfr(p, day, egfr));
        PUT(O_EGFR, egfr);
        double k = 4.2 + srng_normal(r, 0, 0.3) + (egfr < 45 ? 0.4 : 0) +
                   (on_class(p, "ACE inhibitor", day) || on_class(p, "ARB", day) ? 0.15 : 0) +
                   (on_class(p, "mineralocorticoid antagonist", day) ? 0.25 : 0) - (on_class(p, "loop diuretic", day) ? 0.3 : 0);
        PUT(O_POTASSIUM, clampd(k, 2.9, 6.2));
        PUT(O_SODIUM, clampd(139 + srng_normal(r, 0, 2), 126, 149));
        if (!has[O_GLUCOSE]) PUT(O_GLUCOSE, clampd((dm ? 28.7 * a1c_at(s, day) - 46.7 : 92) + srng_normal(r, 0, 12), 60, 400));
    }
    int lipid_due = (on_class(p, "statin", day) || synth_has(p, C_HLD, day)) ? due(p, O_LDL, day, 300) : due(p, O_LDL, day, 4 * 365);
    if (adult && age >= 20 && (wellish || synth_has(p, C_HLD, day)) && lipid_due) {
        double hdl = clampd((p->demo.female ? 58 : 47) + srng_normal(r, 0, 9) - (p->bmi0 > 30 ? 5 : 0), 22, 110);
        double tg = clampd(120 + srng_normal(r, 0, 45) + (dm ? 40 : 0) + (p->bmi0 > 30 ? 30 : 0), 40, 600);
        double ldl = clampd(ldl_at(s, day) + srng_normal(r, 0, 8), 25, 300);
        PUT(O_LDL, ldl);
        PUT(O_HDL, hdl);
        PUT(O_TRIG, tg);
        PUT(O_TCHOL, ldl + hdl + tg / 5);
    }
    if (hf && (inpatient || due(p, O_BNP, day, 250) || e->reason == C_HF))
        PUT(O_BNP, clampd(bnp_at(s, day, e->reason == C_HF_EXAC) * (1 + srng_normal(r, 0, 0.15)), 20, 5000));
    else if (!hf && inpatient && age >= 50 && srng_chance(r, 0.3))
        PUT(O_BNP, clampd(p->bnp0 * (1 + srng_normal(r, 0, 0.2)), 5, 99));
    if (synth_has(p, C_HYPOTHYROID, day) && due(p, O_TSH, day, 150))
        PUT(O_TSH, clampd(tsh_at(s, day) * (1 + srng_normal(r, 0, 0.08)), 0.05, 60));
    else if (adult && wellish && srng_chance(r, 0.12))
        PUT(O_TSH, clampd(tsh_at(s, day), 0.4, 4.4));
    if (adult && (inpatient || (ckd && due(p, O_HGB, day, 330)) || (wellish && srng_chance(r, 0.3))))
        PUT(O_HGB, clampd(p->hgb0 - (egfr < 45 ? (45 - egfr) * 0.05 : 0) - (e->reason == C_GIBLEED ? 3.5 : 0) + srng_normal(r, 0, 0.5), 6, 19));
    if (med_active_idx(p, D_WARFARIN, day) >= 0)
        PUT(O_INR, clampd(srng_normal(r, 2.5, 0.45) - (1 - p->adherence), 1.0, 4.5));
    if (synth_has(p, C_GOUT, day) && due(p, O_URATE, day, 150)) {
        static const float allo[] = {1.3f, 2.2f, 3.0f};
        PUT(O_URATE, clampd(p->urate0 - drug_effect(p, day, D_ALLOPURINOL, allo) + srng_normal(r, 0, 0.4), 2.5, 13));
    }
    if ((dm || ckd) && due(p, O_UACR, day, 330))
        PUT(O_UACR, clampd((ckd ? 120 : 20) * exp(srng_normal(r, 0, 0.7)) * (on_class(p, "ACE inhibitor", day) || on_class(p, "ARB", day) ? 0.6 : 1), 3, 3000));
    static const int antidep[] = {D_SERTRALINE, D_ESCITALOPRAM, D_BUPROPION}, anx[] = {D_SERTRALINE, D_ESCITALOPRAM, D_BUSPIRONE};
    if (age >= 12 && synth_has(p, C_DEPRESSION, day) && (wellish || e->reason == C_DEPRESSION || due(p, O_PHQ9, day, 300)))
        PUT(O_PHQ9, clampd(round(score_at(s, day, C_DEPRESSION, p->phq0, antidep, 3) + srng_normal(r, 0, 1.5)), 0, 27));
    else if (age >= 12 && wellish)
        PUT(O_PHQ9, srng_int(r, 0, 4));
    if (age >= 12 && synth_has(p, C_ANXIETY, day) && (e->reason == C_ANXIETY || due(p, O_GAD7, day, 300)))
        PUT(O_GAD7, clampd(round(score_at(s, day, C_ANXIETY, p->gad0, anx, 3) + srng_normal(r, 0, 1.5)), 0, 21));
#undef PUT
}

/* ---- the schedule ---- */

static const int specialist_for[NCHRONIC] = {
    [C_CAD] = SPEC_CARDIO, [C_AF] = SPEC_CARDIO, [C_HF] = SPEC_CARDIO, [C_CKD] = SPEC_NEPHRO,
    [C_T2DM] = SPEC_ENDO, [C_COPD] = SPEC_PULM, [C_DEPRESSION] = SPEC_PSYCH, [C_OA] = SPEC_ORTHO,
};

static int main_chronic(const sim *s, int day)
{
    static const int order[] = {C_HF, C_CKD, C_T2DM, C_AF, C_CAD, C_COPD, C_HTN, C_HLD, C_HYPOTHYROID,
                                C_DEPRESSION, C_ANXIETY, C_ASTHMA, C_GOUT, C_OA, C_GERD, C_OSTEOPOROSIS};
    int found[NELEM(order)], n = 0;
    for (size_t i = 0; i < NELEM(order); i++)
        if (synth_has(s->p, order[i], day)) found[n++] = order[i];
    if (!n) return -1;
    /* mostly the most serious, sometimes another */
    return srng_chance(s->r, 0.6) ? found[0] : found[srng_int(s->r, 0, n - 1)];
}

static void schedule(sim *s)
{
    spatient *p = s->p;
    srng *r = s->r;
    int start = p->window, end = s->end;
    /* wellness visits, about yearly */
    for (int d = start + srng_int(r, 0, 200); d <= end; d += 365 + srng_int(r, -40, 40))
        if (srng_chance(r, 0.85)) add_enc(s, d, E_WELLNESS, -1, SPEC_PCP);
    /* chronic follow-up */
    for (int d = start + srng_int(r, 20, 120); d <= end;) {
        int c = main_chronic(s, d);
        int every = 180;
        if (c >= 0) {
            add_enc(s, d, E_FOLLOWUP, c, SPEC_PCP);
            if (c == C_T2DM || c == C_HF || c == C_CKD) every = 120;
        }
        d += every + srng_int(r, -25, 25);
    }
    /* diagnoses inside the window */
    for (int c = 0; c < NCHRONIC; c++) {
        int d = p->onset[c];
        if (d == NO_DAY || d < start || d > end) continue;
        int kind = E_FOLLOWUP;
        if (c == C_STROKE || (c == C_CAD && srng_chance(r, 0.35)) || (c == C_HF && srng_chance(r, 0.5))) kind = E_INPATIENT;
        senc *e = add_enc(s, d, kind, c == C_CAD && kind == E_INPATIENT ? C_MI : c, kind == E_INPATIENT ? SPEC_HOSP : SPEC_PCP);
        if (kind == E_INPATIENT) e->end_day = d + srng_int(r, 2, 6);
        int sp = specialist_for[c];
        if (sp && srng_chance(r, 0.6) && d + 150 <= end) add_enc(s, d + srng_int(r, 21, 150), E_CONSULT, c, sp);
    }
    /* acute problems */
    int years = (end - start) / 365 + 1;
    for (int y = 0; y < years; y++) {
        int n = srng_chance(r, 0.35) + srng_chance(r, 0.15);
        for (int k = 0; k < n; k++) {
            int d = start + y * 365 + srng_int(r, 0, 364);
            if (d > end) continue;
            int age = sday_age(p->birth, d);
            double w[] = {35, 15, p->demo.female ? 20 : 4, 8 + (age >= 65 ? 8 : 0) + (synth_has(p, C_COPD, d) ? 10 : 0), 7,
                          age >= 18 ? 15 : 0};
            static const int acute[] = {C_URI, C_BRONCHITIS, C_UTI, C_PNEUMONIA, C_CELLULITIS, C_BACKPAIN};
            int c = acute[srng_weighted(r, w, NELEM(w))];
            int kind = c == C_PNEUMONIA && age >= 65 && srng_chance(r, 0.3) ? E_INPATIENT : (srng_chance(r, 0.15) ? E_ED : E_ACUTE);
            senc *e = add_enc(s, d, kind, c, kind == E_INPATIENT ? SPEC_HOSP : SPEC_PCP);
            if (kind == E_INPATIENT) e->end_day = d + srng_int(r, 2, 5);
        }
        int d = start + y * 365 + srng_int(r, 0, 364);
        if (d <= end && synth_has(p, C_HF, d) && srng_chance(r, 0.25)) {
            senc *e = add_enc(s, d, E_INPATIENT, C_HF_EXAC, SPEC_HOSP);
            e->end_day = d + srng_int(r, 3, 7);
        }
        d = start + y * 365 + srng_int(r, 0, 364);
        if (d <= end && synth_has(p, C_COPD, d) && srng_chance(r, 0.3)) add_enc(s, d, E_ED, C_COPD_EXAC, SPEC_PCP);
    }
    /* a GI bleed on anticoagulation stops it for good */
    s->bleed_day = NO_DAY;
    if (p->onset[C_AF] != NO_DAY) {
        int from = p->onset[C_AF] > start ? p->onset[C_AF] : start;
        for (int d = from + 180; d <= end; d += 365)
            if (srng_chance(r, 0.02)) {
                s->bleed_day = d;
                senc *e = add_enc(s, d, E_INPATIENT, C_GIBLEED, SPEC_HOSP);
                e->end_day = d + srng_int(r, 2, 5);
                break;
            }
    }
    if (p->death != NO_DAY && srng_chance(r, 0.6)) {
        int c = main_chronic(s, p->death);
        senc *e = add_enc(s, p->death - srng_int(r, 1, 8), E_INPATIENT, c >= 0 ? c : C_PNEUMONIA, SPEC_HOSP);
        e->end_day = p->death;
        if (e->day < p->window) e->day = p->window;
    }
    if (p->enc.n == 0) add_enc(s, start + (end - start) / 2, E_WELLNESS, -1, SPEC_PCP);
    /* ends of stays never pass the end of the record */
    for (size_t i = 0; i < p->enc.n; i++)
        if (p->enc.v[i].end_day > end) p->enc.v[i].end_day = end;
    qsort(p->enc.v, p->enc.n, sizeof *p->enc.v, enc_cmp);
    for (size_t i = 0; i < p->enc.n; i++) srng_uuid(&p->ids, p->enc.v[i].id);
}

/* ---- acute care ---- */

static void treat_acute(sim *s, int enc)
{
    spatient *p = s->p;
    senc *e = &p->enc.v[enc];
    int c = e->reason, day = e->day, age = sday_age(p->birth, day);
    srng *r = s->r;
    scond *k = SVEC_PUSH(p->cond);
    k->cond = c, k->onset = day - srng_int(r, 0, 4), k->enc = enc, k->abated = day + srng_int(r, 7, 21);
    if (k->onset < p->window) k->onset = day;
    if (k->abated > s->end) k->abated = s->end;
    srng_uuid(&p->ids, k->id);
    int pcn = allergic(p, A_PENICILLIN);
    int amox_step = age < 12 ? 2 : 0;
    switch (c) {
    case C_PNEUMONIA:
        if (pcn || age >= 65 || synth_has(p, C_COPD, day)) med_start(s, enc, D_DOXYCYCLINE, 0, c, 7);
        else med_start(s, enc, D_AMOXICILLIN, amox_step, c, 7);
        if (e->kind == E_INPATIENT) med_start(s, enc, D_AZITHROMYCIN, 1, c, 5);
        break;
    case C_URI:
        if (age >= 12 && srng_chance(r, 0.3)) med_start(s, enc, D_BENZONATATE, 0, c, 7);
        break;
    case C_BRONCHITIS:
        if (age >= 12 && srng_chance(r, 0.5)) med_start(s, enc, D_BENZONATATE, 0, c, 10);
        break;
    case C_UTI:
        if (egfr_at(s, day) >= 30 && age >= 12) med_start(s, enc, D_NITROFURANTOIN, 0, c, 5);
        else med_start(s, enc, D_CEPHALEXIN, age < 12 ? 1 : 0, c, 7);
        break;
    case C_CELLULITIS:
        if (pcn) med_start(s, enc, D_DOXYCYCLINE, 0, c, 7);
        else med_start(s, enc, D_CEPHALEXIN, age < 12 ? 1 : 0, c, 7);
        break;
    case C_BACKPAIN:
        if (!synth_has(p, C_CKD, day) && !anticoagulated(p, day) && age < 70) med_start(s, enc, D_IBUPROFEN, srng_int(r, 0, 1), c, 14);
        else if (med_active_idx(p, D_ACETAMINOPHEN, day) < 0) med_start(s, enc, D_ACETAMINOPHEN, 0, c, 14);
        break;
    case C_COPD_EXAC:
        med_start(s, enc, D_PREDNISONE, 0, c, 5);
        med_start(s, enc, D_AZITHROMYCIN, 0, c, 5);
        break;
    case C_HF_EXAC:
        titrate_up(s, enc, D_FUROSEMIDE);
        break;
    case C_GIBLEED:
        for (size_t i = 0; i < p->med.n; i++)
            if (synth_med_active(&p->med.v[i], day) && (!strcmp(synth_drug_class(&synth_drugs[p->med.v[i].drug]), "anticoagulant") ||
                                                       !strcmp(synth_drug_class(&synth_drugs[p->med.v[i].drug]), "NSAID")))
                med_stop(s, (int)i, day);
        p->no_anticoag = 1;
        if (med_active_idx(p, D_PANTOPRAZOLE, day) < 0 && med_active_idx(p, D_OMEPRAZOLE, day) < 0)
            med_start(s, enc, D_PANTOPRAZOLE, 0, c, 0);
        break;
    default:
        break;
    }
}

static void add_proc(sim *s, int enc, int proc, int day)
{
    sproc *pr = SVEC_PUSH(s->p->proc);
    pr->proc = proc, pr->day = day, pr->enc = enc;
    srng_uuid(&s->p->ids, pr->id);
}

static void add_vax(sim *s, int enc, int vax)
{
    svax *v = SVEC_PUSH(s->p->vax);
    v->vax = vax, v->day = s->p->enc.v[enc].day, v->enc = enc;
    srng_uuid(&s->p->ids, v->id);
}

static int had_vax(const spatient *p, int vax, int since)
{
    for (size_t i = 0; i < p->vax.n; i++)
        if (p->vax.v[i].vax == vax && p->vax.v[i].day >= since) return 1;
    return 0;
}

static void prevention(sim *s, int enc)
{
    spatient *p = s->p;
    senc *e = &p->enc.v[enc];
    int day = e->day, age = sday_age(p->birth, day), y, m, d;
    srng *r = s->r;
    sday_ymd(day, &y, &m, &d);
    int season = (m >= 9 ? y : y - 1);
    if ((m >= 9 || m <= 2) && age >= 1 && e->kind != E_INPATIENT && !had_vax(p, V_FLU, sday_from(season, 8, 1)) &&
        srng_chance(r, age >= 65 ? 0.7 : age < 18 ? 0.55 : 0.4))
        add_vax(s, enc, V_FLU);
    if (e->kind != E_WELLNESS) return;
    if (age >= 1 && age <= 6 && !had_vax(p, V_MMR, p->birth + 300 + (age >= 4 ? 1000 : 0)) && (age == 1 || age >= 4))
        add_vax(s, enc, V_MMR);
    if (age >= 11 && age <= 13 && !had_vax(p, V_HPV, p->birth) && srng_chance(r, 0.6)) add_vax(s, enc, V_HPV);
    if (age >= 11 && !had_vax(p, V_TDAP, day - 3650) && srng_chance(r, 0.12)) add_vax(s, enc, V_TDAP);
    if (age >= 65 && !had_vax(p, V_PCV, p->birth) && srng_chance(r, 0.6)) add_vax(s, enc, V_PCV);
    if (age >= 50 && !had_vax(p, V_ZOSTER, p->birth) && srng_chance(r, 0.3)) add_vax(s, enc, V_ZOSTER);
    if (y >= 2021 && age >= 5 && !had_vax(p, V_COVID, day - 300) && srng_chance(r, 0.45)) add_vax(s, enc, V_COVID);
    if (age >= 45 && age <= 75 && (age % 10 == 0 || (age == 45 && srng_chance(r, 0.5))) && srng_chance(r, 0.7))
        add_proc(s, enc, P_COLONOSCOPY, day + srng_int(r, 14, 60) > s->end ? day : day + srng_int(r, 14, 60));
    if (p->demo.female && age >= 50 && age <= 74 && srng_chance(r, 0.5)) add_proc(s, enc, P_MAMMOGRAM, day);
    if (p->demo.female && age == 65 && srng_chance(r, 0.5)) add_proc(s, enc, P_DEXA, day);
}

static void procedures_at_diagnosis(sim *s, int enc, int c)
{
    int day = s->p->enc.v[enc].day;
    srng *r = s->r;
    switch (c) {
    case C_AF: add_proc(s, enc, P_ECG, day); if (srng_chance(r, 0.7)) add_proc(s, enc, P_ECHO, day); break;
    case C_HF: add_proc(s, enc, P_ECHO, day); break;
    case C_CAD:
        add_proc(s, enc, P_ECG, day);
        if (s->p->enc.v[enc].kind == E_INPATIENT || srng_chance(r, 0.2)) {
            int cabg = srng_chance(r, 0.15);
            add_proc(s, enc, cabg ? P_CABG : P_PCI, day + (cabg ? 1 : 0));
            if (!cabg && !anticoagulated(s->p, day)) med_start(s, enc, D_CLOPIDOGREL, 0, C_CAD, 365);
        }
        break;
    case C_COPD: case C_ASTHMA: if (sday_age(s->p->birth, day) >= 6) add_proc(s, enc, P_SPIROMETRY, day); break;
    case C_OSTEOPOROSIS: add_proc(s, enc, P_DEXA, day); break;
    case C_OA:
        if (srng_chance(r, 0.12) && day + 200 <= s->end) add_proc(s, enc, P_KNEE, day + srng_int(r, 90, 200));
        break;
    default: break;
    }
}

static void record_condition(sim *s, int enc, int c)
{
    spatient *p = s->p;
    scond *k = SVEC_PUSH(p->cond);
    k->cond = c, k->onset = p->onset[c], k->abated = NO_DAY, k->enc = enc;
    if (c == C_CKD) {
        double e = egfr_at(s, s->end);
        k->stage = e >= 30 ? 3 : e >= 15 ? 4 : 5;
    }
    srng_uuid(&p->ids, k->id);
    s->recorded[c] = 1;
}

static void walk(sim *s)
{
    spatient *p = s->p;
    double m[NOBS];
    int has[NOBS];
    for (size_t i = 0; i < p->enc.n; i++) {
        int enc = (int)i, day = p->enc.v[i].day, reason = p->enc.v[i].reason;
        for (int c = 0; c < NCHRONIC; c++) {
            if (s->recorded[c] || !synth_has(p, c, day)) continue;
            record_condition(s, enc, c);
            start_treatment(s, enc, c);
            if (p->onset[c] >= p->window) procedures_at_diagnosis(s, enc, c);
        }
        if (reason >= NCHRONIC) {
            treat_acute(s, enc);
            if (reason == C_MI) procedures_at_diagnosis(s, enc, C_CAD);
            if (reason == C_PNEUMONIA) add_proc(s, enc, P_CXR, day);
        }
        measure(s, enc, m, has);
        if (p->enc.v[i].kind != E_INPATIENT || reason == C_HF_EXAC) adjust(s, enc, m, has);
        prevention(s, enc);
    }
    /* Nothing is still "active" past the end of a deceased patient's record. */
    for (size_t i = 0; i < p->med.n; i++)
        if (p->med.v[i].end != NO_DAY && p->med.v[i].end > s->end) p->med.v[i].end = s->end;
}

/* ---- the patient ---- */

static void reset(spatient *p)
{
    p->enc.n = p->cond.n = p->med.n = p->obs.n = p->proc.n = p->vax.n = p->allergy.n = 0;
}

void synth_patient_free(spatient *p)
{
    free(p->enc.v), free(p->cond.v), free(p->med.v), free(p->obs.v), free(p->proc.v), free(p->vax.v),
        free(p->allergy.v);
    memset(p, 0, sizeof *p);
}

static void draw_person(sim *s)
{
    spatient *p = s->p;
    const ward_synth_params *prm = s->prm;
    srng *r = s->r;
    static const double band_w[] = {15, 25, 27, 25, 8};
    static const int band_lo[] = {0, 18, 40, 60, 80}, band_hi[] = {17, 39, 59, 79, 104};
    int age;
    do {
        size_t b = srng_weighted(r, band_w, NELEM(band_w));
        age = srng_int(r, band_lo[b], band_hi[b]);
        if (b == 4) age = 80 + (int)fmin(24, fabs(srng_normal(r, 0, 7)));
    } while (age < prm->min_age || age > prm->max_age);
    p->birth = p->as_of - (int)(age * YEAR) - srng_int(r, 1, 364);
    int female = srng_chance(r, prm->female_share);
    static const double race_w[NRACE] = {61, 13, 6, 1.3, 0.3, 3.4};
    int race = (int)srng_weighted(r, race_w, NRACE);
    int hisp = srng_chance(r, race == RACE_WHITE || race == RACE_OTHER ? 0.24 : 0.04);
    synth_demographics(r, &p->demo, female, race, hisp);
    if (age < 25) {  /* a young patient's next of kin are parents */
        static const char *const parent[] = {"mother", "father"};
        for (int k = 0; k < 2; k++) {
            p->demo.kin[k].relation = parent[k];
            synth_name(r, &p->demo.kin[k].n, k == 0, race, hisp);
            snprintf(p->demo.kin[k].n.family, sizeof p->demo.kin[k].n.family, "%s", p->demo.n.family);
        }
    }
    double u = srng_u01(r);
    p->smoker = u < 0.13 ? 2 : u < 0.36 ? 1 : 0;
    p->window = p->as_of - (int)(prm->record_years * YEAR);
    if (p->window < p->birth) p->window = p->birth;
    draw_onsets(s, age);
    draw_death(s, age);
    s->end = synth_end_day(p);
    for (int c = 0; c < NCHRONIC; c++)
        if (p->onset[c] != NO_DAY && p->onset[c] > s->end) p->onset[c] = NO_DAY;
}

static void draw_physiology(sim *s)
{
    spatient *p = s->p;
    srng *r = s->r;
    int age = synth_age_at_end(p), f = p->demo.female;
    p->height = srng_normal(r, f ? 162 : 176, 7);
    p->bmi0 = p->onset[C_OBESITY] != NO_DAY ? clampd(30.5 + fabs(srng_normal(r, 0, 4.5)), 30.2, 55)
                                            : clampd(srng_normal(r, 25.3, 2.4), 18.6, 29.6);
    if (p->onset[C_HTN] != NO_DAY) {
        p->sbp0 = clampd(srng_normal(r, 156, 11), 142, 195);
        p->dbp0 = clampd(srng_normal(r, age > 60 ? 86 : 94, 6), 78, 112);
    } else {
        p->sbp0 = clampd(srng_normal(r, 116 + 0.15 * (age > 30 ? age - 30 : 0), 7), 96, 133);
        p->dbp0 = clampd(srng_normal(r, 75, 5), 58, 84);
    }
    p->a1c0 = p->onset[C_T2DM] != NO_DAY ? clampd(srng_normal(r, 8.4, 1.0), 7.0, 11.8)
              : (age >= 40 && srng_chance(r, 0.22)) ? 5.7 + srng_u01(r) * 0.7
                                                   : clampd(srng_normal(r, 5.25, 0.2), 4.6, 5.6);
    p->ldl0 = p->onset[C_HLD] != NO_DAY ? clampd(srng_normal(r, 168, 20), 135, 240) : clampd(srng_normal(r, 108, 17), 60, 129);
    p->egfr0 = clampd(srng_normal(r, 108, 9), 85, 130);
    s->ckd_onset_egfr = clampd(srng_normal(r, 51, 5), 40, 58.5);
    s->ckd_slope = clampd(srng_normal(r, 2.2, 1.0), 0.3, 5);
    p->hr0 = clampd(srng_normal(r, 74, 8), 55, 95);
    p->tsh0 = p->onset[C_HYPOTHYROID] != NO_DAY ? clampd(srng_normal(r, 9, 3), 5.2, 25) : clampd(srng_normal(r, 1.8, 0.7), 0.5, 4.0);
    s->tsh_need = srng_int(r, 2, 6);
    p->bnp0 = p->onset[C_HF] != NO_DAY ? clampd(srng_normal(r, 750, 250), 300, 2200) : clampd(srng_normal(r, 35 + age * 0.4, 15), 5, 95);
    p->urate0 = p->onset[C_GOUT] != NO_DAY ? clampd(srng_normal(r, 8.8, 0.8), 7.2, 12) : clampd(srng_normal(r, 5.2, 1), 2.8, 7);
    p->phq0 = clampd(srng_normal(r, 15, 3), 10, 24);
    p->gad0 = clampd(srng_normal(r, 13, 3), 10, 21);
    p->hgb0 = srng_normal(r, f ? 13.4 : 14.8, 0.8);
    double u = srng_u01(r);
    p->adherence = u < 0.68 ? 1.0 : u < 0.9 ? 0.6 : 0.2;
    s->htn_black_first = p->demo.race == RACE_BLACK;
}

static void draw_allergies(sim *s)
{
    static const double prev[NALLERGEN] = {0.09, 0.04, 0.02, 0.015, 0.02, 0.025, 0.01, 0.01};
    for (int a = 0; a < NALLERGEN; a++) {
        if (!srng_chance(s->r, prev[a])) continue;
        sallergy *al = SVEC_PUSH(s->p->allergy);
        al->allergen = a;
        al->day = s->p->window;
        srng_uuid(&s->p->ids, al->id);
    }
}

void synth_patient_build(spatient *p, const ward_synth_params *prm, long index)
{
    reset(p);
    srng r;
    srng_seed(&r, prm->seed, (uint64_t)index, 1);
    srng_seed(&p->ids, prm->seed, (uint64_t)index, 2);
    p->index = index;
    srng_uuid(&p->ids, p->id);
    p->as_of = sday_parse(prm->as_of);
    p->no_anticoag = 0;
    sim s = {.p = p, .r = &r, .prm = prm};
    draw_person(&s);
    draw_physiology(&s);
    draw_allergies(&s);
    schedule(&s);
    for (size_t i = 0; i < p->allergy.n; i++) p->allergy.v[i].day = p->enc.v[0].day;
    walk(&s);
}

int synth_htn_controlled(const spatient *p)
{
    int end = synth_end_day(p), treated = 0;
    if (!synth_has(p, C_HTN, end)) return -1;
    for (size_t i = 0; i < p->med.n; i++)
        if (p->med.v[i].reason == C_HTN && synth_med_active(&p->med.v[i], end - 1)) treated = 1;
    if (!treated) return -1;
    const sobs *s = synth_latest_obs(p, O_SBP, end), *d = synth_latest_obs(p, O_DBP, end);
    if (!s || !d) return -1;
    return s->v < 140 && d->v < 90;
}
