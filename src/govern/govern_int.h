/* govern_int.h — what src/govern's files share: the secret keys kept beside
 * the store (never in it), keyed hashes, random hex, the clock and the
 * config keys they read. */
#ifndef WARD_GOVERN_INT_H
#define WARD_GOVERN_INT_H

#include "ward/govern.h"

#define GOV_KEY_BYTES 32

/* DATA/NAME: GOV_KEY_BYTES random bytes, mode 0600. Created when `create`
 * is set and the file is absent; else WARD_ENOTFOUND when absent. Keys are
 * cached per process (the server checks a token per request). */
int gov_key(const char *dir, const char *name, int create, unsigned char key[GOV_KEY_BYTES], ward_err *err);
/* Hex keyed BLAKE2b-256 of p[0..n). */
void gov_mac_hex(const unsigned char key[GOV_KEY_BYTES], const void *p, size_t n, char out[65]);
/* 2*nbytes random hex digits and a NUL into out. */
void gov_random_hex(char *out, size_t nbytes);
/* 1 when a and b are equal strings, in time independent of where they differ. */
int gov_str_eq(const char *a, const char *b);
int64_t gov_now(void);
/* A duration ("15m", "2s", "1d") or number from DATA/config, else def. */
int64_t gov_config_seconds(const char *dir, const char *key, int64_t def);
/* Writes n bytes to path through a 0600 temporary file and a rename. */
int gov_write_atomic(const char *path, const char *data, size_t n, ward_err *err);
/* Fills p from a user row (limits, patient, role). */
void gov_principal_from_user(ward_principal *p, const ward_user_row *u);
/* The keyed hash of a token or session secret (key: DATA/auth.key). */
int gov_secret_hash(ward_store *st, const char *secret, char out[65], ward_err *err);
/* Rewrites DATA/identity.stamp (see ward_identity_stamp): after a change
 * to a token or user that kept principals must not outlive. */
int gov_identity_changed(ward_store *st, ward_err *err);

/* Moves DATA/audit.head forward to the log's last event, when the log
 * still holds the event the head names (a truncated log keeps its old head,
 * so verify finds the truncation). Run after each commit of audit events. */
int gov_audit_sync(ward_store *st, ward_err *err);
/* The keyed hash of an audit row (key NULL: the unkeyed hash of events
 * older than the key). */
void gov_audit_hash(const unsigned char *key, const ward_audit_row *r, char out[65]);
/* Chains one event (time ts) after the log's last; the caller holds the
 * write transaction. */
int gov_audit_append(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                     ward_err *err);

/* The audit spool (audit_spool.c): events recorded while another process
 * held the write lock. append: one MACed line, fsync'ed. take (inside the
 * write transaction): chains the events not yet chained and marks them;
 * *fd (or -1) stays locked until done(fd, committed) empties the spool.
 * check: verifies the MAC of each event still waiting (*pending). */
int gov_spool_append(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                     ward_err *err);
int gov_spool_take(ward_store *st, const unsigned char *key, int *fd, ward_err *err);
void gov_spool_done(int fd, int committed);
int gov_spool_check(ward_store *st, const unsigned char *key, long *pending, ward_err *err);

#endif
