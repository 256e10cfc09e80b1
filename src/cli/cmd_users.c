/* cmd_users.c — `ward users`: add, list, disable users and set their limits. */
#include "cli_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: ward users add NAME --role ROLE [--patient ID] [--password-stdin]\n"
    "                  [--rpm N] [--tokens-per-day N] [--concurrent N]\n"
    "       ward users list [--json]\n"
    "       ward users disable NAME | enable NAME\n"
    "       ward users password NAME --password-stdin\n"
    "       ward users limits NAME [--rpm N] [--tokens-per-day N] [--concurrent N]\n\n"
    "Users of `ward serve`. ROLE is clinician, nurse, researcher, patient (with\n"
    "--patient ID, their own record), admin or integration. A password (for the\n"
    "web workspace; read from the first line of stdin, at least 8 characters) is\n"
    "stored as an Argon2id hash; API clients use tokens (ward tokens). Limits\n"
    "(0 = none): requests per minute, generated tokens per day, requests in\n"
    "flight. Every change is audited.\n";

/* Reads the first line of stdin as a password. */
static char *read_password(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
    return line;
}

/* Parses --rpm/--tokens-per-day/--concurrent at argv[*i]; 1 taken, 0 not
 * a limit flag, -1 bad value. */
static int limit_flag(ward_limits *l, int *set, int argc, char **argv, int *i)
{
    int *field = !strcmp(argv[*i], "--rpm") ? &l->rpm
               : !strcmp(argv[*i], "--tokens-per-day") ? &l->tokens_per_day
               : !strcmp(argv[*i], "--concurrent") ? &l->concurrent : NULL;
    if (!field) return 0;
    char *end;
    long v = *i + 1 < argc ? strtol(argv[*i + 1], &end, 10) : -1;
    if (*i + 1 >= argc || *end || v < 0 || v > 1000000000) return -1;
    *field = (int)v;
    *set = 1;
    (*i)++;
    return 1;
}

typedef struct lister {
    cli_state *cli;
    json_t *list;
} lister;

static int list_one(void *ud, const ward_user_info *u)
{
    lister *ls = ud;
    char created[32];
    cli_time(u->created_at, created);
    if (ls->cli->json) {
        json_array_append_new(ls->list, json_pack("{s:I, s:s, s:s, s:s?, s:b, s:b, s:{s:i, s:i, s:i}, s:s}", "id", (json_int_t)u->id,
            "name", u->name, "role", u->role, "patient_id", u->patient_id, "disabled", u->disabled,
            "password", u->has_password, "limits", "rpm", u->limits.rpm, "tokens_per_day",
            u->limits.tokens_per_day, "concurrent", u->limits.concurrent, "created_at", created));
    } else {
        printf("%-20s %-12s %-9s %-8s %6d %9d %5d  %s\n", u->name, u->role, u->disabled ? "disabled" : "active",
               u->has_password ? "password" : "-", u->limits.rpm, u->limits.tokens_per_day, u->limits.concurrent,
               created);
    }
    return 0;
}

static int run(cli_state *cli, int argc, char **argv)
{
    if (argc < 2) return cli_fail("users", WARD_EUSAGE, "give add, list, disable, enable, password or limits");
    const char *sub = argv[1], *name = NULL, *role = NULL, *patient = NULL;
    int pw_stdin = 0, lset = 0;
    ward_limits l = {-1, -1, -1}; /* -1: unchanged */
    for (int i = 2; i < argc; i++) {
        int took = limit_flag(&l, &lset, argc, argv, &i);
        if (took < 0) return cli_fail("users", WARD_EUSAGE, "%s needs a number (0 = no limit)", argv[i]);
        if (took) continue;
        if (!strcmp(argv[i], "--role") && i + 1 < argc) role = argv[++i];
        else if (!strcmp(argv[i], "--patient") && i + 1 < argc) patient = argv[++i];
        else if (!strcmp(argv[i], "--password-stdin")) pw_stdin = 1;
        else if (argv[i][0] != '-' && !name) name = argv[i];
        else return cli_fail("users", WARD_EUSAGE, "unexpected argument %s (see ward users --help)", argv[i]);
    }
    int is_list = !strcmp(sub, "list");
    if (!is_list && !name) return cli_fail("users", WARD_EUSAGE, "give a user NAME");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "users", "admin", NULL)) return WARD_EDENIED;
    ward_err err = {0};
    if (is_list) {
        if (!cli->json) printf("%-20s %-12s %-9s %-8s %6s %9s %5s  %s\n", "NAME", "ROLE", "STATE", "LOGIN", "RPM",
                               "TOK/DAY", "CONC", "CREATED");
        lister ls = {cli, json_array()};
        int rc = ward_users_each(st, list_one, &ls, &err);
        if (!rc && cli->json) cli_print_json(ls.list);
        else json_decref(ls.list);
        return rc ? cli_fail("users", rc, "%s", err.msg) : cli_audit(cli, "users_list", NULL, "ok");
    }
    char *pw = NULL;
    if (pw_stdin && !(pw = read_password())) return cli_fail("users", WARD_EUSAGE, "no password on stdin");
    int rc;
    const char *action;
    if (!strcmp(sub, "add")) {
        action = "users_add";
        if (!role) rc = ward_err_set(&err, WARD_EUSAGE, "give --role ROLE");
        else rc = ward_users_add(st, name, role, patient, pw, NULL, &err);
        if (!rc && lset) rc = ward_users_set_limits(st, name, &l, &err);
    } else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
        action = "users_disable";
        rc = ward_users_disable(st, name, !strcmp(sub, "disable"), &err);
    } else if (!strcmp(sub, "password")) {
        action = "users_password";
        rc = pw ? ward_users_set_password(st, name, pw, &err) : ward_err_set(&err, WARD_EUSAGE, "give --password-stdin");
    } else if (!strcmp(sub, "limits")) {
        action = "users_limits";
        rc = lset ? ward_users_set_limits(st, name, &l, &err)
                  : ward_err_set(&err, WARD_EUSAGE, "give --rpm, --tokens-per-day or --concurrent");
    } else {
        free(pw);
        return cli_fail("users", WARD_EUSAGE, "unknown subcommand %s (see ward users --help)", sub);
    }
    if (pw) {
        memset(pw, 0, strlen(pw));
        free(pw);
    }
    int arc = cli_audit(cli, action, NULL, rc ? "error" : "ok");
    if (rc) return cli_fail("users", rc, "%s", err.msg);
    if (arc) return arc;
    if (cli->json) cli_print_json(json_pack("{s:s, s:s}", "user", name, "done", sub));
    else printf("User %s: %s done.\n", name, sub);
    return WARD_OK;
}

const cli_command cli_cmd_users = {"users", run, "manage users of ward serve", USAGE};
