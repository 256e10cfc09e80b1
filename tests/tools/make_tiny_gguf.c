/* make_tiny_gguf.c — writes tiny GGUF models with random weights for tests.
 *
 *   make_tiny_gguf chat  VOCAB.gguf OUT.gguf   decoder (llama arch) with a
 *                                              ChatML chat template
 *   make_tiny_gguf embed VOCAB.gguf OUT.gguf   encoder (BERT arch), mean pooling
 *   make_tiny_gguf chat VOCAB.gguf OUT.gguf N_EMBD N_LAYER   a larger one (benchmarks)
 *
 * The tokenizer is copied from one of llama.cpp's vocab-only files
 * (src/models/ggml-vocab-*.gguf: llama-spm for chat, bert-bge for embed), so
 * text tokenizes exactly as with a real model; only the weights are random.
 * The models are a few MB, load in milliseconds, and exercise the real
 * llama.cpp code paths (tokenize, decode, pooling, sampling, grammars).
 *
 * Two metadata facts matter: rope.dimension_count must be n_embd / n_head,
 * and tokenizer.ggml.add_space_prefix must be false, otherwise grammar-
 * constrained sampling fails on the SPM tokenizer. Weights come from a fixed
 * seed, so a build always writes the same bytes.
 */
#include <ggml.h>
#include <gguf.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The test models' shape; `chat VOCAB OUT N_EMBD N_LAYER` makes a larger
 * one for bench/llm.sh (heads of 16 dimensions, feed-forward 2 x n_embd). */
static int N_EMBD = 64, N_HEAD = 4, N_LAYER = 2, N_FF = 128;
enum { N_CTX = 512 };

static const char *CHATML =
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
    "message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* Uniform in [-a, a): xorshift64*, deterministic across platforms. */
static float rnd(float a)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    uint64_t r = rng_state * 2685821657736338717ull;
    return a * (2.0f * (float)((r >> 40) / 16777216.0) - 1.0f);
}

typedef struct {
    struct ggml_context *ctx;
    struct gguf_context *gguf;
} model;

/* fill: 0 random (scaled for the fan-in), 1 ones (norm weights), 2 zeros (biases). */
static void tensor(model *m, const char *name, int64_t ne0, int64_t ne1, int fill)
{
    struct ggml_tensor *t = ne1 ? ggml_new_tensor_2d(m->ctx, GGML_TYPE_F32, ne0, ne1)
                                : ggml_new_tensor_1d(m->ctx, GGML_TYPE_F32, ne0);
    ggml_set_name(t, name);
    float *d = t->data;
    float scale = 1.0f / sqrtf((float)ne0);
    for (int64_t i = 0; i < ggml_nelements(t); i++)
        d[i] = fill == 0 ? rnd(scale) : fill == 1 ? 1.0f : 0.0f;
    gguf_add_tensor(m->gguf, t);
}

static void layer_tensor(model *m, int il, const char *what, int64_t ne0, int64_t ne1, int fill)
{
    char name[64];
    snprintf(name, sizeof name, "blk.%d.%s", il, what);
    tensor(m, name, ne0, ne1, fill);
}

/* Keeps only the tokenizer.* keys of the vocab file. */
static int copy_tokenizer(struct gguf_context *dst, const char *vocab_path)
{
    struct gguf_init_params ip = {.no_alloc = true, .ctx = NULL};
    struct gguf_context *v = gguf_init_from_file(vocab_path, ip);
    if (!v) {
        fprintf(stderr, "make_tiny_gguf: cannot read vocab %s\n", vocab_path);
        return -1;
    }
    gguf_set_kv(dst, v);
    int64_t n = gguf_get_n_kv(v);
    for (int64_t i = 0; i < n; i++) {
        const char *k = gguf_get_key(v, i);
        if (strncmp(k, "tokenizer.", 10) != 0) gguf_remove_key(dst, k);
    }
    gguf_free(v);
    return 0;
}

static void set_u32(struct gguf_context *g, const char *arch, const char *key, uint32_t v)
{
    char k[128];
    snprintf(k, sizeof k, "%s.%s", arch, key);
    gguf_set_val_u32(g, k, v);
}

static void set_hparams(struct gguf_context *g, const char *arch)
{
    gguf_set_val_str(g, "general.architecture", arch);
    gguf_set_val_str(g, "general.name", strcmp(arch, "bert") ? "ward-tiny-chat" : "ward-tiny-embed");
    gguf_set_val_u32(g, "general.file_type", 0); /* all F32 */
    set_u32(g, arch, "context_length", N_CTX);
    set_u32(g, arch, "embedding_length", N_EMBD);
    set_u32(g, arch, "block_count", N_LAYER);
    set_u32(g, arch, "feed_forward_length", N_FF);
    set_u32(g, arch, "attention.head_count", N_HEAD);
    set_u32(g, arch, "attention.head_count_kv", N_HEAD);
    set_u32(g, arch, "rope.dimension_count", N_EMBD / N_HEAD);
    gguf_set_val_bool(g, "tokenizer.ggml.add_space_prefix", false);
}

static void build_chat(model *m, int64_t n_vocab)
{
    set_hparams(m->gguf, "llama");
    gguf_set_val_f32(m->gguf, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
    gguf_set_val_f32(m->gguf, "llama.rope.freq_base", 10000.0f);
    gguf_set_val_str(m->gguf, "tokenizer.chat_template", CHATML);
    tensor(m, "token_embd.weight", N_EMBD, n_vocab, 0);
    tensor(m, "output_norm.weight", N_EMBD, 0, 1);
    tensor(m, "output.weight", N_EMBD, n_vocab, 0);
    for (int il = 0; il < N_LAYER; il++) {
        layer_tensor(m, il, "attn_norm.weight", N_EMBD, 0, 1);
        layer_tensor(m, il, "attn_q.weight", N_EMBD, N_EMBD, 0);
        layer_tensor(m, il, "attn_k.weight", N_EMBD, N_EMBD, 0);
        layer_tensor(m, il, "attn_v.weight", N_EMBD, N_EMBD, 0);
        layer_tensor(m, il, "attn_output.weight", N_EMBD, N_EMBD, 0);
        layer_tensor(m, il, "ffn_norm.weight", N_EMBD, 0, 1);
        layer_tensor(m, il, "ffn_gate.weight", N_EMBD, N_FF, 0);
        layer_tensor(m, il, "ffn_up.weight", N_EMBD, N_FF, 0);
        layer_tensor(m, il, "ffn_down.weight", N_FF, N_EMBD, 0);
    }
}

static void build_embed(model *m, int64_t n_vocab)
{
    set_hparams(m->gguf, "bert");
    gguf_set_val_f32(m->gguf, "bert.attention.layer_norm_epsilon", 1e-12f);
    gguf_set_val_bool(m->gguf, "bert.attention.causal", false);
    gguf_set_val_u32(m->gguf, "bert.pooling_type", 1); /* LLAMA_POOLING_TYPE_MEAN */
    gguf_set_val_u32(m->gguf, "tokenizer.ggml.token_type_count", 2);
    tensor(m, "token_embd.weight", N_EMBD, n_vocab, 0);
    tensor(m, "token_types.weight", N_EMBD, 2, 0);
    tensor(m, "position_embd.weight", N_EMBD, N_CTX, 0);
    tensor(m, "token_embd_norm.weight", N_EMBD, 0, 1);
    tensor(m, "token_embd_norm.bias", N_EMBD, 0, 2);
    for (int il = 0; il < N_LAYER; il++) {
        const char *mats[] = {"attn_q", "attn_k", "attn_v", "attn_output"};
        char w[48];
        for (int i = 0; i < 4; i++) {
            snprintf(w, sizeof w, "%s.weight", mats[i]);
            layer_tensor(m, il, w, N_EMBD, N_EMBD, 0);
            snprintf(w, sizeof w, "%s.bias", mats[i]);
            layer_tensor(m, il, w, N_EMBD, 0, 2);
        }
        layer_tensor(m, il, "attn_output_norm.weight", N_EMBD, 0, 1);
        layer_tensor(m, il, "attn_output_norm.bias", N_EMBD, 0, 2);
        layer_tensor(m, il, "ffn_up.weight", N_EMBD, N_FF, 0);
        layer_tensor(m, il, "ffn_up.bias", N_FF, 0, 2);
        layer_tensor(m, il, "ffn_down.weight", N_FF, N_EMBD, 0);
        layer_tensor(m, il, "ffn_down.bias", N_EMBD, 0, 2);
        layer_tensor(m, il, "layer_output_norm.weight", N_EMBD, 0, 1);
        layer_tensor(m, il, "layer_output_norm.bias", N_EMBD, 0, 2);
    }
}

int main(int argc, char **argv)
{
    if ((argc != 4 && argc != 6) || (strcmp(argv[1], "chat") && strcmp(argv[1], "embed"))) {
        fprintf(stderr, "usage: make_tiny_gguf chat|embed VOCAB.gguf OUT.gguf [N_EMBD N_LAYER]\n");
        return 1;
    }
    if (argc == 6) {
        N_EMBD = atoi(argv[4]), N_LAYER = atoi(argv[5]);
        if (N_EMBD < 16 || N_EMBD % 16 || N_LAYER < 1 || N_EMBD > 4096 || N_LAYER > 64) {
            fprintf(stderr, "make_tiny_gguf: N_EMBD must be a multiple of 16 (16-4096), N_LAYER 1-64\n");
            return 1;
        }
        N_HEAD = N_EMBD / 16, N_FF = 2 * N_EMBD;
    }
    int chat = !strcmp(argv[1], "chat");
    model m = {0};
    m.gguf = gguf_init_empty();
    if (copy_tokenizer(m.gguf, argv[2])) return 1;
    int64_t tok = gguf_find_key(m.gguf, "tokenizer.ggml.tokens");
    if (tok < 0) {
        fprintf(stderr, "make_tiny_gguf: %s has no tokenizer.ggml.tokens\n", argv[2]);
        return 1;
    }
    int64_t n_vocab = (int64_t)gguf_get_arr_n(m.gguf, tok);
    /* Room for the largest model: two vocab matrices plus the layers. */
    size_t bytes = (size_t)(2 * n_vocab * N_EMBD + N_CTX * N_EMBD
                            + N_LAYER * (6 * N_EMBD * N_EMBD + 3 * N_EMBD * N_FF + 16 * N_FF)) * 4
                   + 256 * ggml_tensor_overhead();
    struct ggml_init_params gp = {.mem_size = bytes, .mem_buffer = NULL, .no_alloc = false};
    m.ctx = ggml_init(gp);
    if (chat) build_chat(&m, n_vocab);
    else build_embed(&m, n_vocab);
    int ok = gguf_write_to_file(m.gguf, argv[3], false);
    gguf_free(m.gguf);
    ggml_free(m.ctx);
    if (!ok) {
        fprintf(stderr, "make_tiny_gguf: cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
