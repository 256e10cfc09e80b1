/* test_deid_tokens.c — the tokens de-identification's rules walk
 * (deid_tokenize, src/funnel/deid_tokens.c) and the word lists they ask
 * tokens of (tok_in), by class:
 *  - words of ASCII letters and digits (the tokenizer's fast path): shape,
 *    capital, all capitals, the word table's classes, a cue's first word;
 *  - words of 39 and 40 bytes (the longest looked up, the shortest not);
 *  - one byte of punctuation, and punctuation of several bytes (an em
 *    dash, a degree sign), and a no-break space between words;
 *  - letters outside ASCII inside and at the start of a word ("José",
 *    "Ólafur"), and "O'Brien" as one word but "'tis" and "o'clock" apart;
 *  - line breaks and blanks before a token;
 *  - bytes that are no UTF-8 (no crash, tokens in order inside the text);
 *  - tok_in on a list whose words of one slot (first letter and length)
 *    are apart: every one is found, and a word of the slot that is not in
 *    the list is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "funnel/deid_int.h"

static deid_doc doc(const char *s)
{
    deid_doc d = {.t = s, .len = strlen(s)};
    deid_words();   /* the tables deid_detect builds first */
    deid_tokenize(&d);
    return d;
}

static void done(deid_doc *d) { free(d->tk); }

/* Token k of d is the text s. */
static void assert_tok(const deid_doc *d, size_t k, const char *s)
{
    assert_true(k < d->n);
    assert_int_equal(TLEN(k), strlen(s));
    assert_memory_equal(d->t + TK(k).a, s, strlen(s));
}

static void test_ascii_words(void **state)
{
    (void)state;
    deid_doc D = doc("Seen by Dr. SMITH at 10am, MRN 445 x2"), *d = &D;
    const char *want[] = {"Seen", "by", "Dr", ".", "SMITH", "at", "10am", ",", "MRN", "445", "x2"};
    assert_int_equal(d->n, 11);
    for (size_t k = 0; k < d->n; k++) assert_tok(d, k, want[k]);
    assert_int_equal(TK(0).shape, T_ALPHA | T_CAP);
    assert_int_equal(TK(1).shape, T_ALPHA);
    assert_int_equal(TK(4).shape, T_ALPHA | T_CAP | T_UPPER);
    assert_int_equal(TK(6).shape, T_MIXED);
    assert_int_equal(TK(8).shape, T_ALPHA | T_CAP | T_UPPER);
    assert_int_equal(TK(9).shape, T_DIGIT);
    assert_int_equal(TK(10).shape, T_MIXED);
    assert_int_equal(TK(3).shape, T_PUNCT);
    assert_true(TK(2).w & W_TITLE);             /* looked up: "Dr" is a title */
    assert_true(TK(5).w & W_STOP);
    assert_int_equal(TK(9).w, 0);               /* digits are not looked up */
    assert_true(TK(8).cue != 0);                /* "MRN" starts a cue */
    assert_int_equal(TK(8).slot, deid_list_slot('m', 3));
    assert_int_equal(TK(3).slot, deid_list_slot('.', 1));
    assert_true(TK(1).sp && !TK(3).sp && !TK(0).sp);
    done(d);
}

static void test_long_words(void **state)
{
    (void)state;
    /* a word of 39 bytes is looked up, one of 40 not */
    char s39[41] = {0}, s40[41] = {0};
    memset(s39, 'e', 39), memset(s40, 'e', 40);
    s39[0] = s40[0] = 'T';
    deid_doc D = doc(s39), e = doc(s40), *d = &D;
    assert_int_equal(d->n, 1);
    assert_int_equal(e.n, 1);
    assert_int_equal(TK(0).shape, T_ALPHA | T_CAP);
    assert_int_equal(e.tk[0].shape, T_ALPHA | T_CAP);
    assert_int_equal(e.tk[0].w, 0);
    assert_int_equal(e.tk[0].cue, 0);
    done(d);
    done(&e);
    /* a word of 60 digits and letters is one token to its end */
    deid_doc f = doc("A12345678901234567890123456789012345678901234567890123456789 next");
    assert_int_equal(f.n, 2);
    assert_int_equal(f.tk[0].b - f.tk[0].a, 60);
    assert_int_equal(f.tk[0].shape, T_MIXED | T_CAP | T_UPPER);
    done(&f);
}

static void test_punctuation(void **state)
{
    (void)state;
    deid_doc D = doc("BP 120/80 \xE2\x80\x94 temp 37\xC2\xB0" "C;\xC2\xA0Okafor"), *d = &D;
    const char *want[] = {"BP", "120", "/", "80", "\xE2\x80\x94", "temp", "37", "\xC2\xB0", "C", ";", "Okafor"};
    assert_int_equal(d->n, 11);
    for (size_t k = 0; k < d->n; k++) assert_tok(d, k, want[k]);
    assert_int_equal(TK(4).shape, T_PUNCT);       /* an em dash */
    assert_int_equal(TK(7).shape, T_PUNCT);       /* a degree sign */
    assert_int_equal(TK(2).shape, T_PUNCT);
    assert_true(TK(10).sp);                       /* after a no-break space */
    assert_false(TK(9).sp);
    done(d);
}

static void test_letters_outside_ascii(void **state)
{
    (void)state;
    deid_doc D = doc("Jos\xC3\xA9 \xC3\x93lafur \xC3\xA9lan O'Brien 'tis o'clock"), *d = &D;
    const char *want[] = {"Jos\xC3\xA9", "\xC3\x93lafur", "\xC3\xA9lan", "O'Brien", "'", "tis", "o", "'", "clock"};
    assert_int_equal(d->n, 9);
    for (size_t k = 0; k < d->n; k++) assert_tok(d, k, want[k]);
    assert_int_equal(TK(0).shape, T_ALPHA | T_CAP);
    assert_int_equal(TK(1).shape, T_ALPHA | T_CAP);   /* a capital outside ASCII */
    assert_int_equal(TK(2).shape, T_ALPHA);
    assert_int_equal(TK(3).shape, T_ALPHA | T_CAP);
    assert_int_equal(TK(4).shape, T_PUNCT);
    assert_true(TK(0).w & W_FIRST);                   /* "José" folds to the listed "jose" */
    done(d);
}

static void test_breaks(void **state)
{
    (void)state;
    deid_doc D = doc("\n\nName:\tAnn\r\n  Lee\n"), *d = &D;
    assert_int_equal(d->n, 4);
    assert_int_equal(TK(0).nl, 2);
    assert_true(TK(0).sp);
    assert_int_equal(TK(1).nl, 0);
    assert_false(TK(1).sp);
    assert_int_equal(TK(2).nl, 0);
    assert_true(TK(2).sp);
    assert_int_equal(TK(3).nl, 1);
    done(d);
}

static void test_broken_bytes(void **state)
{
    (void)state;
    const char s[] = "a\x80\xFF" "b \xE2\x80" "\xC2 \xF0\x9F\x98 z\xE2";
    deid_doc D = {.t = s, .len = sizeof s - 1}, *d = &D;
    deid_tokenize(d);
    size_t end = 0;
    assert_true(d->n >= 4);
    for (size_t k = 0; k < d->n; k++) {   /* in order, apart, inside the text */
        assert_true(TK(k).a >= end && TK(k).b > TK(k).a && TK(k).b <= d->len);
        end = TK(k).b;
    }
    done(d);
}

static void test_list_slots(void **state)
{
    (void)state;
    /* "mom", "map", "mix" share a slot (m, 3 letters), apart in the list */
    static const char *const w[] = {"mom", "dad", "map", "aunt", "uncle", "mix", "son"};
    deid_doc D = doc("Mom map MIX mug dad Son sons"), *d = &D;
    int want[] = {1, 1, 1, 0, 1, 1, 0};
    assert_int_equal(d->n, 7);
    for (size_t k = 0; k < d->n; k++) assert_int_equal(tok_in(d, k, w, sizeof w / sizeof *w), want[k]);
    assert_false(tok_in(d, d->n, w, sizeof w / sizeof *w));
    done(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_words), cmocka_unit_test(test_long_words),
        cmocka_unit_test(test_punctuation), cmocka_unit_test(test_letters_outside_ascii),
        cmocka_unit_test(test_breaks),      cmocka_unit_test(test_broken_bytes),
        cmocka_unit_test(test_list_slots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
