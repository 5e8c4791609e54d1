/*
 * trace_int.h — what the files of src/trace share: the frozen graph's
 * arrays, the builder, the per-thread scratch, and a few inline helpers.
 *
 * Layout of a frozen graph (CSR): transfers are numbered 0..ntr-1 grouped
 * by sender and in time order inside a sender, so account a's outgoing
 * transfers are the index range [out_off[a], out_off[a+1]) and a bisection
 * over their times finds a window. in_tr[in_off[a] .. in_off[a+1]) lists
 * a's incoming transfer indices in (time, index) order.
 *
 * The fields a trace touches for one transfer sit in one 32-byte record
 * (tr_tx), so following a transfer costs one cache line, not five.
 *
 * FIFO positions: every yen that ever entered account a has a position, the
 * sum of a's earlier inflows (in in_tr order); tr_tx.pos is where a
 * transfer's yen start at its payee. An outflow takes the positions
 * [ca of the sender's previous outflow, its own ca) from the front of the
 * sender's queue, ca being the sender's cumulative consumption
 * precomputed at freeze (each outflow takes min(amount, observed balance),
 * the outflows of a second before its inflows). So a trace never touches
 * clean money.
 */
#ifndef MAMORU_TRACE_INT_H
#define MAMORU_TRACE_INT_H

#include <stdint.h>
#include <string.h>

#include "mamoru/trace.h"

#define TR_EXT_STR (UINT64_C(1) << 63) /* ext: offset into ids[] rather than a number */
#define TR_MAX_ACCOUNT_LEN 255
#define TR_MAX_ID_LEN 255


/* One transfer, as a trace reads it. */
typedef struct tr_tx {
    uint32_t t;     /* time - tmin, seconds */
    uint32_t to;    /* payee account */
    int64_t amount; /* yen */
    int64_t ca;     /* sender's cumulative FIFO consumption through this outflow */
    int64_t pos;    /* queue position of its first yen at the payee */
} tr_tx;

struct mm_trace_graph {
    uint32_t nacc, ntr;
    size_t dups;
    /* accounts: NUL-terminated canonical strings in one pool */
    char *names;
    size_t names_len;
    uint32_t *name_off;  /* nacc */
    uint32_t *acct_slot; /* open addressing, value = account + 1, 0 = empty */
    uint32_t acct_mask;
    uint8_t *kind;       /* nacc: mm_trace_acct_kind */
    /* transfers */
    uint32_t *out_off; /* nacc + 1 */
    tr_tx *tx;         /* ntr */
    uint64_t *ext;     /* ntr: decimal id, or TR_EXT_STR | offset into ids */
    uint32_t *in_off;  /* nacc + 1 */
    uint32_t *in_tr;   /* ntr */
    uint32_t *id_slot; /* open addressing, value = transfer + 1 */
    uint32_t id_mask;
    char *ids; /* pool of non-decimal ids */
    size_t ids_len;
    int64_t tmin, tmax;
};

struct mm_trace_builder {
    const mm_trace_graph *base;
    /* interning: base's accounts first, then new ones */
    char *names;
    size_t names_len, names_cap;
    uint32_t *name_off;
    uint32_t nacc, acc_cap;
    uint32_t *acct_slot;
    uint32_t acct_mask;
    char *ids;
    size_t ids_len, ids_cap;
    /* new events */
    uint32_t *from, *to;
    int64_t *time, *amount;
    uint64_t *ext;
    size_t n, cap;
};

/* ---- scratch (expand.c owns allocation; fifo.c, mule.c use it) ---------- */

typedef struct tr_run {
    int64_t amount;
    uint32_t edge; /* MM_TRACE_NONE = clean money */
} tr_run;

/* Victim yen at queue positions [s, e) of an account, from edge `edge`. */
typedef struct tr_iv {
    int64_t s, e;
    uint32_t edge;
} tr_iv;

typedef struct tr_state {
    uint32_t acct;
    uint32_t out_pos, out_end; /* next outflow to look at, end of the range */
    tr_iv *iv;                 /* sorted by position; [ivhead, ivhead + ivlen) live */
    uint32_t ivhead, ivlen, ivcap;
    uint32_t ver; /* heap entries of an older version are stale */
    int64_t received;
    int64_t stuck; /* victim money that arrived after the account's last outflow */
} tr_state;

typedef struct tr_heap_ent {
    int64_t time;
    uint32_t st, ver;
    uint32_t out;
} tr_heap_ent;

struct mm_trace_scratch {
    /* sized to the graph */
    uint64_t *tr_bits;
    size_t tr_words;
    uint64_t *acc_bits;
    size_t acc_words;
    uint32_t *state_of; /* account → state + 1 */
    size_t state_of_len;
    int64_t *virt_ca; /* consumption of the virtual root's account (fifo_from) */
    size_t virt_cap;
    /* plain expansion results */
    uint32_t *rtr, *racc;
    size_t rtr_cap, racc_cap;
    /* FIFO */
    tr_state *st;
    size_t nst, st_cap;
    tr_heap_ent *heap;
    size_t nheap, heap_cap;
    mm_trace_edge *edges;
    size_t nedges, edges_cap;
    uint32_t *carry_off, *ncarry; /* per edge */
    tr_run *carry;
    size_t ncarry_runs, carry_cap;
    mm_trace_holding *hold;
    size_t nhold, hold_cap;
    /* mule score */
    uint32_t *tmp;
    size_t tmp_cap;
    int64_t *lots; /* (amount, time) pairs */
    size_t lots_cap;
};

/* Make the per-graph arrays of s fit g (zeroed). MM_ENOMEM on failure. */
mm_status tr_scratch_fit(mm_trace_scratch *s, const mm_trace_graph *g, mm_error *err);
/* Grow *p (elements of size sz, capacity *cap) to hold at least need. */
int tr_grow(void **p, size_t *cap, size_t need, size_t sz);

static inline void tr_params(const mm_trace_params *p, int *hops, int64_t *window)
{
    *hops = p && p->hops > 0 ? p->hops : MM_TRACE_DEFAULT_HOPS;
    if (*hops > MM_TRACE_MAX_HOPS)
        *hops = MM_TRACE_MAX_HOPS;
    *window = p && p->window_s != 0 ? p->window_s : MM_TRACE_DEFAULT_WINDOW_S;
}

static inline int64_t tr_time(const mm_trace_graph *g, uint32_t t)
{
    return g->tmin + (int64_t)g->tx[t].t;
}

/* Absolute time → the relative scale of tr_tx.t, clamped to [-1, UINT32_MAX]. */
static inline int64_t tr_rel(const mm_trace_graph *g, int64_t t)
{
    if (t < g->tmin)
        return -1;
    if (t - g->tmin > (int64_t)UINT32_MAX)
        return UINT32_MAX;
    return t - g->tmin;
}

/* First transfer index in [lo, hi) of g with relative time > rel. */
static inline uint32_t tr_first_after(const mm_trace_graph *g, uint32_t lo, uint32_t hi, int64_t rel)
{
    const tr_tx *x = g->tx;
    while (hi - lo > 8) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((int64_t)x[mid].t <= rel)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo < hi && (int64_t)x[lo].t <= rel)
        lo++;
    return lo;
}

static inline const char *tr_name(const mm_trace_graph *g, uint32_t a)
{
    return g->names + g->name_off[a];
}

/* Sender of transfer t: the account whose out range holds t. */
static inline uint32_t tr_from(const mm_trace_graph *g, uint32_t t)
{
    uint32_t lo = 0, hi = g->nacc; /* out_off[lo] <= t < out_off[hi] */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (g->out_off[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}


#endif
