/* assess.h — evaluation: scoring the funnel, retrieval and the tasks
 * against ground truth.
 *
 * Every evaluator can hand back its per-item results in one type,
 * ward_eval_item (what was scored, for which patient, the score, and the
 * patient's demographics), so breakdowns by sex, race, ethnicity or age
 * group work the same for any evaluator.
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
#include "ward/retrieve.h"
#include "ward/store.h"

struct json_t;

typedef struct ward_eval_span {
    size_t start, end;   /* bytes of the note body */
    int type;            /* ward_phi_type for PHI; -1 for keep spans */
    char origin[24];     /* gold files: the origin of a name ("yoruba"), else "" */
} ward_eval_span;

/* One note with its truth, as scorers see it. */
typedef struct ward_eval_note {
    const char *id;                  /* file name or "case N" (never PHI) */
    const char *patient, *kind;      /* from the truth (gold files: the note's kind), may be NULL */
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
    struct json_t *(*report)(void *state);               /* the scores, as a new JSON object */
    void (*print)(void *state, FILE *f);                 /* the scores, for people */
    void (*free)(void *state);
} ward_eval_scorer;

/* De-identification scorer: token recall overall, per type, per name
 * origin and per note kind (when the truth gives them), precision, and
 * keep-spans redacted. Tokens are runs of letters/digits; a gold token
 * counts as found when predicted spans cover it entirely. */
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
/* Gold notes file: "=== ID KIND" starts a note, the lines after it (up to
 * the next "===") are its text, with the markup of cases plus
 * "{NAME/origin:text}" to tag a name with its origin; '#' lines are comments. */
int ward_eval_funnel_gold(const char *file, ward_eval_run *run, ward_err *err);
/* A gold notes file (gold 1) or a cases file (gold 0) with the caller's
 * scorers (n 0: every funnel scorer), e.g. one that keeps the notes
 * (bench/deid_train.c). */
int ward_eval_funnel_marked_with(const char *file, int gold, const ward_eval_scorer *const *scorers, size_t n,
                                 ward_eval_run *run, ward_err *err);
/* Every scorer's report in one new JSON object (the caller frees it). */
struct json_t *ward_eval_funnel_report(const ward_eval_run *run);
void ward_eval_funnel_free(ward_eval_run *run);

/* ---- per-item results (src/assess/eval_items.c) ---- */

/* One scored item of any evaluator. */
typedef struct ward_eval_item {
    char *id;               /* the item: "questions.jsonl:17", a note file name, "query 3" (never PHI) */
    char *patient;          /* patient id, or NULL (literature, whole store) */
    const char *evaluator;  /* "tasks.ask", "tasks.summary", "retrieval.bm25"... (static) */
    const char *metric;     /* "correct", "recall", "rouge1", "recall@10"... (static) */
    char *group;            /* a finer group inside the evaluator (a question kind), or NULL */
    double value;           /* the score (1 / 0 for right / wrong) */
    double weight;          /* 0 (counts as 1), or its share of a ratio: a group's value is
                               sum(value) / sum(weight) (F1 items: 2*tp over 2*tp + fp + fn) */
    int correct;            /* 1 right, 0 wrong, -1 not a right/wrong metric */
    int failed;             /* 1: the task failed with an error: no score (value 0, correct -1) */
    ward_demographics demo; /* the patient's (empty without a patient) */
} ward_eval_item;

typedef struct ward_eval_items {
    ward_eval_item *v;
    size_t n;
} ward_eval_items;

/* Appends a copy of *it (strings duplicated; demo looked up for it->patient
 * unless already set). A patient missing from the store leaves demo empty. */
int ward_eval_items_add(ward_eval_items *items, ward_store *st, const ward_eval_item *it, ward_err *err);
/* A new JSON array of the items (the caller frees it). */
struct json_t *ward_eval_items_json(const ward_eval_items *items);
void ward_eval_items_free(ward_eval_items *items);

/* ---- retrieval (src/assess/eval_retrieval.c) ---- */

/* Retrieval evaluation (`ward eval retrieval`). A query has judged relevant
 * items, each a unit that one hit can find: a chunk, a document, or every
 * document with a source id (a record's "Type/fhir_id", a note's path). */
typedef struct ward_eval_query {
    char *query, *patient;       /* patient NULL: search the whole store */
    int64_t *chunks, *docs;      /* relevant units, resolved against the store */
    size_t nchunks, ndocs;
    long line;                   /* its line in the file */
} ward_eval_query;

typedef struct ward_eval_set {
    ward_eval_query *v;
    size_t n;
    size_t skipped;              /* queries with no relevant unit in the store (or not_in_record) */
    size_t unresolved;           /* relevant items naming nothing in the store */
} ward_eval_set;

/* Loads JSONL {"query", "patient"?, "relevant": [items]}; an item is a
 * document id (number), "doc:N", "chunk:N", or a source id string. */
int ward_eval_load_jsonl(ward_store *st, const char *path, ward_eval_set *out, ward_err *err);
/* Loads a generated cohort's DIR/questions.jsonl: {"patient", "question",
 * "not_in_record", "evidence": [{"resourceType", "id"}]}; relevant are the
 * readable documents of the evidence resources. */
int ward_eval_load_cohort(ward_store *st, const char *dir, ward_eval_set *out, ward_err *err);
void ward_eval_set_free(ward_eval_set *s);

typedef struct ward_eval_metrics {
    double recall1, recall5, recall10, mrr, ndcg10;
    size_t queries;
} ward_eval_metrics;

/* Runs every query (k = 10, filtered by its patient) with p's mode and
 * embedder and averages the metrics over the queries. items (or NULL) gets
 * each query's recall@10 and nDCG@10, evaluator "retrieval.MODE". */
int ward_eval_retrieval(ward_store *st, const ward_eval_set *set, const ward_search_params *p,
                        ward_eval_metrics *out, ward_eval_items *items, ward_err *err);

/* ---- tasks (src/assess/eval_tasks.c, eval_chart.c) ---- */

/* `ward eval tasks`: the tasks measured in extractive mode on a generated
 * cohort already ingested into st (DIR from `ward synth`):
 *  - chart questions (DIR/questions.jsonl): an answer is right when its text
 *    says the true answer (numbers and date exactly, most of its words);
 *    "not in the record" questions when Ward says so. A task that fails with
 *    an error is a failure, counted apart, never a wrong answer.
 *  - citations, before and after the guard: a citation is right when its
 *    chunk is the asked patient's and the sentence citing it is supported
 *    by what it cites. "Before" scores every sentence the task wrote;
 *    "after" only those the guard kept (so 1.0 by construction: the guard
 *    drops the rest). Evidence recall: questions citing a true evidence.
 *  - summary recall of active problems, medications, allergies; the reading
 *    grade of instructions; ROUGE-1/2/L of notes on transcripts.
 *  - reconciled chart (the summary's lists): self-comparisons (a trend
 *    against a result of the same day), duplicate allergy rows, reactions
 *    listed as problems, problems not merged by concept. */
typedef struct ward_eval_tasks_params {
    const char *cohort;       /* the `ward synth` output directory */
    long patients;            /* only the first N patients of questions.jsonl (0: all) */
    ward_report_fn report;    /* skipped lines (warnings) and progress, or NULL */
    void *report_ud;
    int items;                /* fill the result's per-item list (default 1) */
} ward_eval_tasks_params;

ward_eval_tasks_params ward_eval_tasks_default_params(void);

typedef struct ward_eval_count {
    long n, ok;
} ward_eval_count;

/* Reconciled-chart checks: trend lines comparing distinct days; allergy
 * rows, distinct substances; problem rows (coded and from notes) that are
 * no allergy's reaction; problem rows, distinct concepts; medication rows,
 * distinct ingredients (the concept extractor names problems and drugs,
 * independently of the chart's own reconciliation); allergy rows, at most
 * one per allergy the cohort's FHIR bundle records (a drug and its class's
 * allergy listed apart are two rows for one allergy). */
enum { WARD_CHART_TRENDS, WARD_CHART_ALLERGIES, WARD_CHART_REACTIONS, WARD_CHART_PROBLEMS, WARD_CHART_MEDS,
       WARD_CHART_ALLERGY_RECORDS, WARD_CHART_NCHECKS };
typedef struct ward_eval_tasks_result {
    long patients;
    ward_eval_count questions;     /* answered (failures excluded), right */
    long question_failures;        /* ask returned an error */
    long cited_not_said;           /* answers citing every evidence whose text does not say the
                                      answer (the old rule counted them right) */
    struct json_t *by_kind;        /* {kind: {"n", "correct", "failed"}}; owned by the result
                                      (ward_eval_tasks_result_free frees it) */
    ward_eval_count cites_before;  /* citations of every sentence written */
    ward_eval_count cites_after;   /* citations of the sentences the guard kept */
    ward_eval_count evidence;      /* questions with evidence; those citing one */
    ward_eval_count summary;       /* evidence items; those the summary cites */
    long instructions;             /* graded */
    double grade_sum;
    long notes;                    /* scored */
    double rouge1, rouge2, rougeL; /* sums over notes */
    long task_failures;            /* summaries, instructions and notes that failed */
    /* reconciled chart (eval_chart.c): [0] over the summaries, [1] over the
     * chart `ward show` and GET /api/v1/patients/{id} give */
    ward_eval_count chart[2][WARD_CHART_NCHECKS];
    /* literature questions (eval_literature.c): answered from the right
     * guideline with the right words; unanswerable ones "not found" */
    ward_eval_count literature, literature_not_found;
    long skipped_lines;            /* questions.jsonl lines that are not question records */
    ward_eval_items items;
} ward_eval_tasks_result;
/* The reconciled-chart checks, by index into ward_eval_tasks_result.chart. */
extern const char *const ward_chart_check_names[WARD_CHART_NCHECKS];

/* Runs the evaluation. Errors: WARD_EINPUT (no DIR/questions.jsonl),
 * WARD_EIO (the store). Task failures are counted, not returned. */
int ward_eval_tasks(ward_store *st, const ward_eval_tasks_params *p, ward_eval_tasks_result *out, ward_err *err);
/* The result as a new JSON object (the caller frees it). */
struct json_t *ward_eval_tasks_json(const ward_eval_tasks_result *r);
void ward_eval_tasks_result_free(ward_eval_tasks_result *r);

/* ---- concept scores (src/assess/eval_concepts.c): ConText assertions and
 * concept extraction against ground truth, a generated cohort's sidecars or
 * the hand-written tricky sets in tests/fixtures/funnel. Attributes are compared
 * after normalizing both sides through the same lexicon ("b.i.d." = "BID",
 * "Tylenol" = "acetaminophen", "mg/dl" = "mg/dL"), so the score measures
 * what was understood, not spelling. ---- */
typedef struct ward_concept_scores {
    long assert_total, assert_correct;
    long assert_tp, assert_fp, assert_fn; /* assertions other than present (negated, possible,
                                             historical...), micro F1: right class tp, a wrong
                                             one fp (when not present) and fn (when truth is not) */
    long neg_tp, neg_fp, neg_fn;          /* negation, over truth concepts */
    long med_tp, med_fp, med_fn;          /* medication attributes */
    long meas_tp, meas_fp, meas_fn;       /* vitals and labs: name + value + unit */
    long truth_concepts, found_concepts, matched_concepts;
    long notes;
} ward_concept_scores;

/* Called for each miss, with a short description (no PHI: for test output
 * and --verbose on synthetic or hand-written data only). */
typedef void (*ward_eval_miss_fn)(void *ud, const char *what);

double ward_eval_f1(long tp, long fp, long fn);
double ward_concept_scores_accuracy(const ward_concept_scores *s);

/* Scores one text: truth (borrowed) is a JSON array of {"start","end","type","norm",
 * "assertion"} (offsets into text; with "text" and no offsets, the first
 * occurrence of "text"). types_mask (1 << ward_concept_type) limits which
 * types are scored; found concepts of other types are ignored. */
void ward_eval_concepts_text(ward_extractor *ex, const char *text, size_t len, struct json_t *truth,
                    unsigned types_mask, ward_concept_scores *s, ward_eval_miss_fn miss, void *ud);

/* DIR/assertions.jsonl ({"text","target","assertion"}) and
 * DIR/extract.jsonl ({"text","concepts":[...]}): the tricky sets. */
int ward_eval_concepts_tricky(ward_extractor *ex, const char *dir, ward_concept_scores *s,
                     ward_eval_miss_fn miss, void *ud, ward_err *err);
/* DIR/notes/NAME.txt with NAME.truth.json sidecars from `ward synth`. */
int ward_eval_concepts_cohort(ward_extractor *ex, const char *dir, ward_concept_scores *s,
                     ward_eval_miss_fn miss, void *ud, ward_err *err);
/* The scores as a JSON object (new reference). */
struct json_t *ward_concept_scores_json(const ward_concept_scores *s);

#endif
