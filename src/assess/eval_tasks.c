/* eval_tasks.c — `ward eval tasks`: the tasks measured on a generated
 * cohort (`ward synth`), in extractive mode.
 *
 * Ideas a reader needs:
 *  - Each task runs once with the guard in "flag" policy: every sentence
 *    the task wrote stays in the result, marked supported or not. What a
 *    clinician would see under the default "drop" policy is the supported
 *    lines; citations are scored on all lines (before the guard) and on the
 *    supported ones (after it).
 *  - An answer is right when its text says the true answer (kept lines
 *    only, citation markers aside): every number of the truth (and its
 *    date) appears, and most of its words. Citing the evidence is measured
 *    apart (evidence recall); it never makes an answer right.
 *  - A task that returns an error is a failure: counted apart, in the items
 *    as failed, and left out of accuracy (it is not an answer).
 *  - Every question, summary evidence item, instruction sheet, note and
 *    chart check is also a ward_eval_item with the patient's demographics.
 */
#include "assess_int.h"

#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

ward_eval_tasks_params ward_eval_tasks_default_params(void)
{
    return (ward_eval_tasks_params){.items = 1};
}

/* ---- does an answer say the truth? ---- */

/* Number tokens: "8.10" and "8.1" are the same; dates stay whole. */
static int number_in(const char *ans, const char *num, size_t n)
{
    char want[32];
    snprintf(want, sizeof want, "%.*s", (int)n, num);
    if (strchr(want, '.') && !strchr(want, '-')) {
        size_t l = strlen(want);
        while (l > 1 && want[l - 1] == '0') want[--l] = 0;
        if (want[l - 1] == '.') want[--l] = 0;
    }
    for (const char *p = ans; (p = strstr(p, want)); p++) {
        size_t l = strlen(want);
        int before = p == ans || !(isdigit((unsigned char)p[-1]) || p[-1] == '.');
        int after = !isdigit((unsigned char)p[l]) && !(p[l] == '.' && isdigit((unsigned char)p[l + 1]));
        if (before && after) return 1;
    }
    return 0;
}

static const char *SKIP_WORDS[] = {"mg", "mcg", "units", "unit", "daily", "twice", "once", "three", "four",
    "times", "weekly", "every", "hours", "needed", "bedtime", "puffs", "each", "inhaled", "oral", "the", "and",
    "mmhg", "mmol", "dl", "ml", "min", "per", "at", "as", "by", "mouth", "subcutaneous", "for", "days", NULL};

static int skip_word(const char *s, size_t n)
{
    if (n < 3) return 1;
    for (int i = 0; SKIP_WORDS[i]; i++)
        if (strlen(SKIP_WORDS[i]) == n && !strncasecmp(SKIP_WORDS[i], s, n)) return 1;
    return 0;
}

/* Every number of truth is in ans ("132/78" is two numbers); *words and
 * *hits count truth's content words and those ans has. */
static int truth_tokens(const char *truth, const char *ans, int *words, int *hits)
{
    for (const char *p = truth; *p;) {
        while (*p && !isalnum((unsigned char)*p)) p++;
        if (!*p) break;
        const char *s = p;
        int digits = 0;
        /* a token is a number (digits, '.', '-', '/') or a word (letters), never both */
        int num = isdigit((unsigned char)*p);
        while (*p && (num ? (isdigit((unsigned char)*p) || ((*p == '.' || *p == '-' || *p == '/') && isdigit((unsigned char)p[1])))
                          : isalpha((unsigned char)*p))) {
            digits += isdigit((unsigned char)*p) != 0;
            p++;
        }
        if (p == s) {
            p++;
            continue;
        }
        size_t n = (size_t)(p - s);
        if (digits) {
            const char *slash = memchr(s, '/', n);
            if (slash) {
                if (!number_in(ans, s, (size_t)(slash - s)) || !number_in(ans, slash + 1, n - (size_t)(slash - s) - 1)) return 0;
            } else if (!number_in(ans, s, n)) return 0;
            continue;
        }
        if (skip_word(s, n)) continue;
        (*words)++;
        *hits += ward_str_hasword(ans, s, n);
    }
    return 1;
}

static int yes_no_kind(const char *kind)
{
    return !strcmp(kind, "has_condition") || !strcmp(kind, "deceased");
}

/* Is Ward's answer the true one? */
static int answer_ok(const char *kind, const char *truth, const char *date, int nir, const char *ans, int found)
{
    if (nir) return !found;
    if (yes_no_kind(kind)) {
        int yes = !strcasecmp(truth, "yes");
        return yes ? found && strncasecmp(ans, "No", 2) : !found || !strncasecmp(ans, "No", 2);
    }
    if (!found) return 0;
    /* Units in UCUM notation ("m[IU]/L") read as written elsewhere ("mIU/L"). */
    char *plain = ward_xstrdup(ans), *w = plain;
    for (const char *p = ans; *p; p++)
        if (*p != '[' && *p != ']') *w++ = *p;
    *w = 0;
    int words = 0, hits = 0;
    int ok = truth_tokens(truth, plain, &words, &hits) && !(date && *date && !number_in(plain, date, strlen(date))) &&
             (words == 0 || hits * 2 >= words + (words > 1));
    free(plain);
    return ok;
}

/* ---- a result's lines and citations ---- */

/* The text of a result's supported lines (what the drop policy shows),
 * one a line, without citation markers; "Not discussed." lines left out. */
char *assess_kept_text(json_t *res)
{
    ward_buf b;
    ward_buf_init(&b);
    size_t i, k;
    json_t *sec, *line;
    json_array_foreach(json_object_get(res, "sections"), i, sec)
        json_array_foreach(json_object_get(sec, "lines"), k, line) {
            const char *t = json_string_value(json_object_get(line, "text"));
            if (t && json_is_true(json_object_get(line, "supported")) && strcmp(t, "Not discussed."))
                ward_buf_printf(&b, "%s%s", b.len ? "\n" : "", t);
        }
    return ward_buf_steal(&b);
}

/* What citation n of a result is: whose chunk, which record. */
typedef struct cite_info {
    char *patient, *resource;
    int chunk;               /* 1 when it cites a chunk (not a transcript turn) */
} cite_info;

typedef struct cites {
    cite_info *v;
    size_t n;                /* v[n - 1] is citation n */
} cites;

static void cites_free(cites *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->v[i].patient), free(c->v[i].resource);
    free(c->v);
}

static int cites_read(ward_store *st, json_t *res, cites *out, ward_err *err)
{
    json_t *list = json_object_get(res, "citations");
    out->n = json_array_size(list);
    out->v = ward_xcalloc(out->n ? out->n : 1, sizeof *out->v);
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        json_int_t n = json_integer_value(json_object_get(c, "n"));
        json_t *chunk = json_object_get(c, "chunk_id");
        if (n < 1 || (size_t)n > out->n || !json_is_integer(chunk)) continue;
        cite_info *ci = &out->v[n - 1];
        ci->chunk = 1;
        int rc = ward_store_chunk_source(st, json_integer_value(chunk), &ci->patient, &ci->resource, err);
        if (rc == WARD_ENOTFOUND) ward_err_clear(err);
        else if (rc) {
            ward_err_prefix(err, "cannot read a cited chunk");
            return rc;
        }
    }
    return WARD_OK;
}

/* Scores the citations of every line, before and after the guard; adds the
 * records cited by supported lines to `cited` ("Type/id" -> true). Each
 * citation is an item ("tasks.citations", precision before the guard). */
static int score_citations(tasks_run *t, json_t *res, const cites *cs, const char *task, const char *patient,
                           json_t *cited)
{
    size_t i, k, j;
    int rc = WARD_OK;
    ward_eval_item it = {.id = (char *)task, .patient = *patient ? (char *)patient : NULL,
                         .evaluator = "tasks.citations", .metric = "precision", .group = (char *)task};
    json_t *sec, *line, *n;
    json_array_foreach(json_object_get(res, "sections"), i, sec)
        json_array_foreach(json_object_get(sec, "lines"), k, line) {
            int supported = json_is_true(json_object_get(line, "supported"));
            json_array_foreach(json_object_get(line, "citations"), j, n) {
                json_int_t c = json_integer_value(n);
                const cite_info *ci = c >= 1 && (size_t)c <= cs->n ? &cs->v[c - 1] : NULL;
                int mine = ci && (!ci->chunk || (ci->patient && !strcmp(ci->patient, patient)));
                int ok = supported && mine;
                t->r->cites_before.n++, t->r->cites_before.ok += ok;
                it.value = ok, it.correct = ok;
                if (!rc) rc = assess_item(t, &it);
                if (!supported) continue;
                t->r->cites_after.n++, t->r->cites_after.ok += ok;
                if (ci && ci->resource && cited) json_object_set_new(cited, ci->resource, json_true());
            }
        }
    return rc;
}

/* Runs a task with the flag policy; scores its citations; fills *cited
 * (new object, records cited by kept lines). Returns the task's code. */
static int run_task(tasks_run *t, const ward_task_request *req, ward_task_result *res, json_t **cited)
{
    ward_orch_params p = ward_orch_default_params();
    p.save_draft = 0;
    p.drop_unsupported = 0;
    p.cache = t->cache;
    ward_err terr = {0};
    *cited = NULL;
    if (ward_orch_run(t->st, &p, req, res, &terr)) return terr.code ? terr.code : WARD_EIO;
    cites cs;
    int rc = cites_read(t->st, res->json, &cs, t->err);
    if (!rc) {
        *cited = json_object();
        rc = score_citations(t, res->json, &cs, ward_task_name(req->task), req->patient_id ? req->patient_id : "",
                             *cited);
    }
    cites_free(&cs);
    if (rc) {
        ward_task_result_free(res);
        json_decref(*cited);
        *cited = NULL;
    }
    return rc ? -rc : WARD_OK;     /* negative: the store failed under the evaluation itself */
}

/* ---- patients ---- */

patient_truth *assess_truth_for(tasks_run *t, const char *id, int add)
{
    for (size_t i = 0; i < t->npts; i++)
        if (!strcmp(t->pts[i].id, id)) return &t->pts[i];
    if (!add) return NULL;
    t->pts = ward_xrealloc(t->pts, (t->npts + 1) * sizeof *t->pts);
    t->pts[t->npts] = (patient_truth){ward_xstrdup(id), json_object(), NULL, 0};
    return &t->pts[t->npts++];
}

static void evidence_key(json_t *e, char key[256])
{
    snprintf(key, 256, "%s/%s", json_string_value(json_object_get(e, "resourceType")) ?: "",
             json_string_value(json_object_get(e, "id")) ?: "");
}

int assess_item(tasks_run *t, const ward_eval_item *it)
{
    return t->p->items ? ward_eval_items_add(&t->r->items, t->st, it, t->err) : WARD_OK;
}

/* ---- chart questions ---- */

static void count_kind(tasks_run *t, const char *kind, int ok, int failed)
{
    json_t *k = json_object_get(t->r->by_kind, kind);
    if (!k) json_object_set_new(t->r->by_kind, kind, k = json_pack("{s:i, s:i, s:i}", "n", 0, "correct", 0, "failed", 0));
    const char *field = failed ? "failed" : "n";
    json_object_set_new(k, field, json_integer(json_integer_value(json_object_get(k, field)) + 1));
    json_object_set_new(k, "correct", json_integer(json_integer_value(json_object_get(k, "correct")) + ok));
}

/* Records the evidence summarize should cite for this question. */
static void note_summary_evidence(patient_truth *pt, const char *kind, const char *truth, json_t *ev)
{
    if (!(!strcmp(kind, "current_med") || !strcmp(kind, "allergies") || !strcmp(kind, "condition_onset") ||
          (!strcmp(kind, "has_condition") && !strcasecmp(truth, "yes"))))
        return;
    size_t i;
    json_t *e;
    char key[256];
    json_array_foreach(ev, i, e) {
        evidence_key(e, key);
        json_object_set_new(pt->evidence, key, json_true());
    }
}

static int ask_one(tasks_run *t, json_t *q, long lineno)
{
    const char *pid = json_string_value(json_object_get(q, "patient"));
    const char *kind = json_string_value(json_object_get(q, "kind"));
    const char *truth = json_string_value(json_object_get(q, "answer"));
    int nir = json_is_true(json_object_get(q, "not_in_record"));
    json_t *ev = json_object_get(q, "evidence");
    if (!nir) note_summary_evidence(assess_truth_for(t, pid, 1), kind, truth, ev);
    ward_task_request req = {.task = WARD_TASK_ASK, .patient_id = pid,
                             .question = json_string_value(json_object_get(q, "question"))};
    ward_task_result res;
    json_t *cited;
    char id[64];
    snprintf(id, sizeof id, "questions.jsonl:%ld", lineno);
    ward_eval_item it = {.id = id, .patient = (char *)pid, .evaluator = "tasks.ask", .metric = "correct",
                         .group = (char *)kind, .correct = -1};
    int rc = run_task(t, &req, &res, &cited);
    if (rc < 0) return -rc;
    if (rc) {
        t->r->question_failures++;
        count_kind(t, kind, 0, 1);
        it.failed = 1;
        return assess_item(t, &it);
    }
    char *ans = assess_kept_text(res.json);
    int ok = answer_ok(kind, truth, json_string_value(json_object_get(q, "date")), nir, ans, res.found);
    if (!nir && json_array_size(ev)) {
        int hit = 0, all = 1;
        size_t i;
        json_t *e;
        char key[256];
        json_array_foreach(ev, i, e) {
            evidence_key(e, key);
            int c = json_object_get(cited, key) != NULL;
            hit |= c, all &= c;
        }
        t->r->evidence.n++, t->r->evidence.ok += hit;
        t->r->cited_not_said += res.found && all && !ok && !yes_no_kind(kind);
    }
    t->r->questions.n++, t->r->questions.ok += ok;
    count_kind(t, kind, ok, 0);
    free(ans);
    json_decref(cited);
    ward_task_result_free(&res);
    it.value = ok, it.correct = ok;
    return assess_item(t, &it);
}

static void warn(tasks_run *t, const char *file, long line, const char *msg)
{
    if (!t->p->report) return;
    ward_event e = {.kind = WARD_EVENT_WARNING, .file = file, .record = line, .code = WARD_EINPUT, .msg = msg};
    t->p->report(t->p->report_ud, &e);
}

int assess_jsonl_each(FILE *f, int (*fn)(tasks_run *t, json_t *rec, long lineno), tasks_run *t)
{
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = WARD_OK;
    while (!rc && getline(&line, &cap, f) > 0) {
        json_t *rec = json_loads(line, 0, NULL);
        rc = fn(t, rec, ++lineno);
        json_decref(rec);
    }
    free(line);
    return rc;
}

static int question_line(tasks_run *t, json_t *q, long lineno)
{
    const char *pid = json_string_value(json_object_get(q, "patient"));
    if (!pid || !json_is_string(json_object_get(q, "question")) || !json_is_string(json_object_get(q, "kind")) ||
        !json_is_string(json_object_get(q, "answer"))) {
        t->r->skipped_lines++;
        warn(t, t->questions, lineno, "not a question record, skipped");
    } else if (!t->p->patients || assess_truth_for(t, pid, 0) || (long)t->npts < t->p->patients) {
        assess_truth_for(t, pid, 1);
        return ask_one(t, q, lineno);
    }
    return WARD_OK;
}

static int ask_questions(tasks_run *t, FILE *qf, const char *path)
{
    t->questions = path;
    return assess_jsonl_each(qf, question_line, t);
}

/* ---- summaries and instructions, per patient ---- */

static int summarize_one(tasks_run *t, patient_truth *pt)
{
    ward_task_request req = {.task = WARD_TASK_SUMMARIZE, .patient_id = pt->id};
    ward_task_result res;
    json_t *cited;
    ward_eval_item it = {.patient = pt->id, .evaluator = "tasks.summary", .metric = "recall", .correct = -1};
    int rc = run_task(t, &req, &res, &cited);
    if (rc < 0) return -rc;
    if (rc) {
        t->r->task_failures++;
        it.id = "summary", it.failed = 1;
        return assess_item(t, &it);
    }
    const char *key;
    json_t *v;
    json_object_foreach(pt->evidence, key, v) {
        int ok = json_object_get(cited, key) != NULL;
        t->r->summary.n++, t->r->summary.ok += ok;
        it.id = (char *)key, it.value = ok, it.correct = ok;
        if ((rc = assess_item(t, &it))) break;
    }
    if (!rc) rc = assess_chart_checks(t, pt, res.json);
    json_decref(cited);
    ward_task_result_free(&res);
    return rc;
}

static int instructions_one(tasks_run *t, patient_truth *pt)
{
    ward_task_request req = {.task = WARD_TASK_INSTRUCTIONS, .patient_id = pt->id};
    ward_task_result res;
    json_t *cited;
    ward_eval_item it = {.id = "instructions", .patient = pt->id, .evaluator = "tasks.instructions",
                         .metric = "fk_grade", .correct = -1};
    int rc = run_task(t, &req, &res, &cited);
    if (rc < 0) return -rc;
    if (rc) {
        t->r->task_failures++;
        it.failed = 1;
        return assess_item(t, &it);
    }
    /* The grade of what the drop policy shows: the supported lines. */
    char *text = assess_kept_text(res.json);
    double g = ward_fk_grade(text);
    g = (double)(int)(g * 10 + (g >= 0 ? 0.5 : -0.5)) / 10;
    t->r->grade_sum += g;
    t->r->instructions++;
    free(text);
    json_decref(cited);
    ward_task_result_free(&res);
    it.value = g;
    return assess_item(t, &it);
}

/* ---- notes from transcripts ---- */

static int note_one(tasks_run *t, const char *dir, const char *name, json_t *truth)
{
    json_t *ref = json_object_get(truth, "reference_note");
    const char *pid = json_string_value(json_object_get(truth, "patient"));
    ward_buf np;
    ward_buf_init(&np);
    ward_buf_printf(&np, "%s/%.*s.txt", dir, (int)(strlen(name) - strlen(".truth.json")), name);
    char *text = NULL;
    size_t len = 0;
    ward_err ferr = {0};
    ward_eval_item it = {.id = (char *)name, .patient = (char *)pid, .evaluator = "tasks.note", .metric = "rouge1",
                         .correct = -1};
    int rc = WARD_OK;
    if (ward_read_file(np.data, 0, &text, &len, &ferr) == WARD_OK) {
        ward_task_request req = {.task = WARD_TASK_NOTE, .transcript = text, .transcript_len = len,
                                 .transcript_name = np.data, .patient_id = pid};
        ward_task_result res;
        json_t *cited;
        rc = run_task(t, &req, &res, &cited);
        if (rc > 0) {
            t->r->task_failures++;
            it.failed = 1;
            rc = assess_item(t, &it);
        } else if (!rc) {
            ward_buf rb;
            ward_buf_init(&rb);
            static const char *secs[] = {"subjective", "objective", "assessment", "plan"};
            for (int k = 0; k < 4; k++) ward_buf_printf(&rb, "%s\n", json_string_value(json_object_get(ref, secs[k])) ?: "");
            char *cand = assess_kept_text(res.json);
            ward_rouge s = ward_rouge_score(cand, rb.data);
            t->r->rouge1 += s.r1, t->r->rouge2 += s.r2, t->r->rougeL += s.rl, t->r->notes++;
            free(cand);
            ward_buf_free(&rb);
            json_decref(cited);
            ward_task_result_free(&res);
            it.value = s.r1;
            rc = assess_item(t, &it);
        } else {
            rc = -rc;
        }
        free(text);
    } else {
        t->r->task_failures++;
        warn(t, np.data, 0, "cannot read the transcript");
    }
    ward_buf_free(&np);
    return rc;
}

static int notes(tasks_run *t)
{
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/notes", t->p->cohort);
    DIR *d = opendir(path.data);
    struct dirent *e;
    int rc = WARD_OK;
    while (!rc && d && (e = readdir(d))) {
        if (!ward_str_endswith(e->d_name, ".truth.json")) continue;
        ward_buf tp;
        ward_buf_init(&tp);
        ward_buf_printf(&tp, "%s/%s", path.data, e->d_name);
        json_t *truth = json_load_file(tp.data, 0, NULL);
        const char *pid = json_string_value(json_object_get(truth, "patient"));
        int mine = !t->p->patients || (pid && assess_truth_for(t, pid, 0));
        if (json_is_object(json_object_get(truth, "reference_note")) && mine) rc = note_one(t, path.data, e->d_name, truth);
        json_decref(truth);
        ward_buf_free(&tp);
    }
    if (d) closedir(d);
    ward_buf_free(&path);
    return rc;
}

/* ---- the run ---- */

int ward_eval_tasks(ward_store *st, const ward_eval_tasks_params *p, ward_eval_tasks_result *out, ward_err *err)
{
    memset(out, 0, sizeof *out);
    out->by_kind = json_object();
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/questions.jsonl", p->cohort);
    FILE *qf = fopen(path.data, "r");
    if (!qf) {
        int rc = ward_err_set(err, WARD_EINPUT, "%s: cannot open (is %s a `ward synth` output?)", path.data, p->cohort);
        ward_buf_free(&path);
        return rc;
    }
    tasks_run t = {.st = st, .p = p, .r = out, .err = err, .cache = ward_orch_cache_new()};
    int rc = ask_questions(&t, qf, path.data);
    fclose(qf);
    for (size_t i = 0; !rc && i < t.npts; i++) {
        rc = summarize_one(&t, &t.pts[i]);
        if (!rc) rc = instructions_one(&t, &t.pts[i]);
    }
    if (!rc) rc = notes(&t);
    if (!rc) rc = assess_literature(&t);
    out->patients = (long)t.npts;
    for (size_t i = 0; i < t.npts; i++) free(t.pts[i].id), json_decref(t.pts[i].evidence), json_decref(t.pts[i].reactions);
    free(t.pts);
    ward_orch_cache_free(t.cache);
    assess_chart_done(&t);
    ward_buf_free(&path);
    return rc;
}

static double ratio(long a, long b)
{
    return b ? (double)a / (double)b : 0;
}

static json_t *count_json(ward_eval_count c, const char *what)
{
    return json_pack("{s:I, s:I, s:f}", "n", (json_int_t)c.n, "ok", (json_int_t)c.ok, what, ratio(c.ok, c.n));
}

/* {"summary": {check: count}, "chart": {...}}: the reconciled-chart checks by view. */
static json_t *chart_json(const ward_eval_tasks_result *r)
{
    json_t *o = json_object();
    for (int v = 0; v < 2; v++) {
        json_t *c = json_object();
        for (int k = 0; k < WARD_CHART_NCHECKS; k++)
            json_object_set_new(c, ward_chart_check_names[k], count_json(r->chart[v][k], "share"));
        json_object_set_new(o, v ? "chart" : "summary", c);
    }
    return o;
}

json_t *ward_eval_tasks_json(const ward_eval_tasks_result *r)
{
    double n = r->notes ? (double)r->notes : 1;
    return json_pack("{s:I, s:{s:I, s:f, s:I, s:I, s:O}, s:{s:I, s:f, s:o, s:o}, s:f, s:{s:I, s:f},"
                     " s:{s:I, s:f}, s:{s:I, s:f, s:f, s:f}, s:I,"
                     " s:o, s:{s:I, s:f, s:o, s:o}, s:I}",
        "patients", (json_int_t)r->patients,
        "questions", "n", (json_int_t)r->questions.n, "accuracy", ratio(r->questions.ok, r->questions.n),
        "failed", (json_int_t)r->question_failures, "cited_not_said", (json_int_t)r->cited_not_said,
        "by_kind", r->by_kind,
        "citations", "n", (json_int_t)r->cites_after.n, "precision", ratio(r->cites_after.ok, r->cites_after.n),
        "before_guard", count_json(r->cites_before, "precision"), "after_guard", count_json(r->cites_after, "precision"),
        "evidence_recall", ratio(r->evidence.ok, r->evidence.n),
        "summary", "items", (json_int_t)r->summary.n, "recall", ratio(r->summary.ok, r->summary.n),
        "instructions", "n", (json_int_t)r->instructions, "mean_fk_grade", r->instructions ? r->grade_sum / (double)r->instructions : 0,
        "soap", "notes", (json_int_t)r->notes, "rouge1", r->rouge1 / n, "rouge2", r->rouge2 / n, "rougeL", r->rougeL / n,
        "task_failures", (json_int_t)r->task_failures,
        "chart", chart_json(r),
        "literature", "n", (json_int_t)(r->literature.n + r->literature_not_found.n),
        "accuracy", ratio(r->literature.ok + r->literature_not_found.ok, r->literature.n + r->literature_not_found.n),
        "answerable", count_json(r->literature, "accuracy"),
        "not_in_literature", count_json(r->literature_not_found, "accuracy"),
        "skipped_lines", (json_int_t)r->skipped_lines);
}

void ward_eval_tasks_result_free(ward_eval_tasks_result *r)
{
    json_decref(r->by_kind);
    ward_eval_items_free(&r->items);
    memset(r, 0, sizeof *r);
}
