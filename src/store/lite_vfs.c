/* lite_vfs.c — one write where SQLite makes two for each WAL frame.
 *
 * Why it exists: SQLite appends a WAL frame as two pwrite calls, its
 * 24-byte header and then its page. On a notes ingest those are most of
 * the writer's system calls (4,999 notes, clocks frozen: 63,607 pwrite,
 * 42,414 with this VFS; docs/scale.md). This VFS is the default one
 * (unix) with one change on WAL files: an appended frame header is held
 * back and written with its page, in one call.
 *
 * What it leaves alone: every file but a WAL (the database, whose
 * xShmMap/xShmLock/xFetch carry the WAL index, journals, temporary
 * files) is the default VFS's own object, opened in place, with its own
 * methods. On a WAL file every method is forwarded unchanged (xSync,
 * xTruncate, xFileSize, xRead, locks, file controls, xShm*), after what
 * is held has been written, so nothing ever observes a WAL without it.
 *
 * Which writes are held: a 24-byte write at or beyond the end of what this
 * handle has written to the log since it last wrote the log's header.
 * That is an append by SQLite's walWriteOneFrame, whose next call on the
 * file is always the page at header + 24: the two go out as one write.
 * Not held: the header rewrites of walRewriteChecksums (a transaction that
 * spilled pages to the log and changed them again rewrites the checksums
 * of its own frames at commit, up to the commit frame's). Those are below
 * that end, are written at once, and are on the file when COMMIT returns,
 * as with the default VFS (holding the last of them until the next call
 * would lose the acknowledged transaction to a kill: its commit frame's
 * checksum would be stale, and recovery stops there;
 * tests/store/test_lite_vfs.c).
 *
 * Kills and errors: a process killed between the header and the page
 * leaves, with the default VFS, a header whose checksum does not match;
 * here it leaves neither. Recovery ignores both: the frame was never
 * committed. A failed or short combined write returns what the default
 * VFS returns for it (SQLITE_IOERR_WRITE, or SQLITE_FULL for a short
 * write), for the page's call, which fails the transaction as a failed
 * page write does. Power loss: the same frames with the same checksums
 * as before, written in fewer calls; SQLite's syncs are unchanged. */
#include "store_int.h"

#include <string.h>

#include <sqlite3.h>

#define FRAME_HDR 24
#define WAL_HDR 32
#define MAX_PAGE 65536

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;     /* the default VFS's file, just after this struct */
    unsigned char *buf;     /* held header, then room for its page (made at the first hold) */
    int held;
    sqlite3_int64 held_at;
    sqlite3_int64 end;      /* the end of this handle's writes since its last log header */
} wal_file;

static sqlite3_vfs *real_vfs;

#define REAL(f) (((wal_file *)(f))->real)

/* Writes the held header alone. */
static int put_held(wal_file *w)
{
    if (!w->held) return SQLITE_OK;
    w->held = 0;
    return w->real->pMethods->xWrite(w->real, w->buf, FRAME_HDR, w->held_at);
}

static int wf_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 at)
{
    wal_file *w = (wal_file *)f;
    if (w->held && at == w->held_at + FRAME_HDR && n <= MAX_PAGE) {
        memcpy(w->buf + FRAME_HDR, p, (size_t)n);
        w->held = 0;
        if (at + n > w->end) w->end = at + n;
        return w->real->pMethods->xWrite(w->real, w->buf, FRAME_HDR + n, w->held_at);
    }
    int rc = put_held(w);
    if (rc != SQLITE_OK) return rc;
    if (n == FRAME_HDR && at >= w->end) {
        if (!w->buf) w->buf = sqlite3_malloc(FRAME_HDR + MAX_PAGE);
        if (w->buf) {   /* else written as it comes */
            memcpy(w->buf, p, FRAME_HDR);
            w->held = 1;
            w->held_at = at;
            w->end = at + FRAME_HDR;
            return SQLITE_OK;
        }
    }
    if (at == 0 && n == WAL_HDR) w->end = 0;   /* a new log: its frames follow */
    if (at + n > w->end) w->end = at + n;
    return w->real->pMethods->xWrite(w->real, p, n, at);
}

static int wf_close(sqlite3_file *f)
{
    wal_file *w = (wal_file *)f;
    int rc = put_held(w);
    int rc2 = w->real->pMethods->xClose(w->real);
    sqlite3_free(w->buf);
    return rc != SQLITE_OK ? rc : rc2;
}

/* Every other call: what is held goes first, then the default VFS's. */
#define FLUSHED(f, call)                           \
    do {                                           \
        int rc_ = put_held((wal_file *)(f));       \
        return rc_ != SQLITE_OK ? rc_ : (call);    \
    } while (0)
#define M(f) REAL(f)->pMethods

static int wf_read(sqlite3_file *f, void *p, int n, sqlite3_int64 at) { FLUSHED(f, M(f)->xRead(REAL(f), p, n, at)); }
static int wf_truncate(sqlite3_file *f, sqlite3_int64 size) { FLUSHED(f, M(f)->xTruncate(REAL(f), size)); }
static int wf_sync(sqlite3_file *f, int flags) { FLUSHED(f, M(f)->xSync(REAL(f), flags)); }
static int wf_size(sqlite3_file *f, sqlite3_int64 *size) { FLUSHED(f, M(f)->xFileSize(REAL(f), size)); }
static int wf_lock(sqlite3_file *f, int l) { FLUSHED(f, M(f)->xLock(REAL(f), l)); }
static int wf_unlock(sqlite3_file *f, int l) { FLUSHED(f, M(f)->xUnlock(REAL(f), l)); }
static int wf_reserved(sqlite3_file *f, int *out) { FLUSHED(f, M(f)->xCheckReservedLock(REAL(f), out)); }
static int wf_control(sqlite3_file *f, int op, void *arg) { FLUSHED(f, M(f)->xFileControl(REAL(f), op, arg)); }
static int wf_sector(sqlite3_file *f) { return M(f)->xSectorSize(REAL(f)); }
static int wf_device(sqlite3_file *f) { return M(f)->xDeviceCharacteristics(REAL(f)); }
/* SQLite maps the WAL index and memory-maps pages through the database
 * file, never the log; forwarded all the same. */
static int wf_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **p)
{ FLUSHED(f, M(f)->iVersion >= 2 ? M(f)->xShmMap(REAL(f), pg, sz, extend, p) : SQLITE_IOERR_SHMMAP); }
static int wf_shm_lock(sqlite3_file *f, int off, int n, int flags)
{ FLUSHED(f, M(f)->iVersion >= 2 ? M(f)->xShmLock(REAL(f), off, n, flags) : SQLITE_IOERR_SHMLOCK); }
static void wf_shm_barrier(sqlite3_file *f)
{
    if (M(f)->iVersion >= 2) M(f)->xShmBarrier(REAL(f));
}
static int wf_shm_unmap(sqlite3_file *f, int del)
{ FLUSHED(f, M(f)->iVersion >= 2 ? M(f)->xShmUnmap(REAL(f), del) : SQLITE_OK); }
static int wf_fetch(sqlite3_file *f, sqlite3_int64 at, int n, void **p)
{
    *p = NULL;   /* no mapping: SQLite reads instead */
    FLUSHED(f, M(f)->iVersion >= 3 ? M(f)->xFetch(REAL(f), at, n, p) : SQLITE_OK);
}
static int wf_unfetch(sqlite3_file *f, sqlite3_int64 at, void *p)
{ return M(f)->iVersion >= 3 ? M(f)->xUnfetch(REAL(f), at, p) : SQLITE_OK; }

static const sqlite3_io_methods wal_methods = {
    3, wf_close, wf_read, wf_write, wf_truncate, wf_sync, wf_size, wf_lock, wf_unlock, wf_reserved,
    wf_control, wf_sector, wf_device, wf_shm_map, wf_shm_lock, wf_shm_barrier, wf_shm_unmap, wf_fetch,
    wf_unfetch,
};

/* A WAL file gets the methods above; any other file is the default VFS's
 * own, opened in place. */
static int ward_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    if (!(flags & SQLITE_OPEN_WAL)) return real_vfs->xOpen(real_vfs, name, f, flags, out_flags);
    wal_file *w = (wal_file *)f;
    memset(w, 0, sizeof *w);
    w->real = (sqlite3_file *)(w + 1);
    int rc = real_vfs->xOpen(real_vfs, name, w->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;   /* pMethods stays NULL: nothing to close */
    w->base.pMethods = &wal_methods;
    return SQLITE_OK;
}

static sqlite3_vfs ward_vfs;

void lite_vfs_register(void)
{
    if (sqlite3_vfs_find("ward")) return;
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs) return;
    ward_vfs = *real_vfs;
    ward_vfs.iVersion = real_vfs->iVersion < 3 ? real_vfs->iVersion : 3;
    ward_vfs.zName = "ward";
    ward_vfs.szOsFile = (int)sizeof(wal_file) + real_vfs->szOsFile;
    ward_vfs.xOpen = ward_open;
    sqlite3_vfs_register(&ward_vfs, 1);
}
