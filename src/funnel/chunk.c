/* chunk.c — splitting a document into retrievable chunks.
 *
 * A chunk is a run of whole lines (or, for long lines, whole sentences)
 * that stays within one section and near a target size. Section headers
 * ("HPI:", "ASSESSMENT AND PLAN") start a new chunk and name it. Offsets are
 * bytes into the document so every citation leads back to its exact span.
 */
#include "ward/funnel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

ward_chunk_params ward_chunk_default_params(void)
{
    ward_chunk_params p = {600, 1200};
    return p;
}

typedef struct chunker {
    const char *text;
    ward_chunk_params p;
    ward_span_chunk *out;
    size_t n, cap;
    size_t start, end;    /* current chunk, end == start: empty */
    char section[32];
} chunker;

static void flush(chunker *c)
{
    if (c->end <= c->start) return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->out = ward_xrealloc(c->out, c->cap * sizeof *c->out);
    }
    ward_span_chunk *s = &c->out[c->n++];
    s->start = c->start;
    s->end = c->end;
    memcpy(s->section, c->section, sizeof s->section);
    c->start = c->end;
}

/* Adds the span [a,b) (already trimmed) to the current chunk. */
static void add(chunker *c, size_t a, size_t b)
{
    if (c->end > c->start && b - c->start > c->p.max_bytes) flush(c);
    if (c->end <= c->start) c->start = a;
    c->end = b;
    if (c->end - c->start >= c->p.target_bytes) flush(c);
}

/* A header line: short, ends with ':' before any sentence, or is all caps. */
static size_t header_len(const char *s, size_t n)
{
    size_t i = 0, letters = 0, upper = 0;
    for (; i < n && i < 48; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ':') return letters >= 2 ? i : 0;
        if (ch == '.' || ch == ',' || ch == ';') return 0;
        if (isalpha(ch)) letters++, upper += isupper(ch) != 0;
    }
    return (i == n && letters >= 3 && upper == letters) ? n : 0;
}

static void set_section(chunker *c, const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof c->section; i++)
        c->section[k++] = (char)toupper((unsigned char)s[i]);
    while (k && c->section[k - 1] == ' ') k--;
    c->section[k] = 0;
}

/* Long lines split after sentence ends: ". " followed by a capital/digit. */
static void add_line(chunker *c, size_t a, size_t b)
{
    size_t s = a;
    for (size_t i = a; i + 2 < b && b - a > c->p.max_bytes; i++) {
        char ch = c->text[i];
        if ((ch == '.' || ch == '?' || ch == '!') && c->text[i + 1] == ' ' &&
            (isupper((unsigned char)c->text[i + 2]) || isdigit((unsigned char)c->text[i + 2])) &&
            i + 1 - s >= 40) {
            add(c, s, i + 1);
            s = i + 2;
        }
    }
    if (s < b) add(c, s, b);
}

size_t ward_funnel_chunk(const char *text, size_t len, ward_chunk_params p, ward_span_chunk **out)
{
    chunker c = {.text = text, .p = p};
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t a = pos, b = nl ? (size_t)(nl - text) : len;
        pos = b + (nl ? 1 : 0);
        while (a < b && isspace((unsigned char)text[a])) a++;
        while (b > a && isspace((unsigned char)text[b - 1])) b--;
        if (a == b) {                       /* blank line: a soft boundary */
            if (c.end - c.start >= p.target_bytes / 2) flush(&c);
            continue;
        }
        size_t h = header_len(text + a, b - a);
        if (h) {
            flush(&c);
            set_section(&c, text + a, h);
        }
        add_line(&c, a, b);
    }
    flush(&c);
    *out = c.out;
    return c.n;
}
