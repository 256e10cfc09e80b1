/* fuzz_fhir.c — libFuzzer target: the FHIR reader (Bundles, single
 * resources, NDJSON, references, deferred records) storing into a real
 * scratch store. Seeds: examples/fhir and `ward synth` FHIR/NDJSON. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ingest(ward_ingest_fhir, "fuzz.ndjson", data, size, 0);
    return 0;
}
