/* drugs.c — reading data/drugs.tsv into lookups by drug, class and the
 * class names questions use. See drugs_int.h.
 *
 * Rows are few (about a hundred), so lookups are linear scans: simple, and
 * far cheaper than the questions and records they serve. */
#include "drugs_int.h"
#include "phrase_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data_drugs_tsv.h" /* generated from data/drugs.tsv */

typedef struct drug_group {
    char *name;                 /* a class, or a class name questions use */
    const char **drugs;         /* NULL-terminated */
    size_t n;
} drug_group;

typedef struct drug_groups {
    drug_group *v;
    size_t n;
} drug_groups;

static struct {
    char **name, **cls;         /* rows */
    size_t n;
    drug_groups classes, cues;
    const char **cue_names;     /* NULL-terminated, file order */
} D;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *const EMPTY[] = {NULL};

/* The group called name[0, len), added at the end when new. */
static drug_group *group(drug_groups *g, const char *name, size_t len)
{
    for (size_t i = 0; i < g->n; i++)
        if (ward_field_is(name, len, g->v[i].name)) return &g->v[i];
    g->v = ward_xrealloc(g->v, (g->n + 1) * sizeof *g->v);
    drug_group *x = &g->v[g->n++];
    x->name = ward_xstrndup(name, len);
    x->drugs = ward_xcalloc(1, sizeof *x->drugs);
    x->n = 0;
    return x;
}

static void group_add(drug_group *x, const char *drug)
{
    x->drugs = ward_xrealloc(x->drugs, (x->n + 2) * sizeof *x->drugs);
    x->drugs[x->n++] = drug;
    x->drugs[x->n] = NULL;
}

static int on_row(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    (void)ud, (void)line;
    if (nf < 2 || !fl[0] || !fl[1]) return 0;
    D.name = ward_xrealloc(D.name, (D.n + 1) * sizeof *D.name);
    D.cls = ward_xrealloc(D.cls, (D.n + 1) * sizeof *D.cls);
    char *name = D.name[D.n] = ward_xstrndup(f[0], fl[0]);
    D.cls[D.n++] = ward_xstrndup(f[1], fl[1]);
    group_add(group(&D.classes, f[1], fl[1]), name);
    /* ASKED-AS: '|'-separated names */
    for (size_t a = 0, i = 0; nf > 2 && i <= fl[2]; i++) {
        if (i < fl[2] && f[2][i] != '|') continue;
        if (i > a) group_add(group(&D.cues, f[2] + a, i - a), name);
        a = i + 1;
    }
    return 0;
}

static void load(void)
{
    ward_tsv_each(WARD_DATA_DRUGS_TSV, sizeof WARD_DATA_DRUGS_TSV - 1, on_row, NULL);
    D.cue_names = ward_xcalloc(D.cues.n + 1, sizeof *D.cue_names);
    for (size_t i = 0; i < D.cues.n; i++) D.cue_names[i] = D.cues.v[i].name;
}

static const char *class_of(const char *name, size_t len)
{
    for (size_t i = 0; i < D.n; i++)
        if (strlen(D.name[i]) == len && !strncasecmp(D.name[i], name, len)) return D.cls[i];
    return NULL;
}

const char *drugs_class(const char *name)
{
    pthread_once(&once, load);
    const char *c = class_of(name, strlen(name));
    const char *sp = strchr(name, ' ');
    return c || !sp ? c : class_of(name, (size_t)(sp - name));
}

static const char *const *members(const drug_groups *g, const char *name)
{
    pthread_once(&once, load);
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->v[i].name, name)) return g->v[i].drugs;
    return EMPTY;
}

const char *const *drugs_of_class(const char *cls)
{
    return members(&D.classes, cls);
}

const char *const *drugs_asked_as(const char *cue)
{
    return members(&D.cues, cue);
}

const char *const *drugs_named(const char *name, size_t len)
{
    pthread_once(&once, load);
    if (len > 1 && (name[len - 1] == 's' || name[len - 1] == 'S')) {   /* "statins" */
        const char *const *v = drugs_named(name, len - 1);
        if (*v) return v;
    }
    const drug_groups *g[2] = {&D.cues, &D.classes};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < g[k]->n; i++)
            if (strlen(g[k]->v[i].name) == len && !strncasecmp(name, g[k]->v[i].name, len)) return g[k]->v[i].drugs;
    return EMPTY;
}

const char *const *drugs_cues(void)
{
    pthread_once(&once, load);
    return D.cue_names;
}
