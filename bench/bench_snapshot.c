/*
 * bench_snapshot.c — snapshot build time, memory per indicator and
 * single-thread exact-lookup throughput at ten million indicators.
 *
 * Baseline in the same run: the simplest thing that answers "is this value
 * listed?" — a sorted array of 64-bit XXH3 hashes searched with libc
 * bsearch — on the same pre-generated queries, so the table shows what the
 * open-addressing tables buy. Queries are generated before timing, in a
 * random order, and copied into one contiguous buffer so that reading them
 * costs no cache misses of its own; hits and misses are timed separately,
 * one key at a time and batched (mm_snapshot_lookup_many).
 *   build/bench/bench_snapshot [indicators=10000000] [lookups=10000000]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "mamoru/intel.h"

static const uint8_t KEY[32] = "bench-key-bench-key-bench-key-32";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The synthetic value number i: its kind and canonical text. The mix is
 * roughly what a national list holds: 40 % URLs, 25 % domains, 15 % phone
 * numbers, 10 % bank accounts, 5 % IPs, 5 % crypto addresses. Distinct i
 * give distinct values, so numbers ≥ n are guaranteed misses. */
static const mm_kind mix[20] = {
    MM_KIND_URL,          MM_KIND_URL,          MM_KIND_URL,    MM_KIND_URL,
    MM_KIND_URL,          MM_KIND_URL,          MM_KIND_URL,    MM_KIND_URL,
    MM_KIND_DOMAIN,       MM_KIND_DOMAIN,       MM_KIND_DOMAIN, MM_KIND_DOMAIN,
    MM_KIND_DOMAIN,       MM_KIND_PHONE,        MM_KIND_PHONE,  MM_KIND_PHONE,
    MM_KIND_BANK_ACCOUNT, MM_KIND_BANK_ACCOUNT, MM_KIND_IP,     MM_KIND_CRYPTO_ADDRESS,
};

static mm_kind value_of(uint64_t i, char *buf, size_t cap, int *len)
{
    unsigned long long v = i;
    uint32_t r = (uint32_t)(i * 2654435761u);
    mm_kind k = mix[i % 20];
    switch (k) {
    case MM_KIND_URL:
        *len = snprintf(buf, cap, "https://s%x.example-%u.com/login/%llu", r & 0xfff, r % 97, v);
        break;
    case MM_KIND_DOMAIN: *len = snprintf(buf, cap, "fraud-%llu.example.jp", v); break;
    case MM_KIND_PHONE: *len = snprintf(buf, cap, "+8190%09llu", v); break;
    case MM_KIND_BANK_ACCOUNT:
        *len = snprintf(buf, cap, "%04llu-%03llu-%08llu", v % 10000, v / 10000 % 1000, v);
        break;
    case MM_KIND_IP: /* distinct below 2^32, far more than the bench uses */
        *len = snprintf(buf, cap, "%llu.%llu.%llu.%llu", v >> 24 & 255, v >> 16 & 255, v >> 8 & 255,
                        v & 255);
        break;
    default:
        *len = snprintf(buf, cap, "bc1q%016llx%022llx", v, (unsigned long long)r * 0x9e3779b1ull);
        break;
    }
    return k;
}

static const char *const categories[] = {"phishing",   "delivery_lure",        "investment",
                                         "romance",    "police_impersonation", "refund",
                                         "recruitment"};

/* A batch of queries in one contiguous buffer. */
typedef struct queries {
    char *text;
    uint32_t *off, *len;
    mm_kind *kind;
    size_t n;
} queries;

static void queries_make(queries *q, size_t n, uint64_t lo, uint64_t hi)
{
    q->n = n;
    q->text = malloc(n * 64);
    q->off = malloc(n * sizeof *q->off);
    q->len = malloc(n * sizeof *q->len);
    q->kind = malloc(n * sizeof *q->kind);
    if (!q->text || !q->off || !q->len || !q->kind) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    size_t at = 0;
    for (size_t j = 0; j < n; j++) {
        int len;
        q->kind[j] = value_of(lo + rnd() % (hi - lo), q->text + at, 64, &len);
        q->off[j] = (uint32_t)at;
        q->len[j] = (uint32_t)len;
        at += (size_t)len;
        if (at > UINT32_MAX - 64) { /* offsets are 32-bit: wrap to reuse the buffer */
            fprintf(stderr, "too many queries\n");
            exit(1);
        }
    }
}

static void queries_free(queries *q)
{
    free(q->text);
    free(q->off);
    free(q->len);
    free(q->kind);
}

/* ---- baseline: sorted 64-bit hashes + bsearch ------------------------------ */

static uint64_t base_hash(mm_kind kind, const char *p, size_t n)
{
    return XXH3_64bits_withSeed(p, n, (uint64_t)kind);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* ---- timing ---------------------------------------------------------------- */

typedef struct row {
    const char *what;
    size_t ops;
    double secs;
    size_t found;
} row;

static row time_snapshot(const char *what, const mm_snapshot *s, const queries *q)
{
    double t = now();
    size_t found = 0;
    uint64_t sink = 0;
    for (size_t j = 0; j < q->n; j++) {
        mm_hit h;
        if (mm_snapshot_lookup(s, q->kind[j], q->text + q->off[j], q->len[j], &h)) {
            found++;
            sink += h.id;
        }
    }
    row r = {what, q->n, now() - t, found};
    if (sink == 42) /* keeps the loop honest */
        puts("");
    return r;
}

/* The same queries through mm_snapshot_lookup_many, 64 at a time: hashes
 * and prefetches first, compares after, so the misses overlap. */
static row time_many(const char *what, const mm_snapshot *s, const queries *q)
{
    enum { G = 64 };
    mm_snapshot_query g[G];
    mm_hit out[G];
    memset(out, 0, sizeof out);
    double t = now();
    size_t found = 0;
    uint64_t sink = 0;
    for (size_t j = 0; j < q->n; j += G) {
        size_t m = q->n - j < G ? q->n - j : G;
        for (size_t k = 0; k < m; k++)
            g[k] = (mm_snapshot_query){q->kind[j + k], q->text + q->off[j + k], q->len[j + k]};
        found += mm_snapshot_lookup_many(s, g, m, out, NULL);
        sink += out[0].id;
    }
    row r = {what, q->n, now() - t, found};
    if (sink == 42)
        puts("");
    return r;
}

static row time_baseline(const char *what, const uint64_t *a, size_t n, const queries *q)
{
    double t = now();
    size_t found = 0;
    for (size_t j = 0; j < q->n; j++) {
        uint64_t h = base_hash(q->kind[j], q->text + q->off[j], q->len[j]);
        if (bsearch(&h, a, n, sizeof *a, cmp_u64) != NULL)
            found++;
    }
    return (row){what, q->n, now() - t, found};
}

static row time_prefix(const mm_snapshot *s, size_t ops)
{
    uint32_t *p = malloc(ops * sizeof *p);
    for (size_t j = 0; j < ops; j++)
        p[j] = (uint32_t)rnd();
    double t = now();
    size_t found = 0;
    for (size_t j = 0; j < ops; j++)
        found += mm_snapshot_has_prefix(s, p[j]);
    row r = {"snapshot has_prefix (random prefixes)", ops, now() - t, found};
    free(p);
    return r;
}

static void print_row(const row *r)
{
    printf("| %-44s | %10zu | %7.3f | %12.0f | %7.1f | %10zu |\n", r->what, r->ops, r->secs,
           (double)r->ops / r->secs, r->secs * 1e9 / (double)r->ops, r->found);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
    size_t nq = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000;
    if (n < 100 || nq < 1) {
        fprintf(stderr, "usage: bench_snapshot [indicators ≥ 100] [lookups ≥ 1]\n");
        return 2;
    }
    size_t ncard = n / 100; /* plus 1 % payment cards (personal: stored as keyed hash) */
    size_t total = n + ncard;

    /* -- indicators ------------------------------------------------------- */
    double t0 = now();
    char *text = malloc(n * 64 + ncard * 65);
    mm_snapshot_entry *e = malloc(total * sizeof *e);
    if (!text || !e) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        int len;
        mm_kind k = value_of(i, text + at, 64, &len);
        e[i] = (mm_snapshot_entry){.kind = k,
                                   .canonical = text + at,
                                   .len = (size_t)len,
                                   .hit = {.id = (uint32_t)i + 1,
                                           .status = (mm_ind_status)(i % 3),
                                           .distribution = (mm_distribution)(i % 4),
                                           .confidence = (uint8_t)(i % 101)},
                                   .category = categories[i % 7]};
        at += (size_t)len;
    }
    for (size_t i = 0; i < ncard; i++) {
        char card[20];
        int len = snprintf(card, sizeof card, "4%015zu", i * 7);
        mm_hmac_hex(KEY, sizeof KEY, card, (size_t)len, text + at);
        e[n + i] = (mm_snapshot_entry){.kind = MM_KIND_CARD,
                                       .canonical = text + at,
                                       .len = 64,
                                       .hit = {.id = (uint32_t)(n + i + 1), .confidence = 90},
                                       .category = "refund"};
        at += 65;
    }
    double t_gen = now() - t0;

    /* -- build -------------------------------------------------------------- */
    mm_snapshot *s;
    mm_error err;
    t0 = now();
    if (mm_snapshot_build_from(e, total, KEY, sizeof KEY, &s, &err) != MM_OK) {
        fprintf(stderr, "build failed: %s: %s\n", err.field, err.message);
        return 1;
    }
    double t_build = now() - t0;

    t0 = now();
    uint64_t *base = malloc(n * sizeof *base);
    for (size_t i = 0; i < n; i++)
        base[i] = base_hash(e[i].kind, e[i].canonical, e[i].len);
    qsort(base, n, sizeof *base, cmp_u64);
    double t_base = now() - t0;

    printf("snapshot: %zu indicators (%zu + %zu personal), %zu distinct stored\n", total, n, ncard,
           mm_snapshot_count(s));
    printf("generate inputs  %7.2f s\n", t_gen);
    printf("build            %7.2f s   (%.0f indicators/s, incl. SHA-256 / HMAC of each)\n",
           t_build, (double)total / t_build);
    printf("memory           %7.1f MB  = %.1f bytes per indicator (target <= 32)\n",
           (double)mm_snapshot_bytes(s) / 1e6,
           (double)mm_snapshot_bytes(s) / (double)mm_snapshot_count(s));
    printf("baseline build   %7.2f s   (hash + qsort; %.1f bytes per indicator, no records)\n\n",
           t_base, (double)sizeof *base);

    /* -- queries ------------------------------------------------------------ */
    queries hits, misses, cards;
    queries_make(&hits, nq, 0, n);
    queries_make(&misses, nq, n, 2 * n);
    size_t ncq = nq / 20 < 200000 ? nq / 20 : 200000;
    cards.n = ncq > 0 ? ncq : 1;
    cards.text = malloc(cards.n * 20);
    cards.off = malloc(cards.n * sizeof *cards.off);
    cards.len = malloc(cards.n * sizeof *cards.len);
    cards.kind = malloc(cards.n * sizeof *cards.kind);
    for (size_t j = 0; j < cards.n; j++) {
        cards.off[j] = (uint32_t)(j * 20);
        cards.len[j] =
            (uint32_t)snprintf(cards.text + j * 20, 20, "4%015zu", (size_t)(rnd() % ncard) * 7);
        cards.kind[j] = MM_KIND_CARD;
    }

    row rows[10];
    int nr = 0;
    rows[nr++] = time_snapshot("snapshot lookup, hits", s, &hits);
    rows[nr++] = time_snapshot("snapshot lookup, misses", s, &misses);
    rows[nr++] = time_many("snapshot lookup_many (batched), hits", s, &hits);
    rows[nr++] = time_many("snapshot lookup_many (batched), misses", s, &misses);
    rows[nr++] = time_baseline("baseline sorted u64 + bsearch, hits", base, n, &hits);
    rows[nr++] = time_baseline("baseline sorted u64 + bsearch, misses", base, n, &misses);
    rows[nr++] = time_snapshot("snapshot lookup, card (HMAC first), hits", s, &cards);
    rows[nr++] = time_prefix(s, nq);

    printf("| %-44s | %10s | %7s | %12s | %7s | %10s |\n", "operation (one core)", "ops", "s",
           "ops/s", "ns/op", "found");
    printf("|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------",
           "------------", "---------", "--------------", "---------", "------------");
    for (int i = 0; i < nr; i++)
        print_row(&rows[i]);
    printf("\nspeed-up of the hash table over the baseline: hits %.1fx, misses %.1fx\n",
           rows[4].secs / rows[0].secs * (double)rows[0].ops / (double)rows[4].ops,
           rows[5].secs / rows[1].secs * (double)rows[1].ops / (double)rows[5].ops);
    printf("batched over one key at a time: hits %.1fx, misses %.1fx\n",
           rows[0].secs / rows[2].secs, rows[1].secs / rows[3].secs);

    queries_free(&hits);
    queries_free(&misses);
    queries_free(&cards);
    free(base);
    mm_snapshot_release(s);
    free(e);
    free(text);
    return 0;
}
