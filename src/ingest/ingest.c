/* ingest.c — the ingest run: walk paths, detect formats, files committed in
 * groups, readers push records, structured records become readable chunks.
 *
 * Ideas a reader needs:
 *  - A file is all-or-nothing at the file level for I/O and encoding errors,
 *    and record-by-record inside (FHIR and HL7 readers wrap each record in
 *    a savepoint; a note is checked whole before its first write, text.c).
 *    A store failure under a note abandons the group and stops the run.
 *    Its first 64 KB decide binary or not, and the format, before it is
 *    read: notes and JSON documents over max_file_bytes are refused unread,
 *    larger NDJSON and HL7 v2 go window by window (stream.c).
 *  - A file that cannot get the write lock within busy_wait_ms (another
 *    process writes) is reported by name and the run goes on.
 *    Files are committed in groups (8 MB or one second on the
 *    clock), so
 *    SIGKILL loses at most the last group's work and a re-run skips
 *    everything already stored (content hashes).
 *  - Records whose patient is not known yet are deferred to the end of the
 *    run (ward_ingest_defer), because exports split resources across files
 *    in an order that has nothing to do with references.
 *  - The run prints nothing: per-record errors and progress go to the
 *    params' report callback as ward_events (file, record, message), which
 *    the CLI renders as "FILE: record N: what is wrong" and a progress bar.
 *    Messages never quote record values (PHI).
 *  - With params.jobs > 1, notes are read and refined on worker threads
 *    (pipeline.c) and come back here in input order: this thread alone
 *    writes, reports and counts.
 */
#include "ward/ingest.h"
#include "ward/funnel.h"
#include "ingest/ingest_int.h"

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct type_count {
    char *type;
    long n;
} type_count;

typedef struct deferred {
    char *file;
    long record;
    char *data;
    size_t len;
    ward_ingest_retry_fn retry;
} deferred;

struct ward_ingest {
    ward_store *st;
    ward_ingest_params p;
    ward_ingest_counts c;
    type_count *types;
    size_t ntypes;
    deferred *defer;
    size_t ndefer, capdefer;
    int file_had_error;
    long record_base;   /* records of a large file's earlier windows (stream.c) */
    /* The open transaction: small files share one, committed every
     * COMMIT_BYTES of input or COMMIT_WALL_SECONDS, whichever comes
     * first. */
    int in_tx;
    double tx_bytes;
    struct timespec tx_start;      /* on the monotonic clock */
    int taper;                     /* workers run: groups shrink near the end (tx_commit) */
    ward_concepts_run *concepts;   /* the writer's extractor, built on the first note */
    ward_buf json;                 /* scratch: a fact's FHIR JSON */
    concepts_vocab *vocab;         /* for the workers' extractors, read once */
};

ward_ingest_params ward_ingest_default_params(void)
{
    ward_ingest_params p = {0};
    p.max_file_bytes = (size_t)64 << 20;
    p.busy_wait_ms = 30000;
    p.deid = 1;
    p.concepts = 1;
    p.jobs = 1;
    return p;
}

int ward_ingest_new(ward_store *st, const ward_ingest_params *params, ward_ingest **out, ward_err *err)
{
    (void)err;
    ward_ingest *in = ward_xcalloc(1, sizeof *in);
    in->st = st;
    in->p = params ? *params : ward_ingest_default_params();
    ward_buf_init(&in->json);
    *out = in;
    return WARD_OK;
}

void ward_ingest_free(ward_ingest *in)
{
    if (!in) return;
    if (in->in_tx) ward_store_rollback(in->st);
    for (size_t i = 0; i < in->ntypes; i++) free(in->types[i].type);
    free(in->types);
    for (size_t i = 0; i < in->ndefer; i++) {
        free(in->defer[i].file);
        free(in->defer[i].data);
    }
    free(in->defer);
    ward_concepts_run_free(in->concepts);
    concepts_vocab_free(in->vocab);
    ward_buf_free(&in->json);
    free(in);
}

ward_store *ward_ingest_store(ward_ingest *in) { return in->st; }
const ward_ingest_counts *ward_ingest_get_counts(ward_ingest *in) { return &in->c; }

static int cmp_type(const void *a, const void *b)
{
    return strcmp(((const type_count *)a)->type, ((const type_count *)b)->type);
}

void ward_ingest_each_type(ward_ingest *in, void (*fn)(const char *, long, void *), void *ud)
{
    if (in->ntypes) qsort(in->types, in->ntypes, sizeof *in->types, cmp_type);
    for (size_t i = 0; i < in->ntypes; i++) fn(in->types[i].type, in->types[i].n, ud);
}

void ward_ingest_count(ward_ingest *in, const char *type)
{
    in->c.records++;
    for (size_t i = 0; i < in->ntypes; i++)
        if (!strcmp(in->types[i].type, type)) {
            in->types[i].n++;
            return;
        }
    in->types = ward_xrealloc(in->types, (in->ntypes + 1) * sizeof *in->types);
    in->types[in->ntypes].type = ward_xstrdup(type);
    in->types[in->ntypes++].n = 1;
}

static void report(ward_ingest *in, const ward_event *ev)
{
    if (in->p.report) in->p.report(in->p.report_ud, ev);
}

/* Reports an error (unless quiet). */
static void report_msg(ward_ingest *in, const char *file, long record, int code, const char *msg)
{
    if (in->p.quiet) return;
    if (file && record > 0) record += in->record_base;
    ward_event ev = {.kind = WARD_EVENT_ERROR, .file = file, .record = record, .code = code, .msg = msg};
    report(in, &ev);
}

/* Counts a failed record and reports it (unless quiet). */
static void report_error(ward_ingest *in, const char *file, long record, int code, const char *msg)
{
    in->c.records_failed++;
    in->file_had_error = 1;
    report_msg(in, file, record, code, msg);
}

void ward_ingest_error(ward_ingest *in, const char *file, long record, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report_error(in, file, record, WARD_EINPUT, msg);
}

void ward_ingest_defer(ward_ingest *in, const char *file, long record, const char *data, size_t len,
                       ward_ingest_retry_fn retry)
{
    if (in->ndefer == in->capdefer) {
        in->capdefer = in->capdefer ? in->capdefer * 2 : 64;
        in->defer = ward_xrealloc(in->defer, in->capdefer * sizeof *in->defer);
    }
    deferred *d = &in->defer[in->ndefer++];
    d->file = ward_xstrdup(file);
    d->record = record + in->record_base;   /* retried after the windows are gone */
    d->data = ward_xstrndup(data, len);
    d->len = len;
    d->retry = retry;
}

/* ---- storing what readers parse ---- */

int ward_ingest_resolve_patient(ward_ingest *in, const char *id, const char *mrn, char *out, size_t cap,
                                ward_err *err)
{
    snprintf(out, cap, "%s", id);
    int known = 0;
    int rc = ward_store_patient_exists(in->st, id, &known, err);
    if (rc || known) return rc;
    rc = ward_store_patient_by_mrn(in->st, id, mrn, out, cap, err);
    if (rc == WARD_ENOTFOUND) {   /* a new patient: keep id */
        ward_err_clear(err);
        rc = WARD_OK;
    }
    return rc;
}

int ward_ingest_put_patient(ward_ingest *in, const ward_patient *p, ward_err *err)
{
    return ward_store_put_patient(in->st, p, err);
}

int ward_ingest_put_resource(ward_ingest *in, const ward_resource *r, const char *readable,
                             ward_err *err)
{
    int64_t rid = 0;
    int changed = 0;
    int rc = ward_store_put_resource(in->st, r, &rid, &changed, err);
    if (rc) return rc;
    if (!changed) {
        in->c.skipped_unchanged++;
        return WARD_OK;
    }
    ward_buf sid;
    ward_buf_init(&sid);
    ward_buf_printf(&sid, "%s/%s", r->type, r->fhir_id);
    /* A changed resource replaces its readable document. */
    rc = ward_store_delete_documents_for_source(in->st, "record", sid.data, err);
    if (!rc && readable && *readable) {
        char date[11] = "";
        if (r->effective) ward_date_norm(r->effective, date);
        ward_document d = {.patient_id = r->patient_id, .kind = "record", .title = r->type,
                           .date = *date ? date : NULL, .source_format = "record",
                           .source_id = sid.data, .text = readable, .resource_id = rid};
        int64_t did;
        int is_new;
        rc = ward_store_add_document(in->st, &d, &did, &is_new, err);
        if (!rc && is_new) {
            ward_chunk c = {.document_id = did, .seq = 0, .section = r->type, .start = 0,
                            .end = strlen(readable)};
            in->c.documents++;
            rc = ward_store_add_chunk(in->st, &c, NULL, err);
            if (!rc) in->c.chunks++;
        }
    }
    ward_buf_free(&sid);
    return rc;
}

/* The writer's own extractor (for documents it prepares itself), built on
 * the first note with the store's vocabularies. */
static int writer_run(ward_ingest *in, ward_concepts_run **out, ward_err *err)
{
    if (!in->concepts) {
        concepts_vocab *v = NULL;
        int rc = concepts_vocab_load(in->st, &v, err);
        if (!rc) rc = concepts_run_new(ward_store_dir(in->st), v, &in->concepts, err);
        concepts_vocab_free(v);
        if (rc) return rc;
    }
    *out = in->concepts;
    return WARD_OK;
}

int ingest_prep_writer(ward_ingest *in, const ward_document *d, ingest_prep *prep, ward_err *err)
{
    ward_concepts_run *run = NULL;
    int rc = in->p.concepts ? writer_run(in, &run, err) : WARD_OK;
    if (rc) {
        memset(prep, 0, sizeof *prep);
        return rc;
    }
    return ingest_prep_doc(prep, d, in->p.deid, run, err);
}

int ingest_put_document(ward_ingest *in, const ward_document *d, ingest_prep *prep, ward_err *err)
{
    int64_t did;
    int is_new;
    int rc = ward_store_add_document(in->st, d, &did, &is_new, err);
    if (rc) return rc;
    if (!is_new) {
        in->c.skipped_unchanged++;
        return WARD_OK;
    }
    /* New content from a known source: the version before becomes history. */
    int superseded = 0;
    if ((rc = ward_store_supersede(in->st, d->source_key, did, &superseded, err))) return rc;
    in->c.superseded += superseded;
    ingest_prep own;
    if (!prep) {
        rc = ingest_prep_writer(in, d, &own, err);
        prep = &own;
    }
    if (!rc) in->c.documents++;
    ward_buf text;
    ward_buf_init(&text);
    int64_t *ids = ward_xcalloc(prep->n + 1, sizeof *ids);
    ward_chunk *cs = ward_xcalloc(prep->n + 1, sizeof *cs);
    size_t *at = ward_xcalloc(prep->n + 1, sizeof *at);
    for (size_t i = 0; i < prep->n && !rc; i++) {
        /* The chunk's text goes in as is: cut from the stored document
         * by SQL, each chunk would reread the whole document (quadratic in
         * its size for long notes). The texts, NUL-ended, share a buffer. */
        const ward_span_chunk *sp = &prep->spans[i];
        at[i] = text.len;
        ward_buf_append(&text, d->text + sp->start, sp->end - sp->start);
        ward_buf_putc(&text, 0);
        cs[i] = (ward_chunk){.document_id = did, .seq = (int)i, .section = sp->section[0] ? sp->section : NULL,
                             .start = sp->start, .end = sp->end,
                             .deid_text = prep->deid ? prep->strs.data + prep->deid[i] : NULL, .doc = d};
        if (prep->terms && prep->terms_buf.data) {
            cs[i].fts_terms = prep->terms_buf.data + prep->terms[i];
            cs[i].fts_terms_len = prep->terms[i + 1] - prep->terms[i];
        }
    }
    for (size_t i = 0; i < prep->n; i++) cs[i].text = text.data + at[i];
    /* The ids may wait (PostgreSQL: the chunks go without waiting for
     * each answer, several to a statement); the concepts cite them only
     * after the sync. */
    if (!rc && prep->n) rc = ward_store_add_chunks_later(in->st, cs, prep->n, ids, err);
    if (!rc) in->c.chunks += prep->n;
    free(cs);
    free(at);
    ward_buf_free(&text);
    if (!rc) rc = ward_store_sync(in->st, err);
    if (!rc) rc = concepts_store(in->st, prep, did, d, ids, &in->json, err);
    free(ids);
    if (prep == &own) ingest_prep_free(&own);
    return rc;
}

int ward_ingest_put_document(ward_ingest *in, const ward_document *d, ward_err *err)
{
    return ingest_put_document(in, d, NULL, err);
}

/* ---- format detection ---- */

static const char *skip_bom_ws(const char *p, const char *end)
{
    if (end - p >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

ward_format ward_ingest_detect(const char *file, const char *data, size_t len)
{
    const char *end = data + len, *p = skip_bom_ws(data, end);
    if (end - p >= 4 && (!memcmp(p, "MSH", 3) || !memcmp(p, "FHS", 3) || !memcmp(p, "BHS", 3)))
        return WARD_FMT_HL7V2;
    /* Segments without an MSH ("PID|1||...") are still HL7, to be reported
     * as such rather than read as a note. */
    if (end - p >= 4 && isupper((unsigned char)p[0]) && isalnum((unsigned char)p[1]) &&
        isalnum((unsigned char)p[2]) && p[3] == '|')
        return WARD_FMT_HL7V2;
    if (p < end && *p == '{') {
        /* NDJSON: a newline followed by another object before the first one
         * could have closed at top level is enough of a signal; a pretty-
         * printed single resource has its newline inside braces. */
        int depth = 0, in_str = 0, esc = 0;
        for (const char *q = p; q < end; q++) {
            char ch = *q;
            if (in_str) {
                if (esc) esc = 0;
                else if (ch == '\\') esc = 1;
                else if (ch == '"') in_str = 0;
                continue;
            }
            if (ch == '"') in_str = 1;
            else if (ch == '{' || ch == '[') depth++;
            else if (ch == '}' || ch == ']') {
                if (--depth == 0) {
                    const char *r = skip_bom_ws(q + 1, end);
                    return r < end && *r == '{' ? WARD_FMT_FHIR_NDJSON : WARD_FMT_FHIR_JSON;
                }
            }
        }
        return ward_str_endswith(file, ".ndjson") ? WARD_FMT_FHIR_NDJSON : WARD_FMT_FHIR_JSON;
    }
    if (ward_str_endswith(file, ".json") || ward_str_endswith(file, ".ndjson")) return WARD_FMT_FHIR_JSON;
    if (ward_str_endswith(file, ".hl7")) return WARD_FMT_HL7V2;
    if (memchr(data, 0, len)) return WARD_FMT_UNKNOWN;   /* binary */
    return WARD_FMT_TEXT;
}

/* ---- progress ---- */

static void report_progress(ward_ingest *in)
{
    ward_event ev = {.kind = WARD_EVENT_PROGRESS, .done = (uint64_t)in->c.bytes,
                     .total = (uint64_t)in->c.bytes_total, .unit = "bytes"};
    report(in, &ev);
}

/* ---- files and directories ---- */

/* Hands the bytes to their reader. Bad records are reported and counted;
 * the return is nonzero only when the store failed under a note, which
 * no savepoint isolates (text.c): the group must then be abandoned. */
static int read_as(ward_ingest *in, const char *file, ward_format fmt, const char *data, size_t len,
                   ward_err *err)
{
    switch (fmt) {
    case WARD_FMT_HL7V2: ward_ingest_hl7v2(in, file, data, len); return WARD_OK;
    case WARD_FMT_TEXT: return ingest_text(in, file, data, len, err);
    default: ward_ingest_fhir(in, file, data, len); return WARD_OK;
    }
}

static int ingest_bytes(ward_ingest *in, const char *file, char *data, size_t len, ward_err *err)
{
    ward_format fmt = ward_ingest_detect(file, data, len);
    if (fmt == WARD_FMT_UNKNOWN) {
        ward_ingest_error(in, file, 0, "binary or unknown format: not FHIR JSON, NDJSON, HL7 v2 or text");
        return WARD_OK;
    }
    size_t bad;
    /* HL7 v2 declares its character set per message (MSH-18): its reader
     * checks and converts each message itself. */
    if (fmt != WARD_FMT_HL7V2 && !ward_utf8_valid(data, len, &bad)) {
        ward_ingest_error(in, file, 0, "invalid UTF-8 at byte %zu: convert the file to UTF-8", bad);
        return WARD_OK;
    }
    return read_as(in, file, fmt, data, len, err);
}

/* Committing once per small file would make the WAL and the FTS index
 * rewrite the same pages thousands of times (a 3 KB note dirtied ~200 pages
 * per commit). Files are grouped instead: a kill loses at most the last
 * group, which a re-run redoes (content hashes skip the rest).
 * A group ends at COMMIT_BYTES of input or after a second on the clock,
 * which bounds how long the write lock is held: other writers wait for it
 * (ward serve's drafts and audit wait WARD_STORE_SIDE_WRITE_MS, a second).
 * Every group costs the writer CPU: it rewrites its index pages in the log,
 * and its FTS5 segment is merged with the others' once four are on a level
 * (FTS5's automerge). Groups were also cut at half a second of the
 * writer's CPU time, which on an idle machine halved them: 2,000 notes in
 * 6 groups took 4.4% more instructions than in 3 (FTS5's merging: 267 M of
 * 6.41 G), and 4,999 notes wrote 17% more log (109 MB against 91 MB). */
#define COMMIT_BYTES (8.0 * 1024 * 1024)
#define COMMIT_WALL_SECONDS 1.0
/* With workers, the last group is indexed and committed after they have
 * run out of files, by the writer alone, a core idle meanwhile (about a
 * tenth of a 2-job run of 5,000 notes). So near the end of the files
 * groups shrink, each at most half of what is left, down to
 * TAPER_MIN_BYTES: the last group is small, and the indexing and commits
 * of the others overlap the workers' funnel work. */
#define TAPER_MIN_BYTES (256.0 * 1024)

/* Seconds on clock since start; a clock that cannot be read counts as
 * time up (a group then commits early, never late). */
static double secs_since(clockid_t clock, const struct timespec *start)
{
    struct timespec now;
    if (clock_gettime(clock, &now)) return 1e9;
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Opens a group, waiting up to busy_wait_ms for another process's write
 * lock: SQLite's busy handler retries within each attempt, and attempts
 * repeat (each at most a second) until the wait is spent. WARD_EBUSY then:
 * the caller reports the file and goes on. */
static int tx_begin(ward_ingest *in, ward_err *err)
{
    if (in->in_tx) return WARD_OK;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc, left = in->p.busy_wait_ms;
    do {
        int old = ward_store_set_busy_timeout(in->st, left < 1000 ? (left > 0 ? left : 0) : 1000);
        rc = ward_store_begin(in->st, err);
        ward_store_set_busy_timeout(in->st, old);
        left = in->p.busy_wait_ms - (int)(secs_since(CLOCK_MONOTONIC, &t0) * 1000);
    } while (rc == WARD_EBUSY && left > 0);
    if (rc) return rc;
    in->in_tx = 1;
    in->tx_bytes = 0;
    clock_gettime(CLOCK_MONOTONIC, &in->tx_start);
    return WARD_OK;
}

static int tx_commit(ward_ingest *in, int force, ward_err *err)
{
    if (!in->in_tx) return WARD_OK;
    int tail = in->taper && in->tx_bytes >= TAPER_MIN_BYTES &&
               in->tx_bytes >= (in->c.bytes_total - in->c.bytes) / 2;
    int full = in->tx_bytes >= COMMIT_BYTES || secs_since(CLOCK_MONOTONIC, &in->tx_start) >= COMMIT_WALL_SECONDS;
    if (!force && !tail && !full) return WARD_OK;
    in->in_tx = 0;
    int rc = ward_store_commit(in->st, err);
    if (rc) ward_store_rollback(in->st);
    return rc;
}

/* Reports a file (from byte `offset` on), or one record of it, that the
 * write lock never let in. */
static void report_busy(ward_ingest *in, const char *path, long record, double offset)
{
    char from[64] = "";
    if (offset > 0) snprintf(from, sizeof from, " from byte %.0f on", offset);
    ward_ingest_error(in, path, record, "not stored%s: another process held the store's write lock for %.0f s;"
                      " ingest this file again", from, in->p.busy_wait_ms / 1000.0);
}

int ingest_piece(ward_ingest *in, const char *path, ward_format fmt, const char *data, size_t len, long base,
                 double offset, ward_err *err)
{
    int rc = tx_begin(in, err);
    if (rc == WARD_EBUSY) {
        ward_err_clear(err);
        report_busy(in, path, 0, offset);
        return WARD_OK;
    }
    if (rc) return rc;
    in->record_base = base;
    rc = read_as(in, path, fmt, data, len, err);   /* never a note: OK */
    in->record_base = 0;
    if (rc) return rc;
    in->tx_bytes += (double)len;
    in->c.bytes += (double)len;
    rc = tx_commit(in, 0, err);
    report_progress(in);
    return rc;
}

/* The file's first bytes: enough to refuse binary data and to know the
 * format before anything is read whole. */
#define HEAD_BYTES 65536

/* A file that fails before it is stored: counted and reported. */
static int file_failed(ward_ingest *in, const char *path, const char *what, const char *why)
{
    ward_ingest_error(in, path, 0, "%s%s%s", what, why ? ": " : "", why ? why : "");
    in->c.files_failed++;
    in->c.files++;
    return WARD_OK;
}

/* Stores a file read whole (len bytes): data, or the note a worker read
 * and prepared. */
static int store_whole(ward_ingest *in, const char *path, char *data, size_t len, pipe_file *note, ward_err *err)
{
    int rc = tx_begin(in, err);
    if (rc) {
        if (rc != WARD_EBUSY) return rc;
        /* Another process kept the write lock: this file is not stored,
         * the run goes on (the next file waits again). */
        ward_err_clear(err);
        report_busy(in, path, 0, 0);
        in->c.files_failed++;
        in->c.files++;
        return WARD_OK;
    }
    rc = note ? ingest_note_store(in, path, &note->n, note->prepared ? &note->prep : NULL, err)
              : ingest_bytes(in, path, data, len, err);
    if (rc) {   /* the store failed under a note: the group goes, the run stops */
        in->in_tx = 0;
        ward_store_rollback(in->st);
        return rc;
    }
    /* Record errors were isolated (savepoints, or checks before a note's
     * first write): what succeeded commits. */
    in->tx_bytes += (double)len;
    if ((rc = tx_commit(in, 0, err))) return rc;
    in->c.files++;
    in->c.bytes += (double)len;
    if (in->file_had_error) in->c.files_failed++;
    report_progress(in);
    return WARD_OK;
}

/* A file of at most the limit (size bytes), read whole; head holds its
 * first hlen bytes, and is taken (a note's: all of it) when they are the
 * size the file had when opened, or the file ended within them. */
static int ingest_whole(ward_ingest *in, const char *path, FILE *f, size_t size, char *head, size_t hlen,
                        ward_err *err)
{
    char *data;
    size_t len;
    if ((hlen == size && size < HEAD_BYTES) || (hlen < HEAD_BYTES && feof(f))) {
        data = ward_xrealloc(head, hlen + 1);
        len = hlen;
    } else {
        free(head);
        data = ward_xmalloc(size + 1);
        rewind(f);
        len = fread(data, 1, size, f);
    }
    data[len] = 0;
    int rc = ferror(f) ? file_failed(in, path, "cannot read", strerror(errno))
                       : store_whole(in, path, data, len, NULL, err);
    free(data);
    return rc;
}

/* Reads one file and stores what it holds. Files up to max_file_bytes are
 * read whole; larger NDJSON and HL7 v2 are read a window of records at a
 * time (stream.c); a larger JSON document or note is refused unread. */
static int ingest_file(ward_ingest *in, const char *path, ward_err *err)
{
    in->file_had_error = 0;
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb)) {
        int e = errno;
        if (f) fclose(f);
        return file_failed(in, path, "cannot open", strerror(e));
    }
    /* Unbuffered: the reads go straight into head and data (no stdio
     * buffer, allocated after an fstat of its own, and copied from). */
    setvbuf(f, NULL, _IONBF, 0);
    size_t size = (size_t)sb.st_size, max = in->p.max_file_bytes ? in->p.max_file_bytes : (size_t)64 << 20;
    /* A file smaller than the head is asked for its size: one read, where
     * asking for more made a second one to meet the end (a note's). A
     * size of 0 may be a file that tells none (/proc): the whole head. */
    char *head = ward_xmalloc(HEAD_BYTES);
    size_t hlen = fread(head, 1, size && size < HEAD_BYTES ? size : HEAD_BYTES, f);
    ward_format fmt = memchr(head, 0, hlen) ? WARD_FMT_UNKNOWN : ward_ingest_detect(path, head, hlen);
    int rc = WARD_OK;
    if (ferror(f)) rc = file_failed(in, path, "cannot read", strerror(errno));
    else if (hlen == 0) rc = file_failed(in, path, "empty file", NULL);
    else if (fmt == WARD_FMT_UNKNOWN)
        rc = file_failed(in, path, "binary or unknown format", "not FHIR JSON, NDJSON, HL7 v2 or text");
    else if (size > max && fmt != WARD_FMT_FHIR_NDJSON && fmt != WARD_FMT_HL7V2) {
        char why[200];
        snprintf(why, sizeof why, "%.1f MB, over the %zu MB limit for one %s (ward ingest --max-file-mb);"
                 " NDJSON and HL7 v2 files of any size are read record by record", size / 1e6, max >> 20,
                 fmt == WARD_FMT_TEXT ? "note" : "FHIR JSON document");
        rc = file_failed(in, path, "not read", why);
    } else if (size > max) {
        rc = ingest_stream(in, path, f, fmt, max, err);
        in->c.files++;
        if (in->file_had_error) in->c.files_failed++;
    } else {
        rc = ingest_whole(in, path, f, size, head, hlen, err);
        head = NULL;
    }
    free(head);
    fclose(f);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a path is when it is neither a file nor a directory. */
static const char *odd_kind(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* Collects regular files under path (sorted, so runs are reproducible).
 * Each file and directory is visited once however many links lead to it
 * (seen: device and inode), so a link to ".." cannot make the walk loop.
 * FIFOs and devices are reported, never read (a FIFO blocks; /dev/zero
 * never ends). */
typedef struct file_list {
    char **path;
    double *size;
    size_t n, cap;
} file_list;

/* A path the walk cannot take (missing, a FIFO, a directory it cannot
 * list): reported, and counted as a file that failed; it holds no record,
 * so none is counted failed. */
static void path_failed(ward_ingest *in, const char *path, const char *what, const char *why)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s%s", what, why);
    report_msg(in, path, 0, WARD_EINPUT, msg);
    in->c.files_failed++;
}

static void collect(ward_ingest *in, const char *path, file_list *fl, walk_seen *seen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        path_failed(in, path, "cannot access: ", strerror(errno));
        return;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        path_failed(in, path, odd_kind(st.st_mode), ", not a regular file: skipped");
        return;
    }
    if (walk_seen_add(seen, st.st_dev, st.st_ino)) return;   /* reached again through a link */
    if (S_ISREG(st.st_mode)) {
        if (fl->n == fl->cap) {
            fl->cap = fl->cap ? fl->cap * 2 : 256;
            fl->path = ward_xrealloc(fl->path, fl->cap * sizeof *fl->path);
            fl->size = ward_xrealloc(fl->size, fl->cap * sizeof *fl->size);
        }
        fl->size[fl->n] = (double)st.st_size;
        fl->path[fl->n++] = ward_xstrdup(path);
        in->c.bytes_total += (double)st.st_size;
        in->c.files_total++;
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        path_failed(in, path, "cannot read directory: ", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t nn = 0, nc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;   /* hidden files, . and .. */
        if (nn == nc) {
            nc = nc ? nc * 2 : 64;
            names = ward_xrealloc(names, nc * sizeof *names);
        }
        names[nn++] = ward_xstrdup(e->d_name);
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        ward_buf child;
        ward_buf_init(&child);
        ward_buf_printf(&child, "%s/%s", path, names[i]);
        /* Ground-truth sidecars written by `ward synth` are not patient data. */
        if (!ward_str_endswith(names[i], ".truth.json") && !ward_str_endswith(names[i], ".jsonl"))
            collect(in, child.data, fl, seen);
        ward_buf_free(&child);
        free(names[i]);
    }
    free(names);
}

/* Workers for the files of one path, when the run has jobs and more than
 * one file; NULL: the calling thread does all. */
static ingest_pipe *start_workers(ward_ingest *in, const file_list *fl, ward_err *err)
{
    if (in->p.jobs <= 1 || fl->n < 2) return NULL;
    if (in->p.concepts && !in->vocab && concepts_vocab_load(in->st, &in->vocab, err)) {
        ward_err_clear(err);   /* the writer meets the same failure and reports it per note */
        return NULL;
    }
    pipe_ctx ctx = {.dir = ward_store_dir(in->st), .vocab = in->p.concepts ? in->vocab : NULL,
                    .deid = in->p.deid, .max_file_bytes = in->p.max_file_bytes ? in->p.max_file_bytes
                                                                                : (size_t)64 << 20};
    return pipe_start(&ctx, in->p.jobs, fl->path, fl->size, fl->n);
}

/* File i from a worker: a prepared note is stored here; anything else is
 * read as without workers. */
static int ingest_taken(ward_ingest *in, const char *path, pipe_file *f, ward_err *err)
{
    int rc;
    if (f->note) {
        in->file_had_error = 0;
        rc = store_whole(in, path, f->data, f->len, f, err);
    } else {
        rc = ingest_file(in, path, err);
    }
    pipe_file_free(f);
    return rc;
}

int ward_ingest_path(ward_ingest *in, const char *path, ward_err *err)
{
    file_list fl = {0};
    walk_seen seen = {0};
    collect(in, path, &fl, &seen);
    walk_seen_free(&seen);
    ingest_pipe *workers = start_workers(in, &fl, err);
    /* With workers, the writer is the bound: log copying goes to a thread
     * of its own too. */
    if (workers) ward_store_checkpointer_start(in->st);
    else ward_store_long_writes(in->st, 1);
    in->taper = workers != NULL;
    int rc = WARD_OK;
    for (size_t i = 0; i < fl.n && !rc; i++)
        rc = workers ? ingest_taken(in, fl.path[i], pipe_take(workers, i), err) : ingest_file(in, fl.path[i], err);
    in->taper = 0;
    pipe_stop(workers);   /* before the paths they read go */
    for (size_t i = 0; i < fl.n; i++) free(fl.path[i]);
    free(fl.path);
    free(fl.size);
    if (!rc) rc = tx_commit(in, 1, err);
    /* After the last commit: a checkpoint the thread is in (its fsync)
     * overlaps that commit instead of delaying it. */
    ward_store_checkpointer_stop(in->st);
    ward_store_long_writes(in->st, 0);
    assert(rc || !in->in_tx);   /* a forced commit always closes the group */
    if (rc && in->in_tx) {
        ward_store_rollback(in->st);
        in->in_tx = 0;
    }
    report_progress(in);
    return rc;
}

/* The write lock never came for the deferred records: each is reported as
 * not stored, by file and record, and the run ends normally. */
static int drop_deferred_busy(ward_ingest *in, ward_err *err)
{
    ward_err_clear(err);
    for (size_t i = 0; i < in->ndefer; i++) {
        report_busy(in, in->defer[i].file, in->defer[i].record, 0);
        free(in->defer[i].file);
        free(in->defer[i].data);
    }
    in->ndefer = 0;
    return WARD_OK;
}

int ward_ingest_finish(ward_ingest *in, ward_err *err)
{
    int rc = WARD_OK;
    /* Retry until a pass resolves nothing more: a deferred record may be the
     * patient another deferred record waits for. */
    for (int final = 0; final <= 1 && in->ndefer && !rc; final++) {
        size_t before;
        do {
            before = in->ndefer;
            size_t kept = 0;
            for (size_t i = 0; i < in->ndefer; i++) {
                deferred d = in->defer[i];
                /* Retries isolate themselves in savepoints: they share the
                 * grouped transactions of ordinary files. */
                if ((rc = tx_begin(in, err))) {
                    /* Keep the list whole (the rest after the kept ones):
                     * freed once, by ward_ingest_free or just below. */
                    for (size_t j = i; j < in->ndefer; j++) in->defer[kept++] = in->defer[j];
                    in->ndefer = kept;
                    return rc == WARD_EBUSY ? drop_deferred_busy(in, err) : rc;
                }
                int r = d.retry(in, d.file, d.record, d.data, d.len, final);
                if ((rc = tx_commit(in, 0, err))) return rc;
                if (r == WARD_OK || final) {
                    free(d.file);
                    free(d.data);
                } else {
                    in->defer[kept++] = d;
                }
            }
            in->ndefer = kept;
            if ((rc = tx_commit(in, 1, err))) return rc;
        } while (!final && in->ndefer && in->ndefer < before);
    }
    return rc;
}
