/* deid_surrogate.c — realistic replacements that stay consistent.
 *
 * Every choice is a keyed hash (libsodium BLAKE2b) of the patient's seed and
 * the original text, so within one patient the same name always becomes the
 * same surrogate, in every note and every run, and nothing can be reversed
 * without the site key. Dates move by the patient's shift, so intervals
 * between them are kept; each date is rewritten in its own format ("March
 * 14th" stays a month name and an ordinal). Numbers keep their shape
 * ("(617) 555-0100" becomes another number with the same punctuation).
 */
#include "funnel/deid_int.h"
#include "ward/core.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const FIRSTS[] = {
    "Avery", "Jordan", "Morgan", "Riley", "Casey", "Quinn", "Rowan", "Emerson", "Harper", "Reese",
    "Elena", "Tomas", "Amara", "Kenji", "Priya", "Mateo", "Ingrid", "Kwame", "Leila", "Oskar",
    "Noor", "Diego", "Hana", "Sven", "Aisha", "Milan", "Talia", "Ravi", "Nadia", "Felix",
    "Imani", "Lucas", "Mei", "Anton", "Zara", "Omar", "Clara", "Yusuf", "Ines", "Dmitri"};
static const char *const LASTS[] = {
    "Abernathy", "Brightwater", "Calloway", "Delacroix", "Ellingsworth", "Fairbanks", "Galloway",
    "Hollister", "Isherwood", "Jablonski", "Kingsley", "Lindqvist", "Marchetti", "Northcott",
    "Okonjo", "Pemberton", "Quintero", "Ravensworth", "Sandoval", "Thistlewood", "Umberto",
    "Valdivia", "Whitcombe", "Xiong", "Yardley", "Zelenko", "Ashdown", "Bramwell", "Castellan",
    "Dunmore", "Everhart", "Fenwick", "Grisham", "Halvorsen", "Ironside", "Kovalenko", "Larkspur",
    "Moreland", "Nakashima", "Oyelowo"};
static const char *const STREETS[] = {"Maple", "Cedar", "Willow", "Harbor", "Orchard", "Juniper",
                                      "Lakeview", "Birch", "Meadow", "Granite", "Chestnut", "Sparrow"};
static const char *const SUFFIXES[] = {"Street", "Avenue", "Road", "Lane", "Drive", "Court"};
static const char *const CITIES[] = {"Fairview", "Millbrook", "Riverton", "Oakdale", "Brookfield",
                                     "Clearwater", "Ashford", "Kingsport", "Linwood", "Westbury"};
static const char *const FACILITIES[] = {"Northgate Medical Center", "Riverside General Hospital",
                                         "Lakeshore Community Hospital", "Hillcrest Clinic",
                                         "Summit Health Center", "Bayview Memorial Hospital"};
#define N(a) (sizeof a / sizeof *a)

static const char *const MONTHS[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};

/* A keyed hash of (type, text) under the patient's seed, as a number. */
static uint64_t pick(const uint8_t seed[32], int type, const char *s, size_t n)
{
    crypto_generichash_state st;
    uint8_t h[8];
    uint8_t ty = (uint8_t)type;
    crypto_generichash_init(&st, seed, 32, sizeof h);
    crypto_generichash_update(&st, &ty, 1);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = (uint8_t)tolower((unsigned char)s[i]);
        crypto_generichash_update(&st, &c, 1);
    }
    crypto_generichash_final(&st, h, sizeof h);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | h[i];
    return v;
}

/* Copies word into out with the case pattern of the original. */
static void put_cased(ward_buf *out, const char *word, const char *orig, size_t on)
{
    int upper = 1, letters = 0;
    for (size_t i = 0; i < on; i++)
        if (isalpha((unsigned char)orig[i])) letters++, upper &= isupper((unsigned char)orig[i]) != 0;
    for (const char *p = word; *p; p++) ward_buf_putc(out, upper && letters > 1 ? (char)toupper((unsigned char)*p) : *p);
}

static void surrogate_name(const char *t, size_t a, size_t b, const uint8_t seed[32], ward_buf *out)
{
    const funnel_lex *w = deid_words();
    size_t i = a;
    while (i < b) {
        if (!isalpha((unsigned char)t[i]) && (unsigned char)t[i] < 0x80) {
            ward_buf_putc(out, t[i++]);
            continue;
        }
        size_t j = i;
        while (j < b && (isalpha((unsigned char)t[j]) || (unsigned char)t[j] >= 0x80 || t[j] == '\'')) j++;
        if (j - i == 1) {                                  /* an initial */
            ward_buf_putc(out, (char)('A' + pick(seed, 100, t + i, 1) % 26));
        } else {
            char key[40];
            size_t kn = j - i < sizeof key ? j - i : sizeof key - 1;
            for (size_t k = 0; k < kn; k++) key[k] = (char)tolower((unsigned char)t[i + k]);
            uint32_t f = funnel_lex_flags(w, key, kn);
            uint64_t h = pick(seed, WARD_PHI_NAME, t + i, j - i);
            int first = (f & W_FIRST) && !(f & W_LAST);
            put_cased(out, first ? FIRSTS[h % N(FIRSTS)] : LASTS[h % N(LASTS)], t + i, j - i);
        }
        i = j;
    }
}

/* ---- dates ---- */

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    int yi, mi, di;
    ward_date_civil(z, &yi, &mi, &di);
    *y = yi, *m = mi, *d = di;
}

typedef struct field {
    size_t a, b;
    int role;          /* 'Y', 'M' (number), 'N' (month name), 'D', 'd' (second day), 0 other */
    long v;
} field;

static int month_of(const char *s, size_t n)
{
    if (n < 3) return 0;
    for (int m = 0; m < 12; m++)
        if (!strncasecmp(s, MONTHS[m], 3) && (n <= strlen(MONTHS[m])) &&
            (n <= 4 || !strncasecmp(s, MONTHS[m], n)))
            return m + 1;
    return 0;
}

static void put_num(ward_buf *out, long v, size_t width)
{
    ward_buf_printf(out, "%0*ld", (int)width, v);
}

static void surrogate_date(const char *t, size_t a, size_t b, int shift, ward_buf *out)
{
    field f[8];
    size_t nf = 0;
    for (size_t i = a; i < b && nf < 8;) {
        size_t j = i;
        if (isdigit((unsigned char)t[i])) {
            long v = 0;
            for (; j < b && isdigit((unsigned char)t[j]); j++)
                if (j < i + 9) v = v * 10 + (t[j] - '0');   /* within the span: t has no NUL after it */
            f[nf++] = (field){i, j, 0, v};
        } else if (isalpha((unsigned char)t[i])) {
            while (j < b && isalpha((unsigned char)t[j])) j++;
            int m = month_of(t + i, j - i);
            if (m) f[nf++] = (field){i, j, 'N', m};
        } else {
            j = i + 1;
        }
        i = j;
    }
    /* roles */
    int named = 0;
    size_t nnum = 0, idx[8];
    for (size_t i = 0; i < nf; i++) {
        if (f[i].role == 'N') named = 1;
        else idx[nnum++] = i;
    }
    if (nnum == 1 && !named && f[idx[0]].b - f[idx[0]].a == 8) {   /* 20240314 */
        long v = f[idx[0]].v, y = v / 10000, m = v / 100 % 100, d = v % 100;
        long z = days_from_civil(y, m, d) + shift;
        civil_from_days(z, &y, &m, &d);
        ward_buf_printf(out, "%04ld%02ld%02ld", y, m, d);
        return;
    }
    for (size_t k = 0; k < nnum; k++) {
        field *x = &f[idx[k]];
        size_t w = x->b - x->a;
        if (w == 4 || (named && w == 2 && x->a > a && (t[x->a - 1] == '\'' || (k && f[idx[k - 1]].role == 'D'))))
            x->role = 'Y';
    }
    int has_y = 0;
    for (size_t k = 0; k < nnum; k++) has_y |= f[idx[k]].role == 'Y';
    if (!named && !has_y && nnum == 3) f[idx[2]].role = 'Y';             /* 3/14/24 */
    for (size_t k = 0; k < nnum; k++) {
        field *x = &f[idx[k]];
        if (x->role) continue;
        if (named) x->role = 'D';
        else {
            /* numeric: month then day (US) unless the first cannot be a month */
            int has_m = 0;
            for (size_t q = 0; q < nnum; q++) has_m |= f[idx[q]].role == 'M';
            if (!has_m && (x->v <= 12 || k + 1 >= nnum)) x->role = 'M';
            else x->role = 'D';
        }
    }
    /* the last non-year field of a numeric date with two day-like numbers: "3/14/24" */
    long y = 2001, m = 0, d = 15, d2 = 0;
    int have_y = 0, have_d = 0, ydigits = 4;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].role == 'Y') y = f[i].v, have_y = 1, ydigits = (int)(f[i].b - f[i].a);
        else if (f[i].role == 'M' || f[i].role == 'N') m = f[i].v;
        else if (f[i].role == 'D' && !have_d) d = f[i].v, have_d = 1;
        else if (f[i].role == 'D') d2 = f[i].v, f[i].role = 'd';
    }
    if (ydigits == 2) y += y < 50 ? 2000 : 1900;
    if (m < 1 || m > 12 || d < 1 || d > 31) {                 /* not a date after all: keep shape */
        for (size_t i = a; i < b; i++) ward_buf_putc(out, isdigit((unsigned char)t[i]) ? '0' : t[i]);
        return;
    }
    long z = days_from_civil(y, m, d) + shift, ny, nm, nd;
    civil_from_days(z, &ny, &nm, &nd);
    if (!have_d) nd = 0;
    /* write back field by field, keeping everything between them */
    size_t pos = a;
    for (size_t i = 0; i < nf; i++) {
        ward_buf_append(out, t + pos, f[i].a - pos);
        size_t w = f[i].b - f[i].a;
        switch (f[i].role) {
        case 'Y': put_num(out, ydigits == 2 ? ny % 100 : ny, w); break;
        case 'M': put_num(out, nm, w); break;
        case 'D': {
            long v = nd ? nd : d;
            put_num(out, v, w);
            if (f[i].b + 2 <= b && isalpha((unsigned char)t[f[i].b]) && isalpha((unsigned char)t[f[i].b + 1]) &&
                (f[i].b + 2 == b || !isalpha((unsigned char)t[f[i].b + 2]))) {
                const char *suf = v % 100 >= 11 && v % 100 <= 13 ? "th" : v % 10 == 1 ? "st" : v % 10 == 2 ? "nd" : v % 10 == 3 ? "rd" : "th";
                put_cased(out, suf, t + f[i].b, 2);
                f[i].b += 2;
            }
            break;
        }
        case 'd': put_num(out, d2 + (nd - d) < 1 ? 1 : d2 + (nd - d) > 31 ? 31 : d2 + (nd - d), w); break;
        case 'N': {
            const char *name = MONTHS[nm - 1];
            char buf[16];
            int full = w == strlen(MONTHS[f[i].v - 1]);
            size_t k = full ? strlen(name) : 3;
            if (!full && w == 4 && nm == 9) k = 4;                 /* Sept */
            snprintf(buf, sizeof buf, "%.*s", (int)k, name);
            put_cased(out, buf, t + f[i].a, w);
            break;
        }
        default: ward_buf_append(out, t + f[i].a, w);
        }
        pos = f[i].b;
    }
    ward_buf_append(out, t + pos, b - pos);
    (void)have_y;
}

/* Same shape, other characters: digits for digits, letters for letters. */
static void surrogate_shape(const char *t, size_t a, size_t b, int type, const uint8_t seed[32], ward_buf *out)
{
    uint64_t h = pick(seed, type, t + a, b - a);
    int first_digit = 1;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)t[i];
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(h >> 33);
        if (isdigit(c)) {
            /* phone numbers in the 555 range would be obvious: any digit, but no leading 0 */
            ward_buf_putc(out, (char)('0' + (first_digit ? 1 + r % 9 : r % 10)));
            first_digit = 0;
        } else if (isupper(c)) {
            ward_buf_putc(out, (char)('A' + r % 26));
        } else if (islower(c)) {
            ward_buf_putc(out, (char)('a' + r % 26));
        } else {
            ward_buf_putc(out, (char)c);
        }
    }
}

void deid_surrogate(const char *t, size_t a, size_t b, int type, const uint8_t seed[32], int shift,
                         ward_buf *out)
{
    uint64_t h = pick(seed, type, t + a, b - a);
    switch (type) {
    case WARD_PHI_NAME: surrogate_name(t, a, b, seed, out); break;
    case WARD_PHI_DATE: surrogate_date(t, a, b, shift, out); break;
    case WARD_PHI_AGE:
        ward_buf_puts(out, isdigit((unsigned char)t[a]) ? "90" : "ninety");
        if (t[b - 1] == 's' && isdigit((unsigned char)t[a])) ward_buf_putc(out, 's');
        break;
    case WARD_PHI_EMAIL: ward_buf_printf(out, "user%04u@example.org", (unsigned)(h % 10000)); break;
    case WARD_PHI_URL: ward_buf_printf(out, "https://example.org/p%05u", (unsigned)(h % 100000)); break;
    case WARD_PHI_IP:
        ward_buf_printf(out, "10.%u.%u.%u", (unsigned)(h % 256), (unsigned)(h >> 8 & 255), (unsigned)(1 + (h >> 16) % 254));
        break;
    case WARD_PHI_ADDRESS:
        ward_buf_printf(out, "%u %s %s", (unsigned)(10 + h % 990), STREETS[(h >> 12) % N(STREETS)],
                        SUFFIXES[(h >> 20) % N(SUFFIXES)]);
        break;
    case WARD_PHI_CITY: put_cased(out, CITIES[h % N(CITIES)], t + a, b - a); break;
    case WARD_PHI_FACILITY: ward_buf_puts(out, FACILITIES[h % N(FACILITIES)]); break;
    default: surrogate_shape(t, a, b, type, seed, out);
    }
}
