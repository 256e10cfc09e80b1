/* fuzz_query.c — libFuzzer target: the search query builder.
 *
 * Whatever a user types, ward_search_fts_query must build an FTS5
 * expression that SQLite accepts (user text is never FTS5 syntax): the
 * expression is run against a real in-memory FTS5 table with Ward's
 * tokenizer settings, and a syntax error aborts. */
#include "ward/retrieve.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static sqlite3 *db;
static sqlite3_stmt *match;

static void setup(void)
{
    if (sqlite3_open(":memory:", &db) ||
        sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');"
                         "INSERT INTO t VALUES ('patient denies chest pain; metformin 500 mg');",
                     NULL, NULL, NULL) ||
        sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &match, NULL)) {
        fprintf(stderr, "fuzz: sqlite setup: %s\n", sqlite3_errmsg(db));
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) setup();
    char *q = malloc(size + 1);
    for (size_t i = 0; i < size; i++) q[i] = data[i] ? (char)data[i] : ' ';
    q[size] = 0;
    ward_buf out;
    ward_buf_init(&out);
    int terms = ward_search_fts_query(q, &out);
    if (terms < 0 || (terms == 0) != (out.len == 0)) abort();
    if (terms) {
        sqlite3_bind_text(match, 1, out.data, (int)out.len, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(match)) == SQLITE_ROW) {}
        if (rc != SQLITE_DONE) {
            fprintf(stderr, "fuzz: FTS5 refused the built query: %s\n", sqlite3_errmsg(db));
            abort();
        }
        sqlite3_reset(match);
        sqlite3_clear_bindings(match);
    }
    ward_buf_free(&out);
    free(q);
    return 0;
}
