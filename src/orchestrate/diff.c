/* diff.c — a unified diff of two texts, line by line, for draft versions.
 *
 * The longest common subsequence of lines (dynamic programming, O(n*m)
 * cells of one byte of direction each) gives the edit script; hunks show
 * DIFF_CONTEXT unchanged lines around each change, in the format of
 * `diff -u` ("@@ -a,b +c,d @@", then " ", "-", "+" lines), so any viewer
 * that renders patches renders it. Drafts are short; past DIFF_MAX_CELLS
 * the diff is one hunk that replaces every line, which is still correct.
 */
#include "orch_int.h"

#include <stdlib.h>
#include <string.h>

#define DIFF_CONTEXT 3
#define DIFF_MAX_CELLS (8u << 20)

typedef struct lines {
    const char **at;  /* start of each line */
    size_t *len;      /* its length without the newline */
    size_t n;
} lines;

static void split(const char *t, lines *l)
{
    size_t cap = 16;
    l->at = ward_xmalloc(cap * sizeof *l->at);
    l->len = ward_xmalloc(cap * sizeof *l->len);
    l->n = 0;
    for (const char *p = t ? t : ""; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (l->n == cap) {
            cap *= 2;
            l->at = ward_xrealloc(l->at, cap * sizeof *l->at);
            l->len = ward_xrealloc(l->len, cap * sizeof *l->len);
        }
        l->at[l->n] = p, l->len[l->n] = n, l->n++;
        p += n + (e ? 1 : 0);
    }
}

static int same(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && !memcmp(a->at[i], b->at[j], a->len[i]);
}

/* The edit script as one op per step: '=' keep, '-' delete from a, '+'
 * insert from b. Returns its length; *ops is malloc'd. */
static size_t script(const lines *a, const lines *b, char **ops)
{
    size_t n = a->n, m = b->n, k = 0;
    *ops = ward_xmalloc(n + m + 1);
    if ((n + 1) * (m + 1) > DIFF_MAX_CELLS) {
        memset(*ops, '-', n);
        memset(*ops + n, '+', m);
        return n + m;
    }
    /* len[i][j]: LCS of a[i..] and b[j..], kept as 32-bit counts. */
    unsigned *len = ward_xcalloc((n + 1) * (m + 1), sizeof *len);
#define L(i, j) len[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            L(i, j) = same(a, i, b, j) ? L(i + 1, j + 1) + 1 : L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(a, i, b, j)) (*ops)[k++] = '=', i++, j++;
        /* Deletions before insertions, as diff -u prints a change. */
        else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) (*ops)[k++] = '-', i++;
        else (*ops)[k++] = '+', j++;
    }
#undef L
    free(len);
    return k;
}

static void put_line(ward_buf *out, char tag, const lines *l, size_t i)
{
    ward_buf_putc(out, tag);
    ward_buf_append(out, l->at[i], l->len[i]);
    ward_buf_putc(out, '\n');
}

/* One hunk: ops[s..e) with a starting at line ai, b at line bi. */
static void hunk(ward_buf *out, const char *ops, size_t s, size_t e, const lines *a, size_t ai, const lines *b,
                 size_t bi)
{
    size_t na = 0, nb = 0;
    for (size_t k = s; k < e; k++) na += ops[k] != '+', nb += ops[k] != '-';
    /* diff -u numbers an empty side from the line before it. */
    ward_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na, nb ? bi + 1 : bi, nb);
    for (size_t k = s; k < e; k++) {
        if (ops[k] == '=') put_line(out, ' ', a, ai++), bi++;
        else if (ops[k] == '-') put_line(out, '-', a, ai++);
        else put_line(out, '+', b, bi++);
    }
}

char *orch_diff(const char *old_text, const char *new_text, const char *old_label, const char *new_label)
{
    lines a, b;
    split(old_text, &a);
    split(new_text, &b);
    char *ops;
    size_t n = script(&a, &b, &ops);
    ward_buf out;
    ward_buf_init(&out);
    ward_buf_printf(&out, "--- %s\n+++ %s\n", old_label, new_label);
    size_t k = 0, ai = 0, bi = 0;
    while (k < n) {
        if (ops[k] == '=') {
            k++, ai++, bi++;
            continue;
        }
        /* A change at k: back up for context, then extend while the next
         * change is within two contexts' reach. */
        size_t back = 0;
        while (back < DIFF_CONTEXT && back < k && ops[k - back - 1] == '=') back++;
        size_t s = k - back, e = k, sa = ai - back, sb = bi - back;
        for (;;) {
            while (e < n && ops[e] != '=') ai += ops[e] != '+', bi += ops[e] != '-', e++;
            size_t run = 0;
            while (e + run < n && ops[e + run] == '=') run++;
            if (e + run < n && run <= 2 * DIFF_CONTEXT) {
                e += run, ai += run, bi += run;
                continue;
            }
            size_t tail = run < DIFF_CONTEXT ? run : DIFF_CONTEXT;
            e += tail, ai += tail, bi += tail;
            break;
        }
        hunk(&out, ops, s, e, &a, sa, &b, sb);
        k = e;
    }
    free(ops);
    free(a.at), free(a.len), free(b.at), free(b.len);
    return ward_buf_steal(&out);
}
