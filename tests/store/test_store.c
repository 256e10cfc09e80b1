/* test_store.c — the store: migrations, idempotent documents and resources,
 * chunks pointing at exact byte spans, refusal of dangling chunks, and a
 * note's facts, kept compact, read back as the very JSON ingest rendered
 * (also after a store from before that form is opened). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_util.h"

#include "test_store_util.h" /* tests of the store itself may use its internals */
#include "ward/funnel.h"
#include "ward/ingest.h"
#include "ward/store.h"

#include <jansson.h>

static char dir[256];

static ward_store *open_store(void)
{
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_equal(ward_store_open(dir, NULL, &st, &err), 0);
    return st;
}

static void test_migrates_and_reopens(void **state)
{
    (void)state;
    ward_store *st = open_store();
    int v = ward_store_schema_version(st);
    assert_true(v >= 1);
    ward_store_free(st);
    st = open_store();
    assert_int_equal(ward_store_schema_version(st), v);
    /* SQLite runs in WAL mode; PostgreSQL (pg/store/test_store) records
     * the version in its table. */
    if (store_lite_handle(st))
        assert_int_equal(test_store_one(st, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode='wal'"), 1);
    else
        assert_int_equal(test_store_one(st, "SELECT max(version) FROM ward_schema"), v);
    ward_store_free(st);
}

static void test_document_idempotent(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    ward_patient p = {.id = "p1", .birth_date = "1950-02-03", .sex = "female", .source = "test"};
    assert_int_equal(ward_store_put_patient(st, &p, &err), 0);
    ward_document d = {.patient_id = "p1", .kind = "note", .title = "t", .text = "Chest pain. No fever."};
    int64_t id1, id2;
    int is_new;
    assert_int_equal(ward_store_add_document(st, &d, &id1, &is_new, &err), 0);
    assert_int_equal(is_new, 1);
    assert_int_equal(ward_store_add_document(st, &d, &id2, &is_new, &err), 0);
    assert_int_equal(is_new, 0);
    assert_int_equal(id1, id2);
    ward_chunk c = {.document_id = id1, .seq = 0, .start = 12, .end = 21};
    int64_t cid;
    assert_int_equal(ward_store_add_chunk(st, &c, &cid, &err), 0);
    store_stmt *s = store_prepare(st, "SELECT text, patient_id FROM chunks WHERE id=?", &err);
    store_bind_int64(s, 1, cid);
    assert_int_equal(store_step(s), STORE_ROW);
    assert_string_equal(store_text(s, 0), "No fever.");
    assert_string_equal(store_text(s, 1), "p1");
    store_finalize(s);
    c.document_id = 999999;
    assert_int_not_equal(ward_store_add_chunk(st, &c, &cid, &err), 0);
    assert_non_null(strstr(err.msg, "unknown document"));
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM patients WHERE birth_year=1950"), 1);
    ward_store_free(st);
}

static void test_resource_hash(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    ward_resource r = {.type = "Observation", .fhir_id = "o1", .patient_id = "p1",
                       .json = "{\"resourceType\":\"Observation\",\"id\":\"o1\"}"};
    int64_t id, first, other;
    int changed;
    assert_int_equal(ward_store_put_resource(st, &r, &first, &changed, &err), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(ward_store_put_resource(st, &r, &id, &changed, &err), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(id, first);
    /* Another row written since: a changed o1 still reports its own id. */
    ward_resource r2 = {.type = "Observation", .fhir_id = "o2", .json = "{}"};
    assert_int_equal(ward_store_put_resource(st, &r2, &other, &changed, &err), 0);
    assert_int_not_equal(other, first);
    r.json = "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\"}";
    assert_int_equal(ward_store_put_resource(st, &r, &id, &changed, &err), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(id, first);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM resources"), 2);
    ward_store_free(st);
}

/* Commits docs of 100 KB (text varied by tag) one a transaction. */
static void add_big_docs(ward_store *st, int docs, int tag)
{
    ward_err err = {0};
    char *text = malloc(100001);
    memset(text, 'y', 100000);
    text[100000] = 0;
    for (int i = 0; i < docs; i++) {
        snprintf(text, 32, "%d-%d-", tag, i);
        text[strlen(text)] = 'y';
        ward_document d = {.kind = "article", .title = "big", .text = text};
        int64_t id;
        int is_new;
        assert_int_equal(ward_store_begin(st, &err), 0);
        assert_int_equal(ward_store_add_document(st, &d, &id, &is_new, &err), 0);
        assert_int_equal(ward_store_commit(st, &err), 0);
    }
    free(text);
}

/* The background checkpointer copies committed pages into the database
 * file while the writer goes on: the writer alone (below its own
 * threshold) would leave them in the log. */
static void test_checkpointer(void **state)
{
    (void)state;
    ward_store *st = open_store();
    if (!store_lite_handle(st)) {   /* PostgreSQL: nothing to do, nothing to see */
        ward_store_checkpointer_start(st);
        ward_store_free(st);
        return;
    }
    ward_err err = {0};
    assert_int_equal(ward_store_checkpoint(st, &err), 0);
    char db[300];
    snprintf(db, sizeof db, "%s/ward.db", dir);
    struct stat before, after;
    assert_int_equal(stat(db, &before), 0);
    ward_store_checkpointer_start(st);
    add_big_docs(st, 20, 0);   /* 2 MB: about 500 pages, under the writer's threshold */
    int grew = 0;
    for (int i = 0; i < 100 && !grew; i++) {   /* up to 5 s */
        usleep(50000);
        grew = stat(db, &after) == 0 && after.st_size >= before.st_size + 2000000;
    }
    assert_true(grew);
    ward_store_checkpointer_stop(st);
    ward_store_checkpointer_stop(st);   /* stopping twice is harmless */
    ward_store_checkpointer_start(st);  /* and ward_store_free stops it */
    ward_store_free(st);
}

static long long wal_size(void)
{
    char wal[300];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s/ward.db-wal", dir);
    return stat(wal, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* A long run of writes (ingest) lets the log grow past SQLite's 4 MB; at
 * its end the log is cut to nothing, though another connection keeps the
 * store open (ward serve: the log then outlives the run). A reader still
 * in the log delays the cut, without making the writer wait, to the
 * first commit after the log starts over (journal_size_limit). */
static void test_long_writes_trim(void **state)
{
    (void)state;
    ward_store *st = open_store(), *other = open_store();
    if (!store_lite_handle(st)) {
        ward_store_long_writes(st, 1);
        ward_store_long_writes(st, 0);
        ward_store_free(other);
        ward_store_free(st);
        return;
    }
    ward_store_long_writes(st, 1);
    add_big_docs(st, 60, 1);   /* 6 MB: over 1,000 pages, under 16,384 */
    assert_true(wal_size() > 6000000);
    ward_store_long_writes(st, 0);
    assert_int_equal(wal_size(), 0);

    /* A reader in the log: no wait for it, the log stays for now. */
    int began = ward_store_read_begin(other);
    assert_true(began);
    assert_true(test_store_one(other, "SELECT count(*) FROM documents") >= 60);
    ward_store_long_writes(st, 1);
    add_big_docs(st, 60, 2);
    time_t t0 = time(NULL);
    ward_store_long_writes(st, 0);
    assert_true(time(NULL) - t0 <= 1);   /* the busy timeout is 10 s */
    assert_true(wal_size() > 6000000);
    ward_store_read_end(other, began);
    add_big_docs(st, 1, 3);   /* its commit's checkpoint copies the whole log */
    add_big_docs(st, 1, 4);   /* the log starts over: cut to 4 MB */
    assert_true(wal_size() > 0 && wal_size() <= 4194304 + 200000);
    ward_store_free(other);
    ward_store_free(st);
}

/* ---- ranking: ward_bm25 (lite_rank.c) gives exactly what FTS5's bm25()
 * gives for the expression searched, repeated phrases included, also
 * after the index changed under the counts it keeps. */

typedef struct ranked {
    int n;
    int64_t id[32];
    double score[32];
} ranked;

static int take_ranked(void *ud, const ward_search_row *r)
{
    ranked *k = ud;
    if (k->n < 32) k->id[k->n] = r->chunk_id, k->score[k->n++] = r->score;
    return 0;
}

/* Adds a document of patient with one chunk holding all its text, with
 * chunk id `at` when not 0. */
static void add_text_at(ward_store *st, const char *patient, const char *text, int64_t at)
{
    ward_err err = {0};
    ward_document d = {.patient_id = patient, .kind = "note", .title = "t", .text = text};
    int64_t id, cid;
    int is_new;
    assert_int_equal(ward_store_begin(st, &err), 0);
    assert_int_equal(ward_store_add_document(st, &d, &id, &is_new, &err), 0);
    ward_chunk c = {.document_id = id, .seq = 0, .start = 0, .end = strlen(text)};
    assert_int_equal(ward_store_add_chunk(st, &c, &cid, &err), 0);
    if (at) {
        store_stmt *s = store_prepare(st, "UPDATE chunks SET id = ? WHERE id = ?", &err);
        store_bind_int64(s, 1, at);
        store_bind_int64(s, 2, cid);
        assert_int_equal(store_step(s), STORE_DONE);
        store_finalize(s);
    }
    assert_int_equal(ward_store_commit(st, &err), 0);
}

static void add_text(ward_store *st, const char *text)
{
    add_text_at(st, "p1", text, 0);
}

/* The search of fts (patient p1 when filtered, by its chunk ids when ids;
 * kind "note", which every chunk is, when kind) against bm25() of the same
 * expression over those chunks, row for row and bit for bit, the best
 * `limit`. */
static void check_rank(ward_store *st, const char *fts, int filtered, int ids, int kind, int limit)
{
    ward_err err = {0};
    ward_store_filter f = {.patient_id = "p1"}, notes = {.kind = "note"};
    int64_t *chunk_ids = NULL;
    if (ids) {
        assert_int_equal(ward_store_chunk_ids(st, &f, &chunk_ids, &f.n_ids, &err), 0);
        f.ids = chunk_ids;
    }
    ranked got = {0}, want = {0};
    assert_int_equal(ward_store_search_bm25(st, fts, filtered ? &f : kind ? &notes : NULL, limit, 8, take_ranked, &got,
                                            &err), 0);
    store_stmt *s = store_prepare(st, filtered ? "SELECT rowid, -bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?1"
                                                 " AND rowid IN (SELECT id FROM chunks WHERE patient_id = 'p1')"
                                                 " ORDER BY bm25(chunks_fts), rowid LIMIT ?2"
                                               : "SELECT rowid, -bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?1"
                                                 " ORDER BY bm25(chunks_fts), rowid LIMIT ?2", &err);
    assert_non_null(s);
    store_bind_text(s, 1, fts);
    store_bind_int64(s, 2, limit);
    while (store_step(s) == STORE_ROW) want.id[want.n] = store_int64(s, 0), want.score[want.n++] = store_double(s, 1);
    store_finalize(s);
    free(chunk_ids);
    assert_true(want.n > 2);
    assert_int_equal(got.n, want.n);
    for (int i = 0; i < want.n; i++) {
        assert_true(got.score[i] == want.score[i]);
        /* equal scores may come in either order */
        assert_true(got.id[i] == want.id[i] || (i + 1 < want.n && want.score[i] == want.score[i + 1]) ||
                    (i > 0 && want.score[i] == want.score[i - 1]));
    }
}

static void test_bm25_rank(void **state)
{
    (void)state;
    ward_store *st = open_store();
    if (!store_lite_handle(st)) {   /* PostgreSQL ranks its own way */
        ward_store_free(st);
        return;
    }
    ward_err err = {0};
    ward_patient p = {.id = "p1", .source = "test"};
    assert_int_equal(ward_store_put_patient(st, &p, &err), 0);
    const char *texts[] = {
        "Fever and cough for three days.", "Cough, worse at night; no fever.", "Chest pain on exertion.",
        "Fever fever fever, chills and a cough that brings up sputum, with pain.",
        "Seen for follow-up of hypertension; no complaints.", "Pain in the left knee after a fall.",
        "Night sweats and fever; cough improving on antibiotics.", "Fever resolved."};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) add_text(st, texts[i]);
    /* p1's chunks in runs far apart, p2's between: searched range by
     * range (search_q.c), merged in score order. */
    ward_patient p2 = {.id = "p2", .source = "test"};
    assert_int_equal(ward_store_put_patient(st, &p2, &err), 0);
    add_text_at(st, "p2", "Fever and cough, and fever.", 10000);
    add_text_at(st, "p1", "Cough with fever overnight.", 20000);
    add_text_at(st, "p2", "Chest pain and fever.", 30000);
    add_text_at(st, "p1", "No fever, no cough; chest pain gone.", 50000);
    add_text_at(st, "p2", "Cough.", 60000);
    /* Rows of 128 tokens and more: their size is a varint of two bytes
     * (lite_rank.c reads it itself). */
    for (int words = 127; words <= 131; words += 4) {
        ward_buf b;
        ward_buf_init(&b);
        ward_buf_puts(&b, "Cough");
        for (int w = 1; w < words; w++) ward_buf_printf(&b, " fever%s", w % 3 ? "" : ", cough");
        add_text(st, b.data);
        ward_buf_free(&b);
    }
    const char *exprs[] = {
        "\"fever\" OR \"cough\"",
        /* widened: the own words twice, the alternatives once */
        "\"fever\" OR \"cough\" OR \"fever\" OR \"cough\" OR \"chest pain\" OR \"night sweats\"",
        /* not Ward's own form: searched as it is */
        "fever OR \"cough\" OR fever"};
    for (int round = 0; round < 2; round++) {
        for (size_t e = 0; e < sizeof exprs / sizeof *exprs; e++)
            for (int how = 0; how < 4; how++) {
                check_rank(st, exprs[e], how == 1 || how == 2, how == 2, how == 3, 32);
                check_rank(st, exprs[e], how == 1 || how == 2, how == 2, how == 3, 3);
            }
        /* The index changes: the phrase counts kept from the searches
         * above are stale and must not be used. */
        add_text(st, "Cough and fever again, and night sweats.");
    }
    ward_store_free(st);
}

/* ---- a note's facts: kept compact, read as the JSON ingest rendered ---- */

static const char facts_note[] =
    "---\npatient: pf\ndate: 2024-03-02\n---\n"
    "Assessment: Hypertension and type 2 diabetes mellitus. Chest pain, \"sharp\", after the caf\xc3\xa9.\n"
    "Medications: Lisinopril 10 mg by mouth daily. Tylenol 650 mg by mouth every 6 hours as needed for pain.\n"
    "Vitals: BP 150/90, HR 88, temp 38.2 C, SpO2 97%.\n"
    "Labs: Potassium 5.9 (H). Hemoglobin A1c 8.1 %.\n"
    "Allergies: penicillin.\n";

/* A resource's JSON as the store's readers get it (NULL: no such row);
 * *stored: the length of what the row keeps, *hash: whether it has one. */
static char *read_fact(ward_store *st, const char *type, const char *id, size_t *stored, int *hash)
{
    store_stmt *s = store_prepare(st, "SELECT " STORE_RESOURCE_JSON_COLS ", length(json), length(hash)"
                                      " FROM resources WHERE type = ?1 AND fhir_id = ?2", NULL);
    assert_non_null(s);
    store_bind_text(s, 1, type);
    store_bind_text(s, 2, id);
    char *json = NULL;
    if (store_step(s) == STORE_ROW) {
        ward_buf b;
        ward_buf_init(&b);
        const char *j = store_resource_json(s, 0, &b);
        json = j ? ward_xstrdup(j) : NULL;
        *stored = (size_t)store_int64(s, 7);
        *hash = store_int64(s, 8) > 0;
        ward_buf_free(&b);
    }
    store_finalize(s);
    return json;
}

/* A fact: its resource's type and id, and its JSON. */
typedef struct fact_json { char type[24], id[64], *json; } fact_json;

/* Each fact of the note, rendered from a new extraction of its stored text
 * (as ingest extracts it), against what the store's readers get: the same
 * bytes, from a row keeping a fifth of them or less, with no hash.
 * Returns how many, and their JSON in *out (the caller frees it). */
static int check_facts(ward_store *st, fact_json **out)
{
    store_stmt *s = store_prepare(st, "SELECT id, text, date FROM documents WHERE patient_id = 'pf'", NULL);
    assert_int_equal(store_step(s), STORE_ROW);
    int64_t doc = store_int64(s, 0);
    char *text = ward_xstrdup(store_text(s, 1)), *date = ward_xstrdup(store_text(s, 2));
    store_finalize(s);
    ward_extractor *ex;
    ward_err err = {0};
    assert_int_equal(ward_extractor_new(NULL, &ex, &err), 0);
    ward_extraction x = {0};
    ward_extract(ex, text, strlen(text), &x);
    ward_fhir_ctx ctx = {"pf", doc, date};
    ward_buf want;
    ward_buf_init(&want);
    int n = 0, types = 0;
    fact_json *v = *out = ward_xcalloc(x.nconcepts + 1, sizeof *v);
    for (size_t i = 0; i < x.nconcepts; i++) {
        if (!ward_found_is_fact(&x.concepts[i])) continue;
        ward_fhir_row row;
        ward_found_to_fhir(&x.concepts[i], text, &ctx, &want, &row);
        size_t stored = 0;
        int hash = 1;
        char *got = read_fact(st, row.type, row.id, &stored, &hash);
        assert_non_null(got);
        assert_string_equal(got, want.data);
        if (stored * 5 >= want.len) fail_msg("%zu bytes kept for %s", stored, want.data);
        assert_false(hash);
        types |= 1 << (row.type[0] == 'C' ? 0 : row.type[0] == 'M' ? 1 : row.type[0] == 'O' ? 2 : 3);
        snprintf(v[n].type, sizeof v[n].type, "%s", row.type);
        snprintf(v[n].id, sizeof v[n].id, "%s", row.id);
        v[n++].json = ward_xstrdup(want.data);
        free(got);
    }
    assert_int_equal(types, 15);   /* Condition, MedicationStatement, Observation, AllergyIntolerance */
    assert_int_equal(n, test_store_one(st, "SELECT count(*) FROM resources WHERE derived = 1 AND patient_id = 'pf'"));
    ward_buf_free(&want);
    ward_extraction_free(&x);
    ward_extractor_free(ex);
    free(text);
    free(date);
    return n;
}

static void test_facts_rendered(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    ward_ingest *in;
    assert_int_equal(ward_ingest_new(st, NULL, &in, &err), 0);
    assert_int_equal(ward_ingest_text(in, "facts.txt", facts_note, strlen(facts_note)), 0);
    assert_int_equal(ward_ingest_finish(in, &err), 0);
    assert_int_equal(ward_ingest_get_counts(in)->documents, 1);
    ward_ingest_free(in);
    fact_json *v;
    int n = check_facts(st, &v);
    assert_true(n >= 8);
    /* The public read (FHIR search): the same resources. */
    json_t *list, *r;
    assert_int_equal(ward_resources_json(st, "pf", "Condition", &list, &err), 0);
    assert_true(json_array_size(list) >= 2);
    size_t i;
    json_array_foreach(list, i, r) {
        char *dump = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER);
        int found = 0;
        for (int k = 0; k < n; k++) found |= !strcmp(v[k].json, dump);
        if (!found) fail_msg("FHIR search read %s", dump);
        free(dump);
    }
    json_decref(list);

    /* A store from before schema version 14: the facts whole, with a hash,
     * one of them changed by hand. The next open puts all but that one in
     * the compact form, and every reader gets what was stored. */
    int changed = -1;
    for (int k = 0; k < n; k++) {
        char *at = strstr(v[k].json, "\"unconfirmed\"");
        if (at && changed < 0) memcpy(at, "\"confirmed\"  ", 13), changed = k;   /* still JSON */
        store_stmt *s = store_prepare(st, "UPDATE resources SET json = ?1, hash = 'h' WHERE type = ?2 AND fhir_id = ?3", NULL);
        store_bind_text(s, 1, v[k].json);
        store_bind_text(s, 2, v[k].type);
        store_bind_text(s, 3, v[k].id);
        assert_int_equal(store_step(s), STORE_DONE);
        store_finalize(s);
    }
    assert_true(changed >= 0);
    assert_int_equal(ward_store_exec(st, "INSERT INTO meta(key, value) VALUES ('facts.compact', 'pending')", &err), 0);
    ward_store_free(st);
    st = open_store();
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM meta WHERE key = 'facts.compact'"), 0);
    for (int k = 0; k < n; k++) {
        size_t stored = 0;
        int hash = 0;
        char *got = read_fact(st, v[k].type, v[k].id, &stored, &hash);
        assert_non_null(got);
        assert_string_equal(got, v[k].json);
        assert_true(k == changed ? stored == strlen(got) && hash : stored * 5 < strlen(got) && !hash);
        free(got);
        free(v[k].json);
    }
    free(v);
    ward_store_free(st);
}

/* Terms made apart (ingest's workers) are what the index takes for a
 * chunk whose text came with them: shown here with terms of another text,
 * which only a replay can put in the index. A chunk without terms is
 * tokenized by the index itself. PostgreSQL makes no terms. */
static void test_fts_terms(void **state)
{
    (void)state;
    ward_store *st = open_store();
    ward_err err = {0};
    ward_buf terms;
    ward_buf_init(&terms);
    int rc = ward_store_fts_terms(st, "Quokkas grazing", 15, &terms);
    if (!store_lite_handle(st)) {
        assert_int_equal(rc, WARD_EUSAGE);
        ward_buf_free(&terms);
        ward_store_free(st);
        return;
    }
    assert_int_equal(rc, 0);
    assert_true(terms.len > 0);
    ward_document d = {.kind = "article", .title = "terms", .text = "Xylophonist dreams. Yodelling weekly."};
    int64_t did, ids[2];
    int is_new;
    assert_int_equal(ward_store_begin(st, &err), 0);
    assert_int_equal(ward_store_add_document(st, &d, &did, &is_new, &err), 0);
    ward_chunk c[2] = {
        {.document_id = did, .seq = 0, .start = 0, .end = 19, .text = "Xylophonist dreams.", .doc = &d,
         .fts_terms = terms.data, .fts_terms_len = terms.len},
        {.document_id = did, .seq = 1, .start = 20, .end = 37, .text = "Yodelling weekly.", .doc = &d}};
    assert_int_equal(ward_store_add_chunks_later(st, c, 2, ids, &err), 0);
    assert_int_equal(ward_store_sync(st, &err), 0);
    assert_int_equal(ward_store_commit(st, &err), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'quokka'"), 1);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'xylophonist'"), 0);
    assert_int_equal(test_store_one(st, "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'yodel'"), 1);
    ward_buf_free(&terms);
    ward_store_free(st);
}

static void test_bad_dir(void **state)
{
    (void)state;
    ward_store *st = NULL;
    ward_err err = {0};
    assert_int_not_equal(ward_store_open("/proc/ward-no-such/x", NULL, &st, &err), 0);
    assert_null(st);
    assert_non_null(strstr(err.msg, "/proc/ward-no-such/x"));
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "store")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrates_and_reopens),
        cmocka_unit_test(test_document_idempotent),
        cmocka_unit_test(test_resource_hash),
        cmocka_unit_test(test_checkpointer),
        cmocka_unit_test(test_long_writes_trim),
        cmocka_unit_test(test_bm25_rank),
        cmocka_unit_test(test_facts_rendered),
        cmocka_unit_test(test_fts_terms),
        cmocka_unit_test(test_bad_dir),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
