/* eval_deid.c — scoring de-identification against truth, token by token.
 *
 * Tokens are runs of letters and digits (bytes >= 0x80 count as letters),
 * so "92-year-old" has the token "92" and a span that covers "92" finds it.
 * Recall: gold tokens entirely covered by predicted spans (of any type: a
 * name tagged as a facility is still hidden). Precision: predicted tokens
 * that lie inside some gold span. Keep spans (hand-written cases) must not
 * be touched at all: eponyms, drugs, doses, lab values.
 * Recall is also tallied by group: the origin of a name (gold files tag
 * names, {NAME/greek:...}) and the kind of note, so a weakness on Yoruba
 * names or on portal messages shows apart from the average.
 */
#include "assess_int.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int tok_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* Recall of one group of gold tokens (an origin, a note kind). */
typedef struct group {
    char name[64];
    long gold, found;
} group;

typedef struct groups {
    group *g;
    size_t n;
} groups;

/* The scorer's state: the counts tests read come first. */
typedef struct deid_state {
    ward_deid_scores s;
    groups origin, kind;
} deid_state;

static void *init(void) { return ward_xcalloc(1, sizeof(deid_state)); }

static void state_free(void *state)
{
    deid_state *d = state;
    free(d->origin.g);
    free(d->kind.g);
    free(d);
}

static void tally(groups *gs, const char *name, int found)
{
    if (!name || !*name) return;
    size_t i = 0;
    while (i < gs->n && strcmp(gs->g[i].name, name)) i++;
    if (i == gs->n) {
        gs->g = ward_xrealloc(gs->g, (gs->n + 1) * sizeof *gs->g);
        memset(&gs->g[i], 0, sizeof *gs->g);
        snprintf(gs->g[i].name, sizeof gs->g[i].name, "%s", name);
        gs->n++;
    }
    gs->g[i].gold++;
    gs->g[i].found += found;
}

/* Marks bytes covered by spans: cover[i] = 1. */
unsigned char *assess_deid_coverage(size_t len, const ward_phi_span *s, size_t n)
{
    unsigned char *c = ward_xcalloc(len + 1, 1);
    for (size_t i = 0; i < n; i++)
        if (s[i].end <= len && s[i].start < s[i].end) memset(c + s[i].start, 1, s[i].end - s[i].start);
    return c;
}

static int all_set(const unsigned char *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!c[i]) return 0;
    return 1;
}

static int any_set(const unsigned char *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (c[i]) return 1;
    return 0;
}

void assess_deid_gold_tokens(const ward_eval_note *n, const unsigned char *pred, assess_token_fn fn, void *ud)
{
    for (size_t i = 0; i < n->nphi; i++) {
        const ward_eval_span *g = &n->phi[i];
        if (g->end > n->len || g->start >= g->end) continue;
        int t = g->type >= 0 && g->type < WARD_PHI_NTYPES ? g->type : WARD_PHI_ID;
        for (size_t a = g->start; a < g->end;) {
            if (!tok_byte((unsigned char)n->text[a])) { a++; continue; }
            size_t b = a;
            while (b < g->end && tok_byte((unsigned char)n->text[b])) b++;
            fn(ud, g, t, a, b, all_set(pred, a, b));
            a = b;
        }
    }
}

typedef struct tok_ctx {
    deid_state *d;
    const ward_eval_note *n;
} tok_ctx;

static void count_token(void *ud, const ward_eval_span *g, int type, size_t a, size_t b, int found)
{
    tok_ctx *c = ud;
    ward_deid_scores *s = &c->d->s;
    (void)a, (void)b;
    s->gold[type]++, s->gold_total++;
    if (found) s->found[type]++, s->found_total++;
    tally(&c->d->origin, g->origin, found);
    tally(&c->d->kind, c->n->kind, found);
}

static int note(void *state, const ward_eval_note *n, ward_err *err)
{
    deid_state *d = state;
    ward_deid_scores *s = &d->s;
    ward_deid_result r;
    int rc = ward_funnel_deid(n->text, n->len, NULL, &r, err);
    if (rc) {
        ward_deid_result_free(&r);
        return rc;
    }
    s->notes++;
    unsigned char *pred = assess_deid_coverage(n->len, r.spans, r.n);
    unsigned char *gold = ward_xcalloc(n->len + 1, 1);
    for (size_t i = 0; i < n->nphi; i++)
        if (n->phi[i].end <= n->len && n->phi[i].start < n->phi[i].end)
            memset(gold + n->phi[i].start, 1, n->phi[i].end - n->phi[i].start);
    tok_ctx c = {d, n};
    assess_deid_gold_tokens(n, pred, count_token, &c);
    for (size_t a = 0; a < n->len;) {                     /* predicted tokens */
        if (!tok_byte((unsigned char)n->text[a])) { a++; continue; }
        size_t b = a;
        while (b < n->len && tok_byte((unsigned char)n->text[b])) b++;
        if (any_set(pred, a, b)) {
            s->pred++;
            if (any_set(gold, a, b)) s->pred_correct++;
        }
        a = b;
    }
    for (size_t i = 0; i < n->nkeep; i++) {
        const ward_eval_span *k = &n->keep[i];
        for (size_t a = k->start; a < k->end && k->end <= n->len;) {
            if (!tok_byte((unsigned char)n->text[a])) { a++; continue; }
            size_t b = a;
            while (b < k->end && tok_byte((unsigned char)n->text[b])) b++;
            s->keep++;
            if (any_set(pred, a, b)) s->keep_redacted++;
            a = b;
        }
    }
    free(pred);
    free(gold);
    ward_deid_result_free(&r);
    return WARD_OK;
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 1.0; }

static int cmp_group(const void *a, const void *b) { return strcmp(((const group *)a)->name, ((const group *)b)->name); }

static json_t *groups_json(groups *gs)
{
    json_t *o = json_object();
    if (gs->n) qsort(gs->g, gs->n, sizeof *gs->g, cmp_group);
    for (size_t i = 0; i < gs->n; i++)
        json_object_set_new(o, gs->g[i].name, json_pack("{s:f, s:I, s:I}", "recall", ratio(gs->g[i].found, gs->g[i].gold),
                                                         "tokens", (json_int_t)gs->g[i].gold, "found",
                                                         (json_int_t)gs->g[i].found));
    return o;
}

static void groups_print(groups *gs, const char *title, FILE *f)
{
    if (!gs->n) return;
    qsort(gs->g, gs->n, sizeof *gs->g, cmp_group);
    fprintf(f, "  recall by %s:\n", title);
    for (size_t i = 0; i < gs->n; i++)
        fprintf(f, "    %-24s %.4f  (%ld/%ld tokens)\n", gs->g[i].name, ratio(gs->g[i].found, gs->g[i].gold),
                gs->g[i].found, gs->g[i].gold);
}

static json_t *report(void *state)
{
    deid_state *d = state;
    ward_deid_scores *s = &d->s;
    json_t *per = json_object();
    for (int t = 0; t < WARD_PHI_NTYPES; t++)
        if (s->gold[t])
            json_object_set_new(per, ward_phi_type_name(t),
                                json_pack("{s:f, s:I, s:I}", "recall", ratio(s->found[t], s->gold[t]), "tokens",
                                          (json_int_t)s->gold[t], "found", (json_int_t)s->found[t]));
    json_t *o = json_pack("{s:f, s:f, s:I, s:I, s:I, s:o}", "token_recall", ratio(s->found_total, s->gold_total),
                          "token_precision", ratio(s->pred_correct, s->pred), "gold_tokens", (json_int_t)s->gold_total,
                          "predicted_tokens", (json_int_t)s->pred, "notes", (json_int_t)s->notes,
                          "per_type", per);
    if (s->keep) {
        json_object_set_new(o, "keep_tokens", json_integer(s->keep));
        json_object_set_new(o, "keep_redacted", json_integer(s->keep_redacted));
    }
    if (d->origin.n) json_object_set_new(o, "per_origin", groups_json(&d->origin));
    if (d->kind.n) json_object_set_new(o, "per_kind", groups_json(&d->kind));
    return o;
}

static void print(void *state, FILE *f)
{
    deid_state *d = state;
    ward_deid_scores *s = &d->s;
    fprintf(f, "de-identification (%ld notes, %ld identifier tokens)\n", s->notes, s->gold_total);
    fprintf(f, "  token recall     %.4f\n  token precision  %.4f\n", ratio(s->found_total, s->gold_total),
            ratio(s->pred_correct, s->pred));
    for (int t = 0; t < WARD_PHI_NTYPES; t++)
        if (s->gold[t])
            fprintf(f, "  %-11s recall %.4f  (%ld/%ld tokens)\n", ward_phi_type_name(t), ratio(s->found[t], s->gold[t]),
                    s->found[t], s->gold[t]);
    if (s->keep) fprintf(f, "  clinical text redacted: %ld of %ld keep tokens\n", s->keep_redacted, s->keep);
    groups_print(&d->origin, "name origin", f);
    groups_print(&d->kind, "note kind", f);
}

const ward_deid_scores *ward_eval_deid_counts(void *state) { return &((deid_state *)state)->s; }

const ward_eval_scorer ward_eval_deid_scorer = {"deid", init, note, report, print, state_free};
