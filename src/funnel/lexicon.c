/* lexicon.c — loading the concept lexicon (data/lexicon.tsv, a site file,
 * imported vocabularies) and the small token readers the parsers share:
 * numbers, units, filler words. See lexicon_int.h. */
#include "lexicon_int.h"

#include "data_lexicon_tsv.h"

#include <stdlib.h>
#include <string.h>

static const char *type_names[LX_NTYPES] = {
    "problem", "medication", "lab", "procedure", "allergen", "vital", "unit", "route",
    "freq", "prn", "form", "flag", "allergycue"};

const char *lx_str(const funnel_lexicon *lx, uint32_t off) { return lx->pool.data + off; }

static uint32_t pool_add(funnel_lexicon *lx, const char *s, size_t n)
{
    uint32_t off = (uint32_t)lx->pool.len;
    ward_buf_append(&lx->pool, s, n);
    ward_buf_putc(&lx->pool, 0);
    return off;
}

static uint32_t add_entry(funnel_lexicon *lx, int type, const char *name, size_t nn, const char *val,
                          size_t vn, const char *def, size_t dn)
{
    if (lx->n == lx->cap) {
        lx->cap = lx->cap ? lx->cap * 2 : 1024;
        lx->e = ward_xrealloc(lx->e, lx->cap * sizeof *lx->e);
    }
    lx_entry *e = &lx->e[lx->n];
    e->type = (uint8_t)type;
    e->name = pool_add(lx, name, nn);
    e->value = pool_add(lx, val, vn);
    e->deflt = pool_add(lx, def, dn);
    return (uint32_t)lx->n++;
}

typedef struct loader {
    funnel_lexicon *lx;
    const char *file;
    ward_err *err;
} loader;

static int load_line(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    loader *ld = ud;
    /* related phrases widen questions, allergy classes merge allergies
     * (concept_map.c); they name no concept in text */
    if (nf >= 3 && (ward_field_is(f[0], fl[0], "related") || ward_field_is(f[0], fl[0], "allergyclass"))) return 0;
    int type = -1;
    for (int i = 0; i < LX_NTYPES && nf >= 2; i++)
        if (ward_field_is(f[0], fl[0], type_names[i])) type = i;
    if (type < 0)
        return ward_err_set(ld->err, WARD_EINPUT, "%s: line %ld: expected TYPE<TAB>NAMES[<TAB>VALUE] with TYPE one of problem, medication, lab, procedure, allergen, vital, unit, route, freq, prn, form, flag, allergycue (or related, allergyclass)",
                            ld->file, line);
    size_t first = 0;
    while (first < fl[1] && f[1][first] != '|') first++;
    const char *val = nf > 2 ? f[2] : "";
    size_t vn = nf > 2 ? fl[2] : 0;
    /* attributes without a value normalize to their first name */
    if (!vn && type >= LX_VITAL) val = f[1], vn = first;
    /* drugs are taken by mouth unless the lexicon says otherwise ("-": no default) */
    const char *def = nf > 3 ? f[3] : type == LX_MEDICATION ? "oral" : "";
    size_t dn = nf > 3 ? fl[3] : strlen(def);
    if (dn == 1 && def[0] == '-') dn = 0;
    uint32_t id = add_entry(ld->lx, type, f[1], first, val, vn, def, dn);
    size_t a = 0;
    for (size_t i = 0; i <= fl[1]; i++) {
        if (i < fl[1] && f[1][i] != '|') continue;
        if (i > a) funnel_phrases_add(ld->lx->ph, f[1] + a, i - a, id);
        a = i + 1;
    }
    return 0;
}

int lx_init(funnel_lexicon *lx, const char *site_file, ward_err *err)
{
    memset(lx, 0, sizeof *lx);
    lx->ph = funnel_phrases_new();
    lx->vocab = funnel_phrases_new();
    lx->begins = funnel_phrases_first(lx->ph);
    lx->vocab_begins = funnel_phrases_first(lx->vocab);
    ward_buf_init(&lx->pool);
    lx_init_fillers(lx);
    loader ld = {lx, "lexicon.tsv (built in)", err};
    int rc = ward_tsv_each(WARD_DATA_LEXICON_TSV, sizeof WARD_DATA_LEXICON_TSV - 1, load_line, &ld);
    if (!rc && site_file) {
        char *data = NULL;
        size_t len = 0;
        ld.file = site_file;
        rc = ward_read_file(site_file, 256u << 20, &data, &len, err);
        if (!rc) rc = ward_tsv_each(data, len, load_line, &ld);
        free(data);
    }
    if (rc) lx_free(lx);
    return rc;
}

void lx_free(funnel_lexicon *lx)
{
    funnel_phrases_free(lx->ph);
    funnel_phrases_free(lx->vocab);
    free(lx->e);
    ward_buf_free(&lx->pool);
    memset(lx, 0, sizeof *lx);
}

/* ---- imported vocabularies ---- */

/* Words that mark a description as residual or compound: such codes are
 * for lookup, not for matching free text. */
static const char *const skip_words[] = {
    "other", "with", "without", "due", "sequela", "encounter", "subsequent", "initial",
    "history", "unspecified", "specified", "and", "or", "in", "of", "classified", "elsewhere",
    "not", "by", "following", "complicating", "type", "stage", "left", "right", "bilateral",
    NULL};

static int word_eq(const char *s, size_t n, const char *w)
{
    if (strlen(w) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 32) != w[i]) return 0;
    return 1;
}

/* Reduces a description to a phrase a note would use; 0 when it should
 * not be matched in text. */
static int vocab_phrase(const char *desc, ward_buf *out)
{
    ward_buf_reset(out);
    int depth = 0;
    for (const char *p = desc; *p; p++) {
        if (*p == '(' || *p == '[') depth++;
        else if ((*p == ')' || *p == ']') && depth) depth--;
        else if (!depth) ward_buf_putc(out, *p);
    }
    /* drop ", unspecified" / " NOS" tails */
    static const char *const tails[] = {", unspecified", " unspecified", ", NOS", " NOS", ",", " "};
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
            size_t n = strlen(tails[i]);
            if (out->len >= n && !strcasecmp(out->data + out->len - n, tails[i])) {
                out->len -= n;
                out->data[out->len] = 0;
                again = 1;
            }
        }
    }
    size_t words = 0;
    const char *s = out->data;
    for (size_t i = 0; i < out->len;) {
        while (i < out->len && !(s[i] >= 'A' && s[i] <= 'z')) {
            if (s[i] == ',' || s[i] == ';' || s[i] == ':') return 0;
            i++;
        }
        size_t a = i;
        while (i < out->len && ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z')) i++;
        if (i == a) continue;
        words++;
        for (int k = 0; skip_words[k]; k++)
            if (word_eq(s + a, i - a, skip_words[k])) return 0;
    }
    return words >= 1 && words <= 5 && out->len >= 4;
}

int lx_add_vocab(funnel_lexicon *lx, const char *system, const char *code, const char *desc)
{
    int type = strstr(system, "RX") || strstr(system, "rx") ? LX_MEDICATION : LX_PROBLEM;
    ward_buf phrase, val;
    ward_buf_init(&phrase);
    ward_buf_init(&val);
    int ok = vocab_phrase(desc, &phrase);
    if (ok) {
        ward_buf_printf(&val, "%s:%s", system, code);
        uint32_t id = add_entry(lx, type, phrase.data, phrase.len, val.data, val.len, "", 0);
        ok = funnel_phrases_add(lx->vocab, phrase.data, phrase.len, id) > 0;
        lx->nvocab += ok;
    }
    ward_buf_free(&phrase);
    ward_buf_free(&val);
    return ok;
}

/* ---- matching ---- */

static size_t match_in(const funnel_lexicon *lx, const funnel_phrases *ph, const funnel_toks *t, size_t i,
                       unsigned mask, const lx_entry **e)
{
    uint32_t vals[8];
    size_t nv;
    size_t len = funnel_phrases_match(ph, t, i, vals, 8, &nv);
    *e = NULL;
    /* values come newest first: the last match is the first line of the file */
    for (size_t v = nv; v-- > 0;)
        if (mask & LX_BIT(lx->e[vals[v]].type)) {
            *e = &lx->e[vals[v]];
            return len;
        }
    return 0;
}

size_t lx_match(const funnel_lexicon *lx, const funnel_toks *t, size_t i, unsigned mask,
                const lx_entry **e)
{
    size_t len = match_in(lx, lx->ph, t, i, mask, e);
    if (lx->nvocab && (mask & (LX_BIT(LX_PROBLEM) | LX_BIT(LX_MEDICATION)))) {
        const lx_entry *ve;
        size_t vlen = match_in(lx, lx->vocab, t, i, mask, &ve);
        if (vlen > len) {
            *e = ve;
            len = vlen;
        }
    }
    return len;
}

/* ---- token readers ---- */

void lx_tok_text(const lx_sent *s, size_t k, char *out, size_t cap)
{
    size_t n = s->t->v[k].end - s->t->v[k].start;
    if (n >= cap) n = cap - 1;
    memcpy(out, s->text + s->t->v[k].start, n);
    out[n] = 0;
}

/* Copies a number token without thousands commas into out (cap bytes,
 * cut short as snprintf would). */
static void num_text(const lx_sent *s, size_t k, char *out, size_t cap)
{
    size_t n = 0;
    for (uint32_t i = s->t->v[k].start; i < s->t->v[k].end && n + 1 < cap; i++)
        if (s->text[i] != ',') out[n++] = s->text[i];
    if (cap) out[n] = 0;
}

size_t lx_number(const lx_sent *s, size_t k, char *out, size_t cap)
{
    const funnel_toks *t = s->t;
    if (k >= t->n) return 0;
    if (t->v[k].kind == WARD_TOK_WORD) {
        for (int w = LW_ZERO; w <= LW_TEN; w++)
            if (lx_is(s, k, w)) {
                snprintf(out, cap, "%d", w - LW_ZERO);
                return 1;
            }
        if (lx_is(s, k, LW_HALF)) {
            snprintf(out, cap, "0.5");
            return 1;
        }
        return 0;
    }
    if (t->v[k].kind != WARD_TOK_NUM) return 0;
    num_text(s, k, out, cap);
    return 1;
}

size_t lx_unit(const lx_sent *s, size_t k, char *out, size_t cap)
{
    const lx_entry *e;
    size_t len = k < s->t->n ? lx_match(s->lx, s->t, k, LX_BIT(LX_UNIT), &e) : 0;
    if (!len) return 0;
    snprintf(out, cap, "%s", lx_str(s->lx, e->value));
    return len;
}

static const char *const fillers[] = {
    "of", "is", "was", "were", "are", "at", "level", "levels", "value", "values", "count",
    "measured", "noted", "recorded", "reading", "today", "now", "currently", "on", "admission",
    "initially", "the", "a", "about", "approximately", "around", "has", "had", "been", "be", "to",
    "check", "checked", "result", "came", "back", "returned", "found", NULL};

#define LX_WORD_TEXT(name, text) text,
const char *const lx_word_text[LW_N] = {LX_WORDS(LX_WORD_TEXT)};
#undef LX_WORD_TEXT

void lx_init_fillers(funnel_lexicon *lx)
{
    for (lx->nfiller = 0; fillers[lx->nfiller]; lx->nfiller++)
        lx->filler[lx->nfiller] = funnel_word_key(fillers[lx->nfiller]);
    for (int w = 0; w < LW_N; w++) lx->word[w] = funnel_word_key(lx_word_text[w]);
}

size_t lx_skip_filler(const lx_sent *s, size_t k, size_t max)
{
    size_t used = 0;
    while (k < s->t->n && used < max) {
        const funnel_tok *tk = &s->t->v[k];
        int skip = 0;
        if (tk->kind == WARD_TOK_PUNCT) {
            char c = s->text[tk->start];
            skip = c == ':' || c == '=' || c == '-' || c == ',' || c == '(';
        } else if (tk->kind == WARD_TOK_WORD) {
            for (int i = 0; i < s->lx->nfiller && !skip; i++) skip = tk->key == s->lx->filler[i];
        }
        if (!skip) break;
        k++, used++;
    }
    return used;
}
