/* test_deid_tagger.c — the learned de-identification tagger
 * (src/funnel/deid_tagger*.c): the built-in model finds names and places
 * no list knows from their context and leaves clinical terms alone; a
 * model trained here on a few sentences learns a context; training and
 * tagging are deterministic; the hook in deid.c joins the tagger's spans
 * to the rules'. The examples are written for this test, not taken from
 * the evaluation notes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "funnel/deid_tagger_int.h"

/* The tagger alone (no rule spans) on text: the type of the span over the
 * first byte of word, or -1. */
static int tagged(const char *text, const char *word)
{
    deid_words();
    deid_doc d = {.t = text, .len = strlen(text)};
    deid_tokenize(&d);
    size_t n = deid_tagger_apply(&d, 0);
    size_t at = (size_t)(strstr(text, word) - text);
    int type = -1;
    for (size_t i = 0; i < n; i++)
        if (d.c[i].a <= at && at < d.c[i].b) type = d.c[i].type;
    free(d.tk);
    free(d.c);
    return type;
}

static int listed(const char *w)
{
    char key[64];
    size_t n = strlen(w);
    memcpy(key, w, n);
    n = deid_lower_key(key, n);
    return deid_word_flags(key, n) != 0;
}

static void test_unknown_names_by_context(void **state)
{
    (void)state;
    static const struct { const char *text, *word; int type; } cases[] = {
        {"Spoke with his granddaughter Zorvina Quellhart by phone; she will pick him up.", "Zorvina", WARD_PHI_NAME},
        {"Her neighbor Tobiah Merrow drove her in.", "Merrow", WARD_PHI_NAME},
        {"Seen by Keshawn Vrellisko, NP, who agrees with the plan.", "Vrellisko", WARD_PHI_NAME},
        {"Discharged to Pinecrest Terrace for short-term rehab.", "Pinecrest", WARD_PHI_FACILITY},
        {"Refer to Hollowmere Endocrine Associates for thyroid nodule.", "Hollowmere", WARD_PHI_FACILITY},
        /* an initialism among words in lower case, after a preposition of place */
        {"Transferred here from QRMH for a higher level of care.", "QRMH", WARD_PHI_FACILITY},
        {"Port placed at KWMC last spring.", "KWMC", WARD_PHI_FACILITY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (listed(cases[i].word)) fail_msg("%s is on a list: the case shows nothing", cases[i].word);
        int t = tagged(cases[i].text, cases[i].word);
        if (t != cases[i].type)
            fail_msg("\"%s\" in \"%s\": type %d, want %d", cases[i].word, cases[i].text, t, cases[i].type);
    }
}

static void test_clinical_terms_stay(void **state)
{
    (void)state;
    static const struct { const char *text, *word; } cases[] = {
        {"Positive Quervelin sign on the left.", "Quervelin"},
        {"Fluid in the pouch of Douglas on ultrasound.", "Douglas"},
        {"Started lactated Ringer's at 125 mL/h.", "Ringer"},
        {"Blood culture grew B. fragilis.", "B."},
        {"ER positive, Ki-67 20%.", "Ki"},
        {"Fugl-Meyer upper extremity 41/66.", "Meyer"},
        {"Mild Lisfranc injury on the right.", "Lisfranc"},
        {"Burch-Wartofsky score 45 today.", "Burch"},
        /* a compound in lower case; a report's line opening in lower case */
        {"A nit-occlude 6/5 flex coil was advanced.", "occlude"},
        {"I made a transverse incision one fingerbreadth proximal to the crease. Bipolar electrocautery was used to "
         "maintain meticulous hemostasis.",
         "meticulous"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int t = tagged(cases[i].text, cases[i].word);
        if (t != -1) fail_msg("\"%s\" in \"%s\" tagged as type %d", cases[i].word, cases[i].text, t);
    }
}

/* Months and days written with a slash: which shapes are candidates. */
static void test_slash_date_shapes(void **state)
{
    (void)state;
    static const struct { const char *text; int date; } cases[] = {
        {"placed 11/25, site clean", 1}, {"home 12/05/26 if stable", 1}, {"bed (12/4) offered", 1},
        {"seen 3/14-3/16", 1},           {"pain 8/10", 0},               {"strength 4/5", 0},
        {"take 1/2 tab", 0},             {"murmur 2/6", 0},              {"BP 120/80", 0},
        {"ratio 13/5", 0},               {"codes 1/2/3/4", 0},           {"BP110/70", 0},
        {"dose 5/7mg", 0},               {"pupils 4/2", 0},              {"MoCA 9/30", 0},
    };
    deid_words();
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        deid_doc d = {.t = cases[c].text, .len = strlen(cases[c].text)};
        deid_tokenize(&d);
        int found = 0;
        for (size_t i = 0; i < d.n; i++) found |= deid_tagger_slash_date(&d, i) != 0;
        free(d.tk);
        free(d.c);
        if (found != cases[c].date) fail_msg("\"%s\": %s", cases[c].text, found ? "a date" : "no date");
    }
}

/* A clinical word is a candidate right after a place's word on its line
 * ("Sunrise Dialysis Unit"), not on the next line: a tagged word at a
 * line's end does not carry a name down a table ("BLOOD - CARBON
 * MONOXIDE - NEG" over "BLOOD - ETHANOL - NEG"). */
static void test_candidates_stay_on_their_line(void **state)
{
    (void)state;
    static const struct { const char *text; int cand; } cases[] = {
        {"to Sunrise Dialysis Unit", 1},
        {"to Sunrise\nDialysis Unit", 0},
    };
    deid_words();
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        deid_doc d = {.t = cases[c].text, .len = strlen(cases[c].text)};
        deid_tokenize(&d);
        uint64_t *memo = deid_tagger_memo(&d);
        assert_true(d.n >= 3);
        assert_false(deid_tagger_candidate(&d, memo, 2, TG_O));   /* a clinical word alone */
        if (deid_tagger_candidate(&d, memo, 2, TG_FACILITY) != cases[c].cand)
            fail_msg("\"%s\": 'Dialysis' after a place's word %s", cases[c].text, cases[c].cand ? "no candidate" : "a candidate");
        free(memo);
        free(d.tk);
        free(d.c);
    }
}

/* The built-in model reads a month and day from the words around it, where
 * the rules have no cue ("placed", "expires", "RTC"), and leaves scores. */
static void test_dates_by_context(void **state)
{
    (void)state;
    static const struct { const char *text, *word; int type; } cases[] = {
        {"Right IJ central line placed 11/23, dressing intact.", "11/23", WARD_PHI_DATE},
        {"The hold expires 12/19 unless renewed.", "12/19", WARD_PHI_DATE},
        {"Amoxicillin given. RTC 12/11 for the second visit.", "12/11", WARD_PHI_DATE},
        {"Strength 4/5 in the right leg; pain 8/10 with walking.", "4/5", -1},
        {"Strength 4/5 in the right leg; pain 8/10 with walking.", "8/10", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int t = tagged(cases[i].text, cases[i].word);
        if (t != cases[i].type)
            fail_msg("\"%s\" in \"%s\": type %d, want %d", cases[i].word, cases[i].text, t, cases[i].type);
    }
}

/* A few sentences with one context ("escorted by NAME") and names that
 * change: a model trained on them tags a new name in that context. */
static char *train_tiny(void)
{
    static const char *const names[][2] = {{"Oreth", "Vandamil"}, {"Sefa", "Blorring"}, {"Idunn", "Caraway"},
                                           {"Tamsk", "Orliv"},    {"Wenno", "Pratchel"}, {"Ilse", "Drumond"}};
    tg_trainer *tr = deid_tagger_trainer_new(0);
    char text[256];
    for (int epoch = 0; epoch < 4; epoch++)
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            int n = snprintf(text, sizeof text, "Arrived on the unit, escorted by %s %s from transport. Vitals stable.",
                             names[i][0], names[i][1]);
            const char *a = strstr(text, names[i][0]);
            tg_span s = {(size_t)(a - text), (size_t)(a - text) + strlen(names[i][0]) + 1 + strlen(names[i][1]),
                         WARD_PHI_NAME};
            deid_tagger_train_text(tr, text, (size_t)n, &s, 1);
        }
    ward_buf b;
    ward_buf_init(&b);
    deid_tagger_trainer_write(tr, 0, 0, 1, &b);
    deid_tagger_trainer_free(tr);
    return ward_buf_steal(&b);
}

static void test_tiny_model_learns_context(void **state)
{
    (void)state;
    char *a = train_tiny(), *b = train_tiny();
    assert_string_equal(a, b);   /* the same input gives the same model, byte for byte */
    tg_model m;
    size_t line = 0;
    assert_int_equal(deid_tagger_parse(a, strlen(a), &m, &line), 0);
    assert_true(m.nrows > 0);
    deid_tagger_use(&m);
    const char *text = "Arrived on the unit, escorted by Quobin Hestrel from transport. Vitals stable.";
    assert_int_equal(tagged(text, "Quobin"), WARD_PHI_NAME);
    assert_int_equal(tagged(text, "Hestrel"), WARD_PHI_NAME);
    assert_int_equal(tagged(text, "Vitals"), -1);
    assert_int_equal(tagged(text, "Arrived"), -1);

    /* the hook: a rule's span over the first name joins the tagger's over
     * the second */
    deid_doc d = {.t = text, .len = strlen(text)};
    deid_tokenize(&d);
    size_t at = (size_t)(strstr(text, "Quobin") - text);
    deid_add(&d, at, at + 6, WARD_PHI_NAME, PRIO_NAME);
    size_t n = deid_tagger_apply(&d, 1);
    assert_int_equal(n, 1);
    assert_int_equal(d.c[0].a, at);
    assert_int_equal(d.c[0].b, at + strlen("Quobin Hestrel"));
    free(d.tk);
    free(d.c);
    deid_tagger_use(NULL);
    deid_tagger_free(&m);
    free(a);
    free(b);
}

static void test_model_format(void **state)
{
    (void)state;
    tg_model m;
    size_t line = 0;
    const char *good = "# comment\nthreshold\t20\n5\t1 -2 3 0 0 0 0\n262143\t0 0 0 0 0 0 9\n";
    assert_int_equal(deid_tagger_parse(good, strlen(good), &m, &line), 0);
    assert_int_equal(m.nrows, 2);
    assert_int_equal(m.threshold, 20);
    uint32_t f[] = {5, 6, 262143};
    int32_t sc[TG_ROW];
    deid_tagger_scores(&m, f, 3, sc);
    assert_int_equal(sc[0], 1);
    assert_int_equal(sc[1], -2);
    assert_int_equal(sc[6], 9);
    deid_tagger_free(&m);
    static const char *const bad[] = {"5\t1 2 3\n", "5\t1 2 3 4 5 6 7 8\n", "5\t1 0 0 0 0 0 0\n5\t1 0 0 0 0 0 0\n",
                                      "262144\t0 0 0 0 0 0 0\n", "x\t0 0 0 0 0 0 0\n", "threshold\tmany\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        line = 0;
        if (!deid_tagger_parse(bad[i], strlen(bad[i]), &m, &line)) fail_msg("accepted: %s", bad[i]);
        assert_true(line >= 1);
    }
}

static void test_deterministic_output(void **state)
{
    (void)state;
    const char *text = "Pt seen with wife Marisol. Plan per Dr. Okonkwo-Baptiste at Fernhollow Clinic on 3/14.\n"
                       "Daughter Ylva Strandqvist will call.\n";
    ward_deid_result a, b;
    ward_err err;
    assert_int_equal(ward_funnel_deid(text, strlen(text), NULL, &a, &err), 0);
    assert_int_equal(ward_funnel_deid(text, strlen(text), NULL, &b, &err), 0);
    assert_string_equal(a.text, b.text);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(a.spans[i].start, b.spans[i].start);
        assert_int_equal(a.spans[i].end, b.spans[i].end);
        /* spans stay in text order and never overlap */
        if (i) assert_true(a.spans[i - 1].end <= a.spans[i].start);
    }
    assert_non_null(strstr(a.text, "Daughter [NAME] will call."));
    ward_deid_result_free(&a);
    ward_deid_result_free(&b);
}

/* The rest of a rule's place of care in words clinical text writes in
 * lower case is the place's ("Mercy Endocrine"); the same words alone
 * are a generic phrase and stay ("Post Anesthesia Care Unit"). */
static void test_rule_place_continued(void **state)
{
    (void)state;
    static const struct { const char *text, *want; } cases[] = {
        {"Follow-up at Mercy Endocrine on Tuesday.\n", "Follow-up at [FACILITY] on Tuesday.\n"},
        {"Post Anesthesia Care Unit stay was brief.\n", "Post Anesthesia Care Unit stay was brief.\n"},
        /* a month and day whose day starts a rule's address: the date stops
         * before it (the spans overlapped and the output was corrupted) */
        {"Called 12/18 Baker Rd\n", "Called [DATE][ADDRESS]\n"},
        {"12/18 King Pt", "[DATE][ADDRESS]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ward_deid_result r;
        ward_err err;
        assert_int_equal(ward_funnel_deid(cases[i].text, strlen(cases[i].text), NULL, &r, &err), 0);
        assert_string_equal(r.text, cases[i].want);
        ward_deid_result_free(&r);
    }
}

/* The words clinical text writes in lower case (data/deid_lower.tsv) come
 * with the tokenizer's one lookup (dtok.lower): in any case, and the same
 * answer as a lookup of the text; they stay out of the classes the rules
 * read (a word only that list has is unknown to them), and a name that
 * list has is still a name ("alpha" is a given name too). */
static void test_lower_words(void **state)
{
    (void)state;
    static const char text[] = "Patient YOUNG alpha Okafor hypercholesterolemia alphas "
                               "hypercholesterolemiahypercholesterolemiaxx 12 ,";
    static const struct { const char *word; int lower; } cases[] = {
        {"Patient", 1}, {"YOUNG", 1}, {"alpha", 1}, {"Okafor", 0}, {"hypercholesterolemia", 1},
        {"alphas", 0}, {"hypercholesterolemiahypercholesterolemiaxx", 0}, {"12", 0}, {",", 0},
    };
    deid_words();
    deid_doc d = {.t = text, .len = sizeof text - 1};
    deid_tokenize(&d);
    assert_int_equal(d.n, sizeof cases / sizeof *cases);
    for (size_t k = 0; k < d.n; k++) {
        size_t a = d.tk[k].a, n = d.tk[k].b - a;
        if (n != strlen(cases[k].word) || memcmp(text + a, cases[k].word, n)) fail_msg("token %zu is not %s", k, cases[k].word);
        if (deid_lower_word(&d, k) != cases[k].lower || deid_lower_text(text + a, n) != cases[k].lower)
            fail_msg("%s: listed in lower case %d, %d; want %d", cases[k].word, deid_lower_word(&d, k),
                     deid_lower_text(text + a, n), cases[k].lower);
        assert_false(d.tk[k].w & W_LOWER);
    }
    assert_int_equal(d.tk[4].w, 0);                         /* hypercholesterolemia: only that list has it */
    assert_int_equal(deid_word_flags("hypercholesterolemia", 20), 0);
    assert_true(d.tk[2].w & W_FIRST);                       /* alpha: a given name too */
    assert_true(deid_lower_text(text + d.tk[5].a, 5));      /* "alpha" of "alphas": a word's part */
    free(d.tk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_names_by_context),
        cmocka_unit_test(test_clinical_terms_stay),
        cmocka_unit_test(test_slash_date_shapes),
        cmocka_unit_test(test_candidates_stay_on_their_line),
        cmocka_unit_test(test_dates_by_context),
        cmocka_unit_test(test_tiny_model_learns_context),
        cmocka_unit_test(test_model_format),
        cmocka_unit_test(test_deterministic_output),
        cmocka_unit_test(test_rule_place_continued),
        cmocka_unit_test(test_lower_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
