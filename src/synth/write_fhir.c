/* write_fhir.c — a patient as FHIR R4: one transaction Bundle per patient
 * (fhir/<id>.json, urn:uuid: fullUrls and references, as Synthea writes),
 * or Bulk Data NDJSON (ndjson/<Type>.ndjson, "Type/id" references).
 *
 * JSON is written straight into buffers (no DOM): a cohort is millions of
 * resources, and the strings we write are our own, so escaping is all the
 * care needed. The same code renders both shapes; only references differ.
 */
#include "synth_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void sj_strn(ward_buf *b, const char *s, size_t n)
{
    ward_buf_json_str(b, s, n);
}

void sj_str(ward_buf *b, const char *s)
{
    sj_strn(b, s, strlen(s));
}

void sj_num(ward_buf *b, double v, int decimals)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    ward_buf_puts(b, tmp);
}

typedef struct fctx {
    swriter *sw;
    const spatient *p;
    int bundle;         /* 1: Bundle entries, 0: NDJSON lines */
    ward_buf *out, *res;
    int first;
    long count;
} fctx;

static void ref(fctx *c, const char *type, const char *id)
{
    ward_buf_puts(c->res, "{\"reference\":\"");
    if (c->bundle) ward_buf_printf(c->res, "urn:uuid:%s\"}", id);
    else ward_buf_printf(c->res, "%s/%s\"}", type, id);
}

static void begin(fctx *c, const char *type, const char *id)
{
    ward_buf_reset(c->res);
    ward_buf_printf(c->res, "{\"resourceType\":\"%s\",\"id\":\"%s\"", type, id);
}

static void end(fctx *c, const char *type, const char *id)
{
    ward_buf_putc(c->res, '}');
    c->count++;
    if (c->bundle) {
        ward_buf_puts(c->out, c->first ? "\n" : ",\n");
        c->first = 0;
        ward_buf_printf(c->out, "{\"fullUrl\":\"urn:uuid:%s\",\"resource\":", id);
        ward_buf_append(c->out, c->res->data, c->res->len);
        ward_buf_printf(c->out, ",\"request\":{\"method\":\"POST\",\"url\":\"%s\"}}", type);
    } else {
        char name[64];
        snprintf(name, sizeof name, "%s.ndjson", type);
        ward_buf_putc(c->res, '\n');
        sw_line(c->sw, "ndjson", name, c->res->data, c->res->len);
    }
}

static void datetime(ward_buf *b, int day, int minute)
{
    char d[11];
    sday_iso(day, d);
    ward_buf_printf(b, "\"%sT%02d:%02d:00+00:00\"", d, 8 + (minute / 60) % 10, minute % 60);
}

static void date(ward_buf *b, int day)
{
    char d[11];
    sday_iso(day, d);
    ward_buf_printf(b, "\"%s\"", d);
}

static int enc_minute(const spatient *p, int enc)
{
    return (int)((p->index * 37 + enc * 53) % 540);
}

static void coding(ward_buf *b, const char *system, const char *code, const char *display)
{
    ward_buf_printf(b, "{\"coding\":[{\"system\":\"%s\",\"code\":\"%s\",\"display\":", system, code);
    sj_str(b, display);
    ward_buf_puts(b, "}],\"text\":");
    sj_str(b, display);
    ward_buf_putc(b, '}');
}

static void clinician_name(char *out, size_t cap, const sclinician *c)
{
    snprintf(out, cap, "Dr. %s %s", c->n.given, c->n.family);
}

static void patient(fctx *c)
{
    const spatient *p = c->p;
    const sdemo *d = &p->demo;
    ward_buf *b = c->res;
    begin(c, "Patient", p->id);
    ward_buf_printf(b, ",\"extension\":[{\"url\":\"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race\","
                       "\"extension\":[{\"url\":\"ombCategory\",\"valueCoding\":{\"system\":\"urn:oid:2.16.840.1.113883.6.238\","
                       "\"code\":\"%s\",\"display\":\"%s\"}},{\"url\":\"text\",\"valueString\":\"%s\"}]},",
                    synth_race_code(d->race), synth_race_name(d->race), synth_race_name(d->race));
    ward_buf_printf(b, "{\"url\":\"http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity\","
                       "\"extension\":[{\"url\":\"ombCategory\",\"valueCoding\":{\"system\":\"urn:oid:2.16.840.1.113883.6.238\","
                       "\"code\":\"%s\",\"display\":\"%s\"}},{\"url\":\"text\",\"valueString\":\"%s\"}]},",
                    d->hispanic ? "2135-2" : "2186-5", d->hispanic ? "Hispanic or Latino" : "Not Hispanic or Latino",
                    d->hispanic ? "Hispanic or Latino" : "Not Hispanic or Latino");
    ward_buf_printf(b, "{\"url\":\"http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex\",\"valueCode\":\"%s\"}]",
                    d->female ? "F" : "M");
    ward_buf_printf(b, ",\"identifier\":[{\"system\":\"https://github.com/synthetichealth/synthea\",\"value\":\"%s\"},"
                       "{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"MR\","
                       "\"display\":\"Medical Record Number\"}],\"text\":\"Medical Record Number\"},"
                       "\"system\":\"http://hospital.smarthealthit.org\",\"value\":\"%s\"},"
                       "{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"SS\"}],"
                       "\"text\":\"Social Security Number\"},\"system\":\"http://hl7.org/fhir/sid/us-ssn\",\"value\":\"%s\"}]",
                    p->id, d->mrn, d->ssn);
    ward_buf_puts(b, ",\"name\":[{\"use\":\"official\",\"family\":");
    sj_str(b, d->n.family);
    ward_buf_puts(b, ",\"given\":[");
    sj_str(b, d->n.given);
    if (d->n.middle[0]) {
        ward_buf_putc(b, ',');
        sj_str(b, d->n.middle);
    }
    ward_buf_printf(b, "]}],\"telecom\":[{\"system\":\"phone\",\"value\":\"%s\",\"use\":\"home\"},"
                       "{\"system\":\"email\",\"value\":\"%s\"}]",
                    d->phone, d->email);
    ward_buf_printf(b, ",\"gender\":\"%s\",\"birthDate\":", d->female ? "female" : "male");
    date(b, p->birth);
    if (p->death != NO_DAY) {
        ward_buf_puts(b, ",\"deceasedDateTime\":");
        datetime(b, p->death, 300);
    }
    ward_buf_puts(b, ",\"address\":[{\"line\":[");
    sj_str(b, d->street);
    ward_buf_printf(b, "],\"city\":\"%s\",\"state\":\"%s\",\"postalCode\":\"%s\",\"country\":\"US\"}]", d->city, d->state,
                    d->zip);
    ward_buf_printf(b, ",\"communication\":[{\"language\":{\"coding\":[{\"system\":\"urn:ietf:bcp:47\",\"code\":\"%s\","
                       "\"display\":\"%s\"}],\"text\":\"%s\"}}]",
                    strcmp(d->language, "Spanish") ? "en-US" : "es", d->language, d->language);
    ward_buf_puts(b, ",\"contact\":[{\"relationship\":[{\"text\":");
    sj_str(b, d->kin[0].relation);
    ward_buf_puts(b, "}],\"name\":{\"family\":");
    sj_str(b, d->kin[0].n.family);
    ward_buf_puts(b, ",\"given\":[");
    sj_str(b, d->kin[0].n.given);
    ward_buf_printf(b, "]},\"telecom\":[{\"system\":\"phone\",\"value\":\"%s\"}]}]", d->kin[0].phone);
    end(c, "Patient", p->id);
}

static void encounter(fctx *c, int i)
{
    const spatient *p = c->p;
    const senc *e = &p->enc.v[i];
    ward_buf *b = c->res;
    const code_def *t = &synth_enc_types[e->kind];
    begin(c, "Encounter", e->id);
    ward_buf_printf(b, ",\"status\":\"finished\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
                       "\"code\":\"%s\"},\"type\":[",
                    t->key);
    coding(b, "http://snomed.info/sct", t->code, t->display);
    ward_buf_puts(b, "],\"subject\":");
    ref(c, "Patient", p->id);
    char who[80];
    clinician_name(who, sizeof who, &p->demo.staff[e->staff]);
    ward_buf_puts(b, ",\"participant\":[{\"individual\":{\"display\":");
    sj_str(b, who);
    ward_buf_puts(b, "}}],\"period\":{\"start\":");
    datetime(b, e->day, enc_minute(p, i));
    ward_buf_puts(b, ",\"end\":");
    datetime(b, e->end_day, enc_minute(p, i) + (e->end_day == e->day ? 30 : 0));
    ward_buf_putc(b, '}');
    if (e->reason >= 0) {
        ward_buf_puts(b, ",\"reasonCode\":[");
        coding(b, "http://snomed.info/sct", synth_conds[e->reason].snomed, synth_conds[e->reason].display);
        ward_buf_putc(b, ']');
    }
    ward_buf_puts(b, ",\"serviceProvider\":{\"display\":");
    sj_str(b, e->kind == E_INPATIENT || e->kind == E_ED ? p->demo.hospital : p->demo.clinic);
    ward_buf_putc(b, '}');
    end(c, "Encounter", e->id);
}

static void condition(fctx *c, const scond *k)
{
    const spatient *p = c->p;
    ward_buf *b = c->res;
    const cond_def *d = &synth_conds[k->cond];
    const char *code = d->snomed, *display = d->display;
    if (k->cond == C_CKD && k->stage == 4) code = "431857002", display = "Chronic kidney disease stage 4";
    if (k->cond == C_CKD && k->stage == 5) code = "433146000", display = "Chronic kidney disease stage 5";
    begin(c, "Condition", k->id);
    ward_buf_printf(b, ",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\","
                       "\"code\":\"%s\"}]},\"verificationStatus\":{\"coding\":[{\"system\":"
                       "\"http://terminology.hl7.org/CodeSystem/condition-ver-status\",\"code\":\"confirmed\"}]},"
                       "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-category\","
                       "\"code\":\"%s\"}]}],\"code\":",
                    k->abated == NO_DAY ? "active" : "resolved", k->cond < NCHRONIC ? "problem-list-item" : "encounter-diagnosis");
    coding(b, "http://snomed.info/sct", code, display);
    ward_buf_puts(b, ",\"subject\":");
    ref(c, "Patient", p->id);
    ward_buf_puts(b, ",\"encounter\":");
    ref(c, "Encounter", p->enc.v[k->enc].id);
    ward_buf_puts(b, ",\"onsetDateTime\":");
    datetime(b, k->onset, enc_minute(p, k->enc));
    if (k->abated != NO_DAY) {
        ward_buf_puts(b, ",\"abatementDateTime\":");
        datetime(b, k->abated, enc_minute(p, k->enc));
    }
    ward_buf_puts(b, ",\"recordedDate\":");
    datetime(b, p->enc.v[k->enc].day, enc_minute(p, k->enc));
    end(c, "Condition", k->id);
}

static const scond *reason_rec(const spatient *p, const smed *m)
{
    if (m->reason < 0) return NULL;
    if (m->reason < NCHRONIC) return synth_cond_rec(p, m->reason);
    for (size_t i = 0; i < p->cond.n; i++)
        if (p->cond.v[i].cond == m->reason && p->cond.v[i].enc == m->enc) return &p->cond.v[i];
    return NULL;
}

static void fmt_amount(char *out, size_t cap, double v)
{
    if (fabs(v - round(v)) < 1e-9) snprintf(out, cap, "%.0f", v);
    else if (fabs(v * 10 - round(v * 10)) < 1e-9) snprintf(out, cap, "%.1f", v);
    else if (fabs(v * 100 - round(v * 100)) < 1e-9) snprintf(out, cap, "%.2f", v);
    else snprintf(out, cap, "%.3f", v);
}

static void medication(fctx *c, const smed *m)
{
    const spatient *p = c->p;
    const drug_def *d = &synth_drugs[m->drug];
    ward_buf *b = c->res;
    double dose = d->steps[m->step];
    char amt[16], display[128], text[160];
    fmt_amount(amt, sizeof amt, dose);
    snprintf(display, sizeof display, "%s %s %s %s", d->name, amt, !strcmp(d->unit, "units") ? "UNT/ML" : d->unit,
             d->form);
    if (d->dose_count) snprintf(text, sizeof text, "%d puffs (%s %s each) %s %s", d->dose_count, amt, d->unit,
                                synth_route_name(d->route), synth_freq_name(d));
    else snprintf(text, sizeof text, "%s %s %s %s", amt, d->unit, synth_route_name(d->route), synth_freq_name(d));
    if (m->duration) snprintf(text + strlen(text), sizeof text - strlen(text), " for %d days", m->duration);
    const char *status = m->end == NO_DAY ? "active" : m->duration ? "completed" : "stopped";
    begin(c, "MedicationRequest", m->id);
    ward_buf_printf(b, ",\"status\":\"%s\",\"intent\":\"order\",\"medicationCodeableConcept\":", status);
    coding(b, "http://www.nlm.nih.gov/research/umls/rxnorm", d->rxnorm, display);
    ward_buf_puts(b, ",\"subject\":");
    ref(c, "Patient", p->id);
    ward_buf_puts(b, ",\"encounter\":");
    ref(c, "Encounter", p->enc.v[m->enc].id);
    ward_buf_puts(b, ",\"authoredOn\":");
    datetime(b, m->start, enc_minute(p, m->enc));
    char who[80];
    clinician_name(who, sizeof who, &p->demo.staff[p->enc.v[m->enc].staff]);
    ward_buf_puts(b, ",\"requester\":{\"display\":");
    sj_str(b, who);
    ward_buf_putc(b, '}');
    const scond *why = reason_rec(p, m);
    if (why) {
        ward_buf_puts(b, ",\"reasonReference\":[");
        ref(c, "Condition", why->id);
        ward_buf_putc(b, ']');
    }
    ward_buf_puts(b, ",\"dosageInstruction\":[{\"sequence\":1,\"text\":");
    sj_str(b, text);
    ward_buf_puts(b, ",\"timing\":{\"repeat\":{");
    if (d->per_day) ward_buf_printf(b, "\"frequency\":%d,\"period\":1,\"periodUnit\":\"d\"", d->per_day);
    else ward_buf_puts(b, "\"frequency\":1,\"period\":1,\"periodUnit\":\"wk\"");
    ward_buf_puts(b, ",\"boundsPeriod\":{\"start\":");
    date(b, m->start);
    if (m->end != NO_DAY) {
        ward_buf_puts(b, ",\"end\":");
        date(b, m->end);
    }
    ward_buf_printf(b, "}}},\"asNeededBoolean\":%s,\"route\":{\"text\":\"%s\"},\"doseAndRate\":[{\"doseQuantity\":"
                       "{\"value\":%s,\"unit\":\"%s\"}}]}]",
                    d->prn ? "true" : "false", synth_route_name(d->route), amt, d->unit);
    if (m->duration)
        ward_buf_printf(b, ",\"dispenseRequest\":{\"expectedSupplyDuration\":{\"value\":%d,\"unit\":\"days\","
                           "\"system\":\"http://unitsofmeasure.org\",\"code\":\"d\"}}",
                        m->duration);
    end(c, "MedicationRequest", m->id);
}

static const char *category_of(int obs)
{
    int v = synth_obs[obs].vital;
    return v == 1 ? "vital-signs" : v == 2 ? "survey" : "laboratory";
}

static void quantity(ward_buf *b, int obs, double v)
{
    const obs_def *o = &synth_obs[obs];
    ward_buf_puts(b, "{\"value\":");
    sj_num(b, v, o->decimals);
    ward_buf_printf(b, ",\"unit\":\"%s\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%s\"}", o->unit, o->unit);
}

static void observation(fctx *c, const sobs *o, const sobs *dbp)
{
    const spatient *p = c->p;
    const obs_def *d = &synth_obs[o->obs];
    ward_buf *b = c->res;
    begin(c, "Observation", o->id);
    ward_buf_printf(b, ",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                       "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"%s\",\"display\":\"%s\"}]}],"
                       "\"code\":",
                    category_of(o->obs), category_of(o->obs));
    if (dbp) coding(b, "http://loinc.org", "85354-9", "Blood pressure panel with all children optional");
    else coding(b, "http://loinc.org", d->loinc, d->display);
    ward_buf_puts(b, ",\"subject\":");
    ref(c, "Patient", p->id);
    ward_buf_puts(b, ",\"encounter\":");
    ref(c, "Encounter", p->enc.v[o->enc].id);
    ward_buf_puts(b, ",\"effectiveDateTime\":");
    datetime(b, o->day, enc_minute(p, o->enc));
    ward_buf_puts(b, ",\"issued\":");
    datetime(b, o->day, enc_minute(p, o->enc) + (d->vital ? 0 : 90));
    if (dbp) {
        ward_buf_puts(b, ",\"component\":[{\"code\":");
        coding(b, "http://loinc.org", d->loinc, d->display);
        ward_buf_puts(b, ",\"valueQuantity\":");
        quantity(b, O_SBP, o->v);
        ward_buf_puts(b, "},{\"code\":");
        coding(b, "http://loinc.org", synth_obs[O_DBP].loinc, synth_obs[O_DBP].display);
        ward_buf_puts(b, ",\"valueQuantity\":");
        quantity(b, O_DBP, dbp->v);
        ward_buf_puts(b, "}]");
    } else {
        ward_buf_puts(b, ",\"valueQuantity\":");
        quantity(b, o->obs, o->v);
        if (d->ref_hi > d->ref_lo) {
            const char *flag = o->v > d->ref_hi ? "H" : o->v < d->ref_lo ? "L" : "N";
            ward_buf_printf(b, ",\"interpretation\":[{\"coding\":[{\"system\":"
                               "\"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation\",\"code\":\"%s\"}]}]",
                            flag);
        }
    }
    end(c, "Observation", o->id);
}

static void procedure(fctx *c, const sproc *pr)
{
    const spatient *p = c->p;
    const code_def *d = &synth_procs[pr->proc];
    begin(c, "Procedure", pr->id);
    ward_buf_puts(c->res, ",\"status\":\"completed\",\"code\":");
    coding(c->res, "http://snomed.info/sct", d->code, d->display);
    ward_buf_puts(c->res, ",\"subject\":");
    ref(c, "Patient", p->id);
    ward_buf_puts(c->res, ",\"encounter\":");
    ref(c, "Encounter", p->enc.v[pr->enc].id);
    ward_buf_puts(c->res, ",\"performedDateTime\":");
    datetime(c->res, pr->day, enc_minute(p, pr->enc) + 20);
    end(c, "Procedure", pr->id);
}

static void immunization(fctx *c, const svax *v)
{
    const spatient *p = c->p;
    const code_def *d = &synth_vaxes[v->vax];
    begin(c, "Immunization", v->id);
    ward_buf_puts(c->res, ",\"status\":\"completed\",\"vaccineCode\":");
    coding(c->res, "http://hl7.org/fhir/sid/cvx", d->code, d->display);
    ward_buf_puts(c->res, ",\"patient\":");
    ref(c, "Patient", p->id);
    ward_buf_puts(c->res, ",\"encounter\":");
    ref(c, "Encounter", p->enc.v[v->enc].id);
    ward_buf_puts(c->res, ",\"occurrenceDateTime\":");
    datetime(c->res, v->day, enc_minute(p, v->enc) + 10);
    ward_buf_puts(c->res, ",\"primarySource\":true");
    end(c, "Immunization", v->id);
}

static void allergy(fctx *c, const sallergy *a)
{
    const spatient *p = c->p;
    const code_def *d = &synth_allergens[a->allergen];
    static const char *const cat[NALLERGEN] = {"medication", "medication", "medication", "medication", "food", "food",
                                               "environment", "medication"};
    begin(c, "AllergyIntolerance", a->id);
    ward_buf_printf(c->res, ",\"clinicalStatus\":{\"coding\":[{\"system\":"
                            "\"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical\",\"code\":\"active\"}]},"
                            "\"verificationStatus\":{\"coding\":[{\"system\":"
                            "\"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification\",\"code\":\"confirmed\"}]},"
                            "\"type\":\"allergy\",\"category\":[\"%s\"],\"criticality\":\"%s\",\"code\":",
                    cat[a->allergen], a->allergen == A_PEANUT ? "high" : "low");
    coding(c->res, "http://snomed.info/sct", d->code, d->display);
    ward_buf_puts(c->res, ",\"patient\":");
    ref(c, "Patient", p->id);
    ward_buf_puts(c->res, ",\"recordedDate\":");
    date(c->res, a->day);
    ward_buf_printf(c->res, ",\"reaction\":[{\"manifestation\":[{\"text\":\"%s\"}],\"severity\":\"%s\"}]",
                    synth_allergen_reaction[a->allergen], a->allergen == A_PEANUT ? "severe" : "mild");
    end(c, "AllergyIntolerance", a->id);
}

static void emit(fctx *c)
{
    const spatient *p = c->p;
    patient(c);
    for (size_t i = 0; i < p->allergy.n; i++) allergy(c, &p->allergy.v[i]);
    for (size_t i = 0; i < p->enc.n; i++) encounter(c, (int)i);
    for (size_t i = 0; i < p->cond.n; i++) condition(c, &p->cond.v[i]);
    for (size_t i = 0; i < p->med.n; i++) medication(c, &p->med.v[i]);
    for (size_t i = 0; i < p->obs.n; i++) {
        const sobs *o = &p->obs.v[i];
        if (o->obs == O_DBP) continue;  /* a component of the blood pressure panel */
        const sobs *dbp = NULL;
        if (o->obs == O_SBP && i + 1 < p->obs.n && p->obs.v[i + 1].obs == O_DBP) dbp = &p->obs.v[i + 1];
        observation(c, o, dbp);
    }
    for (size_t i = 0; i < p->proc.n; i++) procedure(c, &p->proc.v[i]);
    for (size_t i = 0; i < p->vax.n; i++) immunization(c, &p->vax.v[i]);
}

void synth_write_fhir(swriter *sw, const spatient *p)
{
    fctx c = {.sw = sw, .p = p, .out = sw_scratch(sw, 0), .res = sw_scratch(sw, 1), .first = 1};
    if (sw_formats(sw) & WARD_SYNTH_FHIR) {
        c.bundle = 1;
        ward_buf_reset(c.out);
        ward_buf_puts(c.out, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        emit(&c);
        ward_buf_puts(c.out, "\n]}\n");
        char name[64];
        snprintf(name, sizeof name, "%s.json", p->id);
        sw_file(sw, "fhir", name, c.out->data, c.out->len);
        sw_counts(sw)->resources += c.count;
    }
    if (sw_formats(sw) & WARD_SYNTH_NDJSON) {
        c.bundle = 0, c.count = 0;
        emit(&c);
        if (!(sw_formats(sw) & WARD_SYNTH_FHIR)) sw_counts(sw)->resources += c.count;
    }
}
