/* drafts.c — every output is stored as a draft awaiting review.
 *
 * A draft keeps what is needed to judge and to reproduce it: the task and
 * its inputs, the output, the citations, which backend and model wrote it,
 * the hash of the prompt (or of the extractive plan), and the guard's
 * verification. Review moves a draft from "draft" to approved, rejected or
 * edited exactly once, recording the reviewer and the final text; the CLI
 * audits both.
 */
#include "orch.h"
#include "ward/govern.h"

#include <stdlib.h>
#include <string.h>

int orch_draft_save(orch_out *o, const char *task, const char *text, json_t *citations, int64_t *id,
                    ward_err *err)
{
    *id = 0;
    char *inputs = json_dumps(o->inputs, JSON_COMPACT | JSON_SORT_KEYS);
    char *cites = json_dumps(citations, JSON_COMPACT);
    char *ver = json_dumps(o->verification, JSON_COMPACT);
    sqlite3_stmt *s = ward_store_cached(o->st,
        "INSERT INTO drafts(task, patient_id, inputs, output, citations, backend, model, prompt_hash,"
        " verification, status) VALUES(?,?,?,?,?,?,?,?,?,'draft')", err);
    int rc = s ? WARD_OK : WARD_EIO;
    if (s) {
        const char *v[] = {task, o->req->patient_id, inputs, text, cites, o->backend, o->model,
                           o->prompt_hash[0] ? o->prompt_hash : NULL, ver};
        for (int i = 0; i < 9; i++)
            if (v[i]) sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = ward_err_set(err, WARD_EIO, "cannot store the draft: %s", sqlite3_errmsg(ward_store_db(o->st)));
        else
            *id = sqlite3_last_insert_rowid(ward_store_db(o->st));
        sqlite3_reset(s);
    }
    free(inputs), free(cites), free(ver);
    return rc;
}

static json_t *col_json(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    if (!t) return json_null();
    json_t *v = json_loads(t, 0, NULL);
    return v ? v : json_string(t);
}

static json_t *col_str(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? json_string(t) : json_null();
}

int ward_drafts_list(ward_store *st, const ward_draft_list_params *p, json_t **out, ward_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT id, task, patient_id, status, backend, model, created_at, reviewer,"
        " substr(output, 1, instr(output || char(10), char(10)) - 1)"
        " FROM drafts WHERE (?1 IS NULL OR patient_id = ?1) AND (?2 IS NULL OR task = ?2)"
        " AND (?3 IS NULL OR status = ?3) ORDER BY id DESC LIMIT ?4", err);
    if (!s) return WARD_EIO;
    if (p->patient_id) sqlite3_bind_text(s, 1, p->patient_id, -1, SQLITE_STATIC);
    if (p->task) sqlite3_bind_text(s, 2, p->task, -1, SQLITE_STATIC);
    if (p->status) sqlite3_bind_text(s, 3, p->status, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, p->limit > 0 ? p->limit : 50);
    json_t *list = json_array();
    static const char *keys[] = {"id", "task", "patient_id", "status", "backend", "model", "created_at",
                                 "reviewer", "first_line"};
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        json_t *d = json_object();
        json_object_set_new(d, "id", json_integer(sqlite3_column_int64(s, 0)));
        for (int i = 1; i < 9; i++) json_object_set_new(d, keys[i], col_str(s, i));
        json_array_append_new(list, d);
    }
    int rc = step == SQLITE_DONE ? WARD_OK : orch_db_err(st, err);
    sqlite3_finalize(s);
    if (rc) {
        json_decref(list);
        ward_err_prefix(err, "cannot list the drafts");
        return rc;
    }
    *out = list;
    return WARD_OK;
}

int ward_draft_get(ward_store *st, int64_t id, json_t **out, ward_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT id, task, patient_id, inputs, output, citations, backend, model, prompt_hash,"
        " verification, status, reviewer, final_text, created_at, updated_at FROM drafts WHERE id = ?", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_int64(s, 1, id);
    int rc = WARD_OK, step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        static const char *keys[] = {"id", "task", "patient_id", "inputs", "output", "citations", "backend",
            "model", "prompt_hash", "verification", "status", "reviewer", "final_text", "created_at", "updated_at"};
        json_t *d = json_object();
        json_object_set_new(d, "id", json_integer(sqlite3_column_int64(s, 0)));
        for (int i = 1; i < 15; i++)
            json_object_set_new(d, keys[i], (i == 3 || i == 5 || i == 9) ? col_json(s, i) : col_str(s, i));
        *out = d;
    } else if (step == SQLITE_DONE) {
        rc = ward_err_set(err, WARD_ENOTFOUND, "no draft %lld (see ward drafts)", (long long)id);
    } else {
        rc = orch_db_err(st, err);
        ward_err_prefix(err, "cannot read draft %lld", (long long)id);
    }
    sqlite3_finalize(s);
    return rc;
}

int ward_draft_review(ward_store *st, int64_t id, const char *status, const char *reviewer,
                      const char *final_text, ward_err *err)
{
    if (strcmp(status, "approved") && strcmp(status, "rejected") && strcmp(status, "edited"))
        return ward_err_set(err, WARD_EUSAGE, "review status is approved, rejected or edited");
    if (!strcmp(status, "edited") && (!final_text || !*final_text))
        return ward_err_set(err, WARD_EUSAGE, "an edit needs the final text");
    sqlite3_stmt *s = ward_store_prepare(st,
        "UPDATE drafts SET status = ?2, reviewer = ?3,"
        " final_text = CASE ?2 WHEN 'edited' THEN ?4 WHEN 'approved' THEN output ELSE NULL END,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1 AND status = 'draft'", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, reviewer, -1, SQLITE_STATIC);
    if (final_text) sqlite3_bind_text(s, 4, final_text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s) == SQLITE_DONE ? WARD_OK
             : ward_err_set(err, WARD_EIO, "cannot update the draft: %s", sqlite3_errmsg(ward_store_db(st)));
    int changed = sqlite3_changes(ward_store_db(st));
    sqlite3_finalize(s);
    if (rc || changed) return rc;
    json_t *d;
    if ((rc = ward_draft_get(st, id, &d, err))) return rc;
    const char *cur = json_string_value(json_object_get(d, "status"));
    rc = ward_err_set(err, WARD_EINPUT, "draft %lld was already reviewed (status %s)", (long long)id, cur ? cur : "?");
    json_decref(d);
    return rc;
}
