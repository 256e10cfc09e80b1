/* deid.c — de-identification: checks the input, runs the detectors
 * (deid_detect.c), keeps the best non-overlapping spans, and writes the
 * text with each span replaced by a tag ("[NAME]") or a surrogate
 * (deid_surrogate.c).
 *
 * Ideas a reader needs:
 *  - The learned tagger (deid_tagger.c) runs after the rules, on what
 *    their kept spans leave: it only adds spans (the one hook, below in
 *    ward_funnel_deid).
 *  - Overlaps are settled by priority, then length: a structured match
 *    (e-mail, phone, date) beats a name guess; a facility name beats the
 *    city inside it.
 *  - Each span records where its replacement lies in the output, so a
 *    document de-identified once can be cut along its chunks
 *    (ward_deid_map) without de-identifying each chunk again.
 *  - Surrogates are seeded by a keyed hash of the patient id; the key is
 *    the site's secret ($WARD_DEID_KEY), so surrogates cannot be linked
 *    back without it.
 */
#include "funnel/deid_int.h"
#include "funnel/deid_tagger_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const TYPE_NAMES[WARD_PHI_NTYPES] = {
    "NAME", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "ACCOUNT", "HEALTHPLAN",
    "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "ADDRESS", "CITY", "ZIP", "FACILITY", "ID"};

const char *ward_phi_type_name(int type)
{
    return type >= 0 && type < WARD_PHI_NTYPES ? TYPE_NAMES[type] : NULL;
}

int ward_phi_type_parse(const char *s)
{
    for (int i = 0; s && i < WARD_PHI_NTYPES; i++)
        if (!strcasecmp(s, TYPE_NAMES[i])) return i;
    return -1;
}

ward_deid_params ward_deid_default_params(void)
{
    ward_deid_params p = {0};
    p.mode = WARD_DEID_REDACT;
    p.max_line_bytes = (size_t)1 << 20;
    return p;
}

void ward_deid_result_free(ward_deid_result *r)
{
    if (!r) return;
    free(r->text);
    free(r->spans);
    memset(r, 0, sizeof *r);
}

static void patient_seed(const ward_deid_params *p, uint8_t seed[32])
{
    const char *key = p->key;
    if (!key || !*key) key = getenv("WARD_DEID_KEY");
    if (!key || !*key) key = "ward-built-in-deid-key: set WARD_DEID_KEY";
    uint8_t k[32];
    crypto_generichash(k, sizeof k, (const uint8_t *)key, strlen(key), NULL, 0);
    const char *id = p->patient_id ? p->patient_id : "";
    crypto_generichash(seed, 32, (const uint8_t *)id, strlen(id), k, sizeof k);
}

static int shift_from_seed(const uint8_t seed[32])
{
    uint8_t h[4];
    crypto_generichash(h, sizeof h, (const uint8_t *)"date-shift", 10, seed, 32);
    uint32_t v = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    return -(int)(1 + v % 365);   /* back by 1 to 365 days */
}

int ward_deid_date_shift(const ward_deid_params *p)
{
    uint8_t seed[32];
    patient_seed(p, seed);
    return shift_from_seed(seed);
}

/* NUL bytes, broken UTF-8 and lines longer than the limit. */
static int check_input(const char *text, size_t len, size_t max_line, ward_err *err)
{
    const char *z = memchr(text, 0, len);
    if (z) return ward_err_set(err, WARD_EINPUT, "binary input (NUL byte at byte %zu): de-identification needs text",
                               (size_t)(z - text));
    size_t bad;
    if (!ward_utf8_valid(text, len, &bad))
        return ward_err_set(err, WARD_EINPUT, "invalid UTF-8 at byte %zu: convert the text to UTF-8", bad);
    size_t line = 1, pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - text) - pos : len - pos;
        if (max_line && n > max_line)
            return ward_err_set(err, WARD_EINPUT, "line %zu is %zu bytes, over the %zu-byte limit: split the text into lines",
                                line, n, max_line);
        pos += n + 1;
        line++;
    }
    return WARD_OK;
}

static int by_priority(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->prio != b->prio) return b->prio - a->prio;
    size_t la = a->b - a->a, lb = b->b - b->a;
    if (la != lb) return la < lb ? 1 : -1;
    return a->a < b->a ? -1 : a->a > b->a;
}

/* qsort's order of candidates by their start (deid_int.h). */
int deid_by_start(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    return a->a < b->a ? -1 : a->a > b->a;
}

/* Keeps the best non-overlapping candidates, in text order; merges names
 * split only by spaces ("John" "Smith"). Returns the count kept in d->c. */
static size_t resolve(deid_doc *d)
{
    if (!d->nc) return 0;
    qsort(d->c, d->nc, sizeof *d->c, by_priority);
    uint8_t *used = ward_xcalloc(d->len + 1, 1);
    size_t kept = 0;
    for (size_t i = 0; i < d->nc; i++) {
        cand c = d->c[i];
        if (c.b > d->len || c.a >= c.b) continue;
        int clash = 0;
        for (size_t k = c.a; k < c.b && !clash; k++) clash = used[k];
        if (clash) continue;
        memset(used + c.a, 1, c.b - c.a);
        d->c[kept++] = c;
    }
    free(used);
    qsort(d->c, kept, sizeof *d->c, deid_by_start);
    size_t out = 0;
    for (size_t i = 0; i < kept; i++) {
        cand c = d->c[i];
        if (out && c.type == WARD_PHI_NAME && d->c[out - 1].type == WARD_PHI_NAME) {
            cand *p = &d->c[out - 1];
            int joinable = c.a - p->b <= 2;
            for (size_t k = p->b; k < c.a && joinable; k++) joinable = d->t[k] == ' ' || d->t[k] == '-';
            if (joinable) {
                p->b = c.b;
                continue;
            }
        }
        d->c[out++] = c;
    }
    return out;
}

int ward_funnel_deid(const char *text, size_t len, const ward_deid_params *p, ward_deid_result *out,
                     ward_err *err)
{
    memset(out, 0, sizeof *out);
    ward_deid_params defaults = ward_deid_default_params();
    if (!p) p = &defaults;
    int rc = check_input(text ? text : "", text ? len : 0, p->max_line_bytes, err);
    if (rc) return rc;
    if (sodium_init() < 0) return ward_err_set(err, WARD_EIO, "libsodium failed to initialize");
    deid_doc d = {.t = text ? text : "", .len = text ? len : 0};
    deid_detect(&d);
    size_t n = resolve(&d);
    /* The learned tagger adds what the rules left (deid_tagger.c). */
    n = deid_tagger_apply(&d, n);
    /* ... and the rest of a place whose name it or a rule found (deid_places.c) */
    n = deid_places_tail(&d, n);
    /* ... never on a clinical term's words (deid_terms.c) */
    n = deid_terms_keep(&d, n);
    uint8_t seed[32];
    deid_dates dates;
    if (p->mode == WARD_DEID_SURROGATE) {
        patient_seed(p, seed);
        deid_dates_begin(&dates, shift_from_seed(seed));
        for (size_t i = 0; i < n; i++)            /* how the note writes its dates, before any is moved */
            if (d.c[i].type == WARD_PHI_DATE) deid_dates_note(&dates, d.t, d.c[i].a, d.c[i].b);
    }
    ward_buf b;
    ward_buf_init(&b);
    out->spans = n ? ward_xmalloc(n * sizeof *out->spans) : NULL;
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        cand c = d.c[i];
        ward_buf_append(&b, d.t + pos, c.a - pos);
        ward_phi_span *s = &out->spans[i];
        s->start = c.a, s->end = c.b, s->type = (ward_phi_type)c.type, s->out_start = b.len;
        if (p->mode == WARD_DEID_SURROGATE) deid_surrogate(d.t, c.a, c.b, c.type, seed, &dates, &b);
        else ward_buf_printf(&b, "[%s]", TYPE_NAMES[c.type]);
        s->out_end = b.len;
        pos = c.b;
    }
    ward_buf_append(&b, d.t + pos, d.len - pos);
    out->n = n;
    out->len = b.len;
    out->text = ward_buf_steal(&b);
    free(d.tk);
    free(d.c);
    free(d.rings);
    free(d.tok_map);
    return WARD_OK;
}

size_t ward_deid_map(const ward_deid_result *r, size_t off, int is_end)
{
    /* binary search for the last span starting at or before off */
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->spans[mid].start <= off) lo = mid + 1;
        else hi = mid;
    }
    if (!lo) return off;
    const ward_phi_span *s = &r->spans[lo - 1];
    if (off < s->end) return off > s->start && is_end ? s->out_end : s->out_start;
    return s->out_end + (off - s->end);
}
