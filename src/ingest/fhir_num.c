/* fhir_num.c — numbers a double cannot hold, found in the JSON text.
 *
 * jansson reads 1e-400 as 0.0 without a word, and a lab value of 0 is a
 * lie ("A1c 0 %"). The parsed tree cannot tell 1e-400 from 0, so this file
 * scans the text itself beside the tree: it follows object keys and array
 * indexes to the same node in both, and marks every object enclosing a
 * number that underflows with FHIR_UNDERFLOW_KEY, whose value is the field's
 * path from that object ("valueQuantity.value"). The record reader refuses
 * a marked resource, naming the field and never the value. (Overflow,
 * 1e400, jansson refuses itself.)
 */
#include "fhir_int.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct frame {
    json_t *node;       /* the object or array in the tree (NULL: not found) */
    int is_obj;
    const char *key;    /* the current key in an object (into the text) */
    size_t keylen, idx; /* its length; the current index in an array */
} frame;

#define MAX_DEPTH 256

/* The end of the string starting at p (on its opening quote). */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end && *p != '"'; p++)
        if (*p == '\\') p++;
    return p < end ? p + 1 : end;
}

/* The child of f the scanner is at, or NULL. */
static json_t *child(const frame *f)
{
    if (!f->node) return NULL;
    if (!f->is_obj) return json_array_get(f->node, f->idx);
    if (!f->key || memchr(f->key, '\\', f->keylen)) return NULL;   /* an escaped key: not followed */
    char key[256];
    if (f->keylen >= sizeof key) return NULL;
    memcpy(key, f->key, f->keylen);
    key[f->keylen] = 0;
    return json_object_get(f->node, key);
}

/* A number literal that underflows: nonzero digits, yet below DBL_MIN. */
static int underflows(const char *p, size_t n)
{
    char buf[512];
    if (n >= sizeof buf) return 0;
    memcpy(buf, p, n);
    buf[n] = 0;
    errno = 0;
    double d = strtod(buf, NULL);
    if (errno != ERANGE || fabs(d) >= DBL_MIN) return 0;
    for (size_t i = 0; i < n && buf[i] != 'e' && buf[i] != 'E'; i++)
        if (buf[i] >= '1' && buf[i] <= '9') return 1;
    return 0;
}

/* Marks every object of the stack with the path from it to the number. */
static void mark(frame *st, int depth)
{
    for (int i = 0; i < depth; i++) {
        if (!st[i].is_obj || !st[i].node || json_object_get(st[i].node, FHIR_UNDERFLOW_KEY)) continue;
        ward_buf path;
        ward_buf_init(&path);
        for (int j = i; j < depth; j++)
            if (st[j].is_obj && st[j].key) {
                if (path.len) ward_buf_putc(&path, '.');
                ward_buf_append(&path, st[j].key, st[j].keylen);
            }
        json_object_set_new(st[i].node, FHIR_UNDERFLOW_KEY, json_string(path.data ? path.data : ""));
        ward_buf_free(&path);
    }
}

void fhir_mark_underflow(json_t *root, const char *data, size_t len)
{
    frame st[MAX_DEPTH];
    int depth = 0, want_key = 0;
    const char *p = data, *end = data + len;
    while (p < end) {
        char ch = *p;
        if (ch == '"') {
            const char *e = skip_string(p, end);
            if (depth && st[depth - 1].is_obj && want_key) {
                st[depth - 1].key = p + 1;
                st[depth - 1].keylen = (size_t)(e - p) - 2;
                want_key = 0;
            }
            p = e;
        } else if (ch == '{' || ch == '[') {
            if (depth == MAX_DEPTH) return;   /* deeper than any resource: jansson refused it anyway */
            json_t *node = depth ? child(&st[depth - 1]) : root;
            st[depth++] = (frame){.node = node, .is_obj = ch == '{'};
            want_key = ch == '{';
            p++;
        } else if (ch == '}' || ch == ']') {
            if (depth) depth--;
            p++;
        } else if (ch == ',') {
            if (depth && st[depth - 1].is_obj) want_key = 1;
            else if (depth) st[depth - 1].idx++;
            p++;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            const char *s = p;
            while (p < end && (strchr("+-.eE", *p) || (*p >= '0' && *p <= '9'))) p++;
            if (underflows(s, (size_t)(p - s))) mark(st, depth);
        } else {
            p++;
        }
    }
}
