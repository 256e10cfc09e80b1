/* cmd_patients.c — `ward patients`: list the patients in the store. */
#include "cli_int.h"

#include <jansson.h>

static int run(cli_state *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_fail("patients", WARD_EUSAGE, "takes no arguments (see ward patients --help)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    json_t *list;
    if (cli_require(cli, "patients", "read_deid", NULL)) return WARD_EDENIED;
    int rc = ward_patients_json(st, NULL, 0, 1, &list, &err);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p)
        if (!rc && cli_deid(cli)) rc = ward_redact_patient_json(st, p, &err);
    int arc = cli_audit(cli, "patients", NULL, rc ? "error" : "ok");
    if (rc) return cli_fail("patients", rc, "%s", err.msg);
    if (arc) {
        json_decref(list);
        return arc;
    }
    if (cli->json) {
        cli_print_json(list);
        return WARD_OK;
    }
    printf("%-38s %-28s %-10s %-7s %5s %6s\n", "ID", "NAME", "BORN", "SEX", "NOTES", "RECORDS");
    json_array_foreach(list, i, p) {
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *born = json_string_value(json_object_get(p, "birth_date"));
        if (!born) born = json_string_value(json_object_get(p, "birth_year"));
        const char *sex = json_string_value(json_object_get(p, "sex"));
        printf("%-38s %-28.28s %-10s %-7s %5lld %6lld%s\n", json_string_value(json_object_get(p, "id")),
               name ? name : "-", born ? born : "-", sex ? sex : "-",
               (long long)json_integer_value(json_object_get(p, "documents")),
               (long long)json_integer_value(json_object_get(p, "resources")),
               json_is_string(json_object_get(p, "deceased_date")) || json_is_true(json_object_get(p, "deceased"))
                   ? "  (deceased)" : "");
    }
    json_decref(list);
    return WARD_OK;
}

const cli_command cli_cmd_patients = {
    "patients", run, "list patients",
    "usage: ward patients [--json]\n\n"
    "Lists every patient: id, name, birth date, sex, number of documents and\n"
    "structured records. --json gives a list of objects with \"id\".\n"
    "Under WARD_ROLE=researcher: no names, birth year only, and pseudonymous ids\n"
    "(anon-...) that show and search --patient accept.\n"};
