/* lex.c — the funnel's string tables (see lex_int.h). */
#include "funnel/lex_int.h"
#include "ward/core.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    char *key;         /* NULL: empty */
    size_t klen;
    uint64_t h;
    char *val;
    uint32_t flags;
} slot;

/* Probing reads only tags (4 bytes a slot, never 0 for a used slot): most
 * words looked up are in no table, and a tag array a tenth of the slots'
 * size stays in the cache where the slots do not. */
struct funnel_lex {
    slot *v;
    uint32_t *tag;
    size_t cap, n;     /* cap is a power of two, kept at most half full */
};

static uint32_t tag_of(uint64_t h) { return (uint32_t)(h >> 32) | 1u; }

uint64_t funnel_lex_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

funnel_lex *funnel_lex_new(void)
{
    funnel_lex *lx = ward_xcalloc(1, sizeof *lx);
    lx->cap = 64;
    lx->v = ward_xcalloc(lx->cap, sizeof *lx->v);
    lx->tag = ward_xcalloc(lx->cap, sizeof *lx->tag);
    return lx;
}

void funnel_lex_free(funnel_lex *lx)
{
    if (!lx) return;
    for (size_t i = 0; i < lx->cap; i++) free(lx->v[i].key), free(lx->v[i].val);
    free(lx->v);
    free(lx->tag);
    free(lx);
}

/* memcmp(a, b, n) == 0 for the short keys of words, without a call. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* The slot holding key, or the empty slot where it would go. */
static slot *find(const funnel_lex *lx, const char *key, size_t klen, uint64_t h)
{
    size_t mask = lx->cap - 1;
    uint32_t t = tag_of(h);
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint32_t x = lx->tag[i];
        if (!x) return &lx->v[i];
        if (x != t) continue;
        slot *s = &lx->v[i];
        if (s->h == h && s->klen == klen && same_bytes(s->key, key, klen)) return s;
    }
}

static void grow(funnel_lex *lx)
{
    slot *old = lx->v;
    uint32_t *oldtag = lx->tag;
    size_t oldcap = lx->cap;
    lx->cap *= 2;
    lx->v = ward_xcalloc(lx->cap, sizeof *lx->v);
    lx->tag = ward_xcalloc(lx->cap, sizeof *lx->tag);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key) {
            slot *s = find(lx, old[i].key, old[i].klen, old[i].h);
            *s = old[i];
            lx->tag[s - lx->v] = oldtag[i];
        }
    free(old);
    free(oldtag);
}

static slot *entry(funnel_lex *lx, const char *key, size_t klen)
{
    if (2 * (lx->n + 1) > lx->cap) grow(lx);
    uint64_t h = funnel_lex_hash(key, klen);
    slot *s = find(lx, key, klen, h);
    if (!s->key) {
        s->key = ward_xstrndup(key, klen);
        s->klen = klen;
        s->h = h;
        s->val = NULL;
        lx->tag[s - lx->v] = tag_of(h);
        lx->n++;
    }
    return s;
}

void funnel_lex_put(funnel_lex *lx, const char *key, size_t klen, const char *val)
{
    slot *s = entry(lx, key, klen);
    free(s->val);
    s->val = ward_xstrdup(val ? val : "");
}

void funnel_lex_add_flags(funnel_lex *lx, const char *key, size_t klen, uint32_t flags)
{
    slot *s = entry(lx, key, klen);
    if (!s->val) s->val = ward_xstrdup("");
    s->flags |= flags;
}

uint32_t funnel_lex_flags(const funnel_lex *lx, const char *key, size_t klen)
{
    return funnel_lex_flags_hashed(lx, key, klen, funnel_lex_hash(key, klen));
}

uint32_t funnel_lex_flags_hashed(const funnel_lex *lx, const char *key, size_t klen, uint64_t h)
{
    if (!lx) return 0;
    slot *s = find(lx, key, klen, h);
    return s->key ? s->flags : 0;
}

const char *funnel_lex_get(const funnel_lex *lx, const char *key, size_t klen)
{
    if (!lx) return NULL;
    slot *s = find(lx, key, klen, funnel_lex_hash(key, klen));
    return s->key ? s->val : NULL;
}

size_t funnel_lex_count(const funnel_lex *lx) { return lx ? lx->n : 0; }

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
