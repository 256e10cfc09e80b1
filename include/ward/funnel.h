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

/* ---- sentences and sections ---- */

typedef struct ward_span { size_t start, end; } ward_span;

/* Splits clinical text into sentences: whitespace-trimmed byte spans, in
 * order, never empty, never crossing a section header. Copes with
 * abbreviations (Dr., mg., b.i.d., e.g.), decimals, numbered lists, bullets,
 * lines without a period, vitals lines and ALL-CAPS headings (a heading is
 * a sentence of its own). Returns the count; *out is malloc'd (free() it),
 * NULL when there are none. */
size_t ward_funnel_sentences(const char *text, size_t len, ward_span **out);

typedef struct ward_section {
    size_t head_start, head_end;  /* the header text ("Past Medical History:"); equal when none */
    size_t start, end;            /* the body after the header, trimmed */
    char name[32];                /* canonical name (docs/funnel.md), the header's own
                                     name in capitals when it is not a known one, or ""
                                     for text before the first header */
} ward_section;

/* Finds section headers (lines starting "Header:" or ALL-CAPS heading
 * lines) and maps them to canonical names with the rules of data/sections.tsv
 * plus a site file ($WARD_SECTIONS, else $WARD_DATA/sections.tsv, when it
 * exists). Sub-headings (HEENT:, LUNGS:) stay inside their section. Returns
 * the count; *out is malloc'd (free() it). */
size_t ward_funnel_sections(const char *text, size_t len, ward_section **out);

/* The canonical name for a header variant ("Hx of present illness" ->
 * "HPI"), or NULL when it is not a known header. "=" marks a sub-heading. */
const char *ward_funnel_section_canonical(const char *header, size_t len);

#endif
