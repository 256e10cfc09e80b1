/* routes_drafts.c — /api/v1/drafts: list, get, approve, reject, edit.
 *
 * A draft is visible when its patient is in the caller's scope (drafts
 * without a patient, literature answers, to staff who may read charts); a
 * patient sees only their own approved instructions. Anything else is 404,
 * as for a draft that does not exist. Reviewing needs the "approve" right
 * (clinicians). The JSON is ward_drafts_list / ward_draft_get's, as
 * `ward drafts --json` prints. An edit keeps every version: /versions
 * lists them with the diff between each and the one before.
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

/* 1 when the caller may see draft d (a JSON object with patient_id, task,
 * status), else 0; when the scope could not be read (the database went
 * away), 0 with err set: the caller answers that, never "not found". */
static int draft_visible(srv_req *r, json_t *d, ward_err *err)
{
    const char *pid = json_string_value(json_object_get(d, "patient_id"));
    if (is_patient(r)) {
        const char *task = json_string_value(json_object_get(d, "task"));
        const char *status = json_string_value(json_object_get(d, "status"));
        return pid && !strcmp(pid, r->who.patient_id) && task && !strcmp(task, "instructions") && status &&
               (!strcmp(status, "approved") || !strcmp(status, "edited"));
    }
    if (!pid) return ward_scope_may(&r->who, "write");
    return ward_scope_allows(srv_store(r), &r->who, pid, err);
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
        if (!draft_visible(r, d, &err)) {
            if (!err.code) continue;
            json_decref(all), json_decref(list), ward_buf_free(&ids);
            srv_problem_err(r, &err);
            return;
        }
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
    if (rc == WARD_OK && draft_visible(r, d, &err)) return d;
    json_decref(d);
    if (err.code && err.code != WARD_ENOTFOUND) {
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

/* Audits a review or edit of draft id (the reason for a rejection);
 * nonzero when the event could not be written. */
static int audit_review(srv_req *r, const char *action, const char *pid, int64_t id, int rc, const char *reason)
{
    char res[48];
    snprintf(res, sizeof res, "[\"draft:%lld\"]", (long long)id);
    ward_audit_event e = {0};
    e.actor = r->who.user;
    e.role = r->who.role;
    e.action = action;
    e.patient_id = pid;
    e.resources = res;
    e.outcome = rc ? "error" : "ok";
    e.reason = reason;
    ward_err aerr = {0};
    return ward_audit_log(srv_store(r), &e, &aerr);
}

/* The draft as it is now, or the problem for a failed review. */
static void review_answer(srv_req *r, int64_t id, int rc, const ward_err *err, int audit_failed, const char *conflict)
{
    json_t *d;
    ward_err gerr = {0};
    if (rc == WARD_EINPUT) srv_problem(r, 409, conflict, "%s", err->msg);
    else if (rc) srv_problem_err(r, err);
    else if (audit_failed) srv_problem(r, 500, "audit-failed", "The review could not be recorded.");
    else if (ward_draft_get(srv_store(r), id, &d, &gerr)) srv_problem_err(r, &gerr);
    else srv_json(r, 200, d);
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
    const char *reason = json_string_value(json_object_get(body, "reason"));
    ward_err err = {0};
    int rc = !strcmp(status, "rejected") && (!reason || !*reason)
                 ? ward_err_set(&err, WARD_EUSAGE, "a rejection needs a \"reason\"")
                 : ward_draft_review(srv_store(r), id, status, r->who.user, NULL, &err);
    int arc = audit_review(r, !strcmp(status, "approved") ? "draft_approve" : "draft_reject",
                           json_string_value(json_object_get(d, "patient_id")), id, rc, reason);
    json_decref(d);
    json_decref(body);
    review_answer(r, id, rc, &err, arc, "already-reviewed");
}

void srv_draft_approve(srv_req *r) { review(r, "approved"); }
void srv_draft_reject(srv_req *r) { review(r, "rejected"); }

/* {"text": "...", "base_version": N}: N, when given, must be the latest
 * version (the one the editor saw), else 409 edit-conflict. */
void srv_draft_edit(srv_req *r)
{
    if (!srv_may(r, "approve")) return;
    json_t *body = srv_body_json(r);
    if (!body) return;
    json_t *bv = json_object_get(body, "base_version");
    const char *text = json_string_value(json_object_get(body, "text"));
    if ((bv && (!json_is_integer(bv) || json_integer_value(bv) < 1)) || !text || !*text) {
        srv_problem(r, 400, "bad-request", "An edit takes {\"text\": \"...\"} and optionally a positive "
                                           "\"base_version\".");
        json_decref(body);
        return;
    }
    int64_t id;
    json_t *d = visible_draft(r, &id);
    if (!d) {
        json_decref(body);
        return;
    }
    int base = bv ? (int)json_integer_value(bv) : 0, version = 0;
    ward_err err = {0};
    int rc = ward_draft_edit(srv_store(r), id, r->who.user, text, base, &version, &err);
    int arc = audit_review(r, "draft_edit", json_string_value(json_object_get(d, "patient_id")), id, rc, NULL);
    json_decref(d);
    json_decref(body);
    review_answer(r, id, rc, &err, arc, base && version != base ? "edit-conflict" : "already-reviewed");
}

/* Every version of the draft's text, each after the first with its diff
 * from the one before. */
void srv_draft_versions(srv_req *r)
{
    if (!srv_may(r, "read_phi")) return;
    int64_t id;
    json_t *d = visible_draft(r, &id);
    if (!d) return;
    json_t *versions;
    ward_err err = {0};
    if (ward_draft_versions(srv_store(r), id, &versions, &err)) {
        json_decref(d);
        srv_problem_err(r, &err);
        return;
    }
    ward_draft_versions_diff(versions);
    char res[48];
    snprintf(res, sizeof res, "[\"draft:%lld\"]", (long long)id);
    if (srv_audit(r, "draft_versions", json_string_value(json_object_get(d, "patient_id")), res, "ok"))
        json_decref(versions);
    else
        srv_json(r, 200, json_pack("{s:I, s:O, s:o}", "draft_id", (json_int_t)id, "status",
                                   json_object_get(d, "status"), "versions", versions));
    json_decref(d);
}
