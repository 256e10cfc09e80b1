/* sentences.c — sentence boundaries in clinical text.
 *
 * Clinical text breaks the rules sentence splitters learn from prose: a
 * period ends "mg." as often as it ends a sentence, "1." starts a list
 * item, vitals and medication lists have no periods at all, and headings
 * stand alone. The rules here, in one linear pass:
 *  - a line break ends a sentence unless the next line carries on in lower
 *    case (a wrapped line); a blank line always does;
 *  - a section header (sections.c decides) is a sentence of its own;
 *  - ". " ends a sentence unless the word before is a title or latin
 *    abbreviation (Dr., Mr., e.g., vs.), an initial ("J. Smith"), the number
 *    of a list item at the sentence start ("1."), or the next word starts in
 *    lower case; "?" and "!" followed by space always end one;
 *  - a period inside a token (1.5, q.i.d) is never an end.
 */
#include "ward/funnel.h"
#include "funnel/funnel_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct splitter {
    const char *t;
    ward_span *v;
    size_t n, cap;
    size_t start;     /* open sentence start */
    size_t end;       /* its end so far */
    int open;
    const ward_section *secs;   /* the text's sections, when known: their headers are the lines' */
    size_t nsecs, sec;          /* sec: the first section whose header may start at a later line */
} splitter;

static void emit(splitter *s)
{
    if (!s->open) return;
    s->open = 0;
    size_t a = s->start, b = s->end;
    while (a < b && isspace((unsigned char)s->t[a])) a++;
    while (b > a && isspace((unsigned char)s->t[b - 1])) b--;
    if (a == b) return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->v = ward_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n].start = a;
    s->v[s->n++].end = b;
}

static void extend(splitter *s, size_t a, size_t b)
{
    if (!s->open) {
        s->open = 1;
        s->start = a;
    }
    s->end = b;
}

/* Words after which a period never ends a sentence. */
static int never_ends(const char *w, size_t n)
{
    /* With their lengths: a period follows many words of a note. */
#define W(s) {s, sizeof s - 1}
    static const struct { const char *w; size_t n; } abbr[] = {
        W("dr"), W("mr"), W("mrs"), W("ms"), W("prof"), W("st"), W("sr"), W("jr"), W("vs"), W("v"), W("e.g"),
        W("i.e"), W("eg"), W("ie"), W("approx"), W("appt"), W("dept"), W("fig"), W("no"), W("nos"), W("pt"),
        W("pts"), W("sig"), W("cf"), W("al"), W("viz"), W("ca"), W("inc"), W("ltd"), W("co"), W("mt"),
        W("ft"), W("ave"), W("blvd"), W("rd"), W("apt"), W("ste"), W("hosp"), W("univ"), W("min"), W("max"),
        W("wk"), W("wks"), W("yr"), W("yrs"), W("hr"), W("hrs"), W("mo"), W("mos"), W("doz"), W("resp"),
        W("temp"), W("neg"), W("pos"), W("abd"), W("ext"), W("est"), W("dx"), W("hx"), W("tx"), W("rx"),
        W("sx"), W("fx"), W("h/o"), W("s/p"), W("c/o")};
#undef W
    char low[8];
    if (n >= sizeof low) return 0;
    /* ASCII lower case: only ASCII words are listed */
    for (size_t i = 0; i < n; i++) low[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + 32) : w[i];
    /* the first letter before the call: most words differ there */
    for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++)
        if (abbr[i].n == n && abbr[i].w[0] == low[0] && !memcmp(abbr[i].w, low, n)) return 1;
    return 0;
}

/* Does the '.', '?' or '!' at i (inside the line [a,b)) end a sentence? */
static int ends_here(splitter *s, size_t i, size_t b)
{
    const char *t = s->t;
    size_t j = i + 1;
    while (j < b && (t[j] == '"' || t[j] == '\'' || t[j] == ')' || t[j] == ']')) j++;
    if (j < b && t[j] != ' ' && t[j] != '\t') return 0;       /* 1.5, q.i.d, x.y */
    while (j < b && (t[j] == ' ' || t[j] == '\t')) j++;
    if (j >= b) return 1;
    unsigned char nx = (unsigned char)t[j];
    if (islower(nx)) return 0;
    if (t[i] != '.') return 1;
    size_t w = i;                                             /* the word before */
    while (w > s->start && !isspace((unsigned char)t[w - 1]) && t[w - 1] != '(') w--;
    size_t wn = i - w;
    if (wn == 0) return 1;
    if (never_ends(t + w, wn)) return 0;
    if (wn == 1 && isupper((unsigned char)t[w])) return 0;    /* an initial: "J. Smith" */
    int digits = 1;
    for (size_t k = w; k < i; k++) digits &= isdigit((unsigned char)t[k]) != 0;
    if (digits && wn <= 3) {                                  /* "1." opening a list item */
        size_t k = s->start;
        while (k < w && (isspace((unsigned char)t[k]) || t[k] == '-' || t[k] == '*')) k++;
        if (k == w) return 0;
    }
    return 1;
}

/* Does line [a,b) carry on the open sentence (a wrapped line)? */
static int continues(splitter *s, size_t a)
{
    if (!s->open) return 0;
    char last = s->t[s->end - 1];
    return islower((unsigned char)s->t[a]) && last != ':' && last != '.';
}

/* The next '.', '?' or '!' at or after i in [i, b), or b. at[] keeps the
 * next of each found so far (SIZE_MAX: not looked for yet): memchr skips
 * the text between them far faster than a loop over its bytes. */
static size_t next_stop(const char *t, size_t i, size_t b, size_t at[3])
{
    static const char ch[3] = {'.', '?', '!'};
    size_t m = b;
    for (int k = 0; k < 3; k++) {
        if (at[k] == SIZE_MAX || at[k] < i) {
            const char *p = i < b ? memchr(t + i, ch[k], b - i) : NULL;
            at[k] = p ? (size_t)(p - t) : b;
        }
        if (at[k] < m) m = at[k];
    }
    return m;
}

/* The header starting line [a,b) (not a sub-heading): returns its length
 * and sets *body to where the text after it starts, or returns 0. Asks
 * funnel_header, or reads the sections found before (ward_funnel_sections
 * makes a section of each such header, its body at the header's body or,
 * when that is past the line, on a later line). */
static size_t line_header(splitter *s, size_t a, size_t b, size_t *body)
{
    if (!s->secs) {
        char name[32];
        size_t h = funnel_header(s->t + a, b - a, body, name);
        return h && strcmp(name, "=") ? h : 0;
    }
    while (s->sec < s->nsecs && s->secs[s->sec].head_start < a) s->sec++;
    const ward_section *sc = s->sec < s->nsecs ? &s->secs[s->sec] : NULL;
    if (!sc || sc->head_start != a || sc->head_end <= a) return 0;   /* text before any header: no header */
    *body = sc->start - a;
    return sc->head_end - a;
}

static void split_line(splitter *s, size_t a, size_t b)
{
    size_t body;
    size_t h = line_header(s, a, b, &body);
    if (h) {
        emit(s);
        extend(s, a, a + h);
        emit(s);
        a += body;
        if (a >= b) return;
    } else if (!continues(s, a)) {
        emit(s);
    }
    extend(s, a, a);
    size_t at[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    for (size_t i = next_stop(s->t, a, b, at); i < b; i = next_stop(s->t, i + 1, b, at)) {
        if (ends_here(s, i, b)) {
            size_t e = i + 1;
            while (e < b && (s->t[e] == '"' || s->t[e] == '\'' || s->t[e] == ')' || s->t[e] == ']')) e++;
            s->end = e;
            emit(s);
            extend(s, e, e);
            i = e - 1;
        }
    }
    s->end = b;
    if (s->open && s->start == b) s->open = 0;
}

size_t ward_funnel_sentences(const char *text, size_t len, ward_span **out)
{
    return funnel_sentences_in(text, len, NULL, 0, out);
}

size_t funnel_sentences_in(const char *text, size_t len, const ward_section *secs, size_t nsecs, ward_span **out)
{
    splitter s = {.t = text, .secs = secs, .nsecs = nsecs};
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t a = pos, b = nl ? (size_t)(nl - text) : len;
        pos = b + (nl ? 1 : 0);
        while (a < b && isspace((unsigned char)text[a])) a++;
        while (b > a && isspace((unsigned char)text[b - 1])) b--;
        if (a == b) {
            emit(&s);                                  /* blank line */
            continue;
        }
        split_line(&s, a, b);
    }
    emit(&s);
    *out = s.v;
    return s.n;
}
