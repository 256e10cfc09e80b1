/* cmd_show.c — `ward show PATIENT`: a readable chart.
 *
 * Everything comes from the lifted columns of the resources table, so the
 * chart reads the same whether the data came from FHIR, HL7 v2 or text. */
#include "cli.h"

#include <jansson.h>
#include <string.h>

static const struct { const char *title, *key; ward_chart_section which; } sections[] = {
    {"Problems", "problems", WARD_CHART_PROBLEMS},
    {"Medications", "medications", WARD_CHART_MEDICATIONS},
    {"Allergies", "allergies", WARD_CHART_ALLERGIES},
    {"Recent labs and vitals", "observations", WARD_CHART_OBSERVATIONS},
    {"Recent encounters", "encounters", WARD_CHART_ENCOUNTERS},
    {"Documents", "documents", WARD_CHART_DOCUMENTS},
};

static int demographics(void *ud, const ward_patient *p, int64_t documents, int64_t resources)
{
    (void)documents, (void)resources;
    *(json_t **)ud = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", p->id,
        "name", p->name, "birth_date", p->birth_date, "sex", p->sex, "race", p->race,
        "ethnicity", p->ethnicity, "deceased_date", p->deceased_date, "mrn", p->mrn);
    return 0;
}

typedef struct lines {
    int json;
    json_t *items;
} lines;

static int line(void *ud, const char *date, const char *text, const char *status)
{
    lines *l = ud;
    char d[11] = "";
    if (date) ward_date_norm(date, d);
    json_array_append_new(l->items, json_pack("{s:s?, s:s?, s:s?}", "date", *d ? d : NULL,
                                               "text", text, "status", status));
    if (!l->json)
        printf("  %-10s  %s%s%s%s\n", *d ? d : "", text ? text : "(no description)",
               status ? " (" : "", status ? status : "", status ? ")" : "");
    return 0;
}

static int run(ward_cli *cli, int argc, char **argv)
{
    if (argc != 2) return cli_fail("show", WARD_EUSAGE, "give one patient id (see ward patients)");
    const char *id = argv[1];
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    json_t *chart = NULL;
    int rc = ward_store_patients_each(st, id, demographics, &chart, &err);
    if (rc == WARD_ENOTFOUND) {
        cli_audit(cli, "show", id, "not_found");
        return cli_fail("show", WARD_ENOTFOUND, "no patient with that id (see ward patients)");
    }
    if (rc) {
        cli_audit(cli, "show", id, "error");
        return cli_fail("show", rc, "%s", err.msg);
    }
    if (cli_audit(cli, "show", id, "ok")) {
        json_decref(chart);
        return WARD_EIO;
    }
    if (!cli->json) {
        printf("%s  (id %s)\n", json_string_value(json_object_get(chart, "name")) ?: "(no name)", id);
        printf("Born %s   Sex %s   Race %s   Ethnicity %s%s%s\n",
               json_string_value(json_object_get(chart, "birth_date")) ?: "-",
               json_string_value(json_object_get(chart, "sex")) ?: "-",
               json_string_value(json_object_get(chart, "race")) ?: "-",
               json_string_value(json_object_get(chart, "ethnicity")) ?: "-",
               json_is_string(json_object_get(chart, "deceased_date")) ? "   Died " : "",
               json_string_value(json_object_get(chart, "deceased_date")) ?: "");
    }
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        lines l = {cli->json, json_array()};
        if (!cli->json) printf("\n%s\n", sections[i].title);
        if ((rc = ward_store_chart_lines(st, id, sections[i].which, line, &l, &err))) {
            json_decref(l.items);
            json_decref(chart);
            return cli_fail("show", rc, "cannot read the chart: %s", err.msg);
        }
        if (!cli->json && !json_array_size(l.items)) printf("  none recorded\n");
        json_object_set_new(chart, sections[i].key, l.items);
    }
    if (cli->json) cli_print_json(chart);
    else json_decref(chart);
    return WARD_OK;
}

const ward_command ward_cmd_show = {
    "show", run, "a patient's chart",
    "usage: ward show PATIENT [--json]\n\n"
    "Prints a readable chart: demographics, problems, medications, allergies,\n"
    "the latest value of each lab and vital (with the previous one for trend),\n"
    "recent encounters and documents. PATIENT is an id from `ward patients`.\n"};
