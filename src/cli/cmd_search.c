/* cmd_search.c — `ward search QUERY`: ranked chunks with snippets. */
#include "cli_int.h"
#include "ward/retrieve.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int run(cli_state *cli, int argc, char **argv)
{
    ward_search_params p = ward_search_default_params();
    ward_buf q;
    ward_buf_init(&q);
    int rc = WARD_OK;
    const char *rerank = NULL;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(a, "--patient")) p.patient_id = v;
        else if (!strcmp(a, "--kind")) p.kind = v;
        else if (!strcmp(a, "--since")) p.since = v;
        else if (!strcmp(a, "--rerank")) rerank = v;
        else if (!strcmp(a, "--vector-weight")) {
            p.vector_weight = v ? atof(v) : 0;
            if (!(p.vector_weight > 0)) rc = cli_fail("search", WARD_EUSAGE, "--vector-weight needs a positive number");
        }
        else if (!strcmp(a, "--until")) p.until = v;
        else if (!strcmp(a, "-k") || !strcmp(a, "--k")) {
            p.k = (int)cli_parse_long(v);
            if (p.k <= 0) rc = cli_fail("search", WARD_EUSAGE, "-k needs a positive number");
        } else if (!strcmp(a, "--mode")) {
            if (v && !strcmp(v, "bm25")) p.mode = WARD_SEARCH_BM25;
            else if (v && !strcmp(v, "vector")) p.mode = WARD_SEARCH_VECTOR;
            else if (v && !strcmp(v, "hybrid")) p.mode = WARD_SEARCH_HYBRID;
            else rc = cli_fail("search", WARD_EUSAGE, "--mode is bm25, vector or hybrid");
        } else if (!strcmp(a, "--exact")) {
            p.exact = 1;
            takes = 0;
        } else if (a[0] == '-' && a[1]) {
            rc = cli_fail("search", WARD_EUSAGE, "unknown option %s", a);
        } else {
            takes = 0;
            if (q.len) ward_buf_putc(&q, ' ');
            ward_buf_puts(&q, a);
        }
        if (takes && !rc && !v) rc = cli_fail("search", WARD_EUSAGE, "%s needs a value", a);
        i += takes;
    }
    if (!rc && !q.len) rc = cli_fail("search", WARD_EUSAGE, "give a query (see ward search --help)");
    ward_store *st = rc ? NULL : cli_store(cli);
    if (!rc && !st) rc = WARD_EIO;
    ward_hits hits = {0};
    ward_err err = {0};
    ward_reranker *rr = NULL;
    if (!rc && rerank && (rc = ward_reranker_open(rerank, &rr, &err))) cli_fail("search", rc, "%s", err.msg);
    p.reranker = rr;
    char *real = NULL; /* de-identified views take pseudonyms */
    if (!rc) rc = cli_require(cli, "search", "read_deid", NULL);
    if (!rc && cli_deid(cli) && p.patient_id && *p.patient_id) {
        if ((rc = ward_pseudonym_resolve(st, p.patient_id, &real, &err))) cli_fail("search", rc, "%s", err.msg);
        p.patient_id = real;
    }
    if (!rc && (rc = ward_search(st, q.data, &p, &hits, &err))) cli_fail("search", rc, "%s", err.msg);
    if (!rc && hits.fallback.code)
        fprintf(stderr, "ward search: warning: vector search unavailable, using BM25: %s\n", hits.fallback.msg);
    if (!rc && cli_deid(cli) && (rc = ward_redact_hits(st, &hits, &err))) cli_fail("search", rc, "%s", err.msg);
    ward_reranker_free(rr);
    if (st && rc != WARD_EDENIED && cli_audit(cli, "search", p.patient_id, rc ? "error" : "ok") && !rc) {
        ward_hits_free(&hits);
        rc = WARD_EIO;
    }
    ward_buf_free(&q);
    free(real);
    if (rc) return rc;
    if (cli->json) {
        cli_print_json(ward_hits_json(&hits));
        ward_hits_free(&hits);
        return WARD_OK;
    }
    if (hits.mode != WARD_SEARCH_BM25) printf("(%s search)\n", ward_search_mode_name(hits.mode));
    for (size_t i = 0; i < hits.n; i++) {
        ward_hit *h = &hits.v[i];
        for (char *c = h->snippet; c && *c; c++)
            if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
        printf("%2zu. [%.2f] %s  (%s%s%s, doc %lld, chunk %lld, bytes %zu-%zu)\n    %s\n", i + 1,
               h->score, h->title ? h->title : "(untitled)", h->kind ? h->kind : "?",
               h->date ? ", " : "", h->date ? h->date : "", (long long)h->document_id,
               (long long)h->chunk_id, h->start, h->end, h->snippet ? h->snippet : "");
    }
    if (!hits.n) printf("No matches.\n");
    ward_hits_free(&hits);
    return WARD_OK;
}

const cli_command cli_cmd_search = {
    "search", run, "search notes, reports and records",
    "usage: ward search QUERY [--patient ID] [--kind K] [--since DATE] [--until DATE]\n"
    "                   [-k N] [--mode bm25|vector|hybrid] [--rerank MODEL.gguf] [--exact] [--json]\n\n"
    "Ranks chunks of documents and structured records against QUERY (words are\n"
    "matched as terms; no query syntax needed). Filters apply before ranking.\n"
    "The lexicon widens QUERY: other names of the concepts it names (\"GERD\" also\n"
    "finds \"Gastroesophageal reflux disease\", \"TSH\" \"Thyrotropin\"; abbreviations\n"
    "only as the lexicon writes them or in capitals) and the drugs of a class it\n"
    "names (\"statin\"), these counting half as much as QUERY's own words.\n\n"
    "  --patient ID   only this patient's chart ('' for the literature corpus)\n"
    "  --kind K       only documents of kind K (note, record, lab_report, article...)\n"
    "  --since DATE   documents dated on or after DATE (YYYY-MM-DD)\n"
    "  --until DATE   documents dated on or before DATE\n"
    "  -k N           number of results (default 10)\n"
    "  --mode M       bm25, vector or hybrid (default: hybrid when `ward index` has\n"
    "                 made vectors, else bm25); vector and hybrid embed the query\n"
    "                 with the embedder recorded by `ward index`\n"
    "  --vector-weight W  hybrid: weight of the vector ranking in the fusion, BM25's\n"
    "                 being 1 (default 0.5 with the built-in lexical embedder, else 1)\n"
    "  --exact        QUERY's own words only, not widened\n"
    "  --rerank FILE  reorder the top candidates (4k, at least 40) with a GGUF\n"
    "                 cross-encoder reranker (llama.cpp, rank pooling)\n"
    "  --json         a list of hits: chunk_id, document_id, score, mode (the mode\n"
    "                 used), title, kind, date, patient_id, section, snippet, text,\n"
    "                 start, end\n"};
