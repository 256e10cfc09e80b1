/* context.c — ConText: is a concept negated, possible, historical,
 * hypothetical, or experienced by someone else?
 *
 * Ideas a reader needs:
 *  - A sentence is tokenized once and its triggers found once, left to
 *    right, longest phrase first; a pseudo-trigger ("no increase") consumes
 *    its words so the "no" inside never fires. Each concept of the sentence
 *    is then a cheap query against the trigger list (funnel_context_target).
 *  - A trigger reaches WINDOW words in its direction; its scope stops at a
 *    terminator of its category ("but", "however", "which"...), at ';', at a
 *    sentence end ('.', '?', '!') and at a blank line.
 *  - Several modifiers may apply; the assertion reported is the strongest:
 *    negated > family (experiencer) > hypothetical > possible > historical.
 *  - Rules are data (data/context.tsv, embedded at build time; a site file
 *    adds its own): nothing here names a trigger word.
 */
#include "phrase_int.h"
#include "ward/funnel.h"

#include "data_context_tsv.h"

#include <stdlib.h>
#include <string.h>

enum { C_NEG = 1, C_POSS = 2, C_HIST = 4, C_HYPO = 8, C_FAM = 16, C_OTHER = 32, C_HWEAK = 64, C_ALL = 127 };
enum { K_TRIGGER, K_PSEUDO, K_TERM };
enum { D_FWD = 1, D_BWD = 2 };

typedef struct rule {
    uint8_t kind, cat, dir;     /* cat: one C_* bit for triggers, a mask for terminators */
    uint8_t wf, wb;             /* forward / backward reach in words */
} rule;

typedef struct trig {
    uint32_t a, b;              /* tokens [a,b) */
    uint32_t rule;
} trig;

typedef struct term {
    uint32_t pos;               /* token index */
    uint8_t mask, before;       /* before: the boundary just before token pos */
} term;

struct ward_context {
    funnel_phrases *ph;
    const funnel_first_words *begins;   /* ph's filter, asked inline at every token */
    rule *rules;
    size_t nrules, caprules;
    trig *trigs;
    size_t ntrigs, captrigs;
    term *terms;
    size_t nterms, capterms;
    uint32_t *words;            /* words before token i (i in 0..n) */
    size_t capwords;
    funnel_toks toks;
};

static const char *names[] = {"present", "negated", "possible", "historical", "hypothetical", "family"};

const char *ward_assertion_name(ward_assertion a)
{
    return (unsigned)a < sizeof names / sizeof *names ? names[a] : "present";
}

int ward_assertion_parse(const char *name)
{
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i])) return (int)i;
    return -1;
}

/* ---- loading rules ---- */

typedef struct loader {
    ward_context *cx;
    const char *file;
    ward_err *err;
} loader;

static int cat_bit(const char *f, size_t n)
{
    static const struct { const char *name; int bit; } cats[] = {
        {"negated", C_NEG}, {"possible", C_POSS}, {"historical", C_HIST},
        {"hypothetical", C_HYPO}, {"family", C_FAM}, {"other", C_OTHER}, {"history", C_HWEAK},
        {"all", C_ALL}};
    for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
        if (ward_field_is(f, n, cats[i].name)) return cats[i].bit;
    return 0;
}

/* "negated,family" -> mask; 0 when a name is unknown. */
static int cat_mask(const char *f, size_t n)
{
    int mask = 0;
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && f[i] != ',') continue;
        int bit = cat_bit(f + a, i - a);
        if (!bit) return 0;
        mask |= bit;
        a = i + 1;
    }
    return mask;
}

/* "15" or "15,3": forward and backward reach; 0 on error. */
static int parse_window(const char *f, size_t n, rule *r)
{
    char buf[16];
    if (n >= sizeof buf) return 0;
    memcpy(buf, f, n);
    buf[n] = 0;
    int a = 0, b = 0;
    int k = sscanf(buf, "%d,%d", &a, &b);
    if (k < 1 || a <= 0 || a > 255 || (k == 2 && (b <= 0 || b > 255))) return 0;
    r->wf = (uint8_t)a;
    r->wb = (uint8_t)(k == 2 ? b : a);
    return 1;
}

static int load_line(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    loader *ld = ud;
    rule r = {0, 0, 0, 15, 6};
    if (nf < 2)
        return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: expected PHRASE<TAB>CATEGORY[<TAB>DIRECTION<TAB>WINDOW]",
                            ld->file, line);
    if (ward_field_is(f[1], fl[1], "pseudo")) {
        r.kind = K_PSEUDO;
    } else if (ward_field_is(f[1], fl[1], "terminate")) {
        r.kind = K_TERM;
        r.cat = nf > 2 ? (uint8_t)cat_mask(f[2], fl[2]) : C_ALL;
        if (r.cat & C_HIST) r.cat |= C_HWEAK;
        if (!r.cat)
            return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: terminator categories are 'all' or a comma list of negated, possible, historical, history, hypothetical, family, other",
                                ld->file, line);
    } else {
        r.kind = K_TRIGGER;
        r.cat = (uint8_t)cat_bit(f[1], fl[1]);
        if (!r.cat || r.cat == C_ALL)
            return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: unknown category (negated, possible, historical, history, hypothetical, family, other, pseudo, terminate)",
                                ld->file, line);
        if (nf < 3 || ward_field_is(f[2], fl[2], "forward")) r.dir = D_FWD;
        else if (ward_field_is(f[2], fl[2], "backward")) r.dir = D_BWD, r.wf = r.wb = 6;
        else if (ward_field_is(f[2], fl[2], "both")) r.dir = D_FWD | D_BWD;
        else
            return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: direction is forward, backward or both",
                                ld->file, line);
        if (nf > 3 && fl[3] && !parse_window(f[3], fl[3], &r))
            return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: window is a number of words (1-255), or F,B",
                                ld->file, line);
    }
    ward_context *cx = ld->cx;
    if (cx->nrules == cx->caprules) {
        cx->caprules = cx->caprules ? cx->caprules * 2 : 512;
        cx->rules = ward_xrealloc(cx->rules, cx->caprules * sizeof *cx->rules);
    }
    cx->rules[cx->nrules] = r;
    if (!funnel_phrases_add(cx->ph, f[0], fl[0], (uint32_t)cx->nrules))
        return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: empty phrase", ld->file, line);
    cx->nrules++;
    return 0;
}

int ward_context_new(const char *site_file, ward_context **out, ward_err *err)
{
    ward_context *cx = ward_xcalloc(1, sizeof *cx);
    cx->ph = funnel_phrases_new();
    cx->begins = funnel_phrases_first(cx->ph);
    loader ld = {cx, "context.tsv (built in)", err};
    int rc = ward_tsv_each(WARD_DATA_CONTEXT_TSV, sizeof WARD_DATA_CONTEXT_TSV - 1, load_line, &ld);
    if (!rc && site_file) {
        char *data = NULL;
        size_t len = 0;
        rc = ward_read_file(site_file, 16u << 20, &data, &len, err);
        ld.file = site_file;
        if (!rc) rc = ward_tsv_each(data, len, load_line, &ld);
        free(data);
    }
    if (rc) {
        ward_context_free(cx);
        *out = NULL;
        return rc;
    }
    *out = cx;
    return WARD_OK;
}

void ward_context_free(ward_context *cx)
{
    if (!cx) return;
    funnel_phrases_free(cx->ph);
    free(cx->rules);
    free(cx->trigs);
    free(cx->terms);
    free(cx->words);
    funnel_toks_free(&cx->toks);
    free(cx);
}

/* ---- scanning a sentence ---- */

static void add_term(ward_context *cx, size_t pos, int mask, int before)
{
    if (cx->nterms == cx->capterms) {
        cx->capterms = cx->capterms ? cx->capterms * 2 : 64;
        cx->terms = ward_xrealloc(cx->terms, cx->capterms * sizeof *cx->terms);
    }
    cx->terms[cx->nterms++] = (term){(uint32_t)pos, (uint8_t)mask, (uint8_t)before};
}

static void add_trig(ward_context *cx, size_t a, size_t b, uint32_t rule)
{
    if (cx->ntrigs == cx->captrigs) {
        cx->captrigs = cx->captrigs ? cx->captrigs * 2 : 64;
        cx->trigs = ward_xrealloc(cx->trigs, cx->captrigs * sizeof *cx->trigs);
    }
    cx->trigs[cx->ntrigs++] = (trig){(uint32_t)a, (uint32_t)b, rule};
}

static int hard_stop(const funnel_tok *k, const char *text)
{
    if (k->kind != WARD_TOK_PUNCT) return 0;
    char c = text[k->start];
    return c == ';' || c == '.' || c == '?' || c == '!';
}

void funnel_context_scan(ward_context *cx, const char *text, const funnel_toks *t)
{
    cx->ntrigs = cx->nterms = 0;
    if (t->n + 1 > cx->capwords) {
        cx->capwords = t->n + 64;
        cx->words = ward_xrealloc(cx->words, cx->capwords * sizeof *cx->words);
    }
    uint32_t w = 0;
    for (size_t i = 0; i < t->n; i++) {
        cx->words[i] = w;
        w += t->v[i].kind != WARD_TOK_PUNCT;
    }
    cx->words[t->n] = w;
    size_t i = 0;
    while (i < t->n) {
        if (i && t->v[i].nl_before >= 2) add_term(cx, i, C_ALL, 1);
        if (hard_stop(&t->v[i], text)) {
            add_term(cx, i++, C_ALL, 0);
            continue;
        }
        uint32_t vals[8];
        size_t nv;
        size_t len = funnel_may_begin(cx->begins, &t->v[i]) ? funnel_phrases_match(cx->ph, t, i, vals, 8, &nv) : 0;
        if (!len) {
            i++;
            continue;
        }
        for (size_t v = 0; v < nv; v++) {
            const rule *r = &cx->rules[vals[v]];
            if (r->kind == K_TERM) add_term(cx, i, r->cat, 0);
            else if (r->kind == K_TRIGGER) add_trig(cx, i, i + len, vals[v]);
        }
        i += len;
    }
}

/* 1 when a terminator for category cat lies between tokens [from, to). */
static int blocked(const ward_context *cx, size_t from, size_t to, int cat)
{
    for (size_t i = 0; i < cx->nterms; i++) {
        const term *m = &cx->terms[i];
        if (!(m->mask & cat)) continue;
        if (m->before ? (m->pos > from && m->pos <= to) : (m->pos >= from && m->pos < to)) return 1;
    }
    return 0;
}

ward_assertion ward_context_strongest(const ward_context_result *r)
{
    if (r->negated) return WARD_ASSERT_NEGATED;
    if (r->family || r->other) return WARD_ASSERT_FAMILY;
    if (r->hypothetical) return WARD_ASSERT_HYPOTHETICAL;
    if (r->possible) return WARD_ASSERT_POSSIBLE;
    if (r->historical || r->history) return WARD_ASSERT_HISTORICAL;
    return WARD_ASSERT_PRESENT;
}

void funnel_context_target(const ward_context *cx, size_t a, size_t b, ward_context_result *r)
{
    memset(r, 0, sizeof *r);
    int mask = 0;
    for (size_t i = 0; i < cx->ntrigs; i++) {
        const trig *g = &cx->trigs[i];
        const rule *ru = &cx->rules[g->rule];
        if (g->a < b && g->b > a) continue;   /* inside the target */
        int hit = 0;
        if (g->b <= a && (ru->dir & D_FWD))
            hit = cx->words[a] - cx->words[g->b] < ru->wf && !blocked(cx, g->b, a, ru->cat);
        else if (g->a >= b && (ru->dir & D_BWD))
            hit = cx->words[g->a] - cx->words[b] < ru->wb && !blocked(cx, b, g->a, ru->cat);
        if (hit) mask |= ru->cat;
    }
    r->negated = !!(mask & C_NEG);
    r->possible = !!(mask & C_POSS);
    r->historical = !!(mask & C_HIST);
    r->hypothetical = !!(mask & C_HYPO);
    r->family = !!(mask & C_FAM);
    r->other = !!(mask & C_OTHER);
    r->history = !!(mask & C_HWEAK);
    r->assertion = ward_context_strongest(r);
}

/* Token range covering the bytes [ts,te). */
void funnel_toks_range(const funnel_toks *t, size_t ts, size_t te, size_t *a, size_t *b)
{
    size_t i = 0;
    while (i < t->n && t->v[i].end <= ts) i++;
    size_t j = i;
    while (j < t->n && t->v[j].start < te) j++;
    *a = i;
    *b = j > i ? j : i;
}

void ward_context_assert(ward_context *cx, const char *text, size_t len, size_t ts, size_t te,
                         ward_context_result *r)
{
    funnel_tokenize(text, len, &cx->toks);
    funnel_context_scan(cx, text, &cx->toks);
    size_t a, b;
    funnel_toks_range(&cx->toks, ts, te, &a, &b);
    funnel_context_target(cx, a, b, r);
}
