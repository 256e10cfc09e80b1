/* versions_q.c — document versions: a document that comes back from the
 * same source (source_key) with new content supersedes the current one.
 *
 * Ideas a reader needs:
 *  - History keeps the old text (documents row, superseded_at set); what
 *    retrieval reads is removed: chunks (their FTS rows and embeddings go
 *    with them: triggers and foreign keys), concepts and the resources
 *    derived from the document. Search, ask, summaries and citations then
 *    see one version without a filter in every query.
 *  - The old row's hash gets "~ID" appended: the UNIQUE hash must not stop
 *    the old text from coming back as a later version (an edit undone).
 *  - Each ingested document with a key asks; almost always nothing is
 *    current under its key but itself, and the check is one indexed read.
 */
#include "store_int.h"

#define CURRENT_OTHERS "SELECT id FROM documents WHERE source_key = ?1 AND superseded_at IS NULL AND id <> ?2"

static int run(ward_store *st, const char *sql, const char *key, int64_t keep, ward_err *err)
{
    store_stmt *s = store_cached(st, sql, err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, key);
    store_bind_int64(s, 2, keep);
    return store_step_done(st, s, err);
}

int ward_store_supersede(ward_store *st, const char *source_key, int64_t keep_id, int *n, ward_err *err)
{
    if (n) *n = 0;
    if (!source_key) return WARD_OK;
    store_stmt *s = store_cached(st, CURRENT_OTHERS " LIMIT 1", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, source_key);
    store_bind_int64(s, 2, keep_id);
    int step = store_step(s);
    store_reset(s);
    if (step == STORE_DONE) return WARD_OK;
    if (step != STORE_ROW) return store_fail(st, err);
    static const char *const steps[] = {
        "DELETE FROM resources WHERE derived = 1 AND source_doc IN (" CURRENT_OTHERS ")",
        "DELETE FROM concepts WHERE document_id IN (" CURRENT_OTHERS ")",
        "DELETE FROM chunks WHERE document_id IN (" CURRENT_OTHERS ")",
        "UPDATE documents SET superseded_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), hash = hash || '~' || id"
        " WHERE id IN (" CURRENT_OTHERS ")"};
    int rc = WARD_OK;
    for (size_t i = 0; i < sizeof steps / sizeof *steps && !rc; i++)
        rc = run(st, steps[i], source_key, keep_id, err);
    if (!rc && n) *n = store_changes(st);
    return rc;
}

int ward_store_document_versions(ward_store *st, const char *patient_id,
                                 int (*fn)(void *ud, const ward_doc_version *v), void *ud, ward_err *err)
{
    store_stmt *s = store_prepare(st,
        "SELECT id, version, source_key, date, title, kind, created_at, superseded_at, length(CAST(text AS BLOB))"
        " FROM documents WHERE source_key IN (SELECT source_key FROM documents WHERE patient_id IS ?1"
        "  AND source_key IS NOT NULL GROUP BY source_key HAVING count(*) > 1)"
        " ORDER BY source_key, version", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, patient_id);
    int step = STORE_DONE, stop = 0;
    while (!stop && (step = store_step(s)) == STORE_ROW) {
        ward_doc_version v = {store_int64(s, 0), store_int(s, 1), store_text(s, 2),
                              store_text(s, 3), store_text(s, 4), store_text(s, 5), store_text(s, 6),
                              store_text(s, 7), (size_t)store_int64(s, 8)};
        stop = fn(ud, &v);
    }
    return store_finish(st, s, step, stop, err);
}
