/* deid_brands.c — places of care named by their brand alone.
 *
 * People name a hospital, a health system, a home-health agency or an
 * oxygen supplier by its brand, without a head noun or a cue: "DME from
 * Lincare", "records from UNC Rex", "saw her at OHSU", "Amedisys home
 * health start of care". The rules that look for a head ("X Hospital") or
 * a cue ("transferred to X") miss them, and the brands are a closed set:
 * data/deid_words.tsv lists them with the letter B (health systems,
 * academic centres and their letters, chains of nursing homes, home
 * health, hospice, dialysis, medical supplies, rehabilitation, urgent care,
 * air ambulances). Chains of pharmacies and laboratories are not listed:
 * "the Walgreens pharmacy", "labs at Quest" stay (a chain names no place).
 *
 * Ideas a reader needs:
 *  - An entry may have several words ("Kaiser Permanente", "Baylor Scott &
 *    White", "Cedars-Sinai"); its first word carries W_BRANDPFX (in the
 *    token's tag) and the text from there is looked up whole, longest first.
 *  - A brand that is also a word, a name or a city ("Select", "Mercy",
 *    "Providence", "Banner") names a place only where a place stands: after
 *    "at", "from", "to"... or a facility cue, or before its site ("Mercy St.
 *    Vincent", "Select Kingsport"). A brand of its own ("Lincare", "Ochsner")
 *    needs neither.
 *  - The site after the brand is part of the name: "Kaiser Permanente
 *    Roseville", "PeaceHealth SW", "Legacy Salmon Creek".
 *  - Not before a clinical noun: "Mayo stand", "Ochsner clamp".
 */
#include "funnel/deid_int.h"

#include <ctype.h>

/* deid_text_key (deid_int.h): the lower-case key of the text of tokens [i, k]. */
size_t deid_text_key(const deid_doc *d, size_t i, size_t k, char *key, size_t cap_)
{
    size_t n = 0;
    for (size_t b = TK(i).a; b < TK(k).b; b++) {
        unsigned char c = (unsigned char)d->t[b];
        if (c == ' ' || c == '\t') {
            if (n && key[n - 1] == ' ') continue;
            c = ' ';
        } else if (c == 0xE2 && b + 2 < TK(k).b && (unsigned char)d->t[b + 1] == 0x80 &&
                   ((unsigned char)d->t[b + 2] == 0x99)) {
            c = '\'', b += 2;
        }
        if (n + 1 >= cap_) return 0;
        key[n++] = (char)c;
    }
    return deid_lower_key(key, n);
}

/* The token after the longest listed brand at i; *alone gets whether the
 * entry is only a brand (no other class: not a word, a name, a city). */
static size_t brand_end(const deid_doc *d, size_t i, int *alone, int *eponym, uint32_t *flags)
{
    static const char *const small[] = {"of", "the", "at", "and", "de", "la", "s"};
    char key[72];
    size_t best = 0;
    int lower = !cap(d, i);
    for (size_t k = i; k < d->n && k < i + 6 && (k == i || !TK(k).nl); k++) {
        /* every word of a brand capitalized: "Right at Home", not "right at
         * home"; in lower case (lower_brand) every word in lower case */
        if ((TK(k).shape & T_ALPHA) && (lower ? (TK(k).shape & T_CAP) != 0 : !cap(d, k)) &&
            !tok_in(d, k, small, sizeof small / sizeof *small))
            break;
        size_t kn = deid_text_key(d, i, k, key, sizeof key);
        if (!kn) break;
        uint32_t f = deid_word_flags(key, kn);
        if (f & W_BRAND) best = k + 1, *alone = !(f & ~(uint32_t)(W_BRAND | W_BRANDPFX)), *eponym = (f & W_EPONYM) != 0, *flags = f;
    }
    return best;
}

/* A word of a brand's site: "Roseville", "Salmon Creek", "St. Vincent",
 * "SW"; not a clinical word, a head, a title, a month or a cue. */
static int site_word(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k) || !(TK(k).shape & T_ALPHA)) return 0;
    static const char *const compass[] = {"n", "s", "e", "w", "ne", "nw", "se", "sw"};
    if (TK(k).shape & T_UPPER) return tok_in(d, k, compass, sizeof compass / sizeof *compass);
    return TLEN(k) >= 2 &&
           !(TK(k).w & (W_KEEP | W_MONTH | W_STATE | W_TITLE | W_STOP | W_FAC | W_FAC2 | W_CRED | W_CUE | W_HEAD));
}

/* A clinical noun in the next words, in any case, before a place's head:
 * "Mayo score", "Stanford Sleepiness Scale", "Lahey clamp" (not "Duke
 * Cancer Center"). */
static int clinical_near(const deid_doc *d, size_t k)
{
    for (size_t q = k; q < d->n && q < k + 4 && !TK(q).nl && (TK(q).shape & T_ALPHA); q++) {
        if (TK(q).w & (W_FAC | W_FAC2)) return 0;
        if (TK(q).w & W_HEAD) return 1;
    }
    return 0;
}

/* A brand that is also an eponym before a noun in lower case is an
 * instrument ("the Mayo stand", "with Frazier dissectors"); a function
 * word, a place's head ("Mayo facility", "Ochsner clinic") may follow. */
static int noun_after(const deid_doc *d, size_t k)
{
    static const char *const place[] = {"facility", "campus", "location", "office", "system", "where", "hospital",
                                        "for", "in", "on", "and", "or", "but", "since", "until", "today", "now"};
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP)) return 0;
    return !(TK(k).w & W_STOP) && !(TK(k).tag & TAG_LHEAD) && !tok_in(d, k, place, sizeof place / sizeof *place);
}

/* Where a place stands (deid_place_position); an instrument's eponym
 * ("with Ochsner", "a Vanderbilt") needs "at", "from" or "to". */
static int place_position(const deid_doc *d, size_t i, size_t end, int eponym)
{
    if (eponym && i > 0 && is_p(d, i - 1, '(')) return 0;   /* "(Mayo)" beside an instrument */
    return deid_place_position(d, i, end, eponym ? 3 : 9);
}

/* A word of a brand's site in lower case: a town's ("kaiser riverside",
 * "mercyone des moines", "spaulding cambridge"), a compass's ("baptist
 * east"), a surname of five letters or more ("kaiser moreno valley"). */
static int lower_site_word(const deid_doc *d, size_t k)
{
    static const char *const compass[] = {"north", "south", "east", "west", "northwest", "northeast", "southwest",
                                          "southeast", "downtown", "midtown"};
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP)) return 0;
    uint32_t w = TK(k).w;
    if (w & (W_KEEP | W_STOP | W_MONTH | W_TITLE | W_CRED | W_RELATIVE | W_HEAD | W_CUE | W_FAC | W_FAC2)) return 0;
    if (tok_in(d, k, compass, sizeof compass / sizeof *compass)) return 1;
    if ((w & (W_CITY | W_CITYPFX)) && !(w & W_COMMON)) return 1;
    return (w & (W_FIRST | W_LAST)) && !(w & W_COMMON) && TLEN(k) >= 5;
}

/* "my cardiologist at sentara", "transfer to mercyone des moines", "the er
 * at kaiser riverside", "wle at moffitt": messages and dictation write a
 * brand in lower case. Only where a place stands (after "at", "from",
 * "to", "via", a facility's cue), an entry that is no clinical term, town,
 * month or function word; one that is also an everyday word ("kaiser",
 * "swedish") only before its site; an eponym not before a noun ("to
 * spaulding", not "a lahey clamp"). */
static void lower_brand(deid_doc *d, size_t i)
{
    int alone = 0, eponym = 0;
    uint32_t f = 0;
    size_t end = brand_end(d, i, &alone, &eponym, &f);
    if (!end || (f & (W_KEEP | W_CITY | W_STATE | W_MONTH | W_STOP | W_TITLE | W_CRED | W_HEAD | W_RELATIVE))) return;
    static const char *const town_ends[] = {"valley", "hills", "heights", "springs", "beach", "city", "park"};
    size_t e = end;
    while (e < end + 2 && lower_site_word(d, e)) e++;
    if (e > end && e < end + 3 && e < d->n && !TK(e).nl && tok_in(d, e, town_ends, sizeof town_ends / sizeof *town_ends)) e++;   /* "moreno valley" */
    if ((f & W_COMMON) && e == end) return;
    if (!deid_place_position(d, i, e, 4) || clinical_near(d, e) ||
        (eponym && (noun_after(d, e) || (is_p(d, e, '\'') && tok_eq(d, e + 1, "s", 1)))))
        return;
    deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

void deid_brand(deid_doc *d, size_t i)
{
    int alone = 0, eponym = 0;
    uint32_t f = 0;
    if (!cap(d, i)) {
        if (!(TK(i).shape & T_CAP) && (TK(i).shape & T_ALPHA)) lower_brand(d, i);
        return;
    }
    if (i > 0 && (tok_eq(d, i - 1, "a", 1) || tok_eq(d, i - 1, "an", 2))) return;   /* "a Vanderbilt" */
    size_t end = brand_end(d, i, &alone, &eponym, &f);
    if (!end) return;
    /* a brand in capitals is a brand's letters ("OHSU") or a letterhead of
     * its own; a word in capitals ("SELECT") is a heading's */
    if ((TK(i).shape & T_UPPER) && !alone && TLEN(i) > 1) return;
    if (clinical_near(d, end)) return;                             /* "Mayo score" */
    size_t e = end;
    for (size_t words = 0; words < 3;) {
        if (tok_eq(d, e, "st", 2) && cap(d, e) && !TK(e).nl && is_p(d, e + 1, '.') && glued(d, e + 1) && site_word(d, e + 2))
            e += 3, words += 2;                                    /* "Mercy St. Vincent" */
        else if (site_word(d, e))
            e++, words++;
        else
            break;
    }
    if (clinical_near(d, e) || (eponym && (noun_after(d, e) || (is_p(d, e, '\'') && tok_eq(d, e + 1, "s", 1))))) return;
    /* a person after a brand that is also a name: "Banner Smith" */
    if (!alone && e == end + 1 && (TK(end).w & (W_FIRST | W_LAST)) && !(TK(end).w & W_CITY) && !place_position(d, i, e, eponym)) return;
    if (!alone && e == end && !place_position(d, i, e, eponym)) return;
    deid_add_toks(d, i, deid_facility_tail(d, e), WARD_PHI_FACILITY, PRIO_PLACE);
}

/* A capitalized word of a place's name (not a clinical word, a title, a
 * function word, a month or a cue). */
static int name_word(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && TLEN(k) >= 3 &&
           !(TK(k).w & (W_KEEP | W_TITLE | W_STOP | W_MONTH | W_CUE | W_CRED | W_FAC | W_FAC2));
}

void deid_kind_head(deid_doc *d, size_t i)
{
    static const char *const acuity[] = {"far", "near", "distance", "distant", "corrected", "uncorrected", "best"};
    size_t end = 0;
    if (tok_eq(d, i, "children", 8) && cap(d, i) && !(TK(i).shape & T_UPPER) && is_p(d, i + 1, '\'') &&
        glued(d, i + 1) && tok_eq(d, i + 2, "s", 1) && glued(d, i + 2))
        end = i + 3;                                   /* "Dell Children's" */
    else if ((tok_eq(d, i, "va", 2) || tok_eq(d, i, "vamc", 4) || tok_eq(d, i, "cboc", 4)) && (TK(i).shape & T_UPPER) &&
             !(i + 1 < d->n && !TK(i + 1).nl && ((TK(i + 1).shape & T_DIGIT) || is_p(d, i + 1, ':'))) &&
             !(i > 0 && tok_in(d, i - 1, acuity, sizeof acuity / sizeof *acuity)))
        end = i + 1;   /* "Hines VA", "Rio Vista CBOC" (not "Richmond VA 23220", "Far VA 20/20": visual acuity) */
    if (!end || (end < d->n && !TK(end).nl && cap(d, end) && (TK(end).w & (W_FAC | W_FAC2)))) return;   /* the head rule's */
    size_t a = i;
    while (a > 0 && i - a < 3 && !TK(a).nl && name_word(d, a - 1)) a--;
    size_t t = a > 0 && is_p(d, a - 1, '.') ? a - 1 : a;   /* not a person: "Dr. Roe VA" */
    if (a < i && !(t > 0 && (TK(t - 1).w & W_TITLE))) deid_add_toks(d, a, end, WARD_PHI_FACILITY, PRIO_PLACE);
}
