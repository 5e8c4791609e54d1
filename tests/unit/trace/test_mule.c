/* Tests for mule scores and collector aggregation (src/trace/mule.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "mamoru/trace.h"

#define DAY 86400
#define T0 1759276800 /* 2025-10-01 */

static int nid;

static void add(mm_trace_builder *b, const char *f, const char *t, int64_t time, int64_t amt)
{
    char id[16];
    snprintf(id, sizeof id, "%d", ++nid);
    mm_error err;
    cr_assert_eq(mm_trace_builder_add(b, id, strlen(id), f, strlen(f), t, strlen(t), time, amt, &err),
                 MM_OK);
}

static const char *acct(char *buf, int bank, int n)
{
    sprintf(buf, "%04d-001-1-%07d", bank, n);
    return buf;
}

static bool listed_set(void *ctx, const char *account, size_t len)
{
    const char *const *l = ctx;
    for (; *l; l++)
        if (strlen(*l) == len && memcmp(*l, account, len) == 0)
            return true;
    return false;
}

static mm_mule_features score(const mm_trace_graph *g, const char *a, const char *const *listed)
{
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_mule_features f;
    mm_error err;
    uint32_t i = mm_trace_graph_find_account(g, a, strlen(a));
    cr_assert_neq(i, MM_TRACE_NONE, "%s", a);
    cr_assert_eq(mm_trace_mule_score(g, i, mm_trace_graph_max_time(g), listed ? listed_set : NULL,
                                     (void *)listed, s, &f, &err),
                 MM_OK);
    mm_trace_scratch_free(s);
    return f;
}

Test(trace_mule, scores_order_mule_above_person_and_business)
{
    char b1[24], b2[24];
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    static const char *M = "0005-001-1-9000001", *P = "0001-001-1-9000002",
                      *BZ = "0009-001-1-9000003", *EMP = "0009-001-2-9000004";
    /* filler so that the graph's data begins well before the mule appears */
    add(b, acct(b1, 1, 1), acct(b2, 1, 2), T0, 1000);
    add(b, EMP, P, T0 + 1 * DAY, 300000); /* salary */
    for (int i = 0; i < 30; i++)          /* spent over the month */
        add(b, P, acct(b1, 36, 100 + i % 5), T0 + 2 * DAY + i * DAY - 3600, 8000);
    add(b, EMP, P, T0 + 31 * DAY, 300000);
    for (int i = 0; i < 5; i++) { /* the mule: five senders, passed on within 30 min */
        int64_t t = T0 + 20 * DAY + i * 3600;
        add(b, acct(b1, 1, 200 + i), M, t, 100000);
        add(b, M, acct(b2, 38, 300 + i), t + 1800, 95000);
    }
    for (int i = 0; i < 200; i++) /* a shop: many customers, pays suppliers daily */
        add(b, acct(b1, 10, 400 + i), BZ, T0 + i * 3 * 3600, 5000);
    for (int i = 0; i < 60; i++)
        add(b, BZ, acct(b2, 17, 700 + i % 10), T0 + i * 12 * 3600 + 600, 15000);
    mm_trace_graph *g;
    mm_error err;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
    mm_trace_builder_free(b);

    mm_mule_features m = score(g, M, NULL), p = score(g, P, NULL), z = score(g, BZ, NULL);
    cr_assert_eq(m.fan_in, 5);
    cr_assert_eq(m.fan_out, 5);
    cr_assert_eq(m.n_in, 5);
    cr_assert_eq(m.in_total, 500000);
    cr_assert_float_eq(m.pass_through, 0.95, 1e-9);
    cr_assert_float_eq(m.fast_share, 0.95, 1e-9);
    cr_assert(m.dwell_s >= 1800.0 && m.dwell_s < 2400.0, "dwell %f", m.dwell_s); /* FIFO: leftovers wait an hour more */
    cr_assert_eq(p.fan_in, 1);
    cr_assert_gt(p.dwell_s, 5 * DAY);
    cr_assert_geq(m.score, 60, "mule %d", m.score);
    cr_assert_lt(p.score, 30, "person %d", p.score);
    cr_assert_lt(z.score, m.score, "business %d vs mule %d", z.score, m.score);
    cr_assert_gt(m.score, p.score);

    /* a listed neighbour raises the score; the account itself listed more */
    char sender[24];
    acct(sender, 1, 200);
    const char *const one[] = {sender, NULL};
    const char *const self[] = {M, NULL};
    mm_mule_features ml = score(g, M, one), ms = score(g, M, self);
    cr_assert_eq(ml.listed_neighbours, 1);
    cr_assert_gt(ml.score, m.score);
    cr_assert(ms.listed);
    cr_assert_gt(ms.score, ml.score);
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_mule_features f;
    cr_assert_eq(mm_trace_mule_score(g, 1u << 30, 0, NULL, NULL, s, &f, &err), MM_EINVAL);
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
}

Test(trace_mule, collectors_gather_many_victims)
{
    char v[24], m[24];
    static const char *BTC = "btc:bc1qcollector", *OTHER = "0001-001-1-5000000";
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    for (int i = 0; i < 4; i++) { /* four victims, four mules, one address */
        int64_t t = T0 + i * DAY;
        add(b, acct(v, 1, 10 + i), acct(m, 5, 20 + i), t, 100000);
        add(b, acct(m, 5, 20 + i), i < 3 ? BTC : OTHER, t + 600, 90000);
    }
    mm_trace_graph *g;
    mm_error err;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
    mm_trace_builder_free(b);
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_trace_agg *agg = mm_trace_agg_new(g);
    for (int i = 0; i < 4; i++) {
        char id[8];
        snprintf(id, sizeof id, "%d", nid - 7 + 2 * i);
        mm_trace_result r;
        cr_assert_eq(mm_trace_fifo(g, mm_trace_graph_find_transfer(g, id, strlen(id)), NULL, s, &r,
                                   &err),
                     MM_OK);
        cr_assert_eq(mm_trace_agg_add(agg, &r), MM_OK);
    }
    mm_trace_collector *c;
    size_t n = mm_trace_agg_collectors(agg, 2, 0.1, true, &c);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(mm_trace_graph_account(g, c[0].account), BTC);
    cr_assert_eq(c[0].victims, 3);
    cr_assert_eq(c[0].senders, 3);
    cr_assert_eq(c[0].tainted, 270000);
    cr_assert_float_eq(c[0].share, 1.0, 1e-9);
    free(c);
    n = mm_trace_agg_collectors(agg, 1, 0, false, &c); /* every account victim money reached */
    cr_assert_eq(n, 4 + 1 + 1);
    cr_assert_eq(c[0].victims, 3);
    free(c);
    n = mm_trace_agg_collectors(agg, 4, 0, false, &c); /* 3 victims are not 4 */
    cr_assert_eq(n, 0);
    free(c);
    mm_trace_agg_free(agg);
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
}
