/* main.c — the `ward` command: global options, then one subcommand.
 *
 *   ward [--data DIR] [--store URL] [--json] COMMAND [ARGS]
 *
 * Subcommands live in cmd_*.c and are listed once, in cli_int.h. */
#include "cli_int.h"
#include "ward/govern.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

static const cli_command *commands[] = {
#define X(name) &cli_cmd_##name,
    CLI_COMMANDS(X)
#undef X
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: ward [--data DIR] [--store URL] [--json] COMMAND [ARGS]\n\n"
               "Ward: a private, self-hosted generative-AI engine for healthcare.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f, "\nGlobal options (before or after COMMAND):\n"
               "  --data DIR   data directory (default $WARD_DATA, else ./ward-data)\n"
               "  --store URL  the database: postgresql://... for PostgreSQL (default\n"
               "               $WARD_STORE, else `store =` in DATA/config, else SQLite\n"
               "               in DATA/ward.db); DATA still holds keys and spool\n"
               "  --json       machine-readable output\n"
               "  --help       help for ward or for COMMAND\n"
               "  --version    print the version\n"
               "\nExit status: 0 ok, 1 usage error, 2 data or input error.\n");
}

ward_store *cli_store(cli_state *cli)
{
    if (cli->store) return cli->store;
    ward_err err = {0};
    ward_store_params p = ward_store_default_params();
    /* A mistyped --data must not answer "No matches" from a new empty
     * store: the commands that read a chart or the store need one. */
    static const char *const readers[] = {"stats", "search", "patients", "show", "drafts", "review",
                                          "audit", "ask", "summarize", "index", "codes"};
    for (size_t i = 0; cli->command && i < sizeof readers / sizeof *readers; i++)
        if (!strcmp(cli->command, readers[i])) p.must_exist = 1;
    if (ward_store_open(cli->data_dir, &p, &cli->store, &err)) {
        fprintf(stderr, "ward: %s\n", err.msg);
        return NULL;
    }
    return cli->store;
}

int cli_usage(const cli_command *cmd)
{
    fputs(cmd->usage, stdout);
    return WARD_OK;
}

int cli_fail(const char *cmd, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ward %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code;
}

int cli_write_text(const char *cmd, const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    size_t n = text ? strlen(text) : 0;
    int ok = f && fwrite(text ? text : "", 1, n, f) == n;
    int saved = errno;
    if (f && fclose(f)) ok = 0, saved = errno;
    if (!ok) return cli_fail(cmd, WARD_EIO, "%s: cannot write (%s)", path, strerror(saved));
    return WARD_OK;
}

void cli_print_json(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2));
    if (s) {
        puts(s);
        free(s);
    }
    json_decref(v);
}

int cli_audit(cli_state *cli, const char *action, const char *patient_id, const char *outcome)
{
    ward_err err = {0};
    if (!cli->store || ward_audit_as(cli->store, &cli->who, action, patient_id, outcome, &err) == WARD_OK)
        return WARD_OK;
    return cli_fail(action, WARD_EIO, "%s", err.msg);
}

int cli_require(cli_state *cli, const char *cmd, const char *action, const char *patient_id)
{
    if (ward_scope_may(&cli->who, action)) return WARD_OK;
    if (cli_store(cli)) cli_audit(cli, cmd, patient_id, "denied");
    return cli_fail(cmd, WARD_EDENIED, "not allowed for role %s (WARD_ROLE narrows what the CLI may do)",
                    cli->who.role);
}

int cli_deid(cli_state *cli)
{
    return !ward_scope_may(&cli->who, "read_phi") && ward_scope_may(&cli->who, "read_deid");
}

void cli_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!t || !gmtime_r(&tt, &tm)) snprintf(out, 32, "-");
    else strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long cli_parse_long(const char *s)
{
    char *end;
    long v = strtol(s ? s : "", &end, 10);
    return (s && *s && !*end && v > 0) ? v : -1;
}

/* Removes global options from argv wherever they are; returns new argc. */
static int strip_globals(cli_state *cli, int argc, char **argv, int *bad)
{
    int out = 0;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--")) {           /* everything after is positional */
            while (i < argc) argv[out++] = argv[i++];
            break;
        }
        if (!strcmp(a, "--data")) {
            if (i + 1 >= argc) { *bad = 1; break; }
            cli->data_dir = argv[++i];
        } else if (!strncmp(a, "--data=", 7)) {
            cli->data_dir = a + 7;
        } else if (!strcmp(a, "--store") || !strncmp(a, "--store=", 8)) {
            /* Through the environment: every store the process opens
             * (the server's workers too) and the commands it runs use it. */
            const char *v = a[7] == '=' ? a + 8 : i + 1 < argc ? argv[++i] : NULL;
            if (!v || !*v) { *bad = 2; break; }
            setenv("WARD_STORE", v, 1);
        } else if (!strcmp(a, "--json")) {
            cli->json = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            cli->help = 1;
        } else {
            argv[out++] = a;
        }
    }
    return out;
}

/* llama.cpp's threads meet at a barrier after every step of a token, and
 * OpenMP's default is to spin there. On a machine whose cores are busy (a
 * server's other requests, other services) a spinning thread holds the
 * core its partner needs: one grounded answer took 20 s instead of 0.7 s.
 * libgomp reads its wait policy once, when the program loads, so Ward
 * sets it by running itself again (with the command line as it came),
 * before the command has done anything. An operator's own OMP_WAIT_POLICY
 * is kept. */
static void omp_wait_passive(char **argv)
{
#ifdef WARD_HAVE_LLAMA
    if (getenv("OMP_WAIT_POLICY")) return;
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv); /* returns only on failure: go on as we are */
#else
    (void)argv;
#endif
}

/* The commands that never run a model, and so skip omp_wait_passive's
 * second start of the process: loading the binary and its libraries again
 * cost about 30 ms of CPU, a percent of an ingest of 5,000 notes (issue
 * 14). A command left off only starts twice. */
static int runs_model(const char *cmd)
{
    static const char *const never[] = {"init", "ingest", "stats", "deid", "patients", "show", "audit"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        if (!strcmp(cmd, never[i])) return 0;
    return 1;
}

/* given: the command line as it came (argv is reordered here). */
static int run(int argc, char **argv, char **given)
{
    cli_state cli = {0};
    cli_log_init();
    cli.data_dir = getenv("WARD_DATA");
    if (!cli.data_dir || !*cli.data_dir) cli.data_dir = "ward-data";
    int bad = 0;
    ward_err err = {0};
    if (ward_principal_cli(&cli.who, &err)) {
        fprintf(stderr, "ward: %s\n", err.msg);
        return 1;
    }
    argc = strip_globals(&cli, argc, argv, &bad);
    if (bad) {
        fprintf(stderr, bad == 2 ? "ward: --store needs a location (postgresql://...)\n" : "ward: --data needs a directory\n");
        return 1;
    }
    if (argc < 2) {
        usage(cli.help ? stdout : stderr);
        return cli.help ? 0 : 1;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("ward %s\n", WARD_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i]->name)) continue;
        if (cli.help) return cli_usage(commands[i]);
        if (runs_model(commands[i]->name)) omp_wait_passive(given);
        cli.command = commands[i]->name;
        int rc = commands[i]->run(&cli, argc - 1, argv + 1);
        ward_store_free(cli.store);
        return ward_exit_status(rc);
    }
    fprintf(stderr, "ward: unknown command '%s' (see ward --help)\n", argv[1]);
    return 1;
}

int main(int argc, char **argv)
{
    /* past the file size limit (ulimit -f) a write fails and the command
     * says why, instead of SIGXFSZ killing the process mid-write */
    ward_file_limit_catch();
    char **given = ward_xcalloc((size_t)argc + 1, sizeof *given);
    memcpy(given, argv, (size_t)argc * sizeof *argv);
    int rc = run(argc, argv, given);
    free(given);
    return rc;
}
