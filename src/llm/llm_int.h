/* llm_int.h — what the generation backends share (internal to src/llm).
 *
 * A ward_llm is a small vtable over one backend. Each backend turns chat
 * messages into text, token by token, and hands each piece to the shared
 * stream (llm_stream.c), which applies stop strings and calls on_token with
 * text that is final: a piece is held back while it could still be the
 * start of a stop string or of a multi-byte UTF-8 character, so the pieces
 * a caller receives always concatenate to the returned text. */
#ifndef WARD_LLM_INT_H
#define WARD_LLM_INT_H

#include "ward/llm.h"

typedef struct llm_ops {
    const char *name;
    int (*chat)(void *impl, const ward_chat_msg *msgs, size_t n, const ward_gen_params *g,
                ward_gen_result *out, ward_err *err);
    int (*probe)(void *impl, ward_buf *info, ward_err *err);
    void (*free)(void *impl);
    int (*n_ctx)(void *impl);   /* context window in tokens, or NULL when unknown */
    void (*cancel)(void *impl); /* ends generations in flight, refuses new ones; or NULL */
} llm_ops;

/* Backend constructors: fill *impl and *model_id (malloc'd identity). */
int llm_llama_open(const ward_llm_params *p, void **impl, char **model_id, ward_err *err);
int llm_http_open(const ward_llm_params *p, void **impl, char **model_id, ward_err *err);
extern const llm_ops llm_llama_ops, llm_http_ops;

/* The output stream of one generation. */
typedef struct llm_stream {
    const ward_gen_params *g;
    ward_buf text;       /* everything kept so far (stop string cut off) */
    size_t emitted;      /* bytes of text already passed to on_token */
    size_t max_stop;     /* longest stop string */
    int use_stop;        /* stop strings apply (not with a grammar) */
    int done;            /* a stop string matched or on_token asked to stop */
} llm_stream;

void llm_stream_init(llm_stream *s, const ward_gen_params *g);
/* Adds a piece; returns 1 when generation should end. */
int llm_stream_push(llm_stream *s, const char *piece, size_t n);
/* Emits what was held back and moves the text into out->text. */
void llm_stream_finish(llm_stream *s, ward_gen_result *out);
void llm_stream_free(llm_stream *s);

/* Milliseconds on a monotonic clock. */
double llm_now_ms(void);

/* JSON schema -> GBNF via llama.cpp's converter (schema_grammar.cpp).
 * Returns 0 and a malloc'd grammar, or nonzero with errbuf filled. */
int llm_schema_to_grammar(const char *schema_json, char **grammar, char *errbuf, size_t errlen);

#endif
