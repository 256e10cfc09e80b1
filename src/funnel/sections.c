/* sections.c — finding section headers and naming them canonically.
 *
 * A header is either a line starting "Words:" (the words in the rules
 * table, or ALL CAPS) or a heading line of its own (ALL CAPS, or a known
 * variant like "Assessment and Plan"). The rules table maps the header
 * variants clinicians write to a small canonical set (docs/funnel.md); it
 * comes from data/sections.tsv, embedded in the binary, plus a site file
 * ($WARD_SECTIONS, else $WARD_DATA/sections.tsv) that adds or overrides
 * rules. Headers not in the table but written in capitals still start a
 * section, named by their own words, so chunks never mix two sections.
 */
#include "ward/funnel.h"
#include "funnel/funnel_int.h"
#include "funnel/lex_int.h"
#include "data_sections_tsv.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEAD 64

static funnel_lex *rules;
static pthread_once_t rules_once = PTHREAD_ONCE_INIT;

/* Lower case, single spaces, no trailing colon/dash/space, '#' of Markdown
 * headings dropped. */
static size_t norm_header(char *s, size_t n)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '#' && k == 0) continue;
        if (isspace(c) || c == '_') {
            space = k > 0;
            continue;
        }
        if (space) s[k++] = ' ';
        space = 0;
        s[k++] = (char)tolower(c);
    }
    while (k && (s[k - 1] == ':' || s[k - 1] == '-' || s[k - 1] == ' ')) k--;
    return k;
}

static void free_rules(void) { funnel_lex_free(rules); }

static void load_rules(void)
{
    rules = funnel_lex_new();
    funnel_lex_load_tsv(rules, WARD_DATA_SECTIONS_TSV, sizeof WARD_DATA_SECTIONS_TSV - 1, norm_header);
    char path[4096];
    funnel_lex_site_path("WARD_SECTIONS", "sections.tsv", path, sizeof path);
    funnel_lex_load_file(rules, path, norm_header);
    atexit(free_rules);
}

const char *ward_funnel_section_canonical(const char *header, size_t len)
{
    char key[MAX_HEAD];
    if (len >= sizeof key) return NULL;
    pthread_once(&rules_once, load_rules);
    memcpy(key, header, len);
    size_t k = norm_header(key, len);
    return k ? funnel_lex_get(rules, key, k) : NULL;
}

typedef struct caps { size_t letters, upper, digits, words; } caps;

static caps count_caps(const char *s, size_t n)
{
    caps c = {0};
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (isalpha(ch)) {
            c.letters++;
            c.upper += isupper(ch) != 0;
            if (!in_word) c.words++;
            in_word = 1;
        } else {
            c.digits += isdigit(ch) != 0;
            in_word = 0;
        }
    }
    return c;
}

/* Unknown headers are named by their words: "OPERATION PERFORMED". */
static void own_name(const char *s, size_t n, char name[32])
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < 31; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c)) name[k++] = (char)toupper(c);
        else if (k && name[k - 1] != '_' && c != ':' && c != '#') name[k++] = '_';
    }
    while (k && name[k - 1] == '_') k--;
    name[k] = 0;
}

static void set_name(const char *canon, const char *s, size_t n, char name[32])
{
    if (canon) {   /* snprintf's cut without its cost, once per header line */
        size_t k = strnlen(canon, 31);
        memcpy(name, canon, k);
        name[k] = 0;
    } else {
        own_name(s, n, name);
    }
}

size_t funnel_header(const char *s, size_t n, size_t *body, char name[32])
{
    size_t i = 0;
    if (!n || isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '*') return 0;
    for (; i < n && i < MAX_HEAD; i++)
        if (s[i] == ':' || s[i] == ',' || s[i] == ';' || s[i] == '(' || s[i] == '\t') break;
    if (i < n && s[i] == ':' && i > 0) {              /* "Header: text" */
        size_t b = i + 1;
        while (b < n && (s[b] == ' ' || s[b] == '\t')) b++;
        if (b < n && s[b] == ',') b++;                 /* "HPI:,  The patient" */
        while (b < n && (s[b] == ' ' || s[b] == '\t')) b++;
        const char *canon = ward_funnel_section_canonical(s, i);
        if (!canon) {
            /* Unknown: accept ALL CAPS of some length, not "BP: 120/80". */
            caps c = count_caps(s, i);
            if (c.letters < 3 || c.upper != c.letters || c.digits ||
                (b < n && (c.words < 2 || isdigit((unsigned char)s[b]))))
                return 0;
        }
        set_name(canon, s, i, name);
        *body = b;
        return i + 1;
    }
    if (n > MAX_HEAD || s[n - 1] == '.' || s[n - 1] == ',') return 0;
    for (size_t k = 0; k < n; k++)
        if (s[k] == ':' || s[k] == ',' || s[k] == ';') return 0;
    const char *canon = ward_funnel_section_canonical(s, n);
    if (!canon) {                                      /* an ALL-CAPS heading line */
        caps c = count_caps(s, n);
        if (c.letters < 3 || c.upper != c.letters || c.digits) return 0;
    }
    set_name(canon, s, n, name);
    *body = n;
    return n;
}

typedef struct sect_list {
    ward_section *v;
    size_t n, cap;
} sect_list;

static ward_section *push(sect_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = ward_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    ward_section *s = &l->v[l->n++];
    memset(s, 0, sizeof *s);
    return s;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

/* Closes section s at `end`, trimming trailing space. */
static void close_at(const char *text, ward_section *s, size_t end)
{
    while (end > s->start && is_space(text[end - 1])) end--;
    s->end = end < s->start ? s->start : end;
}

size_t ward_funnel_sections(const char *text, size_t len, ward_section **out)
{
    sect_list l = {0};
    ward_section *cur = NULL;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t a = pos, b = nl ? (size_t)(nl - text) : len;
        pos = b + (nl ? 1 : 0);
        while (a < b && is_space(text[a])) a++;
        while (b > a && is_space(text[b - 1])) b--;
        if (a == b) continue;
        size_t body;
        char name[32];
        size_t h = funnel_header(text + a, b - a, &body, name);
        if (h && strcmp(name, "=")) {
            if (cur) close_at(text, cur, a);
            cur = push(&l);
            cur->head_start = a;
            cur->head_end = a + h;
            cur->start = a + body;
            if (body >= b - a) {                       /* body starts on a later line */
                cur->start = pos;
                while (cur->start < len && is_space(text[cur->start])) cur->start++;
            }
            memcpy(cur->name, name, sizeof cur->name);
            continue;
        }
        if (!cur) {                                    /* text before any header */
            cur = push(&l);
            cur->head_start = cur->head_end = cur->start = a;
        }
    }
    if (cur) close_at(text, cur, len);
    *out = l.v;
    return l.n;
}
