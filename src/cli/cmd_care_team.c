/* cmd_care_team.c — `ward care-team`: which patients a clinician or nurse may read. */
#include "cli_int.h"

#include <jansson.h>
#include <string.h>

static int list_one(void *ud, const char *user, const char *patient_id, int64_t added_at)
{
    char at[32];
    cli_time(added_at, at);
    json_array_append_new(ud, json_pack("{s:s, s:s, s:s}", "user", user, "patient_id", patient_id, "added_at", at));
    return 0;
}

static int run(cli_state *cli, int argc, char **argv)
{
    if (argc < 2) return cli_fail("care-team", WARD_EUSAGE, "give add, remove or list");
    const char *sub = argv[1];
    int is_list = !strcmp(sub, "list");
    if (is_list ? argc > 3 : argc != 4)
        return cli_fail("care-team", WARD_EUSAGE, "usage: ward care-team add|remove USER PATIENT, or list [USER]");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "care-team", "admin", NULL)) return WARD_EDENIED;
    ward_err err = {0};
    if (is_list) {
        json_t *l = json_array();
        int rc = ward_care_team_each(st, argc == 3 ? argv[2] : NULL, list_one, l, &err);
        if (!rc) rc = cli_audit(cli, "care_team_list", NULL, "ok");
        else cli_fail("care-team", rc, "%s", err.msg);
        if (rc || cli->json) {
            if (!rc) cli_print_json(l);
            else json_decref(l);
            return rc;
        }
        size_t i;
        json_t *e;
        printf("%-20s %-38s %s\n", "USER", "PATIENT", "ADDED");
        json_array_foreach(l, i, e)
            printf("%-20s %-38s %s\n", json_string_value(json_object_get(e, "user")),
                   json_string_value(json_object_get(e, "patient_id")), json_string_value(json_object_get(e, "added_at")));
        json_decref(l);
        return WARD_OK;
    }
    int add = !strcmp(sub, "add");
    if (!add && strcmp(sub, "remove")) return cli_fail("care-team", WARD_EUSAGE, "unknown subcommand %s", sub);
    int rc = add ? ward_care_team_add(st, argv[2], argv[3], &err) : ward_care_team_remove(st, argv[2], argv[3], &err);
    int arc = cli_audit(cli, add ? "care_team_add" : "care_team_remove", argv[3], rc ? "error" : "ok");
    if (rc) return cli_fail("care-team", rc, "%s", err.msg);
    if (arc) return arc;
    if (cli->json) cli_print_json(json_pack("{s:s, s:s, s:s}", "user", argv[2], "patient_id", argv[3], "done", sub));
    else printf("Care team of %s: %s %s.\n", argv[2], add ? "added" : "removed", argv[3]);
    return WARD_OK;
}

const cli_command cli_cmd_care_team = {
    "care-team", run, "which patients a clinician or nurse may read",
    "usage: ward care-team add USER PATIENT\n"
    "       ward care-team remove USER PATIENT\n"
    "       ward care-team list [USER] [--json]\n\n"
    "Clinicians and nurses read identified data only for the patients on their\n"
    "care team (and, for clinicians, patients opened by break-the-glass; see\n"
    "ward btg). Every change is audited.\n"};
