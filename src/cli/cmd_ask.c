/* cmd_ask.c — `ward ask QUESTION`: a grounded answer with citations. */
#include "cli_task_int.h"

#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    cli_task_opts t;
    cli_task_init(&t);
    ward_task_request req = {.task = WARD_TASK_ASK};
    ward_buf q;
    ward_buf_init(&q);
    int rc = WARD_OK;
    for (int i = 1; i < argc && !rc; i++) {
        int took = cli_task_option(&t, "ask", argc, argv, &i);
        if (took < 0) rc = WARD_EUSAGE;
        if (took) continue;
        if (!strcmp(argv[i], "--patient")) {
            if (i + 1 >= argc) rc = cli_fail("ask", WARD_EUSAGE, "--patient needs an id");
            else req.patient_id = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            rc = cli_fail("ask", WARD_EUSAGE, "unknown option %s (see ward ask --help)", argv[i]);
        } else {
            if (q.len) ward_buf_putc(&q, ' ');
            ward_buf_puts(&q, argv[i]);
        }
    }
    if (!rc && !q.len) rc = cli_fail("ask", WARD_EUSAGE, "give a question (see ward ask --help)");
    req.question = q.data;
    if (!rc) rc = cli_task_run(cli, "ask", &t, &req);
    ward_buf_free(&q);
    return rc;
}

const cli_command cli_cmd_ask = {
    "ask", run, "answer a question from a chart or the literature, with citations",
    "usage: ward ask QUESTION [--patient ID] [--json] [model options]\n\n"
    "Answers from the patient's chart (structured records first: latest labs with\n"
    "dates, current medications, anticoagulants, allergies, conditions, blood\n"
    "pressure, scores like CHA2DS2-VASc computed from the chart) and notes, or,\n"
    "without --patient, from the literature corpus. Every sentence cites chunks\n"
    "[n]; when the evidence does not answer, the answer is \"Not found in the\n"
    "record.\" The answer is stored as a draft (see ward drafts).\n"
    CLI_TASK_HELP};
