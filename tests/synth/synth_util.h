/* synth_util.h — what the synth C tests share: a scratch cohort directory,
 * directory listing, and the tables of docs/synth.md (the tests check the
 * generator against the documentation, not against itself). */
#ifndef SYNTH_TEST_UTIL_H
#define SYNTH_TEST_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "ward/core.h"
#include "ward/synth.h"

/* Generates a cohort into a fresh temporary directory (path into dir). */
static inline int gen_cohort(char *dir, size_t cap, long n, uint64_t seed, unsigned formats)
{
    if (!test_tmpdir(dir, cap, "synth")) return -1;
    ward_synth_params p = ward_synth_default_params();
    p.patients = n, p.seed = seed, p.formats = formats;
    ward_err err = {0};
    int rc = ward_synth_run(dir, &p, NULL, &err);
    if (rc) fprintf(stderr, "synth: %s\n", err.msg);
    return rc;
}

static inline void rm_rf(const char *dir)
{
    if (test_rmdir(dir)) fprintf(stderr, "cannot remove %s\n", dir);
}

/* Calls fn for every file in dir whose name ends with suffix. */
static inline long each_file(const char *dir, const char *suffix, void (*fn)(const char *path, void *ud), void *ud)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    long n = 0;
    struct dirent *e;
    char path[1024];
    while ((e = readdir(d))) {
        if (!ward_str_endswith(e->d_name, suffix)) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        fn(path, ud);
        n++;
    }
    closedir(d);
    return n;
}

/* Rows "| a | b | c |" between <!-- NAME:begin --> and <!-- NAME:end --> in
 * docs/synth.md; calls fn with the cells (header and rule rows skipped). */
static inline int doc_table(const char *name, void (*fn)(char **cells, int n, void *ud), void *ud)
{
    char path[1024], begin[64], end[64];
    snprintf(path, sizeof path, "%s/docs/synth.md", getenv("WARD_SRC") ? getenv("WARD_SRC") : WARD_SOURCE_DIR);
    snprintf(begin, sizeof begin, "<!-- %s:begin -->", name);
    snprintf(end, sizeof end, "<!-- %s:end -->", name);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[1024];
    int on = 0, rows = 0, seen = 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, begin)) { on = 1; continue; }
        if (strstr(line, end)) break;
        if (!on || line[0] != '|' || strstr(line, "---")) continue;
        if (!seen++) continue;  /* header row */
        char *cells[16];
        int n = 0;
        for (char *c = strtok(line + 1, "|"); c && n < 16; c = strtok(NULL, "|")) {
            char *t = ward_str_trim(c);
            if (*t && *t != '\n') cells[n++] = t;
        }
        fn(cells, n, ud);
        rows++;
    }
    fclose(f);
    return rows;
}

/* "2.5-40" into lo and hi. */
static inline int parse_range(const char *s, double *lo, double *hi)
{
    return sscanf(s, "%lf-%lf", lo, hi) == 2 ? 0 : -1;
}

#endif
