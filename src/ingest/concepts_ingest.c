/* concepts_ingest.c — at ingest, each note's concepts go into the store
 * with the chunk they fall in, and its facts become derived FHIR resources
 * (derived=1, with the source document and span).
 *
 * The extractor is built on the first note of a run, with the store's
 * imported vocabularies and the site's rule files (DATA/context.tsv,
 * DATA/lexicon.tsv) when present, and reused for every later note. */
#include "ward/ingest.h"
#include "ward/funnel.h"

#include <stdlib.h>
#include <string.h>

struct ward_concepts_run {
    ward_extractor *ex;
    ward_extraction x;
    ward_buf json, norm;
};

static int add_vocab(void *ud, const char *system, const char *code, const char *desc)
{
    ward_extractor_add_vocab(ud, system, code, desc);
    return 0;
}

static int start(ward_store *st, ward_concepts_run **out, ward_err *err)
{
    ward_concepts_run *run = ward_xcalloc(1, sizeof *run);
    char ctx[4096], lex[4096];
    ward_extractor_params p = ward_extractor_default_params();
    ward_extractor_site_files(ward_store_dir(st), &p, ctx, lex);
    int rc = ward_extractor_new(&p, &run->ex, err);
    if (!rc) rc = ward_store_vocab_each(st, add_vocab, run->ex, err);
    if (rc) {
        ward_concepts_run_free(run);
        return rc;
    }
    ward_buf_init(&run->json);
    ward_buf_init(&run->norm);
    *out = run;
    return WARD_OK;
}

void ward_concepts_run_free(ward_concepts_run *run)
{
    if (!run) return;
    ward_extractor_free(run->ex);
    ward_extraction_free(&run->x);
    ward_buf_free(&run->json);
    ward_buf_free(&run->norm);
    free(run);
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

static int store_fact(ward_store *st, ward_concepts_run *run, const ward_found *c, const ward_document *d,
                      int64_t did, ward_err *err)
{
    ward_fhir_ctx ctx = {d->patient_id, did, d->date};
    ward_fhir_row row;
    ward_found_to_fhir(c, d->text, &ctx, &run->json, &row);
    ward_resource r = {.type = row.type, .fhir_id = row.id, .patient_id = d->patient_id,
                       .code_system = *row.code_system ? row.code_system : NULL,
                       .code = *row.code ? row.code : NULL, .display = row.display, .status = row.status,
                       .effective = d->date, .value_num = row.value_num, .has_value = row.has_value,
                       .value_text = *row.value_text ? row.value_text : NULL, .unit = *row.unit ? row.unit : NULL,
                       .derived = 1, .source_doc = did, .span_start = (int)c->start, .span_end = (int)c->end,
                       .json = run->json.data};
    int64_t rid;
    int changed;
    return ward_store_put_resource(st, &r, &rid, &changed, err);
}

int ward_ingest_concepts(ward_store *st, ward_concepts_run **runp, int64_t did, const ward_document *d,
                         size_t len, const ward_span_chunk *spans, const int64_t *chunk_ids, size_t n,
                         ward_err *err)
{
    int rc = *runp ? WARD_OK : start(st, runp, err);
    if (rc) return rc;
    ward_concepts_run *run = *runp;
    ward_extract(run->ex, d->text, len, &run->x);
    for (size_t i = 0; i < run->x.nconcepts && !rc; i++) {
        const ward_found *c = &run->x.concepts[i];
        char sys[32] = "", code[32] = "";
        ward_found_code(c, sys, sizeof sys, code, sizeof code);
        ward_buf_reset(&run->norm);
        ward_found_norm_json(c, &run->norm);
        ward_buf_reset(&run->json);
        ward_buf_append(&run->json, d->text + c->start, c->end - c->start);
        ward_concept k = {.chunk_id = chunk_for(c->start, spans, chunk_ids, n), .document_id = did,
                          .start = c->start, .end = c->end, .type = ward_concept_type_name(c->type),
                          .text = run->json.data, .norm_json = run->norm.data,
                          .code_system = *sys ? sys : NULL, .code = *code ? code : NULL,
                          .assertion = ward_assertion_name(c->assertion)};
        rc = ward_store_add_concept(st, &k, NULL, err);
        if (!rc && d->patient_id && ward_found_is_fact(c)) rc = store_fact(st, run, c, d, did, err);
    }
    return rc;
}
