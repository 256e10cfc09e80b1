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

/* A stage or class in roman numerals: "III" of "Tanner III". */
static int roman(const deid_doc *d, size_t k)
{
    const char *p = d->t + TK(k).a;
    size_t n = TLEN(k), r = 0;
    while (r < n && (p[r] == 'I' || p[r] == 'V' || p[r] == 'X')) r++;
    return r && r == n && n <= 4;
}

/* Word token k is used clinically, or is the "s" of such a word's
 * possessive ("Barrett's"). */
static int clinical_tok(const deid_doc *d, size_t k)
{
    if (TK(k).shape & T_PUNCT) return 0;
    /* the letter of a compound noun: the "T" of "Santa Barbara T-tube" */
    if (TLEN(k) == 1 && is_p(d, k + 1, '-') && glued(d, k + 1) && glued(d, k + 2) && k + 2 < d->n &&
        (TK(k + 2).w & W_HEAD) && !(TK(k + 2).shape & T_CAP))
        return 1;
    /* the class after an eponym: "III" of "Tanner III" */
    if (roman(d, k) && k >= 1 && TK(k).sp && !TK(k).nl && !roman(d, k - 1) && deid_clinical_at(d, k - 1)) return 1;
    if (tok_eq(d, k, "s", 1) && k >= 2 && glued(d, k) && glued(d, k - 1) && (TK(k - 1).shape & T_PUNCT))
        return deid_clinical_at(d, k - 2);
    return deid_clinical_at(d, k);
}

static int cuttable(const cand *c) { return c->type == WARD_PHI_NAME || c->type == WARD_PHI_CITY || c->prio == 0; }

/* A word before which a person's name does not stand: an article, a
 * determiner or a count ("the Berry", "two Ellis", "a Murphy ball", "day
 * eight Ixempra"). */
static int thing_before(const deid_doc *d, size_t k)
{
    static const char *const w[] = {"the", "a", "an", "this", "these", "those", "each", "another", "two", "three",
                                    "four", "five", "six", "seven", "eight", "nine", "ten", "several"};
    /* but "the Okafor family", "the Okafors' home" */
    static const char *const kin[] = {"family", "families", "household", "residence", "home", "house", "kids",
                                      "children", "twins", "brothers", "sisters", "siblings", "couple", "parents"};
    return k > 0 && !TK(k).nl && !(TK(k - 1).shape & T_CAP) && tok_in(d, k - 1, w, sizeof w / sizeof *w) &&
           !tok_in(d, k + 1, kin, sizeof kin / sizeof *kin) && !is_p(d, k + 1, '\'');
}

/* A word that may be part of a person's name beside token k. */
static int name_like(const deid_doc *d, size_t k)
{
    return k < d->n && cap(d, k) && (TK(k).shape & T_ALPHA) && TLEN(k) > 1 && !(TK(k).shape & T_UPPER) &&
           !(TK(k).w & (W_KEEP | W_STOP | W_TITLE | W_CUE | W_HEAD | W_MONTH)) &&
           (!TK(k).w || (TK(k).w & (W_FIRST | W_LAST)));
}

/* Word k stands alone, no other name word beside it on the line
 * ("status post Glenn", not "Geneva Bishop" nor "Bishop, Kiersten"). */
static int lone(const deid_doc *d, size_t k)
{
    if (k > 0 && !TK(k).nl && name_like(d, k - 1)) return 0;
    size_t r = k + 1;
    if (is_p(d, r, ',')) r++;
    return r >= d->n || TK(r).nl || !name_like(d, r);
}

/* Word k is kept by what the document says of the same word elsewhere:
 * nowhere in a name's position, and used clinically once at least ("Glenn
 * shunt" ... "status post Glenn"), or, in a name span, always after an
 * article or a count ("The Ellis were removed ... two Ellis"). */
static int term_in_doc(const deid_doc *d, size_t k)
{
    if (!cap(d, k) || !(TK(k).shape & T_ALPHA) || TLEN(k) < 2 || (TK(k).shape & T_UPPER)) return 0;
    int clin = 0, things = 1, alone = lone(d, k);
    const char *s = d->t + TK(k).a;
    size_t n = TLEN(k);
    for (size_t j = 0; j < d->n; j++) {
        if (TLEN(j) != n || !deid_eq_nocase(d->t + TK(j).a, s, n)) continue;
        if (deid_name_position(d, j)) return 0;
        int c = clinical_tok(d, j);
        clin |= c;
        if (!c && !thing_before(d, j)) things = 0;
    }
    return alone && (clin || things);
}

/* Token k of a span of type `type` stays: used clinically here or
 * elsewhere in the document. */
static int kept_tok(const deid_doc *d, size_t k, int type)
{
    if (TK(k).shape & T_PUNCT) return 0;
    return clinical_tok(d, k) || (type == WARD_PHI_NAME && term_in_doc(d, k));
}

/* Does span c hold a word that stays? */
static int holds_term(const deid_doc *d, const cand *c)
{
    for (size_t k = token_at(d, c->a); k < d->n && TK(k).a < c->b; k++)
        if (kept_tok(d, k, c->type)) return 1;
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
 * whole; "Sterling Baker" of "Sterling Baker Act" stays). The rest of the
 * term after a clinical word goes with it: its other half after a hyphen
 * ("Cooke TriTome" of "Wilson-Cooke TriTome"), its class ("Tanner III").
 * A span the tagger added that holds a clinical word was a wrong guess
 * ("Millon Behavioral Medicine"): none of it stays. */
static void cut(const deid_doc *d, cand c, cand **o, size_t *no, size_t *cap_)
{
    if (c.prio == 0) return;
    size_t first = SIZE_MAX, last = 0;
    int prev_kept = 0, tail = 0;
    for (size_t k = token_at(d, c.a);; k++) {
        int end = k >= d->n || TK(k).a >= c.b;
        int word = !end && !(TK(k).shape & T_PUNCT);
        int kept = !end && word && kept_tok(d, k, c.type);
        if (end || kept) {
            if (first != SIZE_MAX && !tail) {
                cand p = c;
                p.a = TK(first).a > c.a ? TK(first).a : c.a;
                p.b = TK(last).b < c.b ? TK(last).b : c.b;
                push(o, no, cap_, p);
            }
            first = SIZE_MAX;
            prev_kept = 1;
            if (end) return;
        } else if (word) {
            if (first == SIZE_MAX) {
                first = k;
                tail = prev_kept && ((k >= 1 && is_p(d, k - 1, '-') && glued(d, k) && glued(d, k - 1)) || roman(d, k));
            }
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
