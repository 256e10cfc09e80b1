/* test_calculators.c — calculators against worked examples, units, ranges.
 *
 * Examples: BMI 70 kg / 1.75 m = 22.9; CKD-EPI 2021: man 60 y creatinine
 * 1.0 mg/dL -> 86, woman 50 y 1.0 -> 69 (NKF calculator); CHA2DS2-VASc
 * woman 72 with hypertension and diabetes = 4; HAS-BLED; MELD-Na (UNOS):
 * Cr 1.9, bili 4.2, INR 2.1, Na 130 -> MELD 26, MELD-Na 29; QTc: QT 400 ms
 * at 75 bpm -> Bazett 447, Fridericia 431; anion gap 140-(104+24) = 12;
 * corrected calcium 8.0 with albumin 2.0 -> 9.6 mg/dL. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ward/tools.h"

static double calc(const char *name, const char *spec, ward_calc_result *r, int *rc)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", spec);
    ward_calc_arg args[12];
    size_t n = 0;
    ward_err err = {0};
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        assert_int_equal(ward_calc_parse_arg(t, &args[n++], &err), WARD_OK);
    *rc = ward_calc(name, args, n, r, &err);
    return r->value;
}

static double ok(const char *name, const char *spec)
{
    ward_calc_result r;
    int rc;
    double v = calc(name, spec, &r, &rc);
    assert_int_equal(rc, WARD_OK);
    return v;
}

static void test_examples(void **state)
{
    (void)state;
    assert_true(fabs(ok("bmi", "weight=70kg height=175cm") - 22.9) < 1e-9);
    assert_true(fabs(ok("bmi", "weight=154.3lb height=1.75m") - 22.9) < 1e-9);
    assert_true(ok("egfr", "creatinine=1.0 age=60 sex=male") == 86);
    assert_true(ok("egfr", "creatinine=1.0mg/dL age=50 sex=female") == 69);
    assert_true(ok("egfr", "creatinine=88.4umol/L age=50 sex=female") == 69);
    assert_true(ok("CHA2DS2-VASc", "age=72 sex=female hypertension=yes diabetes=yes") == 4);
    assert_true(ok("cha2ds2vasc", "age=80 sex=male chf=1 stroke=1 vascular=1") == 6);
    assert_true(ok("has-bled", "hypertension=1 age=70 drugs=yes") == 3);
    assert_true(ok("has-bled", "age=60") == 0);
    ward_calc_result r;
    int rc;
    assert_true(calc("meld-na", "creatinine=1.9 bilirubin=4.2 inr=2.1 sodium=130", &r, &rc) == 29);
    assert_true(r.extra == 26);
    assert_true(ok("meld-na", "creatinine=0.8 bilirubin=0.5 inr=0.9 sodium=140") == 6);  /* floors at 1 */
    assert_true(calc("qtc", "qt=400 heart_rate=75", &r, &rc) == 447);
    assert_true(r.extra == 431);
    assert_true(ok("qtc", "qt=0.4s rr=800ms") == 447);
    assert_true(calc("anion-gap", "sodium=140 chloride=104 bicarbonate=24 albumin=2", &r, &rc) == 12);
    assert_true(r.extra == 17);
    assert_true(ok("corrected-calcium", "calcium=8.0 albumin=2.0") == 9.6);
    assert_true(ok("corrected-calcium", "calcium=2.0mmol/L albumin=20g/L") == 9.6);
}

static void test_refusals(void **state)
{
    (void)state;
    ward_calc_result r;
    int rc;
    calc("egfr", "creatinine=110 age=50 sex=female", &r, &rc);      /* umol/L given as mg/dL */
    assert_int_equal(rc, WARD_EUSAGE);
    calc("egfr", "creatinine=1.0 age=50", &r, &rc);                  /* sex missing */
    assert_int_equal(rc, WARD_EUSAGE);
    calc("egfr", "creatinine=1.0furlongs age=50 sex=male", &r, &rc); /* unknown unit */
    assert_int_equal(rc, WARD_EUSAGE);
    calc("egfr", "creatinine=1.0 age=12 sex=male", &r, &rc);         /* adults only */
    assert_int_equal(rc, WARD_EUSAGE);
    calc("bmi", "weight=70 height=175 shoe=42", &r, &rc);            /* unknown argument */
    assert_int_equal(rc, WARD_EUSAGE);
    calc("qtc", "qt=400", &r, &rc);                                  /* neither rate nor RR */
    assert_int_equal(rc, WARD_EUSAGE);
    calc("nope", "", &r, &rc);
    assert_int_equal(rc, WARD_EUSAGE);
    ward_calc_arg a;
    ward_err err = {0};
    char bad1[] = "weight", bad2[] = "weight=heavy";
    assert_int_equal(ward_calc_parse_arg(bad1, &a, &err), WARD_EUSAGE);
    assert_int_equal(ward_calc_parse_arg(bad2, &a, &err), WARD_EUSAGE);
    size_t n;
    assert_int_equal((int)(ward_calc_list(&n), n), 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_examples), cmocka_unit_test(test_refusals)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
