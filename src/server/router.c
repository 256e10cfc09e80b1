/* router.c — the route table and matching a request to it.
 *
 * One table lists every route: method, path pattern, handler, flags. A
 * pattern's {name} matches one path segment (libmicrohttpd has already
 * URL-decoded the path), handed to the handler in r->caps, in order. The pattern itself is the label in
 * metrics and the access log, so those never carry an id from the path.
 */
#include "server_int.h"

#include <stdlib.h>
#include <string.h>

const srv_route srv_routes[] = {
    {"GET", "/healthz", srv_healthz, SRV_PUBLIC},
    {"GET", "/readyz", srv_readyz, SRV_PUBLIC},
    {"GET", "/metrics", srv_metrics_route, 0},
    {"GET", "/api/v1/openapi.json", srv_openapi, SRV_PUBLIC},
    {"POST", "/api/v1/login", srv_login, SRV_PUBLIC},
    {"POST", "/api/v1/logout", srv_logout, 0},
    {"GET", "/api/v1/patients", srv_patients, 0},
    {"GET", "/api/v1/patients/{id}", srv_chart, 0},
    {"POST", "/api/v1/patients/{id}/break-glass", srv_break_glass, 0},
    {"GET", "/api/v1/search", srv_search, 0},
    {"POST", "/api/v1/search", srv_search, 0},
    {"POST", "/api/v1/ask", srv_ask, SRV_STREAM},
    {"POST", "/api/v1/summarize", srv_summarize, SRV_STREAM},
    {"POST", "/api/v1/note", srv_note, SRV_STREAM},
    {"POST", "/api/v1/instructions", srv_instructions, SRV_STREAM},
    {"POST", "/api/v1/priorauth", srv_priorauth, SRV_STREAM},
    {"POST", "/api/v1/extract", srv_extract, 0},
    {"GET", "/api/v1/drafts", srv_drafts_list, 0},
    {"GET", "/api/v1/drafts/{id}", srv_draft_get, 0},
    {"POST", "/api/v1/drafts/{id}/approve", srv_draft_approve, 0},
    {"POST", "/api/v1/drafts/{id}/reject", srv_draft_reject, 0},
    {"POST", "/api/v1/drafts/{id}/edit", srv_draft_edit, 0},
    {"GET", "/api/v1/drafts/{id}/versions", srv_draft_versions, 0},
    {"POST", "/api/v1/ingest", srv_ingest, 0},
    {"GET", "/api/v1/audit/export", srv_audit_export, 0},
    {"GET", "/fhir/Patient/{id}", srv_fhir_patient, 0},
    {"GET", "/fhir/{type}", srv_fhir_search, 0},
    {"POST", "/v1/chat/completions", srv_chat_completions, SRV_STREAM},
    {"POST", "/v1/embeddings", srv_embeddings, 0},
    {"GET", "/v1/models", srv_models, 0},
    /* The web workspace: its data routes, then its files (web/, embedded). */
    {"GET", "/api/v1/session", srv_session, 0},
    {"GET", "/api/v1/documents/{id}", srv_document, 0},
    {"GET", "/api/v1/resources/{id}/source", srv_resource_source, 0},
    {"GET", "/api/v1/patients/{id}/trends", srv_trends, 0},
    {"GET", "/api/v1/admin/users", srv_admin_users, 0},
    {"GET", "/api/v1/audit/verify", srv_audit_verify, 0},
    {"GET", "/api/v1/admin/reports", srv_admin_reports, 0},
    {"GET", "/", srv_static, SRV_PUBLIC},
    {"GET", "/{file}", srv_static, SRV_PUBLIC},
    {"GET", "/js/{file}", srv_static, SRV_PUBLIC},
};
const size_t srv_nroutes = sizeof srv_routes / sizeof srv_routes[0];

/* Matches path against pattern; fills caps on success. */
static int match(const char *pattern, const char *path, char *caps[SRV_MAX_CAPS])
{
    int nc = 0;
    const char *p = pattern, *u = path;
    while (*p && *u) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *ue = strchr(u, '/');
            if (!ue) ue = u + strlen(u);
            if (ue == u || nc >= SRV_MAX_CAPS) goto no;
            caps[nc] = ward_xstrndup(u, (size_t)(ue - u));
            nc++;
            p = pe + 1;
            u = ue;
            continue;
        }
        if (*p != *u) goto no;
        p++, u++;
    }
    if (*p || (*u && strcmp(u, "/"))) goto no;
    return 1;
no:
    for (int i = 0; i < nc; i++) {
        free(caps[i]);
        caps[i] = NULL;
    }
    return 0;
}

const srv_route *srv_route_find(const char *method, const char *path, char *caps[SRV_MAX_CAPS],
                                int *path_known)
{
    *path_known = 0;
    for (size_t i = 0; i < srv_nroutes; i++) {
        if (!match(srv_routes[i].pattern, path, caps)) continue;
        if (!strcmp(srv_routes[i].method, method) ||
            (!strcmp(method, "HEAD") && !strcmp(srv_routes[i].method, "GET")))
            return &srv_routes[i];
        *path_known = 1;
        for (int c = 0; c < SRV_MAX_CAPS; c++) {
            free(caps[c]);
            caps[c] = NULL;
        }
    }
    return NULL;
}
