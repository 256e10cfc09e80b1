/* deid_numbers.c — numbers the shape rules of deid_shapes.c leave: phones
 * in other groupings ("617/555-0142", "617–555–0142", "617-5550142",
 * "800-555-CARE", national numbers with a leading 0: "020 7946 0958"),
 * handles after '@' ("@ravenskye.h"), and ages over 89 in other phrasing
 * ("Hall, Vestal 95M", "the patient, 97,", "aged ninety-one", "in her
 * early nineties", "she'll be 95 next month").
 *
 * Ideas a reader needs:
 *  - deid_shapes.c asks here after its own rule for the same token failed
 *    (phone_end, web, age), so what these rules see is what those left.
 *  - Each shape keeps what clinical text writes alike: a temperature
 *    ("Tmax 101F", "cooled to 92F") is no age with its sex; times in a row
 *    ("0800 1400 2000") are no national phone; "sats in the low nineties"
 *    is no age (only his, her, their decade is).
 */
#include "funnel/deid_int.h"

#include <ctype.h>
#include <string.h>

/* A separator glued between two groups of a phone: '/', '-', '.', an en dash. */
static int phone_sep(const deid_doc *d, size_t k)
{
    return k < d->n && (is_p(d, k, '/') || is_p(d, k, '-') || is_p(d, k, '.') || long_dash(d, k)) && glued(d, k) &&
           glued(d, k + 1);
}

/* Token k is a word in capitals of 3 to 7 letters ("CARE", "NOW"). */
static int vanity(const deid_doc *d, size_t k)
{
    return k < d->n && (TK(k).shape & T_ALPHA) && (TK(k).shape & T_UPPER) && TLEN(k) >= 3 && TLEN(k) <= 7;
}

static int toll_free(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"800", "888", "877", "866", "855", "844", "833"};
    return k < d->n && (TK(k).shape & T_DIGIT) && TLEN(k) == 3 && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* deid_int.h: token k names an extension: "ext", "extension", French
 * "poste". */
int deid_ext_word(const deid_doc *d, size_t k)
{
    return tok_eq(d, k, "ext", 3) || tok_eq(d, k, "extension", 9) || tok_eq(d, k, "poste", 5);
}

/* deid_int.h: the token after a phone's extension at k. */
size_t deid_ext_after(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return k;
    if ((TK(k).shape & T_MIXED) && (d->t[TK(k).a] | 0x20) == 'x' && TLEN(k) >= 2 && TLEN(k) <= 7) {
        for (size_t q = TK(k).a + 1; q < TK(k).b; q++)   /* "x204" */
            if (!isdigit((unsigned char)d->t[q])) return k;
        return k + 1;
    }
    if (!(tok_eq(d, k, "x", 1) || deid_ext_word(d, k))) return k;
    size_t e = k + 1;
    if (is_p(d, e, '.')) e++;
    if (!digits(d, e, 1, 6) || TK(e).nl) return k;
    /* a switchboard's prefix and the extension: "ext 5-3318" */
    if (digits(d, e, 1, 2) && is_p(d, e + 1, '-') && glued(d, e + 1) && glued(d, e + 2) && digits(d, e + 2, 3, 5))
        return e + 3;
    return e + 1;
}

/* Digits or letters glued after k-1 that make it part of a longer code. */
static int longer(const deid_doc *d, size_t k)
{
    return k < d->n && glued(d, k) &&
           ((TK(k).shape & (T_DIGIT | T_MIXED | T_ALPHA)) || ((is_p(d, k, '-') || is_p(d, k, '/') || is_p(d, k, '.')) &&
                                                              k + 1 < d->n && glued(d, k + 1) && (TK(k + 1).shape & T_DIGIT)));
}

/* After a phone cue, an area code and an exchange of three digits, then
 * the line's four digits whole or in two pairs, apart by spaces or by
 * spaced dashes or dots: "555 - 123 - 4567", "555 123 45 67" (not blood
 * pressures in a row, "128 84 132 88"). The token after it, or 0. */
static size_t spaced_groups(const deid_doc *d, size_t i)
{
    size_t k = i, total = 0, groups = 0, e = i;
    while (k < d->n && groups < 4 && digits(d, k, groups < 2 ? 3 : 2, groups < 2 ? 3 : 4) && (k == i || !TK(k).nl)) {
        total += TLEN(k), groups++, e = ++k;
        if (total >= 10 || k >= d->n || !TK(k).sp || TK(k).nl) break;
        if ((is_p(d, k, '-') || is_p(d, k, '.')) && k + 1 < d->n && TK(k + 1).sp && !TK(k + 1).nl) k++;
    }
    return total == 10 && groups >= 3 && !longer(d, e) ? e : 0;
}

/* After a phone cue, a national number without its trunk 0, in groups of
 * two to four digits apart by single spaces: "Tfno. 91 555 04 18",
 * "Móvil 612 55 01 47" (nine or ten digits in three groups or more; not
 * "BP 128 84 132 88", which has no phone cue). The token after it, or 0. */
static size_t spaced_national(const deid_doc *d, size_t i)
{
    size_t k = i, total = 0, groups = 0;
    while (k < d->n && groups < 5 && (k == i || (TK(k).sp && !TK(k).nl)) && digits(d, k, 2, 4))
        total += TLEN(k), groups++, k++;
    return groups >= 3 && (total == 9 || total == 10) && TLEN(i) <= 3 && !longer(d, k) ? k : 0;
}

/* A phone in a grouping phone_end does not take, at token i: "617/555-0142",
 * "617–555–0142", "617-5550142", "617 5550142" after a phone cue,
 * "800-555-CARE", "1-800-CARE-NOW", "020 7946 0958", "07700 900123".
 * Returns the token after it (its extension too), or 0. */
size_t deid_phone_more(deid_doc *d, size_t i, int cued)
{
    if (i > 0 && glued(d, i) && (TK(i - 1).shape & (T_PUNCT | T_DIGIT | T_MIXED)) && !is_p(d, i - 1, '(') &&
        !is_p(d, i - 1, ':'))
        return 0;                                       /* inside a longer number */
    size_t s = i, e = 0;
    if (tok_eq(d, s, "1", 1) && phone_sep(d, s + 1) && toll_free(d, s + 2)) s += 2;   /* "1-800-..." */
    if (s == i && digits(d, i, 2, 5) && d->t[TK(i).a] == '0') {
        /* a national number with its leading 0: "020 7946 0958", "07700 900123" */
        size_t k = i, total = 0, groups = 0, minlen = 9;
        while (k < d->n && (k == i || (TK(k).sp && !TK(k).nl)) && digits(d, k, 2, 7) && groups < 6) {
            total += TLEN(k), groups++, minlen = TLEN(k) < minlen ? TLEN(k) : minlen, k++;
            if (total >= 11) break;
        }
        if (longer(d, k) || groups < 2) return 0;
        int ok = cued ? total >= 9 && total <= 12
                      : (total == 10 || total == 11) && groups <= 3 && minlen >= 3 && TLEN(i) >= 3;
        if (!ok) return 0;
        e = k;
    } else if (digits(d, s, 3, 3) && d->t[TK(s).a] >= '2') {
        size_t k = s + 1;
        if (phone_sep(d, k) && digits(d, k + 1, 3, 3) && phone_sep(d, k + 3) && digits(d, k + 4, 4, 4) &&
            d->t[TK(k).a] == d->t[TK(k + 3).a] && !longer(d, k + 5))
            e = k + 5;                                  /* "617–555–0142" */
        else if (is_p(d, k, '/') && glued(d, k) && glued(d, k + 1) && digits(d, k + 1, 3, 3) && is_p(d, k + 2, '-') &&
                 glued(d, k + 2) && glued(d, k + 3) && digits(d, k + 3, 4, 4) && !longer(d, k + 4))
            e = k + 4;                                  /* "617/555-0142" */
        else if (phone_sep(d, k) && !is_p(d, k, '/') && digits(d, k + 1, 7, 7) && !longer(d, k + 2))
            e = k + 2;                                  /* "617-5550142" */
        else if (cued && k < d->n && TK(k).sp && !TK(k).nl && digits(d, k, 7, 7) && !longer(d, k + 1))
            e = k + 1;                                  /* "ph 617 5550142" */
        else if (cued && s == i && (e = spaced_groups(d, i)))
            ;                                           /* "555 - 123 - 4567" */
        else if (toll_free(d, s) && phone_sep(d, k) && digits(d, k + 1, 3, 3) && phone_sep(d, k + 2) && vanity(d, k + 3) &&
                 TLEN(k + 3) == 4 && !longer(d, k + 4))
            e = k + 4;                                  /* "800-555-CARE" */
        else if (toll_free(d, s) && phone_sep(d, k) && vanity(d, k + 1)) {
            e = k + 2;                                  /* "1-800-CARE-NOW", "800-GO-FEDEX" ... */
            if (phone_sep(d, e) && vanity(d, e + 1)) e += 2;
            if (longer(d, e) || (e == k + 2 && TLEN(k + 1) < 4)) return 0;
        }
    }
    if (!e && cued && s == i && d->t[TK(i).a] != '0') e = spaced_national(d, i);   /* "Tfno. 91 555 04 18" */
    return e ? deid_ext_after(d, e) : 0;
}

/* A handle after '@' that is no e-mail: "@ravenskye.h", "(@kyhollerqueen)";
 * not "@ 0800", "q6h@night" (glued to a word before). Returns the token
 * after it, or 0. */
size_t deid_handle(deid_doc *d, size_t i)
{
    if (!is_p(d, i, '@') || (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT)) || !glued(d, i + 1) || i + 1 >= d->n ||
        !(TK(i + 1).shape & (T_ALPHA | T_MIXED)))
        return 0;
    size_t len, marks, e = deid_user_chain(d, i + 1, 0, &len, &marks, NULL);
    if (len < 4 || (e < d->n && glued(d, e) && is_p(d, e, '@'))) return 0;   /* a template's "@CONSULTS@" */
    /* one plain word: a handle only when no word of the lists ("@home", "@risk") */
    if (e == i + 2 && !marks && (TK(i + 1).w || deid_english_word(d, i + 1) || deid_lower_word(d, i + 1))) return 0;
    deid_add_toks(d, i + 1, e, WARD_PHI_ID, PRIO_CUED);
    return e;
}

/* A temperature's word before an age's shape with 'F': "Tmax 101F", "T
 * 100F", "cooled to 92F", "fever of 101F". */
static int temp_before(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"t",      "temp",   "temps",    "temperature", "tmax",  "tm",   "tc",  "fever",
                                    "febrile", "to",    "of",       "axillary",    "oral",  "rectal", "tympanic",
                                    "spiked", "a",      "at",       "max",         "low",   "high", "was", "is",
                                    "from",   "around", "about",    "approx",      "bath",  "water", "up", "and"};
    return k < d->n && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

static const char *const person_nouns[] = {"patient", "pt",    "resident", "veteran", "widow", "widower", "man",
                                           "woman",   "gentleman", "lady", "client", "member", "decedent", "mr",
                                           "mrs",     "ms"};

/* A number 90-125 with the sex glued ("92M", "95F") at i: an age, unless a
 * temperature: 'F' only where no temperature's word stands before and no
 * other scale follows ("95F (35C)"). Returns the token after, or 0. */
static size_t age_sex(deid_doc *d, size_t i)
{
    const char *p = d->t + TK(i).a;
    size_t n = TLEN(i), nd = deid_age_digits(d, i);
    if (!nd || nd + 1 != n || (p[nd] != 'M' && p[nd] != 'F')) return 0;
    if (i > 0 && glued(d, i) && !is_p(d, i - 1, '(') && !is_p(d, i - 1, '|') && !is_p(d, i - 1, ',')) return 0;
    if (i > 0 && !TK(i).nl && (((TK(i - 1).shape & (T_DIGIT | T_MIXED)) && !deid_column_gap(d, i)) || is_p(d, i - 1, '~') || is_p(d, i - 1, '>') ||
                               is_p(d, i - 1, '<') || is_p(d, i - 1, '=')))
        return 0;
    size_t f = i + 1;
    int after = f < d->n && !TK(f).nl && glued(d, f) && (is_p(d, f, '/') || is_p(d, f, '.') || (TK(f).shape & T_DIGIT));
    if (after) return 0;
    if (p[n - 1] == 'F') {
        if (i > 0 && !TK(i).nl && temp_before(d, i - 1)) return 0;
        if (f < d->n && !TK(f).nl && (is_p(d, f, '(') || is_p(d, f, '/') || tok_eq(d, f, "fever", 5) ||
                                      tok_eq(d, f, "axillary", 8) || tok_eq(d, f, "oral", 4) || tok_eq(d, f, "rectal", 6) ||
                                      tok_eq(d, f, "temp", 4) || tok_eq(d, f, "degrees", 7)))
            return 0;
    }
    deid_add(d, TK(i).a, TK(i).a + n - 1, WARD_PHI_AGE, PRIO_DATE);
    return i + 1;
}

/* "The patient, 97, lives alone", "widow of Cyril Lamb (d. 11/7/26, 96,":
 * a number 90-125 between commas after a person's noun. */
static size_t age_comma(deid_doc *d, size_t i)
{
    if (!deid_age_number(d, i) || i < 2 || TK(i).nl || !is_p(d, i - 1, ',') || !glued(d, i - 1)) return 0;
    if (!tok_in(d, i - 2, person_nouns, sizeof person_nouns / sizeof *person_nouns) && !(TK(i - 2).w & W_RELATIVE))
        return 0;
    if (!is_p(d, i + 1, ',') || glued(d, i + 2)) return 0;
    deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
    return i + 1;
}

/* "she'll be 95 next month", "I will be 100 on Sunday": an age to come,
 * a person before "be" and a time after. */
static size_t age_to_be(deid_doc *d, size_t i)
{
    if (!deid_age_number(d, i) || i < 3 || TK(i).nl || !tok_eq(d, i - 1, "be", 2)) return 0;
    size_t k = i + 1;
    int when = k >= d->n || TK(k).nl || (is_p(d, k, '.') && !glued(d, k + 1)) || is_p(d, k, '!') || is_p(d, k, ',') ||
               tok_eq(d, k, "next", 4) || tok_eq(d, k, "this", 4) || tok_eq(d, k, "soon", 4) || tok_eq(d, k, "tomorrow", 8) ||
               tok_eq(d, k, "in", 2) || tok_eq(d, k, "on", 2) || tok_eq(d, k, "years", 5);
    if (!when) return 0;
    static const char *const who[] = {"she", "he", "i", "mom", "dad", "mother", "father", "grandma", "grandpa", "patient", "pt"};
    int person = 0;
    for (size_t q = i - 1; q > 0 && i - q < 5 && !TK(q).nl && !person; q--)
        person = tok_in(d, q - 1, who, sizeof who / sizeof *who) || (TK(q - 1).w & W_RELATIVE);
    if (!person) return 0;
    deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
    return i + 1;
}

/* "Claude Winter   90 M", "Pt: 93 F |": a number 90-125, then the sex as a
 * letter of its own ending the field; not a temperature ("Temp 95 F"). Or
 * an age to come: "Mom (97 next month)". */
static size_t age_letter(deid_doc *d, size_t i)
{
    if (!deid_age_number(d, i) || (i > 0 && glued(d, i) && !is_p(d, i - 1, '(') && !is_p(d, i - 1, '|'))) return 0;
    if (i > 0 && !TK(i).nl && (temp_before(d, i - 1) || (TK(i - 1).shape & (T_DIGIT | T_MIXED)) || is_p(d, i - 1, '/')))
        return 0;
    size_t k = i + 1;
    if (k < d->n && !TK(k).nl && TK(k).sp && TLEN(k) == 1 && (d->t[TK(k).a] == 'M' || d->t[TK(k).a] == 'F') &&
        deid_field_end(d, k + 1, "|,;)")) {
        deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
        return i + 1;
    }
    if (tok_eq(d, k, "next", 4) && (tok_eq(d, k + 1, "month", 5) || tok_eq(d, k + 1, "week", 4) || tok_eq(d, k + 1, "year", 4) ||
                                    tok_eq(d, k + 1, "birthday", 8)) &&
        i > 0 && (is_p(d, i - 1, '(') || is_p(d, i - 1, ',') || tok_eq(d, i - 1, "turns", 5) || tok_eq(d, i - 1, "be", 2))) {
        deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
        return i + 1;
    }
    return 0;
}

/* Numbers at token i (a digit or a mixed token) that the shape rules
 * left: ages in other phrasing. Returns the token after, or 0. */
size_t deid_numbers(deid_doc *d, size_t i)
{
    size_t e;
    if (TK(i).shape & T_MIXED) return age_sex(d, i);
    if ((e = age_comma(d, i)) || (e = age_to_be(d, i)) || (e = age_letter(d, i))) return e;
    return 0;
}

/* Ages in words at token i the shape rules leave: "aged ninety-one", "age
 * ninety four", "in her early nineties". */
void deid_numbers_words(deid_doc *d, size_t i)
{
    if (tok_eq(d, i, "nineties", 8)) {
        size_t p = i - 1;
        if (i == 0) return;
        if (tok_eq(d, p, "early", 5) || tok_eq(d, p, "mid", 3) || tok_eq(d, p, "late", 4)) p--;
        if (p < d->n && (tok_eq(d, p, "his", 3) || tok_eq(d, p, "her", 3) || tok_eq(d, p, "their", 5)))
            deid_add_toks(d, i, i + 1, WARD_PHI_AGE, PRIO_DATE);
        return;
    }
    if (!tok_eq(d, i, "ninety", 6) || !deid_cue_before(d, i, CUE_AGE, 2)) return;
    static const char *const ones[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    size_t b = i + 1;
    if (is_p(d, b, '-') && glued(d, b) && tok_in(d, b + 1, ones, 9)) b += 2;
    else if (tok_in(d, b, ones, 9) && !TK(b).nl) b++;
    deid_add_toks(d, i, b, WARD_PHI_AGE, PRIO_DATE);
}

/* A procedure, a test or an event before a partial date ("ORIF 11/20", "PEG
 * 11/24", "EMG (11/18", "Last HD here 11/30"): their dates are written
 * as the event's, never a ratio. */
static int procedure_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {
        "orif",  "tka",       "tha",      "peg",      "egd",        "tte",     "tee",         "hus",
        "emg",   "eeg",       "mri",      "cta",      "pet",        "cabg",    "ercp",        "dexa",
        "picc",  "bka",       "aka",      "cxr",      "colonoscopy", "biopsy", "surgery",     "ultrasound",
        "tavr",  "pci",       "cath",     "mammogram", "paracentesis", "thoracentesis", "hd", "bm",
        "ekg",   "ecg",       "sim",      "debridement", "infusion", "admission", "discharge", "visit",
        "appt",  "appointment", "ed",     "er",       "op",      "procedure",   "polst",
        "molst", "labs",      "echo",     "fall",     "inj",        "injection", "transfusion", "onset",
        "dx",    "diagnosed", "vaccine", "clinic", "consult", "comparison", "mapping", "hearing"};
    return k < d->n && (TK(k).shape & (T_ALPHA | T_MIXED)) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word of when before a partial date: "RTC 12/10", "F/u endo 12/14",
 * "Next cycle 12/18", "Tues 12/1", "last dose 11/14", "placed 11/25". */
static int when_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"rtc",       "next",    "due",      "scheduled", "sched",   "planned",  "last",
                                    "recheck",   "return",  "followup", "dated",     "signed",  "placed",   "started",
                                    "marked",    "scanned", "grafted",  "admitted",  "discharged", "removed", "inserted",
                                    "drawn",     "collected", "obtained", "performed", "treated", "delivered", "born",
                                    "died",      "expired", "transferred", "eloped", "injured",  "implanted", "initiated",
                                    "stopped",   "discontinued", "resumed", "faxed",  "mailed",  "updated",  "mon",
                                    "tue",       "tues",    "wed",      "thu",       "thur",    "thurs",    "fri",
                                    "sat",       "sun",     "dispo",    "begin",     "starting", "effective", "travel",
                                    "termed",    "surgery", "inpatient", "eval",  "remove",  "removal", "completed",
                                    "readmitted"};
    if (k >= d->n) return 0;
    if (tok_eq(d, k, "u", 1) && k >= 2 && is_p(d, k - 1, '/') && tok_eq(d, k - 2, "f", 1)) return 1;   /* "F/u" */
    return (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word of a visit booked ahead: after it any month and day is one ("RTC
 * 1/5", "Next visit via video 1/6", "planned for 1/12"), not only those no
 * score is written as. */
static int booked_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"rtc", "scheduled", "sched", "planned", "due", "appt", "appointment", "visit", "video"};
    return k < d->n && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Token k is a short name in capitals with two capitals or more ("MoCA", "GCS"). */
static int caps_name(const deid_doc *d, size_t k)
{
    if (k >= d->n || !(TK(k).shape & (T_ALPHA | T_MIXED)) || TLEN(k) < 2 || TLEN(k) > 6) return 0;
    int caps = 0;
    for (size_t q = TK(k).a; q < TK(k).b; q++) caps += isupper((unsigned char)d->t[q]) != 0;
    return caps >= 2;
}

/* A score's word earlier in the clause of "x/10" at i: "Pain on admission
 * 10/10", "pain rated at worst 9/10" (a clause: back to its punctuation or
 * the line's start, at most eight words). */
static int score_in_clause(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"pain", "score", "rated", "rating", "scale", "severity", "intensity", "discomfort"};
    for (size_t k = i, n = 0; k > 0 && n < 8 && !TK(k).nl; k--, n++) {
        if (is_p(d, k - 1, '.') || is_p(d, k - 1, ';') || is_p(d, k - 1, ',')) return 0;
        if (tok_in(d, k - 1, w, sizeof w / sizeof *w)) return 1;
    }
    return 0;
}

/* "m/d" at token i (month i, day i+2; the caller has checked the shape and
 * that no ratio's word is around it) where its context makes a date: a
 * procedure, test or event before it (a word of two between at most), a
 * word of when, or in parentheses with a day over 12 ("(11/30)", "(11/20,
 * Sarasota Memorial)"). Simple fractions ("1/2", "3/4") stay. */
int deid_md_context(const deid_doc *d, size_t i)
{
    long a = num(d, i), b = num(d, i + 2);
    if (a < 1 || b < 1 || (a < b && b <= 4) || (a <= b && b == 10 && score_in_clause(d, i))) return 0;
    size_t e = i + 3;
    if (e < d->n && !TK(e).nl && (is_p(d, e, '%') || is_p(d, e, '+'))) return 0;
    /* in parentheses with a day over 12, not a score's "(26/30)" after its name */
    if (i >= 1 && is_p(d, i - 1, '(') && (is_p(d, e, ')') || is_p(d, e, ',') || is_p(d, e, ';')) && b >= 13 &&
        !(i >= 2 && caps_name(d, i - 2) && !procedure_word(d, i - 2)) && !(i >= 2 && (TK(i - 2).shape & T_MIXED)))   /* "pN1a (1/18)" */
        return 1;
    /* a range of dates in words: "12/2 through 12/4", "11/28 until 12/1" */
    if ((tok_eq(d, e, "through", 7) || tok_eq(d, e, "thru", 4) || tok_eq(d, e, "until", 5)) && digits(d, e + 1, 1, 2) &&
        is_p(d, e + 2, '/') && glued(d, e + 2) && digits(d, e + 3, 1, 2) && glued(d, e + 3) && a <= 12 && b <= 31 &&
        num(d, e + 1) >= 1 && num(d, e + 1) <= 12 && num(d, e + 3) >= 1 && num(d, e + 3) <= 31 &&
        !(e + 4 < d->n && glued(d, e + 4) && (is_p(d, e + 4, '/') || (TK(e + 4).shape & T_DIGIT))))
        return 1;
    size_t k = i;
    if (k > 0 && (is_p(d, k - 1, '(') || is_p(d, k - 1, ':'))) k--;
    for (size_t q = 0; q < 3 && k > 0 && !TK(k).nl; q++, k--) {
        if (procedure_word(d, k - 1) || when_word(d, k - 1))
            return a > b || b >= 13 || a >= 10 || (booked_word(d, k - 1) && a <= 12 && b <= 31);
        if (TK(k - 1).shape & (T_DIGIT | T_PUNCT)) break;
    }
    return 0;
}

/* A user's id without its cue: lower-case letters and digits joined by '_'
 * ("reg_ktorres", "fd_mwillow", "agt_4471"), six characters or more, no
 * capital. Clinical text writes no word so. */
size_t deid_underscore_id(deid_doc *d, size_t i)
{
    if (!(TK(i).shape & (T_ALPHA | T_MIXED)) || (TK(i).shape & T_CAP) || !is_p(d, i + 1, '_') || !glued(d, i + 1) ||
        (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT)) ||
        (i > 0 && glued(d, i) && (is_p(d, i - 1, '@') || is_p(d, i - 1, '.') || is_p(d, i - 1, '/') || is_p(d, i - 1, '_'))))
        return 0;   /* a chain is tried from its first word only: from each of its words, a long one cost its length squared */
    size_t len, marks;
    int unknown;
    size_t e = deid_user_chain(d, i, 1, &len, &marks, &unknown);
    if (len < 6) return 0;                              /* short, or a part with a capital */
    /* a field's name, not its value: "consent_date:", "proxy_for=", a
     * CSV header "pump_sn,alarm,ack_by"; or words only ("bad_password") */
    if (e < d->n && glued(d, e) && (is_p(d, e, ':') || is_p(d, e, '=') || is_p(d, e, ','))) return 0;
    if (e < d->n && (is_p(d, e, ':') || is_p(d, e, '='))) return 0;
    if (i > 0 && glued(d, i) && (is_p(d, i - 1, ',') || is_p(d, i - 1, '='))) {
        /* a CSV header's later field: the line holds no digit before it */
        /* at most 256 tokens back (a walk to the line's start for each field
         * of a long line cost its length squared); a longer header's later
         * fields are taken as values: redacted, not left */
        size_t q = i, stop = i > 256 ? i - 256 : 0;
        while (q > stop && !TK(q).nl && !(TK(q - 1).shape & (T_DIGIT | T_MIXED))) q--;
        if (TK(q).nl || q == 0) return 0;
    }
    if (!unknown) return 0;
    deid_add_toks(d, i, e, WARD_PHI_ID, PRIO_CUED);
    return e;
}
