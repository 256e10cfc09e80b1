/* lite_vfs.c — "ward", SQLite's own OS layer with fewer system calls for
 * the write-ahead log and for checkpoints.
 *
 * Ideas a reader needs:
 *  - SQLite writes each log frame with two pwrite calls (its 24-byte
 *    header, then its page) and a checkpoint copies each page back into
 *    the database with one more. A notes ingest of 4,999 notes made about
 *    130,000 of them, and on this kind of machine a system call costs far
 *    more than the copy it does (issue 14).
 *  - This VFS is SQLite's default one (unix) with a write buffer in front
 *    of two kinds of writes, which it hands on in one pwrite per
 *    contiguous run: writes to the log (-wal), and writes to the database
 *    while a checkpoint copies the log into it (between SQLite's
 *    SQLITE_FCNTL_CKPT_START and SQLITE_FCNTL_CKPT_DONE). Everything else
 *    goes straight through.
 *  - What SQLite relies on stays true: a buffered write reaches the file
 *    before any other operation on that file (a read, a sync, a truncate,
 *    its size, a lock, a file control, closing it) and before a write
 *    elsewhere in it. A transaction's frames reach the log before the
 *    write that completes its commit frame returns: the buffer reads the
 *    frame headers it holds (the log's format: a 32-byte header, then
 *    frames of a 24-byte header and a page; a commit frame's header holds
 *    the database size, any other frame's 0), so a commit is in the file
 *    before SQLite publishes it to readers in the shared index, exactly as
 *    without the buffer; frames of an unfinished transaction (a cache
 *    spill) may wait, and are read back only through this file, which
 *    writes them first. A checkpoint's pages reach the database before
 *    CKPT_DONE, so before its sync and before it records them copied.
 *    A process killed at any point leaves what SQLite would have left
 *    without the buffer, less writes it had not yet made durable or
 *    visible: nothing committed.
 *  - The page size comes from the log's header (written at offset 0 when
 *    the log starts over, read when a log is recovered); until it is
 *    known, log writes go straight through.
 */
#include "store_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* SQLite's unix VFS writes at most 128 KiB - 1 bytes a call (it masks the
 * length to 17 bits): a buffer stays under that. */
#define WBUF_CAP ((size_t)120 << 10)
#define WAL_HDR 32
#define FRAME_HDR 24

enum { F_OTHER, F_DB, F_WAL };

typedef struct wfile {
    sqlite3_file base;
    sqlite3_file *real;      /* SQLite's own file, right after this struct */
    int kind;
    int ckpt;                /* F_DB: inside a checkpoint's copy */
    uint32_t page;           /* F_WAL: the log's page size, 0 until known */
    char *buf;
    size_t len;
    sqlite3_int64 off;       /* the buffer holds bytes [off, off + len) of the file */
    sqlite3_int64 next_hdr;  /* F_WAL: the next frame header in the buffer not yet read */
    sqlite3_int64 commit_end;/* F_WAL: the end of a buffered commit frame, or 0 */
    char *rbuf;              /* F_WAL: bytes [roff, roff + rlen) of the log, read ahead in checkpoint repoch */
    size_t rlen;
    sqlite3_int64 roff;
    unsigned repoch;
} wfile;

/* The checkpoint this thread is in: SQLite brackets its copying with
 * SQLITE_FCNTL_CKPT_START and _DONE on the database file, and reads the
 * log's frames in between on the same thread. Each checkpoint has its own
 * epoch, and what a log file read ahead is used only within the epoch it
 * was read in: the frames a checkpoint copies are committed, and none can
 * be written over before it ends (the log starts over only once they are
 * all copied). */
static _Thread_local int in_ckpt;
static _Thread_local unsigned ckpt_epoch;

static sqlite3_vfs ward_vfs;
static sqlite3_io_methods wio;

#define REAL(f) (((wfile *)(f))->real)

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int flush(wfile *f)
{
    if (!f->len) return SQLITE_OK;
    size_t n = f->len;
    f->len = 0;
    f->commit_end = 0;
    return f->real->pMethods->xWrite(f->real, f->buf, (int)n, f->off);
}

/* The first frame header at or after offset o of the log. */
static sqlite3_int64 hdr_from(const wfile *f, sqlite3_int64 o)
{
    sqlite3_int64 fs = (sqlite3_int64)f->page + FRAME_HDR;
    if (o <= WAL_HDR) return WAL_HDR;
    return WAL_HDR + ((o - WAL_HDR + fs - 1) / fs) * fs;
}

/* Reads the frame headers the buffer now holds whole; a commit frame's
 * end becomes commit_end. */
static void scan_frames(wfile *f)
{
    sqlite3_int64 end = f->off + (sqlite3_int64)f->len, fs = (sqlite3_int64)f->page + FRAME_HDR;
    for (; f->next_hdr + FRAME_HDR <= end; f->next_hdr += fs)
        if (be32((const unsigned char *)f->buf + (f->next_hdr - f->off) + 4) != 0)
            f->commit_end = f->next_hdr + fs;
}

static int w_write(sqlite3_file *file, const void *p, int amt, sqlite3_int64 off)
{
    wfile *f = (wfile *)file;
    f->rlen = 0;
    int buffered = (f->kind == F_WAL && f->page) || (f->kind == F_DB && f->ckpt);
    if (f->kind == F_WAL && off == 0 && amt >= WAL_HDR) {
        /* The log starts over: its header names the page size. */
        uint32_t page = be32((const unsigned char *)p + 8);
        int rc = flush(f);
        if (rc) return rc;
        f->page = page >= 512 && page <= 65536 && !(page & (page - 1)) ? page : 0;
        buffered = f->page != 0;
    }
    if (!buffered || amt <= 0 || (size_t)amt > WBUF_CAP) {
        int rc = flush(f);
        return rc ? rc : f->real->pMethods->xWrite(f->real, p, amt, off);
    }
    if (f->len && (off != f->off + (sqlite3_int64)f->len || f->len + (size_t)amt > WBUF_CAP)) {
        int rc = flush(f);
        if (rc) return rc;
    }
    if (!f->buf && !(f->buf = sqlite3_malloc((int)WBUF_CAP))) {
        int rc = flush(f);
        return rc ? rc : f->real->pMethods->xWrite(f->real, p, amt, off);
    }
    if (!f->len) {
        f->off = off;
        if (f->kind == F_WAL) f->next_hdr = hdr_from(f, off);
    }
    memcpy(f->buf + f->len, p, (size_t)amt);
    f->len += (size_t)amt;
    if (f->kind == F_WAL) {
        scan_frames(f);
        if (f->commit_end && f->off + (sqlite3_int64)f->len >= f->commit_end) return flush(f);
    }
    return SQLITE_OK;
}

/* A checkpoint's read of a frame's page: it reads them in page order,
 * which is mostly the order the log holds them in (each commit writes its
 * pages in order), so one read of the frames that follow serves the next
 * ones. 1: served; 0: read it as usual. */
static int read_ahead(wfile *f, void *p, int amt, sqlite3_int64 off, int *rc)
{
    if (!in_ckpt || f->kind != F_WAL || !f->page || amt != (int)f->page || off <= WAL_HDR) return 0;
    if (f->rlen && f->repoch == ckpt_epoch && off >= f->roff &&
        off + amt <= f->roff + (sqlite3_int64)f->rlen) {
        memcpy(p, f->rbuf + (off - f->roff), (size_t)amt);
        *rc = SQLITE_OK;
        return 1;
    }
    f->rlen = 0;
    if (!f->rbuf && !(f->rbuf = sqlite3_malloc((int)WBUF_CAP))) return 0;
    /* Past the end of the log (its last frames) SQLite reports a short
     * read: those are read one by one. */
    if (f->real->pMethods->xRead(f->real, f->rbuf, (int)WBUF_CAP, off) != SQLITE_OK) return 0;
    f->roff = off;
    f->rlen = WBUF_CAP;
    f->repoch = ckpt_epoch;
    memcpy(p, f->rbuf, (size_t)amt);
    *rc = SQLITE_OK;
    return 1;
}

static int w_read(sqlite3_file *file, void *p, int amt, sqlite3_int64 off)
{
    wfile *f = (wfile *)file;
    int rc = flush(f);
    if (rc) return rc;
    if (read_ahead(f, p, amt, off, &rc)) return rc;
    rc = f->real->pMethods->xRead(f->real, p, amt, off);
    /* A log being recovered: its header names the page size. */
    if (rc == SQLITE_OK && f->kind == F_WAL && off == 0 && amt >= WAL_HDR && !f->page) {
        uint32_t page = be32((const unsigned char *)p + 8);
        f->page = page >= 512 && page <= 65536 && !(page & (page - 1)) ? page : 0;
    }
    return rc;
}

static int w_close(sqlite3_file *file)
{
    wfile *f = (wfile *)file;
    int rc = flush(f);
    int rc2 = f->real->pMethods->xClose(f->real);
    sqlite3_free(f->buf);
    sqlite3_free(f->rbuf);
    f->buf = f->rbuf = NULL;
    return rc ? rc : rc2;
}

/* The operations that only need the buffer written first. */
#define FLUSHED(f) do { int rc_ = flush((wfile *)(f)); if (rc_) return rc_; } while (0)

static int w_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    FLUSHED(f);
    ((wfile *)f)->rlen = 0;
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int w_sync(sqlite3_file *f, int flags)
{
    FLUSHED(f);
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int w_size(sqlite3_file *f, sqlite3_int64 *size)
{
    FLUSHED(f);
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int w_lock(sqlite3_file *f, int lock)
{
    FLUSHED(f);
    return REAL(f)->pMethods->xLock(REAL(f), lock);
}
static int w_unlock(sqlite3_file *f, int lock)
{
    FLUSHED(f);
    return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}
static int w_reserved(sqlite3_file *f, int *out)
{
    FLUSHED(f);
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int w_control(sqlite3_file *file, int op, void *arg)
{
    wfile *f = (wfile *)file;
    FLUSHED(f);
    if (f->kind == F_DB && (op == SQLITE_FCNTL_CKPT_START || op == SQLITE_FCNTL_CKPT_DONE)) {
        f->ckpt = in_ckpt = op == SQLITE_FCNTL_CKPT_START;
        ckpt_epoch++;
    }
    return f->real->pMethods->xFileControl(f->real, op, arg);
}
static int w_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int w_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
/* Shared memory and memory maps: what the file's own methods have (a file
 * of version 1 has neither, as SQLite would find by asking it). */
#define HAS(f, v) (REAL(f)->pMethods->iVersion >= (v))

static int w_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    if (!HAS(f, 2)) return SQLITE_IOERR_SHMMAP;
    FLUSHED(f);
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int w_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    if (!HAS(f, 2)) return SQLITE_IOERR_SHMLOCK;
    FLUSHED(f);
    /* A checkpoint takes no lock while it copies: any lock ends what was
     * read ahead for one, should its end have gone unannounced. */
    if (in_ckpt) {
        in_ckpt = 0;
        ckpt_epoch++;
    }
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void w_shm_barrier(sqlite3_file *f)
{
    flush((wfile *)f);
    if (HAS(f, 2)) REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int w_shm_unmap(sqlite3_file *f, int del)
{
    if (!HAS(f, 2)) return SQLITE_OK;
    FLUSHED(f);
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int w_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
    *pp = NULL;
    if (!HAS(f, 3)) return SQLITE_OK;
    FLUSHED(f);
    return REAL(f)->pMethods->xFetch(REAL(f), off, amt, pp);
}
static int w_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    if (!HAS(f, 3)) return SQLITE_OK;
    return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static int w_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
    sqlite3_vfs *real = vfs->pAppData;
    wfile *f = (wfile *)file;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    f->kind = flags & SQLITE_OPEN_WAL ? F_WAL : flags & SQLITE_OPEN_MAIN_DB ? F_DB : F_OTHER;
    int rc = real->xOpen(real, name, f->real, flags, out_flags);
    /* SQLite closes a file whose methods are set, even when opening failed. */
    f->base.pMethods = f->real->pMethods ? &wio : NULL;
    return rc;
}

static int v_delete(sqlite3_vfs *v, const char *n, int sync)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xDelete(r, n, sync);
}
static int v_access(sqlite3_vfs *v, const char *n, int flags, int *out)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xAccess(r, n, flags, out);
}
static int v_full(sqlite3_vfs *v, const char *n, int cap, char *out)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xFullPathname(r, n, cap, out);
}
static void *v_dlopen(sqlite3_vfs *v, const char *n)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xDlOpen(r, n);
}
static void v_dlerror(sqlite3_vfs *v, int n, char *out)
{
    sqlite3_vfs *r = v->pAppData;
    r->xDlError(r, n, out);
}
static void (*v_dlsym(sqlite3_vfs *v, void *h, const char *s))(void)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xDlSym(r, h, s);
}
static void v_dlclose(sqlite3_vfs *v, void *h)
{
    sqlite3_vfs *r = v->pAppData;
    r->xDlClose(r, h);
}
static int v_random(sqlite3_vfs *v, int n, char *out)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xRandomness(r, n, out);
}
static int v_sleep(sqlite3_vfs *v, int us)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xSleep(r, us);
}
static int v_time(sqlite3_vfs *v, double *t)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xCurrentTime(r, t);
}
static int v_lasterr(sqlite3_vfs *v, int n, char *out)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xGetLastError ? r->xGetLastError(r, n, out) : 0;
}
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *t)
{
    sqlite3_vfs *r = v->pAppData;
    return r->xCurrentTimeInt64(r, t);
}

static const char *vfs_name;

static void vfs_register(void)
{
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    /* Only over an OS layer whose files this one knows how to wrap: the
     * version-3 methods SQLite's unix VFS has had since 3.7.17. */
    if (!real || real->iVersion < 2 || !real->xCurrentTimeInt64) return;
    ward_vfs = (sqlite3_vfs){
        .iVersion = 2, .szOsFile = (int)sizeof(wfile) + real->szOsFile, .mxPathname = real->mxPathname,
        .zName = "ward", .pAppData = real, .xOpen = w_open, .xDelete = v_delete, .xAccess = v_access,
        .xFullPathname = v_full, .xDlOpen = v_dlopen, .xDlError = v_dlerror, .xDlSym = v_dlsym,
        .xDlClose = v_dlclose, .xRandomness = v_random, .xSleep = v_sleep, .xCurrentTime = v_time,
        .xGetLastError = v_lasterr, .xCurrentTimeInt64 = v_time64};
    wio = (sqlite3_io_methods){
        .iVersion = 3, .xClose = w_close, .xRead = w_read, .xWrite = w_write, .xTruncate = w_truncate,
        .xSync = w_sync, .xFileSize = w_size, .xLock = w_lock, .xUnlock = w_unlock,
        .xCheckReservedLock = w_reserved, .xFileControl = w_control, .xSectorSize = w_sector,
        .xDeviceCharacteristics = w_device, .xShmMap = w_shm_map, .xShmLock = w_shm_lock,
        .xShmBarrier = w_shm_barrier, .xShmUnmap = w_shm_unmap, .xFetch = w_fetch, .xUnfetch = w_unfetch};
    if (sqlite3_vfs_register(&ward_vfs, 0) == SQLITE_OK) vfs_name = ward_vfs.zName;
}

static pthread_once_t vfs_once = PTHREAD_ONCE_INIT;

const char *lite_vfs_name(void)
{
    pthread_once(&vfs_once, vfs_register);
    return vfs_name;
}
