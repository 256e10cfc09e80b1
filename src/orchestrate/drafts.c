/* drafts.c — every output is stored as a draft awaiting review.
 *
 * A draft keeps what is needed to judge and to reproduce it: the task and
 * its inputs, the output, the citations, which backend and model wrote it,
 * the hash of the prompt (or of the extractive plan), and the guard's
 * verification. Review moves a draft from "draft" to approved or rejected
 * once, recording the reviewer; an edit (of a draft, or of an approved or
 * edited one: an amendment) keeps every version of the text, and the
 * versions' diffs are made when they are read. The callers audit.
 */
#include "orch_int.h"
#include "ward/govern.h"

#include <stdlib.h>
#include <string.h>

int orch_draft_save(orch_out *o, const char *task, const char *text, json_t *citations, int64_t *id,
                    ward_err *err)
{
    char *inputs = json_dumps(o->inputs, JSON_COMPACT | JSON_SORT_KEYS);
    char *cites = json_dumps(citations, JSON_COMPACT);
    char *ver = json_dumps(o->verification, JSON_COMPACT);
    ward_draft_row d = {.task = task, .patient_id = o->req->patient_id, .inputs = inputs, .output = text,
                        .citations = cites, .backend = o->backend, .model = o->model,
                        .prompt_hash = o->prompt_hash[0] ? o->prompt_hash : NULL, .verification = ver};
    int rc = ward_store_draft_add(o->st, &d, id, err);
    if (rc) ward_err_prefix(err, "cannot store the draft");
    free(inputs), free(cites), free(ver);
    return rc;
}

/* A column that holds JSON (inputs, citations, verification) as JSON. */
static json_t *as_json(const char *t)
{
    if (!t) return json_null();
    json_t *v = json_loads(t, 0, NULL);
    return v ? v : json_string(t);
}

static json_t *as_str(const char *t)
{
    return t ? json_string(t) : json_null();
}

static int list_row(void *ud, const ward_draft_row *d)
{
    json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)d->id,
                          "task", as_str(d->task), "patient_id", as_str(d->patient_id), "status", as_str(d->status),
                          "backend", as_str(d->backend), "model", as_str(d->model),
                          "created_at", as_str(d->created_at), "reviewer", as_str(d->reviewer));
    json_object_set_new(j, "first_line",
                        d->output ? json_stringn(d->output, strcspn(d->output, "\n")) : json_null());
    json_array_append_new(ud, j);
    return 0;
}

int ward_drafts_list(ward_store *st, const ward_draft_list_params *p, json_t **out, ward_err *err)
{
    *out = NULL;
    json_t *list = json_array();
    int rc = ward_store_drafts_each(st, p->patient_id, p->task, p->status, p->limit > 0 ? p->limit : 50,
                                    list_row, list, err);
    if (rc) {
        json_decref(list);
        ward_err_prefix(err, "cannot list the drafts");
        return rc;
    }
    *out = list;
    return WARD_OK;
}

static int get_row(void *ud, const ward_draft_row *d)
{
    json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "id", (json_int_t)d->id, "task", as_str(d->task), "patient_id", as_str(d->patient_id),
        "inputs", as_json(d->inputs), "output", as_str(d->output), "citations", as_json(d->citations),
        "backend", as_str(d->backend), "model", as_str(d->model), "prompt_hash", as_str(d->prompt_hash),
        "verification", as_json(d->verification), "status", as_str(d->status), "reviewer", as_str(d->reviewer),
        "final_text", as_str(d->final_text), "created_at", as_str(d->created_at),
        "updated_at", as_str(d->updated_at));
    *(json_t **)ud = j;
    return 0;
}

static int count_version(void *ud, const ward_draft_version_row *v)
{
    *(int *)ud = v->version;
    return 0;
}

int ward_draft_get(ward_store *st, int64_t id, json_t **out, ward_err *err)
{
    *out = NULL;
    int version = 0;
    int rc = ward_store_draft_read(st, id, get_row, out, err);
    if (!rc) rc = ward_store_draft_versions_each(st, id, count_version, &version, err);
    if (!rc) json_object_set_new(*out, "version", json_integer(version));
    if (rc && rc != WARD_ENOTFOUND) ward_err_prefix(err, "cannot read draft %lld", (long long)id);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int ward_draft_edit(ward_store *st, int64_t id, const char *editor, const char *text, int base_version,
                    int *version, ward_err *err)
{
    *version = 0;
    if (!text || !*text) return ward_err_set(err, WARD_EUSAGE, "an edit needs the final text");
    int rc = ward_store_draft_edit(st, id, editor, text, base_version, version, err);
    if (rc && rc != WARD_ENOTFOUND && rc != WARD_EINPUT) ward_err_prefix(err, "cannot edit draft %lld", (long long)id);
    return rc;
}

static int version_row(void *ud, const ward_draft_version_row *v)
{
    json_array_append_new(ud, json_pack("{s:i, s:o, s:o, s:o, s:o}", "version", v->version, "kind", as_str(v->kind),
                                        "author", as_str(v->author), "created_at", as_str(v->created_at),
                                        "text", as_str(v->text)));
    return 0;
}

int ward_draft_versions(ward_store *st, int64_t id, json_t **out, ward_err *err)
{
    *out = NULL;
    json_t *list = json_array();
    int rc = ward_store_draft_versions_each(st, id, version_row, list, err);
    if (!rc && !json_array_size(list))
        rc = ward_err_set(err, WARD_ENOTFOUND, "no draft %lld (see ward drafts)", (long long)id);
    else if (rc) ward_err_prefix(err, "cannot read the versions of draft %lld", (long long)id);
    if (rc) json_decref(list);
    else *out = list;
    return rc;
}

void ward_draft_versions_diff(json_t *versions)
{
    for (size_t i = 1; i < json_array_size(versions); i++) {
        json_t *a = json_array_get(versions, i - 1), *b = json_array_get(versions, i);
        char la[32], lb[32];
        snprintf(la, sizeof la, "version %lld", json_integer_value(json_object_get(a, "version")));
        snprintf(lb, sizeof lb, "version %lld", json_integer_value(json_object_get(b, "version")));
        char *d = orch_diff(json_string_value(json_object_get(a, "text")), json_string_value(json_object_get(b, "text")),
                            la, lb);
        json_object_set_new(b, "diff", json_string(d));
        free(d);
    }
}

int ward_draft_review(ward_store *st, int64_t id, const char *status, const char *reviewer,
                      const char *final_text, ward_err *err)
{
    if (strcmp(status, "approved") && strcmp(status, "rejected") && strcmp(status, "edited"))
        return ward_err_set(err, WARD_EUSAGE, "review status is approved, rejected or edited");
    int version;
    if (!strcmp(status, "edited")) return ward_draft_edit(st, id, reviewer, final_text, 0, &version, err);
    int changed;
    int rc = ward_store_draft_set_review(st, id, status, reviewer, final_text, &changed, err);
    if (rc) ward_err_prefix(err, "cannot update the draft");
    if (rc || changed) return rc;
    json_t *d;
    if ((rc = ward_draft_get(st, id, &d, err))) return rc;
    const char *cur = json_string_value(json_object_get(d, "status"));
    rc = ward_err_set(err, WARD_EINPUT, "draft %lld was already reviewed (status %s)", (long long)id, cur ? cur : "?");
    json_decref(d);
    return rc;
}
