/* eval_retrieval.c — retrieval quality: recall@1/5/10, MRR and nDCG@10 of a search
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
 *  - Each query is also an item (ward_eval_item) per metric, so breakdowns
 *    by the patient's demographics work as for every evaluator.
 */
#include "ward/assess.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Appends ids[0..n) to v, each id once. */
static void push_ids(int64_t **v, size_t *vn, const int64_t *ids, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t i = 0;
        while (i < *vn && (*v)[i] != ids[k]) i++;
        if (i < *vn) continue;
        *v = ward_xrealloc(*v, sizeof **v * (*vn + 1));
        (*v)[(*vn)++] = ids[k];
    }
}

/* Adds a chunk (chunk = 1) or document by id; *found = 0 when it is not stored. */
static int add_unit(ward_store *st, int chunk, int64_t id, ward_eval_query *q, int *found, ward_err *err)
{
    int rc = ward_store_unit_exists(st, chunk, id, found, err);
    if (!rc && *found) {
        if (chunk) push_ids(&q->chunks, &q->nchunks, &id, 1);
        else push_ids(&q->docs, &q->ndocs, &id, 1);
    }
    return rc;
}

/* One "relevant" item of the JSONL format; *found = 0 when it names nothing stored. */
static int resolve_item(ward_store *st, json_t *item, ward_eval_query *q, int *found, ward_err *err)
{
    const char *s = json_string_value(item);
    *found = 0;
    if (json_is_integer(item) || (s && ward_str_startswith(s, "doc:")))
        return add_unit(st, 0, json_is_integer(item) ? json_integer_value(item) : strtoll(s + 4, NULL, 10), q, found, err);
    if (s && ward_str_startswith(s, "chunk:")) return add_unit(st, 1, strtoll(s + 6, NULL, 10), q, found, err);
    if (!s) return WARD_OK;
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = ward_store_documents_of_source(st, s, 0, &ids, &n, err);
    push_ids(&q->docs, &q->ndocs, ids, n);
    free(ids);
    *found = n > 0;
    return rc;
}

/* A structured record's readable document: by its source id "Type/id", or
 * through the resource row it renders. */
static int resolve_evidence(ward_store *st, json_t *ev, ward_eval_query *q, int *found, ward_err *err)
{
    const char *type = json_string_value(json_object_get(ev, "resourceType"));
    const char *id = json_string_value(json_object_get(ev, "id"));
    *found = 0;
    if (!type || !id) return WARD_OK;
    ward_buf src;
    ward_buf_init(&src);
    ward_buf_printf(&src, "%s/%s", type, id);
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = ward_store_documents_of_source(st, src.data, 1, &ids, &n, err);
    if (!rc) rc = ward_store_documents_of_resource(st, type, id, &ids, &n, err);
    push_ids(&q->docs, &q->ndocs, ids, n);
    free(ids);
    ward_buf_free(&src);
    *found = n > 0;
    return rc;
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
        q.line = line;
        json_array_foreach(items, i, item) {
            int found = 0;
            rc = cohort ? resolve_evidence(st, item, &q, &found, err) : resolve_item(st, item, &q, &found, err);
            if (rc) break;
            out->unresolved += !found;
        }
        if (rc) {
            ward_err_prefix(err, "%s: line %ld", path, line);
            query_free(&q);
            json_decref(o);
            break;
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

/* Adds one query's scores to m; sets its recall@10 and nDCG@10 in q_m. */
static void score_query(const ward_eval_query *q, const ward_hits *hits, ward_eval_metrics *m, ward_eval_metrics *q_m)
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
    q_m->recall10 = (double)at10 / (double)units;
    q_m->ndcg10 = dcg / idcg;
    m->recall1 += (double)at1 / (double)(units < 1 ? 1 : units);
    m->recall5 += (double)at5 / (double)units;
    m->recall10 += q_m->recall10;
    m->mrr += rr;
    m->ndcg10 += q_m->ndcg10;
    free(found);
}

/* The query's two items: recall@10 and nDCG@10 under "retrieval.MODE". */
static int add_items(ward_eval_items *items, ward_store *st, const ward_eval_query *q, ward_search_mode mode,
                     const ward_eval_metrics *qm, ward_err *err)
{
    static const char *EVALUATORS[] = {"retrieval.auto", "retrieval.bm25", "retrieval.vector", "retrieval.hybrid"};
    char id[48];
    snprintf(id, sizeof id, "line %ld", q->line);
    ward_eval_item it = {.id = id, .patient = q->patient, .evaluator = EVALUATORS[mode], .metric = "recall@10",
                         .value = qm->recall10, .correct = -1};
    int rc = ward_eval_items_add(items, st, &it, err);
    it.metric = "ndcg@10", it.value = qm->ndcg10;
    return rc ? rc : ward_eval_items_add(items, st, &it, err);
}

int ward_eval_retrieval(ward_store *st, const ward_eval_set *set, const ward_search_params *p,
                        ward_eval_metrics *out, ward_eval_items *items, ward_err *err)
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
        ward_eval_metrics qm = {0};
        score_query(q, &hits, out, &qm);
        ward_search_mode mode = p->mode != WARD_SEARCH_AUTO ? p->mode : hits.mode;
        ward_hits_free(&hits);
        out->queries++;
        if (items && (rc = add_items(items, st, q, mode, &qm, err))) return rc;
    }
    double n = out->queries ? (double)out->queries : 1;
    out->recall1 /= n, out->recall5 /= n, out->recall10 /= n, out->mrr /= n, out->ndcg10 /= n;
    return WARD_OK;
}
