/* stubs_readers.c — placeholders until the FHIR and HL7 v2 readers land. */
#include "ward/ingest.h"

int ward_ingest_hl7v2(ward_ingest *in, const char *file, const char *data, size_t len)
{
    (void)data, (void)len;
    ward_ingest_error(in, file, 0, "HL7 v2 reader not built yet");
    return WARD_EINPUT;
}
