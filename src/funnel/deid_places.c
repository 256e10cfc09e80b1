/* deid_places.c — places of care named without a head noun the lists know.
 *
 * The head rule (deid_shapes.c) finds "X Hospital", the cue rule
 * "transferred to X", the brand rule (deid_brands.c) "Lincare". Notes also
 * name places of care in shapes none of them sees:
 *  - a word that stands for the hospital inside its name, a denomination
 *    or "Medical": "Valley Baptist", "Tri-City Medical", "Good Samaritan",
 *    "Baptist Memorial Southaven", "Maine Med";
 *  - a hospital called by one word where a place stands or before its
 *    service: "Sending: Mission ED", "to Presby", "from Sisters to
 *    Children's PICU", "at the VA", "d/c from presby";
 *  - a name and a kind of care no head list holds: "Seacrest
 *    Post-Acute", "Rocky Mountain Oral Surgery", "Pendleton Correctional
 *    Facility" anywhere; "at Dunmore Endoscopy", "| Ridgeway Drug |",
 *    "Ashby Road Surgery" (a letterhead) where a place stands;
 *  - the place fields of an HL7 message: a ward named after a person and
 *    its floor, the facility (PV1-3, PV1-6), the primary facility (PD1-3);
 *  - a saint and the site: "St. Francis North", "Saint Thomas Midtown",
 *    "St. Elizabeth Edgewood", "ST JOHN OWASSO";
 *  - a name "of" the town or region it serves: "Woodlands of Columbus",
 *    "Legal Aid of Western Michigan", "Portable X-Ray of the Carolinas";
 *  - a town and the system's letters where a place stands: "at Hazard
 *    ARH", "(Fresno CRMC)";
 *  - a name alone where a place stands, made of the words places are named
 *    with ("at Rolling Hills", "back to Pinecrest", "To: Lakeshore Spine")
 *    or of words no list knows after a visit ("CT chest done at Pardee");
 *  - a ward named after a person or a place, with its floor's number
 *    ("admit to Baker 6", "from White 8 (medicine)", "Unit: Tanner 5");
 *  - a hospital's initials where a place stands ("faxed from DCH", "to
 *    ANMC", "Red Lake Hospital (IHS)");
 *  - a community of care named by a landscape's word and its site ("The
 *    Willows at Fairhaven", "The Heritage of Lewisburg");
 *  - a place's name in lower case before its head, after at/from/to/via
 *    ("at northside urgent care", "from pikeville medical center": a word
 *    no list knows only before a hospital's head or one of two words);
 *  - any place's name widened over its own capitalized "The" inside a
 *    sentence and its site after "at" ("Eagle Family Medicine at Oak
 *    Ridge").
 *
 * Ideas a reader needs:
 *  - Where a place stands (deid_place_position): after "at", "from",
 *    "to"... (with "the"), after a facility cue, in parentheses, closing a
 *    header after a dash, or after a place's label at a line's start
 *    ("Facility:", "Agency:", "To:").
 *  - A person and a town are identifiers too, so a name taken as a place
 *    costs no precision; a clinical word, a drug, a month, a title, a
 *    heading in capitals or an everyday word is what must not be taken:
 *    each rule asks for words that are not clinical and, without a place's
 *    position, for a shape only places have.
 *  - Each rule starts from one cheap test of token i (a listed word, "of",
 *    capitals), so the pass stays as fast as before.
 */
#include "funnel/deid_int.h"

#include <stdlib.h>

/* A capitalized word of a place's name: letters, not a clinical word, a
 * title, a month, a cue, a credential, a function word, a head noun or a
 * relation. */
static int pname(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && TLEN(k) >= 2 &&
           !(TK(k).w & (W_KEEP | W_TITLE | W_MONTH | W_CRED | W_STOP | W_HEAD | W_FAC | W_FAC2 | W_RELATIVE));
}

/* The words landscapes and settlements give places of care: "Rolling
 * Hills", "Heritage Pointe", "Shady Oaks", "Cottonwood Creek". */
static int geo_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {
        "valley", "vale", "highlands", "heights", "hills", "ridge", "creek", "oaks", "pines", "meadows", "meadow",
        "woodlands", "woods", "lakes", "lakeview", "lakeshore", "lakeside", "riverside", "riverview", "rivers",
        "harbor", "harbour", "summit", "crossing", "crossings", "mountain", "grove", "haven", "springs", "pointe",
        "glen", "brook", "meadowbrook", "pinecrest", "crest", "vista", "shores", "bluff", "bluffs", "canyon",
        "mesa", "prairie", "terrace", "gardens", "commons", "manor", "village", "villa", "estates", "plaza",
        "heritage", "willows", "cedars", "cypress", "sycamore", "arbors", "arbor", "orchard", "orchards", "cove",
        "landing", "knoll", "ridgeview", "hillcrest", "fairview", "westview", "eastside", "westside",
        "northside", "southside", "hillside", "countryside", "oakwood", "pinewood", "wildwood", "rosewood",
        "briarwood", "brookside", "parkside", "parkview", "lakewood", "greenbrier", "shoals", "pavilion",
        "lodge", "residence", "residences", "towers", "hollow", "falls", "bend", "pointe", "trace", "chase"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word no list knows that reads as a name, not an English word form. */
static int unknown_name(const deid_doc *d, size_t k)
{
    return pname(d, k) && !TK(k).w && TLEN(k) >= 4 && !deid_english_word(d, k);
}

/* A place's label at a line's start: "Facility:", "Agency:", "To:". */
static int place_label(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"facility", "location", "referring", "agency", "clinic", "pharmacy", "provider",
                                    "client", "place", "school", "hospital", "submitting", "lab", "site", "practice",
                                    "to", "from", "pcp", "nh", "snf", "alf", "ltc", "shelter", "daycare", "hospice",
                                    "transferring", "sending", "receiving", "accepting", "requesting", "origin",
                                    "destination", "drop", "pickup", "performing", "dialysis", "rehab"};
    if (i < 2 || !is_p(d, i - 1, ':') || TK(i).nl) return 0;
    size_t a = i - 2;
    if (!tok_in(d, a, w, sizeof w / sizeof *w)) return 0;
    /* "Performing lab:", not "LAB: Chem 7" */
    static const char *const labs[] = {"performing", "reference", "ref", "outside", "reporting"};
    if (tok_eq(d, a, "lab", 3) && !(a > 0 && !TK(a).nl && tok_in(d, a - 1, labs, sizeof labs / sizeof *labs))) return 0;
    for (size_t q = 0; q < 3 && a > 0 && !TK(a).nl; q++, a--)
        if (!(TK(a - 1).shape & T_ALPHA)) return 0;
    return a == 0 || TK(a).nl;
}

/* A header's dash before token i ("GI CONSULT — Lahey"). */
static int header_dash(const deid_doc *d, size_t i)
{
    return i > 0 && i < d->n && !TK(i).nl && TK(i).sp && TK(i - 1).sp &&
           (is_p(d, i - 1, '-') || long_dash(d, i - 1));
}

/* Token k is the "to" that ends a clinical phrase: "due to", "secondary
 * to", "related to" (no place follows it). */
static int cause_to(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"due", "secondary", "related", "attributed", "attributable", "contributing",
                                    "compared", "similar", "progressed", "progression", "prior", "consistent",
                                    "leading", "converted", "up", "equal", "referable", "sensitive", "allergic",
                                    "exposure", "exposed", "response", "resistant", "resistance", "proportional"};
    return k > 0 && tok_eq(d, k, "to", 2) && tok_in(d, k - 1, w, sizeof w / sizeof *w);
}

int deid_place_position(const deid_doc *d, size_t i, size_t end, size_t npreps)
{
    static const char *const preps[] = {"at", "from", "to", "via", "with", "through", "thru", "into", "by"};
    size_t p = i;
    if (i >= d->n || TK(i).nl) return 0;                      /* a line's first word: no cue reaches it */
    if (i > 0 && (is_p(d, i - 1, '.') || is_p(d, i - 1, ';') || is_p(d, i - 1, ')') || is_p(d, i - 1, '!') ||
                  is_p(d, i - 1, '?')))
        return 0;                                              /* nor a sentence's ("to SNF. Referrals sent") */
    if (p > 0 && tok_eq(d, p - 1, "the", 3)) p--;
    if (npreps > sizeof preps / sizeof *preps) npreps = sizeof preps / sizeof *preps;
    /* not "allergic to", "due to", "secondary to" */
    if (p > 0 && !TK(p).nl && (tok_in(d, p - 1, preps, npreps) || is_p(d, p - 1, '@')) &&
        !cause_to(d, p - 1))
        return 1;
    /* a header's place ("GI CONSULT — Lahey"), a place in parentheses ("(Banner West)") */
    int closes = end >= d->n || TK(end).nl || is_p(d, end, ')') || is_p(d, end, ',');
    if (closes && header_dash(d, i)) return 1;
    if (i > 0 && is_p(d, i - 1, '(') && is_p(d, end, ')')) return 1;
    return place_label(d, i) || deid_cue_before(d, i, CUE_FACILITY, 3) != NULL;
}

/* The words of a place's site after its name: "Southaven", "North",
 * "Lenoir City"; up to two, none clinical nor a head (the head rule's). */
static size_t site_end(const deid_doc *d, size_t k, int upper)
{
    size_t e = k;
    while (e < d->n && e < k + 2 && !TK(e).nl && !deid_column_gap(d, e) && cap(d, e) && (TK(e).shape & T_ALPHA) &&
           TLEN(e) >= 2 && (upper ? (TK(e).shape & T_UPPER) && !(TK(e).w & ~(uint32_t)(W_CITY | W_FIRST | W_LAST | W_COMMON))
                                  : pname(d, e) && !deid_english_word(d, e)))
        e++;
    /* not the first words of a longer name the head rule takes ("Mercy Surgery Center") */
    if (e < d->n && !TK(e).nl && cap(d, e) && (TK(e).w & (W_FAC | W_FAC2))) return k;
    return e;
}

/* What ends a place's name: the line, punctuation, a column gap, a number,
 * capitals, or a word in lower case that is no noun of a thing the name
 * would be an eponym of ("Mayo stand", "St. Jude pacemaker", "Ochsner
 * clamp", "Baptist church"). */
static int name_ends(const deid_doc *d, size_t e)
{
    static const char *const things[] = {"stand", "tenaculum", "pacemaker", "church", "equipment", "supplies",
                                         "insurance", "system", "systems", "history", "model", "brand"};
    if (e >= d->n || TK(e).nl || deid_column_gap(d, e) || (TK(e).shape & (T_PUNCT | T_DIGIT | T_MIXED))) return 1;
    if (cap(d, e)) return (TK(e).shape & T_UPPER) != 0;            /* "Fresno CRMC ED" */
    if ((TK(e).w & W_STOP) || (TK(e).tag & TAG_LHEAD)) return 1;
    return !(TK(e).w & (W_HEAD | W_KEEP)) && !tok_in(d, e, things, sizeof things / sizeof *things);   /* "St. Louis encephalitis" */
}

/* A church, not a place of care: "Church: St. Hedwig", "her pastor, Rev.
 * Otis Greenlee of Shiloh Baptist". */
static int church_near(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"church", "parish", "pastor", "rev", "reverend", "congregation", "minister",
                                    "deacon", "worship", "priest", "mass"};
    for (size_t q = i; q > 0 && q + 10 > i && !TK(q).nl; q--)
        if (tok_in(d, q - 1, w, sizeof w / sizeof *w)) return 1;
    return i > 1 && is_p(d, i - 1, ':') && tok_in(d, i - 2, w, sizeof w / sizeof *w);
}

/* A staging system or a score named after a place: "stage IIA (Ann
 * Arbor)". */
static int staging_near(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"stage", "staging", "classification", "criteria", "grade", "score", "scale"};
    for (size_t q = i; q > 0 && q + 5 > i && !TK(q).nl; q--)
        if (tok_in(d, q - 1, w, sizeof w / sizeof *w)) return 1;
    return 0;
}

/* A sentence's pause after a name: the line's end, punctuation, a column
 * gap, a function word. */
static int pause_at(const deid_doc *d, size_t e)
{
    return e >= d->n || TK(e).nl || deid_column_gap(d, e) || (TK(e).shape & T_PUNCT) || (TK(e).w & W_STOP);
}

/* A word of a site's name: a proper name, not an English word form, not
 * an eponym unless a town's too. */
static int site_word(const deid_doc *d, size_t e)
{
    return pname(d, e) && !deid_english_word(d, e) && (!(TK(e).w & W_EPONYM) || (TK(e).w & W_CITY));
}

size_t deid_place_site(const deid_doc *d, size_t end)
{
    if (end >= d->n || TK(end).nl) return end;
    /* "UPMC Sleep Medicine Center at Passavant", "... at St. Joseph East" */
    if (tok_eq(d, end, "at", 2) && end + 1 < d->n && !TK(end + 1).nl) {
        size_t a = end + 1;
        if ((tok_eq(d, a, "st", 2) || tok_eq(d, a, "saint", 5)) && cap(d, a)) a += 1 + (is_p(d, a + 1, '.') && glued(d, a + 1));
        size_t e = a;
        while (e < d->n && e < a + 3 && !TK(e).nl && site_word(d, e)) e++;
        return e > a && pause_at(d, e) ? e : end;
    }
    /* the town after the head: "Trover Clinic Madisonville", "Mercy Hospital Fort Smith" */
    size_t e = end;
    while (e < d->n && e < end + 2 && !TK(e).nl && !deid_column_gap(d, e) && site_word(d, e)) e++;
    return e > end && pause_at(d, e) ? e : end;
}

/* ---- a denomination or "Medical" standing for the hospital ---- */

static int denomination(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"baptist", "methodist", "presbyterian", "lutheran", "adventist", "samaritan",
                                    "deaconess", "episcopal", "medical", "med"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* "Southern Baptist", "United Methodist": a faith, not a place. */
static int faith_before(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"southern", "united", "free", "reformed", "primitive", "missionary", "american",
                                    "independent", "evangelical", "religion", "religious", "faith", "denomination",
                                    "church", "seventh-day", "is", "a", "devout", "practicing"};
    return tok_in(d, k, w, sizeof w / sizeof *w) || (k > 0 && is_p(d, k, '-') && tok_eq(d, k - 1, "seventh", 7));
}

__attribute__((noinline)) static void denomination_place(deid_doc *d, size_t i)
{
    if (!cap(d, i) || (TK(i).shape & T_UPPER) || !denomination(d, i)) return;
    int med = tok_eq(d, i, "medical", 7) || tok_eq(d, i, "med", 3);
    size_t a = i;
    /* back over the name: "Valley Baptist", "Tri-City Medical", "Good Samaritan" */
    while (a > 0 && i - a < 3 && !TK(a).nl) {
        size_t p = a - 1;
        if (pname(d, p) && !(p + 1 == a && a == i && deid_english_word(d, p))) a = p;
        else if (is_p(d, p, '-') && glued(d, p) && glued(d, a) && p > 0 && pname(d, p - 1)) a = p;
        else if (tok_eq(d, p, "good", 4) && cap(d, p) && tok_eq(d, i, "samaritan", 9)) a = p;
        else break;
    }
    while (a < i && !cap(d, a)) a++;
    if (a < i && faith_before(d, a)) return;
    if (a > 0 && faith_before(d, a - 1)) return;
    if (a > 0 && (TK(a - 1).w & W_TITLE)) return;             /* "Dr. Baptist" */
    if (!med && church_near(d, a)) return;
    size_t e = i + 1;
    /* a second word for the hospital: "Baptist Memorial", "Methodist Medical" */
    if (cap(d, e) && !TK(e).nl && (denomination(d, e) || tok_eq(d, e, "memorial", 8) || tok_eq(d, e, "regional", 8) ||
                                   tok_eq(d, e, "general", 7)))
        e++;
    size_t s = site_end(d, e, 0);
    if (s == e && e < d->n && !TK(e).nl && cap(d, e) && (TK(e).w & (W_FAC | W_FAC2))) return;   /* the head rule's */
    if (!name_ends(d, s)) return;
    /* "Medical" needs a name before it; a denomination a name, a site or a place's position */
    if (a == i && (med || (s == e && !deid_place_position(d, i, s, 3)))) return;
    if (med && a + 1 == i && deid_english_word(d, a)) return;  /* "Durable Medical" */
    /* a maker of devices is "X Medical" too: "Wright Medical Micronail",
     * "(mild procedure; Vertos Medical)": only where a place stands */
    if (med && (s > e || !deid_place_position(d, a, s, 3))) return;
    deid_add_toks(d, a, s, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a hospital called by one word ---- */

/* The end of the word a town's notes call its hospital by, from token k
 * ("Mission", "Presby", "Sisters", "Children's", "the VA", "Good Sam");
 * k when there is none. In lower case only the few that messages write so
 * after "from" or "at" ("from presby", "at methodist"). */
static size_t standing_end(const deid_doc *d, size_t k, int lower)
{
    static const char *const w[] = {"mission", "presby", "sisters", "va", "methodist", "baptist", "providence"};
    static const char *const low[] = {"presby", "methodist", "baptist", "providence"};
    static const char *const good[] = {"samaritan", "shepherd", "sam"};
    if (k + 2 < d->n && tok_eq(d, k, "children", 8) && is_p(d, k + 1, '\'') && glued(d, k + 1) && tok_eq(d, k + 2, "s", 1))
        return k + 3;
    if (!lower && k + 1 < d->n && tok_eq(d, k, "good", 4) && !TK(k + 1).nl && cap(d, k + 1) &&
        tok_in(d, k + 1, good, sizeof good / sizeof *good))
        return k + 2;
    if (lower ? tok_in(d, k, low, sizeof low / sizeof *low) : tok_in(d, k, w, sizeof w / sizeof *w)) return k + 1;
    return k;
}

/* A hospital's service or unit right after its name: "Mission ED",
 * "Presby CVICU", "Sisters BH", "your VA PCP", "Children's eye clinic". */
static int service_after(const deid_doc *d, size_t e)
{
    static const char *const unit[] = {"ed", "er", "icu", "cvicu", "micu", "sicu", "picu", "nicu", "ccu", "bh", "lab",
                                       "labs", "clinic", "cardiology", "oncology", "nephrology", "neurology", "ortho",
                                       "peds", "psych", "rehab", "radiology", "imaging", "pharmacy", "dialysis", "pcp",
                                       "palliative", "hospice", "transplant", "campus", "ob", "inpatient", "outpatient"};
    static const char *const kind[] = {"clinic", "unit", "team", "program", "center", "fellow"};
    if (e >= d->n || TK(e).nl || deid_column_gap(d, e) || !(TK(e).shape & T_ALPHA)) return 0;
    /* a lab's values, results or work are no service: "Reviewed Children's lab values" */
    if ((tok_eq(d, e, "lab", 3) || tok_eq(d, e, "labs", 4)) && e + 1 < d->n && !TK(e + 1).nl &&
        (TK(e + 1).shape & T_ALPHA) && !(TK(e + 1).shape & T_CAP) && !(TK(e + 1).w & W_STOP))
        return 0;
    if (tok_in(d, e, unit, sizeof unit / sizeof *unit)) return 1;
    return e + 1 < d->n && !TK(e + 1).nl && !(TK(e).shape & T_CAP) && tok_in(d, e + 1, kind, sizeof kind / sizeof *kind);
}

/* "Sending: Mission ED", "transferring to Presby", "from Sisters to
 * Children's PICU", "enrolled at the VA", "d/c from presby": a hospital
 * called by one word, where a place stands or before its service. Not a
 * relative ("her sisters"), the state or the agency ("Norfolk, VA", "VA
 * 20/40", "VA caregiver program": the VA only as "at the VA", "by the
 * VA"), "Children's Tylenol" (a capitalized word after it), nor a heading
 * in capitals. */
__attribute__((noinline)) static void standing_name(deid_doc *d, size_t i)
{
    int lower = !(TK(i).shape & T_CAP), va = tok_eq(d, i, "va", 2);
    if ((TK(i).shape & T_UPPER) && !va) return;
    size_t e = standing_end(d, i, lower);
    if (e == i) return;
    if (i > 0 && !TK(i).nl && ((TK(i - 1).w & (W_RELATIVE | W_TITLE)) || is_p(d, i - 1, ','))) return;
    if (!lower) e = site_end(d, e, 0);                 /* "Presby Kaseman", "Mercy Fitzgerald" */
    int service = service_after(d, e);
    int pos = deid_place_position(d, i, e, va ? 9 : 4) && (name_ends(d, e) || service);
    if (va && !(pos && tok_eq(d, i - 1, "the", 3))) return;   /* "VA 20/40", "(VA caregiver program)" */
    if (va && !service && i >= 2 && tok_eq(d, i - 2, "by", 2)) return;   /* "service-connected by the VA" */
    if (!pos && (lower || !service)) return;
    deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a place's name before its service in lower case ---- */

/* A room or a department a place of care's name comes before, as notes
 * write it in lower case: "Ione lab", "Lakeside office", "Kaiser
 * cardiology", "Natividad inpatient psychiatry" (the heads people write
 * in lower case, "clinic", "pharmacy", "ED", are tagged D in the lists);
 * in capitals a unit's letters, "Saperstein OR 4" with its number. */
static int service_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"lab", "labs", "office", "campus", "location", "site", "cardiology", "oncology",
                                    "neurology", "nephrology", "pulmonology", "urology", "psychiatry", "radiology",
                                    "imaging", "ortho", "orthopedics", "dermatology", "rheumatology", "endocrinology",
                                    "gastroenterology", "hepatology", "pediatrics", "peds", "neurosurgery",
                                    "ophthalmology", "dialysis", "infusion", "endoscopy"};
    /* not "ER": a drug's extended release ("Methylphenidate ER 18") */
    static const char *const units[] = {"ed", "icu", "picu", "nicu", "micu", "sicu", "cvicu", "ccu", "pacu"};
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA)) return 0;
    if (TK(k).shape & T_UPPER)
        return tok_in(d, k, units, sizeof units / sizeof *units) ||
               (tok_eq(d, k, "or", 2) && k + 1 < d->n && !TK(k + 1).nl && digits(d, k + 1, 1, 2));
    if (TK(k).shape & T_CAP) return 0;
    if (TK(k).tag & TAG_LHEAD) return !tok_eq(d, k, "urgent", 6) || (tok_eq(d, k + 1, "care", 4) && !TK(k + 1).nl);
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word that names a place before its service: a place's own word, no
 * clinical or everyday word clinical text writes in lower case, no
 * English word's form, eponym ("Parkinson clinic", "Holter lab", "Mohs
 * clinic"), state, listed drug ("Coumadin clinic", "Suboxone clinic")
 * nor, unless a person's, a town's or a landscape's, a word ending as
 * drugs do ("Pitocin infusion"). */
static int service_name(const deid_doc *d, size_t k)
{
    uint32_t w = TK(k).w;
    if (!pname(d, k) || TLEN(k) < 3 || (w & W_STATE) || ((w & W_EPONYM) && !(w & W_CITY))) return 0;
    if (!(w & (W_FIRST | W_LAST | W_CITY)) && !geo_word(d, k) && deid_drug_ending(d, k)) return 0;
    return !deid_english_word(d, k) && !deid_lower_word(d, k) && !deid_listed_drug(d, k, deid_word_end(d, k));
}

static int naming_word(const deid_doc *d, size_t k);

/* Name a..i (tokens) before service k is a thing's, not a place's: one
 * word no list knows as a person's, a town's or a landscape's, after an
 * article or a patient's possessive before a body's site or a drug's
 * route ("Checked the Broviac site", "Started her Venofer infusion": a
 * device, a biologic; "our Riverbend infusion suite", "Therapy - Hegewisch
 * site" stay places), or a specialty's short name before a room or a unit
 * ("Sent to the Derm office", "Neph lab", "Uro ICU"). */
static int service_thing(const deid_doc *d, size_t a, size_t i, size_t k)
{
    static const char *const route[] = {"site", "infusion"};
    static const char *const whose[] = {"the", "a", "an", "her", "his", "their", "its", "this", "each"};
    static const char *const specialty[] = {"derm", "neph", "nephro", "uro", "heme", "hem", "endo", "onc", "pulm",
                                            "rheum", "neuro", "psych", "gyn", "cards", "peds", "ortho", "ophtho",
                                            "surg", "vasc", "gastro"};
    if (a != i || (TK(i).w & (W_FIRST | W_LAST | W_CITY)) || geo_word(d, i)) return 0;
    if (tok_in(d, k, route, sizeof route / sizeof *route))
        return i > 0 && !TK(i).nl && tok_in(d, i - 1, whose, sizeof whose / sizeof *whose);
    return tok_in(d, i, specialty, sizeof specialty / sizeof *specialty);
}

/* Token k opens a line or a sentence (after ".", "!", "?", ";"). */
static int sentence_first(const deid_doc *d, size_t k)
{
    return k == 0 || TK(k).nl || is_p(d, k - 1, '.') || is_p(d, k - 1, '!') || is_p(d, k - 1, '?') || is_p(d, k - 1, ';');
}

/* "Follow-up: Gouverneur diabetes clinic", "drawn at the Ione lab",
 * "Advised Lakeside office at 8", "followed by Kaiser cardiology", "prior
 * admission to Natividad inpatient psychiatry", "Cedars-Sinai, Saperstein
 * OR 4": a place's name (one to three capitalized words, one at least a
 * place's own word, see service_name), up to two clinical words in lower
 * case, and its service (service_word): the name is a place's anywhere.
 * Token i is the name's last word. Not a person ("Dr. Obi clinic": the
 * name rules'), nor a sentence's first word that is an everyday word too
 * ("Will clinic call"). */
__attribute__((noinline)) static void named_service(deid_doc *d, size_t i)
{
    size_t k = i + 1, mods = 0;
    while (k < d->n && mods < 2 && !TK(k).nl && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP) &&
           (TK(k).w & W_KEEP) && !(TK(k).w & W_STOP) && !service_word(d, k)) {
        k++, mods++;
        if (is_p(d, k, '\'') && glued(d, k) && tok_eq(d, k + 1, "s", 1)) k += 2;   /* "women's clinic" */
    }
    if (!service_word(d, k)) return;
    size_t a = i + 1, strong = 0;
    while (a > 0 && i + 1 - a < 3 && (a == i + 1 || !TK(a).nl) && pname(d, a - 1) &&
           (service_name(d, a - 1) || naming_word(d, a - 1)))
        strong += service_name(d, --a);
    if (!strong || a == i + 1 || service_thing(d, a, i, k)) return;
    /* the last words of a longer title: "HEP Drug Interactions site" (not
     * after a sentence's first word: "Advised Lakeside office") */
    if (a > 0 && !TK(a).nl && cap(d, a - 1) && (TK(a - 1).shape & T_ALPHA) && !sentence_first(d, a - 1)) return;
    size_t t = a > 1 && is_p(d, a - 1, '.') ? a - 1 : a;
    if (t > 0 && !TK(a).nl && (TK(t - 1).w & W_TITLE)) return;     /* "Dr. Obi clinic" */
    /* a sentence's first word is capitalized whatever it is: there a
     * person's, a town's or a landscape's word, not one no list knows
     * ("Firefly imaging", "Driveline site", "Embryology lab") nor an
     * everyday word too */
    if (sentence_first(d, a) && (!naming_word(d, a) || (a == i && (TK(a).w & W_COMMON)))) return;
    deid_add_toks(d, a, i + 1, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a name and the kind of care its place gives ---- */

/* The first token of a kind of care that ends a place's name, none of the
 * head lists' words, ending at token i; i + 1 when there is none. *strong:
 * the kind alone makes a name a place's ("Seacrest Post-Acute", "Kincaid
 * Funeral Home", "Pendleton Correctional Facility", "Clearwater Oral
 * Surgery"); the others need a place's position ("labs by Cornerstone
 * Mobile Lab", "filled at Ridgeway Drug", "Path to Bayside Pathology",
 * "lives at Harmony House", "group home (Merrimac House)"). */
static size_t care_kind(const deid_doc *d, size_t i, int *strong)
{
    static const char *const weak[] = {"surgery", "drug", "pathology", "infusion", "therapy", "med", "mri", "pulmonary",
                                       "vascular", "mammography", "endoscopy", "recovery", "allergy", "lab", "labs",
                                       "spine", "phlebotomy", "behavioral", "orthodontics", "toxicology", "house"};
    *strong = 1;
    if (i >= 2 && tok_eq(d, i, "acute", 5) && is_p(d, i - 1, '-') && glued(d, i - 1) && glued(d, i) &&
        tok_eq(d, i - 2, "post", 4) && cap(d, i - 2))
        return i - 2;
    if (i >= 1 && !TK(i).nl && cap(d, i - 1) &&
        ((tok_eq(d, i, "home", 4) && tok_eq(d, i - 1, "funeral", 7)) ||
         (tok_eq(d, i, "facility", 8) && tok_eq(d, i - 1, "correctional", 12)) ||
         (tok_eq(d, i, "surgery", 7) && tok_eq(d, i - 1, "oral", 4))))
        return i - 1;
    *strong = 0;
    return tok_in(d, i, weak, sizeof weak / sizeof *weak) ? i : i + 1;
}

/* An unlisted word with an adjective's or a field's ending: "Cosmetic",
 * "Podiatric", "Neurosurgical", "Craniofacial", "Emergent", "Toxicology",
 * "Minimally"
 * (deid_english_word knows "-ive", "-ed", "-ing", "-tion"). */
static int field_form(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"ic", "al", "ent", "ogy", "ly"};
    return TLEN(k) >= 6 && !(TK(k).w & (W_FIRST | W_LAST | W_CITY | W_STATE)) &&
           deid_ending(d, k, ends, sizeof ends / sizeof *ends, 1);
}

/* A word of a place's name that clinical text does not write in lower
 * case: "Seacrest", "Rocky", "Ridgeway"; not "Prior" ("Prior Surgery"),
 * "Open", "Mobile" (inside the kind's words), an eponym, an English word
 * form or a field's adjective ("Elective", "Enhanced", "Trending",
 * "Chelation", "Cosmetic", "Aesthetic", "Neurosurgical"). */
static int own_name_word(const deid_doc *d, size_t k)
{
    return site_word(d, k) && !deid_lower_word(d, k) && !field_form(d, k);
}

/* A kind that also heads a note's section or a table's row: "Art
 * Therapy", "Toxicology Labs", "| Holter Recovery |", "Cardiac MRI". */
static int heading_kind(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"therapy", "labs", "lab", "recovery", "allergy", "mri", "infusion"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A name standing alone in its cell: a line's or a column's only words, a
 * table's cell ("| Ridgeway Drug |"), a letterhead ("Ashby Road Surgery"). */
static int alone_in_cell(const deid_doc *d, size_t a, size_t e)
{
    int before = a == 0 || TK(a).nl || deid_column_gap(d, a) || is_p(d, a - 1, '|');
    int after = deid_field_end(d, e, "|");
    return before && after;
}

/* "backup Homestead Post-Acute", "Referred to Rocky Mountain Oral
 * Surgery", "Pathology by Columbia Basin Pathology", "| Ridgeway Drug |":
 * capitalized words, one at least a name's (not a word clinical text
 * writes in lower case), then a kind of care no head list holds, ending
 * the name. Not "Prior Surgery", "Cardiac Surgery", "Dr. Roe Surgery",
 * nor a chain named without its site ("labs at Quest Diagnostics": no
 * "Diagnostics" among the kinds). */
__attribute__((noinline)) static void kind_of_care(deid_doc *d, size_t i)
{
    int strong;
    size_t k = care_kind(d, i, &strong), e = i + 1;
    if (k > i || (TK(i).shape & T_UPPER)) return;
    if (e < d->n && !TK(e).nl && cap(d, e) && (TK(e).w & (W_FAC | W_FAC2))) return;   /* the head rule's */
    if (!pause_at(d, e) && !name_ends(d, e)) return;
    /* more kinds after "&": "Desert Spine & Pain", "Kentuckiana Pulmonary & Sleep Medicine" */
    if (is_p(d, e, '&') || tok_eq(d, e, "and", 3)) {
        size_t f = e + 1;
        while (f < d->n && f < e + 4 && !TK(f).nl && cap(d, f) && !(TK(f).shape & T_UPPER) &&
               (TK(f).w & (W_KEEP | W_FAC | W_FAC2)))
            f++;
        if (f > e + 1 && pause_at(d, f)) e = f;
    }
    size_t a = k, names = 0;
    while (a > 0 && k - a < 5 && !TK(a).nl && !deid_column_gap(d, a)) {
        size_t p = a - 1;
        if (cap(d, p) && (TK(p).shape & T_ALPHA) && !(TK(p).shape & T_UPPER) &&
            !(TK(p).w & (W_TITLE | W_MONTH | W_CRED | W_STOP | W_RELATIVE | W_CUE | W_FAC | W_FAC2)))
            names += own_name_word(d, p), a = p;
        else if ((is_p(d, p, '&') || (is_p(d, p, '-') && glued(d, p) && glued(d, a))) && p > 0 && cap(d, p - 1))
            a = p;
        else
            break;
    }
    while (a < k && !cap(d, a)) a++;
    if (!names || (a > 0 && !TK(a).nl && (TK(a - 1).w & W_TITLE))) return;
    /* alone in its cell, a heading's kind needs two words of a name:
     * "Casco Bay Lab", not "Lokomat Therapy", "| Holter Recovery |" */
    int cell = alone_in_cell(d, a, e) && (names >= 2 || !heading_kind(d, k));
    if (!strong && !deid_place_position(d, a, e, 9) && !cell && !header_dash(d, a)) return;
    if (church_near(d, a)) return;
    deid_add_toks(d, a, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a saint and the site ---- */

__attribute__((noinline)) static void saint_site(deid_doc *d, size_t i)
{
    if (!(tok_eq(d, i, "st", 2) || tok_eq(d, i, "saint", 5)) || !cap(d, i)) return;
    int upper = (TK(i).shape & T_UPPER) && TLEN(i) > 1;
    if (i > 0 && is_p(d, i - 1, '-') && glued(d, i)) return;   /* "Mifflin-St Jeor" */
    /* a street: "123 St. Paul Ave", "Main St." */
    if (i > 0 && !TK(i).nl && ((TK(i - 1).shape & T_DIGIT) || (cap(d, i - 1) && !(TK(i - 1).w & (W_CUE | W_STOP)) &&
                                                             !is_p(d, i - 1, '(') && tok_eq(d, i, "st", 2) &&
                                                             !(TK(i - 1).brand) && !(TK(i - 1).w & W_FAC2))))
        return;
    size_t k = i + 1;
    if (is_p(d, k, '.') && glued(d, k)) k++;
    if (k >= d->n || TK(k).nl || !cap(d, k) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3) return;
    if (upper != ((TK(k).shape & T_UPPER) != 0)) return;
    if ((TK(k).w & (W_KEEP | W_MONTH | W_TITLE | W_STOP | W_STREET | W_STATE)) && !(TK(k).w & (W_FIRST | W_LAST))) return;
    size_t e = k + 1;
    if (is_p(d, e, '\'') && glued(d, e) && tok_eq(d, e + 1, "s", 1)) e += 2;
    if (e < d->n && !TK(e).nl && (TK(e).w & W_STREET) && cap(d, e)) return;          /* "St. Francis Dr" */
    if (tok_eq(d, e, "day", 3) || tok_eq(d, e, "wort", 4)) return;                    /* "St. Patrick's Day" */
    if (tok_eq(d, k, "jude", 4) || church_near(d, i)) return;    /* a device's maker; a church */
    size_t s = site_end(d, e, upper);
    if (s == e && e < d->n && !TK(e).nl && cap(d, e) && (TK(e).w & (W_FAC | W_FAC2))) return;   /* the head rule's */
    if (!name_ends(d, s)) return;
    /* a saint alone is a place where a place stands or at a sentence's
     * pause ("St. Louis encephalitis" stays); in capitals it is a heading's
     * word unless a site follows */
    int pause = s >= d->n || TK(s).nl || (TK(s).shape & T_PUNCT) || (TK(s).w & W_STOP);
    if (s == e && (upper || !pause) && !deid_place_position(d, i, s, 3)) return;
    deid_add_toks(d, i, s, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a name "of" the town or region it serves ---- */

/* A word of the place served: a city, a state, a region ("Western
 * Reserve", "Greater Dayton") or a word no list knows. */
static int served_word(const deid_doc *d, size_t k, int listed)
{
    /* a title's time, not a place served: "Drug of the Week", "Employee of
     * the Month" */
    static const char *const times[] = {"week", "month", "day", "year", "quarter", "season", "hour", "night",
                                        "decade", "century", "moment", "record", "records"};
    if (k >= d->n || TK(k).nl || !cap(d, k) || !(TK(k).shape & T_ALPHA)) return 0;
    if (tok_in(d, k, times, sizeof times / sizeof *times)) return 0;
    uint32_t w = TK(k).w;
    /* a state or a country alone only where a place stands: "Balsam of Peru" */
    if ((w & W_STATE) && !(w & (W_CITY | W_CITYPFX))) return !listed && !(w & (W_KEEP | W_EPONYM | W_MONTH));
    if (w & (W_CITY | W_STATE | W_CITYPFX)) return !(w & (W_KEEP | W_EPONYM | W_MONTH));
    return !listed && pname(d, k) && !(w & W_EPONYM) && !deid_english_word(d, k);
}

static int compass(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"greater", "western", "eastern", "northern", "southern", "central", "north",
                                    "south", "east", "west", "upper", "lower", "metro", "northwest", "northeast",
                                    "southwest", "southeast"};
    return cap(d, k) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word before "of" that is no place's: a state's or a nation's, an office. */
static int not_a_place_of(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"state", "states", "commonwealth", "republic", "kingdom", "bank", "gulf",
                                    "government", "department", "secretary", "city", "county", "town", "people",
                                    "province", "district", "chief", "director", "president", "member", "governor",
                                    "mayor", "attorney", "court", "board", "university", "college", "school",
                                    "bluecross", "blueshield", "cross", "shield", "insurance", "mutual", "life"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* "Our Lady" of a hospital's name ("Our Lady of the Lake", "Our Lady of
 * Lourdes"): token k is "Our" or "Lady" of the pair. */
static int our_lady(const deid_doc *d, size_t k)
{
    return (tok_eq(d, k, "our", 3) && tok_eq(d, k + 1, "lady", 4) && cap(d, k + 1)) ||
           (k > 0 && tok_eq(d, k, "lady", 4) && tok_eq(d, k - 1, "our", 3) && cap(d, k - 1));
}

static size_t at_site_end(const deid_doc *d, size_t k);

/* The name before "of" (ending at token i - 1) ends as a place of care's:
 * a kind of care ("Corner Drug of", "Women's Imaging of", "Hospice of",
 * "Shields MRI of", "VNA of"; 2 for the letters in capitals) or a
 * possessive ("Children's of Alabama", "St. Mary's of Grand Junction"). */
static int care_before_of(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"drug", "drugs", "imaging", "hospice", "pharmacy", "care", "homecare", "ray",
                                    "home", "homes", "shoppe", "charities", "manor", "service", "services",
                                    "associates"};
    static const char *const letters[] = {"mri", "vna"};
    size_t p = i - 1;
    if (p >= 2 && tok_eq(d, p, "s", 1) && glued(d, p) && is_p(d, p - 1, '\'') && cap(d, p - 2)) return 1;
    if ((TK(p).shape & T_UPPER) && TLEN(p) == 3) return tok_in(d, p, letters, sizeof letters / sizeof *letters) ? 2 : 0;
    if (our_lady(d, p)) return 1;
    return tok_in(d, p, w, sizeof w / sizeof *w);
}

__attribute__((noinline)) static void of_place(deid_doc *d, size_t i)
{
    if (!tok_eq(d, i, "of", 2) || i == 0 || TK(i).nl) return;
    int kind = care_before_of(d, i);
    /* in capitals ("BETHANY HOME OF LINDSBORG") only after a kind of care */
    int upper = (TK(i).shape & T_UPPER) != 0;
    if (upper && kind != 1) return;
    if (!kind && (!cap(d, i - 1) || (TK(i - 1).shape & T_UPPER))) return;
    /* the name before: one to three capitalized words, with "'s", "&", "-" */
    size_t a = i, words = 0, real = 0;
    while (a > 0 && words < 3 && !TK(a).nl) {
        size_t p = a - 1;
        if (kind == 2 && p + 1 == i) {
            a = p, words++;                            /* "VNA", "MRI" */
        } else if (cap(d, p) && (TK(p).shape & T_ALPHA) && (upper || !(TK(p).shape & T_UPPER)) &&
                   (!(TK(p).w & (W_TITLE | W_MONTH | W_STOP | W_CRED | W_RELATIVE)) || our_lady(d, p) ||
                    (kind && tok_eq(d, p, "children", 8)))) {
            if (not_a_place_of(d, p) || (TK(p).w & (W_HEAD | W_STATE))) return;
            real += !(TK(p).w & W_KEEP) || (TK(p).w & (W_FAC | W_FAC2));
            a = p, words++;
        } else if ((is_p(d, p, '\'') || is_p(d, p, '-') || is_p(d, p, '&')) && p > 0 && cap(d, p - 1)) {
            a = p;
            if (is_p(d, p, '-') && glued(d, p) && TLEN(p - 1) == 1 && (TK(p - 1).shape & T_UPPER)) a = p - 1;   /* "X-Ray" */
        } else if (tok_eq(d, p, "s", 1) && glued(d, p) && p > 1 && is_p(d, p - 1, '\'')) {
            a = p;
        } else {
            break;
        }
    }
    while (a < i && !cap(d, a)) a++;
    /* in capitals, a name before the kind ("BETHANY HOME OF", not "HOME OF
     * ORIGIN", "ASSOCIATES OF SCIENCE") */
    if (!words || !(real || kind == 2) || (upper && words < 2)) return;
    /* "Dr. Roe of Boston", "J. Roe of Boston" (a sentence's first word may
     * start a name: "Dr. Pennington. Hospice of the Bluegrass") */
    size_t t = a > 1 && is_p(d, a - 1, '.') ? a - 1 : a;
    int saint = t > 0 && (tok_eq(d, t - 1, "st", 2) || tok_eq(d, t - 1, "saint", 5));   /* "St. Mary's of" */
    if (t > 0 && !TK(a).nl && !saint && ((TK(t - 1).w & W_TITLE) || (t < a && (!kind || (TLEN(t - 1) == 1 && (TK(t - 1).shape & T_UPPER))))))
        return;
    /* the place served after: "[the] [Greater] Town [Town]" */
    size_t k = i + 1;
    if (tok_eq(d, k, "the", 3)) k++;
    /* a town no list knows only where a place stands: "filled at Family
     * Drug of Whitesburg", not "the Hood of Hamate", "Range of Motion" */
    size_t s = k, places = 0;
    int region = s < d->n && !TK(s).nl && compass(d, s);
    s += region;
    /* a header's dash before the name counts when the served name, to its
     * own end, closes the header ("RX REFILL — Family Drug of Whitesburg") */
    size_t f = s;
    while (f < d->n && f < k + 4 && !TK(f).nl && served_word(d, f, 0)) f++;
    int listed = !kind && !region && !deid_place_position(d, a, s, 3) && !(header_dash(d, a) && name_ends(d, f));
    while (s < d->n && s < k + 4 && !TK(s).nl && served_word(d, s, listed)) s++, places++;
    /* after a kind of care, a site's everyday words too: "Hospice of the
     * Bluegrass", "Women's Imaging of Elm Grove", "Hospice of St.
     * Petersburg" (not after letters: "MRI of Brain"; not after "Care" or
     * "Drug", whose titles are everyday: "Care of the Incision", "Drug of
     * the Week") */
    static const char *const titles[] = {"care", "drug", "drugs"};
    if (!places && kind == 1 && !tok_in(d, i - 1, titles, 3) && (s = at_site_end(d, k)) > k) places = s - k;
    /* not a label's words ("HOME OF RECORD: TEXAS") */
    if (!places || !name_ends(d, s) || (is_p(d, s, '-') && glued(d, s)) || is_p(d, s, ':')) return;
    deid_add_toks(d, a, s, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a town and the system's letters ---- */

/* Letters of a health system's site: capitals no list knows, ending as the
 * names of places of care end (Hospital, Center, Clinic, Services). */
static int system_letters(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || TK(k).w || !(TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2 ||
        TLEN(k) > 5)
        return 0;
    char last = d->t[TK(k).b - 1];
    return last == 'H' || last == 'C' || last == 'S';
}

__attribute__((noinline)) static void town_letters(deid_doc *d, size_t i)
{
    if (!system_letters(d, i) || i == 0 || TK(i).nl || !name_ends(d, i + 1)) return;
    size_t a = i;
    while (a > 0 && i - a < 2 && !TK(a).nl && (pname(d, a - 1) || ((TK(a - 1).w & W_CITY) && cap(d, a - 1))) &&
           !(TK(a - 1).shape & T_UPPER))
        a--;
    if (a == i || !deid_place_position(d, a, i + 1, 3)) return;
    deid_add_toks(d, a, i + 1, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a name alone where a place stands ---- */

/* A visit, a test or a stay earlier in the sentence: "CT chest done at X",
 * "died at X", "last admission was X". */
static int care_before(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"seen", "admitted", "admission", "admissions", "discharged", "hospitalized",
                                    "hospitalization", "transferred", "transfer", "died", "delivered", "born",
                                    "treated", "followed", "films", "imaging", "ct", "mri", "x-ray", "xray", "pet",
                                    "scan", "pfts", "echo", "cath", "biopsy", "surgery", "ed", "er", "icu", "clinic",
                                    "care", "pcp", "records", "prenatal", "dialysis", "infusion", "chemo", "rehab",
                                    "stay", "beds", "bed", "placement", "intake", "evaluated", "visit", "appt",
                                    "appointment", "procedure", "trained", "residency", "nurse", "physician",
                                    "cultures", "culture", "cta", "mra", "ultrasound", "mammogram",
                                    "colonoscopy", "endoscopy", "egd", "workup", "incarcerated", "living", "lived",
                                    "staying", "resides", "resident", "referral", "referred", "recheck", "exam",
                                    "therapist", "therapy", "counseling", "cardiologist", "oncologist",
                                    "nephrologist", "endocrinologist", "neurologist", "psychiatrist", "surgeon",
                                    "pediatrician", "dentist", "obgyn", "provider", "appendectomy", "delivery"};
    for (size_t q = i; q > 0 && q + 12 > i && !TK(q).nl; q--) {
        if (is_p(d, q - 1, '.') || is_p(d, q - 1, ';')) return 0;
        if (tok_in(d, q - 1, w, sizeof w / sizeof *w)) return 1;
    }
    return 0;
}

/* The cheap half of deid_place_position: the word before token i (past
 * "the") is "at", "from", "to", "into", a label's colon, a parenthesis, a
 * dash, or a word that may end a cue ("pharmacy", "hospice"). */
static int may_follow_position(const deid_doc *d, size_t i)
{
    static const char *const preps[] = {"at", "from", "to", "into"};
    if (i == 0 || TK(i).nl) return 0;
    size_t p = i - 1;
    if (tok_eq(d, p, "the", 3) && p > 0) p--;
    if (TK(p).shape & T_PUNCT) return is_p(d, p, ':') || is_p(d, p, '(') || is_p(d, p, '-') || TLEN(p) == 3;
    return (TK(p).w & (W_CUE | W_KEEP | W_FAC | W_FAC2)) || tok_in(d, p, preps, sizeof preps / sizeof *preps);
}

__attribute__((noinline)) static void positioned_name(deid_doc *d, size_t i)
{
    if (!may_follow_position(d, i) || !pname(d, i) || (cap(d, i - 1) && !(TK(i - 1).w & (W_CUE | W_STOP)))) return;
    size_t e = i, geo = 0, unknown = 0;
    while (e < d->n && e < i + 4 && (e == i || (!TK(e).nl && !deid_column_gap(d, e)))) {
        if (pname(d, e)) {
            geo += geo_word(d, e) != 0;
            unknown += unknown_name(d, e);
            e++;
        } else if (e > i && is_p(d, e, '\'') && tok_eq(d, e + 1, "s", 1) && glued(d, e)) {
            e += 2;
        } else if (e > i && is_p(d, e, '-') && glued(d, e) && pname(d, e + 1) && glued(d, e + 1)) {
            e += 2;
        } else {
            break;
        }
    }
    if (!geo && !unknown) return;
    if (e < d->n && !TK(e).nl && cap(d, e) && (TK(e).w & (W_FAC | W_FAC2))) return;   /* the head rule's */
    /* a possessive before a noun in lower case names a part of the body:
     * "vessels at Kiesselbach's plexus" */
    if (!geo && e >= 2 && tok_eq(d, e - 1, "s", 1) && is_p(d, e - 2, '\'') && e < d->n && !TK(e).nl &&
        (TK(e).shape & T_ALPHA) && !(TK(e).shape & T_CAP) && !(TK(e).w & W_STOP) && !(TK(e).tag & TAG_LHEAD))
        return;
    /* a specialty closing a field's name: "To: Lakeshore Spine" at the line's end */
    size_t f = e;
    for (size_t q = 0; q < 2 && f < d->n && !TK(f).nl && cap(d, f) && (TK(f).shape & T_ALPHA) &&
                       !(TK(f).shape & T_UPPER) && (TK(f).w & W_KEEP) && !(TK(f).w & (W_HEAD | W_FAC | W_FAC2 | W_TITLE));
         q++)
        f++;
    if (f > e && (f >= d->n || TK(f).nl || deid_column_gap(d, f))) e = f;
    if (!name_ends(d, e)) return;
    /* "X Y, RN": a person the name rules take */
    if (is_p(d, e, ',') && e + 1 < d->n && (TK(e + 1).w & W_CRED) && (TK(e + 1).shape & T_UPPER)) return;
    if (!deid_place_position(d, i, e, 3) || staging_near(d, i)) return;
    /* a word no list knows needs a visit before it, "at" or "from", or a cue or a label */
    if (!geo) {
        size_t p = i - (i > 0 && tok_eq(d, i - 1, "the", 3));
        int at = p > 0 && (tok_eq(d, p - 1, "at", 2) || tok_eq(d, p - 1, "from", 4));
        if (!((at && care_before(d, p - 1)) || place_label(d, i) || deid_cue_before(d, i, CUE_FACILITY, 3))) return;
    }
    deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a saint in lower case where a place stands ---- */

/* Token k is a given name's possessive written without its apostrophe,
 * as messages write it: "marys", "vincents", "lukes". */
static int bare_possessive(const deid_doc *d, size_t k)
{
    char key[32];
    size_t n = TLEN(k) - 1;
    if (TLEN(k) < 4 || n >= sizeof key || (d->t[TK(k).b - 1] | 32) != 's') return 0;
    memcpy(key, d->t + TK(k).a, n);
    n = deid_lower_key(key, n);
    return n && (deid_word_flags(key, n) & W_FIRST) != 0;
}

/* "moved last night from st agnes to ...", "seen at saint mary's", "went to
 * st e's": dictation and messages write the saint in lower case; only
 * after "at", "from", "to" (past "the"), and not a clinical or everyday
 * word after it ("at st 2" is a stage). */
__attribute__((noinline)) static void lower_saint(deid_doc *d, size_t i)
{
    if (!(tok_eq(d, i, "st", 2) || tok_eq(d, i, "saint", 5)) || i == 0 || TK(i).nl) return;
    static const char *const preps[] = {"at", "from", "to"};
    size_t p = i - (i > 1 && tok_eq(d, i - 1, "the", 3));
    if (p == 0 || TK(p).nl || !tok_in(d, p - 1, preps, sizeof preps / sizeof *preps)) return;
    size_t k = i + 1 + (is_p(d, i + 1, '.') && glued(d, i + 1));
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) ||
        (TK(k).w & (W_KEEP | W_STOP | W_MONTH | W_STREET)))
        return;
    size_t e = k + 1;
    int poss = is_p(d, e, '\'') && glued(d, e) && tok_eq(d, e + 1, "s", 1);
    if (poss) e += 2;
    if (TLEN(k) < 3 && !poss) return;                  /* "st e's" */
    if (poss && tok_eq(d, e, "wort", 4)) return;       /* "to st john's wort", a herb */
    /* a saint's name: "agnes", "francis", or one's possessive written
     * without its apostrophe ("st marys", "st vincents") */
    if (!(TK(k).w & (W_FIRST | W_LAST)) && !poss && !bare_possessive(d, k)) return;
    deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a place named in lower case before its head ---- */

/* A word of a place's name in lower case: a town's, a person's (not an
 * everyday word), a landscape's, or a word no list knows that clinical
 * text does not write in lower case ("pikeville", "dupage"); not clinical,
 * an eponym (unless a town's), a function word. */
static int lower_name_word(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || (TK(k).shape & (T_CAP | T_PUNCT | T_DIGIT)) || TLEN(k) < 3) return 0;
    uint32_t w = TK(k).w;
    if (w & (W_KEEP | W_STOP | W_TITLE | W_MONTH | W_CRED | W_RELATIVE | W_HEAD | W_CUE)) return 0;
    if ((w & W_EPONYM) && !(w & W_CITY)) return 0;
    if (w & W_CITY) return 1;
    /* a person's name of five letters or more: "campbell", not "endo" center */
    if ((w & (W_FIRST | W_LAST)) && !(w & W_COMMON)) return TLEN(k) >= 5;
    if (geo_word(d, k)) return 1;
    /* not an everyday word: "county", "public", "senior", "resort" health or
     * clinic are in the list of words clinical text writes in lower case
     * (2: a weaker name, see lower_place) */
    return !w && TLEN(k) >= 5 && !deid_english_word(d, k) && !deid_lower_word(d, k) ? 2 : 0;
}

/* The words of a head in lower case, and those that end one. */
static int lower_head_word(const deid_doc *d, size_t k, int *ends)
{
    static const char *const end[] = {"hospital", "clinic", "clinics", "memorial", "regional", "center", "centre",
                                      "health", "healthcare", "rehab", "dialysis", "pharmacy", "elementary",
                                      "campus", "medicine", "hospice", "infirmary", "orthopaedics", "orthopedics",
                                      "general", "snf", "ltach"};
    static const char *const mid[] = {"medical", "community", "family", "urgent", "nursing", "and", "&", "regional",
                                      "memorial", "general", "children's", "health", "dental"};
    if (k >= d->n || TK(k).nl || (TK(k).shape & T_CAP)) return 0;
    *ends = tok_in(d, k, end, sizeof end / sizeof *end);
    if (*ends) return 1;
    /* "urgent care", "medical group", "dental group", "nursing home", "high school" */
    if (k > 0 && ((tok_eq(d, k, "care", 4) && tok_eq(d, k - 1, "urgent", 6)) ||
                  (tok_eq(d, k, "group", 5) && (tok_eq(d, k - 1, "medical", 7) || tok_eq(d, k - 1, "dental", 6))) ||
                  (tok_eq(d, k, "home", 4) && tok_eq(d, k - 1, "nursing", 7)) ||
                  (tok_eq(d, k, "school", 6) && tok_eq(d, k - 1, "high", 4))))
        return *ends = 1;
    return tok_in(d, k, mid, sizeof mid / sizeof *mid) || tok_eq(d, k, "high", 4);
}

/* "we were at northside urgent care", "ok to d/c to rennes health and
 * rehab", "retired from pikeville medical center", "she was in cookeville
 * regional": messages and dictation write a place's name in lower case. After
 * "at", "from", "to" or "via" (past "the"): one to three words of a name (a
 * town's, a person's, a landscape's), then
 * the head's words in lower case, up to one that ends a head. Not "at the
 * outside hospital", "to urgent care", "at home health" (everyday words),
 * "from dr lee clinic" (a title), "due to ...". */
__attribute__((noinline)) static void lower_place(deid_doc *d, size_t i)
{
    if (i + 2 >= d->n) return;
    size_t k = i + 1 + (tok_eq(d, i + 1, "the", 3) && !TK(i + 1).nl);
    int word = TK(k).nl ? 0 : lower_name_word(d, k), weak = word == 2;
    if (!word || cause_to(d, i)) return;
    size_t h = k + 1, e, end = 0;
    int ends = 0;
    /* a head's last word is no name's even when no list knows it: "at
     * greenville memorial" */
    while (h < d->n && h < k + 3 && !(lower_head_word(d, h, &ends) && ends) && (word = lower_name_word(d, h)))
        h++, weak &= word == 2;
    e = h;
    while (e < d->n && e < h + 4 && lower_head_word(d, e, &ends)) {
        e++;
        if (ends) end = e;
    }
    if (!end) return;
    /* words no list knows only before a head of two words or a hospital's:
     * "pikeville medical center", "munson urgent care", not "to refuse
     * dialysis", "to continue rehab" */
    static const char *const hospital[] = {"hospital", "clinic", "clinics", "center", "centre", "regional", "memorial",
                                           "general", "infirmary", "healthcare", "snf", "ltach"};
    if (weak && end == h + 1 && !tok_in(d, h, hospital, sizeof hospital / sizeof *hospital)) return;
    deid_add_toks(d, k, end, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* A landscape's word that ends a community of care's name in lower case
 * ("shady oaks", "parkview manor", "lakeside terrace"); not those clinical
 * or plain text writes after a word of its own ("iliac crest", "prone to
 * falls", "landing", "summit", "trace", "bend", "petrous ridge"). */
static int lower_geo_end(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"oaks", "manor", "terrace", "valley", "hills", "heights", "creek", "pines",
                                    "meadows", "woods", "woodlands", "lakes", "gardens", "estates", "village",
                                    "commons", "grove", "haven", "springs", "pointe", "glen", "vista", "shores",
                                    "bluffs", "harbor", "harbour", "willows", "cedars", "arbors", "orchards"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word of such a name before its landscape's word: a name's or a
 * landscape's word (lower_name_word), or a word no clinical list holds
 * that clinical text does not write in lower case ("shady", "rosedale"). */
static int lower_geo_word(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA) || (TK(k).shape & T_CAP) || TLEN(k) < 4) return 0;
    if (TK(k).w & (W_KEEP | W_STOP | W_TITLE | W_MONTH | W_CRED | W_RELATIVE | W_HEAD | W_CUE | W_STATE)) return 0;
    /* not an adjective of anatomy or of English no list knows
     * ("supraorbital", "petrous", "botanical") */
    static const char *const adj[] = {"al", "ar", "ous", "oid", "ic"};
    if (!TK(k).w && (deid_english_word(d, k) || deid_ending(d, k, adj, sizeof adj / sizeof *adj, 0))) return 0;
    return lower_name_word(d, k) || (!deid_lower_word(d, k) && !(TK(k).w & W_COMMON));
}

/* "back to shady oaks when stable", "came from parkview manor, full code",
 * "is she going to heritage oaks or home?", "goes back to lakeside
 * terrace": messages write a community of care's name in lower case.
 * After "at", "from", "to" or "via" (past "the"): one or two words of a
 * name, then a landscape's word that ends the name (a pause follows). Not
 * "to the iliac crest", "prone to falls", "at rest". */
static void lower_geo_place(deid_doc *d, size_t i)
{
    if (i + 2 >= d->n || cause_to(d, i)) return;
    size_t k = i + 1 + (tok_eq(d, i + 1, "the", 3) && !TK(i + 1).nl), e = k;
    while (e < d->n && e < k + 2 && !TK(e).nl && !lower_geo_end(d, e) && lower_geo_word(d, e)) e++;
    if (e == k || e >= d->n || TK(e).nl || !lower_geo_end(d, e) || (TK(e).shape & T_CAP)) return;
    e++;
    if (!pause_at(d, e) && !name_ends(d, e)) return;
    deid_add_toks(d, k, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a ward named after a person or a place ---- */

/* What may follow a ward's number: the line's end, a pause, a compass word
 * ("Station 20 West"), or the ward's service ("on Bryan 6 tele", "to
 * Lindqvist 4 ICU"); not a decimal, a time, a ratio or a clinical noun
 * ("Mobitz 2 block"). */
static int ward_number_ends(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"unit", "tele", "telemetry", "icu", "floor", "rehab", "step-down", "stepdown",
                                    "ortho", "neuro", "psych", "medicine", "adolescent", "peds", "surgical",
                                    "cardiac", "rm", "room", "bed", "west", "east", "north", "south", "tower",
                                    "oncology", "heart", "ccu", "micu", "sicu", "pcu", "pacu", "nicu", "picu",
                                    "cvicu", "ticu", "cdu", "obs", "nights", "post"};
    if (k >= d->n || TK(k).nl || deid_column_gap(d, k)) return 1;
    if (is_p(d, k, '(')) return 2;
    if (TK(k).shape & T_PUNCT) return !((is_p(d, k, '/') || is_p(d, k, ':') || is_p(d, k, '.') || is_p(d, k, '-')) &&
                                        glued(d, k) && glued(d, k + 1) && k + 1 < d->n && !TK(k + 1).nl);
    return tok_in(d, k, w, sizeof w / sizeof *w) ? 2 : 0;
}

/* Words that count things and are also names, or look unknown: "on Day 3",
 * "Page 2", "Grade 4", "Cycle 6". */
static int count_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"day", "days", "week", "page", "grade", "stage", "phase", "class", "type",
                                    "step", "level", "round", "dose", "trial", "visit", "session", "lane", "bay",
                                    "exit", "gate", "route", "box", "pod", "bed", "room", "suite", "apt", "floor",
                                    "station", "tower", "building", "wing", "zone", "section", "lead", "figure",
                                    "table", "item", "question", "part", "chapter", "cycle", "year", "month",
                                    "hour", "minute", "mile", "miles", "number", "channel", "version", "block",
                                    "category", "group", "arm", "cohort", "series", "volume", "tier", "unit",
                                    "bin", "lot", "kit", "form", "line", "post", "court", "door", "dock", "pier",
                                    /* an ambulance's or a fire truck's call sign ("Unit: Medic 7") */
                                    "medic", "engine", "ladder", "rescue", "squad", "truck", "ambulance",
                                    "battalion", "car", "chief", "ems", "amb", "air", "flight", "lifeflight",
                                    "copter", "helicopter", "patrol", "dispatch", "district", "precinct"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Grades and scores named after a person or a place: "Mobitz 2", "Tanner
 * 4", "Gleason 7"; only a ward's label makes one a ward ("Unit: Tanner 5"). */
static int score_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {
                                    "mobitz", "gleason", "fisher", "hunt", "hess", "tanner", "apgar", "braden",
                                    "norton", "karnofsky", "killip", "ranson", "wells", "geneva", "child", "glasgow",
                                    "mallampati", "clark", "breslow", "fontaine", "rutherford", "hinchey", "gustilo",
                                    "garden", "weber", "salter", "harris", "lugano", "forrest", "bosniak", "sarnat",
                                    "hurley", "kellgren", "lawrence", "cormack", "lehane", "ashworth", "berg",
                                    "epworth", "hoehn", "yahr", "rankin", "wagner", "spetzler", "martin", "duke",
                                    "dukes", "ann", "enneking", "masaoka", "binet", "rai", "durie", "salmon", "figo",
                                    "kdigo", "child-pugh", "hamilton", "norwood", "ludwig", "fitzpatrick", "baux",
                                    "parkland", "beighton", "caprini", "padua", "morse", "waterlow", "lachman",
                                    "alvarado", "bishop", "centor", "marshall", "debakey", "stanford", "lenke",
                                    "neer", "schatzker", "pauwels", "frankel", "dindo", "clavien", "bethesda",
                                    "boston", "milan", "rockall", "blatchford", "lown", "wexner", "cobb", "rome",
                                    "lund", "browder", "nugent", "amsel", "gail", "mayo", "grace", "timi", "wong",
                                    "folstein", "beck", "zung", "snellen", "jaeger", "seattle", "prague", "vienna",
                                    "paris", "montreal", "kiel", "bismuth", "todani", "couinaud", "evans",
                                    "hunt-hess", "graf", "ficat", "kocher", "thompson", "eaton", "levine", "ross"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A facility's span ends right before token k ("Sentara Norfolk General,
 * Brock 7": the ward of the hospital just named). */
static int facility_ends_before(const deid_doc *d, size_t k)
{
    if (k == 0) return 0;
    for (size_t c = d->nc; c > 0 && c + 8 > d->nc; c--)
        if (d->c[c - 1].type == WARD_PHI_FACILITY && d->c[c - 1].b == TK(k - 1).b) return 1;
    return 0;
}

/* Token k is "to" or "at" (what may follow a ward's number). */
static int tok_is_any_to_at(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && (tok_eq(d, k, "to", 2) || tok_eq(d, k, "at", 2));
}

/* A ward's shape around a name at p and its number ending before token e,
 * where no preposition says a place: in parentheses alone ("(Hendrix 4)",
 * "(Pritchard 2 peds)"; with paren: a word no list knows there may be a
 * vaccine's or a measure's, "(Prevnar 20)", "(SUVmax 14)"), after an arrow ("→ Crandall 2"), a room's number
 * or a bed's label ("Rm Holloway 3 308", "Bed: Tazewell 3 ICU"), a row's
 * first cell ("| Ellery 9 |"), or with the ward's service in parentheses
 * after it ("Sloane 7 (ortho)", "Mabry 3 (med-surg)"). */
static int ward_shape(const deid_doc *d, size_t p, size_t e, int paren)
{
    static const char *const services[] = {"ortho", "medicine", "med-surg", "med", "obs", "l&d", "peds", "tele",
                                           "telemetry", "surgery", "surgical", "oncology", "cardiac", "neuro",
                                           "psych", "icu", "step-down", "stepdown", "rehab", "ob", "postpartum",
                                           "mother-baby", "nursery", "cvicu", "ccu", "pcu", "renal"};
    if (p == 0 || TK(p).nl) return 0;
    size_t b = p - 1;
    if (paren && is_p(d, b, '(') && e < d->n && (is_p(d, e, ')') || (!TK(e).nl && tok_in(d, e, services, sizeof services / sizeof *services) && is_p(d, e + 1, ')'))))
        return 1;
    if (TLEN(b) == 3 && !memcmp(d->t + TK(b).a, "\xE2\x86\x92", 3)) return 1;   /* "→" */
    if (is_p(d, b, ':') && b > 0 && (tok_eq(d, b - 1, "bed", 3) || tok_eq(d, b - 1, "loc", 3))) return 1;
    if (is_p(d, b, '|') && (b == 0 || TK(b).nl) && is_p(d, e, '|')) return 1;
    return is_p(d, e, '(') && e + 1 < d->n && tok_in(d, e + 1, services, sizeof services / sizeof *services) &&
           (is_p(d, e + 2, ')') || is_p(d, e + 2, '-'));
}

/* "admit to Marlowe 4 (step-down)", "from White 8 (medicine) to Ellison
 * 16", "Unit: Tanner 5", "SHIFT REPORT - KESSLER 3": a ward named after a
 * person or a place, with its floor's number (1 to 40), where a place
 * stands: after "to", "on", "in", "from", "at", a unit's label, a header's
 * dash, or the hospital's name and a comma. The name is a person's or a
 * word no list knows, not a clinical word, an eponym (unless labelled a
 * unit) nor a word that counts things ("on Day 3"). */
__attribute__((noinline)) static void named_ward(deid_doc *d, size_t i)
{
    size_t n = i + 1;
    if (n >= d->n || TK(n).nl || !TK(n).sp || TLEN(i) < 3) return;
    int mixed = (TK(n).shape & T_MIXED) && TLEN(n) <= 3 && d->t[TK(n).a] >= '1' && d->t[TK(n).a] <= '9';   /* "8A" */
    long v = num(d, n);
    if (!mixed && !(digits(d, n, 1, 2) && v >= 1 && v <= 40)) return;
    uint32_t w = TK(i).w;
    if (w & (W_KEEP | W_TITLE | W_MONTH | W_STOP | W_CRED | W_RELATIVE | W_STATE | W_FAC | W_FAC2 | W_HEAD | W_CUE)) return;
    if (!(w & (W_FIRST | W_LAST | W_CITY)) && (w || deid_english_word(d, i))) return;
    size_t p = i - (i > 1 && tok_eq(d, i - 1, "the", 3));
    int unit_label = p >= 2 && is_p(d, p - 1, ':') &&
                     (tok_eq(d, p - 2, "unit", 4) || tok_eq(d, p - 2, "ward", 4) || tok_eq(d, p - 2, "floor", 5) ||
                      tok_eq(d, p - 2, "location", 8));
    int ends = ward_number_ends(d, n + 1);
    if (count_word(d, i) || (score_word(d, i) && !unit_label) || TK(i).brand) return;
    /* ... or, after the ward's number, the next place ("from Kessler 6 to
     * Garland 3") or the time ("on Lockridge 5 at 14:07") */
    if (!ends && tok_is_any_to_at(d, n + 1)) ends = 1;
    if (!ends) return;
    int header = header_dash(d, i) && !TK(i - 1).nl;   /* not a list's dash ("- Concor 5 = bisoprolol") */
    /* a word no list knows may be a drug's brand and its dose ("on Eliquis
     * 5."): the ward's kind after it, a ward's label, a header's dash, or a
     * word no drug's name ends as after "on" ("on Corliss 8.") */
    if (!(w & (W_FIRST | W_LAST | W_CITY)) && ends < 2 && !unit_label && !header && !ward_shape(d, p, n + 1, 0) &&
        !(p > 0 && tok_eq(d, p - 1, "on", 2) && TLEN(i) >= 5 && !deid_drug_ending(d, i) && !deid_english_word(d, i)))
        return;
    static const char *const preps[] = {"to", "on", "in", "from", "at", "into", "onto", "unit", "admit", "rm", "loc"};
    int upper = (TK(i).shape & T_UPPER) != 0;
    /* capitals: a header's ward, named after a person or a place ("DOL 12" is a day of life) */
    if (upper && (!header || !(w & (W_FIRST | W_LAST | W_CITY)))) return;
    int pos = header || unit_label || (p > 0 && !TK(p).nl && tok_in(d, p - 1, preps, sizeof preps / sizeof *preps)) ||
              (p > 1 && is_p(d, p - 1, ',') && facility_ends_before(d, p - 1)) || place_label(d, i) ||
              ward_shape(d, p, n + 1, 1);
    if (!pos) return;
    size_t e = n + 1;
    if (e < d->n && !TK(e).nl && cap(d, e) && (tok_eq(d, e, "west", 4) || tok_eq(d, e, "east", 4) ||
                                               tok_eq(d, e, "north", 5) || tok_eq(d, e, "south", 5)))
        e++;                                           /* "Station 20 West" */
    deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a place in an HL7 v2 message's fields ---- */

/* What field (counted in '|' from the segment's code) and component of
 * segment seg hold: 1 a facility's name (PV1-3's and PV1-6's facility,
 * PD1-3 the primary facility), 2 a point of care (PV1-3, PV1-6: "BAKER
 * 4^412^A"), 3 a receiving facility (MSH-6: a name of two words, not a
 * code or an exchange's name, "NCHIE", "STATE"), 0 nothing of a place.
 * MSH-4, the sending facility, is a facility's name (1) with a word of
 * five letters ("NORTHGATE", "GRACE MEDICAL CENTER"; codes, "UMC",
 * "SITE02", are left: the dev notes count them half the time). */
static int hl7_place_field(const char *seg, size_t field, size_t comp)
{
    if (!strncmp(seg, "PD1", 3)) return field == 3 && comp == 1;
    /* MSH-4, MSH-6 (MSH-1 is the '|' itself: MSH-n is n - 1 bars on) */
    if (!strncmp(seg, "MSH", 3)) return comp == 1 && (field == 3 || field == 5) ? (field == 3 ? 1 : 3) : 0;
    if (!strncmp(seg, "PV1", 3) && (field == 3 || field == 6)) return comp == 4 ? 1 : comp == 1 ? 2 : 0;
    return 0;
}

/* The value [k, e) of a place's field names one: a facility's name has a
 * word of five letters or more that is no clinical word, head or state
 * ("BUMCT", "BROCKTON NEIGHBORHOOD HEALTH CENTER"; not the site codes
 * "SJMC", "KMC", "MAIN"); a point of care is a ward named after a person
 * or a place and its floor ("BAKER 4"; not "ICU^04", "4N", "EAST 5"). */
static int hl7_place_value(const deid_doc *d, size_t k, size_t e, int kind)
{
    uint32_t bad = W_KEEP | W_FAC | W_FAC2 | W_HEAD | W_STATE | W_CRED | W_TITLE | W_MONTH;
    if (kind == 3) {                                   /* a receiving facility: a name of two words at least */
        size_t words = 0;
        for (size_t q = k; q < e; q++) words += (TK(q).shape & T_ALPHA) != 0;
        if (words < 2) return 0;
    }
    if (kind == 2)
        return e == k + 2 && (TK(k).shape & T_ALPHA) && TLEN(k) >= 4 && !(TK(k).w & bad) &&
               (TK(k).w & (W_FIRST | W_LAST | W_CITY)) && digits(d, k + 1, 1, 2) && !count_word(d, k) && !score_word(d, k);
    for (size_t q = k; q < e; q++)
        if ((TK(q).shape & T_ALPHA) && TLEN(q) >= 5 && !(TK(q).w & bad)) return 1;
    return 0;
}

/* The '|' after an HL7 segment's code opening line i ("MSH|", "PV1|": a
 * code with a digit may be read as "PV" and "1"), 0 when there is none. */
static size_t hl7_code_end(const deid_doc *d, size_t i)
{
    if (i >= d->n || !(i == 0 || TK(i).nl) || TLEN(i) > 3) return 0;
    size_t b = i + 1;
    if (TLEN(i) == 2 && digits(d, b, 1, 1) && glued(d, b)) b++;
    return TK(b - 1).b - TK(i).a == 3 && is_p(d, b, '|') ? b : 0;
}

/* The places segment line i (its code ending at b) names in its place
 * fields. */
static void hl7_segment(deid_doc *d, size_t i, size_t b)
{
    const char *p = d->t + TK(i).a;
    size_t field = 0, comp = 1;
    for (size_t k = b; k < d->n && !TK(k).nl; k++) {
        if (is_p(d, k, '|')) {
            field++, comp = 1;
        } else if (is_p(d, k, '^')) {
            comp++;
        } else {
            size_t e = k + 1;
            while (e < d->n && !TK(e).nl && !is_p(d, e, '^') && !is_p(d, e, '|')) e++;
            int kind = field <= 6 ? hl7_place_field(p, field, comp) : 0;
            if (kind && hl7_place_value(d, k, e, kind)) deid_add_toks(d, k, e, WARD_PHI_FACILITY, PRIO_PLACE);
            k = e - 1;
        }
    }
}

/* "PV1|1|I|HOLLOWAY 3^318^B|||TILLMAN 4^412^A|", "PD1|||BROCKTON
 * NEIGHBORHOOD HEALTH CENTER^^4471": the places an HL7 segment names in
 * its place fields, its line read once: from its code when the code is
 * letters, else (a code with a digit never reaches the word rules) from
 * the first word after it, which token i is when only numbers and
 * separators lie between them (a walk each separator crosses once). */
__attribute__((noinline)) static void hl7_places(deid_doc *d, size_t i)
{
    size_t q = i, b;
    if (!(i == 0 || TK(i).nl)) {
        while (q > 0 && !TK(q).nl && !(TK(q - 1).shape & T_ALPHA)) q--;
        if (!(q == 0 || TK(q).nl) || (TK(q).shape & T_ALPHA)) return;
    }
    if ((b = hl7_code_end(d, q))) hl7_segment(d, q, b);
}

/* ---- a place's initials where a place stands ---- */

/* Letters no list knows that end as a hospital's, a medical centre's, a
 * health system's or a health centre's letters end (H, MC, HC, HS):
 * "records faxed from DCH", "onward to ANMC", "(UNMH)", "at JBVAMC". Not
 * a clinical abbreviation of the same ending ("due to SAH", "from ETOH",
 * "(NASH)"), nor a generic kind of place ("an FQHC"). */
static int care_letters(const deid_doc *d, size_t k)
{
    static const char *const clin[] = {
        "sah", "ich", "ivh", "lvh", "rvh", "bvh", "lah", "rah", "pph", "nph", "pnh", "bph", "sdh", "edh", "iph", "osh",
        "pth", "tsh", "ldh", "acth", "adh", "siadh", "fsh", "pah", "iih", "nash", "mash", "dish", "ddh", "pmh", "psh",
        "fmh", "pfsh", "cah", "aih", "alh", "mch", "cteph", "etoh", "amh", "hgh", "pih", "gdh", "crh", "ghrh", "trh",
        "gnrh", "lhrh", "tah", "lavh", "tlh", "sch", "pvh", "ach", "ash", "hhs", "ohs", "qhs", "dhs", "dhhs", "mchc",
        "fqhc", "chc", "rhc", "vamc", "hmc", "ssh", "bsh", "hch", "ugh", "avh", "svh", "ifh", "oh"};
    if (k >= d->n || TK(k).w || TK(k).brand || !(TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3 ||
        TLEN(k) > 7)
        return 0;
    const char *e = d->t + TK(k).b;
    if (!(e[-1] == 'H' || (e[-2] == 'M' && e[-1] == 'C') || (e[-2] == 'H' && e[-1] == 'C') ||
          (e[-2] == 'H' && e[-1] == 'S')))
        return 0;
    return !tok_in(d, k, clin, sizeof clin / sizeof *clin);
}

__attribute__((noinline)) static void place_initials(deid_doc *d, size_t i)
{
    if (!care_letters(d, i) || i == 0 || TK(i).nl) return;
    size_t p = i - (tok_eq(d, i - 1, "the", 3));
    if (p == 0 || TK(p).nl) return;
    size_t e = i + 1;
    if (is_p(d, e, '/') || (is_p(d, e, '-') && glued(d, e)) || is_p(d, i - 1, '/')) return;   /* "TAH/BSO" */
    if (e < d->n && !TK(e).nl && !(TK(e).shape & T_PUNCT) && (TK(e).w & (W_KEEP | W_HEAD)) && !(TK(e).w & W_STOP) &&
        !(TK(e).tag & TAG_LHEAD) && !tok_eq(d, e, "ed", 2) && !tok_eq(d, e, "er", 2))
        return;                                        /* "CMC joint" */
    static const char *const preps[] = {"at", "from", "to", "via", "into"};
    int pos = tok_in(d, p - 1, preps, sizeof preps / sizeof *preps) && !cause_to(d, p - 1);
    /* in parentheses after a place of care, or after "us": "Red Lake Hospital
     * (IHS)", "to us (UNMH)"; not an abbreviation defined ("mitomycin C (MMC)") */
    int paren = is_p(d, i - 1, '(') && is_p(d, e, ')') && i >= 2 &&
                (facility_ends_before(d, i - 1) || tok_eq(d, i - 2, "us", 2) || tok_eq(d, i - 2, "here", 4));
    pos = pos || paren || place_label(d, i) || deid_cue_before(d, i, CUE_FACILITY, 3);
    if (pos) deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a community's name: "The Willows at Fairhaven" ---- */

/* The site after "at" or "of" in a community's or a place's name: up to
 * three capitalized words (a saint's "St." first), none clinical, ending
 * where a name ends: "at Red River", "at St. Joseph East", "of Lewisburg". */
static size_t at_site_end(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return k;
    size_t a = k;
    if ((tok_eq(d, a, "st", 2) || tok_eq(d, a, "saint", 5)) && cap(d, a)) a += 1 + (is_p(d, a + 1, '.') && glued(d, a + 1));
    size_t e = a;
    while (e < d->n && e < a + 3 && !TK(e).nl && !deid_column_gap(d, e) && cap(d, e) && (TK(e).shape & T_ALPHA) &&
           TLEN(e) >= 2 && !(TK(e).w & (W_KEEP | W_TITLE | W_MONTH | W_CRED | W_STOP | W_RELATIVE)))
        e++;
    if (e > a && is_p(d, e, '\'') && glued(d, e) && tok_eq(d, e + 1, "s", 1)) e += 2;
    return e > a && name_ends(d, e) ? e : k;
}

/* Token k is the plural of a word clinical text writes in lower case:
 * "Toxins", "Ketones" (the list holds the singular). */
static int lower_plural(const deid_doc *d, size_t k)
{
    if (TLEN(k) < 4 || (d->t[TK(k).b - 1] | 32) != 's') return 0;
    if (TK(k).w & (W_FIRST | W_LAST | W_CITY | W_CITYPFX)) return 0;   /* "The Willows of Parks" */
    return deid_lower_text(d->t + TK(k).a, TLEN(k) - 1);
}

/* A word before a work's title: "reading The Valley of Fear". */
static int title_before(const deid_doc *d, size_t i)
{
    /* not "read" nor "book": a packet is read, a bed is booked ("to book
     * The Arbors at Red River for respite") */
    static const char *const w[] = {"reading", "reads", "reread", "novel", "film", "movie", "watched",
                                    "watching", "story", "poem", "song", "titled", "entitled", "chapter"};
    return i > 0 && !TK(i).nl && tok_in(d, i - 1, w, sizeof w / sizeof *w);
}

/* "The Willows at Fairhaven", "The Arbors at Red River", "The Heritage of
 * Lewisburg", "Village at Mill Creek": a community of care (assisted
 * living, a nursing home) named by a landscape's word and its site. With
 * "The" in capitals the shape is a name's anywhere; without it, only where
 * a place stands. Not "The Valley at night" (a site is capitalized). */
__attribute__((noinline)) static void community_name(deid_doc *d, size_t i)
{
    int the = tok_eq(d, i, "the", 3);
    size_t k = i + the, e = k, geo = 0;
    while (e < d->n && e < k + 3 && (e == i || !TK(e).nl) && pname(d, e)) geo += geo_word(d, e) != 0, e++;
    if (!geo || e == k || e >= d->n || TK(e).nl) return;
    if (!tok_eq(d, e, "at", 2) && !tok_eq(d, e, "of", 2)) return;
    size_t s = at_site_end(d, e + 1);
    if (s == e + 1) return;
    /* one landscape word and one site word that clinical or plain text
     * writes in lower case is anatomy, a lab or a phrase: "Trace of
     * Ketones", "Crest of Tibia", "Heights of Fundus", "Commons at Lunch"
     * (a community's site is a place's name: "The Willows at Fairhaven");
     * nor "The Crossing of Toxins" (a plural of such a word) */
    int single = e == k + 1 && s == e + 2;
    if (single && (deid_lower_word(d, e + 1) || lower_plural(d, e + 1) || deid_english_word(d, e + 1))) return;
    if (title_before(d, i)) return;                    /* a book's or a film's: "reading The Valley of Fear" */
    /* without "The", where a place stands; a line's start or a header's
     * dash only for a longer name ("Lodge of Moose member" is none) */
    if (!the && !((!single && (i == 0 || TK(i).nl || header_dash(d, i))) || deid_place_position(d, i, s, 4))) return;
    if (church_near(d, i)) return;
    deid_add_toks(d, i, s, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* At a lower-case "at" or "of" (token i): back over the name's words to
 * its start ("The" or a landscape's word), then community_name. */
static void community_at(deid_doc *d, size_t i)
{
    size_t a = i;
    while (a > 0 && i - a < 3 && !TK(a).nl && pname(d, a - 1)) a--;
    if (a == i) return;
    if (a > 0 && !TK(a).nl && tok_eq(d, a - 1, "the", 3) && cap(d, a - 1)) a--;
    community_name(d, a);
}

/* A place's name found by any rule, widened: a person's initials before
 * it (initials_before), a saint the rule left out ("St.] Joseph
 * Regional"), a capitalized "The" before it inside a sentence ("from The Rehabilitation Institute of St. Louis": the
 * name's own article, while "the" in lower case is the sentence's), and its site
 * after "at" ("Eagle Family Medicine at Oak Ridge", "Hospice Care Center
 * at St. Joseph East"). */
/* The start of a person's initials before token a, and of the words before
 * them, when the place is named after that person: "Charles B.] Wang
 * Community Health Center", "Cherokee Nation W.W.] Hastings Hospital",
 * "D.O.] McComb & Sons Funeral Home". One initial needs a name's word
 * before it ("Vitamin D. Wang Clinic" is a sentence's end); a comma before
 * the initials ends the name ("Jane Roe, D.O. Family Medicine Clinic": a
 * credential). Returns a when there are none. */
static size_t initials_before(const deid_doc *d, size_t a)
{
    size_t s = a, n = 0;
    while (s >= 2 && n < 3 && !TK(s).nl && is_p(d, s - 1, '.') && glued(d, s - 1) && !TK(s - 1).nl && TLEN(s - 2) == 1 &&
           (TK(s - 2).shape & T_UPPER) && (TK(s - 2).shape & T_ALPHA)) {
        s -= 2, n++;
        if (s > 0 && !TK(s).nl && !glued(d, s)) break;     /* "W.W." is one group, "J. W." two words */
    }
    if (!n || (s > 0 && !TK(s).nl && is_p(d, s - 1, ','))) return a;
    if (TK(s).nl) return s;                            /* a line's first words */
    size_t w = s;
    while (w > 0 && s - w < 3 && !TK(w).nl && pname(d, w - 1)) w--;
    if (w == s && n < 2 && !(s > 0 && tok_eq(d, s - 1, "the", 3))) return a;
    return w;
}

/* The start of the capitalized words of a name ending at token h ("Breast
 * Health Center", "Women's Imaging Center", "Bone & Joint Clinic"), up to
 * six; *words counts them. */
static size_t name_start(const deid_doc *d, size_t h, size_t *words)
{
    size_t a = h;
    *words = 1;
    while (a > 0 && h - a < 6 && !TK(a).nl && !deid_column_gap(d, a)) {
        size_t p = a - 1;
        if (cap(d, p) && (TK(p).shape & T_ALPHA) && !(TK(p).w & (W_TITLE | W_MONTH | W_CRED | W_STOP | W_RELATIVE)))
            a = p, ++*words;
        else if ((is_p(d, p, '&') || (is_p(d, p, '-') && glued(d, p) && glued(d, a))) && p > 0 && cap(d, p - 1))
            a = p;
        else if (tok_eq(d, p, "s", 1) && glued(d, p) && p > 1 && is_p(d, p - 1, '\'') && cap(d, p - 2))
            a = p - 1;
        else
            break;
    }
    return a;
}

/* A service's or a place's name ending right before "at" (token at), for
 * the place named after "at" (candidate c): capitalized words ending in a
 * place's head or a service's word, two at least ("Breast Health Center]
 * at Holy Redeemer", "Anticoagulation Clinic] at Grove Street", "Cancer
 * Genetics Program] at Lancaster General Health"), or a place's name a
 * rule found ("Dana-Farber] at South Shore Health"). Gold marks the whole
 * ("Liver Clinic at Mercy North"). Returns its start, at when there is
 * none. */
/* A department's words before "at": a specialty before "Service" or
 * "Surgery" ("General Surgery", "Palliative Care Service at Mercy
 * Hospital") is the hospital's department, no place of its own; a word no
 * clinical list knows makes it a named one ("Gillette Vascular Surgery",
 * "Upstate Anticoagulation Service"). */
static int department_head(const deid_doc *d, size_t h)
{
    static const char *const kinds[] = {"service", "services", "surgery"};
    return tok_in(d, h, kinds, sizeof kinds / sizeof *kinds);
}

static int generic_department(const deid_doc *d, size_t a, size_t h)
{
    if (!department_head(d, h)) return 0;
    for (size_t q = a; q < h; q++)
        if (!(TK(q).w & W_KEEP)) return 0;
    return 1;
}

static size_t service_before_at(const deid_doc *d, size_t c, size_t at)
{
    static const char *const kinds[] = {"program", "pavilion"};
    if (at < 2 || TK(at).nl || !tok_eq(d, at, "at", 2) || (TK(at).shape & T_CAP)) return at;
    size_t h = at - 1, a = at, words = 0;
    /* candidates come in the text's order: a few back suffice (linear) */
    for (size_t q = c; q > 0 && q + 8 > c && a == at; q--)
        if (d->c[q - 1].type == WARD_PHI_FACILITY && d->c[q - 1].b == TK(h).b) a = deid_tok_at(d, d->c[q - 1].a, 0);
    if (a == at && cap(d, h) && !(TK(h).shape & T_UPPER) &&
        ((TK(h).w & (W_FAC | W_FAC2)) || tok_in(d, h, kinds, sizeof kinds / sizeof *kinds) || department_head(d, h))) {
        a = name_start(d, h, &words);
        if (words < 2 || generic_department(d, a, h)) return at;
    }
    /* not a person's name before it ("Dr. Faith Church at ...") */
    size_t t = a > 1 && is_p(d, a - 1, '.') ? a - 1 : a;
    return a < at && !(t > 0 && !TK(t).nl && (TK(t - 1).w & W_TITLE)) ? a : at;
}

static void widen_places(deid_doc *d, size_t nc)
{
    size_t done = 0;
    for (size_t c = 0; c < nc && done < 128; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        size_t a = deid_tok_at(d, d->c[c].a, 0), e = deid_tok_at(d, d->c[c].b, 0), na = a, ne = e;
        /* not a sentence's first word ("The Cleveland Clinic mentioned by family") */
        if (a > 1 && !TK(a).nl && !TK(a - 1).nl && tok_eq(d, a - 1, "the", 3) && cap(d, a - 1) && cap(d, a) &&
            !is_p(d, a - 2, '.') && !is_p(d, a - 2, '!') && !is_p(d, a - 2, '?'))
            na = a - 1;
        if (e < d->n && !TK(e).nl && tok_eq(d, e, "at", 2) && !(TK(e).shape & T_CAP)) {
            size_t s = at_site_end(d, e + 1);
            if (s > e + 1) ne = s;
            /* a system's home-health arm: "Sutter Care at Home", "Aurora at Home" */
            else if (tok_eq(d, e + 1, "home", 4) && cap(d, e + 1) && !(TK(e + 1).shape & T_UPPER) && name_ends(d, e + 2))
                ne = e + 2;
        }
        if (na == a && a > 0) {
            size_t s = service_before_at(d, c, a - 1);
            if (s < a - 1) na = s;
        }
        if (na == a) na = initials_before(d, a);
        /* "Our Lady of [the]" before a name the head rule found: "Our Lady
         * of] Sorrows Medical Center", "Our Lady of the] Lake Regional" */
        if (na == a && a >= 3 && !TK(a).nl) {
            size_t o = a - 1 - (tok_eq(d, a - 1, "the", 3) && !TK(a - 1).nl);
            if (o >= 2 && tok_eq(d, o, "of", 2) && !TK(o).nl && !TK(o - 1).nl && our_lady(d, o - 1) && !TK(o - 2).nl)
                na = o - 2;
        }
        /* a saint the rule left out: "St.] Joseph Regional", "Saint] Louis Children's" */
        if (na == a && a >= 2 && !TK(a).nl && is_p(d, a - 1, '.') && glued(d, a - 1) && tok_eq(d, a - 2, "st", 2) &&
            cap(d, a - 2) && !TK(a - 1).nl)
            na = a - 2;
        else if (na == a && a >= 1 && !TK(a).nl && (tok_eq(d, a - 1, "st", 2) || tok_eq(d, a - 1, "saint", 5)) && cap(d, a - 1))
            na = a - 1;
        if (na < a || ne > e) deid_add_toks(d, na, ne, WARD_PHI_FACILITY, PRIO_PLACE), done++;
    }
}

/* ---- another name for a place in parentheses ---- */

/* The end of another name for a place from token k: capitalized words and
 * letters ("John H. Stroger Jr. Hospital", "MSK Westchester", "NYC Health
 * + Hospitals/Elmhurst"), with "of", "the", "at", "for", "and", "&", "+",
 * "/", "-", "'s" inside; *real counts the words that are neither clinical,
 * a head noun, a state nor a town, and letters no list knows. */
static size_t alias_end(const deid_doc *d, size_t k, size_t *real)
{
    static const char *const joins[] = {"of", "the", "at", "for", "and"};
    size_t e = k, r = 0;
    while (e < d->n && e < k + 9 && !TK(e).nl) {
        if (cap(d, e) && !(TK(e).w & (W_TITLE | W_MONTH | W_CRED | W_RELATIVE))) {
            uint32_t w = TK(e).w;
            /* a single letter names nothing alone ("(L&D)") */
            r += TLEN(e) == 1                                ? 0
                 : (TK(e).shape & T_UPPER)                   ? !w || TK(e).brand
                                                             : !(w & (W_KEEP | W_FAC | W_FAC2 | W_STATE | W_CITY | W_CITYPFX | W_STOP));
            e++;
        } else if (e > k && tok_in(d, e, joins, sizeof joins / sizeof *joins) && cap(d, e + 1) && !TK(e + 1).nl) {
            e++;
        } else if (e > k && (is_p(d, e, '&') || is_p(d, e, '+') || is_p(d, e, '/') || is_p(d, e, '-') || is_p(d, e, '.')) &&
                   cap(d, e + 1) && !TK(e + 1).nl) {
            e++;
        } else if (e > k && is_p(d, e, '.') && glued(d, e)) {
            e++;                                       /* "Jr." before ")" */
        } else if (e > k && is_p(d, e, '\'') && glued(d, e) && tok_eq(d, e + 1, "s", 1)) {
            e += 2;
        } else {
            break;
        }
    }
    *real = r;
    return e;
}

/* A word of candidate c that makes it a place's name, not a kind of place
 * or a group's: a person's, a town's or a saint's word, a brand. */
static int named_span(const deid_doc *d, size_t c)
{
    size_t a = deid_tok_at(d, d->c[c].a, 0), b = deid_tok_at(d, d->c[c].b, 0);
    for (size_t k = a; k < b; k++)
        if (cap(d, k) && (((TK(k).w & (W_FIRST | W_LAST | W_CITY | W_STATE | W_CITYPFX)) && !(TK(k).w & W_KEEP)) ||
                          TK(k).brand || tok_eq(d, k, "st", 2) || tok_eq(d, k, "saint", 5)))
            return 1;
    return 0;
}

/* Letters in parentheses after a name: the place's own letters only when
 * the name is a place's ("Mass Eye and Ear Infirmary (MEEI)", not
 * "International Autoimmune Hepatitis Group (IAIHG)"), never a kind of
 * supplier or place ("Lincare (DME)"). */
static int defined_letters(const deid_doc *d, size_t c, size_t k)
{
    static const char *const kinds[] = {"dme", "hme", "hha", "snf", "ltc", "alf", "ems", "hmo", "ppo", "pbm"};
    if (!(TK(k).shape & T_UPPER)) return 0;
    return tok_in(d, k, kinds, sizeof kinds / sizeof *kinds) || !named_span(d, c);
}

/* "at Stroger Hospital (John H. Stroger Jr. Hospital)", "accepted to
 * Kaiser Permanente Los Angeles Medical Center (Sunset)", "Mass Eye and
 * Ear Infirmary (MEEI)": a place's other name in parentheses right after
 * its name, closed by ")" or ","; not a kind of place ("(SNF)"), a town or
 * a state alone. Before a place's name in parentheses, only where a place
 * stands ("at Barrow (Barrow Neurological Institute)"): "AVSD (Texas
 * Children's)" and "O2 (Lincare)" name no place. */
void deid_places_aliases(deid_doc *d, size_t nc)
{
    static const char *const preps[] = {"at", "from", "to", "via"};
    size_t done = 0;
    widen_places(d, nc);
    for (size_t c = 0; c < nc && done < 64; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        size_t e = deid_tok_at(d, d->c[c].b, 0), real;
        if (is_p(d, e, '(') && e + 1 < d->n && !TK(e + 1).nl) {
            size_t k = e + 1 + (tok_eq(d, e + 1, "the", 3) && cap(d, e + 2));
            size_t f = alias_end(d, k, &real);
            if (real && f > k && (is_p(d, f, ')') || is_p(d, f, ',')) && !(f == k + 1 && defined_letters(d, c, k)))
                deid_add_toks(d, k, f, WARD_PHI_FACILITY, PRIO_PLACE), done++;
        }
        /* before, where a place stands: "at Barrow (Barrow Neurological
         * Institute)", "brought here to Elmhurst (NYC Health + Hospitals)" */
        size_t a = deid_tok_at(d, d->c[c].a, 0);
        if (a >= 2 && is_p(d, a - 1, '(') && !TK(a - 1).nl) {
            size_t b = a - 1, s = b;
            while (s > 0 && b - s < 3 && !TK(s).nl && cap(d, s - 1) && (TK(s - 1).shape & (T_ALPHA | T_MIXED)) &&
                   !(TK(s - 1).w & (W_TITLE | W_MONTH | W_CRED | W_RELATIVE | W_STOP)))
                s--;
            /* not a heading in capitals: "SNF TO HOSPITAL TRANSFER FORM (The Gardens ...)" */
            if (s < b && s > 0 && !((TK(s - 1).shape & T_UPPER) && TLEN(s - 1) > 1) && alias_end(d, s, &real) == b && real &&
                tok_in(d, s - 1, preps, sizeof preps / sizeof *preps))
                deid_add_toks(d, s, b, WARD_PHI_FACILITY, PRIO_PLACE), done++;
        }
    }
}

/* ---- a place's letters, once its name is found ---- */

/* The letters a place's name is called by: "Bristol Regional Medical
 * Center" is "BRMC", "St. Mary's Hospital" "SMH"; with_of keeps "of" ("Our
 * Lady of the Lake" is "OLOL"). Returns the count (0 when over cap_). */
static size_t initials(const deid_doc *d, size_t a, size_t b, int with_of, char *out, size_t cap_)
{
    size_t n = 0;
    for (size_t k = a; k < b; k++) {
        if (!(TK(k).shape & T_ALPHA) || (tok_eq(d, k, "s", 1) && k > a && is_p(d, k - 1, '\''))) continue;
        char c = d->t[TK(k).a];
        if (!cap(d, k)) {
            if (!(with_of && tok_eq(d, k, "of", 2))) continue;
            c = 'O';
        }
        if (n + 1 >= cap_ || (unsigned char)c >= 0x80) return 0;
        out[n++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    out[n] = 0;
    return n;
}

/* Bounds on the work on one document, so that hostile input (thousands of
 * facilities, or the same letters everywhere) stays linear: real notes
 * name a few facilities and repeat their letters a few times. */
#define LETTERS_MAX_SPANS 64
#define LETTERS_MAX_FOUND 256

static void places_letters(deid_doc *d, size_t nc)
{
    size_t spans = 0, found = 0;
    for (size_t c = 0; c < nc && spans < LETTERS_MAX_SPANS && found < LETTERS_MAX_FOUND; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        spans++;
        size_t a = 0;
        while (a < d->n && TK(a).a < d->c[c].a) a++;
        size_t b = a;
        while (b < d->n && TK(b).b <= d->c[c].b) b++;
        /* a name, not a kind of place ("Residential Treatment Center" is no
         * RTC's name): a person's, a town's or a saint's word in it */
        size_t named = 0;
        for (size_t k = a; k < b; k++)
            named += cap(d, k) && (((TK(k).w & (W_FIRST | W_LAST | W_CITY | W_STATE | W_CITYPFX)) && !(TK(k).w & W_KEEP)) ||
                                   TK(k).brand || tok_eq(d, k, "st", 2) || tok_eq(d, k, "saint", 5) || tok_eq(d, k, "lady", 4));
        if (!named) continue;
        char l[2][8];
        size_t n0 = initials(d, a, b, 0, l[0], sizeof l[0]), n1 = initials(d, a, b, 1, l[1], sizeof l[1]);
        if (n0 < 3 && n1 < 3) continue;
        /* the same letters elsewhere, in capitals, unknown to the lists: "via BRMC truck" */
        for (size_t k = 0; k < d->n; k++) {
            if (!(TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3 || TLEN(k) > 7 || (TK(k).w & W_KEEP) ||
                (k >= a && k < b))
                continue;
            /* a kind of place, not its name: "an RTC", "RTC level of care" */
            if ((k > 0 && (tok_eq(d, k - 1, "a", 1) || tok_eq(d, k - 1, "an", 2))) || tok_eq(d, k + 1, "level", 5)) continue;
            for (int v = 0; v < 2; v++)
                if (TLEN(k) == (v ? n1 : n0) && !memcmp(d->t + TK(k).a, l[v], TLEN(k))) {
                    if (found++ >= LETTERS_MAX_FOUND) return;
                    /* not over a longer span another rule found there */
                    int taken = 0;
                    for (size_t q = 0; q < d->nc && !taken; q++) taken = d->c[q].a < TK(k).b && d->c[q].b > TK(k).a;
                    if (!taken) deid_add_toks(d, k, k + 1, WARD_PHI_FACILITY, PRIO_PLACE);
                    break;
                }
        }
    }
}

/* ---- the next place of a list, once one is found ---- */

/* The token after the words that join a list's places after token e ("or",
 * "and", ",", ", or", "instead of", "vs"), past a note in parentheses on
 * the place before ("Sisters (full), Mission BH"); e when there are none. */
static size_t list_join_end(const deid_doc *d, size_t e)
{
    if (e < d->n && is_p(d, e, '(') && !TK(e).nl) {
        size_t q = e + 1;
        while (q < d->n && q < e + 6 && !TK(q).nl && !is_p(d, q, ')') && !is_p(d, q, '(')) q++;
        if (q < d->n && q < e + 6 && !TK(q).nl && is_p(d, q, ')')) e = q + 1;
    }
    if (e >= d->n || TK(e).nl) return e;
    size_t k = e;
    if (is_p(d, k, ',')) k++;
    if (k < d->n && !TK(k).nl && (tok_eq(d, k, "or", 2) || tok_eq(d, k, "and", 3) || tok_eq(d, k, "vs", 2) ||
                                  tok_eq(d, k, "versus", 6) || tok_eq(d, k, "nor", 3)))
        k++;
    else if (k == e && tok_eq(d, k, "instead", 7) && tok_eq(d, k + 1, "of", 2) && !TK(k + 1).nl)
        k += 2;
    if (k > e && tok_eq(d, k - 1, "vs", 2) && is_p(d, k, '.') && glued(d, k)) k++;   /* "vs." */
    return k < d->n && !TK(k).nl ? k : e;
}

/* A word of a listed place's name: capitalized, not clinical, a title, a
 * month, a credential, a function word, a relation, a cue or a state; in
 * capitals only a place's letters ("SVMC"); *naming: a name's word (a
 * person's, a town's, a landscape's, a brand, a word no list knows). */
static int list_word(const deid_doc *d, size_t k, int *naming)
{
    if (k >= d->n || TK(k).nl || deid_column_gap(d, k) || !cap(d, k) || !(TK(k).shape & T_ALPHA)) return 0;
    if (TK(k).shape & T_UPPER) return TLEN(k) > 1 && care_letters(d, k) ? (*naming = 1) : 0;
    uint32_t w = TK(k).w;
    if (TLEN(k) < 2 || (w & (W_KEEP | W_TITLE | W_MONTH | W_CRED | W_STOP | W_RELATIVE | W_CUE | W_STATE | W_STREET)))
        return 0;
    /* a day of the week ("Hospice of the Valley, Tuesdays"), a word that
     * counts things ("Medic 4", "Rm 714") */
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                       "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays",
                                       "sundays", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
                                       "sun"};
    if (tok_in(d, k, days, sizeof days / sizeof *days) || count_word(d, k) || tok_eq(d, k, "rm", 2)) return 0;
    /* a listed drug, to the end of its halves ("Discharged from
     * Brookdale, Rexulti held", "..., Transderm-scop held") */
    if (deid_listed_drug(d, k, deid_word_end(d, k))) return 0;
    if (TK(k).brand || geo_word(d, k) || ((w & (W_FIRST | W_LAST | W_CITY)) && !(w & W_COMMON)) || !deid_english_word(d, k))
        *naming = 1;
    return 1;
}

/* "family prefers Brookdale or Hillcrest", "Brookdale, The Willows,
 * Hillcrest all full", "delivering at Swedish instead of Evergreen",
 * "Called: Children's (full), Sisters (full), Mission BH": once a place is
 * found, the next of its list: after "or", "and", a comma, "instead of",
 * up to four capitalized words of a name (one a name's own word, see
 * list_word), ending where a name ends and no head follows (the head
 * rule's). The places found so far come in the text's order, each looked
 * at once: the work is linear. */
static void places_in_list(deid_doc *d)
{
    size_t done = 0;
    for (size_t c = 0; c < d->nc && done < 128; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        size_t e = deid_tok_at(d, d->c[c].b, 0);
        if (e >= d->n || TK(e).nl) continue;
        size_t k = list_join_end(d, e);
        if (k == e || TK(k).nl) continue;
        size_t a = k + (tok_eq(d, k, "the", 3) && cap(d, k)), f = a;   /* "The Willows" */
        int naming = 0;
        while (f < d->n && f < a + 4 && !TK(f).nl) {
            if (list_word(d, f, &naming))
                f++;
            else if (f > a && is_p(d, f, '\'') && glued(d, f) && tok_eq(d, f + 1, "s", 1))
                f += 2;
            else if (f > a && (is_p(d, f, '&') || (is_p(d, f, '-') && glued(d, f) && glued(d, f + 1))) && cap(d, f + 1))
                f++;
            else
                break;
        }
        /* the name ends at a pause or a word in lower case: not before a
         * number ("Tower 4 ICU") or capitals ("ProviderOne ID") */
        if (f == a || !naming || !name_ends(d, f) ||
            (f < d->n && !TK(f).nl && (TK(f).shape & (T_DIGIT | T_MIXED | T_UPPER))))
            continue;
        if (f < d->n && !TK(f).nl && cap(d, f) && (TK(f).w & (W_FAC | W_FAC2))) continue;   /* the head rule's */
        if (is_p(d, f, ',') && f + 1 < d->n && (TK(f + 1).w & W_CRED)) continue;               /* "X Y, RN": a person */
        deid_add_toks(d, k + (a > k && !cap(d, k)), f, WARD_PHI_FACILITY, PRIO_PLACE), done++;
    }
}

/* The letters of places found (places_letters), then the next places of
 * their lists (places_in_list). */
void deid_places_letters(deid_doc *d, size_t nc)
{
    places_letters(d, nc);
    places_in_list(d);
}

/* ---- a clinician's place after the name and credential ---- */

/* Token i opens the words after a clinician's name and a comma, where a
 * signature or a letter's address names the clinician's place: "Jane Roe,
 * MD, X", "Dr. Art Brown, X", "Dr. Orson Pike, geriatric psychiatry, X". */
static int after_clinician(const deid_doc *d, size_t i)
{
    if (i < 3 || TK(i).nl || !is_p(d, i - 1, ',')) return 0;
    size_t p = i - 2, q = 0;
    /* a role or a specialty in lower case: ", neurosurgery,", ", unit manager," */
    while (q < 3 && p > 0 && !TK(p).nl && (TK(p).shape & T_ALPHA) && !(TK(p).shape & T_CAP)) p--, q++;
    if (q && (!is_p(d, p, ',') || p < 2 || TK(p).nl)) return 0;
    if (q) p--;
    if ((TK(p).w & W_CRED) && (TK(p).shape & T_UPPER) && p > 0 && !TK(p).nl && is_p(d, p - 1, ',')) return 1;
    /* "Dr. First Last," */
    size_t k = p;
    while (k > 0 && p - k < 3 && !TK(k).nl && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).w & W_TITLE)) k--;
    if (k < p && is_p(d, k, '.') && glued(d, k) && k > 0) k--;
    return k < p && (TK(k).w & W_TITLE) && !(TK(k).shape & T_UPPER);
}

/* Token k names a place rather than a service or a rank: a town's, a
 * state's, a person's (not an everyday word's: "Hand Surgery", "Chief
 * Medical Officer"), a landscape's or a denomination's word, a brand.
 * Words no list knows are left out: after a credential they are more
 * credentials and titles ("CWOCN", "Diplomate", "Epileptologist"). */
static int naming_word(const deid_doc *d, size_t k)
{
    uint32_t w = TK(k).w;
    if (TK(k).brand) return 1;
    if (!pname(d, k)) return 0;
    return (w & (W_CITY | W_STATE | W_CITYPFX)) || ((w & (W_FIRST | W_LAST)) && !(w & W_COMMON)) || geo_word(d, k) ||
           denomination(d, k);
}

/* A word that names an instrument or a measure: "Hamilton Depression
 * Scale", "University of Pennsylvania Smell Identification Test". */
static int measure_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"assessment", "battery", "classification", "criteria", "exam", "examination",
                                    "index", "inventory", "questionnaire", "scale", "score", "screen", "screening",
                                    "test"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A clinician's role or rank: "Coordinator", "Resident", "Manager". */
static int role_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {
        "manager", "coordinator", "director", "worker", "nurse", "pharmacist", "dietitian", "therapist", "educator",
        "navigator", "specialist", "officer", "attending", "fellow", "resident", "physician", "surgeon", "consultant",
        "chief", "supervisor", "liaison", "counselor", "chaplain", "assistant", "technician", "technologist", "student",
        "intern", "planner", "advocate", "aide", "faculty", "staff", "lead", "head", "president"};
    return (TK(k).w & W_RELATIVE) || tok_in(d, k, w, sizeof w / sizeof *w);
}

/* "Hope Redfield, MD, Seattle Cancer Care Alliance", "Jo Francis, APRN,
 * Hindman Home Medical.", "To: Dr. Art Brown, Cascade Pulmonary", "Flagged
 * by L. Fenn, MLS, Bozeman Health Deaconess lab": after a clinician's name
 * and credential, capitalized words name the clinician's place when one
 * of them names (naming_word) and, alone, is a landscape's word or a
 * brand; they end at the first word that is not one ("Deaconess] lab").
 * Not a specialty or a role ("Jane Roe, MD, Internal Medicine", "RN,
 * Charge Nurse", "MD, Medical Director"), more credentials in capitals
 * ("MD, FACS", "RN, CWOCN"), a day ("Tue"). */
__attribute__((noinline)) static void clinician_place(deid_doc *d, size_t i)
{
    static const char *const joins[] = {"of", "and", "for", "the"};
    if (!after_clinician(d, i) || ((TK(i).shape & T_UPPER) && !TK(i).brand)) return;   /* "MD, FACS" */
    size_t e = i, naming = 0;
    while (e < d->n && e < i + 9 && (e == i || (!TK(e).nl && !deid_column_gap(d, e)))) {
        if (cap(d, e) && (TK(e).shape & T_ALPHA) && !(TK(e).w & (W_TITLE | W_CRED | W_MONTH)) &&
            !((TK(e).shape & T_UPPER) && (TK(e).w & W_KEEP) && e > i)) {   /* "SAFH] ED" */
            naming += naming_word(d, e);
            e++;
        } else if (e > i && (is_p(d, e, '&') || tok_in(d, e, joins, sizeof joins / sizeof *joins)) && cap(d, e + 1) &&
                   !TK(e + 1).nl) {
            e++;
        } else if (e > i && is_p(d, e, '-') && glued(d, e) && glued(d, e + 1) && cap(d, e + 1)) {
            e++;
        } else if (e > i && is_p(d, e, '\'') && glued(d, e) && tok_eq(d, e + 1, "s", 1)) {
            e += 2;
        } else {
            break;
        }
    }
    /* a role, not a place: "RN, Care Coordinator", "MD, Chief Resident";
     * an instrument named for a place or a person: "MD, Hamilton Depression
     * Scale 24", "Denver Developmental Screening" */
    for (size_t q = i; q < e; q++)
        if (role_word(d, q) || measure_word(d, q)) return;
    /* a second clinician and a credential: "Hope Redfield, MD, Anna
     * Kowalski, RN" (a name, not a place) */
    if (e < d->n && !TK(e).nl && ((TK(e).w & W_CRED) || (is_p(d, e, ',') && e + 1 < d->n && !TK(e + 1).nl &&
                                                          (TK(e + 1).w & W_CRED))))
        return;
    /* one word alone only a landscape's or a brand's: "Riverview", not "Tue" */
    if (!naming || (e == i + 1 && ((TK(i).w & W_STATE) || !(geo_word(d, i) || TK(i).brand)))) return;
    /* the site after a spaced dash: "UPMC Primary Care - Cranberry" */
    if (e + 1 < d->n && header_dash(d, e + 1)) {
        size_t s = e + 1;
        while (s < d->n && s < e + 3 && !TK(s).nl && site_word(d, s)) s++;
        if (s > e + 1 && pause_at(d, s)) e = s;
    }
    deid_add_toks(d, i, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a school named by its kind ---- */

/* The kind a school names itself by: 2 a university's or a college's
 * ("Iowa State University", "Oberlin College", "University of Iowa"), 1 a
 * school's level ("Harding Senior High", "Kostoryz Elementary", "North
 * Lawndale College Prep", "Sunbeam Montessori"), 0 none. */
static int school_kind(const deid_doc *d, size_t k)
{
    static const char *const levels[] = {"high", "elementary", "prep", "montessori", "academy"};
    if (k >= d->n || !cap(d, k) || (TK(k).shape & T_UPPER)) return 0;
    if (tok_eq(d, k, "university", 10) || tok_eq(d, k, "college", 7)) return 2;
    return tok_in(d, k, levels, sizeof levels / sizeof *levels) ? 1 : 0;
}

/* A word of a school's name before its kind: capitalized, not a title, a
 * month, a credential, a function word or a relation ("State" opens a
 * cue, "State license"); letters ("UK", the "A" and "M" of "A&M") too. */
static int school_word(const deid_doc *d, size_t k)
{
    return cap(d, k) && (TK(k).shape & T_ALPHA) && (TLEN(k) >= 2 || (TK(k).shape & T_UPPER)) &&
           !(TK(k).w & (W_TITLE | W_MONTH | W_CRED | W_STOP | W_RELATIVE));
}

/* A word that makes a school's name a name: a town's or a state's, a
 * person's, a landscape's, letters or a word no list knows ("Iowa",
 * "Oberlin", "Howard", "Irvine Valley", "UK"); not a clinical or an
 * everyday word, nor what a learned society calls itself by ("American
 * College of Cardiology", "Royal College of Pathologists"). */
static int school_naming(const deid_doc *d, size_t k)
{
    static const char *const society[] = {"royal", "national", "international", "european", "british", "canadian",
                                          "australian", "world", "general"};
    uint32_t w = TK(k).w;
    if ((w & W_KEEP) || tok_in(d, k, society, sizeof society / sizeof *society)) return 0;
    if ((TK(k).shape & T_UPPER) || (w & (W_CITY | W_STATE | W_CITYPFX | W_FIRST | W_LAST)) || geo_word(d, k)) return 1;
    return !w && !deid_english_word(d, k);
}

/* A verb that places a pupil where a place may not stand: "attends
 * Harding Senior High", "enrolled Kostoryz Elementary". */
static int pupil_before(const deid_doc *d, size_t a)
{
    static const char *const w[] = {"attends", "attend", "attended", "attending", "enrolled", "enrolls"};
    return a > 0 && !TK(a).nl && tok_in(d, a - 1, w, sizeof w / sizeof *w);
}

/* The token after a school's name from "of" at k: the place it serves
 * ("of Iowa", "of Southern Indiana", "of Colorado Boulder") and its site
 * after "at" ("of Nebraska at Kearney"); k when there is none. */
static size_t school_of_end(const deid_doc *d, size_t k)
{
    if (!tok_eq(d, k, "of", 2) || TK(k).nl) return k;
    size_t s = k + 1 + (k + 1 < d->n && !TK(k + 1).nl && compass(d, k + 1)), e = s;
    /* a town that names an eponym too serves here ("of Denver"): a measure
     * after it is left by measure_after */
    while (e < d->n && e < s + 3 && !TK(e).nl &&
           (served_word(d, e, 0) || (cap(d, e) && (TK(e).w & (W_CITY | W_STATE)) && !(TK(e).w & (W_KEEP | W_MONTH)))))
        e++;
    if (e == s) return k;
    if (tok_eq(d, e, "at", 2) && !TK(e).nl) {
        size_t t = at_site_end(d, e + 1);
        if (t > e + 1) e = t;
    }
    return e;
}

/* A measure, a clinical noun or a thing among the capitalized words after
 * a name: "University of Texas grade 1A", "University of Liverpool HEP
 * Drug Interactions" (a word clinical text writes in lower case), not a
 * place's head ("... Medical Center": the head rule's). */
static int measure_after(const deid_doc *d, size_t e)
{
    if (deid_clinical_after(d, e)) return 1;
    for (size_t q = e; q < d->n && q < e + 4 && !TK(q).nl && cap(d, q) && (TK(q).shape & T_ALPHA); q++)
        if (!(TK(q).w & (W_FAC | W_FAC2)) && ((TK(q).w & (W_HEAD | W_KEEP)) || measure_word(d, q) || deid_lower_word(d, q)))
            return 1;
    return 0;
}

/* "student at Iowa State University", "sophomore at Oberlin College",
 * "University of Nebraska at Kearney", "Community College of Denver",
 * "School: Camden High", "attends Harding Senior High": a school or a
 * college named by its kind, a place where a patient is found. A
 * university or a college with a name's word before it or a town or a
 * state after "of" anywhere; a school's level only where a place stands
 * or after "attends". Not a learned society ("American College of
 * Cardiology"), a measure named after a university ("University of Texas
 * grade 1A"), a person ("Dr. Howard College"), nor the first words of a
 * longer name the head rule takes ("Iowa State University Hospital"). */
__attribute__((noinline)) static void school_name(deid_doc *d, size_t i)
{
    int kind = school_kind(d, i);
    if (!kind) return;
    size_t a = i, naming = 0, other = 0;
    while (a > 0 && i - a < 5 && !TK(a).nl && !deid_column_gap(d, a)) {
        size_t p = a - 1;
        if (pupil_before(d, a)) break;                 /* "Attends Harding Senior High" */
        if (school_word(d, p)) {
            if (school_naming(d, p)) naming++;
            else if (!school_kind(d, p)) other++;
            a = p;
        } else if (is_p(d, p, '&') && glued(d, p) && glued(d, a) && p > 0 && TLEN(p - 1) == 1 && cap(d, p - 1)) {
            a = p - 1, naming++;                       /* "A&M" ("A" is a function word too) */
        } else if (is_p(d, p, '-') && glued(d, p) && glued(d, a) && p > 0 && school_word(d, p - 1)) {
            a = p;                                     /* "Hill-Murray" */
        } else if (tok_eq(d, p, "s", 1) && glued(d, p) && p > 1 && is_p(d, p - 1, '\'') && cap(d, p - 2)) {
            a = p - 1;                                 /* "St. Mary's College" */
        } else if (is_p(d, p, '.') && glued(d, p) && p > 0 && tok_eq(d, p - 1, "st", 2)) {
            a = p;
        } else {
            break;
        }
    }
    while (a < i && !cap(d, a)) a++;
    size_t e = kind == 2 ? school_of_end(d, i + 1) : i + 1;
    int served = e > i + 1;
    /* a university's school: "University of Iowa College of Dentistry" */
    if (served && school_kind(d, e) == 2 && e + 2 < d->n && !TK(e).nl && tok_eq(d, e + 1, "of", 2) && cap(d, e + 2) &&
        !TK(e + 2).nl)
        e += 3;
    if (!naming && !served) return;
    /* after "of" alone a name's first words are its kind's ("Community
     * College of Denver", "Medical College of Georgia"), not a society's */
    if (!naming && other) {
        static const char *const w[] = {"community", "state", "technical", "medical", "junior", "city"};
        for (size_t q = a; q < i; q++)
            if (school_word(d, q) && !tok_in(d, q, w, sizeof w / sizeof *w)) return;
    }
    if (!name_ends(d, e) || measure_after(d, e)) return;
    size_t t = a > 1 && is_p(d, a - 1, '.') ? a - 1 : a;
    if (t > 0 && !TK(t).nl && (TK(t - 1).w & W_TITLE)) return;     /* "Dr. Howard College" */
    if (kind == 1 && !(naming && (deid_place_position(d, a, e, 3) || pupil_before(d, a)))) return;
    deid_add_toks(d, a, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a named part of a place: a wing, a hall, a pavilion ---- */

/* The kinds of a place's part a name comes before: "Laurel Wing", "Cedar
 * hall", "Kohler Pavilion", "Jefferson Tower", "Birch unit", "Todd ward",
 * "Sycamore pod", "Cheshire Bridge cottage". */
static inline __attribute__((always_inline)) int part_kind(const deid_doc *d, size_t k)   /* asked of every word */
{
    static const char *const w[] = {"wing", "hall", "pavilion", "tower", "unit", "ward", "pod", "cottage"};
    return k < d->n && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word that names a part of a place: a person's, a town's, a landscape's
 * or a word no list knows, capitalized; not a service's or an everyday word
 * ("Medicine ward", "Dining hall", "City Hall", "West Wing", "Step-down
 * unit"), nor a sentence's first word unless a list names it ("Each unit",
 * "Every pod"). Before a kind in capitals a surname of an English word's
 * form is a name too ("Kohler Pavilion", not "Dining Hall"). */
static int part_name(const deid_doc *d, size_t k, int kind_cap)
{
    static const char *const ing[] = {"ing"};
    uint32_t w = TK(k).w;
    if (!cap(d, k) || (TK(k).shape & T_UPPER) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 3 || compass(d, k)) return 0;
    if (w & (W_KEEP | W_TITLE | W_MONTH | W_CRED | W_STOP | W_RELATIVE | W_STATE | W_FAC | W_FAC2 | W_HEAD)) return 0;
    int listed = (w & (W_FIRST | W_LAST | W_CITY)) || geo_word(d, k);
    if (!listed && (w || deid_lower_word(d, k) || deid_ending(d, k, ing, 1, 1) || (!kind_cap && deid_english_word(d, k))))
        return 0;
    int first = k == 0 || TK(k).nl || is_p(d, k - 1, '.') || is_p(d, k - 1, '!') || is_p(d, k - 1, '?');
    return listed || !first;
}

/* "returns to the same hall (Laurel Wing)", "LTC NURSING NOTE — Maplewood
 * Lodge, Cedar hall", "meet him at the Kohler Pavilion lobby", "our Birch
 * unit", "Todd ward. the stroke one": a part of a place named after a
 * person, a tree or a place, before its kind in either case; the name and
 * the kind are the part's name. A ward's floor may follow ("Dunn Tower
 * 6"). Not a service's ward or a building of everyday words (see
 * part_name), nor a capitalized "Unit" the head rule takes. */
__attribute__((noinline)) static void named_part(deid_doc *d, size_t i)
{
    int kind_cap = (TK(i).shape & T_CAP) != 0;
    if (!part_kind(d, i) || i == 0 || TK(i).nl || !part_name(d, i - 1, kind_cap)) return;
    size_t a = i - 1, e = i + 1;
    if (a > 0 && !TK(a).nl && part_name(d, a - 1, kind_cap)) a--;   /* "Cheshire Bridge cottage" */
    if (a > 0 && !TK(a).nl && (TK(a - 1).w & W_TITLE)) return;   /* "Dr. Ryan ward rounds" */
    if (a > 0 && !TK(a).nl && (TK(a - 1).shape & T_DIGIT) && (tok_eq(d, i, "unit", 4) || tok_eq(d, i, "units", 5)))
        return;                                    /* a measure's unit: "1 Wood unit", not "bed 12 Kohler Pavilion" */
    /* a given name before a surname that is a kind: "Daughter Hope Hall", "Ivy Ward" */
    if ((TK(i - 1).w & W_FIRST) && (tok_eq(d, i, "hall", 4) || tok_eq(d, i, "ward", 4)) && kind_cap) return;
    if (e < d->n && !TK(e).nl && TK(e).sp && digits(d, e, 1, 2)) e++;   /* "Dunn Tower 6" */
    if (!name_ends(d, e) && !pause_at(d, e)) return;
    deid_add_toks(d, a, e, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* ---- a place closing a note's header ---- */

/* Token i follows a header's dash on a line whose words before it, eight
 * tokens at most (a line of dashes is read once), are all capitals: "ED
 * NOTE — Stroger", "DISCHARGE SUMMARY — AIIMS, New Delhi". */
static int header_opens(const deid_doc *d, size_t i)
{
    if (i < 2 || !header_dash(d, i)) return 0;
    size_t k = i - 1, words = 0;
    while (k > 0 && !TK(k).nl) {
        if (i - k > 8) return 0;
        k--;
        if (TK(k).shape & T_ALPHA) {
            if (!(TK(k).shape & T_UPPER)) return 0;
            words++;
        } else if (!is_p(d, k, '/') && !is_p(d, k, '&')) {
            return 0;
        }
    }
    return words > 0;
}

/* A word that names a place in a header: a brand, a town's, a state's, a
 * person's (not an everyday word's), a landscape's, a word no list knows
 * that is no English word's form. Capitals no list knows name a
 * procedure, an agency or a device as often ("ED NOTE — MVC", "SOCIAL
 * WORK — CPS", "ICU RN NOTE - LVAD"): not those. */
static int header_naming(const deid_doc *d, size_t k)
{
    uint32_t w = TK(k).w;
    if (w & W_KEEP) return 0;
    if (TK(k).brand) return 1;
    if (TK(k).shape & T_UPPER) return 0;
    if ((w & (W_CITY | W_STATE | W_CITYPFX)) || ((w & (W_FIRST | W_LAST)) && !(w & W_COMMON)) || geo_word(d, k)) return 1;
    return !w && !deid_english_word(d, k) && !deid_lower_word(d, k);
}

/* The end of one part of a header's place from token k: capitalized words
 * with "of", "and", "the", "at", "&", "'s" and glued dashes inside, ending
 * at the line's end, a comma or a spaced dash; k when the part ends
 * otherwise (a word in lower case, a number, a title), holds a clinical
 * word or its first word names nothing ("Medical ICU"). */
static size_t header_part_end(const deid_doc *d, size_t k)
{
    static const char *const joins[] = {"of", "and", "the", "at", "de"};
    size_t e = k;
    while (e < d->n && e < k + 6 && !TK(e).nl) {
        if (cap(d, e) && (TK(e).shape & T_ALPHA) && !(TK(e).w & (W_TITLE | W_MONTH | W_CRED))) {
            /* a clinical word makes the part a phrase ("Right Knee Arthroscopy"),
             * capitals a service's ("Main ED") */
            if ((TK(e).w & W_KEEP) && !(TK(e).w & (W_FAC | W_FAC2))) return k;
            if ((TK(e).shape & T_UPPER) && !TK(e).brand) return k;
            e++;
        } else if (e > k && (tok_in(d, e, joins, sizeof joins / sizeof *joins) || is_p(d, e, '&')) && cap(d, e + 1) &&
                   !TK(e + 1).nl) {
            e++;
        } else if (e > k && ((is_p(d, e, '-') && glued(d, e) && glued(d, e + 1)) ||
                             (is_p(d, e, '\'') && glued(d, e) && tok_eq(d, e + 1, "s", 1)))) {
            e += 1 + is_p(d, e, '\'');
        } else {
            break;
        }
    }
    int ends = e >= d->n || TK(e).nl || is_p(d, e, ',') || header_dash(d, e + 1);
    return e > k && ends && header_naming(d, k) ? e : k;
}

/* "ED NOTE — Stroger", "PEDS ED — CHOP", "DISCHARGE SUMMARY — Toronto
 * Western, UHN", "FAMILY MEETING — Medical ICU, Vanderbilt": a note's
 * header in capitals, a dash, and the place where the note was written,
 * its parts between commas to the line's end. A part whose first word
 * names a place is one; not a clinical phrase ("ED NOTE — Chest Pain"), a
 * kind of note ("OASIS — RECERT"), a service ("— Medical ICU"), a date or
 * a number ("— Visit 4"). */
__attribute__((noinline)) static void header_place(deid_doc *d, size_t i)
{
    if (!header_opens(d, i)) return;
    size_t k = i;
    for (int part = 0; part < 3 && k < d->n && !TK(k).nl; part++) {
        size_t e = header_part_end(d, k);
        if (e > k) deid_add_toks(d, k, e, WARD_PHI_FACILITY, PRIO_PLACE);
        /* on past a part that names nothing: "Medical ICU, Vanderbilt" */
        while (e < d->n && !TK(e).nl && !is_p(d, e, ',')) e++;
        if (e >= d->n || TK(e).nl) return;
        k = e + 1;
    }
}

/* ---- a letterhead in capitals ---- */

/* A word in capitals that names a place: a brand, a town's, a person's
 * (not an everyday word's), a landscape's, a denomination, a saint, a word
 * no list knows that is no English word's form nor a field's adjective;
 * not a clinical word, an eponym ("PARKINSON CLINIC") nor a town's first
 * word alone ("LONG-TERM CARE"). */
static int caps_naming(const deid_doc *d, size_t k)
{
    uint32_t w = TK(k).w;
    if ((w & W_KEEP) || ((w & W_EPONYM) && !(w & W_CITY))) return 0;
    if (TK(k).brand || (w & W_CITY) || ((w & (W_FIRST | W_LAST)) && !(w & W_COMMON)) || geo_word(d, k)) return 1;
    if (tok_eq(d, k, "st", 2) || tok_eq(d, k, "saint", 5) || (denomination(d, k) && !tok_eq(d, k, "medical", 7)))
        return 1;
    /* not a field's adjective: "UROLOGIC ONCOLOGY", "SPIRITUAL CARE" */
    return !w && TLEN(k) >= 4 && !deid_english_word(d, k) && !deid_lower_word(d, k) && !field_form(d, k);
}

/* A word a place's name in capitals ends with: a head of the lists or a
 * kind of place they do not hold ("BAYSIDE CORRECTIONAL FACILITY",
 * "EVERGREEN FUNERAL HOME & CREMATORY", "WELLSPRING COUNSELING"). */
static int caps_head(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"facility", "crematory", "system", "trust", "counseling", "services",
                                    "infirmary", "associates", "drug", "apothecary", "dental", "laboratories",
                                    "hospice", "hosp", "regional", "memorial", "general"};
    /* not "care", a heading's word more often ("OASIS START OF CARE") */
    return ((TK(k).w & (W_FAC | W_FAC2)) && !tok_eq(d, k, "care", 4)) || tok_in(d, k, w, sizeof w / sizeof *w);
}

/* The token after the glue inside a name in capitals at token k ("ST.",
 * "CHILDREN'S", "BLOOD & TISSUE", "HOME OF", "JOSEPH'S/CANDLER"), or k. */
static size_t caps_glue(const deid_doc *d, size_t k)
{
    static const char *const joins[] = {"of", "the", "for", "at", "and"};
    if (k + 1 >= d->n || TK(k).nl || TK(k + 1).nl) return k;
    if (is_p(d, k, '\'') && glued(d, k) && tok_eq(d, k + 1, "s", 1) && glued(d, k + 1)) return k + 2;
    if (is_p(d, k, '.') && glued(d, k) && k > 0 && tok_eq(d, k - 1, "st", 2)) return k + 1;
    if ((is_p(d, k, '-') || is_p(d, k, '/')) && glued(d, k) && glued(d, k + 1)) return k + 1;
    if (is_p(d, k, '&') || ((TK(k).shape & T_UPPER) && tok_in(d, k, joins, sizeof joins / sizeof *joins))) return k + 1;
    return k;
}

/* Token q before the end e of a letterhead is a town's word the lists
 * hold for another use: a landscape's ("FALLS", "SPRINGS", clinical words
 * too), a word before one ("GREAT FALLS", "HOT SPRINGS") or a saint's
 * ("ST. CLOUD"). */
static int caps_town_word(const deid_doc *d, size_t q, size_t e)
{
    if (!(TK(q).shape & T_UPPER) || !(TK(q).shape & T_ALPHA) || tok_eq(d, q, "of", 2) || tok_eq(d, q, "the", 3) ||
        tok_eq(d, q, "and", 3))
        return 0;
    if (q >= 2 && is_p(d, q - 1, '.') && glued(d, q - 1) && tok_eq(d, q - 2, "st", 2)) return 1;
    return geo_word(d, q) || (q + 1 < e && !(TK(q).w & W_KEEP) && geo_word(d, q + 1));
}

/* "GOOD SAMARITAN REGIONAL MEDICAL CENTER" as a letter's first line,
 * "BAYSIDE CORRECTIONAL FACILITY — HEALTH SERVICES UNIT", "OPERATIVE
 * REPORT — SUMMIT SURGERY CENTER OF ASHEVILLE", "DISCHARGE SUMMARY —
 * MOUNT CARMEL EAST": a place's name in capitals opening a document or
 * closing a header's dash (token i), up to the line's end, a spaced dash,
 * a comma or a column gap. Its name ends at its last head with a word
 * that names before it (what follows is the place's department: "...
 * FACILITY MEDICAL DEPARTMENT"); a name without a head is one of naming
 * words with a site's ("MOUNT CARMEL EAST"); the place served after "OF"
 * ends the line with it ("... CENTER OF ASHEVILLE"). Not a note's title
 * ("DISCHARGE SUMMARY", "WOUND CARE CENTER": no naming word). */
__attribute__((noinline)) static void caps_letterhead(deid_doc *d, size_t i)
{
    if (i > 0 && !header_opens(d, i)) return;
    size_t k = i, words = 0, naming = 0, head_end = i, last_head = i, site = 0, plain = 1;
    while (k < d->n && words < 8 && (k == i || !TK(k).nl) && !(k > i && deid_column_gap(d, k))) {
        if (!(TK(k).shape & T_ALPHA) || !(TK(k).shape & T_UPPER) || (TK(k).w & (W_TITLE | W_MONTH | W_CRED))) {
            size_t g = k > i ? caps_glue(d, k) : k;
            if (g == k) break;
            k = g;
            continue;
        }
        int nm = caps_naming(d, k);
        words++, naming += nm, k++;
        if (caps_head(d, k - 1)) last_head = k;
        if (caps_head(d, k - 1) && naming) head_end = k;
        else if (compass(d, k - 1) || geo_word(d, k - 1)) site = 1;
        else if (!nm) plain = 0;
    }
    int ends = k >= d->n || TK(k).nl || is_p(d, k, ',') || deid_column_gap(d, k) || header_dash(d, k + 1);
    if (!ends || words < 2) return;
    if (head_end == i && plain && site && naming >= 1) head_end = k;
    /* the place served after the head: "SURGERY CENTER OF ASHEVILLE"; it
     * names a place whose words before the head name none ("CARDIOLOGY
     * CLINIC OF GREAT FALLS", "THE ORTHOPEDIC CENTER OF ST. CLOUD") */
    size_t h = head_end > i ? head_end : last_head;
    if (h > i && h + 1 < k && tok_eq(d, h, "of", 2)) {
        size_t q = h + 1 + (tok_eq(d, h + 1, "the", 3) && h + 2 < k), q0 = q;
        while (q < k) {
            if (caps_naming(d, q) || compass(d, q) || caps_town_word(d, q, k)) q++;
            else if (q > q0 && caps_glue(d, q) > q) q = caps_glue(d, q);    /* "ST. CLOUD" */
            else break;
        }
        if (q == k && (head_end > i || q > q0)) head_end = k, naming = 1;
    }
    if (!naming) return;
    if (head_end > i) deid_add_toks(d, i, head_end, WARD_PHI_FACILITY, PRIO_PLACE);
}

/* Called at every word: the first letter and the shape pick the rules, so
 * most words cost a few compares (the rules stay out of line). */
void deid_places_at(deid_doc *d, size_t i)
{
    const dtok *t = &TK(i);
    char c = d->t[t->a];
    if (part_kind(d, i)) named_part(d, i);
    if (!(t->shape & T_CAP)) {
        size_t n = TLEN(i);
        char c1 = n > 1 ? d->t[t->a + 1] : 0;
        if (n == 2 && ((c == 'o' && c1 == 'f') || (c == 'a' && c1 == 't')) && i > 0 && cap(d, i - 1)) community_at(d, i);
        if (c == 'o' && n == 2 && c1 == 'f') of_place(d, i);
        else if (c == 's') lower_saint(d, i);
        else if (c == 'p' || c == 'm' || c == 'b') standing_name(d, i);
        else if ((n == 2 && ((c == 'a' && c1 == 't') || (c == 't' && c1 == 'o'))) || (n == 4 && c == 'f' && c1 == 'r') ||
                 (n == 3 && c == 'v' && c1 == 'i'))
            lower_place(d, i), lower_geo_place(d, i);
        return;
    }
    if (((i == 0 || t->nl) && TLEN(i) <= 3) || (i > 0 && (is_p(d, i - 1, '|') || is_p(d, i - 1, '^'))))
        hl7_places(d, i);                              /* "PID|", "PV1|1|I|" */
    if (!(t->shape & T_ALPHA)) return;
    if (i > 0 && (TK(i - 1).shape & T_PUNCT) && (is_p(d, i - 1, '-') || long_dash(d, i - 1))) header_place(d, i);
    if (t->shape & T_UPPER) {
        if (i == 0 || (TK(i - 1).shape & T_PUNCT)) caps_letterhead(d, i);
        if (TLEN(i) <= 5) {
            town_letters(d, i);
            if (c == 'S') saint_site(d, i);
            if (c == 'O' && TLEN(i) == 2) of_place(d, i);     /* "HOME CARE OF HIALEAH" */
        }
        if (TLEN(i) <= 7) place_initials(d, i);
        if (c == 'V') standing_name(d, i);
        if (i > 0 && is_p(d, i - 1, ',')) clinician_place(d, i);
        if (digits(d, i + 1, 1, 2)) named_ward(d, i);
        return;
    }
    if (c == 'S') saint_site(d, i);
    if (i > 0 && is_p(d, i - 1, ',')) clinician_place(d, i);
    if (i + 1 < d->n && (TK(i + 1).shape & (T_DIGIT | T_MIXED))) named_ward(d, i);
    if (c == 'B' || c == 'M' || c == 'P' || c == 'L' || c == 'A' || c == 'S' || c == 'D' || c == 'E')
        denomination_place(d, i);
    if (c == 'M' || c == 'P' || c == 'S' || c == 'C' || c == 'G' || c == 'B') standing_name(d, i);
    if (c == 'U' || c == 'C' || c == 'H' || c == 'E' || c == 'P' || c == 'M' || c == 'A') school_name(d, i);
    /* a word in lower case or a unit's capitals after it: "Ione lab", "Saperstein OR 4" */
    if (i + 1 < d->n && !TK(i + 1).nl && (TK(i + 1).shape & T_ALPHA) &&
        (!(TK(i + 1).shape & T_CAP) || (TK(i + 1).shape & T_UPPER)))
        named_service(d, i);
    kind_of_care(d, i);
    positioned_name(d, i);
}

/* ---- after the tagger: the rest of a place whose name was found ---- */

/* Token k is a word that ends places' names (an organisation's, a
 * compass point) or, with dept, a department's: the words no place is
 * known by alone. */
static int head_word(const deid_doc *d, size_t k, int dept)
{
    static const char *const org[] = {
        "practice", "health", "healthcare", "care", "services", "center", "centre", "clinic", "clinics", "hospital",
        "hosp", "house", "pavilion", "system", "systems", "transit", "institute", "program", "respite", "tower",
        "campus", "daycare", "shelter", "group", "associates", "partners", "specialists", "consultants", "physicians",
        "college", "university", "school", "academy", "corporation", "network", "general", "regional", "memorial",
        "medical", "med", "ctr", "pharmacy", "wing", "lodge", "manor", "arh", "va", "vamc", "snf", "alf", "asc", "mc",
        "rmc", "psc", "mob", "ltach", "cboc", "east", "west", "north", "south", "northwest", "northeast", "southwest",
        "southeast", "midtown", "downtown", "plus", "foundation"};
    static const char *const depts[] = {
        "cardiology", "pulmonary", "pulmonology", "pulm", "neurology", "neurosurgery", "geriatrics", "gi", "ent",
        "mri", "imaging", "radiology", "orthopedics", "orthopaedics", "ortho", "dermatology", "oncology", "urology",
        "endocrinology", "endocrine", "rheumatology", "nephrology", "gastroenterology", "hepatology", "endoscopy",
        "neuromonitoring", "monitoring", "diagnostics", "genetics", "infusion", "dialysis", "surgery", "dental",
        "dentistry", "pediatrics", "podiatry", "audiology", "optometry", "ophthalmology", "psychiatry", "therapy",
        "rehab", "rehabilitation", "medicine", "lab", "laboratory"};
    return tok_in(d, k, org, sizeof org / sizeof *org) || (dept && tok_in(d, k, depts, sizeof depts / sizeof *depts));
}

/* A word that ends a place's name after its name, which the tagger never
 * tags (a clinical word, an abbreviation) and the head rule does not take
 * after a name it did not find: "Smoky Mountain Neurology", "Whitesburg
 * ARH", "Summit Open MRI", "Lake City VAMC", "Cypress House", "Vista
 * Medical Center East". In lower case only a hospital's own heads
 * ("central dupage hospital", "evergreen snf"). */
static int tail_word(const deid_doc *d, size_t k, int lower, int dept)
{
    static const char *const low[] = {"hospital", "clinic", "clinics", "campus", "center", "centre", "shelter",
                                      "daycare", "snf", "ltach", "va", "vamc", "dialysis"};
    if (k >= d->n || TK(k).nl || !TK(k).sp || deid_column_gap(d, k) || !(TK(k).shape & T_ALPHA)) return 0;
    if (lower) return !(TK(k).shape & T_CAP) && tok_in(d, k, low, sizeof low / sizeof *low);
    return cap(d, k) && head_word(d, k, dept);
}

static int tail_ends(const deid_doc *d, size_t k, int lower);

/* Token k is a system's or a kind of place's letters after a place's name,
 * ending it: "ARH", "VAMC", "SNF". */
static int system_head(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"arh", "va", "vamc", "snf", "alf", "ltach", "rmc", "cboc"};
    return k < d->n && !TK(k).nl && TK(k).sp && !deid_column_gap(d, k) && (TK(k).shape & T_UPPER) &&
           tok_in(d, k, w, sizeof w / sizeof *w) && tail_ends(d, k, 0);
}

/* Token k, a word that may end a place's name, ends it: no capitalized word
 * of another kind follows on its line ("Sentara Health Plans", "REACH Air
 * Medical ETA", "MERCY MEDICAL CENTER HEALTH INFORMATION" are not a
 * place's name and its head). */
static int tail_ends(const deid_doc *d, size_t k, int lower)
{
    size_t q = k + 1;
    if (digits(d, q, 5, 5) && !TK(q).nl) return 0;     /* "Fairfax VA 22030": a state and its ZIP */
    if (q >= d->n || TK(q).nl || deid_column_gap(d, q) || !cap(d, q) || !(TK(q).shape & T_ALPHA)) return 1;
    /* letters after a system's letters, in a line not in capitals: "Lake
     * City VAMC PACT team" */
    if ((TK(k).shape & T_UPPER) && (TK(q).shape & T_UPPER) && k > 0 && !(TK(k - 1).shape & T_UPPER)) return 1;
    return tail_word(d, q, lower, 1) || tok_eq(d, q, "ob", 2);
}

/* The kinds of care a practice names itself by, joined by "&" or "and":
 * "Lakeview Sleep & Lung", "Pinnacle Bone & Joint", "Austin Foot and Ankle
 * Specialists", "Kapiolani Medical Center for Women & Children". */
static int pair_word(const deid_doc *d, size_t k, int heads)
{
    static const char *const w[] = {"sleep", "lung", "bone", "joint", "spine", "foot", "ankle", "hand", "upper",
                                     "diabetes", "weight", "swallow", "speech", "tissue", "children", "women",
                                     "babies", "rehabilitation", "rehab", "sports", "internal", "family", "aging",
                                     "ear", "eye", "vascular", "asthma", "allergy", "recovery", "implant", "wellness",
                                     "endoscopy", "spine", "skin", "vein", "heart", "kidney", "nursing", "life",
                                     "resource", "maxillofacial", "oral", "neck", "throat", "head"};
    return k < d->n && !TK(k).nl && cap(d, k) && (TK(k).shape & T_ALPHA) &&
           (tok_in(d, k, w, sizeof w / sizeof *w) || (heads && tail_word(d, k, 0, 1)));
}

/* A word a place's name opens with before the rest of it that the tagger
 * or a rule found (as a name, a town or a place): "Hospital Auxilio
 * Mutuo", "Farmacia San Juan", "Memorial Sloan Kettering", "Mt. Carmel";
 * its position k; the first token of the place, or k + 1. */
static size_t head_before(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"hospital", "clinica", "clínica", "farmacia", "centro", "instituto",
                                    "klinikum", "szpital", "policlinico", "sanatorio", "laboratorio", "memorial",
                                    "mount", "hôpital", "hopital", "ospedale"};
    static const char *const joins[] = {"of", "de", "del", "da", "das", "do", "dos"};
    if (k >= d->n || TK(k + 1).nl || !TK(k + 1).sp) return k + 1;
    /* "Mt. Carmel" */
    if (k > 0 && is_p(d, k, '.') && glued(d, k) && tok_eq(d, k - 1, "mt", 2) && cap(d, k - 1)) return k - 1;
    if (!(TK(k).shape & T_ALPHA)) return k + 1;
    /* "Hospital General de Tijuana", "Clinica de Salud del Valle": the
     * words before "de" or "of" open with a place's word or hold a head */
    if (!cap(d, k) && k > 0 && tok_in(d, k, joins, sizeof joins / sizeof *joins) && !TK(k).nl) {
        size_t q = k, head = 0;
        while (q > 0 && k - q < 4 && !TK(q).nl && cap(d, q - 1) && (TK(q - 1).shape & T_ALPHA) &&
               !(TK(q - 1).w & (W_TITLE | W_MONTH | W_CRED | W_STOP)) && !deid_column_gap(d, q)) {
            q--;
            head |= (TK(q).w & W_FAC) != 0;
        }
        if (q < k && (head || tok_in(d, q, w, sizeof w / sizeof *w))) return q;
        return k + 1;
    }
    if (!cap(d, k)) return k + 1;
    if (tok_in(d, k, w, sizeof w / sizeof *w)) return k;
    /* a hospital's letters before its town or name: "UMC El Paso", "FMC Butner", "CRMC-Hays" */
    if (care_letters(d, k) && (TK(k + 1).sp || (is_p(d, k + 1, '-') && glued(d, k + 1)))) return k;
    return k + 1;
}

/* Token k is the word a place's name joins its other part with: "Sisters
 * of Providence", "Sunrise of Parma", "Hospital das Clínicas", "Brier Oak
 * on Sunset" (right a place);
 * returns the token after it ("of the" counts as one), or 0. */
static size_t join_word(const deid_doc *d, size_t k, int right_type)
{
    static const char *const w[] = {"of", "de", "del", "da", "das", "do", "dos", "w", "y"};
    if (k >= d->n || TK(k).nl || (TK(k).shape & T_CAP) != 0) {
        /* "OF" in a name in capitals */
        if (!(k < d->n && !TK(k).nl && (TK(k).shape & T_UPPER) && tok_eq(d, k, "of", 2)))
            return 0;
    }
    size_t e = k + 1;
    /* "Boston Heart] & [Valve Center", "Lakeside Drug] & [Gift Shop" (not
     * "and": two places of a list) */
    if (tok_eq(d, k, "on", 2) || is_p(d, k, '&')) return right_type == WARD_PHI_FACILITY ? e : 0;
    if (!tok_in(d, k, w, sizeof w / sizeof *w)) return 0;
    if (tok_eq(d, e, "the", 3) && !TK(e).nl) e++;
    return e;
}

/* Token k may name a ward (a person's or a place's name, a word no list
 * knows, with brand_ok a brand's word: "Sunrise 5"): not "Day 3",
 * "Mobitz 2". */
static int ward_word(const deid_doc *d, size_t k, int brand_ok)
{
    uint32_t w = TK(k).w;
    return !(w & (W_KEEP | W_TITLE | W_MONTH | W_STOP | W_CRED | W_RELATIVE | W_STATE | W_FAC | W_FAC2 | W_HEAD |
                  W_CUE)) &&
           !(TK(k).shape & T_UPPER) && (brand_ok || !TK(k).brand) && !count_word(d, k) && !score_word(d, k) && TLEN(k) >= 3;
}

/* Token k is a ward's number after a place's one word ("Sunrise 5)",
 * "Bledsoe 4 post-op", "Tillman 4 nights"); see ward_number_ends. */
static int ward_digit(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"post-op", "post", "obs", "cdu", "nights", "to", "at", "and", "l&d", "endoscopy"};
    static const char *const compass[] = {"north", "south", "east", "west"};
    if (!digits(d, k, 1, 2) || TK(k).nl || !TK(k).sp || num(d, k) < 1 || num(d, k) > 40) return 0;
    if (k + 1 < d->n && !TK(k + 1).nl && tok_in(d, k + 1, compass, 4)) return 0;   /* "Methodist 5 North" */
    return ward_number_ends(d, k + 1) || (k + 1 < d->n && !TK(k + 1).nl && tok_in(d, k + 1, w, sizeof w / sizeof *w));
}

/* The site after a place's name and a spaced dash, which the tagger's
 * places and names the rules found late leave: "Quest Diagnostics -
 * Henderson PSC", "Rehab Plus - Sugar House", "Children's Minnesota - St.
 * Paul", "Memorial Hermann - TMC". One to three capitalized words (the
 * case of the name's: a site in capitals after a name in capitals; letters
 * as the last word), none clinical, a title, a month, a day or a function
 * word, one a name's own (see list_word), ending at the line's end,
 * punctuation or a word in lower case, no clinical noun after. In
 * capitals a town's or one word no list knows ("CLINIC - SICK CALL" is a
 * heading's). Returns the token after the site, or e. */
static size_t tail_dash_site(const deid_doc *d, size_t e, int upper)
{
    if (e + 1 >= d->n || TK(e).nl || TK(e + 1).nl || !TK(e).sp || !TK(e + 1).sp || !(is_p(d, e, '-') || long_dash(d, e)))
        return e;
    size_t k = e + 1;
    int naming = 0;
    if ((tok_eq(d, k, "st", 2) || tok_eq(d, k, "saint", 5)) && cap(d, k) && !upper)
        k += 1 + (is_p(d, k + 1, '.') && glued(d, k + 1)), naming = 1;
    size_t w0 = k;
    while (k < d->n && k < w0 + 3 && !TK(k).nl) {
        if (!upper && (TK(k).shape & T_UPPER) && k > e + 1 && TLEN(k) >= 2 && TLEN(k) <= 4 && !TK(k).w) {
            k++;                                       /* "Henderson PSC" */
            break;
        }
        if (!upper && (TK(k).shape & T_UPPER) && k == e + 1 && care_letters(d, k)) {
            k++, naming = 1;                           /* "- TMC" */
            break;
        }
        if ((upper != ((TK(k).shape & T_UPPER) != 0)) || (TK(k).w & (W_HEAD | W_FAC | W_FAC2))) break;
        int nm = 0;
        if (!list_word(d, k, &nm)) {
            /* a state's word inside a town's name: "Washington Heights" */
            if (!((TK(k).w & W_STATE) && cap(d, k + 1) && !TK(k + 1).nl && !(TK(k).w & W_KEEP))) break;
            nm = 1;
        }
        naming |= nm, k++;
    }
    if (k == w0 || !naming || deid_clinical_after(d, e + 1) || deid_note_title(d, e + 1, k)) return e;
    if (!(k >= d->n || TK(k).nl || deid_column_gap(d, k) || (TK(k).shape & T_PUNCT) || !(TK(k).shape & T_CAP))) return e;
    if (is_p(d, k, '-') && glued(d, k)) return e;
    /* a department's name: "— Servicio de Cardiología", "- Division of ..." */
    if (k < d->n && !TK(k).nl && (tok_eq(d, k, "de", 2) || tok_eq(d, k, "of", 2) || tok_eq(d, k, "del", 3))) return e;
    if (upper) {
        int town = k == e + 2 && !TK(e + 1).w && !deid_english_word(d, e + 1);
        for (size_t q = e + 1; q < k && !town; q++) town = (TK(q).w & W_CITY) != 0;
        if (!town) return e;
    }
    return k;
}

/* The people a place of care is "for" in its name: "Hospital for Sick
 * Children", "Home for the Aged", "Center for Women & Children". */
static int for_people(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"children", "women", "men", "infants", "babies", "aged", "elderly", "veterans",
                                     "sick", "incurables", "special", "youth", "girls", "boys", "deaf", "blind",
                                     "disabled", "seniors", "mothers", "families", "newborns", "adolescents"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* The field or the people after a found place's head and "for", which the
 * rules leave and the tagger takes only at times: "Kessler Institute] for
 * Rehabilitation", "Shorefront Center] for Rehabilitation", "Leeds
 * Centre] for Diabetes and Endocrinology", "DUPONT HOSPITAL] FOR
 * CHILDREN". One to four capitalized words (in capitals after a name in
 * capitals), joined by "&" or "and", after "for" [the], up to a town's
 * words ("for Rehabilitation] West Orange"). After a center's, an
 * institute's or a home's head a field ("Center for Hope"); after a
 * hospital's or a clinic's (where a reason for the stay follows: "admitted
 * to Mercy Hospital for Chest Pain") only people ("Hospital for Sick
 * Children"). Returns the token after the words, or e. */
static size_t for_field_end(const deid_doc *d, size_t e, int upper)
{
    static const char *const fields[] = {"center", "centre", "centers", "institute", "pavilion", "home", "homes",
                                         "foundation", "society", "school", "academy", "program", "alliance",
                                         "house", "village", "residence", "league", "association", "services"};
    if (e < 1 || e + 1 >= d->n || TK(e).nl || !TK(e).sp || !tok_eq(d, e, "for", 3)) return e;
    if (upper != ((TK(e).shape & T_UPPER) != 0)) return e;
    size_t h = e - 1;
    int any = tok_in(d, h, fields, sizeof fields / sizeof *fields);
    if (!any && !(TK(h).w & (W_FAC | W_FAC2))) return e;
    size_t k = e + 1, words = 0, people = 0;
    if (tok_eq(d, k, "the", 3) && !TK(k).nl) k++;
    size_t end = k;
    while (k < d->n && words < 4 && !TK(k).nl && !deid_column_gap(d, k) && cap(d, k) && (TK(k).shape & T_ALPHA) &&
           upper == ((TK(k).shape & T_UPPER) != 0) && TLEN(k) >= 2 &&
           !(TK(k).w & (W_TITLE | W_MONTH | W_CRED | W_STOP | W_CITYPFX | W_STATE)) && !compass(d, k)) {
        words++, people += for_people(d, k), end = ++k;
        /* "Women & Children", "Diabetes and Endocrinology" */
        if (k + 1 < d->n && !TK(k).nl && !TK(k + 1).nl && (is_p(d, k, '&') || tok_eq(d, k, "and", 3)) && cap(d, k + 1))
            k++;
    }
    /* not the first words of a longer title ("Center for Pain Management Follow Up Visit") */
    if (!words || (words == 4 && end < d->n && !TK(end).nl && cap(d, end) && (TK(end).shape & T_ALPHA))) return e;
    if (people == words) return end;
    /* a stay's reason, not the place's field: words the sentence goes on
     * from ("Institute for Evaluation of seizures", "Center for Radiation
     * Therapy to the pelvis"). Clinical terms are not refused: the names'
     * own fields are ones too ("Center for Sleep Medicine"). */
    if (end < d->n && !TK(end).nl && (tok_eq(d, end, "of", 2) || tok_eq(d, end, "to", 2))) return e;
    return any ? end : e;
}

/* ---- a place's own word met again ---- */

/* Token k of a place's span is the place's own word, the one a note
 * calls it by alone later ("The Willows at Kent Falls ... called Willows
 * admissions", "Brookhaven Manor ... Brookhaven staff"): letters, four or
 * more, not in capitals (a heading's words: "TOXICOLOGY"), no list's word
 * (a clinical word, an everyday one, a head, a title, a state, a town's
 * that names a disease as often: "St. Louis encephalitis", "Norwalk
 * virus"; a brand: a chain alone is no place), no word clinical text
 * writes in lower case ("Prior", "Access", "Flight", "Farmacia:"), no
 * English word's form or a field's adjective ("Immigration",
 * "Correctional"), not a word that ends places' names or names their kinds
 * of care ("Regional", "Cardiology", "Sleep"). In lower case (chat) only
 * a word no list knows and no landscape's ("cornerstone recovery ... is
 * cornerstone expecting him"). */
static int own_word(const deid_doc *d, size_t k)
{
    if (!(TK(k).shape & T_ALPHA) || (TK(k).shape & T_UPPER) || TLEN(k) < 4 || TLEN(k) >= 40 || TK(k).brand ||
        TK(k).tag || (TK(k).term & (TERM_PFX | TERM_IN)))
        return 0;
    if (TK(k).w & (W_KEEP | W_COMMON | W_EPONYM | W_STOP | W_TITLE | W_MONTH | W_CRED | W_RELATIVE | W_STATE | W_CITY |
                   W_CUE | W_CITYPFX | W_FAC | W_FAC2 | W_HEAD | W_STREET))
        return 0;
    if (deid_lower_word(d, k) || deid_english_word(d, k) || field_form(d, k) || head_word(d, k, 1) ||
        pair_word(d, k, 0) || compass(d, k) || tok_eq(d, k, "saint", 5) || deid_listed_drug(d, k, k + 1))
        return 0;
    for (size_t q = TK(k).a + 1; q < TK(k).b; q++)
        if (d->t[q] >= 'A' && d->t[q] <= 'Z') return 0;       /* a product's capitals inside: "NxStage" */
    return cap(d, k) || (!TK(k).w && !geo_word(d, k));
}

/* Token i, a place's own word met again, stands for the place: where a
 * place stands (after "at", "from", "to", "via", a place's label or cue),
 * alone, before the place's people, rooms or desks ("Brookhaven staff", "Willows
 * admissions", "Meadowlark DON", "the Sillerman lobby"), or before no
 * clinical word: not before a disease's or a scale's words, as a town's
 * name often is ("Norwalk virus", "St. Louis encephalitis", "Columbia
 * Suicide Severity"). */
static int again_stands(const deid_doc *d, size_t i)
{
    static const char *const w[] = {
        "staff", "admissions", "admission", "admitting", "intake", "lobby", "nurse", "nurses", "nursing", "don",
        "case", "social", "front", "desk", "reception", "security", "chaplain", "campus", "unit", "floor", "wing",
        "office", "team", "records", "triage", "transport", "pharmacy", "residents", "resident", "billing", "er",
        "ed", "icu", "director", "administrator", "census", "bed", "beds", "liaison", "discharge", "staffing",
        "charge", "main", "operator", "cafeteria", "parking", "entrance"};
    size_t k = i + 1;
    /* alone: not glued to a word ("Semmes-Weinstein", "Gebauer's"), not
     * inside a run of capitalized words ("Generalized Myasthenia Gravis",
     * "Orphan Annie eye") but before the place's people ("Meadowlark DON") */
    if ((i > 0 && !TK(i).nl && (!TK(i).sp || (cap(d, i - 1) && (TK(i - 1).shape & T_ALPHA)))) ||
        (k < d->n && !TK(k).nl && !TK(k).sp &&
         (is_p(d, k, '-') || is_p(d, k, '/') || is_p(d, k, '\'') || !(TK(k).shape & T_PUNCT))))
        return 0;
    int people = k < d->n && !TK(k).nl && tok_in(d, k, w, sizeof w / sizeof *w);
    if (k < d->n && !TK(k).nl && cap(d, k) && (TK(k).shape & T_ALPHA) && !people) return 0;
    if (people || deid_place_position(d, i, k, 4)) return 1;
    if (k >= d->n || TK(k).nl || !(TK(k).shape & T_ALPHA)) return 1;
    return !(TK(k).w & (W_KEEP | W_HEAD | W_EPONYM)) && !deid_lower_word(d, k);
}

/* At most this many words are looked for, so that hostile input (a
 * thousand places) stays linear. */
#define AGAIN_MAX_WORDS 32

/* A place found once is found where its own word stands again alone (see
 * own_word) where a place stands (see again_stands), in the case it was
 * written in (a capitalized word for a capitalized one), not where that
 * word is used clinically ("Penrose drain"). d->c[0..n) are the spans, sorted and apart; returns their new
 * count, still sorted. */
static size_t places_again(deid_doc *d, size_t n)
{
    size_t words[AGAIN_MAX_WORDS], nw = 0, added = 0;
    uint8_t *covered = NULL;
    for (size_t c = 0, t = 0; c < n && nw < AGAIN_MAX_WORDS; c++) {
        if (d->c[c].type != WARD_PHI_FACILITY) continue;
        while (t < d->n && TK(t).a < d->c[c].a) t++;
        for (size_t k = t; k < d->n && TK(k).b <= d->c[c].b && nw < AGAIN_MAX_WORDS; k++)
            if (own_word(d, k)) words[nw++] = k;
    }
    if (!nw) return n;
    covered = ward_xcalloc(d->n + 1, 1);
    for (size_t c = 0, t = 0; c < n; c++) {
        while (t < d->n && TK(t).b <= d->c[c].a) t++;
        for (size_t k = t; k < d->n && TK(k).a < d->c[c].b; k++) covered[k] = 1;
    }
    for (size_t i = 0; i < d->n; i++) {
        if (covered[i] || !(TK(i).shape & T_ALPHA) || TLEN(i) < 4) continue;
        for (size_t q = 0; q < nw; q++) {
            size_t k = words[q];
            if (TLEN(k) != TLEN(i) || !cap(d, k) != !cap(d, i) || !deid_eq_nocase(d->t + TK(i).a, d->t + TK(k).a, TLEN(k)))
                continue;
            if (!own_word(d, i) || !again_stands(d, i) || deid_clinical_at(d, i)) break;
            deid_add(d, TK(i).a, TK(i).b, WARD_PHI_FACILITY, PRIO_PLACE), added++;
            break;
        }
    }
    free(covered);
    if (!added) return n;
    qsort(d->c, d->nc, sizeof *d->c, deid_by_start);
    return d->nc;
}

size_t deid_places_tail(deid_doc *d, size_t n)
{
    if (!d->n || !n) return n;
    size_t t = 0, out = 0;
    for (size_t i = 0; i < n; i++) {
        cand c = d->c[i];
        int type = c.type;
        if (type != WARD_PHI_FACILITY && type != WARD_PHI_NAME && type != WARD_PHI_CITY) {
            d->c[out++] = c;
            continue;
        }
        while (t < d->n && TK(t).a < c.a) t++;         /* the span's first token */
        size_t a = t;
        if (a >= d->n || TK(a).a != c.a) {
            d->c[out++] = c;
            continue;
        }
        size_t prev_end = out ? d->c[out - 1].b : 0;
        /* a place's opening word before it: "Hospital Auxilio Mutuo" */
        if (a > 0 && !TK(a).nl && TK(a).sp) {
            size_t h = head_before(d, a - 1);
            if (h < a && TK(h).a >= prev_end) {
                c.a = TK(h).a, c.type = type = WARD_PHI_FACILITY;
            }
        }
        size_t e = a;                                  /* the token after the span */
        while (e < d->n && TK(e).a < c.b) e++;
        /* a name or a town before a system's letters: "Mary Breckinridge
         * ARH", "Lake City VAMC", "Riverbend SNF" */
        if (type != WARD_PHI_FACILITY && e < d->n && system_head(d, e) && (i + 1 >= n || d->c[i + 1].a >= TK(e).b))
            c.type = type = WARD_PHI_FACILITY;
        if (type != WARD_PHI_FACILITY) {
            d->c[out++] = c;
            continue;
        }
        if (e == 0 || e >= d->n) {
            d->c[out++] = c;
            continue;
        }
        int lower = !(TK(e - 1).shape & T_CAP), upper = (TK(e - 1).shape & T_UPPER) && (TK(a).shape & T_UPPER);
        /* a department after a name only the tagger found, not ending in a
         * head: "Smoky Mountain Neurology", not "Mercy GI", "Tufts Medical
         * Center Hepatology" (the hospital and its service) */
        int dept = c.prio == 0 && !upper && !(TK(e - 1).w & (W_FAC | W_FAC2)) && !tail_word(d, e - 1, 0, 0);
        for (int steps = 0; steps < 8 && e < d->n; steps++) {
            size_t next_a = i + 1 < n ? d->c[i + 1].a : d->len;
            if (TK(e).a >= next_a) break;
            if (tail_word(d, e, lower, dept) && (!upper || (TK(e).shape & T_UPPER)) && tail_ends(d, e, lower)) {
                c.b = TK(e).b, e++;
                continue;
            }
            /* "OB/GYN" */
            if (!lower && dept && tok_eq(d, e, "ob", 2) && cap(d, e) && is_p(d, e + 1, '/') && glued(d, e + 1) &&
                tok_eq(d, e + 2, "gyn", 3) && glued(d, e + 2) && TK(e + 2).b <= next_a) {
                c.b = TK(e + 2).b, e += 3;
                continue;
            }
            /* "& Sleep", "and Ankle" */
            if (!lower && !TK(e).nl && (dept || pair_word(d, e - 1, 0)) &&
                (is_p(d, e, '&') || is_p(d, e, '+') || tok_eq(d, e, "and", 3)) && pair_word(d, e + 1, 1) &&
                (!tok_eq(d, e, "and", 3) || !tail_word(d, e + 1, 0, 1)) && TK(e + 1).b <= next_a &&
                (!upper || (TK(e + 1).shape & T_UPPER))) {
                c.b = TK(e + 1).b, e += 2;
                continue;
            }
            /* a ward's floor after a place's one word: "Sunrise 5" */
            if (e == a + 1 && ward_digit(d, e) && ward_word(d, a, 1)) {
                c.b = TK(e).b, e++;
                continue;
            }
            /* the site after a spaced dash: "Quest Diagnostics - Henderson PSC" */
            size_t site = tail_dash_site(d, e, upper);
            if (site > e) {
                c.b = TK(site - 1).b, e = site;
                while (i + 1 < n && d->c[i + 1].a < c.b) {
                    if (d->c[i + 1].b > c.b) c.b = d->c[i + 1].b;
                    i++;
                }
                while (e < d->n && TK(e).a < c.b) e++;
                continue;
            }
            /* "Kessler Institute] for Rehabilitation" */
            size_t field = for_field_end(d, e, upper);
            if (field > e && TK(field - 1).b <= next_a) {
                c.b = TK(field - 1).b, e = field;
                continue;
            }
            /* joined to the next place across "of", "de", "at": one place */
            if (i + 1 < n) {
                cand nx = d->c[i + 1];
                size_t j = nx.type == WARD_PHI_FACILITY || nx.type == WARD_PHI_CITY || nx.type == WARD_PHI_NAME ||
                                   nx.type == WARD_PHI_ADDRESS
                               ? join_word(d, e, nx.type)
                               : 0;
                /* a system and its hospital across a spaced dash: "UofL Health –
                 * Jewish Hospital", "Banner – University Medical Center" */
                if (!j && nx.type == WARD_PHI_FACILITY && e + 1 < d->n && !TK(e).nl && !TK(e + 1).nl && TK(e).sp &&
                    TK(e + 1).sp && (is_p(d, e, '-') || long_dash(d, e)))
                    j = e + 1;
                if (j && j < d->n && TK(j).a == nx.a && !TK(j).nl) {
                    c.b = nx.b, i++;
                    while (e < d->n && TK(e).a < c.b) e++;
                    continue;
                }
            }
            break;
        }
        d->c[out++] = c;
    }
    d->nc = out;
    /* ... and the place's own word met again alone */
    return places_again(d, out);
}
