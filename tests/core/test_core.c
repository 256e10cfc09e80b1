/* test_core.c — the core helpers every layer leans on: dates (ISO, HL7,
 * US forms, leap years, days before 1970), UTF-8 checks and escaping, JSON
 * strings, the rule-file (TSV) readers, whole-word matching and error
 * wrapping. Values are worked out by hand or by another implementation
 * (Python's datetime), never by the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ward/core.h"

static void expect_date(const char *in, const char *want)
{
    char out[11];
    assert_int_equal(ward_date_norm(in, out), 0);
    assert_string_equal(out, want);
}

static void expect_not_date(const char *in)
{
    char out[11];
    long days;
    assert_int_equal(ward_date_norm(in, out), -1);
    assert_int_equal(ward_date_days(in, &days), -1);
}

static void test_date_forms(void **state)
{
    (void)state;
    expect_date("2024-03-02", "2024-03-02");
    expect_date("2024-03-02T10:00:00Z", "2024-03-02");
    expect_date("  2024-03-02", "2024-03-02");
    expect_date("2024-03", "2024-03-01");          /* FHIR partial dates */
    expect_date("2024", "2024-01-01");
    expect_date("20240302103000", "2024-03-02");   /* HL7 TS */
    expect_date("202403", "2024-03-01");
    expect_date("03/02/2024", "2024-03-02");       /* US order */
    expect_date("3-2-2024", "2024-03-02");
    expect_not_date("03/02/24");                   /* two-digit years are ambiguous */
    expect_not_date("03/02-2024");                 /* mixed separators */
    expect_not_date("2024-13-01");
    expect_not_date("2024-04-31");
    expect_not_date("0999-01-01");
    expect_not_date("yesterday");
    expect_not_date("");
    char out[11];
    assert_int_equal(ward_date_norm(NULL, out), -1);
}

static void test_leap_days(void **state)
{
    (void)state;
    expect_date("2024-02-29", "2024-02-29");
    expect_date("2000-02-29", "2000-02-29");       /* divisible by 400 */
    expect_not_date("2023-02-29");
    expect_not_date("1900-02-29");                 /* divisible by 100 only */
    expect_not_date("20230229");
}

static long days_of(const char *d)
{
    long n = 12345;
    assert_int_equal(ward_date_days(d, &n), 0);
    return n;
}

static void test_date_days(void **state)
{
    (void)state;
    /* Python: (date(y,m,d) - date(1970,1,1)).days */
    assert_int_equal(days_of("1970-01-01"), 0);
    assert_int_equal(days_of("2000-03-01"), 11017);
    assert_int_equal(days_of("2024-02-29"), 19782);
    assert_int_equal(days_of("1969-12-31"), -1);   /* a date, not an error */
    assert_int_equal(days_of("1900-01-01"), -25567);
    assert_int_equal(days_of("2024-03-01") - days_of("2024-02-28"), 2);
    assert_int_equal(days_of("2023-03-01") - days_of("2023-02-28"), 1);
}

static void expect_key(const char *in, const char *want)
{
    char k[24];
    ward_time_key(in, k);
    assert_string_equal(k, want);
}

static void test_time_key(void **state)
{
    (void)state;
    expect_key("2024-06-01T08:00:00-07:00", "2024-06-01T15:00:00");
    expect_key("2024-06-01T14:00:00+00:00", "2024-06-01T14:00:00");
    expect_key("2024-06-01T14:00:00Z", "2024-06-01T14:00:00");
    expect_key("2024-06-01T14:00Z", "2024-06-01T14:00:00");
    expect_key("2024-06-01T01:30:00.250+05:30", "2024-05-31T20:00:00");   /* the day before, in UTC */
    expect_key("2023-12-31T22:00:00-0300", "2024-01-01T01:00:00");         /* the year after */
    expect_key("2024-02-28T23:00:00-02:00", "2024-02-29T01:00:00");         /* a leap day */
    expect_key("2024-06-01T14:00:00", "2024-06-01T14:00:00");               /* no zone: as written */
    expect_key("2024-06-01", "2024-06-01");
    expect_key("not a time", "not a time");
    char a[24], b[24];
    ward_time_key("2024-06-01", a), ward_time_key("2024-06-01T00:00:00Z", b);
    assert_true(strcmp(a, b) < 0);                                          /* a date before its times */
    ward_time_key("2024-06-01T08:00:00-07:00", a), ward_time_key("2024-06-01T14:00:00+00:00", b);
    assert_true(strcmp(a, b) > 0);                                          /* the later instant */
}

static void test_utf8_valid(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(ward_utf8_valid("", 0, &bad));
    assert_true(ward_utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, &bad));
    static const struct { const char *s; size_t n, bad; } BAD[] = {
        {"ab\xc3", 3, 2},                  /* cut short */
        {"a\xc3(", 3, 1},                  /* not a continuation byte */
        {"\xc0\xaf", 2, 0},                /* overlong '/' */
        {"xy\xe0\x80\xaf", 5, 2},          /* overlong, three bytes */
        {"\xed\xa0\x80", 3, 0},            /* a UTF-16 surrogate */
        {"\xf4\x90\x80\x80", 4, 0},        /* above U+10FFFF */
        {"ok\xff", 3, 2},
        {"\x80", 1, 0},                    /* a lone continuation byte */
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        bad = 99;
        assert_false(ward_utf8_valid(BAD[i].s, BAD[i].n, &bad));
        assert_int_equal(bad, BAD[i].bad);
    }
    assert_false(ward_utf8_valid("\xff", 1, NULL));   /* bad may be NULL */
}

static void test_utf8_escape(void **state)
{
    (void)state;
    char *e = ward_utf8_escape("caf\xc3\xa9");
    assert_string_equal(e, "caf\xc3\xa9");          /* valid text as is */
    free(e);
    e = ward_utf8_escape("a\xff" "b\xc3");
    assert_string_equal(e, "a\\xFFb\\xC3");           /* each bad byte kept, visibly */
    assert_true(ward_utf8_valid(e, strlen(e), NULL));
    free(e);
    e = ward_utf8_escape("");
    assert_string_equal(e, "");
    free(e);
}

static char *json_str(const char *s, size_t n)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_json_str(&b, s, n);
    return ward_buf_steal(&b);
}

static void test_json_strings(void **state)
{
    (void)state;
    char *j = json_str("plain", 5);
    assert_string_equal(j, "\"plain\"");
    free(j);
    j = json_str("say \"hi\"\\ now\n\r\t", 16);
    assert_string_equal(j, "\"say \\\"hi\\\"\\\\ now\\n\\r\\t\"");
    free(j);
    j = json_str("a\x01" "b\x1f", 4);
    assert_string_equal(j, "\"a\\u0001b\\u001f\"");
    free(j);
    j = json_str("nul\0inside", 10);                 /* length, not NUL, ends it */
    assert_string_equal(j, "\"nul\\u0000inside\"");
    free(j);
    j = json_str("\xc3\xa9\x7f", 3);                 /* UTF-8 and DEL pass through */
    assert_string_equal(j, "\"\xc3\xa9\x7f\"");
    free(j);
}

/* The escaping done one byte at a time, to check the 8-at-a-time scan. */
static void json_str_slow(ward_buf *b, const unsigned char *s, size_t n)
{
    ward_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') ward_buf_puts(b, "\\\"");
        else if (s[i] == '\\') ward_buf_puts(b, "\\\\");
        else if (s[i] == '\n') ward_buf_puts(b, "\\n");
        else if (s[i] == '\r') ward_buf_puts(b, "\\r");
        else if (s[i] == '\t') ward_buf_puts(b, "\\t");
        else if (s[i] < 0x20) ward_buf_printf(b, "\\u%04x", s[i]);
        else ward_buf_putc(b, (char)s[i]);
    }
    ward_buf_putc(b, '"');
}

static void test_json_strings_long(void **state)
{
    (void)state;
    /* Every byte value at every position of a 40-byte run of plain text
     * (and of UTF-8): the same as escaping byte by byte. */
    const char *bases[] = {"The patient's hemoglobin a1c was 7.2 pct", "\xc3\xa9\xc3\xa9\xe2\x80\x94 caf\xc3\xa9 "
                           "\xf0\x9f\x98\x80 r\xc3\xa9sum\xc3\xa9 na\xc3\xafve ok"};
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(bases[k]);
        for (size_t at = 0; at < n; at++)
            for (int c = 0; c < 256; c++) {
                unsigned char s[64];
                memcpy(s, bases[k], n);
                s[at] = (unsigned char)c;
                ward_buf fast, slow;
                ward_buf_init(&fast);
                ward_buf_init(&slow);
                ward_buf_json_str(&fast, (const char *)s, n);
                json_str_slow(&slow, s, n);
                assert_int_equal(fast.len, slow.len);
                assert_memory_equal(fast.data, slow.data, slow.len);
                ward_buf_free(&fast);
                ward_buf_free(&slow);
            }
    }
}

static void test_buf_printf(void **state)
{
    (void)state;
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "%s", "");                 /* nothing, on no buffer yet */
    assert_int_equal(b.len, 0);
    ward_buf_printf(&b, "%d-%s", 42, "x");         /* into a new buffer */
    assert_string_equal(b.data, "42-x");
    char big[300];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = 0;
    ward_buf_printf(&b, "[%s]", big);              /* more than the room left */
    assert_int_equal(b.len, 4 + 2 + 299);
    assert_int_equal(strlen(b.data), b.len);
    assert_int_equal(b.data[4], '[');
    assert_int_equal(b.data[b.len - 1], ']');
    size_t len = b.len;
    ward_buf_printf(&b, ",%s", "z");               /* within the room now */
    assert_int_equal(b.len, len + 2);
    assert_string_equal(b.data + len, ",z");
    ward_buf_free(&b);
}

typedef struct tsv_seen {
    int lines;
    char got[8][64];
} tsv_seen;

static int on_tsv(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    tsv_seen *t = ud;
    int k = t->lines++;
    int n = snprintf(t->got[k], sizeof t->got[k], "%ld:", line);
    for (int i = 0; i < nf; i++) n += snprintf(t->got[k] + n, sizeof t->got[k] - (size_t)n, "[%.*s]", (int)fl[i], f[i]);
    return ward_field_is(f[0], fl[0], "stop") ? 7 : 0;
}

static void test_tsv_each(void **state)
{
    (void)state;
    const char text[] = "# comment\n\nkey\tvalue\r\none\n  \na\t\tc  \nlast\tno newline";
    tsv_seen t = {0};
    assert_int_equal(ward_tsv_each(text, sizeof text - 1, on_tsv, &t), 0);
    assert_int_equal(t.lines, 4);
    assert_string_equal(t.got[0], "3:[key][value]");      /* CR dropped */
    assert_string_equal(t.got[1], "4:[one]");             /* line 5, blanks only, is blank */
    assert_string_equal(t.got[2], "6:[a][][c]");          /* empty field kept, trailing spaces dropped */
    assert_string_equal(t.got[3], "7:[last][no newline]");
    /* fn's nonzero return stops the walk and is returned */
    const char stop[] = "x\nstop\ny\n";
    memset(&t, 0, sizeof t);
    assert_int_equal(ward_tsv_each(stop, sizeof stop - 1, on_tsv, &t), 7);
    assert_int_equal(t.lines, 2);
    /* only text[0,len) is read: no NUL needed */
    memset(&t, 0, sizeof t);
    assert_int_equal(ward_tsv_each("k\tv\nzzz", 3, on_tsv, &t), 0);
    assert_string_equal(t.got[0], "1:[k][v]");
    assert_true(ward_field_is("abc", 2, "ab"));
    assert_false(ward_field_is("abc", 2, "abc"));
}

static void test_tsv_next(void **state)
{
    (void)state;
    const char text[] = "# c\nk1\tv1\r\n\nk2\nk3\tv\t3\n";
    size_t pos = 0, kn, vn;
    const char *k, *v;
    assert_int_equal(ward_tsv_next(text, sizeof text - 1, &pos, &k, &kn, &v, &vn), 1);
    assert_int_equal(kn, 2), assert_memory_equal(k, "k1", 2);
    assert_int_equal(vn, 2), assert_memory_equal(v, "v1", 2);
    assert_int_equal(ward_tsv_next(text, sizeof text - 1, &pos, &k, &kn, &v, &vn), 1);
    assert_memory_equal(k, "k2", 2), assert_int_equal(vn, 0);   /* no tab: empty value */
    assert_int_equal(ward_tsv_next(text, sizeof text - 1, &pos, &k, &kn, &v, &vn), 1);
    assert_int_equal(vn, 3), assert_memory_equal(v, "v\t3", 3);  /* the value is the rest */
    assert_int_equal(ward_tsv_next(text, sizeof text - 1, &pos, &k, &kn, &v, &vn), 0);
}

static void test_hasword(void **state)
{
    (void)state;
    assert_true(ward_str_hasword("BP 120/80", "bp", 2));
    assert_true(ward_str_hasword("what is the bp?", "bp", 2));
    assert_false(ward_str_hasword("bpm 80", "bp", 2));
    assert_false(ward_str_hasword("a1bp", "bp", 2));
    assert_true(ward_str_hasword("high blood pressure now", "blood pressure", 14));
    assert_false(ward_str_hasword("", "bp", 2));
}

static void test_err_prefix(void **state)
{
    (void)state;
    ward_err e = {0};
    assert_int_equal(ward_err_set(&e, WARD_EIO, "disk full"), WARD_EIO);
    ward_err_prefix(&e, "cannot save %s", e.msg);   /* its own message as an argument */
    assert_string_equal(e.msg, "cannot save disk full: disk full");
    assert_int_equal(e.code, WARD_EIO);
    assert_string_equal(ward_err_name(WARD_ENOTFOUND), "not_found");
    assert_int_equal(ward_exit_status(WARD_EUSAGE), 1);
    assert_int_equal(ward_exit_status(WARD_EIO), 2);
    assert_int_equal(ward_exit_status(WARD_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_forms), cmocka_unit_test(test_leap_days), cmocka_unit_test(test_date_days), cmocka_unit_test(test_time_key),
        cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_utf8_escape), cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_json_strings_long), cmocka_unit_test(test_buf_printf),
        cmocka_unit_test(test_tsv_each), cmocka_unit_test(test_tsv_next), cmocka_unit_test(test_hasword),
        cmocka_unit_test(test_err_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
