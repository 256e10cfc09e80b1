/* pool.c — the workers that run route handlers, in the order requests
 * arrived.
 *
 * libmicrohttpd's threads each poll their own share of the connections.
 * Were the handlers run on them, a request would wait for the other
 * requests of its own thread only: one thread handed more connections than
 * the others (they are accepted by whichever thread wakes first) makes all
 * of its clients slow while another thread idles, and under load that one
 * thread sets the tail latency. So a libmicrohttpd thread only reads a
 * request and writes its answer. In between, the connection is suspended
 * and the request waits in one queue shared by every worker (first in,
 * first out); a worker runs its handler (with the worker's own store
 * connection) and resumes the connection, and libmicrohttpd then calls the
 * access handler again, which queues the answer built.
 *
 * Stopping: srv_pool_stop lets the workers finish every queued request (a
 * suspended connection left behind would make libmicrohttpd abort at its
 * own stop); a request that arrives after that runs on the calling thread.
 */
#include "server_int.h"

#include <stdlib.h>

struct srv_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    srv_req *head, **tail;   /* waiting requests, oldest first (srv_req.next) */
    int stopping;
    int n;
    void (*run)(srv_req *r);
    pthread_t *threads;
};

static void *worker(void *arg)
{
    srv_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stopping) pthread_cond_wait(&p->cv, &p->mu);
        srv_req *r = p->head;
        if (!r) break;   /* stopping, and nothing left */
        p->head = r->next;
        if (!p->head) p->tail = &p->head;
        pthread_mutex_unlock(&p->mu);
        struct MHD_Connection *conn = r->conn;
        p->run(r);
        /* r belongs to libmicrohttpd again from here (it may complete and
         * be freed at once): it is not touched after the resume. */
        MHD_resume_connection(conn);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

srv_pool *srv_pool_new(int threads, void (*run)(srv_req *r), ward_err *err)
{
    srv_pool *p = ward_xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->tail = &p->head;
    p->run = run;
    p->threads = ward_xcalloc((size_t)threads, sizeof *p->threads);
    for (; p->n < threads; p->n++) {
        if (pthread_create(&p->threads[p->n], NULL, worker, p)) {
            srv_pool_stop(p);
            ward_err_set(err, WARD_EIO, "cannot start %d worker threads", threads);
            return NULL;
        }
    }
    return p;
}

int srv_pool_push(srv_pool *p, srv_req *r)
{
    pthread_mutex_lock(&p->mu);
    int ok = !p->stopping;
    if (ok) {
        /* Suspended before any worker can see it: its resume must come
         * after. */
        MHD_suspend_connection(r->conn);
        r->next = NULL;
        *p->tail = r;
        p->tail = &r->next;
        pthread_cond_signal(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return ok ? 0 : -1;
}

void srv_pool_stop(srv_pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n; i++) pthread_join(p->threads[i], NULL);
    free(p->threads);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}
