/* tools.h — what the orchestrator may call besides a model: clinical
 * calculators, code lookup in imported vocabularies, and plugins.
 *
 * Calculators take named arguments with units ("weight" = 154 "lb") and
 * convert them to the unit the formula wants; every argument is checked
 * against a plausible range, so a creatinine of 110 mg/dL (a umol/L value
 * with the wrong unit) is refused with a message naming the argument, never
 * silently computed. Results carry the formula used and an interpretation.
 *
 * Plugins are shared objects exporting one struct (a `ward_plugin_v1`) whose
 * first field is the ABI version: Ward checks it before touching anything
 * else, so a plugin built for another ABI fails with a clear error.
 */
#ifndef WARD_TOOLS_H
#define WARD_TOOLS_H

#include "ward/core.h"
#include "ward/store.h"

/* ---- calculators ---- */

typedef struct ward_calc_arg {
    const char *name;        /* "weight", "creatinine", "chf" ... */
    double value;
    const char *unit;        /* "kg", "mg/dL", "umol/L" ...; NULL or "" = the default unit */
} ward_calc_arg;

typedef struct ward_calc_param_info {
    const char *name, *unit; /* unit: the default unit ("" for scores and flags) */
    const char *units;       /* accepted units, comma-separated */
    double min, max;         /* plausible range in the default unit */
    int optional;
    const char *help;
} ward_calc_param_info;

typedef struct ward_calc_info {
    const char *name, *title, *unit;
    const ward_calc_param_info *params;
    size_t nparams;
} ward_calc_info;

typedef struct ward_calc_result {
    double value;
    char unit[24];
    char formula[64];        /* which formula/variant was used */
    char interpretation[160];
    double extra;            /* a second figure when the calculator has one (QTc Fridericia), else NAN */
    char extra_label[32];
} ward_calc_result;

/* All calculators, in a static table. */
const ward_calc_info *ward_calc_list(size_t *n);
const ward_calc_info *ward_calc_find(const char *name);
/* Runs calculator `name`. WARD_EUSAGE for unknown names/arguments/units,
 * missing required arguments and values outside the plausible range. */
int ward_calc(const char *name, const ward_calc_arg *args, size_t n, ward_calc_result *out,
              ward_err *err);
/* Parses "key=value[unit]" (e.g. "creatinine=1.2mg/dL", "sex=female",
 * "chf=yes"); the unit string points into `text`, which must stay alive and
 * is modified. Flags yes/no/true/false and sex female/male become 1/0. */
int ward_calc_parse_arg(char *text, ward_calc_arg *out, ward_err *err);

/* ---- code lookup ---- */

typedef struct ward_code {
    char system[32], code[32];
    char *description;       /* malloc'd */
} ward_code;

/* Exact code (any system, or `system` when non-NULL) first, then
 * descriptions containing every word of query. Returns up to k in *out
 * (free with ward_codes_free). */
int ward_codes_lookup(ward_store *st, const char *system, const char *query, int k, ward_code **out,
                      size_t *n, ward_err *err);
void ward_codes_free(ward_code *v, size_t n);

/* ---- plugins ---- */

#define WARD_PLUGIN_ABI 1
#define WARD_PLUGIN_SYMBOL "ward_plugin_export"

/* What a plugin exports under the symbol WARD_PLUGIN_SYMBOL; a plugin
 * writes `WARD_PLUGIN_EXPORT = { WARD_PLUGIN_ABI, "name", ... };`. Strings are
 * static in the plugin. run() gets a JSON object of inputs and writes a
 * JSON object of outputs into out (at most cap bytes, NUL included); it
 * returns 0, or nonzero with a message in errmsg. */
typedef struct ward_plugin_v1 {
    int abi_version;         /* WARD_PLUGIN_ABI the plugin was built against */
    const char *name, *version, *description;
    const char *input_schema; /* JSON schema of the inputs, or NULL */
    int (*run)(const char *input_json, char *out, size_t cap, char *errmsg, size_t errcap);
} ward_plugin_v1;

#define WARD_PLUGIN_EXPORT const ward_plugin_v1 ward_plugin_export

typedef struct ward_plugin ward_plugin;

int ward_plugin_open(const char *path, ward_plugin **out, ward_err *err);
void ward_plugin_free(ward_plugin *p);
const ward_plugin_v1 *ward_plugin_info(const ward_plugin *p);
/* Runs the plugin; *out gets the output JSON text (malloc'd), checked to be
 * a JSON object. */
int ward_plugin_run(ward_plugin *p, const char *input_json, char **out, ward_err *err);

#endif
