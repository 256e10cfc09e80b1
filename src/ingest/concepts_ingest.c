/* concepts_ingest.c — at ingest, each note's concepts go into the store
 * with the chunk they fall in, and its facts become derived FHIR resources
 * (derived=1, with the source document and span).
 *
 * Extracting needs no store, so it runs where the rest of a note's funnel
 * work runs (prep.c: on a worker thread with --jobs); storing runs on the
 * writer. An extractor keeps scratch space, so each thread has its own,
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

void concepts_extract(ward_concepts_run *run, const ward_document *d, size_t len, ingest_prep *prep)
{
    ward_extract(run->ex, d->text, len, &run->x);
    prep->nconcepts = run->x.nconcepts;
    prep->concepts = ward_xcalloc(prep->nconcepts + 1, sizeof *prep->concepts);
    ward_buf norm;
    ward_buf_init(&norm);
    for (size_t i = 0; i < prep->nconcepts; i++) {
        prep_concept *k = &prep->concepts[i];
        k->found = run->x.concepts[i];
        ward_found_code(&k->found, k->sys, sizeof k->sys, k->code, sizeof k->code);
        ward_buf_reset(&norm);
        ward_found_norm_json(&k->found, &norm);
        k->norm = prep->strs.len;
        ward_buf_append(&prep->strs, norm.data ? norm.data : "", norm.len + 1);
    }
    ward_buf_free(&norm);
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

static int store_fact(ward_store *st, const ward_found *c, const ward_document *d, int64_t did, ward_buf *json,
                      ward_err *err)
{
    ward_fhir_ctx ctx = {d->patient_id, did, d->date};
    ward_fhir_row row;
    ward_found_to_fhir(c, d->text, &ctx, json, &row);
    ward_resource r = {.type = row.type, .fhir_id = row.id, .patient_id = d->patient_id,
                       .code_system = *row.code_system ? row.code_system : NULL,
                       .code = *row.code ? row.code : NULL, .display = row.display, .status = row.status,
                       .effective = d->date, .value_num = row.value_num, .has_value = row.has_value,
                       .value_text = *row.value_text ? row.value_text : NULL, .unit = *row.unit ? row.unit : NULL,
                       .derived = 1, .source_doc = did, .span_start = (int)c->start, .span_end = (int)c->end,
                       .json = json->data};
    int64_t rid;
    int changed;
    return ward_store_put_resource(st, &r, &rid, &changed, err);
}

int concepts_store(ward_store *st, const ingest_prep *prep, int64_t did, const ward_document *d,
                   const int64_t *chunk_ids, ward_buf *json, ward_err *err)
{
    int rc = WARD_OK;
    for (size_t i = 0; i < prep->nconcepts && !rc; i++) {
        const prep_concept *k = &prep->concepts[i];
        const ward_found *c = &k->found;
        ward_buf_reset(json);
        ward_buf_append(json, d->text + c->start, c->end - c->start);
        ward_concept row = {.chunk_id = chunk_for(c->start, prep->spans, chunk_ids, prep->n), .document_id = did,
                            .start = c->start, .end = c->end, .type = ward_concept_type_name(c->type),
                            .text = json->data, .norm_json = prep->strs.data + k->norm,
                            .code_system = *k->sys ? k->sys : NULL, .code = *k->code ? k->code : NULL,
                            .assertion = ward_assertion_name(c->assertion)};
        rc = ward_store_add_concept(st, &row, NULL, err);
        if (!rc && d->patient_id && ward_found_is_fact(c)) rc = store_fact(st, c, d, did, json, err);
    }
    return rc;
}
