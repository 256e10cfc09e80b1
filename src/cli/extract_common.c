/* extract_common.c — input and extractor set-up shared by the funnel
 * commands (see extract_int.h). */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cli_read_input(const char *file, char **out, size_t *len, ward_err *err)
{
    const char *name = file && strcmp(file, "-") ? file : "stdin";
    int rc;
    if (file && strcmp(file, "-")) {
        rc = ward_read_file(file, 0, out, len, err);
        if (rc) return rc;
    } else {
        ward_buf b;
        ward_buf_init(&b);
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) ward_buf_append(&b, chunk, n);
        *len = b.len;
        *out = ward_buf_steal(&b);
        if (!*out) *out = ward_xstrdup("");
    }
    size_t bad;
    if (memchr(*out, 0, *len)) rc = ward_err_set(err, WARD_EINPUT, "%s: binary data (a NUL byte): give a text note", name);
    else if (!ward_utf8_valid(*out, *len, &bad))
        rc = ward_err_set(err, WARD_EINPUT, "%s: invalid UTF-8 at byte %zu: convert the file to UTF-8", name, bad);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

static int add_one(void *ud, const char *system, const char *code, const char *desc)
{
    ward_extractor_add_vocab(ud, system, code, desc);
    return 0;
}

int cli_extractor(cli_state *cli, ward_extractor_params p, int use_vocab, ward_extractor **out,
                  ward_err *err)
{
    char ctx[4096], lex[4096];
    ward_extractor_site_files(cli->data_dir, &p, ctx, lex);
    int rc = ward_extractor_new(&p, out, err);
    if (rc || !use_vocab) return rc;
    ward_store *st = NULL;
    ward_store_params sp = ward_store_default_params();
    sp.read_only = 1;
    rc = ward_store_open(cli->data_dir, &sp, &st, err);
    if (rc == WARD_ENOTFOUND) {   /* no store yet (whichever engine): no vocabularies */
        ward_err_clear(err);
        return WARD_OK;
    }
    if (rc || (rc = ward_store_vocab_each(st, add_one, *out, err))) {
        ward_extractor_free(*out);
        *out = NULL;
    }
    ward_store_free(st);
    return rc;
}
