/* hnsw_file.c — saving and loading the vector index.
 *
 * The file is a cache of what SQLite holds, so the rules are: never trust
 * it, never crash on it, and say "rebuild" when in doubt. Layout (host byte
 * order; a marker rejects files from a machine of the other order):
 *
 *     "WARDHNSW" u32 version u32 0x01020304
 *     u32 dim M ef_construction ef_search int8
 *     u64 slots live rng   u32 entry   i32 top   u32 stamp_len   stamp bytes
 *     per slot: i64 id  u8 level  u8 dead  vector (vec_bytes)
 *               layer-0 links (1 + 2M u32)  upper links (level * (1 + M) u32)
 *     BLAKE2b-256 of every byte above   "WARDEND\n"
 *
 * Save writes PATH.tmp, fsyncs it, renames it over PATH and fsyncs the
 * directory: a crash leaves the old file or the new one, never a mix. Load
 * checks the stamp first (a stale index is refused before reading it
 * whole), then every link and level against the header while streaming,
 * and the checksum at the end, so a torn or flipped file is refused. */
#include "store/hnsw_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "WARDHNSW"
#define TRAILER "WARDEND\n"
#define VERSION 1u
#define ENDIAN 0x01020304u
#define MAX_STAMP 4096u

/* The fuzz build (fuzz/fuzz_hnsw.c) skips the checksum comparison, so that
 * mutated files reach the link and level checks a checksum would hide. */
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define HNSW_FUZZING 1
#else
#define HNSW_FUZZING 0
#endif

typedef struct wfile {
    FILE *f;
    crypto_generichash_state hs;
    int failed;
} wfile;

static void put(wfile *w, const void *p, size_t n)
{
    if (!n || w->failed) return;
    crypto_generichash_update(&w->hs, p, n);
    if (fwrite(p, 1, n, w->f) != n) w->failed = 1;
}

static void put_u32(wfile *w, uint32_t v) { put(w, &v, sizeof v); }
static void put_u64(wfile *w, uint64_t v) { put(w, &v, sizeof v); }

static void write_body(const ward_hnsw *h, wfile *w, const char *stamp)
{
    put(w, MAGIC, 8);
    put_u32(w, VERSION);
    put_u32(w, ENDIAN);
    uint32_t hdr[5] = {(uint32_t)h->p.dim, (uint32_t)h->p.M, (uint32_t)h->p.ef_construction,
                       (uint32_t)h->p.ef_search, (uint32_t)h->p.int8};
    put(w, hdr, sizeof hdr);
    put_u64(w, h->n);
    put_u64(w, h->live);
    put_u64(w, h->rng);
    put_u32(w, h->entry);
    put_u32(w, (uint32_t)h->top);
    put_u32(w, (uint32_t)strlen(stamp));
    put(w, stamp, strlen(stamp));
    size_t l0 = sizeof(uint32_t) * (size_t)(h->M0 + 1);
    for (uint32_t s = 0; s < h->n; s++) {
        put(w, &h->ids[s], sizeof h->ids[s]);
        put(w, &h->level[s], 1);
        put(w, &h->dead[s], 1);
        put(w, hnsw_vec(h, s), h->vec_bytes + l0);
        if (h->level[s]) put(w, h->upper[s], (size_t)h->level[s] * (size_t)(h->p.M + 1) * sizeof(uint32_t));
    }
}

/* fsync of the directory holding path, so the rename itself is durable. */
static void sync_dir(const char *path)
{
    char *copy = ward_xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

int ward_hnsw_save(const ward_hnsw *h, const char *path, const char *stamp, ward_err *err)
{
    if (!stamp) stamp = "";
    if (strlen(stamp) > MAX_STAMP)
        return ward_err_set(err, WARD_EUSAGE, "vector index: stamp longer than %u bytes", MAX_STAMP);
    ward_buf tmp;
    ward_buf_init(&tmp);
    ward_buf_printf(&tmp, "%s.tmp", path);
    wfile w = {0};
    /* Owner-only whatever the umask, like the database it caches. */
    int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0 && (fchmod(fd, 0600) || !(w.f = fdopen(fd, "wb")))) close(fd);
    if (!w.f) {
        int rc = ward_err_set(err, WARD_EIO, "%s: cannot write (%s)", tmp.data, strerror(errno));
        ward_buf_free(&tmp);
        return rc;
    }
    setvbuf(w.f, NULL, _IOFBF, 1 << 20);
    crypto_generichash_init(&w.hs, NULL, 0, crypto_generichash_BYTES);
    pthread_rwlock_rdlock((pthread_rwlock_t *)&h->rw);
    write_body(h, &w, stamp);
    pthread_rwlock_unlock((pthread_rwlock_t *)&h->rw);
    unsigned char sum[crypto_generichash_BYTES];
    crypto_generichash_final(&w.hs, sum, sizeof sum);
    if (!w.failed && (fwrite(sum, 1, sizeof sum, w.f) != sizeof sum || fwrite(TRAILER, 1, 8, w.f) != 8))
        w.failed = 1;
    if (fflush(w.f) || fsync(fileno(w.f))) w.failed = 1;
    if (fclose(w.f)) w.failed = 1;
    int rc = 0;
    if (w.failed || rename(tmp.data, path)) {
        rc = ward_err_set(err, WARD_EIO, "%s: cannot write the vector index (%s)", path, strerror(errno));
        unlink(tmp.data);
    } else {
        sync_dir(path);
    }
    ward_buf_free(&tmp);
    return rc;
}

/* ---- load ---- */

typedef struct rfile {
    FILE *f;
    crypto_generichash_state hs;
    const char *path;
    ward_err *err;
    int rc;
} rfile;

static int torn(rfile *r, const char *what)
{
    if (!r->rc)
        r->rc = ward_err_set(r->err, WARD_EINPUT,
                             "%s: vector index is torn or corrupt (%s): rebuild it from the store", r->path,
                             what);
    return r->rc;
}

static int get(rfile *r, void *p, size_t n)
{
    if (r->rc) return r->rc;
    if (n && fread(p, 1, n, r->f) != n) return torn(r, "file ends early");
    crypto_generichash_update(&r->hs, p, n);
    return 0;
}

/* Reads the header into a fresh index; the stamp is checked here. */
static int read_header(rfile *r, const char *expect, off_t size, ward_hnsw **out, uint64_t *nslots)
{
    char magic[8];
    uint32_t ver, endian, hdr[5], entry, top, slen;
    uint64_t n, live, rng;
    if (get(r, magic, 8) || memcmp(magic, MAGIC, 8)) return torn(r, "not a Ward vector index");
    if (get(r, &ver, 4) || get(r, &endian, 4)) return r->rc;
    if (ver != VERSION || endian != ENDIAN)
        return r->rc = ward_err_set(r->err, WARD_EINPUT,
                                    "%s: vector index of another version or machine: rebuild it from the store",
                                    r->path);
    if (get(r, hdr, sizeof hdr) || get(r, &n, 8) || get(r, &live, 8) || get(r, &rng, 8) || get(r, &entry, 4) ||
        get(r, &top, 4) || get(r, &slen, 4))
        return r->rc;
    ward_hnsw_params p = {(int)hdr[0], (int)hdr[1], (int)hdr[2], (int)hdr[3], (int)hdr[4], 0};
    if (hnsw_check_params(&p, NULL) || slen > MAX_STAMP) return torn(r, "bad header");
    char stamp[MAX_STAMP + 1];
    if (get(r, stamp, slen)) return r->rc;
    stamp[slen] = 0;
    if (expect && strcmp(stamp, expect))
        return r->rc = ward_err_set(r->err, WARD_EINPUT,
                            "%s: vector index is stale (built for \"%s\", the store now has \"%s\"): "
                            "rebuild it from the store", r->path, stamp, expect);
    ward_hnsw *h = hnsw_alloc(p);
    *out = h;
    /* Each slot takes at least its vector: a header claiming more slots
     * than the file can hold is refused before allocating for them. */
    if (n > (uint64_t)size / (h->vec_bytes + 10) || live > n || (int32_t)top >= HNSW_MAX_LEVEL ||
        (n ? entry >= n || (int32_t)top < 0 : entry != HNSW_NONE || (int32_t)top != -1))
        return torn(r, "bad header");
    if (hnsw_reserve(h, n ? n : 1)) return torn(r, "bad header");
    h->live = live;
    h->rng = rng;
    h->entry = entry;
    h->top = (int32_t)top;
    *nslots = n;
    return 0;
}

static int links_ok(const uint32_t *ln, uint32_t max, uint64_t n)
{
    if (ln[0] > max) return 0;
    for (uint32_t j = 1; j <= ln[0]; j++)
        if (ln[j] >= n) return 0;
    return 1;
}

static int read_slots(rfile *r, ward_hnsw *h, uint64_t n)
{
    size_t l0 = sizeof(uint32_t) * (size_t)(h->M0 + 1), live = 0;
    for (uint32_t s = 0; s < n; s++) {
        uint8_t lv, dead;
        if (get(r, &h->ids[s], 8) || get(r, &lv, 1) || get(r, &dead, 1)) return r->rc;
        if (lv > h->top || dead > 1) return torn(r, "bad node");
        h->level[s] = lv;
        h->dead[s] = dead;
        h->upper[s] = NULL;
        h->n = s + 1;   /* from here ward_hnsw_free frees this slot */
        if (get(r, hnsw_vec(h, s), h->vec_bytes + l0)) return r->rc;
        if (!links_ok(hnsw_links(h, s, 0), (uint32_t)h->M0, n)) return torn(r, "bad link");
        if (lv) {
            h->upper[s] = ward_xmalloc((size_t)lv * (size_t)(h->p.M + 1) * sizeof(uint32_t));
            if (get(r, h->upper[s], (size_t)lv * (size_t)(h->p.M + 1) * sizeof(uint32_t))) return r->rc;
            for (int l = 1; l <= lv; l++)
                if (!links_ok(hnsw_links(h, s, l), (uint32_t)h->p.M, n)) return torn(r, "bad link");
        }
        hnsw_map_put(h, h->ids[s], s);
        live += !dead;
    }
    if (live != h->live || (n && h->level[h->entry] != h->top)) return torn(r, "bad counts");
    return 0;
}

/* Upper-layer links must point at nodes that live on that layer. */
static int levels_ok(const ward_hnsw *h)
{
    for (uint32_t s = 0; s < h->n; s++)
        for (int l = 1; l <= h->level[s]; l++) {
            const uint32_t *ln = hnsw_links(h, s, l);
            for (uint32_t j = 1; j <= ln[0]; j++)
                if (h->level[ln[j]] < l) return 0;
        }
    return 1;
}

int ward_hnsw_load(const char *path, const char *expect_stamp, ward_hnsw **out, ward_err *err)
{
    *out = NULL;
    rfile r = {.path = path, .err = err};
    r.f = fopen(path, "rb");
    if (!r.f) {
        if (errno == ENOENT) return ward_err_set(err, WARD_ENOTFOUND, "%s: no vector index yet", path);
        return ward_err_set(err, WARD_EIO, "%s: cannot read (%s)", path, strerror(errno));
    }
    setvbuf(r.f, NULL, _IOFBF, 1 << 20);
    struct stat st;
    fstat(fileno(r.f), &st);
    crypto_generichash_init(&r.hs, NULL, 0, crypto_generichash_BYTES);
    ward_hnsw *h = NULL;
    uint64_t n = 0;
    unsigned char sum[crypto_generichash_BYTES], want[crypto_generichash_BYTES];
    char tail[9];
    if (!read_header(&r, expect_stamp, st.st_size, &h, &n) && !read_slots(&r, h, n)) {
        crypto_generichash_final(&r.hs, sum, sizeof sum);
        if (fread(want, 1, sizeof want, r.f) != sizeof want || fread(tail, 1, 9, r.f) != 8 ||
            memcmp(tail, TRAILER, 8))
            torn(&r, "file ends early");
        else if (sodium_memcmp(sum, want, sizeof sum) && !HNSW_FUZZING)
            torn(&r, "checksum mismatch");
        else if (!levels_ok(h))
            torn(&r, "bad link");
    }
    if (!r.rc && ferror(r.f)) r.rc = ward_err_set(err, WARD_EIO, "%s: read error", path);
    fclose(r.f);
    if (r.rc) {
        ward_hnsw_free(h);
        return r.rc;
    }
    *out = h;
    return 0;
}
