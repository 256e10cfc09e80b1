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
 */
#include "funnel/deid_int.h"
#include "data_deid_cues_tsv.h"
#include "data_deid_lower_tsv.h"
#include "data_deid_names_tsv.h"
#include "data_deid_names_hand_tsv.h"
#include "data_deid_words_tsv.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static funnel_lex *words;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

/* The name lists (data/deid_names.tsv, some 31,000 names, and the 1,700
 * written by hand in data/deid_names_hand.tsv) are a table of
 * their own behind a Bloom filter of 64 KiB: most words of a note are in
 * neither table, and the filter answers them from the cache, where the big
 * table would cost a cache miss per token. A word is in one table only
 * (the generator leaves out the words deid_words.tsv has). */
static funnel_lex *names;
#define NAMES_BLOOM_BITS (1u << 19)
static uint64_t names_bloom[NAMES_BLOOM_BITS / 64];

static void bloom_add(uint64_t h)
{
    uint32_t a = (uint32_t)h & (NAMES_BLOOM_BITS - 1), b = (uint32_t)(h >> 32) & (NAMES_BLOOM_BITS - 1);
    names_bloom[a / 64] |= 1ull << (a % 64);
    names_bloom[b / 64] |= 1ull << (b % 64);
}

static inline int bloom_may_have(uint64_t h)
{
    uint32_t a = (uint32_t)h & (NAMES_BLOOM_BITS - 1), b = (uint32_t)(h >> 32) & (NAMES_BLOOM_BITS - 1);
    return (names_bloom[a / 64] >> (a % 64) & 1) && (names_bloom[b / 64] >> (b % 64) & 1);
}

static cue *cues;            /* in file order */
static size_t ncues, capcues;
static funnel_lex *cue_words;  /* first word of a cue -> 1 + its group */
static uint16_t *cue_order;  /* cues indexes, group by group, kind by kind within a group, in file order */
/* group g, kind k: cue_order[kind_start[g * CUE_NKINDS + k] .. kind_start[g * CUE_NKINDS + k + 1]):
 * a lookup of one kind visits only that kind's phrases */
static uint16_t *kind_start;

static uint32_t letter_flags(const char *v)
{
    static const char letters[] = "FLCEKTPSAYHhM";
    uint32_t f = 0;
    for (; *v; v++) {
        const char *p = strchr(letters, *v);
        if (p) f |= 1u << (p - letters);
        if (*v == 'Q') f |= W_CITYPFX;
        if (*v == 'R') f |= W_RELATIVE;
        if (*v == 'N') f |= W_HEAD;
        if (*v == 'W') f |= W_STOP;
        if (*v == 'G') f |= W_SYLL;
        if (*v == 'D') f |= W_LHEAD;
        if (*v == 'B') f |= W_BRAND;
    }
    return f;
}

/* ASCII letters of U+00C0..U+017F (Latin-1 letters, Latin Extended-A), or
 * '?' for the two signs among them (multiplication, division). */
static const char LATIN_BASE[] = "aaaaaaaceeeeiiiidnooooo?ouuuuyts"
                                 "aaaaaaaceeeeiiiidnooooo?ouuuuyty"
                                 "aaaaaaccccccccddddeeeeeeeeeegggg"
                                 "gggghhhhiiiiiiiiiiiijjkkklllllll"
                                 "lllnnnnnnnnnoooooooorrrrrrssssss"
                                 "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Vietnamese letters of U+1EA0..U+1EF9 (Latin Extended Additional) by
 * range: the base vowel of each run. */
static char viet_base(unsigned cp)
{
    return cp <= 0x1EB7 ? 'a' : cp <= 0x1EC7 ? 'e' : cp <= 0x1ECB ? 'i' : cp <= 0x1EE3 ? 'o' : cp <= 0x1EF1 ? 'u' : 'y';
}

size_t deid_latin_letter(const char *s, size_t n, char *base)
{
    if (n < 2) return 0;
    unsigned c0 = (unsigned char)s[0], c1 = (unsigned char)s[1];
    if ((c1 & 0xC0) != 0x80) return 0;
    char b = 0;
    size_t len = 2;
    if (c0 >= 0xC3 && c0 <= 0xC5) {
        unsigned cp = ((c0 & 0x1Fu) << 6) | (c1 & 0x3Fu);
        b = LATIN_BASE[cp - 0xC0];
        if (b == '?') return 0;
    } else if (c0 == 0xC6 && (c1 == 0xA0 || c1 == 0xA1)) {
        b = 'o';                                      /* Ơ ơ */
    } else if (c0 == 0xC6 && (c1 == 0xAF || c1 == 0xB0)) {
        b = 'u';                                      /* Ư ư */
    } else if (c0 == 0xE1 && n >= 3 && (c1 == 0xBA || c1 == 0xBB) && ((unsigned char)s[2] & 0xC0) == 0x80) {
        unsigned cp = 0x1000u | ((c1 & 0x3Fu) << 6) | ((unsigned char)s[2] & 0x3Fu);
        if (cp < 0x1EA0 || cp > 0x1EF9) return 0;
        b = viet_base(cp), len = 3;
    } else {
        return 0;
    }
    if (base) *base = b;
    return len;
}

/* Lower case, with the accents of Latin letters folded ("Tomás" and
 * "Tomas", "Sjögren" and "Sjogren" are one key), so the word lists need
 * not spell every variant. The key never grows. */
size_t deid_lower_key(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x80) {   /* most bytes: no accent to fold */
            s[o++] = (char)deid_lc((unsigned char)s[i]);
            continue;
        }
        char b;
        size_t ln = deid_latin_letter(s + i, n - i, &b);
        if (ln) s[o++] = b, i += ln - 1;
        else s[o++] = (char)tolower((unsigned char)s[i]);
    }
    n = o;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return n;
}

static void load_into(funnel_lex *lx, const char *text, size_t len)
{
    size_t pos = 0, kn, vn;
    const char *k, *v;
    char key[128];
    /* a key per line at most (and the few first words of brands and
     * terms): the table grows once, not at every doubling */
    size_t lines = 1;
    for (const char *p = text, *e = text + len; (p = memchr(p, '\n', (size_t)(e - p))); p++) lines++;
    funnel_lex_reserve(lx, lines);
    while (ward_tsv_next(text, len, &pos, &k, &kn, &v, &vn)) {
        if (!kn || kn >= sizeof key) continue;
        memcpy(key, k, kn);
        kn = deid_lower_key(key, kn);
        char val[32];   /* the letters, cut as snprintf would, without its cost on 40,000 lines */
        size_t vl = vn < sizeof val - 1 ? vn : sizeof val - 1;
        memcpy(val, v, vl);
        val[vl] = 0;
        uint32_t f = letter_flags(val);
        funnel_lex_add_flags(lx, key, kn, f);
        if (lx == names) bloom_add(funnel_lex_hash(key, kn));
        /* a brand's first word marks where the brand rule looks ("kaiser" of "kaiser permanente") */
        size_t fw = 0;
        while (fw < kn && (isalnum((unsigned char)key[fw]) || (unsigned char)key[fw] >= 0x80)) fw++;
        if ((f & W_BRAND) && fw) funnel_lex_add_flags(lx, key, fw, W_BRANDPFX);
        /* ... and a clinical term's first word where deid_terms.c looks ("swan" of "swan-ganz") */
        if ((f & W_KEEP) && fw && fw < kn) funnel_lex_add_flags(lx, key, fw, W_TERMPFX);
    }
}

static void load_words_from(const char *text, size_t len) { load_into(words, text, len); }

/* The words clinical text writes in lower case (data/deid_lower.tsv, one
 * a line, '#' a comment), as W_LOWER in the word table: the tokenizer's
 * one lookup per word answers deid_lower_word too. A line is its own key
 * (letters a-z: the generator writes no other), so a word matches it when
 * its key is the line. */
static void load_lower(void)
{
    const char *t = WARD_DATA_DEID_LOWER_TSV, *end = t + sizeof WARD_DATA_DEID_LOWER_TSV - 1;
    size_t lines = 1;
    for (const char *p = t; (p = memchr(p, '\n', (size_t)(end - p))); p++) lines++;
    funnel_lex_reserve(words, lines);
    while (t < end) {
        const char *nl = memchr(t, '\n', (size_t)(end - t));
        const char *e = nl ? nl : end;
        if (e > t && *t != '#') funnel_lex_add_flags(words, t, (size_t)(e - t), W_LOWER);
        t = e + 1;
    }
}

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

static void build_words(void)
{
    words = funnel_lex_new();
    load_words_from(WARD_DATA_DEID_WORDS_TSV, sizeof WARD_DATA_DEID_WORDS_TSV - 1);
    load_lower();
    names = funnel_lex_new();
    load_into(names, WARD_DATA_DEID_NAMES_TSV, sizeof WARD_DATA_DEID_NAMES_TSV - 1);
    load_into(names, WARD_DATA_DEID_NAMES_HAND_TSV, sizeof WARD_DATA_DEID_NAMES_HAND_TSV - 1);
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

uint32_t deid_word_flags(const char *key, size_t kn)
{
    return deid_word_flags_hashed(key, kn, funnel_lex_hash(key, kn)) & ~(uint32_t)W_LOWER;
}

uint32_t deid_word_flags_hashed(const char *key, size_t kn, uint64_t h)
{
    uint32_t f = funnel_lex_flags_hashed(words, key, kn, h);
    /* a brand's word may be a name too ("Sutter", "Banner"), and so may a
     * word written in lower case ("young") */
    return (f & ~(uint32_t)(W_BRAND | W_BRANDPFX | W_TERMPFX | W_LOWER)) || !bloom_may_have(h)
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
    if (bloom_may_have(h)) funnel_lex_prefetch(names, h);
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
