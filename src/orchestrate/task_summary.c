/* task_summary.c — `ward summarize`: the chart on one page, every line cited.
 *
 * Structured data first (it is precise and current): active problems,
 * current medications, allergies, the latest value of each lab and vital
 * with its trend against the previous one, recent encounters. Then the
 * notes: the assessment and plan of the latest notes, quoted.
 */
#include "orch.h"

#include <stdlib.h>
#include <string.h>

static int facts_section(orch_out *o, const char *title, orch_fact_kind kind, size_t max, int trend, ward_err *err)
{
    orch_facts fs;
    int rc = orch_facts_get(o->st, o->req->patient_id, kind, &fs, err);
    if (rc) return rc;
    for (size_t i = 0; i < fs.n && i < max; i++) orch_say_fact(o, title, &fs.v[i], trend);
    if (!fs.n) orch_say(o, title, NULL, 0, "None recorded.")->frame = 1;
    orch_facts_free(&fs);
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
    orch_say(q->o, q->section, &ev, 1, "%s", q->o->ev[ev].quote);
    q->left--;
}

/* Quotes up to `per_note` sentences from the assessment/plan (else the
 * start) of the patient's latest notes. */
int orch_quote_latest_notes(orch_out *o, const char *section, int notes, int per_note, const char *prefer)
{
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_prepare(o->st,
        "SELECT d.id, (SELECT c.id FROM chunks c WHERE c.document_id = d.id ORDER BY"
        "   (upper(coalesce(c.section,'')) LIKE '%' || ?3 || '%') DESC,"
        "   (upper(coalesce(c.section,'')) LIKE '%ASSESSMENT%' OR upper(coalesce(c.section,'')) LIKE '%PLAN%'"
        "    OR upper(coalesce(c.section,'')) LIKE '%IMPRESSION%') DESC, c.seq LIMIT 1)"
        " FROM documents d WHERE d.patient_id = ?1 AND d.kind NOT IN ('record','transcript')"
        " ORDER BY d.date DESC, d.id DESC LIMIT ?2", &err);
    if (!s) return orch_fail(o, &err);
    sqlite3_bind_text(s, 1, o->req->patient_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, notes);
    sqlite3_bind_text(s, 3, prefer ? prefer : "ASSESSMENT", -1, SQLITE_STATIC);
    int said = 0, step = SQLITE_DONE;
    while (!o->err.code && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t cid = sqlite3_column_int64(s, 1);
        int whole = cid ? orch_ev_chunk(o, cid, 0, 0) : ORCH_MISSING;
        if (whole < 0) continue;
        /* The whole-chunk item only found the text; sentences are cited. */
        char *text = ward_xstrdup(o->ev[whole].quote);
        quote_ctx q = {o, section, text, cid, per_note};
        orch_sentences(text, strlen(text), quote_sentence, &q);
        said += per_note - q.left;
        free(text);
    }
    if (!o->err.code && step != SQLITE_DONE) {
        orch_db_err(o->st, &err);
        orch_fail(o, &err);
    }
    sqlite3_finalize(s);
    return o->err.code ? ORCH_FAILED : said;
}

int orch_task_summarize(orch_out *o, ward_err *err)
{
    int rc = facts_section(o, "Active problems", FACT_PROBLEMS, 30, 0, err);
    if (!rc) rc = facts_section(o, "Medications", FACT_MEDS, 30, 0, err);
    if (!rc) rc = facts_section(o, "Allergies", FACT_ALLERGIES, 20, 0, err);
    if (!rc) rc = facts_section(o, "Recent labs and vitals", FACT_OBS, 15, 1, err);
    if (!rc) rc = facts_section(o, "Recent encounters", FACT_ENCOUNTERS, 5, 0, err);
    if (rc) {
        ward_err_prefix(err, "cannot read the chart");
        return rc;
    }
    int said = orch_quote_latest_notes(o, "From the notes", 3, 2, "ASSESSMENT");
    if (!said) orch_say(o, "From the notes", NULL, 0, "No notes on file.")->frame = 1;
    return orch_check(o, err);
}
