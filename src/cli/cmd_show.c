/* cmd_show.c — `ward show PATIENT`: a readable chart.
 *
 * The chart is ward_chart_json (src/store/chart_q.c), the same JSON that
 * GET /api/v1/patients/{id} answers; this file only renders it as text. */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"Problems", "Mentioned in notes (no coded record)", "Medications", "Allergies",
                                     "Recent labs and vitals", "Recent encounters", "Documents"};

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* "  [FHIR + HL7 v2 + 2 notes]": the records that say a fact, when more than one does. */
static void print_origins(json_t *sources)
{
    if (json_array_size(sources) < 2) return;
    const char *names[] = {"FHIR", "HL7 v2", "note"};
    int counts[3] = {0, 0, 0}, first = 1;
    size_t i;
    json_t *s;
    json_array_foreach(sources, i, s)
        for (int k = 0; k < 3; k++) counts[k] += !strcmp(str(s, "origin") ?: "", names[k]);
    printf("  [");
    for (int k = 0; k < 3; k++) {
        if (!counts[k]) continue;
        printf("%s", first ? "" : " + ");
        first = 0;
        if (k == 2) printf("%d note%s", counts[k], counts[k] > 1 ? "s" : "");
        else if (counts[k] > 1) printf("%d %s records", counts[k], names[k]);
        else printf("%s", names[k]);
    }
    printf("]");
}

static void print_chart(const char *id, json_t *chart)
{
    printf("%s  (id %s)\n", str(chart, "name") ?: "(no name)", id);
    printf("Born %s   Sex %s   Race %s   Ethnicity %s%s%s\n", str(chart, "birth_date") ?: "-",
           str(chart, "sex") ?: "-", str(chart, "race") ?: "-", str(chart, "ethnicity") ?: "-",
           str(chart, "deceased_date") ? "   Died " : "", str(chart, "deceased_date") ?: "");
    for (size_t i = 0; ward_chart_sections[i]; i++) {
        json_t *items = json_object_get(chart, ward_chart_sections[i]), *it;
        size_t j;
        printf("\n%s\n", i < sizeof titles / sizeof *titles ? titles[i] : ward_chart_sections[i]);
        json_array_foreach(items, j, it) {
            const char *status = str(it, "status");
            json_t *prev = json_object_get(it, "previous");
            printf("  %-10s  %s", str(it, "date") ?: "", str(it, "text") ?: "(no description)");
            if (prev) printf("  (previous %s%s%s)", str(prev, "value") ?: "", str(prev, "date") ? " on " : "",
                             str(prev, "date") ?: "");
            printf("%s%s%s", status ? " (" : "", status ? status : "", status ? ")" : "");
            print_origins(json_object_get(it, "sources"));
            printf("\n");
        }
        if (!json_array_size(items)) printf("  none recorded\n");
    }
}

static int run(ward_cli *cli, int argc, char **argv)
{
    if (argc != 2) return cli_fail("show", WARD_EUSAGE, "give one patient id (see ward patients)");
    const char *id = argv[1];
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "show", "read_deid", NULL)) return WARD_EDENIED;
    ward_err err = {0};
    json_t *chart = NULL;
    char *real = NULL; /* de-identified views take pseudonyms */
    int rc = cli_deid(cli) ? ward_pseudonym_resolve(st, id, &real, &err) : WARD_OK;
    if (!rc) rc = ward_chart_json(st, real ? real : id, &chart, &err);
    if (rc == WARD_ENOTFOUND) {
        cli_audit(cli, "show", real ? real : id, "not_found");
        free(real);
        return cli_fail("show", WARD_ENOTFOUND, "no patient with that id (see ward patients)");
    }
    if (!rc && cli_deid(cli)) rc = ward_redact_patient_json(st, chart, &err);
    int arc = rc ? WARD_OK : cli_audit(cli, "show", real ? real : id, "ok");
    free(real);
    if (rc || arc) {
        json_decref(chart);
        return rc ? cli_fail("show", rc, "%s", err.msg) : arc;
    }
    if (cli->json) cli_print_json(chart);
    else {
        print_chart(id, chart);
        json_decref(chart);
    }
    return WARD_OK;
}

const ward_command ward_cmd_show = {
    "show", run, "a patient's chart",
    "usage: ward show PATIENT [--json]\n\n"
    "Prints a readable chart: demographics, problems, problems mentioned only in\n"
    "notes, medications, allergies, the latest value of each lab and vital (with\n"
    "the previous one, at another time, for trend), recent encounters and\n"
    "documents. Each fact is listed once, with the feeds that gave it\n"
    "([FHIR + HL7 v2]). PATIENT is an id from `ward patients`.\n"};
