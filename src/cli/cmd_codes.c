/* cmd_codes.c — `ward codes QUERY`: code lookup (import with `ward vocab import`). */
#include "cli_int.h"
#include "ward/tools.h"

#include <jansson.h>
#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    const char *system = NULL;
    int k = 10;
    ward_buf q;
    ward_buf_init(&q);
    int rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--system") && v) system = v, i++;
        else if (!strcmp(argv[i], "-k") && v) {
            if ((k = (int)cli_parse_long(v)) <= 0) rc = cli_fail("codes", WARD_EUSAGE, "-k needs a positive number");
            i++;
        } else if (argv[i][0] == '-') rc = cli_fail("codes", WARD_EUSAGE, "unexpected option %s (see ward codes --help)", argv[i]);
        else ward_buf_printf(&q, "%s%s", q.len ? " " : "", argv[i]);
    }
    if (!rc && !q.len) rc = cli_fail("codes", WARD_EUSAGE, "give a code or words to look up");
    ward_store *st = rc ? NULL : cli_store(cli);
    if (!rc && !st) rc = WARD_EIO;
    ward_err err = {0};
    if (!rc) {
        ward_code *v;
        size_t n;
        if ((rc = ward_codes_lookup(st, system, q.data, k, &v, &n, &err))) rc = cli_fail("codes", rc, "%s", err.msg);
        else {
            json_t *list = json_array();
            for (size_t i = 0; i < n; i++) {
                json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "system", v[i].system, "code", v[i].code,
                                                      "description", v[i].description));
                if (!cli->json) printf("%-12s %-10s %s\n", v[i].system, v[i].code, v[i].description);
            }
            if (!cli->json && !n) printf("No matching codes.\n");
            if (cli->json) cli_print_json(list);
            else json_decref(list);
            ward_codes_free(v, n);
        }
    }
    ward_buf_free(&q);
    return rc;
}

const cli_command cli_cmd_codes = {
    "codes", run, "look up codes in imported vocabularies",
    "usage: ward codes QUERY [--system S] [-k N] [--json]\n\n"
    "Looks QUERY up as a code, then as words that must all appear in the\n"
    "descriptions of the vocabularies imported with `ward vocab import`.\n"};
