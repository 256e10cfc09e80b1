/* log.c — diagnostics handed to the program's log function.
 *
 * The library never writes to stdout or stderr: the program decides where
 * messages go (the CLI prints them, a server would log them) by setting a
 * function once at start-up. Callers log events and counts, never record
 * contents: PHI must not reach logs. */
#include "ward/core.h"

#include <stdio.h>

static ward_log_fn log_fn;
static void *log_ud;

void ward_log_set_fn(ward_log_fn fn, void *ud)
{
    log_fn = fn;
    log_ud = ud;
}

void ward_log(int level, const char *fmt, ...)
{
    if (!log_fn) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_fn(log_ud, level, msg);
}
