/* metrics.c — what /metrics exposes, in Prometheus text format.
 *
 * Counters are recorded when a request completes: by route pattern (never
 * the path, which can hold a patient id) and status, a latency histogram
 * per route, model tokens generated, and usage per user (requests and
 * tokens; user names are staff accounts, not patients). Gauges that live
 * in the store (drafts by status, audit chain length) are read at scrape
 * time. Nothing here names a patient or carries a value from a record.
 *
 * Counts by status are a flat array route x (100..599): a few hundred KB,
 * lock-free increments. Users are few; a mutex guards their small table.
 */
#include "server_int.h"
#include "ward/oversight.h"

#include <stdlib.h>
#include <string.h>

static const double bucket_le[SRV_HIST_BUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1,    2.5,   10};
#define NSTATUS 500 /* 100..599 */

typedef struct user_usage {
    char name[64];
    unsigned long long requests, tokens;
} user_usage;

struct srv_metrics {
    size_t nroutes;                     /* routes + 1: the last counts unmatched paths */
    atomic_ullong *by_status;           /* [nroutes][NSTATUS] */
    atomic_ullong *buckets;             /* [nroutes][SRV_HIST_BUCKETS + 1], +Inf last */
    atomic_ullong *micros;              /* [nroutes] total latency in microseconds */
    atomic_ullong tokens;
    pthread_mutex_t mu;
    user_usage *users;
    size_t nusers, capusers;
};

srv_metrics *srv_metrics_new(size_t nroutes)
{
    srv_metrics *m = ward_xcalloc(1, sizeof *m);
    m->nroutes = nroutes + 1;
    m->by_status = ward_xcalloc(m->nroutes * NSTATUS, sizeof *m->by_status);
    m->buckets = ward_xcalloc(m->nroutes * (SRV_HIST_BUCKETS + 1), sizeof *m->buckets);
    m->micros = ward_xcalloc(m->nroutes, sizeof *m->micros);
    pthread_mutex_init(&m->mu, NULL);
    return m;
}

void srv_metrics_free(srv_metrics *m)
{
    if (!m) return;
    free(m->by_status);
    free(m->buckets);
    free(m->micros);
    free(m->users);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

static void record_user(srv_metrics *m, const char *user, int requests, long tokens)
{
    pthread_mutex_lock(&m->mu);
    size_t i = 0;
    while (i < m->nusers && strcmp(m->users[i].name, user)) i++;
    if (i == m->nusers) {
        if (m->nusers == m->capusers) {
            m->capusers = m->capusers ? 2 * m->capusers : 16;
            m->users = ward_xrealloc(m->users, m->capusers * sizeof *m->users);
        }
        memset(&m->users[i], 0, sizeof m->users[i]);
        snprintf(m->users[i].name, sizeof m->users[i].name, "%s", user);
        m->nusers++;
    }
    m->users[i].requests += (unsigned long long)requests;
    if (tokens > 0) m->users[i].tokens += (unsigned long long)tokens;
    pthread_mutex_unlock(&m->mu);
}

void srv_metrics_record(srv_metrics *m, int route_idx, int status, double seconds, const char *user,
                        long tokens)
{
    size_t r = route_idx >= 0 && (size_t)route_idx < m->nroutes ? (size_t)route_idx : m->nroutes - 1;
    if (status >= 100 && status < 600) atomic_fetch_add(&m->by_status[r * NSTATUS + (status - 100)], 1);
    int b = 0;
    while (b < SRV_HIST_BUCKETS && seconds > bucket_le[b]) b++;
    atomic_fetch_add(&m->buckets[r * (SRV_HIST_BUCKETS + 1) + b], 1);
    atomic_fetch_add(&m->micros[r], (unsigned long long)(seconds * 1e6));
    if (tokens > 0) atomic_fetch_add(&m->tokens, (unsigned long long)tokens);
    if (user && *user) record_user(m, user, 1, tokens);
}

void srv_metrics_tokens(srv_metrics *m, const char *user, long tokens)
{
    if (tokens <= 0) return;
    atomic_fetch_add(&m->tokens, (unsigned long long)tokens);
    if (user && *user) record_user(m, user, 0, tokens);
}

static void route_label(ward_buf *out, size_t r)
{
    if (r < srv_nroutes)
        ward_buf_printf(out, "method=\"%s\",route=\"%s\"", srv_routes[r].method, srv_routes[r].pattern);
    else
        ward_buf_puts(out, "method=\"\",route=\"(no route)\"");
}

/* Prometheus label values escape backslash, quote and newline. */
static void label_value(ward_buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"') ward_buf_putc(out, '\\');
        if (*s == '\n') {
            ward_buf_puts(out, "\\n");
            continue;
        }
        ward_buf_putc(out, *s);
    }
}

static void render_requests(srv_metrics *m, ward_buf *out)
{
    ward_buf_puts(out, "# HELP ward_http_requests_total HTTP requests by route and status.\n"
                       "# TYPE ward_http_requests_total counter\n");
    for (size_t r = 0; r < m->nroutes; r++)
        for (int s = 0; s < NSTATUS; s++) {
            unsigned long long n = atomic_load(&m->by_status[r * NSTATUS + s]);
            if (!n) continue;
            ward_buf_puts(out, "ward_http_requests_total{");
            route_label(out, r);
            ward_buf_printf(out, ",status=\"%d\"} %llu\n", s + 100, n);
        }
    ward_buf_puts(out, "# HELP ward_http_request_duration_seconds Time from the first byte of a request"
                       " to the last byte of its answer.\n"
                       "# TYPE ward_http_request_duration_seconds histogram\n");
    for (size_t r = 0; r < m->nroutes; r++) {
        unsigned long long cum = 0;
        atomic_ullong *b = &m->buckets[r * (SRV_HIST_BUCKETS + 1)];
        for (int i = 0; i <= SRV_HIST_BUCKETS; i++) cum += atomic_load(&b[i]);
        if (!cum) continue;
        unsigned long long total = cum;
        cum = 0;
        for (int i = 0; i <= SRV_HIST_BUCKETS; i++) {
            cum += atomic_load(&b[i]);
            ward_buf_puts(out, "ward_http_request_duration_seconds_bucket{");
            route_label(out, r);
            if (i < SRV_HIST_BUCKETS) ward_buf_printf(out, ",le=\"%g\"} %llu\n", bucket_le[i], cum);
            else ward_buf_printf(out, ",le=\"+Inf\"} %llu\n", cum);
        }
        ward_buf_puts(out, "ward_http_request_duration_seconds_sum{");
        route_label(out, r);
        ward_buf_printf(out, "} %.6f\n", atomic_load(&m->micros[r]) / 1e6);
        ward_buf_puts(out, "ward_http_request_duration_seconds_count{");
        route_label(out, r);
        ward_buf_printf(out, "} %llu\n", total);
    }
}

static void render_users(srv_metrics *m, ward_buf *out)
{
    ward_buf_printf(out, "# HELP ward_tokens_generated_total Model tokens generated for requests.\n"
                         "# TYPE ward_tokens_generated_total counter\n"
                         "ward_tokens_generated_total %llu\n", atomic_load(&m->tokens));
    ward_buf_puts(out, "# HELP ward_user_requests_total Requests per user.\n"
                       "# TYPE ward_user_requests_total counter\n");
    pthread_mutex_lock(&m->mu);
    for (size_t i = 0; i < m->nusers; i++) {
        ward_buf_puts(out, "ward_user_requests_total{user=\"");
        label_value(out, m->users[i].name);
        ward_buf_printf(out, "\"} %llu\n", m->users[i].requests);
    }
    ward_buf_puts(out, "# HELP ward_user_tokens_generated_total Model tokens generated per user.\n"
                       "# TYPE ward_user_tokens_generated_total counter\n");
    for (size_t i = 0; i < m->nusers; i++) {
        ward_buf_puts(out, "ward_user_tokens_generated_total{user=\"");
        label_value(out, m->users[i].name);
        ward_buf_printf(out, "\"} %llu\n", m->users[i].tokens);
    }
    pthread_mutex_unlock(&m->mu);
}

static void draft_count(void *ud, const char *status, long n)
{
    ward_buf *out = ud;
    ward_buf_puts(out, "ward_drafts{status=\"");
    label_value(out, status);
    ward_buf_printf(out, "\"} %ld\n", n);
}

static void render_store(ward_server *s, ward_store *st, ward_buf *out)
{
    ward_err err = {0};
    ward_buf_puts(out, "# HELP ward_drafts Drafts in the store by review status.\n# TYPE ward_drafts gauge\n");
    if (ward_store_draft_counts(st, draft_count, out, &err))
        srv_report(s, WARD_EVENT_WARNING, err.code, "metrics: %s", err.msg);
    /* Review outcomes and input drift (src/govern/monitor.c): it reads
     * every draft, which suits a scrape a minute or more apart. */
    if (ward_monitor_metrics(st, out, &err))
        srv_report(s, WARD_EVENT_WARNING, err.code, "metrics: %s", err.msg);
    long n = ward_audit_count(st);
    ward_buf_printf(out, "# HELP ward_audit_events Events in the audit chain.\n# TYPE ward_audit_events gauge\n"
                         "ward_audit_events %ld\n", n);
}

void srv_metrics_render(ward_server *s, ward_store *st, ward_buf *out)
{
    render_requests(s->metrics, out);
    render_users(s->metrics, out);
    ward_buf_printf(out, "# HELP ward_http_inflight_requests Requests being served.\n"
                         "# TYPE ward_http_inflight_requests gauge\nward_http_inflight_requests %d\n"
                         "# HELP ward_uptime_seconds Seconds since the server started.\n"
                         "# TYPE ward_uptime_seconds gauge\nward_uptime_seconds %.0f\n",
                    atomic_load(&s->inflight), srv_now() - s->started);
    /* libmicrohttpd sums its workers' connections (idle keep-alive ones too). */
    const union MHD_DaemonInfo *ci = s->mhd ? MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_CURRENT_CONNECTIONS) : NULL;
    ward_buf_printf(out, "# HELP ward_http_connections Open client connections, idle ones included.\n"
                         "# TYPE ward_http_connections gauge\nward_http_connections %u\n",
                    ci ? ci->num_connections : 0u);
    if (st) render_store(s, st, out);
}
