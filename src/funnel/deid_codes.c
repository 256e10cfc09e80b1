/* deid_codes.c — identifiers known by their place on a line or their
 * shape rather than by a cue word: record numbers of dashed digit groups
 * ("26-339-07712", "44718-057", "(77-10-448)"), the user names that open the turns of a chat log
 * ("[09:03] jmarsh: ...", "cm_tlopez: went to ...", "<jdoe> ok"), and the
 * postal codes of other countries beside a town ("Cape Town 7925",
 * "Melbourne VIC 3004", "Hyderabad 500034", "90419 Nürnberg", "1015 CJ
 * Amsterdam", "30-688 Kraków", "01310-100 São Paulo").
 *
 * Ideas a reader needs:
 *  - A chat log is told by its lines, not by one line: a speaker counts
 *    only when the line before or after it opens with a speaker too. A
 *    note's "plan: ..." is one line; a chat's turns come in a row.
 *  - A user name is lower case letters and digits joined by '.' or '_'
 *    ("dr.achebe", "rn_oconnell", "jpatel2"). A plain word needs to be
 *    unknown to the word lists ("tmoreno", not "nurse"); a joined one
 *    needs an unknown part or a person's name ("cm_tlopez",
 *    "chaplain.roberts"; not "consent_date") unless a time stamp opens
 *    the line ("[19:04] charge_rn:"), which only a chat's turns carry.
 *    A plain word of four letters ("lkeo") is weak: it counts beside a
 *    speaker that is not; a speaker that is not weak may count a
 *    person's turn beside it ("tina: pt arriving" after "bedboard_2:").
 *  - A postal code of digits alone is a number like any other: it counts
 *    after a place already found (a town, a place of care, an address)
 *    or an Australian state's capitals, ending its field; or opening the
 *    line after a street's house number, before the town's words that end
 *    that line. A year or a clock time after a place stays ("Boston 2019",
 *    "Deaconess ED, 1522") unless a state's capitals stand between.
 *  - Every walk stays on one line or its neighbour, each line is walked
 *    a bounded number of times, so the pass is linear in the note.
 */
#include "funnel/deid_int.h"

#include <ctype.h>

/* A time stamp at k: "[09:03]", "(21:11:05)"; returns the token after it, or k. */
static size_t stamp_end(const deid_doc *d, size_t k)
{
    size_t q = k;
    int open = is_p(d, q, '[') || is_p(d, q, '(');
    if (open) q++;
    if (!digits(d, q, 1, 2) || !is_p(d, q + 1, ':') || !digits(d, q + 2, 2, 2)) return k;
    q += 3;
    if (is_p(d, q, ':') && digits(d, q + 1, 2, 2)) q += 2;
    if (open && !(is_p(d, q, ']') || is_p(d, q, ')'))) return k;
    return open ? q + 1 : q;
}

/* A listed given name or surname that is no everyday word, clinical or
 * function word ("roberts", "tina"; not "will", "grace"). */
static int listed_name(const deid_doc *d, size_t k)
{
    return (TK(k).w & (W_FIRST | W_LAST)) && !(TK(k).w & (W_COMMON | W_KEEP | W_STOP | W_CUE | W_EPONYM)) &&
           !deid_english_word(d, k);
}

/* deid_int.h: the chain of parts of a user name at s. */
size_t deid_user_chain(const deid_doc *d, size_t s, int lower, size_t *len, size_t *marks, int *unknown)
{
    size_t e = s;
    *len = *marks = 0;
    if (unknown) *unknown = 0;
    while (e < d->n && (e == s || glued(d, e))) {
        if (TK(e).shape & (T_ALPHA | T_MIXED | T_DIGIT)) {
            for (size_t q = TK(e).a; q < TK(e).b; q++) {
                unsigned char c = (unsigned char)d->t[q];
                if (lower && (isupper(c) || c >= 0x80)) return *len = 0, s;
                *marks += isdigit(c) != 0;
            }
            if (unknown && !*unknown &&
                ((TK(e).shape & (T_MIXED | T_DIGIT)) || (!TK(e).w && !deid_english_word(d, e) && !deid_lower_word(d, e))))
                *unknown = 1;
        } else if ((is_p(d, e, '.') || is_p(d, e, '_')) && e > s && e + 1 < d->n && glued(d, e + 1) &&
                   (TK(e + 1).shape & (T_ALPHA | T_MIXED | T_DIGIT))) {
            (*marks)++;
        } else {
            break;
        }
        *len += TLEN(e), e++;
    }
    return e;
}

/* A value at k: a number that ends the line or stands before a unit or a
 * sign, not before a word ("94%", "7.32", "<900", "48"; not "2 more
 * hours?"). A flowsheet's or a lab table's line gives a value after its
 * name ("spo2: 94% on RA", "[08:00] etco2: 35", "ldl_c: 130"), and such a
 * name has the digits and joins of a user name; a chat's turns say words,
 * though one may answer with a number ("jpatel2: 4"). */
static int value_after(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return 0;
    if ((is_p(d, k, '-') || is_p(d, k, '+') || is_p(d, k, '<') || is_p(d, k, '>') || is_p(d, k, '~')) && k + 1 < d->n &&
        glued(d, k + 1))
        k++;
    if (k >= d->n || !(TK(k).shape & T_DIGIT)) return 0;
    return k + 1 >= d->n || TK(k + 1).nl || !(TK(k + 1).shape & (T_ALPHA | T_MIXED)) || glued(d, k + 1);
}

/* The speaker that opens the line whose first token is f: after a time
 * stamp maybe, a user name then ':' and a space ("jmarsh: ok"), or the name
 * in angle brackets ("<jdoe> ok"). Returns the name's end (0: none) and
 * sets *s to its first token, *stamped when a time stamp came first,
 * *valued when a value follows the ':' (see value_after), *weak 0 for a
 * name with digits or joins or after a stamp ("jmorales_rn:"), 1 for a
 * plain word ("tmoreno:"), 2 for a plain word of four letters ("lkeo:"),
 * which counts only beside a speaker of 0 (see pair). */
static size_t speaker(const deid_doc *d, size_t f, size_t *s, int *stamped, int *valued, int *weak)
{
    *weak = 0;
    size_t k = stamp_end(d, f);
    *stamped = k > f;
    int angle = is_p(d, k, '<') && glued(d, k + 1);
    if (angle) k++;
    if (k >= d->n || (k > f && TK(k).nl) || !(TK(k).shape & (T_ALPHA | T_MIXED))) return 0;
    size_t len, marks;
    int unknown;
    size_t e = deid_user_chain(d, k, 1, &len, &marks, &unknown);
    if (e == k || len < 4 || !glued(d, e)) return 0;
    if (angle ? !is_p(d, e, '>') : !(is_p(d, e, ':') && e + 1 < d->n && (TK(e + 1).sp || TK(e + 1).nl))) return 0;
    int plain = e == k + 1 && !marks;
    for (size_t q = k; !plain && !unknown && q < e; q++) unknown = listed_name(d, q);   /* "chaplain.roberts" */
    if (plain ? !unknown : !unknown && !*stamped) return 0;
    if (e == k + 1 && (TK(k).w & (W_STOP | W_KEEP | W_CUE))) return 0;
    *weak = !plain || *stamped ? 0 : len < 5 ? 2 : 1;
    *s = k;
    *valued = !angle && value_after(d, e + 1);
    return e;
}

/* Bounds of the walks to a neighbouring line (a longer line is no chat's). */
enum { LINE_MAX_TOKENS = 120 };

/* The first token of the line before the line that starts at f, or 0 with
 * *ok 0 when there is none near. */
static size_t line_before(const deid_doc *d, size_t f, int *ok)
{
    *ok = 0;
    if (f == 0) return 0;
    size_t q = f - 1;
    for (size_t n = 0; n < LINE_MAX_TOKENS; n++, q--) {
        if (q == 0 || TK(q).nl) return *ok = 1, q;
    }
    return 0;
}

/* The first token of the line after token k's line (d->n: none near). */
static size_t line_after(const deid_doc *d, size_t k)
{
    for (size_t n = 0; k < d->n && n < LINE_MAX_TOKENS; n++, k++)
        if (TK(k).nl) return k;
    return d->n;
}

/* The line whose first token is f opens with a person's given name in
 * lower case and ':' ("tina: pt arriving from the ER"): a chat's turn by
 * a person, which a speaker beside it counts; the name is then a NAME. */
static int name_turn(deid_doc *d, size_t f)
{
    size_t k = stamp_end(d, f);
    if (!(k < d->n && (k == f || !TK(k).nl) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP) &&
          (TK(k).w & W_FIRST) && listed_name(d, k) && is_p(d, k + 1, ':') && glued(d, k + 1) && k + 2 < d->n &&
          (TK(k + 2).sp || TK(k + 2).nl)))
        return 0;
    deid_add_toks(d, k, k + 1, WARD_PHI_NAME, PRIO_NAME);
    return 1;
}

/* Two speakers on neighbouring lines make a chat's turns, unless one is a
 * plain word of four letters ("recs:") and the other no handle with
 * digits or joins ("dispo: home\nrecs: PT eval" is a note's). */
static int pair(int w1, int w2) { return w1 + w2 <= 2; }

/* Whether a chat's turns stand around the speaker's line [f, e): the line
 * before or after opens with a speaker too (see pair); a handle with
 * digits or joins may count a person's named turn instead (name_turn). A
 * line giving a value needs a turn of words within two lines, through
 * speakers' lines (lines that all give values are a lab table's:
 * "spo2: 94%\nfio2: 40%"). */
static int turns_near(deid_doc *d, size_t f, size_t e, int valued, int weak)
{
    size_t q = f, s, end;
    int ok, st, v, w;
    for (int n = 0; n < 2; n++) {                       /* the lines before */
        q = line_before(d, q, &ok);
        if (!ok) break;
        if (!speaker(d, q, &s, &st, &v, &w)) {
            if (!weak && !valued && name_turn(d, q)) return 1;
            break;
        }
        if ((!valued || !v) && pair(weak, w)) return 1;
    }
    for (int n = 0; n < 2; n++) {                       /* the lines after */
        q = line_after(d, e);
        if (q >= d->n) break;
        if (!(end = speaker(d, q, &s, &st, &v, &w))) {
            if (!weak && !valued && name_turn(d, q)) return 1;
            break;
        }
        if ((!valued || !v) && pair(weak, w)) return 1;
        e = end;
    }
    return 0;
}

/* A chat's speaker at token i (i opens its line or follows a time stamp or
 * '<'): the user name is an ID when the turns of a chat stand around it
 * (turns_near). Returns the token after the name, or 0. */
size_t deid_chat_user(deid_doc *d, size_t i)
{
    size_t f = i;                                       /* the line's first token */
    while (f > 0 && !TK(f).nl && i - f < 8) f--;
    if (f > 0 && !TK(f).nl) return 0;
    size_t s;
    int st, v, w;
    size_t e = speaker(d, f, &s, &st, &v, &w);
    if (!e || s != i || !turns_near(d, f, e, v, w)) return 0;
    deid_add_toks(d, s, e, WARD_PHI_ID, PRIO_CUED);
    return e;
}

/* ---- postal codes of other countries ---- */

int deid_cand_ends(const deid_doc *d, size_t b, unsigned types)
{
    for (size_t c = d->nc; c > 0 && d->nc - c < 6; c--)
        if (d->c[c - 1].b == b && ((types >> d->c[c - 1].type) & 1u)) return 1;
    return 0;
}

/* A place (town, place of care, address) was found ending at byte b. */
static int place_ends(const deid_doc *d, size_t b)
{
    return deid_cand_ends(d, b, 1u << WARD_PHI_CITY | 1u << WARD_PHI_FACILITY | 1u << WARD_PHI_ADDRESS);
}

/* An Australian state's capitals at k ("VIC", "NSW"; as written, in capitals). */
static int au_state(const deid_doc *d, size_t k)
{
    static const char *const states[] = {"VIC", "NSW", "QLD", "TAS", "SA", "WA", "NT", "ACT"};
    if (k >= d->n || !(TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA)) return 0;
    for (size_t q = 0; q < sizeof states / sizeof *states; q++)
        if (TLEN(k) == strlen(states[q]) && !memcmp(d->t + TK(k).a, states[q], TLEN(k))) return 1;
    return 0;
}

/* Word k is none of the lists' clinical, everyday, month, title or
 * credential words: what a town's word is not. */
static int unlisted(const deid_doc *d, size_t k)
{
    return !(TK(k).w & (W_KEEP | W_STOP | W_MONTH | W_TITLE | W_CRED));
}

static int town_name(const deid_doc *d, size_t k);
static int town_word(const deid_doc *d, size_t k);

/* A state's capitals at p after its town on the line ("Melbourne VIC").
 * Alone, SA, NT, ACT and WA are clinical letters ("HR 88, SA 1200",
 * "ACT 1200", "BNP NT 4500"). */
static int town_state(const deid_doc *d, size_t p)
{
    if (!au_state(d, p) || p == 0 || TK(p).nl) return 0;
    size_t t = p - 1;
    if (place_ends(d, TK(t).b)) return 1;
    if ((TK(t).shape & T_UPPER) && (TK(t).shape & T_ALPHA))          /* "MELBOURNE VIC"; not "BNP NT 4500" */
        return TLEN(t) > 4 && unlisted(d, t);
    if (TK(t).nl)                                 /* it may open its line ("\nCarlton VIC 3053"), not a lab ("ProBNP NT") */
        for (size_t b = TK(t).a + 1; b < TK(t).b; b++)
            if (d->t[b] >= 'A' && d->t[b] <= 'Z') return 0;
    return town_name(d, t);
}

/* deid_int.h: the digits of a postal code at k. */
size_t deid_postal_digits(const deid_doc *d, size_t k, int world)
{
    if (!digits(d, k, world ? 2 : 4, 6)) return 0;
    size_t e = k + 1;
    if (is_p(d, e, '-') && glued(d, e) && glued(d, e + 1) && digits(d, e + 1, 3, 4) &&
        (!world || ((TLEN(k) == 5 || TLEN(k) == 2) && TLEN(e + 1) == 3)))
        e += 2;                                          /* Brazil, Poland; a ZIP+4 */
    else if (TLEN(k) < 4)
        return 0;
    if (e < d->n && glued(d, e) && !is_p(d, e, ',') && !is_p(d, e, '.') && !is_p(d, e, ')') && !is_p(d, e, ';'))
        return 0;
    return e;
}

/* The field ends at k: the line's end, a column gap, ',', ';', ')' or a
 * sentence's '.'. */
static int ends_field(const deid_doc *d, size_t k)
{
    return deid_field_end(d, k, ",;)") || (is_p(d, k, '.') && !(k + 1 < d->n && glued(d, k + 1) && (TK(k + 1).shape & T_DIGIT)));
}

/* Four digits that read as a year (1900-2099) or, with clock, as a clock
 * time (0000-2359): what a place's name may stand before ("Boston 2019",
 * "Deaconess ED, 1522", "Dr. Sam Thrall 0750"). */
static int year_like(const deid_doc *d, size_t k, size_t e, int clock)
{
    long v = e == k + 1 && TLEN(k) == 4 ? num(d, k) : -1;
    return deid_year(v) || (clock && v >= 0 && v / 100 < 24 && v % 100 < 60);
}

/* A town's word after a postal code: capitalized, no clinical, month,
 * title or everyday word ("90419 Nürnberg", not "1200 Calories"). */
static int town_name(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && unlisted(d, k) && !deid_english_word(d, k);
}

static int town_word(const deid_doc *d, size_t k)
{
    return town_name(d, k) && !TK(k).nl;
}

static int room_word(const deid_doc *d, size_t p);

/* Token k ends a street's line: a house number ("Jakubowskiego 2",
 * "Keizersgracht 123", "Str. 1a") after a capitalized word or its '.'. */
static int house_number_ends(const deid_doc *d, size_t k)
{
    if (k == 0 || k >= d->n || !(TK(k).shape & (T_DIGIT | T_MIXED)) || TLEN(k) > 4 || !isdigit((unsigned char)d->t[TK(k).a]))
        return 0;
    size_t p = k - 1;
    if (is_p(d, p, '.') && p > 0) p--;
    return !TK(k).nl && (cap(d, p) || (TK(p).shape & T_ALPHA)) && !room_word(d, p);   /* not "Bed 12\n0800 Rounds" */
}

/* A postal code that opens a line after a street's line, or follows the
 * street and a comma, before the town's words that end the line:
 * "...Str. 1\n90419 Nürnberg", "Keizersgracht 123, 1015 CJ Amsterdam". */
static int before_town(const deid_doc *d, size_t i, size_t e)
{
    size_t p = i - 1;
    int opens = TK(i).nl ? house_number_ends(d, p) : is_p(d, p, ',') && p > 0 && house_number_ends(d, p - 1);
    if (!opens) return 0;
    size_t k = e, words = 0;
    while (town_word(d, k) && words < 4) {
        if ((TK(k).w & W_STREET) || TLEN(k) == 1) return 0;   /* "Space 41, 8800 E Valley Blvd": a street's number */
        k++, words++;
        if ((is_p(d, k, '-') || is_p(d, k, '.')) && glued(d, k) && town_word(d, k + 1)) k++;
    }
    return words && (k >= d->n || TK(k).nl || is_p(d, k, ',') || is_p(d, k, '.'));
}

/* The Netherlands' "1015 CJ": four digits, a space, two capitals. */
static size_t dutch_letters(const deid_doc *d, size_t i, size_t e)
{
    if (e != i + 1 || TLEN(i) != 4 || d->t[TK(i).a] == '0' || e >= d->n || TK(e).nl || !TK(e).sp || TLEN(e) != 2 ||
        !(TK(e).shape & T_UPPER) || !(TK(e).shape & T_ALPHA) || !town_word(d, e + 1))
        return e;
    return e + 1;
}

/* A word of rooms and wards, or of a count, before their number ("Ward
 * 4471", "Suite 2200", "Zone 3", "Day 2"): what follows it is no postal
 * code, and its number no house's. */
static int room_word(const deid_doc *d, size_t p)
{
    static const char *const rooms[] = {"ward", "room", "rm", "bed", "suite", "ste", "unit", "floor", "bay", "pod", "box",
                                        "apt", "building", "bldg", "level", "station", "extension", "ext", "pager",
                                        "zone", "step", "stage", "phase", "day", "week", "cycle", "shift", "dose", "grade"};
    return tok_in(d, p, rooms, sizeof rooms / sizeof *rooms);
}

/* A capitalized word at p ends a town's name on a street's line: a
 * street's kind ("Road", "Street") stands before it on the line, a few
 * words back ("Main Road, Observatory Cape Town 7925"), written in full
 * (a doctor's "Dr." is no Drive). */
static int town_on_street_line(const deid_doc *d, size_t p)
{
    if (!cap(d, p) || (TK(p).w & (W_KEEP | W_MONTH | W_TITLE | W_CRED | W_STREET | W_FAC | W_FAC2))) return 0;
    for (size_t k = p, n = 0; k > 0 && n < 16 && !TK(k).nl; k--, n++)
        if ((TK(k - 1).w & W_STREET) && cap(d, k - 1) && TLEN(k - 1) >= 4) return 1;   /* not "Dr." */
    return 0;
}

/* A postal code at digit token i (see the file's header); the token
 * after it, or 0. */
size_t deid_world_postcode(deid_doc *d, size_t i)
{
    /* Sweden's "114 55" (and Greece's, Czechia's "110 00") before the town,
     * after a street: "Drottninggatan 12, 114 55 Stockholm" */
    if (digits(d, i, 3, 3) && i > 0 && digits(d, i + 1, 2, 2) && TK(i + 1).sp && !TK(i + 1).nl && before_town(d, i, i + 2)) {
        deid_add_toks(d, i, i + 2, WARD_PHI_ZIP, PRIO_DATE);
        return i + 2;
    }
    size_t e = deid_postal_digits(d, i, 1);
    if (!e || i == 0) return 0;
    size_t p = i - 1;
    if (is_p(d, p, ',') && p > 0) p--;
    int after_place = !TK(i).nl && TK(i).sp && !room_word(d, p) &&
                      (((place_ends(d, TK(p).b) || town_on_street_line(d, p)) && !year_like(d, i, e, 1)) || town_state(d, p));
    if (after_place && ends_field(d, e)) {
        deid_add_toks(d, i, e, WARD_PHI_ZIP, PRIO_DATE);
        return e;
    }
    size_t z = dutch_letters(d, i, e);
    if (!year_like(d, i, e, 0) && before_town(d, i, z)) {
        deid_add_toks(d, i, z, WARD_PHI_ZIP, PRIO_DATE);
        return z;
    }
    return 0;
}

/* ---- record numbers of digit groups ---- */

/* The word before i names a measure read several times, or is "trend":
 * "FSBS 145-168-210", "SBP 110-120-130", "BG trend 145-168-210". */
static int trend_before(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"fsbs", "cbg", "bg", "bgs", "glucose", "glucoses", "sugars", "sbp", "dbp", "bp",
                                    "hr", "rr", "map", "pulse", "temps", "readings", "trend", "fs", "accuchecks"};
    if (i == 0 || TK(i).nl) return 0;
    return tok_in(d, i - 1, w, sizeof w / sizeof *w);
}

/* A law's citation around the code at i: "under" or "per" before it and,
 * in the same sentence, a code of laws or a section ("category I under
 * 296-20-240 and ... under WAC 296-20-270"), or an everyday word of law
 * right after it and "of" ("per 296-20-280 of the code"; "filed under
 * 26-339-07712 rules apply" is a claim). "filed under
 * 26-339-07712" has no such word and stays an identifier, and so does
 * "... and the adjuster will apply the rules": "rules", "code", "act" and
 * "title" are everyday words further off. The look is bounded either
 * side, so the pass stays linear. */
static int law_citation(const deid_doc *d, size_t i, size_t e)
{
    static const char *const law[] = {"wac", "rcw", "cfr", "usc", "section", "sections", "sec", "statute", "statutes",
                                      "regulation", "regulations", "chapter", "ors", "\xc2\xa7"};
    static const char *const near[] = {"code", "rule", "rules", "act", "title", "law", "laws"};
    if (i == 0 || !(tok_eq(d, i - 1, "under", 5) || tok_eq(d, i - 1, "per", 3))) return 0;
    for (size_t k = i - 1; k > 0 && i - k < 16 && !TK(k).nl && !is_p(d, k - 1, ';'); k--) {
        if (is_p(d, k - 1, '.') && TK(k).sp) break;                /* the sentence before */
        if (tok_in(d, k - 1, law, sizeof law / sizeof *law)) return 1;
    }
    for (size_t k = e; k < d->n && k < e + 16 && !TK(k).nl && !is_p(d, k, ';'); k++) {
        if (is_p(d, k, '.') && (k + 1 >= d->n || TK(k + 1).sp)) break;
        if (tok_in(d, k, law, sizeof law / sizeof *law) ||
            (k < e + 3 && tok_eq(d, e, "of", 2) && tok_in(d, k, near, sizeof near / sizeof *near)))
            return 1;
    }
    return 0;
}

/* Record numbers of digit groups joined by dashes, without a cue: three
 * groups or more with eight digits ("26-339-07712", "00-441-872"; seven in
 * parentheses after a name: "(77-10-448)"), a year's two digits before
 * five or more ("26-99120", "26-004471"), a group with a leading zero
 * after five digits ("44718-057"). Phones, SSNs and dates are taken
 * before; ranges ("10-15", "1500-2000", "120-180") have two groups and no
 * leading zero, ZIP+4 has four digits after five, sets of exercise
 * ("30-15-15-15") and drug codes ("0169-4132-12") end in a group of two.
 * Returns the token after it, or 0. */
size_t deid_digit_code(deid_doc *d, size_t i)
{
    if (i > 0 && glued(d, i) && !is_p(d, i - 1, '(') && !is_p(d, i - 1, '[') && !is_p(d, i - 1, '#'))
        return 0;                                      /* inside a longer token run */
    size_t k = i, groups = 0, ndig = 0, shortest = 99, longest = 0;
    int lead0 = 0;
    for (;;) {
        if (!(TK(k).shape & T_DIGIT)) return 0;
        groups++, ndig += TLEN(k), shortest = TLEN(k) < shortest ? TLEN(k) : shortest;
        longest = TLEN(k) > longest ? TLEN(k) : longest, lead0 |= d->t[TK(k).a] == '0';
        if (!(k + 2 < d->n && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && (TK(k + 2).shape & T_DIGIT)))
            break;
        k += 2;
    }
    size_t e = k + 1;
    if (e < d->n && glued(d, e) && ((TK(e).shape & (T_ALPHA | T_DIGIT | T_MIXED)) || is_p(d, e, '-') || is_p(d, e, '/') ||
                                    (is_p(d, e, '.') && e + 1 < d->n && glued(d, e + 1) && (TK(e + 1).shape & T_DIGIT))))
        return 0;
    int bracketed = i > 0 && is_p(d, i - 1, '(') && is_p(d, e, ')');
    long first = num(d, i);
    const char *last = d->t + TK(k).a;
    /* a drug's NDC ("NDC 0406-0552-01"), a code's section ("WAC 296-20-240", "section 296-20-290") */
    static const char *const systems[] = {"ndc", "wac", "rcw", "cfr", "usc", "icd", "cpt", "section", "sec", "\xc2\xa7"};
    size_t p = i > 0 && is_p(d, i - 1, '(') ? i - 1 : i;
    if (p > 0 && tok_in(d, p - 1, systems, sizeof systems / sizeof *systems)) return 0;
    if (law_citation(d, i, e)) return 0;
    /* three readings of a trend after their measure ("FSBS 145-168-210")
     * have no group of four digits and no leading zero */
    int ok = (groups >= 3 && shortest >= 2 && TLEN(k) >= 3 && (ndig >= 8 || (bracketed && ndig >= 7)) &&
              (bracketed || longest >= 4 || lead0 || !trend_before(d, i))) ||
             (groups == 2 && TLEN(i) == 2 && first >= 19 && first <= 30 && TLEN(k) >= 5 && TLEN(k) <= 7 &&
              !(last[TLEN(k) - 1] == '0' && last[TLEN(k) - 2] == '0')) ||   /* not "20-25000" */
             (groups == 2 && TLEN(i) >= 5 && TLEN(i) <= 6 && TLEN(k) >= 2 && TLEN(k) <= 3 && last[0] == '0');
    if (!ok) return 0;
    deid_add_toks(d, i, e, WARD_PHI_ID, PRIO_BARE_ID);
    return e;
}

/* An alien registration number: the letter A and three groups of
 * three digits ("A 212 448 901"); no measure is written so. Returns the
 * token after it, or 0. */
size_t deid_letter_groups(deid_doc *d, size_t i)
{
    /* the letter A: "P 112 108 104" is a pulse's trend, "B 500 250 125 mg" doses */
    if (TLEN(i) != 1 || d->t[TK(i).a] != 'A' || (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT))) return 0;
    for (size_t k = i + 1; k < i + 4; k++)
        if (!digits(d, k, 3, 3) || !TK(k).sp || TK(k).nl) return 0;
    size_t e = i + 4;
    if (e < d->n && !TK(e).nl && ((glued(d, e) && !(TK(e).shape & T_PUNCT)) || (TK(e).shape & T_DIGIT))) return 0;
    deid_add_toks(d, i, e, WARD_PHI_ID, PRIO_BARE_ID);
    return e;
}
