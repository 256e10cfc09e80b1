/* deid_terms.c — clinical terms that contain a person's or a place's name
 * stay, wherever a rule or the tagger found that name.
 *
 * "Swan-Ganz catheter", "Cheyne-Stokes respiration", "Glasgow Coma Scale",
 * "Kansas City Cardiomyopathy Questionnaire", "Baker Act": the same surname
 * may be a clinician's two lines up ("Dr. Swan"), and a rule that found a
 * name once redacts it everywhere in the note; the learned tagger may tag
 * such a word by its context as well.
 *
 * Ideas a reader needs:
 *  - Terms of several words are listed as K entries of data/deid_words.tsv
 *    (their own block, after the eponyms); the first word of each carries
 *    W_TERMPFX (moved into the token's `term` when tokenizing), and the text
 *    from there is looked up whole, longest first, so a listed term costs
 *    nothing where no term starts.
 *  - Whether a single word is used clinically here is deid_names.c's
 *    question (deid_clinical_at: an eponym before its clinical noun, score or
 *    finding, never right after a title). This file asks it of every name and
 *    place span twice: of the rules' candidates before overlaps are settled
 *    (deid_detect.c), and of the spans kept after the tagger (deid.c), and
 *    cuts such words out of the span.
 *  - Only names and places are cut: a facility's own words ("Sunrise
 *    Dialysis Unit") are not eponyms, and shapes (dates, numbers) hold none.
 */
#include "funnel/deid_int.h"

#include <stdlib.h>

/* The token after the longest listed term of several words at i, or 0. */
static size_t term_end(const deid_doc *d, size_t i)
{
    char key[80];
    size_t best = 0;
    for (size_t k = i + 1; k < d->n && k < i + 8 && !TK(k).nl; k++) {
        size_t kn = deid_text_key(d, i, k, key, sizeof key);
        if (!kn) break;
        if (deid_word_flags(key, kn) & W_KEEP) best = k + 1;
    }
    return best;
}

void deid_terms_mark(deid_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        if (!(TK(i).term & TERM_PFX)) continue;
        size_t e = term_end(d, i);
        for (size_t k = i; k < e; k++) d->tk[k].term |= TERM_IN;
        if (e) i = e - 1;
    }
}

/* The first token that ends after byte a (tokens are in text order). */
static size_t token_at(const deid_doc *d, size_t a)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (TK(mid).b <= a) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Word token k is used clinically, or is the "s" of such a word's
 * possessive ("Barrett's"). */
static int clinical_tok(const deid_doc *d, size_t k)
{
    if (TK(k).shape & T_PUNCT) return 0;
    if (tok_eq(d, k, "s", 1) && k >= 2 && glued(d, k) && glued(d, k - 1) && (TK(k - 1).shape & T_PUNCT))
        return deid_clinical_at(d, k - 2);
    return deid_clinical_at(d, k);
}

static int cuttable(const cand *c) { return c->type == WARD_PHI_NAME || c->type == WARD_PHI_CITY || c->prio == 0; }

/* Does span c hold a word used clinically? */
static int holds_term(const deid_doc *d, const cand *c)
{
    for (size_t k = token_at(d, c->a); k < d->n && TK(k).a < c->b; k++)
        if (clinical_tok(d, k)) return 1;
    return 0;
}

static void push(cand **o, size_t *no, size_t *cap_, cand c)
{
    if (*no == *cap_) {
        *cap_ = *cap_ ? *cap_ * 2 : 16;
        *o = ward_xrealloc(*o, *cap_ * sizeof **o);
    }
    (*o)[(*no)++] = c;
}

/* Appends the parts of span c between its clinical words: runs of tokens
 * that start and end with a word ("Dr. Swan" of a span "Swan-Ganz" is gone
 * whole; "Sterling Baker" of "Sterling Baker Act" stays). */
static void cut(const deid_doc *d, cand c, cand **o, size_t *no, size_t *cap_)
{
    size_t first = SIZE_MAX, last = 0;
    for (size_t k = token_at(d, c.a);; k++) {
        int end = k >= d->n || TK(k).a >= c.b;
        int word = !end && !(TK(k).shape & T_PUNCT);
        if (end || clinical_tok(d, k)) {
            if (first != SIZE_MAX) {
                cand p = c;
                p.a = TK(first).a > c.a ? TK(first).a : c.a;
                p.b = TK(last).b < c.b ? TK(last).b : c.b;
                push(o, no, cap_, p);
            }
            first = SIZE_MAX;
            if (end) return;
        } else if (word) {
            if (first == SIZE_MAX) first = k;
            last = k;
        }
    }
}

size_t deid_terms_keep(deid_doc *d, size_t n)
{
    size_t k = 0;
    while (k < n && !(cuttable(&d->c[k]) && holds_term(d, &d->c[k]))) k++;
    if (k == n) return n;                      /* most documents: nothing to cut */
    cand *o = NULL;
    size_t no = 0, cap_ = 0;
    for (size_t i = 0; i < n; i++) {
        if (i >= k && cuttable(&d->c[i]) && holds_term(d, &d->c[i])) cut(d, d->c[i], &o, &no, &cap_);
        else push(&o, &no, &cap_, d->c[i]);
    }
    free(d->c);
    d->c = o;
    d->nc = no;
    d->capc = cap_;
    return no;
}
