/* cmd_patients.c — `ward patients`: list the patients in the store. */
#include "cli.h"

#include <jansson.h>

static int run(ward_cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_fail("patients", WARD_EUSAGE, "takes no arguments (see ward patients --help)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT p.id, p.name, p.birth_date, p.sex, p.deceased_date,"
        " (SELECT count(*) FROM documents d WHERE d.patient_id = p.id AND d.kind <> 'record'),"
        " (SELECT count(*) FROM resources r WHERE r.patient_id = p.id)"
        " FROM patients p ORDER BY p.name, p.id", &err);
    if (!s) return cli_fail("patients", WARD_EIO, "%s", err.msg);
    json_t *list = json_array();
    if (!cli->json) printf("%-38s %-28s %-10s %-7s %5s %6s\n", "ID", "NAME", "BORN", "SEX", "NOTES", "RECORDS");
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        const char *name = (const char *)sqlite3_column_text(s, 1);
        const char *born = (const char *)sqlite3_column_text(s, 2);
        const char *sex = (const char *)sqlite3_column_text(s, 3);
        const char *died = (const char *)sqlite3_column_text(s, 4);
        if (cli->json) {
            json_array_append_new(list, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:I}", "id", id,
                "name", name, "birth_date", born, "sex", sex, "deceased_date", died,
                "documents", (json_int_t)sqlite3_column_int64(s, 5),
                "resources", (json_int_t)sqlite3_column_int64(s, 6)));
        } else {
            printf("%-38s %-28.28s %-10s %-7s %5lld %6lld%s\n", id, name ? name : "-", born ? born : "-",
                   sex ? sex : "-", sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6),
                   died ? "  (deceased)" : "");
        }
    }
    sqlite3_finalize(s);
    if (cli_audit(cli, "patients", NULL, "ok")) {
        json_decref(list);
        return WARD_EIO;
    }
    if (cli->json) cli_print_json(list);
    else json_decref(list);
    return WARD_OK;
}

const ward_command ward_cmd_patients = {
    "patients", run, "list patients",
    "usage: ward patients [--json]\n\n"
    "Lists every patient: id, name, birth date, sex, number of documents and\n"
    "structured records. --json gives a list of objects with \"id\".\n"};
