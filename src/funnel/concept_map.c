/* concept_map.c — the lexicon's concepts as identities: which records name
 * the same thing, and which words mean the same thing in a question.
 *
 * Records name one concept in many ways: "Type 2 diabetes mellitus"
 * (SNOMED 44054006) from FHIR, "diabetes mellitus" (ICD-10 E11.9) found in a
 * note, "Allergy to peanuts" and the substance "peanuts". The built-in
 * lexicon (data/lexicon.tsv) lists each concept's names and codes; two
 * entries that share a code are one concept here (union-find), so
 * "diabetes mellitus" and "type 2 diabetes mellitus" (both E11.9) merge.
 * ward_concept_key gives a record's concept by code first, then by its
 * display; ward_concept_synonyms gives, for each concept a text names, its
 * other names and the `related` phrases of the lexicon (CKD -> chronic
 * kidney disease, kidney function, eGFR), for query expansion and the
 * guard's support check.
 *
 * Allergy classes (`allergyclass` lines: penicillins take in amoxicillin,
 * ACE inhibitors lisinopril): ward_concept_class gives the classes of a
 * concept, so the chart lists a drug a note names beside its class's
 * allergy as that one allergy; ward_concept_in_class whether a text names
 * a member of a class ("Is amoxicillin safe?" against a penicillin
 * allergy). A class never takes in another class.
 *
 * A name the lexicon writes with capitals ("GERD", "DOE", "eGFR") is an
 * abbreviation: in a question it names its concept only as written or in
 * all capitals, so "Does" is not DOE and "gerd" widens nothing. Records
 * are matched in any case (ward_concept_key).
 *
 * The table is built once per process (pthread_once) from the embedded
 * lexicon and never changes: lookups are lock-free and thread-safe.
 */
#include "phrase_int.h"
#include "ward/funnel.h"

#include "data_lexicon_tsv.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct cm_name {
    char *s;            /* lowercase, words joined by one space */
    int entry;
    char *cased;        /* the name as written when it has capitals ("GERD"), else NULL */
} cm_name;

/* A member of an allergy class, by entry (names until build() resolves them). */
typedef struct cm_class {
    char *cls_name, *member_name;
    int cls, member;
} cm_class;

typedef struct cm_entry {
    char *pref;         /* the preferred (first) name */
    char kind[12];      /* problem, medication, lab, procedure, allergen */
    int parent;         /* union-find */
    int first_name, nnames;   /* names by entry are contiguous in names_by_entry */
} cm_entry;

static struct {
    cm_entry *e;
    size_t ne;
    cm_name *names;            /* sorted by s */
    size_t nn;
    cm_name *by_entry;         /* the same names in entry order */
    cm_name *codes;            /* "SYSTEM:CODE" -> entry, sorted */
    size_t nc;
    cm_name *related;          /* entry -> related phrase, in entry order */
    size_t nr;
    cm_name *related_sorted;   /* the same, sorted by phrase: mentions in text */
    cm_class *classes;         /* in lexicon order */
    size_t ncl;
} M;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static int find(int i)
{
    while (M.e[i].parent != i) i = M.e[i].parent = M.e[M.e[i].parent].parent;
    return i;
}

/* Lowercase, non-alphanumerics (but '/', '+') as single spaces, trimmed. */
static void norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c == '/' || c == '+' || c >= 0x80) {
            if (space && o) out[o++] = ' ';
            space = 0;
            out[o++] = (char)tolower(c);
        } else {
            space = 1;
        }
    }
    out[o] = 0;
}

static void push(cm_name **v, size_t *n, const char *s, size_t len, int entry)
{
    char buf[256];
    norm(s, len, buf, sizeof buf);
    if (!*buf) return;
    int caps = 0;
    for (size_t i = 0; i < len; i++) caps |= isupper((unsigned char)s[i]) != 0;
    *v = ward_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (cm_name){ward_xstrdup(buf), entry, caps ? ward_xstrndup(s, len) : NULL};
}

static int is_concept_kind(const char *f, size_t n)
{
    static const char *K[] = {"problem", "medication", "lab", "procedure", "allergen", NULL};
    for (int i = 0; K[i]; i++)
        if (ward_field_is(f, n, K[i])) return 1;
    return 0;
}

/* The entry whose preferred name is (f, n), or -1. */
static int entry_named(const char *f, size_t n)
{
    char buf[256];
    norm(f, n, buf, sizeof buf);
    for (size_t i = 0; i < M.ne; i++)
        if (!strcmp(M.e[i].pref, buf)) return (int)i;
    return -1;
}

static int load_line(void *ud, long line, int nf, const char **f, const size_t *fl)
{
    (void)ud, (void)line;
    if (nf >= 3 && ward_field_is(f[0], fl[0], "related")) {
        /* related <TAB> a concept's preferred name <TAB> phrases */
        int e = entry_named(f[1], fl[1]);
        for (size_t a = 0, i = 0; e >= 0 && i <= fl[2]; i++)
            if (i == fl[2] || f[2][i] == '|') push(&M.related, &M.nr, f[2] + a, i - a, e), a = i + 1;
        return 0;
    }
    if (nf >= 3 && ward_field_is(f[0], fl[0], "allergyclass")) {
        /* allergyclass <TAB> a class's name <TAB> its members' names */
        for (size_t a = 0, i = 0; i <= fl[2]; i++)
            if (i == fl[2] || f[2][i] == '|') {
                M.classes = ward_xrealloc(M.classes, (M.ncl + 1) * sizeof *M.classes);
                M.classes[M.ncl++] = (cm_class){ward_xstrndup(f[1], fl[1]), ward_xstrndup(f[2] + a, i - a), -1, -1};
                a = i + 1;
            }
        return 0;
    }
    if (nf < 2 || !is_concept_kind(f[0], fl[0])) return 0;
    M.e = ward_xrealloc(M.e, (M.ne + 1) * sizeof *M.e);
    cm_entry *e = &M.e[M.ne];
    int id = (int)M.ne++;
    memset(e, 0, sizeof *e);
    snprintf(e->kind, sizeof e->kind, "%.*s", (int)fl[0], f[0]);
    e->parent = id;
    e->first_name = (int)M.nn;
    for (size_t a = 0, i = 0; i <= fl[1]; i++)
        if (i == fl[1] || f[1][i] == '|') push(&M.names, &M.nn, f[1] + a, i - a, id), a = i + 1;
    e->nnames = (int)M.nn - e->first_name;
    e->pref = ward_xstrdup(e->nnames ? M.names[e->first_name].s : "");
    for (size_t a = 0, i = 0; nf > 2 && i <= fl[2]; i++)
        if (i == fl[2] || f[2][i] == ' ') {
            if (i > a) {
                M.codes = ward_xrealloc(M.codes, (M.nc + 1) * sizeof *M.codes);
                M.codes[M.nc++] = (cm_name){ward_xstrndup(f[2] + a, i - a), id, NULL};
            }
            a = i + 1;
        }
    return 0;
}

static int by_s(const void *a, const void *b)
{
    const cm_name *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : x->entry - y->entry;
}

static int by_name(const char *s);

/* The entry a lexicon name names, or -1. */
static int entry_of(const char *name)
{
    char buf[256];
    norm(name, strlen(name), buf, sizeof buf);
    return *buf ? by_name(buf) : -1;
}

static void build(void)
{
    ward_tsv_each(WARD_DATA_LEXICON_TSV, sizeof WARD_DATA_LEXICON_TSV - 1, load_line, NULL);
    M.by_entry = ward_xmalloc((M.nn ? M.nn : 1) * sizeof *M.by_entry);
    memcpy(M.by_entry, M.names, M.nn * sizeof *M.names);
    qsort(M.names, M.nn, sizeof *M.names, by_s);
    qsort(M.codes, M.nc, sizeof *M.codes, by_s);
    M.related_sorted = ward_xmalloc((M.nr ? M.nr : 1) * sizeof *M.related_sorted);
    memcpy(M.related_sorted, M.related, M.nr * sizeof *M.related);
    qsort(M.related_sorted, M.nr, sizeof *M.related_sorted, by_s);
    /* Entries sharing a code are one concept. */
    for (size_t i = 1; i < M.nc; i++)
        if (!strcmp(M.codes[i].s, M.codes[i - 1].s)) {
            int a = find(M.codes[i].entry), b = find(M.codes[i - 1].entry);
            if (a != b) M.e[a > b ? a : b].parent = a < b ? a : b;
        }
    for (size_t i = 0; i < M.ncl; i++)
        M.classes[i].cls = entry_of(M.classes[i].cls_name), M.classes[i].member = entry_of(M.classes[i].member_name);
}

static const cm_name *lookup(const cm_name *v, size_t n, const char *s)
{
    cm_name key = {(char *)s, -1, NULL};
    size_t lo = 0, hi = n;
    while (lo < hi) {   /* the first name >= s */
        size_t mid = (lo + hi) / 2;
        if (by_s(&v[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && !strcmp(v[lo].s, s) ? &v[lo] : NULL;
}

/* The name s (or its singular) names, or NULL. */
static const cm_name *name_of(const char *s)
{
    const cm_name *h = lookup(M.names, M.nn, s);
    if (!h) {
        size_t n = strlen(s);
        char one[256];
        if (n > 3 && n < sizeof one && s[n - 1] == 's') {
            memcpy(one, s, n - 1), one[n - 1] = 0;
            h = lookup(M.names, M.nn, one);
        }
    }
    return h;
}

/* The entry named s (or its singular), or -1. */
static int by_name(const char *s)
{
    const cm_name *h = name_of(s);
    return h ? h->entry : -1;
}

/* Whether text[0,n) is the abbreviation `cased` as written or in all
 * capitals (letters and digits compared; a plural "s" may follow). */
static int case_fits(const char *cased, const char *text, size_t n)
{
    int exact = 1, upper = 1;
    size_t i = 0;
    for (const char *c = cased; *c; c++) {
        if (!isalnum((unsigned char)*c)) continue;
        while (i < n && !isalnum((unsigned char)text[i])) i++;
        if (i == n) return 0;
        unsigned char t = (unsigned char)text[i++];
        exact &= t == (unsigned char)*c;
        upper &= t == toupper((unsigned char)*c);
    }
    while (i < n && !isalnum((unsigned char)text[i])) i++;
    return (exact || upper) && (i == n || (i + 1 == n && text[i] == 's'));
}

static const char *system_name(const char *system)
{
    if (!system) return NULL;
    if (ward_str_casestr(system, "snomed")) return "SNOMED";
    if (ward_str_casestr(system, "icd-10") || ward_str_casestr(system, "icd10")) return "ICD10CM";
    if (ward_str_casestr(system, "rxnorm")) return "RXNORM";
    if (ward_str_casestr(system, "loinc")) return "LOINC";
    return NULL;
}

/* Display words that say what kind of record it is, not what it is about:
 * "Allergy to peanuts", "Asthma (disorder)". */
static void strip_frame(const char *display, char *out, size_t cap)
{
    static const char *PRE[] = {"allergy to ", "allergic to ", "history of ", "intolerance to ", NULL};
    size_t n = strlen(display);
    const char *paren = strrchr(display, '(');
    if (paren && paren > display && n && display[n - 1] == ')') n = (size_t)(paren - display);
    norm(display, n, out, cap);
    for (int i = 0; PRE[i]; i++)
        if (ward_str_startswith(out, PRE[i])) memmove(out, out + strlen(PRE[i]), strlen(out + strlen(PRE[i])) + 1);
}

int ward_concept_key(const char *code_system, const char *code, const char *display, char *out, size_t cap)
{
    pthread_once(&once, build);
    int e = -1;
    const char *sys = system_name(code_system);
    static const char *const SYSTEMS[] = {"LOINC", "SNOMED", "RXNORM", "ICD10CM"};
    for (size_t i = 0; code && *code && i < 4 && e < 0; i++) {
        /* a system Ward does not know by URL: the first of these that has the code */
        if (sys && strcmp(sys, SYSTEMS[i])) continue;
        char c[96];
        snprintf(c, sizeof c, "%s:%s", SYSTEMS[i], code);
        const cm_name *h = lookup(M.codes, M.nc, c);
        if (h) e = h->entry;
    }
    char whole[256] = "", d[256] = "";
    if (display) norm(display, strlen(display), whole, sizeof whole), strip_frame(display, d, sizeof d);
    if (e < 0 && *whole) e = by_name(whole);
    if (e < 0 && *d) e = by_name(d);
    /* "metformin 1000 mg oral tablet", "chronic congestive heart failure":
     * the longest run of words that names a problem, drug or allergen (as
     * the extractor would find it in text; names of one or two letters do
     * not count here). Not labs: "eGFR by creatinine-based formula" is no
     * creatinine. */
    size_t best = 0;
    int longest = -1;
    for (size_t a = 0; e < 0 && d[a]; a++) {
        if (a && d[a - 1] != ' ') continue;
        for (size_t b = strlen(d); b > a + 2 && b - a > best; b--) {
            if (d[b] != ' ' && d[b] != 0) continue;
            char run[256];
            memcpy(run, d + a, b - a), run[b - a] = 0;
            int k = by_name(run);
            if (k >= 0 && (!strcmp(M.e[k].kind, "problem") || !strcmp(M.e[k].kind, "medication") ||
                           !strcmp(M.e[k].kind, "allergen")))
                best = b - a, longest = k;
        }
    }
    if (e < 0) e = longest;
    if (e >= 0) {
        snprintf(out, cap, "%s", M.e[find(e)].pref);
        return 1;
    }
    if (code && *code) snprintf(out, cap, "%s:%s", sys ? sys : code_system ? code_system : "", code);
    else snprintf(out, cap, "%s", d);
    return 0;
}

/* Calls fn with every name of every entry in e's concept but `skip`, and
 * the concept's related phrases. */
static int each_synonym(int e, const char *skip, size_t ms, size_t me, int related, ward_synonym_fn fn, void *ud)
{
    int root = find(e), stop = 0;
    for (size_t i = 0; i < M.ne && !stop; i++) {
        if (find((int)i) != root) continue;
        for (int k = 0; k < M.e[i].nnames && !stop; k++) {
            const cm_name *n = &M.by_entry[M.e[i].first_name + k];
            if (strcmp(n->s, skip)) stop = fn(ud, ms, me, n->cased ? n->cased : n->s);
        }
        for (size_t k = 0; related && k < M.nr && !stop; k++)
            if (M.related[k].entry == (int)i) stop = fn(ud, ms, me, M.related[k].cased ? M.related[k].cased : M.related[k].s);
    }
    return stop;
}

/* Called with each concept a text mentions: its entry, the phrase that
 * names it (normalized) and the mention's span; nonzero stops the walk. */
typedef int (*mention_fn)(void *ud, int e, const char *phrase, size_t start, size_t end);

/* The mentions of concepts in text, by their names (and with related, by
 * their related phrases too). */
static void mentions(const char *text, int related, mention_fn fn, void *ud)
{
    /* Word spans of the text. */
    size_t ws[64], we[64], nw = 0, len = strlen(text);
    for (size_t i = 0; i < len && nw < 64;) {
        unsigned char c = (unsigned char)text[i];
        if (!(isalnum(c) || c >= 0x80)) {
            i++;
            continue;
        }
        ws[nw] = i;
        while (i < len && (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80 || text[i] == '/')) i++;
        we[nw++] = i;
    }
    /* Longest names first, mentions not overlapping. */
    for (size_t i = 0; i < nw;) {
        size_t used = 0;
        for (size_t n = nw - i < 6 ? nw - i : 6; n > 0 && !used; n--) {
            char phrase[256];
            size_t span = we[i + n - 1] - ws[i];
            norm(text + ws[i], span, phrase, sizeof phrase);
            const cm_name *h = name_of(phrase);
            /* a related phrase ("kidney function") is a mention of its concept in a question */
            if (!h && related) h = lookup(M.related_sorted, M.nr, phrase);
            if (!h || (h->cased && !case_fits(h->cased, text + ws[i], span))) continue;
            int e = h->entry;
            /* "MI", "AF", "K": two letters name a concept only in capitals */
            if (strlen(phrase) <= 2 && !isupper((unsigned char)text[ws[i]])) continue;
            used = n;
            if (fn(ud, e, phrase, ws[i], we[i + n - 1])) return;
        }
        i += used ? used : 1;
    }
}

typedef struct synonyms {
    int related;
    ward_synonym_fn fn;
    void *ud;
} synonyms;

static int on_synonyms(void *ud, int e, const char *phrase, size_t start, size_t end)
{
    const synonyms *s = ud;
    return each_synonym(e, phrase, start, end, s->related, s->fn, s->ud);
}

void ward_concept_synonyms(const char *text, ward_synonym_fn fn, void *ud)
{
    pthread_once(&once, build);
    synonyms s = {1, fn, ud};
    mentions(text, 1, on_synonyms, &s);
}

void ward_concept_names(const char *text, ward_synonym_fn fn, void *ud)
{
    pthread_once(&once, build);
    synonyms s = {0, fn, ud};
    mentions(text, 0, on_synonyms, &s);
}

/* Whether the lexicon puts entry e's concept in the class whose concept is
 * the entry root cls (a class is not its own member). */
static int in_class(int e, int cls)
{
    int m = find(e);
    for (size_t i = 0; i < M.ncl; i++)
        if (M.classes[i].cls >= 0 && M.classes[i].member >= 0 && find(M.classes[i].cls) == cls &&
            find(M.classes[i].member) == m && m != cls)
            return 1;
    return 0;
}

const char *ward_concept_class(const char *concept, size_t i)
{
    pthread_once(&once, build);
    for (size_t k = 0; concept && k < M.ncl; k++) {
        const cm_class *c = &M.classes[k];
        if (c->cls < 0 || c->member < 0) continue;
        int root = find(c->cls), m = find(c->member);
        if (m != root && !strcmp(M.e[m].pref, concept) && i-- == 0) return M.e[root].pref;
    }
    return NULL;
}

typedef struct member_find {
    int cls;
    int found;
} member_find;

static int on_member(void *ud, int e, const char *phrase, size_t start, size_t end)
{
    (void)phrase, (void)start, (void)end;
    member_find *m = ud;
    return m->found = in_class(e, m->cls);
}

int ward_concept_in_class(const char *text, const char *cls)
{
    pthread_once(&once, build);
    int e = cls ? entry_of(cls) : -1;
    if (e < 0 || !text) return 0;
    member_find m = {find(e), 0};
    mentions(text, 0, on_member, &m);
    return m.found;
}
