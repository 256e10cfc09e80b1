/* orchestrate.h — tasks: a request in, a cited draft out.
 *
 * The orchestrator routes a request to a task (ask, summarize, note,
 * instructions, priorauth) and runs its plan: retrieve evidence (structured
 * records first, then chunks of notes and literature), call tools
 * (calculators), build the output — with a model when one is configured,
 * else extractively from the evidence itself — then verify it (guardrails)
 * and store it as a draft for a clinician to review.
 *
 * Every sentence of an output cites evidence by number; each citation is a
 * chunk (chunk id, document id, title, quoted span with byte offsets into
 * the document) or, for notes from conversations, a transcript turn.
 * Retrieved text is data, never instructions: it goes to a model between
 * delimiters, and sentences in it that read as instructions to a model are
 * never quoted.
 */
#ifndef WARD_ORCHESTRATE_H
#define WARD_ORCHESTRATE_H

#include "ward/core.h"
#include "ward/llm.h"
#include "ward/store.h"

struct json_t;

typedef enum {
    WARD_TASK_AUTO, WARD_TASK_ASK, WARD_TASK_SUMMARIZE, WARD_TASK_NOTE, WARD_TASK_INSTRUCTIONS,
    WARD_TASK_PRIORAUTH
} ward_task;

typedef struct ward_orch_params {
    ward_llm *llm;           /* NULL or the extractive backend: extractive outputs */
    int drop_unsupported;    /* guard policy: 1 drop unsupported sentences (default), 0 keep them flagged */
    double min_support;      /* lexical support needed per sentence (default 0.6) */
    int save_draft;          /* store the output in `drafts` (default 1) */
    const char *role;        /* requester's role; "researcher" gets de-identified output */
    /* Model output as it comes, or NULL: piece by piece, then NULL when a
     * model call ends; return nonzero to stop that call. */
    int (*on_token)(const char *piece, void *ud);
    void *token_ud;
    int max_calls;           /* model calls per task at most (default 6); later sections stay extractive */
    int max_tokens;          /* tokens the model may generate per task, all calls together (0: no cap
                              * beyond each call's budget); past it, later sections stay extractive */
    struct ward_orch_cache *cache; /* NULL (default), or the chart lists kept across runs (below) */
} ward_orch_params;

/* The reconciled chart's lists (problems, medications, results...) of one
 * patient at a time, kept across task runs that share it: an evaluation
 * asks a patient's chart fifteen questions, and each would read them
 * again. Only for a caller that knows the store does not change between
 * those runs (an evaluation over a fixed store); without it, each run
 * reads the lists once for itself. A run for another patient starts the
 * cache afresh. Not for use by two threads at once. */
typedef struct ward_orch_cache ward_orch_cache;
ward_orch_cache *ward_orch_cache_new(void);
void ward_orch_cache_free(ward_orch_cache *c);

ward_orch_params ward_orch_default_params(void);

typedef struct ward_task_request {
    ward_task task;          /* AUTO: routed from the question */
    const char *patient_id;  /* NULL: literature only (ask) */
    const char *question;    /* ask */
    const char *transcript;  /* note: the conversation text */
    size_t transcript_len;
    const char *transcript_name; /* file name, for inputs and errors */
    int grade;               /* instructions: target reading grade (default 6) */
    const char *service;     /* priorauth: the service requested */
} ward_task_request;

typedef struct ward_task_result {
    char *text;              /* the output as text, citations as [n], then the sources */
    struct json_t *json;     /* {"task","answer"|"text","citations",...,"backend","model","draft_id","verification"};
                                owned by the result (ward_task_result_free) */
    int64_t draft_id;        /* 0 when not saved */
    int found;               /* ask: 0 when the answer is "not found in the record" */
} ward_task_result;

/* Which task a free-text request is ("summarize her chart" -> SUMMARIZE). */
ward_task ward_orch_route(const char *request);
const char *ward_task_name(ward_task t);

/* Runs a task end to end. Errors: WARD_EUSAGE (missing inputs),
 * WARD_ENOTFOUND (unknown patient), WARD_EIO (store). */
int ward_orch_run(ward_store *st, const ward_orch_params *p, const ward_task_request *req,
                  ward_task_result *out, ward_err *err);
void ward_task_result_free(ward_task_result *r);

/* ---- drafts ---- */

typedef struct ward_draft_list_params {
    const char *patient_id;  /* NULL: all */
    const char *task, *status;
    int limit;               /* default 50 */
} ward_draft_list_params;

/* Drafts as a new JSON array *out the caller frees (id, task, patient_id,
 * status, backend, model, created_at, reviewer, first line of the output). */
int ward_drafts_list(ward_store *st, const ward_draft_list_params *p, struct json_t **out, ward_err *err);
/* One draft with everything stored, a new JSON object *out the caller
 * frees. WARD_ENOTFOUND when absent. */
int ward_draft_get(ward_store *st, int64_t id, struct json_t **out, ward_err *err);
/* Review: status "approved", "rejected" or "edited" (final_text required
 * for edited). Approval and rejection need status "draft"; an edit is
 * ward_draft_edit with no base version. */
int ward_draft_review(ward_store *st, int64_t id, const char *status, const char *reviewer,
                      const char *final_text, ward_err *err);
/* An edit: text becomes the next version and the final text (status
 * "edited"). Allowed on a draft, an approved draft (an amendment) or an
 * edited one; not on a rejected one (WARD_EINPUT). base_version > 0 must be
 * the latest version, else WARD_EINPUT (another edit came first). *version
 * gets the new version. */
int ward_draft_edit(ward_store *st, int64_t id, const char *editor, const char *text, int base_version,
                    int *version, ward_err *err);
/* The versions of draft id, oldest first: a new JSON array (the caller
 * frees it) of {version, kind
 * ("generated"|"edit"), author, created_at, text}. WARD_ENOTFOUND when no
 * such draft. */
int ward_draft_versions(ward_store *st, int64_t id, struct json_t **out, ward_err *err);
/* Adds to each version after the first, in place, a "diff": a unified diff
 * (diff -u format) from the previous version's text. Call after any
 * redaction of the texts, so the diffs show only what the caller may see. */
void ward_draft_versions_diff(struct json_t *versions);

/* ---- measures used by the tasks and the evaluation ---- */

/* Flesch–Kincaid grade level of English text. */
double ward_fk_grade(const char *text);
/* Plain-language rewrite with the built-in lexicon (medical term -> plain
 * words); returns malloc'd text. */
char *ward_plain_language(const char *text);

typedef struct ward_rouge {
    double r1, r2, rl;       /* F1 of unigrams, bigrams, longest common subsequence */
} ward_rouge;
ward_rouge ward_rouge_score(const char *candidate, const char *reference);

#endif
