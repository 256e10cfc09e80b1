/* cmd_index.c — `ward index`: embed the chunks that have no vector yet. */
#include "cli_int.h"
#include "ward/embed.h"

#include <jansson.h>
#include <string.h>

static void draw(void *ud, const ward_event *ev)
{
    if (ev->kind != WARD_EVENT_PROGRESS) return;
    double frac = ev->total ? (double)ev->done / (double)ev->total : 1;
    cli_bar_draw(ud, frac, ev->done >= ev->total, "chunks %llu/%llu", (unsigned long long)ev->done,
                 (unsigned long long)ev->total);
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_index_params p = ward_index_default_params();
    int quiet = 0, rc = WARD_OK, backend_given = 0;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(a, "--embedder")) {
            int b = ward_embed_backend_parse(v);
            if (b < 0 && v) rc = cli_fail("index", WARD_EUSAGE, "--embedder is lexical, llama or http");
            p.embed.backend = (ward_embed_backend)(b < 0 ? 0 : b);
            backend_given = 1;
        } else if (!strcmp(a, "--model")) p.embed.model = v;
        else if (!strcmp(a, "--url")) p.embed.url = v;
        else if (!strcmp(a, "--batch")) {
            p.batch = p.embed.batch = (int)cli_parse_long(v);
            if (p.batch <= 0 && v) rc = cli_fail("index", WARD_EUSAGE, "--batch needs a positive number");
        } else {
            takes = 0;
            if (!strcmp(a, "--rebuild")) p.rebuild = 1;
            else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) quiet = 1;
            else rc = cli_fail("index", WARD_EUSAGE, "unknown argument %s (see ward index --help)", a);
        }
        if (takes && !rc && !v) rc = cli_fail("index", WARD_EUSAGE, "%s needs a value", a);
        i += takes;
    }
    if (rc) return rc;
    /* Without --embedder, --url means http and --model a GGUF file. */
    if (!backend_given) p.embed.backend = p.embed.url ? WARD_EMBED_HTTP : p.embed.model ? WARD_EMBED_LLAMA
                                                                                       : WARD_EMBED_LEXICAL;
    /* No embedder named at all: keep the one the store recorded. */
    p.from_store = !backend_given && !p.embed.url && !p.embed.model;
    ward_store *st = cli_store(cli);
    if (!st) return WARD_EIO;
    cli_bar bar;
    cli_bar_init(&bar, !quiet && !cli->json);
    p.report = draw;
    p.report_ud = &bar;
    ward_index_stats stats;
    ward_err err = {0};
    rc = ward_index_run(st, &p, &stats, &err);
    cli_bar_clear(&bar);
    if (rc && stats.mixed)
        return cli_fail("index", rc, "%s (run `ward index --rebuild` with the embedder to use)", err.msg);
    if (rc && p.embed.backend == WARD_EMBED_HTTP)
        return cli_fail("index", rc, "%s (check --url and --model)", err.msg);
    if (rc && p.embed.backend == WARD_EMBED_LLAMA)
        return cli_fail("index", rc, "%s (check --model FILE.gguf)", err.msg);
    if (rc) return cli_fail("index", rc, "%s", err.msg);
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:s, s:i, s:I, s:I}", "embedder", ward_embed_backend_name(stats.backend),
                                 "model", stats.model_id, "dim", stats.dim, "embedded", (json_int_t)stats.embedded,
                                 "vectors", (json_int_t)stats.total));
    else if (!quiet)
        printf("Embedded %zu chunks with %s (%s, dim %d); %zu vectors in the store.\n", stats.embedded,
               ward_embed_backend_name(stats.backend), stats.model_id, stats.dim, stats.total);
    return WARD_OK;
}

const cli_command cli_cmd_index = {
    "index", run, "embed chunks into vectors for semantic search",
    "usage: ward index [--embedder lexical|llama|http] [--model FILE|NAME] [--url URL]\n"
    "                  [--rebuild] [--batch N] [-q] [--json]\n\n"
    "Embeds every chunk that has no vector yet, in batches of N (default 64), one\n"
    "transaction per batch: an interrupted run keeps its work and the next run\n"
    "continues. The store records the embedder; later runs with no embedder options\n"
    "use it again, and searches embed queries with it. When it embedded anything,\n"
    "it then compacts the full-text index and refreshes the database's statistics.\n\n"
    "  --embedder lexical   built in, no model: word vectors trained on this store's\n"
    "                       chunks (the default for a store without vectors)\n"
    "  --embedder llama     a GGUF embedding model in-process: --model FILE.gguf\n"
    "  --embedder http      an OpenAI-compatible /v1/embeddings endpoint: --url URL\n"
    "                       (e.g. http://127.0.0.1:8080/v1), --model NAME to send;\n"
    "                       $WARD_EMBED_API_KEY is sent as a bearer token\n"
    "  --rebuild            drop all vectors (and retrain the lexical model) first;\n"
    "                       needed to change model: one store holds one model's vectors\n"
    "  -q, --quiet          no progress bar or summary\n"
    "  --json               {\"embedder\", \"model\", \"dim\", \"embedded\", \"vectors\"}\n"};
