/* calculators.c — clinical calculators with units and range checks.
 *
 * Each calculator is a row of a static table: its parameters (name, default
 * unit, accepted units with their factor to the default, plausible range)
 * and a function that gets the values already converted and checked. The
 * ranges are wide enough for any real patient and narrow enough to catch a
 * value given in the wrong unit. Flags (chf, diabetes ...) are 0/1; sex is
 * 1 for female, 0 for male, which is how the formulas use it.
 */
#include "ward/tools.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXP 12

typedef int (*calc_fn)(const double *v, const int *given, ward_calc_result *r, ward_err *err);

typedef struct calc {
    ward_calc_info info;
    calc_fn fn;
} calc;

/* Accepted units: "default=1,other=factor" where value*factor = default unit. */
#define FLAG(n, h) {n, "", "", 0, 1, 1, h}
#define AGE {"age", "years", "years=1,y=1,yr=1", 0, 120, 0, "age in years"}
#define SEX {"sex", "", "", 0, 1, 0, "female or male"}
#define CREAT {"creatinine", "mg/dL", "mg/dL=1,mg/dl=1,umol/L=0.0113122,umol/l=0.0113122,µmol/L=0.0113122", 0.1, 25, 0, "serum creatinine"}

static const ward_calc_param_info p_bmi[] = {
    {"weight", "kg", "kg=1,lb=0.45359237,lbs=0.45359237,g=0.001", 1, 400, 0, "body weight"},
    {"height", "cm", "cm=1,m=100,in=2.54,ft=30.48", 40, 250, 0, "height"},
};
static const ward_calc_param_info p_egfr[] = {CREAT, AGE, SEX};
static const ward_calc_param_info p_chads[] = {
    AGE, SEX, FLAG("chf", "congestive heart failure / LV dysfunction"),
    FLAG("hypertension", "hypertension"), FLAG("diabetes", "diabetes mellitus"),
    FLAG("stroke", "prior stroke, TIA or thromboembolism"),
    FLAG("vascular", "vascular disease (prior MI, PAD, aortic plaque)"),
};
static const ward_calc_param_info p_hasbled[] = {
    FLAG("hypertension", "uncontrolled hypertension (systolic > 160 mmHg)"),
    FLAG("renal", "abnormal renal function (dialysis, transplant, Cr > 2.26 mg/dL)"),
    FLAG("liver", "abnormal liver function (cirrhosis, bilirubin > 2x, AST/ALT > 3x)"),
    FLAG("stroke", "prior stroke"), FLAG("bleeding", "prior major bleeding or predisposition"),
    FLAG("labile_inr", "labile INR (time in range < 60%)"),
    {"age", "years", "years=1,y=1,yr=1", 0, 120, 1, "age in years (elderly: > 65)"},
    FLAG("drugs", "antiplatelets or NSAIDs"), FLAG("alcohol", ">= 8 drinks a week"),
};
static const ward_calc_param_info p_meld[] = {
    CREAT,
    {"bilirubin", "mg/dL", "mg/dL=1,mg/dl=1,umol/L=0.0584795,umol/l=0.0584795", 0.1, 80, 0, "total bilirubin"},
    {"inr", "", "", 0.5, 20, 0, "INR"},
    {"sodium", "mmol/L", "mmol/L=1,mmol/l=1,mEq/L=1,meq/l=1", 100, 180, 0, "serum sodium"},
    FLAG("dialysis", "dialysis twice or more in the past week (or CVVHD 24 h)"),
};
static const ward_calc_param_info p_qtc[] = {
    {"qt", "ms", "ms=1,s=1000", 150, 800, 0, "measured QT interval"},
    {"heart_rate", "bpm", "bpm=1,/min=1", 20, 300, 1, "heart rate (or give rr)"},
    {"rr", "ms", "ms=1,s=1000", 200, 3000, 1, "RR interval (or give heart_rate)"},
};
static const ward_calc_param_info p_ag[] = {
    {"sodium", "mmol/L", "mmol/L=1,mmol/l=1,mEq/L=1,meq/l=1", 100, 180, 0, "serum sodium"},
    {"chloride", "mmol/L", "mmol/L=1,mmol/l=1,mEq/L=1,meq/l=1", 60, 140, 0, "serum chloride"},
    {"bicarbonate", "mmol/L", "mmol/L=1,mmol/l=1,mEq/L=1,meq/l=1", 2, 60, 0, "serum bicarbonate"},
    {"potassium", "mmol/L", "mmol/L=1,mmol/l=1,mEq/L=1,meq/l=1", 1, 10, 1, "serum potassium (adds K to the gap)"},
    {"albumin", "g/dL", "g/dL=1,g/dl=1,g/L=0.1,g/l=0.1", 0.5, 7, 1, "serum albumin (albumin-corrected gap)"},
};
static const ward_calc_param_info p_ca[] = {
    {"calcium", "mg/dL", "mg/dL=1,mg/dl=1,mmol/L=4.008,mmol/l=4.008", 2, 20, 0, "total serum calcium"},
    {"albumin", "g/dL", "g/dL=1,g/dl=1,g/L=0.1,g/l=0.1", 0.5, 7, 0, "serum albumin"},
    {"normal_albumin", "g/dL", "g/dL=1,g/dl=1,g/L=0.1,g/l=0.1", 3, 5, 1, "reference albumin (default 4.0)"},
};

#define N(a) (sizeof a / sizeof *a)

static void interp(ward_calc_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void interp(ward_calc_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->interpretation, sizeof r->interpretation, fmt, ap);
    va_end(ap);
}

static int c_bmi(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)g, (void)e;
    double m = v[1] / 100.0;
    r->value = round(v[0] / (m * m) * 10) / 10;
    snprintf(r->formula, sizeof r->formula, "weight / height^2");
    interp(r, "%s", r->value < 18.5 ? "underweight" : r->value < 25 ? "normal weight"
                    : r->value < 30 ? "overweight" : r->value < 35 ? "obesity class I"
                    : r->value < 40 ? "obesity class II" : "obesity class III");
    return WARD_OK;
}

static int c_egfr(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)g;
    if (v[1] < 18) return ward_err_set(e, WARD_EUSAGE, "egfr: CKD-EPI is for adults (age >= 18)");
    int female = v[2] > 0.5;
    double k = female ? 0.7 : 0.9, a = female ? -0.241 : -0.302, s = v[0] / k;
    double gfr = 142 * pow(fmin(s, 1), a) * pow(fmax(s, 1), -1.200) * pow(0.9938, v[1]) * (female ? 1.012 : 1);
    r->value = round(gfr);
    snprintf(r->formula, sizeof r->formula, "CKD-EPI 2021 (race-free)");
    interp(r, "%s", gfr >= 90 ? "G1 normal or high" : gfr >= 60 ? "G2 mildly decreased"
                    : gfr >= 45 ? "G3a mildly to moderately decreased"
                    : gfr >= 30 ? "G3b moderately to severely decreased"
                    : gfr >= 15 ? "G4 severely decreased" : "G5 kidney failure");
    return WARD_OK;
}

static int c_chads(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)g, (void)e;
    int s = (v[0] >= 75 ? 2 : v[0] >= 65 ? 1 : 0) + (v[1] > 0.5) + (v[2] > 0.5) + (v[3] > 0.5) +
            (v[4] > 0.5) + 2 * (v[5] > 0.5) + (v[6] > 0.5);
    r->value = s;
    snprintf(r->formula, sizeof r->formula, "CHA2DS2-VASc");
    int risk_males = s - (v[1] > 0.5);   /* sex alone is not a risk factor */
    interp(r, "%s", risk_males == 0 ? "low risk: no anticoagulation"
                    : risk_males == 1 ? "intermediate risk: consider anticoagulation"
                    : "high risk: oral anticoagulation recommended");
    return WARD_OK;
}

static int c_hasbled(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)e;
    int s = 0;
    for (int i = 0; i < 9; i++) s += i == 6 ? (g[6] && v[6] > 65) : (v[i] > 0.5);
    r->value = s;
    snprintf(r->formula, sizeof r->formula, "HAS-BLED");
    interp(r, "%s", s >= 3 ? "high bleeding risk: review modifiable factors, monitor closely"
                    : s == 2 ? "moderate bleeding risk" : "low bleeding risk");
    return WARD_OK;
}

/* UNOS/OPTN 2016 MELD(Na): values below 1 become 1, creatinine is capped
 * at 4 (and set to 4 on dialysis), sodium is bounded to 125..137, and the
 * sodium term applies only when MELD > 11. */
static int c_meld(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)g, (void)e;
    double cr = fmax(v[0], 1), bili = fmax(v[1], 1), inr = fmax(v[2], 1);
    if (cr > 4 || v[4] > 0.5) cr = 4;
    double na = fmin(fmax(v[3], 125), 137);
    double meld = 10 * (0.957 * log(cr) + 0.378 * log(bili) + 1.120 * log(inr)) + 6.43;
    meld = round(meld * 10) / 10;
    double m = meld > 11 ? meld + 1.32 * (137 - na) - 0.033 * meld * (137 - na) : meld;
    r->value = fmin(40, round(m));
    r->extra = fmin(40, round(meld));
    snprintf(r->extra_label, sizeof r->extra_label, "MELD");
    snprintf(r->formula, sizeof r->formula, "MELD-Na (UNOS 2016)");
    interp(r, "%s", r->value >= 40 ? "estimated 90-day mortality about 71%"
                    : r->value >= 30 ? "estimated 90-day mortality about 53%"
                    : r->value >= 20 ? "estimated 90-day mortality about 20%"
                    : r->value >= 10 ? "estimated 90-day mortality about 6%"
                    : "estimated 90-day mortality about 2%");
    return WARD_OK;
}

static int c_qtc(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    if (!g[1] && !g[2]) return ward_err_set(e, WARD_EUSAGE, "qtc: give heart_rate or rr");
    double rr = g[2] ? v[2] / 1000.0 : 60.0 / v[1];
    r->value = round(v[0] / sqrt(rr));
    r->extra = round(v[0] / cbrt(rr));
    snprintf(r->extra_label, sizeof r->extra_label, "Fridericia");
    snprintf(r->formula, sizeof r->formula, "Bazett QT/sqrt(RR); Fridericia QT/cbrt(RR)");
    interp(r, "%s", r->value >= 500 ? "markedly prolonged (>= 500 ms)"
                    : r->value > 460 ? "prolonged" : r->value < 350 ? "short" : "normal range");
    return WARD_OK;
}

static int c_ag(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)e;
    double ag = v[0] + (g[3] ? v[3] : 0) - v[1] - v[2];
    r->value = round(ag * 10) / 10;
    snprintf(r->formula, sizeof r->formula, g[3] ? "(Na + K) - (Cl + HCO3)" : "Na - (Cl + HCO3)");
    r->extra = g[4] ? round((ag + 2.5 * (4.0 - v[4])) * 10) / 10 : NAN;
    if (g[4]) snprintf(r->extra_label, sizeof r->extra_label, "albumin-corrected");
    double ref = g[3] ? 20 : 16, x = g[4] ? r->extra : r->value;
    interp(r, "%s", x > ref ? "elevated anion gap" : x < 3 ? "low anion gap" : "normal anion gap");
    return WARD_OK;
}

static int c_ca(const double *v, const int *g, ward_calc_result *r, ward_err *e)
{
    (void)e;
    double normal = g[2] ? v[2] : 4.0;
    r->value = round((v[0] + 0.8 * (normal - v[1])) * 10) / 10;
    snprintf(r->formula, sizeof r->formula, "Ca + 0.8 x (%.1f - albumin)", normal);
    interp(r, "%s", r->value < 8.5 ? "low (hypocalcemia)" : r->value > 10.5 ? "high (hypercalcemia)"
                    : "normal range");
    return WARD_OK;
}

#define CALC(n, t, u, p, f) {{n, t, u, p, N(p)}, f}
static const calc calcs[] = {
    CALC("bmi", "Body mass index", "kg/m2", p_bmi, c_bmi),
    CALC("egfr", "eGFR, CKD-EPI 2021 creatinine equation", "mL/min/1.73m2", p_egfr, c_egfr),
    CALC("cha2ds2-vasc", "CHA2DS2-VASc stroke risk in atrial fibrillation", "points", p_chads, c_chads),
    CALC("has-bled", "HAS-BLED major bleeding risk on anticoagulation", "points", p_hasbled, c_hasbled),
    CALC("meld-na", "MELD-Na, end-stage liver disease", "points", p_meld, c_meld),
    CALC("qtc", "Corrected QT interval (Bazett, Fridericia)", "ms", p_qtc, c_qtc),
    CALC("anion-gap", "Serum anion gap", "mmol/L", p_ag, c_ag),
    CALC("corrected-calcium", "Calcium corrected for albumin", "mg/dL", p_ca, c_ca),
};

const ward_calc_info *ward_calc_list(size_t *n)
{
    static ward_calc_info infos[N(calcs)];
    for (size_t i = 0; i < N(calcs); i++) infos[i] = calcs[i].info;
    *n = N(calcs);
    return infos;
}

/* Names match ignoring case and punctuation: "CHA2DS2-VASc" = "cha2ds2vasc". */
static int name_eq(const char *a, const char *b)
{
    for (;;) {
        while (*a && !isalnum((unsigned char)*a)) a++;
        while (*b && !isalnum((unsigned char)*b)) b++;
        if (!*a || !*b) return !*a && !*b;
        if (tolower((unsigned char)*a++) != tolower((unsigned char)*b++)) return 0;
    }
}

static const calc *find(const char *name)
{
    for (size_t i = 0; i < N(calcs); i++)
        if (name_eq(calcs[i].info.name, name)) return &calcs[i];
    if (name_eq(name, "calcium") || name_eq(name, "ca-corrected")) return &calcs[7];
    if (name_eq(name, "chadsvasc")) return &calcs[2];
    return NULL;
}

const ward_calc_info *ward_calc_find(const char *name)
{
    const calc *c = find(name);
    return c ? &c->info : NULL;
}

/* Factor from `unit` to the parameter's default unit; 0 when not accepted. */
static double unit_factor(const ward_calc_param_info *p, const char *unit)
{
    if (!unit || !*unit) return 1;
    const char *s = p->units;
    while (s && *s) {
        const char *eq = strchr(s, '='), *comma = strchr(s, ',');
        if (!eq) break;
        if ((size_t)(eq - s) == strlen(unit) && !strncasecmp(s, unit, (size_t)(eq - s))) return atof(eq + 1);
        s = comma ? comma + 1 : NULL;
    }
    return 0;
}

int ward_calc(const char *name, const ward_calc_arg *args, size_t n, ward_calc_result *out,
              ward_err *err)
{
    memset(out, 0, sizeof *out);
    out->extra = NAN;
    const calc *c = find(name ? name : "");
    if (!c) return ward_err_set(err, WARD_EUSAGE, "unknown calculator '%s'", name ? name : "");
    double v[MAXP] = {0};
    int given[MAXP] = {0};
    const ward_calc_info *ci = &c->info;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < ci->nparams && strcmp(ci->params[k].name, args[i].name)) k++;
        if (k == ci->nparams)
            return ward_err_set(err, WARD_EUSAGE, "%s: unknown argument '%s'", ci->name, args[i].name);
        const ward_calc_param_info *p = &ci->params[k];
        double f = unit_factor(p, args[i].unit);
        if (f == 0 || (!*p->unit && args[i].unit && *args[i].unit))
            return ward_err_set(err, WARD_EUSAGE, "%s: %s: unit '%s' not accepted (use %s)", ci->name,
                                p->name, args[i].unit, *p->unit ? p->units : "no unit");
        double x = args[i].value * f;
        if (!isfinite(x) || x < p->min || x > p->max)
            return ward_err_set(err, WARD_EUSAGE,
                                "%s: %s out of range: %g %s is not plausible (expected %g to %g %s; check the unit)",
                                ci->name, p->name, x, p->unit, p->min, p->max, p->unit);
        v[k] = x;
        given[k] = 1;
    }
    for (size_t k = 0; k < ci->nparams; k++)
        if (!ci->params[k].optional && !given[k])
            return ward_err_set(err, WARD_EUSAGE, "%s: missing argument '%s' (%s)", ci->name,
                                ci->params[k].name, ci->params[k].help);
    snprintf(out->unit, sizeof out->unit, "%s", ci->unit);
    return c->fn(v, given, out, err);
}

static int word_value(const char *s, double *v)
{
    static const struct { const char *w; double v; } words[] = {
        {"yes", 1}, {"y", 1}, {"true", 1}, {"no", 0}, {"n", 0}, {"false", 0},
        {"female", 1}, {"f", 1}, {"woman", 1}, {"male", 0}, {"m", 0}, {"man", 0}};
    for (size_t i = 0; i < N(words); i++)
        if (!strcasecmp(s, words[i].w)) return *v = words[i].v, 1;
    return 0;
}

int ward_calc_parse_arg(char *text, ward_calc_arg *out, ward_err *err)
{
    char *eq = strchr(text, '=');
    if (!eq || eq == text || !eq[1])
        return ward_err_set(err, WARD_EUSAGE, "argument '%s' is not key=value", text);
    *eq = 0;
    out->name = text;
    out->unit = NULL;
    char *val = eq + 1;
    if (word_value(val, &out->value)) return WARD_OK;
    char *end;
    out->value = strtod(val, &end);
    if (end == val) return ward_err_set(err, WARD_EUSAGE, "%s: '%s' is not a number", text, val);
    while (*end == ' ') end++;
    out->unit = *end ? end : NULL;
    return WARD_OK;
}
