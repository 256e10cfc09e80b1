/* plugin.c — loading tool plugins with dlopen.
 *
 * A plugin is a shared object exporting `ward_plugin_v1` (WARD_PLUGIN_SYMBOL),
 * a struct whose first field is the ABI version it was built against. The
 * loader checks the symbol, then the version, then the fields, before it
 * calls anything: a stale or foreign .so fails with an error that says
 * which check failed. Output goes into a buffer Ward owns, so the plugin
 * and Ward never free each other's memory.
 */
#include "ward/tools.h"

#include <dlfcn.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define OUT_CAP (1 << 20)

struct ward_plugin {
    void *so;
    const ward_plugin_v1 *api;
};

int ward_plugin_open(const char *path, ward_plugin **out, ward_err *err)
{
    *out = NULL;
    /* dlopen searches the library path for bare names: insist on a path. */
    if (!strchr(path, '/'))
        return ward_err_set(err, WARD_EUSAGE, "%s: give the plugin as a path (./%s)", path, path);
    void *so = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!so) return ward_err_set(err, WARD_EINPUT, "cannot load plugin: %s", dlerror());
    const ward_plugin_v1 *api = dlsym(so, WARD_PLUGIN_SYMBOL);
    int rc = WARD_OK;
    if (!api)
        rc = ward_err_set(err, WARD_EINPUT, "%s: not a Ward plugin: no '%s' symbol exported", path,
                          WARD_PLUGIN_SYMBOL);
    else if (api->abi_version != WARD_PLUGIN_ABI)
        rc = ward_err_set(err, WARD_EINPUT, "%s: plugin ABI version %d, this Ward needs %d: rebuild the plugin against this ward/tools.h",
                          path, api->abi_version, WARD_PLUGIN_ABI);
    else if (!api->name || !*api->name || !api->run)
        rc = ward_err_set(err, WARD_EINPUT, "%s: plugin has no name or no run function", path);
    if (rc) {
        dlclose(so);
        return rc;
    }
    *out = ward_xcalloc(1, sizeof **out);
    (*out)->so = so;
    (*out)->api = api;
    return WARD_OK;
}

void ward_plugin_free(ward_plugin *p)
{
    if (!p) return;
    dlclose(p->so);
    free(p);
}

const ward_plugin_v1 *ward_plugin_info(const ward_plugin *p) { return p->api; }

int ward_plugin_run(ward_plugin *p, const char *input_json, char **out, ward_err *err)
{
    *out = NULL;
    char *buf = ward_xcalloc(1, OUT_CAP);
    char msg[512] = "";
    int r = p->api->run(input_json, buf, OUT_CAP, msg, sizeof msg);
    if (r) {
        free(buf);
        msg[sizeof msg - 1] = 0;
        return ward_err_set(err, WARD_EINPUT, "plugin %s: %s", p->api->name, *msg ? msg : "failed");
    }
    buf[OUT_CAP - 1] = 0;
    json_error_t je;
    json_t *v = json_loads(buf, 0, &je);
    int ok = json_is_object(v);
    json_decref(v);
    if (!ok) {
        free(buf);
        return ward_err_set(err, WARD_EINPUT, "plugin %s: output is not a JSON object", p->api->name);
    }
    *out = ward_xrealloc(buf, strlen(buf) + 1);
    return WARD_OK;
}
