/* Tests for FIFO attribution (src/trace/fifo.c) and freeze targets
 * (src/trace/targets.c): small graphs whose attribution is worked out by
 * hand in the comments, then random graphs checked against a naive
 * reference that replays every account of the graph with explicit queues. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/trace.h"

#define V "0001-100-1-0000001"
#define A "0005-100-1-0000002"
#define B "0009-100-1-0000003"
#define C "0036-100-1-0000004"
#define D "0038-100-1-0000005"
#define X "0010-100-1-0000006"
#define EX "0310-100-1-0000007"
#define ATM "0034-000-0-0000000"
#define BTC "btc:bc1qexampleaddress"
#define H72 (72 * 3600)

typedef struct tx {
    const char *id, *from, *to;
    int64_t time, amount;
} tx;
typedef struct want_edge {
    const char *id;
    int64_t tainted, traced;
    int hop;
    mm_trace_cut cut;
} want_edge;
typedef struct want_hold {
    const char *acct;
    int64_t remaining;
} want_hold;

typedef struct fifo_case {
    const char *name;
    tx txs[12];
    const char *root;
    int hops;
    int64_t window;
    want_edge edges[10];
    want_hold holds[6];
    int64_t remaining, cashed, untraced;
} fifo_case;

static const fifo_case cases[] = {
    {"split: one mule pays two",
     {{"1", V, A, 100, 100}, {"2", A, B, 200, 60}, {"3", A, C, 300, 40}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 60, 60, 1, 0}, {"3", 40, 40, 1, 0}},
     {{B, 60}, {C, 40}},
     100, 0, 0},
    {"clean money ahead is spent first",
     /* A holds 50 clean, then 100 victim: 80 out = 50 clean + 30 victim */
     {{"10", X, A, 50, 50}, {"1", V, A, 100, 100}, {"2", A, B, 200, 80}, {"3", A, C, 300, 70}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 30, 30, 1, 0}, {"3", 70, 70, 1, 0}},
     {{C, 70}, {B, 30}},
     100, 0, 0},
    {"clean money behind stays",
     /* 100 victim then 50 clean: 120 out = 100 victim + 20 clean; A keeps 30 clean */
     {{"1", V, A, 100, 100}, {"10", X, A, 150, 50}, {"2", A, B, 200, 120}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 100, 100, 1, 0}},
     {{B, 100}},
     100, 0, 0},
    {"partial cash withdrawal, the rest stays",
     {{"1", V, A, 100, 100}, {"2", A, ATM, 200, 30}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 30, 30, 1, 0}},
     {{A, 70}, {ATM, 30}},
     70, 30, 0},
    {"yen order survives a hop",
     /* A: [50 clean, 100 victim]; 120 out carries [50 clean, 70 victim], A keeps 30 victim;
      * B pays 60 = 50 clean + 10 victim and keeps 60 victim (pro rata would say 35) */
     {{"10", X, A, 50, 50}, {"1", V, A, 100, 100}, {"2", A, B, 200, 120}, {"3", B, D, 300, 60}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 70, 70, 1, 0}, {"3", 10, 10, 2, 0}},
     {{B, 60}, {A, 30}, {D, 10}},
     100, 0, 0},
    {"outflow larger than the queue: the rest is unexplained clean money",
     /* A sends 150 holding 100 victim: [100 victim, 50 unexplained]; B sends 120 = 100 victim
      * + 20 clean and keeps 30 clean */
     {{"1", V, A, 100, 100}, {"2", A, B, 200, 150}, {"3", B, C, 300, 120}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 100, 100, 1, 0}, {"3", 100, 100, 2, 0}},
     {{C, 100}},
     100, 0, 0},
    {"merge of two victim flows and a cycle back",
     /* A splits 60/40 to B and C, both return to A, A sends all on to D */
     {{"1", V, A, 100, 100}, {"2", A, B, 200, 60}, {"3", A, C, 210, 40}, {"4", B, A, 300, 60},
      {"5", C, A, 310, 40}, {"6", A, D, 400, 100}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 60, 60, 1, 0}, {"3", 40, 40, 1, 0}, {"4", 60, 60, 2, 0},
      {"5", 40, 40, 2, 0}, {"6", 100, 100, 3, 0}},
     {{D, 100}},
     100, 0, 0},
    {"time window: 72 h is still in, one second more is cut",
     {{"1", V, A, 0, 100}, {"2", A, B, H72, 40}, {"3", A, C, H72 + 1, 60}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 40, 40, 1, 0}, {"3", 60, 0, 1, MM_TRACE_CUT_WINDOW}},
     {{B, 40}},
     40, 0, 60},
    {"hop limit",
     {{"1", V, A, 100, 100}, {"2", A, B, 200, 100}, {"3", B, C, 300, 100}, {"4", C, D, 400, 100}},
     "1", 2, 0,
     {{"1", 100, 100, 0, 0}, {"2", 100, 100, 1, 0}, {"3", 100, 100, 2, 0},
      {"4", 100, 0, 3, MM_TRACE_CUT_HOPS}},
     {{0}},
     0, 0, 100},
    {"into crypto through an exchange",
     {{"1", V, A, 100, 100}, {"2", A, EX, 200, 100}, {"3", EX, BTC, 300, 90}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 100, 100, 1, 0}, {"3", 90, 90, 2, 0}},
     {{BTC, 90}, {EX, 10}},
     100, 0, 0},
    {"money must arrive strictly before it leaves",
     {{"1", V, A, 100, 100}, {"2", A, B, 100, 100}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}},
     {{A, 100}},
     100, 0, 0},
    {"clean history replayed: spent earlier, not ahead",
     /* X pays A 50, A spends 80 (30 unexplained), then the victim money; A then pays 100 */
     {{"10", X, A, 10, 50}, {"11", A, C, 20, 80}, {"1", V, A, 100, 100}, {"2", A, B, 200, 100}},
     "1", 0, 0,
     {{"1", 100, 100, 0, 0}, {"2", 100, 100, 1, 0}},
     {{B, 100}},
     100, 0, 0},
};

static mm_trace_graph *build(const tx *t)
{
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    for (; t->id; t++) {
        mm_error err;
        cr_assert_eq(mm_trace_builder_add(b, t->id, strlen(t->id), t->from, strlen(t->from), t->to,
                                          strlen(t->to), t->time, t->amount, &err),
                     MM_OK);
    }
    mm_trace_graph *g;
    mm_error err;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
    mm_trace_builder_free(b);
    return g;
}

static void check_conservation(const mm_trace_result *r)
{
    cr_assert_eq(r->victim_amount, r->remaining + r->cashed_out + r->untraced,
                 "victim %lld != remaining %lld + cashed %lld + untraced %lld",
                 (long long)r->victim_amount, (long long)r->remaining, (long long)r->cashed_out,
                 (long long)r->untraced);
}

Test(trace_fifo, hand_computed_cases)
{
    mm_trace_scratch *s = mm_trace_scratch_new();
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const fifo_case *k = &cases[c];
        mm_trace_graph *g = build(k->txs);
        uint32_t root = mm_trace_graph_find_transfer(g, k->root, strlen(k->root));
        mm_trace_params p = {.hops = k->hops, .window_s = k->window};
        mm_trace_result r;
        mm_error err;
        cr_assert_eq(mm_trace_fifo(g, root, &p, s, &r, &err), MM_OK, "%s", k->name);
        size_t nwant = 0;
        while (nwant < 10 && k->edges[nwant].id)
            nwant++;
        cr_assert_eq(r.nedges, nwant, "%s: %zu edges", k->name, r.nedges);
        for (size_t i = 0; i < nwant; i++) {
            const want_edge *w = &k->edges[i];
            uint32_t t = mm_trace_graph_find_transfer(g, w->id, strlen(w->id));
            const mm_trace_edge *e = NULL;
            for (size_t j = 0; j < r.nedges; j++)
                if (r.edges[j].transfer == t)
                    e = &r.edges[j];
            cr_assert_not_null(e, "%s: no edge for %s", k->name, w->id);
            cr_assert_eq(e->tainted, w->tainted, "%s: %s tainted %lld", k->name, w->id,
                         (long long)e->tainted);
            cr_assert_eq(e->traced, w->traced, "%s: %s traced %lld", k->name, w->id,
                         (long long)e->traced);
            cr_assert_eq(e->hop, w->hop, "%s: %s hop %d", k->name, w->id, e->hop);
            cr_assert_eq(e->cut, w->cut, "%s: %s cut %d", k->name, w->id, e->cut);
        }
        size_t nh = 0;
        while (nh < 6 && k->holds[nh].acct)
            nh++;
        cr_assert_eq(r.nholdings, nh, "%s: %zu holdings", k->name, r.nholdings);
        for (size_t i = 0; i < nh; i++) {
            cr_assert_str_eq(mm_trace_graph_account(g, r.holdings[i].account), k->holds[i].acct,
                             "%s: holding %zu", k->name, i);
            cr_assert_eq(r.holdings[i].remaining, k->holds[i].remaining, "%s: holding %zu = %lld",
                         k->name, i, (long long)r.holdings[i].remaining);
        }
        cr_assert_eq(r.remaining, k->remaining, "%s", k->name);
        cr_assert_eq(r.cashed_out, k->cashed, "%s", k->name);
        cr_assert_eq(r.untraced, k->untraced, "%s", k->name);
        check_conservation(&r);
        mm_trace_graph_free(g);
    }
    mm_trace_scratch_free(s);
}

static const char *holder_name(void *ctx, const char *account, mm_trace_acct_kind kind,
                               char code[24])
{
    if (kind == MM_TRACE_ACCT_CRYPTO) {
        snprintf(code, 24, "EXAMPLE-EX");
        return "Example Exchange";
    }
    return strncmp(account, "0005", 4) == 0 ? "MUFG" : NULL;
}

Test(trace_fifo, freeze_targets_skip_cash_and_name_holders)
{
    static const tx t[] = {{"1", V, A, 100, 1000}, {"2", A, ATM, 200, 300}, {"3", A, BTC, 300, 500},
                           {NULL}};
    mm_trace_graph *g = build(t);
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_trace_result r;
    mm_error err;
    cr_assert_eq(mm_trace_fifo(g, mm_trace_graph_find_transfer(g, "1", 1), NULL, s, &r, &err),
                 MM_OK);
    mm_arena *a = mm_arena_new(0);
    mm_freeze_target *ft;
    size_t n = mm_trace_freeze_targets(g, &r, 1, holder_name, NULL, a, &ft);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(ft[0].account, BTC);
    cr_assert_eq(ft[0].amount_remaining, 500);
    cr_assert_str_eq(ft[0].holder, "EXAMPLE-EX");
    cr_assert_str_eq(ft[0].holder_name, "Example Exchange");
    cr_assert_str_eq(ft[1].account, A);
    cr_assert_eq(ft[1].amount_remaining, 200);
    cr_assert_str_eq(ft[1].holder, "0005");
    cr_assert_str_eq(ft[1].holder_name, "MUFG");
    n = mm_trace_freeze_targets(g, &r, 300, NULL, NULL, a, &ft); /* threshold */
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ft[0].holder, "btc");
    cr_assert_null(ft[0].holder_name);
    cr_assert_eq(r.cashed_out, 300);
    mm_arena_free(a);
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
}

Test(trace_fifo, trace_from_account_amount_time)
{
    static const tx t[] = {{"10", X, A, 50, 50}, {"2", A, B, 200, 120}, {"3", B, C, 300, 60},
                           {NULL}};
    mm_trace_graph *g = build(t);
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_trace_result r;
    mm_error err;
    /* 100 yen deposited in cash at A at t=100: A holds [50 clean, 100 victim];
     * 120 out = 50 clean + 70 victim; B holds [50 clean, 70 victim] and pays 60 =
     * 50 clean + 10 victim; A keeps 30 */
    uint32_t a = mm_trace_graph_find_account(g, A, strlen(A));
    cr_assert_eq(mm_trace_fifo_from(g, a, 100, 100, NULL, s, &r, &err), MM_OK);
    cr_assert_eq(r.edges[0].transfer, MM_TRACE_NONE);
    cr_assert_eq(r.nedges, 3);
    cr_assert_eq(r.edges[1].tainted, 70);
    cr_assert_eq(r.edges[2].tainted, 10);
    cr_assert_eq(r.nholdings, 3);
    cr_assert_eq(r.holdings[0].remaining, 60); /* B */
    cr_assert_eq(r.holdings[1].remaining, 30); /* A */
    cr_assert_eq(r.holdings[2].remaining, 10); /* C */
    check_conservation(&r);
    cr_assert_eq(mm_trace_fifo_from(g, 999, 100, 100, NULL, s, &r, &err), MM_EINVAL);
    cr_assert_str_eq(err.field, "account");
    cr_assert_eq(mm_trace_fifo(g, 999, NULL, s, &r, &err), MM_EINVAL);
    cr_assert_str_eq(err.field, "tx");
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
}

/* ---- random graphs against a naive reference -------------------------------------- */

typedef struct ref_run {
    int64_t amount;
    int edge; /* -1 clean */
} ref_run;

typedef struct ref_queue {
    ref_run *r;
    int n, head;
} ref_queue;

typedef struct ref_edge {
    uint32_t transfer;
    int64_t tainted, traced, time;
    int hop;
    ref_run carry[64];
    int ncarry;
} ref_edge;

static void rq_push(ref_queue *q, int64_t amount, int edge)
{
    if (amount <= 0)
        return;
    if (q->n > q->head && q->r[q->n - 1].edge == edge) {
        q->r[q->n - 1].amount += amount;
        return;
    }
    q->r = realloc(q->r, (size_t)(q->n + 1) * sizeof *q->r);
    q->r[q->n++] = (ref_run){amount, edge};
}

static void carry_add(ref_edge *e, int64_t amount, int edge)
{
    if (amount <= 0)
        return;
    if (e->ncarry && e->carry[e->ncarry - 1].edge == edge) {
        e->carry[e->ncarry - 1].amount += amount;
        return;
    }
    cr_assert_lt(e->ncarry, 64);
    e->carry[e->ncarry++] = (ref_run){amount, edge};
}

static int by_time(const void *a, const void *b, void *g)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    mm_trace_transfer tx1, tx2;
    mm_trace_graph_transfer(g, x, &tx1);
    mm_trace_graph_transfer(g, y, &tx2);
    if (tx1.time != tx2.time)
        return tx1.time < tx2.time ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Every account replayed from the start, every transfer in (time, outs
 * before ins, transfer index) order; the victim transfer carries only
 * victim money. Returns edges (by transfer) and per-account victim money. */
static void reference(const mm_trace_graph *g, uint32_t root, int hops, int64_t window,
                      ref_edge *edges, int *nedges, int64_t *held)
{
    size_t nt = mm_trace_graph_transfers(g), na = mm_trace_graph_accounts(g);
    uint32_t *ord = malloc(nt * sizeof *ord);
    for (uint32_t i = 0; i < nt; i++)
        ord[i] = i;
    qsort_r(ord, nt, sizeof *ord, by_time, (void *)g);
    ref_queue *q = calloc(na, sizeof *q);
    int *edge_of = malloc(nt * sizeof *edge_of);
    for (size_t i = 0; i < nt; i++)
        edge_of[i] = -1;
    *nedges = 0;
    size_t i = 0;
    while (i < nt) {
        mm_trace_transfer t0;
        mm_trace_graph_transfer(g, ord[i], &t0);
        size_t j = i;
        mm_trace_transfer tj;
        while (j < nt && (mm_trace_graph_transfer(g, ord[j], &tj), tj.time == t0.time))
            j++;
        for (size_t k = i; k < j; k++) { /* outflows of this second */
            uint32_t o = ord[k];
            mm_trace_transfer t;
            mm_trace_graph_transfer(g, o, &t);
            ref_queue *src = &q[t.from];
            ref_edge e = {.transfer = o, .time = t.time};
            int64_t need = t.amount;
            int best = 1 << 20;
            while (need > 0 && src->head < src->n) {
                ref_run *r = &src->r[src->head];
                int64_t take = need < r->amount ? need : r->amount;
                if (r->edge < 0) {
                    carry_add(&e, take, -1);
                } else {
                    ref_edge *oe = &edges[r->edge];
                    e.tainted += take;
                    if (oe->hop < hops && (window < 0 || t.time - oe->time <= window)) {
                        e.traced += take;
                        carry_add(&e, take, *nedges);
                        if (oe->hop < best)
                            best = oe->hop;
                    } else {
                        carry_add(&e, take, -1);
                    }
                }
                r->amount -= take;
                need -= take;
                if (r->amount == 0)
                    src->head++;
            }
            carry_add(&e, need, -1);
            if (o == root) {
                e = (ref_edge){.transfer = o, .time = t.time, .tainted = t.amount,
                               .traced = t.amount, .hop = 0};
                carry_add(&e, t.amount, *nedges);
            } else if (e.tainted == 0) {
                continue;
            } else {
                e.hop = e.traced ? best + 1 : 0;
                if (e.traced == 0) { /* untraced: arrives as clean money */
                    e.ncarry = 0;
                }
            }
            edge_of[o] = *nedges;
            edges[(*nedges)++] = e;
        }
        for (size_t k = i; k < j; k++) { /* inflows of this second, by transfer index */
            uint32_t x = ord[k];
            mm_trace_transfer t;
            mm_trace_graph_transfer(g, x, &t);
            int ei = edge_of[x];
            if (ei >= 0 && edges[ei].traced > 0) {
                int64_t sum = 0;
                for (int c = 0; c < edges[ei].ncarry; c++) {
                    rq_push(&q[t.to], edges[ei].carry[c].amount, edges[ei].carry[c].edge);
                    sum += edges[ei].carry[c].amount;
                }
                rq_push(&q[t.to], t.amount - sum, -1);
            } else {
                rq_push(&q[t.to], t.amount, -1);
            }
        }
        i = j;
    }
    for (size_t a = 0; a < na; a++) {
        held[a] = 0;
        for (int k = q[a].head; k < q[a].n; k++)
            if (q[a].r[k].edge >= 0)
                held[a] += q[a].r[k].amount;
        free(q[a].r);
    }
    free(q);
    free(ord);
    free(edge_of);
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

Test(trace_fifo, random_graphs_match_the_reference)
{
    mm_trace_scratch *s = mm_trace_scratch_new();
    uint64_t seed = 20251001;
    size_t all_edges = 0, cut_edges = 0;
    for (int round = 0; round < 60; round++) {
        int nacc = 8 + (int)(rng_next(&seed) % 30);
        int ntr = 200 + (int)(rng_next(&seed) % 1300);
        mm_trace_builder *b = mm_trace_builder_new(NULL);
        char acc[40][24];
        for (int a = 0; a < nacc; a++)
            snprintf(acc[a], sizeof acc[a], a == 0 ? "0034-000-0-0000000" : "0001-001-1-%07d", a);
        for (int t = 0; t < ntr; t++) {
            char id[16];
            snprintf(id, sizeof id, "%d", t + 1);
            int f = 1 + (int)(rng_next(&seed) % (uint64_t)(nacc - 1)); /* the sink never sends */
            int to = (int)(rng_next(&seed) % (uint64_t)nacc);
            int64_t time = (int64_t)(rng_next(&seed) % (6 * 86400)) / 600 * 600; /* ties */
            int64_t amt = 1 + (int64_t)(rng_next(&seed) % 1000);
            mm_error err;
            cr_assert_eq(mm_trace_builder_add(b, id, strlen(id), acc[f], strlen(acc[f]), acc[to],
                                              strlen(acc[to]), time, amt, &err),
                         MM_OK);
        }
        mm_trace_graph *g;
        mm_error err;
        cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
        mm_trace_builder_free(b);
        int hops = 1 + (int)(rng_next(&seed) % 6);
        int64_t window = round % 4 == 0 ? -1 : (int64_t)(3600 * (1 + rng_next(&seed) % 48));
        ref_edge *edges = malloc((size_t)ntr * sizeof *edges);
        int64_t *held = malloc((size_t)nacc * sizeof *held);
        for (int k = 0; k < 5; k++) {
            uint32_t root = (uint32_t)(rng_next(&seed) % (uint64_t)ntr);
            mm_trace_params p = {.hops = hops, .window_s = window};
            mm_trace_result r;
            cr_assert_eq(mm_trace_fifo(g, root, &p, s, &r, &err), MM_OK);
            check_conservation(&r);
            all_edges += r.nedges;
            for (size_t j = 0; j < r.nedges; j++)
                cut_edges += r.edges[j].cut != MM_TRACE_FOLLOWED;
            int ne;
            reference(g, root, hops, window, edges, &ne, held);
            cr_assert_eq((int)r.nedges, ne, "round %d root %u: %zu edges, reference %d", round,
                         root, r.nedges, ne);
            for (int e = 0; e < ne; e++) {
                const mm_trace_edge *x = NULL;
                for (size_t j = 0; j < r.nedges; j++)
                    if (r.edges[j].transfer == edges[e].transfer)
                        x = &r.edges[j];
                cr_assert_not_null(x, "round %d: transfer %u missing", round, edges[e].transfer);
                cr_assert_eq(x->tainted, edges[e].tainted, "round %d tr %u", round,
                             edges[e].transfer);
                cr_assert_eq(x->traced, edges[e].traced, "round %d tr %u", round,
                             edges[e].transfer);
                if (x->traced)
                    cr_assert_eq(x->hop, edges[e].hop, "round %d tr %u", round,
                                 edges[e].transfer);
            }
            int64_t total = 0;
            for (size_t h = 0; h < r.nholdings; h++) {
                cr_assert_eq(r.holdings[h].remaining, held[r.holdings[h].account]);
                total += r.holdings[h].remaining;
            }
            int64_t ref_total = 0;
            for (int a = 0; a < nacc; a++)
                ref_total += held[a];
            cr_assert_eq(total, ref_total, "round %d", round);
            /* every followed edge is in the plain expansion */
            mm_trace_reach reach;
            cr_assert_eq(mm_trace_expand(g, root, &p, s, &reach, &err), MM_OK);
            uint32_t *in = calloc(ntr, sizeof *in);
            for (size_t j = 0; j < reach.ntransfers; j++)
                in[reach.transfers[j]] = 1;
            for (size_t j = 0; j < r.nedges; j++)
                if (r.edges[j].traced > 0)
                    cr_assert(in[r.edges[j].transfer], "followed edge outside the expansion");
            free(in);
        }
        free(edges);
        free(held);
        mm_trace_graph_free(g);
    }
    /* the random graphs exercise long traces and both kinds of cut */
    cr_assert_gt(all_edges, 1500, "%zu edges", all_edges);
    cr_assert_gt(cut_edges, 100, "%zu cut edges", cut_edges);
    /* the random graphs exercise long traces and both kinds of cut */
    cr_assert_gt(all_edges, 1500, "%zu edges", all_edges);
    cr_assert_gt(cut_edges, 100, "%zu cut edges", cut_edges);
    mm_trace_scratch_free(s);
}
