/* cmd_calc.c — `ward calc NAME key=value...`: clinical calculators. */
#include "cli_int.h"
#include "ward/tools.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static int list(cli_state *cli)
{
    size_t n;
    const ward_calc_info *c = ward_calc_list(&n);
    json_t *all = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *params = json_array();
        if (!cli->json) printf("%-18s %s (%s)\n", c[i].name, c[i].title, c[i].unit);
        for (size_t k = 0; k < c[i].nparams; k++) {
            const ward_calc_param_info *p = &c[i].params[k];
            json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:f, s:f, s:b, s:s}", "name", p->name,
                "unit", p->unit, "units", p->units, "min", p->min, "max", p->max, "optional", p->optional, "help", p->help));
            if (!cli->json)
                printf("    %-16s %-8s %s%s\n", p->name, *p->unit ? p->unit : (p->max == 1 ? "yes/no" : ""), p->help,
                       p->optional ? " (optional)" : "");
        }
        json_array_append_new(all, json_pack("{s:s, s:s, s:s, s:o}", "name", c[i].name, "title", c[i].title,
                                             "unit", c[i].unit, "params", params));
    }
    if (cli->json) cli_print_json(all);
    else json_decref(all);
    return WARD_OK;
}

static int run(cli_state *cli, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "--list")) return list(cli);
    if (argc < 2 || argv[1][0] == '-') return cli_fail("calc", WARD_EUSAGE, "give a calculator name (see ward calc --list)");
    ward_calc_arg args[16];
    size_t n = 0;
    ward_err err = {0};
    for (int i = 2; i < argc; i++) {
        if (n == 16) return cli_fail("calc", WARD_EUSAGE, "too many arguments");
        if (ward_calc_parse_arg(argv[i], &args[n++], &err)) return cli_fail("calc", WARD_EUSAGE, "%s", err.msg);
    }
    ward_calc_result r;
    if (ward_calc(argv[1], args, n, &r, &err))
        return cli_fail("calc", err.code, "%s%s", err.msg, err.code == WARD_EUSAGE ? " (see ward calc --list)" : "");
    const ward_calc_info *ci = ward_calc_find(argv[1]);
    if (cli->json) {
        json_t *j = json_pack("{s:s, s:f, s:s, s:s, s:s}", "calculator", ci->name, "value", r.value, "unit", r.unit,
                              "formula", r.formula, "interpretation", r.interpretation);
        if (!isnan(r.extra)) json_object_set_new(j, r.extra_label, json_real(r.extra));
        cli_print_json(j);
    } else {
        printf("%s: %g %s (%s)\n", ci->title, r.value, r.unit, r.interpretation);
        if (!isnan(r.extra)) printf("%s: %g %s\n", r.extra_label, r.extra, r.unit);
        printf("Formula: %s\n", r.formula);
    }
    return WARD_OK;
}

const cli_command cli_cmd_calc = {
    "calc", run, "clinical calculators (BMI, eGFR, CHA2DS2-VASc, ...)",
    "usage: ward calc NAME key=value[unit]... [--json]\n"
    "       ward calc --list [--json]\n\n"
    "Calculators: bmi, egfr (CKD-EPI 2021), cha2ds2-vasc, has-bled, meld-na, qtc\n"
    "(Bazett and Fridericia), anion-gap, corrected-calcium. Values take a unit\n"
    "(weight=154lb, creatinine=97umol/L, qt=0.42s); without one the default unit\n"
    "is assumed. Flags are yes/no, sex is female/male. Values outside a plausible\n"
    "range (often a wrong unit) are refused. Example:\n"
    "  ward calc cha2ds2-vasc age=72 sex=female hypertension=yes diabetes=yes\n"};
