/*
 * routes_trace.c — POST /v1/trace: a victim's money followed forward with
 * FIFO attribution ({"tx": ID} or {"account", "amount", "time"}, optional
 * "hops", "window_hours"), answered with the same JSON as `mamoru trace
 * --json`: the tree, every account still holding victim money, freeze
 * targets.
 *
 * The graph lives in memory, built lazily from the store's payments on the
 * first trace. After that, a trace that finds the graph older than one
 * second asks the store for the payments recorded since the graph's last
 * one (by insertion sequence, so an event recorded late with an older time
 * is not missed) and, when there are any, freezes a new graph from the old
 * one plus those events and swaps the pointer. Readers hold a reference to
 * the graph they started with, so they never wait for a rebuild; only the
 * request that does the refresh pays for it (the freeze is linear in the
 * graph: ~0.3 s a million transfers), and refreshes are spaced by ten
 * times the last build's duration, so they never take more than a tenth
 * of a core however large the graph grows. Tracing reveals flows between other
 * institutions' customers: police, banks, exchanges and analysts only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mamoru/trace.h"
#include "server/internal.h"

#define REFRESH_MS 1000 /* at most once a second, and at most 10% of one core: */
#define REFRESH_FACTOR 10 /* wait 10× the last build's duration before the next */
#define MAX_SCRATCH 16

typedef struct graph_ref {
    mm_trace_graph *g;
    int refs;    /* under mu */
    int64_t seq; /* store sequence of the last payment it holds */
} graph_ref;

struct mm_server_trace {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    graph_ref *cur;     /* under mu */
    bool building;      /* under mu: one build or refresh at a time */
    int64_t checked_ms; /* under mu: last look at the store */
    int64_t build_ms;   /* under mu: how long the last build took */
    mm_trace_scratch *pool[MAX_SCRATCH];
    int npool;          /* under mu */
    mm_trace_holders *holders;
};

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static mm_server_trace *cache(mm_server_state *srv)
{
    mm_server_trace *c = atomic_load(&srv->trace);
    if (c)
        return c;
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    c->holders = mm_server_trace_holders_load(srv->cfg.data_dir, NULL);
    mm_server_trace *expect = NULL;
    if (!atomic_compare_exchange_strong(&srv->trace, &expect, c)) { /* another thread won */
        mm_server_trace_holders_free(c->holders);
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cv);
        free(c);
        return expect;
    }
    return c;
}

static void ref_drop(graph_ref *r) /* under mu */
{
    if (r && --r->refs == 0) {
        mm_trace_graph_free(r->g);
        free(r);
    }
}

void mm_server_trace_free(mm_server_state *srv)
{
    mm_server_trace *c = atomic_load(&srv->trace);
    if (c == NULL)
        return;
    ref_drop(c->cur);
    for (int i = 0; i < c->npool; i++)
        mm_trace_scratch_free(c->pool[i]);
    mm_server_trace_holders_free(c->holders);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    free(c);
    atomic_store(&srv->trace, NULL);
}

/* Build a graph: from scratch (base NULL) or base + the payments recorded
 * after it. *out is NULL when nothing new was found. */
static mm_status build(mm_store *store, const graph_ref *base, graph_ref **out, mm_error *err)
{
    *out = NULL;
    mm_trace_builder *b = mm_trace_builder_new(base ? base->g : NULL);
    if (b == NULL)
        return mm_error_set(err, MM_ENOMEM, "", "out of memory");
    int64_t seq = base ? base->seq : 0;
    size_t added = 0;
    mm_status rc = mm_server_trace_scan(store, b, &seq, &added, err);
    if (rc == MM_OK && (base == NULL || added > 0)) {
        graph_ref *r = calloc(1, sizeof *r);
        if (r == NULL)
            rc = mm_error_set(err, MM_ENOMEM, "", "out of memory");
        else if ((rc = mm_trace_builder_freeze(b, &r->g, err)) != MM_OK)
            free(r);
        else {
            r->refs = 1;
            r->seq = seq;
            *out = r;
        }
    }
    mm_trace_builder_free(b);
    return rc;
}

/* The current graph with a reference taken (refreshed first when due). */
static graph_ref *acquire(mm_server_trace *c, mm_store *store, mm_error *err)
{
    pthread_mutex_lock(&c->mu);
    while (c->cur == NULL && c->building)
        pthread_cond_wait(&c->cv, &c->mu);
    int64_t now = now_ms();
    bool first = c->cur == NULL;
    int64_t gap = c->build_ms * REFRESH_FACTOR > REFRESH_MS ? c->build_ms * REFRESH_FACTOR : REFRESH_MS;
    if (!c->building && (first || now - c->checked_ms >= gap)) {
        graph_ref *base = c->cur;
        if (base)
            base->refs++;
        c->building = true;
        c->checked_ms = now;
        pthread_mutex_unlock(&c->mu);
        graph_ref *fresh = NULL;
        mm_status rc = build(store, base, &fresh, err);
        int64_t took = now_ms() - now;
        pthread_mutex_lock(&c->mu);
        c->build_ms = took;
        if (base)
            ref_drop(base);
        if (fresh) { /* swap: readers of the old graph keep it until they finish */
            ref_drop(c->cur);
            c->cur = fresh;
        }
        c->building = false;
        pthread_cond_broadcast(&c->cv);
        if (rc != MM_OK && c->cur == NULL) {
            pthread_mutex_unlock(&c->mu);
            return NULL;
        }
    }
    graph_ref *r = c->cur;
    if (r)
        r->refs++;
    pthread_mutex_unlock(&c->mu);
    if (r == NULL)
        mm_error_set(err, MM_EIO, "", "trace graph unavailable");
    return r;
}

static void release(mm_server_trace *c, graph_ref *r, mm_trace_scratch *s)
{
    pthread_mutex_lock(&c->mu);
    ref_drop(r);
    if (s && c->npool < MAX_SCRATCH) {
        c->pool[c->npool++] = s;
        s = NULL;
    }
    pthread_mutex_unlock(&c->mu);
    mm_trace_scratch_free(s);
}

static mm_trace_scratch *scratch(mm_server_trace *c)
{
    pthread_mutex_lock(&c->mu);
    mm_trace_scratch *s = c->npool ? c->pool[--c->npool] : NULL;
    pthread_mutex_unlock(&c->mu);
    return s ? s : mm_trace_scratch_new();
}

static bool role_may_trace(mm_role r)
{
    return r == MM_ROLE_POLICE || r == MM_ROLE_BANK || r == MM_ROLE_EXCHANGE ||
           r == MM_ROLE_ANALYST;
}

/* Integer field in [lo, hi], absent → *out unchanged. */
static bool int_field(mm_request *rq, json_t *body, const char *name, int64_t lo, int64_t hi,
                      int64_t *out)
{
    json_t *v = json_object_get(body, name);
    if (v == NULL)
        return true;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        mm_server_reply_error(rq, MM_EINVAL, name, "%s must be an integer from %lld to %lld",
                              name, (long long)lo, (long long)hi);
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

void mm_server_route_trace(mm_request *rq, const char *const *p, size_t n)
{
    static const char *const none[] = {NULL};
    if (!mm_server_query_only(rq, none))
        return;
    if (!role_may_trace(rq->org.role)) {
        mm_server_reply_error(rq, MM_EDENIED, "role",
                              "role %s may not trace payments (police, bank, exchange, analyst)",
                              mm_role_name(rq->org.role));
        return;
    }
    json_t *body = mm_server_body_object(rq);
    if (body == NULL)
        return;
    graph_ref *g = NULL;
    mm_trace_scratch *s = NULL;
    mm_server_trace *c = cache(rq->srv);
    static const char *const known[] = {"tx", "account", "amount", "time", "hops",
                                        "window_hours", NULL};
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val) {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            mm_server_reply_error(rq, MM_EINVAL, key, "unknown field '%.60s' (known: tx, account, "
                                  "amount, time, hops, window_hours)", key);
            goto out;
        }
    }
    json_t *jtx = json_object_get(body, "tx"), *jacct = json_object_get(body, "account");
    if ((jtx == NULL) == (jacct == NULL)) {
        mm_server_reply_error(rq, MM_EINVAL, "tx", "give tx, or account with amount and time");
        goto out;
    }
    if (jtx && (!json_is_string(jtx) || json_string_length(jtx) == 0)) {
        mm_server_reply_error(rq, MM_EINVAL, "tx", "tx must be a non-empty string");
        goto out;
    }
    int64_t hops = 0, wh = -1, amount = -1, when = 0;
    if (!int_field(rq, body, "hops", 1, MM_TRACE_MAX_HOPS, &hops) ||
        !int_field(rq, body, "window_hours", 0, 24 * 365 * 10, &wh))
        goto out;
    mm_trace_params par = {.hops = (int)hops,
                           .window_s = wh < 0 ? 0 : wh == 0 ? -1 : wh * 3600};
    const char *canon = NULL;
    if (jacct) {
        const char *ts = json_string_value(json_object_get(body, "time"));
        mm_kind kind;
        mm_error e;
        if (!json_is_string(jacct) ||
            mm_norm_account(json_string_value(jacct), NULL, rq->arena, &canon, &kind, &e) != MM_OK) {
            mm_server_reply_error(rq, MM_EINVAL, "account", "account is not a bank account or "
                                  "crypto address");
            goto out;
        }
        if (!int_field(rq, body, "amount", 0, INT64_MAX / 4, &amount))
            goto out;
        if (amount < 0) {
            mm_server_reply_error(rq, MM_EINVAL, "amount", "amount (yen) is required with account");
            goto out;
        }
        if (ts == NULL || !mm_trace_parse_time(ts, strlen(ts), &when)) {
            mm_server_reply_error(rq, MM_EINVAL, "time", "time must be RFC 3339 or unix seconds");
            goto out;
        }
    }
    if (c == NULL) {
        mm_server_reply_error(rq, MM_ENOMEM, "", "out of memory");
        goto out;
    }
    mm_error err;
    mm_error_clear(&err);
    if ((g = acquire(c, rq->srv->store, &err)) == NULL) {
        mm_server_reply_mm_error(rq, &err);
        goto out;
    }
    s = scratch(c);
    mm_trace_result r;
    mm_status st;
    if (jtx) {
        const char *id = json_string_value(jtx);
        uint32_t t = mm_trace_graph_find_transfer(g->g, id, strlen(id));
        if (t == MM_TRACE_NONE) {
            mm_server_reply_error(rq, MM_ENOTFOUND, "tx", "no payment '%.100s' among the %zu "
                                  "money-moving events", id, mm_trace_graph_transfers(g->g));
            goto out;
        }
        st = mm_trace_fifo(g->g, t, &par, s, &r, &err);
    } else {
        uint32_t a = mm_trace_graph_find_account(g->g, canon, strlen(canon));
        if (a == MM_TRACE_NONE) {
            mm_server_reply_error(rq, MM_ENOTFOUND, "account", "account %.100s has no payments",
                                  canon);
            goto out;
        }
        st = mm_trace_fifo_from(g->g, a, when, amount, &par, s, &r, &err);
    }
    if (st != MM_OK || s == NULL) {
        mm_server_reply_mm_error(rq, &err);
        goto out;
    }
    json_t *o = mm_server_trace_json(g->g, &r, &par, c->holders);
    mm_error ae;
    char detail[160];
    snprintf(detail, sizeof detail, "victim %lld, remaining %lld, %zu freeze targets",
             (long long)r.victim_amount, (long long)r.remaining,
             json_array_size(json_object_get(o, "freeze_targets")));
    if (mm_audit_append(rq->srv->store, rq->org.id, "trace.run",
                        jtx ? json_string_value(jtx) : canon, detail, &ae) != MM_OK) {
        json_decref(o);
        mm_server_reply_mm_error(rq, &ae); /* no audit entry, no answer */
        goto out;
    }
    mm_server_reply_json(rq, MHD_HTTP_OK, o);
out:
    if (g)
        release(c, g, s);
    else
        mm_trace_scratch_free(s);
    json_decref(body);
}
