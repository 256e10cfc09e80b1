/* ask_words.c — reading data/ask_words.tsv into one list per class. See
 * ask_int.h. Classes are few and small, so a class is found by a scan. */
#include "ask_int.h"
#include "ward/core.h"

#include "funnel/phrase_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data_ask_words_tsv.h" /* generated from data/ask_words.tsv */

typedef struct ask_class {
    char *name;
    char **w, **v;          /* NULL-terminated, parallel */
    ask_wordlist list;
} ask_class;

static ask_class *classes;
static size_t nclasses;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *const NONE[] = {NULL};
static const ask_wordlist EMPTY = {NONE, NONE, 0};

static ask_class *class_named(const char *f, size_t len)
{
    for (size_t i = 0; i < nclasses; i++)
        if (ward_field_is(f, len, classes[i].name)) return &classes[i];
    classes = ward_xrealloc(classes, (nclasses + 1) * sizeof *classes);
    ask_class *c = &classes[nclasses++];
    memset(c, 0, sizeof *c);
    c->name = ward_xstrndup(f, len);
    return c;
}

static int on_line(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    (void)ud, (void)line;
    if (nf < 2 || !fl[0] || !fl[1]) return 0;
    ask_class *c = class_named(f[0], fl[0]);
    size_t n = c->list.n;
    c->w = ward_xrealloc(c->w, (n + 2) * sizeof *c->w);
    c->v = ward_xrealloc(c->v, (n + 2) * sizeof *c->v);
    c->w[n] = ward_xstrndup(f[1], fl[1]);
    c->v[n] = nf > 2 && fl[2] ? ward_xstrndup(f[2], fl[2]) : NULL;
    c->w[n + 1] = c->v[n + 1] = NULL;
    c->list.n = n + 1;
    return 0;
}

static void load(void)
{
    ward_tsv_each(WARD_DATA_ASK_WORDS_TSV, sizeof WARD_DATA_ASK_WORDS_TSV - 1, on_line, NULL);
    for (size_t i = 0; i < nclasses; i++) {   /* the arrays stop moving: publish them */
        classes[i].list.w = (const char *const *)classes[i].w;
        classes[i].list.v = (const char *const *)classes[i].v;
    }
}

const ask_wordlist *ask_words(const char *cls)
{
    pthread_once(&once, load);
    for (size_t i = 0; i < nclasses; i++)
        if (!strcmp(classes[i].name, cls)) return &classes[i].list;
    return &EMPTY;
}
