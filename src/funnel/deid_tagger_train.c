/* deid_tagger_train.c — trains the de-identification tagger's model: an
 * averaged perceptron over the features of deid_tagger.c.
 *
 * Ideas a reader needs:
 *  - Training sees the same tokens and features the tagger sees, but
 *    every candidate token (the rules' spans are not consulted), with the
 *    gold labels of the tokens before it: it learns to tag identifiers on
 *    its own, and at run time only fills what the rules left.
 *  - A wrong guess moves the weights of the token's features toward the
 *    gold label and away from the guess by one. The model written is the
 *    average of the weights over every step (w - u / c, the usual trick:
 *    u sums each change times the step it was made at), which generalizes
 *    far better than the last weights. Weights are scaled by TG_SCALE and
 *    rounded to 16-bit integers, so the tagger's arithmetic is integer and
 *    its output the same on every machine.
 *  - Everything is in the order it is given: the same texts in the same
 *    order give the same model, byte for byte.
 *  The driver (reading the gold notes, replacing their names for
 *  augmentation, cross-validation) is bench/deid_train.c.
 */
#include "funnel/deid_tagger_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TG_SCALE 8.0
#define TG_FEATS (1u << TG_BITS)

struct tg_trainer {
    int32_t *w;    /* [TG_FEATS][TG_ROW] */
    int64_t *u;    /* the same, each change times the step */
    int64_t c;     /* steps (candidate tokens seen) */
    int margin;    /* update unless the gold label wins by more than this */
};

tg_trainer *deid_tagger_trainer_new(int margin)
{
    tg_trainer *tr = ward_xcalloc(1, sizeof *tr);
    tr->margin = margin;
    tr->w = ward_xcalloc((size_t)TG_FEATS * TG_ROW, sizeof *tr->w);
    tr->u = ward_xcalloc((size_t)TG_FEATS * TG_ROW, sizeof *tr->u);
    tr->c = 1;
    return tr;
}

void deid_tagger_trainer_free(tg_trainer *tr)
{
    if (!tr) return;
    free(tr->w);
    free(tr->u);
    free(tr);
}

static int by_start(const void *x, const void *y)
{
    const tg_span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Gold label of each token: the type of the span over its first byte. */
static uint8_t *gold_labels(const deid_doc *d, const tg_span *s, size_t ns)
{
    tg_span *sorted = ward_xmalloc((ns ? ns : 1) * sizeof *sorted);
    if (ns) memcpy(sorted, s, ns * sizeof *s);
    qsort(sorted, ns, sizeof *sorted, by_start);
    uint8_t *g = ward_xcalloc(d->n ? d->n : 1, 1);
    size_t q = 0;
    for (size_t i = 0; i < d->n; i++) {
        while (q < ns && sorted[q].end <= TK(i).a) q++;
        for (size_t r = q; r < ns && sorted[r].start <= TK(i).a; r++)
            if (sorted[r].end > TK(i).a && sorted[r].type >= 0) g[i] = (uint8_t)deid_tagger_label(sorted[r].type);
    }
    free(sorted);
    return g;
}

void deid_tagger_train_text(tg_trainer *tr, const char *text, size_t len, const tg_span *s, size_t ns)
{
    deid_words();
    deid_doc d = {.t = text, .len = len};
    deid_tokenize(&d);
    uint8_t *g = gold_labels(&d, s, ns);
    int prev = TG_O, prev2 = TG_O;
    uint32_t f[TG_MAXF];
    uint64_t *memo = deid_tagger_memo(&d);
    for (size_t i = 0; i < d.n; i++) {
        if (deid_tagger_candidate(&d, memo, i, prev)) {
            size_t nf = deid_tagger_features(&d, memo, i, prev, prev2, f);
            int64_t sc[TG_ROW] = {0};
            for (size_t q = 0; q < nf; q++)
                for (int l = 0; l < TG_NLABELS; l++) sc[l] += tr->w[(size_t)f[q] * TG_ROW + (size_t)l];
            /* the best wrong label; an update when it is not beaten by the
             * margin (a margin above 0 leaves room for the threshold) */
            int gold = g[i], guess = gold ? 0 : 1;
            for (int l = 0; l < TG_NLABELS; l++)
                if (l != gold && sc[l] > sc[guess]) guess = l;
            if (sc[gold] - sc[guess] <= tr->margin)
                for (size_t q = 0; q < nf; q++) {
                    size_t row = (size_t)f[q] * TG_ROW;
                    tr->w[row + (size_t)gold]++, tr->u[row + (size_t)gold] += tr->c;
                    tr->w[row + (size_t)guess]--, tr->u[row + (size_t)guess] -= tr->c;
                }
            tr->c++;
        }
        if (!(d.tk[i].shape & T_PUNCT)) prev2 = prev, prev = g[i];
    }
    free(g);
    free(memo);
    free(d.tk);
    free(d.c);
}

void deid_tagger_trainer_average(const tg_trainer *tr, double *acc)
{
    for (size_t k = 0; k < (size_t)TG_FEATS * TG_ROW; k++) acc[k] += (double)tr->w[k] - (double)tr->u[k] / (double)tr->c;
}

void deid_tagger_weights_write(const double *acc, double div, int threshold, const int *th, int min_weight, ward_buf *out)
{
    ward_buf_printf(out,
                    "# deid_model.tsv — weights of the de-identification tagger (src/funnel/deid_tagger.c),\n"
                    "# written by bench_deid_train (bench/deid_train.c; see docs/funnel.md). Do not edit.\n"
                    "# FEATURE<TAB>weights of O NAME DATE ADDRESS CITY FACILITY OTHER (times %g)\n"
                    "threshold\t%d\n",
                    TG_SCALE, threshold);
    for (int l = 1; th && l < TG_NLABELS; l++)
        if (th[l] != threshold) ward_buf_printf(out, "threshold\t%s\t%d\n", deid_tagger_label_name(l), th[l]);
    for (size_t fe = 0; fe < TG_FEATS; fe++) {
        long q[TG_NLABELS];
        int keep = 0;
        for (int l = 0; l < TG_NLABELS; l++) {
            double v = round(acc[fe * TG_ROW + (size_t)l] / div * TG_SCALE);
            q[l] = v > 32767 ? 32767 : v < -32767 ? -32767 : (long)v;
            if (labs(q[l]) >= min_weight) keep = 1;
        }
        if (!keep) continue;
        ward_buf_printf(out, "%zu\t", fe);
        for (int l = 0; l < TG_NLABELS; l++) ward_buf_printf(out, l ? " %ld" : "%ld", q[l]);
        ward_buf_putc(out, '\n');
    }
}

void deid_tagger_trainer_write(tg_trainer *tr, int threshold, const int *th, int min_weight, ward_buf *out)
{
    double *acc = ward_xcalloc((size_t)TG_FEATS * TG_ROW, sizeof *acc);
    deid_tagger_trainer_average(tr, acc);
    deid_tagger_weights_write(acc, 1.0, threshold, th, min_weight, out);
    free(acc);
}
