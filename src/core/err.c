/* err.c — error values and process exit status.
 *
 * Ward's library never exits: every failure comes back as a code plus a
 * message in a ward_err. Only the CLI turns codes into exit statuses. */
#include "ward/core.h"

#include <string.h>

int ward_err_set(ward_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void ward_err_clear(ward_err *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = 0;
    }
}

void ward_err_prefix(ward_err *err, const char *fmt, ...)
{
    if (!err) return;
    char inner[sizeof err->msg], outer[sizeof err->msg];
    memcpy(inner, err->msg, sizeof inner);
    inner[sizeof inner - 1] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(outer, sizeof outer, fmt, ap);
    va_end(ap);
    /* Built with ward_buf rather than snprintf("%s: %s"): the two halves may
     * together exceed msg, and the cut belongs at the end. */
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_puts(&b, outer);
    if (inner[0]) ward_buf_printf(&b, ": %s", inner);
    size_t n = b.len < sizeof err->msg - 1 ? b.len : sizeof err->msg - 1;
    memcpy(err->msg, b.data, n);
    err->msg[n] = 0;
    ward_buf_free(&b);
}

const char *ward_err_name(int code)
{
    static const char *names[] = {"ok", "usage", "input", "io", "not_found", "no_memory",
                                  "denied", "model", "busy", "output"};
    if (code < 0 || code >= (int)(sizeof names / sizeof *names)) return "unknown";
    return names[code];
}

int ward_exit_status(int code)
{
    if (code == WARD_OK) return 0;
    if (code == WARD_EUSAGE) return 1;
    return 2;
}
