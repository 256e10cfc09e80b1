/* auth.c — who is asking: bearer tokens, password logins and sessions.
 *
 * Ideas a reader needs:
 *  - Secrets are looked up by their keyed hash (keys.c); every way a token
 *    or session can be wrong gives the same WARD_EDENIED message, so the
 *    answer tells an attacker nothing about which part failed.
 *  - Logins: Argon2id verification; `login_max_failures` failures in a row
 *    lock the user for `login_lockout`. An unknown user costs the same
 *    hash as a known one. Every failure is audited.
 *  - Sessions end after `session_idle` without a request (automatic
 *    logoff); the end is audited when it is noticed.
 *  - The clock is read once per call; writes (last use) are skipped when
 *    nothing changed, so the hot path of a busy server only reads.
 */
#include "govern_int.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

static const char DENIED[] = "not authenticated: unknown, expired or revoked credentials";

static int audit_auth(ward_store *st, const char *user, const char *role, const char *action,
                      const char *outcome, const char *reason, const char *client, ward_err *err)
{
    ward_audit_event e = {user, role, action, NULL, NULL, outcome, reason, client, NULL, NULL};
    return ward_audit_log(st, &e, err);
}

int ward_auth_token(ward_store *st, const char *bearer, ward_principal *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    if (bearer && !strncmp(bearer, "Bearer ", 7)) bearer += 7;
    if (!bearer || strlen(bearer) != 69 || strncmp(bearer, "ward_", 5)) return ward_err_set(err, WARD_EDENIED, DENIED);
    char hash[65];
    int rc = gov_secret_hash(st, bearer, hash, err);
    if (rc) return rc;
    ward_token_row t;
    ward_user_row u;
    ward_err e2 = {0};
    rc = ward_store_token_find(st, hash, &t, &e2);
    if (rc == WARD_ENOTFOUND) return ward_err_set(err, WARD_EDENIED, DENIED);
    if (!rc) rc = ward_store_user_get(st, NULL, t.user_id, &u, &e2);
    if (rc) {
        *err = e2;
        return rc;
    }
    sodium_memzero(u.password, sizeof u.password);
    int64_t now = gov_now();
    if (t.revoked_at || (t.expires_at && t.expires_at <= now) || u.disabled)
        return ward_err_set(err, WARD_EDENIED, DENIED);
    if (now - t.last_used_at > 60 && (rc = ward_store_token_touch(st, t.id, now, err))) return rc;
    gov_principal_from_user(out, &u);
    out->token_id = t.id;
    snprintf(out->scopes, sizeof out->scopes, "%s", t.scopes);
    out->token_limits = (ward_limits){t.rpm, t.tokens_per_day, t.concurrent};
    out->token_expires_at = t.expires_at;
    return WARD_OK;
}

/* A valid Argon2id string to verify against when the user is unknown, so
 * that answering takes as long as for a real user. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static void make_dummy(void)
{
    char pw[33];
    gov_random_hex(pw, 16);
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE))
        dummy_hash[0] = 0;
}

/* Records one failed attempt on u: counts it, and locks u at the limit. */
static int count_failure(ward_store *st, ward_user_row *u, int64_t now, ward_err *err)
{
    const char *dir = ward_store_dir(st);
    int64_t max = gov_config_seconds(dir, "login_max_failures", 5);
    if (++u->failed_logins >= max) {
        u->locked_until = now + gov_config_seconds(dir, "login_lockout", 15 * 60);
        u->failed_logins = 0;
    }
    return ward_store_user_update(st, u, err);
}

int ward_auth_login(ward_store *st, const char *user, const char *password, const char *client_addr,
                    char session_id[65], char csrf[65], ward_err *err)
{
    session_id[0] = csrf[0] = 0;
    if (!user || !password) return ward_err_set(err, WARD_EUSAGE, "give a user name and a password");
    char name[64];
    snprintf(name, sizeof name, "%s", user);
    ward_user_row u;
    ward_err e2 = {0};
    int64_t now = gov_now();
    int rc = ward_store_user_get(st, name, 0, &u, &e2);
    if (rc && rc != WARD_ENOTFOUND) {
        *err = e2;
        return rc;
    }
    const char *why = NULL;
    if (rc == WARD_ENOTFOUND) {
        static pthread_once_t once = PTHREAD_ONCE_INIT;
        pthread_once(&once, make_dummy);
        if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0) why = "unknown user";
        why = "unknown user";
    } else if (u.locked_until > now) {
        why = "locked out";
    } else if (u.disabled) {
        why = "disabled";
    } else if (!*u.password || crypto_pwhash_str_verify(u.password, password, strlen(password))) {
        why = "wrong password";
        if ((rc = count_failure(st, &u, now, err))) return rc;
    }
    if (why) {
        sodium_memzero(u.password, sizeof u.password);
        if ((rc = audit_auth(st, name, rc == WARD_ENOTFOUND ? "-" : u.role, "login", "denied", why, client_addr, err)))
            return rc;
        if (!strcmp(why, "locked out"))
            return ward_err_set(err, WARD_EDENIED, "too many failed logins: try again later");
        return ward_err_set(err, WARD_EDENIED, "wrong user name or password");
    }
    if (u.failed_logins || u.locked_until) {
        u.failed_logins = 0, u.locked_until = 0;
        if ((rc = ward_store_user_update(st, &u, err))) return rc;
    }
    sodium_memzero(u.password, sizeof u.password);
    ward_session_row s = {u.id, now, now, ""};
    gov_random_hex(session_id, 32);
    gov_random_hex(s.csrf, 32);
    char hash[65];
    rc = gov_secret_hash(st, session_id, hash, err);
    if (!rc) rc = ward_store_session_add(st, hash, &s, client_addr, err);
    if (!rc) rc = audit_auth(st, u.name, u.role, "login", "ok", NULL, client_addr, err);
    if (rc) {
        session_id[0] = 0;
        return rc;
    }
    memcpy(csrf, s.csrf, 65);
    return WARD_OK;
}

int ward_auth_session(ward_store *st, const char *session_id, ward_principal *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    if (!session_id || strlen(session_id) != 64) return ward_err_set(err, WARD_EDENIED, DENIED);
    char hash[65];
    int rc = gov_secret_hash(st, session_id, hash, err);
    if (rc) return rc;
    ward_session_row s;
    ward_user_row u;
    ward_err e2 = {0};
    rc = ward_store_session_get(st, hash, &s, &e2);
    if (rc == WARD_ENOTFOUND) return ward_err_set(err, WARD_EDENIED, DENIED);
    if (!rc) rc = ward_store_user_get(st, NULL, s.user_id, &u, &e2);
    if (rc) {
        *err = e2;
        return rc;
    }
    sodium_memzero(u.password, sizeof u.password);
    int64_t now = gov_now();
    if (now - s.last_seen > gov_config_seconds(ward_store_dir(st), "session_idle", 15 * 60)) {
        /* Automatic logoff: the session is gone, and so recorded. */
        if (!ward_store_session_delete(st, hash, err) &&
            (rc = audit_auth(st, u.name, u.role, "logout", "timeout", "idle", NULL, err)))
            return rc;
        return ward_err_set(err, WARD_EDENIED, DENIED);
    }
    if (u.disabled) return ward_err_set(err, WARD_EDENIED, DENIED);
    if (now > s.last_seen && (rc = ward_store_session_touch(st, hash, now, err))) return rc;
    gov_principal_from_user(out, &u);
    memcpy(out->csrf, s.csrf, sizeof out->csrf);
    return WARD_OK;
}

void ward_auth_logout(ward_store *st, const char *session_id)
{
    char hash[65];
    ward_session_row s;
    ward_user_row u;
    ward_err err = {0};
    if (!session_id || gov_secret_hash(st, session_id, hash, &err) || ward_store_session_get(st, hash, &s, &err))
        return;
    ward_store_session_delete(st, hash, &err);
    if (!ward_store_user_get(st, NULL, s.user_id, &u, &err)) {
        sodium_memzero(u.password, sizeof u.password);
        audit_auth(st, u.name, u.role, "logout", "ok", NULL, NULL, &err);
    }
}

int ward_auth_csrf_ok(const ward_principal *p, const char *csrf)
{
    return p && csrf && p->csrf[0] && gov_str_eq(p->csrf, csrf);
}
