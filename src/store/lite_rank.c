/* lite_rank.c — ward_bm25(), the FTS5 ranking function of Ward's searches:
 * the score of FTS5's own bm25() (same formula, same operations in the
 * same order, so the same doubles), made cheaper in two ways.
 *
 * Ideas a reader needs:
 *  - bm25() counts, once per statement, the rows holding each phrase of
 *    the query (its IDF): xQueryPhrase walks the phrase's whole doclist.
 *    A patient's search scores a dozen rows, and that walk was a third of
 *    its BM25 statement. The counts change only when the index does, so
 *    each connection keeps them, by phrase text, while the index stays the
 *    same: FTS5 rewrites its structure record (segments, pages, a write
 *    counter) whenever it writes to the index, and the row and token
 *    totals change with every row added or deleted; the three together
 *    are the cache's key.
 *  - A phrase given twice counts twice in bm25(): widen.c weighs the
 *    query's own words so. The query can instead name each phrase once
 *    (each doclist is then walked once, not twice) and give the order of
 *    the phrases of the expression it replaces: ward_bm25 sums the same
 *    terms in that order.
 *  - Each matching row's length in tokens is read from chunks_fts_docsize
 *    with a blob handle moved from row to row (row_size), not by FTS5's
 *    xColumnSize, which runs a statement per row: that was half of an
 *    unfiltered search. WARD_RANK_CACHE=0 turns the kept counts off (every
 *    statement counts, as bm25() does: bench/ingest.sh's judged run).
 *  - ward_bm25(fts, expr, order, structure): expr the MATCH expression,
 *    read for the phrases' texts when it is Ward's own form (quoted phrases
 *    joined by OR: store_phrase_next; any other, and nothing is cached);
 *    order a blob of int32, the phrase index of each term of the sum (NULL:
 *    each phrase once, in order); structure the index's structure record,
 *    (SELECT block FROM chunks_fts_data WHERE id = 10), read by the
 *    statement once. Like bm25(), it returns minus the score.
 */
#include "store_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#define RANK_SLOTS 512     /* phrase counts a connection keeps */
#define RANK_K1 1.2        /* FTS5's bm25() constants */
#define RANK_B 0.75

typedef struct rank_slot {
    char *phrase;
    sqlite3_int64 rows;    /* rows holding the phrase */
} rank_slot;

/* One connection's phrase counts, and the state of the index they are of. */
typedef struct rank_cache {
    sqlite3 *db;           /* the connection: its rows' sizes are read directly */
    int keep;              /* phrase counts kept between statements (WARD_RANK_CACHE) */
    unsigned char *key;
    int nkey;
    rank_slot slot[RANK_SLOTS];
} rank_cache;

/* One statement's: what every row's score needs. */
typedef struct rank_query {
    int nphrase, norder;
    double avgdl;
    double *idf;     /* [nphrase] */
    int *order;      /* [norder] */
    double *freq;    /* [nphrase], per row */
    sqlite3_blob *sz;   /* chunks_fts_docsize.sz, moved from row to row */
    int sz_off;         /* the blob failed: xColumnSize from then on */
} rank_query;

static void cache_clear(rank_cache *c)
{
    for (int i = 0; i < RANK_SLOTS; i++) {
        free(c->slot[i].phrase);
        c->slot[i].phrase = NULL;
    }
}

static void cache_free(void *p)
{
    rank_cache *c = p;
    if (!c) return;
    cache_clear(c);
    free(c->key);
    free(c);
}

/* Whether the cache is of this index state (the structure record and the
 * totals); if not, it is emptied and becomes so. */
static void cache_check(rank_cache *c, const void *st, int nst, sqlite3_int64 rows, sqlite3_int64 tokens)
{
    int n = nst + 2 * (int)sizeof rows;
    unsigned char *k = malloc((size_t)n);
    if (!k) return;
    memcpy(k, st, (size_t)nst);
    memcpy(k + nst, &rows, sizeof rows);
    memcpy(k + nst + sizeof rows, &tokens, sizeof tokens);
    if (c->key && c->nkey == n && !memcmp(c->key, k, (size_t)n)) {
        free(k);
        return;
    }
    cache_clear(c);
    free(c->key);
    c->key = k;
    c->nkey = n;
}

static unsigned hash(const char *s, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ud)
{
    (void)api, (void)fts;
    (*(sqlite3_int64 *)ud)++;
    return SQLITE_OK;
}

/* The rows holding phrase i (text s[0,n), or NULL: unknown): from the
 * cache, or counted and kept. */
static int phrase_rows(const Fts5ExtensionApi *api, Fts5Context *fts, rank_cache *c, int i, const char *s,
                       size_t n, sqlite3_int64 *rows)
{
    rank_slot *slot = s && c ? &c->slot[hash(s, n) % RANK_SLOTS] : NULL;
    if (slot && slot->phrase && strlen(slot->phrase) == n && !memcmp(slot->phrase, s, n)) {
        *rows = slot->rows;
        return SQLITE_OK;
    }
    *rows = 0;
    int rc = api->xQueryPhrase(fts, i, rows, count_row);
    if (rc == SQLITE_OK && slot) {
        char *copy = malloc(n + 1);
        if (copy) {
            memcpy(copy, s, n);
            copy[n] = 0;
            free(slot->phrase);
            slot->phrase = copy;
            slot->rows = *rows;
        }
    }
    return rc;
}

static void query_free(void *p)
{
    rank_query *q = p;
    if (!q) return;
    sqlite3_blob_close(q->sz);
    free(q->idf), free(q->order), free(q->freq);
    free(q);
}

/* The phrases' IDF as bm25() computes it, the average row length, and
 * the order of the sum: once per statement. */
static int query_new(const Fts5ExtensionApi *api, Fts5Context *fts, rank_cache *c, sqlite3_value **v,
                     rank_query **out)
{
    *out = NULL;
    rank_query *q = calloc(1, sizeof *q);
    if (!q) return SQLITE_NOMEM;
    q->nphrase = api->xPhraseCount(fts);
    q->sz_off = api->xColumnCount(fts) != 1;
    int nblob = sqlite3_value_bytes(v[1]);
    const void *blob = sqlite3_value_blob(v[1]);
    q->norder = blob ? nblob / (int)sizeof(int) : q->nphrase;
    q->idf = malloc(sizeof *q->idf * (size_t)(q->nphrase + 1));
    q->freq = malloc(sizeof *q->freq * (size_t)(q->nphrase + 1));
    q->order = malloc(sizeof *q->order * (size_t)(q->norder + 1));
    if (!q->idf || !q->freq || !q->order) {
        query_free(q);
        return SQLITE_NOMEM;
    }
    for (int i = 0; i < q->norder; i++) {
        if (blob) memcpy(&q->order[i], (const char *)blob + i * sizeof(int), sizeof(int));
        else q->order[i] = i;
        if (q->order[i] < 0 || q->order[i] >= q->nphrase) {
            query_free(q);
            return SQLITE_MISMATCH;
        }
    }
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc == SQLITE_OK) q->avgdl = (double)tokens / (double)rows;
    /* The phrases' texts, when expr has Ward's form and names them all. */
    const char *expr = (const char *)sqlite3_value_text(v[0]);
    const char *p = expr, *s;
    size_t n;
    int named = 0;
    while (expr && store_phrase_next(&p, &s, &n)) named++;
    const void *st = sqlite3_value_blob(v[2]);
    if (!c->keep || named != q->nphrase || !st) c = NULL;
    else cache_check(c, st, sqlite3_value_bytes(v[2]), rows, tokens);
    p = expr;
    for (int i = 0; rc == SQLITE_OK && i < q->nphrase; i++) {
        if (!c || !store_phrase_next(&p, &s, &n)) s = NULL, n = 0;
        sqlite3_int64 hits;
        rc = phrase_rows(api, fts, c, i, s, n, &hits);
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (rc != SQLITE_OK) query_free(q);
    else *out = q;
    return rc;
}

/* The row's size in tokens, as xColumnSize(fts, -1) gives it: FTS5 reads
 * it from the %_docsize table with a statement per row (bind, step,
 * reset: half of a search's instructions); a blob handle moved from row
 * to row (sqlite3_blob_reopen) reads the same record for about a third
 * of that. ward_bm25 ranks chunks_fts alone (search_q.c), whose docsize
 * table is chunks_fts_docsize and whose one column's size is the record's
 * one varint. Anything unexpected, and xColumnSize answers instead. */
static int row_size(const Fts5ExtensionApi *api, Fts5Context *fts, rank_query *q, sqlite3 *db, int *ntok)
{
    if (!q->sz_off) {
        sqlite3_int64 id = api->xRowid(fts);
        int rc = q->sz ? sqlite3_blob_reopen(q->sz, id)
                       : sqlite3_blob_open(db, "main", "chunks_fts_docsize", "sz", id, 0, &q->sz);
        unsigned char b[9];
        int n = rc == SQLITE_OK ? sqlite3_blob_bytes(q->sz) : 0;
        if (n > 0 && n <= (int)sizeof b && sqlite3_blob_read(q->sz, b, n, 0) == SQLITE_OK) {
            sqlite3_uint64 v = 0;   /* a SQLite varint: 7 bits a byte, high bit "more"; 9th byte whole */
            int i = 0;
            for (; i < n && i < 8; i++) {
                v = (v << 7) | (b[i] & 0x7f);
                if (!(b[i] & 0x80)) break;
            }
            if (i == 8 && n == 9) v = (v << 8) | b[8], i = 8;
            if (i == n - 1 && v <= 0x7fffffff) {
                *ntok = (int)v;
                return SQLITE_OK;
            }
        }
        sqlite3_blob_close(q->sz);
        q->sz = NULL;
        q->sz_off = 1;
    }
    return api->xColumnSize(fts, -1, ntok);
}

static void fn_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx, int nv, sqlite3_value **v)
{
    if (nv != 3) {
        sqlite3_result_error(cx, "ward_bm25(fts, expr, order, structure)", -1);
        return;
    }
    rank_query *q = api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (!q) {
        rc = query_new(api, fts, api->xUserData(fts), v, &q);
        if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, q, query_free);
    }
    for (int i = 0; rc == SQLITE_OK && i < q->nphrase; i++) {
        Fts5PhraseIter it;
        int col, off, k = 0;
        rc = api->xPhraseFirst(fts, i, &it, &col, &off);
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &it, &col, &off)) k++;
        q->freq[i] = k;
    }
    int ntok = 0;
    if (rc == SQLITE_OK) rc = row_size(api, fts, q, ((rank_cache *)api->xUserData(fts))->db, &ntok);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(cx, rc);
        return;
    }
    double d = ntok, score = 0.0;
    for (int j = 0; j < q->norder; j++) {
        double f = q->freq[q->order[j]];
        score += q->idf[q->order[j]] * ((f * (RANK_K1 + 1.0)) / (f + RANK_K1 * (1 - RANK_B + RANK_B * d / q->avgdl)));
    }
    sqlite3_result_double(cx, -1.0 * score);
}

int lite_fts5_api(sqlite3 *db, fts5_api **out)
{
    fts5_api *api = NULL;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
        sqlite3_step(s);
        rc = sqlite3_finalize(s);
    }
    if (rc != SQLITE_OK || !api || api->iVersion < 2) return rc != SQLITE_OK ? rc : SQLITE_ERROR;
    *out = api;
    return SQLITE_OK;
}

int lite_rank_register(sqlite3 *db)
{
    fts5_api *api;
    int rc = lite_fts5_api(db, &api);
    if (rc != SQLITE_OK) return rc;
    /* WARD_RANK_CACHE=0: every statement counts its phrases, as bm25()
     * does (bench/ingest.sh compares Ward with the sqlite3 shell so). */
    const char *off = getenv("WARD_RANK_CACHE");
    rank_cache *c = calloc(1, sizeof *c);
    if (!c) return SQLITE_NOMEM;
    c->db = db;
    c->keep = !(off && !strcmp(off, "0"));
    return api->xCreateFunction(api, "ward_bm25", c, fn_bm25, cache_free);
}
