/* cli_report.c — drawing the progress of long runs (ingest, index) on stderr.
 *
 * The library reports ward_events and never prints; the commands render
 * them. A progress line is redrawn in place at most ten times a second, and
 * only when stderr is a terminal, so logs and tests see errors alone. */
#include "cli.h"

#include <stdarg.h>
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
