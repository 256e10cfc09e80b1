/* synth_int.h — what the files of src/synth share: the random stream, day
 * arithmetic, the clinical catalogue, one patient's simulated life, and the
 * span-tracking note writer.
 *
 * A patient is simulated whole (clinical.c) into plain arrays, then each
 * writer renders the same arrays: write_fhir.c, write_hl7.c, write_notes.c,
 * conversation.c, truth.c. Nothing is global and mutable: the catalogue is
 * const, the patient is reset and reused from one patient to the next.
 */
#ifndef WARD_SYNTH_INT_H
#define WARD_SYNTH_INT_H

#include "ward/core.h"
#include "ward/synth.h"

#include <limits.h>
#include <stdint.h>

/* ---- rng.c: xoshiro256** seeded by splitmix64; never rand() ---- */
typedef struct srng {
    uint64_t s[4];
} srng;
void srng_seed(srng *r, uint64_t seed, uint64_t stream, uint64_t sub);
uint64_t srng_next(srng *r);
double srng_u01(srng *r);
int srng_int(srng *r, int lo, int hi);   /* inclusive */
int srng_chance(srng *r, double p);
double srng_normal(srng *r, double mu, double sd);
size_t srng_weighted(srng *r, const double *w, size_t n);
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[srng_int((r), 0, (int)NELEM(a) - 1)])
/* A UUID-shaped id (version 4 bits set) from the stream. */
void srng_uuid(srng *r, char out[37]);

/* Days since 1970-01-01 (negative before). NO_DAY: no such date. */
#define NO_DAY INT_MIN
int sday_from(int y, int m, int d);
void sday_ymd(int day, int *y, int *m, int *d);
void sday_iso(int day, char out[11]);
int sday_parse(const char *iso);          /* NO_DAY when invalid */
int sday_age(int birth, int day);         /* whole years */

/* ---- catalog.c ---- */
enum {
    /* chronic conditions, in risk-factor order (a factor precedes what it raises) */
    C_OBESITY, C_T2DM, C_HTN, C_HLD, C_CKD, C_CAD, C_AF, C_HF, C_STROKE, C_COPD, C_ASTHMA,
    C_DEPRESSION, C_ANXIETY, C_OA, C_HYPOTHYROID, C_GERD, C_OSTEOPOROSIS, C_GOUT,
    NCHRONIC,
    /* acute problems and events */
    C_PNEUMONIA = NCHRONIC, C_URI, C_BRONCHITIS, C_UTI, C_CELLULITIS, C_BACKPAIN, C_MI,
    C_GIBLEED, C_HF_EXAC, C_COPD_EXAC, C_PREDIABETES,
    NCOND
};
typedef struct cond_def {
    const char *key;        /* catalogue name ("hypertension"), used by stats and questions */
    const char *display;    /* FHIR display */
    const char *snomed;
    const char *const *say; /* surface forms for notes, NULL-terminated; [0] is plain */
    float curve[11];        /* cumulative % diagnosed by age 0,10..100 (chronic only) */
    float male_rr;          /* male:female ratio */
    struct { int cond; float rr; int lag_years; } risk[4];
    float death_rr;
} cond_def;
extern const cond_def synth_conds[NCOND];

enum { ROUTE_PO, ROUTE_INH, ROUTE_SC, ROUTE_TOP };
typedef struct drug_def {
    const char *name, *rxnorm;        /* its class: synth_drug_class */
    const char *unit, *form;          /* "mg", "Oral Tablet" */
    int route;
    float steps[8];                   /* dose per administration, titration order */
    int nsteps;
    int per_day;                      /* administrations a day; 0: weekly */
    int prn;
    float lo, hi;                     /* documented range of one dose */
    const char *dose_word;            /* "puffs", "units" or NULL (tablet) */
    int dose_count;                   /* puffs per dose, else 0 */
} drug_def;
enum {
    D_LISINOPRIL, D_LOSARTAN, D_AMLODIPINE, D_HCTZ, D_CHLORTHALIDONE, D_METOPROLOL, D_CARVEDILOL,
    D_METFORMIN, D_EMPAGLIFLOZIN, D_GLIPIZIDE, D_SEMAGLUTIDE, D_GLARGINE, D_ATORVASTATIN,
    D_ROSUVASTATIN, D_ASPIRIN, D_CLOPIDOGREL, D_APIXABAN, D_RIVAROXABAN, D_WARFARIN, D_DILTIAZEM,
    D_FUROSEMIDE, D_SPIRONOLACTONE, D_LEVOTHYROXINE, D_OMEPRAZOLE, D_PANTOPRAZOLE, D_SERTRALINE,
    D_ESCITALOPRAM, D_BUPROPION, D_BUSPIRONE, D_HYDROXYZINE, D_ALBUTEROL, D_FLUTICASONE,
    D_TIOTROPIUM, D_MONTELUKAST, D_ACETAMINOPHEN, D_MELOXICAM, D_ALENDRONATE, D_ALLOPURINOL,
    D_AMOXICILLIN, D_DOXYCYCLINE, D_AZITHROMYCIN, D_NITROFURANTOIN, D_CEPHALEXIN, D_IBUPROFEN,
    D_BENZONATATE, D_PREDNISONE,
    NDRUG
};
extern const drug_def synth_drugs[NDRUG];
const char *synth_route_name(int route);     /* "oral" ... */
/* Its pharmacologic class ("statin", "anticoagulant"), from data/drugs.tsv. */
const char *synth_drug_class(const drug_def *d);
const char *synth_freq_name(const drug_def *d); /* "twice daily" ... */

typedef struct obs_def {
    const char *key, *loinc, *display, *unit;
    int decimals;
    float ref_lo, ref_hi;   /* outside: flag H/L (0,0: no range) */
    int vital;              /* 1 vital sign, 2 survey, 0 lab */
} obs_def;
enum {
    O_SBP, O_DBP, O_HR, O_RR, O_TEMP, O_SPO2, O_WEIGHT, O_HEIGHT, O_BMI, /* vitals */
    O_A1C, O_GLUCOSE, O_CREAT, O_EGFR, O_POTASSIUM, O_SODIUM, O_LDL, O_HDL, O_TCHOL, O_TRIG,
    O_BNP, O_TSH, O_HGB, O_INR, O_URATE, O_UACR, O_PHQ9, O_GAD7,
    NOBS
};
extern const obs_def synth_obs[NOBS];

typedef struct code_def {
    const char *key, *code, *display;
} code_def;
enum { P_COLONOSCOPY, P_ECHO, P_PCI, P_CABG, P_KNEE, P_SPIROMETRY, P_MAMMOGRAM, P_ECG, P_DEXA, P_CXR,
       NPROC };
extern const code_def synth_procs[NPROC];
enum { V_FLU, V_TDAP, V_PCV, V_ZOSTER, V_COVID, V_HPV, V_MMR, NVAX };
extern const code_def synth_vaxes[NVAX];
enum { A_PENICILLIN, A_SULFA, A_CODEINE, A_LISINOPRIL, A_PEANUT, A_SHELLFISH, A_LATEX, A_IODINE,
       NALLERGEN };
extern const code_def synth_allergens[NALLERGEN];
extern const char *const synth_allergen_reaction[NALLERGEN];
enum { E_WELLNESS, E_FOLLOWUP, E_ACUTE, E_ED, E_INPATIENT, E_CONSULT, NENC };
extern const code_def synth_enc_types[NENC];

/* ---- demographics.c ---- */
typedef struct sname {
    char given[24], middle[24], family[32];
    const char *origin;     /* the family name's origin ("hispanic"...) */
} sname;
typedef struct sclinician {
    sname n;
    char credential[8];     /* MD, DO, NP, PA */
    const char *specialty;  /* "Internal Medicine" ... */
} sclinician;
enum { RACE_WHITE, RACE_BLACK, RACE_ASIAN, RACE_NATIVE, RACE_PACIFIC, RACE_OTHER, NRACE };
enum { SPEC_PCP, SPEC_CARDIO, SPEC_NEPHRO, SPEC_ENDO, SPEC_PULM, SPEC_PSYCH, SPEC_HOSP, SPEC_ORTHO,
       NSPEC };
typedef struct sdemo {
    sname n;
    int female, race, hispanic;
    char mrn[12], ssn[12], member_id[16], account[12], license[12], plan[40];
    char street[64], city[32], state[4], zip[8], phone[16], email[64];
    struct { sname n; const char *relation; char phone[16]; } kin[2];
    sclinician staff[NSPEC];
    const char *clinic, *hospital;
    const char *language;
} sdemo;
void synth_demographics(srng *r, sdemo *d, int female, int race, int hispanic);
const char *synth_race_name(int race);
const char *synth_race_code(int race);
/* A name from the patient's mix of origins, or any origin (r only). */
void synth_name(srng *r, sname *n, int female, int race, int hispanic);
/* A phone written in one of several formats, digits from p->phone. */
const char *synth_phone_fmt(srng *r, const char *digits, char out[24]);

/* ---- clinical.c: one patient's life ---- */
typedef struct senc {
    int day, end_day, kind, reason, staff;  /* reason: condition or -1; staff: SPEC_* */
    char id[37];
} senc;
typedef struct scond {
    int cond, onset, abated, enc;           /* abated NO_DAY: active */
    int stage;                              /* CKD 3..5, else 0 */
    char id[37];
} scond;
typedef struct smed {
    int drug, step, start, end, enc, reason, duration;  /* end NO_DAY: active; duration days (acute) */
    char id[37];
} smed;
typedef struct sobs {
    int obs, enc, day;
    double v;
    char id[37];
} sobs;
typedef struct sproc {
    int proc, day, enc;
    char id[37];
} sproc;
typedef struct svax {
    int vax, day, enc;
    char id[37];
} svax;
typedef struct sallergy {
    int allergen, day;
    char id[37];
} sallergy;

#define SVEC(T) struct { T *v; size_t n, cap; }
typedef struct spatient {
    long index;
    char id[37];
    sdemo demo;
    int birth, death, as_of, window;        /* window: first day of records */
    int smoker;                             /* 0 never, 1 former, 2 current */
    int onset[NCHRONIC];                    /* NO_DAY: never (before death/as_of) */
    int no_anticoag;                        /* AF but anticoagulation contraindicated */
    double adherence;
    /* latent physiology */
    double sbp0, dbp0, a1c0, ldl0, egfr0, egfr_slope, bmi0, height, hr0, tsh0, bnp0, urate0,
        phq0, gad0, hgb0;
    SVEC(senc) enc;
    SVEC(scond) cond;
    SVEC(smed) med;
    SVEC(sobs) obs;
    SVEC(sproc) proc;
    SVEC(svax) vax;
    SVEC(sallergy) allergy;
    srng ids;                               /* ids come from their own stream */
} spatient;
#define SVEC_PUSH(vec) \
    ((vec).n == (vec).cap ? ((vec).cap = (vec).cap ? (vec).cap * 2 : 16, \
                             (vec).v = ward_xrealloc((vec).v, (vec).cap * sizeof *(vec).v)) : 0, \
     memset(&(vec).v[(vec).n], 0, sizeof *(vec).v), &(vec).v[(vec).n++])

void synth_patient_build(spatient *p, const ward_synth_params *prm, long index);
void synth_patient_free(spatient *p);
/* Queries on the built patient. */
int synth_has(const spatient *p, int cond, int day);          /* diagnosed by day (chronic) */
const scond *synth_cond_rec(const spatient *p, int cond);     /* first record of cond */
int synth_med_active(const smed *m, int day);
const sobs *synth_latest_obs(const spatient *p, int obs, int day); /* last on or before day */
int synth_htn_controlled(const spatient *p);                  /* 1 yes, 0 no, -1 not treated */
int synth_age_at_end(const spatient *p);
int synth_end_day(const spatient *p);

/* ---- json helpers (write_fhir.c) ---- */
void sj_str(ward_buf *b, const char *s);          /* a JSON string literal */
void sj_strn(ward_buf *b, const char *s, size_t n);
void sj_num(ward_buf *b, double v, int decimals);

/* ---- note writer (notewriter.c): text with exact PHI / concept spans ---- */
enum { AS_PRESENT, AS_NEGATED, AS_POSSIBLE, AS_HISTORICAL, AS_FAMILY, AS_HYPOTHETICAL };
typedef struct nspan {
    size_t start, end;
    const char *type;       /* PHI type or concept type */
    int assertion;          /* concepts only */
    size_t norm_off, norm_len;  /* concept norm JSON in nw.norms */
} nspan;
typedef struct nw {
    ward_buf body, norms;
    SVEC(nspan) phi;
    SVEC(nspan) concept;
    srng *r;
} nw;
void nw_init(nw *w, srng *r);
void nw_reset(nw *w);
void nw_free(nw *w);
/* Appends with printf-like directives:
 *   %s %d %%         plain text
 *   %P  (type, text) a PHI span
 *   %C  (const nconcept *) a concept span */
typedef struct nconcept {
    const char *type, *text;
    int assertion;
    const char *norm;       /* JSON object text */
} nconcept;
void nw_f(nw *w, const char *fmt, ...);
void nw_phi(nw *w, const char *type, const char *text);
void nw_concept(nw *w, const char *type, int assertion, const char *text, const char *norm);
const char *nw_assertion_name(int a);
/* Writes the truth sidecar object for the note (no trailing newline). */
void nw_truth(const nw *w, ward_buf *out, const char *note, const char *patient, const char *kind,
              const char *extra);

/* Dates in notes: one of many formats, PHI-tagged (never a bare year). */
void nw_date(nw *w, int day);
void nw_date_fmt(srng *r, int day, char out[32]);
/* Norm JSON builders for concepts. */
void nw_norm_med(ward_buf *b, const smed *m, const char *duration);
void nw_norm_problem(ward_buf *b, int cond);
void nw_norm_lab(ward_buf *b, int obs, double v);
/* Concept helpers: the medication sig, a problem's surface form, a lab or vital line. */
void nw_med(nw *w, const smed *m, int style, int assertion);
void nw_problem(nw *w, int cond, int assertion, int variant);
void nw_lab(nw *w, const sobs *o, int style);
void nw_bp(nw *w, double sbp, double dbp, int style);
void nw_vital(nw *w, const sobs *o, int style);
void nw_fmt_value(char *out, size_t cap, int obs, double v);

/* ---- writers ---- */
typedef struct swriter swriter;   /* synth.c: open output files, counters */
void synth_write_fhir(swriter *sw, const spatient *p);
void synth_write_hl7(swriter *sw, const spatient *p);
void synth_write_notes(swriter *sw, const spatient *p, srng *r);
int synth_write_conversation(swriter *sw, const spatient *p, srng *r, int n);
void synth_write_truth(swriter *sw, const spatient *p, srng *r);
/* literature.c: guideline notes and the literature questions (with notes). */
void synth_write_literature(swriter *sw);

/* synth.c services for writers */
int sw_formats(const swriter *sw);
/* Writes a whole file DIR/sub/name; errors are kept for the run to return. */
void sw_file(swriter *sw, const char *sub, const char *name, const char *data, size_t len);
/* Appends a line to an NDJSON or JSONL stream DIR/sub/name. */
void sw_line(swriter *sw, const char *sub, const char *name, const char *data, size_t len);
ward_synth_counts *sw_counts(swriter *sw);
const ward_synth_params *sw_params(const swriter *sw);
ward_buf *sw_scratch(swriter *sw, int which);   /* reusable buffers 0..3 */
nw *sw_nw(swriter *sw);

#endif
