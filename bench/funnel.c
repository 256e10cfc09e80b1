/* funnel.c — throughput of the funnel on a directory of notes.
 *
 *   bench_funnel DIR [REPEAT]
 *
 * Loads every DIR/\*.txt (front matter stripped), then times, on one core:
 * de-identification alone, and the full funnel (sections, sentences,
 * chunks, de-identification, ConText and concept extraction). Prints
 * one line per pass: "NAME bytes notes seconds spans". Prints no note text.
 * Exits 2 if any note makes the funnel fail (a robustness check too: run it
 * from an ASan build over the whole corpus). */
#include "ward/funnel.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct note {
    char *data;
    size_t off, len;
} note;

static size_t body_offset(const char *t, size_t len)
{
    if (len < 4 || strncmp(t, "---\n", 4)) return 0;
    const char *end = strstr(t + 4, "\n---\n");
    return end && (size_t)(end - t) + 5 <= len ? (size_t)(end - t) + 5 : 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);   /* per core: CPU time */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ward_extractor *extractor;   /* built once, as ingest does */
static ward_extraction extraction;

/* The full funnel on one note; returns the spans found, or -1 on error. */
static long full(const note *n, int deid_only)
{
    const char *t = n->data + n->off;
    long found = 0;
    if (!deid_only) {
        ward_span_chunk *c = NULL;
        found += (long)ward_funnel_chunk(t, n->len, NULL, &c);
        free(c);
        /* sections, sentences, ConText, concepts */
        ward_extract(extractor, t, n->len, &extraction);
        found += (long)(extraction.nsections + extraction.nsentences + extraction.nconcepts);
    }
    ward_deid_result r;
    ward_err err;
    int rc = ward_funnel_deid(t, n->len, NULL, &r, &err);
    found += (long)r.n;
    ward_deid_result_free(&r);
    return rc ? -1 : found;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [REPEAT]\n", argv[0]);
        return 1;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 1;
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "%s: cannot open\n", argv[1]);
        return 2;
    }
    note *notes = NULL;
    size_t n = 0, bytes = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!ward_str_endswith(e->d_name, ".txt")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        note x;
        ward_err err;
        if (ward_read_file(path, 0, &x.data, &x.len, &err)) continue;
        x.off = body_offset(x.data, x.len);
        x.len -= x.off;
        notes = ward_xrealloc(notes, (n + 1) * sizeof *notes);
        notes[n++] = x;
        bytes += x.len;
    }
    closedir(d);
    ward_err xerr = {0};
    if (ward_extractor_new(NULL, &extractor, &xerr)) {
        fprintf(stderr, "%s\n", xerr.msg);
        return 2;
    }
    int failed = 0;
    for (int pass = 0; pass < 2; pass++) {
        long spans = 0;
        double t0 = now();
        for (int r = 0; r < repeat; r++)
            for (size_t i = 0; i < n; i++) {
                long f = full(&notes[i], pass == 0);
                if (f < 0) failed++;
                else spans += f;
            }
        double secs = now() - t0;
        printf("%s %zu %zu %.4f %ld\n", pass == 0 ? "deid" : "funnel", bytes * (size_t)repeat, n * (size_t)repeat,
               secs, spans);
    }
    for (size_t i = 0; i < n; i++) free(notes[i].data);
    free(notes);
    ward_extraction_free(&extraction);
    ward_extractor_free(extractor);
    if (failed) fprintf(stderr, "%d notes failed\n", failed);
    return failed ? 2 : 0;
}
