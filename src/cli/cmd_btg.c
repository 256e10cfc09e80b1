/* cmd_btg.c — `ward btg list`: break-the-glass grants, for review. */
#include "cli_int.h"

#include <jansson.h>
#include <string.h>

static int list_one(void *ud, const ward_btg_info *g)
{
    char from[32], to[32], ended[32];
    cli_time(g->started_at, from);
    cli_time(g->expires_at, to);
    cli_time(g->ended_at, ended);
    json_array_append_new(ud, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)g->id,
        "user", g->user, "patient_id", g->patient_id, "reason", g->reason, "started_at", from, "expires_at", to,
        "end_recorded_at", ended, "active", !g->ended_at));
    return 0;
}

static int run(cli_state *cli, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "list")) return cli_fail("btg", WARD_EUSAGE, "usage: ward btg list [--json]");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "btg", "admin", NULL)) return WARD_EDENIED;
    ward_err err = {0};
    json_t *l = json_array();
    int rc = ward_btg_each(st, list_one, l, &err);
    if (rc) {
        json_decref(l);
        return cli_fail("btg", rc, "%s", err.msg);
    }
    if ((rc = cli_audit(cli, "btg_list", NULL, "ok"))) {
        json_decref(l);
        return rc;
    }
    if (cli->json) {
        cli_print_json(l);
        return WARD_OK;
    }
    printf("%-5s %-16s %-38s %-20s %-20s %-7s %s\n", "ID", "USER", "PATIENT", "STARTED", "EXPIRES", "STATE", "REASON");
    size_t i;
    json_t *g;
    json_array_foreach(l, i, g)
        printf("%-5lld %-16s %-38s %-20s %-20s %-7s %s\n", json_integer_value(json_object_get(g, "id")),
               json_string_value(json_object_get(g, "user")), json_string_value(json_object_get(g, "patient_id")),
               json_string_value(json_object_get(g, "started_at")), json_string_value(json_object_get(g, "expires_at")),
               json_is_true(json_object_get(g, "active")) ? "active" : "ended",
               json_string_value(json_object_get(g, "reason")));
    if (!json_array_size(l)) printf("No break-the-glass grants.\n");
    json_decref(l);
    return WARD_OK;
}

const cli_command cli_cmd_btg = {
    "btg", run, "list break-the-glass grants for review",
    "usage: ward btg list [--json]\n\n"
    "Every break-the-glass grant (a clinician opening a patient outside their care\n"
    "team, through ward serve): who, which patient, the stated reason, when it\n"
    "started and expires, and whether its end has been recorded in the audit log.\n"
    "Grants are audited when they start (btg_start) and when they end (btg_end).\n"};
