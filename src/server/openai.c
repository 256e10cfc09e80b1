/* openai.c — the OpenAI-compatible API: POST /v1/chat/completions (plain
 * and streamed), POST /v1/embeddings, GET /v1/models.
 *
 * A chat completion is Ward's grounded `ask`: the last user message is the
 * question, the patient comes from metadata.patient or the X-Ward-Patient
 * header (none: the literature), and retrieval runs in the caller's scope
 * with the same checks as /api/v1/ask. The answer carries its citations in
 * an extra field, `citations`, and Ward's own fields in `ward` (draft id,
 * backend, verification). Streaming sends, while a model generates, each
 * piece of its raw output in an extra field (ward.token, never in
 * content), then the verified answer as chat.completion.chunk content,
 * then `data: [DONE]`: nothing the guard would drop is ever sent as
 * content. Generated tokens are counted in /metrics and against the
 * caller's tokens-per-day limit (srv_task_exec).
 *
 * Embeddings use the store's embedder (the one `ward index` recorded),
 * one per worker thread, kept between requests (retrieval.c).
 */
#include "server_int.h"
#include "ward/embed.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WARD_MODEL_ID "ward"

/* The text of a message's content: a string, or an array of parts whose
 * text parts are joined. */
static char *content_text(json_t *content)
{
    if (json_is_string(content)) return ward_xstrdup(json_string_value(content));
    ward_buf b;
    ward_buf_init(&b);
    size_t i;
    json_t *part;
    json_array_foreach(content, i, part) {
        const char *t = json_string_value(json_object_get(part, "text"));
        if (!t) continue;
        if (b.len) ward_buf_putc(&b, '\n');
        ward_buf_puts(&b, t);
    }
    return ward_buf_steal(&b);
}

static char *last_user_message(json_t *messages)
{
    for (size_t i = json_array_size(messages); i-- > 0;) {
        json_t *m = json_array_get(messages, i);
        const char *role = json_string_value(json_object_get(m, "role"));
        if (role && !strcmp(role, "user")) return content_text(json_object_get(m, "content"));
    }
    return NULL;
}

typedef struct chat_job {
    ward_task_request req;
    char *question;
    char *patient;
    json_t *body;
    ward_principal who;
    char client[64];
    char id[48];
    long created;
} chat_job;

static void chat_job_free(void *ud)
{
    chat_job *j = ud;
    free(j->question);
    free(j->patient);
    json_decref(j->body);
    free(j);
}

static const char *answer_text(json_t *res)
{
    const char *t = json_string_value(json_object_get(res, "answer"));
    return t ? t : json_string_value(json_object_get(res, "text"));
}

/* Ward's own fields beside the OpenAI ones (the "ward" object). */
static json_t *extension_fields(json_t *res)
{
    return json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}", "draft_id", json_object_get(res, "draft_id"), "backend",
                     json_object_get(res, "backend"), "model", json_object_get(res, "model"), "verification",
                     json_object_get(res, "verification"), "found", json_object_get(res, "found"));
}

/* OpenAI's usage: the tokens the model read and generated (all model
 * calls of the answer); for an extractive answer (no model), 0 read and
 * the answer's words as generated. */
static json_t *usage(const srv_task_hooks *h, const char *text)
{
    long words = 0;
    for (const char *p = text; p && *p; p++)
        if ((p == text || p[-1] == ' ') && *p != ' ') words++;
    long gen = h->tokens > 0 ? h->tokens : words;
    return json_pack("{s:I, s:I, s:I}", "prompt_tokens", (json_int_t)h->prompt_tokens, "completion_tokens",
                     (json_int_t)gen, "total_tokens", (json_int_t)(h->prompt_tokens + gen));
}

static json_t *completion(chat_job *j, json_t *res, const srv_task_hooks *h)
{
    const char *text = answer_text(res);
    return json_pack("{s:s, s:s, s:i, s:s, s:[{s:i, s:{s:s, s:s}, s:s}], s:o, s:O, s:o}",
                     "id", j->id, "object", "chat.completion", "created", (int)j->created, "model", WARD_MODEL_ID,
                     "choices", "index", 0, "message", "role", "assistant", "content", text ? text : "",
                     "finish_reason", "stop", "usage", usage(h, text), "citations", json_object_get(res, "citations"),
                     "ward", extension_fields(res));
}

static int send_chunk(srv_stream *s, chat_job *j, json_t *delta, const char *finish, json_t *extra)
{
    json_t *c = json_pack("{s:s, s:s, s:i, s:s, s:[{s:i, s:o, s:s?}]}", "id", j->id, "object",
                          "chat.completion.chunk", "created", (int)j->created, "model", WARD_MODEL_ID, "choices",
                          "index", 0, "delta", delta, "finish_reason", finish);
    if (extra) json_object_update(c, extra);
    char *t = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    int gone = srv_stream_event(s, NULL, t);
    free(t);
    return gone;
}

typedef struct token_sink {
    srv_stream *s;
    chat_job *j;
} token_sink;

/* The model's output as it is made, one chunk per piece: the delta stays
 * empty and ward.token carries the piece. It is raw model output (for a
 * grounded answer, JSON sentences with their evidence numbers), not yet
 * checked by the guard, so it never goes into `content`. */
static int stream_token(const char *piece, void *ud)
{
    token_sink *t = ud;
    if (!piece) return 0;
    json_t *extra = json_pack("{s:{s:s}}", "ward", "token", piece);
    int gone = send_chunk(t->s, t->j, json_object(), NULL, extra);
    json_decref(extra);
    return gone;  /* the client left: stop generating */
}

static void chat_stream(srv_stream *s, void *ud)
{
    chat_job *j = ud;
    ward_task_result res;
    ward_err err = {0};
    if (send_chunk(s, j, json_pack("{s:s, s:s}", "role", "assistant", "content", ""), NULL, NULL)) return;
    token_sink sink = {s, j};
    /* Raw output is for callers who may read identified text: a
     * researcher's answer is de-identified after it is made. */
    srv_task_hooks hooks = {ward_scope_may(&j->who, "read_phi") ? stream_token : NULL, &sink, 0, 0, 0};
    int rc = srv_task_exec(srv_stream_server(s), srv_stream_store(s), &j->who, j->client, &j->req, j->body, &hooks,
                           &res, &err);
    if (rc) {
        srv_stream_event(s, NULL, hooks.timed_out
            ? "{\"error\":{\"message\":\"the answer took longer than the server allows\",\"type\":\"timeout\"}}"
            : "{\"error\":{\"message\":\"the answer could not be made\",\"type\":\"server_error\"}}");
        srv_stream_write(s, "data: [DONE]\n\n", 14);
        return;
    }
    /* The verified answer, a few words per chunk. */
    const char *text = answer_text(res.json);
    for (const char *p = text ? text : ""; *p;) {
        const char *e = p;
        for (int w = 0; *e && w < 4; w++) {
            while (*e == ' ') e++;
            while (*e && *e != ' ') e++;
        }
        if (send_chunk(s, j, json_pack("{s:s%}", "content", p, (size_t)(e - p)), NULL, NULL)) goto done;
        p = e;
    }
    json_t *extra = json_pack("{s:O, s:o, s:o}", "citations", json_object_get(res.json, "citations"), "ward",
                              extension_fields(res.json), "usage", usage(&hooks, text));
    send_chunk(s, j, json_object(), "stop", extra);
    json_decref(extra);
    srv_stream_write(s, "data: [DONE]\n\n", 14);
done:
    ward_task_result_free(&res);
}

static void openai_error(srv_req *r, int status, const char *type, const char *msg)
{
    /* OpenAI clients read {"error":{...}}; the problem fields ride along. */
    srv_json(r, status, json_pack("{s:{s:s, s:s, s:n}, s:s, s:i}", "error", "message", msg, "type", type, "code",
                                  "type", "urn:ward:problem:bad-request", "status", status));
}

void srv_chat_completions(srv_req *r)
{
    json_t *body = srv_body_json(r);
    if (!body) return;
    chat_job *j = ward_xcalloc(1, sizeof *j);
    j->body = body;
    j->question = last_user_message(json_object_get(body, "messages"));
    const char *pid = json_string_value(json_object_get(json_object_get(body, "metadata"), "patient"));
    if (!pid) pid = srv_header(r, "X-Ward-Patient");
    j->patient = pid && *pid ? ward_xstrdup(pid) : NULL;
    j->req.task = WARD_TASK_ASK;
    j->req.question = j->question;
    j->req.patient_id = j->patient;
    j->who = r->who;
    j->created = (long)time(NULL);
    srv_client_addr(r, j->client, sizeof j->client);
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    snprintf(j->id, sizeof j->id, "chatcmpl-%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3],
             rnd[4], rnd[5], rnd[6], rnd[7]);
    if (!j->question || !*j->question) {
        openai_error(r, 400, "invalid_request_error", "messages must contain a user message");
        chat_job_free(j);
        return;
    }
    if (!srv_task_allowed(r, &j->req)) {
        chat_job_free(j);
        return;
    }
    if (json_is_true(json_object_get(body, "stream"))) {
        srv_stream_start(r, chat_stream, j, chat_job_free);
        return;
    }
    ward_task_result res;
    ward_err err = {0};
    srv_task_hooks hooks = {0};
    if (srv_task_exec(r->srv, srv_store(r), &j->who, j->client, &j->req, body, &hooks, &res, &err)) {
        srv_task_problem(r, &hooks, &err);
    } else {
        srv_json(r, 200, completion(j, res.json, &hooks));
        ward_task_result_free(&res);
    }
    chat_job_free(j);
}

/* ---- embeddings ---- */

/* encoding_format "base64": the float32 values' bytes (little-endian, as
 * OpenAI sends them), base64-encoded. */
static json_t *base64_floats(const float *v, int dim)
{
    size_t n = (size_t)dim * sizeof *v, cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b = ward_xmalloc(cap);
    sodium_bin2base64(b, cap, (const unsigned char *)v, n, sodium_base64_VARIANT_ORIGINAL);
    json_t *j = json_string(b);
    free(b);
    return j;
}

void srv_embeddings(srv_req *r)
{
    if (!ward_scope_may(&r->who, "read_phi") && !srv_may(r, "read_deid")) return;
    json_t *body = srv_body_json(r);
    if (!body) return;
    json_t *input = json_object_get(body, "input");
    size_t n = json_is_string(input) ? 1 : json_array_size(input);
    const char **texts = ward_xcalloc(n ? n : 1, sizeof *texts);
    int ok = n > 0 && n <= 256;
    for (size_t i = 0; ok && i < n; i++) {
        texts[i] = json_is_string(input) ? json_string_value(input) : json_string_value(json_array_get(input, i));
        if (!texts[i]) ok = 0;
    }
    ward_err err = {0};
    ward_store *st = ok ? srv_store(r) : NULL;
    ward_embedder *e = st ? srv_embedder(st, &err) : NULL;
    if (!ok) openai_error(r, 400, "invalid_request_error", "input must be a string or 1..256 strings");
    else if (!e && !r->resp) srv_problem_err(r, &err);
    else if (e) {
        int dim = ward_embedder_dim(e);
        float *v = ward_xmalloc(n * (size_t)dim * sizeof *v);
        if (ward_embed_batch(e, texts, n, v, &err)) {
            srv_problem_err(r, &err);
        } else {
            json_t *data = json_array();
            const char *fmt = json_string_value(json_object_get(body, "encoding_format"));
            int b64 = fmt && !strcmp(fmt, "base64");
            for (size_t i = 0; i < n; i++) {
                json_t *vec = b64 ? base64_floats(v + i * (size_t)dim, dim) : json_array();
                for (int d = 0; !b64 && d < dim; d++) json_array_append_new(vec, json_real(v[i * (size_t)dim + d]));
                json_array_append_new(data, json_pack("{s:s, s:i, s:o}", "object", "embedding", "index", (int)i,
                                                      "embedding", vec));
            }
            srv_json(r, 200, json_pack("{s:s, s:o, s:s, s:{s:i, s:i}}", "object", "list", "data", data, "model",
                                       ward_embedder_model_id(e), "usage", "prompt_tokens", 0, "total_tokens", 0));
        }
        free(v);
    }
    free(texts);
    json_decref(body);
}

void srv_models(srv_req *r)
{
    srv_json(r, 200, json_pack("{s:s, s:[{s:s, s:s, s:i, s:s}]}", "object", "list", "data", "id", WARD_MODEL_ID,
                               "object", "model", "created", 0, "owned_by", "ward"));
}
