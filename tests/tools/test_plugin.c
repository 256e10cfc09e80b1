/* test_plugin.c — the plugin ABI: the example plugin (examples/plugins/ibw.c)
 * loads and runs; builds of it with the wrong ABI version or without the
 * export are refused with errors that say so; bad paths are errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ward/tools.h"

static void test_load_and_run(void **state)
{
    (void)state;
    ward_plugin *p;
    ward_err err = {0};
    assert_int_equal(ward_plugin_open(IBW_PLUGIN, &p, &err), WARD_OK);
    assert_string_equal(ward_plugin_info(p)->name, "ibw");
    assert_int_equal(ward_plugin_info(p)->abi_version, WARD_PLUGIN_ABI);
    char *out;
    assert_int_equal(ward_plugin_run(p, "{\"height\": 170, \"sex\": 1}", &out, &err), WARD_OK);
    assert_non_null(strstr(out, "\"ibw_kg\": 61.4"));   /* 45.5 + 2.3 * (66.93 - 60) */
    free(out);
    assert_int_equal(ward_plugin_run(p, "{\"sex\": 1}", &out, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "missing height"));
    ward_plugin_free(p);
}

static void test_refusals(void **state)
{
    (void)state;
    ward_plugin *p;
    ward_err err = {0};
    assert_int_equal(ward_plugin_open(IBW_PLUGIN_OLDABI, &p, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "ABI version 99"));
    assert_int_equal(ward_plugin_open(IBW_PLUGIN_NOSYM, &p, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "no 'ward_plugin_export' symbol"));
    assert_int_equal(ward_plugin_open("/nonexistent/plugin.so", &p, &err), WARD_EINPUT);
    assert_non_null(strstr(err.msg, "cannot load plugin"));
    assert_int_equal(ward_plugin_open("plugin.so", &p, &err), WARD_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_load_and_run), cmocka_unit_test(test_refusals)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
