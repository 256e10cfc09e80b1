/* cmd_plugin.c — `ward plugin FILE [key=value...]`: load and run a tool plugin. */
#include "cli_int.h"
#include "ward/tools.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    if (argc < 2) return cli_fail("plugin", WARD_EUSAGE, "give a plugin file (./name.so)");
    ward_plugin *p;
    ward_err err = {0};
    int rc = ward_plugin_open(argv[1], &p, &err);
    if (rc) return cli_fail("plugin", rc, "%s", err.msg);
    const ward_plugin_v1 *api = ward_plugin_info(p);
    if (argc == 2) {
        if (cli->json) cli_print_json(json_pack("{s:i, s:s, s:s?, s:s?, s:s?}", "abi_version", api->abi_version,
            "name", api->name, "version", api->version, "description", api->description, "input_schema", api->input_schema));
        else printf("%s %s (ABI %d): %s\n", api->name, api->version ? api->version : "", api->abi_version,
                    api->description ? api->description : "");
        ward_plugin_free(p);
        return WARD_OK;
    }
    json_t *in = json_object();
    for (int i = 2; i < argc && !rc; i++) {
        ward_calc_arg a;
        if (ward_calc_parse_arg(argv[i], &a, &err)) rc = cli_fail("plugin", WARD_EUSAGE, "%s", err.msg);
        else json_object_set_new(in, a.name, json_real(a.value));
    }
    char *out = NULL;
    char *input = json_dumps(in, JSON_COMPACT);
    json_decref(in);
    if (!rc && (rc = ward_plugin_run(p, input, &out, &err))) cli_fail("plugin", rc, "%s", err.msg);
    if (!rc) printf("%s\n", out);
    free(out);
    free(input);
    ward_plugin_free(p);
    return rc;
}

const cli_command cli_cmd_plugin = {
    "plugin", run, "load a tool plugin (.so) and run it",
    "usage: ward plugin ./FILE.so [key=value...] [--json]\n\n"
    "Loads a plugin built against ward/tools.h (it exports a ward_plugin_v1 as\n"
    "\"ward_plugin_export\"; the ABI version is checked). With no arguments prints\n"
    "its name, version and description; with key=value arguments runs it on the\n"
    "JSON object {key: value...} and prints its JSON output.\n"
    "Example: ward plugin ./build/tests/ibw.so height=170 sex=female\n"};
