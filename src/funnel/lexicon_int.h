/* lexicon_int.h — the concept lexicon and the parsers that use it (internal).
 *
 * One lexicon holds every phrase the extractor knows: concepts (problems,
 * drugs, labs, procedures, allergens) with their codes, and the attribute
 * words the parsers need (vital names, units, routes, frequencies, PRN,
 * dose forms, lab flags), each with its normalized value. Built-in entries
 * come from data/lexicon.tsv; a site file and imported vocabularies add to
 * it. Imported vocabularies live in a trie of their own, so the built-in
 * lexicon wins ties and a 70k-code import never slows the attribute words.
 */
#ifndef WARD_FUNNEL_LEXICON_INT_H
#define WARD_FUNNEL_LEXICON_INT_H

#include "phrase_int.h"
#include "ward/funnel.h"

enum {
    LX_PROBLEM, LX_MEDICATION, LX_LAB, LX_PROCEDURE, LX_ALLERGEN, LX_VITAL, LX_UNIT, LX_ROUTE,
    LX_FREQ, LX_PRN, LX_FORM, LX_FLAG, LX_ALLERGYCUE, LX_NTYPES
};
#define LX_BIT(t) (1u << (t))
#define LX_CONCEPTS (LX_BIT(LX_PROBLEM) | LX_BIT(LX_MEDICATION) | LX_BIT(LX_LAB) | \
                     LX_BIT(LX_PROCEDURE) | LX_BIT(LX_ALLERGEN) | LX_BIT(LX_VITAL))

/* Words the parsers test tokens against: their keys are computed once,
 * when the lexicon is built (funnel_lexicon.word), not hashed again at
 * every test. W(NAME, "text") gives LW_NAME. */
#define LX_WORDS(W)                                                                                   \
    W(ZERO, "zero") W(ONE, "one") W(TWO, "two") W(THREE, "three") W(FOUR, "four") W(FIVE, "five")     \
    W(SIX, "six") W(SEVEN, "seven") W(EIGHT, "eight") W(NINE, "nine") W(TEN, "ten") W(HALF, "half")   \
    W(EVERY, "every") W(Q, "q") W(HOURS, "hours") W(HOUR, "hour") W(H, "h") W(HR, "hr") W(HRS, "hrs") \
    W(FOR, "for") W(X, "x") W(TIMES, "times") W(OVER, "over") W(A, "a") W(AN, "an") W(AND, "and")     \
    W(BUT, "but") W(WITH, "with") W(WHICH, "which") W(DAY, "day") W(DAYS, "days") W(D, "d")           \
    W(WEEK, "week") W(WEEKS, "weeks") W(WK, "wk") W(WKS, "wks") W(MONTH, "month") W(MONTHS, "months") \
    W(MO, "mo") W(DEGREES, "degrees") W(NEGATIVE, "negative") W(POSITIVE, "positive")                 \
    W(UNDETECTABLE, "undetectable") W(DETECTED, "detected")
#define LX_WORD_ENUM(name, text) LW_##name,
enum { LX_WORDS(LX_WORD_ENUM) LW_N };
#undef LX_WORD_ENUM
/* The text of word LW_NAME. */
extern const char *const lx_word_text[LW_N];

typedef struct lx_entry {
    uint8_t type;
    uint32_t name;     /* offset of the preferred name in the string pool */
    uint32_t value;    /* offset of the codes / normalized value */
    uint32_t deflt;    /* offset of the default route (drugs) or unit (labs), "" when none */
} lx_entry;

typedef struct funnel_lexicon {
    funnel_phrases *ph, *vocab;
    const funnel_first_words *begins, *vocab_begins;   /* their filters (lx_may_begin) */
    lx_entry *e;
    size_t n, cap;
    ward_buf pool;     /* NUL-separated strings */
    size_t nvocab;
    uint64_t filler[48];   /* keys of the words lx_skip_filler passes over */
    int nfiller;
    uint64_t word[LW_N];   /* keys of LX_WORDS */
} funnel_lexicon;

int lx_init(funnel_lexicon *lx, const char *site_file, ward_err *err);
/* The keys of the filler words and of LX_WORDS (lx_init does it). */
void lx_init_fillers(funnel_lexicon *lx);
void lx_free(funnel_lexicon *lx);
const char *lx_str(const funnel_lexicon *lx, uint32_t off);
int lx_add_vocab(funnel_lexicon *lx, const char *system, const char *code, const char *desc);
/* Longest phrase at token i having an entry whose type is in mask: its
 * token count, and the entry in *e (0 and NULL when none). */
size_t lx_match(const funnel_lexicon *lx, const funnel_toks *t, size_t i, unsigned mask,
                const lx_entry **e);
/* 0 when no lexicon phrase begins with token k, whatever the mask: lx_match
 * would find nothing there. Inline, for loops over every token. */
static inline int lx_may_begin(const funnel_lexicon *lx, const funnel_tok *k)
{
    return funnel_may_begin(lx->begins, k) || (lx->nvocab && funnel_may_begin(lx->vocab_begins, k));
}

/* ---- parsers: they read tokens from j on and return the token after
 * the last one they used (j when they found nothing) ---- */
typedef struct lx_sent {
    const funnel_lexicon *lx;
    const char *text;           /* the sentence bytes tokens point into */
    const funnel_toks *t;
} lx_sent;

/* 1 when token k is the word LW_NAME w. */
static inline int lx_is(const lx_sent *s, size_t k, int w)
{
    return funnel_tok_is(s->t, k, s->lx->word[w]);
}

/* Copies token k's text into out (cap bytes). */
void lx_tok_text(const lx_sent *s, size_t k, char *out, size_t cap);
/* A number at token k ("1,000" -> "1000", "1/2", "two"); returns tokens used. */
size_t lx_number(const lx_sent *s, size_t k, char *out, size_t cap);
/* A unit phrase at token k, normalized; returns tokens used. */
size_t lx_unit(const lx_sent *s, size_t k, char *out, size_t cap);
/* Skips words like "of", "is", ":", "was" between a name and its value. */
size_t lx_skip_filler(const lx_sent *s, size_t k, size_t max);

size_t funnel_parse_medication(const lx_sent *s, size_t j, ward_found *c);
size_t funnel_parse_vital(const lx_sent *s, size_t j, ward_found *c);
size_t funnel_parse_lab(const lx_sent *s, size_t j, ward_found *c);

#endif
