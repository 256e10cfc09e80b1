-- schema.sql — Ward's store, as forward migrations.
--
-- Each block starting with "-- version: N" is applied once, in order, inside
-- one transaction that also sets PRAGMA user_version = N. Never edit a
-- released block: add a new one. Names (PHI) live only in `patients`.

-- version: 1
CREATE TABLE patients (
    id            TEXT PRIMARY KEY,
    name          TEXT,
    mrn           TEXT,
    birth_date    TEXT,
    birth_year    INTEGER,
    sex           TEXT,
    race          TEXT,
    ethnicity     TEXT,
    deceased_date TEXT,
    source        TEXT,
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX patients_mrn ON patients(mrn);

CREATE TABLE resources (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,
    fhir_id      TEXT NOT NULL,
    patient_id   TEXT,
    encounter_id TEXT,
    code_system  TEXT,
    code         TEXT,
    display      TEXT,
    status       TEXT,
    effective    TEXT,
    value_num    REAL,
    value_text   TEXT,
    unit         TEXT,
    derived      INTEGER NOT NULL DEFAULT 0,
    source_doc   INTEGER,
    span_start   INTEGER,
    span_end     INTEGER,
    json         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (type, fhir_id)
);
CREATE INDEX resources_patient ON resources(patient_id, type, effective);
CREATE INDEX resources_code ON resources(code);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    patient_id    TEXT,
    kind          TEXT NOT NULL,
    title         TEXT,
    date          TEXT,
    author        TEXT,
    author_role   TEXT,
    source_format TEXT,
    source_id     TEXT,
    resource_id   INTEGER,
    text          TEXT NOT NULL,
    hash          TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX documents_patient ON documents(patient_id, kind, date);
CREATE INDEX documents_source ON documents(source_format, source_id);

-- patient_id, kind and date are copied from the document so filters need no join.
CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    section     TEXT,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    deid_text   TEXT,
    patient_id  TEXT,
    kind        TEXT,
    date        TEXT
);
CREATE INDEX chunks_document ON chunks(document_id);
CREATE INDEX chunks_patient ON chunks(patient_id, kind, date);

CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER chunks_au AFTER UPDATE OF text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE concepts (
    id          INTEGER PRIMARY KEY,
    chunk_id    INTEGER REFERENCES chunks(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    text        TEXT NOT NULL,
    norm        TEXT,
    code_system TEXT,
    code        TEXT,
    assertion   TEXT NOT NULL DEFAULT 'present'
);
CREATE INDEX concepts_document ON concepts(document_id);
CREATE INDEX concepts_chunk ON concepts(chunk_id);

CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    task         TEXT NOT NULL,
    patient_id   TEXT,
    inputs       TEXT,
    output       TEXT NOT NULL,
    citations    TEXT,
    backend      TEXT NOT NULL,
    model        TEXT,
    prompt_hash  TEXT,
    verification TEXT,
    status       TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft','approved','rejected','edited')),
    reviewer     TEXT,
    final_text   TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at   TEXT
);
CREATE INDEX drafts_patient ON drafts(patient_id, task);

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    ts         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    patient_id TEXT,
    resources  TEXT,
    outcome    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

-- One embedding per chunk for the configured model; the index file is a cache.
CREATE TABLE embeddings (
    chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    dim      INTEGER NOT NULL,
    vec      BLOB NOT NULL
);

-- Imported vocabularies (ICD-10-CM, RxNorm, ...): code lookup and extraction.
CREATE TABLE vocab (
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (system, code)
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- version: 2
-- The built-in lexical embedder (src/embed/embed_lexical.c): word vectors
-- trained on this store's own chunks. One model at a time; `ward index
-- --rebuild` retrains it. Vectors are float32 arrays of `dim` values.
CREATE TABLE lexical_model (
    id         TEXT PRIMARY KEY,
    dim        INTEGER NOT NULL,
    words      INTEGER NOT NULL,
    common     BLOB NOT NULL,   -- SIF common component, removed from every sentence vector
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE lexical_words (
    word   TEXT PRIMARY KEY,
    weight REAL NOT NULL,       -- SIF weight a / (a + p(word))
    vec    BLOB NOT NULL        -- unit-norm word vector
);

-- version: 3
-- A counter bumped by every change to `embeddings`. The vector index file
-- (DATA/vectors.hnsw, a cache) records the value it was built at, so a stale
-- file is found with one read (src/store/vectors.c).
INSERT OR IGNORE INTO meta(key, value) VALUES ('vectors.generation', '0');
CREATE TRIGGER embeddings_gen_ai AFTER INSERT ON embeddings BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors.generation';
END;
CREATE TRIGGER embeddings_gen_ad AFTER DELETE ON embeddings BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors.generation';
END;
CREATE TRIGGER embeddings_gen_au AFTER UPDATE ON embeddings BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vectors.generation';
END;

-- version: 4
-- Identity (src/govern, src/store/identity_q.c). Times are Unix seconds.
-- Secrets never live here in the clear: passwords are Argon2id strings,
-- tokens and session ids are keyed BLAKE2b hashes (key: DATA/auth.key).
-- Limits: 0 means none.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN
                   ('clinician','nurse','researcher','patient','admin','integration')),
    patient_id     TEXT,            -- role patient: their own record
    password       TEXT,            -- crypto_pwhash_str (Argon2id) or NULL
    disabled       INTEGER NOT NULL DEFAULT 0,
    rpm            INTEGER NOT NULL DEFAULT 0,
    tokens_per_day INTEGER NOT NULL DEFAULT 0,
    concurrent     INTEGER NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER))
);
CREATE TABLE tokens (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    hash           TEXT NOT NULL UNIQUE,
    scopes         TEXT NOT NULL DEFAULT '',
    expires_at     INTEGER NOT NULL DEFAULT 0,   -- 0: never
    revoked_at     INTEGER NOT NULL DEFAULT 0,
    rpm            INTEGER NOT NULL DEFAULT 0,
    tokens_per_day INTEGER NOT NULL DEFAULT 0,
    concurrent     INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)),
    last_used_at   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
    hash        TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf        TEXT NOT NULL,
    client_addr TEXT,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);
CREATE TABLE care_team (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    patient_id TEXT NOT NULL,
    added_at   INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)),
    PRIMARY KEY (user_id, patient_id)
);
-- Break-the-glass grants: audited when opened and when they end.
CREATE TABLE btg (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    patient_id TEXT NOT NULL,
    reason     TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at   INTEGER NOT NULL DEFAULT 0       -- set when the end is audited
);
CREATE INDEX btg_user ON btg(user_id, patient_id, expires_at);
-- The audit event's own MAC input grows: the break-the-glass reason, the
-- client address and a period for events that span time (break-the-glass).
ALTER TABLE audit ADD COLUMN reason TEXT;
ALTER TABLE audit ADD COLUMN client TEXT;
ALTER TABLE audit ADD COLUMN period_start TEXT;
ALTER TABLE audit ADD COLUMN period_end TEXT;

-- version: 5
-- Evaluation history (src/store/eval_runs_q.c, `ward eval history|compare`).
-- One row per `ward eval ...` run: when, Ward's version, the backend and
-- model, the configuration (JSON) and the cohort's seed; its metrics are
-- rows of eval_metrics. A metric's name says what and for whom
-- ("tasks.ask.accuracy", "fairness.deid.recall[origin=hispanic]");
-- better is 1 when higher is better, -1 when lower is, 0 for counts.
CREATE TABLE eval_runs (
    id          INTEGER PRIMARY KEY,
    ts          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    command     TEXT NOT NULL,
    version     TEXT NOT NULL,
    backend     TEXT,
    model       TEXT,
    config      TEXT,
    cohort      TEXT,
    cohort_seed INTEGER
);
CREATE TABLE eval_metrics (
    run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  REAL,
    n      INTEGER,
    lo     REAL,
    hi     REAL,
    better INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX eval_metrics_name ON eval_metrics(name, run_id);

-- version: 6
-- Every version of a draft's text (src/store/drafts_q.c): version 1 is the
-- generated output, written by the trigger below when the draft is added;
-- each edit appends the next version with its editor. Diffs between
-- versions are computed when read, from these texts.
CREATE TABLE draft_versions (
    draft_id   INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('generated','edit')),
    author     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (draft_id, version)
);
CREATE TRIGGER drafts_version1 AFTER INSERT ON drafts BEGIN
    INSERT INTO draft_versions(draft_id, version, kind, author, text, created_at)
    VALUES (new.id, 1, 'generated', new.backend || coalesce('/' || new.model, ''), new.output, new.created_at);
END;
-- Drafts stored before this version: the output, and the edit if there was one.
INSERT INTO draft_versions(draft_id, version, kind, author, text, created_at)
    SELECT id, 1, 'generated', backend || coalesce('/' || model, ''), output, created_at FROM drafts;
INSERT INTO draft_versions(draft_id, version, kind, author, text, created_at)
    SELECT id, 2, 'edit', coalesce(reviewer, '?'), final_text, coalesce(updated_at, created_at)
    FROM drafts WHERE status = 'edited' AND final_text IS NOT NULL;

-- version: 7
-- A record's readable document is found by its resource (a summary looks
-- up one per fact it cites): without this index each lookup read every
-- document, and a summary on a 1,000-patient store took seconds.
CREATE INDEX documents_resource ON documents(resource_id);

-- version: 8
-- Document versions (issue 15): source_key names where a document comes
-- from across edits ("text:" and the note file's real path or its front
-- matter id, "fhir:DocumentReference/ID", "hl7v2:" and TXA-12). A document
-- that comes back with the same key and new content supersedes the current
-- one: the old row keeps its text as history (`ward show --history`) with
-- superseded_at set, its hash gets a suffix (the old text may come back as
-- a later version), and its chunks, concepts, embeddings and derived facts
-- are removed, so search, ask and citations see only the current version.
ALTER TABLE documents ADD COLUMN source_key TEXT;
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN superseded_at TEXT;
CREATE INDEX documents_source_key ON documents(source_key) WHERE source_key IS NOT NULL;
-- Documents stored before this version whose key their source id gives.
UPDATE documents SET source_key = 'fhir:' || source_id
    WHERE source_format = 'fhir' AND kind <> 'record' AND source_id IS NOT NULL;
UPDATE documents SET source_key = 'hl7v2:' || source_id
    WHERE source_format = 'hl7v2' AND source_id NOT LIKE 'hl7:%';
-- Superseding a note removes the facts derived from it: find them by document.
CREATE INDEX resources_source_doc ON resources(source_doc) WHERE source_doc IS NOT NULL;

-- version: 9
-- Documents by source id alone (a judged item naming "Observation/abc" or a
-- note's path, src/store/assess_q.c): documents_source leads with the
-- format, so each lookup read every document.
CREATE INDEX documents_source_id ON documents(source_id);

-- version: 10
-- Chunks are indexed in FTS5 when their transaction commits, in one
-- statement, not row by row (issue 14): FTS5 writes its pending terms to a
-- new segment at every savepoint and every statement that opens a
-- statement journal, so a trigger per row made a segment (and merge work)
-- per chunk, about a third of ingest. A new chunk's id waits in
-- chunks_fts_pending; the store indexes what waits before each COMMIT it
-- runs (src/store/lite.c) and when it opens, so rows added by other tools
-- are indexed by the next Ward process that writes. A chunk deleted or
-- changed before it was indexed only leaves the waiting list (an FTS5
-- 'delete' of a row it never indexed would corrupt its totals).
CREATE TABLE chunks_fts_pending (id INTEGER PRIMARY KEY);
DROP TRIGGER chunks_ai;
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT OR IGNORE INTO chunks_fts_pending(id) VALUES (new.id);
END;
DROP TRIGGER chunks_ad;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', old.id, old.text
        WHERE NOT EXISTS (SELECT 1 FROM chunks_fts_pending WHERE id = old.id);
    DELETE FROM chunks_fts_pending WHERE id = old.id;
END;
DROP TRIGGER chunks_au;
CREATE TRIGGER chunks_au AFTER UPDATE OF text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', old.id, old.text
        WHERE NOT EXISTS (SELECT 1 FROM chunks_fts_pending WHERE id = old.id);
    DELETE FROM chunks_fts_pending WHERE id = old.id;
    INSERT INTO chunks_fts_pending(id) VALUES (new.id);
END;

-- version: 11
-- The patient of each concept and embedding (their document's, their
-- chunk's), written with each new row. On PostgreSQL it is the key its
-- tables are hash-partitioned by (schema_pg.sql, version 11); SQLite
-- keeps it for the same SQL and reads it nowhere, so rows stored before
-- this version keep NULL there rather than being rewritten.
ALTER TABLE concepts ADD COLUMN patient_id TEXT;
ALTER TABLE embeddings ADD COLUMN patient_id TEXT;

-- version: 12
-- resources(code) was indexed for lookups by code that no query makes
-- (facts are read by patient; the drift counts scan the table): one index
-- update less for every resource stored, each fact a note yields among
-- them (issue 14: about 3% of the notes writer's CPU).
DROP INDEX resources_code;

-- version: 13
-- chunks.deid_text is NULL when the de-identified text is the text itself
-- (about 90% of note chunks hold no identifier: 14.5 MB of a 165 MB store
-- of 4,999 notes), '' when the chunk was not de-identified (records,
-- ingest without de-identification), else the de-identified text; so
-- coalesce(deid_text, text) is what a researcher may see, and a chunk never
-- de-identified gives nothing. Before this version NULL meant "not
-- de-identified": those rows get ''. Rows holding a copy of their text
-- are left as they are (the same answer, only larger).
UPDATE chunks SET deid_text = '' WHERE deid_text IS NULL;

-- version: 14
-- A note's facts (derived = 1) keep in json only what their columns do
-- not hold: the fact as a short JSON array (["problem","hypertension",
-- "ICD10CM:I10","HTN"], ward_found_to_fact in src/funnel/fhir_out.c),
-- rendered as FHIR JSON when read (src/store/facts_q.c), byte for byte
-- the JSON stored before; and no hash ('': nothing compares a note's
-- facts, they are rewritten with their note). On 4,999 notes their JSON
-- was 54 MB of a 148 MB store (issue 14). The facts stored before this
-- version are put in that form by the first Ward process that opens the
-- store to write after it (it extracts their notes again and keeps the
-- new form only where it renders the very JSON stored): this row asks it to.
INSERT INTO meta(key, value) VALUES ('facts.compact', 'pending');

-- version: 15
-- Nothing here: on PostgreSQL this version partitions resources by patient
-- (schema_pg.sql, version 15); SQLite's resources need no change.
SELECT 1;

-- version: 16
-- Nothing here: on PostgreSQL the resource key map leaves out the facts of
-- notes (schema_pg.sql, version 16).
SELECT 1;

-- version: 17
-- FTS5 holds the terms of the chunks it indexes in memory and writes them
-- out as a new segment whenever they pass 'hashsize' (1 MB by default),
-- then merges segments again (automerge): a commit group of notes (8 MB)
-- made several segments, each merged again within the same transaction
-- (issue 14). 32 MB keeps a group's terms (about half the size of its
-- text) in memory, so each commit writes one segment, and bounds the
-- memory a very large batch can take. A setting of the index, kept in
-- chunks_fts_config: what is indexed, and so every search, is the same.
INSERT INTO chunks_fts(chunks_fts, rank) VALUES('hashsize', 33554432);

-- version: 18
-- The chunks FTS5 has indexed are those up to a mark (issue 14): version
-- 10's insert trigger cost about 9,000 instructions a chunk (the trigger
-- program, the statement journal a trigger makes every INSERT open, and
-- the foreign-key scans of concepts and embeddings it makes a parent's
-- INSERT run) only to note the chunk's id. Now a new chunk's id is above
-- chunks_fts_mark.mark, and the store indexes every chunk above it and
-- moves it up to the last before each COMMIT it runs (src/store/lite.c)
-- and when it opens, so rows added by other tools are indexed by the next
-- Ward process that writes. A chunk above the mark was never indexed: it
-- is deleted or changed without an FTS5 'delete' (which for a row it never
-- indexed would corrupt its totals). Ids above the mark must never be
-- indexed, and ids at or below it always: SQLite gives a new row the
-- largest id + 1, so when a delete (or an id changed) leaves no chunk at
-- the mark, the mark comes down to the largest id left, and the next new
-- chunk is above it. What waited in chunks_fts_pending is indexed here.
CREATE TABLE chunks_fts_mark (mark INTEGER NOT NULL);
INSERT INTO chunks_fts(rowid, text)
    SELECT c.id, c.text FROM chunks_fts_pending p JOIN chunks c ON c.id = p.id ORDER BY p.id;
INSERT INTO chunks_fts_mark(mark) SELECT coalesce(max(id), 0) FROM chunks;
DROP TRIGGER chunks_ai;
DROP TRIGGER chunks_ad;
DROP TRIGGER chunks_au;
DROP TABLE chunks_fts_pending;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', old.id, old.text
        WHERE old.id <= (SELECT mark FROM chunks_fts_mark);
    UPDATE chunks_fts_mark SET mark = (SELECT coalesce(max(id), 0) FROM chunks)
        WHERE mark > (SELECT coalesce(max(id), 0) FROM chunks);
END;
CREATE TRIGGER chunks_au AFTER UPDATE OF id, text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', old.id, old.text
        WHERE old.id <= (SELECT mark FROM chunks_fts_mark);
    INSERT INTO chunks_fts(rowid, text) SELECT new.id, new.text
        WHERE new.id <= (SELECT mark FROM chunks_fts_mark);
    UPDATE chunks_fts_mark SET mark = (SELECT coalesce(max(id), 0) FROM chunks)
        WHERE mark > (SELECT coalesce(max(id), 0) FROM chunks);
END;
