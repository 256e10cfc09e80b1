/* notewriter.c — writing note text while keeping exact spans.
 *
 * Every piece of PHI and every clinical concept is appended through this
 * writer, which records its byte offsets in the body as it appends: the
 * ground truth is exact by construction, whatever the template around it.
 * The helpers here also choose among the many ways clinicians write the
 * same fact (a date, a sig, a lab value, a vital sign) and give each its
 * normalized value.
 */
#include "synth_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nw_init(nw *w, srng *r)
{
    memset(w, 0, sizeof *w);
    ward_buf_init(&w->body);
    ward_buf_init(&w->norms);
    w->r = r;
}

void nw_reset(nw *w)
{
    ward_buf_reset(&w->body);
    ward_buf_reset(&w->norms);
    w->phi.n = w->concept.n = 0;
}

void nw_free(nw *w)
{
    ward_buf_free(&w->body);
    ward_buf_free(&w->norms);
    free(w->phi.v);
    free(w->concept.v);
    memset(w, 0, sizeof *w);
}

void nw_phi(nw *w, const char *type, const char *text)
{
    nspan *s = SVEC_PUSH(w->phi);
    s->start = w->body.len;
    ward_buf_puts(&w->body, text);
    s->end = w->body.len;
    s->type = type;
}

void nw_concept(nw *w, const char *type, int assertion, const char *text, const char *norm)
{
    nspan *s = SVEC_PUSH(w->concept);
    s->start = w->body.len;
    ward_buf_puts(&w->body, text);
    s->end = w->body.len;
    s->type = type, s->assertion = assertion;
    s->norm_off = w->norms.len;
    ward_buf_puts(&w->norms, norm);
    s->norm_len = w->norms.len - s->norm_off;
}

void nw_f(nw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *run = fmt;
    for (const char *c = fmt; *c; c++) {
        if (*c != '%') continue;
        ward_buf_append(&w->body, run, (size_t)(c - run));
        c++;
        if (*c == 's') ward_buf_puts(&w->body, va_arg(ap, const char *));
        else if (*c == 'd') ward_buf_printf(&w->body, "%d", va_arg(ap, int));
        else if (*c == 'P') {
            const char *type = va_arg(ap, const char *);
            nw_phi(w, type, va_arg(ap, const char *));
        } else if (*c == 'C') {
            const nconcept *k = va_arg(ap, const nconcept *);
            nw_concept(w, k->type, k->assertion, k->text, k->norm);
        } else ward_buf_putc(&w->body, *c);  /* %% and unknown */
        run = c + 1;
    }
    ward_buf_puts(&w->body, run);
    va_end(ap);
}

const char *nw_assertion_name(int a)
{
    static const char *const n[] = {"present", "negated", "possible", "historical", "family", "hypothetical"};
    return n[a];
}

static void spans_json(ward_buf *out, const nw *w, const nspan *v, size_t n, int concepts)
{
    ward_buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        const nspan *s = &v[i];
        ward_buf_printf(out, "%s{\"start\":%zu,\"end\":%zu,\"type\":\"%s\",\"text\":", i ? "," : "", s->start, s->end,
                        s->type);
        sj_strn(out, w->body.data + s->start, s->end - s->start);
        if (concepts) {
            ward_buf_puts(out, ",\"norm\":");
            ward_buf_append(out, w->norms.data + s->norm_off, s->norm_len);
            ward_buf_printf(out, ",\"assertion\":\"%s\"", nw_assertion_name(s->assertion));
        }
        ward_buf_putc(out, '}');
    }
    ward_buf_putc(out, ']');
}

void nw_truth(const nw *w, ward_buf *out, const char *note, const char *patient, const char *kind, const char *extra)
{
    ward_buf_reset(out);
    ward_buf_printf(out, "{\"note\":\"%s\",\"patient\":\"%s\",\"kind\":\"%s\",\"phi\":", note, patient, kind);
    spans_json(out, w, w->phi.v, w->phi.n, 0);
    ward_buf_puts(out, ",\"concepts\":");
    spans_json(out, w, w->concept.v, w->concept.n, 1);
    if (extra) {
        ward_buf_putc(out, ',');
        ward_buf_puts(out, extra);
    }
    ward_buf_puts(out, "}\n");
}

/* ---- dates ---- */

static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};

void nw_date_fmt(srng *r, int day, char out[32])
{
    int y, m, d;
    sday_ymd(day, &y, &m, &d);
    switch (srng_int(r, 0, 9)) {
    case 0: snprintf(out, 32, "%04d-%02d-%02d", y, m, d); break;
    case 1: snprintf(out, 32, "%02d/%02d/%04d", m, d, y); break;
    case 2: snprintf(out, 32, "%d/%d/%02d", m, d, y % 100); break;
    case 3: snprintf(out, 32, "%s %d, %d", months[m - 1], d, y); break;
    case 4: snprintf(out, 32, "%.3s %d, %d", months[m - 1], d, y); break;
    case 5: snprintf(out, 32, "%d %.3s %d", d, months[m - 1], y); break;
    case 6: snprintf(out, 32, "%02d-%.3s-%04d", d, months[m - 1], y); break;
    case 7: snprintf(out, 32, "%d/%d/%04d", m, d, y); break;
    case 8: snprintf(out, 32, "%s %d", months[m - 1], y); break;
    default: snprintf(out, 32, "%d.%d.%04d", m, d, y); break;
    }
}

void nw_date(nw *w, int day)
{
    char s[32];
    nw_date_fmt(w->r, day, s);
    nw_phi(w, "DATE", s);
}

/* ---- values ---- */

static const char *const pretty_unit[NOBS] = {
    [O_SBP] = "mmHg", [O_DBP] = "mmHg", [O_HR] = "bpm", [O_RR] = "/min", [O_TEMP] = "C", [O_SPO2] = "%",
    [O_WEIGHT] = "kg", [O_HEIGHT] = "cm", [O_BMI] = "kg/m2", [O_A1C] = "%", [O_GLUCOSE] = "mg/dL",
    [O_CREAT] = "mg/dL", [O_EGFR] = "mL/min/1.73m2", [O_POTASSIUM] = "mmol/L", [O_SODIUM] = "mmol/L",
    [O_LDL] = "mg/dL", [O_HDL] = "mg/dL", [O_TCHOL] = "mg/dL", [O_TRIG] = "mg/dL", [O_BNP] = "pg/mL",
    [O_TSH] = "mIU/L", [O_HGB] = "g/dL", [O_INR] = "", [O_URATE] = "mg/dL", [O_UACR] = "mg/g",
    [O_PHQ9] = "", [O_GAD7] = "",
};

void nw_fmt_value(char *out, size_t cap, int obs, double v)
{
    snprintf(out, cap, "%.*f", synth_obs[obs].decimals, v);
}

static const char *flag_of(int obs, double v)
{
    const obs_def *d = &synth_obs[obs];
    if (d->ref_hi <= d->ref_lo) return NULL;
    return v > d->ref_hi ? "H" : v < d->ref_lo ? "L" : NULL;
}

void nw_norm_lab(ward_buf *b, int obs, double v)
{
    char val[32];
    nw_fmt_value(val, sizeof val, obs, v);
    const char *flag = flag_of(obs, v);
    ward_buf_reset(b);
    ward_buf_printf(b, "{\"name\":\"%s\",\"value\":%s,\"unit\":\"%s\",\"flag\":%s%s%s}", synth_obs[obs].key, val,
                    pretty_unit[obs], flag ? "\"" : "", flag ? flag : "null", flag ? "\"" : "");
}

void nw_norm_problem(ward_buf *b, int cond)
{
    ward_buf_reset(b);
    ward_buf_printf(b, "{\"name\":\"%s\",\"system\":\"http://snomed.info/sct\",\"code\":\"%s\"}", synth_conds[cond].key,
                    synth_conds[cond].snomed);
}

static void amount(char *out, size_t cap, double v)
{
    if (fabs(v - round(v)) < 1e-9) snprintf(out, cap, "%.0f", v);
    else if (fabs(v * 10 - round(v * 10)) < 1e-9) snprintf(out, cap, "%.1f", v);
    else if (fabs(v * 100 - round(v * 100)) < 1e-9) snprintf(out, cap, "%.2f", v);
    else snprintf(out, cap, "%.3f", v);
}

void nw_norm_med(ward_buf *b, const smed *m, const char *duration)
{
    const drug_def *d = &synth_drugs[m->drug];
    char amt[16];
    amount(amt, sizeof amt, d->steps[m->step]);
    ward_buf_reset(b);
    ward_buf_printf(b, "{\"name\":\"%s\",\"strength\":%s,\"unit\":\"%s\",\"dose\":", d->name, amt, d->unit);
    if (d->dose_count) ward_buf_printf(b, "\"%d puffs\"", d->dose_count);
    else if (d->dose_word) ward_buf_printf(b, "\"%s %s\"", amt, d->dose_word);
    else ward_buf_puts(b, "null");
    ward_buf_printf(b, ",\"route\":\"%s\",\"frequency\":\"%s\",\"prn\":%s,\"duration\":", synth_route_name(d->route),
                    synth_freq_name(d), d->prn ? "true" : "false");
    if (duration) ward_buf_printf(b, "\"%s\"}", duration);
    else ward_buf_puts(b, "null}");
}

/* ---- concepts as clinicians write them ---- */

static const char *freq_text(srng *r, const drug_def *d)
{
    if (d->prn) {
        static const char *const q6[] = {"q6h PRN", "every 6 hours as needed", "Q6H PRN", "q6h prn"},
                          *const q8[] = {"TID PRN", "three times daily as needed", "tid prn"};
        return d->per_day == 4 ? PICK(r, q6) : PICK(r, q8);
    }
    if (d == &synth_drugs[D_GLARGINE]) {
        static const char *const hs[] = {"qHS", "at bedtime", "nightly", "QHS"};
        return PICK(r, hs);
    }
    static const char *const wk[] = {"weekly", "once a week", "q week", "once weekly"},
                      *const qd[] = {"daily", "qd", "once daily", "every day", "QD", "q.d."},
                      *const bid[] = {"BID", "bid", "twice daily", "two times a day", "b.i.d."},
                      *const tid[] = {"TID", "tid", "three times daily"}, *const qid[] = {"QID", "qid", "four times daily"};
    switch (d->per_day) {
    case 0: return PICK(r, wk);
    case 1: return PICK(r, qd);
    case 2: return PICK(r, bid);
    case 3: return PICK(r, tid);
    default: return PICK(r, qid);
    }
}

static const char *route_text(srng *r, int route)
{
    static const char *const po[] = {"PO", "po", "by mouth", "orally", "PO"}, *const inh[] = {"inhaled", "inh", "via inhaler"},
                      *const sc[] = {"subcut", "SC", "subcutaneously", "SQ"}, *const top[] = {"topically"};
    switch (route) {
    case ROUTE_PO: return PICK(r, po);
    case ROUTE_INH: return PICK(r, inh);
    case ROUTE_SC: return PICK(r, sc);
    default: return PICK(r, top);
    }
}

void nw_med(nw *w, const smed *m, int style, int assertion)
{
    const drug_def *d = &synth_drugs[m->drug];
    srng *r = w->r;
    char amt[16], text[200], dur[32] = "";
    amount(amt, sizeof amt, d->steps[m->step]);
    const char *unit = srng_chance(r, 0.2) && !strcmp(d->unit, "mg") ? "MG" : d->unit;
    const char *sp = srng_chance(r, 0.2) ? "" : " ";
    if (m->duration) {
        static const char *const f[] = {" x %d days", " for %d days", " x%dd", " x %d d"};
        snprintf(dur, sizeof dur, PICK(r, f), m->duration);
    }
    const char *fq = freq_text(r, d), *rt = route_text(r, d->route);
    if (d->dose_count) {
        snprintf(text, sizeof text, "%s %s%s%s/actuation %d puffs %s %s%s", d->name, amt, sp, d->unit, d->dose_count, rt, fq, dur);
    } else if (d->dose_word) {
        snprintf(text, sizeof text, "%s %s units %s %s%s", d->name, amt, rt, fq, dur);
    } else {
        switch (style % 5) {
        case 0: snprintf(text, sizeof text, "%s %s%s%s %s %s%s", d->name, amt, sp, unit, rt, fq, dur); break;
        case 1: snprintf(text, sizeof text, "%c%s %s%s%s %s%s", d->name[0] - 32 * (d->name[0] >= 'a'), d->name + 1, amt, sp, unit, fq, dur); break;
        case 2: snprintf(text, sizeof text, "%s %s %s, take 1 tablet %s %s%s", d->name, amt, unit, rt, fq, dur); break;
        case 3: snprintf(text, sizeof text, "%s (%s %s) %s%s", d->name, amt, unit, fq, dur); break;
        default: snprintf(text, sizeof text, "%s %s%s%s %s%s", d->name, amt, sp, unit, fq, dur); break;
        }
    }
    char durn[32];
    snprintf(durn, sizeof durn, "%d days", m->duration);
    ward_buf nb;
    ward_buf_init(&nb);
    nw_norm_med(&nb, m, m->duration ? durn : NULL);
    nw_concept(w, "medication", assertion, text, nb.data);
    ward_buf_free(&nb);
}

void nw_problem(nw *w, int cond, int assertion, int variant)
{
    const char *const *say = synth_conds[cond].say;
    int n = 0;
    while (say[n]) n++;
    const char *text = say[variant < 0 ? srng_int(w->r, 0, n - 1) : variant % n];
    ward_buf nb;
    ward_buf_init(&nb);
    nw_norm_problem(&nb, cond);
    nw_concept(w, "problem", assertion, text, nb.data);
    ward_buf_free(&nb);
}

static const char *lab_name(srng *r, int obs)
{
#define N(...) { static const char *const v[] = {__VA_ARGS__}; return PICK(r, v); }
    switch (obs) {
    case O_A1C: N("A1c", "HbA1c", "hemoglobin A1c", "Hgb A1c", "A1C")
    case O_GLUCOSE: N("glucose", "Glucose", "BG")
    case O_CREAT: N("Cr", "creatinine", "Creat")
    case O_EGFR: N("eGFR", "GFR", "eGFR")
    case O_POTASSIUM: N("K", "potassium", "K+")
    case O_SODIUM: N("Na", "sodium")
    case O_LDL: N("LDL", "LDL-C", "LDL cholesterol")
    case O_HDL: N("HDL", "HDL-C")
    case O_TCHOL: N("total cholesterol", "TC", "Chol")
    case O_TRIG: N("TG", "triglycerides", "Trig")
    case O_BNP: N("BNP", "B-type natriuretic peptide")
    case O_TSH: N("TSH")
    case O_HGB: N("Hgb", "hemoglobin", "Hb")
    case O_INR: N("INR")
    case O_URATE: N("uric acid", "urate")
    case O_UACR: N("UACR", "urine albumin/creatinine ratio", "microalbumin/Cr")
    case O_PHQ9: N("PHQ-9", "PHQ9")
    case O_GAD7: N("GAD-7", "GAD7")
    default: return synth_obs[obs].key;
    }
#undef N
}

void nw_lab(nw *w, const sobs *o, int style)
{
    srng *r = w->r;
    char val[32], text[96];
    nw_fmt_value(val, sizeof val, o->obs, o->v);
    const char *name = lab_name(r, o->obs), *u = pretty_unit[o->obs];
    const char *sep = !*u ? "" : !strcmp(u, "%") && srng_chance(r, 0.6) ? "" : " ";
    switch (style % 4) {
    case 0: snprintf(text, sizeof text, "%s %s%s%s", name, val, sep, u); break;
    case 1: snprintf(text, sizeof text, "%s: %s%s%s", name, val, sep, u); break;
    case 2: snprintf(text, sizeof text, "%s of %s%s%s", name, val, sep, u); break;
    default: snprintf(text, sizeof text, "%s %s", name, val); break;
    }
    ward_buf nb;
    ward_buf_init(&nb);
    nw_norm_lab(&nb, o->obs, o->v);
    nw_concept(w, "lab", AS_PRESENT, text, nb.data);
    ward_buf_free(&nb);
}

void nw_bp(nw *w, double sbp, double dbp, int style)
{
    static const char *const f[] = {"BP %.0f/%.0f", "BP: %.0f/%.0f", "blood pressure %.0f/%.0f mmHg", "B/P %.0f/%.0f",
                                    "BP %.0f/%.0f mmHg"};
    char text[64], norm[128];
    snprintf(text, sizeof text, f[style % 5], sbp, dbp);
    snprintf(norm, sizeof norm, "{\"name\":\"bp\",\"systolic\":%.0f,\"diastolic\":%.0f,\"unit\":\"mmHg\"}", sbp, dbp);
    nw_concept(w, "vital", AS_PRESENT, text, norm);
}

void nw_vital(nw *w, const sobs *o, int style)
{
    srng *r = w->r;
    char text[64], norm[128];
    const char *name = NULL, *unit = NULL;
    double v = o->v;
    int dec = 0;
    switch (o->obs) {
    case O_HR: { static const char *const f[] = {"HR %s", "pulse %s", "P %s", "heart rate %s bpm", "HR %s bpm"};
        char vs[16]; snprintf(vs, sizeof vs, "%.0f", v); snprintf(text, sizeof text, f[style % 5], vs);
        name = "hr", unit = "bpm"; break; }
    case O_RR: { static const char *const f[] = {"RR %.0f", "resp %.0f", "RR %.0f/min"};
        snprintf(text, sizeof text, f[style % 3], v); name = "rr", unit = "/min"; break; }
    case O_TEMP:
        if (srng_chance(r, 0.5)) { v = v * 9 / 5 + 32; v = round(v * 10) / 10; unit = "F"; }
        else unit = "C";
        dec = 1;
        snprintf(text, sizeof text, style % 2 ? "T %.1f %s" : "temp %.1f%s", v, unit);
        name = "temp";
        break;
    case O_SPO2: { static const char *const f[] = {"SpO2 %.0f%%", "O2 sat %.0f%% on RA", "sat %.0f%% RA", "SpO2 %.0f%% on room air"};
        snprintf(text, sizeof text, f[style % 4], v); name = "spo2", unit = "%"; break; }
    case O_WEIGHT:
        if (srng_chance(r, 0.4)) { v = round(v * 2.20462); unit = "lb"; snprintf(text, sizeof text, style % 2 ? "Wt %.0f lb" : "weight %.0f lbs", v); }
        else { unit = "kg"; dec = 1; snprintf(text, sizeof text, style % 2 ? "Wt %.1f kg" : "weight %.1f kg", v); }
        name = "weight";
        break;
    case O_HEIGHT: dec = 1; snprintf(text, sizeof text, "Ht %.1f cm", v); name = "height", unit = "cm"; break;
    default: dec = 1; snprintf(text, sizeof text, style % 2 ? "BMI %.1f" : "BMI %.1f kg/m2", v); name = "bmi", unit = "kg/m2"; break;
    }
    snprintf(norm, sizeof norm, "{\"name\":\"%s\",\"value\":%.*f,\"unit\":\"%s\"}", name, dec, v, unit);
    nw_concept(w, "vital", AS_PRESENT, text, norm);
}
