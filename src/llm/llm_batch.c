/* llm_batch.c — the requests in flight, decoded together in one context.
 *
 * The context holds n_slots sequences. A request claims a free slot (the
 * one whose cached tokens share the longest prefix with its prompt, so a
 * patient's chart asked about twice is decoded once) and then runs in
 * steps. Decoding is done by whichever request holds the leader role: a
 * step puts the next token of every generating sequence and as much
 * pending prompt as fits into one llama_batch and calls llama_decode once.
 * Then every request samples its own logits row with its own samplers on
 * its own thread, side by side (on two cores, grammar masking for two
 * requests at once), and the leader waits for them all before the next
 * decode, which overwrites the logits. When the leader's request ends it
 * hands the role to another still running. No thread of its own: a
 * request alone runs as it always did, on its caller's thread.
 *
 * on_token runs on the request's own thread while it samples; returning
 * nonzero (a client gone) ends the sequence and frees its slot at once.
 * A sequence keeps its KV cache after its request for prefix reuse: with
 * a KV stream per sequence, that room is no one else's.
 *
 * Locking: mu guards which slots are claimed (job), finished (done) or
 * have a row to sample (ready), and the leader flag and pending count.
 * The rest of a slot belongs to the leader while it decodes, to the owner
 * while it samples (ready taken), and to the owner after done. */
#ifdef WARD_HAVE_LLAMA
#include "llm_llama_int.h"

#include <stdlib.h>
#include <string.h>

enum { PHASE_PROMPT, PHASE_GEN };

struct llm_slot {
    int id;                 /* the llama sequence id */
    llama_token *cache;     /* tokens whose keys and values the sequence holds */
    int n_cache;
    unsigned long used;     /* clock at the last claim: the least recently used is reused first */
    pthread_cond_t cv;      /* the owner waits here */
    llm_job *job;           /* the request, or NULL: free (mu) */
    int done;               /* the request has ended (mu) */
    /* The leader's while the slot runs: */
    int phase;
    int keep;               /* prompt prefix already cached; -1 once the rest was removed */
    int fed;                /* prompt tokens decoded */
    int take, out;          /* this step: tokens in the batch, index of its logits (-1: none) */
    int n_tok, max, reserve;/* tokens sampled, the budget, where closing mode starts */
    llama_token next;       /* sampled, decoded in the next step */
    const float *logits;    /* this step's logits row, or NULL */
    int ready;              /* the row waits for the owner to sample it (mu) */
    int ending;             /* ended in this step */
};

int llm_batch_init(llama_impl *m, int n_slots, ward_err *err)
{
    (void)err;
    m->n_slots = n_slots;
    m->n_ctx_seq = (int)llama_n_ctx_seq(m->ctx);
    m->n_batch = (int)llama_n_batch(m->ctx);
    m->batch = llama_batch_init(m->n_batch, 0, 1);
    m->slots = ward_xcalloc((size_t)n_slots, sizeof *m->slots);
    for (int i = 0; i < n_slots; i++) {
        m->slots[i].id = i;
        m->slots[i].cache = ward_xmalloc(sizeof *m->slots[i].cache * (size_t)m->n_ctx_seq);
        pthread_cond_init(&m->slots[i].cv, NULL);
    }
    return WARD_OK;
}

void llm_batch_free(llama_impl *m)
{
    if (!m->slots) return;
    for (int i = 0; i < m->n_slots; i++) {
        free(m->slots[i].cache);
        pthread_cond_destroy(&m->slots[i].cv);
    }
    free(m->slots);
    m->slots = NULL;
    llama_batch_free(m->batch);
}

/* ---- the leader's step ---- */

/* Drops what the sequence caches beyond the prefix the new prompt shares;
 * the last prompt token is always decoded again, for its logits. */
static void trim(llama_impl *m, llm_slot *s)
{
    llm_job *j = s->job;
    int keep = s->keep < j->n_prompt ? s->keep : j->n_prompt - 1;
    llama_memory_t mem = llama_get_memory(m->ctx);
    if (keep <= 0 || !llama_memory_seq_rm(mem, s->id, keep, -1)) {
        llama_memory_seq_rm(mem, s->id, -1, -1);   /* a whole sequence always goes */
        keep = 0;
    }
    s->n_cache = s->fed = keep;
    s->keep = -1;
    j->out->n_prompt_reused = keep;
}

static void batch_add(llama_impl *m, llm_slot *s, llama_token t, int logits)
{
    struct llama_batch *b = &m->batch;
    int i = b->n_tokens++;
    b->token[i] = t;
    b->pos[i] = s->n_cache + s->take++;
    b->n_seq_id[i] = 1;
    b->seq_id[i][0] = s->id;
    b->logits[i] = (int8_t)logits;
    if (logits) s->out = i;
}

/* One batch: first the next token of every generating sequence (one each,
 * so none waits behind a long prompt), then pending prompts as room allows. */
static void build(llama_impl *m, llm_slot **act, int n)
{
    int room = m->n_batch;
    m->batch.n_tokens = 0;
    for (int i = 0; i < n; i++) {
        act[i]->take = 0, act[i]->out = -1;
        if (act[i]->phase == PHASE_GEN) batch_add(m, act[i], act[i]->next, 1), room--;
    }
    for (int i = 0; i < n && room > 0; i++) {
        llm_slot *s = act[i];
        if (s->phase != PHASE_PROMPT) continue;
        if (s->keep >= 0) trim(m, s);
        int k = s->job->n_prompt - s->fed < room ? s->job->n_prompt - s->fed : room;
        for (int t = 0; t < k; t++) batch_add(m, s, s->job->prompt[s->fed + t], s->fed + t + 1 == s->job->n_prompt);
        room -= k;
    }
}

/* A failed decode loses the sequence's cache: it is removed whole. */
static void fail(llama_impl *m, llm_slot *s, int rc)
{
    llama_memory_seq_rm(llama_get_memory(m->ctx), s->id, -1, -1);
    s->n_cache = 0;
    s->job->rc = ward_err_set(s->job->err, WARD_EMODEL, "llama.cpp failed to decode (%s)",
                              rc == 1 ? "no room left in the KV cache" : llm_llama_why("no detail"));
    s->ending = 1;
}

static void append_piece(llama_impl *m, llama_token t, ward_buf *piece)
{
    ward_buf_reset(piece);
    char small[256];
    int n = llama_token_to_piece(m->vocab, t, small, sizeof small, 0, false);
    if (n >= 0) {
        ward_buf_append(piece, small, (size_t)n);
        return;
    }
    char *big = ward_xmalloc((size_t)-n);
    n = llama_token_to_piece(m->vocab, t, big, -n, 0, false);
    if (n > 0) ward_buf_append(piece, big, (size_t)n);
    free(big);
}

/* The prompt is in: the budget is max_tokens or the room left in the
 * sequence's context, whichever is smaller; closing mode works from it. */
static void start_output(llama_impl *m, llm_slot *s)
{
    int room = m->n_ctx_seq - s->n_cache, want = s->job->s.g->max_tokens;
    s->phase = PHASE_GEN;
    s->n_tok = 0;
    s->max = want < room ? want : room;
    s->reserve = s->max / 4 > 64 ? 64 : s->max / 4 < 8 ? 8 : s->max / 4;
}

/* The sequence's next token from its logits row; ends it on end-of-output,
 * a stop string, a caller who stops, the budget or a full context. Runs on
 * the owner's thread, side by side with the other sequences' sampling. */
static void sample(llama_impl *m, llm_slot *s, ward_buf *piece)
{
    llm_job *j = s->job;
    const ward_gen_params *g = j->s.g;
    if (s->phase == PHASE_PROMPT) start_output(m, s);
    llama_token t = llm_sample_next(&j->s, s->logits, j->s.grammar && s->max - s->n_tok <= s->reserve,
                                    j->st.text.data);
    if (s->n_tok == 0) j->out->ms_first_token = llm_now_ms() - j->t0;
    if (llama_vocab_is_eog(m->vocab, t) && !g->ignore_eos) {
        j->ended_eog = 1;
        s->ending = 1;
        return;
    }
    j->out->n_gen++;
    append_piece(m, t, piece);
    if (llm_stream_push(&j->st, piece->data ? piece->data : "", piece->len)) s->ending = 1;
    else if (++s->n_tok == s->max || s->n_cache + 1 >= m->n_ctx_seq) s->ending = 1;
    else s->next = t;
}

/* The decode of one step, without the lock: the batch, llama_decode, the
 * caches, and each sampling sequence's logits row. */
static void decode(llama_impl *m, llm_slot **act, int n)
{
    build(m, act, n);
    int rc = m->batch.n_tokens ? llama_decode(m->ctx, m->batch) : 0;
    for (int i = 0; i < n; i++) {
        llm_slot *s = act[i];
        s->logits = NULL;
        if (!s->take) continue;
        if (rc) {
            fail(m, s, rc);
            continue;
        }
        const llama_token *src = s->phase == PHASE_GEN ? &s->next : s->job->prompt + s->fed;
        memcpy(s->cache + s->n_cache, src, sizeof *src * (size_t)s->take);
        s->n_cache += s->take;
        if (s->phase == PHASE_PROMPT) s->fed += s->take;
        if (s->out >= 0 && !(s->logits = llama_get_logits_ith(m->ctx, s->out))) fail(m, s, -1);
    }
}

static int cancelled(ward_err *err)
{
    return ward_err_set(err, WARD_EBUSY, "the generation was cancelled: the model is being shut down");
}

/* The owner's turn to sample, called with mu held; the lock is let go
 * while it samples. */
static void take_turn(llama_impl *m, llm_slot *s, ward_buf *piece)
{
    s->ready = 0;
    if (m->cancelled) {
        s->job->rc = cancelled(s->job->err);
        s->ending = 1;
    } else {
        pthread_mutex_unlock(&m->mu);
        sample(m, s, piece);
        pthread_mutex_lock(&m->mu);
    }
    if (s->ending) s->done = 1;
    if (--m->pending == 0) pthread_cond_signal(&m->sampled);
}

/* One step as leader (mu held on entry and on return): decode every
 * sequence in flight at once, then let each owner sample its own row on
 * its own thread (the leader samples its own) and wait for them all, as
 * the next decode overwrites the logits. */
static void lead(llama_impl *m, llm_slot *own, ward_buf *piece)
{
    llm_slot *act[LLM_MAX_SLOTS];
    int n = 0;
    for (int i = 0; i < m->n_slots; i++)
        if (m->slots[i].job && !m->slots[i].done) act[n++] = &m->slots[i];
    pthread_mutex_unlock(&m->mu);
    decode(m, act, n);
    pthread_mutex_lock(&m->mu);
    for (int i = 0; i < n; i++) {
        llm_slot *s = act[i];
        if (s->ending) {
            s->done = 1;
        } else if (s->logits) {
            s->ready = 1;
            m->pending++;
        } else {
            continue;
        }
        if (s != own) pthread_cond_signal(&s->cv);
    }
    while (m->pending > 0) {
        if (own->ready) take_turn(m, own, piece);
        else pthread_cond_wait(&m->sampled, &m->mu);
    }
}

/* ---- requests: claim a slot, lead or wait, let go ---- */

static int common_prefix(const llm_slot *s, const llama_token *p, int n)
{
    int k = 0;
    while (k < s->n_cache && k < n && s->cache[k] == p[k]) k++;
    return k;
}

/* The free slot whose cache shares most of the prompt; among equals, the
 * least recently used. NULL when every slot is busy. Called with mu held. */
static llm_slot *claim(llama_impl *m, llm_job *j)
{
    llm_slot *best = NULL;
    int best_k = -1;
    for (int i = 0; i < m->n_slots; i++) {
        llm_slot *s = &m->slots[i];
        if (s->job) continue;
        int k = common_prefix(s, j->prompt, j->n_prompt);
        if (k > best_k || (k == best_k && s->used < best->used)) best = s, best_k = k;
    }
    if (!best) return NULL;
    best->job = j;
    best->done = best->ending = best->ready = 0;
    best->phase = PHASE_PROMPT;
    best->keep = best_k;
    best->used = ++m->clock;
    return best;
}

/* With no leader left, one request still running takes the role. */
static void hand_over(llama_impl *m)
{
    for (int i = 0; i < m->n_slots && !m->leader; i++)
        if (m->slots[i].job && !m->slots[i].done) {
            pthread_cond_signal(&m->slots[i].cv);
            return;
        }
}

void llm_batch_run(llama_impl *m, llm_job *j)
{
    ward_buf piece;
    ward_buf_init(&piece);
    pthread_mutex_lock(&m->mu);
    llm_slot *s = NULL;
    while (!m->cancelled && !(s = claim(m, j))) pthread_cond_wait(&m->slot_free, &m->mu);
    if (!s) {
        j->rc = cancelled(j->err);
        pthread_mutex_unlock(&m->mu);
        ward_buf_free(&piece);
        return;
    }
    while (!s->done) {
        if (s->ready) {
            take_turn(m, s, &piece);
        } else if (!m->leader) {
            m->leader = 1;
            lead(m, s, &piece);
            m->leader = 0;
        } else {
            pthread_cond_wait(&s->cv, &m->mu);
        }
    }
    s->job = NULL;
    hand_over(m);
    pthread_cond_signal(&m->slot_free);
    pthread_mutex_unlock(&m->mu);
    ward_buf_free(&piece);
}

void llm_batch_cancel(void *impl)
{
    llama_impl *m = impl;
    pthread_mutex_lock(&m->mu);
    m->cancelled = 1;
    pthread_cond_broadcast(&m->slot_free);
    pthread_mutex_unlock(&m->mu);
}

#endif
