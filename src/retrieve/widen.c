/* widen.c — a search widened with the lexicon: "GERD" also finds
 * "Gastroesophageal reflux disease", "TSH" "Thyrotropin", "statin"
 * "atorvastatin", while the user's own words still count most.
 *
 * Ideas a reader needs:
 *  - The alternatives are the other names of each lexicon concept the
 *    query names (ward_concept_names: an abbreviation only in its own
 *    case, so "Does" is not DOE; not the `related` phrases, which widen a
 *    question's meaning: "eGFR" for CKD would bring every eGFR result), and the
 *    drugs of a drug class or class name it names (data/drugs.tsv). Each is
 *    one FTS5 phrase (its words in a row), so a long name weighs no more
 *    than a short one.
 *  - Left out: a word spelled out gains no abbreviations (short forms are
 *    ambiguous: "GAD" for anxiety is also the GAD-7 score, "Hb" and "Cr"
 *    stand in every lab line); a name sharing a word with the query
 *    ("anxiety disorder" for "anxiety", "chest tightness" for "chest
 *    pain": the query's word finds those chunks already, and each added
 *    phrase costs BM25 work on every matching chunk); a name holding
 *    another alternative ("acid reflux" beside "reflux": a chunk would
 *    count the concept twice); phrases of stopwords and numbers only.
 *  - Weighting within one BM25: BM25 (FTS5's bm25()) is a sum over the
 *    query's phrases, and a phrase given twice counts twice. The widened
 *    expression is the query's own terms WIDEN_OWN times, then each
 *    alternative once: BM25 with the added phrases weighted 1/WIDEN_OWN. A
 *    chunk holding the user's word outranks one holding only a synonym,
 *    other things equal, and one holding only the synonym still ranks
 *    (before, it was not found at all).
 *  - A query the lexicon adds nothing to is searched exactly as before.
 */
#include "retrieve_int.h"
#include "funnel/drugs_int.h"
#include "ward/funnel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How many times the query's own terms count for an added phrase's once
 * (the added ones weigh 1/WIDEN_OWN), chosen by measurement
 * (bench/retrieval.sh, docs/models.md). */
#define WIDEN_OWN 2
/* Added phrases at most: a concept with many names stays one cheap query. */
#define WIDEN_MAX 24

typedef struct widen {
    const char *query;
    char *alt[WIDEN_MAX];   /* phrases, words joined by one space */
    int n;
} widen;

static int word_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* The next word of s at or after *p: its start, and its length (0: none left). */
static size_t next_word(const char **p, const char **start)
{
    while (**p && !word_char((unsigned char)**p)) (*p)++;
    *start = *p;
    while (**p && word_char((unsigned char)**p)) (*p)++;
    return (size_t)(*p - *start);
}

/* Whether word w[0,n) is a word of text (ASCII case folded). */
static int has_word(const char *text, const char *w, size_t n)
{
    const char *s;
    for (size_t k; (k = next_word(&text, &s));)
        if (k == n && !strncasecmp(s, w, n)) return 1;
    return 0;
}

/* Whether every word of a is a word of b. */
static int words_within(const char *a, const char *b)
{
    const char *s;
    for (size_t k; (k = next_word(&a, &s));)
        if (!has_word(b, s, k)) return 0;
    return 1;
}

/* Keeps phrase as an alternative (words joined by one space), unless it
 * has no word that means anything alone, shares a word with the query,
 * or holds an alternative kept already; it replaces those it is within. */
static void add_phrase(widen *w, const char *phrase)
{
    ward_buf ph;
    ward_buf_init(&ph);
    int useful = 0, shared = 0;
    const char *s, *p = phrase;
    for (size_t n; (n = next_word(&p, &s));) {
        int digits = 1;
        for (size_t i = 0; i < n; i++) digits &= isdigit((unsigned char)s[i]) != 0;
        if (ph.len) ward_buf_putc(&ph, ' ');
        ward_buf_append(&ph, s, n);
        int stop = ward_stopword(s, n);
        useful |= !digits && n > 1 && !stop;
        shared |= !stop && has_word(w->query, s, n);
    }
    int keep = useful && !shared;
    for (int i = 0; i < w->n && keep; i++) keep = !words_within(w->alt[i], ph.data);
    if (keep) {
        int m = 0;   /* drop the kept ones that hold this one */
        for (int i = 0; i < w->n; i++) {
            if (words_within(ph.data, w->alt[i])) free(w->alt[i]);
            else w->alt[m++] = w->alt[i];
        }
        w->n = m;
    }
    if (keep && w->n < WIDEN_MAX) w->alt[w->n++] = ward_buf_steal(&ph);
    ward_buf_free(&ph);
}

/* Whether a name the lexicon gives is an abbreviation: it has capitals
 * (ward_concept_names gives the others in lower case). */
static int abbreviation(const char *s)
{
    for (; *s; s++)
        if (isupper((unsigned char)*s)) return 1;
    return 0;
}

/* Whether the query's mention s[0,n) is an abbreviation: a capital after
 * its first letter ("TSH", "eGFR"), or a short word with a capital ("Hb",
 * "Cr"); "Anxiety" at the start of a sentence is not. */
static int mention_abbreviation(const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (isupper((unsigned char)s[i])) return 1;
    return n <= 3 && isupper((unsigned char)s[0]);
}

static int on_synonym(void *ud, size_t start, size_t end, const char *phrase)
{
    widen *w = ud;
    const char *m = w->query + start;
    if (!abbreviation(phrase) || mention_abbreviation(m, end - start)) add_phrase(w, phrase);
    return 0;
}

/* The drugs of a class the query names in one or two words ("statin",
 * "beta blockers"). */
static void add_drug_classes(widen *w)
{
    const char *s[64], *p = w->query;
    size_t n[64], nw = 0;
    while (nw < 64 && (n[nw] = next_word(&p, &s[nw]))) nw++;
    for (size_t i = 0; i < nw; i++)
        for (size_t k = 1; k <= 2 && i + k <= nw; k++)
            for (const char *const *d = drugs_named(s[i], (size_t)(s[i + k - 1] + n[i + k - 1] - s[i])); *d; d++)
                add_phrase(w, *d);
}

int retrieve_widen(const char *query, const char *own, ward_buf *fts)
{
    widen w = {.query = query};
    ward_concept_names(query, on_synonym, &w);
    add_drug_classes(&w);
    if (w.n) {
        ward_buf_reset(fts);
        for (int i = 0; i < WIDEN_OWN; i++) ward_buf_printf(fts, "%s%s", i ? " OR " : "", own);
        for (int i = 0; i < w.n; i++) ward_buf_printf(fts, " OR \"%s\"", w.alt[i]);
    }
    for (int i = 0; i < w.n; i++) free(w.alt[i]);
    return w.n;
}
