/* cmd_show.c — `ward show PATIENT`: a readable chart.
 *
 * Everything comes from the lifted columns of the resources table, so the
 * chart reads the same whether the data came from FHIR, HL7 v2 or text. */
#include "cli.h"

#include <jansson.h>
#include <string.h>

typedef struct section {
    const char *title, *key, *sql;
} section;

/* Each query takes ?1 = patient id and returns (date, text, status). */
static const section sections[] = {
    {"Problems", "problems",
     "SELECT effective, display, status FROM resources WHERE patient_id=?1 AND type='Condition'"
     " GROUP BY coalesce(code, display) HAVING max(coalesce(effective,''))"
     " ORDER BY (status IN ('resolved','inactive','remission')), effective DESC LIMIT 40"},
    {"Medications", "medications",
     "SELECT effective, display || coalesce(', ' || value_text, ''), status FROM resources WHERE patient_id=?1"
     " AND type IN ('MedicationRequest','MedicationStatement')"
     " GROUP BY coalesce(code, display) HAVING max(coalesce(effective,''))"
     " ORDER BY (status NOT IN ('active','intended','on-hold')), effective DESC LIMIT 40"},
    {"Allergies", "allergies",
     "SELECT effective, display || coalesce(' (' || value_text || ')', ''), status FROM resources WHERE patient_id=?1"
     " AND type='AllergyIntolerance' ORDER BY effective DESC LIMIT 40"},
    {"Recent labs and vitals", "observations",
     "SELECT o.effective, o.display || ' ' || coalesce(iif(o.value_num IS NULL, NULL, printf('%g', iif(abs(o.value_num) >= 1, round(o.value_num, 2), o.value_num))),"
     " o.value_text, '') || coalesce(' ' || o.unit, '') || coalesce('  (previous ' || ("
     "   SELECT coalesce(iif(p.value_num IS NULL, NULL, printf('%g', iif(abs(p.value_num) >= 1, round(p.value_num, 2), p.value_num))), p.value_text)"
     "   FROM resources p WHERE p.patient_id=o.patient_id AND p.type='Observation'"
     "   AND p.code=o.code AND p.effective < o.effective ORDER BY p.effective DESC LIMIT 1) || ')', ''),"
     " o.status FROM resources o WHERE o.patient_id=?1 AND o.type='Observation'"
     " AND (o.value_num IS NOT NULL OR o.value_text IS NOT NULL)"
     " GROUP BY coalesce(o.code, o.display) HAVING max(coalesce(o.effective,''))"
     " ORDER BY o.effective DESC LIMIT 25"},
    {"Recent encounters", "encounters",
     "SELECT effective, display, status FROM resources WHERE patient_id=?1 AND type='Encounter'"
     " ORDER BY effective DESC LIMIT 10"},
    {"Documents", "documents",
     "SELECT date, coalesce(title, kind) || ' [' || kind || ', doc ' || id || ']', NULL FROM documents"
     " WHERE patient_id=?1 AND kind <> 'record' ORDER BY date DESC LIMIT 20"},
};

static const char *col(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : NULL;
}

static int run(ward_cli *cli, int argc, char **argv)
{
    if (argc != 2) return cli_fail("show", WARD_EUSAGE, "give one patient id (see ward patients)");
    const char *id = argv[1];
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT name, birth_date, sex, race, ethnicity, deceased_date, mrn FROM patients WHERE id=?", &err);
    if (!s) return cli_fail("show", WARD_EIO, "%s", err.msg);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        cli_audit(cli, "show", id, "not_found");
        return cli_fail("show", WARD_ENOTFOUND, "no patient with that id (see ward patients)");
    }
    if (cli_audit(cli, "show", id, "ok")) {
        sqlite3_finalize(s);
        return WARD_EIO;
    }
    json_t *chart = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id", id,
        "name", col(s, 0), "birth_date", col(s, 1), "sex", col(s, 2), "race", col(s, 3),
        "ethnicity", col(s, 4), "deceased_date", col(s, 5), "mrn", col(s, 6));
    sqlite3_finalize(s);
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
        s = ward_store_prepare(st, sections[i].sql, &err);
        if (!s) {
            json_decref(chart);
            return cli_fail("show", WARD_EIO, "%s", err.msg);
        }
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        json_t *items = json_array();
        if (!cli->json) printf("\n%s\n", sections[i].title);
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *date = col(s, 0), *text = col(s, 1), *status = col(s, 2);
            char d[11] = "";
            if (date) ward_date_norm(date, d);
            json_array_append_new(items, json_pack("{s:s?, s:s?, s:s?}", "date", *d ? d : NULL,
                                                   "text", text, "status", status));
            if (!cli->json)
                printf("  %-10s  %s%s%s%s\n", *d ? d : "", text ? text : "(no description)",
                       status ? " (" : "", status ? status : "", status ? ")" : "");
        }
        if (!cli->json && !json_array_size(items)) printf("  none recorded\n");
        sqlite3_finalize(s);
        json_object_set_new(chart, sections[i].key, items);
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
