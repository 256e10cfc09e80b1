/* test_deid.c — de-identification modes: redaction tags, surrogates that
 * stay the same within a patient and differ across patients, dates shifted
 * by one per-patient offset (intervals kept, formats and day-first order
 * kept), phones, ages and names' case kept real, offsets mapped
 * into the output, bad input refused with an offset, and rules that look
 * past a note's last token (run under ASan in CI). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ward/funnel.h"

static ward_deid_result deid(const char *text, ward_deid_mode mode, const char *patient)
{
    ward_deid_params p = ward_deid_default_params();
    p.mode = mode;
    p.patient_id = patient;
    p.key = "test-key";
    ward_deid_result r;
    ward_err err = {0};
    int rc = ward_funnel_deid(text, strlen(text), &p, &r, &err);
    if (rc) fail_msg("%s", err.msg);
    return r;
}

static void test_redact(void **state)
{
    (void)state;
    const char *t = "Seen by Dr. Ada Okafor on 03/14/2024 for Parkinson disease; call (617) 555-0142.";
    ward_deid_result r = deid(t, WARD_DEID_REDACT, NULL);
    assert_string_equal(r.text, "Seen by Dr. [NAME] on [DATE] for Parkinson disease; call [PHONE].");
    assert_int_equal(r.n, 3);
    assert_int_equal(r.spans[0].type, WARD_PHI_NAME);
    assert_true(!strncmp(t + r.spans[0].start, "Ada Okafor", r.spans[0].end - r.spans[0].start));
    assert_true(!strncmp(r.text + r.spans[0].out_start, "[NAME]", 6));
    assert_int_equal(ward_deid_map(&r, r.spans[1].start, 0), r.spans[1].out_start);
    assert_int_equal(ward_deid_map(&r, r.spans[1].start + 2, 1), r.spans[1].out_end);
    size_t tail = (size_t)(strstr(t, "; call") - t);
    assert_true(!strncmp(r.text + ward_deid_map(&r, tail, 0), "; call", 6));
    ward_deid_result_free(&r);
}

/* The replacement text of span i. */
static char *replaced(const ward_deid_result *r, size_t i)
{
    return strndup(r->text + r->spans[i].out_start, r->spans[i].out_end - r->spans[i].out_start);
}

static void test_surrogate_consistency(void **state)
{
    (void)state;
    const char *t = "Mrs. Okafor saw Dr. Whitaker. Okafor was better.";
    ward_deid_result a = deid(t, WARD_DEID_SURROGATE, "patient-1");
    ward_deid_result b = deid("Plan: Okafor returns.", WARD_DEID_SURROGATE, "patient-1");
    ward_deid_result c = deid(t, WARD_DEID_SURROGATE, "patient-2");
    assert_int_equal(a.n, 3);
    char *a0 = replaced(&a, 0), *a1 = replaced(&a, 1), *a2 = replaced(&a, 2), *b0 = replaced(&b, 0);
    assert_string_equal(a0, a2);          /* same name, same surrogate */
    assert_string_equal(a0, b0);          /* in every note of the patient */
    assert_string_not_equal(a0, a1);
    assert_string_not_equal(a0, "Okafor");
    assert_null(strstr(a.text, "Okafor"));
    assert_null(strstr(a.text, "Whitaker"));
    assert_string_not_equal(a.text, c.text); /* another patient, other surrogates */
    free(a0), free(a1), free(a2), free(b0);
    ward_deid_result_free(&a);
    ward_deid_result_free(&b);
    ward_deid_result_free(&c);
}

static long days(int y, int m, int d)
{
    char s[40];
    snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
    long n = 0;
    assert_int_equal(ward_date_days(s, &n), 0);
    return n;
}

static void test_date_shift(void **state)
{
    (void)state;
    const char *t = "Admitted 03/14/2024, discharged 2024-03-20; seen again March 30th, 2024.";
    ward_deid_params p = ward_deid_default_params();
    p.patient_id = "patient-1";
    p.key = "test-key";
    int shift = ward_deid_date_shift(&p);
    assert_true(shift != 0 && shift >= -365 && shift <= 365);
    ward_deid_result r = deid(t, WARD_DEID_SURROGATE, "patient-1");
    assert_int_equal(r.n, 3);
    int m, d, y;
    char *s0 = replaced(&r, 0), *s1 = replaced(&r, 1), *s2 = replaced(&r, 2);
    assert_int_equal(sscanf(s0, "%2d/%2d/%4d", &m, &d, &y), 3);             /* format kept */
    assert_int_equal(strlen(s0), 10);
    long d0 = days(y, m, d);
    assert_int_equal(sscanf(s1, "%4d-%2d-%2d", &y, &m, &d), 3);
    long d1 = days(y, m, d);
    assert_int_equal(d0 - days(2024, 3, 14), shift);                           /* the patient's shift */
    assert_int_equal(d1 - d0, 6);                                              /* intervals kept */
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    char name[16];
    int day;
    assert_int_equal(sscanf(s2, "%15s %d", name, &day), 2);
    for (m = 0; m < 12 && strcmp(name, months[m]); m++) {}
    assert_true(m < 12);
    assert_true(strstr(s2, "th,") || strstr(s2, "st,") || strstr(s2, "nd,") || strstr(s2, "rd,"));
    long d2 = days(atoi(strrchr(s2, ' ') + 1), m + 1, day);
    assert_int_equal(d2 - d0, 16);
    free(s0), free(s1), free(s2);
    ward_deid_result_free(&r);
}

/* A note that writes its dates day first keeps them day first, real and
 * the same days apart; a phone keeps its shape with codes opening 2-9; a
 * name in capitals or in lower case keeps its case; an age over 89 is 90. */
static void test_surrogate_shapes(void **state)
{
    (void)state;
    const char *t = "Patient: MARIA OKAFOR. Admitted 19/10/2026, discharged 23/10/2026 (seen 3/11/2026). "
                    "Call (617) 555-0142. hi maria, she is 94 years old.";
    ward_deid_result r = deid(t, WARD_DEID_SURROGATE, "patient-1");
    long day[3];
    int nd = 0, phone = 0;
    for (size_t i = 0; i < r.n; i++) {
        char *s = replaced(&r, i);
        const char *orig = t + r.spans[i].start;
        if (r.spans[i].type == WARD_PHI_DATE && nd < 3) {
            int d, m, y;
            assert_int_equal(sscanf(s, "%d/%d/%d", &d, &m, &y), 3);
            assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y == 2026);
            day[nd++] = days(y, m, d);
        } else if (r.spans[i].type == WARD_PHI_PHONE) {
            assert_int_equal(strlen(s), 14);
            assert_true(s[0] == '(' && s[1] >= '2' && s[5] == ' ' && s[6] >= '2' && s[9] == '-');
            phone = 1;
        } else if (r.spans[i].type == WARD_PHI_NAME && !strncmp(orig, "MARIA", 5)) {
            for (char *p = s; *p; p++) assert_false(*p >= 'a' && *p <= 'z');
        } else if (r.spans[i].type == WARD_PHI_NAME && !strncmp(orig, "maria", 5)) {
            for (char *p = s; *p; p++) assert_false(*p >= 'A' && *p <= 'Z');
        } else if (r.spans[i].type == WARD_PHI_AGE) {
            assert_string_equal(s, "90");
        }
        free(s);
    }
    assert_int_equal(nd, 3);
    assert_true(phone);
    assert_int_equal(day[1] - day[0], 4);       /* 19/10 -> 23/10 */
    assert_int_equal(day[2] - day[0], 15);      /* 3/11 read day first, as the note writes */
    ward_deid_result_free(&r);
}

static void test_bad_input(void **state)
{
    (void)state;
    ward_deid_params p = ward_deid_default_params();
    ward_deid_result r;
    ward_err err = {0};
    assert_int_equal(ward_funnel_deid("ab\0cd", 5, &p, &r, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "byte 2"));
    assert_null(r.text);
    ward_deid_result_free(&r);
    assert_int_equal(ward_funnel_deid("Name \xff\xfe", 7, &p, &r, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "UTF-8 at byte 5"));
    ward_deid_result_free(&r);
    p.max_line_bytes = 10;
    assert_int_equal(ward_funnel_deid("short\nthis line is too long\n", 28, &p, &r, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "line 2"));
    ward_deid_result_free(&r);
    assert_int_equal(ward_funnel_deid("", 0, NULL, &r, &err), WARD_OK);
    assert_int_equal(r.n, 0);
    assert_string_equal(r.text, "");
    ward_deid_result_free(&r);
}

static void test_types(void **state)
{
    (void)state;
    for (int t = 0; t < WARD_PHI_NTYPES; t++) assert_int_equal(ward_phi_type_parse(ward_phi_type_name(t)), t);
    assert_int_equal(ward_phi_type_parse("nope"), -1);
    assert_null(ward_phi_type_name(WARD_PHI_NTYPES));
}

/* A note whose last tokens open a rule, ending where the token array is
 * full (256 tokens, its first size): a rule reading one token past the
 * end reads past the allocation ("ul." of a Polish street, "rm" of a
 * census line; review findings of 2026-12-07). */
static void test_last_tokens(void **state)
{
    (void)state;
    static const char *const ends[] = {"ul.",  "Price rm", "Bed",  "rm 3", "al.", "Dr.", "Pt",   "RN:",
                                       "MRN",  "Tel",      "on Corliss", "Fractures: Bennett,", "Keizersgracht",
                                       "St.",  "VIC",      "x",    "ext.", "Carlton VIC", "Hope,", "at kaiser riverside",
                                       "\nSeen in December the", "\nx\nMay the", "\nED NOTE \xe2\x80\x94 Stroger 4"};
    char buf[1200];
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++)
        for (int pad = 236; pad <= 256; pad++) {
            size_t n = 0;
            for (int i = 0; i < pad; i++) buf[n++] = 'a', buf[n++] = ' ';
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", ends[e]);
            ward_deid_result r = deid(buf, WARD_DEID_REDACT, NULL);
            assert_non_null(r.text);
            ward_deid_result_free(&r);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_surrogate_consistency),
        cmocka_unit_test(test_date_shift),
        cmocka_unit_test(test_surrogate_shapes),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_last_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
