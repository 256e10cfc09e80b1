/* text.c — clinical notes and literature as plain text or Markdown.
 *
 * An optional front matter at the top names what the text is:
 *
 *     ---
 *     patient: 8f2c...        (absent: the note joins the literature corpus)
 *     date: 2024-03-02
 *     kind: progress_note
 *     title: Follow-up visit
 *     author: Dr. A. Jones
 *     id: DOC-2024-0042        (optional: the note's identity across edits)
 *     ---
 *
 * The document text is the body after the front matter, so every offset
 * Ward stores (and every ground-truth offset `ward synth` writes) counts
 * from the first byte of the body.
 *
 * A note's identity across edits (its source key) is its front matter id,
 * else its file's real path: a file edited and ingested again supersedes
 * its previous version (ward_store_supersede), while two notes with the
 * same file name in different folders stay two notes.
 *
 * Parsing (ingest_note_parse) is apart from storing (ingest_note_store), so
 * that `ward ingest --jobs N` parses and prepares notes on worker threads.
 *
 * A note is stored without a savepoint. Everything that can refuse it (front
 * matter, UTF-8, de-identification) runs before its first write, and its
 * writes cannot fail for its content (the hash is checked first, resources
 * are upserts, every required column is set): only a failing store can
 * stop them, and then the whole uncommitted group is rolled back and the
 * run stops (ingest.c). A savepoint per note kept the note's changed pages
 * in a journal that spilled to a temporary file past 64 KiB: a fifth of
 * ingest's CPU went to those writes.
 */
#include "ingest/ingest_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Copies the value of "key: value" into out when line starts with key. */
static int take(const char *line, size_t n, const char *key, char *out, size_t cap)
{
    size_t k = strlen(key);
    if (n <= k || strncasecmp(line, key, k) || line[k] != ':') return 0;
    const char *v = line + k + 1;
    size_t vn = n - k - 1;
    while (vn && (*v == ' ' || *v == '\t')) v++, vn--;
    while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t' || v[vn - 1] == '\r')) vn--;
    if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) v++, vn -= 2;
    if (vn >= cap) vn = cap - 1;
    memcpy(out, v, vn);
    out[vn] = 0;
    return 1;
}

/* Parses front matter into fm; returns the body offset (0 when there is
 * none), or -1 with *line_no set when it is malformed. */
static long parse_front_matter(const char *data, size_t len, ingest_note *fm, long *line_no, ward_err *err)
{
    size_t pos = 0;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
        pos = 3;
    if (len - pos < 4 || strncmp(data + pos, "---", 3) || (data[pos + 3] != '\n' && data[pos + 3] != '\r'))
        return (long)pos;
    const char *first_nl = memchr(data + pos, '\n', len - pos);
    pos = first_nl ? (size_t)(first_nl - data) + 1 : len;
    *line_no = 1;
    char date_raw[64] = "";
    while (pos < len) {
        const char *line = data + pos, *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        (*line_no)++;
        pos += n + (nl ? 1 : 0);
        if (n && line[n - 1] == '\r') n--;
        if (n >= 3 && !strncmp(line, "---", 3)) return (long)pos;
        if (take(line, n, "date", date_raw, sizeof date_raw)) {
            if (ward_date_norm(date_raw, fm->date)) {
                ward_err_set(err, WARD_EINPUT, "front matter field 'date' is not a date (use YYYY-MM-DD)");
                return -1;
            }
            continue;
        }
        if (n == 0 || take(line, n, "patient", fm->patient, sizeof fm->patient) ||
            take(line, n, "kind", fm->kind, sizeof fm->kind) ||
            take(line, n, "title", fm->title, sizeof fm->title) ||
            take(line, n, "author", fm->author, sizeof fm->author) ||
            take(line, n, "id", fm->id, sizeof fm->id))
            continue;
        if (!memchr(line, ':', n)) {
            ward_err_set(err, WARD_EINPUT, "front matter line is not 'key: value'");
            return -1;
        }
        /* other keys are allowed and ignored */
    }
    ward_err_set(err, WARD_EINPUT, "front matter opened with '---' is never closed");
    return -1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* realpath(file) into out (PATH_MAX), or NULL. A run's files share a few
 * folders: realpath resolves every component of every path (a readlink
 * each), so a folder's real path is kept per thread, and a file that is no
 * link is that folder's real path and its name (one lstat). */
static const char *real_path(const char *file, char *out)
{
    static _Thread_local char dir[PATH_MAX], dir_real[PATH_MAX];
    static _Thread_local size_t dir_len;
    const char *slash = strrchr(file, '/');
    const char *name = slash ? slash + 1 : NULL;
    struct stat ls;
    if (!slash || slash == file || (size_t)(slash - file) >= sizeof dir || !*name || !strcmp(name, ".") ||
        !strcmp(name, "..") || lstat(file, &ls) != 0 || S_ISLNK(ls.st_mode))
        return realpath(file, out);
    size_t n = (size_t)(slash - file);
    if (n != dir_len || memcmp(dir, file, n)) {
        memcpy(dir, file, n);
        dir[n] = 0;
        dir_len = 0;
        if (!realpath(dir, dir_real)) return realpath(file, out);
        dir_len = n;
    }
    size_t dl = strlen(dir_real);
    if (dl == 1) dl = 0;   /* the root: "/" and the name */
    if (dl + 1 + strlen(name) >= PATH_MAX) return realpath(file, out);
    memcpy(out, dir_real, dl);
    out[dl] = '/';
    strcpy(out + dl + 1, name);
    return out;
}

int ingest_note_parse(const char *file, const char *data, size_t len, ingest_note *n, ward_err *err)
{
    memset(n, 0, sizeof *n);
    ward_buf_init(&n->key);
    long line = 0;
    long body = parse_front_matter(data, len, n, &line, err);
    if (body < 0) {
        ward_err_prefix(err, "line %ld", line);
        return WARD_EINPUT;
    }
    size_t blen = len - (size_t)body;
    int blank = 1;
    for (size_t i = (size_t)body; i < len && blank; i++)
        blank = data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t';
    if (blank) return ward_err_set(err, WARD_EINPUT, "no text after the front matter");
    int has_patient = n->patient[0] != 0;
    char real[PATH_MAX];
    if (n->id[0]) ward_buf_printf(&n->key, "text-id:%s", n->id);
    else ward_buf_printf(&n->key, "text:%s", real_path(file, real) ? real : file);
    n->d = (ward_document){.patient_id = has_patient ? n->patient : NULL,
                           .kind = n->kind[0] ? n->kind : has_patient ? "note" : "article",
                           .title = n->title[0] ? n->title : base_name(file),
                           .date = n->date[0] ? n->date : NULL, .author = n->author[0] ? n->author : NULL,
                           .source_format = "text", .source_id = base_name(file), .source_key = n->key.data,
                           .text = data + body, .text_len = blen};
    /* Once, here (on a worker with --jobs): both the "stored already?"
     * lookup and the store want it. */
    ward_store_document_hash(&n->d, n->hash);
    n->d.hash = n->hash;
    return WARD_OK;
}

void ingest_note_free(ingest_note *n)
{
    ward_buf_free(&n->key);
}

int ingest_note_store(ward_ingest *in, const char *file, ingest_note *n, ingest_prep *prep, ward_err *err)
{
    ward_store *st = ward_ingest_store(in);
    const char *patient = n->d.patient_id;
    ingest_prep own = {0};
    int rc = WARD_OK;
    if (!prep) {   /* the funnel's work, before anything is written */
        int64_t stored = 0;
        if ((rc = ward_store_document_stored(st, &n->d, &stored, err))) return rc;
        ward_err why = {0};
        if (!stored && ingest_prep_writer(in, &n->d, &own, &why)) {
            ingest_prep_free(&own);
            ward_ingest_error(in, file, 0, "%s", why.msg);
            return WARD_OK;
        }
        if (!stored) prep = &own;
        /* Within a transaction (a run's group, which holds the write
         * lock) nothing stores the note between this lookup and
         * add_document: its answer stands, and is not asked again. */
        n->d.unstored = !stored && ward_store_in_transaction(st);
    }
    /* A note may arrive before the chart it belongs to: keep it, with a
     * patient row that a later FHIR or HL7 record fills in. */
    int known = 0;
    if (patient) rc = ward_store_patient_exists(st, patient, &known, err);
    if (!rc && patient && !known) {
        ward_patient p = {.id = patient, .source = "note"};
        rc = ward_ingest_put_patient(in, &p, err);
    }
    if (!rc) rc = ingest_put_document(in, &n->d, prep, err);
    ingest_prep_free(&own);
    if (!rc) ward_ingest_count(in, patient ? "note" : "literature");
    return rc;
}

int ingest_text(ward_ingest *in, const char *file, const char *data, size_t len, ward_err *err)
{
    ingest_note n;
    ward_err why = {0};
    int rc = WARD_OK;
    if (ingest_note_parse(file, data, len, &n, &why)) ward_ingest_error(in, file, 0, "%s", why.msg);
    else rc = ingest_note_store(in, file, &n, NULL, err);
    ingest_note_free(&n);
    return rc;
}

int ward_ingest_text(ward_ingest *in, const char *file, const char *data, size_t len)
{
    ward_err err = {0};
    int rc = ingest_text(in, file, data, len, &err);
    if (rc) ward_ingest_error(in, file, 0, "%s", err.msg);
    return rc;
}
