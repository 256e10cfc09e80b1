/* fuzz_context.c — libFuzzer target: ConText assertions.
 *
 * Input: two bytes that place the target span, then a sentence. The
 * assertion must be one of the named ones whatever the text. */
#include "ward/funnel.h"

#include <stdlib.h>
#include <string.h>

static ward_context *cx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    if (!cx) {
        ward_err err = {0};
        if (ward_context_new(NULL, &cx, &err)) abort();
    }
    size_t len = size - 2;
    char *text = malloc(len);   /* exactly len bytes: ASan sees overreads */
    memcpy(text, data + 2, len);
    size_t ts = data[0] % (len + 1), te = ts + data[1] % (len - ts + 1);
    ward_context_result r;
    memset(&r, 0, sizeof r);
    ward_context_assert(cx, text, len, ts, te, &r);
    if (!ward_assertion_name(ward_context_strongest(&r))) abort();
    free(text);
    return 0;
}
