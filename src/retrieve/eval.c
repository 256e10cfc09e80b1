/* eval.c — retrieval quality: recall@1/5/10, MRR and nDCG@10 of a search
 * mode over judged queries.
 *
 * Ideas a reader needs:
 *  - Relevant items are resolved against the store once, at load, into
 *    units (a chunk id or a document id); items naming nothing stored are
 *    counted as unresolved and left out, and queries left with no unit are
 *    skipped, so the figures measure ranking, not ingest coverage.
 *  - A hit finds a unit when it is that chunk or a chunk of that document;
 *    each unit counts once, at its best rank (several chunks of one
 *    relevant note do not inflate recall).
 *  - Binary gains: nDCG@10 = sum(found at r) / log2(r + 1) over the ideal
 *    ranking's. MRR is 1 / rank of the first hit finding any unit (0 when
 *    none in the top 10).
 *  - Error messages name the file and line, never the query text.
 */
#include "retrieve_impl.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void push_id(int64_t **v, size_t *n, int64_t id)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i] == id) return;
    *v = ward_xrealloc(*v, sizeof **v * (*n + 1));
    (*v)[(*n)++] = id;
}

/* Adds the ids a one-column query returns for text bound to ?1 (and ?2). */
static size_t add_ids(ward_store *st, const char *sql, const char *a, const char *b, int64_t **v, size_t *n)
{
    sqlite3_stmt *s = ward_store_prepare(st, sql, NULL);
    size_t found = 0;
    if (!s) return 0;
    sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        push_id(v, n, sqlite3_column_int64(s, 0));
        found++;
    }
    sqlite3_finalize(s);
    return found;
}

static int exists(ward_store *st, const char *table, int64_t id)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = %lld", table, (long long)id);
    sqlite3_stmt *s = ward_store_prepare(st, sql, NULL);
    int yes = s && sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return yes;
}

/* One "relevant" item of the JSONL format; returns 0 when it names nothing stored. */
static int resolve_item(ward_store *st, json_t *item, ward_eval_query *q)
{
    const char *s = json_string_value(item);
    if (json_is_integer(item) || (s && ward_str_startswith(s, "doc:"))) {
        int64_t id = json_is_integer(item) ? json_integer_value(item) : strtoll(s + 4, NULL, 10);
        if (!exists(st, "documents", id)) return 0;
        push_id(&q->docs, &q->ndocs, id);
        return 1;
    }
    if (s && ward_str_startswith(s, "chunk:")) {
        int64_t id = strtoll(s + 6, NULL, 10);
        if (!exists(st, "chunks", id)) return 0;
        push_id(&q->chunks, &q->nchunks, id);
        return 1;
    }
    return s && add_ids(st, "SELECT id FROM documents WHERE source_id = ?1", s, NULL, &q->docs, &q->ndocs) > 0;
}

/* A structured record's readable document: by its source id "Type/id", or
 * through the resource row it renders. */
static int resolve_evidence(ward_store *st, json_t *ev, ward_eval_query *q)
{
    const char *type = json_string_value(json_object_get(ev, "resourceType"));
    const char *id = json_string_value(json_object_get(ev, "id"));
    if (!type || !id) return 0;
    ward_buf src;
    ward_buf_init(&src);
    ward_buf_printf(&src, "%s/%s", type, id);
    size_t n = add_ids(st, "SELECT id FROM documents WHERE kind = 'record' AND source_id = ?1", src.data, NULL,
                       &q->docs, &q->ndocs);
    n += add_ids(st, "SELECT d.id FROM documents d JOIN resources r ON r.id = d.resource_id"
                     " WHERE r.type = ?1 AND r.fhir_id = ?2", type, id, &q->docs, &q->ndocs);
    ward_buf_free(&src);
    return n > 0;
}

static void query_free(ward_eval_query *q)
{
    free(q->query), free(q->patient), free(q->chunks), free(q->docs);
    memset(q, 0, sizeof *q);
}

/* Reads a JSONL file, calling parse on each object; cohort selects the format. */
static int load(ward_store *st, const char *path, int cohort, ward_eval_set *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    int rc = ward_read_file(path, 0, &data, &len, err);
    if (rc) return rc;
    long line = 0;
    for (char *p = data, *nl; !rc && p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl) *nl = 0;
        line++;
        if (!*ward_str_trim(p)) continue;
        json_error_t je;
        json_t *o = json_loads(p, 0, &je);
        const char *text = json_string_value(json_object_get(o, cohort ? "question" : "query"));
        json_t *items = json_object_get(o, cohort ? "evidence" : "relevant");
        if (!json_is_object(o) || !text || !json_is_array(items)) {
            rc = ward_err_set(err, WARD_EINPUT, "%s: line %ld: expected {\"%s\": text, \"%s\": [...]}", path, line,
                              cohort ? "question" : "query", cohort ? "evidence" : "relevant");
            json_decref(o);
            break;
        }
        ward_eval_query q = {0};
        const char *patient = json_string_value(json_object_get(o, "patient"));
        q.query = ward_xstrdup(text);
        q.patient = patient ? ward_xstrdup(patient) : NULL;
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item) {
            if (!(cohort ? resolve_evidence(st, item, &q) : resolve_item(st, item, &q))) out->unresolved++;
        }
        if (json_is_true(json_object_get(o, "not_in_record")) || !(q.nchunks + q.ndocs)) {
            out->skipped++;
            query_free(&q);
        } else {
            out->v = ward_xrealloc(out->v, sizeof *out->v * (out->n + 1));
            out->v[out->n++] = q;
        }
        json_decref(o);
    }
    free(data);
    if (rc) ward_eval_set_free(out);
    return rc;
}

int ward_eval_load_jsonl(ward_store *st, const char *path, ward_eval_set *out, ward_err *err)
{
    return load(st, path, 0, out, err);
}

int ward_eval_load_cohort(ward_store *st, const char *dir, ward_eval_set *out, ward_err *err)
{
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/questions.jsonl", dir);
    int rc = load(st, path.data, 1, out, err);
    ward_buf_free(&path);
    return rc;
}

void ward_eval_set_free(ward_eval_set *s)
{
    for (size_t i = 0; i < s->n; i++) query_free(&s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Index of the not yet found unit this hit finds, or -1. */
static long finds(const ward_eval_query *q, const ward_hit *h, const char *found)
{
    for (size_t i = 0; i < q->nchunks; i++)
        if (!found[i] && q->chunks[i] == h->chunk_id) return (long)i;
    for (size_t i = 0; i < q->ndocs; i++)
        if (!found[q->nchunks + i] && q->docs[i] == h->document_id) return (long)(q->nchunks + i);
    return -1;
}

static void score_query(const ward_eval_query *q, const ward_hits *hits, ward_eval_metrics *m)
{
    size_t units = q->nchunks + q->ndocs, at1 = 0, at5 = 0, at10 = 0;
    char *found = ward_xcalloc(units, 1);
    double dcg = 0, idcg = 0, rr = 0;
    for (size_t r = 0; r < hits->n && r < 10; r++) {
        long u = finds(q, &hits->v[r], found);
        if (u < 0) continue;
        found[u] = 1;
        if (!rr) rr = 1.0 / (double)(r + 1);
        dcg += 1.0 / log2((double)r + 2);
        at1 += r < 1, at5 += r < 5, at10++;
    }
    for (size_t r = 0; r < units && r < 10; r++) idcg += 1.0 / log2((double)r + 2);
    m->recall1 += (double)at1 / (double)(units < 1 ? 1 : units);
    m->recall5 += (double)at5 / (double)units;
    m->recall10 += (double)at10 / (double)units;
    m->mrr += rr;
    m->ndcg10 += dcg / idcg;
    free(found);
}

int ward_eval_retrieval(ward_store *st, const ward_eval_set *set, const ward_search_params *p,
                        ward_eval_metrics *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    ward_search_params sp = *p;
    sp.k = 10;
    for (size_t i = 0; i < set->n; i++) {
        const ward_eval_query *q = &set->v[i];
        sp.patient_id = q->patient;
        ward_hits hits;
        int rc = ward_search(st, q->query, &sp, &hits, err);
        if (rc == WARD_EUSAGE) {     /* no searchable words: nothing found */
            ward_err_clear(err);
            memset(&hits, 0, sizeof hits);
        } else if (rc) {
            return rc;
        }
        score_query(q, &hits, out);
        ward_hits_free(&hits);
        out->queries++;
    }
    double n = out->queries ? (double)out->queries : 1;
    out->recall1 /= n, out->recall5 /= n, out->recall10 /= n, out->mrr /= n, out->ndcg10 /= n;
    return WARD_OK;
}
