/* auth.c — who is calling, what they may do, and the record of it.
 *
 * Identity comes from "Authorization: Bearer TOKEN" (API clients, OpenAI
 * SDKs) or from the `ward_session` cookie a login sets (the web workspace):
 * HttpOnly, SameSite=Strict, Secure under TLS. A session request that
 * changes state (any method but GET/HEAD) must echo the session's CSRF
 * token in X-CSRF-Token. govern decides everything (ward_auth_*,
 * ward_scope_*, ward_limits_*); this file only maps its answers to HTTP:
 * 401 no identity, 403 the role may not do this at all, 404 a patient
 * outside the caller's scope (exactly as for a missing one), 429 with
 * Retry-After past a limit.
 *
 * Bearer tokens are remembered: looking one up costs two queries, and an
 * API client sends the same token with every request. An entry is used
 * only while DATA/identity.stamp is unchanged (every revocation, disabling
 * or limit change made through ward rewrites it, so those apply to the
 * next request), the token has not expired (checked against the clock
 * each time), and for at most WARD_AUTH_CACHE_S seconds (the bound for
 * changes made around ward, such as another node's). Entries are keyed by
 * a keyed hash of the token (a random key per process): the token itself
 * is not kept. Refusals are never remembered.
 */
#include "server_int.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

/* ---- remembered bearer tokens ---- */

#define TOKEN_SLOTS 256

typedef struct token_slot {
    unsigned char id[32];                  /* keyed hash of the token; all zero: empty */
    char stamp[WARD_IDENTITY_STAMP_MAX];   /* identity stamp when it was looked up */
    double until;                          /* monotonic seconds: ask the store again after */
    ward_principal who;
} token_slot;

static token_slot slots[TOKEN_SLOTS];
static unsigned char slot_key[crypto_generichash_KEYBYTES];
static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t slot_once = PTHREAD_ONCE_INIT;

static void slot_key_init(void)
{
    randombytes_buf(slot_key, sizeof slot_key);
}

static token_slot *slot_for(const unsigned char id[32])
{
    return &slots[(id[0] | id[1] << 8) % TOKEN_SLOTS];
}

/* The caller's principal from a remembered lookup; 0 when there is none
 * valid now. */
static int token_recall(const unsigned char id[32], const char *stamp, ward_principal *out)
{
    int hit = 0;
    pthread_mutex_lock(&slots_mu);
    token_slot *t = slot_for(id);
    if (!sodium_memcmp(t->id, id, 32) && !strcmp(t->stamp, stamp) && srv_now() < t->until &&
        (!t->who.token_expires_at || t->who.token_expires_at > (int64_t)time(NULL))) {
        *out = t->who;
        hit = 1;
    }
    pthread_mutex_unlock(&slots_mu);
    return hit;
}

static void token_remember(const unsigned char id[32], const char *stamp, const ward_principal *who)
{
    pthread_mutex_lock(&slots_mu);
    token_slot *t = slot_for(id);
    memcpy(t->id, id, 32);
    snprintf(t->stamp, sizeof t->stamp, "%s", stamp);
    t->until = srv_now() + WARD_AUTH_CACHE_S;
    t->who = *who;
    pthread_mutex_unlock(&slots_mu);
}

/* ward_auth_token, through the remembered lookups. */
static int auth_bearer(srv_req *r, ward_store *st, const char *bearer, ward_err *err)
{
    pthread_once(&slot_once, slot_key_init);
    unsigned char id[32];
    crypto_generichash(id, sizeof id, (const unsigned char *)bearer, strlen(bearer), slot_key, sizeof slot_key);
    /* The stamp is read before the store: a change that lands between
     * the two leaves a stamp that no longer matches. */
    char stamp[WARD_IDENTITY_STAMP_MAX];
    ward_identity_stamp(r->srv->data_dir, stamp);
    if (token_recall(id, stamp, &r->who)) return WARD_OK;
    int rc = ward_auth_token(st, bearer, &r->who, err);
    if (!rc) token_remember(id, stamp, &r->who);
    return rc;
}

#define SESSION_COOKIE "ward_session"

static void unauthorized(srv_req *r, const char *why)
{
    srv_problem(r, 401, "unauthorized", "%s", why);
    MHD_add_response_header(r->resp, "WWW-Authenticate", "Bearer realm=\"ward\"");
}

static int is_safe_method(const char *m)
{
    return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

int srv_authenticate(srv_req *r)
{
    ward_store *st = srv_store(r);
    if (!st) return -1;
    ward_err err = {0};
    const char *auth = srv_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *sid = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    int rc;
    if (auth && !strncasecmp(auth, "Bearer ", 7)) {
        rc = auth_bearer(r, st, auth + 7, &err);
    } else if (sid) {
        rc = ward_auth_session(st, sid, &r->who, &err);
        r->by_session = 1;
    } else {
        unauthorized(r, "Send a bearer token (Authorization: Bearer ...) or log in.");
        return -1;
    }
    if (rc == WARD_EDENIED) {
        unauthorized(r, "The token or session is not valid (unknown, expired, revoked or idle).");
        return -1;
    }
    if (rc) {
        srv_problem_err(r, &err);
        return -1;
    }
    r->authed = 1;
    snprintf(r->user, sizeof r->user, "%s", r->who.user);
    if (r->by_session && !is_safe_method(r->method) &&
        !ward_auth_csrf_ok(&r->who, srv_header(r, "X-CSRF-Token"))) {
        srv_problem(r, 403, "csrf", "This request needs the session's X-CSRF-Token header.");
        return -1;
    }
    int retry = 0;
    rc = ward_limits_acquire(st, &r->who, &retry, &err);
    if (rc == WARD_EBUSY) {
        char v[16];
        snprintf(v, sizeof v, "%d", retry > 0 ? retry : 1);
        srv_problem(r, 429, "too-many-requests", "A request limit was reached; retry after %s s.", v);
        MHD_add_response_header(r->resp, "Retry-After", v);
        return -1;
    }
    if (rc) {
        srv_problem_err(r, &err);
        return -1;
    }
    r->limited = 1;
    return 0;
}

void srv_release(srv_req *r)
{
    if (r->limited) ward_limits_release(&r->who, r->tokens_generated);
    r->limited = 0;
}

int srv_may(srv_req *r, const char *action)
{
    if (ward_scope_may(&r->who, action)) return 1;
    srv_problem(r, 403, "forbidden", "The role '%s' may not do this.", r->who.role);
    return 0;
}

void srv_client_addr(srv_req *r, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    *out = 0;
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

int srv_audit_as(ward_store *st, const ward_principal *who, const char *client, const char *action,
                 const char *patient_id, const char *resources, const char *outcome, ward_err *err)
{
    ward_audit_event e = {0};
    e.actor = who->user;
    e.role = who->role;
    e.action = action;
    e.patient_id = patient_id;
    e.resources = resources;
    e.outcome = outcome;
    e.client = client && *client ? client : NULL;
    return ward_audit_log(st, &e, err);
}

int srv_audit(srv_req *r, const char *action, const char *patient_id, const char *resources,
              const char *outcome)
{
    ward_store *st = srv_store(r);
    if (!st) return -1;
    char addr[64];
    srv_client_addr(r, addr, sizeof addr);
    ward_err err = {0};
    if (srv_audit_as(st, &r->who, addr, action, patient_id, resources, outcome, &err)) {
        srv_report(r->srv, WARD_EVENT_ERROR, err.code, "cannot record an audit event: %s", err.msg);
        srv_problem(r, 500, "audit-failed", "The access could not be recorded, so it was not served.");
        return -1;
    }
    return 0;
}

int srv_patient_ok(srv_req *r, const char *action, const char *patient_id)
{
    ward_store *st = srv_store(r);
    if (!st) return 0;
    ward_err err = {0};
    int known = 0;
    if (patient_id && *patient_id && ward_scope_allows(st, &r->who, patient_id, &err) &&
        !ward_store_patient_exists(st, patient_id, &known, &err) && known)
        return 1;
    if (err.code) {
        srv_problem_err(r, &err);
        return 0;
    }
    if (srv_audit(r, action, patient_id, NULL, "not_found")) return 0;
    srv_problem(r, 404, "not-found", "No such patient.");
    return 0;
}

/* ---- login / logout ---- */

static void set_cookie(srv_req *r, const char *value, int max_age)
{
    char c[256];
    snprintf(c, sizeof c, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s", value,
             r->srv->tls_cert_pem ? "; Secure" : "", max_age == 0 ? "; Max-Age=0" : "");
    MHD_add_response_header(r->resp, MHD_HTTP_HEADER_SET_COOKIE, c);
}

void srv_login(srv_req *r)
{
    ward_store *st = srv_store(r);
    if (!st) return;
    json_t *body = srv_body_json(r);
    if (!body) return;
    const char *user = json_string_value(json_object_get(body, "user"));
    const char *pw = json_string_value(json_object_get(body, "password"));
    if (!user || !pw) {
        json_decref(body);
        srv_problem(r, 400, "bad-request", "Give \"user\" and \"password\".");
        return;
    }
    char addr[64], sid[65], csrf[65];
    srv_client_addr(r, addr, sizeof addr);
    ward_err err = {0};
    int rc = ward_auth_login(st, user, pw, addr, sid, csrf, &err);
    snprintf(r->user, sizeof r->user, "%s", user);
    json_decref(body);
    if (rc == WARD_EDENIED || rc == WARD_EBUSY) {
        /* One answer for a wrong password, an unknown user and a locked
         * account: the difference would help a guesser. */
        srv_problem(r, 401, "login-failed", "Wrong user name or password, or the account is locked for a while.");
        return;
    }
    if (rc) {
        srv_problem_err(r, &err);
        return;
    }
    ward_principal p;
    if (ward_auth_session(st, sid, &p, &err)) {
        srv_problem_err(r, &err);
        return;
    }
    srv_json(r, 200, json_pack("{s:s, s:s, s:s}", "user", p.user, "role", p.role, "csrf_token", csrf));
    set_cookie(r, sid, -1);
}

void srv_logout(srv_req *r)
{
    const char *sid = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    ward_store *st = srv_store(r);
    if (!st) return;
    if (sid) ward_auth_logout(st, sid);
    srv_json(r, 200, json_pack("{s:b}", "logged_out", 1));
    set_cookie(r, "", 0);
}
