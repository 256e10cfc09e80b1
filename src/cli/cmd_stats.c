/* cmd_stats.c — `ward stats`: counts of what the store holds. */
#include "cli_int.h"

#include <jansson.h>

static int add_type(void *ud, const char *type, int64_t n)
{
    json_object_set_new(ud, type, json_integer(n));
    return 0;
}

static int run(cli_state *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_fail("stats", WARD_EUSAGE, "takes no arguments (see ward stats --help)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    json_t *res = json_object();
    ward_store_counts c;
    if (ward_store_resource_types(st, add_type, res, &err) || ward_store_count(st, &c, &err)) {
        json_decref(res);
        return cli_fail("stats", err.code, "%s", err.msg);
    }
    json_t *out = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "resources", res,
        "patients", (json_int_t)c.patients, "documents", (json_int_t)c.documents, "chunks", (json_int_t)c.chunks,
        "concepts", (json_int_t)c.concepts, "embeddings", (json_int_t)c.embeddings, "drafts", (json_int_t)c.drafts);
    if (cli->json) {
        cli_print_json(out);
        return WARD_OK;
    }
    printf("Resources by type:\n");
    const char *k;
    json_t *v;
    json_object_foreach(res, k, v) printf("  %-28s %8lld\n", k, (long long)json_integer_value(v));
    const char *keys[] = {"patients", "documents", "chunks", "concepts", "embeddings", "drafts"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        printf("%-30s %8lld\n", keys[i], (long long)json_integer_value(json_object_get(out, keys[i])));
    json_decref(out);
    return WARD_OK;
}

const cli_command cli_cmd_stats = {
    "stats", run, "counts of stored resources, documents and chunks",
    "usage: ward stats [--data DIR] [--json]\n\n"
    "Counts what the store holds: FHIR resources by type (as ingested, not those\n"
    "derived from text), patients, documents, chunks, concepts, embeddings, drafts.\n"
    "--json prints {\"resources\": {\"Patient\": 17, ...}, \"documents\": N, \"chunks\": N, ...}.\n"};
