/* phrase.c — tokenizer and trie phrase matcher shared by ConText and the
 * concept extractor (see phrase_int.h for the ideas). */
#include "phrase_int.h"

#include <stdlib.h>
#include <string.h>

#define FNV_OFF 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

/* Each byte as a word hashes it: in lower case when it is part of a word
 * (a letter, a digit, a byte of a UTF-8 sequence), else 0. The tokenizer
 * reads nearly every byte of every note through this table: one load and
 * one test a byte, where the tests themselves cost three compares or more. */
#define IN_WORD(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || (c) >= 0x80)
#define FOLD(c) (IN_WORD(c) ? ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c)) : 0)
#define FOLD4(c) FOLD(c), FOLD((c) + 1), FOLD((c) + 2), FOLD((c) + 3)
#define FOLD16(c) FOLD4(c), FOLD4((c) + 4), FOLD4((c) + 8), FOLD4((c) + 12)
#define FOLD64(c) FOLD16(c), FOLD16((c) + 16), FOLD16((c) + 32), FOLD16((c) + 48)
static const unsigned char word_byte[256] = {FOLD64(0), FOLD64(64), FOLD64(128), FOLD64(192)};
#undef FOLD64
#undef FOLD16
#undef FOLD4
#undef FOLD
#undef IN_WORD

static int is_alnum8(unsigned char c) { return word_byte[c] != 0; }
static int is_alpha8(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Hash of the folded word s[0,n): lowercase, dots and apostrophes dropped
 * for words; numbers keep their dot. */
static uint64_t fold_hash(const char *s, size_t n, int number)
{
    uint64_t h = FNV_OFF;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!number && (c == '.' || c == '\'')) continue;
        h = (h ^ lower(c)) * FNV_PRIME;
    }
    return h;
}

uint64_t funnel_word_key(const char *word)
{
    return fold_hash(word, strlen(word), 0);
}

/* One step of fold_hash undone: FNV_PRIME is odd, so multiplying by its
 * inverse mod 2^64 gives back the hash before byte c (c in lower case). */
#define FNV_PRIME_INV 0xce965057aff6957bULL
static uint64_t unhash(uint64_t h, unsigned char c) { return (h * FNV_PRIME_INV) ^ c; }

/* Singular key: "polyps" -> "polyp", "allergies" -> "allergy"; else key.
 * The word's last letters are hashed last, so the singular's hash is the
 * key with them taken off (fold_hash of s[0,n-1) or s[0,n-3)), not a
 * second pass over the word. */
static uint64_t singular_key(const char *s, size_t n, uint64_t key)
{
    if (n < 5 || lower((unsigned char)s[n - 1]) != 's') return key;
    unsigned char p = lower((unsigned char)s[n - 2]);
    if (p == 's' || p == 'u' || p == 'i' || p == '\'' || p == '.') return key;
    if (n >= 5 && p == 'e' && lower((unsigned char)s[n - 3]) == 'i') {
        uint64_t h = unhash(unhash(unhash(key, 's'), 'e'), 'i');   /* fold_hash(s, n - 3, 0) */
        return (h ^ 'y') * FNV_PRIME;
    }
    return unhash(key, 's');                                        /* fold_hash(s, n - 1, 0) */
}

void funnel_toks_free(funnel_toks *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

static funnel_tok *push(funnel_toks *t)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->v = ward_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    return &t->v[t->n++];
}

/* End of a number starting at i: digits, one decimal part, thousands groups. */
static size_t scan_number(const char *s, size_t len, size_t i)
{
    while (i < len && is_digit((unsigned char)s[i])) i++;
    while (i + 3 < len && s[i] == ',' && is_digit((unsigned char)s[i + 1]) &&
           is_digit((unsigned char)s[i + 2]) && is_digit((unsigned char)s[i + 3]) &&
           (i + 4 >= len || !is_digit((unsigned char)s[i + 4])))
        i += 4;
    if (i + 1 < len && s[i] == '.' && is_digit((unsigned char)s[i + 1])) {
        i++;
        while (i < len && is_digit((unsigned char)s[i])) i++;
    }
    return i;
}

/* End of a word starting at i; folds dotted abbreviations ("b.i.d.", "q.4h."). */
static size_t scan_word(const char *s, size_t len, size_t i)
{
    size_t seg = i, dotted = 0;
    for (;;) {
        while (i < len && is_alnum8((unsigned char)s[i])) i++;
        if (i + 1 < len && s[i] == '\'' && is_alpha8((unsigned char)s[i + 1])) {
            i++;
            continue;
        }
        if (i + 1 < len && s[i] == '.' && is_alnum8((unsigned char)s[i + 1]) && i - seg <= 2) {
            size_t e = i + 1;
            while (e < len && is_alnum8((unsigned char)s[e])) e++;
            if (e - (i + 1) <= 3) {
                dotted = 1;
                seg = i + 1;
                i = e;
                continue;
            }
        }
        break;
    }
    if (dotted && i < len && s[i] == '.') i++;
    return i;
}

/* The end of the run of digits (number) or letters and digits from i, and
 * fold_hash of the run in *h: one pass over the bytes, where most tokens
 * need no other (funnel_tokenize). */
static size_t hash_run(const char *s, size_t len, size_t i, int number, uint64_t *h)
{
    uint64_t x = FNV_OFF;
    if (number) {
        for (; i < len && is_digit((unsigned char)s[i]); i++) x = (x ^ (unsigned char)s[i]) * FNV_PRIME;
        *h = x;
        return i;
    }
    for (; i < len; i++) {
        unsigned c = word_byte[(unsigned char)s[i]];
        if (!c) break;
        x = (x ^ c) * FNV_PRIME;
    }
    *h = x;
    return i;
}

/* Whether the run s[i,e) may go on past e (a thousands group or a decimal
 * part of a number; an apostrophe or a dotted abbreviation in a word):
 * only then does funnel_tokenize need the full scan. Most runs end at a
 * space, and a word's at a comma or a period before a space. */
static int run_goes_on(const char *s, size_t len, size_t e, int number)
{
    if (e + 1 >= len) return 0;
    unsigned char c = (unsigned char)s[e], next = (unsigned char)s[e + 1];
    if (number) return (c == '.' || c == ',') && is_digit(next);
    return (c == '\'' && is_alpha8(next)) || (c == '.' && is_alnum8(next));
}

void funnel_tokenize(const char *s, size_t len, funnel_toks *t)
{
    t->n = 0;
    size_t i = 0;
    int nl = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t e;
        uint8_t kind;
        uint64_t key;
        /* words first: they are most of the bytes a token starts at */
        if (is_alnum8(c)) {
            int number = is_digit(c);
            kind = number ? WARD_TOK_NUM : WARD_TOK_WORD;
            e = hash_run(s, len, i, number, &key);
            if (run_goes_on(s, len, e, number)) {
                e = number ? scan_number(s, len, i) : scan_word(s, len, i);
                key = fold_hash(s + i, e - i, number);
            }
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            if (c == '\n' && nl < 255) nl++;
            i++;
            continue;
        } else if (c == '-' && i > 0 && i + 1 < len && is_alpha8((unsigned char)s[i - 1]) &&
                   is_alpha8((unsigned char)s[i + 1])) {
            i++;   /* a hyphen between letters is a space: "gram-negative", "x-ray" */
            continue;
        } else {
            e = i + 1, kind = WARD_TOK_PUNCT;
            key = fold_hash(s + i, 1, 1);
        }
        funnel_tok *k = push(t);
        k->start = (uint32_t)i;
        k->end = (uint32_t)e;
        k->kind = kind;
        k->nl_before = (uint8_t)nl;
        k->key = key;
        k->key2 = kind == WARD_TOK_WORD ? singular_key(s + i, e - i, k->key) : k->key;
        nl = 0;
        i = e;
    }
}

int funnel_tok_is(const funnel_toks *t, size_t i, uint64_t wkey)
{
    return i < t->n && (t->v[i].key == wkey || t->v[i].key2 == wkey);
}

/* ---- the trie ---- */

typedef struct edge {
    uint64_t key;
    uint32_t parent, child;     /* child 0: empty slot (the root is never a child) */
} edge;

typedef struct val {
    uint32_t value, next;
} val;

struct funnel_phrases {
    edge *edges;
    size_t ecap, nedges;        /* ecap: power of two */
    uint32_t *first;            /* per node: first val index + 1, 0 = none */
    size_t nnodes, ncap;
    val *vals;
    size_t nvals, vcap;
    size_t nphrases;
    funnel_toks scratch;
    funnel_first_words begins;  /* the words that begin a phrase (phrase_int.h) */
};

static size_t slot_of(uint64_t key, uint32_t parent, size_t mask)
{
    uint64_t h = key ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 29;
    return (size_t)(h & mask);
}

static uint32_t child_of(const funnel_phrases *p, uint32_t parent, uint64_t key)
{
    size_t mask = p->ecap - 1;
    for (size_t i = slot_of(key, parent, mask);; i = (i + 1) & mask) {
        const edge *e = &p->edges[i];
        if (!e->child) return 0;
        if (e->key == key && e->parent == parent) return e->child;
    }
}

static void insert_edge(edge *tab, size_t cap, uint64_t key, uint32_t parent, uint32_t child)
{
    size_t mask = cap - 1;
    size_t i = slot_of(key, parent, mask);
    while (tab[i].child) i = (i + 1) & mask;
    tab[i] = (edge){key, parent, child};
}

static void grow_edges(funnel_phrases *p)
{
    size_t ncap = p->ecap ? p->ecap * 2 : 1024;
    edge *tab = ward_xcalloc(ncap, sizeof *tab);
    for (size_t i = 0; i < p->ecap; i++)
        if (p->edges[i].child) insert_edge(tab, ncap, p->edges[i].key, p->edges[i].parent, p->edges[i].child);
    free(p->edges);
    p->edges = tab;
    p->ecap = ncap;
}

static uint32_t new_node(funnel_phrases *p)
{
    if (p->nnodes == p->ncap) {
        p->ncap = p->ncap ? p->ncap * 2 : 1024;
        p->first = ward_xrealloc(p->first, p->ncap * sizeof *p->first);
    }
    p->first[p->nnodes] = 0;
    return (uint32_t)p->nnodes++;
}

funnel_phrases *funnel_phrases_new(void)
{
    funnel_phrases *p = ward_xcalloc(1, sizeof *p);
    new_node(p);   /* root */
    grow_edges(p);
    return p;
}

void funnel_phrases_free(funnel_phrases *p)
{
    if (!p) return;
    free(p->edges);
    free(p->first);
    free(p->vals);
    funnel_toks_free(&p->scratch);
    free(p);
}

size_t funnel_phrases_count(const funnel_phrases *p) { return p->nphrases; }

const funnel_first_words *funnel_phrases_first(const funnel_phrases *p) { return &p->begins; }

size_t funnel_phrases_add(funnel_phrases *p, const char *phrase, size_t len, uint32_t value)
{
    funnel_tokenize(phrase, len, &p->scratch);
    if (!p->scratch.n) return 0;
    uint32_t node = 0;
    for (size_t i = 0; i < p->scratch.n; i++) {
        uint64_t key = p->scratch.v[i].key;
        uint32_t c = child_of(p, node, key);
        if (!c) {
            if ((p->nedges + 1) * 4 > p->ecap * 3) grow_edges(p);
            c = new_node(p);
            insert_edge(p->edges, p->ecap, key, node, c);
            if (node == 0) p->begins.bit[funnel_first_bit(key) / 64] |= 1ULL << (funnel_first_bit(key) % 64);
            p->nedges++;
        }
        node = c;
    }
    for (uint32_t v = p->first[node]; v; v = p->vals[v - 1].next)
        if (p->vals[v - 1].value == value) return p->scratch.n;   /* duplicate */
    if (p->nvals == p->vcap) {
        p->vcap = p->vcap ? p->vcap * 2 : 1024;
        p->vals = ward_xrealloc(p->vals, p->vcap * sizeof *p->vals);
    }
    p->vals[p->nvals] = (val){value, p->first[node]};
    p->first[node] = (uint32_t)++p->nvals;
    p->nphrases++;
    return p->scratch.n;
}

/* The walk down the trie from token i (funnel_phrases_match past its
 * filter). Apart, so that the filter's answer for most words costs no
 * saving of the registers the walk needs. */
static __attribute__((noinline)) size_t match_walk(const funnel_phrases *p, const funnel_toks *t, size_t i,
                                                   uint32_t *vals, size_t max, size_t *nvals)
{
    uint32_t node = 0, best_node = 0;
    size_t best = 0;
    for (size_t j = i; j < t->n; j++) {
        const funnel_tok *k = &t->v[j];
        if (j > i && k->nl_before >= 2) break;
        uint32_t c = child_of(p, node, k->key);
        if (!c && k->key2 != k->key) c = child_of(p, node, k->key2);
        if (!c) break;
        node = c;
        if (p->first[node]) best = j - i + 1, best_node = node;
    }
    if (!best) return 0;   /* *nvals is 0 (funnel_phrases_match) */
    for (uint32_t v = p->first[best_node]; v && *nvals < max; v = p->vals[v - 1].next)
        vals[(*nvals)++] = p->vals[v - 1].value;
    return best;
}

size_t funnel_phrases_match(const funnel_phrases *p, const funnel_toks *t, size_t i, uint32_t *vals,
                          size_t max, size_t *nvals)
{
    *nvals = 0;
    if (i < t->n && !funnel_may_begin(&p->begins, &t->v[i])) return 0;
    return match_walk(p, t, i, vals, max, nvals);
}
