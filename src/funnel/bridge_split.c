/* bridge_split.c — TEMPORARY stand-in for the sentence splitter and the
 * sectionizer that the deid branch provides (sentences.c, sections.c).
 * Deleted when that lands in main; only here so concept extraction builds
 * and runs meanwhile. Lines are sentences, split again at ". " + capital;
 * "Header:" lines start sections. */
#include "ward/funnel.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void push(ward_span **v, size_t *n, size_t *cap, size_t a, size_t b)
{
    if (a >= b) return;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *v = ward_xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = (ward_span){a, b};
}

static size_t header_end(const char *s, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0; i < n && i < 40; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ':') return letters >= 4 || (letters >= 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) && i <= 3 && strchr("HRPSFC", s[0]) && memchr("HOSMHCE", s[1], 7) && !strchr("KLT", s[i - 1])) ? i + 1 : 0;
        if (!isalpha(c) && c != ' ' && c != '/' && c != '&') return 0;
        letters += isalpha(c) != 0;
    }
    return 0;
}

size_t ward_funnel_sentences(const char *text, size_t len, ward_span **out)
{
    ward_span *v = NULL;
    size_t n = 0, cap = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t a = pos, b = nl ? (size_t)(nl - text) : len;
        pos = b + 1;
        while (a < b && isspace((unsigned char)text[a])) a++;
        while (b > a && isspace((unsigned char)text[b - 1])) b--;
        size_t h = header_end(text + a, b - a);
        if (h) {
            push(&v, &n, &cap, a, a + h);
            a += h;
            while (a < b && isspace((unsigned char)text[a])) a++;
        }
        size_t s = a;
        for (size_t i = a; i + 2 < b; i++) {
            if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i + 1] == ' ' &&
                (isupper((unsigned char)text[i + 2]) || isdigit((unsigned char)text[i + 2])) && i > s + 3 &&
                isalpha((unsigned char)text[i - 1]) && isalpha((unsigned char)text[i - 2]) &&
                isalpha((unsigned char)text[i - 3])) {
                push(&v, &n, &cap, s, i + 1);
                s = i + 2;
            }
        }
        push(&v, &n, &cap, s, b);
    }
    *out = v;
    return n;
}

size_t ward_funnel_sections(const char *text, size_t len, ward_section **out)
{
    ward_section *v = NULL;
    size_t n = 0, cap = 0, pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t a = pos, b = nl ? (size_t)(nl - text) : len;
        pos = b + 1;
        size_t h = header_end(text + a, b - a);
        if (!h) continue;
        if (n) v[n - 1].end = a;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            v = ward_xrealloc(v, cap * sizeof *v);
        }
        ward_section *s = &v[n++];
        memset(s, 0, sizeof *s);
        s->head_start = a;
        s->head_end = a + h;
        s->start = a + h;
        s->end = len;
        size_t k = 0;
        for (size_t i = 0; i + 1 < h && k + 1 < sizeof s->name; i++)
            s->name[k++] = text[a + i] == ' ' ? '_' : (char)toupper((unsigned char)text[a + i]);
        s->name[k] = 0;
        if (!strcmp(s->name, "PAST_MEDICAL_HISTORY")) strcpy(s->name, "PMH");
    }
    *out = v;
    return n;
}
