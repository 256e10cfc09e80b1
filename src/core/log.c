/* log.c — leveled logging to stderr.
 *
 * Callers log events and counts, never record contents: PHI must not reach
 * logs. The threshold comes from WARD_LOG unless set explicitly. */
#include "ward/core.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int threshold = -1;

void ward_log_set_level(int level)
{
    threshold = level;
}

static int level_from_env(void)
{
    const char *e = getenv("WARD_LOG");
    if (!e) return WARD_LOG_WARN;
    if (!strcmp(e, "debug")) return WARD_LOG_DEBUG;
    if (!strcmp(e, "info")) return WARD_LOG_INFO;
    if (!strcmp(e, "error")) return WARD_LOG_ERROR;
    return WARD_LOG_WARN;
}

void ward_log(int level, const char *fmt, ...)
{
    static const char *names[] = {"error", "warn", "info", "debug"};
    if (threshold < 0) threshold = level_from_env();
    if (level > threshold) return;
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s ward %s: ", ts, names[level < 0 ? 0 : level > 3 ? 3 : level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
