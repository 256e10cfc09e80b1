/* note_words.c — the word lists of `ward note` (data/note_words.tsv) and
 * matching them: whole words, case-insensitively, '*' for a word prefix.
 * The file is read once (pthread_once), into one list per class sorted
 * longest phrase first, so the first match is the longest. */
#include "orch_int.h"
#include "note_int.h"

#include "funnel/phrase_int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data_note_words_tsv.h" /* generated from data/note_words.tsv */

typedef struct nw_item {
    char *phrase, *value;
    size_t len;
    int prefix;   /* the phrase ended in '*' */
} nw_item;

typedef struct nw_list {
    nw_item *v;
    size_t n, cap;
} nw_list;

static const char *CLASS_NAMES[NW_NCLASS] = {"ack", "device", "smalltalk", "opener", "drop", "no", "yes", "qlead",
    "qtail", "exam", "result", "plan", "assess", "phase_exam", "phase_plan", "problem", "cc", "female", "male",
    "verb", "keep", "adverb", "spoken", "frame", "system", "notverb", "ptail", "tag", "plan_lead", "opening", "split", "qstart", "order", "vocative", "unit"};

static nw_list lists[NW_NCLASS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int on_line(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    (void)ud, (void)line;
    if (nf < 2 || !fl[1]) return 0;
    for (int c = 0; c < NW_NCLASS; c++) {
        if (!ward_field_is(f[0], fl[0], CLASS_NAMES[c])) continue;
        nw_list *l = &lists[c];
        if (l->n == l->cap) l->cap = l->cap ? l->cap * 2 : 32, l->v = ward_xrealloc(l->v, l->cap * sizeof *l->v);
        nw_item *it = &l->v[l->n++];
        it->prefix = f[1][fl[1] - 1] == '*';
        it->len = fl[1] - (size_t)it->prefix;
        it->phrase = ward_xstrndup(f[1], it->len);
        it->value = nf > 2 ? ward_xstrndup(f[2], fl[2]) : NULL;
        return 0;
    }
    return 0;   /* an unknown class is a comment to Ward */
}

static int longest_first(const void *a, const void *b)
{
    const nw_item *x = a, *y = b;
    return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static void load(void)
{
    ward_tsv_each(WARD_DATA_NOTE_WORDS_TSV, sizeof WARD_DATA_NOTE_WORDS_TSV - 1, on_line, NULL);
    for (int c = 0; c < NW_NCLASS; c++)
        if (lists[c].n) qsort(lists[c].v, lists[c].n, sizeof *lists[c].v, longest_first);
}

static int word_char(char c) { return isalnum((unsigned char)c) || c == '\'' || c == '-'; }

/* Does item match at s (s at a word start)? */
static int match_at(const nw_item *it, const char *s)
{
    if (strncasecmp(s, it->phrase, it->len)) return 0;
    return it->prefix || !word_char(s[it->len]) || !word_char(it->phrase[it->len - 1]);
}

size_t note_prefix(note_class c, const char *s, const char **value)
{
    pthread_once(&once, load);
    for (size_t i = 0; i < lists[c].n; i++) {
        const nw_item *it = &lists[c].v[i];
        if (!match_at(it, s)) continue;
        size_t n = it->len;
        if (it->prefix) while (word_char(s[n])) n++;
        if (value) *value = it->value;
        return n;
    }
    return 0;
}

int note_has(note_class c, const char *s, const char **value)
{
    for (const char *p = s; *p; p++) {
        if (p > s && word_char(p[-1])) continue;
        if (note_prefix(c, p, value)) return 1;
    }
    return 0;
}

int note_is(note_class c, const char *s)
{
    while (*s == ' ' || *s == ',') s++;
    size_t n = strlen(s);
    while (n && strchr(" .,!?;", s[n - 1])) n--;
    if (!n) return 0;
    pthread_once(&once, load);
    for (size_t i = 0; i < lists[c].n; i++) {
        const nw_item *it = &lists[c].v[i];
        if (it->len == n && !strncasecmp(s, it->phrase, n)) return 1;
    }
    return 0;
}
