/* fair_stats.c — per-group values, bootstrap intervals, and the distance
 * of each group to the best one.
 *
 * Ideas a reader needs:
 *  - A group's value is the mean of its items (accuracy when values are
 *    1/0), or more generally sum(value) / sum(weight): an F1 is that ratio
 *    for items of value 2*tp and weight 2*tp + fp + fn (a true positive
 *    2/2, a false positive or negative 0/1). Items are first summed per
 *    patient (cluster): the bootstrap draws patients with replacement
 *    within each group, and a replicate's value is sum of drawn sums / sum
 *    of drawn weights. Groups are drawn
 *    independently (a stratified bootstrap), so replicate i of group g
 *    minus replicate i of the best group is a replicate of their difference.
 *  - The best group is the highest (or lowest, when lower is better) among
 *    groups with at least min_n items: a group of five patients is shown
 *    but can neither set the bar nor be flagged.
 *  - Flag: |difference| > threshold and its 95% interval excludes zero.
 *  - Random numbers come from a fixed-seed splitmix64: a report is the same
 *    every time it is made from the same items.
 */
#include "ward/fairness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ward_fair_params ward_fair_default_params(void)
{
    return (ward_fair_params){.replicates = 1000, .seed = 20261206, .threshold = 0.05, .min_n = 30, .better = 1};
}

static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ward_fair_percentiles(double *v, size_t n, double *lo, double *hi)
{
    if (!n) {
        *lo = *hi = 0;
        return;
    }
    qsort(v, n, sizeof *v, cmp_double);
    size_t a = (size_t)floor(0.025 * (double)(n - 1)), b = (size_t)ceil(0.975 * (double)(n - 1));
    *lo = v[a], *hi = v[b];
}

/* One patient's items inside one group. */
typedef struct cluster {
    const char *id;
    double sum, w;
} cluster;

typedef struct group_acc {
    const char *name;
    cluster *c;
    size_t nc;
    double sum, w;
    long n;
    double *reps;            /* bootstrap replicates of the value */
} group_acc;

static int cmp_obs(const void *a, const void *b)
{
    const ward_fair_obs *x = *(const ward_fair_obs *const *)a, *y = *(const ward_fair_obs *const *)b;
    int c = strcmp(x->group, y->group);
    if (c) return c;
    if (!x->cluster || !y->cluster) return (x->cluster != NULL) - (y->cluster != NULL);
    return strcmp(x->cluster, y->cluster);
}

/* Sorts the observations by group then patient and folds them into groups
 * of clusters. Observations without a group are left out. */
static group_acc *fold(const ward_fair_obs *obs, size_t n, size_t *ngroups)
{
    const ward_fair_obs **ord = ward_xcalloc(n ? n : 1, sizeof *ord);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (obs[i].group) ord[m++] = &obs[i];
    qsort(ord, m, sizeof *ord, cmp_obs);
    group_acc *g = NULL;
    size_t ng = 0;
    for (size_t i = 0; i < m; i++) {
        const ward_fair_obs *o = ord[i];
        if (!ng || strcmp(g[ng - 1].name, o->group)) {
            g = ward_xrealloc(g, (ng + 1) * sizeof *g);
            g[ng++] = (group_acc){.name = o->group};
        }
        group_acc *a = &g[ng - 1];
        int same = a->nc && o->cluster && a->c[a->nc - 1].id && !strcmp(a->c[a->nc - 1].id, o->cluster);
        if (!same) {
            a->c = ward_xrealloc(a->c, (a->nc + 1) * sizeof *a->c);
            a->c[a->nc++] = (cluster){.id = o->cluster};
        }
        double w = o->weight != 0 ? o->weight : 1;
        a->c[a->nc - 1].sum += o->value, a->c[a->nc - 1].w += w;
        a->sum += o->value, a->w += w, a->n++;
    }
    free(ord);
    *ngroups = ng;
    return g;
}

static void bootstrap(group_acc *a, int reps, uint64_t *rng)
{
    a->reps = ward_xcalloc((size_t)reps, sizeof *a->reps);
    for (int r = 0; r < reps; r++) {
        double s = 0, w = 0;
        for (size_t k = 0; k < a->nc; k++) {
            const cluster *c = &a->c[next_rand(rng) % a->nc];
            s += c->sum, w += c->w;
        }
        a->reps[r] = w != 0 ? s / w : 0;
    }
}

int ward_fair_breakdown_run(const ward_fair_obs *obs, size_t n, const ward_fair_params *p, ward_fair_breakdown *out,
                            ward_err *err)
{
    memset(out, 0, sizeof *out);
    if (p->replicates < 10) return ward_err_set(err, WARD_EUSAGE, "bootstrap replicates must be 10 or more");
    size_t ng;
    group_acc *g = fold(obs, n, &ng);
    uint64_t rng = p->seed;
    double total = 0, weight = 0;
    int best = -1;
    for (size_t i = 0; i < ng; i++) {
        bootstrap(&g[i], p->replicates, &rng);
        total += g[i].sum, weight += g[i].w, out->items += g[i].n;
        double v = g[i].sum / g[i].w;
        if (g[i].n >= p->min_n && (best < 0 || (p->better >= 0 ? v > g[best].sum / g[best].w : v < g[best].sum / g[best].w)))
            best = (int)i;
    }
    out->overall = weight != 0 ? total / weight : 0;
    out->v = ward_xcalloc(ng ? ng : 1, sizeof *out->v);
    out->n = ng;
    double bv = best >= 0 ? g[best].sum / g[best].w : 0;
    double *tmp = ward_xcalloc((size_t)p->replicates, sizeof *tmp);
    out->min_ratio = 1;
    for (size_t i = 0; i < ng; i++) {
        ward_fair_group *o = &out->v[i];
        o->name = ward_xstrdup(g[i].name);
        o->n = g[i].n, o->clusters = (long)g[i].nc;
        o->value = g[i].sum / g[i].w;
        memcpy(tmp, g[i].reps, (size_t)p->replicates * sizeof *tmp);
        ward_fair_percentiles(tmp, (size_t)p->replicates, &o->lo, &o->hi);
        o->small = g[i].n < p->min_n;
        o->best = (int)i == best;
        if (best < 0) continue;
        o->diff = o->value - bv;
        o->ratio = bv != 0 ? o->value / bv : 0;
        for (int r = 0; r < p->replicates; r++) tmp[r] = g[i].reps[r] - g[best].reps[r];
        ward_fair_percentiles(tmp, (size_t)p->replicates, &o->diff_lo, &o->diff_hi);
        if (o->small) continue;
        if (fabs(o->diff) > out->max_diff) out->max_diff = fabs(o->diff);
        double ratio = p->better >= 0 ? o->ratio : (o->value != 0 ? bv / o->value : 0);
        if (ratio < out->min_ratio) out->min_ratio = ratio;
        o->flagged = !o->best && fabs(o->diff) > p->threshold && (o->diff_lo > 0 || o->diff_hi < 0);
        out->flags += o->flagged;
    }
    free(tmp);
    for (size_t i = 0; i < ng; i++) free(g[i].c), free(g[i].reps);
    free(g);
    return WARD_OK;
}

void ward_fair_breakdown_free(ward_fair_breakdown *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->v[i].name);
    free(b->v);
    memset(b, 0, sizeof *b);
}
