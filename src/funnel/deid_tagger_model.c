/* deid_tagger_model.c — the learned tagger's model as text
 * (data/deid_model.tsv's format): its parser, and the names of its labels.
 *
 * Two users: the tagger reads a site's model ($WARD_DEID_MODEL,
 * $WARD_DATA/deid_model.tsv) with it at run time, and the build runs it on
 * data/deid_model.tsv (cmake/deid_model_gen.c) to write the built-in
 * model's tables as C (generated/deid_model_bin.h), so that a process
 * does not parse 1.85 MB of text at start. Both read the same lines into
 * the same tables: the built-in model and the same file given at run
 * time score alike, byte for byte.
 */
#include "funnel/deid_tagger_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Inline: a model is some 600,000 numbers. */
static inline __attribute__((always_inline)) int parse_int(const char **p, const char *end, long *v)
{
    const char *s = *p;
    while (s < end && *s == ' ') s++;
    int neg = s < end && *s == '-';
    s += neg;
    if (s >= end || *s < '0' || *s > '9') return -1;
    long x = 0;
    while (s < end && *s >= '0' && *s <= '9' && x < 1000000000L) x = x * 10 + (*s++ - '0');
    *v = neg ? -x : x;
    *p = s;
    return 0;
}

/* Each line of a row: "FEATURE<TAB>w0 w1 ... w6"; also "threshold<TAB>N".
 * Two passes: the first marks the features, the second fills their rows. */
static const char *const LABEL_NAMES[TG_NLABELS] = {"O", "NAME", "DATE", "ADDRESS", "CITY", "FACILITY", "OTHER"};

const char *deid_tagger_label_name(int label) { return label >= 0 && label < TG_NLABELS ? LABEL_NAMES[label] : NULL; }

int deid_tagger_label_parse(const char *s, size_t n)
{
    for (int l = 0; l < TG_NLABELS; l++)
        if (strlen(LABEL_NAMES[l]) == n && !strncmp(s, LABEL_NAMES[l], n)) return l;
    return -1;
}

/* Lines: "threshold<TAB>N" (every label), "threshold<TAB>LABEL<TAB>N" (one
 * label), "veto<TAB>N", and the rows. */
int deid_tagger_parse(const char *text, size_t len, tg_model *m, size_t *line)
{
    memset(m, 0, sizeof *m);
    int own[TG_NLABELS] = {0};
    tg_block *blk = ward_xcalloc(TG_WORDS, sizeof *blk);
    int16_t (*rows)[TG_ROW] = NULL;
    m->blk = blk;
    for (int pass = 0; pass < 2; pass++) {
        size_t pos = 0, ln = 0;
        while (pos < len) {
            const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
            const char *end = nl ? nl : text + len;
            pos = (size_t)(end - text) + 1;
            ln++;
            if (s == end || *s == '#') continue;
            long v;
            if (*s == 't' && !strncmp(s, "threshold\t", 10)) {   /* the first letter first: rows start with a digit */
                s += 10;
                const char *tab = memchr(s, '\t', (size_t)(end - s));
                int l = tab ? deid_tagger_label_parse(s, (size_t)(tab - s)) : 0;
                if (tab) s = tab + 1;
                if (l < 0 || (tab && l == TG_O) || parse_int(&s, end, &v) || s != end) goto bad;
                if (l) m->th[l] = (int)v, own[l] = 1;
                else m->threshold = (int)v;
                continue;
            }
            if (*s == 'v' && !strncmp(s, "veto\t", 5)) {
                s += 5;
                if (parse_int(&s, end, &v) || v < 0) goto bad;
                m->veto = (int)v;
                continue;
            }
            if (parse_int(&s, end, &v) || v < 0 || v >= (1L << TG_BITS) || s >= end || *s != '\t') goto bad;
            uint32_t fe = (uint32_t)v;
            s++;
            if (!pass) {
                if (blk[fe / 64].bits >> (fe % 64) & 1) goto bad;   /* twice */
                blk[fe / 64].bits |= 1ULL << (fe % 64);
                m->nrows++;
                continue;
            }
            const tg_block *bk = &blk[fe / 64];
            int16_t *row = rows[bk->rank + (uint32_t)__builtin_popcountll(bk->bits & ((1ULL << (fe % 64)) - 1))];
            for (int l = 0; l < TG_NLABELS; l++) {
                if (parse_int(&s, end, &v) || v < -32767 || v > 32767) goto bad;
                row[l] = (int16_t)v;
            }
            while (s < end && *s == ' ') s++;
            if (s != end) goto bad;
        }
        if (!pass) {
            uint32_t r = 0;
            for (size_t w = 0; w < TG_WORDS; w++) {
                blk[w].rank = r;
                r += (uint32_t)__builtin_popcountll(blk[w].bits);
            }
            m->w = rows = ward_xcalloc(m->nrows ? m->nrows : 1, sizeof *rows);
        }
        continue;
    bad:
        if (line) *line = ln;
        deid_tagger_free(m);
        return -1;
    }
    for (int l = 1; l < TG_NLABELS; l++)
        if (!own[l]) m->th[l] = m->threshold;
    return 0;
}

/* A model from deid_tagger_parse owns its tables; the built-in one (static
 * tables) is never freed. */
void deid_tagger_free(tg_model *m)
{
    free((void *)m->blk);
    free((void *)m->w);
    memset(m, 0, sizeof *m);
}
