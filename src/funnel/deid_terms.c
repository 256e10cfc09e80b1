/* deid_terms.c — clinical terms that contain a person's or a place's name
 * stay, wherever a rule or the tagger found that name.
 *
 * "Swan-Ganz catheter", "Cheyne-Stokes respiration", "Glasgow Coma Scale",
 * "Kansas City Cardiomyopathy Questionnaire", "Baker Act": the same surname
 * may be a clinician's two lines up ("Dr. Swan"), and a rule that found a
 * name once redacts it everywhere in the note; the learned tagger may tag
 * such a word by its context as well.
 *
 * Ideas a reader needs:
 *  - Terms of several words are listed as K entries of data/deid_words.tsv
 *    (their own block, after the eponyms); the first word of each carries
 *    W_TERMPFX (moved into the token's `term` when tokenizing), and the text
 *    from there is looked up whole, longest first, so a listed term costs
 *    nothing where no term starts.
 *  - Whether a single word is used clinically here is deid_names.c's
 *    question (deid_clinical_at: an eponym before its clinical noun, score or
 *    finding, never right after a title). This file asks it of every name and
 *    place span twice: of the rules' candidates before overlaps are settled
 *    (deid_detect.c), and of the spans kept after the tagger (deid.c), and
 *    cuts such words out of the span.
 *  - Only names and places are cut: a facility's own words ("Sunrise
 *    Dialysis Unit") are not eponyms, and shapes (dates, numbers) hold none.
 */
#include "funnel/deid_int.h"
#include "data_deid_drugs_tsv.h"

#include <pthread.h>
#include <stdlib.h>

/* The token after the longest listed term of several words at i, or 0. */
static size_t term_end(const deid_doc *d, size_t i)
{
    char key[80];
    size_t best = 0;
    for (size_t k = i + 1; k < d->n && k < i + 8 && !TK(k).nl; k++) {
        size_t kn = deid_text_key(d, i, k, key, sizeof key);
        if (!kn) break;
        if (deid_word_flags(key, kn) & W_KEEP) best = k + 1;
    }
    return best;
}

/* A heading at token i: up to five words in capitals ending in a colon
 * ("MEDICATIONS AT HOME:", "ALLERGIES:"), or a line of such words alone
 * ("CURRENT MEDICATIONS"); title case with a colon at a line start
 * ("Discharge Medications:"). Returns the token after it (past the colon)
 * or 0; *meds: it names medications or allergies. */
static size_t heading_end(const deid_doc *d, size_t i, int *meds)
{
    static const char *const med[] = {"medications", "medication", "meds", "medicines", "allergies", "allergy",
                                      "prescriptions"};
    *meds = 0;
    int upper = 1, words = 0, m = 0;
    for (size_t k = i; k < d->n && k < i + 10; k++) {
        if (k > i && TK(k).nl) return upper && words && TK(i).nl ? (*meds = m, k) : 0;   /* a line of capitals */
        if (is_p(d, k, ':')) return words && (upper || TK(i).nl) ? (*meds = m, k + 1) : 0;
        if (is_p(d, k, '&') || is_p(d, k, '/') || is_p(d, k, '-')) continue;
        if (!(TK(k).shape & T_ALPHA) || !cap(d, k) || ++words > 5) return 0;
        if (!(TK(k).shape & T_UPPER)) upper = 0;
        m |= tok_in(d, k, med, sizeof med / sizeof *med);
    }
    return 0;
}

/* Marks TERM_MEDS the tokens of a section of medications or allergies:
 * from its heading to the next heading, 60 lines at most. One pass. */
static void mark_meds(deid_doc *d)
{
    int meds = 0;
    size_t lines = 0;
    for (size_t k = 0; k < d->n; k++) {
        if (TK(k).nl) lines++;
        /* a heading opens a line or a sentence ("... bid. ALLERGIES: None.") */
        if ((TK(k).nl || k == 0 || (is_p(d, k - 1, '.') && TK(k).sp)) && cap(d, k)) {
            int m;
            size_t e = heading_end(d, k, &m);
            if (e) {
                meds = m, lines = 0;
                k = e - 1;
                continue;
            }
        }
        if (lines > 60) meds = 0;
        if (meds) d->tk[k].term |= TERM_MEDS;
    }
}

void deid_terms_mark(deid_doc *d)
{
    /* the letters that open a line as "B." (item_letter asks of them per
     * word: one pass here keeps that linear on hostile input) */
    d->item_letters = 0;
    for (size_t j = 0; j < d->n; j++) {
        unsigned char c = (unsigned char)d->t[TK(j).a];
        if (TK(j).nl && TLEN(j) == 1 && is_p(d, j + 1, '.') && c >= '@' && c <= 'I')
            d->item_letters |= 1u << (c - '@');
    }
    mark_meds(d);
    for (size_t i = 0; i < d->n; i++) {
        if (!(TK(i).term & TERM_PFX)) continue;
        size_t e = term_end(d, i);
        for (size_t k = i; k < e; k++) d->tk[k].term |= TERM_IN;
        if (e) i = e - 1;
    }
}

/* A stage or class in roman numerals: "III" of "Tanner III". */
static int roman(const deid_doc *d, size_t k)
{
    return TLEN(k) <= 4 && deid_roman(d, k, 1, 0);
}

/* A word that may be part of a person's name beside token k. */
static int name_like(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) > 1 && !(TK(k).shape & T_UPPER) &&
           !(TK(k).w & (W_KEEP | W_STOP | W_TITLE | W_CUE | W_HEAD | W_MONTH)) &&
           (!TK(k).w || (TK(k).w & (W_FIRST | W_LAST)));
}

static int quote(const deid_doc *d, size_t k)
{
    return is_p(d, k, '"') || is_p(d, k, '(') || is_p(d, k, ')') || is_p(d, k, '\'') ||
           (TLEN(k) == 3 && (!memcmp(d->t + TK(k).a, "\xE2\x80\x9C", 3) || !memcmp(d->t + TK(k).a, "\xE2\x80\x9D", 3)));
}

/* Word k stands alone, no other name word beside it on the line, past a
 * nickname's quotes ("status post Glenn", not "Geneva Bishop", "Bishop,
 * Kiersten" nor Geneviève "Geneva" Roux). */
static int lone(const deid_doc *d, size_t k)
{
    size_t l = k;
    if (l > 0 && !TK(l).nl && (quote(d, l - 1) || is_p(d, l - 1, ','))) l--;
    if (l > 0 && !TK(l).nl && name_like(d, l - 1)) return 0;
    size_t r = k + 1;
    if (r < d->n && !TK(r).nl && quote(d, r)) r++;
    if (is_p(d, r, ',')) r++;
    return r >= d->n || TK(r).nl || !name_like(d, r);
}

/* The token after a word at k, past a hyphenated second half ("Neo-Synephrine"). */
size_t deid_word_end(const deid_doc *d, size_t k)
{
    while (k + 2 < d->n && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && (TK(k + 2).shape & T_ALPHA))
        k += 2;
    return k + 1;
}

/* Token k is a word in lower case on the line. */
static int lower_word(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP);
}

/* deid_int.h: a drug's ending. */
int deid_drug_ending(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"ine", "ol", "ide", "one", "pam", "lam", "pril", "sartan", "statin", "mab",
                                       "nib", "cin", "cillin", "azole", "vir", "olol", "dipine", "afil", "parin",
                                       "oxacin", "cycline", "sone", "lone", "tide", "gliptin", "zepam", "pine"};
    return deid_ending(d, k, ends, sizeof ends / sizeof *ends, 0) != NULL;
}

/* A word in lower case that names an operation by its ending:
 * "bunionectomy", "culdoplasty", "arthrodesis", "cystourethropexy"; not
 * where a place's unit follows ("thrombectomy center"). Not "-scopy": a
 * unit is named so ("Faulkner endoscopy", "Hargrove 2 endoscopy suite"). */
/* operation_word's first test, inline where it is asked of every word
 * of a note (mark_named): the shortest such word has 7 letters and each
 * ends in 'y' or 's'. */
static inline int operation_shape(const deid_doc *d, size_t k)
{
    return k < d->n && TLEN(k) >= 7 && (d->t[TK(k).b - 1] == 'y' || d->t[TK(k).b - 1] == 's');
}

static int operation_word(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"ectomy", "otomy", "ostomy", "plasty", "pexy", "desis", "rrhaphy"};
    if (!operation_shape(d, k)) return 0;
    return lower_word(d, k) && deid_ending(d, k, ends, sizeof ends / sizeof *ends, 0) &&
           !(k + 1 < d->n && !TK(k + 1).nl && (TK(k + 1).w & (W_FAC | W_FAC2)));
}

/* A word in lower case that names an examination: "exam", "testing", "fields". */
static int exam_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"exam", "examination", "testing", "field", "fields"};
    return lower_word(d, k) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Token q is a hyphen glued between two capitalized words ("Marshall-Marchetti"). */
static int cap_hyphen(const deid_doc *d, size_t q)
{
    return q >= 1 && q + 1 < d->n && is_p(d, q, '-') && glued(d, q) && glued(d, q + 1) && cap(d, q - 1) &&
           cap(d, q + 1);
}

/* Word k, in lower case, reads as a verb or a verb's form: a verb of the
 * third person, of the past or in -ing, a modal, or one of a few verbs a
 * patient's name stands before ("needs", "underwent", "tolerated",
 * "undergoing", "will"; not "subtalar", "impingement"). */
static int verb_like(const deid_doc *d, size_t k)
{
    static const char *const v[] = {"is", "was", "has", "had", "does", "did", "went", "got", "underwent", "undergo",
                                    "need", "require", "refuse", "decline", "want", "await", "tolerate", "plan",
                                    "will", "can", "may", "should", "would", "could", "must", "post", "for"};
    static const char *const ends[] = {"ed", "ing", "es"};
    if (tok_in(d, k, v, sizeof v / sizeof *v) || deid_ending(d, k, ends, sizeof ends / sizeof *ends, 0)) return 1;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    return n >= 4 && p[n - 1] == 's' && p[n - 2] != 's' && p[n - 2] != 'u' && p[n - 2] != 'i';   /* "needs" */
}

/* Word k, in lower case, describes an operation between its eponym and
 * its name: an adjective of the body by its ending ("subtalar",
 * "vaginal", "radical"), never a verb ("underwent", "needs",
 * "tolerated", "reveal", "appear"). */
static int operation_adjective(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"al", "ar", "ic", "ous", "ary", "ior", "oid"};
    static const char *const verbs[] = {"reveal", "heal", "seal", "appeal", "conceal", "deal", "steal", "appear",
                                        "clear", "hear", "bear", "wear", "fear", "mimic", "panic"};
    return lower_word(d, k) && !(TK(k).w & W_STOP) && !verb_like(d, k) && deid_ending(d, k, ends, sizeof ends / sizeof *ends, 0) &&
           !tok_in(d, k, verbs, sizeof verbs / sizeof *verbs);
}

/* Word k is a surname that names the operation right after it ("Right
 * McBride bunionectomy", "Bilateral Crawford subtalar arthrodesis",
 * "Marshall-Marchetti-Krantz cystourethropexy"; "McCall's culdoplasty" is
 * a listed term), or an eponym of the lists the examination after it
 * ("Weber exam is midline", "Hawkins impingement testing", "Humphrey
 * visual fields"). Between name and operation may stand one adjective
 * only ("subtalar"), never a verb ("Johnson underwent colectomy",
 * "Johnson needs colostomy reversal"), nor a possessive ("surgeon Lee's
 * colectomy note"); before an examination one word that is no verb. The
 * name's first word is in no name's position ("Dr. McBride" is a surgeon,
 * whatever follows), and word k in none elsewhere in the note (TERM_NAMED:
 * "Mr. Smith ... Smith tolerated appendectomy"). Hyphen chains are
 * followed four words at most either way: hostile input of long chains
 * stays linear. */
static int eponym_operation(const deid_doc *d, size_t k)
{
    if (!cap(d, k) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2 || (TK(k).term & TERM_NAMED)) return 0;
    size_t f = k, e = k + 1;
    for (int hops = 0; hops < 4 && f >= 2 && cap_hyphen(d, f - 1); hops++) f -= 2;
    for (int hops = 0; hops < 4 && cap_hyphen(d, e); hops++) e += 2;
    if (deid_name_position(d, f)) return 0;
    if (operation_word(d, e) || (operation_adjective(d, e) && operation_word(d, e + 1))) return 1;
    if (!(TK(k).w & W_EPONYM)) return 0;
    /* "Pt Weber exam benign": the patient's name */
    if (f >= 1 && (tok_eq(d, f - 1, "pt", 2) || tok_eq(d, f - 1, "patient", 7))) return 0;
    if (lower_word(d, e) && !(TK(e).w & W_STOP) && !verb_like(d, e) && !exam_word(d, e)) e++;   /* "impingement" */
    return exam_word(d, e);
}

/* A generic drug name by its ending, in lower case: "nortriptyline",
 * "ixabepilone", "lorazepam" (not a role: "(charge)", "(daughter)"). */
static int generic_name(const deid_doc *d, size_t k)
{
    if (k >= d->n || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || TLEN(k) < 6 ||
        (TK(k).w & (W_RELATIVE | W_CRED | W_STOP | W_FIRST | W_LAST)))
        return 0;
    return deid_drug_ending(d, k);
}

/* Token k is a unit of dose, alone ("mg") or glued to its number ("100mg"). */
static int dose_unit(const deid_doc *d, size_t k, size_t skip)
{
    static const char *const unit[] = {"mg", "mcg", "g", "gm", "ml", "units", "meq", "mg/kg", "mcg/kg", "mg/m2"};
    if (k >= d->n || TK(k).nl) return 0;
    if (!skip) return tok_in(d, k, unit, sizeof unit / sizeof *unit);
    const char *p = d->t + TK(k).a + skip;
    size_t n = TLEN(k) - skip;
    for (size_t i = 0; i < sizeof unit / sizeof *unit; i++)
        if (strlen(unit[i]) == n && deid_eq_nocase(p, unit[i], n)) return 1;
    return 0;
}

/* A dose at token k: "60 mg", "2.5 mg", "100mg", "2.5mg". */
static int dose_at(const deid_doc *d, size_t k)
{
    size_t u = k;
    if (digits(d, u, 1, 4) && is_p(d, u + 1, '.') && glued(d, u + 1) && glued(d, u + 2)) u += 2; /* "2." */
    if (digits(d, u, 1, 4)) return dose_unit(d, u + 1, 0);
    if (u >= d->n || !(TK(u).shape & T_MIXED)) return 0;
    size_t q = 0;
    while (q < TLEN(u) && q < 5 && d->t[TK(u).a + q] >= '0' && d->t[TK(u).a + q] <= '9') q++;
    return q >= 1 && q <= 4 && dose_unit(d, u, q);
}

/* Drug names (data/deid_drugs.tsv: brands, the lexicon's one-word
 * drugs), read once; asked only where a drug's context stands. */
static funnel_lex *drug_table;
static pthread_once_t drugs_once = PTHREAD_ONCE_INIT;

static void free_drugs(void) { funnel_lex_free(drug_table); }

static void load_drugs(void)
{
    drug_table = funnel_lex_new();
    funnel_lex_load_tsv(drug_table, WARD_DATA_DEID_DRUGS_TSV, sizeof WARD_DATA_DEID_DRUGS_TSV - 1, NULL);
    atexit(free_drugs);
}

/* The word at k, to its end e (its hyphenated halves: "Solu-Medrol"), is
 * a listed drug. */
int deid_listed_drug(const deid_doc *d, size_t k, size_t e)
{
    if (k >= d->n || e <= k || e > d->n || !(TK(k).shape & T_ALPHA)) return 0;
    pthread_once(&drugs_once, load_drugs);
    char key[48];
    size_t kn = deid_text_key(d, k, e - 1, key, sizeof key);
    if (kn && funnel_lex_get(drug_table, key, kn)) return 1;
    /* "Theragran-M": its first half */
    return e > k + 1 && (kn = deid_text_key(d, k, k, key, sizeof key)) && funnel_lex_get(drug_table, key, kn);
}

/* How much a word may be a drug: DRUG_LISTED (a listed drug, or a word
 * no name list holds with a drug's ending: "Asacol"), DRUG_UNKNOWN (no
 * name list holds it: "Keppra" may be a drug or a surname), DRUG_NAMED (a
 * name of the lists: only a dose or a verb of giving makes it a drug). */
enum { DRUG_NAMED, DRUG_UNKNOWN, DRUG_LISTED };

static int drug_kind(const deid_doc *d, size_t k, size_t e)
{
    if (deid_listed_drug(d, k, e)) return DRUG_LISTED;
    for (size_t q = k; q < e; q += 2) /* a compound's halves may be everyday words: "Neo-Synephrine" */
        if ((TK(q).w & (W_FIRST | W_LAST)) && (e == k + 1 || !(TK(q).w & W_COMMON))) return DRUG_NAMED;
    /* an ending only drugs have ("-pril", "-sartan", "-statin"; not "-ine"
     * nor "-one": "Medicine", "Whitestone"), on no word the lists or
     * clinical text hold otherwise */
    static const char *const ends[] = {"pril", "sartan", "statin", "mab", "nib", "cillin", "azole", "olol", "dipine",
                                       "afil", "parin", "oxacin", "cycline", "gliptin", "azepam", "triptan", "tidine",
                                       "setron", "lukast", "mycin", "profen", "oxetine", "dronate", "gliflozin",
                                       "glutide", "vudine", "navir", "ciclovir", "caine", "azam", "platin"};
    return e == k + 1 && TLEN(k) >= 6 && !(TK(k).w & (W_KEEP | W_COMMON | W_HEAD | W_FAC | W_FAC2 | W_STOP)) &&
                   deid_ending(d, k, ends, sizeof ends / sizeof *ends, 0) && !deid_lower_word(d, k)
               ? DRUG_LISTED
               : DRUG_UNKNOWN;
}

/* The letters of token k and the dotted letters glued after it, lower
 * case, in key[0..7]: "p.o." -> "po", "b.i.d." -> "bid", "IV" -> "iv". */
static size_t dotted_key(const deid_doc *d, size_t k, char *key)
{
    size_t n = 0;
    for (size_t q = k; q < d->n && (q == k || glued(d, q)) && (TK(q).shape & (T_ALPHA | T_MIXED)); q += 2) {
        if (n + TLEN(q) > 7) return 0;
        for (size_t b = TK(q).a; b < TK(q).b; b++) key[n++] = (char)deid_lc((unsigned char)d->t[b]);
        if (!(is_p(d, q + 1, '.') && glued(d, q + 1))) break;
    }
    key[n] = 0;
    return n;
}

/* A route or how often, as written after a drug: "IV", "p.o.", "b.i.d.",
 * "q.d.", "prn", "q6h", "subq". */
static int sig_at(const deid_doc *d, size_t k)
{
    static const char *const sig[] = {"po", "iv", "ivp", "ivpb", "im", "sq", "subq", "subcu", "sc", "sl", "prn",
                                      "qd", "bid", "tid", "qid", "qhs", "qod", "qam", "qpm", "qday", "qweek", "q4h",
                                      "q6h", "q8h", "q12h", "q24h", "q4", "q6", "q8", "q12", "gtt", "gtts", "od",
                                      "os", "ou", "mdi", "hfa"};
    if (k >= d->n || TK(k).nl) return 0;
    char key[8];
    if (!dotted_key(d, k, key)) return 0;
    for (size_t i = 0; i < sizeof sig / sizeof *sig; i++)
        if (!strcmp(key, sig[i])) return 1;
    return 0;
}

/* A drug's form or how it is given: "tablets", "nebulizer", "Patanol
 * eyedrops", "nasal spray", "otic". */
static int form_word(const deid_doc *d, size_t k)
{
    static const char *const form[] = {"drops",      "eyedrops",  "tablet",   "tablets",   "tabs",     "tab",
                                       "capsule",    "capsules",  "cream",    "ointment",  "gel",      "lotion",
                                       "injection",  "injections", "infusion", "inhaler",  "inhalers", "suspension",
                                       "elixir",     "drip",      "nebulizer", "nebulizers", "neb",    "nebs",
                                       "puff",       "puffs",     "patch",    "patches",   "spray",    "sprays",
                                       "shampoo",    "syrup",     "solution", "suppository", "suppositories",
                                       "lozenge",    "lozenges",  "nasal",    "ophthalmic", "otic",    "topical",
                                       "transdermal", "sublingual", "intravenously", "orally", "subcutaneously"};
    return k < d->n && !TK(k).nl && !(TK(k).shape & T_CAP) && tok_in(d, k, form, sizeof form / sizeof *form);
}

/* How often, in lower case: "daily", "weekly"; with more, also "twice",
 * "once"; with more 2, also "times". */
static int often_word(const deid_doc *d, size_t k, int more)
{
    static const char *const w[] = {"daily", "nightly", "weekly", "monthly", "twice", "once", "times"};
    size_t n = more == 0 ? 4 : more == 1 ? 6 : 7;
    return k < d->n && !TK(k).nl && !(TK(k).shape & T_CAP) && deid_tok_in(d, k, w, n, ({
                                                                    static _Thread_local deid_list_filter f[3];
                                                                    &f[more];
                                                                }));
}

/* A count in words before a form: "one tablet", "two puffs". */
static int count_word(const deid_doc *d, size_t k)
{
    static const char *const count[] = {"one", "two", "three", "four", "half"};
    return tok_in(d, k, count, sizeof count / sizeof *count);
}

/* An amount and what it is at token k: a number ("500", "2.5", "10/40",
 * "1-2") then a unit, a form, a route or how often ("Keppra 500 bid",
 * "Renagel 2 tablets", "Digitek 250 p.o.", "Vytorin 10/40 mg"). */
static int amount_at(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return 0;
    /* "one tablet", "two puffs" */
    if (count_word(d, k)) return form_word(d, k + 1) || sig_at(d, k + 1);
    if (!digits(d, k, 1, 5)) return 0;
    size_t u = k + 1;
    for (int hops = 0; hops < 2 && (is_p(d, u, '.') || is_p(d, u, '/') || is_p(d, u, '-')) && glued(d, u) &&
                       glued(d, u + 1) && digits(d, u + 1, 1, 5);
         hops++)
        u += 2;
    return dose_unit(d, u, 0) || form_word(d, u) || sig_at(d, u) || dose_at(d, k) || (u < d->n && often_word(d, u, 2));
}

/* A brand's suffix in capitals: "Coreg CR", "Micardis HCT", "Bactrim DS",
 * "Claritin D". */
static int brand_suffix(const deid_doc *d, size_t k)
{
    static const char *const suf[] = {"xl", "xr", "er", "sr", "cr", "la", "cd", "ds", "hct", "hc", "odt", "xt", "d"};
    return k < d->n && !TK(k).nl && (TK(k).shape & T_UPPER) && TLEN(k) <= 3 && tok_in(d, k, suf, sizeof suf / sizeof *suf);
}

/* What a drug's name stands before: a dose ("Allegra 60 mg"), its form or
 * how often ("Patanol eyedrops", "Nevanac, OD, three times a day"), its
 * generic name in parentheses ("Pamelor (nortriptyline)"), a verb of
 * giving ("Mannitol was administered"); an amount ("Keppra 500 bid"),
 * past a brand's suffix ("Coreg CR 40 mg"); a word no name list holds
 * before a route or how often ("Lasix IV", "Metamucil q.d."), a listed
 * drug before "daily" too. kind: drug_kind's. */
static int drug_after(const deid_doc *d, size_t k, int kind)
{
    static const char *const given[] = {"administered", "given", "started", "restarted", "discontinued", "held",
                                        "skipped", "increased", "decreased", "tapered", "titrated", "infused",
                                        "injected", "applied", "prescribed", "dosing", "dose", "doses", "therapy"};
    if (k >= d->n || TK(k).nl) return 0;
    /* a dose past the generic in parentheses, and a closing quote before it:
     * "Ginsana" (Ginseng) 100mg; or past the parenthesis the name closes */
    if (is_p(d, k, ')') && glued(d, k) && dose_at(d, k + 1)) return 1;
    size_t g = k + (is_p(d, k, '"') && glued(d, k));
    if (is_p(d, g, '(') && g + 3 < d->n && !TK(g + 1).nl && is_p(d, g + 2, ')') && dose_at(d, g + 3)) return 1;
    static const char *const route[] = {"od", "os", "ou", "po", "iv", "im", "sq", "prn"};
    if (is_p(d, k, ',') && k + 1 < d->n && !TK(k + 1).nl && tok_in(d, k + 1, route, sizeof route / sizeof *route))
        return 1;
    if (form_word(d, k) || dose_at(d, k) || amount_at(d, k)) return 1;
    size_t s = k + brand_suffix(d, k);
    if (s > k && (dose_at(d, s) || amount_at(d, s) || sig_at(d, s) || form_word(d, s))) return 1;
    if (kind >= DRUG_UNKNOWN && sig_at(d, k)) return 1;
    if (kind == DRUG_LISTED && often_word(d, k, 1)) return 1;
    /* "Inspra twice daily" */
    if ((tok_eq(d, k, "twice", 5) || tok_eq(d, k, "once", 4)) && k + 1 < d->n && !TK(k + 1).nl &&
        (tok_eq(d, k + 1, "daily", 5) || tok_eq(d, k + 1, "a", 1)))
        return 1;
    if (is_p(d, k, '(') && k + 2 < d->n && !TK(k + 1).nl && is_p(d, k + 2, ')') && generic_name(d, k + 1)) return 1;
    /* "Mannitol was administered", "Pneumovax has been given" */
    static const char *const aux[] = {"was", "is", "were", "has", "had", "have", "been", "being"};
    for (int hops = 0; hops < 2 && k + 1 < d->n && !TK(k + 1).nl && tok_in(d, k, aux, sizeof aux / sizeof *aux); hops++)
        k++;
    if (!(TK(k).shape & T_CAP) && tok_in(d, k, given, sizeof given / sizeof *given)) return 1;
    if (kind == DRUG_LISTED && k > 0 && !TK(k).nl && (tok_eq(d, k, "used", 4) || tok_eq(d, k, "tried", 5)) &&
        tok_in(d, k - 1, aux, sizeof aux / sizeof *aux))
        return 1;                                    /* "Accutane has been used" */
    /* "Neosporin and band-aids were applied": a drug and a dressing */
    static const char *const put[] = {"applied", "administered", "infused", "injected", "instilled"};
    if (!tok_eq(d, k, "and", 3)) return 0;
    for (size_t q = k + 2; q < d->n && q < k + 5 && !TK(q).nl; q++)
        if ((tok_eq(d, q, "was", 3) || tok_eq(d, q, "were", 4)) && tok_in(d, q + 1, put, sizeof put / sizeof *put))
            return 1;
    return 0;
}

/* Token q opens a clause: a line, or after '.', ':' or ';' ("Continue Lasix."). */
static int opens_clause(const deid_doc *d, size_t q)
{
    return q == 0 || TK(q).nl || is_p(d, q - 1, '.') || is_p(d, q - 1, ':') || is_p(d, q - 1, ';');
}

/* Word q is a verb of giving a drug: "taking", "started", "receive";
 * capitalized only opening a clause ("Continue Lasix"); with a listed
 * drug also "given", "consider", "use", "tolerating". */
static int giving_verb(const deid_doc *d, size_t q, int kind)
{
    static const char *const verb[] = {"taking", "take", "takes", "took", "started", "start", "starting", "restarted",
                                       "restart", "try", "tried", "trying", "prescribed", "receiving", "received",
                                       "administered", "continue", "continued", "continuing", "discontinue",
                                       "discontinued", "stopped", "stop", "increase", "increased", "decrease",
                                       "decreased", "titrate", "titrated", "add", "added", "receive", "receives",
                                       "resume", "resumed", "resuming", "prescribe", "hold", "held", "holding",
                                       "refill", "refilled", "dispensed", "wean", "weaned", "taper", "tapered"};
    static const char *const listed[] = {"given", "gave", "give", "giving", "consider", "considering", "use", "uses",
                                         "used", "using", "tolerate", "tolerated", "tolerating", "recommend",
                                         "recommended", "needs", "need", "requires", "required", "avoid"};
    if ((TK(q).shape & T_CAP) && !opens_clause(d, q)) return 0;
    return tok_in(d, q, verb, sizeof verb / sizeof *verb) ||
           (kind == DRUG_LISTED && tok_in(d, q, listed, sizeof listed / sizeof *listed));
}

/* What a drug's name stands after: "taking Depakene", "switched to Taxol",
 * "try Patanol", "trial of Ixempra", "started on Lovenox", "increased
 * her Lasix", "started him on Coumadin", "0.25% Marcaine", "40 mg of
 * Lasix", "allergic to Keflex", "prescription for Nizoral"; with a listed
 * drug "on" or "off" after a word that is no verb ("now on Coumadin"),
 * "treated with", "due to". kind: drug_kind's. */
static int drug_before(const deid_doc *d, size_t k, int kind)
{
    static const char *const to[] = {"switched", "changed", "converted", "transitioned", "switch", "switching",
                                     "change", "changing", "convert", "transition", "allergic", "allergy",
                                     "allergies", "intolerant", "intolerance", "sensitivity", "reaction", "reactions"};
    static const char *const of[] = {"dose", "doses", "dosage", "course", "trial", "cycle", "cycles", "bolus", "mg",
                                     "mcg", "g", "gm", "grams", "ml", "cc", "cc's", "units", "meq", "tablets", "tabs",
                                     "puffs", "vials", "drops", "amount"};
    static const char *const on[] = {"started", "restarted", "continued", "maintained", "placed", "kept", "remains",
                                     "remained", "is", "was", "been", "currently", "still", "now", "also", "already",
                                     "back", "be", "put", "stay", "stays", "remain", "went", "going"};
    static const char *const pron[] = {"his", "her", "their", "the", "him", "them", "some", "any", "more",
                                       "additional", "extra"};
    static const char *const cause[] = {"due", "secondary", "related", "attributed"};
    static const char *const treated[] = {"treated", "managed", "controlled", "maintained", "premedicated",
                                          "pretreated", "anticoagulated", "sedated", "induced"};
    static const char *const script[] = {"prescription", "prescriptions", "rx", "script", "refill", "refills"};
    if (k < 2 || TK(k).nl) return 0;
    size_t q = k - 1;
    /* "0.25% Marcaine" */
    if (is_p(d, q, '%') && glued(d, q) && (TK(q - 1).shape & T_DIGIT)) return 1;
    /* "given IV Mannitol": past a route in capitals */
    if ((TK(q).shape & T_UPPER) && TLEN(q) <= 2 && sig_at(d, q) && q >= 2 && !TK(q).nl) q--;
    /* "a Medrol Dosepak": a drug's pack after a drug */
    if (kind == DRUG_LISTED && q == k - 1 && cap(d, q) && deid_listed_drug(d, q, k)) return 1;
    if (TK(q).shape & T_CAP) return giving_verb(d, q, kind);
    if (giving_verb(d, q, kind)) return 1;
    if (TK(q).nl) return 0;
    /* "increased her Lasix", "started him on Coumadin" */
    if (tok_in(d, q, pron, sizeof pron / sizeof *pron) && giving_verb(d, q - 1, kind)) return 1;
    if (TK(q - 1).shape & T_CAP) return 0;
    if (tok_eq(d, q, "on", 2) || tok_eq(d, q, "off", 3)) {
        if (tok_eq(d, q, "on", 2) && tok_in(d, q - 1, on, sizeof on / sizeof *on)) return 1;
        /* a listed drug after "on" or "off" past a word that is no verb
         * ("now on Coumadin", "taken off Lasix"; not "checked on Yaz") */
        if (kind == DRUG_LISTED && !verb_like(d, q - 1)) return 1;
        return q >= 2 && !TK(q - 1).nl && tok_in(d, q - 1, pron, sizeof pron / sizeof *pron) &&
               tok_in(d, q - 2, on, sizeof on / sizeof *on);
    }
    if (tok_eq(d, q, "for", 3)) return kind >= DRUG_UNKNOWN && tok_in(d, q - 1, script, sizeof script / sizeof *script);
    /* a listed drug "treated with", "due to": said of a person too ("treated
     * with Smith"), so only of a listed drug */
    if (kind == DRUG_LISTED && tok_eq(d, q, "with", 4)) return tok_in(d, q - 1, treated, sizeof treated / sizeof *treated);
    if (kind == DRUG_LISTED && tok_eq(d, q, "to", 2) && tok_in(d, q - 1, cause, sizeof cause / sizeof *cause)) return 1;
    if (tok_eq(d, q, "to", 2) && q >= 2 && !TK(q - 1).nl && tok_in(d, q - 1, pron, sizeof pron / sizeof *pron) &&
        tok_in(d, q - 2, to, sizeof to / sizeof *to))
        return 1;                                    /* "switch her to Protopic" */
    return (tok_eq(d, q, "to", 2) && tok_in(d, q - 1, to, sizeof to / sizeof *to)) ||
           (tok_eq(d, q, "of", 2) && tok_in(d, q - 1, of, sizeof of / sizeof *of));
}

/* Word r (to its end e) is a drug whatever stands around it: a generic
 * name by its ending, a listed term, a listed drug. */
static int drug_word(const deid_doc *d, size_t r, size_t e)
{
    return generic_name(d, r) || (TK(r).term & TERM_IN) || deid_listed_drug(d, r, e);
}

/* Word r (to its end) names a drug by itself: drug_word, or any
 * capitalized word before its dose. */
static int drug_item(const deid_doc *d, size_t r)
{
    if (r >= d->n || TK(r).nl || !(TK(r).shape & T_ALPHA)) return 0;
    size_t e = deid_word_end(d, r);
    if (drug_word(d, r, e)) return 1;
    return cap(d, r) && (drug_kind(d, r, e) == DRUG_LISTED || dose_at(d, e) || amount_at(d, e));
}

/* A drug's item of a list: a drug (drug_item) right after it or before
 * it, past a comma or "and" ("followed by Mastisol and Steri-Strips",
 * "Pentasol, tramadol and ice", "Capoten, Isordil, Tylenol"); never a
 * word of the name lists unless a listed drug ("metoprolol and Baker" is
 * a drug and a person). */
static int drug_list(const deid_doc *d, size_t k, size_t e, int kind)
{
    /* a person's position: "Discussed with Zorblat and lisinopril", "Called Zorblat and metoprolol" */
    if (k > 0 && !TK(k).nl && (TK(k - 1).shape & T_ALPHA) && (tok_eq(d, k - 1, "with", 4) || verb_like(d, k - 1)))
        return 0;
    if (kind == DRUG_NAMED) return 0;
    /* where a place stands: "going to Whitestone or Meadowbrook" */
    if (deid_place_position(d, k, e, 3)) return 0;
    size_t r = e;
    if (is_p(d, r, ',')) r++;
    if (tok_eq(d, r, "and", 3) || tok_eq(d, r, "or", 2) || (kind == DRUG_LISTED && r == e && tok_eq(d, r, "with", 4)) ||
        (r == e && is_p(d, r, '/') && glued(d, r) && glued(d, r + 1)))      /* "Triamterene/hydrochlorothiazide" */
        r++;
    if (r > e && drug_item(d, r)) return 1;
    size_t l = k;
    if (l > 0 && !TK(l).nl && (tok_eq(d, l - 1, "and", 3) || tok_eq(d, l - 1, "or", 2))) l--;
    if (l > 0 && !TK(l).nl && is_p(d, l - 1, ',')) l--;
    if (!(l < k && l > 0 && !TK(l).nl)) return 0;
    /* the previous item ends in its dose or how often, and so does this
     * one, or it ends here: "Lasix 80 mg twice daily, Inspra twice daily"
     * (not "Lasix 40 mg daily, Zorblat to follow") */
    size_t x = e + brand_suffix(d, e);
    int ends = x >= d->n || TK(x).nl || is_p(d, x, ',') || is_p(d, x, '.') || is_p(d, x, ';') ||
               drug_after(d, x, kind) || sig_at(d, x) || often_word(d, x, 0);
    if (ends && is_p(d, l, ',') && (sig_at(d, l - 1) || dose_unit(d, l - 1, 0) || dose_at(d, l - 1) || often_word(d, l - 1, 0)))
        return 1;
    size_t p = l - 1;                                   /* the previous item's first word */
    while (p >= 2 && is_p(d, p - 1, '-') && glued(d, p) && glued(d, p - 1)) p -= 2;
    return drug_item(d, p) && !deid_place_position(d, p, l, 3);
}

/* Word k (to its end e) is an item of a section of medications or
 * allergies (TERM_MEDS): it opens the item (a line, past a list's number
 * or dash; after the heading's colon, a comma, ';', "and", "or") and ends
 * it ('.', ',', ';', '(', the line's end, "and", "or", or a drug's dose or
 * route): "MEDICATIONS: Provigil, Accutane and Rozerem.", "2. Cardura.".
 * A word of the name lists only when a listed drug. */
static int med_item(const deid_doc *d, size_t k, size_t e, int kind)
{
    if (!(TK(k).term & TERM_MEDS) || kind == DRUG_NAMED) return 0;
    size_t q = k;
    if (!TK(q).nl && q >= 2 && (is_p(d, q - 1, '.') || is_p(d, q - 1, ')')) && glued(d, q - 1) && digits(d, q - 2, 1, 2) &&
        TK(q - 2).nl)
        q -= 2;                                                          /* "2. Cardura" */
    else if (!TK(q).nl && q >= 1 && (is_p(d, q - 1, '-') || is_p(d, q - 1, '*')) && TK(q - 1).nl)
        q--;                                                             /* "- Cardura" */
    int opens = TK(q).nl || (q >= 1 && (is_p(d, q - 1, ':') || is_p(d, q - 1, ',') || is_p(d, q - 1, ';'))) ||
                (q >= 1 && !TK(q).nl && (tok_eq(d, q - 1, "and", 3) || tok_eq(d, q - 1, "or", 2)));
    if (!opens) return 0;
    /* after a comma or "and", the item before is a drug, not a person's
     * role: "Reconciled with pharmacist, Zorblat." */
    size_t b = q >= 2 && !TK(q).nl && !is_p(d, q - 1, ':') ? q - 2 : d->n;
    if (b < d->n && !TK(q - 1).nl && (TK(b).shape & T_ALPHA) && !(TK(b).shape & T_CAP) &&
        !drug_word(d, b, deid_word_end(d, b)) && !dose_unit(d, b, 0) && !sig_at(d, b) && !often_word(d, b, 0))
        return 0;
    size_t r = e + brand_suffix(d, e);
    if (r >= d->n || TK(r).nl) return 1;
    return is_p(d, r, '.') || is_p(d, r, ',') || is_p(d, r, ';') || is_p(d, r, '(') || tok_eq(d, r, "and", 3) ||
           tok_eq(d, r, "or", 2) || digits(d, r, 1, 5) || count_word(d, r) || drug_after(d, r, kind);
}

/* Labels whose values on their line are devices or materials, and the
 * words that name a device's make or model ("IMPLANTS: Wright Medical
 * Micronail", "Model Name: Sigma", "manufacturer Guidant"). */
static int device_value(const deid_doc *d, size_t k)
{
    static const char *const lab[] = {"implant", "implants", "prosthesis", "hardware", "devices", "materials",
                                      "instrumentation", "components", "component"};
    static const char *const make[] = {"model", "manufacturer", "manufactured"};
    /* right after its word: "model Sigma", "Model Name: Sigma", "manufacturer Guidant" */
    size_t p = k - 1;
    if (k >= 2 && is_p(d, p, ':')) p--;
    if (p >= 1 && tok_eq(d, p, "name", 4)) p--;
    if (k >= 1 && !TK(k).nl && p < k && !TK(p + 1).nl && tok_in(d, p, make, sizeof make / sizeof *make)) return 1;
    /* on the line of a label: "IMPLANTS: Wright Medical Micronail" */
    for (size_t q = k, hops = 0; q > 1 && hops < 8 && !TK(q).nl; q--, hops++) {
        if (is_p(d, q - 1, ':') && glued(d, q - 1)) return TK(q - 2).nl || q - 2 == 0 ?
            tok_in(d, q - 2, lab, sizeof lab / sizeof *lab) : 0;
        if (TK(q - 1).shape & (T_DIGIT | T_PUNCT)) return 0;
    }
    return 0;
}

/* Word k, on a device's line (device_value), is a word of its make or
 * model beside others ("IMPLANT: Sofamor Danek (Medtronic) Legacy",
 * "COMPONENTS: A Zimmer NexGen Legacy knee"), not a person's: no given
 * name, no title, role, credential or name's cue between the label and
 * it ("IMPLANTS: placed by Dr. Anna Kroll"), none after it. */
static int device_make(const deid_doc *d, size_t k)
{
    if (TK(k).w & (W_FIRST | W_TITLE | W_CRED)) return 0;
    for (size_t q = k, hops = 0; q > 0 && hops < 8 && !TK(q).nl && !is_p(d, q - 1, ':'); q--, hops++) {
        uint32_t w = TK(q - 1).w;
        if ((w & (W_TITLE | W_CRED | W_RELATIVE | W_CUE | W_FIRST)) || tok_eq(d, q - 1, "by", 2) || tok_eq(d, q - 1, "per", 3))
            return 0;
    }
    size_t r = is_p(d, k + 1, ',') ? k + 2 : k + 1;
    return !(r < d->n && !TK(r).nl && (TK(r).w & (W_CRED | W_FIRST)));
}

/* Word k (to its end e) stands alone as lone() asks, or beside drugs: a
 * neighbour that is a drug itself ("Capoten, Isordil, Tylenol") does not
 * count, nor one past a comma when word k is a listed drug or before its
 * dose ("Viokase, Probenecid, Mestinon 30mg tid"); a name beside it still
 * does ("Bishop, Kiersten", "Zorblat Quenby 20 mg"). */
static int lone_drug(const deid_doc *d, size_t k, size_t e, int kind)
{
    if (lone(d, k)) return 1;
    int strong = kind == DRUG_LISTED || (TK(k).term & TERM_MEDS) || dose_at(d, e) || amount_at(d, e);
    size_t l = k;
    int comma = 0;
    if (l > 0 && !TK(l).nl && (quote(d, l - 1) || is_p(d, l - 1, ','))) comma = is_p(d, l - 1, ','), l--;
    /* "Restart Zorvaxin IV": a verb of giving opening the clause */
    if (l > 0 && !TK(l).nl && name_like(d, l - 1) && !(comma && strong) && !(l == k && giving_verb(d, l - 1, kind))) {
        size_t p = l - 1;
        while (p >= 2 && is_p(d, p - 1, '-') && glued(d, p) && glued(d, p - 1)) p -= 2;
        if (!drug_item(d, p)) return 0;
    }
    size_t r = e;
    if (r < d->n && !TK(r).nl && quote(d, r)) r++;
    comma = is_p(d, r, ',');
    if (comma) r++;
    return r >= d->n || TK(r).nl || !name_like(d, r) || (comma && strong) || drug_item(d, r);
}

/* A drug or a device's name here, not a person's: drug_after,
 * drug_before, drug_list, med_item, device_value; never in a name's
 * position. */
static int product_at(const deid_doc *d, size_t k)
{
    if (!cap(d, k) || !(TK(k).shape & (T_ALPHA | T_MIXED)) || (TK(k).w & (W_TITLE | W_MONTH | W_STOP))) return 0;
    if (k >= 1 && is_p(d, k - 1, '-') && glued(d, k)) return 0;      /* the first half decides: "Pickens-Bragg" */
    if (device_value(d, k) && (lone(d, k) || device_make(d, k))) return 1;
    size_t e = deid_word_end(d, k);
    int kind = drug_kind(d, k, e);
    /* a word of the name lists is a drug only before its dose ("Okafor has
     * been started on insulin", "Switched her to Kowalczyk" are people);
     * a service or team is named after a person ("now on Kowalczyk service") */
    static const char *const team[] = {"service", "services", "team", "unit", "clinic", "group", "practice"};
    if ((kind == DRUG_NAMED && !(dose_at(d, e) || amount_at(d, e))) ||
        (e < d->n && !TK(e).nl && tok_in(d, e, team, sizeof team / sizeof *team)))
        return 0;
    if (!lone_drug(d, k, e, kind)) return 0;
    if (is_p(d, e, '\'') && glued(d, e)) return 0;                  /* a possessive: "using Yaz's phone" */
    if (!(drug_after(d, e, kind) || drug_before(d, k, kind) || drug_list(d, k, e, kind) || med_item(d, k, e, kind)))
        return 0;
    if (!deid_name_position(d, k)) return 1;
    /* A capitalized word before it reads as a given name: not a verb of
     * giving opening the clause ("Restart Zorvaxin IV"), nor a route in
     * capitals before a dose ("given IV Depacon 250 mg"); with no
     * credential after it ("Restart Zorvaxin, RN") */
    if (k < 1 || TK(k).nl || !cap(d, k - 1)) return 0;
    size_t c = is_p(d, e, ',') ? e + 1 : e;
    if (c < d->n && !TK(c).nl && (TK(c).w & W_CRED)) return 0;
    if (giving_verb(d, k - 1, kind) && opens_clause(d, k - 1)) return 1;
    return (TK(k - 1).shape & T_UPPER) && sig_at(d, k - 1) && (dose_at(d, e) || amount_at(d, e)) &&
           (k < 2 || TK(k - 1).nl || !cap(d, k - 2));
}

/* A list item's letter and its first word at a line start, where the next
 * or previous letter opens another line ("A. Lung, wedge biopsy" ... "B.
 * Lung, ..."); a heading's roman numeral ("V. CALCULATIONS"). */
static int item_letter(const deid_doc *d, size_t k)
{
    if (k >= d->n || !TK(k).nl || TLEN(k) != 1 || !is_p(d, k + 1, '.') || !glued(d, k + 1)) return 0;
    char c = d->t[TK(k).a];
    if (c < 'A' || c > 'H') return 0;                 /* "X." and "Y." are a publisher's placeholders */
    /* the item is no listed name ("A. Smith / B. Jones" are two people) */
    size_t w = k + 2;
    if (w < d->n && (TK(w).w & (W_FIRST | W_LAST)) && !(TK(w).w & (W_COMMON | W_KEEP))) return 0;
    return (d->item_letters & (1u << (c + 1 - '@') | 1u << (c - 1 - '@'))) != 0;
}

static int heading_at(const deid_doc *d, size_t k)
{
    if (item_letter(d, k)) return 1;
    if (k >= 2 && is_p(d, k - 1, '.') && glued(d, k - 1) && item_letter(d, k - 2)) return 1;
    /* "IV. SPECIAL PROCEDURES" ... "V. CALCULATIONS" */
    if (TK(k).nl && roman(d, k) && is_p(d, k + 1, '.') && k + 2 < d->n && (TK(k + 2).shape & T_UPPER) && TLEN(k + 2) > 2)
        return 1;
    return 0;
}

/* Compounds that are clinical words: "X-ray" in any case, spine levels
 * ("T2-L2", "C3-C6"), "ST-T". */
static int spine_level(const deid_doc *d, size_t k)
{
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    return n >= 2 && n <= 3 && (p[0] == 'C' || p[0] == 'T' || p[0] == 'L' || p[0] == 'S') && p[1] >= '0' && p[1] <= '9' &&
           (n == 2 || (p[2] >= '0' && p[2] <= '9'));
}

static int compound_word(const deid_doc *d, size_t k)
{
    if (tok_eq(d, k, "x", 1) && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && tok_eq(d, k + 2, "ray", 3))
        return 1;
    if (k >= 2 && tok_eq(d, k, "ray", 3) && is_p(d, k - 1, '-') && glued(d, k) && glued(d, k - 1) && tok_eq(d, k - 2, "x", 1))
        return 1;
    if (spine_level(d, k) && ((is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && k + 2 < d->n && spine_level(d, k + 2)) ||
                              (k >= 2 && is_p(d, k - 1, '-') && glued(d, k) && glued(d, k - 1) && spine_level(d, k - 2))))
        return 1;
    return tok_eq(d, k, "st", 2) && (TK(k).shape & T_UPPER) && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) &&
           tok_eq(d, k + 2, "t", 1);
}

/* An organ before its disease: "Colon CA", "GI: Colon bleeding", "Breast
 * cancer" (the organ's word may be a surname: "Colon"); not in a name's
 * position ("Maria Colon CA 90210", "Mr. Colon"). */
static int organ_term(const deid_doc *d, size_t k)
{
    static const char *const organ[] = {"colon", "breast", "lung", "prostate", "liver", "bladder", "kidney", "ovarian",
                                        "pancreatic", "rectal", "gastric", "stomach", "thyroid", "cervical", "uterine",
                                        "skin", "brain", "bone", "esophageal", "renal", "testicular"};
    static const char *const ill[] = {"ca", "cancer", "carcinoma", "bleeding", "bleed", "polyp", "polyps", "mass",
                                      "tumor", "resection", "biopsy", "metastases", "cancers"};
    if (!cap(d, k) || !tok_in(d, k, organ, sizeof organ / sizeof *organ) || k + 1 >= d->n || TK(k + 1).nl ||
        !tok_in(d, k + 1, ill, sizeof ill / sizeof *ill))
        return 0;
    /* "CA" also names California: not before a ZIP code */
    if (tok_eq(d, k + 1, "ca", 2) && k + 2 < d->n && !TK(k + 2).nl && digits(d, k + 2, 5, 5)) return 0;
    return !deid_name_position(d, k);
}

/* A procedure named by its letters after a verb that plans it: "consider
 * LEEP", "will schedule LEEP", "underwent EGD"; in a line written in
 * mixed case (the verb in lower case), never a word of the name lists
 * ("schedule ANNA", "consider LEE"). */
static int planned_procedure(const deid_doc *d, size_t k)
{
    static const char *const plan[] = {"consider", "schedule", "scheduled", "perform", "performed", "undergo",
                                       "underwent", "recommend", "recommended", "order", "ordered", "obtain",
                                       "obtained", "repeat", "repeated", "plan", "planned", "proceed"};
    if (!(TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3 || TLEN(k) > 6 || (TK(k).w & (W_FIRST | W_LAST)) ||
        k == 0 || TK(k).nl)
        return 0;
    size_t q = k - 1;
    if (tok_eq(d, q, "with", 4) && q > 0 && !TK(q).nl) q--;     /* "proceed with LEEP" */
    return lower_word(d, q) && tok_in(d, q, plan, sizeof plan / sizeof *plan);
}

/* An eponym after a disease's or a sign's word and "de", as French,
 * Spanish and Portuguese write it: "maladie de Berger", "enfermedad de
 * Chagas", "signe de Lasegue"; never in a name's position ("Dr. Berger"). */
static int foreign_eponym(const deid_doc *d, size_t k)
{
    static const char *const ill[] = {"maladie", "syndrome", "sindrome", "enfermedad", "doenca", "signe", "signo", "sinal",
                                      "maniobra", "manobra"};
    return k >= 2 && cap(d, k) && (TK(k).shape & T_ALPHA) && !TK(k).nl && !TK(k - 1).nl && tok_eq(d, k - 1, "de", 2) &&
           tok_in(d, k - 2, ill, sizeof ill / sizeof *ill) && !deid_name_position(d, k) &&
           ((TK(k).w & W_EPONYM) || !(TK(k).w & W_FIRST));   /* "la enfermedad de Maria": her illness */
}

/* The parts of an implant or a fixation a maker's name or a size stands
 * before or after: "a size 5 Copeland component", "a plate from Leibinger". */
static int implant_part(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"component", "components", "head", "cap", "stem", "cup", "liner", "plate", "plates",
                                    "screw", "screws", "anchor", "anchors", "mesh", "implant", "implants", "system",
                                    "rod", "rods", "cage", "glenoid", "humeral", "femoral", "tibial", "acetabular"};
    return k < d->n && !TK(k).nl && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Word k names an implant by its size before it: "a size 5 Copeland
 * component", "size 7 Biomet" (a person is never sized), a maker the lists
 * know or an implant's part within three words after it; any capitalized
 * word after a size is not one ("Shoe size 9 Kowalski brand boots"). */
static int sized_product(const deid_doc *d, size_t k)
{
    if (k < 2 || TK(k).nl || TK(k - 1).nl || !digits(d, k - 1, 1, 2) || !tok_eq(d, k - 2, "size", 4)) return 0;
    if (TK(k).w & (W_EPONYM | W_KEEP)) return 1;
    for (size_t q = k + 1; q < d->n && q <= k + 3 && !TK(q).nl; q++)
        if (implant_part(d, q)) return 1;
    return 0;
}

/* Word k, an eponym of the lists, is the maker of the implant part beside
 * it: before it ("a Copeland component", "Leibinger plates") or named
 * before "from" ("a 2.3 plate from Leibinger": no one hands over a
 * plate); not in a name's position. */
static int implant_maker(const deid_doc *d, size_t k)
{
    if (!cap(d, k) || !(TK(k).w & W_EPONYM) || deid_name_position(d, k)) return 0;
    if (implant_part(d, k + 1)) return 1;
    return k >= 2 && !TK(k).nl && !TK(k - 1).nl && tok_eq(d, k - 1, "from", 4) && implant_part(d, k - 2);
}

/* The antigens of a panel of autoantibodies that are names too. */
static const char *const panel_names[] = {"smith", "ro", "la"};

/* Token k is an antigen of a panel of autoantibodies as a laboratory
 * writes it: in capitals ("ANA", "RNP", "SSA"), "dsDNA", "centromere",
 * "Sm", "Jo-1"; with !strong, one of panel_names too. A given name written
 * as a word ("Ana", "Jo") or an abbreviation in capitals ("SM clinic") is
 * no antigen ("Visitors: Ana, Smith and Ro", "Met with Jo and Smith"). */
static int antigen(const deid_doc *d, size_t k, int strong)
{
    static const char *const caps[] = {"rnp", "ssa", "ssb", "ana", "scl"};
    static const char *const any[] = {"dsdna", "centromere", "u1"};
    if (k >= d->n) return 0;
    if (tok_in(d, k, caps, sizeof caps / sizeof *caps)) return (TK(k).shape & T_UPPER) != 0;
    if (tok_in(d, k, any, sizeof any / sizeof *any)) return 1;
    if (tok_eq(d, k, "sm", 2)) return cap(d, k) && !(TK(k).shape & T_UPPER);
    if (tok_eq(d, k, "jo", 2)) return is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && digits(d, k + 2, 1, 1);
    return !strong && tok_in(d, k, panel_names, sizeof panel_names / sizeof *panel_names);
}

/* The word beside token k on its line, past a comma, '/' or "and" (dir -1:
 * before it, +1: after it), or d->n. */
static size_t listed_beside(const deid_doc *d, size_t k, int dir)
{
    size_t q = k;
    for (int hops = 0; hops < 2; hops++) {
        if (dir < 0 ? q == 0 || TK(q).nl : q + 1 >= d->n || TK(q + 1).nl) return d->n;
        q = dir < 0 ? q - 1 : q + 1;
        if (!is_p(d, q, ',') && !is_p(d, q, '/') && !tok_eq(d, q, "and", 3)) return q;
    }
    return d->n;
}

/* Word k is an antigen of a panel of autoantibodies named after a patient
 * ("RNP, Smith, Ro, La were negative", "anti-Smith"): "anti-" glued before
 * it, or another antigen beside it and one that is no name within six
 * words on its line; never in a name's position ("Dr. Smith, RNP clinic"). */
static int autoantibody(const deid_doc *d, size_t k)
{
    if (!cap(d, k) || !tok_in(d, k, panel_names, sizeof panel_names / sizeof *panel_names) || deid_name_position(d, k))
        return 0;
    if (k >= 2 && is_p(d, k - 1, '-') && glued(d, k) && glued(d, k - 1) && tok_eq(d, k - 2, "anti", 4)) return 1;
    if (!antigen(d, listed_beside(d, k, -1), 0) && !antigen(d, listed_beside(d, k, 1), 0)) return 0;
    size_t a = k, b = k;
    while (a > 0 && k - a < 6 && !TK(a).nl) a--;
    while (b + 1 < d->n && b - k < 6 && !TK(b + 1).nl) b++;
    for (size_t q = a; q <= b; q++)
        if (antigen(d, q, 1)) return 1;
    return 0;
}

/* Word k is used clinically by what stands beside this one use only: an
 * implant's size or part ("size 4 Glover component", "a Glover
 * component", "plate from Leibinger"), an antibody's panel ("RNP and Smith were negative"). It
 * says nothing of the same word elsewhere in the note ("Smith reports joint
 * pain", "Glover tolerated the procedure"): doc_term does not ask it. */
static int placed_use(const deid_doc *d, size_t k)
{
    return sized_product(d, k) || implant_maker(d, k) || autoantibody(d, k);
}

/* Word token k is used clinically in a way that tells of its word
 * wherever it stands, or is the "s" of such a word's possessive
 * ("Barrett's"). */
static int clinical_use(const deid_doc *d, size_t k)
{
    if (TK(k).shape & T_PUNCT) return 0;
    /* the letter of a compound noun: the "T" of "Santa Barbara T-tube" */
    if (TLEN(k) == 1 && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && k + 2 < d->n &&
        (TK(k + 2).w & W_HEAD) && !(TK(k + 2).shape & T_CAP))
        return 1;
    if (compound_word(d, k) || heading_at(d, k) || product_at(d, k) || eponym_operation(d, k) || organ_term(d, k) ||
        planned_procedure(d, k) || foreign_eponym(d, k))
        return 1;
    /* a class or stage in roman numerals: "NYHA Class II", "Stage III" */
    static const char *const kind[] = {"class", "stage", "grade", "type", "level", "phase", "tier", "zone", "cycle"};
    if (roman(d, k) && k >= 1 && TK(k).sp && !TK(k).nl && tok_in(d, k - 1, kind, sizeof kind / sizeof *kind)) return 1;
    /* the class after an eponym: "III" of "Tanner III" */
    if (roman(d, k) && k >= 1 && TK(k).sp && !TK(k).nl && !roman(d, k - 1) && deid_clinical_at(d, k - 1)) return 1;
    if (tok_eq(d, k, "s", 1) && k >= 2 && glued(d, k) && glued(d, k - 1) && (TK(k - 1).shape & T_PUNCT))
        return deid_clinical_at(d, k - 2);
    return deid_clinical_at(d, k);
}

/* Word token k is used clinically: here, or as its word is anywhere. */
static int clinical_tok(const deid_doc *d, size_t k) { return placed_use(d, k) || clinical_use(d, k); }

static int cuttable(const cand *c) { return c->type == WARD_PHI_NAME || c->type == WARD_PHI_CITY || c->prio == 0; }

/* A verb of handling an instrument within four words of token k on its
 * line: "the Ellis were removed", "raised with two Ellis". */
static int handled_near(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"removed", "placed", "applied", "inserted", "used", "using", "held", "retracted",
                                    "clamped", "positioned", "secured", "released", "tightened", "raised", "created",
                                    "replaced", "reapplied", "passed", "loosened", "attached", "grasped", "elevated"};
    size_t a = k;
    while (a > 0 && k - a < 4 && !TK(a).nl) a--;
    for (size_t q = a; q < d->n && q <= k + 4 && (q <= k || !TK(q).nl); q++)
        if (tok_in(d, q, w, sizeof w / sizeof *w)) return 1;
    return 0;
}

/* A word before which a person's name does not stand: an article, a
 * determiner or a count ("the Berry", "two Ellis", "a Murphy ball", "day
 * eight Ixempra"). 2: in lower case; 1: capitalized, opening a sentence
 * ("The Ellis were removed"), where a name stands too ("The Nguyen was on
 * the phone", "The Okafor did not answer"): doc_term takes it for a thing
 * only beside a use in lower case with a verb of handling near ("the
 * Ellis were removed"; not "Called the Okafor twice"). Not "A", an
 * initial ("A Murphy"). */
static int thing_before(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"the", "a", "an", "this", "these", "those", "each", "another", "two", "three",
                                    "four", "five", "six", "seven", "eight", "nine", "ten", "several"};
    /* but "the Okafor family", "the Okafors' home" */
    static const char *const kin[] = {"family", "families", "household", "residence", "home", "house", "kids",
                                      "children", "twins", "brothers", "sisters", "siblings", "couple", "parents"};
    if (k == 0 || TK(k).nl || !tok_in(d, k - 1, w, sizeof w / sizeof *w) || tok_in(d, k + 1, kin, sizeof kin / sizeof *kin) ||
        is_p(d, k + 1, '\''))
        return 0;
    return !(TK(k - 1).shape & T_CAP) ? 2 : TLEN(k - 1) > 1;
}

/* doc_term reads the note for each word asked. The first few words read
 * all of it (most notes ask a handful); past that it links the tokens of
 * each word once (deid_word_rings) and reads only the word's own tokens, so
 * a note of thousands of different candidate words costs in proportion to
 * its length, not to the square of it. */
#define TERM_FULL_READS 8

/* A note asks at most this many tokens' worth of words (the words asked
 * times its length): past it a word is not kept, it stays redacted, the
 * safe side. Real notes stay far below it. It was the bound on the cost
 * when every word read the whole note; the rings made the cost linear, and
 * it stays so that long texts keep their output (a 345 KB file of 120
 * notes read as one reaches it: three surnames that are also eponyms,
 * "Weiss", "Berg", "Le", would otherwise be kept there). */
#define TERM_SCAN_BUDGET 40000000u

/* The token after j to read for j's word, in a ring back to where the
 * reading started: every token while the note has no rings. */
static size_t same_next(const deid_doc *d, size_t j)
{
    if (d->rings) return d->rings[j];
    return j + 1 < d->n ? j + 1 : 0;
}

/* A word doc_term may keep: capitalized, not in capitals. */
static int term_shape(const deid_doc *d, size_t k)
{
    return cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) >= 2 && !(TK(k).shape & T_UPPER);
}

/* Word k is kept by what the document says of the same word elsewhere:
 * nowhere in a name's position, and used clinically once at least ("Glenn
 * shunt" ... "status post Glenn"), or, in a name span, always after an
 * article or a count ("The Ellis were removed ... two Ellis"), and where
 * one use is capitalized ("The Okafor"), once in lower case beside a verb
 * of handling ("using two Ellis"; not "Called the Okafor"). The answer
 * is the same for every token of the word that stands alone and in no
 * name's position: the note is read once for all of them, both kinds of
 * span (a note of one word again and again, "Bennett and Bennett and ...",
 * once read the note and judged every use of the word per token: its
 * length squared). Sets TERM_ASKED, TERM_ASKED_NAME and the answers on
 * every token of the word. */
static void doc_term(deid_doc *d, size_t k)
{
    const uint8_t asked = TERM_ASKED | TERM_ASKED_NAME;
    if (!term_shape(d, k) || !lone(d, k) || deid_name_position(d, k) ||
        (d->term_words + 1) * d->n > TERM_SCAN_BUDGET) {
        d->tk[k].term |= asked;                                     /* most names: "Dr. Okafor" */
        return;
    }
    if (++d->term_words > TERM_FULL_READS && !d->rings) d->rings = deid_word_rings(d);
    int clin = 0, things = 1, lower = 0, capital = 0, handled = 0;
    const char *s = d->t + TK(k).a;
    size_t n = TLEN(k), j = k;
    do {                                  /* every use of the word, k's first */
        if (TLEN(j) != n || !deid_eq_nocase(d->t + TK(j).a, s, n)) continue;
        if (deid_name_position(d, j)) {                                /* never kept, wherever asked */
            clin = things = 0;
            break;
        }
        int c = clinical_use(d, j), t = c ? 0 : thing_before(d, j);
        clin |= c;
        if (!c && !t) things = 0;
        lower |= t == 2;
        capital |= t == 1;
        handled |= t == 2 && handled_near(d, j);
    } while ((j = same_next(d, j)) != k);
    uint8_t yes = (clin ? TERM_DOC : 0) | (clin || (things && lower && (handled || !capital)) ? TERM_DOC_NAME : 0);
    j = k;
    do {
        if (TLEN(j) != n || !deid_eq_nocase(d->t + TK(j).a, s, n) || (d->tk[j].term & asked) == asked) continue;
        d->tk[j].term |= asked | (j == k || (term_shape(d, j) && lone(d, j)) ? yes : 0);
    } while ((j = same_next(d, j)) != k);
}

/* Token k of a span of type `type` stays: used clinically here or
 * elsewhere in the document. */
/* doc_term, asked once per word (holds_term and cut ask of the same
 * words, before and after the tagger). */
static int term_in_doc(deid_doc *d, size_t k, int name)
{
    uint8_t asked = name ? TERM_ASKED_NAME : TERM_ASKED, yes = name ? TERM_DOC_NAME : TERM_DOC;
    if (!(d->tk[k].term & asked)) doc_term(d, k);
    return (d->tk[k].term & yes) != 0;
}

static int kept_tok(deid_doc *d, size_t k, const cand *c)
{
    if (TK(k).shape & T_PUNCT) return 0;
    return clinical_tok(d, k) || ((c->type == WARD_PHI_NAME || c->prio == 0) && term_in_doc(d, k, c->type == WARD_PHI_NAME));
}

/* Does span c hold a word that stays? */
static int holds_term(deid_doc *d, const cand *c)
{
    for (size_t k = deid_tok_at(d, c->a, 1); k < d->n && TK(k).a < c->b; k++)
        if (kept_tok(d, k, c)) return 1;
    return 0;
}

static void push(cand **o, size_t *no, size_t *cap_, cand c)
{
    if (*no == *cap_) {
        *cap_ = *cap_ ? *cap_ * 2 : 16;
        *o = ward_xrealloc(*o, *cap_ * sizeof **o);
    }
    (*o)[(*no)++] = c;
}

/* Appends the parts of span c between its clinical words: runs of tokens
 * that start and end with a word ("Dr. Swan" of a span "Swan-Ganz" is gone
 * whole; "Sterling Baker" of "Sterling Baker Act" stays). The rest of the
 * term after a clinical word goes with it: its other half after a hyphen
 * ("Cooke TriTome" of "Wilson-Cooke TriTome"), its class ("Tanner III").
 * A name the tagger added that holds a clinical word was a wrong guess
 * ("Consonant Trigrams"): none of it stays; a place it added keeps its
 * other words ("Tower" of "Jefferson Tower 5"). */
static void cut(deid_doc *d, cand c, cand **o, size_t *no, size_t *cap_)
{
    if (c.prio == 0 && c.type == WARD_PHI_NAME) return;
    size_t first = SIZE_MAX, last = 0;
    int prev_kept = 0, tail = 0;
    for (size_t k = deid_tok_at(d, c.a, 1);; k++) {
        int end = k >= d->n || TK(k).a >= c.b;
        int word = !end && !(TK(k).shape & T_PUNCT);
        int kept = !end && word && kept_tok(d, k, &c);
        if (end || kept) {
            if (first != SIZE_MAX && !tail) {
                cand p = c;
                p.a = TK(first).a > c.a ? TK(first).a : c.a;
                p.b = TK(last).b < c.b ? TK(last).b : c.b;
                push(o, no, cap_, p);
            }
            first = SIZE_MAX;
            prev_kept = 1;
            if (end) return;
        } else if (word) {
            if (first == SIZE_MAX) {
                first = k;
                tail = prev_kept && ((k >= 1 && is_p(d, k - 1, '-') && glued(d, k) && glued(d, k - 1)) || roman(d, k));
            }
            last = k;
        }
    }
}

/* Marks TERM_NAMED every capitalized word whose text stands somewhere in
 * the note in a name's position ("Mr. Smith ... Smith tolerated
 * appendectomy": the second Smith is no eponym). Only where an operation's
 * word is (eponym_operation asks); linear: a set of the words in a name's
 * position (deid_keep.c's), then one pass. */
static void mark_named(deid_doc *d)
{
    /* deid_terms_keep runs twice per note (on the candidates, then on the
     * spans kept): the marks of the first run still stand */
    if (d->named_marked) return;
    d->named_marked = 1;
    int any = 0;
    for (size_t j = 0; j < d->n && !any; j++) any = operation_shape(d, j) && operation_word(d, j);
    if (!any) return;
    deid_word_set named = {NULL, 0, 0};
    deid_word_set_make(d, &named, NULL, deid_named_word);
    for (size_t j = 0; j < d->n; j++)
        if (cap(d, j) && (TK(j).shape & T_ALPHA) && TLEN(j) >= 2 && deid_word_set_has(d, &named, j))
            d->tk[j].term |= TERM_NAMED;
    free(named.tab);
}

size_t deid_terms_keep(deid_doc *d, size_t n)
{
    mark_named(d);
    n = deid_keep_whole(d, n);   /* spans that name no one, whole (deid_keep.c) */
    size_t k = 0;
    while (k < n && !(cuttable(&d->c[k]) && holds_term(d, &d->c[k]))) k++;
    if (k == n) return n;                      /* most documents: nothing to cut */
    cand *o = NULL;
    size_t no = 0, cap_ = 0;
    for (size_t i = 0; i < n; i++) {
        if (i >= k && cuttable(&d->c[i]) && holds_term(d, &d->c[i])) cut(d, d->c[i], &o, &no, &cap_);
        else push(&o, &no, &cap_, d->c[i]);
    }
    free(d->c);
    d->c = o;
    d->nc = no;
    d->capc = cap_;
    return no;
}
