/* deid_tokens.c — the tokens de-identification rules walk, and the
 * candidate spans they propose.
 *
 * A token is a run of letters and digits (bytes >= 0x80 are letters,
 * except symbols, punctuation and the no-break space), or one punctuation
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

#include <string.h>

/* tok_in's slot took a byte of padding: a token stays 32 bytes. */
_Static_assert(sizeof(dtok) == 32, "a token is 32 bytes");

static inline int word_byte(const char *t, size_t i, size_t len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    /* Not letters: the no-break space; U+2000..U+2BFF (general
     * punctuation, quotes, dashes, bullets, currency, letterlike symbols,
     * number forms, arrows, math, box drawing, shapes, dingbats: "→",
     * "✓", "℞") and supplemental punctuation (U+2E00..U+2E7F); CJK
     * punctuation (U+3000..U+303F); emoji and other symbols (U+1F000..). */
    unsigned char c1 = i + 1 < len ? (unsigned char)t[i + 1] : 0;
    if (c == 0xC2 && c1 && c1 < 0xC0) return 0;
    if (c == 0xE2 && ((c1 >= 0x80 && c1 <= 0xAF) || c1 == 0xB8 || c1 == 0xB9)) return 0;
    if (c == 0xE3 && c1 == 0x80) return 0;
    if (c == 0xF0 && c1 == 0x9F) return 0;
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

/* How many bytes of each class a token has (push_tok's shape). */
typedef struct tok_bytes {
    int alpha, digit, other, lower, upper, accented;
} tok_bytes;

/* Counts the classes of the bytes t[a..b) of any token. */
static tok_bytes count_bytes(const char *t, size_t a, size_t b)
{
    tok_bytes c = {0};
    for (size_t i = a; i < b; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= '0' && ch <= '9') c.digit++;           /* ASCII ranges: <ctype.h>'s classes in the C locale */
        else if (ch >= 'A' && ch <= 'Z') c.alpha++, c.upper++;
        else if (ch >= 'a' && ch <= 'z') c.alpha++, c.lower++;
        else if ((ch & 0xC0) == 0x80) continue;           /* inside a character */
        else if (ch >= 0x80 && word_byte(t, i, b)) {
            int cs = utf8_case(t + i, b - i);
            c.alpha++, c.upper += cs > 0, c.lower += cs < 0;
            c.accented += deid_latin_letter(t + i, b - i, NULL) != 0;
        } else if (ch == '\'' && b - a > 1) c.alpha++;
        else c.other++;
    }
    return c;
}

/* A word's lower-case key and its hash, when its scan made them (ASCII
 * letters and digits only; key NULL: push_tok makes them). */
typedef struct tok_key {
    const char *key;
    size_t n;
    uint64_t h;
} tok_key;

/* A word whose lookup in the word tables waits: the tables are megabytes
 * and most words' slots miss the cache, so the tokenizer asks for a
 * word's slots when it has read it (deid_word_prefetch) and looks it up
 * LOOKAHEAD words later, its miss overlapping the reading of those words.
 * A word's classes depend on its key alone, so the order of lookups
 * changes nothing. */
#define LOOKAHEAD 8
typedef struct pending_word {
    size_t k;          /* the token */
    uint64_t h;        /* funnel_lex_hash of key[0..n) */
    size_t n;
    int accent_cap;    /* capitalized, with accented Latin letters and a lower-case one */
    char key[40];      /* the scan writes its lower-case key here */
} pending_word;

typedef struct pending {
    pending_word w[LOOKAHEAD];
    size_t pushed, done;   /* words queued, words looked up */
} pending;

/* The classes and cue group of a word from its key (once part of push_tok). */
static void finish_word(deid_doc *d, const pending_word *p)
{
    dtok *k = &d->tk[p->k];
    k->w = deid_word_flags_hashed(p->key, p->n, p->h);
    k->tag = (uint8_t)(((k->w & W_SYLL) ? TAG_SYLL : 0) | ((k->w & W_LHEAD) ? TAG_LHEAD : 0));
    k->brand = (k->w & W_BRANDPFX) != 0;
    k->term = (k->w & W_TERMPFX) ? TERM_PFX : 0;
    k->lower = (k->w & W_LOWER) != 0;
    k->w &= ~(uint32_t)(W_SYLL | W_LHEAD | W_BRAND | W_BRANDPFX | W_TERMPFX | W_LOWER);
    k->cue = (k->w & W_CUE) ? deid_cue_group(p->key, p->n, p->h) : 0;
    /* A capitalized word with accented Latin letters that the lists do
     * not know is a name in English notes ("Wiśniewski", "Begoña");
     * the accented clinical words (Sjögren, Ménière) and loanwords
     * (café, naïve) are listed. At a sentence start it needs more
     * (deid_names.c). */
    if (p->accent_cap && !k->w) k->w = W_FIRST | W_LAST | W_ACCENT;
}

/* The slot the next word's key goes to, once the oldest queued word
 * was looked up if the queue is full. */
static pending_word *pending_next(deid_doc *d, pending *q)
{
    if (q->pushed - q->done == LOOKAHEAD) finish_word(d, &q->w[q->done++ % LOOKAHEAD]);
    return &q->w[q->pushed % LOOKAHEAD];
}

static void pending_flush(deid_doc *d, pending *q)
{
    while (q->done < q->pushed) finish_word(d, &q->w[q->done++ % LOOKAHEAD]);
}

/* Appends token t[a..b); a word shorter than 40 bytes is queued for its
 * lookup in q (its key: kk from the scan, in q's next slot, or made here). */
static void push_tok(deid_doc *d, size_t a, size_t b, int nl, int sp, const tok_bytes *c, const tok_key *kk,
                     pending *q)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->tk = ward_xrealloc(d->tk, d->cap * sizeof *d->tk);
    }
    dtok *k = &d->tk[d->n++];
    k->a = a, k->b = b, k->nl = (uint8_t)(nl > 255 ? 255 : nl), k->sp = (uint8_t)sp, k->w = 0, k->cue = 0, k->tag = 0, k->brand = 0, k->term = 0, k->lower = 0;
    k->slot = (uint8_t)deid_list_slot(deid_lc((unsigned char)d->t[a]), b - a);
    const char *t = d->t;
    uint16_t s = 0;
    if (c->other && !c->alpha && !c->digit) s = T_PUNCT;
    else if (c->digit && !c->alpha) s = T_DIGIT;
    else if (c->alpha && !c->digit) s = T_ALPHA;
    else s = T_MIXED;
    if (s & (T_ALPHA | T_MIXED)) {   /* words only get T_CAP: cap() (deid_int.h) relies on it */
        unsigned char c0 = (unsigned char)t[a];
        int cs0 = c0 >= 0x80 ? utf8_case(t + a, b - a) : 0;
        /* a capital first letter; letters without case (CJK) count as capitals */
        if ((c0 >= 'A' && c0 <= 'Z') || cs0 > 0 || (c0 >= 0x80 && cs0 == 0)) s |= T_CAP;
        if (c->upper && !c->lower) s |= T_UPPER;
        if (b - a < 40) {
            pending_word *p = pending_next(d, q);   /* may look a word up: k is reread below */
            p->k = d->n - 1;
            if (kk) {
                if (kk->key != p->key) memcpy(p->key, kk->key, kk->n);
                p->n = kk->n, p->h = kk->h;
            } else {
                memcpy(p->key, t + a, b - a);
                p->n = deid_lower_key(p->key, b - a);
                p->h = funnel_lex_hash(p->key, p->n);
            }
            p->accent_cap = c->accented && (s & T_CAP) && c->lower;
            deid_word_prefetch(p->h);
            q->pushed++;
        }
    }
    d->tk[d->n - 1].shape = s;
}

/* The ASCII letters and digits of a word from t[i] (most words): counts
 * them, and makes the lower-case key (deid_lower_key of ASCII) and its
 * hash of a word shorter than 40 bytes as it goes, so that push_tok reads
 * the bytes no more. Returns where they end. */
static size_t scan_ascii(const char *t, size_t i, size_t len, tok_bytes *c, char key[40], uint64_t *h)
{
    size_t a = i;
    int lower = 0, upper = 0, digit = 0;   /* counted in registers, stored once */
    uint64_t x = 1469598103934665603ULL;   /* funnel_lex_hash, byte by byte */
    for (; i < len; i++) {
        unsigned ch = (unsigned char)t[i];
        if (ch - 'a' < 26u) lower++;
        else if (ch - 'A' < 26u) upper++, ch += 32;
        else if (ch - '0' < 10u) digit++;
        else break;
        if (i - a < 40) key[i - a] = (char)ch;
        x = (x ^ ch) * 1099511628211ULL;
    }
    c->lower = lower, c->upper = upper, c->digit = digit;
    c->alpha = lower + upper;
    *h = x;
    return i;
}

void deid_tokenize(deid_doc *d)
{
    const char *t = d->t;
    size_t i = 0, len = d->len;
    pending q = {.pushed = 0, .done = 0};
    d->named_marked = 0;   /* new tokens: deid_terms.c marks them again */
    while (i < len) {
        int nl = 0, sp = 0;
        for (;;) {
            if (i >= len) break;
            unsigned char c = (unsigned char)t[i];
            if (c == '\n') nl++, sp = 1, i++;
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') sp = 1, i++;
            else if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0xA0) sp = 1, i += 2;
            else break;
        }
        if (i >= len) break;
        size_t a = i;
        tok_bytes c = {0};
        tok_key kk = {NULL, 0, 0};
        int ascii = 0;   /* the fast scan read the whole word */
        if (word_byte(t, i, len)) {
            char *key = pending_next(d, &q)->key;   /* the scan's key goes where its lookup waits */
            kk.key = key;
            i = scan_ascii(t, i, len, &c, key, &kk.h);
            ascii = i >= len || (unsigned char)t[i] < 0x80;   /* stopped at ASCII: the word's end */
            if (!ascii)
                while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
            /* O'Brien, D'Angelo: one letter, an apostrophe, a capital */
            if (i - a == 1 && i + 1 < len && t[i] == '\'' && t[i + 1] >= 'A' && t[i + 1] <= 'Z') {
                i++;
                while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
                ascii = 0;
            }
        } else {
            i += utf8_len((unsigned char)t[i]);
        }
        if (i > len) i = len;
        if (!ascii) c = count_bytes(t, a, i);
        kk.n = i - a;
        push_tok(d, a, i, nl, sp, &c, ascii ? &kk : NULL, &q);
    }
    pending_flush(d, &q);
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

size_t deid_tok_at(const deid_doc *d, size_t b, int by_end)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((by_end ? TK(mid).b <= b : TK(mid).a < b)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
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
    /* with their lengths: no strlen per ending, in a test asked of many words */
#define END(s) {s, sizeof s - 1}
    static const struct {
        const char *s;
        size_t n;
    } ends[] = {END("tion"), END("sion"), END("ment"), END("ness"), END("ity"), END("ance"), END("ence"),
                END("ing"),  END("ive"),  END("ous"),  END("ory"),  END("ary"), END("ism"),  END("ics"),
                END("ure"),  END("ed"),   END("ful"),  END("less"), END("able"), END("ible")};
#undef END
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k);
    unsigned char last = deid_lc((unsigned char)p[n - 1]);   /* most endings fail at it: compared first */
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t m = ends[i].n;
        if (n > m + 2 && (unsigned char)ends[i].s[m - 1] == last && deid_eq_nocase(p + n - m, ends[i].s, m)) return 1;
    }
    return 0;
}

void deid_list_filter_build(deid_list_filter *f, const char *const *w, size_t n)
{
    memset(f->shared, 0, sizeof f->shared);
    memset(f->first, 0, sizeof f->first);
    for (size_t q = 0; q < n; q++) {
        unsigned s = deid_list_slot((unsigned char)w[q][0], strlen(w[q]));
        if (f->first[s] || q >= 254) f->shared[s / 64] |= 1ull << (s % 64);   /* scan from the first on */
        if (!f->first[s]) f->first[s] = (uint8_t)(q < 254 ? q + 1 : 255);
    }
    f->w = w, f->n = n;
}

int deid_list_slot_match(const deid_doc *d, size_t k, const char *const *w, size_t n, const deid_list_filter *f)
{
    unsigned s = TK(k).slot;
    size_t q = f->first[s] - 1u;
    char c = (char)deid_lc((unsigned char)d->t[TK(k).a]);
    if (!(f->shared[s / 64] >> (s % 64) & 1)) return w[q][0] == c && tok_is(d, k, w[q]);   /* the slot's one word */
    for (; q < n; q++)
        if (w[q][0] == c && tok_is(d, k, w[q])) return 1;
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
