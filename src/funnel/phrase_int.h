/* phrase_int.h — the funnel's shared tokenizer and phrase matcher (internal).
 *
 * ConText triggers, the concept lexicon and imported vocabularies are all
 * lists of phrases matched against words. Text is tokenized once per
 * sentence into words, numbers and punctuation; each word carries a 64-bit
 * key (FNV-1a of its lowercase letters). Dotted abbreviations fold into one
 * word ("b.i.d." and "bid" have the same key, as do "p.o." and "po"), so
 * rules list each form once. Phrases are tokenized by the same code, so a
 * rule file and the text can never disagree on what a word is.
 *
 * The matcher is a trie whose edges live in one open-addressing hash table
 * keyed by (parent node, word key): finding the longest phrase starting at
 * a word costs one probe per word matched, whatever the size of the
 * vocabulary (100k ICD-10 descriptions cost the same per word as 50
 * triggers). A word also tries its singular key ("polyps" -> "polyp"), so
 * lexicons list singular forms.
 */
#ifndef WARD_FUNNEL_PHRASE_INT_H
#define WARD_FUNNEL_PHRASE_INT_H

#include "ward/core.h"

enum { WARD_TOK_WORD = 1, WARD_TOK_NUM = 2, WARD_TOK_PUNCT = 3 };

typedef struct funnel_tok {
    uint32_t start, end;     /* bytes into the text */
    uint64_t key;            /* hash of the folded text (lowercase, no dots or apostrophes) */
    uint64_t key2;           /* singular form's key, or key */
    uint8_t kind;
    uint8_t nl_before;       /* newlines between the previous token and this one */
} funnel_tok;

/* A reusable token array (grown, never shrunk: no allocation per sentence). */
typedef struct funnel_toks {
    funnel_tok *v;
    size_t n, cap;
} funnel_toks;

void funnel_toks_free(funnel_toks *t);
/* Tokenizes text[0,len) into t (reset first). Offsets are relative to text. */
void funnel_tokenize(const char *text, size_t len, funnel_toks *t);
/* The key a single lowercase word would get (for code that tests words). */
uint64_t funnel_word_key(const char *word);
/* 1 when token i is the word w (w lowercase, no dots). */
int funnel_tok_is(const funnel_toks *t, size_t i, uint64_t wkey);

typedef struct funnel_phrases funnel_phrases;

/* A filter of the words that begin a phrase (the trie root's edges), one
 * bit per hash: most words of a text begin none, and the filter answers
 * from a few KB where the edge table costs a cache miss. It is inline
 * (funnel_may_begin) so that a loop over every token of a text asks it
 * without a call; funnel_phrases_match asks it too. */
#define FUNNEL_FIRST_BITS (1u << 17)
typedef struct funnel_first_words {
    uint64_t bit[FUNNEL_FIRST_BITS / 64];
} funnel_first_words;

static inline size_t funnel_first_bit(uint64_t key)
{
    return (size_t)((key ^ (key >> 32)) & (FUNNEL_FIRST_BITS - 1));
}

static inline int funnel_first_has(const funnel_first_words *f, uint64_t key)
{
    size_t b = funnel_first_bit(key);
    return (f->bit[b / 64] >> (b % 64)) & 1;
}

/* 0 when no phrase of the filter's set begins with token k (its word or
 * its singular); 1 when one may. */
static inline int funnel_may_begin(const funnel_first_words *f, const funnel_tok *k)
{
    return funnel_first_has(f, k->key) || funnel_first_has(f, k->key2);
}

funnel_phrases *funnel_phrases_new(void);
void funnel_phrases_free(funnel_phrases *p);
/* Adds a phrase with a value; returns the number of tokens (0: nothing added). */
size_t funnel_phrases_add(funnel_phrases *p, const char *phrase, size_t len, uint32_t value);
size_t funnel_phrases_count(const funnel_phrases *p);
/* p's filter: it lives as long as p, and answers for phrases added later. */
const funnel_first_words *funnel_phrases_first(const funnel_phrases *p);
/* Longest phrase starting at token i: returns its token count (0: none) and
 * writes up to max values of that phrase to vals, their number to *nvals.
 * A phrase never spans a blank line. */
size_t funnel_phrases_match(const funnel_phrases *p, const funnel_toks *t, size_t i, uint32_t *vals,
                          size_t max, size_t *nvals);

/* Token range [*a,*b) covering the bytes [ts,te). */
void funnel_toks_range(const funnel_toks *t, size_t ts, size_t te, size_t *a, size_t *b);

/* ConText in two steps, for callers that query many targets per sentence:
 * scan the sentence's tokens once (text: the bytes they point into), then
 * ask about each target's token range. */
struct ward_context;
struct ward_context_result;
void funnel_context_scan(struct ward_context *cx, const char *text, const funnel_toks *t);
void funnel_context_target(const struct ward_context *cx, size_t a, size_t b,
                         struct ward_context_result *r);

#endif
