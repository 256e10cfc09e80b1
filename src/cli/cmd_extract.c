/* cmd_extract.c — `ward extract [FILE]`: sections, sentences and concepts of
 * a note (stdin when no FILE), as text, JSON, or a FHIR Bundle of the facts.
 *
 * The store's imported vocabularies (ward vocab import) join the built-in
 * lexicon when a store exists; extraction itself never writes the store. */
#include "cli_int.h"
#include "extract_int.h"
#include "ward/funnel.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Prints v indented, with reals as written ("98.6", not 98.59999...). */
static void print_value(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    if (s) puts(s);
    free(s);
    json_decref(v);
}

static void print_text(const ward_extraction *x, const char *text)
{
    const char *section = NULL;
    ward_buf nb;
    ward_buf_init(&nb);
    for (size_t i = 0; i < x->nconcepts; i++) {
        const ward_found *c = &x->concepts[i];
        if (!section || strcmp(section, c->section)) {
            section = c->section;
            printf("%s\n", *section ? section : "(no section)");
        }
        ward_buf_reset(&nb);
        ward_found_norm_json(c, &nb);
        printf("  %-10s %-12s %.*s  %s\n", ward_concept_type_name(c->type), ward_assertion_name(c->assertion),
               (int)(c->end - c->start), text + c->start, nb.data);
    }
    if (!x->nconcepts) printf("No concepts found.\n");
    ward_buf_free(&nb);
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_extractor_params p = ward_extractor_default_params();
    const char *file = NULL, *patient = NULL;
    int to_fhir = 0, no_vocab = 0, rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--to-fhir")) to_fhir = 1;
        else if (!strcmp(a, "--no-vocab")) no_vocab = 1;
        else if (!strcmp(a, "--patient") || !strcmp(a, "--lexicon") || !strcmp(a, "--rules")) {
            if (!v) rc = cli_fail("extract", WARD_EUSAGE, "%s needs a value", a);
            else if (a[2] == 'p') patient = v;
            else if (a[2] == 'l') p.lexicon = v;
            else p.context_rules = v;
            i++;
        } else if (a[0] == '-' && a[1]) rc = cli_fail("extract", WARD_EUSAGE, "unknown option %s", a);
        else if (file) rc = cli_fail("extract", WARD_EUSAGE, "give one FILE (or none for stdin)");
        else file = a;
    }
    if (rc) return rc;
    char *data = NULL;
    size_t len = 0;
    ward_err err = {0};
    if ((rc = cli_read_input(file, &data, &len, &err))) return cli_fail("extract", rc, "%s", err.msg);
    ward_extractor *ex = NULL;
    if ((rc = cli_extractor(cli, p, !no_vocab, &ex, &err))) {
        free(data);
        return cli_fail("extract", rc, "%s", err.msg);
    }
    size_t body = ward_note_body(data, len);
    ward_extraction x = {0};
    ward_extract(ex, data + body, len - body, &x);
    ward_fhir_ctx ctx = {patient, 0, NULL};
    if (to_fhir) print_value(ward_extraction_bundle(&x, data + body, &ctx));
    else if (cli->json) print_value(ward_extraction_json(&x, data + body));
    else print_text(&x, data + body);
    ward_extraction_free(&x);
    ward_extractor_free(ex);
    free(data);
    return WARD_OK;
}

const cli_command cli_cmd_extract = {
    "extract", run, "concepts of a note: problems, drugs, labs, vitals...",
    "usage: ward extract [FILE] [--json | --to-fhir] [--patient ID]\n"
    "                    [--lexicon FILE] [--rules FILE] [--no-vocab]\n\n"
    "Reads a note (FILE, or stdin; a front matter is skipped and offsets count\n"
    "from the body) and prints its concepts: problems, medications (strength,\n"
    "unit, dose, route, frequency, PRN, duration), labs (value, unit, flag),\n"
    "vitals (BP, HR, RR, temperature, SpO2, weight, height, BMI), procedures and\n"
    "allergies, each with its section and ConText assertion.\n\n"
    "  --json         sections, sentences and concepts with byte offsets and the\n"
    "                 normalized attributes (\"norm\")\n"
    "  --to-fhir      a FHIR R4 Bundle of the facts (present, the patient's own):\n"
    "                 Condition, MedicationStatement, Observation, AllergyIntolerance\n"
    "  --patient ID   the subject of the FHIR resources\n"
    "  --lexicon FILE more lexicon entries (format of data/lexicon.tsv)\n"
    "  --rules FILE   more ConText rules (format of data/context.tsv)\n"
    "  --no-vocab     do not use the store's imported vocabularies\n"};
