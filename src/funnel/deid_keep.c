/* deid_keep.c — whole spans that identify no one, whichever rule (or the
 * tagger) took them: measures read as dates, a device's model number, a
 * service named by its kind, a state or a country, a trial's number.
 *
 * Real dictated reports are full of text with an identifier's shape that
 * names nobody: "Pupils 3/3 decreasing to 2/2", "strength 4/4 proximally
 * and 5/5 distally", "pain 3/10 at rest and 7/10 overhead", "1/6 ejection
 * systolic murmur" (the date rules take a fraction after "to", "and",
 * "of"); "model #: SDR203" (a product's model, not one device: its serial
 * number is the identifier); "the Epilepsy Monitoring Unit", "CARDIO-
 * ONCOLOGY CLINIC NOTE", "Progressive Care Unit" (a kind of service, no
 * proper name in it); "his way to South Carolina", "lives in Angola"
 * (larger than a state: Safe Harbor keeps them); "clinical trial C40502";
 * "(normal 232-1137)", a reference range; "G2P1001" (gravida and para);
 * "prothrombin G20210A" (a gene variant).
 *
 * Ideas a reader needs:
 *  - deid_keep_whole drops such spans from d->c[0..n) (the rules'
 *    candidates, and again the spans kept after the tagger: deid_terms.c
 *    calls it first), so one filter serves both.
 *  - Each class is decided by its context, not by a list of cases: a
 *    fraction is a measure when a measure word stands before it in its
 *    clause, a measure's word after it, or another fraction no rule took
 *    for a date before it in the same clause ("3/3 decreasing to 2/2"); a
 *    service is a span whose every word is one clinical text writes in
 *    lower case (data/deid_lower.tsv) or a clinical or head word of the
 *    lists, with no name, city, state or place word ("Valley", "General",
 *    "Memorial") among them.
 *  - A date cue right before ("on 5/10", "since 3/14") or a date word in
 *    between ("pain since 9/13") keeps a fraction a date: the filter only
 *    frees what a cue of joining ("to", "and", "from", "of") took.
 */
#include "funnel/deid_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Tokens i, i+1, i+2 are "m/d" (one or two digits each, glued), with no
 * year after: "2/2", "5/10". */
static int fraction(const deid_doc *d, size_t i)
{
    return digits(d, i, 1, 2) && is_p(d, i + 1, '/') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 1, 2) &&
           !(i + 3 < d->n && glued(d, i + 3) && is_p(d, i + 3, '/'));
}

/* Token q starts a fraction inside a span of type DATE: `in_date` marks,
 * per token, the tokens of d->c's DATE spans (made once a note, so that a
 * note of many fractions stays linear). */
static int dated(const unsigned char *in_date, size_t q) { return in_date && in_date[q]; }

static unsigned char *date_tokens(const deid_doc *d, size_t n)
{
    unsigned char *m = NULL;
    for (size_t j = 0; j < n; j++) {
        if (d->c[j].type != WARD_PHI_DATE) continue;
        if (!m) m = ward_xcalloc(d->n + 1, 1);
        for (size_t k = deid_tok_at(d, d->c[j].a, 1); k < d->n && TK(k).a < d->c[j].b; k++) m[k] = 1;
    }
    return m;
}

/* A word that ties a time to what follows ("on", "since"): a fraction
 * after it is a date, and a look back stops at it. */
static int date_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"on", "since", "until", "till", "dated", "in", "last", "next", "before", "after",
                                    "during", "starting", "born", "seen", "visit", "admitted", "discharged", "date",
                                    "dob", "started", "began", "through", "thru", "by", "monday", "tuesday", "wednesday",
                                    "thursday", "friday", "saturday", "sunday"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* The end of a clause before token k: the note's start, a line break,
 * ';', or '.' and a space. */
static int clause_start(const deid_doc *d, size_t k)
{
    return k == 0 || TK(k).nl || is_p(d, k - 1, ';') || (is_p(d, k - 1, '.') && TK(k).sp);
}

/* Token q is "on" before a side: "on the left", "on right". */
static int side_on(const deid_doc *d, size_t q)
{
    static const char *const side[] = {"left", "right"};
    size_t r = q + 1 < d->n && tok_eq(d, q + 1, "the", 3) ? q + 2 : q + 1;
    return tok_eq(d, q, "on", 2) && r < d->n && !TK(r).nl && tok_in(d, r, side, sizeof side / sizeof *side);
}

/* Words that make a fraction a measure: "pain", "strength", "pupils",
 * "murmur" (out of 10 at most: 1; "recall of 2/15", "MMSE 27/30": out of
 * 30 at most: 2). */
static int measure_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"pain", "strength", "murmur", "murmurs", "pupils", "pupil", "nrs", "vas", "power",
                                    "motor", "grade", "graded", "reflexes", "rated", "rates", "rating", "severity",
                                    "intensity", "pruritus", "itch", "dyspnea", "borg", "extremities", "extremity",
                                    "proximally", "distally", "pulses", "pulse", "dtrs", "dtr", "jerks", "tone", "grip",
                                    "biceps", "triceps", "deltoid", "deltoids", "quadriceps", "hamstrings", "iliopsoas",
                                    "flexion", "extension", "abduction", "dorsiflexion", "plantarflexion", "wrist"};
    static const char *const score[] = {"score", "scores", "scored", "recall", "scale", "items", "index", "mmse", "moca"};
    return tok_in(d, k, w, sizeof w / sizeof *w) ? 1 : tok_in(d, k, score, sizeof score / sizeof *score) ? 2 : 0;
}

/* After fraction a/b: what it measures ("1/6 ejection systolic murmur",
 * "1/2-inch", "7/9 hyperactive-impulsive items"), past a range's other
 * end; a recall out of five at most ("2/3 recall"); an amount, of a proper
 * fraction with a small denominator ("1/2 cc", "3/4 cup", "D5 1/2 NS"):
 * a date stands before such words too ("Recheck 10/5 recall intact",
 * "Walked 11/3 two blocks"), and "cc" before a colon is a letter's copy
 * ("Dictated 12/4 cc: Dr. Ames"). */
static int measure_after(const deid_doc *d, size_t e, long a, long b)
{
    static const char *const w[] = {"murmur", "murmurs", "holosystolic", "systolic", "diastolic", "ejection", "inch",
                                    "inches", "strength", "items", "correct", "proximally", "distally", "bilaterally",
                                    "hyperactive", "inattentive", "words", "pain", "power"};
    static const char *const amount[] = {"cc", "ml", "tab", "tabs", "tablet", "tablets", "pound", "pounds", "ns", "cup",
                                         "cups", "teaspoon", "teaspoons", "tsp", "mile", "miles", "block", "blocks"};
    /* past the range's other end: "1/2 to 1 inch", "1/2-3/4 inch" */
    if (e < d->n && !TK(e).nl && (tok_eq(d, e, "to", 2) || (is_p(d, e, '-') && glued(d, e))) && digits(d, e + 1, 1, 2)) {
        e += 2;
        if (fraction(d, e - 1)) e += 2;
    }
    if (is_p(d, e, '-') && glued(d, e)) e++;
    for (size_t k = e; k < d->n && k < e + 3 && !TK(k).nl && (TK(k).shape & T_ALPHA); k++) {
        if (tok_in(d, k, w, sizeof w / sizeof *w)) return 1;
        if (tok_eq(d, k, "recall", 6)) return a <= b && b <= 5;
        if (tok_in(d, k, amount, sizeof amount / sizeof *amount)) return a < b && b <= 8 && !is_p(d, k + 1, ':');
    }
    return 0;
}

/* Span c ("m/d", taken as a date) is a measure. */
static int measure(const deid_doc *d, const unsigned char *in_date, const cand *c)
{
    size_t i = deid_tok_at(d, c->a, 0);
    if (i >= d->n || TK(i).a != c->a || !fraction(d, i) || TK(i + 2).b != c->b) return 0;
    if (i == 0 || TK(i).nl || date_word(d, i - 1)) return 0;
    long a = num(d, i), b = num(d, i + 2);
    /* "12/9", "11/02": no measure is written so */
    if ((a > b && b > 5) || d->t[TK(i).a] == '0' || d->t[TK(i + 2).a] == '0') return 0;
    if (b <= 10 && measure_after(d, i + 3, a, b)) return 1;
    /* otherwise what a joining cue took: "to 2/2", "and 5/5", "of 2/15" */
    static const char *const join[] = {"to", "and", "from", "or", "of", "vs", "versus", "between", "around"};
    int joined = is_p(d, i - 1, ',') || is_p(d, i - 1, '(') || tok_in(d, i - 1, join, sizeof join / sizeof *join);
    /* not joined (the tagger's dates): a measure word right before ("items 6/9") */
    for (size_t k = i; k > 0 && i - k < (joined ? 12 : 1) && !clause_start(d, k); k--) {
        size_t q = k - 1;
        /* "pain in the anterior knee increases to 5/10": "in" ends no look
         * back, nor a side's "on" ("5/5 on the left and 4/5 on the right") */
        if (date_word(d, q) && !tok_eq(d, q, "in", 2) && !side_on(d, q)) return 0;
        int m = measure_word(d, q);
        if (m) return b <= (m == 1 ? 10 : 30);
        /* another fraction before it that no rule took for a date */
        if (joined && b <= 10 && q + 2 < i && fraction(d, q) && !dated(in_date, q)) return 1;
    }
    return 0;
}

/* The word before token i, past '#', ':', '.' and "number", "no"; with
 * tight, past nothing but '/' ("CTSU/C40502"). */
static size_t word_before(const deid_doc *d, size_t i, int tight)
{
    size_t k = i;
    if (tight) return k > 1 && !TK(k).nl && is_p(d, k - 1, '/') && glued(d, k) ? k - 2 : k > 0 && !TK(k).nl ? k - 1 : d->n;
    while (k > 0 && !TK(k).nl &&
           (is_p(d, k - 1, '#') || is_p(d, k - 1, ':') || is_p(d, k - 1, '.') || tok_eq(d, k - 1, "number", 6) ||
            tok_eq(d, k - 1, "no", 2)))
        k--;
    return k > 0 && !TK(k).nl ? k - 1 : d->n;
}

/* A product's model ("model #: SDR203"), a clinical trial's number right
 * after its word ("clinical trial C40502", "CTSU/C40502", "Trial of
 * ORG10172"; not "trial ID: 4471", a participant's), a reference range in
 * parentheses ("(normal 232-1137)"), serial sevens ("Serial 7's"). */
static int cued_number(const deid_doc *d, const cand *c)
{
    static const char *const trial[] = {"trial", "protocol", "ctsu"};
    size_t i = deid_tok_at(d, c->a, 0);
    if (i >= d->n || c->type == WARD_PHI_NAME || c->type == WARD_PHI_DATE) return 0;
    size_t w = word_before(d, i, 0), t = word_before(d, i, 1);
    if (w < d->n && tok_eq(d, w, "model", 5)) return 1;
    if (t < d->n && tok_in(d, t, trial, sizeof trial / sizeof *trial)) return 1;
    if (t < d->n && tok_eq(d, t, "of", 2) && t > 0 && tok_eq(d, t - 1, "trial", 5)) return 1;
    if (c->type == WARD_PHI_PHONE && t < d->n && t > 0 && tok_eq(d, t, "normal", 6) && is_p(d, t - 1, '(')) return 1;
    /* "Serial 7's": one digit and its plural, in a short span ("serial
     * 7A4471" is a serial number) */
    if (w >= d->n || !tok_eq(d, w, "serial", 6) || c->b - c->a > 5 || d->t[c->a] < '1' || d->t[c->a] > '9') return 0;
    unsigned char n1 = c->b > c->a + 1 ? (unsigned char)d->t[c->a + 1] : 0;
    return !n1 || n1 == '\'' || n1 >= 0x80;
}

/* A suture's or a plate's size: "2-0", "4-0" ("plate 2-0" is no licence plate). */
static int suture_size(const deid_doc *d, const cand *c)
{
    size_t i = deid_tok_at(d, c->a, 0);
    return i + 2 < d->n && TK(i).a == c->a && TK(i + 2).b == c->b && digits(d, i, 1, 1) && is_p(d, i + 1, '-') &&
           glued(d, i + 1) && glued(d, i + 2) && tok_eq(d, i + 2, "0", 1);
}

/* Token i stands where a gene variant does: after a gene's symbol in
 * capitals ("BRAF V600E", "KRAS G12D"), or with a word of genetics on its
 * line within four words ("prothrombin G20210A", "the V600E mutation"), so
 * "Passport K12345L" and "badge W5521D" stay IDs. */
static int variant_context(const deid_doc *d, size_t i)
{
    static const char *const gene[] = {"mutation", "mutations", "mutated", "variant", "variants", "allele", "alleles",
                                       "polymorphism", "substitution", "prothrombin", "factor", "gene", "genotype",
                                       "heterozygous", "homozygous"};
    static const char *const cue[] = {"mrn", "acct", "pin", "dea", "npi", "ssn", "lic", "dob", "fin", "csn", "ptid"};
    if (i > 0 && !TK(i).nl && (TK(i - 1).shape & T_UPPER) && TLEN(i - 1) >= 3 && TLEN(i - 1) <= 6 &&
        !(TK(i - 1).w & (W_CUE | W_TITLE)) && !tok_in(d, i - 1, cue, sizeof cue / sizeof *cue))
        return 1;
    size_t a = i;
    while (a > 0 && i - a < 4 && !TK(a).nl) a--;
    for (size_t k = a; k < d->n && k <= i + 4 && (k <= i || !TK(k).nl); k++)
        if (tok_in(d, k, gene, sizeof gene / sizeof *gene)) return 1;
    return 0;
}

/* One token of letters and digits that is gravida and para ("G2P1001",
 * "G3P1102") or a gene variant ("G20210A", "V600E"). */
static int clinical_code(const deid_doc *d, const cand *c)
{
    size_t i = deid_tok_at(d, c->a, 0);
    if (i >= d->n || TK(i).a != c->a || TK(i).b != c->b || !(TK(i).shape & T_MIXED)) return 0;
    const char *p = d->t + TK(i).a;
    size_t n = TLEN(i), q = 1;
    if (n < 4 || n > 12) return 0;
    if (p[0] == 'G') {                             /* G2P1001 */
        while (q < n && p[q] >= '0' && p[q] <= '9') q++;
        if (q > 1 && q < n && p[q] == 'P') {
            size_t r = q + 1;
            while (r < n && p[r] >= '0' && p[r] <= '9') r++;
            if (r == n && r > q + 1) return 1;
        }
    }
    /* a residue, its position, a residue: "G20210A", "V600E"; residues are
     * amino-acid letters and a position has at most five digits, so an ID
     * such as "A12345678B" or "X1234567Y" stays redacted */
    static const char residues[] = "ACDEFGHIKLMNPQRSTVWY";
    q = 1;
    while (q < n && p[q] >= '0' && p[q] <= '9') q++;
    if (!(q >= 3 && q <= 6 && q == n - 1 && p[0] && strchr(residues, p[0]) && p[q] && strchr(residues, p[q]))) return 0;
    return variant_context(d, i);
}

/* Token k names an electrode of the 10-20 system: "C3", "A2", "Fp1", "Cz". */
static int electrode(const deid_doc *d, size_t k)
{
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), l = n == 3 && p[0] == 'F' && p[1] == 'p' ? 2 : 1;
    return n == l + 1 && strchr("FCPOTAM", p[0]) && ((p[l] >= '1' && p[l] <= '9') || p[l] == 'z');
}

/* Span c is a derivation of two electrodes joined by a hyphen, as an EEG
 * or a sleep study writes it ("monitored from C4-A1, C3-A2, O2-A1",
 * "Fp1-F7"); no identifier is so short. Spine levels ("C3-C5") are of the
 * same shape and clinical too. */
static int electrode_pair(const deid_doc *d, size_t i)
{
    return i + 2 < d->n && is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && electrode(d, i) &&
           electrode(d, i + 2);
}

/* A pair is kept beside another pair, past a comma or "and" ("from
 * C4-A1, C3-A2"), or after a word of prose in lower case ("plate C3-C5");
 * after a label it is an identifier ("MRN: C4-A1", "Bed C4-A1", "account
 * t3-f4"). */
static int electrodes(const deid_doc *d, const cand *c)
{
    static const char *const label[] = {"mrn", "id", "account", "acct", "bed", "room", "number", "no", "badge", "unit"};
    size_t i = deid_tok_at(d, c->a, 0);
    if (!(i + 2 < d->n && TK(i).a == c->a && TK(i + 2).b == c->b && electrode_pair(d, i))) return 0;
    if (i > 0 && !TK(i).nl && (TK(i - 1).shape & T_ALPHA) && !(TK(i - 1).shape & T_CAP) &&
        !tok_in(d, i - 1, label, sizeof label / sizeof *label))
        return 1;
    size_t r = i + 3;
    if (r < d->n && !TK(r).nl && (is_p(d, r, ',') || tok_eq(d, r, "and", 3))) r++;
    if (r < d->n && !TK(r).nl && tok_eq(d, r, "and", 3)) r++;
    if (r > i + 3 && r < d->n && !TK(r).nl && electrode_pair(d, r)) return 1;
    size_t l = i;
    if (l > 0 && !TK(l).nl && tok_eq(d, l - 1, "and", 3)) l--;
    if (l > 0 && !TK(l).nl && is_p(d, l - 1, ',')) l--;
    return l < i && l >= 3 && !TK(l).nl && electrode_pair(d, l - 3);
}

/* The flags of the text of tokens [i, e). */
static uint32_t text_flags(const deid_doc *d, size_t i, size_t e)
{
    char key[64];
    size_t kn = deid_text_key(d, i, e - 1, key, sizeof key);
    return kn ? deid_word_flags(key, kn) : 0;
}

/* Words in lower case in clinical text that also name places: a service
 * holding one may be a place's name ("General Hospital", "Valley Clinic"). */
static int place_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"general", "community", "regional", "valley", "central", "city", "state", "view",
                                    "green", "spring", "good", "north", "south", "east", "west", "county", "memorial",
                                    "university", "national", "international", "mount", "lake", "river", "park",
                                    "hill", "hills", "college", "mercy", "grace", "hope", "veterans", "district",
                                    "metro", "united", "american", "southern", "northern", "eastern", "western",
                                    "mid", "great", "main", "downtown", "saint", "st", "home", "house"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Token k is a word of a level of care: "Step Down", "Step-Down", "Stepdown". */
static int step_down(const deid_doc *d, size_t k)
{
    if (tok_eq(d, k, "stepdown", 8)) return 1;
    if (tok_eq(d, k, "step", 4)) return tok_eq(d, k + 1, "down", 4) || (is_p(d, k + 1, '-') && tok_eq(d, k + 2, "down", 4));
    return tok_eq(d, k, "down", 4) && k > 0 &&
           (tok_eq(d, k - 1, "step", 4) || (k > 1 && is_p(d, k - 1, '-') && tok_eq(d, k - 2, "step", 4)));
}

/* Token k may be a word of a service named by its kind: "Epilepsy
 * Monitoring Unit", "PM&R Spine Clinic", "CARDIO-ONCOLOGY CLINIC". */
static int service_word(const deid_doc *d, size_t k)
{
    if (TK(k).shape & T_PUNCT) return is_p(d, k, '&') || is_p(d, k, '-') || is_p(d, k, '/');
    if (!(TK(k).shape & T_ALPHA)) return 0;
    if (step_down(d, k)) return 1;
    uint32_t w = TK(k).w;
    if (w & (W_CITY | W_STATE | W_TITLE | W_CRED | W_MONTH) || place_word(d, k)) return 0;
    /* "Ballard Dermatology Clinic"; an everyday word that is also a name
     * may stand after the first ("Surgery Case Conference") */
    if (w & (W_FIRST | W_LAST | W_EPONYM))
        return (w & W_COMMON) && !(w & W_EPONYM) && k > 0 && !TK(k).nl && cap(d, k - 1) && TLEN(k) > 2 &&
               deid_lower_word(d, k);
    if (w & (W_KEEP | W_FAC | W_FAC2 | W_HEAD | W_STOP)) return 1;
    static const char *const acr[] = {"icu", "nicu", "picu", "micu", "sicu", "ccu", "cvicu", "pacu", "ed", "er", "or",
                                      "ob", "gyn", "ent", "gi", "pm", "r", "rtc"};
    if (tok_in(d, k, acr, sizeof acr / sizeof *acr)) return 1;
    return TLEN(k) > 2 && deid_lower_word(d, k);
}

/* A part of a place of care, not a place: "Unit", "Clinic", "Service"
 * ("Vision Rehabilitation Institute", "Social Security Agency" and "Rapid
 * Rehabilitation" are organizations, named by ordinary words). */
static int unit_head(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"unit", "units", "clinic", "clinics", "service", "services", "department",
                                    "program", "team", "conference", "lab", "laboratory", "ward", "floor", "suite",
                                    "division", "section", "note", "consultation", "evaluation", "visit", "follow-up"};
    return k < d->n && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Span c, a place of care, names a kind of service, no place: its words
 * are service words, and a part's head ends it or follows it past more
 * service words ("Combined Cardiology and Cardiothoracic] Surgery Case
 * Conference", "the NeuroOncology] clinic"). */
static int service(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_FACILITY) return 0;
    int words = 0;
    size_t k = deid_tok_at(d, c->a, 1), last = d->n;
    for (; k < d->n && TK(k).a < c->b; k++) {
        if (!service_word(d, k)) return 0;
        if (TK(k).shape & T_ALPHA) words++, last = k;
    }
    if (!words || (text_flags(d, deid_tok_at(d, c->a, 1), k) & W_BRAND)) return 0;   /* a brand of its own */
    /* its first word names the service: a clinical word of the lists
     * ("Epilepsy", "Plastic", "PM&R"), where a place's name would stand
     * ("Gateway Crisis Stabilization Unit") */
    size_t f = deid_tok_at(d, c->a, 1);
    while (f < k && !(TK(f).shape & T_ALPHA)) f++;
    static const char *const acr[] = {"icu", "nicu", "picu", "micu", "sicu", "ccu", "cvicu", "pacu", "pm", "ob", "ent", "gi"};
    /* or a word of how it meets before a clinical word: "Combined
     * Cardiology and Cardiothoracic Surgery Case Conference" */
    static const char *const how[] = {"combined", "joint", "multidisciplinary", "interdisciplinary", "weekly", "monthly"};
    if (f + 1 < k && tok_in(d, f, how, sizeof how / sizeof *how) && (TK(f + 1).w & W_KEEP)) f++;
    if (!step_down(d, f) && !(TK(f).w & (W_KEEP | W_FAC | W_FAC2)) && !tok_in(d, f, acr, sizeof acr / sizeof *acr))
        return 0;
    if (unit_head(d, last)) return 1;
    /* or clinical words of the lists alone: a department ("Nuclear Medicine") */
    int listed = 1;
    for (size_t q = deid_tok_at(d, c->a, 1); q < k && listed; q++)
        listed = !(TK(q).shape & T_ALPHA) || (TK(q).w & W_KEEP);
    if (listed) return 1;
    /* past the parenthesis it closes: "RTC (Residential Treatment Center) Program" */
    size_t a = k < d->n && is_p(d, k, ')') && !TK(k).nl ? k + 1 : k;
    for (size_t q = a; q < d->n && q < a + 4 && !TK(q).nl && service_word(d, q); q++)
        if (unit_head(d, q)) return 1;
    return 0;
}

/* Span c is a state or a country alone ("South Carolina", "Eastern
 * Germany", "West Virginia" of which a rule took "Virginia"); a name that
 * is also a state stays where a name stands ("Georgia Okafor", "Dr.
 * Washington"), a city's name where a city does ("lives in New York", not
 * "Brooklyn, New York" nor "Washington state"). */
static int region(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_CITY && c->type != WARD_PHI_FACILITY && c->type != WARD_PHI_NAME) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    /* not a state's letters: "De" of "Marijke De Groot", "VA" */
    if (i >= e || e > d->n || e - i > 6 || (e - i == 1 && TLEN(i) < 4)) return 0;
    static const char *const compass[] = {"eastern", "western", "northern", "southern", "central"};
    static const char *const half[] = {"west", "north", "south", "new", "east"};
    /* a place of care's name ends in it: "Hospice of [Southern West Virginia]" */
    size_t h = i > 0 && !TK(i).nl && tok_in(d, i - 1, half, sizeof half / sizeof *half) ? i - 1 : i;
    if (h >= 2 && tok_eq(d, h - 1, "of", 2) && (TK(h - 2).w & (W_FAC | W_FAC2))) return 0;
    if (h < i && (text_flags(d, h, e) & W_STATE) && !(text_flags(d, h, e) & W_CITY)) return 1;   /* "West [Virginia]" */
    size_t s = tok_in(d, i, compass, sizeof compass / sizeof *compass) && i + 1 < e ? i + 1 : i;
    uint32_t f = text_flags(d, s, e);
    if (!(f & W_STATE) && e < d->n && !TK(e).nl && tok_in(d, e - 1, half, sizeof half / sizeof *half) &&
        (text_flags(d, e - 1, e + 1) & W_STATE) && !(text_flags(d, e - 1, e + 1) & W_CITY))
        return e - i == 1;                         /* "[West] Virginia" */
    if (!(f & W_STATE)) return 0;
    /* a town of a country's name in an address: "Lebanon, PA 17042" */
    size_t z = is_p(d, e, ',') ? e + 1 : e;
    if (z < d->n && !TK(z).nl && ((TLEN(z) == 2 && (TK(z).shape & T_UPPER)) || digits(d, z, 5, 5))) return 0;
    /* "state of New York", "Washington state" */
    if (tok_eq(d, e, "state", 5) || (i >= 2 && tok_eq(d, i - 1, "of", 2) && tok_eq(d, i - 2, "state", 5))) return 1;
    /* a state's body: "the New York department of taxation" */
    if (tok_eq(d, e, "department", 10) && tok_eq(d, e + 1, "of", 2) && !cap(d, e)) return 1;
    /* a state that is a city's name too, after a city ("Brooklyn, New York") */
    if (f & W_CITY) return i >= 2 && is_p(d, i - 1, ',') && cap(d, i - 2) && !TK(i - 1).nl;
    if (!(f & (W_FIRST | W_LAST))) return 1;
    /* a surname that is a state is a city's name too ("Washington"); a
     * given name is a state where a place stands ("in Georgia") */
    if (!(f & W_FIRST) || deid_name_position(d, i)) return 0;
    static const char *const in[] = {"in", "from", "to", "across", "through", "throughout", "visiting", "visited"};
    return tok_in(d, i - 1, in, sizeof in / sizeof *in) && !cap(d, e);
}

/* Months named in a row ("October, June, July, August" said backwards in
 * a mental status exam; "every April and May"): token k is a month and a
 * month stands next to it, past a comma or "and". */
static int month_list(const deid_doc *d, size_t k)
{
    if (!(TK(k).w & W_MONTH)) return 0;
    size_t r = k + 1;
    if (is_p(d, r, ',') || tok_eq(d, r, "and", 3) || tok_eq(d, r, "or", 2)) r++;
    if (r < d->n && !TK(r).nl && (TK(r).w & W_MONTH) && cap(d, r)) return 1;
    if (k < 2 || TK(k).nl) return 0;
    size_t l = k - 1;
    if ((is_p(d, l, ',') || tok_eq(d, l, "and", 3) || tok_eq(d, l, "or", 2)) && l > 0 && !TK(l).nl) l--;
    return (TK(l).w & W_MONTH) && cap(d, l);
}

/* Word k may not be a name: a month in a row of months; a clinical word
 * or drug of the lists, or any word no list knows as a name that clinical
 * text writes in lower case ("Pegboard", "Electrolytes"), when loose (the
 * tagger's guesses; the rules' names hold such words: "Sample Doctor", a
 * publisher's placeholder, "FEVER^LLOYD"). */
static int unnamed_word(const deid_doc *d, size_t k, int loose)
{
    if (!(TK(k).shape & T_ALPHA) || deid_name_position(d, k)) return 0;
    if (month_list(d, k)) return 1;
    uint32_t w = TK(k).w;
    if (w & (W_FIRST | W_LAST | W_EPONYM | W_CITY | W_STATE | W_TITLE | W_CRED | W_MONTH | W_ACCENT)) return 0;
    return loose && ((w & W_KEEP) || (TLEN(k) > 3 && deid_lower_word(d, k)));
}

/* Span c, a name the tagger guessed or a rule's of everyday words, is a
 * word of a heading in capitals: the line from its start to a colon after the span is words in capitals,
 * commas, '&', '/' or '-', with no column gap ("SCARS, TATTOOS, NEVI,
 * INCIDENTAL FINDINGS:"; not "ABERNATHY, ROSALIND    DOB:"). */
static int heading_word(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_NAME) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n) return 0;
    /* a name of the rules (after "PER") only when every word of it is one
     * clinical text writes in lower case and no name list holds
     * ("HOSPITAL COURSE PER PROBLEM LIST:"; not "PLAN PER OKAFOR:") */
    for (size_t k = i; c->prio != 0 && k < e; k++)
        if ((TK(k).shape & T_ALPHA) && ((TK(k).w & (W_FIRST | W_LAST)) || TLEN(k) < 3 || !deid_lower_word(d, k))) return 0;
    static const char *const names[] = {"patient", "pt", "name", "to", "re", "dear", "letter", "from", "by", "dr",
                                        "mr", "mrs", "ms", "attn", "cc", "for"};
    /* no listed name among its words that clinical text does not also use:
     * "PATIENT HALINA WISNIEWSKA:" is a heading that names someone */
    for (size_t k = i; k < e; k++)
        if ((TK(k).w & (W_FIRST | W_LAST)) && !((TK(k).w & W_KEEP) || deid_lower_word(d, k))) return 0;
    size_t s = i;
    while (s > 0 && !TK(s).nl && i - s < 12) s--;
    if (!TK(s).nl && s > 0) return 0;
    int words = 0;
    for (size_t k = s; k < d->n && k < s + 16 && (k == s || !TK(k).nl); k++) {
        if (deid_column_gap(d, k)) return 0;
        if (is_p(d, k, ':')) return k >= e && words >= 2;
        if (TK(k).shape & T_PUNCT) {
            if (!is_p(d, k, ',') && !is_p(d, k, '&') && !is_p(d, k, '/') && !is_p(d, k, '-')) return 0;
        } else if (!(TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || tok_in(d, k, names, sizeof names / sizeof *names)) {
            return 0;                                  /* "LETTER TO ...", "PATIENT ..." name someone */
        } else {
            words++;
        }
    }
    return 0;
}

/* Span c, one the tagger added, is a cell of a laboratory table's row: its
 * line opens with a specimen and a dash or a colon, and a spaced dash
 * parts the test from its result ("BLOOD - COCAINE-ETS - INC", "BLOOD -
 * CARBON MONOXIDE - NEG", "URINE: OPIATES - NEG"), in 16 tokens at most;
 * no word of it is a name of the lists only, and it does not start where
 * a name does ("BLOOD - drawn by Zorblat - 09:40" stays redacted). */
static int lab_row(const deid_doc *d, const cand *c)
{
    static const char *const specimen[] = {"blood",  "urine",  "serum",   "plasma", "csf",   "vitreous", "stool",
                                           "saliva", "sputum", "gastric", "bile",   "liver", "hair"};
    if (c->prio != 0) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n) return 0;
    size_t s = i;
    while (s > 0 && !TK(s).nl && i - s < 12) s--;
    if ((!TK(s).nl && s > 0) || s == i || !tok_in(d, s, specimen, sizeof specimen / sizeof *specimen) ||
        !(is_p(d, s + 1, '-') || is_p(d, s + 1, ':')))
        return 0;
    int cells = 0;
    for (size_t k = s + 2; k < d->n && k < s + 16 && !TK(k).nl; k++)
        cells += is_p(d, k, '-') && TK(k).sp && k + 1 < d->n && TK(k + 1).sp;
    for (size_t k = i; k < e; k++)
        if ((TK(k).w & (W_FIRST | W_LAST)) && !(TK(k).w & (W_COMMON | W_KEEP))) return 0;
    /* its first word's position (the next words of "CARBON MONOXIDE" stand
     * after a surname's word of the lists) */
    return cells > 0 && !deid_name_position(d, i);
}

/* Span c names a president, by surname or by the name he went by ("Bush",
 * "Bill Clinton", "George W. Bush", and the two older ones a memory test
 * asks of: "George Washington", "Lincoln"; not "John Carter"), with the word
 * "president" near it on its line and not after a label, a title or a
 * relation word or a name's cue: a public figure named in a mental status
 * exam ("the president is George Bush, before him Bill Clinton", "President
 * Reagan"; not "Patient: Jimmy Carter ... president of a bank", "seen by
 * Jimmy Carter, president of the board"). */
static int president(const deid_doc *d, const cand *c)
{
    static const char *const full[] = {"washington", "lincoln", "george washington", "abraham lincoln", "roosevelt", "truman", "eisenhower", "kennedy", "johnson", "nixon", "ford",
                                       "carter", "reagan", "bush", "clinton", "obama", "trump", "biden",
                                       "franklin roosevelt", "harry truman", "dwight eisenhower", "john kennedy",
                                       "john f kennedy", "lyndon johnson", "richard nixon", "gerald ford",
                                       "jimmy carter", "ronald reagan", "george bush", "george w bush", "george h w bush",
                                       "bill clinton", "barack obama", "donald trump", "joe biden"};
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n || e - i > 8) return 0;
    if (tok_eq(d, i, "president", 9)) i++;         /* its title inside the span */
    char key[64];
    size_t n = 0;
    for (size_t k = i; k < e; k++) {
        if (TK(k).shape & T_PUNCT) continue;
        if (!(TK(k).shape & T_ALPHA) || n + TLEN(k) + 2 > sizeof key) return 0;
        if (n) key[n++] = ' ';
        for (size_t q = TK(k).a; q < TK(k).b; q++) key[n++] = (char)deid_lc((unsigned char)d->t[q]);
    }
    key[n] = 0;
    int named = 0;
    for (size_t q = 0; q < sizeof full / sizeof *full && !named; q++)   /* the first letter first: most differ */
        named = full[q][0] == key[0] && !strcmp(key, full[q]);
    if (!named) return 0;
    size_t t = deid_tok_at(d, c->a, 1), p = t - 1;
    if (t > 1 && is_p(d, p, '.')) p--;             /* "Dr. Carter" */
    if (t > 0 && !TK(t).nl && !tok_eq(d, t, "president", 9) && !tok_eq(d, p, "president", 9) &&
        (is_p(d, p, ':') || (TK(p).w & (W_TITLE | W_RELATIVE)) || deid_cue_before(d, t, CUE_PHRASE, 3) ||
         deid_cue_before(d, t, CUE_LABEL, 3)))
        return 0;
    /* the question before the answer ("the president is George Bush"), or
     * the role after it only as "as president": "Jimmy Carter is president
     * of the local union" is a person with a role, kept out */
    size_t a = t, b = e;
    while (a > 0 && t - a < 16 && !TK(a).nl) a--;
    while (b < d->n && b - e < 16 && !TK(b).nl) b++;
    /* and the line tests what he knows: "asked", "named", "said", "knows";
     * "Union president Jimmy Carter presents with chest pain" does not */
    static const char *const exam[] = {"asked", "named", "name", "names", "said", "says", "stated", "states", "knew",
                                       "knows", "know", "recall", "recalls", "recalled", "identified", "identifies",
                                       "answered", "correctly", "oriented"};
    int tested = 0;
    for (size_t q = a; q < b && !tested; q++) tested = tok_in(d, q, exam, sizeof exam / sizeof *exam);
    if (!tested) return 0;
    for (size_t q = a; q < t; q++)
        if (tok_eq(d, q, "president", 9) || tok_eq(d, q, "presidents", 10)) return 1;
    for (size_t q = e; q + 1 < b; q++)
        if (tok_eq(d, q, "as", 2) && (tok_eq(d, q + 1, "president", 9) ||
                                      (tok_eq(d, q + 1, "the", 3) && tok_eq(d, q + 2, "president", 9))))
            return 1;
    return 0;
}

/* Span c, a name, is made of words that are no name (unnamed_word: loose
 * for the tagger's guesses and a label's one word, months only for the
 * rules' other names), or cites an author
 * ("Cummings et al."); a place the tagger added, of such words and no
 * place's head ("BLOOD - ETHANOL - NEG" of a table). */
static int no_name(const deid_doc *d, const cand *c)
{
    int place = c->type == WARD_PHI_FACILITY || c->type == WARD_PHI_CITY;
    if (c->type != WARD_PHI_NAME && !(place && c->prio == 0)) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n) return 0;
    if (!place && tok_eq(d, e, "et", 2) && tok_eq(d, e + 1, "al", 2) && !deid_name_position(d, i)) return 1;
    int words = 0;
    for (size_t k = i; k < e; k++) {
        if (TK(k).shape & T_PUNCT) {
            if (!is_p(d, k, '-')) return 0;
            continue;
        }
        /* a name the tagger guessed, one word with a drug's ending ("Asacol";
         * not a place: "Oceanside", "Moline") */
        int drug = !place && c->prio == 0 && e - i == 1 && TLEN(k) >= 6 && !(TK(k).w & (W_FIRST | W_LAST | W_COMMON)) &&
                   !deid_name_position(d, k) && deid_drug_ending(d, k);
        /* the rules' name of one word that labels what follows, opening
         * its clause ("Caller: Hi, I'm calling", "Thyroid: small, firm",
         * "Palpation: tender"): a role, an organ or an examination by its
         * ending or a clinical word of the lists ("Manufacturer:",
         * "STENT:"), loose as well; not any word clinical text writes in
         * lower case, since a speaker's surname stands there too ("Bland:
         * Better, thanks", "Wheat: family friend"), nor "-er" or "-or"
         * ("Miner:", "Driver:", "Senior:") */
        static const char *const role[] = {"ant", "ist", "oid", "ion"};
        int loose = c->prio == 0 || (e == i + 1 && is_p(d, e, ':') && clause_start(d, i) &&
                                     (deid_ending(d, k, role, sizeof role / sizeof *role, 1) || (TK(k).w & W_KEEP)));
        if (!drug && (!unnamed_word(d, k, loose) || (place && (TK(k).w & (W_FAC | W_FAC2))))) return 0;
        words++;
    }
    return words > 0;
}

/* The line starting at token s is a title of a list of tests: capitalized
 * words, numbers, joiners and the punctuation of a title, 24 tokens at
 * most, no column gap, no label's colon. Returns its end (the next line's
 * first token) or 0; *test: a word of a test's name ("Test", "Inventory",
 * "Scale") is on it. */
static size_t title_line(const deid_doc *d, size_t s, int *test)
{
    static const char *const join[] = {"of", "and", "for", "the", "in", "on", "to", "with", "a"};
    static const char *const tw[] = {"test", "tests", "inventory", "scale", "scales", "battery", "questionnaire",
                                     "assessment", "index", "screen", "screening", "profile", "checklist", "survey",
                                     "task", "trails", "subtest", "subtests", "examination", "measure", "rating"};
    *test = 0;
    int words = 0, named = 0;
    size_t k = s;
    for (; k < d->n && (k == s || !TK(k).nl); k++) {
        if (k >= s + 24 || (k > s && deid_column_gap(d, k))) return 0;
        if (TK(k).shape & T_PUNCT) {
            if (!is_p(d, k, '(') && !is_p(d, k, ')') && !is_p(d, k, ',') && !is_p(d, k, '-') && !is_p(d, k, '/') &&
                !is_p(d, k, '&') && !is_p(d, k, '\''))
                return 0;
            continue;
        }
        if (TK(k).shape & (T_DIGIT | T_MIXED)) continue;
        if (!cap(d, k) && !tok_in(d, k, join, sizeof join / sizeof *join)) return 0;
        if (TK(k).w & (W_TITLE | W_CRED)) return 0;
        words++;
        named |= tok_in(d, k, tw, sizeof tw / sizeof *tw);
    }
    if (words < 2) return 0;
    *test = named;
    return k;
}

/* Span c, one the tagger added, names a test in a list of tests, a title
 * a line: its line is such a title and so are the lines before and after
 * it, one of them naming a test ("Grooved Pegboard" between "Nelson-Denny
 * Reading Test" and "Purdue Pegboard"; "Millon Behavioral Medicine
 * Diagnostic (MBMD)" between two inventories); no given name on its line,
 * no place's head in it ("Hospital", "Clinic"; a department's "Medicine"
 * may be), no title or credential on its line ("Jane Roe, PhD"), and a
 * name closing the list is not between two tests. */
static int test_title(const deid_doc *d, const cand *c)
{
    if (c->prio != 0 || c->type == WARD_PHI_DATE) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n) return 0;
    size_t s = i;
    while (s > 0 && !TK(s).nl && i - s < 24) s--;
    if (!TK(s).nl && s > 0) return 0;
    /* no given name from the line's start to its end, no place's head in
     * it (a title's capitalized words read as a name pair: the name's
     * position is asked of given names, titles and credentials here) */
    for (size_t k = s; k < e; k++)
        if (((TK(k).w & W_FIRST) || (k >= i && (TK(k).w & W_FAC))) && !(TK(k).w & W_COMMON)) return 0;
    int t, tp = 0, tn = 0;
    size_t next = title_line(d, s, &t), p = s - 1;
    if (!next || next >= d->n || !title_line(d, next, &tn) || s == 0) return 0;
    while (p > 0 && !TK(p).nl && s - p < 24) p--;
    return (TK(p).nl || p == 0) && title_line(d, p, &tp) && (tp || tn);
}

/* Span c, a place, names a test or a body of clinicians: a clinical noun
 * after it ("Barrow Neurological Institute pain intensity score", "SUN
 * Working Group grading"), or a society's name ("American Thyroid
 * Association", "North American Contact Dermatitis Group"). */
static int society(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_FACILITY) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n) return 0;
    static const char *const head[] = {"association", "society", "group", "college", "academy", "board", "network",
                                       "council", "federation", "committee", "consortium", "alliance", "organization"};
    static const char *const scope[] = {"american", "national", "international", "european", "world", "canadian",
                                        "british", "royal", "north", "global", "infectious"};
    if (!tok_in(d, e - 1, head, sizeof head / sizeof *head)) return 0;
    size_t s = i;                                  /* the capitalized words before it: "American Thyroid [Association]" */
    while (s > 0 && !TK(s).nl && cap(d, s - 1) && i - s < 6) s--;
    return tok_in(d, s, scope, sizeof scope / sizeof *scope);
}

/* Span c, a date, is a month alone in a row of three months or more
 * ("March, April, May." recited): no date of anything. */
static int recited_month(const deid_doc *d, const cand *c)
{
    size_t i = deid_tok_at(d, c->a, 1);
    if (c->type != WARD_PHI_DATE || i >= d->n || TK(i).a != c->a || TK(i).b != c->b || !month_list(d, i)) return 0;
    int run = 1;
    for (size_t k = i, hops = 0; k > 0 && hops < 8 && !TK(k).nl; k--, hops++)
        if (TK(k - 1).w & W_MONTH) run++;
        else if (!is_p(d, k - 1, ',') && !tok_eq(d, k - 1, "and", 3)) break;
    for (size_t k = i + 1, hops = 0; k < d->n && hops < 8 && !TK(k).nl; k++, hops++)
        if (TK(k).w & W_MONTH) run++;
        else if (!is_p(d, k, ',') && !tok_eq(d, k, "and", 3)) break;
    return run >= 3;
}

/* Span c, a place or a name, is a listed drug's brand and the number
 * after it, its dose: "on Mounjaro 5.", "Increase → Rexulti 3" (read as
 * a ward and its floor); not a word of the name, city or place lists ("on
 * Jasper 5", "to Mercy 4" stay wards), never in a name's position ("paged
 * Dr. Mounjaro 5 times"). */
static int drug_dose(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_FACILITY && c->type != WARD_PHI_CITY && c->type != WARD_PHI_NAME) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i + 2 > e || e > d->n || TK(i).a != c->a || !(TK(i).shape & T_ALPHA)) return 0;
    if ((TK(i).w & (W_FIRST | W_LAST | W_CITY | W_FAC | W_FAC2 | W_STATE)) || deid_name_position(d, i)) return 0;
    if (!deid_listed_drug(d, i, i + 1) || TK(i + 1).nl || !digits(d, i + 1, 1, 4)) return 0;
    /* the dose: "5", "2.5" to the span's end */
    size_t k = i + 2;
    if (k + 1 < e && is_p(d, k, '.') && glued(d, k) && glued(d, k + 1) && digits(d, k + 1, 1, 3)) k += 2;
    return k == e;
}

static uint32_t set_hash(const deid_doc *d, size_t k)
{
    uint32_t h = 2166136261u;
    for (size_t q = TK(k).a; q < TK(k).b; q++) h = (h ^ deid_lc((unsigned char)d->t[q])) * 16777619u;
    return h;
}

static int same_word(const deid_doc *d, size_t j, size_t k)
{
    return TLEN(j) == TLEN(k) && deid_eq_nocase(d->t + TK(j).a, d->t + TK(k).a, TLEN(k));
}

void deid_word_set_make(const deid_doc *d, deid_word_set *ws, const int *skip, int (*want)(const deid_doc *, size_t))
{
    ws->made = 1;
    size_t cnt = 0;
    /* want's answers, kept for the second pass: it may cost hundreds of
     * instructions a token (deid_named_word) */
    uint8_t *in = ward_xmalloc(d->n + 1);
    for (size_t k = 0; k < d->n; k++) cnt += in[k] = !(skip && skip[k]) && want(d, k);
    if (cnt) {
        ws->sz = 16;
        while (ws->sz < cnt * 2) ws->sz *= 2;
        ws->tab = ward_xcalloc(ws->sz, sizeof *ws->tab);
    }
    for (size_t k = 0; k < d->n && cnt; k++) {
        if (!in[k]) continue;
        size_t h = set_hash(d, k) & (ws->sz - 1);
        while (ws->tab[h] && !same_word(d, ws->tab[h] - 1, k)) h = (h + 1) & (ws->sz - 1);
        ws->tab[h] = k + 1;
    }
    free(in);
}

int deid_word_set_has(const deid_doc *d, const deid_word_set *ws, size_t k)
{
    if (!ws->tab) return 0;
    for (size_t h = set_hash(d, k) & (ws->sz - 1); ws->tab[h]; h = (h + 1) & (ws->sz - 1))
        if (same_word(d, ws->tab[h] - 1, k)) return 1;
    return 0;
}

size_t *deid_word_rings(const deid_doc *d)
{
    size_t *ring = ward_xmalloc((d->n ? d->n : 1) * sizeof *ring), sz = 16;
    while (sz < d->n * 2) sz *= 2;
    size_t *last = ward_xcalloc(sz, sizeof *last);     /* the word's latest token + 1 */
    for (size_t k = 0; k < d->n; k++) {
        ring[k] = k;
        if (TK(k).shape & T_PUNCT) continue;
        size_t h = set_hash(d, k) & (sz - 1);
        while (last[h] && !same_word(d, last[h] - 1, k)) h = (h + 1) & (sz - 1);
        if (last[h]) {                                 /* k goes between the latest and the first */
            ring[k] = ring[last[h] - 1];
            ring[last[h] - 1] = k;
        }
        last[h] = k + 1;
    }
    free(last);
    return ring;
}

/* The words the note writes in lower case, four letters or more, outside
 * every span of d->c[0..n), made when a span the tagger added first asks.
 * Spans are marked by a running count (+1 at a span's first token, -1
 * after its last), so that many overlapping spans stay linear. */
static int lower_candidate(const deid_doc *d, size_t k)
{
    return (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP) && TLEN(k) >= 4;
}

static void lower_make(const deid_doc *d, size_t n, deid_word_set *ls)
{
    int *run = ward_xcalloc(d->n + 1, sizeof *run);
    for (size_t j = 0; j < n; j++) {
        size_t a = deid_tok_at(d, d->c[j].a, 1), b = deid_tok_at(d, d->c[j].b, 0);
        if (a < b && b <= d->n) run[a]++, run[b]--;
    }
    for (size_t k = 0, in = 0; k < d->n; k++) {
        in += (size_t)run[k];
        run[k] = in != 0;
    }
    deid_word_set_make(d, ls, run, lower_candidate);
    free(run);
}

int deid_named_word(const deid_doc *d, size_t k)
{
    return cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) >= 2 && deid_name_position(d, k);
}

/* A word before token i, three at most on its line, says where someone
 * lives, goes or is taken ("lives in", "moved to", "born in",
 * "transferred from"): a place's name follows, whatever else its word may
 * be. */
static int whereabouts_before(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"lives", "live", "living", "lived", "resides", "reside", "residing", "resident",
                                    "moved", "moving", "relocated", "born", "raised", "grew", "home", "visiting",
                                    "visited", "traveled", "travelled", "flew", "drove", "returned", "native",
                                    "transferred", "transfer", "admitted", "discharged", "sent", "referred",
                                    "brought", "came", "arrived", "airlifted", "works", "worked", "working", "employed"};
    for (size_t k = i, hops = 0; k > 0 && hops < 3 && !TK(k).nl; k--, hops++)
        if (tok_in(d, k - 1, w, sizeof w / sizeof *w)) return 1;
    return 0;
}

/* "from" at f tells where a person comes from, not what helps: "is from",
 * "originally from", "her cousin from", "family from". */
static int origin_from(const deid_doc *d, size_t f)
{
    static const char *const w[] = {"is", "was", "are", "were", "originally", "family", "friend", "friends", "come",
                                    "comes", "hails", "immigrated", "emigrated"};
    return f > 0 && !TK(f).nl && (tok_in(d, f - 1, w, sizeof w / sizeof *w) || (TK(f - 1).w & W_RELATIVE));
}

/* Token i, inside its clause, stands where a drug does: after a word a
 * drug follows ("including Malarone prophylaxis", "she prefers Lidoderm",
 * "started Yaz", "a dose of Keppra"). The words a person follows are
 * endless ("texted", "hugged", "picked up"): a name the tagger found
 * anywhere else stays a name ("Mom texted Yaz"), after "on" too ("was on
 * Yaz" or "checked on Yaz": a name stays, the safe side). */
static int drug_word_before(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"including", "includes", "include", "started", "start", "starting", "starts",
                                    "restarted", "restart", "take", "takes", "taking", "took", "continue", "continued",
                                    "continues", "continuing", "prefers", "prefer", "preferred", "tried", "try",
                                    "using", "uses", "used", "prescribed", "discontinued", "stopped", "increased",
                                    "decreased", "tolerating", "tolerated", "plus", "than", "like"};
    static const char *const dose[] = {"dose", "doses", "course", "trial", "tablet", "tablets", "tab", "tabs",
                                       "mg", "supply"};
    if (i == 0 || TK(i).nl || (TK(i - 1).shape & T_CAP)) return 0;
    if (tok_eq(d, i - 1, "of", 2)) return i >= 2 && !TK(i - 1).nl && tok_in(d, i - 2, dose, sizeof dose / sizeof *dose);
    return tok_in(d, i - 1, w, sizeof w / sizeof *w);
}

/* Span c, a name or a place, is one word that is a listed drug
 * (data/deid_drugs.tsv) and nothing else the lists know: a place a weak
 * cue took ("He may benefit from Botox", "no changes in Trileptal"), a
 * name guessed where a clause opens ("Zoloft helped her mood"). Not where
 * a person or a place surely stands: in a name's position ("Dr. Botox"),
 * after a place's preposition other than "from" ("works at Keppra",
 * "given to Megace"), after a word of whereabouts ("lives in Trileptal"),
 * before a state ("Botox, Ohio") or a possessive; a name of the rules only
 * opening its clause ("Discussed with Yaz" is a person), one the tagger
 * guessed also after a word a drug follows ("including Malarone
 * prophylaxis"; see drug_word_before). */
static int drug_alone(const deid_doc *d, const cand *c, deid_word_set *named)
{
    if (c->type != WARD_PHI_NAME && c->type != WARD_PHI_CITY && c->type != WARD_PHI_FACILITY) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n || TK(i).a != c->a || !cap(d, i) ||
        (TK(i).w & (W_FIRST | W_LAST | W_CITY | W_STATE | W_FAC | W_FAC2 | W_TITLE | W_CRED)))
        return 0;
    /* one word: three hyphenated halves at most ("Neo-Synephrine", not
     * "Botox's"), none glued before or after it ("Smith-Botox"; its ends
     * only are asked, so that an endless hyphen chain stays linear), its
     * text a listed drug */
    if (e - i > 5 || (i > 0 && is_p(d, i - 1, '-') && glued(d, i)) || (is_p(d, e, '-') && glued(d, e))) return 0;
    for (size_t k = i + 1; k < e; k += 2)
        if (k + 1 >= e || !is_p(d, k, '-') || !glued(d, k) || !glued(d, k + 1)) return 0;
    if (!deid_listed_drug(d, i, e)) return 0;
    if (c->type == WARD_PHI_NAME && !clause_start(d, i) && !(c->prio == 0 && drug_word_before(d, i))) return 0;
    if (deid_name_position(d, i) || whereabouts_before(d, i) || (is_p(d, e, '\'') && glued(d, e)) ||
        (deid_place_position(d, i, e, 9) && !(i > 0 && tok_eq(d, i - 1, "from", 4) && !origin_from(d, i - 1))))
        return 0;
    size_t s = is_p(d, e, ',') ? e + 1 : e;
    if (s > e && s < d->n && !TK(s).nl && ((TK(s).w & W_STATE) || (TLEN(s) == 2 && (TK(s).shape & T_UPPER)))) return 0;
    /* nor a word that names someone elsewhere in the note: a name found
     * once is redacted everywhere ("Dr. Botox ... Botox agreed") */
    if (!named->made) deid_word_set_make(d, named, NULL, deid_named_word);
    return !deid_word_set_has(d, named, i);
}

/* Token k is a word in capitals that the name lists hold as an everyday
 * word if at all ("CRYSTAL", "GOLD"), a number, or a hyphen glued between
 * such parts: a piece of a trial's acronym ("MADIT-II", "FIDELIO-DKD"). */
static int acronym_part(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return 0;
    if (is_p(d, k, '-')) return glued(d, k) && k + 1 < d->n && glued(d, k + 1);
    if (TK(k).shape & T_DIGIT) return TLEN(k) <= 4;
    uint32_t w = TK(k).w;
    return (TK(k).shape & T_ALPHA) && (TK(k).shape & T_UPPER) && !(w & (W_TITLE | W_CRED)) &&
           (!(w & (W_FIRST | W_LAST)) || (w & W_COMMON));
}

/* Tokens i..e before a year name a guideline, not a person: no word the
 * name lists hold ("per BROWN 2024" is a surname), unless it is a
 * guideline's own acronym that is a name too ("per GOLD 2025", "per ATA 2015"). */
static int guideline_words(const deid_doc *d, size_t i, size_t e)
{
    static const char *const w[] = {"gold", "ata", "ada", "nice", "aha", "acc", "esc", "ats", "acg", "aga"};
    for (size_t k = i; k < e; k++)
        if ((TK(k).w & (W_FIRST | W_LAST)) && !tok_in(d, k, w, sizeof w / sizeof *w)) return 0;
    return 1;
}

/* Span c, a name or a place after "per" in lower case (a cue of a
 * person's word: "per Dr. Okafor"), is a trial or a guideline named by its
 * capitals: an acronym of hyphenated parts ("per MADIT-II", "per
 * FIDELIO-DKD and FIGARO-DKD", "per CRYSTAL-AF") or one before its year
 * ("per GOLD 2025", "per ATA 2015 guidelines"). A word the name lists
 * hold as a name only stays a name ("per JONES 2025"), and so does one
 * word of capitals alone or a hyphenated pair of long words, which a
 * surname written in capitals may be ("per OKAFOR", "per OKAFOR-ZORBLAT"). */
static int per_trial(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_NAME && c->type != WARD_PHI_FACILITY && c->type != WARD_PHI_CITY) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n || e - i > 7 || i == 0 || TK(i).nl) return 0;
    /* hyphenated, with a short part no name list holds ("II", "DKD",
     * "AF"; "OKAFOR-LEE" is a surname) */
    int hyphen = 0, part = 0;
    for (size_t k = i; k < e; k++) {
        if (!acronym_part(d, k)) return 0;
        hyphen |= is_p(d, k, '-');
        part |= !is_p(d, k, '-') && TLEN(k) <= 3 && !(TK(k).w & (W_FIRST | W_LAST));
    }
    if (!(hyphen && part) && !(digits(d, e, 4, 4) && !TK(e).nl && deid_year(num(d, e)) && guideline_words(d, i, e)))
        return 0;
    /* back to "per", past the trials listed before it ("FIDELIO-DKD and") */
    size_t q = i;
    for (int hops = 0; hops < 8 && q > 0 && !TK(q).nl; hops++, q--)
        if (!acronym_part(d, q - 1) && !tok_eq(d, q - 1, "and", 3) && !is_p(d, q - 1, '/') && !is_p(d, q - 1, ','))
            break;
    return q > 0 && !TK(q).nl && tok_eq(d, q - 1, "per", 3) && !(TK(q - 1).shape & T_CAP);
}

/* Public bodies and programs, which name no one and no place of care:
 * agencies, insurers of the state, fellowships of recovery. Words in lower
 * case, one space between ("aha/acc" is three tokens: "aha / acc"), each
 * starting with a letter a-z (index_bodies files them by it). */
static const char *const public_bodies[] = {
    "alcoholics anonymous", "narcotics anonymous", "cocaine anonymous", "overeaters anonymous",
    "gamblers anonymous", "child protective services", "adult protective services", "protective services",
    "social security", "social security administration", "vocational rehabilitation",
    "department of vocational rehabilitation", "department of rehabilitation", "department of social services",
    "department of children and family services", "department of motor vehicles", "medicare", "medicaid",
    "medi - cal", "fda", "cdc", "centers for disease control", "centers for disease control and prevention",
    "food and drug administration", "world health organization", "national institutes of health", "nih", "cms",
    "aha / acc", "acc / aha", "uspstf", "joint commission", "red cross", "american red cross", "salvation army",
    "meals on wheels", "head start", "va hospital", "va clinic", "va medical center", "va medical centre"};

#define N_BODIES (sizeof public_bodies / sizeof *public_bodies)
_Static_assert(N_BODIES <= 64, "a body is a bit of a letter's mask");

/* by_letter[c - 'a']: the bodies whose first word starts with c, a bit
 * each in list order (the first of them that matches wins, as in the
 * list). A name-dense text asks public_body of every name: the mask spares
 * it the list. */
static uint64_t by_letter[26];
static pthread_once_t by_letter_once = PTHREAD_ONCE_INIT;

static void index_bodies(void)
{
    for (size_t q = 0; q < N_BODIES; q++) by_letter[public_bodies[q][0] - 'a'] |= (uint64_t)1 << q;
}

/* The token after public body w matched from token s, or 0. */
static size_t public_match(const deid_doc *d, size_t s, const char *w)
{
    for (size_t k = s;; k++) {
        if (k >= d->n || (k > s && TK(k).nl)) return 0;
        /* the token's bytes, then the word's end (the compare stops at the
         * first difference, so w is never read past its NUL) */
        size_t n = TLEN(k);
        if (!deid_eq_nocase(d->t + TK(k).a, w, n) || (w[n] != ' ' && w[n])) return 0;
        if (!w[n]) return k + 1;
        w += n + 1;
    }
}

/* Token s follows a place's or a person's name it belongs to: a
 * capitalized word inside its clause ("Orange County Child Protective
 * Services", "Edward Hines Jr. VA Hospital": past a short abbreviation's
 * period), not one opening it ("Called Child Protective Services"). */
static int named_before(const deid_doc *d, size_t s)
{
    if (s == 0 || TK(s).nl) return 0;
    size_t p = s - 1;
    if (is_p(d, p, '.') && glued(d, p) && p > 0 && TLEN(p - 1) <= 3) p--;   /* "Jr.", "St." */
    return cap(d, p) && (TK(p).shape & T_ALPHA) && !clause_start(d, p);
}

/* Span c (a name or a place, whichever rule or the tagger took it) lies
 * inside the name of a public body or program ("[Protective] Services" of
 * "Child Protective Services", "returns to Alcoholics Anonymous", "FDA",
 * "Medicare"), written with capitals, not followed by "of" and a
 * capitalized word (a local chapter or office: "Alcoholics Anonymous of
 * Dayton" is a place's name), not after a title ("Dr. Medicare") and, one
 * word, not in a name's position ("Medicare Okafor"). A place after a
 * capitalized word in its clause is a local office's name ("Orange County
 * Child Protective Services"); a name inside the body's words is never a
 * person, whatever stands before ("Protective" stays). */
static int public_body(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_NAME && c->type != WARD_PHI_FACILITY && c->type != WARD_PHI_CITY) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n || !cap(d, i)) return 0;
    /* the fellowships by their letters, before their meetings: "goes to AA meetings" */
    static const char *const meets[] = {"meeting", "meetings", "sponsor", "sponsors", "group", "groups"};
    if (e == i + 1 && (tok_eq(d, i, "aa", 2) || tok_eq(d, i, "na", 2)) && (TK(i).shape & T_UPPER) && e < d->n &&
        !TK(e).nl && tok_in(d, e, meets, sizeof meets / sizeof *meets))
        return 1;
    pthread_once(&by_letter_once, index_bodies);
    for (size_t s = i >= 3 ? i - 3 : 0; s <= i; s++) {
        if ((s < i && TK(i).nl) || !cap(d, s)) continue;
        unsigned char c0 = deid_lc((unsigned char)d->t[TK(s).a]);
        if (c0 < 'a' || c0 > 'z') continue;
        for (uint64_t bodies = by_letter[c0 - 'a']; bodies; bodies &= bodies - 1) {
            size_t q = (size_t)__builtin_ctzll(bodies);
            size_t m = public_match(d, s, public_bodies[q]);
            if (!m || m < e) continue;
            if (m + 1 < d->n && !TK(m).nl && tok_eq(d, m, "of", 2) && cap(d, m + 1)) return 0;
            if ((s > 0 && !TK(s).nl && (TK(s - 1).w & W_TITLE)) || (m == s + 1 && deid_name_position(d, s)) ||
                (c->type != WARD_PHI_NAME && named_before(d, s)))
                return 0;
            return 1;
        }
    }
    return 0;
}

/* A word the lists do not hold as a name, a city, a state or a place's
 * head, not in a name's position. */
static int nameless(const deid_doc *d, size_t k)
{
    return (TK(k).shape & T_ALPHA) && TLEN(k) >= 4 &&
           !(TK(k).w & (W_FIRST | W_LAST | W_CITY | W_STATE | W_FAC | W_FAC2 | W_TITLE | W_CRED | W_ACCENT)) &&
           !deid_name_position(d, k);
}

/* Span c, a name the tagger added, is an everyday word: each of
 * its words is written in lower case elsewhere in the note where nothing
 * was redacted ("Ligature A" ... "a second ligature mark"), or it is one
 * word in lower case with an ending of English or of clinical words
 * ("concerns for coagulopathy", "what is mentioned"), or an adverb opening
 * a sentence before its comma ("Additionally, he agrees"). Never a word of
 * the name, city or place lists, nor one in a name's or a place's
 * position ("at deaconess"; a place the tagger found is never asked:
 * "call Swedish" is a hospital however often "swedish" is written): a surname
 * the tagger found ("Xiong ... xiong" of a lower-case dictation is
 * redacted in both places, so neither is outside a span). */
static int everyday_word(const deid_doc *d, const cand *c, size_t n, deid_word_set *ls)
{
    if (c->prio != 0 || c->type != WARD_PHI_NAME) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n || e - i > 4 || deid_place_position(d, i, e, 3)) return 0;
    for (size_t k = i; k < e; k++)
        if (!nameless(d, k)) return 0;
    if (e == i + 1 && !(TK(i).shape & T_CAP)) {
        /* endings names have too ("chioma", "nehemia") only for words
         * clinical text writes in lower case */
        static const char *const clin[] = {"pathy", "itis", "osis", "algia", "ectomy", "otomy", "plasty", "scopy",
                                           "graphy"};
        static const char *const named[] = {"emia", "uria", "oma"};
        return TLEN(i) >= 5 && (deid_english_word(d, i) || deid_ending(d, i, clin, sizeof clin / sizeof *clin, 0) ||
                                (deid_ending(d, i, named, sizeof named / sizeof *named, 0) && deid_lower_word(d, i)));
    }
    static const char *const ly[] = {"ally", "ively", "ously", "edly", "ately"};
    if (e == i + 1 && TLEN(i) >= 8 && is_p(d, e, ',') && clause_start(d, i) && deid_ending(d, i, ly, sizeof ly / sizeof *ly, 1))
        return 1;
    if (!ls->made) lower_make(d, n, ls);
    for (size_t k = i; k < e; k++)
        if (!(TK(k).shape & T_CAP) || !deid_word_set_has(d, ls, k)) return 0;
    return 1;
}

/* Span c, a name, is a treadmill protocol named after its author ("Bruce",
 * "Naughton", "Balke", "Ellestad", "Cornell"; "Modified Bruce") where a
 * protocol stands ("exercised on Bruce for 8 minutes", "PROTOCOL: Bruce.",
 * "Treadmill: Bruce, 7 minutes"); never after a title, nor beside another
 * word of the name lists ("Dr. Bruce", "Bruce Okafor walked on the
 * treadmill"). */
static int exercise_protocol(const deid_doc *d, const cand *c)
{
    static const char *const proto[] = {"bruce", "naughton", "balke", "ellestad", "cornell"};
    if (c->type != WARD_PHI_NAME) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i < e && e == i + 2 && tok_eq(d, i, "modified", 8)) i++;
    if (i >= d->n || e != i + 1 || !tok_in(d, i, proto, sizeof proto / sizeof *proto)) return 0;
    size_t p = i > 0 && is_p(d, i - 1, '.') ? i - 1 : i;
    if ((p > 0 && !TK(p).nl && (TK(p - 1).w & W_TITLE)) || deid_name_position(d, i)) return 0;
    /* "Bruce, RN supervised", "on Bruce, his son," */
    static const char *const whose[] = {"his", "her", "their", "my", "our"};
    if (is_p(d, e, ',') && e + 1 < d->n && !TK(e + 1).nl &&
        ((TK(e + 1).w & (W_CRED | W_RELATIVE | W_TITLE)) || tok_in(d, e + 1, whose, sizeof whose / sizeof *whose)))
        return 0;
    if ((i > 0 && !TK(i).nl && cap(d, i - 1) && (TK(i - 1).w & (W_FIRST | W_LAST)) && !tok_eq(d, i - 1, "modified", 8)) ||
        (e < d->n && !TK(e).nl && cap(d, e) && (TK(e).w & (W_FIRST | W_LAST))))
        return 0;
    /* its place: a label's colon ("PROTOCOL: Bruce", "Treadmill: Bruce")
     * or "on" after the walking ("exercised on Bruce", "walked on a
     * modified Bruce"); the clause goes on with its time or ends ("Stress
     * test results: Bruce called", "discussed with Bruce" are people) */
    static const char *const walk[] = {"exercised", "exercise", "walked", "ran", "exercising", "walking"};
    static const char *const label[] = {"protocol", "treadmill"};
    static const char *const then[] = {"for", "protocol", "stage", "to", "x"};
    size_t b = i;
    while (b > 0 && !TK(b).nl && i - b < 3 && (tok_eq(d, b - 1, "modified", 8) || tok_eq(d, b - 1, "a", 1) ||
                                                 tok_eq(d, b - 1, "the", 3) || tok_eq(d, b - 1, "standard", 8)))
        b--;
    if (b < 2 || TK(b).nl || TK(b - 1).nl) return 0;
    int placed = (is_p(d, b - 1, ':') && tok_in(d, b - 2, label, sizeof label / sizeof *label)) ||
                 (tok_eq(d, b - 1, "on", 2) && tok_in(d, b - 2, walk, sizeof walk / sizeof *walk));
    return placed && (e >= d->n || TK(e).nl || is_p(d, e, '.') || is_p(d, e, ',') || is_p(d, e, ';') ||
                      tok_in(d, e, then, sizeof then / sizeof *then));
}

/* Span c, a place, lies inside a listed clinical term of several words
 * (TERM_IN): its place's head word belongs to the term ("the Mayfield
 * unit", "a Hounsfield unit density"), or the term names a kind of care
 * ("Same Day Surgery"). Not a term with a number, which names a ward too
 * ("Unit: Tanner 5"). Where a place stands (after a word of whereabouts or
 * a place's preposition), a term with a word clinical text never writes in
 * lower case is a place's name like any other ("Admitted to the Mayfield
 * Unit", "Lives at Gold Group home"), and so is one written in title case
 * anywhere; the kinds of care stay ("sent to Same Day Surgery"). */
static int in_term(const deid_doc *d, const cand *c)
{
    if (c->type != WARD_PHI_FACILITY) return 0;
    size_t i = deid_tok_at(d, c->a, 1), e = deid_tok_at(d, c->b, 0);
    if (i >= e || e > d->n) return 0;
    int named = 0, title = 1;
    for (size_t k = i; k < e; k++) {
        if (!(TK(k).term & TERM_IN) || (TK(k).shape & (T_DIGIT | T_MIXED))) return 0;
        named |= !deid_lower_word(d, k);
        title &= cap(d, k);
    }
    /* every word capitalized, a place's head word last, names a place
     * wherever it stands ("Mayfield Unit staff reported", "Hounsfield Unit:
     * bed 12"); the instrument writes its noun in lower case, and a
     * questionnaire is no place ("Minnesota Living with Heart Failure") */
    static const char *const head[] = {"unit", "home", "center", "centre", "hospital", "clinic", "ward", "wing"};
    title &= tok_in(d, e - 1, head, sizeof head / sizeof *head);
    return !named || !(title || whereabouts_before(d, i) || deid_place_position(d, i, e, 9));
}

size_t deid_keep_whole(deid_doc *d, size_t n)
{
    size_t o = 0;
    unsigned char *drop = NULL, *in_date = date_tokens(d, n);
    deid_word_set ls = {NULL, 0, 0}, named = {NULL, 0, 0};
    for (size_t j = 0; j < n; j++) {
        const cand *c = &d->c[j];
        int no = (c->type == WARD_PHI_DATE && measure(d, in_date, c)) || cued_number(d, c) ||
                 ((c->type == WARD_PHI_ID || c->type == WARD_PHI_DEVICE) && clinical_code(d, c)) ||
                 (c->type != WARD_PHI_DATE && suture_size(d, c)) || service(d, c) || region(d, c) || no_name(d, c) ||
                 society(d, c) || recited_month(d, c) || heading_word(d, c) || lab_row(d, c) || electrodes(d, c) ||
                 ((c->type == WARD_PHI_NAME || c->prio == 0) && president(d, c)) || test_title(d, c) ||
                 drug_dose(d, c) || drug_alone(d, c, &named) || per_trial(d, c) || public_body(d, c) || everyday_word(d, c, n, &ls) ||
                 exercise_protocol(d, c) || in_term(d, c);
        if (no) {
            if (!drop) drop = ward_xcalloc(n, 1);
            drop[j] = 1;
        }
    }
    free(in_date);
    free(ls.tab);
    free(named.tab);
    if (!drop) return n;
    /* and what other rules found inside them ("York" of "New York"; only
     * places and services hold words; at most 4M compares a note, so that
     * hostile input stays linear: past it, they stay redacted) */
    size_t budget = 4000000;
    for (size_t j = 0; j < n; j++) {
        if (drop[j] != 1 || d->c[j].type == WARD_PHI_DATE || budget < n) continue;
        budget -= n;
        for (size_t q = 0; q < n; q++)
            if (!drop[q] && d->c[q].a >= d->c[j].a && d->c[q].b <= d->c[j].b) drop[q] = 2;
    }
    for (size_t j = 0; j < n; j++)
        if (!drop[j]) d->c[o++] = d->c[j];
    free(drop);
    d->nc = o;
    return o;
}
