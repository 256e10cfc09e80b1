/* deid_formats.c — identifiers recognised by a fixed format that can be
 * checked: IPv6 addresses, Medicare beneficiary identifiers (MBI), GS1
 * device identifiers (UDI), ISBT 128 blood unit numbers, Canadian and UK
 * postal codes, international phone numbers; and, after the name rules,
 * an age over 89 written right after a person's name ("Dove, Hollis, 96
 * —", "Combs, Edna | 91 |", "Noble, Press 91M").
 *
 * Ideas a reader needs:
 *  - No cue word is needed where the format itself is rare in clinical
 *    text and is validated: every IPv6 group has 1-4 hex digits and there
 *    are 8 of them or one "::" (times "12:30:45" have neither); an MBI has
 *    letters and digits at fixed places (letters without S L O I B Z); a
 *    UDI's GTIN ends with its GS1 check digit (or more
 *    application identifiers follow it); a postal code alternates
 *    letters and digits in its country's pattern.
 *  - Each function returns the token after what it found (0: nothing), so
 *    the pass skips the tokens it took (deid_shapes.c calls them first
 *    for tokens that can open such a format).
 */
#include "funnel/deid_int.h"

#include <ctype.h>
#include <string.h>

/* The first token at or after byte b, from token i on. */
static size_t tok_from(const deid_doc *d, size_t i, size_t b)
{
    while (i < d->n && TK(i).a < b) i++;
    return i;
}

static int hexd(char c) { return isxdigit((unsigned char)c) != 0; }

/* "2001:db8:4a:12::1c", "fe80::2e0:4cff:fe68:71b4", eight groups in full.
 * A group of three or four digits at least, so "1::2" is no address. */
static size_t ipv6(deid_doc *d, size_t i)
{
    const char *t = d->t;
    size_t a = TK(i).a, p = a, len = d->len;
    if (a > 0 && (isalnum((unsigned char)t[a - 1]) || t[a - 1] == ':' || t[a - 1] == '.')) return 0;
    int groups = 0, dbl = 0, wide = 0;
    for (;;) {
        size_t q = p;
        while (q < len && q - p < 5 && hexd(t[q])) q++;
        if (q - p > 4) return 0;
        if (q == p) break;
        groups++, wide |= q - p >= 3, p = q;
        if (p + 1 < len && t[p] == ':' && t[p + 1] == ':') {
            if (dbl) return 0;
            dbl = 1, p += 2;
            if (!(p < len && hexd(t[p]))) break;
        } else if (p + 1 < len && t[p] == ':' && hexd(t[p + 1])) {
            p++;
        } else {
            break;
        }
    }
    if (p < len && (isalnum((unsigned char)t[p]) || t[p] == '_')) return 0;
    if (!(dbl ? groups >= 2 && groups <= 7 && wide : groups == 8)) return 0;
    deid_add(d, a, p, WARD_PHI_IP, PRIO_NUMBER);
    return tok_from(d, i, p);
}

/* A Medicare beneficiary identifier: 11 characters, "1EG4-TE5-MK73" or
 * unbroken; digit 1-9, letter, letter or digit, digit, letter, letter or
 * digit, digit, letter, letter, digit, digit (letters without S L O I B Z). */
static size_t mbi(deid_doc *d, size_t i)
{
    static const char pat[] = "NAXNAXNAANN";    /* N digit, A letter, X either */
    const char *t = d->t;
    size_t a = TK(i).a, p = a, n = 0;
    if (a > 0 && (isalnum((unsigned char)t[a - 1]) || t[a - 1] == '-')) return 0;
    char sep = 0;
    size_t cut = 0;                                    /* n after the last separator */
    while (n < 11 && p < d->len) {
        char c = t[p];
        if ((n == 4 || n == 7) && cut != n && (c == '-' || c == ' ')) {
            if (n == 4) sep = c;
            else if (c != sep) return 0;
            p++, cut = n;
            continue;
        }
        if (n == 7 && sep && cut != 7) return 0;       /* "1EG4-TE5MK73": one dash only */
        int dig = c >= '0' && c <= '9', let = c >= 'A' && c <= 'Z' && !strchr("SLOIBZ", c);
        if ((pat[n] == 'N' && !dig) || (pat[n] == 'A' && !let) || (pat[n] == 'X' && !dig && !let)) return 0;
        if (n == 0 && c == '0') return 0;
        n++, p++;
    }
    if (n < 11 || (p < d->len && (isalnum((unsigned char)t[p]) || t[p] == '-'))) return 0;
    deid_add(d, a, p, WARD_PHI_HEALTHPLAN, PRIO_CUED);
    return tok_from(d, i, p);
}

/* A GS1 UDI at '(': "(01)" and a GTIN of 14 digits with its check digit,
 * then more application identifiers ("(17)290131(10)26K0418(21)A33019"). */
static size_t udi(deid_doc *d, size_t i)
{
    const char *t = d->t;
    size_t a = TK(i).a, len = d->len;
    if (a + 18 > len || memcmp(t + a, "(01)", 4)) return 0;
    int sum = 0;
    for (size_t q = 0; q < 14; q++) {
        char c = t[a + 4 + q];
        if (c < '0' || c > '9') return 0;
        if (q < 13) sum += (c - '0') * (q % 2 ? 1 : 3);
    }
    size_t p = a + 18;
    /* the check digit, or more identifiers after it (notes copy UDIs by hand) */
    if ((10 - sum % 10) % 10 != t[a + 17] - '0' && !(p < len && t[p] == '(')) return 0;
    while (p + 4 < len && t[p] == '(' && isdigit((unsigned char)t[p + 1]) && isdigit((unsigned char)t[p + 2]) &&
           t[p + 3] == ')' && isalnum((unsigned char)t[p + 4])) {
        p += 4;
        while (p < len && isalnum((unsigned char)t[p])) p++;
    }
    deid_add(d, a, p, WARD_PHI_DEVICE, PRIO_CUED);
    return tok_from(d, i, p);
}

/* An ISBT 128 blood unit number: the facility (a letter, four digits), the
 * year (two digits), the serial (six digits), maybe a flag or check
 * character: "W0413 26 004821", "W0361 26 447812 K" (not the blood group
 * of "O POS" after it). */
static size_t isbt(deid_doc *d, size_t i)
{
    const char *p = d->t + TK(i).a;
    if (TLEN(i) != 5 || p[0] < 'A' || p[0] > 'Z' || !(TK(i).shape & T_MIXED) || !digits(d, i + 2, 6, 6) ||
        !digits(d, i + 1, 2, 2) || TK(i + 1).nl || TK(i + 2).nl || glued(d, i + 1) || glued(d, i + 2))
        return 0;
    for (int q = 1; q < 5; q++)
        if (!isdigit((unsigned char)p[q])) return 0;
    size_t e = i + 3;
    if (e < d->n && TLEN(e) == 1 && !TK(e).nl && TK(e).sp && (isupper((unsigned char)d->t[TK(e).a]) || isdigit((unsigned char)d->t[TK(e).a])) &&
        !(e + 1 < d->n && !TK(e + 1).nl && (tok_eq(d, e + 1, "pos", 3) || tok_eq(d, e + 1, "neg", 3) ||
                                             tok_eq(d, e + 1, "positive", 8) || tok_eq(d, e + 1, "negative", 8) ||
                                             is_p(d, e + 1, '+'))))
        e++;
    deid_add_toks(d, i, e, WARD_PHI_ID, PRIO_CUED);
    return e;
}

/* Letters and digits of token k in the pattern ("ANA": letter, digit, letter). */
static int pattern(const deid_doc *d, size_t k, const char *pat)
{
    size_t n = strlen(pat);
    if (k >= d->n || TLEN(k) != n) return 0;
    const char *p = d->t + TK(k).a;
    for (size_t q = 0; q < n; q++)
        if (pat[q] == 'A' ? !(p[q] >= 'A' && p[q] <= 'Z') : !(p[q] >= '0' && p[q] <= '9')) return 0;
    return 1;
}

/* An Irish Eircode at i, j: a routing key (a letter of the Eircode's
 * alphabet and two digits, or Dublin's "D6W"), then four letters or
 * digits of that alphabet with a letter and a digit among them: "D02
 * X285", "T12 AK71", "A65 F4E2". Not after a lot's, a serial's or a
 * model's word ("Lot A12 C345"). */
int deid_eircode(const deid_doc *d, size_t i)
{
    size_t j = i + 1;
    if (j >= d->n || TK(j).nl || !TK(j).sp || (j + 1 < d->n && glued(d, j + 1) && !(TK(j + 1).shape & T_PUNCT))) return 0;
    static const char abc[] = "ACDEFHKNPRTVWXY";
    static const char *const not_after[] = {"lot", "batch", "serial", "sn", "model", "ref", "kit", "cat", "part"};
    const char *r = d->t + TK(i).a, *u = d->t + TK(j).a;
    if (!((pattern(d, i, "ANN") && strchr(abc, r[0])) || (TLEN(i) == 3 && !memcmp(r, "D6W", 3))) || TLEN(j) != 4) return 0;
    if (i > 0 && tok_in(d, i - 1, not_after, sizeof not_after / sizeof *not_after)) return 0;
    int letters = 0, nums = 0;
    for (int q = 0; q < 4; q++) {
        if (u[q] >= '0' && u[q] <= '9') nums++;
        else if (u[q] && strchr(abc, u[q])) letters++;
        else return 0;
    }
    return letters && nums;
}

/* Canadian ("K1A 0B1"), UK ("RG1 3AA", "SW1A 1AA") and Irish ("D02 X285")
 * postal codes. */
static size_t postcode(deid_doc *d, size_t i)
{
    size_t j = i + 1;
    if (j >= d->n || TK(j).nl || !TK(j).sp || (j + 1 < d->n && glued(d, j + 1) && !(TK(j + 1).shape & T_PUNCT))) return 0;
    if (pattern(d, i, "ANA") && pattern(d, j, "NAN") && !strchr("DFIOQUWZ", d->t[TK(i).a])) {
        deid_add_toks(d, i, j + 1, WARD_PHI_ZIP, PRIO_DATE);
        return j + 1;
    }
    static const char *const outward[] = {"AN", "ANN", "AAN", "AANN", "ANA", "AANA"};
    int out = 0;
    for (size_t q = 0; q < sizeof outward / sizeof *outward && !out; q++) out = pattern(d, i, outward[q]);
    if (out && pattern(d, j, "NAA") && !strchr("CIKMOV", d->t[TK(j).a + 1]) && !strchr("CIKMOV", d->t[TK(j).a + 2])) {
        deid_add_toks(d, i, j + 1, WARD_PHI_ZIP, PRIO_DATE);
        return j + 1;
    }
    /* not a thoracic level and an AO Spine class ("T12 A3N0"); "Dublin
     * D02 C4N7" is a postcode */
    const char *r = d->t + TK(i).a, *u = d->t + TK(j).a;
    int ao = r[0] == 'T' && r[1] == '1' && r[2] >= '0' && r[2] <= '2' && TLEN(j) == 4 && u[0] >= 'A' && u[0] <= 'C' &&
             isdigit((unsigned char)u[1]) && u[2] == 'N' && isdigit((unsigned char)u[3]);
    if (!ao && deid_eircode(d, i)) {
        deid_add_toks(d, i, j + 1, WARD_PHI_ZIP, PRIO_DATE);
        return j + 1;
    }
    return 0;
}

/* "+44 20 7946 0958", "+47 55 97 50 00", "+52 81 5555 0148": a country
 * code after '+', then groups of digits on one line, 7 to 12 in all; the
 * trunk's "(0)" that Europe writes after the country code is no group
 * ("+49 (0)40 555 01 72", "+44 (0) 20 7946 0958"). */
static size_t intl_phone(deid_doc *d, size_t i, int fax)
{
    if (!digits(d, i + 1, 1, 3) || !glued(d, i + 1)) return 0;
    size_t k = i + 2, total = 0;
    int trunk = 0;
    for (;;) {
        size_t g = k;
        if (!trunk && !total && is_p(d, g, '(') && TK(g).sp && tok_eq(d, g + 1, "0", 1) && glued(d, g + 1) &&
            is_p(d, g + 2, ')') && glued(d, g + 2) && g + 3 < d->n && !TK(g + 3).nl) {
            trunk = 1, k = g + 3;                          /* "(0)40": the group may be glued to ')' */
            if (glued(d, k) && (TK(k).shape & T_DIGIT) && TLEN(k) <= 6) total += TLEN(k), k++;
            continue;
        }
        if (is_p(d, g, '-') && glued(d, g) && glued(d, g + 1)) g++;    /* "95555-0142", "+972-3-555-0198" */
        else if (g < d->n && !TK(g).sp) break;
        if (g >= d->n || TK(g).nl || !(TK(g).shape & T_DIGIT) || TLEN(g) > 6 || total + TLEN(g) > 12) break;
        total += TLEN(g), k = g + 1;
    }
    if (total < 7 || (k < d->n && glued(d, k) && (TK(k).shape & (T_DIGIT | T_MIXED)))) return 0;
    deid_add_toks(d, i, k, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, PRIO_CUED);
    return k;
}

/* A phone written nationally with its trunk prefix in parentheses: "(08)
 * 8955 5123" (Australia), "(020) 7946 0958" (UK), "(09) 555 0142" (New
 * Zealand), "(091) 524 222" (Ireland): '(' then '0' and one to four digits
 * (not "00"), ')', then two or three groups of two to four digits, the
 * first of three or more, 7 to 8 digits after the prefix (6 after a
 * phone's cue: "Tel (091) 524 222"). Doses, counts and scores are not
 * written "(0N)". */
static size_t trunk_phone(deid_doc *d, size_t i, int fax)
{
    size_t k = i + 1;
    if (!digits(d, k, 2, 5) || !glued(d, k) || d->t[TK(k).a] != '0' || d->t[TK(k).a + 1] == '0' ||
        !is_p(d, k + 1, ')') || !glued(d, k + 1))
        return 0;
    size_t g = k + 2, total = 0, groups = 0;
    while (g < d->n && !TK(g).nl && groups < 3) {
        size_t h = g;
        if (groups && is_p(d, h, '-') && glued(d, h) && glued(d, h + 1)) h++;
        else if (!TK(h).sp) break;
        if (h >= d->n || TK(h).nl || !digits(d, h, groups ? 2 : 3, 4)) break;
        total += TLEN(h), groups++, g = h + 1;
    }
    int cued = fax || deid_cue_before(d, i, CUE_PHONE, 4) != NULL;
    if (groups < 2 || total < (cued ? 6u : 7u) || total > 8 || (g < d->n && glued(d, g) && (TK(g).shape & (T_DIGIT | T_MIXED | T_ALPHA))))
        return 0;
    if (!fax) fax = deid_cue_before(d, i, CUE_FAX, 4) != NULL;
    deid_add_toks(d, i, g, fax ? WARD_PHI_FAX : WARD_PHI_PHONE, PRIO_CUED);
    return g;
}

/* An extension's number after a phone: the phone ends at the word
 * "ext"/"extension" (maybe after a comma), the number follows ("[415-555-0129,
 * ext 22]", "..., extension two two"). k is the extension word; whether
 * a phone (or fax) was found right before it. */
static int after_phone(const deid_doc *d, size_t k)
{
    if (k == 0 || k >= d->n || TK(k).nl || !deid_ext_word(d, k)) return 0;
    size_t p = k - 1;
    if (is_p(d, p, ',') && p > 0) p--;
    return deid_cand_ends(d, TK(p).b, 1u << WARD_PHI_PHONE | 1u << WARD_PHI_FAX);
}

/* The digits of an extension after a phone (after_phone): "ext 22",
 * "ext. 4". The token after, or 0. */
static size_t phone_extension(deid_doc *d, size_t i)
{
    if (!digits(d, i, 1, 5) || i < 2 || TK(i).nl || (i + 1 < d->n && glued(d, i + 1) && (TK(i + 1).shape & (T_DIGIT | T_MIXED | T_ALPHA))))
        return 0;
    size_t p = i - 1;
    if ((is_p(d, p, '.') || is_p(d, p, ':')) && p > 0) p--;
    if (!after_phone(d, p)) return 0;
    deid_add_toks(d, i, i + 1, WARD_PHI_PHONE, PRIO_CUED);
    return i + 1;
}

/* A word that asks to call a number: "call x4471", "cb x6630", "pls page
 * 4-2210", "call back 4-2210", "ext 7-3312". */
static int call_word(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"call", "cb", "page", "paged", "pager", "ext", "extension", "back", "reach",
                                    "dial", "phone", "tel"};
    if (is_p(d, k, '.') && k > 0 && glued(d, k)) k--;  /* "ext. 4-7719" */
    return k < d->n && !TK(k + 1 < d->n ? k + 1 : k).nl && tok_in(d, k, w, sizeof w / sizeof *w) &&
           !(tok_eq(d, k, "back", 4) && !(k > 0 && (tok_eq(d, k - 1, "call", 4) || tok_eq(d, k - 1, "calls", 5))));
}

/* An extension without its phone, a number of the hospital's own lines:
 * "call x4471", "(x6620)", "MFM eval, x2290" ending the line, "ext
 * 4-7719", "call back 4-2210". Not a count or a power ("x1000
 * magnification", "PRBC x2", "4-6 wk"): three digits or more after the
 * 'x', a word of calling before it or the line's end after it. Returns the
 * token after it, or 0. */
static size_t lone_extension(deid_doc *d, size_t i)
{
    size_t e;
    const char *p = d->t + TK(i).a;
    if ((TK(i).shape & T_MIXED) && (p[0] | 0x20) == 'x' && TLEN(i) >= 4 && TLEN(i) <= 6) {
        for (size_t q = 1; q < TLEN(i); q++)
            if (!isdigit((unsigned char)p[q])) return 0;
        e = i + 1;
    } else if (digits(d, i, 1, 2) && is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && digits(d, i + 2, 4, 4)) {
        e = i + 3;                                     /* "4-7719": a building's digit and the line */
        if (!(i > 0 && call_word(d, i - 1))) return 0;
    } else {
        return 0;
    }
    if (e < d->n && glued(d, e) && !(TK(e).shape & T_PUNCT)) return 0;
    int closes = e >= d->n || TK(e).nl || ((is_p(d, e, '.') || is_p(d, e, ')')) && (e + 1 >= d->n || TK(e + 1).nl || TK(e + 1).sp));
    int bracketed = i > 0 && is_p(d, i - 1, '(') && is_p(d, e, ')');
    int called = i > 0 && call_word(d, i - 1);
    /* a microscope's power, "(x400)", "Magnification, x1000", unless a word
     * of calling asks for it ("x4500" is a line) */
    static const char *const power[] = {"x100", "x200", "x400", "x600", "x1000"};
    if (tok_in(d, i, power, sizeof power / sizeof *power) && !called) return 0;
    if (!(called || (i > 0 && (bracketed || (closes && (is_p(d, i - 1, ',') || long_dash(d, i - 1))))))) return 0;
    deid_add_toks(d, i, e, WARD_PHI_PHONE, PRIO_CUED);
    return e;
}

/* A weekday of Spanish or French before a day's number: "el
 * lunes 3", "jueves 14 a las 9:00", "domingo 6." (the day is the date;
 * the weekday is no identifier). */
static int foreign_weekday(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"lunes", "martes", "miercoles", "mi\xc3\xa9" "rcoles", "jueves", "viernes", "sabado",
                                    "s\xc3\xa1" "bado", "domingo", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
                                    "samedi", "dimanche"};
    return k < d->n && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* The day's number after a foreign weekday, closing its phrase (not "lunes
 * 3 tabletas"). The token after, or 0. */
static size_t weekday_day(deid_doc *d, size_t i)
{
    static const char *const next[] = {"a", "al", "en", "de", "y", "por", "para", "con", "el", "la", "me", "se", "et",
                                       "au", "le"};
    if (i == 0 || !foreign_weekday(d, i - 1) || TK(i).nl || num(d, i) < 1 || num(d, i) > 31) return 0;
    size_t e = i + 1;
    int closes = e >= d->n || TK(e).nl ||
                 ((TK(e).shape & T_PUNCT) && !is_p(d, e, '/') && !is_p(d, e, '%') && !is_p(d, e, '-') &&
                  !(is_p(d, e, '.') && glued(d, e + 1) && digits(d, e + 1, 1, 9))) ||
                 tok_in(d, e, next, sizeof next / sizeof *next);
    if (!closes) return 0;
    deid_add_toks(d, i, e, WARD_PHI_DATE, PRIO_DATE);
    return e;
}

/* A masked SSN without its cue: "***-**-0150", "XXX-XX-4471". */
static size_t masked_ssn(deid_doc *d, size_t i)
{
    const char *t = d->t;
    size_t a = TK(i).a, p = a;
    char m = t[a];
    for (int g = 0; g < 2; g++) {
        for (int q = 0; q < 3 - g; q++, p++)
            if (p >= d->len || (t[p] != m && !(m != '*' && (t[p] | 0x20) == 'x'))) return 0;
        if (p >= d->len || t[p++] != '-') return 0;
    }
    for (int q = 0; q < 4; q++, p++)
        if (p >= d->len || !isdigit((unsigned char)t[p])) return 0;
    if (p < d->len && isalnum((unsigned char)t[p])) return 0;
    deid_add(d, a, p, WARD_PHI_SSN, PRIO_NUMBER);
    return tok_from(d, i, p);
}

/* A MAC address of a device: "00:1A:7D:DA:71:13" (six pairs of hex digits). */
static size_t mac(deid_doc *d, size_t i)
{
    const char *t = d->t;
    size_t a = TK(i).a, p = a;
    if (a > 0 && (isalnum((unsigned char)t[a - 1]) || t[a - 1] == ':')) return 0;
    for (int g = 0; g < 6; g++, p += 2) {
        if (p + 2 > d->len || !hexd(t[p]) || !hexd(t[p + 1]) || (g && t[p - 1] != t[a + 2])) return 0;
        if (g < 5 && (p + 2 >= d->len || (t[p + 2] != ':' && t[p + 2] != '-'))) return 0;
        if (g < 5) p++;
    }
    if (p < d->len && (isalnum((unsigned char)t[p]) || t[p] == ':')) return 0;
    deid_add(d, a, p, WARD_PHI_DEVICE, PRIO_NUMBER);
    return tok_from(d, i, p);
}

/* Digits said one by one in dictation: "five five two one nine eight
 * zero", "eight oh eight, five five five, oh one four eight". Seven or
 * more (four or more after a cue: "my social is ..."), typed by the cue or
 * by their count (7, 10 or 11 make a phone). Returns the token after, or 0. */
size_t deid_spoken_digits(deid_doc *d, size_t i)
{
    size_t k = i, n = 0, end = i;
    while (k < d->n && (k == i || !TK(k).nl)) {
        if (deid_digit_word(d, k, 0)) n++, end = ++k;
        else if ((is_p(d, k, ',') || is_p(d, k, '-')) && deid_digit_word(d, k + 1, 0)) k++;
        else break;
    }
    if (n && n <= 5 && after_phone(d, i - 1)) {          /* "..., extension two two" */
        deid_add_toks(d, i, end, WARD_PHI_PHONE, PRIO_CUED);
        return end;
    }
    const cue *c = n >= 4 ? deid_cue_before(d, i, CUE_ID, 4) : NULL;
    int phone = n >= 4 && deid_cue_before(d, i, CUE_PHONE, 4) != NULL;
    if (n < 4 || (n < 7 && !c && !phone)) return 0;
    int type = c ? c->type : phone || n == 7 || n == 10 || n == 11 ? WARD_PHI_PHONE : WARD_PHI_ID;
    deid_add_toks(d, i, end, type, PRIO_CUED);
    return end;
}

/* Months the word lists leave out, written after the day's number: German,
 * Dutch, Scandinavian ("5. März 2024", "12 mei 2025", "3 maj"; not
 * "december", English's too, "3. December" an item's number before it), French
 * "mai" and the Spanish and Portuguese months that are also names or a
 * clinic's ("3 de mayo de 2024", "12 de abril", "14 juillet" is listed):
 * a day's number before them makes them months. */
static int day_month(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"januar", "jänner", "februar", "märz", "maerz", "mai", "juni", "juli", "oktober",
                                    "dezember", "januari", "februari", "maart", "mei", "augustus", "maj", "augusti",
                                    "marts", "desember", "mayo", "abril", "julio", "avril", "agosto"};
    return k < d->n && !TK(k).nl && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, sizeof w / sizeof *w);
}

/* A year of four digits on the line at k (1900-2099). */
static int year4(const deid_doc *d, size_t k)
{
    return digits(d, k, 4, 4) && !TK(k).nl && deid_year(num(d, k));
}

/* A day's number, a month of day_month, maybe a year: "5. März 2024", "12
 * mai 2025", "3 de mayo de 2024". The token after, or 0. */
static size_t day_month_date(deid_doc *d, size_t i)
{
    if (!digits(d, i, 1, 2) || num(d, i) < 1 || num(d, i) > 31 || (i > 0 && glued(d, i) && !(TK(i - 1).shape & T_PUNCT)))
        return 0;
    static const char *const named[] = {"mai", "mayo", "abril", "julio", "avril", "agosto"};   /* also given names */
    size_t k = i + 1;
    int dot = is_p(d, k, '.') && glued(d, k), de = !dot && tok_eq(d, k, "de", 2) && !TK(k).nl;
    k += dot || de;                                                 /* "5. März", "3 de mayo" */
    if (!day_month(d, k) || !TK(k).sp) return 0;
    size_t e = k + 1;
    if (is_p(d, e, '.') && glued(d, e) && digits(d, e + 1, 4, 4)) e++;
    size_t y = e + (tok_eq(d, e, "de", 2) || is_p(d, e, ','));
    int year = year4(d, y);
    /* "2 Mai Yer visits", "12 Julio St": a name's month needs its mark;
     * Spanish writes no dot, so "1. Mayo scissors" is an item's number
     * before the eponym */
    if (cap(d, k) && tok_in(d, k, named, sizeof named / sizeof *named) && (!dot || tok_eq(d, k, "mayo", 4)) && !de && !year)
        return 0;
    if (dot && !year && (i == 0 || TK(i).nl)) return 0;           /* an item's number: "3. Juni-Treffen" */
    if (year) e = y + 1;
    deid_add_toks(d, i, e, WARD_PHI_DATE, PRIO_DATE);
    return e;
}

size_t deid_formats(deid_doc *d, size_t i, int fax)
{
    unsigned char c = (unsigned char)d->t[TK(i).a];
    size_t e;
    if (c == '(') return (e = udi(d, i)) ? e : trunk_phone(d, i, fax);
    if (c == '*' || ((c | 0x20) == 'x' && TLEN(i) == 3)) return masked_ssn(d, i);
    if (isxdigit(c) && i + 1 < d->n && glued(d, i + 1) && (is_p(d, i + 1, ':') || is_p(d, i + 1, '-')) && TLEN(i) == 2 &&
        (e = mac(d, i)))
        return e;
    if (c == '+') return intl_phone(d, i, fax);
    if (isxdigit(c) && i + 1 < d->n && glued(d, i + 1) && is_p(d, i + 1, ':') && (e = ipv6(d, i))) return e;
    if (c >= '1' && c <= '9' && (TK(i).shape & T_MIXED) && (e = mbi(d, i))) return e;
    if (c >= 'A' && c <= 'Z' && (TK(i).shape & T_MIXED) && ((e = isbt(d, i)) || (e = postcode(d, i)))) return e;
    if (c >= 'a' && c <= 'z' && deid_chat_opens(d, i) && (e = deid_chat_user(d, i))) return e;   /* "jpatel2: k." */
    if ((TK(i).shape & T_DIGIT) && (e = deid_world_postcode(d, i))) return e;      /* "Cape Town 7925" */
    if ((TK(i).shape & T_DIGIT) && TLEN(i) <= 2 && ((e = day_month_date(d, i)) || (e = weekday_day(d, i)))) return e;   /* "5. März 2024" */
    if (((TK(i).shape & T_DIGIT) || (c | 0x20) == 'x') && (e = lone_extension(d, i))) return e;   /* "call x4471" */
    if ((TK(i).shape & T_DIGIT) && (e = phone_extension(d, i))) return e;          /* "555-0129, ext 22" */
    return 0;
}


/* Token k ends a field: punctuation, a column gap or the line's end
 * follows it. */
static int field_ends(const deid_doc *d, size_t k)
{
    size_t f = k + 1;
    const char *marks = is_p(d, f, '.') && glued(d, f + 1) ? ",;):|" : ",;):|.";   /* not the '.' of 92.5 */
    /* or a dash between spaces, an en or em dash */
    return deid_field_end(d, f, marks) || (is_p(d, f, '-') && TK(f).sp && f + 1 < d->n && TK(f + 1).sp) || long_dash(d, f);
}

/* A number from 90 to 125 (or "95F", "92M") at k, as a field of its own:
 * what follows ends it (punctuation, a column gap, the line's end).
 * Returns its digits' count; (size_t)-1 for a word (the age in words ends
 * at k: "ninety-two;"). */
size_t deid_age_field(const deid_doc *d, size_t k)
{
    if (k >= d->n || TK(k).nl) return 0;
    if (TK(k).shape & T_ALPHA) return field_ends(d, k) ? (size_t)-1 : 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), nd = deid_age_digits(d, k);
    if (!nd) return 0;
    /* "95F", "92M": the sex makes the age, unless a temperature's other
     * scale follows ("95F (35C)", "95F/35C") */
    if (nd < n) {
        size_t f = k + 1;
        int temp = f < d->n && !TK(f).nl && ((TK(f).shape & T_DIGIT) || is_p(d, f, '/') ||
                                             (is_p(d, f, '(') && digits(d, f + 1, 1, 3)));
        return n == nd + 1 && (p[nd] == 'F' || p[nd] == 'M') && !temp ? nd : 0;
    }
    return field_ends(d, k) ? nd : 0;
}

/* A day's number written as a word's ordinal or in digits: its value, 0. */
static long day_value(const deid_doc *d, size_t k)
{
    if (k >= d->n || TLEN(k) > 4 || !isdigit((unsigned char)d->t[TK(k).a])) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = 0;
    long v = 0;
    while (n < TLEN(k) && isdigit((unsigned char)p[n])) v = v * 10 + (p[n++] - '0');
    if (n > 2) return 0;
    if (n < TLEN(k) && !(TLEN(k) - n == 2 && (deid_eq_nocase(p + n, "st", 2) || deid_eq_nocase(p + n, "nd", 2) ||
                                              deid_eq_nocase(p + n, "rd", 2) || deid_eq_nocase(p + n, "th", 2))))
        return 0;
    return v >= 1 && v <= 31 ? v : 0;
}

/* The last day of a range after a date: "Oct. 3–5:", "Sept. 9–14, 2025",
 * "12/3-4: afebrile", "NURSE LOG 12/04–05". A dash, then a later day of the
 * same month that ends its field (or a year follows it); not "12/3-4
 * tabs", not a clock's "10:30-45". */
void deid_date_ranges(deid_doc *d)
{
    size_t nc = d->nc;
    for (size_t c = 0; c < nc; c++) {
        if (d->c[c].type != WARD_PHI_DATE) continue;
        size_t e = deid_tok_at(d, d->c[c].b, 0);
        if (e == 0 || e + 1 >= d->n || TK(e).a != d->c[c].b || TK(e + 1).nl || !(is_p(d, e, '-') || long_dash(d, e))) continue;
        long first = day_value(d, e - 1), last = day_value(d, e + 1);
        if (!first || last <= first || (e >= 2 && is_p(d, e - 2, ':'))) continue;
        size_t n = e + 2;
        if (is_p(d, n, ',') && year4(d, n + 1)) n += 2;            /* "9–14, 2025" */
        else if (!deid_field_end(d, n, ",.;:)]") && !long_dash(d, n))
            continue;
        deid_add_toks(d, e + 1, n, WARD_PHI_DATE, PRIO_DATE);
    }
}

void deid_ages_end(deid_doc *d)
{
    size_t nc = d->nc;
    for (size_t c = 0; c < nc; c++) {
        if (d->c[c].type != WARD_PHI_NAME) continue;
        size_t k = deid_tok_at(d, d->c[c].b, 0);
        if (k < d->n && (is_p(d, k, ',') || is_p(d, k, '(') || is_p(d, k, '|'))) k++;
        size_t nd = deid_age_field(d, k);
        if (nd && nd != (size_t)-1) deid_add(d, TK(k).a, TK(k).a + nd, WARD_PHI_AGE, PRIO_DATE);
    }
}
