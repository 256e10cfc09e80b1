/* search.c — search latency: runs each query through ward_search (with the
 * same filters and snippets the CLI uses) and prints p50/p99 in ms, wall
 * clock and CPU time.
 *
 *   bench_search DATA_DIR QUERIES_FILE [REPEAT] [--widen]
 *   bench_search --fts QUERIES_FILE     prints the FTS5 expression per query
 *
 * Without --widen the search is the query's own words only (exact), the
 * FTS5 expression --fts prints and bench/ingest.sh gives the sqlite3 shell;
 * with it, also the lexicon's words (as `ward search` runs). */
#include "ward/retrieve.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR QUERIES_FILE [REPEAT] [--widen]\n", argv[0]);
        return 1;
    }
    if (!strcmp(argv[1], "--fts")) {
        FILE *q = fopen(argv[2], "r");
        char l[1024];
        ward_buf b;
        ward_buf_init(&b);
        while (q && fgets(l, sizeof l, q))
            if (ward_search_fts_query(l, &b)) puts(b.data);
        ward_buf_free(&b);
        if (q) fclose(q);
        return 0;
    }
    int repeat = argc > 3 ? atoi(argv[3]) : 5;
    int widen = argc > 4 && !strcmp(argv[4], "--widen");
    ward_store *st;
    ward_err err = {0};
    ward_store_params sp = ward_store_default_params();
    sp.read_only = 1;
    if (ward_store_open(argv[1], &sp, &st, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) return 2;
    char line[1024];
    double *ms = NULL, *cpu = NULL;
    size_t n = 0, cap = 0;
    ward_search_params p = ward_search_default_params();
    p.mode = WARD_SEARCH_BM25;
    p.exact = !widen;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        for (int r = 0; r < repeat; r++) {
            struct timespec a, b, ca, cb;
            ward_hits hits;
            clock_gettime(CLOCK_MONOTONIC, &a);
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
            int rc = ward_search(st, line, &p, &hits, &err);
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
            clock_gettime(CLOCK_MONOTONIC, &b);
            if (rc) continue;
            ward_hits_free(&hits);
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                ms = realloc(ms, cap * sizeof *ms);
                cpu = realloc(cpu, cap * sizeof *cpu);
            }
            cpu[n] = (double)(cb.tv_sec - ca.tv_sec) * 1e3 + (double)(cb.tv_nsec - ca.tv_nsec) / 1e6;
            ms[n++] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        }
    }
    fclose(f);
    if (!n) return 2;
    qsort(ms, n, sizeof *ms, cmp_double);
    qsort(cpu, n, sizeof *cpu, cmp_double);
    /* wall p50, p99, then CPU-time p50, p99 (steadier on a shared machine) */
    printf("%zu %.3f %.3f %.3f %.3f\n", n, ms[n / 2], ms[(size_t)((double)n * 0.99)], cpu[n / 2],
           cpu[(size_t)((double)n * 0.99)]);
    free(ms);
    free(cpu);
    ward_store_free(st);
    return 0;
}
