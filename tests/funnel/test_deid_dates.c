/* test_deid_dates.c — surrogate dates (src/funnel/deid_dates.c): every
 * date shape the rules tag comes back shifted in its own shape and order
 * (tests/fixtures/funnel/deid_dates/surrogate_dates.txt, a fixed shift),
 * and, over many dates and shifts, the surrogate of a date written in a
 * shape is the shifted date written in that shape: a real date, the same
 * shape, the same interval. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "funnel/deid_int.h"
#include "ward/core.h"

/* The surrogates of the spans of one note (spans separated by " | ") under
 * shift, in the same layout. The caller frees it. */
static char *surrogates(const char *note, int shift)
{
    deid_dates dt;
    deid_dates_begin(&dt, shift);
    size_t n = strlen(note);
    for (int pass = 0; pass < 2; pass++) {
        ward_buf out;
        ward_buf_init(&out);
        for (size_t a = 0; a < n;) {
            const char *bar = strstr(note + a, " | ");
            size_t b = bar ? (size_t)(bar - note) : n;
            if (pass == 0) deid_dates_note(&dt, note, a, b);
            else deid_dates_write(&dt, note, a, b, &out);
            if (bar && pass) ward_buf_puts(&out, " | ");
            a = bar ? b + 3 : n;
        }
        if (pass) return ward_buf_steal(&out);
        ward_buf_free(&out);
    }
    return NULL;
}

static void test_shapes(void **state)
{
    (void)state;
    char path[1024], line[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/funnel/deid_dates/surrogate_dates.txt", WARD_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int cases = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab) continue;
        *tab = 0;
        char *got = surrogates(line, -100);
        if (strcmp(got, tab + 1)) print_error("%s -> %s, want %s\n", line, got, tab + 1), bad++;
        free(got);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 60);
    assert_int_equal(bad, 0);
}

/* ---- the property ---- */

static const char *const MONTHS[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};
static const char *const ORD[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                                  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                                  "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first",
                                  "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
                                  "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"};

static const char *suffix(int d)
{
    return d % 100 >= 11 && d % 100 <= 13 ? "th" : d % 10 == 1 ? "st" : d % 10 == 2 ? "nd" : d % 10 == 3 ? "rd" : "th";
}

enum { US, DAY_FIRST, GERMAN, ISO, DOTTED_YY, NAMED, DAY_NAMED, GLUED, COMPACT, SPELLED, ORDINAL,
       US_PARTIAL, DAY_FIRST_PARTIAL, DOTTED_PARTIAL, NAMED_PARTIAL, NSHAPES };

/* Date y-m-d in shape sh. */
static void fmt(int sh, int y, int m, int d, char *s, size_t n)
{
    char mon[4];
    snprintf(mon, sizeof mon, "%.3s", MONTHS[m - 1]);
    for (int i = 0; i < 3; i++) mon[i] = (char)(mon[i] & ~0x20);
    switch (sh) {
    case US: snprintf(s, n, "%02d/%02d/%04d", m, d, y); break;
    case DAY_FIRST: snprintf(s, n, "%d/%d/%04d", d, m, y); break;
    case GERMAN: snprintf(s, n, "%d.%d.%04d", d, m, y); break;
    case ISO: snprintf(s, n, "%04d-%02d-%02d", y, m, d); break;
    case DOTTED_YY: snprintf(s, n, "%02d.%02d.%02d", d, m, y % 100); break;
    case NAMED: snprintf(s, n, "%s %d, %04d", MONTHS[m - 1], d, y); break;
    case DAY_NAMED: snprintf(s, n, "%d %s %04d", d, MONTHS[m - 1], y); break;
    case GLUED: snprintf(s, n, "%02d%s%02d", d, mon, y % 100); break;
    case COMPACT: snprintf(s, n, "%04d%02d%02d", y, m, d); break;
    case SPELLED: snprintf(s, n, "the %s of %s %04d", ORD[d - 1], MONTHS[m - 1], y); break;
    case ORDINAL: snprintf(s, n, "%s %d%s, %04d", MONTHS[m - 1], d, suffix(d), y); break;
    case US_PARTIAL: snprintf(s, n, "%d/%d", m, d); break;
    case DAY_FIRST_PARTIAL: snprintf(s, n, "%d/%d", d, m); break;
    case DOTTED_PARTIAL: snprintf(s, n, "%02d.%02d.", d, m); break;
    default: snprintf(s, n, "%s %d", MONTHS[m - 1], d); break;
    }
}

/* The note's other date, which gives a partial date its year and the
 * numeric ones their order (a day over 12 first, or a month). */
static void context(int sh, int y, char *s, size_t n)
{
    if (sh == DAY_FIRST || sh == DAY_FIRST_PARTIAL) snprintf(s, n, "25/12/%04d", y);
    else snprintf(s, n, "12/25/%04d", y);
}

static void test_property(void **state)
{
    (void)state;
    unsigned long r = 12345;
    int checked = 0;
    for (int i = 0; i < 4000; i++) {
        r = r * 6364136223846793005UL + 1442695040888963407UL;
        int y = 1950 + (int)(r >> 33) % 100;
        long start;
        char iso[16];
        snprintf(iso, sizeof iso, "%04d-01-01", y);
        assert_int_equal(ward_date_days(iso, &start), 0);
        int ny, nm, nd, yy, mm, dd;
        ward_date_civil(start + (long)((r >> 20) % 365), &yy, &mm, &dd);   /* a real date of year y */
        int shift = (int)((r >> 45) % 730) - 365;
        if (!shift) shift = -1;
        ward_date_civil(start + (long)((r >> 20) % 365) + shift, &ny, &nm, &nd);
        for (int sh = 0; sh < NSHAPES; sh++) {
            /* a shape written without leading zeros shows it only with a
             * one-digit day or month ("14/12/2024" could be padded) */
            int unpadded = sh == DAY_FIRST || sh == GERMAN || sh == US_PARTIAL || sh == DAY_FIRST_PARTIAL;
            if (unpadded && mm >= 10 && dd >= 10) continue;
            int two = sh == DOTTED_YY || sh == GLUED;   /* two-digit years read 1950-2049 */
            if (two && (yy < 1950 || yy > 2049)) continue;
            char note[160], ctx[32], date[96], want[96];
            context(sh, yy, ctx, sizeof ctx);
            fmt(sh, yy, mm, dd, date, sizeof date);
            snprintf(note, sizeof note, "%s | %s", ctx, date);
            if (two && (ny < 1950 || ny > 2049)) continue;
            fmt(sh, ny, nm, nd, want, sizeof want);
            char *got = surrogates(note, shift);
            const char *second = strstr(got, " | ");
            assert_non_null(second);
            if (strcmp(second + 3, want)) fail_msg("shift %d: %s -> %s, want %s", shift, date, second + 3, want);
            free(got);
            checked++;
        }
    }
    assert_true(checked > 50000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
