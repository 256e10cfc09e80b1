/* retrieve.h — finding chunks: BM25 (FTS5), vectors, hybrid fusion.
 *
 * Every search takes the same filters (patient, patient scope, document
 * kind, date range), applied inside the store's queries and the vector
 * index's filter, before ranking, so a patient's chart search never sees
 * another patient's chunks, and a scoped search never sees a patient
 * outside its scope: not even as a candidate later dropped.
 */
#ifndef WARD_RETRIEVE_H
#define WARD_RETRIEVE_H

#include "ward/core.h"
#include "ward/store.h"

struct ward_embedder;
struct ward_hnsw;
typedef struct ward_reranker ward_reranker;

typedef enum { WARD_SEARCH_AUTO, WARD_SEARCH_BM25, WARD_SEARCH_VECTOR, WARD_SEARCH_HYBRID } ward_search_mode;

typedef struct ward_search_params {
    ward_search_mode mode;  /* AUTO: hybrid when vectors exist, else BM25 */
    int k;                  /* results wanted (default 10) */
    const char *patient_id; /* NULL: any; "" : literature only (no patient) */
    /* Patient scope (a server's care team): when patients is non-NULL, hits
     * come only from these n_patients patients, plus literature (chunks of no
     * patient) when literature is set; n_patients 0 leaves literature or
     * nothing. NULL: no scope. Combines with patient_id (both must hold). */
    const char *const *patients;
    size_t n_patients;
    int literature;
    const char *kind;       /* document kind or NULL */
    const char *since, *until; /* YYYY-MM-DD inclusive bounds or NULL */
    int snippet_tokens;     /* snippet length (default 16) */
    struct ward_embedder *embedder; /* query embedder, or NULL: the store's, opened per call */
    struct ward_hnsw *index;  /* the store's vector index (ward_vectors_open), or NULL: opened
                                 per call when needed (small filtered sets need none) */
    int depth;              /* hybrid: candidates taken from each list (default max(4k, 40)) */
    double vector_weight;   /* hybrid: how much the vectors count. With the built-in
                               lexical embedder, alpha of the BM25-led score fusion, in
                               (0, 1) (default WARD_LEXICAL_ALPHA); with a model, the
                               vector list's RRF weight, BM25's being 1 (default 1) */
    ward_reranker *reranker; /* reorders the top `depth` hits of the mode, or NULL */
    int exact;              /* 1: BM25 of the query's own words only; 0: also the words the
                               lexicon adds (other names of the concepts the query names,
                               abbreviations matched by case, drugs of a class it names),
                               weighted below the query's own */
} ward_search_params;

/* The lexical vectors' share in hybrid ranking, chosen by measurement on
 * judged query sets (bench/retrieval.sh; docs/vectors.md). */
#define WARD_LEXICAL_ALPHA 0.0001

ward_search_params ward_search_default_params(void);

typedef struct ward_hit {
    int64_t chunk_id, document_id;
    double score;           /* higher is better, comparable within one result list */
    char *title, *kind, *date, *patient_id, *section;
    char *text;             /* the chunk text */
    char *snippet;          /* text around the matches, [brackets] around terms */
    size_t start, end;      /* byte offsets into the document */
} ward_hit;

typedef struct ward_hits {
    ward_hit *v;
    size_t n;
    ward_search_mode mode;  /* the mode actually used */
    ward_err fallback;      /* AUTO: why it used BM25 although the store has
                               vectors (their embedder would not open); code 0 else */
} ward_hits;

/* Free-text query. BM25: words are matched as terms (OR-ed, BM25-ranked); no FTS5
 * syntax is needed or interpreted, so user input cannot break the query.
 * Unless p->exact, the lexicon widens it ("GERD" also finds "Gastroesophageal
 * reflux disease"), the added words counting less than the query's own.
 * VECTOR: cosine between the query's and the chunks' vectors (embedder
 * recorded by `ward index`). HYBRID: both lists fused by reciprocal rank.
 * AUTO: HYBRID when the store has vectors and their embedder opens, else
 * BM25. out->mode says which was used, and out->fallback why vectors were
 * not (the caller decides whether to warn). */
int ward_search(ward_store *st, const char *query, const ward_search_params *p, ward_hits *out,
                ward_err *err);
void ward_hits_free(ward_hits *h);
/* Queries longer than this are refused (WARD_EUSAGE): a question is not a
 * document. Of a query's words, repeated ones count once and only the first
 * WARD_SEARCH_MAX_TERMS distinct ones are searched. */
#define WARD_SEARCH_MAX_QUERY 16384
#define WARD_SEARCH_MAX_TERMS 64
/* The FTS5 expression Ward builds from free text ("w1" OR "w2"...); returns
 * the number of terms. Exposed for tests and benchmarks. */
int ward_search_fts_query(const char *query, ward_buf *out);
const char *ward_search_mode_name(ward_search_mode m);
/* Hits as a new JSON array (chunk_id, document_id, score, mode, title, kind,
 * date, patient_id, section, snippet, text, start, end): `ward search
 * --json` and /api/v1/search. The caller frees it (json_decref). */
struct json_t;
struct json_t *ward_hits_json(const ward_hits *hits);
/* The same array as compact JSON text, appended to out. */
void ward_hits_json_write(const ward_hits *hits, ward_buf *out);

/* A cross-encoder reranker: a GGUF model run by llama.cpp with rank pooling
 * (BGE/Jina-style rerankers) scoring "query [SEP] chunk" pairs. WARD_EMODEL
 * for a missing or unusable model or a build without llama.cpp. */
int ward_reranker_open(const char *model_path, ward_reranker **out, ward_err *err);
void ward_reranker_free(ward_reranker *r);
/* scores[i] = relevance of docs[i] to query (higher is better). */
int ward_rerank(ward_reranker *r, const char *query, const char *const *docs, size_t n, float *scores,
                ward_err *err);

#endif
