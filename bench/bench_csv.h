/* bench_csv.h — one CSV field at a time (RFC 4180: quoted fields may hold
 * commas, doubled quotes and newlines), for the bench programs that read
 * public data sets (mtsamples, MTS-Dialog, ACI-Bench). Header-only. */
#ifndef WARD_BENCH_CSV_H
#define WARD_BENCH_CSV_H

#include "ward/core.h"

/* Reads the field starting at *p (before end); returns its unquoted text
 * (free it) and sets *eol when it was the last field of its row. */
static inline char *csv_field(const char **p, const char *end, int *eol)
{
    ward_buf b;
    ward_buf_init(&b);
    const char *s = *p;
    if (s < end && *s == '"') {
        for (s++; s < end; s++) {
            if (*s == '"' && s + 1 < end && s[1] == '"') ward_buf_putc(&b, '"'), s++;
            else if (*s == '"') { s++; break; }
            else if (*s != '\r') ward_buf_putc(&b, *s);
        }
    } else {
        while (s < end && *s != ',' && *s != '\n' && *s != '\r') ward_buf_putc(&b, *s++);
    }
    while (s < end && *s == '\r') s++;
    *eol = s >= end || *s == '\n';
    if (s < end) s++;
    *p = s;
    return ward_buf_steal(&b);
}

#endif
