/* cli_report.c — drawing the progress of long runs (ingest, index) on stderr.
 *
 * The library reports ward_events and never prints; the commands render
 * them. A progress line is redrawn in place at most ten times a second, and
 * only when stderr is a terminal, so logs and tests see errors alone. */
#include "cli_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_bar_init(cli_bar *b, int wanted)
{
    b->tty = wanted && isatty(STDERR_FILENO);
    b->drawn = 0;
    b->t0 = cli_now();
    b->last = 0;
}

void cli_bar_draw(cli_bar *b, double frac, int force, const char *fmt, ...)
{
    if (!b->tty) return;
    double t = cli_now();
    if (!force && t - b->last < 0.1) return;
    b->last = t;
    b->drawn = 1;
    int width = 24, filled = (int)(frac * width);
    char bar[32];
    for (int i = 0; i < width; i++) bar[i] = i < filled ? '#' : '.';
    bar[width] = 0;
    fprintf(stderr, "\r\033[K[%s] %3.0f%% ", bar, frac * 100);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void cli_bar_clear(cli_bar *b)
{
    if (b->drawn) fputs("\r\033[K", stderr);
    b->drawn = 0;
}

/* ward_log's messages, printed as "TIME ward LEVEL: message" when at or
 * above the threshold WARD_LOG sets (debug, info, warn, error; default warn). */
static void log_print(void *ud, int level, const char *msg)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    int threshold = (int)(intptr_t)ud;
    if (level > threshold) return;
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s ward %s: %s\n", ts, names[level < 0 ? 0 : level > 3 ? 3 : level], msg);
}

void cli_log_init(void)
{
    const char *e = getenv("WARD_LOG");
    int level = !e ? WARD_LOG_WARN
              : !strcmp(e, "debug") ? WARD_LOG_DEBUG
              : !strcmp(e, "info") ? WARD_LOG_INFO
              : !strcmp(e, "error") ? WARD_LOG_ERROR
              : WARD_LOG_WARN;
    ward_log_set_fn(log_print, (void *)(intptr_t)level);
}
