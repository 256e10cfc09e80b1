/* codes.c — looking codes up in imported vocabularies (the `vocab` table).
 *
 * A lookup tries the query as a code first (exact, any system unless one is
 * named), then as words that must all appear in the description; shorter
 * descriptions rank first, as they are the more general concept.
 * Vocabularies are imported with `ward vocab import` (store/vocab.c); this
 * is the lookup the orchestrator and `ward codes` use: every word must
 * match (not one substring), optionally within one system.
 */
#include "ward/tools.h"

#include <stdlib.h>
#include <string.h>

void ward_codes_free(ward_code *v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i].description);
    free(v);
}

typedef struct {
    ward_code *v;
    size_t n, cap, k;
} code_list;

/* Adds an entry not listed yet; stops at k. */
static int push(void *ud, const char *sys, const char *code, const char *description)
{
    code_list *l = ud;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].system, sys) && !strcmp(l->v[i].code, code)) return 0;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = ward_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    ward_code *c = &l->v[l->n++];
    snprintf(c->system, sizeof c->system, "%s", sys);
    snprintf(c->code, sizeof c->code, "%s", code);
    c->description = ward_xstrdup(description ? description : "");
    return l->n >= l->k;
}

int ward_codes_lookup(ward_store *st, const char *system, const char *query, int k, ward_code **out,
                      size_t *n, ward_err *err)
{
    code_list l = {.k = (size_t)(k > 0 ? k : 10)};
    int rc = ward_store_vocab_code(st, system, query, (int)l.k, push, &l, err);
    if (!rc && l.n < l.k) rc = ward_store_vocab_words(st, system, query, (int)l.k, push, &l, err);
    if (rc) {
        ward_codes_free(l.v, l.n);
        l.v = NULL;
        l.n = 0;
    }
    *out = l.v;
    *n = l.n;
    return rc;
}
