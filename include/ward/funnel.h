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

/* ---- de-identification (HIPAA Safe Harbor identifiers in free text) ---- */

typedef enum ward_phi_type {
    WARD_PHI_NAME, WARD_PHI_DATE, WARD_PHI_AGE, WARD_PHI_PHONE, WARD_PHI_FAX, WARD_PHI_EMAIL,
    WARD_PHI_SSN, WARD_PHI_MRN, WARD_PHI_ACCOUNT, WARD_PHI_HEALTHPLAN, WARD_PHI_LICENSE,
    WARD_PHI_VEHICLE, WARD_PHI_DEVICE, WARD_PHI_URL, WARD_PHI_IP, WARD_PHI_ADDRESS, WARD_PHI_CITY,
    WARD_PHI_ZIP, WARD_PHI_FACILITY, WARD_PHI_ID,
    WARD_PHI_NTYPES
} ward_phi_type;

/* "NAME", "DATE", ... (the names --json prints); NULL when out of range. */
const char *ward_phi_type_name(int type);
/* The type named s (case-insensitive), or -1. */
int ward_phi_type_parse(const char *s);

typedef struct ward_phi_span {
    size_t start, end;          /* bytes of the input */
    ward_phi_type type;
    size_t out_start, out_end;  /* where its replacement lies in the output text */
} ward_phi_span;

typedef enum { WARD_DEID_REDACT, WARD_DEID_SURROGATE } ward_deid_mode;

typedef struct ward_deid_params {
    ward_deid_mode mode;        /* default WARD_DEID_REDACT: "[NAME]", "[DATE]" */
    const char *patient_id;     /* surrogate seed: same patient, same surrogates
                                   and the same date shift ("" when NULL) */
    const char *key;            /* site secret for the keyed hash (NULL: $WARD_DEID_KEY,
                                   else a built-in key; set one in production) */
    size_t max_line_bytes;      /* longer lines are refused (default 1 MiB) */
} ward_deid_params;

typedef struct ward_deid_result {
    char *text;                 /* the de-identified text, NUL-terminated */
    size_t len;
    ward_phi_span *spans;       /* sorted by start, never overlapping */
    size_t n;
} ward_deid_result;

ward_deid_params ward_deid_default_params(void);
/* Finds the identifiers in text and writes the de-identified text. Input
 * must be UTF-8 text: NUL bytes, malformed UTF-8 and over-long lines are
 * WARD_EINPUT errors that give the byte offset (never the content). out is
 * zeroed on error; free it with ward_deid_result_free either way. */
int ward_funnel_deid(const char *text, size_t len, const ward_deid_params *p,
                     ward_deid_result *out, ward_err *err);
void ward_deid_result_free(ward_deid_result *r);
/* Where input offset `off` lands in the output text: an offset inside a
 * span lands at the start of its replacement, or at its end when is_end.
 * For cutting a document's de-identified text along its chunks. */
size_t ward_deid_map(const ward_deid_result *r, size_t off, int is_end);
/* Days a patient's dates move in surrogate mode (never 0). */
int ward_deid_date_shift(const ward_deid_params *p);

#endif
