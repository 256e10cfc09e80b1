/* eval_funnel.c — running the funnel's scorers over ground truth.
 *
 * Two sources of truth: a `ward synth` cohort (DIR/notes/NAME.txt with
 * front matter, DIR/notes/NAME.truth.json = {"note", "patient", "kind",
 * "phi": [{"start", "end", "type", "text"}], "concepts": [...]}, offsets in
 * bytes of the body after the front matter), and files of hand-written
 * cases with inline markup ("Seen by Dr. {NAME:Ada Okafor} for
 * [[Parkinson disease]]"), one a line, or gold notes with the same markup,
 * many lines each, names tagged with their origin ({NAME/yoruba:...}).
 * Every note goes to every scorer in SCORERS; a
 * new kind of score (assertions, concepts) is a new scorer in that table.
 */
#include "assess_int.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The funnel's scorers. Add assertion / extraction scorers here. */
static const ward_eval_scorer *const SCORERS[] = {
    &ward_eval_deid_scorer,
    &ward_eval_concepts_scorer,
};
#define NSCORERS (sizeof SCORERS / sizeof *SCORERS)

/* The run's scorers: sc[0..n), or every funnel scorer when n is 0. */
static void run_init_with(ward_eval_run *run, const ward_eval_scorer *const *sc, size_t n)
{
    if (!n) sc = SCORERS, n = NSCORERS;
    memset(run, 0, sizeof *run);
    run->n = n;
    run->scorers = ward_xcalloc(n, sizeof *run->scorers);
    run->states = ward_xcalloc(n, sizeof *run->states);
    for (size_t i = 0; i < n; i++) {
        run->scorers[i] = sc[i];
        run->states[i] = sc[i]->init();
    }
}

static void run_init(ward_eval_run *run) { run_init_with(run, NULL, 0); }

void ward_eval_funnel_free(ward_eval_run *run)
{
    for (size_t i = 0; i < run->n; i++) run->scorers[i]->free(run->states[i]);
    free(run->scorers);
    free(run->states);
    memset(run, 0, sizeof *run);
}

static int score_note(ward_eval_run *run, const ward_eval_note *n, ward_err *err)
{
    for (size_t i = 0; i < run->n; i++) {
        int rc = run->scorers[i]->note(run->states[i], n, err);
        if (rc) return rc;
    }
    run->notes++;
    return WARD_OK;
}

json_t *ward_eval_funnel_report(const ward_eval_run *run)
{
    json_t *o = json_pack("{s:I, s:I, s:I}", "notes", (json_int_t)run->notes, "truth_mismatches",
                          (json_int_t)run->truth_mismatch, "ages_not_scored", (json_int_t)run->young_ages);
    for (size_t i = 0; i < run->n; i++)
        json_object_set_new(o, run->scorers[i]->name, run->scorers[i]->report(run->states[i]));
    return o;
}

/* ---- cohorts ---- */

/* The body offset after a front matter block ("---" ... "---"), or 0. */
static size_t body_offset(const char *t, size_t len)
{
    if (len < 4 || strncmp(t, "---", 3) || (t[3] != '\n' && t[3] != '\r')) return 0;
    size_t pos = 4;
    while (pos < len) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - t) - pos : len - pos;
        if (n >= 3 && !strncmp(t + pos, "---", 3)) return nl ? (size_t)(nl - t) + 1 : len;
        pos += n + 1;
    }
    return 0;
}

/* An age of 89 or less ("42", "30s"): Safe Harbor lets it stay. */
static int young_age(const char *s, size_t n)
{
    long v = 0;
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    return i > 0 && i <= 3 && v <= 89;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int cohort_file(ward_eval_run *run, const char *path, const char *tpath, const char *name, ward_err *err);
static int cohort_walk(const char *dir, ward_eval_run *run, ward_err *err);

static int cohort_note(ward_eval_run *run, const char *dir, const char *name, ward_err *err)
{
    ward_buf pb, tb;
    ward_buf_init(&pb);
    ward_buf_init(&tb);
    ward_buf_printf(&pb, "%s/%s", dir, name);
    ward_buf_printf(&tb, "%s/%.*s.truth.json", dir, (int)(strlen(name) - 4), name);
    int rc = cohort_file(run, pb.data, tb.data, name, err);
    ward_buf_free(&pb);
    ward_buf_free(&tb);
    return rc;
}

static int cohort_file(ward_eval_run *run, const char *path, const char *tpath, const char *name, ward_err *err)
{
    char *text;
    size_t len;
    int rc = ward_read_file(path, 0, &text, &len, err);
    if (rc) return rc;
    json_error_t je;
    json_t *truth = json_load_file(tpath, 0, &je);
    if (!truth) {
        free(text);
        /* jansson's message may quote the file (PHI): give the place only */
        return ward_err_set(err, WARD_EINPUT, "%s: not readable JSON at line %d column %d (every note needs its .truth.json)",
                            tpath, je.line, je.column);
    }
    size_t off = body_offset(text, len);
    json_t *phi = json_object_get(truth, "phi");
    size_t n = json_array_size(phi);
    ward_eval_span *spans = n ? ward_xcalloc(n, sizeof *spans) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(phi, i);
        json_int_t a = json_integer_value(json_object_get(s, "start"));
        json_int_t b = json_integer_value(json_object_get(s, "end"));
        if (a < 0 || b <= a || (size_t)b > len - off) {
            run->truth_mismatch++;
            continue;
        }
        const char *want = json_string_value(json_object_get(s, "text"));
        if (want && (strlen(want) != (size_t)(b - a) || memcmp(want, text + off + a, (size_t)(b - a))))
            run->truth_mismatch++;
        int type = ward_phi_type_parse(json_string_value(json_object_get(s, "type")));
        if (type == WARD_PHI_AGE && young_age(text + off + a, (size_t)(b - a))) {
            run->young_ages++;
            continue;
        }
        spans[k++] = (ward_eval_span){.start = (size_t)a, .end = (size_t)b, .type = type};
    }
    ward_eval_note note = {.id = name,
                           .patient = json_string_value(json_object_get(truth, "patient")),
                           .kind = json_string_value(json_object_get(truth, "kind")),
                           .text = text + off, .len = len - off, .phi = spans, .nphi = k, .truth = truth};
    rc = score_note(run, &note, err);
    if (rc) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        ward_err_set(err, rc, "%s: %s", path, msg);
    }
    free(spans);
    json_decref(truth);
    free(text);
    return rc;
}

int ward_eval_funnel_cohort(const char *dir, ward_eval_run *run, ward_err *err)
{
    run_init(run);
    return cohort_walk(dir, run, err);
}

int assess_funnel_cohort_using(const char *dir, const ward_eval_scorer *sc, void *state, long *notes, ward_err *err)
{
    ward_eval_run run = {.scorers = &sc, .states = &state, .n = 1};
    int rc = cohort_walk(dir, &run, err);
    *notes = run.notes;
    return rc;
}

static int cohort_walk(const char *dir, ward_eval_run *run, ward_err *err)
{
    char notes[4096];
    snprintf(notes, sizeof notes, "%s/notes", dir);
    DIR *dh = opendir(notes);
    if (!dh) return ward_err_set(err, WARD_EINPUT, "%s: no notes/ directory (make one with ward synth)", dir);
    char **names = NULL;
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' || !ward_str_endswith(e->d_name, ".txt")) continue;
        names = ward_xrealloc(names, (nn + 1) * sizeof *names);
        names[nn++] = ward_xstrdup(e->d_name);
    }
    closedir(dh);
    if (nn) qsort(names, nn, sizeof *names, cmp_str);
    int rc = WARD_OK;
    for (size_t i = 0; i < nn; i++) {
        if (!rc) rc = cohort_note(run, notes, names[i], err);
        free(names[i]);
    }
    free(names);
    if (!rc && !run->notes) rc = ward_err_set(err, WARD_EINPUT, "%s: no notes with truth to score", notes);
    return rc;
}

/* ---- hand-written cases and gold notes ---- */

/* Appends one marked-up line to text, adding its spans. Returns 0, or -1
 * when the markup is broken (an unknown type, an unclosed brace). */
static int parse_markup(const char *line, size_t n, ward_buf *text, ward_eval_span **phi, size_t *nphi,
                        ward_eval_span **keep, size_t *nkeep)
{
    for (size_t i = 0; i < n;) {
        if (line[i] == '\\' && i + 1 < n && line[i + 1] == 'n') {
            ward_buf_putc(text, '\n');
            i += 2;
        } else if (line[i] == '{') {
            const char *colon = memchr(line + i, ':', n - i), *close = memchr(line + i, '}', n - i);
            if (!colon || !close || colon > close) return -1;
            const char *tag = line + i + 1, *slash = memchr(tag, '/', (size_t)(colon - tag));
            char type[16];
            snprintf(type, sizeof type, "%.*s", (int)((slash ? slash : colon) - tag), tag);
            int t = ward_phi_type_parse(type);
            if (t < 0) return -1;
            ward_eval_span sp = {.start = text->len, .type = t};
            if (slash) snprintf(sp.origin, sizeof sp.origin, "%.*s", (int)(colon - slash - 1), slash + 1);
            ward_buf_append(text, colon + 1, (size_t)(close - colon - 1));
            sp.end = text->len;
            *phi = ward_xrealloc(*phi, (*nphi + 1) * sizeof **phi);
            (*phi)[(*nphi)++] = sp;
            i = (size_t)(close - line) + 1;
        } else if (line[i] == '[' && i + 1 < n && line[i + 1] == '[') {
            const char *close = NULL;
            for (size_t k = i + 2; k + 1 < n; k++)
                if (line[k] == ']' && line[k + 1] == ']') { close = line + k; break; }
            if (!close) return -1;
            size_t a = text->len;
            ward_buf_append(text, line + i + 2, (size_t)(close - line - i - 2));
            *keep = ward_xrealloc(*keep, (*nkeep + 1) * sizeof **keep);
            (*keep)[(*nkeep)++] = (ward_eval_span){.start = a, .end = text->len, .type = -1};
            i = (size_t)(close - line) + 2;
        } else {
            ward_buf_putc(text, line[i++]);
        }
    }
    return 0;
}

/* One note being read from a cases or gold file. */
typedef struct marked_note {
    ward_buf text;
    ward_eval_span *phi, *keep;
    size_t nphi, nkeep;
    char id[64], kind[64];
} marked_note;

static void marked_reset(marked_note *m)
{
    ward_buf_reset(&m->text);
    m->nphi = m->nkeep = 0;
    m->id[0] = m->kind[0] = 0;
}

static int marked_score(ward_eval_run *run, marked_note *m, ward_err *err)
{
    ward_eval_note note = {.id = m->id, .kind = m->kind[0] ? m->kind : NULL, .text = m->text.data ? m->text.data : "",
                           .len = m->text.len, .phi = m->phi, .nphi = m->nphi, .keep = m->keep, .nkeep = m->nkeep};
    return score_note(run, &note, err);
}

/* Reads FILE line by line: cases (one note a line) or gold notes (a note
 * from each "=== ID KIND" line to the next). */
static int read_marked(const char *file, int gold, const ward_eval_scorer *const *sc, size_t nsc, ward_eval_run *run,
                       ward_err *err)
{
    run_init_with(run, sc, nsc);
    char *data;
    size_t len;
    int rc = ward_read_file(file, 0, &data, &len, err);
    if (rc) return rc;
    marked_note m = {0};
    ward_buf_init(&m.text);
    int open = 0;   /* gold: a note is being read */
    size_t pos = 0, line_no = 0;
    while (pos < len && !rc) {
        const char *line = data + pos, *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + 1;
        line_no++;
        if (n && line[n - 1] == '\r') n--;
        if (n && line[0] == '#') continue;
        if (gold && n >= 4 && !strncmp(line, "=== ", 4)) {
            if (open) rc = marked_score(run, &m, err);
            marked_reset(&m);
            sscanf(line + 4, "%63s %63s", m.id, m.kind);
            open = 1;
            continue;
        }
        if (gold && !open) {
            if (n) rc = ward_err_set(err, WARD_EINPUT, "%s: line %zu: text before the first \"=== ID KIND\" line", file, line_no);
            continue;
        }
        if (!gold && !n) continue;
        if (!gold) marked_reset(&m);
        if (parse_markup(line, n, &m.text, &m.phi, &m.nphi, &m.keep, &m.nkeep)) {
            rc = ward_err_set(err, WARD_EINPUT, "%s: line %zu: broken markup (use {TYPE:text}, {NAME/origin:text} and [[text]])",
                              file, line_no);
            break;
        }
        if (gold) {
            ward_buf_putc(&m.text, '\n');
        } else {
            snprintf(m.id, sizeof m.id, "case %zu", line_no);
            rc = marked_score(run, &m, err);
        }
    }
    if (!rc && gold && open) rc = marked_score(run, &m, err);
    if (!rc && !run->notes) rc = ward_err_set(err, WARD_EINPUT, "%s: no notes to score", file);
    free(m.phi);
    free(m.keep);
    ward_buf_free(&m.text);
    free(data);
    return rc;
}

int ward_eval_funnel_cases(const char *file, ward_eval_run *run, ward_err *err)
{
    return read_marked(file, 0, NULL, 0, run, err);
}

int ward_eval_funnel_gold(const char *file, ward_eval_run *run, ward_err *err)
{
    return read_marked(file, 1, NULL, 0, run, err);
}

int ward_eval_funnel_marked_with(const char *file, int gold, const ward_eval_scorer *const *scorers, size_t n,
                                 ward_eval_run *run, ward_err *err)
{
    return read_marked(file, gold, scorers, n, run, err);
}
