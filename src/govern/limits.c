/* limits.c — requests per minute, generated tokens per day and requests
 * in flight, per user and per token.
 *
 * The counters live in this process (the server is one process): a small
 * open-addressing table keyed by (user, token), under one mutex. Minutes and
 * days are fixed UTC windows; Retry-After is the time to the next window
 * (or 1 s for concurrency). A request counts against its user's limits and
 * its token's limits; both must pass. The CLI (user 0) is never limited.
 */
#include "govern_int.h"

#include <pthread.h>
#include <string.h>

#define SLOTS 4096

typedef struct counter {
    int64_t user_id, token_id; /* user_id 0: empty slot */
    int64_t minute, day;       /* the windows the counts belong to */
    long requests, tokens, in_flight;
} counter;

static counter table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static counter *slot(int64_t user_id, int64_t token_id)
{
    uint64_t h = (uint64_t)user_id * 0x9E3779B97F4A7C15ull ^ (uint64_t)token_id * 0xC2B2AE3D27D4EB4Full;
    for (size_t i = 0; i < SLOTS; i++) {
        counter *c = &table[(h + i) % SLOTS];
        if (c->user_id == user_id && c->token_id == token_id) return c;
        if (!c->user_id) {
            c->user_id = user_id, c->token_id = token_id;
            return c;
        }
    }
    return NULL; /* full: more live identities than slots; not limited */
}

static void roll(counter *c, int64_t now)
{
    if (c->minute != now / 60) c->minute = now / 60, c->requests = 0;
    if (c->day != now / 86400) c->day = now / 86400, c->tokens = 0;
}

/* Seconds until c may take one more request under l; 0 when it may now. */
static int wait_for(const counter *c, const ward_limits *l, int64_t now)
{
    if (!c) return 0;
    if (l->rpm && c->requests >= l->rpm) return (int)(60 - now % 60);
    if (l->tokens_per_day && c->tokens >= l->tokens_per_day) return (int)(86400 - now % 86400);
    if (l->concurrent && c->in_flight >= l->concurrent) return 1;
    return 0;
}

int ward_limits_acquire(ward_store *st, const ward_principal *p, int *retry_after_s, ward_err *err)
{
    (void)st;
    *retry_after_s = 0;
    if (!p->user_id) return WARD_OK;
    int64_t now = gov_now();
    pthread_mutex_lock(&lock);
    counter *u = slot(p->user_id, 0), *t = p->token_id ? slot(p->user_id, p->token_id) : NULL;
    if (u) roll(u, now);
    if (t) roll(t, now);
    int wu = wait_for(u, &p->user_limits, now), wt = wait_for(t, &p->token_limits, now);
    int wait = wu > wt ? wu : wt;
    if (!wait) {
        if (u) u->requests++, u->in_flight++;
        if (t) t->requests++, t->in_flight++;
    }
    pthread_mutex_unlock(&lock);
    if (!wait) return WARD_OK;
    *retry_after_s = wait;
    return ward_err_set(err, WARD_EBUSY, "rate limit reached for this %s: retry in %d s", wu >= wt ? "user" : "token",
                        wait);
}

/* Adds tokens to p's user and token counters; ends one request in flight
 * when done is set. */
static void account(const ward_principal *p, long tokens_generated, int done)
{
    if (!p->user_id) return;
    int64_t now = gov_now();
    pthread_mutex_lock(&lock);
    counter *c[2] = {slot(p->user_id, 0), p->token_id ? slot(p->user_id, p->token_id) : NULL};
    for (int i = 0; i < 2; i++) {
        if (!c[i]) continue;
        roll(c[i], now);
        if (done && c[i]->in_flight > 0) c[i]->in_flight--;
        if (tokens_generated > 0) c[i]->tokens += tokens_generated;
    }
    pthread_mutex_unlock(&lock);
}

void ward_limits_release(const ward_principal *p, long tokens_generated)
{
    account(p, tokens_generated, 1);
}

void ward_limits_charge(const ward_principal *p, long tokens_generated)
{
    account(p, tokens_generated, 0);
}

void ward_limits_each(ward_usage_fn fn, void *ud)
{
    int64_t now = gov_now();
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < SLOTS; i++) {
        counter *c = &table[i];
        if (!c->user_id) continue;
        roll(c, now);
        ward_usage u = {c->user_id, c->token_id, c->requests, c->tokens, c->in_flight};
        fn(ud, &u);
    }
    pthread_mutex_unlock(&lock);
}
