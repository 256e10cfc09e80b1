/* fhir.c — FHIR R4 JSON: Bundles, single resources and NDJSON.
 *
 * Ideas a reader needs:
 *  - A file is a Bundle (any type: transaction, collection, searchset...),
 *    one resource, or NDJSON (one resource per line, as a Bulk Data export
 *    writes it). Record numbers in errors are entry numbers in a Bundle and
 *    line numbers in NDJSON.
 *  - References are resolved before storing: inside a Bundle, a reference to
 *    an entry's fullUrl ("urn:uuid:...", or an absolute URL) is rewritten to
 *    "Type/id", as a FHIR server does when it processes a transaction. The
 *    patient a resource belongs to must be known: in the same Bundle (whose
 *    Patient entries are stored first) or already in the store. When it is
 *    not, the record is deferred to the end of the run (exports put
 *    Patient.ndjson after Condition.ndjson) and reported only if it is
 *    still unknown then.
 *  - Each record is stored inside a savepoint: a bad one is reported
 *    ("FILE: record N: field 'x' ...", never a value) and leaves nothing.
 */
#include "fhir_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* One resource may hold at most this much text (the sum of its strings):
 * more is a broken export, not a clinical record. */
#define MAX_RESOURCE_BYTES ((size_t)16 << 20)

typedef struct fhir_file {
    ward_ingest *in;
    const char *file;
    json_t *urls;   /* bundle fullUrl -> "Type/id" */
    json_t *index;  /* bundle "Type/id" -> resource */
} fhir_file;

enum { REC_STORED, REC_DEFERRED, REC_FAILED };

static int valid_type_name(const char *t)
{
    if (!t || !isupper((unsigned char)t[0])) return 0;
    size_t n = 0;
    for (; t[n]; n++)
        if (!isalpha((unsigned char)t[n])) return 0;
    return n <= 64;
}

static int valid_id(const char *id)
{
    size_t n = 0;
    for (; id[n]; n++)
        if (!isalnum((unsigned char)id[n]) && id[n] != '-' && id[n] != '.' && id[n] != '_') return 0;
    return n > 0 && n <= 64;
}

/* Walks a resource: rewrites references the bundle resolves, and finds its
 * total string size and the field holding the largest string. */
typedef struct walk {
    json_t *urls;
    size_t total, largest;
    char largest_field[64];
} walk;

static void walk_value(walk *w, const char *key, json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        json_object_foreach(v, k, x) {
            if (w->urls && json_is_string(x) && !strcmp(k, "reference")) {
                json_t *to = json_object_get(w->urls, json_string_value(x));
                if (to) json_string_set(x, json_string_value(to));
            }
            walk_value(w, k, x);
        }
        break;
    case JSON_ARRAY:
        json_array_foreach(v, i, x) walk_value(w, key, x);
        break;
    case JSON_STRING: {
        size_t n = json_string_length(v);
        w->total += n;
        if (n > w->largest) {
            w->largest = n;
            snprintf(w->largest_field, sizeof w->largest_field, "%s", key ? key : "");
        }
        break;
    }
    default: break;
    }
}

/* The patient a resource belongs to. Returns 1 with out set when known,
 * 0 when the resource names no patient, -1 when it names one not known
 * (yet), -2 when a patient field is there but holds no reference (null,
 * {}, a number): stored, such a record would silently belong to no one;
 * FIND_FAILED (err set) when the store fails. *field names the field. */
#define FIND_FAILED (-3)
static int find_patient(fhir_file *f, json_t *res, char *out, size_t cap, const char **field, ward_err *err)
{
    static const char *const fields[] = {"subject", "patient", "beneficiary", "for"};
    const char *type = fhir_str(res, "resourceType");
    *out = 0;
    if (!strcmp(type, "Patient")) {
        snprintf(out, cap, "%s", fhir_str(res, "id"));
        return 1;
    }
    const char *ref = NULL, *broken = NULL;
    for (size_t i = 0; i < sizeof fields / sizeof *fields && !ref; i++) {
        json_t *v = json_object_get(res, fields[i]);
        if (!v) continue;
        if (json_is_array(v)) v = json_array_get(v, 0);
        ref = fhir_str(v, "reference");
        if (!ref && !broken && !(json_is_object(v) && json_object_get(v, "identifier"))) broken = fields[i];
        *field = fields[i];
    }
    if (!ref && broken) {
        *field = broken;
        return -2;
    }
    if (!ref) return 0;
    const char *id = NULL;
    char mrn_id[256];
    if (ward_str_startswith(ref, "urn:uuid:")) id = ref + 9;   /* not in this bundle: an id elsewhere? */
    else if (ward_str_startswith(ref, "Patient?identifier=")) {
        /* A conditional reference by identifier: the MRN Ward stores. */
        const char *v = strrchr(ref, '|');
        v = v ? v + 1 : ref + 19;
        if (ward_ingest_resolve_patient(f->in, v, v, mrn_id, sizeof mrn_id, err)) return FIND_FAILED;
        id = mrn_id;
    } else {
        const char *p = strstr(ref, "Patient/");
        if (!p || (p != ref && p[-1] != '/')) return 0;   /* Group, Device, Location...: no patient */
        id = p + 8;
        const char *hist = strstr(id, "/_history");
        if (hist) {
            snprintf(mrn_id, sizeof mrn_id, "%.*s", (int)(hist - id), id);
            id = mrn_id;
        }
    }
    snprintf(out, cap, "%s", id);
    int known = 0;
    if (*out && ward_store_patient_exists(ward_ingest_store(f->in), out, &known, err)) return FIND_FAILED;
    return known ? 1 : -1;
}

static int retry_record(ward_ingest *in, const char *file, long record, const char *data, size_t len, int final);

/* Checks, resolves and stores one resource in its own savepoint. may_defer:
 * an unknown patient defers the record instead of failing it; quiet: fail
 * without reporting (a deferred retry that is not final). */
static int put_record(fhir_file *f, long record, json_t *res, int may_defer, int quiet)
{
    ward_ingest *in = f->in;
#define FAIL(...) do { if (!quiet) ward_ingest_error(in, f->file, record, __VA_ARGS__); return REC_FAILED; } while (0)
    if (!json_is_object(res)) FAIL("entry has no resource object");
    const char *uf = fhir_str(res, FHIR_UNDERFLOW_KEY);
    if (uf) FAIL("field '%s': the number is too small to represent (it would read as 0)", uf);
    json_t *rt = json_object_get(res, "resourceType");
    const char *type = json_string_value(rt);
    if (!rt) FAIL("field 'resourceType' is missing: every FHIR resource names its type");
    if (!valid_type_name(type)) FAIL("field 'resourceType' is not a FHIR resource type name");
    if (json_is_array(json_object_get(res, "entry")) && strcmp(type, "Bundle"))
        FAIL("has 'entry' like a Bundle but field 'resourceType' is not \"Bundle\"");
    json_t *idv = json_object_get(res, "id");
    if (idv && !json_is_string(idv)) FAIL("field 'id' is not a string");
    if (!idv) {
        /* A resource without id (a transaction entry may rely on fullUrl
         * alone): name it by its content, which keeps re-ingest idempotent. */
        ward_buf j;
        ward_buf_init(&j);
        fhir_dump(res, &j);
        char hash[65];
        ward_hash_hex(j.data, j.len, hash);
        hash[32] = 0;
        ward_buf_free(&j);
        json_object_set_new(res, "id", json_string(hash));
    } else if (!valid_id(json_string_value(idv))) {
        FAIL("field 'id' is not a valid FHIR id (letters, digits, '-', '.', at most 64 characters)");
    }
    walk w = {.urls = f->urls};
    walk_value(&w, NULL, res);
    if (w.total > MAX_RESOURCE_BYTES)
        FAIL("field '%s' holds %.1f MB of text; one resource may hold at most %zu MB", w.largest_field,
             (double)w.largest / 1e6, MAX_RESOURCE_BYTES >> 20);
    char pid[256];
    const char *field = "subject";
    ward_err err = {0};
    int known = find_patient(f, res, pid, sizeof pid, &field, &err);
    if (known == FIND_FAILED) FAIL("%s", err.msg);
    if (known == -2)
        FAIL("field '%s' holds no reference to a Patient (null, empty or not an object): "
             "the record would belong to no patient", field);
    if (known < 0) {
        if (may_defer) {
            ward_buf j;
            ward_buf_init(&j);
            fhir_dump(res, &j);
            ward_ingest_defer(in, f->file, record, j.data, j.len, retry_record);
            ward_buf_free(&j);
            return REC_DEFERRED;
        }
        FAIL("field '%s' refers to a Patient that is neither in this file nor in the store: "
             "ingest that Patient too, or fix the reference", field);
    }
    ward_store *st = ward_ingest_store(in);
    int rc = ward_store_savepoint(st, &err);
    if (!rc) {
        rc = fhir_put(in, res, known > 0 ? pid : NULL, f->index, &err);
        if (rc) ward_store_rollback_to(st);
        else rc = ward_store_release(st, &err);
    }
    if (rc) FAIL("%s", err.msg);
    ward_ingest_count(in, type);
    return REC_STORED;
#undef FAIL
}

static int retry_record(ward_ingest *in, const char *file, long record, const char *data, size_t len, int final)
{
    json_error_t jerr;
    json_t *res = json_loadb(data, len, 0, &jerr);
    fhir_file f = {.in = in, .file = file};
    int r = res ? put_record(&f, record, res, 0, !final) : REC_FAILED;
    json_decref(res);
    return r == REC_STORED ? WARD_OK : WARD_EINPUT;
}

/* Patients first, then who authors documents, then everything else: what a
 * resource refers to is stored before it, whatever the entry order. */
static int pass_of(const char *type)
{
    if (!type) return 2;
    if (!strcmp(type, "Patient")) return 0;
    if (!strcmp(type, "Practitioner") || !strcmp(type, "Organization") || !strcmp(type, "Medication")) return 1;
    return 2;
}

static void index_entry(fhir_file *f, json_t *entry)
{
    json_t *res = json_object_get(entry, "resource");
    const char *type = fhir_str(res, "resourceType");
    const char *full = fhir_str(entry, "fullUrl");
    if (!type || !valid_type_name(type)) return;
    const char *id = fhir_str(res, "id");
    if (!id && full && ward_str_startswith(full, "urn:uuid:") && valid_id(full + 9)) {
        /* A transaction entry known only by its urn:uuid takes it as id. */
        json_object_set_new(res, "id", json_string(full + 9));
        id = full + 9;
    }
    if (!id) return;
    ward_buf ref;
    ward_buf_init(&ref);
    ward_buf_printf(&ref, "%s/%s", type, id);
    if (full) json_object_set_new(f->urls, full, json_string(ref.data));
    json_object_set(f->index, ref.data, res);
    ward_buf_free(&ref);
}

static void put_bundle(fhir_file *f, json_t *bundle, long record)
{
    json_t *entries = json_object_get(bundle, "entry");
    if (entries && !json_is_array(entries)) {
        ward_ingest_error(f->in, f->file, record, "field 'entry' of the Bundle is not an array");
        return;
    }
    fhir_file bf = {.in = f->in, .file = f->file, .urls = json_object(), .index = json_object()};
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) index_entry(&bf, e);
    for (int pass = 0; pass < 3; pass++) {
        json_array_foreach(entries, i, e) {
            json_t *res = json_object_get(e, "resource");
            /* A transaction's DELETE or GET, a response without a body:
             * entries that carry no resource are not records. */
            if (!res && (json_object_get(e, "request") || json_object_get(e, "response"))) continue;
            if (pass_of(fhir_str(res, "resourceType")) != pass) continue;
            if (json_is_object(res) && !strcmp(fhir_str(res, "resourceType") ?: "", "Bundle"))
                put_bundle(&bf, res, (long)i + 1);
            else
                put_record(&bf, (long)i + 1, res, 1, 0);
        }
    }
    json_decref(bf.urls);
    json_decref(bf.index);
}

static void put_top(fhir_file *f, json_t *v, long record)
{
    if (!json_is_object(v)) {
        ward_ingest_error(f->in, f->file, record, "not a JSON object: a FHIR resource or Bundle is an object");
        return;
    }
    const char *type = fhir_str(v, "resourceType");
    if (type && !strcmp(type, "Bundle")) put_bundle(f, v, record);
    else put_record(f, record, v, 1, 0);
}

/* Reports a JSON syntax error without jansson's "near '...'" (file content). */
static void syntax_error(fhir_file *f, long record, const json_error_t *je, size_t len)
{
    char what[160];
    snprintf(what, sizeof what, "%s", je->text);
    char *near = strstr(what, " near ");
    if (near) *near = 0;
    if ((size_t)je->position >= len || strstr(je->text, "end of file") || strstr(je->text, "premature end"))
        ward_ingest_error(f->in, f->file, record, "JSON ends too early (line %d): the file is truncated",
                          je->line);
    else
        ward_ingest_error(f->in, f->file, record, "JSON syntax error at line %d, column %d: %s", je->line,
                          je->column, what);
}

static void put_ndjson(fhir_file *f, const char *data, size_t len)
{
    long line = 0;
    for (size_t pos = 0; pos < len;) {
        const char *p = data + pos, *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        size_t k = 0;
        while (k < n && isspace((unsigned char)p[k])) k++;
        if (k == n) continue;
        json_error_t je;
        json_t *v = json_loadb(p, n, 0, &je);
        if (!v) {
            syntax_error(f, line, &je, n);
            continue;
        }
        fhir_mark_underflow(v, p, n);
        put_top(f, v, line);
        json_decref(v);
    }
}

int ward_ingest_fhir(ward_ingest *in, const char *file, const char *data, size_t len)
{
    fhir_file f = {.in = in, .file = file};
    long failed = ward_ingest_get_counts(in)->records_failed;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3;
    /* One parse tells a single document from NDJSON: a value followed by
     * more than white space is a file of lines. */
    json_error_t je;
    json_t *v = json_loadb(data, len, JSON_DISABLE_EOF_CHECK, &je);
    size_t used = v ? (size_t)je.position : 0;
    while (v && used < len && isspace((unsigned char)data[used])) used++;
    if ((v && used < len) || (!v && ward_ingest_detect(file, data, len) == WARD_FMT_FHIR_NDJSON)) {
        put_ndjson(&f, data, len);
    } else if (!v) {
        syntax_error(&f, 0, &je, len);
        return WARD_EINPUT;
    } else {
        fhir_mark_underflow(v, data, used);
        put_top(&f, v, 1);
    }
    json_decref(v);
    return ward_ingest_get_counts(in)->records_failed > failed ? WARD_EINPUT : WARD_OK;
}
