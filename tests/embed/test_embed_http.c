/* test_embed_http.c — the OpenAI-compatible HTTP embedder against a real
 * llama-server (needs: llama) serving the tiny embedding model on a free
 * loopback port: the server's vectors match the in-process ones, a wrong
 * path is a clear 4xx error, and a dead port fails after the retries.
 * The server is started by the group setup and killed by its teardown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "ward/embed.h"

static pid_t server;
static int port;
static char url[128];

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || getsockname(s, (struct sockaddr *)&a, &n)) return -1;
    close(s);
    return ntohs(a.sin_port);
}

static size_t discard(char *p, size_t s, size_t n, void *ud) { (void)p, (void)ud; return s * n; }

static int healthy(void)
{
    char h[160];
    snprintf(h, sizeof h, "http://127.0.0.1:%d/health", port);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status == 200;
}

static int start_server(void **state)
{
    (void)state;
    port = free_port();
    if (port <= 0) return -1;
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    server = fork();
    if (server == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
        execl(WARD_LLAMA_SERVER, "llama-server", "--embedding", "--host", "127.0.0.1", "--port", ps, "-m",
              WARD_TINY_EMBED, "-t", "1", "-np", "2", (char *)NULL);
        _exit(127);
    }
    /* Up to 120 s: the server loads in well under a second on an idle machine. */
    for (int i = 0; i < 1200; i++) {
        if (healthy()) {
            snprintf(url, sizeof url, "http://127.0.0.1:%d/v1", port);
            return 0;
        }
        if (waitpid(server, NULL, WNOHANG) == server) return -1;
        usleep(100000);
    }
    return -1;
}

static int stop_server(void **state)
{
    (void)state;
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    return 0;
}

static const char *texts[] = {"Chest pain radiating to the left arm.", "Metformin 500 mg twice daily.",
                              "Hemoglobin A1c 8.1 percent.", "No known drug allergies.", "MI"};
#define NTEXTS (sizeof texts / sizeof *texts)

static ward_embedder *open_http(const char *u, int retries, int *rc, ward_err *err)
{
    ward_embed_params p = ward_embed_default_params();
    p.backend = WARD_EMBED_HTTP;
    p.url = u;
    p.model = "tiny-embed";
    p.batch = 2;
    p.retries = retries;
    p.timeout_ms = 30000;
    ward_embedder *e = NULL;
    *rc = ward_embedder_open(&p, &e, err);
    return e;
}

static void test_matches_in_process(void **state)
{
    (void)state;
    ward_err err = {0};
    int rc;
    ward_embedder *h = open_http(url, 2, &rc, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, WARD_OK);
    assert_int_equal(ward_embedder_dim(h), 64);
    assert_string_equal(ward_embedder_model_id(h), "http:tiny-embed");
    ward_embed_params p = ward_embed_default_params();
    p.backend = WARD_EMBED_LLAMA;
    p.model = WARD_TINY_EMBED;
    p.threads = 1;
    ward_embedder *l = NULL;
    assert_int_equal(ward_embedder_open(&p, &l, &err), WARD_OK);
    float a[NTEXTS * 64], b[NTEXTS * 64];
    assert_int_equal(ward_embed_batch(h, texts, NTEXTS, a, &err), WARD_OK);   /* 3 requests of <= 2 */
    assert_int_equal(ward_embed_batch(l, texts, NTEXTS, b, &err), WARD_OK);
    for (size_t i = 0; i < NTEXTS; i++) {
        assert_true(fabsf(ward_vec_dot(a + i * 64, a + i * 64, 64) - 1.0f) < 1e-4f);
        assert_true(ward_vec_dot(a + i * 64, b + i * 64, 64) > 0.9999f);   /* the same vector */
    }
    ward_embedder_free(h);
    ward_embedder_free(l);
}

static void test_wrong_path_is_4xx(void **state)
{
    (void)state;
    char bad[200];
    snprintf(bad, sizeof bad, "http://127.0.0.1:%d/no/such/api/embeddings", port);
    ward_err err = {0};
    int rc;
    ward_embedder *e = open_http(bad, 3, &rc, &err);
    assert_null(e);
    assert_int_equal(rc, WARD_EIO);
    assert_non_null(strstr(err.msg, "HTTP 404"));
    assert_non_null(strstr(err.msg, "base URL"));   /* says what to fix, naming no CLI flag */
}

static void test_dead_port_fails_after_retries(void **state)
{
    (void)state;
    char dead[100];
    snprintf(dead, sizeof dead, "http://127.0.0.1:%d/v1", free_port());
    ward_err err = {0};
    int rc;
    ward_embedder *e = open_http(dead, 1, &rc, &err);
    assert_null(e);
    assert_int_equal(rc, WARD_EIO);
    assert_non_null(strstr(err.msg, "after retries"));
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_in_process),
        cmocka_unit_test(test_wrong_path_is_4xx),
        cmocka_unit_test(test_dead_port_fails_after_retries),
    };
    int rc = cmocka_run_group_tests(tests, start_server, stop_server);
    curl_global_cleanup();
    return rc;
}
