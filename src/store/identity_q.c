/* identity_q.c — the identity tables and the audit log, as plain reads and
 * writes: users, tokens, sessions, care teams, break-the-glass grants and
 * audit rows (schema version 4).
 *
 * Nothing here decides anything: hashing, expiry, lockout, scope and the
 * audit chain's MAC are src/govern's. Rows come back in fixed-size structs
 * (names and ids are short) so callers need not free them.
 */
#include "store_int.h"

#include <string.h>

static void copy(char *dst, size_t n, store_stmt *s, int i)
{
    snprintf(dst, n, "%s", store_text(s, i) ? store_text(s, i) : "");
}

static void bind_opt(store_stmt *s, int i, const char *v)
{
    if (v && *v) store_bind_text(s, i, v);
    else store_bind_null(s, i);
}

/* Steps a write statement to its end and resets it. */
static int run_write(ward_store *st, store_stmt *s, ward_err *err)
{
    int rc = store_step(s) == STORE_DONE ? WARD_OK : store_fail(st, err);
    store_reset(s);
    return rc;
}

/* Steps a one-off write statement to its end and finalizes it. */
static int run_once(ward_store *st, store_stmt *s, ward_err *err)
{
    int rc = store_step(s) == STORE_DONE ? WARD_OK : store_fail(st, err);
    store_finalize(s);
    return rc;
}

/* ---- users ---- */

#define USER_COLS "id, name, role, patient_id, password, disabled, rpm, tokens_per_day, concurrent," \
                  " failed_logins, locked_until, created_at"

static void user_row(store_stmt *s, ward_user_row *u)
{
    memset(u, 0, sizeof *u);
    u->id = store_int64(s, 0);
    copy(u->name, sizeof u->name, s, 1);
    copy(u->role, sizeof u->role, s, 2);
    copy(u->patient_id, sizeof u->patient_id, s, 3);
    copy(u->password, sizeof u->password, s, 4);
    u->disabled = store_int(s, 5);
    u->rpm = store_int(s, 6);
    u->tokens_per_day = store_int(s, 7);
    u->concurrent = store_int(s, 8);
    u->failed_logins = store_int(s, 9);
    u->locked_until = store_int64(s, 10);
    u->created_at = store_int64(s, 11);
}

int ward_store_user_add(ward_store *st, const ward_user_row *u, int64_t *id, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "INSERT INTO users(name, role, patient_id, password, rpm, tokens_per_day, concurrent)"
        " VALUES(?,?,?,?,?,?,?)", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, u->name);
    store_bind_text(s, 2, u->role);
    bind_opt(s, 3, u->patient_id);
    bind_opt(s, 4, u->password);
    store_bind_int64(s, 5, u->rpm);
    store_bind_int64(s, 6, u->tokens_per_day);
    store_bind_int64(s, 7, u->concurrent);
    int rc = store_step(s);
    if (rc == STORE_DONE) rc = WARD_OK;
    else
        rc = store_unique_violation(st) ? ward_err_set(err, WARD_EINPUT, "a user with that name already exists")
                                            : store_fail(st, err);
    store_finalize(s);
    if (rc) return rc;
    if (id) *id = store_last_id(st);
    return WARD_OK;
}

int ward_store_user_get(ward_store *st, const char *name, int64_t id, ward_user_row *out, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT " USER_COLS " FROM users WHERE (?1 IS NOT NULL AND name = ?1) OR id = ?2", err);
    if (!s) return WARD_EIO;
    if (name) store_bind_text(s, 1, name);
    store_bind_int64(s, 2, name ? -1 : id);
    int rc = store_step(s);
    if (rc == STORE_ROW) user_row(s, out);
    store_reset(s);
    if (rc == STORE_ROW) return WARD_OK;
    if (rc != STORE_DONE) return store_fail(st, err);
    return ward_err_set(err, WARD_ENOTFOUND, "no such user (see ward users list)");
}

int ward_store_user_each(ward_store *st, ward_user_row_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT " USER_COLS " FROM users ORDER BY name", err);
    if (!s) return WARD_EIO;
    ward_user_row u;
    while (store_step(s) == STORE_ROW) {
        user_row(s, &u);
        if (fn(ud, &u)) break;
    }
    store_finalize(s);
    return WARD_OK;
}

int ward_store_user_update(ward_store *st, const ward_user_row *u, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "UPDATE users SET password=?2, disabled=?3, rpm=?4, tokens_per_day=?5, concurrent=?6,"
        " failed_logins=?7, locked_until=?8 WHERE id=?1", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, u->id);
    bind_opt(s, 2, u->password);
    store_bind_int64(s, 3, u->disabled);
    store_bind_int64(s, 4, u->rpm);
    store_bind_int64(s, 5, u->tokens_per_day);
    store_bind_int64(s, 6, u->concurrent);
    store_bind_int64(s, 7, u->failed_logins);
    store_bind_int64(s, 8, u->locked_until);
    return run_once(st, s, err);
}

/* ---- tokens ---- */

#define TOKEN_COLS "t.id, t.user_id, t.expires_at, t.revoked_at, t.created_at, t.last_used_at, u.name," \
                   " t.scopes, t.rpm, t.tokens_per_day, t.concurrent FROM tokens t JOIN users u ON u.id = t.user_id"

static void token_row(store_stmt *s, ward_token_row *t)
{
    memset(t, 0, sizeof *t);
    t->id = store_int64(s, 0);
    t->user_id = store_int64(s, 1);
    t->expires_at = store_int64(s, 2);
    t->revoked_at = store_int64(s, 3);
    t->created_at = store_int64(s, 4);
    t->last_used_at = store_int64(s, 5);
    copy(t->user, sizeof t->user, s, 6);
    copy(t->scopes, sizeof t->scopes, s, 7);
    t->rpm = store_int(s, 8);
    t->tokens_per_day = store_int(s, 9);
    t->concurrent = store_int(s, 10);
}

int ward_store_token_add(ward_store *st, const ward_token_row *t, const char *hash, int64_t *id,
                         ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "INSERT INTO tokens(user_id, hash, scopes, expires_at, rpm, tokens_per_day, concurrent)"
        " VALUES(?,?,?,?,?,?,?)", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, t->user_id);
    store_bind_text(s, 2, hash);
    store_bind_text(s, 3, t->scopes);
    store_bind_int64(s, 4, t->expires_at);
    store_bind_int64(s, 5, t->rpm);
    store_bind_int64(s, 6, t->tokens_per_day);
    store_bind_int64(s, 7, t->concurrent);
    int rc = run_once(st, s, err);
    if (!rc && id) *id = store_last_id(st);
    return rc;
}

int ward_store_token_find(ward_store *st, const char *hash, ward_token_row *out, ward_err *err)
{
    store_stmt *s = store_cached(st, "SELECT " TOKEN_COLS " WHERE t.hash = ?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    int rc = store_step(s);
    if (rc == STORE_ROW) token_row(s, out);
    store_reset(s);
    if (rc == STORE_ROW) return WARD_OK;
    if (rc != STORE_DONE) return store_fail(st, err);
    return ward_err_set(err, WARD_ENOTFOUND, "no such token");
}

int ward_store_token_revoke(ward_store *st, int64_t id, int64_t now, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = 0", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    store_bind_int64(s, 2, now);
    int rc = run_once(st, s, err);
    if (!rc && !store_changes(st))
        return ward_err_set(err, WARD_ENOTFOUND, "no active token %lld (see ward tokens list)", (long long)id);
    return rc;
}

int ward_store_token_touch(ward_store *st, int64_t id, int64_t now, ward_err *err)
{
    /* At most one write a minute per token: the server reads far more often. */
    store_stmt *s = store_cached(st,
        "UPDATE tokens SET last_used_at = ?2 WHERE id = ?1 AND last_used_at < ?2 - 60", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    store_bind_int64(s, 2, now);
    return run_write(st, s, err);
}

int ward_store_token_each(ward_store *st, ward_token_row_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT " TOKEN_COLS " ORDER BY t.id", err);
    if (!s) return WARD_EIO;
    ward_token_row t;
    while (store_step(s) == STORE_ROW) {
        token_row(s, &t);
        if (fn(ud, &t)) break;
    }
    store_finalize(s);
    return WARD_OK;
}

/* ---- sessions ---- */

int ward_store_session_add(ward_store *st, const char *hash, const ward_session_row *r,
                           const char *client_addr, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "INSERT INTO sessions(hash, user_id, csrf, client_addr, created_at, last_seen) VALUES(?,?,?,?,?,?)", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    store_bind_int64(s, 2, r->user_id);
    store_bind_text(s, 3, r->csrf);
    bind_opt(s, 4, client_addr);
    store_bind_int64(s, 5, r->created_at);
    store_bind_int64(s, 6, r->last_seen);
    return run_once(st, s, err);
}

int ward_store_session_get(ward_store *st, const char *hash, ward_session_row *out, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT user_id, created_at, last_seen, csrf FROM sessions WHERE hash = ?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        out->user_id = store_int64(s, 0);
        out->created_at = store_int64(s, 1);
        out->last_seen = store_int64(s, 2);
        copy(out->csrf, sizeof out->csrf, s, 3);
    }
    store_reset(s);
    if (rc == STORE_ROW) return WARD_OK;
    if (rc != STORE_DONE) return store_fail(st, err);
    return ward_err_set(err, WARD_ENOTFOUND, "no such session");
}

int ward_store_session_touch(ward_store *st, const char *hash, int64_t now, ward_err *err)
{
    store_stmt *s = store_cached(st, "UPDATE sessions SET last_seen = ?2 WHERE hash = ?1", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    store_bind_int64(s, 2, now);
    return run_write(st, s, err);
}

int ward_store_session_delete(ward_store *st, const char *hash, ward_err *err)
{
    store_stmt *s = store_prepare(st, "DELETE FROM sessions WHERE hash = ?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, hash);
    return run_once(st, s, err);
}

/* ---- care teams and break-the-glass ---- */

int ward_store_care_add(ward_store *st, int64_t user_id, const char *patient_id, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "INSERT OR IGNORE INTO care_team(user_id, patient_id) VALUES(?,?)", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, user_id);
    store_bind_text(s, 2, patient_id);
    return run_once(st, s, err);
}

int ward_store_care_remove(ward_store *st, int64_t user_id, const char *patient_id, ward_err *err)
{
    store_stmt *s = store_prepare(st, "DELETE FROM care_team WHERE user_id = ? AND patient_id = ?", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, user_id);
    store_bind_text(s, 2, patient_id);
    int rc = run_once(st, s, err);
    if (!rc && !store_changes(st))
        return ward_err_set(err, WARD_ENOTFOUND, "that patient is not on that user's care team");
    return rc;
}

int ward_store_care_each(ward_store *st, int64_t user_id, ward_care_row_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT u.name, c.patient_id, c.added_at FROM care_team c JOIN users u ON u.id = c.user_id"
        " WHERE ?1 = 0 OR c.user_id = ?1 ORDER BY u.name, c.patient_id", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, user_id);
    while (store_step(s) == STORE_ROW)
        if (fn(ud, store_text(s, 0), store_text(s, 1), store_int64(s, 2))) break;
    store_finalize(s);
    return WARD_OK;
}

int ward_store_care_or_btg(ward_store *st, int64_t user_id, const char *patient_id, int64_t now, int *yes,
                           ward_err *err)
{
    *yes = 0;
    store_stmt *s = store_cached(st,
        "SELECT EXISTS(SELECT 1 FROM care_team WHERE user_id = ?1 AND patient_id = ?2)"
        " OR EXISTS(SELECT 1 FROM btg WHERE user_id = ?1 AND patient_id = ?2"
        "           AND started_at <= ?3 AND expires_at > ?3 AND ended_at = 0)", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, user_id);
    store_bind_text(s, 2, patient_id);
    store_bind_int64(s, 3, now);
    int step = store_step(s);
    if (step != STORE_ROW) {
        int rc = store_fail(st, err);
        store_reset(s);
        return rc;
    }
    *yes = store_int(s, 0) != 0;
    store_reset(s);
    return WARD_OK;
}

int ward_store_scope_patients(ward_store *st, int64_t user_id, int64_t now,
                              int (*fn)(void *ud, const char *patient_id), void *ud, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT patient_id FROM care_team WHERE user_id = ?1 UNION"
        " SELECT patient_id FROM btg WHERE user_id = ?1 AND started_at <= ?2 AND expires_at > ?2"
        " AND ended_at = 0", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, user_id);
    store_bind_int64(s, 2, now);
    while (store_step(s) == STORE_ROW)
        if (fn(ud, store_text(s, 0))) break;
    store_reset(s);
    return WARD_OK;
}

int ward_store_btg_add(ward_store *st, const ward_btg_row *g, int64_t *id, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "INSERT INTO btg(user_id, patient_id, reason, started_at, expires_at) VALUES(?,?,?,?,?)", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, g->user_id);
    store_bind_text(s, 2, g->patient_id);
    store_bind_text(s, 3, g->reason);
    store_bind_int64(s, 4, g->started_at);
    store_bind_int64(s, 5, g->expires_at);
    int rc = run_once(st, s, err);
    if (!rc && id) *id = store_last_id(st);
    return rc;
}

int ward_store_btg_each(ward_store *st, int due, int64_t now, ward_btg_row_fn fn, void *ud, ward_err *err)
{
    /* Cached: every scope check of a clinician sweeps for ended grants. */
    store_stmt *s = store_cached(st,
        "SELECT g.id, g.user_id, g.started_at, g.expires_at, g.ended_at, u.name, g.patient_id, g.reason"
        " FROM btg g JOIN users u ON u.id = g.user_id"
        " WHERE ?1 = 0 OR (g.ended_at = 0 AND g.expires_at <= ?2)"
        " ORDER BY CASE WHEN ?1 THEN g.id ELSE -g.id END", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, due);
    store_bind_int64(s, 2, now);
    ward_btg_row g;
    int stop = 0;
    while (!stop && store_step(s) == STORE_ROW) {
        memset(&g, 0, sizeof g);
        g.id = store_int64(s, 0);
        g.user_id = store_int64(s, 1);
        g.started_at = store_int64(s, 2);
        g.expires_at = store_int64(s, 3);
        g.ended_at = store_int64(s, 4);
        copy(g.user, sizeof g.user, s, 5);
        copy(g.patient_id, sizeof g.patient_id, s, 6);
        copy(g.reason, sizeof g.reason, s, 7);
        stop = fn(ud, &g);
    }
    store_reset(s);
    return WARD_OK;
}

int ward_store_btg_mark_ended(ward_store *st, int64_t id, int64_t at, ward_err *err)
{
    store_stmt *s = store_prepare(st, "UPDATE btg SET ended_at = ?2 WHERE id = ?1 AND ended_at = 0", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, id);
    store_bind_int64(s, 2, at);
    int rc = run_once(st, s, err);
    if (!rc && !store_changes(st))
        return ward_err_set(err, WARD_ENOTFOUND, "break-the-glass grant %lld already ended", (long long)id);
    return rc;
}

/* ---- audit ---- */

#define AUDIT_COLS "id, ts, actor, role, action, patient_id, resources, outcome, reason, client," \
                   " period_start, period_end, prev_hash, hash FROM audit"

int ward_store_audit_last(ward_store *st, int64_t *id, char hash[65], ward_err *err)
{
    /* Inside an append's transaction, every other writer of the database
     * waits here until it commits: one chain, never a fork. */
    if (st->eng->append_lock && ward_store_in_transaction(st)) {
        int rc = st->eng->append_lock(st, "ward.audit", err);
        if (rc) return rc;
    }
    store_stmt *s = store_cached(st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", err);
    if (!s) return WARD_EIO;
    *id = 0;
    hash[0] = 0;
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        *id = store_int64(s, 0);
        copy(hash, 65, s, 1);
    }
    store_reset(s);
    return rc == STORE_ROW || rc == STORE_DONE ? WARD_OK : store_fail(st, err);
}

int ward_store_audit_hash_at(ward_store *st, int64_t id, char hash[65], ward_err *err)
{
    store_stmt *s = store_cached(st, "SELECT hash FROM audit WHERE id = ?", err);
    if (!s) return WARD_EIO;
    hash[0] = 0;
    store_bind_int64(s, 1, id);
    int rc = store_step(s);
    if (rc == STORE_ROW) copy(hash, 65, s, 0);
    store_reset(s);
    return rc == STORE_ROW || rc == STORE_DONE ? WARD_OK : store_fail(st, err);
}

int ward_store_in_transaction(ward_store *st) { return st->eng->in_transaction(st); }

int ward_store_audit_insert(ward_store *st, const ward_audit_row *r, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "INSERT INTO audit(id, ts, actor, role, action, patient_id, resources, outcome, reason, client,"
        " period_start, period_end, prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, r->id);
    const char *v[] = {r->ts, r->actor, r->role, r->action, r->patient_id, r->resources, r->outcome,
                       r->reason, r->client, r->period_start, r->period_end, r->prev_hash, r->hash};
    for (int i = 0; i < 13; i++)
        if (v[i]) store_bind_text(s, i + 2, v[i]);
    return run_write(st, s, err);
}

static void audit_row(store_stmt *s, ward_audit_row *r)
{
    r->id = store_int64(s, 0);
    const char **f[] = {&r->ts, &r->actor, &r->role, &r->action, &r->patient_id, &r->resources, &r->outcome,
                        &r->reason, &r->client, &r->period_start, &r->period_end, &r->prev_hash, &r->hash};
    for (int i = 0; i < 13; i++) *f[i] = store_text(s, i + 1);
}

static int audit_walk(store_stmt *s, ward_audit_row_fn fn, void *ud)
{
    ward_audit_row r;
    int stop = 0;
    while (!stop && store_step(s) == STORE_ROW) {
        audit_row(s, &r);
        stop = fn(ud, &r);
    }
    store_finalize(s);
    return WARD_OK;
}

int ward_store_audit_each(ward_store *st, int64_t from, ward_audit_row_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT " AUDIT_COLS " WHERE id >= ? ORDER BY id", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, from);
    return audit_walk(s, fn, ud);
}

int ward_store_audit_recent(ward_store *st, const char *patient_id, long limit, ward_audit_row_fn fn,
                            void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT " AUDIT_COLS " WHERE ?1 IS NULL OR patient_id = ?1 ORDER BY id DESC LIMIT ?2", err);
    if (!s) return WARD_EIO;
    if (patient_id) store_bind_text(s, 1, patient_id);
    store_bind_int64(s, 2, limit);
    return audit_walk(s, fn, ud);
}
