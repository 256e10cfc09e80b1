/* cmd_drafts.c — `ward drafts [--patient ID]`, `ward drafts show ID` and
 * `ward drafts versions ID` (every version of the text, with diffs). */
#include "cli_int.h"
#include "ward/orchestrate.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int show(cli_state *cli, ward_store *st, const char *arg)
{
    long id = cli_parse_long(arg);
    if (id < 0) return cli_fail("drafts", WARD_EUSAGE, "give a draft id (see ward drafts)");
    json_t *d;
    ward_err err = {0};
    int rc = ward_draft_get(st, id, &d, &err);
    const char *pid = rc ? NULL : json_string_value(json_object_get(d, "patient_id"));
    int arc = cli_audit(cli, "draft_show", pid, rc == WARD_ENOTFOUND ? "not_found" : rc ? "error" : "ok");
    if (!rc && cli_deid(cli)) {
        rc = ward_redact_draft_json(st, d, &err);
        pid = json_string_value(json_object_get(d, "patient_id"));
    }
    if (rc) {
        json_decref(d);
        return cli_fail("drafts", rc, "%s", err.msg);
    }
    if (arc) {
        json_decref(d);
        return arc;
    }
    if (cli->json) {
        cli_print_json(d);
        return WARD_OK;
    }
    printf("Draft #%ld  task %s  patient %s  status %s\n", id, json_string_value(json_object_get(d, "task")),
           pid ? pid : "-", json_string_value(json_object_get(d, "status")));
    printf("Backend %s  model %s  created %s\n", json_string_value(json_object_get(d, "backend")),
           json_string_value(json_object_get(d, "model")) ?: "-", json_string_value(json_object_get(d, "created_at")));
    const char *rev = json_string_value(json_object_get(d, "reviewer"));
    if (rev) printf("Reviewed by %s at %s\n", rev, json_string_value(json_object_get(d, "updated_at")) ?: "-");
    long long nver = json_integer_value(json_object_get(d, "version"));
    if (nver > 1) printf("Version %lld: edited (ward drafts versions %ld shows every version)\n", nver, id);
    json_t *v = json_object_get(d, "verification");
    printf("Verification: %lld of %lld sentences supported, %lld dropped, %lld flagged (policy %s)\n\n",
           json_integer_value(json_object_get(v, "supported")), json_integer_value(json_object_get(v, "sentences")),
           json_integer_value(json_object_get(v, "dropped")), json_integer_value(json_object_get(v, "flagged")),
           json_string_value(json_object_get(v, "policy")) ?: "-");
    fputs(json_string_value(json_object_get(d, "output")), stdout);
    const char *fin = json_string_value(json_object_get(d, "final_text"));
    if (fin && strcmp(json_string_value(json_object_get(d, "status")), "approved")) printf("\nFinal text:\n%s\n", fin);
    json_t *cites = json_object_get(d, "citations");
    size_t i;
    json_t *c;
    if (json_array_size(cites)) printf("\nSources\n");
    json_array_foreach(cites, i, c) {
        if (json_object_get(c, "turn"))
            printf("[%lld] turn %lld\n", json_integer_value(json_object_get(c, "n")), json_integer_value(json_object_get(c, "turn")));
        else
            printf("[%lld] %s (document %lld, chunk %lld)\n", json_integer_value(json_object_get(c, "n")),
                   json_string_value(json_object_get(c, "title")) ?: "", json_integer_value(json_object_get(c, "document_id")),
                   json_integer_value(json_object_get(c, "chunk_id")));
    }
    json_decref(d);
    return WARD_OK;
}

/* `ward drafts versions ID`: every version of the text, each after the
 * first with the diff from the one before. */
static int versions(cli_state *cli, ward_store *st, const char *arg)
{
    long id = cli_parse_long(arg);
    if (id <= 0) return cli_fail("drafts", WARD_EUSAGE, "give a draft id (see ward drafts)");
    json_t *d = NULL, *list = NULL;
    ward_err err = {0};
    int rc = ward_draft_get(st, id, &d, &err);
    char *pid = rc ? NULL : ward_xstrdup(json_string_value(json_object_get(d, "patient_id")) ?: "");
    if (!rc) rc = ward_draft_versions(st, id, &list, &err);
    if (!rc && cli_deid(cli)) rc = ward_redact_versions_json(st, pid, list, &err);
    if (!rc) ward_draft_versions_diff(list);
    int arc = cli_audit(cli, "draft_versions", pid && *pid ? pid : NULL,
                        rc == WARD_ENOTFOUND ? "not_found" : rc ? "error" : "ok");
    json_decref(d);
    free(pid);
    if (rc || arc) {
        json_decref(list);
        return rc ? cli_fail("drafts", rc, "%s", err.msg) : arc;
    }
    if (cli->json) {
        cli_print_json(list);
        return WARD_OK;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        printf("%sVersion %lld  %s by %s  %s\n", i ? "\n" : "", json_integer_value(json_object_get(v, "version")),
               json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "author")),
               json_string_value(json_object_get(v, "created_at")));
        const char *diff = json_string_value(json_object_get(v, "diff"));
        fputs(diff ? diff : json_string_value(json_object_get(v, "text")), stdout);
        if (!diff) putchar('\n');
    }
    json_decref(list);
    return WARD_OK;
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_draft_list_params p = {0};
    const char *show_id = NULL, *versions_id = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "show") && i == 1) {
            if (!v || argc > 3) return cli_fail("drafts", WARD_EUSAGE, "usage: ward drafts show ID");
            show_id = v, i++;
        } else if (!strcmp(argv[i], "versions") && i == 1) {
            if (!v || argc > 3) return cli_fail("drafts", WARD_EUSAGE, "usage: ward drafts versions ID");
            versions_id = v, i++;
        } else if (!strcmp(argv[i], "--patient") && v) p.patient_id = v, i++;
        else if (!strcmp(argv[i], "--task") && v) p.task = v, i++;
        else if (!strcmp(argv[i], "--status") && v) p.status = v, i++;
        else if (!strcmp(argv[i], "-n") && v) {
            if ((p.limit = (int)cli_parse_long(v)) <= 0) return cli_fail("drafts", WARD_EUSAGE, "-n needs a positive number");
            i++;
        } else return cli_fail("drafts", WARD_EUSAGE, "unexpected argument %s (see ward drafts --help)", argv[i]);
    }
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    if (cli_require(cli, "drafts", "read_deid", NULL)) return WARD_EDENIED;
    if (show_id) return show(cli, st, show_id);
    if (versions_id) return versions(cli, st, versions_id);
    json_t *list = NULL;
    ward_err err = {0};
    char *real = NULL; /* de-identified views take pseudonyms */
    int rc = cli_deid(cli) && p.patient_id ? ward_pseudonym_resolve(st, p.patient_id, &real, &err) : WARD_OK;
    if (real) p.patient_id = real;
    if (!rc) rc = ward_drafts_list(st, &p, &list, &err);
    size_t k;
    json_t *e;
    json_array_foreach(list, k, e)
        if (!rc && cli_deid(cli)) rc = ward_redact_draft_json(st, e, &err);
    int arc = cli_audit(cli, "drafts", p.patient_id, rc ? "error" : "ok");
    free(real);
    if (arc) {
        json_decref(list);
        return WARD_EIO;
    }
    if (rc) {
        json_decref(list);
        return cli_fail("drafts", rc, "%s", err.msg);
    }
    if (cli->json) {
        cli_print_json(list);
        return WARD_OK;
    }
    size_t i;
    json_t *d;
    printf("%-6s %-13s %-10s %-11s %-20s %s\n", "ID", "TASK", "STATUS", "BACKEND", "CREATED", "PATIENT");
    json_array_foreach(list, i, d)
        printf("%-6lld %-13s %-10s %-11s %-20s %s\n", json_integer_value(json_object_get(d, "id")),
               json_string_value(json_object_get(d, "task")), json_string_value(json_object_get(d, "status")),
               json_string_value(json_object_get(d, "backend")), json_string_value(json_object_get(d, "created_at")),
               json_string_value(json_object_get(d, "patient_id")) ?: "-");
    if (!json_array_size(list)) printf("No drafts.\n");
    json_decref(list);
    return WARD_OK;
}

const cli_command cli_cmd_drafts = {
    "drafts", run, "list drafts, or show one",
    "usage: ward drafts [--patient ID] [--task T] [--status S] [-n N] [--json]\n"
    "       ward drafts show ID [--json]\n"
    "       ward drafts versions ID [--json]\n\n"
    "Every output of ask, summarize, note, instructions and priorauth is stored as\n"
    "a draft: task, inputs, output, citations, backend and model, prompt hash,\n"
    "verification, status (draft, approved, rejected, edited), reviewer, final text.\n"
    "Review drafts with ward review. An edit keeps every version: versions\n"
    "prints each one, after the first as a unified diff from the one before.\n"};
