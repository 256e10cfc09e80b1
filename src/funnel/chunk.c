/* chunk.c — splitting a document into retrievable chunks.
 *
 * A chunk is a run of whole sentences (sentences.c) that stays within one
 * section (sections.c) and near a target size; a section's header starts
 * its first chunk, and the chunk carries the section's canonical name.
 * Blank lines are soft boundaries. Offsets are bytes into the document so
 * every citation leads back to its exact span.
 */
#include "ward/funnel.h"
#include "funnel/funnel_int.h"

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

/* Adds the span [a,b) to the current chunk. */
static void add(chunker *c, size_t a, size_t b)
{
    while (a < b && isspace((unsigned char)c->text[a])) a++;
    while (b > a && isspace((unsigned char)c->text[b - 1])) b--;
    if (a == b) return;
    if (c->end > c->start) {
        int blank = 0;                 /* a blank line between: a soft boundary */
        for (size_t i = c->end, nl = 0; i < a && !blank; i++)
            if (c->text[i] == '\n') blank = ++nl >= 2;
        if (b - c->start > c->p.max_bytes || (blank && c->end - c->start >= c->p.target_bytes / 2))
            flush(c);
    }
    if (c->end <= c->start) c->start = a;
    c->end = b;
    if (c->end - c->start >= c->p.target_bytes) flush(c);
}

size_t ward_funnel_chunk_spans(const char *text, const ward_chunk_params *pp, const ward_section *secs, size_t ns,
                              const ward_span *sents, size_t nt, ward_span_chunk **out)
{
    ward_chunk_params p = pp ? *pp : ward_chunk_default_params();
    chunker c = {.text = text, .p = p};
    size_t j = 0, from = 0;    /* sentence j starts at from when a header cut it */
    for (size_t i = 0; i < ns; i++) {
        size_t a = secs[i].head_start, b = secs[i].end;
        flush(&c);
        memcpy(c.section, secs[i].name, sizeof c.section);
        /* Sentences never cross a header; clipping only guards the rule. */
        for (; j < nt; j++) {
            size_t st = sents[j].start > from ? sents[j].start : from;
            if (st >= b) break;
            size_t sa = st > a ? st : a;
            if (sents[j].end > b) {
                add(&c, sa, b);
                from = b;
                break;
            }
            add(&c, sa, sents[j].end);
        }
    }
    flush(&c);
    *out = c.out;
    return c.n;
}

size_t ward_funnel_chunk(const char *text, size_t len, const ward_chunk_params *pp, ward_span_chunk **out)
{
    ward_section *secs = NULL;
    ward_span *sents = NULL;
    size_t ns = ward_funnel_sections(text, len, &secs);
    size_t nt = funnel_sentences_in(text, len, secs, ns, &sents);   /* headers found once */
    size_t n = ward_funnel_chunk_spans(text, pp, secs, ns, sents, nt, out);
    free(secs);
    free(sents);
    return n;
}
