/* fhir_record.c — one FHIR resource into Ward: the whole JSON, the columns
 * Ward queries, a short readable text, and documents for report/note text.
 *
 * Ideas a reader needs:
 *  - Every resource type goes through the same generic lift (code, status,
 *    effective date, display), then a few types refine it: Observation's
 *    value[x] and components, medications' dose, the demographics of a
 *    Patient. Types Ward does not model are kept whole, with generic columns.
 *  - The readable text is what search finds and what answers cite:
 *    "2024-03-02 Hemoglobin A1c 8.1 %", "Condition: Type 2 diabetes mellitus
 *    (active, onset 2019-04-01)". Administrative resources (claims,
 *    practitioners...) get none: they would only add noise to retrieval.
 *  - DiagnosticReport.presentedForm and DocumentReference attachments carry
 *    base64 text; it becomes a document of its own, chunked like a note.
 *    When the resource changes, its text supersedes the earlier version
 *    (source key "fhir:Type/id"): history keeps the old text, retrieval
 *    sees the new.
 */
#include "fhir_int.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- small accessors ---- */

const char *fhir_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && *s ? s : NULL;
}

const char *fhir_cc_text(const json_t *cc)
{
    const char *t = fhir_str(cc, "text");
    if (t) return t;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cc, "coding"), i, c)
        if ((t = fhir_str(c, "display"))) return t;
    return NULL;
}

/* An array's first element, or the value itself. */
static json_t *first(json_t *v)
{
    return json_is_array(v) ? json_array_get(v, 0) : v;
}

/* "a.b": a nested field, first element of arrays on the way. */
static json_t *get_path(const json_t *o, const char *path)
{
    const char *dot = strchr(path, '.');
    if (!dot) return json_object_get(o, path);
    char key[64];
    size_t n = (size_t)(dot - path);
    if (n >= sizeof key) return NULL;
    memcpy(key, path, n);
    key[n] = 0;
    return get_path(first(json_object_get(o, key)), dot + 1);
}

static const char *str_path(const json_t *o, const char *path)
{
    const char *s = json_string_value(get_path(o, path));
    return s && *s ? s : NULL;
}

/* The first coding that has a code. */
static void cc_code(const json_t *cc, ward_resource *r)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cc, "coding"), i, c) {
        if (fhir_str(c, "code")) {
            r->code_system = fhir_str(c, "system");
            r->code = fhir_str(c, "code");
            return;
        }
    }
}

static int has_code(const json_t *cc, const char *code)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cc, "coding"), i, c) {
        const char *k = fhir_str(c, "code");
        if (k && !strcmp(k, code)) return 1;
    }
    return 0;
}

/* ---- compact JSON ---- */


static void put_real(ward_buf *b, double d, int keep_real)
{
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) break;
    }
    ward_buf_puts(b, tmp);
    if (keep_real && !strpbrk(tmp, ".eEn")) ward_buf_puts(b, ".0");
}

void fhir_dump(const json_t *v, ward_buf *b)
{
    const char *key;
    json_t *x;
    size_t i;
    int sep = 0;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        ward_buf_putc(b, '{');
        json_object_foreach((json_t *)v, key, x) {
            if (sep++) ward_buf_putc(b, ',');
            ward_buf_json_str(b, key, strlen(key));
            ward_buf_putc(b, ':');
            fhir_dump(x, b);
        }
        ward_buf_putc(b, '}');
        break;
    case JSON_ARRAY:
        ward_buf_putc(b, '[');
        json_array_foreach((json_t *)v, i, x) {
            if (sep++) ward_buf_putc(b, ',');
            fhir_dump(x, b);
        }
        ward_buf_putc(b, ']');
        break;
    case JSON_STRING: ward_buf_json_str(b, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: ward_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: put_real(b, json_real_value(v), 1); break;
    case JSON_TRUE: ward_buf_puts(b, "true"); break;
    case JSON_FALSE: ward_buf_puts(b, "false"); break;
    default: ward_buf_puts(b, "null"); break;
    }
}

/* ---- readable values ---- */

/* Numbers as a reader wants them: 8.1, 128, 183.17 — not 183.17308308399453. */
static void put_num(ward_buf *b, double d)
{
    char tmp[40];
    if (d >= 1 || d <= -1 || d == 0) {
        snprintf(tmp, sizeof tmp, "%.2f", d);
        char *e = tmp + strlen(tmp) - 1;
        while (*e == '0') *e-- = 0;
        if (*e == '.') *e = 0;
        ward_buf_puts(b, tmp);
    } else {
        ward_buf_printf(b, "%.3g", d);
    }
}

/* Appends up to max bytes of s, cut at a UTF-8 boundary. */
static void put_trunc(ward_buf *b, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        ward_buf_append(b, s, n);
        return;
    }
    while (max && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    ward_buf_append(b, s, max);
    ward_buf_puts(b, "...");
}

static const char *quantity(const json_t *q, ward_buf *out, double *num, int *has_num)
{
    const char *cmp = fhir_str(q, "comparator");
    json_t *v = json_object_get(q, "value");
    if (cmp) ward_buf_puts(out, cmp);
    if (json_is_number(v)) {
        *num = json_number_value(v);
        *has_num = 1;
        put_num(out, *num);
    }
    const char *unit = fhir_str(q, "unit");
    return unit ? unit : fhir_str(q, "code");
}

/* Appends o's value[x] (o is an Observation or one of its components)
 * without its unit; returns 0 when there is none. */
static int value_x(const json_t *o, ward_buf *out, double *num, int *has_num, const char **unit)
{
    json_t *v;
    const char *s;
    *has_num = 0;
    *unit = NULL;
    size_t before = out->len;
    if ((v = json_object_get(o, "valueQuantity"))) {
        *unit = quantity(v, out, num, has_num);
    } else if ((v = json_object_get(o, "valueCodeableConcept"))) {
        if ((s = fhir_cc_text(v))) ward_buf_puts(out, s);
    } else if ((s = fhir_str(o, "valueString"))) {
        put_trunc(out, s, 300);
    } else if (json_is_boolean(v = json_object_get(o, "valueBoolean"))) {
        ward_buf_puts(out, json_is_true(v) ? "yes" : "no");
    } else if (json_is_integer(v = json_object_get(o, "valueInteger"))) {
        *num = (double)json_integer_value(v);
        *has_num = 1;
        put_num(out, *num);
    } else if ((v = json_object_get(o, "valueRange"))) {
        double d;
        int h = 0;
        const char *u1 = quantity(json_object_get(v, "low"), out, &d, &h);
        ward_buf_putc(out, '-');
        const char *u2 = quantity(json_object_get(v, "high"), out, &d, &h);
        *unit = u1 ? u1 : u2;
    } else if ((v = json_object_get(o, "valueRatio"))) {
        double d;
        int h = 0;
        const char *u1 = quantity(json_object_get(v, "numerator"), out, &d, &h);
        if (u1) ward_buf_printf(out, " %s", u1);
        ward_buf_putc(out, '/');
        const char *u2 = quantity(json_object_get(v, "denominator"), out, &d, &h);
        if (u2) ward_buf_printf(out, " %s", u2);
    } else if ((s = fhir_str(o, "valueDateTime")) || (s = fhir_str(o, "valueTime"))) {
        ward_buf_puts(out, s);
    } else if ((v = json_object_get(o, "valuePeriod"))) {
        ward_buf_printf(out, "%s to %s", fhir_str(v, "start") ?: "?", fhir_str(v, "end") ?: "?");
    }
    return out->len > before;
}

/* ---- the lift ---- */

typedef struct lift {
    ward_resource r;
    ward_buf text;      /* readable */
    ward_buf value;     /* r.value_text when composed */
    ward_buf display;   /* r.display when composed */
    char date[11];      /* effective as YYYY-MM-DD, or "" */
} lift;

static const char *const effective_paths[] = {
    "effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "occurrenceDateTime",
    "performedDateTime", "performedPeriod.start", "onsetDateTime", "onsetPeriod.start",
    "period.start", "authoredOn", "started", "recordedDate", "issued", "date", "created",
    "billablePeriod.start", "dateAsserted", "occurrenceString", "context.period.start",
};

static const char *const code_keys[] = {"code", "vaccineCode", "medicationCodeableConcept", "type", "category"};

/* Resources that are not clinical facts about the patient: kept, no readable text. */
static int administrative(const char *type)
{
    static const char *const admin[] = {
        "Account", "AuditEvent", "Basic", "Binary", "Bundle", "Claim", "ClaimResponse", "Consent",
        "Coverage", "Device", "Endpoint", "EnrollmentRequest", "ExplanationOfBenefit", "Group",
        "HealthcareService", "Invoice", "Location", "Medication", "MessageHeader", "OperationOutcome",
        "Organization", "Parameters", "Patient", "PaymentNotice", "Person", "Practitioner",
        "PractitionerRole", "Provenance", "RelatedPerson", "Schedule", "Slot", "Subscription"};
    for (size_t i = 0; i < sizeof admin / sizeof *admin; i++)
        if (!strcmp(type, admin[i])) return 1;
    return 0;
}

static void lift_generic(lift *l, const json_t *res)
{
    ward_resource *r = &l->r;
    for (size_t i = 0; i < sizeof effective_paths / sizeof *effective_paths && !r->effective; i++)
        r->effective = str_path(res, effective_paths[i]);
    if (r->effective) ward_date_norm(r->effective, l->date);
    for (size_t i = 0; i < sizeof code_keys / sizeof *code_keys && !r->code; i++) {
        json_t *cc = first(json_object_get(res, code_keys[i]));
        cc_code(cc, r);
        if (!r->display) r->display = fhir_cc_text(cc);
    }
    if (!r->display) {
        json_t *d = json_object_get(res, "description");
        r->display = json_is_string(d) ? fhir_str(res, "description") : fhir_cc_text(d);
    }
    const json_t *cs = json_object_get(res, "clinicalStatus");
    r->status = json_is_string(cs) ? json_string_value(cs) : str_path(res, "clinicalStatus.coding.code");
    if (!r->status) r->status = fhir_str(res, "status");
    if (!r->status) r->status = fhir_str(res, "lifecycleStatus");
    const char *enc = str_path(res, "encounter.reference");
    if (!enc) enc = str_path(res, "context.reference");
    if (!enc) enc = str_path(res, "context.encounter.reference");
    if (enc && ward_str_startswith(enc, "Encounter/")) r->encounter_id = enc + 10;
}

/* Appends one more "(a, b, c)" item: the first opens the parenthesis. */
static void note(ward_buf *b, int *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(ward_buf *b, int *n, const char *fmt, ...)
{
    ward_buf_puts(b, (*n)++ ? ", " : " (");
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* "[date ]Label: display (status)" — the shape most records read in. */
static void readable_plain(lift *l, const char *label, int dated)
{
    if (!l->r.display) return;
    if (dated && l->date[0]) ward_buf_printf(&l->text, "%s ", l->date);
    ward_buf_printf(&l->text, "%s: %s", label, l->r.display);
    if (l->r.status) ward_buf_printf(&l->text, " (%s)", l->r.status);
}

static const char *interpretation(const json_t *res)
{
    const char *c = str_path(res, "interpretation.coding.code");
    static const char *const flags[] = {"H", "HH", "L", "LL", "A", "AA", "HU", "LU"};
    for (size_t i = 0; c && i < sizeof flags / sizeof *flags; i++)
        if (!strcmp(c, flags[i])) return flags[i];
    return NULL;
}

/* Components: "128/82 mm[Hg]" for a blood pressure, else "Name value unit, ...". */
static void components(lift *l, json_t *comps)
{
    double nums[2] = {0, 0};
    const char *units[2] = {NULL, NULL};
    int numeric = 0, systolic_second = 0;
    size_t i, n = json_array_size(comps);
    json_t *c;
    ward_buf part;
    ward_buf_init(&part);
    json_array_foreach(comps, i, c) {
        ward_buf_reset(&part);
        int has_num;
        double d = 0;
        const char *unit;
        if (!value_x(c, &part, &d, &has_num, &unit)) continue;
        if (i < 2 && has_num) {
            nums[i] = d, units[i] = unit, numeric++;
            if (i == 1 && has_code(json_object_get(c, "code"), "8480-6")) systolic_second = 1;
        }
        if (l->value.len) ward_buf_puts(&l->value, ", ");
        const char *name = fhir_cc_text(json_object_get(c, "code"));
        if (name) ward_buf_printf(&l->value, "%s ", name);
        ward_buf_append(&l->value, part.data, part.len);
        if (unit) ward_buf_printf(&l->value, " %s", unit);
    }
    ward_buf_free(&part);
    if (n == 2 && numeric == 2 && units[0] && units[1] && !strcmp(units[0], units[1])) {
        /* Pressures read in whole mm[Hg], however precise the device. */
        int whole = !strcmp(units[0], "mm[Hg]") || !strcmp(units[0], "mmHg");
        ward_buf_reset(&l->value);
        if (whole) ward_buf_printf(&l->value, "%.0f/%.0f", nums[systolic_second], nums[!systolic_second]);
        else {
            put_num(&l->value, nums[systolic_second]);
            ward_buf_putc(&l->value, '/');
            put_num(&l->value, nums[!systolic_second]);
        }
        l->r.unit = units[0];
    }
}

static void lift_observation(lift *l, const json_t *res)
{
    ward_resource *r = &l->r;
    int has_num;
    const char *unit;
    if (value_x(res, &l->value, &r->value_num, &has_num, &unit)) {
        r->has_value = has_num;
        r->unit = unit;
        if (has_num) r->value_text = NULL;
    } else {
        components(l, json_object_get(res, "component"));
    }
    if (!r->has_value && l->value.len) r->value_text = l->value.data;
    if (!r->display) return;
    if (l->date[0]) ward_buf_printf(&l->text, "%s ", l->date);
    ward_buf_puts(&l->text, r->display);
    if (l->value.len) ward_buf_printf(&l->text, " %s", l->value.data);
    else {
        const char *absent = fhir_cc_text(json_object_get(res, "dataAbsentReason"));
        ward_buf_printf(&l->text, ": no value%s%s", absent ? ", " : "", absent ? absent : "");
    }
    if (r->unit) ward_buf_printf(&l->text, " %s", r->unit);
    const char *flag = interpretation(res);
    if (flag) ward_buf_printf(&l->text, " (%s)", flag);
}

/* A medication's name: its CodeableConcept, or the Medication it references
 * (contained, in the bundle, or only by display). */
static const char *medication_name(const json_t *res, json_t *index)
{
    const char *name = fhir_cc_text(json_object_get(res, "medicationCodeableConcept"));
    if (name) return name;
    json_t *ref = json_object_get(res, "medicationReference");
    if ((name = fhir_str(ref, "display"))) return name;
    const char *target = fhir_str(ref, "reference");
    if (!target) return NULL;
    json_t *med = NULL;
    if (target[0] == '#') {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(res, "contained"), i, c) {
            const char *id = fhir_str(c, "id");
            if (id && !strcmp(id, target + 1)) med = c;
        }
    } else if (index) {
        med = json_object_get(index, target);
    }
    return fhir_cc_text(json_object_get(med, "code"));
}

static void dosage(ward_buf *b, json_t *dose)
{
    const char *text = fhir_str(dose, "text");
    if (text) {
        ward_buf_puts(b, text);
        return;
    }
    json_t *q = get_path(dose, "doseAndRate.doseQuantity");
    json_t *rep = get_path(dose, "timing.repeat");
    if (q) {
        double d = 0;
        int h = 0;
        const char *unit = quantity(q, b, &d, &h);
        if (unit) ward_buf_printf(b, " %s", unit);
    }
    json_int_t freq = json_integer_value(json_object_get(rep, "frequency"));
    double period = json_number_value(json_object_get(rep, "period"));
    const char *pu = fhir_str(rep, "periodUnit");
    if (freq > 0 && period == 1 && pu && !strcmp(pu, "d"))
        ward_buf_printf(b, freq == 1 ? " once daily" : freq == 2 ? " twice daily" : " %lld times daily",
                        (long long)freq);
    else if (freq > 0 && period > 0 && pu) {
        ward_buf_printf(b, " %lld times every ", (long long)freq);
        put_num(b, period);
        ward_buf_printf(b, " %s", pu);
    }
    if (json_is_true(json_object_get(dose, "asNeededBoolean"))) ward_buf_puts(b, " as needed");
    if (b->len && b->data[0] == ' ') {   /* no dose quantity before the frequency */
        memmove(b->data, b->data + 1, b->len);
        b->len--;
    }
}

static void lift_medication(lift *l, const json_t *res, json_t *index, int statement)
{
    ward_resource *r = &l->r;
    if (!r->display) r->display = medication_name(res, index);
    if (!r->display) return;
    ward_buf_printf(&l->text, "Medication: %s", r->display);
    /* The dose is the medication's "value": the chart prints it. */
    dosage(&l->value, first(json_object_get(res, statement ? "dosage" : "dosageInstruction")));
    if (l->value.len) {
        r->value_text = l->value.data;
        ward_buf_printf(&l->text, ", %s", l->value.data);
    }
    int n = 0;
    if (r->status) note(&l->text, &n, "%s", r->status);
    if (l->date[0]) note(&l->text, &n, "%s %s", statement ? "since" : "ordered", l->date);
    if (n) ward_buf_putc(&l->text, ')');
}

static void lift_condition(lift *l, const json_t *res)
{
    if (!l->r.display) return;
    ward_buf_printf(&l->text, "Condition: %s", l->r.display);
    int n = 0;
    if (l->r.status) note(&l->text, &n, "%s", l->r.status);
    const char *ver = str_path(res, "verificationStatus.coding.code");
    if (ver && strcmp(ver, "confirmed")) note(&l->text, &n, "%s", ver);
    if (l->date[0]) note(&l->text, &n, "onset %s", l->date);
    char end[11];
    const char *ab = fhir_str(res, "abatementDateTime");
    if (ab && !ward_date_norm(ab, end)) note(&l->text, &n, "resolved %s", end);
    if (n) ward_buf_putc(&l->text, ')');
}

static void lift_allergy(lift *l, const json_t *res)
{
    if (!l->r.display) return;
    ward_buf_printf(&l->text, "Allergy: %s", l->r.display);
    int n = 0;
    if (l->r.status) note(&l->text, &n, "%s", l->r.status);
    const char *crit = fhir_str(res, "criticality");
    const char *reaction = fhir_cc_text(first(get_path(res, "reaction.manifestation")));
    /* Criticality and reaction are the allergy's "value": the chart prints it. */
    if (crit) ward_buf_printf(&l->value, "%s criticality", crit);
    if (reaction) ward_buf_printf(&l->value, "%sreaction: %s", crit ? ", " : "", reaction);
    if (l->value.len) {
        note(&l->text, &n, "%s", l->value.data);
        l->r.value_text = l->value.data;
    }
    if (n) ward_buf_putc(&l->text, ')');
}

static void lift_encounter(lift *l, const json_t *res)
{
    static const char *const classes[][2] = {
        {"AMB", "ambulatory"}, {"EMER", "emergency"}, {"IMP", "inpatient"}, {"ACUTE", "inpatient acute"},
        {"OBSENC", "observation"}, {"HH", "home health"}, {"VR", "virtual"}, {"SS", "short stay"},
        {"PRENC", "pre-admission"}, {"FLD", "field"}, {"NONAC", "inpatient non-acute"}};
    const char *cls = str_path(res, "class.display");
    const char *code = str_path(res, "class.code");
    for (size_t i = 0; !cls && code && i < sizeof classes / sizeof *classes; i++)
        if (!strcmp(code, classes[i][0])) cls = classes[i][1];
    if (!cls) cls = code;
    if (!l->r.display) l->r.display = cls;
    if (!l->r.display) return;
    if (l->date[0]) ward_buf_printf(&l->text, "%s ", l->date);
    ward_buf_printf(&l->text, "Encounter: %s (", l->r.display);
    if (cls && cls != l->r.display) ward_buf_printf(&l->text, "%s, ", cls);
    ward_buf_printf(&l->text, "%s)", l->r.status ? l->r.status : "status unknown");
    const char *reason = fhir_cc_text(first(json_object_get(res, "reasonCode")));
    if (reason) ward_buf_printf(&l->text, "; reason: %s", reason);
}

/* ---- names ---- */

/* A HumanName as "Dr. Keeley Yundt" (the official one when marked). */
static void human_name(const json_t *names, ward_buf *out)
{
    const json_t *n = json_array_get(names, 0), *c;
    size_t i;
    json_array_foreach(names, i, c) {
        const char *use = fhir_str(c, "use");
        if (use && !strcmp(use, "official")) { n = c; break; }
    }
    const char *text = fhir_str(n, "text");
    if (text) {
        ward_buf_puts(out, text);
        return;
    }
    const char *parts[] = {"prefix", "given", NULL, "suffix"};
    for (int k = 0; k < 4; k++) {
        json_t *v = parts[k] ? json_object_get(n, parts[k]) : json_object_get(n, "family");
        json_t *e;
        size_t j;
        if (json_is_string(v)) v = json_pack("[O]", v);
        else json_incref(v);
        json_array_foreach(v, j, e) {
            if (!json_string_length(e)) continue;
            if (out->len) ward_buf_putc(out, ' ');
            ward_buf_puts(out, json_string_value(e));
        }
        json_decref(v);
    }
}

/* The name of the practitioner or organization a reference points to, for
 * document authors: its display, the bundle's resource, or the store's.
 * *name is NULL when none is known; an error only when the store fails. */
static int author_name(ward_ingest *in, json_t *index, const json_t *ref, ward_buf *out, const char **name,
                       ward_err *err)
{
    *name = fhir_str(ref, "display");
    const char *target = fhir_str(ref, "reference");
    if (*name || !target) return WARD_OK;
    json_t *res = index ? json_object_get(index, target) : NULL;
    const char *slash = strchr(target, '/');
    int rc = WARD_OK;
    if (res) {
        if (json_is_array(json_object_get(res, "name"))) human_name(json_object_get(res, "name"), out);
        else if (fhir_str(res, "name")) ward_buf_puts(out, fhir_str(res, "name"));
    } else if (slash) {
        rc = ward_store_resource_display(ward_ingest_store(in), target, (size_t)(slash - target), slash + 1, out, err);
    }
    *name = out->len ? out->data : NULL;
    return rc;
}

/* ---- Patient ---- */

static const char *us_core_ext(const json_t *res, const char *which)
{
    size_t i, j;
    json_t *e, *sub;
    json_array_foreach(json_object_get(res, "extension"), i, e) {
        const char *url = fhir_str(e, "url");
        if (!url || !ward_str_endswith(url, which)) continue;
        const char *omb = NULL;
        json_array_foreach(json_object_get(e, "extension"), j, sub) {
            const char *u = fhir_str(sub, "url");
            if (u && !strcmp(u, "text") && fhir_str(sub, "valueString")) return fhir_str(sub, "valueString");
            if (u && !strcmp(u, "ombCategory") && !omb) omb = str_path(sub, "valueCoding.display");
        }
        return omb;
    }
    return NULL;
}

static int put_patient(ward_ingest *in, const json_t *res, ward_err *err)
{
    ward_buf name;
    ward_buf_init(&name);
    human_name(json_object_get(res, "name"), &name);
    const char *mrn = NULL;
    size_t i;
    json_t *id;
    json_array_foreach(json_object_get(res, "identifier"), i, id)
        if (has_code(json_object_get(id, "type"), "MR") && fhir_str(id, "value")) {
            mrn = fhir_str(id, "value");
            break;
        }
    char born[11] = "", died[11] = "";
    if (fhir_str(res, "birthDate")) ward_date_norm(fhir_str(res, "birthDate"), born);
    if (fhir_str(res, "deceasedDateTime")) ward_date_norm(fhir_str(res, "deceasedDateTime"), died);
    ward_patient p = {.id = fhir_str(res, "id"), .name = name.len ? name.data : NULL, .mrn = mrn,
                      .birth_date = born[0] ? born : NULL, .sex = fhir_str(res, "gender"),
                      .race = us_core_ext(res, "us-core-race"),
                      .ethnicity = us_core_ext(res, "us-core-ethnicity"),
                      .deceased_date = died[0] ? died : NULL, .source = "fhir"};
    int rc = ward_ingest_put_patient(in, &p, err);
    ward_buf_free(&name);
    return rc;
}

/* ---- documents carried inside resources ---- */

/* Crude HTML to text: tags dropped (block tags become line breaks), the
 * common entities decoded. Enough for narrative and HTML attachments. */
static void html_to_text(const char *s, size_t n, ward_buf *out)
{
    static const char *const ents[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                          {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            const char *end = memchr(s + i, '>', n - i);
            size_t tl = end ? (size_t)(end - (s + i)) + 1 : n - i;
            if (tl > 2 && (!strncasecmp(s + i, "<br", 3) || !strncasecmp(s + i, "<p", 2) ||
                           !strncasecmp(s + i, "</p", 3) || !strncasecmp(s + i, "</div", 5) ||
                           !strncasecmp(s + i, "<li", 3) || !strncasecmp(s + i, "</h", 3)))
                ward_buf_putc(out, '\n');
            i += tl;
            continue;
        }
        if (s[i] == '&') {
            size_t k = 0;
            for (; k < sizeof ents / sizeof *ents; k++)
                if (!strncmp(s + i, ents[k][0], strlen(ents[k][0]))) break;
            if (k < sizeof ents / sizeof *ents) {
                ward_buf_puts(out, ents[k][1]);
                i += strlen(ents[k][0]);
                continue;
            }
        }
        ward_buf_putc(out, s[i++]);
    }
}

/* Decodes an attachment's text into out. Returns 0 with out filled, 0 with
 * out empty when it holds no text Ward can read (a PDF, a URL), or -1 with
 * *why set when its data is broken. */
static int attachment_text(const json_t *att, ward_buf *out, const char **why)
{
    const char *ct = fhir_str(att, "contentType");
    const char *data = fhir_str(att, "data");
    if (!data || (ct && !ward_str_casestartswith(ct, "text/"))) return 0;
    size_t n = strlen(data), got = 0;
    unsigned char *bin = ward_xmalloc(n / 4 * 3 + 4);
    if (sodium_base642bin(bin, n / 4 * 3 + 4, data, n, " \r\n\t", &got, NULL, sodium_base64_VARIANT_ORIGINAL) &&
        sodium_base642bin(bin, n / 4 * 3 + 4, data, n, " \r\n\t", &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING)) {
        free(bin);
        *why = "is not valid base64";
        return -1;
    }
    size_t bad;
    size_t skip = got >= 3 && bin[0] == 0xEF && bin[1] == 0xBB && bin[2] == 0xBF ? 3 : 0;
    if (!ward_utf8_valid((char *)bin + skip, got - skip, &bad) || memchr(bin + skip, 0, got - skip)) {
        free(bin);
        *why = "does not decode to UTF-8 text";
        return -1;
    }
    if (ct && ward_str_casestartswith(ct, "text/html")) html_to_text((char *)bin + skip, got - skip, out);
    else ward_buf_append(out, bin + skip, got - skip);
    free(bin);
    return 0;
}

static int blank(const ward_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] != ' ' && b->data[i] != '\n' && b->data[i] != '\r' && b->data[i] != '\t') return 0;
    return 1;
}

static const char *document_kind(const json_t *res, const char *type)
{
    static const char *const loinc[][2] = {
        {"18842-5", "discharge_summary"}, {"11506-3", "progress_note"}, {"34117-2", "history_and_physical"},
        {"11488-4", "consult_note"},      {"28570-0", "procedure_note"}, {"34111-5", "ed_note"},
        {"18748-4", "imaging_report"},    {"11526-1", "pathology_report"}, {"34746-8", "nurse_note"}};
    if (!strcmp(type, "DiagnosticReport")) {
        size_t i;
        json_t *cat;
        json_array_foreach(json_object_get(res, "category"), i, cat)
            if (has_code(cat, "LAB")) return "lab_report";
        return "report";
    }
    for (size_t i = 0; i < sizeof loinc / sizeof *loinc; i++)
        if (has_code(json_object_get(res, "type"), loinc[i][0])) return loinc[i][1];
    return "note";
}

/* Stores the text of a DiagnosticReport's presentedForm or a
 * DocumentReference's content as documents of their own. */
static int put_documents(ward_ingest *in, const json_t *res, const lift *l, json_t *index,
                         ward_err *err)
{
    const char *type = l->r.type;
    int report = !strcmp(type, "DiagnosticReport");
    json_t *items = json_object_get(res, report ? "presentedForm" : "content");
    ward_buf sid, text, author, key;
    ward_buf_init(&sid);
    ward_buf_init(&text);
    ward_buf_init(&author);
    ward_buf_init(&key);
    ward_buf_printf(&sid, "%s/%s", type, l->r.fhir_id);
    int rc = WARD_OK;
    const json_t *who = first(json_object_get(res, report ? "resultsInterpreter" : "author"));
    if (!who && report) who = first(json_object_get(res, "performer"));
    const char *by = NULL;
    if (!rc) rc = author_name(in, index, who, &author, &by, err);
    const char *title = l->r.display ? l->r.display : fhir_str(res, "description");
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        if (rc) break;
        const json_t *att = report ? item : json_object_get(item, "attachment");
        const char *why = NULL;
        ward_buf_reset(&text);
        if (attachment_text(att, &text, &why)) {
            rc = ward_err_set(err, WARD_EINPUT, "%s[%zu]%s %s", report ? "presentedForm" : "content", i,
                              report ? ".data" : ".attachment.data", why);
            break;
        }
        if (blank(&text)) continue;
        if (i) ward_buf_printf(&sid, "#%zu", i);
        ward_buf_reset(&key);
        ward_buf_printf(&key, "fhir:%s", sid.data);
        ward_document d = {.patient_id = l->r.patient_id, .kind = document_kind(res, type), .source_key = key.data,
                           .title = fhir_str(att, "title") ? fhir_str(att, "title") : title,
                           .date = l->date[0] ? l->date : NULL, .author = by,
                           .source_format = "fhir", .source_id = sid.data,
                           .text = text.data, .text_len = text.len};
        rc = ward_ingest_put_document(in, &d, err);
    }
    ward_buf_free(&key);
    ward_buf_free(&sid);
    ward_buf_free(&text);
    ward_buf_free(&author);
    return rc;
}

/* ---- the entry point ---- */

int fhir_put(ward_ingest *in, json_t *res, const char *patient_id, json_t *index, ward_err *err)
{
    lift l;
    memset(&l, 0, sizeof l);
    ward_buf_init(&l.text);
    ward_buf_init(&l.value);
    ward_buf_init(&l.display);
    ward_buf json;
    ward_buf_init(&json);
    ward_resource *r = &l.r;
    r->type = fhir_str(res, "resourceType");
    r->fhir_id = fhir_str(res, "id");
    r->patient_id = patient_id;
    const char *t = r->type;
    int rc = WARD_OK;
    if (!strcmp(t, "Patient")) {
        rc = put_patient(in, res, err);
    } else if (!strcmp(t, "Practitioner")) {
        human_name(json_object_get(res, "name"), &l.display);
        r->display = l.display.len ? l.display.data : NULL;
    } else if (!strcmp(t, "Organization")) {
        r->display = fhir_str(res, "name");
    }
    lift_generic(&l, res);
    if (!strcmp(t, "Observation")) lift_observation(&l, res);
    else if (!strcmp(t, "MedicationRequest")) lift_medication(&l, res, index, 0);
    else if (!strcmp(t, "MedicationStatement")) lift_medication(&l, res, index, 1);
    else if (!strcmp(t, "Condition")) lift_condition(&l, res);
    else if (!strcmp(t, "AllergyIntolerance")) lift_allergy(&l, res);
    else if (!strcmp(t, "Encounter")) lift_encounter(&l, res);
    else if (!strcmp(t, "Procedure")) readable_plain(&l, "Procedure", 1);
    else if (!strcmp(t, "Immunization")) readable_plain(&l, "Immunization", 1);
    else if (!strcmp(t, "DiagnosticReport")) {
        readable_plain(&l, "Report", 1);
        const char *concl = fhir_str(res, "conclusion");
        if (concl && l.text.len) {
            ward_buf_puts(&l.text, ": ");
            put_trunc(&l.text, concl, 400);
        }
    } else if (!strcmp(t, "DocumentReference")) readable_plain(&l, "Document", 1);
    else if (!strcmp(t, "CarePlan")) readable_plain(&l, "Care plan", 1);
    else if (!administrative(t)) readable_plain(&l, t, 1);
    fhir_dump(res, &json);
    r->json = json.data;
    int docs = !strcmp(t, "DiagnosticReport") || !strcmp(t, "DocumentReference");
    long unchanged = ward_ingest_get_counts(in)->skipped_unchanged;
    if (!rc) rc = ward_ingest_put_resource(in, r, l.text.len ? l.text.data : NULL, err);
    /* put_resource counts an identical resource as unchanged: only a new or
     * changed one needs its documents (re)written. */
    int changed = ward_ingest_get_counts(in)->skipped_unchanged == unchanged;
    if (!rc && docs && changed) rc = put_documents(in, res, &l, index, err);
    ward_buf_free(&json);
    ward_buf_free(&l.text);
    ward_buf_free(&l.value);
    ward_buf_free(&l.display);
    return rc;
}
