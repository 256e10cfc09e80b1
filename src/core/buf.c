/* buf.c — growable buffers and allocation that cannot fail quietly. */
#include "ward/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The one failure nobody can handle: say so (through the program's log
 * function; the library never prints) and stop. */
__attribute__((noreturn)) static void out_of_memory(void)
{
    ward_log(WARD_LOG_ERROR, "out of memory");
    abort();
}

void *ward_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

void *ward_xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) out_of_memory();
    return p;
}

void *ward_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

char *ward_xstrdup(const char *s)
{
    return ward_xstrndup(s, strlen(s));
}

char *ward_xstrndup(const char *s, size_t n)
{
    char *p = ward_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void ward_buf_init(ward_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void ward_buf_free(ward_buf *b)
{
    free(b->data);
    ward_buf_init(b);
}

void ward_buf_reset(ward_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

static void reserve(ward_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->data = ward_xrealloc(b->data, cap);
    b->cap = cap;
}

void ward_buf_append(ward_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void ward_buf_puts(ward_buf *b, const char *s)
{
    ward_buf_append(b, s, strlen(s));
}

void ward_buf_putc(ward_buf *b, char c)
{
    ward_buf_append(b, &c, 1);
}

void ward_buf_vprintf(ward_buf *b, const char *fmt, va_list ap)
{
    /* Straight into the room left, which mostly suffices: formatting only
     * to measure first would format everything twice. */
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        if (b->data) b->data[b->len] = 0;
        return;
    }
    if ((size_t)n >= room) {   /* cut short: grow, and again */
        reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void ward_buf_printf(ward_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *ward_buf_steal(ward_buf *b)
{
    char *p = b->data ? b->data : ward_xstrdup("");
    ward_buf_init(b);
    return p;
}

/* Nonzero when one of the 8 bytes in x is below 0x20, '"' or '\\' (the
 * bytes a JSON string escapes); exact, bytes of UTF-8 included. */
static uint64_t json_special8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high;
}

void ward_buf_json_str(ward_buf *b, const char *s, size_t n)
{
    ward_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        /* Text mostly needs no escape: skip it 8 bytes at a time. */
        uint64_t x;
        while (i + 8 <= n && (memcpy(&x, s + i, 8), !json_special8(x))) i += 8;
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        ward_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': ward_buf_puts(b, "\\\""); break;
        case '\\': ward_buf_puts(b, "\\\\"); break;
        case '\n': ward_buf_puts(b, "\\n"); break;
        case '\r': ward_buf_puts(b, "\\r"); break;
        case '\t': ward_buf_puts(b, "\\t"); break;
        default: ward_buf_printf(b, "\\u%04x", c); break;
        }
    }
    ward_buf_append(b, s + run, n - run);
    ward_buf_putc(b, '"');
}
