/* fuzz_deid.c — libFuzzer target: de-identification, both modes.
 *
 * The first byte picks redaction or surrogates; the rest is the text. The
 * result must keep its promises: spans sorted and inside the text, and the
 * offset map monotonic and inside the output. A broken promise aborts. */
#include "ward/funnel.h"

#include <stdlib.h>

static void check(const ward_deid_result *r, size_t len)
{
    size_t prev = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->spans[i].start < prev || r->spans[i].end < r->spans[i].start || r->spans[i].end > len)
            abort();
        prev = r->spans[i].end;
    }
    size_t last = 0;
    for (size_t off = 0; off <= len; off++) {
        size_t a = ward_deid_map(r, off, 0), b = ward_deid_map(r, off, 1);
        if (a > r->len || b > r->len || a > b || a < last) abort();
        last = a;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    ward_deid_params p = ward_deid_default_params();
    p.mode = data[0] & 1 ? WARD_DEID_SURROGATE : WARD_DEID_REDACT;
    p.patient_id = data[0] & 2 ? "fuzz-patient" : NULL;
    p.key = "fuzz-key";
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    char *copy = malloc(len ? len : 1);   /* exactly len bytes: ASan sees overreads */
    for (size_t i = 0; i < len; i++) copy[i] = text[i];
    ward_deid_result r = {0};
    ward_err err = {0};
    if (ward_funnel_deid(copy, len, &p, &r, &err) == WARD_OK) check(&r, len);
    ward_deid_result_free(&r);
    free(copy);
    return 0;
}
