/* ingest.h — turning source files into Ward patients, resources, documents.
 *
 * A run (ward_ingest) walks files and directories, detects each file's
 * format by content, and hands it to a reader (fhir.c, hl7v2.c, text.c).
 * Readers push what they parse through the ward_ingest_put_* calls, which
 * store it, render structured records as readable chunks, and chunk and
 * de-identify documents. Files are committed in groups (a few MB or half a
 * second of work); a bad record is reported and skipped, and the rest of
 * the file goes in (each FHIR/HL7 record is a savepoint; a note is checked
 * whole before its first write). With params.jobs > 1, notes are read and
 * refined on worker threads; only the calling thread writes. A killed run
 * leaves the last committed group; re-running skips what is there by
 * content hash.
 */
#ifndef WARD_INGEST_H
#define WARD_INGEST_H

#include "ward/core.h"
#include "ward/store.h"

typedef struct ward_ingest ward_ingest;

typedef struct ward_ingest_params {
    /* The run prints nothing. report (when non-NULL) receives, with report_ud:
     * WARD_EVENT_ERROR for each bad file or record (file and 1-based record,
     * or file NULL when msg names the file itself), and WARD_EVENT_PROGRESS
     * after each file (done/total in bytes; counts via ward_ingest_get_counts). */
    ward_report_fn report;
    void *report_ud;
    int quiet;              /* do not report per-record errors (they are still counted) */
    size_t max_file_bytes;  /* larger notes and FHIR JSON documents are refused unread;
                               larger NDJSON and HL7 v2 files are read a window of
                               records at a time, no record larger (default 64 MiB) */
    int busy_wait_ms;       /* how long a file waits for another process's write lock
                               before it is reported as not stored (default 30 s) */
    int deid;               /* store de-identified chunk text (default 1) */
    int concepts;           /* extract concepts and derived FHIR resources from notes (default 1) */
    int jobs;               /* threads that read, de-identify, chunk and extract notes: the
                               calling thread, which alone stores them, in input order, and
                               helps whenever the next is not ready, and jobs - 1 workers
                               (results do not depend on it); 0 or 1: the calling thread
                               does all (default 1; `ward ingest` defaults to the number of
                               cores) */
} ward_ingest_params;

ward_ingest_params ward_ingest_default_params(void);
/* params NULL: the defaults. */
int ward_ingest_new(ward_store *st, const ward_ingest_params *params, ward_ingest **out, ward_err *err);
void ward_ingest_free(ward_ingest *in);

/* Ingests a file, or a directory recursively. Errors in records are
 * counted and reported, not returned: the return is WARD_OK unless the run
 * itself cannot go on (store failure). */
int ward_ingest_path(ward_ingest *in, const char *path, ward_err *err);
/* Retries records deferred for references to patients not yet seen, and
 * reports those still unresolved. Call once after the last path. */
int ward_ingest_finish(ward_ingest *in, ward_err *err);

/* Counts: per type name ("Patient", "Observation", "note", "hl7:ORU^R01"...). */
typedef struct ward_ingest_counts {
    long files, files_failed, records, records_failed, skipped_unchanged;
    long documents, chunks;
    long superseded;        /* earlier versions of documents that came back edited */
    double bytes;
    long files_total;       /* files found so far under the paths given */
    double bytes_total;     /* their size */
} ward_ingest_counts;
const ward_ingest_counts *ward_ingest_get_counts(ward_ingest *in);
/* Calls fn for each (type, count) stored in this run, sorted by type. */
void ward_ingest_each_type(ward_ingest *in, void (*fn)(const char *type, long n, void *ud), void *ud);

/* ---- for readers ---- */

/* Reports a bad record (a WARD_EVENT_ERROR with code WARD_EINPUT) and counts
 * it. Never include values from the record (PHI) in fmt's arguments: name
 * the field instead. */
void ward_ingest_error(ward_ingest *in, const char *file, long record, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ward_ingest_count(ward_ingest *in, const char *type);
ward_store *ward_ingest_store(ward_ingest *in);

/* The store's id for a patient known by id or by MRN: an HL7 message names
 * its patient by MRN, which a FHIR Patient already loaded may carry as an
 * identifier. Copies the existing id into out, or id itself when neither is
 * known (a new patient); an error only when the store fails. */
int ward_ingest_resolve_patient(ward_ingest *in, const char *id, const char *mrn, char *out, size_t cap,
                                ward_err *err);
/* Stores a patient (demographics). */
int ward_ingest_put_patient(ward_ingest *in, const ward_patient *p, ward_err *err);
/* Stores a resource; when `readable` is non-NULL and the resource changed,
 * also stores it as a one-chunk document of kind "record" so it can be
 * retrieved and cited ("2024-03-02 Hemoglobin A1c 8.1 %"). */
int ward_ingest_put_resource(ward_ingest *in, const ward_resource *r, const char *readable,
                             ward_err *err);
/* Stores a document, then chunks it (sections, sentences) and stores each
 * chunk with its de-identified text and concepts. */
int ward_ingest_put_document(ward_ingest *in, const ward_document *d, ward_err *err);

/* Defers a record whose patient is not known yet (it may come in a later
 * file of the same run, as NDJSON exports put Patient.ndjson after
 * Condition.ndjson). ward_ingest_finish calls retry() once for each (which
 * must isolate its writes in a savepoint, as readers do for any record),
 * with final=0 while passes still resolve records
 * (return nonzero, report nothing, do not defer again) and then once with
 * final=1, when a retry that fails reports its error. */
typedef int (*ward_ingest_retry_fn)(ward_ingest *in, const char *file, long record,
                                    const char *data, size_t len, int final);
void ward_ingest_defer(ward_ingest *in, const char *file, long record, const char *data,
                       size_t len, ward_ingest_retry_fn retry);

/* Readers: each takes one whole file's bytes (UTF-8 already checked). */
int ward_ingest_fhir(ward_ingest *in, const char *file, const char *data, size_t len);
int ward_ingest_hl7v2(ward_ingest *in, const char *file, const char *data, size_t len);
int ward_ingest_text(ward_ingest *in, const char *file, const char *data, size_t len);

/* Format detection by content (extension only breaks ties). */
typedef enum { WARD_FMT_UNKNOWN, WARD_FMT_FHIR_JSON, WARD_FMT_FHIR_NDJSON, WARD_FMT_HL7V2,
               WARD_FMT_TEXT } ward_format;
ward_format ward_ingest_detect(const char *file, const char *data, size_t len);

/* Concepts at ingest (concepts_ingest.c): an extractor built with the
 * store's vocabularies (one per thread); internal to the ingest layer. */
typedef struct ward_concepts_run ward_concepts_run;
void ward_concepts_run_free(ward_concepts_run *run);

#endif
