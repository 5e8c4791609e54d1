/*
 * fifo.c — forward trace with FIFO amount attribution (the model is
 * documented at mm_trace_fifo in trace.h).
 *
 * How: every yen that entered an account has a queue position (the sum of
 * the account's earlier inflows) and every outflow takes a known range of
 * positions (the cumulative consumption precomputed at freeze, see
 * trace_int.h). Victim money is then just a sorted list of position
 * intervals per account it reached; clean money is never replayed. An
 * outflow matters only if its range reaches the first victim interval, and
 * consumption is monotone, so a bisection finds the next outflow that
 * carries victim money. A min-heap orders those outflows across accounts
 * by time; the victim part each carries becomes an edge and is placed at
 * the payee at once, at the position of that transfer in the payee's
 * inflows (positions make the same-second order safe: an outflow of the
 * payee in that second cannot reach it). A trace costs O(edges · log).
 */
#include <stdlib.h>
#include <string.h>

#include "trace/trace_int.h"

typedef struct fifo_ctx {
    const mm_trace_graph *g;
    mm_trace_scratch *s;
    int hops;
    int64_t window;
    size_t events;
    bool oom;
    /* virtual root (mm_trace_fifo_from): its account's consumption changes */
    uint32_t virt_acct;
    int64_t virt_pos, virt_amount;
} fifo_ctx;

/* ---- heap -------------------------------------------------------------- */

static inline bool ent_less(const tr_heap_ent *a, const tr_heap_ent *b)
{
    if (a->time != b->time)
        return a->time < b->time;
    if (a->st != b->st)
        return a->st < b->st;
    return a->ver < b->ver;
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

/* ---- positions ---------------------------------------------------------- */

/* Cumulative consumption of the sender of outflow o through o. */
static inline int64_t ca_at(const fifo_ctx *c, uint32_t acct, uint32_t o)
{
    if (acct == c->virt_acct)
        return c->s->virt_ca[o - c->g->out_off[acct]];
    return c->g->tx[o].ca;
}

/* Queue position at account d of the first yen of inflow i. */
static inline int64_t in_position(const fifo_ctx *c, uint32_t d, uint32_t i)
{
    int64_t p = c->g->tx[i].pos;
    if (d == c->virt_acct && p >= c->virt_pos)
        p += c->virt_amount; /* behind the virtual deposit */
    return p;
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
    x->out_pos = c->g->out_off[acct];
    x->out_end = c->g->out_off[acct + 1];
    x->ivhead = x->ivlen = 0;
    x->ver = 0;
    x->received = x->stuck = 0;
    s->state_of[acct] = (uint32_t)s->nst + 1;
    return (uint32_t)s->nst++;
}

/* Insert victim interval [ps, pe) from edge into x, keeping position order. */
static void iv_insert(fifo_ctx *c, tr_state *x, int64_t ps, int64_t pe, uint32_t edge)
{
    if (pe <= ps)
        return;
    if (x->ivhead + x->ivlen == x->ivcap) {
        if (x->ivhead > x->ivcap / 2) {
            memmove(x->iv, x->iv + x->ivhead, x->ivlen * sizeof *x->iv);
            x->ivhead = 0;
        } else {
            size_t cap = x->ivcap;
            if (tr_grow((void **)&x->iv, &cap, (size_t)x->ivhead + x->ivlen + 1, sizeof *x->iv)) {
                c->oom = true;
                return;
            }
            x->ivcap = (uint32_t)cap;
        }
    }
    uint32_t i = x->ivhead + x->ivlen;
    while (i > x->ivhead && x->iv[i - 1].s > ps) {
        x->iv[i] = x->iv[i - 1];
        i--;
    }
    x->iv[i] = (tr_iv){ps, pe, edge};
    x->ivlen++;
}

/* Queue the next outflow of state si that reaches its first victim interval. */
static void reschedule(fifo_ctx *c, uint32_t si)
{
    tr_state *x = &c->s->st[si];
    x->ver++;
    if (x->ivlen == 0 || x->out_pos >= x->out_end)
        return;
    int64_t front = x->iv[x->ivhead].s;
    uint32_t lo = x->out_pos, hi = x->out_end;
    while (lo < hi) { /* first outflow whose consumption passes front */
        uint32_t mid = lo + (hi - lo) / 2;
        if (ca_at(c, x->acct, mid) <= front)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < x->out_end)
        heap_push(c, (tr_heap_ent){.time = c->g->tx[lo].t, .st = si, .ver = x->ver, .out = lo});
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

/* Place edge E's followed victim money at payee d (inflow i). */
static void deliver(fifo_ctx *c, uint32_t d, uint32_t i, uint32_t E)
{
    uint32_t si = state_get(c, d);
    if (si == MM_TRACE_NONE)
        return;
    mm_trace_scratch *s = c->s;
    tr_state *x = &s->st[si];
    x->received += s->edges[E].traced;
    const mm_trace_graph *g = c->g;
    uint32_t ohi = g->out_off[d + 1];
    if (g->kind[d] == MM_TRACE_ACCT_CASH || ohi == g->out_off[d] || g->tx[ohi - 1].t <= g->tx[i].t) {
        x->stuck += s->edges[E].traced; /* no outflow can ever reach it: no position needed */
        return;
    }
    int64_t front = x->ivlen ? x->iv[x->ivhead].s : INT64_MAX;
    int64_t p = in_position(c, d, i);
    const tr_run *r = s->carry + s->carry_off[E];
    for (uint32_t j = 0; j < s->ncarry[E]; j++) {
        if (r[j].edge == E)
            iv_insert(c, x, p, p + r[j].amount, E);
        p += r[j].amount;
    }
    if (x->ivlen && x->iv[x->ivhead].s != front)
        reschedule(c, si);
}

/* Outflow o of state si: the victim money in its range of positions. */
static void process_out(fifo_ctx *c, uint32_t si, uint32_t o)
{
    const mm_trace_graph *g = c->g;
    mm_trace_scratch *s = c->s;
    tr_state *x = &s->st[si];
    uint32_t a = x->acct;
    int64_t c0 = o > g->out_off[a] ? ca_at(c, a, o - 1) : 0, c1 = ca_at(c, a, o);
    const tr_tx *ox = &g->tx[o];
    int64_t tau = tr_time(g, o);
    uint32_t E = (uint32_t)s->nedges; /* the edge this outflow becomes */
    size_t cs = s->ncarry_runs;
    int64_t tainted = 0, traced = 0, pos = c0;
    uint32_t parent = MM_TRACE_NONE, first = MM_TRACE_NONE;
    int best_hop = MM_TRACE_MAX_HOPS + 1;
    uint8_t cut = MM_TRACE_FOLLOWED;
    while (x->ivlen && x->iv[x->ivhead].s < c1) {
        tr_iv *v = &x->iv[x->ivhead];
        int64_t st = v->s > pos ? v->s : pos, en = v->e < c1 ? v->e : c1;
        carry_push(c, cs, st - pos, MM_TRACE_NONE);
        int64_t take = en - st;
        const mm_trace_edge *oe = &s->edges[v->edge];
        tainted += take;
        if (first == MM_TRACE_NONE)
            first = v->edge;
        bool hop_ok = oe->hop < c->hops;
        bool win_ok = c->window < 0 || tau - oe->time <= c->window;
        if (hop_ok && win_ok) {
            traced += take;
            carry_push(c, cs, take, E);
            if (oe->hop < best_hop) {
                best_hop = oe->hop;
                parent = v->edge;
            }
        } else {
            cut = hop_ok ? MM_TRACE_CUT_WINDOW : MM_TRACE_CUT_HOPS;
            carry_push(c, cs, take, MM_TRACE_NONE);
        }
        pos = en;
        if (en >= v->e) {
            x->ivhead++;
            x->ivlen--;
        } else {
            v->s = en;
        }
    }
    if (x->ivlen == 0)
        x->ivhead = 0;
    c->events++;
    if (tainted == 0) {
        s->ncarry_runs = cs;
        return;
    }
    carry_push(c, cs, c1 - pos, MM_TRACE_NONE);
    carry_push(c, cs, ox->amount - (c1 - c0), MM_TRACE_NONE); /* unexplained, last */
    if (edge_new(c) != E)
        return;
    mm_trace_edge *e = &s->edges[E];
    e->transfer = o;
    e->from = a;
    e->to = ox->to;
    e->time = tau;
    e->amount = ox->amount;
    e->tainted = tainted;
    e->traced = traced;
    e->parent = traced > 0 ? parent : first;
    e->hop = (uint16_t)((traced > 0 ? best_hop : s->edges[first].hop) + 1);
    e->cut = cut;
    s->carry_off[E] = (uint32_t)cs;
    s->ncarry[E] = (uint32_t)(s->ncarry_runs - cs);
    if (traced > 0)
        deliver(c, ox->to, o, E); /* may move s->st: x is stale after this */
    else
        s->ncarry_runs = cs;
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
        if (e.ver != s->st[e.st].ver)
            continue; /* superseded */
        process_out(c, e.st, e.out);
        s->st[e.st].out_pos = e.out + 1;
        reschedule(c, e.st);
    }
    if (c->oom) {
        reset(s);
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    }
    for (size_t i = 0; i < s->nst; i++) {
        const tr_state *x = &s->st[i];
        int64_t taint = x->stuck;
        for (uint32_t j = x->ivhead; j < x->ivhead + x->ivlen; j++)
            taint += x->iv[j].e - x->iv[j].s;
        if (taint <= 0)
            continue;
        if (s->nhold == s->hold_cap &&
            tr_grow((void **)&s->hold, &s->hold_cap, s->nhold + 1, sizeof *s->hold)) {
            reset(s);
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
        }
        mm_trace_holding *h = &s->hold[s->nhold++];
        h->account = x->acct;
        h->kind = (mm_trace_acct_kind)g->kind[x->acct];
        h->remaining = taint;
        h->received = x->received;
        if (h->kind == MM_TRACE_ACCT_CASH)
            out->cashed_out += taint;
        else
            out->remaining += taint;
    }
    qsort(s->hold, s->nhold, sizeof *s->hold, hold_cmp);
    for (size_t i = 1; i < s->nedges; i++)
        out->untraced += s->edges[i].tainted - s->edges[i].traced;
    out->edges = s->edges;
    out->nedges = s->nedges;
    out->holdings = s->hold;
    out->nholdings = s->nhold;
    out->accounts = s->nst;
    out->events = c->events;
    return MM_OK;
}

static mm_status start(const mm_trace_graph *g, const mm_trace_params *p, mm_trace_scratch *s,
                       fifo_ctx *c, mm_trace_result *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    memset(c, 0, sizeof *c);
    c->virt_acct = MM_TRACE_NONE;
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
    int64_t amt = g->tx[root].amount;
    s->edges[E] = (mm_trace_edge){.transfer = root, .from = tr_from(g, root), .to = g->tx[root].to,
                                  .time = tr_time(g, root), .amount = amt, .tainted = amt,
                                  .traced = amt, .parent = MM_TRACE_NONE, .hop = 0};
    s->carry_off[E] = 0;
    carry_push(&c, 0, amt, E);
    s->ncarry[E] = (uint32_t)s->ncarry_runs;
    out->victim_amount = amt;
    if (amt > 0)
        deliver(&c, g->tx[root].to, root, E);
    return run(&c, out, err);
}

/* The virtual deposit changes its account's queue: replay that one account
 * with the deposit inserted after the outflows of its second and before the
 * inflows of that second, keeping its own consumption. */
static mm_status virtual_root(fifo_ctx *c, uint32_t a, int64_t time, int64_t amount, int64_t *pos,
                              mm_error *err)
{
    const mm_trace_graph *g = c->g;
    mm_trace_scratch *s = c->s;
    uint32_t ip = g->in_off[a], ie = g->in_off[a + 1], op = g->out_off[a], oe = g->out_off[a + 1];
    if (tr_grow((void **)&s->virt_ca, &s->virt_cap, (size_t)(oe - op) + 1, sizeof *s->virt_ca))
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    int64_t rel = tr_rel(g, time);
    int64_t p0 = 0; /* the deposit's position: after every inflow before its second */
    uint32_t k0 = ip;
    while (k0 < ie && (int64_t)g->tx[g->in_tr[k0]].t < rel)
        p0 += g->tx[g->in_tr[k0++]].amount;
    c->virt_acct = a;
    c->virt_pos = p0;
    c->virt_amount = amount;
    *pos = p0;
    int64_t total = 0, cum = 0;
    bool added = false;
    for (uint32_t o = op; o < oe; o++) {
        int64_t t = g->tx[o].t;
        for (;;) {
            bool in_first = ip < ie && (int64_t)g->tx[g->in_tr[ip]].t < t;
            if (!added && rel < t && (!in_first || ip >= k0)) {
                total += amount; /* the deposit, at its place among the inflows */
                added = true;
                continue;
            }
            if (!in_first)
                break;
            total += g->tx[g->in_tr[ip++]].amount;
        }
        int64_t x = g->tx[o].amount < total ? g->tx[o].amount : total;
        total -= x;
        cum += x;
        s->virt_ca[o - op] = cum;
    }
    return MM_OK;
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
        int64_t pos = 0;
        if ((rc = virtual_root(&c, account, time, amount, &pos, err)) != MM_OK)
            return rc;
        uint32_t si = state_get(&c, account);
        if (si == MM_TRACE_NONE)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
        iv_insert(&c, &s->st[si], pos, pos + amount, E);
        s->st[si].received = amount;
        reschedule(&c, si);
    }
    return run(&c, out, err);
}
