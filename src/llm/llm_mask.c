/* llm_mask.c — masking the vocabulary with a grammar on two cores.
 *
 * A grammar sampler marks each token it refuses; for the whole vocabulary
 * (32k+ tokens, each decoded to code points and matched against every
 * grammar stack) that is milliseconds a token, and with a model whose
 * first choice the grammar often refuses it is most of the CPU a
 * structured answer costs. llama.cpp's grammar apply only reads the
 * grammar, and each token's verdict is independent, so the candidates are
 * split in two: a helper thread masks the second half while the caller
 * masks the first. The result is the same as one apply. One helper per
 * model, taken by one request at a time: when it is busy (another request
 * is masking), the caller masks everything itself, so with several
 * requests at once the cores are shared out as before. */
#ifdef WARD_HAVE_LLAMA
#include "llm_llama_int.h"

#include <signal.h>
#include <stdlib.h>

/* Below this many candidates the hand-off costs more than it saves. */
#define MASK_SPLIT_MIN 4096

struct llm_helper {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;           /* work posted, work done, quit */
    struct llama_sampler *grammar;
    llama_token_data_array arr;
    int taken, posted, done, quit;
};

static void *helper_main(void *arg)
{
    llm_helper *h = arg;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (!h->posted && !h->quit) pthread_cond_wait(&h->cv, &h->mu);
        if (h->quit) break;
        h->posted = 0;
        pthread_mutex_unlock(&h->mu);
        llama_sampler_apply(h->grammar, &h->arr);
        pthread_mutex_lock(&h->mu);
        h->done = 1;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

llm_helper *llm_helper_start(void)
{
    llm_helper *h = ward_xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    /* Signals stay with the threads that wait for them (ward serve's main). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int bad = pthread_create(&h->thread, NULL, helper_main, h);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (bad) {
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->cv);
        free(h);
        return NULL;   /* masking stays on one thread */
    }
    return h;
}

void llm_helper_stop(llm_helper *h)
{
    if (!h) return;
    pthread_mutex_lock(&h->mu);
    h->quit = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h);
}

void llm_mask(llm_helper *h, struct llama_sampler *grammar, llama_token_data_array *arr)
{
    size_t half = arr->size / 2;
    int split = 0;
    if (h && arr->size >= MASK_SPLIT_MIN) {
        pthread_mutex_lock(&h->mu);
        if (!h->taken) {
            h->taken = split = 1;
            h->grammar = grammar;
            h->arr = (llama_token_data_array){arr->data + half, arr->size - half, -1, false};
            h->done = 0;
            h->posted = 1;
            pthread_cond_broadcast(&h->cv);
        }
        pthread_mutex_unlock(&h->mu);
    }
    if (!split) {
        llama_sampler_apply(grammar, arr);
        return;
    }
    llama_token_data_array mine = {arr->data, half, -1, false};
    llama_sampler_apply(grammar, &mine);
    pthread_mutex_lock(&h->mu);
    while (!h->done) pthread_cond_wait(&h->cv, &h->mu);
    h->taken = 0;
    pthread_mutex_unlock(&h->mu);
}

#endif
