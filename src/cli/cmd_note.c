/* cmd_note.c — `ward note --transcript FILE`: a visit note from a conversation. */
#include "cli_task_int.h"

#include <stdlib.h>
#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    cli_task_opts t;
    cli_task_init(&t);
    ward_task_request req = {.task = WARD_TASK_NOTE};
    const char *file = NULL;
    int rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        int took = cli_task_option(&t, "note", argc, argv, &i);
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (took < 0) rc = WARD_EUSAGE;
        else if (took) continue;
        else if (!strcmp(argv[i], "--transcript") && v) file = v, i++;
        else if (!strcmp(argv[i], "--patient") && v) req.patient_id = v, i++;
        else rc = cli_fail("note", WARD_EUSAGE, "unexpected argument %s (see ward note --help)", argv[i]);
    }
    if (!rc && !file) rc = cli_fail("note", WARD_EUSAGE, "give --transcript FILE");
    if (rc) return rc;
    char *text = NULL;
    size_t len = 0, bad;
    ward_err err = {0};
    if ((rc = ward_read_file(file, 64u << 20, &text, &len, &err))) return cli_fail("note", WARD_EINPUT, "%s", err.msg);
    if (!len || !ward_utf8_valid(text, len, &bad)) {
        free(text);
        return cli_fail("note", WARD_EINPUT, "%s: %s", file, len ? "not valid UTF-8" : "empty file");
    }
    req.transcript = text;
    req.transcript_len = len;
    req.transcript_name = file;
    rc = cli_task_run(cli, "note", &t, &req);
    free(text);
    return rc;
}

const cli_command cli_cmd_note = {
    "note", run, "a visit note from a doctor-patient conversation",
    "usage: ward note --transcript FILE [--patient ID] [--json] [model options]\n\n"
    "Writes a visit note (chief complaint, history of present illness, review of\n"
    "systems, physical examination, results, assessment and plan problem by\n"
    "problem) in third-person prose from a conversation. Turns start with a speaker: \"Doctor:\"/\"Patient:\",\n"
    "\"[doctor]\"/\"[patient]\", \"D:\"/\"P:\" or names (\"Dr. Lee:\", \"Maria:\").\n"
    "Fillers (um, uh, you know) are dropped and corrections (\"three, sorry, no,\n"
    "four days\"; \"20 mg, I mean 40 mg\") applied. Each line cites its turns [n].\n"
    "Prints the note; --json adds the turns and citations.\n"
    CLI_TASK_HELP};
