/* bench_note.h — the text of a `note` result as a reader sees it, for
 * scoring against a reference note: section titles (when asked) and the
 * sentences, without citation marks, sources or Ward's frame lines
 * ("Not discussed."). Header-only; needs jansson. */
#ifndef WARD_BENCH_NOTE_H
#define WARD_BENCH_NOTE_H

#include "ward/core.h"

#include <jansson.h>
#include <string.h>

/* only: a section title to keep alone, or NULL for all; titles: print them. */
static inline char *bench_note_text(json_t *result, const char *only, int titles)
{
    ward_buf b;
    ward_buf_init(&b);
    size_t i, k;
    json_t *s, *line;
    json_array_foreach(json_object_get(result, "sections"), i, s) {
        const char *title = json_string_value(json_object_get(s, "title"));
        if (!title || (only && strcmp(title, only))) continue;
        int shown = 0;
        json_array_foreach(json_object_get(s, "lines"), k, line) {
            const char *t = json_string_value(json_object_get(line, "text"));
            if (!t || !strcmp(t, "Not discussed.")) continue;
            if (titles && !shown++) ward_buf_printf(&b, "%s%s\n", b.len ? "\n" : "", title);
            ward_buf_printf(&b, "%s\n", t);
        }
    }
    return ward_buf_steal(&b);
}

/* Adds the result's guard counts: sentences written, and dropped. */
static inline void bench_note_guard(json_t *result, long *sentences, long *dropped)
{
    json_t *v = json_object_get(result, "verification");
    *sentences += (long)json_integer_value(json_object_get(v, "sentences"));
    *dropped += (long)json_integer_value(json_object_get(v, "dropped"));
}

#endif
