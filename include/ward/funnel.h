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
/* Splits text at section and sentence boundaries (p NULL: defaults). Returns the number of
 * chunks written to *out (malloc'd; free() it). Leading/trailing space is
 * left outside chunks; empty text gives zero chunks. */
size_t ward_funnel_chunk(const char *text, size_t len, const ward_chunk_params *p, ward_span_chunk **out);

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

/* ward_funnel_chunk with the text's sections and sentences already found
 * (as ward_extract finds them), so a caller that extracts concepts too
 * splits the text once. */
size_t ward_funnel_chunk_spans(const char *text, const ward_chunk_params *p, const ward_section *secs, size_t ns,
                               const ward_span *sents, size_t nt, ward_span_chunk **out);

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
    int history;               /* "history of": historical unless the concept is a chronic condition */
} ward_context_result;
/* The assertion the flags of r add up to (negated > family > hypothetical >
 * possible > historical > present). */
ward_assertion ward_context_strongest(const ward_context_result *r);
/* Assertion of the target text[ts,te) in text[0,len) (one sentence, or a
 * short passage: sentence ends inside it close scopes). */
void ward_context_assert(ward_context *cx, const char *text, size_t len, size_t ts, size_t te,
                         ward_context_result *r);

/* ---- concepts: problems, medications, labs, vitals, procedures, allergies ----
 * An extractor is built once (rules, lexicon, imported vocabularies: tries
 * and hash tables) and then runs over many documents; a run reuses the
 * extraction's buffers, so steady-state extraction does not allocate.
 * One extractor per thread. */
typedef enum ward_concept_type {
    WARD_CONCEPT_PROBLEM, WARD_CONCEPT_MEDICATION, WARD_CONCEPT_LAB, WARD_CONCEPT_VITAL,
    WARD_CONCEPT_PROCEDURE, WARD_CONCEPT_ALLERGY,
} ward_concept_type;
/* "problem", "medication", "lab", "vital", "procedure", "allergy". */
const char *ward_concept_type_name(ward_concept_type t);

/* One concept found in text. Attribute fields are "" when absent; numbers
 * are kept as text as written (after normalization: "1,000" -> "1000"). */
typedef struct ward_found {
    size_t start, end;            /* bytes into the text */
    size_t sentence;              /* index into ward_extraction.sentences */
    ward_concept_type type;
    ward_assertion assertion;
    int negated, other;           /* other: experienced by someone else (family or not) */
    char section[32];             /* canonical section name, or "" */
    char name[64];                /* preferred name; vitals: bp|hr|rr|temp|spo2|weight|height|bmi */
    const char *codes;            /* "SYSTEM:CODE ..." (owned by the extractor), or "" */
    /* medication */
    char strength[16], unit[24], dose[24], route[16], freq[16], duration[24];
    int prn;
    /* vital and lab; unit above. bp: value = systolic, value2 = diastolic */
    char value[24], value2[16], flag[12];
} ward_found;

typedef struct ward_extraction {
    ward_span *sentences;
    size_t nsentences;
    ward_section *sections;
    size_t nsections;
    ward_found *concepts;
    size_t nconcepts, capconcepts;
} ward_extraction;

typedef struct ward_extractor ward_extractor;
typedef struct ward_extractor_params {
    const char *context_rules;    /* site ConText rules file, or NULL */
    const char *lexicon;          /* site lexicon file (data/lexicon.tsv format), or NULL */
} ward_extractor_params;

ward_extractor_params ward_extractor_default_params(void);
/* Points p at a site's rule files in dir (dir/context.tsv, dir/lexicon.tsv)
 * when they exist; ctx and lex are the caller's buffers for the paths. */
void ward_extractor_site_files(const char *dir, ward_extractor_params *p, char ctx[4096], char lex[4096]);
/* p NULL: the built-in rules. */
int ward_extractor_new(const ward_extractor_params *p, ward_extractor **out, ward_err *err);
void ward_extractor_free(ward_extractor *ex);
/* Adds an entry of an imported vocabulary (ICD-10-CM, SNOMED: problems;
 * RXNORM: medications). Descriptions are reduced to the phrase a note would
 * use ("Cholera, unspecified" -> "cholera"); long, compound or residual
 * descriptions ("Other specified...", "... without complication") are kept
 * for code lookup only. Returns 1 when the entry became a phrase. */
int ward_extractor_add_vocab(ward_extractor *ex, const char *system, const char *code,
                             const char *description);
size_t ward_extractor_vocab_phrases(const ward_extractor *ex);
/* Extracts from text[0,len): sections, sentences, concepts. x is reset and
 * reused (zero it before first use; ward_extraction_free at the end). */
void ward_extract(ward_extractor *ex, const char *text, size_t len, ward_extraction *x);
void ward_extraction_free(ward_extraction *x);
/* Appends the normalized attributes as a JSON object: medication {"name",
 * "strength","unit","dose","route","frequency","prn","duration"}; vital
 * {"name","value","unit"} (bp: "systolic","diastolic"); lab {"name","value",
 * "unit","flag"}; others {"name"}. Numbers are JSON numbers. */
void ward_found_norm_json(const ward_found *c, ward_buf *b);
/* The first code of a concept's codes: system ("ICD10CM", "SNOMED",
 * "RXNORM", "LOINC") and code; 0 when it has none. */
int ward_found_code(const ward_found *c, char *system, size_t scap, char *code, size_t ccap);

/* Normalizes a phrase through the lexicon: kind is "unit", "route", "freq",
 * "form", "flag", "vital" (-> bp, hr...), "medication" or "lab" (-> the
 * preferred name). Copies the normalized value, or the input in lowercase
 * when the lexicon does not know it as a whole. For comparing attributes
 * written by others (ground truth) with the extractor's. */
void ward_extractor_normalize(ward_extractor *ex, const char *kind, const char *in, char *out, size_t cap);
/* The concept a record names, for merging records that name one thing in
 * different ways (a code of any system, a synonym): the preferred name of
 * the built-in lexicon's concept, entries sharing a code being one concept
 * ("Type 2 diabetes mellitus", "diabetes mellitus", E11.9 and 44054006 are
 * one; "Allergy to peanuts" and "peanuts" are one). code_system may be a
 * FHIR system URL. Returns 1 when the lexicon knows it; else 0 and out is
 * "SYSTEM:code", or the display in lowercase. Thread-safe. */
int ward_concept_key(const char *code_system, const char *code, const char *display, char *out, size_t cap);
/* For each lexicon concept text names, by a name or a related phrase
 * (longest first; two-letter names only in capitals: "MI", "AF"; a name
 * the lexicon writes with capitals, an abbreviation, only as written or in
 * all capitals: "GERD", "eGFR", never "Does" for DOE), calls fn with the
 * mention's byte span and each other name of the concept and each of its
 * `related` phrases (CKD -> "chronic kidney disease", "kidney function",
 * "eGFR"): in lower case, abbreviations as the lexicon writes them.
 * A nonzero return from fn stops the walk. Thread-safe. */
typedef int (*ward_synonym_fn)(void *ud, size_t start, size_t end, const char *phrase);
void ward_concept_synonyms(const char *text, ward_synonym_fn fn, void *ud);
/* The same with names only: mentions by a concept's names, and its other
 * names, no `related` phrases (those widen a question's meaning, "kidney
 * function" for CKD; a search wants what names the same thing). */
void ward_concept_names(const char *text, ward_synonym_fn fn, void *ud);
/* The i-th allergy class (from 0, in the lexicon's order) that the lexicon
 * puts concept (a ward_concept_key) in, as the class's concept key, or
 * NULL past the last: "amoxicillin" -> "penicillin" (the penicillins),
 * "lisinopril" -> "ace inhibitors". Thread-safe. */
const char *ward_concept_class(const char *concept, size_t i);
/* 1 when text names (by any of its names) a concept that the lexicon puts
 * in the allergy class whose concept key is cls ("Is Augmentin safe?" and
 * "penicillin"). Thread-safe. */
int ward_concept_in_class(const char *text, const char *cls);
/* The assertion of the span [start,end) of text[0,len), given the extraction
 * x of that text: ConText in the span's sentence (the whole text when x has
 * no sentences), plus the section's experiencer. */
ward_assertion ward_extract_assert_span(ward_extractor *ex, const char *text, size_t len,
                                        const ward_extraction *x, size_t start, size_t end, int *negated);

/* Offset of a note's body after its front matter ("---" lines, as ingest
 * reads notes), or 0 when there is none. Offsets Ward stores and the ground
 * truth of synthetic notes count from the body. */
size_t ward_note_body(const char *text, size_t len);

/* ---- structured output: FHIR R4 out of concepts ---- */
typedef struct ward_fhir_ctx {
    const char *patient_id;       /* subject; NULL: no subject */
    int64_t document_id;          /* provenance: source document (0: unknown) */
    const char *date;             /* the note's date (YYYY-MM-DD) or NULL */
} ward_fhir_ctx;
/* The columns the store lifts out of a derived resource. */
typedef struct ward_fhir_row {
    char type[24], id[64];
    char code_system[48], code[32], display[64];
    char unit[24], value_text[48], status[16];
    double value_num;
    int has_value;
} ward_fhir_row;
/* 1 when a concept becomes a resource: present (not negated, not possible,
 * not hypothetical, not historical) and experienced by the patient. */
int ward_found_is_fact(const ward_found *c);
/* Writes the FHIR R4 resource (Condition, MedicationStatement, Observation
 * or AllergyIntolerance) for a concept as JSON into b, and fills r (its
 * type, id, code, value columns; r->json points into b). Provenance: an
 * extension giving the source document and byte span. text is the note. */
void ward_found_to_fhir(const ward_found *c, const char *text, const ward_fhir_ctx *ctx,
                        ward_buf *b, ward_fhir_row *r);
/* The same fact as the store keeps it (issue 14: a fourteenth of the
 * JSON's bytes): fills r as ward_found_to_fhir does, and writes into b
 * what its rendering needs beyond r, the span and ctx, as a short JSON
 * array (["problem","hypertension","ICD10CM:I10","HTN"]). */
void ward_found_to_fact(const ward_found *c, const char *text, const ward_fhir_ctx *ctx,
                        ward_buf *b, ward_fhir_row *r);
/* Renders a fact kept so, found at bytes [start, end) of its note, into b:
 * the JSON ward_found_to_fhir writes for it with the same ctx. Returns 0
 * (b unchanged) when fact is not such an array. */
int ward_fact_to_fhir(const char *fact, size_t start, size_t end, const ward_fhir_ctx *ctx, ward_buf *b);

/* ---- an extraction as JSON (src/funnel/extract_json.c): `ward extract
 * --json | --to-fhir` and POST /api/v1/extract. New values; the caller
 * frees them (json_decref). ---- */
struct json_t;
/* {"sections": [{name, start, end}], "sentences": [[start, end]], "concepts": [...]} */
struct json_t *ward_extraction_json(const ward_extraction *x, const char *text);
/* A FHIR collection Bundle of the facts (present, the patient's own). */
struct json_t *ward_extraction_bundle(const ward_extraction *x, const char *text, const ward_fhir_ctx *ctx);

#endif
