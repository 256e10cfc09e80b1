/* cmd_feedback.c — `ward feedback export --out FILE.jsonl`: reviewed drafts
 * as de-identified supervised and preference pairs (src/govern/feedback.c). */
#include "cli_int.h"
#include "ward/oversight.h"

#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    const char *out = NULL;
    if (argc < 2 || strcmp(argv[1], "export"))
        return cli_fail("feedback", WARD_EUSAGE, "say what to do: ward feedback export --out FILE.jsonl");
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else return cli_fail("feedback", WARD_EUSAGE, "unexpected argument %s (see ward feedback --help)", argv[i]);
    }
    if (!out) return cli_fail("feedback", WARD_EUSAGE, "give --out FILE.jsonl");
    if (cli_require(cli, "feedback", "admin", NULL)) return WARD_EDENIED;
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    FILE *f = fopen(out, "w");
    if (!f) return cli_fail("feedback", WARD_EIO, "%s: cannot write", out);
    ward_err err = {0};
    ward_feedback_counts c;
    int rc = ward_feedback_export(st, f, &c, &err);
    if (fclose(f) && !rc) rc = ward_err_set(&err, WARD_EIO, "%s: cannot write", out);
    if (rc) return cli_fail("feedback", rc, "%s", err.msg);
    if (cli_audit(cli, "feedback_export", NULL, "ok")) return WARD_EIO;
    if (cli->json)
        printf("{\"drafts\": %ld, \"supervised\": %ld, \"preference\": %ld, \"out\": \"%s\"}\n", c.drafts,
               c.supervised, c.preference, out);
    else
        printf("%ld reviewed drafts: %ld supervised examples, %ld preference pairs, de-identified, in %s\n", c.drafts,
               c.supervised, c.preference, out);
    return WARD_OK;
}

const cli_command cli_cmd_feedback = {
    "feedback", run, "export reviewed drafts as de-identified training pairs",
    "usage: ward feedback export --out FILE.jsonl [--json]\n\n"
    "Writes approved and edited drafts, one JSON object a line:\n"
    "  {\"type\": \"supervised\", \"task\", \"evidence\": [cited quotes], \"draft\", \"final\"}\n"
    "  {\"type\": \"preference\", \"task\", \"evidence\", \"chosen\": final, \"rejected\": draft}\n"
    "(a preference pair for each edited draft). Every text is de-identified (redacted),\n"
    "the patient's own name, MRN and birth date removed wherever they appear; no patient\n"
    "id, reviewer or date is written. Needs the admin right.\n"};
