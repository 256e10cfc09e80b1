/* aci.c — visit notes from whole doctor–patient conversations (ACI-Bench),
 * scored with ROUGE against the note each visit produced.
 *
 *   bench_aci FILE.csv [OUTDIR]
 *
 * ACI-Bench rows are (dataset, encounter_id, dialogue, note): a whole visit
 * as "[doctor] ..."/"[patient] ..." turns and the full visit note written
 * from it. For each row Ward's `note` task (extractive) writes a note from
 * the dialogue; its section titles and sentences (no citation marks) are
 * scored against the reference note. The baseline, computed in the same
 * run, is the whole transcript copied as the note. Prints mean ROUGE-1/2/L
 * (F1, x100) only. With OUTDIR, each Ward note is also written there as
 * ENCOUNTER.txt for reading. */
#include "bench_csv.h"
#include "bench_note.h"
#include "ward/orchestrate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAXCOL = 16 };

static long count_words(const char *s)
{
    long n = 0;
    for (const char *p = s; *p; p++) n += isalnum((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]));
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_aci FILE.csv [OUTDIR]\n");
        return 1;
    }
    const char *outdir = argc > 2 ? argv[2] : NULL;
    if (outdir) mkdir(outdir, 0755);
    char *data;
    size_t len;
    ward_err err = {0};
    if (ward_read_file(argv[1], 0, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    const char *p = data, *end = data + len;
    int eol = 0, ncol = 0, cid = -1, cdia = -1, cnote = -1;
    while (p < end && !eol) {
        char *f = csv_field(&p, end, &eol);
        if (!strcmp(f, "encounter_id")) cid = ncol;
        if (!strcmp(f, "dialogue")) cdia = ncol;
        if (!strcmp(f, "note")) cnote = ncol;
        free(f);
        ncol++;
    }
    if (cid < 0 || cdia < 0 || cnote < 0 || ncol > MAXCOL) {
        fprintf(stderr, "%s: expected columns encounter_id, dialogue, note\n", argv[1]);
        return 2;
    }
    char dir[] = "/tmp/ward-aci-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    ward_store *st;
    if (ward_store_open(dir, NULL, &st, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    double sum[2][3] = {{0}};   /* [Ward note, transcript baseline][r1, r2, rl] */
    long n = 0, failed = 0, sentences = 0, dropped = 0;
    double words[2] = {0};   /* Ward note, reference */
    while (p < end) {
        char *f[MAXCOL] = {0};
        int nf = 0;
        for (eol = 0; p < end && !eol;) {
            char *v = csv_field(&p, end, &eol);
            if (nf < MAXCOL) f[nf++] = v;
            else free(v);
        }
        if (nf == ncol) {
            const char *id = f[cid], *dialogue = f[cdia], *ref = f[cnote];
            ward_orch_params op = ward_orch_default_params();
            op.save_draft = 0;
            ward_task_request req = {.task = WARD_TASK_NOTE, .transcript = dialogue,
                                     .transcript_len = strlen(dialogue), .transcript_name = id};
            ward_task_result res;
            if (ward_orch_run(st, &op, &req, &res, &err)) {
                fprintf(stderr, "%s: %s\n", id, err.msg);
                failed++;
            } else {
                char *note = bench_note_text(res.json, NULL, 1);
                ward_rouge r[2] = {ward_rouge_score(note, ref), ward_rouge_score(dialogue, ref)};
                for (int j = 0; j < 2; j++) sum[j][0] += r[j].r1, sum[j][1] += r[j].r2, sum[j][2] += r[j].rl;
                n++;
                words[0] += count_words(note), words[1] += count_words(ref);
                bench_note_guard(res.json, &sentences, &dropped);
                if (outdir) {
                    char path[4096];
                    snprintf(path, sizeof path, "%s/%s.txt", outdir, id);
                    FILE *o = fopen(path, "w");
                    if (o) fprintf(o, "%s", note), fclose(o);
                }
                free(note);
                ward_task_result_free(&res);
            }
        }
        for (int i = 0; i < nf; i++) free(f[i]);
    }
    free(data);
    ward_store_free(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) {}
    if (!n) {
        fprintf(stderr, "no visits scored\n");
        return 2;
    }
    static const char *what[] = {"Ward note (extractive)", "baseline: the transcript as the note"};
    printf("%ld visits (%ld failed); words a note: Ward %.0f, reference %.0f; guard dropped %ld of %ld sentences\n",
           n, failed, words[0] / (double)n, words[1] / (double)n, dropped, sentences);
    printf("%-38s %8s %8s %8s\n", "", "ROUGE-1", "ROUGE-2", "ROUGE-L");
    for (int j = 0; j < 2; j++)
        printf("%-38s %8.2f %8.2f %8.2f\n", what[j], 100 * sum[j][0] / (double)n, 100 * sum[j][1] / (double)n,
               100 * sum[j][2] / (double)n);
    return failed ? 2 : 0;
}
