/* deid_dates.c — surrogate dates: a date span read into its fields and
 * written back moved by the patient's shift, in its own shape.
 *
 * Every shape the rules tag as DATE (deid_shapes.c, deid_formats.c) comes
 * back in the same shape and order: "19/10/2026" stays day first,
 * "3.4.2025" dotted and day first, "March 14th" a month name and an
 * ordinal, "the fourth of May" spelled, "14MAR24" a two-digit year glued,
 * "5. März" German, a partial date partial. The shifted date is computed
 * on the calendar, so it is always a real date and every date of a note
 * moves by the same number of days (intervals are kept).
 *
 * What a date's numbers mean is read from the span and the note:
 *  - a number over 12 can only be a day; dots with a year are day first
 *    (German, Scandinavian), "29.11." with its last dot too;
 *  - otherwise the note decides: its other numeric dates whose order is
 *    plain ("25/11" in a note that also writes "03/04") tell how it writes
 *    them; without them slashes are month first (US);
 *  - a date without a year is read in the year of the note's dates, a day
 *    alone ("the 5th", the "4" of "12/3-4") in the month of the date
 *    before it; a month without a day at its 15th.
 * A span read as no date at all is written as "[DATE]": never an
 * impossible date, never the original. */
#include "funnel/deid_int.h"
#include "ward/core.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- words ---- */

/* Month names by language; the first table holding a word writes its
 * shifted month. Variants of one language are tables of their own. */
static const char *const MONTH_NAMES[][12] = {
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
     "diciembre"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "setiembre", "octubre", "noviembre",
     "diciembre"},
    {"janeiro", "fevereiro", "mar\xc3\xa7o", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
     "novembro", "dezembro"},
    {"janvier", "f\xc3\xa9vrier", "mars", "avril", "mai", "juin", "juillet", "ao\xc3\xbbt", "septembre", "octobre",
     "novembre", "d\xc3\xa9" "cembre"},
    {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
     "novembre", "dicembre"},
    {"januar", "februar", "m\xc3\xa4rz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember"},
    {"januar", "februar", "maerz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember"},
    {"j\xc3\xa4nner", "februar", "m\xc3\xa4rz", "april", "mai", "juni", "juli", "august", "september", "oktober",
     "november", "dezember"},
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
     "december"},
    {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november",
     "december"},
    {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
     "december"},
    {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "desember"},
};
#define NLANG (sizeof MONTH_NAMES / sizeof *MONTH_NAMES)

static const char *const WEEKDAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

static const char *const ORDINALS[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                       "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                                       "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                                       "twentieth"};
static const char *const ONES[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
static const char *const TEENS[] = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                    "seventeen", "eighteen", "nineteen"};
static const char *const TENS[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

/* One byte of a word folded to lower case; UTF-8 capitals of Latin-1
 * ("Ä", "É": 0xC3 0x80-0x9E) fold as their second byte. */
static unsigned char fold(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97) return (unsigned char)(c + 0x20);
    return (unsigned char)tolower(c);
}

/* s[0..n) equals w (lower case) folded. */
static int word_is(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (fold(s, i) != (unsigned char)w[i]) return 0;
    return 1;
}

/* s[0..n) is a prefix of w (lower case), folded. */
static int prefix_of(const char *s, size_t n, const char *w)
{
    if (n > strlen(w)) return 0;
    for (size_t i = 0; i < n; i++)
        if (fold(s, i) != (unsigned char)w[i]) return 0;
    return 1;
}

/* Letters (UTF-8 characters) in s[0..n). */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The bytes of the first c characters of w. */
static size_t char_bytes(const char *w, size_t c)
{
    size_t i = 0;
    for (; w[i] && c; c--)
        for (i++; ((unsigned char)w[i] & 0xC0) == 0x80; i++) {}
    return i;
}

#define GERMAN 6

/* The month (1-12) of a name or its short form of three letters or more
 * ("Sept", "déc"); its language in *lang and whether it is whole in *whole.
 * Table first is tried first: a name of several languages ("Mai") is
 * German after a day with its dot ("5. Mai"), else the first table's. */
static int month_word(const char *s, size_t n, size_t first, int *lang, int *whole)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t q = 0; q <= NLANG; q++) {
            size_t l = q == 0 ? first : q - 1;
            if (q > 0 && l == first) continue;
            for (int m = 0; m < 12; m++) {
                const char *w = MONTH_NAMES[l][m];
                if (pass == 0 ? word_is(s, n, w) : chars(s, n) >= 3 && prefix_of(s, n, w)) {
                    *lang = (int)l, *whole = pass == 0;
                    return m + 1;
                }
            }
        }
    return 0;
}

static int weekday_word(const char *s, size_t n, int *whole)
{
    static const char *const shorts[] = {"tues", "thur", "thurs"};
    for (int k = 0; k < 7; k++) {
        if (word_is(s, n, WEEKDAYS[k])) return *whole = 1, k + 1;
        if (n == 3 && prefix_of(s, n, WEEKDAYS[k])) return *whole = 0, k + 1;
    }
    for (int k = 0; k < 3; k++)
        if (word_is(s, n, shorts[k])) return *whole = 0, k ? 4 : 2;
    return 0;
}

static int in_list(const char *s, size_t n, const char *const *w, int nw)
{
    for (int k = 0; k < nw; k++)
        if (word_is(s, n, w[k])) return k;
    return -1;
}

/* Byte i of s is a capital (ASCII, or Latin-1's "Ä", "É" in UTF-8) or a
 * small letter: 'U', 'l', 0. */
static int letter_case(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == 0xC3 && i + 1 < n) {
        unsigned char x = (unsigned char)s[i + 1];
        return x >= 0x80 && x <= 0x9E && x != 0x97 ? 'U' : x >= 0xA0 && x <= 0xBE && x != 0xB7 ? 'l' : 0;
    }
    return isupper(c) ? 'U' : islower(c) ? 'l' : 0;
}

/* The case of a word: 'U' all capitals (two letters or more), 'C'
 * capitalized, 'l' lower case. */
static int case_of(const char *s, size_t n)
{
    int up = 0, low = 0;
    for (size_t i = 0; i < n; i++) {
        int c = letter_case(s, n, i);
        up += c == 'U', low += c == 'l';
    }
    if (up && !low && chars(s, n) > 1) return 'U';
    return n && letter_case(s, n, 0) == 'U' ? 'C' : 'l';
}

/* Writes w[0..n) (lower case) in the case cs. */
static void put_case(ward_buf *out, const char *w, size_t n, int cs)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        int first = i == 0 || (i == 1 && (unsigned char)w[0] == 0xC3);
        if (cs == 'U' || (cs == 'C' && first)) {
            if (c < 0x80) c = (unsigned char)toupper(c);
            else if (i > 0 && (unsigned char)w[i - 1] == 0xC3 && c >= 0xA0 && c <= 0xBE && c != 0xB7) c -= 0x20;
        }
        ward_buf_putc(out, (char)c);
    }
}

/* ---- reading ---- */

typedef struct spoken {
    int thousand, and, hyphen;
} spoken;

enum { K_NUM = 1, K_WORD, K_MONTH, K_SPELLED, K_WEEKDAY, K_YEARWORDS };

typedef struct item {
    size_t a, b;     /* its bytes; a number's ordinal suffix ("th") ends at b */
    int kind, role;  /* role: 'Y' year, 'M' month number, 'N' month name, 'D' day, 'E' a range's last day, 'W' weekday */
    long v;
    int lang, whole; /* a month's table, a month's or weekday's whole name */
    int suffix;      /* a number's ordinal suffix ("14th") */
    int date;        /* which date of the span */
    spoken sp;       /* a year in words: its style */
} item;

#define MAXITEMS 24
#define MAXDATES 4

typedef struct span {
    const char *t;
    size_t a, b;
    item it[MAXITEMS];
    int n;
    int named;        /* a month's name is in it */
    int full;         /* more items than MAXITEMS: read no further */
    int ndates;
} span;

static int is_ordinal_suffix(const char *p, size_t n)
{
    return n == 2 && (!strncasecmp(p, "st", 2) || !strncasecmp(p, "nd", 2) || !strncasecmp(p, "rd", 2) ||
                      !strncasecmp(p, "th", 2));
}

/* Byte i of t (before b) is part of a letter: ASCII's, or a character
 * beyond it that is no punctuation (not U+2000-206F dashes and quotes,
 * not Latin-1's NBSP or "§"). */
static int letter(const char *t, size_t i, size_t b)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) return isalpha(c) != 0;
    if (c == 0xC2 || (c == 0xE2 && i + 1 < b && (unsigned char)t[i + 1] == 0x80)) return 0;
    if ((c & 0xC0) == 0x80) return i > 0 && letter(t, i - 1, b);   /* a continuation byte */
    return 1;
}

/* A day in words at p ("fourth", "twenty-third"): its value, its end in *e. */
static int spelled_at(const char *t, size_t p, size_t b, size_t *e)
{
    size_t q = p;
    while (q < b && letter(t, q, b)) q++;
    int k = in_list(t + p, q - p, ORDINALS, 20);
    if (k >= 0) return *e = q, k + 1;
    if (word_is(t + p, q - p, "thirtieth")) return *e = q, 30;
    int tens = word_is(t + p, q - p, "twenty") ? 20 : word_is(t + p, q - p, "thirty") ? 30 : 0;
    if (!tens || q + 1 >= b || t[q] != '-') return 0;
    size_t r = q + 1;
    while (r < b && letter(t, r, b)) r++;
    k = in_list(t + q + 1, r - q - 1, ORDINALS, 9);
    if (k < 0 || (tens == 30 && k > 0)) return 0;
    return *e = r, tens + k + 1;
}

/* Cuts the span into numbers and words. */
static void lex(span *s)
{
    const char *t = s->t;
    for (size_t i = s->a; i < s->b;) {
        unsigned char c = (unsigned char)t[i];
        if (!isdigit(c) && !letter(t, i, s->b)) {         /* separators stay between items */
            i++;
            continue;
        }
        if (s->n == MAXITEMS) {
            s->full = 1;
            return;
        }
        item *x = &s->it[s->n];
        memset(x, 0, sizeof *x);
        x->a = i;
        if (isdigit(c)) {
            size_t j = i;
            long v = 0;
            for (; j < s->b && isdigit((unsigned char)t[j]); j++)
                if (j < i + 9) v = v * 10 + (t[j] - '0');
            x->kind = K_NUM, x->v = v, x->b = j;
            size_t k = j;
            while (k < s->b && isalpha((unsigned char)t[k])) k++;
            if (j - i <= 2 && is_ordinal_suffix(t + j, k - j)) x->suffix = 1, x->b = k;
            s->n++, i = x->b;
        } else if (letter(t, i, s->b)) {
            size_t j = i, e;
            int v;
            while (j < s->b && letter(t, j, s->b)) j++;
            x->b = j, x->kind = K_WORD;
            int dotted = i >= s->a + 3 && t[i - 1] == ' ' && t[i - 2] == '.' && isdigit((unsigned char)t[i - 3]);
            if ((v = month_word(t + i, j - i, dotted ? GERMAN : 0, &x->lang, &x->whole))) x->kind = K_MONTH, x->v = v, s->named = 1;
            else if ((v = spelled_at(t, i, s->b, &e))) x->kind = K_SPELLED, x->v = v, x->b = e;
            else if ((v = weekday_word(t + i, j - i, &x->whole))) x->kind = K_WEEKDAY, x->v = v;
            s->n++, i = x->b;
        }
    }
}

/* The word item k is w. */
static int item_is(const span *s, int k, const char *w)
{
    return k >= 0 && k < s->n && s->it[k].kind == K_WORD && word_is(s->t + s->it[k].a, s->it[k].b - s->it[k].a, w);
}

/* The bytes between items k-1 and k hold c. */
static int between_has(const span *s, int k, const char *c)
{
    size_t from = k ? s->it[k - 1].b : s->a;
    for (size_t i = from; i < s->it[k].a; i++)
        if (strchr(c, s->t[i])) return 1;
    return 0;
}

/* Items k-1 and k are glued (nothing between them). */
static int glued_items(const span *s, int k) { return k > 0 && s->it[k - 1].b == s->it[k].a; }

/* A dash between items k-1 and k: '-', an en or em dash. */
static int dash_before(const span *s, int k)
{
    size_t from = k ? s->it[k - 1].b : s->a;
    for (size_t i = from; i < s->it[k].a; i++)
        if (s->t[i] == '-' || (i + 2 < s->it[k].a && (unsigned char)s->t[i] == 0xE2 && (unsigned char)s->t[i + 1] == 0x80 &&
                               ((unsigned char)s->t[i + 2] == 0x93 || (unsigned char)s->t[i + 2] == 0x94)))
            return 1;
    return 0;
}

/* Item k is joined to the day before it as the end of a range: "3-5",
 * "2 to 4", "2nd and 3rd"; returns the index of that day or -1. */
static int range_from(const span *s, int k)
{
    int p = k - 1;
    if (p >= 0 && (item_is(s, p, "to") || item_is(s, p, "through") || item_is(s, p, "thru") || item_is(s, p, "and") ||
                   item_is(s, p, "till") || item_is(s, p, "until") || item_is(s, p, "the")))
        while (p >= 0 && s->it[p].kind == K_WORD) p--;
    else if (!(p >= 0 && (dash_before(s, k) || between_has(s, k, "&"))))
        return -1;
    return p >= 0 && s->it[p].role == 'D' ? p : -1;
}

/* ---- years said in words: "nineteen forty four", "two thousand and six" ---- */

/* The two last digits in words from item k: "forty four", "twenty-six",
 * "oh five", "twelve", "hundred". Their value, the item after in *e. */
static int two_digits(const span *s, int k, int *e, int *hyphen, int thousand)
{
    const char *t = s->t;
    if (k >= s->n || s->it[k].kind != K_WORD) return -1;
    size_t n0 = s->it[k].b - s->it[k].a;
    const char *p = t + s->it[k].a;
    int v;
    if (word_is(p, n0, "hundred")) return *e = k + 1, 0;
    if (thousand && (v = in_list(p, n0, ONES, 10)) > 0) return *e = k + 1, v;   /* "two thousand and six" */
    if ((v = in_list(p, n0, TEENS, 10)) >= 0) return *e = k + 1, 10 + v;
    if (word_is(p, n0, "oh") && k + 1 < s->n && s->it[k + 1].kind == K_WORD &&
        (v = in_list(t + s->it[k + 1].a, s->it[k + 1].b - s->it[k + 1].a, ONES, 10)) > 0)
        return *e = k + 2, v;
    if ((v = in_list(p, n0, TENS, 10)) >= 2) {
        int o;
        if (k + 1 < s->n && s->it[k + 1].kind == K_WORD &&
            (o = in_list(t + s->it[k + 1].a, s->it[k + 1].b - s->it[k + 1].a, ONES, 10)) > 0) {
            *hyphen = between_has(s, k + 1, "-");
            return *e = k + 2, v * 10 + o;
        }
        return *e = k + 1, v * 10;
    }
    return -1;
}

/* A year said in words from item k; its value (0 none), the item after in *e. */
static int spoken_year(const span *s, int k, int *e, spoken *sp)
{
    memset(sp, 0, sizeof *sp);
    int r;
    if (item_is(s, k, "two") && item_is(s, k + 1, "thousand")) {
        sp->thousand = 1;
        int q = k + 2;
        if (item_is(s, q, "and")) sp->and = 1, q++;
        if ((r = two_digits(s, q, e, &sp->hyphen, 1)) > 0) return 2000 + r;
        sp->and = 0;
        return *e = k + 2, 2000;
    }
    int c = item_is(s, k, "nineteen") ? 19 : item_is(s, k, "twenty") ? 20 : 0;
    if (!c || (r = two_digits(s, k + 1, e, &sp->hyphen, 0)) < 0) return 0;
    return c * 100 + r;
}

static void put_two_digits(ward_buf *out, int r, int hyphen)
{
    if (r == 0) ward_buf_puts(out, "hundred");
    else if (r < 10) ward_buf_printf(out, "oh %s", ONES[r]);
    else if (r < 20) ward_buf_puts(out, TEENS[r - 10]);
    else if (r % 10) ward_buf_printf(out, "%s%c%s", TENS[r / 10], hyphen ? '-' : ' ', ONES[r % 10]);
    else ward_buf_puts(out, TENS[r / 10]);
}

static void put_spoken_year(ward_buf *out, long y, const spoken *sp)
{
    if (sp->thousand && y >= 2000 && y < 2100) {
        ward_buf_puts(out, "two thousand");
        if (y % 100) ward_buf_puts(out, sp->and ? " and " : " ");
        if (y % 100 && y % 100 < 10) ward_buf_puts(out, ONES[y % 100]);
        else if (y % 100) put_two_digits(out, (int)(y % 100), sp->hyphen);
        return;
    }
    ward_buf_printf(out, "%s ", y / 100 == 19 ? "nineteen" : "twenty");
    put_two_digits(out, (int)(y % 100), sp->hyphen);
}

/* ---- roles ---- */

/* The next item after k that is no function word ("of", "de") is a month. */
static int month_next(const span *s, int k)
{
    for (k++; k < s->n && (item_is(s, k, "of") || item_is(s, k, "de")); k++) {}
    return k < s->n && s->it[k].kind == K_MONTH;
}

/* Roles of a span with a month's name: "March 14th, 2024", "the 2nd and
 * 3rd of June", "14MAR24", "9 de diciembre de 2026", "May fourth nineteen
 * forty four". A second month's name, or a day before one once a day and
 * a month are read, opens the span's next date ("30 May-1 June"). */
static void roles_named(span *s)
{
    int day = -1, month = -1, q = 0;
    for (int k = 0; k < s->n; k++) {
        item *x = &s->it[k];
        int e, r;
        int dayish = x->kind == K_SPELLED || (x->kind == K_NUM && (x->b - x->a <= 2 || x->suffix));
        if (q + 1 < MAXDATES && month >= 0 &&
            ((x->kind == K_MONTH) || (dayish && day >= 0 && month_next(s, k) && range_from(s, k) < 0)))
            q++, day = month = -1;                             /* the next date */
        x->date = q;
        if (x->kind == K_MONTH && month < 0) {
            x->role = 'N', month = k;
        } else if (x->kind == K_WEEKDAY) {
            x->role = 'W';
        } else if (dayish) {
            size_t w = x->b - x->a;
            int apostrophe = x->a > s->a && s->t[x->a - 1] == '\'';
            if (x->kind == K_NUM && w == 2 && !x->suffix &&
                (apostrophe || (month >= 0 && month == k - 1 && glued_items(s, k) && day >= 0) ||
                 (day >= 0 && month >= 0 && range_from(s, k) < 0)))
                x->role = 'Y';                                 /* '24, 14MAR24, 03 Dec 26 */
            else if (day >= 0 && range_from(s, k) >= 0 && x->v >= 1 && x->v <= 31)
                x->role = 'E';                                 /* March 3-5, 2nd and 3rd of June */
            else if (day < 0 && x->v >= 1 && x->v <= 31)
                x->role = 'D', day = k;
        } else if (x->kind == K_NUM && x->b - x->a == 4 && deid_year(x->v)) {
            x->role = 'Y';
        } else if (x->kind == K_WORD && (day >= 0 || month >= 0) && (r = spoken_year(s, k, &e, &x->sp)) > 0) {
            x->kind = K_YEARWORDS, x->role = 'Y', x->v = r, x->b = s->it[e - 1].b;
            for (int j = k + 1; j < e; j++) s->it[j].kind = 0;  /* inside the year */
            k = e - 1;
        }
    }
    s->ndates = q + 1;
}

/* A group of numbers joined by one separator: "3/14/24", "2024-03-14",
 * "29.11". */
typedef struct group {
    int first, count;
    char sep;
    int trailing_dot;  /* "29.11." */
} group;

/* The numeric groups of a span; those after the first are dates only
 * when a dash joins them ("11.29–11.30", "12/3-4"): a time after an ISO
 * date ("T11:47:13") stays. */
static int groups_of(const span *s, group *g, int max)
{
    int ng = 0;
    for (int k = 0; k < s->n && ng < max;) {
        if (s->it[k].kind != K_NUM) {
            if (ng) break;                                     /* "T" of an ISO time, a word */
            k++;
            continue;
        }
        if (ng && !dash_before(s, k)) break;
        group *x = &g[ng++];
        x->first = k, x->count = 1, x->sep = 0, x->trailing_dot = 0;
        while (k + 1 < s->n && s->it[k + 1].kind == K_NUM && s->it[k + 1].a == s->it[k].b + 1 && x->count < 3 &&
               !s->it[k].suffix && !s->it[k + 1].suffix) {        /* "20th-23rd": days, each a date */
            char c = s->t[s->it[k].b];
            if (!(c == '/' || c == '-' || c == '.') || (x->sep && c != x->sep)) break;
            x->sep = c, x->count++, k++;
        }
        size_t end = s->it[k].b;
        x->trailing_dot = x->sep == '.' && end < s->b && s->t[end] == '.';
        k++;
    }
    return ng;
}

/* The order of a group's two first numbers that its values force: 'D' day
 * first, 'M' month first, 0 either. */
static int forced_order(const span *s, const group *g)
{
    long a = s->it[g->first].v, b = s->it[g->first + 1].v;
    if (g->trailing_dot) return 'D';
    if (a > 12 && b <= 12) return 'D';
    if (b > 12 && a <= 12) return 'M';
    return 0;
}

/* The group reads as a year and a month ("3/2024", "10/99"), a year first
 * ("2024-03-14"), or day and month in some order. */
static int year_first(const span *s, const group *g) { return s->it[g->first].b - s->it[g->first].a == 4; }
static int month_year(const span *s, const group *g)
{
    const item *b = &s->it[g->first + 1];
    return g->count == 2 && (b->b - b->a == 4 || (b->b - b->a == 2 && b->v > 31));
}

/* The class of a group whose order the note's plain ones show: slashes
 * and dashes (0), dots with a year (1: "14.03.2024"), dots without (2:
 * timelines' "11.29"): German dates and American timelines both use dots. */
static int sep_class(const group *g) { return g->sep != '.' ? 0 : g->count == 3 ? 1 : 2; }

/* A group of a day and a month in some order. */
static int day_month(const span *s, const group *g)
{
    return g->count >= 2 && !year_first(s, g) && !month_year(s, g);
}

/* The order a range's other half gave span a (deid_dates_note), or 0. */
static int linked_order(const deid_dates *dt, size_t a)
{
    for (int k = 0; k < dt->nlinked; k++)
        if (dt->linked[k].a == a) return dt->linked[k].order;
    return 0;
}

static void roles_numeric(span *s, const deid_dates *dt)
{
    group g[MAXDATES];
    int ng = groups_of(s, g, MAXDATES), order = 0, merged = 0;
    for (int q = 0; q < ng && !order; q++)               /* a plain order in the span rules it all */
        if (day_month(s, &g[q])) order = forced_order(s, &g[q]);
    if (!order) order = linked_order(dt, s->a);          /* ... or in the other half of its range */
    for (int q = 0; q < ng; q++) {
        item *x = &s->it[g[q].first];
        for (int k = 0; k < g[q].count; k++) x[k].date = q - merged;
        if (g[q].count == 1) {
            size_t w = x->b - x->a;
            if (x->suffix) w -= 2;
            if (w == 8 && !x->suffix) x->role = '8';                            /* 20240314 */
            else if (w == 4 && deid_year(x->v)) x->role = 'Y';
            else if (w <= 2 && x->v >= 1 && x->v <= 31) x->role = 'D';         /* a day alone: "4" of "12/3-4" */
        } else if (year_first(s, &g[q])) {
            x[0].role = 'Y', x[1].role = 'M';
            if (g[q].count == 3) x[2].role = 'D';
        } else if (month_year(s, &g[q]) && q > 0 && g[q - 1].count == 2 && g[q - 1].sep == '/' &&
                   x[1].b - x[1].a == 4 && dash_before(s, g[q].first) && x[0].v <= 31 &&
                   s->it[g[q - 1].first + (s->it[g[q - 1].first].role == 'D' ? 0 : 1)].v < x[0].v) {
            /* a range of days in one month and year: "12/9-10/2026" */
            x[0].role = 'E', x[1].role = 'Y';
            for (int k = 0; k < g[q].count; k++) x[k].date = q - 1 - merged;
            merged++;
        } else if (month_year(s, &g[q])) {
            x[0].role = 'M', x[1].role = 'Y';
        } else {
            int c = sep_class(&g[q]), o = forced_order(s, &g[q]);
            if (!o) o = order;
            if (!o) o = dt->order[c];
            if (!o) o = c == 1 || g[q].trailing_dot ? 'D' : 'M';
            x[0].role = o == 'D' ? 'D' : 'M', x[1].role = o == 'D' ? 'M' : 'D';
            if (g[q].count == 3) x[2].role = 'Y';
        }
    }
    s->ndates = ng - merged;
}

static void read_span(span *s, const char *t, size_t a, size_t b, const deid_dates *dt)
{
    memset(s, 0, sizeof *s);
    s->t = t, s->a = a, s->b = b;
    lex(s);
    if (s->named) roles_named(s);
    else if (s->n && (s->it[0].kind == K_SPELLED || s->it[0].kind == K_WEEKDAY) && s->n == 1)
        s->it[0].role = s->it[0].kind == K_SPELLED ? 'D' : 'W', s->ndates = 1;   /* "the ninth", "Monday" */
    else roles_numeric(s, dt);
}

/* ---- the note ---- */

void deid_dates_begin(deid_dates *dt, int shift)
{
    memset(dt, 0, sizeof *dt);
    dt->shift = shift;
}

/* Only a dash or a word of range between two spans: "3/12–3/16", "3/12 to
 * 3/16". */
static int range_between(const char *t, size_t a, size_t b)
{
    while (a < b && t[a] == ' ') a++;
    while (b > a && t[b - 1] == ' ') b--;
    size_t n = b - a;
    if (n == 1) return t[a] == '-';
    if (n == 3 && (unsigned char)t[a] == 0xE2 && (unsigned char)t[a + 1] == 0x80)
        return (unsigned char)t[a + 2] == 0x93 || (unsigned char)t[a + 2] == 0x94;
    return word_is(t + a, n, "to") || word_is(t + a, n, "through") || word_is(t + a, n, "thru") || word_is(t + a, n, "and");
}

/* Two halves of a range, one of a plain order: the other is read in it. */
static void link_halves(deid_dates *dt, const char *t, size_t a, size_t b, int order, int cls)
{
    if (dt->last_b && cls >= 0 && cls == dt->last_class && dt->last_b <= a && a - dt->last_b <= 9 &&
        range_between(t, dt->last_b, a) && !order != !dt->last_order && dt->nlinked < 32) {
        dt->linked[dt->nlinked].a = order ? dt->last_a : a;
        dt->linked[dt->nlinked++].order = order ? order : dt->last_order;
    }
    dt->last_a = a, dt->last_b = b, dt->last_order = order, dt->last_class = cls;
}

/* A date span of the note, before any is written: the order of its plain
 * numeric dates, the halves of ranges and the first year. */
void deid_dates_note(deid_dates *dt, const char *t, size_t a, size_t b)
{
    span s;
    read_span(&s, t, a, b, dt);
    group g[MAXDATES];
    int ng = s.named ? 0 : groups_of(&s, g, MAXDATES), order = 0, cls = -1;
    for (int q = 0; q < ng; q++) {
        if (!day_month(&s, &g[q])) continue;
        int o = forced_order(&s, &g[q]);
        if (cls < 0) cls = sep_class(&g[q]), order = o;
        if (o) dt->votes[sep_class(&g[q])] += o == 'D' ? 1 : -1;
    }
    link_halves(dt, t, a, b, order, cls);
    for (int c = 0; c < 3; c++) dt->order[c] = dt->votes[c] > 0 ? 'D' : dt->votes[c] < 0 ? 'M' : 0;
    for (int k = 0; k < s.n && !dt->year; k++)
        if (s.it[k].role == 'Y') dt->year = s.it[k].b - s.it[k].a == 2 ? (s.it[k].v < 50 ? 2000 : 1900) + s.it[k].v : s.it[k].v;
}

/* ---- writing ---- */

static int month_days(long y, long m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : n[m - 1];
}

typedef struct civil {
    long y, m, d;
} civil;

static civil moved(long y, long m, long d, int shift)
{
    if (d > month_days(y, m)) d = month_days(y, m);
    int yi, mi, di;
    ward_date_civil(ward_date_from_civil(y, m, d) + shift, &yi, &mi, &di);
    return (civil){yi, mi, di};
}

/* A date of the span: what it says, with the note filling the rest. */
typedef struct reading {
    long y, m, d, e;  /* e: a range's last day, 0 none */
    int has_y, has_m, has_d;
    civil to, to_e;
} reading;

static long year_value(const item *x)
{
    return x->b - x->a == 2 && x->kind == K_NUM ? (x->v < 50 ? 2000 : 1900) + x->v : x->v;
}

/* Reads date q of the span; 0 when it names no day, month or year. */
static int reading_of(const span *s, int q, const deid_dates *dt, reading *r)
{
    memset(r, 0, sizeof *r);
    for (int k = 0; k < s->n; k++) {
        const item *x = &s->it[k];
        if (x->date != q || !x->kind) continue;
        switch (x->role) {
        case 'Y': r->y = year_value(x), r->has_y = 1; break;
        case 'M': case 'N': r->m = x->v, r->has_m = 1; break;
        case 'D': r->d = x->v, r->has_d = 1; break;
        case 'E': r->e = x->v; break;
        case '8': r->y = x->v / 10000, r->m = x->v / 100 % 100, r->d = x->v % 100, r->has_y = r->has_m = r->has_d = 1; break;
        }
    }
    if (!r->has_y && !r->has_m && !r->has_d) return 0;
    if (r->has_m && (r->m < 1 || r->m > 12)) return 0;
    if (r->has_d && (r->d < 1 || r->d > 31)) return 0;
    if (!r->has_y) r->y = dt->ref_y ? dt->ref_y : dt->year ? dt->year : 2000;   /* a leap year: "Feb 29" */
    if (!r->has_m) r->m = r->has_d ? (dt->ref_m ? dt->ref_m : 1) : 7;
    if (!r->has_d) r->d = r->has_m ? 15 : 2;                                   /* a month's middle, a year's */
    r->to = moved(r->y, r->m, r->d, dt->shift);
    if (r->e) {
        long em = r->m, ey = r->y;
        if (r->e < r->d) em = em % 12 + 1, ey += r->m == 12;                   /* "30th-2nd" */
        r->to_e = moved(ey, em, r->e, dt->shift);
    }
    return 1;
}

static void put_num(ward_buf *out, long v, size_t width) { ward_buf_printf(out, "%0*ld", (int)width, v); }

/* Date q's days and months are written in two digits ("03/14", "14.03.24",
 * "Apr-07", "05Mar2024"): a leading zero shows it, or all its numbers
 * are two wide ("19/10", "10/99"), or a day is glued between a dash, a
 * slash or a month's letters. "3/14", "March 5" and "20/10/2026" ->
 * "5/10/2026" are not padded. */
static int padded(const span *s, int q)
{
    int n = 0, two = 0;
    for (int k = 0; k < s->n; k++) {
        const item *x = &s->it[k];
        if (x->date != q || x->kind != K_NUM || x->suffix) continue;
        size_t w = x->b - x->a;
        if (x->role == 'D' || x->role == 'M' || x->role == 'E') {
            if (w == 2 && s->t[x->a] == '0') return 1;
            char before = x->a > s->a ? s->t[x->a - 1] : ' ', after = x->b < s->b ? s->t[x->b] : ' ';
            if (w == 2 && s->named && x->role == 'D' && (before == '-' || before == '/' || after == '-' || after == '/' || isalpha((unsigned char)after)))
                return 1;
        }
        if (x->role == 'D' || x->role == 'M' || x->role == 'E' || (x->role == 'Y' && w == 2)) n++, two += w == 2;
    }
    return n >= 2 && two == n && !s->named;
}

static void put_suffix(ward_buf *out, long v, const char *orig)
{
    const char *suf = v % 100 >= 11 && v % 100 <= 13 ? "th" : v % 10 == 1 ? "st" : v % 10 == 2 ? "nd" : v % 10 == 3 ? "rd" : "th";
    put_case(out, suf, 2, isupper((unsigned char)orig[0]) ? (isupper((unsigned char)orig[1]) ? 'U' : 'C') : 'l');
}

static void put_spelled(ward_buf *out, long v, int cs)
{
    char w[32];
    if (v <= 20) snprintf(w, sizeof w, "%s", ORDINALS[v - 1]);
    else if (v == 30) snprintf(w, sizeof w, "thirtieth");
    else snprintf(w, sizeof w, "%s-%s", TENS[v / 10], ORDINALS[v % 10 - 1]);
    put_case(out, w, strlen(w), cs);
}

/* A day in the form of item x ("14", "03", "14th", "fourth"), in two
 * digits when its date is padded. */
static void put_day(ward_buf *out, const span *s, const item *x, long v, int pad)
{
    const char *p = s->t + x->a;
    if (x->kind == K_SPELLED) {
        put_spelled(out, v, case_of(p, x->b - x->a));
        return;
    }
    put_num(out, v, pad && !x->suffix ? 2 : 1);
    if (x->suffix) put_suffix(out, v, s->t + x->b - 2);
}

/* Month m in the form of item x: its language, whole or short, its case. */
static void put_month(ward_buf *out, const span *s, const item *x, long m)
{
    const char *p = s->t + x->a, *w = MONTH_NAMES[x->lang][m - 1];
    size_t n = x->b - x->a, len = strlen(w);
    /* "May" is whole and short: short where short forms stand, glued to
     * digits, dashes or slashes ("11MAY71", "May-14-2024") */
    char before = x->a > s->a ? s->t[x->a - 1] : ' ', after = x->b < s->b ? s->t[x->b] : ' ';
    int compact = isdigit((unsigned char)before) || isdigit((unsigned char)after) || before == '-' ||
                  before == '/' || after == '-' || after == '/';
    if (!x->whole || (n == 3 && compact)) {
        size_t c = chars(p, n);
        if (x->lang == 0) c = m == 9 && c == 4 ? 4 : 3;          /* "Sep", "Sept" */
        len = char_bytes(w, c);
    }
    put_case(out, w, len, case_of(p, n));
}

static void put_weekday(ward_buf *out, const span *s, const item *x, int shift)
{
    long k = ((x->v - 1 + shift) % 7 + 7) % 7;
    const char *w = WEEKDAYS[k];
    put_case(out, w, x->whole ? strlen(w) : 3, case_of(s->t + x->a, x->b - x->a));
}

static int find_role(const span *s, int q, int role)
{
    for (int k = 0; k < s->n; k++)
        if (s->it[k].role == role && s->it[k].date == q && s->it[k].kind) return k;
    return -1;
}

/* Writes item k of date q. A range that the shift carries over a month's
 * end gets the other month's name: "June 2 to 4" -> "May 30 to June 1". */
static void put_item(ward_buf *out, const span *s, int k, const reading *r, int shift)
{
    const item *x = &s->it[k];
    int n = find_role(s, x->date, 'N');
    int split = r->e && r->to_e.m != r->to.m && n >= 0, pad = padded(s, x->date);
    switch (x->role) {
    case 'Y': {
        long y = n >= 0 && k > n && r->e ? r->to_e.y : r->to.y;
        if (x->kind == K_YEARWORDS) {
            if (y == x->v) ward_buf_append(out, s->t + x->a, x->b - x->a);
            else put_spoken_year(out, y, &x->sp);
        } else {
            put_num(out, x->b - x->a == 2 ? y % 100 : y, x->b - x->a);
        }
        break;
    }
    case 'M': put_num(out, r->to.m, pad ? 2 : 1); break;
    case 'N': put_month(out, s, x, r->e && n > find_role(s, x->date, 'E') ? r->to_e.m : r->to.m); break;
    case 'D':
        put_day(out, s, x, r->to.d, pad);
        if (split && n > k) ward_buf_putc(out, ' '), put_month(out, s, &s->it[n], r->to.m);   /* "30 May-1 June" */
        break;
    case 'E':
        if (split && n < k) put_month(out, s, &s->it[n], r->to_e.m), ward_buf_putc(out, ' ');
        put_day(out, s, x, r->to_e.d, pad);
        break;
    case 'W': put_weekday(out, s, x, shift); break;
    case '8': ward_buf_printf(out, "%04ld%02ld%02ld", r->to.y, r->to.m, r->to.d); break;
    default: ward_buf_append(out, s->t + x->a, x->b - x->a);
    }
}

/* A day alone after a date of the span ("12/3-4") that the shift moved
 * into another month than that date's is written with its month, in that
 * date's order and separator ("11/30-12/1"). */
static int put_alone_day(ward_buf *out, const span *s, int k, const reading *r, const reading *prev)
{
    const item *x = &s->it[k];
    if (!prev || x->date == 0 || r->has_m || r->to.m == prev->to.m) return 0;
    int pm = find_role(s, x->date - 1, 'M'), pd = find_role(s, x->date - 1, 'D');
    if (pm < 0 || pd < 0) return 0;
    char sep = s->t[s->it[pm < pd ? pm : pd].b];
    int pad = padded(s, x->date - 1);
    if (pm < pd) put_num(out, r->to.m, pad ? 2 : 1), ward_buf_putc(out, sep), put_day(out, s, x, r->to.d, pad);
    else put_day(out, s, x, r->to.d, pad), ward_buf_putc(out, sep), put_num(out, r->to.m, pad ? 2 : 1);
    return 1;
}

/* Date q of the span is a weekday alone ("Monday"): it moves with the shift. */
static int weekday_alone(const span *s, int q)
{
    return find_role(s, q, 'W') >= 0 && find_role(s, q, 'D') < 0 && find_role(s, q, 'N') < 0 && find_role(s, q, 'Y') < 0 &&
           find_role(s, q, 'M') < 0;
}

void deid_dates_write(deid_dates *dt, const char *t, size_t a, size_t b, ward_buf *out)
{
    span s;
    read_span(&s, t, a, b, dt);
    reading r[MAXDATES];
    int nd = s.ndates < MAXDATES ? s.ndates : MAXDATES, ok = nd > 0 && !s.full;
    for (int q = 0; q < nd && ok; q++) {
        if (weekday_alone(&s, q)) {
            memset(&r[q], 0, sizeof r[q]);
            continue;
        }
        ok = reading_of(&s, q, dt, &r[q]);
        /* the month a day alone is read in, the next date's of the span too */
        if (ok && r[q].has_m) dt->ref_m = r[q].m, dt->ref_y = r[q].has_y ? r[q].y : dt->ref_y;
    }
    if (!ok) {                                                   /* no date we can read: never the original */
        ward_buf_puts(out, "[DATE]");
        return;
    }
    size_t pos = a;
    for (int k = 0; k < s.n; k++) {
        const item *x = &s.it[k];
        if (!x->kind) continue;
        ward_buf_append(out, t + pos, x->a - pos);
        int q = x->date < nd ? x->date : 0;
        if (!(x->role == 'D' && put_alone_day(out, &s, k, &r[q], q ? &r[q - 1] : NULL)))
            put_item(out, &s, k, &r[q], dt->shift);
        pos = x->b;
    }
    ward_buf_append(out, t + pos, b - pos);
}
