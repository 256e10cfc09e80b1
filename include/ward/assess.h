/* assess.h — evaluation: scoring the funnel (and later retrieval, tasks)
 * against ground truth.
 *
 * The funnel evaluation reads notes with their truth — a `ward synth`
 * cohort (DIR/notes/NAME.txt with front matter, DIR/notes/NAME.truth.json
 * beside it) or a file of hand-written cases with inline markup — and hands
 * each note to every scorer. A scorer is a small vtable: the de-identification
 * scorer is one; assertion and concept scorers plug in the same way (add
 * them to the table in src/assess/eval_funnel.c).
 */
#ifndef WARD_ASSESS_H
#define WARD_ASSESS_H

#include "ward/core.h"
#include "ward/funnel.h"

struct json_t;

typedef struct ward_eval_span {
    size_t start, end;   /* bytes of the note body */
    int type;            /* ward_phi_type for PHI; -1 for keep spans */
} ward_eval_span;

/* One note with its truth, as scorers see it. */
typedef struct ward_eval_note {
    const char *id;                  /* file name or "case N" (never PHI) */
    const char *patient, *kind;      /* from the truth, may be NULL */
    const char *text;                /* the note body (after front matter) */
    size_t len;
    const ward_eval_span *phi;       /* expected identifiers */
    size_t nphi;
    const ward_eval_span *keep;      /* text that must never be redacted (cases only) */
    size_t nkeep;
    struct json_t *truth;            /* the whole truth object ("concepts"...), borrowed; NULL for cases */
} ward_eval_note;

typedef struct ward_eval_scorer {
    const char *name;                                    /* "deid" */
    void *(*init)(void);
    int (*note)(void *state, const ward_eval_note *n, ward_err *err);
    struct json_t *(*report)(void *state);               /* the scores, as a JSON object */
    void (*print)(void *state, FILE *f);                 /* the scores, for people */
    void (*free)(void *state);
} ward_eval_scorer;

/* De-identification scorer: token recall overall and per type, precision,
 * and (for cases) keep-spans redacted. Tokens are runs of letters/digits;
 * a gold token counts as found when predicted spans cover it entirely. */
extern const ward_eval_scorer ward_eval_deid_scorer;

typedef struct ward_deid_scores {
    long notes;
    long gold[WARD_PHI_NTYPES], found[WARD_PHI_NTYPES]; /* tokens per ward_phi_type */
    long gold_total, found_total;
    long pred, pred_correct;         /* predicted tokens; those inside a gold span */
    long keep, keep_redacted;        /* keep tokens; those a span touched */
} ward_deid_scores;
/* The counts behind the deid scorer's state (for tests). */
const ward_deid_scores *ward_eval_deid_counts(void *state);

/* Assertion and concept scorer (src/assess/eval_concepts.c): assertion
 * accuracy, negation F1, medication-attribute F1, vitals/labs value+unit F1
 * over the truth's "concepts" (cohorts; cases carry none). */
extern const ward_eval_scorer ward_eval_concepts_scorer;

/* Runs the scorers (NULL, 0: every funnel scorer) over a cohort directory
 * (DIR/notes/\*.txt + \*.truth.json) or a cases file, and returns a report
 * {"notes": N, "<scorer>": {...}, ...}. States stay for the caller to print;
 * free them with ward_eval_funnel_free. */
typedef struct ward_eval_run {
    const ward_eval_scorer **scorers;
    void **states;
    size_t n;
    long notes;
    long truth_mismatch;    /* truth spans whose "text" is not the body's bytes there */
    long young_ages;        /* AGE truth spans of 89 or less: not identifiers under Safe
                               Harbor, so not scored (synth marks every age) */
} ward_eval_run;
int ward_eval_funnel_cohort(const char *dir, ward_eval_run *run, ward_err *err);
/* Cases file: one case a line, "\n" for a line break inside it, '#' comments.
 * "{TYPE:text}" marks an identifier, "[[text]]" text that must stay. */
int ward_eval_funnel_cases(const char *file, ward_eval_run *run, ward_err *err);
struct json_t *ward_eval_funnel_report(const ward_eval_run *run);
void ward_eval_funnel_free(ward_eval_run *run);

#endif
