/* synth.c — the run: for each patient index, build the patient, hand it to
 * each writer, free it; files go under the output directory.
 *
 * Streaming: whole-file outputs (a bundle, a note) are written as soon as
 * they are rendered; line outputs (NDJSON, patients.jsonl, questions.jsonl)
 * stay open for the run. Memory is one patient plus a few reused buffers.
 * The first I/O error stops the run and is returned. Progress goes to the
 * params' report callback: the library prints nothing.
 */
#include "synth_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_STREAMS 24

struct swriter {
    const char *dir;
    const ward_synth_params *prm;
    ward_synth_counts counts;
    ward_buf scratch[4], path;
    nw note;
    srng *note_rng;
    struct { char *name; FILE *f; } streams[MAX_STREAMS];
    int nstreams;
    int failed;
    ward_err *err;
};

ward_synth_params ward_synth_default_params(void)
{
    ward_synth_params p = {.patients = 100, .seed = 1, .formats = WARD_SYNTH_ALL, .as_of = "2025-06-30",
                           .record_years = 10, .min_age = 0, .max_age = 110, .female_share = 0.51,
                           .conversations = 0.5, .max_notes = 8};
    return p;
}

int ward_synth_parse_formats(const char *s)
{
    int bits = 0;
    char *copy = ward_xstrdup(s), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "fhir")) bits |= WARD_SYNTH_FHIR;
        else if (!strcmp(t, "ndjson")) bits |= WARD_SYNTH_NDJSON;
        else if (!strcmp(t, "hl7")) bits |= WARD_SYNTH_HL7;
        else if (!strcmp(t, "notes")) bits |= WARD_SYNTH_NOTES;
        else if (!strcmp(t, "all")) bits |= WARD_SYNTH_ALL;
        else if (!strcmp(t, "none")) bits |= 0;
        else bits = -1;
        if (bits < 0) break;
    }
    free(copy);
    return bits;
}

int sw_formats(const swriter *sw)
{
    return (int)sw->prm->formats;
}

ward_synth_counts *sw_counts(swriter *sw)
{
    return &sw->counts;
}

const ward_synth_params *sw_params(const swriter *sw)
{
    return sw->prm;
}

ward_buf *sw_scratch(swriter *sw, int which)
{
    return &sw->scratch[which];
}

nw *sw_nw(swriter *sw)
{
    return &sw->note;
}

static int mkdir_p(const char *path)
{
    char *tmp = ward_xstrdup(path);
    for (char *s = tmp + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(tmp, 0755) && errno != EEXIST) {
            free(tmp);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(tmp, 0755) && errno != EEXIST ? -1 : 0;
    free(tmp);
    return rc;
}

static void fail(swriter *sw, const char *what)
{
    if (!sw->failed) ward_err_set(sw->err, WARD_EIO, "%s: %s", what, strerror(errno));
    sw->failed = 1;
}

void sw_file(swriter *sw, const char *sub, const char *name, const char *data, size_t len)
{
    if (sw->failed) return;
    ward_buf_reset(&sw->path);
    ward_buf_printf(&sw->path, "%s/%s/%s", sw->dir, sub, name);
    FILE *f = fopen(sw->path.data, "wb");
    if (!f) return fail(sw, sw->path.data);
    size_t n = fwrite(data, 1, len, f);
    if (fclose(f) || n != len) return fail(sw, sw->path.data);
    sw->counts.files++;
    sw->counts.bytes += (double)len;
}

void sw_line(swriter *sw, const char *sub, const char *name, const char *data, size_t len)
{
    if (sw->failed) return;
    FILE *f = NULL;
    for (int i = 0; i < sw->nstreams && !f; i++)
        if (!strcmp(sw->streams[i].name, name)) f = sw->streams[i].f;
    if (!f) {
        if (sw->nstreams == MAX_STREAMS) {
            errno = EMFILE;
            return fail(sw, name);
        }
        ward_buf_reset(&sw->path);
        ward_buf_printf(&sw->path, "%s%s%s/%s", sw->dir, *sub ? "/" : "", sub, name);
        if (!(f = fopen(sw->path.data, "wb"))) return fail(sw, sw->path.data);
        sw->streams[sw->nstreams].name = ward_xstrdup(name);
        sw->streams[sw->nstreams++].f = f;
        sw->counts.files++;
    }
    if (fwrite(data, 1, len, f) != len) return fail(sw, name);
    sw->counts.bytes += (double)len;
}

static void close_streams(swriter *sw)
{
    for (int i = 0; i < sw->nstreams; i++) {
        if (fclose(sw->streams[i].f)) fail(sw, sw->streams[i].name);
        free(sw->streams[i].name);
    }
    sw->nstreams = 0;
}

static int check_params(const ward_synth_params *p, ward_err *err)
{
    if (p->patients < 0) return ward_err_set(err, WARD_EUSAGE, "the number of patients must be 0 or more");
    if (sday_parse(p->as_of) == NO_DAY) return ward_err_set(err, WARD_EUSAGE, "as_of must be a date YYYY-MM-DD");
    if (p->record_years < 1 || p->record_years > 80)
        return ward_err_set(err, WARD_EUSAGE, "record years must be between 1 and 80");
    if (p->min_age < 0 || p->max_age < p->min_age || p->max_age > 110)
        return ward_err_set(err, WARD_EUSAGE, "ages must satisfy 0 <= min <= max <= 110");
    if (p->female_share < 0 || p->female_share > 1 || p->conversations < 0 || p->conversations > 1)
        return ward_err_set(err, WARD_EUSAGE, "shares must be between 0 and 1");
    if (p->max_notes < 1 || p->max_notes > 100) return ward_err_set(err, WARD_EUSAGE, "max notes must be 1..100");
    return WARD_OK;
}

static void progress(const swriter *sw, long done, long total)
{
    ward_event ev = {.kind = WARD_EVENT_PROGRESS, .done = (uint64_t)done, .total = (uint64_t)total,
                     .unit = "patients"};
    if (sw->prm->report) sw->prm->report(sw->prm->report_ud, &ev);
}

int ward_synth_run(const char *out_dir, const ward_synth_params *prm, ward_synth_counts *counts, ward_err *err)
{
    int rc = check_params(prm, err);
    if (rc) return rc;
    static const char *const subs[] = {"", "fhir", "ndjson", "hl7", "notes", "literature"};
    static const unsigned need[] = {0, WARD_SYNTH_FHIR, WARD_SYNTH_NDJSON, WARD_SYNTH_HL7, WARD_SYNTH_NOTES,
                                    WARD_SYNTH_NOTES};
    ward_buf path;
    ward_buf_init(&path);
    for (size_t i = 0; i < NELEM(subs); i++) {
        if (i && !(prm->formats & need[i])) continue;
        ward_buf_reset(&path);
        ward_buf_printf(&path, "%s%s%s", out_dir, i ? "/" : "", subs[i]);
        if (mkdir_p(path.data)) {
            rc = ward_err_set(err, WARD_EIO, "%s: cannot create directory: %s", path.data, strerror(errno));
            ward_buf_free(&path);
            return rc;
        }
    }
    ward_buf_free(&path);
    swriter sw = {.dir = out_dir, .prm = prm, .err = err};
    for (int i = 0; i < 4; i++) ward_buf_init(&sw.scratch[i]);
    ward_buf_init(&sw.path);
    /* What made the cohort, so an evaluation can record it (a .jsonl: ingest skips it). */
    ward_buf line;
    ward_buf_init(&line);
    ward_buf_printf(&line, "{\"seed\":%llu,\"patients\":%ld,\"as_of\":\"%s\",\"record_years\":%d}\n",
                    (unsigned long long)prm->seed, prm->patients, prm->as_of, prm->record_years);
    sw_line(&sw, "", "synth.jsonl", line.data, line.len);
    ward_buf_free(&line);
    spatient *p = ward_xcalloc(1, sizeof *p);
    nw_init(&sw.note, NULL);
    for (long i = 0; i < prm->patients && !sw.failed; i++) {
        synth_patient_build(p, prm, i);
        srng nr;
        srng_seed(&nr, prm->seed, (uint64_t)i, 3);
        sw.note.r = &nr;
        if (prm->formats & (WARD_SYNTH_FHIR | WARD_SYNTH_NDJSON)) synth_write_fhir(&sw, p);
        if (prm->formats & WARD_SYNTH_HL7) synth_write_hl7(&sw, p);
        if (prm->formats & WARD_SYNTH_NOTES) synth_write_notes(&sw, p, &nr);
        srng tr;
        srng_seed(&tr, prm->seed, (uint64_t)i, 4);
        synth_write_truth(&sw, p, &tr);
        sw.counts.patients++;
        if (p->death != NO_DAY) sw.counts.deceased++;
        progress(&sw, i + 1, prm->patients);
    }
    if (prm->formats & WARD_SYNTH_NOTES) synth_write_literature(&sw);
    close_streams(&sw);
    synth_patient_free(p);
    free(p);
    nw_free(&sw.note);
    for (int i = 0; i < 4; i++) ward_buf_free(&sw.scratch[i]);
    ward_buf_free(&sw.path);
    if (counts) *counts = sw.counts;
    return sw.failed ? WARD_EIO : WARD_OK;
}
