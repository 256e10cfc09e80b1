/* search.c — BM25 search over chunks with SQLite FTS5, under filters.
 *
 * User text never reaches FTS5 as syntax: it is cut into word tokens, each
 * quoted as an FTS5 string and OR-ed, so a question mark, a quote or a
 * stray "NEAR(" in a clinician's question cannot break or redirect the
 * query. Filters (patient, kind, dates) are plain SQL on the chunk row.
 */
#include "ward/retrieve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

ward_search_params ward_search_default_params(void)
{
    ward_search_params p = {0};
    p.mode = WARD_SEARCH_AUTO;
    p.k = 10;
    p.snippet_tokens = 16;
    return p;
}

const char *ward_search_mode_name(ward_search_mode m)
{
    static const char *names[] = {"auto", "bm25", "vector", "hybrid"};
    return names[m];
}

static int is_stopword(const char *w, size_t n)
{
    static const char *stop[] = {"a", "an", "and", "are", "as", "at", "be", "by", "did", "do",
        "does", "for", "from", "has", "have", "her", "his", "how", "i", "in", "is", "it", "me",
        "my", "of", "on", "or", "she", "he", "that", "the", "their", "this", "to", "was", "what",
        "when", "which", "who", "with", "patient", "patients", "any", "there", NULL};
    for (int i = 0; stop[i]; i++)
        if (strlen(stop[i]) == n && !strncasecmp(stop[i], w, n)) return 1;
    return 0;
}

/* Builds an FTS5 expression: "w1" OR "w2" ... ; returns 0 if no terms. */
int ward_search_fts_query(const char *q, ward_buf *out)
{
    int terms = 0, kept_stop = 0;
    for (int pass = 0; pass < 2 && !terms; pass++) {   /* pass 1 keeps stopwords */
        ward_buf_reset(out);
        for (const char *p = q; *p;) {
            while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
            const char *s = p;
            while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
            size_t n = (size_t)(p - s);
            if (!n || (pass == 0 && is_stopword(s, n))) continue;
            if (terms++) ward_buf_puts(out, " OR ");
            ward_buf_putc(out, '"');
            ward_buf_append(out, s, n);
            ward_buf_putc(out, '"');
            kept_stop |= pass;
        }
    }
    (void)kept_stop;
    return terms;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? ward_xstrdup((const char *)t) : NULL;
}

/* The second stage of a search: the winners' rows and snippets. */
#define SEARCH_FETCH \
    " SELECT c.id, c.document_id, -top.score, d.title, c.kind, c.date, c.patient_id," \
    " c.section, c.text, snippet(chunks_fts, 0, '[', ']', '...', ?6), c.start, c.end" \
    " FROM top JOIN chunks_fts ON chunks_fts.rowid = top.id JOIN chunks c ON c.id = top.id" \
    " JOIN documents d ON d.id = c.document_id WHERE chunks_fts MATCH ?1 ORDER BY top.score"

static int search_bm25(ward_store *st, const char *query, const ward_search_params *p, ward_hits *out,
                       ward_err *err)
{
    ward_buf fts;
    ward_buf_init(&fts);
    if (!ward_search_fts_query(query, &fts)) {
        ward_buf_free(&fts);
        return ward_err_set(err, WARD_EUSAGE, "the query has no searchable words");
    }
    /* Two stages: rank and filter first, then fetch text and snippets for
     * the k winners only (SQLite would otherwise build a snippet for every
     * match before sorting). Without filters, the ranking touches only the
     * FTS index, as the sqlite3 shell's own query does. */
    int filtered = p->patient_id || p->kind || p->since || p->until;
    /* k goes into the SQL as a literal: bound as a parameter, it defeats
     * SQLite's top-k plan and each search rereads hundreds of pages. */
    ward_buf sql;
    ward_buf_init(&sql);
    ward_buf_printf(&sql, filtered ?
        "WITH top AS (SELECT c.id AS id, bm25(chunks_fts) AS score"
        " FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ?1"
        " AND (?2 IS NULL OR (?2 = '' AND c.patient_id IS NULL) OR c.patient_id = ?2)"
        " AND (?3 IS NULL OR c.kind = ?3)"
        " AND (?4 IS NULL OR c.date >= ?4) AND (?5 IS NULL OR c.date <= ?5 || 'T99')"
        " ORDER BY score LIMIT %d)" SEARCH_FETCH :
        "WITH top AS (SELECT rowid AS id, bm25(chunks_fts) AS score FROM chunks_fts"
        " WHERE chunks_fts MATCH ?1 ORDER BY score LIMIT %d)" SEARCH_FETCH, p->k > 0 ? p->k : 10);
    sqlite3_stmt *s = ward_store_prepare(st, sql.data, err);
    ward_buf_free(&sql);
    if (!s) {
        ward_buf_free(&fts);
        return WARD_EIO;
    }
    sqlite3_bind_text(s, 1, fts.data, -1, SQLITE_TRANSIENT);
    if (p->patient_id) sqlite3_bind_text(s, 2, p->patient_id, -1, SQLITE_STATIC);
    if (p->kind) sqlite3_bind_text(s, 3, p->kind, -1, SQLITE_STATIC);
    if (p->since) sqlite3_bind_text(s, 4, p->since, -1, SQLITE_STATIC);
    if (p->until) sqlite3_bind_text(s, 5, p->until, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, p->snippet_tokens > 0 ? p->snippet_tokens : 16);
    ward_buf_free(&fts);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->v = ward_xrealloc(out->v, cap * sizeof *out->v);
        }
        ward_hit *h = &out->v[out->n++];
        h->chunk_id = sqlite3_column_int64(s, 0);
        h->document_id = sqlite3_column_int64(s, 1);
        h->score = sqlite3_column_double(s, 2);
        h->title = col_dup(s, 3);
        h->kind = col_dup(s, 4);
        h->date = col_dup(s, 5);
        h->patient_id = col_dup(s, 6);
        h->section = col_dup(s, 7);
        h->text = col_dup(s, 8);
        h->snippet = col_dup(s, 9);
        h->start = (size_t)sqlite3_column_int64(s, 10);
        h->end = (size_t)sqlite3_column_int64(s, 11);
    }
    if (rc != SQLITE_DONE) {
        ward_err_set(err, WARD_EIO, "search failed: %s", sqlite3_errmsg(ward_store_db(st)));
        sqlite3_finalize(s);
        return WARD_EIO;
    }
    sqlite3_finalize(s);
    out->mode = WARD_SEARCH_BM25;
    return WARD_OK;
}

int ward_search(ward_store *st, const char *query, const ward_search_params *p, ward_hits *out,
                ward_err *err)
{
    memset(out, 0, sizeof *out);
    if (p->since && ward_date_days(p->since) < 0)
        return ward_err_set(err, WARD_EUSAGE, "since: not a date (use YYYY-MM-DD)");
    if (p->until && ward_date_days(p->until) < 0)
        return ward_err_set(err, WARD_EUSAGE, "until: not a date (use YYYY-MM-DD)");
    if (p->mode == WARD_SEARCH_VECTOR || p->mode == WARD_SEARCH_HYBRID)
        return ward_err_set(err, WARD_EUSAGE, "%s search needs vectors: run `ward index` first",
                            ward_search_mode_name(p->mode));
    return search_bm25(st, query, p, out, err);
}

void ward_hits_free(ward_hits *h)
{
    for (size_t i = 0; i < h->n; i++) {
        ward_hit *x = &h->v[i];
        free(x->title), free(x->kind), free(x->date), free(x->patient_id);
        free(x->section), free(x->text), free(x->snippet);
    }
    free(h->v);
    memset(h, 0, sizeof *h);
}
