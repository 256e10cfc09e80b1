/* keys.c — secrets kept beside the store, and the small primitives the
 * identity and audit code share.
 *
 * Two keys live in the data directory, never in the database, so a copy or
 * an edit of ward.db alone cannot forge anything: DATA/auth.key keys the
 * hashes of tokens and session ids (a stolen database gives no usable
 * token, and a guessed one cannot be checked offline), and DATA/audit.key
 * keys the audit chain's MACs. Both are 32 random bytes, mode 0600.
 */
#include "govern_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A few (dir, name) -> key entries: one process serves one store. */
#define KEY_CACHE 8
static struct {
    char path[512];
    unsigned char key[GOV_KEY_BYTES];
} cache[KEY_CACHE];
static int cached;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int cache_get(const char *path, unsigned char key[GOV_KEY_BYTES])
{
    int hit = 0;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < cached && !hit; i++)
        if (!strcmp(cache[i].path, path)) memcpy(key, cache[i].key, GOV_KEY_BYTES), hit = 1;
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void cache_put(const char *path, const unsigned char key[GOV_KEY_BYTES])
{
    pthread_mutex_lock(&cache_lock);
    if (cached < KEY_CACHE && strlen(path) < sizeof cache[0].path) {
        snprintf(cache[cached].path, sizeof cache[0].path, "%s", path);
        memcpy(cache[cached++].key, key, GOV_KEY_BYTES);
    }
    pthread_mutex_unlock(&cache_lock);
}

static int read_key(const char *path, unsigned char key[GOV_KEY_BYTES], ward_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? WARD_ENOTFOUND
                               : ward_err_set(err, WARD_EIO, "%s: cannot read (%s)", path, strerror(errno));
    ssize_t n = read(fd, key, GOV_KEY_BYTES);
    close(fd);
    if (n != GOV_KEY_BYTES) return ward_err_set(err, WARD_EIO, "%s: not a Ward key (%d bytes)", path, GOV_KEY_BYTES);
    return WARD_OK;
}

/* The key is written whole to a file of this process's own, then linked
 * to its name: link() fails when the name exists, so of processes starting
 * together one key wins and no one reads a key half written. */
static int create_key(const char *path, unsigned char key[GOV_KEY_BYTES], ward_err *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.new.%ld", path, (long)getpid());
    randombytes_buf(key, GOV_KEY_BYTES);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return ward_err_set(err, WARD_EIO, "%s: cannot create (%s)", path, strerror(errno));
    int ok = fchmod(fd, 0600) == 0 && write(fd, key, GOV_KEY_BYTES) == GOV_KEY_BYTES && fsync(fd) == 0;
    close(fd);
    int linked = ok && link(tmp, path) == 0, lost = ok && !linked && errno == EEXIST;
    unlink(tmp);
    if (lost) return read_key(path, key, err);   /* another process made it first: use theirs */
    if (!linked) return ward_err_set(err, WARD_EIO, "%s: cannot write the key", path);
    return WARD_OK;
}

int gov_key(const char *dir, const char *name, int create, unsigned char key[GOV_KEY_BYTES], ward_err *err)
{
    if (sodium_init() < 0) return ward_err_set(err, WARD_EIO, "libsodium failed to initialize");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (cache_get(path, key)) return WARD_OK;
    int rc = read_key(path, key, err);
    if (rc == WARD_ENOTFOUND && create) rc = create_key(path, key, err);
    if (rc == WARD_ENOTFOUND) return ward_err_set(err, WARD_ENOTFOUND, "%s is missing", path);
    if (!rc) cache_put(path, key);
    return rc;
}

void gov_mac_hex(const unsigned char key[GOV_KEY_BYTES], const void *p, size_t n, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, p, n, key, GOV_KEY_BYTES);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void gov_random_hex(char *out, size_t nbytes)
{
    unsigned char b[64];
    if (nbytes > sizeof b) nbytes = sizeof b;
    if (sodium_init() < 0) abort(); /* no randomness: nothing safe to do */
    randombytes_buf(b, nbytes);
    sodium_bin2hex(out, 2 * nbytes + 1, b, nbytes);
}

int gov_str_eq(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

int64_t gov_now(void) { return (int64_t)time(NULL); }

int64_t ward_parse_duration(const char *s)
{
    if (!s || !*s) return -1;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v < 0) return -1;
    int64_t mul = !*end ? 1 : !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600
                : !strcmp(end, "d") ? 86400 : -1;
    if (mul < 0 || v > INT64_MAX / 86400) return -1;
    return (int64_t)v * mul;
}

int64_t gov_config_seconds(const char *dir, const char *key, int64_t def)
{
    char *v = NULL;
    if (ward_config_get(dir, key, &v)) return def;
    int64_t s = ward_parse_duration(v);
    free(v);
    return s > 0 ? s : def;
}

int gov_write_atomic(const char *path, const char *data, size_t n, ward_err *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return ward_err_set(err, WARD_EIO, "%s: cannot write (%s)", tmp, strerror(errno));
    int ok = fchmod(fd, 0600) == 0 && write(fd, data, n) == (ssize_t)n;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path)) {
        unlink(tmp);
        return ward_err_set(err, WARD_EIO, "%s: cannot replace (%s)", path, strerror(errno));
    }
    return WARD_OK;
}

static void stamp_path(const char *dir, char out[4096])
{
    snprintf(out, 4096, "%s/identity.stamp", dir);
}

int gov_identity_changed(ward_store *st, ward_err *err)
{
    char path[4096], text[WARD_IDENTITY_STAMP_MAX];
    stamp_path(ward_store_dir(st), path);
    /* Random, so no two changes (even within one clock tick) look alike. */
    gov_random_hex(text, 16);
    int rc = gov_write_atomic(path, text, strlen(text), err);
    if (rc) ward_err_prefix(err, "the change is stored, but running servers may accept the old rights for up to"
                                 " %d s", WARD_AUTH_CACHE_S);
    return rc;
}

void ward_identity_stamp(const char *dir, char out[WARD_IDENTITY_STAMP_MAX])
{
    char path[4096];
    stamp_path(dir, path);
    out[0] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n = read(fd, out, WARD_IDENTITY_STAMP_MAX - 1);
    close(fd);
    out[n > 0 ? n : 0] = 0;
}

int gov_secret_hash(ward_store *st, const char *secret, char out[65], ward_err *err)
{
    unsigned char key[GOV_KEY_BYTES];
    int rc = gov_key(ward_store_dir(st), "auth.key", 1, key, err);
    if (rc) return rc;
    gov_mac_hex(key, secret, strlen(secret), out);
    sodium_memzero(key, sizeof key);
    return WARD_OK;
}
