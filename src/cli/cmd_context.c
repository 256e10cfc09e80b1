/* cmd_context.c — `ward context`: ConText assertions for a researcher's own
 * targets, in bulk (--jsonl) or for one sentence.
 *
 * JSONL mode keeps one output line per input line, so outputs can be pasted
 * beside inputs: a bad line gives {"line": N, "error": "..."} in its place
 * (and a note on stderr) and the run goes on; the exit status is then 2.
 * Errors never quote the text (it may carry PHI). */
#include "cli_int.h"
#include "ward/funnel.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Finds target in text, ignoring letter case; 0 when absent. */
static int find_target(const char *text, const char *target, size_t *ts, size_t *te)
{
    if (!*target) return 0;
    const char *p = ward_str_casestr(text, target);
    if (!p) return 0;
    *ts = (size_t)(p - text);
    *te = *ts + strlen(target);
    return 1;
}

static json_t *result_json(const ward_context_result *r)
{
    return json_pack("{s:b, s:s}", "negated", r->negated, "assertion", ward_assertion_name(r->assertion));
}

/* One input line -> one output object; *bad is set to an error message. */
static json_t *one_line(ward_context *cx, const char *line, size_t n, const char **bad)
{
    json_error_t je;
    json_t *in = json_loadb(line, n, 0, &je);
    const char *text = NULL, *target = NULL;
    json_t *out = NULL;
    size_t ts, te;
    if (!in || !json_is_object(in)) *bad = "not a JSON object";
    else if (!(text = json_string_value(json_object_get(in, "text")))) *bad = "field 'text' missing or not a string";
    else if (!(target = json_string_value(json_object_get(in, "target")))) *bad = "field 'target' missing or not a string";
    else if (!find_target(text, target, &ts, &te)) *bad = "field 'target' does not occur in 'text'";
    else {
        ward_context_result r;
        ward_context_assert(cx, text, strlen(text), ts, te, &r);
        out = result_json(&r);
    }
    json_decref(in);
    return out;
}

static int run_jsonl(ward_context *cx, FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0, bad_lines = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
        if (!n) continue;
        const char *bad = NULL;
        json_t *out = one_line(cx, line, (size_t)n, &bad);
        if (!out) {
            bad_lines++;
            fprintf(stderr, "ward context: %s: line %ld: %s\n", name, lineno, bad);
            out = json_pack("{s:I, s:s}", "line", (json_int_t)lineno, "error", bad);
        }
        char *s = json_dumps(out, JSON_COMPACT);
        if (s) puts(s);
        free(s);
        json_decref(out);
    }
    free(line);
    return bad_lines ? WARD_EINPUT : WARD_OK;
}

static int run(cli_state *cli, int argc, char **argv)
{
    const char *rules = NULL, *target = NULL, *file = NULL;
    int jsonl = 0;
    ward_buf text;
    ward_buf_init(&text);
    int rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--jsonl")) jsonl = 1;
        else if (!strcmp(a, "--rules") || !strcmp(a, "--target")) {
            if (!v) rc = cli_fail("context", WARD_EUSAGE, "%s needs a value", a);
            else if (a[2] == 'r') rules = v;
            else target = v;
            i++;
        } else if (a[0] == '-' && a[1]) rc = cli_fail("context", WARD_EUSAGE, "unknown option %s", a);
        else if (jsonl && !file) file = a;
        else {
            if (text.len) ward_buf_putc(&text, ' ');
            ward_buf_puts(&text, a);
        }
    }
    if (!rc && !jsonl && (!target || !text.len))
        rc = cli_fail("context", WARD_EUSAGE, "give --jsonl [FILE], or --target PHRASE TEXT (see ward context --help)");
    ward_context *cx = NULL;
    ward_err err = {0};
    if (!rc && (rc = ward_context_new(rules, &cx, &err))) cli_fail("context", rc, "%s", err.msg);
    size_t ts, te;
    if (!rc && !jsonl) {
        if (!find_target(text.data, target, &ts, &te)) {
            rc = cli_fail("context", WARD_EINPUT, "the target does not occur in the text");
        } else {
            ward_context_result r;
            ward_context_assert(cx, text.data, text.len, ts, te, &r);
            if (cli->json) cli_print_json(result_json(&r));
            else printf("%s\n", ward_assertion_name(r.assertion));
        }
    } else if (!rc) {
        FILE *f = file && strcmp(file, "-") ? fopen(file, "r") : stdin;
        if (!f) rc = cli_fail("context", WARD_EINPUT, "%s: cannot open", file);
        else {
            rc = run_jsonl(cx, f, file ? file : "stdin");
            if (f != stdin) fclose(f);
        }
    }
    ward_context_free(cx);
    ward_buf_free(&text);
    return rc;
}

const cli_command cli_cmd_context = {
    "context", run, "ConText assertions (negated, possible, historical...)",
    "usage: ward context --jsonl [FILE] [--rules FILE]\n"
    "       ward context --target PHRASE TEXT... [--json]\n\n"
    "Says whether a target phrase is present, negated, possible, historical,\n"
    "hypothetical or experienced by a relative (family) in a sentence, after the\n"
    "ConText algorithm (rules: data/context.tsv, built in).\n\n"
    "  --jsonl        read lines {\"text\": \"...\", \"target\": \"...\"} from FILE (or stdin)\n"
    "                 and write one line each: {\"negated\": bool, \"assertion\": \"...\"};\n"
    "                 a bad line gives {\"line\": N, \"error\": \"...\"} and the rest goes on\n"
    "                 (exit status 2 at the end). The target matches in any letter case.\n"
    "  --rules FILE   more rules, same columns as data/context.tsv:\n"
    "                 PHRASE, CATEGORY, DIRECTION, WINDOW (tab-separated)\n"
    "  --target P     the phrase to assess in TEXT\n"};
