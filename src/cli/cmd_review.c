/* cmd_review.c — `ward review ID --approve|--reject|--edit FILE`. */
#include "cli_int.h"
#include "ward/govern.h"
#include "ward/orchestrate.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    long id = -1;
    const char *status = NULL, *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = status;
        if (!strcmp(a, "--approve")) next = "approved";
        else if (!strcmp(a, "--reject")) next = "rejected";
        else if (!strcmp(a, "--edit")) {
            if (i + 1 >= argc) return cli_fail("review", WARD_EUSAGE, "--edit needs a FILE with the final text");
            next = "edited", file = argv[++i];
        } else if (id < 0 && (id = cli_parse_long(a)) > 0) continue;
        else return cli_fail("review", WARD_EUSAGE, "unexpected argument %s (see ward review --help)", a);
        if (status && next != status) return cli_fail("review", WARD_EUSAGE, "give one of --approve, --reject, --edit");
        status = next;
    }
    if (id <= 0) return cli_fail("review", WARD_EUSAGE, "give a draft id (see ward drafts)");
    if (!status) return cli_fail("review", WARD_EUSAGE, "give --approve, --reject or --edit FILE");
    char *text = NULL;
    size_t len = 0, bad;
    ward_err err = {0};
    if (file) {
        if (ward_read_file(file, 16u << 20, &text, &len, &err)) return cli_fail("review", WARD_EINPUT, "%s", err.msg);
        if (!ward_utf8_valid(text, len, &bad) || !len) {
            free(text);
            return cli_fail("review", WARD_EINPUT, "%s: %s", file, len ? "not valid UTF-8" : "empty file");
        }
    }
    ward_store *st = cli_store(cli);
    if (!st || cli_require(cli, "review", "approve", NULL)) {
        free(text);
        return st ? WARD_EDENIED : WARD_EIO;
    }
    json_t *d = NULL;
    const char *pid = NULL;
    if (ward_draft_get(st, id, &d, &err) == WARD_OK) pid = json_string_value(json_object_get(d, "patient_id"));
    int rc = d ? ward_draft_review(st, id, status, cli->who.user, text, &err) : WARD_ENOTFOUND;
    int arc = cli_audit(cli, "review", pid, rc ? (rc == WARD_ENOTFOUND ? "not_found" : "error") : status);
    json_decref(d);
    free(text);
    if (rc) return cli_fail("review", rc, "%s", err.msg);
    if (arc) return arc;
    if (cli->json) cli_print_json(json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "status", status, "reviewer", cli->who.user));
    else printf("Draft #%ld %s by %s.\n", id, status, cli->who.user);
    return WARD_OK;
}

const cli_command cli_cmd_review = {
    "review", run, "approve, reject or edit a draft",
    "usage: ward review ID --approve | --reject | --edit FILE [--json]\n\n"
    "Records a clinician's review of draft ID: the status, the reviewer (the OS\n"
    "user running ward) and the final text (the draft's output when approved, FILE's\n"
    "text when edited). A draft is reviewed once. Every review is audited.\n"};
