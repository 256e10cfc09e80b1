/* synth.h — synthetic patients whose every fact is known.
 *
 * ward_synth_run writes a cohort under an output directory: FHIR R4
 * transaction bundles (or Bulk Data NDJSON), HL7 v2 ADT/ORU messages,
 * clinical notes and visit transcripts with ground-truth sidecars, chart
 * questions with their answers, and one summary line per patient. The layout
 * and the sidecar schema are in docs/synth.md.
 *
 * Determinism: patient i is generated from its own random stream, derived
 * from (seed, i) only, so the same seed gives byte-identical output and a
 * patient does not change when N grows. Nothing reads the clock: dates count
 * back from params.as_of.
 *
 * Streaming: one patient is built, written and freed at a time; memory does
 * not grow with N.
 */
#ifndef WARD_SYNTH_H
#define WARD_SYNTH_H

#include "ward/core.h"

#include <stdint.h>

enum {
    WARD_SYNTH_FHIR = 1 << 0,    /* fhir/<patient-id>.json: one transaction Bundle each */
    WARD_SYNTH_NDJSON = 1 << 1,  /* ndjson/<Type>.ndjson: Bulk Data export shape */
    WARD_SYNTH_HL7 = 1 << 2,     /* hl7/<patient-id>.hl7: ADT^A04 then ORU^R01 */
    WARD_SYNTH_NOTES = 1 << 3,   /* notes/<patient-id>-<n>.txt + .truth.json */
    WARD_SYNTH_ALL = WARD_SYNTH_FHIR | WARD_SYNTH_HL7 | WARD_SYNTH_NOTES,
};

typedef struct ward_synth_params {
    long patients;          /* cohort size (default 100) */
    uint64_t seed;          /* default 1 */
    unsigned formats;       /* WARD_SYNTH_* bits (default WARD_SYNTH_ALL) */
    const char *as_of;      /* the "today" of the cohort, YYYY-MM-DD (default 2025-06-30) */
    int record_years;       /* years of encounters before as_of (default 10) */
    int min_age, max_age;   /* age range at as_of (default 0..100) */
    double female_share;    /* default 0.51 */
    double conversations;   /* share of patients with a visit transcript (default 0.5) */
    int max_notes;          /* notes per patient at most, transcripts aside (default 8) */
    ward_report_fn report;  /* WARD_EVENT_PROGRESS after each patient (unit "patients"), or NULL */
    void *report_ud;
} ward_synth_params;

ward_synth_params ward_synth_default_params(void);

typedef struct ward_synth_counts {
    long patients, deceased, resources, messages, notes, transcripts, questions, files;
    double bytes;
} ward_synth_counts;

/* Writes the cohort under out_dir (created if missing). Files of an earlier
 * run with the same names are overwritten. counts may be NULL. */
int ward_synth_run(const char *out_dir, const ward_synth_params *p, ward_synth_counts *counts,
                   ward_err *err);

/* Parses "fhir,hl7,notes" / "all" into WARD_SYNTH_* bits; -1 when unknown. */
int ward_synth_parse_formats(const char *s);

/* Prevalence of each condition by age band and sex among the patients alive
 * at as_of, read from DIR/patients.jsonl. */
#define WARD_SYNTH_BANDS 5    /* 0-17, 18-39, 40-59, 60-79, 80+ */
typedef struct ward_synth_prev {
    const char *condition;                  /* catalogue name, e.g. "hypertension" */
    long cases[2][WARD_SYNTH_BANDS];        /* [0] female, [1] male */
} ward_synth_prev;
typedef struct ward_synth_stats {
    long alive[2][WARD_SYNTH_BANDS];        /* denominators */
    long patients, deceased;
    ward_synth_prev *prev;                  /* one per catalogue condition */
    size_t nprev;
    long htn_treated, htn_controlled;       /* treated hypertension, last BP < 140/90 */
} ward_synth_stats;

int ward_synth_stats_read(const char *dir, ward_synth_stats *out, ward_err *err);
void ward_synth_stats_free(ward_synth_stats *s);
const char *ward_synth_band_name(int band);
/* The origin of a name token of a synthetic cohort ("hispanic", "japanese"...;
 * patients.jsonl's "name_origin" uses the same labels), or NULL when no
 * name pool holds it. Tokens as the de-identification scorer cuts them:
 * "O'Brien" is "O" and "Brien". */
const char *ward_synth_name_origin(const char *s, size_t n);
/* Documented target prevalence range (percent) for a condition in a band,
 * both sexes together; returns 0 when the condition has no target there. */
int ward_synth_target(const char *condition, int band, double *lo, double *hi);

#endif
