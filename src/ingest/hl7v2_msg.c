/* hl7v2_msg.c — what an HL7 v2 message gives Ward.
 *
 *   every message with a PID   the patient's demographics (by MRN: a FHIR
 *                              Patient carrying that MRN is the same person)
 *   ORU, OUL (results)         OBX values -> Observation resources; TX/FT
 *                              OBX and NTE comments -> a report document
 *   MDM (T02, T04, ...)        OBX/TXA text -> a note document
 *   VXU (and any RXA)          RXA -> Immunization resources
 *   AL1, DG1, PRB segments     AllergyIntolerance and Condition resources
 *
 * Structured results are stored as synthesized FHIR JSON through the same
 * call as FHIR input (fhir_put), so they get the same columns and
 * readable text. Their ids are hashes of the message and the segment's
 * position in it, so re-ingesting a message changes nothing. Other message types (ORM, SIU,
 * BAR, ...) are valid input: their PID goes in, the rest is not modelled.
 */
#include "fhir_int.h"
#include "hl7v2_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
    ward_ingest *in;
    hl7_msg *m;
    const hl7_seg *msh;
    char patient[256];    /* store id, "" when the message names none */
    char when[32];        /* MSH-7 as ISO, the fallback date */
    ward_buf key;         /* "hl7:" and a hash of the message */
} ctx;

static const char *coding_system(const char *hl7)
{
    static const char *const map[][2] = {
        {"LN", "http://loinc.org"}, {"SCT", "http://snomed.info/sct"}, {"SNM", "http://snomed.info/sct"},
        {"I10", "http://hl7.org/fhir/sid/icd-10"}, {"I10C", "http://hl7.org/fhir/sid/icd-10-cm"},
        {"I9", "http://hl7.org/fhir/sid/icd-9-cm"}, {"I9C", "http://hl7.org/fhir/sid/icd-9-cm"},
        {"I9CDX", "http://hl7.org/fhir/sid/icd-9-cm"}, {"CVX", "http://hl7.org/fhir/sid/cvx"},
        {"NDC", "http://hl7.org/fhir/sid/ndc"}, {"RXNORM", "http://www.nlm.nih.gov/research/umls/rxnorm"},
        {"UCUM", "http://unitsofmeasure.org"}};
    for (size_t i = 0; hl7 && i < sizeof map / sizeof *map; i++)
        if (!strcmp(hl7, map[i][0])) return map[i][1];
    return hl7;
}

/* A CE/CWE field as a CodeableConcept, or NULL when empty. */
static json_t *codeable(ctx *c, const hl7_seg *s, int field)
{
    const char *code = hl7_val(c->m, s, field, 0, 1, 0), *text = hl7_val(c->m, s, field, 0, 2, 0);
    const char *sys = coding_system(hl7_val(c->m, s, field, 0, 3, 0));
    if (!code && !text) return NULL;
    json_t *cc = json_object();
    if (code) {
        json_t *coding = json_pack("{s:s}", "code", code);
        if (sys) json_object_set_new(coding, "system", json_string(sys));
        if (text) json_object_set_new(coding, "display", json_string(text));
        json_object_set_new(cc, "coding", json_pack("[o]", coding));
    }
    json_object_set_new(cc, "text", json_string(text ? text : code));
    return cc;
}

/* An XCN/XPN name as "prefix given middle family suffix". */
static void person_name(ctx *c, const hl7_seg *s, int field, int family_comp, ward_buf *out)
{
    const int order[] = {family_comp + 4, family_comp + 1, family_comp + 2, family_comp, family_comp + 3};
    for (int k = 0; k < 5; k++) {
        /* The family name may carry subcomponents (surname&prefix&...): take the surname. */
        const char *v = hl7_val(c->m, s, field, 0, order[k], order[k] == family_comp ? 1 : 0);
        if (!v) continue;
        if (out->len) ward_buf_putc(out, ' ');
        ward_buf_puts(out, v);
    }
}

/* An NDL name (OBR-32, the principal result interpreter): its first
 * component is id&family&given&middle&suffix&prefix. */
static void ndl_name(ctx *c, const hl7_seg *s, int field, ward_buf *out)
{
    const int order[] = {6, 3, 4, 2, 5};
    for (int k = 0; k < 5; k++) {
        const char *v = hl7_val(c->m, s, field, 0, 1, order[k]);
        if (!v) continue;
        if (out->len) ward_buf_putc(out, ' ');
        ward_buf_puts(out, v);
    }
}

/* A stable id for a resource made from segment `s`: where it came from. */
static void make_id(ctx *c, const char *kind, const hl7_seg *s, char out[40])
{
    ward_buf k;
    ward_buf_init(&k);
    ward_buf_printf(&k, "%s|%s|%zu", c->key.data, kind, (size_t)(s - c->m->segs));
    char hash[65];
    ward_hash_hex(k.data, k.len, hash);
    snprintf(out, 40, "hl7-%.32s", hash);
    ward_buf_free(&k);
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v) json_object_set_new(o, key, json_string(v));
}

/* Stores a synthesized resource for the message's patient. */
static int put_resource(ctx *c, json_t *res, ward_err *err)
{
    json_object_set_new(res, "subject", json_pack("{s:s+}", "reference", "Patient/", c->patient));
    if (!strcmp(json_string_value(json_object_get(res, "resourceType")), "Immunization") ||
        !strcmp(json_string_value(json_object_get(res, "resourceType")), "AllergyIntolerance")) {
        json_object_set(res, "patient", json_object_get(res, "subject"));
        json_object_del(res, "subject");
    }
    int rc = fhir_put(c->in, res, c->patient, NULL, err);
    if (!rc) ward_ingest_count(c->in, json_string_value(json_object_get(res, "resourceType")));
    json_decref(res);
    return rc;
}

static int need_patient(ctx *c, const char *seg, ward_err *err)
{
    if (c->patient[0]) return WARD_OK;
    return ward_err_set(err, WARD_EINPUT, "%s segment without a patient: the message needs a PID with PID-3", seg);
}

/* ---- PID ---- */

static int put_pid(ctx *c, const hl7_seg *pid, ward_err *err)
{
    hl7_msg *m = c->m;
    const char *id = NULL;
    int reps = hl7_reps(m, pid, 3);
    for (int r = 0; r < reps && !id; r++) {
        const char *type = hl7_val(m, pid, 3, r, 5, 0);
        if (type && !strcmp(type, "MR")) id = hl7_val(m, pid, 3, r, 1, 0);
    }
    if (!id) id = hl7_val(m, pid, 3, 0, 1, 0);
    if (!id) id = hl7_val(m, pid, 2, 0, 1, 0);   /* v2.3 external id */
    if (!id) id = hl7_val(m, pid, 4, 0, 1, 0);
    if (!id) return WARD_OK;
    int rc = ward_ingest_resolve_patient(c->in, id, id, c->patient, sizeof c->patient, err);
    if (rc) return rc;
    ward_buf name;
    ward_buf_init(&name);
    person_name(c, pid, 5, 1, &name);
    static const char *const sexes[][2] = {{"M", "male"}, {"F", "female"}, {"O", "other"},
                                           {"A", "other"}, {"U", "unknown"}, {"N", "unknown"}};
    const char *sex = hl7_val(m, pid, 8, 0, 1, 0), *sex_fhir = NULL;
    for (size_t i = 0; sex && i < sizeof sexes / sizeof *sexes; i++)
        if (!strcmp(sex, sexes[i][0])) sex_fhir = sexes[i][1];
    char born[32] = "", died[32] = "";
    const char *b = hl7_val(m, pid, 7, 0, 1, 0), *d = hl7_val(m, pid, 29, 0, 1, 0);
    if (b && hl7_ts_iso(b, born)) born[10] = 0;
    if (d && hl7_ts_iso(d, died)) died[10] = 0;
    const char *race = hl7_val(m, pid, 10, 0, 2, 0), *eth = hl7_val(m, pid, 22, 0, 2, 0);
    ward_patient p = {.id = c->patient, .name = name.len ? name.data : NULL, .mrn = id,
                      .birth_date = strlen(born) == 10 ? born : NULL, .sex = sex_fhir,
                      .race = race ? race : hl7_val(m, pid, 10, 0, 1, 0),
                      .ethnicity = eth ? eth : hl7_val(m, pid, 22, 0, 1, 0),
                      .deceased_date = strlen(died) == 10 ? died : NULL, .source = "hl7v2"};
    rc = ward_ingest_put_patient(c->in, &p, err);
    ward_buf_free(&name);
    return rc;
}

/* ---- results ---- */

static const char *result_status(const char *s)
{
    static const char *const map[][2] = {{"F", "final"}, {"C", "corrected"}, {"P", "preliminary"},
                                         {"R", "preliminary"}, {"S", "preliminary"}, {"I", "registered"},
                                         {"X", "cancelled"}, {"D", "entered-in-error"},
                                         {"W", "entered-in-error"}, {"A", "amended"}};
    for (size_t i = 0; s && i < sizeof map / sizeof *map; i++)
        if (!strcmp(s, map[i][0])) return map[i][1];
    return "unknown";
}

/* 1: s is a number (in *out); 0: it is not; -1: it is one no double holds
 * (1e-400 would read as 0, 1e400 as infinity). */
static int numeric(const char *s, double *out)
{
    char *end;
    if (!s || !(isdigit((unsigned char)*s) || *s == '-' || *s == '+' || *s == '.')) return 0;
    errno = 0;
    *out = strtod(s, &end);
    int range = errno == ERANGE;
    while (*end == ' ') end++;
    if (end == s || *end) return 0;
    return range || !isfinite(*out) ? -1 : 1;
}

/* OBX-5 as value[x] by the value type in OBX-2; 0 when there is nothing
 * Ward can use (empty, an image, a pointer); -1 with err set for a number
 * out of a double's range, refused rather than stored as 0. */
static int obx_value(ctx *c, const hl7_seg *obx, const char *vt, json_t *obs, ward_err *err)
{
    hl7_msg *m = c->m;
    const char *v = hl7_val(m, obx, 5, 0, 0, 0);
    if (!v) return 0;
    double d;
    const char *unit = hl7_val(m, obx, 6, 0, 1, 0);
    if (!unit) unit = hl7_val(m, obx, 6, 0, 2, 0);
    if (!strcmp(vt, "NM") || !strcmp(vt, "SN")) {
        const char *cmp = NULL, *num = v;
        if (!strcmp(vt, "SN")) {
            cmp = hl7_val(m, obx, 5, 0, 1, 0);
            num = hl7_val(m, obx, 5, 0, 2, 0);
            if (hl7_val(m, obx, 5, 0, 3, 0) || hl7_val(m, obx, 5, 0, 4, 0)) num = NULL;   /* a range or ratio */
        }
        int nr = numeric(num, &d);
        if (nr < 0) {
            ward_err_set(err, WARD_EINPUT, "OBX-5: the number is out of range (too small or too large to represent)");
            return -1;
        }
        if (nr) {
            json_t *q = json_pack("{s:f}", "value", d);
            if (cmp && (!strcmp(cmp, "<") || !strcmp(cmp, ">") || !strcmp(cmp, "<=") || !strcmp(cmp, ">=")))
                set_str(q, "comparator", cmp);
            set_str(q, "unit", unit);
            json_object_set_new(obs, "valueQuantity", q);
            return 1;
        }
        ward_buf t;
        ward_buf_init(&t);
        for (int k = 1; k <= 4; k++) {
            const char *part = hl7_val(m, obx, 5, 0, k, 0);
            if (part) ward_buf_puts(&t, part);
        }
        if (unit) ward_buf_printf(&t, " %s", unit);
        json_object_set_new(obs, "valueString", json_string(t.len ? t.data : v));
        ward_buf_free(&t);
        return 1;
    }
    if (!strcmp(vt, "CE") || !strcmp(vt, "CWE") || !strcmp(vt, "CNE") || !strcmp(vt, "CF")) {
        json_t *cc = codeable(c, obx, 5);
        if (!cc) return 0;
        json_object_set_new(obs, "valueCodeableConcept", cc);
        return 1;
    }
    if (!strcmp(vt, "DT") || !strcmp(vt, "TS") || !strcmp(vt, "DTM")) {
        char iso[32];
        if (hl7_ts_iso(v, iso)) json_object_set_new(obs, "valueDateTime", json_string(iso));
        else json_object_set_new(obs, "valueString", json_string(v));
        return 1;
    }
    if (!strcmp(vt, "ST") || !strcmp(vt, "TM") || !strcmp(vt, "ID") || !strcmp(vt, "IS")) {
        json_object_set_new(obs, "valueString", json_string(v));
        return 1;
    }
    return 0;
}

/* The date of a result: OBX-14, else OBR-7, else the message's. */
static void result_date(ctx *c, const hl7_seg *obx, const hl7_seg *obr, char out[32])
{
    const char *t = obx ? hl7_val(c->m, obx, 14, 0, 1, 0) : NULL;
    if (!t && obr) t = hl7_val(c->m, obr, 7, 0, 1, 0);
    if (!t || !hl7_ts_iso(t, out)) snprintf(out, 32, "%s", c->when);
}

static int put_obx(ctx *c, const hl7_seg *obx, const hl7_seg *obr, const char *vt, ward_err *err)
{
    json_t *code = codeable(c, obx, 3);
    if (!code) return WARD_OK;   /* a value with no name cannot be read or searched */
    char id[40], date[32];
    make_id(c, "obs", obx, id);
    result_date(c, obx, obr, date);
    json_t *obs = json_pack("{s:s, s:s, s:s, s:[{s:[{s:s, s:s}]}], s:o}", "resourceType", "Observation",
        "id", id, "status", result_status(hl7_val(c->m, obx, 11, 0, 1, 0)), "category", "coding",
        "system", "http://terminology.hl7.org/CodeSystem/observation-category", "code", "laboratory",
        "code", code);
    int got = obx_value(c, obx, vt, obs, err);
    if (got <= 0) {
        json_decref(obs);
        return got < 0 ? WARD_EINPUT : WARD_OK;
    }
    if (date[0]) json_object_set_new(obs, "effectiveDateTime", json_string(date));
    const char *flag = hl7_val(c->m, obx, 8, 0, 1, 0), *range = hl7_val(c->m, obx, 7, 0, 0, 0);
    if (flag)
        json_object_set_new(obs, "interpretation", json_pack("[{s:[{s:s, s:s}]}]", "coding", "system",
            "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code", flag));
    if (range) json_object_set_new(obs, "referenceRange", json_pack("[{s:s}]", "text", range));
    int rc = need_patient(c, "OBX", err);
    if (rc) {
        json_decref(obs);
        return rc;
    }
    return put_resource(c, obs, err);
}

/* Appends every repetition of a text field as lines. */
static void append_text(ctx *c, const hl7_seg *s, int field, ward_buf *text)
{
    int reps = hl7_reps(c->m, s, field);
    for (int r = 0; r < reps; r++) {
        const char *v = hl7_val(c->m, s, field, r, 0, 0);
        ward_buf_puts(text, v ? v : "");
        ward_buf_putc(text, '\n');
    }
}

typedef struct doc {
    const char *kind, *title, *author;
    char date[32];
    char source[128];
    char key[140];   /* "hl7v2:" and TXA-12, the document's number across edits (T08...); "" when none */
} doc;

static int put_text(ctx *c, const doc *d, ward_buf *text, ward_err *err)
{
    size_t k = 0;
    while (k < text->len && (text->data[k] == '\n' || text->data[k] == ' ')) k++;
    if (k == text->len) return WARD_OK;
    int rc = need_patient(c, "text", err);
    if (rc) return rc;
    char day[11] = "";
    if (d->date[0]) ward_date_norm(d->date, day);
    ward_document doc = {.patient_id = c->patient, .kind = d->kind, .title = d->title,
                         .date = day[0] ? day : NULL, .author = d->author, .source_format = "hl7v2",
                         .source_id = d->source, .source_key = d->key[0] ? d->key : NULL,
                         .text = text->data, .text_len = text->len};
    return ward_ingest_put_document(c->in, &doc, err);
}

/* The report of one OBR: its TX/FT results and NTE comments. */
static int flush_report(ctx *c, const hl7_seg *obr, ward_buf *text, ward_buf *author, ward_err *err)
{
    if (!text->len) return WARD_OK;
    doc d = {.kind = "lab_report"};
    const char *section = obr ? hl7_val(c->m, obr, 24, 0, 1, 0) : NULL;
    if (section && (ward_str_startswith(section, "RAD") || !strcmp(section, "CT") || !strcmp(section, "US") ||
                    !strcmp(section, "MR") || !strcmp(section, "NMR")))
        d.kind = "report";
    d.title = obr ? hl7_val(c->m, obr, 4, 0, 2, 0) : NULL;
    if (!d.title && obr) d.title = hl7_val(c->m, obr, 4, 0, 1, 0);
    if (!d.title) d.title = "Result report";
    ward_buf_reset(author);
    if (obr) ndl_name(c, obr, 32, author);   /* principal result interpreter */
    if (!author->len && obr) person_name(c, obr, 16, 2, author);   /* ordering provider */
    d.author = author->len ? author->data : NULL;
    result_date(c, NULL, obr, d.date);
    snprintf(d.source, sizeof d.source, "%.80s|report|%zu", c->key.data, obr ? (size_t)(obr - c->m->segs) : 0);
    int rc = put_text(c, &d, text, err);
    ward_buf_reset(text);
    return rc;
}

static int put_results(ctx *c, ward_err *err)
{
    ward_buf text, author;
    ward_buf_init(&text);
    ward_buf_init(&author);
    const hl7_seg *obr = NULL;
    int rc = WARD_OK, after_result = 0;
    for (size_t i = 0; i < c->m->nsegs && !rc; i++) {
        const hl7_seg *s = &c->m->segs[i];
        if (hl7_is(s, "OBR")) {
            rc = flush_report(c, obr, &text, &author, err);
            obr = s;
            after_result = 1;
        } else if (hl7_is(s, "OBX")) {
            const char *vt = hl7_val(c->m, s, 2, 0, 1, 0);
            if (!vt) continue;
            if (!strcmp(vt, "TX") || !strcmp(vt, "FT")) append_text(c, s, 5, &text);
            else rc = put_obx(c, s, obr, vt, err);
            after_result = 1;
        } else if (hl7_is(s, "NTE") && after_result) {
            append_text(c, s, 3, &text);
        }
    }
    if (!rc) rc = flush_report(c, obr, &text, &author, err);
    ward_buf_free(&text);
    ward_buf_free(&author);
    return rc;
}

/* ---- documents (MDM) ---- */

static int put_mdm(ctx *c, ward_err *err)
{
    static const char *const kinds[][3] = {
        {"DS", "discharge_summary", "Discharge summary"}, {"PN", "progress_note", "Progress note"},
        {"HP", "history_and_physical", "History and physical"}, {"CN", "consult_note", "Consultation note"},
        {"OP", "procedure_note", "Operative note"}, {"DI", "imaging_report", "Diagnostic imaging report"},
        {"ED", "ed_note", "Emergency department note"}, {"PR", "procedure_note", "Procedure note"}};
    const hl7_seg *txa = hl7_next(c->m, "TXA", NULL);
    ward_buf text, author;
    ward_buf_init(&text);
    ward_buf_init(&author);
    for (const hl7_seg *s = hl7_next(c->m, "OBX", NULL); s; s = hl7_next(c->m, "OBX", s)) {
        const char *vt = hl7_val(c->m, s, 2, 0, 1, 0);
        if (vt && (!strcmp(vt, "TX") || !strcmp(vt, "FT") || !strcmp(vt, "ST"))) append_text(c, s, 5, &text);
    }
    doc d = {.kind = "note"};
    const char *type = hl7_val(c->m, txa, 2, 0, 1, 0);
    for (size_t i = 0; type && i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(type, kinds[i][0])) d.kind = kinds[i][1], d.title = kinds[i][2];
    const char *named = hl7_val(c->m, txa, 2, 0, 2, 0);
    if (named) d.title = named;
    if (!d.title) d.title = hl7_val(c->m, hl7_next(c->m, "OBR", NULL), 4, 0, 2, 0);
    if (!d.title) d.title = "Clinical document";
    person_name(c, txa, 5, 2, &author);
    if (!author.len) person_name(c, txa, 9, 2, &author);
    d.author = author.len ? author.data : NULL;
    const char *t = hl7_val(c->m, txa, 4, 0, 1, 0);
    if (!t) t = hl7_val(c->m, txa, 6, 0, 1, 0);
    if (!t || !hl7_ts_iso(t, d.date)) snprintf(d.date, sizeof d.date, "%s", c->when);
    const char *uid = hl7_val(c->m, txa, 12, 0, 1, 0);
    snprintf(d.source, sizeof d.source, "%.100s", uid ? uid : c->key.data);
    if (uid) snprintf(d.key, sizeof d.key, "hl7v2:%s", d.source);
    int rc = put_text(c, &d, &text, err);
    ward_buf_free(&text);
    ward_buf_free(&author);
    return rc;
}

/* ---- immunizations, allergies, problems ---- */

static int put_rxa(ctx *c, const hl7_seg *rxa, ward_err *err)
{
    json_t *vaccine = codeable(c, rxa, 5);
    if (!vaccine) return WARD_OK;
    char id[40], date[32];
    make_id(c, "rxa", rxa, id);
    const char *t = hl7_val(c->m, rxa, 3, 0, 1, 0);
    if (!t || !hl7_ts_iso(t, date)) snprintf(date, sizeof date, "%s", c->when);
    const char *done = hl7_val(c->m, rxa, 20, 0, 1, 0);
    int given = !done || !strcmp(done, "CP") || !strcmp(done, "PA");
    json_t *imm = json_pack("{s:s, s:s, s:s, s:o}", "resourceType", "Immunization", "id", id, "status",
                            given ? "completed" : "not-done", "vaccineCode", vaccine);
    if (date[0]) json_object_set_new(imm, "occurrenceDateTime", json_string(date));
    const char *src = hl7_val(c->m, rxa, 9, 0, 1, 0);
    if (src) json_object_set_new(imm, "primarySource", json_boolean(!strcmp(src, "00")));
    set_str(imm, "lotNumber", hl7_val(c->m, rxa, 15, 0, 0, 0));
    int rc = need_patient(c, "RXA", err);
    if (rc) {
        json_decref(imm);
        return rc;
    }
    return put_resource(c, imm, err);
}

static int put_al1(ctx *c, const hl7_seg *al1, ward_err *err)
{
    json_t *code = codeable(c, al1, 3);
    if (!code) return WARD_OK;
    char id[40], date[32] = "";
    make_id(c, "al1", al1, id);
    json_t *a = json_pack("{s:s, s:s, s:o}", "resourceType", "AllergyIntolerance", "id", id, "code", code);
    const char *sev = hl7_val(c->m, al1, 4, 0, 1, 0);
    if (sev && (!strcmp(sev, "SV") || !strcmp(sev, "MO") || !strcmp(sev, "MI")))
        set_str(a, "criticality", !strcmp(sev, "SV") ? "high" : "low");
    const char *reaction = hl7_val(c->m, al1, 5, 0, 0, 0);
    if (reaction) json_object_set_new(a, "reaction", json_pack("[{s:[{s:s}]}]", "manifestation", "text", reaction));
    const char *t = hl7_val(c->m, al1, 6, 0, 1, 0);
    if (t && hl7_ts_iso(t, date)) json_object_set_new(a, "recordedDate", json_string(date));
    int rc = need_patient(c, "AL1", err);
    if (rc) {
        json_decref(a);
        return rc;
    }
    return put_resource(c, a, err);
}

/* DG1 (diagnosis) and PRB (problem) both become Conditions. */
static int put_condition(ctx *c, const hl7_seg *s, int prb, ward_err *err)
{
    json_t *code = codeable(c, s, 3);
    if (!code) return WARD_OK;
    char id[40], date[32] = "";
    make_id(c, prb ? "prb" : "dg1", s, id);
    json_t *cond = json_pack("{s:s, s:s, s:o}", "resourceType", "Condition", "id", id, "code", code);
    const char *t = hl7_val(c->m, s, prb ? 16 : 5, 0, 1, 0);
    if (!t && prb) t = hl7_val(c->m, s, 7, 0, 1, 0);
    if (t && hl7_ts_iso(t, date)) json_object_set_new(cond, "onsetDateTime", json_string(date));
    const char *status = prb ? hl7_val(c->m, s, 14, 0, 1, 0) : NULL;
    if (status) {
        static const char *const known[] = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"};
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            if (!strcasecmp(status, known[i]))
                json_object_set_new(cond, "clinicalStatus", json_pack("{s:[{s:s, s:s}]}", "coding", "system",
                    "http://terminology.hl7.org/CodeSystem/condition-clinical", "code", known[i]));
    }
    const char *action = prb ? hl7_val(c->m, s, 1, 0, 0, 0) : NULL;
    if (action && !strcmp(action, "DE")) {   /* a deleted problem: nothing to add */
        json_decref(cond);
        return WARD_OK;
    }
    int rc = need_patient(c, prb ? "PRB" : "DG1", err);
    if (rc) {
        json_decref(cond);
        return rc;
    }
    return put_resource(c, cond, err);
}

/* ---- the message ---- */

int hl7_put_message(ward_ingest *in, hl7_msg *m, const char *file, long record, ward_err *err)
{
    (void)file, (void)record;
    ctx c = {.in = in, .m = m, .msh = &m->segs[0]};
    ward_buf_init(&c.key);
    const char *type = hl7_val(m, c.msh, 9, 0, 1, 0);
    int rc = WARD_OK;
    if (!type) {
        rc = ward_err_set(err, WARD_EINPUT, "MSH-9 (message type) is empty");
        goto out;
    }
    /* Control ids are reused across senders and test files: the message's
     * own bytes name it (segment terminators aside). */
    ward_buf all;
    ward_buf_init(&all);
    for (size_t i = 0; i < m->nsegs; i++) {
        ward_buf_append(&all, m->segs[i].p, m->segs[i].n);
        ward_buf_putc(&all, '\r');
    }
    char hash[65];
    ward_hash_hex(all.data, all.len, hash);
    ward_buf_free(&all);
    ward_buf_printf(&c.key, "hl7:%.40s", hash);
    const char *t = hl7_val(m, c.msh, 7, 0, 1, 0);
    if (t) hl7_ts_iso(t, c.when);
    const hl7_seg *pid = hl7_next(m, "PID", NULL);
    if (pid) rc = put_pid(&c, pid, err);
    if (!rc && !strcmp(type, "ADT") && !c.patient[0])
        rc = ward_err_set(err, WARD_EINPUT, "ADT message without a patient id (PID-3 is empty)");
    if (!rc && (!strcmp(type, "ORU") || !strcmp(type, "OUL"))) rc = put_results(&c, err);
    if (!rc && !strcmp(type, "MDM")) rc = put_mdm(&c, err);
    for (size_t i = 0; i < m->nsegs && !rc; i++) {
        const hl7_seg *s = &m->segs[i];
        if (hl7_is(s, "RXA")) rc = put_rxa(&c, s, err);
        else if (hl7_is(s, "AL1")) rc = put_al1(&c, s, err);
        else if (hl7_is(s, "DG1")) rc = put_condition(&c, s, 0, err);
        else if (hl7_is(s, "PRB")) rc = put_condition(&c, s, 1, err);
    }
out:
    ward_buf_free(&c.key);
    return rc;
}
