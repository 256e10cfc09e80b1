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

/* ---- ConText: assertions of a concept in its sentence ----
 * After the published ConText algorithm: trigger phrases (negation,
 * possibility, history, hypothetical, experiencer) modify concepts within
 * a window of words in their direction, until a terminator ("but",
 * "however") or the sentence end; pseudo-triggers ("no increase", "gram
 * negative") are not triggers. Rules: data/context.tsv, built in, extended
 * by a site file. A ward_context holds scratch space: one per thread. */
typedef enum ward_assertion {
    WARD_ASSERT_PRESENT, WARD_ASSERT_NEGATED, WARD_ASSERT_POSSIBLE, WARD_ASSERT_HISTORICAL,
    WARD_ASSERT_HYPOTHETICAL, WARD_ASSERT_FAMILY,
} ward_assertion;
/* "present", "negated", "possible", "historical", "hypothetical", "family". */
const char *ward_assertion_name(ward_assertion a);
/* Parses a name back; -1 when unknown. */
int ward_assertion_parse(const char *name);

typedef struct ward_context ward_context;
/* Built-in rules plus, when site_file is non-NULL, the rules of that file
 * (same format as data/context.tsv). */
int ward_context_new(const char *site_file, ward_context **out, ward_err *err);
void ward_context_free(ward_context *cx);

typedef struct ward_context_result {
    ward_assertion assertion;  /* the one that wins: negated > family > hypothetical > possible > historical */
    int negated, possible, historical, hypothetical;
    int family, other;         /* experienced by a relative / by someone else (both report "family") */
} ward_context_result;
/* Assertion of the target text[ts,te) in text[0,len) (one sentence, or a
 * short passage: sentence ends inside it close scopes). */
void ward_context_assert(ward_context *cx, const char *text, size_t len, size_t ts, size_t te,
                         ward_context_result *r);

#endif
