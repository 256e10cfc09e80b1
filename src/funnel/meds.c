/* meds.c — medication attributes after a drug name, MedEx style:
 * strength + unit ("500 mg"), dose ("1 tablet", "2 puffs"), route ("p.o."),
 * frequency ("b.i.d.", "every 6 hours"), PRN ("as needed") and duration
 * ("for 7 days", "x10 days").
 *
 * The parser walks forward from the name and takes what it recognizes, in
 * any order, skipping at most a few unknown words ("extended release",
 * "take") between attributes. It stops at another drug name, a ';', a new
 * line, a terminator word or too many unknown words, so a list line
 * "Lisinopril 10 mg daily, metformin 500 mg b.i.d." gives two medications.
 */
#include "lexicon_int.h"

#include <stdio.h>
#include <string.h>

static int punct_is(const lx_sent *s, size_t k, char c)
{
    return k < s->t->n && s->t->v[k].kind == WARD_TOK_PUNCT && s->text[s->t->v[k].start] == c;
}

/* "every 5 hours", "q 5 h", "q5h" not in the lexicon: q{N}h. */
static size_t every_n_hours(const lx_sent *s, size_t k, char *out, size_t cap)
{
    if (!(lx_is(s, k, LW_EVERY) || lx_is(s, k, LW_Q))) return 0;
    char n[8];
    size_t used = lx_number(s, k + 1, n, sizeof n);
    if (!used) return 0;
    size_t u = k + 1 + used;
    if (lx_is(s, u, LW_HOURS) || lx_is(s, u, LW_HOUR) || lx_is(s, u, LW_H) || lx_is(s, u, LW_HR) ||
        lx_is(s, u, LW_HRS)) {
        snprintf(out, cap, "q%sh", n);
        return u + 1 - k;
    }
    return 0;
}

/* "for 7 days", "x 10 days", "x10d", "times 2 weeks", "for a week". */
static size_t duration(const lx_sent *s, size_t k, char *out, size_t cap)
{
    const funnel_toks *t = s->t;
    static const struct { int w; const char *unit; } units[] = {
        {LW_DAY, "day"}, {LW_DAYS, "day"}, {LW_D, "day"}, {LW_WEEK, "week"}, {LW_WEEKS, "week"},
        {LW_WK, "week"}, {LW_WKS, "week"}, {LW_MONTH, "month"}, {LW_MONTHS, "month"}, {LW_MO, "month"}};
    size_t j = k;
    if (lx_is(s, j, LW_FOR) || lx_is(s, j, LW_X) || lx_is(s, j, LW_TIMES) || lx_is(s, j, LW_OVER))
        j++;
    else if (k < t->n && t->v[k].kind == WARD_TOK_WORD && (s->text[t->v[k].start] | 32) == 'x' &&
             t->v[k].end - t->v[k].start > 1) {
        /* "x10d" is one word: x, digits, unit letters */
        const char *p = s->text + t->v[k].start + 1, *e = s->text + t->v[k].end;
        int num = 0, nd = 0;
        for (; p < e && *p >= '0' && *p <= '9'; p++, nd++)
            if (nd < 4) num = num * 10 + (*p - '0');   /* over 3 digits is refused: no overflow */
        if (!nd || nd > 3) return 0;
        if (p == e) {   /* "x10 days": the unit is the next word */
            for (size_t u = 0; u < sizeof units / sizeof *units; u++)
                if (lx_is(s, k + 1, units[u].w)) {
                    snprintf(out, cap, "%d %s%s", num, units[u].unit, num == 1 ? "" : "s");
                    return 2;
                }
            return 0;
        }
        for (size_t u = 0; u < sizeof units / sizeof *units; u++)
            if ((size_t)(e - p) == strlen(lx_word_text[units[u].w]) &&
                !strncasecmp(p, lx_word_text[units[u].w], (size_t)(e - p))) {
                snprintf(out, cap, "%d %s%s", num, units[u].unit, num == 1 ? "" : "s");
                return 1;
            }
        return 0;
    } else {
        return 0;
    }
    char n[16];
    size_t used = lx_number(s, j, n, sizeof n);
    if (!used && (lx_is(s, j, LW_A) || lx_is(s, j, LW_AN)))
        snprintf(n, sizeof n, "1"), used = 1;
    if (!used) return 0;
    j += used;
    if (j < t->n && t->v[j].kind == WARD_TOK_WORD)
        for (size_t u = 0; u < sizeof units / sizeof *units; u++)
            if (lx_is(s, j, units[u].w)) {
                snprintf(out, cap, "%s %s%s", n, units[u].unit, strcmp(n, "1") ? "s" : "");
                return j + 1 - k;
            }
    return 0;
}

/* Strength ("500 mg") or dose ("1 tablet", "1-2 tabs", "1/2 tablet"). */
static size_t amount(const lx_sent *s, size_t k, ward_found *c)
{
    char n[16], unit[24];
    size_t used = lx_number(s, k, n, sizeof n);
    if (!used) return 0;
    size_t j = k + used;
    /* ranges and fractions: "1-2", "1/2" */
    if ((punct_is(s, j, '-') || punct_is(s, j, '/')) && j + 1 < s->t->n &&
        s->t->v[j + 1].kind == WARD_TOK_NUM) {
        size_t len = strlen(n);
        snprintf(n + len, sizeof n - len, "%c", s->text[s->t->v[j].start]);
        lx_tok_text(s, j + 1, n + len + 1, sizeof n - len - 1);
        j += 2;
    }
    const lx_entry *e;
    size_t flen = lx_match(s->lx, s->t, j, LX_BIT(LX_FORM), &e);
    if (flen) {
        if (!c->dose[0]) snprintf(c->dose, sizeof c->dose, "%s %s", n, lx_str(s->lx, e->value));
        return j + flen - k;
    }
    size_t ulen = lx_unit(s, j, unit, sizeof unit);
    if (ulen && !c->strength[0]) {
        snprintf(c->strength, sizeof c->strength, "%s", n);
        snprintf(c->unit, sizeof c->unit, "%s", unit);
        if (!strcmp(unit, "units") && !c->dose[0]) snprintf(c->dose, sizeof c->dose, "%s units", n);
        return j + ulen - k;
    }
    return 0;
}

size_t funnel_parse_medication(const lx_sent *s, size_t j, ward_found *c)
{
    const funnel_toks *t = s->t;
    size_t end = j, unknown = 0;
    for (size_t k = j; k < t->n && unknown <= 3;) {
        const funnel_tok *tk = &t->v[k];
        if (tk->nl_before) break;
        if (tk->kind == WARD_TOK_PUNCT) {
            char ch = s->text[tk->start];
            if (ch == ';' || ch == '.') break;
            k++;
            continue;
        }
        const lx_entry *e;
        size_t len;
        if (lx_match(s->lx, t, k, LX_BIT(LX_MEDICATION), &e)) break;   /* the next drug */
        if ((len = duration(s, k, c->duration, sizeof c->duration)) ||
            (len = amount(s, k, c)) ||
            (len = every_n_hours(s, k, c->freq, sizeof c->freq))) {
        } else if ((len = lx_match(s->lx, t, k, LX_BIT(LX_ROUTE) | LX_BIT(LX_FREQ) | LX_BIT(LX_PRN), &e))) {
            const char *v = lx_str(s->lx, e->value);
            if (e->type == LX_PRN) c->prn = 1;
            else if (e->type == LX_ROUTE && !c->route[0]) snprintf(c->route, sizeof c->route, "%s", v);
            else if (e->type == LX_FREQ && !c->freq[0]) snprintf(c->freq, sizeof c->freq, "%s", v);
        } else if (lx_is(s, k, LW_AND) || lx_is(s, k, LW_BUT) || lx_is(s, k, LW_WITH) || lx_is(s, k, LW_WHICH)) {
            break;
        } else {
            unknown++;
            k++;
            continue;
        }
        unknown = 0;
        k += len;
        end = k;
    }
    return end;
}
