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

/* Digits at t[i..j) read as a number, or -1 when there are none or more
 * than two. */
static int day_number(const char *t, size_t i, size_t j)
{
    if (j <= i || j - i > 2) return -1;
    int v = 0;
    for (size_t k = i; k < j; k++) {
        if (t[k] < '0' || t[k] > '9') return -1;
        v = v * 10 + (t[k] - '0');
    }
    return v;
}

/* A dose's unit after a space at t[f]: "-4 tabs" counts tablets, not days. */
static int unit_after(const char *t, size_t f, size_t len)
{
    static const char *const units[] = {"tab", "tabs", "tablet", "tablets", "cap", "caps", "capsule", "capsules",
                                        "mg", "mcg", "g", "ml", "mL", "units", "unit", "puff", "puffs", "drops",
                                        "times", "x", "pills", "doses", "sprays"};
    if (f >= len || t[f] != ' ') return 0;
    size_t a = f + 1, b = a;
    while (b < len && ((t[b] >= 'a' && t[b] <= 'z') || (t[b] >= 'A' && t[b] <= 'Z'))) b++;
    for (size_t k = 0; k < sizeof units / sizeof *units; k++)
        if (strlen(units[k]) == b - a && !memcmp(t + a, units[k], b - a)) return 1;
    return 0;
}

/* The end of a range of days after a numeric date ("12/3-4", "12/30-31"),
 * which neither the tagger nor every rule takes: left outside, the "4" was
 * kept beside "[DATE]", and surrogate mode moved the start but not the end.
 * A DATE span ending "M/D" takes a hyphen or an en dash and a later day of
 * the same month when a space, punctuation or the line's end follows
 * ("12/3-4/2026" and "12/3-45" are not such ranges) and no dose's unit
 * comes next. Only spans already read as dates grow, so a dose or a
 * fraction never starts one. */
static size_t date_range_ends(deid_doc *d, size_t n)
{
    const char *t = d->t;
    for (size_t i = 0; i < n; i++) {
        cand *c = &d->c[i];
        if (c->type != WARD_PHI_DATE || c->b - c->a < 3) continue;
        size_t q = c->b, s = q;
        while (s > c->a && t[s - 1] >= '0' && t[s - 1] <= '9') s--;
        int day = day_number(t, s, q);
        if (day < 1 || s == c->a || t[s - 1] != '/' || s - 1 == c->a || t[s - 2] < '0' || t[s - 2] > '9') continue;
        size_t dash = q < d->len && t[q] == '-' ? 1 : q + 3 <= d->len && !memcmp(t + q, "\xe2\x80\x93", 3) ? 3 : 0;
        if (!dash) continue;
        size_t e = q + dash, f = e;
        while (f < d->len && f < e + 3 && t[f] >= '0' && t[f] <= '9') f++;
        int end = day_number(t, e, f);
        if (end <= day || end > 31) continue;
        if (f < d->len && t[f] != ' ' && t[f] != '\n' && t[f] != '\r' && t[f] != '\t' && t[f] != '.' && t[f] != ',' &&
            t[f] != ';' && t[f] != ')' && t[f] != ':')
            continue;                                       /* "12/3-4/2026", "12/3-45" */
        if (i + 1 < n && d->c[i + 1].a < f) continue;
        if (unit_after(t, f, d->len)) continue;                /* "Took 12/3-4 tabs daily" */
        c->b = f;
    }
    return n;
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
    /* ... then the end day of a range the date left outside */
    n = date_range_ends(&d, n);
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
