/* deid_tagger.c — a learned token tagger beside the de-identification
 * rules: it finds names, places and months-and-days the rules miss from
 * their context.
 *
 * Ideas a reader needs:
 *  - A linear model (an averaged perceptron, trained by
 *    deid_tagger_train.c from the dev notes) scores each label of a token
 *    as the sum of the weights of its features: the word, its prefixes
 *    and suffixes and first letter trigrams (what a name or place never
 *    seen shares with those seen), its shape ("Xx", "X.", "XX"), its
 *    classes in the word lists (first name, city, facility head...), the
 *    words around it, the cue phrases before it, where it is in its line
 *    and field (the field's key, a list's item, a sentence's start, a run
 *    of capitalized words, a line in capitals or in title case), a
 *    facility head ahead, whether clinical text writes it in lower case
 *    (data/deid_lower.tsv), and the labels of the two tokens before it.
 *    Features are hashed; the model keeps a row only for the features
 *    training gave weight, behind a bitmap (64 KiB) so a feature the
 *    model lacks costs one bit test.
 *  - It runs after the rules (the hook in deid.c calls deid_tagger_apply
 *    with the spans they kept) and labels only tokens they did not cover
 *    that could be part of a name or place (deid_tagger_candidate: a
 *    capitalized or listed word, or any word of a line written in lower
 *    case) or a month and day with a slash (deid_tagger_slash_date). The
 *    labels of a
 *    note are decoded together (Viterbi over the label before); a rule's
 *    span keeps its words, the decoder may read its type again as context.
 *  - It only adds: a label must beat O by more than its threshold, and
 *    clinical terms, keys, scores, abbreviations and runs of words that
 *    clinical text writes in lower case ("High School") are never tagged.
 *    The model is trained on Ward's hand-written dev notes alone
 *    (bench/deid_train.sh), and its word list (data/deid_lower.tsv) comes
 *    from those notes and Ward's own data files: no outside text.
 *  - The model is data/deid_model.tsv, built in; $WARD_DEID_MODEL or
 *    $WARD_DATA/deid_model.tsv replaces it; WARD_DEID_TAGGER=0 turns the
 *    tagger off (rules alone). Everything is integer arithmetic on fixed
 *    data: the output is deterministic.
 */
#include "funnel/deid_tagger_int.h"
#include "deid_model_bin.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- labels ---- */

int deid_tagger_label(int type)
{
    switch (type) {
    case WARD_PHI_NAME: return TG_NAME;
    case WARD_PHI_DATE: return TG_DATE;
    case WARD_PHI_ADDRESS: case WARD_PHI_ZIP: return TG_ADDRESS;
    case WARD_PHI_CITY: return TG_CITY;
    case WARD_PHI_FACILITY: return TG_FACILITY;
    default: return type < 0 ? TG_O : TG_OTHER;
    }
}

int deid_tagger_type(int label)
{
    static const int types[TG_NLABELS] = {-1, WARD_PHI_NAME, WARD_PHI_DATE, WARD_PHI_ADDRESS,
                                          WARD_PHI_CITY, WARD_PHI_FACILITY, WARD_PHI_ID};
    return label >= 0 && label < TG_NLABELS ? types[label] : -1;
}

/* ---- features ---- */

/* Word classes the features see (the tag bits too, shifted above them). */
#define TG_CLASSES (W_FIRST | W_LAST | W_COMMON | W_EPONYM | W_KEEP | W_TITLE | W_CRED | W_STREET | W_STATE | \
                    W_CITY | W_FAC | W_FAC2 | W_MONTH | W_CUE | W_RELATIVE | W_HEAD | W_STOP | W_CITYPFX | W_ACCENT)

enum {
    F_BIAS = 1, F_WORD, F_PRE3, F_SUF3, F_SUF2, F_SHAPE, F_CLASSES, F_CLASS, F_PWORD, F_PPWORD, F_NWORD, F_NNWORD,
    F_PSHAPE, F_NSHAPE, F_PCLASSES, F_NCLASSES, F_PREV, F_PREV2, F_PREV_SHAPE, F_LINEPOS, F_CUE, F_HEAD_AHEAD,
    F_PWORD_SHAPE, F_NWORD_SHAPE, F_GAP, F_LINE_END, F_PREV_CLASSES, F_PREV_PWORD, F_PPCLASSES,
    F_NNCLASSES, F_SLASH_DAY, F_SLASH_MONTH, F_SLASH_YEAR, F_AFTER, F_AFTER2, F_FIELD_END, F_KEY_WORD, F_CAPLINE, F_LOWER_LIST,
    F_SUF4, F_PRE4, F_FIELD_KEY, F_LIST, F_SENT, F_CAPRUN, F_TRIGRAM, F_PLACE_PREP, F_PLACE_VERB, F_PLACE_CTX,
    F_ABBREV,
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint32_t feat(uint64_t tmpl, uint64_t v) { return (uint32_t)(mix(v * 0x9E3779B97F4A7C15ULL + tmpl) >> (64 - TG_BITS)); }

/* Hash of token k's lower-case key (its folded word, or its punctuation),
 * remembered in memo[3k] (0: not yet; hashes are stored with bit 0 set).
 * Most keys are ASCII: lowered and hashed in one loop, which is what
 * deid_lower_key and funnel_lex_hash make of them (no accent to fold, no
 * blank to trim); the others go through both. */
static uint64_t key_hash(const deid_doc *d, uint64_t *memo, size_t k)
{
    if (memo[3 * k]) return memo[3 * k];
    size_t n = TLEN(k);
    if (n >= 40) n = 40;
    const char *s = d->t + TK(k).a;
    uint64_t h = 1469598103934665603ULL;   /* funnel_lex_hash, byte by byte */
    size_t q = 0;
    for (; q < n && (unsigned char)s[q] < 0x80; q++) h = (h ^ deid_lc((unsigned char)s[q])) * 1099511628211ULL;
    if (q < n || (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))) {
        char key[40];
        memcpy(key, s, n);
        n = deid_lower_key(key, n);
        h = funnel_lex_hash(key, n);
    }
    return memo[3 * k] = h | 1;
}

/* The memo's layout: [3k] token k's key hash, [3k+1] its shape (0: not
 * yet), [3k+2] its line: 1 mostly in capitals, 2 mostly capitalized words
 * (a heading, "Post Anesthesia Care Unit"), 0 else; plus 4 when the line
 * is five words or more, none capitalized, and not a list's item ("hi dr
 * young this is april"): the tagger then reads its words too; and, from
 * bit 3 up, the line's first token (no walk back along a long line per
 * word scored). */
uint64_t *deid_tagger_memo(const deid_doc *d)
{
    uint64_t *memo = ward_xcalloc(3 * d->n + 1, sizeof *memo);
    /* lines in capitals: by the first twelve tokens of each line */
    for (size_t s = 0, e; s < d->n; s = e) {
        int up = 0, low = 0, title = 0, capped = 0;
        for (e = s; e < d->n && (e == s || !TK(e).nl); e++) {
            if (e < s + 12 && (TK(e).shape & T_ALPHA) && TLEN(e) > 1) {
                if (TK(e).shape & T_UPPER) up++;
                else low++;
                if ((TK(e).shape & T_CAP) && !(TK(e).shape & T_UPPER)) title++;
            }
            capped |= (TK(e).shape & T_CAP) && TLEN(e) > 1;
        }
        /* a line of five words or more in lower case, not a list's item
         * ("- ella (ulipristal) taken") */
        int item = is_p(d, s, '-') || is_p(d, s, '*') || (TK(s).shape & T_DIGIT);
        /* ...that starts a sentence: not the rest of a line wrapped in
         * the middle of one */
        int opens = s == 0 || is_p(d, s - 1, '.') || is_p(d, s - 1, '!') || is_p(d, s - 1, '?') || is_p(d, s - 1, ':');
        /* ...and has no capitalized word anywhere (not only among its
         * first twelve): "I made a transverse incision ... Bipolar
         * electrocautery was used to maintain meticulous hemostasis" is
         * a report's line */
        int lowline = !capped && low >= 5 && !item && opens;
        for (size_t k = s; k < e; k++)
            memo[3 * k + 2] = (up > low ? 1 : 2 * title > low ? 2 : 0) | (uint64_t)lowline * 4 | (uint64_t)s << 3;
    }
    return memo;
}

/* Shape of token k: character classes with runs collapsed ("Xx", "X'Xx",
 * "dx"), and its length in five steps; remembered in memo[3k + 1]. */
static uint64_t shape(const deid_doc *d, uint64_t *memo, size_t k)
{
    if (memo[3 * k + 1]) return memo[3 * k + 1];
    uint64_t s = 0;
    char last = 0;
    for (size_t q = TK(k).a; q < TK(k).b; q++) {
        unsigned char c = (unsigned char)d->t[q];
        char cl;
        if (c >= 'A' && c <= 'Z') cl = 'X';
        else if (c >= 'a' && c <= 'z') cl = 'x';
        else if (c >= '0' && c <= '9') cl = 'd';
        else if ((c & 0xC0) == 0x80) continue;
        else if (c >= 0x80) cl = q == TK(k).a && (TK(k).shape & T_CAP) ? 'X' : 'x';
        else cl = (char)c;
        if (cl != last) s = s << 8 | (unsigned char)cl;
        last = cl;
    }
    size_t n = TLEN(k);
    uint64_t len = n <= 1 ? 1 : n <= 3 ? 2 : n <= 5 ? 3 : n <= 8 ? 4 : 5;
    return memo[3 * k + 1] = (s * 8 + len) << 1 | 1;
}

static uint64_t classes(const deid_doc *d, size_t k) { return (TK(k).w & TG_CLASSES) | (uint64_t)TK(k).tag << 24; }

/* A function word that joins the words of a place's name ("University of
 * Iowa", "Nursing and Rehabilitation", "Our Lady of the Lake"), unlike a
 * verb or pronoun after one ("DHHS is Deacon Frost"); never inside a
 * person's name ("Rose Baker and Will Brown" are two). */
static int connector(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"of", "and", "the", "for", "at", "on"};
    return (TK(i).w & W_STOP) && tok_in(d, i, w, sizeof w / sizeof *w);
}

/* One or two digits glued to '/' glued to one or two digits, a month
 * 1-12 and a day 1-31, maybe a year "/26" or "/2026" after, and nothing
 * glued on either side ("1/2/3/4", "120/80", "BP110/70" are not); not
 * what reads as a score or a fraction (x/2 to x/6 and x/10 with x no
 * larger, both numbers 6 or less or equal, a score's name ahead in the clause,
 * and what the rules call a ratio: deid_ratio_like). */
size_t deid_tagger_slash_date(const deid_doc *d, size_t i)
{
    if (!digits(d, i, 1, 2) || !is_p(d, i + 1, '/') || !glued(d, i + 1) || !digits(d, i + 2, 1, 2) || !glued(d, i + 2))
        return 0;
    if (i >= 1 && glued(d, i) && !is_p(d, i - 1, '(') && !is_p(d, i - 1, '-') && !is_p(d, i - 1, ':')) return 0;
    long mo = num(d, i), dy = num(d, i + 2);
    if (mo < 1 || mo > 12 || dy < 1 || dy > 31) return 0;
    /* the look of a score or a fraction is left alone: "4/5", "2/6", "8/10",
     * "1/2", "pupils 4/2", a full score "Ishihara 12/12", "GCS 9/15",
     * "2/14 lymph nodes" (deid_shapes.c) */
    if ((mo <= dy && (dy <= 6 || dy == 10)) || (mo <= 6 && dy <= 6) || mo == dy || deid_ratio_like(d, i)) return 0;
    /* a score's name ahead in the clause: "rated himself 4/7 on the
     * Stanford Sleepiness Scale" */
    for (size_t q = i + 3; q < d->n && q < i + 10 && !TK(q).nl && !is_p(d, q, '.') && !is_p(d, q, ';') && !is_p(d, q, ','); q++)
        if (TK(q).w & W_HEAD) return 0;
    /* after a score's name with its number: "PHQ-9 11/27", "GAD-7 12/21" */
    if (i >= 3 && (TK(i - 1).shape & T_DIGIT) && is_p(d, i - 2, '-') && glued(d, i - 1) && glued(d, i - 2) && mo <= dy)
        return 0;
    size_t e = i + 3;
    if (is_p(d, e, '/') && glued(d, e)) {
        if (!glued(d, e + 1) || !(digits(d, e + 1, 2, 2) || digits(d, e + 1, 4, 4))) return 0;
        e += 2;
    }
    if (e < d->n && glued(d, e) && !(TK(e).shape & T_PUNCT)) return 0;
    if (is_p(d, e, '/') && glued(d, e)) return 0;
    return e;
}

/* deid_tagger_candidate, inlined into the decoder, which asks it of every
 * token: as a call it cost the decoder 9M instructions more per 600 notes. */
static inline __attribute__((always_inline)) int candidate(const deid_doc *d, const uint64_t *memo, size_t i, int prev)
{
    const dtok *k = &d->tk[i];
    if ((k->shape & T_DIGIT) && !(k->shape & T_ALPHA)) return deid_tagger_slash_date(d, i) != 0;
    int capital = (k->shape & T_CAP) != 0;
    /* a line written all in lower case ("hi dr young this is april"): any
     * word that is not a function, clinical or title word */
    if ((memo[3 * i + 2] & 4) && (k->shape & T_ALPHA) && TLEN(i) >= 2 && !(k->w & (W_STOP | W_HEAD | W_TITLE | W_CRED)) &&
        (!(k->w & W_KEEP) || (k->w & (W_FIRST | W_LAST))))
        return 1;
    /* most tokens: punctuation, numbers, unlisted words in lower case */
    if (!(k->shape & (T_ALPHA | T_MIXED)) || (!capital && !k->w && !k->tag && prev == TG_O)) return 0;
    if (k->w & (W_HEAD | W_TITLE | W_CRED)) return 0;
    int named = (k->w & (W_FIRST | W_LAST)) != 0;
    /* right after a word of a name or place (or its "'s"), the next word
     * may be a clinical word ("Sunrise Dialysis Unit"), a function word
     * before a capital ("University of Iowa", "van Dijk") or the "s" of
     * "St. Joseph's"; a state only in a facility's name */
    int after_word = prev != TG_O && i >= 1 && !(TK(i - 1).shape & T_PUNCT) && !TK(i).nl;
    int after_join = prev != TG_O && i >= 2 && !(TK(i - 2).shape & T_PUNCT) && glued(d, i) &&
                     (is_p(d, i - 1, '-') || is_p(d, i - 1, '.') || is_p(d, i - 1, '\''));
    if ((after_word || after_join) && (prev == TG_NAME || prev == TG_FACILITY || prev == TG_ADDRESS || prev == TG_CITY) &&
        (!(k->w & W_STATE) || prev == TG_FACILITY || !capital))
        return capital || (connector(d, i) && prev != TG_NAME && i + 1 < d->n && cap(d, i + 1) && !TK(i + 1).nl) ||
               k->tag || named ||
               (after_join && is_p(d, i - 1, '\''));
    /* clinical, function and state words only when also a name ("Brown",
     * "Will": everyday-word names in name positions) */
    if ((k->w & (W_KEEP | W_EPONYM | W_STOP | W_STATE)) && !named) return 0;
    if (!capital && (k->w & W_COMMON)) return 0;   /* "branch", "will" in lower case: words */
    return capital || (k->w & (W_FIRST | W_LAST | W_CITY | W_MONTH)) || k->tag;
}

int deid_tagger_candidate(const deid_doc *d, const uint64_t *memo, size_t i, int prev) { return candidate(d, memo, i, prev); }

static size_t base_features(const deid_doc *d, uint64_t *memo, size_t i, uint32_t *f);
static int abbreviation(const deid_doc *d, size_t i);

/* A preposition before a place ("at", "from", "to", "via", "@"). */
static int place_prep(const deid_doc *d, size_t i)
{
    static const char *const w[] = {"at", "from", "to", "via"};
    return i < d->n && ((TK(i).w & W_STOP) ? tok_in(d, i, w, sizeof w / sizeof *w) : is_p(d, i, '@'));
}

/* The words before the name token i stands in, in its clause: behind the
 * capitalized words, joiners ("of", "the", "-", "'", "&") and initials
 * ("St.") of the name, the nearest function word (*prep, "from") and the
 * word in lower case before it (*verb, "admitted" in "admitted to Our
 * Lady of the Lake", "seen" in "seen at Mercy"): where a place of care stands, for
 * every word of its name, not only the first. Up to eight tokens back on
 * the line, not past a clause's end. Token indexes, or SIZE_MAX. */
static void place_context(const deid_doc *d, size_t i, size_t *prep, size_t *verb)
{
    *prep = *verb = SIZE_MAX;
    for (size_t q = i, back = 0; q > 0 && back < 8 && !TK(q).nl; back++) {
        size_t k = --q;
        if (TK(k).shape & T_PUNCT) {
            if (is_p(d, k, '-') || is_p(d, k, '\'') || is_p(d, k, '&') || is_p(d, k, '@')) {
                if (is_p(d, k, '@') && *prep == SIZE_MAX) *prep = k;
                continue;
            }
            if (is_p(d, k, '.') && k >= 1 && cap(d, k - 1) && TLEN(k - 1) <= 3 && glued(d, k)) continue;   /* "St." */
            return;
        }
        if (cap(d, k)) {
            if (*prep != SIZE_MAX) return;   /* "Dr. Lee at Mercy": a name before the preposition */
            continue;
        }
        if (!(TK(k).shape & T_ALPHA)) return;
        if (*prep == SIZE_MAX && (TK(k).w & W_STOP)) {
            if (place_prep(d, k) || !connector(d, k)) *prep = k;   /* "of", "the", "and" join the name's words */
            continue;
        }
        if (connector(d, k) && !place_prep(d, k)) continue;
        *verb = k;
        return;
    }
}

/* Token i opens its line or a sentence. */
static int sentence_start(const deid_doc *d, size_t i)
{
    return i == 0 || TK(i).nl || is_p(d, i - 1, '.') || is_p(d, i - 1, '!') || is_p(d, i - 1, '?');
}

/* The features of token i that depend on the labels before it. */
static size_t prev_features(const deid_doc *d, uint64_t *memo, size_t i, int prev, int prev2, uint32_t *f)
{
    size_t n = 0;
    uint64_t sh = shape(d, memo, i), cl = classes(d, i);
    if (i >= 1) {
        uint64_t nl = TK(i).nl ? 1 : 0;
        f[n++] = feat(F_PREV_PWORD + (nl << 8), key_hash(d, memo, i - 1) * 16 + (uint64_t)prev);
    }
    f[n++] = feat(F_PREV, (uint64_t)prev);
    f[n++] = feat(F_PREV2, (uint64_t)(prev * 16 + prev2));
    f[n++] = feat(F_PREV_SHAPE, (uint64_t)prev * 0x10000 + sh);
    f[n++] = feat(F_PREV_CLASSES, (uint64_t)prev << 40 | cl);
    return n;
}

size_t deid_tagger_features(const deid_doc *d, uint64_t *memo, size_t i, int prev, int prev2, uint32_t *f)
{
    size_t n = base_features(d, memo, i, f);
    return n + prev_features(d, memo, i, prev, prev2, f + n);
}

/* The features of token i that do not depend on the labels before it. */
static size_t base_features(const deid_doc *d, uint64_t *memo, size_t i, uint32_t *f)
{
    size_t n = 0;
    uint64_t sh = shape(d, memo, i), cl = classes(d, i);
    f[n++] = feat(F_BIAS, 0);
    f[n++] = feat(F_WORD, key_hash(d, memo, i));
    /* the word's letters: prefixes and suffixes, and its first four
     * trigrams with the word's edges ("^ts", "tse", "seg"): what a name or
     * place never seen shares with those seen */
    char key[42];
    size_t kn = TLEN(i) < 40 ? TLEN(i) : 40;
    key[0] = '^';
    memcpy(key + 1, d->t + TK(i).a, kn);
    kn = deid_lower_key(key + 1, kn);
    const char *w = key + 1;
    if (kn > 3) {
        f[n++] = feat(F_PRE3, funnel_lex_hash(w, 3));
        f[n++] = feat(F_SUF3, funnel_lex_hash(w + kn - 3, 3));
        f[n++] = feat(F_SUF2, funnel_lex_hash(w + kn - 2, 2));
    }
    if (kn > 4) {
        f[n++] = feat(F_PRE4, funnel_lex_hash(w, 4));
        f[n++] = feat(F_SUF4, funnel_lex_hash(w + kn - 4, 4));
    }
    key[kn + 1] = '$';
    for (size_t q = 0; q + 3 <= kn + 2 && q < 4; q++) f[n++] = feat(F_TRIGRAM, funnel_lex_hash(key + q, 3));
    f[n++] = feat(F_SHAPE, sh);
    f[n++] = feat(F_CLASSES, cl);
    /* the words around it; a line break between is part of the feature */
    uint64_t nl = TK(i).nl ? 1 : 0;
    if (i >= 1) {
        uint64_t pk = key_hash(d, memo, i - 1);
        f[n++] = feat(F_PWORD + (nl << 8), pk);
        f[n++] = feat(F_PSHAPE + (nl << 8), shape(d, memo, i - 1));
        f[n++] = feat(F_PCLASSES + (nl << 8), classes(d, i - 1));
        f[n++] = feat(F_PWORD_SHAPE, pk * 31 + sh);
        if (i >= 2) {
            uint64_t nl2 = (nl | (TK(i - 1).nl ? 2 : 0)) << 8;
            f[n++] = feat(F_PPWORD + nl2, key_hash(d, memo, i - 2));
            f[n++] = feat(F_PPCLASSES + nl2, classes(d, i - 2));
        }
    } else {
        f[n++] = feat(F_PWORD, 0);
    }
    if (i + 1 < d->n) {
        uint64_t nl1 = TK(i + 1).nl ? 1 : 0, nk = key_hash(d, memo, i + 1);
        f[n++] = feat(F_NWORD + (nl1 << 8), nk);
        f[n++] = feat(F_NSHAPE + (nl1 << 8), shape(d, memo, i + 1));
        f[n++] = feat(F_NCLASSES + (nl1 << 8), classes(d, i + 1));
        f[n++] = feat(F_NWORD_SHAPE, nk * 31 + sh);
        f[n++] = feat(F_LINE_END, nl1);
        if (i + 2 < d->n) {
            uint64_t nl2 = (nl1 | (TK(i + 2).nl ? 2 : 0)) << 8;
            f[n++] = feat(F_NNWORD + nl2, key_hash(d, memo, i + 2));
            f[n++] = feat(F_NNCLASSES + nl2, classes(d, i + 2));
        }
    } else {
        f[n++] = feat(F_NWORD, 0);
    }
    /* where in the line; the line's first token ('-', a number: a list's
     * item) */
    size_t s0 = (size_t)(memo[3 * i + 2] >> 3), pos = i - s0;
    f[n++] = feat(F_LINEPOS, pos < 6 ? pos : 6);
    f[n++] = feat(F_LIST, is_p(d, s0, '-') || is_p(d, s0, '*') ||
                              ((TK(s0).shape & T_DIGIT) && (is_p(d, s0 + 1, '.') || is_p(d, s0 + 1, ')'))));
    f[n++] = feat(F_GAP, (uint64_t)deid_column_gap(d, i));
    /* the shape of the line around it: where its field ends (a column gap
     * or the line's end), a key ("Hospital Acct:"), a line in capitals */
    size_t end = 0;
    for (size_t q = i + 1; q < d->n && q <= i + 4 && !end; q++)
        if (TK(q).nl || deid_column_gap(d, q)) end = q - i;
    if (!end && i + 1 >= d->n) end = 1;
    f[n++] = feat(F_FIELD_END, end);
    /* a word of a key: ':' within the next two tokens ("Hospital Acct:") */
    for (size_t q = i + 1; q < d->n && q <= i + 2 && !TK(q).nl; q++)
        if (is_p(d, q, ':')) {
            f[n++] = feat(F_KEY_WORD, q - i);
            break;
        }
    /* the key of the field it is in: the word before a ':' up to eight
     * tokens back on the line ("Referred by:", "Facility:") */
    {
        size_t q = i, back = 0;
        while (q > 0 && back < 8 && !TK(q).nl && !is_p(d, q - 1, ':')) q--, back++;
        if (q > 1 && is_p(d, q - 1, ':') && !TK(q).nl)
            f[n++] = feat(F_FIELD_KEY, key_hash(d, memo, q - 2) * 8 + (back > 3 ? 3 : back));
    }
    f[n++] = feat(F_CAPLINE, memo[3 * i + 2] & 7);
    /* a word that clinical text writes in lower case is a word
     * ("Epidural", "Minimal", "Same Day"), seldom a name */
    if ((TK(i).shape & T_ALPHA) && TLEN(i) >= 3) {
        uint64_t c = (TK(i).shape & T_UPPER) ? 2 : (TK(i).shape & T_CAP) ? 1 : 0;
        f[n++] = feat(F_LOWER_LIST, (uint64_t)deid_lower_word(d, i) * 4 + c);
    }
    /* a sentence's first word, and whether it has an English word's ending */
    int ss = sentence_start(d, i) || is_p(d, i - 1, ':');
    f[n++] = feat(F_SENT, ss ? 2u + (unsigned)deid_english_word(d, i) : 0);
    /* the capitalized words before and after it on the line (up to 3) */
    size_t l = 0, r = 0;
    for (size_t q = i; q > 0 && l < 3 && !TK(q).nl && cap(d, q - 1); q--) l++;
    for (size_t q = i + 1; q < d->n && r < 3 && !TK(q).nl && cap(d, q); q++) r++;
    f[n++] = feat(F_CAPRUN, l * 8 + r);
    /* a month and day: the numbers, and the words after them */
    size_t e = deid_tagger_slash_date(d, i);
    if (e) {
        long mo = num(d, i), dy = num(d, i + 2);
        f[n++] = feat(F_SLASH_DAY, (uint64_t)dy);
        f[n++] = feat(F_SLASH_MONTH, (uint64_t)(mo * 64 + (dy > 12)));
        f[n++] = feat(F_SLASH_YEAR, e - i);
        f[n++] = feat(F_AFTER, e < d->n && !TK(e).nl ? key_hash(d, memo, e) : 0);
        f[n++] = feat(F_AFTER2, e + 1 < d->n && !TK(e).nl && !TK(e + 1).nl ? key_hash(d, memo, e + 1) : 0);
    }
    /* cue phrases before it */
    static const int kinds[] = {CUE_LABEL, CUE_PHRASE, CUE_DATE, CUE_CITY, CUE_ADDR, CUE_FACILITY};
    int any_cue = 0;   /* a word starting a cue phrase among the four before, on the line */
    for (size_t q = i, back = 0; q > 0 && back < 4 && !any_cue; back++) {
        any_cue = TK(q - 1).cue != 0;
        if (TK(--q).nl) break;
    }
    for (size_t q = 0; any_cue && q < sizeof kinds / sizeof *kinds; q++) {
        const cue *c = deid_cue_before(d, i, kinds[q], 4);
        if (c) f[n++] = feat(F_CUE, (uint64_t)(kinds[q] * 64 + c->type) << 8 | (uint64_t)c->opts);
    }
    /* where a place of care stands: the function word and the word in
     * lower case before the name ("transferred here from Our Lady of the
     * Lake"), for every word of it */
    if (cap(d, i) || (memo[3 * i + 2] & 4)) {
        size_t pp, pv;
        place_context(d, i, &pp, &pv);
        uint64_t hp = pp == SIZE_MAX ? 0 : key_hash(d, memo, pp), hv = pv == SIZE_MAX ? 0 : key_hash(d, memo, pv);
        f[n++] = feat(F_PLACE_PREP, hp);
        f[n++] = feat(F_PLACE_VERB, hv);
        f[n++] = feat(F_PLACE_CTX, hp * 31 + hv);
    }
    /* an initialism among words in lower case ("seen at BMH", "per MSK"):
     * with the word before */
    if ((TK(i).shape & T_UPPER) && TLEN(i) <= 5 && abbreviation(d, i))
        f[n++] = feat(F_ABBREV, i >= 1 ? key_hash(d, memo, i - 1) : 0);
    /* a facility head within the next three words of the line */
    for (size_t q = i + 1; q < d->n && q <= i + 3 && !TK(q).nl; q++)
        if ((TK(q).w & (W_FAC | W_FAC2)) || (TK(q).tag & TAG_LHEAD)) {
            f[n++] = feat(F_HEAD_AHEAD, (uint64_t)(q - i) * 4 + ((TK(q).w & W_FAC) ? 1 : (TK(q).w & W_FAC2) ? 2 : 3));
            break;
        }
    return n;
}

/* ---- the model ---- */

/* A word the lists know as an eponym or a clinical word ("Foley",
 * "Parkinson") and also as a name needs this much more than the threshold. */
#define TG_EPONYM_MARGIN 100

/* The bits set in x, inline: without -mpopcnt __builtin_popcountll is a
 * call into libgcc, once per feature scored. */
static inline uint32_t bit_count(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
}

/* The scores, with the rank of a feature's row counted by bit_count or
 * (hw) by the processor's popcnt instruction: one instruction instead of
 * twelve, for every feature the model has. */
static inline __attribute__((always_inline)) void scores_with(const tg_model *m, const uint32_t *f, size_t nf,
                                                              int32_t *scores, int hw)
{
    /* two passes over at most TG_MAXF features: first find each one's row
     * (and ask the cache for it), then add the rows, so that their cache
     * misses overlap instead of following one another */
    const int16_t *rows[TG_MAXF];
    int32_t s[TG_ROW] = {0};
    for (size_t at = 0; at < nf; at += TG_MAXF) {
        size_t nr = 0;
        for (size_t q = at; q < nf && q < at + TG_MAXF; q++) {
            uint32_t fe = f[q];
            const tg_block *bk = &m->blk[fe / 64];
            if (!(bk->bits >> (fe % 64) & 1)) continue;
            uint64_t below = bk->bits & ((1ULL << (fe % 64)) - 1);
            rows[nr] = m->w[bk->rank + (hw ? (uint32_t)__builtin_popcountll(below) : bit_count(below))];
            __builtin_prefetch(rows[nr]);
            nr++;
        }
        for (size_t q = 0; q < nr; q++)
            for (int l = 0; l < TG_ROW; l++) s[l] += rows[q][l];
    }
    memcpy(scores, s, sizeof s);
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
__attribute__((target("popcnt"))) static void scores_popcnt(const tg_model *m, const uint32_t *f, size_t nf, int32_t *scores)
{
    scores_with(m, f, nf, scores, 1);
}

/* The processor's answer, asked once a process: threads de-identify at
 * once (ingest --jobs), and a flag set lazily without pthread_once was a
 * data race, as was __builtin_cpu_init's own writes. */
static int have_popcnt;
static pthread_once_t popcnt_once = PTHREAD_ONCE_INIT;

static void ask_popcnt(void)
{
    __builtin_cpu_init();
    have_popcnt = __builtin_cpu_supports("popcnt") != 0;
}

void deid_tagger_scores(const tg_model *m, const uint32_t *f, size_t nf, int32_t *scores)
{
    pthread_once(&popcnt_once, ask_popcnt);
    if (have_popcnt) scores_popcnt(m, f, nf, scores);
    else scores_with(m, f, nf, scores, 0);
}
#else
void deid_tagger_scores(const tg_model *m, const uint32_t *f, size_t nf, int32_t *scores)
{
    scores_with(m, f, nf, scores, 0);   /* other processors: __builtin_popcountll is inline where they count bits */
}
#endif

/* The built-in model: data/deid_model.tsv, parsed at build time into
 * generated/deid_model_bin.h's tables (cmake/deid_model_gen.c). */
static const tg_model embedded = {
    .blk = WARD_DEID_MODEL_BLK,
    .w = WARD_DEID_MODEL_W,
    .nrows = WARD_DEID_MODEL_NROWS,
    .threshold = WARD_DEID_MODEL_THRESHOLD,
    .th = WARD_DEID_MODEL_TH,
    .veto = WARD_DEID_MODEL_VETO,
};
static tg_model site;               /* a site's model, parsed at load */
static const tg_model *loaded;      /* embedded, &site, or NULL: the tagger is off */
static const tg_model *override;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void free_site(void) { deid_tagger_free(&site); }

static void load_builtin(void)
{
    const char *off = getenv("WARD_DEID_TAGGER");
    if (off && !strcmp(off, "0")) return;
    char path[4096];
    funnel_lex_site_path("WARD_DEID_MODEL", "deid_model.tsv", path, sizeof path);
    char *data = NULL;
    size_t len = 0;
    ward_err err;
    /* a site's model replaces the built-in one; a site's model that does
     * not parse leaves the tagger off rather than half-loaded (the library
     * cannot report here); no site file: the built-in model */
    if (*path && !ward_read_file(path, (size_t)64 << 20, &data, &len, &err)) {
        if (!deid_tagger_parse(data, len, &site, NULL)) {
            atexit(free_site);
            loaded = &site;
        }
    } else {
        loaded = &embedded;
    }
    free(data);
}

void deid_tagger_use(const tg_model *m) { override = m; }

static const tg_model *model(void)
{
    if (override) return override;
    pthread_once(&builtin_once, load_builtin);
    return loaded && loaded->nrows ? loaded : NULL;
}

/* ---- the pass ---- */

/* Bytes a..b join two words of one name: nothing, a space, a hyphen or
 * an apostrophe ("Jean-Paul", "O'Neil"), or a period after an initial or
 * an abbreviation of two letters ("St. Luke", "W. Deshpande"), never a
 * sentence's end ("Hospital. Visit"). */
static int joinable(const char *t, size_t a, size_t b)
{
    if (b - a > 2) return 0;
    if (b - a == 1 && (t[a] == ' ' || t[a] == '-' || t[a] == '\'')) return 1;
    if (b == a) return 1;
    if (t[a] != '.' || (b - a == 2 && t[a + 1] != ' ')) return 0;
    size_t w = 0;
    while (w < a && w < 3 && ((unsigned char)t[a - 1 - w] | 0x20) >= 'a' && ((unsigned char)t[a - 1 - w] | 0x20) <= 'z') w++;
    return w >= 1 && w <= 2;
}

/* Token i is part of a clinical term's or an abbreviation's name, not a
 * person's or a place's:
 *  - a clinical head noun follows within four words of the line, through
 *    hyphens and words that are not function words ("Burch-Wartofsky
 *    score", "San Francisco syncope rule", "Canadian CT Head Rule");
 *  - it is glued by a hyphen to an untagged word before ("Fugl-Meyer"), an
 *    eponym or a single letter glued to any word ("Swan-Ganz",
 *    "Roux-en-Y"), or glued to a number after ("Ki-67"), or it is a single
 *    letter glued to a word after ("R-CHOP");
 *  - a clinical word in lower case follows it, or its capitalized words
 *    and one more word ("Lisfranc injury", "Rocky Mountain spotted fever");
 *  - it follows "of" after a word in lower case ("circle of Willis");
 *  - it is an initial before a word in lower case ("B. fragilis");
 *  - it is a letter of a dotted abbreviation ("M.D.", "U.S."). */
static int clinical_term(const deid_doc *d, size_t i, int prev_tagged)
{
    if (i >= 2 && is_p(d, i - 1, '-') && glued(d, i) && !TK(i - 1).sp &&
        (!prev_tagged || (TK(i).w & W_EPONYM) || TLEN(i) == 1))   /* "Roux-en-Y" */
        return 1;
    if (is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && (TK(i + 2).shape & T_DIGIT)) return 1;
    /* a single letter glued by a hyphen to the word after: "R-CHOP", "T-cell" */
    if (TLEN(i) == 1 && is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && (TK(i + 2).shape & T_ALPHA)) return 1;
    if (TLEN(i) == 1 && ((is_p(d, i + 1, '.') && glued(d, i + 1) && glued(d, i + 2) && i + 2 < d->n && TLEN(i + 2) == 1) ||
                         (i >= 2 && is_p(d, i - 1, '.') && glued(d, i) && glued(d, i - 1) && TLEN(i - 2) == 1)))
        return 1;
    /* after "of" and a word in lower case: "circle of Willis", "pouch of Douglas" */
    if (i >= 2 && tok_eq(d, i - 1, "of", 2) && !(TK(i - 2).shape & T_CAP) && (TK(i - 2).shape & T_ALPHA) &&
        !(TK(i - 2).w & W_RELATIVE) && !(TK(i - 2).tag & TAG_LHEAD))
        return 1;
    /* an initial before a word in lower case: "B. fragilis", "E. coli" */
    if (TLEN(i) == 1 && is_p(d, i + 1, '.') && i + 2 < d->n && !TK(i + 2).nl && (TK(i + 2).shape & T_ALPHA) &&
        !(TK(i + 2).shape & T_CAP))
        return 1;
    /* a clinical word in lower case right after it ("Lisfranc injury"), or
     * after its capitalized words and one word in lower case ("Rocky
     * Mountain spotted fever"); not a place's head ("Ridgeview clinic") */
    size_t e = i + 1;
    /* a bounded walk: a line of nothing but capitals stays linear */
    while (e < d->n && e < i + 8 && !TK(e).nl && (cap(d, e) || (is_p(d, e, '-') && glued(d, e) && glued(d, e + 1)))) e++;
    for (size_t q = e; q < d->n && q < e + 2 && !TK(q).nl && (TK(q).shape & T_ALPHA) && !(TK(q).shape & T_CAP); q++) {
        if ((TK(q).w & (W_FAC | W_FAC2 | W_STOP)) || (TK(q).tag & TAG_LHEAD)) break;   /* "Merrow drove her" */
        if ((TK(q).w & W_KEEP) && (q == i + 1 || q > e)) return 1;
    }
    int words = 0;
    for (size_t q = i + 1; q < d->n && words < 4 && !TK(q).nl; q++) {
        if (TK(q).w & W_HEAD) return 1;
        if (is_p(d, q, '-') || is_p(d, q, '/') || is_p(d, q, '\'') || (is_p(d, q, '.') && TLEN(q - 1) <= 2)) continue;
        if (!(TK(q).shape & T_ALPHA) || (TK(q).w & W_STOP)) return 0;
        words++;
    }
    return 0;
}

/* A short word in capitals among words in lower case ("NSVD", "AF"): an
 * abbreviation, not a name or a city (headers in capitals are the rules'). */
static int abbreviation(const deid_doc *d, size_t i)
{
    if (!(TK(i).shape & T_UPPER) || TLEN(i) > 5) return 0;
    /* up to three words before and after, in the same field of the line
     * ("Member: CARTER J KING   Member ID:" is a name in capitals) */
    for (size_t q = i, back = 0; q > 0 && back < 3 && !TK(q).nl && !deid_column_gap(d, q); back++) {
        q--;
        if (is_p(d, q, ':')) break;
        if ((TK(q).shape & T_ALPHA) && !(TK(q).shape & T_UPPER) && TLEN(q) > 1) return 1;
    }
    for (size_t q = i + 1; q < d->n && q <= i + 3 && !TK(q).nl && !deid_column_gap(d, q) && !is_p(d, q, ':'); q++)
        if ((TK(q).shape & T_ALPHA) && !(TK(q).shape & T_UPPER) && TLEN(q) > 1) return 1;
    return 0;
}

/* A word the lists know as an eponym or a clinical word, needing
 * TG_EPONYM_MARGIN more: not after a word of a place ("Sunrise Dialysis
 * Unit"; prev TG_NLABELS: a rule's place read as a facility, which needs
 * the margin, "Seattle Heart Failure Model"). */
static int eponym_like(const deid_doc *d, size_t i, int prev)
{
    if (!(TK(i).w & (W_EPONYM | W_KEEP))) return 0;
    return prev != TG_FACILITY && prev != TG_NLABELS;
}

/* A run of words every one of which clinical text writes in lower case
 * (or a function word): a generic phrase in capitals ("High School", "Post
 * Anesthesia Care Unit"), not a name; but not the rest of a rule's place
 * of care ("Inova Pathology", "SCSMC Endocrine": the rules found the
 * first word). fixed: as in decode. */
static int generic(const deid_doc *d, const uint8_t *fixed, cand run)
{
    int words = 0;
    size_t lo = 0, hi = d->n;   /* the run's first token */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (TK(mid).b <= run.a) lo = mid + 1;
        else hi = mid;
    }
    if (run.type == WARD_PHI_FACILITY && lo >= 1 && fixed[lo - 1] == 1 + TG_FACILITY && joinable(d->t, TK(lo - 1).b, run.a))
        return 0;
    for (size_t i = lo; i < d->n && TK(i).a < run.b; i++) {
        if (TK(i).b <= run.a || !(TK(i).shape & T_ALPHA)) continue;
        if (TK(i).w & W_STOP) continue;
        if (TLEN(i) < 3 || !deid_lower_word(d, i)) return 0;
        words++;
    }
    return words > 0;
}

/* Adds the tagger's run as a span unless it is a generic phrase: 1 when
 * added. */
static size_t add_run(deid_doc *d, const uint8_t *fixed, cand run)
{
    if (run.type < 0 || generic(d, fixed, run)) return 0;
    deid_add(d, run.a, run.b, run.type, 0);
    return 1;
}

/* Token i is the "s" after an apostrophe glued to a word. */
static int possessive_s(const deid_doc *d, size_t i)
{
    return i >= 2 && TLEN(i) == 1 && (d->t[TK(i).a] | 0x20) == 's' && glued(d, i) && is_p(d, i - 1, '\'') && glued(d, i - 1);
}

/* A name the tagger found is a name everywhere in the document (as the
 * rules do with theirs): every other capitalized word with the same key
 * that no span covers gets a span. d->c[n..nc) are the tagger's spans. */
static size_t found_everywhere(deid_doc *d, size_t n, uint64_t *memo)
{
    uint64_t keys[32];
    size_t nk = 0, added = 0, nc = d->nc;
    for (size_t k = n; k < nc && nk < 32; k++)
        if (d->c[k].type == WARD_PHI_NAME)
            for (size_t i = deid_tok_at(d, d->c[k].a, 0); i < d->n && TK(i).b <= d->c[k].b && nk < 32; i++)
                if ((TK(i).shape & T_ALPHA) && TLEN(i) > 2 && !(TK(i).w & (W_COMMON | W_KEEP | W_EPONYM | W_STOP)))
                    keys[nk++] = key_hash(d, memo, i);
    if (!nk) return 0;
    /* the tokens some span covers, span by span (not every span per token:
     * linear however many spans hostile input makes) */
    uint8_t *covered = ward_xcalloc(d->n + 1, 1);
    for (size_t k = 0; k < nc; k++)
        for (size_t i = deid_tok_at(d, d->c[k].a, 1); i < d->n && TK(i).a < d->c[k].b; i++) covered[i] = 1;
    for (size_t i = 0; i < d->n; i++) {
        if (!cap(d, i) || TLEN(i) <= 2 || covered[i]) continue;
        uint64_t h = key_hash(d, memo, i);
        for (size_t q = 0; q < nk; q++)
            if (keys[q] == h && !clinical_term(d, i, 0)) {
                deid_add(d, TK(i).a, TK(i).b, WARD_PHI_NAME, 0), added++;
                break;
            }
    }
    free(covered);
    return added;
}

/* ---- decoding ---- */

/* A head noun or a clinical word in a key, ':' within the next two tokens
 * of the line ("Hospital Acct:", "Clinic Phone:"): a form's label. */
static int key_word(const deid_doc *d, size_t i)
{
    if (!(TK(i).w & (W_FAC | W_FAC2 | W_KEEP))) return 0;
    for (size_t q = i + 1; q < d->n && q <= i + 2 && !TK(q).nl; q++)
        if (is_p(d, q, ':')) return 1;
    return 0;
}

/* The labels of a name or a place, as the rules' spans may be read again
 * by the decoder. */
static int relabel(int l) { return l == TG_NAME || l == TG_CITY || l == TG_FACILITY; }

#define TG_NEG (INT64_MIN / 4)

/* What label y of token i, after a token labelled p, adds to a path's
 * score: its margin over O less the threshold (O adds 0); TG_NEG where
 * the label is not allowed (a clinical term, an abbreviation).
 * base[] are the scores of the token's features that do not depend on
 * the labels before it. */
static void step_scores(const tg_model *m, const deid_doc *d, uint64_t *memo, size_t i, int p, int p2,
                        const int32_t *base, unsigned ban, int reread, int64_t *out)
{
    uint32_t f[8];
    int32_t sc[TG_ROW];
    size_t nf = prev_features(d, memo, i, p, p2, f);
    deid_tagger_scores(m, f, nf, sc);
    int more = eponym_like(d, i, reread && p == TG_FACILITY ? TG_NLABELS : p) ? TG_EPONYM_MARGIN : 0;
    out[TG_O] = 0;
    for (int l = 1; l < TG_NLABELS; l++)
        out[l] = (ban >> l) & 1 ? TG_NEG : (int64_t)base[l] + sc[l] - base[TG_O] - sc[TG_O] - m->th[l] - more;
}

/* Token k is a drug (a clinical word) before its dose: "Tylenol 160 mg". */
static int dosed(const deid_doc *d, size_t k)
{
    return (TK(k).w & W_KEEP) && k + 1 < d->n && !TK(k + 1).nl && (TK(k + 1).shape & T_DIGIT);
}

/* Token i is a word in lower case glued by a hyphen to another word in
 * lower case ("nit-occlude", "follow-up"): a compound word, not a name,
 * even in a line written all in lower case. */
static int lower_compound(const deid_doc *d, size_t i)
{
    const unsigned lower = T_ALPHA | T_CAP;
    if ((TK(i).shape & lower) != T_ALPHA) return 0;
    int before = i >= 2 && is_p(d, i - 1, '-') && glued(d, i) && glued(d, i - 1) && (TK(i - 2).shape & lower) == T_ALPHA;
    int after = is_p(d, i + 1, '-') && glued(d, i + 1) && glued(d, i + 2) && (TK(i + 2).shape & lower) == T_ALPHA;
    return before || after;
}

/* The labels token i may not take (a bit per label), after a token tagged
 * or not: a clinical term's or a key's word takes none, a month and day
 * only DATE, a word with digits ("CHA2DS2", "HbA1c") and an abbreviation
 * among words in lower case name no one and no place; a drug before its
 * dose and the word before it ("Children's Tylenol 160 mg"), a state after
 * a city, a verb form opening a sentence and a compound in lower case
 * ("nit-occlude") take none. after_name, after_city: the word before is a rule's name ("Rose
 * Baker and Will Brown": "and" joins nothing) or city. */
static unsigned token_bans(const deid_doc *d, size_t i, int prev_tagged, int after_name, int after_city)
{
    const unsigned all = ((1u << TG_NLABELS) - 1) & ~1u, person_place = 1u << TG_NAME | 1u << TG_CITY | 1u << TG_FACILITY;
    if (TK(i).shape & T_DIGIT) return all & ~(1u << TG_DATE);
    if (clinical_term(d, i, prev_tagged) || key_word(d, i) || deid_clinical_after(d, i + 1) || lower_compound(d, i)) return all;
    if (after_name && (TK(i).w & W_STOP)) return all;
    /* a drug before its dose ("Children's Tylenol 160 mg"), a state after a
     * city ("Richmond VA 23220"), a verb opening a sentence ("Treated at") */
    if (dosed(d, i)) return all;
    size_t j = i + 1;   /* the word after, past an "'s" */
    if (is_p(d, j, '\'') && tok_eq(d, j + 1, "s", 1)) j += 2;
    if (j < d->n && !TK(j).nl && dosed(d, j)) return all;
    if ((TK(i).w & W_STATE) && after_city) return all;
    /* a staging system in parentheses after a stage: "Stage IIA (Ann Arbor)" */
    for (size_t q = i; q > 0 && q + 4 > i && !TK(q).nl; q--)
        if (is_p(d, q - 1, '(') && q >= 3 && tok_eq(d, q - 3, "stage", 5)) return all;
    if (sentence_start(d, i) && !(TK(i).w & (W_FIRST | W_LAST | W_FAC | W_FAC2)) && deid_english_word(d, i)) return all;
    unsigned ban = (TK(i).shape & T_MIXED) ? person_place : 0;
    /* an abbreviation among words in lower case names no one; a place of
     * care only after a preposition of place ("transferred from BMH") */
    if (abbreviation(d, i)) ban |= place_prep(d, i - 1) ? 1u << TG_NAME | 1u << TG_CITY : person_place;
    return ban;
}

/* The labels of the tokens (lab[i]; punctuation gets the label before
 * it), by Viterbi over the labels of the word tokens: a label's score
 * depends on the label before (the candidate test and the features of
 * the labels before), so "Maplewood Primary Care" can be a place as a
 * whole where its first word alone would not pass. Tokens the rules
 * covered (fixed[i] = 1 + label) keep their label; tokens inside a word
 * or a date (inner[i]: punctuation, the "/25" of "11/25") take the label
 * before them. bp holds the best label before, per token and label. */
static void decode(const tg_model *m, const deid_doc *d, uint64_t *memo, const uint8_t *fixed, const uint8_t *inner,
                   uint8_t *lab)
{
    uint8_t(*bp)[TG_NLABELS] = ward_xmalloc((d->n + 1) * sizeof *bp);
    int64_t delta[TG_NLABELS], next[TG_NLABELS], step[TG_NLABELS];
    for (int l = 0; l < TG_NLABELS; l++) delta[l] = l ? TG_NEG : 0;
    size_t last = SIZE_MAX;   /* the word token before */
    int o_alone = 1;          /* no path ends in a label but O */
    uint32_t f[TG_MAXF];
    int32_t base[TG_ROW];
    for (size_t i = 0; i < d->n; i++) {
        if (inner[i]) continue;
        /* most tokens: only O is alive and the token is no candidate after
         * it, so O goes on alone (what the loop below finds, without it) */
        if (o_alone && !fixed[i] && !candidate(d, memo, i, TG_O)) {
            memset(bp[i], TG_O, sizeof bp[i]);
            last = i;
            continue;
        }
        for (int l = 0; l < TG_NLABELS; l++) next[l] = TG_NEG, bp[i][l] = TG_O;
        int have_base = 0;
        unsigned bans[2] = {UINT_MAX, UINT_MAX};   /* token_bans after O, after a tag; computed once */
        for (int p = 0; p < TG_NLABELS; p++) {
            if (delta[p] == TG_NEG) continue;
            if (fixed[i] && !(relabel(fixed[i] - 1) && (TK(i).shape & T_ALPHA))) {
                int y = fixed[i] - 1;
                if (delta[p] > next[y]) next[y] = delta[p], bp[i][y] = (uint8_t)p;
                continue;
            }
            if (fixed[i]) {
                /* a rule's name or place: the model may read it as another of
                 * the three, as context for the words after ("Goodwin" in
                 * "Goodwin Physical Therapy") */
                if (!have_base) {
                    size_t nf = base_features(d, memo, i, f);
                    deid_tagger_scores(m, f, nf, base);
                    have_base = 1;
                }
                int32_t sc[TG_ROW];
                uint32_t pf[8];
                size_t np = prev_features(d, memo, i, p, last == SIZE_MAX ? TG_O : bp[last][p], pf);
                deid_tagger_scores(m, pf, np, sc);
                int y0 = fixed[i] - 1;
                for (int l = 0; l < TG_NLABELS; l++) {
                    if (!relabel(l)) continue;
                    int64_t v = delta[p] + base[l] + sc[l] - base[y0] - sc[y0];
                    if (v > next[l]) next[l] = v, bp[i][l] = (uint8_t)p;
                }
                continue;
            }
            if (!candidate(d, memo, i, p)) {
                if (delta[p] > next[TG_O]) next[TG_O] = delta[p], bp[i][TG_O] = (uint8_t)p;
                continue;
            }
            if (!have_base) {
                size_t nf = base_features(d, memo, i, f);
                deid_tagger_scores(m, f, nf, base);
                have_base = 1;
            }
            int p2 = last == SIZE_MAX ? TG_O : bp[last][p], tagged = p != TG_O;
            if (bans[tagged] == UINT_MAX)
                bans[tagged] = token_bans(d, i, tagged, last != SIZE_MAX && fixed[last] == 1 + TG_NAME,
                                          last != SIZE_MAX && (fixed[last] == 1 + TG_CITY || (TK(last).w & W_CITY)));
            /* the word before is a rule's span read as another type */
            int reread = last != SIZE_MAX && fixed[last] && fixed[last] != 1 + p;
            step_scores(m, d, memo, i, p, p2, base, bans[tagged], reread, step);
            for (int l = 0; l < TG_NLABELS; l++)
                if (step[l] != TG_NEG && delta[p] + step[l] > next[l]) next[l] = delta[p] + step[l], bp[i][l] = (uint8_t)p;
        }
        memcpy(delta, next, sizeof delta);
        o_alone = 1;
        for (int l = 1; l < TG_NLABELS; l++) o_alone &= delta[l] == TG_NEG;
        last = i;
    }
    /* back from the best label of the last word token */
    int y = TG_O;
    for (int l = 1; l < TG_NLABELS; l++)
        if (delta[l] > delta[y]) y = l;
    for (size_t i = d->n; i-- > 0;) {
        if (inner[i]) continue;
        lab[i] = (uint8_t)y;
        y = bp[i][y];
    }
    /* punctuation: the label before it */
    uint8_t before = TG_O;
    for (size_t i = 0; i < d->n; i++) {
        if (inner[i]) lab[i] = before;
        else before = lab[i];
    }
    free(bp);
}

/* The end of the month and day at token i, before the first token a rule
 * already holds ("Called 12/18 Baker Rd": "18 Baker Rd" is an address):
 * spans must not overlap. */
static size_t date_end(const deid_doc *d, const uint8_t *fixed, size_t i)
{
    size_t e = deid_tagger_slash_date(d, i);
    for (size_t q = i + 1; q < e; q++)
        if (fixed[q]) return q;
    return e;
}

size_t deid_tagger_apply(deid_doc *d, size_t n)
{
    const tg_model *m = model();
    if (!m || !m->nrows || !d->n) return n;
    d->nc = n;
    size_t s = 0, added = 0;
    int prev = TG_O, prev2 = TG_O;
    uint32_t f[TG_MAXF];
    int32_t sc[TG_ROW];
    cand run = {0, 0, -1, 0};
    uint64_t *memo = deid_tagger_memo(d);
    uint8_t *fixed = ward_xcalloc(d->n + 1, 1), *lab = ward_xcalloc(d->n + 1, 1);
    for (size_t i = 0; i < d->n; i++) {
        while (s < n && d->c[s].b <= TK(i).a) s++;
        if (s < n && d->c[s].a < TK(i).b) fixed[i] = (uint8_t)(1 + deid_tagger_label(d->c[s].type));
    }
    /* punctuation, and the rest of a month and day the rules left */
    uint8_t *inner = ward_xcalloc(d->n + 1, 1);
    for (size_t i = 0; i < d->n; i++) {
        if (TK(i).shape & T_PUNCT) inner[i] = 1;
        size_t e = fixed[i] || !(TK(i).shape & T_DIGIT) ? 0 : date_end(d, fixed, i);   /* numbers only: no call per word */
        for (size_t q = i + 1; q < e; q++) inner[q] = 1;
    }
    decode(m, d, memo, fixed, inner, lab);
    /* veto: 0 undecided, 1 the model agrees somewhere, 2 the model is sure
     * every word of the span is not an identifier */
    uint8_t *veto = m->veto ? ward_xcalloc(n + 1, 1) : NULL;
    s = 0;
    for (size_t i = 0; i < d->n; i++) {
        while (s < n && d->c[s].b <= TK(i).a) s++;
        int y = lab[i];
        if (fixed[i]) {
            if (veto && veto[s] != 1 && d->c[s].prio <= PRIO_PLACE &&
                (y == TG_NAME || y == TG_CITY || y == TG_FACILITY) && (TK(i).shape & T_ALPHA)) {
                size_t nf = deid_tagger_features(d, memo, i, prev, prev2, f);
                deid_tagger_scores(m, f, nf, sc);
                veto[s] = sc[TG_O] - sc[y] > m->veto ? 2 : 1;
            }
        } else if (y == TG_DATE && (TK(i).shape & T_DIGIT) && !inner[i]) {
            /* a month and day: one span from its first number to its last */
            size_t e = date_end(d, fixed, i);
            added += add_run(d, fixed, run);
            run.type = -1;
            deid_add(d, TK(i).a, TK(e - 1).b, WARD_PHI_DATE, 0), added++;
        } else if (y != TG_O && !inner[i]) {
            int type = deid_tagger_type(y);
            if (run.type == type && joinable(d->t, run.b, TK(i).a)) {
                run.b = TK(i).b;
            } else {
                added += add_run(d, fixed, run);
                run = (cand){TK(i).a, TK(i).b, type, 0};
                /* the "s" of a possessive alone is no identifier: it joins a
                 * span of its type ("St. Joseph's") or nothing ("Morton's
                 * neuroma", where the rules' "Morton" was read again) */
                if (possessive_s(d, i) && fixed[i - 2] != 1 + y) run.type = -1;
            }
        }
        if (!inner[i]) prev2 = prev, prev = y;   /* "Jean-Paul": the label before Paul is Jean's */
    }
    added += add_run(d, fixed, run);
    free(inner);
    if (added) added += found_everywhere(d, n, memo);
    free(memo);
    free(fixed);
    free(lab);
    if (veto) {
        size_t kept = 0, removed = 0;
        for (size_t k = 0; k < d->nc; k++)
            if (k >= n || veto[k] != 2) d->c[kept++] = d->c[k];
            else removed++;
        d->nc = kept;
        n -= removed;
        free(veto);
    }
    if (!added) return n;
    qsort(d->c, d->nc, sizeof *d->c, deid_by_start);
    /* join a new span to a kept one of the same type beside it */
    size_t out = 0;
    for (size_t i = 0; i < d->nc; i++) {
        cand c = d->c[i];
        if (out) {
            cand *p = &d->c[out - 1];
            if (p->type == c.type && (p->prio == 0 || c.prio == 0) && p->b <= c.a && joinable(d->t, p->b, c.a)) {
                p->b = c.b;
                if (c.prio) p->prio = c.prio;
                continue;
            }
        }
        d->c[out++] = c;
    }
    d->nc = out;
    return out;
}
