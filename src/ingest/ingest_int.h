/* ingest_int.h — inside the ingest layer: what the walk, the reading of
 * large files and the funnel workers share.
 *
 * walk_seen.c: the set of files and directories a walk has visited, by
 * device and inode, so that symlinks (a link to "..", two links to the
 * same tree) neither loop nor read the same file twice.
 * stream.c: NDJSON and HL7 v2 files over the per-file limit, read a window
 * of whole records at a time (ingest.c gives each window to the reader).
 * prep.c: a document's funnel work (de-identification, chunks, concepts),
 * which needs no store, so it can run on any thread.
 * text.c: a note parsed (front matter) apart from its storing.
 * pipeline.c: `--jobs N`, N threads preparing notes while the calling
 * thread, the only one that writes, stores them in input order. */
#ifndef WARD_INGEST_INT_H
#define WARD_INGEST_INT_H

#include "ward/ingest.h"
#include "ward/funnel.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

typedef struct walk_seen {
    struct walk_key { dev_t dev; ino_t ino; } *slots;
    unsigned char *used;
    size_t n, cap;
} walk_seen;

/* Adds (dev, ino); returns 1 when it was there already. */
int walk_seen_add(walk_seen *s, dev_t dev, ino_t ino);
void walk_seen_free(walk_seen *s);

/* Reads f (path, format fmt: NDJSON or HL7 v2) window by window, no record
 * longer than max_record; bad windows are reported. Returns nonzero only
 * when the run cannot go on (store failure). */
int ingest_stream(ward_ingest *in, const char *path, FILE *f, ward_format fmt, size_t max_record, ward_err *err);
/* Stores one window of whole records (ingest.c): its records are numbered
 * after `base` earlier ones; offset is its first byte in the file. */
int ingest_piece(ward_ingest *in, const char *path, ward_format fmt, const char *data, size_t len, long base,
                 double offset, ward_err *err);


/* ---- a document's funnel work, done before (or without) the store ---- */

/* A concept ready to store: what the extractor found, its first code and
 * its normalized attributes (norm: offset of a NUL-terminated JSON object
 * in ingest_prep.strs). A fact (the patient's own, present) also has its
 * FHIR resource: fact set, row its columns, json the offset in strs of
 * the fact as the store keeps it (ward_found_to_fact); row's id carries
 * DOC_ID_MARK where the document's id goes, which only the writer knows
 * (concepts_store puts it in). */
typedef struct prep_concept {
    ward_found found;
    char sys[32], code[32];
    size_t norm;
    int fact;
    ward_fhir_row row;
    size_t json;
} prep_concept;
#define DOC_ID_MARK INT64_MAX

typedef struct ingest_prep {
    ward_span_chunk *spans;   /* the chunks */
    size_t n;
    size_t *deid;             /* each chunk's de-identified text: its offset in strs (NUL-terminated), or NULL */
    prep_concept *concepts;
    size_t nconcepts;
    ward_buf strs;
    size_t *terms;            /* the full-text index's terms of chunk i: bytes [terms[i], terms[i+1])
                                 of terms_buf (ward_store_fts_terms), or NULL: the writer's index
                                 makes them */
    ward_buf terms_buf;
} ingest_prep;

/* The extractor of a run, built with the store's vocabularies: one per
 * thread (an extractor keeps scratch space). */
typedef struct concepts_vocab concepts_vocab;
/* Reads the store's vocabularies into memory (for extractors built on
 * other threads). */
int concepts_vocab_load(ward_store *st, concepts_vocab **out, ward_err *err);
void concepts_vocab_free(concepts_vocab *v);
/* An extractor with the site's rule files in dir and the vocabularies v. */
int concepts_run_new(const char *dir, const concepts_vocab *v, ward_concepts_run **out, ward_err *err);
/* Extracts d's concepts into prep->concepts, with the FHIR resources of
 * its facts. Returns the extraction (its sections and sentences chunk the
 * note: prep.c), valid until run's next note. */
const ward_extraction *concepts_extract(ward_concepts_run *run, const ward_document *d, size_t len,
                                         ingest_prep *prep);
/* Stores prep's concepts of document did (each with the chunk it falls in,
 * chunk_ids in chunk order) and its facts as derived FHIR resources; json
 * is scratch space. */
int concepts_store(ward_store *st, const ingest_prep *prep, int64_t did, const ward_document *d,
                   const int64_t *chunk_ids, ward_buf *json, ward_err *err);

/* Chunks d, de-identifies it (deid) and extracts its concepts (run non-NULL).
 * Touches no store. Returns WARD_EINPUT (err set) when de-identification
 * refuses the text; prep is freed with ingest_prep_free either way. */
int ingest_prep_doc(ingest_prep *prep, const ward_document *d, int deid, ward_concepts_run *run, ward_err *err);
void ingest_prep_free(ingest_prep *prep);
/* The chunks' full-text terms, made with st (a worker's own store), so
 * the writer need not tokenize them; without them when st cannot. */
void ingest_prep_terms(ingest_prep *prep, const ward_document *d, ward_store *st);
/* ingest_prep_doc for the writer itself, with its own extractor. */
int ingest_prep_writer(ward_ingest *in, const ward_document *d, ingest_prep *prep, ward_err *err);
/* Stores d with its chunks and concepts; prep NULL: the funnel work is done
 * here, and only for a document not stored before. */
int ingest_put_document(ward_ingest *in, const ward_document *d, ingest_prep *prep, ward_err *err);

/* ---- notes (text.c) ---- */

typedef struct ingest_note {
    char patient[128], date[11], kind[64], title[256], author[128], id[256];
    char hash[65];            /* the document's content hash (d.hash) */
    ward_buf key;             /* source key */
    ward_document d;          /* points into the fields above and the file's bytes */
} ingest_note;

/* Parses a note: front matter, then a body that is not blank. WARD_EINPUT
 * with err naming the line when malformed. The note points into data. */
int ingest_note_parse(const char *file, const char *data, size_t len, ingest_note *n, ward_err *err);
void ingest_note_free(ingest_note *n);
/* Stores a parsed note with prep its funnel work (NULL: done here, for a
 * note the store does not hold yet). A note the funnel refuses is
 * reported and counted, and nothing is written for it. Returns nonzero
 * (err set) only when the store failed: no savepoint isolates a note, so
 * the caller must then roll the transaction back. */
int ingest_note_store(ward_ingest *in, const char *file, ingest_note *n, ingest_prep *prep, ward_err *err);
/* A note file's bytes: parsed, then stored (or reported); the return is
 * ingest_note_store's. */
int ingest_text(ward_ingest *in, const char *file, const char *data, size_t len, ward_err *err);

/* ---- the funnel on worker threads (pipeline.c) ---- */

/* A file a worker read and, when it is a sound note, parsed (note) and
 * prepared (prepared; 0 when the store held it already). note is 0 for
 * everything else (other formats, any error): the writer then reads the
 * file itself as without workers, and reports what is wrong. */
typedef struct pipe_file {
    char *data;
    size_t len;
    int note, prepared;
    ingest_note n;
    ingest_prep prep;
} pipe_file;

typedef struct ingest_pipe ingest_pipe;
/* What the workers need from the run. */
typedef struct pipe_ctx {
    const char *dir;              /* the store's directory: site rule files, and the workers'
                                     read-only connections (opened as ward_store_open does
                                     without a location) */
    const concepts_vocab *vocab;  /* NULL: no concepts */
    int deid;
    size_t max_file_bytes;
} pipe_ctx;
/* Starts jobs workers over files[0..n) (sizes: their sizes in bytes). */
ingest_pipe *pipe_start(const pipe_ctx *ctx, int jobs, char *const *files, const double *sizes, size_t n);
/* Waits for file i (in order, each once) and gives it to the caller, who
 * frees it with pipe_file_free. */
pipe_file *pipe_take(ingest_pipe *p, size_t i);
void pipe_file_free(pipe_file *f);
/* Stops the workers (files not taken are dropped) and frees p. */
void pipe_stop(ingest_pipe *p);

#endif
