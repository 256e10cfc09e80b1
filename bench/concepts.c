/* concepts.c — throughput of the concept funnel (sections, sentences,
 * ConText, concept extraction) over a directory of notes, on one core.
 *
 *   bench_concepts DIR [ROUNDS] [ICD10_TSV]
 * Notes are read into memory first, so the figure is the funnel's alone.
 * With ICD10_TSV, its descriptions join the lexicon (as after `ward vocab
 * import`). Prints MB/s, notes/s and concept counts: never note text. */
#include "ward/funnel.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct note {
    char *data;
    size_t len;
} note;

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void load_vocab(ward_extractor *ex, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        tab[strcspn(tab + 1, "\r\n") + 1] = 0;
        ward_extractor_add_vocab(ex, "ICD10CM", line, tab + 1);
    }
    free(line);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [ROUNDS] [ICD10_TSV]\n", argv[0]);
        return 1;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 2;
    }
    note *notes = NULL;
    size_t n = 0, bytes = 0;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        if (!ward_str_endswith(e->d_name, ".txt")) continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        char *data;
        size_t len;
        if (ward_read_file(path, 0, &data, &len, NULL)) continue;
        notes = ward_xrealloc(notes, (n + 1) * sizeof *notes);
        size_t body = ward_note_body(data, len);
        memmove(data, data + body, len - body + 1);
        notes[n++] = (note){data, len - body};
        bytes += len - body;
    }
    closedir(d);
    ward_extractor *ex;
    ward_err err = {0};
    double t0 = cpu_seconds();
    if (ward_extractor_new(NULL, &ex, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    if (argc > 3) load_vocab(ex, argv[3]);
    double t_build = cpu_seconds() - t0;
    ward_extraction x = {0};
    long concepts = 0, facts = 0;
    t0 = cpu_seconds();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            ward_extract(ex, notes[i].data, notes[i].len, &x);
            concepts += (long)x.nconcepts;
            for (size_t k = 0; k < x.nconcepts; k++) facts += ward_found_is_fact(&x.concepts[k]);
        }
    double secs = cpu_seconds() - t0;
    double mb = (double)bytes * rounds / 1e6;
    printf("concept funnel: %zu notes, %.1f MB x %d rounds, %.2f s CPU: %.1f MB/s, %.0f notes/s per core; "
           "%ld concepts (%ld facts); build %.3f s (%zu vocabulary phrases)\n",
           n, (double)bytes / 1e6, rounds, secs, secs > 0 ? mb / secs : 0, secs > 0 ? n * rounds / secs : 0,
           concepts / rounds, facts / rounds, t_build, ward_extractor_vocab_phrases(ex));
    ward_extraction_free(&x);
    ward_extractor_free(ex);
    for (size_t i = 0; i < n; i++) free(notes[i].data);
    free(notes);
    return 0;
}
