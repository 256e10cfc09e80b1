/* llama_load_int.h — what Ward's llama.cpp users share (the embedder, the
 * reranker): one-time backend start, quiet logs, loading a GGUF file with
 * errors that say what is wrong with it, and tokenizing. Only with
 * WARD_HAVE_LLAMA. */
#ifndef WARD_LLAMA_LOAD_INT_H
#define WARD_LLAMA_LOAD_INT_H
#ifdef WARD_HAVE_LLAMA

#include "ward/core.h"
#include <llama.h>

/* Loads the GGUF file at path; `what` names its role in messages ("embedding
 * model", "reranker"). WARD_EMODEL when missing, not GGUF, or refused. */
int embed_llama_load(const char *path, const char *what, struct llama_model **out, ward_err *err);
/* Tokens of text (with the model's special tokens when add_special), at most
 * max (the last token is kept when cutting: it is the end marker).
 * Returns the count; *out is malloc'd. */
int embed_llama_tokenize(const struct llama_vocab *v, const char *text, int add_special, int max,
                        llama_token **out);
/* "gguf:NAME#HASH": the file's name and a hash of its size and first MiB. */
void embed_llama_model_id(const char *path, char *out, size_t cap);

#endif
#endif
