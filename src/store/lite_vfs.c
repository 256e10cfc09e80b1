/* lite_vfs.c — a transaction's WAL frames in few writes, where SQLite
 * makes two for each.
 *
 * Why it exists: SQLite appends a WAL frame as two pwrite calls, its
 * 24-byte header and then its page. On a notes ingest those were most of
 * the writer's system calls (4,999 notes: 63,607 pwrite with the default
 * VFS, 42,414 with one write a frame, about 1,400 with runs of frames;
 * docs/scale.md). This VFS is the default one (unix) with one change on
 * WAL files: appended frames are held, up to RUN_BYTES, and written in
 * one call when a frame ends its transaction (a commit frame), when there
 * is no room for another, or before any other call on the file.
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
 * file is always the page at header + 24: the two join the run, if the
 * header follows it. Not held: the header rewrites of walRewriteChecksums
 * (a transaction that spilled pages to the log and changed them again
 * rewrites the checksums of its own frames at commit, up to the commit
 * frame's). Those are below that end: the run goes first, then they are
 * written at once, and are on the file when COMMIT returns, as with the
 * default VFS (holding the last of them until the next call would lose
 * the acknowledged transaction to a kill: its commit frame's checksum
 * would be stale, and recovery stops there; tests/store/test_lite_vfs.c).
 * Other connections read only committed frames (the WAL index publishes
 * a transaction after its commit frame's write returns), and they are on
 * the file by then.
 *
 * Kills and errors: a process killed with frames held loses frames of a
 * transaction that has not committed, which recovery ignores as it
 * ignores a torn frame. A failed or short write of a run returns what the
 * default VFS returns for it (SQLITE_IOERR_WRITE, or SQLITE_FULL for a
 * short write), for the call that wrote it, which fails the transaction
 * as a failed page write does. Power loss: the same frames with the same
 * checksums as before, written in fewer calls; SQLite's syncs are
 * unchanged. */
#include "store_int.h"

#include <string.h>

#include <sqlite3.h>

#define FRAME_HDR 24
#define WAL_HDR 32
#define MAX_PAGE 65536
/* The most a handle holds of a transaction's frames: 30 frames of 4 KiB
 * pages, and always room for one frame of the largest page. Under 128 KiB:
 * the default VFS's pwrite takes a length modulo 128 KiB (nBuf &= 0x1ffff
 * in seekAndWriteFd), so a longer write would come out short. */
#define RUN_BYTES (124 * 1024)

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;     /* the default VFS's file, just after this struct */
    unsigned char *buf;     /* held frames, then maybe a header awaiting its page (made at the first hold) */
    size_t len;             /* bytes held */
    size_t hdr;             /* where that header starts in buf, when pending */
    int pending;            /* buf ends in a header whose page has not come */
    sqlite3_int64 at;       /* the file offset of buf[0] */
    sqlite3_int64 end;      /* the end of this handle's writes since its last log header */
} wal_file;

static sqlite3_vfs *real_vfs;

#define REAL(f) (((wal_file *)(f))->real)

/* Writes what is held, in one call. A failed write leaves the log's end
 * where the file has it. */
static int put_held(wal_file *w)
{
    if (!w->len) return SQLITE_OK;
    size_t n = w->len;
    w->len = 0;
    w->pending = 0;
    int rc = w->real->pMethods->xWrite(w->real, w->buf, (int)n, w->at);
    if (rc != SQLITE_OK && w->end > w->at) w->end = w->at;
    return rc;
}

/* A frame header's bytes 4-7: the database's size in pages after a
 * commit, 0 in every frame but a transaction's last. */
static int commit_frame(const unsigned char *h)
{
    return (h[4] | h[5] | h[6] | h[7]) != 0;
}

static int wf_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 at)
{
    wal_file *w = (wal_file *)f;
    if (w->pending && at == w->at + (sqlite3_int64)w->len && n <= MAX_PAGE && w->len + (size_t)n <= RUN_BYTES) {
        /* The page of the header held: the frame is whole. A commit
         * frame goes out at once with all held before it, so COMMIT
         * returns with the transaction on the file; so does a run that
         * has no room for another frame of this size. */
        memcpy(w->buf + w->len, p, (size_t)n);
        w->len += (size_t)n;
        w->pending = 0;
        if (at + n > w->end) w->end = at + n;
        if (commit_frame(w->buf + w->hdr) || w->len + FRAME_HDR + (size_t)n > RUN_BYTES) return put_held(w);
        return SQLITE_OK;
    }
    if (n == FRAME_HDR && at >= w->end) {
        /* An appended frame's header: held, after the frames held when it
         * follows them. */
        int rc = w->len && (w->pending || at != w->at + (sqlite3_int64)w->len) ? put_held(w) : SQLITE_OK;
        if (rc != SQLITE_OK) return rc;
        if (!w->buf) w->buf = sqlite3_malloc(RUN_BYTES);
        if (w->buf) {   /* else written as it comes */
            if (!w->len) w->at = at;
            w->hdr = w->len;
            memcpy(w->buf + w->len, p, FRAME_HDR);
            w->len += FRAME_HDR;
            w->pending = 1;
            w->end = at + FRAME_HDR;
            return SQLITE_OK;
        }
    }
    int rc = put_held(w);
    if (rc != SQLITE_OK) return rc;
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
