/* deid_tagger_int.h — the learned de-identification tagger, private to
 * deid_tagger.c (features, the model, the pass that adds spans),
 * deid_tagger_train.c (the averaged perceptron that writes a model) and
 * the tools and tests that train and check it.
 *
 * The tagger labels one token at a time, left to right, with one of
 * TG_NLABELS labels (O or an identifier type). A feature is a hash of a
 * template and a value ("the word before is 'daughter'"), cut to TG_BITS
 * bits; the model holds one row of TG_ROW weights per feature it knows.
 */
#ifndef WARD_FUNNEL_DEID_TAGGER_INT_H
#define WARD_FUNNEL_DEID_TAGGER_INT_H

#include "funnel/deid_int.h"

enum { TG_O, TG_NAME, TG_DATE, TG_ADDRESS, TG_CITY, TG_FACILITY, TG_OTHER, TG_NLABELS };
#define TG_ROW 8          /* weights per feature row: TG_NLABELS padded */
#define TG_BITS 18        /* feature hashes are cut to this many bits */
#define TG_MAXF 80        /* features of one token, at most */
#define TG_WORDS ((1u << TG_BITS) / 64)   /* bitmap blocks of a model */

typedef struct tg_block {
    uint64_t bits;        /* which of 64 features have a row */
    uint32_t rank;        /* rows before this block's features */
    uint32_t pad;
} tg_block;

typedef struct tg_model {
    const tg_block *blk;  /* TG_WORDS blocks: one cache line holds 4 */
    const int16_t (*w)[TG_ROW]; /* the rows, in feature order */
    size_t nrows;
    int threshold;        /* a label other than O must beat O by more than this... */
    int th[TG_NLABELS];   /* ...or by more than its own ("threshold<TAB>DATE<TAB>N") */
    int veto;             /* 0, or: a rule's name or place span (guessed from words,
                             priority PRIO_PLACE or less) whose every word O beats its
                             type by more than this is dropped */
} tg_model;

/* The label of a ward_phi_type, and the type of a label (TG_O: -1). */
int deid_tagger_label(int type);
int deid_tagger_type(int label);

/* Token i is one the tagger scores, given the label before it: a word
 * that could be part of a name or place (never a clinical, title or
 * function word unless it follows a name or place; any word of a line
 * written in lower case). memo: from deid_tagger_memo(d). */
int deid_tagger_candidate(const deid_doc *d, const uint64_t *memo, size_t i, int prev);
/* Token i starts a month and day written with a slash ("placed 11/25",
 * "RTC 12/10", "12/05/26"): returns the token after it, or 0. */
size_t deid_tagger_slash_date(const deid_doc *d, size_t i);
/* The memo deid_tagger_features and deid_tagger_candidate need for a
 * document: the hashes and shapes of its tokens as they are computed, and
 * which lines are in capitals, in title case or in lower case. Free with
 * free(). */
uint64_t *deid_tagger_memo(const deid_doc *d);
/* The features of token i, given the labels of the two tokens before it;
 * writes at most TG_MAXF hashes (< 1 << TG_BITS) to f, returns the count.
 * memo: from deid_tagger_memo(d). */
size_t deid_tagger_features(const deid_doc *d, uint64_t *memo, size_t i, int prev, int prev2, uint32_t *f);

/* ---- deid_tagger_model.c ---- */

/* Reads a model from its text (data/deid_model.tsv format): 0, or -1
 * when malformed (*line gets the line). Free with deid_tagger_free. The
 * built-in model is data/deid_model.tsv read by this same function at
 * build time (cmake/deid_model_gen.c). */
int deid_tagger_parse(const char *text, size_t len, tg_model *m, size_t *line);
void deid_tagger_free(tg_model *m);
/* Scores of every label for features f[0..nf) (scores[TG_ROW]). */
void deid_tagger_scores(const tg_model *m, const uint32_t *f, size_t nf, int32_t *scores);

/* Uses m in this process instead of the built-in model (training and
 * tests; not thread-safe: call before de-identifying). NULL: the built-in
 * model again. */
void deid_tagger_use(const tg_model *m);

/* The hook in deid.c: d->c[0..n) are the spans the rules kept, in text
 * order and not overlapping. Adds a span for each run of tokens the
 * model tags that no kept span covers (and joins it to a kept span of
 * the same type beside it); returns the new count, still in text order. */
size_t deid_tagger_apply(deid_doc *d, size_t n);

/* ---- deid_tagger_train.c ---- */

typedef struct tg_trainer tg_trainer;
/* margin: a label is learned until it beats every other by more than this
 * (0: the plain perceptron, which stops at the first win). */
tg_trainer *deid_tagger_trainer_new(int margin);
/* One perceptron pass over a text whose identifiers are spans (bytes
 * [start,end), ward_phi_type; keep spans, type -1, are label O). */
typedef struct tg_span {
    size_t start, end;
    int type;
} tg_span;
void deid_tagger_train_text(tg_trainer *tr, const char *text, size_t len, const tg_span *s, size_t ns);
/* Writes the averaged model as text (rows whose weights all round below
 * min_weight are dropped) with the given threshold. */
/* th[l] (may be NULL): the thresholds of single labels that differ. */
void deid_tagger_trainer_write(tg_trainer *tr, int threshold, const int *th, int min_weight, struct ward_buf *out);
/* Several models averaged (--bag): acc[(1 << TG_BITS) * TG_ROW] gets the
 * trainer's averaged weights added; deid_tagger_weights_write writes acc
 * divided by div as deid_tagger_trainer_write does. */
void deid_tagger_trainer_average(const tg_trainer *tr, double *acc);
void deid_tagger_weights_write(const double *acc, double div, int threshold, const int *th, int min_weight,
                               struct ward_buf *out);
/* The name of a label ("NAME"), and the label of a name (-1: none). */
const char *deid_tagger_label_name(int label);
int deid_tagger_label_parse(const char *s, size_t n);
void deid_tagger_trainer_free(tg_trainer *tr);

#endif
