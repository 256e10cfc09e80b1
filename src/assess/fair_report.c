/* fair_report.c — the fairness report for people: Markdown, and HTML that
 * a committee opens in a browser (no scripts, no external files: charts
 * are inline SVG).
 *
 * A chart is one metric broken down by one attribute: a horizontal bar per
 * group with its 95% interval as a whisker, and a dashed line at the
 * overall value. Flagged groups are red; groups too small to judge grey.
 * The report holds only aggregates: group names, counts and scores.
 */
#include "ward/fairness.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static double num(json_t *o, const char *k) { return json_number_value(json_object_get(o, k)); }
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)) ?: ""; }

/* Text for HTML and SVG: &, <, >, " escaped. */
static void put_esc(ward_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '&') ward_buf_puts(b, "&amp;");
        else if (*s == '<') ward_buf_puts(b, "&lt;");
        else if (*s == '>') ward_buf_puts(b, "&gt;");
        else if (*s == '"') ward_buf_puts(b, "&quot;");
        else ward_buf_putc(b, *s);
    }
}

/* ---- SVG ---- */

enum { ROW = 22, PLOT = 360, RIGHT = 150, TOP = 28 };

char *ward_fairness_svg(json_t *metric, const char *attribute)
{
    json_t *groups = json_object_get(json_object_get(json_object_get(metric, "by"), attribute), "groups");
    size_t n = json_array_size(groups), i;
    json_t *g;
    double max = 1;
    size_t longest = 8;
    json_array_foreach(groups, i, g) {
        if (num(g, "hi") > max) max = num(g, "hi");
        if (strlen(str(g, "name")) > longest) longest = strlen(str(g, "name"));
    }
    const int LABEL = (int)(longest < 60 ? longest : 60) * 7 + 12;   /* ~7 px a character at 12 px */
    if (max > 1) max = (double)(int)(max + 0.999);
    int h = TOP + (int)n * ROW + 24, w = LABEL + PLOT + RIGHT;
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                    "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
                    w, h, w, h, w, h);
    ward_buf_puts(&b, "<text x=\"4\" y=\"16\" font-weight=\"bold\">");
    put_esc(&b, str(metric, "name"));
    ward_buf_puts(&b, " by ");
    put_esc(&b, attribute);
    ward_buf_puts(&b, "</text>\n");
    for (int t = 0; t <= 4; t++) {         /* axis ticks */
        double x = LABEL + PLOT * t / 4.0;
        ward_buf_printf(&b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%.2g</text>\n",
                        x, TOP - 4, x, TOP + (int)n * ROW, x, TOP + (int)n * ROW + 14, max * t / 4.0);
    }
    json_array_foreach(groups, i, g) {
        int y = TOP + (int)i * ROW;
        const char *fill = json_is_true(json_object_get(g, "flagged")) ? "#c0392b"
                         : json_is_true(json_object_get(g, "small")) ? "#bbb" : "#2e86c1";
        double x = PLOT * num(g, "value") / max, lo = LABEL + PLOT * num(g, "lo") / max, hi = LABEL + PLOT * num(g, "hi") / max;
        ward_buf_printf(&b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL - 6, y + 15);
        put_esc(&b, str(g, "name"));
        ward_buf_printf(&b, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>"
                        "<text x=\"%d\" y=\"%d\">%.3f (n=%lld)%s</text>\n",
                        LABEL, y + 4, x, ROW - 8, fill, lo, y + ROW / 2, hi, y + ROW / 2, lo, y + 6, lo, y + ROW - 6,
                        hi, y + 6, hi, y + ROW - 6, LABEL + PLOT + 6, y + 15, num(g, "value"),
                        json_integer_value(json_object_get(g, "n")),
                        json_is_true(json_object_get(g, "flagged")) ? " flagged" : "");
    }
    double ov = LABEL + PLOT * num(metric, "overall") / max;
    ward_buf_printf(&b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
                    "</svg>\n", ov, TOP - 4, ov, TOP + (int)n * ROW);
    return ward_buf_steal(&b);
}

/* ---- Markdown ---- */

static void md_table(ward_buf *b, json_t *m, const char *attr, json_t *by)
{
    ward_buf_printf(b, "\n**%s by %s** (max difference %.3f, min ratio %.3f, %lld flagged)\n\n"
                    "| group | n | patients | value | 95%% CI | diff to best | ratio | flag |\n"
                    "|---|---:|---:|---:|---|---:|---:|---|\n",
                    str(m, "name"), attr, num(by, "max_diff"), num(by, "min_ratio"),
                    json_integer_value(json_object_get(by, "flags")));
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(by, "groups"), i, g) {
        const char *flag = json_is_true(json_object_get(g, "flagged")) ? "**flagged**"
                         : json_is_true(json_object_get(g, "best")) ? "best"
                         : json_is_true(json_object_get(g, "small")) ? "small n" : "";
        ward_buf_printf(b, "| %s | %lld | %lld | %.3f | %.3f–%.3f | %+.3f [%+.3f, %+.3f] | %.3f | %s |\n", str(g, "name"),
                        json_integer_value(json_object_get(g, "n")), json_integer_value(json_object_get(g, "patients")),
                        num(g, "value"), num(g, "lo"), num(g, "hi"), num(g, "diff"), num(g, "diff_lo"),
                        num(g, "diff_hi"), num(g, "ratio"), flag);
    }
}

static void md_flags(ward_buf *b, json_t *r)
{
    json_t *flags = json_object_get(r, "flags");
    ward_buf_printf(b, "\n## Flags\n\n");
    if (!json_array_size(flags)) {
        ward_buf_puts(b, "No disparity beyond the threshold with an interval excluding zero.\n");
        return;
    }
    ward_buf_puts(b, "| metric | attribute | group | value | n | diff to best | 95% CI of diff |\n|---|---|---|---:|---:|---:|---|\n");
    size_t i;
    json_t *f;
    json_array_foreach(flags, i, f)
        ward_buf_printf(b, "| %s | %s | %s | %.3f | %lld | %+.3f | [%+.3f, %+.3f] |\n", str(f, "metric"),
                        str(f, "attribute"), str(f, "group"), num(f, "value"), json_integer_value(json_object_get(f, "n")),
                        num(f, "diff"), num(f, "diff_lo"), num(f, "diff_hi"));
}

static void md_counterfactual(ward_buf *b, json_t *cf)
{
    if (!json_is_object(cf)) return;
    ward_buf_printf(b, "\n## Counterfactual swaps\n\nSwapped: %s. %lld patients, %lld outputs compared, %lld changed "
                    "in substance: flip rate **%.4f**.\n\n| task | outputs | changed |\n|---|---:|---:|\n",
                    str(cf, "swapped"), json_integer_value(json_object_get(cf, "patients")),
                    json_integer_value(json_object_get(cf, "outputs")), json_integer_value(json_object_get(cf, "changed")),
                    num(cf, "flip_rate"));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(cf, "by_task"), k, v)
        ward_buf_printf(b, "| %s | %lld | %lld |\n", k, json_integer_value(json_object_get(v, "outputs")),
                        json_integer_value(json_object_get(v, "changed")));
}

char *ward_fairness_markdown(json_t *r)
{
    ward_buf b;
    ward_buf_init(&b);
    json_t *p = json_object_get(r, "params");
    ward_buf_printf(&b, "# Fairness report\n\nCohort `%s`: %lld patients, %lld notes. Bootstrap: %lld replicates "
                    "(patients resampled within each group), seed %lld. A group is flagged when its difference to "
                    "the best group exceeds %.3f and the 95%% interval of that difference excludes zero; groups "
                    "under %lld items are shown but never best nor flagged.\n",
                    str(r, "cohort"), json_integer_value(json_object_get(r, "patients")),
                    json_integer_value(json_object_get(r, "notes")), json_integer_value(json_object_get(p, "replicates")),
                    json_integer_value(json_object_get(p, "seed")), num(p, "threshold"),
                    json_integer_value(json_object_get(p, "min_n")));
    md_flags(&b, r);
    md_counterfactual(&b, json_object_get(r, "counterfactual"));
    ward_buf_puts(&b, "\n## Metrics\n\n| metric | overall | n | worst max difference |\n|---|---:|---:|---:|\n");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r, "metrics"), i, m) {
        double worst = 0;
        const char *a;
        json_t *by;
        json_object_foreach(json_object_get(m, "by"), a, by) if (num(by, "max_diff") > worst) worst = num(by, "max_diff");
        ward_buf_printf(&b, "| %s | %.3f | %lld | %.3f |\n", str(m, "name"), num(m, "overall"),
                        json_integer_value(json_object_get(m, "n")), worst);
    }
    json_array_foreach(json_object_get(r, "metrics"), i, m) {
        ward_buf_printf(&b, "\n### %s\n\n%s / %s, overall %.3f over %lld items (%s is better).\n", str(m, "name"),
                        str(m, "evaluator"), str(m, "metric"), num(m, "overall"),
                        json_integer_value(json_object_get(m, "n")),
                        json_integer_value(json_object_get(m, "better")) < 0 ? "lower" : "higher");
        const char *a;
        json_t *by;
        json_object_foreach(json_object_get(m, "by"), a, by) if (!strchr(a, '+')) md_table(&b, m, a, by);
        json_object_foreach(json_object_get(m, "by"), a, by)
            if (strchr(a, '+') && json_integer_value(json_object_get(by, "flags"))) md_table(&b, m, a, by);
    }
    return ward_buf_steal(&b);
}

/* ---- HTML ---- */

char *ward_fairness_html(json_t *r)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_puts(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ward fairness report</title>\n"
                      "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                      "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
                      "font-size:13px}td.n{text-align:right}.flag{color:#c0392b;font-weight:bold}</style></head><body>\n");
    /* The Markdown's summary, as plain paragraphs and tables, would need a
     * Markdown renderer: the HTML states the same facts directly. */
    json_t *p = json_object_get(r, "params");
    ward_buf_puts(&b, "<h1>Fairness report</h1>\n<p>Cohort <code>");
    put_esc(&b, str(r, "cohort"));
    ward_buf_printf(&b, "</code>: %lld patients, %lld notes. 95%% bootstrap intervals (%lld replicates, patients "
                    "resampled within groups, seed %lld). Flag: difference to the best group beyond %.3f with an "
                    "interval excluding zero. Grey bars: groups under %lld items. Dashed line: overall.</p>\n",
                    json_integer_value(json_object_get(r, "patients")), json_integer_value(json_object_get(r, "notes")),
                    json_integer_value(json_object_get(p, "replicates")), json_integer_value(json_object_get(p, "seed")),
                    num(p, "threshold"), json_integer_value(json_object_get(p, "min_n")));
    json_t *flags = json_object_get(r, "flags");
    ward_buf_printf(&b, "<h2>Flags (%zu)</h2>\n", json_array_size(flags));
    if (json_array_size(flags)) {
        ward_buf_puts(&b, "<table><tr><th>metric</th><th>attribute</th><th>group</th><th>value</th><th>n</th>"
                          "<th>diff to best</th><th>95% CI of diff</th></tr>\n");
        size_t i;
        json_t *f;
        json_array_foreach(flags, i, f) {
            ward_buf_puts(&b, "<tr><td>");
            put_esc(&b, str(f, "metric"));
            ward_buf_puts(&b, "</td><td>");
            put_esc(&b, str(f, "attribute"));
            ward_buf_puts(&b, "</td><td class=\"flag\">");
            put_esc(&b, str(f, "group"));
            ward_buf_printf(&b, "</td><td class=\"n\">%.3f</td><td class=\"n\">%lld</td><td class=\"n\">%+.3f</td>"
                            "<td>[%+.3f, %+.3f]</td></tr>\n", num(f, "value"), json_integer_value(json_object_get(f, "n")),
                            num(f, "diff"), num(f, "diff_lo"), num(f, "diff_hi"));
        }
        ward_buf_puts(&b, "</table>\n");
    } else {
        ward_buf_puts(&b, "<p>No disparity flagged.</p>\n");
    }
    json_t *cf = json_object_get(r, "counterfactual");
    if (json_is_object(cf))
        ward_buf_printf(&b, "<h2>Counterfactual swaps</h2><p>Sex, race, ethnicity and name swapped for %lld patients "
                        "(store and transcript): %lld of %lld outputs changed in substance, flip rate <b>%.4f</b>.</p>\n",
                        json_integer_value(json_object_get(cf, "patients")), json_integer_value(json_object_get(cf, "changed")),
                        json_integer_value(json_object_get(cf, "outputs")), num(cf, "flip_rate"));
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r, "metrics"), i, m) {
        ward_buf_puts(&b, "<h2>");
        put_esc(&b, str(m, "name"));
        ward_buf_printf(&b, "</h2><p>overall %.3f over %lld items (%s is better)</p>\n", num(m, "overall"),
                        json_integer_value(json_object_get(m, "n")),
                        json_integer_value(json_object_get(m, "better")) < 0 ? "lower" : "higher");
        const char *a;
        json_t *by;
        json_object_foreach(json_object_get(m, "by"), a, by) {
            if (strchr(a, '+') && !json_integer_value(json_object_get(by, "flags"))) continue;
            char *svg = ward_fairness_svg(m, a);
            ward_buf_puts(&b, svg);
            free(svg);
        }
    }
    ward_buf_puts(&b, "</body></html>\n");
    return ward_buf_steal(&b);
}
