/* deid_int.h — what the de-identification files share: word classes, cue
 * phrases, tokens, candidate spans and their priorities.
 *
 * The files, by idea:
 *   deid_words.c     the word table and the cue phrases (data/deid_words.tsv,
 *                    data/deid_cues.tsv), looked up once per token
 *   deid_lists.c     the word lists loaded into tables (by the build, which
 *                    writes them as C arrays, and for a site's file)
 *   deid_tokens.c    tokenization and the candidate list
 *   deid_shapes.c    identifiers with a shape (e-mail, phone, dates, record
 *                    numbers, ages) and places (streets, cities, facilities)
 *   deid_formats.c   identifiers whose format is checked, with no cue (IPv6,
 *                    MBI, UDI, postcodes, +cc phones), ages after a name
 *   deid_codes.c     identifiers known by their place: a chat's user names,
 *                    postal codes of other countries beside a town
 *   deid_places.c    places of care without a head noun, a place's letters
 *   deid_address.c   addresses of other shapes, towns and postal codes around them
 *   deid_brands.c    brands of places of care named alone
 *   deid_names.c     names: cues, titles, lists, a name found once
 *   deid_terms.c     clinical terms that stay, whichever rule took them
 *   deid_keep.c      whole spans that name no one (measures, models, services)
 *   deid_tagger.c    the learned tagger (deid_tagger_train.c trains it)
 *   deid_detect.c    the pass that runs them over a document
 *   deid.c           resolves overlaps and writes the output
 *   deid_surrogate.c replacements that look real
 *   deid_dates.c     surrogate dates, moved in their own shape
 */
#ifndef WARD_FUNNEL_DEID_INT_H
#define WARD_FUNNEL_DEID_INT_H

#include "ward/funnel.h"
#include "funnel/lex_int.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Word classes (data/deid_words.tsv letters, see that file). */
enum {
    W_FIRST = 1 << 0,    /* F */
    W_LAST = 1 << 1,     /* L */
    W_COMMON = 1 << 2,   /* C: also an everyday word */
    W_EPONYM = 1 << 3,   /* E */
    W_KEEP = 1 << 4,     /* K: clinical, drug, service: never a name */
    W_TITLE = 1 << 5,    /* T */
    W_CRED = 1 << 6,     /* P: MD, RN */
    W_STREET = 1 << 7,   /* S */
    W_STATE = 1 << 8,    /* A */
    W_CITY = 1 << 9,     /* Y */
    W_FAC = 1 << 10,     /* H: Hospital, Clinic */
    W_FAC2 = 1 << 11,    /* h: Center, Institute */
    W_MONTH = 1 << 12,   /* M */
    W_CUE = 1 << 13,     /* starts a cue phrase (data/deid_cues.tsv) */
    W_RELATIVE = 1 << 14,/* R: wife, daughter... (a name may follow) */
    W_HEAD = 1 << 15,    /* N: disease, sign, palsy: makes an eponym clinical */
    W_STOP = 1 << 16,    /* W: is, a, with: never inside a name */
    W_CITYPFX = 1 << 17, /* Q: first word of a city name of several words (San, New) */
    W_ACCENT = 1 << 18,  /* not listed: an unknown capitalized word with accented letters */
    W_SYLL = 1 << 19,    /* G: a syllable of Korean or Chinese given names joined by a hyphen ("Min-jun") */
    W_LHEAD = 1 << 20,   /* D: a place of care's head noun in lower case after its name ("X urgent care") */
    W_BRAND = 1 << 21,   /* B: the whole entry names a place of care ("Lincare", "Kaiser Permanente", "OHSU") */
    W_BRANDPFX = 1 << 22,/* not listed: the first word of a B entry (set when the lists load) */
    W_TERMPFX = 1 << 23, /* not listed: the first word of a K entry of several words ("swan-ganz",
                            "glasgow coma scale"; set when the lists load, moved to `term`) */
    W_LOWER = 1 << 24,   /* not listed: a word of data/deid_lower.tsv, one clinical text writes in lower case
                            (set when the lists load, moved to `lower`) */
};
/* W_SYLL and W_LHEAD travel in a token's tag, not its classes: a word the
 * lists know only for them reads as unknown to the other rules ("Hyun").
 * The brand classes travel in its own field (`brand`), so that neither the
 * other rules nor the tagger's features see them ("OHSU" after a cue). */
enum { TAG_SYLL = 1, TAG_LHEAD = 2 };
/* A token's place in a listed clinical term of several words, and what
 * deid_terms.c found of its word in the note (asked once, kept here). */
enum { TERM_PFX = 1, TERM_IN = 2, TERM_ASKED = 4, TERM_DOC = 8, TERM_ASKED_NAME = 16, TERM_DOC_NAME = 32,
       TERM_NAMED = 64, /* the same word stands in a name's position in the note (deid_terms.c) */
       TERM_MEDS = 128 /* in a section of medications or allergies ("MEDICATIONS:"; deid_terms_mark) */ };

/* Priorities of candidate spans: where two overlap, the higher wins (then
 * the longer). A shape beats a guess from words; a facility beats the city
 * inside it by length at the same level. */
enum deid_prio {
    PRIO_BARE_ID = 3,    /* a long number or code without a cue */
    PRIO_NAME = 4,
    PRIO_PLACE = 5,      /* city, facility */
    PRIO_ADDRESS = 6,    /* street, PO box */
    PRIO_DATE = 7,       /* dates, ages over 89, ZIP codes */
    PRIO_CUED = 8,       /* phones, faxes, numbers after a cue ("MRN:") */
    PRIO_NUMBER = 9,     /* SSN, IP address */
    PRIO_WEB = 10,       /* e-mail, URL */
};

/* Cue phrases (data/deid_cues.tsv): the words, what follows, the type given. */
enum { CUE_LABEL, CUE_PHRASE, CUE_ID, CUE_DATE, CUE_PHONE, CUE_FAX, CUE_ZIP, CUE_AGE, CUE_CITY, CUE_ADDR, CUE_FACILITY,
       CUE_NKINDS };
enum {
    CUE_WEAK = 1 << 0,   /* a phrase whose name needs more evidence ("per", "dear") */
    CUE_LISTED = 1 << 1, /* a label that is also a word: needs a listed name word ("CC:") */
    CUE_LINE = 1 << 2,   /* a label only at a line start ("To:") */
    CUE_NEXTLINE = 1 << 3,/* after a comma the name may be on the next line ("Sincerely,") */
};
typedef struct cue {
    const char *words;   /* lower case, words separated by one space */
    int kind, type, opts;
} cue;

/* Token shapes. */
enum {
    T_ALPHA = 1, T_DIGIT = 2, T_MIXED = 4, T_PUNCT = 8,
    T_CAP = 16,          /* first letter upper case (or non-ASCII); words only (cap() relies on it) */
    T_UPPER = 32,        /* every letter upper case */
};

typedef struct dtok {
    size_t a, b;         /* bytes */
    uint32_t w;          /* word classes */
    uint16_t shape;
    uint8_t nl;          /* a line break between the previous token and this */
    uint8_t sp;          /* any space before it */
    uint8_t tag;         /* TAG_SYLL, TAG_LHEAD (kept out of w) */
    uint8_t brand;       /* a brand's first word (W_BRANDPFX, kept out of w) */
    uint8_t term;        /* TERM_PFX (W_TERMPFX, kept out of w), TERM_IN: inside a listed clinical term */
    uint8_t slot;        /* deid_list_slot of its first byte in lower case and its length (tok_in's filter) */
    uint16_t cue;        /* 1 + the group of cue phrases starting with this word, or 0 */
    uint8_t lower;       /* a word of data/deid_lower.tsv (W_LOWER, kept out of w; deid_lower_word) */
} dtok;

typedef struct cand {
    size_t a, b;
    int type, prio;
} cand;

typedef struct deid_doc {
    const char *t;
    size_t len;
    dtok *tk;
    size_t n, cap;
    cand *c;
    size_t nc, capc;
    uint32_t item_letters;   /* bit c - '@': a line starts "c." ('@'..'I'; deid_terms_mark) */
    size_t term_words;       /* words deid_terms.c's doc_term has asked of the note (its budget) */
    size_t *rings;           /* deid_word_rings, made when doc_term has read the note a few times */
    uint32_t *tok_map;       /* a long text's bytes -> tokens (deid_tok_map), or NULL */
    int named_marked;        /* deid_terms.c's TERM_NAMED marks are made (they depend on the tokens only) */
} deid_doc;

/* ---- deid_lists.c: the lists' tables from their text ---- */

/* The name lists' Bloom filter: a word whose hash misses it is in neither
 * name list (64 KiB, answered from the cache where the table of 33,000
 * names would cost a cache miss per token). */
#define DEID_BLOOM_BITS (1u << 19)
extern uint64_t deid_names_bloom[DEID_BLOOM_BITS / 64];
static inline int deid_bloom_may_have(uint64_t h)
{
    uint32_t a = (uint32_t)h & (DEID_BLOOM_BITS - 1), b = (uint32_t)(h >> 32) & (DEID_BLOOM_BITS - 1);
    return (deid_names_bloom[a / 64] >> (a % 64) & 1) && (deid_names_bloom[b / 64] >> (b % 64) & 1);
}
/* Adds the lines of a words file ("key<TAB>letters", data/deid_words.tsv's
 * format) to lx; names: a name list's, each key added to the Bloom filter
 * too. */
void deid_lists_load(funnel_lex *lx, const char *text, size_t len, int names);
/* Adds the words of data/deid_lower.tsv's text to the word table as W_LOWER. */
void deid_lists_load_lower(funnel_lex *words, const char *text, size_t len);
/* Lower-cases s[0..n) in place (folding Latin accents: "é" is "e"), drops
 * trailing blanks; returns the length. */
size_t deid_lower_key(char *s, size_t n);
/* The length in bytes of the Latin letter with an accent that s[0..n)
 * starts with (U+00C0..U+017F, Vietnamese ơ ư and U+1EA0..U+1EF9), or 0;
 * *base (may be NULL) gets its ASCII letter in lower case. */
size_t deid_latin_letter(const char *s, size_t n, char *base);

/* ---- deid_words.c ---- */

/* The shared word table (built once, with the cue phrases). */
const funnel_lex *deid_words(void);
/* The name lists' table (built by deid_words(); tests compare it with the
 * lists). */
const funnel_lex *deid_names_table(void);
/* Word classes of w[0..n) (any case; 0 when unknown or too long). */
uint32_t deid_word_flags(const char *w, size_t n);
/* The same, with the key's funnel_lex_hash known (the tokenizer hashes as
 * it reads), and W_LOWER too (the tokenizer moves it to dtok.lower). */
uint32_t deid_word_flags_hashed(const char *w, size_t n, uint64_t h);
/* s[0..n) (its first 40 bytes, folded as a key) is a word of
 * data/deid_lower.tsv. */
int deid_lower_text(const char *s, size_t n);
/* Asks the cache for the table slots deid_word_flags_hashed(.., h) will
 * read (the tokenizer looks a word up a few tokens later: the tables are
 * megabytes, and most words' slots are not in the cache). */
void deid_word_prefetch(uint64_t h);
/* The cue group of a token that starts a cue phrase (1-based; 0: none);
 * h is the key's funnel_lex_hash (the word table's lookup made it). */
uint16_t deid_cue_group(const char *key, size_t kn, uint64_t h);
/* deid_cue_at for a token i < d->n that starts a cue phrase (TK(i).cue). */
const cue *deid_cue_match(const deid_doc *d, size_t i, int kind, size_t *end);
/* A cue of `kind` ending right before token i (skipping ':' '#' '-' and
 * "number", "is"...), within reach tokens on the line. */
const cue *deid_cue_before(const deid_doc *d, size_t i, int kind, int reach);

/* ---- deid_tokens.c ---- */

/* Tokenizes d->t into d->tk, each word looked up. Call deid_words() first
 * (deid_detect does): a thread remembers the lookups it made, and a word
 * looked up before the tables were built would be remembered unknown. */
void deid_tokenize(deid_doc *d);
/* Adds a candidate span over bytes [a,b) / over tokens [i,j). */
void deid_add(deid_doc *d, size_t a, size_t b, int type, int prio);
/* qsort's order of candidates by their start (deid.c). */
int deid_by_start(const void *x, const void *y);
void deid_add_toks(deid_doc *d, size_t i, size_t j, int type, int prio);
/* A clinical noun (scale, criteria, sign) ends the words from token k on:
 * "Cincinnati stroke scale", "Ottawa ankle rules" name tests, not places. */
int deid_clinical_after(const deid_doc *d, size_t k);
/* Tokens a..e hold a word of a note's title ("- Discharge Summary"). */
int deid_note_title(const deid_doc *d, size_t a, size_t e);
/* Token k has the ending of an English word form ("Education", "Advised"). */
int deid_english_word(const deid_doc *d, size_t k);
/* Token k is a roman numeral of a stage or class: made only of I and V (and
 * X when with_x), and with letter_ok, one more letter a-c ("IIa" of
 * "Forrest IIa"). */
int deid_roman(const deid_doc *d, size_t k, int with_x, int letter_ok);
/* The first token that starts at or after byte b (by_end 0), or that ends
 * after it (by_end 1); d->n when none. A binary search (tokens are in
 * text order), or one read of d->tok_map. */
size_t deid_tok_at(const deid_doc *d, size_t b, int by_end);
/* Makes deid_tok_at one read per call on a text of 2,048 tokens or more
 * (d->tok_map; deid_detect calls it once the text is tokenized). */
void deid_tok_map(deid_doc *d);

#define TK(i) (d->tk[i])
#define TLEN(i) (d->tk[i].b - d->tk[i].a)

/* The longest cue of `kind` starting at token i; *end gets the token after
 * it. Inline: the rules ask at every token, and most start no cue. */
static inline const cue *deid_cue_at(const deid_doc *d, size_t i, int kind, size_t *end)
{
    return i < d->n && d->tk[i].cue ? deid_cue_match(d, i, kind, end) : NULL;
}

/* Token k's word is one clinical text writes in lower case
 * (data/deid_lower.tsv). A word the tokenizer looked up carries the answer
 * (dtok.lower): no second lookup, and no cache miss, per word the tagger
 * and the rules ask. */
static inline int deid_lower_word(const deid_doc *d, size_t k)
{
    if ((TK(k).shape & (T_ALPHA | T_MIXED)) && TLEN(k) < 40) return TK(k).lower;   /* push_tok's words */
    return deid_lower_text(d->t + TK(k).a, TLEN(k));
}

/* A year a date may hold: 1900-2099. */
static inline int deid_year(long y) { return y >= 1900 && y <= 2099; }

/* ASCII lower case: strncasecmp's folding in the C locale Ward runs in
 * (bytes of UTF-8 characters fold to themselves). */
static inline unsigned char deid_lc(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

/* A token's slot (dtok.slot): its first byte in lower case and its length
 * as one number, exact for words of 1 to 9 letters a-z. One byte compare
 * then rejects most tokens in tok_eq, is_p and tok_in. */
static inline unsigned deid_list_slot(unsigned char c, size_t len)
{
    if (c >= 'a' && c <= 'z' && len >= 1 && len <= 9) return (unsigned)(c - 'a') * 9 + (unsigned)len - 1;   /* 0..233 */
    return 234 + (unsigned)((c + len) % 22);
}

/* strncasecmp(s, w, n) == 0, inline: the rules compare words millions of
 * times a corpus, and most comparisons fail at the first byte. */
static inline __attribute__((always_inline)) int deid_eq_nocase(const char *s, const char *w, size_t n)
{
    for (size_t q = 0; q < n; q++) {
        unsigned char a = deid_lc((unsigned char)s[q]), b = deid_lc((unsigned char)w[q]);
        if (a != b) return 0;
        if (!a) return 1;
    }
    return 1;
}

/* The ending of word k among ends[0..n), after three letters at least (with
 * nocase, in any case: "Surgical" ends in "al"); NULL when none. */
static inline const char *deid_ending(const deid_doc *d, size_t k, const char *const *ends, size_t n, int nocase)
{
    const char *s = d->t + TK(k).a;
    size_t len = TLEN(k);
    for (size_t q = 0; q < n; q++) {
        size_t m = strlen(ends[q]);
        if (len > m + 2 && (nocase ? deid_eq_nocase(s + len - m, ends[q], m) : !memcmp(s + len - m, ends[q], m)))
            return ends[q];
    }
    return NULL;
}

/* Always inline: with w and wn known, the compiler makes the slot a
 * constant, and most calls one byte compare. */
static inline __attribute__((always_inline)) int tok_eq(const deid_doc *d, size_t i, const char *w, size_t wn)
{
    return i < d->n && TK(i).slot == deid_list_slot(deid_lc((unsigned char)w[0]), wn) && TLEN(i) == wn &&
           deid_eq_nocase(d->t + TK(i).a, w, wn);
}

/* Token i is the one-byte punctuation c. */
static inline int is_p(const deid_doc *d, size_t i, char c)
{
    return i < d->n && TK(i).slot == deid_list_slot(deid_lc((unsigned char)c), 1) && TLEN(i) == 1 && d->t[TK(i).a] == c;
}

/* Token k is the word w (NUL-ended; tok_eq without strlen). */
static inline int tok_is(const deid_doc *d, size_t k, const char *w)
{
    const char *s = d->t + TK(k).a;
    size_t n = TLEN(k);
    for (size_t q = 0; q < n; q++)
        if (!w[q] || deid_lc((unsigned char)s[q]) != deid_lc((unsigned char)w[q])) return 0;
    return !w[n];
}

static inline int digits(const deid_doc *d, size_t i, size_t lo, size_t hi)
{
    return i < d->n && (TK(i).shape & T_DIGIT) && TLEN(i) >= lo && TLEN(i) <= hi;
}

static inline long num(const deid_doc *d, size_t i)
{
    long v = 0;
    if (i >= d->n || !(TK(i).shape & T_DIGIT) || TLEN(i) > 9) return -1;
    for (size_t k = TK(i).a; k < TK(i).b; k++) v = v * 10 + (d->t[k] - '0');
    return v;
}

/* An age over 89 opening token k ("95", "92yo", "95M"): two or three
 * digits that read 90 to 125; their count, or 0. */
static inline size_t deid_age_digits(const deid_doc *d, size_t k)
{
    if (k >= d->n) return 0;
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), nd = 0;
    long v = 0;
    while (nd < n && nd < 4 && p[nd] >= '0' && p[nd] <= '9') v = v * 10 + (p[nd] - '0'), nd++;
    return nd >= 2 && nd <= 3 && v >= 90 && v <= 125 ? nd : 0;
}

/* Token k is an age over 89 in digits alone: "95", "102". */
static inline int deid_age_number(const deid_doc *d, size_t k)
{
    size_t nd = deid_age_digits(d, k);
    return nd && nd == TLEN(k);
}

/* tok_in(d, k, w, n): token k is one of the n lower-case words w (any
 * case). The rules ask it of nearly every token, against lists of up to 23
 * words, and most tokens are in none: the list's words by slot (first
 * letter and length, as dtok.slot) answer those with one look, and the
 * others with one compare, where a scan compared the whole list. Each
 * call site keeps its list's table (the macro gives it one), built on
 * first use and per thread, so no lock; it is keyed by the list's address
 * and length, so the list must be a static array, as every list is. */
typedef struct deid_list_filter {
    const char *const *w;
    size_t n;
    uint64_t shared[4];   /* slots of two words or more, or of a word at index 254 or later */
    uint8_t first[256];   /* 1 + the index of the first word of each slot (at most 255); 0: none */
} deid_list_filter;

/* Fills f with the slots of w[0..n); compares token k with the words of
 * its slot (deid_tokens.c). */
void deid_list_filter_build(deid_list_filter *f, const char *const *w, size_t n);
int deid_list_slot_match(const deid_doc *d, size_t k, const char *const *w, size_t n, const deid_list_filter *f);

/* Inline up to the slot's look, which answers most tokens. */
static inline __attribute__((always_inline)) int deid_tok_in(const deid_doc *d, size_t k, const char *const *w, size_t n,
                                                             deid_list_filter *f)
{
    if (k >= d->n) return 0;
    if (f->w != w || f->n != n) deid_list_filter_build(f, w, n);
    return f->first[TK(k).slot] && deid_list_slot_match(d, k, w, n, f);
}
#define tok_in(d, k, w, n) \
    deid_tok_in((d), (k), (w), (n), ({ static _Thread_local deid_list_filter tok_in_filter_; &tok_in_filter_; }))

/* Wide space before token k (a tab, or three spaces or more): the next
 * field of a header line ("Pt: Lee Min-jung      Acct: 5500"). Inline:
 * the rules ask at most tokens. */
static inline int deid_column_gap(const deid_doc *d, size_t k)
{
    if (k == 0 || k >= d->n || d->tk[k].nl) return 0;
    size_t a = d->tk[k - 1].b, b = d->tk[k].a;
    return b - a >= 3 || (b - a >= 1 && d->t[a] == '\t') || (b - a == 2 && d->t[a + 1] == '\t');
}

/* Token i directly follows token i-1 (no space). */
static inline int glued(const deid_doc *d, size_t i) { return i < d->n && !TK(i).sp; }

/* A field ends at token k: the note's or the line's end, a column gap, or
 * a one-byte mark of marks (",;)"). The rules' fields differ in their
 * marks, and some add cases of their own. */
static inline int deid_field_end(const deid_doc *d, size_t k, const char *marks)
{
    return k >= d->n || TK(k).nl || deid_column_gap(d, k) ||
           (TLEN(k) == 1 && d->t[TK(k).a] && strchr(marks, d->t[TK(k).a]));
}

/* Token i is an en or an em dash ("–", "—"). */
static inline int long_dash(const deid_doc *d, size_t i)
{
    return i < d->n && TLEN(i) == 3 && !memcmp(d->t + TK(i).a, "\xE2\x80", 2) &&
           ((unsigned char)d->t[TK(i).a + 2] == 0x93 || (unsigned char)d->t[TK(i).a + 2] == 0x94);
}

/* Token i is a capitalized word. The tokenizer sets T_CAP on words only
 * (T_ALPHA or T_MIXED), so the one bit says both; the rules ask this of
 * nearly every token. */
static inline int cap(const deid_doc *d, size_t i)
{
    return i < d->n && (TK(i).shape & T_CAP);
}

/* ---- deid_shapes.c ---- */

/* Shapes and places at token i. Returns the token after a span that ends
 * this step, or 0 when token i is a word the name rules should see.
 * *last_date_end tracks the last date (for ranges: "3/14-3/16"). */
size_t deid_shapes(deid_doc *d, size_t i, size_t *last_date_end);

/* Capitalized words of a place's name from token i ("Barrow", "St. Luke's",
 * "University of Iowa"), with one word at least that is not a clinical word
 * or a head noun; returns the token after them (i when none). */
size_t deid_place_run(const deid_doc *d, size_t i);

/* "m/d" at token i reads as a ratio or a score by a word around it
 * ("pain 8/10", "2/14 lymph nodes") or as a score out of its maximum
 * after its name ("MoCA 9/30"); the learned tagger asks. */
int deid_ratio_like(const deid_doc *d, size_t i);

/* After the pass: a facility named again by its first two words. */
void deid_places_end(deid_doc *d);

/* What may follow a facility's name as part of it (", PC", "#1456", "–
 * Ankeny"); returns the new end. */
size_t deid_facility_tail(const deid_doc *d, size_t end);

/* ---- deid_places.c ---- */

/* Where a place stands before token i (its name ending at token end):
 * after one of the first npreps of "at", "from", "to", "via", "with",
 * "through", "thru", "into", "by" (and "the"), after a facility cue, in
 * parentheses, closing a header after a dash, or after a place's label at a
 * line's start ("Facility:", "To:"). */
int deid_place_position(const deid_doc *d, size_t i, size_t end, size_t npreps);
/* Places of care named without a head noun at token i: "Valley Baptist",
 * "St. Francis North", "Woodlands of Columbus", "at Hazard ARH", "at
 * Rolling Hills". */
void deid_places_at(deid_doc *d, size_t i);
/* The site after a place's name ending at token end: "at Passavant", "at
 * St. Joseph East", a town ("Trover Clinic Madisonville"); the new end. */
size_t deid_place_site(const deid_doc *d, size_t end);
/* After the pass: a place's other name in parentheses after its name
 * ("Stroger (John H. Stroger Jr. Hospital)", "Mass Eye and Ear (MEEI)");
 * candidates [0, nc). */
void deid_places_aliases(deid_doc *d, size_t nc);
/* After the pass: the letters of a place found by its name, met elsewhere
 * ("Bristol Regional Medical Center ... via BRMC truck"); candidates [0, nc). */
void deid_places_letters(deid_doc *d, size_t nc);
/* After the tagger: a place's head the tagger does not tag ("Smoky Mountain
 * Neurology", "Whitesburg ARH", "Tillman 4"), its opening word ("Hospital
 * Auxilio Mutuo"), and two parts joined ("Sisters of Providence"), over
 * the spans kept d->c[0..n) in text order; returns the new count. */
size_t deid_places_tail(deid_doc *d, size_t n);

/* A numbered road at token k ("Hwy 64", "I-84", "KY-160", "Loop 281");
 * the token after it, or 0. */
size_t deid_road_number(const deid_doc *d, size_t k);

/* ---- deid_address.c ---- */

/* Addresses the street rule does not know at token i (foreign streets,
 * lower-case and numbered streets, corners, lots); the token after, or 0. */
size_t deid_address_at(deid_doc *d, size_t i);
/* A town at token i ("Joplin, MO", "from Akiachak", "our Apex office",
 * "the Kempsville area"); the token after, or 0. */
size_t deid_town_at(deid_doc *d, size_t i);
/* Token k is the kind of place that ends many towns' names ("Falls",
 * "Point", "Springs", "County"; any case). */
int deid_place_head(const deid_doc *d, size_t k);
/* After the pass: an address's unit before it, its cross street, and the
 * towns and postal codes after it on its line; the town after a place of
 * care ("Kent Hospital (Warwick)") and the next towns of a list. */
void deid_address_end(deid_doc *d);

/* ---- deid_formats.c ---- */

/* An identifier of a checked format at token i (IPv6, MBI, GS1 UDI, ISBT
 * 128, postal codes, a phone after '+', a masked SSN, a MAC address);
 * returns the token after it, or 0. */
size_t deid_formats(deid_doc *d, size_t i, int fax);
/* Token k is a digit said as a word: "zero" to "nine", and with first 0
 * "oh" too ("eight oh eight"). Inline: deid_shapes asks it of every word. */
static inline int deid_digit_word(const deid_doc *d, size_t k, int first)
{
    static const char *const w[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh"};
    return k < d->n && (TK(k).shape & T_ALPHA) && tok_in(d, k, w, first ? 10 : 11);
}
/* Digits said one by one ("five five two one nine eight zero"), typed by
 * a cue before or by their count, from a deid_digit_word(d, i, 1); returns
 * the token after, or 0. */
size_t deid_spoken_digits(deid_doc *d, size_t i);
/* A number from 90 to 125 at k ("95F" too) ending a field (punctuation, a
 * column gap, the line's end after it): its digits' count, (size_t)-1 for
 * a word ending a field, or 0. */
size_t deid_age_field(const deid_doc *d, size_t k);
/* After the name rules: an age over 89 right after a name ("Hall, Vestal 95M"). */
void deid_ages_end(deid_doc *d);

/* ---- deid_codes.c ---- */

/* A chat's speaker at i ("[09:03] jmarsh: ...", "<jdoe> ..."), when the
 * line before or after opens with one too; returns the token after the
 * user name, or 0. Asked only where deid_chat_opens(d, i). */
size_t deid_chat_user(deid_doc *d, size_t i);
/* The parts of a user name from s, a word: letters and digits joined by a
 * '.' or a '_' between two parts, without spaces ("dr.achebe",
 * "cm_tlopez", "norris.quill.cpap"). Returns the token after it; with
 * lower, s (and *len 0) when a part has a capital or a byte over 0x7F.
 * Counts its characters (*len) and its marks (digits and joins); with
 * unknown, sets it when a part has a digit or is a word no list knows. */
size_t deid_user_chain(const deid_doc *d, size_t s, int lower, size_t *len, size_t *marks, int *unknown);
/* A postal code of another country at digit token i, beside a town or
 * after a street's line ("Cape Town 7925", "90419 Nürnberg", "1015 CJ
 * Amsterdam"); returns the token after it, or 0. */
size_t deid_world_postcode(deid_doc *d, size_t i);
/* A candidate of one of types (a mask of 1u << WARD_PHI_x) ends at byte b,
 * among the last few added (the rules add them in the text's order). */
int deid_cand_ends(const deid_doc *d, size_t b, unsigned types);
/* The digits of a postal code at k: 4 to 6 digits, or two groups joined by
 * a glued '-'; with world only Brazil's "01310-100" and Poland's "30-688"
 * (else "30140-061", a ZIP+4). Nothing glued after it but ',', '.', ')'
 * or ';'. Returns the token after it, or 0. */
size_t deid_postal_digits(const deid_doc *d, size_t k, int world);
/* An Irish Eircode at token i ("D02 X285"); deid_formats.c. */
int deid_eircode(const deid_doc *d, size_t i);
/* The last day of a range after each date found ("Oct. 3–5"); deid_formats.c. */
void deid_date_ranges(deid_doc *d);
/* Token i could open a chat's turn: a lower case word first on its line or
 * after a time stamp's ']' or a '<'. Inline: asked of every word. */
static inline int deid_chat_opens(const deid_doc *d, size_t i)
{
    return !(TK(i).shape & T_CAP) && (i == 0 || TK(i).nl || is_p(d, i - 1, ']') || is_p(d, i - 1, '<'));
}

/* ---- deid_numbers.c ---- */

/* A phone in a grouping the shape rule does not take ("617/555-0142",
 * "617–555–0142", "800-555-CARE", "020 7946 0958"; "617 5550142" when
 * cued); the token after it, or 0. */
size_t deid_phone_more(deid_doc *d, size_t i, int cued);
/* The token after a phone's extension at k, on k's line ("x204", "ext.
 * 204", "x 12", "extension 3321"), or k. */
size_t deid_ext_after(const deid_doc *d, size_t k);
/* Token k names an extension: "ext", "extension", "poste". */
int deid_ext_word(const deid_doc *d, size_t k);
/* Record numbers of dashed digit groups without a cue ("26-339-07712"), deid_codes.c. */
size_t deid_digit_code(deid_doc *d, size_t i);
/* An alien registration number, "A 212 448 901" (deid_codes.c). */
size_t deid_letter_groups(deid_doc *d, size_t i);
/* A handle after '@' at token i that is no e-mail ("@ravenskye.h"); the
 * token after it, or 0. */
size_t deid_handle(deid_doc *d, size_t i);
/* Ages over 89 at a digit or mixed token i in other phrasing ("95M", "the
 * patient, 97,", "she'll be 95 next month"); the token after, or 0. */
size_t deid_numbers(deid_doc *d, size_t i);
/* Ages in words at token i ("aged ninety-one", "in her nineties"). */
void deid_numbers_words(deid_doc *d, size_t i);
/* "m/d" at token i made a date by what stands before it: a procedure or a
 * word of when ("ORIF 11/20", "RTC 12/10", "Tues 12/1"), parentheses with
 * a day over 12 ("(11/30)"). */
int deid_md_context(const deid_doc *d, size_t i);
/* A user's id of lower-case words joined by '_' ("reg_ktorres",
 * "agt_4471") at token i; the token after it, or 0. */
size_t deid_underscore_id(deid_doc *d, size_t i);

/* ---- deid_brands.c ---- */

/* The lower-case key of the text of tokens [i, k] (runs of blanks as one
 * space, a typographic apostrophe as "'"), to look up entries of several
 * words; 0 when longer than cap_. */
size_t deid_text_key(const deid_doc *d, size_t i, size_t k, char *key, size_t cap_);

/* A place of care named by its brand alone, from the lists (W_BRAND):
 * "Lincare", "UNC Rex", "Kaiser Permanente Roseville". */
void deid_brand(deid_doc *d, size_t i);
/* A place named before a kind of place that is no head noun: "Dell
 * Children's", "Hines VA", "Rio Vista CBOC". */
void deid_kind_head(deid_doc *d, size_t i);

/* ---- deid_names.c ---- */

typedef struct deid_names {
    funnel_lex *seen;      /* lower-case name words found by a rule */
} deid_names;

/* Before the pass: transcript speakers ("José: Yes."). */
void deid_names_begin(deid_doc *d, deid_names *nm);
/* The name rules at word token i. */
void deid_names_at(deid_doc *d, deid_names *nm, size_t i);
/* After the pass: a name found once is a name everywhere; frees nm. */
void deid_names_end(deid_doc *d, deid_names *nm);
/* Token i is a name or place word used clinically here: inside a listed
 * term ("Swan-Ganz", "Glasgow Coma Scale") or an eponym before its
 * clinical noun, score or finding ("Graves' disease", "Morse 65", "Weber
 * midline"); never right after a title ("Dr. Swan"). */
int deid_clinical_at(const deid_doc *d, size_t i);
/* Token i stands where a person's name does: after a title and the name
 * words between, beside a given name or a surname, before a credential,
 * after a name's label or cue phrase ("Dr. Glenn", "Glenn Okafor",
 * "Berman, RN", "seen by Glenn"). */
int deid_name_position(const deid_doc *d, size_t i);

/* ---- deid_terms.c ---- */

/* After tokenizing: marks the tokens of listed clinical terms of several
 * words (K entries of data/deid_words.tsv) TERM_IN. */
void deid_terms_mark(deid_doc *d);
/* Cuts the tokens used clinically (deid_clinical_at) out of the name and
 * place spans d->c[0..n) (candidates, or the spans kept); returns the new
 * count (d->nc too). */
size_t deid_terms_keep(deid_doc *d, size_t n);
/* Word token k ends as a drug's name does ("-ine", "-ol", "-pril", "-mab"...). */
int deid_drug_ending(const deid_doc *d, size_t k);
/* The token after a word at k, past its hyphenated halves ("Neo-Synephrine"). */
size_t deid_word_end(const deid_doc *d, size_t k);

/* ---- deid_keep.c: sets of a note's words ---- */

/* A set of the note's words, case folded: a hash table of token indexes
 * (+1; 0 empty), made once a note when first asked of: one pass to count,
 * one to fill, so that a note of many spans stays linear. */
typedef struct {
    size_t *tab, sz;
    int made;
} deid_word_set;
/* Fills ws with every token k that want(d, k) accepts, but those skip[k]
 * marks (skip may be NULL); the caller frees ws->tab. */
void deid_word_set_make(const deid_doc *d, deid_word_set *ws, const int *skip, int (*want)(const deid_doc *, size_t));
/* Token k's word, case folded, is in ws. */
int deid_word_set_has(const deid_doc *d, const deid_word_set *ws, size_t k);
/* Every word token linked to the next token of its word, case folded, in
 * text order and from the last back to the first: a ring per word
 * (punctuation rings alone). n entries; the caller frees it. */
size_t *deid_word_rings(const deid_doc *d);
/* Token k is a capitalized word in a name's position ("Dr. Botox"). */
int deid_named_word(const deid_doc *d, size_t k);
/* The word at k, to its end e (its hyphenated halves), is a listed drug
 * (data/deid_drugs.tsv). */
int deid_listed_drug(const deid_doc *d, size_t k, size_t e);

/* ---- deid_keep.c ---- */

/* Drops from d->c[0..n) the spans that identify no one whichever rule took
 * them (measures read as dates, model numbers, services named by their
 * kind, states and countries, trial numbers); returns the new count (d->nc
 * too). */
size_t deid_keep_whole(deid_doc *d, size_t n);


/* ---- deid_detect.c, deid_surrogate.c ---- */

/* Tokenizes and finds candidate spans. */
void deid_detect(deid_doc *d);
struct ward_buf;

/* ---- deid_dates.c ---- */

/* What surrogate mode knows of a note's dates: the patient's shift, how
 * the note orders its numeric dates, the year and month a partial date is
 * read in. */
typedef struct deid_dates {
    int shift;
    int order[3], votes[3];  /* slashes and dashes, dots with a year, dots without: 'D' day first, 'M'
                                month first, 0 unknown */
    long year;               /* the note's first year */
    long ref_y, ref_m;       /* the last date read with a month */
    struct {                 /* a range's halves read alike: "3/12–3/16" */
        size_t a;
        int order;
    } linked[32];
    int nlinked;
    size_t last_a, last_b;   /* the span noted last, its forced order and class (-1 none) */
    int last_order, last_class;
} deid_dates;
void deid_dates_begin(deid_dates *dt, int shift);
/* Each date span of the note, in order, before any is written. */
void deid_dates_note(deid_dates *dt, const char *t, size_t a, size_t b);
/* Writes date span [a,b) moved by the shift, in its own shape. */
void deid_dates_write(deid_dates *dt, const char *t, size_t a, size_t b, struct ward_buf *out);

/* Writes the replacement of span [a,b) of type to out. */
void deid_surrogate(const char *t, size_t a, size_t b, int type, const uint8_t seed[32], deid_dates *dates,
                    struct ward_buf *out);

#endif
