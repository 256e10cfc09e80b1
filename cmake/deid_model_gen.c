/* deid_model_gen.c — build tool: the tagger's built-in model as C tables.
 *
 *   deid_model_gen data/deid_model.tsv generated/deid_model_bin.h
 *
 * Reads the model with the tagger's own parser (src/funnel/deid_tagger_model.c,
 * compiled into this tool) and writes the tables it made, the bitmap with
 * its rank counts and the rows, as static const arrays, so that a process
 * starts with the model in place instead of parsing 1.85 MB of text
 * (src/funnel/deid_tagger.c's `embedded`). A model that does not parse
 * stops the build with its line. */
#include "funnel/deid_tagger_int.h"

#include <stdio.h>
#include <stdlib.h>

/* The parser's one allocation function: libward's is not linked here. */
void *ward_xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) abort();
    return p;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap);
    for (size_t r; b && (r = fread(b + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) free(b);
            b = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return NULL;
    }
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: deid_model_gen MODEL.tsv OUT.h\n");
        return 2;
    }
    size_t len = 0, line = 0;
    char *text = read_all(argv[1], &len);
    if (!text) {
        fprintf(stderr, "deid_model_gen: cannot read %s\n", argv[1]);
        return 1;
    }
    tg_model m;
    if (deid_tagger_parse(text, len, &m, &line)) {
        fprintf(stderr, "%s:%zu: malformed model line\n", argv[1], line);
        free(text);
        return 1;
    }
    free(text);
    if (!m.nrows) {   /* a built-in model with no rows would ship the tagger off, silently */
        fprintf(stderr, "%s: the model has no rows\n", argv[1]);
        deid_tagger_free(&m);
        return 1;
    }
    FILE *o = fopen(argv[2], "w");
    if (!o) {
        fprintf(stderr, "deid_model_gen: cannot write %s\n", argv[2]);
        deid_tagger_free(&m);
        return 1;
    }
    fprintf(o, "/* generated from %s by cmake/deid_model_gen.c; do not edit */\n", argv[1]);
    fprintf(o, "#define WARD_DEID_MODEL_NROWS %zu\n", m.nrows);
    fprintf(o, "#define WARD_DEID_MODEL_THRESHOLD %d\n", m.threshold);
    fprintf(o, "#define WARD_DEID_MODEL_VETO %d\n", m.veto);
    fprintf(o, "#define WARD_DEID_MODEL_TH {");
    for (int l = 0; l < TG_NLABELS; l++) fprintf(o, "%s%d", l ? ", " : "", m.th[l]);
    fprintf(o, "}\n");
    fprintf(o, "static const tg_block WARD_DEID_MODEL_BLK[%u] = {\n", (unsigned)TG_WORDS);
    for (size_t w = 0; w < TG_WORDS; w++)
        fprintf(o, "{0x%llxULL,%u,0},\n", (unsigned long long)m.blk[w].bits, (unsigned)m.blk[w].rank);
    fprintf(o, "};\n");
    /* one row at least: C has no empty array (a model of no rows is off) */
    fprintf(o, "static const int16_t WARD_DEID_MODEL_W[%zu][TG_ROW] = {\n", m.nrows ? m.nrows : 1);
    for (size_t r = 0; r < (m.nrows ? m.nrows : 1); r++) {
        fputc('{', o);
        for (int l = 0; l < TG_ROW; l++) fprintf(o, "%s%d", l ? "," : "", m.nrows ? m.w[r][l] : 0);
        fprintf(o, "},\n");
    }
    fprintf(o, "};\n");
    int bad = ferror(o);
    if (fclose(o) || bad) {
        fprintf(stderr, "deid_model_gen: cannot write %s\n", argv[2]);
        remove(argv[2]);
        deid_tagger_free(&m);
        return 1;
    }
    deid_tagger_free(&m);
    return 0;
}
