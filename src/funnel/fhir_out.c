/* fhir_out.c — FHIR R4 resources out of concepts found in text.
 *
 * Only facts become resources: concepts asserted present and experienced by
 * the patient (ward_found_is_fact). Problems become Conditions, drugs
 * MedicationStatements, vitals and labs Observations (LOINC coded, UCUM
 * units), allergies AllergyIntolerances. Each carries its provenance in an
 * extension (source document, byte span) and a meta tag marking it as
 * derived from text, so a reader can tell it from a coded record and go back
 * to the sentence. Resource ids are derived from document and span: running
 * the extraction again rewrites the same resources instead of adding more.
 *
 * The store does not keep that JSON (issue 14: a third of a notes store):
 * ward_found_to_fact writes the few fields the rendering reads beyond the
 * resource's columns, and ward_fact_to_fhir renders the JSON from them when
 * read. One renderer serves both, so the two cannot drift apart.
 */
#include "ward/funnel.h"
#include "funnel_int.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARD_EXT_SOURCE "https://ward.health/fhir/StructureDefinition/source-text-span"
#define WARD_TAG_SYSTEM "https://ward.health/fhir/CodeSystem/provenance"

int ward_found_is_fact(const ward_found *c)
{
    return c->assertion == WARD_ASSERT_PRESENT && !c->negated && !c->other &&
           c->type != WARD_CONCEPT_PROCEDURE;
}

static const char *system_uri(const char *sys)
{
    static const struct { const char *name, *uri; } map[] = {
        {"ICD10CM", "http://hl7.org/fhir/sid/icd-10-cm"}, {"ICD-10-CM", "http://hl7.org/fhir/sid/icd-10-cm"},
        {"SNOMED", "http://snomed.info/sct"}, {"SNOMEDCT", "http://snomed.info/sct"},
        {"RXNORM", "http://www.nlm.nih.gov/research/umls/rxnorm"}, {"LOINC", "http://loinc.org"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcasecmp(sys, map[i].name)) return map[i].uri;
    return NULL;
}

/* ---- a compact JSON writer: values separated as they come ---- */

typedef struct jw {
    ward_buf *b;
    unsigned more;   /* bit d: the container at depth d has a value already */
    int depth;
    int keyed;       /* a key was just written: its value needs no comma */
} jw;

static void jw_val(jw *w)
{
    if (w->keyed) w->keyed = 0;
    else if (w->more & (1u << w->depth)) ward_buf_putc(w->b, ',');
    w->more |= 1u << w->depth;
}

static void jw_open(jw *w, char c)
{
    jw_val(w);
    ward_buf_putc(w->b, c);
    w->more &= ~(1u << ++w->depth);
}

static void jw_close(jw *w, char c)
{
    w->depth--;
    ward_buf_putc(w->b, c);
}

static void jw_key(jw *w, const char *k)
{
    jw_val(w);
    ward_buf_putc(w->b, '"');
    ward_buf_puts(w->b, k);
    ward_buf_puts(w->b, "\":");
    w->keyed = 1;
}

static void jw_strn(jw *w, const char *s, size_t n)
{
    size_t bad;
    if (!ward_utf8_valid(s, n, &bad)) n = bad;
    jw_val(w);
    ward_buf_json_str(w->b, s, n);
}

static void jw_str(jw *w, const char *s) { jw_strn(w, s, strlen(s)); }

/* "k":"v" */
static void jw_kv(jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    jw_str(w, v);
}

static void jw_int(jw *w, long long v)
{
    jw_val(w);
    ward_buf_printf(w->b, "%lld", v);
}

void funnel_json_real(ward_buf *b, double v)
{
    char s[40];
    snprintf(s, sizeof s, "%.12g", v);
    char *e = strchr(s, 'e');
    if (e) {   /* 1e+20 -> 1e20, 1e-05 -> 1e-5 */
        char *d = e + 1, *q = d;
        if (*q == '+') q++;
        else if (*q == '-') d++, q++;
        while (*q == '0' && q[1]) q++;
        memmove(d, q, strlen(q) + 1);
    } else if (!strchr(s, '.')) {
        strcat(s, ".0");
    }
    ward_buf_puts(b, s);
}

/* A real as JSON readers keep it a real (funnel_json_real); null when it
 * is not finite. */
static void jw_real(jw *w, double v)
{
    jw_val(w);
    if (!isfinite(v)) ward_buf_puts(w->b, "null");
    else funnel_json_real(w->b, v);
}

/* {"coding":[{"system":system,"code":code}]} */
static void status_cc(jw *w, const char *system, const char *code)
{
    jw_open(w, '{');
    jw_key(w, "coding");
    jw_open(w, '[');
    jw_open(w, '{');
    jw_kv(w, "system", system);
    jw_kv(w, "code", code);
    jw_close(w, '}');
    jw_close(w, ']');
    jw_close(w, '}');
}

/* CodeableConcept from "SYS:CODE SYS:CODE" plus the name and the text as written. */
static void codeable(jw *w, const char *codes, const char *display, const char *text, size_t tlen)
{
    jw_open(w, '{');
    int any = 0;
    const char *p = codes ? codes : "";
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        if (colon) {
            char sys[32], code[32];
            snprintf(sys, sizeof sys, "%.*s", (int)(colon - p), p);
            snprintf(code, sizeof code, "%.*s", (int)(n - (size_t)(colon - p) - 1), colon + 1);
            const char *uri = system_uri(sys);
            char urn[64];
            if (!uri) snprintf(urn, sizeof urn, "urn:ward:vocab:%s", sys), uri = urn;
            if (!any++) {
                jw_key(w, "coding");
                jw_open(w, '[');
            }
            jw_open(w, '{');
            jw_kv(w, "system", uri);
            jw_kv(w, "code", code);
            jw_kv(w, "display", display);
            jw_close(w, '}');
        }
        p += n;
        while (*p == ' ') p++;
    }
    if (any) jw_close(w, ']');
    jw_key(w, "text");
    jw_strn(w, text, tlen);
    jw_close(w, '}');
}

static const struct vital_code { const char *name, *loinc, *display; } vitals[] = {
    {"bp", "85354-9", "Blood pressure panel"}, {"hr", "8867-4", "Heart rate"},
    {"rr", "9279-1", "Respiratory rate"}, {"temp", "8310-5", "Body temperature"},
    {"spo2", "59408-5", "Oxygen saturation by pulse oximetry"}, {"weight", "29463-7", "Body weight"},
    {"height", "8302-2", "Body height"}, {"bmi", "39156-5", "Body mass index"}};

static const char *ucum(const char *unit)
{
    static const struct { const char *u, *code; } map[] = {
        {"mmHg", "mm[Hg]"}, {"/min", "/min"}, {"F", "[degF]"}, {"C", "Cel"}, {"%", "%"},
        {"kg", "kg"}, {"lb", "[lb_av]"}, {"in", "[in_i]"}, {"cm", "cm"}, {"m", "m"},
        {"kg/m2", "kg/m2"}, {"g", "g"}, {"oz", "[oz_av]"}, {"mg/dL", "mg/dL"}, {"g/dL", "g/dL"},
        {"mEq/L", "meq/L"}, {"mmol/L", "mmol/L"}, {"K/uL", "10*3/uL"}, {"M/uL", "10*6/uL"},
        {"ng/mL", "ng/mL"}, {"pg/mL", "pg/mL"}, {"U/L", "U/L"}, {"mIU/L", "m[IU]/L"},
        {"s", "s"}, {"fL", "fL"}, {"mg/L", "mg/L"}, {"ug/dL", "ug/dL"}, {"ng/dL", "ng/dL"},
        {"mm/h", "mm/h"}, {"mL/min/1.73m2", "mL/min/{1.73_m2}"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(unit, map[i].u)) return map[i].code;
    return NULL;
}

static void quantity(jw *w, const char *value, const char *unit)
{
    jw_open(w, '{');
    jw_key(w, "value");
    jw_real(w, atof(value));
    if (*unit) {
        jw_kv(w, "unit", unit);
        const char *code = ucum(unit);
        if (code) {
            jw_kv(w, "system", "http://unitsofmeasure.org");
            jw_kv(w, "code", code);
        }
    }
    jw_close(w, '}');
}

/* A finite number, all of s. */
static int is_number(const char *s)
{
    char *end;
    if (!*s) return 0;
    double v = strtod(s, &end);
    return !*end && isfinite(v);
}

/* [{"coding":[{"system":system,"code":code}]}] */
static void coded_list(jw *w, const char *system, const char *code)
{
    jw_open(w, '[');
    status_cc(w, system, code);
    jw_close(w, ']');
}

static const struct vital_code *vital_of(const char *name)
{
    const struct vital_code *v = &vitals[0];
    for (size_t i = 0; i < sizeof vitals / sizeof *vitals; i++)
        if (!strcmp(name, vitals[i].name)) v = &vitals[i];
    return v;
}

static void observation(jw *w, const ward_found *c, const char *seg, size_t seglen)
{
    int vital = c->type == WARD_CONCEPT_VITAL;
    jw_kv(w, "status", "final");
    jw_key(w, "category");
    coded_list(w, "http://terminology.hl7.org/CodeSystem/observation-category", vital ? "vital-signs" : "laboratory");
    jw_key(w, "code");
    if (vital) {
        const struct vital_code *v = vital_of(c->name);
        jw_open(w, '{');
        jw_key(w, "coding");
        jw_open(w, '[');
        jw_open(w, '{');
        jw_kv(w, "system", "http://loinc.org");
        jw_kv(w, "code", v->loinc);
        jw_kv(w, "display", v->display);
        jw_close(w, '}');
        jw_close(w, ']');
        jw_kv(w, "text", v->display);
        jw_close(w, '}');
    } else {
        codeable(w, c->codes, c->name, seg, seglen);
    }
    if (vital && !strcmp(c->name, "bp")) {
        static const char *const parts[] = {"8480-6", "8462-4"};
        jw_key(w, "component");
        jw_open(w, '[');
        for (int i = 0; i < 2; i++) {
            jw_open(w, '{');
            jw_key(w, "code");
            status_cc(w, "http://loinc.org", parts[i]);
            jw_key(w, "valueQuantity");
            quantity(w, i ? c->value2 : c->value, c->unit);
            jw_close(w, '}');
        }
        jw_close(w, ']');
    } else if (is_number(c->value)) {
        jw_key(w, "valueQuantity");
        quantity(w, c->value, c->unit);
    } else {
        jw_kv(w, "valueString", c->value);
    }
    static const struct { const char *flag, *code; } interp[] = {
        {"high", "H"}, {"low", "L"}, {"critical", "AA"}, {"abnormal", "A"}, {"normal", "N"}};
    for (size_t i = 0; i < sizeof interp / sizeof *interp; i++)
        if (!strcmp(c->flag, interp[i].flag)) {
            jw_key(w, "interpretation");
            coded_list(w, "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", interp[i].code);
        }
}

static void dosage(jw *w, const ward_found *c)
{
    jw_open(w, '[');
    jw_open(w, '{');
    ward_buf t;
    ward_buf_init(&t);
    const char *parts[] = {c->strength, c->unit, c->dose, c->route, c->freq, c->prn ? "as needed" : "",
                           *c->duration ? "for" : "", c->duration};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (*parts[i]) ward_buf_printf(&t, "%s%s", t.len ? " " : "", parts[i]);
    if (t.len) jw_kv(w, "text", t.data);
    ward_buf_free(&t);
    if (*c->freq) {
        jw_key(w, "timing");
        jw_open(w, '{');
        jw_key(w, "code");
        jw_open(w, '{');
        jw_kv(w, "text", c->freq);
        jw_close(w, '}');
        jw_close(w, '}');
    }
    if (c->prn) {
        jw_key(w, "asNeededBoolean");
        jw_val(w);
        ward_buf_puts(w->b, "true");
    }
    if (*c->route) {
        jw_key(w, "route");
        jw_open(w, '{');
        jw_kv(w, "text", c->route);
        jw_close(w, '}');
    }
    if (is_number(c->strength)) {
        jw_key(w, "doseAndRate");
        jw_open(w, '[');
        jw_open(w, '{');
        jw_key(w, "doseQuantity");
        quantity(w, c->strength, c->unit);
        jw_close(w, '}');
        jw_close(w, ']');
    }
    jw_close(w, '}');
    jw_close(w, ']');
}

/* The patient a resource is about: a reference, or a display when unknown. */
static void subject(jw *w, const char *key, const ward_fhir_ctx *ctx)
{
    jw_key(w, key);
    jw_open(w, '{');
    if (ctx->patient_id) {
        char ref[160];
        snprintf(ref, sizeof ref, "Patient/%s", ctx->patient_id);
        jw_kv(w, "reference", ref);
    } else {
        jw_kv(w, "display", "unknown patient");
    }
    jw_close(w, '}');
}

static const char *const rtypes[] = {"Condition", "MedicationStatement", "Observation", "Observation",
                                     "Procedure", "AllergyIntolerance"};

/* v in decimal at p; returns the end. Two digits a division: a fact's id
 * holds the writer's 19-digit mark (concepts_ingest.c), once per fact. */
static char *put_dec(char *p, unsigned long long v)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    char d[20];
    int n = 0;
    while (v >= 10) {
        const char *two = pairs + 2 * (v % 100);
        v /= 100;
        d[n++] = two[1];
        d[n++] = two[0];
    }
    if (v || !n) d[n++] = (char)('0' + v);
    while (n) *p++ = d[--n];
    return p;
}

/* The resource id: from document and span, so extracting again rewrites
 * the same resource. "d%lld-%zu-%zu" (document, start, end), or
 * "t-%zu-%zu" without a document, written without snprintf (once per
 * fact): at most 62 bytes. */
static void fact_id(const ward_found *c, const ward_fhir_ctx *ctx, char id[64])
{
    char *p = id;
    *p++ = ctx->document_id ? 'd' : 't';
    if (ctx->document_id < 0) *p++ = '-';
    if (ctx->document_id)
        p = put_dec(p, ctx->document_id < 0 ? 0ULL - (unsigned long long)ctx->document_id
                                             : (unsigned long long)ctx->document_id);
    *p++ = '-';
    p = put_dec(p, c->start);
    *p++ = '-';
    p = put_dec(p, c->end);
    *p = 0;
}

/* The columns the store lifts out of a fact. */
static void fact_row(const ward_found *c, const ward_fhir_ctx *ctx, ward_fhir_row *r)
{
    memset(r, 0, sizeof *r);
    ward_str_copy(r->type, sizeof r->type, rtypes[c->type]);
    fact_id(c, ctx, r->id);
    ward_str_copy(r->display, sizeof r->display, c->name);
    char sys[32], code[32];
    if (ward_found_code(c, sys, sizeof sys, code, sizeof code)) {
        const char *uri = system_uri(sys);
        ward_str_copy(r->code_system, sizeof r->code_system, uri ? uri : sys);
        ward_str_copy(r->code, sizeof r->code, code);
    }
    const char *status = "active";
    switch (c->type) {
    case WARD_CONCEPT_MEDICATION:
        if (is_number(c->strength)) r->value_num = atof(c->strength), r->has_value = 1;
        ward_str_copy(r->unit, sizeof r->unit, c->unit);
        break;
    case WARD_CONCEPT_LAB:
    case WARD_CONCEPT_VITAL:
        if (c->type == WARD_CONCEPT_VITAL) {
            const struct vital_code *v = vital_of(c->name);
            ward_str_copy(r->code, sizeof r->code, v->loinc);
            ward_str_copy(r->display, sizeof r->display, v->display);
            ward_str_copy(r->code_system, sizeof r->code_system, "http://loinc.org");
        }
        if (c->type == WARD_CONCEPT_VITAL && !strcmp(c->name, "bp"))
            snprintf(r->value_text, sizeof r->value_text, "%s/%s", c->value, c->value2);
        else if (is_number(c->value)) r->value_num = atof(c->value), r->has_value = 1;
        else ward_str_copy(r->value_text, sizeof r->value_text, c->value);
        ward_str_copy(r->unit, sizeof r->unit, c->unit);
        status = "final";
        break;
    case WARD_CONCEPT_PROCEDURE:
        status = "completed";
        break;
    default:
        break;
    }
    ward_str_copy(r->status, sizeof r->status, status);
}

/* The resource's JSON; seg is the text the concept was found in. */
static void render(const ward_found *c, const char *seg, size_t seglen, const ward_fhir_ctx *ctx, ward_buf *b)
{
    char id[64];
    fact_id(c, ctx, id);
    ward_buf_reset(b);
    jw w = {.b = b};
    jw_open(&w, '{');
    jw_kv(&w, "resourceType", rtypes[c->type]);
    jw_kv(&w, "id", id);
    jw_key(&w, "meta");
    jw_open(&w, '{');
    jw_key(&w, "tag");
    jw_open(&w, '[');
    jw_open(&w, '{');
    jw_kv(&w, "system", WARD_TAG_SYSTEM);
    jw_kv(&w, "code", "derived-from-text");
    jw_kv(&w, "display", "Extracted from free text by Ward");
    jw_close(&w, '}');
    jw_close(&w, ']');
    jw_close(&w, '}');
    /* Provenance: the source document (when known) and the byte span. */
    jw_key(&w, "extension");
    jw_open(&w, '[');
    jw_open(&w, '{');
    jw_kv(&w, "url", WARD_EXT_SOURCE);
    jw_key(&w, "extension");
    jw_open(&w, '[');
    if (ctx->document_id) {
        char ref[48];
        snprintf(ref, sizeof ref, "DocumentReference/%lld", (long long)ctx->document_id);
        jw_open(&w, '{');
        jw_kv(&w, "url", "document");
        jw_key(&w, "valueReference");
        jw_open(&w, '{');
        jw_kv(&w, "reference", ref);
        jw_close(&w, '}');
        jw_close(&w, '}');
    }
    static const char *const ends[] = {"start", "end"};
    for (int i = 0; i < 2; i++) {
        jw_open(&w, '{');
        jw_kv(&w, "url", ends[i]);
        jw_key(&w, "valueInteger");
        jw_int(&w, (long long)(i ? c->end : c->start));
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    jw_close(&w, ']');
    switch (c->type) {
    case WARD_CONCEPT_MEDICATION:
        jw_kv(&w, "status", "active");
        jw_key(&w, "medicationCodeableConcept");
        codeable(&w, c->codes, c->name, seg, seglen);
        subject(&w, "subject", ctx);
        if (ctx->date) jw_kv(&w, "dateAsserted", ctx->date);
        jw_key(&w, "dosage");
        dosage(&w, c);
        break;
    case WARD_CONCEPT_LAB:
    case WARD_CONCEPT_VITAL:
        observation(&w, c, seg, seglen);
        subject(&w, "subject", ctx);
        if (ctx->date) jw_kv(&w, "effectiveDateTime", ctx->date);
        break;
    case WARD_CONCEPT_ALLERGY:
        jw_key(&w, "clinicalStatus");
        status_cc(&w, "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active");
        jw_key(&w, "verificationStatus");
        status_cc(&w, "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "unconfirmed");
        jw_key(&w, "code");
        codeable(&w, c->codes, c->name, seg, seglen);
        subject(&w, "patient", ctx);
        if (ctx->date) jw_kv(&w, "recordedDate", ctx->date);
        break;
    default:   /* problems (and procedures, should a caller ask) */
        if (c->type == WARD_CONCEPT_PROCEDURE) {
            jw_kv(&w, "status", "completed");
        } else {
            jw_key(&w, "clinicalStatus");
            status_cc(&w, "http://terminology.hl7.org/CodeSystem/condition-clinical", "active");
            jw_key(&w, "verificationStatus");
            status_cc(&w, "http://terminology.hl7.org/CodeSystem/condition-ver-status", "unconfirmed");
            jw_key(&w, "category");
            coded_list(&w, "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item");
        }
        jw_key(&w, "code");
        codeable(&w, c->codes, c->name, seg, seglen);
        subject(&w, "subject", ctx);
        if (ctx->date) jw_kv(&w, c->type == WARD_CONCEPT_PROCEDURE ? "performedDateTime" : "recordedDate", ctx->date);
        break;
    }
    jw_close(&w, '}');
}

void ward_found_to_fhir(const ward_found *c, const char *text, const ward_fhir_ctx *ctx,
                        ward_buf *b, ward_fhir_row *r)
{
    fact_row(c, ctx, r);
    render(c, text + c->start, c->end - c->start, ctx, b);
}

/* ---- a fact as the store keeps it (ward_found_to_fact) ----
 * [type, name, codes, text as written ("" for a vital, whose rendering
 * shows its LOINC name instead), then the fields its type renders]:
 * medications unit, strength, dose, route, frequency, duration and "1"
 * when as needed; labs and vitals unit, value, value2, flag. Empty fields
 * at the end are left out. The span, document, patient and date are the
 * resource's columns. */

enum { FACT_HEAD = 4, FACT_MAX = 7 };

/* c's fields past the head for its type, into f (the last of a
 * medication's is prn, not a string: f[6] is NULL); returns how many. */
static size_t fact_fields(ward_found *c, char *f[FACT_MAX], size_t size[FACT_MAX])
{
    size_t n = 0;
#define F(x) (f[n] = c->x, size[n++] = sizeof c->x)
    if (c->type == WARD_CONCEPT_MEDICATION) {
        F(unit), F(strength), F(dose), F(route), F(freq), F(duration);
        f[n] = NULL, size[n++] = 0;
    } else if (c->type == WARD_CONCEPT_LAB || c->type == WARD_CONCEPT_VITAL) {
        F(unit), F(value), F(value2), F(flag);
    }
#undef F
    return n;
}

void ward_found_to_fact(const ward_found *c, const char *text, const ward_fhir_ctx *ctx,
                        ward_buf *b, ward_fhir_row *r)
{
    fact_row(c, ctx, r);
    ward_found k = *c;
    char *f[FACT_MAX];
    size_t size[FACT_MAX], nf = fact_fields(&k, f, size), n = nf;
    const char *prn = c->prn ? "1" : "";
    while (n > 0 && !*(f[n - 1] ? f[n - 1] : prn)) n--;   /* empty fields at the end are left out */
    ward_buf_reset(b);
    jw w = {.b = b};
    jw_open(&w, '[');
    jw_str(&w, ward_concept_type_name(c->type));
    jw_str(&w, c->name);
    jw_str(&w, c->codes ? c->codes : "");
    jw_strn(&w, text + c->start, c->type == WARD_CONCEPT_VITAL ? 0 : c->end - c->start);
    for (size_t i = 0; i < n; i++) jw_str(&w, f[i] ? f[i] : prn);
    jw_close(&w, ']');
}

/* The concept type named s, or -1. */
static int type_named(const char *s)
{
    for (int t = 0; s && t <= WARD_CONCEPT_ALLERGY; t++)
        if (!strcmp(s, ward_concept_type_name((ward_concept_type)t))) return t;
    return -1;
}

int ward_fact_to_fhir(const char *fact, size_t start, size_t end, const ward_fhir_ctx *ctx, ward_buf *b)
{
    json_t *a = json_loads(fact, JSON_ALLOW_NUL, NULL);
    size_t n = json_array_size(a);
    int type = type_named(json_string_value(json_array_get(a, 0)));
    ward_found c = {.start = start, .end = end, .type = type < 0 ? WARD_CONCEPT_PROBLEM : (ward_concept_type)type};
    char *f[FACT_MAX];
    size_t size[FACT_MAX], nf = fact_fields(&c, f, size);
    int ok = type >= 0 && n >= FACT_HEAD && n <= FACT_HEAD + nf && start <= end;
    for (size_t i = 1; ok && i < n; i++) ok = json_is_string(json_array_get(a, i));
    if (ok) {
        snprintf(c.name, sizeof c.name, "%s", json_string_value(json_array_get(a, 1)));
        c.codes = json_string_value(json_array_get(a, 2));
        for (size_t i = FACT_HEAD; i < n; i++) {
            const char *s = json_string_value(json_array_get(a, i));
            if (f[i - FACT_HEAD]) snprintf(f[i - FACT_HEAD], size[i - FACT_HEAD], "%s", s);
            else c.prn = *s != 0;
        }
        json_t *seg = json_array_get(a, 3);
        render(&c, json_string_value(seg), json_string_length(seg), ctx, b);
    }
    json_decref(a);
    return ok;
}
