/* cmd_eval.c — `ward eval WHAT`: measurements of Ward's layers, one
 * subcommand each (a table: adding one is a line here and a function). */
#include "cli_int.h"

#include <string.h>

int cli_eval_funnel(cli_state *cli, int argc, char **argv);
int cli_eval_retrieval(cli_state *cli, int argc, char **argv);
int cli_eval_concepts(cli_state *cli, int argc, char **argv);
int cli_eval_tasks(cli_state *cli, int argc, char **argv);
int cli_eval_fairness(cli_state *cli, int argc, char **argv);
int cli_eval_history(cli_state *cli, int argc, char **argv);
int cli_eval_compare(cli_state *cli, int argc, char **argv);
int cli_eval_all(cli_state *cli, int argc, char **argv);

static const struct {
    const char *name;
    int (*run)(cli_state *cli, int argc, char **argv);
    const char *summary;
} evals[] = {
    {"funnel", cli_eval_funnel, "de-identification, assertion and extraction scores against ground truth"},
    {"retrieval", cli_eval_retrieval, "recall@k, MRR, nDCG@10 of bm25, vector and hybrid search"},
    {"concepts", cli_eval_concepts, "ConText assertions and concept extraction against ground truth"},
    {"tasks", cli_eval_tasks, "chart questions, citations, summaries, instructions, SOAP notes (extractive)"},
    {"fairness", cli_eval_fairness, "every evaluator by sex, race, ethnicity, age band, language; counterfactual swaps"},
    {"all", cli_eval_all, "every evaluator on a cohort, one report (fairness breakdowns and funnel aggregates)"},
    {"history", cli_eval_history, "the evaluation runs recorded in the store"},
    {"compare", cli_eval_compare, "deltas between two runs; --gate TOLERANCE exits 2 on a regression"},
};

static int run(cli_state *cli, int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof evals / sizeof *evals; i++)
        if (!strcmp(argv[1], evals[i].name)) return evals[i].run(cli, argc - 1, argv + 1);
    fprintf(stderr, "ward eval: %s%s\nwhat to evaluate:\n", argc > 1 ? "unknown evaluation " : "say what to evaluate",
            argc > 1 ? argv[1] : "");
    for (size_t i = 0; i < sizeof evals / sizeof *evals; i++) fprintf(stderr, "  %-12s %s\n", evals[i].name, evals[i].summary);
    return WARD_EUSAGE;
}

const cli_command cli_cmd_eval = {
    "eval", run, "measure retrieval and other layers on judged data",
    "usage: ward eval funnel (--cohort DIR | --cases FILE | --gold FILE) [--json]\n"
    "       ward eval retrieval (--queries FILE.jsonl | --cohort DIR) [--modes M,M]\n"
    "                           [--vector-weight W] [--exact] [--json]\n"
    "       ward eval concepts (--cohort DIR | --tricky DIR) [--verbose] [--json]\n"
    "       ward eval tasks --cohort DIR [--patients N] [--items] [--json]\n"
    "       ward eval fairness --cohort DIR [--by ATTRS] [--out PREFIX] [--patients N] [--only PARTS]\n"
    "                          [--counterfactual N] [--threshold T] [--replicates B] [--min-n N]\n"
    "                          [--intersections 0|1] [--model FILE | --llm-url URL] [--json]\n"
    "       ward eval all --cohort DIR [same options as fairness]\n"
    "       ward eval history [--metric NAME] [--limit N] [--json]\n"
    "       ward eval compare A B [--gate TOLERANCE] [--all] [--json]\n\n"
    "Every run of ward eval is recorded in the store (eval_runs): when, Ward's version,\n"
    "backend and model, options, the cohort and its seed, and every number of the report.\n\n"
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
    "  --exact          the queries' own words only, not widened by the lexicon\n"
    "  --json           {\"queries\", \"skipped\", \"unresolved\", \"modes\": {mode: metrics}}\n\n"
    "concepts: assertion accuracy, negation F1, medication-attribute F1 and\n"
    "vitals/labs value+unit F1 of ConText and the concept extractor.\n"
    "  --cohort DIR     a generated cohort: DIR/notes/*.txt and their *.truth.json\n"
    "  --tricky DIR     hand-written sets: DIR/assertions.jsonl ({text, target,\n"
    "                   assertion}) and DIR/extract.jsonl ({text, concepts}),\n"
    "                   as in tests/fixtures/funnel\n"
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
    "  --items          add every scored item with its patient's demographics (JSON)\n\n\n"
    "fairness: ingests the cohort, runs the tasks, the funnel (de-identification per\n"
    "  identifier token, assertions, negations) and retrieval, and breaks every metric\n"
    "  down by the patients' attributes and each pair of them: value, n, 95% bootstrap\n"
    "  interval (patients resampled within groups, fixed seed), difference and ratio to\n"
    "  the best group. De-identification of names is also broken down by the name's\n"
    "  origin. A group is flagged when its difference to the best group exceeds the\n"
    "  threshold and the interval of that difference excludes zero. Counterfactual\n"
    "  swaps: sex, race, ethnicity and name of N patients swapped (store and transcript),\n"
    "  every task run again, the share of outputs whose substance changed.\n"
    "  --by ATTRS       of sex, race, ethnicity, age_band, language, name_origin\n"
    "                   (default: sex,race,ethnicity,age_band,language)\n"
    "  --out PREFIX     write PREFIX.json, PREFIX.md and PREFIX.html (SVG charts)\n"
    "  --only PARTS     of tasks, funnel, retrieval (default: all three)\n"
    "  --patients N     the first N patients only\n"
    "  --counterfactual N  patients swapped (default 30; 0: none)\n"
    "  --threshold T    flag beyond this difference (default 0.05)\n"
    "  --replicates B   bootstrap replicates (default 1000); --min-n N: smallest group\n"
    "                   judged (default 30 items)\n"
    CLI_LLM_USAGE
    "\nhistory: the recorded runs, newest first; --metric NAME adds that number.\n"
    "compare: every metric of both runs with its delta; --gate TOLERANCE exits 2 when a\n"
    "  metric moves against its direction (higher or lower is better) by more than\n"
    "  TOLERANCE, so a site's pipeline can block a model or rule change. --all lists\n"
    "  unchanged metrics too.\n"};