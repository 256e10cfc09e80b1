/* task_ask.c — `ward ask`: a grounded answer with numbered citations.
 *
 * Chart questions are answered from structured records first, because
 * that is where the precise answer is: the latest value of a lab and its
 * date, current medications (and whether one is an anticoagulant),
 * allergies, whether a condition is recorded, the last blood pressure or
 * visit, a score computed from the chart by a calculator. The question's
 * cue words pick the kind of fact; its remaining content words (expanded
 * with a few lay synonyms) pick the record. Anything else is answered by
 * quoting the best-matching sentences from the patient's notes or the
 * literature. When nothing matches well enough the answer is
 * "Not found in the record." — never a guess.
 */
#include "orch_int.h"
#include "ask_int.h"
#include "ward/funnel.h"
#include "ward/tools.h"

#include "funnel/drugs_int.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *NOT_FOUND = "Not found in the record.";

/* Membership in a word class of data/ask_words.tsv (the question
 * vocabulary: what each class means is said there). */
static int in_class(const char *w, const char *cls)
{
    const ask_wordlist *l = ask_words(cls);
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->w[i], w)) return 1;
    return 0;
}

/* Words too common in record names to identify one ("Type 2 diabetes" is
 * not the answer to "blood type"): they count only next to a specific word. */
static int generic(const char *w)
{
    return in_class(w, "generic");
}

/* Words that make a test a different test: "Hemoglobin A1c" is not
 * "hemoglobin", "Albumin/Creatinine in Urine" is not "creatinine". */
static int qualifier(const char *w)
{
    return in_class(w, "qualifier");
}

/* The question has a whole word or phrase of class cls. */
static int asks(const char *q, const char *cls)
{
    return orch_has_any(q, ask_words(cls)->w);
}

/* ---- what drugs treat (class treats of data/ask_words.tsv) ---- */

/* Where the earliest of the '|'-separated names lies in text (NULL: none),
 * and how long it is; at one place the longer name counts. */
static const char *first_key(const char *text, const char *keys, size_t *len)
{
    const char *best = NULL;
    *len = 0;
    for (const char *k = keys; *k;) {
        size_t n = strcspn(k, "|");
        const char *at = ward_str_findword(text, k, n);
        if (at && (!best || at < best || (at == best && n > *len))) best = at, *len = n;
        k += n + (k[n] == '|');
    }
    return best;
}

/* The treats row whose condition text names first (-1: none). */
static int treats_row(const char *text)
{
    const ask_wordlist *t = ask_words("treats");
    const char *best = NULL;
    size_t blen = 0;
    int row = -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t len;
        const char *at = first_key(text, t->w[i], &len);
        if (at && (!best || at < best || (at == best && len > blen))) best = at, blen = len, row = (int)i;
    }
    return row;
}

/* Whether text (a medication's recorded reason, a problem) names a
 * condition of row r, or of any row (r < 0). */
static int reason_names(const char *text, int r)
{
    const ask_wordlist *t = ask_words("treats");
    size_t len;
    for (size_t i = 0; text && i < t->n; i++)
        if ((r < 0 || (size_t)r == i) && first_key(text, t->w[i], &len)) return 1;
    return 0;
}

/* Whether any treats row's drugs hold the display. */
static int known_drug(const char *display)
{
    const ask_wordlist *t = ask_words("treats");
    size_t len;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i] && first_key(display, t->v[i], &len)) return 1;
    return 0;
}

/* Whether fact f is a medication that treats the condition word names
 * (data/ask_words.tsv class treats: "Is she on metformin for diabetes?"
 * matches metformin on both words), by what the drug treats or by its
 * recorded reason. */
static int treats_word(const orch_fact *f, const char *word)
{
    if (strncmp(f->type, "Medication", 10)) return 0;
    char plural[72];   /* the question's words are stemmed: "diabetes" is "diabete" */
    snprintf(plural, sizeof plural, "%ss", word);
    int r = treats_row(word);
    if (r < 0) r = treats_row(plural);
    size_t len;
    const ask_wordlist *t = ask_words("treats");
    return r >= 0 && ((t->v[r] && first_key(f->display, t->v[r], &len)) || reason_names(f->reason, r));
}

/* The subject of a question as groups of words: each word of the question
 * (bar cue words) with the words its synonyms add; a record matches a group
 * when it has any of them. "flat" has every word of every group. */
typedef struct topic_t {
    orch_words flat;
    orch_words g[24];
    size_t ng;
} topic_t;

static void group_add(orch_words *g, const char *text)
{
    orch_words w;
    orch_words_of(text, 1, &w);
    for (size_t i = 0; i < w.n; i++) {
        if (orch_words_has(g, w.w[i])) continue;
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 4;
            g->w = ward_xrealloc(g->w, g->cap * sizeof *g->w);
        }
        g->w[g->n++] = ward_xstrdup(w.w[i]);
    }
    orch_words_free(&w);
}

/* Words that say what kind of question it is, not what it is about. */
static int is_cue(const char *w)
{
    return in_class(w, "cue");
}

static void topic_words(const char *q, topic_t *t)
{
    memset(t, 0, sizeof *t);
    orch_words all;
    orch_words_of(q, 1, &all);
    for (size_t i = 0; i < all.n && t->ng < 24; i++) {
        if (is_cue(all.w[i])) continue;
        int dup = 0;
        for (size_t k = 0; k < t->ng; k++) dup |= orch_words_has(&t->g[k], all.w[i]);
        if (dup) continue;
        orch_words *g = &t->g[t->ng++];
        group_add(g, all.w[i]);
        /* a synonym (lay or short form) whose phrase has this word widens its group */
        const ask_wordlist *syn = ask_words("synonym");
        for (size_t k = 0; k < syn->n; k++) {
            if (!syn->v[k] || !orch_has_word(q, syn->w[k])) continue;
            orch_words cw;
            orch_words_of(syn->w[k], 0, &cw);
            if (orch_words_has(&cw, all.w[i])) group_add(g, syn->v[k]);
            orch_words_free(&cw);
        }
        if (!g->n) orch_words_free(g), t->ng--;
    }
    orch_words_free(&all);
    ward_buf b;
    ward_buf_init(&b);
    for (size_t k = 0; k < t->ng; k++)
        for (size_t i = 0; i < t->g[k].n; i++) ward_buf_printf(&b, "%s ", t->g[k].w[i]);
    orch_words_of(b.data ? b.data : "", 0, &t->flat);
    ward_buf_free(&b);
}

static void topic_free(topic_t *t)
{
    for (size_t k = 0; k < t->ng; k++) orch_words_free(&t->g[k]);
    orch_words_free(&t->flat);
}

/* How well fact f answers the topic: the share of groups its display
 * matches (*share), less a little for each specific display word the
 * question does not have (so "hemoglobin" picks "Hemoglobin [Mass/volume]"
 * over "Hemoglobin A1c"); -1 when it does not match. A match needs a
 * specific (non-generic) word in common, and with need_all every group
 * with a specific word must match (a lab question names its test exactly:
 * "hemoglobin A1c" is not "hemoglobin"). */
static double fact_score(const orch_fact *f, const topic_t *topic, int need_all, double *share)
{
    orch_words d;
    ward_buf b;
    ward_buf_init(&b);
    /* an allergy is asked for in the note's words too ("sulfa" for "Allergy to sulfonamide") */
    ward_buf_printf(&b, "%s %s %s", f->display, f->mention ? f->mention : "", f->code ? f->code : "");
    orch_words_of(b.data, 0, &d);
    ward_buf_free(&b);
    size_t hit = 0, specific = 0, missed_specific = 0, extra = 0, treats = 0;
    for (size_t k = 0; k < topic->ng; k++) {
        int h = 0, spec = 0, gspec = 0, t = 0;
        for (size_t j = 0; j < topic->g[k].n; j++) {
            const char *w = topic->g[k].w[j];
            gspec |= !generic(w);
            if (orch_words_has(&d, w)) h = 1, spec |= !generic(w);
            else t |= !generic(w) && treats_word(f, w);
        }
        hit += h;
        specific += spec;
        treats += !h && t;
        missed_specific += gspec && !h && !t;
    }
    /* a condition the drug treats counts beside the drug named ("Is she on
     * metformin for diabetes?"), never alone ("Does she have COPD?" is not
     * answered by albuterol) */
    if (specific) hit += treats;
    else missed_specific += treats;
    int other_test = 0;
    for (size_t k = 0; k < d.n; k++) {
        int x = !generic(d.w[k]) && !orch_words_has(&topic->flat, d.w[k]) && !isdigit((unsigned char)d.w[k][0]);
        extra += x;
        other_test |= x && qualifier(d.w[k]);
    }
    orch_words_free(&d);
    if (need_all && other_test && !strcmp(f->type, "Observation")) missed_specific++;
    *share = topic->ng ? (double)hit / (double)topic->ng : 0;
    return specific && !(need_all && missed_specific) ? *share - 0.01 * (double)extra : -1;
}

/* The fact that answers the topic best (-1: none), its score in *score. */
static int best_fact_ex(const orch_facts *fs, const topic_t *topic, int need_all, double *score)
{
    int best = -1;
    double bs = 0, share;
    for (size_t i = 0; i < fs->n; i++) {
        double s = fact_score(&fs->v[i], topic, need_all, &share);
        if (s > bs) bs = s, best = (int)i;
    }
    *score = bs;
    return best;
}

/* Among the facts that match the topic as fully as fact best does (every
 * group it matches, need_all as it), the one of the latest time: "the
 * latest glucose" is the fingerstick of today, not the serum glucose of
 * last year whose name is closer. At one time, the closer name. */
static int newest_tied(const orch_facts *fs, const topic_t *topic, int need_all, int best)
{
    double bshare, share;
    fact_score(&fs->v[best], topic, need_all, &bshare);
    int pick = best;
    char pk[24], k[24];
    ward_time_key(fs->v[best].date, pk);
    for (size_t i = 0; i < fs->n; i++) {
        if (fact_score(&fs->v[i], topic, need_all, &share) < 0 || share < bshare - 1e-9) continue;
        ward_time_key(fs->v[i].date, k);
        if (strcmp(k, pk) > 0) pick = (int)i, memcpy(pk, k, sizeof pk);
    }
    return pick;
}

static int best_fact(const orch_facts *fs, const topic_t *topic, double *score)
{
    return best_fact_ex(fs, topic, 0, score);
}

/* Keeps a store failure in o->err and returns its code. */
static int fail_with(orch_out *o, const ward_err *e)
{
    orch_fail(o, e);
    return e->code;
}

/* The facts of a kind for the patient asked about; a failure lands in o->err. */
static int facts(orch_out *o, orch_fact_kind kind, orch_facts *fs)
{
    ward_err err = {0};
    int rc = orch_facts_get(o, kind, fs, &err);
    if (rc) orch_fail(o, &err);
    return rc;
}

static void not_found(orch_out *o, const char *why)
{
    orch_sent *s = orch_say(o, "", NULL, 0, "%s%s%s", NOT_FOUND, why ? " " : "", why ? why : "");
    s->frame = 1;
    o->not_found = 1;
}

static void frame(orch_out *o, const char *text)
{
    orch_say(o, "", NULL, 0, "%s", text)->frame = 1;
}

static void say_latest_obs(orch_out *o, const orch_fact *f)
{
    char val[64], day[11];
    orch_fact_value(f, val, sizeof val);
    orch_fact_day(f->date, day);
    int c = orch_ev_resource(o, f->rid);
    if (c >= 0 && !ward_str_casestr(o->ev[c].quote, day)) *day = 0;
    orch_say(o, "", &c, 1, "The most recent %s was %s%s%s", f->display, val, *day ? " on " : "", day);
    if (f->has_same && f->has_value) {
        /* another value of that day: earlier, at the same time, or at a time
         * the record does not give (a result dated to the day) */
        orch_fact other = *f;
        other.value = f->same_value;
        char sv[64], sd[11], a[24], b[24];
        orch_fact_value(&other, sv, sizeof sv);
        int s = orch_ev_resource(o, f->same_rid);
        orch_fact_day(f->date, sd);
        if (s >= 0 && !ward_str_casestr(o->ev[s].quote, sd)) *sd = 0;
        ward_time_key(f->date, a), ward_time_key(f->same_date, b);
        frame(o, strlen(a) <= 10 || strlen(b) <= 10 ? "Another result that day (the record does not say which came first):"
                 : strcmp(a, b) ? "An earlier result that day:" : "Another result at the same time:");
        orch_say(o, "", &s, 1, "%s%s%s", sv, *sd ? " on " : "", sd);
    }
    if (f->has_prev && f->has_value) {
        char pv[64], pd[11];
        orch_fact_prev_value(f, pv, sizeof pv);
        orch_fact_day(f->prev_date, pd);
        int p = orch_ev_resource(o, f->prev_rid);
        if (p >= 0 && !ward_str_casestr(o->ev[p].quote, pd)) *pd = 0;
        orch_say(o, "", &p, 1, "The previous value was %s%s%s", pv, *pd ? " on " : "", pd);
    }
}

/* ---- kinds of chart question ---- */

static int ask_list(orch_out *o, orch_fact_kind kind, const char *lead, const char *none)
{
    orch_facts fs;
    if (facts(o, kind, &fs)) return o->err.code;
    if (!fs.n) not_found(o, none);
    else frame(o, lead);
    for (size_t i = 0; i < fs.n && i < 20; i++) orch_say_fact(o, "", &fs.v[i], 0);
    return WARD_OK;
}

/* The first allergy (recorded ones only with recorded) to a class of which
 * the question names a drug ("Is amoxicillin safe?" against "Allergy to
 * penicillin": the lexicon's allergy classes), or -1. */
static int class_allergy(const orch_facts *fs, const char *q, int recorded)
{
    for (size_t k = 0; k < fs->n; k++)
        if (!(recorded && fs->v[k].noted) && ward_concept_in_class(q, fs->v[k].concept)) return (int)k;
    return -1;
}

static int ask_allergy(orch_out *o, const char *q, const topic_t *topic)
{
    if (!topic->ng) return ask_list(o, WARD_FACT_ALLERGIES, "Recorded allergies:", "No allergies are recorded.");
    orch_facts fs;
    if (facts(o, WARD_FACT_ALLERGIES, &fs)) return o->err.code;
    double sc;
    int i = best_fact(&fs, topic, &sc);
    if (i >= 0 && sc >= 0.5) {
        frame(o, "Yes, an allergy is recorded:");
        orch_say_fact(o, "", &fs.v[i], 0);
    } else if ((i = class_allergy(&fs, q, 0)) >= 0) {
        frame(o, "Yes, an allergy to its class is recorded:");
        orch_say_fact(o, "", &fs.v[i], 0);
    } else {
        not_found(o, "No matching allergy is recorded.");
    }
    return WARD_OK;
}

static int ask_anticoagulant(orch_out *o)
{
    orch_facts fs;
    if (facts(o, WARD_FACT_MEDS, &fs)) return o->err.code;
    int n = 0;
    for (size_t i = 0; i < fs.n; i++) {
        if (!orch_has_any(fs.v[i].display, drugs_of_class("anticoagulant"))) continue;
        if (!n++) frame(o, "Yes, an anticoagulant is among the current medications:");
        orch_say_fact(o, "", &fs.v[i], 0);
    }
    if (!n) not_found(o, "No anticoagulant is among the current medications.");
    return WARD_OK;
}

static int ask_match(orch_out *o, orch_fact_kind active, orch_fact_kind all, const topic_t *topic,
                     const char *yes, const char *inactive, const char *none)
{
    orch_facts fs;
    if (facts(o, all, &fs)) return o->err.code;
    double sc;
    int i = best_fact(&fs, topic, &sc);
    if (i >= 0 && sc >= 0.5) {
        orch_facts act;
        if (facts(o, active, &act)) return o->err.code;
        int is_active = 0;
        for (size_t k = 0; k < act.n; k++) is_active |= act.v[k].rid == fs.v[i].rid;
        frame(o, is_active ? yes : inactive);
        orch_say_fact(o, "", &fs.v[i], 0);
    } else {
        not_found(o, none);
    }
    return WARD_OK;
}

/* The latest result of the test asked; when another test answers the
 * question as fully and is newer, the newer leads and the closer-named one
 * follows. */
static int ask_obs(orch_out *o, const topic_t *topic, int *answered)
{
    orch_facts fs;
    if (facts(o, WARD_FACT_OBS, &fs)) return o->err.code;
    double sc;
    int i = best_fact_ex(&fs, topic, 1, &sc);
    *answered = i >= 0 && sc >= 0.5;
    if (!*answered) return WARD_OK;
    int newest = newest_tied(&fs, topic, 1, i);
    say_latest_obs(o, &fs.v[newest]);
    if (newest != i) say_latest_obs(o, &fs.v[i]);
    return WARD_OK;
}

static int is_bp(const char *d)
{
    return ward_str_casestr(d, "blood pressure") || ward_str_casestr(d, "systolic") || ward_str_casestr(d, "diastolic");
}

/* The readings of the day of the latest blood pressure (by the instant its
 * time names), systolic, diastolic and panel alike. */
static int ask_bp(orch_out *o)
{
    orch_facts fs;
    if (facts(o, WARD_FACT_OBS, &fs)) return o->err.code;
    const char *latest = NULL;
    char lk[24] = "", k[24];
    for (size_t i = 0; i < fs.n; i++) {
        if (!is_bp(fs.v[i].display)) continue;
        ward_time_key(fs.v[i].date, k);
        if (!latest || strcmp(k, lk) > 0) latest = fs.v[i].date ? fs.v[i].date : "", memcpy(lk, k, sizeof lk);
    }
    int n = 0;
    for (size_t i = 0; latest && i < fs.n; i++) {
        if (!is_bp(fs.v[i].display)) continue;
        char a[11], b[11];
        orch_fact_day(fs.v[i].date, a);
        orch_fact_day(latest, b);
        if (strcmp(a, b)) continue;
        if (!n++) frame(o, "Most recent blood pressure:");
        orch_say_fact(o, "", &fs.v[i], 0);
    }
    if (!n) not_found(o, "No blood pressure is recorded.");
    return WARD_OK;
}

static int ask_encounter(orch_out *o)
{
    orch_facts fs;
    if (facts(o, WARD_FACT_ENCOUNTERS, &fs)) return o->err.code;
    if (fs.n) {
        frame(o, "Most recent encounter:");
        orch_say_fact(o, "", &fs.v[0], 0);
    } else {
        not_found(o, "No encounters are recorded.");
    }
    return WARD_OK;
}

/* Whether text holds one of the '|'-separated keys: anywhere (words 0) or
 * as whole words (words 1). */
static int has_key(const char *text, const char *keys, int words)
{
    char buf[400];
    snprintf(buf, sizeof buf, "%s", keys);
    for (char *save = NULL, *k = strtok_r(buf, "|", &save); k; k = strtok_r(NULL, "|", &save))
        if (words ? orch_has_word(text, k) : ward_str_casestr(text, k) != NULL) return 1;
    return 0;
}

/* Current medications among drug_list (a class a question names). */
static int ask_meds_in(orch_out *o, const char *const *drug_list, const char *lead, const char *none)
{
    orch_facts fs;
    if (facts(o, WARD_FACT_MEDS, &fs)) return o->err.code;
    int n = 0;
    for (size_t i = 0; i < fs.n; i++) {
        if (!orch_has_any(fs.v[i].display, drug_list)) continue;
        if (!n++) frame(o, lead);
        orch_say_fact(o, "", &fs.v[i], 0);
    }
    if (!n) not_found(o, none);
    return WARD_OK;
}

/* ---- what a patient takes for a condition ---- */

/* Whether text[0, n) names a drug (data/drugs.tsv): "Is she on metformin for
 * diabetes?" asks about metformin, not for a list. */
static int names_drug(const char *text, size_t n)
{
    char w[64];
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        while (i < n && !isalpha((unsigned char)text[i])) i++;
        while (i < n && isalpha((unsigned char)text[i])) {
            if (k + 1 < sizeof w) w[k++] = (char)tolower((unsigned char)text[i]);
            i++;
        }
        w[k] = 0;
        if (k > 2 && drugs_class(w)) return 1;
    }
    return 0;
}

/* The condition a what-for question asks about: the text after " for "
 * when a lead word comes before it ("What is she taking for diabetes?"),
 * after a verb of treating ("Which meds treat her diabetes?"), or a
 * condition's name right before a noun of drugs ("her blood pressure
 * pills"). -1 when the question is not one. */
static int treats_asked(const char *q)
{
    const ask_wordlist *lead = ask_words("treats_lead"), *verb = ask_words("treats_verb"),
                       *noun = ask_words("treats_noun"), *t = ask_words("treats");
    const char *tail = ward_str_findword(q, "for", 3);
    if (tail) {
        int led = 0;
        for (size_t i = 0; i < lead->n && !led; i++) {
            const char *at = ward_str_findword(q, lead->w[i], strlen(lead->w[i]));
            led = at && at < tail;
        }
        if (!led) tail = NULL;
    }
    for (size_t i = 0; !tail && i < verb->n; i++) tail = ward_str_findword(q, verb->w[i], strlen(verb->w[i]));
    if (tail) return names_drug(q, (size_t)(tail - q)) ? -1 : treats_row(tail);
    /* "diabetes medications": a condition's name, then a noun of drugs */
    for (size_t i = 0; i < t->n; i++)
        for (const char *k = t->w[i]; *k;) {
            size_t n = strcspn(k, "|");
            for (size_t j = 0; j < noun->n; j++) {
                char phrase[128];
                snprintf(phrase, sizeof phrase, "%.*s %s", (int)n, k, noun->w[j]);
                if (orch_has_word(q, phrase)) return (int)i;
            }
            k += n + (k[n] == '|');
        }
    return -1;
}

/* Says the facts marked pick[i] == want under a frame line (none: nothing). */
static int say_marked(orch_out *o, const orch_facts *fs, const int *pick, int want, const char *frame_text)
{
    int n = 0;
    for (size_t i = 0; i < fs->n; i++) {
        if (pick[i] != want) continue;
        if (!n++) frame(o, frame_text);
        orch_say_fact(o, "", &fs->v[i], 0);
    }
    return n;
}

/* Current medications for the condition of treats row r, from what each
 * drug treats: first those ordered for it or with no other reason
 * recorded; then those the row does not name but the record orders for
 * it; then those ordered for another condition that treat it too, which
 * answer only when the patient has the condition (metoprolol ordered for
 * atrial fibrillation answers "for blood pressure" in a patient with
 * hypertension; empagliflozin ordered for kidney disease is no diabetes
 * drug in a patient without diabetes, and is only said beside "not
 * found"). A drug known to treat something else but ordered with the
 * condition as its reason (a statin "for" diabetes) is said apart. */
static int ask_meds_for(orch_out *o, int r)
{
    enum { NONE, TREATS, ORDERED_FOR, TREATS_TOO, ORDERED_ONLY };
    const ask_wordlist *t = ask_words("treats");
    char name[64], line[256];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(t->w[r], "|"), t->w[r]);
    orch_facts fs, probs;
    if (facts(o, WARD_FACT_MEDS, &fs) || facts(o, WARD_FACT_PROBLEMS, &probs)) return o->err.code;
    int has = 0;
    for (size_t i = 0; i < probs.n && !has; i++) has = reason_names(probs.v[i].display, r);
    int *pick = ward_xcalloc(fs.n ? fs.n : 1, sizeof *pick);
    for (size_t i = 0; i < fs.n; i++) {
        const orch_fact *f = &fs.v[i];
        size_t len;
        int by_data = t->v[r] && first_key(f->display, t->v[r], &len) != NULL;
        int by_reason = reason_names(f->reason, r);
        if (by_data) pick[i] = by_reason || !reason_names(f->reason, -1) ? TREATS : TREATS_TOO;
        else if (by_reason) pick[i] = known_drug(f->display) ? ORDERED_ONLY : ORDERED_FOR;
    }
    snprintf(line, sizeof line, "Current medications for %s:", name);
    int n = say_marked(o, &fs, pick, TREATS, line);
    n += say_marked(o, &fs, pick, ORDERED_FOR, n ? "Also ordered for it:" : line);
    if (has) n += say_marked(o, &fs, pick, TREATS_TOO, n ? "Ordered for another condition, these treat it too:" : line);
    snprintf(line, sizeof line, "%s with %s as the reason, though it treats something else:",
             n ? "Also ordered" : "No current medication for it is recorded; ordered", name);
    n += say_marked(o, &fs, pick, ORDERED_ONLY, line);
    if (!n) {
        snprintf(line, sizeof line, "No current medication for %s is recorded.", name);
        not_found(o, line);
        say_marked(o, &fs, pick, TREATS_TOO, "Ordered for another condition, these would treat it too:");
    }
    free(pick);
    return WARD_OK;
}

/* "Which statin...", "What is she taking for diabetes?" (data/drugs.tsv,
 * and the treats classes of data/ask_words.tsv). A question about
 * anticoagulation is the anticoagulant route's. */
static int ask_meds_by_cue(orch_out *o, const char *q, int *answered)
{
    *answered = 1;
    for (const char *const *c = drugs_cues(); *c; c++) {
        char plural[64];
        snprintf(plural, sizeof plural, "%ss", *c);
        if (orch_has_word(q, *c) || orch_has_word(q, plural))
            return ask_meds_in(o, drugs_asked_as(*c), "Current medications of that class:",
                               "No medication of that class is current.");
    }
    int r = asks(q, "anticoagulant") ? -1 : treats_asked(q);
    if (r >= 0) return ask_meds_for(o, r);
    *answered = 0;
    return WARD_OK;
}

/* Procedures and immunizations: the latest of the kind asked. */
static int ask_event(orch_out *o, orch_fact_kind kind, const topic_t *topic, int *answered)
{
    orch_facts fs;
    if (facts(o, kind, &fs)) return o->err.code;
    double sc;
    int i = best_fact_ex(&fs, topic, 1, &sc);
    *answered = i >= 0 && sc >= 0.5;
    if (*answered) {
        frame(o, "Most recent:");
        orch_say_fact(o, "", &fs.v[newest_tied(&fs, topic, 1, i)], 0);
    }
    return WARD_OK;
}

static int on_deceased(void *ud, const ward_patient *p, int64_t documents, int64_t resources)
{
    (void)documents, (void)resources;
    if (p->deceased_date) ward_date_norm(p->deceased_date, ud);
    return 0;
}

static int ask_deceased(orch_out *o)
{
    ward_err err = {0};
    char day[11] = "";
    if (ward_store_patients_each(o->st, o->req->patient_id, on_deceased, day, &err)) return fail_with(o, &err);
    /* Demographics have no readable chunk: Ward states what the patient row holds. */
    if (*day) frame(o, "Yes. The record gives a date of death:"), orch_say(o, "", NULL, 0, "%s", day)->frame = 1;
    else frame(o, "No. The record gives no date of death.");
    return WARD_OK;
}

/* ---- calculators filled from the chart ---- */

typedef struct fill {
    const char *param;
    char how;            /* a age, s sex, c condition keywords, m medication keywords, o observation keywords */
    const char *keys;    /* '|'-separated */
} fill;

static const struct { const char *calc; const char *cue; fill f[9]; } CALC_FILLS[] = {
    {"cha2ds2-vasc", "cha2ds2|chads|chads2", {{"age", 'a', 0}, {"sex", 's', 0}, {"chf", 'c', "heart failure"},
        {"hypertension", 'c', "hypertension"}, {"diabetes", 'c', "diabetes"},
        {"stroke", 'c', "stroke|transient ischemic|embolism|thromboembol"},
        {"vascular", 'c', "myocardial infarction|peripheral arter|coronary|atheroscler"}}},
    {"has-bled", "has-bled|hasbled|has bled", {{"hypertension", 'c', "hypertension"},
        {"renal", 'c', "chronic kidney|renal failure|dialysis|kidney transplant"},
        {"liver", 'c', "cirrhosis|hepatitis|liver disease"}, {"stroke", 'c', "stroke"},
        {"bleeding", 'c', "bleed|hemorrhage|haemorrhage"}, {"age", 'a', 0},
        {"drugs", 'm', "aspirin|clopidogrel|ibuprofen|naproxen|diclofenac|prasugrel|ticagrelor"},
        {"alcohol", 'c', "alcohol"}}},
    {"meld-na", "meld", {{"creatinine", 'o', "creatinine"}, {"bilirubin", 'o', "bilirubin"},
        {"inr", 'o', "inr|coagulation"}, {"sodium", 'o', "sodium"}}},
    {"egfr", "egfr|gfr", {{"creatinine", 'o', "creatinine"}, {"age", 'a', 0}, {"sex", 's', 0}}},
    {"bmi", "bmi|body mass", {{"weight", 'o', "body weight|weight"}, {"height", 'o', "body height|height"}}},
    {"qtc", "qtc|corrected qt", {{"qt", 'o', "qt interval|qt"}, {"heart_rate", 'o', "heart rate|pulse"}}},
    {"anion-gap", "anion gap", {{"sodium", 'o', "sodium"}, {"chloride", 'o', "chloride"},
        {"bicarbonate", 'o', "bicarbonate|carbon dioxide|co2"}}},
    {"corrected-calcium", "corrected calcium|calcium corrected", {{"calcium", 'o', "calcium"}, {"albumin", 'o', "albumin"}}},
};

static int find_calc(const char *q)
{
    for (size_t i = 0; i < sizeof CALC_FILLS / sizeof *CALC_FILLS; i++)
        if (has_key(q, CALC_FILLS[i].cue, 0)) return (int)i;
    return -1;
}

static int ask_calc(orch_out *o, int which)
{
    const char *pid = o->req->patient_id;
    ward_calc_arg args[9];
    char units[9][24];
    size_t n = 0;
    int age, cites[9], ncite = 0;
    char sex[16];
    ward_err aerr = {0};
    if (orch_patient_age_sex(o->st, pid, &age, sex, sizeof sex, &aerr)) return fail_with(o, &aerr);
    orch_facts probs, meds, obs;
    if (facts(o, WARD_FACT_PROBLEMS, &probs)) return o->err.code;
    if (facts(o, WARD_FACT_MEDS, &meds)) return o->err.code;
    if (facts(o, WARD_FACT_OBS, &obs)) return o->err.code;
    ward_buf missing;
    ward_buf_init(&missing);
    const char *calc = CALC_FILLS[which].calc;
    for (int k = 0; k < 9 && CALC_FILLS[which].f[k].param; k++) {
        const fill *f = &CALC_FILLS[which].f[k];
        ward_calc_arg a = {f->param, 0, NULL};
        int have = 1;
        if (f->how == 'a') have = age >= 0, a.value = age;
        else if (f->how == 's') have = *sex != 0, a.value = !strcasecmp(sex, "female");
        else {
            const orch_facts *fs = f->how == 'c' ? &probs : f->how == 'm' ? &meds : &obs;
            int hit = -1;
            for (size_t i = 0; i < fs->n && hit < 0; i++)
                if (has_key(fs->v[i].display, f->keys, 0) && (f->how != 'o' || fs->v[i].has_value)) hit = (int)i;
            if (f->how == 'o') {
                have = hit >= 0;
                if (have) {
                    a.value = fs->v[hit].value;
                    snprintf(units[n], sizeof units[n], "%s", fs->v[hit].unit ? fs->v[hit].unit : "");
                    a.unit = units[n][0] && ward_calc_find(calc) ? units[n] : NULL;
                }
            } else {
                a.value = hit >= 0;
            }
            if (hit >= 0 && ncite < 9) {
                orch_say_fact(o, "", &fs->v[hit], 0);
                cites[ncite++] = orch_ev_resource(o, fs->v[hit].rid);
            }
        }
        if (have) args[n++] = a;
        else ward_buf_printf(&missing, "%s%s", missing.len ? ", " : "", f->param);
    }
    /* Unit strings the calculator does not know ("mm[Hg]", "{beats}/min") are dropped, not guessed. */
    const ward_calc_info *ci = ward_calc_find(calc);
    for (size_t i = 0; i < n; i++) {
        if (!args[i].unit) continue;
        for (size_t k = 0; k < ci->nparams; k++)
            if (!strcmp(ci->params[k].name, args[i].name) && !ward_str_casestr(ci->params[k].units, args[i].unit))
                args[i].unit = NULL;
    }
    ward_calc_result r;
    ward_err err = {0};
    size_t facts_said = (size_t)ncite;
    if (missing.len) {
        /* Inputs said so far stay as context, but the answer is not found. */
        not_found(o, NULL);
        orch_sent *s = &o->s[o->ns - 1];
        free(s->text);
        ward_buf t;
        ward_buf_init(&t);
        ward_buf_printf(&t, "%s The chart lacks what %s needs: %s.", NOT_FOUND, ci->title, missing.data);
        s->text = ward_buf_steal(&t);
    } else if (ward_calc(calc, args, n, &r, &err)) {
        not_found(o, "The recorded values are outside what the calculator accepts.");
    } else {
        json_t *tool = json_pack("{s:s, s:f, s:s, s:s, s:s}", "calculator", calc, "value", r.value,
                                 "unit", r.unit, "formula", r.formula, "interpretation", r.interpretation);
        json_t *in = json_object();
        for (size_t i = 0; i < n; i++) json_object_set_new(in, args[i].name, json_real(args[i].value));
        json_object_set_new(tool, "inputs", in);
        json_object_set_new(o->extra, "tool", tool);
        /* The score is computed, not quoted: a frame sentence, placed first. */
        orch_sent *s = orch_say(o, "", cites, ncite, "%s: %g %s (%s; %s)", ci->title, r.value, r.unit,
                                r.interpretation, r.formula);
        s->frame = 1;
        orch_sent tmp = *s;
        memmove(&o->s[o->ns - 1 - facts_said + 1], &o->s[o->ns - 1 - facts_said], facts_said * sizeof *o->s);
        o->s[o->ns - 1 - facts_said] = tmp;
        int demo = 0;
        for (int k = 0; k < 9 && CALC_FILLS[which].f[k].param; k++)
            demo |= CALC_FILLS[which].f[k].how == 'a' || CALC_FILLS[which].f[k].how == 's';
        if (demo) {
            orch_sent *d = orch_say(o, "", NULL, 0, "Age %d and sex %s come from the patient's demographics", age, *sex ? sex : "unknown");
            d->frame = 1;
        }
    }
    ward_buf_free(&missing);
    return WARD_OK;
}

/* ---- free text: quote the notes or the literature ---- */

/* 1 when the sentences ev[0..n) with their documents' titles hold every
 * group of the question: "Is metformin safe in pregnancy?" is not answered
 * by sentences about metformin alone. */
static int covers_question(orch_out *o, const int *ev, int n)
{
    ward_buf b;
    ward_buf_init(&b);
    for (int i = 0; i < n; i++) ward_buf_printf(&b, "%s\n%s\n", o->ev[ev[i]].title, o->ev[ev[i]].quote);
    orch_words w;
    orch_words_of(b.data ? b.data : "", 0, &w);
    orch_query q;
    orch_query_of(o->req->question, &q);
    int all = 1;
    for (size_t g = 0; g < q.ng && all; g++) all = orch_query_covers(&q, g, &w);
    orch_query_free(&q);
    orch_words_free(&w);
    ward_buf_free(&b);
    return all;
}

/* Sorts evidence indexes into document order (a handful: insertion sort). */
static void in_place_order(const orch_out *o, int *ev, int n)
{
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0; k--) {
            const orch_ev *x = &o->ev[ev[k - 1]], *y = &o->ev[ev[k]];
            if (x->document_id < y->document_id || (x->document_id == y->document_id && x->start <= y->start)) break;
            int t = ev[k - 1];
            ev[k - 1] = ev[k], ev[k] = t;
        }
}

/* Whether every place text has word w is right before a qualifier the
 * topic lacks: "hemoglobin A1c: 5.3%" does not say the latest hemoglobin.
 * 0 when text does not hold w as written (a stemmed word). */
static int only_qualified(const char *text, const char *w, const topic_t *topic)
{
    size_t n = strlen(w);
    int seen = 0;
    for (const char *at = ward_str_findword(text, w, n); at; at = ward_str_findword(at + n, w, n)) {
        seen = 1;
        const char *p = at + n;
        while (*p == ' ' || *p == '-') p++;
        char next[32];
        size_t k = 0;
        while (isalnum((unsigned char)*p) && k + 1 < sizeof next) next[k++] = (char)tolower((unsigned char)*p++);
        next[k] = 0;
        if (!k || !qualifier(next) || orch_words_has(&topic->flat, next)) return 0;
    }
    return seen;
}

static int ask_quote(orch_out *o, const topic_t *topic)
{
    int ev[4], keep[4];
    double best;
    int literature = o->req->patient_id == NULL;
    /* Generic words alone ("blood type") name nothing: not found rather than a loose quote. */
    int specific = 0;
    for (size_t i = 0; i < topic->flat.n; i++) specific |= !generic(topic->flat.w[i]) && !is_cue(topic->flat.w[i]);
    if (!specific) {
        not_found(o, NULL);
        return WARD_OK;
    }
    /* Needs most of the question's subject (its groups of synonyms) in one sentence. */
    double need = topic->flat.n <= 1 ? 0.99 : 0.5;
    int n = orch_best_sentences(o, o->req->question, literature, literature ? 4 : 3, need, ev, &best), said = 0;
    if (n == ORCH_FAILED) return o->err.code;
    for (int i = 0; i < n; i++) {
        /* every specific part of the subject must be in the sentence ("hemoglobin A1c", not just "hemoglobin") */
        orch_words w;
        orch_words_of(o->ev[ev[i]].quote, 0, &w);
        int covered = 1;
        for (size_t k = 0; k < topic->ng && covered; k++) {
            int spec = 0, hit = 0;
            for (size_t j = 0; j < topic->g[k].n; j++) {
                spec |= !generic(topic->g[k].w[j]);
                hit |= orch_words_has(&w, topic->g[k].w[j]) && !only_qualified(o->ev[ev[i]].quote, topic->g[k].w[j], topic);
            }
            covered = !spec || hit;
        }
        orch_words_free(&w);
        /* the same sentence in two documents (a guideline stored twice) is said once */
        for (int k = 0; k < said && covered; k++) covered = strcmp(o->ev[keep[k]].quote, o->ev[ev[i]].quote) != 0;
        if (covered) keep[said++] = ev[i];
    }
    if (!said || !covers_question(o, keep, said)) {
        not_found(o, NULL);
        return WARD_OK;
    }
    /* A guideline's sentences are read in the guideline's order. */
    if (literature) in_place_order(o, keep, said);
    for (int i = 0; i < said; i++) {
        /* a note that contradicts the record is never the answer alone */
        orch_conflict c;
        if (orch_conflict_of(o, o->ev[keep[i]].quote, o->ev[keep[i]].date, &c)) orch_say_conflict(o, "", keep[i], &c);
        else orch_say(o, "", &keep[i], 1, "%s", o->ev[keep[i]].quote);
    }
    return o->err.code;
}


/* ---- routing: a table of cues and handlers ---- */

/* A question being routed. */
typedef struct ask_q {
    orch_out *o;
    const char *q;
    const topic_t *topic;
    int calc;            /* the CALC_FILLS entry the question names, or -1 */
} ask_q;

static const char *const ACTIVE_CONDITION[] = {"Yes, this condition is recorded as active:",
                                               "This condition is recorded but not active:",
                                               "No matching condition is recorded."};

static int match_condition(ask_q *a)
{
    return ask_match(a->o, WARD_FACT_PROBLEMS, WARD_FACT_PROBLEMS_ALL, a->topic, ACTIVE_CONDITION[0],
                     ACTIVE_CONDITION[1], ACTIVE_CONDITION[2]);
}

static int route_deceased(ask_q *a, int *answered)
{
    (void)answered;
    return ask_deceased(a->o);
}

static int route_vaccine(ask_q *a, int *answered)
{
    int rc = ask_event(a->o, WARD_FACT_IMMUNIZATIONS, a->topic, answered);
    if (!rc && !*answered) not_found(a->o, NULL);
    *answered = 1;
    return rc;
}

static int route_drug_class(ask_q *a, int *answered)
{
    return ask_meds_by_cue(a->o, a->q, answered);
}

/* A score the question names: computed when it asks for one ("score",
 * "calculate") or the name alone means the score (CHA2DS2-VASc, HAS-BLED, MELD). */
static int route_calc(ask_q *a, int *answered)
{
    *answered = a->calc >= 0 && (asks(a->q, "score") || a->calc < 3);
    return *answered ? ask_calc(a->o, a->calc) : WARD_OK;
}

/* "Is penicillin safe to give?": a recorded allergy to what the question
 * names is the answer, with any note that says otherwise shown as a
 * conflict beside it. */
static int route_safety(ask_q *a, int *answered)
{
    orch_out *o = a->o;
    orch_facts fs;
    if (facts(o, WARD_FACT_ALLERGIES, &fs)) return o->err.code;
    int i = -1, cls = 0;
    for (size_t k = 0; k < fs.n && i < 0; k++)
        if (!fs.v[k].noted && orch_mentions_concept(a->q, fs.v[k].concept)) i = (int)k;
    if (i < 0) cls = (i = class_allergy(&fs, a->q, 1)) >= 0;
    *answered = i >= 0;
    if (*answered) {
        frame(o, cls ? "No: an allergy to its class is recorded:" : "No: an allergy to it is recorded:");
        orch_say_fact(o, "", &fs.v[i], 0);
        int ev[3];
        double best;
        int n = orch_best_sentences(o, a->q, 0, 3, 0.5, ev, &best);
        for (int k = 0; k < n; k++) {
            orch_conflict c;
            if (orch_conflict_of(o, o->ev[ev[k]].quote, o->ev[ev[k]].date, &c)) orch_say_conflict(o, "", ev[k], &c);
        }
    }
    return o->err.code;
}
static int route_allergy(ask_q *a, int *answered)
{
    (void)answered;
    return ask_allergy(a->o, a->q, a->topic);
}

static int route_anticoagulant(ask_q *a, int *answered)
{
    (void)answered;
    return ask_anticoagulant(a->o);
}

/* "High blood pressure" is a condition; "blood pressure" a reading. */
static int route_bp(ask_q *a, int *answered)
{
    (void)answered;
    return asks(a->q, "hypertension") ? match_condition(a) : ask_bp(a->o);
}

static int route_med_list(ask_q *a, int *answered)
{
    (void)answered;
    return ask_list(a->o, WARD_FACT_MEDS, "Current medications:", "No current medications are recorded.");
}

static int route_problem_list(ask_q *a, int *answered)
{
    (void)answered;
    return ask_list(a->o, WARD_FACT_PROBLEMS, "Active problems:", "No active problems are recorded.");
}

static int route_encounter(ask_q *a, int *answered)
{
    (void)answered;
    return ask_encounter(a->o);
}

/* The best match of the topic among facts of a kind (*score 0 when none). */
static int best_of(orch_out *o, orch_fact_kind kind, const topic_t *topic, double *score, int *rc)
{
    orch_facts fs;
    *score = 0;
    if ((*rc = facts(o, kind, &fs))) return -1;
    int i = best_fact(&fs, topic, score);
    return i;
}

/* A subject: try the record kinds in the order the cues suggest; "when was
 * X diagnosed", "does she have X" look at conditions first. */
static int route_subject(ask_q *a, int *answered)
{
    orch_out *o = a->o;
    int rc = WARD_OK, condq = asks(a->q, "condition"), medq = asks(a->q, "meds");
    double sm, sc;
    if (condq && best_of(o, WARD_FACT_PROBLEMS_ALL, a->topic, &sc, &rc) >= 0 && sc >= 0.5) return match_condition(a);
    if (rc) return rc;
    if ((rc = ask_obs(o, a->topic, answered)) || *answered) return rc;
    if ((rc = ask_event(o, WARD_FACT_PROCEDURES, a->topic, answered)) || *answered) return rc;
    *answered = 1;
    int im = best_of(o, WARD_FACT_MEDS_ALL, a->topic, &sm, &rc);
    if (rc) return rc;
    int ic = best_of(o, WARD_FACT_PROBLEMS_ALL, a->topic, &sc, &rc);
    if (rc) return rc;
    if (im >= 0 && sm >= 0.5 && (medq || sm >= sc))
        return ask_match(o, WARD_FACT_MEDS, WARD_FACT_MEDS_ALL, a->topic, "Yes, this medication is current:",
                         "This medication is recorded but not current:", "No matching medication is recorded.");
    if (ic >= 0 && sc >= 0.5) return match_condition(a);
    if (a->calc >= 0) return ask_calc(o, a->calc);
    if (medq || condq) {
        not_found(o, NULL);
        return WARD_OK;
    }
    return ask_quote(o, a->topic);
}

/* A question takes the first route whose cue (a class of data/ask_words.tsv)
 * it has a word of, bar routes for questions without a subject ("what
 * meds is she on?") when it names one; a handler that cannot answer sets
 * *answered = 0 and the next route is tried. */
static const struct route {
    const char *cue;     /* NULL: every question */
    int no_subject;
    int (*run)(ask_q *a, int *answered);
} ROUTES[] = {
    {"death", 0, route_deceased},
    {"vaccine", 0, route_vaccine},
    {NULL, 0, route_drug_class},      /* "which statin", "taking for diabetes" (data/drugs.tsv) */
    {NULL, 0, route_calc},
    {"safety", 0, route_safety},      /* "is penicillin safe to give?" against the allergies */
    {"allergy", 0, route_allergy},
    {"anticoagulant", 0, route_anticoagulant},
    {"bp", 0, route_bp},
    {"meds", 1, route_med_list},
    {"condition", 1, route_problem_list},
    {"visit", 1, route_encounter},
    {NULL, 0, route_subject},
};

int orch_task_ask(orch_out *o, ward_err *err)
{
    const char *q = o->req->question;
    if (!q || !*q) return ward_err_set(err, WARD_EUSAGE, "ask needs a question");
    char *given = ward_utf8_escape(q);   /* invalid UTF-8 kept, escaped: JSON holds only UTF-8 */
    json_object_set_new(o->inputs, "question", json_string(given));
    free(given);
    if (!o->req->patient_id) {
        topic_t t = {0};
        orch_words_of(q, 1, &t.flat);
        ask_quote(o, &t);
        topic_free(&t);
        return orch_check(o, err);
    }
    topic_t topic;
    topic_words(q, &topic);
    ask_q a = {o, q, &topic, find_calc(q)};
    int rc = WARD_OK, answered = 0;
    for (size_t i = 0; !rc && !answered && i < sizeof ROUTES / sizeof *ROUTES; i++) {
        const struct route *r = &ROUTES[i];
        if ((r->cue && !asks(q, r->cue)) || (r->no_subject && topic.ng)) continue;
        answered = 1;
        rc = r->run(&a, &answered);
    }
    topic_free(&topic);
    /* Every failure above was kept in o->err: it is the answer's cause. */
    assert(!rc || o->err.code);
    return orch_check(o, err);
}
