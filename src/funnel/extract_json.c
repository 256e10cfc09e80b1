/* extract_json.c — an extraction as JSON: `ward extract --json` /
 * `--to-fhir` and POST /api/v1/extract answer these (one code for both). */
#include "ward/funnel.h"

#include <jansson.h>

static json_t *concept_json(const ward_found *c, const char *text)
{
    ward_buf nb;
    ward_buf_init(&nb);
    ward_found_norm_json(c, &nb);
    json_t *norm = json_loads(nb.data, 0, NULL);
    ward_buf_free(&nb);
    char sys[32] = "", code[32] = "";
    ward_found_code(c, sys, sizeof sys, code, sizeof code);
    return json_pack("{s:I, s:I, s:s, s:s%, s:s, s:b, s:s, s:I, s:s?, s:s?, s:o}",
        "start", (json_int_t)c->start, "end", (json_int_t)c->end, "type", ward_concept_type_name(c->type),
        "text", text + c->start, c->end - c->start, "assertion", ward_assertion_name(c->assertion),
        "negated", c->negated, "section", c->section, "sentence", (json_int_t)c->sentence,
        "code_system", *sys ? sys : NULL, "code", *code ? code : NULL, "norm", norm ? norm : json_object());
}

struct json_t *ward_extraction_json(const ward_extraction *x, const char *text)
{
    json_t *secs = json_array(), *sents = json_array(), *cons = json_array();
    for (size_t i = 0; i < x->nsections; i++)
        json_array_append_new(secs, json_pack("{s:s, s:I, s:I}", "name", x->sections[i].name,
            "start", (json_int_t)x->sections[i].head_start, "end", (json_int_t)x->sections[i].end));
    for (size_t i = 0; i < x->nsentences; i++)
        json_array_append_new(sents, json_pack("[I, I]", (json_int_t)x->sentences[i].start,
                                               (json_int_t)x->sentences[i].end));
    for (size_t i = 0; i < x->nconcepts; i++) json_array_append_new(cons, concept_json(&x->concepts[i], text));
    return json_pack("{s:o, s:o, s:o}", "sections", secs, "sentences", sents, "concepts", cons);
}

struct json_t *ward_extraction_bundle(const ward_extraction *x, const char *text, const ward_fhir_ctx *ctx)
{
    json_t *entries = json_array();
    ward_buf b;
    ward_buf_init(&b);
    for (size_t i = 0; i < x->nconcepts; i++) {
        if (!ward_found_is_fact(&x->concepts[i])) continue;
        ward_fhir_row row;
        ward_found_to_fhir(&x->concepts[i], text, ctx, &b, &row);
        char url[128];
        snprintf(url, sizeof url, "%s/%s", row.type, row.id);
        json_t *res = json_loads(b.data, 0, NULL);
        if (res) json_array_append_new(entries, json_pack("{s:s, s:o}", "fullUrl", url, "resource", res));
    }
    ward_buf_free(&b);
    return json_pack("{s:s, s:s, s:o}", "resourceType", "Bundle", "type", "collection", "entry", entries);
}
