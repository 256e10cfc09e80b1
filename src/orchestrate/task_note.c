/* task_note.c — `ward note`: a SOAP note from a doctor–patient conversation.
 *
 * 1. Turns. A line opening with a speaker label starts a turn; other lines
 *    continue the previous one. Labels: "Doctor:", "Patient:", "D:", "P:",
 *    "[doctor]", "[patient]", "Dr. Lee:", or plain names ("Maria:"). Names
 *    are given roles after the whole conversation is read: a "Dr" name is
 *    the doctor; otherwise the speaker asking most questions is.
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
#include "orch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { ROLE_UNKNOWN, ROLE_DOCTOR, ROLE_PATIENT, ROLE_OTHER };
static const char *ROLE_NAMES[] = {"unknown", "doctor", "patient", "other"};

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
    static const char *DOC[] = {"doctor", "dr", "physician", "clinician", "provider", "d", "md", "np", "pa", "doc", NULL};
    static const char *PAT[] = {"patient", "pt", "p", "client", "pat", "guest_family", NULL};
    static const char *OTH[] = {"nurse", "rn", "mother", "father", "wife", "husband", "son", "daughter",
                                "caregiver", "interpreter", "family", NULL};
    char first[48];
    size_t i = 0;
    for (; l[i] && l[i] != ' ' && l[i] != '.' && i < sizeof first - 1; i++) first[i] = (char)tolower((unsigned char)l[i]);
    first[i] = 0;
    for (int k = 0; DOC[k]; k++) if (!strcmp(first, DOC[k])) return ROLE_DOCTOR;
    for (int k = 0; PAT[k]; k++) if (!strcmp(first, PAT[k])) return ROLE_PATIENT;
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

/* First person to third: "I have" -> "patient has". */
static char *third_person(const char *s)
{
    static const struct { const char *from, *to; } R[] = {
        {"i'm", "patient is"}, {"i've", "patient has"}, {"i'd", "patient would"}, {"i'll", "patient will"},
        {"i am", "patient is"}, {"i have", "patient has"}, {"i was", "patient was"}, {"i", "patient"},
        {"my", "their"}, {"me", "them"}, {"myself", "themselves"}};
    ward_buf b;
    ward_buf_init(&b);
    for (const char *p = s; *p;) {
        int at_word = p == s || !isalnum((unsigned char)p[-1]);
        size_t k = 0;
        for (; at_word && k < sizeof R / sizeof *R; k++) {
            size_t n = strlen(R[k].from);
            if (!strncasecmp(p, R[k].from, n) && !isalnum((unsigned char)p[n]) && p[n] != '\'') {
                ward_buf_puts(&b, R[k].to);
                p += n;
                break;
            }
        }
        if (!at_word || k == sizeof R / sizeof *R) ward_buf_putc(&b, *p++);
    }
    if (b.len) b.data[0] = (char)toupper((unsigned char)b.data[0]);
    return ward_buf_steal(&b);
}

/* ---- sections ---- */

static const char *P_CUES[] = {"we'll", "we will", "i'll", "i will", "let's", "let us", "start you", "starting",
    "prescrib", "continue", "increase", "decrease", "reduce", "stop ", "follow up", "follow-up", "come back",
    "return", "refer", "order", "schedule", "recommend", "i want you to", "you should", "make sure", "take ",
    "see you in", "going to", "plan", "need to", "check your", "get a ", "get an ", "repeat", "start ",
    "call us", "call me", "call the office", "if you develop", "if you notice", "if you get", NULL};
static const char *O_CUES[] = {"exam", "blood pressure", "heart rate", "pulse", "temperature", "oxygen",
    "lungs", "heart sounds", "abdomen", "tender", "swelling", "edema", "rash", "vital", "mmhg", "bpm",
    "labs", "lab ", "a1c", "x-ray", "xray", "ekg", "ecg", "results", "weight", "murmur", "sounds clear",
    "reflexes", "saturation", "your level", "came back", "shows", "showed", "bmi", "gfr", "blood work",
    "bloodwork", "cholesterol", "ldl", "potassium", "creatinine", "glucose", NULL};
static const char *A_CUES[] = {"i think", "likely", "diagnos", "consistent with", "looks like", "sounds like",
    "probably", "suspect", "impression", "this is", "it's a", "you have", "due to", "caused by", "seems",
    "is controlled", "not controlled", "well controlled", "poorly controlled", "worsening", "improving", NULL};

static int cue(const char *s, const char *const *cues)
{
    for (int i = 0; cues[i]; i++)
        if (ward_str_casestr(s, cues[i])) return 1;
    return 0;
}

typedef struct sent_ctx {
    orch_out *o;
    conv *c;
    size_t ti;
    int ev;
    int prev_q_ev;          /* evidence of the doctor's question before, or -1 */
    char *prev_q;
    size_t opening;         /* turns before this one are greetings and small talk */
} sent_ctx;

static int is_ack(const char *s)
{
    static const char *ACK[] = {"yes", "yeah", "yep", "no", "nope", "okay", "ok", "sure", "thank you", "thanks",
                                "alright", "all right", "right", "mhm", "got it", "great", "good", "bye", "sounds good",
                                "perfect", "will do", "sure thing", "see you", "thank you doctor", "thanks doctor", NULL};
    /* every comma-separated piece is an acknowledgement: "Okay, thank you." */
    char buf[96];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *save = NULL, *p = strtok_r(buf, ",.!?", &save); p; p = strtok_r(NULL, ",.!?", &save)) {
        p = ward_str_trim(p);
        if (!*p) continue;
        int ack = 0;
        for (int i = 0; ACK[i]; i++) ack |= !strcasecmp(p, ACK[i]);
        if (!ack) return 0;
    }
    return 1;
}

/* Drops leading discourse words ("So,", "Well,", "And") and capitalises. */
static char *trim_opening(const char *text)
{
    static const char *OPEN[] = {"so", "well", "oh", "and", "okay", "ok", "alright", "um", "uh", "like", "yeah", NULL};
    const char *p = text;
    for (int again = 1; again;) {
        again = 0;
        for (int i = 0; OPEN[i]; i++) {
            size_t n = strlen(OPEN[i]);
            if (!strncasecmp(p, OPEN[i], n) && (p[n] == ',' || p[n] == ' ') && p[n + 1 + (p[n] == ',')]) {
                p += n + (p[n] == ',');
                while (*p == ' ') p++;
                again = 1;
            }
        }
    }
    char *out = ward_xstrdup(p);
    out[0] = (char)toupper((unsigned char)out[0]);
    return out;
}

/* "No, no leg swelling." / "And no chest pain either." -> "Denies leg swelling." */
static char *denial(const char *text)
{
    const char *p = text;
    while (!strncasecmp(p, "no,", 3) || !strncasecmp(p, "no ", 3) || !strncasecmp(p, "and ", 4) || !strncasecmp(p, "nope,", 5)) {
        if (!strncasecmp(p, "no ", 3) && strncasecmp(p + 3, "no ", 3) && !isdigit((unsigned char)p[3])) {
            const char *what = p + 3;
            size_t n = strlen(what);
            while (n && strchr(".!", what[n - 1])) n--;
            if (n > 7 && !strncasecmp(what + n - 7, " either", 7)) n -= 7;
            if (n < 3 || memchr(what, ',', n)) return NULL;
            ward_buf b;
            ward_buf_init(&b);
            ward_buf_printf(&b, "Denies %.*s.", (int)n, what);
            return ward_buf_steal(&b);
        }
        p += !strncasecmp(p, "nope,", 5) ? 5 : !strncasecmp(p, "and ", 4) ? 4 : 3;
        while (*p == ' ') p++;
    }
    return NULL;
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

static void on_sentence(size_t s, size_t e, void *ud)
{
    sent_ctx *x = ud;
    turn *t = &x->c->t[x->ti];
    char *raw = ward_xstrndup(t->clean + s, e - s);
    char *text = trim_opening(raw);
    size_t n = strlen(text);
    int question = n && text[n - 1] == '?';
    if (x->ti < x->opening) {
        /* greetings and small talk before the doctor asks what brings the patient in */
    } else if (t->role == ROLE_DOCTOR) {
        if (question) {
            free(x->prev_q);
            x->prev_q = ward_xstrdup(text);
            x->prev_q_ev = x->ev;
        } else {
            const char *sec = cue(text, P_CUES) ? "Plan" : cue(text, O_CUES) ? "Objective"
                            : cue(text, A_CUES) ? "Assessment" : has_digit(text) ? "Objective" : NULL;
            if (sec && n > 8) {
                char *said = ward_xstrdup(ward_str_casestartswith(text, "your ") ? text + 5 : text);
                said[0] = (char)toupper((unsigned char)said[0]);
                if (!strcmp(sec, "Objective")) over_to_slash(said);
                orch_say(x->o, sec, &x->ev, 1, "%s", said)->check = ward_xstrdup(raw);
                free(said);
            }
        }
    } else if (t->role == ROLE_PATIENT) {
        const char *lower = text;
        int yes = ward_str_casestartswith(lower, "yes") || ward_str_casestartswith(lower, "yeah") || ward_str_casestartswith(lower, "yep");
        int no = ward_str_casestartswith(lower, "no") && !isalpha((unsigned char)lower[2]);
        no |= ward_str_casestartswith(lower, "nope") || ward_str_casestartswith(lower, "nah");
        char *den = denial(text);
        if (den) {
            orch_say(x->o, "Subjective", &x->ev, 1, "%s", den)->check = ward_xstrdup(raw);
            free(den);
            free(x->prev_q);
            x->prev_q = NULL;
            free(text);
            free(raw);
            return;
        }
        if ((yes || no) && x->prev_q && s == 0 && is_ack(text)) {
            int c[2] = {x->prev_q_ev, x->ev};
            char *q = x->prev_q;
            orch_sent *st = orch_say(x->o, "Subjective", c, 2, "%s %s", q, yes ? "Yes." : "No.");
            st->check = ward_xstrdup(q);
            free(x->prev_q);
            x->prev_q = NULL;
        }
        if (!is_ack(text) && n > 10) {
            char *tp = third_person(text);
            orch_sent *st = orch_say(x->o, "Subjective", &x->ev, 1, "%s", tp);
            st->check = ward_xstrdup(raw);
            free(tp);
        }
    }
    free(text);
    free(raw);
}

int orch_task_note(orch_out *o, ward_err *err)
{
    const char *tx = o->req->transcript;
    if (!tx || !o->req->transcript_len) return ward_err_set(err, WARD_EUSAGE, "note needs --transcript FILE");
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
        for (size_t i = 0; i < c.n; i++) ward_buf_free(&c.t[i].text);
        free(c.t);
        return ward_err_set(err, WARD_EINPUT,
                            "%s: no conversation found: turns must start with a speaker (Doctor:, Patient:, [doctor], D:, a name:)",
                            o->req->transcript_name ? o->req->transcript_name : "transcript");
    }
    assign_roles(&c);
    json_t *turns = json_array();
    sent_ctx x = {o, &c, 0, -1, -1, NULL, 0};
    /* The visit starts when the doctor asks what brings the patient in. */
    static const char *OPENERS[] = {"bring", "what can i do", "how can i help", "what's going on", "what is going on",
                                    "what seems to be", "reason for", "here today", "in today", NULL};
    for (size_t i = 0; i < c.n && i < 6 && !x.opening; i++)
        if (c.t[i].role == ROLE_DOCTOR && strchr(c.t[i].text.data, '?') && cue(c.t[i].text.data, OPENERS)) x.opening = i;
    for (size_t i = 0; i < c.n; i++) {
        turn *t = &c.t[i];
        t->clean = clean_turn(t->text.data);
        x.ti = i;
        x.ev = orch_ev_turn(o, (int)i + 1, ROLE_NAMES[t->role], t->text.data, t->start, t->end);
        json_array_append_new(turns, json_pack("{s:i, s:s, s:s, s:s, s:I, s:I}", "n", (int)i + 1, "role",
            ROLE_NAMES[t->role], "text", t->text.data, "clean", t->clean, "start", (json_int_t)t->start,
            "end", (json_int_t)t->end));
        orch_sentences(t->clean, strlen(t->clean), on_sentence, &x);
        if (t->role == ROLE_DOCTOR && !strchr(t->clean, '?')) {
            free(x.prev_q);
            x.prev_q = NULL;
        }
    }
    free(x.prev_q);
    /* With the patient's chart: the active problems round out the assessment (cited to their records). */
    if (o->req->patient_id) {
        orch_facts fs;
        if (orch_facts_get(o->st, o->req->patient_id, FACT_PROBLEMS, &fs, &o->err) == WARD_OK) {
            for (size_t i = 0; i < fs.n && i < 15; i++) orch_say_fact(o, "Assessment", &fs.v[i], 0);
            orch_facts_free(&fs);
        }
    }
    /* Sections in SOAP order, "Not discussed." where empty. */
    static const char *ORDER[] = {"Subjective", "Objective", "Assessment", "Plan"};
    size_t cap = o->ns + 4;
    orch_sent *sorted = ward_xcalloc(cap, sizeof *sorted);
    size_t k = 0;
    for (int sec = 0; sec < 4; sec++) {
        size_t before = k;
        for (size_t i = 0; i < o->ns; i++)
            if (!strcmp(o->s[i].section, ORDER[sec])) sorted[k++] = o->s[i];
        if (k == before) {
            orch_sent e = {0};
            e.section = ward_xstrdup(ORDER[sec]);
            e.text = ward_xstrdup("Not discussed.");
            e.kept = e.numbers_ok = e.frame = 1;
            sorted[k++] = e;
        }
    }
    free(o->s);
    o->s = sorted;
    o->ns = k;
    o->scap = cap;
    json_object_set_new(o->extra, "turns", turns);
    for (size_t i = 0; i < c.n; i++) ward_buf_free(&c.t[i].text), free(c.t[i].clean);
    free(c.t);
    return WARD_OK;
}
