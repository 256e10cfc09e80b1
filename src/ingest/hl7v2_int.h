/* hl7v2_int.h — inside the ingest layer: one parsed HL7 v2 message.
 *
 * hl7v2.c splits a file into messages and segments and decodes fields
 * (delimiters from MSH, escape sequences, character sets); hl7v2_msg.c
 * decides what each message type gives Ward. Fields are numbered as the
 * standard numbers them (PID-3 is field 3; MSH-1 is the field separator),
 * components and subcomponents from 1, repetitions from 0.
 */
#ifndef WARD_INGEST_HL7V2_INT_H
#define WARD_INGEST_HL7V2_INT_H

#include "ward/ingest.h"

typedef struct hl7_seg {
    const char *p;   /* segment text, without its terminator */
    size_t n;
} hl7_seg;

typedef struct hl7_msg {
    char fs, cs, rs, es, ss;   /* field, component, repetition, escape, subcomponent */
    hl7_seg *segs;
    size_t nsegs;
    char **vals;               /* strings handed out by hl7_val, freed with the message */
    size_t nvals, capvals;
} hl7_msg;

/* A decoded value, or NULL when empty. comp/sub 0: the whole field/component. */
const char *hl7_val(hl7_msg *m, const hl7_seg *s, int field, int rep, int comp, int sub);
/* How many repetitions field holds (0 when empty). */
int hl7_reps(const hl7_msg *m, const hl7_seg *s, int field);
/* The first segment named id after `after` (NULL: from the start). */
const hl7_seg *hl7_next(const hl7_msg *m, const char *id, const hl7_seg *after);
int hl7_is(const hl7_seg *s, const char *id);
/* An HL7 TS ("20240302103000+0100") as ISO 8601 in out; 0 when it is not one. */
int hl7_ts_iso(const char *ts, char out[32]);

/* What one message gives Ward (hl7v2_msg.c). Runs inside the message's
 * savepoint; returns WARD_OK or an error with err naming the segment/field. */
int hl7_put_message(ward_ingest *in, hl7_msg *m, const char *file, long record, ward_err *err);

#endif
