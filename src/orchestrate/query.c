/* query.c — a question as groups of words that mean the same thing.
 *
 * "Should metformin be stopped in CKD?" is about two things: metformin,
 * and chronic kidney disease, which a guideline may call "CKD", "chronic
 * kidney disease", "kidney function" or "eGFR". Each concept the lexicon
 * finds in the question (ward_concept_synonyms: its names and `related`
 * phrases) is one group whose alternatives are those phrases; every other
 * content word is a group of its own, except the words that only frame a
 * question ("should", "stopped", "safe": class `frame` of
 * data/ask_words.tsv), which name no subject. A sentence covers a group
 * when it holds every word of one of its alternatives. The search runs on
 * the question widened with all the alternatives (BM25 ORs its terms).
 */
#include "ask_int.h"
#include "orch_int.h"
#include "ward/funnel.h"

#include <stdlib.h>
#include <string.h>

static orch_qgroup *new_group(orch_query *q, int concept)
{
    q->g = ward_xrealloc(q->g, (q->ng + 1) * sizeof *q->g);
    orch_qgroup *g = &q->g[q->ng++];
    memset(g, 0, sizeof *g);
    g->concept = concept;
    return g;
}

static void add_alt(orch_qgroup *g, const char *phrase)
{
    orch_words w;
    orch_words_of(phrase, 1, &w);
    if (!w.n) {
        orch_words_free(&w);
        return;
    }
    g->alt = ward_xrealloc(g->alt, (g->nalt + 1) * sizeof *g->alt);
    g->alt[g->nalt++] = w;
}

typedef struct mention {
    orch_query *q;
    const char *text;
    size_t start, end;      /* the current mention */
    unsigned char *used;    /* bytes of the text inside a mention */
    ward_buf widened;
} mention;

static int on_synonym(void *ud, size_t start, size_t end, const char *phrase)
{
    mention *m = ud;
    if (!m->q->ng || start != m->start || end != m->end) {
        /* a new mention: its own words are the first alternative */
        m->start = start, m->end = end;
        orch_qgroup *g = new_group(m->q, 1);
        char *own = ward_xstrndup(m->text + start, end - start);
        add_alt(g, own);
        free(own);
        memset(m->used + start, 1, end - start);
    }
    add_alt(&m->q->g[m->q->ng - 1], phrase);
    ward_buf_printf(&m->widened, " %s", phrase);
    return 0;
}

static int is_frame(const char *w)
{
    const ask_wordlist *f = ask_words("frame");
    for (size_t i = 0; i < f->n; i++) {
        orch_words fw;
        orch_words_of(f->w[i], 0, &fw);
        int hit = fw.n == 1 && !strcmp(fw.w[0], w);
        orch_words_free(&fw);
        if (hit) return 1;
    }
    return 0;
}

void orch_query_of(const char *text, orch_query *q)
{
    memset(q, 0, sizeof *q);
    size_t len = strlen(text);
    mention m = {q, text, 0, 0, ward_xcalloc(len + 1, 1), {0}};
    ward_buf_init(&m.widened);
    ward_buf_puts(&m.widened, text);
    ward_concept_synonyms(text, on_synonym, &m);
    /* Words outside the mentions, one group each. */
    ward_buf rest;
    ward_buf_init(&rest);
    for (size_t i = 0; i < len; i++) ward_buf_putc(&rest, m.used[i] ? ' ' : text[i]);
    orch_words w;
    orch_words_of(rest.data ? rest.data : "", 1, &w);
    for (size_t i = 0; i < w.n; i++) {
        int dup = 0;
        for (size_t k = 0; k < q->ng && !dup; k++)
            for (size_t a = 0; a < q->g[k].nalt && !dup; a++)
                dup = q->g[k].alt[a].n == 1 && !strcmp(q->g[k].alt[a].w[0], w.w[i]);
        if (dup || is_frame(w.w[i])) continue;
        add_alt(new_group(q, 0), w.w[i]);
    }
    orch_words_free(&w);
    ward_buf_free(&rest);
    free(m.used);
    q->widened = ward_buf_steal(&m.widened);
}

int orch_query_covers(const orch_query *q, size_t g, const orch_words *w)
{
    for (size_t a = 0; a < q->g[g].nalt; a++) {
        const orch_words *alt = &q->g[g].alt[a];
        size_t k = 0;
        while (k < alt->n && orch_words_has(w, alt->w[k])) k++;
        if (k == alt->n) return 1;
    }
    return 0;
}

void orch_query_free(orch_query *q)
{
    for (size_t i = 0; i < q->ng; i++) {
        for (size_t a = 0; a < q->g[i].nalt; a++) orch_words_free(&q->g[i].alt[a]);
        free(q->g[i].alt);
    }
    free(q->g);
    free(q->widened);
    memset(q, 0, sizeof *q);
}

double orch_support(const char *text, const orch_words *sw, const orch_words *ew)
{
    if (!sw->n) return 1;
    orch_query q;
    orch_query_of(text, &q);
    size_t found = 0;
    for (size_t i = 0; i < sw->n; i++) {
        int ok = orch_words_has(ew, sw->w[i]);
        /* a word of a concept the evidence names another way ("CKD" / "chronic kidney disease") */
        for (size_t g = 0; g < q.ng && !ok; g++)
            ok = q.g[g].concept && q.g[g].nalt && orch_words_has(&q.g[g].alt[0], sw->w[i]) && orch_query_covers(&q, g, ew);
        found += ok;
    }
    orch_query_free(&q);
    return (double)found / (double)sw->n;
}
