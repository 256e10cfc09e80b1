/* cmd_stats.c — `ward stats`: counts of what the store holds. */
#include "cli.h"

#include <jansson.h>

static long long count(ward_store *st, const char *sql)
{
    sqlite3_stmt *s = ward_store_prepare(st, sql, NULL);
    long long n = 0;
    if (s && sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static int run(ward_cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_fail("stats", WARD_EUSAGE, "takes no arguments (see ward stats --help)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_prepare(st,
        "SELECT type, count(*) FROM resources WHERE derived=0 GROUP BY type ORDER BY type", &err);
    if (!s) return cli_fail("stats", WARD_EIO, "%s", err.msg);
    json_t *res = json_object();
    while (sqlite3_step(s) == SQLITE_ROW)
        json_object_set_new(res, (const char *)sqlite3_column_text(s, 0),
                            json_integer(sqlite3_column_int64(s, 1)));
    sqlite3_finalize(s);
    json_t *out = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "resources", res,
        "patients", count(st, "SELECT count(*) FROM patients"),
        "documents", count(st, "SELECT count(*) FROM documents"),
        "chunks", count(st, "SELECT count(*) FROM chunks"),
        "concepts", count(st, "SELECT count(*) FROM concepts"),
        "embeddings", count(st, "SELECT count(*) FROM embeddings"),
        "drafts", count(st, "SELECT count(*) FROM drafts"));
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

const ward_command ward_cmd_stats = {
    "stats", run, "counts of stored resources, documents and chunks",
    "usage: ward stats [--data DIR] [--json]\n\n"
    "Counts what the store holds: FHIR resources by type (as ingested, not those\n"
    "derived from text), patients, documents, chunks, concepts, embeddings, drafts.\n"
    "--json prints {\"resources\": {\"Patient\": 17, ...}, \"documents\": N, \"chunks\": N, ...}.\n"};
