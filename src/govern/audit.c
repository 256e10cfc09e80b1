/* audit.c — the audit log: a MAC-chained list of events anchored outside
 * the database.
 *
 * Ideas a reader needs:
 *  - Each event's `hash` is a keyed BLAKE2b (key: DATA/audit.key, never in
 *    the database) over its id, the previous event's hash and its fields,
 *    separated by 0x1f. Without the key nobody can edit a row and recompute
 *    the chain after it. Events older than the key (stores made before it
 *    existed) keep the old unkeyed hash; the head says where keying began.
 *  - DATA/audit.head holds the first keyed id and the last event's id and
 *    hash, MACed with the same key. Deleting the last rows (or all of them)
 *    leaves the head naming an event that is gone: verify reports it. It is
 *    two 512-byte slots written in turn in place (pwrite, no new file and
 *    rename: ext4 flushes a renamed file's data, a tenth of a server's
 *    search); the newer slot is the head, the older one stays whole while
 *    a write runs, and verify reports a slot that does not verify.
 *  - The head only moves forward, and only when the log still holds the
 *    event it names, so a truncated log can never rewrite its own anchor.
 *    Events after the head are fine (a crash between commit and the head
 *    write): their MACs prove them.
 *  - Appends read the last event and insert inside one IMMEDIATE
 *    transaction, so two writers cannot fork the chain; the head is written
 *    after the commit under an flock on DATA/audit.lock.
 *  - In a busy server many threads append at once. They queue their events
 *    (per data directory) rather than racing for SQLite's write lock (whose
 *    loser would wait, or spool), and one of them, the leader, commits the
 *    whole queue in one transaction and then writes the head once (group
 *    commit), while the next events queue behind it. Each append still
 *    returns only after its event has committed (or been spooled, fsync'ed)
 *    and after a head write that began after that commit, so the anchor
 *    never lags an answered request. One commit for many events also means
 *    fewer changes for the other connections' page caches to throw away.
 *  - A group's head write costs little: audit.lock and audit.head stay
 *    open between writes (opened again when the file was deleted or
 *    replaced), and what the commit read inside its transaction (the event
 *    the log ended at, its own last event) stands in for the queries of the
 *    log's end and of the event the head names, when the head names that
 *    very event (the usual case: the head moved at the previous commit).
 */
#include "govern_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

typedef struct head {
    int64_t first, last;
    char hash[65];
} head;

/* audit.head is two slots of HEAD_SLOT bytes, each a disk sector. */
#define HEAD_SLOT 512

static const char *opt(const char *s) { return s ? s : ""; }

/* The keyed event hash, or (key NULL) the unkeyed one of older events. */
void gov_audit_hash(const unsigned char *key, const ward_audit_row *r, char out[65])
{
    ward_buf b;
    ward_buf_init(&b);
    if (key) {
        ward_buf_printf(&b, "%" PRId64 "\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
                        r->id, r->prev_hash, r->ts, r->actor, r->role, r->action, opt(r->patient_id),
                        opt(r->resources), r->outcome, opt(r->reason), opt(r->client), opt(r->period_start),
                        opt(r->period_end));
        gov_mac_hex(key, b.data, b.len, out);
    } else {
        ward_buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", r->prev_hash, r->ts, r->actor, r->role,
                        r->action, opt(r->patient_id), opt(r->resources), r->outcome);
        ward_hash_hex(b.data, b.len, out);
    }
    ward_buf_free(&b);
}

/* ---- the head checkpoint ---- */

static void head_path(ward_store *st, const char *name, char out[4096])
{
    snprintf(out, 4096, "%s/%s", ward_store_dir(st), name);
}

static void head_text(const unsigned char *key, const head *h, ward_buf *b)
{
    ward_buf_printf(b, "ward-audit-head 1\nfirst %" PRId64 "\nlast %" PRId64 "\nhash %s\n", h->first, h->last, h->hash);
    char mac[65];
    gov_mac_hex(key, b->data, b->len, mac);
    ward_buf_printf(b, "mac %s\n", mac);
}

/* One slot's bytes: the head text, then padding (spaces and newlines; a
 * hole left by a file shorter than both slots reads as NULs). */
static int is_padding(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\n' && p[i] != 0) return 0;
    return 1;
}

/* 1 when p[0,n) is a head MACed with key (into *h); 0 when it is not. */
static int slot_parse(const unsigned char *key, const char *p, size_t n, head *h)
{
    char text[HEAD_SLOT + 1];
    memcpy(text, p, n);
    text[n] = 0;
    memset(h, 0, sizeof *h);
    if (sscanf(text, "ward-audit-head 1\nfirst %" SCNd64 "\nlast %" SCNd64 "\nhash %64s\n", &h->first, &h->last,
               h->hash) != 3)
        return 0;
    ward_buf want;
    ward_buf_init(&want);
    head_text(key, h, &want);
    int ok = want.len <= n && sodium_memcmp(want.data, p, want.len) == 0 && is_padding(p + want.len, n - want.len);
    ward_buf_free(&want);
    return ok;
}

/* The newer of the two slots in text[0,len) (the greater `last`: the head
 * only moves forward) into *h and its number into *slot. *damaged is set
 * when the other slot is neither blank nor a valid head (an edit, or a
 * crash that tore the write). WARD_EINPUT when no slot holds a valid head. */
static int head_parse(const unsigned char *key, const char *text, size_t len, const char *path, head *h,
                      int *slot, int *damaged, ward_err *err)
{
    int found = -1, bad = 0;
    for (int i = 0; i < 2 && len <= 2 * HEAD_SLOT; i++) {
        size_t at = (size_t)i * HEAD_SLOT, n = len > at ? (len - at < HEAD_SLOT ? len - at : HEAD_SLOT) : 0;
        head one;
        if (is_padding(text + at, n)) continue;   /* never written */
        if (!slot_parse(key, text + at, n, &one)) bad = 1;
        else if (found < 0 || one.last > h->last) *h = one, found = i;
    }
    if (found < 0) return ward_err_set(err, WARD_EINPUT, "%s was altered or is not an audit head", path);
    *slot = found;
    *damaged = bad;
    return WARD_OK;
}

/* head_parse of DATA/audit.head; WARD_ENOTFOUND when the file is absent. */
static int head_read(ward_store *st, const unsigned char *key, head *h, int *slot, int *damaged, ward_err *err)
{
    char path[4096];
    head_path(st, "audit.head", path);
    char *text = NULL;
    size_t len = 0;
    if (access(path, F_OK) != 0) return WARD_ENOTFOUND;
    if (ward_read_file(path, 4096, &text, &len, err)) return WARD_EIO;
    int rc = head_parse(key, text, len, path, h, slot, damaged, err);
    free(text);
    return rc;
}

/* Writes h into slot `slot` of fd in place: one pwrite of HEAD_SLOT bytes
 * (from buf, left holding them). */
static int head_write_fd(int fd, const char *path, const unsigned char *key, const head *h, int slot,
                         char buf[HEAD_SLOT], ward_err *err)
{
    ward_buf b;
    ward_buf_init(&b);
    head_text(key, h, &b);
    memcpy(buf, b.data, b.len);   /* about 180 bytes */
    memset(buf + b.len, ' ', HEAD_SLOT - b.len - 1);
    buf[HEAD_SLOT - 1] = '\n';
    ward_buf_free(&b);
    if (pwrite(fd, buf, HEAD_SLOT, (off_t)slot * HEAD_SLOT) != HEAD_SLOT)
        return ward_err_set(err, WARD_EIO, "%s: cannot write (%s)", path, strerror(errno));
    return WARD_OK;
}

/* Writes h into slot `slot` in place (no new file and rename: that made
 * ext4 flush the new file's data at every group commit). The slot is a
 * disk sector of its own, and the other slot keeps the previous head while
 * it is written. */
static int head_write(ward_store *st, const unsigned char *key, const head *h, int slot, ward_err *err)
{
    char path[4096];
    head_path(st, "audit.head", path);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 && fchmod(fd, 0600)) {   /* whatever the umask */
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) return ward_err_set(err, WARD_EIO, "%s: cannot write (%s)", path, strerror(errno));
    char buf[HEAD_SLOT];
    int rc = head_write_fd(fd, path, key, h, slot, buf, err);
    if (close(fd) && !rc) rc = ward_err_set(err, WARD_EIO, "%s: cannot write (%s)", path, strerror(errno));
    return rc;
}

static int lock_open(ward_store *st, ward_err *err)
{
    char path[4096];
    head_path(st, "audit.lock", path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return -ward_err_set(err, WARD_EIO, "%s: cannot open (%s)", path, strerror(errno));
    if (flock(fd, LOCK_EX)) {
        close(fd);
        return -ward_err_set(err, WARD_EIO, "%s: cannot lock", path);
    }
    return fd;
}

/* head_read for a reader holding no lock: under audit.lock shared, so a
 * slot being written is never read half done (without the lock file
 * nobody has written). */
static int head_read_shared(ward_store *st, const unsigned char *key, head *h, int *damaged, ward_err *err)
{
    char path[4096];
    head_path(st, "audit.lock", path);
    int fd = open(path, O_RDONLY | O_CLOEXEC), slot;
    if (fd >= 0 && flock(fd, LOCK_SH)) {
        close(fd);
        fd = -1;
    }
    int rc = head_read(st, key, h, &slot, damaged, err);
    if (fd >= 0) close(fd);
    return rc;
}

/* Now, as ISO 8601 UTC with milliseconds. */
static void now_iso(char out[40])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 40 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
}

/* Loads the key; creates key and head when neither exists (a new log, or
 * one from before keying: its events stay unkeyed). Whether the key is
 * missing is decided under audit.lock: a process that found no key may
 * have looked just before another, holding the lock, made both key and
 * head (it then read "key missing" from a new store). */
static int audit_key(ward_store *st, unsigned char key[GOV_KEY_BYTES], ward_err *err)
{
    int rc = gov_key(ward_store_dir(st), "audit.key", 0, key, err);
    if (rc != WARD_ENOTFOUND) return rc;
    int fd = lock_open(st, err);
    if (fd < 0) return -fd;
    char path[4096];
    head_path(st, "audit.head", path);
    rc = gov_key(ward_store_dir(st), "audit.key", 0, key, err);
    if (rc == WARD_ENOTFOUND && access(path, F_OK) == 0)
        rc = ward_err_set(err, WARD_EIO, "%s/audit.key is missing: the audit log cannot be extended or verified"
                          " (restore it from backup)", ward_store_dir(st));
    else if (rc == WARD_ENOTFOUND) {
        head h = {0};
        rc = ward_store_audit_last(st, &h.last, h.hash, err);
        if (!rc && !h.last) memcpy(h.hash, GENESIS, sizeof h.hash);
        h.first = h.last + 1;
        if (!rc && !(rc = gov_key(ward_store_dir(st), "audit.key", 1, key, err))) rc = head_write(st, key, &h, 0, err);
    }
    close(fd);
    return rc;
}

int ward_audit_init(ward_store *st, ward_err *err)
{
    unsigned char key[GOV_KEY_BYTES];
    int rc = audit_key(st, key, err);
    sodium_memzero(key, sizeof key);
    return rc;
}

/* The log's last event, as an append inside a transaction knows it. */
typedef struct audit_tail {
    int64_t id;                  /* 0: the log is empty */
    char hash[65];
} audit_tail;

/* What a commit of audit events read inside its transaction: where the log
 * ended before its events and after them. */
typedef struct audit_mark {
    audit_tail before, last;
} audit_mark;

/* audit.lock and audit.head kept open between head writes (-1: not yet),
 * and the head's bytes as last read or written with the head they hold
 * (seen_len 0: none), so that the same bytes again need no parse. */
typedef struct audit_files {
    int lock, head;
    char seen[2 * HEAD_SLOT];
    size_t seen_len;
    head seen_h;
    int seen_slot;
} audit_files;

/* The head in f->head (head_parse), the parse spared when the bytes are
 * those seen last (the usual case: nobody else wrote it since). */
static int head_read_fd(audit_files *f, const char *path, const unsigned char *key, head *h, int *slot,
                        ward_err *err)
{
    char text[2 * HEAD_SLOT + 1];
    ssize_t n = pread(f->head, text, sizeof text, 0);
    if (n < 0) return ward_err_set(err, WARD_EIO, "%s: cannot read (%s)", path, strerror(errno));
    if (f->seen_len && (size_t)n == f->seen_len && !memcmp(text, f->seen, f->seen_len)) {
        *h = f->seen_h;
        *slot = f->seen_slot;
        return WARD_OK;
    }
    int damaged = 0;
    int rc = head_parse(key, text, (size_t)n, path, h, slot, &damaged, err);
    f->seen_len = 0;
    if (!rc && !damaged && (size_t)n <= sizeof f->seen) {
        memcpy(f->seen, text, (size_t)n);
        f->seen_len = (size_t)n, f->seen_h = *h, f->seen_slot = *slot;
    }
    return rc;
}

/* After h was written into slot `slot` (bytes buf): what the file holds. */
static void head_seen(audit_files *f, const head *h, int slot, const char buf[HEAD_SLOT])
{
    size_t at = (size_t)slot * HEAD_SLOT;
    if (f->seen_len < at) {   /* a hole before it: read it next time */
        f->seen_len = 0;
        return;
    }
    memcpy(f->seen + at, buf, HEAD_SLOT);
    if (f->seen_len < at + HEAD_SLOT) f->seen_len = at + HEAD_SLOT;
    f->seen_h = *h, f->seen_slot = slot;
}

/* *fd open on DATA/name (path set): kept while it is still that file (one
 * deleted or replaced since has no links left), else opened by path. */
static int keep_open(ward_store *st, const char *name, int flags, int *fd, char path[4096])
{
    head_path(st, name, path);
    struct stat sb;
    if (*fd >= 0 && (fstat(*fd, &sb) || sb.st_nlink == 0)) {
        close(*fd);
        *fd = -1;
    }
    if (*fd < 0) *fd = open(path, flags | O_CLOEXEC, 0600);
    return *fd;
}

/* Moves the head forward to the log's last event, under audit.lock. files
 * (or NULL: opened and closed here) are kept open between calls. m (or
 * NULL) is the commit being anchored, which spares the two queries: its
 * last event is the one to name, and when the head names the event its
 * transaction found last, the log held that event when the commit began
 * (a truncation since shows in verify: the head will name an event that is
 * gone, or the chain breaks). */
static int sync_head(ward_store *st, audit_files *files, const audit_mark *m, ward_err *err)
{
    unsigned char key[GOV_KEY_BYTES];
    int rc = audit_key(st, key, err);
    if (rc) return rc;
    audit_files own = {.lock = -1, .head = -1}, *f = files ? files : &own;
    char lpath[4096], hpath[4096];
    if (keep_open(st, "audit.lock", O_RDWR | O_CREAT, &f->lock, lpath) < 0 || flock(f->lock, LOCK_EX)) {
        sodium_memzero(key, sizeof key);
        return ward_err_set(err, WARD_EIO, "%s: cannot lock (%s)", lpath, strerror(errno));
    }
    head h, now;
    int slot = 0;
    if (keep_open(st, "audit.head", O_RDWR, &f->head, hpath) < 0)
        rc = errno == ENOENT ? WARD_OK   /* lost: verify reports it; never recreate one */
                             : ward_err_set(err, WARD_EIO, "%s: cannot open (%s)", hpath, strerror(errno));
    else if (!(rc = head_read_fd(f, hpath, key, &h, &slot, err))) {
        if (m) now.last = m->last.id, memcpy(now.hash, m->last.hash, sizeof now.hash);
        else rc = ward_store_audit_last(st, &now.last, now.hash, err);
        if (!rc && now.last > h.last) {
            char at[65];
            int held = h.last == 0 || (m && h.last == m->before.id && !strcmp(h.hash, m->before.hash));
            if (!held && !(rc = ward_store_audit_hash_at(st, h.last, at, err))) held = !strcmp(at, h.hash);
            now.first = h.first;
            /* The older slot: h stays whole meanwhile. */
            char buf[HEAD_SLOT];
            if (!rc && held && !(rc = head_write_fd(f->head, hpath, key, &now, 1 - slot, buf, err)))
                head_seen(f, &now, 1 - slot, buf);
            else if (rc) f->seen_len = 0;
        }
    }
    flock(f->lock, LOCK_UN);
    if (!files) {
        close(own.lock);
        if (own.head >= 0) close(own.head);
    }
    sodium_memzero(key, sizeof key);
    return rc;
}

int gov_audit_sync(ward_store *st, ward_err *err)
{
    return sync_head(st, NULL, NULL, err);
}

/* Chains e after *t (the log's last) and moves *t to it. */
static int append_after(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                        audit_tail *t, ward_err *err)
{
    char hash[65];
    ward_audit_row r = {t->id + 1, ts, opt(e->actor), opt(e->role), opt(e->action), e->patient_id, e->resources,
                        opt(e->outcome), e->reason, e->client, e->period_start, e->period_end,
                        t->id ? t->hash : GENESIS, hash};
    gov_audit_hash(key, &r, hash);
    int rc = ward_store_audit_insert(st, &r, err);
    if (!rc) {
        t->id = r.id;
        memcpy(t->hash, hash, sizeof t->hash);
    }
    return rc;
}

int gov_audit_append(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                     ward_err *err)
{
    audit_tail t;
    int rc = ward_store_audit_last(st, &t.id, t.hash, err);
    return rc ? rc : append_after(st, key, e, ts, &t, err);
}

/* The start of the audit's own transaction: the spool's events are
 * chained first (*fd: see gov_spool_take), then m marks the log's end. */
static int begin_chain(ward_store *st, const unsigned char *key, int *fd, audit_mark *m, ward_err *err)
{
    int rc = gov_spool_take(st, key, fd, err);
    if (!rc) rc = ward_store_audit_last(st, &m->before.id, m->before.hash, err);
    m->last = m->before;
    return rc;
}

/* ---- appends of one process, together ---- */

/* One event waiting in a group's queue (on its caller's stack). */
typedef struct audit_wait {
    const ward_audit_event *e;
    const char *ts;
    struct audit_wait *next;
    int done, rc;
    ward_err err;
} audit_wait;

typedef struct audit_group {
    char dir[512];
    pthread_mutex_t append;      /* held from BEGIN to COMMIT */
    pthread_mutex_t mu;          /* guards what follows */
    pthread_cond_t cv;
    int syncing;                 /* a head write is running */
    uint64_t started, done;      /* head writes begun / finished */
    int rc;                      /* the last finished one's result */
    ward_err err;
    audit_wait *queue, **tail;   /* events waiting for the next leader */
    int leading;                 /* a leader is committing a batch */
    audit_mark mark;             /* the last commit's (set under append) */
    int marked;
    audit_files files;           /* the head writes' (only one runs at a time) */
} audit_group;

#define AUDIT_GROUPS 8
static audit_group groups[AUDIT_GROUPS];
static int ngroups;
static pthread_mutex_t groups_mu = PTHREAD_MUTEX_INITIALIZER;

/* The group of st's data directory; NULL past AUDIT_GROUPS directories
 * (the appends then run on their own, as correct and only slower). */
static audit_group *group_of(ward_store *st)
{
    const char *dir = ward_store_dir(st);
    audit_group *g = NULL;
    pthread_mutex_lock(&groups_mu);
    for (int i = 0; i < ngroups && !g; i++)
        if (!strcmp(groups[i].dir, dir)) g = &groups[i];
    if (!g && ngroups < AUDIT_GROUPS && strlen(dir) < sizeof groups[0].dir) {
        g = &groups[ngroups++];
        snprintf(g->dir, sizeof g->dir, "%s", dir);
        pthread_mutex_init(&g->append, NULL);
        pthread_mutex_init(&g->mu, NULL);
        pthread_cond_init(&g->cv, NULL);
        g->tail = &g->queue;
        g->files.lock = g->files.head = -1;
        g->files.seen_len = 0;
    }
    pthread_mutex_unlock(&groups_mu);
    return g;
}

/* After a commit, under g->append: the mark the next head write uses. */
static void group_mark(audit_group *g, const audit_mark *m)
{
    pthread_mutex_lock(&g->mu);
    g->mark = *m;
    g->marked = 1;
    pthread_mutex_unlock(&g->mu);
}

/* gov_audit_sync for an append that has committed: waits for a head write
 * that begins after now, running it when none is under way. The head
 * write names the latest commit's last event (group_mark): at or after
 * the caller's. */
static int group_sync(audit_group *g, ward_store *st, ward_err *err)
{
    if (!g) return gov_audit_sync(st, err);
    pthread_mutex_lock(&g->mu);
    uint64_t need = g->started + 1;
    while (g->done < need) {
        if (g->syncing) {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        g->syncing = 1;
        uint64_t mine = ++g->started;
        audit_mark m = g->mark;
        int marked = g->marked;
        pthread_mutex_unlock(&g->mu);
        ward_err e = {0};
        int rc = sync_head(st, &g->files, marked ? &m : NULL, &e);
        pthread_mutex_lock(&g->mu);
        g->syncing = 0;
        g->done = mine;
        g->rc = rc;
        g->err = e;
        pthread_cond_broadcast(&g->cv);
    }
    int rc = g->rc;
    if (rc && err) *err = g->err;
    pthread_mutex_unlock(&g->mu);
    return rc;
}

/* Begins the audit's own transaction, waiting at most
 * WARD_STORE_SIDE_WRITE_MS for the write lock (WARD_EBUSY past it). */
static int begin_short(ward_store *st, ward_err *err)
{
    int old = ward_store_set_busy_timeout(st, WARD_STORE_SIDE_WRITE_MS);
    int rc = ward_store_begin(st, err);
    ward_store_set_busy_timeout(st, old);
    return rc;
}

/* The audit's own transaction, after this process's turn: the spool's
 * events first, then e (when non-NULL); commit, empty the spool, move the
 * head. WARD_EBUSY (nothing done) when another process holds the lock. */
static int append_own(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                      ward_err *err)
{
    audit_group *g = group_of(st);
    if (g) pthread_mutex_lock(&g->append);
    int rc = begin_short(st, err);
    if (rc) {
        if (g) pthread_mutex_unlock(&g->append);
        return rc;
    }
    int fd = -1;
    audit_mark m;
    rc = begin_chain(st, key, &fd, &m, err);
    if (!rc && e) rc = append_after(st, key, e, ts, &m.last, err);
    if (!rc && (rc = ward_store_commit(st, err)) == WARD_EBUSY) rc = WARD_EIO; /* EBUSY: not begun */
    if (rc) ward_store_rollback(st);
    gov_spool_done(fd, rc == WARD_OK);
    if (g && !rc) group_mark(g, &m);
    if (g) pthread_mutex_unlock(&g->append);
    return rc ? rc : group_sync(g, st, err);
}

/* One event in its own transaction; spooled when another process holds
 * the write lock (never make a read wait for it). */
static int append_one(ward_store *st, const unsigned char *key, const ward_audit_event *e, const char *ts,
                      ward_err *err)
{
    int rc = append_own(st, key, e, ts, err);
    if (rc == WARD_EBUSY) {
        ward_err_clear(err);
        rc = gov_spool_append(st, key, e, ts, err);
    }
    return rc;
}

/* The leader's work: the batch w (in arrival order) in one transaction,
 * then one head write. When another process holds the write lock, the
 * batch is spooled; when it fails otherwise, each event is tried on its
 * own, so each gets the outcome it would have had alone. */
static void commit_batch(audit_group *g, ward_store *st, const unsigned char *key, audit_wait *w)
{
    pthread_mutex_lock(&g->append);
    ward_err err = {0};
    int fd = -1;
    int rc = begin_short(st, &err);
    int busy = rc == WARD_EBUSY;
    if (!rc) {
        audit_mark m;
        rc = begin_chain(st, key, &fd, &m, &err);
        for (audit_wait *x = w; x && !rc; x = x->next) rc = append_after(st, key, x->e, x->ts, &m.last, &err);
        if (!rc && (rc = ward_store_commit(st, &err)) == WARD_EBUSY) rc = WARD_EIO;
        if (rc) ward_store_rollback(st);
        gov_spool_done(fd, rc == WARD_OK);
        if (!rc) group_mark(g, &m);
    }
    pthread_mutex_unlock(&g->append);
    if (!rc) {   /* committed: only the head remains */
        rc = group_sync(g, st, &err);
        for (audit_wait *x = w; x; x = x->next)
            if ((x->rc = rc)) x->err = err;
        return;
    }
    for (audit_wait *x = w; x; x = x->next)
        x->rc = busy ? gov_spool_append(st, key, x->e, x->ts, &x->err) : append_one(st, key, x->e, x->ts, &x->err);
}

/* Queues e and waits until a leader (perhaps this thread) has committed it. */
static int append_grouped(audit_group *g, ward_store *st, const unsigned char *key, const ward_audit_event *e,
                          const char *ts, ward_err *err)
{
    audit_wait me = {e, ts, NULL, 0, 0, {0}};
    pthread_mutex_lock(&g->mu);
    *g->tail = &me;
    g->tail = &me.next;
    while (!me.done) {
        if (g->leading) {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        g->leading = 1;
        audit_wait *batch = g->queue;
        g->queue = NULL;
        g->tail = &g->queue;
        pthread_mutex_unlock(&g->mu);
        commit_batch(g, st, key, batch);
        pthread_mutex_lock(&g->mu);
        for (audit_wait *x = batch, *next; x; x = next) {
            next = x->next;   /* x may return (and its stack go) once done is seen */
            x->done = 1;
        }
        g->leading = 0;
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    if (me.rc && err) *err = me.err;
    return me.rc;
}

int ward_audit_log(ward_store *st, const ward_audit_event *e, ward_err *err)
{
    unsigned char key[GOV_KEY_BYTES];
    int rc = audit_key(st, key, err);
    if (rc) return rc;
    char ts[40];
    now_iso(ts);
    audit_group *g;
    if (ward_store_in_transaction(st))   /* the caller's transaction holds the lock */
        rc = gov_audit_append(st, key, e, ts, err);
    else if ((g = group_of(st)))
        rc = append_grouped(g, st, key, e, ts, err);
    else
        rc = append_one(st, key, e, ts, err);
    sodium_memzero(key, sizeof key);
    if (rc) ward_err_prefix(err, "cannot record the audit event");
    return rc;
}

int ward_audit_flush(ward_store *st, ward_err *err)
{
    unsigned char key[GOV_KEY_BYTES];
    int rc = audit_key(st, key, err);
    if (!rc) rc = append_own(st, key, NULL, NULL, err);
    sodium_memzero(key, sizeof key);
    if (rc == WARD_EBUSY) {
        ward_err_clear(err);
        rc = WARD_OK;
    }
    return rc;
}

int ward_audit_as(ward_store *st, const ward_principal *p, const char *action, const char *patient_id,
                  const char *outcome, ward_err *err)
{
    ward_audit_event e = {p->user, p->role, action, patient_id, NULL, outcome, NULL, NULL, NULL, NULL};
    return ward_audit_log(st, &e, err);
}

long ward_audit_count(ward_store *st)
{
    long n = -1;
    ward_err err = {0};
    return ward_store_audit_count(st, &n, &err) ? -1 : n;
}

/* ---- verification ---- */

typedef struct verifier {
    const unsigned char *key; /* NULL: a log from before keying */
    head h;
    int has_head, seen_head;
    char prev[65];
    int64_t last;
    long n;
    int rc;
    ward_err *err;
} verifier;

static int verify_row(void *ud, const ward_audit_row *r)
{
    verifier *v = ud;
    char want[65];
    if (!r->ts || !r->actor || !r->role || !r->action || !r->outcome || !r->prev_hash || !r->hash) {
        v->rc = ward_err_set(v->err, WARD_EINPUT, "audit event %" PRId64 " has missing fields", r->id);
        return 1;
    }
    int keyed = v->key && v->has_head && r->id >= v->h.first;
    gov_audit_hash(keyed ? v->key : NULL, r, want);
    if (strcmp(r->prev_hash, v->prev) || strcmp(r->hash, want)) {
        v->rc = ward_err_set(v->err, WARD_EINPUT,
                             "audit chain broken at event %" PRId64 ": it or an earlier event was altered or removed",
                             r->id);
        return 1;
    }
    if (v->has_head && r->id == v->h.last) v->seen_head = 1;
    memcpy(v->prev, r->hash, sizeof v->prev);
    v->last = r->id;
    v->n++;
    return 0;
}

int ward_audit_verify(ward_store *st, long *n, ward_err *err)
{
    *n = 0;
    unsigned char key[GOV_KEY_BYTES];
    verifier v = {0};
    v.err = err;
    memcpy(v.prev, GENESIS, sizeof v.prev);
    int rc = gov_key(ward_store_dir(st), "audit.key", 0, key, err);
    int has_key = !rc;
    if (rc == WARD_ENOTFOUND) rc = WARD_OK;
    /* Spooled events join the chain first when the lock is free (best
     * effort: a read-only store cannot); those still waiting are checked
     * by their own MACs below. */
    ward_err ferr = {0};
    if (has_key) ward_audit_flush(st, &ferr);
    int damaged = 0;
    if (!rc) rc = has_key ? head_read_shared(st, key, &v.h, &damaged, err) : WARD_ENOTFOUND;
    v.has_head = !rc;
    if (!rc && damaged) {
        char path[4096];
        head_path(st, "audit.head", path);
        rc = ward_err_set(err, WARD_EINPUT, "%s was altered: one of its two slots is not a valid head (an edit, or a"
                          " crash during its write; the next audited access rewrites that slot)", path);
    }
    if (rc == WARD_ENOTFOUND) {
        rc = WARD_OK;
        char path[4096];
        head_path(st, "audit.head", path);
        if (has_key) rc = ward_err_set(err, WARD_EINPUT, "%s is missing: the end of the log cannot be checked", path);
        else if (access(path, F_OK) == 0)
            rc = ward_err_set(err, WARD_EINPUT, "%s/audit.key is missing: the log cannot be verified", ward_store_dir(st));
    }
    if (rc) return rc;
    v.key = has_key ? key : NULL;
    /* The head's own event is the link before the first one it anchors. */
    rc = ward_store_audit_each(st, 0, verify_row, &v, err);
    if (!rc) rc = v.rc;
    long pending = 0;
    if (!rc && has_key) rc = gov_spool_check(st, key, &pending, err);
    sodium_memzero(key, sizeof key);
    if (!rc && v.has_head && v.h.last && !v.seen_head) {
        if (!v.last)
            rc = ward_err_set(err, WARD_EINPUT,
                              "audit log truncated: the head checkpoint names event %" PRId64 " but the log is empty",
                              v.h.last);
        else if (v.last < v.h.last)
            rc = ward_err_set(err, WARD_EINPUT,
                              "audit log truncated: the head checkpoint names event %" PRId64
                              " but the log ends at event %" PRId64, v.h.last, v.last);
        else
            rc = ward_err_set(err, WARD_EINPUT, "audit chain broken at event %" PRId64 ": it does not match the head",
                              v.h.last);
    }
    if (!rc && v.has_head && v.h.last && v.seen_head) {
        char at[65];
        ward_store_audit_hash_at(st, v.h.last, at, err);
        if (strcmp(at, v.h.hash))
            rc = ward_err_set(err, WARD_EINPUT, "audit chain broken at event %" PRId64 ": it does not match the head",
                              v.h.last);
    }
    *n = v.n;
    return rc;
}
