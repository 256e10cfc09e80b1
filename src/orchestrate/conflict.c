/* conflict.c — note sentences that contradict the structured record.
 *
 * A note may say "the patient has no allergies and penicillin is safe to
 * give" while the chart holds a penicillin allergy, "she stopped apixaban"
 * while apixaban is an active order, "no history of diabetes" beside an
 * active diabetes. Quoting such a sentence as an answer would put one side
 * of a disagreement in front of a clinician as the truth (and a planted
 * sentence would become the answer). Before a task quotes a note sentence
 * it asks orch_conflict_of; a sentence that contradicts a fact of the
 * reconciled chart is said as a conflict, citing both sides, never alone.
 *
 * What contradicts what (the phrases are classes of data/ask_words.tsv):
 *  - allergies: "no allergies" / "NKDA" (class no_allergy) while an active
 *    allergy is recorded; a recorded allergen, or a drug of a recorded
 *    allergy's class (data/lexicon.tsv allergyclass: amoxicillin against
 *    a penicillin allergy), named with "safe to give", "tolerates", "not
 *    allergic" (class tolerates);
 *  - active medications: a current drug named with "stopped",
 *    "discontinued", "no longer" (class stopped);
 *  - a problem's status: an active problem named after "no history of",
 *    "denies" (class negates), right after "no" (negates_next), or before
 *    "resolved";
 *  - a lab value: a recorded test named with a number that is not the
 *    record's value of the same day.
 * Concepts are matched by ward_concept_key, as the chart merges them.
 */
#include "ask_int.h"
#include "orch_int.h"
#include "ward/funnel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct span {
    size_t s, e;
    char key[160];
} span;

typedef struct mentions {
    const char *text;
    span v[24];
    size_t n;
} mentions;

static int on_mention(void *ud, size_t s, size_t e, const char *phrase)
{
    (void)phrase;
    mentions *m = ud;
    if (m->n && m->v[m->n - 1].s == s && m->v[m->n - 1].e == e) return 0;
    if (m->n == sizeof m->v / sizeof *m->v) return 1;
    span *x = &m->v[m->n++];
    x->s = s, x->e = e;
    char *words = ward_xstrndup(m->text + s, e - s);
    ward_concept_key(NULL, NULL, words, x->key, sizeof x->key);
    free(words);
    return 0;
}

int orch_mentions_concept(const char *text, const char *concept)
{
    mentions m = {text, {{0}}, 0};
    ward_concept_synonyms(text, on_mention, &m);
    for (size_t i = 0; i < m.n; i++)
        if (!strcmp(m.v[i].key, concept)) return 1;
    return 0;
}

/* The first phrase of class cls in text[from, to), as its offset, or -1. */
static long find_class(const char *text, size_t from, size_t to, const char *cls)
{
    const ask_wordlist *l = ask_words(cls);
    long best = -1;
    char *part = ward_xstrndup(text + from, to - from);
    for (size_t i = 0; i < l->n; i++) {
        for (const char *p = part; (p = ward_str_casestr(p, l->w[i])); p++) {
            size_t at = (size_t)(p - part), n = strlen(l->w[i]);
            int left = at == 0 || !isalnum((unsigned char)part[at - 1]);
            int right = !isalnum((unsigned char)part[at + n]);
            if (left && right) {
                if (best < 0 || (long)at < best) best = (long)at;
                break;
            }
        }
    }
    free(part);
    return best < 0 ? -1 : best + (long)from;
}

/* 1 when the phrase found at `at` is the last word before `before`. */
static int ends_word_at(const char *text, size_t at, size_t before)
{
    size_t i = at;
    while (i < before && isalpha((unsigned char)text[i])) i++;
    return i == before;
}

/* The clause of text around [s, e): between the nearest ',', ';', ':' or
 * " and "/" but " on either side. */
static void clause(const char *text, size_t s, size_t e, size_t *cs, size_t *ce)
{
    size_t len = strlen(text);
    *cs = s, *ce = e;
    while (*cs > 0 && !strchr(",;:", text[*cs - 1]) && strncasecmp(text + *cs - 1, " but ", 5)) (*cs)--;
    while (*ce < len && !strchr(",;:.", text[*ce]) && strncasecmp(text + *ce, " but ", 5)) (*ce)++;
}

typedef struct finder {
    orch_out *o;
    const char *text;
    mentions m;
    orch_conflict *c;
    orch_fact_kind kind;             /* of the facts being compared */
    const char *day;                 /* the note's day, or NULL */
} finder;

static int found(finder *f, const orch_fact *fact, const char *kind, const char *what)
{
    f->c->record_ev = orch_ev_resource(f->o, fact->rid);
    if (f->c->record_ev < 0) return 0;
    snprintf(f->c->kind, sizeof f->c->kind, "%s", kind);
    snprintf(f->c->what, sizeof f->c->what, "%s", what);
    f->c->fact_rid = fact->rid;
    f->c->fact_kind = f->kind;
    return 1;
}

/* ---- what a mention of a recorded fact must not say; each test gets the
 * mention k of f and the fact it names ---- */

static int says_tolerated(const finder *f, size_t k, const orch_fact *x)
{
    (void)x;
    size_t cs, ce;
    clause(f->text, f->m.v[k].s, f->m.v[k].e, &cs, &ce);
    return find_class(f->text, cs, ce, "tolerates") >= 0 ||
           find_class(f->text, f->m.v[k].e, strlen(f->text), "tolerates") >= 0;
}

static int says_stopped(const finder *f, size_t k, const orch_fact *x)
{
    (void)x;
    size_t cs, ce;
    clause(f->text, f->m.v[k].s, f->m.v[k].e, &cs, &ce);
    return find_class(f->text, cs, ce, "stopped") >= 0;
}

static int says_absent(const finder *f, size_t k, const orch_fact *x)
{
    (void)x;
    size_t cs, ce, s = f->m.v[k].s;
    clause(f->text, s, f->m.v[k].e, &cs, &ce);
    if (find_class(f->text, cs, s, "negates") >= 0 || find_class(f->text, f->m.v[k].e, ce, "resolved") >= 0) return 1;
    size_t before = s;
    while (before > cs && f->text[before - 1] == ' ') before--;
    long next = find_class(f->text, before > cs + 10 ? before - 10 : cs, before, "negates_next");
    return next >= 0 && ends_word_at(f->text, (size_t)next, before);
}

/* The first number after position at (before end), or 0. */
static int number_after(const char *text, size_t at, size_t end, double *v)
{
    for (size_t i = at; i < end; i++)
        if (isdigit((unsigned char)text[i]) && (i == 0 || !isalnum((unsigned char)text[i - 1]))) {
            *v = strtod(text + i, NULL);
            return 1;
        }
    return 0;
}

/* A value of the record's day that the note gives otherwise. */
static int says_other_value(const finder *f, size_t k, const orch_fact *x)
{
    char d[11];
    orch_fact_day(x->date, d);
    if (!f->day || !*f->day || !x->has_value || strcmp(d, f->day)) return 0;
    size_t cs, ce;
    clause(f->text, f->m.v[k].s, f->m.v[k].e, &cs, &ce);
    double v;
    return number_after(f->text, f->m.v[k].e, ce, &v) &&
           (x->value == 0 ? v != 0 : v / x->value < 0.999 || v / x->value > 1.001);
}

/* Whether mention k names concept itself. */
static int names_concept(const finder *f, size_t k, const char *concept)
{
    return !strcmp(f->m.v[k].key, concept);
}

/* Whether mention k names a drug of the allergy class cls (the lexicon's
 * allergy classes: amoxicillin of the penicillins). */
static int of_class(const finder *f, size_t k, const char *cls)
{
    const char *c;
    for (size_t i = 0; (c = ward_concept_class(f->m.v[k].key, i)); i++)
        if (!strcmp(c, cls)) return 1;
    return 0;
}

/* The first fact of fs that a mention names (as `names` says) and test
 * finds contradicted. */
static int contradicted(finder *f, const orch_facts *fs, int (*names)(const finder *, size_t, const char *),
                        int (*test)(const finder *, size_t, const orch_fact *), const char *kind, const char *what)
{
    for (size_t i = 0; i < fs->n; i++)
        for (size_t k = 0; k < f->m.n; k++)
            if (!fs->v[i].noted && names(f, k, fs->v[i].concept) && test(f, k, &fs->v[i]))
                return found(f, &fs->v[i], kind, what);
    return 0;
}

static int allergy_conflict(finder *f, const orch_facts *al)
{
    for (size_t i = 0; i < al->n; i++)
        if (!al->v[i].noted && find_class(f->text, 0, strlen(f->text), "no_allergy") >= 0)
            return found(f, &al->v[i], "allergy", "an allergy is recorded");
    /* the drug itself first, then "amoxicillin was tolerated" against a
     * penicillin allergy */
    return contradicted(f, al, names_concept, says_tolerated, "allergy", "an allergy to it is recorded") ||
           contradicted(f, al, of_class, says_tolerated, "allergy", "an allergy to its class is recorded");
}

int orch_conflict_of(orch_out *o, const char *text, const char *day, orch_conflict *c)
{
    memset(c, 0, sizeof *c);
    c->record_ev = -1;
    const char *pid = o->req->patient_id;
    if (!pid || o->err.code) return 0;
    finder f = {o, text, {text, {{0}}, 0}, c, WARD_FACT_ALLERGIES, day};
    ward_concept_synonyms(text, on_mention, &f.m);
    static const orch_fact_kind KINDS[] = {WARD_FACT_ALLERGIES, WARD_FACT_MEDS, WARD_FACT_PROBLEMS, WARD_FACT_OBS};
    int hit = 0;
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS && !hit; k++) {
        orch_facts fs;
        ward_err err = {0};
        f.kind = KINDS[k];
        if (orch_facts_get(o, KINDS[k], &fs, &err)) {
            orch_fail(o, &err);
            return 0;
        }
        hit = k == 0 ? allergy_conflict(&f, &fs)
            : k == 1 ? contradicted(&f, &fs, names_concept, says_stopped, "medication", "the medication is an active order")
            : k == 2 ? contradicted(&f, &fs, names_concept, says_absent, "problem", "the problem is recorded as active")
                     : contradicted(&f, &fs, names_concept, says_other_value, "lab", "the recorded result of that day differs");
    }
    return hit;
}

/* The record's side as orch_say_fact words it: its text and citations
 * (the sentence is taken back out of o). */
static char *fact_words(orch_out *o, const orch_fact *f, int *cites, int *n)
{
    size_t before = o->ns;
    orch_say_fact(o, "", f, 0);
    if (o->ns == before) return NULL;
    orch_sent *s = &o->s[--o->ns];
    char *text = s->text;
    *n = s->ncite;
    memcpy(cites, s->cite, sizeof s->cite);
    free(s->section), free(s->check), free(s->why);
    return text;
}

void orch_say_conflict(orch_out *o, const char *section, int note_ev, const orch_conflict *c)
{
    orch_facts fs;
    ward_err err = {0};
    if (orch_facts_get(o, c->fact_kind, &fs, &err)) {
        orch_fail(o, &err);
        return;
    }
    char *fact = NULL;
    int cites[ORCH_MAXCITE + 1], n = 0;
    for (size_t i = 0; i < fs.n && !fact; i++)
        if (fs.v[i].rid == c->fact_rid) fact = fact_words(o, &fs.v[i], cites + 1, &n);
    if (!fact) fact = ward_xstrdup(c->what), cites[1] = c->record_ev, n = 1;
    cites[0] = note_ev;
    /* One line, both sides cited; the guard checks the note's words and the record's. */
    const char *quote = o->ev[note_ev].quote;
    orch_sent *s = orch_say(o, section, cites, n + 1, "Conflict with the record (%s): a note says \"%s\", but the record holds %s",
                            c->what, quote, fact);
    ward_buf check;
    ward_buf_init(&check);
    ward_buf_printf(&check, "%s %s", quote, fact);
    s->check = ward_buf_steal(&check);
    free(fact);
    json_t *list = json_object_get(o->extra, "conflicts");
    if (!list) json_object_set_new(o->extra, "conflicts", list = json_array());
    json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:I}", "kind", c->kind, "record", c->what,
                                          "note_chunk", (json_int_t)o->ev[note_ev].chunk_id,
                                          "record_chunk", (json_int_t)o->ev[c->record_ev].chunk_id));
    o->conflicts++;
}
