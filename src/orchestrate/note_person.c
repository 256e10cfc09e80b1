/* note_person.c — speech into note prose, word by word.
 *
 * note_tidy writes spoken forms out, letters spelled one by one as the
 * word ("I V" -> "IV"), spoken numbers in digits where notes use them
 * ("twenty six" -> 26, "two weeks" -> "2 weeks"), and drops hedges and
 * vocatives (lists in data/note_words.tsv).
 * note_third_person turns the speaker's point of view into the note's:
 * the patient's "I think I caught a cold" becomes "She believes she caught
 * a cold", the doctor's "your lungs are clear" becomes
 * "her lungs are clear"; the doctor's own "I" stays, as clinicians write.
 * With no sex known, a sentence's opening subject or possessive is "the
 * patient" ("The patient's knees ache when they walk"): singular, as notes
 * write; later ones are "they".
 * A "you" is a subject at the start of a clause (after punctuation or a
 * conjunction) and an object elsewhere; after a subject the verb agrees:
 * listed forms first (have -> has), past tenses and modals stay, others
 * take -s or -es. note_check_text gives the guard the words to verify: all
 * but the few the rewriting itself adds (the "frame" list).
 */
#include "orch_int.h"
#include "note_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int wch(char c) { return isalnum((unsigned char)c) || c == '\'' || c == '-'; }

/* Length of the word at p (letters, digits, apostrophes, hyphens). */
static size_t word_len(const char *p)
{
    size_t n = 0;
    while (wch(p[n])) n++;
    return n;
}

static int word_is(const char *p, size_t n, const char *w) { return strlen(w) == n && !strncasecmp(p, w, n); }

/* Pass 1: spoken forms and hedges ("like" before a number too). */
static void respell(const char *s, ward_buf *b)
{
    for (const char *p = s; *p;) {
        if (p == s || !wch(p[-1])) {
            const char *v = NULL;
            size_t n = note_prefix(NW_SPOKEN, p, &v);
            if (n && v) {
                ward_buf_puts(b, v);
                p += n;
                continue;
            }
            if ((n = note_prefix(NW_DROP, p, NULL))) {
                p += n;
                while (*p == ' ' || *p == ',') p++;
                continue;
            }
            /* "like two to three times": a hedge before a number */
            size_t m;
            if (word_is(p, word_len(p), "like") && p[4] == ' ' &&
                (isdigit((unsigned char)p[5]) || orch_spelled_number(p + 5, &m) >= 0)) {
                p += 5;
                continue;
            }
        }
        ward_buf_putc(b, *p++);
    }
}

/* Pass 3: spaces before punctuation closed, runs of spaces and commas
 * collapsed, a word said twice ("my , my", "the the") said once. */
static char *tighten(const char *s)
{
    ward_buf b;
    ward_buf_init(&b);
    for (const char *p = s; *p; p++) {
        if (*p == ' ' && (p[1] == ',' || p[1] == '.' || p[1] == '?' || p[1] == '!' || p[1] == ';' || p[1] == ' ' ||
                          p[1] == '%' || p[1] == ':'))
            continue;
        if (*p == '.' && p[1] == '.' && p[2] == '.') {   /* "that ... that" */
            p += 2;
            if (b.len && b.data[b.len - 1] != ' ') ward_buf_putc(&b, ' ');
            while (p[1] == ' ') p++;
            continue;
        }
        if (*p == ',') {   /* no comma after another or after a sentence's end */
            size_t k = b.len;
            while (k && b.data[k - 1] == ' ') k--;
            if (!k || strchr(",.?!", b.data[k - 1])) continue;
        }
        if (strchr(".?!", *p) && b.len && b.data[b.len - 1] == ',') b.len--;   /* "a week, [like you said]." */
        ward_buf_putc(&b, *p);
    }
    char *t = ward_buf_steal(&b);
    /* repeated words: "my, my" and "I am, I am" said once */
    ward_buf o;
    ward_buf_init(&o);
    for (const char *p = t; *p;) {
        if ((p == t || !wch(p[-1])) && isalpha((unsigned char)*p)) {
            const char *skip = NULL;
            for (int k = 2; k >= 1 && !skip; k--) {
                const char *e = p;
                for (int i = 0; i < k; i++) {
                    if (i) while (*e == ' ') e++;
                    if (!isalpha((unsigned char)*e)) { e = NULL; break; }
                    e += word_len(e);
                }
                if (!e) continue;
                size_t n = (size_t)(e - p);
                const char *q = e;
                while (*q == ' ' || *q == ',' || *q == '-') q++;
                if (q > e && !strncasecmp(p, q, n) && !wch(q[n])) skip = q;
            }
            if (skip) {
                p = skip;
                continue;
            }
        }
        ward_buf_putc(&o, *p++);
    }
    free(t);
    char *r = ward_buf_steal(&o);
    char *start = r;
    while (*start == ' ' || *start == ',') start++;
    memmove(r, start, strlen(start) + 1);
    ward_str_trim(r);
    return r;
}

/* After an "I" at q: does a verb follow (the "I" is the speaker)? */
static int speaker_i(const char *q)
{
    static const char *AFTER[] = {"don't", "didn't", "haven't", "can't", "won't", "wasn't", "mean", "believe",
        "know", "need", "want", "hope", "remember", "take", "get", "see", "use", "used", "'m", "'ve", "'d", "'ll",
        "told", "would", "should", NULL};
    if (*q == '\'') return 1;
    if (*q != ' ') return 0;
    q++;
    size_t n = word_len(q);
    if (!n) return 0;
    for (int i = 0; AFTER[i]; i++)
        if (word_is(q, n, AFTER[i])) return 1;
    return note_prefix(NW_VERB, q, NULL) == n || note_prefix(NW_KEEP, q, NULL) == n || note_prefix(NW_ADVERB, q, NULL) == n;
}

/* Pass 0: letters spelled one by one written as the word ("I V" -> "IV",
 * "U I H C" -> "UIHC", "M R I" -> "MRI"); a closing "I" before a verb is
 * the speaker ("hepatitis B I think"). */
static void join_letters(const char *s, ward_buf *b)
{
    for (const char *p = s; *p;) {
        const char *q = p;
        size_t n = 0;
        if (p == s || !wch(p[-1]))
            while (isupper((unsigned char)q[0]) && !wch(q[1]) && (n == 0 || q[-1] == ' ')) {
                n++;
                if (q[1] != ' ' || !isupper((unsigned char)q[2]) || wch(q[3])) { q++; break; }
                q += 2;
            }
        /* q is past the last letter of the run; a closing "I" followed by
         * a verb is the speaker ("hepatitis B I think"), else a letter ("M R I") */
        if (n >= 2 && q[-1] == 'I' && speaker_i(q)) n--, q -= 2;
        if (n < 2) {
            ward_buf_putc(b, *p++);
            continue;
        }
        for (size_t i = 0; i < n; i++) ward_buf_putc(b, p[2 * i]);
        p = q;
    }
}

/* Pass 1b: numbers said in words written as notes write them: in digits
 * when ten or more or said in parts ("twenty six" -> 26, "nineteen eighty
 * five" -> 1985), or before a unit or a range ("two weeks" -> "2 weeks",
 * "two to three" -> "2 to 3"); "one" alone stays a word. An age is
 * "57-year-old". */
static void digits(const char *s, ward_buf *b)
{
    for (const char *p = s; *p;) {
        size_t n = 0;
        long v = (p == s || !wch(p[-1])) ? orch_spelled_number(p, &n) : -1;
        if (v < 0) {
            ward_buf_putc(b, *p++);
            continue;
        }
        const char *q = p + n;
        while (*q == ' ') q++;
        size_t qn = word_len(q);
        int unit = qn && note_prefix(NW_UNIT, q, NULL) == qn;
        size_t m;
        int range = (word_is(q, qn, "to") || word_is(q, qn, "or")) && q[qn] == ' ' &&
                    (isdigit((unsigned char)q[qn + 1]) || orch_spelled_number(q + qn + 1, &m) >= 0);
        int parts = memchr(p, ' ', n) || memchr(p, '-', n);
        if (!(v >= 10 || parts || (v >= 2 && (unit || range)))) {
            ward_buf_append(b, p, n);
            p += n;
            continue;
        }
        static const char *AGE[] = {" years old", " year old", " years of age", NULL};
        const char *age = NULL;
        for (int i = 0; AGE[i] && !age; i++)
            if (!strncasecmp(p + n, AGE[i], strlen(AGE[i])) && !wch(p[n + strlen(AGE[i])])) age = AGE[i];
        ward_buf_printf(b, "%ld%s", v, age ? "-year-old" : "");
        p += n + (age ? strlen(age) : 0);
    }
}

/* Pass 2: the speaker addressing the other ("..., doctor.", "Doctor, I...",
 * "No sir, ...") is not part of what they say. */
static void drop_vocatives(const char *s, ward_buf *b)
{
    static const char *AFTER[] = {"no", "yes", "yeah", "nope", "thanks", "thank you", "hi", "hello", "okay", "and", "so",
                                  "well", "oh", "but", NULL};
    for (const char *p = s; *p;) {
        size_t n = (p == s || !wch(p[-1])) && isalpha((unsigned char)*p) ? note_prefix(NW_VOCATIVE, p, NULL) : 0;
        const char *next = p + n;
        if (n && (!*next || strchr(",.!?;", *next))) {
            size_t k = b->len;
            while (k && b->data[k - 1] == ' ') k--;
            int set_off = !k || strchr(",.!?", b->data[k - 1]);
            for (int i = 0; AFTER[i] && !set_off; i++) {
                size_t a = strlen(AFTER[i]);
                set_off = k >= a && !strncasecmp(b->data + k - a, AFTER[i], a) && (k == a || !wch(b->data[k - a - 1]));
            }
            if (set_off) {
                b->len = k;
                if (k && b->data[k - 1] == ',') b->len--;       /* "fine, doctor." -> "fine." */
                if (b->data) b->data[b->len] = 0;
                p = next;
                if (*p == ',' && (!b->len || strchr(".!?", b->data[b->len - 1]))) p++;   /* "Doctor, I ..." */
                continue;
            }
        }
        ward_buf_putc(b, *p++);
    }
}

char *note_tidy(const char *s)
{
    ward_buf j;
    ward_buf_init(&j);
    join_letters(s, &j);
    s = j.data ? j.data : "";
    ward_buf b;
    ward_buf_init(&b);
    respell(s, &b);
    ward_buf d;
    ward_buf_init(&d);
    digits(b.data ? b.data : "", &d);
    ward_buf v;
    ward_buf_init(&v);
    drop_vocatives(d.data ? d.data : "", &v);
    ward_buf_free(&d);
    char *r = tighten(v.data ? v.data : "");
    ward_buf_free(&v);
    ward_buf_free(&b);
    ward_buf_free(&j);
    return r;
}

static const char *PRON[3][5] = {
    /* subject, object, possessive, possessive pronoun, reflexive */
    {"they", "them", "their", "theirs", "themselves"},
    {"she", "her", "her", "hers", "herself"},
    {"he", "him", "his", "his", "himself"},
};

/* Words after which "you" starts a clause. */
static int clause_word(const char *p, size_t n)
{
    static const char *W[] = {"and", "but", "so", "that", "if", "when", "because", "since", "as", "until", "unless",
        "or", "then", "while", "where", "whether", "after", "before", "once", "think", "know", "hope", "guess",
        "sure", "like", "how", "why", "what", "whenever", "though", "although", "also", NULL};
    for (int i = 0; W[i]; i++)
        if (word_is(p, n, W[i])) return 1;
    return 0;
}

/* Appends verb (p, n) agreeing with a third-person subject. */
static void agree(ward_buf *b, const char *p, size_t n, note_pronoun pr)
{
    char w[48];
    snprintf(w, sizeof w, "%.*s", (int)(n < sizeof w - 1 ? n : sizeof w - 1), p);
    for (char *c = w; *c; c++) *c = (char)tolower((unsigned char)*c);
    if (pr == NOTE_THEY) {
        static const struct { const char *a, *b; } T[] = {{"am", "are"}, {"was", "were"}, {"think", "believe"},
                                                         {"guess", "believe"}};
        for (size_t i = 0; i < sizeof T / sizeof *T; i++)
            if (!strcmp(w, T[i].a)) { ward_buf_puts(b, T[i].b); return; }
        ward_buf_append(b, p, n);
        return;
    }
    const char *v = NULL;
    size_t vn = note_prefix(NW_VERB, w, &v);
    if (vn == n && v) { ward_buf_puts(b, v); return; }
    size_t l = strlen(w);
    int plain = l > 1 && strspn(w, "abcdefghijklmnopqrstuvwxyz") == l;
    static const char *EED[] = {"need", "bleed", "feed", "proceed", "succeed", "exceed", "speed", "breed", NULL};
    int past = l > 3 && !strcmp(w + l - 2, "ed");
    for (int i = 0; EED[i] && past; i++) past = strcmp(w, EED[i]) != 0;   /* "need" is not past tense */
    if (!plain || note_prefix(NW_KEEP, w, NULL) == l || note_prefix(NW_NOTVERB, w, NULL) == l || past ||
        (l > 4 && !strcmp(w + l - 3, "ing"))) {
        ward_buf_append(b, p, n);
        return;
    }
    ward_buf_append(b, p, n);
    char last = w[l - 1], prev = w[l - 2];
    if (last == 'y' && !strchr("aeiou", prev)) b->data[--b->len] = 0, ward_buf_puts(b, "ies");
    else if (strchr("sxzo", last) || (last == 'h' && (prev == 's' || prev == 'c'))) ward_buf_puts(b, "es");
    else ward_buf_putc(b, 's');
}

/* "honestly", "finally": a word in -ly is an adverb, bar a few verbs. */
static int adverb_ly(const char *p, size_t n)
{
    static const char *VERBS[] = {"apply", "reply", "supply", "rely", "multiply", "fly", NULL};
    if (n < 5 || strncasecmp(p + n - 2, "ly", 2)) return 0;
    for (int i = 0; VERBS[i]; i++)
        if (word_is(p, n, VERBS[i])) return 0;
    return 1;
}

/* After a subject at p: copies adverbs, then the agreeing verb; returns the new p. */
static const char *subject_verb(ward_buf *b, const char *p, note_pronoun pr)
{
    for (;;) {
        const char *q = p;
        while (*q == ' ') q++;
        size_t n = word_len(q);
        if (!n || !isalpha((unsigned char)*q)) return p;
        ward_buf_append(b, p, (size_t)(q - p));
        if (note_prefix(NW_ADVERB, q, NULL) == n || adverb_ly(q, n)) {
            ward_buf_append(b, q, n);
            p = q + n;
            continue;
        }
        agree(b, q, n, pr);
        return q + n;
    }
}

/* The rewriting for both: the speaker's person becomes row's words (subject,
 * object, possessive, possessive pronoun, reflexive), a verb after the
 * subject agreeing as after agree_as; lead: a sentence's opening subject
 * or possessive is "the patient" (no sex known). */
static char *rewrite(const char *s, int by_patient, const char *const row[5], note_pronoun agree_as, int lead_patient)
{
    ward_buf b;
    ward_buf_init(&b);
    const char *prev = NULL;       /* the previous word */
    size_t prevn = 0;
    for (const char *p = s; *p;) {
        if (!wch(*p)) {
            if (strchr(",;:.!?", *p)) prev = NULL, prevn = 0;
            ward_buf_putc(&b, *p++);
            continue;
        }
        size_t n = word_len(p);
        int start = !prev;
        const char *w = p;
        /* with no sex known, a sentence's opening subject is "the patient"
         * (singular, as clinicians write), later ones "they" */
        int lead = lead_patient && !b.len;
        /* "you to ..." is always an object ("I'd like you to take") */
        const char *after = p + n;
        int to = *after == ' ' && word_len(after + 1) == 2 && !strncasecmp(after + 1, "to", 2);
        if (by_patient ? word_is(w, n, "i") : word_is(w, n, "you") && (start || clause_word(prev, prevn)) && !to) {
            ward_buf_puts(&b, lead ? "the patient" : row[0]);
            p = subject_verb(&b, p + n, lead ? NOTE_HE : agree_as);
        } else if (by_patient ? word_is(w, n, "me") : word_is(w, n, "you")) {
            ward_buf_puts(&b, row[1]);
            p += n;
        } else if (word_is(w, n, by_patient ? "my" : "your")) {
            ward_buf_puts(&b, lead ? "the patient's" : row[2]);
            p += n;
        } else if (word_is(w, n, by_patient ? "mine" : "yours")) {
            ward_buf_puts(&b, row[3]);
            p += n;
        } else if (word_is(w, n, by_patient ? "myself" : "yourself")) {
            ward_buf_puts(&b, row[4]);
            p += n;
        } else if (!by_patient && word_is(w, n, "i")) {
            ward_buf_putc(&b, 'I');
            p += n;
        } else {
            ward_buf_append(&b, p, n);
            p += n;
        }
        prev = w, prevn = n;
    }
    char *r = ward_buf_steal(&b);
    if (*r) r[0] = (char)toupper((unsigned char)r[0]);
    return r;
}

char *note_third_person(const char *s, int by_patient, note_pronoun pr)
{
    return rewrite(s, by_patient, PRON[pr], pr, pr == NOTE_THEY);
}

char *note_person_as(const char *s, int first_person, const char *who)
{
    char poss[96];
    snprintf(poss, sizeof poss, "%s's", who);
    const char *row[5] = {who, who, poss, poss, "themselves"};
    return rewrite(s, first_person, row, NOTE_HE, 0);
}

char *note_check_text(const char *s)
{
    ward_buf b;
    ward_buf_init(&b);
    for (const char *p = s; *p;) {
        size_t n = wch(*p) ? word_len(p) : 0;
        if (n && (p == s || !wch(p[-1])) && note_prefix(NW_FRAME, p, NULL) == n) {
            p += n;
            continue;
        }
        if (n) ward_buf_append(&b, p, n), p += n;
        else ward_buf_putc(&b, *p++);
    }
    return ward_buf_steal(&b);
}
