/*
 * fifo.c — forward trace with FIFO amount attribution (the model is
 * documented at mm_trace_fifo in trace.h).
 *
 * How: an event-driven replay in global time order. Only accounts holding
 * victim money are "active"; each has a queue of runs (amount, origin edge
 * or clean) and one entry in a min-heap keyed by its next event (time,
 * outflows before inflows). An outflow takes runs from the front; the
 * victim part it carries becomes an edge and is delivered to the payee as
 * a pending inflow that the payee's own replay appends when it reaches
 * that transfer — so merges, cycles and re-entries into an account are
 * handled by the same queue. An account is activated at the moment victim
 * money first reaches it: its earlier history is all clean, so only its
 * balance level matters and a scalar replay (no runs) brings it up to that
 * moment. An account with no outflow after the arrival (cash sinks, money
 * that stays) is not replayed at all. Accounts whose queue holds no victim
 * money go dormant and keep their cursors for a later re-entry.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/trace_int.h"

typedef struct fifo_ctx {
    const mm_trace_graph *g;
    mm_trace_scratch *s;
    int hops;
    int64_t window;
    size_t events, replayed;
    bool oom;
} fifo_ctx;

/* ---- heap -------------------------------------------------------------- */

static inline bool ent_less(const tr_heap_ent *a, const tr_heap_ent *b)
{
    if (a->time != b->time)
        return a->time < b->time;
    if (a->phase != b->phase)
        return a->phase < b->phase;
    return a->st < b->st;
}

static void heap_push(fifo_ctx *c, tr_heap_ent e)
{
    mm_trace_scratch *s = c->s;
    if (s->nheap == s->heap_cap &&
        tr_grow((void **)&s->heap, &s->heap_cap, s->nheap + 1, sizeof *s->heap)) {
        c->oom = true;
        return;
    }
    size_t i = s->nheap++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!ent_less(&e, &s->heap[p]))
            break;
        s->heap[i] = s->heap[p];
        i = p;
    }
    s->heap[i] = e;
}

static tr_heap_ent heap_pop(mm_trace_scratch *s)
{
    tr_heap_ent top = s->heap[0];
    tr_heap_ent last = s->heap[--s->nheap];
    size_t n = s->nheap, i = 0;
    for (;;) {
        size_t l = 2 * i + 1;
        if (l >= n)
            break;
        size_t m = l + 1 < n && ent_less(&s->heap[l + 1], &s->heap[l]) ? l + 1 : l;
        if (!ent_less(&s->heap[m], &last))
            break;
        s->heap[i] = s->heap[m];
        i = m;
    }
    if (n)
        s->heap[i] = last;
    return top;
}

/* Next event of state x: false when it has none. */
static bool next_key(const mm_trace_graph *g, const tr_state *x, uint32_t si, tr_heap_ent *e)
{
    int64_t ti = x->in_pos < x->in_end ? g->time[g->in_tr[x->in_pos]] : INT64_MAX;
    int64_t to = x->out_pos < x->out_end ? g->time[x->out_pos] : INT64_MAX;
    if (x->in_pos >= x->in_end && x->out_pos >= x->out_end)
        return false;
    e->st = si;
    if (x->out_pos < x->out_end && to <= ti) {
        e->time = to;
        e->phase = 0;
    } else {
        e->time = ti;
        e->phase = 1;
    }
    return true;
}

/* ---- account states ------------------------------------------------------ */

static uint32_t state_get(fifo_ctx *c, uint32_t acct)
{
    mm_trace_scratch *s = c->s;
    uint32_t v = s->state_of[acct];
    if (v)
        return v - 1;
    if (s->nst == s->st_cap) {
        size_t old = s->st_cap;
        if (tr_grow((void **)&s->st, &s->st_cap, s->nst + 1, sizeof *s->st)) {
            c->oom = true;
            return MM_TRACE_NONE;
        }
        memset(s->st + old, 0, (s->st_cap - old) * sizeof *s->st);
    }
    tr_state *x = &s->st[s->nst];
    x->acct = acct;
    x->in_pos = c->g->in_off[acct];
    x->in_end = c->g->in_off[acct + 1];
    x->out_pos = c->g->out_off[acct];
    x->out_end = c->g->out_off[acct + 1];
    x->qhead = x->qlen = 0;
    x->pdhead = x->pdlen = 0;
    x->total = x->taint = x->received = 0;
    x->active = x->terminal = 0;
    s->state_of[acct] = (uint32_t)s->nst + 1;
    return (uint32_t)s->nst++;
}

/* Append a run at the back of x's queue, merging with a like tail. */
static void q_push(fifo_ctx *c, tr_state *x, int64_t amount, uint32_t edge)
{
    if (amount <= 0)
        return;
    if (x->qlen && x->q[x->qhead + x->qlen - 1].edge == edge) {
        x->q[x->qhead + x->qlen - 1].amount += amount;
        return;
    }
    if (x->qhead + x->qlen == x->qcap) {
        if (x->qhead > x->qcap / 2) {
            memmove(x->q, x->q + x->qhead, x->qlen * sizeof *x->q);
            x->qhead = 0;
        } else {
            size_t cap = x->qcap;
            if (tr_grow((void **)&x->q, &cap, (size_t)x->qhead + x->qlen + 1, sizeof *x->q)) {
                c->oom = true;
                return;
            }
            x->qcap = (uint32_t)cap;
        }
    }
    x->q[x->qhead + x->qlen++] = (tr_run){amount, edge};
}

/* Bring a clean (victim-free) account up to time tau: inflows before tau,
 * outflows up to and including tau, only the balance level matters. */
static void replay_clean(fifo_ctx *c, tr_state *x, int64_t tau)
{
    const mm_trace_graph *g = c->g;
    const int64_t *tm = g->time, *am = g->amount;
    const uint32_t *in = g->in_tr;
    int64_t total = x->total;
    uint32_t ip = x->in_pos, op = x->out_pos, ie = x->in_end, oe = x->out_end;
    size_t n = 0;
    for (;;) {
        int64_t ti = ip < ie ? tm[in[ip]] : INT64_MAX;
        int64_t to = op < oe ? tm[op] : INT64_MAX;
        if (op < oe && to <= ti) {
            if (to > tau)
                break;
            int64_t a = am[op++];
            total -= a < total ? a : total;
        } else {
            if (ip >= ie || ti >= tau)
                break;
            total += am[in[ip++]];
        }
        n++;
    }
    x->in_pos = ip;
    x->out_pos = op;
    x->total = total;
    x->qhead = x->qlen = 0;
    q_push(c, x, total, MM_TRACE_NONE);
    c->events += n;
    c->replayed++;
}

static bool account_is_sink(const mm_trace_graph *g, uint32_t a)
{
    const char *n = tr_name(g, a);
    return mm_trace_account_kind(n, strlen(n)) == MM_TRACE_ACCT_CASH;
}

/* Can victim money that reaches x at tau ever leave again? */
static bool stays_forever(const mm_trace_graph *g, const tr_state *x, int64_t tau)
{
    uint32_t lo = g->out_off[x->acct], hi = g->out_off[x->acct + 1];
    return lo == hi || g->time[hi - 1] <= tau || account_is_sink(g, x->acct);
}

/* Hand edge E's followed victim money (transfer into d at tau) to d. */
static void deliver(fifo_ctx *c, uint32_t d, uint32_t transfer, uint32_t E, int64_t tau,
                    int64_t traced)
{
    uint32_t si = state_get(c, d);
    if (si == MM_TRACE_NONE)
        return;
    mm_trace_scratch *s = c->s;
    tr_state *x = &s->st[si];
    if (!x->active) {
        if (x->terminal || stays_forever(c->g, x, tau)) {
            x->terminal = 1;
            x->taint += traced;
            x->received += traced;
            return;
        }
        replay_clean(c, x, tau);
        x->active = 1;
        tr_heap_ent e;
        if (next_key(c->g, x, si, &e))
            heap_push(c, e);
    }
    if (x->pdhead + x->pdlen == x->pdcap) {
        if (x->pdhead > 0) {
            memmove(x->pd, x->pd + x->pdhead, x->pdlen * sizeof *x->pd);
            x->pdhead = 0;
        } else {
            size_t cap = x->pdcap;
            if (tr_grow((void **)&x->pd, &cap, (size_t)x->pdlen + 1, sizeof *x->pd)) {
                c->oom = true;
                return;
            }
            x->pdcap = (uint32_t)cap;
        }
    }
    x->pd[x->pdhead + x->pdlen++] = (tr_pend){transfer, E, tau};
}

static void carry_push(fifo_ctx *c, size_t start, int64_t amount, uint32_t edge)
{
    mm_trace_scratch *s = c->s;
    if (amount <= 0)
        return;
    if (s->ncarry_runs > start && s->carry[s->ncarry_runs - 1].edge == edge) {
        s->carry[s->ncarry_runs - 1].amount += amount;
        return;
    }
    if (s->ncarry_runs == s->carry_cap &&
        tr_grow((void **)&s->carry, &s->carry_cap, s->ncarry_runs + 1, sizeof *s->carry)) {
        c->oom = true;
        return;
    }
    s->carry[s->ncarry_runs++] = (tr_run){amount, edge};
}

static uint32_t edge_new(fifo_ctx *c)
{
    mm_trace_scratch *s = c->s;
    if (s->nedges == s->edges_cap) { /* the three per-edge arrays share one capacity */
        size_t nc = s->edges_cap ? s->edges_cap * 2 : 64;
        mm_trace_edge *e = realloc(s->edges, nc * sizeof *e);
        if (e)
            s->edges = e;
        uint32_t *co = realloc(s->carry_off, nc * sizeof *co);
        if (co)
            s->carry_off = co;
        uint32_t *nr = realloc(s->ncarry, nc * sizeof *nr);
        if (nr)
            s->ncarry = nr;
        if (!e || !co || !nr) {
            c->oom = true;
            return MM_TRACE_NONE;
        }
        s->edges_cap = nc;
    }
    return (uint32_t)s->nedges++;
}

/* Outflow o of state si: take its amount from the front of the queue. */
static void process_out(fifo_ctx *c, uint32_t si, uint32_t o)
{
    const mm_trace_graph *g = c->g;
    mm_trace_scratch *s = c->s;
    tr_state *x = &s->st[si];
    int64_t need = g->amount[o], tau = g->time[o];
    uint32_t E = (uint32_t)s->nedges; /* the edge this outflow becomes, if it carries victim money */
    size_t c0 = s->ncarry_runs;
    int64_t tainted = 0, traced = 0;
    uint32_t parent = MM_TRACE_NONE, first = MM_TRACE_NONE;
    int best_hop = MM_TRACE_MAX_HOPS + 1;
    uint8_t cut = MM_TRACE_FOLLOWED;
    while (need > 0 && x->qlen > 0) {
        tr_run *r = &x->q[x->qhead];
        int64_t take = need < r->amount ? need : r->amount;
        if (r->edge == MM_TRACE_NONE) {
            carry_push(c, c0, take, MM_TRACE_NONE);
        } else {
            const mm_trace_edge *oe = &s->edges[r->edge];
            tainted += take;
            x->taint -= take;
            if (first == MM_TRACE_NONE)
                first = r->edge;
            bool hop_ok = oe->hop < c->hops;
            bool win_ok = c->window < 0 || tau - oe->time <= c->window;
            if (hop_ok && win_ok) {
                traced += take;
                carry_push(c, c0, take, E);
                if (oe->hop < best_hop) {
                    best_hop = oe->hop;
                    parent = r->edge;
                }
            } else {
                cut = hop_ok ? MM_TRACE_CUT_WINDOW : MM_TRACE_CUT_HOPS;
                carry_push(c, c0, take, MM_TRACE_NONE);
            }
        }
        r->amount -= take;
        need -= take;
        x->total -= take;
        if (r->amount == 0) {
            x->qhead++;
            x->qlen--;
        }
    }
    if (x->qlen == 0)
        x->qhead = 0;
    if (tainted == 0) {
        s->ncarry_runs = c0;
        return;
    }
    carry_push(c, c0, need, MM_TRACE_NONE); /* unexplained rest of the amount, last */
    if (edge_new(c) != E)
        return;
    mm_trace_edge *e = &s->edges[E];
    e->transfer = o;
    e->from = x->acct;
    e->to = g->to[o];
    e->time = tau;
    e->amount = g->amount[o];
    e->tainted = tainted;
    e->traced = traced;
    e->parent = traced > 0 ? parent : first;
    e->hop = (uint16_t)((traced > 0 ? best_hop : s->edges[first].hop) + 1);
    e->cut = cut;
    s->carry_off[E] = (uint32_t)c0;
    s->ncarry[E] = (uint32_t)(s->ncarry_runs - c0);
    if (traced > 0)
        deliver(c, g->to[o], o, E, tau, traced); /* may move s->st: x is stale after this */
    else
        s->ncarry_runs = c0;
}

/* Inflow at state si's in-cursor. */
static void process_in(fifo_ctx *c, uint32_t si)
{
    const mm_trace_graph *g = c->g;
    mm_trace_scratch *s = c->s;
    tr_state *x = &s->st[si];
    uint32_t i = g->in_tr[x->in_pos];
    int64_t tau = g->time[i], amt = g->amount[i];
    x->total += amt;
    for (uint32_t k = x->pdhead; k < x->pdhead + x->pdlen && x->pd[k].time == tau; k++) {
        if (x->pd[k].transfer != i)
            continue;
        uint32_t E = x->pd[k].edge;
        x->pd[k] = x->pd[x->pdhead];
        x->pdhead++;
        if (--x->pdlen == 0)
            x->pdhead = 0;
        const tr_run *r = s->carry + s->carry_off[E];
        int64_t sum = 0;
        for (uint32_t j = 0; j < s->ncarry[E]; j++) {
            q_push(c, x, r[j].amount, r[j].edge);
            sum += r[j].amount;
        }
        q_push(c, x, amt - sum, MM_TRACE_NONE);
        x->taint += s->edges[E].traced;
        x->received += s->edges[E].traced;
        return;
    }
    q_push(c, x, amt, MM_TRACE_NONE);
}

/* ---- the trace ------------------------------------------------------------------ */

static void reset(mm_trace_scratch *s)
{
    for (size_t i = 0; i < s->nst; i++)
        s->state_of[s->st[i].acct] = 0;
    s->nst = s->nheap = s->nedges = s->ncarry_runs = s->nhold = 0;
}

static int hold_cmp(const void *a, const void *b)
{
    const mm_trace_holding *x = a, *y = b;
    if (x->remaining != y->remaining)
        return x->remaining > y->remaining ? -1 : 1;
    return x->account < y->account ? -1 : x->account > y->account;
}

static mm_status run(fifo_ctx *c, mm_trace_result *out, mm_error *err)
{
    const mm_trace_graph *g = c->g;
    mm_trace_scratch *s = c->s;
    while (s->nheap && !c->oom) {
        tr_heap_ent e = heap_pop(s);
        uint32_t si = e.st;
        tr_state *x = &s->st[si];
        if (e.phase == 0) {
            uint32_t o = x->out_pos++;
            process_out(c, si, o);
        } else {
            process_in(c, si);
            s->st[si].in_pos++;
        }
        c->events++;
        x = &s->st[si];
        if (x->taint == 0 && x->pdlen == 0) { /* dormant: only clean money left */
            x->active = 0;
            int64_t t = x->total;
            x->qhead = x->qlen = 0;
            q_push(c, x, t, MM_TRACE_NONE);
            continue;
        }
        tr_heap_ent n;
        if (next_key(g, x, si, &n))
            heap_push(c, n);
        else
            x->active = 0; /* no events left: what it holds stays */
    }
    if (c->oom) {
        reset(s);
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    }
    /* holdings and totals */
    for (size_t i = 0; i < s->nst; i++) {
        const tr_state *x = &s->st[i];
        if (x->taint <= 0)
            continue;
        if (s->nhold == s->hold_cap &&
            tr_grow((void **)&s->hold, &s->hold_cap, s->nhold + 1, sizeof *s->hold)) {
            reset(s);
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
        }
        const char *nm = tr_name(g, x->acct);
        mm_trace_holding *h = &s->hold[s->nhold++];
        h->account = x->acct;
        h->kind = mm_trace_account_kind(nm, strlen(nm));
        h->remaining = x->taint;
        h->received = x->received;
        if (h->kind == MM_TRACE_ACCT_CASH)
            out->cashed_out += x->taint;
        else
            out->remaining += x->taint;
    }
    qsort(s->hold, s->nhold, sizeof *s->hold, hold_cmp);
    for (size_t i = 1; i < s->nedges; i++)
        out->untraced += s->edges[i].tainted - s->edges[i].traced;
    out->edges = s->edges;
    out->nedges = s->nedges;
    out->holdings = s->hold;
    out->nholdings = s->nhold;
    out->accounts = c->replayed;
    out->events = c->events;
    return MM_OK;
}

static mm_status start(const mm_trace_graph *g, const mm_trace_params *p, mm_trace_scratch *s,
                       fifo_ctx *c, mm_trace_result *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    memset(c, 0, sizeof *c);
    if (g == NULL || s == NULL)
        return mm_error_set(err, MM_EINVAL, "graph", "no graph or scratch given");
    mm_status rc = tr_scratch_fit(s, g, err);
    if (rc != MM_OK)
        return rc;
    reset(s);
    c->g = g;
    c->s = s;
    tr_params(p, &c->hops, &c->window);
    return MM_OK;
}

mm_status mm_trace_fifo(const mm_trace_graph *g, uint32_t root, const mm_trace_params *p,
                        mm_trace_scratch *s, mm_trace_result *out, mm_error *err)
{
    fifo_ctx c;
    mm_status rc = start(g, p, s, &c, out, err);
    if (rc != MM_OK)
        return rc;
    if (root >= g->ntr)
        return mm_error_set(err, MM_EINVAL, "tx", "transfer %u is not in the graph", root);
    uint32_t E = edge_new(&c);
    if (E == MM_TRACE_NONE)
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    int64_t amt = g->amount[root];
    s->edges[E] = (mm_trace_edge){.transfer = root, .from = g->from[root], .to = g->to[root],
                                  .time = g->time[root], .amount = amt, .tainted = amt,
                                  .traced = amt, .parent = MM_TRACE_NONE, .hop = 0};
    s->carry_off[E] = 0;
    carry_push(&c, 0, amt, E);
    s->ncarry[E] = (uint32_t)s->ncarry_runs;
    out->victim_amount = amt;
    if (amt > 0)
        deliver(&c, g->to[root], root, E, g->time[root], amt);
    return run(&c, out, err);
}

mm_status mm_trace_fifo_from(const mm_trace_graph *g, uint32_t account, int64_t time,
                             int64_t amount, const mm_trace_params *p, mm_trace_scratch *s,
                             mm_trace_result *out, mm_error *err)
{
    fifo_ctx c;
    mm_status rc = start(g, p, s, &c, out, err);
    if (rc != MM_OK)
        return rc;
    if (account >= g->nacc)
        return mm_error_set(err, MM_EINVAL, "account", "account %u is not in the graph", account);
    if (amount < 0)
        return mm_error_set(err, MM_EINVAL, "amount", "amount %lld is negative",
                            (long long)amount);
    uint32_t E = edge_new(&c);
    if (E == MM_TRACE_NONE)
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    s->edges[E] = (mm_trace_edge){.transfer = MM_TRACE_NONE, .from = MM_TRACE_NONE, .to = account,
                                  .time = time, .amount = amount, .tainted = amount,
                                  .traced = amount, .parent = MM_TRACE_NONE, .hop = 0};
    s->carry_off[E] = 0;
    s->ncarry[E] = 0;
    out->victim_amount = amount;
    if (amount > 0) {
        uint32_t si = state_get(&c, account);
        if (si == MM_TRACE_NONE)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
        tr_state *x = &s->st[si];
        if (stays_forever(g, x, time)) {
            x->terminal = 1;
        } else {
            replay_clean(&c, x, time);
            q_push(&c, x, amount, E);
            x->active = 1;
            tr_heap_ent e;
            if (next_key(g, x, si, &e))
                heap_push(&c, e);
        }
        x->taint += amount;
        x->received += amount;
    }
    return run(&c, out, err);
}
