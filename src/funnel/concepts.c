/* concepts.c — the concept extractor: sections, sentences, and in each
 * sentence the problems, medications, labs, vitals, procedures and
 * allergies with their assertion and normalized attributes.
 *
 * Ideas a reader needs:
 *  - Everything expensive is built once in ward_extractor_new (lexicon
 *    trie, ConText rules); per document the work is one tokenization per
 *    sentence, one trie walk per word, and a ConText scan per sentence that
 *    holds a concept. The token and concept arrays are reused across
 *    sentences and documents.
 *  - At each word the longest lexicon phrase wins (imported vocabularies
 *    included). Drug names start a medication parse (meds.c); vital and lab
 *    names need a value after them to count (measures.c).
 *  - Allergy: a drug or allergen named in the ALLERGIES section, or after an
 *    allergy cue in its sentence ("allergic to"), is an allergy, not a
 *    medication. The FAMILY_HISTORY section makes its concepts family's.
 *  - Assertions come from ConText over the concept's name words, so
 *    attribute words ("prn") never modify their own drug. A measurement
 *    with a value is a fact ("troponin negative" is a result, not a negation).
 */
#include "lexicon_int.h"
#include "funnel_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct ward_extractor {
    funnel_lexicon lx;
    ward_context *cx;
    funnel_toks toks;
};

static const char *type_names[] = {"problem", "medication", "lab", "vital", "procedure", "allergy"};

const char *ward_concept_type_name(ward_concept_type t)
{
    return (unsigned)t < sizeof type_names / sizeof *type_names ? type_names[t] : "problem";
}

ward_extractor_params ward_extractor_default_params(void)
{
    ward_extractor_params p = {0};
    return p;
}

void ward_extractor_site_files(const char *dir, ward_extractor_params *p, char ctx[4096], char lex[4096])
{
    struct stat sb;
    snprintf(ctx, 4096, "%s/context.tsv", dir);
    snprintf(lex, 4096, "%s/lexicon.tsv", dir);
    if (!p->context_rules && stat(ctx, &sb) == 0) p->context_rules = ctx;
    if (!p->lexicon && stat(lex, &sb) == 0) p->lexicon = lex;
}

int ward_extractor_new(const ward_extractor_params *pp, ward_extractor **out, ward_err *err)
{
    ward_extractor_params p = pp ? *pp : ward_extractor_default_params();
    ward_extractor *ex = ward_xcalloc(1, sizeof *ex);
    int rc = lx_init(&ex->lx, p.lexicon, err);
    if (rc) {
        free(ex);
        *out = NULL;
        return rc;
    }
    if ((rc = ward_context_new(p.context_rules, &ex->cx, err))) {
        lx_free(&ex->lx);
        free(ex);
        *out = NULL;
        return rc;
    }
    *out = ex;
    return WARD_OK;
}

void ward_extractor_free(ward_extractor *ex)
{
    if (!ex) return;
    lx_free(&ex->lx);
    ward_context_free(ex->cx);
    funnel_toks_free(&ex->toks);
    free(ex);
}

int ward_extractor_add_vocab(ward_extractor *ex, const char *system, const char *code,
                             const char *description)
{
    return lx_add_vocab(&ex->lx, system, code, description);
}

size_t ward_extractor_vocab_phrases(const ward_extractor *ex) { return ex->lx.nvocab; }

void ward_extraction_free(ward_extraction *x)
{
    free(x->sentences);
    free(x->sections);
    free(x->concepts);
    memset(x, 0, sizeof *x);
}

static ward_found *new_concept(ward_extraction *x)
{
    if (x->nconcepts == x->capconcepts) {
        x->capconcepts = x->capconcepts ? x->capconcepts * 2 : 64;
        x->concepts = ward_xrealloc(x->concepts, x->capconcepts * sizeof *x->concepts);
    }
    ward_found *c = &x->concepts[x->nconcepts];
    memset(c, 0, sizeof *c);
    return c;
}

typedef struct sent_ctx {
    ward_extractor *ex;
    ward_extraction *x;
    size_t base;               /* sentence start in the text */
    size_t index;
    const char *section;
    int allergy_section, family_section;
    const char *text;          /* the sentence's bytes, which ex->toks point into */
    int scanned;               /* ConText has scanned the sentence (context_once) */
} sent_ctx;

/* Tokens of an allergy cue at token k ("penicillin allergy"), or 0. */
static size_t cue_at(const lx_sent *s, size_t k)
{
    const lx_entry *e;
    return k < s->t->n ? lx_match(s->lx, s->t, k, LX_BIT(LX_ALLERGYCUE), &e) : 0;
}

/* Fills c for the lexicon entry e matched at tokens [i, i+len); returns the
 * token after the concept, or i when the match is not a concept here. */
static size_t take(const sent_ctx *sc, const lx_sent *s, size_t i, size_t len, const lx_entry *e,
                   size_t cue, ward_found *c)
{
    const funnel_lexicon *lx = s->lx;
    ward_str_copy(c->name, sizeof c->name, lx_str(lx, e->name));
    c->codes = lx_str(lx, e->value);
    size_t end = i + len;
    switch (e->type) {
    case LX_VITAL:
        c->type = WARD_CONCEPT_VITAL;
        ward_str_copy(c->name, sizeof c->name, lx_str(lx, e->value));
        c->codes = "";
        end = funnel_parse_vital(s, end, c);
        return end == i + len ? i : end;
    case LX_LAB:
        c->type = WARD_CONCEPT_LAB;
        end = funnel_parse_lab(s, end, c);
        /* the conventional unit when none is written (not for counts written per uL) */
        if (!c->unit[0] && c->value[0] >= '0' && c->value[0] <= '9' && atof(c->value) < 1000)
            ward_str_copy(c->unit, sizeof c->unit, lx_str(lx, e->deflt));
        return end == i + len ? i : end;
    case LX_MEDICATION:
    case LX_ALLERGEN: {
        size_t after = cue_at(s, end);
        if (sc->allergy_section || i > cue || after) {
            c->type = WARD_CONCEPT_ALLERGY;
            return end + after;
        }
        if (e->type == LX_ALLERGEN) return i;
        c->type = WARD_CONCEPT_MEDICATION;
        end = funnel_parse_medication(s, end, c);
        if (!c->route[0]) ward_str_copy(c->route, sizeof c->route, lx_str(lx, e->deflt));
        return end;
    }
    case LX_PROCEDURE:
        c->type = WARD_CONCEPT_PROCEDURE;
        return end;
    default:
        c->type = WARD_CONCEPT_PROBLEM;
        return end;
    }
}

/* ConText's scan of the sentence, the first time one of its concepts
 * asks: most sentences hold no concept, and their scan would be wasted
 * (it cost a sixth of extraction). */
static void context_once(sent_ctx *sc)
{
    if (sc->scanned) return;
    funnel_context_scan(sc->ex->cx, sc->text, &sc->ex->toks);
    sc->scanned = 1;
}

/* chronic: a condition that "history of" does not make historical. */
static void assert_concept(sent_ctx *sc, size_t i, size_t len, int chronic, ward_found *c)
{
    ward_context_result r;
    context_once(sc);
    funnel_context_target(sc->ex->cx, i, i + len, &r);
    int measured = (c->type == WARD_CONCEPT_LAB || c->type == WARD_CONCEPT_VITAL) && c->value[0];
    if (measured) r.negated = 0;
    /* a measurement is the patient's even when an unrecognized header left it under FAMILY HISTORY */
    if (sc->family_section && !measured) r.family = 1;
    if (chronic) r.history = 0;
    c->negated = r.negated;
    c->other = r.family || r.other;
    c->assertion = ward_context_strongest(&r);
}

static void extract_sentence(sent_ctx *sc, const char *text, size_t a, size_t b)
{
    ward_extractor *ex = sc->ex;
    funnel_tokenize(text + a, b - a, &ex->toks);
    const funnel_toks *t = &ex->toks;
    if (!t->n) return;
    sc->text = text + a;
    lx_sent s = {&ex->lx, text + a, t};
    size_t cue = sc->allergy_section ? 0 : t->n;   /* first allergy cue seen so far */
    for (size_t i = 0; i < t->n;) {
        const lx_entry *e;
        size_t len = t->v[i].kind == WARD_TOK_PUNCT || !lx_may_begin(&ex->lx, &t->v[i])
                   ? 0 : lx_match(&ex->lx, t, i, LX_CONCEPTS | LX_BIT(LX_ALLERGYCUE), &e);
        if (len && e->type == LX_ALLERGYCUE) {
            if (cue == t->n) cue = i;
            i += len;
            continue;
        }
        if (!len) {
            i++;
            continue;
        }
        ward_found *c = new_concept(sc->x);
        size_t end = take(sc, &s, i, len, e, cue, c);
        if (end == i) {
            i++;
            continue;
        }
        c->start = a + t->v[i].start;
        c->end = a + t->v[end - 1].end;
        c->sentence = sc->index;
        ward_str_copy(c->section, sizeof c->section, sc->section);
        assert_concept(sc, i, len, e->type == LX_PROBLEM && strcmp(lx_str(&ex->lx, e->deflt), "acute"), c);
        sc->x->nconcepts++;
        i = end;
    }
}

void ward_extract(ward_extractor *ex, const char *text, size_t len, ward_extraction *x)
{
    free(x->sentences);
    free(x->sections);
    x->sentences = NULL;
    x->sections = NULL;
    x->nconcepts = 0;
    x->nsections = ward_funnel_sections(text, len, &x->sections);
    x->nsentences = funnel_sentences_in(text, len, x->sections, x->nsections, &x->sentences);   /* headers found once */
    size_t sec = 0;
    const ward_section *named = NULL;   /* the section allergy and family were read from */
    int allergy = 0, family = 0;
    for (size_t i = 0; i < x->nsentences; i++) {
        ward_span sp = x->sentences[i];
        while (sec + 1 < x->nsections && x->sections[sec + 1].head_start <= sp.start) sec++;
        const ward_section *s = x->nsections && x->sections[sec].head_start <= sp.start ? &x->sections[sec] : NULL;
        if (s && sp.start >= s->head_start && sp.end <= s->head_end && s->head_end > s->head_start)
            continue;   /* the header line itself */
        if (s != named) {   /* read once a section, not once a sentence */
            named = s;
            allergy = s && strstr(s->name, "ALLERG") != NULL;
            family = s && strstr(s->name, "FAMILY") != NULL;
        }
        sent_ctx sc = {.ex = ex, .x = x, .base = sp.start, .index = i, .section = s ? s->name : "",
                       .allergy_section = allergy, .family_section = family};
        extract_sentence(&sc, text, sp.start, sp.end);
    }
}

/* ---- output ---- */

/* num_or_str's value of s: 1 an integer (*i), 2 a real (*r), 0 a string.
 * A value out of json_int_t's range (or not finite) is a real: converting
 * it to an integer is undefined. */
static int number_kind(const char *s, json_int_t *i, double *r)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || end == s) return 0;
    if (isfinite(v) && v >= -0x1p63 && v < 0x1p63 && v == (double)(json_int_t)v && !strchr(s, '.')) {
        *i = (json_int_t)v;
        return 1;
    }
    *r = v;
    return 2;
}

/* A JSON number when s is one ("500", "98.6"), else a string. */
static json_t *num_or_str(const char *s)
{
    json_int_t i;
    double r;
    switch (number_kind(s, &i, &r)) {
    case 1: return json_integer(i);
    case 2: return json_real(r);
    default: return json_string(s);
    }
}

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, *v ? json_string(v) : json_null());
}

/* The normalized attributes as a jansson tree, dumped: the reference for
 * norm_fast, and the way for values it does not write. */
static void norm_jansson(const ward_found *c, ward_buf *b)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(c->name));
    switch (c->type) {
    case WARD_CONCEPT_MEDICATION:
        json_object_set_new(o, "strength", *c->strength ? num_or_str(c->strength) : json_null());
        set_str(o, "unit", c->unit);
        set_str(o, "dose", c->dose);
        set_str(o, "route", c->route);
        set_str(o, "frequency", c->freq);
        json_object_set_new(o, "prn", json_boolean(c->prn));
        set_str(o, "duration", c->duration);
        break;
    case WARD_CONCEPT_VITAL:
        if (!strcmp(c->name, "bp")) {
            json_object_set_new(o, "systolic", num_or_str(c->value));
            json_object_set_new(o, "diastolic", num_or_str(c->value2));
        } else {
            json_object_set_new(o, "value", num_or_str(c->value));
        }
        set_str(o, "unit", c->unit);
        break;
    case WARD_CONCEPT_LAB:
        json_object_set_new(o, "value", num_or_str(c->value));
        set_str(o, "unit", c->unit);
        set_str(o, "flag", c->flag);
        break;
    default:
        break;
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    if (s) ward_buf_puts(b, s);
    free(s);
    json_decref(o);
}

/* ---- the same JSON written straight into the buffer: building and
 * dumping a jansson tree per concept cost about 3% of a notes ingest.
 * Byte for byte jansson's output (compact, keys in insertion order,
 * integers as %lld, reals funnel_json_real), for the values it writes
 * exactly so: text that is UTF-8 without control characters (jansson
 * escapes those its own way, and leaves out a value that is not UTF-8),
 * and finite numbers. Anything else goes to norm_jansson. ---- */

/* Whether jansson would write s as this file's writer does. */
static int plain_text(const char *s)
{
    size_t n = 0, bad;
    for (; s[n]; n++)
        if ((unsigned char)s[n] < 0x20) return 0;
    return ward_utf8_valid(s, n, &bad);
}

typedef struct norm_w {
    ward_buf *b;
    int n;        /* values written */
    int bad;      /* a value this writer does not write as jansson does */
} norm_w;

static void nw_key(norm_w *w, const char *k)
{
    ward_buf_puts(w->b, w->n++ ? ",\"" : "\"");
    ward_buf_puts(w->b, k);
    ward_buf_puts(w->b, "\":");
}

static void nw_text(norm_w *w, const char *k, const char *v)
{
    if (!plain_text(v)) {
        w->bad = 1;
        return;
    }
    nw_key(w, k);
    ward_buf_json_str(w->b, v, strlen(v));
}

/* set_str's: the text, or null when empty. */
static void nw_opt(norm_w *w, const char *k, const char *v)
{
    if (*v) {
        nw_text(w, k, v);
        return;
    }
    nw_key(w, k);
    ward_buf_puts(w->b, "null");
}

static void nw_num_or_str(norm_w *w, const char *k, const char *s)
{
    json_int_t i = 0;
    double r = 0;
    switch (number_kind(s, &i, &r)) {
    case 1:
        nw_key(w, k);
        ward_buf_printf(w->b, "%" JSON_INTEGER_FORMAT, i);
        break;
    case 2:
        if (!isfinite(r)) {
            w->bad = 1;
            break;
        }
        nw_key(w, k);
        funnel_json_real(w->b, r);
        break;
    default: nw_text(w, k, s); break;
    }
}

/* The object into b; 0 (b as it was) when a value needs jansson. */
static int norm_fast(const ward_found *c, ward_buf *b)
{
    size_t at = b->len;
    norm_w w = {b, 0, 0};
    ward_buf_putc(b, '{');
    nw_text(&w, "name", c->name);
    switch (c->type) {
    case WARD_CONCEPT_MEDICATION:
        if (*c->strength) nw_num_or_str(&w, "strength", c->strength);
        else nw_opt(&w, "strength", "");
        nw_opt(&w, "unit", c->unit);
        nw_opt(&w, "dose", c->dose);
        nw_opt(&w, "route", c->route);
        nw_opt(&w, "frequency", c->freq);
        nw_key(&w, "prn");
        ward_buf_puts(b, c->prn ? "true" : "false");
        nw_opt(&w, "duration", c->duration);
        break;
    case WARD_CONCEPT_VITAL:
        if (!strcmp(c->name, "bp")) {
            nw_num_or_str(&w, "systolic", c->value);
            nw_num_or_str(&w, "diastolic", c->value2);
        } else {
            nw_num_or_str(&w, "value", c->value);
        }
        nw_opt(&w, "unit", c->unit);
        break;
    case WARD_CONCEPT_LAB:
        nw_num_or_str(&w, "value", c->value);
        nw_opt(&w, "unit", c->unit);
        nw_opt(&w, "flag", c->flag);
        break;
    default:
        break;
    }
    ward_buf_putc(b, '}');
    if (!w.bad) return 1;
    b->len = at;
    if (b->data) b->data[at] = 0;
    return 0;
}

void ward_found_norm_json(const ward_found *c, ward_buf *b)
{
    if (!norm_fast(c, b)) norm_jansson(c, b);
}

int ward_found_code(const ward_found *c, char *system, size_t scap, char *code, size_t ccap)
{
    const char *p = c->codes ? c->codes : "";
    const char *colon = strchr(p, ':');
    if (!colon) return 0;
    const char *end = colon + 1;
    while (*end && *end != ' ') end++;
    ward_str_copyn(system, scap, p, (size_t)(colon - p));
    ward_str_copyn(code, ccap, colon + 1, (size_t)(end - colon - 1));
    return 1;
}

size_t ward_note_body(const char *text, size_t len)
{
    size_t pos = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    if (len - pos < 4 || memcmp(text + pos, "---", 3) || (text[pos + 3] != '\n' && text[pos + 3] != '\r'))
        return 0;
    for (const char *p = text + pos + 3; (p = memchr(p, '\n', (size_t)(text + len - p))); ) {
        p++;
        if (text + len - p >= 3 && !memcmp(p, "---", 3)) {
            const char *nl = memchr(p, '\n', (size_t)(text + len - p));
            return nl ? (size_t)(nl - text) + 1 : len;
        }
    }
    return 0;
}

void ward_extractor_normalize(ward_extractor *ex, const char *kind, const char *in, char *out, size_t cap)
{
    static const struct { const char *kind; int type; } kinds[] = {
        {"unit", LX_UNIT}, {"route", LX_ROUTE}, {"freq", LX_FREQ}, {"form", LX_FORM}, {"flag", LX_FLAG},
        {"vital", LX_VITAL}, {"medication", LX_MEDICATION}, {"lab", LX_LAB}};
    int type = -1;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(kind, kinds[i].kind)) type = kinds[i].type;
    funnel_tokenize(in, strlen(in), &ex->toks);
    const lx_entry *e = NULL;
    size_t len = type >= 0 && ex->toks.n ? lx_match(&ex->lx, &ex->toks, 0, LX_BIT(type), &e) : 0;
    int known = len && len == ex->toks.n;
    const char *v = known ? lx_str(&ex->lx, type >= LX_VITAL ? e->value : e->name) : in;
    int lower = !known || type < LX_VITAL;   /* values keep their case ("BID", "mg/dL") */
    size_t k = 0;
    for (; v[k] && k + 1 < cap; k++) out[k] = lower && v[k] >= 'A' && v[k] <= 'Z' ? (char)(v[k] + 32) : v[k];
    out[k] = 0;
    ward_str_trim(out);
}

ward_assertion ward_extract_assert_span(ward_extractor *ex, const char *text, size_t len,
                                        const ward_extraction *x, size_t start, size_t end, int *negated)
{
    size_t a = 0, b = len;
    for (size_t i = 0; i < x->nsentences; i++)
        if (x->sentences[i].start <= start && end <= x->sentences[i].end) {
            a = x->sentences[i].start;
            b = x->sentences[i].end;
            break;
        }
    ward_context_result r;
    ward_context_assert(ex->cx, text + a, b - a, start - a, end - a, &r);
    for (size_t i = 0; i < x->nsections; i++)
        if (x->sections[i].head_start <= start && start < x->sections[i].end &&
            strstr(x->sections[i].name, "FAMILY") && !r.negated)
            r.assertion = WARD_ASSERT_FAMILY;
    *negated = r.negated;
    return r.assertion;
}
