/* users.c — administration of identities: users (one role each, an
 * optional Argon2id password, limits), API tokens and care teams.
 *
 * A token is "ward_" + 64 random hex digits (256 bits), shown once; only its
 * keyed hash is stored (keys.c), so lookups are one indexed equality. The
 * slow password hash is for passwords only: a random 256-bit token cannot
 * be guessed, so a fast keyed hash is the right tool for it.
 */
#include "govern_int.h"

#include <sodium.h>
#include <string.h>

const char *const ward_roles[] = {"clinician", "nurse", "researcher", "patient", "admin", "integration", NULL};

int ward_role_valid(const char *role)
{
    for (int i = 0; role && ward_roles[i]; i++)
        if (!strcmp(role, ward_roles[i])) return 1;
    return 0;
}

static int hash_password(const char *password, char out[160], ward_err *err)
{
    if (strlen(password) < 8) return ward_err_set(err, WARD_EINPUT, "a password needs at least 8 characters");
    if (sodium_init() < 0) return ward_err_set(err, WARD_EIO, "libsodium failed to initialize");
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE))
        return ward_err_set(err, WARD_ENOMEM, "not enough memory to hash the password");
    return WARD_OK;
}

static int valid_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (!n || n >= 64) return 0;
    for (const char *c = name; *c; c++)
        if (*c <= ' ' || *c == 0x7f) return 0;
    return 1;
}

int ward_users_add(ward_store *st, const char *name, const char *role, const char *patient_id,
                   const char *password, int64_t *id, ward_err *err)
{
    if (!valid_name(name)) return ward_err_set(err, WARD_EUSAGE, "a user name is 1-63 characters without spaces");
    if (!ward_role_valid(role))
        return ward_err_set(err, WARD_EUSAGE, "role must be clinician, nurse, researcher, patient, admin or integration");
    if (!strcmp(role, "patient") != (patient_id && *patient_id))
        return ward_err_set(err, WARD_EUSAGE, "a patient user needs --patient ID (and only a patient user)");
    if (patient_id && strlen(patient_id) >= 128) return ward_err_set(err, WARD_EUSAGE, "patient id too long");
    ward_user_row u = {0};
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "%s", role);
    snprintf(u.patient_id, sizeof u.patient_id, "%s", patient_id ? patient_id : "");
    int rc = password ? hash_password(password, u.password, err) : WARD_OK;
    if (!rc) rc = ward_store_user_add(st, &u, id, err);
    sodium_memzero(u.password, sizeof u.password);
    return rc;
}

/* Reads, changes (through edit) and writes back one user. */
static int user_edit(ward_store *st, const char *name, int (*edit)(ward_user_row *u, const void *arg),
                     const void *arg, ward_err *err)
{
    ward_user_row u;
    int rc = ward_store_user_get(st, name, 0, &u, err);
    if (!rc) rc = edit(&u, arg);
    if (!rc) rc = ward_store_user_update(st, &u, err);
    sodium_memzero(u.password, sizeof u.password);
    return rc ? rc : gov_identity_changed(st, err);
}

static int set_disabled(ward_user_row *u, const void *arg)
{
    u->disabled = *(const int *)arg;
    return WARD_OK;
}

static int set_limits(ward_user_row *u, const void *arg)
{
    const ward_limits *l = arg;
    if (l->rpm >= 0) u->rpm = l->rpm;
    if (l->tokens_per_day >= 0) u->tokens_per_day = l->tokens_per_day;
    if (l->concurrent >= 0) u->concurrent = l->concurrent;
    return WARD_OK;
}

static int set_password(ward_user_row *u, const void *arg)
{
    snprintf(u->password, sizeof u->password, "%s", (const char *)arg);
    u->failed_logins = 0, u->locked_until = 0;
    return WARD_OK;
}

int ward_users_disable(ward_store *st, const char *name, int disabled, ward_err *err)
{
    return user_edit(st, name, set_disabled, &disabled, err);
}

int ward_users_set_limits(ward_store *st, const char *name, const ward_limits *l, ward_err *err)
{
    return user_edit(st, name, set_limits, l, err);
}

int ward_users_set_password(ward_store *st, const char *name, const char *password, ward_err *err)
{
    char h[160];
    int rc = hash_password(password, h, err);
    if (!rc) rc = user_edit(st, name, set_password, h, err);
    sodium_memzero(h, sizeof h);
    return rc;
}

typedef struct {
    ward_user_fn fn;
    void *ud;
} user_walk;

static int user_cb(void *ud, const ward_user_row *r)
{
    user_walk *w = ud;
    ward_user_info u = {r->id, r->name, r->role, *r->patient_id ? r->patient_id : NULL, r->disabled,
                        *r->password != 0, {r->rpm, r->tokens_per_day, r->concurrent}, r->created_at,
                        r->locked_until};
    return w->fn(w->ud, &u);
}

int ward_users_each(ward_store *st, ward_user_fn fn, void *ud, ward_err *err)
{
    user_walk w = {fn, ud};
    return ward_store_user_each(st, user_cb, &w, err);
}

void gov_principal_from_user(ward_principal *p, const ward_user_row *u)
{
    memset(p, 0, sizeof *p);
    p->user_id = u->id;
    snprintf(p->user, sizeof p->user, "%s", u->name);
    snprintf(p->role, sizeof p->role, "%s", u->role);
    snprintf(p->patient_id, sizeof p->patient_id, "%s", u->patient_id);
    p->user_limits = (ward_limits){u->rpm, u->tokens_per_day, u->concurrent};
}

/* ---- tokens ---- */

static int valid_scopes(const char *s)
{
    if (strlen(s) >= 256) return 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '/' && *s != '.' && *s != '*' && *s != '-' && *s != '_' && *s != ':' &&
            !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

int ward_tokens_create(ward_store *st, const char *user, const ward_token_params *p, char secret[70],
                       int64_t *id, ward_err *err)
{
    const char *scopes = p->scopes ? p->scopes : "";
    if (!valid_scopes(scopes))
        return ward_err_set(err, WARD_EUSAGE, "scopes are SMART scopes such as \"patient/*.read user/*.read\"");
    if (p->expires_in_s < 0) return ward_err_set(err, WARD_EUSAGE, "an expiry is a positive duration such as 30d");
    ward_user_row u;
    int rc = ward_store_user_get(st, user, 0, &u, err);
    sodium_memzero(u.password, sizeof u.password);
    if (rc) return rc;
    if (u.disabled) return ward_err_set(err, WARD_EDENIED, "that user is disabled");
    ward_token_row t = {0};
    t.user_id = u.id;
    snprintf(t.scopes, sizeof t.scopes, "%s", scopes);
    t.expires_at = p->expires_in_s ? gov_now() + p->expires_in_s : 0;
    t.rpm = p->limits.rpm, t.tokens_per_day = p->limits.tokens_per_day, t.concurrent = p->limits.concurrent;
    memcpy(secret, "ward_", 5);
    gov_random_hex(secret + 5, 32);
    char hash[65];
    rc = gov_secret_hash(st, secret, hash, err);
    if (!rc) rc = ward_store_token_add(st, &t, hash, id, err);
    if (rc) sodium_memzero(secret, 70);
    return rc;
}

int ward_tokens_revoke(ward_store *st, int64_t id, ward_err *err)
{
    int rc = ward_store_token_revoke(st, id, gov_now(), err);
    return rc ? rc : gov_identity_changed(st, err);
}

typedef struct {
    ward_token_fn fn;
    void *ud;
} token_walk;

static int token_cb(void *ud, const ward_token_row *r)
{
    token_walk *w = ud;
    ward_token_info t = {r->id, r->user, r->scopes, r->created_at, r->expires_at, r->revoked_at,
                         r->last_used_at, {r->rpm, r->tokens_per_day, r->concurrent}};
    return w->fn(w->ud, &t);
}

int ward_tokens_each(ward_store *st, ward_token_fn fn, void *ud, ward_err *err)
{
    token_walk w = {fn, ud};
    return ward_store_token_each(st, token_cb, &w, err);
}

/* ---- care teams ---- */

static int care_user(ward_store *st, const char *user, int64_t *id, ward_err *err)
{
    ward_user_row u;
    int rc = ward_store_user_get(st, user, 0, &u, err);
    sodium_memzero(u.password, sizeof u.password);
    if (rc) return rc;
    if (strcmp(u.role, "clinician") && strcmp(u.role, "nurse"))
        return ward_err_set(err, WARD_EUSAGE, "care teams are for clinicians and nurses");
    *id = u.id;
    return WARD_OK;
}

int ward_care_team_add(ward_store *st, const char *user, const char *patient_id, ward_err *err)
{
    int64_t id;
    int rc = care_user(st, user, &id, err);
    if (rc) return rc;
    int known = 0;
    if ((rc = ward_store_patient_exists(st, patient_id, &known, err))) return rc;
    if (!known) return ward_err_set(err, WARD_ENOTFOUND, "no patient with that id (see ward patients)");
    return ward_store_care_add(st, id, patient_id, err);
}

int ward_care_team_remove(ward_store *st, const char *user, const char *patient_id, ward_err *err)
{
    int64_t id;
    int rc = care_user(st, user, &id, err);
    return rc ? rc : ward_store_care_remove(st, id, patient_id, err);
}

int ward_care_team_each(ward_store *st, const char *user, ward_care_fn fn, void *ud, ward_err *err)
{
    int64_t id = 0;
    if (user) {
        ward_user_row u;
        int rc = ward_store_user_get(st, user, 0, &u, err);
        if (rc) return rc;
        id = u.id;
    }
    return ward_store_care_each(st, id, fn, ud, err);
}
