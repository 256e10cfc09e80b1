/* task_note.c — `ward note`: a SOAP note from a doctor–patient conversation.
 *
 * 1. Turns. A line opening with a speaker label starts a turn; other lines
 *    continue the previous one. Labels: "Doctor:", "Patient:", "D:", "P:",
 *    "[doctor]", "[patient]", "Dr. Lee:", or plain names ("Maria:"). Names
 *    are given roles after the whole conversation is read: a "Dr" name is
 *    the doctor; otherwise the speaker asking most questions is. A family
 *    member ("Mother:", "Guest_family:") speaks for the patient: their own
 *    "I", and the doctor's "you" said to them, become "the mother" (from
 *    the label or "I'm her mother"), never the patient.
 * 2. Cleaning. Fillers (um, uh, you know) go; a correction ("three days,
 *    sorry, no, four days"; "20 mg, I mean 40 mg") replaces the words it
 *    corrects: as many words as the correction has, anchored at the last
 *    number when the correction starts with one.
 * 3. Sections. Greetings and small talk before the doctor asks what
 *    brings the patient in are left out. Patient statements are Subjective
 *    ("no leg swelling" becomes "Denies leg swelling"; a bare yes/no goes
 *    with the doctor's question); the doctor's findings (and any number the
 *    doctor reports) are Objective, impressions Assessment, and what will
 *    be done Plan, by cue words. With --patient, the chart's active problems
 *    join the assessment. Every line cites the turns (or records) it came from.
 */
#include "orch_int.h"
#include "note_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { ROLE_UNKNOWN, ROLE_DOCTOR, ROLE_PATIENT, ROLE_FAMILY, ROLE_OTHER };
static const char *ROLE_NAMES[] = {"unknown", "doctor", "patient", "family", "other"};

typedef struct turn {
    char label[48];
    int role;
    size_t start, end;      /* bytes of the transcript (utterance, without the label) */
    ward_buf text;          /* utterance; continuation lines joined by spaces */
    char *clean;
} turn;

typedef struct conv {
    turn *t;
    size_t n, cap;
} conv;

static int role_of_label(const char *l)
{
    static const char *DOC[] = {"doctor", "dr", "physician", "clinician", "provider", "d", "md", "np", "pa", "doc",
                                "guest_clinician", "guest_clinican", NULL};
    static const char *PAT[] = {"patient", "pt", "p", "client", "pat", NULL};
    static const char *FAM[] = {"mother", "father", "mom", "dad", "parent", "wife", "husband", "son", "daughter",
                                "sister", "brother", "caregiver", "guardian", "family", "guest_family", NULL};
    static const char *OTH[] = {"nurse", "rn", "interpreter", NULL};
    char first[48];
    size_t i = 0;
    for (; l[i] && l[i] != ' ' && l[i] != '.' && i < sizeof first - 1; i++) first[i] = (char)tolower((unsigned char)l[i]);
    first[i] = 0;
    for (int k = 0; DOC[k]; k++) if (!strcmp(first, DOC[k])) return ROLE_DOCTOR;
    for (int k = 0; PAT[k]; k++) if (!strcmp(first, PAT[k])) return ROLE_PATIENT;
    for (int k = 0; FAM[k]; k++) if (!strcmp(first, FAM[k])) return ROLE_FAMILY;
    for (int k = 0; OTH[k]; k++) if (!strcmp(first, OTH[k])) return ROLE_OTHER;
    return ROLE_UNKNOWN;
}

/* Length of a speaker label at the start of line (0: none); *body = where the utterance starts. */
static size_t label_at(const char *line, size_t len, size_t *body, char *label, size_t cap)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '*')) i++;
    if (i < len && line[i] == '[') {
        const char *close = memchr(line + i, ']', len - i);
        if (!close || close - (line + i) > 40) return 0;
        size_t n = (size_t)(close - (line + i)) - 1;
        snprintf(label, cap, "%.*s", (int)n, line + i + 1);
        size_t b = (size_t)(close - line) + 1;
        if (b < len && line[b] == ':') b++;
        *body = b;
        return n;
    }
    size_t s = i, words = 1;
    for (; i < len && i - s < 32; i++) {
        char c = line[i];
        if (c == ':') break;
        if (c == ' ') words++;
        if (!(isalnum((unsigned char)c) || c == ' ' || c == '.' || c == '-' || c == '\'' || c == '*' || c == '_')) return 0;
    }
    if (i >= len || line[i] != ':' || i == s || words > 3 || !isalpha((unsigned char)line[s])) return 0;
    /* "Plan: ..." or "Note: ..." inside a transcript are not speakers when capitalised section words */
    snprintf(label, cap, "%.*s", (int)(i - s), line + s);
    char *t = label + strlen(label);
    while (t > label && (t[-1] == '*' || t[-1] == ' ')) *--t = 0;
    *body = i + 1;
    return i - s;
}

static void parse_turns(const char *text, size_t len, conv *c)
{
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        char label[48];
        size_t body = 0;
        const char *line = text + pos;
        size_t llen = end - pos;
        if (label_at(line, llen, &body, label, sizeof label)) {
            if (c->n == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 32;
                c->t = ward_xrealloc(c->t, c->cap * sizeof *c->t);
            }
            turn *t = &c->t[c->n++];
            memset(t, 0, sizeof *t);
            snprintf(t->label, sizeof t->label, "%s", label);
            t->role = role_of_label(label);
            ward_buf_init(&t->text);
            t->start = pos + body;
            t->end = end;
            ward_buf_append(&t->text, line + body, llen - body);
        } else if (c->n && llen) {
            turn *t = &c->t[c->n - 1];
            ward_buf_putc(&t->text, ' ');
            ward_buf_append(&t->text, line, llen);
            t->end = end;
        }
        pos = end + 1;
    }
    for (size_t i = 0; i < c->n; i++) {
        ward_str_trim(c->t[i].text.data);
        c->t[i].text.len = strlen(c->t[i].text.data);
        while (c->t[i].start < c->t[i].end && isspace((unsigned char)text[c->t[i].start])) c->t[i].start++;
    }
}

/* Names become roles: "Dr ..." is a doctor; else the most questions. */
static void assign_roles(conv *c)
{
    int have_doc = 0;
    for (size_t i = 0; i < c->n; i++) have_doc |= c->t[i].role == ROLE_DOCTOR;
    const char *doc = NULL;
    if (!have_doc) {
        int best = -1;
        for (size_t i = 0; i < c->n; i++) {
            if (c->t[i].role != ROLE_UNKNOWN) continue;
            int q = 0;
            for (size_t k = 0; k < c->n; k++)
                if (!strcasecmp(c->t[k].label, c->t[i].label))
                    for (const char *p = c->t[k].text.data; *p; p++) q += *p == '?';
            if (q > best) best = q, doc = c->t[i].label;
        }
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->t[i].role == ROLE_UNKNOWN)
            c->t[i].role = doc && !strcasecmp(c->t[i].label, doc) ? ROLE_DOCTOR : ROLE_PATIENT;
}

/* ---- cleaning ---- */

static int is_number_word(const char *w, size_t n)
{
    static const char *NUM[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "half", "a", NULL};
    if (n && isdigit((unsigned char)*w)) return 1;
    for (int i = 0; NUM[i]; i++) if (strlen(NUM[i]) == n && !strncasecmp(w, NUM[i], n) && strcmp(NUM[i], "a")) return 1;
    return 0;
}

typedef struct span { size_t s, e; } span;

static size_t words_of(const char *t, size_t n, span *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap;) {
        while (i < n && isspace((unsigned char)t[i])) i++;
        size_t s = i;
        while (i < n && !isspace((unsigned char)t[i])) i++;
        if (i > s) out[k++] = (span){s, i};
    }
    return k;
}

static const char *CORRECTIONS[] = {", sorry, no,", " sorry, no,", ", no wait,", " no wait,", ", i mean,",
    ", i mean", " i mean,", " i mean", ", sorry,", ", actually, no,", ", actually no,", ", or rather,", " or rather", NULL};

/* Applies one correction; returns 1 when one was found. */
static int apply_correction(ward_buf *b)
{
    const char *t = b->data;
    if (!t) return 0;   /* a turn of fillers only */
    const char *m = NULL, *mk = NULL;
    for (int i = 0; CORRECTIONS[i]; i++) {
        const char *f = ward_str_casestr(t, CORRECTIONS[i]);
        if (f && (!m || f < m)) m = f, mk = CORRECTIONS[i];
    }
    if (!m) return 0;
    size_t xlen = (size_t)(m - t);
    const char *y = m + strlen(mk);
    while (*y == ' ' || *y == ',') y++;
    size_t ylen = strcspn(y, ".;?!,");
    span xw[64], yw[32];
    size_t nx = words_of(t, xlen, xw, 64), ny = words_of(y, ylen, yw, 32);
    size_t cut = xlen;                     /* where the corrected words start in X */
    if (ny && nx) {
        size_t k = ny < nx ? ny : nx;
        cut = xw[nx - k].s;
        if (is_number_word(y + yw[0].s, yw[0].e - yw[0].s))
            for (size_t i = nx; i-- > 0;)
                if (is_number_word(t + xw[i].s, xw[i].e - xw[i].s)) { cut = xw[i].s; break; }
    }
    ward_buf out;
    ward_buf_init(&out);
    ward_buf_append(&out, t, cut);
    ward_buf_puts(&out, y);
    ward_buf_free(b);
    *b = out;
    return 1;
}

static void remove_fillers(ward_buf *b)
{
    static const char *FILL[] = {"um", "umm", "uh", "uhh", "uh-huh", "er", "erm", "ah", "hmm", "hm", "mm", NULL};
    static const char *PHRASES[] = {"you know,", ", you know", "you know", "like, ", NULL};
    for (int i = 0; PHRASES[i]; i++) {
        const char *f;
        while ((f = ward_str_casestr(b->data, PHRASES[i]))) {
            size_t at = (size_t)(f - b->data), n = strlen(PHRASES[i]);
            memmove(b->data + at, b->data + at + n, b->len - at - n + 1);
            b->len -= n;
        }
    }
    ward_buf out;
    ward_buf_init(&out);
    span w[512];
    size_t nw = words_of(b->data, b->len, w, 512);
    for (size_t i = 0; i < nw; i++) {
        size_t s = w[i].s, e = w[i].e, core = e;
        while (core > s && strchr(",.?!;", b->data[core - 1])) core--;
        int filler = 0;
        for (int k = 0; FILL[k]; k++)
            filler |= strlen(FILL[k]) == core - s && !strncasecmp(b->data + s, FILL[k], core - s);
        if (filler) {
            /* "had, uh, chest" -> "had chest": the filler's commas go with it */
            if (out.len && out.data[out.len - 1] == ',') out.data[--out.len] = 0;
            /* keep sentence-ending punctuation carried by the filler */
            if (core < e && strchr(".?!", b->data[core]) && out.len) ward_buf_putc(&out, b->data[core]);
            continue;
        }
        if (out.len) ward_buf_putc(&out, ' ');
        ward_buf_append(&out, b->data + s, e - s);
    }
    ward_buf_free(b);
    *b = out;
}

/* "the atorvastatin... wait, no, sorry. It's atorvastatin 40 mg": a
 * retraction ending its sentence drops that sentence; the next one is the
 * corrected statement. */
static void drop_retracted(ward_buf *b)
{
    static const char *RETRACT[] = {"wait, no, sorry.", "wait, no.", "sorry, no.", "no, wait.", "no wait.",
                                    "actually, no.", "scratch that.", NULL};
    for (int i = 0; RETRACT[i] && b->data; i++) {
        const char *m;
        while ((m = ward_str_casestr(b->data, RETRACT[i]))) {
            size_t at = (size_t)(m - b->data), end = at + strlen(RETRACT[i]), start = at;
            /* back to the end of the previous sentence ("..." is not one) */
            while (start > 0 && !(strchr("?!", b->data[start - 1]) ||
                                  (b->data[start - 1] == '.' && b->data[start] != '.' &&
                                   (start < 2 || b->data[start - 2] != '.'))))
                start--;
            memmove(b->data + start, b->data + end, b->len - end + 1);
            b->len -= end - start;
        }
    }
}

static char *clean_turn(const char *text)
{
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_puts(&b, text);
    remove_fillers(&b);
    drop_retracted(&b);
    for (int i = 0; i < 5 && apply_correction(&b); i++) {}
    /* tidy: ", ," and leading commas */
    char *s = b.data ? b.data : "";
    while (*s == ',' || *s == ' ') s++;
    char *out = ward_xstrdup(s);
    if (*out) out[0] = (char)toupper((unsigned char)out[0]);
    ward_buf_free(&b);
    return out;
}

/* ---- the note ---- */

enum { SEC_CC, SEC_HPI, SEC_ROS, SEC_PE, SEC_RESULTS, SEC_AP, SEC_N };
static const char *SECTIONS[SEC_N] = {"CHIEF COMPLAINT", "HISTORY OF PRESENT ILLNESS", "REVIEW OF SYSTEMS",
                                      "PHYSICAL EXAMINATION", "RESULTS", "ASSESSMENT AND PLAN"};
/* Where the visit is: history taking, examination (and results), plan. */
enum { PH_HISTORY, PH_EXAM, PH_PLAN };

typedef struct note_ctx {
    orch_out *o;
    note_pronoun pron;
    int phase;
    char *question;         /* the doctor's last yes/no question, awaiting its answer */
    int question_ev;
    int cc_done;
    int opening;            /* the doctor just asked what brings the patient in */
    char *first_problem;    /* chief complaint when no sentence states one */
    int first_problem_ev;
    char family[48];        /* who speaks for the patient ("the mother"), or "" */
    int patient_speaks;     /* else the doctor talks about the patient, never asides */
    int to_family;          /* the doctor's turn is said to the family member */
    int denial;             /* the last "Denies ..." sentence (index in o->s), or -1 */
    char denial_head[64];   /* its review-of-systems heading ("Respiratory: "), or "" */
} note_ctx;

/* The speaker's words in the note's person: the patient's "I" (first
 * person) or the doctor's "you" become the patient's pronoun; a family
 * member's own "I", or the doctor's "you" said to them, become them. */
static char *in_person(note_ctx *x, const char *s, int first_person, int family)
{
    return family && *x->family ? note_person_as(s, first_person, x->family) : note_third_person(s, first_person, x->pron);
}

static const char *RELATIONS[] = {"mother", "father", "mom", "dad", "parent", "wife", "husband", "son", "daughter",
    "sister", "brother", "caregiver", "guardian", "grandmother", "grandfather", "aunt", "uncle", "partner", "friend",
    NULL};

/* The relation a family member names as theirs ("I'm her mother" ->
 * "mother"), or NULL. */
static const char *relation_in(const char *t)
{
    static const char *SAY[] = {"i am his ", "i am her ", "i am their ", "i'm his ", "i'm her ", "i'm their ",
                                "i am the patient's ", "i'm the patient's ", NULL};
    for (int j = 0; SAY[j]; j++) {
        const char *m = ward_str_casestr(t, SAY[j]);
        if (!m || (m > t && isalnum((unsigned char)m[-1]))) continue;
        m += strlen(SAY[j]);
        for (int k = 0; RELATIONS[k]; k++) {
            size_t n = strlen(RELATIONS[k]);
            if (!strncasecmp(m, RELATIONS[k], n) && !isalnum((unsigned char)m[n])) return RELATIONS[k];
        }
    }
    return NULL;
}

/* Who speaks for the patient, as the note names them: "the mother" from a
 * label ("Mother:") or from their words ("I'm her mother"), else "the
 * family"; "" when no family member speaks. */
static void family_of(const conv *c, char *out, size_t cap)
{
    *out = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->t[i].role != ROLE_FAMILY) continue;
        if (!*out) snprintf(out, cap, "the family");
        const char *rel = relation_in(c->t[i].text.data);
        for (int k = 0; RELATIONS[k] && !rel; k++) {
            size_t n = strlen(RELATIONS[k]);
            if (!strncasecmp(c->t[i].label, RELATIONS[k], n) && !isalnum((unsigned char)c->t[i].label[n])) rel = RELATIONS[k];
        }
        if (rel) {
            snprintf(out, cap, "the %s", rel);
            return;
        }
    }
}

/* "137 over 83" -> "137/83" (the guard still finds both numbers). */
static void over_to_slash(char *t)
{
    for (char *m; (m = strstr(t, " over "));) {
        if (m == t || !isdigit((unsigned char)m[-1]) || !isdigit((unsigned char)m[6])) {
            t = m + 6;
            continue;
        }
        *m = '/';
        memmove(m + 1, m + 6, strlen(m + 6) + 1);
    }
}

static int has_digit(const char *s)
{
    for (; *s; s++)
        if (isdigit((unsigned char)*s)) return 1;
    return 0;
}

static int count_words(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p++)
        if (isalnum((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]))) n++;
    return n;
}

/* Takes the openers ("so,", "okay,", "and") off the front of s. */
static const char *skip_openers(const char *s)
{
    for (;;) {
        while (*s == ' ' || *s == ',') s++;
        size_t n = note_prefix(NW_OPENER, s, NULL);
        if (!n || !s[n] || !strchr(" ,", s[n])) return s;
        s += n;
    }
}

/* A sentence made only of acknowledgements and greetings. */
static int is_backchannel(const char *s)
{
    char buf[160];
    if (strlen(s) >= sizeof buf) return 0;
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = NULL, *p = strtok_r(buf, ",.!?;", &save); p; p = strtok_r(NULL, ",.!?;", &save)) {
        p = ward_str_trim(p);
        if (*p && !note_is(NW_ACK, p)) return 0;
    }
    return 1;
}

/* Capital first letter, a period at the end. */
static char *finish(const char *s, const char *prefix)
{
    ward_buf b;
    ward_buf_init(&b);
    if (prefix) ward_buf_puts(&b, prefix);
    size_t at = b.len;
    ward_buf_puts(&b, s);
    while (b.len > at && strchr(" ,;:-", b.data[b.len - 1])) b.data[--b.len] = 0;
    if (b.len > at && !strchr(".!?", b.data[b.len - 1])) ward_buf_putc(&b, '.');
    if (b.len > at && b.data[b.len - 1] == '?') b.data[b.len - 1] = '.';
    if (b.data && b.len) b.data[0] = (char)toupper((unsigned char)b.data[0]);
    return ward_buf_steal(&b);
}

/* Adds a sentence to section sec; the guard checks its words (bar the
 * note's own frame words and a "Heading: " prefix) against the turns cited. */
static void say(note_ctx *x, int sec, const int *cites, int n, const char *text)
{
    if (!text || count_words(text) < 1) return;
    orch_sent *s = orch_say(x->o, SECTIONS[sec], cites, n, "%s", text);
    const char *colon = strchr(text, ':');
    const char *body = colon && colon - text < 40 && sec == SEC_ROS ? colon + 1 : text;
    s->check = note_check_text(body);
    /* "the mother" is the note's name for a speaker, like "she" */
    const char *noun = strchr(x->family, ' ');
    for (const char *m; noun && (m = ward_str_casestr(s->check, noun + 1));) {
        size_t at = (size_t)(m - s->check), len = strlen(noun + 1);
        if ((at && isalnum((unsigned char)m[-1])) || isalnum((unsigned char)m[len])) break;
        memset(s->check + at, ' ', len);
    }
}

/* "any chest pain or shortness of breath?" -> "chest pain or shortness of
 * breath"; NULL when the question is not about having something. */
static char *symptom_of(const char *q, note_pronoun pr)
{
    q = skip_openers(q);
    size_t n = note_prefix(NW_QLEAD, q, NULL);
    /* a bare noun asked about ("Alcohol?", "Fevers or chills?") is the symptom */
    if (!n && (count_words(q) > 4 || note_prefix(NW_QSTART, q, NULL) || !isalpha((unsigned char)*q) ||
               note_prefix(NW_ACK, q, NULL) || orch_has_word(q, "you") || orch_has_word(q, "that") ||
               orch_has_word(q, "it")))
        return NULL;
    q += n;
    while (*q == ' ' || *q == ',') q++;
    char *x = ward_xstrdup(q);
    for (int again = 1; again;) {
        again = 0;
        size_t l = strlen(x);
        while (l && strchr(" ?.,!", x[l - 1])) x[--l] = 0;
        for (char *p = x; *p; p++) {
            if (p > x && p[-1] != ' ') continue;
            size_t t = note_prefix(NW_QTAIL, p, NULL);
            if (t && !p[t]) { *p = 0; again = 1; break; }
        }
    }
    /* a list keeps one "any": "fever, any chills" -> "fever, chills" */
    for (char *p; (p = strstr(x, " any "));) memmove(p + 1, p + 5, strlen(p + 5) + 1);
    int w = count_words(x);
    char *r = NULL;
    if (w >= 1 && w <= 14 && !strchr(x, '?') && !orch_has_word(x, "you")) r = note_third_person(x, 0, pr);
    if (r) r[0] = (char)tolower((unsigned char)r[0]);
    free(x);
    return r;
}

/* A yes/no question and its answer as a statement: "are you taking your
 * medicine?" + "yes" -> "you are taking your medicine"; NULL when the
 * question does not turn into one. */
static char *statement_of(const char *q, int yes)
{
    /* the patient, or someone the doctor asks about the patient ("Is he taking...?") */
    static const char *ASK[] = {"are you", "have you", "were you", "can you", "will you", "would you", "could you",
        "do you", "did you", "is he", "is she", "has he", "has she", "was he", "was she", "does he", "does she",
        "did he", "did she", "can he", "can she", "will he", "will she", NULL};
    q = skip_openers(q);
    ward_buf b;
    ward_buf_init(&b);
    for (int i = 0; ASK[i] && !b.len; i++) {
        size_t n = strlen(ASK[i]);
        if (strncasecmp(q, ASK[i], n) || q[n] != ' ') continue;
        const char *who = strchr(ASK[i], ' ') + 1, *rest = q + n + 1;
        int aux = (int)(who - 1 - ASK[i]);
        if (yes && !strncmp(ASK[i], "do ", 3)) ward_buf_printf(&b, "%s %s", who, rest);
        else ward_buf_printf(&b, "%s %.*s%s %s", who, aux, ASK[i], yes ? "" : " not", rest);
    }
    if (!b.len && yes && ward_str_casestartswith(q, "you ")) ward_buf_puts(&b, q);
    if (!b.len) return NULL;
    char *s = ward_buf_steal(&b);
    /* "Are you taking any medications?" "Yes." -> "taking medications" */
    for (char *m; yes && (m = strstr(s, " any "));) memmove(m + 1, m + 5, strlen(m + 5) + 1);
    size_t l = strlen(s);
    while (l && strchr(" ?.,", s[l - 1])) s[--l] = 0;
    if (count_words(s) < 3 || strchr(s, '?') || orch_has_word(s, "or")) {
        free(s);
        return NULL;
    }
    return s;
}

/* Length of the yes or no that starts an answer (0: neither); *yes says
 * which. A phrase ("I do", "a little") must be the whole answer or end at a
 * comma; "no" and "yes" may run on ("no pain"). */
static size_t answer_of(const char *s, int *yes)
{
    size_t n = note_prefix(NW_NO, s, NULL);
    *yes = !n;
    if (!n) n = note_prefix(NW_YES, s, NULL);
    if (n && s[n] && !strchr(",.!;", s[n]) && !(s[n] == ' ' && n <= 4)) n = 0;
    return n;
}

/* The words after a cue phrase of class c (at the start of s when
 * at_start), up to a comma, period or "and" (a problem's name must end at a
 * comma or a tail word such as "standpoint"). */
static char *after_cue(note_class c, const char *s, size_t max_words, int at_start)
{
    for (const char *p = s; *p && (!at_start || p == s); p++) {
        if (p > s && isalnum((unsigned char)p[-1])) continue;
        size_t n = note_prefix(c, p, NULL);
        if (!n) continue;
        const char *a = p + n;
        static const char *LEAD[] = {"her ", "his ", "their ", "your ", "a ", "an ", "the ", "my ", "is ", NULL};
        for (int again = 1; again;) {
            again = 0;
            while (*a == ' ' || *a == ',') a++;
            for (int i = 0; LEAD[i]; i++)
                if (ward_str_casestartswith(a, LEAD[i])) a += strlen(LEAD[i]), again = 1;
        }
        size_t len = strcspn(a, ",.;?!");
        const char *and = ward_str_casestr(a, " and ");
        if (and && (size_t)(and - a) < len && c != NW_CC) len = (size_t)(and - a);
        char *w = ward_xstrndup(a, len);
        ward_str_trim(w);
        int tail = 0;
        for (char *e; (e = strrchr(w, ' ')) && note_prefix(NW_PTAIL, e + 1, NULL) == strlen(e + 1);) *e = 0, tail = 1;
        int nw = count_words(w);
        int ends = c != NW_PROBLEM || tail || a[len] == ',';
        if (ends && nw >= 1 && (size_t)nw <= max_words && !orch_has_word(w, "you") && !orch_has_word(w, "i")) return w;
        free(w);
    }
    return NULL;
}

/* Denials in a row under one heading are one sentence, as notes list
 * them ("Denies fever, chills.", "No alcohol, no drug allergies."); 1 when
 * sym joined the last one. */
static int add_denial(note_ctx *x, const char *head, const char *sym, const int c[2])
{
    orch_out *o = x->o;
    if (x->denial < 0 || (size_t)x->denial != o->ns - 1 || strcmp(head, x->denial_head)) return 0;
    orch_sent *s = &o->s[x->denial];
    int room = s->ncite;
    for (int i = 0; i < 2; i++) {
        int dup = 0;
        for (int k = 0; k < s->ncite; k++) dup |= s->cite[k] == c[i];
        room += !dup && c[i] >= 0;
    }
    if (room > ORCH_MAXCITE) return 0;
    ward_buf b;
    ward_buf_init(&b);
    ward_buf_append(&b, s->text, strlen(s->text) - (strlen(s->text) && s->text[strlen(s->text) - 1] == '.'));
    ward_buf_printf(&b, ", %s%s.", ward_str_casestartswith(s->text + strlen(head), "No ") ? "no " : "", sym);
    for (int i = 0; i < 2; i++) {
        int dup = 0;
        for (int k = 0; k < s->ncite; k++) dup |= s->cite[k] == c[i];
        if (!dup && c[i] >= 0) s->cite[s->ncite++] = c[i];
    }
    free(s->text), free(s->check);
    s->text = ward_buf_steal(&b);
    const char *colon = strchr(s->text, ':');
    s->check = note_check_text(*head && colon ? colon + 1 : s->text);
    return 1;
}

static void on_answer(note_ctx *x, const char *s, int ev, int family)
{
    int yes;
    if (!answer_of(s, &yes)) return;
    int no = !yes;
    if (!no && !yes) return;
    int c[2] = {x->question_ev, ev};
    char *sym = symptom_of(x->question, x->pron);
    /* "Anything else?" names nothing */
    static const char *VAGUE[] = {"anything", "something", "else", "that", "this", "it", "those", NULL};
    if (sym && (note_has(NW_SMALLTALK, sym, NULL) || (count_words(sym) <= 2 && orch_has_any(sym, VAGUE)))) free(sym), sym = NULL;
    if (sym) {
        const char *sys = NULL;
        note_has(NW_SYSTEM, sym, &sys);
        char head[64] = "";
        if (sys) snprintf(head, sizeof head, "%s: ", sys);
        if (no && add_denial(x, head, sym, c)) {
            free(sym);
            return;
        }
        ward_buf b;
        ward_buf_init(&b);
        /* a symptom of a system is denied ("Denies fever"); a history item is absent ("No prior surgeries") */
        ward_buf_printf(&b, "%s%s %s", head, no ? (sys ? "Denies" : "No") : "Reports", sym);
        char *t = finish(b.data, NULL);
        say(x, no || sys ? SEC_ROS : SEC_HPI, c, 2, t);
        if (no) x->denial = x->o->ns - 1, snprintf(x->denial_head, sizeof x->denial_head, "%s", head);
        free(t), ward_buf_free(&b), free(sym);
        return;
    }
    char *st = statement_of(x->question, yes != 0);
    if (st) {
        char *tp = in_person(x, st, 0, family), *t = finish(tp, NULL);
        say(x, SEC_HPI, c, 2, t);
        free(t), free(tp), free(st);
    }
}

static void problem_heading(note_ctx *x, const char *s, int ev)
{
    char *p = after_cue(NW_PROBLEM, s, 6, 1);
    if (!p) return;
    /* "first problem, your congestive heart failure" names it after the comma */
    char *t = finish(p, NULL);
    if (count_words(t) >= 1 && strcasecmp(t, "Plan.") && !note_is(NW_ACK, t)) {
        say(x, SEC_AP, &ev, 1, t);
        if (!x->first_problem) x->first_problem = ward_xstrdup(t), x->first_problem_ev = ev;
    }
    free(t);
    free(p);
}

/* Moves the visit on at the doctor's cue; 1 when s only announces the
 * examination ("I am going to take a look at your knee"). */
static int next_phase(note_ctx *x, const char *s)
{
    if (note_has(NW_PHASE_PLAN, s, NULL)) {
        x->phase = PH_PLAN;
        return 0;
    }
    if (x->phase == PH_PLAN || !note_has(NW_PHASE_EXAM, s, NULL)) return 0;
    /* "let us examine you" announces; "on exam, your lungs are clear" reports */
    if (x->phase == PH_EXAM) return note_has(NW_PLAN, s, NULL) || s[strlen(s) - 1] == '?';
    x->phase = PH_EXAM;
    return note_has(NW_PLAN, s, NULL) || s[strlen(s) - 1] == '?';
}

static void doctor_says(note_ctx *x, const char *s, int ev)
{
    if (next_phase(x, s)) return;
    if (!x->cc_done) {
        char *cc = after_cue(NW_CC, s, 8, 0);
        if (cc) {
            char *t = finish(cc, NULL);
            say(x, SEC_CC, &ev, 1, t);
            x->cc_done = 1;
            free(t), free(cc);
        }
    }
    if (note_has(NW_SMALLTALK, s, NULL) || (count_words(s) < 4 && !has_digit(s))) return;   /* "You are 62." says something */
    int sec;
    int exam = note_has(NW_EXAM, s, NULL), result = note_has(NW_RESULT, s, NULL), plan = note_has(NW_PLAN, s, NULL);
    int assess = note_has(NW_ASSESS, s, NULL);
    if (x->phase == PH_PLAN) {
        /* the plan's small talk has none of the cues */
        if (!exam && !result && !plan && !assess && !note_prefix(NW_PROBLEM, s, NULL)) return;
        sec = SEC_AP;
    } else if (x->phase == PH_EXAM) {
        /* "I am going to press on your knee" is a manoeuvre, not a plan */
        plan = plan && note_has(NW_ORDER, s, NULL);
        if (!exam && !result && !plan && !assess) return;
        sec = assess || plan ? SEC_AP : result && !exam ? SEC_RESULTS : SEC_PE;
    } else {
        /* before any cue: what the statement says decides */
        sec = note_prefix(NW_PLAN_LEAD, s, NULL) ? SEC_AP : result && !plan ? SEC_RESULTS
            : exam && (has_digit(s) || note_has(NW_PHASE_EXAM, s, NULL)) ? SEC_PE : note_has(NW_ASSESS, s, NULL) ? SEC_AP
            : SEC_HPI;
        static const char *ABOUT[] = {"he", "she", "his", "her", "him", NULL};
        if (sec == SEC_HPI && !orch_has_word(s, "you") && !orch_has_word(s, "your") &&
            !ward_str_casestr(s, "year-old") && !ward_str_casestr(s, "year old") &&
            (x->patient_speaks || !orch_has_any(s, ABOUT)))
            return;   /* the doctor's asides while taking the history */
    }
    if (sec == SEC_AP) problem_heading(x, s, ev);
    char *tp = in_person(x, s, 0, x->to_family);
    if (sec == SEC_PE || sec == SEC_RESULTS) over_to_slash(tp);
    char *t = finish(tp, NULL);
    say(x, sec, &ev, 1, t);
    free(t), free(tp);
}

/* Words a note may spend before the history is trimmed (about what a
 * clinician's visit note runs to; chosen on ACI-Bench's train split). */
enum { NOTE_BUDGET = 550 };
/* Words that carry content (not function words nor the guard's stopwords), numbers too. */
static int content_words(const char *s)
{
    orch_words w, num;
    orch_words_of(s, 1, &w);
    orch_numbers_of(s, &num);   /* "She is 19.": a number says something */
    int n = (int)(w.n + num.n);
    orch_words_free(&w);
    orch_words_free(&num);
    return n;
}

/* The chief complaint is the complaint, not the sentence: "The patient has
 * a lot of pain in their tummy." -> "Pain in their tummy." (the subject, its
 * verb and a quantity go; what is left must still name something). */
static char *complaint_of(const char *t)
{
    static const char *WHO[] = {"the patient", "he", "she", "they", NULL};
    static const char *VERB[] = {"has been having", "have been having", "is having", "are having", "keeps having",
        "keep having", "has had", "have had", "has noticed", "have noticed", "noticed", "has got", "has", "have",
        "feels", "feel", NULL};
    static const char *QTY[] = {"a lot of", "lots of", "some", "this", "these", "a little", "a bit of", NULL};
    const char *p = t;
    size_t n = 0;
    for (int i = 0; WHO[i] && !n; i++)
        if (ward_str_casestartswith(p, WHO[i]) && p[strlen(WHO[i])] == ' ') n = strlen(WHO[i]) + 1;
    if (!n) return ward_xstrdup(t);
    p += n;
    for (int i = 0; VERB[i]; i++)
        if (ward_str_casestartswith(p, VERB[i]) && p[strlen(VERB[i])] == ' ') {
            p += strlen(VERB[i]) + 1;
            for (int k = 0; QTY[k]; k++)
                if (ward_str_casestartswith(p, QTY[k]) && p[strlen(QTY[k])] == ' ') { p += strlen(QTY[k]) + 1; break; }
            if (content_words(p) >= 1) return finish(p, NULL);
            break;
        }
    return ward_xstrdup(t);
}

static void patient_says(note_ctx *x, const char *s, int ev, int first, int family)
{
    while (*s == ' ' || *s == ',') s++;
    int answers = first && x->question, yes = 0;
    /* the first words back to "how are you?" or "any questions?" are small talk */
    if (answers && ((is_backchannel(x->question) && count_words(s) <= 6) || orch_has_word(x->question, "questions")))
        return;
    /* "Oh, no, nothing like that": the answer after an opener */
    if (answers && !answer_of(s, &yes) && answer_of(skip_openers(s), &yes)) s = skip_openers(s);
    size_t said = answer_of(s, &yes);
    if (answers) on_answer(x, s, ev, family);
    /* The yes or no goes when punctuation ends it ("No. I have...", one
     * sentence as "No. 5" is) or it is a yes running on ("yes just molds");
     * a running "no" stays: it negates what follows ("no pain in my leg"). */
    int runs = said && s[said] == ' ';
    if (said && (!runs || yes)) {
        s += said;
        while (*s && strchr(" ,.;!", *s)) s++;
    } else {
        said = 0;
    }
    s = skip_openers(s);
    if (family && relation_in(s) && count_words(s) <= 5) return;   /* "I'm her mother." */
    /* "Nope, none whatsoever": the denial said again */
    if (said && !yes && note_prefix(NW_NO, s, NULL)) return;
    size_t len = strlen(s);
    int words = count_words(s);
    if (!len || s[len - 1] == '?' || is_backchannel(s) || note_has(NW_SMALLTALK, s, NULL)) return;
    /* a short answer to the doctor's question while taking the history
     * ("What type of cancer?" "Skin cancer.") is kept when it names something */
    int fragment = answers && x->phase == PH_HISTORY && content_words(s) >= 1;
    if (!fragment && (words < 4 || (x->phase != PH_HISTORY && words < 8) || content_words(s) < 2)) return;
    char *tp = in_person(x, s, 1, family), *t = finish(tp, NULL);
    if (x->opening && !x->cc_done && words <= 14) {
        char *cc = complaint_of(t);
        say(x, SEC_CC, &ev, 1, cc);
        x->cc_done = 1;
        free(cc);
    }
    say(x, SEC_HPI, &ev, 1, t);
    free(t), free(tp);
}

typedef struct spans {
    span v[256];
    size_t n;
} spans;

static void on_span(size_t s, size_t e, void *ud)
{
    spans *sp = ud;
    if (sp->n < sizeof sp->v / sizeof *sp->v) sp->v[sp->n++] = (span){s, e};
}

/* "..., okay?" -> "...": a statement with a question tag is a statement. */
static void untag(char *s)
{
    size_t n = strlen(s);
    if (!n || s[n - 1] != '?') return;
    char *comma = strrchr(s, ',');
    if (!comma) return;
    char *t = comma + 1;
    while (*t == ' ') t++;
    if (note_prefix(NW_TAG, t, NULL) == strlen(t) - 1) *comma = '.', comma[1] = 0;
}

/* A turn written without punctuation (as some speech recognizers write)
 * gets sentences: one starts at each split word ("okay", "so", "do you"),
 * and a doctor's that starts like a question ends with '?'. Turns with
 * punctuation are returned as they are. */
static char *punctuate(char *s, int doctor)
{
    if (strpbrk(s, ".?!") || !*s) return s;
    ward_buf b;
    ward_buf_init(&b);
    size_t open = 0;   /* where the current sentence starts in b */
    for (const char *p = s; *p;) {
        int at_word = p == s || (p[-1] == ' ' && isalnum((unsigned char)*p));
        if (at_word && p > s && note_prefix(NW_SPLIT, p, NULL) && b.len - open > 8) {
            while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == ',')) b.data[--b.len] = 0;
            ward_buf_putc(&b, doctor && note_prefix(NW_QSTART, skip_openers(b.data + open), NULL) ? '?' : '.');
            ward_buf_putc(&b, ' ');
            open = b.len;
        }
        ward_buf_putc(&b, *p++);
    }
    while (b.len && b.data[b.len - 1] == ' ') b.data[--b.len] = 0;
    ward_buf_putc(&b, doctor && note_prefix(NW_QSTART, skip_openers(b.data + open), NULL) ? '?' : '.');
    free(s);
    return ward_buf_steal(&b);
}

static void note_turn(note_ctx *x, turn *t, int ev)
{
    char *tidy = punctuate(note_tidy(t->clean), t->role == ROLE_DOCTOR);
    spans sp = {.n = 0};
    orch_sentences(tidy, strlen(tidy), on_span, &sp);
    int asked = 0, first = 1;
    for (size_t i = 0; i < sp.n; i++) {
        char *raw = ward_xstrndup(tidy + sp.v[i].s, sp.v[i].e - sp.v[i].s);
        untag(raw);
        const char *s = skip_openers(raw);
        size_t len = strlen(s);
        if (note_has(NW_DEVICE, s, NULL)) {
            /* a command to the dictation device */
        } else if (t->role == ROLE_DOCTOR) {
            if (len && s[len - 1] == '?') {
                next_phase(x, s);
                x->opening = note_has(NW_OPENING, s, NULL);
                free(x->question);
                x->question = ward_xstrdup(s);
                x->question_ev = ev;
                asked = 1;
            } else if (!is_backchannel(s)) {
                doctor_says(x, s, ev);
            }
        } else if (t->role == ROLE_PATIENT || t->role == ROLE_FAMILY) {
            patient_says(x, first ? raw : s, ev, first, t->role == ROLE_FAMILY);
            first = 0;
        }
        free(raw);
    }
    if (t->role == ROLE_DOCTOR && !asked) {
        free(x->question);
        x->question = NULL;
    }
    if ((t->role == ROLE_PATIENT || t->role == ROLE_FAMILY) && sp.n) {
        free(x->question);
        x->question = NULL;
        x->opening = 0;
    }
    free(tidy);
}

/* The patient's pronoun: the record's sex, else the doctor's words
 * ("a 50-year-old female", "Mrs.", "sir") or a family member's ("she"),
 * else "they". */
static note_pronoun pronoun_of(orch_out *o, conv *c)
{
    if (o->req->patient_id) {
        int age;
        char sex[16];
        ward_err e = {0};
        int rc = orch_patient_age_sex(o->st, o->req->patient_id, &age, sex, sizeof sex, &e);
        if (rc == WARD_OK && *sex)
            return !strcasecmp(sex, "female") ? NOTE_SHE : !strcasecmp(sex, "male") ? NOTE_HE : NOTE_THEY;
        if (rc != WARD_OK && rc != WARD_ENOTFOUND) orch_fail(o, &e);
    }
    int f = 0, m = 0;
    for (size_t i = 0; i < c->n; i++) {
        /* a family member speaks of the patient too */
        if (c->t[i].role != ROLE_DOCTOR && c->t[i].role != ROLE_FAMILY) continue;
        const char *s = c->t[i].text.data;
        for (const char *p = s; *p; p++) {
            if (p > s && isalnum((unsigned char)p[-1])) continue;
            const char *w = NULL;
            if (note_prefix(NW_FEMALE, p, &w)) f += w ? atoi(w) : 1;
            else if (note_prefix(NW_MALE, p, &w)) m += w ? atoi(w) : 1;
        }
    }
    if (f >= 2 && f >= 2 * m) return NOTE_SHE;
    if (m >= 2 && m >= 2 * f) return NOTE_HE;
    return NOTE_THEY;
}

/* A long visit gives a long note: past a budget of words, the history's
 * sentences that say least (the lowest share of content words) go first. */
static void fit_budget(orch_out *o, char *drop)
{
    int total = 0;
    for (size_t i = 0; i < o->ns; i++) total += count_words(o->s[i].text);
    while (total > NOTE_BUDGET) {
        size_t best = o->ns;
        int least = 1 << 30;
        for (size_t i = 0; i < o->ns; i++) {
            if (drop[i] || strcmp(o->s[i].section, SECTIONS[SEC_HPI])) continue;
            int c = 100 * content_words(o->s[i].text) / (count_words(o->s[i].text) + 4);
            if (c < least) least = c, best = i;
        }
        if (best == o->ns) break;
        drop[best] = 1;
        total -= count_words(o->s[best].text);
    }
}

static void free_conv(conv *c)
{
    for (size_t i = 0; i < c->n; i++) ward_buf_free(&c->t[i].text), free(c->t[i].clean);
    free(c->t);
}

int orch_task_note(orch_out *o, ward_err *err)
{
    const char *tx = o->req->transcript;
    if (!tx || !o->req->transcript_len) return ward_err_set(err, WARD_EUSAGE, "a note needs a transcript, and none was given");
    char hash[65];
    ward_hash_hex(tx, o->req->transcript_len, hash);
    json_object_set_new(o->inputs, "transcript", json_string(o->req->transcript_name ? o->req->transcript_name : "-"));
    json_object_set_new(o->inputs, "transcript_hash", json_string(hash));
    conv c = {0};
    /* A transcript saved as a note may carry front matter: skip it, keeping offsets into the file. */
    size_t skip = 0;
    if (o->req->transcript_len > 4 && !strncmp(tx, "---\n", 4)) {
        const char *end = strstr(tx + 4, "\n---\n");
        if (end) skip = (size_t)(end - tx) + 5;
    }
    parse_turns(tx + skip, o->req->transcript_len - skip, &c);
    for (size_t i = 0; i < c.n; i++) c.t[i].start += skip, c.t[i].end += skip;
    if (c.n < 2) {
        free_conv(&c);
        return ward_err_set(err, WARD_EINPUT,
                            "%s: no conversation found: turns must start with a speaker (Doctor:, Patient:, [doctor], D:, a name:)",
                            o->req->transcript_name ? o->req->transcript_name : "transcript");
    }
    assign_roles(&c);
    json_t *turns = json_array();
    note_ctx x = {.o = o, .pron = pronoun_of(o, &c), .phase = PH_HISTORY, .question_ev = -1, .denial = -1};
    family_of(&c, x.family, sizeof x.family);
    for (size_t i = 0; i < c.n; i++) x.patient_speaks |= c.t[i].role == ROLE_PATIENT;
    json_object_set_new(o->extra, "pronoun", json_string(x.pron == NOTE_SHE ? "she" : x.pron == NOTE_HE ? "he" : "they"));
    /* a model writing the note's sections is held to the same words */
    o->check_of = note_check_text;
    snprintf(o->hint, sizeof o->hint, "Refer to the patient as %s.",
             x.pron == NOTE_SHE ? "\"she\"" : x.pron == NOTE_HE ? "\"he\"" : "\"the patient\" or \"they\"");
    for (size_t i = 0; i < c.n; i++) {
        turn *t = &c.t[i];
        t->clean = clean_turn(t->text.data);
        int ev = orch_ev_turn(o, (int)i + 1, ROLE_NAMES[t->role], t->text.data, t->start, t->end);
        json_array_append_new(turns, json_pack("{s:i, s:s, s:s, s:s, s:I, s:I}", "n", (int)i + 1, "role",
            ROLE_NAMES[t->role], "text", t->text.data, "clean", t->clean, "start", (json_int_t)t->start,
            "end", (json_int_t)t->end));
        /* the doctor speaks to whoever answers next */
        size_t next = i + 1;
        while (next < c.n && c.t[next].role == ROLE_DOCTOR) next++;
        x.to_family = t->role == ROLE_DOCTOR && next < c.n && c.t[next].role == ROLE_FAMILY;
        note_turn(&x, t, ev);
    }
    if (!x.cc_done && x.first_problem) say(&x, SEC_CC, &x.first_problem_ev, 1, x.first_problem);
    free(x.question);
    free(x.first_problem);
    /* With the patient's chart: the active problems round out the assessment (cited to their records). */
    if (o->req->patient_id) {
        orch_facts fs;
        if (orch_facts_get(o, WARD_FACT_PROBLEMS, &fs, &o->err) == WARD_OK) {
            for (size_t i = 0; i < fs.n && i < 15; i++) orch_say_fact(o, SECTIONS[SEC_AP], &fs.v[i], 0);
        }
    }
    char *drop = ward_xcalloc(o->ns + 1, 1);
    fit_budget(o, drop);
    /* Sections in order, "Not discussed." where empty. */
    size_t cap = o->ns + SEC_N;
    orch_sent *sorted = ward_xcalloc(cap, sizeof *sorted);
    size_t k = 0;
    for (size_t i = 0; i < o->ns; i++)
        if (drop[i]) free(o->s[i].section), free(o->s[i].text), free(o->s[i].check), free(o->s[i].why);
    for (int sec = 0; sec < SEC_N; sec++) {
        size_t before = k;
        for (size_t i = 0; i < o->ns; i++)
            if (!drop[i] && !strcmp(o->s[i].section, SECTIONS[sec])) sorted[k++] = o->s[i];
        if (k == before) {
            orch_sent e = {0};
            e.section = ward_xstrdup(SECTIONS[sec]);
            e.text = ward_xstrdup("Not discussed.");
            e.kept = e.numbers_ok = e.frame = 1;
            sorted[k++] = e;
        }
    }
    free(drop);
    free(o->s);
    o->s = sorted;
    o->ns = k;
    o->scap = cap;
    json_object_set_new(o->extra, "turns", turns);
    free_conv(&c);
    return WARD_OK;
}
