/* deid_codes.c — identifiers known by their place on a line rather than
 * by a cue word: the user names that open the turns of a chat log
 * ("[09:03] jmarsh: ...", "cm_tlopez: went to ...", "<jdoe> ok").
 *
 * Ideas a reader needs:
 *  - A chat log is told by its lines, not by one line: a speaker counts
 *    only when the line before or after it opens with a speaker too. A
 *    note's "plan: ..." is one line; a chat's turns come in a row.
 *  - A user name is lower case letters and digits joined by '.' or '_'
 *    ("dr.achebe", "rn_oconnell", "jpatel2"). A plain word needs to be
 *    unknown to the word lists ("tmoreno", not "nurse"); a joined one
 *    needs an unknown part ("cm_tlopez", not "consent_date") unless a
 *    time stamp opens the line ("[19:04] charge_rn:"), which only a
 *    chat's turns carry.
 *  - Every walk stays on one line or its neighbour, each line is walked
 *    a bounded number of times, so the pass is linear in the note.
 */
#include "funnel/deid_int.h"

#include <ctype.h>

/* A time stamp at k: "[09:03]", "(21:11:05)"; returns the token after it, or k. */
static size_t stamp_end(const deid_doc *d, size_t k)
{
    size_t q = k;
    int open = is_p(d, q, '[') || is_p(d, q, '(');
    if (open) q++;
    if (!digits(d, q, 1, 2) || !is_p(d, q + 1, ':') || !digits(d, q + 2, 2, 2)) return k;
    q += 3;
    if (is_p(d, q, ':') && digits(d, q + 1, 2, 2)) q += 2;
    if (open && !(is_p(d, q, ']') || is_p(d, q, ')'))) return k;
    return open ? q + 1 : q;
}

/* The user name at s: lower case letters and digits joined by '.' or '_'
 * without spaces. Returns the token after it (s: none); counts its
 * characters and its marks (digits, joins), and whether a part is a word
 * no list knows. */
static size_t handle_chain(const deid_doc *d, size_t s, size_t *len, size_t *marks, int *unknown)
{
    size_t e = s;
    *len = *marks = 0, *unknown = 0;
    while (e < d->n && (e == s || glued(d, e))) {
        if (TK(e).shape & (T_ALPHA | T_MIXED | T_DIGIT)) {
            for (size_t q = TK(e).a; q < TK(e).b; q++) {
                unsigned char c = (unsigned char)d->t[q];
                if (isupper(c) || c >= 0x80) return s;
                *marks += isdigit(c) != 0;
            }
            if ((TK(e).shape & T_MIXED) || (TK(e).shape & T_DIGIT) ||
                (!TK(e).w && !deid_english_word(d, e) && !deid_lower_word(d, e)))
                *unknown = 1;
        } else if ((is_p(d, e, '.') || is_p(d, e, '_')) && e > s && e + 1 < d->n && glued(d, e + 1) &&
                   (TK(e + 1).shape & (T_ALPHA | T_MIXED | T_DIGIT))) {
            (*marks)++;
        } else {
            break;
        }
        *len += TLEN(e), e++;
    }
    return e;
}

/* The speaker that opens the line whose first token is f: after a time
 * stamp maybe, a user name then ':' and a space ("jmarsh: ok"), or the name
 * in angle brackets ("<jdoe> ok"). Returns the name's end (0: none) and
 * sets *s to its first token, *stamped when a time stamp came first. */
static size_t speaker(const deid_doc *d, size_t f, size_t *s, int *stamped)
{
    size_t k = stamp_end(d, f);
    *stamped = k > f;
    int angle = is_p(d, k, '<') && glued(d, k + 1);
    if (angle) k++;
    if (k >= d->n || (k > f && TK(k).nl) || !(TK(k).shape & (T_ALPHA | T_MIXED))) return 0;
    size_t len, marks;
    int unknown;
    size_t e = handle_chain(d, k, &len, &marks, &unknown);
    if (e == k || len < 4 || !glued(d, e)) return 0;
    if (angle ? !is_p(d, e, '>') : !(is_p(d, e, ':') && e + 1 < d->n && (TK(e + 1).sp || TK(e + 1).nl))) return 0;
    int plain = e == k + 1 && !marks;
    if (plain ? !unknown || (!*stamped && len < 5) : !unknown && !*stamped) return 0;
    if (e == k + 1 && (TK(k).w & (W_STOP | W_KEEP | W_CUE))) return 0;
    *s = k;
    return e;
}

/* Bounds of the walks to a neighbouring line (a longer line is no chat's). */
enum { LINE_MAX_TOKENS = 120 };

/* The first token of the line before the line that starts at f, or 0 with
 * *ok 0 when there is none near. */
static size_t line_before(const deid_doc *d, size_t f, int *ok)
{
    *ok = 0;
    if (f == 0) return 0;
    size_t q = f - 1;
    for (size_t n = 0; n < LINE_MAX_TOKENS; n++, q--) {
        if (q == 0 || TK(q).nl) return *ok = 1, q;
    }
    return 0;
}

/* The first token of the line after token k's line (d->n: none near). */
static size_t line_after(const deid_doc *d, size_t k)
{
    for (size_t n = 0; k < d->n && n < LINE_MAX_TOKENS; n++, k++)
        if (TK(k).nl) return k;
    return d->n;
}

/* A chat's speaker at token i (i opens its line or follows a time stamp or
 * '<'): the user name is an ID when the line before or after opens with a
 * speaker too. Returns the token after the name, or 0. */
size_t deid_chat_user(deid_doc *d, size_t i)
{
    size_t f = i;                                       /* the line's first token */
    while (f > 0 && !TK(f).nl && i - f < 8) f--;
    if (f > 0 && !TK(f).nl) return 0;
    size_t s, s2;
    int st, ok;
    size_t e = speaker(d, f, &s, &st);
    if (!e || s != i) return 0;
    size_t prev = line_before(d, f, &ok);
    size_t next = line_after(d, e);
    int chat = (ok && speaker(d, prev, &s2, &st)) || (next < d->n && speaker(d, next, &s2, &st));
    if (!chat) return 0;
    deid_add_toks(d, s, e, WARD_PHI_ID, PRIO_CUED);
    return e;
}
