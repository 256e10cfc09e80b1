/* cmd_audit.c — `ward audit`: read and verify the audit log. */
#include "cli.h"
#include "ward/govern.h"

#include <jansson.h>
#include <string.h>

static int verify(ward_cli *cli, ward_store *st)
{
    long n = 0;
    ward_err err = {0};
    int rc = ward_audit_verify(st, &n, &err);
    if (cli->json) cli_print_json(json_pack("{s:b, s:i, s:s?}", "ok", !rc, "events", (int)n, "error", rc ? err.msg : NULL));
    else if (!rc) printf("audit chain intact: %ld events\n", n);
    if (rc) return cli_fail("audit", rc, "%s", err.msg);
    return WARD_OK;
}

static int run(ward_cli *cli, int argc, char **argv)
{
    const char *patient = NULL;
    long limit = 50;
    int do_verify = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "verify")) do_verify = 1;
        else if (!strcmp(argv[i], "--patient") && i + 1 < argc) patient = argv[++i];
        else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            if ((limit = cli_parse_long(argv[++i])) < 0) return cli_fail("audit", WARD_EUSAGE, "-n needs a positive number");
        } else return cli_fail("audit", WARD_EUSAGE, "unexpected argument %s (see ward audit --help)", argv[i]);
    }
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (do_verify) return verify(cli, st);
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT id, ts, actor, role, action, patient_id, outcome FROM audit"
        " WHERE ?1 IS NULL OR patient_id = ?1 ORDER BY id DESC LIMIT ?2", &err);
    if (!s) return cli_fail("audit", WARD_EIO, "%s", err.msg);
    if (patient) sqlite3_bind_text(s, 1, patient, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, limit);
    json_t *list = json_array();
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *v[7];
        for (int i = 1; i < 7; i++) v[i] = (const char *)sqlite3_column_text(s, i);
        if (cli->json)
            json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s}", "id",
                (json_int_t)sqlite3_column_int64(s, 0), "ts", v[1], "actor", v[2], "role", v[3],
                "action", v[4], "patient_id", v[5], "outcome", v[6]));
        else
            printf("%6lld %s %-12s %-10s %-12s %-38s %s\n", sqlite3_column_int64(s, 0), v[1], v[2], v[3],
                   v[4], v[5] ? v[5] : "-", v[6]);
    }
    sqlite3_finalize(s);
    if (cli->json) cli_print_json(list);
    else json_decref(list);
    return WARD_OK;
}

const ward_command ward_cmd_audit = {
    "audit", run, "read or verify the audit log",
    "usage: ward audit [--patient ID] [-n N] [--json]\n"
    "       ward audit verify\n\n"
    "Every access to patient data (show, search, generation...) is recorded with\n"
    "who (WARD_USER, else USER), in what role (WARD_ROLE, default clinician), what,\n"
    "which patient and the outcome. Events are hash-chained: `verify` recomputes the\n"
    "chain and names the first event that was altered or removed (exit 2).\n"};
