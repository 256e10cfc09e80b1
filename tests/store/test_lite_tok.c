/* test_lite_tok.c — the full-text index's terms as the store makes them
 * (src/store/lite_tok.c: ASCII texts tokenized by Ward, each distinct
 * token's stem asked once of FTS5's porter) are FTS5's own, term for term
 * with their flags and byte spans: FTS5's porter tokenizer, on a plain
 * connection, is the reference. Texts cover case, digits, separators (an
 * underscore, a NUL byte, punctuation), tokens of 1-3 bytes and beyond the
 * remembered length, stems that change, repeats, texts with other bytes
 * (FTS5's to tokenize), and more distinct tokens than the store remembers
 * at once. The index made from them is FTS5's too (its vocabulary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "test_util.h"

#include "test_store_util.h"
#include "ward/store.h"

static char dir[256];

/* One line "flags start end term" per term. */
static int line_of(void *ctx, int tflags, const char *term, int n, int start, int end)
{
    ward_buf_printf(ctx, "%d %d %d %.*s\n", tflags, start, end, n, term);
    return SQLITE_OK;
}

/* FTS5's own porter, with the arguments chunks_fts gives it. */
static void reference_terms(const char *text, size_t len, ward_buf *out)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    fts5_api *api;
    assert_int_equal(lite_fts5_api(db, &api), SQLITE_OK);
    void *ctx;
    fts5_tokenizer tok;
    assert_int_equal(api->xFindTokenizer(api, "porter", &ctx, &tok), SQLITE_OK);
    const char *args[] = {"unicode61", "remove_diacritics", "2"};
    Fts5Tokenizer *t;
    assert_int_equal(tok.xCreate(ctx, args, 3, &t), SQLITE_OK);
    assert_int_equal(tok.xTokenize(t, out, FTS5_TOKENIZE_DOCUMENT, text, (int)len, line_of), SQLITE_OK);
    tok.xDelete(t);
    sqlite3_close(db);
}

static uint64_t get_uv(const unsigned char **p)
{
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        unsigned char c = *(*p)++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
}

/* The store's terms (flags, start, length, term length, term: varints). */
static void store_terms(ward_store *st, const char *text, size_t len, ward_buf *out)
{
    ward_buf b;
    ward_buf_init(&b);
    assert_int_equal(ward_store_fts_terms(st, text, len, &b), 0);
    const unsigned char *p = (const unsigned char *)b.data, *end = p + b.len;
    while (p < end) {
        int fl = (int)get_uv(&p), start = (int)get_uv(&p), n = (int)get_uv(&p), tn = (int)get_uv(&p);
        line_of(out, fl, (const char *)p, tn, start, start + n);
        p += tn;
    }
    ward_buf_free(&b);
}

static void same_terms(ward_store *st, const char *text, size_t len)
{
    ward_buf want, got;
    ward_buf_init(&want);
    ward_buf_init(&got);
    reference_terms(text, len, &want);
    store_terms(st, text, len, &got);
    ward_buf_putc(&want, 0);
    ward_buf_putc(&got, 0);
    assert_string_equal(got.data, want.data);
    ward_buf_free(&want);
    ward_buf_free(&got);
}

static ward_store *open_store(void)
{
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    return st;
}

static void test_terms_as_fts5(void **state)
{
    (void)state;
    ward_store *st = open_store();
    static const char *const texts[] = {
        "",
        " \t\n.,;:!?-",
        "Patient is a 45-year-old MALE with HTN, DM2 and CHF; BP 120/80 mmHg.",
        "Running runners ran; connections connected; ponies caresses generalization relational.",
        "a ab abc abcd I i X x 1 12 123 1234 e.g. i.e. s/p c/o",
        "snake_case_words x_1 foo__bar $5 #3 @home ~tilde `tick` ^caret {braces} [brackets] |pipe| \\back",
        "Repeat repeat REPEAT repeated repeating repeat.",
        "Pneumonoultramicroscopicsilicovolcanoconiosis and a token of sixty-four: "
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd, sixty-five: "
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde, and longer: "
        "Abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijEND.",
        "Caf\xc3\xa9 na\xc3\xafve r\xc3\xb4le \xe2\x80\x94 Stra\xc3\x9f" "e, M\xc3\xbcller's \xc3\x85ngstr\xc3\xb6m",
        "plain words then one byte \xc3\xa9 late in the text",
        "end without separator",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) same_terms(st, texts[i], strlen(texts[i]));
    static const char nul[] = "before\0after NUL\0\0end";
    same_terms(st, nul, sizeof nul - 1);
    /* more distinct tokens than the store remembers (it starts over), and
     * the first ones again after that */
    ward_buf many;
    ward_buf_init(&many);
    for (int i = 0; i < 40000; i++) ward_buf_printf(&many, "W%dings ", i);
    for (int i = 0; i < 100; i++) ward_buf_printf(&many, "w%dINGS ", i);
    same_terms(st, many.data, many.len);
    ward_buf_free(&many);
    ward_store_free(st);
}

/* The index the store makes (a table of its connection, so through its
 * tokenizer) holds FTS5's own terms for the same rows. */
static void vocab(sqlite3 *db, ward_buf *out)
{
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE VIRTUAL TABLE temp.t USING fts5(text, tokenize='porter unicode61 remove_diacritics 2');"
                                  "INSERT INTO temp.t(rowid, text) VALUES (1, 'Chest pains, radiating; patients denied.'),"
                                  " (2, 'Running 5K daily; no chest pain.'), (3, 'Na\xc3\xafve caf\xc3\xa9 patient');"
                                  "CREATE VIRTUAL TABLE temp.v USING fts5vocab(temp, t, instance);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT term, doc, offset FROM temp.v", -1, &s, NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW)
        ward_buf_printf(out, "%s %lld %lld\n", sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
                        sqlite3_column_int64(s, 2));
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_exec(db, "DROP TABLE temp.v; DROP TABLE temp.t;", NULL, NULL, NULL), SQLITE_OK);
}

static void test_index_as_fts5(void **state)
{
    (void)state;
    ward_store *st = open_store();
    sqlite3 *plain;
    assert_int_equal(sqlite3_open(":memory:", &plain), SQLITE_OK);
    ward_buf want, got;
    ward_buf_init(&want);
    ward_buf_init(&got);
    vocab(plain, &want);
    vocab(store_lite_handle(st), &got);
    ward_buf_putc(&want, 0);
    ward_buf_putc(&got, 0);
    assert_true(want.len > 20);
    assert_string_equal(got.data, want.data);
    ward_buf_free(&want);
    ward_buf_free(&got);
    sqlite3_close(plain);
    ward_store_free(st);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "lite_tok")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_as_fts5),
        cmocka_unit_test(test_index_as_fts5),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
