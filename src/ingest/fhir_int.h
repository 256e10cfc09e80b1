/* fhir_int.h — inside the ingest layer: storing one FHIR resource.
 *
 * fhir.c reads containers (Bundles, NDJSON) and resolves references;
 * fhir_record.c turns one resolved resource into what Ward stores: the
 * whole JSON, the lifted columns, a short readable text, and documents for
 * report and note text. hl7v2.c synthesizes FHIR JSON for what it reads and
 * stores it through the same call, so a lab result reads the same whether
 * it came as an Observation or an OBX segment.
 */
#ifndef WARD_INGEST_FHIR_INT_H
#define WARD_INGEST_FHIR_INT_H

#include "ward/ingest.h"

#include <jansson.h>

/* Stores res (an object with resourceType and id) for patient_id (NULL:
 * none). index maps "Type/id" to the resources of the same bundle (NULL:
 * none), to find author names. The caller owns the savepoint. */
int fhir_put(ward_ingest *in, json_t *res, const char *patient_id, json_t *index,
                  ward_err *err);

/* Compact JSON with the shortest decimal that reads back as the same
 * double (jansson's own dump prints 8.1 as 8.0999999999999996). */
void fhir_dump(const json_t *v, ward_buf *out);

/* fhir_num.c: marks each object of root (parsed from data[0,len)) that
 * encloses a number a double cannot hold (1e-400 reads as 0) with the key
 * FHIR_UNDERFLOW_KEY, valued with the field's path from that object. */
#define FHIR_UNDERFLOW_KEY "\x01ward:underflow"
void fhir_mark_underflow(json_t *root, const char *data, size_t len);

/* Small accessors: NULL when absent or of another type. */
const char *fhir_str(const json_t *obj, const char *key);
/* A CodeableConcept's human text: its text, else its first coding display. */
const char *fhir_cc_text(const json_t *cc);

#endif
