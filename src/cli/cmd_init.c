/* cmd_init.c — `ward init`: create the data directory and store. */
#include "cli_int.h"

#include <jansson.h>

static int run(cli_state *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) return cli_fail("init", WARD_EUSAGE, "takes no arguments (see ward init --help)");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    int rc = ward_audit_init(st, &err);
    if (rc) return cli_fail("init", rc, "%s", err.msg);
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:i}", "data", cli->data_dir, "schema_version",
                                 ward_store_schema_version(st)));
    else
        printf("Ward store ready in %s (schema version %d)\n", cli->data_dir,
               ward_store_schema_version(st));
    return WARD_OK;
}

const cli_command cli_cmd_init = {
    "init", run, "create the data directory and its store",
    "usage: ward init [--data DIR] [--json]\n\n"
    "Creates DIR (default $WARD_DATA, else ./ward-data) and the SQLite store in it,\n"
    "or brings an existing store's schema up to date, and the audit log's key\n"
    "(DIR/audit.key) and head checkpoint (DIR/audit.head), owner-only. Safe to\n"
    "run twice.\n"};
