/* test_phrase.c — the funnel's phrase tokenizer and matcher (phrase.c),
 * held to what their fast paths must keep: a word's key is the hash of its
 * folded text whatever its case (the tokenizer's byte table), the filter of
 * first words never turns away a phrase that matches (it is asked inline,
 * before the matcher), and the extractor's ConText scan, run only for a
 * sentence that holds a concept, is that sentence's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "funnel/lexicon_int.h"
#include "ward/funnel.h"

#include <stdio.h>
#include <string.h>

/* Every byte between two letters: a word byte (letter, digit, >= 0x80)
 * joins them into one word keyed as its lower-case text; a space or a
 * punctuation byte parts them. */
static void test_tokenize_bytes(void **state)
{
    (void)state;
    funnel_toks t = {0};
    for (int b = 1; b < 256; b++) {
        char text[4] = {'A', (char)b, 'c', 0};
        funnel_tokenize(text, 3, &t);
        int word = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b >= 0x80;
        if (word) {
            char low[4] = {'a', (char)(b >= 'A' && b <= 'Z' ? b + 32 : b), 'c', 0};
            assert_int_equal(t.n, 1);
            assert_int_equal(t.v[0].kind, WARD_TOK_WORD);
            assert_int_equal(t.v[0].end, 3);
            assert_true(t.v[0].key == funnel_word_key(low));
        } else if (b == '\'' || b == '.') {
            assert_int_equal(t.n, 1);   /* "a'c", "a.c": an apostrophe, a dotted abbreviation */
        } else if (b == '-') {
            assert_int_equal(t.n, 2);   /* "a-c": a hyphen between letters is a space */
        } else {
            assert_true(t.n >= 2);
            assert_true(t.v[0].key == funnel_word_key("a"));
            assert_true(t.v[t.n - 1].key == funnel_word_key("c"));
        }
    }
    /* case never changes a key; a number keeps its digits apart from letters' */
    const char *mixed = "Pneumonia PNEUMONIA pneumonia 12 x12";
    funnel_tokenize(mixed, strlen(mixed), &t);
    assert_int_equal(t.n, 5);
    assert_true(t.v[0].key == t.v[1].key && t.v[1].key == t.v[2].key);
    assert_true(t.v[0].key == funnel_word_key("pneumonia"));
    assert_int_equal(t.v[3].kind, WARD_TOK_NUM);
    assert_true(t.v[4].key == funnel_word_key("x12"));
    /* a run goes on past a period, comma or apostrophe only into more of
     * itself (the tokenizer's full scan); else it ends there */
    const char *runs = "Take b.i.d. p.o. now, 1,000 mg or 2.5 mg; don't x-ray it. Ends 3, 4.";
    const char *want[] = {"take", "bid", "po", "now", ",", "1,000", "mg", "or", "2.5", "mg", ";", "dont",
                          "x", "ray", "it", ".", "ends", "3", ",", "4", "."};
    funnel_tokenize(runs, strlen(runs), &t);
    assert_int_equal(t.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < t.n; i++) {
        char tok[16];
        snprintf(tok, sizeof tok, "%.*s", (int)(t.v[i].end - t.v[i].start), runs + t.v[i].start);
        if (t.v[i].kind == WARD_TOK_WORD) assert_true(t.v[i].key == funnel_word_key(want[i]));
        else assert_string_equal(tok, want[i]);   /* a number keeps its dot and comma */
    }
    funnel_toks_free(&t);
}

/* The filter says "may begin" at every token where a phrase matches, for
 * phrases added after it was taken too. */
static void test_first_words(void **state)
{
    (void)state;
    funnel_phrases *p = funnel_phrases_new();
    const funnel_first_words *f = funnel_phrases_first(p);
    const char *phrases[] = {"chest pain", "pain", "no", "shortness of breath", "polyp", "b.i.d."};
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++)
        assert_true(funnel_phrases_add(p, phrases[i], strlen(phrases[i]), (uint32_t)i) > 0);
    const char *text = "No chest pain or Shortness of Breath; two polyps seen, bid dosing, painless.";
    funnel_toks t = {0};
    funnel_tokenize(text, strlen(text), &t);
    size_t matched = 0;
    for (size_t i = 0; i < t.n; i++) {
        uint32_t vals[8];
        size_t nv;
        size_t len = funnel_phrases_match(p, &t, i, vals, 8, &nv);
        if (len) {
            matched++;
            assert_true(funnel_may_begin(f, &t.v[i]));
        }
        if (!funnel_may_begin(f, &t.v[i])) assert_int_equal(len, 0);
    }
    assert_int_equal(matched, 6);   /* no, chest pain, pain, shortness of breath, polyps, bid */
    funnel_toks_free(&t);
    funnel_phrases_free(p);
}

/* Each sentence's concepts take their assertion from ConText over that
 * sentence, though a sentence without a concept is not scanned: a
 * negation in one sentence never reaches the next one's concept, and a
 * sentence scanned after unscanned ones finds its own triggers. */
static void test_context_per_sentence(void **state)
{
    (void)state;
    ward_extractor *ex = NULL;
    ward_err err = {0};
    assert_int_equal(ward_extractor_new(NULL, &ex, &err), WARD_OK);
    ward_extraction x = {0};
    const char *text = "No fever.\nHas a cough.\nNothing else to add today.\nDenies any nausea.\nHeadache is better.";
    ward_extract(ex, text, strlen(text), &x);
    const char *want[][2] = {{"fever", "negated"}, {"cough", "present"}, {"nausea", "negated"},
                             {"headache", "present"}};
    size_t k = 0;
    for (size_t i = 0; i < x.nconcepts; i++) {
        const ward_found *c = &x.concepts[i];
        char written[32];
        snprintf(written, sizeof written, "%.*s", (int)(c->end - c->start), text + c->start);
        for (char *p = written; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        assert_true(k < 4);
        assert_string_equal(written, want[k][0]);
        assert_string_equal(ward_assertion_name(c->assertion), want[k][1]);
        k++;
    }
    assert_int_equal(k, 4);
    ward_extraction_free(&x);
    ward_extractor_free(ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize_bytes),
        cmocka_unit_test(test_first_words),
        cmocka_unit_test(test_context_per_sentence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
