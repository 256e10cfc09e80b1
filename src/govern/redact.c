/* redact.c — de-identified views for principals that may read only
 * de-identified data (researchers, and the CLI narrowed by WARD_ROLE).
 *
 * Ideas a reader needs:
 *  - Free text goes through the funnel's de-identifier (redact mode, the
 *    same code that writes chunks' deid_text), names and MRN fields are
 *    dropped, dates keep only their year, document titles are withheld.
 *  - A patient id can itself be an identifier (HL7 ids are MRNs), so it is
 *    replaced by a pseudonym: "anon-" + a keyed hash of the id (key:
 *    DATA/auth.key). It is stable, so a researcher can follow one patient
 *    across answers, and resolvable only by scanning the store's ids.
 */
#include "govern_int.h"
#include "ward/funnel.h"
#include "ward/retrieve.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int ward_pseudonym(ward_store *st, const char *patient_id, char out[24], ward_err *err)
{
    unsigned char key[GOV_KEY_BYTES];
    int rc = gov_key(ward_store_dir(st), "auth.key", 1, key, err);
    if (rc) return rc;
    char mac[65];
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "pseudonym\x1f%s", patient_id);
    gov_mac_hex(key, b.data, b.len, mac);
    ward_buf_free(&b);
    snprintf(out, 24, "anon-%.16s", mac);
    return WARD_OK;
}

int ward_pseudonym_resolve(ward_store *st, const char *pseudonym, char **id, ward_err *err)
{
    *id = NULL;
    if (!ward_str_startswith(pseudonym, "anon-"))
        return ward_err_set(err, WARD_ENOTFOUND, "no patient with that pseudonym (see ward patients)");
    json_t *list;
    int rc = ward_patients_json(st, NULL, 0, 1, &list, err);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        const char *pid = json_string_value(json_object_get(p, "id"));
        char ps[24];
        if (!rc && pid && !(rc = ward_pseudonym(st, pid, ps, err)) && !strcmp(ps, pseudonym)) {
            *id = ward_xstrdup(pid);
            break;
        }
    }
    json_decref(list);
    if (!rc && !*id) rc = ward_err_set(err, WARD_ENOTFOUND, "no patient with that pseudonym (see ward patients)");
    return rc;
}

/* The identifiers the store knows for one patient: name (and its words),
 * MRN, birth date, the id itself. The de-identifier finds identifiers by
 * their shape and context; these are caught whatever their context. */
typedef struct known {
    char pid[128];
    char *v[16];
    const char *tag[16];
    int n;
} known;

static void known_add(known *k, const char *v, const char *tag)
{
    if (v && strlen(v) >= 3 && k->n < 16) k->tag[k->n] = tag, k->v[k->n++] = ward_xstrdup(v);
}

static void known_free(known *k)
{
    for (int i = 0; i < k->n; i++) free(k->v[i]);
    k->n = 0, k->pid[0] = 0;
}

static int known_load(ward_store *st, const char *pid, known *k, ward_err *err)
{
    if (!pid || !*pid || !strcmp(k->pid, pid)) return WARD_OK;
    known_free(k);
    snprintf(k->pid, sizeof k->pid, "%s", pid);
    json_t *c;
    int rc = ward_chart_json(st, pid, &c, err);
    if (rc == WARD_ENOTFOUND) return WARD_OK;
    if (rc) return rc;
    const char *name = json_string_value(json_object_get(c, "name"));
    known_add(k, name, "[NAME]");
    for (const char *w = name; w && *w;) {
        size_t n = strcspn(w, " ,.");
        if (n >= 3 && n < 64) {
            char word[64];
            memcpy(word, w, n), word[n] = 0;
            known_add(k, word, "[NAME]");
        }
        w += n + (w[n] != 0);
    }
    known_add(k, json_string_value(json_object_get(c, "mrn")), "[ID]");
    known_add(k, json_string_value(json_object_get(c, "birth_date")), "[DATE]");
    known_add(k, pid, "[ID]");
    json_decref(c);
    return WARD_OK;
}

/* Replaces every case-insensitive occurrence of k's identifiers in *text. */
static void known_scrub(const known *k, char **text)
{
    for (int i = 0; i < k->n; i++) {
        const char *hit = ward_str_casestr(*text, k->v[i]);
        if (!hit) continue;
        ward_buf b;
        ward_buf_init(&b);
        const char *p = *text;
        size_t n = strlen(k->v[i]);
        for (; hit; p = hit + n, hit = ward_str_casestr(p, k->v[i])) {
            ward_buf_append(&b, p, (size_t)(hit - p));
            ward_buf_puts(&b, k->tag[i]);
        }
        ward_buf_puts(&b, p);
        free(*text);
        *text = ward_buf_steal(&b);
    }
}

/* De-identified copy of text (malloc'd). */
static int deid(ward_store *st, known *k, const char *text, const char *patient_id, char **out, ward_err *err)
{
    ward_deid_params dp = ward_deid_default_params();
    dp.patient_id = patient_id;
    ward_deid_result r;
    int rc = ward_funnel_deid(text, strlen(text), &dp, &r, err);
    *out = rc ? NULL : ward_xstrdup(r.text);
    ward_deid_result_free(&r);
    if (!rc) rc = known_load(st, patient_id, k, err);
    if (!rc) known_scrub(k, out);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* Replaces string field key of o by its de-identified text. */
static int deid_field(ward_store *st, known *k, json_t *o, const char *key, const char *patient_id, ward_err *err)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (!v) return WARD_OK;
    char *d;
    int rc = deid(st, k, v, patient_id, &d, err);
    if (!rc) json_object_set_new(o, key, json_string(d));
    free(d);
    return rc;
}

/* Keeps only the year of a date field. */
static void year_only(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (v && strlen(v) > 4) json_object_set_new(o, key, json_stringn(v, 4));
}

static int pseudonymize(ward_store *st, json_t *o, const char *key, ward_err *err)
{
    const char *v = json_string_value(json_object_get(o, key));
    char ps[24];
    if (!v || !*v) return WARD_OK;
    int rc = ward_pseudonym(st, v, ps, err);
    if (!rc) json_object_set_new(o, key, json_string(ps));
    return rc;
}

int ward_redact_patient_json(ward_store *st, json_t *p, ward_err *err)
{
    known k = {0};
    char *id = ward_xstrdup(json_string_value(json_object_get(p, "id")) ? json_string_value(json_object_get(p, "id")) : "");
    int rc = pseudonymize(st, p, "id", err);
    json_object_del(p, "name");
    json_object_del(p, "mrn");
    const char *born = json_string_value(json_object_get(p, "birth_date"));
    if (born) json_object_set_new(p, "birth_year", json_stringn(born, strlen(born) < 4 ? strlen(born) : 4));
    json_object_del(p, "birth_date");
    if (json_is_string(json_object_get(p, "deceased_date"))) json_object_set_new(p, "deceased", json_true());
    json_object_del(p, "deceased_date");
    for (int i = 0; !rc && ward_chart_sections[i]; i++) {
        json_t *items = json_object_get(p, ward_chart_sections[i]), *it;
        size_t j;
        int is_doc = !strcmp(ward_chart_sections[i], "documents");
        json_array_foreach(items, j, it) {
            year_only(it, "date");
            json_object_del(it, "sources");  /* record and document ids lead to identified text */
            json_object_del(it, "document");
            if (is_doc) json_object_set_new(it, "text", json_string("(document title withheld)"));
            else if ((rc = deid_field(st, &k, it, "text", id, err))) break;
        }
    }
    free(id);
    known_free(&k);
    return rc;
}

static int deid_str(ward_store *st, known *k, char **s, const char *patient_id, ward_err *err)
{
    if (!*s) return WARD_OK;
    char *d;
    int rc = deid(st, k, *s, patient_id, &d, err);
    if (!rc) {
        free(*s);
        *s = d;
    }
    return rc;
}

/* The first ~200 bytes of text, cut at a space, with "..." when cut. */
static char *snippet_of(const char *text)
{
    size_t n = strlen(text);
    if (n <= 200) return ward_xstrdup(text);
    size_t cut = 200;
    while (cut > 100 && text[cut] != ' ') cut--;
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_append(&b, text, cut);
    ward_buf_puts(&b, "...");
    return ward_buf_steal(&b);
}

int ward_redact_hits(ward_store *st, ward_hits *hits, ward_err *err)
{
    known k = {0};
    int rc = WARD_OK;
    for (size_t i = 0; i < hits->n && !rc; i++) {
        ward_hit *h = &hits->v[i];
        /* The snippet is cut from the text, and cut text loses the context
         * the de-identifier needs ("Ms. X" without "Ms."), so the snippet
         * becomes the start of the de-identified whole text. */
        rc = deid_str(st, &k, &h->text, h->patient_id, err);
        if (!rc && h->snippet) {
            free(h->snippet);
            h->snippet = snippet_of(h->text ? h->text : "");
        }
        free(h->title);
        h->title = NULL;
        if (h->date && strlen(h->date) > 4) h->date[4] = 0;
        char ps[24];
        if (!rc && h->patient_id && *h->patient_id && !(rc = ward_pseudonym(st, h->patient_id, ps, err))) {
            free(h->patient_id);
            h->patient_id = ward_xstrdup(ps);
        }
    }
    known_free(&k);
    return rc;
}

int ward_redact_draft_json(ward_store *st, json_t *d, ward_err *err)
{
    known k = {0};
    char *pid = ward_xstrdup(json_string_value(json_object_get(d, "patient_id")) ?: "");
    int rc = deid_field(st, &k, d, "output", pid, err);
    if (!rc) rc = deid_field(st, &k, d, "final_text", pid, err);
    if (!rc) rc = deid_field(st, &k, d, "first_line", pid, err);
    json_object_del(d, "inputs"); /* the question or transcript as given */
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(d, "citations"), i, c) {
        if (rc) break;
        json_object_del(c, "title");
        if (!(rc = deid_field(st, &k, c, "quote", pid, err))) rc = deid_field(st, &k, c, "text", pid, err);
        year_only(c, "date");
    }
    if (!rc) rc = pseudonymize(st, d, "patient_id", err);
    free(pid);
    known_free(&k);
    return rc;
}

int ward_redact_versions_json(ward_store *st, const char *patient_id, json_t *versions, ward_err *err)
{
    known k = {0};
    int rc = WARD_OK;
    size_t i;
    json_t *v;
    json_array_foreach(versions, i, v) {
        if (rc) break;
        rc = deid_field(st, &k, v, "text", patient_id ? patient_id : "", err);
        year_only(v, "created_at");
        json_object_del(v, "diff"); /* made from the clear texts: diff again after redaction */
    }
    known_free(&k);
    return rc;
}
