/* eval_concepts.h — scoring ConText assertions and concept extraction
 * against ground truth: a generated cohort's sidecars, or the hand-written
 * tricky sets in tests/funnel/data. Used by `ward eval concepts` (and by
 * `ward eval funnel`) and by the test that holds the funnel to its targets.
 *
 * Attributes are compared after normalizing both sides through the same
 * lexicon ("b.i.d." = "BID", "Tylenol" = "acetaminophen", "mg/dl" =
 * "mg/dL"), so the score measures what was understood, not spelling. */
#ifndef WARD_ASSESS_EVAL_CONCEPTS_H
#define WARD_ASSESS_EVAL_CONCEPTS_H

#include "ward/funnel.h"

struct json_t;

typedef struct ward_concept_scores {
    long assert_total, assert_correct;
    long neg_tp, neg_fp, neg_fn;          /* negation, over truth concepts */
    long med_tp, med_fp, med_fn;          /* medication attributes */
    long meas_tp, meas_fp, meas_fn;       /* vitals and labs: name + value + unit */
    long truth_concepts, found_concepts, matched_concepts;
    long notes;
} ward_concept_scores;

/* Called for each miss, with a short description (no PHI: for test output
 * and --verbose on synthetic or hand-written data only). */
typedef void (*ward_eval_miss_fn)(void *ud, const char *what);

double ward_f1(long tp, long fp, long fn);
double ward_scores_assertion_accuracy(const ward_concept_scores *s);

/* Scores one text: truth is a JSON array of {"start","end","type","norm",
 * "assertion"} (offsets into text; with "text" and no offsets, the first
 * occurrence of "text"). types_mask (1 << ward_concept_type) limits which
 * types are scored; found concepts of other types are ignored. */
void ward_eval_text(ward_extractor *ex, const char *text, size_t len, struct json_t *truth,
                    unsigned types_mask, ward_concept_scores *s, ward_eval_miss_fn miss, void *ud);

/* DIR/assertions.jsonl ({"text","target","assertion"}) and
 * DIR/extract.jsonl ({"text","concepts":[...]}): the tricky sets. */
int ward_eval_tricky(ward_extractor *ex, const char *dir, ward_concept_scores *s,
                     ward_eval_miss_fn miss, void *ud, ward_err *err);
/* DIR/notes/NAME.txt with NAME.truth.json sidecars from `ward synth`. */
int ward_eval_cohort(ward_extractor *ex, const char *dir, ward_concept_scores *s,
                     ward_eval_miss_fn miss, void *ud, ward_err *err);
/* The scores as a JSON object (new reference). */
struct json_t *ward_scores_json(const ward_concept_scores *s);

#endif
