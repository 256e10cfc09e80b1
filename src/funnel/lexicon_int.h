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

typedef struct lx_entry {
    uint8_t type;
    uint32_t name;     /* offset of the preferred name in the string pool */
    uint32_t value;    /* offset of the codes / normalized value */
    uint32_t deflt;    /* offset of the default route (drugs) or unit (labs), "" when none */
} lx_entry;

typedef struct funnel_lexicon {
    funnel_phrases *ph, *vocab;
    lx_entry *e;
    size_t n, cap;
    ward_buf pool;     /* NUL-separated strings */
    size_t nvocab;
    uint64_t filler[48];   /* keys of the words lx_skip_filler passes over */
    int nfiller;
} funnel_lexicon;

int lx_init(funnel_lexicon *lx, const char *site_file, ward_err *err);
void lx_init_fillers(funnel_lexicon *lx);
void lx_free(funnel_lexicon *lx);
const char *lx_str(const funnel_lexicon *lx, uint32_t off);
int lx_add_vocab(funnel_lexicon *lx, const char *system, const char *code, const char *desc);
/* Longest phrase at token i having an entry whose type is in mask: its
 * token count, and the entry in *e (0 and NULL when none). */
size_t lx_match(const funnel_lexicon *lx, const funnel_toks *t, size_t i, unsigned mask,
                const lx_entry **e);

/* ---- parsers: they read tokens from j on and return the token after
 * the last one they used (j when they found nothing) ---- */
typedef struct lx_sent {
    const funnel_lexicon *lx;
    const char *text;           /* the sentence bytes tokens point into */
    const funnel_toks *t;
} lx_sent;

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
