/* cmd_show.c — `ward show PATIENT`: a readable chart.
 *
 * The chart is ward_chart_json (src/store/chart_q.c), the same JSON that
 * GET /api/v1/patients/{id} answers; this file only renders it as text. */
#include "cli_int.h"

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

/* Collects document versions as JSON (the source key only for roles that
 * see PHI: a file path may name a person). */
typedef struct {
    json_t *list;
    int keys;
} history;

static int add_version(void *ud, const ward_doc_version *v)
{
    history *h = ud;
    json_array_append_new(h->list, json_pack("{s:I, s:i, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:I}", "document_id",
        (json_int_t)v->id, "version", v->version, "source_key", h->keys ? v->source_key : NULL, "date", v->date,
        "title", v->title, "stored_at", v->created_at, "superseded_at", v->superseded_at, "current",
        v->superseded_at == NULL, "bytes", (json_int_t)v->text_len));
    return 0;
}

static void print_history(json_t *list)
{
    printf("\nDocument versions (older versions are kept but not searched or cited)\n");
    json_t *v;
    size_t i;
    json_array_foreach(list, i, v) {
        const char *key = str(v, "source_key");
        if (json_integer_value(json_object_get(v, "version")) == 1)
            printf("  %s\n", key ? key : str(v, "title") ?: "(untitled)");
        printf("    v%lld  doc %lld  %-10s  stored %s  %s\n", (long long)json_integer_value(json_object_get(v, "version")),
               (long long)json_integer_value(json_object_get(v, "document_id")), str(v, "date") ?: "",
               str(v, "stored_at") ?: "", json_is_true(json_object_get(v, "current")) ? "current" : "superseded");
    }
    if (!json_array_size(list)) printf("  no document has more than one version\n");
}

static int run(cli_state *cli, int argc, char **argv)
{
    const char *id = NULL;
    int with_history = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--history")) with_history = 1;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_fail("show", WARD_EUSAGE, "unknown option %s", argv[i]);
        else if (id) return cli_fail("show", WARD_EUSAGE, "give one patient id (see ward patients)");
        else id = argv[i];
    }
    if (!id) return cli_fail("show", WARD_EUSAGE, "give one patient id (see ward patients)");
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
    history h = {json_array(), !cli_deid(cli)};
    if (!rc && with_history) rc = ward_store_document_versions(st, real ? real : id, add_version, &h, &err);
    if (!rc && with_history) json_object_set(chart, "document_versions", h.list);
    json_decref(h.list);
    int arc = rc ? WARD_OK : cli_audit(cli, "show", real ? real : id, "ok");
    free(real);
    if (rc || arc) {
        json_decref(chart);
        return rc ? cli_fail("show", rc, "%s", err.msg) : arc;
    }
    if (cli->json) cli_print_json(chart);
    else {
        print_chart(id, chart);
        if (with_history) print_history(json_object_get(chart, "document_versions"));
        json_decref(chart);
    }
    return WARD_OK;
}

const cli_command cli_cmd_show = {
    "show", run, "a patient's chart",
    "usage: ward show PATIENT [--history] [--json]\n\n"
    "Prints a readable chart: demographics, problems, problems mentioned only in\n"
    "notes, medications, allergies, the latest value of each lab and vital (with\n"
    "the previous one, at another time, for trend), recent encounters and\n"
    "documents. Each fact is listed once, with the feeds that gave it\n"
    "([FHIR + HL7 v2]). PATIENT is an id from `ward patients`.\n\n"
    "  --history   also every version of documents that came back edited (same\n"
    "              file, FHIR id or HL7 document number): older versions are kept\n"
    "              but never searched, quoted or cited\n"};
