/* text.c — the small text tools the tasks and the guard share: content
 * words (lowercased, lightly stemmed, stopwords out), sentence spans,
 * numbers, and the detector for sentences that talk to a model. A word
 * spelled out letter by letter ("I V", "U I H C") also counts as the word
 * ("IV"), so a note may write the abbreviation the speaker spelled.
 *
 * Support is lexical on purpose: a sentence is supported when its content
 * words and every number in it appear in the evidence it cites. That is
 * cheap, explainable to a reviewer, and catches the failures that matter
 * (a dose or date that is not in the record, a claim about something the
 * cited text never mentions).
 */
#include "orch_int.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* Function words plus the frame words Ward's own templates add ("latest",
 * "recorded"...), which must not count as claims needing support. */
static const char *STOP[] = {
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing",
    "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "my", "of", "on", "or",
    "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "up", "us", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "ok", "okay", "yes", "no", "not", "patient", "pt", "latest", "last", "most",
    "recent", "recently", "current", "currently", "recorded", "record", "value", "level",
    "result", "status", "active", "since", "previous", "previously", "down", "unchanged",
    "answer", "reports", "reported", "says", "said", "note", "notes", "on", "per", "chart",
    "show", "shows", "tell", "list", "give", "please", "know", "any", "taking", "take", "taken",
    "medication", "medications", "medicine", "medicines", "allergy", "allergies", "known",
    "there", "none", "found", "date", "dated", "measured", "score", "points", "see", "quoted",
    "ward", "lab", "labs", "vital", "vitals", "encounter", "encounters", "visit", "problem",
    "problems", "history", "diagnosis", "diagnosed", "condition", "conditions", "s", NULL};

static int is_stop(const char *w)
{
    for (int i = 0; STOP[i]; i++)
        if (!strcmp(STOP[i], w)) return 1;
    return 0;
}

static void push(orch_words *o, const char *w, size_t n)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 16;
        o->w = ward_xrealloc(o->w, o->cap * sizeof *o->w);
    }
    o->w[o->n++] = ward_xstrndup(w, n);
}

/* Plural and possessive endings only: enough to match "tablets"/"tablet". */
static size_t stem(char *w, size_t n)
{
    if (n > 4 && !strcmp(w + n - 3, "ies")) { w[n - 3] = 'y'; return n - 2; }
    if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i') return n - 1;
    return n;
}

/* A word spelled letter by letter ("U I H C", as transcripts write what
 * was spoken) is also that word ("uihc"): pushed when the run ends. */
static void spelled(orch_words *out, char *run, size_t *nrun, int drop_stop)
{
    if (*nrun >= 2) {
        run[*nrun] = 0;
        size_t n = stem(run, *nrun);
        run[n] = 0;
        if (!(drop_stop && is_stop(run))) push(out, run, n);
    }
    *nrun = 0;
}

void orch_words_of(const char *text, int drop_stop, orch_words *out)
{
    memset(out, 0, sizeof *out);
    char w[64], run[16];
    size_t nrun = 0;
    for (const char *p = text; p && *p;) {
        const char *gap = p;
        while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80) p++;
        if (p - gap > 1 || (p > gap && *gap != ' ')) spelled(out, run, &nrun, drop_stop);
        size_t n = 0;
        int digits = 0;
        const char *at = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80 || (*p == '\'' && isalpha((unsigned char)p[1])))) {
            if (isdigit((unsigned char)*p)) digits++;
            if (n < sizeof w - 1) w[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        if (n == 1 && isupper((unsigned char)*at) && nrun < sizeof run - 1) run[nrun++] = w[0];
        else spelled(out, run, &nrun, drop_stop);
        if (!n) continue;
        w[n] = 0;
        char *apo = strchr(w, '\'');
        if (apo) n = (size_t)(apo - w), w[n] = 0;
        if (digits == (int)n) continue;          /* numbers are checked separately */
        if (drop_stop && is_stop(w)) continue;
        n = stem(w, n);
        w[n] = 0;
        if (!n || (drop_stop && is_stop(w))) continue;
        push(out, w, n);
    }
    spelled(out, run, &nrun, drop_stop);
}

void orch_words_free(orch_words *w)
{
    for (size_t i = 0; i < w->n; i++) free(w->w[i]);
    free(w->w);
    memset(w, 0, sizeof *w);
}

int orch_words_has(const orch_words *w, const char *word)
{
    for (size_t i = 0; i < w->n; i++)
        if (!strcmp(w->w[i], word)) return 1;
    return 0;
}

double orch_overlap(const orch_words *a, const orch_words *b)
{
    if (!a->n) return 1;
    size_t hit = 0;
    for (size_t i = 0; i < a->n; i++) hit += orch_words_has(b, a->w[i]);
    return (double)hit / (double)a->n;
}

int orch_has_word(const char *text, const char *word)
{
    return ward_str_hasword(text, word, strlen(word));
}

int orch_has_any(const char *text, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (orch_has_word(text, words[i])) return 1;
    return 0;
}

/* Abbreviations whose period does not end a sentence. */
static int abbrev_before(const char *text, size_t i)
{
    static const char *ab[] = {"dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "approx", "no", "st", NULL};
    size_t j = i;
    while (j > 0 && (isalpha((unsigned char)text[j - 1]) || text[j - 1] == '.')) j--;
    for (int k = 0; ab[k]; k++)
        if (i - j == strlen(ab[k]) && !strncasecmp(text + j, ab[k], i - j)) return 1;
    return 0;
}

/* Whether text[a,b) holds a chat-template token ("<|im_end|>", "[INST]",
 * "<start_of_turn>"...): text that carries one was written to steer a
 * model, not by a clinician, and is never quoted. */
static int has_template_token(const char *text, size_t a, size_t b)
{
    static const char *const tok[] = {"<|", "|>", "[INST]", "[/INST]", "<<SYS>>", "<</SYS>>", "<s>",
                                      "</s>", "<start_of_turn>", "<end_of_turn>", NULL};
    for (size_t i = a; i < b; i++) {
        if (text[i] != '<' && text[i] != '[' && text[i] != '|') continue;
        for (int k = 0; tok[k]; k++) {
            size_t n = strlen(tok[k]);
            if (i + n <= b && !memcmp(text + i, tok[k], n)) return 1;
        }
    }
    return 0;
}

void orch_sentences(const char *text, size_t len, void (*fn)(size_t s, size_t e, void *ud), void *ud)
{
    size_t s = 0;
    for (size_t i = 0; i <= len; i++) {
        int cut = 0;
        size_t e = i;
        if (i == len || text[i] == '\n') cut = 1;
        else if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && i + 1 < len &&
                 (text[i + 1] == ' ' || text[i + 1] == '\n') && !abbrev_before(text, i)) {
            cut = 1;
            e = i + 1;
        }
        if (!cut) continue;
        size_t a = s, b = e;
        while (a < b && isspace((unsigned char)text[a])) a++;
        while (b > a && isspace((unsigned char)text[b - 1])) b--;
        if (b > a && !has_template_token(text, a, b)) fn(a, b, ud);
        s = e < len && text[e] != '\n' ? e : e + 1;
        if (e > i) i = e - 1;
    }
}

/* "8.10" -> "8.1", "8.0" -> "8", "007" -> "7". */
static void norm_number(char *n)
{
    char *dot = strchr(n, '.');
    if (dot) {
        size_t l = strlen(n);
        while (l > 0 && n[l - 1] == '0') n[--l] = 0;
        if (n[l - 1] == '.') n[--l] = 0;
    }
    size_t z = 0;
    while (n[z] == '0' && n[z + 1] && n[z + 1] != '.') z++;
    if (z) memmove(n, n + z, strlen(n + z) + 1);
}

/* One word of a spoken number at p: its value, 1 for a teen or tens word
 * in *kind (2 for tens), *n its length; -1 when none. */
static long number_word(const char *p, size_t *n, int *kind)
{
    static const char *W[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL};
    static const char *T[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", NULL};
    size_t l = 0;
    while (isalpha((unsigned char)p[l])) l++;
    if (!l || (p[l] && (isalnum((unsigned char)p[l]) || p[l] == '\''))) return -1;
    *n = l;
    for (int i = 0; W[i]; i++)
        if (strlen(W[i]) == l && !strncasecmp(p, W[i], l)) return *kind = i >= 10, i;
    for (int i = 0; T[i]; i++)
        if (strlen(T[i]) == l && !strncasecmp(p, T[i], l)) return *kind = 2, 20 + 10 * i;
    return -1;
}

/* A group under 100 at p ("twenty six", "twenty-six", "nine", "ten"). */
static long number_group(const char *p, size_t *n, int *kind)
{
    long v = number_word(p, n, kind);
    if (v < 0 || *kind != 2 || (p[*n] != ' ' && p[*n] != '-')) return v;
    size_t m;
    int k;
    long u = number_word(p + *n + 1, &m, &k);
    if (u >= 1 && u <= 9) *n += 1 + m, *kind = 3;
    return u >= 1 && u <= 9 ? v + u : v;
}

static int word_at(const char *p, const char *w)
{
    size_t l = strlen(w);
    return !strncasecmp(p, w, l) && !isalnum((unsigned char)p[l]);
}

long orch_spelled_number(const char *p, size_t *len)
{
    if (!p || !isalpha((unsigned char)*p)) return -1;
    int kind;
    size_t n;
    long v = number_group(p, &n, &kind);
    if (v < 0) return -1;
    size_t at = n;
    for (int step = 0; step < 2; step++) {   /* "two thousand", "one hundred", "two thousand three hundred" */
        if (p[at] != ' ') break;
        if (word_at(p + at + 1, "hundred") && v > 0 && v < 100 && step == 0) v *= 100, at += 8;
        else if (word_at(p + at + 1, "thousand") && v > 0 && v < 1000) v *= 1000, at += 9;
        else break;
        size_t m;
        int k;
        const char *q = p + at + 1;
        if (word_at(q, "and")) q += 4;
        long g = p[at] == ' ' ? number_group(q, &m, &k) : -1;
        if (g >= 0) v += g, at = (size_t)(q - p) + m;
    }
    /* a year said in two halves: "nineteen eighty five", "twenty twenty" */
    if (at == n && (kind == 1 || v == 20) && v >= 11 && p[at] == ' ') {
        size_t m;
        int k;
        const char *q = p + at + 1;
        int oh = word_at(q, "oh");
        if (oh) q += 3;
        long g = number_group(q, &m, &k);
        if (g >= (oh ? 1 : 10) && g <= (oh ? 9 : 99)) v = v * 100 + g, at = (size_t)(q - p) + m;
    }
    *len = at;
    return v;
}

void orch_numbers_of(const char *text, orch_words *out)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    while (p && *p) {
        if (isalpha((unsigned char)*p) && (p == text || !isalnum((unsigned char)p[-1]))) {
            /* a number said in words is that number too: "twenty six" supports "26" */
            size_t n;
            long v = orch_spelled_number(p, &n);
            if (v >= 0) {
                char num[24];
                snprintf(num, sizeof num, "%ld", v);
                push(out, num, strlen(num));
                p += n;
                continue;
            }
            while (isalpha((unsigned char)*p)) p++;
            continue;
        }
        if (!isdigit((unsigned char)*p)) { p++; continue; }
        int glued = p > text && (isalpha((unsigned char)p[-1]) || p[-1] == '_');
        int marker = p > text && p[-1] == '[';
        const char *s = p;
        /* ISO date: keep whole. */
        if (strlen(p) >= 10 && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            p[4] == '-' && isdigit((unsigned char)p[5]) && isdigit((unsigned char)p[6]) && p[7] == '-' &&
            isdigit((unsigned char)p[8]) && isdigit((unsigned char)p[9])) {
            if (!glued) push(out, p, 10);
            p += 10;
            continue;
        }
        while (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1])) ||
               (*p == ',' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
                isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4])))
            p++;
        if (glued || (marker && *p == ']')) continue;
        char num[48];
        size_t n = 0;
        for (const char *q = s; q < p && n < sizeof num - 1; q++)
            if (*q != ',') num[n++] = *q;
        num[n] = 0;
        norm_number(num);
        push(out, num, strlen(num));
    }
}

/* Phrases that address a model rather than describe a patient. */
static const char *INJECTION_RE =
    "(ignore|disregard|forget|override|bypass)[^.!?\n]{0,40}(instruction|prompt|rule|previous|prior|above|earlier|guideline|context)"
    "|system prompt|you are now|you must now|new instructions|from now on,? (you|answer|respond|say)"
    "|(instead|only),? (say|answer|respond|reply|output|write|print)"
    "|(respond|reply|answer) (only )?with (the word|\")"
    "|do not cite|without citations|reveal (the|your)|<\\|im_start\\||\\[/?inst\\]|<<<|>>>"
    "|(^|[^a-z])(assistant|system) ?:";

int orch_is_injection(const char *text, size_t len)
{
    static regex_t re;
    static int ready = 0;
    if (!ready) {
        if (regcomp(&re, INJECTION_RE, REG_EXTENDED | REG_ICASE | REG_NOSUB)) return 0;
        ready = 1;
    }
    char *t = ward_xstrndup(text, len);
    int hit = regexec(&re, t, 0, NULL, 0) == 0;
    free(t);
    return hit;
}
