/* audit_spool.c — audit events that could not wait for the write lock.
 *
 * Ideas a reader needs:
 *  - Every access is recorded before its answer is given, but a read must
 *    not wait for another process's long write transaction (a big ingest)
 *    to record it. When the audit append cannot get the write lock within
 *    WARD_STORE_SIDE_WRITE_MS, the event goes to DATA/audit.spool instead:
 *    one JSON line, appended and fsync'ed under an flock, with a MAC over its
 *    fields (key: DATA/audit.key, id 0 and "spool" in place of the previous
 *    hash). The read then answers; the event is durable either way.
 *  - The next append that gets the lock drains the spool first, in order,
 *    inside its own transaction: spooled events join the chain with their
 *    original times. The spool is emptied after the commit; meta
 *    'audit.spool.drained' (committed with the events: the length and hash
 *    of the spool content drained) makes a crash between the commit and
 *    the truncation harmless: that prefix is skipped, never chained twice.
 *  - A spool line whose MAC does not match stops the drain (nothing is
 *    chained from a forged line) and `ward audit verify` reports it.
 */
#include "govern_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define SPOOL_META "audit.spool.drained"

static void spool_path(ward_store *st, char out[4096])
{
    snprintf(out, 4096, "%s/audit.spool", ward_store_dir(st));
}

/* The MAC of a spooled event: the chain's keyed hash with id 0 and "spool". */
static void spool_mac(const unsigned char *key, const ward_audit_event *e, const char *ts, char out[65])
{
    ward_audit_row r = {0, ts, e->actor, e->role, e->action, e->patient_id, e->resources, e->outcome,
                        e->reason, e->client, e->period_start, e->period_end, "spool", NULL};
    gov_audit_hash(key, &r, out);
}

int gov_spool_append(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                     ward_err *err)
{
    char mac[65], path[4096];
    spool_mac(key, e, ts, mac);
    json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s}", "ts", ts,
                          "actor", e->actor, "role", e->role, "action", e->action, "patient_id", e->patient_id,
                          "resources", e->resources, "outcome", e->outcome, "reason", e->reason, "client",
                          e->client, "period_start", e->period_start, "period_end", e->period_end, "mac", mac);
    char *line = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    if (!line) return ward_err_set(err, WARD_EIO, "cannot record the audit event: out of memory");
    spool_path(st, path);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    int rc = WARD_OK;
    if (fd < 0 || flock(fd, LOCK_EX)) {
        rc = ward_err_set(err, WARD_EIO, "cannot record the audit event in %s: %s", path, strerror(errno));
    } else {
        size_t n = strlen(line);
        char *rec = ward_xmalloc(n + 1);   /* one write: O_APPEND keeps lines whole */
        memcpy(rec, line, n);
        rec[n] = '\n';
        if (write(fd, rec, n + 1) != (ssize_t)(n + 1) || fsync(fd))
            rc = ward_err_set(err, WARD_EIO, "cannot record the audit event in %s: %s", path, strerror(errno));
        free(rec);
    }
    if (fd >= 0) close(fd);
    free(line);
    return rc;
}

/* The spool, read whole under an exclusive flock: *fd -1 when there is none. */
static int spool_read(ward_store *st, int *fd, char **data, size_t *len, ward_err *err)
{
    char path[4096];
    spool_path(st, path);
    *data = NULL;
    *len = 0;
    *fd = open(path, O_RDWR | O_CLOEXEC);
    if (*fd < 0) return errno == ENOENT ? WARD_OK : ward_err_set(err, WARD_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (flock(*fd, LOCK_EX) || fstat(*fd, &sb)) {
        int e = errno;
        close(*fd);
        *fd = -1;
        return ward_err_set(err, WARD_EIO, "%s: %s", path, strerror(e));
    }
    *data = ward_xmalloc((size_t)sb.st_size + 1);
    ssize_t got = pread(*fd, *data, (size_t)sb.st_size, 0);
    *len = got > 0 ? (size_t)got : 0;
    (*data)[*len] = 0;
    return WARD_OK;
}

/* Calls fn on each event of data[from..len) whose MAC holds; a line that
 * does not hold stops with WARD_EINPUT naming it. */
typedef int (*spool_fn)(void *ud, const ward_audit_event *e, const char *ts, ward_err *err);

static int spool_each(const unsigned char *key, const char *data, size_t from, size_t len, spool_fn fn,
                      void *ud, long *n, ward_err *err)
{
    long line = 0;
    int rc = WARD_OK;
    for (size_t at = from; at < len && !rc;) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - data) : len;
        line++;
        json_t *o = json_loadb(data + at, end - at, 0, NULL);
        at = end + 1;
#define F(k) json_string_value(json_object_get(o, k))
        ward_audit_event e = {F("actor"), F("role"), F("action"), F("patient_id"), F("resources"), F("outcome"),
                              F("reason"), F("client"), F("period_start"), F("period_end")};
        const char *ts = F("ts"), *mac = F("mac");
#undef F
        char want[65];
        if (ts) spool_mac(key, &e, ts, want);
        if (!ts || !mac || !e.actor || !e.role || !e.action || !e.outcome || !gov_str_eq(mac, want))
            rc = ward_err_set(err, WARD_EINPUT, "audit spool event %ld (after those already in the log) was altered"
                              " or is not an audit event", line);
        else if (fn) rc = fn(ud, &e, ts, err);
        if (!rc && n) (*n)++;
        json_decref(o);
    }
    return rc;
}

/* "LEN HASH": how much of the spool's content the log already holds (a
 * mark that cannot be read counts as nothing: every event is then checked
 * and, when taken, chained). */
static size_t drained_prefix(ward_store *st, const char *data, size_t len)
{
    char *m = NULL;
    ward_err err = {0};
    ward_store_meta_get(st, SPOOL_META, &m, &err);
    size_t done = 0;
    char hash[65], want[65] = "";
    unsigned long long l = 0;
    if (m && sscanf(m, "%llu %64s", &l, want) == 2 && l <= len) {
        ward_hash_hex(data, (size_t)l, hash);
        if (!strcmp(hash, want)) done = (size_t)l;
    }
    free(m);
    return done;
}

typedef struct {
    ward_store *st;
    const unsigned char *key;
} chain_ctx;

static int chain_one(void *ud, const ward_audit_event *e, const char *ts, ward_err *err)
{
    chain_ctx *c = ud;
    return gov_audit_append(c->st, c->key, e, ts, err);
}

int gov_spool_take(ward_store *st, const unsigned char *key, int *fd, ward_err *err)
{
    char *data;
    size_t len;
    int rc = spool_read(st, fd, &data, &len, err);
    if (rc || *fd < 0) return rc;
    size_t from = drained_prefix(st, data, len);
    chain_ctx c = {st, key};
    rc = spool_each(key, data, from, len, chain_one, &c, NULL, err);
    if (!rc && from < len) {
        char hash[65], mark[96];
        ward_hash_hex(data, len, hash);
        snprintf(mark, sizeof mark, "%zu %s", len, hash);
        rc = ward_store_meta_set(st, SPOOL_META, mark, err);
    }
    free(data);
    if (rc) {
        close(*fd);
        *fd = -1;
    }
    return rc;
}

void gov_spool_done(int fd, int committed)
{
    if (fd < 0) return;
    if (committed && ftruncate(fd, 0)) {}   /* left as is, the drained mark skips it */
    close(fd);
}

int gov_spool_check(ward_store *st, const unsigned char *key, long *pending, ward_err *err)
{
    int fd;
    char *data;
    size_t len;
    *pending = 0;
    int rc = spool_read(st, &fd, &data, &len, err);
    if (rc || fd < 0) return rc;
    rc = spool_each(key, data, drained_prefix(st, data, len), len, NULL, NULL, pending, err);
    free(data);
    close(fd);
    return rc;
}
