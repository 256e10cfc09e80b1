/* deid_words.c — the words de-identification knows: the word table and the
 * cue phrases.
 *
 * Both are data, not code: data/deid_words.tsv gives each word its classes
 * (first name, last name, eponym, clinical word, title, credential, street
 * suffix, state, city, facility head, month, relation word, clinical noun,
 * function word), data/deid_names.tsv more given names and surnames of
 * many origins (generated: scripts/deid_names_gen.py), and data/deid_cues.tsv the phrases that announce an
 * identifier ("Patient:", "seen by", "MRN", "lives in"). A site extends
 * both with files of the same format ($WARD_DATA/deid_words.tsv,
 * $WARD_DATA/deid_cues.tsv).
 *
 * Ideas a reader needs:
 *  - Every token is looked up once (deid_tokens.c); its classes and its cue
 *    group travel with it, so the rules never look a word up again.
 *  - Cue phrases are grouped by their first word: a token that starts one
 *    finds its few candidate phrases by its group number, and the longest
 *    match wins.
 *  - The word table and the name lists come made: the build loads the
 *    lists (deid_lists.c) and writes the tables as C arrays
 *    (generated/deid_lists_bin.h); a process copies them into place and
 *    adds a site's words and the cues.
 */
#include "funnel/deid_int.h"
#include "data_deid_cues_tsv.h"
#include "deid_lists_bin.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static funnel_lex *words;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

/* The name lists (data/deid_names.tsv, some 31,000 names, and the 1,700
 * written by hand in data/deid_names_hand.tsv) are a table of their own
 * behind a Bloom filter (deid_lists.c): most words of a note are in
 * neither table, and the filter answers them from the cache. */
static funnel_lex *names;

static cue *cues;            /* in file order */
static size_t ncues, capcues;
static funnel_lex *cue_words;  /* first word of a cue -> 1 + its group */
static uint16_t *cue_order;  /* cues indexes, group by group, kind by kind within a group, in file order */
/* group g, kind k: cue_order[kind_start[g * CUE_NKINDS + k] .. kind_start[g * CUE_NKINDS + k + 1]):
 * a lookup of one kind visits only that kind's phrases */
static uint16_t *kind_start;

static void load_words_from(const char *text, size_t len) { deid_lists_load(words, text, len, 0); }

/* "phrase<TAB>kind TYPE [options]"; lines that do not parse are skipped
 * (a site file with a typo loses that line, not the table). */
static void load_cues_from(const char *text, size_t len)
{
    static const char *const KINDS[CUE_NKINDS] = {"label", "phrase", "id",   "date",    "phone",   "fax",
                                                  "zip",   "age",    "city", "address", "facility"};
    size_t pos = 0, kn, vn;
    const char *k, *v;
    while (ward_tsv_next(text, len, &pos, &k, &kn, &v, &vn)) {
        char val[96], *save = NULL;
        if (!kn || vn >= sizeof val) continue;
        snprintf(val, sizeof val, "%.*s", (int)vn, v);
        const char *kind = strtok_r(val, " ", &save), *type = strtok_r(NULL, " ", &save);
        cue c = {NULL, -1, type ? ward_phi_type_parse(type) : -1, 0};
        for (int i = 0; kind && i < CUE_NKINDS; i++)
            if (!strcmp(kind, KINDS[i])) c.kind = i;
        if (c.kind < 0 || c.type < 0 || ncues >= UINT16_MAX) continue;
        for (const char *o; (o = strtok_r(NULL, " ", &save));)
            c.opts |= !strcmp(o, "weak")       ? CUE_WEAK
                      : !strcmp(o, "listed")   ? CUE_LISTED
                      : !strcmp(o, "line")     ? CUE_LINE
                      : !strcmp(o, "nextline") ? CUE_NEXTLINE
                                               : 0;
        char *w = ward_xstrndup(k, kn);
        deid_lower_key(w, kn);
        c.words = w;
        if (ncues == capcues) {
            capcues = capcues ? capcues * 2 : 256;
            cues = ward_xrealloc(cues, capcues * sizeof *cues);
        }
        cues[ncues++] = c;
    }
}

static size_t first_word(const char *w)
{
    size_t n = 0;
    while (isalnum((unsigned char)w[n])) n++;
    return n;
}

/* Groups the cues by first word and marks those words W_CUE; within a
 * group, by kind (file order kept within a kind: the first of two equally
 * long matches wins). */
static void index_cues(void)
{
    cue_words = funnel_lex_new();
    cue_order = ward_xmalloc((ncues + 1) * sizeof *cue_order);
    kind_start = ward_xmalloc((ncues * CUE_NKINDS + 1) * sizeof *kind_start);
    size_t *fw = ward_xmalloc((ncues + 1) * sizeof *fw);
    uint16_t *group = ward_xmalloc((ncues + 1) * sizeof *group);   /* one group's cues, in file order */
    for (size_t i = 0; i < ncues; i++) fw[i] = first_word(cues[i].words);
    size_t k = 0, ngroups = 0;
    for (size_t i = 0; i < ncues; i++) {
        size_t n = fw[i], ng = 0;
        if (funnel_lex_flags(cue_words, cues[i].words, n)) continue;   /* group done */
        funnel_lex_add_flags(cue_words, cues[i].words, n, (uint32_t)(ngroups + 1));
        for (size_t j = i; j < ncues; j++)
            if (fw[j] == n && !strncmp(cues[j].words, cues[i].words, n)) group[ng++] = (uint16_t)j;
        for (int kind = 0; kind < CUE_NKINDS; kind++) {
            kind_start[ngroups * CUE_NKINDS + (size_t)kind] = (uint16_t)k;
            for (size_t q = 0; q < ng; q++)
                if (cues[group[q]].kind == kind) cue_order[k++] = group[q];
        }
        ngroups++;
        funnel_lex_add_flags(words, cues[i].words, n, W_CUE);
    }
    kind_start[ngroups * CUE_NKINDS] = (uint16_t)k;
    free(group);
    free(fw);
}

static void free_words(void)
{
    funnel_lex_free(words);
    funnel_lex_free(names);
    funnel_lex_free(cue_words);
    for (size_t i = 0; i < ncues; i++) free((char *)cues[i].words);
    free(cues);
    free(cue_order);
    free(kind_start);
}

/* The site's file for name (env overrides $WARD_DATA/name), if any. */
static void load_site(const char *env, const char *name, void (*load)(const char *, size_t))
{
    char path[4096];
    funnel_lex_site_path(env, name, path, sizeof path);
    if (!*path) return;
    char *data;
    size_t len;
    ward_err err;
    if (!ward_read_file(path, (size_t)64 << 20, &data, &len, &err)) {
        load(data, len);
        free(data);
    }
}

/* The word table and the name lists as the build made them from
 * data/deid_words.tsv, deid_lower.tsv, deid_names.tsv and
 * deid_names_hand.tsv (cmake/deid_lists_gen.c, with deid_lists.c): no
 * parsing, no hashing at run time. */
static void words_from_image(void)
{
    words = funnel_lex_from_image(WARD_DEID_WORDS_CAP, WARD_DEID_WORDS_SLOTS,
                                  sizeof WARD_DEID_WORDS_SLOTS / sizeof *WARD_DEID_WORDS_SLOTS, WARD_DEID_WORDS_KEYS);
    names = funnel_lex_from_image(WARD_DEID_NAMES_CAP, WARD_DEID_NAMES_SLOTS,
                                  sizeof WARD_DEID_NAMES_SLOTS / sizeof *WARD_DEID_NAMES_SLOTS, WARD_DEID_NAMES_KEYS);
    memcpy(deid_names_bloom, WARD_DEID_NAMES_BLOOM, sizeof deid_names_bloom);
}

static void build_words(void)
{
    words_from_image();
    load_site("WARD_DEID_WORDS", "deid_words.tsv", load_words_from);
    load_cues_from(WARD_DATA_DEID_CUES_TSV, sizeof WARD_DATA_DEID_CUES_TSV - 1);
    load_site("WARD_DEID_CUES", "deid_cues.tsv", load_cues_from);
    funnel_lex_fit(words);   /* what the reserves left empty: smaller tables, fewer cache misses */
    funnel_lex_fit(names);
    index_cues();
    atexit(free_words);
}

const funnel_lex *deid_words(void)
{
    pthread_once(&words_once, build_words);
    return words;
}

const funnel_lex *deid_names_table(void)
{
    deid_words();
    return names;
}

uint32_t deid_word_flags(const char *key, size_t kn)
{
    return deid_word_flags_hashed(key, kn, funnel_lex_hash(key, kn)) & ~(uint32_t)W_LOWER;
}

uint32_t deid_word_flags_hashed(const char *key, size_t kn, uint64_t h)
{
    uint32_t f = funnel_lex_flags_hashed(words, key, kn, h);
    /* a brand's word may be a name too ("Sutter", "Banner"), and so may a
     * word written in lower case ("young") */
    return (f & ~(uint32_t)(W_BRAND | W_BRANDPFX | W_TERMPFX | W_LOWER)) || !deid_bloom_may_have(h)
               ? f
               : f | funnel_lex_flags_hashed(names, key, kn, h);
}

int deid_lower_text(const char *s, size_t n)
{
    char key[40];   /* a word's first 40 bytes, as the tagger's key_hash reads them */
    size_t kn = n < sizeof key ? n : sizeof key;
    memcpy(key, s, kn);
    kn = deid_lower_key(key, kn);
    return (funnel_lex_flags(deid_words(), key, kn) & W_LOWER) != 0;
}

void deid_word_prefetch(uint64_t h)
{
    funnel_lex_prefetch(words, h);
    if (deid_bloom_may_have(h)) funnel_lex_prefetch(names, h);
}

uint16_t deid_cue_group(const char *key, size_t kn, uint64_t h)
{
    return (uint16_t)funnel_lex_flags_hashed(cue_words, key, kn, h);
}

/* s[0..n) holds a byte of a UTF-8 sequence (an accent to fold). */
static int has_high_byte(const char *s, size_t n)
{
    for (size_t q = 0; q < n; q++)
        if ((unsigned char)s[q] >= 0x80) return 1;
    return 0;
}

/* Matches the words of phrase at token i (punctuation in the phrase, as in
 * "s/n" or "co-signed", is matched token by token). Returns the token after
 * it, or 0. */
static size_t match_phrase(const deid_doc *d, size_t i, const char *ph)
{
    const char *p = ph;
    while (*p) {
        if (i >= d->n) return 0;
        size_t n = TLEN(i);
        const char *s = d->t + TK(i).a;
        char folded[48];
        if (n < sizeof folded && has_high_byte(s, n)) {
            memcpy(folded, s, n);                      /* the phrase's words are folded keys: "Tél" is "tel" */
            n = deid_lower_key(folded, n), s = folded;
        }
        if (!n || !deid_eq_nocase(s, p, n) || (isalnum((unsigned char)p[n - 1]) && isalnum((unsigned char)p[n])))
            return 0;
        p += n;
        i++;
        if (*p == ' ') {
            p++;
            if (i < d->n && !TK(i).sp) return 0;
        } else if (*p && i < d->n && TK(i).sp) {
            return 0;
        }
    }
    return i;
}

const cue *deid_cue_match(const deid_doc *d, size_t i, int kind, size_t *end)
{
    const cue *best = NULL;
    size_t best_end = 0, g = TK(i).cue - 1u;
    for (size_t q = kind_start[g * CUE_NKINDS + (size_t)kind]; q < kind_start[g * CUE_NKINDS + (size_t)kind + 1]; q++) {
        const cue *c = &cues[cue_order[q]];
        size_t e = match_phrase(d, i, c->words);
        if (e > best_end) best = c, best_end = e;
    }
    if (best) *end = best_end;
    return best;
}

/* A cue starting at most reach tokens before i, or a cue of several tokens
 * ("date of admission", "D.O.A") ending at most reach tokens before it,
 * which may start further back ("Date of admission: 19/10", "D.O.S.:
 * 25/11"; date cues only: the longer look back costs 1.5% of the rules'
 * instructions for every kind); fillers alone between. CUE_TOKENS: the
 * tokens of the longest cue it looks back for. */
#define CUE_TOKENS 6

const cue *deid_cue_before(const deid_doc *d, size_t i, int kind, int reach)
{
    size_t far = (size_t)reach + (kind == CUE_DATE ? CUE_TOKENS : 0);   /* a record's date fields */
    for (size_t back = 1; back <= far && back <= i; back++) {
        size_t s = i - back, e;
        const cue *c = deid_cue_at(d, s, kind, &e);
        if (c && (back <= (size_t)reach || (e - s > 1 && e <= i && i - e <= (size_t)reach))) {
            int ok = 1;
            for (size_t k = e; k < i && ok; k++)
                ok = (TK(k).shape & T_PUNCT) || tok_eq(d, k, "number", 6) || tok_eq(d, k, "no", 2) ||
                     tok_eq(d, k, "num", 3) || tok_eq(d, k, "is", 2) || tok_eq(d, k, "was", 3) ||
                     tok_eq(d, k, "the", 3) || tok_eq(d, k, "of", 2) || tok_eq(d, k, "id", 2) ||
                     tok_eq(d, k, "on", 2) || tok_eq(d, k, "at", 2) || tok_eq(d, k, "date", 4);
            if (ok) return c;
        }
        if (TK(s).nl) break;
    }
    return NULL;
}
