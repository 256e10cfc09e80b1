/* measures.c — values after a vital-sign or lab name: "BP 132/84 mmHg",
 * "T 38.2 C", "Ht 5'7\"", "potassium was low at 3.1 (L)", "Hgb 10.2 g/dL".
 *
 * A value must follow its name within a few filler words ("of", "was",
 * ":"); a name with no value is not a measurement (so "blood pressure
 * control" or "the patient" never become one). Vital values must be
 * physiologically plausible, which keeps dates and counts out. Units are
 * normalized by the lexicon; a vital written without a unit gets the one
 * its value implies (98.6 is Fahrenheit, 37 is Celsius).
 */
#include "lexicon_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int punct_is(const lx_sent *s, size_t k, char c)
{
    return k < s->t->n && s->t->v[k].kind == WARD_TOK_PUNCT && s->text[s->t->v[k].start] == c;
}

static int in_range(const char *v, double lo, double hi)
{
    double x = atof(v);
    return x >= lo && x <= hi;
}

/* Height as feet and inches ("5'7\"", "5 ft 7 in", "5 feet 7 inches") into inches. */
static size_t feet_inches(const lx_sent *s, size_t k, const char *feet, ward_found *c)
{
    char in[16] = "0", unit[24];
    size_t j = k, used = lx_number(s, j, in, sizeof in);
    if (used) {
        j += used;
        size_t ulen = lx_unit(s, j, unit, sizeof unit);
        if (ulen && !strcmp(unit, "in")) j += ulen;
        else if (!ulen) ;
        else j = k, snprintf(in, sizeof in, "0");
    }
    snprintf(c->value, sizeof c->value, "%g", atof(feet) * 12 + atof(in));
    snprintf(c->unit, sizeof c->unit, "in");
    return j - k;
}

static size_t flag(const lx_sent *s, size_t k, ward_found *c);

/* Filler words and flags between a name and its value ("was low at"). */
static size_t before_value(const lx_sent *s, size_t k, ward_found *c)
{
    size_t start = k;
    for (int round = 0; round < 3; round++) {
        size_t f = lx_skip_filler(s, k, 4);
        k += f;
        size_t g = k < s->t->n && s->t->v[k].kind == WARD_TOK_WORD ? flag(s, k, c) : 0;
        k += g;
        if (!f && !g) break;
    }
    return k - start;
}

size_t funnel_parse_vital(const lx_sent *s, size_t j, ward_found *c)
{
    size_t k = j + before_value(s, j, c);
    c->flag[0] = 0;   /* vitals carry no flag */
    char num[24], unit[24] = "";
    size_t used = lx_number(s, k, num, sizeof num);
    if (!used || s->t->v[k].kind != WARD_TOK_NUM) return j;
    k += used;
    const char *n = c->name;
    if (!strcmp(n, "bp")) {
        if (!(punct_is(s, k, '/') || lx_is(s, k, LW_OVER)) || k + 1 >= s->t->n ||
            s->t->v[k + 1].kind != WARD_TOK_NUM)
            return j;
        lx_tok_text(s, k + 1, c->value2, sizeof c->value2);
        snprintf(c->value, sizeof c->value, "%s", num);
        k += 2;
        if (!in_range(c->value, 40, 300) || !in_range(c->value2, 20, 200)) return j;
        size_t ulen = lx_unit(s, k, unit, sizeof unit);
        if (ulen && !strcmp(unit, "mmHg")) k += ulen;
        snprintf(c->unit, sizeof c->unit, "mmHg");
        return k;
    }
    size_t ulen = lx_unit(s, k, unit, sizeof unit);
    /* "98.6 degrees" without F or C */
    if (!ulen && lx_is(s, k, LW_DEGREES)) ulen = 1;
    snprintf(c->value, sizeof c->value, "%s", num);
    int ok = 1;
    if (!strcmp(n, "height") && ulen && !strcmp(unit, "ft")) {
        k += ulen;
        return k + feet_inches(s, k, num, c);
    }
    if (!strcmp(n, "temp")) {
        if (strcmp(unit, "F") && strcmp(unit, "C")) snprintf(unit, sizeof unit, "%s", atof(num) > 50 ? "F" : "C");
        ok = !strcmp(unit, "F") ? in_range(num, 86, 113) : in_range(num, 30, 45);
    } else if (!strcmp(n, "hr") || !strcmp(n, "rr")) {
        if (ulen && strcmp(unit, "/min")) ulen = 0;
        snprintf(unit, sizeof unit, "/min");
        ok = !strcmp(n, "hr") ? in_range(num, 20, 250) : in_range(num, 4, 80);
    } else if (!strcmp(n, "spo2")) {
        if (ulen && strcmp(unit, "%")) ulen = 0;
        snprintf(unit, sizeof unit, "%%");
        ok = in_range(num, 50, 100);
    } else if (!strcmp(n, "bmi")) {
        if (ulen && strcmp(unit, "kg/m2")) ulen = 0;
        snprintf(unit, sizeof unit, "kg/m2");
        ok = in_range(num, 8, 100);
    } else if (!strcmp(n, "weight")) {
        if (ulen && strcmp(unit, "kg") && strcmp(unit, "lb") && strcmp(unit, "g") && strcmp(unit, "oz")) ulen = 0, unit[0] = 0;
        ok = in_range(num, 0.3, 1500);
    } else if (!strcmp(n, "height")) {
        if (ulen && strcmp(unit, "cm") && strcmp(unit, "in") && strcmp(unit, "m")) ulen = 0, unit[0] = 0;
        ok = in_range(num, 0.3, 250);
    }
    if (!ok) return j;
    snprintf(c->unit, sizeof c->unit, "%s", unit);
    return k + ulen;
}

/* Units a lab value may carry: not lengths, weights or temperatures, and
 * not "L" (after a lab value, "L" is the low flag). */
static int lab_unit(const char *u)
{
    static const char *const no[] = {"in", "ft", "lb", "oz", "m", "L", "F", "C", "kg", "cm", "puff", NULL};
    for (int i = 0; no[i]; i++)
        if (!strcmp(u, no[i])) return 0;
    return 1;
}

static size_t flag(const lx_sent *s, size_t k, ward_found *c)
{
    const lx_entry *e;
    size_t len = k < s->t->n ? lx_match(s->lx, s->t, k, LX_BIT(LX_FLAG), &e) : 0;
    if (len && !c->flag[0]) snprintf(c->flag, sizeof c->flag, "%s", lx_str(s->lx, e->value));
    return len;
}

size_t funnel_parse_lab(const lx_sent *s, size_t j, ward_found *c)
{
    size_t k = j + before_value(s, j, c);   /* "potassium was low at 3.1" */
    if (punct_is(s, k, '<') || punct_is(s, k, '>')) k++;
    char num[20];
    size_t used = k < s->t->n && s->t->v[k].kind == WARD_TOK_NUM ? lx_number(s, k, num, sizeof num) : 0;
    if (!used) {
        static const int qual[] = {LW_NEGATIVE, LW_POSITIVE, LW_UNDETECTABLE, LW_DETECTED};
        for (size_t i = 0; i < sizeof qual / sizeof *qual; i++)
            if (lx_is(s, k, qual[i])) {
                snprintf(c->value, sizeof c->value, "%s", lx_word_text[qual[i]]);
                return k + 1;
            }
        return j;
    }
    if (k > 0 && (punct_is(s, k - 1, '<') || punct_is(s, k - 1, '>')))
        snprintf(c->value, sizeof c->value, "%c%s", s->text[s->t->v[k - 1].start], num);
    else
        snprintf(c->value, sizeof c->value, "%s", num);
    k += used;
    if (punct_is(s, k, '-') && k + 1 < s->t->n && s->t->v[k + 1].kind == WARD_TOK_NUM) return j;   /* a range: a goal, not a result */
    if (strlen(num) >= 5 && !strchr(num, '.') && !memchr(s->text + s->t->v[k - used].start, ',',
                                                           s->t->v[k - used].end - s->t->v[k - used].start))
        return j;   /* "CA 94607" is a ZIP code: lab values of 5+ digits are written with commas */
    char unit[24];
    size_t ulen = lx_unit(s, k, unit, sizeof unit);
    if (ulen && lab_unit(unit)) {
        snprintf(c->unit, sizeof c->unit, "%s", unit);
        k += ulen;
    }
    size_t f = flag(s, k, c);
    if (!f && punct_is(s, k, ',') && (f = flag(s, k + 1, c))) f++;   /* "6.2 mIU/L, elevated" */
    return k + f;
}
