/* csv2notes.c — turn a CSV of transcribed reports (as in mtsamples: a header
 * row, a "transcription" column, quoted multi-line fields) into one note
 * file per row, with front matter, so `ward ingest` can read them.
 *
 *   bench_csv2notes FILE.csv OUTDIR [COPIES]
 * COPIES > 1 writes each report that many times under different patients,
 * to grow a corpus for search latency at scale. */
#include "bench_csv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE.csv OUTDIR [COPIES]\n", argv[0]);
        return 1;
    }
    int copies = argc > 3 ? atoi(argv[3]) : 1;
    char *data;
    size_t len;
    ward_err err;
    if (ward_read_file(argv[1], 0, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    mkdir(argv[2], 0755);
    const char *p = data, *end = data + len;
    int col = 0, tcol = -1, row = 0, eol = 0, written = 0;
    while (p < end && !eol) {               /* header: find "transcription" */
        char *f = csv_field(&p, end, &eol);
        if (!strcmp(f, "transcription")) tcol = col;
        free(f);
        col++;
    }
    if (tcol < 0) {
        fprintf(stderr, "%s: no 'transcription' column\n", argv[1]);
        return 2;
    }
    while (p < end) {
        char *text = NULL;
        for (col = 0, eol = 0; p < end && !eol; col++) {
            char *f = csv_field(&p, end, &eol);
            if (col == tcol) text = f;
            else free(f);
        }
        row++;
        if (!text || strlen(text) < 20) {
            free(text);
            continue;
        }
        for (int c = 0; c < copies; c++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/r%05d-%d.txt", argv[2], row, c);
            FILE *f = fopen(path, "w");
            if (!f) continue;
            fprintf(f, "---\npatient: mts-%d\ndate: 2024-%02d-%02d\nkind: note\ntitle: report %d\n---\n%s\n",
                    (row * 7 + c) % 997, row % 12 + 1, row % 28 + 1, row, text);
            fclose(f);
            written++;
        }
        free(text);
    }
    fprintf(stderr, "wrote %d notes\n", written);
    free(data);
    return 0;
}
