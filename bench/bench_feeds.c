/*
 * bench_feeds.c — how fast the vendor/resolver feeds come out of a large
 * store (issue 3 §4): rpz, hosts, csv, stix and hashprefix, each read page
 * by page with mm_store_feed_list and formatted into memory, as
 * `mamoru export FORMAT` does.
 *
 * Generates N public, confirmed indicators (40% whole-site URLs, 40% URLs
 * with a path, 15% domains, 5% IPs) in a fresh file store under /tmp, then
 * times, in the same run: the baseline — reading every page and doing
 * nothing with it (the floor for any export) — and each format on top of
 * it, plus a delta (csv since the cursor of the full export, which re-sends
 * the rows of the newest second). Prints rows/s and output bytes.
 *   build/bench/bench_feeds [N]        (default 1000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/feeds.h"
#include "mamoru/intel_phish.h"

#define BATCH 5000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process: on a shared machine the wall time varies
 * with the neighbours, the CPU time much less. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void die(const char *what, const mm_error *e)
{
    fprintf(stderr, "bench_feeds: %s: %s\n", what, e->message);
    exit(1);
}

/* One export into memory; returns output bytes, *rows read. */
static size_t run(mm_store *s, int fmt, bool delta, const mm_feed_cursor *since, size_t *rows)
{
    mm_error e = {0};
    int64_t t = (int64_t)time(NULL);
    mm_feed_cursor cur;
    if (mm_store_feed_cursor(s, MM_FEED_KINDS_ALL, t, &cur, &e) != MM_OK)
        die("cursor", &e);
    mm_feed_opts o = {.now = t, .cursor = cur, .delta = delta};
    if (since)
        o.since = *since;
    mm_feed_query q = {.kinds = MM_FEED_KINDS_ALL, .delta = delta, .now = t, .limit = 5000};
    if (since)
        q.since = *since;
    mm_feed_set *set = mm_feed_set_new();
    mm_arena *a = mm_arena_new(1 << 20);
    mm_buf b = {0};
    size_t bytes = 0;
    *rows = 0;
    if (fmt == MM_FEED_CSV)
        mm_feed_csv_header(&b);
    else if (fmt == MM_FEED_STIX)
        mm_feed_stix_begin(&o, &b);
    for (;;) {
        mm_indicator *v;
        size_t n;
        int64_t next;
        if (mm_store_feed_list(s, &q, a, &v, &n, &next, &e) != MM_OK)
            die("list", &e);
        *rows += n;
        if (fmt == MM_FEED_CSV)
            mm_feed_csv_rows(v, n, &o, &b);
        else if (fmt == MM_FEED_STIX)
            mm_feed_stix_objects(v, n, &o, &b);
        else if (fmt >= 0)
            mm_feed_set_add(set, v, n, t);
        bytes += b.len; /* a file would be written here */
        mm_buf_reset(&b);
        mm_arena_reset(a);
        if (next == 0)
            break;
        q.after_id = next;
    }
    if (fmt == MM_FEED_STIX)
        mm_feed_stix_end(&b);
    else if (fmt == MM_FEED_RPZ)
        mm_feed_rpz(set, &o, &b);
    else if (fmt == MM_FEED_HOSTS)
        mm_feed_hosts(set, &o, &b);
    else if (fmt == MM_FEED_HASHPREFIX)
        mm_feed_hashprefix(set, false, &b);
    bytes += b.len;
    mm_buf_free(&b);
    mm_arena_free(a);
    mm_feed_set_free(set);
    return bytes;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    if (n < BATCH)
        n = BATCH;
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench-feeds-%ld.db", (long)getpid());
    static const uint8_t key[32] = "bench-feeds-key-0123456789abcdef";
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_store *s;
    mm_error e = {0};
    if (mm_store_open(path, &cfg, &s, &e) != MM_OK)
        die("open", &e);
    mm_arena *a = mm_arena_new(1 << 20);
    mm_org org;
    char *apikey;
    if (mm_org_add(s, "bench", MM_ROLE_ANALYST, a, &org, &apikey, &e) != MM_OK)
        die("org", &e);
    mm_report *r = calloc(BATCH, sizeof *r);
    mm_status *codes = calloc(BATCH, sizeof *codes);
    double t0 = now();
    for (size_t i = 0; i < n; i += BATCH) {
        for (size_t k = 0; k < BATCH; k++) {
            size_t x = i + k;
            unsigned h = (unsigned)(x * 2654435761u);
            mm_report *p = &r[k];
            memset(p, 0, sizeof *p);
            p->category = "phishing";
            p->status = "confirmed";
            p->distribution = "public";
            p->confidence = -1;
            p->org_id = org.id;
            int m = (int)(x % 20);
            if (m < 8) {
                p->kind = MM_KIND_URL;
                p->value = mm_arena_printf(a, "https://p%zx-%x.example/", x, h);
            } else if (m < 16) {
                p->kind = MM_KIND_URL;
                p->value = mm_arena_printf(a, "http://h%x.example/login/%zu?id=%x", h % 50000, x, h);
            } else if (m < 19) {
                p->kind = MM_KIND_DOMAIN;
                p->value = mm_arena_printf(a, "d%zx-%x.example", x, h);
            } else {
                p->kind = MM_KIND_IP;
                p->value = mm_arena_printf(a, "10.%u.%u.%u", (unsigned)(x >> 16) & 255,
                                           (unsigned)(x >> 8) & 255, (unsigned)x & 255);
            }
        }
        if (mm_store_report_batch(s, r, BATCH, NULL, NULL, NULL, codes, NULL, &e) != MM_OK)
            die("import", &e);
        mm_arena_reset(a);
    }
    double tload = now() - t0;
    printf("store: %zu public confirmed indicators loaded in %.1f s (%s)\n\n", n, tload, path);
    printf("%-22s %10s %9s %9s %14s %10s\n", "export", "rows", "wall s", "cpu s", "rows/cpu-s",
           "MB out");
    static const struct {
        const char *name;
        int fmt;
        bool delta;
    } cases[] = {
        {"read pages (baseline)", -1, false}, {"rpz", MM_FEED_RPZ, false},
        {"hosts", MM_FEED_HOSTS, false},      {"csv", MM_FEED_CSV, false},
        {"stix", MM_FEED_STIX, false},        {"hashprefix (binary)", MM_FEED_HASHPREFIX, false},
        {"csv delta at cursor", MM_FEED_CSV, true},
    };
    mm_feed_cursor cur;
    if (mm_store_feed_cursor(s, MM_FEED_KINDS_ALL, (int64_t)time(NULL), &cur, &e) != MM_OK)
        die("cursor", &e);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t rows = 0;
        double t = now(), c0 = cpu();
        size_t bytes = run(s, cases[c].fmt, cases[c].delta, cases[c].delta ? &cur : NULL, &rows);
        t = now() - t;
        double ct = cpu() - c0;
        printf("%-22s %10zu %9.2f %9.2f %14.0f %10.1f\n", cases[c].name, rows, t, ct,
               rows / (ct > 0 ? ct : 1e-9), bytes / 1e6);
    }
    free(r);
    free(codes);
    mm_arena_free(a);
    mm_store_close(s);
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}
