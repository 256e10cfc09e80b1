/* test_identity.c — identity and authorization through the public API on a
 * real store: tokens (expiry, revocation, disabled users, hashed at rest),
 * password logins (lockout, every failure audited), idle sessions, roles and
 * SMART scopes, patient scope (care team, break-the-glass start, end and
 * expiry), and per-user/per-token limits.
 *
 * Time passes by moving the stored times back (no sleeps, no flakiness on
 * a loaded machine). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "test_store_util.h" /* tests of the store itself may use its internals */
#include "ward/govern.h"

#include <jansson.h>

static char dir[256];
static ward_store *st;

static int setup(void **state)
{
    (void)state;
    assert_non_null(test_tmpdir(dir, sizeof dir, "identity"));
    char path[300];
    snprintf(path, sizeof path, "%s/config", dir);
    FILE *f = fopen(path, "w");
    fputs("session_idle = 10m\nlogin_max_failures = 3\nlogin_lockout = 5m\n", f);
    fclose(f);
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    ward_patient p1 = {.id = "p-1", .name = "Test One", .source = "synth"};
    ward_patient p2 = {.id = "p-2", .name = "Test Two", .source = "synth"};
    assert_int_equal(ward_store_put_patient(st, &p1, &err), 0);
    assert_int_equal(ward_store_put_patient(st, &p2, &err), 0);
    assert_int_equal(ward_users_add(st, "drx", "clinician", NULL, "correct horse", NULL, &err), 0);
    assert_int_equal(ward_users_add(st, "nina", "nurse", NULL, NULL, NULL, &err), 0);
    assert_int_equal(ward_users_add(st, "rita", "researcher", NULL, NULL, NULL, &err), 0);
    assert_int_equal(ward_users_add(st, "pat", "patient", "p-2", NULL, NULL, &err), 0);
    assert_int_equal(ward_users_add(st, "ada", "admin", NULL, NULL, NULL, &err), 0);
    assert_int_equal(ward_users_add(st, "hl7", "integration", NULL, NULL, NULL, &err), 0);
    assert_int_equal(ward_care_team_add(st, "drx", "p-1", &err), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ward_store_free(st);
    return test_rmdir(dir);
}

static void token(const char *user, const char *scopes, int64_t expires, char secret[70])
{
    ward_token_params p = {expires, scopes, {0, 0, 0}};
    ward_err err = {0};
    int64_t id;
    assert_int_equal(ward_tokens_create(st, user, &p, secret, &id, &err), 0);
    assert_int_equal(strlen(secret), 69);
}

static void test_roles_and_users(void **state)
{
    (void)state;
    ward_err err = {0};
    assert_int_equal(ward_users_add(st, "drx", "nurse", NULL, NULL, NULL, &err), WARD_EINPUT);
    assert_int_equal(ward_users_add(st, "x", "superuser", NULL, NULL, NULL, &err), WARD_EUSAGE);
    assert_int_equal(ward_users_add(st, "y", "patient", NULL, NULL, NULL, &err), WARD_EUSAGE);
    assert_int_equal(ward_users_add(st, "z", "nurse", NULL, "short", NULL, &err), WARD_EINPUT);
    assert_int_equal(ward_care_team_add(st, "rita", "p-1", &err), WARD_EUSAGE);
    assert_int_equal(ward_care_team_add(st, "drx", "nobody", &err), WARD_ENOTFOUND);
    /* Passwords are Argon2id strings, never the password. */
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM users WHERE name='drx' AND password LIKE '$argon2id$%'"), 1);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM users WHERE password LIKE '%correct horse%'"), 0);
}

static void test_token_lifecycle(void **state)
{
    (void)state;
    ward_err err = {0};
    ward_principal p;
    char secret[70], shortlived[70];
    token("drx", "", 0, secret);
    token("drx", "", 3600, shortlived);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM tokens WHERE expires_at BETWEEN"
                           " CAST(strftime('%s','now') AS INTEGER) + 3590 AND CAST(strftime('%s','now') AS INTEGER) + 3610"), 1);
    assert_int_equal(ward_auth_token(st, secret, &p, &err), 0);
    assert_string_equal(p.user, "drx");
    assert_string_equal(p.role, "clinician");
    assert_true(p.token_id > 0);
    char bearer[80];
    snprintf(bearer, sizeof bearer, "Bearer %s", secret);
    assert_int_equal(ward_auth_token(st, bearer, &p, &err), 0);
    /* Stored hashed: the secret appears nowhere in the database. */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tokens WHERE hash LIKE '%%%s%%'", secret + 5);
    assert_int_equal(test_store_one(st, sql), 0);
    /* Unknown and malformed tokens. */
    char wrong[70];
    memcpy(wrong, secret, 70);
    wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
    assert_int_equal(ward_auth_token(st, wrong, &p, &err), WARD_EDENIED);
    assert_int_equal(ward_auth_token(st, "ward_", &p, &err), WARD_EDENIED);
    assert_int_equal(ward_auth_token(st, NULL, &p, &err), WARD_EDENIED);
    /* Expiry. */
    assert_int_equal(ward_auth_token(st, shortlived, &p, &err), 0);
    ward_err e2 = {0};
    assert_int_equal(ward_store_exec(st, "UPDATE tokens SET expires_at = expires_at - 3601 WHERE expires_at > 0", &e2), 0);
    assert_int_equal(ward_auth_token(st, shortlived, &p, &err), WARD_EDENIED);
    /* Revocation. */
    assert_int_equal(ward_auth_token(st, secret, &p, &err), 0);
    assert_int_equal(ward_tokens_revoke(st, p.token_id, &err), 0);
    assert_int_equal(ward_auth_token(st, secret, &p, &err), WARD_EDENIED);
    assert_int_equal(ward_tokens_revoke(st, 9999, &err), WARD_ENOTFOUND);
    /* A disabled user's tokens stop working; enabled again, they work. */
    token("nina", "", 0, secret);
    assert_int_equal(ward_users_disable(st, "nina", 1, &err), 0);
    assert_int_equal(ward_auth_token(st, secret, &p, &err), WARD_EDENIED);
    assert_int_equal(ward_users_disable(st, "nina", 0, &err), 0);
    assert_int_equal(ward_auth_token(st, secret, &p, &err), 0);
}

static void test_login_lockout_and_idle(void **state)
{
    (void)state;
    ward_err err = {0};
    char sid[65], csrf[65];
    ward_principal p;
    long long failures = test_store_one(st, "SELECT count(*) FROM audit WHERE action='login' AND outcome='denied'");
    char keep[65], sid2[65];
    assert_int_equal(ward_auth_login(st, "drx", "correct horse", "127.0.0.1", keep, csrf, &err), 0);
    assert_int_equal(ward_auth_session(st, keep, &p, &err), 0);
    assert_string_equal(p.user, "drx");
    assert_true(ward_auth_csrf_ok(&p, csrf));
    assert_false(ward_auth_csrf_ok(&p, "0000"));
    /* Unknown user and wrong passwords: denied, audited, and the third
     * wrong password in a row locks the account (config: 3). */
    assert_int_equal(ward_auth_login(st, "nobody", "whatever1", "10.0.0.9", sid, csrf, &err), WARD_EDENIED);
    for (int i = 0; i < 3; i++)
        assert_int_equal(ward_auth_login(st, "drx", "wrong password", "10.0.0.9", sid, csrf, &err), WARD_EDENIED);
    assert_int_equal(ward_auth_login(st, "drx", "correct horse", "10.0.0.9", sid, csrf, &err), WARD_EDENIED);
    assert_non_null(strstr(err.msg, "try again later"));
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit WHERE action='login' AND outcome='denied'"), failures + 5);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit WHERE action='login' AND client='10.0.0.9'"), 5);
    assert_int_equal(ward_auth_login(st, "pat", "whatever1", NULL, sid2, csrf, &err), WARD_EDENIED); /* no password */
    /* The session still works while the user is locked out of new logins. */
    assert_int_equal(ward_auth_session(st, keep, &p, &err), 0);
    /* Ten minutes idle (config) and the session is over, the logoff audited. */
    ward_err e2 = {0};
    assert_int_equal(ward_store_exec(st, "UPDATE sessions SET last_seen = last_seen - 601", &e2), 0);
    assert_int_equal(ward_auth_session(st, keep, &p, &err), WARD_EDENIED);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit WHERE action='logout' AND outcome='timeout'"), 1);
    /* When the lockout (5 minutes) has passed, the right password works. */
    assert_int_equal(ward_store_exec(st, "UPDATE users SET locked_until = locked_until - 301", &e2), 0);
    if (ward_auth_login(st, "drx", "correct horse", NULL, sid, csrf, &err)) fail_msg("%s", err.msg);
    /* Nine minutes idle is still within the timeout. */
    assert_int_equal(ward_store_exec(st, "UPDATE sessions SET last_seen = last_seen - 540", &e2), 0);
    assert_int_equal(ward_auth_session(st, sid, &p, &err), 0);
    ward_auth_logout(st, sid);
    assert_int_equal(ward_auth_session(st, sid, &p, &err), WARD_EDENIED);
    assert_int_equal(ward_auth_session(st, "short", &p, &err), WARD_EDENIED);
}

static ward_principal as_user(const char *user, const char *scopes)
{
    char secret[70];
    token(user, scopes, 0, secret);
    ward_principal p;
    ward_err err = {0};
    assert_int_equal(ward_auth_token(st, secret, &p, &err), 0);
    return p;
}

static void test_role_rights_and_scopes(void **state)
{
    (void)state;
    ward_principal dr = as_user("drx", ""), nu = as_user("nina", ""), re = as_user("rita", ""),
                   pa = as_user("pat", ""), ad = as_user("ada", ""), in = as_user("hl7", "");
    assert_true(ward_scope_may(&dr, "read_phi") && ward_scope_may(&dr, "approve") && ward_scope_may(&dr, "write"));
    assert_true(ward_scope_may(&nu, "read_phi") && !ward_scope_may(&nu, "approve"));
    assert_true(!ward_scope_may(&re, "read_phi") && ward_scope_may(&re, "read_deid") && !ward_scope_may(&re, "approve"));
    assert_true(ward_scope_may(&pa, "read_phi") && !ward_scope_may(&pa, "write"));
    assert_true(ward_scope_may(&ad, "admin") && !ward_scope_may(&ad, "read_phi") && !ward_scope_may(&ad, "read_deid"));
    assert_true(ward_scope_may(&in, "ingest") && !ward_scope_may(&in, "read_phi") && !ward_scope_may(&in, "admin"));
    assert_false(ward_scope_may(&dr, "ingest"));
    /* Scopes narrow, never widen. */
    ward_principal ro = as_user("drx", "patient/*.read");
    assert_true(ward_scope_may(&ro, "read_phi"));
    assert_false(ward_scope_may(&ro, "approve"));
    assert_false(ward_scope_may(&ro, "write"));
    ward_principal obs = as_user("drx", "patient/Observation.rs");
    assert_true(ward_scope_may_read_type(&obs, "Observation"));
    assert_false(ward_scope_may_read_type(&obs, "Condition"));
    assert_true(ward_scope_may_read_type(&dr, "Condition"));
    ward_principal wide = as_user("rita", "system/*.*");
    assert_false(ward_scope_may(&wide, "read_phi"));
    assert_false(ward_scope_may(&wide, "ingest"));
    ward_principal sys = as_user("hl7", "system/*.write");
    assert_true(ward_scope_may(&sys, "ingest"));
    ward_principal sysread = as_user("hl7", "system/*.read");
    assert_false(ward_scope_may(&sysread, "ingest"));
}

static int has(char **ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ids[i], id)) return 1;
    return 0;
}

static int collect(void *ud, const char *line, size_t len)
{
    ward_buf_append(ud, line, len);
    ward_buf_putc(ud, '\n');
    return 0;
}

static void test_patient_scope_and_btg(void **state)
{
    (void)state;
    ward_err err = {0};
    ward_principal dr = as_user("drx", ""), nu = as_user("nina", ""), re = as_user("rita", ""),
                   pa = as_user("pat", ""), ad = as_user("ada", "");
    assert_int_equal(ward_scope_allows(st, &dr, "p-1", &err), 1);
    assert_int_equal(ward_scope_allows(st, &dr, "p-2", &err), 0);
    assert_int_equal(ward_scope_allows(st, &nu, "p-1", &err), 0);
    assert_int_equal(ward_scope_allows(st, &pa, "p-2", &err), 1);
    assert_int_equal(ward_scope_allows(st, &pa, "p-1", &err), 0);
    assert_int_equal(ward_scope_allows(st, &re, "p-1", &err), 0);
    assert_int_equal(ward_scope_allows(st, &ad, "p-1", &err), 0);
    char **ids;
    size_t n;
    int all;
    assert_int_equal(ward_scope_patients(st, &dr, &ids, &n, &all, &err), 0);
    assert_true(!all && n == 1 && has(ids, n, "p-1"));
    ward_scope_free(ids, n);
    assert_int_equal(ward_scope_patients(st, &re, &ids, &n, &all, &err), 0);
    assert_true(all && n == 0);
    assert_int_equal(ward_scope_patients(st, &ad, &ids, &n, &all, &err), 0);
    assert_true(!all && n == 0);
    assert_int_equal(ward_scope_patients(st, &pa, &ids, &n, &all, &err), 0);
    assert_true(!all && n == 1 && has(ids, n, "p-2"));
    ward_scope_free(ids, n);
    /* Break-the-glass: clinicians only, with a reason, audited at start. */
    assert_int_equal(ward_btg_open(st, &nu, "p-2", "emergency in ward 3", 30, &err), WARD_EDENIED);
    assert_int_equal(ward_btg_open(st, &dr, "p-2", "", 30, &err), WARD_EUSAGE);
    assert_int_equal(ward_btg_open(st, &dr, "p-2", "unconscious in the ED, no proxy", 30, &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit WHERE action='btg_start' AND patient_id='p-2'"
                           " AND reason='unconscious in the ED, no proxy' AND period_end IS NOT NULL"), 1);
    assert_int_equal(ward_scope_allows(st, &dr, "p-2", &err), 1);
    assert_int_equal(ward_scope_patients(st, &dr, &ids, &n, &all, &err), 0);
    assert_true(!all && n == 2 && has(ids, n, "p-2"));
    ward_scope_free(ids, n);
    /* When the grant expires, access ends and the end is audited, once. */
    assert_int_equal(ward_store_exec(st, "UPDATE btg SET expires_at = CAST(strftime('%s','now') AS INTEGER) - 1", &err), 0);
    assert_int_equal(ward_scope_allows(st, &dr, "p-2", &err), 0);
    assert_int_equal(ward_scope_allows(st, &dr, "p-2", &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM audit WHERE action='btg_end' AND patient_id='p-2' AND actor='drx'"), 1);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM btg WHERE ended_at > 0"), 1);
    long n_ev = 0;
    assert_int_equal(ward_audit_verify(st, &n_ev, &err), 0);
    /* The FHIR export carries the emergency override with its reason. */
    ward_buf out;
    ward_buf_init(&out);
    assert_int_equal(ward_audit_export_fhir(st, 0, collect, &out, &err), 0);
    assert_non_null(strstr(out.data, "\"code\":\"BTG\""));
    assert_non_null(strstr(out.data, "\"text\":\"unconscious in the ED, no proxy\""));
    long lines = 0;
    for (char *l = out.data; *l; l = strchr(l, '\n') + 1, lines++) {
        json_t *ev = json_loadb(l, (size_t)(strchr(l, '\n') - l), 0, NULL);
        assert_non_null(ev);
        assert_string_equal(json_string_value(json_object_get(ev, "resourceType")), "AuditEvent");
        json_decref(ev);
    }
    assert_int_equal(lines, n_ev);
    ward_buf_free(&out);
}

static void test_limits(void **state)
{
    (void)state;
    ward_err err = {0};
    ward_limits ul = {-1, -1, 2};
    assert_int_equal(ward_users_set_limits(st, "rita", &ul, &err), 0);
    ward_principal p = as_user("rita", "");
    int retry;
    assert_int_equal(ward_limits_acquire(st, &p, &retry, &err), 0);
    assert_int_equal(ward_limits_acquire(st, &p, &retry, &err), 0);
    assert_int_equal(ward_limits_acquire(st, &p, &retry, &err), WARD_EBUSY);
    assert_true(retry >= 1);
    ward_limits_release(&p, 0);
    assert_int_equal(ward_limits_acquire(st, &p, &retry, &err), 0);
    ward_limits_release(&p, 0);
    ward_limits_release(&p, 0);
    /* Per token: 3 requests a minute, 100 generated tokens a day. */
    char secret[70];
    ward_token_params tp = {0, NULL, {3, 100, 0}};
    int64_t id;
    assert_int_equal(ward_tokens_create(st, "drx", &tp, secret, &id, &err), 0);
    assert_int_equal(ward_auth_token(st, secret, &p, &err), 0);
    assert_int_equal(p.token_limits.rpm, 3);
    assert_int_equal(ward_limits_acquire(st, &p, &retry, &err), 0);
    ward_limits_release(&p, 150);
    assert_int_equal(ward_limits_acquire(st, &p, &retry, &err), WARD_EBUSY);
    assert_true(retry > 60); /* the day's tokens: until tomorrow */
    /* Another token of the same user is not limited by this one. */
    ward_principal other = as_user("drx", "");
    assert_int_equal(ward_limits_acquire(st, &other, &retry, &err), 0);
    ward_limits_release(&other, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles_and_users),
        cmocka_unit_test(test_token_lifecycle),
        cmocka_unit_test(test_login_lockout_and_idle),
        cmocka_unit_test(test_role_rights_and_scopes),
        cmocka_unit_test(test_patient_scope_and_btg),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
