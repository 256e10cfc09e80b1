/* pipeline.c — `ward ingest --jobs N`: N threads do the funnel work of
 * notes (front matter, de-identification, chunks, concepts, and from
 * three jobs on the full-text index's terms of each chunk): N - 1 worker
 * threads and the calling thread, which alone touches the store: it takes
 * the files back in input order and stores them (ingest.c), and prepares
 * files itself whenever the next one is not ready.
 *
 * Ideas a reader needs:
 *  - Order: the writer takes file i only after file i-1, so row ids,
 *    versions, counts, errors and progress come out as in a run without
 *    workers: the store's content does not depend on N, and a kill loses
 *    what it would lose without workers (the last uncommitted group).
 *  - The writer is the bound (every note passes through it, in order), and
 *    it never sleeps while there is work: when file i is not ready (a
 *    worker is on it), it prepares the next file no worker has taken, as
 *    a worker would (pipe_take). So N threads do the funnel on N cores
 *    with no core idle and none oversubscribed: with N workers beside the
 *    writer, two cores ran three threads, and the workers, a window ahead,
 *    stopped whenever the writer committed.
 *  - Workers do only the happy path: a note within the size limit, valid
 *    UTF-8, sound front matter, text de-identification accepts. Anything
 *    else (FHIR, HL7 v2, every error) goes back to the writer unprepared,
 *    which reads and reports it as without workers: one path for errors.
 *  - A worker asks the store (its own read-only connection) whether the
 *    note is there already, so a re-run of the same files costs a hash and
 *    a lookup per note, not its funnel work. The answer only saves work:
 *    the writer's own lookup decides (a note committed after the worker
 *    asked is found there; one the worker saw stored and that is no longer
 *    is prepared by the writer itself).
 *  - Workers run at most WINDOW_FILES files and WINDOW_BYTES of input ahead
 *    of the writer, so memory stays bounded however large the run; the
 *    window is wide enough (about a fifth of a second of funnel work) to
 *    keep the workers going while the writer commits a group.
 *  - Memory goes back to the thread that took it: the writer hands a
 *    worker's file, once stored, back to that worker to free (pipe_file_free,
 *    then worker_tidy). glibc gives each thread its own arena, and a free
 *    from another thread takes that arena's lock: the writer freeing the
 *    worker's notes and the worker allocating for the next ones waited on
 *    each other (perf: 0.1-0.35 s a 2-job run off CPU in malloc and free,
 *    while a lock holder was descheduled), and the writer is the bound.
 *  - Workers run at a lower priority (WORKER_NICE), so that on a machine
 *    with fewer free cores than threads the writer is the one that runs.
 *  - Each thread that prepares has its own extractor (extractors keep
 *    scratch space), built on its first note from the vocabularies the
 *    writer read; the extractors live until pipe_stop, because concepts
 *    prepared with them point into their lexicons until the writer has
 *    stored them.
 */
#include "ingest/ingest_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WINDOW_FILES 512
#define WINDOW_BYTES (32.0 * 1024 * 1024)
#define WORKER_NICE 10
#define TERMS_WORKERS 2

typedef struct owned_file owned_file;

typedef struct worker {
    ingest_pipe *p;
    pthread_t thread;
    owned_file *stored;     /* files the writer is done with, for this worker to free */
    ward_concepts_run *run;
    int run_failed;
    ward_store *st;         /* read-only, for "stored already?" */
    int st_failed;
} worker;

struct ingest_pipe {
    pthread_mutex_t mu;
    pthread_cond_t ready;   /* a file is ready for the writer */
    pthread_cond_t room;    /* the writer took one: workers may go on */
    pipe_ctx ctx;
    char *const *files;
    const double *sizes;
    size_t n;
    size_t next;            /* the next file a worker takes */
    size_t taken;           /* files the writer has taken */
    double ahead;           /* bytes taken by workers and not yet by the writer */
    int stop;
    pipe_file **out;        /* per file: NULL until a worker is done with it */
    worker *w;
    int nw;
    worker self;            /* the writer's, when it prepares files itself */
    int terms;              /* workers make the full-text index's terms */
};

/* A file as a thread prepared it: the caller sees f; the rest says who
 * frees it. */
struct owned_file {
    pipe_file f;            /* first: pipe_file_free gets &f */
    worker *owner;          /* NULL: freed by whoever frees it */
    owned_file *next;       /* in owner->stored */
};

static void file_free_now(owned_file *o)
{
    pipe_file *f = &o->f;
    if (f->note) {
        ingest_note_free(&f->n);
        ingest_prep_free(&f->prep);
    }
    free(f->data);
    free(o);
}

void pipe_file_free(pipe_file *f)
{
    if (!f) return;
    owned_file *o = (owned_file *)f;
    worker *w = o->owner;
    if (!w) {
        file_free_now(o);
        return;
    }
    pthread_mutex_lock(&w->p->mu);
    o->next = w->stored;
    w->stored = o;
    pthread_mutex_unlock(&w->p->mu);
}

static void free_list(owned_file *o)
{
    while (o) {
        owned_file *next = o->next;
        file_free_now(o);
        o = next;
    }
}

/* Frees what the writer handed back to w; called with p->mu held, frees
 * without it. */
static void worker_tidy(ingest_pipe *p, worker *w)
{
    owned_file *o = w->stored;
    if (!o) return;
    w->stored = NULL;
    pthread_mutex_unlock(&p->mu);
    free_list(o);
    pthread_mutex_lock(&p->mu);
}

/* Reads path whole; returns the bytes when it is a note within the limit. */
static char *read_note(const char *path, size_t max, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    struct stat sb;
    if (!fp) return NULL;
    char *data = NULL;
    if (!fstat(fileno(fp), &sb) && S_ISREG(sb.st_mode) && sb.st_size > 0 && (size_t)sb.st_size <= max) {
        data = ward_xmalloc((size_t)sb.st_size + 1);
        *len = fread(data, 1, (size_t)sb.st_size, fp);
        data[*len] = 0;
        size_t bad;
        if (ferror(fp) || !*len || ward_ingest_detect(path, data, *len) != WARD_FMT_TEXT ||
            !ward_utf8_valid(data, *len, &bad)) {
            free(data);
            data = NULL;
        }
    }
    fclose(fp);
    return data;
}

/* A worker's work on one file: note stays 0 unless all went well. */
static pipe_file *prepare(worker *w, const char *path)
{
    const pipe_ctx *ctx = &w->p->ctx;
    owned_file *o = ward_xcalloc(1, sizeof *o);
    if (w != &w->p->self) o->owner = w;   /* the writer frees its own at once */
    pipe_file *f = &o->f;
    if (!(f->data = read_note(path, ctx->max_file_bytes, &f->len))) return f;
    ward_err err = {0};
    if (ctx->vocab && !w->run && !w->run_failed) w->run_failed = concepts_run_new(ctx->dir, ctx->vocab, &w->run, &err) != 0;
    if (w->run_failed || ingest_note_parse(path, f->data, f->len, &f->n, &err)) {
        ingest_note_free(&f->n);
        return f;
    }
    if (!w->st && !w->st_failed) {
        ward_store_params sp = ward_store_default_params();
        sp.read_only = 1;
        w->st_failed = ward_store_open(ctx->dir, &sp, &w->st, &err) != 0;
    }
    int64_t stored = 0;
    if (w->st && !ward_store_document_stored(w->st, &f->n.d, &stored, &err) && stored) {
        f->note = 1;   /* unchanged: the writer sees it for itself */
        return f;
    }
    if (ingest_prep_doc(&f->prep, &f->n.d, ctx->deid, w->run, &err)) {
        ingest_prep_free(&f->prep);
        ingest_note_free(&f->n);
        return f;
    }
    /* The index's terms too, when the store can make them here and the
     * writer is the bound (pipe_start). */
    if (w->st && w->p->terms) ingest_prep_terms(&f->prep, &f->n.d, w->st);
    f->note = f->prepared = 1;
    return f;
}

/* May a worker take the next file? Not past the window; a file the writer
 * waits for (next == taken) is always allowed. */
static int may_take(const ingest_pipe *p)
{
    if (p->next == p->taken) return 1;
    return p->next < p->taken + WINDOW_FILES && p->ahead < WINDOW_BYTES;
}

/* Takes the next file and prepares it as w; called and returns with
 * p->mu held. */
static void take_one(ingest_pipe *p, worker *w)
{
    size_t i = p->next++;
    p->ahead += p->sizes[i];
    pthread_mutex_unlock(&p->mu);
    pipe_file *f = prepare(w, p->files[i]);
    pthread_mutex_lock(&p->mu);
    p->out[i] = f;
}

static void *work(void *arg)
{
    worker *w = arg;
    ingest_pipe *p = w->p;
    ward_thread_lower_priority(WORKER_NICE);
    pthread_mutex_lock(&p->mu);
    /* Past the last file the worker stays until pipe_stop: what the writer
     * hands back it frees when the writer's next take wakes it, the rest
     * pipe_stop frees. */
    for (;;) {
        worker_tidy(p, w);
        if (p->stop) break;
        if (p->next < p->n && may_take(p)) {
            take_one(p, w);
            pthread_cond_signal(&p->ready);   /* only the writer waits there */
        } else if (!w->stored) {
            pthread_cond_wait(&p->room, &p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

ingest_pipe *pipe_start(const pipe_ctx *ctx, int jobs, char *const *files, const double *sizes, size_t n)
{
    jobs--;   /* the writer is one of the N */
    ingest_pipe *p = ward_xcalloc(1, sizeof *p);
    /* The full-text terms made on a worker save the writer their
     * tokenizing but cost more in all (serialized, then replayed): about
     * 10% more instructions for a 2-job run, where the writer, which does
     * about two fifths of the work, has time to spare and helps the
     * worker. From three jobs on the writer is the bound, and they pay. */
    p->terms = jobs >= TERMS_WORKERS;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->ready, NULL);
    pthread_cond_init(&p->room, NULL);
    p->ctx = *ctx;
    p->files = files;
    p->sizes = sizes;
    p->n = n;
    p->out = ward_xcalloc(n + 1, sizeof *p->out);
    p->self.p = p;
    p->w = ward_xcalloc((size_t)jobs + 1, sizeof *p->w);
    for (int i = 0; i < jobs; i++) {
        p->w[p->nw].p = p;
        if (pthread_create(&p->w[p->nw].thread, NULL, work, &p->w[p->nw]) == 0) p->nw++;
    }
    if (!p->nw) {   /* no thread could start: the caller works alone */
        pipe_stop(p);
        return NULL;
    }
    return p;
}

pipe_file *pipe_take(ingest_pipe *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    while (!p->out[i]) {
        /* Not ready: rather than sleep, prepare the next file no worker
         * has taken (file i itself, when none has). */
        if (p->next < p->n && may_take(p)) take_one(p, &p->self);
        else pthread_cond_wait(&p->ready, &p->mu);
    }
    pipe_file *f = p->out[i];
    p->out[i] = NULL;
    p->taken = i + 1;
    p->ahead -= p->sizes[i];
    pthread_cond_broadcast(&p->room);
    pthread_mutex_unlock(&p->mu);
    return f;
}

void pipe_stop(ingest_pipe *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->room);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nw; i++) {
        pthread_join(p->w[i].thread, NULL);
        free_list(p->w[i].stored);   /* handed back after it stopped */
        ward_concepts_run_free(p->w[i].run);
        ward_store_free(p->w[i].st);
    }
    ward_concepts_run_free(p->self.run);
    ward_store_free(p->self.st);
    for (size_t i = 0; i < p->n; i++)
        if (p->out[i]) file_free_now((owned_file *)p->out[i]);   /* not taken: no worker left to hand it to */
    pthread_cond_destroy(&p->ready);
    pthread_cond_destroy(&p->room);
    pthread_mutex_destroy(&p->mu);
    free(p->out);
    free(p->w);
    free(p);
}
