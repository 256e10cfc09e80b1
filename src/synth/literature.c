/* literature.c — the literature question set a cohort carries: guideline
 * statements written for Ward's tests (data/literature.tsv, embedded), as
 * guideline notes under literature/ID.md (front matter kind: guideline, no
 * patient), and the questions they answer, or cannot, in
 * literature_questions.jsonl ({"question", "guideline": ID or null,
 * "title", "answer_has": [...]}), for `ward eval tasks`.
 */
#include "synth_int.h"

#include "data_literature_tsv.h"

#include <jansson.h>
#include <string.h>

/* Field i of a tab-separated line [s, e) as a new string ("" past the end). */
static char *field(const char *s, const char *e, int i)
{
    for (; i > 0 && s < e; i--) {
        const char *t = memchr(s, '\t', (size_t)(e - s));
        s = t ? t + 1 : e;
    }
    const char *t = memchr(s, '\t', (size_t)(e - s));
    return ward_xstrndup(s, (size_t)((t ? t : e) - s));
}

/* The title of guideline id. */
static char *title_of(const char *id)
{
    const char *text = WARD_DATA_LITERATURE_TSV, *end = text + sizeof WARD_DATA_LITERATURE_TSV - 1;
    for (const char *s = text; s < end;) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e) e = end;
        char *kind = field(s, e, 0), *gid = field(s, e, 1);
        int hit = !strcmp(kind, "guideline") && !strcmp(gid, id);
        free(kind), free(gid);
        if (hit) return field(s, e, 2);
        s = e + 1;
    }
    return NULL;
}

static void add_question(swriter *sw, const char *s, const char *e)
{
    char *gid = field(s, e, 1), *q = field(s, e, 2), *has = field(s, e, 3);
    int none = !strcmp(gid, "-");
    char *title = none ? NULL : title_of(gid);
    json_t *words = json_array();
    for (char *save = NULL, *w = strtok_r(has, "|", &save); w; w = strtok_r(NULL, "|", &save))
        json_array_append_new(words, json_string(w));
    json_t *o = json_pack("{s:s, s:s?, s:s?, s:o}", "question", q, "guideline", none ? NULL : gid, "title", title,
                          "answer_has", words);
    char *line = json_dumps(o, JSON_COMPACT);
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_printf(&b, "%s\n", line);
    sw_line(sw, "", "literature_questions.jsonl", b.data, b.len);
    ward_buf_free(&b);
    free(line), json_decref(o), free(gid), free(q), free(has), free(title);
}

void synth_write_literature(swriter *sw)
{
    const char *text = WARD_DATA_LITERATURE_TSV, *end = text + sizeof WARD_DATA_LITERATURE_TSV - 1;
    ward_buf doc;
    ward_buf_init(&doc);
    char *cur = NULL;
    for (const char *s = text; s <= end;) {
        const char *e = s < end ? memchr(s, '\n', (size_t)(end - s)) : NULL;
        if (!e) e = end;
        char *kind = s < end && *s != '#' ? field(s, e, 0) : ward_xstrdup("");
        char *id = field(s, e, 1);
        /* a guideline ends where the next begins, or at the questions */
        if (cur && (s >= end || strcmp(kind, "statement"))) {
            ward_buf name;
            ward_buf_init(&name);
            ward_buf_printf(&name, "%s.md", cur);
            sw_file(sw, "literature", name.data, doc.data, doc.len);
            ward_buf_free(&name);
            free(cur);
            cur = NULL;
        }
        if (!strcmp(kind, "guideline")) {
            char *title = field(s, e, 2);
            ward_buf_reset(&doc);
            ward_buf_printf(&doc, "---\nkind: guideline\ntitle: %s\n---\n", title);
            free(title);
            cur = ward_xstrdup(id);
        } else if (!strcmp(kind, "statement") && cur) {
            char *sentence = field(s, e, 2);
            ward_buf_printf(&doc, "%s\n", sentence);
            free(sentence);
        } else if (!strcmp(kind, "question")) {
            add_question(sw, s, e);
        }
        free(kind), free(id);
        s = e + 1;
    }
    free(cur);
    ward_buf_free(&doc);
}
