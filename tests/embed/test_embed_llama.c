/* test_embed_llama.c — the in-process llama.cpp embedder on the tiny
 * generated BERT model (needs: llama): vector shape and unit norm, batched
 * vectors equal one-by-one vectors, and clear WARD_EMODEL errors for a
 * missing file, a file that is not GGUF, a truncated GGUF, and a chat model
 * (no pooling: not an embedding model). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_util.h"

#include "ward/embed.h"

static char dir[256];

static const char *texts[] = {
    "Chest pain radiating to the left arm for two days.",
    "Metformin 500 mg twice daily.",
    "",
    "Hemoglobin A1c 8.1 percent, up from 7.4.",
    "No known drug allergies.",
    "Follow up in three months with repeat labs and a lipid panel; continue statin.",
    "MI",
};
#define NTEXTS (sizeof texts / sizeof *texts)

static ward_embedder *open_tiny(int batch)
{
    ward_embed_params p = ward_embed_default_params();
    p.backend = WARD_EMBED_LLAMA;
    p.model = WARD_TINY_EMBED;
    p.batch = batch;
    p.threads = 1;
    ward_embedder *e = NULL;
    ward_err err = {0};
    int rc = ward_embedder_open(&p, &e, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, WARD_OK);
    return e;
}

static void test_shape_and_norm(void **state)
{
    (void)state;
    ward_embedder *e = open_tiny(4);
    int dim = ward_embedder_dim(e);
    assert_int_equal(dim, 64);
    assert_non_null(strstr(ward_embedder_model_id(e), "gguf:tiny-embed.gguf#"));
    float *v = calloc(NTEXTS * dim, sizeof *v);
    ward_err err = {0};
    assert_int_equal(ward_embed_batch(e, texts, NTEXTS, v, &err), WARD_OK);
    for (size_t i = 0; i < NTEXTS; i++) {
        float n = sqrtf(ward_vec_dot(v + i * dim, v + i * dim, dim));
        for (int j = 0; j < dim; j++) assert_true(isfinite(v[i * dim + j]));
        assert_true(fabsf(n - 1.0f) < 1e-4f);   /* even "": [CLS][SEP] is still a sequence */
    }
    /* Different texts give different vectors. */
    assert_true(ward_vec_dot(v, v + dim, dim) < 0.9999f);
    free(v);
    ward_embedder_free(e);
}

static void test_batched_equals_single(void **state)
{
    (void)state;
    ward_embedder *batched = open_tiny(32), *single = open_tiny(1);
    int dim = ward_embedder_dim(batched);
    float *a = calloc(NTEXTS * dim, sizeof *a), *b = calloc(NTEXTS * dim, sizeof *b);
    ward_err err = {0};
    assert_int_equal(ward_embed_batch(batched, texts, NTEXTS, a, &err), WARD_OK);
    for (size_t i = 0; i < NTEXTS; i++)
        assert_int_equal(ward_embed_batch(single, texts + i, 1, b + i * dim, &err), WARD_OK);
    for (size_t i = 0; i < NTEXTS * (size_t)dim; i++) assert_true(fabsf(a[i] - b[i]) < 1e-4f);
    free(a), free(b);
    ward_embedder_free(batched);
    ward_embedder_free(single);
}

static void expect_model_error(const char *path, const char *needle)
{
    ward_embed_params p = ward_embed_default_params();
    p.backend = WARD_EMBED_LLAMA;
    p.model = path;
    ward_embedder *e = (ward_embedder *)1;
    ward_err err = {0};
    assert_int_equal(ward_embedder_open(&p, &e, &err), WARD_EMODEL);
    assert_null(e);
    if (!strstr(err.msg, needle)) fprintf(stderr, "message: %s\n", err.msg);
    assert_non_null(strstr(err.msg, needle));
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void test_bad_models(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/missing.gguf", dir);
    expect_model_error(path, "cannot open");
    snprintf(path, sizeof path, "%s/notes.gguf", dir);
    write_file(path, "Patient notes, not a model.\n", 28);
    expect_model_error(path, "not a GGUF file");
    /* The first 4 KiB of the real model: a GGUF header with no tensors behind it. */
    FILE *f = fopen(WARD_TINY_EMBED, "rb");
    assert_non_null(f);
    char head[4096];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/torn.gguf", dir);
    write_file(path, head, n);
    expect_model_error(path, "cannot load it");
    expect_model_error(WARD_TINY_CHAT, "not an embedding model");
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "embed")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_and_norm),
        cmocka_unit_test(test_batched_equals_single),
        cmocka_unit_test(test_bad_models),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    test_rmdir(dir);
    return rc;
}
