/* llm_llama_int.h — what the in-process llama.cpp backend's files share
 * (llm_llama.c: model and prompts; llm_sample.c: choosing tokens;
 * llm_batch.c: the sequences decoded together).
 *
 * One llama_context holds n_slots sequences, each with its own KV cache
 * of n_ctx tokens. A request takes a free slot, and every decode step
 * advances all the slots in use at once (llm_batch.c), so four requests
 * cost about one decode per token, not four. Only the thread that holds
 * the "leader" role (llm_batch.c) calls into the context. */
#ifndef WARD_LLM_LLAMA_INT_H
#define WARD_LLM_LLAMA_INT_H

#include "llm_int.h"

#include <llama.h>
#include <pthread.h>

#define LLM_DEFAULT_SLOTS 4   /* requests decoded together when llm_slots is not set */
#define LLM_MAX_SLOTS 64

typedef struct llm_slot llm_slot;
typedef struct llm_helper llm_helper;

typedef struct llama_impl {
    struct llama_model *model;
    struct llama_context *ctx;
    const struct llama_vocab *vocab;
    const char *tmpl;          /* chat template from the GGUF (owned by the model), or NULL */
    unsigned seed;
    int n_vocab;
    char desc[256];
    llm_helper *helper;        /* masks half the vocabulary (llm_mask.c), or NULL */
    char *pieces;              /* closing mode: every token's text, NUL-separated */
    int *piece_at;             /* offset of token i's text in pieces */
    llama_token probe[128];    /* the token whose text is exactly this ASCII byte, or -1 */
    /* The scheduler (llm_batch.c); mu guards the slots' states and leader. */
    pthread_mutex_t mu;
    pthread_cond_t slot_free;  /* a request waits here while every slot is busy */
    pthread_cond_t sampled;    /* the leader waits here for the step's samplers */
    int leader;                /* a thread is running decode steps */
    int cancelled;             /* llm_batch_cancel was called: no more generation */
    int pending;               /* sequences of this step still sampling */
    unsigned long clock;       /* claims so far: least recently used slot first */
    int n_slots, n_ctx_seq;
    llm_slot *slots;
    struct llama_batch batch;
    int n_batch;
} llama_impl;

/* Sampling state of one generation: its own chain and grammar. */
typedef struct gen {
    llama_impl *m;
    const ward_gen_params *g;
    struct llama_sampler *chain;   /* temperature, top-p, draw; NULL: greedy argmax */
    struct llama_sampler *grammar; /* the constraint, or NULL */
    llama_token_data *cand;        /* scratch: the vocabulary as candidates (chain or grammar) */
} gen;

/* llm_sample.c. Builds the samplers g asks for (a schema or grammar that
 * does not compile is an error); safe on any thread, before the request
 * joins the scheduler. */
int llm_sample_init(gen *s, llama_impl *m, const ward_gen_params *g, ward_err *err);
void llm_sample_free(gen *s);
/* The next token from a logits row (n_vocab floats); closing: steer the
 * grammar to finish; text: the output so far. Touches only s, so requests
 * sample side by side on their own threads. */
llama_token llm_sample_next(gen *s, const float *logits, int closing, const char *text);
/* True when the grammar may end here. */
int llm_sample_complete(gen *s);
/* The error text llama.cpp logged last on this thread, or fallback. */
const char *llm_llama_why(const char *fallback);
void llm_llama_clear_why(void);

/* One request as the scheduler sees it. The owner fills the first block,
 * calls llm_batch_run, and reads the rest when it returns. */
typedef struct llm_job {
    gen s;
    llama_token *prompt;
    int n_prompt;
    double t0;
    llm_stream st;
    ward_gen_result *out;
    ward_err *err;
    int rc;                /* WARD_OK or the decode error */
    int ended_eog;         /* the model (or grammar) ended the output */
} llm_job;

/* llm_mask.c: the grammar applied to arr, split with the helper thread
 * when it is free (h NULL: on this thread). Same result as one apply. */
llm_helper *llm_helper_start(void);
void llm_helper_stop(llm_helper *h);
void llm_mask(llm_helper *h, struct llama_sampler *grammar, llama_token_data_array *arr);

/* llm_batch.c */
int llm_batch_init(llama_impl *m, int n_slots, ward_err *err);
void llm_batch_free(llama_impl *m);
/* Generates job to its end, decoding it together with the other requests
 * in flight; its sampling and on_token run on the caller's thread. */
void llm_batch_run(llama_impl *m, llm_job *job);
/* Ends every request in flight at its next token and refuses new ones
 * (WARD_EBUSY): a server that must stop. */
void llm_batch_cancel(void *impl);

#endif
