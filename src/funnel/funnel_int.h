/* funnel_int.h — what the funnel's files share but do not publish. */
#ifndef WARD_FUNNEL_INT_H
#define WARD_FUNNEL_INT_H

#include <stddef.h>

#include "ward/core.h"
#include "ward/funnel.h"

/* A section header at the start of s[0..n) (a trimmed line or its start).
 * Returns the header's length (colon included) or 0 when s does not start
 * with one; *body is where the text after it starts (relative to s, after
 * the colon, spaces and the stray comma of "HPI:,"), name[32] receives the
 * canonical name ("=" for a sub-heading such as "HEENT:"). */
size_t funnel_header(const char *s, size_t n, size_t *body, char name[32]);

/* ward_funnel_sentences of a text whose sections ward_funnel_sections
 * found (secs[0..nsecs)): their headers are taken, not looked for again
 * line by line. secs NULL: looks for them. */
size_t funnel_sentences_in(const char *text, size_t len, const ward_section *secs, size_t nsecs, ward_span **out);

/* A finite real as jansson writes one with JSON_REAL_PRECISION(12): 12
 * significant digits, a ".0" when the digits alone would read as an
 * integer, no '+' or leading zeros in the exponent (fhir_out.c). */
void funnel_json_real(ward_buf *b, double v);

#endif
