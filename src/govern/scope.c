/* scope.c — what a principal may do and whose records it may read.
 *
 * Ideas a reader needs:
 *  - A role grants actions (table below); a token's SMART scopes can only
 *    take some away. "" scopes means the role's full rights.
 *  - Patient scope: clinicians and nurses read their care team and the
 *    patients of their active break-the-glass grants; a patient reads their
 *    own record; researchers read everything, but only de-identified and
 *    never one named patient (cohort level); admins and integrations read
 *    no patient at all.
 *  - The CLI runs as the owner of the data directory ("operator"): it has
 *    file access anyway, so it gets every right. WARD_ROLE can narrow its
 *    actions to a role's (e.g. researcher: de-identified output only), never
 *    widen them; WARD_USER is not an identity.
 *  - Break-the-glass grants are audited when opened and when they end; an
 *    end is recorded by the first scope check (or `ward btg list`) after it.
 */
#include "govern_int.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct role_rights {
    const char *role;
    const char *actions; /* space-separated */
} role_rights;

static const role_rights RIGHTS[] = {
    {"clinician", "read_phi read_deid write approve"},
    {"nurse", "read_phi read_deid write"},
    {"researcher", "read_deid"},
    {"patient", "read_phi read_deid"},
    {"admin", "admin"},
    {"integration", "ingest"},
    {"operator", "read_phi read_deid write approve ingest admin"},
};

static int has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; (p = strstr(p, w)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n])) return 1;
    return 0;
}

static int role_may(const char *role, const char *action)
{
    for (size_t i = 0; i < sizeof RIGHTS / sizeof *RIGHTS; i++)
        if (!strcmp(RIGHTS[i].role, role)) return has_word(RIGHTS[i].actions, action);
    return 0;
}

/* One SMART scope "context/resource.perms" (v1 read|write|*, v2 cruds). */
typedef struct smart {
    char context[8], resource[64];
    int read, write;
} smart;

static int parse_scope(const char *s, size_t n, smart *out)
{
    memset(out, 0, sizeof *out);
    const char *slash = memchr(s, '/', n), *dot = NULL;
    for (const char *c = s + n; c > s; c--)
        if (c[-1] == '.') { dot = c - 1; break; }
    if (!slash || !dot || dot < slash || slash - s >= (long)sizeof out->context ||
        dot - slash - 1 >= (long)sizeof out->resource)
        return 0;
    memcpy(out->context, s, (size_t)(slash - s));
    memcpy(out->resource, slash + 1, (size_t)(dot - slash - 1));
    const char *perm = dot + 1;
    size_t pn = (size_t)(s + n - perm);
    if ((pn == 4 && !memcmp(perm, "read", 4)) || (pn == 1 && *perm == '*')) out->read = 1;
    if ((pn == 5 && !memcmp(perm, "write", 5)) || (pn == 1 && *perm == '*')) out->write = 1;
    if (!out->read && !out->write)
        for (size_t i = 0; i < pn; i++) {
            if (perm[i] == 'r' || perm[i] == 's') out->read = 1;
            else if (perm[i] == 'c' || perm[i] == 'u' || perm[i] == 'd') out->write = 1;
            else return 0;
        }
    return 1;
}

/* 1 when some scope of list matches: context (NULL any), resource type
 * (NULL any; "*" in a scope matches every type), read/write wanted. */
static int scopes_grant(const char *list, const char *context, const char *type, int read, int write)
{
    for (const char *p = list; *p;) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        smart sc;
        if (n && parse_scope(p, n, &sc) && (!context || !strcmp(sc.context, context)) &&
            (!type || !strcmp(sc.resource, "*") || !strcmp(sc.resource, type)) && (!read || sc.read) &&
            (!write || sc.write))
            return 1;
        p += n;
    }
    return 0;
}

int ward_scope_may(const ward_principal *p, const char *action)
{
    if (!p || !action || !role_may(p->role, action)) return 0;
    if (!p->scopes[0]) return 1;
    if (!strcmp(action, "read_phi") || !strcmp(action, "read_deid")) return scopes_grant(p->scopes, NULL, NULL, 1, 0);
    if (!strcmp(action, "ingest")) return scopes_grant(p->scopes, "system", NULL, 0, 1);
    if (!strcmp(action, "admin")) return scopes_grant(p->scopes, "user", "*", 0, 1);
    return scopes_grant(p->scopes, "patient", NULL, 0, 1) || scopes_grant(p->scopes, "user", NULL, 0, 1);
}

int ward_scope_may_read_type(const ward_principal *p, const char *resource_type)
{
    return p && (!p->scopes[0] || scopes_grant(p->scopes, NULL, resource_type, 1, 0));
}

int ward_principal_cli(ward_principal *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name) snprintf(out->user, sizeof out->user, "%s", pw->pw_name);
    else snprintf(out->user, sizeof out->user, "uid:%ld", (long)geteuid());
    snprintf(out->role, sizeof out->role, "operator");
    const char *r = getenv("WARD_ROLE");
    if (!r || !*r || !strcmp(r, "operator")) return WARD_OK;
    if (!ward_role_valid(r))
        return ward_err_set(err, WARD_EUSAGE,
                            "WARD_ROLE must be clinician, nurse, researcher, patient, admin or integration");
    snprintf(out->role, sizeof out->role, "%s", r);
    return WARD_OK;
}

/* The CLI's principal (narrowed or not) reads every patient its actions
 * allow: it is the data directory's owner, not a user with a care team. */
static int is_cli(const ward_principal *p) { return !p->user_id && !p->token_id; }

int ward_scope_allows(ward_store *st, const ward_principal *p, const char *patient_id, ward_err *err)
{
    if (!p || !patient_id || !*patient_id) return 0;
    if (is_cli(p)) return ward_scope_may(p, "read_phi") || ward_scope_may(p, "read_deid");
    if (!ward_scope_may(p, "read_phi")) return 0;
    if (!strcmp(p->role, "patient")) return !strcmp(p->patient_id, patient_id);
    if (strcmp(p->role, "clinician") && strcmp(p->role, "nurse")) return 0;
    if (ward_btg_sweep(st, err)) return 0;
    int yes = 0;
    if (ward_store_care_or_btg(st, p->user_id, patient_id, gov_now(), &yes, err)) return 0;
    return yes;
}

typedef struct id_list {
    char **v;
    size_t n, cap;
} id_list;

static int add_id(void *ud, const char *id)
{
    id_list *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = ward_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = ward_xstrdup(id);
    return 0;
}

int ward_scope_patients(ward_store *st, const ward_principal *p, char ***ids, size_t *n, int *all,
                        ward_err *err)
{
    *ids = NULL, *n = 0, *all = 0;
    id_list l = {0};
    int rc = WARD_OK;
    if (is_cli(p) || !strcmp(p->role, "researcher"))
        *all = ward_scope_may(p, "read_phi") || ward_scope_may(p, "read_deid");
    else if (!ward_scope_may(p, "read_phi"))
        ;
    else if (!strcmp(p->role, "patient"))
        add_id(&l, p->patient_id);
    else if (!strcmp(p->role, "clinician") || !strcmp(p->role, "nurse")) {
        rc = ward_btg_sweep(st, err);
        if (!rc) rc = ward_store_scope_patients(st, p->user_id, gov_now(), add_id, &l, err);
    }
    if (rc) {
        ward_scope_free(l.v, l.n);
        return rc;
    }
    *ids = l.v, *n = l.n;
    return WARD_OK;
}

void ward_scope_free(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
}

/* ---- break-the-glass ---- */

static void iso(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ward_btg_open(ward_store *st, const ward_principal *p, const char *patient_id, const char *reason,
                  int minutes, ward_err *err)
{
    if (!p || strcmp(p->role, "clinician") || !ward_scope_may(p, "read_phi"))
        return ward_err_set(err, WARD_EDENIED, "only a clinician may break the glass");
    if (!reason || strlen(reason) < 4 || strlen(reason) > 500)
        return ward_err_set(err, WARD_EUSAGE, "break-the-glass needs a stated reason (4-500 characters)");
    if (minutes < 1 || minutes > 1440) return ward_err_set(err, WARD_EUSAGE, "a grant lasts 1 to 1440 minutes");
    int known = 0;
    if (patient_id) {
        int rc = ward_store_patient_exists(st, patient_id, &known, err);
        if (rc) return rc;
    }
    if (!known) return ward_err_set(err, WARD_ENOTFOUND, "no patient with that id");
    ward_btg_row g = {0};
    g.user_id = p->user_id;
    snprintf(g.patient_id, sizeof g.patient_id, "%s", patient_id);
    snprintf(g.reason, sizeof g.reason, "%s", reason);
    g.started_at = gov_now();
    g.expires_at = g.started_at + 60L * minutes;
    char from[32], to[32];
    iso(g.started_at, from);
    iso(g.expires_at, to);
    int rc = ward_store_begin(st, err);
    if (rc) return rc;
    rc = ward_store_btg_add(st, &g, NULL, err);
    ward_audit_event e = {p->user, p->role, "btg_start", patient_id, NULL, "ok", reason, NULL, from, to};
    if (!rc) rc = ward_audit_log(st, &e, err);
    if (rc) {
        ward_store_rollback(st);
        return rc;
    }
    rc = ward_store_commit(st, err);
    return rc ? rc : gov_audit_sync(st, err);
}

typedef struct due_list {
    ward_btg_row v[32];
    int n;
} due_list;

static int add_due(void *ud, const ward_btg_row *g)
{
    due_list *d = ud;
    d->v[d->n++] = *g;
    return d->n == 32; /* the rest on the next sweep */
}

int ward_btg_sweep(ward_store *st, ward_err *err)
{
    due_list d;
    d.n = 0;
    int64_t now = gov_now();
    int rc = ward_store_btg_each(st, 1, now, add_due, &d, err);
    if (rc || !d.n) return rc;
    if ((rc = ward_store_begin(st, err))) return rc;
    for (int i = 0; i < d.n && !rc; i++) {
        ward_user_row u;
        ward_btg_row *g = &d.v[i];
        char from[32], to[32];
        iso(g->started_at, from);
        iso(g->expires_at, to);
        rc = ward_store_user_get(st, NULL, g->user_id, &u, err);
        ward_audit_event e = {u.name, u.role, "btg_end", g->patient_id, NULL, "ok", g->reason, NULL, from, to};
        if (!rc) rc = ward_store_btg_mark_ended(st, g->id, now, err);
        if (!rc) rc = ward_audit_log(st, &e, err);
        else if (rc == WARD_ENOTFOUND) rc = WARD_OK; /* another process recorded this end */
    }
    if (rc) {
        ward_store_rollback(st);
        return rc;
    }
    rc = ward_store_commit(st, err);
    return rc ? rc : gov_audit_sync(st, err);
}

typedef struct {
    ward_btg_fn fn;
    void *ud;
} btg_walk;

static int btg_cb(void *ud, const ward_btg_row *r)
{
    btg_walk *w = ud;
    ward_btg_info g = {r->id, r->user, r->patient_id, r->reason, r->started_at, r->expires_at, r->ended_at};
    return w->fn(w->ud, &g);
}

int ward_btg_each(ward_store *st, ward_btg_fn fn, void *ud, ward_err *err)
{
    int rc = ward_btg_sweep(st, err);
    btg_walk w = {fn, ud};
    return rc ? rc : ward_store_btg_each(st, 0, 0, btg_cb, &w, err);
}
