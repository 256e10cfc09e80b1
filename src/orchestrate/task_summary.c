/* task_summary.c — `ward summarize`: the chart on one page, every line cited.
 *
 * Structured data first (it is precise and current), from the reconciled
 * chart: active problems (and apart, problems only the notes mention),
 * current medications, allergies, the latest value of each lab and vital
 * with its trend against the previous one, recent encounters. Then the
 * notes: the assessment and plan of the latest notes, quoted; a note
 * sentence that contradicts the record is said under "Conflicts with the
 * record" with both sides cited (conflict.c), never quoted as fact.
 */
#include "orch_int.h"

#include <stdlib.h>
#include <string.h>

static int facts_section(orch_out *o, const char *title, orch_fact_kind kind, size_t max, int trend, ward_err *err)
{
    orch_facts fs;
    int rc = orch_facts_get(o, kind, &fs, err);
    if (rc) return rc;
    for (size_t i = 0; i < fs.n && i < max; i++) orch_say_fact(o, title, &fs.v[i], trend);
    if (!fs.n) orch_say(o, title, NULL, 0, "None recorded.")->frame = 1;
    return WARD_OK;
}

/* Problems found only in notes, apart from the coded ones; no section when there are none. */
static int noted_section(orch_out *o, ward_err *err)
{
    orch_facts fs;
    int rc = orch_facts_get(o, WARD_FACT_NOTED, &fs, err);
    if (rc) return rc;
    for (size_t i = 0; i < fs.n && i < 10; i++) orch_say_fact(o, "Mentioned in notes", &fs.v[i], 0);
    return WARD_OK;
}

typedef struct quote_ctx {
    orch_out *o;
    const char *section, *text;
    int64_t chunk;
    int left;
} quote_ctx;

static void quote_sentence(size_t s, size_t e, void *ud)
{
    quote_ctx *q = ud;
    if (q->left <= 0 || q->o->err.code || e - s < 12 || q->text[e - 1] == ':') return;   /* headers are not statements */
    if (orch_is_injection(q->text + s, e - s)) {
        q->o->injections++;
        return;
    }
    int ev = orch_ev_chunk(q->o, q->chunk, s, e);
    if (ev < 0) return;
    /* "The patient has no allergies." beside a recorded allergy is a conflict, not a quote */
    orch_conflict c;
    if (orch_conflict_of(q->o, q->o->ev[ev].quote, q->o->ev[ev].date, &c))
        orch_say_conflict(q->o, "Conflicts with the record", ev, &c);
    else
        orch_say(q->o, q->section, &ev, 1, "%s", q->o->ev[ev].quote);
    q->left--;
}

/* Quotes up to `per_note` sentences from the assessment/plan (else the
 * start) of the patient's latest notes. */
int orch_quote_latest_notes(orch_out *o, const char *section, int notes, int per_note, const char *prefer)
{
    ward_err err = {0};
    int64_t cids[16];
    int n;
    if (notes > 16) notes = 16;
    if (ward_store_latest_note_chunks(o->st, o->req->patient_id, prefer, notes, cids, &n, &err))
        return orch_fail(o, &err);
    int said = 0;
    for (int i = 0; i < n && !o->err.code; i++) {
        int whole = cids[i] ? orch_ev_chunk(o, cids[i], 0, 0) : ORCH_MISSING;
        if (whole < 0) continue;
        /* The whole-chunk item only found the text; sentences are cited. */
        char *text = ward_xstrdup(o->ev[whole].quote);
        quote_ctx q = {o, section, text, cids[i], per_note};
        orch_sentences(text, strlen(text), quote_sentence, &q);
        said += per_note - q.left;
        free(text);
    }
    return o->err.code ? ORCH_FAILED : said;
}

int orch_task_summarize(orch_out *o, ward_err *err)
{
    int rc = facts_section(o, "Active problems", WARD_FACT_PROBLEMS, 30, 0, err);
    if (!rc) rc = noted_section(o, err);
    if (!rc) rc = facts_section(o, "Medications", WARD_FACT_MEDS, 30, 0, err);
    if (!rc) rc = facts_section(o, "Allergies", WARD_FACT_ALLERGIES, 20, 0, err);
    if (!rc) rc = facts_section(o, "Recent labs and vitals", WARD_FACT_OBS, 15, 1, err);
    if (!rc) rc = facts_section(o, "Recent encounters", WARD_FACT_ENCOUNTERS, 5, 0, err);
    if (rc) {
        ward_err_prefix(err, "cannot read the chart");
        return rc;
    }
    int said = orch_quote_latest_notes(o, "From the notes", 3, 2, "ASSESSMENT");
    if (!said) orch_say(o, "From the notes", NULL, 0, "No notes on file.")->frame = 1;
    return orch_check(o, err);
}
