/* cmd_extract.c — `ward extract [FILE]`: sections, sentences and concepts of
 * a note (stdin when no FILE), as text, JSON, or a FHIR Bundle of the facts.
 *
 * The store's imported vocabularies (ward vocab import) join the built-in
 * lexicon when a store exists; extraction itself never writes the store. */
#include "cli.h"
#include "extract_common.h"
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

static json_t *concept_json(const ward_found *c, const char *text)
{
    ward_buf nb;
    ward_buf_init(&nb);
    ward_found_norm_json(c, &nb);
    json_t *norm = json_loads(nb.data, 0, NULL);
    ward_buf_free(&nb);
    char sys[32] = "", code[32] = "";
    ward_found_code(c, sys, sizeof sys, code, sizeof code);
    return json_pack("{s:I, s:I, s:s, s:s%, s:s, s:b, s:s, s:I, s:s?, s:s?, s:o}",
        "start", (json_int_t)c->start, "end", (json_int_t)c->end, "type", ward_concept_type_name(c->type),
        "text", text + c->start, c->end - c->start, "assertion", ward_assertion_name(c->assertion),
        "negated", c->negated, "section", c->section, "sentence", (json_int_t)c->sentence,
        "code_system", *sys ? sys : NULL, "code", *code ? code : NULL, "norm", norm ? norm : json_object());
}

static void print_json(const ward_extraction *x, const char *text)
{
    json_t *secs = json_array(), *sents = json_array(), *cons = json_array();
    for (size_t i = 0; i < x->nsections; i++)
        json_array_append_new(secs, json_pack("{s:s, s:I, s:I}", "name", x->sections[i].name,
            "start", (json_int_t)x->sections[i].head_start, "end", (json_int_t)x->sections[i].end));
    for (size_t i = 0; i < x->nsentences; i++)
        json_array_append_new(sents, json_pack("[I, I]", (json_int_t)x->sentences[i].start,
                                               (json_int_t)x->sentences[i].end));
    for (size_t i = 0; i < x->nconcepts; i++) json_array_append_new(cons, concept_json(&x->concepts[i], text));
    print_value(json_pack("{s:o, s:o, s:o}", "sections", secs, "sentences", sents, "concepts", cons));
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

static void print_bundle(const ward_extraction *x, const char *text, const ward_fhir_ctx *ctx)
{
    json_t *entries = json_array();
    ward_buf b;
    ward_buf_init(&b);
    for (size_t i = 0; i < x->nconcepts; i++) {
        if (!ward_found_is_fact(&x->concepts[i])) continue;
        ward_fhir_row row;
        ward_found_to_fhir(&x->concepts[i], text, ctx, &b, &row);
        char url[128];
        snprintf(url, sizeof url, "%s/%s", row.type, row.id);
        json_t *res = json_loads(b.data, 0, NULL);
        if (res) json_array_append_new(entries, json_pack("{s:s, s:o}", "fullUrl", url, "resource", res));
    }
    ward_buf_free(&b);
    print_value(json_pack("{s:s, s:s, s:o}", "resourceType", "Bundle", "type", "collection", "entry", entries));
}

static int run(ward_cli *cli, int argc, char **argv)
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
    if (to_fhir) print_bundle(&x, data + body, &ctx);
    else if (cli->json) print_json(&x, data + body);
    else print_text(&x, data + body);
    ward_extraction_free(&x);
    ward_extractor_free(ex);
    free(data);
    return WARD_OK;
}

const ward_command ward_cmd_extract = {
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
