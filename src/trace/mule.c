/*
 * mule.c — mule score of one account from its own flows, and aggregation
 * of many victims' traces into "collector" accounts.
 *
 * The score is built from what a mule account must do to be useful to a
 * fraud group, not from any sample's wording or amounts: receive money from
 * people the holder does not deal with (several distinct senders), pass it
 * on almost whole (out ≈ in) and fast (within a day, per the FIFO dwell of
 * its own queue), typically in an account that is new or seldom used, and
 * next to other accounts already reported. Busy accounts (businesses,
 * payment hubs) send money on fast too, so fan-in and speed are diluted by
 * the number of outgoing transfers. The weights are fixed in the header,
 * not fitted; bench/eval_trace measures what they give on labelled data.
 *
 * Collectors: an address (or an exchange's deposit account) that victim
 * money from many separate traces reaches, through many different mules,
 * and for which that money is a real share of everything it receives, is
 * where a group cashes out; counting victims, senders and the share per
 * account over a batch of traces finds it without any list of exchanges.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace_int.h"

#define DAY 86400
#define YOUNG_S (90 * DAY)
#define SEEN_LATE_S (7 * DAY)
#define BURST_S (7 * DAY)

/* Distinct values of acc[0..n) (account indices), using the scratch bitmap. */
static uint32_t count_distinct(mm_trace_scratch *s, const uint32_t *acc, size_t n)
{
    uint32_t d = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t a = acc[i];
        uint64_t m = UINT64_C(1) << (a & 63);
        if (!(s->acc_bits[a >> 6] & m)) {
            s->acc_bits[a >> 6] |= m;
            d++;
        }
    }
    for (size_t i = 0; i < n; i++)
        s->acc_bits[acc[i] >> 6] = 0;
    return d;
}

mm_status mm_trace_mule_score(const mm_trace_graph *g, uint32_t a, int64_t now,
                              mm_trace_listed_fn listed, void *ctx, mm_trace_scratch *s,
                              mm_mule_features *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (g == NULL || s == NULL || a >= g->nacc)
        return mm_error_set(err, MM_EINVAL, "account", "account %u is not in the graph", a);
    mm_status rc = tr_scratch_fit(s, g, err);
    if (rc != MM_OK)
        return rc;
    const uint32_t *in = g->in_tr + g->in_off[a];
    size_t nin = g->in_off[a + 1] - g->in_off[a];
    uint32_t olo = g->out_off[a], ohi = g->out_off[a + 1];
    size_t nout = ohi - olo;
    out->n_in = (uint32_t)nin;
    out->n_out = (uint32_t)nout;
    if (tr_grow((void **)&s->tmp, &s->tmp_cap, nin + nout + 1, sizeof *s->tmp))
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (mule score)");
    uint32_t *senders = s->tmp, *payees = s->tmp + nin;
    for (size_t i = 0; i < nin; i++)
        senders[i] = tr_from(g, in[i]);
    for (size_t i = 0; i < nout; i++)
        payees[i] = g->tx[olo + i].to;
    out->fan_in = count_distinct(s, senders, nin);
    out->fan_out = count_distinct(s, payees, nout);
    /* most distinct senders inside any 7-day window (a sliding window over
     * the time-ordered inflows; per-sender counts borrow state_of, which is
     * all zero between traces and left so) */
    uint32_t *cnt = s->state_of, distinct = 0;
    for (size_t i = 0, j = 0; i < nin; i++) {
        if (cnt[senders[i]]++ == 0)
            distinct++;
        while (g->tx[in[i]].t - g->tx[in[j]].t > BURST_S)
            if (--cnt[senders[j++]] == 0)
                distinct--;
        if (distinct > out->burst_fan_in)
            out->burst_fan_in = distinct;
    }
    for (size_t i = 0; i < nin; i++)
        cnt[senders[i]] = 0;
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (size_t i = 0; i < nin; i++) {
        out->in_total += g->tx[in[i]].amount;
        int64_t t = tr_time(g, in[i]);
        first = t < first ? t : first;
        last = t > last ? t : last;
    }
    for (uint32_t o = olo; o < ohi; o++) {
        int64_t t = tr_time(g, o);
        out->out_total += g->tx[o].amount;
        first = t < first ? t : first;
        last = t > last ? t : last;
    }
    out->first_seen = nin + nout ? first : 0;
    out->last_seen = nin + nout ? last : 0;
    if (out->in_total > 0) {
        int64_t m = out->out_total < out->in_total ? out->out_total : out->in_total;
        out->pass_through = (double)m / (double)out->in_total;
    }

    /* FIFO over the account's own queue: lots (amount, arrival time) */
    if (tr_grow((void **)&s->lots, &s->lots_cap, 2 * nin + 2, sizeof *s->lots))
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (mule score)");
    size_t head = 0, tail = 0, ip = 0;
    uint32_t op = olo;
    double fast = 0, dwell = 0, left = 0;
    while (ip < nin || op < ohi) {
        int64_t ti = ip < nin ? tr_time(g, in[ip]) : INT64_MAX;
        if (op < ohi && tr_time(g, op) <= ti) { /* outflows of a second before its inflows */
            int64_t need = g->tx[op].amount, t = tr_time(g, op);
            while (need > 0 && head < tail) {
                int64_t take = need < s->lots[2 * head] ? need : s->lots[2 * head];
                int64_t d = t - s->lots[2 * head + 1];
                dwell += (double)take * (double)d;
                left += (double)take;
                if (d <= DAY)
                    fast += (double)take;
                s->lots[2 * head] -= take;
                need -= take;
                if (s->lots[2 * head] == 0)
                    head++;
            }
            op++;
        } else {
            s->lots[2 * tail] = g->tx[in[ip]].amount;
            s->lots[2 * tail + 1] = ti;
            tail++;
            ip++;
        }
    }
    if (out->in_total > 0)
        out->fast_share = fast / (double)out->in_total;
    out->dwell_s = left > 0 ? dwell / left : 0;

    /* listed neighbours: each distinct counterparty once */
    if (listed) {
        const char *nm = tr_name(g, a);
        out->listed = listed(ctx, nm, strlen(nm));
        for (int side = 0; side < 2; side++) {
            size_t n = side == 0 ? nin : nout;
            for (size_t i = 0; i < n; i++) {
                uint32_t c = side == 0 ? senders[i] : payees[i];
                uint64_t m = UINT64_C(1) << (c & 63);
                if (c == a || (s->acc_bits[c >> 6] & m))
                    continue;
                s->acc_bits[c >> 6] |= m;
                const char *cn = tr_name(g, c);
                if (listed(ctx, cn, strlen(cn)))
                    out->listed_neighbours++;
            }
        }
        for (size_t i = 0; i < nin; i++)
            s->acc_bits[senders[i] >> 6] = 0;
        for (uint32_t o = olo; o < ohi; o++)
            s->acc_bits[g->tx[o].to >> 6] = 0;
    }

    /* score: noisy-OR of the evidence (weights documented in trace.h) */
    double dilute = out->n_out > 50 ? 50.0 / out->n_out : 1.0;
    double w[5];
    w[0] = 0.55 * out->fast_share * out->pass_through * dilute;
    w[1] = out->pass_through >= 0.5
               ? 0.30 * fmin(1.0, (out->fan_in > 1 ? out->fan_in - 1 : 0) / 4.0) * dilute
               : 0;
    w[2] = out->first_seen > g->tmin + SEEN_LATE_S && now - out->first_seen < YOUNG_S ? 0.15 : 0;
    w[3] = 1.0 - pow(0.75, out->listed_neighbours);
    if (out->listed)
        w[3] = 1.0 - (1.0 - w[3]) * 0.1;
    /* many senders inside one week, concentrated there (not a shop's steady stream) */
    double conc = out->fan_in ? (double)out->burst_fan_in / out->fan_in : 0;
    w[4] = out->burst_fan_in >= 3 ? 0.35 * fmin(1.0, (out->burst_fan_in - 2) / 6.0) * conc : 0;
    double keep = 1.0;
    for (int i = 0; i < 5; i++)
        keep *= 1.0 - fmin(1.0, fmax(0.0, w[i]));
    out->score = (int)lround(100.0 * (1.0 - keep));
    return MM_OK;
}

/* ---- aggregation ------------------------------------------------------------------ */

struct mm_trace_agg {
    const mm_trace_graph *g;
    uint32_t ntraces;
    uint32_t *stamp;   /* per account: last trace that reached it */
    uint32_t *victims; /* per account */
    uint32_t *senders; /* per account */
    int64_t *tainted;  /* per account */
    uint64_t *pairs;   /* (to << 32 | from) + 1, open addressing */
    size_t npairs, pair_cap;
};

mm_trace_agg *mm_trace_agg_new(const mm_trace_graph *g)
{
    mm_trace_agg *x = calloc(1, sizeof *x);
    if (x == NULL)
        return NULL;
    size_t n = (size_t)g->nacc + 1;
    x->g = g;
    x->stamp = calloc(n, sizeof *x->stamp);
    x->victims = calloc(n, sizeof *x->victims);
    x->senders = calloc(n, sizeof *x->senders);
    x->tainted = calloc(n, sizeof *x->tainted);
    x->pair_cap = 1024;
    x->pairs = calloc(x->pair_cap, sizeof *x->pairs);
    if (!x->stamp || !x->victims || !x->senders || !x->tainted || !x->pairs) {
        mm_trace_agg_free(x);
        return NULL;
    }
    return x;
}

void mm_trace_agg_free(mm_trace_agg *x)
{
    if (x == NULL)
        return;
    free(x->stamp);
    free(x->victims);
    free(x->senders);
    free(x->tainted);
    free(x->pairs);
    free(x);
}

static uint64_t pair_hash(uint64_t k)
{
    k ^= k >> 31;
    k *= UINT64_C(0x7fb5d329728ea185);
    k ^= k >> 27;
    return k;
}

/* Insert pair key; 1 when new, 0 when present, -1 out of memory. */
static int pair_add(mm_trace_agg *x, uint64_t key)
{
    if ((x->npairs + 1) * 2 > x->pair_cap) {
        size_t nc = x->pair_cap * 2;
        uint64_t *np = calloc(nc, sizeof *np);
        if (np == NULL)
            return -1;
        for (size_t i = 0; i < x->pair_cap; i++) {
            if (x->pairs[i] == 0)
                continue;
            size_t j = pair_hash(x->pairs[i]) & (nc - 1);
            while (np[j])
                j = (j + 1) & (nc - 1);
            np[j] = x->pairs[i];
        }
        free(x->pairs);
        x->pairs = np;
        x->pair_cap = nc;
    }
    size_t j = pair_hash(key + 1) & (x->pair_cap - 1);
    for (; x->pairs[j]; j = (j + 1) & (x->pair_cap - 1))
        if (x->pairs[j] == key + 1)
            return 0;
    x->pairs[j] = key + 1;
    x->npairs++;
    return 1;
}

mm_status mm_trace_agg_add(mm_trace_agg *x, const mm_trace_result *r)
{
    x->ntraces++;
    for (size_t i = 0; i < r->nedges; i++) {
        const mm_trace_edge *e = &r->edges[i];
        if (e->tainted <= 0 || e->to >= x->g->nacc)
            continue;
        x->tainted[e->to] += e->tainted;
        if (x->stamp[e->to] != x->ntraces) {
            x->stamp[e->to] = x->ntraces;
            x->victims[e->to]++;
        }
        if (e->from != MM_TRACE_NONE) {
            int added = pair_add(x, (uint64_t)e->to << 32 | e->from);
            if (added < 0)
                return MM_ENOMEM;
            x->senders[e->to] += (uint32_t)added;
        }
    }
    return MM_OK;
}

static int coll_cmp(const void *a, const void *b)
{
    const mm_trace_collector *x = a, *y = b;
    if (x->victims != y->victims)
        return x->victims > y->victims ? -1 : 1;
    if (x->tainted != y->tainted)
        return x->tainted > y->tainted ? -1 : 1;
    return x->account < y->account ? -1 : x->account > y->account;
}

size_t mm_trace_agg_collectors(const mm_trace_agg *x, uint32_t min_victims, double min_share,
                               bool crypto_only, mm_trace_collector **out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    mm_trace_collector *v = NULL;
    const mm_trace_graph *g = x->g;
    if (min_victims == 0)
        min_victims = 1;
    for (uint32_t a = 0; a < g->nacc; a++) {
        if (x->victims[a] < min_victims || x->senders[a] < min_victims)
            continue;
        mm_trace_acct_kind k = (mm_trace_acct_kind)g->kind[a];
        if (k == MM_TRACE_ACCT_CASH || (crypto_only && k != MM_TRACE_ACCT_CRYPTO))
            continue;
        int64_t in = 0;
        for (uint32_t i = g->in_off[a]; i < g->in_off[a + 1]; i++)
            in += g->tx[g->in_tr[i]].amount;
        double share = in > 0 ? (double)x->tainted[a] / (double)in : 0;
        if (share < min_share)
            continue;
        if (tr_grow((void **)&v, &cap, n + 1, sizeof *v)) {
            free(v);
            return 0;
        }
        v[n++] = (mm_trace_collector){.account = a, .kind = k, .victims = x->victims[a],
                                      .senders = x->senders[a], .tainted = x->tainted[a],
                                      .share = share};
    }
    if (n)
        qsort(v, n, sizeof *v, coll_cmp);
    *out = v;
    return n;
}
