/* cmd_synth.c — `ward synth`: write a synthetic cohort, or print the
 * prevalence of an existing one (--stats DIR). */
#include "cli_int.h"
#include "ward/synth.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int print_stats(cli_state *cli, const char *dir)
{
    ward_synth_stats s;
    ward_err err = {0};
    int rc = ward_synth_stats_read(dir, &s, &err);
    if (rc) return cli_fail("synth", rc, "%s", err.msg);
    json_t *out = json_object(), *conds = json_array();
    if (!cli->json) {
        printf("%ld patients (%ld deceased); prevalence among the living, %% (female / male / both) [target]\n\n",
               s.patients, s.deceased);
        printf("%-24s", "condition");
        for (int b = 0; b < WARD_SYNTH_BANDS; b++) printf(" %22s", ward_synth_band_name(b));
        printf("\n");
    }
    for (size_t i = 0; i < s.nprev; i++) {
        const ward_synth_prev *p = &s.prev[i];
        json_t *bands = json_array();
        if (!cli->json) printf("%-24s", p->condition);
        for (int b = 0; b < WARD_SYNTH_BANDS; b++) {
            long nf = s.alive[0][b], nm = s.alive[1][b];
            double f = nf ? 100.0 * p->cases[0][b] / nf : 0, m = nm ? 100.0 * p->cases[1][b] / nm : 0;
            double all = nf + nm ? 100.0 * (p->cases[0][b] + p->cases[1][b]) / (nf + nm) : 0, lo = 0, hi = 0;
            int has = ward_synth_target(p->condition, b, &lo, &hi);
            if (!cli->json) printf(" %5.1f/%5.1f/%5.1f%s", f, m, all, has && (all < lo || all > hi) ? " !" : "  ");
            json_t *o = json_pack("{s:s, s:I, s:I, s:f, s:f, s:f}", "band", ward_synth_band_name(b), "female_n",
                                  (json_int_t)nf, "male_n", (json_int_t)nm, "female", f, "male", m, "both", all);
            if (has) json_object_set_new(o, "target", json_pack("[f, f]", lo, hi));
            json_array_append_new(bands, o);
        }
        if (!cli->json) printf("\n");
        json_array_append_new(conds, json_pack("{s:s, s:o}", "condition", p->condition, "bands", bands));
    }
    double ctl = s.htn_treated ? 100.0 * s.htn_controlled / s.htn_treated : 0;
    if (!cli->json) {
        printf("\nLiving patients per band (female/male):");
        for (int b = 0; b < WARD_SYNTH_BANDS; b++) printf("  %s %ld/%ld", ward_synth_band_name(b), s.alive[0][b], s.alive[1][b]);
        printf("\nTreated hypertension controlled (< 140/90 at the last visit): %.1f%% of %ld\n", ctl, s.htn_treated);
        printf("'!' marks a band outside its documented target (docs/synth.md).\n");
    }
    json_object_set_new(out, "patients", json_integer(s.patients));
    json_object_set_new(out, "deceased", json_integer(s.deceased));
    json_object_set_new(out, "conditions", conds);
    json_object_set_new(out, "htn_treated", json_integer(s.htn_treated));
    json_object_set_new(out, "htn_controlled_percent", json_real(ctl));
    if (cli->json) cli_print_json(out);
    else json_decref(out);
    ward_synth_stats_free(&s);
    return WARD_OK;
}

/* "synth: N/M patients" redrawn in place every 97 patients, on a terminal. */
static void render(void *ud, const ward_event *ev)
{
    (void)ud;
    if (ev->kind != WARD_EVENT_PROGRESS || !isatty(STDERR_FILENO)) return;
    if (ev->done != ev->total && ev->done % 97) return;
    fprintf(stderr, "\rsynth: %llu/%llu patients", (unsigned long long)ev->done, (unsigned long long)ev->total);
    if (ev->done == ev->total) fputc('\n', stderr);
}

static int run(cli_state *cli, int argc, char **argv)
{
    ward_synth_params p = ward_synth_default_params();
    p.report = render;
    const char *out = NULL, *stats = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1, p.report = NULL;
            continue;
        }
        if (a[0] != '-') return cli_fail("synth", WARD_EUSAGE, "unexpected argument (see ward synth --help)");
        if (!v) return cli_fail("synth", WARD_EUSAGE, "%s needs a value", a);
        i++;
        char *end = NULL;
        if (!strcmp(a, "--patients") || !strcmp(a, "-n")) {
            p.patients = strtol(v, &end, 10);
            if (*end || p.patients < 0) return cli_fail("synth", WARD_EUSAGE, "--patients needs a number >= 0");
        } else if (!strcmp(a, "--seed")) {
            p.seed = strtoull(v, &end, 10);
            if (*end || !*v) return cli_fail("synth", WARD_EUSAGE, "--seed needs a non-negative integer");
        } else if (!strcmp(a, "--out") || !strcmp(a, "-o")) out = v;
        else if (!strcmp(a, "--stats")) stats = v;
        else if (!strcmp(a, "--format")) {
            int f = ward_synth_parse_formats(v);
            if (f < 0) return cli_fail("synth", WARD_EUSAGE, "--format is a list of fhir, ndjson, hl7, notes, all, none");
            p.formats = (unsigned)f;
        } else if (!strcmp(a, "--as-of")) p.as_of = v;
        else if (!strcmp(a, "--years")) p.record_years = (int)cli_parse_long(v);
        else if (!strcmp(a, "--min-age")) p.min_age = atoi(v);
        else if (!strcmp(a, "--max-age")) p.max_age = atoi(v);
        else if (!strcmp(a, "--female")) p.female_share = atof(v);
        else if (!strcmp(a, "--conversations")) p.conversations = atof(v);
        else if (!strcmp(a, "--max-notes")) p.max_notes = (int)cli_parse_long(v);
        else return cli_fail("synth", WARD_EUSAGE, "unknown option %s", a);
    }
    if (stats) return print_stats(cli, stats);
    if (!out) return cli_fail("synth", WARD_EUSAGE, "give --out DIR (or --stats DIR); see ward synth --help");
    ward_synth_counts c;
    ward_err err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = ward_synth_run(out, &p, &c, &err);
    if (rc) return cli_fail("synth", rc, "%s", err.msg);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (cli->json) {
        cli_print_json(json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f}", "out", out, "patients",
                                 (json_int_t)c.patients, "deceased", (json_int_t)c.deceased, "resources",
                                 (json_int_t)c.resources, "messages", (json_int_t)c.messages, "notes", (json_int_t)c.notes,
                                 "transcripts", (json_int_t)c.transcripts, "questions", (json_int_t)c.questions, "files",
                                 (json_int_t)c.files, "bytes", c.bytes, "seconds", secs));
    } else if (!quiet) {
        printf("%ld patients (%ld deceased): %ld FHIR resources, %ld HL7 messages, %ld notes, %ld transcripts, "
               "%ld questions\n%ld files, %.1f MB in %.2f s (%.0f patients/s, %.1f MB/s) -> %s\n",
               c.patients, c.deceased, c.resources, c.messages, c.notes, c.transcripts, c.questions, c.files,
               c.bytes / 1e6, secs, secs > 0 ? c.patients / secs : 0, secs > 0 ? c.bytes / 1e6 / secs : 0, out);
    }
    return WARD_OK;
}

const cli_command cli_cmd_synth = {
    "synth", run, "generate synthetic patients with ground truth",
    "usage: ward synth --patients N [--seed S] --out DIR [--format LIST] [options]\n"
    "       ward synth --stats DIR [--json]\n\n"
    "Writes a synthetic cohort whose every fact is known (docs/synth.md):\n"
    "  DIR/fhir/<id>.json           FHIR R4 transaction Bundle per patient\n"
    "  DIR/ndjson/<Type>.ndjson     the same as Bulk Data NDJSON (--format ndjson)\n"
    "  DIR/hl7/<id>.hl7             ADT^A04 then ORU^R01 messages\n"
    "  DIR/notes/<id>-<n>.txt       notes and visit transcripts with front matter,\n"
    "  DIR/notes/<id>-<n>.truth.json  their PHI and concept spans (byte offsets)\n"
    "  DIR/questions.jsonl          chart questions with answers and evidence\n"
    "  DIR/patients.jsonl           one summary per patient (read by --stats)\n"
    "The same seed gives byte-identical output. `ward ingest DIR` loads it.\n\n"
    "  --patients N      cohort size (default 100)\n"
    "  --seed S          random seed (default 1)\n"
    "  --format LIST     comma list of fhir, ndjson, hl7, notes; all = fhir,hl7,notes\n"
    "                    (default); none = only the jsonl files\n"
    "  --as-of DATE      the cohort's today (default 2025-06-30)\n"
    "  --years N         years of records before --as-of (default 10)\n"
    "  --min-age A, --max-age A   age range at --as-of (default 0..110)\n"
    "  --female F        share of females (default 0.51)\n"
    "  --conversations F share of patients with a visit transcript (default 0.5)\n"
    "  --max-notes N     notes per patient at most (default 8)\n"
    "  -q                no summary line\n"
    "  --stats DIR       prevalence of each condition by age band and sex, against\n"
    "                    the documented targets, and treated hypertension control\n"
    "  --json            machine-readable summary or stats\n"};
