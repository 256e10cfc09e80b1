/* out.c — an output under construction: evidence items and cited sentences.
 *
 * Evidence is added as tasks find it; it only becomes a numbered citation
 * when a sentence that cites it survives the guard (router.c numbers them
 * in order of first use), so outputs never list sources they do not use.
 */
#include "orch_int.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static orch_ev *new_ev(orch_out *o)
{
    if (o->nev == o->evcap) {
        o->evcap = o->evcap ? o->evcap * 2 : 16;
        o->ev = ward_xrealloc(o->ev, o->evcap * sizeof *o->ev);
    }
    orch_ev *e = &o->ev[o->nev++];
    memset(e, 0, sizeof *e);
    return e;
}

int orch_fail(orch_out *o, const ward_err *cause)
{
    assert(cause->code != WARD_OK);
    if (!o->err.code) o->err = *cause;
    return ORCH_FAILED;
}

int orch_check(const orch_out *o, ward_err *err)
{
    if (!o->err.code) return WARD_OK;
    *err = o->err;
    ward_err_prefix(err, "cannot read the chart");
    return err->code;
}

typedef struct span_ctx {
    orch_out *o;
    size_t qs, qe;
    int idx;
} span_ctx;

static int add_span(void *ud, const ward_chunk_row *c)
{
    span_ctx *x = ud;
    orch_out *o = x->o;
    size_t qs = x->qs, qe = x->qe;
    if (!qe || qe > c->len) qe = c->len;
    if (qs > qe) qs = 0;
    /* The same span twice is one evidence item; other spans of a chunk are not. */
    for (size_t i = 0; i < o->nev; i++)
        if (o->ev[i].chunk_id == c->id && o->ev[i].start == c->start + qs && o->ev[i].end == c->start + qe) {
            x->idx = (int)i;
            return 0;
        }
    orch_ev *e = new_ev(o);
    e->chunk_id = c->id;
    e->document_id = c->document_id;
    e->title = ward_xstrdup(c->title ? c->title : "");
    if (c->date) ward_date_norm(c->date, e->date);
    e->quote = ward_xstrndup(c->text + qs, qe - qs);
    e->start = c->start + qs;
    e->end = c->start + qe;
    x->idx = (int)(o->nev - 1);
    return 0;
}

int orch_ev_chunk(orch_out *o, int64_t chunk_id, size_t qs, size_t qe)
{
    ward_err err = {0};
    span_ctx x = {o, qs, qe, ORCH_MISSING};
    int rc = ward_store_chunk_read(o->st, chunk_id, add_span, &x, &err);
    if (rc == WARD_ENOTFOUND) return ORCH_MISSING;
    if (rc) return orch_fail(o, &err);
    assert(x.idx >= 0 && (size_t)x.idx < o->nev);
    return x.idx;
}

typedef struct around {
    size_t qs, qe, s, e;
    const char *text;
    int found;
} around;

static void sentence_around(size_t s, size_t e, void *ud)
{
    around *a = ud;
    if (!a->found && s <= a->qs && e >= a->qe) a->s = s, a->e = e, a->found = 1;
}

static int read_text(void *ud, const ward_chunk_row *c)
{
    char **text = ud;
    *text = ward_xstrndup(c->text, c->len);
    return 0;
}

/* A record found in a note is cited by the note's sentence that holds
 * its words (only the words when that sentence reads as an instruction). */
static int ev_note_words(orch_out *o, int64_t cid, size_t qs, size_t qe)
{
    ward_err err = {0};
    char *text = NULL;
    int rc = ward_store_chunk_read(o->st, cid, read_text, &text, &err);
    if (rc == WARD_ENOTFOUND) return ORCH_MISSING;
    if (rc) return orch_fail(o, &err);
    around a = {qs, qe, qs, qe, text, 0};
    orch_sentences(text, strlen(text), sentence_around, &a);
    if (a.found && orch_is_injection(text + a.s, a.e - a.s)) a.s = qs, a.e = qe;
    free(text);
    return orch_ev_chunk(o, cid, a.s, a.e);
}

int orch_ev_resource(orch_out *o, int64_t rid)
{
    ward_err err = {0};
    int64_t cid;
    size_t qs, qe;
    int rc = ward_store_resource_chunk(o->st, rid, &cid, &qs, &qe, &err);
    if (rc == WARD_ENOTFOUND) return ORCH_MISSING;
    if (rc) return orch_fail(o, &err);
    return qe > qs ? ev_note_words(o, cid, qs, qe) : orch_ev_chunk(o, cid, 0, 0);
}

int orch_ev_turn(orch_out *o, int turn, const char *speaker, const char *text, size_t start, size_t end)
{
    for (size_t i = 0; i < o->nev; i++)
        if (o->ev[i].turn == turn) return (int)i;
    orch_ev *e = new_ev(o);
    e->turn = turn;
    char title[32];
    snprintf(title, sizeof title, "turn %d", turn);
    e->title = ward_xstrdup(title);
    e->speaker = ward_xstrdup(speaker);
    e->quote = ward_xstrdup(text);
    e->start = start;
    e->end = end;
    return (int)(o->nev - 1);
}

orch_sent *orch_say(orch_out *o, const char *section, const int *cites, int ncite, const char *fmt, ...)
{
    if (o->ns == o->scap) {
        o->scap = o->scap ? o->scap * 2 : 32;
        o->s = ward_xrealloc(o->s, o->scap * sizeof *o->s);
    }
    orch_sent *s = &o->s[o->ns++];
    memset(s, 0, sizeof *s);
    s->section = ward_xstrdup(section ? section : "");
    ward_buf b;
    ward_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    s->text = ward_buf_steal(&b);
    for (int i = 0; i < ncite && s->ncite < ORCH_MAXCITE; i++) {
        int dup = 0;
        for (int k = 0; k < s->ncite; k++) dup |= s->cite[k] == cites[i];
        if (cites[i] >= 0 && !dup) s->cite[s->ncite++] = cites[i];
    }
    s->kept = 1;
    s->numbers_ok = 1;
    return s;
}

void orch_out_free(orch_out *o)
{
    for (size_t i = 0; i < o->nev; i++) free(o->ev[i].title), free(o->ev[i].speaker), free(o->ev[i].quote);
    for (size_t i = 0; i < o->ns; i++)
        free(o->s[i].section), free(o->s[i].text), free(o->s[i].check), free(o->s[i].why);
    free(o->ev);
    free(o->s);
    json_decref(o->extra);
    json_decref(o->inputs);
    json_decref(o->verification);
    orch_facts_cache_free(o);
    memset(o, 0, sizeof *o);
}
