/* cmd_patients.c — `ward patients`: list the patients in the store. */
#include "cli.h"

#include <jansson.h>

typedef struct listing {
    int json;
    json_t *list;
} listing;

static int one(void *ud, const ward_patient *p, int64_t documents, int64_t resources)
{
    listing *l = ud;
    if (l->json) {
        json_array_append_new(l->list, json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:I}", "id", p->id,
            "name", p->name, "birth_date", p->birth_date, "sex", p->sex, "deceased_date", p->deceased_date,
            "documents", (json_int_t)documents, "resources", (json_int_t)resources));
    } else {
        printf("%-38s %-28.28s %-10s %-7s %5lld %6lld%s\n", p->id, p->name ? p->name : "-",
               p->birth_date ? p->birth_date : "-", p->sex ? p->sex : "-", (long long)documents,
               (long long)resources, p->deceased_date ? "  (deceased)" : "");
    }
    return 0;
}

static int run(ward_cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_fail("patients", WARD_EUSAGE, "takes no arguments (see ward patients --help)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    listing l = {cli->json, json_array()};
    if (!cli->json) printf("%-38s %-28s %-10s %-7s %5s %6s\n", "ID", "NAME", "BORN", "SEX", "NOTES", "RECORDS");
    if (ward_store_patients_each(st, NULL, one, &l, &err)) {
        json_decref(l.list);
        return cli_fail("patients", err.code, "%s", err.msg);
    }
    if (cli->json) cli_print_json(l.list);
    else json_decref(l.list);
    return WARD_OK;
}

const ward_command ward_cmd_patients = {
    "patients", run, "list patients",
    "usage: ward patients [--json]\n\n"
    "Lists every patient: id, name, birth date, sex, number of documents and\n"
    "structured records. --json gives a list of objects with \"id\".\n"};
