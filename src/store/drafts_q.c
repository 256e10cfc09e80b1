/* drafts_q.c — the drafts table: every task output is stored as a draft
 * and reviewed (draft -> approved, rejected or edited).
 *
 * Approval and rejection are one UPDATE guarded by status = 'draft', so two
 * reviewers racing cannot both win: the second changes no row and is told
 * so. An edit appends a version to draft_versions (version 1, the
 * generated text, is written by a trigger when the draft is added) and may
 * follow another edit or an approval (an amendment); it runs in one
 * IMMEDIATE transaction, so versions are numbered without gaps, and an
 * editor who names the version they edited (base_version) learns when
 * someone else's edit came first.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int ward_store_draft_add(ward_store *st, const ward_draft_row *d, int64_t *id, ward_err *err)
{
    *id = 0;
    store_stmt *s = store_cached(st,
        "INSERT INTO drafts(task, patient_id, inputs, output, citations, backend, model, prompt_hash,"
        " verification, status) VALUES(?,?,?,?,?,?,?,?,?,'draft')", err);
    if (!s) return WARD_EIO;
    const char *v[] = {d->task, d->patient_id, d->inputs, d->output, d->citations, d->backend, d->model,
                       d->prompt_hash, d->verification};
    for (int i = 0; i < 9; i++)
        if (v[i]) store_bind_text(s, i + 1, v[i]);
    int rc = WARD_OK;
    if (store_step(s) != STORE_DONE) rc = store_fail(st, err);
    else *id = store_last_id(st);
    store_reset(s);
    return rc;
}

#define DRAFT_COLS "id, task, patient_id, inputs, output, citations, backend, model, prompt_hash," \
                   " verification, status, reviewer, final_text, created_at, updated_at"

static int each_row(ward_store *st, store_stmt *s, ward_draft_fn fn, void *ud, int *rows, ward_err *err)
{
    int step = STORE_DONE, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) {
        const char *c[15];
        for (int i = 1; i < 15; i++) c[i] = store_text(s, i);
        ward_draft_row d = {store_int64(s, 0), c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
                            c[9], c[10], c[11], c[12], c[13], c[14]};
        (*rows)++;
        stop = fn(ud, &d);
    }
    return store_finish(st, s, step, stop, err);
}

int ward_store_drafts_each(ward_store *st, const char *patient, const char *task, const char *status,
                           int limit, ward_draft_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT " DRAFT_COLS " FROM drafts WHERE (?1 IS NULL OR patient_id = ?1) AND (?2 IS NULL OR task = ?2)"
        " AND (?3 IS NULL OR status = ?3) ORDER BY id DESC LIMIT ?4", err);
    if (!s) return WARD_EIO;
    if (patient) store_bind_text(s, 1, patient);
    if (task) store_bind_text(s, 2, task);
    if (status) store_bind_text(s, 3, status);
    store_bind_int64(s, 4, limit);
    int rows = 0;
    return each_row(st, s, fn, ud, &rows, err);
}

int ward_store_draft_read(ward_store *st, int64_t id, ward_draft_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT " DRAFT_COLS " FROM drafts WHERE id = ?", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    int rows = 0, rc = each_row(st, s, fn, ud, &rows, err);
    if (!rc && !rows) rc = ward_err_set(err, WARD_ENOTFOUND, "no draft %lld (see ward drafts)", (long long)id);
    return rc;
}

int ward_store_draft_set_review(ward_store *st, int64_t id, const char *status, const char *reviewer,
                                const char *final_text, int *changed, ward_err *err)
{
    *changed = 0;
    store_stmt *s = store_prepare(st,
        "UPDATE drafts SET status = ?2, reviewer = ?3,"
        " final_text = CASE ?2 WHEN 'edited' THEN ?4 WHEN 'approved' THEN output ELSE NULL END,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1 AND status = 'draft'", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    store_bind_text(s, 2, status);
    store_bind_text(s, 3, reviewer);
    if (final_text) store_bind_text(s, 4, final_text);
    int rc = WARD_OK;
    if (store_step(s) != STORE_DONE) rc = store_fail(st, err);
    else *changed = store_changes(st) > 0;
    store_finalize(s);
    return rc;
}

/* ---- versions (schema version 6) ---- */

int ward_store_draft_versions_each(ward_store *st, int64_t id, ward_draft_version_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT version, kind, author, text, created_at FROM draft_versions WHERE draft_id = ? ORDER BY version", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    int step, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) {
        ward_draft_version_row v = {store_int(s, 0), store_text(s, 1), store_text(s, 2), store_text(s, 3),
                                    store_text(s, 4)};
        stop = fn(ud, &v);
    }
    return store_finish(st, s, step, stop, err);
}

/* The draft's status (malloc'd) and latest version, inside the edit's transaction. */
static int edit_state(ward_store *st, int64_t id, char **status, int *latest, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT status, (SELECT coalesce(max(version), 0) FROM draft_versions WHERE draft_id = ?1)"
        " FROM drafts WHERE id = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    int step = store_step(s);
    if (step == STORE_ROW) {
        *status = store_col_dup(s, 0);
        *latest = store_int(s, 1);
    }
    int rc = store_finish(st, s, step == STORE_ROW ? STORE_DONE : step, 0, err);
    if (!rc && step != STORE_ROW) rc = ward_err_set(err, WARD_ENOTFOUND, "no draft %lld (see ward drafts)", (long long)id);
    return rc;
}

static int edit_write(ward_store *st, int64_t id, const char *editor, const char *text, int version, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "INSERT INTO draft_versions(draft_id, version, kind, author, text) VALUES(?, ?, 'edit', ?, ?)", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    store_bind_int64(s, 2, version);
    store_bind_text(s, 3, editor);
    store_bind_text(s, 4, text);
    int rc = store_step_done(st, s, err);
    if (rc) return rc;
    s = store_cached(st,
        "UPDATE drafts SET status = 'edited', reviewer = ?2, final_text = ?3,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    store_bind_text(s, 2, editor);
    store_bind_text(s, 3, text);
    return store_step_done(st, s, err);
}

int ward_store_draft_edit(ward_store *st, int64_t id, const char *editor, const char *text, int base_version,
                          int *version, ward_err *err)
{
    *version = 0;
    int rc = ward_store_begin(st, err);
    if (rc) return rc;
    char *status = NULL;
    int latest = 0;
    rc = edit_state(st, id, &status, &latest, err);
    if (!rc && status && !strcmp(status, "rejected"))
        rc = ward_err_set(err, WARD_EINPUT, "draft %lld was rejected; a rejected draft is not edited", (long long)id);
    else if (!rc && base_version > 0 && base_version != latest)
        rc = ward_err_set(err, WARD_EINPUT, "draft %lld is at version %d, not %d: another edit came first",
                          (long long)id, latest, base_version);
    if (!rc) rc = edit_write(st, id, editor, text, latest + 1, err);
    if (!rc) rc = ward_store_commit(st, err);
    if (rc) ward_store_rollback(st);
    *version = rc ? latest : latest + 1;
    free(status);
    return rc;
}
