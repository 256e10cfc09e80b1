/* vocab.c — imported vocabularies in the store's `vocab` table: a site's
 * ICD-10-CM, SNOMED or RxNorm descriptions, used for code lookup and by the
 * concept extractor (which builds its matcher from them once per run). */
#include "store_int.h"

#include <ctype.h>
#include <string.h>

int ward_store_vocab_put(ward_store *st, const char *system, const char *code, const char *desc,
                         ward_err *err)
{
    store_stmt *s = store_cached(st,
        "INSERT INTO vocab(system, code, description) VALUES(?1, ?2, ?3)"
        " ON CONFLICT(system, code) DO UPDATE SET description = ?3", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, system);
    store_bind_text(s, 2, code);
    store_bind_text(s, 3, desc);
    int rc = store_step(s);
    store_reset(s);
    store_clear(s);
    if (rc != STORE_DONE)
        return ward_err_set(err, WARD_EIO, "database: %s", store_errmsg(st));
    return WARD_OK;
}

/* Runs a query whose rows are (system, code, description) through fn. */
static int each_row(ward_store *st, store_stmt *s, ward_vocab_fn fn, void *ud, ward_err *err)
{
    int rc;
    while ((rc = store_step(s)) == STORE_ROW) {
        int stop = fn(ud, store_text(s, 0), store_text(s, 1),
                      store_text(s, 2));
        if (stop) break;
    }
    int bad = rc != STORE_ROW && rc != STORE_DONE;
    if (bad) ward_err_set(err, WARD_EIO, "database: %s", store_errmsg(st));
    store_finalize(s);
    return bad ? WARD_EIO : WARD_OK;
}

int ward_store_vocab_each(ward_store *st, ward_vocab_fn fn, void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st, "SELECT system, code, description FROM vocab", err);
    return s ? each_row(st, s, fn, ud, err) : WARD_EIO;
}

int ward_store_vocab_lookup(ward_store *st, const char *text, int limit, ward_vocab_fn fn, void *ud,
                            ward_err *err)
{
    /* A code (with or without its dot) first, then descriptions holding
     * every word of text, shortest first. */
    store_stmt *s = store_prepare(st,
        "SELECT system, code, description FROM vocab"
        " WHERE code = ?1 COLLATE NOCASE OR replace(code, '.', '') = replace(?1, '.', '') COLLATE NOCASE"
        " UNION ALL SELECT * FROM (SELECT system, code, description FROM vocab"
        "  WHERE description LIKE '%' || ?1 || '%' ORDER BY length(description) LIMIT ?2) AS by_text", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, text);
    store_bind_int64(s, 2, limit);
    return each_row(st, s, fn, ud, err);
}

int ward_store_vocab_code(ward_store *st, const char *system, const char *code, int limit, ward_vocab_fn fn,
                          void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT system, code, description FROM vocab WHERE code = ?1 COLLATE NOCASE"
        " AND (?2 IS NULL OR system = ?2) LIMIT ?3", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, code);
    store_bind_text(s, 2, system);
    store_bind_int64(s, 3, limit);
    return each_row(st, s, fn, ud, err);
}

/* Appends the LIKE pattern for one word: %word% with LIKE's metacharacters escaped. */
static void like_word(ward_buf *w, const char *p, size_t n)
{
    ward_buf_reset(w);
    ward_buf_putc(w, '%');
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' || p[i] == '_' || p[i] == '\\') ward_buf_putc(w, '\\');
        ward_buf_putc(w, p[i]);
    }
    ward_buf_putc(w, '%');
}

/* The next whitespace-separated word of *p (its length; 0 at the end). */
static size_t next_word(const char **p, const char **start)
{
    while (**p && isspace((unsigned char)**p)) (*p)++;
    *start = *p;
    while (**p && !isspace((unsigned char)**p)) (*p)++;
    return (size_t)(*p - *start);
}

int ward_store_vocab_words(ward_store *st, const char *system, const char *words, int limit, ward_vocab_fn fn,
                           void *ud, ward_err *err)
{
    /* Each word becomes one LIKE term: every word must appear. */
    ward_buf sql, w;
    ward_buf_init(&sql);
    ward_buf_init(&w);
    ward_buf_puts(&sql, "SELECT system, code, description FROM vocab WHERE (?1 IS NULL OR system = ?1)");
    int nw = 0;
    const char *p = words, *start;
    while (next_word(&p, &start)) {
        ward_buf_puts(&sql, " AND description LIKE ? ESCAPE '\\'");
        nw++;
    }
    ward_buf_puts(&sql, " ORDER BY length(description), code LIMIT ?");
    store_stmt *s = nw ? store_prepare(st, sql.data, err) : NULL;
    ward_buf_free(&sql);
    int rc = nw && !s ? WARD_EIO : WARD_OK;
    if (s) {
        store_bind_text(s, 1, system);
        int i = 2;
        size_t n;
        for (p = words; (n = next_word(&p, &start)) > 0;) {
            like_word(&w, start, n);
            store_bind_text(s, i++, w.data);
        }
        store_bind_int64(s, i, limit);
        rc = each_row(st, s, fn, ud, err);
    }
    ward_buf_free(&w);
    return rc;
}
