/* routes_ops.c — what operators and load balancers call: liveness,
 * readiness, metrics and the API description.
 *
 * /healthz answers as long as the process serves HTTP. /readyz also opens
 * the worker's store and asks its database a trivial question (503 while
 * the database cannot be reached; on a connection found dropped, asked
 * again on a new one), and says 503 while shutting down, so a
 * balancer stops sending work before the drain ends. /metrics is Prometheus text (see
 * metrics.c). /api/v1/openapi.json is src/server/openapi.json, embedded at
 * build time.
 */
#include "server_int.h"
#include "openapi_json.h"

#include <jansson.h>

void srv_healthz(srv_req *r)
{
    srv_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

void srv_readyz(srv_req *r)
{
    if (atomic_load(&r->srv->draining)) {
        srv_problem(r, 503, "shutting-down", "The server is shutting down.");
        return;
    }
    ward_store *st = srv_store(r);
    if (!st) return;
    ward_err err = {0};
    /* Each worker keeps its connection: one idle while the database
     * restarted learns it was dropped only now. Readiness is whether the
     * database answers now, so that is asked again on a new connection
     * (a balancer must not take a node out for a restart long over). */
    if (ward_store_ping(st, &err) && ward_store_lost(st)) {
        err = (ward_err){0};
        if (!(st = srv_store_fresh(r))) return;
        ward_store_ping(st, &err);
    }
    if (err.code) {
        srv_problem(r, 503, "unavailable", "The store cannot be reached; try again shortly.");
        return;
    }
    pthread_rwlock_rdlock(&r->srv->llm_lock);
    const char *backend = ward_llm_backend(r->srv->llm);
    json_t *v = json_pack("{s:s, s:i, s:s}", "status", "ready", "schema_version",
                          ward_store_schema_version(st), "backend", backend);
    pthread_rwlock_unlock(&r->srv->llm_lock);
    srv_json(r, 200, v);
}

void srv_metrics_route(srv_req *r)
{
    if (!srv_may(r, "admin")) return;
    ward_buf out;
    ward_buf_init(&out);
    srv_metrics_render(r->srv, srv_store(r), &out);
    if (!r->resp) srv_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.data, out.len);
    ward_buf_free(&out);
}

void srv_openapi(srv_req *r)
{
    srv_text(r, 200, "application/json", WARD_OPENAPI_JSON, sizeof WARD_OPENAPI_JSON - 1);
}
