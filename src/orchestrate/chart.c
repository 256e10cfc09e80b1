/* chart.c — the structured facts tasks use, and quoting from notes.
 *
 * Facts come from the store's reconciled chart (ward_store_facts: one fact
 * per real-world fact, by concept, with the records that say it; the same
 * list `ward show` and the API give) and are cited through the readable
 * "record" document ingest stores for each resource, or for a fact known
 * only from notes through the note's words.
 */
#include "orch_int.h"
#include "ward/retrieve.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dup(const char *s)
{
    return s ? ward_xstrdup(s) : NULL;
}

static int add_fact(void *ud, const ward_fact_row *r)
{
    orch_facts *out = ud;
    out->v = ward_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
    orch_fact *f = &out->v[out->n++];
    memset(f, 0, sizeof *f);
    f->rid = r->rid;
    f->type = dup(r->type), f->code = dup(r->code), f->display = dup(r->display), f->status = dup(r->status);
    f->date = dup(r->date), f->unit = dup(r->unit), f->value_text = dup(r->value_text), f->reason = dup(r->reason);
    f->concept = dup(r->concept), f->mention = dup(r->mention), f->mention_rid = r->mention_rid;
    f->noted = r->noted;
    f->value = r->value;
    f->has_value = r->has_value;
    f->prev_rid = r->prev_rid, f->prev_value = r->prev_value, f->prev_date = dup(r->prev_date);
    f->has_prev = r->has_prev;
    f->same_rid = r->same_rid, f->same_value = r->same_value, f->same_date = dup(r->same_date);
    f->has_same = r->has_same;
    /* Lines cite the records that say the fact; notes naming it too are
     * provenance for the chart, not evidence a line needs (bar a fact
     * known only from notes). */
    f->sources = ward_xmalloc((r->nsources ? r->nsources : 1) * sizeof *f->sources);
    for (size_t i = 0; i < r->nsources; i++)
        if (r->noted || strcmp(r->sources[i].origin, "note")) f->sources[f->nsources++] = r->sources[i].rid;
    if (!f->display) f->display = ward_xstrdup(f->code ? f->code : f->type);
    return 0;
}

static void facts_free(orch_facts *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        orch_fact *f = &fs->v[i];
        free(f->type), free(f->code), free(f->display), free(f->status), free(f->date);
        free(f->unit), free(f->value_text), free(f->prev_date), free(f->same_date), free(f->reason);
        free(f->concept), free(f->mention), free(f->sources);
    }
    free(fs->v);
    memset(fs, 0, sizeof *fs);
}

/* Lists of one patient, one per kind, read when first asked for. */
#define NKINDS (WARD_FACT_NOTED + 1)
struct ward_orch_cache {
    char *patient;
    orch_facts list[NKINDS];
    unsigned char have[NKINDS];
};

ward_orch_cache *ward_orch_cache_new(void)
{
    return ward_xcalloc(1, sizeof(ward_orch_cache));
}

static void cache_clear(ward_orch_cache *c)
{
    for (int k = 0; k < NKINDS; k++) facts_free(&c->list[k]);
    memset(c->have, 0, sizeof c->have);
    free(c->patient);
    c->patient = NULL;
}

void ward_orch_cache_free(ward_orch_cache *c)
{
    if (!c) return;
    cache_clear(c);
    free(c);
}

/* The cache o reads through, holding the lists of o's patient. */
static ward_orch_cache *cache_of(orch_out *o)
{
    if (!o->facts) {
        o->own_facts = !o->p->cache;
        o->facts = o->p->cache ? o->p->cache : ward_orch_cache_new();
    }
    ward_orch_cache *c = o->facts;
    const char *pid = o->req->patient_id;
    if (!(c->patient ? pid && !strcmp(c->patient, pid) : !pid)) {
        cache_clear(c);
        c->patient = pid ? ward_xstrdup(pid) : NULL;
    }
    return c;
}

/* The chart's reconciled list of a kind (reconcile.c: one fact per
 * real-world fact, its records as sources), from the cache. */
int orch_facts_get(orch_out *o, orch_fact_kind kind, orch_facts *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    if ((unsigned)kind >= NKINDS) return ward_err_set(err, WARD_EUSAGE, "unknown kind of fact %d", (int)kind);
    ward_orch_cache *c = cache_of(o);
    orch_facts *fs = &c->list[kind];
    if (!c->have[kind]) {
        int rc = ward_store_facts(o->st, o->req->patient_id, kind, add_fact, fs, err);
        /* Part of a list is a wrong list: nothing rather than some. */
        if (rc) {
            facts_free(fs);
            return rc;
        }
        c->have[kind] = 1;
    }
    *out = *fs;
    return WARD_OK;
}

void orch_facts_cache_free(orch_out *o)
{
    if (o->own_facts) ward_orch_cache_free(o->facts);
    o->facts = NULL;
}

static void fmt_value(double v, const char *unit, char *buf, size_t cap)
{
    snprintf(buf, cap, "%g%s%s", v, unit && *unit ? " " : "", unit && *unit ? unit : "");
}

void orch_fact_value(const orch_fact *f, char *buf, size_t cap)
{
    if (f->has_value) fmt_value(f->value, f->unit, buf, cap);
    else snprintf(buf, cap, "%s%s%s", f->value_text ? f->value_text : "", f->value_text && f->unit ? " " : "",
                  f->value_text && f->unit ? f->unit : "");
}

void orch_fact_prev_value(const orch_fact *f, char *buf, size_t cap)
{
    fmt_value(f->prev_value, f->unit, buf, cap);
}

void orch_fact_day(const char *date, char out[11])
{
    out[0] = 0;
    if (date) ward_date_norm(date, out);
}

/* Says a date or status only when the cited text carries it: readable
 * records differ by source ("Allergy: X (high criticality)" has no date),
 * and a sentence must not claim what its citation does not show. */
static const char *shown(const orch_out *o, int ev, const char *s)
{
    return s && *s && ev >= 0 && ward_str_casestr(o->ev[ev].quote, s) ? s : NULL;
}

/* Evidence for a fact: its lead record, then up to `max` others that say
 * the same thing (the HL7 copy of a FHIR result), into c; returns how many. */
static int fact_cites(orch_out *o, const orch_fact *f, int *c, int max)
{
    int n = 0;
    c[n++] = orch_ev_resource(o, f->rid);
    for (size_t i = 1; i < f->nsources && n < max; i++) {
        int ev = orch_ev_resource(o, f->sources[i]);
        if (ev >= 0) c[n++] = ev;
    }
    return n;
}

void orch_say_fact(orch_out *o, const char *section, const orch_fact *f, int with_trend)
{
    char d[11], val[64], prev[64], pd[11];
    int c[5] = {-1, -1, -1, -1, -1};
    orch_fact_day(f->date, d);
    if (f->noted) {
        /* Known only from a note: say so, checked against the note's own words. */
        c[0] = orch_ev_resource(o, f->rid);
        orch_sent *s = orch_say(o, section, c, 1, "%s (mentioned in notes)", f->mention ? f->mention : f->display);
        s->check = ward_xstrdup(f->mention ? f->mention : f->display);
        return;
    }
    int nc = fact_cites(o, f, c, 3);
    const char *day = shown(o, c[0], d), *status = shown(o, c[0], f->status);
    if (!strcmp(f->type, "Observation")) {
        orch_fact_value(f, val, sizeof val);
        if (with_trend && f->has_prev && f->has_value) {
            orch_fact_prev_value(f, prev, sizeof prev);
            orch_fact_day(f->prev_date, pd);
            int p = c[nc++] = orch_ev_resource(o, f->prev_rid);
            const char *dir = f->value > f->prev_value ? "up" : f->value < f->prev_value ? "down" : "unchanged";
            const char *pday = shown(o, p, pd);
            orch_say(o, section, c, nc, "%s %s%s%s (%s from %s%s%s)", f->display, val, day ? " on " : "",
                     day ? day : "", dir, prev, pday ? " on " : "", pday ? pday : "");
        } else {
            orch_say(o, section, c, nc, "%s %s%s%s", f->display, val, day ? " on " : "", day ? day : "");
        }
    } else if (!strcmp(f->type, "Encounter")) {
        orch_say(o, section, c, nc, "%s%s%s", day ? day : "", day ? " " : "", f->display);
    } else if (f->mention && (c[nc] = orch_ev_resource(o, f->mention_rid)) >= 0) {
        /* "Allergy to sulfonamide (active; notes: sulfa drugs)": the note's
         * words beside the record's, cited to the note; the guard checks
         * the words, not Ward's "notes:" */
        nc++;
        orch_sent *s = orch_say(o, section, c, nc, "%s (%s%s%s%snotes: %s)", f->display, status ? status : "",
                                status && day ? ", " : "", day ? day : "", status || day ? "; " : "", f->mention);
        ward_buf chk;
        ward_buf_init(&chk);
        ward_buf_printf(&chk, "%s %s %s %s", f->display, status ? status : "", day ? day : "", f->mention);
        s->check = ward_buf_steal(&chk);
    } else {
        orch_say(o, section, c, nc, "%s%s%s%s%s%s", f->display, status || day ? " (" : "", status ? status : "",
                 status && day ? ", " : "", day ? day : "", status || day ? ")" : "");
    }
}

typedef struct age_sex {
    int *age;
    char *sex;
    size_t cap;
} age_sex;

static int on_patient(void *ud, const ward_patient *p, int64_t documents, int64_t resources)
{
    (void)documents, (void)resources;
    age_sex *x = ud;
    char today[11], bd[11];
    ward_date_today(today);
    if (p->birth_date && ward_date_norm(p->birth_date, bd) == 0) {
        int y = atoi(bd), m = atoi(bd + 5), d = atoi(bd + 8);
        int ty = atoi(today), tm = atoi(today + 5), td = atoi(today + 8);
        *x->age = ty - y - (tm < m || (tm == m && td < d));
    }
    if (p->sex) snprintf(x->sex, x->cap, "%s", p->sex);
    return 0;
}

int orch_patient_age_sex(ward_store *st, const char *patient, int *age, char *sex, size_t cap, ward_err *err)
{
    *age = -1;
    if (cap) *sex = 0;
    age_sex x = {age, sex, cap};
    return ward_store_patients_each(st, patient, on_patient, &x, err);
}

/* ---- quoting sentences from notes ---- */

typedef struct cand {
    int64_t chunk;
    size_t s, e;
    double score;
} cand;

typedef struct scan {
    const char *text;
    const orch_query *q;
    int64_t chunk;
    cand *c;
    size_t n, cap;
    int *injections;
} scan;

static void on_sentence(size_t s, size_t e, void *ud)
{
    scan *sc = ud;
    if (orch_is_injection(sc->text + s, e - s)) {
        (*sc->injections)++;
        return;
    }
    char *t = ward_xstrndup(sc->text + s, e - s);
    orch_words w;
    orch_words_of(t, 1, &w);
    free(t);
    size_t hit = 0;
    for (size_t i = 0; i < sc->q->ng; i++) hit += orch_query_covers(sc->q, i, &w);
    /* Favour sentences that say more about the query than about other things. */
    double score = sc->q->ng ? (double)hit / (double)sc->q->ng : 0;
    if (w.n) score += 0.1 * (double)hit / (double)w.n;
    orch_words_free(&w);
    if (!hit || e - s < 12) return;
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 16;
        sc->c = ward_xrealloc(sc->c, sc->cap * sizeof *sc->c);
    }
    sc->c[sc->n++] = (cand){sc->chunk, s, e, score};
}

static int by_score(const void *a, const void *b)
{
    double x = ((const cand *)a)->score, y = ((const cand *)b)->score;
    return x < y ? 1 : x > y ? -1 : 0;
}

int orch_best_sentences(orch_out *o, const char *query, int literature, int max, double min_score,
                        int *ev_out, double *best)
{
    ward_search_params sp = ward_search_default_params();
    sp.k = 30;
    sp.mode = WARD_SEARCH_BM25;
    sp.exact = 1;   /* q.widened below holds the synonyms already, each weighing as much as the question's words */
    sp.patient_id = literature ? "" : o->req->patient_id;
    ward_hits hits = {0};
    ward_err err = {0};
    *best = 0;
    /* The question as groups of synonyms; the search looks for any of them. */
    orch_query q;
    orch_query_of(query, &q);
    int rc = ward_search(o->st, q.widened, &sp, &hits, &err);
    if (rc == WARD_EUSAGE) {   /* no searchable word in the query: nothing matches */
        orch_query_free(&q);
        return 0;
    }
    if (rc) {
        orch_query_free(&q);
        ward_err_prefix(&err, "cannot search the %s", literature ? "literature" : "notes");
        return orch_fail(o, &err);
    }
    scan sc = {.q = &q, .injections = &o->injections};
    for (size_t i = 0; i < hits.n; i++) {
        if (hits.v[i].kind && !strcmp(hits.v[i].kind, "record")) continue;
        sc.text = hits.v[i].text;
        sc.chunk = hits.v[i].chunk_id;
        orch_sentences(hits.v[i].text, strlen(hits.v[i].text), on_sentence, &sc);
    }
    if (sc.n) qsort(sc.c, sc.n, sizeof *sc.c, by_score);
    int got = 0;
    for (size_t i = 0; i < sc.n && got < max; i++) {
        if (i == 0) *best = sc.c[i].score;
        if (sc.c[i].score < min_score) break;
        int ev = orch_ev_chunk(o, sc.c[i].chunk, sc.c[i].s, sc.c[i].e);
        if (ev == ORCH_FAILED) {
            got = ORCH_FAILED;
            break;
        }
        int dup = 0;
        for (int k = 0; k < got; k++) dup |= ev_out[k] == ev;
        if (ev >= 0 && !dup) ev_out[got++] = ev;
    }
    free(sc.c);
    orch_query_free(&q);
    ward_hits_free(&hits);
    return got;
}

int orch_quote_notes(orch_out *o, const char *section, const char *query, int max, int literature)
{
    int ev[16];
    double best;
    if (max > 16) max = 16;
    int n = orch_best_sentences(o, query, literature, max, 0.34, ev, &best);
    assert(n <= max);
    for (int i = 0; i < n; i++) {
        orch_conflict c;
        if (orch_conflict_of(o, o->ev[ev[i]].quote, o->ev[ev[i]].date, &c)) orch_say_conflict(o, section, ev[i], &c);
        else orch_say(o, section, &ev[i], 1, "%s", o->ev[ev[i]].quote);
    }
    return o->err.code ? ORCH_FAILED : n;
}
