/* codes.c — looking codes up in imported vocabularies (the `vocab` table).
 *
 * A lookup tries the query as a code first (exact, any system unless one is
 * named), then as words that must all appear in the description; shorter
 * descriptions rank first, as they are the more general concept.
 * Vocabularies are imported with `ward vocab import` (store/vocab.c); this
 * is the lookup the orchestrator and `ward codes` use: every word must
 * match (not one substring), optionally within one system.
 */
#include "ward/tools.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void ward_codes_free(ward_code *v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i].description);
    free(v);
}

static void push(sqlite3_stmt *s, ward_code **out, size_t *n, size_t *cap)
{
    const char *sys = (const char *)sqlite3_column_text(s, 0), *code = (const char *)sqlite3_column_text(s, 1);
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*out)[i].system, sys) && !strcmp((*out)[i].code, code)) return;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *out = ward_xrealloc(*out, *cap * sizeof **out);
    }
    ward_code *c = &(*out)[(*n)++];
    snprintf(c->system, sizeof c->system, "%s", sys);
    snprintf(c->code, sizeof c->code, "%s", code);
    c->description = ward_xstrdup((const char *)sqlite3_column_text(s, 2));
}

int ward_codes_lookup(ward_store *st, const char *system, const char *query, int k, ward_code **out,
                      size_t *n, ward_err *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    if (k <= 0) k = 10;
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT system, code, description FROM vocab WHERE code = ?1 COLLATE NOCASE"
        " AND (?2 IS NULL OR system = ?2) LIMIT ?3", err);
    if (!s) return WARD_EIO;
    sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
    if (system) sqlite3_bind_text(s, 2, system, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, k);
    while (sqlite3_step(s) == SQLITE_ROW) push(s, out, n, &cap);
    sqlite3_finalize(s);
    /* Words: each becomes a LIKE '%word%' term (LIKE metacharacters escaped). */
    ward_buf sql, w;
    ward_buf_init(&sql);
    ward_buf_init(&w);
    ward_buf_puts(&sql, "SELECT system, code, description FROM vocab WHERE (?1 IS NULL OR system = ?1)");
    int nw = 0;
    for (const char *p = query; *p;) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        ward_buf_puts(&sql, " AND description LIKE ? ESCAPE '\\'");
        nw++;
        while (*p && !isspace((unsigned char)*p)) p++;
    }
    ward_buf_puts(&sql, " ORDER BY length(description), code LIMIT ?");
    s = nw ? ward_store_prepare(st, sql.data, err) : NULL;
    int rc = nw && !s ? WARD_EIO : WARD_OK;
    if (s) {
        if (system) sqlite3_bind_text(s, 1, system, -1, SQLITE_STATIC);
        int i = 2;
        for (const char *p = query; *p;) {
            while (*p && isspace((unsigned char)*p)) p++;
            if (!*p) break;
            ward_buf_reset(&w);
            ward_buf_putc(&w, '%');
            for (; *p && !isspace((unsigned char)*p); p++) {
                if (*p == '%' || *p == '_' || *p == '\\') ward_buf_putc(&w, '\\');
                ward_buf_putc(&w, *p);
            }
            ward_buf_putc(&w, '%');
            sqlite3_bind_text(s, i++, w.data, -1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_int(s, i, k);
        while (*n < (size_t)k && sqlite3_step(s) == SQLITE_ROW) push(s, out, n, &cap);
        sqlite3_finalize(s);
    }
    ward_buf_free(&sql);
    ward_buf_free(&w);
    return rc;
}
