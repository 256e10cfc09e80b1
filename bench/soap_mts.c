/* soap_mts.c — SOAP notes from MTS-Dialog conversations, scored with ROUGE.
 *
 *   bench_soap_mts FILE.csv [N] [OUTDIR]
 *
 * MTS-Dialog rows are (ID, section_header, section_text, dialogue): a
 * doctor–patient dialogue and the section of a clinical note written from
 * it. For each row Ward's `note` task (extractive) writes a visit note from
 * the dialogue; the note section the header belongs to (CC -> chief
 * complaint, ROS -> review of systems, exam -> physical examination, labs
 * and imaging -> results, diagnosis, plan and disposition -> assessment
 * and plan, the rest -> history of present illness) and the whole note are
 * scored against section_text. The peer is the dialogue itself scored the same
 * way: what copying the conversation would get. Prints mean ROUGE-1/2/L
 * only (no text). With OUTDIR, each row's header, reference section and
 * Ward note are written there as ROW.txt for reading. */
#include "bench_csv.h"
#include "bench_note.h"
#include "ward/orchestrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *section_of(const char *h)
{
    static const struct { const char *h, *s; } map[] = {
        {"CC", "CHIEF COMPLAINT"}, {"ROS", "REVIEW OF SYSTEMS"}, {"EXAM", "PHYSICAL EXAMINATION"},
        {"LABS", "RESULTS"}, {"IMAGING", "RESULTS"}, {"PROCEDURES", "RESULTS"},
        {"ASSESSMENT", "ASSESSMENT AND PLAN"}, {"DIAGNOSIS", "ASSESSMENT AND PLAN"}, {"PLAN", "ASSESSMENT AND PLAN"},
        {"DISPOSITION", "ASSESSMENT AND PLAN"}, {"EDCOURSE", "ASSESSMENT AND PLAN"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(h, map[i].h)) return map[i].s;
    return "HISTORY OF PRESENT ILLNESS";
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_soap_mts FILE.csv [N] [OUTDIR]\n");
        return 1;
    }
    long limit = argc > 2 ? atol(argv[2]) : 0;
    const char *outdir = argc > 3 ? argv[3] : NULL;
    if (outdir) mkdir(outdir, 0755);
    char *data;
    size_t len;
    ward_err err = {0};
    if (ward_read_file(argv[1], 0, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    const char *p = data, *end = data + len;
    char dir[] = "/tmp/ward-soap-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    ward_store *st;
    if (ward_store_open(dir, NULL, &st, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    int eol = 0;
    while (p < end && !eol) free(csv_field(&p, end, &eol));   /* header row */
    double sum[3][3] = {{0}};   /* [whole note, its section, dialogue peer][r1, r2, rl] */
    long n = 0, failed = 0, sentences = 0, dropped = 0;
    while (p < end) {
        char *fl[8] = {0};
        int nf = 0;
        for (eol = 0; p < end && !eol;) {
            char *v = csv_field(&p, end, &eol);
            if (nf < 8) fl[nf++] = v;
            else free(v);
        }
        if (nf < 4) {
            for (int i = 0; i < nf; i++) free(fl[i]);
            break;
        }
        const char *header = fl[1], *section = fl[2], *dialogue = fl[3];
        ward_orch_params op = ward_orch_default_params();
        op.save_draft = 0;
        ward_task_request req = {.task = WARD_TASK_NOTE, .transcript = dialogue, .transcript_len = strlen(dialogue),
                                 .transcript_name = "dialogue"};
        ward_task_result res;
        int rc = ward_orch_run(st, &op, &req, &res, &err);
        if (!rc) {
            char *all = bench_note_text(res.json, NULL, 0), *sec = bench_note_text(res.json, section_of(header), 0);
            ward_rouge r[3] = {ward_rouge_score(all, section), ward_rouge_score(sec, section),
                               ward_rouge_score(dialogue, section)};
            for (int j = 0; j < 3; j++) sum[j][0] += r[j].r1, sum[j][1] += r[j].r2, sum[j][2] += r[j].rl;
            n++;
            bench_note_guard(res.json, &sentences, &dropped);
            if (outdir) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%04ld.txt", outdir, n);
                FILE *o = fopen(path, "w");
                if (o) {
                    char *shown = bench_note_text(res.json, NULL, 1);
                    fprintf(o, "%s %.3f\n--- reference\n%s\n--- dialogue\n%s\n--- Ward\n%s", header, r[0].r1, section,
                            dialogue, shown);
                    free(shown);
                    fclose(o);
                }
            }
            free(all);
            free(sec);
            ward_task_result_free(&res);
        } else {
            failed++;
        }
        for (int i = 0; i < nf; i++) free(fl[i]);
        if (limit && n >= limit) break;
    }
    free(data);
    ward_store_free(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) {}
    if (!n) {
        fprintf(stderr, "no rows scored\n");
        return 2;
    }
    static const char *what[] = {"Ward note (whole)", "Ward note (mapped section)", "peer: the dialogue itself"};
    printf("%ld dialogues (%ld without a conversation Ward could parse); guard dropped %ld of %ld sentences\n", n,
           failed, dropped, sentences);
    printf("%-34s %8s %8s %8s\n", "", "ROUGE-1", "ROUGE-2", "ROUGE-L");
    for (int j = 0; j < 3; j++)
        printf("%-34s %8.3f %8.3f %8.3f\n", what[j], sum[j][0] / (double)n, sum[j][1] / (double)n, sum[j][2] / (double)n);
    return 0;
}
