/* search_q.c — the queries behind search: BM25 over FTS5, chunk rows, and
 * the vector candidates under the search filters.
 *
 * Ideas a reader needs:
 *  - Filters are clauses on the chunk row `c` with fixed parameter numbers
 *    (?2 patient, ?3 kind, ?4 since, ?5 until, ?7 the patient scope as a
 *    JSON array, ?8 literature), written by one function (store_filter_sql) with
 *    only the clauses a search has, so the BM25 and the vector paths apply
 *    exactly the same filters, inside SQL, before ranking, and each clause
 *    can use an index. A filter that carries its chunk ids (a patient's:
 *    ward_search fetches them once per search) is tested by those instead,
 *    bound as ?9, a blob of ascending int64 (ward_in_ids, lite.c), and
 *    the full-text search runs over the few ranges of ids they fall in
 *    (search_ids), not over every match in the store.
 *  - BM25 runs in two stages: rank and filter first, then fetch text and
 *    snippets for the winners only (SQLite would otherwise build a snippet
 *    for every match before sorting), in one pass over the winners' ids
 *    (search_top). Without filters the ranking touches only the FTS
 *    index, as the sqlite3 shell's own query does. The limit
 *    goes into the SQL as a literal: bound as a parameter, it defeats
 *    SQLite's top-k plan and each search rereads hundreds of pages.
 *  - On SQLite the score is ward_bm25() (lite_rank.c): bm25()'s very
 *    doubles, with the phrases' row counts kept between searches, and a
 *    phrase the expression repeats (widen.c weighs the query's own words
 *    so) searched once and counted as often as it was given.
 */
#include "store_int.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Which filters a search has; the SQL of a filtered query is built once
 * per combination, with only those clauses, so each is a plain predicate
 * SQLite can use an index for (a clause like "(?2 IS NULL OR patient_id =
 * ?2)" cannot be, and made every patient's search scan every chunk). */
enum {
    F_PATIENT = 1,     /* c.patient_id = ?2 */
    F_LITERATURE = 2,  /* patient_id "": c.patient_id IS NULL */
    F_KIND = 4,        /* ?3 */
    F_SINCE = 8,       /* ?4 */
    F_UNTIL = 16,      /* ?5 */
    F_SCOPE = 32,      /* ?7 (JSON array of patient ids), ?8 (literature too) */
    F_COMBOS = 64
};

static int filter_mask(const ward_store_filter *f)
{
    if (!f) return 0;
    return (f->patient_id ? (*f->patient_id ? F_PATIENT : F_LITERATURE) : 0) | (f->kind ? F_KIND : 0) |
           (f->since ? F_SINCE : 0) | (f->until ? F_UNTIL : 0) | (f->patients ? F_SCOPE : 0);
}

void store_filter_sql(ward_buf *b, int mask)
{
    if (mask & F_PATIENT) ward_buf_puts(b, " AND c.patient_id = ?2");
    if (mask & F_LITERATURE) ward_buf_puts(b, " AND c.patient_id IS NULL");
    if (mask & F_KIND) ward_buf_puts(b, " AND c.kind = ?3");
    if (mask & F_SINCE) ward_buf_puts(b, " AND c.date >= ?4");
    if (mask & F_UNTIL) ward_buf_puts(b, " AND c.date <= ?5 || 'T99'");
    if (mask & F_SCOPE)
        ward_buf_puts(b, " AND (c.patient_id IN (SELECT value FROM json_each(?7)) OR (?8 = 1 AND c.patient_id IS NULL))");
}

void store_filter_patient_sql(ward_buf *b, int mask, const char *alias)
{
    if (mask & F_PATIENT) ward_buf_printf(b, " AND %s.patient_id = ?2", alias);
    if (mask & F_LITERATURE) ward_buf_printf(b, " AND %s.patient_id IS NULL", alias);
}

/* The SQL "head <filters> tail" for this mask, made once per process and
 * kept: its address is the statement cache's key (store_cached). */
typedef struct filtered_sql {
    pthread_mutex_t mu;
    char *by_mask[F_COMBOS];
} filtered_sql;

static const char *sql_for(filtered_sql *c, int mask, const char *head, const char *tail)
{
    pthread_mutex_lock(&c->mu);
    if (!c->by_mask[mask]) {
        ward_buf b;
        ward_buf_init(&b);
        ward_buf_puts(&b, head);
        store_filter_sql(&b, mask);
        ward_buf_puts(&b, tail);
        c->by_mask[mask] = ward_buf_steal(&b);
    }
    const char *sql = c->by_mask[mask];
    pthread_mutex_unlock(&c->mu);
    return sql;
}

int ward_store_filter_active(const ward_store_filter *f)
{
    return f && (f->patient_id || f->kind || f->since || f->until || f->patients);
}

/* Binds the filter's values; a number the statement lacks is skipped. */
static void bind_filter(store_stmt *s, const ward_store_filter *f)
{
    if (!f) return;
    store_bind_text(s, 2, f->patient_id);
    store_bind_text(s, 3, f->kind);
    store_bind_text(s, 4, f->since);
    store_bind_text(s, 5, f->until);
    if (f->patients) {
        ward_buf scope;
        ward_buf_init(&scope);
        ward_buf_putc(&scope, '[');
        for (size_t i = 0; i < f->n_patients; i++) {
            if (i) ward_buf_putc(&scope, ',');
            ward_buf_json_str(&scope, f->patients[i], strlen(f->patients[i]));
        }
        ward_buf_putc(&scope, ']');
        store_bind_textn(s, 7, scope.data, (int)scope.len);
        ward_buf_free(&scope);
    }
    store_bind_int64(s, 8, f->literature != 0);
}

/* A stable copy of sql, the same pointer for the same text, so a query
 * built at run time (the BM25 limit is a literal) can be a cached
 * statement; NULL past INTERNED distinct texts (then prepare it each time: the
 * store keeps 128 statements, and every other query needs its place). */
#define INTERNED 8
static const char *intern(const char *sql)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char *texts[INTERNED];
    static int n;
    const char *found = NULL;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < n && !found; i++)
        if (!strcmp(texts[i], sql)) found = texts[i];
    if (!found && n < INTERNED) found = texts[n++] = ward_xstrdup(sql);
    pthread_mutex_unlock(&mu);
    return found;
}

static const char *col(store_stmt *s, int i)
{
    return store_text(s, i);
}

/* Phrases start at the expression's start or after " OR ", so a quote
 * right after a phrase's closing one (FTS5's escaped quote) is another form. */
int store_phrase_next(const char **p, const char **s, size_t *n)
{
    const char *q = *p;
    if (!q || !*q) return 0;
    if (!strncmp(q, " OR \"", 5)) q += 4;
    const char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
    if (!end || end == q + 1 || end[1] == '"') {
        *p = NULL;
        return 0;
    }
    *s = q + 1;
    *n = (size_t)(end - q - 1);
    *p = end + 1;
    return 1;
}

/* fts with each phrase once, into once, and into order (int32 each) the
 * index among those of each phrase of fts, in fts's order: ward_bm25 then
 * sums what bm25() sums for fts, and FTS5 walks each doclist once, not
 * once per repeat (widen.c repeats the query's own words). 0 when fts is
 * not of Ward's form, or has more than PHRASES distinct phrases: then it
 * is searched as it is. */
#define PHRASES 256
static int phrases_once(const char *fts, ward_buf *once, ward_buf *order)
{
    const char *p = fts, *s, *kept[PHRASES];
    size_t n, klen[PHRASES];
    int nkept = 0;
    while (store_phrase_next(&p, &s, &n)) {
        int i = 0;
        while (i < nkept && !(klen[i] == n && !memcmp(kept[i], s, n))) i++;
        if (i == nkept) {
            if (nkept == PHRASES) return 0;
            kept[nkept] = s, klen[nkept++] = n;
            ward_buf_printf(once, "%s\"%.*s\"", i ? " OR " : "", (int)n, s);
        }
        int32_t k = i;
        ward_buf_append(order, (const char *)&k, sizeof k);
    }
    return p && nkept;
}

/* The score: what bm25(chunks_fts) gives for the expression ?1 stands for
 * (lite_rank.c); ?10 the order of its sum. The one-stage queries sort by
 * their column 3, -RANK ("ORDER BY 3 DESC"), so each row is scored once. */
#define RANK "ward_bm25(chunks_fts, ?1, ?10, (SELECT block FROM chunks_fts_data WHERE id = 10))"

/* The rows of a statement, to fn until it asks to stop. */
static int each_row(ward_store *st, store_stmt *s, ward_search_row_fn fn, void *ud, ward_err *err)
{
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        ward_search_row r = {
            .chunk_id = store_int64(s, 0), .document_id = store_int64(s, 1),
            .score = store_double(s, 2), .title = col(s, 3), .kind = col(s, 4), .date = col(s, 5),
            .patient_id = col(s, 6), .section = col(s, 7), .text = col(s, 8), .snippet = col(s, 9),
            .start = (size_t)store_int64(s, 10), .end = (size_t)store_int64(s, 11)};
        if (fn(ud, &r)) return WARD_OK;
    }
    return rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "search failed");
}

/* A filter's chunk ids as a few ranges of ids, [lo, hi] each: a patient's
 * chunks come in runs (those of one ingest), and FTS5 seeks each phrase's
 * doclist to a range's start, so the matches between the runs (other
 * patients') are never walked. A gap of RANGE_GAP ids or fewer costs less
 * to walk than a statement; a range per gap, at most RANGES (the gap
 * doubles until that holds). */
#define RANGE_GAP 4096
#define RANGES 8
static int id_ranges(const int64_t *ids, size_t n, int64_t *lo, int64_t *hi)
{
    for (int64_t gap = RANGE_GAP;; gap *= 2) {
        int r = 0;
        lo[0] = ids[0];
        for (size_t i = 1; i < n && r < RANGES; i++)
            if (ids[i] - ids[i - 1] > gap) hi[r++] = ids[i - 1], lo[r] = ids[i];
        if (r < RANGES) {
            hi[r] = ids[n - 1];
            return r + 1;
        }
    }
}

/* Rows kept from several statements (the ranges), their text copied. */
typedef struct kept_rows {
    ward_search_row *v;
    size_t n, cap;
} kept_rows;

static const char *keep_str(const char *s)
{
    return s ? ward_xstrdup(s) : NULL;
}

static int keep_row(void *ud, const ward_search_row *r)
{
    kept_rows *k = ud;
    if (k->n == k->cap) k->v = ward_xrealloc(k->v, (k->cap = k->cap ? 2 * k->cap : 64) * sizeof *k->v);
    ward_search_row *c = &k->v[k->n++];
    *c = *r;
    c->title = keep_str(r->title), c->kind = keep_str(r->kind), c->date = keep_str(r->date);
    c->patient_id = keep_str(r->patient_id), c->section = keep_str(r->section);
    c->text = keep_str(r->text), c->snippet = keep_str(r->snippet);
    return 0;
}

static void kept_free(kept_rows *k)
{
    for (size_t i = 0; i < k->n; i++) {
        ward_search_row *r = &k->v[i];
        free((char *)r->title), free((char *)r->kind), free((char *)r->date), free((char *)r->patient_id);
        free((char *)r->section), free((char *)r->text), free((char *)r->snippet);
    }
    free(k->v);
}

/* The best limit of the kept rows, to fn: by score, equal scores in the
 * order they came (ranges in id order, each as SQLite's sort gives them:
 * the order one statement over all the ranges gives). */
static void kept_emit(kept_rows *k, int limit, ward_search_row_fn fn, void *ud)
{
    for (size_t i = 1; i < k->n; i++) {   /* stable; a few dozen rows */
        ward_search_row x = k->v[i];
        size_t j = i;
        for (; j && k->v[j - 1].score < x.score; j--) k->v[j] = k->v[j - 1];
        k->v[j] = x;
    }
    int stopped = 0;
    for (size_t i = 0; i < k->n && !stopped && (int)i < limit; i++) stopped = fn(ud, &k->v[i]);
    kept_free(k);
}

/* A statement of sql (kept by the store when its text is among the
 * interned ones), with the expression fts bound as ?1 (each phrase once,
 * ?10 the order of the score's sum: phrases_once) and ?6. */
static store_stmt *bm25_stmt(ward_store *st, const char *sql, const char *fts, int snippet_tokens, int *kept,
                             ward_err *err)
{
    const char *text = intern(sql);
    *kept = text != NULL;
    store_stmt *s = text ? store_cached(st, text, err) : store_prepare(st, sql, err);
    if (!s) return NULL;
    ward_buf once, order;
    ward_buf_init(&once);
    ward_buf_init(&order);
    if (!st->eng->bm25_sql && phrases_once(fts, &once, &order)) {
        store_bind_text(s, 1, once.data);
        store_bind_blob(s, 10, order.data, (int)order.len);
    } else {
        store_bind_text(s, 1, fts);
        if (!st->eng->bm25_sql) store_bind_null(s, 10);
    }
    ward_buf_free(&once), ward_buf_free(&order);
    store_bind_int64(s, 6, snippet_tokens > 0 ? snippet_tokens : 16);
    return s;
}

static void stmt_done(store_stmt *s, int kept)
{
    if (kept) store_reset(s);
    else store_finalize(s);
}

/* BM25 over the chunks ids[0,n) (ascending), the best limit with their
 * rows and snippets, in at most `ranges` ranges of ids (id_ranges). Each
 * full-text match is tested against ids in C (ward_in_ids, lite.c): as an
 * IN list SQLite built them into a temporary index for every statement
 * and probed it for every match. */
static int search_ids(ward_store *st, const char *fts, const int64_t *ids, size_t n, int ranges, int limit,
                      int snippet_tokens, ward_search_row_fn fn, void *ud, ward_err *err)
{
    if (!n) return WARD_OK;
    ward_buf sql;
    ward_buf_init(&sql);
    ward_buf_printf(&sql, "SELECT c.id, c.document_id, -" RANK ", d.title, c.kind, c.date, c.patient_id,"
                          " c.section, c.text, snippet(chunks_fts, 0, '[', ']', '...', ?6), c.start, c.end"
                          " FROM chunks_fts CROSS JOIN chunks c ON c.id = chunks_fts.rowid"
                          " CROSS JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH ?1"
                          " AND chunks_fts.rowid BETWEEN ?11 AND ?12"
                          " AND ward_in_ids(chunks_fts.rowid, ?9) ORDER BY 3 DESC LIMIT %d", limit);
    int kept;
    store_stmt *s = bm25_stmt(st, sql.data, fts, snippet_tokens, &kept, err);
    ward_buf_free(&sql);
    if (!s) return WARD_EIO;
    int64_t lo[RANGES], hi[RANGES];
    int nr = ranges > 1 ? id_ranges(ids, n, lo, hi) : 1, rc = WARD_OK;
    if (nr == 1) lo[0] = ids[0], hi[0] = ids[n - 1];
    kept_rows k = {0};
    int reading = nr > 1 ? ward_store_read_begin(st) : 0;   /* the ranges on one snapshot */
    store_bind_blob(s, 9, ids, (int)(n * sizeof *ids));
    for (int i = 0; i < nr && !rc; i++) {
        if (i) store_reset(s);
        store_bind_int64(s, 11, lo[i]);
        store_bind_int64(s, 12, hi[i]);
        rc = nr == 1 ? each_row(st, s, fn, ud, err) : each_row(st, s, keep_row, &k, err);
    }
    ward_store_read_end(st, reading);
    if (nr > 1) kept_emit(&k, rc ? 0 : limit, fn, ud);
    stmt_done(s, kept);
    return rc;
}

/* The winners' rows and snippets, for search_top: ids[0,n) in rank order
 * with their scores. One statement per range of their ids (id_ranges,
 * in id order), each match tested against them; the rows come back in
 * id order and go to fn in rank order, with the first stage's scores:
 * the statement ranks nothing, so it counts no phrase's rows either (with
 * the phrase counts not kept, ranking here walked each doclist once more)
 * and does not sort. One range from the first winner to the last walked
 * every match between them; the winners come in runs of ids (a note's
 * chunks), and a range per run walks only the matches among them. */
static int fetch_winners(ward_store *st, const char *fts, const int64_t *ids, const double *scores, size_t n,
                         int snippet_tokens, ward_search_row_fn fn, void *ud, ward_err *err)
{
    int kept;
    store_stmt *s = bm25_stmt(st, "SELECT c.id, c.document_id, 0, d.title, c.kind, c.date, c.patient_id,"
                                  " c.section, c.text, snippet(chunks_fts, 0, '[', ']', '...', ?6), c.start, c.end"
                                  " FROM chunks_fts CROSS JOIN chunks c ON c.id = chunks_fts.rowid"
                                  " CROSS JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH ?1"
                                  " AND chunks_fts.rowid BETWEEN ?11 AND ?12"
                                  " AND ward_in_ids(chunks_fts.rowid, ?9)",
                              fts, snippet_tokens, &kept, err);
    if (!s) return WARD_EIO;
    /* sorted[i] = ids[at[i]], ascending */
    int64_t *sorted = ward_xmalloc(n * sizeof *sorted);
    size_t *at = ward_xmalloc(n * sizeof *at);
    for (size_t i = 0; i < n; i++) {   /* insertion sort: a few dozen ids */
        size_t j = i;
        for (; j && sorted[j - 1] > ids[i]; j--) sorted[j] = sorted[j - 1], at[j] = at[j - 1];
        sorted[j] = ids[i], at[j] = i;
    }
    int64_t lo[RANGES], hi[RANGES];
    int nr = id_ranges(sorted, n, lo, hi), rc = WARD_OK;
    kept_rows k = {0};
    store_bind_blob(s, 9, sorted, (int)(n * sizeof *sorted));
    for (int r = 0; r < nr && !rc; r++) {
        if (r) store_reset(s);
        store_bind_int64(s, 11, lo[r]);
        store_bind_int64(s, 12, hi[r]);
        rc = each_row(st, s, keep_row, &k, err);
    }
    stmt_done(s, kept);
    /* slot[i]: the kept row of ids[i], or none */
    ward_search_row **slot = ward_xcalloc(n ? n : 1, sizeof *slot);
    for (size_t i = 0; i < k.n; i++) {
        size_t a = 0, b = n;
        while (a < b) {
            size_t m = (a + b) / 2;
            if (sorted[m] < k.v[i].chunk_id) a = m + 1;
            else b = m;
        }
        if (a < n && sorted[a] == k.v[i].chunk_id) slot[at[a]] = &k.v[i];
    }
    for (size_t i = 0, stopped = 0; !rc && !stopped && i < n; i++)
        if (slot[i]) {
            slot[i]->score = scores[i];
            stopped = fn(ud, slot[i]) != 0;
        }
    kept_free(&k);
    free(slot), free(at), free(sorted);
    return rc;
}

/* Without a patient's ids: the best limit chunk ids by the score alone
 * (FTS5 and, when the search has filters, the chunk rows), then their
 * rows and snippets (fetch_winners). Fetched one by one, each winner
 * re-ran the MATCH, and FTS5 walked each phrase's doclist from its start
 * to find it. The order and the scores are the first stage's: the
 * sqlite3 shell's own top-10 query ranks as it does. */
static int search_top(ward_store *st, const char *fts, const ward_store_filter *f, int mask, int limit,
                      int snippet_tokens, ward_search_row_fn fn, void *ud, ward_err *err)
{
    ward_buf sql;
    ward_buf_init(&sql);
    if (mask) {
        ward_buf_puts(&sql, "SELECT c.id, " RANK " FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
                            " WHERE chunks_fts MATCH ?1");
        store_filter_sql(&sql, mask);
        ward_buf_printf(&sql, " ORDER BY 2 LIMIT %d", limit);
    } else {
        ward_buf_printf(&sql, "SELECT rowid, " RANK " FROM chunks_fts WHERE chunks_fts MATCH ?1 ORDER BY 2 LIMIT %d",
                        limit);
    }
    int kept;
    int reading = ward_store_read_begin(st);   /* both stages on one snapshot */
    store_stmt *s = bm25_stmt(st, sql.data, fts, 0, &kept, err);
    ward_buf_free(&sql);
    if (!s) {
        ward_store_read_end(st, reading);
        return WARD_EIO;
    }
    if (mask) bind_filter(s, f);
    int64_t *ids = ward_xmalloc((size_t)limit * sizeof *ids);
    double *scores = ward_xmalloc((size_t)limit * sizeof *scores);
    size_t n = 0;
    int rc = STORE_DONE;
    while (n < (size_t)limit && (rc = store_step(s)) == STORE_ROW) {
        ids[n] = store_int64(s, 0);
        scores[n++] = -store_double(s, 1);
    }
    rc = rc == STORE_DONE || rc == STORE_ROW ? WARD_OK : store_fail_at(st, err, "search failed");
    stmt_done(s, kept);
    if (!rc && n) rc = fetch_winners(st, fts, ids, scores, n, snippet_tokens, fn, ud, err);
    ward_store_read_end(st, reading);
    free(ids), free(scores);
    return rc;
}

int ward_store_search_bm25(ward_store *st, const char *fts, const ward_store_filter *f, int limit,
                           int snippet_tokens, ward_search_row_fn fn, void *ud, ward_err *err)
{
    assert(fts && fn);
    int mask = filter_mask(f);
    limit = limit > 0 ? limit : 10;
    if (!st->eng->bm25_sql && f && f->ids)   /* a patient's ids, fetched once per search */
        return search_ids(st, fts, f->ids, f->n_ids, RANGES, limit, snippet_tokens, fn, ud, err);
    if (!st->eng->bm25_sql && !(mask & F_PATIENT))
        return search_top(st, fts, f, mask, limit, snippet_tokens, fn, ud, err);
    ward_buf sql;
    ward_buf_init(&sql);
    if (st->eng->bm25_sql) {
        st->eng->bm25_sql(&sql, mask, limit);
    } else {
        /* One patient: the few hundred chunk ids of the patient (from the
         * chunks_patient index) become a set each match is checked in ("+"
         * keeps SQLite from driving the full-text search by them); joining
         * every match to its chunk row first costs thirty times more. So
         * few matches pass that one stage makes their snippets too. */
        ward_buf_puts(&sql, "SELECT c.id, c.document_id, -" RANK ", d.title, c.kind, c.date, c.patient_id,"
                            " c.section, c.text, snippet(chunks_fts, 0, '[', ']', '...', ?6), c.start, c.end"
                            " FROM chunks_fts CROSS JOIN chunks c ON c.id = chunks_fts.rowid"
                            " CROSS JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH ?1"
                            " AND +chunks_fts.rowid IN (SELECT c.id FROM chunks c WHERE 1");
        store_filter_sql(&sql, mask);
        ward_buf_printf(&sql, ") ORDER BY 3 DESC LIMIT %d", limit);
    }
    int kept;
    store_stmt *s = bm25_stmt(st, sql.data, fts, snippet_tokens, &kept, err);
    ward_buf_free(&sql);
    if (!s) return WARD_EIO;
    if (mask) bind_filter(s, f);
    int rc = each_row(st, s, fn, ud, err);
    stmt_done(s, kept);
    return rc;
}

int ward_store_chunk_get(ward_store *st, int64_t chunk_id, ward_search_row_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_cached(st,
        "SELECT c.document_id, d.title, c.kind, c.date, c.patient_id, c.section, c.text, c.start, c.end"
        " FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ?", err);
    if (!s) return WARD_EIO;
    store_bind_int64(s, 1, chunk_id);
    int rc = store_step(s);
    if (rc == STORE_ROW) {
        ward_search_row r = {
            .chunk_id = chunk_id, .document_id = store_int64(s, 0), .title = col(s, 1),
            .kind = col(s, 2), .date = col(s, 3), .patient_id = col(s, 4), .section = col(s, 5),
            .text = col(s, 6), .start = (size_t)store_int64(s, 7),
            .end = (size_t)store_int64(s, 8)};
        fn(ud, &r);
        rc = WARD_OK;
    } else if (rc == STORE_DONE) {
        rc = ward_err_set(err, WARD_ENOTFOUND, "chunk %lld is gone", (long long)chunk_id);
    } else {
        rc = store_fail_at(st, err, "reading a chunk");
    }
    store_reset(s);
    return rc;
}

int ward_store_has_vectors(ward_store *st, int *yes, ward_err *err)
{
    *yes = 0;
    store_stmt *s = store_cached(st, "SELECT 1 FROM embeddings LIMIT 1", err);
    if (!s) return WARD_EIO;
    int rc = store_step(s);
    *yes = rc == STORE_ROW;
    rc = rc == STORE_ROW || rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading vectors");
    store_reset(s);
    return rc;
}

/* Sorts ids ascending: a merge sort, with no comparison callback (qsort's
 * was a third of reading a patient's ids), that skips the merge of two
 * halves already in order (the ids come in runs: the chunks_patient
 * index orders them by kind and date). */
static void sort_ids(int64_t *v, int64_t *tmp, size_t n)
{
    if (n < 2) return;
    size_t h = n / 2;
    sort_ids(v, tmp, h);
    sort_ids(v + h, tmp, n - h);
    if (v[h - 1] <= v[h]) return;
    memcpy(tmp, v, h * sizeof *v);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) v[k++] = tmp[i] <= v[j] ? tmp[i++] : v[j++];
    while (i < h) v[k++] = tmp[i++];
}

int ward_store_chunk_ids(ward_store *st, const ward_store_filter *f, int64_t **ids, size_t *n, ward_err *err)
{
    *ids = NULL;
    *n = 0;
    /* The chunk rows alone: with a patient filter, the chunks_patient index
     * covers the query. (Joined to embeddings, each id cost a read of a
     * vector's page: a tenth of a server's search.) Sorted here: SQLite's
     * sorter costs more than the scan. */
    static filtered_sql sqls = {PTHREAD_MUTEX_INITIALIZER, {0}};
    store_stmt *s = store_cached(st, sql_for(&sqls, filter_mask(f), "SELECT c.id FROM chunks c WHERE 1", ""), err);
    if (!s) return WARD_EIO;
    bind_filter(s, f);
    int rc = store_read_ids(st, s, "reading chunk ids", ids, n, err);
    if (!rc && *n > 1) {
        int64_t *tmp = ward_xmalloc(*n / 2 * sizeof *tmp);
        sort_ids(*ids, tmp, *n);
        free(tmp);
    }
    return rc;
}

int ward_store_vectors_each(ward_store *st, const ward_store_filter *f, int dim, ward_vector_fn fn, void *ud,
                            ward_err *err)
{
    static filtered_sql sqls = {PTHREAD_MUTEX_INITIALIZER, {0}};
    int filtered = ward_store_filter_active(f);
    store_stmt *s = filtered
        ? store_cached(st, sql_for(&sqls, filter_mask(f), "SELECT e.chunk_id, e.vec FROM embeddings e JOIN chunks c"
                                   " ON c.id = e.chunk_id WHERE 1", " ORDER BY e.chunk_id"), err)
        : store_cached(st, "SELECT chunk_id, vec FROM embeddings ORDER BY chunk_id", err);
    if (!s) return WARD_EIO;
    if (filtered) bind_filter(s, f);
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        if (store_bytes(s, 1) != dim * (int)sizeof(float)) continue;
        if (fn(ud, store_int64(s, 0), store_blob(s, 1))) {
            rc = STORE_DONE;
            break;
        }
    }
    rc = rc == STORE_DONE ? WARD_OK : store_fail_at(st, err, "reading vectors");
    store_reset(s);
    return rc;
}
