/* eval_concepts.c — assertion accuracy, negation F1, medication-attribute
 * F1 and vitals/labs value+unit F1 against ground truth (see
 * include/ward/assess.h).
 *
 * Ideas a reader needs:
 *  - A truth concept is matched to a found concept of the same type whose
 *    span overlaps it (each found concept used once).
 *  - Assertions are scored on every truth concept: the matched concept's
 *    assertion, or, when extraction missed it, ConText on the truth span,
 *    so assertion scores measure ConText and not the lexicon's coverage.
 *  - Medication attributes: each attribute either side gives counts; equal
 *    after normalization is a true positive, a wrong value is a false
 *    positive and a false negative. Unmatched truth medications count all
 *    their attributes as missed; found medications nobody wrote, as false.
 *  - A vital or lab is right when name, value and unit all agree.
 */
#include "ward/assess.h"
#include "ward/assess.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

double ward_eval_f1(long tp, long fp, long fn)
{
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : (fp || fn ? 0.0 : 1.0);
}

double ward_concept_scores_accuracy(const ward_concept_scores *s)
{
    return s->assert_total ? (double)s->assert_correct / s->assert_total : 1.0;
}

static void missf(ward_eval_miss_fn miss, void *ud, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void missf(ward_eval_miss_fn miss, void *ud, const char *fmt, ...)
{
    if (!miss) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    miss(ud, buf);
}

static void score_assertion(ward_concept_scores *s, const char *truth, ward_assertion got, int negated)
{
    int t = ward_assertion_parse(truth ? truth : "present");
    if (t < 0) t = WARD_ASSERT_PRESENT;
    s->assert_total++;
    s->assert_correct += t == (int)got;
    int tp = t != WARD_ASSERT_PRESENT && t == (int)got;
    s->assert_tp += tp;
    s->assert_fp += got != WARD_ASSERT_PRESENT && !tp;
    s->assert_fn += t != WARD_ASSERT_PRESENT && !tp;
    int tn = t == WARD_ASSERT_NEGATED, pn = negated || got == WARD_ASSERT_NEGATED;
    s->neg_tp += tn && pn;
    s->neg_fp += !tn && pn;
    s->neg_fn += tn && !pn;
}

/* ---- normalizing values from either side ---- */

/* A JSON value as text: numbers with %g, strings as they are, null/false as "". */
static void value_text(json_t *v, char *out, size_t cap)
{
    out[0] = 0;
    if (json_is_integer(v)) snprintf(out, cap, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) snprintf(out, cap, "%g", json_real_value(v));
    else if (json_is_string(v)) snprintf(out, cap, "%s", json_string_value(v));
    else if (json_is_true(v)) snprintf(out, cap, "true");
}

/* Numbers compare by value ("500" = "500.0"); text after normalization. */
static void canon(ward_extractor *ex, const char *field, const char *in, char *out, size_t cap)
{
    char *end;
    double d = strtod(in, &end);
    if (*in && !*end) {
        snprintf(out, cap, "%g", d);
        return;
    }
    if (!strcmp(field, "dose") || !strcmp(field, "duration")) {
        /* "2 tabs" = "2 tablet"; "x 10 days" = "10 day" */
        const char *p = in;
        while (*p && !(*p >= '0' && *p <= '9')) p++;
        char num[16] = "";
        size_t k = 0;
        while (*p && *p != ' ' && k + 1 < sizeof num && !(*p >= 'a' && *p <= 'z')) num[k++] = *p++;
        num[k] = 0;
        while (*p == ' ') p++;
        char rest[48];
        if (!strcmp(field, "dose")) ward_extractor_normalize(ex, "form", p, rest, sizeof rest);
        else snprintf(rest, sizeof rest, "%c", (*p | 32));
        snprintf(out, cap, "%s %s", num, rest);
        return;
    }
    char buf[128];
    if (!strcmp(field, "frequency")) {   /* "every 6 hours as needed": PRN is its own attribute */
        snprintf(buf, sizeof buf, "%s", in);
        static const char *const tails[] = {" as needed", " prn", " p.r.n."};
        for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
            if (ward_str_endswith(buf, tails[i])) buf[strlen(buf) - strlen(tails[i])] = 0;
        in = buf;
    }
    static const struct { const char *field, *kind; } kinds[] = {
        {"unit", "unit"}, {"route", "route"}, {"frequency", "freq"}, {"flag", "flag"}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(field, kinds[i].field)) {
            ward_extractor_normalize(ex, kinds[i].kind, in, out, cap);
            return;
        }
    ward_extractor_normalize(ex, field, in, out, cap);
}

static void norm_field(ward_extractor *ex, json_t *norm, const char *field, const char *kind, char *out, size_t cap)
{
    char raw[128];
    value_text(json_object_get(norm, field), raw, sizeof raw);
    if (*raw) canon(ex, kind, raw, out, cap);
    else out[0] = 0;
}

/* ---- matching ---- */

static int type_of(const char *name)
{
    for (int t = 0; t <= WARD_CONCEPT_ALLERGY; t++)
        if (name && !strcmp(name, ward_concept_type_name((ward_concept_type)t))) return t;
    return -1;
}

static const char *const med_fields[] = {"name", "strength", "unit", "dose", "route", "frequency", "prn", "duration"};

static void score_medication(ward_extractor *ex, json_t *truth_norm, json_t *found_norm, ward_concept_scores *s,
                             ward_eval_miss_fn miss, void *ud, const char *text)
{
    for (size_t i = 0; i < sizeof med_fields / sizeof *med_fields; i++) {
        const char *f = med_fields[i];
        const char *kind = !strcmp(f, "name") ? "medication" : f;
        char t[128] = "", g[128] = "";
        if (truth_norm) norm_field(ex, truth_norm, f, kind, t, sizeof t);
        if (found_norm) norm_field(ex, found_norm, f, kind, g, sizeof g);
        if (!*t && !*g) continue;
        if (*t && !strcmp(t, g)) {
            s->med_tp++;
            continue;
        }
        if (*g) s->med_fp++;
        if (*t) s->med_fn++;
        missf(miss, ud, "medication %s: want '%s' got '%s' in: %.80s", f, t, g, text);
    }
}

/* 1 when a vital/lab agrees on name, value(s) and unit. */
static int measure_equal(ward_extractor *ex, int type, json_t *a, json_t *b, char *why, size_t cap)
{
    const char *kind = type == WARD_CONCEPT_VITAL ? "vital" : "lab";
    static const char *const fields[] = {"name", "value", "systolic", "diastolic", "unit"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char x[128], y[128];
        const char *k = i == 0 ? kind : fields[i];
        norm_field(ex, a, fields[i], k, x, sizeof x);
        norm_field(ex, b, fields[i], k, y, sizeof y);
        if (strcmp(x, y)) {
            snprintf(why, cap, "%s: want '%s' got '%s'", fields[i], x, y);
            return 0;
        }
    }
    return 1;
}

/* Truth span of a concept: offsets, or the first occurrence of its text. */
static int truth_span(json_t *c, const char *text, size_t *a, size_t *b)
{
    json_t *js = json_object_get(c, "start"), *je = json_object_get(c, "end");
    if (json_is_integer(js) && json_is_integer(je)) {
        *a = (size_t)json_integer_value(js);
        *b = (size_t)json_integer_value(je);
        return 1;
    }
    const char *t = json_string_value(json_object_get(c, "text"));
    const char *p = t && *t ? strstr(text, t) : NULL;
    if (!p) return 0;
    *a = (size_t)(p - text);
    *b = *a + strlen(t);
    return 1;
}

void ward_eval_concepts_text(ward_extractor *ex, const char *text, size_t len, json_t *truth, unsigned types_mask,
                    ward_concept_scores *s, ward_eval_miss_fn miss, void *ud)
{
    ward_extraction x = {0};
    ward_extract(ex, text, len, &x);
    char *used = ward_xcalloc(x.nconcepts + 1, 1);
    ward_buf nb;
    ward_buf_init(&nb);
    size_t i;
    json_t *c;
    json_array_foreach(truth, i, c) {
        int type = type_of(json_string_value(json_object_get(c, "type")));
        size_t a, b;
        if (type < 0 || !(types_mask & (1u << type)) || !truth_span(c, text, &a, &b) || b > len || a >= b) continue;
        s->truth_concepts++;
        const ward_found *f = NULL;
        for (size_t k = 0; k < x.nconcepts && !f; k++)
            if (!used[k] && (int)x.concepts[k].type == type && x.concepts[k].start < b && a < x.concepts[k].end) {
                used[k] = 1;
                f = &x.concepts[k];
            }
        s->matched_concepts += f != NULL;
        json_t *found_norm = NULL;
        if (f) {
            ward_buf_reset(&nb);
            ward_found_norm_json(f, &nb);
            found_norm = json_loads(nb.data, 0, NULL);
        }
        int negated;
        ward_assertion got = f ? f->assertion : ward_extract_assert_span(ex, text, len, &x, a, b, &negated);
        if (f) negated = f->negated;
        const char *want = json_string_value(json_object_get(c, "assertion"));
        score_assertion(s, want, got, negated);
        if (want && strcmp(want, ward_assertion_name(got)))
            missf(miss, ud, "assertion: want %s got %s for '%.*s' in: %.80s", want, ward_assertion_name(got),
                  (int)(b - a), text + a, text);
        json_t *norm = json_object_get(c, "norm");
        if (type == WARD_CONCEPT_MEDICATION && norm) {
            score_medication(ex, norm, found_norm, s, miss, ud, text);
        } else if ((type == WARD_CONCEPT_VITAL || type == WARD_CONCEPT_LAB) && norm) {
            char why[300] = "not found";
            if (found_norm && measure_equal(ex, type, norm, found_norm, why, sizeof why)) s->meas_tp++;
            else {
                s->meas_fn++;
                if (found_norm) s->meas_fp++;
                missf(miss, ud, "%s %s in: %.80s", ward_concept_type_name((ward_concept_type)type), why, text);
            }
        }
        json_decref(found_norm);
    }
    /* found concepts no truth concept claimed */
    for (size_t k = 0; k < x.nconcepts; k++) {
        const ward_found *f = &x.concepts[k];
        if (!(types_mask & (1u << f->type))) continue;
        s->found_concepts++;
        if (used[k]) continue;
        if (f->type == WARD_CONCEPT_MEDICATION) {
            ward_buf_reset(&nb);
            ward_found_norm_json(f, &nb);
            json_t *fn = json_loads(nb.data, 0, NULL);
            score_medication(ex, NULL, fn, s, miss, ud, text);
            json_decref(fn);
        } else if (f->type == WARD_CONCEPT_VITAL || f->type == WARD_CONCEPT_LAB) {
            s->meas_fp++;
            missf(miss, ud, "extra %s '%.*s' in: %.80s", ward_concept_type_name(f->type), (int)(f->end - f->start),
                  text + f->start, text);
        }
    }
    ward_buf_free(&nb);
    free(used);
    ward_extraction_free(&x);
}

/* ---- inputs ---- */

typedef int (*line_fn)(ward_extractor *ex, json_t *obj, ward_concept_scores *s, ward_eval_miss_fn miss, void *ud);

static int each_jsonl(const char *path, ward_extractor *ex, line_fn fn, ward_concept_scores *s,
                      ward_eval_miss_fn miss, void *ud, ward_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) return ward_err_set(err, WARD_EINPUT, "%s: cannot open", path);
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    int rc = WARD_OK;
    while (!rc && getline(&line, &cap, f) >= 0) {
        n++;
        if (line[0] == '\n' || line[0] == '#') continue;
        json_t *o = json_loads(line, 0, NULL);
        if (!json_is_object(o)) rc = ward_err_set(err, WARD_EINPUT, "%s: line %ld: not a JSON object", path, n);
        else rc = fn(ex, o, s, miss, ud);
        json_decref(o);
    }
    free(line);
    fclose(f);
    return rc;
}

static int assertion_line(ward_extractor *ex, json_t *o, ward_concept_scores *s, ward_eval_miss_fn miss, void *ud)
{
    const char *text = json_string_value(json_object_get(o, "text"));
    const char *target = json_string_value(json_object_get(o, "target"));
    const char *p = text && target && *target ? ward_str_casestr(text, target) : NULL;
    if (!p) return WARD_OK;
    ward_extraction x = {0};
    x.nsentences = 0;   /* the whole text is the sentence */
    int negated;
    ward_assertion got = ward_extract_assert_span(ex, text, strlen(text), &x, (size_t)(p - text), (size_t)(p - text) + strlen(target), &negated);
    const char *want = json_string_value(json_object_get(o, "assertion"));
    score_assertion(s, want, got, negated);
    if (want && strcmp(want, ward_assertion_name(got)))
        missf(miss, ud, "assertion: want %s got %s for '%s' in: %s", want, ward_assertion_name(got), target, text);
    return WARD_OK;
}

static int extract_line(ward_extractor *ex, json_t *o, ward_concept_scores *s, ward_eval_miss_fn miss, void *ud)
{
    const char *text = json_string_value(json_object_get(o, "text"));
    if (!text) return WARD_OK;
    unsigned mask = 1u << WARD_CONCEPT_MEDICATION | 1u << WARD_CONCEPT_VITAL | 1u << WARD_CONCEPT_LAB;
    ward_eval_concepts_text(ex, text, strlen(text), json_object_get(o, "concepts"), mask, s, miss, ud);
    return WARD_OK;
}

int ward_eval_concepts_tricky(ward_extractor *ex, const char *dir, ward_concept_scores *s, ward_eval_miss_fn miss,
                     void *ud, ward_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/assertions.jsonl", dir);
    int rc = each_jsonl(path, ex, assertion_line, s, miss, ud, err);
    snprintf(path, sizeof path, "%s/extract.jsonl", dir);
    if (!rc) rc = each_jsonl(path, ex, extract_line, s, miss, ud, err);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int ward_eval_concepts_cohort(ward_extractor *ex, const char *dir, ward_concept_scores *s, ward_eval_miss_fn miss,
                     void *ud, ward_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/notes", dir);
    DIR *d = opendir(path);
    if (!d) return ward_err_set(err, WARD_EINPUT, "%s: cannot read the cohort's notes directory", path);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (ward_str_endswith(e->d_name, ".txt")) {
            names = ward_xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = ward_xstrdup(e->d_name);
        }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    int rc = WARD_OK;
    for (size_t i = 0; i < n; i++) {
        char *data = NULL, *truth = NULL;
        size_t len, tlen;
        snprintf(path, sizeof path, "%s/notes/%s", dir, names[i]);
        if ((rc = ward_read_file(path, 0, &data, &len, err))) break;
        snprintf(path, sizeof path, "%s/notes/%.*s.truth.json", dir, (int)(strlen(names[i]) - 4), names[i]);
        if (ward_read_file(path, 0, &truth, &tlen, NULL)) {   /* a note without truth is not scored */
            free(data);
            continue;
        }
        json_t *t = json_loadb(truth, tlen, 0, NULL);
        if (!json_is_object(t)) rc = ward_err_set(err, WARD_EINPUT, "%s: not a JSON object", path);
        else {
            size_t body = ward_note_body(data, len);
            ward_eval_concepts_text(ex, data + body, len - body, json_object_get(t, "concepts"), ~0u, s, miss, ud);
            s->notes++;
        }
        json_decref(t);
        free(truth);
        free(data);
        if (rc) break;
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

json_t *ward_concept_scores_json(const ward_concept_scores *s)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
        "assertion_accuracy", ward_concept_scores_accuracy(s),
        "assertion_f1", ward_eval_f1(s->assert_tp, s->assert_fp, s->assert_fn),
        "negation_f1", ward_eval_f1(s->neg_tp, s->neg_fp, s->neg_fn),
        "medication_attribute_f1", ward_eval_f1(s->med_tp, s->med_fp, s->med_fn),
        "vitals_labs_value_unit_f1", ward_eval_f1(s->meas_tp, s->meas_fp, s->meas_fn),
        "counts", "notes", (json_int_t)s->notes, "assertions", (json_int_t)s->assert_total,
        "truth_concepts", (json_int_t)s->truth_concepts, "found_concepts", (json_int_t)s->found_concepts,
        "matched_concepts", (json_int_t)s->matched_concepts, "negation_tp", (json_int_t)s->neg_tp,
        "negation_fp", (json_int_t)s->neg_fp, "negation_fn", (json_int_t)s->neg_fn,
        "medication_tp", (json_int_t)s->med_tp, "medication_fp", (json_int_t)s->med_fp,
        "measure_tp", (json_int_t)s->meas_tp, "measure_fp", (json_int_t)s->meas_fp);
}

/* ---- the scorer `ward eval funnel` runs ---- */

typedef struct scorer_state {
    ward_extractor *ex;
    ward_concept_scores s;
} scorer_state;

static void *scorer_init(void)
{
    scorer_state *st = ward_xcalloc(1, sizeof *st);
    ward_extractor_new(NULL, &st->ex, NULL);   /* built-in rules cannot fail */
    return st;
}

static int scorer_note(void *state, const ward_eval_note *n, ward_err *err)
{
    (void)err;
    scorer_state *st = state;
    json_t *concepts = n->truth ? json_object_get(n->truth, "concepts") : NULL;
    if (!st->ex || !json_is_array(concepts)) return WARD_OK;
    ward_eval_concepts_text(st->ex, n->text, n->len, concepts, ~0u, &st->s, NULL, NULL);
    st->s.notes++;
    return WARD_OK;
}

static json_t *scorer_report(void *state) { return ward_concept_scores_json(&((scorer_state *)state)->s); }

static void scorer_print(void *state, FILE *f)
{
    const ward_concept_scores *s = &((scorer_state *)state)->s;
    fprintf(f, "concepts: %ld notes, %ld truth concepts (%ld found, %ld matched)\n", s->notes, s->truth_concepts,
            s->found_concepts, s->matched_concepts);
    fprintf(f, "  assertion accuracy          %.3f\n", ward_concept_scores_accuracy(s));
    fprintf(f, "  assertion F1 (not present)  %.3f\n", ward_eval_f1(s->assert_tp, s->assert_fp, s->assert_fn));
    fprintf(f, "  negation F1                 %.3f\n", ward_eval_f1(s->neg_tp, s->neg_fp, s->neg_fn));
    fprintf(f, "  medication-attribute F1     %.3f\n", ward_eval_f1(s->med_tp, s->med_fp, s->med_fn));
    fprintf(f, "  vitals/labs value+unit F1   %.3f\n", ward_eval_f1(s->meas_tp, s->meas_fp, s->meas_fn));
}

static void scorer_free(void *state)
{
    scorer_state *st = state;
    if (!st) return;
    ward_extractor_free(st->ex);
    free(st);
}

const ward_eval_scorer ward_eval_concepts_scorer = {"concepts", scorer_init, scorer_note, scorer_report,
                                                    scorer_print, scorer_free};
