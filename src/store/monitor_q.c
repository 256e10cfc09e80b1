/* monitor_q.c — the input counts monitoring reads: what share of what was
 * ingested Ward did not recognise (chunks outside any section, codes in no
 * known system, numbers without a unit). A rising share is drift: a new
 * feed, a changed template, a site's local codes. */
#include "store_int.h"
#include "ward/store_eval.h"

#include <string.h>

/* Code systems Ward knows (URIs and HL7 v2 names): LOINC, SNOMED CT, RxNorm,
 * ICD-10(-CM), CVX, CPT, NDC, UCUM-coded vitals' LOINC. */
#define KNOWN_SYSTEMS "('http://loinc.org','LN','http://snomed.info/sct','SCT','SNM'," \
    "'http://www.nlm.nih.gov/research/umls/rxnorm','RXNORM','http://hl7.org/fhir/sid/icd-10-cm','I10'," \
    "'http://hl7.org/fhir/sid/icd-10','http://hl7.org/fhir/sid/cvx','CVX','http://www.ama-assn.org/go/cpt','CPT'," \
    "'http://hl7.org/fhir/sid/ndc')"

int ward_store_drift_counts(ward_store *st, const char *since, ward_drift_counts *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    store_stmt *s = store_prepare(st,
        "SELECT"
        " (SELECT count(*) FROM chunks c WHERE c.kind IS NOT NULL AND c.kind <> 'record'"
        "   AND (?1 IS NULL OR c.date >= ?1)),"
        " (SELECT count(*) FROM chunks c WHERE c.kind IS NOT NULL AND c.kind <> 'record'"
        "   AND (?1 IS NULL OR c.date >= ?1) AND (c.section IS NULL OR c.section = '')),"
        " (SELECT count(*) FROM resources r WHERE r.code IS NOT NULL AND r.derived = 0 AND (?1 IS NULL OR r.effective >= ?1)),"
        " (SELECT count(*) FROM resources r WHERE r.code IS NOT NULL AND r.derived = 0 AND (?1 IS NULL OR r.effective >= ?1)"
        "   AND (r.code_system IS NULL OR r.code_system NOT IN " KNOWN_SYSTEMS ")),"
        " (SELECT count(*) FROM resources r WHERE r.type = 'Observation' AND r.value_num IS NOT NULL"
        "   AND (?1 IS NULL OR r.effective >= ?1)),"
        " (SELECT count(*) FROM resources r WHERE r.type = 'Observation' AND r.value_num IS NOT NULL"
        "   AND (?1 IS NULL OR r.effective >= ?1) AND (r.unit IS NULL OR r.unit = '')),"
        " (SELECT count(*) FROM documents d WHERE ?1 IS NULL OR d.date >= ?1)", err);
    if (!s) return WARD_EIO;
    store_bind_text(s, 1, since);
    int step = store_step(s);
    if (step == STORE_ROW) {
        long long *v[] = {&out->chunks, &out->chunks_no_section, &out->coded, &out->coded_unknown, &out->valued,
                          &out->valued_no_unit, &out->documents};
        for (int i = 0; i < 7; i++) *v[i] = store_int64(s, i);
        step = STORE_DONE;
    }
    return store_finish(st, s, step, 0, err);
}
