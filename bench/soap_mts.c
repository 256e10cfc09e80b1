/* soap_mts.c — SOAP notes from MTS-Dialog conversations, scored with ROUGE.
 *
 *   bench_soap_mts FILE.csv [N]
 *
 * MTS-Dialog rows are (ID, section_header, section_text, dialogue): a
 * doctor–patient dialogue and the section of a clinical note written from
 * it. For each row Ward's `note` task (extractive) writes a SOAP note from
 * the dialogue; the SOAP section the header belongs to (history and
 * medications -> Subjective, exam and results -> Objective, diagnosis ->
 * Assessment, plan and disposition -> Plan) and the whole note are scored
 * against section_text. The peer is the dialogue itself scored the same
 * way: what copying the conversation would get. Prints mean ROUGE-1/2/L
 * only (no text). */
#include "ward/orchestrate.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One CSV field (RFC 4180 quoting); returns 0 at end of input. */
static int field(FILE *f, ward_buf *out, int *eol)
{
    ward_buf_reset(out);
    int c = fgetc(f), quoted = c == '"';
    if (c == EOF) return 0;
    if (!quoted) ungetc(c, f);
    for (;;) {
        c = fgetc(f);
        if (c == EOF) { *eol = 1; return 1; }
        if (quoted) {
            if (c == '"') {
                int d = fgetc(f);
                if (d == '"') { ward_buf_putc(out, '"'); continue; }
                c = d;
                quoted = 0;
            } else {
                ward_buf_putc(out, (char)c);
                continue;
            }
        }
        if (c == ',') { *eol = 0; return 1; }
        if (c == '\n' || c == EOF) { *eol = 1; return 1; }
        if (c != '\r') ward_buf_putc(out, (char)c);
    }
}

static const char *soap_of(const char *h)
{
    static const struct { const char *h, *s; } map[] = {
        {"EXAM", "Objective"}, {"LABS", "Objective"}, {"IMAGING", "Objective"}, {"PROCEDURES", "Objective"},
        {"ASSESSMENT", "Assessment"}, {"DIAGNOSIS", "Assessment"}, {"PLAN", "Plan"}, {"DISPOSITION", "Plan"},
        {"EDCOURSE", "Plan"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(h, map[i].h)) return map[i].s;
    return "Subjective";
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_soap_mts FILE.csv [N]\n");
        return 1;
    }
    long limit = argc > 2 ? atol(argv[2]) : 0;
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    char dir[] = "/tmp/ward-soap-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    ward_store *st;
    ward_err err = {0};
    if (ward_store_open(dir, ward_store_default_params(), &st, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    ward_buf fl[8];
    for (int i = 0; i < 8; i++) ward_buf_init(&fl[i]);
    int eol = 0, nf = 0;
    while (!eol && field(f, &fl[0], &eol)) {}   /* header row */
    double sum[3][3] = {{0}};   /* [whole note, its section, dialogue peer][r1, r2, rl] */
    long n = 0, failed = 0;
    for (;;) {
        nf = 0, eol = 0;
        while (!eol && nf < 8 && field(f, &fl[nf], &eol)) nf++;
        if (nf < 4) break;
        const char *header = fl[1].data ? fl[1].data : "", *section = fl[2].data ? fl[2].data : "",
                   *dialogue = fl[3].data ? fl[3].data : "";
        ward_orch_params p = ward_orch_default_params();
        p.save_draft = 0;
        ward_task_request req = {.task = WARD_TASK_NOTE, .transcript = dialogue, .transcript_len = strlen(dialogue),
                                 .transcript_name = "dialogue"};
        ward_task_result res;
        if (ward_orch_run(st, &p, &req, &res, &err)) {
            failed++;
            continue;
        }
        ward_buf all, sec;
        ward_buf_init(&all);
        ward_buf_init(&sec);
        size_t i, k;
        json_t *s, *line;
        json_array_foreach(json_object_get(res.json, "sections"), i, s) {
            const char *title = json_string_value(json_object_get(s, "title"));
            json_array_foreach(json_object_get(s, "lines"), k, line) {
                const char *t = json_string_value(json_object_get(line, "text"));
                if (!t || !strcmp(t, "Not discussed.")) continue;
                ward_buf_printf(&all, "%s\n", t);
                if (!strcmp(title, soap_of(header))) ward_buf_printf(&sec, "%s\n", t);
            }
        }
        ward_rouge r[3] = {ward_rouge_score(all.data ? all.data : "", section),
                           ward_rouge_score(sec.data ? sec.data : "", section),
                           ward_rouge_score(dialogue, section)};
        for (int j = 0; j < 3; j++) sum[j][0] += r[j].r1, sum[j][1] += r[j].r2, sum[j][2] += r[j].rl;
        n++;
        ward_buf_free(&all);
        ward_buf_free(&sec);
        ward_task_result_free(&res);
        if (limit && n >= limit) break;
    }
    fclose(f);
    ward_store_close(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) {}
    for (int i = 0; i < 8; i++) ward_buf_free(&fl[i]);
    if (!n) {
        fprintf(stderr, "no rows scored\n");
        return 2;
    }
    static const char *what[] = {"Ward note (whole)", "Ward note (mapped SOAP section)", "peer: the dialogue itself"};
    printf("%ld dialogues (%ld without a conversation Ward could parse)\n", n, failed);
    printf("%-34s %8s %8s %8s\n", "", "ROUGE-1", "ROUGE-2", "ROUGE-L");
    for (int j = 0; j < 3; j++)
        printf("%-34s %8.3f %8.3f %8.3f\n", what[j], sum[j][0] / (double)n, sum[j][1] / (double)n, sum[j][2] / (double)n);
    return 0;
}
