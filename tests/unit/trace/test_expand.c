/* Tests for the plain expansion (src/trace/expand.c): the peers' workload
 * definition on hand-made graphs, and equality with a naive BFS that scans
 * every transfer at every step on random graphs (fixed seed). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/trace.h"

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void add(mm_trace_builder *b, const char *id, const char *f, const char *t, int64_t time)
{
    mm_error err;
    cr_assert_eq(mm_trace_builder_add(b, id, strlen(id), f, strlen(f), t, strlen(t), time, 1, &err),
                 MM_OK);
}

static bool reached(const mm_trace_graph *g, const mm_trace_reach *r, const char *id)
{
    uint32_t t = mm_trace_graph_find_transfer(g, id, strlen(id));
    for (size_t i = 0; i < r->ntransfers; i++)
        if (r->transfers[i] == t)
            return true;
    return false;
}

Test(trace_expand, workload_definition)
{
    /* A0 is reached by the victim transfer at t=1000. */
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    add(b, "v", "V", "A0", 1000);
    add(b, "early", "A0", "X", 999);          /* before the money arrived */
    add(b, "same", "A0", "X", 1000);          /* same second: not strictly later */
    add(b, "in", "A0", "B", 1001);            /* hop 1 */
    add(b, "edge", "A0", "C", 1000 + 259200); /* exactly 72 h later: in */
    add(b, "late", "A0", "D", 1001 + 259200); /* one second more: out */
    add(b, "h2", "B", "E", 2000);             /* hop 2 */
    add(b, "h2early", "B", "E", 1001);        /* same second as its arrival at B: out */
    add(b, "h3", "E", "F", 3000);             /* hop 3: beyond hops = 2 */
    add(b, "back", "C", "A0", 1000 + 259300); /* re-enters A0: a new window there */
    add(b, "again", "A0", "G", 1000 + 259400); /* hop 3 via "back" … */
    mm_trace_graph *g;
    mm_error err;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
    mm_trace_builder_free(b);
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_trace_reach r;
    mm_trace_params p = {.hops = 2};
    cr_assert_eq(mm_trace_expand(g, mm_trace_graph_find_transfer(g, "v", 1), &p, s, &r, &err),
                 MM_OK);
    static const struct {
        const char *id;
        bool in;
    } want[] = {{"v", true},     {"early", false}, {"same", false}, {"in", true},
                {"edge", true},  {"late", false},  {"h2", true},    {"h2early", false},
                {"h3", false},   {"back", true},   {"again", false}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert_eq(reached(g, &r, want[i].id), want[i].in, "%s", want[i].id);
    cr_assert_eq(r.ntransfers, 5);
    cr_assert_eq(r.naccounts, 4); /* A0 (twice: v, back), B, C, E */
    p.hops = 3;                   /* "again" is 3 hops away: v → edge → back → again */
    cr_assert_eq(mm_trace_expand(g, mm_trace_graph_find_transfer(g, "v", 1), &p, s, &r, &err),
                 MM_OK);
    cr_assert(reached(g, &r, "again"));
    cr_assert(reached(g, &r, "h3"));
    cr_assert_eq(mm_trace_expand(g, 12345, &p, s, &r, &err), MM_EINVAL);
    cr_assert_str_eq(err.field, "tx");
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
}

/* The README's definition, literally: level by level, every transfer of the
 * graph tested against every transfer of the previous level. */
static void naive(const mm_trace_graph *g, uint32_t root, int hops, int64_t window, uint8_t *in_r,
                  uint8_t *in_a)
{
    size_t nt = mm_trace_graph_transfers(g);
    memset(in_r, 0, nt);
    memset(in_a, 0, mm_trace_graph_accounts(g));
    uint32_t *level = malloc(nt * sizeof *level), *next = malloc(nt * sizeof *next);
    size_t nl = 0;
    level[nl++] = root;
    in_r[root] = 1;
    mm_trace_transfer t;
    mm_trace_graph_transfer(g, root, &t);
    in_a[t.to] = 1;
    for (int h = 0; h < hops && nl; h++) {
        size_t nn = 0;
        for (size_t i = 0; i < nl; i++) {
            mm_trace_transfer r;
            mm_trace_graph_transfer(g, level[i], &r);
            for (uint32_t e = 0; e < nt; e++) {
                mm_trace_transfer x;
                mm_trace_graph_transfer(g, e, &x);
                if (in_r[e] || x.from != r.to || x.time <= r.time ||
                    (window >= 0 && x.time > r.time + window))
                    continue;
                in_r[e] = 1;
                in_a[x.to] = 1;
                next[nn++] = e;
            }
        }
        memcpy(level, next, nn * sizeof *level);
        nl = nn;
    }
    free(level);
    free(next);
}

Test(trace_expand, equals_naive_bfs_on_random_graphs)
{
    uint64_t seed = 42;
    mm_trace_scratch *s = mm_trace_scratch_new();
    size_t total = 0;
    for (int round = 0; round < 30; round++) {
        int nacc = 5 + (int)(rng_next(&seed) % 60);
        int ntr = 20 + (int)(rng_next(&seed) % 1500);
        mm_trace_builder *b = mm_trace_builder_new(NULL);
        for (int i = 0; i < ntr; i++) {
            char id[16], f[16], t[16];
            snprintf(id, sizeof id, "%d", i + 1);
            snprintf(f, sizeof f, "a%d", (int)(rng_next(&seed) % (uint64_t)nacc));
            snprintf(t, sizeof t, "a%d", (int)(rng_next(&seed) % (uint64_t)nacc));
            add(b, id, f, t, (int64_t)(rng_next(&seed) % (10 * 86400)) / 300 * 300);
        }
        mm_trace_graph *g;
        mm_error err;
        cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
        mm_trace_builder_free(b);
        uint8_t *in_r = calloc((size_t)ntr, 1), *in_a = calloc((size_t)nacc, 1);
        for (int k = 0; k < 8; k++) {
            mm_trace_params p = {.hops = 1 + (int)(rng_next(&seed) % 7),
                                 .window_s = k == 7 ? -1 : (int64_t)(rng_next(&seed) % (3 * 86400)) + 1};
            uint32_t root = (uint32_t)(rng_next(&seed) % (uint64_t)ntr);
            mm_trace_reach r;
            cr_assert_eq(mm_trace_expand(g, root, &p, s, &r, &err), MM_OK);
            naive(g, root, p.hops, p.window_s, in_r, in_a);
            size_t want_t = 0, want_a = 0;
            for (int i = 0; i < ntr; i++)
                want_t += in_r[i];
            for (int i = 0; i < nacc; i++)
                want_a += in_a[i];
            cr_assert_eq(r.ntransfers, want_t, "round %d: %zu vs %zu", round, r.ntransfers, want_t);
            cr_assert_eq(r.naccounts, want_a, "round %d: %zu vs %zu", round, r.naccounts, want_a);
            for (size_t i = 0; i < r.ntransfers; i++)
                cr_assert(in_r[r.transfers[i]]);
            for (size_t i = 0; i < r.naccounts; i++)
                cr_assert(in_a[r.accounts[i]]);
            cr_assert_eq(r.transfers[0], root);
            total += r.ntransfers;
        }
        free(in_r);
        free(in_a);
        mm_trace_graph_free(g);
    }
    cr_assert_gt(total, 5000, "the random graphs must give long traces (%zu)", total);
    mm_trace_scratch_free(s);
}
