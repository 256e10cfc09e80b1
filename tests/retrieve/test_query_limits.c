/* test_query_limits.c — hostile queries (issue 15): a pasted page of text
 * or a megabyte of words must neither take minutes nor memory without
 * bound. Repeated terms count once, at most WARD_SEARCH_MAX_TERMS distinct
 * terms are searched, and an over-long query is refused with a clear
 * error. Work is counted (terms built), not timed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "ward/ingest.h"
#include "ward/retrieve.h"

/* n distinct words ("wa", "wb"... base 26), space-separated, in a malloc'd string. */
static char *distinct_words(size_t n)
{
    ward_buf b;
    ward_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        char w[16];
        size_t k = 0, v = i;
        w[k++] = 'w';
        do {
            w[k++] = (char)('a' + v % 26);
            v /= 26;
        } while (v);
        w[k] = 0;
        ward_buf_puts(&b, w);
        ward_buf_putc(&b, ' ');
    }
    return b.data;
}

static void test_repeated_terms_count_once(void **state)
{
    (void)state;
    ward_buf out;
    ward_buf_init(&out);
    assert_int_equal(ward_search_fts_query("a1c A1C a1c glucose A1c glucose", &out), 2);
    assert_string_equal(out.data, "\"a1c\" OR \"glucose\"");
    /* A megabyte of one word is one term. */
    size_t n = 1 << 20;
    char *q = malloc(n + 1);
    for (size_t i = 0; i < n; i++) q[i] = i % 4 == 3 ? ' ' : "a1c"[i % 4];
    q[n] = 0;
    assert_int_equal(ward_search_fts_query(q, &out), 1);
    free(q);
    ward_buf_free(&out);
}

static void test_distinct_terms_are_capped(void **state)
{
    (void)state;
    char *q = distinct_words(200000);   /* about 1.2 MB */
    ward_buf out;
    ward_buf_init(&out);
    assert_int_equal(ward_search_fts_query(q, &out), WARD_SEARCH_MAX_TERMS);
    assert_true(out.len < 64 * 32);
    ward_buf_free(&out);
    free(q);
}

static void test_search_refuses_overlong_and_answers_long(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_tmpdir(dir, sizeof dir, "qlim"));
    ward_store *st;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    ward_document d = {.patient_id = NULL, .kind = "article", .title = "t", .source_format = "text",
                       .source_id = "t.md", .text = "Metformin lowers A1c in type 2 diabetes."};
    ward_ingest *in;
    assert_int_equal(ward_ingest_new(st, NULL, &in, &err), 0);
    assert_int_equal(ward_store_begin(st, &err), 0);
    assert_int_equal(ward_ingest_put_document(in, &d, &err), 0);
    assert_int_equal(ward_store_commit(st, &err), 0);
    ward_ingest_free(in);

    ward_search_params p = ward_search_default_params();
    p.mode = WARD_SEARCH_BM25;
    ward_hits h;
    /* Just under the limit: thousands of distinct words, the match still found. */
    char *q = distinct_words(2600);
    assert_true(strlen(q) < WARD_SEARCH_MAX_QUERY);
    memcpy(q, "metformin ", 10);
    assert_int_equal(ward_search(st, q, &p, &h, &err), 0);
    assert_int_equal(h.n, 1);
    ward_hits_free(&h);
    free(q);
    /* 64 KB: refused, saying what the limit is. */
    q = distinct_words(16000);
    assert_true(strlen(q) > 65536);
    assert_int_equal(ward_search(st, q, &p, &h, &err), WARD_EUSAGE);
    assert_non_null(strstr(err.msg, "limit"));
    free(q);
    ward_store_free(st);
    assert_int_equal(test_rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_terms_count_once),
        cmocka_unit_test(test_distinct_terms_are_capped),
        cmocka_unit_test(test_search_refuses_overlong_and_answers_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
