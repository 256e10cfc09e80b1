/* cmd_eval.c — `ward eval WHAT`: measurements of Ward's layers, one
 * subcommand each (a table: adding one is a line here and a function). */
#include "cli.h"

#include <string.h>

int cli_eval_retrieval(ward_cli *cli, int argc, char **argv);

static const struct {
    const char *name;
    int (*run)(ward_cli *cli, int argc, char **argv);
    const char *summary;
} evals[] = {
    {"retrieval", cli_eval_retrieval, "recall@k, MRR, nDCG@10 of bm25, vector and hybrid search"},
};

static int run(ward_cli *cli, int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof evals / sizeof *evals; i++)
        if (!strcmp(argv[1], evals[i].name)) return evals[i].run(cli, argc - 1, argv + 1);
    fprintf(stderr, "ward eval: %s%s\nwhat to evaluate:\n", argc > 1 ? "unknown evaluation " : "say what to evaluate",
            argc > 1 ? argv[1] : "");
    for (size_t i = 0; i < sizeof evals / sizeof *evals; i++) fprintf(stderr, "  %-12s %s\n", evals[i].name, evals[i].summary);
    return WARD_EUSAGE;
}

const ward_command ward_cmd_eval = {
    "eval", run, "measure retrieval and other layers on judged data",
    "usage: ward eval retrieval (--queries FILE.jsonl | --cohort DIR) [--modes M,M]\n"
    "                           [--vector-weight W] [--json]\n\n"
    "retrieval: recall@1/5/10, MRR and nDCG@10 of each search mode, side by side.\n"
    "  --queries FILE   JSONL lines {\"query\": text, \"patient\": id (optional),\n"
    "                   \"relevant\": [items]}; an item is a document id (number),\n"
    "                   \"doc:N\", \"chunk:N\", or a document source id (a record's\n"
    "                   \"Observation/abc\", a note file path relative to the ingested directory)\n"
    "  --cohort DIR     the chart questions of a generated cohort (DIR/questions.jsonl\n"
    "                   from `ward synth`): relevant are the readable documents of each\n"
    "                   question's evidence resources; not_in_record questions are skipped\n"
    "  --modes LIST     comma-separated of bm25, vector, hybrid (default: all three when\n"
    "                   the store has vectors, else bm25)\n"
    "  --vector-weight W  hybrid: the vector ranking's weight in the fusion (see\n"
    "                   ward search --help)\n"
    "  --json           {\"queries\", \"skipped\", \"unresolved\", \"modes\": {mode: metrics}}\n"};
