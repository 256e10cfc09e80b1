/* deid_address.c — addresses in the shapes the street rule does not know,
 * and the towns and postal codes written around an address.
 *
 * The street rule (deid_shapes.c) finds "221B Baker Street, Apt 4", roads
 * by their number ("Hwy 64"), PO boxes and rural routes. Notes also write:
 *  - streets of other countries, the kind before the name and the number
 *    after it ("Calle de Colón 41, 3º B", "Rua dos Timbiras 1560, apto
 *    702"), the kind inside a German word ("Lindwurmstraße 88"), a Turkish
 *    street ("Atatürk Cad. No: 214 D: 6"), a Quebec "5415 boul. de
 *    l'Assomption";
 *  - a numbered street without a house number ("the 25th st lot", "Rite
 *    Aid on 40th Ave") and streets in lower case after "on", "at", "near"
 *    ("lives on hawthorne lane", "the sav-on on hamner ave");
 *  - intersections: a second street after "and", "&", "at" ("Ferris Rd
 *    and County Line Rd", "Hwy 71 at mile marker 14", "I-80 exit 310"),
 *    two names after "corner of" or before "corner" ("the Dundee and
 *    Lillian corner"), an ordinal street and a name ("6th and Jackson");
 *  - a place to live without a street: "Lot 27, Whispering Pines MHP",
 *    "Crazy Horse Campground, Site 44", "General Delivery"; a unit or a
 *    house number's "No." before a street ("Apt 3C, 220 Westover St",
 *    "No. 14, 3rd Cross Street");
 *  - after any address, the rest of its line: towns, districts and postal
 *    codes in either order ("Alsancak, 35220 İzmir", "Batangas City 4200",
 *    "Funcionários, 30140-061 Belo Horizonte", "Gilmanton Iron Works, NH");
 *  - tables and CSV exports: a column headed City, Town or ZIP, and a
 *    column whose other cells are towns found;
 *  - towns named by their kind of place ("Twin Falls", "Silver Spring",
 *    "Idaho County"), whose words the lists know as everyday, clinical or
 *    a state's words, where a town stands; a county anywhere.
 *
 * Ideas a reader needs:
 *  - Each rule starts from one cheap test of its token (a digit, a listed
 *    word, a suffix), so the pass costs what it did.
 *  - What follows an address on its line is a field of the address until a
 *    word in lower case, a clinical word or a sentence says otherwise:
 *    states and countries are skipped (larger than a state: not
 *    identifiers) and the fields after them still read.
 */
#include "funnel/deid_int.h"

#include <ctype.h>

/* Kinds of street written before the name ("Calle Luna", "Rua dos
 * Timbiras", "boul. de l'Assomption"). */
static int kind_first(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"rue", "calle", "avenida", "av", "rua", "via", "chemin", "camino", "carrer",
                                    "paseo", "boul", "boulevard", "avda", "travessa", "alameda", "strada", "viale",
                                    "piazza", "largo", "jalan", "jl", "ulica", "ul", "carrera", "cra", "cl", "calzada",
                                    "rehov", "rechov", "derech", "sderot"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Particles inside a street's or a town's name ("de", "dos", "l'"). */
static int particle(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"de", "del", "la", "las", "los", "das", "dos", "da", "do", "di", "du", "des",
                                    "le", "l", "d", "van", "von", "der", "el", "y", "e", "on", "upon", "sur", "en"};
    return k < d->n && !(TK(k).shape & T_CAP) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word of a street's name: capitalized, or French "l'Assomption". */
static int name_word(const deid_doc *d, size_t k)
{
    if (cap(d, k)) return !(TK(k).w & (W_STOP | W_MONTH));
    if (k >= d->n) return 0;
    const char *s = d->t + TK(k).a;
    return TLEN(k) > 3 && s[1] == '\'' && (s[0] == 'l' || s[0] == 'd') && isupper((unsigned char)s[2]);
}

/* The words of a street's name from k, particles and apostrophes between
 * them ("de Colón", "dos Timbiras", "l'Assomption"), at most max words;
 * the token after them, *words their count. */
static size_t name_words(const deid_doc *d, size_t k, size_t max, size_t *words)
{
    *words = 0;
    while (k < d->n && !TK(k).nl && *words < max) {
        if (particle(d, k) || (is_p(d, k, '\'') && glued(d, k))) k++;
        else if (*words && is_p(d, k, '-') && glued(d, k) && glued(d, k + 1) && name_word(d, k + 1)) k++;   /* "Saint-Jean" */
        else if (name_word(d, k)) k++, (*words)++;
        else break;
    }
    return k;
}

/* A house number or a unit's: "41", "214", "12B", "3º". */
static int house_no(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && (TK(k).shape & (T_DIGIT | T_MIXED)) && isdigit((unsigned char)d->t[TK(k).a]) &&
           TLEN(k) <= 6;
}

/* Units written after a number: ", 3º B", ", apto 702", ", piso 2", "D: 6". */
static size_t units_after(const deid_doc *d, size_t e)
{
    static const char *const u[] = {"apto", "apt", "piso", "depto", "dpto", "d", "daire", "kat", "no", "bloco",
                                    "bl", "esc", "puerta", "pta", "casa", "flat", "unit", "suite", "ste", "interior", "int",
                                    "app"};
    for (int step = 0; step < 3; step++) {
        size_t k = is_p(d, e, ',') ? e + 1 : e;
        if (k >= d->n || TK(k).nl) break;
        if (tok_in(d, k, u, sizeof u / sizeof *u)) {
            size_t n = k + 1;
            while (is_p(d, n, '.') || is_p(d, n, ':') || is_p(d, n, '#')) n++;
            /* a number, or a flat's one capital: "depto. C" */
            if (!house_no(d, n) && !(n < d->n && !TK(n).nl && (TK(n).shape & T_UPPER) && TLEN(n) == 1)) break;
            e = n + 1;
        } else if (house_no(d, k) && TLEN(k) <= 4 && !digits(d, k, 4, 6) &&
                   ((TK(k).shape & T_MIXED) || (glued(d, k + 1) && (unsigned char)d->t[TK(k + 1).a] >= 0x80) ||
                    (k + 1 < d->n && (TK(k + 1).shape & T_UPPER) && TLEN(k + 1) == 1 && !TK(k + 1).nl))) {
            e = k + 1;                                              /* "3º B" */
            if (glued(d, e) && e < d->n && (unsigned char)d->t[TK(e).a] >= 0x80) e++;
            if (e < d->n && !TK(e).nl && (TK(e).shape & T_UPPER) && TLEN(e) == 1) e++;
        } else {
            break;
        }
    }
    return e;
}

/* The kind first, the name, then the number: "Calle de Colón 41", "Rua dos
 * Timbiras 1560", "Calle C #14". Returns the token after, or 0. */
static size_t kind_name_number(const deid_doc *d, size_t i)
{
    if (!cap(d, i) || !kind_first(d, i)) return 0;
    size_t k = i + 1, words;
    if (is_p(d, k, '.') && glued(d, k)) k++;
    k = name_words(d, k, 5, &words);
    if (!words) return 0;
    if (is_p(d, k, '#') || is_p(d, k, ',')) k++;
    if (!house_no(d, k) || digits(d, k, 5, 6)) return 0;            /* not a postal code */
    return units_after(d, k + 1);
}

/* A German compound with its number: "Lindwurmstraße 88", "Am Mühlweg 3a". */
static size_t compound_street(const deid_doc *d, size_t i)
{
    static const char *const sfx[] = {"straße", "strasse", "gasse", "weg", "platz", "allee", "str", "straat",
                                      "gracht", "laan", "plein", "kade", "singel", "steeg", "dijk", "gatan", "vägen",
                                      "veien", "vej"};
    if (!cap(d, i) || TLEN(i) < 6 || !house_no(d, i + 1 + (is_p(d, i + 1, '.') && glued(d, i + 1)))) return 0;
    const char *e = deid_ending(d, i, sfx, sizeof sfx / sizeof *sfx, 1);
    if (!e) return 0;
    size_t k = i + 1 + (is_p(d, i + 1, '.') && glued(d, i + 1));
    if (!strcmp(e, "str") && k == i + 1) return 0;                  /* "Str." needs its dot */
    if (digits(d, k, 4, 6)) return 0;                               /* a year or a code */
    return units_after(d, k + 1);
}

/* A German street of hyphened words, the kind last, and its number:
 * "Prof.-Ernst-Nathan-Str. 1", "Konrad-Adenauer-Straße 12", "Karl-Marx-Allee
 * 5". At most six words from i, so a long chain costs a bounded walk per
 * token. Returns the token after, or 0. */
static size_t hyphen_street(const deid_doc *d, size_t i)
{
    static const char *const kind[] = {"str", "straße", "strasse", "weg", "platz", "allee", "gasse", "damm", "ufer",
                                       "chaussee", "steig", "pfad"};
    size_t k = i, words = 0;
    for (;;) {
        if (k >= d->n || !cap(d, k) || !(TK(k).shape & T_ALPHA) || (k > i && TK(k).nl) || words >= 6) return 0;
        words++;
        size_t n = k + 1;
        int dot = is_p(d, n, '.') && glued(d, n) && TLEN(k) <= 4;
        if (dot) n++;
        if (is_p(d, n, '-') && glued(d, n) && glued(d, n + 1) && n + 1 < d->n) {
            k = n + 1;
            continue;
        }
        if (words < 2 || !tok_in(d, k, kind, sizeof kind / sizeof *kind)) return 0;
        if (tok_eq(d, k, "str", 3) && !dot) return 0;                /* "Str." needs its dot */
        if (!house_no(d, n) || digits(d, n, 4, 6)) return 0;
        return units_after(d, n + 1);
    }
}

/* A Polish street, its kind abbreviated in lower case: "ul. Długa 12",
 * "al. Jerozolimskie 44", "pl. Grunwaldzki 5". Returns the token after, or 0. */
static size_t polish_street(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"ul", "al", "pl"};   /* not "os.", the left eye ("os. Count Fingers 3 ft") */
    if (!tok_in(d, i, w, sizeof w / sizeof *w) || !is_p(d, i + 1, '.') || !glued(d, i + 1) || i + 2 >= d->n ||
        TK(i + 2).nl || (i > 0 && (tok_eq(d, i - 1, "et", 2) || tok_eq(d, i - 1, "and", 3))))   /* "Smith et al. Lancet 2019" */
        return 0;
    size_t words, k = name_words(d, i + 2, 4, &words);
    if (!words || !house_no(d, k) || digits(d, k, 4, 6)) return 0;    /* not a year, not a code */
    return units_after(d, k + 1);
}

/* A street of one word without its kind, then its number, then a postal
 * code and its town: "Rindermarkt 7, 80331 München", "Bijlmerdreef 1289,
 * 1103 TV Amsterdam", "Nørrebrogade 184, 3. th., 2200 København N". The
 * postal code and the town after it say it is an address; the line's tail
 * reads them. Returns the token after the number and its units, or 0. */
static size_t name_number_postal(const deid_doc *d, size_t i)
{
    if (!cap(d, i) || TLEN(i) < 5 || (TK(i).shape & T_UPPER) || (TK(i).shape & T_DIGIT) ||
        (TK(i).w & (W_KEEP | W_STOP | W_MONTH | W_TITLE | W_CRED | W_FAC | W_FAC2 | W_STATE | W_RELATIVE)) ||
        !house_no(d, i + 1) || digits(d, i + 1, 5, 6))
        return 0;
    size_t e = i + 2, k = e;
    if (k < d->n && !TK(k).nl && !is_p(d, k, ',')) return 0;
    /* units written as a floor and a side: ", 3. th.," */
    if (is_p(d, k, ',') && digits(d, k + 1, 1, 2) && is_p(d, k + 2, '.') && k + 3 < d->n && !TK(k + 3).nl &&
        (TK(k + 3).shape & T_ALPHA) && TLEN(k + 3) <= 3 && !(TK(k + 3).shape & T_CAP)) {
        e = k + 4 + (is_p(d, k + 4, '.') && glued(d, k + 4));
        k = e;
    }
    if (!is_p(d, k, ',') || TK(k + 1 < d->n ? k + 1 : k).nl) return 0;
    size_t z = deid_postal_digits(d, k + 1, 1);
    if (!z || !digits(d, k + 1, 4, 5)) return 0;
    if (z < d->n && (TK(z).shape & T_UPPER) && TLEN(z) == 2 && !TK(z).nl) z++;   /* the Dutch letters */
    return z < d->n && !TK(z).nl && cap(d, z) && !(TK(z).w & (W_KEEP | W_STOP | W_MONTH)) ? e : 0;
}

/* A Turkish street, the kind after its name: "Atatürk Cad. No: 214 D: 6",
 * "Gül Sok. No 5". */
static size_t kind_after_name(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"cad", "caddesi", "sok", "sokak", "sk", "bulvari", "mah", "mahallesi", "cd"};
    if (!cap(d, i)) return 0;
    size_t k = i + 1;
    if (cap(d, k) && !TK(k).nl && !tok_in(d, k, w, sizeof w / sizeof *w)) k++;
    if (!cap(d, k) || TK(k).nl || !tok_in(d, k, w, sizeof w / sizeof *w)) return 0;
    k++;
    if (is_p(d, k, '.')) k++;
    if (is_p(d, k, ',')) k++;
    if (!tok_eq(d, k, "no", 2)) return 0;
    k++;
    while (is_p(d, k, '.') || is_p(d, k, ':')) k++;
    if (!house_no(d, k)) return 0;
    return units_after(d, k + 1);
}

/* Street kinds a lower-case street may end with ("hawthorne lane"). "ct"
 * (a scan), "dr" (a doctor) and "way" are left out. */
static int lower_kind(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"st", "street", "ave", "avenue", "rd", "road", "blvd", "boulevard", "lane", "ln",
                                    "drive", "pkwy", "parkway", "hwy", "highway", "pike", "terrace"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A numbered street without a house number: "25th st", "40th Ave",
 * "9th Ave SE". */
static size_t ordinal_street(const deid_doc *d, size_t i)
{
    if (!(TK(i).shape & T_MIXED) || TLEN(i) < 3 || TLEN(i) > 5 || !isdigit((unsigned char)d->t[TK(i).a])) return 0;
    const char *e = d->t + TK(i).b - 2;
    if (!(deid_eq_nocase(e, "st", 2) || deid_eq_nocase(e, "nd", 2) || deid_eq_nocase(e, "rd", 2) ||
          deid_eq_nocase(e, "th", 2)))
        return 0;
    for (const char *p = d->t + TK(i).a; p < e; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    size_t k = i + 1;
    if (k >= d->n || TK(k).nl || !(lower_kind(d, k) || tok_eq(d, k, "pl", 2) || tok_eq(d, k, "place", 5))) return 0;
    k++;
    if (is_p(d, k, '.') && glued(d, k) && TLEN(k - 1) <= 4 && !(k + 1 < d->n && cap(d, k + 1) && !TK(k + 1).nl)) k++;
    /* the city's quadrant after it: "9th Ave SE", "40th St NW" */
    static const char *const quadrant[] = {"ne", "nw", "se", "sw"};
    if (k < d->n && !TK(k).nl && TK(k).sp && (TK(k).shape & T_UPPER) && tok_in(d, k, quadrant, 4)) k++;
    return k;
}

/* A street in lower case after "on", "at", "near", "off": "on hawthorne
 * lane", "on pleasant valley road", "on elm st". Every word a plain word
 * (no function word, no clinical word). */
static size_t lower_street(const deid_doc *d, size_t i)
{
    if (i == 0 || (TK(i).shape & T_CAP) || !(TK(i).shape & T_ALPHA)) return 0;
    if (!(tok_eq(d, i - 1, "on", 2) || tok_eq(d, i - 1, "at", 2) || tok_eq(d, i - 1, "near", 4) ||
          tok_eq(d, i - 1, "off", 3)))
        return 0;
    size_t k = i;
    while (k < d->n && k < i + 3 && !TK(k).nl && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_CAP) &&
           !(TK(k).w & (W_STOP | W_KEEP | W_MONTH | W_RELATIVE)) && !lower_kind(d, k) && TLEN(k) >= 3)
        k++;
    if (k == i || k >= d->n || TK(k).nl || !lower_kind(d, k) || (TK(k).shape & T_CAP)) return 0;
    if (tok_eq(d, k, "st", 2)) return 0;        /* "on monitor st depression": an ST segment */
    return k + 1;
}

/* Units before or after an address: "Apt 3C, 220 Westover St", "22 mill
 * st apt 3". */
static const char *const units[] = {"apt", "apartment", "unit", "suite", "ste", "flat", "no", "lot", "house", "trlr",
                                    "cottage", "villa", "hse"};
#define N_UNITS (sizeof units / sizeof *units)
static size_t unit_after(const deid_doc *d, size_t e);

/* A numbered street in lower case, as chats write it: "2207 lamar ave,",
 * "14 woodruff rd now", "1440 e 55th st in": the number, plain words (or
 * a direction and an ordinal) and the kind, which ends it. "st" needs a
 * word of four letters or more before it ("5 mg st" is not a street).
 * Returns the token after, or 0. */
static size_t lower_numbered(const deid_doc *d, size_t i)
{
    if (!digits(d, i, 1, 5) || (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT))) return 0;
    size_t k = i + 1;
    static const char *const dir[] = {"n", "s", "e", "w", "ne", "nw", "se", "sw"};
    if (k < d->n && !TK(k).nl && tok_in(d, k, dir, sizeof dir / sizeof *dir) && !(TK(k).shape & T_CAP)) k++;
    size_t first = k;
    while (k < d->n && k < first + 3 && !TK(k).nl && TK(k).sp && !(TK(k).shape & T_CAP) && !lower_kind(d, k) &&
           (((TK(k).shape & T_ALPHA) && TLEN(k) >= 3 &&
             !(TK(k).w & (W_STOP | W_KEEP | W_MONTH | W_RELATIVE | W_TITLE | W_CRED))) ||
            (k == first && (TK(k).shape & T_MIXED) && isdigit((unsigned char)d->t[TK(k).a]))))   /* "55th" */
        k++;
    if (k == first || k >= d->n || TK(k).nl || (TK(k).shape & T_CAP) || !lower_kind(d, k)) return 0;
    if (tok_eq(d, k, "st", 2) && TLEN(k - 1) < 4) return 0;
    /* "a 3 hour drive", "45 minute drive": a way's length, not a street;
     * "12 enlarged ln" (lymph nodes): before a kind that is also a word, an
     * English word is no street's name unless the lists hold it as a name
     * or a town ("2207 lamar ln") */
    static const char *const unit[] = {"hour", "hours", "hr", "minute", "minutes", "min", "mile", "miles",
                                       "block", "blocks", "day", "days", "km", "mi"};
    int word_kind = tok_eq(d, k, "ln", 2) || tok_eq(d, k, "drive", 5) || tok_eq(d, k, "dr", 2);
    for (size_t q = first; q < k; q++)
        if (tok_in(d, q, unit, sizeof unit / sizeof *unit) ||
            (word_kind && (TK(q).shape & T_ALPHA) && !(TK(q).w & (W_LAST | W_FIRST | W_CITY)) && deid_english_word(d, q)))
            return 0;
    size_t e = k + 1;
    /* its unit after it ("22 mill st apt 3") is read by unit_after */
    return e >= d->n || TK(e).nl || (TK(e).shape & T_PUNCT) || (TK(e).w & W_STOP) || tok_eq(d, e, "now", 3) ||
                   (tok_in(d, e, units, N_UNITS) && unit_after(d, e) > e)
               ? e
               : 0;
}

/* Words that end the name of a place to live without a street. */
static int home_kind(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"mhp", "campground", "apartments", "apts", "subd", "subdivision", "homes",
                                    "estates", "village", "courts"};
    if (tok_in(d, k, w, sizeof w / sizeof *w)) return 1;
    return tok_eq(d, k, "park", 4) && k > 0 &&
           (tok_eq(d, k - 1, "rv", 2) || tok_eq(d, k - 1, "home", 4) || tok_eq(d, k - 1, "trailer", 7));
}

/* Capitalized words ending in a home's kind from i: "Whispering Pines
 * MHP", "Pine Hollow RV Park"; the token after, or 0. */
static size_t home_name(const deid_doc *d, size_t i)
{
    for (size_t k = i; k < d->n && k < i + 6 && cap(d, k) && (k == i || !TK(k).nl); k++)
        if (k > i && home_kind(d, k)) return k + 1 + (is_p(d, k + 1, '.') && glued(d, k + 1));
    return 0;
}

/* "Lot 27, Whispering Pines MHP", "Crazy Horse Campground, Site 44",
 * "Mill Creek Apartments, Bldg C, #311". */
static size_t home_place(const deid_doc *d, size_t i)
{
    static const char *const u[] = {"lot", "site", "space", "spc", "trlr", "trailer", "bldg", "apt", "unit", "blk", "block"};
    size_t e;
    if (tok_in(d, i, u, sizeof u / sizeof *u) && cap(d, i)) {
        size_t k = i + 1;
        while (tok_in(d, k + 1, u, sizeof u / sizeof *u) && house_no(d, k) && k < i + 6) k += 2;   /* "Blk 12 Lot 4" */
        if (!house_no(d, k)) return 0;
        k++;
        if (is_p(d, k, ',') && tok_eq(d, k + 1, "phase", 5) && house_no(d, k + 2)) k += 3;        /* ", Phase 2" */
        if (is_p(d, k, ',') && (e = home_name(d, k + 1))) return e;
        return (tok_eq(d, i, "blk", 3) || tok_eq(d, i, "block", 5)) && k > i + 3 ? k : 0;     /* "Blk 7 Lot 22" */
    }
    if ((e = home_name(d, i))) {
        size_t k = e;
        while ((is_p(d, k, ',') && (tok_in(d, k + 1, u, sizeof u / sizeof *u) || is_p(d, k + 1, '#'))) ||
               (k == e && is_p(d, k, '#') && !TK(k).nl)) {               /* "Sunrise Apartments #14" */
            size_t n = is_p(d, k, '#') ? k + 1 : k + 2;
            while (is_p(d, n, '#') || is_p(d, n, '.')) n++;
            if (!(house_no(d, n) || (n < d->n && (TK(n).shape & T_UPPER) && TLEN(n) == 1))) break;
            k = n + 1;
        }
        if (k > e) return k;
    }
    return 0;
}

/* A milepost at k: "MP 42", "M.P. 118", "milepost 7", "mile post 12",
 * "mile marker 14" ("mm 206" only where the caller allows it, "42 mm" being
 * a size). Its number may have a decimal ("MP 42.5"). The token after, or 0. */
static size_t milepost(const deid_doc *d, size_t k, int mm)
{
    size_t n;
    if (k >= d->n || TK(k).nl) return 0;
    if (tok_eq(d, k, "mp", 2) && (TK(k).shape & T_UPPER)) n = k + 1;
    else if (tok_eq(d, k, "m", 1) && is_p(d, k + 1, '.') && tok_eq(d, k + 2, "p", 1) && is_p(d, k + 3, '.')) n = k + 4;
    else if (tok_eq(d, k, "milepost", 8) || tok_eq(d, k, "mm", 2)) n = k + 1;
    else if (tok_eq(d, k, "mile", 4) && (tok_eq(d, k + 1, "post", 4) || tok_eq(d, k + 1, "marker", 6))) n = k + 2;
    else return 0;
    if (tok_eq(d, k, "mm", 2) && !mm) return 0;
    if (n >= d->n || TK(n).nl || !digits(d, n, 1, 4)) return 0;
    if (is_p(d, n + 1, '.') && glued(d, n + 1) && digits(d, n + 2, 1, 2) && glued(d, n + 2)) n += 2;
    return n + 1;
}

/* A second street from e, after any direction words; e when none. */
static size_t cross_street_after(const deid_doc *d, size_t e)
{
    size_t k = e, m;
    if (k >= d->n || TK(k).nl) return e;
    if (tok_eq(d, k, "exit", 4) && house_no(d, k + 1)) return k + 2;
    if ((m = milepost(d, k, 0))) return m;                         /* "HWY 18 mile marker 211", "I-84 MP 198" */
    if (!(tok_eq(d, k, "and", 3) || is_p(d, k, '&') || tok_eq(d, k, "at", 2) || tok_eq(d, k, "near", 4) ||
          is_p(d, k, '/')))
        return e;
    k++;
    if (k >= d->n || TK(k).nl) return e;
    size_t r;
    if ((r = milepost(d, k, 1))) return r;                          /* "at mile marker 14", "near MP 42" */
    if ((tok_eq(d, k, "exit", 4) && house_no(d, k + 1)) || (tok_eq(d, k, "mile", 4) && house_no(d, k + 1)))
        return k + 2;                                               /* "at exit 760", "at mile 12" */
    if ((r = deid_road_number(d, k))) return r;
    if ((r = ordinal_street(d, k))) return r;
    if (tok_eq(d, k, "old", 3) && cap(d, k) && digits(d, k + 1, 1, 3)) return k + 2;   /* "Old 27" */
    /* capitalized words (or ordinals) ending in a street's kind: "County Line Rd" */
    size_t q = k;
    while (q < d->n && q < k + 4 && !TK(q).nl && (cap(d, q) || (TK(q).shape & T_MIXED)) && !(q > k && (TK(q).w & W_STREET)) &&
           !(TK(q).w & (W_TITLE | W_KEEP)))
        q++;
    if (q < d->n && !TK(q).nl && cap(d, q) && (TK(q).w & W_STREET) && (q > k || tok_eq(d, q, "county", 6)) &&
        !(tok_eq(d, q, "dr", 2) && is_p(d, q + 1, '.') && cap(d, q + 2) && !TK(q + 2).nl))
        return q + 1 + (is_p(d, q + 1, '.') && glued(d, q + 1) && TLEN(q) <= 4);
    return e;
}

/* A second street after an address: "and County Line Rd", "& 150th St",
 * "at mile marker 14", "exit 310", "SB AT MM 206"; the new end. */
static size_t cross_street(const deid_doc *d, size_t e)
{
    static const char *const bound[] = {"nb", "sb", "eb", "wb", "northbound", "southbound", "eastbound", "westbound"};
    /* "eastbound near mile marker 212", not "westbound."; at most two
     * direction words, so a line of them is no deep recursion */
    size_t k = e;
    while (k < e + 2 && tok_in(d, k, bound, sizeof bound / sizeof *bound) && !TK(k).nl) k++;
    if (k > e) {
        size_t r = cross_street_after(d, k);
        return r > k ? r : e;
    }
    return cross_street_after(d, e);
}

/* A word that may name a street meeting another: not a function or
 * clinical word, and in lower case none that clinical text writes in lower
 * case ("the corner of mouth and chin"). */
static int corner_word(const deid_doc *d, size_t k)
{
    if (!(TK(k).shape & T_ALPHA) || TLEN(k) < 3 || (TK(k).w & (W_STOP | W_KEEP | W_MONTH | W_TITLE | W_CRED))) return 0;
    return (TK(k).shape & T_CAP) || !deid_lower_word(d, k);
}

/* "&" or "and" after token i: corner's first test, inline (deid_address_at
 * asks it of every word, and a call per word cost more). */
static inline int corner_next(const deid_doc *d, size_t i)
{
    return is_p(d, i + 1, '&') || tok_eq(d, i + 1, "and", 3);
}

/* Two names that meet: "corner of Colfax and Downing", "the Dundee and
 * Lillian corner", "at 6th and Jackson", "fifth and walnut". Asked only
 * after corner_next. */
static size_t corner(const deid_doc *d, size_t i)
{
    static const char *const ord[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                      "ninth", "tenth", "eleventh", "twelfth"};
    if (TK(i).nl || TK(i + 1).nl || i + 2 >= d->n || TK(i + 2).nl) return 0;
    int a_ord = ordinal_street(d, i) == 0 && (TK(i).shape & T_MIXED) && TLEN(i) <= 5 && isdigit((unsigned char)d->t[TK(i).a]) &&
                isalpha((unsigned char)d->t[TK(i).b - 1]);
    a_ord |= tok_in(d, i, ord, sizeof ord / sizeof *ord);
    size_t b = i + 2;
    int a_word = corner_word(d, i), b_word = corner_word(d, b);
    if (!(a_ord || a_word) || !b_word) return 0;
    size_t e = b + 1;
    if (lower_kind(d, e) && !TK(e).nl) e++;                          /* "naperville road" */
    int before = i >= 2 && (tok_eq(d, i - 1, "of", 2) && (tok_eq(d, i - 2, "corner", 6) || tok_eq(d, i - 2, "intersection", 12)));
    int after = tok_eq(d, e, "corner", 6) || tok_eq(d, e, "intersection", 12);
    int at = i > 0 && (tok_eq(d, i - 1, "at", 2) || tok_eq(d, i - 1, "near", 4) || tok_eq(d, i - 1, "on", 2));
    /* "at first and then" is no street: a spelled ordinal needs a name after it */
    static const char *const adv[] = {"last", "foremost", "final", "then", "again", "only", "most", "best", "worst",
                                      "always", "never", "now", "still"};
    if (tok_in(d, i, ord, sizeof ord / sizeof *ord) &&
        ((TK(b).w & W_COMMON) || tok_in(d, b, ord, sizeof ord / sizeof *ord) || tok_in(d, b, adv, sizeof adv / sizeof *adv)))
        return 0;
    if (before || after || (at && (a_ord || e > b + 1))) return e;
    return 0;
}

/* "No. 14, ", "Apt 3C, ", "Urb. X, " before the address that starts at
 * token s: the first token of the address. */

/* A floor written in one token: "5F", "12f". */
static int floor_token(const deid_doc *d, size_t k)
{
    if (!house_no(d, k) || !(TK(k).shape & T_MIXED) || TLEN(k) > 3) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    for (size_t q = 0; q + 1 < n; q++)
        if (!isdigit((unsigned char)p[q])) return 0;
    return p[n - 1] == 'F' || p[n - 1] == 'f';
}

/* A part of a house after the address's comma, its field ending there:
 * "5F,", "3rd fl rear,", "basement." The token after it, or k. */
static size_t house_part(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"basement", "bsmt", "rear", "front", "upstairs", "downstairs", "attic"};
    size_t e = k;
    if (floor_token(d, e)) e++;
    else if (house_no(d, e) && (TK(e).shape & T_MIXED) && (tok_eq(d, e + 1, "fl", 2) || tok_eq(d, e + 1, "floor", 5)) &&
             !TK(e + 1).nl)
        e += 2;                                                    /* "3rd fl" */
    if (e < d->n && !TK(e).nl && tok_in(d, e, w, sizeof w / sizeof *w)) e++;
    return e > k && (e >= d->n || TK(e).nl || is_p(d, e, ',') || is_p(d, e, '.') || is_p(d, e, ';')) ? e : k;
}

static size_t unit_before(const deid_doc *d, size_t s)
{
    const char *const *u = units;
    if (s >= 2 && s < d->n && !TK(s).nl && !TK(s - 1).nl && is_p(d, s - 1, '.') && glued(d, s - 1) &&
        tok_eq(d, s - 2, "no", 2) && cap(d, s - 2))
        return s - 2;                                              /* "No. 14 Adeola Odeku Street" */
    if (s >= 1 && s + 1 < d->n && !TK(s).nl && digits(d, s, 1, 4) && is_p(d, s + 1, '/') && glued(d, s + 1) &&
        cap(d, s - 1) && tok_in(d, s - 1, u, N_UNITS))
        return s - 1;                                              /* "Unit 5/22 Foote St": the unit's number is there */
    if (s < 3 || !is_p(d, s - 1, ',') || TK(s - 1).nl) return s;
    size_t k = s - 2;
    if (!house_no(d, k) && !((TK(k).shape & T_UPPER) && TLEN(k) <= 3)) return s;
    size_t u0 = k - 1;
    while (u0 > 0 && (is_p(d, u0, '.') || is_p(d, u0, '#') || is_p(d, u0, ':'))) u0--;
    /* in lower case only a dwelling's own unit: "lives in apt 4, 16 Willow
     * Terrace" (not "no 4, ...") */
    static const char *const dwelling[] = {"apt", "apartment", "unit", "suite", "ste", "flat"};
    if (tok_in(d, u0, u, N_UNITS) && (cap(d, u0) || tok_in(d, u0, dwelling, sizeof dwelling / sizeof *dwelling)) &&
        !TK(k).nl)
        return u0;
    return s;
}

/* A unit after an address on its line, in any case: "Weld County Rd 32,
 * unit 6", "County Rd 98, #14", "County Road 412, Lot 9", "County Rd 27,
 * mailbox 3381"; the token after it, or e. */
static size_t unit_after(const deid_doc *d, size_t e)
{
    size_t k = e + is_p(d, e, ',');
    if (k >= d->n || TK(k).nl) return e;
    if (tok_in(d, k, units, N_UNITS) || tok_eq(d, k, "mailbox", 7)) {
        k++;
        while (k < d->n && !TK(k).nl && (is_p(d, k, '.') || is_p(d, k, '#'))) k++;
    } else if (is_p(d, k, '#')) {
        k++;
    } else {
        size_t p = house_part(d, k);                              /* ", basement.", "3rd fl rear," */
        return p > k ? p : e;
    }
    /* digits, or one letter after the unit's word: "flat b", "Apt B" */
    int letter = k > 0 && tok_in(d, k - 1, units, N_UNITS) && (TK(k).shape & T_ALPHA) && TLEN(k) == 1;
    if (k >= d->n || TK(k).nl || !((TK(k).shape & T_DIGIT) || letter) || TLEN(k) > 6) return e;
    k++;                                                         /* then the field ends: not "unit 6 mg" */
    if (k >= d->n || TK(k).nl) return k;
    if (TK(k).w & W_STOP) return k;                              /* "apt 3 in dover" */
    /* or the town opens: "Apt 4 Atlanta." (the line's tail reads it) */
    int town = cap(d, k) && !(TK(k).shape & T_UPPER) && !(TK(k).w & (W_KEEP | W_STOP | W_TITLE | W_MONTH | W_CRED));
    return is_p(d, k, ',') || is_p(d, k, '.') || is_p(d, k, ';') || is_p(d, k, ')') || town ? k : e;
}

static int town_opener(const deid_doc *d, size_t k);

/* Kinds that end a street named without a number in named_street: not
 * "Point", "Way", "Run", "Loop", "Circle", "Place" (words of clinical
 * text in title case), nor "Pt", "CT". */
static int plain_kind(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"ave", "avenue", "blvd", "boulevard", "ct", "court", "dr", "drive", "hwy",
                                    "highway", "lane", "ln", "parkway", "pike", "pkwy", "rd", "road", "st", "street",
                                    "terrace", "trail", "trl", "turnpike"};
    return k < d->n && !TK(k).nl && cap(d, k) && !(TK(k).shape & T_UPPER) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A street named without a number whose words the street rule refuses: a
 * town's opener or a clinical word first ("on Old Stage Rd", "on Upper
 * Troublesome Creek Rd"), or after "across" ("across Hawkins Dr"); after
 * on/at/off/near/along/past/via/onto/across, or as a field after a comma
 * that ends at the next comma. Returns the token after, or 0. */
static size_t named_street(const deid_doc *d, size_t i)
{
    static const char *const before[] = {"on", "at", "off", "near", "along", "past", "via", "onto", "across"};
    if (i == 0 || TK(i).nl || (TK(i).shape & T_UPPER)) return 0;
    int comma = is_p(d, i - 1, ',');
    if (!comma && !tok_in(d, i - 1, before, sizeof before / sizeof *before)) return 0;
    if (!(town_opener(d, i) || (TK(i).w & W_KEEP) || tok_eq(d, i - 1, "across", 6))) return 0;
    size_t k = i + (town_opener(d, i) && cap(d, i + 1)), words = 0;
    while (k < d->n && words < 3 && !TK(k).nl && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) &&
           !(TK(k).w & (W_TITLE | W_MONTH | W_CRED | W_FAC | W_FAC2 | W_STOP | W_RELATIVE | W_STATE)) && !plain_kind(d, k))
        k++, words++;
    if (!words || !plain_kind(d, k)) return 0;
    size_t end = k + 1;
    if (tok_eq(d, k, "dr", 2) && is_p(d, end, '.') && end + 1 < d->n && cap(d, end + 1) && !TK(end + 1).nl) return 0;
    if (end < d->n && !TK(end).nl && cap(d, end)) return 0;         /* a longer name */
    if (deid_clinical_after(d, end)) return 0;
    if (is_p(d, end, '.') && glued(d, end) && TLEN(k) <= 4) end++;
    /* after a comma, a field of its own: "98, Upper Troublesome Creek Rd, Hindman" */
    if (comma && !(end >= d->n || TK(end).nl || is_p(d, end, ',') || is_p(d, end, ';'))) return 0;
    return end;
}

static size_t town_run(const deid_doc *d, size_t i);

/* A state or a ZIP code ends a town's field from k: "Jordan MT", "Winnett,
 * MT 59087", "Tipton, IA", "Hazard 41701". */
static int town_then_state(const deid_doc *d, size_t k)
{
    size_t e = town_run(d, k);
    if (e == k || e > k + 3) return 0;
    if (is_p(d, e, ',')) e++;
    return e < d->n && !TK(e).nl && (((TK(e).w & W_STATE) && cap(d, e)) || digits(d, e, 5, 5));
}

/* Rural addresses the street rule leaves: a star route ("Star Route 2 Box
 * 40", "Star Rt 3"), a route or a box without the other before a town and
 * its state ("RR 2, Belleville, IL", "HC 63, Ekalaka MT", "Box 118, Jordan
 * MT"), a road and its milepost ("I-84 MP 198", "US 93 near MP 42", "Hwy 2
 * at mile marker 118"). "RR 16" alone is a respiratory rate, "Box 4" a
 * form's box: a route or a box needs the town and state after it. The
 * token after, or 0. */
static size_t rural_route(const deid_doc *d, size_t i)
{
    size_t k = 0, m = 0;
    if (tok_eq(d, i, "star", 4) && (tok_eq(d, i + 1, "route", 5) || tok_eq(d, i + 1, "rt", 2)) && !TK(i + 1).nl) {
        k = i + 2 + (is_p(d, i + 2, '.') && glued(d, i + 2));
        if (!digits(d, k, 1, 4) || TK(k).nl) return 0;
        k++;
    } else if ((TK(i).shape & T_UPPER) && (tok_eq(d, i, "rr", 2) || tok_eq(d, i, "hc", 2) || tok_eq(d, i, "hcr", 3)) &&
               digits(d, i + 1, 1, 3) && !TK(i + 1).nl && is_p(d, i + 2, ',') &&
               (town_then_state(d, i + 3) || (i > 0 && (tok_eq(d, i - 1, "at", 2) || tok_eq(d, i - 1, "lives", 5)) &&
                                              town_run(d, i + 3) > i + 3))) {
        return i + 2;
    } else if (tok_eq(d, i, "box", 3) && digits(d, i + 1, 1, 6) && !TK(i + 1).nl && is_p(d, i + 2, ',') &&
               town_then_state(d, i + 3)) {
        return i + 2;
    } else if (i > 0 && (tok_eq(d, i - 1, "near", 4) || tok_eq(d, i - 1, "at", 2) || tok_eq(d, i - 1, "past", 4)) &&
               (m = milepost(d, i, 0)) && (!tok_eq(d, i, "mp", 2) || ((tok_eq(d, m, "on", 2) || tok_eq(d, m, "of", 2)) &&
                                                                       deid_road_number(d, m + 1)))) {
                                      /* "crash at mile marker 22", "near MP 42 on Hwy 2" (not "MP 2" a joint) */
    } else {
        /* a road's number, then its milepost: "I-84 MP 198", "US 93 near MP 42" */
        size_t r = deid_road_number(d, i);
        if (!r && (tok_eq(d, i, "us", 2) || tok_eq(d, i, "i", 1) || tok_eq(d, i, "sr", 2)) && (TK(i).shape & T_UPPER) &&
            digits(d, i + 1, 1, 3) && !TK(i + 1).nl)
            r = i + 2;                                                 /* "US 93": the milepost says it is a road */
        if (!r || r >= d->n || TK(r).nl) return 0;
        size_t q = r + (is_p(d, r, ',') || tok_eq(d, r, "near", 4) || tok_eq(d, r, "at", 2) || is_p(d, r, '@'));
        return (m = milepost(d, q, 1)) ? m : 0;
    }
    if (m) {                                                           /* "mile marker 22 on Hwy 2" */
        size_t r = (tok_eq(d, m, "on", 2) || tok_eq(d, m, "of", 2)) && !TK(m).nl ? deid_road_number(d, m + 1) : 0;
        return r ? r : m;
    }
    /* a star route's box: "Star Route 2 Box 40", "Star Rt 3, Box 77A" */
    size_t b = k + is_p(d, k, ',');
    if (tok_eq(d, b, "box", 3) && house_no(d, b + 1) && !TK(b).nl) k = b + 2;
    return k;
}

size_t deid_address_at(deid_doc *d, size_t i)
{
    size_t e = 0;
    unsigned char c = (unsigned char)d->t[TK(i).a];
    if (isdigit(c)) {
        /* "5415 boul. de l'Assomption": the kind in lower case after the number */
        static const char *const kinds[] = {"boul", "boulevard", "rue", "calle", "avenida", "rua", "chemin", "av"};
        /* then Quebec's comma ("2705, boul. Laurier") or French "bis", "ter"
         * ("14 bis rue des Lilas") */
        size_t j = i + 1;
        if (j < d->n && !TK(j).nl && (is_p(d, j, ',') || tok_eq(d, j, "bis", 3) || tok_eq(d, j, "ter", 3))) j++;
        if (digits(d, i, 1, 6) && j < d->n && !TK(j).nl && tok_in(d, j, kinds, sizeof kinds / sizeof *kinds) &&
            !(i > 0 && is_p(d, i - 1, ':') && glued(d, i)) &&
            (e = j + 1 + (is_p(d, j + 1, '.') && glued(d, j + 1)))) {
            size_t words, k = name_words(d, e, 4, &words);
            e = words ? units_after(d, k) : 0;
        }
        if (!e) e = ordinal_street(d, i);
        if (!e) e = lower_numbered(d, i);
        if (!e && !(corner_next(d, i) && (e = corner(d, i)))) return 0;
    } else if (TK(i).shape & T_CAP) {
        if (tok_eq(d, i, "general", 7) && tok_eq(d, i + 1, "delivery", 8) && cap(d, i + 1)) e = i + 2;
        else if (!(e = rural_route(d, i)) && !(e = kind_name_number(d, i)) && !(TLEN(i) >= 6 && (e = compound_street(d, i))) &&
                 !((is_p(d, i + 1, '-') || is_p(d, i + 1, '.')) && (e = hyphen_street(d, i))) &&
                 !(cap(d, i + 1) && (e = kind_after_name(d, i))) && !(e = home_place(d, i)) &&
                 !(e = name_number_postal(d, i)) &&
                 !(corner_next(d, i) && (e = corner(d, i))) && !(e = named_street(d, i)))
            return 0;
    } else {
        /* the first tests of lower_street (a word after another) and corner, inline */
        if (!(i > 0 && (TK(i).shape & T_ALPHA) && (e = lower_street(d, i))) && !(corner_next(d, i) && (e = corner(d, i))) &&
            !(TLEN(i) == 2 && is_p(d, i + 1, '.') && (e = polish_street(d, i))) &&
            !((tok_eq(d, i, "mile", 4) || tok_eq(d, i, "milepost", 8)) && (e = rural_route(d, i))))
            return 0;
    }
    deid_add_toks(d, i, e, WARD_PHI_ADDRESS, PRIO_ADDRESS);
    return e;
}

/* A field of a town: capitalized words with particles, hyphens and
 * apostrophes between them ("Stockton-on-Tees", "Coeur d'Alene", "Brgy.
 * Kumintang Ibaba"); the token after, or i. */
static size_t town_run(const deid_doc *d, size_t i)
{
    size_t k = i, words = 0;
    while (k < d->n && words < 5 && (k == i || !TK(k).nl)) {
        if (cap(d, k) && (TK(k).shape & T_ALPHA) && !((TK(k).shape & T_UPPER) && TLEN(k) <= 3) &&   /* "MG", "AB" */
            !(TK(k).w & (W_KEEP | W_STOP | W_MONTH | W_TITLE | W_CRED | W_FAC | W_FAC2 | W_STATE | W_RELATIVE | W_CUE))) {
            k++, words++;
            if (is_p(d, k, '.') && glued(d, k) && TLEN(k - 1) <= 4 && cap(d, k + 1) && !TK(k + 1).nl) k++;   /* "Brgy." */
        } else if (words && tok_eq(d, k, "city", 4) && cap(d, k)) {   /* "Lipa City" */
            k++, words++;
        } else if (words && (particle(d, k) || ((is_p(d, k, '-') || is_p(d, k, '\'')) && glued(d, k) && glued(d, k + 1))) &&
                   k + 1 < d->n && !TK(k + 1).nl) {
            k++;
        } else {
            break;
        }
    }
    while (k > i && !cap(d, k - 1)) k--;
    return words ? k : i;
}

/* A field ends here: punctuation, the line's end, a column gap. */
static int field_end(const deid_doc *d, size_t k)
{
    return deid_field_end(d, k, ",.)(;|-^") || long_dash(d, k);
}

/* A postal code of 4 to 6 digits, Brazil's "30140-061", Poland's "30-688"; its end or 0. */
static size_t postal(const deid_doc *d, size_t k)
{
    size_t e = deid_postal_digits(d, k, 0);
    if (!e && digits(d, k, 2, 2)) e = deid_postal_digits(d, k, 1);   /* Poland's "30-688" */
    return e && (field_end(d, e) || (e < d->n && cap(d, e))) ? e : 0;
}

/* Capitalized words from k on its line ending in a street's kind. */
static int another_street(const deid_doc *d, size_t k)
{
    for (size_t q = k; q < d->n && q < k + 4 && cap(d, q) && !TK(q).nl; q++)
        if (q > k && (TK(q).w & W_STREET)) return 1;
    return 0;
}

static size_t headed_town(const deid_doc *d, size_t i, int upper);

/* A town's field from k: named by its kind ("Twin Falls", whose words the
 * lists know as everyday ones) or capitalized words; the token after. */
static size_t town_field(const deid_doc *d, size_t k)
{
    size_t e = headed_town(d, k, 0);
    return e > k ? e : town_run(d, k);
}

static size_t state_after(const deid_doc *d, size_t k);

/* Token k is a middle dot between a letterhead's fields
 * ("1104 Ninth Street South · Great Falls"). */
static int middle_dot(const deid_doc *d, size_t k)
{
    return k < d->n && TLEN(k) == 2 && (!memcmp(d->t + TK(k).a, "\xc2\xb7", 2));
}

/* The rest of an address's line from token k: towns, districts, postal
 * codes; states and countries skipped. */
static void line_tail(deid_doc *d, size_t k)
{
    if (tok_eq(d, k, "area", 4)) k++;                              /* "Burnside Rd area, Gresham" */
    for (int f = 0; f < 6 && k < d->n && !TK(k).nl; f++) {
        if (is_p(d, k, ',') || is_p(d, k, '-') || long_dash(d, k) || is_p(d, k, '|') || middle_dot(d, k)) k++;
        if (k >= d->n || TK(k).nl) return;
        size_t e;
        if (is_p(d, k, '(') && k + 2 < d->n && (TK(k + 1).shape & T_UPPER) && is_p(d, k + 2, ')')) {
            k += 3;                                                /* "(QC)" */
        } else if ((TK(k).w & W_STATE) && cap(d, k)) {
            k++;
            while (is_p(d, k, '.') && glued(d, k)) k++;
        } else if (house_no(d, k) && another_street(d, k + 1)) {
            return;                                                /* the street rule's */
        } else if ((e = postal(d, k))) {
            deid_add_toks(d, k, e, WARD_PHI_ZIP, PRIO_DATE);
            k = e;
        } else if ((TK(k).w & W_CITY) && !(TK(k).shape & T_CAP) && !(TK(k).w & W_KEEP) && field_end(d, k + 1)) {
            deid_add_toks(d, k, k + 1, WARD_PHI_CITY, PRIO_PLACE);   /* a chat's "2207 lamar ave, memphis" */
            k++;
        } else if ((e = town_field(d, k)) > k &&
                   ((field_end(d, e) && !(is_p(d, e, '.') && e + 1 < d->n && !TK(e + 1).nl && cap(d, e + 1) && f > 0 &&
                                          !digits(d, e + 1, 4, 6))) ||
                    postal(d, e) || deid_eircode(d, e) ||          /* "Chennai 600020", "Cork T12 AK71" */
                    (state_after(d, e) && f == 0) ||               /* "Star Rt 3, Jordan MT." */
                    ((TK(e).w & W_STATE) && (TK(e).shape & T_UPPER) && TLEN(e) == 2 && !TK(e).nl &&
                     digits(d, e + 1, 5, 5)))) {                   /* "Twin Falls ID 83301" */
            deid_add_toks(d, k, e, WARD_PHI_CITY, PRIO_PLACE);
            k = e;
        } else if ((e = headed_town(d, k, 1)) > k && is_p(d, e, ',') &&
                   (state_after(d, e + 1) || ((TK(e + 1).w & W_STATE) && !TK(e + 1).nl && digits(d, e + 2, 5, 5)))) {
            deid_add_toks(d, k, e, WARD_PHI_CITY, PRIO_PLACE);   /* a letterhead's "GREAT FALLS, MONTANA 59405" */
            k = e;
        } else {
            return;
        }
        if (is_p(d, k, '.') && !(is_p(d, k + 1, ',') && glued(d, k))) return;   /* the sentence ends */
    }
}

/* ---- towns ---- */

/* A state after a town ("Joplin, MO", "Raceland, LA)"): a state's name, or
 * its two capitals that are not a word of the note ("OK", "IN", "OR") nor
 * a credential ("MD", "MA"); the token after it, or 0. */
static size_t state_after(const deid_doc *d, size_t k)
{
    static const char *const words[] = {"ok", "in", "me", "or", "hi", "oh", "id", "us"};
    if (k >= d->n || TK(k).nl || !(TK(k).w & W_STATE) || !cap(d, k)) return 0;
    if (TLEN(k) == 2 && (!(TK(k).shape & T_UPPER) || (TK(k).w & W_CRED) || tok_in(d, k, words, sizeof words / sizeof *words)))
        return 0;
    size_t e = k + 1;
    if (digits(d, e, 5, 5)) return e;                              /* the ZIP rule takes it */
    return field_end(d, e) && !is_p(d, e, '-') && !(is_p(d, e, '.') && digits(d, e + 1, 1, 3)) ? e : 0;
}

/* A word no list knows, of a town's shape ("Akiachak", "Nsukka"): not an
 * English word's ending, not in capitals. */
static int unknown_town(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"ese", "ish", "ian", "ean", "oan", "ngan", "ic", "ul"};   /* languages, peoples */
    if (!(k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && TLEN(k) >= 4 &&
          (!TK(k).w || (TK(k).w & (W_CITY | W_CITYPFX)) == TK(k).w) && !deid_english_word(d, k)))
        return 0;
    const char *s = d->t + TK(k).a;
    for (size_t q = 1; q < TLEN(k); q++)
        if (s[q] >= 'A' && s[q] <= 'Z') return 0;                  /* "MyChart", "NSAIDs", "EtOH" */
    if (TK(k).w & W_CITY) return 1;
    if (deid_ending(d, k, ends, sizeof ends / sizeof *ends, 1)) return 0;
    static const char *const lang[] = {"welsh", "range", "swahili", "somali", "pashto", "dari", "farsi", "urdu", "hindi",
                                       "tagalog", "ilocano", "cebuano", "yupik", "inupiaq", "navajo", "lakota", "ojibwe",
                                       "hmong", "karen", "kreyol", "creole", "nepali", "bengali", "punjabi", "gujarati",
                                       "tamil", "telugu", "kannada", "malayalam", "marathi", "khmer", "thai", "mandarin",
                                       "hebrew", "french", "dutch", "greek", "tigrinya", "oromo", "wolof", "fula", "hausa",
                                       "yoruba", "igbo", "lingala", "zulu", "xhosa", "shona", "maori", "quechua", "mixteco",
                                       "zapoteco", "garifuna", "braille", "kinyarwanda", "kirundi", "amharic", "sign",
                                       "spanglish", "patois", "chamorro", "chuukese", "marshallese", "hangul", "latin"};
    return !tok_in(d, k, lang, sizeof lang / sizeof *lang);       /* "in Tigrinya", "in Hangul" */
}

/* A word of a town named without a cue: unknown to the lists, a listed
 * city, or a surname that is no given name ("Warwick"). */
static int town_word(const deid_doc *d, size_t k)
{
    return unknown_town(d, k) || (cap(d, k) && !(TK(k).shape & T_UPPER) && (TK(k).w & (W_CITY | W_CITYPFX))) ||
           ((TK(k).w & W_LAST) && !(TK(k).w & (W_FIRST | W_KEEP | W_COMMON | W_STREET)) && !(TK(k).shape & T_UPPER));
}

/* Words i..e are capitalized as names are: no capital after the first
 * letter ("PrEP", "MyChart"), not in capitals. */
static int plain_caps(const deid_doc *d, size_t i, size_t e)
{
    for (size_t k = i; k < e; k++) {
        if (!cap(d, k)) continue;
        if (TK(k).shape & T_UPPER) return 0;
        for (size_t q = TK(k).a + 1; q < TK(k).b; q++)
            if (d->t[q] >= 'A' && d->t[q] <= 'Z') return 0;
    }
    return 1;
}

/* Words before a place someone is in, comes from or goes to. */
static int town_prep(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"in", "from", "near", "outside", "between", "leaving", "around", "to", "of"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Verbs after which "in X" is a record or a system, not a place. */
static int record_verb(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"documented", "charted", "entered", "recorded", "logged", "noted", "written",
                                    "ordered", "listed", "scanned", "uploaded", "filed", "switched", "changed",
                                    "converted", "started", "increased", "decreased", "titrated", "transitioned",
                                    "sent", "faxed", "available", "message", "messaged", "see", "per", "result",
                                    "results", "rise", "drop", "fall", "change", "increase", "decrease"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A town at token i: "Town, ST"; a town no list knows after "in", "from",
 * "near"; "our Apex office"; "the Kempsville area". Returns the token
 * after it, or 0. */
size_t deid_town_at(deid_doc *d, size_t i)
{
    size_t e = town_run(d, i), s;
    if (e == i || (i > 0 && (TK(i - 1).w & W_TITLE))) return 0;
    /* "Joplin, MO", "The Dalles, OR" */
    if (is_p(d, e, ',') && (s = state_after(d, e + 1)) && !(TK(i).w & (W_FIRST | W_LAST) && e == i + 1 && !unknown_town(d, i) &&
                                                        !(i > 0 && town_prep(d, i - 1)))) {
        deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
        return e;
    }
    /* "our Apex office", "their Blue Ash office", "Fox Chase's Buckingham satellite" */
    static const char *const sites[] = {"office", "location", "site", "campus", "satellite", "branch", "clinic"};
    if (i > 0 && (tok_eq(d, i - 1, "our", 3) || tok_eq(d, i - 1, "your", 4) || tok_eq(d, i - 1, "their", 5) ||
                  (tok_eq(d, i - 1, "s", 1) && is_p(d, i - 2, '\''))) &&
        tok_in(d, e, sites, sizeof sites / sizeof *sites) && !TK(e).nl && plain_caps(d, i, e)) {
        deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
        return e;
    }
    /* "the Kempsville area", "in Leech Lake area" */
    if (i > 0 && (tok_eq(d, i - 1, "the", 3) || town_prep(d, i - 1)) && (tok_eq(d, e, "area", 4) || tok_eq(d, e, "neighborhood", 12)) &&
        !TK(e).nl && (town_word(d, i) || town_word(d, e - 1)) && plain_caps(d, i, e)) {
        deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
        return e;
    }
    /* "stayed in Nsukka", "from Akiachak", "near Bastrop": words no list knows */
    if (i > 0 && town_prep(d, i - 1) && !tok_eq(d, i - 1, "of", 2) && !tok_eq(d, i - 1, "to", 2) &&
        !(i > 1 && record_verb(d, i - 2)) && e <= i + 2) {
        int ok = 1;
        for (size_t q = i; q < e && ok; q++) ok = unknown_town(d, q) || (q > i && (TK(q).w & (W_LAST)) && !(TK(q).w & W_FIRST));
        /* then punctuation, the line's end or a function word: "in Yellofin stirrups" is a thing's name */
        int after = e >= d->n || TK(e).nl || ((TK(e).shape & T_PUNCT) && !(is_p(d, e, '(') && digits(d, e + 1, 1, 4))) ||
                    (TK(e).w & W_STOP) || town_prep(d, e) || tok_eq(d, e, "and", 3) || tok_eq(d, e, "or", 2) ||
                    tok_eq(d, e, "for", 3) || tok_eq(d, e, "since", 5) || tok_eq(d, e, "until", 5) || tok_eq(d, e, "till", 4) ||
                    tok_eq(d, e, "til", 3) || tok_eq(d, e, "last", 4) || tok_eq(d, e, "on", 2) || tok_eq(d, e, "with", 4);
        if (ok && after && !deid_clinical_after(d, e)) {
            deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
            return e;
        }
    }
    return 0;
}

/* ---- towns named by their kind of place ---- */

/* The last word of many towns' names, a kind of place: "Twin Falls",
 * "Silver Spring", "Fall River", "Jackson Heights", "Idaho County". */
int deid_place_head(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"falls", "spring", "springs", "river", "junction", "heights", "point", "city",
                                    "park", "beach", "harbor", "harbour", "bay", "county", "lake", "island", "grove",
                                    "station", "haven", "creek", "valley", "hills", "landing", "parish", "rapids",
                                    "mills"};
    return k < d->n && TLEN(k) >= 3 && TLEN(k) <= 8 && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* Function words that open towns' names ("Old Saybrook", "Great Falls"). */
static int town_opener(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"old", "great", "new", "little", "upper", "lower", "east", "west", "north", "south"};
    return tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A word before a place's kind in a town's name: capitalized as names are
 * (with upper, in capitals too); an everyday or clinical word too
 * ("Silver", "Fall", "Twin", "Mobile"), or a state's ("Iowa City", "Idaho
 * County"), never a title, a month, a label, a relation or a word of a
 * place of care. */
static int head_word(const deid_doc *d, size_t k, int upper)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && (upper || !(TK(k).shape & T_UPPER)) && TLEN(k) >= 2 &&
           !(TK(k).w & (W_TITLE | W_CRED | W_CUE | W_MONTH | W_FAC | W_FAC2 | W_RELATIVE)) &&
           (!(TK(k).w & W_STOP) || town_opener(d, k));
}

/* A county's or a parish's head after token k: "County", "Parish". */
static int county_head(const deid_doc *d, size_t k)
{
    return k < d->n && !TK(k).nl && cap(d, k) && !(TK(k).shape & T_UPPER) &&
           (tok_eq(d, k, "county", 6) || tok_eq(d, k, "parish", 6));
}

/* The word before a county's head may be a cue's word as well ("Mobile
 * County": "mobile" is a phone's cue), never a title, a month or a
 * relation. */
static int county_word(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && !(TK(k).shape & T_UPPER) && TLEN(k) >= 3 &&
           (TK(k).w & W_CUE) && !(TK(k).w & (W_TITLE | W_CRED | W_MONTH | W_FAC | W_FAC2 | W_RELATIVE | W_STOP));
}

/* A long word in an adjective's ending, as anatomy and care write them:
 * "Gastroesophageal", "Ureteropelvic", "Squamocolumnar", "Surgical"; the
 * first words of towns with these heads are shorter ("Mineral Point",
 * "Pacific Junction", "Central Point"). */
static int clinical_adjective(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"al", "ic", "ar"};
    return TLEN(k) >= 8 && deid_ending(d, k, ends, sizeof ends / sizeof *ends, 1);
}

/* A place in the hospital or in the body named like a town: a ward's
 * "Bay" or "Station" after a word of care ("Recovery Bay", "Sick Bay",
 * "Cardiac Station"), a "Junction" or "Point" after an anatomic word
 * ("Gastroesophageal Junction", "Trigger Point"). Listed words, not every
 * clinical one: "Silver Bay", "Fall River" are towns of clinical words. */
static int care_or_body(const deid_doc *d, size_t k, size_t h)
{
    static const char *const care[] = {"sick",      "recovery", "cardiac",   "cardiology", "medical",    "nurses",
                                       "nursing",   "triage",   "holding",   "procedure",  "infusion",   "dialysis",
                                       "treatment", "exam",     "trauma",    "isolation",  "observation", "delivery"};
    static const char *const body[] = {"trigger", "pressure", "tender", "motor", "acupuncture"};
    if (tok_eq(d, h, "bay", 3) || tok_eq(d, h, "station", 7))
        return tok_in(d, k, care, sizeof care / sizeof *care) || clinical_adjective(d, k);
    if (tok_eq(d, h, "junction", 8) || tok_eq(d, h, "point", 5))
        return tok_in(d, k, body, sizeof body / sizeof *body) || clinical_adjective(d, k);
    return 0;
}

/* A town named by its kind from token i: one or two words and a place's
 * kind, capitalized ("Twin Falls", "Grand Junction"; with upper, in
 * capitals: "GREAT FALLS"). Returns the token after it, or i. */
static size_t headed_town(const deid_doc *d, size_t i, int upper)
{
    if (county_word(d, i) && county_head(d, i + 1)) return i + 2;   /* "Mobile County" */
    for (size_t h = i + 1; h <= i + 2 && h < d->n; h++) {
        if (TK(h).nl || !head_word(d, h - 1, upper)) return i;
        if (deid_place_head(d, h) && cap(d, h) && (upper || !(TK(h).shape & T_UPPER))) {
            if (care_or_body(d, h - 1, h)) return i;
            return h + 1 + (county_head(d, h + 1) && !county_head(d, h));   /* "Twin Falls County" */
        }
    }
    return i;
}

/* A county in lower case after a place's preposition: "in mingo county",
 * "from denton county"; not "the same county", "a nearby county", "in
 * different county". */
static size_t lower_county(const deid_doc *d, size_t i)
{
    static const char *const not_name[] = {"same", "home", "rural", "local", "neighboring", "neighbouring", "adjacent",
                                           "next", "whole", "entire", "other", "nearby", "surrounding", "another",
                                           "different", "every", "each", "any", "which", "one", "own", "new",
                                           "former", "previous", "current", "small", "large", "poor"};
    if (i + 1 >= d->n || TK(i + 1).nl || !tok_eq(d, i + 1, "county", 6) || cap(d, i) || !(TK(i).shape & T_ALPHA) ||
        TLEN(i) < 3 || (TK(i).w & W_STOP) || tok_in(d, i, not_name, sizeof not_name / sizeof *not_name))
        return i;
    return i + 2;
}

/* After a town: the line ends, punctuation, or a word in lower case that
 * is not a clinical noun ("near Idaho Springs; acute care"); a capital
 * makes a longer name ("Fall River Hospital"), except after a county
 * ("Hamilton County Court": the county is named all the same). */
static int town_ends(const deid_doc *d, size_t e)
{
    if (e >= d->n || TK(e).nl) return 1;
    if (cap(d, e) && !tok_eq(d, e - 1, "county", 6) && !(TK(e).w & W_STATE)) return 0;
    return !deid_clinical_after(d, e);
}

/* Towns named by their kind where a town stands: after "in", "from",
 * "near", "via", "past" ("lives in Silver Spring", "from Twin Falls"), and
 * a county anywhere ("Washington County SAR"). The town rule before does
 * not take these: their words are everyday, clinical or a state's. */
/* A preposition of place before token i ("in", "via", "past", "("):
 * headed_towns asks it where a town may start, not of every token. */
static int town_prep_before(const deid_doc *d, size_t i)
{
    return i > 0 && (town_prep(d, i - 1) || tok_eq(d, i - 1, "via", 3) || tok_eq(d, i - 1, "past", 4) ||
                     is_p(d, i - 1, '('));
}

static void headed_towns(deid_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        size_t e = i;
        if (TK(i).shape & T_CAP) {
            if (i >= 2 && cap(d, i - 1) && !TK(i).nl && !(TK(i - 1).w & W_STOP)) continue;    /* inside a longer name */
            e = headed_town(d, i, 0);
            /* without a preposition: a county, or a town before its state ("Fall River, MA") */
            if (e > i && !town_prep_before(d, i) && !tok_eq(d, e - 1, "county", 6) && !tok_eq(d, e - 1, "parish", 6) &&
                !(is_p(d, e, ',') && state_after(d, e + 1)))
                e = i;
        } else if (tok_eq(d, i + 1, "county", 6) &&                         /* lower_county's first test */
                   (town_prep_before(d, i) || (i >= 2 && (tok_eq(d, i - 1, "and", 3) || tok_eq(d, i - 1, "or", 2)) &&
                                               tok_eq(d, i - 2, "county", 6)))) {   /* "mingo county and logan county" */
            e = lower_county(d, i);
        }
        if (e > i && town_ends(d, e)) {
            deid_add_toks(d, i, e, WARD_PHI_CITY, PRIO_PLACE);
            i = e - 1;
        }
    }
}

/* After a place of care: its town in parentheses or after a comma at the
 * field's end ("Kent Hospital (Warwick)", "Mary Breckinridge ARH, Hyden.");
 * after a town: the next towns of a list ("Inez, Warfield, Lovely and
 * Tomahawk", "Gulfport or Biloxi"). */
static void towns_after(deid_doc *d, size_t e, int list)
{
    for (int step = 0; step < 4 && e < d->n && !TK(e).nl; step++) {
        size_t k = e, t;
        int paren = is_p(d, k, '('), last = list && (tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2));
        if (paren || is_p(d, k, ',') || (list && (tok_eq(d, k, "and", 3) || tok_eq(d, k, "or", 2) || is_p(d, k, '&') ||
                                                  is_p(d, k, '/'))))
            k++;
        else
            return;
        if (k >= d->n || TK(k).nl) return;
        if ((t = headed_town(d, k, 0)) == k) {                         /* "St. Anne's, Fall River" */
            if ((t = town_run(d, k)) == k || t > k + 3) return;
            for (size_t q = k; q < t; q++)
                if (!town_word(d, q) && !particle(d, q) && !is_p(d, q, '-') && !is_p(d, q, '\'') && !is_p(d, q, '.')) return;
        }
        int ends = paren ? (is_p(d, t, ')') || (is_p(d, t, ',') && state_after(d, t + 1)))
                         : (t >= d->n || TK(t).nl || is_p(d, t, ')') || is_p(d, t, ';') ||
                            (is_p(d, t, '.') && (t + 1 >= d->n || TK(t + 1).nl || cap(d, t + 1))) ||
                            (is_p(d, t, ',') && state_after(d, t + 1)) ||
                            (list && (is_p(d, t, ',') || tok_eq(d, t, "and", 3) || tok_eq(d, t, "or", 2))) ||
                            (last && !cap(d, t)));                 /* "... and Nunapitchuk daily" */
        if (!ends) return;
        deid_add_toks(d, k, t, WARD_PHI_CITY, PRIO_PLACE);
        if (paren) return;
        e = t;
        list = 1;
    }
}

/* ---- tables ---- */

/* The separator of a table's line from token a: '|' or ',' (CSV), or 0;
 * *n gets their count (commas inside quotes not counted). */
static char line_sep(const deid_doc *d, size_t a, size_t *n)
{
    size_t bars = 0, commas = 0;
    int quoted = 0;
    for (size_t k = a; k < d->n && (k == a || !TK(k).nl); k++) {
        if (is_p(d, k, '"')) quoted = !quoted;
        else if (is_p(d, k, '|')) bars++;
        else if (is_p(d, k, ',') && !quoted) commas++;
    }
    *n = bars >= 2 ? bars : commas;
    return bars >= 2 ? '|' : commas >= 2 ? ',' : 0;
}

/* The tokens [*ca, *cb) of cell col of the line from token a. */
static int cell_at(const deid_doc *d, size_t a, char sep, size_t col, size_t *ca, size_t *cb)
{
    size_t c = 0, k = a;
    int quoted = 0;
    if (sep == '|' && is_p(d, a, '|')) k++;                         /* "| a | b |" */
    size_t start = k;
    for (; k < d->n && (k == a || !TK(k).nl); k++) {
        if (is_p(d, k, '"')) quoted = !quoted;
        if (is_p(d, k, sep) && !(sep == ',' && quoted)) {
            if (c == col) break;
            c++, start = k + 1;
        }
    }
    if (c != col) return 0;
    *ca = start, *cb = k;
    while (*ca < *cb && is_p(d, *ca, '"')) (*ca)++;
    while (*cb > *ca && is_p(d, *cb - 1, '"')) (*cb)--;
    return *cb > *ca;
}

static const char *const header_towns[] = {"city", "town", "hometown", "municipality", "residence", "village", "community"};

/* A header cell naming towns or postal codes: its type, or 0. */
static int header_type(const deid_doc *d, size_t ca, size_t cb)
{
    if (cb == ca + 1 && tok_in(d, ca, header_towns, sizeof header_towns / sizeof *header_towns)) return WARD_PHI_CITY;
    if (cb == ca + 1 && (tok_eq(d, ca, "zip", 3) || tok_eq(d, ca, "zipcode", 7) || tok_eq(d, ca, "postcode", 8)))
        return WARD_PHI_ZIP;
    if (cb == ca + 2 && (tok_eq(d, ca, "zip", 3) || tok_eq(d, ca, "postal", 6)) && tok_eq(d, ca + 1, "code", 4))
        return WARD_PHI_ZIP;
    return 0;
}

/* Tokens [a, next) hold a word a header cell of header_type starts with.
 * Most lines hold none, and then no cell of theirs is looked at: prose
 * has commas, and cell_at walks the line once per column. */
static int header_word_in(const deid_doc *d, size_t a, size_t next)
{
    for (size_t k = a; k < next; k++)
        if (tok_in(d, k, header_towns, sizeof header_towns / sizeof *header_towns) || tok_eq(d, k, "zip", 3) ||
            tok_eq(d, k, "zipcode", 7) || tok_eq(d, k, "postcode", 8) || tok_eq(d, k, "postal", 6))
            return 1;
    return 0;
}

/* The token after the last line of a table whose header line starts at a
 * and ends at next: the lines after it with as many separators. */
static size_t table_end(const deid_doc *d, size_t next, char sep, size_t n)
{
    size_t r = next;
    while (r < d->n) {
        size_t rn = r + 1, m;
        while (rn < d->n && !TK(rn).nl) rn++;
        if (line_sep(d, r, &m) != sep || m != n || TK(r).nl > 1) break;
        r = rn;
    }
    return r;
}

/* The cells of column col in the rows [r, end) under a header of type. */
static void column_cells(deid_doc *d, size_t r, size_t end, char sep, size_t col, int type)
{
    for (size_t rn; r < end; r = rn) {
        size_t ca, cb;
        rn = r + 1;
        while (rn < end && !TK(rn).nl) rn++;
        if (!cell_at(d, r, sep, col, &ca, &cb) || cb - ca > 6) continue;
        if (type == WARD_PHI_ZIP) {
            if (cb == ca + 1 && digits(d, ca, 5, 5)) deid_add_toks(d, ca, cb, WARD_PHI_ZIP, PRIO_DATE);
        } else if (town_run(d, ca) == cb || (cap(d, ca) && (TK(ca).shape & T_UPPER) && TLEN(ca) > 3 && cb <= ca + 3)) {
            deid_add_toks(d, ca, cb, WARD_PHI_CITY, PRIO_PLACE);
        }
    }
}

/* Tables and CSV exports: the cells under a header "City", "Town", "ZIP"
 * ("| Berne |", "...,ED,Middlesboro"), to the table's end. The rows under
 * a header are not headers again: each line is read a bounded number of
 * times, so a file of nothing but header lines stays linear. */
static void table_columns(deid_doc *d)
{
    for (size_t a = 0; a < d->n;) {
        size_t next = a + 1;
        while (next < d->n && !TK(next).nl) next++;
        size_t n = 0, ca, cb, end = 0;
        char sep = header_word_in(d, a, next) ? line_sep(d, a, &n) : 0;
        for (size_t col = 0; sep && col <= n && col < 24; col++) {
            if (!cell_at(d, a, sep, col, &ca, &cb)) continue;
            int type = header_type(d, ca, cb);
            if (!type) continue;
            if (!end) end = table_end(d, next, sep, n);
            column_cells(d, next, end, sep, col, type);
        }
        a = end > next ? end : next;
    }
}

void deid_address_end(deid_doc *d)
{
    table_columns(d);
    headed_towns(d);
    size_t nc = d->nc;
    for (size_t c = 0; c < nc; c++) {
        if (d->c[c].type == WARD_PHI_FACILITY || d->c[c].type == WARD_PHI_CITY) {
            size_t e = deid_tok_at(d, d->c[c].b, 0);
            if (e < d->n && TK(e).a >= d->c[c].b) towns_after(d, e, d->c[c].type == WARD_PHI_CITY);
        }
        if (d->c[c].type != WARD_PHI_ADDRESS) continue;
        size_t s = deid_tok_at(d, d->c[c].a, 0), e = deid_tok_at(d, d->c[c].b, 0);
        if (s >= d->n) continue;
        /* a second kind after the street's: "3310 Fairlawn Heights Dr" */
        if (e > s && e < d->n && (TK(e - 1).w & W_STREET) && TK(e).sp && plain_kind(d, e) &&
            !(tok_eq(d, e, "dr", 2) && is_p(d, e + 1, '.') && e + 2 < d->n && cap(d, e + 2) && !TK(e + 2).nl)) {
            e++;
            if (is_p(d, e, '.') && glued(d, e)) e++;
        }
        size_t s2 = unit_before(d, s), e2 = unit_after(d, e);
        for (int step = 0; step < 2; step++) e2 = cross_street(d, e2);
        if (s2 < s || e2 > deid_tok_at(d, d->c[c].b, 0)) deid_add_toks(d, s2, e2, WARD_PHI_ADDRESS, PRIO_ADDRESS);
        line_tail(d, e2);
    }
}
