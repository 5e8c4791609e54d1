/*
 * expand.c — the per-thread scratch and the plain time-respecting
 * expansion: exactly the workload of shared/peers/graph-trace, so our
 * reached sets can be compared with NetworkX's and PostgreSQL's.
 *
 * A level-by-level BFS over transfers: the reached-transfer list doubles
 * as the queue (hop h's frontier is the slice added while expanding hop
 * h-1), one bisection per frontier transfer finds the slice of its
 * destination's outgoing transfers inside (time, time + window], and a
 * bitmap over transfers (cleared afterwards through the list, so a trace
 * costs what it reaches, not the graph size) marks what was reached.
 * Reaching a transfer first at its smallest hop is enough: its successors
 * depend only on its destination and time (README of the peers).
 */
#include <stdlib.h>
#include <string.h>

#include "trace/trace_int.h"

mm_trace_scratch *mm_trace_scratch_new(void)
{
    return calloc(1, sizeof(mm_trace_scratch));
}

void mm_trace_scratch_free(mm_trace_scratch *s)
{
    if (s == NULL)
        return;
    free(s->tr_bits);
    free(s->acc_bits);
    free(s->state_of);
    free(s->rtr);
    free(s->racc);
    for (size_t i = 0; i < s->st_cap; i++)
        free(s->st[i].iv);
    free(s->virt_ca);
    free(s->st);
    free(s->heap);
    free(s->edges);
    free(s->carry_off);
    free(s->ncarry);
    free(s->carry);
    free(s->hold);
    free(s->tmp);
    free(s->lots);
    free(s);
}

mm_status tr_scratch_fit(mm_trace_scratch *s, const mm_trace_graph *g, mm_error *err)
{
    size_t tw = ((size_t)g->ntr + 64) / 64, aw = ((size_t)g->nacc + 64) / 64;
    if (tw > s->tr_words) {
        uint64_t *p = calloc(tw, sizeof *p);
        if (p == NULL)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace scratch)");
        free(s->tr_bits);
        s->tr_bits = p;
        s->tr_words = tw;
    }
    if (aw > s->acc_words) {
        uint64_t *p = calloc(aw, sizeof *p);
        if (p == NULL)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace scratch)");
        free(s->acc_bits);
        s->acc_bits = p;
        s->acc_words = aw;
    }
    if ((size_t)g->nacc + 1 > s->state_of_len) {
        uint32_t *p = calloc((size_t)g->nacc + 1, sizeof *p);
        if (p == NULL)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace scratch)");
        free(s->state_of);
        s->state_of = p;
        s->state_of_len = (size_t)g->nacc + 1;
    }
    return MM_OK;
}

static inline bool bit_test_set(uint64_t *bits, uint32_t i)
{
    uint64_t m = UINT64_C(1) << (i & 63);
    if (bits[i >> 6] & m)
        return true;
    bits[i >> 6] |= m;
    return false;
}

mm_status mm_trace_expand(const mm_trace_graph *g, uint32_t root, const mm_trace_params *p,
                          mm_trace_scratch *s, mm_trace_reach *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (g == NULL || s == NULL || root >= g->ntr)
        return mm_error_set(err, MM_EINVAL, "tx", "transfer %u is not in the graph", root);
    mm_status rc = tr_scratch_fit(s, g, err);
    if (rc != MM_OK)
        return rc;
    int hops;
    int64_t window;
    tr_params(p, &hops, &window);

    size_t nt = 0, na = 0;
    if (tr_grow((void **)&s->rtr, &s->rtr_cap, 256, sizeof *s->rtr) ||
        tr_grow((void **)&s->racc, &s->racc_cap, 256, sizeof *s->racc))
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    s->rtr[nt++] = root;
    bit_test_set(s->tr_bits, root);
    s->racc[na++] = g->tx[root].to;
    bit_test_set(s->acc_bits, g->tx[root].to);

    const tr_tx *tx = g->tx;
    const uint32_t *off = g->out_off;
    size_t level_start = 0;
    bool oom = false;
    for (int h = 0; h < hops && !oom; h++) {
        size_t level_end = nt;
        if (level_start == level_end)
            break;
        for (size_t k = level_start; k < level_end && !oom; k++) {
            uint32_t r = s->rtr[k];
            uint32_t a = tx[r].to;
            int64_t t = tx[r].t; /* relative times throughout */
            int64_t hi_t = window < 0 ? INT64_MAX : t + window;
            uint32_t lo = off[a], hi = off[a + 1];
            if (lo == hi)
                continue;
            for (uint32_t e = tr_first_after(g, lo, hi, t); e < hi && (int64_t)tx[e].t <= hi_t;
                 e++) {
                if (bit_test_set(s->tr_bits, e))
                    continue;
                if (nt == s->rtr_cap &&
                    tr_grow((void **)&s->rtr, &s->rtr_cap, nt + 1, sizeof *s->rtr)) {
                    oom = true;
                    break;
                }
                s->rtr[nt++] = e;
                uint32_t b = tx[e].to;
                if (!bit_test_set(s->acc_bits, b)) {
                    if (na == s->racc_cap &&
                        tr_grow((void **)&s->racc, &s->racc_cap, na + 1, sizeof *s->racc)) {
                        oom = true;
                        break;
                    }
                    s->racc[na++] = b;
                }
            }
        }
        level_start = level_end;
    }
    /* clear the bits through the lists (cost ∝ what was reached) */
    for (size_t i = 0; i < nt; i++)
        s->tr_bits[s->rtr[i] >> 6] = 0;
    for (size_t i = 0; i < na; i++)
        s->acc_bits[s->racc[i] >> 6] = 0;
    if (oom) { /* a bit may be set for an entry that did not fit in its list */
        memset(s->tr_bits, 0, s->tr_words * sizeof *s->tr_bits);
        memset(s->acc_bits, 0, s->acc_words * sizeof *s->acc_bits);
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (trace)");
    }
    out->transfers = s->rtr;
    out->ntransfers = nt;
    out->accounts = s->racc;
    out->naccounts = na;
    return MM_OK;
}
