/* funnel.h — refining free text: sections, sentences, chunks, de-identification,
 * assertions (ConText), concepts. All offsets are bytes into the input.
 *
 * This header starts with what ingest needs (chunking); the funnel layer
 * grows it with deid, context and concept extraction.
 */
#ifndef WARD_FUNNEL_H
#define WARD_FUNNEL_H

#include "ward/core.h"

typedef struct ward_span_chunk {
    size_t start, end;       /* byte offsets into the text */
    char section[32];        /* canonical section name, or "" */
} ward_span_chunk;

typedef struct ward_chunk_params {
    size_t target_bytes;     /* aim for chunks about this long (default 600) */
    size_t max_bytes;        /* never longer unless one sentence is (default 1200) */
} ward_chunk_params;

ward_chunk_params ward_chunk_default_params(void);
/* Splits text at section and sentence boundaries. Returns the number of
 * chunks written to *out (malloc'd; free() it). Leading/trailing space is
 * left outside chunks; empty text gives zero chunks. */
size_t ward_funnel_chunk(const char *text, size_t len, ward_chunk_params p, ward_span_chunk **out);

#endif
