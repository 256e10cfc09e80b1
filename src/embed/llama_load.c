/* llama_load.c — loading GGUF models for the in-process backends.
 *
 * llama.cpp reports load failures only in its log, so the checks it would
 * make silently (file present, GGUF magic) are made here first, to give the
 * user a message that names the file and what to do. Its log is sent to
 * Ward's log at debug level: WARD_LOG=debug shows it. */
#ifdef WARD_HAVE_LLAMA
#include "llama_load_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static void quiet_log(enum ggml_log_level level, const char *text, void *ud)
{
    (void)ud;
    if (level == GGML_LOG_LEVEL_ERROR) ward_log(WARD_LOG_DEBUG, "llama.cpp: %s", text);
}

static void init_once(void)
{
    llama_log_set(quiet_log, NULL);
    llama_backend_init();
}

int embed_llama_load(const char *path, const char *what, struct llama_model **out, ward_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_once);
    *out = NULL;
    if (!path || !*path) return ward_err_set(err, WARD_EMODEL, "no %s given (a GGUF file is needed)", what);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ward_err_set(err, WARD_EMODEL, "%s %s: cannot open: %s", what, path, strerror(errno));
    char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    if (got != 4 || memcmp(magic, "GGUF", 4))
        return ward_err_set(err, WARD_EMODEL, "%s %s: not a GGUF file (Ward runs GGUF models; "
                            "convert it with llama.cpp's convert_hf_to_gguf.py)", what, path);
    struct llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 999;   /* all it can, when the build has a GPU backend */
    *out = llama_model_load_from_file(path, mp);
    if (!*out)
        return ward_err_set(err, WARD_EMODEL, "%s %s: llama.cpp cannot load it (corrupt, truncated, or an "
                            "architecture this llama.cpp does not know; WARD_LOG=debug shows why)", what, path);
    return WARD_OK;
}

int embed_llama_tokenize(const struct llama_vocab *v, const char *text, int add_special, int max,
                        llama_token **out)
{
    int len = (int)strlen(text), cap = len + 8;
    llama_token *t = ward_xmalloc(sizeof *t * (size_t)cap);
    int n = llama_tokenize(v, text, len, t, cap, add_special, false);
    if (n < 0) {           /* more tokens than bytes + 8: cannot happen, but be safe */
        cap = -n;
        t = ward_xrealloc(t, sizeof *t * (size_t)cap);
        n = llama_tokenize(v, text, len, t, cap, add_special, false);
        if (n < 0) n = 0;
    }
    if (max > 0 && n > max) {
        t[max - 1] = t[n - 1];
        n = max;
    }
    *out = t;
    return n;
}

void embed_llama_model_id(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    ward_buf b;
    ward_buf_init(&b);
    FILE *f = fopen(path, "rb");
    if (f) {
        char *chunk = ward_xmalloc(1 << 20);
        size_t n = fread(chunk, 1, 1 << 20, f);
        fseek(f, 0, SEEK_END);
        ward_buf_printf(&b, "%ld:", ftell(f));
        ward_buf_append(&b, chunk, n);
        free(chunk);
        fclose(f);
    }
    char hex[65];
    ward_hash_hex(b.data ? b.data : "", b.len, hex);
    ward_buf_free(&b);
    snprintf(out, cap, "gguf:%s#%.12s", base, hex);
}
#endif
