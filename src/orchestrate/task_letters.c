/* task_letters.c — documents written from the chart: after-visit
 * instructions for the patient and prior-authorization letters for payers.
 *
 * Instructions use short sentences in the second person and the plain-
 * language lexicon; the guard checks each sentence in its original wording
 * (`check`), since the rewording is Ward's and the facts are the record's.
 * The Flesch–Kincaid grade of the result is measured and reported.
 *
 * A prior-authorization letter gathers, for the service requested: the
 * diagnoses (those the request or the notes connect to it first), relevant
 * history from notes, prior treatments with their status (stopped ones are
 * the "tried and failed" a payer asks about) and the supporting results.
 */
#include "orch_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "Metformin hydrochloride 500 MG Oral Tablet" -> "Metformin 500 mg". */
static char *short_drug(const char *display)
{
    static const char *UNITS[] = {"mg", "mcg", "g", "ml", "unt", "units", "meq", "%", NULL};
    static const char *SALTS[] = {"hydrochloride", "hcl", "sodium", "potassium", "calcium", "succinate",
                                  "tartrate", "besylate", "maleate", "mesylate", NULL};
    ward_buf b;
    ward_buf_init(&b);
    char *copy = ward_xstrdup(display), *save = NULL;
    int words = 0, salt_ok = 0;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int is_salt = 0;
        for (int i = 0; SALTS[i]; i++) is_salt |= !strcasecmp(w, SALTS[i]);
        if (is_salt && words && !salt_ok) continue;
        if (isdigit((unsigned char)*w)) salt_ok = 1;
        int unit = 0;
        for (int i = 0; UNITS[i]; i++) unit |= !strcasecmp(w, UNITS[i]);
        ward_buf_printf(&b, "%s", words++ ? " " : "");
        if (unit) for (char *c = w; *c; c++) *c = (char)tolower((unsigned char)*c);
        ward_buf_puts(&b, w);
        if (unit) break;
    }
    free(copy);
    return ward_buf_steal(&b);
}

static void plain_say(orch_out *o, const char *section, int ev, const char *check, const char *fmt, const char *arg)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, fmt, arg);
    char *plain = ward_plain_language(b.data);
    orch_sent *s = orch_say(o, section, &ev, 1, "%s", plain);
    s->check = ward_xstrdup(check);
    free(plain);
    ward_buf_free(&b);
}

/* Long note sentences are cut at commas/semicolons so each piece reads easily. */
typedef struct plan_ctx {
    orch_out *o;
    const char *text;
    int64_t chunk;
    int left;
} plan_ctx;

/* Length of a conjunction opening a plan piece ("And rosuvastatin...", "So
 * ..."): spoken or dictated plans start so, and an instruction should not. */
static size_t lead_conjunction(const char *t, size_t n)
{
    static const char *const words[] = {"and ", "but ", "so ", "also, ", "also "};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t k = strlen(words[i]);
        if (n > k + 8 && !strncasecmp(t, words[i], k)) return k;
    }
    return 0;
}

static void plan_sentence(size_t s, size_t e, void *ud)
{
    plan_ctx *p = ud;
    if (p->text[e - 1] == ':') return;   /* a header line, not an instruction */
    if (p->o->err.code) return;
    if (p->left <= 0 || e - s < 8 || orch_is_injection(p->text + s, e - s)) {
        if (e - s >= 8 && orch_is_injection(p->text + s, e - s)) p->o->injections++;
        return;
    }
    const char *t = p->text + s;
    size_t a = 0;
    while (a < e - s) {
        size_t b = a;
        while (b < e - s && t[b] != ';' && !(t[b] == ',' && b - a > 30)) b++;
        while (a < b && (t[a] == ' ' || t[a] == '-' || t[a] == '*')) a++;
        a += lead_conjunction(t + a, b - a);
        size_t len = b - a;
        while (len && (t[a + len - 1] == '.' || t[a + len - 1] == ' ')) len--;
        orch_conflict c;
        char *piece = ward_xstrndup(t + a, len);
        /* instructions never tell a patient what the record contradicts */
        int against = len >= 8 && orch_conflict_of(p->o, piece, NULL, &c);
        free(piece);
        if (against) p->o->conflicts++;
        if (len >= 8 && !against) {
            int ev = orch_ev_chunk(p->o, p->chunk, s + a, s + a + len);
            char *orig = ward_xstrndup(t + a, len);
            char *plain = ward_plain_language(orig);
            if (islower((unsigned char)plain[0])) plain[0] = (char)toupper((unsigned char)plain[0]);
            orch_sent *x = orch_say(p->o, "What to do next", &ev, 1, "%s.", plain);
            x->check = orig;
            free(plain);
            p->left--;
        }
        a = b + 1;
    }
}

/* The plan of the latest note that has one, cut into instructions; a store
 * failure lands in o->err. */
static void latest_plan(orch_out *o, int max)
{
    ward_err err = {0};
    int64_t cid;
    int rc = ward_store_latest_plan_chunk(o->st, o->req->patient_id, &cid, &err);
    if (rc == WARD_ENOTFOUND) return;
    if (rc) {
        orch_fail(o, &err);
        return;
    }
    int whole = orch_ev_chunk(o, cid, 0, 0);
    if (whole < 0) return;
    char *text = ward_xstrdup(o->ev[whole].quote);
    /* Skip the header line ("PLAN:") of the chunk. */
    plan_ctx p = {o, text, cid, max};
    orch_sentences(text, strlen(text), plan_sentence, &p);
    free(text);
}

/* The chart's lists a letter needs, all or none: on a failure err says why. */
static int chart_lists(orch_out *o, const orch_fact_kind kinds[3], orch_facts fs[3], ward_err *err)
{
    int rc = WARD_OK;
    memset(fs, 0, 3 * sizeof *fs);
    for (int i = 0; i < 3 && !rc; i++) rc = orch_facts_get(o, kinds[i], &fs[i], err);
    if (rc) {
        ward_err_prefix(err, "cannot read the chart");
    }
    return rc;
}

int orch_task_instructions(orch_out *o, ward_err *err)
{
    int grade = o->req->grade > 0 ? o->req->grade : 6;
    json_object_set_new(o->inputs, "grade", json_integer(grade));
    orch_facts fs[3];
    int rc = chart_lists(o, (const orch_fact_kind[3]){WARD_FACT_PROBLEMS, WARD_FACT_MEDS, WARD_FACT_ALLERGIES}, fs, err);
    if (rc) return rc;
    orch_facts probs = fs[0], meds = fs[1], allergies = fs[2];
    for (size_t i = 0; i < probs.n && i < 12; i++) {
        ward_buf chk;
        ward_buf_init(&chk);
        ward_buf_printf(&chk, "%s", probs.v[i].display);
        char *clean = ward_xstrdup(probs.v[i].display);
        if (isupper((unsigned char)clean[0]) && islower((unsigned char)clean[1])) clean[0] = (char)tolower((unsigned char)clean[0]);
        char *paren = strchr(clean, '(');   /* "(disorder)", "(finding)" */
        if (paren && paren > clean) paren[-1] = 0;
        plain_say(o, "Your health problems", orch_ev_resource(o, probs.v[i].rid), chk.data, "You have %s.", clean);
        free(clean);
        ward_buf_free(&chk);
    }
    for (size_t i = 0; i < meds.n && i < 15; i++) {
        char *d = short_drug(meds.v[i].display);
        plain_say(o, "Your medicines", orch_ev_resource(o, meds.v[i].rid), d, "Take %s as your doctor told you.", d);
        free(d);
    }
    for (size_t i = 0; i < allergies.n && i < 10; i++) {
        const char *what = allergies.v[i].display;
        if (ward_str_casestartswith(what, "allergy to ")) what += 11;
        else if (ward_str_casestartswith(what, "allergic to ")) what += 12;
        plain_say(o, "Your allergies", orch_ev_resource(o, allergies.v[i].rid), what,
                  "You are allergic to %s. Stay away from it, and tell every doctor and pharmacist.", what);
    }
    latest_plan(o, 6);
    orch_say(o, "When to get help", NULL, 0, "Call your doctor if you feel worse.")->frame = 1;
    orch_say(o, "When to get help", NULL, 0, "Call 911 if you have chest pain or trouble breathing.")->frame = 1;
    return orch_check(o, err);
}

/* Called by the router after the guard: grade of what is kept. */
void orch_instructions_grade(orch_out *o)
{
    ward_buf b;
    ward_buf_init(&b);
    for (size_t i = 0; i < o->ns; i++)
        if (o->s[i].kept) ward_buf_printf(&b, "%s\n", o->s[i].text);
    double g = ward_fk_grade(b.data);
    int target = o->req->grade > 0 ? o->req->grade : 6;
    json_object_set_new(o->extra, "reading_grade", json_real((double)((int)(g * 10 + (g >= 0 ? 0.5 : -0.5))) / 10));
    json_object_set_new(o->extra, "target_grade", json_integer(target));
    json_object_set_new(o->extra, "grade_met", json_boolean(g <= target));
    ward_buf_free(&b);
}

/* What common requests are for: request words -> words of the conditions,
 * drugs and results that justify them. */
static const struct { const char *req, *adds; } REASONS[] = {
    {"glucose|insulin|cgm|a1c|diabet|semaglutide|ozempic|tirzepatide|glp", "diabetes mellitus a1c glucose metformin insulin"},
    {"mri|x-ray|xray|arthroscop|knee|hip|joint|shoulder|physical therapy", "osteoarthritis arthritis joint pain knee hip"},
    {"sleep|cpap|polysomno", "sleep apnea obesity"},
    {"echo|holter|ablation|cardiac|cardiolog|stress test", "atrial fibrillation heart failure coronary hypertension"},
    {"inhaler|biologic|dupilumab|omalizumab|mepolizumab|spirometr", "asthma copd chronic obstructive"},
    {"statin|lipid|cholesterol|pcsk9|evolocumab", "hyperlipidemia cholesterol ldl"},
    {"bariatric|wegovy|weight", "obesity body weight body mass"},
};

static int any_key(const char *text, const char *keys)
{
    char buf[200];
    snprintf(buf, sizeof buf, "%s", keys);
    for (char *save = NULL, *k = strtok_r(buf, "|", &save); k; k = strtok_r(NULL, "|", &save))
        if (ward_str_casestr(text, k)) return 1;
    return 0;
}

typedef struct mention_ctx {
    const orch_words *words;
    ward_buf *all;
} mention_ctx;

/* Adds a note chunk that mentions one of the request's longer words. */
static int add_if_mentioned(void *ud, const char *t)
{
    mention_ctx *m = ud;
    int hit = 0;
    for (size_t i = 0; i < m->words->n && !hit; i++) hit = strlen(m->words->w[i]) >= 4 && orch_has_word(t, m->words->w[i]);
    if (hit) ward_buf_printf(m->all, "\n%s", t);
    return 0;
}

/* The words of the request, of what it is usually for, and of every note
 * chunk that mentions it: a diagnosis, drug or result named there is
 * relevant to the request. A store failure lands in o->err. */
static void request_context(orch_out *o, const char *svc, orch_words *ctx)
{
    orch_words sw;
    orch_words_of(svc, 1, &sw);
    ward_buf all;
    ward_buf_init(&all);
    ward_buf_puts(&all, svc);
    for (size_t i = 0; i < sizeof REASONS / sizeof *REASONS; i++)
        if (any_key(svc, REASONS[i].req)) ward_buf_printf(&all, " %s", REASONS[i].adds);
    ward_err err = {0};
    mention_ctx m = {&sw, &all};
    if (ward_store_note_texts(o->st, o->req->patient_id, add_if_mentioned, &m, &err)) orch_fail(o, &err);
    orch_words_of(all.data, 1, ctx);
    ward_buf_free(&all);
    orch_words_free(&sw);
}

static double relevance(const char *display, const orch_words *ctx)
{
    orch_words d;
    orch_words_of(display, 1, &d);
    size_t hit = 0, n = 0;
    for (size_t i = 0; i < d.n; i++) {
        if (strlen(d.w[i]) < 3 || !strcmp(d.w[i], "oral") || !strcmp(d.w[i], "tablet")) continue;
        n++;
        hit += orch_words_has(ctx, d.w[i]);
    }
    orch_words_free(&d);
    return n ? (double)hit / (double)n : 0;
}

/* Says facts, the ones relevant to the request first, at most max. */
static void say_ranked(orch_out *o, const char *section, const orch_facts *fs, const orch_words *ctx,
                       size_t max, int trend)
{
    size_t said = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < fs->n && said < max; i++) {
            int rel = relevance(fs->v[i].display, ctx) >= 0.5;
            if (rel == !pass) orch_say_fact(o, section, &fs->v[i], trend), said++;
        }
}

int orch_task_priorauth(orch_out *o, ward_err *err)
{
    const char *svc = o->req->service;
    if (!svc || !*svc) return ward_err_set(err, WARD_EUSAGE, "priorauth needs --request \"SERVICE\"");
    json_object_set_new(o->inputs, "service", json_string(svc));
    orch_say(o, "Request", NULL, 0, "Request for prior authorization of: %s", svc)->frame = 1;
    orch_facts fs[3];
    int rc = chart_lists(o, (const orch_fact_kind[3]){WARD_FACT_PROBLEMS, WARD_FACT_MEDS_ALL, WARD_FACT_OBS}, fs, err);
    if (rc) return rc;
    orch_facts probs = fs[0], meds = fs[1], obs = fs[2];
    orch_words ctx;
    request_context(o, svc, &ctx);
    say_ranked(o, "Diagnosis", &probs, &ctx, 12, 0);
    if (!probs.n) orch_say(o, "Diagnosis", NULL, 0, "No active diagnosis is recorded.")->frame = 1;
    ward_buf q;
    ward_buf_init(&q);
    ward_buf_puts(&q, svc);
    for (size_t i = 0; i < probs.n && i < 3; i++)
        if (relevance(probs.v[i].display, &ctx) >= 0.5) ward_buf_printf(&q, " %s", probs.v[i].display);
    /* A failure below lands in o->err and is returned at the end. */
    if (!orch_quote_notes(o, "Relevant history", q.data, 3, 0))
        orch_quote_latest_notes(o, "Relevant history", 2, 2, "HISTORY");
    say_ranked(o, "Prior treatments and outcomes", &meds, &ctx, 15, 0);
    int ev[2];
    double best;
    int n = orch_best_sentences(o, "tried failed failure despite inadequate response intolerance intolerant side effects "
                                   "discontinued stopped without improvement not enough upset", 0, 2, 0.07, ev, &best);
    for (int i = 0; i < n; i++) orch_say(o, "Prior treatments and outcomes", &ev[i], 1, "%s", o->ev[ev[i]].quote);
    if (!meds.n && n <= 0) orch_say(o, "Prior treatments and outcomes", NULL, 0, "No treatments are recorded.")->frame = 1;
    say_ranked(o, "Supporting results", &obs, &ctx, 8, 1);
    if (!obs.n) orch_say(o, "Supporting results", NULL, 0, "No results are recorded.")->frame = 1;
    orch_say(o, "Attestation", NULL, 0,
             "This letter was drafted by Ward from the patient's record; the treating clinician reviews and signs it.")->frame = 1;
    ward_buf_free(&q);
    orch_words_free(&ctx);
    return orch_check(o, err);
}
