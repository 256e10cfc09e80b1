/* lex.c — the funnel's string tables (see lex_int.h). */
#include "funnel/lex_int.h"
#include "ward/core.h"

#include <stdlib.h>
#include <string.h>

/* A slot is 32 bytes, two to a cache line, and holds its key's tag and,
 * for keys of up to INLINE_KEY bytes (nearly every word), the key itself:
 * a lookup reads one line, where a separate tag array, slot and key string
 * cost three cache misses for a word found (most words a note's tokens
 * look up are). A longer key lives on the heap, its pointer in key[]. */
#define INLINE_KEY 20
typedef struct slot {
    uint32_t tag;      /* 0: empty; else tag_of(the key's hash), never 0 */
    uint32_t flags;
    uint32_t klen;
    char key[INLINE_KEY];
} slot;
_Static_assert(sizeof(slot) == 32, "a slot is half a cache line");

/* Values are read far less often than flags: they sit apart (vals[i] for
 * v[i]), so slots stay small. */
struct funnel_lex {
    slot *v;
    char **vals;
    size_t cap, n;     /* cap is a power of two, kept at most half full */
};

static uint32_t tag_of(uint64_t h) { return (uint32_t)(h >> 32) | 1u; }

uint64_t funnel_lex_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Slots on cache-line boundaries (a slot never straddles two lines),
 * zeroed: all empty. */
static slot *new_slots(size_t cap)
{
    slot *v = aligned_alloc(64, cap * sizeof *v);
    if (!v) {   /* as ward_xmalloc: out of memory ends the process */
        ward_log(WARD_LOG_ERROR, "out of memory");
        abort();
    }
    memset(v, 0, cap * sizeof *v);
    return v;
}

static const char *key_of(const slot *s)
{
    if (s->klen <= INLINE_KEY) return s->key;
    const char *p;
    memcpy(&p, s->key, sizeof p);
    return p;
}

static void set_key(slot *s, const char *key, size_t klen)
{
    s->klen = (uint32_t)klen;
    if (klen <= INLINE_KEY) {
        memcpy(s->key, key, klen);
    } else {
        char *p = ward_xstrndup(key, klen);
        memcpy(s->key, &p, sizeof p);
    }
}

funnel_lex *funnel_lex_new(void)
{
    funnel_lex *lx = ward_xcalloc(1, sizeof *lx);
    lx->cap = 64;
    lx->v = new_slots(lx->cap);
    lx->vals = ward_xcalloc(lx->cap, sizeof *lx->vals);
    return lx;
}

void funnel_lex_free(funnel_lex *lx)
{
    if (!lx) return;
    for (size_t i = 0; i < lx->cap; i++) {
        if (lx->v[i].tag && lx->v[i].klen > INLINE_KEY) free((char *)key_of(&lx->v[i]));
        free(lx->vals[i]);
    }
    free(lx->v);
    free(lx->vals);
    free(lx);
}

/* memcmp(a, b, n) == 0 for the short keys of words, without a call, and
 * a word of 4 bytes or more in two loads of each side, not a loop over its
 * bytes (a found word is compared whole; the two loads overlap for a
 * length between their sizes). Reads only a[0,n) and b[0,n). */
static int same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        uint64_t x, y, u, v;
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8), memcpy(&y, b + i, 8);
            if (x != y) return 0;
        }
        memcpy(&u, a + n - 8, 8), memcpy(&v, b + n - 8, 8);
        return u == v;
    }
    if (n >= 4) {
        uint32_t x, y, u, v;
        memcpy(&x, a, 4), memcpy(&y, b, 4), memcpy(&u, a + n - 4, 4), memcpy(&v, b + n - 4, 4);
        return x == y && u == v;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* The index of the slot holding key, or of the empty slot where it would go. */
static size_t find(const funnel_lex *lx, const char *key, size_t klen, uint64_t h)
{
    size_t mask = lx->cap - 1;
    uint32_t t = tag_of(h);
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const slot *s = &lx->v[i];
        if (!s->tag) return i;
        if (s->tag == t && s->klen == klen && same_bytes(key_of(s), key, klen)) return i;
    }
}

/* Moves the slots to a table of cap slots (a power of two, more than twice
 * the keys). */
static void resize(funnel_lex *lx, size_t cap)
{
    slot *old = lx->v;
    char **oldvals = lx->vals;
    size_t oldcap = lx->cap;
    lx->cap = cap;
    lx->v = new_slots(lx->cap);
    lx->vals = ward_xcalloc(lx->cap, sizeof *lx->vals);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].tag) {
            const char *k = key_of(&old[i]);
            size_t j = find(lx, k, old[i].klen, funnel_lex_hash(k, old[i].klen));
            lx->v[j] = old[i];
            lx->vals[j] = oldvals[i];
        }
    free(old);
    free(oldvals);
}

static void grow(funnel_lex *lx) { resize(lx, lx->cap * 2); }

/* The capacity entry() keeps for n keys: at most half full. */
static size_t cap_for(size_t n)
{
    size_t cap = 64;
    while (2 * (n + 1) > cap) cap *= 2;
    return cap;
}

void funnel_lex_reserve(funnel_lex *lx, size_t n)
{
    size_t cap = cap_for(lx->n + n);
    if (cap > lx->cap) resize(lx, cap);
}

void funnel_lex_fit(funnel_lex *lx)
{
    size_t cap = cap_for(lx->n);
    if (cap < lx->cap) resize(lx, cap);
}

/* The index of key's slot, made (with no value) if the key is new. */
static size_t entry(funnel_lex *lx, const char *key, size_t klen)
{
    if (2 * (lx->n + 1) > lx->cap) grow(lx);
    uint64_t h = funnel_lex_hash(key, klen);
    size_t i = find(lx, key, klen, h);
    slot *s = &lx->v[i];
    if (!s->tag) {
        set_key(s, key, klen);
        s->tag = tag_of(h);
        lx->n++;
    }
    return i;
}

void funnel_lex_put(funnel_lex *lx, const char *key, size_t klen, const char *val)
{
    size_t i = entry(lx, key, klen);
    free(lx->vals[i]);
    lx->vals[i] = ward_xstrdup(val ? val : "");
}

void funnel_lex_add_flags(funnel_lex *lx, const char *key, size_t klen, uint32_t flags)
{
    size_t i = entry(lx, key, klen);   /* its value stays NULL: funnel_lex_get answers "" (no copy per word of 40,000) */
    lx->v[i].flags |= flags;
}

uint32_t funnel_lex_flags(const funnel_lex *lx, const char *key, size_t klen)
{
    return funnel_lex_flags_hashed(lx, key, klen, funnel_lex_hash(key, klen));
}

uint32_t funnel_lex_flags_hashed(const funnel_lex *lx, const char *key, size_t klen, uint64_t h)
{
    if (!lx) return 0;
    const slot *s = &lx->v[find(lx, key, klen, h)];
    return s->tag ? s->flags : 0;
}

void funnel_lex_prefetch(const funnel_lex *lx, uint64_t h)
{
    if (lx) __builtin_prefetch(&lx->v[(size_t)h & (lx->cap - 1)]);
}

const char *funnel_lex_get(const funnel_lex *lx, const char *key, size_t klen)
{
    if (!lx) return NULL;
    size_t i = find(lx, key, klen, funnel_lex_hash(key, klen));
    if (!lx->v[i].tag) return NULL;
    return lx->vals[i] ? lx->vals[i] : "";   /* a key with flags only */
}

size_t funnel_lex_count(const funnel_lex *lx) { return lx ? lx->n : 0; }

funnel_lex *funnel_lex_from_image(size_t cap, const funnel_lex_image *img, size_t n, const char *keys)
{
    funnel_lex *lx = ward_xcalloc(1, sizeof *lx);
    lx->cap = cap;
    lx->v = new_slots(cap);
    lx->vals = ward_xcalloc(cap, sizeof *lx->vals);
    for (size_t i = 0; i < n; i++) {
        slot *s = &lx->v[img[i].at];
        set_key(s, keys + img[i].key, img[i].klen);
        s->tag = img[i].tag, s->flags = img[i].flags;
    }
    lx->n = n;
    return lx;
}

size_t funnel_lex_cap(const funnel_lex *lx) { return lx ? lx->cap : 0; }

int funnel_lex_slot(const funnel_lex *lx, size_t i, funnel_lex_image *out, const char **key)
{
    if (!lx || i >= lx->cap || !lx->v[i].tag) return 0;
    const slot *s = &lx->v[i];
    *out = (funnel_lex_image){(uint32_t)i, s->tag, s->flags, s->klen, 0};
    *key = key_of(s);
    return 1;
}

size_t funnel_lex_load_tsv(funnel_lex *lx, const char *text, size_t len, funnel_lex_norm_fn norm)
{
    size_t pos = 0, rules = 0, kn, vn;
    const char *k, *v;
    char key[512], val[256];
    while (ward_tsv_next(text, len, &pos, &k, &kn, &v, &vn)) {
        if (!kn || kn >= sizeof key) continue;
        memcpy(key, k, kn);
        if (norm) kn = norm(key, kn);
        if (!kn) continue;
        if (vn >= sizeof val) vn = sizeof val - 1;
        memcpy(val, v, vn);
        val[vn] = 0;
        funnel_lex_put(lx, key, kn, val);
        rules++;
    }
    return rules;
}

size_t funnel_lex_load_file(funnel_lex *lx, const char *path, funnel_lex_norm_fn norm)
{
    if (!path || !*path) return 0;
    char *data;
    size_t len;
    ward_err err;
    if (ward_read_file(path, (size_t)64 << 20, &data, &len, &err)) return 0;
    size_t n = funnel_lex_load_tsv(lx, data, len, norm);
    free(data);
    return n;
}

void funnel_lex_site_path(const char *env, const char *name, char *out, size_t cap)
{
    const char *e = getenv(env), *d = getenv("WARD_DATA");
    if (e && *e) snprintf(out, cap, "%s", e);
    else if (d && *d) snprintf(out, cap, "%s/%s", d, name);
    else if (cap) out[0] = 0;
}
