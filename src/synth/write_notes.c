/* write_notes.c — clinical notes of a patient's encounters, each with its
 * ground-truth sidecar (notes/<id>-<n>.txt and notes/<id>-<n>.truth.json).
 *
 * A note is assembled from sections whose headers, order, list styles and
 * phrasing vary from note to note (so no single template can be learned),
 * from the facts the simulation recorded for that day: active problems,
 * current and changed medications, vitals and recent labs. Everything that
 * is PHI or a clinical concept goes through the span-keeping writer
 * (notewriter.c), so offsets in the sidecar are exact.
 *
 * Kinds: progress_note (office visits), history_and_physical and
 * discharge_summary (admissions), consult (specialist visits); visit
 * transcripts are in conversation.c.
 */
#include "synth_int.h"

#include <stdio.h>
#include <string.h>

typedef struct nctx {
    swriter *sw;
    const spatient *p;
    nw *w;
    srng *r;
    int enc, day, style;
    const sclinician *author;
} nctx;

enum { S_CC, S_HPI, S_PMH, S_PSH, S_MEDS, S_ALLERGY, S_SOCIAL, S_FAMILY, S_ROS, S_EXAM, S_VITALS, S_LABS, S_AP,
       S_ASSESS, S_PLAN, S_COURSE, S_DCMEDS, S_FOLLOW, S_RECS, S_REASON, NSECT };

static const char *const headers[NSECT][5] = {
    [S_CC] = {"Chief Complaint:", "CC:", "CHIEF COMPLAINT:", "Reason for Visit:", "cc:"},
    [S_HPI] = {"History of Present Illness:", "HPI:", "HISTORY OF PRESENT ILLNESS:", "Subjective:", "HPI"},
    [S_PMH] = {"Past Medical History:", "PMH:", "PAST MEDICAL HISTORY:", "Problem List:", "PMHx:"},
    [S_PSH] = {"Past Surgical History:", "PSH:", "PAST SURGICAL HISTORY:", "Procedures:", "PSHx:"},
    [S_MEDS] = {"Medications:", "MEDS:", "CURRENT MEDICATIONS:", "Current Outpatient Medications:", "Meds:"},
    [S_ALLERGY] = {"Allergies:", "ALLERGIES:", "Allergies:", "Drug Allergies:", "ALL:"},
    [S_SOCIAL] = {"Social History:", "SH:", "SOCIAL HISTORY:", "Social Hx:", "Social:"},
    [S_FAMILY] = {"Family History:", "FH:", "FAMILY HISTORY:", "Family Hx:", "FHx:"},
    [S_ROS] = {"Review of Systems:", "ROS:", "REVIEW OF SYSTEMS:", "ROS:", "Review of systems:"},
    [S_EXAM] = {"Physical Exam:", "PE:", "PHYSICAL EXAMINATION:", "Exam:", "Objective:"},
    [S_VITALS] = {"Vitals:", "VS:", "VITAL SIGNS:", "Vital Signs:", "Vitals -"},
    [S_LABS] = {"Labs:", "Data:", "LABORATORY DATA:", "Results:", "Pertinent labs:"},
    [S_AP] = {"Assessment and Plan:", "A/P:", "ASSESSMENT AND PLAN:", "Assessment & Plan:", "Impression/Plan:"},
    [S_ASSESS] = {"Assessment:", "ASSESSMENT:", "Impression:", "IMPRESSION:", "Dx:"},
    [S_PLAN] = {"Plan:", "PLAN:", "Plan:", "Recommendations:", "P:"},
    [S_COURSE] = {"Hospital Course:", "HOSPITAL COURSE:", "Brief Hospital Course:", "Course:", "Hospital course:"},
    [S_DCMEDS] = {"Discharge Medications:", "DISCHARGE MEDICATIONS:", "Medications at Discharge:", "D/C meds:", "Discharge meds:"},
    [S_FOLLOW] = {"Follow-up:", "FOLLOW UP:", "Follow up:", "Disposition/Follow-up:", "F/u:"},
    [S_RECS] = {"Recommendations:", "RECOMMENDATIONS:", "Recs:", "Plan/Recommendations:", "Suggestions:"},
    [S_REASON] = {"Reason for Consultation:", "REASON FOR CONSULT:", "Consult question:", "Reason for referral:", "RFC:"},
};

static void section(nctx *c, int s)
{
    nw *w = c->w;
    if (w->body.len) ward_buf_puts(&w->body, c->style == 3 ? "\n" : "\n\n");
    const char *h = headers[s][(c->style + (srng_chance(c->r, 0.2) ? srng_int(c->r, 1, 4) : 0)) % 5];
    if (c->style == 4 && srng_chance(c->r, 0.5)) {  /* markdown headers */
        ward_buf_puts(&w->body, "## ");
        ward_buf_append(&w->body, h, strlen(h) - (h[strlen(h) - 1] == ':'));
        ward_buf_putc(&w->body, '\n');
        return;
    }
    ward_buf_puts(&w->body, h);
    ward_buf_puts(&w->body, c->style == 1 || c->style == 4 ? " " : "\n");
}

static void name_full(char *out, size_t cap, const sname *n)
{
    snprintf(out, cap, "%s %s", n->given, n->family);
}

static void doctor(nctx *c, const sclinician *s)
{
    char nm[64];
    switch (srng_int(c->r, 0, 3)) {
    case 0: nw_f(c->w, "Dr. %P", "NAME", s->n.family); break;
    case 1: name_full(nm, sizeof nm, &s->n); nw_f(c->w, "Dr. %P", "NAME", nm); break;
    case 2: name_full(nm, sizeof nm, &s->n); nw_f(c->w, "%P, %s", "NAME", nm, s->credential); break;
    default: snprintf(nm, sizeof nm, "%c. %s", s->n.given[0], s->n.family); nw_f(c->w, "Dr. %P", "NAME", nm); break;
    }
}

static void age_phrase(nctx *c)
{
    int age = sday_age(c->p->birth, c->day), f = c->p->demo.female;
    char a[16];
    snprintf(a, sizeof a, "%d", age);
    if (age < 1) {
        snprintf(a, sizeof a, "%d", (c->day - c->p->birth) / 30 + 1);
        nw_f(c->w, "%P-month-old %s", "AGE", a, f ? "girl" : "boy");
        return;
    }
    switch (srng_int(c->r, 0, 4)) {
    case 0: nw_f(c->w, "%P y/o %s", "AGE", a, f ? "F" : "M"); break;
    case 1: nw_f(c->w, "%P-year-old %s", "AGE", a, age < 18 ? (f ? "girl" : "boy") : (f ? "woman" : "man")); break;
    case 2: nw_f(c->w, "%P yo %s", "AGE", a, f ? "female" : "male"); break;
    case 3: nw_f(c->w, "%P year old %s", "AGE", a, f ? "female" : "male"); break;
    default: nw_f(c->w, "%P y.o. %s", "AGE", a, f ? "female" : "male"); break;
    }
}

/* "an 84-year-old", "an 8-month-old", "an 18 y/o" */
static int an_age(const nctx *c)
{
    int age = sday_age(c->p->birth, c->day);
    if (age < 1) age = (c->day - c->p->birth) / 30 + 1;
    return age == 8 || age == 11 || age == 18 || (age >= 80 && age <= 89);
}

static void patient_name(nctx *c)
{
    const sname *n = &c->p->demo.n;
    char nm[96];
    switch (srng_int(c->r, 0, 3)) {
    case 0: nw_f(c->w, "%s %P", c->p->demo.female ? "Ms." : "Mr.", "NAME", n->family); break;
    case 1: name_full(nm, sizeof nm, n); nw_phi(c->w, "NAME", nm); break;
    case 2: nw_phi(c->w, "NAME", n->given); break;
    default:
        snprintf(nm, sizeof nm, "%s %s%s%s", n->given, n->middle[0] ? n->middle : "", n->middle[0] ? " " : "", n->family);
        nw_phi(c->w, "NAME", nm);
        break;
    }
}

static void symptom(nctx *c, const char *s, int assertion)
{
    char norm[96];
    snprintf(norm, sizeof norm, "{\"name\":\"%s\"}", s);
    nw_concept(c->w, "problem", assertion, s, norm);
}

/* "Denies chest pain, palpitations or dyspnea." with each finding a negated span. */
static void negations(nctx *c, const char *const *list, int n)
{
    static const char *const lead[] = {"Denies ", "No ", "Negative for ", "Pt denies any ", "Reports no "};
    int k = srng_int(c->r, 0, 3);
    ward_buf_puts(&c->w->body, lead[k]);
    for (int i = 0; i < n; i++) {
        if (i) ward_buf_puts(&c->w->body, i == n - 1 ? (srng_chance(c->r, 0.5) ? " or " : ", or ") : ", ");
        symptom(c, list[i], AS_NEGATED);
    }
    ward_buf_puts(&c->w->body, ". ");
}

static void shuffle_pick(srng *r, const char *const *from, int n, const char **out, int k)
{
    int idx[32];
    for (int i = 0; i < n; i++) idx[i] = i;
    for (int i = 0; i < k && i < n; i++) {
        int j = srng_int(r, i, n - 1), t = idx[i];
        idx[i] = idx[j], idx[j] = t;
        out[i] = from[idx[i]];
    }
}

static const char *const cardio_sx[] = {"chest pain", "shortness of breath", "palpitations", "orthopnea", "leg swelling",
                                        "dizziness", "syncope", "PND"};
static const char *const general_sx[] = {"fever", "chills", "night sweats", "weight loss", "fatigue", "headache"};
static const char *const gi_sx[] = {"nausea", "vomiting", "abdominal pain", "melena", "blood in stool", "diarrhea"};
static const char *const resp_sx[] = {"cough", "wheezing", "hemoptysis", "sputum production"};
static const char *const dm_sx[] = {"polyuria", "polydipsia", "blurred vision", "hypoglycemia", "numbness in feet"};

static void negate_some(nctx *c, const char *const *from, int n, int k)
{
    const char *pick[8];
    if (k > n) k = n;
    shuffle_pick(c->r, from, n, pick, k);
    negations(c, pick, k);
}

/* ---- facts of the day ---- */

static int med_changed_here(const spatient *p, const smed *m)
{
    return m->start == p->enc.v[m->enc].day && m->enc >= 0;
}

static int prior_step(const spatient *p, const smed *m)
{
    for (size_t i = 0; i < p->med.n; i++) {
        const smed *o = &p->med.v[i];
        if (o != m && o->drug == m->drug && o->end == m->start) return o->step;
    }
    return -1;
}

static int meds_on(const spatient *p, int day, const smed **out, int cap)
{
    int n = 0;
    for (size_t i = 0; i < p->med.n && n < cap; i++)
        if (synth_med_active(&p->med.v[i], day)) out[n++] = &p->med.v[i];
    return n;
}

static void med_list(nctx *c, int day, int sep_style)
{
    const smed *m[48];
    int n = meds_on(c->p, day, m, 48);
    if (!n) {
        ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "None." : "No current medications.");
        return;
    }
    for (int i = 0; i < n; i++) {
        switch (sep_style % 4) {
        case 0: ward_buf_puts(&c->w->body, "- "); break;
        case 1: ward_buf_printf(&c->w->body, "%d. ", i + 1); break;
        case 2: ward_buf_puts(&c->w->body, i ? "; " : ""); break;
        default: ward_buf_puts(&c->w->body, "* "); break;
        }
        nw_med(c->w, m[i], srng_int(c->r, 0, 4), AS_PRESENT);
        if (sep_style % 4 != 2 && i + 1 < n) ward_buf_putc(&c->w->body, '\n');
    }
    if (sep_style % 4 == 2) ward_buf_putc(&c->w->body, '.');
}

static void allergies(nctx *c)
{
    const spatient *p = c->p;
    if (!p->allergy.n) {
        static const char *const none[] = {"NKDA", "No known drug allergies.", "NKA", "None known."};
        ward_buf_puts(&c->w->body, PICK(c->r, none));
        return;
    }
    for (size_t i = 0; i < p->allergy.n; i++) {
        int a = p->allergy.v[i].allergen;
        char norm[128];
        snprintf(norm, sizeof norm, "{\"substance\":\"%s\",\"reaction\":\"%s\"}", synth_allergens[a].key,
                 synth_allergen_reaction[a]);
        if (i) ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? ", " : "; ");
        const char *txt = synth_allergens[a].key;
        if (a == A_PENICILLIN && srng_chance(c->r, 0.4)) txt = "PCN";
        if (a == A_SULFA && srng_chance(c->r, 0.4)) txt = "sulfa";
        nw_concept(c->w, "allergy", AS_PRESENT, txt, norm);
        ward_buf_printf(&c->w->body, " (%s)", synth_allergen_reaction[a]);
    }
}

static void problems(nctx *c, int day)
{
    const spatient *p = c->p;
    int n = 0, list = c->style % 3;
    for (int k = 0; k < NCHRONIC; k++) {
        if (!synth_has(p, k, day)) continue;
        if (list == 0) ward_buf_puts(&c->w->body, n ? "\n- " : "- ");
        else if (list == 1) ward_buf_printf(&c->w->body, n ? "\n%d. " : "%d. ", n + 1);
        else if (n) ward_buf_puts(&c->w->body, ", ");
        nw_problem(c->w, k, AS_PRESENT, -1);
        if (k == C_CKD && srng_chance(c->r, 0.3)) ward_buf_puts(&c->w->body, " stage 3");
        if (srng_chance(c->r, 0.3)) {
            int y, m, d;
            sday_ymd(p->onset[k], &y, &m, &d);
            ward_buf_printf(&c->w->body, " (dx %d)", y);
        }
        n++;
    }
    /* past events: history, with their dates */
    for (size_t i = 0; i < p->cond.n; i++) {
        const scond *k = &p->cond.v[i];
        if (k->cond < NCHRONIC || k->abated == NO_DAY || k->abated >= day) continue;
        if (k->cond != C_MI && k->cond != C_GIBLEED && k->cond != C_PNEUMONIA && k->cond != C_CELLULITIS) continue;
        if (list == 0) ward_buf_puts(&c->w->body, n ? "\n- " : "- ");
        else if (list == 1) ward_buf_printf(&c->w->body, n ? "\n%d. " : "%d. ", n + 1);
        else if (n) ward_buf_puts(&c->w->body, ", ");
        ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "h/o " : "history of ");
        nw_problem(c->w, k->cond, AS_HISTORICAL, -1);
        if (srng_chance(c->r, 0.5)) {
            int y, m, d;
            sday_ymd(k->onset, &y, &m, &d);
            ward_buf_printf(&c->w->body, " %d", y);
        } else {
            ward_buf_puts(&c->w->body, " (");
            nw_date(c->w, k->onset);
            ward_buf_putc(&c->w->body, ')');
        }
        n++;
    }
    if (!n) ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "None." : "No significant past medical history.");
    else if (list == 2) ward_buf_putc(&c->w->body, '.');
}

static void surgical(nctx *c, int day)
{
    const spatient *p = c->p;
    int n = 0;
    for (size_t i = 0; i < p->proc.n; i++) {
        const sproc *pr = &p->proc.v[i];
        if (pr->day >= day || pr->proc == P_ECG || pr->proc == P_CXR || pr->proc == P_SPIROMETRY) continue;
        if (n++) ward_buf_puts(&c->w->body, "\n");
        ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "s/p " : "- ");
        char norm[96];
        snprintf(norm, sizeof norm, "{\"name\":\"%s\",\"code\":\"%s\"}", synth_procs[pr->proc].key, synth_procs[pr->proc].code);
        nw_concept(c->w, "procedure", AS_HISTORICAL, synth_procs[pr->proc].key, norm);
        ward_buf_puts(&c->w->body, " ");
        nw_date(c->w, pr->day);
    }
    if (!n) ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "None." : "No prior surgeries.");
}

static void social(nctx *c)
{
    const spatient *p = c->p;
    static const char *const smoke[3][3] = {
        {"Never smoker.", "Denies tobacco use.", "No tobacco."},
        {"Former smoker, quit %d.", "Ex-smoker (quit in %d).", "Quit smoking %d."},
        {"Current smoker, 1/2 ppd.", "Smokes about a pack a day.", "Active tobacco use, counseled on cessation."}};
    int y, m, d;
    sday_ymd(p->window, &y, &m, &d);
    ward_buf_printf(&c->w->body, smoke[p->smoker][srng_int(c->r, 0, 2)], y - srng_int(c->r, 2, 20));
    static const char *const etoh[] = {" Drinks socially.", " Rare alcohol.", " No alcohol.", " 1-2 beers on weekends."};
    ward_buf_puts(&c->w->body, PICK(c->r, etoh));
    if (srng_chance(c->r, 0.5)) {
        char nm[64];
        name_full(nm, sizeof nm, &p->demo.kin[0].n);
        nw_f(c->w, " Lives with %s %s", p->demo.kin[0].relation, "");
        nw_phi(c->w, "NAME", nm);
        if (srng_chance(c->r, 0.5)) nw_f(c->w, " at %P, %P, %s %P", "ADDRESS", p->demo.street, "CITY", p->demo.city, p->demo.state, "ZIP", p->demo.zip);
        ward_buf_putc(&c->w->body, '.');
    }
}

static void family(nctx *c)
{
    srng fr;
    srng_seed(&fr, c->p->index, 0xFA, 5);  /* the same family in every note of the patient */
    static const char *const rel[] = {"Mother", "Father", "Sister", "Brother", "Maternal aunt", "Paternal grandfather"};
    static const char *const dz[] = {"breast cancer", "colon cancer", "myocardial infarction", "type 2 diabetes",
                                     "hypertension", "stroke", "prostate cancer", "Alzheimer disease", "lung cancer"};
    int n = srng_int(&fr, 1, 3);
    for (int i = 0; i < n; i++) {
        const char *r = PICK(&fr, rel), *x = PICK(&fr, dz);
        if (i) ward_buf_puts(&c->w->body, " ");
        static const char *const link[] = {" with ", " had ", " - ", ": "};
        ward_buf_printf(&c->w->body, "%s%s", r, link[srng_int(c->r, 0, 3)]);
        char norm[96];
        snprintf(norm, sizeof norm, "{\"name\":\"%s\"}", x);
        nw_concept(c->w, "problem", AS_FAMILY, x, norm);
        if (!strcmp(x, "myocardial infarction") || !strcmp(x, "stroke")) {
            char a[16];
            snprintf(a, sizeof a, "%d", srng_int(&fr, 48, 79));
            nw_f(c->w, " at age %P", "AGE", a);
        }
        ward_buf_putc(&c->w->body, '.');
    }
    if (srng_chance(c->r, 0.3)) {
        ward_buf_puts(&c->w->body, " No family history of ");
        symptom(c, "sudden cardiac death", AS_NEGATED);
        ward_buf_putc(&c->w->body, '.');
    }
}

static void vitals(nctx *c)
{
    const spatient *p = c->p;
    const sobs *v[NOBS] = {0};
    for (size_t i = 0; i < p->obs.n; i++)
        if (p->obs.v[i].enc == c->enc && synth_obs[p->obs.v[i].obs].vital == 1) v[p->obs.v[i].obs] = &p->obs.v[i];
    const char *sep = c->style % 2 ? ", " : "  ";
    int n = 0;
    if (v[O_SBP] && v[O_DBP]) nw_bp(c->w, v[O_SBP]->v, v[O_DBP]->v, srng_int(c->r, 0, 4)), n++;
    static const int order[] = {O_HR, O_RR, O_TEMP, O_SPO2, O_WEIGHT, O_BMI};
    for (size_t i = 0; i < NELEM(order); i++) {
        if (!v[order[i]]) continue;
        if (n++) ward_buf_puts(&c->w->body, sep);
        nw_vital(c->w, v[order[i]], srng_int(c->r, 0, 4));
    }
    if (!n) ward_buf_puts(&c->w->body, "Not recorded.");
}

/* Labs of this encounter, else the latest within 120 days. */
static int recent_labs(nctx *c, int inline_dates)
{
    const spatient *p = c->p;
    static const int show[] = {O_A1C, O_CREAT, O_EGFR, O_POTASSIUM, O_LDL, O_HDL, O_TRIG, O_BNP, O_TSH, O_HGB, O_INR,
                               O_URATE, O_UACR, O_PHQ9, O_GAD7};
    int n = 0;
    for (size_t i = 0; i < NELEM(show); i++) {
        const sobs *o = synth_latest_obs(p, show[i], c->day);
        if (!o || c->day - o->day > 120) continue;
        if (n++) ward_buf_puts(&c->w->body, c->style % 2 ? "\n" : ", ");
        nw_lab(c->w, o, srng_int(c->r, 0, 3));
        if (inline_dates && o->day != c->day && srng_chance(c->r, 0.6)) {
            ward_buf_puts(&c->w->body, " (");
            nw_date(c->w, o->day);
            ward_buf_putc(&c->w->body, ')');
        }
    }
    if (!n) ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "No recent labs." : "None today.");
    return n;
}

static void exam(nctx *c)
{
    const spatient *p = c->p;
    nw *w = c->w;
    static const char *const gen[] = {"General: NAD, alert and oriented.", "Gen: well-appearing, no acute distress.",
                                      "Alert, pleasant, in no distress."};
    ward_buf_puts(&w->body, PICK(c->r, gen));
    ward_buf_puts(&w->body, c->style % 2 ? "\n" : " ");
    if (synth_has(p, C_AF, c->day)) ward_buf_puts(&w->body, "CV: irregularly irregular rhythm, ");
    else ward_buf_puts(&w->body, srng_chance(c->r, 0.5) ? "CV: RRR, " : "Heart: regular rate and rhythm, ");
    ward_buf_puts(&w->body, "no ");
    symptom(c, "murmur", AS_NEGATED);
    ward_buf_puts(&w->body, c->style % 2 ? ".\n" : ". ");
    if (synth_has(p, C_COPD, c->day) && srng_chance(c->r, 0.5)) {
        ward_buf_puts(&w->body, "Lungs: diffuse expiratory ");
        symptom(c, "wheezing", AS_PRESENT);
        ward_buf_puts(&w->body, ", prolonged expiration.");
    } else {
        ward_buf_puts(&w->body, "Lungs: clear to auscultation bilaterally, no ");
        symptom(c, "wheezes", AS_NEGATED);
        ward_buf_puts(&w->body, " or ");
        symptom(c, "crackles", AS_NEGATED);
        ward_buf_putc(&w->body, '.');
    }
    ward_buf_puts(&w->body, c->style % 2 ? "\n" : " ");
    if (synth_has(p, C_HF, c->day) && srng_chance(c->r, 0.5)) {
        ward_buf_puts(&w->body, "Ext: 1+ bilateral ");
        symptom(c, "edema", AS_PRESENT);
        ward_buf_puts(&w->body, " to the shins.");
    } else {
        ward_buf_puts(&w->body, srng_chance(c->r, 0.5) ? "Ext: no " : "Extremities without ");
        symptom(c, "edema", AS_NEGATED);
        ward_buf_putc(&w->body, '.');
    }
}

/* ---- assessment and plan ---- */

static void plan_for(nctx *c, int cond)
{
    const spatient *p = c->p;
    nw *w = c->w;
    srng *r = c->r;
    int any = 0;
    for (size_t i = 0; i < p->med.n; i++) {
        const smed *m = &p->med.v[i];
        if (m->reason != cond || m->enc != c->enc || !med_changed_here(p, m)) continue;
        int before = prior_step(p, m);
        if (before >= 0) ward_buf_puts(&w->body, before < m->step ? (srng_chance(r, 0.5) ? " Increase to " : " Titrate up: ")
                                                                   : " Decrease to ");
        else ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " Start " : " Will start ");
        nw_med(w, m, srng_int(r, 0, 4), AS_PRESENT);
        ward_buf_putc(&w->body, '.');
        any = 1;
    }
    for (size_t i = 0; i < p->med.n; i++) {
        const smed *m = &p->med.v[i];
        if (m->reason != cond || m->end != c->day || m->duration) continue;
        int replaced = 0;
        for (size_t j = 0; j < p->med.n; j++)
            if (p->med.v[j].drug == m->drug && p->med.v[j].start == c->day) replaced = 1;
        if (replaced) continue;
        ward_buf_puts(&w->body, " Stop ");
        ward_buf_puts(&w->body, synth_drugs[m->drug].name);
        ward_buf_putc(&w->body, '.');
        any = 1;
    }
    if (!any && cond < NCHRONIC) {
        const smed *m[48];
        int n = meds_on(p, c->day, m, 48), shown = 0;
        for (int i = 0; i < n && shown < 2; i++) {
            if (m[i]->reason != cond) continue;
            ward_buf_puts(&w->body, shown ? " and " : (srng_chance(r, 0.5) ? " Continue " : " Cont "));
            nw_med(w, m[i], srng_int(r, 0, 4), AS_PRESENT);
            shown++;
        }
        if (shown) ward_buf_putc(&w->body, '.');
    }
    switch (cond) {
    case C_T2DM:
        if (srng_chance(r, 0.5)) ward_buf_puts(&w->body, " Recheck A1c in 3 months.");
        if (srng_chance(r, 0.4)) {
            ward_buf_puts(&w->body, " If A1c remains above goal, will consider ");
            smed hyp = {.drug = D_GLARGINE, .step = 0, .end = NO_DAY};
            nw_med(w, &hyp, 0, AS_HYPOTHETICAL);
            ward_buf_putc(&w->body, '.');
        }
        if (srng_chance(r, 0.3)) ward_buf_puts(&w->body, " Annual eye exam and foot exam reviewed.");
        break;
    case C_HTN:
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " Low-sodium diet, home BP log." : " Continue home BP monitoring.");
        break;
    case C_AF:
        if (srng_chance(r, 0.5)) {
            ward_buf_puts(&w->body, " Bleeding precautions reviewed; call if ");
            symptom(c, "black stools", AS_HYPOTHETICAL);
            ward_buf_puts(&w->body, " or ");
            symptom(c, "blood in urine", AS_HYPOTHETICAL);
            ward_buf_puts(&w->body, " develops.");
        }
        break;
    case C_HF:
        ward_buf_puts(&w->body, " Daily weights; call if weight up more than 3 lb in a day or worsening ");
        symptom(c, "shortness of breath", AS_HYPOTHETICAL);
        ward_buf_putc(&w->body, '.');
        break;
    case C_DEPRESSION:
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " Denies " : " No ");
        symptom(c, "suicidal ideation", AS_NEGATED);
        ward_buf_puts(&w->body, ". Continue therapy.");
        break;
    case C_PNEUMONIA: case C_URI: case C_BRONCHITIS: case C_UTI: case C_CELLULITIS: {
        static const char *const ret[] = {" Return if ", " RTC or go to ED if ", " Call if ", " Return precautions given: come back if "};
        static const char *const what[] = {"fever", "shortness of breath", "worsening pain", "rash", "vomiting"};
        ward_buf_puts(&w->body, PICK(r, ret));
        symptom(c, PICK(r, what), AS_HYPOTHETICAL);
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " develops." : " occurs.");
        break;
    }
    default:
        break;
    }
}

static void assessment_item(nctx *c, int cond, int n, int numbered)
{
    nw *w = c->w;
    if (numbered) ward_buf_printf(&w->body, "%s%d. ", n ? "\n" : "", n + 1);
    else ward_buf_puts(&w->body, n ? "\n# " : "# ");
    int assertion = AS_PRESENT;
    if (cond >= NCHRONIC && srng_chance(c->r, 0.25) && cond != C_MI && cond != C_GIBLEED) {
        static const char *const hedge[] = {"Possible ", "Likely ", "Suspected ", "Probable ", "r/o "};
        ward_buf_puts(&w->body, PICK(c->r, hedge));
        assertion = AS_POSSIBLE;
    }
    nw_problem(c->w, cond, assertion, -1);
    const spatient *p = c->p;
    if (cond == C_HTN) {
        int ctl = 0;
        for (size_t i = 0; i < p->obs.n; i++)
            if (p->obs.v[i].enc == c->enc && p->obs.v[i].obs == O_SBP) ctl = p->obs.v[i].v < 140 ? 1 : 2;
        ward_buf_puts(&w->body, ctl == 1 ? ", at goal" : ctl == 2 ? ", above goal today" : "");
    } else if (cond == C_T2DM) {
        const sobs *a = synth_latest_obs(p, O_A1C, c->day);
        if (a && srng_chance(c->r, 0.7)) {
            ward_buf_puts(&w->body, a->v < 7 ? ", well controlled with " : ", suboptimally controlled with ");
            nw_lab(c->w, a, 0);
        }
    } else if (cond == C_CKD) {
        const sobs *e = synth_latest_obs(p, O_EGFR, c->day);
        if (e) {
            ward_buf_puts(&w->body, ", ");
            nw_lab(c->w, e, 3);
        }
    }
    ward_buf_putc(&w->body, '.');
    plan_for(c, cond);
}

static int active_problems(const spatient *p, int day, int *out, int reason)
{
    int n = 0;
    if (reason >= 0) out[n++] = reason;
    for (int k = 0; k < NCHRONIC; k++)
        if (k != reason && synth_has(p, k, day)) out[n++] = k;
    return n;
}

static void assessment_plan(nctx *c, int reason, int max)
{
    int probs[NCOND + 1], n = active_problems(c->p, c->day, probs, reason);
    if (n > max) n = max;
    int numbered = srng_chance(c->r, 0.6);
    for (int i = 0; i < n; i++) assessment_item(c, probs[i], i, numbered);
    if (!n) ward_buf_puts(&c->w->body, "Healthy; age-appropriate screening and anticipatory guidance.");
    const spatient *p = c->p;
    for (size_t i = 0; i < p->vax.n; i++)
        if (p->vax.v[i].enc == c->enc) {
            ward_buf_printf(&c->w->body, "\n%s given today.", synth_vaxes[p->vax.v[i].vax].key);
        }
    for (size_t i = 0; i < p->proc.n; i++)
        if (p->proc.v[i].enc == c->enc && p->proc.v[i].day > c->day) {
            char norm[96];
            snprintf(norm, sizeof norm, "{\"name\":\"%s\",\"code\":\"%s\"}", synth_procs[p->proc.v[i].proc].key,
                     synth_procs[p->proc.v[i].proc].code);
            ward_buf_puts(&c->w->body, "\nScheduled for ");
            nw_concept(c->w, "procedure", AS_HYPOTHETICAL, synth_procs[p->proc.v[i].proc].key, norm);
            ward_buf_puts(&c->w->body, " on ");
            nw_date(c->w, p->proc.v[i].day);
            ward_buf_putc(&c->w->body, '.');
        }
}

static void signature(nctx *c)
{
    nw *w = c->w;
    ward_buf_puts(&w->body, "\n\n");
    switch (srng_int(c->r, 0, 3)) {
    case 0: ward_buf_puts(&w->body, "Electronically signed by "); doctor(c, c->author); ward_buf_puts(&w->body, " on "); nw_date(c->w, c->day); break;
    case 1: ward_buf_puts(&w->body, "-- "); doctor(c, c->author); ward_buf_printf(&w->body, ", %s", c->author->specialty); break;
    case 2: doctor(c, c->author); ward_buf_puts(&w->body, "\n"); nw_phi(w, "FACILITY", c->p->enc.v[c->enc].kind == E_INPATIENT ? c->p->demo.hospital : c->p->demo.clinic);
        break;
    default: ward_buf_puts(&w->body, "Seen and examined. "); doctor(c, c->author); break;
    }
    ward_buf_putc(&w->body, '\n');
}

static void header_block(nctx *c)
{
    const spatient *p = c->p;
    nw *w = c->w;
    char nm[96], ph[24];
    snprintf(nm, sizeof nm, "%s, %s", p->demo.n.family, p->demo.n.given);
    switch (srng_int(c->r, 0, 3)) {
    case 0:
        nw_f(w, "Patient: %P    DOB: ", "NAME", nm);
        nw_date(w, p->birth);
        nw_f(w, "    MRN: %P\n", "MRN", p->demo.mrn);
        break;
    case 1:
        nw_f(w, "Name: %P\nMR#: %P\nDate of service: ", "NAME", nm, "MRN", p->demo.mrn);
        nw_date(w, c->day);
        ward_buf_putc(&w->body, '\n');
        break;
    case 2:
        nw_f(w, "%P | MRN %P | Acct %P | %P\n", "NAME", nm, "MRN", p->demo.mrn, "ACCOUNT", p->demo.account, "FACILITY",
             p->demo.clinic);
        break;
    default:
        nw_f(w, "Pt: %P (MRN %P)  Phone: %P\nInsurance: %s, member ID %P\n", "NAME", nm, "MRN", p->demo.mrn, "PHONE",
             synth_phone_fmt(c->r, p->demo.phone, ph), p->demo.plan, "HEALTHPLAN", p->demo.member_id);
        break;
    }
}

/* ---- HPI ---- */

static void hpi(nctx *c, int reason, int kind)
{
    const spatient *p = c->p;
    nw *w = c->w;
    srng *r = c->r;
    patient_name(c);
    ward_buf_puts(&w->body, srng_chance(r, 0.5) ? (an_age(c) ? " is an " : " is a ") : " is an established ");
    age_phrase(c);
    int probs[NCOND + 1], n = active_problems(p, c->day, probs, -1);
    if (n) {
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " with PMH of " : " with a history of ");
        for (int i = 0; i < n && i < 4; i++) {
            if (i) ward_buf_puts(&w->body, i == n - 1 || i == 3 ? " and " : ", ");
            nw_problem(w, probs[i], AS_PRESENT, -1);
        }
    }
    const senc *e = &p->enc.v[c->enc];
    if (kind == E_INPATIENT) {
        ward_buf_puts(&w->body, " who presented to the ED at ");
        nw_phi(w, "FACILITY", p->demo.hospital);
        ward_buf_puts(&w->body, " on ");
        nw_date(w, e->day);
        ward_buf_puts(&w->body, " with ");
        switch (reason) {
        case C_MI: ward_buf_puts(&w->body, "substernal "); symptom(c, "chest pain", AS_PRESENT); ward_buf_puts(&w->body, " radiating to the left arm"); break;
        case C_HF_EXAC: case C_HF: ward_buf_puts(&w->body, "worsening "); symptom(c, "dyspnea", AS_PRESENT); ward_buf_puts(&w->body, " and "); symptom(c, "leg swelling", AS_PRESENT); break;
        case C_GIBLEED: symptom(c, "melena", AS_PRESENT); ward_buf_puts(&w->body, " and lightheadedness"); break;
        case C_STROKE: ward_buf_puts(&w->body, "acute "); symptom(c, "left-sided weakness", AS_PRESENT); break;
        case C_PNEUMONIA: symptom(c, "fever", AS_PRESENT); ward_buf_puts(&w->body, " and productive "); symptom(c, "cough", AS_PRESENT); break;
        default: ward_buf_puts(&w->body, "decline in function"); break;
        }
        ward_buf_puts(&w->body, ". ");
    } else if (kind == E_WELLNESS) {
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " presenting for annual physical. " : " here for a routine wellness visit. ");
    } else if (reason >= NCHRONIC) {
        static const char *const dur[] = {"2 days", "3 days", "about a week", "several days", "since Monday"};
        ward_buf_printf(&w->body, " presenting with %s of ", PICK(r, dur));
        switch (reason) {
        case C_URI: symptom(c, "nasal congestion", AS_PRESENT); ward_buf_puts(&w->body, " and "); symptom(c, "sore throat", AS_PRESENT); break;
        case C_BRONCHITIS: symptom(c, "cough", AS_PRESENT); ward_buf_puts(&w->body, " productive of clear sputum"); break;
        case C_UTI: symptom(c, "dysuria", AS_PRESENT); ward_buf_puts(&w->body, " and "); symptom(c, "urinary frequency", AS_PRESENT); break;
        case C_PNEUMONIA: symptom(c, "cough", AS_PRESENT); ward_buf_puts(&w->body, ", "); symptom(c, "fever", AS_PRESENT); break;
        case C_CELLULITIS: ward_buf_puts(&w->body, "redness and "); symptom(c, "swelling of the left leg", AS_PRESENT); break;
        case C_BACKPAIN: symptom(c, "low back pain", AS_PRESENT); ward_buf_puts(&w->body, " after lifting boxes"); break;
        case C_COPD_EXAC: ward_buf_puts(&w->body, "increased "); symptom(c, "shortness of breath", AS_PRESENT); break;
        default: symptom(c, "fatigue", AS_PRESENT); break;
        }
        ward_buf_puts(&w->body, ". ");
    } else {
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? " who presents for follow-up" : " here for f/u");
        if (reason >= 0) {
            ward_buf_puts(&w->body, " of ");
            nw_problem(w, reason, AS_PRESENT, -1);
        }
        ward_buf_puts(&w->body, ". ");
    }
    switch (reason) {
    case C_T2DM:
        ward_buf_printf(&w->body, "Checks fingersticks %s, fasting readings %d-%d. ", srng_chance(r, 0.5) ? "daily" : "most mornings",
                        srng_int(r, 10, 14) * 10, srng_int(r, 15, 22) * 10);
        negate_some(c, dm_sx, NELEM(dm_sx), srng_int(r, 2, 3));
        break;
    case C_HTN:
        ward_buf_printf(&w->body, "Home BP readings in the %d0s/%d0s. ", srng_int(r, 12, 15), srng_int(r, 7, 9));
        negate_some(c, cardio_sx, NELEM(cardio_sx), srng_int(r, 2, 3));
        break;
    case C_HF: case C_CAD: case C_AF:
        negate_some(c, cardio_sx, NELEM(cardio_sx), srng_int(r, 2, 4));
        break;
    case C_COPD: case C_ASTHMA:
        ward_buf_printf(&w->body, "Uses rescue inhaler %s. ", srng_chance(r, 0.5) ? "about twice a week" : "rarely");
        negate_some(c, resp_sx, NELEM(resp_sx), 2);
        break;
    case C_GERD:
        negate_some(c, gi_sx, NELEM(gi_sx), 3);
        break;
    case C_URI: case C_BRONCHITIS: case C_PNEUMONIA:
        negate_some(c, general_sx + 2, 4, 2);
        break;
    default:
        negate_some(c, general_sx, NELEM(general_sx), 2);
        break;
    }
    if (srng_chance(r, 0.35)) {
        char nm[64], ph[24];
        name_full(nm, sizeof nm, &p->demo.kin[0].n);
        nw_f(w, "Accompanied by %s %s", p->demo.female ? "her" : "his", p->demo.kin[0].relation);
        ward_buf_puts(&w->body, ", ");
        nw_phi(w, "NAME", nm);
        if (srng_chance(r, 0.5)) nw_f(w, " (cell %P)", "PHONE", synth_phone_fmt(r, p->demo.kin[0].phone, ph));
        ward_buf_puts(&w->body, ". ");
    }
    if (srng_chance(r, 0.15)) nw_f(w, "Prefers contact by email at %P. ", "EMAIL", p->demo.email);
    if (srng_chance(r, 0.1)) {
        char url[96];
        snprintf(url, sizeof url, "https://portal.example.org/chart/%s", p->demo.mrn);
        nw_f(w, "Results released to portal (%P). ", "URL", url);
    }
}

/* ---- note kinds ---- */

static void progress_note(nctx *c)
{
    const spatient *p = c->p;
    const senc *e = &p->enc.v[c->enc];
    if (srng_chance(c->r, 0.5)) header_block(c);
    int soap = c->style == 3;
    section(c, S_CC);
    if (e->kind == E_WELLNESS) ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? "Annual exam." : "Physical");
    else if (e->reason >= 0) nw_problem(c->w, e->reason, AS_PRESENT, -1), ward_buf_puts(&c->w->body, e->kind == E_FOLLOWUP ? " follow-up" : "");
    else ward_buf_puts(&c->w->body, "Follow-up");
    section(c, S_HPI);
    hpi(c, e->reason, e->kind);
    if (!soap && srng_chance(c->r, 0.6)) {
        section(c, S_PMH);
        problems(c, c->day);
    }
    section(c, S_MEDS);
    med_list(c, c->day - 1 >= p->window ? c->day - 1 : c->day, srng_int(c->r, 0, 3));
    section(c, S_ALLERGY);
    allergies(c);
    if (srng_chance(c->r, 0.4)) {
        section(c, S_SOCIAL);
        social(c);
    }
    if (srng_chance(c->r, 0.35)) {
        section(c, S_FAMILY);
        family(c);
    }
    if (srng_chance(c->r, 0.4)) {
        section(c, S_ROS);
        negate_some(c, general_sx, NELEM(general_sx), 3);
        negate_some(c, gi_sx, NELEM(gi_sx), 2);
    }
    section(c, S_VITALS);
    vitals(c);
    section(c, S_EXAM);
    exam(c);
    section(c, S_LABS);
    recent_labs(c, 1);
    if (srng_chance(c->r, 0.3)) {
        section(c, S_ASSESS);
        int probs[NCOND + 1], n = active_problems(p, c->day, probs, e->reason);
        for (int i = 0; i < n && i < 3; i++) {
            if (i) ward_buf_puts(&c->w->body, "; ");
            nw_problem(c->w, probs[i], AS_PRESENT, -1);
        }
        if (!n) ward_buf_puts(&c->w->body, "Well visit.");
        section(c, S_PLAN);
        assessment_plan(c, e->reason, 4);
    } else {
        section(c, S_AP);
        assessment_plan(c, e->reason, 5);
    }
    signature(c);
}

static void history_physical(nctx *c)
{
    const spatient *p = c->p;
    const senc *e = &p->enc.v[c->enc];
    header_block(c);
    section(c, S_CC);
    if (e->reason >= 0) nw_problem(c->w, e->reason, AS_PRESENT, -1);
    else ward_buf_puts(&c->w->body, "Admission");
    section(c, S_HPI);
    hpi(c, e->reason, E_INPATIENT);
    section(c, S_PMH);
    problems(c, c->day);
    section(c, S_PSH);
    surgical(c, c->day);
    section(c, S_MEDS);
    med_list(c, c->day - 1, srng_int(c->r, 0, 3));
    section(c, S_ALLERGY);
    allergies(c);
    section(c, S_SOCIAL);
    social(c);
    section(c, S_FAMILY);
    family(c);
    section(c, S_ROS);
    negate_some(c, general_sx, NELEM(general_sx), 3);
    if (e->reason != C_MI) negate_some(c, cardio_sx, 2, 2);
    section(c, S_VITALS);
    vitals(c);
    section(c, S_EXAM);
    exam(c);
    section(c, S_LABS);
    recent_labs(c, 0);
    section(c, S_AP);
    ward_buf_puts(&c->w->body, "Admit to ");
    nw_phi(c->w, "FACILITY", p->demo.hospital);
    ward_buf_puts(&c->w->body, srng_chance(c->r, 0.5) ? " medicine service.\n" : " telemetry.\n");
    assessment_plan(c, e->reason, 4);
    ward_buf_puts(&c->w->body, "\nCode status: full code. Contact: ");
    char nm[64], ph[24];
    name_full(nm, sizeof nm, &p->demo.kin[0].n);
    nw_f(c->w, "%P (%s) %P.", "NAME", nm, p->demo.kin[0].relation, "PHONE", synth_phone_fmt(c->r, p->demo.kin[0].phone, ph));
    signature(c);
}

static void discharge_summary(nctx *c)
{
    const spatient *p = c->p;
    const senc *e = &p->enc.v[c->enc];
    nw *w = c->w;
    header_block(c);
    ward_buf_puts(&w->body, "Admission Date: ");
    nw_date(w, e->day);
    ward_buf_puts(&w->body, "\nDischarge Date: ");
    nw_date(w, e->end_day);
    ward_buf_puts(&w->body, "\nAttending: ");
    doctor(c, &p->demo.staff[SPEC_HOSP]);
    ward_buf_puts(&w->body, "\n\nDischarge Diagnosis: ");
    if (e->reason >= 0) nw_problem(w, e->reason, AS_PRESENT, -1);
    section(c, S_COURSE);
    patient_name(c);
    ward_buf_puts(&w->body, an_age(c) ? " is an " : " is a ");
    age_phrase(c);
    ward_buf_puts(&w->body, " admitted with ");
    if (e->reason == C_PNEUMONIA) {
        ward_buf_puts(&w->body, "fever and cough; initial chest x-ray was read as ");
        nw_problem(w, C_PNEUMONIA, AS_POSSIBLE, -1);
        ward_buf_puts(&w->body, " versus atelectasis, and repeat imaging confirmed a right lower lobe infiltrate. ");
    } else if (e->reason == C_MI) {
        ward_buf_puts(&w->body, "chest pain and elevated troponin. ");
        for (size_t i = 0; i < p->proc.n; i++)
            if (p->proc.v[i].enc == c->enc && (p->proc.v[i].proc == P_PCI || p->proc.v[i].proc == P_CABG)) {
                char norm[96];
                snprintf(norm, sizeof norm, "{\"name\":\"%s\",\"code\":\"%s\"}", synth_procs[p->proc.v[i].proc].key,
                         synth_procs[p->proc.v[i].proc].code);
                ward_buf_puts(&w->body, "Underwent ");
                nw_concept(w, "procedure", AS_PRESENT, synth_procs[p->proc.v[i].proc].key, norm);
                ward_buf_puts(&w->body, " on ");
                nw_date(w, p->proc.v[i].day);
                ward_buf_puts(&w->body, " without complication. ");
            }
    } else if (e->reason >= 0) {
        nw_problem(w, e->reason, AS_PRESENT, -1);
        ward_buf_puts(&w->body, ". ");
    }
    if (p->death == e->end_day) {  /* a death summary: no discharge medications or follow-up */
        char nm[64];
        name_full(nm, sizeof nm, &p->demo.kin[0].n);
        ward_buf_puts(&w->body, "Despite treatment the patient declined; after discussion with the family (");
        nw_phi(w, "NAME", nm);
        ward_buf_puts(&w->body, ", ");
        ward_buf_puts(&w->body, p->demo.kin[0].relation);
        ward_buf_puts(&w->body, ") care was transitioned to comfort measures. Patient expired on ");
        nw_date(w, e->end_day);
        ward_buf_puts(&w->body, ".");
        section(c, S_LABS);
        recent_labs(c, 1);
        c->day = e->end_day;
        signature(c);
        return;
    }
    ward_buf_puts(&w->body, "Treated as below and improved. ");
    if (srng_chance(c->r, 0.5)) {
        ward_buf_puts(&w->body, "No ");
        symptom(c, "fever", AS_NEGATED);
        ward_buf_puts(&w->body, " for 48 hours prior to discharge. ");
    }
    section(c, S_LABS);
    recent_labs(c, 1);
    section(c, S_DCMEDS);
    med_list(c, e->end_day, srng_int(c->r, 0, 3));
    section(c, S_ALLERGY);
    allergies(c);
    section(c, S_FOLLOW);
    ward_buf_puts(&w->body, "Follow up with PCP ");
    doctor(c, &p->demo.staff[SPEC_PCP]);
    ward_buf_puts(&w->body, " at ");
    nw_phi(w, "FACILITY", p->demo.clinic);
    ward_buf_printf(&w->body, " within %d days", srng_int(c->r, 5, 14));
    if (srng_chance(c->r, 0.5)) {
        char fax[16], ph[24];
        snprintf(fax, sizeof fax, "%.3s5550%03d", p->demo.phone, 100 + (int)(p->index % 100));
        nw_f(w, "; summary faxed to %P", "FAX", synth_phone_fmt(c->r, fax, ph));
    }
    ward_buf_puts(&w->body, ".\nReturn to the ED if ");
    static const char *const ret[] = {"chest pain", "fever", "shortness of breath", "bleeding", "confusion"};
    const char *pick[2];
    shuffle_pick(c->r, ret, NELEM(ret), pick, 2);
    symptom(c, pick[0], AS_HYPOTHETICAL);
    ward_buf_puts(&w->body, " or ");
    symptom(c, pick[1], AS_HYPOTHETICAL);
    ward_buf_puts(&w->body, srng_chance(c->r, 0.5) ? " develops." : " occurs.");
    c->day = e->end_day;
    signature(c);
}

static void consult_note(nctx *c)
{
    const spatient *p = c->p;
    const senc *e = &p->enc.v[c->enc];
    nw *w = c->w;
    if (srng_chance(c->r, 0.6)) header_block(c);
    section(c, S_REASON);
    if (e->reason >= 0) nw_problem(w, e->reason, AS_PRESENT, -1);
    ward_buf_puts(&w->body, ". Requesting physician: ");
    doctor(c, &p->demo.staff[SPEC_PCP]);
    ward_buf_puts(&w->body, ".");
    section(c, S_HPI);
    hpi(c, e->reason, E_CONSULT);
    section(c, S_PMH);
    problems(c, c->day);
    section(c, S_MEDS);
    med_list(c, c->day - 1, srng_int(c->r, 0, 3));
    section(c, S_ALLERGY);
    allergies(c);
    section(c, S_FAMILY);
    family(c);
    section(c, S_VITALS);
    vitals(c);
    section(c, S_LABS);
    recent_labs(c, 1);
    section(c, S_ASSESS);
    if (e->reason >= 0) nw_problem(w, e->reason, AS_PRESENT, -1);
    ward_buf_puts(&w->body, ".");
    section(c, S_RECS);
    assessment_plan(c, e->reason, 2);
    ward_buf_puts(&w->body, "\nThank you for this consult; we will follow. ");
    char ph[24];
    nw_f(w, "Clinic phone %P.", "PHONE", synth_phone_fmt(c->r, p->demo.phone, ph));
    signature(c);
}

/* ---- which encounters get notes ---- */

static const char *kind_name(int k)
{
    static const char *const n[] = {"progress_note", "history_and_physical", "discharge_summary", "consult"};
    return n[k];
}

static void title_of(char *out, size_t cap, int kind, const senc *e)
{
    const char *what = e->reason >= 0 ? synth_conds[e->reason].key : e->kind == E_WELLNESS ? "annual exam" : "visit";
    static const char *const label[] = {"Progress note", "History and physical", "Discharge summary", "Consult"};
    snprintf(out, cap, "%s: %s", label[kind], what);
}

void synth_write_note(swriter *sw, const spatient *p, srng *r, int enc, int kind, int n);
void synth_write_note(swriter *sw, const spatient *p, srng *r, int enc, int kind, int n)
{
    nw *w = sw_nw(sw);
    nw_reset(w);
    w->r = r;
    const senc *e = &p->enc.v[enc];
    nctx c = {.sw = sw, .p = p, .w = w, .r = r, .enc = enc, .day = e->day, .style = srng_int(r, 0, 4)};
    c.author = &p->demo.staff[kind == 1 || kind == 2 ? SPEC_HOSP : e->staff];
    switch (kind) {
    case 0: progress_note(&c); break;
    case 1: history_physical(&c); break;
    case 2: discharge_summary(&c); break;
    default: consult_note(&c); break;
    }
    ward_buf *out = sw_scratch(sw, 2);
    char date[11], title[96], name[80];
    sday_iso(kind == 2 ? e->end_day : e->day, date);
    title_of(title, sizeof title, kind, e);
    ward_buf_reset(out);
    ward_buf_printf(out, "---\npatient: %s\ndate: %s\nkind: %s\ntitle: %s\nauthor: Dr. %s %s\n---\n", p->id, date,
                    kind_name(kind), title, c.author->n.given, c.author->n.family);
    ward_buf_append(out, w->body.data, w->body.len);
    snprintf(name, sizeof name, "%s-%d.txt", p->id, n);
    sw_file(sw, "notes", name, out->data, out->len);
    ward_buf *t = sw_scratch(sw, 3);
    nw_truth(w, t, name, p->id, kind_name(kind), NULL);
    snprintf(name, sizeof name, "%s-%d.truth.json", p->id, n);
    sw_file(sw, "notes", name, t->data, t->len);
    sw_counts(sw)->notes++;
}

void synth_write_notes(swriter *sw, const spatient *p, srng *r)
{
    int max = sw_params(sw)->max_notes, n = 0;
    int picks[64][2], np = 0;
    /* admissions first (the most recent two), then a consult, then office visits, latest first */
    int adm = 0, cons = 0;
    for (size_t i = p->enc.n; i-- > 0 && np < 62;) {
        const senc *e = &p->enc.v[i];
        if (e->kind == E_INPATIENT && adm < 2 && np + 2 <= max) {
            picks[np][0] = (int)i, picks[np++][1] = 1;
            picks[np][0] = (int)i, picks[np++][1] = 2;
            adm++;
        } else if (e->kind == E_CONSULT && !cons && np < max) {
            picks[np][0] = (int)i, picks[np++][1] = 3;
            cons++;
        }
    }
    int office = 0;
    for (size_t i = p->enc.n; i-- > 0 && np < max && np < 64;) {
        const senc *e = &p->enc.v[i];
        if ((e->kind == E_WELLNESS || e->kind == E_FOLLOWUP || e->kind == E_ACUTE || e->kind == E_ED) && office < 4) {
            picks[np][0] = (int)i, picks[np++][1] = 0;
            office++;
        }
    }
    if (!np) picks[np][0] = (int)p->enc.n - 1, picks[np++][1] = 0;
    for (int i = 0; i < np; i++) synth_write_note(sw, p, r, picks[i][0], picks[i][1], ++n);
    if (srng_chance(r, sw_params(sw)->conversations)) {
        if (synth_write_conversation(sw, p, r, n + 1)) sw_counts(sw)->transcripts++;
    }
}
