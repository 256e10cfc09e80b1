/* hits_json.c — search hits as JSON: the shape `ward search --json` prints
 * and /api/v1/search answers (one code for both). */
#include "ward/retrieve.h"

#include <jansson.h>

struct json_t *ward_hits_json(const ward_hits *hits)
{
    json_t *list = json_array();
    for (size_t i = 0; i < hits->n; i++) {
        const ward_hit *h = &hits->v[i];
        json_array_append_new(list, json_pack("{s:I, s:I, s:f, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I}",
            "chunk_id", (json_int_t)h->chunk_id, "document_id", (json_int_t)h->document_id,
            "score", h->score, "mode", ward_search_mode_name(hits->mode), "title", h->title, "kind", h->kind,
            "date", h->date, "patient_id", h->patient_id, "section", h->section, "snippet", h->snippet,
            "text", h->text, "start", (json_int_t)h->start, "end", (json_int_t)h->end));
    }
    return list;
}
