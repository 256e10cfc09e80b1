/* mts_queries.c — retrieval sets from the mtsamples CSV for bench/retrieval.sh:
 * one note per distinct sample (the CSV lists a sample once per specialty it
 * belongs to), and judged queries written by mtsamples.com's own editors,
 * not by Ward:
 *
 *   description.jsonl  the one-line description of each sample
 *   keywords.jsonl     its keyword list (samples that have one)
 *   title.jsonl        its sample name ("Laryngoscopy", "Discharge Summary - 1")
 *
 * each {"query": ..., "relevant": ["s<ID>.txt"]} (the note's source id).
 *
 *   bench_mts_queries FILE.csv OUTDIR      (notes in OUTDIR/notes) */
#include "bench_csv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { C_ID, C_NAME, C_DESC, C_TEXT, C_KEYS, NCOLS };

static void put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static void put_query(FILE *f, const char *query, const char *id)
{
    if (!query || strlen(query) < 3) return;
    fputs("{\"query\": ", f);
    put_json_string(f, query);
    fprintf(f, ", \"relevant\": [\"s%s.txt\"]}\n", id);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE.csv OUTDIR\n", argv[0]);
        return 1;
    }
    char *data;
    size_t len;
    ward_err err;
    if (ward_read_file(argv[1], 0, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    static const char *names[NCOLS] = {"sample_id", "sample_name", "description", "transcription", "keywords"};
    int at[NCOLS] = {-1, -1, -1, -1, -1};
    const char *p = data, *end = data + len;
    int eol = 0;
    for (int col = 0; p < end && !eol; col++) {
        char *f = csv_field(&p, end, &eol);
        for (int c = 0; c < NCOLS; c++)
            if (!strcmp(f, names[c])) at[c] = col;
        free(f);
    }
    for (int c = 0; c < NCOLS; c++)
        if (at[c] < 0) {
            fprintf(stderr, "%s: no '%s' column\n", argv[1], names[c]);
            return 2;
        }
    char path[4096];
    mkdir(argv[2], 0755);
    snprintf(path, sizeof path, "%s/notes", argv[2]);
    mkdir(path, 0755);
    FILE *out[3];
    static const char *sets[3] = {"description", "keywords", "title"};
    for (int s = 0; s < 3; s++) {
        snprintf(path, sizeof path, "%s/%s.jsonl", argv[2], sets[s]);
        if (!(out[s] = fopen(path, "w"))) {
            fprintf(stderr, "%s: cannot write\n", path);
            return 2;
        }
    }
    int written = 0;
    while (p < end) {
        char *v[NCOLS] = {0};
        eol = 0;
        for (int col = 0; p < end && !eol; col++) {
            char *f = csv_field(&p, end, &eol);
            int kept = 0;
            for (int c = 0; c < NCOLS; c++)
                if (col == at[c]) v[c] = f, kept = 1;
            if (!kept) free(f);
        }
        struct stat sb;
        snprintf(path, sizeof path, "%s/notes/s%s.txt", argv[2], v[C_ID] ? v[C_ID] : "");
        if (v[C_ID] && *v[C_ID] && v[C_TEXT] && strlen(v[C_TEXT]) >= 20 && stat(path, &sb) != 0) {
            FILE *f = fopen(path, "w");
            if (f) {
                fprintf(f, "---\nkind: article\ntitle: sample %s\n---\n%s\n", v[C_ID], v[C_TEXT]);
                fclose(f);
                put_query(out[0], v[C_DESC], v[C_ID]);
                put_query(out[1], v[C_KEYS], v[C_ID]);
                put_query(out[2], v[C_NAME], v[C_ID]);
                written++;
            }
        }
        for (int c = 0; c < NCOLS; c++) free(v[c]);
    }
    for (int s = 0; s < 3; s++) fclose(out[s]);
    fprintf(stderr, "wrote %d notes\n", written);
    free(data);
    return 0;
}
