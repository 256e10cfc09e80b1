/* server.h — `ward serve`: Ward as an HTTP service (GNU libmicrohttpd).
 *
 * The server is thin: routes parse a request, ask the caller's identity and
 * scope of govern, run orchestrate / retrieve / store, and write the same
 * JSON the CLI's --json prints. A pool of worker threads serves requests;
 * each worker opens its own store connection (SQLite in WAL mode lets the
 * readers run side by side). Long answers stream as Server-Sent Events.
 *
 * The library never prints: the access log (method, route template, status,
 * milliseconds, user; never a path with a patient id in it, never a body)
 * and errors go to params.report as ward_events, which the CLI renders.
 *
 * Shutdown (SIGTERM in the CLI) is ward_server_shutdown: stop accepting,
 * let in-flight requests finish (streams included), stop the workers,
 * checkpoint the WAL. docs/api.md lists every route.
 */
#ifndef WARD_SERVER_H
#define WARD_SERVER_H

#include "ward/core.h"
#include "ward/llm.h"

typedef struct ward_server ward_server;

typedef struct ward_server_params {
    const char *data_dir;     /* the store served (required) */
    const char *store_read;   /* a read replica of the store's database (a PostgreSQL
                                 location, e.g. a streaming standby): searches read it,
                                 while identity, scope, audit and every write use the
                                 store itself. NULL: everything uses the store */
    const char *host;         /* listen address (default 127.0.0.1) */
    int port;                 /* default 8080; 0 picks a free port (ward_server_port says which) */
    int threads;              /* worker threads (default 8) */
    const char *tls_cert;     /* PEM certificate and key files: HTTPS when both are set */
    const char *tls_key;
    size_t max_body;          /* request body bytes at most (default 8 MiB): 413 past it */
    size_t max_header;        /* per-connection memory for the request line and headers
                                 (default 16 KiB): 431 past it */
    int timeout_s;            /* a connection silent this long is closed: idle keep-alive,
                                 a body that never finishes (default 30) */
    int max_connections;      /* open connections at most (default 16384) */
    int drain_s;              /* shutdown waits this long for in-flight requests (default 30) */
    int work_timeout_s;       /* a task's model work past this is stopped and the request
                                 answered 503 `timeout` (default 300); it also bounds each
                                 call to a model server */
    ward_llm_params llm;      /* generation backend of the tasks (extractive when empty) */
    ward_report_fn report;    /* access log (WARD_EVENT_INFO) and errors; NULL: silent */
    void *report_ud;
} ward_server_params;

ward_server_params ward_server_default_params(void);

/* Opens the store (creating it when new), the model backend, and starts
 * listening. WARD_EIO when the address cannot be bound. */
int ward_server_start(const ward_server_params *p, ward_server **out, ward_err *err);
/* The port listened on (useful with port 0). */
int ward_server_port(const ward_server *s);
/* Re-reads DATA/config and the environment (model backend) and drops what
 * is cached about users; requests already running finish with the old. */
int ward_server_reload(ward_server *s, ward_err *err);
/* Stops accepting, waits up to drain_s for in-flight requests, stops the
 * workers and checkpoints the WAL. Returns WARD_EBUSY when requests were
 * still running at the deadline (they are cut), else the checkpoint's code. */
int ward_server_shutdown(ward_server *s, ward_err *err);
void ward_server_free(ward_server *s);

#endif
