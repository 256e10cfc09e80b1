/* deid_train.c — trains the de-identification tagger (src/funnel/deid_tagger*.c)
 * on gold notes and writes its model (data/deid_model.tsv), or
 * cross-validates it.
 *
 *   bench_deid_train [options] GOLD.txt [GOLD2.txt ...]
 *     --out FILE          write the model trained on every note of the files
 *     --cv K              instead: K folds of consecutive notes (notes written
 *                         together stay together); train on K-1, score the
 *                         rules alone and rules + tagger on the fold left out
 *                         (overall, and per file when there are several)
 *     --thresholds a,b,.. thresholds tried in --cv (default 0)
 *     --threshold N       the threshold written with --out (default 0)
 *     --check FILE        cases or gold file scored with the model (--out or
 *                         each fold's), rules alone and with the tagger; with
 *                         --out the exit status is 1 when the model finds
 *                         less than the rules or redacts a token they keep
 *                         (clinical or not) in any check file
 *     --also FILE         gold notes trained on in every fold, never scored
 *                         (e.g. notes that must not be a fold)
 *     --epochs N (8)  --aug N (3)  --seed N (1)  --min-weight N (2)
 *     --bag N (1)         the mean of N models trained with seeds N, N+1, ...
 *
 * Ideas a reader needs:
 *  - Augmentation: besides each note as written, N copies per epoch where
 *    every name word is replaced by a random one from Ward's name lists
 *    (data/deid_names.tsv, data/deid_words.tsv; the same word by the same
 *    replacement within a note, case kept), the proper words of facilities
 *    and streets by random surnames and city words, cities by random
 *    cities, months and digits of dates and numbers by random ones. The
 *    model so learns the contexts names and places stand in, not the dev
 *    notes' names.
 *  - Deterministic: a fixed xorshift generator seeded from --seed, the
 *    epoch, the note and the copy; the same input gives the same model.
 *  - Evaluation discipline: train only on the dev notes; the held-out sets
 *    are scored with `ward eval funnel --gold` after, never used here.
 */
#include "funnel/deid_tagger_int.h"
#include "assess/assess_int.h"
#include "ward/assess.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct note {
    char *text, *kind;
    size_t len;
    ward_eval_span *phi, *keep;
    size_t nphi, nkeep;
} note;

static note *notes;
static size_t nnotes, ndev;   /* notes [0, ndev) are the gold files'; the rest --extra's */
#define MAX_GOLDS 16          /* gold files at most (dev ... dev8 are 8) */
static size_t fend[MAX_GOLDS]; /* notes [fend[f-1], fend[f]) are gold file f's */
static size_t nfiles;
#define MAX_CHECKS 128       /* --check files at most (tricky + deid_classes/: 67) */

/* ---- reading the gold notes: a scorer that keeps them ---- */

static void *keep_init(void) { return &notes; }
static void keep_free(void *st) { (void)st; }

static int keep_note(void *st, const ward_eval_note *n, ward_err *err)
{
    (void)st, (void)err;
    notes = ward_xrealloc(notes, (nnotes + 1) * sizeof *notes);
    note *k = &notes[nnotes++];
    k->text = ward_xstrndup(n->text, n->len);
    k->len = n->len;
    k->kind = ward_xstrdup(n->kind ? n->kind : "");
    k->nphi = n->nphi, k->nkeep = n->nkeep;
    k->phi = ward_xmalloc((n->nphi + 1) * sizeof *k->phi);
    k->keep = ward_xmalloc((n->nkeep + 1) * sizeof *k->keep);
    if (n->nphi) memcpy(k->phi, n->phi, n->nphi * sizeof *k->phi);
    if (n->nkeep) memcpy(k->keep, n->keep, n->nkeep * sizeof *k->keep);
    return 0;
}

static const ward_eval_scorer keep_scorer = {.name = "keep", .init = keep_init, .note = keep_note, .free = keep_free};

/* ---- word lists for augmentation ---- */

typedef struct words {
    char **v;
    size_t n;
} words;

static words names, places, cities, cnames;

/* Everyday words that name places of care ("Valley", "Sunrise", "Good
 * Hope"): --everyday N puts them, N percent of the time, for the proper
 * words of a facility in the augmented copies, so that the model learns
 * a place's context, not only its surnames and invented words. */
static const char *const EVERYDAY[] = {
    "valley", "riverside", "sunrise", "sunset", "lakeview", "lakeside", "pine", "oak", "cedar", "maple", "willow",
    "meadow", "meadows", "summit", "harbor", "bay", "hill", "hills", "ridge", "crest", "grove", "springs", "brook",
    "mountain", "park", "garden", "golden", "silver", "heritage", "liberty", "pioneer", "frontier", "unity",
    "providence", "mercy", "hope", "grace", "trinity", "covenant", "bethany", "shepherd", "samaritan", "haven",
    "harmony", "horizon", "beacon", "lighthouse", "evergreen", "highland", "highlands", "prairie", "desert",
    "canyon", "coastal", "bayside", "seaside", "northside", "southside", "eastside", "westside", "midtown",
    "uptown", "downtown", "crossroads", "gateway", "pathway", "compass", "anchor", "cornerstone", "keystone",
    "landmark", "legacy", "tranquility", "serenity", "rainbow", "sunshine", "bright", "clear", "little",
    "peace", "faith", "spirit", "star", "sun", "moon", "river", "lake", "forest", "field", "fields", "stone",
    "rock", "bridge", "bridges", "journey", "family", "community", "united", "central", "national", "pacific",
    "atlantic", "mission", "vista", "crown", "royal", "capital", "pleasant", "fair", "fairview", "bayview",
    "parkview", "hillcrest", "oakwood", "pinecrest", "woodland", "greenfield", "brightside", "riverbend"};
static int everyday_share = 0;   /* percent of a facility's proper words drawn from EVERYDAY */
static int cname_share = 0;      /* percent of name words drawn from names that are everyday words */

static void push(words *w, const char *s, size_t n)
{
    w->v = ward_xrealloc(w->v, (w->n + 1) * sizeof *w->v);
    w->v[w->n++] = ward_xstrndup(s, n);
}

/* data/NAME: "word<TAB>flags" lines; name words (F, L) and cities (Y). */
static void load_list(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/%s", WARD_SOURCE_DIR, name);
    char *data;
    size_t len;
    ward_err err;
    if (ward_read_file(path, 0, &data, &len, &err)) {
        fprintf(stderr, "deid_train: %s\n", err.msg);
        exit(2);
    }
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab) continue;
        const char *fl = tab + 1;
        size_t n = (size_t)(tab - line);
        int multi = memchr(line, ' ', n) != NULL;
        if (strchr(fl, 'K') || strchr(fl, 'E') || strchr(fl, 'W')) continue;
        if (strchr(fl, 'Y')) {
            push(&cities, line, n);
            if (!multi) push(&places, line, n);
        } else if (!multi && (strchr(fl, 'F') || strchr(fl, 'L'))) {
            push(&names, line, n);
            if (strchr(fl, 'C')) push(&cnames, line, n);
            if (strchr(fl, 'L')) push(&places, line, n);
        }
    }
    free(data);
}

/* ---- augmentation ---- */

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return *s * 0x2545F4914F6CDD1DULL;
}

/* A word of two or three syllables that no list knows (half the picks),
 * so the model learns names from where they stand, not from the lists. */
static const char *invented(uint64_t *s)
{
    static const char *const syl[] = {"ka", "to", "ri", "mu", "sen", "dra", "lo", "vi", "nak", "e", "bo", "tha", "zu",
                                      "mar", "qui", "ol", "fen", "ya", "gor", "li", "ash", "u", "dem", "sti", "pa",
                                      "wen", "jo", "rau", "ke", "im", "bal", "nor", "cha", "ez", "hu", "tse"};
    static char buf[4][32];
    static int slot;
    char *b = buf[slot++ % 4];
    b[0] = 0;
    int n = 2 + (int)(rnd(s) % 2);
    for (int i = 0; i < n; i++) strcat(b, syl[rnd(s) % (sizeof syl / sizeof *syl)]);
    return b;
}

static int invent_share = 50;   /* percent of picks that are invented words */

static const char *pick(const words *w, uint64_t *s)
{
    if ((int)(rnd(s) % 100) < invent_share) return invented(s);
    return w->v[rnd(s) % w->n];
}

typedef struct map {
    char *from[256], *to[256];
    size_t n;
} map;

/* The replacement of word w (the same within a note). */
static const char *mapped(map *m, const char *w, size_t n, const words *list, uint64_t *s)
{
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->from[i]) == n && !strncasecmp(m->from[i], w, n)) return m->to[i];
    /* (no draw when the share is 0: the copies stay those of before) */
    const char *r;
    if (list == &places && everyday_share && (int)(rnd(s) % 100) < everyday_share)
        r = EVERYDAY[rnd(s) % (sizeof EVERYDAY / sizeof *EVERYDAY)];
    else if (list == &names && cname_share && cnames.n && (int)(rnd(s) % 100) < cname_share)
        r = cnames.v[rnd(s) % cnames.n];
    else
        r = pick(list, s);
    if (m->n < 256) m->from[m->n] = ward_xstrndup(w, n), m->to[m->n++] = ward_xstrdup(r);
    return r;
}

static void map_free(map *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->from[i]), free(m->to[i]);
    m->n = 0;
}

/* Appends r in the case of the word it replaces (w[0..n)). */
static void put_cased(ward_buf *b, const char *r, const char *w, size_t n)
{
    int upper = n > 1, lower = !isupper((unsigned char)w[0]) && (unsigned char)w[0] < 0x80;
    for (size_t i = 0; i < n; i++)
        if (islower((unsigned char)w[i])) upper = 0;
    for (size_t i = 0; r[i]; i++) {
        int first = !i || r[i - 1] == '-' || r[i - 1] == ' ';
        char c = r[i];
        ward_buf_putc(b, (char)(upper || (first && !lower) ? toupper((unsigned char)c) : c));
    }
}

static int word_byte(unsigned char c) { return isalpha(c) || c >= 0x80; }

static void put_digits(ward_buf *b, const char *w, size_t n, uint64_t *s)
{
    if (n <= 2) {
        int v = 1 + (int)(rnd(s) % 28);
        if (n == 2) ward_buf_printf(b, "%02d", w[0] == '0' || v >= 10 ? v : v + 10 * (int)(rnd(s) % 2));
        else ward_buf_printf(b, "%d", v % 10 ? v % 10 : 1);
    } else if (n == 4 && (w[0] == '1' || w[0] == '2')) {
        ward_buf_printf(b, "%d", 1930 + (int)(rnd(s) % 96));
    } else {
        for (size_t i = 0; i < n; i++) ward_buf_putc(b, (char)('0' + (i ? rnd(s) % 10 : 1 + rnd(s) % 9)));
    }
}

static const char *const MONTHS[] = {"january", "february", "march", "april", "may", "june", "july",
                                     "august", "september", "october", "november", "december"};

/* ---- places of care of other shapes ---- */

/* --facshape N: N percent of the place-of-care spans of an augmented copy
 * are replaced whole by an invented name of another shape: several proper
 * words, "of the", a kind of care, a saint, a campus after a dash, written
 * in the case of the span they replace (capitals on a letterhead, lower
 * case in a chat). The dev notes' places keep their own shapes when only
 * their proper words are replaced, so the model learned those shapes; these
 * teach it the run of words a place's name is, whatever its length. */
static int facshape_share = 0;

static const char *const FAC_HEADS[] = {
    "hospital", "medical center", "clinic", "health center", "health", "health system", "regional medical center",
    "memorial hospital", "community hospital", "nursing home", "nursing and rehabilitation center",
    "rehabilitation hospital", "care center", "hospice", "infirmary", "institute", "family medicine",
    "family practice", "urgent care", "surgery center", "dialysis center", "cancer center", "children's hospital",
    "behavioral health", "health partners", "medical group", "physicians", "associates", "pediatrics", "manor",
    "home", "senior living", "assisted living", "pharmacy", "imaging", "women's health", "eye institute",
    "heart institute", "specialty hospital", "healthcare", "medical associates", "primary care", "health clinic",
    "lodge", "village", "gardens", "treatment center", "recovery center", "wellness center", "mental health center"};
static const char *const FAC_KINDS[] = {"rehabilitation", "cancer", "heart", "orthopedic", "behavioral", "women's",
                                        "children's", "kidney", "spine", "vascular", "sleep", "memory", "eye",
                                        "surgical", "family", "pediatric", "maternity", "wound", "pain", "vein"};

static const char *pick_of(const char *const *v, size_t n, uint64_t *s) { return v[rnd(s) % n]; }
#define PICK(v, s) pick_of(v, sizeof v / sizeof *v, s)

/* A proper word of a place: a surname, a town's word or an invented word
 * (pick), or an everyday word ("Valley", "Sunrise") a quarter of the time. */
static const char *place_word(uint64_t *s)
{
    if (rnd(s) % 4 == 0) return PICK(EVERYDAY, s);
    return pick(&places, s);
}

/* An invented place of care, in lower case, into b. (Every word is drawn
 * before the shape, so the draws do not depend on argument order.) */
static void invent_place(ward_buf *b, uint64_t *s)
{
    const char *p1 = place_word(s), *p2 = place_word(s), *nm = pick(&names, s);
    const char *h = PICK(FAC_HEADS, s), *kind = PICK(FAC_KINDS, s);
    switch (rnd(s) % 12) {
    case 0: ward_buf_printf(b, "%s %s", p1, h); break;
    case 1: ward_buf_printf(b, "%s %s %s", p1, p2, h); break;
    case 2: ward_buf_printf(b, "%s %s %s", p1, kind, h); break;
    case 3: ward_buf_printf(b, "%s of %s", h, p1); break;
    case 4: ward_buf_printf(b, "%s %s of the %s", p1, h, p2); break;
    case 5: ward_buf_printf(b, "our lady of the %s %s", p1, h); break;
    case 6: ward_buf_printf(b, "st. %s's %s", nm, h); break;
    case 7: ward_buf_printf(b, "%s county %s", p1, h); break;
    case 8: ward_buf_printf(b, "the %s %s", p1, h); break;
    case 9: ward_buf_printf(b, "%s %s - %s", p1, h, p2); break;
    case 10: ward_buf_printf(b, "%s & %s %s", p1, nm, h); break;
    default: ward_buf_printf(b, "university of %s %s", p1, h); break;
    }
}

/* The case of the letters of t[0..n): 2 all capitals, 0 all lower case,
 * 1 mixed (title case). */
static int case_of(const char *t, size_t n)
{
    int up = 0, low = 0;
    for (size_t i = 0; i < n; i++) up += isupper((unsigned char)t[i]) != 0, low += islower((unsigned char)t[i]) != 0;
    return !up ? 0 : !low && up > 1 ? 2 : 1;
}

/* Appends the lower-case name p to b in case c (title case leaves "of",
 * "the", "and" in lower case). */
static void put_in_case(ward_buf *b, const char *p, int c)
{
    for (size_t i = 0; p[i]; i++) {
        int first = !i || p[i - 1] == ' ' || p[i - 1] == '-';
        int joiner = first && (!strncmp(p + i, "of ", 3) || !strncmp(p + i, "the ", 4) || !strncmp(p + i, "and ", 4));
        int up = c == 2 || (c == 1 && first && !joiner);
        ward_buf_putc(b, (char)(up ? toupper((unsigned char)p[i]) : p[i]));
    }
}

/* A place-of-care span t[0..n) worth replacing whole: no digits, on one
 * line, not a single short word nor an initialism ("Unit 4B", "BMH" keep
 * their own shapes). */
static int whole_place(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)t[i]) || t[i] == '\n') return 0;
    return memchr(t, ' ', n) || (n >= 4 && case_of(t, n) != 2);
}

/* Appends an invented place of care in the case of t[0..n) to b. */
static void replace_place(ward_buf *b, const char *t, size_t n, uint64_t *s)
{
    ward_buf p;
    ward_buf_init(&p);
    invent_place(&p, s);
    put_in_case(b, p.data, case_of(t, n));
    ward_buf_free(&p);
}

/* Word w[0..n) of a span of type: its replacement appended to b. */
static void replace_word(ward_buf *b, const char *w, size_t n, int type, map *m, uint64_t *s)
{
    char key[64];
    size_t kn = n < sizeof key ? n : sizeof key - 1;
    memcpy(key, w, kn);
    kn = deid_lower_key(key, kn);
    uint32_t fl = deid_word_flags(key, kn);
    if (type == WARD_PHI_NAME) {
        if (n == 1 && isalpha((unsigned char)w[0])) ward_buf_putc(b, (char)(isupper((unsigned char)w[0]) ? 'A' : 'a') + (char)(rnd(s) % 26));
        else put_cased(b, mapped(m, w, n, &names, s), w, n);
    } else if (type < 0) {
        /* a word of a clinical term: an eponym (any capitalized word that is
         * not clinical or a head noun) becomes a random surname */
        if (n > 2 && isupper((unsigned char)w[0]) && !(fl & (W_HEAD | W_KEEP | W_STOP | W_TITLE)) && !isupper((unsigned char)w[1]))
            put_cased(b, mapped(m, w, n, &names, s), w, n);
        else
            ward_buf_append(b, w, n);
    } else if (type == WARD_PHI_DATE && (fl & W_MONTH)) {
        const char *mo = MONTHS[rnd(s) % 12];
        char ab[4] = {mo[0], mo[1], mo[2], 0};
        put_cased(b, n <= 4 ? ab : mo, w, n);
    } else if ((type == WARD_PHI_FACILITY || type == WARD_PHI_ADDRESS) && n > 1 && !islower((unsigned char)w[0]) &&
               !(fl & (W_FAC | W_FAC2 | W_STREET | W_STOP | W_TITLE | W_STATE | W_KEEP | W_HEAD | W_CITYPFX)) &&
               strncasecmp(w, "saint", n) && strncasecmp(w, "st", n)) {
        put_cased(b, mapped(m, w, n, &places, s), w, n);
    } else {
        ward_buf_append(b, w, n);
    }
}

/* A copy of note k with its identifiers replaced (spans moved to match). */
static note augment(const note *k, uint64_t seed)
{
    uint64_t s = seed | 1;
    for (int i = 0; i < 4; i++) rnd(&s);
    map m = {0};
    note o = {.kind = k->kind, .nphi = k->nphi, .nkeep = k->nkeep};
    o.phi = ward_xmalloc((k->nphi + 1) * sizeof *o.phi);
    o.keep = ward_xmalloc((k->nkeep + 1) * sizeof *o.keep);
    ward_buf b;
    ward_buf_init(&b);
    /* walk the text; each byte is in at most one phi span (gold spans do not overlap) */
    size_t pos = 0;
    while (pos <= k->len) {
        /* spans starting here */
        for (size_t i = 0; i < k->nkeep; i++)
            if (k->keep[i].end == pos) o.keep[i].end = b.len, o.keep[i].type = -1;
        size_t keep = k->nkeep;
        for (size_t i = 0; i < k->nkeep; i++)
            if (k->keep[i].start == pos) o.keep[i].start = b.len, keep = i;
        if (keep < k->nkeep && k->keep[keep].end > pos) {
            /* a clinical term: its eponym becomes a random surname, so the
             * model learns that "X sign" is clinical whatever X is */
            const ward_eval_span *sp = &k->keep[keep];
            for (size_t q = sp->start; q < sp->end;) {
                size_t e = q;
                while (e < sp->end && word_byte((unsigned char)k->text[e])) e++;
                if (e == q) {
                    ward_buf_putc(&b, k->text[q++]);
                    continue;
                }
                replace_word(&b, k->text + q, e - q, -1, &m, &s);
                q = e;
            }
            o.keep[keep].end = b.len, o.keep[keep].type = -1;
            pos = sp->end;
            continue;
        }
        size_t span = k->nphi;
        for (size_t i = 0; i < k->nphi; i++)
            if (k->phi[i].start == pos && k->phi[i].end > pos) span = i;
        if (pos == k->len) break;
        if (span == k->nphi) {
            ward_buf_putc(&b, k->text[pos++]);
            continue;
        }
        const ward_eval_span *sp = &k->phi[span];
        o.phi[span] = *sp;
        o.phi[span].start = b.len;
        if (sp->type == WARD_PHI_FACILITY && facshape_share && whole_place(k->text + sp->start, sp->end - sp->start) &&
            (int)(rnd(&s) % 100) < facshape_share) {
            replace_place(&b, k->text + sp->start, sp->end - sp->start, &s);
        } else if (sp->type == WARD_PHI_CITY) {
            put_cased(&b, mapped(&m, k->text + sp->start, sp->end - sp->start, &cities, &s), k->text + sp->start,
                      sp->end - sp->start);
        } else {
            size_t q = sp->start;
            while (q < sp->end) {
                size_t e = q;
                if (word_byte((unsigned char)k->text[q])) {
                    while (e < sp->end && word_byte((unsigned char)k->text[e])) e++;
                    if (e < sp->end && isdigit((unsigned char)k->text[e])) {   /* "4th", "221B": keep */
                        while (e < sp->end && isalnum((unsigned char)k->text[e])) e++;
                        ward_buf_append(&b, k->text + q, e - q);
                    } else {
                        replace_word(&b, k->text + q, e - q, sp->type, &m, &s);
                    }
                } else if (isdigit((unsigned char)k->text[q])) {
                    while (e < sp->end && isdigit((unsigned char)k->text[e])) e++;
                    if (e < sp->end && isalpha((unsigned char)k->text[e])) {   /* "4th" */
                        while (e < sp->end && isalnum((unsigned char)k->text[e])) e++;
                        ward_buf_append(&b, k->text + q, e - q);
                    } else {
                        put_digits(&b, k->text + q, e - q, &s);
                    }
                } else {
                    ward_buf_putc(&b, k->text[e++]);
                }
                q = e;
            }
        }
        o.phi[span].end = b.len;
        pos = sp->end;
    }
    map_free(&m);
    o.len = b.len;
    o.text = ward_buf_steal(&b);
    if (!o.text) o.text = ward_xstrdup("");
    return o;
}

/* DEID_TRAIN_AUGMENTED=N: prints an augmented copy of dev note N with each
 * identifier in [[ ]] (to read what the copies teach). */
static void print_augmented(size_t k)
{
    if (k >= ndev) return;
    note a = augment(&notes[k], 12345);
    for (size_t p = 0; p <= a.len; p++) {
        for (size_t i = 0; i < a.nphi; i++)
            if (a.phi[i].end == p && a.phi[i].end > a.phi[i].start) fputs("]]", stdout);
        for (size_t i = 0; i < a.nphi; i++)
            if (a.phi[i].start == p && a.phi[i].end > p) fputs("[[", stdout);
        if (p < a.len) putchar(a.text[p]);
    }
    putchar('\n');
    free(a.text), free(a.phi), free(a.keep);
}

/* ---- training and scoring ---- */

/* A model without rows: the rules alone. */
static const tg_model *rules_only(void)
{
    static tg_model none;
    if (!none.blk) deid_tagger_parse("", 0, &none, NULL);
    return &none;
}

static void train_note(tg_trainer *tr, const note *k)
{
    tg_span *s = ward_xmalloc((k->nphi + k->nkeep + 1) * sizeof *s);
    size_t n = 0;
    for (size_t i = 0; i < k->nphi; i++) s[n++] = (tg_span){k->phi[i].start, k->phi[i].end, k->phi[i].type};
    for (size_t i = 0; i < k->nkeep; i++) s[n++] = (tg_span){k->keep[i].start, k->keep[i].end, -1};
    deid_tagger_train_text(tr, k->text, k->len, s, n);
    free(s);
}

typedef struct opts {
    int epochs, aug, min_weight, threshold, margin, bag;
    int th[TG_NLABELS];   /* per label; -1: the threshold */
    uint64_t seed;
} opts;

/* One trainer's pass over notes [0, nnotes) except [skip_a, skip_b),
 * with seed seed: its averaged weights added to acc. */
static void train_one(const opts *o, uint64_t seed, size_t skip_a, size_t skip_b, double *acc)
{
    tg_trainer *tr = deid_tagger_trainer_new(o->margin);
    size_t per = (size_t)o->aug + 1, total = nnotes * per;
    size_t *order = ward_xmalloc(total * sizeof *order);
    for (int ep = 0; ep < o->epochs; ep++) {
        uint64_t s = seed * 0x9E3779B97F4A7C15ULL + (uint64_t)ep + 1;
        for (size_t i = 0; i < total; i++) order[i] = i;
        for (size_t i = total; i > 1; i--) {
            size_t j = rnd(&s) % i, t = order[i - 1];
            order[i - 1] = order[j], order[j] = t;
        }
        for (size_t q = 0; q < total; q++) {
            size_t k = order[q] / per, copy = order[q] % per;
            if (k >= skip_a && k < skip_b) continue;
            if (!copy) {
                train_note(tr, &notes[k]);
                continue;
            }
            note a = augment(&notes[k], (seed << 40) ^ ((uint64_t)ep << 32) ^ (k << 8) ^ copy);
            train_note(tr, &a);
            free(a.text), free(a.phi), free(a.keep);
        }
    }
    free(order);
    deid_tagger_trainer_average(tr, acc);
    deid_tagger_trainer_free(tr);
}

/* A model trained on notes [0, nnotes) except [skip_a, skip_b): with
 * --bag N, the mean of N models trained with seeds seed, seed + 1, ...
 * (their weights averaged before rounding). */
static char *train(const opts *o, size_t skip_a, size_t skip_b)
{
    double *acc = ward_xcalloc((size_t)(1u << TG_BITS) * TG_ROW, sizeof *acc);
    int bag = o->bag > 1 ? o->bag : 1;
    for (int m = 0; m < bag; m++) train_one(o, o->seed + (uint64_t)m, skip_a, skip_b, acc);
    ward_buf b;
    ward_buf_init(&b);
    int th[TG_NLABELS];
    for (int l = 0; l < TG_NLABELS; l++) th[l] = o->th[l] >= 0 ? o->th[l] : o->threshold;
    deid_tagger_weights_write(acc, (double)bag, o->threshold, th, o->min_weight, &b);
    free(acc);
    return ward_buf_steal(&b);
}

typedef struct tally {
    long gold, found, pred, correct, keep, keep_red, tgold[WARD_PHI_NTYPES], tfound[WARD_PHI_NTYPES];
    double cpu;
} tally;

static void add_counts(tally *t, const ward_deid_scores *c)
{
    t->gold += c->gold_total, t->found += c->found_total, t->pred += c->pred, t->correct += c->pred_correct;
    t->keep += c->keep, t->keep_red += c->keep_redacted;
    for (int i = 0; i < WARD_PHI_NTYPES; i++) t->tgold[i] += c->gold[i], t->tfound[i] += c->found[i];
}

static void tally_add(tally *t, const tally *x)
{
    t->gold += x->gold, t->found += x->found, t->pred += x->pred, t->correct += x->correct;
    t->keep += x->keep, t->keep_red += x->keep_red, t->cpu += x->cpu;
    for (int i = 0; i < WARD_PHI_NTYPES; i++) t->tgold[i] += x->tgold[i], t->tfound[i] += x->tfound[i];
}

/* Scores notes [a, b) with model m (NULL: the rules alone). */
static void score(const tg_model *m, size_t a, size_t b, tally *t)
{
    deid_tagger_use(m ? m : rules_only());
    void *st = ward_eval_deid_scorer.init();
    ward_err err;
    clock_t c0 = clock();
    for (size_t i = a; i < b; i++) {
        const note *k = &notes[i];
        ward_eval_note n = {.id = "note", .kind = k->kind, .text = k->text, .len = k->len, .phi = k->phi,
                            .nphi = k->nphi, .keep = k->keep, .nkeep = k->nkeep};
        if (ward_eval_deid_scorer.note(st, &n, &err)) fprintf(stderr, "deid_train: %s\n", err.msg);
    }
    t->cpu += (double)(clock() - c0) / CLOCKS_PER_SEC;
    add_counts(t, ward_eval_deid_counts(st));
    ward_eval_deid_scorer.free(st);
    deid_tagger_use(NULL);
}

/* Scores notes [a, b) with model m into t and, split by gold file, into
 * per[file] (the rules were tuned on some files, not on others). */
static void score_split(const tg_model *m, size_t a, size_t b, tally *t, tally *per)
{
    for (size_t g = 0; g < nfiles; g++) {
        size_t lo = g ? fend[g - 1] : 0, hi = fend[g];
        if (lo < a) lo = a;
        if (hi > b) hi = b;
        if (lo >= hi) continue;
        tally x = {0};
        score(m, lo, hi, &x);
        tally_add(t, &x);
        tally_add(&per[g], &x);
    }
}

/* The tagger alone (no rule spans) on notes [a, b): word tokens of gold
 * identifiers tagged, by type, and tagged word tokens inside an identifier. */
static void score_alone(const tg_model *m, size_t a, size_t b, tally *t)
{
    deid_tagger_use(m);
    for (size_t i = a; i < b; i++) {
        const note *k = &notes[i];
        deid_doc d = {.t = k->text, .len = k->len};
        deid_tokenize(&d);
        size_t n = deid_tagger_apply(&d, 0);
        unsigned char *cov = ward_xcalloc(k->len + 1, 1), *gold = ward_xcalloc(k->len + 1, 1);
        for (size_t s = 0; s < n; s++) memset(cov + d.c[s].a, 1, d.c[s].b - d.c[s].a);
        for (size_t s = 0; s < k->nphi; s++) memset(gold + k->phi[s].start, 1 + k->phi[s].type, k->phi[s].end - k->phi[s].start);
        for (size_t s = 0; s < k->nkeep; s++) memset(gold + k->keep[s].start, 255, k->keep[s].end - k->keep[s].start);
        for (size_t q = 0; q < d.n; q++) {
            if (d.tk[q].shape & T_PUNCT) continue;
            int g = gold[d.tk[q].a];
            if (g == 255) {
                t->keep++, t->keep_red += cov[d.tk[q].a];
                continue;
            }
            if (g) t->gold++, t->tgold[g - 1]++;
            if (g && cov[d.tk[q].a]) t->found++, t->tfound[g - 1]++;
            if (g && !cov[d.tk[q].a] && getenv("DEID_TRAIN_MISSES") && (g - 1 == WARD_PHI_NAME || g - 1 == WARD_PHI_FACILITY)) {
                size_t a0 = d.tk[q].a > 30 ? d.tk[q].a - 30 : 0, b0 = d.tk[q].b + 30 < k->len ? d.tk[q].b + 30 : k->len;
                printf("  miss %-8s ", ward_phi_type_name(g - 1));
                for (size_t x = a0; x < b0; x++) {
                    if (x == d.tk[q].a) fputs("[[", stdout);
                    putchar(k->text[x] == '\n' ? '|' : k->text[x]);
                    if (x + 1 == d.tk[q].b) fputs("]]", stdout);
                }
                putchar('\n');
            }
            if (cov[d.tk[q].a]) t->pred++, t->correct += g != 0;
        }
        free(cov), free(gold), free(d.tk), free(d.c);
    }
    deid_tagger_use(NULL);
}

/* A gold notes file ("=== ID KIND" lines) rather than cases. */
static int is_gold(const char *file)
{
    char *data;
    size_t len;
    ward_err err;
    if (ward_read_file(file, 0, &data, &len, &err)) return 0;
    int gold = strstr(data, "\n=== ") != NULL || !strncmp(data, "=== ", 4);
    free(data);
    return gold;
}

/* Scores a cases or gold file with model m (NULL: the rules alone). */
static void score_file(const char *file, const tg_model *m, tally *t)
{
    deid_tagger_use(m ? m : rules_only());
    const ward_eval_scorer *sc[] = {&ward_eval_deid_scorer};
    ward_eval_run run;
    ward_err err;
    int rc;
    rc = ward_eval_funnel_marked_with(file, is_gold(file), sc, 1, &run, &err);
    if (rc) {
        fprintf(stderr, "deid_train: %s\n", err.msg);
        exit(2);
    }
    for (size_t i = 0; i < run.n; i++)
        if (run.scorers[i] == &ward_eval_deid_scorer) add_counts(t, ward_eval_deid_counts(run.states[i]));
    ward_eval_funnel_free(&run);
    deid_tagger_use(NULL);
}

/* Bytes of text covered by the spans of a de-identification run. */
static unsigned char *covered(const char *text, size_t len)
{
    ward_deid_result r;
    ward_err err;
    unsigned char *c = ward_xcalloc(len + 1, 1);
    if (ward_funnel_deid(text, len, NULL, &r, &err)) return c;
    for (size_t i = 0; i < r.n; i++) memset(c + r.spans[i].start, 1, r.spans[i].end - r.spans[i].start);
    ward_deid_result_free(&r);
    return c;
}

/* Prints note k's text from `before` bytes ahead of word [p, e) to 30 bytes
 * after it, the word in [[ ]] and line breaks as '|', then a newline. */
static void print_in_context(const note *k, size_t p, size_t e, size_t before)
{
    size_t c0 = p > before ? p - before : 0, c1 = e + 30 < k->len ? e + 30 : k->len;
    for (size_t q = c0; q < c1; q++) {
        if (q == p) fputs("[[", stdout);
        putchar(k->text[q] == '\n' ? '|' : k->text[q]);
        if (q + 1 == e) fputs("]]", stdout);
    }
    putchar('\n');
}

/* Prints each word the tagger adds to the rules in notes [a, b), marked
 * by what the gold says it is (dev notes only: the held-out sets are never
 * looked at). */
static void show(const tg_model *m, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const note *k = &notes[i];
        deid_tagger_use(rules_only());
        unsigned char *r = covered(k->text, k->len);
        deid_tagger_use(m);
        unsigned char *w = covered(k->text, k->len);
        deid_tagger_use(NULL);
        for (size_t p = 0; p < k->len;) {
            if (!w[p] || r[p]) {
                p++;
                continue;
            }
            size_t e = p;
            while (e < k->len && w[e] && !r[e]) e++;
            const char *what = "WRONG";
            for (size_t s = 0; s < k->nphi; s++)
                if (k->phi[s].start <= p && k->phi[s].end >= e) what = ward_phi_type_name(k->phi[s].type);
            for (size_t s = 0; s < k->nkeep; s++)
                if (k->keep[s].start < e && k->keep[s].end > p) what = "KEEP!";
            printf("  note %zu %-9s ", i, what);
            print_in_context(k, p, e, 30);
            p = e;
        }
        free(r), free(w);
    }
}

/* Prints each identifier word that rules + tagger (model m) leave in notes
 * [a, b), with its context (dev notes only). */
static void misses(const tg_model *m, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        const note *k = &notes[i];
        deid_tagger_use(m);
        unsigned char *w = covered(k->text, k->len);
        deid_tagger_use(NULL);
        for (size_t s = 0; s < k->nphi; s++) {
            const ward_eval_span *g = &k->phi[s];
            for (size_t p = g->start; p < g->end;) {
                if (!isalnum((unsigned char)k->text[p]) && (unsigned char)k->text[p] < 0x80) {
                    p++;
                    continue;
                }
                size_t e = p;
                while (e < g->end && (isalnum((unsigned char)k->text[e]) || (unsigned char)k->text[e] >= 0x80)) e++;
                if (!w[p]) {
                    printf("  miss note %zu %-9s ", i, ward_phi_type_name(g->type));
                    print_in_context(k, p, e, 40);
                }
                p = e;
            }
        }
        free(w);
    }
}

/* Prints the tagger's scores for each candidate token of text (alone,
 * without the rules), left to right as the tagger goes. */
static void explain(const tg_model *m, const char *text)
{
    deid_doc d = {.t = text, .len = strlen(text)};
    deid_tokenize(&d);
    int prev = TG_O, prev2 = TG_O;
    uint32_t f[TG_MAXF];
    uint64_t *memo = deid_tagger_memo(&d);
    int32_t sc[TG_ROW];
    static const char *const lab[] = {"O", "NAME", "DATE", "ADDR", "CITY", "FAC", "OTHER"};
    for (size_t i = 0; i < d.n; i++) {
        int y = TG_O;
        if (deid_tagger_candidate(&d, memo, i, prev)) {
            size_t nf = deid_tagger_features(&d, memo, i, prev, prev2, f);
            deid_tagger_scores(m, f, nf, sc);
            int best = TG_O;
            for (int l = 1; l < TG_NLABELS; l++)
                if (sc[l] - sc[TG_O] > m->th[l] && (best == TG_O || sc[l] > sc[best])) best = l;
            y = best;
            printf("%-14.*s", (int)(d.tk[i].b - d.tk[i].a), text + d.tk[i].a);
            for (int l = 0; l < TG_NLABELS; l++) printf(" %s %d", lab[l], sc[l]);
            printf("  -> %s\n", lab[y]);
        }
        if (!(d.tk[i].shape & T_PUNCT)) prev2 = prev, prev = y;
    }
    free(memo);
    free(d.tk);
    free(d.c);
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 1.0; }

static void print_tally(const char *what, const tally *t)
{
    printf("%-22s recall %.4f (%ld/%ld) precision %.4f (%ld/%ld) keep-redacted %ld/%ld", what, ratio(t->found, t->gold),
           t->found, t->gold, ratio(t->correct, t->pred), t->correct, t->pred, t->keep_red, t->keep);
    static const int types[] = {WARD_PHI_NAME, WARD_PHI_FACILITY, WARD_PHI_CITY, WARD_PHI_DATE, WARD_PHI_ADDRESS};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        printf(" %s %ld/%ld", ward_phi_type_name(types[i]), t->tfound[types[i]], t->tgold[types[i]]);
    printf(" cpu %.2fs\n", t->cpu);
}

/* Threshold t for every label but those --type-threshold set. */
static void set_threshold(tg_model *m, int t, const opts *o)
{
    m->threshold = t;
    for (int l = 1; l < TG_NLABELS; l++) m->th[l] = o->th[l] >= 0 ? o->th[l] : t;
}

static void load_model(const char *text, tg_model *m)
{
    size_t line = 0;
    if (deid_tagger_parse(text, strlen(text), m, &line)) {
        fprintf(stderr, "deid_train: model line %zu malformed\n", line);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    opts o = {.epochs = 8, .aug = 3, .min_weight = 2, .seed = 1};
    for (int l = 0; l < TG_NLABELS; l++) o.th[l] = -1;
    const char *out = NULL, *score_only = NULL, *golds[MAX_GOLDS], *checks[MAX_CHECKS]; /* deid_classes/ alone holds 66 files */
    int cv = 0, nth = 1, th[32] = {0}, veto = 0;
    struct {
        int label, th;
    } sweep[32];
    size_t nsweep = 0;
    const char *extra[8], *also[8];
    size_t nextra = 0, nalso = 0;
    size_t nchecks = 0, skip_a = 0, skip_b = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--out") && v) out = v, i++;
        else if (!strcmp(a, "--score") && v) score_only = out = v, i++;
        else if (!strcmp(a, "--cv") && v) cv = atoi(v), i++;
        else if (!strcmp(a, "--epochs") && v) o.epochs = atoi(v), i++;
        else if (!strcmp(a, "--aug") && v) o.aug = atoi(v), i++;
        else if (!strcmp(a, "--bag") && v) o.bag = atoi(v), i++;
        else if (!strcmp(a, "--seed") && v) o.seed = (uint64_t)atoll(v), i++;
        else if (!strcmp(a, "--min-weight") && v) o.min_weight = atoi(v), i++;
        else if (!strcmp(a, "--threshold") && v) o.threshold = atoi(v), i++;
        else if (!strcmp(a, "--type-threshold") && v && strchr(v, '=')) {
            int l = deid_tagger_label_parse(v, (size_t)(strchr(v, '=') - v));
            if (l <= 0) {
                fprintf(stderr, "bench_deid_train: --type-threshold LABEL=N (NAME, DATE, ADDRESS, CITY, FACILITY, OTHER)\n");
                return 2;
            }
            o.th[l] = atoi(strchr(v, '=') + 1), i++;
        }
        else if (!strcmp(a, "--invent") && v) invent_share = atoi(v), i++;
        else if (!strcmp(a, "--sweep") && v && strchr(v, '=')) {
            int l = deid_tagger_label_parse(v, (size_t)(strchr(v, '=') - v));
            if (l <= 0) {
                fprintf(stderr, "bench_deid_train: --sweep LABEL=a,b,...\n");
                return 2;
            }
            for (char *p = strchr(argv[++i], '=') + 1; *p && nsweep < 32;) {
                sweep[nsweep].label = l;
                sweep[nsweep++].th = (int)strtol(p, &p, 10);
                if (*p == ',') p++;
                else break;
            }
        }
        else if (!strcmp(a, "--everyday") && v) everyday_share = atoi(v), i++;
        else if (!strcmp(a, "--facshape") && v) facshape_share = atoi(v), i++;
        else if (!strcmp(a, "--cnames") && v) cname_share = atoi(v), i++;
        else if (!strcmp(a, "--margin") && v) o.margin = atoi(v), i++;
        else if (!strcmp(a, "--skip") && v) sscanf(v, "%zu-%zu", &skip_a, &skip_b), i++;
        else if (!strcmp(a, "--veto") && v) veto = atoi(v), i++;
        else if (!strcmp(a, "--extra") && v && nextra < 8) extra[nextra++] = v, i++;
        else if (!strcmp(a, "--also") && v && nalso < 8) also[nalso++] = v, i++;
        else if (!strcmp(a, "--check") && v && nchecks < MAX_CHECKS) checks[nchecks++] = v, i++;
        else if ((!strcmp(a, "--check") && v) || (a[0] != '-' && nfiles == MAX_GOLDS)) {
            fprintf(stderr, "bench_deid_train: at most %d --check files and %d gold files\n", MAX_CHECKS, MAX_GOLDS);
            return 2;
        }
        else if (!strcmp(a, "--thresholds") && v) {
            nth = 0;
            for (char *p = argv[++i]; *p && nth < 32;) {
                th[nth++] = (int)strtol(p, &p, 10);
                if (*p == ',') p++;
                else break;
            }
        } else if (a[0] != '-' && nfiles < MAX_GOLDS) golds[nfiles++] = a;
        else {
            fprintf(stderr, "usage: bench_deid_train [--out FILE | --score FILE | --cv K [--thresholds a,b]] [--check FILE]\n"
                            "       [--threshold N] [--type-threshold LABEL=N] [--sweep LABEL=a,b] [--epochs N] [--aug N]\n"
                            "       [--seed N] [--bag N] [--min-weight N] [--margin N] [--invent N] [--everyday N] [--cnames N]\n"
                            "       [--facshape N]\n"
                            "       [--skip A-B] [--veto N] [--extra DIR] [--also GOLD.txt] GOLD.txt [GOLD2.txt ...]\n");
            return 2;
        }
    }
    if (!nfiles || (!out && cv < 2)) {
        fprintf(stderr, "bench_deid_train: give GOLD.txt and --out FILE or --cv K\n");
        return 2;
    }
    deid_words();
    load_list("deid_names.tsv");
    load_list("deid_words.tsv");
    const ward_eval_scorer *sc[] = {&keep_scorer};
    ward_eval_run run;
    ward_err err;
    for (size_t g = 0; g < nfiles; g++) {
        if (ward_eval_funnel_marked_with(golds[g], 1, sc, 1, &run, &err)) {
            fprintf(stderr, "bench_deid_train: %s\n", err.msg);
            return 2;
        }
        ward_eval_funnel_free(&run);
        fend[g] = nnotes;
    }
    ndev = nnotes;
    for (size_t x = 0; x < nalso; x++) {
        if (ward_eval_funnel_marked_with(also[x], 1, sc, 1, &run, &err)) {
            fprintf(stderr, "bench_deid_train: %s\n", err.msg);
            return 2;
        }
        ward_eval_funnel_free(&run);
    }
    for (size_t x = 0; x < nextra; x++) {
        long n = 0;
        if (assess_funnel_cohort_using(extra[x], &keep_scorer, &notes, &n, &err)) {
            fprintf(stderr, "bench_deid_train: %s\n", err.msg);
            return 2;
        }
    }
    size_t ntrain = nnotes;
    /* --out with DEID_TRAIN_SHOW: the check files' notes are read too, to show what the tagger adds there */
    if (out && getenv("DEID_TRAIN_SHOW"))
        for (size_t c = 0; c < nchecks; c++) {
            if (ward_eval_funnel_marked_with(checks[c], is_gold(checks[c]), sc, 1, &run, &err)) {
                fprintf(stderr, "bench_deid_train: %s\n", err.msg);
                return 2;
            }
            ward_eval_funnel_free(&run);
        }
    if (getenv("DEID_TRAIN_AUGMENTED")) print_augmented((size_t)atol(getenv("DEID_TRAIN_AUGMENTED")));
    fprintf(stderr, "%zu notes (%zu extra); lists: %zu names, %zu place words, %zu cities\n", nnotes, nnotes - ndev, names.n, places.n, cities.n);
    if (cv >= 2) {
        tally rules = {0}, alone[32] = {{0}}, with[32] = {{0}}, crules[MAX_CHECKS] = {{0}};
        static tally cwith[MAX_CHECKS][32];
        tally frules[MAX_GOLDS] = {{0}}, fwith[32][MAX_GOLDS] = {{{0}}};
        static tally swith[32], swcheck[32][MAX_CHECKS];
        for (int f = 0; f < cv; f++) {
            size_t a = ndev * (size_t)f / (size_t)cv, b = ndev * (size_t)(f + 1) / (size_t)cv;
            /* DEID_TRAIN_FOLDS=DIR: each fold's model is kept there and read
             * back on the next run (a change to the decoding alone is then
             * scored without training again; another recipe needs another
             * DIR) */
            char *text = NULL;
            char fpath[4096];
            const char *fdir = getenv("DEID_TRAIN_FOLDS");
            if (fdir) {
                snprintf(fpath, sizeof fpath, "%s/fold%d.tsv", fdir, f);
                size_t flen;
                ward_err ferr;
                if (ward_read_file(fpath, 0, &text, &flen, &ferr)) text = NULL;
            }
            if (!text) {
                text = train(&o, a, b);
                FILE *ff = fdir ? fopen(fpath, "w") : NULL;
                if (ff) fputs(text, ff), fclose(ff);
            }
            tg_model m;
            load_model(text, &m);
            m.veto = veto;
            fprintf(stderr, "fold %d: notes %zu-%zu, %zu rows\n", f, a, b, m.nrows);
            score_split(NULL, a, b, &rules, frules);
            if (getenv("DEID_TRAIN_SHOW")) {
                set_threshold(&m, atoi(getenv("DEID_TRAIN_SHOW")), &o);
                show(&m, a, b);
            }
            if (getenv("DEID_TRAIN_LEFT")) {
                set_threshold(&m, atoi(getenv("DEID_TRAIN_LEFT")), &o);
                misses(&m, a, b);
            }
            /* --sweep LABEL=a,b: one label's threshold moved alone */
            for (size_t q = 0; q < nsweep; q++) {
                set_threshold(&m, o.threshold, &o);
                m.th[sweep[q].label] = sweep[q].th;
                score(&m, a, b, &swith[q]);
                for (size_t c = 0; c < nchecks; c++) score_file(checks[c], &m, &swcheck[q][c]);
            }
            for (int t = 0; t < nth; t++) {
                set_threshold(&m, th[t], &o);
                score_split(&m, a, b, &with[t], fwith[t]);
                score_alone(&m, a, b, &alone[t]);
                for (size_t c = 0; c < nchecks; c++) {
                    if (!t) score_file(checks[c], NULL, &crules[c]);
                    score_file(checks[c], &m, &cwith[c][t]);
                }
            }
            deid_tagger_free(&m);
            free(text);
        }
        print_tally("rules alone", &rules);
        for (size_t q = 0; q < nsweep; q++) {
            char what[64];
            snprintf(what, sizeof what, "sweep %s %d", deid_tagger_label_name(sweep[q].label), sweep[q].th);
            print_tally(what, &swith[q]);
            tally c = {0};
            for (size_t k = 0; k < nchecks; k++) tally_add(&c, &swcheck[q][k]);
            print_tally("  its check files", &c);
        }
        for (int t = 0; t < nth; t++) {
            char what[64];
            snprintf(what, sizeof what, "tagger alone, th %d", th[t]);
            print_tally(what, &alone[t]);
            snprintf(what, sizeof what, "with tagger, th %d", th[t]);
            print_tally(what, &with[t]);
        }
        for (size_t g = 0; nfiles > 1 && g < nfiles; g++) {
            printf("%s (its folds):\n", golds[g]);
            print_tally("rules alone", &frules[g]);
            for (int t = 0; t < nth; t++) {
                char what[64];
                snprintf(what, sizeof what, "with tagger, th %d", th[t]);
                print_tally(what, &fwith[t][g]);
            }
        }
        for (size_t c = 0; c < nchecks; c++) {
            printf("%s (summed over folds):\n", checks[c]);
            print_tally("rules alone", &crules[c]);
            for (int t = 0; t < nth; t++) {
                char what[64];
                snprintf(what, sizeof what, "with tagger, th %d", th[t]);
                print_tally(what, &cwith[c][t]);
            }
        }
        return 0;
    }
    size_t nall = nnotes;
    nnotes = ntrain;
    char *text = NULL;
    size_t tlen;
    /* --score: the model of a file, scored on the check files, not trained */
    if (score_only && ward_read_file(score_only, 0, &text, &tlen, &err)) {
        fprintf(stderr, "bench_deid_train: %s\n", err.msg);
        return 2;
    }
    if (!text) text = train(&o, skip_a, skip_b);
    nnotes = nall;
    FILE *f = score_only ? NULL : fopen(out, "w");
    if (!score_only && (!f || fputs(text, f) < 0 || fclose(f))) {
        fprintf(stderr, "bench_deid_train: cannot write %s\n", out);
        return 2;
    }
    tg_model m;
    load_model(text, &m);
    fprintf(stderr, "wrote %s: %zu rows, %zu bytes\n", out, m.nrows, strlen(text));
    if (getenv("DEID_TRAIN_EXPLAIN")) explain(&m, getenv("DEID_TRAIN_EXPLAIN"));
    if (getenv("DEID_TRAIN_SHOW")) {
        set_threshold(&m, atoi(getenv("DEID_TRAIN_SHOW")), &o);
        show(&m, ntrain, nnotes);
        set_threshold(&m, o.threshold, &o);
    }
    /* the check files: the model written must find all the rules find
     * and redact nothing they keep (clinical tokens, other words) */
    int failed = 0;
    for (size_t c = 0; c < nchecks; c++) {
        tally r = {0}, w = {0};
        score_file(checks[c], NULL, &r);
        score_file(checks[c], &m, &w);
        printf("%s:\n", checks[c]);
        print_tally("rules alone", &r);
        print_tally("with tagger", &w);
        if (w.found < r.found || w.keep_red > r.keep_red || w.pred - w.correct > r.pred - r.correct) {
            printf("check FAILED: %s: found %ld (rules %ld), clinical tokens redacted %ld (rules %ld), "
                   "other tokens redacted %ld (rules %ld)\n",
                   checks[c], w.found, r.found, w.keep_red, r.keep_red, w.pred - w.correct, r.pred - r.correct);
            failed = 1;
        }
    }
    if (nchecks) printf("check %s: %zu files\n", failed ? "FAILED" : "passed", nchecks);
    deid_tagger_free(&m);
    free(text);
    return failed;
}
