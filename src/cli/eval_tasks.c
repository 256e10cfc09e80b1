/* eval_tasks.c — `ward eval tasks --cohort DIR`: the tasks measured on a
 * generated cohort (`ward synth`), in extractive mode.
 *
 *  - Chart questions (DIR/questions.jsonl): accuracy. A "not in the record"
 *    question is right when Ward says it is not found; yes/no questions by
 *    their first word; others when every number of the true answer (and its
 *    date) is in Ward's answer and most of its words are, or when the answer
 *    cites every resource the cohort gives as its evidence.
 *  - Citation precision: a citation counts as correct when its chunk is the
 *    asked patient's and the sentence citing it passed the guard.
 *    Evidence recall: questions whose true evidence resource was cited.
 *  - Summary recall: the resources that prove the patient's active problems,
 *    current medications and allergies (the evidence of the cohort's
 *    has_condition, condition_onset, current_med and allergies questions)
 *    that `summarize` cites.
 *  - Instructions: mean Flesch–Kincaid grade.
 *  - SOAP notes: ROUGE-1/2/L of `note` on each transcript (a note file whose
 *    .truth.json sidecar holds a "reference_note") against the reference note.
 * The cohort is ingested into --data first (re-ingesting is a no-op).
 */
#include "cli.h"
#include "ward/ingest.h"
#include "ward/orchestrate.h"

#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
    long n, ok;
} tally;

static double ratio(long a, long b) { return b ? (double)a / (double)b : 0; }

/* Does hay contain the word w[0..n) (case-insensitive, at word boundaries)? */
static int contains_word(const char *hay, const char *w, size_t n)
{
    for (const char *p = hay; *p; p++)
        if (!strncasecmp(p, w, n) && (p == hay || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
            return 1;
    return 0;
}

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

/* Is Ward's answer the true one? */
static int answer_ok(const char *kind, const char *truth, const char *date, int nir, const char *ans, int found)
{
    if (nir) return !found;
    if (!strcmp(kind, "has_condition") || !strcmp(kind, "deceased")) {
        int yes = !strcasecmp(truth, "yes");
        return yes ? found && strncasecmp(ans, "No", 2) : !found || !strncasecmp(ans, "No", 2);
    }
    if (!found) return 0;
    int words = 0, hits = 0;
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
        if (!n) continue;
        if (digits) {
            /* "132/78" is two numbers */
            const char *slash = memchr(s, '/', n);
            if (slash) {
                if (!number_in(ans, s, (size_t)(slash - s)) || !number_in(ans, slash + 1, n - (size_t)(slash - s) - 1)) return 0;
            } else if (!number_in(ans, s, n)) return 0;
            continue;
        }
        int skip = n < 3;
        for (int i = 0; SKIP_WORDS[i] && !skip; i++) skip = strlen(SKIP_WORDS[i]) == n && !strncasecmp(SKIP_WORDS[i], s, n);
        if (skip) continue;
        words++;
        hits += contains_word(ans, s, n);
    }
    if (date && *date && !number_in(ans, date, strlen(date))) return 0;
    return words == 0 || hits * 2 >= words + (words > 1);
}

/* Resource "Type/id" of each chunk a result cites (record documents only). */
static void cited_resources(ward_store *st, json_t *res, json_t *set)
{
    sqlite3_stmt *s = ward_store_cached(st,
        "SELECT r.type || '/' || r.fhir_id FROM chunks c JOIN documents d ON d.id = c.document_id"
        " JOIN resources r ON r.id = d.resource_id WHERE c.id = ?", NULL);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(res, "citations"), i, c) {
        if (!s || !json_is_integer(json_object_get(c, "chunk_id"))) continue;
        sqlite3_bind_int64(s, 1, json_integer_value(json_object_get(c, "chunk_id")));
        if (sqlite3_step(s) == SQLITE_ROW) json_object_set_new(set, (const char *)sqlite3_column_text(s, 0), json_true());
        sqlite3_reset(s);
    }
}

/* Citations whose chunk is the patient's and whose sentence was supported. */
static void citation_precision(ward_store *st, json_t *res, const char *patient, tally *t)
{
    json_t *supported = json_object();
    size_t i, k, j;
    json_t *sec, *line, *n;
    json_array_foreach(json_object_get(res, "sections"), i, sec) {
        json_array_foreach(json_object_get(sec, "lines"), k, line) {
            if (!json_is_true(json_object_get(line, "supported"))) continue;
            json_array_foreach(json_object_get(line, "citations"), j, n) {
                char key[24];
                snprintf(key, sizeof key, "%lld", json_integer_value(n));
                json_object_set_new(supported, key, json_true());
            }
        }
    }
    sqlite3_stmt *s = ward_store_cached(st, "SELECT coalesce(patient_id,'') FROM chunks WHERE id = ?", NULL);
    json_t *c;
    json_array_foreach(json_object_get(res, "citations"), i, c) {
        char key[24];
        snprintf(key, sizeof key, "%lld", json_integer_value(json_object_get(c, "n")));
        int ok = json_is_true(json_object_get(supported, key));
        if (s && json_is_integer(json_object_get(c, "chunk_id"))) {
            sqlite3_bind_int64(s, 1, json_integer_value(json_object_get(c, "chunk_id")));
            ok &= sqlite3_step(s) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(s, 0), patient);
            sqlite3_reset(s);
        }
        t->n++;
        t->ok += ok;
    }
    json_decref(supported);
}

static int run_task(ward_store *st, ward_task_request *req, ward_task_result *res, ward_err *err)
{
    ward_orch_params p = ward_orch_default_params();
    p.save_draft = 0;
    return ward_orch_run(st, &p, req, res, err);
}

/* Plain text of a result's kept lines, without citation markers. */
static char *lines_text(json_t *res)
{
    ward_buf b;
    ward_buf_init(&b);
    size_t i, k;
    json_t *sec, *line;
    json_array_foreach(json_object_get(res, "sections"), i, sec)
        json_array_foreach(json_object_get(sec, "lines"), k, line) {
            const char *t = json_string_value(json_object_get(line, "text"));
            if (t && strcmp(t, "Not discussed.")) ward_buf_printf(&b, "%s\n", t);
        }
    return ward_buf_steal(&b);
}

typedef struct patient_truth {
    char *id;
    json_t *evidence;        /* "Type/id" -> true: what summarize should cite */
} patient_truth;

static patient_truth *truth_for(patient_truth **v, size_t *n, const char *id)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i].id, id)) return &(*v)[i];
    *v = ward_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[*n] = (patient_truth){ward_xstrdup(id), json_object()};
    return &(*v)[(*n)++];
}

static int ingest_cohort(ward_store *st, const char *dir, ward_err *err)
{
    ward_ingest_params ip = ward_ingest_default_params();
    ip.quiet = 1;
    ward_ingest *in;
    int rc = ward_ingest_new(st, ip, &in, err);
    if (!rc) rc = ward_ingest_path(in, dir, err);
    if (!rc) rc = ward_ingest_finish(in, err);
    if (in) ward_ingest_free(in);
    return rc;
}

int cli_eval_tasks(ward_cli *cli, int argc, char **argv)
{
    const char *dir = NULL;
    long limit = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--cohort") && v) dir = v, i++;
        else if (!strcmp(argv[i], "--patients") && v && (limit = cli_parse_long(v)) > 0) i++;
        else return cli_fail("eval tasks", WARD_EUSAGE, "unexpected argument %s (usage: ward eval tasks --cohort DIR [--patients N])", argv[i]);
    }
    if (!dir) return cli_fail("eval tasks", WARD_EUSAGE, "give --cohort DIR (a `ward synth` output)");
    char path[4096];
    snprintf(path, sizeof path, "%s/questions.jsonl", dir);
    FILE *qf = fopen(path, "r");
    if (!qf) return cli_fail("eval tasks", WARD_EINPUT, "%s: cannot open (is %s a `ward synth` output?)", path, dir);
    ward_store *st = cli_store(cli);
    ward_err err = {0};
    int rc = st ? ingest_cohort(st, dir, &err) : WARD_EIO;
    if (rc) {
        fclose(qf);
        return st ? cli_fail("eval tasks", rc, "ingest: %s", err.msg) : rc;
    }

    tally qa = {0}, cites = {0}, evidence = {0};
    json_t *kinds = json_object();
    patient_truth *pts = NULL;
    size_t npts = 0;
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    while (getline(&line, &cap, qf) > 0) {
        lineno++;
        json_t *q = json_loads(line, 0, NULL);
        const char *pid = json_string_value(json_object_get(q, "patient"));
        const char *text = json_string_value(json_object_get(q, "question"));
        const char *kind = json_string_value(json_object_get(q, "kind"));
        const char *truth = json_string_value(json_object_get(q, "answer"));
        if (!pid || !text || !kind || !truth) {
            fprintf(stderr, "ward eval tasks: %s: line %ld: not a question record, skipped\n", path, lineno);
            json_decref(q);
            continue;
        }
        int known = 0;
        for (size_t i = 0; i < npts; i++) known |= !strcmp(pts[i].id, pid);
        if (limit && !known && (long)npts >= limit) {
            json_decref(q);
            continue;
        }
        patient_truth *pt = truth_for(&pts, &npts, pid);
        int nir = json_is_true(json_object_get(q, "not_in_record"));
        json_t *ev = json_object_get(q, "evidence");
        if (!nir && (!strcmp(kind, "current_med") || !strcmp(kind, "allergies") || !strcmp(kind, "condition_onset") ||
                     (!strcmp(kind, "has_condition") && !strcasecmp(truth, "yes")))) {
            size_t i;
            json_t *e;
            json_array_foreach(ev, i, e) {
                char key[256];
                snprintf(key, sizeof key, "%s/%s", json_string_value(json_object_get(e, "resourceType")) ?: "",
                         json_string_value(json_object_get(e, "id")) ?: "");
                json_object_set_new(pt->evidence, key, json_true());
            }
        }
        ward_task_request req = {.task = WARD_TASK_ASK, .patient_id = pid, .question = text};
        ward_task_result res;
        int ok = 0;
        if (run_task(st, &req, &res, &err) == WARD_OK) {
            const char *ans = json_string_value(json_object_get(res.json, "answer"));
            ok = answer_ok(kind, truth, json_string_value(json_object_get(q, "date")), nir, ans ? ans : "", res.found);
            citation_precision(st, res.json, pid, &cites);
            if (!nir && json_array_size(ev)) {
                json_t *got = json_object();
                cited_resources(st, res.json, got);
                int hit = 0, all = 1;
                size_t i;
                json_t *e;
                json_array_foreach(ev, i, e) {
                    char key[256];
                    snprintf(key, sizeof key, "%s/%s", json_string_value(json_object_get(e, "resourceType")) ?: "",
                             json_string_value(json_object_get(e, "id")) ?: "");
                    int c = json_object_get(got, key) != NULL;
                    hit |= c;
                    all &= c;
                }
                evidence.n++;
                evidence.ok += hit;
                /* Citing every resource that proves the answer is answering it, even when
                 * the words differ ("sulfa drugs" is recorded as "sulfonamide"). */
                if (res.found && all && strcmp(kind, "has_condition") && strcmp(kind, "deceased")) ok = 1;
                json_decref(got);
            }
            ward_task_result_free(&res);
        }
        qa.n++;
        qa.ok += ok;
        json_t *k = json_object_get(kinds, kind);
        if (!k) json_object_set_new(kinds, kind, k = json_pack("{s:i, s:i}", "n", 0, "correct", 0));
        json_object_set_new(k, "n", json_integer(json_integer_value(json_object_get(k, "n")) + 1));
        json_object_set_new(k, "correct", json_integer(json_integer_value(json_object_get(k, "correct")) + ok));
        json_decref(q);
    }
    free(line);
    fclose(qf);

    /* Summaries and instructions, per patient. */
    tally summary = {0};
    double grade_sum = 0;
    long grades = 0;
    for (size_t i = 0; i < npts; i++) {
        ward_task_request req = {.task = WARD_TASK_SUMMARIZE, .patient_id = pts[i].id};
        ward_task_result res;
        if (run_task(st, &req, &res, &err) == WARD_OK) {
            json_t *got = json_object();
            cited_resources(st, res.json, got);
            const char *key;
            json_t *v;
            json_object_foreach(pts[i].evidence, key, v) {
                summary.n++;
                summary.ok += json_object_get(got, key) != NULL;
            }
            citation_precision(st, res.json, pts[i].id, &cites);
            json_decref(got);
            ward_task_result_free(&res);
        }
        req.task = WARD_TASK_INSTRUCTIONS;
        if (run_task(st, &req, &res, &err) == WARD_OK) {
            grade_sum += json_real_value(json_object_get(res.json, "reading_grade"));
            grades++;
            citation_precision(st, res.json, pts[i].id, &cites);
            ward_task_result_free(&res);
        }
    }

    /* SOAP notes from transcripts with reference notes. */
    double r1 = 0, r2 = 0, rl = 0;
    long notes = 0;
    snprintf(path, sizeof path, "%s/notes", dir);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!ward_str_endswith(e->d_name, ".truth.json")) continue;
        char tp[8192], np[8192];
        snprintf(tp, sizeof tp, "%s/%s", path, e->d_name);
        json_t *t = json_load_file(tp, 0, NULL);
        json_t *ref = json_object_get(t, "reference_note");
        const char *pid = json_string_value(json_object_get(t, "patient"));
        int mine = !limit;
        for (size_t i = 0; i < npts && !mine && pid; i++) mine = !strcmp(pts[i].id, pid);
        if (!json_is_object(ref) || !mine) {
            json_decref(t);
            continue;
        }
        snprintf(np, sizeof np, "%s/%.*s.txt", path, (int)(strlen(e->d_name) - strlen(".truth.json")), e->d_name);
        char *text = NULL;
        size_t len = 0;
        if (ward_read_file(np, 0, &text, &len, &err) == WARD_OK) {
            ward_task_request req = {.task = WARD_TASK_NOTE, .transcript = text, .transcript_len = len, .transcript_name = np,
                                     .patient_id = pid};
            ward_task_result res;
            if (run_task(st, &req, &res, &err) == WARD_OK) {
                ward_buf rb;
                ward_buf_init(&rb);
                static const char *secs[] = {"subjective", "objective", "assessment", "plan"};
                for (int k = 0; k < 4; k++) ward_buf_printf(&rb, "%s\n", json_string_value(json_object_get(ref, secs[k])) ?: "");
                char *cand = lines_text(res.json);
                ward_rouge s = ward_rouge_score(cand, rb.data);
                r1 += s.r1, r2 += s.r2, rl += s.rl, notes++;
                free(cand);
                ward_buf_free(&rb);
                ward_task_result_free(&res);
            }
            free(text);
        }
        json_decref(t);
    }
    if (d) closedir(d);
    for (size_t i = 0; i < npts; i++) free(pts[i].id), json_decref(pts[i].evidence);
    free(pts);
    if (cli_audit(cli, "eval_tasks", NULL, "ok")) {
        json_decref(kinds);
        return WARD_EIO;
    }

    json_t *out = json_pack("{s:i, s:{s:i, s:f, s:o}, s:{s:i, s:f}, s:f, s:{s:i, s:f}, s:{s:i, s:f}, s:{s:i, s:f, s:f, s:f}}",
        "patients", (int)npts,
        "questions", "n", (int)qa.n, "accuracy", ratio(qa.ok, qa.n), "by_kind", kinds,
        "citations", "n", (int)cites.n, "precision", ratio(cites.ok, cites.n),
        "evidence_recall", ratio(evidence.ok, evidence.n),
        "summary", "items", (int)summary.n, "recall", ratio(summary.ok, summary.n),
        "instructions", "n", (int)grades, "mean_fk_grade", grades ? grade_sum / (double)grades : 0,
        "soap", "notes", (int)notes, "rouge1", notes ? r1 / (double)notes : 0, "rouge2", notes ? r2 / (double)notes : 0,
        "rougeL", notes ? rl / (double)notes : 0);
    if (cli->json) {
        cli_print_json(out);
        return WARD_OK;
    }
    printf("Tasks on %s (%d patients, extractive)\n", dir, (int)npts);
    printf("  chart questions   %ld, accuracy %.3f (target >= 0.90)\n", qa.n, ratio(qa.ok, qa.n));
    const char *key;
    json_t *v;
    json_object_foreach(kinds, key, v)
        printf("    %-18s %4lld / %-4lld %.3f\n", key, json_integer_value(json_object_get(v, "correct")),
               json_integer_value(json_object_get(v, "n")),
               ratio(json_integer_value(json_object_get(v, "correct")), json_integer_value(json_object_get(v, "n"))));
    printf("  citations         %ld, precision %.3f (target 1.0); evidence recall %.3f\n", cites.n,
           ratio(cites.ok, cites.n), ratio(evidence.ok, evidence.n));
    printf("  summary recall    %.3f of %ld problems, medications, allergies (target >= 0.95)\n",
           ratio(summary.ok, summary.n), summary.n);
    printf("  instructions      mean Flesch-Kincaid grade %.2f over %ld (target <= 6)\n", grades ? grade_sum / (double)grades : 0, grades);
    printf("  SOAP notes        %ld, ROUGE-1 %.3f  ROUGE-2 %.3f  ROUGE-L %.3f\n", notes, notes ? r1 / (double)notes : 0,
           notes ? r2 / (double)notes : 0, notes ? rl / (double)notes : 0);
    json_decref(out);
    return WARD_OK;
}
