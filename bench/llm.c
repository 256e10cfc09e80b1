/* llm.c — Ward's in-process generation speed, for bench/llm.sh.
 *
 *   bench_llm MODEL PROMPT_TOKENS GEN_TOKENS THREADS REPS
 *
 * Prints one line of key=value figures: the prompt length actually used
 * (chat template included), prompt processing and generation tokens/s
 * (medians over REPS), and time to first token for the same question with
 * and without the KV cache holding the shared prefix. llm.sh runs
 * llama-bench with the same prompt length, generation length and threads
 * next to it. The prompt is synthetic (no records, so no PHI). */
#include "ward/llm.h"

#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void context_text(ward_buf *b, int run, int words)
{
    ward_buf_reset(b);
    ward_buf_printf(b, "%d. ", run);   /* differs first: no reuse between runs */
    static const char *w[] = {"blood", "pressure", "stable", "metformin", "continued", "review", "lipids", "renal"};
    for (int i = 0; i < words; i++) ward_buf_printf(b, "%s ", w[(i * 7 + run) % 8]);
}

static int chat(ward_llm *llm, const char *ctx, const char *q, int max_tokens, ward_gen_result *r)
{
    ward_chat_msg m[] = {{"system", ctx}, {"user", q}};
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = max_tokens;
    g.ignore_eos = 1;
    ward_err err = {0};
    int rc = ward_llm_chat(llm, m, 2, &g, r, &err);
    if (rc) fprintf(stderr, "bench_llm: %s\n", err.msg);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bench_llm MODEL PROMPT_TOKENS GEN_TOKENS THREADS REPS\n");
        return 1;
    }
    int want = atoi(argv[2]), n_gen = atoi(argv[3]), reps = atoi(argv[5]);
    ward_llm_params p = ward_llm_default_params();
    p.model_path = argv[1];
    p.n_threads = atoi(argv[4]);
    p.n_ctx = want + n_gen + 64;
    ward_llm *llm;
    ward_err err = {0};
    if (ward_llm_open(&p, &llm, &err)) {
        fprintf(stderr, "bench_llm: %s\n", err.msg);
        return 2;
    }
    /* Size the context text so the whole prompt is close to PROMPT_TOKENS. */
    ward_buf ctx;
    ward_buf_init(&ctx);
    ward_gen_result r;
    int words = want;
    for (int i = 0; i < 3; i++) {
        context_text(&ctx, 1000 + i, words);
        if (chat(llm, ctx.data, "Summary?", 1, &r)) return 2;
        words = words * want / (r.n_prompt > 0 ? r.n_prompt : 1);
        ward_gen_result_free(&r);
    }
    double *pp = calloc((size_t)reps, sizeof *pp), *tg = calloc((size_t)reps, sizeof *tg);
    double *fresh = calloc((size_t)reps, sizeof *fresh), *reused = calloc((size_t)reps, sizeof *reused);
    int n_prompt = 0, n_reused = 0, got = 0;
    for (int i = 0; i < reps; i++) {
        context_text(&ctx, i, words);
        if (chat(llm, ctx.data, "What changed at the last visit?", n_gen, &r)) return 2;
        n_prompt = r.n_prompt;
        got = r.n_gen;
        pp[i] = (r.n_prompt - r.n_prompt_reused) / (r.ms_first_token / 1e3);
        tg[i] = (r.n_gen - 1) / ((r.ms_total - r.ms_first_token) / 1e3);
        fresh[i] = r.ms_first_token;
        ward_gen_result_free(&r);
        /* A second question on the same context: only the question is decoded. */
        if (chat(llm, ctx.data, "Is the patient on metformin?", 1, &r)) return 2;
        reused[i] = r.ms_first_token;
        n_reused = r.n_prompt_reused;
        ward_gen_result_free(&r);
    }
    printf("n_prompt=%d n_gen=%d pp_tps=%.1f tg_tps=%.1f ttft_fresh_ms=%.2f ttft_reuse_ms=%.2f n_reused=%d "
           "model=%s\n", n_prompt, got, median(pp, reps), median(tg, reps), median(fresh, reps),
           median(reused, reps), n_reused, ward_llm_model(llm));
    free(pp), free(tg), free(fresh), free(reused);
    ward_buf_free(&ctx);
    ward_llm_free(llm);
    return 0;
}
