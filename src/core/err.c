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

int ward_exit_status(int code)
{
    if (code == WARD_OK) return 0;
    if (code == WARD_EUSAGE) return 1;
    return 2;
}
