/* embeddings.c — the queries behind `ward index` and the lexical embedder:
 * chunk vectors (table embeddings) and the trained lexical model (tables
 * lexical_model and lexical_words).
 *
 * Vectors are float32 arrays stored as blobs; a blob of the wrong size is
 * treated as absent, never read past its end. Writes run inside the
 * caller's transaction (ward_store_begin/commit). */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* Runs a one-row count query. */
static int count(ward_store *st, const char *sql, long *n, ward_err *err)
{
    *n = 0;
    store_stmt *s = store_cached(st, sql, err);
    if (!s) return WARD_EIO;
    int rc = store_step(s);
    if (rc == STORE_ROW) *n = (long)store_int64(s, 0);
    rc = rc == STORE_ROW ? WARD_OK : store_fail_at(st, err, "counting");
    store_reset(s);
    return rc;
}

int ward_store_chunk_count(ward_store *st, long *n, ward_err *err)
{
    return count(st, "SELECT count(*) FROM chunks", n, err);
}

int ward_store_vector_count(ward_store *st, long *n, ward_err *err)
{
    return count(st, "SELECT count(*) FROM embeddings", n, err);
}

int ward_store_vector_model(ward_store *st, char **model, int *dim, int *nmodels, ward_err *err)
{
    *model = NULL;
    *dim = *nmodels = 0;
    store_stmt *s = store_cached(st, "SELECT model, dim, (SELECT count(DISTINCT model || '/' || dim)"
                                       " FROM embeddings) FROM embeddings LIMIT 1", err);
    if (!s) return WARD_EIO;
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        *model = store_col_dup(s, 0);
        *dim = store_int(s, 1);
        *nmodels = store_int(s, 2);
    }
    rc = rc == STORE_ROW || rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading the vectors' model");
    store_reset(s);
    return rc;
}

int ward_store_vectors_drop(ward_store *st, ward_err *err)
{
    return ward_store_exec(st, "DELETE FROM embeddings; DELETE FROM meta WHERE key LIKE 'embed.%';", err);
}

int ward_store_chunks_unembedded(ward_store *st, int64_t after, size_t max, int64_t *ids, char **texts,
                                 size_t *got, ward_err *err)
{
    *got = 0;
    store_stmt *s = store_cached(st,
        "SELECT c.id, c.text FROM chunks c WHERE c.id > ?1"
        " AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.chunk_id = c.id) ORDER BY c.id LIMIT ?2", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, after);
    store_bind_int64(s, 2, max);
    int rc;
    while (*got < max && (rc = store_step(s)) == STORE_ROW) {
        ids[*got] = store_int64(s, 0);
        texts[(*got)++] = ward_xstrdup(store_text(s, 1));
    }
    rc = *got == max || rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading chunks to embed");
    store_reset(s);
    if (rc) {
        for (size_t i = 0; i < *got; i++) free(texts[i]);
        *got = 0;
    }
    return rc;
}

int ward_store_vector_put(ward_store *st, int64_t chunk_id, const char *model, const float *vec, int dim,
                          ward_err *err)
{
    /* A chunk deleted while its batch was being embedded gets no vector. */
    store_stmt *s = store_cached(st,
        "INSERT INTO embeddings(chunk_id, model, dim, vec, patient_id) SELECT ?1, ?2, ?3, ?4, patient_id"
        " FROM chunks WHERE id = ?1"
        " ON CONFLICT(chunk_id) DO UPDATE SET model = excluded.model, dim = excluded.dim, vec = excluded.vec", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, chunk_id);
    store_bind_text(s, 2, model);
    store_bind_int64(s, 3, dim);
    store_bind_blob(s, 4, vec, dim * (int)sizeof *vec);
    int rc = store_step_done(st, s, err);
    if (rc) ward_err_prefix(err, "writing vectors");
    return rc;
}

int ward_store_embedded_ids(ward_store *st, int64_t **ids, size_t *n, ward_err *err)
{
    *ids = NULL;
    *n = 0;
    store_stmt *s = store_cached(st, "SELECT chunk_id FROM embeddings ORDER BY chunk_id", err);
    if (!s) return WARD_EIO;
    return store_read_ids(st, s, "reading vector ids", ids, n, err);
}

/* Ids go in as one JSON array per batch: one statement, any engine. */
#define IDS_PER_BATCH 512

int ward_store_vectors_of(ward_store *st, const int64_t *ids, size_t n, int dim, ward_vector_fn fn, void *ud,
                          ward_err *err)
{
    int rc = WARD_OK, stop = 0;
    for (size_t at = 0; at < n && !rc && !stop; at += IDS_PER_BATCH) {
        store_stmt *s = store_cached(st, "SELECT chunk_id, vec FROM embeddings WHERE chunk_id IN"
                                         " (SELECT CAST(value AS BIGINT) FROM json_each(?1)) ORDER BY chunk_id", err);
        if (!s) return WARD_EIO;
        ward_buf list;
        ward_buf_init(&list);
        ward_buf_putc(&list, '[');
        for (size_t i = at; i < n && i < at + IDS_PER_BATCH; i++)
            ward_buf_printf(&list, "%s%lld", i > at ? "," : "", (long long)ids[i]);
        ward_buf_putc(&list, ']');
        store_bind_textn(s, 1, list.data, (int)list.len);
        ward_buf_free(&list);
        int step;
        while ((step = store_step(s)) == STORE_ROW)
            if (store_bytes(s, 1) == dim * (int)sizeof(float) && fn(ud, store_int64(s, 0), store_blob(s, 1))) {
                stop = 1;
                break;
            }
        if (!stop && step != STORE_DONE) rc = store_fail_at(st, err, "reading vectors");
        store_reset(s);
    }
    return rc;
}

int ward_store_chunk_texts(ward_store *st, int (*fn)(void *ud, const char *text), void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT text FROM chunks ORDER BY id", err);
    if (!s) return WARD_EIO;
    int rc;
    while ((rc = store_step(s)) == STORE_ROW)
        if (fn(ud, store_text(s, 0))) {
            rc = STORE_DONE;
            break;
        }
    rc = rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading chunk text");
    store_finalize(s);
    return rc;
}

int ward_store_lexical_save(ward_store *st, const ward_lexical_model *m, ward_err *err)
{
    int rc = ward_store_exec(st, "DELETE FROM lexical_words; DELETE FROM lexical_model;", err);
    store_stmt *s = rc ? NULL : store_prepare(st, "INSERT INTO lexical_model(id,dim,words,common) VALUES(?,?,?,?)", err);
    if (!s) return rc ? rc : WARD_EIO;
    store_bind_text(s, 1, m->id);
    store_bind_int64(s, 2, m->dim);
    store_bind_int64(s, 3, m->n);
    store_bind_blob(s, 4, m->common, m->dim * (int)sizeof *m->common);
    rc = store_step(s) == STORE_DONE ? WARD_OK : store_fail_at(st, err, "saving the lexical model");
    store_finalize(s);
    s = rc ? NULL : store_prepare(st, "INSERT INTO lexical_words(word,weight,vec) VALUES(?,?,?)", err);
    if (!s) return rc ? rc : WARD_EIO;
    for (size_t i = 0; i < m->n && !rc; i++) {
        store_bind_text(s, 1, m->words[i]);
        store_bind_double(s, 2, m->weight[i]);
        store_bind_blob(s, 3, m->vec + i * (size_t)m->dim, m->dim * (int)sizeof *m->vec);
        if (store_step(s) != STORE_DONE) rc = store_fail_at(st, err, "saving the lexical model");
        store_reset(s);
    }
    store_finalize(s);
    return rc;
}

int ward_store_lexical_head(ward_store *st, char **id, int *dim, float **common, ward_err *err)
{
    *id = NULL;
    *dim = 0;
    *common = NULL;
    store_stmt *s = store_prepare(st, "SELECT id, dim, common FROM lexical_model", err);
    if (!s) return WARD_EIO;
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        *id = store_col_dup(s, 0);
        *dim = store_int(s, 1);
        *common = ward_xcalloc((size_t)(*dim > 0 ? *dim : 1), sizeof **common);
        if (*dim > 0 && store_bytes(s, 2) == *dim * (int)sizeof(float))
            memcpy(*common, store_blob(s, 2), (size_t)*dim * sizeof(float));
        rc = WARD_OK;
    } else if (rc == STORE_DONE) {
        rc = ward_err_set(err, WARD_ENOTFOUND, "the store has no lexical model yet");
    } else {
        rc = store_fail_at(st, err, "reading the lexical model");
    }
    store_finalize(s);
    return rc;
}

int ward_store_lexical_words(ward_store *st, int dim, ward_lexical_word_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT word, weight, vec FROM lexical_words", err);
    if (!s) return WARD_EIO;
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        if (store_bytes(s, 2) != dim * (int)sizeof(float)) continue;
        if (fn(ud, store_text(s, 0), (float)store_double(s, 1),
               store_blob(s, 2))) {
            rc = STORE_DONE;
            break;
        }
    }
    rc = rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading the lexical model");
    store_finalize(s);
    return rc;
}

int ward_store_lexical_vec(ward_store *st, const char *word, float **vec, int *dim, ward_err *err)
{
    *vec = NULL;
    *dim = 0;
    store_stmt *s = store_cached(st, "SELECT vec FROM lexical_words WHERE word=?", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, word);
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        *dim = store_bytes(s, 0) / (int)sizeof(float);
        *vec = ward_xmalloc(sizeof(float) * (size_t)(*dim ? *dim : 1));
        memcpy(*vec, store_blob(s, 0), sizeof(float) * (size_t)*dim);
        rc = WARD_OK;
    } else if (rc == STORE_DONE) {
        rc = ward_err_set(err, WARD_ENOTFOUND, "the word is not in the lexical model");
    } else {
        rc = store_fail_at(st, err, "reading the lexical model");
    }
    store_reset(s);
    return rc;
}
