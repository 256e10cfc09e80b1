/* cmd_audit.c — `ward audit`: read, verify and export the audit log. */
#include "cli_int.h"

#include <jansson.h>
#include <string.h>

static int verify(cli_state *cli, ward_store *st)
{
    long n = 0;
    ward_err err = {0};
    int rc = ward_audit_verify(st, &n, &err);
    if (cli->json) cli_print_json(json_pack("{s:b, s:i, s:s?}", "ok", !rc, "events", (int)n, "error", rc ? err.msg : NULL));
    else if (!rc) printf("audit chain intact: %ld events\n", n);
    if (rc) return cli_fail("audit", rc, "%s", err.msg);
    return WARD_OK;
}

static int write_line(void *ud, const char *line, size_t len)
{
    FILE *f = ud;
    return fwrite(line, 1, len, f) != len || fputc('\n', f) == EOF ? WARD_EIO : 0;
}

static int export_fhir(cli_state *cli, ward_store *st, long since)
{
    ward_err err = {0};
    int rc = cli_audit(cli, "audit_export", NULL, "ok");
    if (!rc) rc = ward_audit_export_fhir(st, since, write_line, stdout, &err);
    if (rc && err.msg[0]) return cli_fail("audit", rc, "%s", err.msg);
    return fflush(stdout) ? cli_fail("audit", WARD_EIO, "cannot write the export") : rc;
}

static int list_one(void *ud, const ward_audit_row *r)
{
    cli_state *cli = ((void **)ud)[0];
    json_t *list = ((void **)ud)[1];
    if (cli->json)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?}", "id",
            (json_int_t)r->id, "ts", r->ts, "actor", r->actor, "role", r->role, "action", r->action,
            "patient_id", r->patient_id, "outcome", r->outcome, "reason", r->reason, "client", r->client));
    else
        printf("%6lld %s %-12s %-10s %-12s %-38s %s%s%s\n", (long long)r->id, r->ts, r->actor, r->role, r->action,
               r->patient_id ? r->patient_id : "-", r->outcome, r->reason ? "  reason: " : "", r->reason ? r->reason : "");
    return 0;
}

static int run(cli_state *cli, int argc, char **argv)
{
    const char *patient = NULL;
    long limit = 50, since = 0;
    int do_verify = 0, do_export = 0, fhir = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "verify") && i == 1) do_verify = 1;
        else if (!strcmp(argv[i], "export") && i == 1) do_export = 1;
        else if (!strcmp(argv[i], "--fhir")) fhir = 1;
        else if (!strcmp(argv[i], "--since") && i + 1 < argc) {
            if ((since = cli_parse_long(argv[++i])) < 0) return cli_fail("audit", WARD_EUSAGE, "--since needs an event id");
        } else if (!strcmp(argv[i], "--patient") && i + 1 < argc) patient = argv[++i];
        else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            if ((limit = cli_parse_long(argv[++i])) < 0) return cli_fail("audit", WARD_EUSAGE, "-n needs a positive number");
        } else return cli_fail("audit", WARD_EUSAGE, "unexpected argument %s (see ward audit --help)", argv[i]);
    }
    if (do_export && !fhir) return cli_fail("audit", WARD_EUSAGE, "give --fhir (the export format)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "audit", "admin", NULL)) return WARD_EDENIED;
    if (do_verify) return verify(cli, st);
    if (do_export) return export_fhir(cli, st, since);
    ward_err err = {0};
    json_t *list = json_array();
    void *ud[2] = {cli, list};
    int rc = ward_store_audit_recent(st, patient, limit, list_one, ud, &err);
    if (rc) {
        json_decref(list);
        return cli_fail("audit", rc, "%s", err.msg);
    }
    if (cli->json) cli_print_json(list);
    else json_decref(list);
    return WARD_OK;
}

const cli_command cli_cmd_audit = {
    "audit", run, "read, verify or export the audit log",
    "usage: ward audit [--patient ID] [-n N] [--json]\n"
    "       ward audit verify\n"
    "       ward audit export --fhir [--since ID]\n\n"
    "Every access to patient data (patients, show, search, drafts, generation,\n"
    "exports...), every login and every change to users and tokens is recorded:\n"
    "who (the OS user for the CLI, the user for ward serve), in what role, what,\n"
    "which patient, the outcome, the break-the-glass reason, the client address.\n"
    "Events are MAC-chained with DATA/audit.key and the chain's end is anchored in\n"
    "DATA/audit.head: `verify` names the first event altered or removed and finds\n"
    "deleted tails (exit 2). `export --fhir` writes FHIR R4 AuditEvent resources,\n"
    "one JSON per line (NDJSON), from event ID on with --since.\n"};
