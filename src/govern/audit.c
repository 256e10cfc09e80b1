/* audit.c — the hash-chained audit log.
 *
 * hash = BLAKE2b(prev_hash | ts | actor | role | action | patient | resources
 * | outcome), fields separated by 0x1f. The first event's prev_hash is 64
 * zeros. Appends read the last hash and insert inside one IMMEDIATE
 * transaction, so two writers cannot fork the chain.
 */
#include "ward/govern.h"

#include <stdlib.h>
#include <string.h>

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

const char *ward_audit_actor(void)
{
    const char *u = getenv("WARD_USER");
    if (!u || !*u) u = getenv("USER");
    return u && *u ? u : "unknown";
}

const char *ward_audit_role(void)
{
    const char *r = getenv("WARD_ROLE");
    return r && *r ? r : "clinician";
}

static void event_hash(const char *prev, const char *ts, const ward_audit_event *e, char out[65])
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", prev, ts, e->actor, e->role,
                    e->action, e->patient_id ? e->patient_id : "", e->resources ? e->resources : "",
                    e->outcome);
    ward_hash_hex(b.data, b.len, out);
    ward_buf_free(&b);
}

int ward_audit_log(ward_store *st, const ward_audit_event *e, ward_err *err)
{
    int own = sqlite3_get_autocommit(ward_store_db(st));
    if (own && ward_store_begin(st, err)) return WARD_EIO;
    char prev[65] = "", ts[40] = "", hash[65];
    sqlite3_stmt *s = ward_store_cached(st,
        "SELECT (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),"
        " strftime('%Y-%m-%dT%H:%M:%fZ','now')", err);
    int rc = s ? WARD_OK : WARD_EIO;
    if (!rc && sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_text(s, 0);
        snprintf(prev, sizeof prev, "%s", p ? (const char *)p : GENESIS);
        snprintf(ts, sizeof ts, "%s", (const char *)sqlite3_column_text(s, 1));
    }
    if (s) sqlite3_reset(s);
    if (!rc) {
        event_hash(prev, ts, e, hash);
        s = ward_store_cached(st,
            "INSERT INTO audit(ts,actor,role,action,patient_id,resources,outcome,prev_hash,hash)"
            " VALUES(?,?,?,?,?,?,?,?,?)", err);
        if (!s) rc = WARD_EIO;
    }
    if (!rc) {
        const char *v[] = {ts, e->actor, e->role, e->action, e->patient_id, e->resources, e->outcome, prev, hash};
        for (int i = 0; i < 9; i++)
            if (v[i]) sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = ward_err_set(err, WARD_EIO, "audit: %s", sqlite3_errmsg(ward_store_db(st)));
        sqlite3_reset(s);
    }
    if (own) {
        if (rc) ward_store_rollback(st);
        else rc = ward_store_commit(st, err);
    }
    return rc;
}

static const char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : NULL;
}

int ward_audit_verify(ward_store *st, long *n, ward_err *err)
{
    *n = 0;
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT id, ts, actor, role, action, patient_id, resources, outcome, prev_hash, hash"
        " FROM audit ORDER BY id", err);
    if (!s) return WARD_EIO;
    char prev[65];
    memcpy(prev, GENESIS, sizeof prev);
    int rc = WARD_OK;
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        ward_audit_event e = {col(s, 2), col(s, 3), col(s, 4), col(s, 5), col(s, 6), col(s, 7)};
        char want[65];
        if (!e.actor || !e.role || !e.action || !e.outcome || !col(s, 1) || !col(s, 8) || !col(s, 9)) {
            rc = ward_err_set(err, WARD_EINPUT, "audit event %lld has missing fields", sqlite3_column_int64(s, 0));
            break;
        }
        event_hash(prev, col(s, 1), &e, want);
        if (strcmp(col(s, 8), prev) || strcmp(col(s, 9), want))
            rc = ward_err_set(err, WARD_EINPUT,
                              "audit chain broken at event %lld: it or an earlier event was altered or removed",
                              sqlite3_column_int64(s, 0));
        memcpy(prev, col(s, 9), sizeof prev);
        (*n)++;
    }
    sqlite3_finalize(s);
    return rc;
}
