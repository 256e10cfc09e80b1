/* core.h — what every layer of Ward uses: errors, buffers, logging,
 * UTF-8 checks, hashing, dates and small string helpers.
 *
 * Errors: functions return 0 on success or a WARD_E* code, and fill a
 * caller-supplied ward_err with a message saying what was wrong and what to
 * do. Messages never carry PHI: they name files, record numbers, fields and
 * resource types, never values taken from a record.
 */
#ifndef WARD_CORE_H
#define WARD_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WARD_VERSION "0.1.0"

enum {
    WARD_OK = 0,
    WARD_EUSAGE = 1,   /* bad arguments: exit status 1 */
    WARD_EINPUT = 2,   /* bad data or input file: exit status 2 */
    WARD_EIO = 3,      /* filesystem / database failure */
    WARD_ENOTFOUND = 4,
    WARD_ENOMEM = 5,
    WARD_EDENIED = 6,  /* not allowed for this role */
    WARD_EMODEL = 7,   /* model missing, corrupt or incompatible */
    WARD_EBUSY = 8,    /* the store is locked by another writer: try again */
    WARD_EOUTPUT = 9,  /* a model's output broke its schema or contract */
};

typedef struct ward_err {
    int code;
    char msg[1024];
} ward_err;

/* Sets err (when non-NULL) and returns code, so `return ward_err_set(...)`. */
int ward_err_set(ward_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ward_err_clear(ward_err *err);
/* Wraps err's message: "<prefix>: <old message>", keeping its code. The old
 * message is copied first, so err->msg may be used freely by the caller. */
void ward_err_prefix(ward_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The code's stable name: "ok", "usage", "input", "io", "not_found"... */
const char *ward_err_name(int code);
/* Exit status for a code: 0 ok, 1 usage, 2 everything else. */
int ward_exit_status(int code);

/* Params: a function that takes settings takes a pointer to its
 * ward_*_params (copied; NULL means ward_*_default_params()). */

/* Growable byte buffer, always NUL-terminated. */
typedef struct ward_buf {
    char *data;
    size_t len, cap;
} ward_buf;

void ward_buf_init(ward_buf *b);
void ward_buf_free(ward_buf *b);
void ward_buf_reset(ward_buf *b);
void ward_buf_append(ward_buf *b, const void *p, size_t n);
void ward_buf_puts(ward_buf *b, const char *s);
void ward_buf_putc(ward_buf *b, char c);
void ward_buf_printf(ward_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ward_buf_vprintf(ward_buf *b, const char *fmt, va_list ap);
/* Appends s[0..n) as a quoted JSON string (escapes quotes, backslashes and
 * control bytes; UTF-8 passes through). */
void ward_buf_json_str(ward_buf *b, const char *s, size_t n);
/* Hands the bytes to the caller (free() them) and leaves b empty. */
char *ward_buf_steal(ward_buf *b);

/* Allocation that aborts on out-of-memory: Ward cannot do anything useful
 * without memory and checking every small allocation hides the logic. */
void *ward_xmalloc(size_t n);
void *ward_xcalloc(size_t n, size_t m);
void *ward_xrealloc(void *p, size_t n);
char *ward_xstrdup(const char *s);
char *ward_xstrndup(const char *s, size_t n);

/* Reports from long runs (ingest, synth, index, eval). The library never
 * prints: a run calls its params' report callback, the CLI renders the events
 * and the server logs them. Messages carry no PHI (files, record numbers,
 * fields, never values). */
enum { WARD_EVENT_PROGRESS, WARD_EVENT_ERROR, WARD_EVENT_WARNING, WARD_EVENT_INFO };
typedef struct ward_event {
    int kind;             /* WARD_EVENT_* */
    const char *file;     /* the file or source in question, or NULL */
    long record;          /* 1-based record within file, 0 when none */
    int code;             /* WARD_E* for errors and warnings */
    const char *msg;      /* what happened (errors, warnings, info) */
    uint64_t done, total; /* progress in `unit`s; total 0 when unknown */
    const char *unit;     /* "bytes", "patients", "chunks"... */
} ward_event;
typedef void (*ward_report_fn)(void *ud, const ward_event *ev);

/* Diagnostics no call can return: a retry, a cache that could not be saved,
 * llama.cpp's own messages. The library never prints them: ward_log hands
 * each message to the function the program set with ward_log_set_fn (the
 * CLI prints to stderr, honouring WARD_LOG=debug|info|warn|error), and drops
 * it when none is set. Set it once, before any other thread runs; fn may be
 * called from any thread. Messages carry no PHI. */
enum { WARD_LOG_ERROR, WARD_LOG_WARN, WARD_LOG_INFO, WARD_LOG_DEBUG };
typedef void (*ward_log_fn)(void *ud, int level, const char *msg);
void ward_log_set_fn(ward_log_fn fn, void *ud);
void ward_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* UTF-8: returns 1 when s[0..n) is valid UTF-8; else 0 and *bad = offset. */
int ward_utf8_valid(const char *s, size_t n, size_t *bad);
/* s as valid UTF-8 (malloc'd): valid text as is, each byte of an invalid
 * sequence as the four characters \xNN, so input is kept as given. */
char *ward_utf8_escape(const char *s);

/* Lowers the calling thread's scheduling priority (Linux: its own nice
 * value) by `steps`, so that a thread whose work waits on nobody yields
 * the CPU to the one the others wait for. Best effort: ignores failure. */
void ward_thread_lower_priority(int steps);

/* Past the process's file size limit (ulimit -f) the kernel kills a writer
 * with SIGXFSZ. After ward_file_limit_catch() (the CLI calls it first)
 * such a write fails with EFBIG instead, and ward_file_limit_reached()
 * says it happened: SQLite reports only "disk I/O error" and loses errno. */
void ward_file_limit_catch(void);
int ward_file_limit_reached(void);

/* Reads a whole file (up to max bytes; 0 = no limit). */
int ward_read_file(const char *path, size_t max, char **out, size_t *len, ward_err *err);

/* Hex BLAKE2b-256 of bytes (65-byte out buffer). */
void ward_hash_hex(const void *p, size_t n, char out[65]);

/* Dates. Ward stores ISO 8601 text ("2024-03-02" or "2024-03-02T10:00:00Z").
 * ward_date_norm copies the date part of many input forms (ISO, HL7 TS
 * "20240302103000", "03/02/2024") into out[11] as YYYY-MM-DD; 0 on success. */
int ward_date_norm(const char *in, char out[11]);
/* Today in UTC as YYYY-MM-DD. */
void ward_date_today(char out[11]);
/* Days since 1970-01-01 (negative before it) of a date ward_date_norm
 * reads, into *days: 0, or -1 when ymd is not a date. */
int ward_date_days(const char *ymd, long *days);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian; m 1-12,
 * d 1-31), and back: the civil date of a day count. */
long ward_date_from_civil(long y, long m, long d);
void ward_date_civil(long days, int *y, int *m, int *d);
/* A key that orders ISO 8601 times by the instant they name (strcmp on
 * two keys): a time with a zone offset ("2024-06-01T08:00:00-07:00") is
 * written in UTC ("2024-06-01T15:00:00"), one without stays as written,
 * a date alone stays a date (before the times of its day). Text that is
 * no ISO time is copied as it is. */
void ward_time_key(const char *iso, char out[24]);

/* DATA_DIR/config: "key = value" lines, '#' comments. Sets *value
 * (malloc'd, trimmed) to the last value of key and returns WARD_OK, or
 * WARD_ENOTFOUND when the file or the key is absent. */
int ward_config_get(const char *data_dir, const char *key, char **value);

/* Strings. */
int ward_str_startswith(const char *s, const char *prefix);
int ward_str_casestartswith(const char *s, const char *prefix);
int ward_str_endswith(const char *s, const char *suffix);
char *ward_str_trim(char *s);               /* in place, returns s */
/* snprintf(dst, cap, "%.*s", n, src) without the format's cost (code
 * that fills fixed fields per concept): at most n bytes of src, up to its
 * NUL, cut to cap - 1; cap > 0. ward_str_copy: all of src. */
void ward_str_copyn(char *dst, size_t cap, const char *src, size_t n);
void ward_str_copy(char *dst, size_t cap, const char *src);
const char *ward_str_casestr(const char *hay, const char *needle);
/* 1 when text holds w[0..n) as a whole word: case-insensitive, with no
 * letter or digit on either side ("bp" in "bp?", not in "bpm"). */
int ward_str_hasword(const char *text, const char *w, size_t n);
/* Where the first such whole word starts in text, or NULL. */
const char *ward_str_findword(const char *text, const char *w, size_t n);

/* Rule files (data/NAME.tsv): calls fn for each line of text[0,len) that is
 * not blank or a '#' comment, with its tab-separated fields (the first 8;
 * f[i] is not NUL-terminated: fl[i] is
 * its length; trailing spaces and CR are dropped). A nonzero return from fn
 * stops the walk and is returned. line counts from 1. */
typedef int (*ward_tsv_fn)(void *ud, long line, int nf, const char **f, const size_t *fl);
int ward_tsv_each(const char *text, size_t len, ward_tsv_fn fn, void *ud);
/* The same one line at a time: the next "key<TAB>value" line from *pos
 * (a line with no tab has an empty value); 0 at the end. */
int ward_tsv_next(const char *text, size_t len, size_t *pos, const char **key, size_t *kn,
                  const char **val, size_t *vn);
/* 1 when field (f, n) equals the NUL-terminated s. */
int ward_field_is(const char *f, size_t n, const char *s);
/* 1 when w[0..n) is an English function word or a question word ("the",
 * "what", "when", "patient"...) that says nothing about a chart's content
 * (case-insensitive). Shared by BM25 query building and the lexical embedder. */
int ward_stopword(const char *w, size_t n);

#endif
