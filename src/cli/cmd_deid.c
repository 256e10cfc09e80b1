/* cmd_deid.c — `ward deid [--mode redact|surrogate] [--patient ID] [--json] [FILE]`:
 * de-identifies a text file (or stdin) and prints the result. */
#include "cli_int.h"
#include "ward/funnel.h"

#include <jansson.h>
#include <string.h>

static int read_stdin(char **out, size_t *len, ward_err *err)
{
    ward_buf b;
    ward_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0) ward_buf_append(&b, tmp, n);
    if (ferror(stdin)) {
        ward_buf_free(&b);
        return ward_err_set(err, WARD_EIO, "stdin: read error");
    }
    *len = b.len;
    *out = ward_buf_steal(&b);
    return WARD_OK;
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_deid_params p = ward_deid_default_params();
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--mode") || !strcmp(a, "--patient") || !strcmp(a, "--max-line")) {
            if (!v) return cli_fail("deid", WARD_EUSAGE, "%s needs a value", a);
            i++;
            if (!strcmp(a, "--patient")) p.patient_id = v;
            else if (!strcmp(a, "--max-line")) {
                long n = cli_parse_long(v);
                if (n <= 0) return cli_fail("deid", WARD_EUSAGE, "--max-line needs a positive number of bytes");
                p.max_line_bytes = (size_t)n;
            } else if (!strcmp(v, "redact")) p.mode = WARD_DEID_REDACT;
            else if (!strcmp(v, "surrogate")) p.mode = WARD_DEID_SURROGATE;
            else return cli_fail("deid", WARD_EUSAGE, "--mode is redact or surrogate");
        } else if (a[0] == '-' && a[1]) {
            return cli_fail("deid", WARD_EUSAGE, "unknown option %s (see ward deid --help)", a);
        } else if (file) {
            return cli_fail("deid", WARD_EUSAGE, "give one FILE (or none for stdin)");
        } else {
            file = a;
        }
    }
    char *text = NULL;
    size_t len = 0;
    ward_err err = {0};
    int rc = file && strcmp(file, "-") ? ward_read_file(file, 0, &text, &len, &err) : read_stdin(&text, &len, &err);
    if (rc) return cli_fail("deid", rc, "%s", err.msg);
    ward_deid_result r;
    rc = ward_funnel_deid(text, len, &p, &r, &err);
    free(text);
    if (rc) {
        ward_deid_result_free(&r);
        return cli_fail("deid", rc, "%s%s%s", file ? file : "stdin", ": ", err.msg);
    }
    if (cli->json) {
        json_t *spans = json_array();
        for (size_t i = 0; i < r.n; i++)
            json_array_append_new(spans, json_pack("{s:I, s:I, s:s}", "start", (json_int_t)r.spans[i].start,
                                                   "end", (json_int_t)r.spans[i].end, "type",
                                                   ward_phi_type_name(r.spans[i].type)));
        json_t *o = json_pack("{s:s%, s:o}", "text", r.text, r.len, "spans", spans);
        char *s = json_dumps(o, JSON_COMPACT);
        if (s) puts(s);
        free(s);
        json_decref(o);
    } else {
        fwrite(r.text, 1, r.len, stdout);
    }
    ward_deid_result_free(&r);
    return WARD_OK;
}

const cli_command cli_cmd_deid = {
    "deid", run, "de-identify clinical text (HIPAA Safe Harbor identifiers)",
    "usage: ward deid [--mode redact|surrogate] [--patient ID] [--json] [FILE]\n\n"
    "Finds the Safe Harbor identifiers in FILE (or stdin) - names, dates more\n"
    "specific than a year, ages over 89, phone/fax numbers, e-mails, SSNs, record,\n"
    "account, health-plan, license, vehicle and device numbers, URLs, IPs, street\n"
    "addresses, cities, ZIP codes, facility names - and prints the text without them.\n"
    "Clinical content stays: eponyms (Parkinson disease), drugs, doses, lab values.\n\n"
    "  --mode redact     replace each identifier by its type: [NAME], [DATE] (default)\n"
    "  --mode surrogate  replace by realistic surrogates, the same within a patient;\n"
    "                    dates move by a per-patient shift, so intervals are kept\n"
    "  --patient ID      the patient the text is about (seeds the surrogates);\n"
    "                    set WARD_DEID_KEY to the site's secret key\n"
    "  --max-line N      refuse lines longer than N bytes (default 1048576)\n"
    "  --json            {\"text\": ..., \"spans\": [{\"start\", \"end\", \"type\"}]} with\n"
    "                    byte offsets into the input; types NAME DATE AGE PHONE FAX\n"
    "                    EMAIL SSN MRN ACCOUNT HEALTHPLAN LICENSE VEHICLE DEVICE URL IP\n"
    "                    ADDRESS CITY ZIP FACILITY ID\n\n"
    "Input must be UTF-8 text: binary data, invalid UTF-8 and over-long lines are\n"
    "refused with exit status 2.\n"};
