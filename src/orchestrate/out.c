/* out.c — an output under construction: evidence items and cited sentences.
 *
 * Evidence is added as tasks find it; it only becomes a numbered citation
 * when a sentence that cites it survives the guard (router.c numbers them
 * in order of first use), so outputs never list sources they do not use.
 */
#include "orch.h"

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

int orch_db_err(ward_store *st, ward_err *err)
{
    return ward_err_set(err, WARD_EIO, "database: %s", sqlite3_errmsg(ward_store_db(st)));
}

int orch_ev_chunk(orch_out *o, int64_t chunk_id, size_t qs, size_t qe)
{
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_cached(o->st,
        "SELECT c.document_id, coalesce(d.title, d.kind), c.text, c.start FROM chunks c"
        " JOIN documents d ON d.id = c.document_id WHERE c.id = ?", &err);
    if (!s) return orch_fail(o, &err);
    sqlite3_bind_int64(s, 1, chunk_id);
    int idx = ORCH_MISSING, rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(s, 2);
        size_t len = (size_t)sqlite3_column_bytes(s, 2);
        if (!qe || qe > len) qe = len;
        if (qs > qe) qs = 0;
        size_t cstart = (size_t)sqlite3_column_int64(s, 3);
        /* The same span twice is one evidence item; other spans of a chunk are not. */
        for (size_t i = 0; i < o->nev; i++)
            if (o->ev[i].chunk_id == chunk_id && o->ev[i].start == cstart + qs && o->ev[i].end == cstart + qe)
                idx = (int)i;
        if (idx < 0) {
            orch_ev *e = new_ev(o);
            e->chunk_id = chunk_id;
            e->document_id = sqlite3_column_int64(s, 0);
            e->title = ward_xstrdup((const char *)sqlite3_column_text(s, 1));
            e->quote = ward_xstrndup(text + qs, qe - qs);
            e->start = cstart + qs;
            e->end = cstart + qe;
            idx = (int)(o->nev - 1);
        }
    } else if (rc != SQLITE_DONE) {
        orch_db_err(o->st, &err);
        idx = orch_fail(o, &err);
    }
    sqlite3_reset(s);
    return idx;
}

int orch_ev_resource(orch_out *o, int64_t rid)
{
    ward_err err = {0};
    sqlite3_stmt *s = ward_store_cached(o->st,
        "SELECT c.id FROM documents d JOIN chunks c ON c.document_id = d.id"
        " WHERE d.resource_id = ? ORDER BY d.id DESC, c.seq LIMIT 1", &err);
    if (!s) return orch_fail(o, &err);
    sqlite3_bind_int64(s, 1, rid);
    int rc = sqlite3_step(s);
    int64_t cid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) orch_db_err(o->st, &err);
    sqlite3_reset(s);
    if (err.code) return orch_fail(o, &err);
    return cid ? orch_ev_chunk(o, cid, 0, 0) : ORCH_MISSING;
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
    memset(o, 0, sizeof *o);
}
