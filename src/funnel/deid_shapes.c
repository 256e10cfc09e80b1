/* deid_shapes.c — identifiers recognised by their shape, and places.
 *
 * Shapes: e-mail addresses and URLs, phone and fax numbers, SSNs, IP
 * addresses, dates (numeric, with a month name, partial ones after a cue),
 * ages over 89, record numbers after a cue ("MRN: 00123456"), long codes
 * without one, ZIP codes after a state. Places: street addresses, PO
 * boxes, rural routes, streets named after "on"/"at", cities (known ones,
 * "City, ST", after an address, where someone lives or travels) and
 * facilities ("St. Mary's Hospital", "Sunrise Dialysis Unit", "St. Luke's",
 * "Riverside Regional", a place after "transferred to", "Hospital del
 * Sagrado Corazón", a letterhead above an address, a facility named again
 * by its first two words) and the town after one.
 *
 * Ideas a reader needs:
 *  - Numbers are ambiguous: "5/5" is a strength, "3/14" a date only after a
 *    cue ("on 3/14", "Saturday 3/8"), in a range, or where a date stands (a
 *    heading, a title line, after a dash); "555-0100" is a phone, "5 MG SQ"
 *    not a street. Each rule says what it needs before it claims a span.
 *  - Months that are words (May, March) need a number or a cue.
 *  - A facility's head noun (Hospital; weak ones: Unit, Center, a
 *    specialty) needs a proper name before it: "Intensive Care Unit" is a
 *    service, "Sunrise Dialysis Unit" a place.
 *  - A place word followed by a clinical noun names a test, not a place
 *    ("Cincinnati stroke scale"); a column gap ends a field.
 */
#include "funnel/deid_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- shapes ---- */

static int url_char(unsigned char c)
{
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\'' && c < 0x7F;
}

static size_t tok_at_or_after(const deid_doc *d, size_t i, size_t byte)
{
    while (i < d->n && TK(i).b <= byte) i++;
    return i;
}

/* e-mail around an '@' token; URLs at http(s)/ftp/www. Returns next token. */
static size_t web(deid_doc *d, size_t i)
{
    const char *t = d->t;
    if (is_p(d, i, '@') && i > 0 && glued(d, i) && glued(d, i + 1)) {
        size_t a = TK(i).a, b = TK(i).b;
        while (a > 0 && (isalnum((unsigned char)t[a - 1]) || strchr("._%+-", t[a - 1]))) a--;
        while (b < d->len && (isalnum((unsigned char)t[b]) || t[b] == '.' || t[b] == '-')) b++;
        while (b > TK(i).b && (t[b - 1] == '.' || t[b - 1] == '-')) b--;
        if (a < TK(i).a && memchr(t + TK(i).b, '.', b - TK(i).b)) {
            deid_add(d, a, b, WARD_PHI_EMAIL, PRIO_WEB);
            return tok_at_or_after(d, i, b);
        }
    }
    if ((TK(i).shape & T_ALPHA) &&
        ((tok_eq(d, i, "http", 4) || tok_eq(d, i, "https", 5) || tok_eq(d, i, "ftp", 3)) ? is_p(d, i + 1, ':') && glued(d, i + 1)
         : tok_eq(d, i, "www", 3) ? is_p(d, i + 1, '.') && glued(d, i + 1) : 0)) {
        size_t a = TK(i).a, b = a;
        while (b < d->len && url_char((unsigned char)t[b])) b++;
        while (b > a && strchr(".,;:)]!?", t[b - 1])) b--;
        deid_add(d, a, b, WARD_PHI_URL, PRIO_WEB);
        return tok_at_or_after(d, i, b);
    }
    /* bare domains: name.com, name.org/path */
    if ((TK(i).shape & (T_ALPHA | T_MIXED)) && is_p(d, i + 1, '.') && glued(d, i + 1) && glued(d, i + 2) &&
        i + 2 < d->n && (tok_eq(d, i + 2, "com", 3) || tok_eq(d, i + 2, "org", 3) || tok_eq(d, i + 2, "net", 3) ||
                         tok_eq(d, i + 2, "edu", 3) || tok_eq(d, i + 2, "gov", 3) || tok_eq(d, i + 2, "io", 2)) &&
        !(i + 3 < d->n && glued(d, i + 3) && (TK(i + 3).shape & T_ALPHA))) {
        size_t a = TK(i).a, b = TK(i + 2).b;
        while (a > 0 && (isalnum((unsigned char)t[a - 1]) || t[a - 1] == '.' || t[a - 1] == '-')) a--;
        if (b < d->len && t[b] == '/')
            while (b < d->len && url_char((unsigned char)t[b])) b++;
        while (b > a && strchr(".,;:)]!?", t[b - 1])) b--;
        deid_add(d, a, b, WARD_PHI_URL, PRIO_WEB);
        return tok_at_or_after(d, i, b);
    }
    return i + 1;
}

static int valid_md(long m, long dd) { return m >= 1 && m <= 12 && dd >= 1 && dd <= 31; }

/* The separator between phone groups before token k: 1 for a glued '-' or
 * '.', 0 for a space, -1 for neither. */
static int gap(const deid_doc *d, size_t k)
{
    if (k >= d->n) return -1;
    if ((is_p(d, k, '-') || is_p(d, k, '.')) && glued(d, k) && glued(d, k + 1)) return 1;
    if (TK(k).sp && !TK(k).nl && (TK(k).shape & T_DIGIT)) return 0;
    return -1;
}

/* A phone's last group with its extension glued on: "0190x12". */
static int ext_glued(const deid_doc *d, size_t k)
{
    if (k >= d->n) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    if (k >= d->n || !(TK(k).shape & T_MIXED) || n < 6 || n > 11 || (p[4] != 'x' && p[4] != 'X')) return 0;
    for (size_t q = 0; q < n; q++)
        if (q != 4 && !isdigit((unsigned char)p[q])) return 0;
    return 1;
}

/* A phone number at i: "(617) 555-0100", "617-555-0100", "617.555.0100",
 * "+1 617 555 0100", "555-0100", with an extension. Spaces between groups
 * only with a cue or a prefix. Returns the token after it, or 0. */
static size_t phone_end(const deid_doc *d, size_t i, int cued)
{
    size_t k = i;
    int strong = cued, g, area = 0;
    if (is_p(d, k, '+') && digits(d, k + 1, 1, 3) && glued(d, k + 1)) {
        k += 2;
        if ((g = gap(d, k)) < 0 && !is_p(d, k, '(')) return 0;
        k += g > 0 ? 1 : 0;
        strong = 1;
    } else if (tok_eq(d, k, "1", 1) && (g = gap(d, k + 1)) >= 0 && digits(d, k + 1 + g, 3, 3) &&
               (g || cued)) {
        k += 1 + g;
        strong = 1;
    } else if (tok_eq(d, k, "1", 1) && is_p(d, k + 1, '(') && TK(k + 1).sp && !TK(k + 1).nl && digits(d, k + 2, 3, 3) &&
               is_p(d, k + 3, ')')) {
        k++;                                           /* "1 (414) 555-0103" */
    }
    if (is_p(d, k, '(') && digits(d, k + 1, 3, 3) && is_p(d, k + 2, ')')) {
        k += 3;
        if (is_p(d, k, '-')) k++;
        area = strong = 1;
    } else if (digits(d, k, 3, 3) && (g = gap(d, k + 1)) >= 0 && digits(d, k + 1 + g, 3, 3)) {
        size_t k2 = k + 1 + g;
        int g2 = gap(d, k2 + 1);
        if (g2 >= 0 && (digits(d, k2 + 1 + g2, 4, 4) || ext_glued(d, k2 + 1 + g2)) && (g2 == g || strong)) k = k2, area = 1;
    }
    if (!digits(d, k, 3, 3) || (g = gap(d, k + 1)) < 0 || !(digits(d, k + 1 + g, 4, 4) || ext_glued(d, k + 1 + g)))
        return 0;
    if (!g && !strong && !(area && d->t[TK(i).a] >= '2')) return 0;
    if (!area && !strong && i > 0 && glued(d, i) && (is_p(d, i - 1, '-') || is_p(d, i - 1, '/') || is_p(d, i - 1, '.')))
        return 0;
    k += 2 + g;
    if (k < d->n && glued(d, k) && ((TK(k).shape & T_DIGIT) || ((is_p(d, k, '-') || is_p(d, k, '/')) && digits(d, k + 1, 1, 9))))
        return 0;                                   /* part of a longer number */
    return deid_ext_after(d, k);                    /* " x12", "ext. 204", "extension 21" on its line */
}

static size_t ssn_end(const deid_doc *d, size_t i)
{
    if (digits(d, i, 3, 3) && is_p(d, i + 1, '-') && digits(d, i + 2, 2, 2) && is_p(d, i + 3, '-') &&
        digits(d, i + 4, 4, 4) && glued(d, i + 1) && glued(d, i + 2) && glued(d, i + 3) && glued(d, i + 4) &&
        !(i + 5 < d->n && glued(d, i + 5) && (TK(i + 5).shape & T_DIGIT)))
        return i + 5;
    return 0;
}

/* A short extension or pager number after its word: "pager 4471", "ext.
 * 6650", "Ext 5512"; not a year ("pager since 2019" has no number here). */
static int cand_ends(const deid_doc *d, size_t b, int type);

static size_t extension(const deid_doc *d, size_t i)
{
    const char *x = d->t + TK(i).a;
    if ((x[0] == 'x' || x[0] == 'X') && (TK(i).shape & T_MIXED) && TLEN(i) >= 5 && TLEN(i) <= 6 && i > 0 && TK(i).sp &&
        (tok_eq(d, i - 1, "at", 2) || tok_eq(d, i - 1, "page", 4) || tok_eq(d, i - 1, "pager", 5) || tok_eq(d, i - 1, "or", 2))) {
        for (size_t q = 1; q < TLEN(i); q++)
            if (!isdigit((unsigned char)x[q])) return 0;
        return i + 1;                                  /* "page me at x5512" */
    }
    if (!digits(d, i, 1, 5) || i == 0 || TK(i).nl) return 0;
    size_t p = i - 1, e = i + 1;
    if ((is_p(d, p, '.') || is_p(d, p, ':') || is_p(d, p, '#')) && p > 0) p--;
    int pager = tok_eq(d, p, "pager", 5) || tok_eq(d, p, "beeper", 6) || tok_eq(d, p, "pgr", 3);
    /* an extension of two digits or more: "ext. 21"; "x 4471" after a phone's digits */
    int ext = (tok_eq(d, p, "ext", 3) && (p < i - 1 || digits(d, i, 4, 5))) ||
              (tok_eq(d, p, "x", 1) && p > 1 && !TK(p).nl &&
               (cand_ends(d, TK(p - 1).b, WARD_PHI_PHONE) || (is_p(d, p - 1, ',') && cand_ends(d, TK(p - 2).b, WARD_PHI_PHONE))));
    /* a pager's number with its prefix: "pager 2-7714" */
    if (pager && digits(d, i, 1, 1) && is_p(d, e, '-') && glued(d, e) && glued(d, e + 1) && digits(d, e + 1, 4, 5)) e += 2;
    else if (!(digits(d, i, 4, 5) || (ext && digits(d, i, 2, 5)))) return 0;
    if (!pager && !ext && !((tok_eq(d, p, "extension", 9)) && digits(d, i, 4, 5))) return 0;
    if (e < d->n && glued(d, e) && !is_p(d, e, '.') && !is_p(d, e, ',') && !is_p(d, e, ')') && !is_p(d, e, ';'))
        return 0;
    return e;
}

static size_t ip_end(const deid_doc *d, size_t i)
{
    for (int k = 0; k < 4; k++) {
        size_t t = i + 2 * (size_t)k;
        if (!digits(d, t, 1, 3) || num(d, t) > 255 || (k && !(is_p(d, t - 1, '.') && glued(d, t - 1) && glued(d, t))))
            return 0;
    }
    return i + 7;
}

static int date_sep(const deid_doc *d, size_t k)
{
    return (is_p(d, k, '/') || is_p(d, k, '-') || is_p(d, k, '.')) && glued(d, k) && glued(d, k + 1);
}

/* A spaced dash: " - ", " – ", " — ". */
static int spaced_dash(const deid_doc *d, size_t k)
{
    if (k >= d->n || !TK(k).sp || k + 1 >= d->n || !TK(k + 1).sp || TK(k).nl || TK(k + 1).nl) return 0;
    return is_p(d, k, '-') || long_dash(d, k);
}

/* An en dash glued between two dates: "11/28–11/30". */
static int en_dash(const deid_doc *d, size_t k)
{
    return k < d->n && TLEN(k) == 3 && !memcmp(d->t + TK(k).a, "\xE2\x80\x93", 3);
}

/* Words after "m/d" that make it a ratio, not a date: 5/5 strength, 8/10 pain. */
static int ratio_follows(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"strength", "pain", "murmur", "scale", "power", "motor", "reflexes",
                                    "vision", "bilaterally", "throughout", "grip", "bottles", "cultures", "nodes",
                                    "sets", "tabs", "tablets", "doses", "points", "criteria", "positive", "negative",
                                    "lymph", "cores", "fields", "joints", "items", "correct", "quadrants", "od", "os",
                                    "ou", "mmhg", "mm", "cm", "mg", "ml", "mixture", "inch", "inches", "objects", "of", "tab",
                                    "sessions", "cycles", "visits", "weeks", "days", "times", "treatments", "fractions",
                                    "vials", "attempts", "trials", "words", "digits", "patients", "units"};
    return k < d->n && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Words before "m/d" that make it a ratio or a score: "pain 8/10",
 * "Mini-Cog 1/5", "murmur grade 2/6". */
static int ratio_precedes(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"pain", "strength", "murmur", "grade", "score", "scored", "scale", "power",
                                    "motor", "reflexes", "vision", "cog", "sirs", "cam", "gcs", "apgar", "x", "grip", "hct", "ratio",
                                    "bipap", "cpap", "ipap", "epap", "peep", "vent", "settings", "apgars", "nodes"};
    for (size_t k = i; k > 0 && i - k < 3 && !TK(k).nl; k--) {
        /* "pain since 9/13": a date word between ends the look back */
        if (tok_eq(d, k - 1, "since", 5) || tok_eq(d, k - 1, "on", 2) || tok_eq(d, k - 1, "until", 5)) return 0;
        if (tok_in(d, k - 1, w, sizeof w / sizeof *w)) return 1;
    }
    return 0;
}

/* "m/d" stands where a date does: after a heading in capitals on its line
 * ("SIGN-OUT 7/8", "PROGRESS NOTE — 9/3"), or as a field of its own after a
 * dash ("Adm — 3/30"), ended by the line end,
 * a column gap or a time. Simple fractions (1/2, 3/4) stay. */
static int date_field(const deid_doc *d, size_t i, size_t end)
{
    int head = 1, words = 0;
    for (size_t k = i; k > 0 && head; k--) {
        if (TK(k).nl) break;
        head = (TK(k - 1).shape & T_PUNCT) || ((TK(k - 1).shape & T_UPPER) && (TK(k - 1).shape & T_ALPHA));
        words += (TK(k - 1).shape & T_ALPHA) ? (TLEN(k - 1) >= 5 ? 2 : 1) : 0;   /* "HGB 9/10" is a lab */
        if (TK(k - 1).nl) break;
    }
    int closes = end >= d->n || TK(end).nl || TK(end).a - TK(end - 1).b >= 2 || is_p(d, end, '.') ||
                 (digits(d, end, 1, 2) && is_p(d, end + 1, ':') && digits(d, end + 2, 2, 2));   /* 3/14 09:30 */
    if (head && words >= 2 && !is_p(d, i - 1, ':') && (closes || is_p(d, end, ','))) return 1;   /* not "DIFFICULTY: 1/4" */
    /* a title line of its own: "Wound care note 7/22" opening the text or
     * after a blank line, words only before the date */
    size_t s = i;
    while (s > 0 && !TK(s).nl && i - s < 6 && (TK(s - 1).shape & T_ALPHA)) s--;
    if ((s == 0 || TK(s).nl >= 2) && s < i && i - s >= 2 && cap(d, s) &&
        (end >= d->n || TK(end).nl || (is_p(d, end, '.') && (end + 1 >= d->n || cap(d, end + 1)))))
        return 1;                                      /* "Case conference 11/6. Present:" */
    long a = num(d, i), b = num(d, i + 2);
    int fraction = a < b && b <= 4;
    /* after a dash; not after a colon: "PREP: 4/4." rates a bowel preparation */
    return closes && !fraction && i > 0 && (is_p(d, i - 1, '-') || (TLEN(i - 1) == 3 && !memcmp(d->t + TK(i - 1).a, "\xE2\x80\x94", 3)));
}

/* A time of day at k on the same line: "0215", "14:20", "9:30 AM"
 * ("4/12 0215" is a date and a time, as in a nursing note's entries). */
static int clock_after(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !TK(k).sp || !(TK(k).shape & T_DIGIT)) return 0;
    long v = num(d, k);
    /* not part of a longer number or code: "0230", "0230-0300", "0230," */
    if (TLEN(k) == 4 && v % 100 < 60 && v / 100 < 24 &&
        !(k + 1 < d->n && glued(d, k + 1) &&
          (!(TK(k + 1).shape & T_PUNCT) || is_p(d, k + 1, '/') || (is_p(d, k + 1, '.') && glued(d, k + 2) && digits(d, k + 2, 1, 9)))))
        return 1;
    if (TLEN(k) <= 2 && v < 24 && is_p(d, k + 1, ':') && glued(d, k + 1) && glued(d, k + 2) && k + 2 < d->n &&
        (TK(k + 2).shape & T_MIXED) && TLEN(k + 2) == 4 && isdigit((unsigned char)d->t[TK(k + 2).a + 1]) &&
        (!strncasecmp(d->t + TK(k + 2).a + 2, "am", 2) || !strncasecmp(d->t + TK(k + 2).a + 2, "pm", 2)))
        return 1;                                      /* "10/9 8:02pm" */
    return TLEN(k) <= 2 && v < 24 && is_p(d, k + 1, ':') && glued(d, k + 1) && digits(d, k + 2, 2, 2) && glued(d, k + 2);
}

/* "11/26", "5/02": a month and a day that no score or ratio takes: a
 * number written with a leading zero, or a day over 12 that is not the
 * maximum of a common score (GCS x/15, MoCA x/30, PHQ-9 x/27, DAS28
 * x/28, color plates x/14...). */
static int date_shaped(const deid_doc *d, size_t i)
{
    long dd = num(d, i + 2);
    if ((TLEN(i) == 2 && d->t[TK(i).a] == '0') || (TLEN(i + 2) == 2 && d->t[TK(i + 2).a] == '0')) return 1;
    static const long score_max[] = {14, 15, 16, 18, 20, 24, 25, 27, 28, 30};
    if (dd < 13) return 0;
    for (size_t i = 0; i < sizeof score_max / sizeof *score_max; i++)
        if (dd == score_max[i]) return 0;
    return 1;
}

/* Token k is a short name in capitals, maybe with digits or a lower-case
 * letter inside ("GCS", "MoCA", "PHQ9"): a score's or a lab's name. */
static int acronym(const deid_doc *d, size_t k)
{
    if (!(TK(k).shape & (T_ALPHA | T_MIXED)) || TLEN(k) < 2 || TLEN(k) > 6) return 0;
    int caps = 0;
    for (size_t q = TK(k).a; q < TK(k).b; q++) caps += isupper((unsigned char)d->t[q]) != 0;
    return caps >= 2;
}

int deid_ratio_like(const deid_doc *d, size_t i)
{
    long a = num(d, i), b = num(d, i + 2);
    /* a score out of its maximum after its name: "MoCA 9/30", "PHQ9 11/27" */
    int scored = a <= b && b >= 13 && !date_shaped(d, i) && i > 0 && !TK(i).nl && acronym(d, i - 1);
    return ratio_follows(d, i + 3) || ratio_precedes(d, i) || scored;
}

/* A verb of an event in the past before a partial date: "fell 10/4",
 * "started 12/9", "delivered 11/26"; a word in lower case ending in "ed"
 * (not "rated", "scored", "graded": scores) or an irregular past. */
static int event_verb(const deid_doc *d, size_t k)
{
    static const char *const irregular[] = {"fell", "began", "came", "went", "saw", "had", "got", "took", "left",
                                            "ran", "broke", "quit", "gave", "sent", "seen", "done", "begun"};
    if (k >= d->n || TK(k + 1).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_UPPER) || TLEN(k) < 4) return 0;
    if ((TK(k).shape & T_CAP) && !(k == 0 || TK(k).nl || is_p(d, k - 1, '.'))) return 0;   /* "Started 12/9" opens a sentence */
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    if (tok_eq(d, k, "rated", 5) || tok_eq(d, k, "scored", 6) || tok_eq(d, k, "graded", 6) ||
        tok_eq(d, k, "measured", 8) || tok_eq(d, k, "dilated", 7) || tok_eq(d, k, "improved", 8) ||
        tok_eq(d, k, "decreased", 9) || tok_eq(d, k, "increased", 9))
        return 0;
    if (n >= 5 && !strncasecmp(p + n - 2, "ed", 2)) return 1;
    return tok_in(d, k, irregular, sizeof irregular / sizeof *irregular);
}

/* An exam or a device's size before "m/d" on its line: "Pupils 4/2",
 * "Upper extremities: 5/4", "6/5 flex coil" (sizes are written larger
 * first, as dates with a month greater than the day are). */
static int exam_before(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"pupils", "pupil", "extremities", "extremity", "ue", "le", "motor", "strength",
                                    "reflexes", "dtr", "dtrs", "coil", "coils", "sheath", "french", "fr", "catheter",
                                    "stent", "size", "sizes", "delta", "bilaterally", "grade", "power", "tone"};
    for (size_t k = i; k > 0 && i - k < 8 && !TK(k).nl; k--)
        if (tok_in(d, k - 1, w, sizeof w / sizeof *w)) return 1;
    return 0;
}

/* A noun in lower case after "m/d" that is not an event's: a size or a
 * device ("6/5 flex coil", "8/6 fr"), not "12/9 visit", "11/2 and". */
static int noun_after_date(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"visit", "appt", "appointment", "labs", "lab", "note", "call", "admission",
                                    "discharge", "surgery", "procedure", "clinic", "echo", "ct", "mri", "scan", "xray",
                                    "study", "dose", "infusion", "fill", "refill", "per", "pending", "onward", "onwards"};
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || (TK(k).w & W_STOP)) return 0;
    return !tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Numeric dates at i. Returns the token after, or 0. */
/* A partial date right after a person or a place found already, closing
 * the phrase: an appointment ("with Dr. Roe 11/24.", "at Tri-City Heart
 * 11/30;"), not a lab in capitals ("TSH 1/2 was"). */
static int after_named(const deid_doc *d, size_t i, size_t end)
{
    if (i == 0 || !TK(i).sp || TK(i).nl || !cap(d, i - 1) || (TK(i - 1).shape & T_UPPER)) return 0;
    if (!(end >= d->n || TK(end).nl || is_p(d, end, '.') || is_p(d, end, ';') || is_p(d, end, ','))) return 0;
    for (size_t c = d->nc; c > 0 && c + 8 > d->nc; c--)
        if (d->c[c - 1].b == TK(i - 1).b && (d->c[c - 1].type == WARD_PHI_NAME || d->c[c - 1].type == WARD_PHI_FACILITY))
            return 1;
    return 0;
}

/* "05Mar2024", "14MAR24": a day, a month's three letters and a year in one
 * token. */
static int glued_date(const deid_doc *d, size_t i)
{
    static const char *const mon[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    const char *p = d->t + TK(i).a;
    size_t n = TLEN(i), nd = 0;
    while (nd < n && isdigit((unsigned char)p[nd])) nd++;
    if (nd < 1 || nd > 2 || (n - nd - 3 != 2 && n - nd - 3 != 4) || n < nd + 5) return 0;
    for (size_t k = nd + 3; k < n; k++)
        if (!isdigit((unsigned char)p[k])) return 0;
    int day = atoi(p), m = 0;
    for (size_t q = 0; q < 12 && !m; q++) m = !strncasecmp(p + nd, mon[q], 3);
    return m && day >= 1 && day <= 31;
}

/* "03T11": an ISO 8601 day with the hour glued by 'T'. */
static int iso_day_time(const deid_doc *d, size_t k)
{
    if (k >= d->n) return 0;
    const char *p = d->t + TK(k).a;
    return TLEN(k) == 5 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == 'T' &&
           isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]);
}

/* A ventilator's setting or a value's change at the slash pair at i (end
 * the token after it): "Placed on 15/5 BiPAP", "BiPAP at 14/6", "Weaned
 * to 15/5", "BP reduced by 14/8": no date. Only right beside the pair, on
 * its line: "Discharged 29/11 on home CPAP" is a date. */
static int setting_around(const deid_doc *d, size_t i, size_t end)
{
    static const char *const vent[] = {"bipap", "cpap", "peep", "niv", "ipap", "epap", "vent", "psv", "hfnc"};
    static const char *const change[] = {"weaned", "reduced", "lowered", "increased", "decreased", "titrated",
                                         "dropped", "fell", "rose", "adjusted"};
    if (end < d->n && !TK(end).nl && tok_in(d, end, vent, sizeof vent / sizeof *vent)) return 1;
    for (size_t k = i; k > 0 && k + 2 > i && !TK(k).nl; k--)
        if (tok_in(d, k - 1, vent, sizeof vent / sizeof *vent)) return 1;
    return i >= 2 && !TK(i).nl && !TK(i - 1).nl && (tok_eq(d, i - 1, "to", 2) || tok_eq(d, i - 1, "by", 2)) &&
           tok_in(d, i - 2, change, sizeof change / sizeof *change);
}

/* "booked (in) for 25/11": "for" is a date's cue only after a booking word;
 * else "Amoxicillin for 14/7" is a duration, days (n/7) or months (n/12). */
static int booked_for(const deid_doc *d, size_t i)
{
    static const char *const booked[] = {"booked", "scheduled", "planned", "set", "due", "appointment", "appt",
                                         "arranged", "listed", "rebooked", "rescheduled"};
    if (i < 2 || !tok_eq(d, i - 1, "for", 3)) return 0;
    size_t k = i - 2;
    if (k > 0 && tok_eq(d, k, "in", 2)) k--;            /* "booked in for 19/10" */
    return tok_in(d, k, booked, sizeof booked / sizeof *booked);
}

/* "Admitted 25/11", "PR normalized by 28/11": a day over 12 before its
 * month, as most of the world writes a date without its year. A date cue
 * right before it (only punctuation between) and no score's, dose's or
 * ratio's word around it: "Suboxone 16/4 mg", "BiPAP 14/6", "on 16/8
 * fasting" and "24/7 care" stay. */
static int day_month_slash(const deid_doc *d, size_t i)
{
    long a = num(d, i), b = num(d, i + 2);
    if (a < 13 || a > 31 || b < 1 || b > 12 || (a == 24 && b == 7)) return 0;
    if (ratio_follows(d, i + 3) || ratio_precedes(d, i) || exam_before(d, i) || noun_after_date(d, i + 3) ||
        setting_around(d, i, i + 3))
        return 0;
    if (i + 3 < d->n && glued(d, i + 3) &&
        (is_p(d, i + 3, '/') || (TK(i + 3).shape & T_DIGIT) || (is_p(d, i + 3, '.') && glued(d, i + 4) && digits(d, i + 4, 1, 9))))
        return 0;                                       /* part of a longer number */
    if (tok_eq(d, i - 1, "for", 3)) return booked_for(d, i);
    return deid_cue_before(d, i, CUE_DATE, 2) != NULL;
}

/* Token i is glued to a token before it that is no word nor "(": part of
 * a longer number or code ("x25/11", "1.29.11."). */
static int glued_after(const deid_doc *d, size_t i)
{
    return i > 0 && glued(d, i) && !(TK(i - 1).shape & T_ALPHA) && !is_p(d, i - 1, '(');
}

/* "Discharged 29.11. to home", "Termin 03.12. um 9": a day and a month
 * with dots, the last dot glued, as German and Scandinavian notes write a
 * date without its year; the sentence goes on after it (not "BMI 26.9."
 * ending one). A leading zero, or a date cue that is no word of a value's
 * change ("Hb fell to 13.2. and" stays). */
static int dotted_day_month(const deid_doc *d, size_t i)
{
    static const char *const weak[] = {"to", "and", "of", "in", "at", "from", "around", "between"};
    if (!is_p(d, i + 1, '.') || !glued(d, i + 1) || !glued(d, i + 2) || !digits(d, i + 2, 1, 2) || !is_p(d, i + 3, '.') ||
        !glued(d, i + 3) || glued_after(d, i))
        return 0;
    size_t n = i + 4;                                   /* the sentence goes on in lower case or digits */
    if (n >= d->n || glued(d, n) || TK(n).nl || cap(d, n) || (TK(n).shape & T_PUNCT)) return 0;
    long a = num(d, i), b = num(d, i + 2);
    if (!valid_md(b, a)) return 0;
    /* a section, code or step is numbered the same: "section 04.05.", "ICD
     * code 01.10.", "step 03.01.", a time "at 09.05." */
    static const char *const numbered[] = {"section", "sect", "code", "step", "item", "version", "ver", "no", "at",
                                           "protocol", "chapter", "rule", "page", "para", "paragraph", "clause",
                                           "table", "figure", "fig", "appendix", "part", "article", "art", "\xc2\xa7"};
    if (i > 0 && tok_in(d, i - 1, numbered, sizeof numbered / sizeof *numbered)) return 0;
    if (d->t[TK(i).a] == '0' || d->t[TK(i + 2).a] == '0') return 1;
    const cue *c = deid_cue_before(d, i, CUE_DATE, 2);
    return c && !tok_in(d, i - 1, weak, sizeof weak / sizeof *weak);
}

/* A day of a date written with a dot: "11.29", "12.05"; its month and day
 * valid, the day of two digits (not a decimal such as "2.5"). The month
 * times 100 plus the day, or 0. */
static long dotted_day(const deid_doc *d, size_t k)
{
    if (!digits(d, k, 1, 2) || !is_p(d, k + 1, '.') || !glued(d, k + 1) || !glued(d, k + 2) || !digits(d, k + 2, 2, 2))
        return 0;
    long m = num(d, k), dd = num(d, k + 2);
    return valid_md(m, dd) ? m * 100 + dd : 0;
}

/* "11.29–11.30 ICU: pressors": two dotted days joined by a dash, the second
 * later, at the start of a line (a timeline's entry) or after a date cue,
 * and no unit after it (reference ranges "iCa 1.15–1.30 mmol/L" have no
 * cue and a unit). The token after the range, or 0. */
static size_t dotted_range(const deid_doc *d, size_t i)
{
    long first = dotted_day(d, i), last;
    if (!first || !(en_dash(d, i + 3) || is_p(d, i + 3, '-')) || !glued(d, i + 3) || !glued(d, i + 4)) return 0;
    if (!(last = dotted_day(d, i + 4)) || last <= first || last - first > 200) return 0;
    if (i + 7 < d->n && glued(d, i + 7) && !(TK(i + 7).shape & T_PUNCT)) return 0;
    if (ratio_follows(d, i + 7) || is_p(d, i + 7, '%')) return 0;
    /* a clock's times: "10.15-10.30 OT session"; after a date cue a range
     * of days: "Admitted 12.05–12.10" */
    const cue *c = deid_cue_before(d, i, CUE_DATE, 2);
    if (first % 5 == 0 && last % 5 == 0 && !c) return 0;
    size_t s = i;
    while (s > 0 && !TK(s).nl && (is_p(d, s - 1, '-') || is_p(d, s - 1, '*') || is_p(d, s - 1, '('))) s--;   /* a bullet */
    int opens = s == 0 || TK(s).nl;
    return opens || c ? i + 7 : 0;
}

/* A street's name and kind from token k on its line: one to three words
 * in capitals, then a street's kind ("Smith St", "Old Mill Road"). */
static int street_ahead(const deid_doc *d, size_t k)
{
    for (size_t w = 0; w < 4 && k + w < d->n && !TK(k + w).nl && cap(d, k + w); w++)
        if (w > 0 && (TK(k + w).w & W_STREET)) return 1;
    return 0;
}

/* "5/23 Smith St" at i: a unit and its house joined by a slash before a
 * street (Australia, New Zealand), only after "at", a unit's word or an
 * address's label: a date ("Called 12/18 Baker Rd") and a vital sign ("BP
 * 130/85 Called Dr Smith", "GCS 14/15 Head CT") read the same. */
static int unit_house(const deid_doc *d, size_t i)
{
    static const char *const before[] = {"at", "unit", "flat", "apt", "villa", "address", "addr", "home"};
    if (!is_p(d, i + 1, '/') || !glued(d, i + 1) || !digits(d, i + 2, 1, 4) || !street_ahead(d, i + 3)) return 0;
    size_t k = i > 0 && is_p(d, i - 1, ':') ? i - 1 : i;
    return k > 0 && !TK(k).nl && tok_in(d, k - 1, before, sizeof before / sizeof *before);
}

static size_t num_date(deid_doc *d, size_t i, size_t last_date_end)
{
    if ((TK(i).shape & T_MIXED) && glued_date(d, i)) return i + 1;
    long a = num(d, i);
    if (a < 0 || unit_house(d, i)) return 0;                      /* "5/23 Smith St" */
    size_t L = TLEN(i), e;
    if (L == 4 && deid_year(a) && date_sep(d, i + 1) && digits(d, i + 2, 1, 2) && date_sep(d, i + 3) &&
        d->t[TK(i + 1).a] == d->t[TK(i + 3).a] && digits(d, i + 4, 1, 2) && valid_md(num(d, i + 2), num(d, i + 4)))
        return i + 5;                                               /* 2024-03-14 */
    if (L == 4 && deid_year(a) && is_p(d, i + 1, '-') && digits(d, i + 2, 2, 2) && is_p(d, i + 3, '-') &&
        glued(d, i + 1) && glued(d, i + 2) && glued(d, i + 3) && glued(d, i + 4) && iso_day_time(d, i + 4) &&
        valid_md(num(d, i + 2), atoi(d->t + TK(i + 4).a))) {
        size_t e = i + 5;                                           /* 2026-12-03T11:47:13Z */
        while (is_p(d, e, ':') && glued(d, e) && glued(d, e + 1) && e + 1 < d->n && (TK(e + 1).shape & (T_DIGIT | T_MIXED)) &&
               TLEN(e + 1) <= 3)
            e += 2;
        return e;
    }
    if (L <= 2 && date_sep(d, i + 1) && digits(d, i + 2, 1, 2) && date_sep(d, i + 3) &&
        d->t[TK(i + 1).a] == d->t[TK(i + 3).a] && (digits(d, i + 4, 2, 2) || digits(d, i + 4, 4, 4))) {
        long b = num(d, i + 2), y = num(d, i + 4);
        int sep_dot = d->t[TK(i + 1).a] == '.';
        /* "14.03.24": dots and a two-digit year only with a day over 12 or a leading zero (not "1.2.10") */
        int dot_ok = !sep_dot || a > 12 || b > 12 || d->t[TK(i).a] == '0' || d->t[TK(i + 2).a] == '0';
        if ((valid_md(a, b) || valid_md(b, a)) && (TLEN(i + 4) == 2 ? dot_ok : deid_year(y)) &&
            !(i + 5 < d->n && glued(d, i + 5) && (TK(i + 5).shape & T_DIGIT)))
            return i + 5;                                           /* 3/14/2024, 14.03.2024, 3-14-24 */
    }
    /* a range of days in one month and year: "12/9-10/2026" (not the
     * date "12/9" and the month-year "10/2026") */
    if (L <= 2 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 1, 2) &&
        (is_p(d, i + 3, '-') || en_dash(d, i + 3)) && glued(d, i + 3) && glued(d, i + 4) && digits(d, i + 4, 1, 2) &&
        is_p(d, i + 5, '/') && glued(d, i + 5) && glued(d, i + 6) && digits(d, i + 6, 4, 4) && deid_year(num(d, i + 6)) &&
        valid_md(a, num(d, i + 2)) && valid_md(a, num(d, i + 4)) && num(d, i + 4) > num(d, i + 2) &&
        !(i + 7 < d->n && glued(d, i + 7) && (TK(i + 7).shape & T_DIGIT)))
        return i + 7;                                               /* 12/9-10/2026 */
    if (L <= 2 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 4, 4) &&
        a >= 1 && a <= 12 && deid_year(num(d, i + 2)))
        return i + 3;                                               /* 3/2024 */
    if (L <= 2 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 1, 2) &&
        valid_md(a, num(d, i + 2)) && !(i + 3 < d->n && glued(d, i + 3) && is_p(d, i + 3, '/')) &&
        !(is_p(d, i + 3, '.') && glued(d, i + 3) && digits(d, i + 4, 1, 9) && glued(d, i + 4)) &&
        !(i > 0 && glued(d, i) && !(TK(i - 1).shape & T_ALPHA) && !is_p(d, i - 1, '(') && !is_p(d, i - 1, '[') && !is_p(d, i - 1, '~') &&
          !(last_date_end == i - 1 && (is_p(d, i - 1, '-') || en_dash(d, i - 1)))) &&   /* "12/1-12/5" */
        /* the end of a range after a date stays a date before a word of
         * measure: "Seen 1/22-1/25 pain controlled" */
        (!ratio_follows(d, i + 3) || (last_date_end && last_date_end + 1 == i && (is_p(d, i - 1, '-') || en_dash(d, i - 1)))) &&
        !ratio_precedes(d, i)) {                                    /* 3/14, with a cue or in a date's place */
        int ranged = last_date_end && last_date_end + 1 == i &&
                     (is_p(d, i - 1, '-') || en_dash(d, i - 1) || tok_eq(d, i - 1, "to", 2) || tok_eq(d, i - 1, "and", 3));
        int cued = deid_cue_before(d, i, CUE_DATE, 3) != NULL;   /* 3: "D/C 4/2" */
        /* "strength 5/5 and 4/5": "and", "to" join dates, not ratios */
        if (cued && i >= 2 && (tok_eq(d, i - 1, "and", 3) || tok_eq(d, i - 1, "to", 2)) && (TK(i - 2).shape & T_DIGIT) &&
            last_date_end != i - 1)
            cued = 0;
        int dated_after = ((is_p(d, i + 3, '-') || en_dash(d, i + 3) || spaced_dash(d, i + 3)) && (glued(d, i + 3) || TK(i + 3).sp) &&
                           digits(d, i + 4, 1, 2) && is_p(d, i + 5, '/') && glued(d, i + 5) && digits(d, i + 6, 1, 2) &&
                           valid_md(num(d, i + 4), num(d, i + 6))) ||
                          clock_after(d, i + 3);
        long b = num(d, i + 2);
        /* "INR 3.1 (12/4)": in parentheses, a day less than the month or a shaped date */
        int bracketed = is_p(d, i - 1, '(') && is_p(d, i + 3, ')') && (a > b || date_shaped(d, i));
        /* after a verb of an event in the past, a day less than the month (no
         * score has that shape): "fell 10/4", "started 12/9" */
        int evented = event_verb(d, i - 1) && a > b && !tok_eq(d, i + 3, "of", 2);
        /* a month greater than its day: no score or ratio is written so
         * ("bed available 12/9", "fills 11/2", "neg 9/8") */
        int descending = a > b && !is_p(d, i - 1, '/') && !is_p(d, i + 3, '+') && !is_p(d, i + 3, '-') &&
                         !exam_before(d, i) && !is_p(d, i + 3, '@') &&
                         !noun_after_date(d, i + 3);
        /* a lab in capitals before it stays a value: "TSH 1/2", "HGB 9/10" */
        int lab = i > 0 && !TK(i).nl && (TK(i - 1).shape & T_UPPER) && (TK(i - 1).shape & T_ALPHA);
        /* ... unless a colon or a verb follows: "EGD 11/18: Barrett's", "TSH 9/10: 2.3", "TSH 1/2 was" */
        int labelled = lab && b > 4 && (is_p(d, i + 3, ':') || tok_eq(d, i + 3, "was", 3) || tok_eq(d, i + 3, "showed", 6));
        /* about a date: "~11/20", "(~12/19)" (not "~1/2 tab") */
        int approx = i > 0 && is_p(d, i - 1, '~') && b > 4 && !ratio_follows(d, i + 3);
        if (ranged || cued || dated_after || bracketed || evented || labelled || approx || date_field(d, i, i + 3) ||
            after_named(d, i, i + 3) || deid_md_context(d, i) ||
            ((date_shaped(d, i) || descending) && !lab))
            return i + 3;
    }
    if (L <= 2 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 1, 2) &&
        !glued_after(d, i) && day_month_slash(d, i))
        return i + 3;                                               /* admitted 25/11 */
    if (L <= 2 && (e = dotted_range(d, i))) return e;              /* 11.29–11.30 */
    if (L <= 2 && dotted_day_month(d, i)) return i + 4;            /* 29.11. */
    if (L <= 2 && a >= 1 && a <= 12 && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) &&
        digits(d, i + 2, 2, 2) && num(d, i + 2) > 31 && !(i + 3 < d->n && glued(d, i + 3) && is_p(d, i + 3, '/')) &&
        deid_cue_before(d, i, CUE_DATE, 2))
        return i + 3;                                               /* on 10/99 */
    if (L == 8) {                                                   /* 20240314 */
        long y = a / 10000, m = a / 100 % 100, dd = a % 100;
        if (deid_year(y) && valid_md(m, dd)) return i + 1;
    }
    return 0;
}

static int ordinal(const deid_doc *d, size_t k)
{
    return k < d->n && glued(d, k) && (tok_eq(d, k, "st", 2) || tok_eq(d, k, "nd", 2) || tok_eq(d, k, "rd", 2) ||
                                       tok_eq(d, k, "th", 2));
}

/* A day in words: "twelfth", "first", "twenty-first"; returns the token
 * after, or 0. Only next to a month ("the twelfth of May", "May first"). */
static size_t spelled_day(const deid_doc *d, size_t k)
{
    static const char *const ord[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                      "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                                      "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                                      "twentieth", "thirtieth"};
    if ((tok_eq(d, k, "twenty", 6) || tok_eq(d, k, "thirty", 6)) && is_p(d, k + 1, '-') && glued(d, k + 1) &&
        glued(d, k + 2) && tok_in(d, k + 2, ord, 9))
        return k + 3;
    return tok_in(d, k, ord, sizeof ord / sizeof *ord) ? k + 1 : 0;
}

/* A day number at k ("14", "14th"); returns the token after, or 0. Mixed
 * tokens like "14th" come as one token. */
static size_t day_at(const deid_doc *d, size_t k)
{
    if (digits(d, k, 1, 2) && num(d, k) >= 1 && num(d, k) <= 31) return ordinal(d, k + 1) ? k + 2 : k + 1;
    if (k < d->n && (TK(k).shape & T_MIXED) && TLEN(k) >= 3 && TLEN(k) <= 4) {
        const char *p = d->t + TK(k).a;
        size_t n = TLEN(k), nd = 0;
        while (nd < n && isdigit((unsigned char)p[nd])) nd++;
        if (nd >= 1 && nd <= 2 && n - nd == 2 && atoi(p) >= 1 && atoi(p) <= 31 &&
            (!strncasecmp(p + nd, "st", 2) || !strncasecmp(p + nd, "nd", 2) || !strncasecmp(p + nd, "rd", 2) ||
             !strncasecmp(p + nd, "th", 2)))
            return k + 1;
    }
    return 0;
}

static size_t year_at(const deid_doc *d, size_t k)
{
    if (is_p(d, k, ',') || (tok_eq(d, k, "of", 2) && digits(d, k + 1, 4, 4))) k++;
    if (digits(d, k, 4, 4) && deid_year(num(d, k))) return k + 1;
    if (is_p(d, k, '\'') && digits(d, k + 1, 2, 2) && glued(d, k + 1)) return k + 2;
    return 0;
}

static int is_month(const deid_doc *d, size_t i)
{
    if (i >= d->n || !(TK(i).w & W_MONTH) || !(TK(i).shape & T_ALPHA)) return 0;
    if (TK(i).shape & T_CAP) return 1;
    if (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_DIGIT)) return 0;   /* "A-dec 2 tablets" */
    /* "april 10", "dec 4": a month's name in lower case, before a day number
     * ("may", "march", "august" are words) */
    if (tok_eq(d, i, "may", 3) || tok_eq(d, i, "august", 6) || tok_eq(d, i, "march", 5)) return 0;
    size_t k = tok_eq(d, i + 1, "the", 3) ? i + 2 : i + 1;           /* "october the 2nd" */
    return (day_at(d, k) && !(is_p(d, k + 1, '.') && glued(d, k + 1) && digits(d, k + 2, 1, 9) && glued(d, k + 2))) ||   /* 2.5 mg */
           (TLEN(i) > 4 && spelled_day(d, k));                        /* "december third" */
}

/* A month's name in any case after a day ("9 de diciembre", "the
 * twentieth of november"): the day before makes it a date. */
static int month_after_day(const deid_doc *d, size_t k)
{
    return k < d->n && (TK(k).w & W_MONTH) && (TK(k).shape & T_ALPHA) && !tok_eq(d, k, "may", 3) &&
           !tok_eq(d, k, "march", 5) && (TLEN(k) >= 3);
}

/* A year said in words after a spoken date: "nineteen forty four", "twenty
 * twenty-six", "two thousand twenty-six", "sixty two". Returns the token
 * after it, or k. */
static size_t spoken_year(const deid_doc *d, size_t k)
{
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    static const char *const ones[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh"};
    static const char *const teens[] = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen"};
    size_t q = is_p(d, k, ',') ? k + 1 : k;
    if (q >= d->n || TK(q).nl) return k;
    size_t e = q;
    if (tok_eq(d, q, "two", 3) && tok_eq(d, q + 1, "thousand", 8)) e = q + 2 + tok_eq(d, q + 2, "and", 3);
    else if (tok_eq(d, q, "nineteen", 8) || tok_eq(d, q, "twenty", 6)) e = q + 1;
    /* the last two digits: "forty four", "twenty-six", "oh five", "twelve" */
    size_t t = e;
    if (tok_in(d, t, tens, 8)) {
        t++;
        if (is_p(d, t, '-') && glued(d, t) && tok_in(d, t + 1, ones, 9)) t += 2;
        else if (tok_in(d, t, ones, 9) && !TK(t).nl) t++;
    } else if (tok_in(d, t, teens, 10) || (tok_eq(d, t, "oh", 2) && tok_in(d, t + 1, ones, 9))) {
        t += tok_eq(d, t, "oh", 2) ? 2 : 1;
    }
    if (t == e) return e > q ? e : k;                  /* "two thousand" alone */
    return t;
}

static int month_is_word(const deid_doc *d, size_t i)
{
    /* May, March and short forms are words too: they need a number or a cue
     * ("in June" is a date, "in Mar" needs more). */
    return tok_eq(d, i, "may", 3) || tok_eq(d, i, "march", 5) || (TLEN(i) <= 4 && !tok_eq(d, i, "june", 4) && !tok_eq(d, i, "july", 4));
}

/* "to", "through", "and", "&" between two days of one month. */
static int range_word(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && (tok_eq(d, k, "to", 2) || tok_eq(d, k, "through", 7) || tok_eq(d, k, "thru", 4) ||
                         tok_eq(d, k, "and", 3) || is_p(d, k, '&'));
}

/* A day closes its phrase at k: punctuation, the line end, a year, a
 * function word ("June 2 to 4 in clinic"), not a unit ("June 2 and 4 mg"). */
static int day_closes(const deid_doc *d, size_t k)
{
    return k >= d->n || TK(k).nl || ((TK(k).shape & T_PUNCT) && !is_p(d, k, '/') && !is_p(d, k, '%')) ||
           year_at(d, k) || (TK(k).w & W_STOP) || (TK(k).shape & T_CAP);
}

/* A pronoun or a subject after a day: "on the 7th she returned". */
static int person_after(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"she", "he", "they", "we", "i", "you", "the", "her", "his", "pt", "patient", "mom", "dad"};
    return k < d->n && !TK(k).nl && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word of when before "the" and a day ("on the 28th", "Monday the 7th",
 * "over the 20th-23rd"); "Wednesday, the 11th" with its comma. */
static int when_word(const deid_doc *d, size_t k)
{
    static const char *const when[] = {"on", "from", "since", "until", "till", "after", "before", "through", "is",
                                       "tomorrow", "today", "tonight", "monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thurs", "fri",
                                       "sat", "sun", "by", "appt", "over", "for"};
    if (is_p(d, k, ',') && k > 0) k--;                 /* "Wednesday, the 11th" */
    return k < d->n && tok_in(d, k, when, sizeof when / sizeof *when);
}

/* What follows a day, not a thing the ordinal counts: the clause's end, a
 * function word ("on the 30th by rapid AF", "the 20th to see"), a verb in
 * the past ("the 26th resolved"), a name. Not "the 3rd and 4th
 * metatarsal", "the 2nd of 3 doses", "the 3rd year", "the 5th floor". */
static int day_follows(const deid_doc *d, size_t k)
{
    static const char *const counted[] = {"of", "in", "year", "man", "woman", "patient", "male", "female", "old",
                                          "first", "second", "next", "time", "floor", "street", "avenue", "ave",
                                          "grade", "ward", "century"};   /* "seen on the Seventh Floor" */
    static const char *const past[] = {"ed"};
    if (k >= d->n || TK(k).nl || long_dash(d, k)) return 1;
    /* "over the 2nd, 3rd MCP joints": ordinals of a list, not a day */
    if (is_p(d, k, ',') && k + 1 < d->n && (TK(k + 1).shape & T_MIXED) && day_at(d, k + 1) == k + 2) return 0;
    if (TK(k).shape & T_PUNCT) return !is_p(d, k, '/') && !is_p(d, k, '%') && !is_p(d, k, '-');
    /* "the 3rd and 4th metatarsal", "on the 3rd to 5th fingers" */
    if (tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2) || tok_eq(d, k, "to", 2) || tok_eq(d, k, "through", 7))
        return !(k + 1 < d->n && ((TK(k + 1).shape & (T_MIXED | T_DIGIT)) || spelled_day(d, k + 1)));
    if (tok_in(d, k, counted, sizeof counted / sizeof *counted)) return 0;
    if ((TK(k).w & W_STOP) || tok_eq(d, k, "right", 5) || tok_eq(d, k, "but", 3) || tok_eq(d, k, "so", 2) ||
        tok_eq(d, k, "then", 4) || tok_eq(d, k, "when", 4) || (tok_eq(d, k, "w", 1) && is_p(d, k + 1, '/')))
        return 1;
    if (cap(d, k) && !(TK(k).shape & T_UPPER) && !(TK(k).w & W_HEAD)) return 1;
    return (TK(k).shape & T_ALPHA) && TLEN(k) > 4 && deid_ending(d, k, past, 1, 0) && !(TK(k).w & W_KEEP);
}

/* A day alone after a word of when and "the": "on the 28th and", "is the
 * 9th right?", "on the ninth but", "over the 20th-23rd" (i: the day, a
 * "20th" or a day in words). Returns the token after it, or 0. */
static size_t the_day(const deid_doc *d, size_t i)
{
    size_t k = (TK(i).shape & T_MIXED) ? (day_at(d, i) == i + 1 ? i + 1 : 0) : spelled_day(d, i);
    if (!k || i < 2 || !tok_eq(d, i - 1, "the", 3) || TK(i - 1).nl) return 0;   /* "On the 5th" opening a note */
    /* "CT of the 4th (BMC)": a place or a page after the day */
    if (tok_eq(d, i - 2, "of", 2) && (TK(i).shape & T_MIXED) && is_p(d, k, '(')) return k;
    if (!when_word(d, i - 2)) return 0;
    /* "over the 20th-23rd": a range of days */
    size_t r;
    if ((is_p(d, k, '-') || en_dash(d, k)) && glued(d, k) && glued(d, k + 1) && (TK(k + 1).shape & T_MIXED) &&
        (r = day_at(d, k + 1)) == k + 2)
        return day_follows(d, r) ? r : 0;
    /* a day in words needs a stronger cue than "is", "from", "for", "through" ("is the second", "for the
     * first", "one going through the seventh, and one through the ninth": ribs and spaces are counted so) */
    static const char *const weak[] = {"is", "from", "for", "through", "over", "after", "before"};
    if (!(TK(i).shape & T_MIXED) && tok_in(d, i - 2, weak, sizeof weak / sizeof *weak)) return 0;
    return day_follows(d, k) ? k : 0;
}

/* A day in words at i (ending at k) right before a month in capitals, as
 * the British say a date: "twenty-third May"; a day of one word ("third
 * May") only after a date cue ("on third May", not "the first March
 * clinic"). */
static int spelled_month(const deid_doc *d, size_t i, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k) || !is_month(d, k)) return 0;
    return k == i + 3 || (i > 0 && deid_cue_before(d, i, CUE_DATE, 1) && !tok_eq(d, i - 1, "the", 3));
}

/* Dates with a month name, at a month token or a day number before one. */
static size_t word_date(deid_doc *d, size_t i)
{
    if (is_month(d, i)) {
        size_t k = i + 1, end = 0, dk;
        if (is_p(d, k, '.') && glued(d, k)) k++;
        if (is_p(d, k, '-') && glued(d, k) && glued(d, k + 1) && digits(d, k + 1, 1, 2) && (dk = day_at(d, k + 1))) {
            end = dk;                                                 /* Jun-14-2024, Apr-07 */
            if (is_p(d, end, '-') && glued(d, end) && (digits(d, end + 1, 2, 2) || digits(d, end + 1, 4, 4))) end += 2;
        } else if ((dk = day_at(d, k)) || ((dk = spelled_day(d, k)) && day_closes(d, dk)) ||
                   (!(TK(i).shape & T_CAP) && ((dk = spelled_day(d, k)) ||
                                               (tok_eq(d, k, "the", 3) && ((dk = day_at(d, k + 1)) || (dk = spelled_day(d, k + 1)))))) ||
                   /* "December the 3rd": a capitalized month, "the" and a day's ordinal */
                   (tok_eq(d, k, "the", 3) && !TK(k).nl && k + 1 < d->n && (TK(k + 1).shape & T_MIXED) && (dk = day_at(d, k + 1)) == k + 2 && day_follows(d, dk))) {
            end = dk;                                                 /* "december third", "october the 2nd" */
            if (dk > k && (TK(dk - 1).shape & T_ALPHA)) end = spoken_year(d, end);   /* "... nineteen forty four" */
            if ((is_p(d, end, '-') || en_dash(d, end)) && (dk = day_at(d, end + 1))) end = dk;   /* March 3-5, May 10–15 */
            else if (range_word(d, end) && (dk = day_at(d, end + 1)) && day_closes(d, dk)) end = dk;   /* June 2 to 4 */
            size_t y = year_at(d, end);
            if (y) end = y;
        } else if ((dk = year_at(d, k))) {
            end = dk;                                                 /* March 2024 */
        } else if (!month_is_word(d, i) || (TK(i).shape & T_UPPER && TLEN(i) > 4)) {
            if (i > 0 && (deid_cue_before(d, i, CUE_DATE, 1) || (is_p(d, i - 1, '-') && tok_eq(d, i - 2, "mid", 3))))
                end = i + 1;                                          /* in March */
        } else if (i >= 2 && is_p(d, i - 1, '-') && tok_eq(d, i - 2, "mid", 3)) {
            end = i + 1;                                              /* mid-March */
        } else if (i > 0 && deid_cue_before(d, i, CUE_DATE, 1) && !tok_eq(d, i - 1, "and", 3) &&
                   !tok_eq(d, i - 1, "to", 2) &&
                   (TLEN(i) > 4 || ((TK(i).shape & T_CAP) && !(TK(i).shape & T_UPPER) && tok_eq(d, i, "may", 3) &&
                                    !(cap(d, i + 1) && !TK(i + 1).nl)))) {
            end = i + 1;                                              /* since May, in May (not "by May Lin") */
        }
        if (end) {
            size_t a = i;
            /* "the 14th of March", "14 March" before the month */
            if (i >= 2 && tok_eq(d, i - 1, "of", 2) && day_at(d, i - 2) == i - 1) a = i - 2;
            else if (i >= 3 && tok_eq(d, i - 1, "of", 2) && day_at(d, i - 3) == i - 1) a = i - 3;
            deid_add_toks(d, a, end, WARD_PHI_DATE, PRIO_DATE);
            return end;
        }
        return 0;
    }
    /* "14 March 2024", "14th of March", "14-Mar-2024" */
    size_t k = day_at(d, i);
    if (!k && (k = spelled_day(d, i)) && !(tok_eq(d, k, "of", 2) && (is_month(d, k + 1) || month_after_day(d, k + 1))) &&
        !spelled_month(d, i, k))
        return 0;                                                     /* "the twelfth of May" */
    if (!k) return 0;
    /* "2-4 June", "2nd and 3rd of June", "2 to 4 June": a range of days */
    size_t r;
    if ((is_p(d, k, '-') || en_dash(d, k) || range_word(d, k)) && (r = day_at(d, k + 1)) &&
        (is_month(d, r) || (tok_eq(d, r, "of", 2) && is_month(d, r + 1))))
        k = r;
    /* "on the 27th", "Thursday the 27th": an ordinal day alone */
    size_t od = k == i + 1 && (TK(i).shape & T_MIXED) ? the_day(d, i) : 0;
    if (od ||
        (k == i + 1 && (TK(i).shape & T_MIXED) && i >= 2 && tok_eq(d, i - 1, "the", 3) &&
        (k >= d->n || TK(k).nl || is_p(d, k, '.') || is_p(d, k, ',') || is_p(d, k, ';') || is_p(d, k, ')') ||
         tok_eq(d, k, "at", 2) || person_after(d, k)) &&   /* not "the 2nd day", "the 3rd and 4th metatarsal" */
        (deid_cue_before(d, i, CUE_DATE, 2) || k >= d->n || TK(k).nl || is_p(d, k, '.') || is_p(d, k, '!') || is_p(d, k, '?')))) {
        deid_add_toks(d, i, od ? od : k, WARD_PHI_DATE, PRIO_DATE);
        return od ? od : k;
    }
    if ((is_p(d, k, '-') || is_p(d, k, '/')) && glued(d, k) && (is_month(d, k + 1) || month_after_day(d, k + 1)) &&
        glued(d, k + 1)) {
        size_t end = k + 2;                                           /* 14-Mar-2024, 03/Dec/2026 */
        if ((is_p(d, end, '-') || is_p(d, end, '/')) && glued(d, end) && (digits(d, end + 1, 2, 2) || digits(d, end + 1, 4, 4)))
            end += 2;
        deid_add_toks(d, i, end, WARD_PHI_DATE, PRIO_DATE);
        return end;
    }
    if (tok_eq(d, k, "of", 2) || tok_eq(d, k, "de", 2)) k++;         /* "9 de diciembre" */
    if (is_month(d, k) || (k > i && month_after_day(d, k) && (TK(k - 1).shape & T_ALPHA || TK(k).sp))) {
        size_t end = k + 1;
        if (is_p(d, end, '.') && glued(d, end)) end++;
        if (tok_eq(d, end, "de", 2) && digits(d, end + 1, 4, 4)) end++;   /* "de 2026" */
        size_t y = year_at(d, end);
        if (!y && (TK(i).shape & T_ALPHA)) y = spoken_year(d, end) > end ? spoken_year(d, end) : 0;
        /* a two-digit year closing the field: "03 Dec 26", "1 DEC 26" (not "14 Mar 26 mg") */
        if (!y && digits(d, end, 2, 2) && TK(end).sp && !TK(end).nl && !(TK(end - 1).shape & T_PUNCT) &&
            (end + 1 >= d->n || TK(end + 1).nl || deid_column_gap(d, end + 1) || clock_after(d, end + 1) ||
             ((TK(end + 1).shape & T_PUNCT) && !is_p(d, end + 1, '/') && !is_p(d, end + 1, '%') && !is_p(d, end + 1, '-') &&
              !(is_p(d, end + 1, '.') && glued(d, end + 2) && digits(d, end + 2, 1, 9)))))
            y = end + 1;
        deid_add_toks(d, i, y ? y : k + 1, WARD_PHI_DATE, PRIO_DATE);
        return y ? y : k + 1;
    }
    return 0;
}

/* An age said of a person (the age's tokens end before k): "she is 94",
 * "shes 94 so", "mom is now 91", "turned 95", "she is ninety-four.", with
 * the sentence or clause ending after it ("is 95 mg" is not one). */
static int age_said(const deid_doc *d, size_t i, size_t k)
{
    int ends = k >= d->n || TK(k).nl || is_p(d, k, ',') || is_p(d, k, ';') || is_p(d, k, ')') || is_p(d, k, '!') ||
               is_p(d, k, '?') || (is_p(d, k, '.') && !glued(d, k + 1)) || tok_eq(d, k, "and", 3) ||
               tok_eq(d, k, "so", 2) || tok_eq(d, k, "but", 3) || tok_eq(d, k, "now", 3) || tok_eq(d, k, "today", 5);
    if (i < 1) return 0;
    size_t p = i - 1;
    if (tok_eq(d, p, "at", 2) && (tok_eq(d, k, "she", 3) || tok_eq(d, k, "he", 2))) return 1;   /* "At 93 she" */
    if ((tok_eq(d, p, "turned", 6) || tok_eq(d, p, "turns", 5) || tok_eq(d, p, "turning", 7)) &&
        !(k < d->n && (is_p(d, k, '%') || tok_eq(d, k, "degrees", 7))))
        return 1;
    if (!ends) return 0;
    if (tok_eq(d, p, "shes", 4) || tok_eq(d, p, "hes", 3) || tok_eq(d, p, "im", 2)) return 1;
    if (tok_eq(d, p, "m", 1) && p >= 2 && is_p(d, p - 1, '\'') && tok_eq(d, p - 2, "i", 1)) return 1;   /* "I'm 104" */
    if (i < 2) return 0;
    if (tok_eq(d, p, "now", 3) || tok_eq(d, p, "already", 7)) p--;
    size_t s = tok_eq(d, p, "is", 2) || tok_eq(d, p, "was", 3) ? p - 1
               : tok_eq(d, p, "s", 1) && p >= 2 && is_p(d, p - 1, '\'') ? p - 2 : (size_t)-1;
    if (s == (size_t)-1) return 0;
    return tok_eq(d, s, "she", 3) || tok_eq(d, s, "he", 2) || tok_eq(d, s, "who", 3) || (TK(s).w & W_RELATIVE) ||
           tok_eq(d, s, "pt", 2) || tok_eq(d, s, "patient", 7) || tok_eq(d, s, "resident", 8) ||
           ((TK(s).w & (W_FIRST | W_LAST)) && cap(d, s) && !(TK(s).w & W_KEEP));
}

/* Ages over 89: "92-year-old", "92 yo", "age 93", "in her 90s". */
static size_t age(deid_doc *d, size_t i)
{
    const char *p = d->t + TK(i).a;
    if ((TK(i).shape & T_MIXED) && TLEN(i) == 3 && p[0] >= '9' && isdigit((unsigned char)p[1]) && p[2] == 's' &&
        i > 0 && (tok_eq(d, i - 1, "his", 3) || tok_eq(d, i - 1, "her", 3) || tok_eq(d, i - 1, "their", 5) ||
                  tok_eq(d, i - 1, "late", 4) || tok_eq(d, i - 1, "mid", 3) || tok_eq(d, i - 1, "early", 5) ||
                  is_p(d, i - 1, '-'))) {
        deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
        return i + 1;
    }
    if ((TK(i).shape & T_MIXED) && TLEN(i) >= 4) {              /* 92yo, 92y */
        size_t nd = deid_age_digits(d, i);
        if (nd && (!strncasecmp(p + nd, "yo", 2) || !strncasecmp(p + nd, "yr", 2) || !strncasecmp(p + nd, "y", TLEN(i) - nd))) {
            deid_add(d, TK(i).a, TK(i).a + nd, WARD_PHI_AGE, PRIO_DATE);
            return i + 1;
        }
    }
    if (!deid_age_number(d, i)) return 0;
    if (i > 0 && glued(d, i) && (is_p(d, i - 1, '.') || is_p(d, i - 1, '/') || is_p(d, i - 1, ':'))) return 0;
    size_t k = i + 1;
    if (is_p(d, k, '-') && glued(d, k)) k++;
    int unit = tok_eq(d, k, "year", 4) || tok_eq(d, k, "years", 5) || tok_eq(d, k, "yr", 2) ||
               tok_eq(d, k, "yrs", 3) || tok_eq(d, k, "yo", 2) || tok_eq(d, k, "y", 1) || tok_eq(d, k, "yoa", 3) ||
               tok_eq(d, k, "años", 5) || tok_eq(d, k, "anos", 4);
    if (unit && tok_eq(d, k + 1, "ago", 3)) unit = 0;
    int line_end = i + 1 >= d->n || TK(i + 1).nl || is_p(d, i + 1, ';') ||
                   (is_p(d, i + 1, '.') && !(glued(d, i + 2) && (TK(i + 2).shape & T_DIGIT)));
    int paren = i >= 2 && ((is_p(d, i - 1, '(') && is_p(d, i + 1, ')')) ||        /* "Mrs. Rossi (94)" */
                           (is_p(d, i - 1, ',') && (is_p(d, i + 1, ',') || line_end) && glued(d, i - 1) &&  /* "Mrs. Rossi, 97, fell" */
                            (!TK(i - 2).w || (TK(i - 2).w & (W_FIRST | W_LAST))) && !(TK(i - 2).w & W_KEEP))) &&
                cap(d, i - 2);
    /* "Ruth Gleason, 97, CHF": a first name and another capitalized word
     * before, the number a field of its own; "Age: 91 (91)": repeated */
    int named = i >= 3 && is_p(d, i - 1, ',') && glued(d, i - 1) && cap(d, i - 2) && cap(d, i - 3) &&
                (TK(i - 3).w & W_FIRST) && !TK(i - 2).nl && deid_age_field(d, i);
    int again = 0;
    for (size_t q = i - 1; i >= 2 && is_p(d, i - 1, '(') && q > 0 && i - q < 6 && !TK(q).nl; q--)
        again |= q < i - 1 && TLEN(q) == TLEN(i) && !memcmp(d->t + TK(q).a, d->t + TK(i).a, TLEN(i));
    if (unit || paren || named || again || age_said(d, i, i + 1) || deid_cue_before(d, i, CUE_AGE, 2)) {
        deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
        return i + 1;
    }
    return 0;
}

/* An ID opened by a few capitals and continued by spaced digit groups
 * ("WC 448 1120"): the code so far is those capitals or their groups, and
 * digits of three or more follow. */
static int spaced_group(const deid_doc *d, size_t k, size_t end)
{
    if (!(TK(k).shape & T_ALPHA) || !(TK(k).shape & T_UPPER) || TLEN(k) > 5 || end >= d->n) return 0;
    for (size_t j = k + 1; j < end; j++)
        if (!(TK(j).shape & T_DIGIT) || !TK(j).sp) return 0;
    if (!(TK(end).shape & T_DIGIT)) return 0;
    /* two digits opening more groups: "C 44 718 209", "MPD 26-117780" */
    return TLEN(end) >= 3 || (TLEN(end) == 2 && end == k + 1 && end + 2 < d->n && !TK(end + 1).nl &&
                              ((TK(end + 1).sp && digits(d, end + 1, 3, 9)) ||
                               (is_p(d, end + 1, '-') && glued(d, end + 1) && glued(d, end + 2) && digits(d, end + 2, 3, 9))));
}

/* A check digit closing a number in spaced groups: one digit after two
 * groups or more, the field ending after it ("Medicare No 2953 44182 1",
 * "unit # W0448 26 118204 7", "NSS 4418 85 1204 7"); not "4418 2290 3 times". */
static int check_digit(const deid_doc *d, size_t k, size_t end)
{
    if (end >= d->n || end < k + 2 || !digits(d, end, 1, 1) || !TK(end).sp || TK(end).nl) return 0;
    size_t f = end + 1;
    return f >= d->n || TK(f).nl || ((is_p(d, f, ',') || is_p(d, f, ';') || is_p(d, f, ')') || is_p(d, f, '.')) &&
                                     !(f + 1 < d->n && glued(d, f + 1) && (TK(f + 1).shape & T_DIGIT)));
}

/* A record number written in spaced groups of digits ("2026 3371 0044 18",
 * "U44718820 01"): the first group of four characters or more (not "#1
 * 0315", a dose and a time), the others digits, and the group at end no
 * date or decimal ("123456 12/03", "4471 2.5"); not a device's model. */
static int digit_group(const deid_doc *d, size_t k, size_t end)
{
    if (end >= d->n || !(TK(end).shape & T_DIGIT) || (TLEN(end) < 2 && !check_digit(d, k, end)) ||
        !(TK(k).shape & (T_DIGIT | T_MIXED)) || TLEN(k) < 4)
        return 0;
    for (size_t j = k + 1; j < end; j++)
        if (!(TK(j).shape & T_DIGIT) || !TK(j).sp) return 0;
    if (end + 1 < d->n && glued(d, end + 1) && !TK(end + 1).nl &&
        !(is_p(d, end + 1, ',') || is_p(d, end + 1, ';') || is_p(d, end + 1, ')') ||
          (is_p(d, end + 1, '.') && !(end + 2 < d->n && glued(d, end + 2) && (TK(end + 2).shape & T_DIGIT)))))
        return 0;
    return 1;
}

/* The code at k after a record-number cue: letters and digits joined by
 * '-', '/' or '.' ("A-55321", "SP25-018833"), spaced groups for plates,
 * SSNs and plan numbers. Returns its end (0: none) and counts its digits
 * and characters. */
static size_t code_end(const deid_doc *d, size_t k, int type, size_t *ndig, size_t *nch)
{
    if (k >= d->n || TK(k).nl || !(TK(k).shape & (T_DIGIT | T_MIXED | T_ALPHA))) return 0;
    if ((TK(k).shape & T_ALPHA) && (!(TK(k).shape & T_UPPER) || ((TK(k).w & W_CUE) && !glued(d, k + 1)))) return 0;
    size_t end = k + 1;
    for (size_t j = k; j < end; j++) {
        for (size_t b = TK(j).a; b < TK(j).b; b++) *ndig += isdigit((unsigned char)d->t[b]) != 0, (*nch)++;
        if (j + 2 < d->n + 1 && end < d->n && glued(d, end) &&
            ((TK(end).shape & (T_DIGIT | T_MIXED | T_ALPHA)) ||
             ((is_p(d, end, '-') || is_p(d, end, '/') || is_p(d, end, '.')) && end + 1 < d->n && glued(d, end + 1) &&
              (TK(end + 1).shape & (T_DIGIT | T_MIXED | T_ALPHA)))))
            end++;
        /* a plate or a spaced number: "ABC 1234", "123 456 789"; a claim's
         * letters and digit groups: "WC 448 1120", "AUTH 55102298" */
        else if (end < d->n && (type == WARD_PHI_VEHICLE || type == WARD_PHI_SSN || type == WARD_PHI_HEALTHPLAN ||
                                type == WARD_PHI_LICENSE || (type == WARD_PHI_ID && spaced_group(d, k, end)) ||
                                (type != WARD_PHI_DEVICE && digit_group(d, k, end))) &&
                 TK(end).sp && !TK(end).nl && (TK(end).shape & (T_DIGIT | T_MIXED)) &&
                 (TLEN(end) >= 2 || check_digit(d, k, end)) &&
                 end - k < (type == WARD_PHI_LICENSE ? 5u : 4u))
            end++;                                     /* a licence: "DL A 418 225 907 114", "ME 118442" */
    }
    return end;
}

/* A number after '#' without a cue word: "(# PA-2025-88120)", "#2217045";
 * four digits or more ("#10 blade", "#3" stay). */
static size_t hash_id(deid_doc *d, size_t i)
{
    size_t ndig = 0, nch = 0, k = i + 1;
    if (is_p(d, k, ':')) k++;                          /* "Run #: 25-11872" */
    if (k >= d->n || TK(k).nl) return 0;
    size_t end = code_end(d, k, WARD_PHI_ID, &ndig, &nch);
    /* four digits glued to the '#': "Tou (#4471)", an interpreter's or a badge's number */
    if (!end || ndig < 4 || (nch < 5 && !(nch == 4 && k == i + 1 && glued(d, k) && (TK(k).shape & T_DIGIT) && i > 0 &&
                                           is_p(d, i - 1, '(') && is_p(d, k + 1, ')'))))
        return 0;
    /* a run of four digits or more: not image numbers "#12-14", "#33/68" */
    size_t run = 0;
    for (size_t j = k; j < end; j++) {
        size_t r = 0;
        for (size_t b = TK(j).a; b < TK(j).b; b++) r = isdigit((unsigned char)d->t[b]) ? r + 1 : 0, run = r > run ? r : run;
    }
    if (run < 4) return 0;
    deid_add_toks(d, k, end, WARD_PHI_ID, PRIO_CUED);
    return end;
}

/* After an SSN cue, the masked part and "last 4" before the digits kept:
 * "SSN ***-**-6612", "SSN xxx-xx-6612", "SSN (last 4): 6612". */
static size_t ssn_mask(const deid_doc *d, size_t k)
{
    size_t start = k;
    for (size_t n = 0; k < d->n && n < 12 && !TK(k).nl; n++) {
        const char *p = d->t + TK(k).a;
        size_t len = TLEN(k), x = 0;
        while (x < len && (p[x] == 'x' || p[x] == 'X')) x++;
        if (is_p(d, k, '*') || is_p(d, k, '-') || is_p(d, k, '(') || is_p(d, k, ')') || is_p(d, k, ':') ||
            is_p(d, k, '#') || x == len)
            k++;
        else if (tok_eq(d, k, "last", 4) && (tok_eq(d, k + 1, "4", 1) || tok_eq(d, k + 1, "four", 4)))
            k += 2 + tok_eq(d, k + 2, "digits", 6);
        else if (tok_eq(d, k, "digits", 6))
            k++;
        else
            break;
    }
    return k > start && digits(d, k, 4, 4) ? k : start;
}

/* Record numbers after a cue: "MRN: 00123456", "policy # A-55321". */
static size_t cued_id(deid_doc *d, size_t i)
{
    size_t e;
    const cue *c = deid_cue_at(d, i, CUE_ID, &e);
    if (!c) return 0;
    size_t k = e, skipped = 0;
    if (c->type == WARD_PHI_SSN) k = ssn_mask(d, k);
    /* digits said one by one, typed as said: "SSN: 5 2 8 - 6 0 - 1 1 4 7", "4 4 1 8" */
    size_t sk = k;
    while (sk < d->n && !TK(sk).nl && (is_p(d, sk, ':') || is_p(d, sk, '#')) && sk < k + 2) sk++;
    if (digits(d, sk, 1, 1) && sk + 1 < d->n && digits(d, sk + 1, 1, 1) && TK(sk + 1).sp) {
        size_t q = sk, nd = 0, end = sk;
        while (q < d->n && (q == sk || !TK(q).nl) && (digits(d, q, 1, 1) || (is_p(d, q, '-') && digits(d, q + 1, 1, 1)))) {
            if (digits(d, q, 1, 1)) nd++, end = q + 1;
            q++;
        }
        if (nd >= 4) {
            deid_add_toks(d, sk, end, c->type, PRIO_CUED);
            return end;
        }
    }
    while (k < d->n && skipped < 4 && !TK(k).nl &&
           (is_p(d, k, ':') || is_p(d, k, '#') || is_p(d, k, '=') || is_p(d, k, '-') ||
            (is_p(d, k, '.') && (glued(d, k + 1) || tok_eq(d, k - 1, "no", 2) || tok_eq(d, k - 1, "num", 3) ||
                                 tok_eq(d, k - 1, "acct", 4) || tok_eq(d, k - 1, "lic", 3) || is_p(d, k - 1, '.'))) ||
            tok_eq(d, k, "number", 6) || tok_eq(d, k, "no", 2) || tok_eq(d, k, "num", 3) || tok_eq(d, k, "is", 2) ||
            tok_eq(d, k, "id", 2) || tok_eq(d, k, "nbr", 3) ||
            /* "VIN ending in 4352", "license number in Oregon is 2018554RN" */
            tok_eq(d, k, "ending", 6) || (tok_eq(d, k, "in", 2) && (tok_eq(d, k - 1, "ending", 6) ||
                                                                   (k + 1 < d->n && (TK(k + 1).w & W_STATE) && cap(d, k + 1)))) ||
            ((TK(k).w & W_STATE) && cap(d, k) && tok_eq(d, k - 1, "in", 2))))
        skipped += !(is_p(d, k, '.') && is_p(d, k - 1, '.')), k++;    /* "SSN ..........: 572 44 9036" */
    /* "State licence: TX Q4418": the state before a code of its own letters
     * (not the letters of "ME 118442") */
    if (c->type == WARD_PHI_LICENSE && k < d->n && (TK(k).w & W_STATE) && TLEN(k) == 2 && (TK(k).shape & T_UPPER) &&
        k + 1 < d->n && (TK(k + 1).shape & T_MIXED) && !TK(k + 1).nl)
        k++;
    size_t ndig = 0, nch = 0, end = code_end(d, k, c->type, &ndig, &nch);
    if (!end) return 0;
    int weak = tok_eq(d, i, "visit", 5) || tok_eq(d, i, "case", 4) || tok_eq(d, i, "record", 6) || tok_eq(d, i, "group", 5) ||
               tok_eq(d, i, "chart", 5) || tok_eq(d, i, "model", 5) || tok_eq(d, i, "device", 6);
    if (!ndig || nch < 3 || (weak && ndig < 3 && !is_p(d, e, '#'))) return 0;
    /* "Visit 03/14/2024", "TELEPHONE ENCOUNTER 12/03/26": a date, the date
     * rule's (a record's number is not written as a date) */
    static const char *const dated[] = {"encounter", "claim", "incident", "requisition", "registration", "invoice",
                                        "transaction", "ticket", "docket", "tracking", "confirmation", "authorization",
                                        "auth", "accession", "specimen"};
    if ((weak || tok_in(d, i, dated, sizeof dated / sizeof *dated)) && num_date(d, k, 0) == end) return 0;
    /* a national number named by letters that are also a clinical
     * abbreviation ("CPF 270 L/min": a cough peak flow; "MSP 4/5": muscle
     * power) needs a national number's length */
    static const char *const abbrev[] = {"cpf", "msp"};
    if (ndig < 6 && tok_in(d, i, abbrev, sizeof abbrev / sizeof *abbrev)) return 0;
    if (c->type == WARD_PHI_MRN && tok_eq(d, i, "mr", 2) && is_p(d, i + 1, '.') && !is_p(d, i + 2, '#')) return 0;
    /* "plates" as a number's label needs a plate's letters: not "Color plates 12/14" */
    if (tok_eq(d, i, "plates", 6)) {
        int alpha = 0;
        for (size_t j = k; j < end; j++) alpha |= (TK(j).shape & (T_ALPHA | T_MIXED)) != 0;
        if (!alpha) return 0;
    }
    deid_add_toks(d, k, end, c->type, PRIO_CUED);
    return end;
}

/* The word before a user name (user_name's first test, inline: deid_shapes
 * asks it of every word). */
static inline int user_cue(const deid_doc *d, size_t i)
{
    static const char *const cues[] = {"user", "username", "userid", "login", "handle", "wechat", "skype", "account"};
    return (TK(i).shape & T_ALPHA) && tok_in(d, i, cues, sizeof cues / sizeof *cues);
}

/* A user name after its cue (user_cue at i): "user jdoyle2 (Jenna Doyle)", "IWRS user
 * lpemberton01", "account norris.quill.cpap", "WeChat: jingchen_1975",
 * "(user sravani.b84)": lower-case letters and digits, joined by '.' or '_'
 * without spaces; after "account" it needs a digit, a '.' or a '_'
 * ("account balance" stays), after "user" a word clinical text does not
 * write ("user error" stays). Returns the token after it, or 0. */
static size_t user_name(deid_doc *d, size_t i)
{
    size_t k = i + 1;
    if (tok_eq(d, k, "id", 2) || tok_eq(d, k, "name", 4)) k++;
    if (is_p(d, k, ':') || is_p(d, k, '#') || (is_p(d, k, '=') && glued(d, k) && glued(d, k + 1))) k++;   /* "user=rhaddad" */
    if (k >= d->n || TK(k).nl || !(TK(k).shape & (T_ALPHA | T_MIXED))) return 0;
    size_t len, marks, e = deid_user_chain(d, k, 1, &len, &marks, NULL);
    if (len < 4 || (e == k + 1 && (TK(k).w & (W_STOP | W_KEEP | W_CUE)))) return 0;
    int plain = e == k + 1 && !marks;
    if (plain && (tok_eq(d, i, "account", 7) || tok_eq(d, i, "handle", 6) || deid_lower_word(d, k) || deid_english_word(d, k)))
        return 0;
    deid_add_toks(d, k, e, WARD_PHI_ID, PRIO_CUED);
    return e;
}

/* IDs without a cue: long digit runs, capital+digit codes, VINs. */
static void bare_id(deid_doc *d, size_t i)
{
    const char *p = d->t + TK(i).a;
    size_t n = TLEN(i), nd = 0, lower = 0;
    for (size_t k = 0; k < n; k++) nd += isdigit((unsigned char)p[k]) != 0, lower += islower((unsigned char)p[k]) != 0;
    if (i > 0 && glued(d, i) && (is_p(d, i - 1, '.') || (is_p(d, i - 1, ',') && n == 3))) return;   /* 1,250,000 */
    if (i + 1 < d->n && glued(d, i + 1) && is_p(d, i + 1, ',') && digits(d, i + 2, 3, 3)) return;
    if (TK(i).shape & T_DIGIT) {
        if (nd >= 7) deid_add_toks(d, i, i + 1, WARD_PHI_ID, PRIO_BARE_ID);
    } else if ((TK(i).shape & T_MIXED) && !lower && nd >= 4 && n >= 6 &&
               !(isdigit((unsigned char)p[0]) && n - nd <= 4 && isalpha((unsigned char)p[n - 1]) &&
                 isdigit((unsigned char)p[nd - 1]) && !(nd >= 8 && n == nd + 1))) {   /* 1000MG is a dose; 91887744B a Medi-Cal number */
        deid_add_toks(d, i, i + 1, n == 17 ? WARD_PHI_VEHICLE : WARD_PHI_ID, PRIO_BARE_ID);
    }
}

/* A code of capitals and digit groups joined by dashes, without a cue:
 * "DP26-40417", "MB-26-77103", "PA-7714902", "NHSN-26-08812",
 * "26-CCT-5512" (accessions, specimens, references, reports). A letter at
 * least, no lower case ("Roux-en-Y", "beta-2"), four digits or more with a
 * run of three ("ICD-10", "COVID-19", "HLA-B27", "CA 19-9" stay); not a
 * coding system's or a trial group's name before its code ("CPT-99213",
 * "POG-9641"). Returns
 * the token after it, or 0. */
static size_t dashed_code(deid_doc *d, size_t i)
{
    static const char *const systems[] = {"icd", "cpt", "loinc", "ndc", "hcpcs", "snomed", "drg", "rxcui", "cvx",
                                          "pog", "cog", "swog", "rtog", "gog", "nsabp", "calgb", "ecog"};   /* trial groups */
    if (i > 0 && glued(d, i) && (is_p(d, i - 1, '-') || is_p(d, i - 1, '/') || (TK(i - 1).shape & (T_ALPHA | T_MIXED))))
        return 0;                                      /* inside a longer token run */
    size_t k = i, ndig = 0, run = 0, letters = 0, groups = 0;
    for (;;) {
        if (k >= d->n || !(TK(k).shape & (T_ALPHA | T_DIGIT | T_MIXED)) || TLEN(k) > 12) return 0;
        const char *p = d->t + TK(k).a;
        size_t r = 0;
        for (size_t b = 0; b < TLEN(k); b++) {
            if (islower((unsigned char)p[b])) return 0;
            if (isdigit((unsigned char)p[b])) ndig++, r++, run = r > run ? r : run;
            else letters++, r = 0;
        }
        groups++, k++;
        if (!(is_p(d, k, '-') && glued(d, k) && glued(d, k + 1) && k + 1 < d->n &&
              (TK(k + 1).shape & (T_ALPHA | T_DIGIT | T_MIXED))))
            break;
        k++;
    }
    if (groups < 2 || !letters || ndig < 4 || run < 3 || tok_in(d, i, systems, sizeof systems / sizeof *systems)) return 0;
    if (glued(d, k) && k < d->n && (TK(k).shape & (T_ALPHA | T_DIGIT | T_MIXED))) return 0;
    deid_add_toks(d, i, k, WARD_PHI_ID, PRIO_BARE_ID);
    return k;
}

/* A candidate of type ending at byte b (among the last few added). */
static int cand_ends(const deid_doc *d, size_t b, int type)
{
    for (size_t c = d->nc; c > 0 && d->nc - c < 6; c--)
        if (d->c[c - 1].b == b && d->c[c - 1].type == type) return 1;
    return 0;
}

/* HL7's address fields "street^other^city^state^zip": the city between
 * the carets before the state. */
static void hl7_city(deid_doc *d, size_t s)
{
    size_t a = s - 1;                                  /* the '^' before the state */
    size_t k = a;
    while (k > 0 && !is_p(d, k - 1, '^') && !TK(k).nl && a - k < 4 && (TK(k - 1).shape & T_ALPHA)) k--;
    if (k < a && k > 0 && is_p(d, k - 1, '^')) deid_add_toks(d, k, a, WARD_PHI_CITY, PRIO_PLACE);
}

/* ZIP after a state ("MA 02115", "Texas 75201", HL7's "^VT^05641"), a
 * cue, or a town found as one ("Brockton, 02301", "Jackson (41339)",
 * "Hazard 41701" after a street address). */
static size_t zip(deid_doc *d, size_t i)
{
    if (!digits(d, i, 5, 5) || i == 0) return 0;
    size_t s = i - 1;
    int caret = is_p(d, s, '^') && glued(d, i) && s > 1 && is_p(d, s - 2, '^');
    if ((is_p(d, s, ',') || is_p(d, s, '(') || caret) && s > 0) s--;
    /* HL7's state field may hold any two capitals ("^GU^96932", Guam) */
    int state = ((TK(s).w & W_STATE) && (TK(s).shape & T_CAP)) || (caret && TLEN(s) == 2 && (TK(s).shape & T_UPPER));
    /* FHIR's <postalCode value="93702"/> */
    int xml = i >= 4 && is_p(d, i - 1, '"') && is_p(d, i - 2, '=') && tok_eq(d, i - 3, "value", 5) &&
              (tok_eq(d, i - 4, "postalcode", 10) || tok_eq(d, i - 4, "zip", 3));
    int town = !state && cand_ends(d, TK(s).b, WARD_PHI_CITY) &&
               !(is_p(d, i - 1, '(') && !is_p(d, i + 1, ')'));
    /* a table's cell after the street's: "| 401 S Seneca St | 67213 |" */
    int cell = is_p(d, i - 1, '|') && i >= 2 && cand_ends(d, TK(i - 2).b, WARD_PHI_ADDRESS);
    /* ZIP+4 has a shape of its own: "40517-3309" (not an NDC's "12345-6789-01") */
    int plus4 = is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 4, 4) &&
                !(i + 3 < d->n && glued(d, i + 3) && !is_p(d, i + 3, ',') && !is_p(d, i + 3, '.') && !is_p(d, i + 3, ')') &&
                  !is_p(d, i + 3, ';')) &&
                !(glued(d, i) && !is_p(d, i - 1, '(') && !is_p(d, i - 1, '^'));
    if (!state && !town && !cell && !plus4 && !xml && !deid_cue_before(d, i, CUE_ZIP, 3)) return 0;
    if (caret && state) hl7_city(d, s);
    size_t end = i + 1;
    if (is_p(d, end, '-') && glued(d, end) && digits(d, end + 1, 4, 4)) end += 2;
    deid_add_toks(d, i, end, WARD_PHI_ZIP, PRIO_DATE);
    return end;
}

/* ---- places ---- */

/* A run of up to max capitalized words at i on one line; returns its end. */
static size_t cap_run(const deid_doc *d, size_t i, size_t max, uint32_t stop)
{
    size_t k = i;
    while (k < d->n && k - i < max && cap(d, k) && !(TK(k).w & stop) && (k == i || !TK(k).nl)) {
        k++;
        if (is_p(d, k, '-') && glued(d, k) && cap(d, k + 1) && glued(d, k + 1)) k++;
    }
    return k;
}

/* The city names in the word table, one to three words: "San Diego". */
static size_t known_city(const deid_doc *d, size_t i)
{
    if (!cap(d, i) || !(TK(i).w & (W_CITY | W_CITYPFX))) return 0;
    char key[64];
    size_t best = 0, kn = 0;
    for (size_t k = i; k < d->n && k < i + 4 && cap(d, k) && (k == i || !TK(k).nl); k++) {
        if (kn + TLEN(k) + 1 >= sizeof key) break;
        if (kn) key[kn++] = ' ';
        memcpy(key + kn, d->t + TK(k).a, TLEN(k));
        kn = deid_lower_key(key, kn + TLEN(k));
        if (deid_word_flags(key, kn) & W_CITY) best = k + 1;
        if (is_p(d, k + 1, '.') && tok_eq(d, k, "st", 2)) k++, key[kn++] = '.';
    }
    return best;
}

/* A word of a place name: capitalized, not a clinical, month, state,
 * title or function word ("Brighton Beach", "Fort Lee", "Enugu"). */
static int place_word(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) >= 3 &&
           !(TK(k).w & (W_KEEP | W_MONTH | W_STATE | W_TITLE | W_STOP | W_FAC | W_FAC2 | W_CRED | W_CUE));
}

/* Words of living and travel: a place after "in", "from", "to" in the same
 * sentence is where someone lives or goes ("lives alone in Brighton Beach",
 * "returning traveler from Enugu", "visit her sister in Sevilla"). */
static int residence_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"live", "lives", "lived", "living", "resides", "resided", "moved", "moving",
                                    "travel", "travels", "traveled", "travelled", "traveling", "travelling",
                                    "traveler", "traveller", "trip", "visit", "visiting", "visited", "returning",
                                    "returned", "vacation", "flew", "born", "grew", "relocated", "stays", "staying",
                                    "home", "house", "apartment", "coming", "came", "went", "spent", "arrived",
                                    "called", "calling", "phoned", "drove", "drives", "commutes", "reservation",
                                    "wedding", "funeral", "reunion", "holiday", "holidays", "cruise", "conference",
                                    "flying", "flies", "fly", "arrives", "arriving", "visits", "moves"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Words for a person that a place of origin may follow ("a man from ..."). */
static int person_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"man", "woman", "male", "female", "boy", "girl", "gentleman", "lady", "patient",
                                    "native", "veteran", "farmer", "teacher", "worker", "driver", "student",
                                    "immigrant", "refugee", "retiree", "couple", "family", "infant", "child",
                                    "old", "yo"};   /* "a 40-year-old from Haifa" */
    if (TK(k).w & W_RELATIVE) return 1;
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word of living or travel before i in its sentence, or a relative or
 * a person just before "in"/"from": "her aunt in Akiak had TB", "a
 * 44-year-old woman from Kalamazoo". At most 14 tokens back. */
static int residence_before(const deid_doc *d, size_t i)
{
    for (size_t k = i - 1; k > 0 && i - k < 14; k--) {
        if (is_p(d, k - 1, '.') || is_p(d, k - 1, ';') || TK(k).nl) break;
        if (residence_word(d, k - 1) || ((TK(k - 1).w & W_RELATIVE) && k == i - 1) ||
            (k == i - 1 && tok_eq(d, i - 1, "from", 4) && person_word(d, k - 1)))
            return 1;
    }
    return 0;
}

/* A place at i after "in"/"from"/"to" in a sentence about living or travel. */
static size_t residence_place(const deid_doc *d, size_t i)
{
    if (i == 0 || !(tok_eq(d, i - 1, "in", 2) || tok_eq(d, i - 1, "from", 4) || tok_eq(d, i - 1, "to", 2) ||
                    tok_eq(d, i - 1, "near", 4)) ||
        !place_word(d, i) || (TK(i).shape & T_UPPER) ||
        ((TK(i).w & W_FIRST) && !(TK(i).w & (W_LAST | W_CITY | W_CITYPFX | W_COMMON))))   /* "in Easton" */
        return 0;
    size_t e = i;
    while (e < d->n && e < i + 3 && place_word(d, e) && (e == i || !TK(e).nl) && !(TK(e).shape & T_UPPER)) e++;
    if (e < d->n && cap(d, e) && !TK(e).nl) return 0;              /* a longer proper name: not sure */
    if (e == i + 2) {                                              /* "South Dakota" is a state */
        char key[64];
        size_t kn = (size_t)snprintf(key, sizeof key, "%.*s %.*s", (int)TLEN(i), d->t + TK(i).a, (int)TLEN(i + 1),
                                     d->t + TK(i + 1).a);
        if (kn < sizeof key && (deid_word_flags(key, deid_lower_key(key, kn)) & W_STATE)) return 0;
    }
    return residence_before(d, i) ? e : 0;
}

/* The first word of a town in lower case ("fond du lac", "west haven",
 * "oshkosh"): a listed city's word, or a word no list knows that clinical
 * text does not write in lower case and no English ending makes a word. */
static int lower_town_word(const deid_doc *d, size_t k)
{
    if (k >= d->n || (TK(k).shape & T_CAP) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 4) return 0;
    if (TK(k).w & (W_CITY | W_CITYPFX)) return !(TK(k).w & (W_KEEP | W_STOP | W_MONTH | W_RELATIVE));
    return !TK(k).w && !deid_lower_word(d, k) && !deid_english_word(d, k);
}

/* A town in the lower case of chats after "in", "from" (or "to", "near"
 * for a listed city) where someone lives or goes ("we live in
 * collierville now", "drove from oshkosh", "lives in fond du lac,"):
 * after a cue of living or travel or in such a sentence; then
 * punctuation, the line's end or a function word. Returns the token
 * after, or 0. */
static size_t lower_town(deid_doc *d, size_t i)
{
    static const char *const particles[] = {"du", "de", "la", "le", "des", "del", "los", "las"};
    if (!lower_town_word(d, i)) return 0;
    size_t e = i + 1;
    while (e < d->n && e < i + 3 && !TK(e).nl && TK(e).sp && !(TK(e).shape & T_CAP)) {
        if (tok_in(d, e, particles, sizeof particles / sizeof *particles) && e + 1 < d->n && !TK(e + 1).nl && (TK(e + 1).shape & T_ALPHA)) e += 2;   /* "du lac" */
        else if (deid_place_head(d, e) || lower_town_word(d, e)) e++;   /* "redwood city", "jamaica plain" */
        else break;
    }
    /* then the clause ends or a word of when: not "from midway through the ventricle" */
    static const char *const after[] = {"now", "til", "till", "after", "and", "but", "since", "last", "this", "today",
                                        "yesterday", "tomorrow", "tonight", "for", "with"};
    if (!(e >= d->n || TK(e).nl || (TK(e).shape & T_PUNCT) || tok_in(d, e, after, sizeof after / sizeof *after)))
        return 0;
    if (!deid_cue_before(d, i, CUE_CITY, 3) && !residence_before(d, i) && !(TK(i).w & W_CITY)) return 0;
    /* "came in tachy", "went in vtach": a state one arrives in, not a town */
    static const char *const arrive[] = {"came", "come", "comes", "coming", "went", "goes", "going"};
    if (!(TK(i).w & W_CITY) && i >= 2 && tok_eq(d, i - 1, "in", 2) && tok_in(d, i - 2, arrive, sizeof arrive / sizeof *arrive))
        return 0;
    /* a verb or a thing after "to", "near" ("asked the chaplain to pray",
     * "to be near grandkids"): there, a listed city's word only */
    if (!(TK(i).w & W_CITY) && !tok_eq(d, i - 1, "in", 2) && !tok_eq(d, i - 1, "from", 4)) return 0;
    deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
    return e;
}

/* "City, ST 12345", a known city, or a capitalized place after "lives in". */
/* "Fond du Lac, WI 54935", "Jamaica, NY 11432": capitalized words (with
 * "du", "de", "la", "of" between them, or a country's name) before a
 * state's two capitals and a ZIP are a town. Returns the token after the
 * town, or 0. */
static size_t town_state_zip(const deid_doc *d, size_t i)
{
    size_t k = i;
    while (k < d->n && k < i + 5 && (k == i || !TK(k).nl)) {
        if (cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER)) k++;
        else if (k > i && (tok_eq(d, k, "du", 2) || tok_eq(d, k, "de", 2) || tok_eq(d, k, "la", 2) ||
                           tok_eq(d, k, "of", 2)) && cap(d, k + 1))
            k++;
        else break;
    }
    return k > i && is_p(d, k, ',') && (TK(k + 1 < d->n ? k + 1 : k).w & W_STATE) && (TK(k + 1).shape & T_UPPER) &&
                   TLEN(k + 1) == 2 && digits(d, k + 2, 5, 5)
               ? k
               : 0;
}

/* A state after a town: ", MA", ", VT 05641", " (KY)"; its last token, or 0. */
static size_t town_state(const deid_doc *d, size_t e)
{
    if (is_p(d, e, '(') && (TK(e + 1 < d->n ? e + 1 : e).w & W_STATE) && (TK(e + 1).shape & T_UPPER) &&
        TLEN(e + 1) == 2 && is_p(d, e + 2, ')'))
        return e + 2;                                              /* "Glasgow (KY)" */
    if (!is_p(d, e, ',') || e + 1 >= d->n || TK(e + 1).nl || !(TK(e + 1).w & W_STATE) || !cap(d, e + 1)) return 0;
    int zip = digits(d, e + 2, 5, 5);
    /* "MD", "MA" are also credentials: with a ZIP only */
    return (TK(e + 1).w & W_CRED) && (TK(e + 1).shape & T_UPPER) && !zip ? 0 : e + 1;
}

/* A town whose one word the lists keep as a clinical one ("Framingham"
 * of the risk score, "Barre" of the exercise, "Glasgow" of the coma scale)
 * where only a town stands: after a cue of living or travel ("lives in",
 * "moved to") when the word is a place's or a person's too, or before its
 * state after a preposition or an address ("from Barre, VT"), and not
 * before a clinical noun ("Framingham risk score"). Returns the token
 * after it, or 0. */
static size_t kept_town(deid_doc *d, size_t i, int after_address, int cued, int prep)
{
    if (!(TK(i).w & W_KEEP) || (TK(i).shape & T_UPPER) || cap(d, i + 1) || deid_clinical_after(d, i + 1)) return 0;
    int named = (TK(i).w & (W_CITY | W_EPONYM)) && cued && !TK(i).nl;
    if (!named && !((after_address || prep) && town_state(d, i + 1))) return 0;
    deid_add_toks(d, i, i + 1, WARD_PHI_CITY, PRIO_PLACE);
    return i + 1;
}

static size_t city(deid_doc *d, size_t i, int after_address)
{
    if (!cap(d, i)) return 0;
    if (TK(i).w & W_KEEP) {
        int prep = i > 0 && (tok_eq(d, i - 1, "in", 2) || tok_eq(d, i - 1, "from", 4) || tok_eq(d, i - 1, "near", 4));
        return kept_town(d, i, after_address, deid_cue_before(d, i, CUE_CITY, 3) != NULL, prep);
    }
    size_t tz = town_state_zip(d, i);
    if (tz) {
        deid_add_toks(d, i, tz, WARD_PHI_CITY, PRIO_PLACE);
        return tz;
    }
    size_t e = known_city(d, i), ce;
    /* reach 3: the cues have two words ("emigrated from", "died in") */
    int cued = !(TK(i).w & (W_TITLE | W_STOP | W_MONTH)) && deid_cue_before(d, i, CUE_CITY, 3) != NULL;
    size_t run = cap_run(d, i, 3, W_KEEP | W_STATE);
    if (deid_clinical_after(d, e ? e : run) && !tok_eq(d, e ? e : run, "area", 4))
        return 0;                                                  /* "Cincinnati stroke scale", not "the Houston area" */
    int prep = i > 0 && (tok_eq(d, i - 1, "in", 2) || tok_eq(d, i - 1, "from", 4) || tok_eq(d, i - 1, "near", 4) ||
                         tok_eq(d, i - 1, "to", 2) || tok_eq(d, i - 1, "of", 2));
    /* "Quezon City", "Carson City": place words before "City" */
    if (!e && place_word(d, i) && !(TK(i).shape & T_UPPER)) {
        size_t k = i;
        while (k < i + 3 && place_word(d, k) && !tok_eq(d, k, "city", 4) && (k == i || !TK(k).nl)) k++;
        if (k > i && tok_eq(d, k, "city", 4) && cap(d, k) && !TK(k).nl && !(cap(d, k + 1) && !TK(k + 1).nl)) {
            deid_add_toks(d, i, k + 1, WARD_PHI_CITY, PRIO_PLACE);
            return k + 1;
        }
    }
    /* followed by ", STATE" (with a ZIP, or when the city is known or after an address) */
    size_t end = e ? e : run;
    /* "Lewiston ME 04240": a state in capitals and a ZIP right after */
    if (end > i && end < d->n && !TK(end).nl && (TK(end).w & W_STATE) && (TK(end).shape & T_UPPER) && TLEN(end) == 2 &&
        digits(d, end + 1, 5, 5) && !TK(end + 1).nl) {
        deid_add_toks(d, i, end, WARD_PHI_CITY, PRIO_PLACE);
        return end;
    }
    if (end > i && is_p(d, end, ',') && end + 1 < d->n && (TK(end + 1).w & W_STATE) && cap(d, end + 1)) {
        size_t st = end + 1;
        if (!(TK(st).shape & T_UPPER) && !(TK(st).w & W_STATE)) st = 0;
        int zip_follows = st && digits(d, st + 1, 5, 5);
        if (st && (zip_follows || e || after_address || cued || prep) && !((TK(st).w & W_CRED) && !zip_follows)) {
            deid_add_toks(d, i, end, WARD_PHI_CITY, PRIO_PLACE);
            return end;
        }
    }
    if (e && !(TK(i).shape & T_UPPER) &&
        (cued || prep || tok_eq(d, e, "area", 4) || !(TK(i).w & (W_FIRST | W_LAST | W_EPONYM)))) {   /* "the Houston area" */
        deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
        return e;
    }
    /* not a heading in capitals ("LIVING IN HOUSEHOLD"), nor a field of work
     * ("works in the Electronics field"): a noun in lower case after it */
    if (cued && run > i && !(TK(i).w & (W_MONTH)) && !(TK(i).shape & T_UPPER) && !is_p(d, run, '/') &&
        !(run < d->n && !TK(run).nl && (TK(run).shape & T_ALPHA) && !(TK(run).shape & T_CAP) &&
          !(TK(run).w & (W_STOP | W_CUE)) && !tok_eq(d, run, "area", 4))) {
        ce = run;
        deid_add_toks(d, i, ce, WARD_PHI_CITY, PRIO_PLACE);
        return ce;
    }
    /* after a street address: "(88 Quarry Road, Brockton)", or the line
     * of its own under it in a letter's address block */
    if (after_address && place_word(d, i) && (ce = cap_run(d, i, 3, W_KEEP | W_STATE | W_STOP)) > i &&
        (ce >= d->n || TK(ce).nl || is_p(d, ce, ')') || is_p(d, ce, ',') || is_p(d, ce, '.') || (TK(ce).w & W_STATE) ||
         digits(d, ce, 5, 5) ||                                                            /* "Hazard 41701" */
         (is_p(d, i - 1, ',') && (TK(ce).shape & T_ALPHA) && !(TK(ce).shape & T_CAP)))) {   /* ", Okemos instead" */
        deid_add_toks(d, i, ce, WARD_PHI_CITY, PRIO_PLACE);
        return ce;
    }
    if ((ce = residence_place(d, i))) {
        deid_add_toks(d, i, ce, WARD_PHI_CITY, PRIO_PLACE);
        return ce;
    }
    return deid_town_at(d, i);
}

static int direction(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"};
    return cap(d, k) && tok_in(d, k, w, sizeof w / sizeof *w);
}

static void name_above(deid_doc *d, size_t i);
static size_t unit_after(const deid_doc *d, size_t end);
static int street_first(const deid_doc *d, size_t k);

/* ", Springfield, IL 62704" after an address, or the next line of an
 * address block. */
static void c_after_address(deid_doc *d, size_t end)
{
    size_t c = end;
    if (is_p(d, c, ',')) c++;
    if (c < d->n && (!TK(c).nl || (TK(c).nl == 1 && c == end))) city(d, c, 1);
}

/* A numbered road at k: "Hwy 64", "Rte 1", "US-2", "I-84", "I-35W", "FM
 * 1997", "SR 7", "CR 14", "County Rd 27", "KY Route 321", "Highway 15 N";
 * returns the token after it (a direction after it included), or 0. */
size_t deid_road_number(const deid_doc *d, size_t k)
{
    static const char *const roads[] = {"hwy", "highway", "rte", "route", "rt", "interstate", "fm", "sr", "cr", "loop", "spur"};
    if (k >= d->n || !(TK(k).shape & T_ALPHA)) return 0;
    size_t q = k;
    if ((TK(q).w & W_STATE) && (TK(q).shape & T_UPPER) && TLEN(q) == 2 && q + 1 < d->n && !TK(q + 1).nl &&
        (tok_eq(d, q + 1, "route", 5) || tok_eq(d, q + 1, "hwy", 3) || tok_eq(d, q + 1, "highway", 7)))
        q++;                                           /* "KY Route 321" */
    if ((tok_eq(d, q, "county", 6) || tok_eq(d, q, "cty", 3)) && (tok_eq(d, q + 1, "road", 4) || tok_eq(d, q + 1, "rd", 2)))
        q++;
    else if (tok_eq(d, q, "state", 5) && tok_eq(d, q + 1, "route", 5)) q++;
    else if (tok_eq(d, q, "farm", 4) && (tok_eq(d, q + 1, "road", 4) || tok_eq(d, q + 1, "rd", 2))) q++;
    /* "KY-160", "M-32 W": a state's letters (or Michigan's M) joined to the number */
    int state_dash = q == k && (TK(q).shape & T_UPPER) && ((TLEN(q) == 2 && (TK(q).w & W_STATE)) || tok_eq(d, q, "m", 1)) &&
                     is_p(d, q + 1, '-') && glued(d, q + 1) && digits(d, q + 2, 1, 3) && glued(d, q + 2);
    if (state_dash) {
        size_t n = q + 3;
        if (direction(d, n) && TLEN(n) == 1 && !TK(n).nl) n++;
        return n;
    }
    int upper_only = tok_eq(d, q, "us", 2) || tok_eq(d, q, "i", 1) || tok_eq(d, q, "fm", 2) || tok_eq(d, q, "sr", 2) ||
                     tok_eq(d, q, "cr", 2);        /* "US" ultrasound, "Cr" creatinine: capitals and a dash or a number */
    if (!(q > k || tok_in(d, q, roads, sizeof roads / sizeof *roads) || tok_eq(d, q, "us", 2) || tok_eq(d, q, "i", 1)))
        return 0;
    if (upper_only && q == k && !(TK(q).shape & T_UPPER)) return 0;
    size_t n = q + 1;
    if (is_p(d, n, '-') && glued(d, n) && glued(d, n + 1)) n++;
    else if (tok_eq(d, q, "i", 1) || tok_eq(d, q, "us", 2)) return 0;   /* "I-84", "US-2" need the dash */
    if (n >= d->n || TK(n).nl || !isdigit((unsigned char)d->t[TK(n).a]) || TLEN(n) > 4) return 0;
    if ((TK(n).shape & T_MIXED) && !(TLEN(n) >= 2 && TLEN(n) <= 4 && isupper((unsigned char)d->t[TK(n).b - 1]) &&
                                     isdigit((unsigned char)d->t[TK(n).b - 2])))
        return 0;                                                                   /* "35W", "Route 1A" */
    if (is_p(d, n + 1, '.') && glued(d, n + 1) && digits(d, n + 2, 1, 9)) return 0;               /* "Cr 1.4" */
    if (is_p(d, n + 1, '/') && glued(d, n + 1)) return 0;
    if (tok_eq(d, q, "i", 1) && (num(d, n) == 123 || num(d, n) == 125 || num(d, n) == 131)) return 0;   /* iodine isotopes */
    n++;
    if (direction(d, n) && !TK(n).nl) n++;          /* "Highway 15 N", "Hwy 9 South" */
    return n;
}

/* The address [i, end): its units after it ("Apt 4", "Suite 200"), the
 * span, and the town after it on its line. Returns its end. */
static size_t street_found(deid_doc *d, size_t i, size_t end)
{
    end = unit_after(d, end);
    deid_add_toks(d, i, end, WARD_PHI_ADDRESS, PRIO_ADDRESS);
    c_after_address(d, end);
    return end;
}

/* "221B Baker Street, Apt 4", "PO Box 123". Returns the token after. */
/* Token i is the second number of a vital sign's fraction, no house
 * number: "BP 130/85 Called Dr Smith", "B/P: 142/91 Saw Dr Jones" (a unit
 * and its house, "5/23 Smith St", has no such word before it). */
static int vital_fraction(const deid_doc *d, size_t i)
{
    static const char *const vital[] = {"bp", "sbp", "nibp", "abp", "pressure", "pressures", "gcs", "p", "vitals", "vs"};
    if (i < 3 || !is_p(d, i - 1, '/') || !glued(d, i) || !glued(d, i - 1) || !(TK(i - 2).shape & T_DIGIT)) return 0;
    size_t k = i - 3;
    if (k > 0 && is_p(d, k, ':')) k--;
    return !TK(i - 2).nl && tok_in(d, k, vital, sizeof vital / sizeof *vital);
}

static size_t street(deid_doc *d, size_t i)
{
    if ((tok_eq(d, i, "po", 2) && (tok_eq(d, i + 1, "box", 3) || tok_eq(d, i + 1, "drawer", 6)) && digits(d, i + 2, 1, 6)) ||
        (tok_eq(d, i, "p", 1) && is_p(d, i + 1, '.') && tok_eq(d, i + 2, "o", 1) && is_p(d, i + 3, '.') &&
         tok_eq(d, i + 4, "box", 3) && digits(d, i + 5, 1, 6))) {
        size_t end = tok_eq(d, i, "po", 2) ? i + 3 : i + 6;
        deid_add_toks(d, i, end, WARD_PHI_ADDRESS, PRIO_ADDRESS);
        return end;
    }
    /* rural routes: "RR 2 Box 14" ("RR 16" alone is a respiratory rate),
     * "Rural Route 3, Box 7" */
    int rural = (tok_eq(d, i, "rural", 5) && tok_eq(d, i + 1, "route", 5)) ||
                (tok_eq(d, i, "rfd", 3) && (TK(i).shape & T_UPPER));   /* "RFD 2, Box 310" */
    /* "RR 2", "Rt 7 Box 44", "HC 61 Box 220" (a highway contract route) */
    size_t r = rural ? (tok_eq(d, i, "rfd", 3) ? i + 1 : i + 2)
               : ((tok_eq(d, i, "rr", 2) || tok_eq(d, i, "hc", 2) || tok_eq(d, i, "hcr", 3)) && (TK(i).shape & T_UPPER)) ||
                         (tok_eq(d, i, "rt", 2) && cap(d, i))
                   ? i + 1
                   : 0;
    size_t bx = r && is_p(d, r + 1, ',') ? r + 2 : r + 1;
    int box = r && tok_eq(d, bx, "box", 3) && bx + 1 < d->n && !TK(bx + 1).nl && isdigit((unsigned char)d->t[TK(bx + 1).a]) &&
              TLEN(bx + 1) <= 6;                       /* "Box 77A" */
    if (r && digits(d, r, 1, 4) && (rural || box)) {
        size_t end = box ? bx + 2 : r + 1;
        deid_add_toks(d, i, end, WARD_PHI_ADDRESS, PRIO_ADDRESS);
        c_after_address(d, end);
        return end;
    }
    /* "W8812 County Road JJ": a grid address, a direction letter before the number */
    int grid = (TK(i).shape & T_MIXED) && TLEN(i) >= 4 && TLEN(i) <= 6 && strchr("NSEW", d->t[TK(i).a]) &&
               isdigit((unsigned char)d->t[TK(i).a + 1]);
    if (!grid && (!(TK(i).shape & (T_DIGIT | T_MIXED)) || !isdigit((unsigned char)d->t[TK(i).a]) || TLEN(i) > 6)) return 0;
    if (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT)) return 0;
    if (vital_fraction(d, i)) return 0;                /* "BP 130/85 Called Dr Smith" */
    if (i > 1 && glued(d, i) && is_p(d, i - 1, ':') && digits(d, i - 2, 1, 2)) return 0;   /* a time: "03:01 DISP" */
    size_t k = i + 1, e;
    if (!grid && TLEN(i) >= 2 && k < d->n && (TK(k).shape & T_ALPHA) && !TK(k).nl &&
        (e = deid_road_number(d, k)))                                                /* "1709 KY Route 321" */
        return street_found(d, i, e);                                           /* "3310 Hwy 10 E, Suite 200" */
    /* a grid address of the West: "3417 N 2700 E", "8400 W 2700 S" */
    if (!grid && TLEN(i) >= 2 && direction(d, k) && TLEN(k) == 1 && digits(d, k + 1, 3, 5) && direction(d, k + 2) &&
        TLEN(k + 2) == 1 && !TK(k + 1).nl && !TK(k + 2).nl)
        return street_found(d, i, k + 3);                                       /* "1180 E 400 S Apt 12" */
    /* "12-14 Main St"; a unit and its house, "5/23 Smith St" (Australia, New Zealand) */
    if (((is_p(d, k, '-') && glued(d, k) && digits(d, k + 1, 1, 5))) || (k == i + 1 && unit_house(d, i))) k += 2;
    if (direction(d, k)) k += is_p(d, k + 1, '.') ? 2 : 1;
    if ((tok_eq(d, k, "block", 5) || tok_eq(d, k, "blk", 3)) && tok_eq(d, k + 1, "of", 2)) k += 2;   /* "1200 block of Elm St" */
    if (!grid && k > i + 1 && TLEN(i) >= 2 && (e = deid_road_number(d, k)))            /* "400 S Loop 336 W" */
        return street_found(d, i, e);
    /* "77 Rue Champlain", "45 Calle Luna": the street's kind before its name */
    if (street_first(d, k) && cap(d, k + 1) && !TK(k + 1).nl)
        return street_found(d, i, cap_run(d, k + 1, 3, W_KEEP | W_STATE));
    size_t words = 0;
    while (k < d->n && words < 4 && !TK(k).nl &&
           (cap(d, k) || ((TK(k).shape & T_MIXED) && isdigit((unsigned char)d->t[TK(k).a])))) {
        /* "1215 St. Stephens Rd", "45 Mt. Vernon Rd": a saint's or a mount's abbreviation starts the name */
        if (words == 0 && (tok_eq(d, k, "st", 2) || tok_eq(d, k, "mt", 2) || tok_eq(d, k, "ft", 2)) && is_p(d, k + 1, '.') &&
            glued(d, k + 1) && cap(d, k + 2) && !TK(k + 2).nl) {
            k += 2, words++;
            continue;
        }
        if ((TK(k).w & W_STREET) && words > 0) break;
        k++, words++;
    }
    if (!words || k >= d->n || !(TK(k).w & W_STREET) || !cap(d, k) || TK(k).nl) return 0;
    /* "2100 Per Dr. Banks": a title before a name, not a street ("1001 Pemberly Dr. Reply" is) */
    if (tok_eq(d, k, "dr", 2) && is_p(d, k + 1, '.') && cap(d, k + 2) && !TK(k + 2).nl &&
        (TK(k + 2).w & (W_FIRST | W_LAST)) && !(TK(k + 2).w & W_STOP))
        return 0;
    int titled = 0;
    for (size_t q = k - words; q < k; q++) titled |= !(TK(q).shape & T_UPPER) || TLEN(q) > 3;
    /* "1420 K St NW": a letter's street in mixed case; "918 ELM ST APT 3" in an HL7 field */
    titled |= words == 1 && TLEN(k - 1) == 1 && (TK(k - 1).shape & T_ALPHA) && !(TK(k).shape & T_UPPER);
    titled |= (k + 1 < d->n && is_p(d, k + 1, '^')) || (k + 3 < d->n && is_p(d, k + 3, '^'));
    if (!titled) return 0;                                  /* "5 MG SQ" is a dose */
    size_t end = k + 1;
    if (is_p(d, end, '.') && glued(d, end)) end++;
    /* two kinds in a row: "Quail Run Ct", "Pine Ridge Rd" */
    else if (end < d->n && !TK(end).nl && cap(d, end) && (TK(end).w & W_STREET) && !(TK(end).w & W_TITLE)) {
        end++;
        if (is_p(d, end, '.') && glued(d, end)) end++;
    }
    if (direction(d, end)) end += is_p(d, end + 1, '.') ? 2 : 1;
    /* a road's number or letters: "County Road JJ", "Hwy 12" */
    else if (end < d->n && !TK(end).nl && TK(end).sp && TLEN(end) <= 3 &&
             (digits(d, end, 1, 3) || ((TK(end).shape & T_UPPER) && (TK(end).shape & T_ALPHA) && !(TK(end).w & (W_STATE | W_CRED)) &&
                                        !tok_eq(d, end, "apt", 3) && !tok_eq(d, end, "ste", 3) && !tok_eq(d, end, "lot", 3))) &&
             (tok_eq(d, k, "road", 4) || tok_eq(d, k, "rd", 2) || tok_eq(d, k, "hwy", 3) || tok_eq(d, k, "highway", 7) ||
              tok_eq(d, k, "route", 5) || tok_eq(d, k, "rte", 3)))
        end++;
    end = street_found(d, i, end);
    name_above(d, i);
    return end;
}

/* A line that holds only a unit, as an address block writes it under its
 * street: "1450 Oak Hollow Dr\nSuite 210\nRound Rock, TX": a capitalized
 * unit word, its number, then the line's end. */
static int unit_line(const deid_doc *d, size_t u, const char *const *units, size_t n)
{
    if (!cap(d, u) || !tok_in(d, u, units, n)) return 0;
    size_t k = u + 1;
    while (k < d->n && !TK(k).nl && (is_p(d, k, '.') || is_p(d, k, '#'))) k++;
    return k < d->n && !TK(k).nl && (TK(k).shape & (T_DIGIT | T_MIXED)) && TLEN(k) <= 6 && (k + 1 >= d->n || TK(k + 1).nl);
}

/* A unit after a street: ", Apt 4", "Suite 200", "#1407", ", 4th Floor",
 * "Flr 2", a unit's own line below the street. Returns the end of the
 * address. */
static size_t unit_after(const deid_doc *d, size_t end)
{
    static const char *const units[] = {"apt", "apartment", "suite", "ste", "unit", "room", "rm", "floor", "bldg",
                                        "building", "fl", "flr", "lot", "app", "apto", "trlr", "trailer", "spc",
                                        "space", "site", "piso", "depto", "box"};
    for (int step = 0; step < 3; step++) {          /* "Bldg 200, Ste 215" */
        size_t u = end, was = end;
        if (is_p(d, u, ',')) u++;
        if (u >= d->n || (TK(u).nl && !is_p(d, end, ',') && !unit_line(d, u, units, sizeof units / sizeof *units))) break;
        if (day_at(d, u) == u + 1 && (tok_eq(d, u + 1, "floor", 5) || tok_eq(d, u + 1, "fl", 2))) {
            end = u + 2;                               /* ", 4th Floor" */
        } else if (tok_in(d, u, units, sizeof units / sizeof *units) || is_p(d, u, '#')) {
            u++;
            while (is_p(d, u, '.') || is_p(d, u, '#')) u++;
            if (u < d->n && !TK(u).nl && (TK(u).shape & (T_DIGIT | T_MIXED | T_ALPHA)) && TLEN(u) <= 6 &&
                ((TK(u).shape & (T_DIGIT | T_MIXED)) || TLEN(u) <= 2))
                end = u + 1;
        }
        if (end == was) break;
    }
    return end;
}

/* Kinds of street written before the name: "Rue Champlain", "Calle Luna". */
static int street_first(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"rue", "calle", "avenida", "av", "rua", "via", "chemin", "camino", "carrer", "paseo"};
    if (!cap(d, k)) return 0;
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A letter's address block: the line above a street address that holds
 * only two to four capitalized words is the addressee ("Gul Ahmad Zadran"). */
static void name_above(deid_doc *d, size_t i)
{
    if (i == 0 || TK(i).nl != 1) return;
    size_t a = i - 1;                                  /* back to the first token of the line above */
    while (a > 0 && !TK(a).nl && i - a < 6) a--;
    if (a > 0 && !TK(a).nl) return;
    size_t caps = 0, real = 0, org = 0, person = 0;
    for (size_t k = a; k < i; k++) {
        if (cap(d, k) && (TK(k).shape & T_ALPHA)) {
            caps++;
            org += (TK(k).w & (W_KEEP | W_FAC | W_FAC2)) != 0;
            real += !(TK(k).w & (W_KEEP | W_FAC | W_FAC2 | W_CUE | W_TITLE | W_STREET | W_STATE));
            person += (TK(k).w & (W_TITLE | W_CUE)) != 0 || ((TK(k).w & W_CRED) && (TK(k).shape & T_UPPER));
        } else if (!(is_p(d, k, '&') || tok_eq(d, k, "and", 3) || tok_eq(d, k, "of", 2) ||
                     (is_p(d, k, '\'') && tok_eq(d, k + 1, "s", 1)) || (tok_eq(d, k, "s", 1) && glued(d, k)))) {
            return;
        }
    }
    if (caps == i - a && !org && i - a >= 2 && i - a <= 4) deid_add_toks(d, a, i, WARD_PHI_NAME, PRIO_NAME);
    /* a practice's letterhead: "Desert Sky Pulmonary & Sleep" */
    else if (org && real && !person && caps >= 2) deid_add_toks(d, a, i, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* What may stand before a street named without a number: a word of
 * place or movement ("on", "at", "off", "take"), or a route's field or leg
 * ("Route: M-32 W → I-75 N", "Accident site: FM 2087"). street_name's
 * first test, inline: deid_shapes asks it of every word. */
static inline int street_name_after(const deid_doc *d, size_t i)
{
    static const char *const near[] = {"on", "at", "off", "near", "from", "via", "along", "@", "to", "onto", "take", "took",
                                       "and", "&", "exit", "then", "lives", "north", "south", "east", "west", "up", "down", "past"};
    if (i == 0) return 0;
    int field = is_p(d, i - 1, ':') || (TLEN(i - 1) == 3 && !memcmp(d->t + TK(i - 1).a, "\xE2\x86\x92", 3));
    return field || tok_in(d, i - 1, near, sizeof near / sizeof *near);
}

/* What street_name needs of token i itself, asked before the word before
 * it: a capital, or a number starting within three tokens (a road's
 * number, deid_road_number: "on hwy 64", "off county rd 9", "near I-80"). */
static inline int street_name_first(const deid_doc *d, size_t i)
{
    if (cap(d, i)) return 1;
    for (size_t k = i + 1; k <= i + 3 && k < d->n; k++)   /* a digit first: a token with digits (its shape first) */
        if ((TK(k).shape & (T_DIGIT | T_MIXED)) && d->t[TK(k).a] >= '0' && d->t[TK(k).a] <= '9') return 1;
    return 0;
}

/* A street named without a number after "on", "at", "off" (street_name_after
 * holds at i): "on Dock Street", "at Cottage Grove Ave". Returns the token
 * after, or 0. */
static size_t street_name(deid_doc *d, size_t i)
{
    size_t q;
    if ((q = deid_road_number(d, i)) && !deid_clinical_after(d, q)) {
        deid_add_toks(d, i, q, WARD_PHI_ADDRESS, PRIO_ADDRESS);     /* "on Hwy 64", "off I-80 exit", "near US-2" */
        return q;
    }
    static const char *const on[] = {"on", "at", "off", "near", "along", "lives", "past", "via"};   /* among street_name_after's */
    if (!cap(d, i) || !tok_in(d, i - 1, on, sizeof on / sizeof *on)) return 0;   /* cap first: cheaper */
    /* "County Road 9", "Route 66", "Highway 61" */
    q = tok_eq(d, i, "county", 6) && tok_eq(d, i + 1, "road", 4) ? i + 2
               : tok_eq(d, i, "route", 5) || tok_eq(d, i, "highway", 7) || tok_eq(d, i, "interstate", 10) ? i + 1 : 0;
    if (q && digits(d, q, 1, 4) && !TK(q).nl) {
        deid_add_toks(d, i, q + 1, WARD_PHI_ADDRESS, PRIO_ADDRESS);
        return q + 1;
    }
    if (TK(i).w & (W_STREET | W_KEEP | W_MONTH | W_TITLE | W_STOP)) return 0;
    size_t k = i;
    /* "on North 9th Avenue", "off West 14th Street": a numbered street */
    while (k < d->n && k < i + 3 && (cap(d, k) || (k > i && day_at(d, k) == k + 1 && (TK(k).shape & T_MIXED))) &&
           !(TK(k).w & (W_STREET | W_KEEP | W_MONTH | W_TITLE)) && (k == i || !TK(k).nl))
        k++;
    if (k >= d->n || TK(k).nl || !(TK(k).w & W_STREET) || !cap(d, k) ||
        (tok_eq(d, k, "dr", 2) && is_p(d, k + 1, '.') && cap(d, k + 2) && !TK(k + 2).nl))   /* "on Tieton Dr." ends a sentence */
        return 0;
    size_t end = k + 1;
    if (is_p(d, end, '.') && glued(d, end) && TLEN(k) <= 4) end++;
    if (end < d->n && cap(d, end) && !TK(end).nl) return 0;      /* "on Park Avenue Hospital": a longer name */
    deid_add_toks(d, i, end, WARD_PHI_ADDRESS, PRIO_ADDRESS);
    return end;
}

/* A word starting a cue phrase just before token i (cued_address's first
 * test, inline: most tokens have none, and a call per token cost more). */
static inline int cue_just_before(const deid_doc *d, size_t i)
{
    return i > 0 && (TK(i - 1).cue || (i >= 2 && TK(i - 2).cue));
}

/* An address after its cue ("Address:", "lives at", "home address"),
 * in whatever shape the street rule does not know: "18 Calle del Sol",
 * "1104 south main street", "HC 64 Box 1190", "Apartment 12B, 55 Linden
 * Place", "3300 Martin Luther King Jr. Blvd". From a number (or a unit,
 * a highway contract route) to the field's end: the line end, a column
 * gap, a parenthesis, a sentence's end, or a function word ("with her
 * son"; "of the" inside a name stays). Returns the token after, or 0.
 * Asked only after cue_just_before. */
static size_t cued_address(deid_doc *d, size_t i)
{
    static const char *const starts[] = {"hc", "apartment", "apt", "flat", "unit", "lot", "box"};
    int num = (TK(i).shape & (T_DIGIT | T_MIXED)) && isdigit((unsigned char)d->t[TK(i).a]);
    int grid = (TK(i).shape & T_MIXED) && strchr("NSEW", d->t[TK(i).a]) && TLEN(i) > 1 &&
               isdigit((unsigned char)d->t[TK(i).a + 1]);
    if (!(num || grid || tok_in(d, i, starts, sizeof starts / sizeof *starts))) return 0;
    if (!deid_cue_before(d, i, CUE_ADDR, 2)) return 0;
    static const char *const units[] = {"apt", "unit", "ste", "suite", "floor", "fl", "lot", "box", "room", "rm"};
    size_t e = i + 1;
    int kind = 0;                                      /* the street's kind seen: "St", "street" */
    while (e < d->n && !TK(e).nl && !deid_column_gap(d, e) && !is_p(d, e, '(') && !is_p(d, e, ';') && e < i + 14) {
        if (is_p(d, e, '.') && e + 1 < d->n && TK(e + 1).sp && cap(d, e + 1) && TLEN(e - 1) > 3) break;
        /* after the street's kind, a word in lower case is the sentence's: "12 Oak St since 2019" */
        if (kind && (TK(e).shape & T_ALPHA) && !(TK(e).shape & T_CAP) && !tok_in(d, e, units, sizeof units / sizeof *units))
            break;
        kind |= (TK(e).w & W_STREET) != 0;
        if ((TK(e).w & W_STOP) && !((tok_eq(d, e, "of", 2) || tok_eq(d, e, "the", 3)) && cap(d, e + 1))) break;
        if ((TK(e).w & W_CUE) && cap(d, e) && is_p(d, e + 1, ':')) break;           /* "Phone:" */
        e++;
    }
    while (e > i + 1 && (is_p(d, e - 1, ',') || is_p(d, e - 1, '.'))) e--;
    /* a street's name or kind among the words: not "lives at 2 days ago" */
    int named = 0;
    for (size_t q = i + 1; q < e; q++) named |= (cap(d, q) && (TK(q).shape & T_ALPHA)) || (TK(q).w & W_STREET);
    if (e < i + 2 || !named) return 0;
    deid_add_toks(d, i, e, WARD_PHI_ADDRESS, PRIO_ADDRESS);
    return e;
}

static int function_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"at", "and", "of", "in", "on", "to", "is", "was", "with", "for", "by", "from"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* "St. Luke's", "Saint Agnes's": a saint's name in the possessive stands for
 * the hospital, unless a clinical noun follows (St. John's wort). */
static size_t saint_place(deid_doc *d, size_t i)
{
    size_t k = i + 1;
    if (!(tok_eq(d, i, "st", 2) || tok_eq(d, i, "saint", 5)) || !cap(d, i)) return 0;
    if (is_p(d, k, '.') && glued(d, k)) k++;
    if (!cap(d, k) || TK(k).nl || !(is_p(d, k + 1, '\'') && tok_eq(d, k + 2, "s", 1) && glued(d, k + 1))) return 0;
    size_t end = k + 3;
    if (end < d->n && !TK(end).nl && (cap(d, end) || (TK(end).w & W_HEAD))) return 0;   /* St. Mary's Hospital: the head rule */
    deid_add_toks(d, i, end, WARD_PHI_FACILITY, PRIO_PLACE);
    return end;
}

/* A place of care named after a movement into or out of care
 * (data/deid_cues.tsv "facility" cues: "transferred to", "admitted to",
 * "discharged to", "seen at"), without an article: "transferred from Mount
 * Sinai West to Beth Israel Deaconess". Capitalized words, "of", "St.",
 * "'s"; not a title (a person), not only clinical words and head nouns
 * ("admitted to Medicine", "to Postanesthesia Care Unit"). */
/* "at" after a specialty or a date names where care happened: "Podiatry
 * at Avera McKennan", "on 9/27 at Abbott Northwestern". */
static int at_place(const deid_doc *d, size_t i)
{
    if (i < 2 || !tok_eq(d, i - 1, "at", 2) || TK(i - 1).nl) return 0;
    size_t p = i - 2;
    /* not "labs at Quest": a lab's brand is no place of care */
    if (tok_eq(d, p, "lab", 3) || tok_eq(d, p, "labs", 4)) return 0;
    if ((TK(p).w & W_KEEP) && (TK(p).w & W_FAC2)) return 1;
    /* a test or procedure done there: "echo at ProMedica Toledo" */
    static const char *const tests[] = {"echo", "ct", "mri", "ekg", "ecg", "colonoscopy", "biopsy", "surgery",
                                        "procedure", "ultrasound", "mammogram", "eeg", "emg", "cath", "pet"};
    if (tok_in(d, p, tests, sizeof tests / sizeof *tests)) return 1;
    for (size_t c = d->nc; c > 0 && c + 8 > d->nc; c--)
        if (d->c[c - 1].b == TK(p).b && d->c[c - 1].type == WARD_PHI_DATE) return 1;
    /* a visit earlier in the sentence: "seen earlier today at OHSU", "saw
     * cardiology at Novant Forsyth", "had his appointment at Legacy" */
    static const char *const visits[] = {"seen", "saw", "visit", "visited", "appointment", "appt", "followed",
                                         "treated", "admitted", "hospitalized", "evaluated", "delivered", "born",
                                         "scheduled", "referred", "consulted", "operated", "imaged", "infusion"};
    for (size_t q = i - 1; q > 0 && q + 9 > i && !TK(q).nl; q--) {
        if (is_p(d, q - 1, '.') || is_p(d, q - 1, ';')) break;
        if (tok_in(d, q - 1, visits, sizeof visits / sizeof *visits)) return 1;
    }
    return 0;
}

/* A place's letters after a cue: "seen at OHSU", "UH Cleveland"; unknown
 * to the word lists (units and services are listed: ICU, SNF, LTACH), not
 * part of "PT/OT". */
static int place_letters(const deid_doc *d, size_t k)
{
    return k < d->n && (TK(k).shape & T_UPPER) && (TK(k).shape & T_ALPHA) && TLEN(k) >= 2 && TLEN(k) <= 6 &&
           !TK(k).w && !is_p(d, k + 1, '/') && !is_p(d, k + 1, '-') && !(k > 0 && is_p(d, k - 1, '/'));
}

static size_t cued_facility(deid_doc *d, size_t i)
{
    int letters = place_letters(d, i);
    /* a function word opens a name only before another capital: "Good Shepherd", "Our Lady of Lourdes" */
    if (i == 0 || !cap(d, i) || (TK(i).w & (W_TITLE | W_MONTH | W_STATE)) || ((TK(i).shape & T_UPPER) && !letters) ||
        ((TK(i).w & W_STOP) && !(cap(d, i + 1) && !TK(i + 1).nl && !(TK(i + 1).w & (W_STOP | W_KEEP)))) ||
        !(deid_cue_before(d, i, CUE_FACILITY, 3) || at_place(d, i)))
        return 0;
    /* "brought to the Operating Suite": with an article it is a room, and a
     * named place with its head noun is the facility rule's */
    if (tok_eq(d, i - 1, "the", 3) || tok_eq(d, i - 1, "a", 1) || tok_eq(d, i - 1, "an", 2) || tok_eq(d, i - 1, "our", 3) ||
        tok_eq(d, i - 1, "his", 3) || tok_eq(d, i - 1, "her", 3) || tok_eq(d, i - 1, "their", 5))
        return 0;
    if (is_p(d, i - 1, '.') || is_p(d, i - 1, ',') || is_p(d, i - 1, ';')) return 0;   /* "Home Health. Visit by" */
    /* a line's first word after a heading that ends in a cue's word
     * ("SKILLED NURSING FACILITY\nAdmission note."); a label's colon
     * still reaches it ("Facility:\nMercy Hospital") */
    if (TK(i).nl && !is_p(d, i - 1, ':')) return 0;
    size_t k = i, real = 0, headed = 0;
    while (k < d->n && k < i + 6 && (k == i || !TK(k).nl)) {
        if (k == i && letters) {
            real++, k++;
        } else if (cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && !(TK(k).w & (W_TITLE | W_MONTH))) {
            real += !(TK(k).w & (W_KEEP | W_FAC | W_FAC2));   /* "the Intensive Care Unit" has none */
            headed += (TK(k).w & (W_FAC | W_FAC2)) != 0;
            k++;
        } else if (is_p(d, k, '\'') && tok_eq(d, k + 1, "s", 1) && glued(d, k)) {
            k += 2;
        } else if (tok_eq(d, k, "of", 2) && cap(d, k + 1) && !TK(k + 1).nl) {
            k++;
        } else if (tok_eq(d, k, "of", 2) && tok_eq(d, k + 1, "the", 3) && cap(d, k + 2) && !TK(k + 2).nl) {
            k += 2;                                    /* "Our Lady of the Lake" */
        } else if (is_p(d, k, '.') && glued(d, k) && tok_eq(d, k - 1, "st", 2)) {
            k++;
        } else {
            break;
        }
    }
    if (!real) return 0;
    if (is_p(d, k, ',') && k + 1 < d->n && (TK(k + 1).w & W_CRED) && (TK(k + 1).shape & T_UPPER)) return 0;   /* "care to Ann Roe, FNP" */
    if (!headed && tok_eq(d, k, "er", 2) && (TK(k).shape & T_UPPER)) k++;   /* "Bayshore ER" (the room), not its "ED" */
    deid_add_toks(d, i, k, WARD_PHI_FACILITY, PRIO_PLACE);
    /* "from Mount Sinai West to Beth Israel Deaconess", "at X and Y" */
    if ((tok_eq(d, k, "to", 2) || tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2)) && k + 1 < d->n && !TK(k + 1).nl) {
        size_t j = k + 1, r = 0;
        while (j < d->n && j < k + 6 && cap(d, j) && (TK(j).shape & T_ALPHA) && !(TK(j).shape & T_UPPER) &&
               !(TK(j).w & (W_TITLE | W_MONTH | W_STOP)) && (j == k + 1 || !TK(j).nl))
            r += !(TK(j++).w & (W_KEEP | W_FAC | W_FAC2));
        if (r) {
            deid_add_toks(d, k + 1, j, WARD_PHI_FACILITY, PRIO_PLACE);
            return j;
        }
    }
    return k;
}

/* A place of care named before a head noun in lower case, as people write
 * it: "go to Evergreen urgent care", "the Fordham ortho clinic", "Sanford
 * ED", "Sunnyside pharmacy"; a chain's brand ("the Kroger pharmacy") is a
 * listed word (K) and stays, as a brand alone is no facility. At
 * the head (i), back over one or two lower-case words ("ortho", "eye") to
 * one to three capitalized place words; those are the facility. */
static int lower_head(const deid_doc *d, size_t i)
{
    if (!(TK(i).tag & TAG_LHEAD)) return 0;            /* most words: at once */
    if (TLEN(i) == 2) return (TK(i).shape & T_UPPER) != 0;   /* "ED", "ER" in capitals */
    if (tok_eq(d, i, "urgent", 6)) return tok_eq(d, i + 1, "care", 4) && !TK(i + 1).nl;
    return !(TK(i).shape & T_CAP);
}

static void lower_head_facility(deid_doc *d, size_t i)
{
    if (!lower_head(d, i) || i == 0 || TK(i).nl) return;
    size_t e = i, mods = 0;
    while (e > 0 && mods < 2 && !TK(e).nl && (TK(e - 1).shape & T_ALPHA) && !(TK(e - 1).shape & T_CAP) &&
           TLEN(e - 1) >= 2 && !(TK(e - 1).w & (W_STOP | W_CUE)) && !function_word(d, e - 1))
        e--, mods++;                                   /* "ortho", "eye", "pediatric" */
    size_t a = e, real = 0;
    while (a > 0 && e - a < 3 && !TK(a).nl && place_word(d, a - 1) && !(TK(a - 1).shape & T_UPPER) &&
           !(TK(a - 1).w & (W_EPONYM | W_HEAD | W_CITYPFX)))
        a--, real += !deid_english_word(d, a);
    if (a == e || !real || TK(e).nl) return;
    /* a sentence's first word alone is not a name ("Bedside rehab", "Outpatient clinic") */
    if (e - a == 1 && (a == 0 || TK(a).nl || is_p(d, a - 1, '.') || is_p(d, a - 1, ':'))) return;
    if (a > 0 && (TK(a - 1).w & W_TITLE)) return;     /* "Dr. Obi clinic": the name rules' */
    deid_add_toks(d, a, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* "Sunset Terrace (group home)", "Whitfield (SNF)": capitalized place words
 * before the kind of place in parentheses; "PCP office (Westside)": a
 * place's name in parentheses after an office or a clinic. */
static int place_kind(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"group home", "assisted living", "snf", "nursing home", "rehab", "ltac", "alf",
                                    "skilled nursing", "memory care", "shelter", "hospice", "dialysis",
                                    "home health", "ltc", "long-term care", "adult day care", "sober living"};
    for (size_t q = 0; q < sizeof w / sizeof *w; q++) {
        const char *p = w[q];
        size_t j = k;
        while (*p && j < d->n && !TK(j).nl) {
            size_t n = TLEN(j);
            if (strncasecmp(d->t + TK(j).a, p, n) || isalnum((unsigned char)p[n])) break;
            p += n, j++;
            if (*p == ' ') p++;
        }
        if (!*p && is_p(d, j, ')')) return 1;
    }
    return 0;
}

static void kind_facility(deid_doc *d, size_t i)
{
    size_t r;
    if (!cap(d, i) || !place_word(d, i) || (TK(i).shape & T_UPPER) || (i > 0 && cap(d, i - 1) && !TK(i).nl)) return;
    for (r = i; r < i + 4 && place_word(d, r) && !(TK(r).shape & T_UPPER) && (r == i || !TK(r).nl); r++) {}
    if (is_p(d, r, '(') && place_kind(d, r + 1) && !(i > 0 && (TK(i - 1).w & W_TITLE))) {
        deid_add_toks(d, i, r, WARD_PHI_FACILITY, PRIO_PLACE);
        return;
    }
    /* "his PCP office (Westside)" */
    if (i >= 2 && is_p(d, i - 1, '(') && is_p(d, r, ')') &&
        (tok_eq(d, i - 2, "office", 6) || tok_eq(d, i - 2, "clinic", 6) || tok_eq(d, i - 2, "practice", 8) ||
         tok_eq(d, i - 2, "pharmacy", 8)))
        deid_add_toks(d, i, r, WARD_PHI_FACILITY, PRIO_PLACE);
}

size_t deid_place_run(const deid_doc *d, size_t i)
{
    size_t k = i, real = 0;
    while (k < d->n && k < i + 6 && !TK(k).nl) {
        if (cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) &&
            !(TK(k).w & (W_TITLE | W_MONTH | W_STOP | W_STATE | W_CRED | W_CUE))) {
            real += !(TK(k).w & (W_KEEP | W_FAC | W_FAC2));
            k++;
        } else if (k > i && is_p(d, k, '\'') && tok_eq(d, k + 1, "s", 1) && glued(d, k)) {
            k += 2;
        } else if (k > i && tok_eq(d, k, "of", 2) && cap(d, k + 1) && !TK(k + 1).nl) {
            k++;
        } else if (is_p(d, k, '.') && glued(d, k) && k > i && tok_eq(d, k - 1, "st", 2)) {
            k++;
        } else {
            break;
        }
    }
    return real ? k : i;
}

/* A hospital called by its short name: "Riverside Regional", "Mass
 * General", "Scripps Memorial" (the head noun left out). */
static void short_hospital(deid_doc *d, size_t i)
{
    if (!(tok_eq(d, i, "general", 7) || tok_eq(d, i, "regional", 8) || tok_eq(d, i, "memorial", 8)) || !cap(d, i) ||
        (TK(i).shape & T_UPPER) || i == 0 || TK(i).nl)
        return;
    size_t n = i + 1;
    if (n < d->n && !TK(n).nl && cap(d, n) && !((TK(n).shape & T_UPPER) && TLEN(n) <= 4)) return;   /* the head rule */
    size_t a = i;
    while (a > 0 && i - a < 2 && !TK(a).nl && cap(d, a - 1) && (TK(a - 1).shape & T_ALPHA) && !(TK(a - 1).shape & T_UPPER) &&
           !(TK(a - 1).w & (W_KEEP | W_TITLE | W_CUE | W_STOP | W_MONTH | W_CRED)) && !deid_english_word(d, a - 1))
        a--;                                           /* not "Advised Riverside Regional" */
    if (a < i) deid_add_toks(d, a, i + 1, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* "High School", "Junior College": a level of school, not its name. */
static int school_level(const deid_doc *d, size_t p, size_t head)
{
    return (tok_eq(d, head, "school", 6) || tok_eq(d, head, "college", 7)) &&
           (tok_eq(d, p, "high", 4) || tok_eq(d, p, "junior", 6) || tok_eq(d, p, "senior", 6) ||
            tok_eq(d, p, "grade", 5) || tok_eq(d, p, "community", 9));
}

/* A word before "of" in a facility's name: a head noun or an institution
 * ("University of ...", "Sisters of Charity"), not a person. */
static int institution(const deid_doc *d, size_t k)
{
    return (TK(k).w & (W_FAC | W_FAC2)) || tok_eq(d, k, "university", 10) || tok_eq(d, k, "college", 7) ||
           tok_eq(d, k, "sisters", 7) || tok_eq(d, k, "daughters", 9) || tok_eq(d, k, "brothers", 8) ||
           tok_eq(d, k, "order", 5) || tok_eq(d, k, "society", 7);
}

/* A name after its head, as Spanish, Portuguese and French write them:
 * "Hospital del Sagrado Corazón", "Clínica San Rafael", "Centro de Salud
 * Las Palmas". The head must be followed by "de"/"del" or a saint. */
static void head_first(deid_doc *d, size_t i)
{
    size_t k = i + 1;
    if (k >= d->n || TK(k).nl) return;
    if (tok_eq(d, k, "del", 3) || tok_eq(d, k, "de", 2) || tok_eq(d, k, "do", 2) || tok_eq(d, k, "da", 2)) {
        k++;
        if (tok_eq(d, k, "la", 2) || tok_eq(d, k, "los", 3) || tok_eq(d, k, "las", 3)) k++;
    } else if (!(tok_eq(d, k, "san", 3) || tok_eq(d, k, "santa", 5) || tok_eq(d, k, "santo", 5) ||
                 tok_eq(d, k, "nuestra", 7) || tok_eq(d, k, "sao", 3))) {
        return;
    }
    size_t e = k;
    while (e < d->n && e < k + 4 && !TK(e).nl && (cap(d, e) || ((tok_eq(d, e, "de", 2) || tok_eq(d, e, "del", 3) ||
                                                                 tok_eq(d, e, "la", 2)) && cap(d, e + 1))))
        e++;
    if (e > k && cap(d, e - 1)) deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* A letterhead or report header in capitals that is a place's whole line:
 * "VALLEY VIEW IMAGING", "SAINT CATHERINE OF SIENA MEDICAL CENTER", ended
 * by the line end or a dash, with a word at least that is not clinical;
 * not a heading ("PERTINENT LABORATORY DATA:", "CARDIAC CARE UNIT").
 * Returns the first token of the name, or i when none. */
static size_t dash_site(const deid_doc *d, size_t end, int upper);

static size_t caps_letterhead(const deid_doc *d, size_t i)
{
    size_t n = i + 1;
    /* a dash closes the name when a site in capitals follows it ("... GROUP
     * - NAMPA"), not a heading's second part ("CORRECTIONAL HEALTH - SICK CALL") */
    size_t site = dash_site(d, n, 1);
    int closes = n >= d->n || TK(n).nl || (TLEN(n) == 3 && !memcmp(d->t + TK(n).a, "\xE2\x80\x94", 3)) ||
                 is_p(d, n, ',') || (site > n && (site >= d->n || TK(site).nl));
    if (!closes && !(is_p(d, n, '(') || is_p(d, n, ')') || is_p(d, n, '.') || is_p(d, n, ';') || deid_column_gap(d, n)))
        return i;
    size_t a = i, real = 0;
    while (a > 0 && !TK(a).nl && i - a < 7) {
        size_t p = a - 1;
        if ((TK(p).shape & T_UPPER) && (TK(p).shape & T_ALPHA)) {
            if (TK(p).w & (W_TITLE | W_CRED | W_MONTH)) return i;
            /* a heading's words: "INSTRUCTIONS FOR CONTINUING CARE"; or
             * the word before a place ("TRANSFER FROM") */
            if ((TK(p).w & W_STOP) && !tok_eq(d, p, "of", 2) && !tok_eq(d, p, "and", 3) && !tok_eq(d, p, "the", 3)) break;
            real += TLEN(p) > 3 && !(TK(p).w & (W_KEEP | W_FAC | W_FAC2 | W_STOP | W_HEAD)) && !deid_english_word(d, p);
        } else if (!(is_p(d, p, '&') || is_p(d, p, '\'') || is_p(d, p, '-') || (is_p(d, p, '.') && tok_eq(d, p - 1, "st", 2)))) {
            break;
        }
        a = p;
    }
    while (a < i && (TK(a).w & W_STOP)) a++;           /* not "OF" nor "THE" first */
    if (!real || ward_funnel_section_canonical(d->t + TK(a).a, TK(i).b - TK(a).a)) return i;
    /* the whole line: a letterhead */
    if ((a == 0 || TK(a).nl) && closes) return a;
    /* where a place stands: "TRANSFER FROM NEWTON MEDICAL CENTER (LTC)",
     * "PCP: SOUTHERN JAMAICA PLAIN HEALTH CENTER." */
    return deid_place_position(d, a, n, 4) ? a : i;
}

/* "Endoscopy Center of Northern Virginia", "Surgery Center of Aurora":
 * clinical words, a head, and the place it serves after "of"; returns the
 * token after the name, or 0. */
static size_t head_of_place(const deid_doc *d, size_t i)
{
    if (i == 0 || tok_eq(d, i, "unit", 4) || !cap(d, i - 1) || !(TK(i - 1).w & W_KEEP) || TK(i).nl ||
        !tok_eq(d, i + 1, "of", 2))
        return 0;
    size_t k = i + 2 + tok_eq(d, i + 2, "the", 3), e = k, real = 0;
    while (e < d->n && e < k + 4 && !TK(e).nl && cap(d, e) && (TK(e).shape & T_ALPHA) &&
           !(TK(e).w & (W_TITLE | W_MONTH | W_STOP | W_CUE)))
        real += !(TK(e).w & W_KEEP), e++;
    return real ? e : 0;
}


/* Tokens a..e hold a word of a note's title: "Larkfield Hospital -
 * Discharge Summary", "- Progress Note" name the document, not a site. */
int deid_note_title(const deid_doc *d, size_t a, size_t e)
{
    static const char *const w[] = {"discharge", "summary", "note", "notes", "consult", "consultation", "progress",
                                    "report", "letter", "addendum", "admission", "history", "transfer", "orders"};
    for (size_t k = a; k < e; k++)
        if (tok_in(d, k, w, sizeof w / sizeof *w)) return 1;
    return 0;
}

/* The site after a facility's name and a spaced dash: "UnityPoint Clinic
 * – Ankeny", "Select Specialty - Medical Center", "SAINT ALPHONSUS MEDICAL
 * GROUP - NAMPA" (upper: a name in capitals takes a site in capitals).
 * One to three place words that end at the line's end, punctuation or a
 * word in lower case, and no clinical noun after them. Returns the token
 * after the site, or end. */
static size_t dash_site(const deid_doc *d, size_t end, int upper)
{
    if (!spaced_dash(d, end)) return end;
    size_t k = end + 1;
    while (k < d->n && k < end + 4 && !TK(k).nl && place_word(d, k) && !(TK(k).shape & T_UPPER) == !upper) k++;
    if (k == end + 1 || !(k >= d->n || TK(k).nl || (TK(k).shape & T_PUNCT) || !(TK(k).shape & T_CAP)) ||
        deid_clinical_after(d, end + 1) || deid_note_title(d, end + 1, k))
        return end;
    /* in capitals, a town (listed, or one word no list knows), not a
     * heading's second part ("CORRECTIONAL HEALTH - SICK CALL") */
    int town = !upper || (k == end + 2 && !TK(end + 1).w && !deid_english_word(d, end + 1));
    for (size_t q = end + 1; q < k && !town; q++) town = (TK(q).w & W_CITY) != 0;
    return town ? k : end;
}

/* What may follow a facility's head as part of its name: the firm's form
 * after a comma ("Associates, PC", "Neurology, P.A."), a store's number
 * ("Pharmacy #1456"), the site after a dash ("UnityPoint Clinic – Ankeny",
 * "Vancouver Clinic - Salmon Creek"). Returns the new end. */
size_t deid_facility_tail(const deid_doc *d, size_t end)
{
    if (is_p(d, end, ',') && end + 1 < d->n && !TK(end + 1).nl) {
        size_t f = end + 1;
        if (tok_eq(d, f, "pc", 2) || tok_eq(d, f, "llc", 3) || tok_eq(d, f, "pllc", 4) || tok_eq(d, f, "inc", 3) ||
            tok_eq(d, f, "ltd", 3))
            return end + 2;
        if ((tok_eq(d, f, "p", 1) && is_p(d, f + 1, '.') && (tok_eq(d, f + 2, "a", 1) || tok_eq(d, f + 2, "c", 1)) &&
             glued(d, f + 1) && glued(d, f + 2)))
            return end + 4 + (is_p(d, f + 3, '.') && glued(d, f + 3));
    }
    if (is_p(d, end, '#') && glued(d, end + 1) && digits(d, end + 1, 2, 6)) return end + 2;
    size_t k = dash_site(d, end, 0);
    return k > end ? k : deid_place_site(d, end);
}

/* A word that ends an organization's name after its head: "Freeman Health
 * System", "Terry Reilly Health Services". */
static int org_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"system", "systems", "services", "network", "partners", "alliance"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* "Cedarbrook Hospice, Tuesdays and Thursdays": a day of the week, in
 * the plural too, is no town after a place. */
static int weekday_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                    "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A clinical word after "and" goes on as a phrase when a word in lower
 * case follows it: "Mercy Hospital and Tinel sign positive" (not
 * "Lakeview Nursing and Rehabilitation"). */
static int name_goes_on(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && (TK(k).shape & T_ALPHA) && !cap(d, k);
}

/* "Massachusetts General Hospital", "St. Mary's Hospital", "Mayo Clinic". */
static void facility(deid_doc *d, size_t i)
{
    uint32_t w = TK(i).w;
    if (!(w & (W_FAC | W_FAC2)) || !cap(d, i)) return;
    int weak = !(w & W_FAC);                           /* Unit, Center, Gastroenterology */
    if (weak && (TK(i).shape & T_UPPER)) {             /* "PERTINENT LABORATORY DATA:" is a heading */
        size_t a = caps_letterhead(d, i);
        if (a < i) deid_add_toks(d, a, i + 1, WARD_PHI_FACILITY, PRIO_PLACE);
        return;
    }
    if (tok_eq(d, i + 1, "course", 6) || tok_eq(d, i + 1, "stay", 4)) return;     /* Brief Hospital Course */
    /* a weak head inside a longer name: Intensive Care Unit, Occupational
     * Health Program; but a system's site after it is the facility's:
     * "Baptist Health Lexington", "Mercy Health Springfield" */
    int after = cap(d, i + 1) && !TK(i + 1).nl && (TK(i + 1).shape & T_ALPHA) && !(TK(i + 1).shape & T_UPPER) &&
                !(cap(d, i + 2) && !TK(i + 2).nl);
    /* "Freeman Health System"; a town no list knows where a place stands
     * ("at Truman Medical Center Lakewood", checked once the name's start
     * is known: after "at", "from", "to"), not a plural ("Health Plans", "Rehab Admissions") */
    int org = after && tok_eq(d, i, "health", 6) && org_word(d, i + 1);
    int unknown_town = after && !TK(i + 1).w && TLEN(i + 1) >= 4 && !deid_english_word(d, i + 1) &&
                       d->t[TK(i + 1).b - 1] != 's';
    int site = after && ((TK(i + 1).w & W_CITY) || org || unknown_town);
    if (!(w & W_FAC) && cap(d, i + 1) && !TK(i + 1).nl && !(TK(i + 1).w & (W_FAC | W_FAC2)) &&
        !((TK(i + 1).shape & T_UPPER) && TLEN(i + 1) <= 4) && !site)           /* "Medical Center ED" */
        return;
    size_t a = i, real = 0;
    int upper = (TK(i).shape & T_UPPER) != 0;
    /* back over the name, not across a column gap ("Name: Ann Roe     Hospital
     * Acct:") nor over a person ("Father Garegin of St. Mary Church") */
    while (a > 0 && i - a < 8 && !TK(a).nl && !deid_column_gap(d, a)) {
        size_t p = a - 1;
        if ((TK(p).w & (W_RELATIVE | W_TITLE)) && !(TK(p).w & (W_FAC | W_FAC2)) && !is_p(d, p + 1, '\'') &&
            !(p > 0 && (is_p(d, p - 1, '&') || tok_eq(d, p - 1, "and", 3))))   /* "Kincaid & Daughters" */
            break;
        if ((tok_eq(d, p, "pt", 2) || tok_eq(d, p, "patient", 7)) && (p == 0 || TK(p).nl || (TK(p - 1).shape & T_PUNCT)))
            return;                                    /* "Pt Chayton Brave Heart" is a person */
        if (cap(d, p) && !function_word(d, p)) {
            /* a weak head needs a real name word, not a letter ("Dr. X Oncology");
             * a heading in capitals, more than an abbreviation ("PD CLINIC") */
            /* an eponym right before a hospital or a clinic where a place
             * stands is its namesake: "at Huntington Hospital" ("Parkinson
             * Clinic follow-up" is a service, "the Pediatric Oncology
             * Clinic" a kind) */
            if ((!(TK(p).w & W_KEEP) || (!weak && p + 1 == i && (TK(p).w & W_EPONYM) && !upper && deid_place_position(d, p, i + 1, 3))) &&
                !tok_eq(d, p, "the", 3) && !(TK(p).w & W_CRED) && !(weak && TLEN(p) < 2) && !(upper && TLEN(p) <= 3) &&
                !(p + 1 == i && school_level(d, p, i)))
                real++;
            if (tok_eq(d, p, "the", 3) || tok_eq(d, p, "a", 1) || tok_eq(d, p, "an", 2) || tok_eq(d, p, "our", 3)) break;
            a = p;
        } else if ((is_p(d, p, '\'') || is_p(d, p, '-')) && glued(d, p) && p > 0 && cap(d, p - 1)) {
            a = p;
        } else if (tok_eq(d, p, "s", 1) && glued(d, p) && p > 1 && is_p(d, p - 1, '\'')) {
            a = p;
        } else if (is_p(d, p, '.') && glued(d, p) && p > 0 && tok_eq(d, p - 1, "st", 2)) {
            a = p;
        } else if ((tok_eq(d, p, "and", 3) || is_p(d, p, '&')) && p > 0 && cap(d, p - 1) && a > p &&
                   (!weak || (is_p(d, p, '&') && !(TK(p - 1).w & (W_KEEP | W_FAC | W_FAC2))))) {   /* "McComb & Sons Funeral Home" */
            a = p;                                     /* not "Dr. X of Gastroenterology" */
        } else if (tok_eq(d, p, "of", 2) && p > 0 && cap(d, p - 1) && !weak && institution(d, p - 1)) {
            a = p;                                     /* "University of Michigan Hospital" */
        } else {
            break;
        }
        if (TK(a).nl) break;
    }
    while (a < i && !cap(d, a)) a++;
    /* a town no list knows only after "at", "from", "to" */
    if (site && unknown_town && !(TK(i + 1).w & W_CITY) && !org &&
        !(a > 0 && !TK(a).nl && (tok_eq(d, a - 1, "at", 2) || tok_eq(d, a - 1, "from", 4) || tok_eq(d, a - 1, "to", 2)))) {
        if (weak) return;                              /* "Medical Center Lakewood" is inside a longer name */
        site = 0;
    }
    /* a kind of hospital and its town: "Community Hospital Munster" */
    if (!real && !weak && a < i && !upper && deid_place_site(d, i + 1) > i + 1) real = 1;
    if (!real) {
        size_t e = head_of_place(d, i);
        if (e) deid_add_toks(d, a, e, WARD_PHI_FACILITY, PRIO_PLACE);
        else head_first(d, i);
        return;
    }
    size_t end = i + 1 + site;
    if (tok_eq(d, end, "of", 2)) {                               /* Hospital of Saint Raphael */
        size_t k = end + 1;
        if (tok_eq(d, k, "the", 3)) k++;
        size_t r = cap_run(d, k, 5, 0);
        if (r > k) end = r;
    } else if ((tok_eq(d, end, "and", 3) || is_p(d, end, '&')) && cap(d, end + 1) && !TK(end + 1).nl &&
               (TK(end + 1).w & (W_KEEP | W_FAC | W_FAC2)) &&
               ((TK(end + 1).w & (W_FAC | W_FAC2)) || !name_goes_on(d, end + 2))) {
        end += 2;                                                /* Lakeview Nursing and Rehabilitation */
    }
    end = deid_facility_tail(d, end);
    deid_add_toks(d, a, end, WARD_PHI_FACILITY, PRIO_PLACE);
    /* "at Valley Heart Imaging, McAllen.", "at Mayo Clinic in Rochester":
     * the town after the facility */
    size_t c = end + 1, ce;
    if ((is_p(d, end, ',') || tok_eq(d, end, "in", 2)) && c < d->n && !TK(c).nl && !(TK(c).shape & T_UPPER) &&
        !weekday_word(d, c) && !city(d, c, 1) &&
        tok_eq(d, end, "in", 2) && place_word(d, c) && !(TK(c).shape & T_UPPER) &&
        (ce = cap_run(d, c, 3, W_KEEP | W_STATE | W_STOP | W_MONTH)) > c && !(ce < d->n && cap(d, ce) && !TK(ce).nl))
        deid_add_toks(d, c, ce, WARD_PHI_CITY, PRIO_PLACE);
}


/* "Kent County", "Cass County EMS", "Tangipahoa Parish": a county is a
 * place smaller than a state; with an agency's letters or a head noun
 * after it, the agency is a facility. Not a road ("County Road 9"). */
static void county(deid_doc *d, size_t i)
{
    if (!(tok_eq(d, i, "county", 6) || tok_eq(d, i, "parish", 6) || tok_eq(d, i, "borough", 7)) || !cap(d, i) ||
        (TK(i).shape & T_UPPER) || i == 0 || TK(i).nl)
        return;
    size_t a = i;
    while (a > 0 && i - a < 2 && !TK(a).nl && glued(d, a) == 0 && cap(d, a - 1) && (TK(a - 1).shape & T_ALPHA) &&
           !(TK(a - 1).shape & T_UPPER) && !(TK(a - 1).w & (W_TITLE | W_KEEP | W_STATE)) &&
           !((TK(a - 1).w & (W_MONTH | W_CUE | W_STOP)) && !(a - 1 > 0 && cap(d, a - 2) && !TK(a - 1).nl)))   /* "Cape May County" */
        a--;
    if (a == i || (a > 0 && is_p(d, a - 1, '-') && glued(d, a))) return;   /* "Tri-County" */
    size_t e = i + 1;
    if (e < d->n && !TK(e).nl && (TK(e).w & W_STREET)) return;
    while (e < d->n && e < i + 4 && !TK(e).nl && cap(d, e) &&
           (((TK(e).shape & T_UPPER) && TLEN(e) >= 2 && TLEN(e) <= 5) || (TK(e).w & (W_FAC | W_FAC2))))
        e++;
    /* "Cape May County Board of Social Services", "Kent County Department of Health" */
    if (e == i + 1 && (tok_eq(d, e, "board", 5) || tok_eq(d, e, "department", 10) || tok_eq(d, e, "office", 6) ||
                       tok_eq(d, e, "division", 8) || tok_eq(d, e, "court", 5) || tok_eq(d, e, "jail", 4) ||
                       tok_eq(d, e, "sheriff", 7)) && cap(d, e) && !TK(e).nl) {
        e++;
        if (tok_eq(d, e, "of", 2) && cap(d, e + 1) && !TK(e + 1).nl) e = cap_run(d, e + 1, 4, W_STOP | W_TITLE);
    }
    deid_add_toks(d, a, e, e > i + 1 ? WARD_PHI_FACILITY : WARD_PHI_CITY, PRIO_PLACE);
}

/* Ages in words: "ninety-two years", "one hundred years". */
static void age_words(deid_doc *d, size_t i)
{
    if (!(tok_eq(d, i, "ninety", 6) || tok_eq(d, i, "hundred", 7)) || i + 1 >= d->n) return;
    size_t a = i, b = i + 1;
    if (tok_eq(d, i, "hundred", 7) && i > 0 && tok_eq(d, i - 1, "one", 3)) a = i - 1;
    static const char *const ones[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    if (is_p(d, b, '-') && b + 1 < d->n && (TK(b + 1).shape & T_ALPHA) && !tok_eq(d, b + 1, "year", 4)) b += 2;
    else if (tok_in(d, b, ones, 9) && TK(b).sp && !TK(b).nl) b++;          /* "ninety three year old" */
    size_t u = b;
    if (is_p(d, u, '-')) u++;
    /* "Mabel Tillman, ninety-three, CHF", "I'll be ninety-nine" */
    int field = a >= 2 && (is_p(d, a - 1, ',') || long_dash(d, a - 1)) &&
                cap(d, a - 2) && deid_age_field(d, b - 1) == (size_t)-1;
    if (tok_eq(d, u, "year", 4) || tok_eq(d, u, "years", 5) || age_said(d, a, b) || field ||
        (a > 0 && tok_eq(d, a - 1, "be", 2)))
        deid_add_toks(d, a, b, WARD_PHI_AGE, PRIO_DATE);
}

/* A facility's first two words, to find them again (deid_places_end). */
typedef struct {
    const char *w;       /* the first word's text; the second follows it */
    size_t len1, len2;   /* the two words' lengths */
    size_t off2;         /* the second word's offset from w */
    size_t a, b;         /* the facility's byte span */
} head_pair;

static int pair_cmp(const char *w1, size_t l1, const char *w2, size_t l2, const head_pair *h)
{
    if (l1 != h->len1) return l1 < h->len1 ? -1 : 1;
    if (l2 != h->len2) return l2 < h->len2 ? -1 : 1;
    int r = memcmp(w1, h->w, l1);
    return r ? r : memcmp(w2, h->w + h->off2, l2);
}

static int head_pair_order(const void *x, const void *y)
{
    const head_pair *p = x, *q = y;
    int r = pair_cmp(p->w, p->len1, p->w + p->off2, p->len2, q);
    return r ? r : (p->a > q->a) - (p->a < q->a);
}

/* "Cascade Vista Memory Care ... back to Cascade Vista": every two words
 * that begin a facility of three words or more, found again outside it,
 * are the facility named again. The heads are sorted once and each word
 * pair of the note looked up, so a note that names the same place a
 * thousand times costs a thousand lookups, not a million (it did). */
static void facility_again(deid_doc *d, size_t nc)
{
    head_pair *h = NULL;
    size_t nh = 0;
    for (size_t c = 0; c < nc; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        size_t i = deid_tok_at(d, d->c[c].a, 1);
        if (i + 2 >= d->n || TK(i + 2).a >= d->c[c].b) continue;      /* three tokens at least */
        if (!place_word(d, i) || !place_word(d, i + 1) || TK(i + 1).sp != 1 || (TK(i + 2).w & (W_FIRST | W_LAST)))
            continue;
        if (!h) h = ward_xmalloc(nc * sizeof *h);
        h[nh++] = (head_pair){d->t + TK(i).a, TLEN(i), TLEN(i + 1), TK(i + 1).a - TK(i).a, d->c[c].a, d->c[c].b};
    }
    if (!nh) return;
    qsort(h, nh, sizeof *h, head_pair_order);
    for (size_t k = 0; k + 1 < d->n; k++) {
        if (!TK(k + 1).sp || TK(k + 1).nl) continue;
        const char *w1 = d->t + TK(k).a, *w2 = d->t + TK(k + 1).a;
        size_t lo = 0, hi = nh;                                  /* the first head not below the pair */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (pair_cmp(w1, TLEN(k), w2, TLEN(k + 1), &h[mid]) > 0) lo = mid + 1;
            else hi = mid;
        }
        /* found again outside one facility that begins so (inside its own
         * span it is that facility itself) */
        for (size_t m = lo; m < nh && !pair_cmp(w1, TLEN(k), w2, TLEN(k + 1), &h[m]); m++)
            if (TK(k).a < h[m].a || TK(k).a >= h[m].b) {
                deid_add_toks(d, k, k + 2, WARD_PHI_FACILITY, PRIO_PLACE);
                break;
            }
    }
    free(h);
}

void deid_places_end(deid_doc *d)
{
    size_t nc = d->nc;
    facility_again(d, nc);
    /* the site after any facility's name and a dash: "Karmanos - Farmington
     * Hills", "Hazelden Betty Ford - Plymouth" (the head rule's own tail
     * takes it after a head noun) */
    for (size_t c = 0; c < nc; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        size_t e = deid_tok_at(d, d->c[c].b, 0), a = deid_tok_at(d, d->c[c].a, 0);
        if (e >= d->n || e == 0 || !spaced_dash(d, e)) continue;
        size_t s = dash_site(d, e, (TK(e - 1).shape & T_UPPER) && (TK(a).shape & T_UPPER));
        if (s > e) deid_add_toks(d, a, s, WARD_PHI_FACILITY, PRIO_PLACE);
    }
    deid_places_aliases(d, nc);                        /* ... or by another name beside it */
    deid_places_letters(d, nc);                        /* ... or by its letters: "BRMC" */
}

size_t deid_shapes(deid_doc *d, size_t i, size_t *last_date_end)
{
    dtok *k = &TK(i);
    size_t next = i + 1, e;
    if (k->shape & T_PUNCT) {
        if (is_p(d, i, '@')) {
            next = web(d, i);
            if (next <= i + 1 && (e = deid_handle(d, i))) next = e;    /* "@ravenskye.h" */
        }
        else if (is_p(d, i, '#') && (e = hash_id(d, i))) next = e;
        else if (is_p(d, i, '*') && (e = deid_formats(d, i, 0))) next = e;  /* "***-**-0150" */
        else if ((is_p(d, i, '+') || is_p(d, i, '('))) {
            /* the fax cue only when a number is there ('(' is common) */
            size_t p = phone_end(d, i, 0);
            int fax = (p || is_p(d, i, '+')) && deid_cue_before(d, i, CUE_FAX, 4) != NULL;
            size_t f = deid_formats(d, i, fax);                     /* "+44 20 7946 0958", a UDI "(01)..." */
            if (p > f) deid_add_toks(d, i, p, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, PRIO_CUED), next = p;
            else if (f) next = f;
        }
        return next;
    }
    if (k->shape & (T_DIGIT | T_MIXED)) {
        if ((e = deid_formats(d, i, 0))) return e;
        int fax = deid_cue_before(d, i, CUE_FAX, 4) != NULL;
        int phone_cue = fax || deid_cue_before(d, i, CUE_PHONE, 4);
        if ((e = ssn_end(d, i))) deid_add_toks(d, i, e, WARD_PHI_SSN, PRIO_NUMBER), next = e;
        else if ((e = ip_end(d, i))) deid_add_toks(d, i, e, WARD_PHI_IP, PRIO_NUMBER), next = e;
        else if ((e = phone_end(d, i, phone_cue)) || (e = deid_phone_more(d, i, phone_cue)))
            deid_add_toks(d, i, e, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, PRIO_CUED), next = e;
        else if ((e = num_date(d, i, *last_date_end))) deid_add_toks(d, i, e, WARD_PHI_DATE, PRIO_DATE), next = e, *last_date_end = e;
        else if ((e = word_date(d, i))) next = e, *last_date_end = e;
        else if ((e = street(d, i))) next = e;
        else if ((cue_just_before(d, i) && (e = cued_address(d, i))) || (e = deid_address_at(d, i))) next = e;
        else if ((e = zip(d, i))) next = e;
        else if ((e = age(d, i)) || (e = deid_numbers(d, i))) next = e;
        else if (digits(d, i, 10, 10) && phone_cue) deid_add_toks(d, i, i + 1, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, PRIO_CUED);
        else if ((e = extension(d, i))) deid_add_toks(d, i, e, WARD_PHI_PHONE, PRIO_CUED), next = e;
        else if ((e = dashed_code(d, i)) || (e = deid_digit_code(d, i))) next = e;
        else bare_id(d, i);
        return next;
    }
    /* Words. Most are everyday words in lower case, and a call per rule
     * per word cost more than the rules' own first tests: each rule is
     * called only where its first test (inline here) holds. */
    if ((is_p(d, i + 1, ':') || is_p(d, i + 1, '.')) && (e = web(d, i)) > i + 1) return e;   /* "http:", "www.", "x.com" */
    if (TK(i).slot == deid_list_slot('x', 3) && (e = deid_formats(d, i, 0))) return e;   /* "XXX-XX-4471": 'x' or 'X', 3 bytes */
    if (deid_digit_word(d, i, 1) && (e = deid_spoken_digits(d, i))) return e;
    if ((user_cue(d, i) && (e = user_name(d, i))) || (is_p(d, i + 1, '_') && (e = deid_underscore_id(d, i)))) return e;   /* its first test */
    if (deid_chat_opens(d, i) && (e = deid_chat_user(d, i))) return e;   /* "[09:03] jmarsh: ..." */
    if (TK(i).cue && (e = cued_id(d, i))) return e;              /* a cue's first word */
    if ((k->shape & T_UPPER) && is_p(d, i + 1, '-') && (e = dashed_code(d, i))) return e;
    if (TLEN(i) == 1 && (k->shape & T_UPPER) && (e = deid_letter_groups(d, i))) return e;   /* "A 212 448 901" */
    if ((k->w & W_MONTH) && (e = word_date(d, i))) return *last_date_end = e;
    if ((tok_eq(d, i + 1, "of", 2) || is_p(d, i + 1, '-') || (i + 1 < d->n && (TK(i + 1).w & W_MONTH))) && spelled_day(d, i) &&
        (e = word_date(d, i)))
        return *last_date_end = e;                                  /* "the twelfth of May", "on third June" */
    if (i > 0 && tok_eq(d, i - 1, "the", 3) && (e = the_day(d, i))) {   /* "on the ninth but" */
        deid_add_toks(d, i, e, WARD_PHI_DATE, PRIO_DATE);
        return *last_date_end = e;
    }
    if (tok_eq(d, i, "po", 2) || tok_eq(d, i, "p", 1) || tok_eq(d, i, "rr", 2) || tok_eq(d, i, "rural", 5) || tok_eq(d, i, "rfd", 3) ||
        tok_eq(d, i, "rt", 2) || tok_eq(d, i, "hc", 2) || tok_eq(d, i, "hcr", 3))
        if ((e = street(d, i))) return e;
    if ((cue_just_before(d, i) && (e = cued_address(d, i))) || (e = deid_address_at(d, i))) return e;
    /* ages in words: their first tests ("ninety", "hundred", "nineties"),
     * here, not a call each per word */
    if (tok_eq(d, i, "ninety", 6) || tok_eq(d, i, "hundred", 7)) age_words(d, i);
    if (tok_eq(d, i, "ninety", 6) || tok_eq(d, i, "nineties", 8)) deid_numbers_words(d, i);
    int capital = cap(d, i);        /* the place rules that need one, in their order */
    if (capital) county(d, i), facility(d, i);
    if (TK(i).tag & TAG_LHEAD) lower_head_facility(d, i);
    if (capital) kind_facility(d, i), short_hospital(d, i);
    deid_places_at(d, i);
    if (TK(i).brand) deid_brand(d, i);
    if (TLEN(i) >= 2 && TLEN(i) <= 8 && capital) deid_kind_head(d, i);
    if (capital) cued_facility(d, i);   /* no skip: the facility rule may find a longer name inside */
    if ((capital && (e = saint_place(d, i))) || (street_name_first(d, i) && street_name_after(d, i) && (e = street_name(d, i))))
        return e;
    if (k->shape & T_CAP) city(d, i, 0);
    else if (i > 0 && (tok_eq(d, i - 1, "in", 2) || tok_eq(d, i - 1, "from", 4) || tok_eq(d, i - 1, "to", 2) ||
                       tok_eq(d, i - 1, "near", 4)) && (e = lower_town(d, i)))
        return e;
    return 0;
}
