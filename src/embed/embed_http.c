/* embed_http.c — embeddings from an OpenAI-compatible /v1/embeddings
 * endpoint (llama-server --embedding, vLLM, Ollama, a hosted API).
 *
 * Ideas a reader needs:
 *  - One POST per batch: {"model", "input": [texts], "encoding_format":
 *    "float"}; the answer's data[i].index puts each vector back in order.
 *  - Transient failures (refused connection, timeout, HTTP 429 and 5xx) are
 *    retried with exponential backoff; a 4xx is the caller's mistake and
 *    fails at once with a message saying what to check.
 *  - Error messages never quote the server's body: it may echo the input,
 *    and the input is patient text.
 *  - Opening sends one tiny probe, so a wrong URL fails at `ward index`
 *    start, and the dimension is known before the first real batch.
 */
#include "embed_int.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char *endpoint, *model, *auth;
    int timeout_ms, retries;
} http_embed;

static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    ward_buf_append(ud, p, size * n);
    return size * n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* POSTs body; on success *resp holds the answer. Retries transient errors. */
static int post(http_embed *h, const char *body, ward_buf *resp, ward_err *err)
{
    for (int attempt = 0;; attempt++) {
        CURL *c = curl_easy_init();
        if (!c) return ward_err_set(err, WARD_ENOMEM, "cannot start an HTTP request");
        struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
        if (h->auth) hdr = curl_slist_append(hdr, h->auth);
        ward_buf_reset(resp);
        curl_easy_setopt(c, CURLOPT_URL, h->endpoint);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)h->timeout_ms);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(h->timeout_ms < 10000 ? h->timeout_ms : 10000));
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        CURLcode cc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(hdr);
        curl_easy_cleanup(c);
        if (cc == CURLE_OK && status >= 200 && status < 300) return WARD_OK;
        int transient = cc != CURLE_OK ? (cc == CURLE_COULDNT_CONNECT || cc == CURLE_OPERATION_TIMEDOUT ||
                                          cc == CURLE_GOT_NOTHING || cc == CURLE_RECV_ERROR ||
                                          cc == CURLE_SEND_ERROR)
                                       : (status == 429 || status >= 500);
        if (transient && attempt < h->retries) {
            long ms = 250L << (attempt < 5 ? attempt : 5);
            ward_log(WARD_LOG_INFO, "embedding endpoint: %s, retrying in %ld ms",
                     cc != CURLE_OK ? curl_easy_strerror(cc) : "server error", ms);
            sleep_ms(ms);
            continue;
        }
        if (cc != CURLE_OK)
            return ward_err_set(err, WARD_EIO, "embedding endpoint %s: %s%s (is the server running at that URL?)",
                                h->endpoint, curl_easy_strerror(cc), transient ? ", after retries" : "");
        if (status == 401 || status == 403)
            return ward_err_set(err, WARD_EIO, "embedding endpoint %s: HTTP %ld: not authorized (set $WARD_EMBED_API_KEY)",
                                h->endpoint, status);
        if (status == 404 || status == 405)
            return ward_err_set(err, WARD_EIO, "embedding endpoint %s: HTTP %ld: no embeddings API there (the URL should be the "
                                "server's base URL, e.g. http://host:8080/v1, of a server started with embeddings on)",
                                h->endpoint, status);
        return ward_err_set(err, WARD_EIO, "embedding endpoint %s: HTTP %ld%s", h->endpoint, status,
                            status >= 500 ? " after retries (see the server's log)"
                                          : ": the server refused the request (a model name it does not serve, or a "
                                            "text too long for the model?)");
    }
}

/* Parses {"data":[{"index":i,"embedding":[...]}...]} into out[n * dim];
 * *dim is learnt when 0. */
static int parse(const ward_buf *resp, size_t n, int *dim, float *out, char *model, size_t mcap, ward_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(resp->data, resp->len, 0, &je);
    json_t *data = root ? json_object_get(root, "data") : NULL;
    int rc = WARD_OK;
    if (!json_is_array(data) || json_array_size(data) != n)
        rc = ward_err_set(err, WARD_EIO, "embedding endpoint: the answer is not an embeddings list for %zu texts", n);
    size_t i;
    json_t *item;
    json_array_foreach(data, i, item) {
        if (rc) break;
        json_t *emb = json_object_get(item, "embedding");
        json_t *ix = json_object_get(item, "index");
        size_t at = json_is_integer(ix) ? (size_t)json_integer_value(ix) : i;
        if (!*dim && json_is_array(emb)) *dim = (int)json_array_size(emb);
        if (!out) continue;
        if (!json_is_array(emb) || json_array_size(emb) != (size_t)*dim || at >= n || !*dim) {
            rc = ward_err_set(err, WARD_EIO, "embedding endpoint: item %zu is not a %d-value embedding", i, *dim);
            break;
        }
        for (int j = 0; j < *dim; j++) out[at * *dim + j] = (float)json_number_value(json_array_get(emb, (size_t)j));
        ward_vec_normalize(out + at * *dim, *dim);
    }
    const char *m = root ? json_string_value(json_object_get(root, "model")) : NULL;
    if (model && m && *m) snprintf(model, mcap, "%s", m);
    json_decref(root);
    return rc;
}

static int request(http_embed *h, const char *const *texts, size_t n, int *dim, float *out, char *model,
                   size_t mcap, ward_err *err)
{
    json_t *input = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(input, json_string(texts[i] ? texts[i] : ""));
    json_t *req = json_pack("{s:s, s:o, s:s}", "model", h->model, "input", input, "encoding_format", "float");
    char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    if (!body) return ward_err_set(err, WARD_EINPUT, "a text to embed is not valid UTF-8");
    ward_buf resp;
    ward_buf_init(&resp);
    int rc = post(h, body, &resp, err);
    free(body);
    if (!rc) rc = parse(&resp, n, dim, out, model, mcap, err);
    ward_buf_free(&resp);
    return rc;
}

static int http_batch(ward_embedder *e, const char *const *texts, size_t n, float *out, ward_err *err)
{
    return request(e->impl, texts, n, &e->dim, out, NULL, 0, err);
}

static void http_free(ward_embedder *e)
{
    http_embed *h = e->impl;
    if (!h) return;
    free(h->endpoint), free(h->model), free(h->auth);
    free(h);
}

static const embed_ops http_ops = {http_batch, http_free};

/* base URL -> .../v1/embeddings */
static char *endpoint_for(const char *url)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_puts(&b, url);
    while (b.len && b.data[b.len - 1] == '/') b.data[--b.len] = 0;
    if (!ward_str_endswith(b.data, "/embeddings"))
        ward_buf_puts(&b, ward_str_endswith(b.data, "/v1") ? "/embeddings" : "/v1/embeddings");
    return ward_buf_steal(&b);
}

int embed_http_open(const ward_embed_params *p, ward_embedder *e, ward_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, curl_init_once);
    if (!p->url || !*p->url) return ward_err_set(err, WARD_EUSAGE, "the http embedder needs --url (e.g. http://127.0.0.1:8080/v1)");
    if (!ward_str_startswith(p->url, "http://") && !ward_str_startswith(p->url, "https://"))
        return ward_err_set(err, WARD_EUSAGE, "--url must start with http:// or https://");
    http_embed *h = ward_xcalloc(1, sizeof *h);
    h->endpoint = endpoint_for(p->url);
    h->model = ward_xstrdup(p->model && *p->model ? p->model : "default");
    const char *key = p->api_key ? p->api_key : getenv("WARD_EMBED_API_KEY");
    if (key && *key) {
        ward_buf a;
        ward_buf_init(&a);
        ward_buf_printf(&a, "Authorization: Bearer %s", key);
        h->auth = ward_buf_steal(&a);
    }
    h->timeout_ms = p->timeout_ms > 0 ? p->timeout_ms : 60000;
    h->retries = p->retries >= 0 ? p->retries : 0;
    e->impl = h;
    e->ops = &http_ops;
    char model[200];
    snprintf(model, sizeof model, "%s", h->model);
    const char *probe[] = {"ward"};
    int rc = request(h, probe, 1, &e->dim, NULL, model, sizeof model, err);
    if (!rc && e->dim <= 0) rc = ward_err_set(err, WARD_EIO, "embedding endpoint %s: empty embedding", h->endpoint);
    if (rc) {
        http_free(e);
        e->impl = NULL;
        e->ops = NULL;
        return rc;
    }
    snprintf(e->model_id, sizeof e->model_id, "http:%s", model);
    return WARD_OK;
}
