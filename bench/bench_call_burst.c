/*
 * bench_call_burst.c — what call-burst screening costs: how long a burst
 * takes to reach screening, what logging sightings adds to writes, and the
 * per-call cost of the burst rule. Each figure next to its baseline:
 *   - list import with sightings logged (seen now) vs not (a month ago);
 *   - full snapshot rebuild (every indicator + activity) vs the activity
 *     alone (mm_activity_load), with the import's single-organisation
 *     sightings in the store: the server's fast refresh path;
 *   - one committed report: phone (sighting logged) vs domain (not);
 *   - mm_screen_call on a burst number with and without the activity
 *     table; mm_call_burst_eval on 3 and on MM_ACTIVITY_MAX sightings.
 *   build/bench/bench_call_burst [indicators=1000000] [burst_numbers=1000]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/intel.h"
#include "mamoru/screen_message.h"

static const uint8_t KEY[32] = "bench-key-bench-key-bench-key-32";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const mm_error *e)
{
    fprintf(stderr, "%s: %s\n", what, e ? e->message : "failed");
    exit(1);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long nb = argc > 2 ? atol(argv[2]) : 1000;
    if (n < 1000 || nb < 1 || nb > n / 6) {
        fprintf(stderr,
                "usage: bench_call_burst [indicators>=1000] [burst_numbers<=indicators/6]\n");
        return 2;
    }
    char path[] = "/tmp/mamoru-bench-burst-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 1;
    close(fd);
    unlink(path);
    mm_store *st;
    mm_error e = {0};
    mm_store_config cfg = {.hmac_key = KEY, .hmac_key_len = sizeof KEY};
    if (mm_store_open(path, &cfg, &st, &e) != MM_OK)
        die("open", &e);
    mm_arena *a = mm_arena_new(0);
    mm_org orgs[8];
    for (int i = 0; i < 8; i++) {
        char name[32];
        snprintf(name, sizeof name, "carrier-%d", i);
        if (mm_org_add(st, name, MM_ROLE_CARRIER, a, &orgs[i], NULL, &e) != MM_OK)
            die("org", &e);
    }
    int64_t t = (int64_t)time(NULL);

    /* the list, imported by one organisation in batches: n indicators, a
     * third phones; the first half seen a month ago (no sightings logged:
     * the baseline), the second half seen now (every phone logged, none
     * hot: one organisation) */
    enum { BATCH = 10000 };
    mm_report *r = calloc(BATCH, sizeof *r);
    mm_status *codes = calloc(BATCH, sizeof *codes);
    char(*vals)[48] = calloc(BATCH, sizeof *vals);
    if (!r || !codes || !vals)
        return 1;
    double t_half[2];
    for (int half = 0; half < 2; half++) {
        long lo = half == 0 ? 0 : n / 2, hi = half == 0 ? n / 2 : n;
        double t0 = now_s();
        for (long i = lo; i < hi; i += BATCH) {
            size_t k = 0;
            for (long j = i; j < hi && k < BATCH; j++, k++) {
                mm_kind kind = j % 3 == 0   ? MM_KIND_PHONE
                               : j % 3 == 1 ? MM_KIND_DOMAIN
                                            : MM_KIND_URL;
                if (kind == MM_KIND_PHONE)
                    snprintf(vals[k], sizeof vals[k], "+8190%08ld", j);
                else if (kind == MM_KIND_DOMAIN)
                    snprintf(vals[k], sizeof vals[k], "fraud-%ld.example.jp", j);
                else
                    snprintf(vals[k], sizeof vals[k], "https://x%ld.example.com/login", j);
                r[k] = (mm_report){.kind = kind,
                                   .value = vals[k],
                                   .category = "refund",
                                   .confidence = -1,
                                   .org_id = orgs[0].id,
                                   .seen_at = half == 0 ? t - 30 * 86400 : 0};
            }
            mm_arena_reset(a);
            if (mm_store_report_batch(st, r, k, a, NULL, NULL, codes, NULL, &e) != MM_OK)
                die("import", &e);
        }
        t_half[half] = now_s() - t0;
    }

    /* the activity: nb phone numbers of the list, each reported by 1..8
     * carriers within the last hour */
    long sightings = 0;
    for (long b = 0; b < nb; b++) {
        long j = (b * 3) % n; /* a phone of the list */
        snprintf(vals[0], sizeof vals[0], "+8190%08ld", j);
        int k = 1 + (int)(b % 8);
        for (int o = 0; o < k; o++) {
            r[o] = (mm_report){.kind = MM_KIND_PHONE,
                               .value = vals[0],
                               .category = "refund",
                               .confidence = -1,
                               .org_id = orgs[o].id,
                               .seen_at = t - (b * 7 + o * 60) % 3000};
        }
        mm_arena_reset(a);
        if (mm_store_report_batch(st, r, (size_t)k, a, NULL, NULL, codes, NULL, &e) != MM_OK)
            die("sightings", &e);
        sightings += k;
    }
    printf("%-46s %12s\n", "list import, one organisation, batches of 10k", "rows/s");
    printf("%-46s %12.0f\n", "seen a month ago: no sightings logged (base)", (n / 2) / t_half[0]);
    printf("%-46s %12.0f\n", "seen now: a sighting logged per phone", (n - n / 2) / t_half[1]);
    printf("(then %ld recent sightings of %ld listed numbers, 1-8 carriers each)\n", sightings, nb);

    /* freshness: full rebuild vs activity only */
    double full[3], act_only[3];
    size_t act_bytes = 0;
    for (int i = 0; i < 3; i++) {
        mm_snapshot *snap = NULL;
        double s0 = now_s();
        if (mm_snapshot_build(st, &snap, &e) != MM_OK)
            die("snapshot", &e);
        full[i] = now_s() - s0;
        mm_snapshot_release(snap);
        mm_activity *act = NULL;
        s0 = now_s();
        if (mm_activity_load(st, (int64_t)time(NULL), &act, &e) != MM_OK)
            die("activity", &e);
        act_only[i] = now_s() - s0;
        act_bytes = mm_activity_bytes(act);
        mm_activity_free(act);
    }
    printf("\n%-46s %12s\n", "what reaches screening after a report", "median of 3");
    printf("%-46s %9.1f ms\n", "full snapshot rebuild (baseline)", 1e3 * median(full, 3));
    printf("%-46s %9.1f ms   (%zu bytes)\n", "activity table alone", 1e3 * median(act_only, 3),
           act_bytes);

    /* write cost: one committed report each */
    enum { W = 200 };
    double tw[2];
    for (int kind = 0; kind < 2; kind++) {
        double s0 = now_s();
        for (int i = 0; i < W; i++) {
            if (kind == 0)
                snprintf(vals[0], sizeof vals[0], "+8180%08d", i);
            else
                snprintf(vals[0], sizeof vals[0], "new-%d.example.jp", i);
            mm_report one = {.kind = kind == 0 ? MM_KIND_PHONE : MM_KIND_DOMAIN,
                             .value = vals[0],
                             .category = "refund",
                             .confidence = -1,
                             .org_id = orgs[i % 8].id};
            mm_arena_reset(a);
            if (mm_store_report(st, &one, a, NULL, NULL, &e) != MM_OK)
                die("report", &e);
        }
        tw[kind] = (now_s() - s0) / W;
    }
    printf("\n%-46s %12s\n", "one report, committed (fsync)", "per report");
    printf("%-46s %9.3f ms\n", "domain: no sighting logged (baseline)", 1e3 * tw[1]);
    printf("%-46s %9.3f ms\n", "phone: sighting logged", 1e3 * tw[0]);

    /* per-call cost */
    mm_snapshot *snap = NULL;
    if (mm_snapshot_build(st, &snap, &e) != MM_OK)
        die("snapshot", &e);
    mm_screen_ctx ctx = {.snap = snap, .thresholds = MM_THRESHOLDS_DEFAULT};
    snprintf(vals[0], sizeof vals[0], "+8190%08ld", (long)((7 * 3) % n)); /* 8 carriers */
    mm_call c = {.caller = vals[0], .now = (int64_t)time(NULL)};
    enum { C = 200000 };
    double tc[2];
    int bursts = 0;
    for (int with = 1; with >= 0; with--) {
        if (!with)
            mm_snapshot_set_activity(snap, NULL);
        double s0 = now_s();
        for (int i = 0; i < C; i++) {
            mm_verdict v;
            mm_arena_reset(a);
            if (mm_screen_call(&ctx, &c, a, &v, &e) != MM_OK)
                die("screen", &e);
            bursts += with && v.nreasons > 1;
        }
        tc[with] = (now_s() - s0) / C;
    }
    mm_sighting many[MM_ACTIVITY_MAX];
    for (int i = 0; i < MM_ACTIVITY_MAX; i++)
        many[i] = (mm_sighting){.at = c.now - i * 5, .org_id = i % 40};
    double te[2];
    volatile int sink = 0;
    for (int k = 0; k < 2; k++) {
        size_t m = k == 0 ? 3 : MM_ACTIVITY_MAX;
        double s0 = now_s();
        for (int i = 0; i < C; i++) {
            mm_call_burst b;
            mm_call_burst_eval(many, m, c.now + (i & 1), &b);
            sink += b.weight;
        }
        te[k] = (now_s() - s0) / C;
    }
    printf("\n%-46s %12s\n", "screening one call (one core)", "per call");
    printf("%-46s %9.0f ns\n", "mm_screen_call, activity table removed (base)", 1e9 * tc[0]);
    printf("%-46s %9.0f ns   (burst found %d/%d)\n", "mm_screen_call, burst number (8 carriers)",
           1e9 * tc[1], bursts, C);
    printf("%-46s %9.0f ns\n", "mm_call_burst_eval, 3 sightings", 1e9 * te[0]);
    printf("%-46s %9.0f ns\n", "mm_call_burst_eval, 512 sightings (the cap)", 1e9 * te[1]);
    (void)sink;
    mm_snapshot_release(snap);
    mm_arena_free(a);
    free(r);
    free(codes);
    free(vals);
    mm_store_close(st);
    unlink(path);
    char side[sizeof path + 8];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return 0;
}
