/* govern.h — who may do what, and the record of who did what.
 *
 * Identity: users with one role each, API tokens (shown once, stored as a
 * keyed hash), password logins (Argon2id) with lockout, sessions with an
 * idle timeout. Authorization: a principal (user, role, token scopes) is
 * asked ward_scope_may(action) and ward_scope_allows(patient); a
 * clinician's or nurse's patients are their care team plus active
 * break-the-glass grants. Audit: an append-only chain, each event MACed
 * with a key kept outside the database (DATA/audit.key) and the chain's
 * head anchored in DATA/audit.head, so edits, deletions and truncation are
 * all found by ward_audit_verify. Events name patients by id and resources
 * by type/id, never by content.
 */
#ifndef WARD_GOVERN_H
#define WARD_GOVERN_H

#include "ward/store.h"

/* ---- principals ---- */

/* Per-user and per-token limits; 0 = no limit. */
typedef struct ward_limits {
    int rpm;              /* requests per minute */
    int tokens_per_day;   /* generated tokens per UTC day */
    int concurrent;       /* requests in flight */
} ward_limits;

typedef struct ward_principal {
    int64_t user_id, token_id;      /* token_id 0 for sessions and the CLI; user_id 0 for the CLI */
    char user[64];
    char role[16];                  /* clinician|nurse|researcher|patient|admin|integration|operator */
    char scopes[256];               /* SMART scopes, space separated, "" = the role's full rights */
    char patient_id[128];           /* role patient: their own record */
    ward_limits user_limits, token_limits;
    char csrf[65];                  /* sessions: the token state-changing requests must echo */
    int64_t token_expires_at;       /* bearer tokens: Unix time it expires, 0 never */
} ward_principal;

/* The roles a user can have, NULL-terminated. "operator" is not one of them:
 * it is the CLI's owner of the data directory (full rights). */
extern const char *const ward_roles[];
int ward_role_valid(const char *role);

/* The CLI's principal: the OS user it runs as (getpwuid), role "operator"
 * (the store's owner). WARD_ROLE may only narrow it to a role's rights;
 * WARD_USER is ignored. An unknown WARD_ROLE is WARD_EUSAGE. */
int ward_principal_cli(ward_principal *out, ward_err *err);

/* ---- authentication ---- */

/* A bearer token -> its principal. WARD_EDENIED for unknown, expired,
 * revoked tokens and disabled users (one message for all: no oracle). */
int ward_auth_token(ward_store *st, const char *bearer, ward_principal *out, ward_err *err);
/* DATA/identity.stamp's content into out ("" when there is none yet): it
 * changes, after the store has, each time ward revokes a token or
 * disables, enables or limits a user. A process that keeps principals
 * between requests (ward serve) drops them when it changes. */
#define WARD_IDENTITY_STAMP_MAX 64
/* How long ward serve may keep a bearer token's principal without asking
 * the store again, for changes that do not go through ward (another node,
 * an edit of the database): those take effect within this many seconds.
 * Changes through ward take effect at once (the stamp), expiry exactly. */
#define WARD_AUTH_CACHE_S 5
void ward_identity_stamp(const char *dir, char out[WARD_IDENTITY_STAMP_MAX]);
/* Password login: a new session (random id and CSRF token, hex). After
 * `login_max_failures` (config, default 5) failures in a row a user is locked
 * for `login_lockout` (default 15m). Every failure is audited. */
int ward_auth_login(ward_store *st, const char *user, const char *password, const char *client_addr,
                    char session_id[65], char csrf[65], ward_err *err);
/* A session id -> its principal; WARD_EDENIED when unknown or idle longer
 * than `session_idle` (config, default 15m), or the user is disabled. */
int ward_auth_session(ward_store *st, const char *session_id, ward_principal *out, ward_err *err);
void ward_auth_logout(ward_store *st, const char *session_id);
/* 1 when csrf is the session's CSRF token (constant-time compare). */
int ward_auth_csrf_ok(const ward_principal *p, const char *csrf);

/* ---- users, tokens, care teams (administration) ---- */

typedef struct ward_user_info {
    int64_t id;
    const char *name, *role, *patient_id;
    int disabled, has_password;
    ward_limits limits;
    int64_t created_at, locked_until;
} ward_user_info;
typedef int (*ward_user_fn)(void *ud, const ward_user_info *u);

/* password may be NULL (token-only users); patient_id is for role patient. */
int ward_users_add(ward_store *st, const char *name, const char *role, const char *patient_id,
                   const char *password, int64_t *id, ward_err *err);
int ward_users_set_password(ward_store *st, const char *name, const char *password, ward_err *err);
int ward_users_disable(ward_store *st, const char *name, int disabled, ward_err *err);
/* Sets the user's limits; a negative field keeps its current value. */
int ward_users_set_limits(ward_store *st, const char *name, const ward_limits *l, ward_err *err);
int ward_users_each(ward_store *st, ward_user_fn fn, void *ud, ward_err *err);

typedef struct ward_token_params {
    int64_t expires_in_s;   /* 0 = never */
    const char *scopes;     /* SMART scopes or NULL */
    ward_limits limits;
} ward_token_params;
typedef struct ward_token_info {
    int64_t id;
    const char *user, *scopes;
    int64_t created_at, expires_at, revoked_at, last_used_at;
    ward_limits limits;
} ward_token_info;
typedef int (*ward_token_fn)(void *ud, const ward_token_info *t);

/* Creates a token for user: secret gets "ward_" + 64 hex (shown once). */
int ward_tokens_create(ward_store *st, const char *user, const ward_token_params *p, char secret[70],
                       int64_t *id, ward_err *err);
int ward_tokens_revoke(ward_store *st, int64_t id, ward_err *err);
int ward_tokens_each(ward_store *st, ward_token_fn fn, void *ud, ward_err *err);
/* Parses "30d", "12h", "15m", "90s" or plain seconds; -1 when invalid. */
int64_t ward_parse_duration(const char *s);

typedef int (*ward_care_fn)(void *ud, const char *user, const char *patient_id, int64_t added_at);
int ward_care_team_add(ward_store *st, const char *user, const char *patient_id, ward_err *err);
int ward_care_team_remove(ward_store *st, const char *user, const char *patient_id, ward_err *err);
/* user NULL: every care team. */
int ward_care_team_each(ward_store *st, const char *user, ward_care_fn fn, void *ud, ward_err *err);

/* ---- authorization ---- */

/* "read_phi", "read_deid", "approve", "ingest", "admin", "write": per role,
 * then narrowed by the principal's SMART scopes. */
int ward_scope_may(const ward_principal *p, const char *action);
/* 1 when p's scopes allow reading resources of this FHIR type (no scopes,
 * or a patient/user/system scope for the type or "*"). */
int ward_scope_may_read_type(const ward_principal *p, const char *resource_type);
/* Patient scope: 1 when p may read patient_id (care team, active
 * break-the-glass, own record, operator); 0 otherwise. A failed read of
 * the store also gives 0, with err set: callers answer it as the error it
 * is (503 while the database is away), not as "no such patient". */
int ward_scope_allows(ward_store *st, const ward_principal *p, const char *patient_id, ward_err *err);
/* The patients p may read (malloc'd array of malloc'd ids: ward_scope_free);
 * *all=1 when not restricted (researchers, de-identified; the operator). */
int ward_scope_patients(ward_store *st, const ward_principal *p, char ***ids, size_t *n, int *all,
                        ward_err *err);
void ward_scope_free(char **ids, size_t n);

/* Break-the-glass: a clinician opens patient_id for `minutes` (1..1440)
 * with a stated reason. Audited now ("btg_start") and when it ends
 * ("btg_end", by ward_btg_sweep, which the scope checks run). */
int ward_btg_open(ward_store *st, const ward_principal *p, const char *patient_id, const char *reason,
                  int minutes, ward_err *err);
/* Audits the end of every grant that expired and was not yet recorded. */
int ward_btg_sweep(ward_store *st, ward_err *err);
typedef struct ward_btg_info {
    int64_t id;
    const char *user, *patient_id, *reason;
    int64_t started_at, expires_at, ended_at;
} ward_btg_info;
typedef int (*ward_btg_fn)(void *ud, const ward_btg_info *g);
int ward_btg_each(ward_store *st, ward_btg_fn fn, void *ud, ward_err *err);

/* ---- de-identified views (researchers; the CLI under WARD_ROLE=researcher) ---- */

struct json_t;
struct ward_hits;
/* "anon-" + 16 hex: a stable keyed pseudonym for a patient id. */
int ward_pseudonym(ward_store *st, const char *patient_id, char out[24], ward_err *err);
/* The patient id behind a pseudonym (malloc'd); WARD_ENOTFOUND when none. */
int ward_pseudonym_resolve(ward_store *st, const char *pseudonym, char **id, ward_err *err);
/* In place: a patients-list entry or a chart (ward_chart_json) loses names
 * and MRN, keeps the birth year only, dates become years, free text is
 * de-identified, the id becomes its pseudonym. */
int ward_redact_patient_json(ward_store *st, struct json_t *p, ward_err *err);
/* In place: hits' text and snippets de-identified, titles dropped, dates
 * to years, patient ids to pseudonyms. */
int ward_redact_hits(ward_store *st, struct ward_hits *hits, ward_err *err);
/* In place: a draft (ward_draft_get or a ward_drafts_list entry): output
 * and final text de-identified, inputs dropped, citations without titles,
 * patient id to its pseudonym. */
int ward_redact_draft_json(ward_store *st, struct json_t *d, ward_err *err);
/* In place: a draft's versions (ward_draft_versions of patient_id's
 * draft): texts de-identified, times to years, any diff dropped (call
 * ward_draft_versions_diff afterwards). */
int ward_redact_versions_json(ward_store *st, const char *patient_id, struct json_t *versions, ward_err *err);

/* ---- limits (in this process; the server is one process) ---- */

/* Counts a request against p's user and token limits. WARD_EBUSY past a
 * limit, with *retry_after_s the seconds until it would pass. */
int ward_limits_acquire(ward_store *st, const ward_principal *p, int *retry_after_s, ward_err *err);
/* Ends a request acquired above, adding the tokens it generated. */
void ward_limits_release(const ward_principal *p, long tokens_generated);
/* Adds tokens generated for p now (a request still running, or a stream
 * that outlives its request), so the next request sees the day's total. */
void ward_limits_charge(const ward_principal *p, long tokens_generated);
typedef struct ward_usage {
    int64_t user_id, token_id;      /* token_id 0: the user's own counters */
    long requests_this_minute, tokens_today, in_flight;
} ward_usage;
typedef void (*ward_usage_fn)(void *ud, const ward_usage *u);
/* Calls fn for every live counter (for /metrics); fn must not call ward_limits_*. */
void ward_limits_each(ward_usage_fn fn, void *ud);

/* ---- audit ---- */

typedef struct ward_audit_event {
    const char *actor;      /* user name */
    const char *role;       /* clinician, nurse, researcher, patient, admin, operator ... */
    const char *action;     /* e.g. "search", "show", "ask", "ingest", "login" */
    const char *patient_id; /* or NULL */
    const char *resources;  /* JSON array of touched ids, or NULL */
    const char *outcome;    /* "ok", "denied", "not_found", "error" */
    const char *reason;     /* break-the-glass reason, or NULL */
    const char *client;     /* network address of the client, or NULL */
    const char *period_start, *period_end; /* ISO times for events that span time, or NULL */
} ward_audit_event;

/* Creates DATA/audit.key (0600) when absent and the log is new. */
int ward_audit_init(ward_store *st, ward_err *err);
/* Appends one event (in its own transaction unless one is open), then
 * rewrites DATA/audit.head. When another process holds the write lock for
 * more than WARD_STORE_SIDE_WRITE_MS, the event is written (MACed, fsync'ed)
 * to DATA/audit.spool instead, and joins the chain at the next append that
 * gets the lock: a read is recorded before it answers, and never waits for
 * a long write. */
int ward_audit_log(ward_store *st, const ward_audit_event *e, ward_err *err);
/* Chains the spooled events now, if the write lock is free (else leaves
 * them for later and returns WARD_OK). */
int ward_audit_flush(ward_store *st, ward_err *err);
/* Appends an event for principal p. */
int ward_audit_as(ward_store *st, const ward_principal *p, const char *action, const char *patient_id,
                  const char *outcome, ward_err *err);
/* Checks the whole chain and the head, after chaining spooled events when
 * it can (those still spooled are checked by their MACs); *n gets the
 * number of events checked in the chain. On a break returns WARD_EINPUT naming the first bad event. */
int ward_audit_verify(ward_store *st, long *n, ward_err *err);
/* Writes every event (since id `from`, 0 = all) as one FHIR R4 AuditEvent
 * JSON line each (IHE BALP style) to fn. */
typedef int (*ward_line_fn)(void *ud, const char *line, size_t len);
int ward_audit_export_fhir(ward_store *st, int64_t from, ward_line_fn fn, void *ud, ward_err *err);
/* The number of events in the log (for metrics). */
long ward_audit_count(ward_store *st);

#endif
