/* govern.h — the record of who did what: an append-only, hash-chained audit.
 *
 * Each event's hash covers its fields and the previous event's hash, so
 * editing or deleting any past event breaks every hash after it, and
 * ward_audit_verify finds the first broken link. Events name patients by id
 * and resources by type/id, never by content (no PHI beyond the id).
 */
#ifndef WARD_GOVERN_H
#define WARD_GOVERN_H

#include "ward/store.h"

typedef struct ward_audit_event {
    const char *actor;      /* user name ($WARD_USER, else $USER) */
    const char *role;       /* clinician, nurse, researcher, patient, admin ... */
    const char *action;     /* e.g. "search", "show", "ask", "ingest" */
    const char *patient_id; /* or NULL */
    const char *resources;  /* JSON array of touched ids, or NULL */
    const char *outcome;    /* "ok", "denied", "error" */
} ward_audit_event;

/* Appends one event (in its own transaction unless one is open). */
int ward_audit_log(ward_store *st, const ward_audit_event *e, ward_err *err);
/* Checks the whole chain; *n gets the number of events checked. On a break
 * returns WARD_EINPUT and names the first bad event id in err. */
int ward_audit_verify(ward_store *st, long *n, ward_err *err);
/* Actor and role of the current process, from WARD_USER / USER and WARD_ROLE. */
const char *ward_audit_actor(void);
const char *ward_audit_role(void);

#endif
