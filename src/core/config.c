/* config.c — the data directory's config file (DATA_DIR/config).
 *
 * One setting a line, "key = value"; blank lines and lines starting with
 * '#' are skipped; spaces around key and value are trimmed; the last line
 * for a key wins. Layers read their own keys (model, llm_url, embedder...)
 * and ignore the rest, so one file configures the whole deployment. The
 * file holds settings, never PHI; values are never logged (a key may be a
 * secret such as llm_key). */
#include "ward/core.h"

#include <stdlib.h>
#include <string.h>

int ward_config_get(const char *data_dir, const char *key, char **value)
{
    *value = NULL;
    if (!data_dir || !*data_dir) return WARD_ENOTFOUND;
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/config", data_dir);
    FILE *f = fopen(path.data, "r");
    ward_buf_free(&path);
    if (!f) return WARD_ENOTFOUND;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *s = ward_str_trim(line);
        char *eq = strchr(s, '=');
        if (*s == '#' || !eq) continue;
        *eq = 0;
        if (strcmp(ward_str_trim(s), key)) continue;
        free(*value);
        *value = ward_xstrdup(ward_str_trim(eq + 1));
    }
    free(line);
    fclose(f);
    return *value ? WARD_OK : WARD_ENOTFOUND;
}
