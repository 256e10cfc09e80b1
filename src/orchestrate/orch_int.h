/* orch_int.h — what the orchestrator's files share (not public API).
 *
 * A task builds an `out`: a list of evidence items (each becomes a numbered
 * citation the first time a sentence cites it) and a list of sentences, each
 * in a section with the evidence numbers it rests on. The guard then scores
 * every sentence against its cited evidence, router.c renders the result as
 * text and JSON and stores the draft.
 *
 * A store failure is never an answer. Functions that read the store return
 * a WARD_E* code (or, for evidence indexes, ORCH_FAILED) and put the cause
 * in o->err; much evidence is gathered inside sentence callbacks that cannot
 * return a code, so o->err is sticky: it keeps the first failure, every task
 * checks it before it returns, and the router refuses to render an output
 * whose task met one ("Not found in the record." must mean the record was
 * read and does not say).
 */
#ifndef WARD_ORCH_INT_H
#define WARD_ORCH_INT_H

#include "ward/orchestrate.h"

#include <jansson.h>

#define ORCH_MAXCITE 8

/* Evidence indexes are >= 0; these say why there is none. */
enum { ORCH_MISSING = -1, ORCH_FAILED = -2 };

typedef struct orch_ev {
    int64_t chunk_id, document_id;   /* 0/0 for a transcript turn */
    int turn;                        /* transcript turn number (1-based), or 0 */
    char *title, *speaker;
    char *quote;                     /* the cited span's text */
    char date[11];                   /* its document's day (YYYY-MM-DD), or "" */
    size_t start, end;               /* byte offsets of the quote in its document (or transcript) */
    int used;                        /* cited by a kept sentence */
    int n;                           /* citation number once used */
} orch_ev;

typedef struct orch_sent {
    char *section;
    char *text;                      /* what the output says */
    char *check;                     /* what the guard checks (text before rewording), or NULL */
    int cite[ORCH_MAXCITE], ncite;   /* indexes into ev */
    double support;
    int numbers_ok, kept;
    int frame;                       /* Ward's own words ("Not found in the record."): no support needed */
    char *why;                       /* reason when flagged */
} orch_sent;

typedef struct orch_out {
    ward_store *st;
    const ward_orch_params *p;
    const ward_task_request *req;
    orch_ev *ev;
    size_t nev, evcap;
    orch_sent *s;
    size_t ns, scap;
    json_t *extra;                   /* task-specific fields merged into the result JSON */
    json_t *inputs;                  /* what the draft records as inputs */
    json_t *verification;            /* filled by the guard */
    const char *backend, *model;
    char prompt_hash[65];
    int not_found;
    int injections;                  /* evidence sentences refused as instructions */
    int conflicts;                   /* note sentences said as conflicts with the record */
    char failure[1024];              /* the model backend's error when every call failed */
    /* A task whose prose adds its own frame words (the note's "she", "denies"):
     * what the guard checks of a sentence, for the model's sentences as for
     * the task's own (NULL: the whole text); and a line telling the model how
     * to write ("Refer to the patient as "she"."), or "". */
    char *(*check_of)(const char *text);
    char hint[128];
    ward_err err;                    /* the first store failure met (code 0: none); see above */
    ward_orch_cache *facts;          /* the chart's lists read so far (chart.c), or NULL */
    int own_facts;                   /* facts is this run's own, not p->cache */
} orch_out;

/* Keeps cause in o->err unless a failure is already there (later ones are
 * its consequences) and returns ORCH_FAILED. */
int orch_fail(orch_out *o, const ward_err *cause);
/* When o met a store failure: copies it to err, wrapped as "cannot read the
 * chart: <cause>", and returns its code; else WARD_OK. */
int orch_check(const orch_out *o, ward_err *err);

/* ---- out.c: evidence and sentences ---- */
/* Adds a chunk (or a span of it: qs..qe relative to the chunk, qe=0 for
 * all) as evidence; returns its index, ORCH_MISSING when there is no such
 * chunk, ORCH_FAILED when the store failed (o->err says why). */
int orch_ev_chunk(orch_out *o, int64_t chunk_id, size_t qs, size_t qe);
/* Evidence for a structured record: the chunk of its readable document
 * (index, ORCH_MISSING or ORCH_FAILED as above). */
int orch_ev_resource(orch_out *o, int64_t resource_rowid);
/* Evidence for a transcript turn. */
int orch_ev_turn(orch_out *o, int turn, const char *speaker, const char *text, size_t start, size_t end);
/* Appends a sentence citing ev indexes (negative ones are ignored). */
orch_sent *orch_say(orch_out *o, const char *section, const int *cites, int ncite, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void orch_out_free(orch_out *o);

/* ---- text.c: words, sentences, numbers ---- */
typedef struct orch_words {
    char **w;
    size_t n, cap;
} orch_words;
/* Lowercased, lightly stemmed content words (stopwords dropped when drop_stop). */
void orch_words_of(const char *text, int drop_stop, orch_words *out);
void orch_words_free(orch_words *w);
int orch_words_has(const orch_words *w, const char *word);
/* Fraction of `a`'s words found in `b` (1 when a is empty). */
double orch_overlap(const orch_words *a, const orch_words *b);
/* Sentence spans of text: calls fn(start, end) for each trimmed sentence. */
void orch_sentences(const char *text, size_t len, void (*fn)(size_t s, size_t e, void *ud), void *ud);
/* Numbers in text as normalized strings ("8.10" -> "8.1", dates "2024-03-02"
 * kept whole, times as their parts); citation markers [n] are skipped. */
void orch_numbers_of(const char *text, orch_words *out);
/* A number said in words at p ("twenty six", "nineteen eighty five", "two
 * thousand eight"): its value, *len the bytes it spans; -1 when none. The
 * guard counts it as the number: evidence saying "twenty six" supports "26". */
long orch_spelled_number(const char *p, size_t *len);
/* 1 when a sentence reads as an instruction to a model (prompt injection). */
int orch_is_injection(const char *text, size_t len);
/* Case-insensitive: does text contain word (at word boundaries)? */
int orch_has_word(const char *text, const char *word);
/* ... any of a NULL-terminated list of words? */
int orch_has_any(const char *text, const char *const *words);

/* ---- query.c: a question as groups of words that mean the same ---- */
typedef struct orch_qgroup {
    orch_words *alt;                 /* alternatives, each a phrase's words */
    size_t nalt;
    int concept;                     /* a lexicon concept (with its synonyms), not a plain word */
} orch_qgroup;
typedef struct orch_query {
    orch_qgroup *g;
    size_t ng;
    char *widened;                   /* the text and every alternative, for BM25 */
} orch_query;
/* Groups of text: one per lexicon concept it names (its names and related
 * phrases), one per other content word bar question-frame words. */
void orch_query_of(const char *text, orch_query *q);
/* 1 when words w hold every word of one alternative of group g. */
int orch_query_covers(const orch_query *q, size_t g, const orch_words *w);
void orch_query_free(orch_query *q);
/* The share of sentence words sw (of text) that evidence words ew hold,
 * a word of a concept counting when the evidence names the concept by any
 * of its synonyms (the guard's support). */
double orch_support(const char *text, const orch_words *sw, const orch_words *ew);

/* ---- chart.c: structured facts ---- */
typedef struct orch_fact {
    int64_t rid, prev_rid, same_rid;   /* same: another value the latest's day */
    char *type, *code, *display, *status, *date, *unit, *value_text;
    char *reason;                    /* medications: display of the condition it treats, or NULL */
    double value, prev_value, same_value;
    int has_value, has_prev, has_same;
    char *prev_date, *same_date;
    char *concept;                   /* what it is about (ward_concept_key) */
    int noted;                       /* known only from notes */
    char *mention;                   /* noted: the note's words; an allergy a record holds: the
                                        words a note names it by, when the record does not say them */
    int64_t mention_rid;             /* the note's record mention comes from */
    int64_t *sources;                /* the records merged into it (resources ids), rid first; notes
                                        only for a fact known only from notes */
    size_t nsources;
} orch_fact;
typedef struct orch_facts {
    orch_fact *v;
    size_t n;
} orch_facts;
typedef ward_fact_kind orch_fact_kind;   /* WARD_FACT_PROBLEMS, ... (store.h) */
/* The facts of a kind for the patient of o's request, read once per task
 * run (or once for the runs sharing o->p->cache): *out is a view of the
 * cached list that the caller does not free. A task reads the same lists
 * many times (every note sentence it quotes is checked against four of
 * them for conflicts), and the store does not change during a run. On a
 * store failure *out is empty and err says why. */
int orch_facts_get(orch_out *o, orch_fact_kind kind, orch_facts *out, ward_err *err);
/* Frees the lists o read for itself (orch_out_free does). */
void orch_facts_cache_free(orch_out *o);
/* "8.1 %" / "positive" for an observation; static buffer per call site. */
void orch_fact_value(const orch_fact *f, char *buf, size_t cap);
void orch_fact_prev_value(const orch_fact *f, char *buf, size_t cap);
/* Date part of a fact's date (YYYY-MM-DD) or "" */
void orch_fact_day(const char *date, char out[11]);
/* Says one fact as a cited line in section (shared by summary and letters);
 * a store failure finding its citation lands in o->err. */
void orch_say_fact(orch_out *o, const char *section, const orch_fact *f, int with_trend);
/* Age in whole years at today's date; -1 when unknown. Sex: "female"/"male"/"".
 * WARD_ENOTFOUND for no such patient, WARD_EIO (err says why) on failure. */
int orch_patient_age_sex(ward_store *st, const char *patient, int *age, char *sex, size_t cap, ward_err *err);
/* Note sentences of a patient matching words (BM25 then sentence overlap):
 * adds up to max quoted sentences under section. Returns how many, or
 * ORCH_FAILED (o->err says why). */
int orch_quote_notes(orch_out *o, const char *section, const char *query, int max, int literature);
/* The best-matching note sentences as evidence indexes in ev_out (up to
 * max, score >= min_score); *best gets the top score (0..1.1). Sentences
 * that read as instructions to a model are never returned. Returns how
 * many, or ORCH_FAILED when the search or the store failed (o->err). */
int orch_best_sentences(orch_out *o, const char *query, int literature, int max, double min_score,
                        int *ev_out, double *best);

/* Quotes up to per_note sentences of the section named like `prefer`
 * (else assessment/plan, else the start) of the latest `notes` notes.
 * Returns how many, or ORCH_FAILED (o->err). */
int orch_quote_latest_notes(orch_out *o, const char *section, int notes, int per_note, const char *prefer);

/* ---- conflict.c: note sentences that contradict the record ---- */
typedef struct orch_conflict {
    int record_ev;                   /* evidence for the record's side */
    int64_t fact_rid;                /* the fact it contradicts (resources id) */
    orch_fact_kind fact_kind;
    char kind[16];                   /* "allergy", "medication", "problem", "lab" */
    char what[80];                   /* what the record holds, in words */
} orch_conflict;
/* 1 when a note sentence (of day, "YYYY-MM-DD" or NULL) contradicts a fact
 * of the patient's reconciled chart (c says which); 0 without a patient. A
 * store failure lands in o->err. */
int orch_conflict_of(orch_out *o, const char *text, const char *day, orch_conflict *c);
/* 1 when text names the concept (a ward_concept_key) by any of its names. */
int orch_mentions_concept(const char *text, const char *concept);
/* Says a conflict in section, one line citing both sides: "Conflict with
 * the record (WHAT): a note says "...", but the record holds FACT";
 * recorded in the result's "conflicts" and counted in verification. */
void orch_say_conflict(orch_out *o, const char *section, int note_ev, const orch_conflict *c);

/* ---- guard.c ---- */
void orch_guard(orch_out *o);
/* Scores one sentence (support, numbers); 1 when it passes. */
int orch_guard_sentence(orch_out *o, orch_sent *s);

/* ---- generate.c: the model path ---- */
/* Rewrites the extractive sentences of o with the model, section by
 * section in batches sized to its context (evidence wrapped as data);
 * returns 0 when some of the model's output replaced them, 1 when the
 * extractive output stands, 2 when every call to the backend failed
 * (o->failure says why). */
int orch_generate(orch_out *o, const char *task_instruction);
/* Appends a model's sentence, its check text set by o->check_of, so the
 * guard judges it as it judges the task's own sentences. */
orch_sent *orch_say_model(orch_out *o, const char *section, const int *cites, int ncite, const char *text);
/* Hash of the extractive plan (for drafts). */
void orch_extractive_hash(orch_out *o, const char *task);

/* ---- tasks ---- */
int orch_task_ask(orch_out *o, ward_err *err);
int orch_task_summarize(orch_out *o, ward_err *err);
int orch_task_note(orch_out *o, ward_err *err);
int orch_task_instructions(orch_out *o, ward_err *err);
int orch_task_priorauth(orch_out *o, ward_err *err);
void orch_instructions_grade(orch_out *o);

/* drafts.c */
/* A unified diff (diff -u format, 3 lines of context) from old_text to
 * new_text, headed "--- old_label" / "+++ new_label"; malloc'd. */
char *orch_diff(const char *old_text, const char *new_text, const char *old_label, const char *new_label);
int orch_draft_save(orch_out *o, const char *task, const char *text, json_t *citations, int64_t *id,
                    ward_err *err);

#endif
