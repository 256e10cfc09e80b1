/* pg_sql.c — the SQL of the PostgreSQL engine: translating the query
 * files' SQLite dialect, and the one query that differs by engine, BM25
 * search over the tsvector column.
 *
 * Ideas a reader needs:
 *  - Translation is a single pass over the text that leaves string
 *    literals and quoted names alone. It knows only the spellings Ward's
 *    queries use: "?N", BEGIN IMMEDIATE, INSERT OR IGNORE, LIKE (ASCII
 *    case-insensitive in SQLite: ILIKE), "x IS ?" (null-safe equality),
 *    "WHERE 1", the column name end (reserved here), and
 *    byte offsets into text (substr/length of CAST(x AS BLOB)). Functions
 *    with the same name and meaning live in the database (schema_pg.sql).
 *  - Tables partitioned by patient need two more: an upsert's conflict
 *    target gains patient_id, and a read of resources by (type, fhir_id)
 *    goes through the key map (key_reads), as does a read of documents by
 *    source key.
 *  - BM25 as FTS5's bm25() (k1 = 1.2, b = 0.75), from statistics kept in
 *    tables (schema_pg.sql, version 10): each term's document frequency,
 *    the chunk count and the mean length, read by index, over every chunk
 *    as FTS5 counts them (a filter narrows the matches, not the
 *    statistics). The GIN index finds the matching chunks; from each, only
 *    the query's lexemes are taken out of its tsvector (setweight marks
 *    them, ts_filter keeps them) for their term frequencies, so a chunk
 *    with hundreds of lexemes is not unnested row by row. Lengths are
 *    distinct lexemes (length(tsv)).
 */
#include "pg_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

/* Tables whose rows get an id from the database: an INSERT into one
 * returns it (store_last_id). */
static const char *const id_tables[] = {"resources", "documents", "chunks", "concepts", "drafts",
                                        "users", "tokens", "btg", "eval_runs"};

static int word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Byte offsets into text: substr(CAST(x AS BLOB), ...) becomes
 * ward_substr_bytes(x, ...) and length(CAST(x AS BLOB)) octet_length(x). */
static char *bytes_forms(const char *sql)
{
    ward_buf b;
    ward_buf_init(&b);
    const char *p = sql;
    for (;;) {
        const char *s1 = strstr(p, "substr(CAST(");
        const char *s2 = strstr(p, "length(CAST(");
        const char *s = s1 && (!s2 || s1 < s2) ? s1 : s2;
        const char *end = s ? strstr(s, " AS BLOB)") : NULL;
        if (!s || !end) break;
        ward_buf_append(&b, p, (size_t)(s - p));
        const char *x = s + strlen("substr(CAST(");
        /* The CAST's closing parenthesis goes; the call's stays. */
        ward_buf_puts(&b, s == s1 ? "ward_substr_bytes(" : "octet_length(");
        ward_buf_append(&b, x, (size_t)(end - x));
        p = end + strlen(" AS BLOB)");
    }
    ward_buf_puts(&b, p);
    return ward_buf_steal(&b);
}

static int next_is(const char *p, const char *w)
{
    size_t n = strlen(w);
    return !strncasecmp(p, w, n) && !word_char(p[n]);
}

/* An upsert's conflict target on a table partitioned by patient (schema
 * versions 11 and 15) must name the unique key, which holds patient_id.
 * An embedding's patient is its chunk's, never another; a resource that
 * comes back under another patient leaves the old patient's partition
 * first (the trigger resources_key, schema_pg.sql), so the key finds at
 * most the row of its own patient. */
static void conflict_keys(ward_buf *b)
{
    static const char *const keys[][2] = {{"ON CONFLICT(chunk_id)", "ON CONFLICT(chunk_id, patient_id)"},
                                          {"ON CONFLICT(type,fhir_id)", "ON CONFLICT(type, fhir_id, patient_id)"}};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char *at = strstr(b->data, keys[i][0]);
        if (!at) continue;
        ward_buf r;
        ward_buf_init(&r);
        ward_buf_append(&r, b->data, (size_t)(at - b->data));
        ward_buf_puts(&r, keys[i][1]);
        ward_buf_puts(&r, at + strlen(keys[i][0]));
        ward_buf_free(b);
        *b = r;
    }
}

/* The end of the parenthesized text that starts at p ('('), past quotes
 * and nested parentheses; NULL when it does not end. */
static const char *paren_end(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            for (p++; *p && !(*p == q && p[1] != q); p += *p == q ? 2 : 1) {}
            if (!*p) return NULL;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')' && --depth == 0) {
            return p;
        }
    }
    return NULL;
}

/* Skips spaces; then whether p starts with the column name col (qualified
 * by alias when there is one), "=", and a parameter, whose text goes to
 * *param (at most 15 bytes). Returns the end of the match or NULL. */
static const char *column_param(const char *p, const char *alias, const char *col, char param[16])
{
    while (*p == ' ') p++;
    if (*alias) {
        size_t a = strlen(alias);
        if (strncmp(p, alias, a) || p[a] != '.') return NULL;
        p += a + 1;
    }
    size_t n = strlen(col);
    if (strncmp(p, col, n) || word_char(p[n])) return NULL;
    p += n;
    while (*p == ' ') p++;
    if (*p++ != '=') return NULL;
    while (*p == ' ') p++;
    if (*p != '$') return NULL;
    const char *s = p++;
    while (isdigit((unsigned char)*p)) p++;
    if (p - s < 2 || p - s > 15) return NULL;
    memcpy(param, s, (size_t)(p - s));
    param[p - s] = 0;
    return p;
}

/* Reads by a key that spans patients, of tables partitioned by patient
 * (schema versions 15 and 16): the table becomes a function of the key,
 * which asks an unpartitioned map (resource_keys, document_keys) for the
 * patient and reads that partition alone, instead of every partition's
 * index. The statement's own conditions stay (they hold for what it
 * returns). "FROM table [A] ... [A.]col1 = $X [AND [A.]col2 = $Y]" is the
 * form Ward's queries write; a subquery of a write is read so too, the
 * write's own table never (DELETE FROM). */
static const struct {
    const char *table, *cols[2], *fn;
} key_reads[] = {
    {"resources", {"type", "fhir_id"}, "ward_resource_by_key"},
    {"documents", {"source_key", NULL}, "ward_documents_by_key"},
};

/* The key's parameters, when the text from c on starts with the key's
 * condition; the end of the match or NULL. */
static const char *key_match(const char *c, const char *alias, const char *const cols[2], char x[16], char y[16])
{
    const char *e = column_param(c, alias, cols[0], x);
    if (!e || !cols[1]) return e;
    return strncasecmp(e, " AND ", 5) ? NULL : column_param(e + 5, alias, cols[1], y);
}

static void key_reads_of(ward_buf *b, size_t which)
{
    static const char *const kw[] = {"WHERE", "ON", "JOIN", "LEFT", "GROUP", "ORDER", "LIMIT", "USING", NULL};
    const char *table = key_reads[which].table;
    size_t tn = strlen(table);
    for (size_t from = 0;;) {
        char *t = b->data, *at = strstr(t + from, table);
        if (!at) return;
        from = (size_t)(at - t) + 1;
        if (at - t < 5 || word_char(at[tn]) || (strncmp(at - 5, "FROM ", 5) && strncmp(at - 5, "JOIN ", 5)) ||
            (at - t >= 12 && !strncmp(at - 12, "DELETE FROM ", 12)))
            continue;
        char alias[32] = "";
        const char *w = at + tn;
        if (*w == ' ' && word_char(w[1])) {
            const char *e = w + 1;
            while (word_char(*e)) e++;
            int key = 0;
            for (int i = 0; kw[i]; i++) key |= (size_t)(e - w - 1) == strlen(kw[i]) && !strncasecmp(w + 1, kw[i], strlen(kw[i]));
            if (!key && e - w - 1 < (int)sizeof alias) memcpy(alias, w + 1, (size_t)(e - w - 1));
        }
        char x[16], y[16] = "";
        const char *m = NULL;
        /* The key's condition, within this table's query: up to the next
         * closing parenthesis of a level it did not open. */
        for (const char *c = at + tn; *c && !m; c++) {
            if (*c == ')') break;
            if (*c == '(') {
                const char *e = paren_end(c);
                if (!e) break;
                c = e;
                continue;
            }
            if (word_char(c[-1]) || c[-1] == '.') continue;   /* only at a name's start */
            m = key_match(c, alias, key_reads[which].cols, x, y);
        }
        if (!m) continue;
        ward_buf r;
        ward_buf_init(&r);
        ward_buf_append(&r, t, (size_t)(at - t));
        ward_buf_printf(&r, "%s(%s%s%s)%s%s", key_reads[which].fn, x, *y ? ", " : "", y, *alias ? "" : " ", *alias ? "" : table);
        ward_buf_puts(&r, at + tn);
        from = (size_t)(at - t) + 1;
        ward_buf_free(b);
        *b = r;
    }
}

static void key_reads_all(ward_buf *b)
{
    for (size_t i = 0; i < sizeof key_reads / sizeof *key_reads; i++) key_reads_of(b, i);
}

char *pg_translate(const char *sql, int *nparams, unsigned char **used, int *returns_id)
{
    char *src = bytes_forms(sql);
    ward_buf b;
    ward_buf_init(&b);
    int max = 0, cap = 16, ignore = 0;
    unsigned char *u = ward_xcalloc((size_t)cap, 1);
    const char *p = src;
    while (*p) {
        char c = *p;
        if (c == '\'' || c == '"') {          /* a literal or quoted name, as it is */
            const char *q = p + 1;
            while (*q && !(*q == c && q[1] != c)) q += *q == c ? 2 : 1;
            if (*q) q++;
            ward_buf_append(&b, p, (size_t)(q - p));
            p = q;
        } else if (c == '?') {
            p++;
            int n = 0;
            if (isdigit((unsigned char)*p)) n = (int)strtol(p, (char **)&p, 10);
            else n = max + 1;
            if (n > max) max = n;
            if (n > cap) {
                u = ward_xrealloc(u, (size_t)n * 2);
                memset(u + cap, 0, (size_t)(n * 2 - cap));
                cap = n * 2;
            }
            u[n - 1] = 1;
            ward_buf_printf(&b, "$%d", n);
        } else if (word_char(c) && (p == src || !word_char(p[-1])) && !isdigit((unsigned char)c)) {
            const char *w = p;
            while (word_char(*p)) p++;
            size_t n = (size_t)(p - w);
            if (n == 5 && !strncasecmp(w, "BEGIN", 5) && *p == ' ' && next_is(p + 1, "IMMEDIATE")) {
                /* A write transaction: its statements run on generic plans
                 * (write_plans). */
                ward_buf_puts(&b, "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan");
                p += 1 + strlen("IMMEDIATE");
            } else if (n == 6 && !strncasecmp(w, "INSERT", 6) && *p == ' ' && next_is(p + 1, "OR") &&
                       next_is(p + 4, "IGNORE")) {
                ward_buf_puts(&b, "INSERT");
                p += 4 + strlen("IGNORE");
                ignore = 1;
            } else if (n == 4 && !strncasecmp(w, "LIKE", 4)) {
                ward_buf_puts(&b, "ILIKE");
            } else if (n == 2 && !strncasecmp(w, "IS", 2) && *p == ' ' && p[1] == '?') {
                ward_buf_puts(&b, "IS NOT DISTINCT FROM");
            } else if (n == 5 && !strncasecmp(w, "WHERE", 5) && *p == ' ' && p[1] == '1' && !word_char(p[2])) {
                ward_buf_puts(&b, "WHERE true");
                p += 2;
            } else if (n == 3 && !strncmp(w, "end", 3)) {
                ward_buf_puts(&b, "\"end\"");
            } else {
                ward_buf_append(&b, w, n);
            }
        } else if (word_char(c)) {            /* the rest of a word or number */
            const char *w = p;
            while (word_char(*p)) p++;
            ward_buf_append(&b, w, (size_t)(p - w));
        } else {
            ward_buf_putc(&b, c);
            p++;
        }
    }
    if (ignore) ward_buf_puts(&b, " ON CONFLICT DO NOTHING");
    conflict_keys(&b);
    key_reads_all(&b);
    int rid = 0;
    const char *t = src;
    while (isspace((unsigned char)*t)) t++;
    if (returns_id && !strncasecmp(t, "INSERT ", 7) && !strstr(b.data, "RETURNING")) {
        const char *into = strstr(t, "INTO ");
        for (size_t i = 0; into && i < sizeof id_tables / sizeof *id_tables && !rid; i++) {
            size_t n = strlen(id_tables[i]);
            rid = !strncmp(into + 5, id_tables[i], n) && !word_char(into[5 + n]);
        }
        if (rid) ward_buf_puts(&b, " RETURNING id");
    }
    if (returns_id) *returns_id = rid;
    if (nparams) *nparams = max;
    if (used) *used = u;
    else free(u);
    free(src);
    return ward_buf_steal(&b);
}

/* The comma-separated items of the list between a and e, trimmed, as
 * pointers into it (commas inside parentheses or quotes belong to their
 * item). Returns how many, at most max. */
static int list_items(const char *a, const char *e, const char *item[], size_t len[], int max)
{
    int n = 0;
    while (a < e && n < max) {
        while (a < e && *a == ' ') a++;
        const char *c = a;
        while (c < e && *c != ',') {
            if (*c == '(' || *c == '\'' || *c == '"') {
                const char *x = *c == '(' ? paren_end(c) : NULL;
                if (*c != '(') {   /* a quoted item: to its closing quote */
                    char q = *c;
                    for (x = c + 1; x < e && !(*x == q && x[1] != q); x += *x == q ? 2 : 1) {}
                }
                if (!x || x >= e) return -1;
                c = x;
            }
            c++;
        }
        const char *t = c;
        while (t > a && t[-1] == ' ') t--;
        item[n] = a, len[n++] = (size_t)(t - a);
        a = c + 1;
    }
    return n;
}

int pg_multi_row(const char *sql, int nparams, int rows, char **out, int *keys, int *nkeys)
{
    enum { MAXC = 64 };
    *out = NULL;
    if (strncmp(sql, "INSERT INTO ", 12)) return 0;
    const char *cols = strchr(sql, '('), *vals = strstr(sql, " VALUES(");
    if (!cols || !vals || cols > vals) return 0;
    const char *cols_end = paren_end(cols), *row = vals + 7, *row_end = paren_end(row);
    if (!cols_end || !row_end || cols_end > vals) return 0;
    const char *col[MAXC], *val[MAXC];
    size_t col_len[MAXC], val_len[MAXC];
    int nc = list_items(cols + 1, cols_end, col, col_len, MAXC), nv = list_items(row + 1, row_end, val, val_len, MAXC);
    if (nc <= 0 || nc != nv) return 0;
    /* param_col[k]: the column whose value is exactly $k+1, or -1. */
    int param_col[MAXC * 4];
    if (nparams > (int)(sizeof param_col / sizeof *param_col)) return 0;
    for (int k = 0; k < nparams; k++) param_col[k] = -1;
    for (int i = 0; i < nv; i++)
        if (val[i][0] == '$') {
            int k = atoi(val[i] + 1);
            if (k >= 1 && k <= nparams && val_len[i] == (size_t)snprintf(NULL, 0, "$%d", k)) param_col[k - 1] = i;
        }
    /* The conflict target's columns, as parameters (the keys a batch must
     * not hold twice: one statement may not update a row twice). */
    const char *tail = row_end + 1, *conflict = strstr(tail, "ON CONFLICT(");
    *nkeys = 0;
    if (conflict && strstr(conflict, "DO UPDATE")) {
        const char *a = conflict + 11, *e = paren_end(a);
        const char *kc[8];
        size_t kl[8];
        int nk = e ? list_items(a + 1, e, kc, kl, 8) : -1;
        if (nk <= 0) return 0;
        for (int j = 0; j < nk; j++) {
            int found = -1;
            for (int i = 0; i < nc && found < 0; i++)
                if (col_len[i] == kl[j] && !strncmp(col[i], kc[j], kl[j]) && val[i][0] == '$') found = atoi(val[i] + 1) - 1;
            if (found < 0) return 0;
            keys[(*nkeys)++] = found;
        }
    }
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_append(&b, sql, (size_t)(row - sql));
    for (int r = 0; r < rows; r++) {
        if (r) ward_buf_putc(&b, ',');
        for (const char *c = row; c <= row_end; c++) {
            if (*c == '$' && isdigit((unsigned char)c[1])) {
                char *e;
                long k = strtol(c + 1, &e, 10);
                ward_buf_printf(&b, "$%ld", k + (long)r * nparams);
                c = e - 1;
            } else {
                ward_buf_putc(&b, *c);
            }
        }
    }
    /* After the rows, a parameter is a row's value of its column. */
    for (const char *c = tail; *c; c++) {
        if (*c == '$' && isdigit((unsigned char)c[1])) {
            char *e;
            long k = strtol(c + 1, &e, 10);
            if (k < 1 || k > nparams || param_col[k - 1] < 0) {
                ward_buf_free(&b);
                return 0;
            }
            ward_buf_puts(&b, "excluded.");
            ward_buf_append(&b, col[param_col[k - 1]], col_len[param_col[k - 1]]);
            c = e - 1;
        } else if (*c == '\'' || *c == '"') {
            const char *q = c + 1;
            while (*q && !(*q == *c && q[1] != *c)) q += *q == *c ? 2 : 1;
            ward_buf_append(&b, c, (size_t)(q - c + (*q ? 1 : 0)));
            c = *q ? q : q - 1;
        } else {
            ward_buf_putc(&b, *c);
        }
    }
    *out = ward_buf_steal(&b);
    return 1;
}

int pg_busy_state(const char *state)
{
    static const char *const busy[] = {"40001", "40P01", "55P03", "57014", "53300"};
    for (size_t i = 0; i < sizeof busy / sizeof *busy; i++)
        if (!strcmp(state, busy[i])) return 1;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *pg_unhex(const char *v, size_t *n)
{
    *n = 0;
    if (v[0] == '\\' && v[1] == 'x') {
        size_t len = strlen(v + 2) / 2;
        char *out = ward_xmalloc(len ? len : 1);
        for (size_t i = 0; i < len; i++) {
            int hi = hexval(v[2 + 2 * i]), lo = hexval(v[3 + 2 * i]);
            if (hi < 0 || lo < 0) break;
            out[(*n)++] = (char)(hi << 4 | lo);
        }
        return out;
    }
    size_t len = 0;   /* the old escape form: libpq decodes it */
    unsigned char *d = PQunescapeBytea((const unsigned char *)v, &len);
    char *out = ward_xmalloc(len ? len : 1);
    if (d) memcpy(out, d, len), *n = len;
    PQfreemem(d);
    return out;
}

void pg_bm25_sql(ward_buf *sql, int mask, int limit)
{
    ward_buf_puts(sql,
        "WITH q AS (SELECT websearch_to_tsquery('english', ?1) AS q,"
        "   tsvector_to_array(to_tsvector('english', replace(?1, '\"', ' '))) AS t),"
        " tot AS (SELECT greatest(chunks, 1)::float8 AS n,"
        "   greatest(lexemes::float8 / greatest(chunks, 1), 1) AS avgdl FROM search_totals),"
        " df AS (SELECT u.lexeme, greatest(coalesce(s.df, 0), 1)::float8 AS df"
        "   FROM q, unnest(q.t) u(lexeme) LEFT JOIN search_terms s ON s.lexeme = u.lexeme),"
        " m AS (SELECT c.id, ts_filter(setweight(c.tsv, 'A', q.t), '{a}') AS hit,"
        "   greatest(length(c.tsv), 1)::float8 AS dl FROM chunks c, q WHERE c.tsv @@ q.q");
    store_filter_sql(sql, mask);
    ward_buf_printf(sql,
        "),"
        " top AS (SELECT m.id, sum(ln(1 + (greatest(tot.n, df.df) - df.df + 0.5) / (df.df + 0.5))"
        "   * w.tf * 2.2 / (w.tf + 1.2 * (0.25 + 0.75 * m.dl / tot.avgdl))) AS score"
        "   FROM m CROSS JOIN LATERAL (SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1)::float8 AS tf"
        "   FROM unnest(m.hit) u) w JOIN df ON df.lexeme = w.lexeme, tot"
        "   GROUP BY m.id ORDER BY score DESC, m.id LIMIT %d)"
        " SELECT c.id, c.document_id, top.score, d.title, c.kind, c.date, c.patient_id, c.section, c.text,"
        " ts_headline('english', c.text, q.q, 'StartSel=[, StopSel=], MaxFragments=1, FragmentDelimiter=..., MaxWords='"
        "   || greatest(?6, 3) || ', MinWords=' || greatest(?6 / 2, 2)), c.start, c.end"
        " FROM top JOIN chunks c ON c.id = top.id",
        limit > 0 ? limit : 10);
    /* The winners' rows are read from the patient's partitions only. */
    store_filter_patient_sql(sql, mask, "c");
    ward_buf_puts(sql, " JOIN documents d ON d.id = c.document_id");
    store_filter_patient_sql(sql, mask, "d");
    ward_buf_puts(sql, ", q ORDER BY top.score DESC, c.id");
}

/* Folds the chunks added and removed since the last fold into BM25's
 * statistics (schema_pg.sql, version 10). Rows another writer is folding
 * right now are skipped, not waited for (it counts them); the upserts go
 * in lexeme order and the totals row last, so concurrent folds never
 * deadlock. Lexemes come from tsvector_to_array, not unnest(tsvector),
 * which builds each lexeme's positions and weights too (about half the
 * fold's time before its upserts), and sums are of int (bigint's sum is
 * numeric). */
const char pg_fold_sql[] =
    "WITH v AS (DELETE FROM search_pending WHERE ctid IN"
    "   (SELECT ctid FROM search_pending FOR UPDATE SKIP LOCKED) RETURNING sign, tsv),"
    " t AS (INSERT INTO search_terms AS s (lexeme, df)"
    "   SELECT u.lexeme, sum(v.sign::int) FROM v, unnest(tsvector_to_array(v.tsv)) u(lexeme) GROUP BY u.lexeme"
    "   HAVING sum(v.sign::int) <> 0 ORDER BY u.lexeme ON CONFLICT (lexeme) DO UPDATE SET df = s.df + excluded.df)"
    " UPDATE search_totals SET chunks = chunks + a.n, lexemes = lexemes + a.len"
    " FROM (SELECT coalesce(sum(sign), 0) AS n, coalesce(sum(sign * length(tsv)), 0) AS len FROM v) a"
    " WHERE id = 1 AND (a.n <> 0 OR a.len <> 0)";
