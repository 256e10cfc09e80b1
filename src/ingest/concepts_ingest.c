/* concepts_ingest.c — at ingest, each note's concepts go into the store
 * with the chunk they fall in, and its facts become derived FHIR resources
 * (derived=1, with the source document and span).
 *
 * Extracting needs no store, so it runs where the rest of a note's funnel
 * work runs (prep.c: on a worker thread with --jobs); storing runs on the
 * writer. So does putting each fact in the form the store keeps
 * (ward_found_to_fact: a short array, rendered as FHIR JSON when read),
 * except for the document's id in the resource id, which only the writer
 * knows: facts get a mark in its place (DOC_ID_MARK), which the writer
 * replaces, and puts the fact again itself in the unlikely case the mark
 * is not where it should be. An extractor keeps scratch space, so each thread has its own,
 * built with the store's imported vocabularies (read once into memory,
 * concepts_vocab) and the site's rule files (DATA/context.tsv,
 * DATA/lexicon.tsv) when present. */
#include "ingest/ingest_int.h"

#include <stdlib.h>
#include <string.h>

struct ward_concepts_run {
    ward_extractor *ex;
    ward_extraction x;
};

/* The vocabularies: (system, code, description) triples, NUL-separated in
 * one buffer. */
struct concepts_vocab {
    ward_buf strs;
    size_t *at;     /* offset of each triple's system */
    size_t n, cap;
};

static void put_str(ward_buf *b, const char *s)
{
    ward_buf_append(b, s, strlen(s) + 1);
}

static int keep_vocab(void *ud, const char *system, const char *code, const char *desc)
{
    concepts_vocab *v = ud;
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1024;
        v->at = ward_xrealloc(v->at, v->cap * sizeof *v->at);
    }
    v->at[v->n++] = v->strs.len;
    put_str(&v->strs, system);
    put_str(&v->strs, code);
    put_str(&v->strs, desc);
    return 0;
}

int concepts_vocab_load(ward_store *st, concepts_vocab **out, ward_err *err)
{
    concepts_vocab *v = ward_xcalloc(1, sizeof *v);
    ward_buf_init(&v->strs);
    int rc = ward_store_vocab_each(st, keep_vocab, v, err);
    if (rc) {
        concepts_vocab_free(v);
        v = NULL;
    }
    *out = v;
    return rc;
}

void concepts_vocab_free(concepts_vocab *v)
{
    if (!v) return;
    ward_buf_free(&v->strs);
    free(v->at);
    free(v);
}

int concepts_run_new(const char *dir, const concepts_vocab *v, ward_concepts_run **out, ward_err *err)
{
    ward_concepts_run *run = ward_xcalloc(1, sizeof *run);
    char ctx[4096], lex[4096];
    ward_extractor_params p = ward_extractor_default_params();
    ward_extractor_site_files(dir, &p, ctx, lex);
    int rc = ward_extractor_new(&p, &run->ex, err);
    for (size_t i = 0; !rc && v && i < v->n; i++) {
        const char *sys = v->strs.data + v->at[i], *code = sys + strlen(sys) + 1;
        ward_extractor_add_vocab(run->ex, sys, code, code + strlen(code) + 1);
    }
    if (rc) {
        ward_concepts_run_free(run);
        run = NULL;
    }
    *out = run;
    return rc;
}

void ward_concepts_run_free(ward_concepts_run *run)
{
    if (!run) return;
    ward_extractor_free(run->ex);
    ward_extraction_free(&run->x);
    free(run);
}

/* Appends b's text and its NUL to strs; returns its offset. */
static size_t keep(ward_buf *strs, const ward_buf *b)
{
    size_t at = strs->len;
    ward_buf_append(strs, b->data ? b->data : "", b->len + 1);
    return at;
}

const ward_extraction *concepts_extract(ward_concepts_run *run, const ward_document *d, size_t len, ingest_prep *prep)
{
    ward_extract(run->ex, d->text, len, &run->x);
    prep->nconcepts = run->x.nconcepts;
    /* Not zeroed (about 800 bytes a concept): every field read is set. */
    prep->concepts = ward_xmalloc((prep->nconcepts + 1) * sizeof *prep->concepts);
    ward_fhir_ctx ctx = {d->patient_id, DOC_ID_MARK, d->date};
    ward_buf b;
    ward_buf_init(&b);
    for (size_t i = 0; i < prep->nconcepts; i++) {
        prep_concept *k = &prep->concepts[i];
        k->found = run->x.concepts[i];
        k->sys[0] = k->code[0] = 0;
        k->json = 0;
        ward_found_code(&k->found, k->sys, sizeof k->sys, k->code, sizeof k->code);
        ward_buf_reset(&b);
        ward_found_norm_json(&k->found, &b);
        k->norm = keep(&prep->strs, &b);
        if ((k->fact = d->patient_id && ward_found_is_fact(&k->found))) {
            ward_found_to_fact(&k->found, d->text, &ctx, &b, &k->row);
            k->json = keep(&prep->strs, &b);
        }
    }
    ward_buf_free(&b);
    return &run->x;
}

/* The chunk holding byte pos (chunks are sorted and disjoint), or 0. */
static int64_t chunk_for(size_t pos, const ward_span_chunk *spans, const int64_t *ids, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (spans[mid].end <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && spans[lo].start <= pos ? ids[lo] : 0;
}

/* DOC_ID_MARK and a document's id, as text: written once per document,
 * not per fact. */
typedef struct doc_ids {
    char mark[24], id[24];
    size_t mark_len;
} doc_ids;

/* Writes s into out with its first n DOC_ID_MARKs replaced by the id, each
 * just after the text before[i]. Returns 0 when they are not found just
 * so (out is then unusable). */
static int put_doc_id(const char *s, const doc_ids *ids, const char *const *before, int n, ward_buf *out)
{
    const char *mark = ids->mark, *id = ids->id;
    size_t mn = ids->mark_len;
    ward_buf_reset(out);
    for (int i = 0; i < n; i++) {
        const char *at = strstr(s, mark);
        size_t bn = strlen(before[i]);
        if (!at || (size_t)(at - s) < bn || memcmp(at - bn, before[i], bn)) return 0;
        ward_buf_append(out, s, (size_t)(at - s));
        ward_buf_puts(out, id);
        s = at + mn;
    }
    ward_buf_puts(out, s);
    return 1;
}

static int store_fact(ward_store *st, const prep_concept *k, const char *fact, const ward_document *d, int64_t did,
                      const doc_ids *ids, ward_buf *buf, ward_buf *id, ward_err *err)
{
    /* The mark is in the resource id ("d<ID>-start-end"); the fact itself
     * holds no id. */
    static const char *const in_id[] = {"d"};
    const ward_found *c = &k->found;
    ward_fhir_row row = k->row;
    int ok = put_doc_id(k->row.id, ids, in_id, 1, id) && id->len < sizeof row.id;
    if (ok) memcpy(row.id, id->data, id->len + 1);
    if (!ok) {   /* the id's form changed: put the fact here, with the id */
        ward_fhir_ctx ctx = {d->patient_id, did, d->date};
        ward_found_to_fact(c, d->text, &ctx, buf, &row);
        fact = buf->data;
    }
    ward_resource r = {.type = row.type, .fhir_id = row.id, .patient_id = d->patient_id,
                       .code_system = *row.code_system ? row.code_system : NULL,
                       .code = *row.code ? row.code : NULL, .display = row.display, .status = row.status,
                       .effective = d->date, .value_num = row.value_num, .has_value = row.has_value,
                       .value_text = *row.value_text ? row.value_text : NULL, .unit = *row.unit ? row.unit : NULL,
                       .derived = 1, .source_doc = did, .span_start = (int)c->start, .span_end = (int)c->end,
                       .json = fact, .fresh = 1};
    int changed;
    return ward_store_put_resource(st, &r, NULL, &changed, err);
}

int concepts_store(ward_store *st, const ingest_prep *prep, int64_t did, const ward_document *d,
                   const int64_t *chunk_ids, ward_buf *json, ward_err *err)
{
    int rc = WARD_OK;
    doc_ids ids;
    ids.mark_len = (size_t)snprintf(ids.mark, sizeof ids.mark, "%lld", (long long)DOC_ID_MARK);
    snprintf(ids.id, sizeof ids.id, "%lld", (long long)did);
    ward_buf id, texts;
    ward_buf_init(&id);
    ward_buf_init(&texts);
    /* The concepts go to the store together (several rows a statement);
     * their texts, NUL-ended, in one buffer. */
    ward_concept *rows = ward_xcalloc(prep->nconcepts ? prep->nconcepts : 1, sizeof *rows);
    size_t *at = ward_xcalloc(prep->nconcepts ? prep->nconcepts : 1, sizeof *at);
    for (size_t i = 0; i < prep->nconcepts; i++) {
        const prep_concept *k = &prep->concepts[i];
        const ward_found *c = &k->found;
        at[i] = texts.len;
        ward_buf_append(&texts, d->text + c->start, c->end - c->start);
        ward_buf_putc(&texts, 0);
        rows[i] = (ward_concept){.chunk_id = chunk_for(c->start, prep->spans, chunk_ids, prep->n), .document_id = did,
                                 .start = c->start, .end = c->end, .type = ward_concept_type_name(c->type),
                                 .norm_json = prep->strs.data + k->norm,
                                 .code_system = *k->sys ? k->sys : NULL, .code = *k->code ? k->code : NULL,
                                 .assertion = ward_assertion_name(c->assertion), .patient_id = d->patient_id};
    }
    for (size_t i = 0; i < prep->nconcepts; i++) rows[i].text = texts.data + at[i];
    rc = ward_store_add_concepts(st, rows, prep->nconcepts, err);
    for (size_t i = 0; i < prep->nconcepts && !rc; i++) {
        const prep_concept *k = &prep->concepts[i];
        if (k->fact) rc = store_fact(st, k, prep->strs.data + k->json, d, did, &ids, json, &id, err);
    }
    free(rows);
    free(at);
    ward_buf_free(&texts);
    ward_buf_free(&id);
    return rc;
}
