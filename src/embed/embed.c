/* embed.c — the embedder interface: parameters, dispatch to a backend, and
 * the small helpers the backends share (normalization, the word tokenizer
 * of the lexical model, deterministic random numbers).
 *
 * ward_embed_batch cuts the caller's texts into backend-sized batches, so a
 * backend never sees more than e->batch texts at once. */
#include "embed_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

ward_embed_params ward_embed_default_params(void)
{
    ward_embed_params p = {0};
    p.backend = WARD_EMBED_LEXICAL;
    p.batch = 32;
    p.timeout_ms = 60000;
    p.retries = 4;
    return p;
}

const char *ward_embed_backend_name(ward_embed_backend b)
{
    static const char *names[] = {"lexical", "llama", "http"};
    return (unsigned)b < 3 ? names[b] : "?";
}

int ward_embed_backend_parse(const char *name)
{
    for (int b = 0; name && b < 3; b++)
        if (!strcmp(name, ward_embed_backend_name((ward_embed_backend)b))) return b;
    return -1;
}

int ward_embedder_open(const ward_embed_params *p, ward_embedder **out, ward_err *err)
{
    *out = NULL;
    ward_embedder *e = ward_xcalloc(1, sizeof *e);
    e->backend = p->backend;
    e->batch = p->batch > 0 ? p->batch : 32;
    int rc;
    switch (p->backend) {
    case WARD_EMBED_LEXICAL: rc = embed_lexical_open(p, e, err); break;
    case WARD_EMBED_LLAMA: rc = embed_llama_open(p, e, err); break;
    case WARD_EMBED_HTTP: rc = embed_http_open(p, e, err); break;
    default: rc = ward_err_set(err, WARD_EUSAGE, "unknown embedder backend %d", (int)p->backend);
    }
    if (rc) {
        free(e);
        return rc;
    }
    *out = e;
    return WARD_OK;
}

void ward_embedder_free(ward_embedder *e)
{
    if (!e) return;
    if (e->ops) e->ops->free(e);
    free(e);
}

int ward_embed_batch(ward_embedder *e, const char *const *texts, size_t n, float *out, ward_err *err)
{
    for (size_t i = 0; i < n; i += (size_t)e->batch) {
        size_t m = n - i < (size_t)e->batch ? n - i : (size_t)e->batch;
        int rc = e->ops->batch(e, texts + i, m, out + i * (size_t)e->dim, err);
        if (rc) return rc;
    }
    return WARD_OK;
}

int ward_embedder_dim(const ward_embedder *e) { return e->dim; }
const char *ward_embedder_model_id(const ward_embedder *e) { return e->model_id; }
ward_embed_backend ward_embedder_backend(const ward_embedder *e) { return e->backend; }

void ward_vec_normalize(float *v, int dim)
{
    double s = 0;
    for (int i = 0; i < dim; i++) s += (double)v[i] * v[i];
    if (s <= 0) return;
    float inv = (float)(1.0 / sqrt(s));
    for (int i = 0; i < dim; i++) v[i] *= inv;
}

float ward_vec_dot(const float *a, const float *b, int dim)
{
    float s = 0;
    for (int i = 0; i < dim; i++) s += a[i] * b[i];
    return s;
}

size_t embed_next_word(const char **pp, char *word, size_t cap)
{
    const unsigned char *p = (const unsigned char *)*pp;
    for (;;) {
        while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
        if (!*p) break;
        size_t n = 0;
        int letters = 0;
        for (; *p && (isalnum(*p) || *p >= 0x80); p++) {
            letters |= !isdigit(*p);
            if (n + 1 < cap) word[n++] = (char)tolower(*p);
        }
        if (!letters) continue;
        word[n] = 0;
        *pp = (const char *)p;
        return n;
    }
    *pp = (const char *)p;
    word[0] = 0;
    return 0;
}

uint64_t embed_rand_u64(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

double embed_rand_gauss(uint64_t *s)
{
    double u1 = ((embed_rand_u64(s) >> 11) + 1.0) / 9007199254740993.0;
    double u2 = (embed_rand_u64(s) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
