/* cmd_serve.c — `ward serve`: run the HTTP service until SIGTERM.
 *
 * Signals are blocked before the server starts, so its worker threads
 * inherit the mask and only this thread sees them, through sigwait:
 * SIGHUP reloads the configuration, SIGTERM and SIGINT drain in-flight
 * requests, checkpoint the WAL and exit 0. The access log and the
 * server's errors arrive as ward_events and are printed to stderr here.
 */
#include "cli_int.h"
#include "ward/server.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static void print_event(void *ud, const ward_event *ev)
{
    (void)ud;
    static const char *kinds[] = {"progress", "error", "warning", "info"};
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int k = ev->kind >= 0 && ev->kind <= 3 ? ev->kind : 3;
    fprintf(stderr, "%s ward serve %s: %s\n", ts, kinds[k], ev->msg ? ev->msg : "");
}

/* Each open connection is a file descriptor: raise the soft limit to the
 * hard one (often 1024 -> much more), and warn when it is still below
 * --max-connections, so thousands of clients are not refused silently. */
static void raise_fd_limit(int max_connections)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl)) return;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)max_connections + 64)
        fprintf(stderr, "ward serve: warning: open files are limited to %llu, below --max-connections %d\n",
                (unsigned long long)rl.rlim_cur, max_connections);
}

/* "HOST:PORT" or ":PORT" or "PORT". */
static int parse_listen(const char *v, ward_server_params *p, char *host, size_t hn)
{
    const char *colon = strrchr(v, ':');
    const char *port = colon ? colon + 1 : v;
    if (colon && colon > v) {
        snprintf(host, hn, "%.*s", (int)(colon - v), v);
        p->host = host;
    }
    char *end;
    long n = strtol(port, &end, 10);
    if (!*port || *end || n < 0 || n > 65535) return -1;
    p->port = (int)n;
    return 0;
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_server_params p = ward_server_default_params();
    char host[256];
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int took = cli_llm_flags("serve", &p.llm, argc, argv, &i);
        if (took < 0) return WARD_EUSAGE;
        if (took) continue;
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
            continue;
        }
        if (!v) return cli_fail("serve", WARD_EUSAGE, "unknown option or missing value: %s", a);
        long n = cli_parse_long(v);
        if (!strcmp(a, "--listen")) {
            if (parse_listen(v, &p, host, sizeof host))
                return cli_fail("serve", WARD_EUSAGE, "--listen takes HOST:PORT, e.g. 127.0.0.1:8080");
        } else if (!strcmp(a, "--threads")) {
            if (n <= 0 || n > 1024) return cli_fail("serve", WARD_EUSAGE, "--threads needs 1..1024");
            p.threads = (int)n;
        } else if (!strcmp(a, "--store-read")) p.store_read = v;
        else if (!strcmp(a, "--tls-cert")) p.tls_cert = v;
        else if (!strcmp(a, "--tls-key")) p.tls_key = v;
        else if (!strcmp(a, "--max-body")) {
            if (n <= 0) return cli_fail("serve", WARD_EUSAGE, "--max-body needs a positive number of bytes");
            p.max_body = (size_t)n;
        } else if (!strcmp(a, "--max-header")) {
            if (n < 1024) return cli_fail("serve", WARD_EUSAGE, "--max-header needs at least 1024 bytes");
            p.max_header = (size_t)n;
        } else if (!strcmp(a, "--timeout")) {
            if (n <= 0) return cli_fail("serve", WARD_EUSAGE, "--timeout needs a positive number of seconds");
            p.timeout_s = (int)n;
        } else if (!strcmp(a, "--max-connections")) {
            if (n <= 0) return cli_fail("serve", WARD_EUSAGE, "--max-connections needs a positive number");
            p.max_connections = (int)n;
        } else if (!strcmp(a, "--work-timeout")) {
            if (n <= 0) return cli_fail("serve", WARD_EUSAGE, "--work-timeout needs a positive number of seconds");
            p.work_timeout_s = (int)n;
        } else if (!strcmp(a, "--drain")) {
            if (n <= 0) return cli_fail("serve", WARD_EUSAGE, "--drain needs a positive number of seconds");
            p.drain_s = (int)n;
        } else return cli_fail("serve", WARD_EUSAGE, "unknown option %s (see ward serve --help)", a);
        i++;
    }
    p.data_dir = cli->data_dir;
    p.report = print_event;
    if (quiet) p.report = NULL;

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    raise_fd_limit(p.max_connections);
    ward_server *srv = NULL;
    ward_err err = {0};
    int rc = ward_server_start(&p, &srv, &err);
    if (rc) return cli_fail("serve", rc, "%s", err.msg);
    fprintf(stderr, "ward serve: listening on %s://%s:%d (data %s)\n", p.tls_cert ? "https" : "http",
            p.host, ward_server_port(srv), cli->data_dir);
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig)) continue;
        if (sig == SIGHUP) {
            if (ward_server_reload(srv, &err)) fprintf(stderr, "ward serve: reload failed: %s\n", err.msg);
            else fprintf(stderr, "ward serve: reloaded\n");
            continue;
        }
        fprintf(stderr, "ward serve: %s: draining in-flight requests\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
        break;
    }
    rc = ward_server_shutdown(srv, &err);
    ward_server_free(srv);
    if (rc) return cli_fail("serve", rc, "%s", err.msg);
    fprintf(stderr, "ward serve: stopped\n");
    return WARD_OK;
}

const cli_command cli_cmd_serve = {
    "serve", run, "run the HTTP service (REST, FHIR, OpenAI-compatible API)",
    "usage: ward serve [--listen HOST:PORT] [--threads N] [--tls-cert F --tls-key F] [OPTIONS]\n\n"
    "Serves the store over HTTP until SIGTERM or SIGINT (which let requests in\n"
    "flight finish, checkpoint the WAL and exit 0); SIGHUP reloads DATA/config\n"
    "and the model settings. Routes and examples: docs/api.md.\n\n"
    "  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; port 0\n"
    "                       picks a free one, printed at start)\n"
    "  --threads N          worker threads, each with its own store connection (default 8)\n"
    "  --store-read URI     a read replica of the PostgreSQL store (a streaming standby):\n"
    "                       searches read it; identity, audit and writes use the store\n"
    "  --tls-cert F --tls-key F   serve HTTPS with these PEM files\n"
    "  --max-body BYTES     largest request body (default 8388608): 413 past it\n"
    "  --max-header BYTES   memory for a request's line and headers (default 16384): 431 past it\n"
    "  --timeout S          close connections silent for S seconds (default 30)\n"
    "  --max-connections N  open connections at most (default 16384)\n"
    "  --work-timeout S     stop a task's model work after S seconds: 503 timeout (default 300)\n"
    "  --drain S            at shutdown, wait S seconds for requests in flight (default 30)\n"
    "  -q, --quiet          no access log\n"
    "\nModel for the tasks (default: extractive, or DATA/config):\n" CLI_LLM_USAGE};
