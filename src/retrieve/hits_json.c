/* hits_json.c — search hits as JSON: the shape `ward search --json` prints
 * and /api/v1/search answers (one code for both).
 *
 * The text is written straight into a buffer: a busy server answers many
 * searches a second, and building a jansson tree only to serialize it again
 * cost about a twentieth of each one. The CLI's json_t is parsed back from
 * the same text, so both always carry the same fields.
 */
#include "ward/retrieve.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void put_str(ward_buf *b, const char *key, const char *v)
{
    ward_buf_puts(b, ",\"");
    ward_buf_puts(b, key);
    ward_buf_puts(b, "\":");
    if (v) ward_buf_json_str(b, v, strlen(v));
    else ward_buf_puts(b, "null");
}

/* A double as jansson writes one: 17 significant digits, never bare integer. */
static void put_real(ward_buf *b, const char *key, double v)
{
    char s[40];
    snprintf(s, sizeof s, "%.17g", isfinite(v) ? v : 0.0);
    ward_buf_printf(b, ",\"%s\":%s%s", key, s, strpbrk(s, ".eE") ? "" : ".0");
}

void ward_hits_json_write(const ward_hits *hits, ward_buf *out)
{
    ward_buf_putc(out, '[');
    for (size_t i = 0; i < hits->n; i++) {
        const ward_hit *h = &hits->v[i];
        ward_buf_printf(out, "%s{\"chunk_id\":%lld,\"document_id\":%lld", i ? "," : "", (long long)h->chunk_id,
                        (long long)h->document_id);
        put_real(out, "score", h->score);
        put_str(out, "mode", ward_search_mode_name(hits->mode));
        put_str(out, "title", h->title);
        put_str(out, "kind", h->kind);
        put_str(out, "date", h->date);
        put_str(out, "patient_id", h->patient_id);
        put_str(out, "section", h->section);
        put_str(out, "snippet", h->snippet);
        put_str(out, "text", h->text);
        ward_buf_printf(out, ",\"start\":%zu,\"end\":%zu}", h->start, h->end);
    }
    ward_buf_putc(out, ']');
}

struct json_t *ward_hits_json(const ward_hits *hits)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_hits_json_write(hits, &b);
    json_t *list = json_loadb(b.data, b.len, 0, NULL);
    ward_buf_free(&b);
    return list ? list : json_array();
}
