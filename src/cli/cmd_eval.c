/* cmd_eval.c — `ward eval WHAT`: measurements of Ward's layers, one
 * subcommand each (a table: adding one is a line here and a function). */
#include "cli.h"

#include <string.h>

int cli_eval_funnel(ward_cli *cli, int argc, char **argv);
int cli_eval_retrieval(ward_cli *cli, int argc, char **argv);
int cli_eval_concepts(ward_cli *cli, int argc, char **argv);
int cli_eval_tasks(ward_cli *cli, int argc, char **argv);

static const struct {
    const char *name;
    int (*run)(ward_cli *cli, int argc, char **argv);
    const char *summary;
} evals[] = {
    {"funnel", cli_eval_funnel, "de-identification, assertion and extraction scores against ground truth"},
    {"retrieval", cli_eval_retrieval, "recall@k, MRR, nDCG@10 of bm25, vector and hybrid search"},
    {"concepts", cli_eval_concepts, "ConText assertions and concept extraction against ground truth"},
    {"tasks", cli_eval_tasks, "chart questions, citations, summaries, instructions, SOAP notes (extractive)"},
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
    "usage: ward eval funnel (--cohort DIR | --cases FILE | --gold FILE) [--json]\n"
    "       ward eval retrieval (--queries FILE.jsonl | --cohort DIR) [--modes M,M]\n"
    "                           [--vector-weight W] [--json]\n"
    "       ward eval concepts (--cohort DIR | --tricky DIR) [--verbose] [--json]\n"
    "       ward eval tasks --cohort DIR [--patients N] [--items] [--json]\n\n"
    "funnel: scores the funnel against ground truth: a `ward synth` cohort\n"
    "  (DIR/notes/NAME.txt + NAME.truth.json) or a file of hand-written cases\n"
    "  ({TYPE:text} marks an identifier, [[text]] text that must stay), one a\n"
    "  line, or a gold notes file (\"=== ID KIND\" starts a note; the same markup,\n"
    "  {NAME/origin:text} tags a name's origin). Prints de-identification token\n"
    "  recall (overall, per type, per name origin, per note kind) and precision.\n\n"
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
    "  --json           {\"queries\", \"skipped\", \"unresolved\", \"modes\": {mode: metrics}}\n\n"
    "concepts: assertion accuracy, negation F1, medication-attribute F1 and\n"
    "vitals/labs value+unit F1 of ConText and the concept extractor.\n"
    "  --cohort DIR     a generated cohort: DIR/notes/*.txt and their *.truth.json\n"
    "  --tricky DIR     hand-written sets: DIR/assertions.jsonl ({text, target,\n"
    "                   assertion}) and DIR/extract.jsonl ({text, concepts}),\n"
    "                   as in tests/funnel/data\n"
    "  --verbose        print each miss (synthetic data only: misses quote text)\n\n"
    "tasks: ingests the cohort into --data, then measures the tasks in extractive mode:\n"
    "  chart-question accuracy (the answer's text must say the true answer; tasks that\n"
    "  fail are counted apart), citation precision before and after the guard, summary\n"
    "  recall of active problems, medications and allergies, the reading grade of\n"
    "  instructions, ROUGE-1/2/L of SOAP notes vs the reference notes, and checks of a\n"
    "  reconciled chart, in summaries and in the chart `ward show` gives (trends over\n"
    "  distinct days, one allergy row per substance, no reaction as a problem, one\n"
    "  problem row per concept, one medication row per drug).\n"
    "  --patients N     the first N patients of questions.jsonl only\n"
    "  --items          add every scored item with its patient's demographics (JSON)\n"};
