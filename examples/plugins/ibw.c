/* ibw.c — an example Ward tool plugin: ideal body weight (Devine formula).
 *
 * Build: cc -shared -fPIC -I include examples/plugins/ibw.c -o ibw.so
 * Use:   ward plugin ./ibw.so height=170cm sex=female
 *
 * The plugin exports one ward_plugin_v1 struct (WARD_PLUGIN_EXPORT). The test suite also
 * builds it with IBW_ABI=99 (wrong version) and IBW_NO_SYMBOL (no export)
 * to check that Ward refuses both with a clear error. */
#include "ward/tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef IBW_ABI
#define IBW_ABI WARD_PLUGIN_ABI
#endif

/* Finds "key": number in a flat JSON object (enough for this example). */
static int get_num(const char *json, const char *key, double *v)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(json, pat);
    if (!p) return 0;
    p = strchr(p + strlen(pat), ':');
    if (!p) return 0;
    char *end;
    *v = strtod(p + 1, &end);
    return end != p + 1;
}

static int run(const char *in, char *out, size_t cap, char *errmsg, size_t errcap)
{
    double height_cm, female = 0;
    if (!get_num(in, "height", &height_cm)) {
        snprintf(errmsg, errcap, "missing height (cm)");
        return 1;
    }
    if (height_cm < 100 || height_cm > 250) {
        snprintf(errmsg, errcap, "height out of range (100-250 cm)");
        return 1;
    }
    get_num(in, "sex", &female);
    double inches = height_cm / 2.54;
    double ibw = (female > 0.5 ? 45.5 : 50.0) + 2.3 * (inches - 60);
    snprintf(out, cap, "{\"ibw_kg\": %.1f, \"formula\": \"Devine\"}", ibw);
    return 0;
}

#ifndef IBW_NO_SYMBOL
WARD_PLUGIN_EXPORT = {
    IBW_ABI, "ibw", "1.0", "Ideal body weight (Devine) from height (cm) and sex (1 female, 0 male)",
    "{\"type\":\"object\",\"properties\":{\"height\":{\"type\":\"number\"},\"sex\":{\"type\":\"number\"}},\"required\":[\"height\"]}",
    run};
#else
/* The same code under another name: a shared object that is not a plugin. */
int (*const not_a_plugin)(const char *, char *, size_t, char *, size_t) = run;
#endif
