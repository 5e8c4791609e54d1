/*
 * bench_payment.c — payment screening throughput on one core, in process,
 * and a 1M-record Zengin 総合振込 file parsed and screened.
 *
 * Part 1 screens the synthetic stream of payments_sim.h (time-ordered,
 * pre-parsed events) against a snapshot of 1M listed accounts, repeated to
 * at least 2M screenings, in four columns: the baseline (only the payee
 * and payer snapshot lookups every screening needs), the stateless rules,
 * the full screen (rules + per-account state + snapshot) and the full
 * screen including parsing each event's JSON. Target: ≥ 500,000
 * screenings/s for the full screen.
 *
 * Part 2 builds a Zengin file of 1M data records in memory (ten batches,
 * as 合計件数 is 6 digits; Shift_JIS half-width kana names, CRLF), then
 * times parse + per-record transfer event + full screening. Target: ≤ 5 s.
 *
 *   build/bench/bench_payment [--customers 20000] [--zengin 1000000]
 * Never pass/fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"
#include "payments_sim.h"

static const uint8_t KEY[32] = "bench-key-bench-key-bench-key-32";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct ids {
    char id[24], sess[24], cust[24];
} ids;

/* 1M listed accounts: the sim's mule accounts plus synthetic ones. */
static mm_snapshot *build_snapshot(const sim *s, size_t n)
{
    mm_snapshot_entry *en = calloc(n, sizeof *en);
    char(*vals)[100] = calloc(n, sizeof *vals);
    size_t k = 0;
    for (int i = 0; i < s->nacct && k < n; i++)
        if (s->acct[i].kind == SK_MULE && i % 3 == 0)
            snprintf(vals[k++], 100, "%s", s->acct[i].id);
    size_t listed_mules = k;
    for (; k < n; k++)
        snprintf(vals[k], 100, "0005-%03zu-1-%07zu", k % 900 + 100, 2000000 + k);
    for (size_t i = 0; i < n; i++)
        en[i] = (mm_snapshot_entry){.kind = MM_KIND_BANK_ACCOUNT,
                                    .canonical = vals[i],
                                    .len = strlen(vals[i]),
                                    .hit = {.id = (uint32_t)(i + 1),
                                            .kind = MM_KIND_BANK_ACCOUNT,
                                            .status = MM_IND_CONFIRMED,
                                            .confidence = 80},
                                    .category = "mule"};
    mm_snapshot *snap = NULL;
    mm_error e;
    if (mm_snapshot_build_from(en, n, KEY, sizeof KEY, &snap, &e) != MM_OK)
        fprintf(stderr, "snapshot: %s\n", e.message);
    printf("snapshot: %zu listed accounts (%zu of them the stream's mules)\n", n, listed_mules);
    free(en);
    free(vals);
    return snap;
}

static size_t baseline(const mm_screen_ctx *ctx, const mm_payment *p, size_t n)
{
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        mm_hit h;
        if (p[i].to.account && mm_snapshot_lookup(ctx->snap, MM_KIND_BANK_ACCOUNT, p[i].to.account,
                                                  strlen(p[i].to.account), &h))
            hits++;
        if (p[i].from.account &&
            mm_snapshot_lookup(ctx->snap, MM_KIND_BANK_ACCOUNT, p[i].from.account,
                               strlen(p[i].from.account), &h))
            hits++;
    }
    return hits;
}

static size_t screen_all(const mm_screen_ctx *ctx, mm_pay_state *st, const mm_payment *p, size_t n,
                         mm_arena *a)
{
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
        mm_verdict v;
        mm_screen_payment(ctx, st, &p[i], a, &v, NULL);
        flagged += v.action != MM_VERDICT_ALLOW;
        mm_arena_reset(a);
    }
    return flagged;
}

/* ---- part 2: a Zengin file ------------------------------------------------------- */

static void put(char *r, int pos, const char *s, size_t n)
{
    memcpy(r + pos - 1, s, n);
}

/* 合計件数 is N6, so a million records need several batches (header …
 * trailer repeated), as bulk uploads split them. */
#define ZBATCH 100000

static char *zrec_header(char *r)
{
    memset(r, ' ', 120);
    put(r, 1, "12100000012345", 14);
    put(r, 15, "\xB6)\xCD\xDE\xDD\xC1\xCF\xB0\xB8", 9); /* ｶ)ﾍﾞﾝﾁﾏｰｸ */
    put(r, 55, "0601000100", 10);
    put(r, 78, "001", 3);
    put(r, 96, "11234567", 8);
    memcpy(r + 120, "\r\n", 2);
    return r + 122;
}

static char *zrec_trailer(char *r, long count, long long total)
{
    char num[64];
    memset(r, ' ', 120);
    snprintf(num, sizeof num, "8%06ld%012lld", count, total);
    put(r, 1, num, 19);
    memcpy(r + 120, "\r\n", 2);
    return r + 122;
}

static char *make_zengin(size_t records, size_t *len)
{
    static const char *const kana[] = {
        "\xB1", "\xB2", "\xB3", "\xB4", "\xB5", "\xB6", "\xB7", "\xB8", "\xB9", "\xBA", "\xBB",
        "\xBC", "\xBD", "\xBE", "\xC0", "\xC1", "\xC2", "\xC3", "\xC4", "\xC5", "\xC6", "\xCA",
        "\xCB", "\xCC", "\xCF", "\xD0", "\xD4", "\xD5", "\xD7", "\xD8", "\xDC", "\xDD"};
    size_t cap = (records + 3 + 2 * (records / ZBATCH + 1)) * 122;
    char *b = malloc(cap), *r = b;
    char num[32];
    uint64_t x = 88172645463325252ull;
    long long total = 0;
    long count = 0;
    for (size_t i = 0; i < records; i++) {
        if (i % ZBATCH == 0) {
            if (i)
                r = zrec_trailer(r, count, total);
            r = zrec_header(r);
            count = 0;
            total = 0;
        }
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        memset(r, ' ', 120);
        static const char *const banks[] = {"0001", "0005", "0009", "0036", "0038"};
        put(r, 1, "2", 1);
        put(r, 2, banks[x % 5], 4);
        snprintf(num, sizeof num, "%03u", (unsigned)(x >> 8) % 300 + 1);
        put(r, 21, num, 3);
        put(r, 39, "00001", 5);
        snprintf(num, sizeof num, "%07u", (unsigned)(x >> 20) % 50000 + 1000000);
        put(r, 44, num, 7);
        int pos = 51;
        for (int k = 0; k < 8; k++, pos++)
            put(r, pos, kana[(x >> (k * 5)) % 32], 1);
        long long amt = (long long)((x >> 33) % 2000 + 1) * 1000;
        total += amt;
        count++;
        snprintf(num, sizeof num, "%010lld", amt);
        put(r, 81, num, 10);
        put(r, 91, "0", 1);
        memcpy(r + 120, "\r\n", 2);
        r += 122;
    }
    r = zrec_trailer(r, count, total);
    memset(r, ' ', 120);
    put(r, 1, "9", 1);
    memcpy(r + 120, "\r\n", 2);
    r += 122;
    *len = (size_t)(r - b);
    return b;
}

int main(int argc, char **argv)
{
    sim_config cfg = {.customers = 20000, .days = 60, .victims = 300, .seed = 7};
    size_t zrec = 1000000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--customers") == 0)
            cfg.customers = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--zengin") == 0)
            zrec = strtoull(argv[i + 1], NULL, 10);
    }
    mm_payment_rules *rules = NULL;
    mm_error e;
    if (mm_payment_rules_load("data", &rules, &e) != MM_OK || rules == NULL) {
        fprintf(stderr, "run from the repository root (data/payment_rules.tsv)\n");
        return 1;
    }
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT, .payment = rules};
    sim s;
    double t0 = now();
    sim_generate(&s, &cfg);
    ids *b = calloc(s.nev, sizeof *b);
    mm_payment *p = calloc(s.nev, sizeof *p);
    for (size_t i = 0; i < s.nev; i++)
        sim_payment(&s, &s.ev[i], i, b[i].id, sizeof b[i].id, b[i].sess, b[i].cust, &p[i]);
    printf("stream: %zu events generated in %.2f s\n", s.nev, now() - t0);
    ctx.snap = build_snapshot(&s, 1000000);
    /* JSON text of every event, for the parse-included column */
    char **json = calloc(s.nev, sizeof *json);
    size_t *jlen = calloc(s.nev, sizeof *jlen);
    for (size_t i = 0; i < s.nev; i++) {
        json_t *j = mm_payment_to_json(&p[i]);
        json[i] = json_dumps(j, JSON_COMPACT);
        jlen[i] = strlen(json[i]);
        json_decref(j);
    }
    mm_arena *a = mm_arena_new(0);
    int reps = (int)(2000000 / s.nev) + 1;
    size_t total = (size_t)reps * s.nev;
    printf("\n%-44s %12s %14s\n", "payment screening, one core", "screenings", "per second");

    double t = now();
    size_t hits = 0;
    for (int r = 0; r < reps; r++)
        hits += baseline(&ctx, p, s.nev);
    double dt = now() - t;
    printf("%-44s %12zu %14.0f   (%zu hits)\n", "baseline: payee+payer snapshot lookups", total,
           total / dt, hits);

    t = now();
    size_t flagged = 0;
    for (int r = 0; r < reps; r++)
        flagged += screen_all(&ctx, NULL, p, s.nev, a);
    dt = now() - t;
    printf("%-44s %12zu %14.0f   (%.1f%% not allowed)\n", "rules without state", total, total / dt,
           100.0 * flagged / total);

    mm_pay_state *st = mm_pay_state_new(1 << 17);
    t = now();
    flagged = 0;
    for (int r = 0; r < reps; r++) {
        /* each repetition replays the stream a little later in time */
        if (r)
            for (size_t i = 0; i < s.nev; i++)
                p[i].time += 90 * 86400;
        flagged += screen_all(&ctx, st, p, s.nev, a);
    }
    dt = now() - t;
    printf("%-44s %12zu %14.0f   (%.1f%% not allowed)\n", "full: rules + state + snapshot", total,
           total / dt, 100.0 * flagged / total);
    double full_rate = total / dt;

    mm_pay_state *st2 = mm_pay_state_new(1 << 17);
    mm_arena *pa = mm_arena_new(0);
    t = now();
    size_t parsed = 0;
    for (size_t i = 0; i < s.nev; i++) {
        mm_payment q;
        if (mm_payment_parse(json[i], jlen[i], NULL, pa, &q, &e) == MM_OK) {
            mm_verdict v;
            mm_screen_payment(&ctx, st2, &q, pa, &v, NULL);
            parsed++;
        }
        mm_arena_reset(pa);
    }
    dt = now() - t;
    printf("%-44s %12zu %14.0f\n", "full, JSON parse included", parsed, parsed / dt);
    printf("state: %zu accounts in %zu bytes (%llu evicted)\n", mm_pay_state_used(st),
           mm_pay_state_bytes(st), (unsigned long long)mm_pay_state_evictions(st));
    printf("target >= 500,000 screenings/s (full): %s\n", full_rate >= 500000 ? "met" : "NOT met");

    /* part 2 */
    size_t zlen;
    t = now();
    char *z = make_zengin(zrec, &zlen);
    printf("\nZengin file: %zu data records in batches of %d, %.1f MB, built in %.2f s\n", zrec,
           ZBATCH, zlen / 1e6, now() - t);
    mm_arena *za = mm_arena_new(1 << 24);
    mm_pay_state *zs = mm_pay_state_new(1 << 17);
    double t1 = now();
    mm_zengin_file zf;
    if (mm_zengin_file_parse(z, zlen, NULL, za, &zf, &e) != MM_OK) {
        fprintf(stderr, "zengin: %s\n", e.message);
        return 1;
    }
    double t2 = now();
    for (size_t i = 0; i < zf.nissues && i < 3; i++)
        printf("  issue: record %ld %s: %s\n", zf.issues[i].recno, zf.issues[i].field,
               zf.issues[i].message);
    size_t zflag = 0;
    mm_arena *ra = mm_arena_new(0);
    for (size_t i = 0; i < zf.nrecords; i++) {
        mm_payment q;
        mm_verdict v;
        mm_zengin_record_payment(&zf, &zf.records[i], "bench", SIM_T0, ra, &q, NULL);
        mm_screen_payment(&ctx, zs, &q, ra, &v, NULL);
        zflag += v.action != MM_VERDICT_ALLOW;
        mm_arena_reset(ra);
    }
    double t3 = now();
    printf("%-44s %10.2f s\n", "parse (CP932 decode, checks, trailer)", t2 - t1);
    printf("%-44s %10.2f s   (%zu kept, %zu issues, %zu not allowed)\n",
           "to transfer events + full screening", t3 - t2, zf.nrecords, zf.nissues, zflag);
    printf("%-44s %10.2f s   target <= 5 s: %s\n", "total", t3 - t1,
           t3 - t1 <= 5 ? "met" : "NOT met");

    for (size_t i = 0; i < s.nev; i++)
        free(json[i]);
    free(json);
    free(jlen);
    free(z);
    mm_arena_free(za);
    mm_arena_free(ra);
    mm_arena_free(a);
    mm_arena_free(pa);
    mm_pay_state_free(st);
    mm_pay_state_free(st2);
    mm_pay_state_free(zs);
    mm_snapshot_release((mm_snapshot *)ctx.snap);
    mm_payment_rules_free(rules);
    free(p);
    free(b);
    sim_free(&s);
    return 0;
}
