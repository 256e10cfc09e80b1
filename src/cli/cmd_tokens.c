/* cmd_tokens.c — `ward tokens`: create (shown once), revoke and list API tokens. */
#include "cli_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: ward tokens create USER [--expires 30d] [--scope \"patient/*.read ...\"]\n"
    "                          [--rpm N] [--tokens-per-day N] [--concurrent N] [--json]\n"
    "       ward tokens revoke ID\n"
    "       ward tokens list [--json]\n\n"
    "An API token for `ward serve` (Authorization: Bearer TOKEN). The token is\n"
    "printed once (with --json, in the field \"token\") and only a keyed hash of it\n"
    "is kept. --expires takes s, m, h or d (default: never). --scope narrows the\n"
    "user's role with SMART-on-FHIR scopes (patient/*.read, user/*.read,\n"
    "system/*.write...). Limits (0 = none) apply to this token on top of the user's.\n";

static int list_one(void *ud, const ward_token_info *t)
{
    json_t *list = ud;
    char created[32], expires[32], revoked[32], used[32];
    cli_time(t->created_at, created);
    cli_time(t->expires_at, expires);
    cli_time(t->revoked_at, revoked);
    cli_time(t->last_used_at, used);
    json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:i}}", "id",
        (json_int_t)t->id, "user", t->user, "scopes", t->scopes, "created_at", created, "expires_at", expires,
        "revoked_at", revoked, "last_used_at", used, "limits", "rpm", t->limits.rpm, "tokens_per_day",
        t->limits.tokens_per_day, "concurrent", t->limits.concurrent));
    return 0;
}

static int list(cli_state *cli, ward_store *st)
{
    json_t *l = json_array();
    ward_err err = {0};
    int rc = ward_tokens_each(st, list_one, l, &err);
    if (rc) {
        json_decref(l);
        return cli_fail("tokens", rc, "%s", err.msg);
    }
    if ((rc = cli_audit(cli, "tokens_list", NULL, "ok"))) {
        json_decref(l);
        return rc;
    }
    if (cli->json) {
        cli_print_json(l);
        return WARD_OK;
    }
    printf("%-5s %-20s %-20s %-20s %-20s %s\n", "ID", "USER", "EXPIRES", "REVOKED", "LAST USED", "SCOPES");
    size_t i;
    json_t *t;
    json_array_foreach(l, i, t)
        printf("%-5lld %-20s %-20s %-20s %-20s %s\n", json_integer_value(json_object_get(t, "id")),
               json_string_value(json_object_get(t, "user")), json_string_value(json_object_get(t, "expires_at")),
               json_string_value(json_object_get(t, "revoked_at")), json_string_value(json_object_get(t, "last_used_at")),
               *json_string_value(json_object_get(t, "scopes")) ? json_string_value(json_object_get(t, "scopes")) : "(role)");
    json_decref(l);
    return WARD_OK;
}

static int run(cli_state *cli, int argc, char **argv)
{
    if (argc < 2) return cli_fail("tokens", WARD_EUSAGE, "give create, revoke or list");
    const char *sub = argv[1], *arg = NULL;
    ward_token_params p = {0};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int *lim = !strcmp(a, "--rpm") ? &p.limits.rpm : !strcmp(a, "--tokens-per-day") ? &p.limits.tokens_per_day
                 : !strcmp(a, "--concurrent") ? &p.limits.concurrent : NULL;
        if (lim) {
            char *end;
            long n = v ? strtol(v, &end, 10) : -1;
            if (!v || *end || n < 0 || n > 1000000000) return cli_fail("tokens", WARD_EUSAGE, "%s needs a number", a);
            *lim = (int)n, i++;
        } else if (!strcmp(a, "--expires") && v) {
            if ((p.expires_in_s = ward_parse_duration(v)) <= 0)
                return cli_fail("tokens", WARD_EUSAGE, "--expires takes a duration such as 30d, 12h, 15m or 90s");
            i++;
        } else if (!strcmp(a, "--scope") && v) p.scopes = v, i++;
        else if (a[0] != '-' && !arg) arg = a;
        else return cli_fail("tokens", WARD_EUSAGE, "unexpected argument %s (see ward tokens --help)", a);
    }
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "tokens", "admin", NULL)) return WARD_EDENIED;
    if (!strcmp(sub, "list")) return list(cli, st);
    if (!arg) return cli_fail("tokens", WARD_EUSAGE, "give a %s", strcmp(sub, "revoke") ? "USER" : "token ID");
    ward_err err = {0};
    int64_t id = 0;
    if (!strcmp(sub, "revoke")) {
        long n = cli_parse_long(arg);
        int rc = n > 0 ? ward_tokens_revoke(st, n, &err) : ward_err_set(&err, WARD_EUSAGE, "give a token ID");
        int arc = cli_audit(cli, "tokens_revoke", NULL, rc ? "error" : "ok");
        if (rc) return cli_fail("tokens", rc, "%s", err.msg);
        if (arc) return arc;
        if (cli->json) cli_print_json(json_pack("{s:i, s:b}", "id", (int)n, "revoked", 1));
        else printf("Token %ld revoked.\n", n);
        return WARD_OK;
    }
    if (strcmp(sub, "create")) return cli_fail("tokens", WARD_EUSAGE, "unknown subcommand %s", sub);
    char secret[70];
    int rc = ward_tokens_create(st, arg, &p, secret, &id, &err);
    int arc = cli_audit(cli, "tokens_create", NULL, rc ? "error" : "ok");
    if (rc) return cli_fail("tokens", rc, "%s", err.msg);
    if (arc) return arc;
    if (cli->json)
        cli_print_json(json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "user", arg, "token", secret,
                                 "scopes", p.scopes ? p.scopes : ""));
    else
        printf("Token %lld for %s (shown once; store it now):\n%s\n", (long long)id, arg, secret);
    memset(secret, 0, sizeof secret);
    return WARD_OK;
}

const cli_command cli_cmd_tokens = {"tokens", run, "manage API tokens of ward serve", USAGE};
