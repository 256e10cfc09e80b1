/* test_llm_http.c — the OpenAI-compatible HTTP backend against a real
 * llama-server on loopback, serving the tiny chat model (needs: llama).
 *
 * The test starts the server on a free port, waits for /health, and
 * checks: plain and streamed completions (pieces concatenate to the text),
 * JSON-schema output that parses and validates, model listing, and clear
 * errors for a wrong path (4xx, no retry). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ward/llm.h"

static pid_t server;
static int port;
static char base_url[64];

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || getsockname(fd, (struct sockaddr *)&a, &n)) return -1;
    close(fd);
    return ntohs(a.sin_port);
}

static size_t discard(char *p, size_t s, size_t n, void *ud)
{
    (void)p, (void)ud;
    return s * n;
}

static long health(void)
{
    char url[96];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/health", port);
    CURL *c = curl_easy_init();
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

static int start_server(void **state)
{
    (void)state;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    port = free_port();
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d/v1", port);
    char port_s[16];
    snprintf(port_s, sizeof port_s, "%d", port);
    server = fork();
    if (server == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(WARD_LLAMA_SERVER, "llama-server", "-m", WARD_TINY_CHAT, "--host", "127.0.0.1", "--port", port_s,
              "-c", "2048", "-np", "1", "-t", "1", "--offline", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 600; i++) {   /* up to a minute on a loaded machine */
        if (health() == 200) return 0;
        int st;
        if (waitpid(server, &st, WNOHANG) == server) break;
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "llama-server did not come up on port %d\n", port);
    return -1;
}

static int stop_server(void **state)
{
    (void)state;
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    curl_global_cleanup();
    return 0;
}

static ward_llm *open_http(const char *url, int retries)
{
    ward_llm_params p = ward_llm_default_params();
    p.url = url;
    p.timeout_ms = 300000;   /* a loaded test machine can be slow; failures here are about behaviour */
    p.retries = retries;
    p.model_name = "tiny";
    ward_llm *llm = NULL;
    ward_err err = {0};
    assert_int_equal(ward_llm_open(&p, &llm, &err), WARD_OK);
    return llm;
}

static const ward_chat_msg CHAT[] = {
    {"system", "You are a careful clinical assistant."},
    {"user", "Summarize the last visit in one sentence."},
};

static void chat_ok(ward_llm *llm, const ward_gen_params *g, ward_gen_result *r)
{
    ward_err err = {0};
    int rc = ward_llm_chat(llm, CHAT, 2, g, r, &err);
    if (rc) fprintf(stderr, "chat: %s\n", err.msg);
    assert_int_equal(rc, WARD_OK);
    assert_non_null(r->text);
}

static int collect(const char *piece, void *ud)
{
    ward_buf_puts(ud, piece);
    return 0;
}

static void test_complete_and_stream(void **state)
{
    (void)state;
    ward_llm *llm = open_http(base_url, 0);
    assert_string_equal(ward_llm_backend(llm), "http");
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = 24;
    ward_gen_result plain, streamed;
    chat_ok(llm, &g, &plain);
    assert_true(plain.n_prompt > 10);
    assert_true(plain.n_gen > 0 && plain.n_gen <= 24);

    ward_buf got;
    ward_buf_init(&got);
    g.on_token = collect;
    g.ud = &got;
    chat_ok(llm, &g, &streamed);
    assert_true(streamed.n_gen > 0);
    assert_string_equal(got.data ? got.data : "", streamed.text);
    assert_string_equal(streamed.text, plain.text);   /* greedy: same answer either way */
    assert_true(streamed.n_prompt_reused > 0);       /* the server kept the prompt's cache */
    ward_gen_result_free(&plain);
    ward_gen_result_free(&streamed);
    ward_buf_free(&got);

    ward_buf info;
    ward_buf_init(&info);
    ward_err err = {0};
    assert_int_equal(ward_llm_probe(llm, &info, &err), WARD_OK);
    assert_non_null(strstr(info.data, "1 model"));
    ward_buf_free(&info);
    ward_llm_free(llm);
}

/* Bounded schema (no free-form strings): the server's grammar always closes. */
static const char *SCHEMA =
    "{\"type\":\"object\",\"properties\":{\"severity\":{\"enum\":[\"mild\",\"moderate\",\"severe\"]},"
    "\"score\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10},\"urgent\":{\"type\":\"boolean\"}},"
    "\"required\":[\"severity\",\"score\",\"urgent\"],\"additionalProperties\":false}";

static void test_json_schema(void **state)
{
    (void)state;
    ward_llm *llm = open_http(base_url, 0);
    float temps[] = {0.0f, 1.0f};
    for (int t = 0; t < 2; t++)
        for (int stream = 0; stream < 2; stream++) {
            ward_buf got;
            ward_buf_init(&got);
            ward_gen_params g = ward_gen_default_params();
            g.max_tokens = 200;
            g.temperature = temps[t];
            g.json_schema = SCHEMA;
            if (stream) g.on_token = collect, g.ud = &got;
            ward_gen_result r;
            chat_ok(llm, &g, &r);
            json_t *v = json_loads(r.text, 0, NULL);
            assert_non_null(v);
            const char *sev = json_string_value(json_object_get(v, "severity"));
            assert_non_null(sev);
            assert_true(!strcmp(sev, "mild") || !strcmp(sev, "moderate") || !strcmp(sev, "severe"));
            assert_true(json_is_integer(json_object_get(v, "score")));
            assert_true(json_is_boolean(json_object_get(v, "urgent")));
            ward_err err = {0};
            assert_int_equal(ward_json_schema_validate(SCHEMA, r.text, &err), WARD_OK);
            if (stream) assert_string_equal(got.data ? got.data : "", r.text);
            json_decref(v);
            ward_gen_result_free(&r);
            ward_buf_free(&got);
        }
    ward_llm_free(llm);
}

static void test_http_errors(void **state)
{
    (void)state;
    char url[96];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/wrong/path", port);
    ward_llm *llm = open_http(url, 3);
    ward_gen_params g = ward_gen_default_params();
    g.max_tokens = 4;
    ward_gen_result r;
    ward_err err = {0};
    assert_int_equal(ward_llm_chat(llm, CHAT, 2, &g, &r, &err), WARD_EMODEL);
    assert_null(r.text);
    assert_non_null(strstr(err.msg, "HTTP 404"));
    assert_non_null(strstr(err.msg, "/wrong/path/chat/completions"));
    assert_null(strstr(err.msg, "Summarize"));   /* never the prompt */
    assert_int_equal(ward_llm_probe(llm, NULL, &err), WARD_EMODEL);
    assert_non_null(strstr(err.msg, "HTTP 404"));
    ward_llm_free(llm);

    /* A request the server refuses (prompt beyond its context): status and its message. */
    llm = open_http(base_url, 0);
    ward_buf big;
    ward_buf_init(&big);
    for (int i = 0; i < 3000; i++) ward_buf_puts(&big, "metformin ");
    ward_chat_msg m = {"user", big.data};
    assert_int_equal(ward_llm_chat(llm, &m, 1, &g, &r, &err), WARD_EMODEL);
    assert_non_null(strstr(err.msg, "HTTP 4"));
    assert_null(strstr(err.msg, "metformin"));
    ward_buf_free(&big);
    ward_llm_free(llm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_and_stream),
        cmocka_unit_test(test_json_schema),
        cmocka_unit_test(test_http_errors),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
