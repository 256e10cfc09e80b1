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

/* What a word's lookup gives its token, remembered per thread by the
 * word's key: notes repeat their words ("the", "patient", "and"), and a
 * look here costs a fraction of a lookup in the word tables (megabytes,
 * most slots a cache miss, then the names table and the cue groups).
 * Direct-mapped by the key's hash; a word is answered only by an entry
 * of its own key (compared whole), and the tables never change once
 * built, so the answer is the lookup's. */
#define MEMO_SLOTS 1024
typedef struct word_memo {
    uint64_t h;
    uint32_t w;         /* the word classes, less those moved to the fields below */
    uint16_t cue;
    uint8_t n;          /* the key's length; 0: empty */
    uint8_t tag, brand, term, lower;
    char key[39];
} word_memo;
static _Thread_local word_memo memo[MEMO_SLOTS];

/* The entry that holds key[0..n) (hash h), or NULL. */
static inline word_memo *memo_find(const char *key, size_t n, uint64_t h)
{
    word_memo *m = &memo[h % MEMO_SLOTS];
    return m->h == h && m->n == n && !memcmp(m->key, key, n) ? m : NULL;
}

/* Looks key[0..n) up in the word tables into its entry (once part of
 * push_tok); returns it. */
static word_memo *memo_fill(const char *key, size_t n, uint64_t h)
{
    word_memo *m = &memo[h % MEMO_SLOTS];
    uint32_t w = deid_word_flags_hashed(key, n, h);
    m->tag = (uint8_t)(((w & W_SYLL) ? TAG_SYLL : 0) | ((w & W_LHEAD) ? TAG_LHEAD : 0));
    m->brand = (w & W_BRANDPFX) != 0;
    m->term = (w & W_TERMPFX) ? TERM_PFX : 0;
    m->lower = (w & W_LOWER) != 0;
    m->w = w & ~(uint32_t)(W_SYLL | W_LHEAD | W_BRAND | W_BRANDPFX | W_TERMPFX | W_LOWER);
    m->cue = (m->w & W_CUE) ? deid_cue_group(key, n, h) : 0;
    m->h = h, m->n = (uint8_t)n;
    memcpy(m->key, key, n);
    return m;
}

/* Gives token k the classes and cue group of its word (m). */
static void memo_apply(deid_doc *d, size_t k, const word_memo *m, int accent_cap)
{
    dtok *t = &d->tk[k];
    t->w = m->w, t->cue = m->cue, t->tag = m->tag, t->brand = m->brand, t->term = m->term, t->lower = m->lower;
    /* A capitalized word with accented Latin letters that the lists do
     * not know is a name in English notes ("Wiśniewski", "Begoña");
     * the accented clinical words (Sjögren, Ménière) and loanwords
     * (café, naïve) are listed. At a sentence start it needs more
     * (deid_names.c). */
    if (accent_cap && !t->w) t->w = W_FIRST | W_LAST | W_ACCENT;
}

/* The classes and cue group of a queued word from its key. */
static void finish_word(deid_doc *d, const pending_word *p)
{
    const word_memo *m = memo_find(p->key, p->n, p->h);
    memo_apply(d, p->k, m ? m : memo_fill(p->key, p->n, p->h), p->accent_cap);
}

/* Token k's word of key p->key[0..n) (hash h): answered now when the
 * memo holds it, else queued for its lookup (p, q's next slot). */
static void queue_word(deid_doc *d, size_t k, pending_word *p, size_t n, uint64_t h, int accent_cap, pending *q)
{
    const word_memo *m = memo_find(p->key, n, h);
    if (m) {
        memo_apply(d, k, m, accent_cap);
        return;
    }
    p->k = k, p->n = n, p->h = h, p->accent_cap = accent_cap;
    deid_word_prefetch(h);
    q->pushed++;
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

/* Appends token [a, b) of shape s: its other fields 0 but its breaks and
 * slot (c0 its first byte in lower case). Inline: a call per token cost
 * more than its stores. */
static inline __attribute__((always_inline)) void new_tok(deid_doc *d, size_t a, size_t b, int nl, int sp,
                                                          unsigned char c0, uint16_t s)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->tk = ward_xrealloc(d->tk, d->cap * sizeof *d->tk);
    }
    d->tk[d->n++] = (dtok){.a = a, .b = b, .shape = s, .nl = (uint8_t)(nl > 255 ? 255 : nl), .sp = (uint8_t)sp,
                           .slot = (uint8_t)deid_list_slot(c0, b - a)};
}

/* Appends token t[a..b) of byte counts c; a word shorter than 40 bytes is
 * queued for its lookup in q (its key made here). */
/* Copies a word's n bytes to its lookup key, a typographic apostrophe
 * as a straight one: "O’Brien" has the classes of "O'Brien". Returns the
 * key's length. */
static size_t key_copy(char *key, const char *w, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && !memcmp(w + i, "\xE2\x80\x99", 3)) key[k++] = '\'', i += 2;
        else key[k++] = w[i];
    }
    return k;
}

static void push_tok(deid_doc *d, size_t a, size_t b, int nl, int sp, const tok_bytes *c, pending *q)
{
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
    }
    new_tok(d, a, b, nl, sp, deid_lc((unsigned char)t[a]), s);
    if (!(s & (T_ALPHA | T_MIXED)) || b - a >= 40) return;
    pending_word *p = pending_next(d, q);
    size_t n = key_copy(p->key, t + a, b - a);
    n = deid_lower_key(p->key, n);
    queue_word(d, d->n - 1, p, n, funnel_lex_hash(p->key, n), c->accented && (s & T_CAP) && c->lower, q);
}

/* Classes of a byte, for the loop that reads every byte of a note: one
 * table load a byte where the tests cost three compares or more. */
enum { BC_LOWER = 1, BC_UPPER = 2, BC_DIGIT = 4, BC_BLANK = 8, BC_NL = 16 };
#define BC(c)                                                                                                   \
    ((c) >= 'a' && (c) <= 'z'   ? BC_LOWER                                                                      \
     : (c) >= 'A' && (c) <= 'Z' ? BC_UPPER                                                                      \
     : (c) >= '0' && (c) <= '9' ? BC_DIGIT                                                                      \
     : (c) == '\n'              ? BC_NL                                                                         \
     : (c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\f' || (c) == '\v' ? BC_BLANK                         \
                                : 0)
#define BC4(c) BC(c), BC((c) + 1), BC((c) + 2), BC((c) + 3)
#define BC16(c) BC4(c), BC4((c) + 4), BC4((c) + 8), BC4((c) + 12)
#define BC64(c) BC16(c), BC16((c) + 16), BC16((c) + 32), BC16((c) + 48)
static const uint8_t BYTE_CLASS[256] = {BC64(0), BC64(64), BC64(128), BC64(192)};
#undef BC64
#undef BC16
#undef BC4
#undef BC
#define BC_ALNUM (BC_LOWER | BC_UPPER | BC_DIGIT)

/* The ASCII letters and digits of a word from t[i] (most words): ORs
 * their classes into *seen, and makes the lower-case key (deid_lower_key
 * of ASCII) and its hash of a word shorter than 40 bytes as it goes, so
 * that push_tok reads the bytes no more. Returns where they end. */
static size_t scan_ascii(const char *t, size_t i, size_t len, unsigned *seen, char key[40], uint64_t *h)
{
    size_t a = i, keyed = len - i > 40 ? i + 40 : len;
    unsigned cls = 0;                      /* in a register, stored once */
    uint64_t x = 1469598103934665603ULL;   /* funnel_lex_hash, byte by byte */
    for (; i < keyed; i++) {
        unsigned ch = (unsigned char)t[i], c = BYTE_CLASS[ch];
        if (!(c & BC_ALNUM)) break;
        cls |= c;
        ch += (c & BC_UPPER) << 4;         /* 'A'..'Z' + 32 */
        key[i - a] = (char)ch;
        x = (x ^ ch) * 1099511628211ULL;
    }
    if (i == keyed)                        /* 40 bytes or more: no lookup, no key */
        for (; i < len && (BYTE_CLASS[(unsigned char)t[i]] & BC_ALNUM); i++) cls |= BYTE_CLASS[(unsigned char)t[i]];
    *seen = cls;
    *h = x;
    return i;
}

/* A word of ASCII letters and digits t[a..b) (most tokens), with the
 * classes of its bytes, its key (in p, q's next slot) and its hash from
 * scan_ascii: push_tok's answer without its byte counts. */
static void push_ascii_word(deid_doc *d, size_t a, size_t b, int nl, int sp, unsigned seen, uint64_t h,
                            pending_word *p, pending *q)
{
    uint16_t s = !(seen & (BC_LOWER | BC_UPPER)) ? T_DIGIT : (seen & BC_DIGIT) ? T_MIXED : T_ALPHA;
    if (s != T_DIGIT) {
        if (BYTE_CLASS[(unsigned char)d->t[a]] & BC_UPPER) s |= T_CAP;
        if (!(seen & BC_LOWER)) s |= T_UPPER;
    }
    new_tok(d, a, b, nl, sp, (unsigned char)p->key[0], s);   /* the key's first byte: in lower case */
    if (s == T_DIGIT || b - a >= 40) return;
    queue_word(d, d->n - 1, p, b - a, h, 0, q);
}

/* The blanks and line breaks before a token from *i: sets *nl to the
 * line breaks, returns whether there was any (a no-break space counts). */
static int skip_blanks(const char *t, size_t *i, size_t len, int *nl)
{
    int sp = 0;
    size_t k = *i;
    while (k < len) {
        unsigned c = BYTE_CLASS[(unsigned char)t[k]];
        if (c & BC_NL) ++*nl, sp = 1, k++;
        else if (c & BC_BLANK) sp = 1, k++;
        else if ((unsigned char)t[k] == 0xC2 && k + 1 < len && (unsigned char)t[k + 1] == 0xA0) sp = 1, k += 2;
        else break;
    }
    *i = k;
    return sp;
}

/* The bytes of an apostrophe at t[i]: 1 for "'", 3 for the typographic
 * "’" (U+2019) that word processors and phones type; 0 for none. */
static size_t apostrophe_len(const char *t, size_t i, size_t len)
{
    if (i < len && t[i] == '\'') return 1;
    return i + 2 < len && !memcmp(t + i, "\xE2\x80\x99", 3) ? 3 : 0;
}

/* A word with letters outside ASCII, an O'Brien, or punctuation of
 * several bytes, from a (the scan read ASCII to i): reads to its end,
 * counts its bytes, and pushes it. Returns where it ends. */
static size_t push_other(deid_doc *d, size_t a, size_t i, int nl, int sp, pending *q)
{
    const char *t = d->t;
    size_t len = d->len;
    if (word_byte(t, a, len)) {
        if (i < len && (unsigned char)t[i] >= 0x80)
            while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
        /* O'Brien, D'Angelo, O’Hara: one letter, an apostrophe (straight
         * or typographic), a capital */
        size_t ap = i - a == 1 ? apostrophe_len(t, i, len) : 0;
        if (ap && i + ap < len && t[i + ap] >= 'A' && t[i + ap] <= 'Z') {
            i += ap;
            while (i < len && word_byte(t, i, len)) i += utf8_len((unsigned char)t[i]);
        }
    } else {
        i = a + utf8_len((unsigned char)t[a]);
    }
    if (i > len) i = len;
    tok_bytes c = count_bytes(t, a, i);
    push_tok(d, a, i, nl, sp, &c, q);
    return i;
}

void deid_tokenize(deid_doc *d)
{
    const char *t = d->t;
    size_t i = 0, len = d->len;
    pending q = {.pushed = 0, .done = 0};
    d->named_marked = 0;   /* new tokens: deid_terms.c marks them again */
    /* a token per 3 bytes or 4 in notes: one allocation, not a doubling
     * per 8 KiB read (a long text still doubles past the first 2 MiB) */
    size_t guess = len / 3 + 16 < ((size_t)1 << 16) ? len / 3 + 16 : (size_t)1 << 16;
    if (d->cap < guess) {
        d->cap = guess;
        d->tk = ward_xrealloc(d->tk, d->cap * sizeof *d->tk);
    }
    while (i < len) {
        int nl = 0, sp = skip_blanks(t, &i, len, &nl);
        if (i >= len) break;
        size_t a = i;
        unsigned char c0 = (unsigned char)t[i];
        if (BYTE_CLASS[c0] & BC_ALNUM) {
            unsigned seen;
            uint64_t h;
            pending_word *p = pending_next(d, &q);   /* the scan's key goes where its lookup waits */
            i = scan_ascii(t, i, len, &seen, p->key, &h);
            int ends = i >= len || ((unsigned char)t[i] < 0x80 && !(i - a == 1 && t[i] == '\''));
            if (ends) push_ascii_word(d, a, i, nl, sp, seen, h, p, &q);
            else i = push_other(d, a, i, nl, sp, &q);
        } else if (c0 < 0x80) {
            new_tok(d, a, ++i, nl, sp, c0, T_PUNCT);   /* one byte of punctuation (no letter to lower) */
        } else {
            i = push_other(d, a, i, nl, sp, &q);
        }
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
