/* deid_surrogate.c — realistic replacements that stay consistent.
 *
 * Every choice is a keyed hash (libsodium BLAKE2b) of the patient's seed and
 * the original text, so within one patient the same name always becomes the
 * same surrogate, in every note and every run, and nothing can be reversed
 * without the site key. Dates move by the patient's shift, so intervals
 * between them are kept, each in its own shape (deid_dates.c). Numbers
 * keep their shape ("(617) 555-0100" becomes another number with the same
 * punctuation), names and places their case, and an age over 89 becomes
 * 90, the one age Safe Harbor lets stand for all of them.
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

/* Copies word into out with the case of the original: all capitals, all
 * lower case ("maria" in a chat), or the word's own. */
static void put_cased(ward_buf *out, const char *word, const char *orig, size_t on)
{
    int upper = 0, lower = 0;
    for (size_t i = 0; i < on; i++) upper += isupper((unsigned char)orig[i]) != 0, lower += islower((unsigned char)orig[i]) != 0;
    for (const char *p = word; *p; p++) {
        unsigned char c = (unsigned char)*p;
        ward_buf_putc(out, (char)(upper > 1 && !lower ? toupper(c) : lower && !upper ? tolower(c) : c));
    }
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

/* Same shape, other characters: digits for digits, letters for letters.
 * A phone's groups of digits open with 2-9, as area and exchange codes do
 * (no "055-0123"); a country code "+1" or "1-" stays. */
static void surrogate_shape(const char *t, size_t a, size_t b, int type, const uint8_t seed[32], ward_buf *out)
{
    uint64_t h = pick(seed, type, t + a, b - a);
    int phone = type == WARD_PHI_PHONE || type == WARD_PHI_FAX, first_digit = 1;
    size_t i = a;
    if (phone && t[i] == '+') ward_buf_putc(out, t[i++]);
    if (phone && i + 1 < b && t[i] == '1' && !isdigit((unsigned char)t[i + 1])) ward_buf_putc(out, t[i++]);
    for (; i < b; i++) {
        unsigned char c = (unsigned char)t[i];
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(h >> 33);
        if (isdigit(c)) {
            int opens = i == a || !isdigit((unsigned char)t[i - 1]);
            if (phone && opens) ward_buf_putc(out, (char)('2' + r % 8));
            else ward_buf_putc(out, (char)('0' + (first_digit ? 1 + r % 9 : r % 10)));   /* no leading 0 */
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

/* An age over 89: "90", "90s", "ninety" in the case of the original. */
static void surrogate_age(const char *t, size_t a, size_t b, ward_buf *out)
{
    if (isdigit((unsigned char)t[a])) {
        ward_buf_puts(out, "90");
        if (t[b - 1] == 's') ward_buf_putc(out, 's');              /* "in her 90s" */
        return;
    }
    size_t e = a;
    while (e < b && isalpha((unsigned char)t[e])) e++;
    put_cased(out, "Ninety", t + a, e - a);
}

void deid_surrogate(const char *t, size_t a, size_t b, int type, const uint8_t seed[32], deid_dates *dates,
                    ward_buf *out)
{
    uint64_t h = pick(seed, type, t + a, b - a);
    switch (type) {
    case WARD_PHI_NAME: surrogate_name(t, a, b, seed, out); break;
    case WARD_PHI_DATE: deid_dates_write(dates, t, a, b, out); break;
    case WARD_PHI_AGE: surrogate_age(t, a, b, out); break;
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
    case WARD_PHI_FACILITY: put_cased(out, FACILITIES[h % N(FACILITIES)], t + a, b - a); break;
    default: surrogate_shape(t, a, b, type, seed, out);
    }
}
