/* test_deid_lists.c — the word table and the name lists a process starts
 * with are the build's image of data/deid_words.tsv, deid_lower.tsv,
 * deid_names.tsv and deid_names_hand.tsv (cmake/deid_lists_gen.c): loaded
 * here from the files themselves by the same loader (deid_lists.c), every
 * key has the same classes in the tables deid_words() made, no table holds
 * a key the files lack (but the first words of cue phrases, W_CUE), and
 * the names' Bloom filter is the one the lists make, bit for bit. A data
 * file changed without the image made again fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "funnel/deid_int.h"

/* $WARD_SRC/data/name, whole. */
static char *data_file(const char *name, size_t *len)
{
    const char *src = getenv("WARD_SRC");
    assert_non_null(src);
    char path[4096];
    snprintf(path, sizeof path, "%s/data/%s", src, name);
    char *text;
    ward_err err;
    assert_int_equal(ward_read_file(path, (size_t)64 << 20, &text, len, &err), 0);
    return text;
}

static void load(funnel_lex *lx, const char *name, int names)
{
    size_t len;
    char *text = data_file(name, &len);
    if (!strcmp(name, "deid_lower.tsv")) deid_lists_load_lower(lx, text, len);
    else deid_lists_load(lx, text, len, names);
    free(text);
}

/* Every key of want has its classes in got (less the bits in ignore), and
 * every key of got is in want or has only bits in ignore. */
static void assert_same_table(const funnel_lex *want, const funnel_lex *got, uint32_t ignore)
{
    funnel_lex_image s;
    const char *key;
    size_t keys = 0;
    for (size_t i = 0; i < funnel_lex_cap(want); i++)
        if (funnel_lex_slot(want, i, &s, &key)) {
            assert_int_equal(funnel_lex_flags(got, key, s.klen) & ~ignore, s.flags);
            keys++;
        }
    assert_true(keys > 1000);
    for (size_t i = 0; i < funnel_lex_cap(got); i++)
        if (funnel_lex_slot(got, i, &s, &key) && !funnel_lex_flags(want, key, s.klen))
            assert_int_equal(s.flags & ~ignore, 0);
}

static void words_are_the_files(void **state)
{
    (void)state;
    const funnel_lex *built = deid_words();
    funnel_lex *words = funnel_lex_new();
    load(words, "deid_words.tsv", 0);
    load(words, "deid_lower.tsv", 0);
    assert_same_table(words, built, W_CUE);
    funnel_lex_free(words);
}

static void names_and_bloom_are_the_files(void **state)
{
    (void)state;
    deid_words();
    static uint64_t built[DEID_BLOOM_BITS / 64];
    memcpy(built, deid_names_bloom, sizeof built);
    memset(deid_names_bloom, 0, sizeof deid_names_bloom);
    funnel_lex *names = funnel_lex_new();
    load(names, "deid_names.tsv", 1);
    load(names, "deid_names_hand.tsv", 1);
    int same_bloom = !memcmp(built, deid_names_bloom, sizeof built);
    memcpy(deid_names_bloom, built, sizeof built);   /* the process's filter again */
    assert_true(same_bloom);
    assert_same_table(names, deid_names_table(), 0);
    funnel_lex_free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_the_files),
        cmocka_unit_test(names_and_bloom_are_the_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
