/* test_deid_places_tail.c — the rest of a place whose name a rule or the
 * tagger found (deid_places_tail, src/funnel/deid_places.c), by class,
 * with spans given as the tagger or a rule would leave them, so the cases
 * do not depend on the model:
 *  - a head the tagger never tags after a name only it found ("Smoky
 *    Mountain Neurology"), not a hospital's service after its name ("Mercy
 *    Hospital Cardiology", a rule's "Mercy" and "GI");
 *  - kinds of care joined by "&" or "and" ("Lung & Sleep", "Eye and Ear"),
 *    not two places ("Akumin - Fort Myers and Radiology Regional");
 *  - a system's letters after a name or a town ("Whitesburg ARH"), not a
 *    state before its ZIP ("Fairfax VA 22030");
 *  - a head that is not the name's end ("Sentara Health Plans", "REACH Air
 *    Medical ETA") stays;
 *  - a ward's floor after its one word ("Sunrise 5"), not a hospital's
 *    ward ("Methodist 5 North");
 *  - two parts joined by "of" or "de" ("Sisters of Providence"); a place's
 *    opening words before the rest ("Hospital Auxilio Mutuo", "Hospital
 *    General de Tijuana", "UMC El Paso"), not a benefit's name ("Medicare
 *    Hospice Benefit");
 *  - a hospital's head in lower case after its name in lower case.
 * Markup: "[X words]" is a span of type X (F facility, N name, C city) the
 * tagger left (priority 0); "[f words]" a facility a rule found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "funnel/deid_int.h"

typedef struct span {
    size_t a, b;
    int type, prio;
} span;

/* Strips the markup of s into text; returns the spans' count. */
static size_t parse(const char *s, char *text, span *sp)
{
    size_t n = 0, o = 0;
    for (const char *p = s; *p;) {
        if (*p == '[' && p[1] && p[2] == ' ') {
            char k = p[1];
            sp[n].type = k == 'N' ? WARD_PHI_NAME : k == 'C' ? WARD_PHI_CITY : WARD_PHI_FACILITY;
            sp[n].prio = k == 'f' ? PRIO_PLACE : 0;
            sp[n].a = o;
            p += 3;
            while (*p && *p != ']') text[o++] = *p++;
            sp[n++].b = o;
            if (*p) p++;
        } else {
            text[o++] = *p++;
        }
    }
    text[o] = 0;
    return n;
}

static void check(const char *in, const char *want)
{
    char text[512], wtext[512];
    span given[16], expect[16];
    size_t ng = parse(in, text, given), nw = parse(want, wtext, expect);
    assert_string_equal(text, wtext);
    deid_words();
    deid_doc d = {.t = text, .len = strlen(text)};
    deid_tokenize(&d);
    for (size_t i = 0; i < ng; i++) deid_add(&d, given[i].a, given[i].b, given[i].type, given[i].prio);
    size_t n = deid_places_tail(&d, d.nc);
    int ok = n == nw;
    for (size_t i = 0; ok && i < n; i++)
        ok = d.c[i].a == expect[i].a && d.c[i].b == expect[i].b && d.c[i].type == expect[i].type;
    if (!ok) {
        fprintf(stderr, "case: %s\n want: %s\n got:", in, want);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " [%d %.*s]", d.c[i].type, (int)(d.c[i].b - d.c[i].a), text + d.c[i].a);
        fprintf(stderr, "\n");
    }
    free(d.tk);
    free(d.c);
    assert_true(ok);
}

static void test_heads(void **state)
{
    (void)state;
    check("From: [F Smoky Mountain] Neurology   Fax: 865", "From: [F Smoky Mountain Neurology]   Fax: 865");
    check("MRI at [F Summit Open] MRI: complete tear.", "MRI at [F Summit Open MRI]: complete tear.");
    check("respite at [F Cypress] House discussed.", "respite at [F Cypress House] discussed.");
    check("unchanged vs VMCE ([F Vista Medical Center] East) CT", "unchanged vs VMCE ([F Vista Medical Center East]) CT");
    check("nearest ED [F Vista Medical Center] East CT scanner", "nearest ED [F Vista Medical Center] East CT scanner");
    /* a hospital and its service: the service is no part of the name */
    check("Kind regards, Hope Dean, MD, [f Mercy] GI", "Kind regards, Hope Dean, MD, [f Mercy] GI");
    check("To: [F Tufts Medical Center] Hepatology", "To: [F Tufts Medical Center] Hepatology");
    /* a heading in capitals after a name: its words are the heading's */
    check("FOLLOW UP: [F KAISER ANAHEIM] NEUROLOGY; SLP", "FOLLOW UP: [F KAISER ANAHEIM] NEUROLOGY; SLP");
    /* a head followed by a word of another kind: not the name's end */
    check("Member Paxton Greer, [F Sentara] Health Plans ID", "Member Paxton Greer, [F Sentara] Health Plans ID");
    check("Ride: [F REACH Air] Medical ETA 17:40", "Ride: [F REACH Air] Medical ETA 17:40");
    check("cardiac rehab is at [F central dupage] hospital starting monday",
          "cardiac rehab is at [F central dupage hospital] starting monday");
    check("went to the [F mercy] rehab gym", "went to the [F mercy] rehab gym");
}

static void test_pairs(void **state)
{
    (void)state;
    check("Pulm f/u at [F Northwest Arkansas Lung] & Sleep with Dr. Beau",
          "Pulm f/u at [F Northwest Arkansas Lung & Sleep] with Dr. Beau");
    check("Admitted to [F Mass Eye] and Ear (MEEI).", "Admitted to [F Mass Eye and Ear] (MEEI).");
    check("To: [F Gurwin Jewish Nursing] & Rehabilitation Center    Fax",
          "To: [F Gurwin Jewish Nursing & Rehabilitation Center]    Fax");
    /* two places, or a hospital and its institute */
    check("Images from [F Akumin - Fort Myers] and Radiology Regional.",
          "Images from [F Akumin - Fort Myers] and Radiology Regional.");
    check("Cardiology: [f Pikeville Medical Center] Heart & Vascular Institute;",
          "Cardiology: [f Pikeville Medical Center] Heart & Vascular Institute;");
}

static void test_letters(void **state)
{
    (void)state;
    check("Ava Fields, Medical Staff Office, [C Whitesburg] ARH", "Ava Fields, Medical Staff Office, [F Whitesburg ARH]");
    check("PCP: [N Lake City] VAMC PACT team", "PCP: [F Lake City VAMC] PACT team");
    check("Mailed to 200 Main St, [C Fairfax] VA 22030", "Mailed to 200 Main St, [C Fairfax] VA 22030");
    check("Labs: UMC [C El Paso] outpatient lab", "Labs: [F UMC El Paso] outpatient lab");
    check("Bleed due to SAH [N Smith] noted", "Bleed due to SAH [N Smith] noted");
}

static void test_wards(void **state)
{
    (void)state;
    check("Discussed with Dr. Baek (hospitalist, [F Sunrise] 5); agrees.",
          "Discussed with Dr. Baek (hospitalist, [F Sunrise 5]); agrees.");
    check("To OR; admit to [F Bledsoe] 4 post-op.", "To OR; admit to [F Bledsoe 4] post-op.");
    check("Pick up: [f Methodist] 5 North, bed 22.", "Pick up: [f Methodist] 5 North, bed 22.");
    check("Pt seen at [F Mercy] 2 times this year.", "Pt seen at [F Mercy] 2 times this year.");
}

static void test_joins(void **state)
{
    (void)state;
    check("Location: [F Sisters] of [F Providence] Residence", "Location: [F Sisters of Providence] Residence");
    check("slipped outside [F Sunrise] of [C Parma] assisted living", "slipped outside [F Sunrise of Parma] assisted living");
    check("NOTA — Hospital [N Auxilio Mutuo], San Juan", "NOTA — [F Hospital Auxilio Mutuo], San Juan");
    check("Origin: Hospital General de [C Tijuana], IMSS", "Origin: [F Hospital General de Tijuana], IMSS");
    check("Agree with the diagnosis of Mt. [N Carmel]; HER2", "Agree with the diagnosis of [F Mt. Carmel]; HER2");
    /* not a place's word before the name: a benefit, a word of a sentence */
    check("Medicare Hospice [N Benefit] elected", "Medicare Hospice [N Benefit] elected");
    check("Met with [N Ann Lee] of [C Boston] today", "Met with [N Ann Lee] of [C Boston] today");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heads), cmocka_unit_test(test_pairs), cmocka_unit_test(test_letters),
        cmocka_unit_test(test_wards), cmocka_unit_test(test_joins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
