/* routes_drafts.c — /api/v1/drafts: list, get, approve, reject, edit.
 *
 * A draft is visible when its patient is in the caller's scope (drafts
 * without a patient, literature answers, to staff who may read charts); a
 * patient sees only their own approved instructions. Anything else is 404,
 * as for a draft that does not exist. Reviewing needs the "approve" right
 * (clinicians). The JSON is ward_drafts_list / ward_draft_get's, as
 * `ward drafts --json` prints.
 */
#include "server_int.h"
#include "ward/orchestrate.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int is_patient(srv_req *r)
{
    return !strcmp(r->who.role, "patient");
}

/* 1 when the caller may see draft d (a JSON object with patient_id, task, status). */
static int draft_visible(srv_req *r, json_t *d)
{
    const char *pid = json_string_value(json_object_get(d, "patient_id"));
    if (is_patient(r)) {
        const char *task = json_string_value(json_object_get(d, "task"));
        const char *status = json_string_value(json_object_get(d, "status"));
        return pid && !strcmp(pid, r->who.patient_id) && task && !strcmp(task, "instructions") && status &&
               (!strcmp(status, "approved") || !strcmp(status, "edited"));
    }
    if (!pid) return ward_scope_may(&r->who, "write");
    ward_err err = {0};
    return ward_scope_allows(srv_store(r), &r->who, pid, &err);
}

void srv_drafts_list(srv_req *r)
{
    if (!srv_may(r, "read_phi")) return;
    ward_store *st = srv_store(r);
    if (!st) return;
    ward_draft_list_params p = {0};
    p.patient_id = srv_query(r, "patient");
    p.task = srv_query(r, "task");
    p.status = srv_query(r, "status");
    const char *lim = srv_query(r, "limit");
    p.limit = lim ? atoi(lim) : 50;
    if (p.patient_id && !srv_patient_ok(r, "drafts", p.patient_id)) return;
    json_t *all, *list = json_array(), *d;
    ward_err err = {0};
    if (ward_drafts_list(st, &p, &all, &err)) {
        json_decref(list);
        srv_problem_err(r, &err);
        return;
    }
    size_t i;
    ward_buf ids;
    ward_buf_init(&ids);
    ward_buf_putc(&ids, '[');
    json_array_foreach(all, i, d) {
        if (!draft_visible(r, d)) continue;
        ward_buf_printf(&ids, "%s\"draft:%lld\"", ids.len > 1 ? "," : "",
                        (long long)json_integer_value(json_object_get(d, "id")));
        json_array_append(list, d);
    }
    ward_buf_putc(&ids, ']');
    json_decref(all);
    if (srv_audit(r, "drafts", p.patient_id, ids.data, "ok")) json_decref(list);
    else srv_json(r, 200, list);
    ward_buf_free(&ids);
}

/* The draft of the path, when the caller may see it; else a 404 queued. */
static json_t *visible_draft(srv_req *r, int64_t *id)
{
    ward_store *st = srv_store(r);
    if (!st) return NULL;
    char *end;
    *id = strtoll(r->caps[0], &end, 10);
    json_t *d = NULL;
    ward_err err = {0};
    int rc = *end || *id <= 0 ? WARD_ENOTFOUND : ward_draft_get(st, *id, &d, &err);
    if (rc == WARD_OK && draft_visible(r, d)) return d;
    json_decref(d);
    if (rc && rc != WARD_ENOTFOUND) {
        srv_problem_err(r, &err);
        return NULL;
    }
    if (!srv_audit(r, "draft_show", NULL, NULL, "not_found"))
        srv_problem(r, 404, "not-found", "No such draft.");
    return NULL;
}

void srv_draft_get(srv_req *r)
{
    if (!srv_may(r, "read_phi")) return;
    int64_t id;
    json_t *d = visible_draft(r, &id);
    if (!d) return;
    char res[48];
    snprintf(res, sizeof res, "[\"draft:%lld\"]", (long long)id);
    if (srv_audit(r, "draft_show", json_string_value(json_object_get(d, "patient_id")), res, "ok"))
        json_decref(d);
    else
        srv_json(r, 200, d);
}

static void review(srv_req *r, const char *status)
{
    if (!srv_may(r, "approve")) return;
    json_t *body = r->body.len ? srv_body_json(r) : json_object();
    if (!body) return;
    int64_t id;
    json_t *d = visible_draft(r, &id);
    if (!d) {
        json_decref(body);
        return;
    }
    const char *text = json_string_value(json_object_get(body, "text"));
    const char *reason = json_string_value(json_object_get(body, "reason"));
    const char *pid = json_string_value(json_object_get(d, "patient_id"));
    ward_err err = {0};
    int rc = !strcmp(status, "rejected") && (!reason || !*reason)
                 ? ward_err_set(&err, WARD_EUSAGE, "a rejection needs a \"reason\"")
                 : ward_draft_review(srv_store(r), id, status, r->who.user, text, &err);
    char res[48];
    snprintf(res, sizeof res, "[\"draft:%lld\"]", (long long)id);
    ward_audit_event e = {0};
    e.actor = r->who.user;
    e.role = r->who.role;
    e.action = !strcmp(status, "approved") ? "draft_approve" : !strcmp(status, "rejected") ? "draft_reject" : "draft_edit";
    e.patient_id = pid;
    e.resources = res;
    e.outcome = rc ? "error" : "ok";
    e.reason = reason;
    ward_err aerr = {0};
    int arc = ward_audit_log(srv_store(r), &e, &aerr);
    json_decref(d);
    json_decref(body);
    if (rc == WARD_EINPUT) srv_problem(r, 409, "already-reviewed", "%s", err.msg);
    else if (rc) srv_problem_err(r, &err);
    else if (arc) srv_problem(r, 500, "audit-failed", "The review could not be recorded.");
    else if (ward_draft_get(srv_store(r), id, &d, &err)) srv_problem_err(r, &err);
    else srv_json(r, 200, d);
}

void srv_draft_approve(srv_req *r) { review(r, "approved"); }
void srv_draft_reject(srv_req *r) { review(r, "rejected"); }
void srv_draft_edit(srv_req *r) { review(r, "edited"); }
