/* search.c — search latency: runs each query through ward_search (with the
 * same filters and snippets the CLI uses) and prints p50/p99 in ms, wall
 * clock and CPU time.
 *
 *   bench_search DATA_DIR QUERIES_FILE [REPEAT] [--widen] [--hits FILE] [--samples FILE]
 *   bench_search --fts QUERIES_FILE     prints the FTS5 expression per query
 *
 * Without --widen the search is the query's own words only (exact), the
 * FTS5 expression --fts prints and bench/ingest.sh gives the sqlite3 shell;
 * with it, also the lexicon's words (as `ward search` runs).
 *
 * The queries run as bench/ingest.sh gives them to the shell: one untimed
 * round over the whole list (the pages warm, as the shell's own warm-up
 * round warms its page cache), then REPEAT timed rounds over the list, in
 * order, each query once a round (not REPEAT times in a row: its pages, its
 * branches and ward_bm25's phrase counts would then be hot for all but the
 * first). --hits FILE writes the warm-up round's hits, one line each:
 * query number, chunk id, and the score as the shell prints -bm25() with
 * printf('%.17g'), so the script can check both give the same. --samples
 * FILE appends each timed query's wall and CPU ms, one line each, for the
 * script to take percentiles of the shell's and Ward's the same way. */
#include "ward/retrieve.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double ms_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR QUERIES_FILE [REPEAT] [--widen] [--hits FILE] [--samples FILE]\n",
                argv[0]);
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
    int repeat = argc > 3 ? atoi(argv[3]) : 5, widen = 0;
    FILE *hits_out = NULL, *samples = NULL;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--widen")) widen = 1;
        else if (!strcmp(argv[i], "--hits") && i + 1 < argc && !(hits_out = fopen(argv[++i], "w"))) return 2;
        else if (!strcmp(argv[i], "--samples") && i + 1 < argc && !(samples = fopen(argv[++i], "a"))) return 2;
    }
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
    char line[1024], **queries = NULL;
    size_t nq = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        queries = realloc(queries, (nq + 1) * sizeof *queries);
        queries[nq++] = strdup(line);
    }
    fclose(f);
    size_t n = 0, cap = (size_t)(repeat > 0 ? repeat : 0) * nq;
    double *ms = malloc((cap ? cap : 1) * sizeof *ms), *cpu = malloc((cap ? cap : 1) * sizeof *cpu);
    ward_search_params p = ward_search_default_params();
    p.mode = WARD_SEARCH_BM25;
    p.exact = !widen;
    for (int r = -1; r < repeat; r++) {   /* round -1: the warm-up */
        for (size_t i = 0; i < nq; i++) {
            struct timespec a, b, ca, cb;
            ward_hits hits;
            /* The CPU clock is a system call, and a busy machine preempts a
             * process at a system call's return: read inside the wall
             * clock's interval, it put other processes' turns into it. The
             * shell's timer reads its CPU (getrusage) outside, so here too. */
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
            clock_gettime(CLOCK_MONOTONIC, &a);
            int rc = ward_search(st, queries[i], &p, &hits, &err);
            clock_gettime(CLOCK_MONOTONIC, &b);
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
            if (rc) {
                fprintf(stderr, "%s: %s\n", queries[i], err.msg);
                continue;
            }
            if (r < 0 && hits_out)
                for (size_t h = 0; h < hits.n; h++)
                    fprintf(hits_out, "%zu %lld %.17g\n", i + 1, (long long)hits.v[h].chunk_id, hits.v[h].score);
            ward_hits_free(&hits);
            if (r < 0) continue;
            cpu[n] = ms_between(&ca, &cb);
            ms[n++] = ms_between(&a, &b);
        }
    }
    if (hits_out) fclose(hits_out);
    for (size_t i = 0; samples && i < n; i++) fprintf(samples, "%.3f %.3f\n", ms[i], cpu[i]);
    if (samples) fclose(samples);
    for (size_t i = 0; i < nq; i++) free(queries[i]);
    free(queries);
    ward_store_free(st);
    if (!n) return 2;
    qsort(ms, n, sizeof *ms, cmp_double);
    qsort(cpu, n, sizeof *cpu, cmp_double);
    /* wall p50, p99, then CPU-time p50, p99 (steadier on a shared machine) */
    printf("%zu %.3f %.3f %.3f %.3f\n", n, ms[n / 2], ms[(size_t)((double)n * 0.99)], cpu[n / 2],
           cpu[(size_t)((double)n * 0.99)]);
    free(ms);
    free(cpu);
    return 0;
}
