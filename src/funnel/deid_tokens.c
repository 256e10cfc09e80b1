/* deid_tokens.c — the tokens de-identification rules walk, and the
 * candidate spans they propose.
 *
 * A token is a run of letters and digits (bytes >= 0x80 are letters,
 * except general punctuation and the no-break space), or one punctuation
 * character. Each token records its bytes, whether a space or a line break
 * comes before it, its shape (alpha, digit, mixed, punctuation; capitalized,
 * all capitals) and, from one lookup in the word table, its word classes
 * and cue group. Everything after works on these records.
 *
 * Letters outside ASCII: the case of Latin, Greek, Cyrillic and Vietnamese
 * letters is known ("Ólafur" is capitalized, "élan" is not), lookups fold
 * Latin accents (deid_lower_key), and bytes inside a UTF-8 character never
 * count as letters of their own (an em dash is punctuation).
 */
#include "funnel/deid_int.h"

#include <ctype.h>
#include <string.h>

static int word_byte(const char *t, size_t i, size_t len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    /* General punctuation (U+2000..U+206F: quotes, dashes, bullets) and
     * no-break space are not letters. */
    if (c == 0xE2 && i + 1 < len && ((unsigned char)t[i + 1] == 0x80 || (unsigned char)t[i + 1] == 0x81)) return 0;
    if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] < 0xC0) return 0;
    return 1;
}

/* Case of a letter outside ASCII at t[0..n): 1 upper, -1 lower, 0 neither
 * or unknown (scripts without case). Latin-1, Latin Extended-A, Greek and
 * Cyrillic capitals are upper case ("Álvarez", "Łukasz", "Ольга"). */
static int utf8_case(const char *t, size_t n)
{
    unsigned c0 = (unsigned char)t[0];
    if (c0 == 0xE1 && n >= 3 && ((unsigned char)t[1] == 0xBA || (unsigned char)t[1] == 0xBB))
        return ((unsigned char)t[2] & 1) ? -1 : 1;     /* Vietnamese U+1EA0..U+1EF9: even code points are capitals */
    if (n < 2 || (c0 >> 5) != 6 || ((unsigned char)t[1] & 0xC0) != 0x80) return 0;
    unsigned cp = ((c0 & 0x1Fu) << 6) | ((unsigned char)t[1] & 0x3Fu);
    if (cp >= 0xC0 && cp <= 0xDE) return cp == 0xD7 ? 0 : 1;
    if (cp >= 0xDF && cp <= 0xFF) return cp == 0xF7 ? 0 : -1;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp % 2 ? -1 : 1;
    if (cp >= 0x139 && cp <= 0x148) return cp % 2 ? 1 : -1;
    if (cp >= 0x178 && cp <= 0x17E) return cp == 0x178 || cp % 2 ? 1 : -1;
    if (cp == 0x1A0 || cp == 0x1AF) return 1;          /* Ơ Ư */
    if (cp == 0x1A1 || cp == 0x1B0) return -1;
    if ((cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F)) return 1;
    if ((cp >= 0x3B1 && cp <= 0x3C9) || (cp >= 0x430 && cp <= 0x45F)) return -1;
    return 0;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
}

static void push_tok(deid_doc *d, size_t a, size_t b, int nl, int sp)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->tk = ward_xrealloc(d->tk, d->cap * sizeof *d->tk);
    }
    dtok *k = &d->tk[d->n++];
    k->a = a, k->b = b, k->nl = (uint8_t)(nl > 255 ? 255 : nl), k->sp = (uint8_t)sp, k->w = 0, k->cue = 0, k->tag = 0, k->brand = 0, k->term = 0;
    const char *t = d->t;
    int alpha = 0, digit = 0, other = 0, lower = 0, upper = 0, accented = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= '0' && c <= '9') digit++;           /* ASCII ranges: <ctype.h>'s classes in the C locale */
        else if (c >= 'A' && c <= 'Z') alpha++, upper++;
        else if (c >= 'a' && c <= 'z') alpha++, lower++;
        else if ((c & 0xC0) == 0x80) continue;           /* inside a character */
        else if (c >= 0x80 && word_byte(t, i, b)) {
            int cs = utf8_case(t + i, b - i);
            alpha++, upper += cs > 0, lower += cs < 0;
            accented += deid_latin_letter(t + i, b - i, NULL) != 0;
        } else if (c == '\'' && b - a > 1) alpha++;
        else other++;
    }
    uint16_t s = 0;
    if (other && !alpha && !digit) s = T_PUNCT;
    else if (digit && !alpha) s = T_DIGIT;
    else if (alpha && !digit) s = T_ALPHA;
    else s = T_MIXED;
    if (s & (T_ALPHA | T_MIXED)) {
        unsigned char c0 = (unsigned char)t[a];
        int cs0 = c0 >= 0x80 ? utf8_case(t + a, b - a) : 0;
        /* a capital first letter; letters without case (CJK) count as capitals */
        if (isupper(c0) || cs0 > 0 || (c0 >= 0x80 && cs0 == 0)) s |= T_CAP;
        if (upper && !lower) s |= T_UPPER;
        if (b - a < 40) {
            char key[40];
            memcpy(key, t + a, b - a);
            size_t kn = deid_lower_key(key, b - a);
            k->w = deid_word_flags(key, kn);
            k->tag = (uint8_t)(((k->w & W_SYLL) ? TAG_SYLL : 0) | ((k->w & W_LHEAD) ? TAG_LHEAD : 0));
            k->brand = (k->w & W_BRANDPFX) != 0;
            k->term = (k->w & W_TERMPFX) ? TERM_PFX : 0;
            k->w &= ~(uint32_t)(W_SYLL | W_LHEAD | W_BRAND | W_BRANDPFX | W_TERMPFX);
            k->cue = (k->w & W_CUE) ? deid_cue_group(key, kn) : 0;
            /* A capitalized word with accented Latin letters that the lists do
             * not know is a name in English notes ("Wiśniewski", "Begoña");
             * the accented clinical words (Sjögren, Ménière) and loanwords
             * (café, naïve) are listed. At a sentence start it needs more
             * (deid_names.c). */
            if (accented && !k->w && (s & T_CAP) && lower) k->w = W_FIRST | W_LAST | W_ACCENT;
        }
    }
    k->shape = s;
}

void deid_tokenize(deid_doc *d)
{
    const char *t = d->t;
    size_t i = 0, len = d->len;
    while (i < len) {
        int nl = 0, sp = 0;
        for (;;) {
            if (i >= len) return;
            unsigned char c = (unsigned char)t[i];
            if (c == '\n') nl++, sp = 1, i++;
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') sp = 1, i++;
            else if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xA0) sp = 1, i += 2;
            else break;
        }
        size_t a = i;
        if (word_byte(t, i, len)) {
            while (i < len) {
                unsigned char c = (unsigned char)t[i];
                /* ASCII (most bytes): a letter or digit, without a call */
                int word = c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') : word_byte(t, i, len);
                if (!word) break;
                i += utf8_len(c);
            }
            /* O'Brien, D'Angelo: one letter, an apostrophe, a capital */
            if (i - a == 1 && i + 1 < len && t[i] == '\'' && isupper((unsigned char)t[i + 1])) {
                i++;
                while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
            }
        } else {
            i += utf8_len((unsigned char)t[i]);
        }
        if (i > len) i = len;
        push_tok(d, a, i, nl, sp);
    }
}


int deid_column_gap(const deid_doc *d, size_t k)
{
    if (k == 0 || k >= d->n || TK(k).nl) return 0;
    size_t a = TK(k - 1).b, b = TK(k).a;
    return b - a >= 3 || (b - a >= 1 && d->t[a] == '\t') || (b - a == 2 && d->t[a + 1] == '\t');
}

int deid_clinical_after(const deid_doc *d, size_t k)
{
    for (size_t q = k; q < d->n && q < k + 4 && !TK(q).nl; q++) {
        if (!(TK(q).shape & T_ALPHA) || (cap(d, q) && !(TK(q).w & W_KEEP)) || (TK(q).w & W_STOP) ||
            tok_eq(d, q, "of", 2))
            return 0;
        if (TK(q).w & W_HEAD) return 1;
    }
    return 0;
}

int deid_roman(const deid_doc *d, size_t k, int with_x, int letter_ok)
{
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), r = 0;
    while (r < n && (p[r] == 'I' || p[r] == 'V' || (with_x && p[r] == 'X'))) r++;
    return r && (r == n || (letter_ok && r + 1 == n && p[r] >= 'a' && p[r] <= 'c'));
}

/* An unlisted word with the ending of an English noun, adjective or verb
 * form ("Education", "Safety", "Pending"): not a name by its look. */
int deid_english_word(const deid_doc *d, size_t k)
{
    static const char *const ends[] = {"tion", "sion", "ment", "ness", "ity", "ance", "ence", "ing", "ive", "ous",
                                       "ory", "ary", "ism", "ics", "ure", "ed", "ful", "less", "able", "ible"};
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t m = strlen(ends[i]);
        if (n > m + 2 && deid_eq_nocase(p + n - m, ends[i], m)) return 1;
    }
    return 0;
}

void deid_add(deid_doc *d, size_t a, size_t b, int type, int prio)
{
    if (b <= a) return;
    if (d->nc == d->capc) {
        d->capc = d->capc ? d->capc * 2 : 64;
        d->c = ward_xrealloc(d->c, d->capc * sizeof *d->c);
    }
    d->c[d->nc++] = (cand){a, b, type, prio};
}

void deid_add_toks(deid_doc *d, size_t i, size_t j, int type, int prio)
{
    if (j > i) deid_add(d, TK(i).a, TK(j - 1).b, type, prio);
}
