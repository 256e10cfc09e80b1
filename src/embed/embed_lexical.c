/* embed_lexical.c — the built-in embedder: word vectors learnt from the
 * store's own chunks, sentences as SIF-weighted averages.
 *
 * Ideas a reader needs:
 *  - Training counts word co-occurrences within a window (weighted 1/distance)
 *    over a fixed prefix of the chunks, turns them into positive PMI with
 *    context-distribution smoothing (counts^0.75, on both sides so the matrix
 *    stays symmetric), and factors the sparse PPMI matrix with a randomized
 *    SVD (Gaussian test matrix from a fixed seed, two power iterations). A
 *    word's vector is its row of U * sigma^0.5, unit-normalized. Words used
 *    in the same contexts ("MI" and "myocardial infarction" both follow
 *    "history of" and precede "troponin") get close vectors.
 *  - The orthonormalizations and the final small SVD go through one
 *    symmetric eigensolver (cyclic Jacobi) on k x k Gram matrices, which
 *    handles the rank-deficient case of a tiny vocabulary gracefully.
 *  - A sentence is sum(a / (a + p(w)) * v_w) / n (SIF, a = 1e-3) over its
 *    words but function and question words (ward_stopword: a site's notes
 *    hold too few questions to learn that "what" and "when" mean nothing),
 *    minus its projection on the corpus's first principal direction (the
 *    "common component" every sentence shares), then unit-normalized.
 *  - The model lives in the store (lexical_model, lexical_words): the same
 *    store always embeds queries with the same vectors it indexed with.
 */
#include "embed_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SIF_A 1e-3
#define MAX_WORD 64
#define MAX_PAIRS (8u << 20)     /* distinct co-occurring pairs kept (memory bound) */
#define SENT_SAMPLE 4000         /* chunks used to estimate the common component */

ward_lexical_params ward_lexical_default_params(void)
{
    ward_lexical_params p = {0};
    p.dim = 128;
    p.window = 5;
    p.min_count = 2;
    p.max_vocab = 40000;
    p.max_tokens = 5000000;
    p.seed = 0x5EED5EEDu;
    return p;
}

/* ---- word -> index map (open addressing, FNV-1a) ---- */

typedef struct {
    char **words;
    size_t n, cap;
    uint32_t *slots;   /* index + 1; 0 is empty */
    size_t nslots;
} strmap;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static long strmap_find(const strmap *m, const char *w)
{
    if (!m->nslots) return -1;
    for (size_t i = fnv(w) & (m->nslots - 1);; i = (i + 1) & (m->nslots - 1)) {
        uint32_t s = m->slots[i];
        if (!s) return -1;
        if (!strcmp(m->words[s - 1], w)) return (long)(s - 1);
    }
}

static void strmap_put_slot(strmap *m, size_t idx)
{
    size_t i = fnv(m->words[idx]) & (m->nslots - 1);
    while (m->slots[i]) i = (i + 1) & (m->nslots - 1);
    m->slots[i] = (uint32_t)(idx + 1);
}

static size_t strmap_add(strmap *m, const char *w)
{
    long f = strmap_find(m, w);
    if (f >= 0) return (size_t)f;
    if ((m->n + 1) * 2 > m->nslots) {
        free(m->slots);
        m->nslots = m->nslots ? m->nslots * 2 : 1024;
        m->slots = ward_xcalloc(m->nslots, sizeof *m->slots);
        for (size_t i = 0; i < m->n; i++) strmap_put_slot(m, i);
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->words = ward_xrealloc(m->words, m->cap * sizeof *m->words);
    }
    m->words[m->n] = ward_xstrdup(w);
    strmap_put_slot(m, m->n);
    return m->n++;
}

static void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->words[i]);
    free(m->words);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* ---- (i, j) -> weight map for co-occurrences, i < j ---- */

typedef struct {
    uint64_t *keys;   /* (i << 32 | j) + 1; 0 is empty */
    float *vals;
    size_t n, nslots;
} pairmap;

static void pairmap_add(pairmap *m, uint32_t i, uint32_t j, float w)
{
    if ((m->n + 1) * 2 > m->nslots) {
        if (m->n >= MAX_PAIRS) {            /* full: only existing pairs still count */
            uint64_t key = ((uint64_t)i << 32 | j) + 1;
            for (size_t s = (key * 0x9E3779B97F4A7C15ull) >> 20 & (m->nslots - 1);;
                 s = (s + 1) & (m->nslots - 1)) {
                if (!m->keys[s]) return;
                if (m->keys[s] == key) { m->vals[s] += w; return; }
            }
        }
        pairmap old = *m;
        m->nslots = old.nslots ? old.nslots * 2 : 4096;
        m->keys = ward_xcalloc(m->nslots, sizeof *m->keys);
        m->vals = ward_xcalloc(m->nslots, sizeof *m->vals);
        m->n = 0;
        for (size_t s = 0; s < old.nslots; s++)
            if (old.keys[s])
                pairmap_add(m, (uint32_t)((old.keys[s] - 1) >> 32), (uint32_t)(old.keys[s] - 1), old.vals[s]);
        free(old.keys);
        free(old.vals);
    }
    uint64_t key = ((uint64_t)i << 32 | j) + 1;
    size_t s = (key * 0x9E3779B97F4A7C15ull) >> 20 & (m->nslots - 1);
    while (m->keys[s] && m->keys[s] != key) s = (s + 1) & (m->nslots - 1);
    if (!m->keys[s]) {
        m->keys[s] = key;
        m->n++;
    }
    m->vals[s] += w;
}

/* ---- dense linear algebra on small k x k matrices ---- */

/* Eigen-decomposition of the symmetric k x k matrix a (destroyed) by cyclic
 * Jacobi rotations: eigenvalues in w (descending), eigenvectors as the
 * columns of v (row-major). */
static void jacobi_eigen(double *a, int k, double *w, double *v)
{
    for (int i = 0; i < k * k; i++) v[i] = 0;
    for (int i = 0; i < k; i++) v[i * k + i] = 1;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0, diag = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                double x = a[i * k + j] * a[i * k + j];
                if (i == j) diag += x;
                else off += x;
            }
        if (off <= 1e-22 * (diag + 1e-300)) break;
        for (int p = 0; p < k; p++)
            for (int q = p + 1; q < k; q++) {
                double apq = a[p * k + q];
                if (fabs(apq) < 1e-300) continue;
                double theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
                double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (int r = 0; r < k; r++) {    /* columns p, q */
                    double arp = a[r * k + p], arq = a[r * k + q];
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for (int r = 0; r < k; r++) {    /* rows p, q */
                    double apr = a[p * k + r], aqr = a[q * k + r];
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for (int r = 0; r < k; r++) {
                    double vrp = v[r * k + p], vrq = v[r * k + q];
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
    }
    /* Sort descending (selection sort on k <= a few hundred). */
    for (int i = 0; i < k; i++) w[i] = a[i * k + i];
    for (int i = 0; i < k; i++) {
        int best = i;
        for (int j = i + 1; j < k; j++)
            if (w[j] > w[best]) best = j;
        if (best == i) continue;
        double t = w[i]; w[i] = w[best]; w[best] = t;
        for (int r = 0; r < k; r++) {
            t = v[r * k + i]; v[r * k + i] = v[r * k + best]; v[r * k + best] = t;
        }
    }
}

/* g = y^T y for y (n x k, row-major). */
static void gram(const double *y, size_t n, int k, double *g)
{
    memset(g, 0, sizeof *g * (size_t)k * k);
    for (size_t r = 0; r < n; r++) {
        const double *row = y + r * k;
        for (int i = 0; i < k; i++) {
            if (row[i] == 0) continue;
            for (int j = i; j < k; j++) g[i * k + j] += row[i] * row[j];
        }
    }
    for (int i = 0; i < k; i++)
        for (int j = 0; j < i; j++) g[i * k + j] = g[j * k + i];
}

/* y <- y * t for y (n x k) and t (k x k). */
static void mul_right(double *y, size_t n, int k, const double *t)
{
    double *tmp = ward_xmalloc(sizeof *tmp * k);
    for (size_t r = 0; r < n; r++) {
        double *row = y + r * k;
        for (int j = 0; j < k; j++) tmp[j] = 0;
        for (int i = 0; i < k; i++) {
            if (row[i] == 0) continue;
            for (int j = 0; j < k; j++) tmp[j] += row[i] * t[i * k + j];
        }
        memcpy(row, tmp, sizeof *tmp * k);
    }
    free(tmp);
}

/* Orthonormalizes the columns of y through its Gram matrix: y <- y U L^-1/2,
 * dropping directions with no energy (rank-deficient y gives zero columns). */
static void orthonormalize(double *y, size_t n, int k)
{
    double *g = ward_xmalloc(sizeof *g * k * k), *u = ward_xmalloc(sizeof *u * k * k);
    double *w = ward_xmalloc(sizeof *w * k);
    for (int pass = 0; pass < 2; pass++) {   /* twice: the second cleans up rounding */
        gram(y, n, k, g);
        jacobi_eigen(g, k, w, u);
        for (int j = 0; j < k; j++) {
            double s = w[j] > 1e-12 * (w[0] > 0 ? w[0] : 1) ? 1 / sqrt(w[j]) : 0;
            for (int i = 0; i < k; i++) u[i * k + j] *= s;
        }
        mul_right(y, n, k, u);
    }
    free(g), free(u), free(w);
}

/* ---- the sparse PPMI matrix (CSR, symmetric) ---- */

typedef struct {
    size_t n;
    size_t *row;     /* n + 1 offsets */
    uint32_t *col;
    float *val;
} csr;

/* out = m * x for x (n x k, row-major). */
static void csr_mul(const csr *m, const double *x, int k, double *out)
{
    memset(out, 0, sizeof *out * m->n * k);
    for (size_t i = 0; i < m->n; i++) {
        double *o = out + i * k;
        for (size_t e = m->row[i]; e < m->row[i + 1]; e++) {
            const double *xr = x + (size_t)m->col[e] * k;
            double v = m->val[e];
            for (int j = 0; j < k; j++) o[j] += v * xr[j];
        }
    }
}

static void ppmi_matrix(const pairmap *pm, size_t n, csr *m)
{
    double *rows = ward_xcalloc(n, sizeof *rows), total = 0, smooth = 0;
    for (size_t s = 0; s < pm->nslots; s++) {
        if (!pm->keys[s]) continue;
        uint64_t key = pm->keys[s] - 1;
        rows[key >> 32] += pm->vals[s];
        rows[(uint32_t)key] += pm->vals[s];
        total += 2.0 * pm->vals[s];
    }
    double *logp = ward_xmalloc(sizeof *logp * (n ? n : 1));   /* log of smoothed p */
    for (size_t i = 0; i < n; i++) smooth += pow(rows[i], 0.75);
    for (size_t i = 0; i < n; i++) logp[i] = rows[i] > 0 ? 0.75 * log(rows[i]) - log(smooth) : 0;
    m->n = n;
    m->row = ward_xcalloc(n + 1, sizeof *m->row);
    for (int pass = 0; pass < 2; pass++) {   /* pass 0 counts per row, pass 1 fills */
        size_t *fill = pass ? ward_xcalloc(n, sizeof *fill) : NULL;
        for (size_t s = 0; s < pm->nslots; s++) {
            if (!pm->keys[s]) continue;
            uint64_t key = pm->keys[s] - 1;
            uint32_t i = (uint32_t)(key >> 32), j = (uint32_t)key;
            double pmi = log(pm->vals[s] / total) - logp[i] - logp[j];
            if (pmi <= 0) continue;
            if (!pass) {
                m->row[i + 1]++, m->row[j + 1]++;
                continue;
            }
            size_t a = m->row[i] + fill[i]++, b = m->row[j] + fill[j]++;
            m->col[a] = j, m->val[a] = (float)pmi;
            m->col[b] = i, m->val[b] = (float)pmi;
        }
        if (!pass) {
            for (size_t i = 0; i < n; i++) m->row[i + 1] += m->row[i];
            m->col = ward_xmalloc(sizeof *m->col * (m->row[n] + 1));
            m->val = ward_xmalloc(sizeof *m->val * (m->row[n] + 1));
        }
        free(fill);
    }
    free(rows);
    free(logp);
}

/* Word vectors (n x dim floats, unit rows) from the PPMI matrix. */
static float *svd_vectors(const csr *m, int dim, uint64_t seed)
{
    size_t n = m->n;
    int k = dim + 10 < (int)n ? dim + 10 : (int)n;
    double *q = ward_xmalloc(sizeof *q * n * k), *y = ward_xmalloc(sizeof *y * n * k);
    for (size_t i = 0; i < n * (size_t)k; i++) q[i] = embed_rand_gauss(&seed);
    csr_mul(m, q, k, y);
    for (int it = 0; it < 3; it++) {   /* orth, then two power iterations */
        orthonormalize(y, n, k);
        double *t = q; q = y; y = t;
        csr_mul(m, q, k, y);           /* y = M Q; after the loop, Z = M Q */
    }
    double *s = ward_xmalloc(sizeof *s * k * k), *ub = ward_xmalloc(sizeof *ub * k * k);
    double *lam = ward_xmalloc(sizeof *lam * k);
    gram(y, n, k, s);                  /* Z^T Z = B B^T with B = Q^T M */
    jacobi_eigen(s, k, lam, ub);
    for (int j = 0; j < k; j++) {      /* U sigma^0.5 = Q Ub lambda^0.25 */
        double sc = lam[j] > 0 ? pow(lam[j], 0.25) : 0;
        for (int i = 0; i < k; i++) ub[i * k + j] *= sc;
    }
    mul_right(q, n, k, ub);
    float *vec = ward_xcalloc(n * (size_t)dim, sizeof *vec);
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < dim && j < k; j++) vec[i * dim + j] = (float)q[i * k + j];
        ward_vec_normalize(vec + i * dim, dim);
    }
    free(q), free(y), free(s), free(ub), free(lam);
    return vec;
}

/* ---- training ---- */

typedef struct {
    int32_t *seq;      /* word ids in reading order, -1 between chunks */
    size_t n, cap;
    strmap words;
    int64_t *counts;
    size_t ccap;
    long tokens;
} corpus;

static void seq_push(corpus *c, int32_t v)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 65536;
        c->seq = ward_xrealloc(c->seq, c->cap * sizeof *c->seq);
    }
    c->seq[c->n++] = v;
}

typedef struct {
    corpus *c;
    long max_tokens;
} corpus_reader;

static int corpus_add(void *ud, const char *p)
{
    corpus_reader *r = ud;
    corpus *c = r->c;
    char w[MAX_WORD];
    while (p && c->tokens < r->max_tokens && embed_next_word(&p, w, sizeof w)) {
        size_t id = strmap_add(&c->words, w);
        if (id >= c->ccap) {
            size_t old = c->ccap;
            c->ccap = c->ccap ? c->ccap * 2 : 1024;
            c->counts = ward_xrealloc(c->counts, c->ccap * sizeof *c->counts);
            memset(c->counts + old, 0, (c->ccap - old) * sizeof *c->counts);
        }
        c->counts[id]++;
        c->tokens++;
        seq_push(c, (int32_t)id);
    }
    seq_push(c, -1);
    return c->tokens >= r->max_tokens;
}

static int read_corpus(ward_store *st, long max_tokens, corpus *c, ward_err *err)
{
    corpus_reader r = {c, max_tokens};
    return ward_store_chunk_texts(st, corpus_add, &r, err);
}

static const int64_t *sort_counts;
static int by_count(const void *a, const void *b)
{
    int64_t ca = sort_counts[*(const int32_t *)a], cb = sort_counts[*(const int32_t *)b];
    if (ca != cb) return ca > cb ? -1 : 1;
    return *(const int32_t *)a - *(const int32_t *)b;  /* first seen first: deterministic */
}

/* Keeps the max_vocab most frequent words seen min_count times; returns the
 * kept count and fills remap (old id -> new id or -1) and kept (new -> old). */
static size_t choose_vocab(const corpus *c, const ward_lexical_params *p, int32_t *remap, int32_t *kept)
{
    size_t n = c->words.n, m = 0;
    for (size_t i = 0; i < n; i++) kept[i] = (int32_t)i;
    sort_counts = c->counts;
    if (n) qsort(kept, n, sizeof *kept, by_count);
    for (size_t i = 0; i < n; i++) remap[i] = -1;
    for (size_t i = 0; i < n && m < (size_t)p->max_vocab; i++)
        if (c->counts[kept[i]] >= p->min_count) remap[kept[i]] = (int32_t)m, kept[m++] = kept[i];
    return m;
}

static void cooccur(const corpus *c, const int32_t *remap, int window, pairmap *pm)
{
    for (size_t t = 0; t < c->n; t++) {
        if (c->seq[t] < 0 || remap[c->seq[t]] < 0) continue;
        int32_t a = remap[c->seq[t]];
        int d = 0;
        for (size_t u = t + 1; u < c->n && c->seq[u] >= 0 && d < window; u++) {
            int32_t b = remap[c->seq[u]];
            if (b < 0) continue;          /* rare words are skipped, not counted as distance */
            d++;
            if (a != b) pairmap_add(pm, (uint32_t)(a < b ? a : b), (uint32_t)(a < b ? b : a), 1.0f / (float)d);
        }
    }
}

/* The first principal direction of SIF sentence vectors of the first chunks. */
static void common_component(const corpus *c, const int32_t *remap, const float *vec,
                             const float *weight, int dim, float *u)
{
    double *cov = ward_xcalloc((size_t)dim * dim, sizeof *cov);
    double *sent = ward_xcalloc((size_t)dim, sizeof *sent);
    int sentences = 0, words = 0;
    for (size_t t = 0; t < c->n && sentences < SENT_SAMPLE; t++) {
        int32_t id = c->seq[t] >= 0 ? remap[c->seq[t]] : -1;
        if (id >= 0 && !ward_stopword(c->words.words[c->seq[t]], strlen(c->words.words[c->seq[t]]))) {
            for (int j = 0; j < dim; j++) sent[j] += weight[id] * vec[(size_t)id * dim + j];
            words++;
        }
        if (c->seq[t] >= 0 || !words) continue;
        for (int i = 0; i < dim; i++)
            for (int j = 0; j < dim; j++) cov[i * dim + j] += sent[i] * sent[j] / ((double)words * words);
        memset(sent, 0, sizeof *sent * dim);
        words = 0;
        sentences++;
    }
    double *w = ward_xmalloc(sizeof *w * dim), *v = ward_xmalloc(sizeof *v * dim * dim);
    jacobi_eigen(cov, dim, w, v);
    for (int i = 0; i < dim; i++) u[i] = sentences ? (float)v[i * dim] : 0;
    free(cov), free(sent), free(w), free(v);
}

static int save_model(ward_store *st, const corpus *c, const int32_t *kept, size_t n, int dim,
                      const float *vec, const float *weight, const float *common, ward_err *err)
{
    /* The id is the hash of what the model computes: the same corpus and
     * parameters give the same id, so vectors stay comparable. */
    ward_buf h;
    ward_buf_init(&h);
    for (size_t i = 0; i < n; i++) ward_buf_printf(&h, "%s\n", c->words.words[kept[i]]);
    ward_buf_append(&h, vec, n * (size_t)dim * sizeof *vec);
    char hex[65], id[32];
    ward_hash_hex(h.data, h.len, hex);
    ward_buf_free(&h);
    snprintf(id, sizeof id, "lexical-%.12s", hex);
    const char **words = ward_xmalloc(sizeof *words * (n ? n : 1));
    for (size_t i = 0; i < n; i++) words[i] = c->words.words[kept[i]];
    ward_lexical_model m = {.id = id, .dim = dim, .n = n, .words = words, .weight = weight, .vec = vec,
                            .common = common};
    int rc = ward_store_lexical_save(st, &m, err);
    free(words);
    return rc;
}

/* Trains inside the caller's transaction. */
int embed_lexical_train_tx(ward_store *st, const ward_lexical_params *p, ward_err *err)
{
    corpus c = {0};
    int rc = read_corpus(st, p->max_tokens > 0 ? p->max_tokens : 5000000, &c, err);
    int32_t *remap = ward_xmalloc(sizeof *remap * (c.words.n + 1));
    int32_t *kept = ward_xmalloc(sizeof *kept * (c.words.n + 1));
    size_t n = rc ? 0 : choose_vocab(&c, p, remap, kept);
    if (!rc && n < 2)
        rc = ward_err_set(err, WARD_EINPUT, "the store has too little text to train the lexical embedder "
                          "(%zu words seen at least %d times): ingest notes first", n, p->min_count);
    if (!rc) {
        int dim = p->dim > 0 ? p->dim : 128;
        if ((size_t)dim > n) dim = (int)n;
        pairmap pm = {0};
        cooccur(&c, remap, p->window > 0 ? p->window : 5, &pm);
        csr m = {0};
        ppmi_matrix(&pm, n, &m);
        free(pm.keys), free(pm.vals);
        float *vec = svd_vectors(&m, dim, p->seed ? p->seed : 1);
        free(m.row), free(m.col), free(m.val);
        float *weight = ward_xmalloc(sizeof *weight * n), *common = ward_xcalloc((size_t)dim, sizeof *common);
        for (size_t i = 0; i < n; i++)
            weight[i] = (float)(SIF_A / (SIF_A + (double)c.counts[kept[i]] / (double)c.tokens));
        common_component(&c, remap, vec, weight, dim, common);
        rc = save_model(st, &c, kept, n, dim, vec, weight, common, err);
        free(vec), free(weight), free(common);
    }
    free(remap), free(kept), free(c.seq), free(c.counts);
    strmap_free(&c.words);
    return rc;
}

int ward_lexical_train(ward_store *st, const ward_lexical_params *p, ward_err *err)
{
    int rc = ward_store_begin(st, err);
    if (!rc) rc = embed_lexical_train_tx(st, p, err);
    if (!rc) rc = ward_store_commit(st, err);
    if (rc) ward_store_rollback(st);
    return rc;
}

/* ---- the embedder ---- */

typedef struct {
    strmap words;
    float *vec, *weight, *common;
} lexical;

typedef struct {
    lexical *lx;
    int dim;
    size_t cap;
} word_loader;

static int load_word(void *ud, const char *word, float weight, const float *vec)
{
    word_loader *l = ud;
    lexical *lx = l->lx;
    size_t i = strmap_add(&lx->words, word);
    if (i >= l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4096;
        lx->vec = ward_xrealloc(lx->vec, l->cap * (size_t)l->dim * sizeof *lx->vec);
        lx->weight = ward_xrealloc(lx->weight, l->cap * sizeof *lx->weight);
    }
    memcpy(lx->vec + i * l->dim, vec, (size_t)l->dim * sizeof(float));
    lx->weight[i] = weight;
    return 0;
}

static int lexical_load(ward_store *st, ward_embedder *e, lexical *lx, ward_err *err)
{
    char *id;
    int rc = ward_store_lexical_head(st, &id, &e->dim, &lx->common, err);
    if (rc == WARD_ENOTFOUND) {
        ward_err_clear(err);
        return ward_err_set(err, WARD_ENOTFOUND, "the store has no lexical model yet: index it with the lexical "
                            "embedder first");
    }
    if (rc) return rc;
    snprintf(e->model_id, sizeof e->model_id, "%s", id);
    free(id);
    word_loader l = {lx, e->dim, 0};
    return ward_store_lexical_words(st, e->dim, load_word, &l, err);
}

static int lexical_batch(ward_embedder *e, const char *const *texts, size_t n, float *out, ward_err *err)
{
    (void)err;
    lexical *lx = e->impl;
    char w[MAX_WORD];
    for (size_t t = 0; t < n; t++) {
        float *v = out + t * e->dim;
        memset(v, 0, sizeof *v * e->dim);
        int words = 0;
        size_t len;
        for (const char *p = texts[t]; p && (len = embed_next_word(&p, w, sizeof w));) {
            long id = ward_stopword(w, len) ? -1 : strmap_find(&lx->words, w);
            if (id < 0) continue;
            const float *wv = lx->vec + (size_t)id * e->dim;
            for (int j = 0; j < e->dim; j++) v[j] += lx->weight[id] * wv[j];
            words++;
        }
        if (!words) continue;
        float proj = ward_vec_dot(v, lx->common, e->dim) / (float)words;
        for (int j = 0; j < e->dim; j++) v[j] = v[j] / (float)words - proj * lx->common[j];
        ward_vec_normalize(v, e->dim);
    }
    return WARD_OK;
}

static void lexical_free(ward_embedder *e)
{
    lexical *lx = e->impl;
    if (!lx) return;
    strmap_free(&lx->words);
    free(lx->vec), free(lx->weight), free(lx->common);
    free(lx);
}

static const embed_ops lexical_ops = {lexical_batch, lexical_free};

int embed_lexical_open(const ward_embed_params *p, ward_embedder *e, ward_err *err)
{
    if (!p->store) return ward_err_set(err, WARD_EUSAGE, "the lexical embedder needs a store");
    lexical *lx = ward_xcalloc(1, sizeof *lx);
    e->impl = lx;
    e->ops = &lexical_ops;
    int rc = lexical_load(p->store, e, lx, err);
    if (rc) {
        lexical_free(e);
        e->impl = NULL;
        e->ops = NULL;
    }
    return rc;
}

int ward_lexical_similarity(ward_store *st, const char *a, const char *b, float *out, ward_err *err)
{
    float *v[2] = {NULL, NULL};
    int dim[2] = {0, 0}, rc = WARD_OK;
    const char *w[2] = {a, b};
    for (int i = 0; i < 2 && !rc; i++) {
        rc = ward_store_lexical_vec(st, w[i], &v[i], &dim[i], err);
        if (rc == WARD_ENOTFOUND) {
            ward_err_clear(err);
            rc = ward_err_set(err, WARD_ENOTFOUND, "word %d is not in the lexical model", i + 1);
        }
    }
    if (!rc) *out = ward_vec_dot(v[0], v[1], dim[0] < dim[1] ? dim[0] : dim[1]);
    free(v[0]), free(v[1]);
    return rc;
}
