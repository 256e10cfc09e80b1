/* cmd_eval_retrieval.c — `ward eval retrieval`: each search mode's recall,
 * MRR and nDCG on judged queries, printed side by side. */
#include "cli_int.h"
#include "ward/assess.h"
#include "ward/embed.h"
#include "ward/retrieve.h"
#include "ward/vectors.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int parse_modes(const char *list, int *on)
{
    static const char *names[] = {"bm25", "vector", "hybrid"};
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        int ok = 0;
        for (int m = 0; m < 3; m++)
            if (strlen(names[m]) == n && !strncmp(p, names[m], n)) on[m + 1] = ok = 1;
        if (!ok) return -1;
        p += n + (p[n] == ',');
    }
    return 0;
}

int cli_eval_retrieval(cli_state *cli, int argc, char **argv)
{
    const char *queries = NULL, *cohort = NULL, *modes = NULL;
    double vector_weight = 0;
    int exact = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--exact")) {
            exact = 1;
            continue;
        }
        if (!v) return cli_fail("eval", WARD_EUSAGE, "%s needs a value (see ward eval --help)", a);
        if (!strcmp(a, "--queries")) queries = v;
        else if (!strcmp(a, "--cohort")) cohort = v;
        else if (!strcmp(a, "--modes")) modes = v;
        else if (!strcmp(a, "--vector-weight") && (vector_weight = atof(v)) > 0) {}
        else return cli_fail("eval", WARD_EUSAGE, "unknown argument %s (see ward eval --help)", a);
        i++;
    }
    if (!queries == !cohort) return cli_fail("eval", WARD_EUSAGE, "give --queries FILE or --cohort DIR");
    int on[4] = {0};
    if (modes && parse_modes(modes, on)) return cli_fail("eval", WARD_EUSAGE, "--modes is a list of bm25, vector, hybrid");
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    int vectors = ward_index_count(st) > 0;
    if (!modes) on[1] = 1, on[2] = on[3] = vectors;
    if ((on[2] || on[3]) && !vectors) return cli_fail("eval", WARD_EUSAGE, "vector and hybrid need vectors: run `ward index` first");
    ward_err err = {0};
    ward_eval_set set;
    int rc = queries ? ward_eval_load_jsonl(st, queries, &set, &err) : ward_eval_load_cohort(st, cohort, &set, &err);
    if (rc) return cli_fail("eval", rc, "%s", err.msg);
    ward_embedder *e = NULL;
    ward_hnsw *index = NULL;   /* opened once for all queries */
    if ((on[2] || on[3]) && ((rc = ward_embedder_open_store(st, &e, &err)) || (rc = ward_vectors_open(st, &index, &err)))) {
        ward_embedder_free(e);
        ward_eval_set_free(&set);
        return cli_fail("eval", rc, "%s", err.msg);
    }
    json_t *res = json_object();
    if (!cli->json)
        printf("%zu queries (%zu skipped, %zu relevant items not in the store)\n\n"
               "%-8s %9s %9s %9s %7s %8s\n", set.n, set.skipped, set.unresolved,
               "mode", "recall@1", "recall@5", "recall@10", "MRR", "nDCG@10");
    for (int m = WARD_SEARCH_BM25; m <= WARD_SEARCH_HYBRID && !rc; m++) {
        if (!on[m]) continue;
        ward_search_params p = ward_search_default_params();
        p.mode = (ward_search_mode)m;
        p.embedder = e;
        p.index = index;
        p.vector_weight = vector_weight;
        p.exact = exact;
        ward_eval_metrics x;
        if ((rc = ward_eval_retrieval(st, &set, &p, &x, NULL, &err))) break;
        json_object_set_new(res, ward_search_mode_name(p.mode),
                            json_pack("{s:f, s:f, s:f, s:f, s:f}", "recall@1", x.recall1, "recall@5", x.recall5,
                                      "recall@10", x.recall10, "mrr", x.mrr, "ndcg@10", x.ndcg10));
        if (!cli->json)
            printf("%-8s %9.3f %9.3f %9.3f %7.3f %8.3f\n", ward_search_mode_name(p.mode), x.recall1, x.recall5,
                   x.recall10, x.mrr, x.ndcg10);
    }
    if (rc) cli_fail("eval", rc, "%s", err.msg);
    json_t *report = rc ? NULL : json_pack("{s:I, s:I, s:I, s:O}", "queries", (json_int_t)set.n, "skipped",
                                           (json_int_t)set.skipped, "unresolved", (json_int_t)set.unresolved, "modes", res);
    if (report) rc = cli_eval_record(cli, "eval retrieval", cohort ? cohort : queries, NULL, NULL, NULL, report);
    if (!rc && cli->json) cli_print_json(report);
    else json_decref(report);
    json_decref(res);
    ward_embedder_free(e);
    ward_hnsw_free(index);
    ward_eval_set_free(&set);
    return rc;
}
