/* fuzz_hl7.c — libFuzzer target: the HL7 v2 reader (framing, delimiters
 * from MSH, escapes, MSH-18 character sets, each message type's records),
 * storing into a real scratch store. Bytes go in unchecked, as ingest hands
 * HL7 files to the reader before any UTF-8 check. Seeds: examples/hl7 and
 * `ward synth` HL7. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ingest(ward_ingest_hl7v2, "fuzz.hl7", data, size, 1);
    return 0;
}
