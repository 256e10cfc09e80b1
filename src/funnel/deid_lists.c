/* deid_lists.c — the word lists' tables, loaded from their text: the word
 * table (data/deid_words.tsv and data/deid_lower.tsv) and the name lists
 * (data/deid_names.tsv, data/deid_names_hand.tsv) with their Bloom filter.
 *
 * Ideas a reader needs:
 *  - The build loads the lists with this file (cmake/deid_lists_gen.c)
 *    and writes the tables it made as C arrays: a process starts with them
 *    in place (deid_words.c), where parsing and hashing 49,000 lines cost
 *    36 M instructions a process. A site's words file is loaded at run
 *    time by this same code, into the table the build made.
 *  - Keys are folded (deid_lower_key): lower case, Latin accents off, so
 *    "Tomás" and "Tomas" are one key.
 */
#include "funnel/deid_int.h"

#include <ctype.h>
#include <string.h>

uint64_t deid_names_bloom[DEID_BLOOM_BITS / 64];

static void bloom_add(uint64_t h)
{
    uint32_t a = (uint32_t)h & (DEID_BLOOM_BITS - 1), b = (uint32_t)(h >> 32) & (DEID_BLOOM_BITS - 1);
    deid_names_bloom[a / 64] |= 1ull << (a % 64);
    deid_names_bloom[b / 64] |= 1ull << (b % 64);
}

static uint32_t letter_flags(const char *v)
{
    static const char letters[] = "FLCEKTPSAYHhM";
    uint32_t f = 0;
    for (; *v; v++) {
        const char *p = strchr(letters, *v);
        if (p) f |= 1u << (p - letters);
        if (*v == 'Q') f |= W_CITYPFX;
        if (*v == 'R') f |= W_RELATIVE;
        if (*v == 'N') f |= W_HEAD;
        if (*v == 'W') f |= W_STOP;
        if (*v == 'G') f |= W_SYLL;
        if (*v == 'D') f |= W_LHEAD;
        if (*v == 'B') f |= W_BRAND;
    }
    return f;
}

/* ASCII letters of U+00C0..U+017F (Latin-1 letters, Latin Extended-A), or
 * '?' for the two signs among them (multiplication, division). */
static const char LATIN_BASE[] = "aaaaaaaceeeeiiiidnooooo?ouuuuyts"
                                 "aaaaaaaceeeeiiiidnooooo?ouuuuyty"
                                 "aaaaaaccccccccddddeeeeeeeeeegggg"
                                 "gggghhhhiiiiiiiiiiiijjkkklllllll"
                                 "lllnnnnnnnnnoooooooorrrrrrssssss"
                                 "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Vietnamese letters of U+1EA0..U+1EF9 (Latin Extended Additional) by
 * range: the base vowel of each run. */
static char viet_base(unsigned cp)
{
    return cp <= 0x1EB7 ? 'a' : cp <= 0x1EC7 ? 'e' : cp <= 0x1ECB ? 'i' : cp <= 0x1EE3 ? 'o' : cp <= 0x1EF1 ? 'u' : 'y';
}

size_t deid_latin_letter(const char *s, size_t n, char *base)
{
    if (n < 2) return 0;
    unsigned c0 = (unsigned char)s[0], c1 = (unsigned char)s[1];
    if ((c1 & 0xC0) != 0x80) return 0;
    char b = 0;
    size_t len = 2;
    if (c0 >= 0xC3 && c0 <= 0xC5) {
        unsigned cp = ((c0 & 0x1Fu) << 6) | (c1 & 0x3Fu);
        b = LATIN_BASE[cp - 0xC0];
        if (b == '?') return 0;
    } else if (c0 == 0xC6 && (c1 == 0xA0 || c1 == 0xA1)) {
        b = 'o';                                      /* Ơ ơ */
    } else if (c0 == 0xC6 && (c1 == 0xAF || c1 == 0xB0)) {
        b = 'u';                                      /* Ư ư */
    } else if (c0 == 0xE1 && n >= 3 && (c1 == 0xBA || c1 == 0xBB) && ((unsigned char)s[2] & 0xC0) == 0x80) {
        unsigned cp = 0x1000u | ((c1 & 0x3Fu) << 6) | ((unsigned char)s[2] & 0x3Fu);
        if (cp < 0x1EA0 || cp > 0x1EF9) return 0;
        b = viet_base(cp), len = 3;
    } else {
        return 0;
    }
    if (base) *base = b;
    return len;
}

/* Lower case, with the accents of Latin letters folded ("Tomás" and
 * "Tomas", "Sjögren" and "Sjogren" are one key), so the word lists need
 * not spell every variant. The key never grows. */
size_t deid_lower_key(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x80) {   /* most bytes: no accent to fold */
            s[o++] = (char)deid_lc((unsigned char)s[i]);
            continue;
        }
        char b;
        size_t ln = deid_latin_letter(s + i, n - i, &b);
        if (ln) s[o++] = b, i += ln - 1;
        else s[o++] = (char)tolower((unsigned char)s[i]);
    }
    n = o;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return n;
}

void deid_lists_load(funnel_lex *lx, const char *text, size_t len, int names)
{
    size_t pos = 0, kn, vn;
    const char *k, *v;
    char key[128];
    /* a key per line at most (and the few first words of brands and
     * terms): the table grows once, not at every doubling */
    size_t lines = 1;
    for (const char *p = text, *e = text + len; (p = memchr(p, '\n', (size_t)(e - p))); p++) lines++;
    funnel_lex_reserve(lx, lines);
    while (ward_tsv_next(text, len, &pos, &k, &kn, &v, &vn)) {
        if (!kn || kn >= sizeof key) continue;
        memcpy(key, k, kn);
        kn = deid_lower_key(key, kn);
        char val[32];   /* the letters, cut as snprintf would, without its cost on 40,000 lines */
        size_t vl = vn < sizeof val - 1 ? vn : sizeof val - 1;
        memcpy(val, v, vl);
        val[vl] = 0;
        uint32_t f = letter_flags(val);
        funnel_lex_add_flags(lx, key, kn, f);
        if (names) bloom_add(funnel_lex_hash(key, kn));
        /* a brand's first word marks where the brand rule looks ("kaiser" of "kaiser permanente") */
        size_t fw = 0;
        while (fw < kn && (isalnum((unsigned char)key[fw]) || (unsigned char)key[fw] >= 0x80)) fw++;
        if ((f & W_BRAND) && fw) funnel_lex_add_flags(lx, key, fw, W_BRANDPFX);
        /* ... and a clinical term's first word where deid_terms.c looks ("swan" of "swan-ganz") */
        if ((f & W_KEEP) && fw && fw < kn) funnel_lex_add_flags(lx, key, fw, W_TERMPFX);
    }
}

/* The words clinical text writes in lower case (data/deid_lower.tsv, one
 * a line, '#' a comment), as W_LOWER in the word table: the tokenizer's
 * one lookup per word answers deid_lower_word too. A line is its own key
 * (letters a-z: the generator writes no other), so a word matches it when
 * its key is the line. */
void deid_lists_load_lower(funnel_lex *words, const char *text, size_t len)
{
    const char *t = text, *end = text + len;
    size_t lines = 1;
    for (const char *p = t; (p = memchr(p, '\n', (size_t)(end - p))); p++) lines++;
    funnel_lex_reserve(words, lines);
    while (t < end) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        const char *e = nl ? nl : end;
        if (e > t && *t != '#') funnel_lex_add_flags(words, t, (size_t)(e - t), W_LOWER);
        t = e + 1;
    }
}
