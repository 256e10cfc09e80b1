/* llm_http.c — any OpenAI-compatible chat endpoint over HTTP (libcurl).
 *
 * POST {base}/chat/completions, where base is the URL as given when it has
 * a path ("http://host:8080/v1"), else URL + "/v1". Works with llama.cpp's
 * server, vLLM, Ollama and hosted APIs: plain OpenAI fields only, a bearer
 * key when one is set, the "model" field when one is named.
 *
 * Streaming (when the caller gives on_token) reads server-sent events:
 * "data: {json}" lines carrying choices[0].delta.content, until
 * "data: [DONE]". A JSON schema goes out as response_format json_schema
 * (strict); the answer is validated again by llm.c, since not every server
 * enforces it. GBNF grammars are refused: OpenAI's API has no such field,
 * and output that is not constrained must not pass as constrained.
 *
 * Failures: connection errors, timeouts, 429 and 5xx are retried with
 * backoff (200 ms, 400 ms, ... capped at 2 s) as long as nothing has been
 * streamed to the caller yet; 4xx are not retried. Errors name the HTTP
 * status and the server's own message (cut short, control characters
 * dropped), never the prompt, and never the key. */
#include "llm_int.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct http_impl {
    char *chat_url, *models_url, *host;
    char *auth;        /* "Authorization: Bearer ..." or NULL */
    char *model;       /* "model" field, or NULL for the server's default */
    int timeout_ms, retries;
    unsigned seed;
    int n_ctx;             /* prompts are sized to it (llm_ctx) */
} http_impl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void impl_free(void *p)
{
    http_impl *h = p;
    if (!h) return;
    free(h->chat_url);
    free(h->models_url);
    free(h->host);
    free(h->auth);
    free(h->model);
    free(h);
}

int llm_http_open(const ward_llm_params *p, void **out, char **model_id, ward_err *err)
{
    const char *url = p->url;
    const char *after = strstr(url, "://");
    if (!after || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
        return ward_err_set(err, WARD_EUSAGE, "the model URL must start with http:// or https:// "
                            "(e.g. http://127.0.0.1:8080/v1)");
    pthread_once(&curl_once, curl_init);
    http_impl *h = ward_xcalloc(1, sizeof *h);
    ward_buf base;
    ward_buf_init(&base);
    ward_buf_puts(&base, url);
    while (base.len && base.data[base.len - 1] == '/') base.data[--base.len] = 0;
    if (ward_str_endswith(base.data, "/chat/completions")) {
        base.len -= strlen("/chat/completions");
        base.data[base.len] = 0;
    } else if (!strchr(after + 3, '/')) {
        ward_buf_puts(&base, "/v1");
    }
    const char *host = after + 3;
    h->host = ward_xstrndup(host, strcspn(host, "/"));
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "%s/chat/completions", base.data);
    h->chat_url = ward_buf_steal(&b);
    ward_buf_printf(&b, "%s/models", base.data);
    h->models_url = ward_buf_steal(&b);
    ward_buf_free(&base);
    if (p->api_key && *p->api_key) {
        ward_buf_printf(&b, "Authorization: Bearer %s", p->api_key);
        h->auth = ward_buf_steal(&b);
    }
    if (p->model_name && *p->model_name) h->model = ward_xstrdup(p->model_name);
    h->timeout_ms = p->timeout_ms > 0 ? p->timeout_ms : 120000;
    h->retries = p->retries >= 0 ? p->retries : 0;
    h->seed = p->seed;
    h->n_ctx = p->n_ctx;
    ward_buf_printf(&b, "%s@%s", h->model ? h->model : "default", h->host);
    *model_id = ward_buf_steal(&b);
    *out = h;
    return WARD_OK;
}

/* One exchange: what came back, and the SSE parsing state. */
typedef struct xfer {
    const ward_gen_params *g;
    llm_stream *st;        /* stop strings and on_token */
    int sse;               /* the answer is a server-sent event stream */
    ward_buf body;         /* whole body (non-streaming, or an error body) */
    ward_buf line;         /* SSE: the line being assembled */
    CURL *curl;
    long status;
    int done, stopped;     /* [DONE] seen / stop string or caller ended it */
    char server_error[256];
    ward_gen_result *out;
    double t0;
} xfer;

/* The server's error message from a JSON body, short and printable. */
static void server_message(const char *body, char *out, size_t n)
{
    json_t *j = json_loads(body ? body : "", 0, NULL);
    json_t *e = json_object_get(j, "error");
    const char *msg = json_string_value(json_object_get(e, "message"));
    if (!msg) msg = json_string_value(e);
    if (!msg) msg = json_string_value(json_object_get(j, "detail"));
    if (!msg) msg = json_string_value(json_object_get(json_array_get(json_object_get(j, "detail"), 0), "msg"));
    if (!msg) msg = json_string_value(json_object_get(j, "message"));
    snprintf(out, n, "%s", msg ? msg : "no error message");
    json_decref(j);
    for (char *c = out; *c; c++)
        if ((unsigned char)*c < 0x20) *c = ' ';
    if (strlen(out) > 200) strcpy(out + 197, "...");
}

static void take_usage(xfer *x, json_t *j)
{
    json_t *u = json_object_get(j, "usage"), *t = json_object_get(j, "timings");
    if (json_is_integer(json_object_get(u, "prompt_tokens")))
        x->out->n_prompt = (int)json_integer_value(json_object_get(u, "prompt_tokens"));
    if (json_is_integer(json_object_get(u, "completion_tokens")))
        x->out->n_gen = (int)json_integer_value(json_object_get(u, "completion_tokens"));
    json_t *cached = json_object_get(json_object_get(u, "prompt_tokens_details"), "cached_tokens");
    if (!json_is_integer(cached)) cached = json_object_get(t, "cache_n");   /* llama.cpp's server */
    if (json_is_integer(cached)) x->out->n_prompt_reused = (int)json_integer_value(cached);
}

static void push_text(xfer *x, const char *s)
{
    if (!s || !*s) return;
    if (!x->st->text.len && !x->out->ms_first_token) x->out->ms_first_token = llm_now_ms() - x->t0;
    if (llm_stream_push(x->st, s, strlen(s))) x->stopped = 1;
}

/* One SSE line. Returns 0 to go on, 1 to end the transfer. */
static int sse_line(xfer *x, char *line)
{
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[--n] = 0;
    if (strncmp(line, "data:", 5)) return 0;   /* comments, event:, id:, blank */
    char *data = line + 5;
    while (*data == ' ') data++;
    if (!strcmp(data, "[DONE]")) {
        x->done = 1;
        return 1;
    }
    json_t *j = json_loads(data, 0, NULL);
    if (!j) return 0;
    if (json_object_get(j, "error")) {
        server_message(data, x->server_error, sizeof x->server_error);
        json_decref(j);
        return 1;
    }
    json_t *ch = json_array_get(json_object_get(j, "choices"), 0);
    const char *piece = json_string_value(json_object_get(json_object_get(ch, "delta"), "content"));
    if (piece && *piece) x->out->n_gen++;
    push_text(x, piece);
    take_usage(x, j);   /* the last chunk carries the exact counts */
    json_decref(j);
    return x->stopped;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    if (!x->status) curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &x->status);
    if (!x->sse || x->status != 200) {
        if (x->body.len < (8u << 20)) ward_buf_append(&x->body, p, n);
        return n;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n') {
            ward_buf_putc(&x->line, p[i]);
            continue;
        }
        int end = sse_line(x, x->line.data ? x->line.data : (char *)"");
        ward_buf_reset(&x->line);
        if (end) return x->done ? n : 0;   /* 0 aborts: stop string, caller, or error */
    }
    return n;
}

static char *request_body(http_impl *h, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g, int stream)
{
    json_t *req = json_object(), *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "role", msgs[i].role, "content", msgs[i].content));
    json_object_set_new(req, "messages", list);
    if (h->model) json_object_set_new(req, "model", json_string(h->model));
    json_object_set_new(req, "max_tokens", json_integer(g->max_tokens));
    json_object_set_new(req, "temperature", json_real(g->temperature));
    json_object_set_new(req, "top_p", json_real(g->top_p > 0 ? g->top_p : 1.0));
    json_object_set_new(req, "seed", json_integer(h->seed));
    if (g->stop && g->stop[0] && !g->json_schema) {
        json_t *stop = json_array();
        for (int i = 0; g->stop[i] && i < 4; i++) json_array_append_new(stop, json_string(g->stop[i]));
        json_object_set_new(req, "stop", stop);
    }
    if (g->json_schema) {
        json_t *schema = json_loads(g->json_schema, JSON_DECODE_ANY, NULL);
        json_object_set_new(req, "response_format",
            json_pack("{s:s, s:{s:s, s:o, s:b}}", "type", "json_schema", "json_schema", "name", "ward_output",
                      "schema", schema, "strict", 1));
    }
    if (stream) {
        json_object_set_new(req, "stream", json_true());
        json_object_set_new(req, "stream_options", json_pack("{s:b}", "include_usage", 1));
    }
    char *s = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    return s;
}

static int retryable_curl(CURLcode c)
{
    return c == CURLE_COULDNT_CONNECT || c == CURLE_OPERATION_TIMEDOUT || c == CURLE_SEND_ERROR ||
           c == CURLE_RECV_ERROR || c == CURLE_GOT_NOTHING || c == CURLE_PARTIAL_FILE;
}

static void backoff(int attempt)
{
    long ms = 200L << (attempt < 4 ? attempt : 4);
    if (ms > 2000) ms = 2000;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Performs one request (body NULL: GET); on success the caller reads x. */
static int perform(http_impl *h, const char *url, const char *body, xfer *x, int timeout_ms, ward_err *err,
                   int *retry)
{
    char curl_err[CURL_ERROR_SIZE] = "";
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    if (h->auth) hdr = curl_slist_append(hdr, h->auth);
    if (x->sse) hdr = curl_slist_append(hdr, "Accept: text/event-stream");
    CURL *c = x->curl = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    if (body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(timeout_ms < 10000 ? timeout_ms : 10000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode rc = curl_easy_perform(c);
    if (!x->status) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &x->status);
    curl_easy_cleanup(c);
    curl_slist_free_all(hdr);
    x->curl = NULL;
    *retry = 0;
    const char *method = body ? "POST" : "GET";
    if (x->server_error[0])
        return ward_err_set(err, WARD_EMODEL, "the model endpoint %s reported an error while streaming: %s",
                            h->host, x->server_error);
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && x->stopped)) {
        *retry = retryable_curl(rc);
        return ward_err_set(err, WARD_EMODEL, "cannot reach the model endpoint (%s %s): %s", method, url,
                            curl_err[0] ? curl_err : curl_easy_strerror(rc));
    }
    if (x->status != 200) {
        char msg[256];
        server_message(x->body.data, msg, sizeof msg);
        *retry = x->status == 429 || x->status >= 500;
        return ward_err_set(err, WARD_EMODEL, "the model endpoint answered HTTP %ld to %s %s: %s%s", x->status,
                            method, url, msg,
                            x->status == 401 || x->status == 403 ? " (the endpoint's key is missing or wrong)"
                            : x->status == 404 ? " (the endpoint URL should end in /v1)" : "");
    }
    return WARD_OK;
}

/* A non-streaming answer: the whole content, then usage. */
static int read_completion(xfer *x, ward_err *err)
{
    json_t *j = json_loads(x->body.data ? x->body.data : "", 0, NULL);
    json_t *ch = json_array_get(json_object_get(j, "choices"), 0);
    const char *text = json_string_value(json_object_get(json_object_get(ch, "message"), "content"));
    int rc = WARD_OK;
    if (!j || !ch) rc = ward_err_set(err, WARD_EMODEL, "the model endpoint's answer is not a chat completion");
    else {
        x->out->ms_first_token = llm_now_ms() - x->t0;
        push_text(x, text ? text : "");
        take_usage(x, j);
    }
    json_decref(j);
    return rc;
}

static int http_chat(void *impl, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                     ward_gen_result *out, ward_err *err)
{
    http_impl *h = impl;
    if (g->grammar)
        return ward_err_set(err, WARD_EUSAGE, "GBNF grammars need the in-process backend (a GGUF model); "
                            "over HTTP give a JSON schema");
    int stream = g->on_token != NULL;
    char *body = request_body(h, msgs, n, g, stream);
    double t0 = llm_now_ms();
    llm_stream st;
    int rc = WARD_OK;
    for (int attempt = 0;; attempt++) {
        llm_stream_init(&st, g);
        xfer x = {.g = g, .st = &st, .sse = stream, .out = out, .t0 = t0};
        ward_buf_init(&x.body);
        ward_buf_init(&x.line);
        int retry = 0;
        memset(out, 0, sizeof *out);
        rc = perform(h, h->chat_url, body, &x, h->timeout_ms, err, &retry);
        if (!rc && stream && !x.done && !x.stopped)
            rc = ward_err_set(err, WARD_EMODEL, "the model endpoint closed the stream before [DONE]");
        if (!rc && !stream) rc = read_completion(&x, err);
        ward_buf_free(&x.body);
        ward_buf_free(&x.line);
        if (!rc || !retry || attempt >= h->retries || st.emitted) break;
        llm_stream_free(&st);
        ward_log(WARD_LOG_INFO, "llm http: %s; retrying", err->msg);
        backoff(attempt);
    }
    free(body);
    if (!rc) llm_stream_finish(&st, out);
    llm_stream_free(&st);
    out->ms_total = llm_now_ms() - t0;
    return rc;
}

static int http_probe(void *impl, ward_buf *info, ward_err *err)
{
    http_impl *h = impl;
    xfer x = {0};
    ward_buf_init(&x.body);
    int retry;
    int rc = perform(h, h->models_url, NULL, &x, h->timeout_ms < 10000 ? h->timeout_ms : 10000, err, &retry);
    json_t *j = rc ? NULL : json_loads(x.body.data ? x.body.data : "", 0, NULL);
    json_t *list = json_object_get(j, "data");
    if (!rc && !json_is_array(list))
        rc = ward_err_set(err, WARD_EMODEL, "GET %s did not return a model list", h->models_url);
    if (!rc && info) {
        ward_buf_printf(info, "%s answers; %zu model%s", h->host, json_array_size(list),
                        json_array_size(list) == 1 ? "" : "s");
        size_t i;
        json_t *m;
        json_array_foreach(list, i, m) {
            if (i == 5) {
                ward_buf_puts(info, ", ...");
                break;
            }
            const char *id = json_string_value(json_object_get(m, "id"));
            ward_buf_printf(info, "%s%s", i ? ", " : ": ", id ? id : "?");
        }
    }
    json_decref(j);
    ward_buf_free(&x.body);
    return rc;
}

/* An endpoint does not say how large its model's window is: Ward sizes
 * prompts to llm_ctx (default 4096), which the site sets to its model's. */
static int http_n_ctx(void *impl) { return ((http_impl *)impl)->n_ctx; }

const llm_ops llm_http_ops = {"http", http_chat, http_probe, impl_free, http_n_ctx, NULL};
