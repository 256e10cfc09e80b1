/* cli_int.h — what the `ward` subcommands share.
 *
 * main.c strips the global options (--data DIR, --json, --help) from
 * anywhere on the command line, so every subcommand sees only its own.
 * A subcommand returns a WARD_E* code; main turns it into the exit status
 * (0 ok, 1 usage, 2 data/input error). */
#ifndef WARD_CLI_INT_H
#define WARD_CLI_INT_H

#include "ward/core.h"
#include "ward/govern.h"
#include "ward/llm.h"
#include "ward/store.h"

typedef struct cli_state {
    const char *data_dir;  /* --data, else $WARD_DATA, else ./ward-data */
    int json;              /* --json */
    int help;              /* --help / -h anywhere */
    ward_store *store;     /* opened on demand by cli_store() */
    ward_principal who;    /* the OS user, as operator, narrowed by WARD_ROLE */
    const char *command;   /* the subcommand's name */
} cli_state;

typedef struct cli_command {
    const char *name;
    int (*run)(cli_state *cli, int argc, char **argv);
    const char *summary;
    const char *usage;     /* full --help text */
} cli_command;

/* Opens the store; prints the error itself. Commands that read the store
 * (stats, search, patients, show, drafts, ask...) need one to exist; the
 * others create it on first use. */
ward_store *cli_store(cli_state *cli);
/* Prints usage for cmd to stdout (help) and returns WARD_OK. */
int cli_usage(const cli_command *cmd);
/* Prints "ward CMD: msg" to stderr and returns code. */
int cli_fail(const char *cmd, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Writes text (may be NULL: an empty file) to path, replacing it; on
 * failure prints "ward CMD: PATH: cannot write (reason)" and returns WARD_EIO. */
int cli_write_text(const char *cmd, const char *path, const char *text);
/* Prints a JSON value to stdout (compact for lists, indented otherwise) and frees it. */
struct json_t;
void cli_print_json(struct json_t *v);
/* Records an access in the audit log (store must be open). Failure to
 * audit is reported: an access that cannot be recorded is an error. */
int cli_audit(cli_state *cli, const char *action, const char *patient_id, const char *outcome);
/* WARD_OK when the CLI's principal may do action ("read_phi", "approve",
 * "admin"...); else prints why, audits the denial and returns WARD_EDENIED. */
int cli_require(cli_state *cli, const char *cmd, const char *action, const char *patient_id);
/* 1 when output must be de-identified: WARD_ROLE narrowed the CLI to a role
 * that may read de-identified data only (researcher). */
int cli_deid(cli_state *cli);
/* Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" ("-" for 0). */
void cli_time(int64_t t, char out[32]);
/* Parses a positive integer option value; returns -1 when it is not one. */
long cli_parse_long(const char *s);

/* `ward eval ...` (cli_eval.c): ingests a `ward synth` cohort into st
 * (skipped when every patient of it is there already), and records a run's report in the evaluation history
 * (prints the error itself; config may be NULL). */
int cli_ingest_cohort(ward_store *st, const char *dir, ward_err *err);
int cli_eval_record(cli_state *cli, const char *command, const char *cohort, const char *backend, const char *model,
                    struct json_t *config, struct json_t *report);

/* A progress line on stderr for long runs (cli_report.c): drawn only when
 * wanted and stderr is a terminal, at most every 0.1 s unless forced. */
typedef struct cli_bar {
    int tty, drawn;
    double t0, last;       /* start and last draw (cli_now seconds) */
} cli_bar;
double cli_now(void);
void cli_bar_init(cli_bar *b, int wanted);
void cli_bar_draw(cli_bar *b, double frac, int force, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void cli_bar_clear(cli_bar *b);
/* Prints the library's ward_log messages to stderr (threshold from WARD_LOG). */
void cli_log_init(void);

/* The generation backend flags every model-using command takes:
 * --model FILE, --llm-url URL, --llm-key KEY, --llm-model NAME (cli_llm.c).
 * In an option loop: if argv[*i] is one of them, stores its value in p,
 * moves *i onto the value and returns 1; returns -1 (error printed) when
 * the value is missing; 0 when argv[*i] is something else. */
int cli_llm_flags(const char *cmd, ward_llm_params *p, int argc, char **argv, int *i);
/* Completes p from the environment and DATA/config, then opens the backend
 * (extractive when nothing is configured); prints the error itself. */
int cli_llm_open(cli_state *cli, const char *cmd, ward_llm_params *p, ward_llm **out);
/* Usage lines for those flags, to paste into a command's --help text. */
#define CLI_LLM_USAGE                                                                   \
    "  --model FILE     chat model (GGUF) run in-process by llama.cpp ($WARD_MODEL)\n"   \
    "  --llm-url URL    OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1\n"     \
    "                   ($WARD_LLM_URL); with neither, output is extractive\n"          \
    "  --llm-key KEY    bearer key for --llm-url ($WARD_LLM_KEY)\n"                      \
    "  --llm-model NAME model name sent to --llm-url ($WARD_LLM_MODEL)\n"

/* Every subcommand, one per line: adding a command is one line here and a
 * cmd_NAME.c file defining `const cli_command cli_cmd_NAME`. */
#define CLI_COMMANDS(X) \
    X(init)             \
    X(audit)            \
    X(eval)             \
    X(ingest)           \
    X(index)            \
    X(patients)         \
    X(show)             \
    X(search)           \
    X(stats)            \
    X(models)           \
    X(synth)            \
    X(deid)             \
    X(context)          \
    X(extract)          \
    X(vocab)            \
    X(ask)              \
    X(summarize)        \
    X(note)             \
    X(instructions)     \
    X(priorauth)        \
    X(drafts)           \
    X(review)           \
    X(calc)             \
    X(codes)            \
    X(plugin)           \
    X(users)            \
    X(tokens)           \
    X(care_team)        \
    X(btg)               \
    X(monitor)          \
    X(feedback)         \
    X(card)             \
    X(serve)

#define X(name) extern const cli_command cli_cmd_##name;
CLI_COMMANDS(X)
#undef X

#endif
