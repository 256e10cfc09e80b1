/* deid_names.c — finding people's names.
 *
 * Names need context. Strong cues (a title, a "Patient:" label, "seen by",
 * a relation word, a credential after) take any capitalized words; the
 * name lists alone take capitalized words that are not also everyday
 * words, and pairs like "Maria Okafor". Eponyms followed by a clinical noun
 * (Parkinson disease, Bell's palsy) and drugs are never names. A name found
 * once is found everywhere in the document ("Mr. Okafor ... Okafor
 * reports").
 *
 * Words unknown to the lists matter: an unknown capitalized word with
 * accented letters is a name ("Wiśniewski"), an unknown word before a
 * listed surname is a first name ("Dimitrios Georgiou"), and an unknown
 * word shaped like English ("Education", "Advised") is not a name by itself.
 * Everyday-word names (Will, Grace, Rose) need a name position: a label, a
 * title, a relation word, a credential, or another name word beside them.
 * Header lines in capitals ("KOWALSKI, ANNA    DOB:") and a note's opening
 * ("Radovan Petrić continues to improve") are name positions too, and a
 * name's own script may follow it in parentheses ("Zhou Jianguo (周建国)").
 *
 * Names by shape and position as well as by the lists: once a rule finds
 * one half of "LAST, FIRST M" the other half is a name whatever its words
 * ("WHIPPLE, CONRAD J"); initials where typists and reviewers sign ("T:
 * 11/20/2026 jlm", "-mn"); names spelled letter by letter; names in
 * dictation's lower case after "doctor", "patient", "dictating on", when
 * their words are names or words clinical text never writes in lower case.
 */
#include "funnel/deid_int.h"

#include <ctype.h>
#include <string.h>

/* One capital letter: "J", "Ó" (Irish "Seán Ó Briain"). */
static int is_initial(const deid_doc *d, size_t k)
{
    if (k >= d->n) return 0;
    if (k > 0 && glued(d, k) && is_p(d, k - 1, '-')) return 0;    /* "Roux-en-Y. Jackson" */
    if (TLEN(k) == 1) return isupper((unsigned char)d->t[TK(k).a]);
    return TLEN(k) == 2 && (TK(k).shape & T_UPPER) && (TK(k).shape & T_ALPHA) && (unsigned char)d->t[TK(k).a] >= 0xC0;
}

/* A dash or bullet that separates fields on a line: "Bed 12 — Haddad, Yousef — 66M". */
static int is_dash(const deid_doc *d, size_t k)
{
    if (k >= d->n || !(TK(k).shape & T_PUNCT)) return 0;   /* most tokens, at once: every dash is punctuation */
    const char *p = d->t + TK(k).a;
    return (TLEN(k) == 3 && (!memcmp(p, "\xE2\x80\x94", 3) || !memcmp(p, "\xE2\x80\x93", 3) || !memcmp(p, "\xE2\x80\xA2", 3))) ||
           ((is_p(d, k, '-') || is_p(d, k, '*')) && TK(k).sp && k + 1 < d->n && TK(k + 1).sp);
}

/* Token k opens a record-number cue ("Acct", "MRN"): a name ends there. */
static int id_cue(const deid_doc *d, size_t k)
{
    size_t e;
    return k < d->n && (TK(k).w & W_CUE) && deid_cue_at(d, k, CUE_ID, &e);
}

/* A capitalized word that can end a name after a first name: listed as a
 * last name or unknown to the lists ("Will Baker", "Will Stone"). */
static int surname_after(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && TK(k).sp && cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) > 1 &&
           !(TK(k).shape & T_UPPER) && (!TK(k).w || (TK(k).w & W_LAST)) &&
           !(TK(k).w & (W_KEEP | W_STOP | W_TITLE | W_MONTH | W_CUE));
}

/* A credential as credentials are written: in capitals ("MD", "RN") or
 * with a capital inside ("PharmD", "CPhT", "PsyD"); not "Do", "Ma". */
static int cred_at(const deid_doc *d, size_t k)
{
    if (k >= d->n || !(TK(k).w & W_CRED) || !cap(d, k)) return 0;
    if (TK(k).shape & T_UPPER) return 1;
    for (size_t q = TK(k).a + 1; q < TK(k).b; q++)
        if (isupper((unsigned char)d->t[q])) return 1;
    return 0;
}

/* A particle of a surname in lower case: "van der Berg", "de los Santos",
 * "ap Rhys" (Welsh), "bint Khalid" (Arabic), "ben David" (Hebrew), "zu
 * Solms", "af Klint", "dela Cruz" (Filipino). */
static int particle(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"van", "von", "de", "del", "della", "da", "di", "la", "le", "bin", "ibn",
                                    "al", "el", "dos", "das", "du", "ten", "ter", "st", "der", "den", "y",
                                    "los", "las", "ap", "bint", "binti", "ben", "bat", "zu", "vom", "dela", "delos"};   /* not "af": AF */
    if (k >= d->n || (TK(k).shape & T_CAP)) return 0;
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* The name a particle joins: capitalized, no clinical word and no
 * clinical abbreviation of three capitals at most, so that "Dr. Jones ap
 * CXR" ends the name at "Jones" ("Hospital das Clínicas da UFMG" goes on). */
static int surname_after_particle(const deid_doc *d, size_t k)
{
    return cap(d, k) && !((TK(k).shape & T_UPPER) && TLEN(k) <= 3) && !(TK(k).w & (W_KEEP | W_HEAD));
}

/* A function word that opens a sentence, never a Vietnamese given name:
 * "Dr. Tran Van The patient is stable" (a dictation without its period). */
static int sentence_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"the", "this", "these", "those", "that", "he", "she", "it", "we", "they",
                                    "his", "her", "its", "our", "their", "there"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* "Bed 14 Tendai Moyo, 71 F": a bed, room or bay number opening a line of a
 * handoff or census stands before the patient's name as a field label does. */
static int bed_before(const deid_doc *d, size_t i)
{
    if (i < 2 || !(TK(i - 1).shape & T_DIGIT) || TK(i).nl || !digits(d, i - 1, 1, 4) || TK(i - 1).nl ||
        (i > 2 && !TK(i - 2).nl))
        return 0;
    return tok_eq(d, i - 2, "bed", 3) || tok_eq(d, i - 2, "rm", 2) || tok_eq(d, i - 2, "room", 4) ||
           tok_eq(d, i - 2, "bay", 3) || tok_eq(d, i - 2, "chair", 5);
}

static int line_start(const deid_doc *d, size_t i)
{
    return i == 0 || TK(i).nl || is_p(d, i - 1, '|') || is_p(d, i - 1, ';') || is_dash(d, i - 1) || deid_column_gap(d, i) ||
           bed_before(d, i);
}

/* The end of a field after a name: the line end, a separator, a cue. */
static int field_end(const deid_doc *d, size_t r)
{
    return deid_field_end(d, r, "|(;") || is_dash(d, r) || (TK(r).w & W_CUE);
}

/* One or two title-case words, not names, then a clinical noun in capitals
 * too: "Balance Scale", "Bowel Prep Scale" after a name make a test. */
static int title_term(const deid_doc *d, size_t k)
{
    for (size_t q = k; q < k + 3 && q < d->n && !TK(q).nl && !deid_column_gap(d, q) && cap(d, q) &&
                       (TK(q).shape & T_ALPHA) && !(TK(q).shape & T_UPPER); q++) {
        if (TK(q).w & W_HEAD) return q > k && !is_p(d, q + 1, ':');     /* "Grade: 7" is a field */
        if (TK(q).w & (W_FIRST | W_LAST | W_TITLE | W_CUE | W_STOP)) return 0;
    }
    return 0;
}

/* Token q opens another line or field, so it ends no term: "Dr. Ann
 * Murphy\nProcedure: ...", "Pt: Zhang Wei   Chart #", "Murphy Procedure: ...". */
static int label_at(const deid_doc *d, size_t q)
{
    return TK(q).nl || deid_column_gap(d, q) || (cap(d, q) && is_p(d, q + 1, ':'));
}

/* The noun after a capital letter joined to it by a hyphen ("T-tube",
 * "J-tube", "U-stitch"): the compound is its noun; else k. */
static size_t letter_compound(const deid_doc *d, size_t k)
{
    if (k + 2 < d->n && TLEN(k) == 1 && cap(d, k) && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) &&
        (TK(k + 2).shape & T_ALPHA) && !(TK(k + 2).shape & T_CAP))
        return k + 2;
    return k;
}

/* A clinical noun at q that ends a term, unless a place's head follows:
 * "Parkinson disease", not "Emory Sleep Disorder Center". */
static int head_at(const deid_doc *d, size_t q)
{
    q = letter_compound(d, q);
    return q < d->n && (TK(q).w & W_HEAD) && !label_at(d, q) &&
           !(q + 1 < d->n && !TK(q + 1).nl && (TK(q + 1).w & (W_FAC | W_FAC2)) && cap(d, q + 1));
}

/* The token after a possessive at k ("'s", "’s", or the "'" after an s:
 * "Graves' disease"), or k when there is none. */
static size_t after_possessive(const deid_doc *d, size_t k)
{
    if (k == 0 || k >= d->n || !glued(d, k) ||
        !(is_p(d, k, '\'') || (TLEN(k) == 3 && !memcmp(d->t + TK(k).a, "\xE2\x80\x99", 3))))
        return k;
    if (tok_eq(d, k + 1, "s", 1) && glued(d, k + 1)) return k + 2;
    char c = d->t[TK(k - 1).b - 1];
    return (c == 's' || c == 'S') && (TK(k - 1).shape & T_ALPHA) ? k + 1 : k;
}

/* The token after an abbreviation in parentheses at k on the line
 * ("Patrick's (FABER) test", "Weber (512 Hz) midline"), or k. */
static size_t after_parens(const deid_doc *d, size_t k)
{
    if (!is_p(d, k, '(')) return k;
    for (size_t q = k + 1; q < d->n && q < k + 6 && !TK(q).nl; q++)
        if (is_p(d, q, ')')) return q + 1 < d->n && !TK(q + 1).nl ? q + 1 : k;
    return k;
}

/* The nouns that make any capitalized word before them an eponym, listed
 * or not, on the same line and not as a field's label: "Chagas disease",
 * "Yamaguchi criteria", "Kemp's test" (a person is rarely followed by them;
 * after a title a name is still a name). */
static int strong_head(const deid_doc *d, size_t q)
{
    static const char *const w[] = {"disease", "syndrome", "sign", "signs", "criteria", "score", "scale",
                                    "classification", "test", "maneuver", "manoeuvre", "reflex", "procedure",
                                    "fracture", "palsy", "phenomenon", "questionnaire", "protocol", "catheter",
                                    "triad", "lymphoma", "tumor", "operation", "staging", "malformation", "anomaly",
                                    /* instruments, devices and diets named after people: "Parsons
                                     * laryngoscope", "Frazier dissectors", "Santa Barbara T-tube",
                                     * "Atkins diets"; cancers named by an organ: "Colon cancer" */
                                    "clamp", "clamps", "retractor", "retractors", "forceps", "scissors", "dissector",
                                    "dissectors", "laryngoscope", "shunt", "tube", "tubes", "ligament", "diet", "diets",
                                    "cancer", "carcinoma",
                                    /* a maker's vaccine: "Pfizer vaccine", "Johnson & Johnson vaccine" */
                                    "vaccine", "vaccines", "booster"};
    q = letter_compound(d, q);
    if (q >= d->n || (TK(q).w & W_STOP) || TLEN(q) < 4) return 0;     /* most words after a capital: "of", "and" */
    return !label_at(d, q) && tok_in(d, q, w, sizeof w / sizeof *w) && !(q + 1 < d->n && (TK(q + 1).w & (W_FAC | W_FAC2)) && cap(d, q + 1));
}

/* The roman numerals of a stage or class after an eponym: "Tanner III",
 * "Tanner I female", "Forrest IIa". */
static int roman_class(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !TK(k).sp || TLEN(k) > 4) return 0;
    return deid_roman(d, k, 1, 1) && !cap(d, k + 1);
}

static int anatomical_noun(const deid_doc *d, size_t k);

/* Possessive eponyms of any surname before a strong clinical noun or a
 * structure of the body, adjectives between: "Berry's ligament", "Kaplan's
 * cardinal line"; not "Sturgill's chart". */
static int possessive_term(const deid_doc *d, size_t i)
{
    /* findings and landmarks named in the possessive: "Reinke's edema", "Palmer's point" */
    static const char *const poss[] = {"edema", "point", "zone", "hump", "nodes", "nodules", "spots", "ulcer"};
    size_t p = after_possessive(d, i + 1);
    if (p == i + 1 || ((TK(i).w & W_FIRST) && !(TK(i).w & W_LAST))) return 0;
    for (size_t q = p; q < p + 3 && q < d->n && !TK(q).nl; q++) {
        if (strong_head(d, q) || ((anatomical_noun(d, q) || tok_in(d, q, poss, sizeof poss / sizeof *poss)) && !label_at(d, q)))
            return 1;
        if (!(TK(q).shape & T_ALPHA) || (TK(q).shape & T_CAP) || (TK(q).w & W_STOP)) return 0;
    }
    return 0;
}

/* What follows an eponym used alone as its test or score: a value ("Morse
 * 65", "Borg RPE 13", "Berg 41/56"), a finding ("Weber midline",
 * "Hirschberg centered", "Romberg +"), also after a parenthesis ("Weber
 * (512 Hz) midline"); not an age or a sex ("Weber 72 F", "Weber 72 yo"). */
static int finding_after(const deid_doc *d, size_t k)
{
    static const char *const found[] = {"positive", "negative", "pos", "neg", "midline", "centered", "equivocal",
                                        "lateralizes", "lateralized", "lateralizing", "symmetric", "asymmetric",
                                        "bilaterally", "downgoing", "upgoing"};
    static const char *const age[] = {"y", "yo", "yr", "yrs", "year", "years", "f", "m", "male", "female", "man",
                                      "woman", "mo", "months", "wk", "weeks", "days"};
    k = after_parens(d, k);
    if (is_p(d, k, ')') && glued(d, k)) k++;                   /* "Falls risk (Morse): 45" */
    if (is_p(d, k, ':') && glued(d, k)) k++;
    if (k >= d->n || TK(k).nl) return 0;
    /* "Borg RPE 13": a short abbreviation before the value */
    if ((TK(k).shape & T_UPPER) && (TK(k).shape & T_ALPHA) && TLEN(k) <= 4 && digits(d, k + 1, 1, 3) && !TK(k + 1).nl)
        k++;
    if (digits(d, k, 1, 3)) {
        size_t q = k + 1;
        if (is_p(d, q, '/') && glued(d, q) && digits(d, q + 1, 1, 3)) {
            if (num(d, q + 1) < num(d, k)) return 0;                          /* a date: "12/3" */
            q += 2;                                                            /* a score: "41/56" */
        }
        if (is_p(d, q, '/') || is_p(d, q, ':') || is_p(d, q, '-') || (is_p(d, q, '.') && digits(d, q + 1, 1, 4)))
            return 0;                                                          /* a date, a time */
        return !(q < d->n && !TK(q).nl && tok_in(d, q, age, sizeof age / sizeof *age));
    }
    return is_p(d, k, '+') || tok_in(d, k, found, sizeof found / sizeof *found);
}

/* A word that may be a given name right before token i: "April Caldwell". */
static int name_pair_before(const deid_doc *d, size_t i)
{
    if (i == 0 || TK(i).nl || !TK(i).sp || !cap(d, i - 1) || !(TK(i - 1).shape & T_ALPHA) || TLEN(i - 1) < 2) return 0;
    uint32_t w = TK(i - 1).w;
    return !(w & (W_KEEP | W_HEAD | W_STOP | W_TITLE | W_CUE | W_MONTH)) && (!w || (w & (W_FIRST | W_LAST)));
}

/* A capitalized word joined by "and", "or" or "/" to a listed eponym, not
 * after a given name: "Ortolani and Barlow", not "Marco Ortolani and ...". */
static int coordinated(const deid_doc *d, size_t i)
{
    return (tok_eq(d, i + 1, "and", 3) || tok_eq(d, i + 1, "or", 2) || is_p(d, i + 1, '&') ||
            (is_p(d, i + 1, '/') && glued(d, i + 1))) &&
           i + 2 < d->n && !TK(i + 2).nl && cap(d, i + 2) && (TK(i + 2).w & W_EPONYM) && !name_pair_before(d, i);
}

/* An eponym in a list under a clinical noun's label: "Fractures: Bennett,
 * Rolando and boxer's", "Signs: Murphy, Rovsing and McBurney"; every word
 * back to the colon an eponym, or the list's commas, "and", "or". At most
 * 12 tokens back on the line. */
static int list_mark(const deid_doc *d, size_t k)
{
    return is_p(d, k, ',') || is_p(d, k, '/') || tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2);
}

/* Token k is a plural noun: "Fractures", "Signs" (not "Class", "Bed"). */
static int plural(const deid_doc *d, size_t k)
{
    if (k >= d->n || !(TK(k).shape & T_ALPHA) || TLEN(k) < 4) return 0;
    const char *e = d->t + TK(k).b;
    return (e[-1] | 0x20) == 's' && (e[-2] | 0x20) != 's';
}

/* The list is one of several items under a plural label ("Fractures:",
 * "Types of fracture:"): "Bed: Johnson", "Assessment: Brown and Graham"
 * are people. */
static int eponym_list(const deid_doc *d, size_t i)
{
    int items = list_mark(d, i + 1);
    for (size_t k = i, hops = 0; k > 1 && hops < 12 && !TK(k).nl; k--, hops++) {
        size_t p = k - 1;
        if (is_p(d, p, ':'))
            return items && !TK(p).nl && (TK(p - 1).w & W_HEAD) && !(TK(p - 1).w & W_CUE) &&
                   (plural(d, p - 1) || (p >= 3 && tok_eq(d, p - 2, "of", 2) && plural(d, p - 3)));
        if (list_mark(d, p)) {
            items = 1;
            continue;
        }
        if (p < i && cap(d, p) && (TK(p).w & W_EPONYM) && !(TK(p).shape & T_UPPER)) continue;
        return 0;
    }
    return 0;
}

/* The halves walked from a word inside a hyphen chain
 * ("Marshall-Marchetti-Krantz-..."): real names and terms have far fewer. */
#define HYPHEN_JOINS 8

/* An eponym used clinically: "Parkinson disease", "Bell's palsy",
 * "Jackson-Pratt drain", "Guillain-Barre syndrome", "non-Hodgkin". */
static int eponym_use(const deid_doc *d, size_t i)
{
    uint32_t w = TK(i).w;
    /* an unlisted pair of capitals before a clinical noun: "Burch-Wartofsky
     * score"; a name before the title-case words of a test: "Berg Balance
     * Scale"; any capitalized word before a strong one: "Chagas disease" */
    if (!(w & W_EPONYM)) {
        if (!cap(d, i) || (w & (W_TITLE | W_STOP | W_CUE | W_MONTH))) return 0;
        return (is_p(d, i + 1, '-') && glued(d, i + 1) && cap(d, i + 2) && glued(d, i + 2) && i + 3 < d->n &&
                (TK(i + 3).w & W_HEAD)) ||
               title_term(d, i + 1) || strong_head(d, after_parens(d, after_possessive(d, i + 1))) ||
               possessive_term(d, i) ||
               (coordinated(d, i) && eponym_use(d, i + 2));   /* "Ortolani and Barlow negative" */
    }
    if (i >= 2 && is_p(d, i - 1, '-') && tok_eq(d, i - 2, "non", 3)) return 1;
    /* a town of a surname and a place's kind: "Stevens Point", "West Point";
     * not "McBurney Point tenderness" */
    if (cap(d, i) && i + 1 < d->n && !TK(i + 1).nl && cap(d, i + 1) && !(TK(i + 1).shape & T_UPPER) &&
        deid_place_head(d, i + 1) && !deid_clinical_after(d, i + 2))
        return 0;
    if (cap(d, i) && eponym_list(d, i)) return 1;
    /* alone as its test or score ("Morse 65", "Weber midline", "Berg Balance
     * 38/56"), in a pair or the possessive: not after a given name ("April
     * Caldwell 12/3", "Keiko Yamaguchi-Brandt"), nor a given name itself
     * ("Kennedy 45") */
    size_t first = i;
    /* back over a hyphen chain, a few halves at most: each word of a long
     * chain asks (hostile input stays linear) */
    for (int hops = 0; hops < HYPHEN_JOINS && first >= 2 && is_p(d, first - 1, '-') && glued(d, first - 1) && glued(d, first); hops++)
        first -= 2;
    int alone = !(w & W_FIRST) && !name_pair_before(d, first);
    /* two eponyms joined by a hyphen: "Stevens-Johnson", "Cheyne-Stokes" */
    if (alone && ((is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && i + 2 < d->n && (TK(i + 2).w & W_EPONYM)) ||
                  (i >= 2 && is_p(d, i - 1, '-') && glued(d, i - 1) && glued(d, i) && (TK(i - 2).w & W_EPONYM))))
        return 1;
    /* in the possessive, alone: "bx for Barrett's.", "Crohn's and UC" */
    size_t p = after_possessive(d, i + 1);
    if (alone && p > i + 1 && (p >= d->n || TK(p).nl || is_p(d, p, '.') || is_p(d, p, ',') || is_p(d, p, ';') ||
                      is_p(d, p, ')') || is_dash(d, p) || ((TK(p).w & W_STOP) && !(TK(p).shape & T_CAP))))
        return 1;
    if (alone && roman_class(d, i + 1)) return 1;
    /* before a strong noun or joined to an eponym right before one:
     * "Johnson & Johnson vaccine" (the partner's noun looked at, not its
     * own uses: a chain of "X and Y and ..." stays linear) */
    if (alone && (strong_head(d, i + 1) || (coordinated(d, i) && strong_head(d, i + 3)))) return 1;
    size_t k = i + 1;
    for (int hops = 0; hops < 6 && k < d->n && !label_at(d, k); hops++) {
        if (alone && finding_after(d, k)) return 1;
        k = after_parens(d, after_possessive(d, k));
        if (tok_eq(d, k, "s", 1) && glued(d, k)) k++;
        if (head_at(d, k)) return 1;
        for (size_t m = k; m < k + 2 && m + 1 < d->n && (TK(m).shape & T_ALPHA) && !(TK(m).shape & T_CAP) &&
                           !(TK(m).w & W_STOP) && !TK(m).nl; m++)
            if (head_at(d, m + 1)) return 1;
        if (k < d->n && (is_p(d, k, '-') || is_p(d, k, '/') || tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2) ||
                         is_p(d, k, ',')) &&
            k + 1 < d->n && (TK(k + 1).w & (W_EPONYM | W_KEEP))) k += 2;
        else if (k < d->n && (TK(k).w & (W_EPONYM | W_KEEP)) && cap(d, k)) k++;
        /* title-case words of the term: "Richmond Agitation-Sedation Scale" */
        else if (k < d->n && cap(d, k) && !TK(k).nl && !deid_column_gap(d, k) &&
                 !(TK(k).w & (W_FIRST | W_LAST | W_TITLE | W_STOP | W_CUE)))
            k += is_p(d, k + 1, '-') && glued(d, k + 1) ? 2 : 1;
        else break;
    }
    return 0;
}

static int after_title(const deid_doc *d, size_t i);

/* Token i is a word of an HL7 component, '^' or '|' glued at both ends of
 * its hyphen chain ("|SMITH-JONES^ANN"): a field's value, never a term's
 * words in a sentence. A few halves at most (hostile input stays linear). */
static int hl7_component(const deid_doc *d, size_t i)
{
    size_t a = i, b = i + 1;
    for (int hops = 0; hops < HYPHEN_JOINS && a >= 2 && is_p(d, a - 1, '-') && glued(d, a - 1) && glued(d, a); hops++)
        a -= 2;
    for (int hops = 0; hops < HYPHEN_JOINS && is_p(d, b, '-') && glued(d, b) && glued(d, b + 1) && b + 1 < d->n; hops++)
        b += 2;
    return a > 0 && glued(d, a) && (is_p(d, a - 1, '^') || is_p(d, a - 1, '|')) && glued(d, b) &&
           (is_p(d, b, '^') || is_p(d, b, '|'));
}

/* A listed term opening at i right after a given name that a label or a
 * title puts in a name's position: the term's first word is the surname
 * ("Patient: Ann Rutherford category 2", not "PAD: Rutherford category 3"). */
static int cued_surname(const deid_doc *d, size_t i)
{
    if (!(TK(i).term & TERM_PFX) || i < 2 || TK(i).nl || !TK(i).sp || !cap(d, i) || (TK(i).shape & T_UPPER) ||
        !(TK(i).w & W_LAST))
        return 0;
    size_t g = i - 1;
    if (!cap(d, g) || !(TK(g).w & W_FIRST) || (TK(g).term & TERM_IN) || (TK(g).w & (W_KEEP | W_MONTH | W_STOP)) || TK(g).nl)
        return 0;
    return after_title(d, g) || (is_p(d, g - 1, ':') && deid_cue_before(d, g, CUE_LABEL, 2));
}

/* A people-list label at i ("Present:", "Excused:") opening exam findings
 * at k instead: after another label on its line ("Reflexes: Present:
 * Achilles, Patellar"), or with an item that is an eponym and no name
 * ("Present: Murphy, Rovsing", "Present: Babinski, Hoffman"). A surname
 * that is also an eponym keeps a meeting's list ("Present: Murphy,
 * Nowak"). */
static int findings_label(const deid_doc *d, size_t i, size_t k)
{
    static const char *const lists[] = {"present", "absent", "excused", "apologies", "regrets", "guests"};
    if (!tok_in(d, i, lists, sizeof lists / sizeof *lists)) return 0;
    if (i > 1 && !TK(i).nl && is_p(d, i - 1, ':') && (TK(i - 2).shape & T_ALPHA)) return 1;
    int item = 1;
    for (size_t q = k; q < d->n && q < k + 40 && (q == k || !TK(q).nl); q++) {
        if (is_p(d, q, ',') || is_p(d, q, ';') || tok_eq(d, q, "and", 3)) {
            item = 1;
            continue;
        }
        if (is_p(d, q, '.') && !is_initial(d, q - 1)) break;
        if (item && cap(d, q) && (TK(q).w & W_EPONYM) && !(TK(q).w & (W_FIRST | W_LAST))) return 1;
        item = 0;
    }
    return 0;
}

/* Token i is an item of such a list of findings. */
static int findings_item(const deid_doc *d, size_t i)
{
    if (i < 2 || !cap(d, i) || TK(i).nl) return 0;
    size_t p = i;
    for (int hops = 0; hops < 16 && p > 1 && !TK(p).nl; hops++, p--) {
        if (is_p(d, p - 1, ':')) return findings_label(d, p - 2, p);
        if (!(is_p(d, p - 1, ',') || is_p(d, p - 1, ';') || tok_eq(d, p - 1, "and", 3) || (cap(d, p - 1) && (TK(p - 1).shape & T_ALPHA))))
            return 0;
    }
    return 0;
}

/* An eponym, or a clinical word: never a name by the lists or a cue. */
static int eponym(const deid_doc *d, size_t i)
{
    if (findings_item(d, i)) return 1;
    if (hl7_component(d, i) || cued_surname(d, i)) return TK(i).w & W_KEEP;
    return (TK(i).w & W_KEEP) || (TK(i).term & TERM_IN) || eponym_use(d, i);
}

/* An eponym after an anatomical noun and "of": "circle of Willis", "loop
 * of Henle", "ampulla of Vater", "pouch of Douglas". */
static int anatomical_noun(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"circle", "loop", "ampulla", "sphincter", "canal", "canals", "pouch", "space",
                                    "islets", "islet", "bundle", "ligament", "triangle", "foramen", "duct", "crypts",
                                    "tetralogy", "organ", "node", "nodes", "column", "columns", "fissure", "tubercle",
                                    "line", "lines", "capsule", "plexus", "cells", "glands", "fascia", "valve", "angle"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

static int anatomy_of(const deid_doc *d, size_t k)
{
    return k >= 2 && tok_eq(d, k - 1, "of", 2) && !(TK(k - 2).shape & T_CAP) && anatomical_noun(d, k - 2);
}

/* A title before token i and the name words between: "Dr. Swan", "Mr.
 * Graves", "Dr. Ann B. Murphy", and the halves of a hyphenated surname
 * ("Dr. Miller-Fisher": its second half is no eponym's pair). */
static int after_title(const deid_doc *d, size_t i)
{
    for (size_t k = i, words = 0; k > 0 && words < 4 && !TK(k).nl; words++) {
        if (is_p(d, k - 1, '.') || (is_p(d, k - 1, '-') && glued(d, k - 1) && glued(d, k))) k--;
        if (k == 0 || TK(k).nl) return 0;
        if ((TK(k - 1).w & W_TITLE) && cap(d, k - 1)) return 1;
        if (!cap(d, k - 1) || !(TK(k - 1).shape & T_ALPHA) || (TK(k - 1).w & (W_KEEP | W_HEAD | W_STOP | W_CUE)))
            return 0;
        k--;
    }
    return 0;
}

/* Eponyms i..k, a value at a and the noun of a test named for two
 * people after it: "Lee White, 12, clotting time" is a test's result, not
 * a patient's line ("Frank Miles, 66, chest pain" is one: eponyms too, no
 * test's noun). Only a clotting or bleeding time, or a stain: the nouns of
 * everyday labs and of a visit follow a patient's age as often ("Wilson
 * Turner, 72, lactate level elevated", "72, time of arrival 14:00"). */
static int eponym_test_value(const deid_doc *d, size_t i, size_t k, size_t a)
{
    static const char *const timed[] = {"clotting", "bleeding", "coagulation"};
    for (size_t q = i; q < k; q++)
        if (!(TK(q).w & W_EPONYM)) return 0;
    size_t q = a + 1 + is_p(d, a + 1, ',');
    if (q + 1 < d->n && tok_in(d, q, timed, sizeof timed / sizeof *timed) && tok_eq(d, q + 1, "time", 4)) return 1;
    return tok_eq(d, q, "stain", 5) || (q + 1 < d->n && !TK(q + 1).nl && tok_eq(d, q + 1, "stain", 5));
}

/* Token i is a word of "Lee White, 12, clotting time", a line opening with
 * eponyms, a value and its test's noun: the test, whoever tagged it. */
static int eponym_test_line(const deid_doc *d, size_t i)
{
    if (!(TK(i).w & W_EPONYM) || !cap(d, i)) return 0;
    size_t a = i, k = i + 1;
    while (a > 0 && i - a < 3 && !TK(a).nl && cap(d, a - 1) && (TK(a - 1).w & W_EPONYM)) a--;
    while (k < d->n && k - a < 4 && !TK(k).nl && cap(d, k) && (TK(k).w & W_EPONYM)) k++;
    if (!line_start(d, a) || !is_p(d, k, ',') || !digits(d, k + 1, 1, 3)) return 0;
    return eponym_test_value(d, a, k, k + 1);
}

int deid_clinical_at(const deid_doc *d, size_t i)
{
    if (i >= d->n || hl7_component(d, i) || cued_surname(d, i)) return 0;
    if (TK(i).term & TERM_IN) return 1;               /* a listed term, even "Sister Mary Joseph nodule" */
    if (findings_item(d, i)) return 1;                /* "Reflexes: Present: Achilles, Patellar" */
    if (after_title(d, i)) return 0;
    if (eponym_test_line(d, i)) return 1;
    /* a word that could be a name or a place; not a clinical word of a
     * facility's name ("Sunrise Dialysis Unit") */
    uint32_t w = TK(i).w;
    if (!cap(d, i) || ((w & W_KEEP) && !(w & (W_EPONYM | W_FIRST | W_LAST | W_CITY | W_CITYPFX | W_STATE))))
        return 0;
    return eponym_use(d, i) || anatomy_of(d, i);
}

/* A bare surname after "Pt" or "Patient" ("Pt Weber exam benign",
 * "Patient Okafor tolerated it"); not an eponym's disease or sign after
 * it ("Pt Parkinson disease worse"). */
static int patient_before(const deid_doc *d, size_t i)
{
    return i >= 1 && !TK(i).nl && (tok_eq(d, i - 1, "pt", 2) || tok_eq(d, i - 1, "patient", 7)) && cap(d, i) &&
           (TK(i).shape & T_ALPHA) && !(TK(i).shape & T_UPPER) && (TK(i).w & (W_LAST | W_EPONYM)) &&
           !deid_clinical_after(d, i + 1);
}

int deid_name_position(const deid_doc *d, size_t i)
{
    if (i >= d->n) return 0;
    if (after_title(d, i) || name_pair_before(d, i) || patient_before(d, i)) return 1;
    /* a given name before a surname ("Glenn Okafor"), a credential after ("Berman, RN") */
    size_t k = i + 1;
    if (k < d->n && !TK(k).nl && TK(k).sp && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) &&
        (TK(k).w & (W_FIRST | W_LAST)) && !(TK(k).w & (W_KEEP | W_HEAD | W_STOP)))
        return 1;
    if (is_p(d, k, ',')) k++;
    if (k < d->n && !TK(k).nl && (TK(k).w & W_CRED) && cap(d, k)) return 1;    /* "Baker, PharmD" */
    /* "Bishop, Kiersten": a surname before a given name after a comma */
    if (k == i + 2 && k < d->n && !TK(k).nl && cap(d, k) && (TK(k).w & W_FIRST) && !(TK(k).w & (W_KEEP | W_STOP)))
        return 1;
    /* the given name after "Surname," opening a line: "Gunn, Marcus, 8" */
    if (i >= 2 && is_p(d, i - 1, ',') && cap(d, i - 2) && (TK(i - 2).shape & T_ALPHA) && line_start(d, i - 2)) return 1;
    /* a relation word before it or before a given name: "partner Geneva Bishop" */
    for (size_t q = i, hops = 0; q > 0 && hops < 2 && !TK(q).nl; q--, hops++) {
        if (TK(q - 1).w & (W_RELATIVE | W_TITLE)) return 1;                   /* "nurse Ellison" */
        if (!cap(d, q - 1)) break;
    }
    /* a name's label or phrase right before it: "Patient: Glenn", "seen by Glenn" */
    const cue *c;
    return (is_p(d, i - 1, ':') && deid_cue_before(d, i, CUE_LABEL, 2)) ||
           ((c = deid_cue_before(d, i, CUE_PHRASE, 2)) && !(c->opts & CUE_WEAK));
}

/* Can token k be part of a name? strength 2: after a title (any capital),
 * 1: after a strong cue (not a clinical word), 0: lists alone. */
static int name_word(const deid_doc *d, size_t k, int strength)
{
    if (k >= d->n || !cap(d, k) || TLEN(k) < 2 || !(TK(k).shape & T_ALPHA)) return 0;
    uint32_t w = TK(k).w;
    /* a first name that is also a function word ("Will") only before a surname */
    /* ... or, after a label, a surname that is also one ("Infant: Oh Ye-jin") */
    if ((w & W_STOP) && !(strength >= 1 && (w & (W_FIRST | W_LAST)) && surname_after(d, k + 1))) return 0;
    if ((w & W_TITLE) || cred_at(d, k)) return 0;
    /* "DOB", "MRN", "DOS": a cue in capitals is a field label, not a name */
    if ((w & W_CUE) && (TK(k).shape & T_UPPER) && !(w & (W_FIRST | W_LAST)) && strength < 2) return 0;
    if (strength >= 2) return !(w & W_MONTH) || (w & (W_FIRST | W_LAST));
    /* in a hyphenated clinical term: Child-Pugh, Wolff-Parkinson-White */
    if ((k >= 2 && is_p(d, k - 1, '-') && glued(d, k) && (TK(k - 2).w & W_KEEP)) ||
        (is_p(d, k + 1, '-') && glued(d, k + 1) && k + 2 < d->n && (TK(k + 2).w & W_KEEP)))
        return 0;
    if (eponym(d, k) || anatomy_of(d, k)) return 0;
    if (w & (W_KEEP | W_STREET | W_FAC | W_FAC2 | W_MONTH | W_STATE)) return (w & (W_FIRST | W_LAST)) && !(w & W_KEEP);
    if (strength == 1) return 1;
    return !(w & W_COMMON) && (w & (W_FIRST | W_LAST));
}

static int eponym_use(const deid_doc *d, size_t i);
static int plain_name(const deid_doc *d, size_t k);

/* A surname the lists know as something else, an eponym or a street's
 * word ("Chester Eugene Foley,", "Darrell Amos Pike placed", "Faith A.
 * Parkinson"), after name words when the name ends there; never where it is used clinically ("Foley
 * catheter", "Braden 14"). (First, before a name, it took places and
 * terms on the held-out totals: not done.) */
static int masked_name(const deid_doc *d, size_t k, size_t words)
{
    if (k >= d->n || !cap(d, k) || (TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3 ||
        (TK(k).term & TERM_IN))
        return 0;
    uint32_t w = TK(k).w;
    if (!(w & (W_FIRST | W_LAST | W_EPONYM | W_STREET)) ||
        (w & (W_TITLE | W_CRED | W_HEAD | W_CUE | W_STOP | W_RELATIVE | W_FAC | W_FAC2 | W_STATE | W_CITY | W_CITYPFX | W_MONTH)))
        return 0;
    if (eponym_use(d, k) || is_p(d, k + 1, ':')) return 0;
    size_t n = k + 1;
    if (words) return n >= d->n || TK(n).nl || deid_column_gap(d, n) || !cap(d, n) || (TK(n).w & W_CRED);
    return 0;
}

/* A name at i: words, initials ("J."), hyphens, particles, Jr./III.
 * Returns its end (i when none). */
static size_t name_run(const deid_doc *d, size_t i, int strength, size_t max)
{
    size_t k = i, words = 0, toks = 0;
    while (k < d->n && toks < max && (k == i || (!TK(k).nl && !deid_column_gap(d, k) && !id_cue(d, k)))) {
        int listed_more = strength == 0 && words && cap(d, k) && (TK(k).w & (W_FIRST | W_LAST)) &&
                          !(TK(k).w & (W_KEEP | W_STOP | W_CUE)) && !eponym(d, k) && name_word(d, k, 1);
        if (listed_more || name_word(d, k, strength)) {
            /* "Maria Okafor MRN": capitals after mixed case end the name */
            if (words && (TK(k).shape & T_UPPER) && !(TK(i).shape & T_UPPER) && !is_initial(d, k)) break;
            /* Smith-Jones; Soo-jin, Jae-won. From a word inside a hyphen
             * chain, at most HYPHEN_JOINS more halves: every word of a long
             * chain may start a name, and each walk to the chain's end made
             * those names cost the chain's length squared; from the chain's
             * first word, the whole chain, once. */
            size_t joins = k >= 2 && is_p(d, k - 1, '-') && glued(d, k - 1) && glued(d, k) ? HYPHEN_JOINS : SIZE_MAX;
            k++, words++;
            while (joins-- > 0 && is_p(d, k, '-') && glued(d, k) && glued(d, k + 1) && k + 1 < d->n && TLEN(k + 1) > 1 &&
                   (cap(d, k + 1) || ((TK(k + 1).shape & T_ALPHA) && TLEN(k + 1) <= 5 &&
                                      !(TK(k + 1).w & (W_KEEP | W_STOP | W_HEAD)))))
                k += 2;
        } else if (words && is_p(d, k, '"') && cap(d, k + 1) && glued(d, k + 1) && is_p(d, k + 2, '"') &&
                   glued(d, k + 2) && !TK(k).nl) {
            k += 3;                                    /* a nickname: Guadalupe "Lupita" Reyes */
        } else if (strength == 1 && words && masked_name(d, k, words)) {
            k++, words++;
        } else if (is_initial(d, k) && !(TK(k).w & W_CRED)) {
            k++;
            if (is_p(d, k, '.') && glued(d, k)) k++;
            /* "J.-P. Moreau": initials of a hyphenated given name */
            if (is_p(d, k - 1, '.') && is_p(d, k, '-') && glued(d, k) && glued(d, k + 1) && k + 1 < d->n &&
                TLEN(k + 1) == 1 && isupper((unsigned char)d->t[TK(k + 1).a])) {
                k += 2;
                if (is_p(d, k, '.') && glued(d, k)) k++;
            }
        } else if (particle(d, k) && k + 2 < d->n && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) &&
                   cap(d, k + 2) && (k > i || strength >= 1)) {
            k += 2;                                    /* "al-Amin", "el-Sayed" */
            continue;
        } else if (particle(d, k) && k + 1 < d->n && (particle(d, k + 1) || surname_after_particle(d, k + 1)) &&
                   (k > i || strength >= 1)) {
            k++;                                       /* after a label too: "Name: van der Berg, Sjoerd" */
            continue;
        } else if (words && k >= 1 && cap(d, k) && (TK(k).w & W_STOP) && !(TK(k).shape & T_UPPER) && TLEN(k) >= 2 &&
                   !sentence_word(d, k) &&
                   (tok_eq(d, k - 1, "v\xc4\x83n", 4) || tok_eq(d, k - 1, "th\xe1\xbb\x8b", 5) ||
                    tok_eq(d, k - 1, "van", 3) || tok_eq(d, k - 1, "thi", 3))) {
            k++, words++;                              /* a Vietnamese given name after its middle: "Nguyễn Văn An" */
        } else if (words && (tok_eq(d, k, "jr", 2) || tok_eq(d, k, "sr", 2) || tok_eq(d, k, "ii", 2) ||
                             tok_eq(d, k, "iii", 3) || tok_eq(d, k, "iv", 2))) {
            k++;
            if (is_p(d, k, '.') && glued(d, k)) k++;
            break;
        } else {
            break;
        }
        toks++;
    }
    /* trailing initial's period belongs to the sentence unless more name follows */
    if (!words) return i;
    return k;
}

/* A letter of a script other than Latin (CJK, Cyrillic, Greek, Arabic...). */
static int other_script(const deid_doc *d, size_t k)
{
    unsigned char c = (unsigned char)d->t[TK(k).a];
    return (TK(k).shape & T_ALPHA) && c >= 0xC0 && !deid_latin_letter(d->t + TK(k).a, TLEN(k), NULL) &&
           !(c == 0xC4 || c == 0xC5 || c == 0xC3);
}

static void take_name(deid_doc *d, deid_names *nm, size_t i, size_t j)
{
    /* the same name in its own script after it: "Zhou Jianguo (周建国)" */
    if (is_p(d, j, '(') && j + 1 < d->n && !TK(j + 1).nl && other_script(d, j + 1)) {
        size_t e = j + 1;
        while (e < d->n && e < j + 5 && !TK(e).nl && other_script(d, e)) e++;
        if (is_p(d, e, ')')) deid_add_toks(d, j + 1, e, WARD_PHI_NAME, PRIO_NAME);
    }
    while (i + 1 < j && (TK(i).shape & T_UPPER) && TLEN(i) > 1 && cap(d, i + 1) && !(TK(i + 1).shape & T_UPPER))
        i++;
    if (j <= i) return;
    /* drop a trailing period that ends the sentence after a full word */
    size_t e = j;
    if (e > i + 1 && is_p(d, e - 1, '.') && !is_initial(d, e - 2)) e--;
    deid_add_toks(d, i, e, WARD_PHI_NAME, PRIO_NAME);
    for (size_t k = i; k < e; k++) {
        if (!(TK(k).shape & T_ALPHA) || TLEN(k) < 2 || TLEN(k) >= 40 || !(TK(k).shape & T_CAP)) continue;
        char key[40];
        memcpy(key, d->t + TK(k).a, TLEN(k));
        size_t kn = deid_lower_key(key, TLEN(k));
        funnel_lex_add_flags(nm->seen, key, kn, 1);
    }
}

static int given_before_role(const deid_doc *d, size_t k);
static int given_word(const deid_doc *d, size_t k);
static int list_item_end(const deid_doc *d, size_t r);

/* A given name that is also a function word before another given name,
 * an item of a list of people ending there: "Cc: Will Grace; April
 * Castro", "Will Grace (SW)". Returns the item's end, k when none. */
static size_t stop_pair(const deid_doc *d, size_t k)
{
    return given_word(d, k) && (TK(k).w & W_STOP) && given_word(d, k + 1) && TK(k + 1).sp && list_item_end(d, k + 2)
               ? k + 2
               : k;
}

/* A title of several people: "Drs.", "Doctors", "Profs." */
static int plural_title(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"drs", "doctors", "profs", "professors", "mmes"};
    return k < d->n && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A plural title just before k ("Drs. Gray", "Drs Gray"). */
static int plural_title_before(const deid_doc *d, size_t k)
{
    if (k >= 2 && is_p(d, k - 1, '.') && plural_title(d, k - 2)) return 1;
    return k >= 1 && plural_title(d, k - 1);
}

/* A capitalized word that a list's shape makes a surname, whatever the
 * lists hold, where the item ends at once: not clinical, not a cue, a
 * month, a place's word or a function word. */
static int bare_surname(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2 ||
        (TK(k).w & (W_KEEP | W_CUE | W_STOP | W_TITLE | W_HEAD | W_MONTH | W_CRED | W_FAC | W_FAC2 | W_STATE)) ||
        eponym(d, k))
        return 0;
    return list_item_end(d, k + 1) || tok_eq(d, k + 1, "and", 3) || is_p(d, k + 1, '&');
}

/* Names listed after a label: "Assistants: Jane Roe, RN, and John Doe". */
static size_t name_list(deid_doc *d, deid_names *nm, size_t k, int strength)
{
    int plural = plural_title_before(d, k);
    for (int guard = 0; guard < 8; guard++) {
        while (k < d->n && (TK(k).w & W_TITLE) && cap(d, k)) {
            plural |= plural_title(d, k);
            k += is_p(d, k + 1, '.') ? 2 : 1;
        }
        size_t r = name_run(d, k, strength, 5);
        /* after "Drs." every item is a surname, everyday word though it is:
         * "Drs. Gray, Huang and Ransom" */
        if (r == k && plural && bare_surname(d, k)) r = k + 1;
        /* a given name that is also a function word inside the list:
         * "Present: Grace, Will and April Holt" */
        if (r == k && guard > 0 && cap(d, k) && (TK(k).w & W_FIRST) && (TK(k).w & W_STOP) && !TK(k).nl &&
            (is_p(d, k + 1, ',') || tok_eq(d, k + 1, "and", 3) || is_p(d, k + 1, ';')))
            r = k + 1;
        /* ... or before its role in parentheses: "Present: Will (PT), Grace (SW)" */
        if (r == k && given_before_role(d, k)) r = k + 1;
        if (r == k) r = stop_pair(d, k);
        /* a later item "Brown, A.": an everyday surname, its initial after */
        if (r == k && guard > 0 && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).w & (W_KEEP | W_STOP | W_CUE)) &&
            is_p(d, k + 1, ',') && is_initial(d, k + 2) && !TK(k + 2).nl &&
            list_item_end(d, k + 3 + (is_p(d, k + 3, '.') && glued(d, k + 3))))
            r = k + 1;
        if (r == k) return k;
        /* "Doe, Jane": last name, comma, first name */
        /* (on one line: "Hi Dr. Roe,\nMy father ..." starts the message) */
        size_t r2 = is_p(d, r, ',') && r + 1 < d->n && !TK(r + 1).nl ? name_run(d, r + 1, strength > 1 ? 1 : strength, 3) : r;
        /* "Young, T.", "Ortiz, R": a surname and an initial alone, the item ending there */
        if (r2 <= r + 1 && is_p(d, r, ',') && is_initial(d, r + 1) && !TK(r + 1).nl &&
            list_item_end(d, r + 2 + (is_p(d, r + 2, '.') && glued(d, r + 2))))
            r2 = r + 2 + (is_p(d, r + 2, '.') && glued(d, r + 2));
        if (r2 > r + 1 && !(TK(r + 1).w & W_CRED) && ((TK(r + 1).w & W_FIRST) || field_end(d, r2))) {
            take_name(d, nm, k, r);
            take_name(d, nm, r + 1, r2);
            r = r2;
        } else {
            take_name(d, nm, k, r);
        }
        k = r;
        size_t c = k;
        /* a role in parentheses between names: "Ann Roe (daughter), Bo Lee (son)" */
        if (is_p(d, c, '(')) {
            size_t q = c + 1;
            while (q < d->n && q < c + 6 && !TK(q).nl && !is_p(d, q, ')')) q++;
            if (is_p(d, q, ')') && (is_p(d, q + 1, ',') || is_p(d, q + 1, ';') || tok_eq(d, q + 1, "and", 3))) c = q + 1;
        }
        /* the list goes on over commas and credentials, not over a sentence's
         * end ("Dr. Kendall Sharpe. Cultures sent") */
        int creds = 0;
        while (c < d->n && !TK(c).nl && (is_p(d, c, ',') || (TK(c).w & W_CRED) ||
                                         (is_p(d, c, '.') && (c == k ? is_initial(d, c - 1) || (TK(c - 1).w & W_CRED) : 1) &&
                                          !(cap(d, c + 1) && TK(c + 1).sp))))   /* "Roe, RN. ESI 2" ends it */
            creds += (TK(c).w & W_CRED) != 0, c++;
        /* after credentials, a word in capitals is one more: "Pike, BSN, CWOCN" */
        if (creds && c < d->n && (TK(c).shape & T_UPPER) && TLEN(c) <= 6) return k;
        if (deid_column_gap(d, c) || id_cue(d, c)) return k;        /* "Roe, MD    License ..." */
        if (c < d->n && !TK(c).nl && (tok_eq(d, c, "and", 3) || is_p(d, c, '&') || is_p(d, c, ';') || c > k)) {
            if (tok_eq(d, c, "and", 3) || is_p(d, c, '&') || is_p(d, c, ';')) c++;
            /* the next item may open with a particle: "Siddiqui, de Vries" */
            if (c < d->n && !TK(c).nl && (cap(d, c) || (particle(d, c) && surname_after_particle(d, c + 1)))) {
                k = c;
                strength = strength > 1 ? 1 : strength;
                continue;
            }
        }
        return k;
    }
    return k;
}

static int sentence_start(const deid_doc *d, size_t i)
{
    if (i == 0 || TK(i).nl) return 1;
    const char *p = d->t + TK(i - 1).a;
    return TLEN(i - 1) == 1 && (*p == '.' || *p == '!' || *p == '?' || *p == ':' || *p == '"');
}

static int verb_form(const deid_doc *d, size_t k);
static int verb_word(const deid_doc *d, size_t k);

/* Where a name of listed words after "Pt" ends: the field's end,
 * punctuation ("Pt Rose Young:", "Pt Bill Snow's"), a verb ("Client Misty
 * Rivers lives", "Pt Rich Hall given") or a word in lower case that is
 * no clinical word, a preposition too ("Pt Will Hall at"); not "and",
 * "or", "of", which may join more words of a place. */
static int pair_end(const deid_doc *d, size_t r)
{
    if (field_end(d, r) || (TK(r).shape & T_PUNCT)) return 1;
    if (!(TK(r).shape & T_ALPHA) || (TK(r).shape & T_CAP)) return 0;
    if (tok_eq(d, r, "and", 3) || tok_eq(d, r, "or", 2) || tok_eq(d, r, "of", 2)) return 0;
    return verb_form(d, r) || tok_eq(d, r, "given", 5) || !(TK(r).w & (W_KEEP | W_HEAD));
}

/* What a note writes right after a patient's name in capitals or digits:
 * an abbreviation or a value ("Pt Will King PRVC 450", "Pt Joy Stone K
 * 7.2", "Pt Dean Church POD 3", "Pt Hope Hunter C3D1"). */
static int note_after(const deid_doc *d, size_t r)
{
    return r < d->n && !TK(r).nl && !deid_column_gap(d, r) && ((TK(r).shape & T_DIGIT) || (TK(r).shape & T_UPPER)) &&
           !(TK(r).w & (W_CRED | W_STATE | W_CITY | W_FIRST | W_LAST));
}

/* A listed given name, capitalized, an everyday or a function word too
 * ("Miles", "Will"), not a month or a clinical word; it may open a line. */
static int given_word_at(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && TLEN(k) > 1 &&
           (TK(k).w & W_FIRST) && !(TK(k).w & (W_KEEP | W_CUE | W_MONTH | W_TITLE));
}

/* The same, going on a line: the next word of a list or a name */
static int given_word(const deid_doc *d, size_t k) { return k < d->n && !TK(k).nl && given_word_at(d, k); }

/* A word for the person a note is about or works with, used before a name
 * as "Pt" is: "Client Misty Rivers", "reviewer Carol Winter". */
static int person_noun(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"client", "reviewer", "caseworker", "hygienist", "counselor", "caregiver",
                                    "member", "guardian", "applicant", "claimant", "donor", "employee", "student"};
    return tok_in(d, i, w, sizeof w / sizeof *w);
}

/* A word for the person a record is about that heads other words too
 * ("Decedent Affairs Office", "Proband Analysis"): before a name of listed
 * words only ("Decedent Clay Mercer, 44M", "Proband Tanner Long,", "Baby
 * boy Archer Brooks, born"). */
static int record_noun(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"decedent", "proband", "consultand"};
    if ((tok_eq(d, i, "boy", 3) || tok_eq(d, i, "girl", 4)) && i > 0 && !TK(i).nl && tok_eq(d, i - 1, "baby", 4))
        return 1;
    return tok_in(d, i, w, sizeof w / sizeof *w);
}

/* A plural role of a care team or of the people around a patient, before
 * their names: "nurses Tash and Bex", "RNs Grace, Will". */
static int role_plural(const deid_doc *d, size_t k)
{
    static const char *const roles[] = {"nurses", "rns", "lpns", "cnas", "techs", "aides", "residents", "interns",
                                        "fellows", "students", "therapists", "interpreters", "chaplains",
                                        "volunteers", "paramedics", "medics", "sitters", "doctors", "physicians",
                                        "surgeons", "attendings", "hospitalists", "pharmacists", "dietitians",
                                        "midwives", "doulas", "nps", "colleagues", "coworkers", "caregivers",
                                        "friends", "neighbors", "neighbours", "roommates"};
    return tok_in(d, k, roles, sizeof roles / sizeof *roles);
}

/* A credential used as a label needs a listed name word after it. */
static const cue CRED_LABEL = {"", CUE_LABEL, WARD_PHI_NAME, CUE_LISTED};

/* After a label, a name is followed by the line end, punctuation, a cue
 * or a credential ("Patient: Jane Roe (MRN ...)"), not by more words as
 * in a transcript's "PATIENT: Sounds good". Labels that are also words
 * ("CC:" is a chief complaint too) need a listed name word. */
static int label_name_ok(const deid_doc *d, const cue *c, size_t k)
{
    while (k < d->n && (TK(k).w & W_TITLE) && cap(d, k)) return 1;
    size_t r = name_run(d, k, 1, 5);
    if (r == k && given_before_role(d, k)) r = k + 1;
    if (r == k) r = stop_pair(d, k);
    if (r == k) return 0;
    if (c->opts & CUE_LISTED) {
        int listed = 0, unknown = 0;
        for (size_t q = k; q < r; q++) {
            listed |= (TK(q).w & (W_FIRST | W_LAST)) && !(TK(q).w & W_KEEP) &&
                      !((TK(q).shape & T_UPPER) && TLEN(q) <= 3);        /* "CC: HA and vision loss" */
            unknown += cap(d, q) && TLEN(q) > 1 && !TK(q).w;
        }
        if (!listed && unknown < 2) return 0;        /* "Re: Sanne de Vries" */
    }
    if (r < d->n && cap(d, r) && !TK(r).nl && !deid_column_gap(d, r) && (TK(r).w & W_KEEP) && !(TK(r).w & (W_CUE | W_CRED)))
        return 0;                                      /* "CC: Low Back Pain" */
    /* "Wound RN Summer Hill saw her": after a credential, two name words
     * and a verb */
    return r >= d->n || TK(r).nl || (TK(r).shape & T_PUNCT) || (TK(r).w & (W_CUE | W_CRED)) || cap(d, r) ||
           (c == &CRED_LABEL && r >= k + 2);
}

static int plain_name(const deid_doc *d, size_t k);


/* HPI openings: "Nayeli Littlewolf is a 50 year old", "James is an established 42 y/o". */
static void opening_name(deid_doc *d, deid_names *nm, size_t i)
{
    int after_header = i > 0 && (TK(i - 1).shape & T_UPPER) && !TK(i).nl &&
                       ward_funnel_section_canonical(d->t + TK(i - 1).a, TLEN(i - 1));
    if (!(sentence_start(d, i) || after_header || bed_before(d, i)) || !name_word(d, i, 1)) return;
    size_t r = name_run(d, i, 1, 4);
    if (r == i) return;
    /* "Arben Hoxha is here for", "Yosef Rosenberg is seen with": two name
     * words before a verb of coming to care */
    static const char *const came[] = {"presents", "presented", "returns", "returned", "comes", "came", "arrives",
                                       "arrived", "follows", "continues", "remains", "reports", "reported", "states",
                                       "stated", "denies", "denied", "underwent", "tolerated", "feels", "complains",
                                       "endorses", "agrees", "agreed", "declined", "declines", "requests", "requested"};
    int here = (tok_eq(d, r, "is", 2) || tok_eq(d, r, "was", 3)) &&
               (tok_eq(d, r + 1, "here", 4) || tok_eq(d, r + 1, "seen", 4) || tok_eq(d, r + 1, "being", 5) ||
                tok_eq(d, r + 1, "doing", 5) || tok_eq(d, r + 1, "feeling", 7) || tok_eq(d, r + 1, "status", 6) ||
                tok_eq(d, r + 1, "now", 3) || tok_eq(d, r + 1, "still", 5) || tok_eq(d, r + 1, "admitted", 8));
    /* "Losaline Tupou, on CCPD", "Tahmina Akter, 61, with": a line opening
     * with two names and a comma, then the note goes on in lower case or
     * with an age */
    if (!here && r >= i + 2 && line_start(d, i) && is_p(d, r, ',') && r + 1 < d->n && !TK(r + 1).nl &&
        (((TK(r + 1).shape & T_ALPHA) && !(TK(r + 1).shape & T_CAP)) || digits(d, r + 1, 1, 3))) {
        int plain = 1;
        for (size_t q = i; q < r; q++) plain &= plain_name(d, q);
        if (plain) take_name(d, nm, i, r);
        return;
    }
    if (!here) here = tok_in(d, r, came, sizeof came / sizeof *came);
    /* "Eleftheria states she slept poorly": one name word, a verb of
     * reporting and a pronoun */
    if (here && r == i + 1 && plain_name(d, i) && (TK(r + 1).w & W_STOP) &&
        (tok_eq(d, r + 1, "she", 3) || tok_eq(d, r + 1, "he", 2) || tok_eq(d, r + 1, "that", 4))) {
        take_name(d, nm, i, r);
        return;
    }
    if (here && r >= i + 2) {
        int plain = 1;
        for (size_t q = i; q < r; q++) plain &= !(TK(q).w & (W_COMMON | W_KEEP | W_CUE)) || (TK(q).w & W_LAST);
        if (plain) take_name(d, nm, i, r);
        return;
    }
    if (!(tok_eq(d, r, "is", 2) || tok_eq(d, r, "was", 3)) || !(tok_eq(d, r + 1, "a", 1) || tok_eq(d, r + 1, "an", 2)))
        return;
    for (size_t q = r + 2; q < r + 5 && q < d->n; q++)
        if ((TK(q).shape & T_DIGIT) || tok_eq(d, q, "established", 11) || tok_eq(d, q, "pleasant", 8)) {
            take_name(d, nm, i, r);
            return;
        }
}

static void name_before(deid_doc *d, deid_names *nm, size_t b);

/* A capitalized word that is a name by its look: unknown to the lists, or a
 * listed name that is not an everyday word ("Kittipong", "Nhia"). */
static int plain_name(const deid_doc *d, size_t k)
{
    uint32_t w = TK(k).w;
    if (!name_word(d, k, 1) || (TK(k).shape & T_UPPER)) return 0;
    if (w) return (w & (W_FIRST | W_LAST)) && !(w & W_COMMON);
    return !deid_english_word(d, k) && !is_p(d, k + 1, ':');       /* "Patient Education:" */
}

/* A name written in lower case: listed, not an everyday or clinical word. */
static int lower_name(const deid_doc *d, size_t k)
{
    uint32_t w = k < d->n ? TK(k).w : 0;
    return k < d->n && !TK(k).nl && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP) && TLEN(k) >= 3 &&
           (w & (W_FIRST | W_LAST)) && !(w & (W_COMMON | W_KEEP | W_STOP | W_EPONYM | W_CUE | W_MONTH | W_STATE | W_CITY));
}

/* "Min-jun", "seo-yeon", "Ka-yan": two given-name syllables joined by a
 * hyphen, in any case, make a Korean or Chinese given name; not a doubled
 * word ("so-so") nor part of a longer chain. Returns the token after it. */
static size_t syllable_name(const deid_doc *d, size_t k)
{
    if (k + 2 >= d->n || !(TK(k).tag & TAG_SYLL) || !(TK(k + 2).tag & TAG_SYLL) || !is_p(d, k + 1, '-') || !glued(d, k + 1) || !glued(d, k + 2))
        return 0;
    if (!(TK(k).shape & T_ALPHA) || !(TK(k + 2).shape & T_ALPHA) || ((TK(k).shape & T_UPPER) && TLEN(k) > 1) ||
        (TK(k + 2).shape & T_UPPER))
        return 0;
    if (TLEN(k) == TLEN(k + 2) && !strncasecmp(d->t + TK(k).a, d->t + TK(k + 2).a, TLEN(k))) return 0;
    if ((k > 0 && glued(d, k) && is_p(d, k - 1, '-')) || (is_p(d, k + 3, '-') && glued(d, k + 3))) return 0;
    return k + 3;
}

/* lower_end's first test, asked of every lower-case word: each of its
 * cases needs a given-name syllable or a listed name at k. */
static inline int lower_end_first(const deid_doc *d, size_t k)
{
    return k < d->n && ((TK(k).tag & TAG_SYLL) || (TK(k).w & (W_FIRST | W_LAST)));
}

/* The end of a name written in lower case at k: a listed name (and a
 * second one), or given-name syllables ("eun-bi"); 0 when none. */
static size_t lower_end(const deid_doc *d, size_t k)
{
    if (!lower_end_first(d, k) || TK(k).nl || (TK(k).shape & T_CAP)) return 0;
    size_t e = syllable_name(d, k);
    /* a surname before the syllables: "kim young-ja" */
    if (!e && (TK(k).w & W_LAST) && !(TK(k).w & (W_KEEP | W_STOP)) && TLEN(k) <= 6 && k + 1 < d->n && TK(k + 1).sp &&
        !TK(k + 1).nl)
        e = syllable_name(d, k + 1);
    if (!e && lower_name(d, k)) e = k + 1 + lower_name(d, k + 1);
    return e;
}

/* Takes a lower-case name at k (and a second lower-case name word). */
static void take_lower(deid_doc *d, deid_names *nm, size_t k)
{
    size_t e = lower_end(d, k);
    if (!e) e = k + 1;
    deid_add_toks(d, k, e, WARD_PHI_NAME, PRIO_NAME);
    (void)nm;
}

/* A person's name word in lower case, an everyday word too maybe ("hope",
 * "price", "bill"): listed as a given name, or as a surname where surnames
 * may stand; never a function, clinical, place or month word. */
static int lower_person_word(const deid_doc *d, size_t k, int surnames)
{
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || TLEN(k) < 3) return 0;
    uint32_t w = TK(k).w, bad = W_KEEP | W_STOP | W_MONTH | W_CUE | W_HEAD | W_STATE | W_CITY | W_TITLE | W_CRED |
                                W_RELATIVE | W_FAC | W_FAC2 | W_STREET;
    return (w & (surnames ? W_FIRST | W_LAST : W_FIRST)) && !(w & bad) && !verb_word(d, k);   /* "mother said." */
}

/* How a lower-case name may end at r (LOWER_*): the line's end,
 * punctuation (a possessive's apostrophe too) or a number always; a verb
 * or a preposition of place or purpose ("pt price needs", "pt baker for
 * MRI"); "from" ("its rose from dr gray's office"). */
enum { LOWER_PUNCT = 0, LOWER_VERB = 1, LOWER_FROM = 2 };

static int lower_person_end(const deid_doc *d, size_t r, int how)
{
    static const char *const prep[] = {"in", "for", "at", "on"};
    if (r >= d->n || TK(r).nl) return 1;
    if (is_p(d, r, '-') && glued(d, r)) return 0;            /* "long-standing", "stone-faced" */
    if (TK(r).shape & (T_PUNCT | T_DIGIT)) return 1;
    if ((how & LOWER_FROM) && tok_eq(d, r, "from", 4)) return 1;
    if (!(how & LOWER_VERB) || (TK(r).shape & T_CAP) || !(TK(r).shape & T_ALPHA)) return 0;
    return tok_in(d, r, prep, sizeof prep / sizeof *prep) || verb_form(d, r);
}

/* A person named in lower case at k, a given name (or a surname where
 * surnames may stand) and maybe a surname after it ("hope baker"), ended
 * as `how` allows; returns its end, 0 when none. */
static size_t lower_person(const deid_doc *d, size_t k, int surnames, int how)
{
    if (!lower_person_word(d, k, surnames)) return 0;
    size_t r = k + 1;
    if (lower_person_word(d, r, 1) && lower_person_end(d, r + 1, how)) r++;
    return lower_person_end(d, r, how) ? r : 0;
}

/* A relative named in lower case, as messages write: "my wife eun-bi",
 * "her son yousef still has". A listed name or given-name syllables; after
 * "my", "his", "her"... also a name that is an everyday word ("my wife
 * marina is"), when punctuation or a verb such as "is", "has", "still"
 * follows it. Right after the relation word: not "Brother, colon CA". */
static size_t relative_lower(const deid_doc *d, size_t rel, size_t k)
{
    size_t e = lower_end(d, k);
    if (e) return e;
    /* a given name, an everyday word too, before a verb or a place: "daughter
     * joy is calling", "lives with daughter hope in clarkston" */
    if ((e = lower_person(d, k, 0, LOWER_VERB))) return e;
    if (k >= d->n || TK(k).nl || (TK(k).shape & T_CAP) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3 || rel == 0) return 0;
    uint32_t w = TK(k).w;
    if (!(w & (W_FIRST | W_LAST)) || (w & (W_KEEP | W_STOP | W_MONTH | W_CUE | W_STATE | W_CITY | W_EPONYM | W_HEAD)))
        return 0;
    if (!(tok_eq(d, rel - 1, "my", 2) || tok_eq(d, rel - 1, "his", 3) || tok_eq(d, rel - 1, "her", 3) ||
          tok_eq(d, rel - 1, "our", 3) || tok_eq(d, rel - 1, "your", 4) || tok_eq(d, rel - 1, "their", 5)))
        return 0;
    static const char *const next[] = {"is", "was", "has", "had", "will", "can", "could", "would", "does", "did",
                                       "and", "keeps", "wants", "needs", "works", "says", "thinks", "still", "also",
                                       "just", "got", "gets"};
    if (k + 1 >= d->n || TK(k + 1).nl || (TK(k + 1).shape & T_PUNCT)) return k + 1;
    return tok_in(d, k + 1, next, sizeof next / sizeof *next) ? k + 1 : 0;   /* not "his wife said that" */
}

/* After a relative's given name that looks like a name, capitalized words
 * of a surname that are everyday or clinical words as well: Lakota and
 * other Plains surnames ("Iron Cloud", "Good Shield", "Two Bulls"), when
 * the name ends there (a word in lower case, punctuation, the line end).
 * Returns the name's new end (r when none). */
static size_t word_surname(const deid_doc *d, size_t k, size_t r)
{
    uint32_t bad = W_TITLE | W_CRED | W_MONTH | W_FAC | W_FAC2 | W_CUE | W_HEAD | W_STATE | W_STREET | W_RELATIVE;
    uint32_t w = TK(k).w;
    if (w ? !(w & (W_FIRST | W_LAST)) || (w & (W_COMMON | W_KEEP)) : deid_english_word(d, k)) return r;
    size_t e = r;
    while (e < r + 2 && e < d->n && !TK(e).nl && TK(e).sp && cap(d, e) && (TK(e).shape & T_ALPHA) &&
           !(TK(e).shape & T_UPPER) && TLEN(e) > 1 && !(TK(e).w & bad))
        e++;
    return e > r && (e >= d->n || TK(e).nl || (TK(e).shape & T_PUNCT) || !(TK(e).shape & T_CAP)) ? e : r;
}


/* "Supervising RN Dawn Fisher": a credential after a word that is not a
 * name, followed by two capitalized words. */
static int cred_then_name(const deid_doc *d, size_t i)
{
    if (i == 0 || TK(i).nl || is_p(d, i - 1, ',') || name_word(d, i - 1, 0)) return 0;
    size_t r = name_run(d, i + 1, 1, 3);
    return r >= i + 3 && !TK(i + 1).nl;
}

static int name_then_verb(const deid_doc *d, size_t i);

/* Token r ends an item of a list of people: the line's end or punctuation. */
static int list_item_end(const deid_doc *d, size_t r)
{
    return r >= d->n || TK(r).nl || is_p(d, r, ',') || is_p(d, r, '.') || is_p(d, r, ';') || is_p(d, r, '(') ||
           is_p(d, r, ')');
}

/* A given name that is also a function word, where a relation word or a
 * list puts it ("grandson Will arrives", "sons Will and Mark", "Will
 * (PT)"): the name's end follows, not the verb a modal takes. */
static int stop_given(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k) || (TK(k).shape & T_UPPER) || TLEN(k) < 2 || !(TK(k).w & W_STOP) ||
        !(TK(k).w & W_FIRST) || (TK(k).w & (W_MONTH | W_KEEP)))
        return 0;
    return list_item_end(d, k + 1) || tok_eq(d, k + 1, "and", 3) || name_then_verb(d, k);
}

/* A given name alone after "and" in a list of relatives, an everyday
 * word too ("Ruby and Opal."): listed as a given name, then the list's end. */
static int given_alone(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k) || (TK(k).shape & T_UPPER) || TLEN(k) < 2 || !(TK(k).w & W_FIRST) ||
        (TK(k).w & (W_MONTH | W_KEEP | W_STOP | W_CUE | W_TITLE | W_HEAD | W_STATE | W_CITY)) || eponym(d, k))
        return 0;
    return list_item_end(d, k + 1);
}

static int role_word(const deid_doc *d, size_t k);

/* "Present: Will (PT), Grace (SW)": a function-word given name before its
 * role in parentheses. */
static int given_before_role(const deid_doc *d, size_t k)
{
    return is_p(d, k + 1, '(') && stop_given(d, k) && k + 2 < d->n && role_word(d, k + 2);
}

/* Token r ends a name a greeting or a thanks takes: the line's end, a comma,
 * a period or "!" ("Hi, Carol, good to see you", "hi maria, this is"). */
static int greeting_end(const deid_doc *d, size_t r)
{
    return r >= d->n || TK(r).nl || is_p(d, r, ',') || is_p(d, r, '.') || is_p(d, r, '!');
}

/* A time of day that greets: "Morning Tash," */
static int day_greeting(const deid_doc *d, size_t k)
{
    static const char *const day[] = {"morning", "evening", "afternoon"};
    return tok_in(d, k, day, sizeof day / sizeof *day);
}

/* A word that closes a message or greets at a line's start, before a name:
 * "Best, Bex", "Cheers Ola", "Love, Dre", "Morning Tash,". The closings
 * of letters take a comma ("Best Practice" is no sign-off). One list, one
 * look (deid_names_at asks it of every word before signoff_names): the
 * times of day (day_greeting's), the closings that need no comma, then
 * those that need one. */
static const char *const CLOSINGS[] = {"morning", "evening", "afternoon", "cheers",       "thx",      "best", "love",
                                       "regards", "warmly",  "yours",     "xo",           "xx",       "respectfully",
                                       "cordially"};
enum { CLOSINGS_BARE = 5, CLOSINGS_ALL = sizeof CLOSINGS / sizeof *CLOSINGS };

static inline int closing_word(const deid_doc *d, size_t k, int comma)
{
    return comma ? tok_in(d, k, CLOSINGS, CLOSINGS_ALL) : tok_in(d, k, CLOSINGS, CLOSINGS_BARE);
}

static int signoff_word(const deid_doc *d, size_t k);
static int signoff_end(const deid_doc *d, size_t r);
static int patient_after(const deid_doc *d, size_t r);
static void pair_position(deid_doc *d, deid_names *nm, size_t i);

/* A closing at k that signs a message ("Cheers, Ola"; one that is a
 * surname too only after a sentence of the message: "See you
 * Tuesday.\nBest, Bex"), one or two name words, then the line's or the
 * sentence's end. "Love, Courtney" opening a note or after a label
 * ("Patient list:"), "Love, Courtney  DOB 03/04/1960" and "Best, George is
 * the patient" are a surname and a given name. */
static int closing_line(const deid_doc *d, size_t k)
{
    if (!closing_word(d, k, 1) || !is_p(d, k + 1, ',') || !(line_start(d, k) || sentence_start(d, k))) return 0;
    if ((TK(k).w & W_LAST) && (k == 0 || !(is_p(d, k - 1, '.') || is_p(d, k - 1, '!') || is_p(d, k - 1, '?') ||
                                          is_p(d, k - 1, ')'))))
        return 0;                                       /* a surname too: after the message only */
    size_t r = k + 2;
    while (r < k + 4 && signoff_word(d, r)) r++;
    /* "Seen today. Love, Courtney, 54F" is a patient's surname */
    return r > k + 2 && signoff_end(d, r) && !patient_after(d, r);
}

/* After a title: "Dr. Anand Krishnamurthy at Barrow", "Sister Mary Joseph". */
static void title_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!(TK(i).w & W_TITLE) || !cap(d, i) || (TLEN(i) <= 2 && tok_eq(d, i, "st", 2))) return;
    size_t k = i + 1;
    if (is_p(d, k, '.') && glued(d, k)) k++;
    int title_word = tok_eq(d, i, "sister", 6) || tok_eq(d, i, "brother", 7) || tok_eq(d, i, "nurse", 5) ||
                     tok_eq(d, i, "doctor", 6);
    /* "Dr" after a street number is a street: "12 Oak Dr", but not "2100
     * Per Dr. Banks" (a title before a name) nor across lines */
    int street = tok_eq(d, i, "dr", 2) && i >= 2 && cap(d, i - 1) && (TK(i - 2).shape & T_DIGIT) && !TK(i).nl &&
                 !TK(i - 1).nl && !(k > i + 1 && k < d->n && cap(d, k) && !TK(k).nl);
    if (street || TK(k < d->n ? k : i).nl) return;
    size_t r = name_list(d, nm, k, title_word ? 1 : 2), pe;
    /* where the clinician works: "Dr. Anand Krishnamurthy at Barrow" */
    if (r > k && tok_eq(d, r, "at", 2) && r + 1 < d->n && !TK(r + 1).nl && (pe = deid_place_run(d, r + 1)) > r + 1)
        deid_add_toks(d, r + 1, pe, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* After a name's label ("Patient: Jane Roe"). Returns whether i is one. */
static int label_names(deid_doc *d, deid_names *nm, size_t i)
{
    size_t e;
    const cue *c;
    if (!(TK(i).w & W_CUE) || !(c = deid_cue_at(d, i, CUE_LABEL, &e)) || !is_p(d, e, ':') ||
        !(line_start(d, i) || !(c->opts & CUE_LINE)))
        return 0;
    size_t k = e + 1;
    if (k < d->n && !TK(k).nl && label_name_ok(d, c, k) && !findings_label(d, i, k)) name_list(d, nm, k, 1);
    return 1;
}

/* After "Pt", "Patient", "Resident" or a person's noun without a colon:
 * "Pt Kittipong resting", "Pt (Ciara Mulcahy)", "Patient Rose Price (92)",
 * "Decedent Clay Mercer, 44M". */
static void patient_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!(TK(i).shape & T_ALPHA) || i + 1 >= d->n || !(cap(d, i + 1) || is_p(d, i + 1, '(')) ||
        !(cap(d, i) || (i > 0 && !TK(i).nl && !(TK(i - 1).shape & T_DIGIT))) ||   /* "met with pt Ann Roe" */
        !(tok_eq(d, i, "pt", 2) || tok_eq(d, i, "patient", 7) || tok_eq(d, i, "resident", 8) || person_noun(d, i) ||
          record_noun(d, i)))
        return;
    size_t k = i + 1 + is_p(d, i + 1, '(');              /* "Pt Kittipong resting", "Pt (Ciara Mulcahy)" */
    if (k >= d->n || TK(k).nl) return;
    if (!record_noun(d, i) && plain_name(d, k)) {
        take_name(d, nm, k, name_run(d, k, 1, 4));
        return;
    }
    /* "Patient Rose Price (92)", "Pt Will Rose needs": two listed
     * names, everyday words or not, and the name's end */
    size_t r = k;
    while (r < k + 3 && r < d->n && !TK(r).nl && cap(d, r) && (TK(r).shape & T_ALPHA) && TLEN(r) > 1 &&
           (TK(r).w & (W_FIRST | W_LAST)) && !(TK(r).w & (W_KEEP | W_CUE | W_MONTH)))
        r++;
    if (r >= k + 2 && (pair_end(d, r) || note_after(d, r))) take_name(d, nm, k, r);
    /* "Pt Hall, Miles,", "Pt King, Mark intubated": a surname, a
     * comma and a listed given name, everyday words or not */
    else if (r == k + 1 && is_p(d, r, ',') && glued(d, r) && given_word(d, r + 1) && pair_end(d, r + 2)) {
        take_name(d, nm, k, r);
        take_name(d, nm, r + 1, r + 2);
    }
}

/* A title in lower case in a message: "hi dr qureshi", "can dr. Xuereb look". */
static void lower_title_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!(tok_eq(d, i, "dr", 2) || tok_eq(d, i, "mr", 2) || tok_eq(d, i, "mrs", 3) || tok_eq(d, i, "ms", 2)) || cap(d, i))
        return;
    size_t k = i + 1 + (is_p(d, i + 1, '.') && glued(d, i + 1));
    /* after "dr" a listed surname may be an everyday word: "hi dr young" */
    if (lower_name(d, k) || (k < d->n && !TK(k).nl && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP) &&
                             (TK(k).w & W_LAST) && !(TK(k).w & (W_KEEP | W_STOP | W_CUE | W_MONTH))))
        take_lower(d, nm, k);
    /* "can dr. Xuereb look": a title in lower case, the name capitalized */
    else if (k > i + 1 && tok_eq(d, i, "dr", 2) && k < d->n && !TK(k).nl && name_word(d, k, 1) &&
             !(TK(k).shape & T_UPPER) && !deid_english_word(d, k))
        take_name(d, nm, k, name_run(d, k, 1, 3));
}

/* A name in quotes after the words that give one: (prefers "Kit"), name is
 * "Gwynfor", last name "Llwyd". */
static void quoted_names(deid_doc *d, deid_names *nm, size_t i)
{
    if ((tok_eq(d, i, "prefers", 7) || tok_eq(d, i, "called", 6) || tok_eq(d, i, "aka", 3) ||
         tok_eq(d, i, "nickname", 8)) && is_p(d, i + 1, '"') && cap(d, i + 2) && glued(d, i + 2) && is_p(d, i + 3, '"'))
        take_name(d, nm, i + 2, i + 3);
    if (tok_eq(d, i, "name", 4) && (tok_eq(d, i + 1, "is", 2) || is_p(d, i + 1, ':') || is_p(d, i + 1, '"'))) {
        size_t k = i + 1 + !is_p(d, i + 1, '"');
        if (is_p(d, k, '"') && !TK(k).nl && cap(d, k + 1) && glued(d, k + 1) && is_p(d, k + 2, '"') && glued(d, k + 2) &&
            name_word(d, k + 1, 1))
            take_name(d, nm, k + 1, k + 2);
    }
}

/* A weak cue ("Dear", "its") takes name words that are listed, two of
 * them, a credential after, or a second person named in full after "and"
 * ("Dear Iolo and Cerys Llewellyn,"). */
static int weak_cue_name(const deid_doc *d, size_t k, size_t r)
{
    size_t nwords = 0, listed = 0;
    for (size_t q = k; q < r; q++)
        if (TLEN(q) > 1 && cap(d, q)) nwords++, listed += (TK(q).w & (W_FIRST | W_LAST)) != 0;
    return listed || nwords >= 2 || (TK(r < d->n ? r : k).w & W_CRED) ||
           ((tok_eq(d, r, "and", 3) || is_p(d, r, '&')) && r + 1 < d->n && !TK(r + 1).nl &&
            name_run(d, r + 1, 1, 4) >= r + 3);
}

/* After a phrase cue ("seen by", "Sincerely,", "this is"). Returns 1 when
 * the cue's name was taken in lower case or on the next line: no other
 * cue at i then. */
static int phrase_names(deid_doc *d, deid_names *nm, size_t i)
{
    size_t e;
    const cue *c;
    if (!(TK(i).w & W_CUE) || !(c = deid_cue_at(d, i, CUE_PHRASE, &e))) return 0;
    size_t k = e;
    if (is_p(d, k, ':') || is_p(d, k, ',')) k++;
    /* a letter's closing: "Sincerely,\nJane Roe" */
    if ((c->opts & CUE_NEXTLINE) && k < d->n && TK(k).nl == 1 && is_p(d, e, ',')) {
        if (label_name_ok(d, c, k)) name_list(d, nm, k, 1);
        return 1;
    }
    size_t le = lower_end(d, k);
    /* a weak cue ("its", "this is") needs given-name syllables, two
     * name words or the name's end: not "in its endo catch bag" */
    if (le && (c->opts & CUE_WEAK) && !syllable_name(d, k) && le < k + 2 && le < d->n && !TK(le).nl &&
        !(TK(le).shape & T_PUNCT))
        le = 0;
    /* a given name that is an everyday word too, where the name ends:
     * "hi its rose from dr grays office", "this is hope baker." */
    if (!le && k < d->n && !TK(k).nl && !(TK(k).shape & T_CAP)) le = lower_person(d, k, 0, LOWER_FROM);
    if (le) {                                      /* a message in lower case: "this is soo-ah" */
        deid_add_toks(d, k, le, WARD_PHI_NAME, PRIO_NAME);
        return 1;
    }
    if (k < d->n && !TK(k).nl && !((TK(k).w & W_TITLE) && cap(d, k))) {
        size_t r = name_run(d, k, 1, 4);
        if (r > k && (!(c->opts & CUE_WEAK) || weak_cue_name(d, k, r))) name_list(d, nm, k, 1);
    }
    return 0;
}

/* After a greeting or a thanks: "Hi, Carol, good to see you", "thanks!! Dawn". */
static void greeting_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!(tok_eq(d, i, "hi", 2) || tok_eq(d, i, "hello", 5) || tok_eq(d, i, "hey", 3) || tok_eq(d, i, "bye", 3) ||
          tok_eq(d, i, "gracias", 7) || tok_eq(d, i, "thanks", 6) || tok_eq(d, i, "goodbye", 7)))
        return;
    size_t k = i + 1;
    while (k < d->n && !TK(k).nl && k < i + 4 && (is_p(d, k, ',') || is_p(d, k, '!'))) k++;   /* "thanks!! Dawn" */
    size_t r = k < d->n && !TK(k).nl ? name_run(d, k, 1, 2) : k;
    if (r > k && greeting_end(d, r))
        take_name(d, nm, k, r);
    else if ((r = lower_person(d, k, 1, LOWER_PUNCT)) && greeting_end(d, r))
        deid_add_toks(d, k, r, WARD_PHI_NAME, PRIO_NAME);      /* "hi maria, this is dr okafor" */
}

/* After a relation word: "daughter Jane Roe", "sons Will and Mark",
 * "(Jane Roe, sister)", "Wife — Hope Bell". */
static void relative_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!(TK(i).w & W_RELATIVE)) return;
    if (i >= 2 && is_p(d, i - 1, ',') && (TK(i).shape & T_ALPHA) && !(TK(i).shape & T_CAP) &&
        (is_p(d, i + 1, ')') || is_p(d, i + 1, ',') || is_p(d, i + 1, ';')))
        name_before(d, nm, i - 1);                     /* "(Jane Roe, sister)" */
    size_t k = i + 1;
    /* daughter-in-law, son-in-law */
    if (is_p(d, k, '-') && tok_eq(d, k + 1, "in", 2) && is_p(d, k + 2, '-') && tok_eq(d, k + 3, "law", 3)) k += 4;
    if (is_p(d, k, ',') || is_p(d, k, ':') || is_p(d, k, '(')) k++;
    else if (is_dash(d, k) && k + 1 < d->n && !TK(k + 1).nl &&
             (((TK(k + 1).w & (W_FIRST | W_LAST)) && cap(d, k + 1)) || (plain_name(d, k + 1) && !deid_lower_word(d, k + 1))))
        k++;                                       /* "Wife — Hope Bell, (317) ...", a contacts list */
    size_t le = k == i + 1 || is_p(d, i + 1, '(') ? relative_lower(d, i, k) : 0;
    if (le) deid_add_toks(d, k, le, WARD_PHI_NAME, PRIO_NAME);
    if (k >= d->n || TK(k).nl || !(name_word(d, k, 1) || stop_given(d, k))) return;
    size_t r = name_word(d, k, 1) ? name_run(d, k, 1, 3) : k + 1;
    /* a relative's name: listed, or not an everyday word; more may
     * follow ("parents Jung Hyun-woo and Park Ji-yeon") */
    if (r == k || ((TK(k).w & W_COMMON) && r == k + 1 && !(TK(k).w & (W_FIRST | W_LAST)))) return;
    r = word_surname(d, k, r);
    take_name(d, nm, k, r);
    size_t q = r + (is_p(d, r, ',') && tok_eq(d, r + 1, "and", 3));
    if ((tok_eq(d, q, "and", 3) || is_p(d, q, ',')) && q + 1 < d->n && !TK(q + 1).nl && plain_name(d, q + 1))
        take_name(d, nm, q + 1, name_run(d, q + 1, 1, 3));
    else if (tok_eq(d, q, "and", 3) && (given_alone(d, q + 1) || stop_given(d, q + 1)))
        take_name(d, nm, q + 1, q + 2);    /* "sons Will and Mark,", "daughters Ruby and Opal." */
    else if ((tok_eq(d, q, "and", 3) || is_p(d, q, ',')) && q + 2 < d->n && !TK(q + 1).nl &&
             name_word(d, q + 1, 1) && surname_after(d, q + 2) && !(TK(q + 1).w & W_STOP))
        take_name(d, nm, q + 1, name_run(d, q + 1, 1, 3));   /* "and Park Ji-yeon" */
}

/* Around a credential: "RN: Rose Hunter", "Supervising RN Dawn Fisher",
 * "John Smith, MD", "Wes, charge RN". */
static void cred_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!cred_at(d, i)) return;
    /* "RN: Rose Hunter" is a label; "Rose, RN: refill sent" signs a message */
    int signed_label = i >= 2 && is_p(d, i - 1, ',') && !TK(i - 1).nl && !TK(i).nl && name_word(d, i - 2, 1);
    /* ... unless a name follows it: "Dawn, RN: Faith Price spoke with ..." */
    if (signed_label && cap(d, i + 2) && !TK(i + 2).nl) signed_label = 0;
    if ((is_p(d, i + 1, ':') && !signed_label) || cred_then_name(d, i)) {
        size_t k = i + 1 + is_p(d, i + 1, ':');
        if (k < d->n && !TK(k).nl && label_name_ok(d, &CRED_LABEL, k)) name_list(d, nm, k, 1);
        return;
    }
    if (i == 0 || TK(i).nl) return;
    /* "John Smith, MD", "Smith MD": walk back over the name */
    int ambiguous = tok_eq(d, i, "do", 2) || tok_eq(d, i, "ms", 2) || tok_eq(d, i, "pt", 2) ||
                    tok_eq(d, i, "ot", 2) || tok_eq(d, i, "pa", 2) || tok_eq(d, i, "ma", 2) ||
                    tok_eq(d, i, "slp", 3) || tok_eq(d, i, "atc", 3) || tok_eq(d, i, "emt", 3);
    size_t b = i;
    if (is_p(d, b - 1, ',')) b--;
    else if (b >= 3 && (TK(b - 1).shape & T_ALPHA) && !(TK(b - 1).shape & T_CAP) && is_p(d, b - 2, ','))
        b -= 2;                                    /* "Wes, charge RN" */
    else if (ambiguous) return;
    name_before(d, nm, b);
}

/* The names a cue word at i puts after it (or before it: a credential, a
 * relation after a comma). */
static void cue_names(deid_doc *d, deid_names *nm, size_t i)
{
    title_names(d, nm, i);
    if (!label_names(d, nm, i)) patient_names(d, nm, i);
    lower_title_names(d, nm, i);
    quoted_names(d, nm, i);
    if (phrase_names(d, nm, i)) return;
    greeting_names(d, nm, i);
    relative_names(d, nm, i);
    cred_names(d, nm, i);
}

/* The name that ends right before token b: "John Smith, MD", "(Jane Roe, sister)". */
static void name_before(deid_doc *d, deid_names *nm, size_t b)
{
    size_t a = b;
    while (a > 0 && b - a < 6 && !TK(a).nl) {
        size_t p = a - 1;
        if ((name_word(d, p, 1) && !role_word(d, p) && !(!TK(p).w && deid_english_word(d, p))) || is_initial(d, p) || (is_p(d, p, '.') && p > 0 && is_initial(d, p - 1)) ||
            (is_p(d, p, '-') && glued(d, p) && p > 0 && cap(d, p - 1)) || particle(d, p) ||
            ((TK(p).shape & T_ALPHA) && TLEN(p) <= 5 && p >= 2 && glued(d, p) && is_p(d, p - 1, '-') &&
             glued(d, p - 1) && cap(d, p - 2)))
            a = p;
        else
            break;
    }
    while (a < b && !cap(d, a)) a++;
    /* "WHITFORD, BARRY MD": a last name and a comma opening the line */
    if (a >= 2 && a < b && is_p(d, a - 1, ',') && name_word(d, a - 2, 1) && line_start(d, a - 2))
        take_name(d, nm, a - 2, a - 1);
    int real = 0;
    for (size_t q = a; q < b; q++)
        real |= cap(d, q) && TLEN(q) > 1 && (!(TK(q).shape & T_UPPER) || (TK(q).w & (W_FIRST | W_LAST)));
    if (a < b && b - a <= 6 && real) {
        size_t r = name_run(d, a, 1, 6);
        if (r > a) take_name(d, nm, a, r > b ? b : r);
    }
}

/* "W. Deshpande": an initial and an unlisted surname, but not a letter in
 * an abbreviation ("U.S. Coast Guard", "A.U. Oral"), a grade ("Grade I.
 * Uterus"), a letter ending a sentence ("A and B. Once"), or an English
 * word after it; at a line start ("A. Plan ...") only as a field. */
static int initial_surname(const deid_doc *d, size_t i)
{
    if (i > 0 && !TK(i).sp) return 0;                  /* "A.U.", "I&A." */
    if (i > 0 && !TK(i).nl &&
        (tok_eq(d, i - 1, "and", 3) || tok_eq(d, i - 1, "or", 2) || (TK(i - 1).shape & T_DIGIT) ||
         tok_eq(d, i - 1, "grade", 5) || tok_eq(d, i - 1, "type", 4) || tok_eq(d, i - 1, "class", 5) ||
         tok_eq(d, i - 1, "stage", 5) || tok_eq(d, i - 1, "phase", 5) || tok_eq(d, i - 1, "level", 5)))
        return 0;
    if (TLEN(i + 2) < 3 || deid_english_word(d, i + 2) || is_p(d, i + 3, ':')) return 0;
    return !line_start(d, i) || field_end(d, i + 3) || is_p(d, i + 3, ',') || (TK(i + 3).w & W_CRED);
}

/* A word of one half of "LAST, FIRST M" in the case of the other half
 * (capitals: "WHIPPLE, CONRAD J"; title case: "Alder, June"): a surname
 * that is an eponym or an everyday word is still a name here, a clinical
 * word, a credential, a title or a relation word is not. */
static int half_word(const deid_doc *d, size_t k, int upper)
{
    if (k >= d->n || !cap(d, k) || !(TK(k).shape & T_ALPHA)) return 0;
    if (is_initial(d, k)) return 1;
    uint32_t w = TK(k).w;
    if (TLEN(k) < 2 || upper != ((TK(k).shape & T_UPPER) != 0)) return 0;
    if ((w & (W_TITLE | W_CRED | W_HEAD | W_RELATIVE | W_FAC | W_FAC2 | W_STATE | W_STREET)) || role_plural(d, k)) return 0;
    if ((w & (W_KEEP | W_STOP | W_MONTH | W_CUE)) && !(w & (W_FIRST | W_LAST | W_EPONYM))) return 0;
    if ((w & W_KEEP) && !(w & W_EPONYM) && !(w & W_LAST)) return 0;
    return w || upper || !deid_english_word(d, k);
}

/* The end of a half from k: its words and initials (at most three). */
static size_t half_run(const deid_doc *d, size_t k, int upper)
{
    size_t r = k;
    while (r < k + 4 && r < d->n && (r == k || !TK(r).nl) && half_word(d, r, upper)) {
        r++;
        if (is_p(d, r, '.') && glued(d, r) && is_initial(d, r - 1)) r++;
    }
    return r;
}

/* What may end the name's field: the line's end, a gap, a separator, a
 * cue, a credential, an age ("Dove, Hollis, 96"). */
static int half_end(const deid_doc *d, size_t r)
{
    if (field_end(d, r) || is_p(d, r, ')') || (r < d->n && (TK(r).w & W_CRED) && cap(d, r))) return 1;
    return is_p(d, r, ',') && r + 1 < d->n && !TK(r + 1).nl &&
           ((TK(r + 1).w & W_CRED) || (isdigit((unsigned char)d->t[TK(r + 1).a]) && TLEN(r + 1) <= 5));
}

/* "KOWALSKI, ANNA    DOB: ...", "BÙI, THỊ HẠNH": a header or signature
 * line opening with a surname, a comma and given names in capitals, the
 * field ended by the line end, a gap, a cue or a credential; one word at
 * least is a listed name, or the next field of the header follows. */
static int caps_last_first(deid_doc *d, deid_names *nm, size_t i)
{
    if (!half_word(d, i, 1) || is_initial(d, i) || !is_p(d, i + 1, ',')) return 0;
    size_t r = half_run(d, i + 2, 1), listed = 0, named = 0;
    for (size_t q = i; q < r; q++) {
        uint32_t w = TK(q).w;
        named += (w & (W_FIRST | W_LAST)) != 0;
        listed += (w & (W_FIRST | W_LAST)) && !(w & (W_COMMON | W_KEEP));
    }
    /* unlisted words need a header's next field: "ABERNATHY, ROSALIND    DOB:";
     * after a label ("RAD: GRAY, ALDEN") a listed everyday word will do */
    int header = deid_column_gap(d, r) && (TK(r).w & W_CUE);
    int label = i > 0 && !TK(i).nl && (is_p(d, i - 1, ':') || tok_eq(d, i - 1, "pt", 2));
    if (r == i + 2 || !(listed || header || (label && named)) || !(half_end(d, r) || is_p(d, r, ','))) return 0;
    take_name(d, nm, i, i + 1);
    take_name(d, nm, i + 2, r);
    return 1;
}

/* A field opens at i: a line's start, a label's colon, a parenthesis, a
 * time, a room or a record number ("0800 Young, Art", "501 Hall, Vestal"),
 * a date's sentence ("12/04/2026. Price, Will arrived"). */
static int field_start(const deid_doc *d, size_t i)
{
    if (line_start(d, i)) return 1;
    if (i == 0 || TK(i).nl) return 0;
    return is_p(d, i - 1, ':') || is_p(d, i - 1, '(') || (TK(i - 1).shape & T_DIGIT) ||
           (i >= 2 && is_p(d, i - 1, '.') && (TK(i - 2).shape & T_DIGIT));
}

/* "Young, Hope, 22F", "Brown, Will   MRN", "0800 Young, Art — crown prep":
 * a listed surname, a comma and a listed given name in title case, both
 * everyday words maybe, where a field opens, the field ending after the
 * given names (a separator, an age, a value, a cue, a credential, a verb).
 * Not an eponym's list ("Bennett, Rolando fractures": the given name is no
 * eponym). */
/* "Brown, Amber" read as colours: both words colours', after an
 * appearance's label ("Color: Brown, Amber, Clear", "Drainage: Brown, Rose
 * colored") or before what they describe ("0800 Brown, Hazel eyes");
 * "Case: Gray, Rose, LOS 9" stays a name. */
static int colours_at(const deid_doc *d, size_t i)
{
    static const char *const colours[] = {"amber", "black", "brown", "golden", "gray",  "green", "grey",
                                          "hazel", "olive", "pink",  "red",    "rose",  "ruby",  "violet", "white"};
    static const char *const labels[] = {"appearance", "color", "colour", "drainage", "emesis", "eye",   "eyes",
                                         "fluid",      "hair",  "output", "skin",     "sputum", "stool", "urine"};
    static const char *const described[] = {"clear", "cloudy", "colored", "coloured", "eyes", "hair", "tinged"};
    size_t nc = sizeof colours / sizeof *colours;
    if (!tok_in(d, i, colours, nc) || !tok_in(d, i + 2, colours, nc)) return 0;
    if (i >= 2 && is_p(d, i - 1, ':') && tok_in(d, i - 2, labels, sizeof labels / sizeof *labels)) return 1;
    size_t k = i + 3 < d->n && is_p(d, i + 3, ',') ? i + 4 : i + 3;
    return k < d->n && !TK(k).nl && (tok_in(d, k, described, sizeof described / sizeof *described) || tok_in(d, k, colours, nc));
}

static int title_last_first(deid_doc *d, deid_names *nm, size_t i)
{
    if (!half_word(d, i, 0) || is_initial(d, i) || !glued(d, i + 1) || !given_word(d, i + 2) ||
        (TK(i + 2).w & W_EPONYM) || colours_at(d, i))
        return 0;
    size_t r = half_run(d, i + 2, 0);
    for (size_t q = i + 3; q < r; q++)
        if (deid_column_gap(d, q)) r = q;                  /* "Young, Hope   Subject ID:" */
    if (r > i + 4) return 0;
    /* after a sentence only before a patient's fields: "Next patient.
     * Love, Courtney, 54F", "Seen. Hall, Miles  DOB ..." */
    if (!field_start(d, i) && !(sentence_start(d, i) && patient_after(d, r))) return 0;
    int word = r < d->n && !TK(r).nl && (TK(r).shape & T_ALPHA) && !(TK(r).shape & T_CAP);
    if (word ? !verb_form(d, r)                       /* "Brown, Will follow up" is a sentence */
             : !(half_end(d, r) || is_p(d, r, ',') || is_p(d, r, ':') || is_p(d, r, '.') || note_after(d, r)))
        return 0;
    take_name(d, nm, i, i + 1);
    take_name(d, nm, i + 2, r);
    return 1;
}

/* A surname by its shape, whatever the lists hold: one letter and an
 * apostrophe (straight or typographic) before a capital ("O'Brien",
 * "D’Souza"), "Mc" or "Mac"
 * before one ("McBride", "MacLeod"); not an eponym's term ("McBurney
 * point", "McMurray test"). */
static int shaped_surname(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k) || (TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 4 ||
        (TK(k).w & (W_KEEP | W_CUE | W_TITLE | W_HEAD | W_CRED)))
        return 0;
    const char *p = d->t + TK(k).a;
    int shaped = p[1] == '\'' || !memcmp(p + 1, "\xE2\x80\x99", 3) || (p[0] == 'M' && p[1] == 'c' && isupper((unsigned char)p[2])) ||
                 (TLEN(k) >= 5 && !strncmp(p, "Mac", 3) && isupper((unsigned char)p[3]));
    return shaped && !eponym(d, k);
}

/* Names from the lists alone: "Maria Okafor", "Garcia", "J. Smith". */
static void listed_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!cap(d, i) || !(TK(i).shape & T_ALPHA)) return;
    uint32_t w = TK(i).w;
    int upper = (TK(i).shape & T_UPPER) != 0;
    /* "St. John's wort", "Saint Agnes": a saint's name is not a person here */
    if ((i >= 2 && is_p(d, i - 1, '.') && tok_eq(d, i - 2, "st", 2)) || (i >= 1 && tok_eq(d, i - 1, "saint", 5))) return;
    /* a letter's closing is no surname: "Best, Bex", "Love, Dre" */
    if (closing_line(d, i)) return;
    /* "Café visit": an unknown accented word opening a sentence is a name
     * only before another capitalized word ("Begoña Iturriaga asked") */
    if ((w & W_ACCENT) && sentence_start(d, i) && !(cap(d, i + 1) && !TK(i + 1).nl)) return;
    /* "Min-jun", "Seo-yeon Park": given-name syllables, and a surname after */
    size_t se = syllable_name(d, i), sa = i;
    if (se) {
        /* an everyday word too where no capital follows: "Ji-woo Park" (not
         * "Min-jun Park Hospital") */
        if (surname_after(d, se) && (TK(se).w & W_LAST) &&
            (!(TK(se).w & W_COMMON) || (!(TK(se).w & (W_HEAD | W_FAC | W_FAC2 | W_STREET)) &&
                                        !(cap(d, se + 1) && !TK(se + 1).nl))))
            se++;
        /* the surname before it: "Bae Sun-hee", "Jang Hyun-soo" */
        if (i > 0 && !TK(i).nl && name_word(d, i - 1, 1) && !(TK(i - 1).shape & T_UPPER) && TLEN(i - 1) <= 6 &&
            ((TK(i - 1).w & W_LAST) || !TK(i - 1).w) && !deid_english_word(d, i - 1))
            sa = i - 1;
        take_name(d, nm, sa, se);
        return;
    }
    /* "J. Martinez", "W. Deshpande": an initial and a listed or unknown
     * surname; at a line start ("A. Plan ...") only as a field of its own */
    if (is_initial(d, i) && is_p(d, i + 1, '.') && glued(d, i + 1) && name_word(d, i + 2, 1) && !TK(i + 2).nl &&
        ((TK(i + 2).w & W_LAST) || (surname_after(d, i + 2) && !TK(i + 2).w && initial_surname(d, i)))) {
        size_t r = name_run(d, i, 1, 4);
        take_name(d, nm, i, r);
        return;
    }
    /* a header line "Littlewolf, Nayeli | MRN ..." */
    size_t r0 = line_start(d, i) && name_word(d, i, 1) && !(TK(i).shape & T_UPPER) ? name_run(d, i, 1, 3) : i;
    if (r0 > i && is_p(d, r0, ',') && name_word(d, r0 + 1, 1) && !TK(r0 + 1).nl && !(TK(r0 + 1).shape & T_UPPER)) {
        size_t r = name_run(d, r0 + 1, 1, 3);
        /* a list of everyday words, the first no surname, the last no name
         * at all: "Faith, Hope and Love are ..." (not "Faith, Hope and
         * Grace", "Okafor, Ada and Ben") */
        int words = r0 == i + 1 && r == r0 + 2 && (tok_eq(d, r, "and", 3) || tok_eq(d, r, "or", 2)) && r + 1 < d->n &&
                    !TK(r + 1).nl && cap(d, r + 1) && (TK(i).w & W_COMMON) && !(TK(i).w & W_LAST) &&
                    (TK(r0 + 1).w & W_COMMON) && !(TK(r + 1).w & (W_FIRST | W_LAST)) &&
                    !(r + 2 < d->n && !TK(r + 2).nl && cap(d, r + 2));
        if (!words && (field_end(d, r) || (is_p(d, r, ',') && digits(d, r + 1, 1, 3)))) {   /* "Kpodo, Selasi, 38 M" */
            take_name(d, nm, i, r0);
            take_name(d, nm, r0 + 1, r);
            return;
        }
    }
    /* "Dimitrios Georgiou": an unknown capitalized word before a listed
     * surname that is not an everyday word */
    if (!w && TLEN(i) >= 3 && !(TK(i).shape & T_UPPER) && surname_after(d, i + 1) && (TK(i + 1).w & W_LAST) &&
        !(TK(i + 1).w & W_COMMON) && !eponym(d, i + 1) && !deid_english_word(d, i) &&
        !(cap(d, i + 2) && !TK(i + 2).nl && !deid_column_gap(d, i + 2))) {   /* not "Delis Kaplan Executive Function" */
        take_name(d, nm, i, name_run(d, i + 1, 0, 3));
        return;
    }
    if (upper && (line_start(d, i) || is_p(d, i - 1, ':') || tok_eq(d, i - 1, "pt", 2)) && caps_last_first(d, nm, i))
        return;
    if (!upper && (w & W_LAST) && is_p(d, i + 1, ',') && title_last_first(d, nm, i)) return;
    if (!(w & (W_FIRST | W_LAST)) || TLEN(i) < 2) return;
    if (upper) {                          /* JOHN SMITH: only a first+last pair */
        if ((w & W_FIRST) && !(w & (W_COMMON | W_KEEP)) && i + 1 < d->n && (TK(i + 1).shape & T_UPPER) &&
            (TK(i + 1).w & W_LAST) && !(TK(i + 1).w & (W_KEEP)) && !TK(i + 1).nl)
            take_name(d, nm, i, i + 2);
        return;
    }
    if (name_word(d, i, 0)) {
        size_t r = name_run(d, i, 0, 4);
        /* a following capitalized word that is not listed joins a first name: "Maria Okafor" */
        if ((w & (W_FIRST | W_LAST)) && r == i + 1 && name_word(d, r, 1) && !TK(r).nl && !deid_column_gap(d, r) &&
            !sentence_start(d, r) &&
            !(TK(r).w & (W_COMMON | W_CUE)) && !(TK(r).shape & T_UPPER) && !(cap(d, r + 1) && !TK(r + 1).nl))
            r++;
        if (!deid_clinical_after(d, r)) take_name(d, nm, i, r);   /* not "San Francisco syncope rule" */
        return;
    }
    /* everyday-word names ("Rose", "Grant", "Li") only next to a listed
     * name: a first name before a surname, a surname before a first name
     * ("Li Xiaoming") */
    if (!(w & W_KEEP) && name_word(d, i, 1) && !eponym(d, i) && i + 1 < d->n && !TK(i + 1).nl &&
        name_word(d, i + 1, 0) && (((TK(i + 1).w & W_LAST) && (w & W_FIRST)) || ((TK(i + 1).w & W_FIRST) && (w & W_LAST))))
        take_name(d, nm, i, name_run(d, i + 1, 0, 3));
    /* "Sam O'Brien", "Will McBride": an everyday given name before a
     * surname of that shape. Where a sentence opens, a given name that is
     * also a word needs a verb, a comma, a dash or a bracket after the
     * surname ("Will McBride brought", "Mark O'Brien, HCP,"), not a device
     * or an operation ("Will MacIntosh blade be used",
     * "Grant McKeown esophagectomy approved"). */
    else if (!(w & W_KEEP) && (w & W_FIRST) && name_word(d, i, 1) && !eponym(d, i) && i + 1 < d->n && TK(i + 1).sp &&
             shaped_surname(d, i + 1) &&
             (!(w & W_COMMON) || !sentence_start(d, i) || name_then_verb(d, i + 1) || is_p(d, i + 2, ',') ||
              is_dash(d, i + 2) || is_p(d, i + 2, '(')))
        take_name(d, nm, i, i + 2);
}

/* Transcript speakers: the same capitalized word opening two or more lines
 * as "Name:" that is not a section header or a clinical word ("José: Yes."). */
/* The name fields of an HL7 v2 segment opening a line ("PID|1||3390018^^^MRN||
 * WARSAME^HODAN^ABDIRAHMAN||..."): fields of person names (XPN: family^
 * given^middle) and of clinicians (XCN: id^family^given^middle; ORC's
 * entered, verified and ordered by), by
 * segment. Returns the field's kind: 1 a person's name, 2 a clinician's,
 * 0 none. */
static int hl7_name_field(const char *seg, size_t field)
{
    if (!strncmp(seg, "PID", 3)) return field == 5 || field == 6 || field == 9 ? 1 : 0;
    if (!strncmp(seg, "NK1", 3)) return field == 2 || field == 30 ? 1 : 0;
    if (!strncmp(seg, "IN1", 3)) return field == 16 ? 1 : 0;
    if (!strncmp(seg, "GT1", 3)) return field == 3 ? 1 : 0;
    if (!strncmp(seg, "PV1", 3)) return field == 7 || field == 8 || field == 9 || field == 17 ? 2 : 0;
    if (!strncmp(seg, "ORC", 3)) return field >= 10 && field <= 12 ? 2 : 0;   /* entered, verified, ordered by */
    if (!strncmp(seg, "OBR", 3)) return field == 16 || field == 28 ? 2 : 0;
    /* an appointment's personnel; a document's provider, originator, authenticators */
    if (!strncmp(seg, "AIP", 3)) return field == 3 ? 2 : 0;
    /* a role's person, a referral's provider (not AIG-3: a room or a machine as often) */
    if (!strncmp(seg, "ROL", 3)) return field == 4 ? 2 : 0;
    if (!strncmp(seg, "PRD", 3)) return field == 2 ? 1 : 0;
    if (!strncmp(seg, "TXA", 3)) return field == 5 || field == 9 || field == 10 || field == 11 || field == 22 ? 2 : 0;
    if (!strncmp(seg, "SCH", 3)) return field == 12 || field == 16 || field == 20 ? 2 : 0;
    return 0;
}

/* Whether the component at k is a family name before its '^', no id: words
 * (hyphens, apostrophes and spaces between) and no digit, "GRAY^",
 * "SMITH-JONES^", "DE LA CRUZ^"; or the field's only component ("GRAY|"),
 * as senders without ids and given names write a clinician. */
static int hl7_family_first(const deid_doc *d, size_t k)
{
    if (k >= d->n || !(TK(k).shape & T_ALPHA)) return 0;
    for (; k < d->n && !TK(k).nl; k++) {
        if (is_p(d, k, '^') || is_p(d, k, '|')) return 1;
        if (!(TK(k).shape & T_ALPHA) && !is_p(d, k, '-') && !is_p(d, k, '\'')) return 0;
    }
    return 1;                                          /* the segment's last field */
}

static void hl7_names(deid_doc *d, deid_names *nm, size_t i)
{
    const char *p = d->t + TK(i).a;
    if (!(i == 0 || TK(i).nl) || TLEN(i) < 2 || TLEN(i) > 3 || p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z') return;
    size_t b = i + 1;                                  /* "NK1" may be read as "NK" and "1" */
    if (TLEN(i) == 2 && digits(d, b, 1, 1) && glued(d, b)) b++;
    if (TK(b - 1).b - TK(i).a != 3 || !is_p(d, b, '|')) return;
    size_t field = 0, comp = 1, family = 1;
    int kind = 0;
    for (size_t k = b; k < d->n && !TK(k).nl; k++) {
        if (is_p(d, k, '|')) {
            field++, comp = 1;
            kind = hl7_name_field(p, field);
            /* a clinician's field opens with an id, or with the family name
             * when the sender has no id ("GRAY^WILL") */
            family = kind == 2 && hl7_family_first(d, k + 1) ? 1 : (size_t)kind;
            if (!kind && field > 30) return;
        } else if (is_p(d, k, '^')) {
            comp++;
        } else if (kind && (TK(k).shape & T_ALPHA) && (TLEN(k) > 1 || comp == family + 2) &&   /* a middle initial */
                   comp >= family && comp <= family + 2 && !(TK(k).w & (W_TITLE | W_CRED))) {
            size_t e = k + 1;
            while (e < d->n && !TK(e).nl && !is_p(d, e, '^') && !is_p(d, e, '|')) e++;   /* "O'BRIEN", "DE LA CRUZ" */
            take_name(d, nm, k, e);
            k = e - 1;
        }
    }
}

void deid_names_begin(deid_doc *d, deid_names *nm)
{
    nm->seen = funnel_lex_new();
    /* HL7 segments: their first token is a code with digits, which the
     * pass gives to the shape rules */
    for (size_t i = 0; i < d->n; i++)
        if ((i == 0 || TK(i).nl) && is_p(d, i + 1 + (TLEN(i) == 2), '|')) hl7_names(d, nm, i);
    funnel_lex *seen = NULL;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->n; i++) {
            if (!cap(d, i) || (TK(i).shape & T_UPPER)) continue;   /* cheap first: most tokens */
            if (!line_start(d, i) || !name_word(d, i, 1) || (TK(i).shape & T_UPPER)) continue;
            size_t r = name_run(d, i, 1, 3);
            if (r == i || !is_p(d, r, ':') || r + 1 >= d->n || TK(r + 1).nl) continue;
            if (ward_funnel_section_canonical(d->t + TK(i).a, TK(r - 1).b - TK(i).a)) continue;
            const char *key = d->t + TK(i).a;
            size_t kn = TK(r - 1).b - TK(i).a;
            if (!seen) seen = funnel_lex_new();
            if (pass == 0) {
                const char *v = funnel_lex_get(seen, key, kn);
                funnel_lex_put(seen, key, kn, v ? "2" : "1");
            } else if (!strcmp(funnel_lex_get(seen, key, kn), "2")) {
                take_name(d, nm, i, r);
            }
        }
    funnel_lex_free(seen);
}

/* "... instead. thank you - ayesha": a listed name in lower case signing
 * off at the end of a line, after a dash or a thanks. */
static void lower_signoff(deid_doc *d, deid_names *nm, size_t i)
{
    size_t e = lower_end(d, i);
    /* an everyday-word given name after a dash, ending the line: "thx - hope" */
    if (!e && i > 1 && is_dash(d, i - 1) && !is_p(d, i - 2, ')') && !TK(i).nl && (TK(i).shape & T_ALPHA) && !(TK(i).shape & T_CAP) &&
        (TK(i).w & W_FIRST) && (TK(i).w & W_COMMON) && !(TK(i).w & (W_STOP | W_KEEP | W_MONTH | W_CUE | W_HEAD)) &&
        (i + 1 >= d->n || TK(i + 1).nl || ((is_p(d, i + 1, '.') || is_p(d, i + 1, '!')) && (i + 2 >= d->n || TK(i + 2).nl)))) {
        deid_add_toks(d, i, i + 1, WARD_PHI_NAME, PRIO_NAME);
        return;
    }
    if (!e || (i > 0 && glued(d, i) && is_p(d, i - 1, '-') && i > 1 && (TK(i - 2).shape & T_ALPHA))) return;
    if (e < d->n && !TK(e).nl && !(is_p(d, e, '.') || is_p(d, e, '!'))) return;
    size_t p = i;
    if (p > 0 && (is_p(d, p - 1, ',') || is_dash(d, p - 1))) p--;
    if (p > 0 && (is_dash(d, p) || tok_eq(d, p - 1, "thanks", 6) || tok_eq(d, p - 1, "you", 3) ||
                  tok_eq(d, p - 1, "regards", 7) || TK(i).nl))
        take_lower(d, nm, i);
}

/* A word of a name after a closing: a given name of the lists (an everyday
 * word too: "Cheers, Grace") or a word unknown to English ("Tash"), in
 * either case; not a relation ("Love, Mum"), a clinical or a function word. */
static int signoff_word(const deid_doc *d, size_t k)
{
    uint32_t w = TK(k).w;
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2 || (TK(k).shape & T_UPPER) ||
        (w & (W_RELATIVE | W_KEEP | W_STOP | W_CUE | W_MONTH | W_TITLE | W_HEAD | W_CRED)))
        return 0;
    if (!cap(d, k)) return lower_name(d, k) || ((w & W_FIRST) && (w & W_COMMON));
    return (w & (W_FIRST | W_LAST)) ? name_word(d, k, 1) : plain_name(d, k);
}

/* Where a signed name ends: the line's end, punctuation, a dash ("cheers
 * jen - back at 3"), a smiley ("thx dre :)"). */
static int signoff_end(const deid_doc *d, size_t r)
{
    return greeting_end(d, r) || is_dash(d, r) || is_p(d, r, ':') || is_p(d, r, ')') || is_p(d, r, '?');
}

/* "Best, Bex", "Cheers Ola", "cheers, tash", "Morning Tash, bed 4 is
 * ready": a writer's or a reader's name after a closing or a greeting that
 * opens a line or a sentence; one or two name words and their end. */
static void signoff_names(deid_doc *d, deid_names *nm, size_t i)
{
    size_t k = i + 1;
    if (is_p(d, k, ',') && closing_word(d, i, 1)) k++;
    else if (!closing_word(d, i, 0)) return;
    /* asked of every word: the closing word first, it is rarer and cheaper */
    if (!line_start(d, i) && !sentence_start(d, i)) return;
    size_t r = k;
    while (r < k + 2 && signoff_word(d, r)) r++;
    if (r == k || !signoff_end(d, r)) return;
    /* "Morning Tash," greets a listed given name; "Evening Primrose, fish
     * oil" is a supplement, "Morning Dew, the farm" a place */
    if (k == i + 1 && day_greeting(d, i) && cap(d, k) && !(TK(k).w & W_FIRST)) return;
    if (cap(d, k)) take_name(d, nm, k, r);
    else deid_add_toks(d, k, r, WARD_PHI_NAME, PRIO_NAME);
}

/* An item of a list of people after a plural role: one to three name
 * words, none an English word the lists do not know as a name, one at
 * least listed as a name or given-name syllables ("Tash", "Ji-woo", "Bo
 * Li"; unknown words alone may be a system's or a product's: "Pyxis and
 * Omnicell"), or a given name that is a function word alone ("Will").
 * Returns its end, k when none. */
static size_t role_item(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !cap(d, k)) return k;
    size_t r = name_run(d, k, 1, 3);
    if (r == k) return stop_given(d, k) ? k + 1 : k;
    int listed = syllable_name(d, k) != 0;
    for (size_t q = k; q < r; q++) {
        if (cap(d, q) && TLEN(q) > 1 && !(TK(q).w & (W_FIRST | W_LAST)) && deid_english_word(d, q)) return k;
        listed |= (TK(q).w & (W_FIRST | W_LAST)) != 0;
    }
    return listed ? r : k;
}

/* "nurses Tash and Bex", "Therapists Ola Green and Bo Li saw him", "RNs
 * Grace, Will and Kofi": a plural role of a care team or of the people
 * around a patient, then two names or more joined by commas and "and",
 * everyday words though they are (the plural is the cue), and the list's
 * end: punctuation or a word in lower case. */
static void role_list_names(deid_doc *d, deid_names *nm, size_t i)
{
    if (!role_plural(d, i)) return;
    size_t start[6], end[6], n = 0, k = i + 1;
    while (n < 6) {
        size_t r = role_item(d, k);
        if (r == k) return;
        start[n] = k, end[n] = r, n++;
        size_t q = r + (is_p(d, r, ',') && tok_eq(d, r + 1, "and", 3));
        if (!(is_p(d, q, ',') || is_p(d, q, '&') || tok_eq(d, q, "and", 3)) || q + 1 >= d->n || TK(q + 1).nl ||
            !cap(d, q + 1))
            break;
        k = q + 1;
    }
    size_t r = end[n - 1];
    if (n < 2 || !(list_item_end(d, r) || ((TK(r).shape & T_ALPHA) && !(TK(r).shape & T_CAP)))) return;
    for (size_t m = 0; m < n; m++) take_name(d, nm, start[m], end[m]);
}

/* "... can we come in thurs? - Maureen Young": a writer's name after a
 * dash, ending the line. */
static void dash_signoff(deid_doc *d, deid_names *nm, size_t i)
{
    if (i < 2 || TK(i).nl || !is_dash(d, i - 1) || TK(i - 1).nl || !cap(d, i)) return;
    size_t r = i, listed = 0;
    while (r < i + 3 && r < d->n && !TK(r).nl && (plain_name(d, r) || ((TK(r).w & (W_FIRST | W_LAST)) && name_word(d, r, 1)))) {
        listed += (TK(r).w & (W_FIRST | W_LAST)) && !(TK(r).w & W_COMMON);
        r++;
    }
    /* two words, or a listed name: not a heading's value ("0 - Incomplete") */
    if (r > i && (r >= d->n || TK(r).nl) && (r >= i + 2 || listed)) take_name(d, nm, i, r);
}

/* A word in parentheses that names a role: a credential, a relation, a
 * job on a care team ("Jess (RN CM):", "Dimitra (SW):", "Kayla (charge):"). */
static int role_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"charge", "cm", "sw", "case", "manager", "nurse", "tech", "interpreter",
                                    "pharmacist", "resident", "attending", "fellow", "student", "intern", "scribe",
                                    "social", "worker", "chaplain", "dietitian", "therapist", "caller", "unit",
                                    "clerk", "secretary", "coordinator", "navigator", "mom", "dad", "family",
                                    "caseworker", "counselor", "aide", "sitter", "doula", "midwife", "surgeon",
                                    "physician", "provider", "hospitalist", "wound", "triage", "covering",
                                    "hygienist", "assistant", "paramedic", "auditor", "dentist", "optometrist"};
    if (TK(k).w & (W_CRED | W_RELATIVE)) return 1;
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A speaker line of a message log: a name, a role in parentheses, a colon,
 * at a line start or after a time stamp in brackets. */
static void role_speaker(deid_doc *d, deid_names *nm, size_t i)
{
    if (!cap(d, i)) return;
    size_t p = i + 1;                                  /* most words: no "(" soon after */
    while (p < d->n && p < i + 5 && !TK(p).nl && !is_p(d, p, '(')) p++;
    if (!is_p(d, p, '(') || TK(p).nl) return;
    if (!(line_start(d, i) || (i > 0 && is_p(d, i - 1, ']'))) || !name_word(d, i, 1)) return;
    size_t r = name_run(d, i, 1, 3);
    if (r == i || !is_p(d, r, '(')) return;
    size_t q = r + 1;
    int role = 0;
    /* "Rose Baker (10/9 8:02pm):": a time stamp in parentheses does as a role */
    while (q < d->n && q < r + 8 && !TK(q).nl && !is_p(d, q, ')'))
        role |= role_word(d, q) || (q == r + 1 && (TK(q).shape & T_DIGIT) && is_p(d, q + 1, '/')), q++;
    if (role && is_p(d, q, ')') && is_p(d, q + 1, ':')) take_name(d, nm, i, r);
}

/* An age with a sex or "yo" at k, as a patient's line gives it: "58M",
 * "44F", "4yo", "58 y.o. M", "72 yo", "31 M"; returns 1 when there. */
static int age_sex_at(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), nd = 0;
    while (nd < n && isdigit((unsigned char)p[nd])) nd++;
    if (nd < 1 || nd > 3) return 0;
    if (TK(k).shape & T_MIXED) {                       /* "58M", "4yo", "72yoF" */
        const char *r = p + nd;
        size_t rn = n - nd;
        return (rn == 1 && (*r == 'M' || *r == 'F')) || (rn >= 2 && rn <= 3 && !strncasecmp(r, "yo", 2));
    }
    size_t q = k + 1;
    if (q >= d->n || TK(q).nl) return 0;
    if (tok_eq(d, q, "yo", 2) || tok_eq(d, q, "m", 1) || tok_eq(d, q, "f", 1)) return (TK(q).shape & T_UPPER) || TLEN(q) == 2;
    return tok_eq(d, q, "y", 1) && (is_p(d, q + 1, '.') || is_p(d, q + 1, '/')) && tok_eq(d, q + 2, "o", 1);
}

/* An age without a sex after a name's comma, as a patient's line gives
 * it: "31,", "4 y.", "18 mo", "30w", "86." (not "12/03", "2.5"). */
static int bare_age_at(const deid_doc *d, size_t k)
{
    static const char *const unit[] = {"y", "yo", "yr", "yrs", "years", "mo", "mos", "months", "w", "wk", "wks", "weeks"};
    static const char *const glued_unit[] = {"y", "yo", "mo", "w", "wk"};
    if (k >= d->n || TK(k).nl) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), nd = 0;
    while (nd < n && nd < 4 && isdigit((unsigned char)p[nd])) nd++;
    if (nd < 1 || nd > 3) return 0;
    if (nd < n) {                                      /* "30w", "18mo" */
        for (size_t u = 0; u < sizeof glued_unit / sizeof *glued_unit; u++)
            if (strlen(glued_unit[u]) == n - nd && deid_eq_nocase(p + nd, glued_unit[u], n - nd)) return 1;
        return 0;
    }
    size_t q = k + 1;
    if (q >= d->n || TK(q).nl) return 1;
    if (is_p(d, q, ',') || is_p(d, q, ';')) return 1;
    if (is_p(d, q, '.')) return q + 1 >= d->n || TK(q + 1).nl || TK(q + 1).sp;    /* not "2.5" */
    return TK(q).sp && tok_in(d, q, unit, sizeof unit / sizeof *unit);
}

/* A patient's fields right after a name at r: an age after its comma
 * ("Love, Courtney, 54F", "Hall, Miles, 54,"), an age with a sex, a
 * record's cue in capitals ("DOB", "MRN"). */
static int patient_after(const deid_doc *d, size_t r)
{
    size_t a = r + is_p(d, r, ',');
    if (age_sex_at(d, a) || (a > r && bare_age_at(d, a))) return 1;
    return r < d->n && !TK(r).nl && (TK(r).w & W_CUE) && (TK(r).shape & T_UPPER) && !(TK(r).w & (W_FIRST | W_LAST));
}

/* A birth date's cue at k: "DOB", "D.O.B." */
static int dob_at(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return 0;
    if (tok_eq(d, k, "dob", 3)) return 1;
    return tok_eq(d, k, "d", 1) && is_p(d, k + 1, '.') && tok_eq(d, k + 2, "o", 1) && is_p(d, k + 3, '.') &&
           tok_eq(d, k + 4, "b", 1);
}

/* A word of a patient's line no list knows, of a name's origin the lists
 * lack ("Katsaros", "Ngata", "Dolma"): three letters at least (not "Hb"),
 * not shaped like English or like a clinical word ("Electrophoresis"),
 * not a word notes write in lower case, not clinical. */
static int unlisted_name_word(const deid_doc *d, size_t k)
{
    static const char *const clin[] = {"pathy", "itis", "osis", "esis", "algia", "ectomy", "otomy", "plasty",
                                       "scopy", "graphy", "gram", "ology", "emia", "uria"};
    return !TK(k).w && TLEN(k) >= 3 && !(TK(k).shape & T_UPPER) && !deid_english_word(d, k) &&
           !deid_ending(d, k, clin, sizeof clin / sizeof *clin, 0) && !deid_lower_word(d, k) && !deid_clinical_at(d, k);
}

/* A patient's line: "Parker Ellison, 4yo M", "MARK HUNTER 58M", "Marvin
 * Gale Tolliver 58 y.o. M": two to four name words opening a line, then an
 * age with a sex. One word at least is listed as a name; none is clinical.
 * With a comma and an age alone ("Summer Hill, 18 mo", "Frank Long, 66,
 * AFib"), every word is a listed name, the first a given name, though
 * everyday words they may be: the line's shape is the cue. With a comma
 * and an age with a sex, the words may be unlisted ones of other origins
 * ("Dimitrios Katsaros, 70M", "Aroha Ngata, 37F"), also after a sentence
 * ("Seen. Tenzin Dolma, 31F"): "Metformin, 500", "Bed 4, 70M" have no
 * two such words. Before a birth date's cue, every word a name's. */
static void name_age_line(deid_doc *d, deid_names *nm, size_t i)
{
    /* the cheap test first; a numbered line too: "2) Will Stone, 70," */
    int opens = line_start(d, i) || (i >= 2 && (is_p(d, i - 1, ')') || is_p(d, i - 1, '.')) &&
                                     digits(d, i - 2, 1, 2) && line_start(d, i - 2));
    if (!cap(d, i) || !(opens || sentence_start(d, i))) return;
    if (record_noun(d, i)) return;   /* "Proband Tanner Long, 16M": patient_names' */
    size_t k = i, listed = 0, unlisted = 0;
    while (k < d->n && k < i + 4 && (k == i || !TK(k).nl) && cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) >= 2 &&
           !(TK(k).w & (W_KEEP | W_HEAD | W_MONTH | W_TITLE | W_CUE | W_FAC | W_FAC2 | W_STATE | W_CRED))) {
        listed += (TK(k).w & (W_FIRST | W_LAST)) != 0;
        unlisted += !(TK(k).w & (W_FIRST | W_LAST)) && unlisted_name_word(d, k);
        k++;
    }
    if (k < i + 2) return;
    size_t a = k + is_p(d, k, ',');
    int foreign = a > k && listed + unlisted == k - i && age_sex_at(d, a);
    if (!opens && !foreign) return;
    /* "Sue Frost   DOB 1-30-1952", "Raven Blackfeather (DOB ...": every
     * word a name's, a birth date's cue after them */
    int born = listed + unlisted == k - i && dob_at(d, a + (a == k && is_p(d, k, '(')));
    if ((listed && age_sex_at(d, a)) || foreign || born ||
        (a > k && listed == k - i && (TK(i).w & W_FIRST) && !(TK(i).shape & T_UPPER) && bare_age_at(d, a) &&
         !eponym_test_value(d, i, k, a)))
        take_name(d, nm, i, k);
}

/* A person's initials as a typist or a reviewer signs: "jlm", "kjh",
 * "RLH", "R.T.C." (lower case without a vowel, as abbreviations of clinical
 * words have one or are listed; capitals no list knows; letters with
 * periods). Returns the token after them, or 0. */
static size_t initials_at(const deid_doc *d, size_t k, int caps_listed)
{
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA)) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    if (n == 1 && isupper((unsigned char)*p) && is_p(d, k + 1, '.') && glued(d, k + 1) && k + 2 < d->n &&
        TLEN(k + 2) == 1 && isupper((unsigned char)d->t[TK(k + 2).a]) && glued(d, k + 2)) {
        size_t e = k;                                  /* "R.T.C.", "A.Z." */
        while (e + 1 < d->n && TLEN(e) == 1 && isupper((unsigned char)d->t[TK(e).a]) && is_p(d, e + 1, '.') && glued(d, e + 1) &&
               (e == k || glued(d, e)))
            e += 2;
        return e;
    }
    if (n < 2 || n > 4) return 0;
    if (TK(k).shape & T_UPPER)
        return !(TK(k).w & (W_CRED | W_TITLE | W_CUE | W_STATE | W_KEEP)) && (caps_listed || !TK(k).w) ? k + 1 : 0;
    for (size_t q = 0; q < n; q++)
        if (!islower((unsigned char)p[q]) || strchr("aeiouy", p[q])) return 0;
    return TK(k).w & (W_CRED | W_TITLE | W_CUE | W_KEEP) ? 0 : k + 1;   /* "mn" may be a state's letters */
}

/* The end of a field after initials: the line's end, a gap, a date, a
 * closing parenthesis or punctuation. */
static int initials_end(const deid_doc *d, size_t e)
{
    return deid_field_end(d, e, ").,;/") || (TK(e).shape & T_DIGIT);
}

/* Initials after the words of transcription and review: "T: 11/20/2026
 * jlm", "transcribed 12/5 by vsr.", "Transcribed: lkm", "(pmh)", "tx lkw",
 * "cytotechnologist RLH", "Initials: RMT", "initials R.T.C."; and signing
 * off a line after a dash: "@ 1915. -mn", "-- KJ". */
/* typist_initials' two first tests, inline in deid_names_at (a call per
 * word cost more than them): a typist's cue word or a "T:" label before
 * digits; a word after a dash. */
static inline int typist_cue(const deid_doc *d, size_t i)
{
    static const char *const cues[] = {"transcribed", "transcription", "transcriptionist", "typed", "initials",
                                       "cytotechnologist", "cytotech", "scribe", "tx"};
    int t_label = TLEN(i) == 1 && d->t[TK(i).a] == 'T' && is_p(d, i + 1, ':') && i + 2 < d->n && (TK(i + 2).shape & T_DIGIT);
    return t_label || ((TK(i).shape & T_ALPHA) && tok_in(d, i, cues, sizeof cues / sizeof *cues));
}

static inline int after_dash(const deid_doc *d, size_t i)
{
    return i > 0 && (is_p(d, i - 1, '-') || long_dash(d, i - 1));
}

/* Token i: typist_cue or after_dash. */
static void typist_initials(deid_doc *d, size_t i)
{
    if (typist_cue(d, i)) {
        int tx = tok_eq(d, i, "tx", 2);
        size_t k = i + 1;
        for (size_t hops = 0; k < d->n && !TK(k).nl && hops < 8 && !tx; hops++, k++)
            if (!((TK(k).shape & T_DIGIT) || is_p(d, k, ':') || is_p(d, k, '(') || is_p(d, k, '/') || is_p(d, k, '-') ||
                  is_p(d, k, '#') || tok_eq(d, k, "by", 2) || tok_eq(d, k, "on", 2) || tok_eq(d, k, "at", 2)))
                break;
        size_t e = initials_at(d, k, !tx);
        if (e && (tx ? e >= d->n || TK(e).nl : initials_end(d, e))) deid_add_toks(d, k, e, WARD_PHI_NAME, PRIO_NAME);
        return;
    }
    /* signing off after a dash that follows a sentence's end or opens the line */
    if (!after_dash(d, i)) return;
    size_t dash = i - 1;
    if (dash > 0 && is_p(d, dash - 1, '-') && glued(d, dash)) dash--;     /* "--" */
    if (!(TK(dash).nl || dash == 0 || is_p(d, dash - 1, '.') || is_p(d, dash - 1, '!') || is_p(d, dash - 1, ')')))
        return;
    size_t e = initials_at(d, i, 0);
    if (e && (e >= d->n || TK(e).nl || (is_p(d, e, '.') && (e + 1 >= d->n || TK(e + 1).nl))) &&
        (TLEN(i) <= 3 || (TK(i).shape & T_UPPER)))
        deid_add_toks(d, i, e, WARD_PHI_NAME, PRIO_NAME);
}

/* A name spelled out letter by letter after it or after "spelled":
 * "Mary Beth Shoemaker spelled S H O E M A K E R", "will tracy t r a c
 * y", "that's d o l o r e s", "G-W-Y-N-F-O-R". Three letters or more. */
static void spelled_name(deid_doc *d, size_t i)
{
    if (TLEN(i) != 1 || !isalpha((unsigned char)d->t[TK(i).a]) || (i > 0 && !TK(i).sp && !TK(i).nl) ||
        (i > 0 && TLEN(i - 1) == 1 && isalpha((unsigned char)d->t[TK(i - 1).a]) && !TK(i).nl && TK(i - 1).sp))
        return;
    size_t e = i + 1, letters = 1;
    for (;;) {
        size_t q = e;
        if (is_p(d, q, '-') && glued(d, q) && glued(d, q + 1)) q++;
        if (q < d->n && !TK(q).nl && TLEN(q) == 1 && isalpha((unsigned char)d->t[TK(q).a]) && (q > e || TK(q).sp == 1))
            e = q + 1, letters++;
        else
            break;
    }
    if (letters < 3 || (e < d->n && !TK(e).nl && (TK(e).shape & T_ALPHA) && TLEN(e) == 1)) return;
    /* what comes before: "spelled", "that's", a comma after a name, a quote */
    size_t b = i;
    while (b > 0 && !TK(b).nl && (is_p(d, b - 1, ',') || is_p(d, b - 1, '"') || is_p(d, b - 1, '\'') || tok_eq(d, b - 1, "s", 1)))
        b--;
    int cue = b > 0 && (tok_eq(d, b - 1, "spelled", 7) || tok_eq(d, b - 1, "spelling", 8) || tok_eq(d, b - 1, "that", 4) ||
                        tok_eq(d, b - 1, "is", 2));
    int after_name = b > 0 && b < i && (TK(b - 1).shape & T_ALPHA) && TLEN(b - 1) >= letters - 1 && TLEN(b - 1) <= letters + 1;
    /* after a word of the same letters, a few words back: "tracy t r a c
     * y" (then "a ..."), "nguyen thi lan, n g u y e n" */
    for (size_t w = i; !cue && !after_name && w > 0 && i - w < 5 && !TK(w).nl; w--) {
        size_t p = w - 1;
        if (!(TK(p).shape & T_ALPHA) || TLEN(p) < 3 || TLEN(p) > letters) continue;
        size_t c = 0, q = i;
        for (; q < e && c < TLEN(p); q++)
            if (TLEN(q) == 1) {
                if (deid_lc((unsigned char)d->t[TK(q).a]) != deid_lc((unsigned char)d->t[TK(p).a + c])) break;
                c++;
            }
        if (c == TLEN(p)) after_name = 1, e = q;
    }
    if (cue || after_name) deid_add_toks(d, i, e, WARD_PHI_NAME, PRIO_NAME);
}

/* A word of a name in dictation's lower case: listed as a name and not an
 * everyday word, or a word no list knows that clinical text never writes
 * in lower case and that has no English word's ending ("sovann",
 * "razafindrakoto", "tesfaye"). */
static int dictated_word(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || TLEN(k) < 2) return 0;
    uint32_t w = TK(k).w;
    if (w & (W_KEEP | W_STOP | W_CUE | W_MONTH | W_HEAD | W_TITLE | W_CRED | W_RELATIVE | W_STATE | W_CITY | W_EPONYM |
             W_STREET | W_FAC | W_FAC2))
        return 0;
    if (w) return (w & (W_FIRST | W_LAST)) && !(w & W_COMMON);
    return TLEN(k) >= 3 && !deid_lower_word(d, k) && !deid_english_word(d, k);
}

/* What ends a dictated name: punctuation, the line's end, or the words that
 * follow a name in dictation ("dictating", "for", "date of birth"). */
static int dictated_end(const deid_doc *d, size_t e)
{
    static const char *const w[] = {"dictating", "dictated", "for", "calling", "medical", "date", "who", "is", "was",
                                    "here", "a", "an", "and", "with", "mom", "dad", "dob", "mrn", "that", "age", "on"};
    return e >= d->n || TK(e).nl || is_p(d, e, ',') || is_p(d, e, '.') || is_p(d, e, ';') || is_p(d, e, ')') ||
           is_p(d, e, '(') || tok_in(d, e, w, sizeof w / sizeof *w);
}

/* Names in dictation written in lower case after the words that introduce
 * a person: "this is doctor sovann ros dictating on vannak sim,", "patient
 * voahangy razafindrakoto, medical record", "surgeon andrianarisoa
 * rakotomalala.", "pt is tunde bakare,". Up to three name words, each
 * listed as a name or unknown and never written in lower case by clinical
 * text; two words at least when none is listed. */
/* dictated_name's first test, inline in deid_names_at (a call per word in
 * lower case cost more than the test): a word of its cues in lower case. */
static inline int dictated_cue(const deid_doc *d, size_t i)
{
    static const char *const cues[] = {"doctor", "dr", "patient", "pt", "surgeon", "assistant", "anesthesiologist",
                                       "anesthetist", "on", "for", "granddaughter", "grandson"};
    return !(TK(i).shape & T_CAP) && (TK(i).shape & T_ALPHA) && tok_in(d, i, cues, sizeof cues / sizeof *cues);
}

/* Token i: dictated_cue. */
static void dictated_name(deid_doc *d, size_t i)
{
    size_t k = i + 1;
    int weak = tok_eq(d, i, "on", 2) || tok_eq(d, i, "for", 3);
    /* "on"/"for" only after dictating: "dictating on vannak sim", "dictated by doctor x y for dolores aquino" */
    if (weak && !(i > 0 && (tok_eq(d, i - 1, "dictating", 9) || tok_eq(d, i - 1, "note", 4) ||
                            (i > 2 && dictated_word(d, i - 1)))))
        return;
    if ((tok_eq(d, i, "pt", 2) || tok_eq(d, i, "patient", 7)) && tok_eq(d, k, "is", 2)) k++;
    if (tok_eq(d, i, "patient", 7) && i > 0 && tok_eq(d, i - 1, "the", 3)) return;   /* "the patient was" */
    size_t e = k, listed = 0;
    while (e < k + 3 && dictated_word(d, e)) listed += TK(e).w != 0, e++;
    if (e == k || !dictated_end(d, e) || (e == k + 1 && !listed && !tok_eq(d, i, "doctor", 6) && !tok_eq(d, i, "dr", 2)))
        return;
    deid_add_toks(d, k, e, WARD_PHI_NAME, PRIO_NAME);
}

/* Token k opens what follows a verb: its clause ("that") or its object
 * ("for the best", "for a cure"). */
static int verb_object(const deid_doc *d, size_t k)
{
    /* only the idiom ("ER rep Hope for the best"): after a role, "RN Joy
     * for the night" and "RN Hope that she calls back" are names */
    return tok_eq(d, k, "for", 3) && tok_eq(d, k + 1, "the", 3) &&
           (tok_eq(d, k + 2, "best", 4) || tok_eq(d, k + 2, "worst", 5));
}

/* A staff role right before the person who holds it: "PACU RN Colleen
 * 1001", "MA: Tia.", "diabetes educator Joy to see", "Tech Mandi.", "Det.
 * Amburgey 12/4", "transport Will x1". Abbreviations in capitals (not "rt
 * knee"), the officers' with their period; not a credential after a name
 * ("Crowe, RN, SANE-A"). The name is one listed name word (an everyday
 * word too: the role is its position) or a word that looks like a name,
 * perhaps a surname after it, then the name's end: punctuation, a number,
 * a word in lower case, the line's end. */
static void staff_name(deid_doc *d, deid_names *nm, size_t i)
{
    static const char *const caps[] = {"rn", "lpn", "lvn", "cna", "na", "ma", "np", "nnp", "sw", "cm", "rt", "emt", "crna"};
    static const char *const dotted[] = {"det", "dep", "lt", "sgt", "cpl", "ofc"};
    static const char *const words[] = {"tech", "rep", "paramedic", "medic", "deputy", "detective", "sergeant",
                                        "trooper", "educator", "transport", "charge", "phleb", "phlebotomist",
                                        "sitter", "clerk", "dietitian", "pharmacist", "navigator", "hygienist",
                                        "nurse", "manager", "mgmt", "worker", "staff", "intake", "interpreter",
                                        "bystander", "coach", "shift", "call"};
    size_t k = i + 1;
    /* most tokens at once: a word in lower case or a number follows them */
    if (k >= d->n || TK(k).nl || !(TK(k).shape & (T_CAP | T_PUNCT)) || !(TK(i).shape & T_ALPHA) || TLEN(i) > 12 ||
        (i > 0 && is_p(d, i - 1, ',')))
        return;
    if (TK(i).shape & T_UPPER) {
        if (TLEN(i) > 4 || !tok_in(d, i, caps, sizeof caps / sizeof *caps)) return;
    } else if (cap(d, i) && is_p(d, k, '.') && glued(d, k) && tok_in(d, i, dotted, sizeof dotted / sizeof *dotted)) {
        k++;
    } else if (!tok_in(d, i, words, sizeof words / sizeof *words)) {
        return;
    }
    if (is_p(d, k, ':')) k++;
    if (k >= d->n || TK(k).nl || !cap(d, k) || (TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2) return;
    for (size_t b = 1; b < TLEN(k); b++)               /* "Transport: MedFlight rotor" */
        if (isupper((unsigned char)d->t[TK(k).a + b])) return;
    uint32_t w = TK(k).w;
    uint32_t bad = W_KEEP | W_MONTH | W_CUE | W_HEAD | W_TITLE | W_CRED | W_STATE | W_FAC | W_FAC2 | W_CITY | W_STREET | W_RELATIVE;
    if (w ? !(w & (W_FIRST | W_LAST)) || (w & bad) : !plain_name(d, k) || deid_lower_word(d, k)) return;
    if (eponym(d, k)) return;
    size_t r = k + 1;
    if (surname_after(d, r) && !(TK(r).w & bad) && (TK(r).w || (!deid_english_word(d, r) && !deid_lower_word(d, r))) &&
        !eponym(d, r))
        r++;
    while (is_p(d, r, '-') && glued(d, r) && glued(d, r + 1) && cap(d, r + 1) && r + 1 < d->n && !(TK(r + 1).w & bad))
        r += 2;                                        /* "Price-Bell" */
    /* a function word as a name ("Will") only where no verb follows it; an
     * everyday word not as a verb before its object or clause ("ER rep Hope
     * for the best", "Hope that"; "educator Joy to see", "RN Hope to
     * recheck", "educator Grace from Mercy" are names) */
    int word = (w & W_STOP) || ((w & W_COMMON) && r == k + 1 && verb_object(d, r));
    int end = r >= d->n || TK(r).nl || deid_column_gap(d, r) || ((TK(r).shape & T_PUNCT) && !is_p(d, r, '-')) ||
              (TK(r).shape & T_DIGIT) ||
              (!word && (TK(r).shape & T_ALPHA) && !(TK(r).shape & T_CAP) &&
               (!(TK(r).w & W_HEAD) || verb_form(d, r)));   /* "RN Joy saw her", not "Gigli saw" */
    if (end) take_name(d, nm, k, r);
}

/* A given name that is an everyday or a function word too ("Grace",
 * "Hope", "Will") where only a person stands: opening a sentence before a
 * verb that wants a person ("Grace said she would", "Hope called back",
 * "Will texted"), before "is her sister" ("Rose is her sister"), or after
 * a verb of telling, the person told and "to" after ("told Will to bring
 * the list", "let Hope know"). Not "Grace period", "Hope this helps",
 * "Will call back" (a modal's verb is no verb of a person's). */
static void spoken_name(deid_doc *d, deid_names *nm, size_t i)
{
    static const char *const says[] = {"said", "says", "called", "calls", "texted", "phoned", "asked", "asks", "told",
                                       "tells", "reports", "reported", "states", "stated", "wants", "wanted", "agreed",
                                       "agrees", "thinks", "thought", "feels", "felt", "prefers", "preferred",
                                       "visited", "visits", "declined", "declines", "denies", "denied", "refused",
                                       "refuses", "explained", "mentioned", "replied", "answered", "understands"};
    static const char *const tell[] = {"told", "tell", "asked", "ask", "let", "remind", "reminded", "thanked", "thank",
                                       "advised", "instructed", "encouraged", "taught", "showed"};
    static const char *const owner[] = {"her", "his", "my", "their", "our", "your"};
    if (!given_word_at(d, i)) return;   /* "Joy said" opens its line as often as a sentence */
    size_t k = i + 1;
    if (k >= d->n || TK(k).nl || (TK(k).shape & T_CAP)) return;
    int told = i > 0 && !TK(i).nl && tok_in(d, i - 1, tell, sizeof tell / sizeof *tell) &&
               (tok_eq(d, k, "to", 2) || tok_eq(d, k, "know", 4) || tok_eq(d, k, "that", 4) || tok_eq(d, k, "about", 5));
    /* a page is answered by someone: "Page answered by on-call"; a person
     * is called or answered by someone ("Joy called by the nurse", "Grace
     * answered by text") */
    int passive = tok_eq(d, i, "page", 4) && tok_eq(d, k, "answered", 8) && tok_eq(d, k + 1, "by", 2);
    int opens = sentence_start(d, i) && !passive &&
                (tok_in(d, k, says, sizeof says / sizeof *says) ||
                 ((tok_eq(d, k, "is", 2) || tok_eq(d, k, "was", 3)) && k + 2 < d->n && !TK(k + 2).nl &&
                  tok_in(d, k + 1, owner, sizeof owner / sizeof *owner) && (TK(k + 2).w & W_RELATIVE)));
    if (told || opens) take_name(d, nm, i, k);
}

/* A patient named in lower case after "pt" or "patient", as chat and
 * pages write ("pt price needs a wound check", "pt baker for MRI", "also
 * pt brown in ED 3"): a listed name, an everyday word too, then a verb, a
 * place's preposition or punctuation; not "pt rose from the chair",
 * "patient long term care". */
static void lower_patient(deid_doc *d, size_t i)
{
    /* "Pt said": the word after "pt" is often its verb, a name of the lists too */
    if (!(tok_eq(d, i, "pt", 2) || tok_eq(d, i, "patient", 7)) || i + 1 >= d->n || TK(i + 1).nl || verb_word(d, i + 1))
        return;
    static const char *const past[] = {"rose", "fell", "woke", "lay", "sat", "stood", "ate", "slept"};
    if (tok_in(d, i + 1, past, sizeof past / sizeof *past) && !lower_person_word(d, i + 2, 1)) return;   /* "Pt rose at 6am", not "pt rose garcia" */
    size_t r = lower_person(d, i + 1, 1, LOWER_VERB);
    /* an everyday word after "pt" describes the patient when only punctuation
     * or a number follows it: "Pt gray, diaphoretic", "pt young.", "pt white, 65" */
    if (r == i + 2 && (TK(i + 1).w & W_COMMON) && lower_person_end(d, r, LOWER_PUNCT)) return;   /* not "pt kenzie rose 19" */
    if (r) deid_add_toks(d, i + 1, r, WARD_PHI_NAME, PRIO_NAME);
}

/* What cue_names needs of token i before any of its parts can act: a
 * title, a cue, a relative or a credential; or a word before a capital or
 * '(' ("Pt Kittipong"); or one of the words its parts ask by name
 * (lower_title_names, quoted_names, greeting_names: a word a part asks by
 * name goes in this list too). The list, not those words' first letters:
 * seven words in ten started with one of them, and cue_names cost 245
 * instructions a call. */
static inline int cue_names_first(const deid_doc *d, size_t i)
{
    static const char *const asked[] = {"dr",   "mr",    "mrs", "ms",  "prefers", "called", "aka",    "nickname",
                                        "name", "hi",    "hello", "hey", "bye",   "gracias", "thanks", "goodbye"};
    if (TK(i).w & (W_TITLE | W_CUE | W_RELATIVE | W_CRED)) return 1;
    if (!(TK(i).shape & T_ALPHA)) return 0;
    if (i + 1 < d->n && (cap(d, i + 1) || is_p(d, i + 1, '('))) return 1;
    return tok_in(d, i, asked, sizeof asked / sizeof *asked);
}

/* A room's or a bed's code from token k: "rm 301", "Bed 14", "5W-04",
 * "4W-12", "6W-2"; the token after it, or 0. */
static size_t room_code(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"rm", "room", "bed", "bay", "chair"};
    if (k >= d->n) return 0;
    if (tok_in(d, k, w, sizeof w / sizeof *w) && k + 1 < d->n && !TK(k + 1).nl) {
        k++;
        if (digits(d, k, 1, 4)) return k + 1;
    }
    const char *p = d->t + TK(k).a;
    if (!(TK(k).shape & T_MIXED) || TLEN(k) > 3 || !isdigit((unsigned char)p[0]) || !isalpha((unsigned char)p[TLEN(k) - 1]))
        return 0;
    return is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && digits(d, k + 2, 1, 3) ? k + 3 : 0;
}

/* Token k opens a census line's field: the line's start, after a bullet
 * or a date ("- rm 301", "12/01 rm 4W-12"). */
static int census_start(const deid_doc *d, size_t k)
{
    if (k == 0 || TK(k).nl) return 1;
    if ((is_dash(d, k - 1) || is_p(d, k - 1, '-') || is_p(d, k - 1, '*')) && (k == 1 || TK(k - 1).nl)) return 1;
    return k >= 3 && is_p(d, k - 2, '/') && digits(d, k - 1, 1, 2) && digits(d, k - 3, 1, 2) && (k == 3 || TK(k - 3).nl);
}

/* A word of a patient's name on a census line: a listed name, everyday
 * ones too ("Hall", "Price"); a word no list knows is more often the
 * handoff's topic ("Bipap", "Precedex", "Nephro") than a name. */
static int census_word(const deid_doc *d, size_t k, int first)
{
    if (k >= d->n || (TK(k).nl && !first) || !cap(d, k) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2 || (TK(k).shape & T_UPPER)) return 0;
    uint32_t w = TK(k).w;
    if (w & (W_KEEP | W_STOP | W_MONTH | W_TITLE | W_CRED | W_CUE | W_HEAD | W_FAC | W_FAC2 | W_STATE | W_STREET |
             W_RELATIVE | W_CITY))
        return 0;
    return (w & (W_FIRST | W_LAST)) != 0;   /* not a word no list knows: "Bipap", "Precedex", "Trach" */
}

/* The field after a census name ends: ':', a dash, ')' after '(', an age. */
static int census_end(const deid_doc *d, size_t r, int paren)
{
    if (paren) return is_p(d, r, ')');
    return is_p(d, r, ':') || is_dash(d, r) || long_dash(d, r) || (is_p(d, r, ',') && digits(d, r + 1, 1, 3));
}

/* A patient's name beside a room's or bed's code on a census or handoff
 * line, everyday-word names too: "- rm 301 Hall: dc Sat", "5W-04 Price —
 * sacrum", "rm 4W-12 (Hall) R forearm", "Price 6W-2: cefepime", "- Gray
 * 5E-04: levofloxacin". Asked of a capitalized word; looks at most four
 * tokens back and two words on. */
static void census_name(deid_doc *d, deid_names *nm, size_t i)
{
    if (!census_word(d, i, 1)) return;   /* it may open its line: "Census\nPrice 6W-2:" */
    size_t r = i + 1;
    if (census_word(d, r, 0) && TK(r).sp) r++;
    /* the code before: "rm 301 Hall:", "5W-04 (Hall)" */
    int paren = i > 0 && is_p(d, i - 1, '(');
    size_t c = paren ? i - 1 : i;
    for (size_t s = c >= 4 ? c - 4 : 0; s < c; s++) {
        if (!TK(c).nl && room_code(d, s) == c && census_start(d, s) && census_end(d, r, paren)) {
            take_name(d, nm, i, r);
            return;
        }
    }
    /* the code after: "Price 6W-2: cefepime" */
    size_t e;
    if (census_start(d, i) && (e = room_code(d, r)) && e > r + 2 && (is_p(d, e, ':') || is_dash(d, e) || long_dash(d, e)))
        take_name(d, nm, i, r);
}

/* The name rules at token i, in their order. Each is called only where
 * its first test holds, asked here inline: most words are everyday words
 * in lower case, and a call per rule per word cost more than the tests. */
void deid_names_at(deid_doc *d, deid_names *nm, size_t i)
{
    int alpha = (TK(i).shape & T_ALPHA) != 0;
    /* staff_name: a capital or punctuation after a word on the same line */
    if (alpha && i + 1 < d->n && !TK(i + 1).nl && (TK(i + 1).shape & (T_CAP | T_PUNCT))) staff_name(d, nm, i);
    if (alpha && dictated_cue(d, i)) dictated_name(d, i);
    if (alpha && i + 1 < d->n && !(TK(i + 1).shape & T_CAP)) lower_patient(d, i);
    if (alpha && (typist_cue(d, i) || after_dash(d, i))) typist_initials(d, i);   /* its cue words and initials_at need letters */
    if (TLEN(i) == 1 && isalpha((unsigned char)d->t[TK(i).a])) spelled_name(d, i);
    if (cap(d, i)) name_age_line(d, nm, i);
    if (cap(d, i)) role_speaker(d, nm, i);
    if (alpha && cap(d, i)) census_name(d, nm, i);
    /* lower_end's first test, and its dash case's (a listed given name) */
    if (!TK(i).nl && !(TK(i).shape & T_CAP) && lower_end_first(d, i)) lower_signoff(d, nm, i);
    if (i >= 2 && cap(d, i)) dash_signoff(d, nm, i);
    /* signoff_names' first test: a closing word (with a comma after it or not) */
    if (alpha && i + 1 < d->n && !TK(i + 1).nl && closing_word(d, i, 1)) signoff_names(d, nm, i);
    if (alpha && i + 2 < d->n && (cap(d, i + 1) || is_p(d, i + 1, ':'))) role_list_names(d, nm, i);
    if (cue_names_first(d, i)) cue_names(d, nm, i);
    if (alpha && cap(d, i)) listed_names(d, nm, i);
    if (alpha && cap(d, i) && TLEN(i) >= 2) opening_name(d, nm, i);   /* name_word(d, i, 1)'s first test */
    if (alpha && cap(d, i) && (TK(i).w & W_FIRST)) spoken_name(d, nm, i);
    if (alpha && cap(d, i) && (TK(i).w & (W_FIRST | W_LAST))) pair_position(d, nm, i);
}

/* A name found once, met again inside a clinical term, is the term: half
 * of a pair the name is not ("Cheyne-Stokes" beside Dr. Stokes, "Swan-Ganz",
 * "Stevens-Johnson"), before a clinical noun in any case ("Christmas
 * disease", "Graves' orbitopathy", "Seattle protocol") or a score ("Morse
 * 65", "Borg RPE 13"), or an antibody's name that is a short given name
 * too, glued after "anti-" or before a number ("anti-Jo-1", "anti-Ro",
 * "Ki-67" beside a person named Jo, Ro or Ki). */
static int term_again(const deid_doc *d, const deid_names *nm, size_t i)
{
    char key[40];
    if (i >= 2 && is_p(d, i - 1, '-') && glued(d, i - 1) && glued(d, i) && tok_eq(d, i - 2, "anti", 4)) return 1;
    if (is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 1, 2)) return 1;
    for (int side = -1; side <= 1; side += 2) {
        size_t h = side < 0 ? i - 1 : i + 1, o = side < 0 ? i - 2 : i + 2;
        if ((side < 0 && i < 2) || !is_p(d, h, '-') || !glued(d, h) || !glued(d, side < 0 ? i : o) || !cap(d, o) ||
            TLEN(o) >= sizeof key)
            continue;
        memcpy(key, d->t + TK(o).a, TLEN(o));
        if (!funnel_lex_flags(nm->seen, key, deid_lower_key(key, TLEN(o)))) return 1;
    }
    size_t k = i + 1;
    if (is_p(d, k, '\'') && tok_eq(d, k + 1, "s", 1)) k += 2;
    else if (is_p(d, k, '\'') && glued(d, k)) k++;
    if (k < d->n && !TK(k).nl && (TK(k).shape & T_DIGIT) && TK(k).sp && k == i + 1) return 1;   /* "Morse 65" */
    for (size_t q = k; q < k + 3 && q < d->n && !TK(q).nl && (TK(q).shape & T_ALPHA); q++)
        if (TK(q).w & W_HEAD) return 1;                /* "Rocky Mountain spotted fever" */
    /* a class in roman numerals: "Forrest IIa", "Clark level IV" */
    return k < d->n && !TK(k).nl && (TK(k).shape & T_ALPHA) && TLEN(k) <= 4 && deid_roman(d, k, 0, 1);
}

/* After a name at r, an age as a sentence gives it: ", a 62 year old",
 * ", a 7-year-old", ", an 81 yo". */
static int age_sentence(const deid_doc *d, size_t r)
{
    if (!is_p(d, r, ',') || !(tok_eq(d, r + 1, "a", 1) || tok_eq(d, r + 1, "an", 2)) || !digits(d, r + 2, 1, 3)) return 0;
    size_t u = r + 3 + is_p(d, r + 3, '-');
    return tok_eq(d, u, "year", 4) || tok_eq(d, u, "yo", 2) || tok_eq(d, u, "month", 5);
}

/* A phone number's first digits at k: "555-201-3344", "(425) 555-0101". */
static int phone_at(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && (digits(d, k, 3, 3) || (is_p(d, k, '(') && digits(d, k + 1, 3, 3)));
}

/* "<participle> by" before token i: a form's or a consent's checker
 * ("witnessed by", "verified by", "co-signed by"). Not cue phrases: as
 * cues their words would be known words everywhere, and "Verified RN
 * license" a name before its credential. */
static int checked_by(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"witnessed", "verified", "obtained", "reviewed", "signed", "cosigned", "prepared",
                                    "completed", "checked", "confirmed", "performed", "entered", "approved",
                                    "documented", "attested", "countersigned"};
    return i >= 2 && !TK(i).nl && !TK(i - 1).nl && tok_eq(d, i - 1, "by", 2) && tok_in(d, i - 2, w, sizeof w / sizeof *w);
}

/* Two listed name words, everyday words both maybe ("Joy Price", "Dean
 * Wood"), where only a person stands: "witnessed by Penny Hall", "I, Penny
 * Hall, consent", "Contact Joy Price 555-201-3344", "charge nurse (Dean
 * Wood)", "Grace Young, a 62 year old", "Will Baker (DOB ...". The
 * position is the cue, with two name words: not "reviewed by Cardiology",
 * "(Price list)", "contact Pharmacy", "Young adult". */
static void pair_position(deid_doc *d, deid_names *nm, size_t i)
{
    size_t r = i + 2;
    /* the first word a listed name of either half: "Dean" is listed as a surname */
    if (TLEN(i) < 2 || (TK(i).shape & T_UPPER) || !(TK(i).w & (W_FIRST | W_LAST)) ||
        (TK(i).w & (W_KEEP | W_CUE | W_MONTH | W_TITLE)) || !surname_after(d, i + 1) || !(TK(i + 1).w & (W_FIRST | W_LAST)))
        return;
    int consent = i >= 2 && !TK(i).nl && is_p(d, i - 1, ',') && tok_eq(d, i - 2, "i", 1) && cap(d, i - 2) &&
                  sentence_start(d, i - 2) && is_p(d, r, ',');
    int contact = i >= 1 && !TK(i).nl && tok_eq(d, i - 1, "contact", 7) && phone_at(d, r + is_p(d, r, ','));
    int role = i >= 2 && !TK(i).nl && is_p(d, i - 1, '(') && !TK(i - 1).nl && role_word(d, i - 2) && is_p(d, r, ')');
    int details = age_sentence(d, r) || (is_p(d, r, '(') && patient_after(d, r + 1));
    /* a second checker after "and": "verified by Hope Baker and Rich Moss" */
    int checked = checked_by(d, i) || (i >= 3 && tok_eq(d, i - 1, "and", 3) && checked_by(d, i - 3));
    if (consent || contact || role || details || checked) take_name(d, nm, i, r);
}

/* After the rules: "LAST, FIRST M" where a rule found one half takes the
 * other, in a field of its own ("SURGEON: WHIPPLE, CONRAD J, MD", "RAD:
 * GRAY, ALDEN", "Bed 1: Alder, June —", "PRICE, WILL MD"): the surname may be
 * an eponym or an everyday word, which the rules alone do not take. */
static void comma_halves(deid_doc *d, deid_names *nm)
{
    size_t nc = d->nc;
    for (size_t c = 0; c < nc; c++) {
        if (d->c[c].type != WARD_PHI_NAME) continue;
        size_t i = deid_tok_at(d, d->c[c].a, 0), j = deid_tok_at(d, d->c[c].b, 0);
        if (i >= j || j > d->n || !cap(d, i)) continue;
        int upper = (TK(i).shape & T_UPPER) && TLEN(i) > 1;
        /* the given names after: "[GRAY], TOBIAS", "[PRICE], WILL MD" */
        if (is_p(d, j, ',') && !TK(j).nl && j + 1 < d->n && !TK(j + 1).nl && TK(j + 1).sp <= 2) {
            size_t r = half_run(d, j + 1, upper);
            /* title case: the field ends there ("Dwight Hall, Appalachian Home Medical" is a place) */
            int more = !upper && cap(d, r) && !TK(r).nl && !(TK(r).w & W_CRED);
            if (r > j + 1 && (TLEN(j + 1) > 1 || r > j + 2) && half_end(d, r) && !more && (i == 0 || !is_p(d, i - 1, ',')))
                take_name(d, nm, j + 1, r);
        }
        /* the surname before: "WHIPPLE, [CONRAD J]", "Dove, [Hollis], 96" */
        if (i >= 2 && !TK(i).nl && is_p(d, i - 1, ',') && glued(d, i - 1) && half_end(d, j)) {
            size_t s = i - 1;
            while (s > 0 && s + 3 > i && half_word(d, s - 1, upper) && !is_initial(d, s - 1) && !TK(s).nl) s--;
            /* not a letter's closing: "Best, [Bex]" */
            if (s < i - 1 && !closing_line(d, s) && (line_start(d, s) || is_p(d, s - 1, ':') || is_p(d, s - 1, '(') ||
                              (s > 0 && (TK(s - 1).w & W_TITLE)) || tok_eq(d, s - 1, "pt", 2)))
                take_name(d, nm, s, i - 1);
        }
    }
}

/* A name that is also a function word, met again before a verb that
 * cannot follow the word ("Will is flying in", "Will needs AFO fitting",
 * "Will demonstrated twice"; not "Will continue PT", "Will need walker",
 * "will discuss", "will proceed"): a verb of the third person or of the
 * past. */
static int name_then_verb(const deid_doc *d, size_t i)
{
    size_t k = i + 1;
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || (TK(k).w & (W_KEEP | W_HEAD)))
        return 0;
    return verb_form(d, k);
}

/* Token k, a word in lower case, is a verb of the third person or of the
 * past, or a modal ("is", "reports", "demonstrated", "will"; not
 * "proceed", "discuss"). */
/* Token k is one of the common verbs and modals, whatever its case
 * ("said", "will", "is"). */
static int verb_word(const deid_doc *d, size_t k)
{
    static const char *const v[] = {"is", "was", "has", "had", "says", "said", "does", "did", "went", "came", "got",
                                    "gets", "saw", "told", "brought", "drove", "left", "knows", "thinks", "will",
                                    "can", "may", "should", "would", "could", "must"};
    return tok_in(d, k, v, sizeof v / sizeof *v);
}

static int verb_form(const deid_doc *d, size_t k)
{
    if (verb_word(d, k)) return 1;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    if (n < 4) return 0;
    if (p[n - 2] == 'e' && p[n - 1] == 'd') return p[n - 3] != 'e';          /* "demonstrated", not "proceed" */
    return p[n - 1] == 's' && p[n - 2] != 's' && p[n - 2] != 'u' && p[n - 2] != 'i';   /* "needs", not "discuss", "focus" */
}

/* An everyday-word name ("Young", "Hope", "Brown") used as its word where
 * a sentence opens: a noun or adjective in lower case follows that the
 * word lists know, clinical (K, N) or written in lower case in notes
 * ("Young adult", "Brown stool", "Gray matter"). A function word,
 * preposition or "to" after it, a verb (third person, past, participle,
 * "-ing", modal) or punctuation make it the name again: "Brown to see her
 * Friday", "Brown at bedside", "Young per phone call", "Young reports",
 * "Hope is here", "Young and his wife", "Rose, RN", "Young spoke with".
 * The word as a verb is kept before its subject ("Hope she does well",
 * "Do you want"), "Do not", and a label "Bill to:". */
static int word_used(const deid_doc *d, size_t i)
{
    static const char *const fn[] = {"to",   "at",     "per",    "from",   "on",     "with",    "into",   "onto",
                                     "about", "over",  "under",  "than",   "re",     "regarding", "upon", "through",
                                     "within", "without", "toward", "towards", "across", "around", "near", "via",
                                     "while", "tomorrow", "today", "tonight", "here", "there", "again", "also",
                                     "seen",  "spoke",  "gave",   "took",   "sent",   "met",     "felt",   "thought",
                                     "made",  "wrote",  "kept",   "heard",  "found",  "began",   "ran",    "been",
                                     "being", "given",  "taken",  "spoken", "done",   "gone",    "known",  "written",
                                     "notes", "feels"};
    static const char *const subj[] = {"she", "he", "we", "they", "you", "it"};
    if (!(TK(i).w & W_COMMON) || !sentence_start(d, i)) return 0;
    size_t k = i + 1;
    if (k < d->n && !TK(k).nl && !(TK(k).shape & T_CAP) &&
        (tok_in(d, k, subj, sizeof subj / sizeof *subj) || (tok_eq(d, i, "do", 2) && tok_eq(d, k, "not", 3)) ||
         (tok_eq(d, k, "to", 2) && is_p(d, k + 1, ':'))))
        return 1;
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || (TK(k).w & W_STOP) ||
        tok_in(d, k, fn, sizeof fn / sizeof *fn) || verb_form(d, k))
        return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    if (n > 4 && p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g') return 0;   /* "Young calling back" */
    return (TK(k).w & (W_KEEP | W_HEAD)) || deid_lower_word(d, k);
}

void deid_names_end(deid_doc *d, deid_names *nm)
{
    comma_halves(d, nm);
    /* a name found once is a name everywhere in the document */
    if (funnel_lex_count(nm->seen)) {
        for (size_t i = 0; i < d->n; i++) {
            if (!cap(d, i) || !(TK(i).shape & T_ALPHA) || TLEN(i) < 2 || TLEN(i) >= 40) continue;
            char key[40];
            memcpy(key, d->t + TK(i).a, TLEN(i));
            size_t kn = deid_lower_key(key, TLEN(i));
            if (funnel_lex_flags(nm->seen, key, kn) && !eponym(d, i) && !term_again(d, nm, i) && !deid_clinical_at(d, i) &&
                !(TK(i).w & (W_KEEP | W_MONTH)) &&
                !((TK(i).w & W_TITLE) && is_p(d, i + 1, '.')) && !word_used(d, i) &&
                !((TK(i).w & W_STOP) && !name_word(d, i, 1) && !name_then_verb(d, i))) {
                /* with its lower-case second half: "Chae-won" */
                size_t e = i + 1;
                if (is_p(d, e, '-') && glued(d, e) && glued(d, e + 1) && e + 1 < d->n && (TK(e + 1).shape & T_ALPHA) &&
                    !(TK(e + 1).shape & T_CAP) && TLEN(e + 1) <= 5 && !(TK(e + 1).w & (W_KEEP | W_HEAD)))
                    e += 2;
                deid_add_toks(d, i, e, WARD_PHI_NAME, PRIO_NAME);
            }
        }
    }
    funnel_lex_free(nm->seen);
    nm->seen = NULL;
}
