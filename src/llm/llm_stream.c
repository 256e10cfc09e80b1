/* llm_stream.c — stop strings and streaming, the same for every backend.
 *
 * Text arrives in pieces (tokens, SSE deltas). A piece is passed on to
 * on_token only once it is final: nothing that could still turn out to be
 * the start of a stop string, and never half of a UTF-8 character. So the
 * pieces a caller sees concatenate exactly to the returned text, and a stop
 * string never leaks to the caller, even split across tokens. */
#include "llm_int.h"

#include <stdlib.h>
#include <string.h>

void llm_stream_init(llm_stream *s, const ward_gen_params *g)
{
    memset(s, 0, sizeof *s);
    s->g = g;
    ward_buf_init(&s->text);
    ward_buf_puts(&s->text, "");
    s->use_stop = g->stop && !g->json_schema && !g->grammar;
    for (const char **st = s->use_stop ? g->stop : NULL; st && *st; st++)
        if (strlen(*st) > s->max_stop) s->max_stop = strlen(*st);
}

void llm_stream_free(llm_stream *s)
{
    ward_buf_free(&s->text);
}

/* Bytes at the end of text that could begin a stop string. */
static size_t stop_prefix_len(const llm_stream *s)
{
    size_t best = 0;
    for (const char **st = s->use_stop ? s->g->stop : NULL; st && *st; st++) {
        size_t n = strlen(*st);
        if (!n) continue;
        for (size_t k = n - 1 < s->text.len ? n - 1 : s->text.len; k > best; k--)
            if (!memcmp(s->text.data + s->text.len - k, *st, k)) {
                best = k;
                break;
            }
    }
    return best;
}

/* Bytes at the end of text that are an incomplete UTF-8 sequence. */
static size_t utf8_tail_len(const char *p, size_t len)
{
    for (size_t back = 1; back <= 4 && back <= len; back++) {
        unsigned char c = (unsigned char)p[len - back];
        if ((c & 0xC0) == 0x80) continue;           /* continuation byte */
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? back : 0;
    }
    return 0;
}

static void emit(llm_stream *s, size_t upto)
{
    if (upto <= s->emitted) return;
    if (s->g->on_token && !s->done) {
        char *piece = ward_xstrndup(s->text.data + s->emitted, upto - s->emitted);
        if (s->g->on_token(piece, s->g->ud)) s->done = 1;
        free(piece);
    }
    s->emitted = upto;
}

int llm_stream_push(llm_stream *s, const char *piece, size_t n)
{
    if (s->done) return 1;
    size_t from = s->text.len > s->max_stop ? s->text.len - s->max_stop : 0;
    ward_buf_append(&s->text, piece, n);
    for (const char **st = s->use_stop ? s->g->stop : NULL; st && *st; st++) {
        if (!**st) continue;
        char *hit = strstr(s->text.data + from, *st);
        if (!hit) continue;
        s->text.len = (size_t)(hit - s->text.data);
        s->text.data[s->text.len] = 0;
        from = s->text.len > s->max_stop ? s->text.len - s->max_stop : 0;
        s->done = 2;   /* matched: later stop strings may match earlier still */
    }
    if (s->done == 2) {
        s->done = 0;
        emit(s, s->text.len);
        s->done = 1;
        return 1;
    }
    size_t hold = stop_prefix_len(s);
    size_t tail = utf8_tail_len(s->text.data, s->text.len - hold);
    emit(s, s->text.len - hold - tail);
    return s->done;
}

void llm_stream_finish(llm_stream *s, ward_gen_result *out)
{
    emit(s, s->text.len);
    out->text = ward_buf_steal(&s->text);
    if (!out->text) out->text = ward_xstrdup("");
}
