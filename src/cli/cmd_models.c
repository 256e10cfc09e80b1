/* cmd_models.c — `ward models`: which models Ward would use, and whether
 * they load.
 *
 * Shows the generation backend chosen by the configuration (flags, then
 * environment, then DATA/config), where that choice came from, and tries
 * it: an in-process model is opened, an HTTP endpoint is asked for its
 * model list. The embedding model is whatever the store recorded when its
 * vectors were built (meta keys embed*). Exit 2 when the configured model
 * does not load. The API key is never printed, only whether one is set. */
#include "cli_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Where the backend choice came from, as ward_llm_params_from_env decides. */
static const char *backend_source(const ward_llm_params *flags, const char *data_dir)
{
    if (flags->model_path) return "--model flag";
    if (flags->url) return "--llm-url flag";
    const char *m = getenv("WARD_MODEL"), *u = getenv("WARD_LLM_URL");
    if ((m && *m) || (u && *u)) return (m && *m) ? "environment (WARD_MODEL)" : "environment (WARD_LLM_URL)";
    char *v = NULL;
    int in_config = !ward_config_get(data_dir, "model", &v) && *v;
    free(v);
    v = NULL;
    if (!in_config) in_config = !ward_config_get(data_dir, "llm_url", &v) && *v;
    free(v);
    return in_config ? "config file (DATA/config)" : "nothing configured";
}

static int add_setting(void *ud, const char *key, const char *value)
{
    json_object_set_new(ud, key, value ? json_string(value) : json_null());
    return 0;
}

/* Embedding settings the store recorded, as a JSON object (empty if none). */
static json_t *embedding_meta(const char *data_dir)
{
    json_t *o = json_object();
    /* Read-only: no store yet (whichever engine) is no settings, not an error. */
    ward_store_params sp = ward_store_default_params();
    sp.read_only = 1;
    ward_store *st = NULL;
    ward_err err = {0};
    if (ward_store_open(data_dir, &sp, &st, &err)) return o;
    /* The settings are a report's aside: a store that cannot say is warned about, not fatal. */
    if (ward_store_meta_each(st, "embed", add_setting, o, &err))
        fprintf(stderr, "ward models: cannot read the embedding settings: %s\n", err.msg);
    ward_store_free(st);
    return o;
}

static void print_text(json_t *r)
{
    const char *backend = json_string_value(json_object_get(r, "backend"));
    printf("generation: %s\n", backend);
    printf("  from:     %s\n", json_string_value(json_object_get(r, "source")));
    if (strcmp(backend, "extractive")) {
        const char *loc = json_string_value(json_object_get(r, "path"));
        if (!loc) loc = json_string_value(json_object_get(r, "url"));
        printf("  model:    %s (%s)\n", json_string_value(json_object_get(r, "model")), loc ? loc : "?");
        if (json_is_string(json_object_get(r, "url")))
            printf("  key:      %s\n", json_is_true(json_object_get(r, "key_set")) ? "set" : "none");
    }
    const char *err = json_string_value(json_object_get(r, "error"));
    printf("  loads:    %s%s\n", err ? "NO: " : "yes", err ? err : "");
    const char *info = json_string_value(json_object_get(r, "info"));
    if (info) printf("  info:     %s\n", info);
    json_t *emb = json_object_get(r, "embedding");
    if (!json_object_size(emb)) {
        printf("embedding: none recorded in the store (lexical search)\n");
    } else {
        printf("embedding:\n");
        const char *k;
        json_t *v;
        json_object_foreach(emb, k, v) printf("  %-16s %s\n", k, json_is_string(v) ? json_string_value(v) : "");
    }
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_llm_params p = ward_llm_default_params();
    for (int i = 1; i < argc; i++) {
        int took = cli_llm_flags("models", &p, argc, argv, &i);
        if (took < 0) return WARD_EUSAGE;
        if (!took) return cli_fail("models", WARD_EUSAGE, "unknown argument %s (see ward models --help)", argv[i]);
    }
    const char *source = backend_source(&p, cli->data_dir);
    ward_llm_params_from_env(&p, cli->data_dir);
    ward_llm *llm = NULL;
    ward_err err = {0};
    ward_buf info;
    ward_buf_init(&info);
    int rc = ward_llm_open(&p, &llm, &err);
    if (!rc) rc = ward_llm_probe(llm, &info, &err);
    const char *backend = p.model_path && *p.model_path ? "llama" : p.url && *p.url ? "http" : "extractive";
    json_t *r = json_pack("{s:s, s:s, s:s?, s:s?, s:b, s:b}", "backend", backend, "source", source,
                          "path", p.model_path, "url", p.url, "key_set", p.api_key && *p.api_key, "loads", rc == 0);
    const char *name = p.model_path ? strrchr(p.model_path, '/') : NULL;
    name = llm ? ward_llm_model(llm) : name ? name + 1 : p.model_path ? p.model_path : p.model_name ? p.model_name : "default";
    json_object_set_new(r, "model", json_string(name));
    json_object_set_new(r, "error", rc ? json_string(err.msg) : json_null());
    json_object_set_new(r, "info", info.len ? json_string(info.data) : json_null());
    /* The window Ward sizes prompts to: the one llama opened, or llm_ctx for an endpoint. */
    json_object_set_new(r, "n_ctx", llm && ward_llm_context(llm) > 0 ? json_integer(ward_llm_context(llm)) : json_null());
    json_object_set_new(r, "embedding", embedding_meta(cli->data_dir));
    if (cli->json) cli_print_json(r);
    else {
        print_text(r);
        json_decref(r);
    }
    ward_buf_free(&info);
    ward_llm_free(llm);
    return rc ? WARD_EMODEL : WARD_OK;
}

const cli_command cli_cmd_models = {
    "models", run, "show the configured models and whether they load",
    "usage: ward models [--model FILE] [--llm-url URL] [--llm-key KEY] [--llm-model NAME] [--json]\n\n"
    "Shows the generation backend Ward would use and where that came from\n"
    "(flags, then environment, then DATA/config), and tries it: a GGUF model is\n"
    "loaded, an HTTP endpoint is asked for GET /v1/models. Also shows the embedding\n"
    "model the store recorded. Exit status 2 when the configured model does not load.\n\n"
    CLI_LLM_USAGE
    "  --json           backend, source, model, path, url, key_set, loads, error,\n"
    "                   info, embedding\n\n"
    "DATA/config holds key = value lines: model, llm_url, llm_key, llm_model,\n"
    "llm_ctx, llm_threads, llm_timeout_ms, llm_retries, llm_seed (see docs/models.md).\n"};
