/* test_llm_llama.c — generation with llama.cpp in-process on the tiny
 * random-weight chat model (needs: llama).
 *
 * The weights are random, so the text is gibberish: these tests check the
 * plumbing a real model relies on — chat template, token counts,
 * streaming, stop strings, max_tokens, grammar- and schema-constrained
 * output that always parses and validates, KV-cache reuse of a shared
 * prompt prefix, and clear errors for bad models, schemas and grammars. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ward/llm.h"

static ward_llm *open_tiny(unsigned seed)
{
    ward_llm_params p = ward_llm_default_params();
    p.model_path = WARD_TINY_CHAT;
    p.n_ctx = 512;
    p.n_threads = 1;   /* the suite runs tests side by side on few cores */
    p.seed = seed;
    ward_llm *llm = NULL;
    ward_err err = {0};
    int rc = ward_llm_open(&p, &llm, &err);
    if (rc) fprintf(stderr, "open: %s\n", err.msg);
    assert_int_equal(rc, WARD_OK);
    return llm;
}

static const ward_chat_msg CHAT[] = {
    {"system", "You are a careful clinical assistant."},
    {"user", "Summarize the last visit in one sentence."},
};

static void chat_ok(ward_llm *llm, const ward_chat_msg *m, size_t n, const ward_gen_params *g, ward_gen_result *r)
{
    ward_err err = {0};
    int rc = ward_llm_chat(llm, m, n, g, r, &err);
    if (rc) fprintf(stderr, "chat: %s\n", err.msg);
    assert_int_equal(rc, WARD_OK);
    assert_non_null(r->text);
}

static void test_generate(void **state)
{
    (void)state;
    ward_llm *llm = open_tiny(1);
    assert_string_equal(ward_llm_backend(llm), "llama");
    assert_string_equal(ward_llm_model(llm), "tiny-chat.gguf");
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = 16;
    ward_gen_result r;
    chat_ok(llm, CHAT, 2, &g, &r);
    assert_true(r.n_prompt > 10);
    assert_true(r.n_gen > 0 && r.n_gen <= 16);
    assert_true(strlen(r.text) > 0);
    assert_true(r.ms_first_token > 0 && r.ms_total >= r.ms_first_token);
    ward_buf info;
    ward_buf_init(&info);
    ward_err err = {0};
    assert_int_equal(ward_llm_probe(llm, &info, &err), WARD_OK);
    assert_non_null(strstr(info.data, "chat template: from the model"));
    ward_buf_free(&info);
    ward_gen_result_free(&r);
    ward_llm_free(llm);
}

static int collect(const char *piece, void *ud)
{
    ward_buf_puts(ud, piece);
    return 0;
}

static void test_streaming(void **state)
{
    (void)state;
    ward_llm *llm = open_tiny(7);
    float temps[] = {0.0f, 0.8f};
    for (int i = 0; i < 2; i++) {
        ward_buf got;
        ward_buf_init(&got);
        ward_gen_params g = ward_gen_default_params();
        g.max_tokens = 40;
        g.temperature = temps[i];
        g.on_token = collect;
        g.ud = &got;
        ward_gen_result r;
        chat_ok(llm, CHAT, 2, &g, &r);
        assert_true(r.n_gen > 0);
        assert_string_equal(got.data ? got.data : "", r.text);
        ward_gen_result_free(&r);
        ward_buf_free(&got);
    }
    ward_llm_free(llm);
}

/* The greedy output cut at a stop string taken from its own middle. */
static void test_stop_and_max_tokens(void **state)
{
    (void)state;
    ward_llm *llm = open_tiny(1);
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = 30;
    g.ignore_eos = 1;
    ward_gen_result full;
    chat_ok(llm, CHAT, 2, &g, &full);
    assert_int_equal(full.n_gen, 30);
    size_t len = strlen(full.text);
    assert_true(len > 12);
    char stop[5];
    memcpy(stop, full.text + len / 2, 4);
    stop[4] = 0;
    size_t cut = (size_t)(strstr(full.text, stop) - full.text);
    const char *stops[] = {"never-in-this-output-\x01", stop, NULL};
    ward_buf got;
    ward_buf_init(&got);
    g.stop = stops;
    g.on_token = collect;
    g.ud = &got;
    ward_gen_result r;
    chat_ok(llm, CHAT, 2, &g, &r);
    assert_int_equal(strlen(r.text), cut);
    assert_memory_equal(r.text, full.text, cut);
    assert_string_equal(got.data ? got.data : "", r.text);
    assert_true(r.n_gen < 30);
    ward_gen_result_free(&r);

    g = ward_gen_default_params();
    g.max_tokens = 3;
    g.ignore_eos = 1;
    chat_ok(llm, CHAT, 2, &g, &r);
    assert_int_equal(r.n_gen, 3);
    ward_gen_result_free(&r);
    ward_gen_result_free(&full);
    ward_buf_free(&got);
    ward_llm_free(llm);
}

static const char *SCHEMAS[] = {
    "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"},\"confidence\":{\"type\":\"number\"}},"
    "\"required\":[\"answer\",\"confidence\"],\"additionalProperties\":false}",
    "{\"type\":\"object\",\"properties\":{\"severity\":{\"enum\":[\"mild\",\"moderate\",\"severe\"]},"
    "\"score\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}},\"required\":[\"severity\",\"score\"]}",
    "{\"type\":\"object\",\"properties\":{\"citations\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"},"
    "\"maxItems\":5},\"sentences\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
    "{\"text\":{\"type\":\"string\",\"maxLength\":40},\"ok\":{\"type\":\"boolean\"}},\"required\":[\"text\",\"ok\"]}}},"
    "\"required\":[\"citations\",\"sentences\"]}",
};

/* Checks the fields by hand too, not only with Ward's own validator. */
static void check_shape(int which, json_t *v)
{
    assert_true(json_is_object(v));
    if (which == 0) {
        assert_true(json_is_string(json_object_get(v, "answer")));
        assert_true(json_is_number(json_object_get(v, "confidence")));
        assert_int_equal(json_object_size(v), 2);
    } else if (which == 1) {
        const char *s = json_string_value(json_object_get(v, "severity"));
        assert_non_null(s);
        assert_true(!strcmp(s, "mild") || !strcmp(s, "moderate") || !strcmp(s, "severe"));
        json_t *score = json_object_get(v, "score");
        assert_true(json_is_integer(score));
        assert_true(json_integer_value(score) >= 0 && json_integer_value(score) <= 10);
    } else {
        json_t *c = json_object_get(v, "citations"), *s = json_object_get(v, "sentences"), *e;
        size_t i;
        assert_true(json_is_array(c) && json_array_size(c) <= 5);
        json_array_foreach(c, i, e) assert_true(json_is_integer(e));
        assert_true(json_is_array(s));
        json_array_foreach(s, i, e) {
            assert_true(json_is_string(json_object_get(e, "text")));
            assert_true(json_is_boolean(json_object_get(e, "ok")));
        }
    }
}

static void test_json_schema_always_valid(void **state)
{
    (void)state;
    unsigned seeds[] = {1, 2, 3};
    float temps[] = {0.0f, 0.7f, 1.5f};
    for (int s = 0; s < 3; s++) {
        ward_llm *llm = open_tiny(seeds[s]);
        for (int which = 0; which < 3; which++)
            for (int t = 0; t < 3; t++) {
                ward_gen_params g = ward_gen_default_params();
                g.max_tokens = 96;
                g.temperature = temps[t];
                g.json_schema = SCHEMAS[which];
                ward_gen_result r;
                chat_ok(llm, CHAT, 2, &g, &r);
                json_error_t je;
                json_t *v = json_loads(r.text, 0, &je);
                if (!v) fprintf(stderr, "schema %d seed %u temp %.1f: not JSON: %s\n", which, seeds[s], temps[t], r.text);
                assert_non_null(v);
                check_shape(which, v);
                ward_err err = {0};
                assert_int_equal(ward_json_schema_validate(SCHEMAS[which], r.text, &err), WARD_OK);
                json_decref(v);
                ward_gen_result_free(&r);
            }
        ward_llm_free(llm);
    }
}

/* A long prompt leaves less room than max_tokens: closing mode works from
 * the room left in the context, so the output still closes and validates. */
static void test_schema_within_context(void **state)
{
    (void)state;
    ward_buf ctx;
    ward_buf_init(&ctx);
    for (int i = 0; i < 18; i++)
        ward_buf_printf(&ctx, "Visit %d: blood pressure stable, metformin continued, A1c reviewed. ", i + 1);
    ward_chat_msg m[] = {{"system", ctx.data}, {"user", "Answer in JSON."}};
    ward_llm *llm = open_tiny(3);
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = 2048;
    g.temperature = 1.0f;
    g.json_schema = SCHEMAS[2];
    ward_gen_result r;
    chat_ok(llm, m, 2, &g, &r);
    assert_true(r.n_prompt > 350 && r.n_prompt + r.n_gen <= 512);
    ward_err err = {0};
    assert_int_equal(ward_json_schema_validate(SCHEMAS[2], r.text, &err), WARD_OK);
    ward_gen_result_free(&r);
    ward_llm_free(llm);
    ward_buf_free(&ctx);
}

static void test_gbnf_grammar(void **state)
{
    (void)state;
    ward_llm *llm = open_tiny(5);
    ward_gen_params g = ward_gen_default_params();
    g.grammar = "root ::= (\"yes\" | \"no\") \" \" [0-9]";
    g.temperature = 1.0f;
    ward_gen_result r;
    chat_ok(llm, CHAT, 2, &g, &r);
    assert_true(!strcmp(r.text, "yes ") || !strncmp(r.text, "yes ", 4) || !strncmp(r.text, "no ", 3));
    size_t n = strlen(r.text);
    assert_true(n == 5 || n == 4);
    assert_true(r.text[n - 1] >= '0' && r.text[n - 1] <= '9');
    ward_gen_result_free(&r);
    ward_llm_free(llm);
}

static int called;
static int count_calls(const char *piece, void *ud)
{
    (void)piece, (void)ud;
    called++;
    return 0;
}

/* Fails closed: no text, no streamed piece, an error naming the problem. */
static void expect_refused(ward_llm *llm, const char *schema, const char *grammar, const char *want)
{
    ward_gen_params g = ward_gen_default_params();
    g.json_schema = schema;
    g.grammar = grammar;
    g.max_tokens = 16;
    g.on_token = count_calls;
    called = 0;
    ward_gen_result r;
    ward_err err = {0};
    int rc = ward_llm_chat(llm, CHAT, 2, &g, &r, &err);
    assert_int_not_equal(rc, WARD_OK);
    assert_null(r.text);
    assert_int_equal(called, 0);
    if (!strstr(err.msg, want)) fprintf(stderr, "error '%s' lacks '%s'\n", err.msg, want);
    assert_non_null(strstr(err.msg, want));
}

static void test_invalid_schema_and_grammar(void **state)
{
    (void)state;
    ward_llm *llm = open_tiny(1);
    expect_refused(llm, "{\"type\": \"object\", \"properties\": {", NULL, "not a JSON object");
    expect_refused(llm, "[1, 2]", NULL, "not a JSON object");
    expect_refused(llm, "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}", NULL,
                   "cannot be compiled");
    expect_refused(llm, "{\"type\":\"string\",\"pattern\":\"^[unclosed$\"}", NULL, "cannot be compiled");
    expect_refused(llm, "{\"type\":\"string\",\"pattern\":\"[0-9]+\"}", NULL, "anchored");
    expect_refused(llm, NULL, "root ::= \"a\" undefined-rule", "does not compile");
    expect_refused(llm, NULL, "root ::= (\"a\"", "does not compile");
    expect_refused(llm, NULL, "", "grammar is empty");
    expect_refused(llm, "{\"type\":\"object\"}", "root ::= \"a\"", "not both");
    ward_llm_free(llm);
}

/* A grammar whose shortest output is longer than max_tokens is an output
 * error (WARD_EOUTPUT: the task falls back to extractive), not a truncated answer. */
static void test_incomplete_structured_output(void **state)
{
    (void)state;
    ward_llm *llm = open_tiny(1);
    ward_gen_params g = ward_gen_default_params();
    g.grammar = "root ::= \"a\" \" b\" \" c\" \" d\" \" e\" \" f\" \" g\" \" h\" \" i\" \" j\" \" k\" \" l\"";
    g.max_tokens = 4;
    ward_gen_result r;
    ward_err err = {0};
    assert_int_equal(ward_llm_chat(llm, CHAT, 2, &g, &r, &err), WARD_EOUTPUT);
    assert_null(r.text);
    assert_non_null(strstr(err.msg, "not complete"));
    ward_llm_free(llm);
}

/* One patient's context across questions: the second call decodes only
 * what follows the shared prefix, and answers exactly as a fresh context. */
static void test_prefix_reuse(void **state)
{
    (void)state;
    ward_buf ctx;
    ward_buf_init(&ctx);
    ward_buf_puts(&ctx, "Chart excerpt. ");
    for (int i = 0; i < 16; i++)
        ward_buf_printf(&ctx, "Visit %d: blood pressure stable, metformin continued, A1c reviewed. ", i + 1);
    ward_chat_msg q1[] = {{"system", ctx.data}, {"user", "What changed at the last visit?"}};
    ward_chat_msg q2[] = {{"system", ctx.data}, {"user", "Is the patient on metformin?"}};
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = 12;
    ward_llm *llm = open_tiny(1);
    ward_gen_result a, b, fresh;
    chat_ok(llm, q1, 2, &g, &a);
    assert_int_equal(a.n_prompt_reused, 0);
    chat_ok(llm, q2, 2, &g, &b);
    assert_true(b.n_prompt > 250);
    assert_true(b.n_prompt_reused > 250);
    assert_true(b.n_prompt_reused < b.n_prompt);
    ward_llm *llm2 = open_tiny(1);
    chat_ok(llm2, q2, 2, &g, &fresh);
    assert_int_equal(fresh.n_prompt_reused, 0);
    assert_string_equal(b.text, fresh.text);
    /* The same request again reuses all but the last prompt token. */
    ward_gen_result c;
    chat_ok(llm2, q2, 2, &g, &c);
    assert_int_equal(c.n_prompt_reused, c.n_prompt - 1);
    assert_string_equal(c.text, fresh.text);
    ward_gen_result_free(&a);
    ward_gen_result_free(&b);
    ward_gen_result_free(&c);
    ward_gen_result_free(&fresh);
    ward_llm_free(llm);
    ward_llm_free(llm2);
    ward_buf_free(&ctx);
}

static void expect_open_error(const char *path, const char *want)
{
    ward_llm_params p = ward_llm_default_params();
    p.model_path = path;
    ward_llm *llm = (ward_llm *)1;
    ward_err err = {0};
    assert_int_equal(ward_llm_open(&p, &llm, &err), WARD_EMODEL);
    assert_null(llm);
    if (!strstr(err.msg, want)) fprintf(stderr, "error '%s' lacks '%s'\n", err.msg, want);
    assert_non_null(strstr(err.msg, want));
}

static void test_bad_models(void **state)
{
    (void)state;
    char dir[256], path[512];
    assert_non_null(test_tmpdir(dir, sizeof dir, "llm"));
    snprintf(path, sizeof path, "%s/missing.gguf", dir);
    expect_open_error(path, "cannot open model");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("not a model at all", f);
    fclose(f);
    expect_open_error(path, "is not a GGUF model file");
    /* A real model cut in half. */
    snprintf(path, sizeof path, "%s/cut.gguf", dir);
    FILE *in = fopen(WARD_TINY_CHAT, "rb"), *out = fopen(path, "wb");
    char buf[65536];
    for (int i = 0; i < 40; i++) fwrite(buf, 1, fread(buf, 1, sizeof buf, in), out);
    fclose(in);
    fclose(out);
    expect_open_error(path, "cannot load");
    expect_open_error(WARD_TINY_EMBED, "embedding model");
    assert_int_equal(test_rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_stop_and_max_tokens),
        cmocka_unit_test(test_json_schema_always_valid),
        cmocka_unit_test(test_schema_within_context),
        cmocka_unit_test(test_gbnf_grammar),
        cmocka_unit_test(test_invalid_schema_and_grammar),
        cmocka_unit_test(test_incomplete_structured_output),
        cmocka_unit_test(test_prefix_reuse),
        cmocka_unit_test(test_bad_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
