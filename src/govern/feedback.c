/* feedback.c — `ward feedback export`: reviewed drafts as training data a
 * site can fine-tune its own model on, with no PHI in it.
 *
 * Ideas a reader needs:
 *  - An approved draft is a supervised example (evidence -> final text);
 *    an edited one is that and a preference pair: the clinician's final
 *    text chosen over the draft. Rejected drafts carry no final text and
 *    are left out.
 *  - Every text (the draft, the final text, each cited quote) goes through
 *    the de-identifier (redact), and then the patient's own identifiers as
 *    the store knows them (name words, MRN, birth date) are replaced too,
 *    in case the de-identifier missed one in an odd context.
 *  - Nothing that names a patient or a reviewer is written: no patient id,
 *    no reviewer, no dates of the draft; the draft id stays for tracing.
 */
#define _GNU_SOURCE     /* strcasestr */
#include "ward/funnel.h"
#include "ward/oversight.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct known {
    char *words[8];          /* name words, MRN, birth date: replaced wherever they appear */
    size_t n;
} known;

static int read_known(void *ud, const ward_patient *p, int64_t docs, int64_t res)
{
    known *k = ud;
    (void)docs, (void)res;
    char *name = ward_xstrdup(p->name ? p->name : "");
    for (char *t = strtok(name, " ,.'-"); t && k->n < 6; t = strtok(NULL, " ,.'-"))
        if (strlen(t) >= 2) k->words[k->n++] = ward_xstrdup(t);
    free(name);
    if (p->mrn && *p->mrn) k->words[k->n++] = ward_xstrdup(p->mrn);
    if (p->birth_date && *p->birth_date) k->words[k->n++] = ward_xstrdup(p->birth_date);
    return 1;
}

static void known_free(known *k)
{
    for (size_t i = 0; i < k->n; i++) free(k->words[i]);
    k->n = 0;
}

/* Replaces whole-word occurrences of k's words (any case) with [REDACTED]. */
static char *scrub_known(char *s, const known *k)
{
    for (size_t i = 0; i < k->n; i++) {
        size_t wl = strlen(k->words[i]);
        ward_buf b;
        ward_buf_init(&b);
        const char *p = s, *hit;
        while ((hit = strcasestr(p, k->words[i]))) {
            int whole = (hit == s || !isalnum((unsigned char)hit[-1])) && !isalnum((unsigned char)hit[wl]);
            ward_buf_append(&b, p, (size_t)(hit - p));
            if (whole) ward_buf_puts(&b, "[REDACTED]");
            else ward_buf_append(&b, hit, wl);
            p = hit + wl;
        }
        ward_buf_puts(&b, p);
        free(s);
        s = ward_buf_steal(&b);
        if (!s) s = ward_xstrdup("");
    }
    return s;
}

/* The de-identified text, or NULL when it cannot be (it is then left out). */
static char *clean(const char *text, const known *k)
{
    if (!text) return NULL;
    ward_deid_result r;
    ward_err err = {0};
    char *out = NULL;
    if (!ward_funnel_deid(text, strlen(text), NULL, &r, &err)) out = scrub_known(ward_xstrdup(r.text), k);
    ward_deid_result_free(&r);
    return out;
}

typedef struct exp {
    ward_store *st;
    FILE *f;
    ward_feedback_counts *c;
    int failed;
} exp;

static void write_line(exp *e, json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT);
    if (!s || fprintf(e->f, "%s\n", s) < 0) e->failed = 1;
    free(s);
    json_decref(o);
}

static int each(void *ud, const ward_draft_row *d)
{
    exp *e = ud;
    int edited = d->status && !strcmp(d->status, "edited");
    if (!edited && !(d->status && !strcmp(d->status, "approved"))) return 0;
    known k = {0};
    ward_err err = {0};
    if (d->patient_id) ward_store_patients_each(e->st, d->patient_id, read_known, &k, &err);
    char *draft = clean(d->output, &k), *final = clean(d->final_text ? d->final_text : d->output, &k);
    json_t *ev = json_array(), *cites = d->citations ? json_loads(d->citations, 0, NULL) : NULL, *c;
    size_t i;
    json_array_foreach(cites, i, c) {
        char *q = clean(json_string_value(json_object_get(c, "quote")), &k);
        if (q) json_array_append_new(ev, json_string(q));
        free(q);
    }
    json_decref(cites);
    known_free(&k);
    if (draft && final) {
        e->c->drafts++;
        write_line(e, json_pack("{s:s, s:I, s:s, s:O, s:s, s:s, s:s}", "type", "supervised", "draft_id",
                                (json_int_t)d->id, "task", d->task ? d->task : "", "evidence", ev, "draft", draft,
                                "final", final, "review", edited ? "edited" : "approved"));
        e->c->supervised++;
        if (edited) {
            write_line(e, json_pack("{s:s, s:I, s:s, s:O, s:s, s:s}", "type", "preference", "draft_id",
                                    (json_int_t)d->id, "task", d->task ? d->task : "", "evidence", ev, "chosen", final,
                                    "rejected", draft));
            e->c->preference++;
        }
    }
    json_decref(ev);
    free(draft), free(final);
    return e->failed;
}

int ward_feedback_export(ward_store *st, FILE *f, ward_feedback_counts *counts, ward_err *err)
{
    ward_feedback_counts local;
    if (!counts) counts = &local;
    memset(counts, 0, sizeof *counts);
    exp e = {st, f, counts, 0};
    int rc = ward_store_drafts_each(st, NULL, NULL, NULL, INT_MAX, each, &e, err);
    if (!rc && e.failed) rc = ward_err_set(err, WARD_EIO, "cannot write the feedback export");
    return rc;
}
