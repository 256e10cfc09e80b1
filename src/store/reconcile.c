/* reconcile.c — a patient's chart as one list per kind, one fact per
 * real-world fact, each with the records that say it. Every reader of the
 * chart (`ward show`, the API's chart, summaries, answers, instructions,
 * letters) reads it through ward_store_facts, so they cannot disagree.
 *
 * The same thing arrives many ways: a lab result by HL7 ORU and again in a
 * FHIR bundle (the HL7 copy dated to the day, the FHIR one to the second),
 * a problem coded in SNOMED by one system and found in a note as an
 * ICD-10 concept, an allergy as "Allergy to peanuts" and as the substance
 * "peanuts". Records are grouped by concept (ward_concept_key: codes of
 * any system and the lexicon's synonyms). Within an observation's concept,
 * rows with the same value at the same time (compared at the precision
 * both give) are one result, so a trend only ever compares distinct
 * results, of distinct days (another value of the latest's day is said
 * apart). Rows are ordered by the instant their times name. Records derived from notes (asserted present
 * at ingest) join the structured fact they match as sources; problems found only in notes are
 * their own list (WARD_FACT_NOTED), without those that are a recorded
 * allergy's reaction ("peanuts (anaphylaxis)" is no anaphylaxis problem).
 * A drug named beside an allergy to its class (the lexicon's allergy
 * classes: "lisinopril" and "Allergy to ACE inhibitor") is that allergy.
 */
#include "store_int.h"
#include "ward/funnel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The reason of a medication: the Condition its reasonReference names
 * (by id or urn), else the text or display of its reasonCode. */
#define REASON \
    "coalesce((SELECT c.display FROM resources c WHERE c.type='Condition' AND c.patient_id=r.patient_id" \
    " AND json_extract(r.json,'$.reasonReference[0].reference') IN ('Condition/'||c.fhir_id, 'urn:uuid:'||c.fhir_id))," \
    " json_extract(r.json,'$.reasonCode[0].text'), json_extract(r.json,'$.reasonCode[0].coding[0].display'))"
/* An allergy's reactions, '|'-separated. */
#define REACTIONS \
    "(SELECT group_concat(coalesce(json_extract(m.value,'$.text'), json_extract(m.value,'$.coding[0].display')), '|')" \
    " FROM json_each(r.json,'$.reaction') x, json_each(x.value,'$.manifestation') m)"
/* The words of the note a derived record came from. */
#define MENTION \
    "(SELECT CAST(substr(CAST(c.text AS BLOB), r.span_start - c.start + 1, r.span_end - r.span_start) AS TEXT)" \
    " FROM chunks c WHERE c.document_id = r.source_doc AND c.start <= r.span_start AND c.end >= r.span_end LIMIT 1)"
#define COLS \
    "r.id, r.type, r.code_system, r.code, r.display, r.status, r.effective, r.unit, r.value_text, r.value_num," \
    " r.derived, r.fhir_id, r.source_doc, r.span_start, r.span_end, "
#define ROWS(types, extra) \
    "SELECT " COLS extra " FROM resources r WHERE r.patient_id=?1 AND r.type IN " types \
    " ORDER BY r.effective IS NULL, r.effective DESC, r.derived, r.id DESC"

enum { Q_COND, Q_MEDS, Q_ALLERGY, Q_OBS, Q_ENC, Q_PROC, Q_IMM, Q_N };
static const char *const SQL[Q_N] = {
    [Q_COND] = ROWS("('Condition')", "NULL, " MENTION),
    [Q_MEDS] = ROWS("('MedicationRequest','MedicationStatement')", REASON ", NULL"),
    [Q_ALLERGY] = ROWS("('AllergyIntolerance')", REACTIONS ", " MENTION),
    [Q_OBS] = ROWS("('Observation')", "NULL, NULL") " LIMIT 20000",
    [Q_ENC] = "SELECT " COLS "NULL, NULL FROM resources r WHERE r.patient_id=?1 AND r.derived=0"
              " AND r.type='Encounter' ORDER BY r.effective DESC LIMIT 10",
    [Q_PROC] = ROWS("('Procedure')", "NULL, NULL"),
    [Q_IMM] = ROWS("('Immunization')", "NULL, NULL"),
};

#define INACTIVE \
    "|resolved|inactive|remission|entered-in-error|refuted|stopped|completed|cancelled|ended|"

typedef struct rrow {
    int64_t rid, doc;
    char *type, *system, *code, *display, *status, *date, *unit, *value_text, *extra, *mention;
    char concept[160];
    double value;
    int has_value, derived, span_s, span_e;
    int member;                  /* allergies: a drug listed under its class's allergy */
    char when[24];               /* ward_time_key of date: rows sort by the instant */
    const char *origin;
    int group;                   /* index of the fact it belongs to */
    int result;                  /* observations: index of its result (same time, same value) */
} rrow;

typedef struct rset {
    rrow *v;
    size_t n;
} rset;

static char *dupcol(store_stmt *s, int i)
{
    const char *t = store_text(s, i);
    return t ? ward_xstrdup(t) : NULL;
}

static void rset_free(rset *r)
{
    for (size_t i = 0; i < r->n; i++) {
        rrow *x = &r->v[i];
        free(x->type), free(x->system), free(x->code), free(x->display), free(x->status), free(x->date);
        free(x->unit), free(x->value_text), free(x->extra), free(x->mention);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* Rows sorted by a key (then by their order), so that grouping is
 * n log n: a patient can have tens of thousands of results. */
typedef struct keyed {
    const char *k, *k2;
    size_t i;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    if (!c) c = strcmp(x->k2, y->k2);
    return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* Every row's concept (for allergies, the substance). Rows with the same
 * code are the same concept whatever their displays: the lexicon's name
 * when one of them has it ("eGFR" by HL7, the LOINC long name by FHIR). */
static void keys(rset *r)
{
    int *known = ward_xmalloc((r->n ? r->n : 1) * sizeof *known);
    keyed *v = ward_xmalloc((r->n ? r->n : 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        rrow *x = &r->v[i];
        known[i] = ward_concept_key(x->system, x->code, x->display, x->concept, sizeof x->concept);
        if (x->code) v[n++] = (keyed){x->code, x->system ? x->system : "", i};
    }
    qsort(v, n, sizeof *v, by_key);
    for (size_t a = 0, b; a < n; a = b) {
        const char *lexicon = NULL;
        for (b = a; b < n && !strcmp(v[b].k, v[a].k) && !strcmp(v[b].k2, v[a].k2); b++)
            if (known[v[b].i] && !lexicon) lexicon = r->v[v[b].i].concept;
        for (size_t k = a; k < b && lexicon; k++)
            if (!known[v[k].i]) snprintf(r->v[v[k].i].concept, sizeof r->v[v[k].i].concept, "%s", lexicon);
    }
    free(v);
    free(known);
}

/* Latest first by the instant a row's time names (the SQL's order is by
 * its text, which puts "08:00-07:00" before "14:00+00:00"), a date alone
 * after the times of its day; at one instant, records before notes and
 * the last recorded first; rows without a time last. */
static int by_when(const void *a, const void *b)
{
    const rrow *x = a, *y = b;
    if (!x->date != !y->date) return x->date ? -1 : 1;
    int c = strcmp(y->when, x->when);
    if (!c) c = x->derived - y->derived;
    return c ? c : x->rid < y->rid ? 1 : x->rid > y->rid ? -1 : 0;
}

static int load(ward_store *st, const char *patient, int q, rset *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    /* kept: every task reads the chart's lists (the rows are all read before
     * any is used, so nothing can reuse the statement meanwhile) */
    store_stmt *s = store_cached(st, SQL[q], err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient);
    size_t cap = 0;
    int step;
    while ((step = store_step(s)) == STORE_ROW) {
        if (out->n == cap) out->v = ward_xrealloc(out->v, (cap = cap ? cap * 2 : 32) * sizeof *out->v);
        rrow *x = &out->v[out->n++];
        memset(x, 0, sizeof *x);
        x->rid = store_int64(s, 0);
        x->type = dupcol(s, 1), x->system = dupcol(s, 2), x->code = dupcol(s, 3), x->display = dupcol(s, 4);
        x->status = dupcol(s, 5), x->date = dupcol(s, 6), x->unit = dupcol(s, 7), x->value_text = dupcol(s, 8);
        x->has_value = !store_is_null(s, 9);
        x->value = store_double(s, 9);
        x->derived = store_int(s, 10);
        const char *fid = store_text(s, 11);
        x->origin = x->derived ? "note" : fid && !strncmp(fid, "hl7-", 4) ? "HL7 v2" : "FHIR";
        x->doc = store_int64(s, 12);
        x->span_s = store_int(s, 13), x->span_e = store_int(s, 14);
        x->extra = dupcol(s, 15), x->mention = dupcol(s, 16);
        if (!x->display) x->display = ward_xstrdup(x->code ? x->code : x->type);
        x->group = x->result = -1;
    }
    int rc = step == STORE_DONE ? WARD_OK : store_fail(st, err);
    store_reset(s);
    for (size_t i = 0; i < out->n; i++) ward_time_key(out->v[i].date, out->v[i].when);
    if (!rc && out->n > 1) qsort(out->v, out->n, sizeof *out->v, by_when);
    if (!rc) keys(out);
    return rc;
}

/* Two times are the same when they agree at the precision both give
 * ("2024-03-02" and "2024-03-02T10:15:00+00:00" do; to the minute else). */
static int same_time(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb;
    if (n > 16) n = 16;
    return !strncmp(a, b, n);
}

/* A trend reads "up from X on D": D must be another day than the latest's. */
static int other_day(const char *a, const char *b)
{
    return !a || !b || strncmp(a, b, 10) != 0;
}

static int same_value(const rrow *a, const rrow *b)
{
    if (a->has_value != b->has_value) return 0;
    if (a->has_value) return fabs(a->value - b->value) <= 1e-9 * fmax(1, fabs(a->value));
    return a->value_text && b->value_text ? !strcasecmp(a->value_text, b->value_text) : a->value_text == b->value_text;
}

static int inactive(const char *status)
{
    char k[40];
    snprintf(k, sizeof k, "|%s|", status ? status : "active");
    for (char *c = k; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    return strstr(INACTIVE, k) != NULL;
}

/* Groups rows by concept (rows come latest first: a group's first row
 * speaks for it; groups are numbered in the order of their first rows).
 * Rows for which skip() is true join no group. */
static size_t group(rset *r, int (*skip)(const rrow *))
{
    keyed *v = ward_xmalloc((r->n ? r->n : 1) * sizeof *v);
    int *id = ward_xmalloc((r->n ? r->n : 1) * sizeof *id);
    size_t n = 0, ng = 0;
    for (size_t i = 0; i < r->n; i++) {
        id[i] = -1;
        if (!(skip && skip(&r->v[i]))) v[n++] = (keyed){r->v[i].concept, "", i};
    }
    qsort(v, n, sizeof *v, by_key);
    for (size_t a = 0, b; a < n; a = b)   /* a run's first row is its earliest in order */
        for (b = a; b < n && !strcmp(v[b].k, v[a].k); b++) r->v[v[b].i].group = (int)v[a].i;
    for (size_t i = 0; i < r->n; i++) {
        int first = r->v[i].group;
        if (first < 0) continue;
        if (id[first] < 0) id[first] = (int)ng++;
        r->v[i].group = id[first];
    }
    free(v);
    free(id);
    return ng;
}

static int derived_row(const rrow *x) { return x->derived; }
static int not_noted(const rrow *x) { return x->derived != 1; }
static int no_value(const rrow *x) { return x->derived || (!x->has_value && !x->value_text); }

typedef struct emit {
    ward_fact_source *src;
    size_t nsrc, cap;
} emit;

/* Calls fn for the fact of group g led by row lead, with the sources of
 * every row in the group (or only in result res when res >= 0); words:
 * the note row whose words the fact carries, or NULL. A fact led by a row
 * from a note is known only from notes. */
static int say(const rset *r, size_t lead, int res, const rrow *prev, const rrow *same, const rrow *words,
               ward_fact_fn fn, void *ud, emit *e)
{
    const rrow *x = &r->v[lead];
    e->nsrc = 0;
    for (size_t pass = 0; pass < 2; pass++)   /* the lead first */
        for (size_t i = 0; i < r->n; i++) {
            const rrow *y = &r->v[i];
            if ((pass == 0) != (i == lead) || y->group != x->group || (res >= 0 && y->result != res)) continue;
            if (e->nsrc == e->cap) e->src = ward_xrealloc(e->src, (e->cap = e->cap ? e->cap * 2 : 8) * sizeof *e->src);
            e->src[e->nsrc++] = (ward_fact_source){y->rid, y->origin, y->date};
        }
    ward_fact_row f = {
        .rid = x->rid, .type = x->type, .code = x->code, .display = x->display, .status = x->status,
        .date = x->date, .unit = x->unit, .value_text = x->value_text, .value = x->value,
        .has_value = x->has_value, .reason = !strncmp(x->type, "Medication", 10) ? x->extra : NULL,
        .concept = x->concept, .sources = e->src, .nsources = e->nsrc, .noted = x->derived != 0,
        .mention = words ? words->mention : NULL, .mention_rid = words ? words->rid : 0};
    if (prev) f.prev_rid = prev->rid, f.prev_value = prev->value, f.prev_date = prev->date, f.has_prev = 1;
    if (same) f.same_rid = same->rid, f.same_value = same->value, f.same_date = same->date, f.has_same = 1;
    return fn(ud, &f);
}

/* Whether rows x and y are the same record kind: the same code, or with
 * no code the same name. */
static int same_code(const rrow *x, const rrow *y)
{
    if (x->code || y->code)
        return x->code && y->code && !strcmp(x->code, y->code) &&
               !strcmp(x->system ? x->system : "", y->system ? y->system : "");
    return !strcasecmp(x->display, y->display);
}

/* The row that speaks for group g: its latest structured row; for
 * problems (per_code), the latest that is active among the latest of
 * each code, when there is one: a resolved "acute exacerbation of COPD"
 * does not make the chronic COPD of another code inactive, while a
 * problem recorded active and later resolved under its own code is
 * resolved. r->n when the group has no structured row. */
static size_t lead_row(const rset *r, int g, int per_code)
{
    size_t lead = r->n;
    for (size_t i = 0; i < r->n; i++) {
        const rrow *x = &r->v[i];
        if (x->group != g || x->derived) continue;
        if (lead == r->n) lead = i;
        if (!per_code || !inactive(r->v[lead].status)) break;
        int newer = 0;   /* a later row of its code speaks for it */
        for (size_t k = 0; k < i && !newer; k++)
            newer = r->v[k].group == g && !r->v[k].derived && same_code(&r->v[k], x);
        if (!newer && !inactive(x->status)) return i;
    }
    return lead;
}

/* Problems, medications, procedures, immunizations: structured records by
 * concept; the latest speaks (its status decides "active"; for problems,
 * see lead_row). */
static int by_concept(rset *r, int active_only, int per_code, ward_fact_fn fn, void *ud, emit *e)
{
    size_t ng = group(r, derived_row);
    /* a note naming the same concept is one more source of it */
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->n && r->v[i].derived && r->v[i].group < 0; k++)
            if (!r->v[k].derived && !strcmp(r->v[k].concept, r->v[i].concept)) r->v[i].group = r->v[k].group;
    int stop = 0;
    for (size_t g = 0; g < ng && !stop; g++) {
        size_t i = lead_row(r, (int)g, per_code);
        if (i < r->n && !(active_only && inactive(r->v[i].status))) stop = say(r, i, -1, NULL, NULL, NULL, fn, ud, e);
    }
    return stop;
}

/* Whether words w are said by text as whole words, or as their plural
 * ("peanut" is said by "Allergy to peanuts"). */
static int says(const char *text, const char *w)
{
    char plural[160];
    int n = snprintf(plural, sizeof plural, "%ss", w);
    return ward_str_hasword(text, w, strlen(w)) ||
           (n > 0 && (size_t)n < sizeof plural && ward_str_hasword(text, plural, (size_t)n));
}

/* The note row of group g whose words the fact carries beside the record
 * at lead, or NULL: the latest whose words the record does not already say
 * ("sulfa drugs" beside "Allergy to sulfonamide", nothing beside "Allergy
 * to peanuts"), the fuller of two wordings when one says the other
 * ("sulfa drugs", not "sulfa"). Clinicians, and their questions, use the
 * note's words; the chart the record's. */
static const rrow *note_words(const rset *r, size_t lead, int g)
{
    const char *display = r->v[lead].display;
    for (size_t i = 0; i < r->n; i++) {
        const rrow *y = &r->v[i];
        if (y->group != g || !y->derived || !y->mention || !*y->mention || says(display, y->mention)) continue;
        int fuller = 0;   /* another note words it more fully */
        for (size_t k = 0; k < r->n && !fuller; k++) {
            const rrow *z = &r->v[k];
            fuller = z->group == g && z->derived && z->mention && strcasecmp(z->mention, y->mention) &&
                     says(z->mention, y->mention);
        }
        if (!fuller) return y;
    }
    return NULL;
}

/* Whether some row of r is about concept k. */
static int listed(const rset *r, const char *k)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->v[i].concept, k)) return 1;
    return 0;
}

/* A drug whose allergy class is also listed ("lisinopril" beside "Allergy
 * to ACE inhibitor", "amoxicillin" beside "penicillins") is that class's
 * allergy: its rows take the class's concept, the first of its classes
 * listed. Only members move, so two classes never become one. */
static void to_classes(rset *r)
{
    const char **to = ward_xcalloc(r->n ? r->n : 1, sizeof *to);
    for (size_t i = 0; i < r->n; i++) {
        const char *c;
        for (size_t k = 0; !to[i] && (c = ward_concept_class(r->v[i].concept, k)); k++)
            if (listed(r, c)) to[i] = c;
    }
    for (size_t i = 0; i < r->n; i++)
        if (to[i]) snprintf(r->v[i].concept, sizeof r->v[i].concept, "%s", to[i]), r->v[i].member = 1;
    free(to);
}

/* How a row ranks to speak for its allergy (lower first): a record before
 * a note, the class's own record before a member's. */
static int speaks(const rrow *x) { return 2 * (x->derived != 0) + x->member; }

/* Allergies by substance (the lexicon's names and codes: "sulfa" in a note
 * and "Allergy to sulfonamide" coded are one allergy), a drug under its
 * class's allergy: a structured record speaks when there is one, with the
 * notes' own words for it when they differ; else the substance is known
 * from notes only (noted). */
static int allergies(rset *r, ward_fact_fn fn, void *ud, emit *e)
{
    to_classes(r);
    size_t ng = group(r, NULL);
    int stop = 0;
    for (size_t g = 0; g < ng && !stop; g++) {
        size_t lead = r->n;
        for (size_t i = 0; i < r->n; i++)
            if (r->v[i].group == (int)g && (lead == r->n || speaks(&r->v[i]) < speaks(&r->v[lead]))) lead = i;
        const rrow *words = r->v[lead].derived ? &r->v[lead] : note_words(r, lead, (int)g);
        if (!inactive(r->v[lead].status)) stop = say(r, lead, -1, NULL, NULL, words, fn, ud, e);
    }
    return stop;
}

/* Observations: within a concept, rows with the same value at the same
 * time are one result; the previous value is the latest result of an
 * earlier day (two results of one day are not a trend a reader can see). */
static int observations(rset *r, ward_fact_fn fn, void *ud, emit *e)
{
    size_t ng = group(r, no_value);
    int nres = 0, stop = 0;
    /* rows of a group in order: a copy of a result is among the rows of its day just before it */
    int *last = ward_xmalloc((ng ? ng : 1) * sizeof *last), *prev_in = ward_xmalloc((r->n ? r->n : 1) * sizeof *prev_in);
    for (size_t g = 0; g < ng; g++) last[g] = -1;
    for (size_t i = 0; i < r->n; i++) {
        rrow *x = &r->v[i];
        if (x->group < 0) continue;
        prev_in[i] = last[x->group];
        last[x->group] = (int)i;
        for (int k = prev_in[i]; k >= 0 && x->result < 0 && !other_day(r->v[k].date, x->date); k = prev_in[k])
            if (same_time(r->v[k].date, x->date) && same_value(&r->v[k], x)) x->result = r->v[k].result;
        if (x->result < 0) x->result = nres++;
    }
    free(last), free(prev_in);
    for (size_t g = 0; g < ng && !stop; g++) {
        size_t lead = r->n;
        const rrow *prev = NULL, *same = NULL;   /* same: another value the lead's day */
        for (size_t i = 0; i < r->n && !prev; i++) {
            const rrow *x = &r->v[i];
            if (x->group != (int)g) continue;
            if (lead == r->n) lead = i;
            else if (x->result != r->v[lead].result && x->has_value && r->v[lead].has_value) {
                if (other_day(x->date, r->v[lead].date)) prev = x;
                else if (!same && !same_value(x, &r->v[lead])) same = x;
            }
        }
        stop = say(r, lead, r->v[lead].result, prev, same, NULL, fn, ud, e);
    }
    return stop;
}

/* 1 when problem row x is the reaction of one of the allergies: a
 * recorded reaction ("reaction: anaphylaxis"), or a mention just after an
 * allergy found in the same note ("peanuts (anaphylaxis)"). */
static int reaction(const rrow *x, const rset *al)
{
    for (size_t i = 0; i < al->n; i++) {
        const rrow *a = &al->v[i];
        if (a->derived && x->doc && a->doc == x->doc && x->span_s >= a->span_s && x->span_s <= a->span_e + 40)
            return 1;
        char buf[512];
        snprintf(buf, sizeof buf, "%s", a->extra ? a->extra : "");
        for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
            char k[160];
            ward_concept_key(NULL, NULL, t, k, sizeof k);
            if (!strcmp(k, x->concept)) return 1;
        }
    }
    return 0;
}

/* Problems found only in notes: not a coded problem's concept, not an
 * allergy's reaction. */
static int noted(rset *r, const rset *al, ward_fact_fn fn, void *ud, emit *e)
{
    for (size_t i = 0; i < r->n; i++) {
        rrow *x = &r->v[i];
        if (!x->derived) continue;
        int coded = 0;
        for (size_t k = 0; k < r->n && !coded; k++) coded = !r->v[k].derived && !strcmp(r->v[k].concept, x->concept);
        if (coded || reaction(x, al)) x->derived = -1;   /* out of the list */
    }
    size_t ng = group(r, not_noted);
    int stop = 0;
    for (size_t g = 0; g < ng && !stop; g++)
        for (size_t i = 0; i < r->n; i++)
            if (r->v[i].group == (int)g) {
                stop = say(r, i, -1, NULL, NULL, &r->v[i], fn, ud, e);
                break;
            }
    return stop;
}

int ward_store_facts(ward_store *st, const char *patient, ward_fact_kind kind, ward_fact_fn fn, void *ud,
                     ward_err *err)
{
    static const int QUERY[] = {
        [WARD_FACT_PROBLEMS] = Q_COND, [WARD_FACT_PROBLEMS_ALL] = Q_COND, [WARD_FACT_MEDS] = Q_MEDS,
        [WARD_FACT_MEDS_ALL] = Q_MEDS, [WARD_FACT_ALLERGIES] = Q_ALLERGY, [WARD_FACT_OBS] = Q_OBS,
        [WARD_FACT_ENCOUNTERS] = Q_ENC, [WARD_FACT_PROCEDURES] = Q_PROC, [WARD_FACT_IMMUNIZATIONS] = Q_IMM,
        [WARD_FACT_NOTED] = Q_COND};
    if ((unsigned)kind >= sizeof QUERY / sizeof *QUERY)
        return ward_err_set(err, WARD_EUSAGE, "unknown kind of fact %d", (int)kind);
    rset r, al = {0};
    int rc = load(st, patient, QUERY[kind], &r, err);
    if (!rc && kind == WARD_FACT_NOTED) rc = load(st, patient, Q_ALLERGY, &al, err);
    if (rc) {
        rset_free(&r), rset_free(&al);
        return rc;
    }
    emit e = {0};
    switch (kind) {
    case WARD_FACT_ALLERGIES: allergies(&r, fn, ud, &e); break;
    case WARD_FACT_OBS: observations(&r, fn, ud, &e); break;
    case WARD_FACT_NOTED: noted(&r, &al, fn, ud, &e); break;
    case WARD_FACT_ENCOUNTERS:
        for (size_t i = 0; i < r.n; i++) {
            r.v[i].group = (int)i;
            if (say(&r, i, -1, NULL, NULL, NULL, fn, ud, &e)) break;
        }
        break;
    default:
        by_concept(&r, kind == WARD_FACT_PROBLEMS || kind == WARD_FACT_MEDS,
                   kind == WARD_FACT_PROBLEMS || kind == WARD_FACT_PROBLEMS_ALL, fn, ud, &e);
    }
    free(e.src);
    rset_free(&r), rset_free(&al);
    return WARD_OK;
}
