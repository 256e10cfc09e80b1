/* fuzz_util.h — what the libFuzzer targets share: a scratch store and an
 * ingest run to feed readers, and a NUL-terminated copy of the input.
 *
 * The readers write to a real store (no mocks): each target opens one in a
 * private temporary directory and starts it afresh every few thousand
 * inputs, so the store stays small and runs stay fast. */
#ifndef WARD_FUZZ_UTIL_H
#define WARD_FUZZ_UTIL_H

#include "ward/ingest.h"

#include <stddef.h>
#include <stdint.h>

/* The kind of reader a target feeds (ward_ingest_fhir, _hl7v2, _text). */
typedef int (*fuzz_reader_fn)(ward_ingest *in, const char *file, const char *data, size_t len);

/* Runs reader over data as ingest does (the file's transaction, then the
 * deferred records), checking the run reports rather than fails. Inputs
 * that are not UTF-8 go only to readers that check it themselves (HL7 v2),
 * as ingest refuses them before any other reader sees them. */
void fuzz_ingest(fuzz_reader_fn reader, const char *file, const uint8_t *data, size_t size,
                 int utf8_checked);

/* data as a malloc'd NUL-terminated string (free it). */
char *fuzz_cstr(const uint8_t *data, size_t size);

/* A private scratch directory, made on first use and removed at exit. */
const char *fuzz_tmpdir(void);

#endif
