/* deid_real.c — runs Ward's de-identification on a fixed sample of real
 * reports (mtsamples) and prints every span it redacts, for bench/deid_real.sh
 * to look up in its hand labels (bench/deid_real_labels.tsv, bench/deid_real_gold.tsv).
 *
 *   bench_deid_real FILE.csv [--gold GOLD.tsv] [--context N]
 *
 * Output, tab-separated, one record a line:
 *   R split sample_id                          a report of the sample
 *   S split sample_id start end type key words a redacted span
 *   G split sample_id type present found words a gold identifier (--gold)
 * split is "train" (even sample_id) or "valid" (odd). The sample: distinct
 * sample_ids (the CSV lists a report under several specialties; the first
 * row counts) with sample_id % 4 == 0 (train) or 1 (valid) — about 600 each.
 * key is the word before the span, lower-cased ("^" at the start), so a
 * label names a context without quoting a sentence. words is the span's
 * text, whitespace collapsed. With --context N, S lines end with N bytes
 * either side (newlines as " / "): for the person labelling, never stored.
 * Gold lines: present = occurrences of the words in the report (whole
 * words, any whitespace between them), found = those whose every byte
 * other than whitespace lies inside redacted spans. Gold words may bracket
 * the identifier within its context, "Dr. [X]": only X must be redacted.
 * The mode is the library's: WARD_DEID_TAGGER=0 in the environment turns
 * the learned tagger off (rules alone). */
#include "bench_csv.h"
#include "ward/funnel.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gold {
    long id;
    char *type, *words;
} gold;

static gold *golds;
static size_t ngold;

static void put_clean(const char *s, size_t n)   /* whitespace runs as one space */
{
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) sp = 1;
        else {
            if (sp) putchar(' ');
            sp = 0;
            putchar(c);
        }
    }
}

static int word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

static void put_key(const char *t, size_t start)  /* the word before start */
{
    size_t e = start;
    while (e > 0 && !word_byte((unsigned char)t[e - 1])) e--;
    size_t b = e;
    while (b > 0 && word_byte((unsigned char)t[b - 1])) b--;
    if (b == e) {
        putchar('^');
        return;
    }
    for (size_t i = b; i < e; i++) putchar(tolower((unsigned char)t[i]));
}

static void put_context(const char *t, size_t len, size_t start, size_t end, size_t n)
{
    size_t b = start > n ? start - n : 0, e = end + n < len ? end + n : len;
    putchar('\t');
    for (size_t i = b; i < e; i++) {
        if (i == start) fputs("[[", stdout);
        if (i == end) fputs("]]", stdout);
        if (t[i] == '\n') fputs(" / ", stdout);
        else if (t[i] != '\t' && t[i] != '\r') putchar(t[i]);
    }
    if (end == e) fputs("]]", stdout);
}

/* Matches w at t[i] (a space in w matches any whitespace run): its end, or 0. */
static size_t match_part(const char *t, size_t len, size_t i, const char *w, size_t wn)
{
    for (size_t k = 0; k < wn; k++) {
        if (w[k] == ' ') {
            if (i >= len || !isspace((unsigned char)t[i])) return 0;
            while (i < len && isspace((unsigned char)t[i])) i++;
        } else if (i < len && t[i] == w[k]) {
            i++;
        } else {
            return 0;
        }
    }
    return i;
}

/* Gold words "pre [target] post" (brackets optional) as whole words at
 * t[i]: the target's bytes in *b, *e; returns the match's end, or 0. */
static size_t match_at(const char *t, size_t len, size_t i, const char *w, size_t *b, size_t *e)
{
    const char *lb = strchr(w, '['), *rb = lb ? strchr(lb, ']') : NULL;
    size_t pre = rb ? (size_t)(lb - w) : 0;
    const char *tg = rb ? lb + 1 : w, *post = rb ? rb + 1 : "";
    size_t tn = rb ? (size_t)(rb - tg) : strlen(w);
    if (i > 0 && word_byte((unsigned char)t[i - 1])) return 0;
    *b = pre ? match_part(t, len, i, w, pre) : i;
    if (pre && !*b) return 0;
    *e = match_part(t, len, *b, tg, tn);
    if (*e <= *b) return 0;
    size_t end = match_part(t, len, *e, post, strlen(post));
    if (!end || (end < len && word_byte((unsigned char)t[end]) && word_byte((unsigned char)t[end - 1]))) return 0;
    return end;
}

static int covered(const ward_deid_result *r, const char *t, size_t b, size_t e)
{
    size_t k = 0;
    for (size_t i = b; i < e; i++) {
        if (isspace((unsigned char)t[i])) continue;
        while (k < r->n && r->spans[k].end <= i) k++;
        if (k == r->n || r->spans[k].start > i) return 0;
    }
    return 1;
}

static void score_gold(const char *split, long id, const char *t, size_t len, const ward_deid_result *r)
{
    for (size_t g = 0; g < ngold; g++) {
        if (golds[g].id != id) continue;
        int present = 0, found = 0;
        for (size_t i = 0; i < len; i++) {
            size_t b, e, end = match_at(t, len, i, golds[g].words, &b, &e);
            if (!end) continue;
            present++;
            found += covered(r, t, b, e);
            i = end - 1;
        }
        printf("G\t%s\t%ld\t%s\t%d\t%d\t%s\n", split, id, golds[g].type, present, found, golds[g].words);
    }
}

static int run_report(const char *split, long id, const char *t, size_t ctx)
{
    size_t len = strlen(t);
    ward_deid_params p = ward_deid_default_params();
    ward_deid_result r;
    ward_err err = {0};
    if (ward_funnel_deid(t, len, &p, &r, &err)) {
        fprintf(stderr, "sample %ld: %s\n", id, err.msg);
        ward_deid_result_free(&r);
        return 1;
    }
    printf("R\t%s\t%ld\n", split, id);
    for (size_t i = 0; i < r.n; i++) {
        const ward_phi_span *s = &r.spans[i];
        printf("S\t%s\t%ld\t%zu\t%zu\t%s\t", split, id, s->start, s->end, ward_phi_type_name(s->type));
        put_key(t, s->start);
        putchar('\t');
        put_clean(t + s->start, s->end - s->start);
        if (ctx) put_context(t, len, s->start, s->end, ctx);
        putchar('\n');
    }
    score_gold(split, id, t, len, &r);
    ward_deid_result_free(&r);
    return 0;
}

/* Gold file: sample_id <TAB> words <TAB> type; '#' lines are comments. */
static int read_gold(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 1;
    }
    char line[1024];
    for (int ln = 1; fgets(line, sizeof line, f); ln++) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char *words = strchr(line, '\t'), *type = words ? strchr(words + 1, '\t') : NULL;
        if (!type || !words[1]) {
            fprintf(stderr, "%s:%d: want sample_id, words, type\n", path, ln);
            fclose(f);
            return 1;
        }
        *words++ = 0, *type++ = 0;
        golds = realloc(golds, (ngold + 1) * sizeof *golds);
        golds[ngold++] = (gold){atol(line), strdup(type), strdup(words)};
    }
    fclose(f);
    return 0;
}

/* The columns named sample_id and transcription, from the header row. */
static int header(const char **p, const char *end, int *idcol, int *tcol)
{
    int eol = 0;
    *idcol = *tcol = -1;
    for (int col = 0; *p < end && !eol; col++) {
        char *f = csv_field(p, end, &eol);
        if (!strcmp(f, "sample_id")) *idcol = col;
        if (!strcmp(f, "transcription")) *tcol = col;
        free(f);
    }
    return *idcol < 0 || *tcol < 0;
}

int main(int argc, char **argv)
{
    const char *csv = NULL;
    size_t ctx = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--gold") && i + 1 < argc) {
            if (read_gold(argv[++i])) return 2;
        } else if (!strcmp(argv[i], "--context") && i + 1 < argc) {
            ctx = (size_t)atol(argv[++i]);
        } else if (!csv && argv[i][0] != '-') {
            csv = argv[i];
        } else {
            fprintf(stderr, "usage: bench_deid_real FILE.csv [--gold GOLD.tsv] [--context N]\n");
            return 1;
        }
    }
    if (!csv) return fprintf(stderr, "usage: bench_deid_real FILE.csv [--gold GOLD.tsv] [--context N]\n"), 1;
    char *data;
    size_t len;
    ward_err err = {0};
    if (ward_read_file(csv, 0, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    const char *p = data, *end = data + len;
    int idcol, tcol, failed = 0;
    if (header(&p, end, &idcol, &tcol)) {
        fprintf(stderr, "%s: no sample_id or transcription column\n", csv);
        return 2;
    }
    char *seen = calloc(1000000, 1);
    while (p < end) {
        char *id = NULL, *text = NULL;
        int eol = 0;
        for (int col = 0; p < end && !eol; col++) {
            char *f = csv_field(&p, end, &eol);
            if (col == idcol) id = f;
            else if (col == tcol) text = f;
            else free(f);
        }
        long n = id ? atol(id) : -1;
        if (n >= 0 && n < 1000000 && !seen[n] && n % 4 < 2 && text && text[0]) {
            seen[n] = 1;
            failed += run_report(n % 2 ? "valid" : "train", n, text, ctx);
        }
        free(id);
        free(text);
    }
    free(seen);
    free(data);
    return failed ? 2 : 0;
}
