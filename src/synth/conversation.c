/* conversation.c — a doctor–patient visit as a transcript, with the SOAP
 * note a clinician would write from it (the sidecar's "reference_note").
 *
 * The visit follows the simulated encounter: the facts spoken are the
 * patient's (problems, medications, the vitals and labs of that day, the
 * changes decided), wrapped in what talk has and notes do not: greetings,
 * small talk, fillers, self-corrections. Speaker labels vary between files
 * ("Doctor:", "[doctor]", "D:", names). Spans are kept as for notes.
 */
#include "synth_int.h"

#include <stdio.h>
#include <string.h>

typedef struct conv {
    nw *w;
    srng *r;
    const spatient *p;
    int enc, day, fmt;
    char doc_label[64], pat_label[64];
    ward_buf subj, obj, assess, plan;
} conv;

static void turn(conv *v, int doctor)
{
    nw *w = v->w;
    if (w->body.len) ward_buf_putc(&w->body, '\n');
    ward_buf_puts(&w->body, doctor ? v->doc_label : v->pat_label);
    ward_buf_putc(&w->body, ' ');
}

static const char *filler(conv *v)
{
    static const char *const f[] = {"", "", "", "um, ", "uh, ", "you know, ", "well, ", "so, ", "I mean, "};
    return PICK(v->r, f);
}

static void say_symptom(conv *v, const char *s, int assertion)
{
    char norm[96];
    snprintf(norm, sizeof norm, "{\"name\":\"%s\"}", s);
    nw_concept(v->w, "problem", assertion, s, norm);
}

static const char *spoken_freq(const drug_def *d)
{
    if (d->prn) return "as needed";
    if (d == &synth_drugs[D_GLARGINE]) return "at night";
    switch (d->per_day) {
    case 0: return "once a week";
    case 1: return "once a day";
    case 2: return "twice a day";
    case 3: return "three times a day";
    default: return "four times a day";
    }
}

static void say_med(conv *v, const smed *m, int assertion)
{
    const drug_def *d = &synth_drugs[m->drug];
    char amt[16], text[128];
    double a = d->steps[m->step];
    if (a == (int)a) snprintf(amt, sizeof amt, "%d", (int)a);
    else snprintf(amt, sizeof amt, "%g", a);
    const char *unit = !strcmp(d->unit, "mg") ? "milligrams" : !strcmp(d->unit, "mcg") ? "micrograms" : d->unit;
    if (d->dose_count) snprintf(text, sizeof text, "%s inhaler, %d puffs %s", d->name, d->dose_count, spoken_freq(d));
    else snprintf(text, sizeof text, "%s %s %s %s", d->name, amt, unit, spoken_freq(d));
    ward_buf nb;
    ward_buf_init(&nb);
    nw_norm_med(&nb, m, NULL);
    nw_concept(v->w, "medication", assertion, text, nb.data);
    ward_buf_free(&nb);
}

static void labels(conv *v)
{
    const spatient *p = v->p;
    const sclinician *doc = &p->demo.staff[p->enc.v[v->enc].staff];
    switch (v->fmt) {
    case 0: strcpy(v->doc_label, "Doctor:"), strcpy(v->pat_label, "Patient:"); break;
    case 1: strcpy(v->doc_label, "[doctor]"), strcpy(v->pat_label, "[patient]"); break;
    case 2: strcpy(v->doc_label, "D:"), strcpy(v->pat_label, "P:"); break;
    case 3:
        /* Speaker names are PHI too, but labels are written raw: they are
         * written through the note writer each turn below instead. */
        snprintf(v->doc_label, sizeof v->doc_label, "DR. %s:", doc->n.family);
        snprintf(v->pat_label, sizeof v->pat_label, "%s:", p->demo.n.given);
        break;
    default: strcpy(v->doc_label, "DOCTOR:"), strcpy(v->pat_label, "PATIENT:"); break;
    }
}

/* In the names format each label carries a NAME span. */
static void speak(conv *v, int doctor)
{
    if (v->fmt != 3) return turn(v, doctor);
    nw *w = v->w;
    if (w->body.len) ward_buf_putc(&w->body, '\n');
    const spatient *p = v->p;
    if (doctor) nw_f(w, "DR. %P: ", "NAME", p->demo.staff[p->enc.v[v->enc].staff].n.family);
    else nw_f(w, "%P: ", "NAME", p->demo.n.given);
}

static void soap_json(ward_buf *out, conv *v)
{
    ward_buf_reset(out);
    ward_buf_puts(out, "\"reference_note\":{\"subjective\":");
    sj_str(out, v->subj.data ? v->subj.data : "");
    ward_buf_puts(out, ",\"objective\":");
    sj_str(out, v->obj.data ? v->obj.data : "");
    ward_buf_puts(out, ",\"assessment\":");
    sj_str(out, v->assess.data ? v->assess.data : "");
    ward_buf_puts(out, ",\"plan\":");
    sj_str(out, v->plan.data ? v->plan.data : "");
    ward_buf_putc(out, '}');
}

static int pick_visit(const spatient *p)
{
    for (size_t i = p->enc.n; i-- > 0;) {
        int k = p->enc.v[i].kind;
        if (k == E_FOLLOWUP || k == E_WELLNESS || k == E_ACUTE) return (int)i;
    }
    return -1;
}

static void talk(conv *v)
{
    const spatient *p = v->p;
    const senc *e = &p->enc.v[v->enc];
    nw *w = v->w;
    srng *r = v->r;
    int age = sday_age(p->birth, v->day);
    /* greeting and small talk */
    speak(v, 1);
    if (age < 18) nw_f(w, "Hi, %P, good to see you. ", "NAME", p->demo.n.given);
    else nw_f(w, "Hi, %s %P, good to see you. ", p->demo.female ? "Ms." : "Mr.", "NAME", p->demo.n.family);
    static const char *const small[] = {"How was the drive in?", "Busy week?", "How have you been holding up?",
                                        "Did you find parking okay?"};
    ward_buf_puts(&w->body, PICK(r, small));
    speak(v, 0);
    static const char *const reply[] = {"Oh, not bad. Traffic was, um, fine.", "It's been a long week, honestly.",
                                        "Good, good. Can't complain.", "Parking was a nightmare, but I made it."};
    ward_buf_puts(&w->body, PICK(r, reply));
    speak(v, 1);
    ward_buf_printf(&w->body, "%s what brings you in today?", srng_chance(r, 0.5) ? "So," : "Okay,");
    speak(v, 0);
    ward_buf_puts(&w->body, filler(v));
    int reason = e->reason;
    if (e->kind == E_WELLNESS || reason < 0) {
        ward_buf_puts(&w->body, "just my yearly checkup.");
        ward_buf_puts(&v->subj, "Presents for annual wellness visit. ");
    } else if (reason >= NCHRONIC) {
        ward_buf_puts(&w->body, "I've had this ");
        const char *sx = reason == C_UTI ? "burning when I pee" : reason == C_BACKPAIN ? "back pain" : "cough";
        say_symptom(v, sx, AS_PRESENT);
        ward_buf_printf(&w->body, " for %s days now.", srng_chance(r, 0.5) ? "three" : "four");
        ward_buf_printf(&v->subj, "Reports %s for several days. ", sx);
    } else {
        ward_buf_puts(&w->body, "I'm here to follow up on my ");
        nw_problem(w, reason, AS_PRESENT, 2);
        ward_buf_puts(&w->body, ".");
        ward_buf_printf(&v->subj, "Follow-up of %s. ", synth_conds[reason].key);
    }
    /* review of symptoms, with negations */
    static const char *const ask[] = {"chest pain", "shortness of breath", "fever", "dizziness", "swelling in your legs"};
    static const char *const norm_sx[] = {"chest pain", "shortness of breath", "fever", "dizziness", "leg swelling"};
    int a = srng_int(r, 0, 4), b = (a + 1 + srng_int(r, 0, 3)) % 5;
    speak(v, 1);
    ward_buf_printf(&w->body, "Any %s or %s lately?", ask[a], ask[b]);
    speak(v, 0);
    ward_buf_puts(&w->body, "No, no ");
    say_symptom(v, norm_sx[a], AS_NEGATED);
    ward_buf_puts(&w->body, ". And no ");
    say_symptom(v, norm_sx[b], AS_NEGATED);
    ward_buf_puts(&w->body, " either.");
    ward_buf_printf(&v->subj, "Denies %s and %s. ", norm_sx[a], norm_sx[b]);
    /* medications, with a self-correction */
    const smed *cur = NULL;
    for (size_t i = 0; i < p->med.n; i++)
        if (synth_med_active(&p->med.v[i], v->day - 1) && p->med.v[i].start < v->day && !p->med.v[i].duration) cur = &p->med.v[i];
    if (cur) {
        speak(v, 1);
        ward_buf_puts(&w->body, "Are you still taking the ");
        ward_buf_puts(&w->body, synth_drugs[cur->drug].name);
        ward_buf_puts(&w->body, "?");
        speak(v, 0);
        if (srng_chance(r, 0.5)) {
            ward_buf_printf(&w->body, "Yes, the %s... wait, no, sorry. It's ", synth_drugs[cur->drug].name);
            say_med(v, cur, AS_PRESENT);
            ward_buf_puts(&w->body, ". I always mix that up.");
        } else {
            ward_buf_printf(&w->body, "%sYes. ", filler(v));
            say_med(v, cur, AS_PRESENT);
            ward_buf_puts(&w->body, ", like you said.");
        }
        ward_buf_printf(&v->subj, "Taking %s as prescribed. ", synth_drugs[cur->drug].name);
    }
    /* family, history */
    if (srng_chance(r, 0.5)) {
        speak(v, 0);
        static const char *const fam[] = {"breast cancer", "colon cancer", "heart disease", "diabetes"};
        const char *x = PICK(r, fam);
        ward_buf_puts(&w->body, "Oh, and my mother had ");
        say_symptom(v, x, AS_FAMILY);
        ward_buf_puts(&w->body, ", so I worry about that.");
        ward_buf_printf(&v->subj, "Mother with %s. ", x);
    }
    /* today's numbers */
    const sobs *sbp = NULL, *dbp = NULL;
    for (size_t i = 0; i < p->obs.n; i++) {
        if (p->obs.v[i].enc != v->enc) continue;
        if (p->obs.v[i].obs == O_SBP) sbp = &p->obs.v[i];
        if (p->obs.v[i].obs == O_DBP) dbp = &p->obs.v[i];
    }
    if (sbp && dbp) {
        speak(v, 1);
        ward_buf_puts(&w->body, "Your blood pressure today is ");
        char text[32], norm[128];
        snprintf(text, sizeof text, "%.0f over %.0f", sbp->v, dbp->v);
        snprintf(norm, sizeof norm, "{\"name\":\"bp\",\"systolic\":%.0f,\"diastolic\":%.0f,\"unit\":\"mmHg\"}", sbp->v, dbp->v);
        nw_concept(w, "vital", AS_PRESENT, text, norm);
        ward_buf_puts(&w->body, sbp->v < 140 ? ", which looks good." : ", which is a bit high.");
        ward_buf_printf(&v->obj, "BP %.0f/%.0f. ", sbp->v, dbp->v);
    }
    const sobs *lab = NULL;
    static const int labs[] = {O_A1C, O_LDL, O_EGFR, O_TSH, O_BNP};
    for (size_t i = 0; i < NELEM(labs) && !lab; i++) {
        const sobs *o = synth_latest_obs(p, labs[i], v->day);
        if (o && v->day - o->day <= 120) lab = o;
    }
    if (lab) {
        speak(v, 1);
        ward_buf_puts(&w->body, "And your ");
        nw_lab(w, lab, 3);
        ward_buf_puts(&w->body, ", from the blood work.");
        char val[32];
        nw_fmt_value(val, sizeof val, lab->obs, lab->v);
        ward_buf_printf(&v->obj, "%s %s. ", synth_obs[lab->obs].key, val);
    }
    /* assessment and plan */
    for (int k = 0; k < NCHRONIC; k++)
        if (synth_has(p, k, v->day)) ward_buf_printf(&v->assess, "%s%s", v->assess.len ? "; " : "", synth_conds[k].key);
    if (reason >= NCHRONIC) ward_buf_printf(&v->assess, "%s%s", v->assess.len ? "; " : "", synth_conds[reason].key);
    if (!v->assess.len) ward_buf_puts(&v->assess, "Healthy; routine care.");
    int changed = 0;
    for (size_t i = 0; i < p->med.n; i++) {
        const smed *m = &p->med.v[i];
        if (m->enc != v->enc || m->start != v->day) continue;
        speak(v, 1);
        ward_buf_puts(&w->body, changed ? "Also, " : "");
        ward_buf_puts(&w->body, srng_chance(r, 0.5) ? "I'd like you to take " : "Let's go with ");
        say_med(v, m, AS_PRESENT);
        ward_buf_puts(&w->body, ".");
        if (!changed++) {
            speak(v, 0);
            ward_buf_puts(&w->body, srng_chance(r, 0.5) ? "Okay. Any side effects I should watch for?" : "Sure, okay.");
        }
        char amt[16];
        snprintf(amt, sizeof amt, "%g", synth_drugs[m->drug].steps[m->step]);
        ward_buf_printf(&v->plan, "Start %s %s %s %s. ", synth_drugs[m->drug].name, amt, synth_drugs[m->drug].unit,
                        synth_freq_name(&synth_drugs[m->drug]));
    }
    if (!changed) ward_buf_puts(&v->plan, "Continue current medications. ");
    speak(v, 1);
    static const char *const hyp[] = {"fever", "chest pain", "shortness of breath", "dizziness"};
    const char *h = PICK(r, hyp);
    ward_buf_puts(&w->body, "If you develop any ");
    say_symptom(v, h, AS_HYPOTHETICAL);
    ward_buf_puts(&w->body, ", call us right away. Otherwise I'll see you in ");
    ward_buf_puts(&w->body, srng_chance(r, 0.5) ? "three months." : "six months.");
    ward_buf_printf(&v->plan, "Return precautions for %s. Follow up in a few months.", h);
    speak(v, 0);
    ward_buf_puts(&w->body, srng_chance(r, 0.5) ? "Thank you, doctor." : "Sounds good. Thanks.");
    ward_buf_putc(&w->body, '\n');
}

int synth_write_conversation(swriter *sw, const spatient *p, srng *r, int n)
{
    int enc = pick_visit(p);
    if (enc < 0) return 0;
    nw *w = sw_nw(sw);
    nw_reset(w);
    w->r = r;
    conv v = {.w = w, .r = r, .p = p, .enc = enc, .day = p->enc.v[enc].day, .fmt = srng_int(r, 0, 4)};
    ward_buf_init(&v.subj), ward_buf_init(&v.obj), ward_buf_init(&v.assess), ward_buf_init(&v.plan);
    labels(&v);
    talk(&v);
    ward_buf *out = sw_scratch(sw, 2), *extra = sw_scratch(sw, 1);
    char date[11], name[80];
    sday_iso(v.day, date);
    const sclinician *doc = &p->demo.staff[p->enc.v[enc].staff];
    ward_buf_reset(out);
    ward_buf_printf(out, "---\npatient: %s\ndate: %s\nkind: transcript\ntitle: Visit conversation\nauthor: Dr. %s %s\n---\n",
                    p->id, date, doc->n.given, doc->n.family);
    ward_buf_append(out, w->body.data, w->body.len);
    snprintf(name, sizeof name, "%s-%d.txt", p->id, n);
    sw_file(sw, "notes", name, out->data, out->len);
    soap_json(extra, &v);
    ward_buf *t = sw_scratch(sw, 3);
    nw_truth(w, t, name, p->id, "transcript", extra->data);
    snprintf(name, sizeof name, "%s-%d.truth.json", p->id, n);
    sw_file(sw, "notes", name, t->data, t->len);
    ward_buf_free(&v.subj), ward_buf_free(&v.obj), ward_buf_free(&v.assess), ward_buf_free(&v.plan);
    return 1;
}
