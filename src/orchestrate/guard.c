/* guard.c — checking an output against its evidence before anyone sees it.
 *
 * For every sentence: its content words must appear in the text it cites
 * (support = fraction found, default threshold 0.6; a word of a concept
 * the evidence names by a synonym or abbreviation of the lexicon counts:
 * "CKD" is supported by "chronic kidney disease"), and every number in
 * it (doses, values, dates) must appear there too. A sentence that fails is
 * dropped or kept with a flag, by policy, and the verification record in
 * the draft lists which and why. Ward's own frame sentences ("Not found in
 * the record.") state no clinical fact and need no support.
 */
#include "orch_int.h"

#include <stdlib.h>
#include <string.h>

/* A date "2024-03-02" also matches evidence that wrote it 03/02/2024. */
static int number_in(const char *num, const orch_words *ev)
{
    if (orch_words_has(ev, num)) return 1;
    if (strlen(num) == 10 && num[4] == '-') {
        char y[5], m[3], d[3];
        memcpy(y, num, 4), y[4] = 0;
        snprintf(m, sizeof m, "%d", atoi(num + 5));
        snprintf(d, sizeof d, "%d", atoi(num + 8));
        return orch_words_has(ev, y) && orch_words_has(ev, m) && orch_words_has(ev, d);
    }
    return 0;
}

static void check_sentence(orch_out *o, orch_sent *s)
{
    if (s->frame) {
        s->support = 1;
        return;
    }
    if (!s->ncite) {
        s->support = 0;
        free(s->why);
        s->why = ward_xstrdup("cites no evidence");
        return;
    }
    ward_buf ev;
    ward_buf_init(&ev);
    for (int i = 0; i < s->ncite; i++) {
        ward_buf_puts(&ev, o->ev[s->cite[i]].quote);
        ward_buf_putc(&ev, '\n');
    }
    const char *text = s->check ? s->check : s->text;
    orch_words sw, ew, sn, en;
    orch_words_of(text, 1, &sw);
    orch_words_of(ev.data, 0, &ew);
    orch_numbers_of(text, &sn);
    orch_numbers_of(ev.data, &en);
    s->support = orch_support(text, &sw, &ew);
    s->numbers_ok = 1;
    for (size_t i = 0; i < sn.n; i++)
        if (!number_in(sn.w[i], &en)) {
            s->numbers_ok = 0;
            free(s->why);
            ward_buf why;
            ward_buf_init(&why);
            ward_buf_printf(&why, "number %s is not in the cited evidence", sn.w[i]);
            s->why = ward_buf_steal(&why);
            break;
        }
    if (s->support < o->p->min_support && !s->why) {
        ward_buf why;
        ward_buf_init(&why);
        ward_buf_printf(&why, "only %.0f%% of its words are in the cited evidence", s->support * 100);
        s->why = ward_buf_steal(&why);
    }
    orch_words_free(&sw), orch_words_free(&ew), orch_words_free(&sn), orch_words_free(&en);
    ward_buf_free(&ev);
}

int orch_guard_sentence(orch_out *o, orch_sent *s)
{
    check_sentence(o, s);
    return s->frame || (s->ncite && s->support >= o->p->min_support && s->numbers_ok);
}

void orch_guard(orch_out *o)
{
    int supported = 0, dropped = 0, flagged = 0;
    json_t *bad = json_array();
    for (size_t i = 0; i < o->ns; i++) {
        orch_sent *s = &o->s[i];
        check_sentence(o, s);
        int ok = s->frame || (s->ncite && s->support >= o->p->min_support && s->numbers_ok);
        if (ok) {
            supported++;
            continue;
        }
        if (o->p->drop_unsupported) s->kept = 0, dropped++;
        else flagged++;
        json_array_append_new(bad, json_pack("{s:s, s:s, s:f, s:b, s:s, s:s}", "section", s->section,
            "text", s->text, "support", s->support, "numbers_ok", s->numbers_ok, "why", s->why ? s->why : "",
            "action", o->p->drop_unsupported ? "dropped" : "flagged"));
    }
    json_decref(o->verification);
    o->verification = json_pack("{s:s, s:f, s:i, s:i, s:i, s:i, s:o, s:i, s:i}",
        "policy", o->p->drop_unsupported ? "drop" : "flag", "min_support", o->p->min_support,
        "sentences", (int)o->ns, "supported", supported, "dropped", dropped, "flagged", flagged,
        "unsupported", bad, "injections_refused", o->injections, "conflicts", o->conflicts);
}
