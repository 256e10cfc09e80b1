/* routes_tasks.c — the chart and the tasks: /api/v1/patients, /search,
 * /ask, /summarize, /note, /instructions, /priorauth, /extract (concepts
 * of a text in the body, as `ward extract --json` / `--to-fhir`).
 *
 * Each route reads its inputs (JSON body, or the query string for GETs),
 * asks govern whether the caller may (403 for the role, 404 for a patient
 * outside scope), runs the same library call as the CLI command and
 * answers the same JSON as its --json. Every read of patient data is
 * audited with the resources returned (chunk and draft ids, never text).
 *
 * Researchers see de-identified text only and never one named patient:
 * a search's hits go through govern's ward_redact_hits (pseudonyms, years,
 * de-identified text); tasks run with role "researcher", which the
 * orchestrator de-identifies.
 */
#include "server_int.h"
#include "ward/funnel.h"
#include "ward/orchestrate.h"
#include "ward/retrieve.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A request field: the JSON body's key, else the query string's. */
static const char *field(srv_req *r, json_t *body, const char *key)
{
    const char *v = body ? json_string_value(json_object_get(body, key)) : NULL;
    return v ? v : srv_query(r, key);
}

static long field_long(srv_req *r, json_t *body, const char *key, long dflt)
{
    json_t *j = body ? json_object_get(body, key) : NULL;
    if (json_is_integer(j)) return (long)json_integer_value(j);
    const char *q = srv_query(r, key);
    return q ? atol(q) : dflt;
}

/* The body as JSON for POSTs (NULL for GETs); *bad set when a POST body
 * was not JSON (the 400 is queued). */
static json_t *request_body(srv_req *r, int *bad)
{
    *bad = 0;
    if (strcmp(r->method, "POST")) return NULL;
    json_t *b = srv_body_json(r);
    if (!b) *bad = 1;
    return b;
}

static int is_researcher(srv_req *r)
{
    return !ward_scope_may(&r->who, "read_phi");
}

/* ---- patients ---- */

void srv_patients(srv_req *r)
{
    if (!srv_may(r, "read_phi")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    ward_err err = {0};
    char **ids = NULL;
    size_t n = 0;
    int all = 0;
    json_t *list = NULL;
    int rc = ward_scope_patients(st, &r->who, &ids, &n, &all, &err);
    if (!rc) rc = ward_patients_json(st, ids, n, all, &list, &err);
    ward_scope_free(ids, n);
    if (rc) {
        srv_problem_err(r, &err);
        return;
    }
    if (srv_audit(r, "patients", NULL, NULL, "ok")) {
        json_decref(list);
        return;
    }
    srv_json(r, 200, list);
}

void srv_chart(srv_req *r)
{
    const char *id = r->caps[0];
    if (!srv_may(r, "read_phi") || !srv_patient_ok(r, "show", id)) return;
    ward_store *st = srv_store(r);
    ward_err err = {0};
    json_t *chart;
    if (ward_chart_json(st, id, &chart, &err)) {
        srv_problem_err(r, &err);
        return;
    }
    if (srv_audit(r, "show", id, NULL, "ok")) {
        json_decref(chart);
        return;
    }
    srv_json(r, 200, chart);
}

void srv_break_glass(srv_req *r)
{
    const char *id = r->caps[0];
    if (!srv_may(r, "read_phi")) return;
    json_t *body = srv_body_json(r);
    if (!body) return;
    const char *reason = json_string_value(json_object_get(body, "reason"));
    json_t *m = json_object_get(body, "minutes");
    int minutes = json_is_integer(m) ? (int)json_integer_value(m) : 60;
    ward_store *st = srv_store(r);
    ward_err err = {0};
    /* ward_btg_open refuses an unknown patient (WARD_ENOTFOUND). */
    int rc = !st ? WARD_EIO
         : !reason || !*reason ? ward_err_set(&err, WARD_EUSAGE, "give a \"reason\"")
         : ward_btg_open(st, &r->who, id, reason, minutes, &err);
    json_decref(body);
    if (!st) return;
    if (rc) {
        srv_problem_err(r, &err);
        return;
    }
    srv_json(r, 201, json_pack("{s:s, s:i}", "patient", id, "minutes", minutes));
}

/* ---- search ---- */

static json_t *resource_ids(json_t *list, const char *key, const char *prefix)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_putc(&b, '[');
    size_t i;
    json_t *h;
    json_array_foreach(list, i, h) {
        char id[64];
        snprintf(id, sizeof id, "%s%lld", prefix, (long long)json_integer_value(json_object_get(h, key)));
        if (b.len > 1) ward_buf_putc(&b, ',');
        ward_buf_json_str(&b, id, strlen(id));
    }
    ward_buf_putc(&b, ']');
    json_t *s = json_string(b.data);
    ward_buf_free(&b);
    return s;
}

/* The audit's resources for hits, as resource_ids writes them for a list. */
static void hit_resources(const ward_hits *hits, ward_buf *b)
{
    ward_buf_putc(b, '[');
    for (size_t i = 0; i < hits->n; i++)
        ward_buf_printf(b, "%s\"chunk:%lld\"", i ? "," : "", (long long)hits->v[i].chunk_id);
    ward_buf_putc(b, ']');
}

void srv_search(srv_req *r)
{
    int bad;
    json_t *body = request_body(r, &bad);
    if (bad) return;
    ward_search_params p = ward_search_default_params();
    const char *q = field(r, body, "query");
    if (!q) q = field(r, body, "q");
    p.patient_id = field(r, body, "patient");
    p.kind = field(r, body, "kind");
    p.since = field(r, body, "since");
    p.until = field(r, body, "until");
    p.k = (int)field_long(r, body, "k", 10);
    const char *mode = field(r, body, "mode");
    ward_store *st = srv_store(r);
    if (!st) goto out;
    if (!q || !*q || p.k <= 0 || p.k > 200) {
        srv_problem(r, 400, "bad-request", "Give \"query\" (and k between 1 and 200).");
        goto out;
    }
    if (mode && !strcmp(mode, "bm25")) p.mode = WARD_SEARCH_BM25;
    else if (mode && !strcmp(mode, "vector")) p.mode = WARD_SEARCH_VECTOR;
    else if (mode && !strcmp(mode, "hybrid")) p.mode = WARD_SEARCH_HYBRID;
    if (!ward_scope_may(&r->who, "read_phi") && !srv_may(r, "read_deid")) goto out;
    if (p.patient_id && *p.patient_id && !srv_patient_ok(r, "search", p.patient_id)) goto out;
    ward_err err = {0};
    char **ids = NULL;
    size_t n = 0;
    int all = 1;
    /* Without a patient: the caller's patients and the literature, as a
     * filter inside the search's SQL and the vector index's filter. */
    if ((!p.patient_id || !*p.patient_id) && ward_scope_patients(st, &r->who, &ids, &n, &all, &err)) {
        srv_problem_err(r, &err);
        goto out;
    }
    if (!all) {
        p.patients = (const char *const *)ids;
        p.n_patients = n;
        p.literature = 1;
    }
    ward_hits hits = {0};
    /* The search itself may read a replica (--store-read); who may see
     * what was decided above, on the store itself. */
    ward_store *rst = srv_read_store(r);
    if (!rst) {
        ward_scope_free(ids, n);
        goto out;
    }
    /* The vectors' stamp and the search on one snapshot of the store: one
     * round of SQLite's locks and page-cache check for both (a replica is
     * another database: each on its own then). Nothing in it writes. */
    int reading = rst == st ? ward_store_read_begin(st) : 0;
    srv_vectors_acquire(r->srv, st, &p);
    int rc = ward_search(rst, q, &p, &hits, &err);
    srv_vectors_release(r->srv, &p);
    ward_store_read_end(st, reading);
    ward_scope_free(ids, n);
    if (rc) {
        srv_audit(r, "search", p.patient_id, NULL, "error");
        srv_problem_err(r, &err);
        goto out;
    }
    if (is_researcher(r) && (rc = ward_redact_hits(st, &hits, &err))) {
        ward_hits_free(&hits);
        srv_problem_err(r, &err);
        goto out;
    }
    ward_buf res, out;
    ward_buf_init(&res);
    ward_buf_init(&out);
    hit_resources(&hits, &res);
    if (!srv_audit(r, "search", p.patient_id, res.data, "ok")) {
        ward_hits_json_write(&hits, &out);
        srv_buf(r, 200, "application/json", &out);
    }
    ward_buf_free(&res);
    ward_buf_free(&out);
    ward_hits_free(&hits);
out:
    json_decref(body);
}

/* ---- tasks ---- */

int srv_task_allowed(srv_req *r, const ward_task_request *req)
{
    const char *name = ward_task_name(req->task);
    int needs_patient = req->task != WARD_TASK_ASK && req->task != WARD_TASK_NOTE;
    if (needs_patient && (!req->patient_id || !*req->patient_id)) {
        srv_problem(r, 400, "bad-request", "Give \"patient\".");
        return 0;
    }
    /* A question without a patient reads the literature: researchers may
     * ask it (the answer is de-identified for them). Everything else makes
     * a draft from a chart: staff who write. */
    if (req->task == WARD_TASK_ASK && (!req->patient_id || !*req->patient_id)) {
        if (!ward_scope_may(&r->who, "read_phi") && !srv_may(r, "read_deid")) return 0;
    } else if (!srv_may(r, "write")) {
        return 0;
    }
    return !req->patient_id || !*req->patient_id || srv_patient_ok(r, name, req->patient_id);
}

/* A count from the task's "generation" report (generated_tokens,
 * prompt_tokens); 0 for an extractive task. */
static long generation_count(const ward_task_result *res, const char *key)
{
    json_t *g = json_object_get(res->json, "generation");
    return (long)json_integer_value(json_object_get(g, key));
}

/* The work limit rides on the token callback: a model that keeps
 * generating is stopped at its next token. */
typedef struct task_watch {
    srv_task_hooks *hooks;
    double deadline;
    int expired;
} task_watch;

static int watch_token(const char *piece, void *ud)
{
    task_watch *w = ud;
    if (piece && srv_now() > w->deadline) {
        w->expired = 1;
        return 1;
    }
    return w->hooks && w->hooks->on_token ? w->hooks->on_token(piece, w->hooks->ud) : 0;
}

void srv_task_problem(srv_req *r, const srv_task_hooks *hooks, const ward_err *err)
{
    if (hooks && hooks->timed_out) srv_problem(r, 503, "timeout", "%s", err->msg);
    else srv_problem_err(r, err);
}

int srv_task_exec(ward_server *srv, ward_store *st, const ward_principal *who, const char *client,
                  const ward_task_request *req, json_t *opts, srv_task_hooks *hooks, ward_task_result *res,
                  ward_err *err)
{
    const char *name = ward_task_name(req->task);
    ward_orch_params op = ward_orch_default_params();
    op.role = who->role;
    op.save_draft = ward_scope_may(who, "write");
    if (json_is_true(json_object_get(opts, "flag_unsupported"))) op.drop_unsupported = 0;
    json_t *mc = json_object_get(opts, "max_calls");
    if (json_is_integer(mc) && json_integer_value(mc) > 0) op.max_calls = (int)json_integer_value(mc);
    /* OpenAI clients cap the answer's tokens with either name. */
    json_t *mt = json_object_get(opts, "max_completion_tokens");
    if (!json_is_integer(mt)) mt = json_object_get(opts, "max_tokens");
    if (json_is_integer(mt) && json_integer_value(mt) > 0 && json_integer_value(mt) < INT_MAX)
        op.max_tokens = (int)json_integer_value(mt);
    task_watch w = {hooks, srv_now() + srv->p.work_timeout_s, 0};
    op.on_token = watch_token;
    op.token_ud = &w;
    pthread_rwlock_rdlock(&srv->llm_lock);
    op.llm = srv->llm;
    int rc = ward_orch_run(st, &op, req, res, err);
    pthread_rwlock_unlock(&srv->llm_lock);
    long tokens = rc ? 0 : generation_count(res, "generated_tokens");
    if (tokens > 0) {
        srv_metrics_tokens(srv->metrics, who->user, tokens);
        ward_limits_charge(who, tokens);
    }
    /* Stopped, or a model call that hung until its own timeout (then the
     * task fell back to extractive, late): either way past the limit. */
    int late = w.expired || srv_now() > w.deadline;
    if (late && !rc) ward_task_result_free(res);
    if (late) rc = ward_err_set(err, WARD_EBUSY, "the task's model work passed its %d s limit and was stopped",
                                srv->p.work_timeout_s);
    if (hooks) {
        hooks->tokens = tokens;
        hooks->prompt_tokens = rc ? 0 : generation_count(res, "prompt_tokens");
        hooks->timed_out = late;
    }
    ward_err aerr = {0};
    if (rc) {
        srv_audit_as(st, who, client, name, req->patient_id, NULL, rc == WARD_ENOTFOUND ? "not_found" : "error",
                     &aerr);
        return rc;
    }
    json_t *ids = resource_ids(json_object_get(res->json, "citations"), "chunk_id", "chunk:");
    rc = srv_audit_as(st, who, client, name, req->patient_id, json_string_value(ids), "ok", err);
    json_decref(ids);
    if (rc) {
        ward_err_prefix(err, "cannot record the audit event");
        ward_task_result_free(res);
    }
    return rc;
}

/* A task streamed: the result as one "result" event when it is ready
 * (the answer is verified before any of it is sent). */
typedef struct task_job {
    ward_task_request req;
    json_t *body;             /* owns the strings req points into */
    ward_principal who;
    char client[64];
} task_job;

static void task_job_free(void *ud)
{
    task_job *j = ud;
    json_decref(j->body);
    free(j);
}

static void task_stream(srv_stream *s, void *ud)
{
    task_job *j = ud;
    ward_task_result res;
    ward_err err = {0};
    srv_task_hooks hooks = {0};
    int rc = srv_task_exec(srv_stream_server(s), srv_stream_store(s), &j->who, j->client, &j->req, j->body, &hooks,
                           &res, &err);
    if (rc) {
        json_t *p = json_pack("{s:s, s:i, s:s}", "type", hooks.timed_out ? "urn:ward:problem:timeout"
                              : rc == WARD_ENOTFOUND ? "urn:ward:problem:not-found" : "urn:ward:problem:task-failed",
                              "status", hooks.timed_out ? 503 : rc == WARD_ENOTFOUND ? 404 : 500,
                              "code", hooks.timed_out ? "timeout" : ward_err_name(rc));
        char *t = json_dumps(p, JSON_COMPACT);
        srv_stream_event(s, "error", t);
        free(t);
        json_decref(p);
        return;
    }
    char *t = json_dumps(res.json, JSON_COMPACT);
    srv_stream_event(s, "result", t);
    free(t);
    ward_task_result_free(&res);
}

static int wants_stream(srv_req *r, json_t *body)
{
    const char *accept = srv_header(r, MHD_HTTP_HEADER_ACCEPT);
    return json_is_true(json_object_get(body, "stream")) || (accept && strstr(accept, "text/event-stream"));
}

static void task_route(srv_req *r, ward_task task)
{
    json_t *body = srv_body_json(r);
    if (!body) return;
    ward_task_request req = {0};
    req.task = task;
    req.patient_id = json_string_value(json_object_get(body, "patient"));
    req.question = json_string_value(json_object_get(body, "question"));
    req.service = json_string_value(json_object_get(body, "request"));
    req.transcript = json_string_value(json_object_get(body, "transcript"));
    req.transcript_len = req.transcript ? strlen(req.transcript) : 0;
    req.transcript_name = "request body";
    json_t *g = json_object_get(body, "grade");
    req.grade = json_is_integer(g) ? (int)json_integer_value(g) : 0;
    if (task == WARD_TASK_ASK && !req.question) srv_problem(r, 400, "bad-request", "Give \"question\".");
    else if (task == WARD_TASK_NOTE && !req.transcript) srv_problem(r, 400, "bad-request", "Give \"transcript\".");
    else if (task == WARD_TASK_PRIORAUTH && !req.service)
        srv_problem(r, 400, "bad-request", "Give \"request\" (the service asked for).");
    else if (srv_task_allowed(r, &req)) {
        if (wants_stream(r, body)) {
            task_job *j = ward_xcalloc(1, sizeof *j);
            j->req = req;
            j->body = body;
            j->who = r->who;
            srv_client_addr(r, j->client, sizeof j->client);
            srv_stream_start(r, task_stream, j, task_job_free);
            return;
        }
        char client[64];
        srv_client_addr(r, client, sizeof client);
        ward_task_result res;
        ward_err err = {0};
        srv_task_hooks hooks = {0};
        if (srv_task_exec(r->srv, srv_store(r), &r->who, client, &req, body, &hooks, &res, &err)) {
            srv_task_problem(r, &hooks, &err);
        } else {
            json_incref(res.json);
            srv_json(r, 200, res.json);
            ward_task_result_free(&res);
        }
    }
    json_decref(body);
}

void srv_ask(srv_req *r) { task_route(r, WARD_TASK_ASK); }
void srv_summarize(srv_req *r) { task_route(r, WARD_TASK_SUMMARIZE); }
void srv_note(srv_req *r) { task_route(r, WARD_TASK_NOTE); }
void srv_instructions(srv_req *r) { task_route(r, WARD_TASK_INSTRUCTIONS); }
void srv_priorauth(srv_req *r) { task_route(r, WARD_TASK_PRIORAUTH); }

/* ---- extract: concepts of a text sent in the body ---- */

static pthread_key_t extractor_key;
static pthread_once_t extractor_once = PTHREAD_ONCE_INIT;

static void extractor_free(void *x)
{
    ward_extractor_free(x);
}

static void extractor_key_init(void)
{
    pthread_key_create(&extractor_key, extractor_free);
}

/* The worker's extractor (built-in lexicon and rules), made on first use. */
static ward_extractor *worker_extractor(ward_err *err)
{
    pthread_once(&extractor_once, extractor_key_init);
    ward_extractor *ex = pthread_getspecific(extractor_key);
    if (!ex && ward_extractor_new(NULL, &ex, err) == WARD_OK)
        pthread_setspecific(extractor_key, ex);
    return ex;
}

void srv_extract(srv_req *r)
{
    if (!srv_may(r, "write")) return;
    json_t *body = srv_body_json(r);
    if (!body) return;
    const char *text = json_string_value(json_object_get(body, "text"));
    const char *patient = json_string_value(json_object_get(body, "patient"));
    ward_err err = {0};
    ward_extractor *ex = NULL;
    size_t len = text ? strlen(text) : 0, bad;
    if (!text) srv_problem(r, 400, "bad-request", "Give \"text\".");
    else if (!ward_utf8_valid(text, len, &bad)) srv_problem(r, 422, "invalid-input", "Invalid UTF-8 at byte %zu.", bad);
    else if (patient && !srv_patient_ok(r, "extract", patient)) ;
    else if (!(ex = worker_extractor(&err))) srv_problem_err(r, &err);
    else {
        size_t start = ward_note_body(text, len);
        ward_extraction x = {0};
        ward_extract(ex, text + start, len - start, &x);
        ward_fhir_ctx ctx = {patient, 0, NULL};
        json_t *out = json_is_true(json_object_get(body, "to_fhir")) ? ward_extraction_bundle(&x, text + start, &ctx)
                                                                      : ward_extraction_json(&x, text + start);
        ward_extraction_free(&x);
        if (srv_audit(r, "extract", patient, NULL, "ok")) json_decref(out);
        else srv_json(r, 200, out);
    }
    json_decref(body);
}
