/* sse.c — Server-Sent Events: an answer that is written while it is made.
 *
 * The route hands a producer function to srv_stream_start. The producer
 * runs on a thread of its own, with its own store connection, and appends
 * events to a buffer; libmicrohttpd's content reader (on a worker thread)
 * waits on a condition variable and sends what is there. When the client
 * goes away, the free callback marks the stream gone, so the producer's
 * next write returns nonzero and it can stop early. The stream struct is
 * freed by whichever side lets go last.
 *
 * While the producer is busy, the reader sends a comment line every half
 * connection timeout, so a long generation is not taken for a dead client.
 * The request stays "in flight" until the last byte is out, so a SIGTERM
 * drain waits for streams to finish.
 */
#include "server_int.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

struct srv_stream {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    ward_buf buf;
    size_t off;
    int done, gone, refs;
    srv_stream_fn fn;
    void *ud;
    void (*free_ud)(void *);
    ward_server *srv;
    ward_store *st;
};

static void unref(srv_stream *s)
{
    pthread_mutex_lock(&s->mu);
    int last = --s->refs == 0;
    pthread_mutex_unlock(&s->mu);
    if (!last) return;
    if (s->free_ud) s->free_ud(s->ud);
    ward_buf_free(&s->buf);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    srv_stream *s = cls;
    pthread_mutex_lock(&s->mu);
    /* A connection silent for timeout_s is closed by libmicrohttpd: while
     * the producer works (a model can take minutes), send a comment now
     * and then, which SSE clients ignore. */
    int wait_s = s->srv->p.timeout_s > 2 ? s->srv->p.timeout_s / 2 : 1;
    while (s->off == s->buf.len && !s->done) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait_s;
        if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT && s->off == s->buf.len && !s->done)
            ward_buf_puts(&s->buf, ": working\n\n");
    }
    if (s->off == s->buf.len) {
        pthread_mutex_unlock(&s->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t n = s->buf.len - s->off < max ? s->buf.len - s->off : max;
    memcpy(out, s->buf.data + s->off, n);
    s->off += n;
    if (s->off == s->buf.len) {
        ward_buf_reset(&s->buf);
        s->off = 0;
    }
    pthread_mutex_unlock(&s->mu);
    return (ssize_t)n;
}

static void reader_done(void *cls)
{
    srv_stream *s = cls;
    pthread_mutex_lock(&s->mu);
    s->gone = 1;
    pthread_mutex_unlock(&s->mu);
    unref(s);
}

static void *producer(void *arg)
{
    srv_stream *s = arg;
    ward_err err = {0};
    if (ward_store_open(s->srv->data_dir, NULL, &s->st, &err)) {
        srv_report(s->srv, WARD_EVENT_ERROR, err.code, "stream cannot open the store: %s", err.msg);
        srv_stream_event(s, "error", "{\"type\":\"urn:ward:problem:unavailable\",\"status\":503}");
    } else {
        s->fn(s, s->ud);
    }
    ward_store_free(s->st);
    s->st = NULL;
    pthread_mutex_lock(&s->mu);
    s->done = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    unref(s);
    return NULL;
}

void srv_stream_start(srv_req *r, srv_stream_fn fn, void *ud, void (*free_ud)(void *))
{
    srv_stream *s = ward_xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    ward_buf_init(&s->buf);
    s->fn = fn, s->ud = ud, s->free_ud = free_ud, s->srv = r->srv;
    s->refs = 2;  /* the reader and the producer */
    /* A comment first, so the client sees the stream open at once. */
    ward_buf_puts(&s->buf, ": ward stream\n\n");
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, reader_done);
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, producer, s)) {
        pthread_attr_destroy(&a);
        MHD_destroy_response(resp);  /* calls reader_done: one reference */
        unref(s);
        srv_problem(r, 503, "unavailable", "The server cannot start a stream now.");
        return;
    }
    pthread_attr_destroy(&a);
    if (r->resp) MHD_destroy_response(r->resp);
    r->resp = resp;
    r->status = 200;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(resp, "X-Accel-Buffering", "no");
}

int srv_stream_write(srv_stream *s, const char *data, size_t n)
{
    pthread_mutex_lock(&s->mu);
    int gone = s->gone;
    if (!gone) ward_buf_append(&s->buf, data, n);
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return gone;
}

int srv_stream_event(srv_stream *s, const char *event, const char *json)
{
    ward_buf b;
    ward_buf_init(&b);
    if (event) ward_buf_printf(&b, "event: %s\n", event);
    ward_buf_printf(&b, "data: %s\n\n", json);
    int gone = srv_stream_write(s, b.data, b.len);
    ward_buf_free(&b);
    return gone;
}

ward_store *srv_stream_store(srv_stream *s)
{
    return s->st;
}

ward_server *srv_stream_server(srv_stream *s)
{
    return s->srv;
}
