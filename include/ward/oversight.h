/* oversight.h — what an AI oversight committee reads between evaluations
 * (src/govern/monitor.c, feedback.c, card.c).
 *
 * Monitoring: from the drafts clinicians reviewed (approval, edit and
 * rejection rates, how much an edit changed, by task, backend, model and
 * period), from the outputs (sentences the guard dropped, "Not found in the
 * record." answers) and from the input (what Ward did not recognise:
 * chunks outside any section, codes of unknown systems, numbers without a
 * unit). Feedback: reviewed drafts as training pairs, de-identified. Card:
 * a model/system card built from the evaluation history.
 */
#ifndef WARD_OVERSIGHT_H
#define WARD_OVERSIGHT_H

#include "ward/core.h"
#include "ward/store.h"

struct json_t;

/* ---- monitoring (src/govern/monitor.c) ---- */

typedef struct ward_monitor_params {
    const char *since;       /* YYYY-MM-DD: drafts and records from then on (NULL: all) */
    int period;              /* characters of created_at that make a period: 7 month, 10 day (default 7) */
} ward_monitor_params;

ward_monitor_params ward_monitor_default_params(void);

/* {"drafts": {...overall...}, "by": [{"task", "backend", "model", "period", "drafts", "reviewed",
 *  "approved", "edited", "rejected", "approval_rate", "edit_rate", "rejection_rate",
 *  "edit_distance", "sentences", "dropped", "unsupported_drop_rate", "asked", "not_found",
 *  "not_found_rate"}], "input": {...drift shares...}} */
int ward_monitor(ward_store *st, const ward_monitor_params *p, struct json_t **out, ward_err *err);

/* The same as Prometheus text exposition lines (ward_monitor_*), appended
 * to out: what the server's /metrics can add to its own. */
int ward_monitor_metrics(ward_store *st, ward_buf *out, ward_err *err);

/* Word-level edit distance of a and b over the longer one's words (0 same,
 * 1 nothing in common). */
double ward_edit_distance_norm(const char *a, const char *b);

/* ---- feedback export (src/govern/feedback.c) ---- */

typedef struct ward_feedback_counts {
    long drafts, supervised, preference;
} ward_feedback_counts;

/* Writes approved and edited drafts to f, one JSON object a line:
 * {"type": "supervised", "task", "evidence": [quotes], "draft", "final"} for
 * each, and {"type": "preference", "task", "evidence", "chosen": final,
 * "rejected": draft} for each edit. Every text goes through the
 * de-identifier (redact); no patient id, reviewer or date leaves. */
int ward_feedback_export(ward_store *st, FILE *f, ward_feedback_counts *counts, ward_err *err);

/* ---- model card (src/govern/card.c) ---- */

typedef struct ward_card_params {
    const char *backend, *model;   /* the configured generation backend (NULL: extractive) */
    const char *date;              /* the card's date, YYYY-MM-DD (NULL: today) */
} ward_card_params;

/* A model/system card in Markdown (the caller frees it): intended use,
 * backend and model, data, the latest metrics overall and by group, known
 * limits, and the date and version of every evaluation behind it. */
int ward_card(ward_store *st, const ward_card_params *p, char **out, ward_err *err);

#endif
