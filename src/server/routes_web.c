/* routes_web.c — the few routes the web workspace needs beyond the API of
 * issue 10: who is signed in, one source document, where a chart item's
 * record can be read, a patient's trend series, and the admin lists (users, tokens, the audit chain's state).
 *
 * Same rules as every route: govern decides (403 for the role, 404 for a
 * patient outside scope, exactly as for a missing one), every read of
 * patient data is audited with the resources returned, and admins see no
 * patient data (users are listed without the patient they are linked to).
 */
#include "server_int.h"
#include "ward/oversight.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void srv_session(srv_req *r)
{
    json_t *v = json_pack("{s:s, s:s}", "user", r->who.user, "role", r->who.role);
    if (!strcmp(r->who.role, "patient")) json_object_set_new(v, "patient_id", json_string(r->who.patient_id));
    /* The page lost its copy on reload; reading it needs the cookie and
     * the same origin, which is what CSRF protection rests on. */
    if (r->by_session) json_object_set_new(v, "csrf_token", json_string(r->who.csrf));
    srv_json(r, 200, v);
}

/* A row found by the path's numeric id (a document, a record's source)
 * and answered when its patient is in the caller's scope. A row without a
 * patient (the literature) is anyone's who may read, when unowned_ok. The
 * rest is 404, as a missing row, and audited so; kind names the resource
 * in the audit ("doc", "resource"). */
typedef int (*row_fn)(ward_store *st, int64_t id, json_t **out, ward_err *err);

static void scoped_row(srv_req *r, row_fn get, const char *action, const char *kind, int unowned_ok)
{
    ward_store *st = srv_store(r);
    if (!st) return;
    char *end;
    long long id = strtoll(r->caps[0], &end, 10);
    json_t *v = NULL;
    ward_err err = {0};
    int rc = *end || id <= 0 ? WARD_ENOTFOUND : get(st, id, &v, &err);
    if (rc && rc != WARD_ENOTFOUND) {
        srv_problem_err(r, &err);
        return;
    }
    const char *pid = v ? json_string_value(json_object_get(v, "patient_id")) : NULL;
    int phi = ward_scope_may(&r->who, "read_phi");
    if (rc || (pid ? !phi || !ward_scope_allows(st, &r->who, pid, &err) : !unowned_ok)) {
        json_decref(v);
        if (!rc && err.code) srv_problem_err(r, &err);  /* the scope could not be read */
        else if (!srv_audit(r, action, NULL, NULL, "not_found")) srv_problem(r, 404, "not-found", "No such %s.", kind);
        return;
    }
    char res[64];
    snprintf(res, sizeof res, "[\"%s:%lld\"]", kind, id);
    if (srv_audit(r, action, pid, res, "ok")) json_decref(v);
    else srv_json(r, 200, v);
}

void srv_document(srv_req *r)
{
    /* Researchers may read the literature (de-identified readers get 404
     * for a patient's document). */
    if (ward_scope_may(&r->who, "read_phi") || srv_may(r, "read_deid"))
        scoped_row(r, ward_document_json, "document_show", "doc", 1);
}

void srv_resource_source(srv_req *r)
{
    if (srv_may(r, "read_phi")) scoped_row(r, ward_resource_source_json, "source_show", "resource", 0);
}

void srv_trends(srv_req *r)
{
    const char *id = r->caps[0];
    if (!srv_may(r, "read_phi") || !srv_patient_ok(r, "trends", id)) return;
    json_t *v;
    ward_err err = {0};
    if (ward_trends_json(srv_store(r), id, &v, &err)) srv_problem_err(r, &err);
    else if (srv_audit(r, "trends", id, NULL, "ok")) json_decref(v);
    else srv_json(r, 200, v);
}

/* ---- admin ---- */

static int add_user(void *ud, const ward_user_info *u)
{
    json_array_append_new(ud, json_pack("{s:I, s:s, s:s, s:b, s:b, s:b, s:{s:i, s:i, s:i}, s:I, s:I}", "id",
                                        (json_int_t)u->id, "name", u->name, "role", u->role, "disabled",
                                        u->disabled, "password", u->has_password, "linked_patient",
                                        u->patient_id && *u->patient_id, "limits", "rpm", u->limits.rpm,
                                        "tokens_per_day", u->limits.tokens_per_day, "concurrent",
                                        u->limits.concurrent, "created_at", (json_int_t)u->created_at,
                                        "locked_until", (json_int_t)u->locked_until));
    return 0;
}

static int add_token(void *ud, const ward_token_info *t)
{
    json_array_append_new(ud, json_pack("{s:I, s:s, s:s?, s:I, s:I, s:I, s:I}", "id", (json_int_t)t->id, "user",
                                        t->user, "scopes", t->scopes && *t->scopes ? t->scopes : NULL,
                                        "created_at", (json_int_t)t->created_at, "expires_at",
                                        (json_int_t)t->expires_at, "revoked_at", (json_int_t)t->revoked_at,
                                        "last_used_at", (json_int_t)t->last_used_at));
    return 0;
}

void srv_admin_users(srv_req *r)
{
    if (!srv_may(r, "admin")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    json_t *users = json_array(), *tokens = json_array();
    ward_err err = {0};
    if (ward_users_each(st, add_user, users, &err) || ward_tokens_each(st, add_token, tokens, &err)) {
        json_decref(users);
        json_decref(tokens);
        srv_problem_err(r, &err);
        return;
    }
    srv_json(r, 200, json_pack("{s:o, s:o}", "users", users, "tokens", tokens));
}

void srv_audit_verify(srv_req *r)
{
    if (!srv_may(r, "admin")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    long n = 0;
    ward_err err = {0};
    int rc = ward_audit_verify(st, &n, &err);
    if (rc && rc != WARD_EINPUT) {
        srv_problem_err(r, &err);
        return;
    }
    /* The verifier names the first bad event by id, never its content. */
    srv_json(r, 200, json_pack("{s:b, s:i, s:s?}", "verified", rc == WARD_OK, "events", (int)n, "problem",
                               rc ? err.msg : NULL));
}

/* The oversight committee's reports: monitoring of reviews and outputs
 * (counts and rates, no patient data) and the model card from the
 * evaluation history (null before any evaluation ran). */
void srv_admin_reports(srv_req *r)
{
    if (!srv_may(r, "admin")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    json_t *monitor = NULL;
    ward_err err = {0};
    ward_monitor_params mp = ward_monitor_default_params();
    if (ward_monitor(st, &mp, &monitor, &err)) {
        srv_problem_err(r, &err);
        return;
    }
    ward_card_params cp = {0};
    pthread_rwlock_rdlock(&r->srv->llm_lock);
    cp.backend = ward_llm_backend(r->srv->llm);
    char *card = NULL;
    ward_err cerr = {0};
    int crc = ward_card(st, &cp, &card, &cerr);
    pthread_rwlock_unlock(&r->srv->llm_lock);
    srv_json(r, 200, json_pack("{s:o, s:s?, s:s?}", "monitor", monitor, "card", crc ? NULL : card, "card_problem",
                               crc ? cerr.msg : NULL));
    free(card);
}
