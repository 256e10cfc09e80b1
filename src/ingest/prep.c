/* prep.c — a document's funnel work, apart from the store: chunks along
 * sections and sentences, the de-identified text of each chunk, and the
 * concepts. It touches no store and no shared state, so `ward ingest
 * --jobs N` runs it on worker threads while one thread writes
 * (pipeline.c); without workers the writer runs it itself, only for a
 * document the store does not hold yet. */
#include "ingest/ingest_int.h"

#include <stdlib.h>
#include <string.h>

int ingest_prep_doc(ingest_prep *prep, const ward_document *d, int deid, ward_concepts_run *run, ward_err *err)
{
    memset(prep, 0, sizeof *prep);
    ward_buf_init(&prep->strs);
    size_t len = d->text_len ? d->text_len : strlen(d->text);
    /* De-identify the whole document once; each chunk takes its slice. */
    ward_deid_result de = {0};
    if (deid) {
        ward_deid_params dp = ward_deid_default_params();
        dp.patient_id = d->patient_id;
        int rc = ward_funnel_deid(d->text, len, &dp, &de, err);
        if (rc) {
            ward_deid_result_free(&de);
            return rc;
        }
    }
    /* The concepts first: the extractor finds the sections and sentences
     * the chunks need, and chunking takes them rather than finding them
     * again. */
    const ward_extraction *x = run ? concepts_extract(run, d, len, prep) : NULL;
    if (x) prep->n = ward_funnel_chunk_spans(d->text, NULL, x->sections, x->nsections, x->sentences, x->nsentences,
                                             &prep->spans);
    else prep->n = ward_funnel_chunk(d->text, len, NULL, &prep->spans);
    if (de.text) {
        prep->deid = ward_xcalloc(prep->n + 1, sizeof *prep->deid);
        for (size_t i = 0; i < prep->n; i++) {
            size_t a = ward_deid_map(&de, prep->spans[i].start, 0), b = ward_deid_map(&de, prep->spans[i].end, 1);
            prep->deid[i] = prep->strs.len;
            ward_buf_append(&prep->strs, de.text + a, b - a);
            ward_buf_putc(&prep->strs, 0);
        }
    }
    ward_deid_result_free(&de);
    return WARD_OK;
}

void ingest_prep_terms(ingest_prep *prep, const ward_document *d, ward_store *st)
{
    ward_buf_init(&prep->terms_buf);
    prep->terms = ward_xcalloc(prep->n + 1, sizeof *prep->terms);
    int rc = WARD_OK;
    for (size_t i = 0; i < prep->n && !rc; i++) {
        prep->terms[i] = prep->terms_buf.len;
        rc = ward_store_fts_terms(st, d->text + prep->spans[i].start, prep->spans[i].end - prep->spans[i].start,
                                  &prep->terms_buf);
    }
    prep->terms[prep->n] = prep->terms_buf.len;
    if (rc) {
        free(prep->terms);
        prep->terms = NULL;
        ward_buf_free(&prep->terms_buf);
    }
}

void ingest_prep_free(ingest_prep *prep)
{
    free(prep->terms);
    ward_buf_free(&prep->terms_buf);
    free(prep->spans);
    free(prep->deid);
    free(prep->concepts);
    ward_buf_free(&prep->strs);
    memset(prep, 0, sizeof *prep);
}
