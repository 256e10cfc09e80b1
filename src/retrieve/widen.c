/* widen.c — a search widened with the lexicon: "GERD" also finds
 * "Gastroesophageal reflux disease", "TSH" "Thyrotropin", "statin"
 * "atorvastatin", while the user's own words still count most.
 *
 * Ideas a reader needs:
 *  - The alternatives are every other name (each an FTS5 phrase) and `related`
 *    phrase of each lexicon concept the query names (ward_concept_synonyms:
 *    an abbreviation only in its own case, so "Does" is not DOE), and the
 *    drugs of a drug class or class name it names (data/drugs.tsv). Words
 *    the query already has, stopwords and repeats are left out.
 *  - BM25 runs twice: the query's own words, then the alternatives alone.
 *    A chunk scores own + WIDEN_WEIGHT * alternatives. BM25 is a sum over
 *    terms, so this is BM25 with the added words weighted down: a chunk
 *    holding the user's word outranks one holding only its synonym, other
 *    things equal, and one holding only the synonym still ranks (before,
 *    it was not found at all).
 *  - Each list is read `depth` deep (twice the hits wanted, at least 20); a
 *    chunk missing from one list counts 0 there.
 *  - A query the lexicon adds nothing to runs as before: one BM25.
 */
#include "retrieve_int.h"
#include "funnel/drugs_int.h"
#include "ward/funnel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How much an added word counts against the user's own, chosen by
 * measurement (bench/retrieval.sh, docs/models.md). */
#define WIDEN_WEIGHT 0.5
/* Added terms at most: a concept with many names stays one cheap query. */
#define WIDEN_MAX_TERMS 32

typedef struct widen {
    const char *query;
    ward_buf *fts;
    int terms;
} widen;

/* Whether word w[0,n) is a word of the query (ASCII case folded). */
static int in_query(const char *q, const char *w, size_t n)
{
    for (const char *p = q; *p;) {
        while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
        const char *s = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
        if ((size_t)(p - s) == n && !strncasecmp(s, w, n)) return 1;
    }
    return 0;
}

/* Adds phrase as one FTS5 phrase (its words in a row), unless it is a
 * word of the query, already added, or has no word that could mean
 * anything alone (stopwords, numbers: "type 2" -> nothing). A phrase is one
 * BM25 term, so a concept's long name weighs no more than its short one. */
static void add_phrase(widen *w, const char *phrase)
{
    ward_buf ph;
    ward_buf_init(&ph);
    int useful = 0, words = 0;
    const char *one = NULL;
    size_t one_n = 0;
    for (const char *p = phrase; *p;) {
        while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
        const char *s = p;
        int digits = 1;
        for (; *p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80); p++) digits &= isdigit((unsigned char)*p) != 0;
        size_t n = (size_t)(p - s);
        if (!n) continue;
        if (words++) ward_buf_putc(&ph, ' ');
        ward_buf_append(&ph, s, n);
        useful |= !digits && n > 1 && !ward_stopword(s, n);
        one = s, one_n = n;
    }
    int dup = !useful || w->terms >= WIDEN_MAX_TERMS || (words == 1 && in_query(w->query, one, one_n));
    /* already added: the same words between quotes */
    for (const char *q = w->fts->data; !dup && q && (q = strstr(q, ph.data)); q++)
        dup = q > w->fts->data && q[-1] == '"' && q[ph.len] == '"';
    if (!dup) {
        if (w->terms++) ward_buf_puts(w->fts, " OR ");
        ward_buf_printf(w->fts, "\"%s\"", ph.data);
    }
    ward_buf_free(&ph);
}

/* Whether phrase holds every word of text[0,n): a longer name of the
 * same thing ("generalized anxiety disorder" for "anxiety"), which the
 * query's own words already find; its other words would only favour
 * chunks that repeat the concept ("Generalized anxiety disorder 7 item
 * (GAD-7) score") over the one that names it. */
static int holds_words(const char *phrase, const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        while (i < n && !isalnum((unsigned char)text[i]) && (unsigned char)text[i] < 0x80) i++;
        size_t s = i;
        while (i < n && (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80)) i++;
        if (i > s && !in_query(phrase, text + s, i - s)) return 0;
    }
    return 1;
}

/* Whether a name the lexicon gives is an abbreviation: it has capitals
 * (ward_concept_synonyms gives the others in lower case). */
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
    /* A word spelled out gains no abbreviations: short forms are ambiguous
     * ("GAD" for anxiety is also the GAD-7 score, "Cr" and "Hb" stand in
     * every lab line) and would favour the chunks that hold them. */
    if (abbreviation(phrase) && !mention_abbreviation(w->query + start, end - start)) return 0;
    if (!holds_words(phrase, w->query + start, end - start)) add_phrase(w, phrase);
    return 0;
}

/* The drugs of a class the query names in one or two words ("statin", "beta blockers"). */
static void add_drug_classes(widen *w)
{
    const char *s[64];
    size_t n[64], nw = 0;
    for (const char *p = w->query; *p && nw < 64;) {
        while (*p && !isalnum((unsigned char)*p)) p++;
        s[nw] = p;
        while (isalnum((unsigned char)*p) || *p == '-') p++;
        n[nw] = (size_t)(p - s[nw]);
        if (n[nw]) nw++;
    }
    for (size_t i = 0; i < nw; i++)
        for (size_t k = 2; k >= 1; k--) {
            if (i + k > nw) continue;
            const char *const *d = drugs_named(s[i], (size_t)(s[i + k - 1] + n[i + k - 1] - s[i]));
            for (; *d; d++) add_phrase(w, *d);
        }
}

int retrieve_widen(const char *query, ward_buf *fts)
{
    ward_buf_reset(fts);
    widen w = {query, fts, 0};
    ward_concept_synonyms(query, on_synonym, &w);
    add_drug_classes(&w);
    return w.terms;
}

typedef struct {
    ward_hits *out;
    size_t cap;
} widen_sink;

static int sink(void *ud, const ward_search_row *r)
{
    widen_sink *k = ud;
    if (k->out->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 16;
        k->out->v = ward_xrealloc(k->out->v, k->cap * sizeof *k->out->v);
    }
    ward_hit *h = &k->out->v[k->out->n++];
    memset(h, 0, sizeof *h);
    retrieve_take_row(h, r);
    return 0;
}

typedef struct {
    double score;
    size_t pos;   /* own's hits first, then alt's others: BM25's order among equals */
} fused_at;

static int by_fused(const void *a, const void *b)
{
    const fused_at *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

int retrieve_bm25_widened(ward_store *st, const char *fts, const char *alts, const ward_store_filter *f, int limit,
                          int snippet_tokens, ward_hits *out, ward_err *err)
{
    int depth = 2 * limit > 20 ? 2 * limit : 20;
    ward_hits own = {0}, alt = {0};
    widen_sink a = {&own, 0}, b = {&alt, 0};
    int rc = ward_store_search_bm25(st, fts, f, depth, snippet_tokens, sink, &a, err);
    if (!rc) rc = ward_store_search_bm25(st, alts, f, depth, snippet_tokens, sink, &b, err);
    /* own's hits, each plus its weighted alternatives' score; then alt's others */
    size_t n = own.n;
    ward_hit *v = ward_xmalloc((own.n + alt.n + 1) * sizeof *v);
    if (own.n) memcpy(v, own.v, own.n * sizeof *v);   /* own.v is NULL when BM25 found nothing */
    for (size_t j = 0; j < alt.n; j++) {
        size_t i = 0;
        while (i < own.n && v[i].chunk_id != alt.v[j].chunk_id) i++;
        if (i < own.n) {
            v[i].score += WIDEN_WEIGHT * alt.v[j].score;
            retrieve_hit_free(&alt.v[j]);
        } else {
            v[n] = alt.v[j];
            v[n++].score *= WIDEN_WEIGHT;
        }
    }
    free(own.v), free(alt.v);
    fused_at *order = ward_xmalloc((n + 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) order[i] = (fused_at){v[i].score, i};
    qsort(order, n, sizeof *order, by_fused);
    out->v = ward_xmalloc((n + 1) * sizeof *out->v);
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rc && out->n < (size_t)limit) out->v[out->n++] = v[order[i].pos];
        else retrieve_hit_free(&v[order[i].pos]);
    }
    free(order), free(v);
    return rc;
}
