/* readability.c — reading grade, plain-language rewriting, ROUGE.
 *
 * Flesch–Kincaid grade = 0.39 (words/sentences) + 11.8 (syllables/words)
 * - 15.59, with syllables counted as vowel groups (a silent final "e"
 * dropped): the usual approximation, good to about a grade.
 * The plain-language lexicon (data/plain_language.tsv, embedded at build
 * time) is applied longest term first at word boundaries.
 * ROUGE-1/2 are F1 over unigram/bigram multisets, ROUGE-L the F1 of the
 * longest common subsequence, all on lowercased word tokens.
 */
#include "orch_int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data_plain_language_tsv.h" /* generated from data/plain_language.tsv */

static int syllables(const char *w, size_t n)
{
    int count = 0, prev_vowel = 0;
    for (size_t i = 0; i < n; i++) {
        int v = strchr("aeiouy", tolower((unsigned char)w[i])) != NULL;
        if (v && !prev_vowel) count++;
        prev_vowel = v;
    }
    if (n > 2 && tolower((unsigned char)w[n - 1]) == 'e' && tolower((unsigned char)w[n - 2]) != 'l' && count > 1)
        count--;
    return count ? count : 1;
}

double ward_fk_grade(const char *text)
{
    long words = 0, sents = 0, syl = 0;
    int in_sentence = 0;
    for (const char *p = text; *p;) {
        if (isalnum((unsigned char)*p)) {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '\'' || (*p == '-' && isalpha((unsigned char)p[1]))) p++;
            words++;
            syl += syllables(s, (size_t)(p - s));
            in_sentence = 1;
            continue;
        }
        if ((*p == '.' || *p == '!' || *p == '?' || *p == '\n') && in_sentence) sents++, in_sentence = 0;
        p++;
    }
    if (in_sentence) sents++;
    if (!words || !sents) return 0;
    return 0.39 * (double)words / (double)sents + 11.8 * (double)syl / (double)words - 15.59;
}

typedef struct term {
    char *from, *to;
    size_t len;
} term;

static term *terms;
static size_t nterms;
static pthread_once_t terms_once = PTHREAD_ONCE_INIT;   /* tasks run on many threads */

static int by_len(const void *a, const void *b)
{
    const term *x = a, *y = b;
    return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static int on_term(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    size_t *cap = ud;
    (void)line;
    if (nf < 2) return 0;
    if (nterms == *cap) {
        *cap = *cap ? *cap * 2 : 128;
        terms = ward_xrealloc(terms, *cap * sizeof *terms);
    }
    terms[nterms++] = (term){ward_xstrndup(f[0], fl[0]), ward_xstrndup(f[1], fl[1]), fl[0]};
    return 0;
}

static void load_lexicon(void)
{
    size_t cap = 0;
    ward_tsv_each(WARD_DATA_PLAIN_LANGUAGE_TSV, sizeof WARD_DATA_PLAIN_LANGUAGE_TSV - 1, on_term, &cap);
    qsort(terms, nterms, sizeof *terms, by_len);
}

char *ward_plain_language(const char *text)
{
    pthread_once(&terms_once, load_lexicon);
    ward_buf b;
    ward_buf_init(&b);
    const char *p = text;
    while (*p) {
        int at_word = p == text || !isalnum((unsigned char)p[-1]);
        size_t i = 0;
        for (; at_word && i < nterms; i++) {
            size_t n = terms[i].len;
            if (strncasecmp(p, terms[i].from, n) || isalnum((unsigned char)p[n])) continue;
            const char *to = terms[i].to;
            /* "Daily" -> "Every day", but "QHS" is no capital: "at bedtime" */
            int capital = isupper((unsigned char)*p) && (n == 1 || islower((unsigned char)p[1]));
            if (capital && islower((unsigned char)*to)) {
                ward_buf_putc(&b, (char)toupper((unsigned char)*to));
                ward_buf_puts(&b, to + 1);
            } else {
                ward_buf_puts(&b, to);
            }
            p += n;
            break;
        }
        if (!at_word || i == nterms) ward_buf_putc(&b, *p++);
    }
    return ward_buf_steal(&b);
}

/* ---- ROUGE ---- */

typedef struct toks {
    char **t;
    size_t n;
} toks;

static toks tokenize(const char *s, size_t max)
{
    toks t = {0};
    size_t cap = 0;
    while (*s && t.n < max) {
        while (*s && !isalnum((unsigned char)*s)) s++;
        const char *a = s;
        while (isalnum((unsigned char)*s)) s++;
        if (s == a) break;
        if (t.n == cap) {
            cap = cap ? cap * 2 : 64;
            t.t = ward_xrealloc(t.t, cap * sizeof *t.t);
        }
        char *w = ward_xstrndup(a, (size_t)(s - a));
        for (char *c = w; *c; c++) *c = (char)tolower((unsigned char)*c);
        t.t[t.n++] = w;
    }
    return t;
}

static void toks_free(toks *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->t[i]);
    free(t->t);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* n-grams joined by a space, sorted, so overlap is a merge of two lists. */
static char **grams(const toks *t, int n, size_t *count)
{
    *count = t->n >= (size_t)n ? t->n - (size_t)n + 1 : 0;
    char **g = ward_xcalloc(*count ? *count : 1, sizeof *g);
    for (size_t i = 0; i < *count; i++) {
        ward_buf b;
        ward_buf_init(&b);
        for (int k = 0; k < n; k++) ward_buf_printf(&b, "%s%s", k ? " " : "", t->t[i + (size_t)k]);
        g[i] = ward_buf_steal(&b);
    }
    if (*count) qsort(g, *count, sizeof *g, cmp_str);
    return g;
}

static double f1(double hit, double nc, double nr)
{
    if (!hit || !nc || !nr) return 0;
    double p = hit / nc, r = hit / nr;
    return 2 * p * r / (p + r);
}

static double rouge_n(const toks *c, const toks *r, int n)
{
    size_t nc, nr, hit = 0;
    char **gc = grams(c, n, &nc), **gr = grams(r, n, &nr);
    for (size_t i = 0, j = 0; i < nc && j < nr;) {
        int d = strcmp(gc[i], gr[j]);
        if (!d) hit++, i++, j++;
        else if (d < 0) i++;
        else j++;
    }
    for (size_t i = 0; i < nc; i++) free(gc[i]);
    for (size_t i = 0; i < nr; i++) free(gr[i]);
    free(gc), free(gr);
    return f1((double)hit, (double)nc, (double)nr);
}

static double rouge_l(const toks *c, const toks *r)
{
    if (!c->n || !r->n) return 0;
    size_t *prev = ward_xcalloc(r->n + 1, sizeof *prev), *cur = ward_xcalloc(r->n + 1, sizeof *cur);
    for (size_t i = 1; i <= c->n; i++) {
        for (size_t j = 1; j <= r->n; j++)
            cur[j] = !strcmp(c->t[i - 1], r->t[j - 1]) ? prev[j - 1] + 1 : (prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
        size_t *t = prev;
        prev = cur, cur = t;
    }
    double lcs = (double)prev[r->n];
    free(prev), free(cur);
    return f1(lcs, (double)c->n, (double)r->n);
}

ward_rouge ward_rouge_score(const char *cand, const char *ref)
{
    toks c = tokenize(cand ? cand : "", 4000), r = tokenize(ref ? ref : "", 4000);
    ward_rouge s = {rouge_n(&c, &r, 1), rouge_n(&c, &r, 2), rouge_l(&c, &r)};
    toks_free(&c), toks_free(&r);
    return s;
}
