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
 */
#include "ward/funnel.h"

#include <jansson.h>
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

/* CodeableConcept from "SYS:CODE SYS:CODE" plus the name and the text as written. */
static json_t *codeable(const char *codes, const char *display, const char *text, size_t tlen)
{
    json_t *coding = json_array();
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
            json_array_append_new(coding, json_pack("{s:s, s:s, s:s}", "system", uri, "code", code,
                                                    "display", display));
        }
        p += n;
        while (*p == ' ') p++;
    }
    json_t *cc = json_object();
    if (json_array_size(coding)) json_object_set_new(cc, "coding", coding);
    else json_decref(coding);
    json_object_set_new(cc, "text", json_stringn(text, tlen));
    return cc;
}

static json_t *status_cc(const char *system, const char *code)
{
    return json_pack("{s:[{s:s, s:s}]}", "coding", "system", system, "code", code);
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

static json_t *quantity(const char *value, const char *unit)
{
    json_t *q = json_pack("{s:f}", "value", atof(value));
    if (*unit) {
        json_object_set_new(q, "unit", json_string(unit));
        const char *code = ucum(unit);
        if (code) {
            json_object_set_new(q, "system", json_string("http://unitsofmeasure.org"));
            json_object_set_new(q, "code", json_string(code));
        }
    }
    return q;
}

static int is_number(const char *s)
{
    char *end;
    if (!*s) return 0;
    strtod(s, &end);
    return !*end;
}

static json_t *observation(const ward_found *c, json_t *res, ward_fhir_row *r, const char *text)
{
    int vital = c->type == WARD_CONCEPT_VITAL;
    json_object_set_new(res, "status", json_string("final"));
    json_object_set_new(res, "category", json_pack("[{s:[{s:s, s:s}]}]", "coding", "system",
        "http://terminology.hl7.org/CodeSystem/observation-category", "code",
        vital ? "vital-signs" : "laboratory"));
    if (vital) {
        const struct vital_code *v = &vitals[0];
        for (size_t i = 0; i < sizeof vitals / sizeof *vitals; i++)
            if (!strcmp(c->name, vitals[i].name)) v = &vitals[i];
        json_object_set_new(res, "code", json_pack("{s:[{s:s, s:s, s:s}], s:s}", "coding", "system",
            "http://loinc.org", "code", v->loinc, "display", v->display, "text", v->display));
        snprintf(r->code, sizeof r->code, "%s", v->loinc);
        snprintf(r->display, sizeof r->display, "%s", v->display);
        snprintf(r->code_system, sizeof r->code_system, "http://loinc.org");
    } else {
        json_object_set_new(res, "code", codeable(c->codes, c->name, text + c->start, c->end - c->start));
    }
    if (vital && !strcmp(c->name, "bp")) {
        json_object_set_new(res, "component", json_pack("[{s:{s:[{s:s, s:s}]}, s:o}, {s:{s:[{s:s, s:s}]}, s:o}]",
            "code", "coding", "system", "http://loinc.org", "code", "8480-6", "valueQuantity", quantity(c->value, c->unit),
            "code", "coding", "system", "http://loinc.org", "code", "8462-4", "valueQuantity", quantity(c->value2, c->unit)));
        snprintf(r->value_text, sizeof r->value_text, "%s/%s", c->value, c->value2);
    } else if (is_number(c->value)) {
        json_object_set_new(res, "valueQuantity", quantity(c->value, c->unit));
        r->value_num = atof(c->value);
        r->has_value = 1;
    } else {
        json_object_set_new(res, "valueString", json_string(c->value));
        snprintf(r->value_text, sizeof r->value_text, "%s", c->value);
    }
    snprintf(r->unit, sizeof r->unit, "%s", c->unit);
    static const struct { const char *flag, *code; } interp[] = {
        {"high", "H"}, {"low", "L"}, {"critical", "AA"}, {"abnormal", "A"}, {"normal", "N"}};
    for (size_t i = 0; i < sizeof interp / sizeof *interp; i++)
        if (!strcmp(c->flag, interp[i].flag))
            json_object_set_new(res, "interpretation", json_pack("[{s:[{s:s, s:s}]}]", "coding", "system",
                "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code", interp[i].code));
    snprintf(r->status, sizeof r->status, "final");
    return res;
}

static json_t *dosage(const ward_found *c)
{
    json_t *d = json_object();
    ward_buf t;
    ward_buf_init(&t);
    const char *parts[] = {c->strength, c->unit, c->dose, c->route, c->freq, c->prn ? "as needed" : "",
                           *c->duration ? "for" : "", c->duration};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (*parts[i]) ward_buf_printf(&t, "%s%s", t.len ? " " : "", parts[i]);
    if (t.len) json_object_set_new(d, "text", json_string(t.data));
    ward_buf_free(&t);
    if (*c->freq) json_object_set_new(d, "timing", json_pack("{s:{s:s}}", "code", "text", c->freq));
    if (c->prn) json_object_set_new(d, "asNeededBoolean", json_true());
    if (*c->route) json_object_set_new(d, "route", json_pack("{s:s}", "text", c->route));
    if (is_number(c->strength))
        json_object_set_new(d, "doseAndRate", json_pack("[{s:o}]", "doseQuantity", quantity(c->strength, c->unit)));
    return json_pack("[o]", d);
}

void ward_found_to_fhir(const ward_found *c, const char *text, const ward_fhir_ctx *ctx,
                        ward_buf *b, ward_fhir_row *r)
{
    static const char *rtypes[] = {"Condition", "MedicationStatement", "Observation", "Observation",
                                   "Procedure", "AllergyIntolerance"};
    memset(r, 0, sizeof *r);
    snprintf(r->type, sizeof r->type, "%s", rtypes[c->type]);
    if (ctx->document_id) snprintf(r->id, sizeof r->id, "d%lld-%zu-%zu", (long long)ctx->document_id, c->start, c->end);
    else snprintf(r->id, sizeof r->id, "t-%zu-%zu", c->start, c->end);
    snprintf(r->display, sizeof r->display, "%s", c->name);
    char sys[32], code[32];
    if (ward_found_code(c, sys, sizeof sys, code, sizeof code)) {
        const char *uri = system_uri(sys);
        snprintf(r->code_system, sizeof r->code_system, "%s", uri ? uri : sys);
        snprintf(r->code, sizeof r->code, "%s", code);
    }
    json_t *res = json_pack("{s:s, s:s}", "resourceType", r->type, "id", r->id);
    json_object_set_new(res, "meta", json_pack("{s:[{s:s, s:s, s:s}]}", "tag", "system", WARD_TAG_SYSTEM,
                                               "code", "derived-from-text", "display", "Extracted from free text by Ward"));
    json_t *src = json_pack("[{s:s, s:I}, {s:s, s:I}]", "url", "start", "valueInteger", (json_int_t)c->start,
                            "url", "end", "valueInteger", (json_int_t)c->end);
    if (ctx->document_id) {
        char ref[48];
        snprintf(ref, sizeof ref, "DocumentReference/%lld", (long long)ctx->document_id);
        json_array_insert_new(src, 0, json_pack("{s:s, s:{s:s}}", "url", "document", "valueReference", "reference", ref));
    }
    json_object_set_new(res, "extension", json_pack("[{s:s, s:o}]", "url", WARD_EXT_SOURCE, "extension", src));
    char subject[160];
    json_t *subj = ctx->patient_id
        ? (snprintf(subject, sizeof subject, "Patient/%s", ctx->patient_id), json_pack("{s:s}", "reference", subject))
        : json_pack("{s:s}", "display", "unknown patient");
    const char *seg = text + c->start;
    size_t seglen = c->end - c->start;
    switch (c->type) {
    case WARD_CONCEPT_MEDICATION:
        json_object_set_new(res, "status", json_string("active"));
        json_object_set_new(res, "medicationCodeableConcept", codeable(c->codes, c->name, seg, seglen));
        json_object_set_new(res, "subject", subj);
        if (ctx->date) json_object_set_new(res, "dateAsserted", json_string(ctx->date));
        json_object_set_new(res, "dosage", dosage(c));
        snprintf(r->status, sizeof r->status, "active");
        if (is_number(c->strength)) r->value_num = atof(c->strength), r->has_value = 1;
        snprintf(r->unit, sizeof r->unit, "%s", c->unit);
        break;
    case WARD_CONCEPT_LAB:
    case WARD_CONCEPT_VITAL:
        observation(c, res, r, text);
        json_object_set_new(res, "subject", subj);
        if (ctx->date) json_object_set_new(res, "effectiveDateTime", json_string(ctx->date));
        break;
    case WARD_CONCEPT_ALLERGY:
        json_object_set_new(res, "clinicalStatus", status_cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"));
        json_object_set_new(res, "verificationStatus", status_cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "unconfirmed"));
        json_object_set_new(res, "code", codeable(c->codes, c->name, seg, seglen));
        json_object_set_new(res, "patient", subj);
        if (ctx->date) json_object_set_new(res, "recordedDate", json_string(ctx->date));
        snprintf(r->status, sizeof r->status, "active");
        break;
    default:   /* problems (and procedures, should a caller ask) */
        if (c->type == WARD_CONCEPT_PROCEDURE) {
            json_object_set_new(res, "status", json_string("completed"));
        } else {
            json_object_set_new(res, "clinicalStatus", status_cc("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"));
            json_object_set_new(res, "verificationStatus", status_cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "unconfirmed"));
            json_object_set_new(res, "category", json_pack("[{s:[{s:s, s:s}]}]", "coding", "system",
                "http://terminology.hl7.org/CodeSystem/condition-category", "code", "problem-list-item"));
        }
        json_object_set_new(res, "code", codeable(c->codes, c->name, seg, seglen));
        json_object_set_new(res, "subject", subj);
        if (ctx->date) json_object_set_new(res, c->type == WARD_CONCEPT_PROCEDURE ? "performedDateTime" : "recordedDate",
                                           json_string(ctx->date));
        snprintf(r->status, sizeof r->status, "%s", c->type == WARD_CONCEPT_PROCEDURE ? "completed" : "active");
        break;
    }
    char *s = json_dumps(res, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    ward_buf_reset(b);
    if (s) ward_buf_puts(b, s);
    free(s);
    json_decref(res);
}
