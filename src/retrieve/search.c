/* search.c — the search modes: BM25 (SQLite FTS5), vector, hybrid.
 *
 * User text never reaches FTS5 as syntax: it is cut into word tokens, each
 * quoted as an FTS5 string and OR-ed, so a question mark, a quote or a
 * stray "NEAR(" in a clinician's question cannot break or redirect the
 * query. Filters (patient, scope, kind, dates) go to the store as one
 * ward_store_filter, shared with the vector path (retrieve_int.h), so every
 * mode ranks only chunks that pass them.
 *
 * Hybrid takes the top `depth` of each list and fuses them by reciprocal
 * rank (fusion.c); hits found by BM25 keep their FTS snippet, the others
 * get the start of their text.
 */
#include "retrieve_int.h"
#include "ward/embed.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ward_search_params ward_search_default_params(void)
{
    ward_search_params p = {0};
    p.mode = WARD_SEARCH_AUTO;
    p.k = 10;
    p.snippet_tokens = 16;
    return p;
}

const char *ward_search_mode_name(ward_search_mode m)
{
    static const char *names[] = {"auto", "bm25", "vector", "hybrid"};
    return names[m];
}

/* Whether the term s[0,n) is already among the kept ones (ASCII case
 * folded, as the FTS tokenizer folds it). At most WARD_SEARCH_MAX_TERMS are
 * kept, so the check is bounded and building stays linear in the query. */
static int seen_term(const char **kept, const size_t *klen, int nkept, const char *s, size_t n)
{
    for (int i = 0; i < nkept; i++)
        if (klen[i] == n && !strncasecmp(kept[i], s, n)) return 1;
    return 0;
}

/* Builds an FTS5 expression: "w1" OR "w2" ... ; returns 0 if no terms.
 * Each FTS5 phrase costs a doclist walk per matching row, so a pasted
 * page of text (thousands of words) would make one search take minutes:
 * repeated terms are kept once and only the first WARD_SEARCH_MAX_TERMS
 * distinct terms count. */
int ward_search_fts_query(const char *q, ward_buf *out)
{
    const char *kept[WARD_SEARCH_MAX_TERMS];
    size_t klen[WARD_SEARCH_MAX_TERMS];
    int terms = 0;
    for (int pass = 0; pass < 2 && !terms; pass++) {   /* pass 1 keeps stopwords */
        ward_buf_reset(out);
        for (const char *p = q; *p && terms < WARD_SEARCH_MAX_TERMS;) {
            while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
            const char *s = p;
            while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
            size_t n = (size_t)(p - s);
            if (!n || (pass == 0 && ward_stopword(s, n)) || seen_term(kept, klen, terms, s, n)) continue;
            if (terms) ward_buf_puts(out, " OR ");
            kept[terms] = s;
            klen[terms++] = n;
            ward_buf_putc(out, '"');
            ward_buf_append(out, s, n);
            ward_buf_putc(out, '"');
        }
    }
    return terms;
}

ward_store_filter retrieve_filter(const ward_search_params *p)
{
    ward_store_filter f = {.patient_id = p->patient_id, .patients = p->patients, .n_patients = p->n_patients,
                           .literature = p->literature, .kind = p->kind, .since = p->since, .until = p->until};
    return f;
}

static ward_hit *push_hit(ward_hits *out, size_t *cap)
{
    if (out->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        out->v = ward_xrealloc(out->v, *cap * sizeof *out->v);
    }
    ward_hit *h = &out->v[out->n++];
    memset(h, 0, sizeof *h);
    return h;
}

static char *dup_or_null(const char *s)
{
    return s ? ward_xstrdup(s) : NULL;
}

/* Copies a store row (borrowed strings) into a hit. */
static void take_row(ward_hit *h, const ward_search_row *r)
{
    h->chunk_id = r->chunk_id;
    h->document_id = r->document_id;
    h->score = r->score;
    h->title = dup_or_null(r->title);
    h->kind = dup_or_null(r->kind);
    h->date = dup_or_null(r->date);
    h->patient_id = dup_or_null(r->patient_id);
    h->section = dup_or_null(r->section);
    h->text = dup_or_null(r->text);
    h->snippet = dup_or_null(r->snippet);
    h->start = r->start;
    h->end = r->end;
}

typedef struct {
    ward_hits *out;
    size_t cap;
} hit_sink;

static int sink_row(void *ud, const ward_search_row *r)
{
    hit_sink *k = ud;
    take_row(push_hit(k->out, &k->cap), r);
    return 0;
}

static int search_bm25(ward_store *st, const char *query, const ward_search_params *p, const ward_store_filter *f,
                       int limit, ward_hits *out, ward_err *err)
{
    ward_buf fts;
    ward_buf_init(&fts);
    if (!ward_search_fts_query(query, &fts)) {
        ward_buf_free(&fts);
        return ward_err_set(err, WARD_EUSAGE, "the query has no searchable words");
    }
    hit_sink k = {out, out->n};
    ward_buf wide;   /* with the lexicon's alternatives, weighted down (widen.c) */
    ward_buf_init(&wide);
    const char *expr = !p->exact && retrieve_widen(query, fts.data, &wide) ? wide.data : fts.data;
    int rc = ward_store_search_bm25(st, expr, f, limit, p->snippet_tokens, sink_row, &k, err);
    ward_buf_free(&fts), ward_buf_free(&wide);
    out->mode = WARD_SEARCH_BM25;
    return rc;
}

static int copy_row(void *ud, const ward_search_row *r)
{
    take_row(ud, r);
    return 0;
}

int retrieve_fill_hit(ward_store *st, int64_t chunk_id, int snippet_words, ward_hit *h, ward_err *err)
{
    int rc = ward_store_chunk_get(st, chunk_id, copy_row, h, err);
    if (rc) return rc;
    /* The snippet is the first words of the chunk: there are no matched terms to center on. */
    const char *t = h->text ? h->text : "";
    int words = 0;
    size_t i = 0;
    while (t[i] && words < snippet_words) {
        while (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r') i++;
        while (t[i] && !(t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r')) i++;
        words++;
    }
    h->snippet = ward_xstrndup(t, i);
    if (t[i]) {
        size_t n = strlen(h->snippet);
        h->snippet = ward_xrealloc(h->snippet, n + 4);
        memcpy(h->snippet + n, "...", 4);
    }
    return WARD_OK;
}

void retrieve_hit_free(ward_hit *x)
{
    free(x->title), free(x->kind), free(x->date), free(x->patient_id);
    free(x->section), free(x->text), free(x->snippet);
    memset(x, 0, sizeof *x);
}

/* The n nearest chunks to the query; none when the embedder knows no word of it. */
static int vector_list(ward_store *st, ward_embedder *e, const char *query, const ward_search_params *p,
                       const ward_store_filter *f, size_t n, retrieve_scored **out, size_t *nout, ward_err *err)
{
    int dim = ward_embedder_dim(e);
    float *q = ward_xmalloc(sizeof *q * (size_t)dim);
    *out = NULL;
    *nout = 0;
    int rc = ward_embed_batch(e, &query, 1, q, err);
    if (!rc && ward_vec_dot(q, q, dim) > 0) rc = retrieve_vector(st, q, dim, p, f, n, out, nout, err);
    free(q);
    return rc;
}

static int search_vector(ward_store *st, ward_embedder *e, const char *query, const ward_search_params *p,
                         const ward_store_filter *f, ward_hits *out, ward_err *err)
{
    retrieve_scored *v;
    size_t nv, cap = 0;
    int rc = vector_list(st, e, query, p, f, (size_t)p->k, &v, &nv, err);
    int words = p->snippet_tokens > 0 ? p->snippet_tokens : 16;
    for (size_t i = 0; !rc && i < nv; i++) {
        ward_hit *h = push_hit(out, &cap);
        rc = retrieve_fill_hit(st, v[i].id, words, h, err);
        h->score = v[i].score;
    }
    free(v);
    out->mode = WARD_SEARCH_VECTOR;
    return rc;
}

/* 1 when a ranks before b among equal scores: the more recent document
 * (a chart question is about the latest value far more often than not). */
static int newer(const ward_hit *a, const ward_hit *b)
{
    return a->date && (!b->date || strcmp(a->date, b->date) > 0);
}

/* Stable insertion sort (at most 2 * depth hits): equal fused scores, which
 * both rankings gave to records that differ only in date and value, go
 * newest first; otherwise the fused order stands. */
static void newest_first_among_ties(ward_hits *h)
{
    for (size_t i = 1; i < h->n; i++) {
        ward_hit x = h->v[i];
        size_t j = i;
        while (j && h->v[j - 1].score == x.score && newer(&x, &h->v[j - 1])) {
            h->v[j] = h->v[j - 1];
            j--;
        }
        h->v[j] = x;
    }
}

static int search_hybrid(ward_store *st, ward_embedder *e, const char *query, const ward_search_params *p,
                         const ward_store_filter *f, ward_hits *out, ward_err *err)
{
    int depth = p->depth > 0 ? p->depth : (4 * p->k > 40 ? 4 * p->k : 40);
    ward_hits b = {0};
    retrieve_scored *v = NULL, *fused = NULL;
    size_t nv = 0, nf = 0, cap = 0;
    int rc = search_bm25(st, query, p, f, depth, &b, err);
    if (!rc) rc = vector_list(st, e, query, p, f, (size_t)depth, &v, &nv, err);
    if (!rc) {
        retrieve_scored *bl = ward_xmalloc(sizeof *bl * (b.n ? b.n : 1));
        for (size_t i = 0; i < b.n; i++) bl[i] = (retrieve_scored){b.v[i].chunk_id, (float)b.v[i].score};
        const retrieve_scored *lists[2] = {bl, v};
        size_t lens[2] = {b.n, nv};
        if (ward_embedder_backend(e) == WARD_EMBED_LEXICAL) {
            /* The built-in lexical vectors are weaker than BM25 on real
             * notes: BM25 leads, the vectors settle near-ties (fusion.c). */
            double alpha = p->vector_weight > 0 && p->vector_weight < 1 ? p->vector_weight : WARD_LEXICAL_ALPHA;
            retrieve_bm25_led(bl, b.n, v, nv, alpha, &fused, &nf);
        } else {
            double w[2] = {1.0, p->vector_weight > 0 ? p->vector_weight : 1.0};
            retrieve_rrf(lists, lens, w, 2, 60.0, &fused, &nf);
        }
        free(bl);
    }
    int words = p->snippet_tokens > 0 ? p->snippet_tokens : 16;
    /* fused is best first: past the k-th score nothing can reach the top k
     * (equal scores may, by date), so those hits are never read. */
    size_t kth = nf < (size_t)p->k ? nf : (size_t)p->k;
    for (size_t i = 0; !rc && i < nf && (i < kth || fused[i].score == fused[kth - 1].score); i++) {
        ward_hit *h = push_hit(out, &cap);
        size_t j = 0;
        while (j < b.n && b.v[j].chunk_id != fused[i].id) j++;
        if (j < b.n) {            /* found by BM25: take its hit, snippet and all */
            *h = b.v[j];
            memset(&b.v[j], 0, sizeof b.v[j]);
            b.v[j].chunk_id = -1;
        } else {
            rc = retrieve_fill_hit(st, fused[i].id, words, h, err);
        }
        h->score = fused[i].score;
    }
    if (!rc) newest_first_among_ties(out);
    while (out->n > (size_t)p->k) retrieve_hit_free(&out->v[--out->n]);
    ward_hits_free(&b);
    free(v), free(fused);
    out->mode = WARD_SEARCH_HYBRID;
    return rc;
}

static int by_score_desc(const void *a, const void *b)
{
    const ward_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->chunk_id < y->chunk_id ? -1 : x->chunk_id > y->chunk_id;
}

/* Scores every hit with the reranker, sorts, keeps the best k. */
static int rerank_hits(ward_reranker *r, const char *query, ward_hits *h, int k, ward_err *err)
{
    const char **texts = ward_xmalloc(sizeof *texts * (h->n ? h->n : 1));
    float *scores = ward_xmalloc(sizeof *scores * (h->n ? h->n : 1));
    for (size_t i = 0; i < h->n; i++) texts[i] = h->v[i].text;
    int rc = ward_rerank(r, query, texts, h->n, scores, err);
    if (!rc) {
        for (size_t i = 0; i < h->n; i++) h->v[i].score = scores[i];
        if (h->n) qsort(h->v, h->n, sizeof *h->v, by_score_desc);
        while (h->n > (size_t)k) retrieve_hit_free(&h->v[--h->n]);
    }
    free(texts), free(scores);
    return rc;
}

int ward_search(ward_store *st, const char *query, const ward_search_params *p, ward_hits *out,
                ward_err *err)
{
    memset(out, 0, sizeof *out);
    size_t qlen = strlen(query);
    if (qlen > WARD_SEARCH_MAX_QUERY)
        return ward_err_set(err, WARD_EUSAGE, "the query is %zu bytes; the limit is %d: shorten it",
                            qlen, WARD_SEARCH_MAX_QUERY);
    long day;
    if (p->since && ward_date_days(p->since, &day))
        return ward_err_set(err, WARD_EUSAGE, "since: not a date (use YYYY-MM-DD)");
    if (p->until && ward_date_days(p->until, &day))
        return ward_err_set(err, WARD_EUSAGE, "until: not a date (use YYYY-MM-DD)");
    ward_search_params q = *p;
    if (q.k <= 0) q.k = 10;
    ward_search_mode mode = q.mode;
    ward_embedder *e = q.embedder, *own = NULL;
    int vectors = 0;
    ward_err fallback = {0};
    if (mode != WARD_SEARCH_BM25) {
        int rc = ward_store_has_vectors(st, &vectors, err);
        if (rc) return rc;
    }
    if (mode != WARD_SEARCH_BM25 && !vectors) {
        if (mode != WARD_SEARCH_AUTO)
            return ward_err_set(err, WARD_EUSAGE, "%s search needs vectors: run `ward index` first",
                                ward_search_mode_name(mode));
        mode = WARD_SEARCH_BM25;
    }
    if (mode != WARD_SEARCH_BM25 && !e) {
        int rc = ward_embedder_open_store(st, &own, err);
        if (rc && mode != WARD_SEARCH_AUTO) return rc;
        if (rc) {   /* AUTO degrades to BM25 and says why in out->fallback */
            if (err) fallback = *err;
            else fallback.code = rc;
            ward_err_clear(err);
            mode = WARD_SEARCH_BM25;
        }
        e = own;
    }
    int rc, k = q.k;
    if (q.reranker) {            /* the reranker sees the top `depth` of the mode */
        q.depth = q.depth > 0 ? q.depth : (4 * k > 40 ? 4 * k : 40);
        if (q.k < q.depth) q.k = q.depth;
    }
    /* One patient: its chunk ids, read once, serve every list (BM25 and
     * the vectors). */
    ward_store_filter f = retrieve_filter(&q);
    int64_t *ids = NULL, none = 0;
    /* The reads below on one snapshot, with one round of SQLite's locks
     * for all their statements; a lone BM25 statement (widened or not:
     * widen.c makes it one) gains nothing. */
    int lone = mode == WARD_SEARCH_BM25 && !(f.patient_id && *f.patient_id);
    int reading = lone ? 0 : ward_store_read_begin(st);
    rc = WARD_OK;
    if (f.patient_id && *f.patient_id && !(rc = ward_store_chunk_ids(st, &f, &ids, &f.n_ids, err)))
        f.ids = ids ? ids : &none;
    if (rc) ;
    else if (mode == WARD_SEARCH_BM25) rc = search_bm25(st, query, &q, &f, q.k, out, err);
    else if (mode == WARD_SEARCH_VECTOR) rc = search_vector(st, e, query, &q, &f, out, err);
    else rc = search_hybrid(st, e, query, &q, &f, out, err);
    ward_store_read_end(st, reading);
    free(ids);
    ward_embedder_free(own);
    if (!rc && q.reranker) rc = rerank_hits(q.reranker, query, out, k, err);
    if (rc) ward_hits_free(out);
    else out->fallback = fallback;
    return rc;
}

void ward_hits_free(ward_hits *h)
{
    for (size_t i = 0; i < h->n; i++) retrieve_hit_free(&h->v[i]);
    free(h->v);
    memset(h, 0, sizeof *h);
}
