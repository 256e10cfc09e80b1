/* http.c — the daemon and the life of one request.
 *
 * libmicrohttpd runs a pool of threads, each polling its share of the
 * connections with epoll (so ten thousand idle connections cost file
 * descriptors, not threads). A request arrives in pieces: the first call
 * makes its srv_req, the next ones bring body bytes (kept up to max_body;
 * past it the answer is 413 at once), and the last one hands it to the
 * workers (pool.c), which run the route in arrival order and resume the
 * connection; the call after that queues the answer. When libmicrohttpd
 * says the response has gone out (or the client left), on_completed
 * records metrics and the access log.
 *
 * Limits: a request line and header set over max_header gets 431 as a
 * problem (JSON) before any route runs. libmicrohttpd holds them in the
 * connection's memory pool (2 * max_header + 16 KiB); past the pool it
 * answers 431 itself, with its own small HTML page (it has no hook for
 * that answer). The body is within max_body (413); timeout_s
 * closes connections that stay silent (idle keep-alive, a body that never
 * finishes); max_connections caps open sockets.
 *
 * Each worker keeps its own store connection (and, with
 * --store-read, one on the read replica), opened on first use; one that
 * loses its database is closed after the request (check_store) and opened
 * again by the next.
 *
 * Shutdown: quiesce (stop accepting), wait for `inflight` to reach zero
 * (at most the drain time; then generations still running are cancelled,
 * ward_llm_cancel), stop the workers (each one's store closes with its
 * thread) and then libmicrohttpd's threads, then checkpoint the WAL from a
 * fresh connection.
 */
#include "server_int.h"
#include "ward/govern.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

ward_server_params ward_server_default_params(void)
{
    ward_server_params p;
    memset(&p, 0, sizeof p);
    p.host = "127.0.0.1";
    p.port = 8080;
    p.threads = 8;
    p.max_body = 8u << 20;
    p.max_header = 16u << 10;
    p.timeout_s = 30;
    p.max_connections = 16384;
    p.drain_s = 30;
    p.work_timeout_s = 300;
    p.llm = ward_llm_default_params();
    return p;
}

double srv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

void srv_report(ward_server *s, int kind, int code, const char *fmt, ...)
{
    if (!s->p.report) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ward_event ev = {0};
    ev.kind = kind;
    ev.code = code;
    ev.msg = msg;
    s->p.report(s->p.report_ud, &ev);
}

/* ---- the worker's store ---- */

static void close_store(void *st)
{
    ward_store_free(st);
}

/* 503 `unavailable` with Retry-After: the database cannot be reached now. */
static void store_unavailable(srv_req *r)
{
    srv_problem(r, 503, "unavailable", "The store cannot be reached; try again shortly.");
    MHD_add_response_header(r->resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
}

/* The worker's store kept under key, opened with p on first use. */
static ward_store *worker_store(srv_req *r, pthread_key_t key, const ward_store_params *p, const char *what)
{
    ward_store *st = pthread_getspecific(key);
    if (st) return st;
    ward_err err = {0};
    if (ward_store_open(r->srv->data_dir, p, &st, &err)) {
        srv_report(r->srv, WARD_EVENT_ERROR, err.code, "worker cannot open %s: %s", what, err.msg);
        store_unavailable(r);
        return NULL;
    }
    pthread_setspecific(key, st);
    return st;
}

ward_store *srv_store(srv_req *r)
{
    return worker_store(r, r->srv->store_key, NULL, "the store");
}

ward_store *srv_store_fresh(srv_req *r)
{
    ward_store *old = pthread_getspecific(r->srv->store_key);
    pthread_setspecific(r->srv->store_key, NULL);
    ward_store_free(old);
    return srv_store(r);
}

/* Read-only: a standby refuses writes, and nothing is migrated there. */
static ward_store_params read_params(const ward_server *s)
{
    ward_store_params p = ward_store_default_params();
    p.location = s->store_read;
    p.read_only = 1;
    return p;
}

ward_store *srv_read_store(srv_req *r)
{
    if (!r->srv->store_read) return srv_store(r);
    ward_store_params p = read_params(r->srv);
    return worker_store(r, r->srv->read_key, &p, "the read replica");
}

/* After a request: when the worker's store lost its database server (a
 * PostgreSQL restart, a failover, a cut network), whatever the handler
 * answered came from failed calls, so the answer becomes 503
 * `unavailable`, and the store is closed: the worker's next request opens
 * a new connection, and the node recovers without a restart. The engine
 * may already know (ward_store_lost); after any 5xx the database is also
 * asked directly, since a dropped connection can look like any failure. */
static void check_store(srv_req *r, pthread_key_t key)
{
    ward_store *st = pthread_getspecific(key);
    if (!st) return;
    ward_err err = {0};
    if (!ward_store_lost(st) && (r->status < 500 || !ward_store_ping(st, &err))) return;
    pthread_setspecific(key, NULL);
    ward_store_free(st);
    srv_report(r->srv, WARD_EVENT_WARNING, WARD_EIO, "a database connection was lost; "
               "the worker reconnects on its next request");
    store_unavailable(r);
}

/* ---- request helpers ---- */

const char *srv_header(srv_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *srv_query(srv_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static void set_response(srv_req *r, int status, struct MHD_Response *resp, const char *ctype)
{
    if (r->resp) MHD_destroy_response(r->resp);
    r->resp = resp;
    r->status = status;
    if (ctype) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
}

void srv_text(srv_req *r, int status, const char *content_type, const char *s, size_t n)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(n, (void *)s, MHD_RESPMEM_MUST_COPY);
    set_response(r, status, resp, content_type);
}

void srv_buf(srv_req *r, int status, const char *content_type, ward_buf *b)
{
    size_t n = b->len;
    char *s = ward_buf_steal(b);
    struct MHD_Response *resp = MHD_create_response_from_buffer(n, s, MHD_RESPMEM_MUST_FREE);
    set_response(r, status, resp, content_type);
}

void srv_json_as(srv_req *r, int status, json_t *v, const char *ctype)
{
    char *s = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    if (!s) s = ward_xstrdup("{}");
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(s), s, MHD_RESPMEM_MUST_FREE);
    set_response(r, status, resp, ctype);
}

void srv_json(srv_req *r, int status, json_t *v)
{
    srv_json_as(r, status, v, "application/json");
}

static const char *status_title(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

void srv_problem(srv_req *r, int status, const char *code, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    char type[96];
    snprintf(type, sizeof type, "urn:ward:problem:%s", code);
    json_t *v = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type, "title", status_title(status),
                          "status", status, "detail", detail, "code", code);
    srv_json_as(r, status, v, "application/problem+json");
}

void srv_problem_err(srv_req *r, const ward_err *err)
{
    /* Library messages name files, fields and record numbers, never
     * values from a record (no PHI), so they are safe to show. */
    switch (err->code) {
    case WARD_EUSAGE: srv_problem(r, 400, "bad-request", "%s", err->msg); break;
    case WARD_EINPUT: srv_problem(r, 422, "invalid-input", "%s", err->msg); break;
    case WARD_ENOTFOUND: srv_problem(r, 404, "not-found", "No such resource."); break;
    case WARD_EDENIED: srv_problem(r, 403, "forbidden", "Not allowed for this role."); break;
    case WARD_EBUSY: srv_problem(r, 503, "busy", "The store is busy; try again."); break;
    case WARD_EMODEL: srv_problem(r, 502, "model-unavailable", "%s", err->msg); break;
    case WARD_EOUTPUT: srv_problem(r, 502, "model-output", "%s", err->msg); break;
    default:
        srv_report(r->srv, WARD_EVENT_ERROR, err->code, "%s %s: %s", r->method,
                   r->route ? r->route->pattern : "?", err->msg);
        srv_problem(r, 500, "internal", "The server could not complete the request.");
    }
}

json_t *srv_body_json(srv_req *r)
{
    json_error_t je;
    json_t *v = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!v || !json_is_object(v)) {
        /* The position, never the text: a body may hold PHI. */
        if (v) srv_problem(r, 400, "invalid-json", "The body must be a JSON object.");
        else srv_problem(r, 400, "invalid-json", "The body is not valid JSON (line %d, column %d).",
                         je.line, je.column);
        json_decref(v);
        return NULL;
    }
    return v;
}

/* ---- one request ---- */

static void dispatch(srv_req *r)
{
    if (r->too_big) {
        srv_problem(r, 413, "body-too-large", "The request body is larger than %zu bytes.",
                    r->srv->p.max_body);
        return;
    }
    int known = 0;
    const char *path = r->url;
    r->route = srv_route_find(r->method, path, r->caps, &known);
    if (!r->route) {
        if (known) srv_problem(r, 405, "method-not-allowed", "This path does not take %s.", r->method);
        else srv_problem(r, 404, "not-found", "No such route.");
        return;
    }
    r->route_idx = (int)(r->route - srv_routes);
    if ((r->route->flags & SRV_PUBLIC) || !srv_authenticate(r)) {
        r->route->fn(r);
        if (!r->resp) srv_problem(r, 500, "internal", "The route gave no answer.");
    }
    check_store(r, r->srv->store_key);
    if (r->srv->store_read) check_store(r, r->srv->read_key);
}

static enum MHD_Result queue(srv_req *r)
{
    /* API answers carry patient data: never cached. The workspace's
     * static files set their own (revalidated with an ETag). */
    if (!MHD_get_response_header(r->resp, MHD_HTTP_HEADER_CACHE_CONTROL))
        MHD_add_response_header(r->resp, "Cache-Control", "no-store");
    MHD_add_response_header(r->resp, "X-Content-Type-Options", "nosniff");
    if (atomic_load(&r->srv->draining)) MHD_add_response_header(r->resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, r->resp);
    MHD_destroy_response(r->resp);
    r->resp = NULL;
    return ok;
}

static enum MHD_Result add_header_bytes(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
    return MHD_YES;
}

/* The request line and headers as sent, in bytes (near enough). */
static size_t header_bytes(struct MHD_Connection *conn, const char *method, const char *url)
{
    size_t n = strlen(method) + strlen(url) + 12;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_bytes, &n);
    return n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    ward_server *s = cls;
    srv_req *r = *con_cls;
    if (!r) {
        r = ward_xcalloc(1, sizeof *r);
        r->srv = s;
        r->conn = conn;
        r->method = method;
        r->url = url;
        r->t0 = srv_now();
        r->route_idx = (int)srv_nroutes;
        ward_buf_init(&r->body);
        *con_cls = r;
        atomic_fetch_add(&s->inflight, 1);
        if (header_bytes(conn, method, url) > s->p.max_header) {
            srv_problem(r, 431, "header-too-large", "The request line and headers are larger than %zu bytes.",
                        s->p.max_header);
            return queue(r);
        }
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->p.max_body) {
            r->too_big = 1;
            dispatch(r);
            return queue(r);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->too_big && r->body.len + *upload_size <= s->p.max_body)
            ward_buf_append(&r->body, upload, *upload_size);
        else if (!r->too_big) {
            r->too_big = 1;
            ward_buf_free(&r->body);
            dispatch(r);
            *upload_size = 0;
            return queue(r);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->resp) return queue(r);   /* a worker has answered (pool.c) and resumed us */
    if (r->status) return MHD_YES;  /* already answered (413 during the upload) */
    /* The handler runs on a worker, in arrival order; when the pool is
     * stopping, here. */
    if (!srv_pool_push(s->pool, r)) return MHD_YES;
    dispatch(r);
    return queue(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    ward_server *s = cls;
    srv_req *r = *con_cls;
    if (!r) return;
    double secs = srv_now() - r->t0;
    /* A request the client abandoned before any answer counts as 499, as
     * the common proxies log it. */
    int status = r->status ? r->status : 499;
    srv_release(r);
    srv_metrics_record(s->metrics, r->route_idx, status, secs, r->user, r->tokens_generated);
    const char *label = r->route ? r->route->pattern : "(no route)";
    srv_report(s, WARD_EVENT_INFO, 0, "%s %s %d %.1fms user=%s%s", r->method, label, status,
               secs * 1e3, r->user[0] ? r->user : "-",
               toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection ended early)");
    for (int i = 0; i < SRV_MAX_CAPS; i++) free(r->caps[i]);
    if (r->resp) MHD_destroy_response(r->resp);
    ward_buf_free(&r->body);
    free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&s->inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    ward_server *s = cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = 0;
    srv_report(s, WARD_EVENT_WARNING, 0, "http: %s", msg);
}

/* ---- start, reload, shutdown ---- */

static int open_llm(ward_server *s, ward_llm **out, ward_err *err)
{
    ward_llm_params lp = s->llm_params;
    ward_llm_params_from_env(&lp, s->data_dir);
    /* No single model call may outlast the request's work limit. */
    if (s->p.work_timeout_s > 0 && (lp.timeout_ms <= 0 || lp.timeout_ms > s->p.work_timeout_s * 1000))
        lp.timeout_ms = s->p.work_timeout_s * 1000;
    int rc = ward_llm_open(&lp, out, err);
    if (rc) ward_err_prefix(err, "cannot open the generation backend");
    return rc;
}

static int start_daemon(ward_server *s, ward_err *err)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->p.port);
    if (inet_pton(AF_INET, s->host, &addr.sin_addr) != 1)
        return ward_err_set(err, WARD_EUSAGE, "listen address '%s' is not an IPv4 address", s->host);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG;
    if (s->tls_cert_pem) flags |= MHD_USE_TLS;
    s->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,  /* first, so no message goes to stderr */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->p.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->p.max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->p.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * s->p.max_header + (16u << 10),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        s->tls_cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->tls_cert_pem,
        MHD_OPTION_HTTPS_MEM_KEY, s->tls_key_pem,
        MHD_OPTION_END);
    if (!s->mhd)
        return ward_err_set(err, WARD_EIO, "cannot listen on %s:%d (in use, or not allowed)", s->host,
                            s->p.port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->p.port;
    return WARD_OK;
}

int ward_server_start(const ward_server_params *p, ward_server **out, ward_err *err)
{
    *out = NULL;
    if (!p->data_dir) return ward_err_set(err, WARD_EUSAGE, "no data directory to serve");
    if (!p->tls_cert != !p->tls_key)
        return ward_err_set(err, WARD_EUSAGE, "TLS needs both a certificate and a key");
    if (sodium_init() < 0) return ward_err_set(err, WARD_EIO, "libsodium cannot start (no random source?)");
    ward_server *s = ward_xcalloc(1, sizeof *s);
    s->p = *p;
    if (s->p.threads <= 0) s->p.threads = 1;
    if (s->p.work_timeout_s <= 0) s->p.work_timeout_s = 300;
    s->data_dir = ward_xstrdup(p->data_dir);
    s->store_read = p->store_read && *p->store_read ? ward_xstrdup(p->store_read) : NULL;
    s->host = ward_xstrdup(p->host ? p->host : "127.0.0.1");
    s->llm_params = p->llm;
    s->started = srv_now();
    pthread_key_create(&s->store_key, close_store);
    pthread_key_create(&s->read_key, close_store);
    pthread_rwlock_init(&s->llm_lock, NULL);
    pthread_rwlock_init(&s->index_lock, NULL);
    s->metrics = srv_metrics_new(srv_nroutes);
    int rc = WARD_OK;
    if (p->tls_cert) {
        size_t n;
        rc = ward_read_file(p->tls_cert, 1 << 20, &s->tls_cert_pem, &n, err);
        if (!rc) rc = ward_read_file(p->tls_key, 1 << 20, &s->tls_key_pem, &n, err);
        if (rc) ward_err_prefix(err, "cannot read the TLS certificate or key");
    }
    /* The store is created and migrated once here, before the workers
     * open their own connections to it. */
    ward_store *st = NULL;
    if (!rc) rc = ward_store_open(s->data_dir, NULL, &st, err);
    ward_store_free(st);
    /* A replica named but unreachable is a mistake to say at once. */
    if (!rc && s->store_read) {
        ward_store_params rp = read_params(s);
        st = NULL;
        rc = ward_store_open(s->data_dir, &rp, &st, err);
        ward_store_free(st);
        if (rc) ward_err_prefix(err, "cannot open the read replica (--store-read)");
    }
    if (!rc) rc = open_llm(s, &s->llm, err);
    if (!rc && !(s->pool = srv_pool_new(s->p.threads, dispatch, err))) rc = err->code;
    if (!rc) rc = start_daemon(s, err);
    if (rc) {
        ward_server_free(s);
        return rc;
    }
    *out = s;
    return WARD_OK;
}

int ward_server_port(const ward_server *s)
{
    return s->port;
}

int ward_server_reload(ward_server *s, ward_err *err)
{
    ward_llm *fresh = NULL;
    int rc = open_llm(s, &fresh, err);
    if (rc) return rc;
    pthread_rwlock_wrlock(&s->llm_lock);
    ward_llm *old = s->llm;
    s->llm = fresh;
    pthread_rwlock_unlock(&s->llm_lock);
    ward_llm_free(old);
    srv_report(s, WARD_EVENT_INFO, 0, "reloaded: generation backend %s", ward_llm_backend(fresh));
    return WARD_OK;
}

int ward_server_shutdown(ward_server *s, ward_err *err)
{
    if (!s->mhd) return WARD_OK;
    atomic_store(&s->draining, 1);
    MHD_socket fd = MHD_quiesce_daemon(s->mhd);
    if (fd != MHD_INVALID_SOCKET) close(fd);
    double deadline = srv_now() + s->p.drain_s;
    while (atomic_load(&s->inflight) > 0 && srv_now() < deadline) usleep(10000);
    int cut = atomic_load(&s->inflight);
    /* Past the drain: generations still running end at their next token
     * (their requests answer an error), so the workers can be stopped. */
    if (cut > 0) {
        pthread_rwlock_rdlock(&s->llm_lock);
        ward_llm_cancel(s->llm);
        pthread_rwlock_unlock(&s->llm_lock);
    }
    /* No connection may still be suspended when the daemon stops. */
    srv_pool_stop(s->pool);
    s->pool = NULL;
    MHD_stop_daemon(s->mhd);
    s->mhd = NULL;
    ward_store *st = NULL;
    int rc = ward_store_open(s->data_dir, NULL, &st, err);
    if (!rc) rc = ward_store_checkpoint(st, err);
    ward_store_free(st);
    if (rc) {
        ward_err_prefix(err, "cannot checkpoint the store at shutdown");
        return rc;
    }
    if (cut > 0)
        return ward_err_set(err, WARD_EBUSY, "%d request(s) still running after %d s were cut", cut,
                            s->p.drain_s);
    return WARD_OK;
}

void ward_server_free(ward_server *s)
{
    if (!s) return;
    srv_pool_stop(s->pool);
    if (s->mhd) MHD_stop_daemon(s->mhd);
    /* A stream's producer may still hold the model (cancelled, ending). */
    pthread_rwlock_wrlock(&s->llm_lock);
    ward_llm_free(s->llm);
    s->llm = NULL;
    pthread_rwlock_unlock(&s->llm_lock);
    srv_vectors_free(s);
    pthread_rwlock_destroy(&s->index_lock);
    srv_metrics_free(s->metrics);
    pthread_key_delete(s->store_key);
    pthread_key_delete(s->read_key);
    pthread_rwlock_destroy(&s->llm_lock);
    free(s->data_dir);
    free(s->store_read);
    free(s->host);
    free(s->tls_cert_pem);
    free(s->tls_key_pem);
    free(s);
}
