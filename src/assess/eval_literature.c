/* eval_literature.c — literature questions without a model: a cohort's
 * literature_questions.jsonl (written by `ward synth` from
 * data/literature.tsv: guideline statements written for the tests and the
 * question each answers, plus questions the guidelines cannot answer) is
 * asked without a patient, as `ward ask` would.
 *
 * An answerable question is right when the answer is found, says every
 * phrase the truth lists and cites the guideline (by its title); an
 * unanswerable one when Ward says "Not found". What a clinician sees is
 * scored: the guard's default drop policy. A cohort without the file
 * (older cohorts, --format without notes) has no literature score.
 */
#include "assess_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The answer's text and whether it cites the titled document. */
static int cites_title(json_t *res, const char *title)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(res, "citations"), i, c)
        if (title && !strcmp(json_string_value(json_object_get(c, "title")) ?: "", title)) return 1;
    return 0;
}

static int says_all(const char *answer, json_t *has)
{
    size_t i;
    json_t *w;
    json_array_foreach(has, i, w)
        if (!ward_str_casestr(answer, json_string_value(w) ?: "")) return 0;
    return 1;
}

static int ask_literature(tasks_run *t, json_t *q, long lineno)
{
    const char *question = json_string_value(json_object_get(q, "question"));
    const char *title = json_string_value(json_object_get(q, "title"));
    int answerable = json_object_get(q, "guideline") && !json_is_null(json_object_get(q, "guideline"));
    ward_orch_params p = ward_orch_default_params();
    p.save_draft = 0;
    ward_task_request req = {.task = WARD_TASK_ASK, .question = question};
    ward_task_result res;
    ward_err terr = {0};
    char id[64];
    snprintf(id, sizeof id, "literature_questions.jsonl:%ld", lineno);
    ward_eval_item it = {.id = id, .evaluator = "tasks.literature", .metric = "correct",
                         .group = answerable ? "answerable" : "not_in_literature", .correct = -1};
    ward_eval_count *c = answerable ? &t->r->literature : &t->r->literature_not_found;
    if (ward_orch_run(t->st, &p, &req, &res, &terr)) {
        t->r->task_failures++;
        c->n++;
        it.failed = 1;
        return assess_item(t, &it);
    }
    const char *answer = json_string_value(json_object_get(res.json, "answer")) ?: "";
    int ok = answerable ? res.found && says_all(answer, json_object_get(q, "answer_has")) && cites_title(res.json, title)
                        : !res.found;
    ward_task_result_free(&res);
    c->n++, c->ok += ok;
    it.value = ok, it.correct = ok;
    return assess_item(t, &it);
}

static int literature_line(tasks_run *t, json_t *q, long lineno)
{
    if (json_string_value(json_object_get(q, "question"))) return ask_literature(t, q, lineno);
    t->r->skipped_lines++;
    return WARD_OK;
}

int assess_literature(tasks_run *t)
{
    ward_buf path;
    ward_buf_init(&path);
    ward_buf_printf(&path, "%s/literature_questions.jsonl", t->p->cohort);
    FILE *f = fopen(path.data, "r");
    ward_buf_free(&path);
    if (!f) return WARD_OK;
    int rc = assess_jsonl_each(f, literature_line, t);
    fclose(f);
    return rc;
}
