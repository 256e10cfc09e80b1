/* router.c — the orchestrator's front: route a request to a task, run the
 * plan (retrieve + tools inside the task, then generate, verify), render
 * the result as text and JSON, and store it as a draft.
 *
 * The plan is the same for every task: the task gathers evidence and
 * writes extractive sentences; with a model configured, generate.c asks it
 * to write the output from that same evidence; either way guard.c checks
 * every sentence before the output is rendered. Citations are numbered in
 * order of first use by a sentence that survived the guard.
 */
#include "orch_int.h"
#include "ward/funnel.h"
#include "ward/govern.h"

#include <stdlib.h>
#include <string.h>

ward_orch_params ward_orch_default_params(void)
{
    ward_orch_params p = {0};
    p.drop_unsupported = 1;
    p.min_support = 0.6;
    p.save_draft = 1;
    p.max_calls = 6;
    return p;
}

static const char *NAMES[] = {"auto", "ask", "summarize", "note", "instructions", "priorauth"};

const char *ward_task_name(ward_task t) { return NAMES[t]; }

ward_task ward_orch_route(const char *r)
{
    if (!r) return WARD_TASK_ASK;
    static const struct { const char *cue; ward_task t; } cues[] = {
        {"summar", WARD_TASK_SUMMARIZE}, {"overview of", WARD_TASK_SUMMARIZE},
        {"prior auth", WARD_TASK_PRIORAUTH}, {"prior-auth", WARD_TASK_PRIORAUTH},
        {"authorization", WARD_TASK_PRIORAUTH}, {"soap", WARD_TASK_NOTE},
        {"transcript", WARD_TASK_NOTE}, {"after-visit", WARD_TASK_INSTRUCTIONS},
        {"discharge instructions", WARD_TASK_INSTRUCTIONS}, {"patient instructions", WARD_TASK_INSTRUCTIONS},
        {"plain language", WARD_TASK_INSTRUCTIONS}};
    for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
        if (ward_str_casestr(r, cues[i].cue)) return cues[i].t;
    return WARD_TASK_ASK;
}

/* ---- rendering ---- */

static void number_citations(orch_out *o)
{
    int next = 1;
    for (size_t i = 0; i < o->ns; i++) {
        if (!o->s[i].kept) continue;
        for (int k = 0; k < o->s[i].ncite; k++) {
            orch_ev *e = &o->ev[o->s[i].cite[k]];
            if (!e->used) e->used = 1, e->n = next++;
        }
    }
}

static void one_line(ward_buf *b, const char *s, size_t max)
{
    size_t n = 0;
    for (; *s && n < max; s++, n++) ward_buf_putc(b, *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
    if (*s) ward_buf_puts(b, "...");
}

static void marks(ward_buf *b, const orch_out *o, const orch_sent *s)
{
    for (int k = 0; k < s->ncite; k++) ward_buf_printf(b, " [%d]", o->ev[s->cite[k]].n);
}

static json_t *citations_json(const orch_out *o)
{
    json_t *list = json_array();
    for (int n = 1;; n++) {
        const orch_ev *e = NULL;
        for (size_t i = 0; i < o->nev && !e; i++)
            if (o->ev[i].used && o->ev[i].n == n) e = &o->ev[i];
        if (!e) break;
        json_t *c = json_pack("{s:i, s:s, s:s, s:I, s:I}", "n", n, "title", e->title, "quote", e->quote,
                              "start", (json_int_t)e->start, "end", (json_int_t)e->end);
        if (e->turn) {
            json_object_set_new(c, "turn", json_integer(e->turn));
            json_object_set_new(c, "speaker", json_string(e->speaker));
        } else {
            json_object_set_new(c, "chunk_id", json_integer(e->chunk_id));
            json_object_set_new(c, "document_id", json_integer(e->document_id));
        }
        json_array_append_new(list, c);
    }
    return list;
}

/* Text: sections with their lines (an answer is one paragraph), sources. */
static char *render(orch_out *o, ward_task t, json_t **sections)
{
    ward_buf b;
    ward_buf_init(&b);
    *sections = json_array();
    const char *cur = NULL;
    json_t *lines = NULL;
    for (size_t i = 0; i < o->ns; i++) {
        orch_sent *s = &o->s[i];
        if (!s->kept) continue;
        if (!cur || strcmp(cur, s->section)) {
            cur = s->section;
            lines = json_array();
            json_array_append_new(*sections, json_pack("{s:s, s:o}", "title", cur, "lines", lines));
            if (t != WARD_TASK_ASK && *cur) ward_buf_printf(&b, "%s%s\n", b.len ? "\n" : "", cur);
        }
        json_t *cites = json_array();
        for (int k = 0; k < s->ncite; k++) json_array_append_new(cites, json_integer(o->ev[s->cite[k]].n));
        json_array_append_new(lines, json_pack("{s:s, s:o, s:b}", "text", s->text, "citations", cites,
            "supported", s->frame || (s->support >= o->p->min_support && s->numbers_ok)));
        if (t == WARD_TASK_ASK) {
            if (b.len) ward_buf_putc(&b, ' ');
            ward_buf_puts(&b, s->text);
            marks(&b, o, s);
            size_t n = strlen(s->text);
            if (n && !strchr(".?!:", s->text[n - 1])) ward_buf_putc(&b, '.');
        } else {
            ward_buf_puts(&b, "- ");
            ward_buf_puts(&b, s->text);
            marks(&b, o, s);
            if (!(s->frame || (s->support >= o->p->min_support && s->numbers_ok))) ward_buf_puts(&b, "  [unsupported]");
            ward_buf_putc(&b, '\n');
        }
    }
    if (t == WARD_TASK_ASK) ward_buf_putc(&b, '\n');
    return ward_buf_steal(&b);
}

static char *sources_text(const orch_out *o)
{
    ward_buf b;
    ward_buf_init(&b);
    for (int n = 1;; n++) {
        const orch_ev *e = NULL;
        for (size_t i = 0; i < o->nev && !e; i++)
            if (o->ev[i].used && o->ev[i].n == n) e = &o->ev[i];
        if (!e) break;
        if (n == 1) ward_buf_puts(&b, "\nSources\n");
        if (e->turn) ward_buf_printf(&b, "[%d] turn %d (%s): \"", n, e->turn, e->speaker);
        else ward_buf_printf(&b, "[%d] %s (document %lld, chunk %lld, bytes %zu-%zu): \"", n, e->title,
                             (long long)e->document_id, (long long)e->chunk_id, e->start, e->end);
        one_line(&b, e->quote, 200);
        ward_buf_puts(&b, "\"\n");
    }
    return ward_buf_steal(&b);
}

/* Roles that must not see PHI get every sentence and quote de-identified
 * (after the guard judged the originals, before anything is rendered or
 * stored). */
static int role_sees_phi(const char *role)
{
    return !role || strcmp(role, "researcher");
}

static int deid_in_place(char **text, const char *patient, ward_err *err)
{
    ward_deid_params dp = ward_deid_default_params();
    dp.patient_id = patient;
    ward_deid_result r;
    int rc = ward_funnel_deid(*text, strlen(*text), &dp, &r, err);
    if (!rc) {
        free(*text);
        *text = ward_xstrdup(r.text);
    }
    ward_deid_result_free(&r);
    return rc;
}

static int deid_output(orch_out *o, ward_err *err)
{
    int rc = WARD_OK;
    for (size_t i = 0; i < o->ns && !rc; i++) rc = deid_in_place(&o->s[i].text, o->req->patient_id, err);
    for (size_t i = 0; i < o->nev && !rc; i++) rc = deid_in_place(&o->ev[i].quote, o->req->patient_id, err);
    return rc;
}

static int run_task(orch_out *o, ward_task t, ward_err *err)
{
    switch (t) {
    case WARD_TASK_SUMMARIZE: return orch_task_summarize(o, err);
    case WARD_TASK_NOTE: return orch_task_note(o, err);
    case WARD_TASK_INSTRUCTIONS: return orch_task_instructions(o, err);
    case WARD_TASK_PRIORAUTH: return orch_task_priorauth(o, err);
    default: return orch_task_ask(o, err);
    }
}

static const char *INSTRUCTIONS[] = {
    "",
    "Answer the clinician's question from the evidence only. If the evidence does not answer it, say \"Not found in the record.\"",
    "Summarize the patient's chart: active problems, medications, allergies, recent labs and vitals with trends, recent encounters.",
    "Write this section of a visit note from the conversation turns, in third-person clinical prose (the patient is \"the patient\", \"he\", \"she\" or \"they\").",
    "Write after-visit instructions for the patient in plain language at a 6th-grade reading level, in short sentences.",
    "Write a prior-authorization letter: diagnosis, relevant history, prior treatments and outcomes, supporting results.",
};

int ward_orch_run(ward_store *st, const ward_orch_params *p, const ward_task_request *req,
                  ward_task_result *res, ward_err *err)
{
    memset(res, 0, sizeof *res);
    ward_task t = req->task == WARD_TASK_AUTO ? ward_orch_route(req->question) : req->task;
    if (req->patient_id) {
        int known = 0, rc = ward_store_patient_exists(st, req->patient_id, &known, err);
        if (rc) {
            ward_err_prefix(err, "cannot read the chart");
            return rc;
        }
        if (!known) return ward_err_set(err, WARD_ENOTFOUND, "no patient with that id (see ward patients)");
    }
    if (t != WARD_TASK_ASK && t != WARD_TASK_NOTE && !req->patient_id)
        return ward_err_set(err, WARD_EUSAGE, "%s needs --patient ID", ward_task_name(t));
    orch_out o = {.st = st, .p = p, .req = req};
    o.extra = json_object();
    o.inputs = json_pack("{s:s?}", "patient_id", req->patient_id);
    o.backend = p->llm ? ward_llm_backend(p->llm) : "extractive";
    o.model = p->llm ? ward_llm_model(p->llm) : "none";
    int rc = run_task(&o, t, err);
    /* A task that met a store failure has no output, whatever it returned. */
    if (!rc) rc = orch_check(&o, err);
    if (!rc) {
        int generated = strcmp(o.backend, "extractive") == 0 ? -1 : orch_generate(&o, INSTRUCTIONS[t]);
        if (generated == 2) {
            rc = ward_err_set(err, WARD_EMODEL, "the %s model backend failed: %.900s", o.backend, o.failure);
            orch_out_free(&o);
            return rc;
        }
        if (!o.prompt_hash[0]) orch_extractive_hash(&o, ward_task_name(t));
        orch_guard(&o);
        json_object_set_new(o.verification, "generated_by_model", json_boolean(generated == 0));
        if (t == WARD_TASK_INSTRUCTIONS) orch_instructions_grade(&o);
        int deid = !role_sees_phi(p->role);
        json_object_set_new(o.verification, "deidentified", json_boolean(deid));
        if (deid && (rc = deid_output(&o, err))) {
            orch_out_free(&o);
            return rc;
        }
        number_citations(&o);
        json_t *sections;
        char *body = render(&o, t, &sections);
        char *src = sources_text(&o);
        json_t *cites = citations_json(&o);
        ward_buf text;
        ward_buf_init(&text);
        ward_buf_puts(&text, body);
        ward_buf_puts(&text, src);
        res->found = !o.not_found;
        int unsaved = 0;
        if (p->save_draft) {
            /* The answer does not wait for another process's long write:
             * past a short wait it is given without a stored draft. */
            int old = ward_store_set_busy_timeout(st, WARD_STORE_SIDE_WRITE_MS);
            rc = orch_draft_save(&o, ward_task_name(t), body, cites, &res->draft_id, err);
            ward_store_set_busy_timeout(st, old);
            if (rc == WARD_EBUSY) {
                ward_err_clear(err);
                rc = WARD_OK;
                unsaved = 1;
            }
        }
        size_t bl = strlen(body);
        /* A model's text is kept as given even when it is not valid UTF-8
         * (escaped), so the result can always be carried as JSON. */
        char *raw = ward_xstrndup(body, bl && body[bl - 1] == '\n' && t == WARD_TASK_ASK ? bl - 1 : bl);
        char *trimmed = ward_utf8_escape(raw);
        free(raw);
        json_t *j = json_pack("{s:s, s:s?, s:s, s:o, s:O, s:s, s:s, s:I, s:O}", "task", ward_task_name(t),
            "patient_id", req->patient_id, t == WARD_TASK_ASK ? "answer" : "text", trimmed, "sections", sections,
            "citations", cites, "backend", o.backend, "model", o.model, "draft_id", (json_int_t)res->draft_id,
            "verification", o.verification);
        /* Never an empty answer in place of a failure. */
        if (!j && !rc) rc = ward_err_set(err, WARD_EOUTPUT, "the %s result could not be written as JSON", ward_task_name(t));
        json_object_update(j, o.extra);
        if (t == WARD_TASK_ASK) json_object_set_new(j, "found", json_boolean(!o.not_found));
        if (unsaved) json_object_set_new(j, "draft_saved", json_false());
        char num[32] = "";
        if (res->draft_id) snprintf(num, sizeof num, " #%lld", (long long)res->draft_id);
        ward_buf_printf(&text, "\n%s draft%s (backend %s, model %s): %d of %d sentences supported%s; needs clinician review.\n",
                        ward_task_name(t), num, o.backend, o.model,
                        (int)json_integer_value(json_object_get(o.verification, "supported")), (int)o.ns,
                        json_integer_value(json_object_get(o.verification, "dropped")) ? ", unsupported dropped" : "");
        if (unsaved)
            ward_buf_puts(&text, "Not stored as a draft: another process held the store's write lock; run again to"
                                 " store it for review.\n");
        res->text = ward_buf_steal(&text);
        res->json = j;
        json_decref(cites);
        free(trimmed);
        free(body);
        free(src);
        if (rc) ward_task_result_free(res);
    }
    orch_out_free(&o);
    return rc;
}

void ward_task_result_free(ward_task_result *r)
{
    free(r->text);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}
