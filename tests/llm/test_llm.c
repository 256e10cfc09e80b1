/* test_llm.c — the generation interface without a model: configuration
 * precedence (flag > environment > DATA/config), the extractive backend,
 * the stream that applies stop strings, the JSON schema validator, and the
 * HTTP client's errors when nothing listens (clear, and quick). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llm/llm_int.h"

static char dir[64];

static void write_config(const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/config", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void clear_env(void)
{
    const char *vars[] = {"WARD_MODEL", "WARD_LLM_URL", "WARD_LLM_KEY", "WARD_LLM_MODEL", "WARD_LLM_CTX",
                          "WARD_LLM_THREADS", "WARD_LLM_TIMEOUT_MS", "WARD_LLM_RETRIES", "WARD_LLM_SEED"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) unsetenv(vars[i]);
}

static void test_config_precedence(void **state)
{
    (void)state;
    clear_env();
    write_config("# deployment settings\n"
                 "model = models/chat.gguf\n"
                 "llm_key = from-config\n"
                 "llm_model = config-model\n"
                 "  llm_ctx =  2048  \n"
                 "llm_threads = 3\n"
                 "embedder = lexical\n"
                 "not a setting line\n");
    /* config only: a relative model path is relative to DATA */
    ward_llm_params p = ward_llm_default_params();
    ward_llm_params_from_env(&p, dir);
    char want[128];
    snprintf(want, sizeof want, "%s/models/chat.gguf", dir);
    assert_string_equal(p.model_path, want);
    assert_null(p.url);
    assert_string_equal(p.api_key, "from-config");
    assert_string_equal(p.model_name, "config-model");
    assert_int_equal(p.n_ctx, 2048);
    assert_int_equal(p.n_threads, 3);

    /* environment beats config; naming a URL there drops the config's model */
    setenv("WARD_LLM_URL", "http://env-host:8080/v1", 1);
    setenv("WARD_LLM_KEY", "from-env", 1);
    setenv("WARD_LLM_CTX", "1024", 1);
    p = ward_llm_default_params();
    ward_llm_params_from_env(&p, dir);
    assert_null(p.model_path);
    assert_string_equal(p.url, "http://env-host:8080/v1");
    assert_string_equal(p.api_key, "from-env");
    assert_string_equal(p.model_name, "config-model");
    assert_int_equal(p.n_ctx, 1024);

    /* flags beat both */
    p = ward_llm_default_params();
    p.model_path = "/flag/model.gguf";
    p.api_key = "from-flag";
    p.n_ctx = 8192;
    ward_llm_params_from_env(&p, dir);
    assert_string_equal(p.model_path, "/flag/model.gguf");
    assert_null(p.url);
    assert_string_equal(p.api_key, "from-flag");
    assert_int_equal(p.n_ctx, 8192);

    /* nothing anywhere: extractive */
    clear_env();
    write_config("\n# empty\n");
    p = ward_llm_default_params();
    ward_llm_params_from_env(&p, dir);
    assert_null(p.model_path);
    assert_null(p.url);
    ward_llm *llm;
    ward_err err = {0};
    assert_int_equal(ward_llm_open(&p, &llm, &err), WARD_OK);
    assert_string_equal(ward_llm_backend(llm), "extractive");
    ward_llm_free(llm);

    /* the last line for a key wins */
    write_config("llm_url = http://a/v1\nllm_url = http://b/v1\n");
    p = ward_llm_default_params();
    ward_llm_params_from_env(&p, dir);
    assert_string_equal(p.url, "http://b/v1");
}

static void test_extractive(void **state)
{
    (void)state;
    ward_llm *llm;
    ward_err err = {0};
    assert_int_equal(ward_llm_open(NULL, &llm, &err), WARD_OK);
    assert_string_equal(ward_llm_backend(llm), "extractive");
    assert_string_equal(ward_llm_model(llm), "none");
    ward_chat_msg m = {"user", "hello"};
    ward_gen_result r;
    assert_int_equal(ward_llm_chat(llm, &m, 1, NULL, &r, &err), WARD_EMODEL);
    assert_null(r.text);
    assert_non_null(strstr(err.msg, "extractive"));
    assert_int_equal(ward_llm_probe(llm, NULL, &err), WARD_OK);
    ward_llm_free(llm);
}

static int collect(const char *piece, void *ud)
{
    ward_buf_puts(ud, piece);
    ward_buf_putc(ud, '|');
    return 0;
}

/* Pieces split a stop string and a UTF-8 character across calls. */
static void test_stream_stop_strings(void **state)
{
    (void)state;
    const char *stops[] = {"<|end|>", "STOP", NULL};
    ward_buf seen;
    ward_buf_init(&seen);
    ward_gen_params g = ward_gen_default_params();
    g.stop = stops;
    g.on_token = collect;
    g.ud = &seen;
    llm_stream s;
    llm_stream_init(&s, &g);
    const char *pieces[] = {"Hello ", "<|", "not end ", "caf\xc3", "\xa9 ", "<|en", "d|> ignored"};
    int stopped = 0;
    for (size_t i = 0; i < 7 && !stopped; i++) stopped = llm_stream_push(&s, pieces[i], strlen(pieces[i]));
    assert_int_equal(stopped, 1);
    ward_gen_result r = {0};
    llm_stream_finish(&s, &r);
    llm_stream_free(&s);
    assert_string_equal(r.text, "Hello <|not end caf\xc3\xa9 ");
    /* "<|" held back until it could no longer start "<|end|>"; é never split */
    assert_string_equal(seen.data, "Hello |<|not end |caf|\xc3\xa9 |");
    ward_gen_result_free(&r);

    /* No stop string: everything comes through, the split character joined. */
    ward_buf_reset(&seen);
    g.stop = NULL;
    llm_stream_init(&s, &g);
    llm_stream_push(&s, "a\xe2\x82", 3);
    llm_stream_push(&s, "\xac b", 3);
    llm_stream_finish(&s, &r);
    llm_stream_free(&s);
    assert_string_equal(r.text, "a\xe2\x82\xac b");
    assert_string_equal(seen.data, "a|\xe2\x82\xac b|");
    ward_gen_result_free(&r);
    ward_buf_free(&seen);
}

static void expect_invalid(const char *schema, const char *v, const char *want)
{
    ward_err err = {0};
    assert_int_not_equal(ward_json_schema_validate(schema, v, &err), WARD_OK);
    if (!strstr(err.msg, want)) fprintf(stderr, "'%s' lacks '%s'\n", err.msg, want);
    assert_non_null(strstr(err.msg, want));
}

static void test_schema_validator(void **state)
{
    (void)state;
    const char *s = "{\"type\":\"object\",\"required\":[\"name\",\"dose\"],\"additionalProperties\":false,"
                    "\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":2,\"maxLength\":5},"
                    "\"dose\":{\"type\":\"number\",\"minimum\":0,\"exclusiveMaximum\":100},"
                    "\"route\":{\"enum\":[\"po\",\"iv\"]},\"tags\":{\"type\":\"array\",\"maxItems\":2,"
                    "\"items\":{\"$ref\":\"#/$defs/tag\"}}},\"$defs\":{\"tag\":{\"type\":\"string\"}}}";
    ward_err err = {0};
    assert_int_equal(ward_json_schema_validate(s, "{\"name\":\"asa\",\"dose\":81,\"route\":\"po\",\"tags\":[\"x\"]}", &err), 0);
    assert_int_equal(ward_json_schema_validate(s, "  {\"name\":\"\xc3\xa9t\xc3\xa9\",\"dose\":0.5}\n", &err), 0);
    expect_invalid(s, "{\"name\":\"asa\"}", "$: required property \"dose\" is missing");
    expect_invalid(s, "{\"name\":\"asa\",\"dose\":\"81\"}", "$.dose: wrong type");
    expect_invalid(s, "{\"name\":\"asa\",\"dose\":100}", "$.dose: not below exclusiveMaximum");
    expect_invalid(s, "{\"name\":\"a\",\"dose\":1}", "$.name: string too short");
    expect_invalid(s, "{\"name\":\"asa\",\"dose\":1,\"route\":\"im\"}", "$.route: not one of the enum values");
    expect_invalid(s, "{\"name\":\"asa\",\"dose\":1,\"tags\":[\"a\",\"b\",\"c\"]}", "$.tags: too many items");
    expect_invalid(s, "{\"name\":\"asa\",\"dose\":1,\"tags\":[3]}", "$.tags[0]: wrong type");
    /* a key the schema does not name is not quoted back (it came from the model) */
    expect_invalid(s, "{\"name\":\"asa\",\"dose\":1,\"Jane Doe\":1}", "$.(extra property)");
    expect_invalid(s, "{\"name\":\"asa\", \"dose\":", "not valid JSON");
    expect_invalid("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}]}", "\"x\"", "anyOf");
    expect_invalid("{\"$ref\":\"#/$defs/none\"}", "1", "unresolvable $ref");
    expect_invalid("{nope", "1", "schema is not valid JSON");
    assert_int_equal(ward_json_schema_validate("{\"type\":[\"integer\",\"null\"]}", "null", &err), 0);
    assert_int_equal(ward_json_schema_validate("{\"type\":\"integer\"}", "3.0", &err), 0);
}

/* Nothing listens on the port: a clear error after the retries, quickly. */
static void test_http_unreachable(void **state)
{
    (void)state;
    ward_llm_params p = ward_llm_default_params();
    p.url = "http://127.0.0.1:9/v1";
    p.api_key = "secret-key-123";
    p.timeout_ms = 2000;
    p.retries = 2;
    ward_llm *llm;
    ward_err err = {0};
    assert_int_equal(ward_llm_open(&p, &llm, &err), WARD_OK);
    assert_string_equal(ward_llm_backend(llm), "http");
    assert_string_equal(ward_llm_model(llm), "default@127.0.0.1:9");
    ward_chat_msg m = {"user", "Patient Jane Roe has chest pain"};
    ward_gen_result r;
    assert_int_equal(ward_llm_chat(llm, &m, 1, NULL, &r, &err), WARD_EMODEL);
    assert_null(r.text);
    assert_non_null(strstr(err.msg, "cannot reach the model endpoint"));
    assert_non_null(strstr(err.msg, "127.0.0.1:9/v1/chat/completions"));
    assert_null(strstr(err.msg, "Jane"));
    assert_null(strstr(err.msg, "secret-key"));
    assert_int_equal(ward_llm_probe(llm, NULL, &err), WARD_EMODEL);
    ward_llm_free(llm);

    p.url = "ftp://example.org/v1";
    assert_int_equal(ward_llm_open(&p, &llm, &err), WARD_EUSAGE);
    assert_non_null(strstr(err.msg, "http://"));
}

static void test_requests_checked(void **state)
{
    (void)state;
    ward_llm_params p = ward_llm_default_params();
    p.url = "http://127.0.0.1:9";
    ward_llm *llm;
    ward_err err = {0};
    assert_int_equal(ward_llm_open(&p, &llm, &err), WARD_OK);
    ward_chat_msg m = {"user", "hi"};
    ward_gen_params g = ward_gen_default_params();
    ward_gen_result r;
    g.grammar = "root ::= \"a\"";
    assert_int_equal(ward_llm_chat(llm, &m, 1, &g, &r, &err), WARD_EUSAGE);
    assert_non_null(strstr(err.msg, "GBNF grammars need the in-process backend"));
    g.grammar = NULL;
    g.json_schema = "{\"type\":";
    assert_int_equal(ward_llm_chat(llm, &m, 1, &g, &r, &err), WARD_EUSAGE);
    g.json_schema = NULL;
    g.max_tokens = 0;
    assert_int_equal(ward_llm_chat(llm, &m, 1, &g, &r, &err), WARD_EUSAGE);
    assert_int_equal(ward_llm_chat(llm, &m, 0, NULL, &r, &err), WARD_EUSAGE);
    ward_llm_free(llm);
}

int main(void)
{
    if (!test_tmpdir(dir, sizeof dir, "llm")) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_precedence),
        cmocka_unit_test(test_extractive),
        cmocka_unit_test(test_stream_stop_strings),
        cmocka_unit_test(test_schema_validator),
        cmocka_unit_test(test_http_unreachable),
        cmocka_unit_test(test_requests_checked),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    if (test_rmdir(dir)) rc = 1;
    return rc;
}
