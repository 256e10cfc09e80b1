/* store.h — Ward's persistent store: one SQLite database in WAL mode (the
 * embedded default) or one PostgreSQL database shared by several nodes.
 *
 * The database is the source of truth for everything: patients, documents, chunks,
 * concepts, FHIR resources, drafts, audit events, embeddings. Any other file
 * (the vector index) is a cache that can be rebuilt from it.
 *
 * Writes happen inside ward_store_begin/commit; a crash at any moment leaves
 * the last committed state. Content hashes make re-ingest a no-op.
 */
#ifndef WARD_STORE_H
#define WARD_STORE_H

#include "ward/core.h"

typedef struct ward_store ward_store;

typedef struct ward_store_params {
    int read_only;       /* open without creating or migrating */
    int busy_timeout_ms; /* wait this long for another writer (default 10 s) */
    int must_exist;      /* refuse (WARD_ENOTFOUND) when DIR/ward.db does not exist:
                            commands that only read never create an empty store */
    const char *location; /* where the database is: NULL for the default
                            (below), or a PostgreSQL URI ("postgresql://...",
                            "postgres://..." or libpq "key=value" words) */
} ward_store_params;

/* The store's database, when params.location is NULL: $WARD_STORE (the
 * CLI's --store sets it), else "store = ..." in DATA/config, else SQLite
 * in DATA/ward.db. A PostgreSQL store keeps its other files (keys, spool,
 * config, the vector index cache) in DATA as well. */

ward_store_params ward_store_default_params(void);

/* Opens (creating if needed) DIR/ward.db, applying schema migrations. A
 * store whose file or directory is not writable opens for reading (as with
 * read_only), when its schema is current; writes then fail with the reason.
 * params NULL: the defaults. */
int ward_store_open(const char *dir, const ward_store_params *params, ward_store **out, ward_err *err);
void ward_store_free(ward_store *st);
const char *ward_store_dir(ward_store *st);
int ward_store_schema_version(ward_store *st);

/* Begins a write transaction (BEGIN IMMEDIATE: the write lock now, so no
 * statement inside can meet a busy store). WARD_EBUSY when another process
 * kept the lock for the whole busy timeout. */
int ward_store_begin(ward_store *st, ward_err *err);
/* Sets how long the store waits for another process's write lock;
 * returns the previous value (to restore it). */
int ward_store_set_busy_timeout(ward_store *st, int ms);
/* How long a command that only reads waits for the write lock for its side
 * writes (the audit event, the draft of a generated text) before it goes
 * on without it: the audit event is spooled (govern/audit_spool.c), the
 * draft is not kept. A read never waits the full busy timeout. */
#define WARD_STORE_SIDE_WRITE_MS 1000
int ward_store_commit(ward_store *st, ward_err *err);
void ward_store_rollback(ward_store *st);
/* A read transaction around statements that only read, where the engine
 * gains by one (SQLite: they share one snapshot, one round of file locks
 * and one check of the page cache instead of each its own). Returns 1 when
 * it began one, 0 when not (another engine, already inside a transaction,
 * or it failed: the statements then run on their own, as correct). Nothing
 * inside may write. ward_store_read_end(st, began) ends it. */
int ward_store_read_begin(ward_store *st);
void ward_store_read_end(ward_store *st, int began);
/* Savepoints isolate one record inside a file's transaction. */
int ward_store_savepoint(ward_store *st, ward_err *err);
int ward_store_release(ward_store *st, ward_err *err);
void ward_store_rollback_to(ward_store *st);

/* Runs SQL with no result rows. */
int ward_store_exec(ward_store *st, const char *sql, ward_err *err);

/* Patient: demographics that analytics need; name/mrn stay in this table. */
typedef struct ward_patient {
    const char *id;          /* FHIR Patient.id, or the MRN from HL7 */
    const char *name;        /* display name (PHI) */
    const char *mrn;
    const char *birth_date;  /* YYYY-MM-DD or NULL */
    const char *sex;         /* male|female|other|unknown */
    const char *race, *ethnicity;
    const char *deceased_date;
    const char *source;      /* fhir|hl7v2|note|synth */
} ward_patient;

/* Inserts or updates (non-NULL fields win over stored ones). */
int ward_store_put_patient(ward_store *st, const ward_patient *p, ward_err *err);
/* *yes = 1 when a patient with this id is stored. */
int ward_store_patient_exists(ward_store *st, const char *id, int *yes, ward_err *err);

/* FHIR resource, kept whole as JSON with queried fields lifted to columns.
 * A derived one (a fact of a note) keeps only what its columns do not
 * hold (json: the fact as ward_found_to_fact writes it; no hash) and is
 * rendered as FHIR JSON when read (schema.sql, version 14). */
typedef struct ward_resource {
    const char *type, *fhir_id, *patient_id, *encounter_id;
    const char *code_system, *code, *display;
    const char *status, *effective;   /* ISO date/time */
    double value_num; int has_value;
    const char *value_text, *unit;
    int derived;                      /* 1: extracted from free text */
    int64_t source_doc; int span_start, span_end;
    const char *json;
    int fresh;                        /* 1: no stored row has this type and id but one this
                                         writer just wrote (the facts of a document just
                                         added): no lookup first, the row is upserted and
                                         gets no hash; pass id NULL */
} ward_resource;

/* Returns WARD_OK and sets *changed to 1 when stored/updated, 0 when the
 * identical resource (same hash) was already there. *id (may be NULL) gets
 * the row id; without it, inside a transaction, the write may be sent
 * without waiting for its answer (see ward_store_sync). */
int ward_store_put_resource(ward_store *st, const ward_resource *r, int64_t *id, int *changed,
                            ward_err *err);

/* Document. hash is computed from kind, patient, source id and text. */
typedef struct ward_document {
    const char *patient_id; /* NULL: literature corpus */
    const char *kind;       /* note, discharge_summary, lab_report, record, guideline, article, transcript... */
    const char *title, *date, *author, *author_role;
    const char *source_format, *source_id;
    const char *source_key; /* the source's identity across edits, or NULL (see ward_store_supersede) */
    const char *text; size_t text_len;
    int64_t resource_id;    /* the structured record it renders, or 0 */
    const char *hash;       /* its ward_store_document_hash when the caller has it, or NULL
                               (then computed where needed) */
    int unstored;           /* 1: the caller found no document with this hash in the write
                               transaction it still holds (ward_store_document_stored), so
                               add_document does not look it up again */
} ward_document;

/* A document's content hash (65 bytes with the NUL): what makes it the
 * same document (add_document stores new content only). */
void ward_store_document_hash(const ward_document *d, char out[65]);

/* *id gets the document id; *is_new is 0 when identical content existed. */
int ward_store_add_document(ward_store *st, const ward_document *d, int64_t *id, int *is_new,
                            ward_err *err);
/* Whether identical content is stored (the content hash add_document
 * checks): *id gets its id, or 0. Writes nothing. */
int ward_store_document_stored(ward_store *st, const ward_document *d, int64_t *id, ward_err *err);
/* Document versions: every current document with source_key other than
 * keep_id becomes history (superseded_at set; its text stays, for `ward
 * show --history`), and loses what retrieval sees: chunks (and with them
 * FTS rows and embeddings), concepts and the facts derived from it.
 * *n (may be NULL) gets how many were superseded. */
int ward_store_supersede(ward_store *st, const char *source_key, int64_t keep_id, int *n, ward_err *err);
/* A patient's documents that have versions (source_key), every version,
 * oldest first per key. */
typedef struct ward_doc_version {
    int64_t id;
    int version;
    const char *source_key, *date, *title, *kind, *created_at;
    const char *superseded_at;   /* NULL: the current version */
    size_t text_len;
} ward_doc_version;
int ward_store_document_versions(ward_store *st, const char *patient_id,
                                 int (*fn)(void *ud, const ward_doc_version *v), void *ud, ward_err *err);
/* Drops a document's old version (and its chunks) for a source id. */
int ward_store_delete_documents_for_source(ward_store *st, const char *source_format,
                                           const char *source_id, ward_err *err);

typedef struct ward_chunk {
    int64_t document_id;
    int seq;
    const char *section;
    size_t start, end;        /* byte offsets into the document text */
    const char *text;         /* NULL: take document text [start,end) */
    const char *deid_text;    /* de-identified text, or NULL: not de-identified
                                 (stored as NULL when equal to text: schema.sql 13) */
    const ward_document *doc; /* the document as added (patient, kind, date copied from it),
                                 or NULL: they are read from its row */
    const char *fts_terms;    /* text's terms from ward_store_fts_terms (with text set and
                                 the store's own, so the index need not tokenize it), or NULL */
    size_t fts_terms_len;
} ward_chunk;

int ward_store_add_chunk(ward_store *st, const ward_chunk *c, int64_t *id, ward_err *err);
/* Appends to out the terms the full-text index makes of text[0,len), for
 * ward_chunk.fts_terms: a thread other than the writer's (ingest's
 * workers, with a store of their own) spares the writer the tokenizing.
 * WARD_EUSAGE when the engine makes its index otherwise (PostgreSQL). */
int ward_store_fts_terms(ward_store *st, const char *text, size_t len, ward_buf *out);
/* ward_store_add_chunk for a document's chunks in a row: inside a
 * transaction, with c->doc and c->text set, *id (required) may be set only
 * by the next ward_store_sync, and a failure may be reported by it (or by
 * the COMMIT): PostgreSQL sends the chunks without waiting for each
 * answer. Call ward_store_sync before reading the ids. */
int ward_store_add_chunk_later(ward_store *st, const ward_chunk *c, int64_t *id, ward_err *err);
/* The same for n chunks, ids[i] for c[i]; on PostgreSQL several go in one
 * statement (each INSERT into its partitioned table costs a set-up). */
int ward_store_add_chunks_later(ward_store *st, const ward_chunk *c, size_t n, int64_t *ids, ward_err *err);
/* Waits for the writes sent without waiting (ward_store_add_chunk_later,
 * a note's concepts): WARD_OK when all were written, else the first
 * failure. Nothing to do on SQLite. */
int ward_store_sync(ward_store *st, ward_err *err);

typedef struct ward_concept {
    int64_t chunk_id, document_id;
    size_t start, end;        /* byte offsets into the document */
    const char *type;         /* problem|medication|lab|vital|procedure|allergy */
    const char *text;
    const char *norm_json;    /* normalized attributes, JSON object */
    const char *code_system, *code;
    const char *assertion;    /* present|negated|possible|historical|family|hypothetical */
    const char *patient_id;   /* the document's patient (NULL for literature): PostgreSQL
                                 partitions concepts by it and refuses another */
} ward_concept;

int ward_store_add_concept(ward_store *st, const ward_concept *c, int64_t *id, ward_err *err);
/* Adds n concepts, several to a statement, without waiting for each
 * answer (a note's concepts: a failure fails the transaction's commit). */
int ward_store_add_concepts(ward_store *st, const ward_concept *c, size_t n, ward_err *err);

/* Imported vocabularies (table vocab): code<TAB>description tables, RxNorm. */
typedef int (*ward_vocab_fn)(void *ud, const char *system, const char *code, const char *description);
/* Inserts or replaces one entry (call inside a transaction for speed). */
int ward_store_vocab_put(ward_store *st, const char *system, const char *code, const char *desc,
                         ward_err *err);
/* Calls fn for every entry (fn returns nonzero to stop). */
int ward_store_vocab_each(ward_store *st, ward_vocab_fn fn, void *ud, ward_err *err);
/* Entries whose code is text (dots ignored), then up to limit whose
 * description contains text, shortest first. */
int ward_store_vocab_lookup(ward_store *st, const char *text, int limit, ward_vocab_fn fn, void *ud,
                            ward_err *err);

/* The store's own settings (the meta table): get sets *value to the value
 * for key (malloc'd), or NULL when unset; set stores value (NULL clears it). */
int ward_store_meta_get(ward_store *st, const char *key, char **value, ward_err *err);
/* values[i] for keys[i], i < n, as ward_store_meta_get (all NULL on failure). */
int ward_store_meta_getv(ward_store *st, size_t n, const char *const *keys, char **values, ward_err *err);
int ward_store_meta_set(ward_store *st, const char *key, const char *value, ward_err *err);

/* --- ingest, index and search (seam-lower) --- */

/* Which chunks a search may see. Every field narrows; all are applied inside
 * the store's queries, before ranking, never to results afterwards. */
typedef struct ward_store_filter {
    const char *patient_id;        /* NULL: any; "": literature only (no patient) */
    const char *const *patients;   /* NULL: no scope; else only chunks of these patients ... */
    size_t n_patients;
    int literature;                /* ... and, when set, literature chunks (no patient) too */
    const char *kind;              /* document kind or NULL */
    const char *since, *until;     /* YYYY-MM-DD inclusive bounds or NULL */
    const int64_t *ids;            /* NULL, or the ids (ascending, from ward_store_chunk_ids) of
                                      the chunks that pass the fields above: a search may test
                                      these in place of the clauses. Non-NULL with n_ids 0: none */
    size_t n_ids;
} ward_store_filter;

/* 1 when f restricts anything (f may be NULL). */
int ward_store_filter_active(const ward_store_filter *f);

/* A chunk as searches see it. Strings are borrowed: valid only during the
 * callback that receives the row. */
typedef struct ward_search_row {
    int64_t chunk_id, document_id;
    double score;                  /* BM25: -bm25 (higher is better); 0 otherwise */
    const char *title, *kind, *date, *patient_id, *section;
    const char *text;              /* the chunk text */
    const char *snippet;           /* BM25: text around the matches, terms in [brackets]; else NULL */
    size_t start, end;             /* byte offsets into the document */
} ward_search_row;
/* Receives one row; returns nonzero to stop. */
typedef int (*ward_search_row_fn)(void *ud, const ward_search_row *row);

/* BM25 over the chunks' full-text index: `fts` is an FTS5 expression (built
 * by ward_search_fts_query, never raw user text). Calls fn for the best
 * `limit` chunks passing f, best first, with snippets of snippet_tokens. */
int ward_store_search_bm25(ward_store *st, const char *fts, const ward_store_filter *f, int limit,
                           int snippet_tokens, ward_search_row_fn fn, void *ud, ward_err *err);
/* One chunk by id (no snippet); WARD_ENOTFOUND when it is gone. */
int ward_store_chunk_get(ward_store *st, int64_t chunk_id, ward_search_row_fn fn, void *ud, ward_err *err);

/* Vectors (table embeddings: one float32 vector per chunk, one model per store). */
/* *yes = 1 when any chunk has a vector. */
int ward_store_has_vectors(ward_store *st, int *yes, ward_err *err);
/* The ids (ascending, malloc'd into *ids) of the chunks that pass f, with
 * a vector or not (a vector index skips the ids it does not hold). */
int ward_store_chunk_ids(ward_store *st, const ward_store_filter *f, int64_t **ids, size_t *n, ward_err *err);
/* Calls fn for every stored vector of dim values of a chunk passing f (f NULL
 * or inactive: every vector), in chunk id order; vectors of another size are
 * skipped. vec is borrowed for the call; fn returns nonzero to stop. */
typedef int (*ward_vector_fn)(void *ud, int64_t chunk_id, const float *vec);
int ward_store_vectors_each(ward_store *st, const ward_store_filter *f, int dim, ward_vector_fn fn, void *ud,
                            ward_err *err);

/* The ids (ascending, malloc'd into *ids) of every chunk with a stored
 * vector; then the vectors of some of them (ids[0..n), dim values; others
 * skipped), in id order. A vector index brings itself up to date with
 * these: it reads every id, but only the vectors it lacks. */
int ward_store_embedded_ids(ward_store *st, int64_t **ids, size_t *n, ward_err *err);
int ward_store_vectors_of(ward_store *st, const int64_t *ids, size_t n, int dim, ward_vector_fn fn, void *ud,
                          ward_err *err);

/* Counts: chunks, and chunks with a vector. */
int ward_store_chunk_count(ward_store *st, long *n, ward_err *err);
int ward_store_vector_count(ward_store *st, long *n, ward_err *err);
/* The model and dim of the stored vectors (*model malloc'd, NULL when there
 * are none) and how many distinct model/dim pairs the store holds. */
int ward_store_vector_model(ward_store *st, char **model, int *dim, int *nmodels, ward_err *err);
/* Drops every vector and the embedder recorded in meta (embed.*). */
int ward_store_vectors_drop(ward_store *st, ward_err *err);
/* Up to max chunks without a vector, of id > after, in id order: ids[i] and
 * texts[i] (malloc'd) for i < *got. */
int ward_store_chunks_unembedded(ward_store *st, int64_t after, size_t max, int64_t *ids, char **texts,
                                 size_t *got, ward_err *err);
/* Stores (or replaces) a chunk's vector; nothing when the chunk is gone. */
int ward_store_vector_put(ward_store *st, int64_t chunk_id, const char *model, const float *vec, int dim,
                          ward_err *err);
/* Calls fn with every chunk's text in id order (fn returns nonzero to stop). */
int ward_store_chunk_texts(ward_store *st, int (*fn)(void *ud, const char *text), void *ud, ward_err *err);

/* The lexical embedder's trained model: n words, each with a SIF weight and
 * a vector of dim floats (vec is n * dim), and the common component. */
typedef struct ward_lexical_model {
    const char *id;
    int dim;
    size_t n;
    const char *const *words;
    const float *weight, *vec, *common;
} ward_lexical_model;
/* Replaces the stored model (call inside a transaction). */
int ward_store_lexical_save(ward_store *st, const ward_lexical_model *m, ward_err *err);
/* The stored model's id, dim and common component (malloc'd); WARD_ENOTFOUND
 * when none is trained. */
int ward_store_lexical_head(ward_store *st, char **id, int *dim, float **common, ward_err *err);
/* Calls fn for every word whose vector has dim floats (borrowed for the
 * call); fn returns nonzero to stop. */
typedef int (*ward_lexical_word_fn)(void *ud, const char *word, float weight, const float *vec);
int ward_store_lexical_words(ward_store *st, int dim, ward_lexical_word_fn fn, void *ud, ward_err *err);
/* One word's vector (malloc'd, *dim floats); WARD_ENOTFOUND when unknown. */
int ward_store_lexical_vec(ward_store *st, const char *word, float **vec, int *dim, ward_err *err);

/* Ingest lookups. The stored id of the patient whose MRN is mrn (or id),
 * copied into out; WARD_ENOTFOUND when none. */
int ward_store_patient_by_mrn(ward_store *st, const char *id, const char *mrn, char *out, size_t cap,
                              ward_err *err);
/* Appends to out the display of the stored resource type[0,type_len)/fhir_id
 * (nothing when it is not stored or has none). */
int ward_store_resource_display(ward_store *st, const char *type, size_t type_len, const char *fhir_id,
                                ward_buf *out, ward_err *err);

/* Code lookup (tools/codes.c): entries whose code is code (any case), then
 * entries whose description holds every whitespace-separated word of words,
 * shortest description first; system NULL: any. At most limit rows each. */
int ward_store_vocab_code(ward_store *st, const char *system, const char *code, int limit, ward_vocab_fn fn,
                          void *ud, ward_err *err);
int ward_store_vocab_words(ward_store *st, const char *system, const char *words, int limit, ward_vocab_fn fn,
                           void *ud, ward_err *err);

/* --- charts, drafts, patients (seam-upper) ---
 * What the tasks and the CLI read and write, as typed rows. Row sets come
 * through callbacks: a row's strings are valid during the call only, and a
 * callback returns nonzero to stop. Every function returns WARD_OK or a
 * WARD_E* code with err saying why (WARD_ENOTFOUND for a single row that is
 * not there); a failure is never an empty result. */

/* Patients with, per patient, their documents (bar readable records) and
 * structured resources. */
typedef int (*ward_patient_fn)(void *ud, const ward_patient *p, int64_t documents, int64_t resources);
/* Every patient by name then id, or (id non-NULL) that one patient:
 * WARD_ENOTFOUND when there is none. */
int ward_store_patients_each(ward_store *st, const char *id, ward_patient_fn fn, void *ud, ward_err *err);

/* Counts of what the store holds; resources by type, structured only. */
typedef struct ward_store_counts {
    int64_t patients, documents, chunks, concepts, embeddings, drafts;
} ward_store_counts;
typedef int (*ward_count_fn)(void *ud, const char *name, int64_t n);
int ward_store_count(ward_store *st, ward_store_counts *out, ward_err *err);
int ward_store_resource_types(ward_store *st, ward_count_fn fn, void *ud, ward_err *err);
/* Settings (meta table) whose key starts with prefix, by key. */
typedef int (*ward_meta_fn)(void *ud, const char *key, const char *value);
int ward_store_meta_each(ward_store *st, const char *prefix, ward_meta_fn fn, void *ud, ward_err *err);

/* A patient's chart reconciled: one fact per real-world fact, with every
 * record that says it (src/store/facts_q.c). Records that name one concept
 * differently are merged (ward_concept_key: codes of any system and the
 * lexicon's synonyms); problems, medications (by ingredient), procedures
 * and immunizations by concept, the latest record giving the status;
 * allergies by substance (records from notes join their substance, with
 * the note's words as `mention` when the record words it otherwise, or
 * stand alone as `noted`); observations by concept, the same result from
 * two feeds (same code, same time at the precision both give, same value:
 * HL7 ORU and FHIR) being one fact with two sources, and the previous
 * value the latest result at another time. WARD_FACT_NOTED: problems found
 * in notes (asserted present) that no coded record holds and that are not
 * the reaction of a recorded allergy. "Active" lists leave out resolved,
 * stopped, completed... facts. */
typedef enum {
    WARD_FACT_PROBLEMS, WARD_FACT_PROBLEMS_ALL, WARD_FACT_MEDS, WARD_FACT_MEDS_ALL, WARD_FACT_ALLERGIES,
    WARD_FACT_OBS, WARD_FACT_ENCOUNTERS, WARD_FACT_PROCEDURES, WARD_FACT_IMMUNIZATIONS, WARD_FACT_NOTED
} ward_fact_kind;
typedef struct ward_fact_source {
    int64_t rid;                       /* resources.id */
    const char *origin;                /* "FHIR", "HL7 v2", "note" */
    const char *date;
} ward_fact_source;
typedef struct ward_fact_row {
    int64_t rid;                       /* resources.id of the record that speaks for the fact */
    const char *type, *code, *display, *status, *date, *unit, *value_text;
    const char *reason;                /* medications: the condition it treats, or NULL */
    double value; int has_value;
    const char *concept;               /* what the fact is about (ward_concept_key) */
    const ward_fact_source *sources;   /* every record merged into it, rid's first */
    size_t nsources;
    int noted;                         /* known only from notes (derived from text) */
    const char *mention;               /* noted: the words of the note; an allergy a record holds:
                                          the words a note names it by when the record's display
                                          does not say them ("sulfa drugs" beside "Allergy to
                                          sulfonamide"); else NULL */
    int64_t mention_rid;               /* the note's record (resources.id) mention comes from */
    int64_t prev_rid;                  /* observations: the latest result at another, earlier time */
    double prev_value; const char *prev_date; int has_prev;
    int64_t same_rid;                  /* observations: another value the latest's day (whose
                                          time cannot be told, or is earlier) */
    double same_value; const char *same_date; int has_same;
} ward_fact_row;
typedef int (*ward_fact_fn)(void *ud, const ward_fact_row *f);
/* Latest first (encounters: the last 10). */
int ward_store_facts(ward_store *st, const char *patient, ward_fact_kind kind, ward_fact_fn fn, void *ud,
                     ward_err *err);

/* Evidence: a chunk's text (len bytes; its offset in its document is
 * start) and its document's title (or kind). */
typedef struct ward_chunk_row {
    int64_t id, document_id;
    const char *title, *text;
    size_t len, start;
    const char *date;                /* its document's date, or NULL */
} ward_chunk_row;
typedef int (*ward_chunk_fn)(void *ud, const ward_chunk_row *c);
/* Calls fn with one chunk; WARD_ENOTFOUND when there is none. */
int ward_store_chunk_read(ward_store *st, int64_t chunk_id, ward_chunk_fn fn, void *ud, ward_err *err);
/* The first chunk of the readable record of resource rid (*chunk_id, and
 * *qs = *qe = 0: all of it); for a record derived from a note, the note's
 * chunk holding its words, at bytes [*qs, *qe) of the chunk; else
 * WARD_ENOTFOUND. */
int ward_store_resource_chunk(ward_store *st, int64_t rid, int64_t *chunk_id, size_t *qs, size_t *qe,
                              ward_err *err);
/* A patient's latest notes (bar records and transcripts), up to max: for
 * each, the chunk of the section whose name contains prefer (upper case),
 * else of its assessment, plan or impression, else its first chunk (0: a
 * note without chunks). *n gets how many. */
int ward_store_latest_note_chunks(ward_store *st, const char *patient, const char *prefer, int max,
                                  int64_t *chunk_ids, int *n, ward_err *err);
/* The first plan or instructions chunk of the patient's latest note that
 * has one, or WARD_ENOTFOUND. */
int ward_store_latest_plan_chunk(ward_store *st, const char *patient, int64_t *chunk_id, ward_err *err);
/* The text of every chunk of the patient's notes (bar records and transcripts). */
typedef int (*ward_text_fn)(void *ud, const char *text);
int ward_store_note_texts(ward_store *st, const char *patient, ward_text_fn fn, void *ud, ward_err *err);

/* Drafts: every task output, awaiting a clinician's review. */
typedef struct ward_draft_row {
    int64_t id;
    const char *task, *patient_id, *inputs, *output, *citations, *backend, *model, *prompt_hash;
    const char *verification, *status, *reviewer, *final_text, *created_at, *updated_at;
} ward_draft_row;
typedef int (*ward_draft_fn)(void *ud, const ward_draft_row *d);
/* Stores d (status "draft"; id, status, reviewer, final text and times are
 * ignored) and sets *id. */
int ward_store_draft_add(ward_store *st, const ward_draft_row *d, int64_t *id, ward_err *err);
/* Drafts newest first, filtered by the non-NULL of patient, task, status. */
int ward_store_drafts_each(ward_store *st, const char *patient, const char *task, const char *status,
                           int limit, ward_draft_fn fn, void *ud, ward_err *err);
/* One draft; WARD_ENOTFOUND when there is none. */
int ward_store_draft_read(ward_store *st, int64_t id, ward_draft_fn fn, void *ud, ward_err *err);
/* Moves draft id from "draft" to status (final_text for "edited"; the
 * output for "approved"); *changed is 0 when it was not a draft. */
int ward_store_draft_set_review(ward_store *st, int64_t id, const char *status, const char *reviewer,
                                const char *final_text, int *changed, ward_err *err);
/* Versions of a draft's text, oldest first: 1 is the generated output
 * (kind "generated", author "backend/model"), then one per edit (kind
 * "edit", author the editor). */
typedef struct ward_draft_version_row {
    int version;
    const char *kind, *author, *text, *created_at;
} ward_draft_version_row;
typedef int (*ward_draft_version_fn)(void *ud, const ward_draft_version_row *v);
int ward_store_draft_versions_each(ward_store *st, int64_t id, ward_draft_version_fn fn, void *ud, ward_err *err);
/* Appends text as the next version of draft id by editor and sets the
 * draft edited (final_text = text, reviewer = editor). WARD_EINPUT when the
 * draft was rejected, or when base_version > 0 is not the latest version
 * (another edit came first); WARD_ENOTFOUND when there is no such draft.
 * *version is the new version (on failure, the latest). */
int ward_store_draft_edit(ward_store *st, int64_t id, const char *editor, const char *text, int base_version,
                          int *version, ward_err *err);

/* --- evaluation (eval-layer): src/store/assess_q.c --- */

/* What a chunk is, for scoring citations: its patient (NULL for
 * literature) and "Type/fhir_id" of the record its document renders (NULL
 * for notes). Both malloc'd. WARD_ENOTFOUND when the chunk is gone. */
int ward_store_chunk_source(ward_store *st, int64_t chunk_id, char **patient, char **resource, ward_err *err);

/* A patient's demographics, the attributes fairness breakdowns group by
 * (never name or record numbers). Strings malloc'd or NULL; birth_year 0
 * when unknown. WARD_ENOTFOUND for an unknown id. */
typedef struct ward_demographics {
    char *sex, *race, *ethnicity;
    int birth_year;
} ward_demographics;
int ward_store_patient_demographics(ward_store *st, const char *id, ward_demographics *out, ward_err *err);
void ward_demographics_free(ward_demographics *d);

/* Judged items resolved to stored ids. *yes = 1 when the chunk (chunk = 1)
 * or document (chunk = 0) with that id exists. */
int ward_store_unit_exists(ward_store *st, int chunk, int64_t id, int *yes, ward_err *err);
/* Appends to *ids (realloc'd, *n grown) the documents with a source id (a
 * note's path, a record's "Type/id"), only kind 'record' when records_only. */
int ward_store_documents_of_source(ward_store *st, const char *source_id, int records_only, int64_t **ids,
                                   size_t *n, ward_err *err);
/* Appends the documents that render the resource type/fhir_id. */
int ward_store_documents_of_resource(ward_store *st, const char *type, const char *fhir_id, int64_t **ids,
                                     size_t *n, ward_err *err);

/* ---- server: gauges for /metrics (src/store/stats_server.c) ---- */
/* Calls fn once per draft review status with its number of drafts. */
int ward_store_draft_counts(ward_store *st, void (*fn)(void *ud, const char *status, long n), void *ud,
                            ward_err *err);
/* Number of events in the audit chain. */
int ward_store_audit_count(ward_store *st, long *n, ward_err *err);
/* Moves the WAL's content into the database and truncates it (shutdown). */
int ward_store_checkpoint(ward_store *st, ward_err *err);
/* Starts a thread that copies the write-ahead log into the database while
 * this store's connection goes on writing (a long ingest): the writer's
 * own checkpoints then find that work done. SQLite only (elsewhere it does
 * nothing); stopped by ward_store_checkpointer_stop or ward_store_free. */
void ward_store_checkpointer_start(ward_store *st);
void ward_store_checkpointer_stop(ward_store *st);
/* on: a long run of write transactions follows on this connection (an
 * ingest without the thread above): the log grows as large before it is
 * copied back as with the thread; 0: as before. SQLite only. */
void ward_store_long_writes(ward_store *st, int on);
/* This process will fill a large page cache (an ingest's writer): SQLite's
 * page caches then come from one region of 2 MiB pages (78 MB resident
 * from the first open on). Only before the process opens its first store;
 * later, or for PostgreSQL, it changes nothing. */
void ward_store_large_cache(void);
/* After a large load: compacts the full-text index into one segment
 * (SQLite) and refreshes the query planner's statistics. Rewrites the whole
 * index, so it belongs to maintenance (ward index), not to each ingest. */
int ward_store_optimize(ward_store *st, ward_err *err);
/* A store whose database server went away (PostgreSQL restarted, the
 * network was cut) fails every call from then on: it must be freed and
 * opened again. ward_store_lost says so without asking the server (1 when
 * the engine already knows its connection is gone; never for SQLite);
 * ward_store_ping asks it a trivial question (WARD_OK when it answers). */
int ward_store_lost(ward_store *st);
int ward_store_ping(ward_store *st, ward_err *err);

/* ---- charts as JSON: `ward patients` / `ward show` and /api/v1/patients (src/store/chart_q.c) ---- */
struct json_t;
/* The patients (id, name, mrn, birth_date, sex, deceased_date, documents,
 * resources), all of them when `all`, else only those in ids[0..n).
 * *out is a new JSON array the caller frees (json_decref). */
int ward_patients_json(ward_store *st, char *const *ids, size_t n, int all, struct json_t **out,
                       ward_err *err);
/* One patient's chart: demographics, then the sections named in
 * ward_chart_sections, each a list of {date, text, status}; the reconciled
 * facts and encounters carry "sources" ([{resource: row id, origin,
 * date}], see ward_resource_source_json), documents their id in
 * "document". WARD_ENOTFOUND for an unknown id. *out is new; the caller
 * frees it. */
int ward_chart_json(ward_store *st, const char *id, struct json_t **out, ward_err *err);
extern const char *const ward_chart_sections[];  /* NULL-terminated, in display order */
/* A patient's numeric observations as series for trend plots (src/store/web_q.c):
 * [{code, name, unit, points: [{date, value, ref}]}] per code and unit,
 * oldest point first, only series of two values or more, the longest series first (at most
 * 40 series of the latest 200 points). */
int ward_trends_json(ward_store *st, const char *patient_id, struct json_t **out, ward_err *err);
/* One document whole: {id, patient_id, kind, title, date, author,
 * source_format, source_id, text}; WARD_ENOTFOUND when there is none. */
int ward_document_json(ward_store *st, int64_t id, struct json_t **out, ward_err *err);
/* Where resource row rid can be read: {resource, ref: "Type/fhir_id",
 * patient_id, doc, start, end}: a record derived from a note points at the
 * note and the span it came from, any other at the document that renders
 * it (no span). WARD_ENOTFOUND when there is no such resource. */
int ward_resource_source_json(ward_store *st, int64_t rid, struct json_t **out, ward_err *err);
/* A patient's stored FHIR resources of one type (as ingested, newest
 * first, at most 1000): a new JSON array the caller frees. */
int ward_resources_json(ward_store *st, const char *patient_id, const char *type, struct json_t **out,
                        ward_err *err);

/* --- identity and audit (identity) --- */
/* Rows of the identity tables (schema version 4) and the audit log. The
 * rules (hashing, lockout, expiry, scope) live in src/govern; these are the
 * plain reads and writes (src/store/identity_q.c). Times are Unix seconds.
 * The *_each walks call fn per row; fn returns nonzero to stop early. */
typedef struct ward_user_row {
    int64_t id;
    char name[64], role[16], patient_id[128];
    char password[160];          /* Argon2id string, "" when none */
    int disabled, rpm, tokens_per_day, concurrent, failed_logins;
    int64_t locked_until, created_at;
} ward_user_row;
typedef struct ward_token_row {
    int64_t id, user_id, expires_at, revoked_at, created_at, last_used_at;
    char user[64], scopes[256];
    int rpm, tokens_per_day, concurrent;
} ward_token_row;
typedef struct ward_session_row {
    int64_t user_id, created_at, last_seen;
    char csrf[65];
} ward_session_row;
typedef struct ward_btg_row {
    int64_t id, user_id, started_at, expires_at, ended_at;
    char user[64], patient_id[128], reason[512];
} ward_btg_row;
typedef struct ward_audit_row {
    int64_t id;
    const char *ts, *actor, *role, *action, *patient_id, *resources, *outcome;
    const char *reason, *client, *period_start, *period_end, *prev_hash, *hash;
} ward_audit_row;
typedef int (*ward_user_row_fn)(void *ud, const ward_user_row *u);
typedef int (*ward_token_row_fn)(void *ud, const ward_token_row *t);
typedef int (*ward_btg_row_fn)(void *ud, const ward_btg_row *g);
typedef int (*ward_care_row_fn)(void *ud, const char *user, const char *patient_id, int64_t added_at);
typedef int (*ward_audit_row_fn)(void *ud, const ward_audit_row *r);

int ward_store_user_add(ward_store *st, const ward_user_row *u, int64_t *id, ward_err *err);
/* By name (id 0) or by id; WARD_ENOTFOUND when absent. */
int ward_store_user_get(ward_store *st, const char *name, int64_t id, ward_user_row *out, ward_err *err);
int ward_store_user_each(ward_store *st, ward_user_row_fn fn, void *ud, ward_err *err);
/* Writes password, disabled, limits, failed_logins and locked_until of u (by u->id). */
int ward_store_user_update(ward_store *st, const ward_user_row *u, ward_err *err);

int ward_store_token_add(ward_store *st, const ward_token_row *t, const char *hash, int64_t *id,
                         ward_err *err);
/* The token with this hash (any state); WARD_ENOTFOUND when none. */
int ward_store_token_find(ward_store *st, const char *hash, ward_token_row *out, ward_err *err);
int ward_store_token_revoke(ward_store *st, int64_t id, int64_t now, ward_err *err);
int ward_store_token_touch(ward_store *st, int64_t id, int64_t now, ward_err *err);
int ward_store_token_each(ward_store *st, ward_token_row_fn fn, void *ud, ward_err *err);

int ward_store_session_add(ward_store *st, const char *hash, const ward_session_row *s,
                           const char *client_addr, ward_err *err);
int ward_store_session_get(ward_store *st, const char *hash, ward_session_row *out, ward_err *err);
int ward_store_session_touch(ward_store *st, const char *hash, int64_t now, ward_err *err);
int ward_store_session_delete(ward_store *st, const char *hash, ward_err *err);

int ward_store_care_add(ward_store *st, int64_t user_id, const char *patient_id, ward_err *err);
/* WARD_ENOTFOUND when the pair was not there. */
int ward_store_care_remove(ward_store *st, int64_t user_id, const char *patient_id, ward_err *err);
/* user_id 0: all care teams. */
int ward_store_care_each(ward_store *st, int64_t user_id, ward_care_row_fn fn, void *ud, ward_err *err);
/* *yes = 1 when user_id may read patient_id through the care team or a
 * grant active at `now`. A failed read is an error, never a "no": a lost
 * database must not look like a patient outside the caller's scope. */
int ward_store_care_or_btg(ward_store *st, int64_t user_id, const char *patient_id, int64_t now, int *yes,
                           ward_err *err);
/* Patients in user_id's care team or active grants (fn per distinct id). */
int ward_store_scope_patients(ward_store *st, int64_t user_id, int64_t now,
                              int (*fn)(void *ud, const char *patient_id), void *ud, ward_err *err);

int ward_store_btg_add(ward_store *st, const ward_btg_row *g, int64_t *id, ward_err *err);
/* Grants ended (expired) by `now` whose end is not recorded yet, if `due`;
 * else every grant, newest first. */
int ward_store_btg_each(ward_store *st, int due, int64_t now, ward_btg_row_fn fn, void *ud, ward_err *err);
/* WARD_ENOTFOUND when the end was already recorded (by another process). */
int ward_store_btg_mark_ended(ward_store *st, int64_t id, int64_t at, ward_err *err);

/* Audit rows: the last one (*id 0 when empty), one append, and a walk in id
 * order from `from` (0 = all). Appends run inside the caller's transaction. */
int ward_store_audit_last(ward_store *st, int64_t *id, char hash[65], ward_err *err);
int ward_store_audit_insert(ward_store *st, const ward_audit_row *r, ward_err *err);
/* The hash of event id ("" when there is none). */
int ward_store_audit_hash_at(ward_store *st, int64_t id, char hash[65], ward_err *err);
/* 1 when a transaction is open on this connection. */
int ward_store_in_transaction(ward_store *st);
int ward_store_audit_each(ward_store *st, int64_t from, ward_audit_row_fn fn, void *ud, ward_err *err);
/* Newest first, optionally one patient's, at most limit rows. */
int ward_store_audit_recent(ward_store *st, const char *patient_id, long limit, ward_audit_row_fn fn,
                            void *ud, ward_err *err);

#endif
