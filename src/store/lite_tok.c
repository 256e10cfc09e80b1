/* lite_tok.c — the full-text index's tokenizing, done ahead on ingest's
 * worker threads and replayed by the writer.
 *
 * Ideas a reader needs:
 *  - chunks_fts tokenizes with 'porter unicode61 remove_diacritics 2'
 *    (schema.sql). Turning a chunk's text into terms is a tenth of a notes
 *    ingest's writer, and depends on nothing but the text, so `ward ingest
 *    --jobs N` (N >= 3, where the writer is the bound) does it on the
 *    workers (lite_tok_document, on their own read-only connections), and
 *    hands the terms to the writer with the chunk (ward_chunk.fts_terms).
 *  - On every connection Ward opens, "porter" is this file's tokenizer,
 *    registered over FTS5's own (FTS5 finds the latest one registered by a
 *    name; other processes, the sqlite3 shell, keep FTS5's): the same
 *    tokenizer, which for a document's text equal byte for byte to the one
 *    a chunk brought terms for gives those terms instead of making them.
 *    Terms are a function of the text alone, so the index is the same
 *    either way; anything else (queries, snippets, another text, other
 *    tokenizer arguments) goes to FTS5's tokenizer as before.
 *  - The writer queues each chunk's text and terms as it stores the chunk
 *    (lite_tok_queue); the index is made before the COMMIT in chunk id
 *    order (lite_flush), which is the order they were stored in, so each
 *    text is met at the head of the queue. One that is not (a chunk another
 *    tool added, a store failure) is tokenized by FTS5 and the head waits.
 *    The queue empties at each flush.
 *  - The writer (and a worker) makes the terms of an ASCII text itself, the
 *    same terms with 30% fewer instructions (ascii_terms; most of what is
 *    left is FTS5 filing each term): unicode61's tokens there are the runs
 *    of letters and digits folded to lower case, and porter's term for a
 *    token depends on the token alone, so FTS5's porter is asked once per
 *    distinct token and its answer remembered (stem_memo).
 */
#include "store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* The arguments the workers tokenize with: those schema.sql gives "porter"
 * in chunks_fts. An index made with others tokenizes for itself. */
static const char *const tok_args[] = {"unicode61", "remove_diacritics", "2"};
#define TOK_NARGS 3
/* A queue larger than this takes no more (a transaction's worth is a few MB). */
#define QUEUE_MAX_BYTES (96u << 20)

/* The remembered stems: at most STEM_MAX tokens (then the memo starts
 * over) in STEM_SLOTS slots (a power of two, twice STEM_MAX: short probe
 * runs), each of at most STEM_TOKEN_MAX bytes; a longer token is asked of
 * porter every time. */
#define STEM_SLOTS 65536u
#define STEM_MAX 32768u
#define STEM_TOKEN_MAX 64

typedef int (*tok_fn)(void *, int, const char *, int, int, int);

typedef struct stem_slot {
    uint32_t hash, at;           /* at: the token then its stem, in stem_memo.data */
    uint16_t len, stem_len;      /* len 0: an empty slot */
} stem_slot;

typedef struct stem_memo {
    stem_slot *slot;             /* STEM_SLOTS of them, made at first use */
    size_t n;
    ward_buf data;
} stem_memo;

typedef struct tok_entry {
    size_t text, text_len, terms, terms_len;   /* offsets in lite_tok.data */
} tok_entry;

struct lite_tok {
    fts5_tokenizer fts5;     /* FTS5's own porter tokenizer */
    void *fts5_ctx;
    Fts5Tokenizer *mine;     /* an instance with tok_args, for lite_tok_document */
    int mine_failed;
    tok_entry *q;
    size_t n, head, cap;
    ward_buf data;
    stem_memo memo;
    unsigned char fold[256];  /* a byte folded, 0 for a separator (fold_init) */
};

/* An instance of the tokenizer "porter" as registered here. */
typedef struct tok_inst {
    struct lite_tok *t;
    Fts5Tokenizer *fts5;
    int replay;              /* made with tok_args: terms may be replayed, or
                                made here (document_terms) */
} tok_inst;

/* ---- the terms, as bytes: for each, its flags, start, length in the
 * text, and the term itself (length, bytes), numbers as varints ---- */

static void put_uv(ward_buf *b, uint64_t v)
{
    unsigned char c[10];
    int n = 0;
    do {
        c[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    ward_buf_append(b, (const char *)c, (size_t)n);
}

static int get_uv(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char c = *(*p)++;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return 1;
    }
    return 0;
}

static int keep_term(void *ctx, int tflags, const char *term, int n, int start, int end)
{
    ward_buf *b = ctx;
    put_uv(b, (uint64_t)tflags);
    put_uv(b, (uint64_t)start);
    put_uv(b, (uint64_t)(end - start));
    put_uv(b, (uint64_t)n);
    ward_buf_append(b, term, (size_t)n);
    return SQLITE_OK;
}

/* Gives xToken the terms kept in [p, end); SQLITE_CORRUPT when they do not
 * decode (never made here). */
static int replay(const unsigned char *p, const unsigned char *end, void *ctx,
                  int (*xToken)(void *, int, const char *, int, int, int))
{
    while (p < end) {
        uint64_t fl, start, len, n;
        if (!get_uv(&p, end, &fl) || !get_uv(&p, end, &start) || !get_uv(&p, end, &len) ||
            !get_uv(&p, end, &n) || n > (uint64_t)(end - p))
            return SQLITE_CORRUPT;
        int rc = xToken(ctx, (int)fl, (const char *)p, (int)n, (int)start, (int)(start + len));
        if (rc != SQLITE_OK) return rc;
        p += n;
    }
    return SQLITE_OK;
}

/* ---- the terms of an ASCII text, made here ----
 *
 * In ASCII, unicode61's token characters are the letters and digits (the
 * others' Unicode categories are none of its L*, N*, Co), folded to lower
 * case; remove_diacritics has nothing to remove. FTS5's porter then gives
 * each token a term that depends on the token alone: asked with the folded
 * token as the whole text (which unicode61 gives back as the one token it
 * is), it gives that term, here sent on with the token's place in the
 * text. A text with any other byte is FTS5's to tokenize. */

static int is_ascii(const char *text, int n)
{
    uint64_t any = 0, w;
    int i = 0;
    for (; i + 8 <= n; i += 8) {   /* eight bytes at a time */
        memcpy(&w, text + i, sizeof w);
        any |= w;
    }
    for (; i < n; i++) any |= (unsigned char)text[i];
    return !(any & 0x8080808080808080ull);
}

/* fold[c]: the folded token character c is, 0 for a separator. */
static void fold_init(unsigned char fold[256])
{
    for (int c = 0; c < 256; c++)
        fold[c] = c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32)
                  : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? (unsigned char)c : 0;
}

/* What porter is asked for one token: the caller's xToken and the token's
 * place in the text, and the term porter gave (kept when it fits). */
typedef struct stem_ask {
    void *ctx;
    tok_fn xToken;
    int start, end;
    int terms, flags, len;
    char term[STEM_TOKEN_MAX];
} stem_ask;

static int stem_sent(void *p, int tflags, const char *term, int n, int start, int end)
{
    stem_ask *a = p;
    (void)start, (void)end;
    if (a->terms++ == 0 && n >= 0 && n <= STEM_TOKEN_MAX) {
        memcpy(a->term, term, (size_t)n);
        a->len = n, a->flags = tflags;
    }
    return a->xToken(a->ctx, tflags, term, n, a->start, a->end);
}

static inline stem_slot *memo_slot(stem_memo *m, const char *tok, int len, uint32_t hash)
{
    for (uint32_t i = hash;; i++) {
        stem_slot *sl = &m->slot[i & (STEM_SLOTS - 1)];
        if (!sl->len || (sl->hash == hash && sl->len == len && !memcmp(m->data.data + sl->at, tok, (size_t)len)))
            return sl;
    }
}

/* Remembers a token's one term, unflagged: what porter gave for it. */
static void memo_keep(stem_memo *m, stem_slot *sl, const char *tok, int len, uint32_t hash, const stem_ask *a)
{
    if (a->terms != 1 || a->flags || a->len == 0) return;
    if (m->n >= STEM_MAX) {   /* full: start over (sl is no longer free) */
        memset(m->slot, 0, STEM_SLOTS * sizeof *m->slot);
        ward_buf_reset(&m->data);
        m->n = 0;
        sl = memo_slot(m, tok, len, hash);
    }
    sl->hash = hash;
    sl->at = (uint32_t)m->data.len;
    sl->len = (uint16_t)len;
    sl->stem_len = (uint16_t)a->len;
    ward_buf_append(&m->data, tok, (size_t)len);
    ward_buf_append(&m->data, a->term, (size_t)a->len);
    m->n++;
}

/* The term of the folded token tok (len bytes, at [start, end) in the
 * text) to xToken: remembered, or asked of porter and remembered. */
static int token_term(stem_memo *m, const fts5_tokenizer *fts5, Fts5Tokenizer *porter, const char *tok, int len,
                      uint32_t hash, int start, int end, void *ctx, tok_fn xToken)
{
    stem_slot *sl = len <= STEM_TOKEN_MAX ? memo_slot(m, tok, len, hash) : NULL;
    if (sl && sl->len) return xToken(ctx, 0, m->data.data + sl->at + sl->len, sl->stem_len, start, end);
    stem_ask a = {.ctx = ctx, .xToken = xToken, .start = start, .end = end};
    int rc = fts5->xTokenize(porter, &a, FTS5_TOKENIZE_DOCUMENT, tok, len, stem_sent);
    if (rc == SQLITE_OK && sl) memo_keep(m, sl, tok, len, hash, &a);
    return rc;
}

static int ascii_terms(struct lite_tok *t, Fts5Tokenizer *porter, void *ctx, const char *text, int n, tok_fn xToken)
{
    stem_memo *m = &t->memo;
    if (!m->slot && !(m->slot = calloc(STEM_SLOTS, sizeof *m->slot)))
        return t->fts5.xTokenize(porter, ctx, FTS5_TOKENIZE_DOCUMENT, text, n, xToken);
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *fold = t->fold;
    char small[STEM_TOKEN_MAX];
    for (int i = 0; i < n;) {
        unsigned char c = fold[s[i]];
        if (!c) {
            i++;
            continue;
        }
        /* the token folded into small (its first STEM_TOKEN_MAX bytes), and
         * its FNV-1a hash */
        int start = i, len = 0;
        uint32_t hash = 2166136261u;
        do {
            if (len < STEM_TOKEN_MAX) small[len] = (char)c;
            len++;
            hash = (hash ^ c) * 16777619u;
        } while (++i < n && (c = fold[s[i]]));
        char *tok = small;
        if (len > STEM_TOKEN_MAX) {   /* rare: folded again whole */
            if (!(tok = malloc((size_t)len))) return SQLITE_NOMEM;
            for (int k = 0; k < len; k++) tok[k] = (char)fold[s[start + k]];
        }
        int rc = token_term(m, &t->fts5, porter, tok, len, hash, start, i, ctx, xToken);
        if (tok != small) free(tok);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

/* A document's terms with porter (an instance made with tok_args). */
static int document_terms(struct lite_tok *t, Fts5Tokenizer *porter, void *ctx, const char *text, int n,
                          tok_fn xToken)
{
    if (is_ascii(text, n)) return ascii_terms(t, porter, ctx, text, n, xToken);
    return t->fts5.xTokenize(porter, ctx, FTS5_TOKENIZE_DOCUMENT, text, n, xToken);
}

/* ---- the tokenizer "porter" ---- */

static int inst_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
    struct lite_tok *t = ctx;
    tok_inst *in = calloc(1, sizeof *in);
    if (!in) return SQLITE_NOMEM;
    in->t = t;
    int rc = t->fts5.xCreate(t->fts5_ctx, args, nargs, &in->fts5);
    if (rc != SQLITE_OK) {
        free(in);
        return rc;
    }
    in->replay = nargs == TOK_NARGS;
    for (int i = 0; in->replay && i < nargs; i++) in->replay = !strcmp(args[i], tok_args[i]);
    *out = (Fts5Tokenizer *)in;
    return SQLITE_OK;
}

static void inst_delete(Fts5Tokenizer *p)
{
    tok_inst *in = (tok_inst *)p;
    in->t->fts5.xDelete(in->fts5);
    free(in);
}

static int inst_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    tok_inst *in = (tok_inst *)p;
    struct lite_tok *t = in->t;
    if (in->replay && flags == FTS5_TOKENIZE_DOCUMENT && t->head < t->n && n >= 0) {
        const tok_entry *e = &t->q[t->head];
        if (e->text_len == (size_t)n && !memcmp(t->data.data + e->text, text, (size_t)n)) {
            t->head++;
            const unsigned char *q = (const unsigned char *)t->data.data + e->terms;
            return replay(q, q + e->terms_len, ctx, xToken);
        }
    }
    if (in->replay && flags == FTS5_TOKENIZE_DOCUMENT && n >= 0)
        return document_terms(t, in->fts5, ctx, text, n, xToken);
    return t->fts5.xTokenize(in->fts5, ctx, flags, text, n, xToken);
}

static void tok_destroy(void *ctx)
{
    struct lite_tok *t = ctx;
    if (t->mine) t->fts5.xDelete(t->mine);
    free(t->q);
    ward_buf_free(&t->data);
    free(t->memo.slot);
    ward_buf_free(&t->memo.data);
    free(t);
}

int lite_tok_register(ward_store *st, sqlite3 *db)
{
    fts5_api *api;
    int rc = lite_fts5_api(db, &api);
    if (rc != SQLITE_OK) return rc;
    struct lite_tok *t = calloc(1, sizeof *t);
    if (!t) return SQLITE_NOMEM;
    ward_buf_init(&t->data);
    ward_buf_init(&t->memo.data);
    fold_init(t->fold);
    if ((rc = api->xFindTokenizer(api, "porter", &t->fts5_ctx, &t->fts5)) != SQLITE_OK) {
        free(t);
        return rc;
    }
    fts5_tokenizer mine = {inst_create, inst_delete, inst_tokenize};
    /* The connection owns t from here: tok_destroy runs when it closes. */
    if ((rc = api->xCreateTokenizer(api, "porter", t, &mine, tok_destroy)) != SQLITE_OK) return rc;
    st->tok = t;
    return SQLITE_OK;
}

void lite_tok_queue(ward_store *st, const char *text, size_t len, const char *terms, size_t terms_len)
{
    struct lite_tok *t = st->tok;
    if (!t || t->data.len + len + terms_len > QUEUE_MAX_BYTES) return;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->q = ward_xrealloc(t->q, t->cap * sizeof *t->q);
    }
    tok_entry *e = &t->q[t->n++];
    e->text = t->data.len;
    e->text_len = len;
    ward_buf_append(&t->data, text, len);
    e->terms = t->data.len;
    e->terms_len = terms_len;
    ward_buf_append(&t->data, terms, terms_len);
}

void lite_tok_clear(ward_store *st)
{
    struct lite_tok *t = st->tok;
    if (!t) return;
    t->n = t->head = 0;
    /* A large transaction's buffer is not kept for the next. */
    if (t->data.cap > (8u << 20)) ward_buf_free(&t->data);
    ward_buf_reset(&t->data);
}

int lite_tok_document(ward_store *st, const char *text, size_t len, ward_buf *out)
{
    struct lite_tok *t = st->tok;
    if (!t || t->mine_failed || len > (size_t)0x7fffffff) return WARD_EUSAGE;
    if (!t->mine && t->fts5.xCreate(t->fts5_ctx, (const char **)tok_args, TOK_NARGS, &t->mine) != SQLITE_OK) {
        t->mine = NULL;
        t->mine_failed = 1;
        return WARD_EUSAGE;
    }
    size_t before = out->len;
    if (document_terms(t, t->mine, out, text, (int)len, keep_term) != SQLITE_OK) {
        out->len = before;
        return WARD_EUSAGE;
    }
    return WARD_OK;
}
