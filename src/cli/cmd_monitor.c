/* cmd_monitor.c — `ward monitor`: review rates, edit distance, dropped
 * sentences, "not found" answers and input drift (src/govern/monitor.c). */
#include "cli_int.h"
#include "ward/oversight.h"

#include <jansson.h>
#include <string.h>

static void print_group(json_t *g, const char *label)
{
    printf("%-34s %6lld %6lld %6.3f %6.3f %6.3f %6.3f %7.3f %7.3f\n", label,
           json_integer_value(json_object_get(g, "drafts")), json_integer_value(json_object_get(g, "reviewed")),
           json_real_value(json_object_get(g, "approval_rate")), json_real_value(json_object_get(g, "edit_rate")),
           json_real_value(json_object_get(g, "rejection_rate")), json_real_value(json_object_get(g, "edit_distance")),
           json_real_value(json_object_get(g, "unsupported_drop_rate")), json_real_value(json_object_get(g, "not_found_rate")));
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_monitor_params p = ward_monitor_default_params();
    int metrics = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--since") && v) p.since = v, i++;
        else if (!strcmp(argv[i], "--by") && v && (!strcmp(v, "month") || !strcmp(v, "day") || !strcmp(v, "all")))
            p.period = !strcmp(v, "month") ? 7 : !strcmp(v, "day") ? 10 : 0, i++;
        else if (!strcmp(argv[i], "--metrics")) metrics = 1;
        else return cli_fail("monitor", WARD_EUSAGE, "unexpected argument %s (see ward monitor --help)", argv[i]);
    }
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    ward_err err = {0};
    if (metrics) {
        ward_buf b;
        ward_buf_init(&b);
        int rc = ward_monitor_metrics(st, &b, &err);
        if (!rc) fputs(b.data ? b.data : "", stdout);
        ward_buf_free(&b);
        return rc ? cli_fail("monitor", rc, "%s", err.msg) : WARD_OK;
    }
    json_t *r;
    int rc = ward_monitor(st, &p, &r, &err);
    if (rc) return cli_fail("monitor", rc, "%s", err.msg);
    if (cli->json) {
        cli_print_json(r);
        return WARD_OK;
    }
    printf("%-34s %6s %6s %6s %6s %6s %6s %7s %7s\n", "task / backend / model / period", "drafts", "review", "appr",
           "edit", "reject", "dist", "dropped", "notfnd");
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(r, "by"), i, g) {
        char label[256];
        snprintf(label, sizeof label, "%s/%s/%s/%s", json_string_value(json_object_get(g, "task")),
                 json_string_value(json_object_get(g, "backend")), json_string_value(json_object_get(g, "model")) ?: "-",
                 json_string_value(json_object_get(g, "period")));
        print_group(g, label);
    }
    print_group(json_object_get(r, "drafts"), "all");
    json_t *in = json_object_get(r, "input");
    printf("\nInput drift: %.3f of note chunks in no recognised section (of %lld), %.3f of codes in unknown systems"
           " (of %lld), %.3f of numeric observations without a unit (of %lld)\n",
           json_real_value(json_object_get(in, "unrecognised_section_share")), json_integer_value(json_object_get(in, "note_chunks")),
           json_real_value(json_object_get(in, "unknown_code_system_share")), json_integer_value(json_object_get(in, "coded_records")),
           json_real_value(json_object_get(in, "missing_unit_share")), json_integer_value(json_object_get(in, "numeric_observations")));
    json_decref(r);
    return WARD_OK;
}

const cli_command cli_cmd_monitor = {
    "monitor", run, "review rates, edit distance, dropped sentences, input drift",
    "usage: ward monitor [--since YYYY-MM-DD] [--by month|day|all] [--metrics] [--json]\n\n"
    "From the drafts clinicians reviewed, by task, backend, model and period: approval,\n"
    "edit and rejection rates (over reviewed drafts), the normalised word edit distance\n"
    "between draft and final text (edited drafts), the share of sentences the guard\n"
    "dropped as unsupported, and the share of answers that were \"Not found in the\n"
    "record.\". From the input: the share of note chunks in no recognised section, of\n"
    "codes in unknown systems and of numbers without a unit (drift).\n"
    "  --since DATE     drafts created and records dated from DATE on\n"
    "  --by PERIOD      month (default), day, or all (no period)\n"
    "  --metrics        Prometheus text lines (ward_monitor_*), as /metrics can serve them\n"};
