/* server_int.h — what the files of src/server share.
 *
 * http.c owns the daemon and the life of a request (srv_req): it collects
 * the body within limits, finds the route (router.c), calls its handler,
 * queues the response the handler built, and records metrics (metrics.c)
 * and the access log when the request completes. A handler fills r->resp
 * through srv_json / srv_problem / srv_text (or sse.c for streams) and
 * returns nothing: every outcome is a response.
 */
#ifndef WARD_SERVER_INT_H
#define WARD_SERVER_INT_H

#include "ward/govern.h"
#include "ward/orchestrate.h"
#include "ward/retrieve.h"
#include "ward/server.h"
#include "ward/store.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

struct json_t;
typedef struct srv_req srv_req;
typedef void (*srv_handler)(srv_req *r);

/* Route flags. */
enum {
    SRV_PUBLIC = 1,   /* no identity needed (health, OpenAPI, login) */
    SRV_STREAM = 2,   /* may answer with Server-Sent Events */
};

typedef struct srv_route {
    const char *method;   /* "GET", "POST"... */
    const char *pattern;  /* "/api/v1/patients/{id}": {x} matches one path segment */
    srv_handler fn;
    int flags;
} srv_route;

#define SRV_MAX_CAPS 3
#define SRV_STAMP_MAX 192
#define SRV_HIST_BUCKETS 12

typedef struct srv_metrics srv_metrics;
typedef struct srv_pool srv_pool;

struct ward_server {
    ward_server_params p;
    char *data_dir, *host, *tls_cert_pem, *tls_key_pem;
    struct MHD_Daemon *mhd;
    int port;
    pthread_key_t store_key;     /* each worker thread's own store */
    pthread_key_t read_key;      /* ... and its own store on the read replica (--store-read) */
    char *store_read;            /* the replica's location, or NULL */
    atomic_int inflight;         /* requests begun and not completed */
    atomic_int draining;         /* shutdown began: /readyz says 503 */
    pthread_rwlock_t llm_lock;   /* reload swaps llm while no task holds it */
    ward_llm *llm;
    ward_llm_params llm_params;  /* as given; reload resolves env and config again */
    srv_metrics *metrics;
    srv_pool *pool;              /* the workers that run handlers (pool.c) */
    double started;              /* monotonic seconds */
    pthread_rwlock_t index_lock; /* searches read the index; a reload writes */
    struct ward_hnsw *index;     /* the store's vector index, shared (retrieval.c) */
    char index_stamp[SRV_STAMP_MAX];
};

struct srv_req {
    ward_server *srv;
    struct MHD_Connection *conn;
    const char *method, *url;
    const srv_route *route;      /* NULL: no route matched */
    int route_idx;               /* metrics label index (routes count = unmatched) */
    char *caps[SRV_MAX_CAPS];    /* captured path segments, decoded */
    ward_buf body;
    int too_big;
    double t0;                   /* monotonic seconds at the first byte */
    int status;
    struct MHD_Response *resp;
    char user[64];               /* who, for the access log and usage metrics ("" anonymous) */
    long tokens_generated;       /* model tokens this request produced */
    ward_principal who;          /* the caller (routes without SRV_PUBLIC) */
    int authed, limited;         /* who is set; a limits slot is held (released at completion) */
    int by_session;              /* authenticated by the session cookie (CSRF applies) */
    srv_req *next;               /* the next request waiting for a worker (pool.c) */
};

/* ---- http.c ---- */
double srv_now(void);
/* The calling worker's store, opened on first use; NULL with a 503 queued. */
ward_store *srv_store(srv_req *r);
/* The calling worker's store opened anew (the old one closed): for asking
 * whether the database answers now, on a connection it may have dropped
 * while the worker was idle. */
ward_store *srv_store_fresh(srv_req *r);
/* The same on the read replica (--store-read), opened read-only; the store
 * itself when there is none. For reads that may lag the primary a moment
 * (searches), never for identity, scope or audit. */
ward_store *srv_read_store(srv_req *r);
const char *srv_header(srv_req *r, const char *name);
const char *srv_query(srv_req *r, const char *name);
/* Responses. srv_json takes ownership of v. */
void srv_json(srv_req *r, int status, struct json_t *v);
void srv_json_as(srv_req *r, int status, struct json_t *v, const char *content_type);
void srv_text(srv_req *r, int status, const char *content_type, const char *s, size_t n);
/* The same, taking b's bytes (b is left empty). */
void srv_buf(srv_req *r, int status, const char *content_type, ward_buf *b);
/* RFC 9457 problem details: type urn:ward:problem:CODE. detail must carry
 * no PHI (it is shown to the caller and never logged). */
void srv_problem(srv_req *r, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Maps a WARD_E* error to its problem (not_found -> 404 ...). */
void srv_problem_err(srv_req *r, const ward_err *err);
/* Parses the body as a JSON object; on failure queues 400 invalid-json and returns NULL. */
struct json_t *srv_body_json(srv_req *r);
void srv_report(ward_server *s, int kind, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- auth.c ---- */
/* Sets r->who from "Authorization: Bearer" or the session cookie, checks
 * CSRF on state-changing session requests and takes a limits slot. On
 * failure queues 401 / 403 / 429 and returns nonzero. */
int srv_authenticate(srv_req *r);
void srv_release(srv_req *r);
/* 1 when the caller may do action; else queues 403 and returns 0. */
int srv_may(srv_req *r, const char *action);
/* 1 when the caller may read patient_id; else queues the same 404 as a
 * missing patient (a 403 would say the patient exists), audits the
 * refusal and returns 0. */
int srv_patient_ok(srv_req *r, const char *action, const char *patient_id);
/* Appends an audit event for the caller; on failure queues 500 and
 * returns nonzero (an access that cannot be recorded is not served). */
int srv_audit(srv_req *r, const char *action, const char *patient_id, const char *resources,
              const char *outcome);
/* The same for code that has no request (stream producers). */
int srv_audit_as(ward_store *st, const ward_principal *who, const char *client, const char *action,
                 const char *patient_id, const char *resources, const char *outcome, ward_err *err);
/* The client's address as text ("" when unknown). */
void srv_client_addr(srv_req *r, char *out, size_t n);
void srv_login(srv_req *r);
void srv_logout(srv_req *r);

/* ---- pool.c ---- */
/* threads workers that call run(r) for each request pushed, oldest first,
 * then resume its connection. NULL with err set when they cannot start. */
srv_pool *srv_pool_new(int threads, void (*run)(srv_req *r), ward_err *err);
/* Suspends r's connection and queues r (from the access handler); -1 when
 * the pool is stopping (r is then neither suspended nor queued). */
int srv_pool_push(srv_pool *p, srv_req *r);
/* Runs every queued request, then ends the workers and frees p. */
void srv_pool_stop(srv_pool *p);

/* ---- router.c ---- */
extern const srv_route srv_routes[];
extern const size_t srv_nroutes;
/* Finds the route for method and path, filling caps (malloc'd) on a match.
 * *path_known is 1 when some route has the path with another method (405). */
const srv_route *srv_route_find(const char *method, const char *path, char *caps[SRV_MAX_CAPS],
                                int *path_known);

/* ---- metrics.c ---- */
srv_metrics *srv_metrics_new(size_t nroutes);
void srv_metrics_free(srv_metrics *m);
void srv_metrics_record(srv_metrics *m, int route_idx, int status, double seconds, const char *user,
                        long tokens);
/* Tokens generated outside a request's life (streams). */
void srv_metrics_tokens(srv_metrics *m, const char *user, long tokens);
/* Prometheus text exposition of everything recorded, plus the store's gauges. */
void srv_metrics_render(ward_server *s, ward_store *st, ward_buf *out);

/* ---- retrieval.c ---- */
struct ward_embedder;
/* The calling thread's embedder for st's vectors, kept between requests;
 * NULL with err set when the store has none or it cannot open. */
struct ward_embedder *srv_embedder(ward_store *st, ward_err *err);
/* Sets p->embedder and p->index to the kept ones (NULL when the store has
 * no vectors or they cannot open: ward_search then does without). Holds
 * the index until srv_vectors_release. */
void srv_vectors_acquire(ward_server *s, ward_store *st, ward_search_params *p);
void srv_vectors_release(ward_server *s, ward_search_params *p);
void srv_vectors_free(ward_server *s);

/* ---- routes_ops.c ---- */
void srv_healthz(srv_req *r);
void srv_readyz(srv_req *r);
void srv_metrics_route(srv_req *r);
void srv_openapi(srv_req *r);

/* ---- sse.c ---- */
typedef struct srv_stream srv_stream;
typedef void (*srv_stream_fn)(srv_stream *s, void *ud);
/* Answers r with text/event-stream fed by fn, run on a thread of its own
 * with its own store connection; free_ud(ud) when both sides are done. */
void srv_stream_start(srv_req *r, srv_stream_fn fn, void *ud, void (*free_ud)(void *));
/* From fn: append bytes / one event ("event: E\ndata: JSON\n\n"; event
 * NULL for a plain data line). Nonzero when the client has gone. */
int srv_stream_write(srv_stream *s, const char *data, size_t n);
int srv_stream_event(srv_stream *s, const char *event, const char *json);
ward_store *srv_stream_store(srv_stream *s);
ward_server *srv_stream_server(srv_stream *s);

/* ---- routes_tasks.c ---- */
/* Checks that the caller may run req (queues 400/403/404 otherwise). */
int srv_task_allowed(srv_req *r, const ward_task_request *req);
/* What a caller may hear of a task while it runs: the model's output
 * piece by piece (NULL at the end of each model call; nonzero return
 * stops it), and afterwards the tokens it read and generated. */
typedef struct srv_task_hooks {
    int (*on_token)(const char *piece, void *ud);
    void *ud;
    long tokens;             /* out: generated tokens (already counted in metrics and limits) */
    long prompt_tokens;      /* out: prompt tokens the model read */
    int timed_out;           /* out: stopped at the work limit (the error is WARD_EBUSY) */
} srv_task_hooks;
/* Runs req for who with the server's backend and audits it; opts is the
 * request body (flag_unsupported, max_calls) or NULL; hooks may be NULL.
 * The tokens the model generated are counted at once in /metrics and
 * against who's tokens-per-day limits. Model work past the server's
 * work_timeout_s is stopped and the task fails (hooks->timed_out). */
int srv_task_exec(ward_server *srv, ward_store *st, const ward_principal *who, const char *client,
                  const ward_task_request *req, struct json_t *opts, srv_task_hooks *hooks, ward_task_result *res,
                  ward_err *err);
/* The problem for a failed srv_task_exec: 503 `timeout` past the work
 * limit, else as srv_problem_err. */
void srv_task_problem(srv_req *r, const srv_task_hooks *hooks, const ward_err *err);
void srv_patients(srv_req *r);
void srv_chart(srv_req *r);
void srv_break_glass(srv_req *r);
void srv_search(srv_req *r);
void srv_ask(srv_req *r);
void srv_summarize(srv_req *r);
void srv_note(srv_req *r);
void srv_instructions(srv_req *r);
void srv_priorauth(srv_req *r);
void srv_extract(srv_req *r);

/* ---- routes_fhir.c, routes_ingest.c ---- */
void srv_fhir_patient(srv_req *r);
void srv_fhir_search(srv_req *r);
void srv_ingest(srv_req *r);
void srv_audit_export(srv_req *r);

/* ---- openai.c ---- */
void srv_chat_completions(srv_req *r);
void srv_embeddings(srv_req *r);
void srv_models(srv_req *r);

/* ---- routes_drafts.c ---- */
void srv_drafts_list(srv_req *r);
void srv_draft_get(srv_req *r);
void srv_draft_approve(srv_req *r);
void srv_draft_reject(srv_req *r);
void srv_draft_edit(srv_req *r);
void srv_draft_versions(srv_req *r);

/* ---- routes_web.c, static.c: the web workspace ---- */
void srv_session(srv_req *r);
void srv_document(srv_req *r);
void srv_resource_source(srv_req *r);
void srv_trends(srv_req *r);
void srv_admin_users(srv_req *r);
void srv_audit_verify(srv_req *r);
void srv_admin_reports(srv_req *r);
void srv_static(srv_req *r);

#endif
