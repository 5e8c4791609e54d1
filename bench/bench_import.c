/*
 * bench_import.c — bulk import into the SQLite store (target ≥ 100k
 * indicators/s into a file database).
 *
 * Generates N synthetic phone / url / domain indicators (a third each,
 * written the way reports arrive: dashes, mixed case) and imports them
 * with mm_store_report_batch in batches of 5,000 into a fresh file in /tmp
 * (WAL, synchronous=FULL, one transaction per batch, audit entry per row).
 * Baselines in the same run: the normalisation alone (no database), and
 * plain sqlite3 INSERTs of the same raw rows into a bare two-column table
 * with the same pragmas and one transaction per batch — the lower bound
 * for any SQLite-backed import. Then a second pass re-reports 10% of the
 * rows (sightings).
 *   build/bench/bench_import [N]        (default 1000000)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mamoru/intel.h"

#define BATCH 5000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of this process: on a shared machine the
 * wall time varies with the neighbours, the CPU time much less. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

static long long db_size(const char *path)
{
    char p[256];
    long long n = file_size(path);
    snprintf(p, sizeof p, "%s-wal", path);
    return n + file_size(p);
}

static void remove_db(const char *path)
{
    char p[256];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* Row i: phone, url or domain, all distinct. */
static char *gen_value(size_t i, mm_kind *kind)
{
    char buf[128];
    size_t j = i / 3;
    switch (i % 3) {
    case 0:
        *kind = MM_KIND_PHONE;
        snprintf(buf, sizeof buf, "090-%04zu-%04zu", 1000 + j / 10000, j % 10000);
        break;
    case 1:
        *kind = MM_KIND_URL;
        snprintf(buf, sizeof buf, "HTTP://Shop%zu.Lure-Example.test/login/%zu?id=%zu", j % 9973, j,
                 j * 7);
        break;
    default:
        *kind = MM_KIND_DOMAIN;
        snprintf(buf, sizeof buf, "Redeliv-%zu.Parcel%zu.test", j, j % 97);
        break;
    }
    return strdup(buf);
}

static void row(const char *what, size_t rows, double secs, double cpus, long long bytes)
{
    char size[32] = "-";
    if (bytes > 0)
        snprintf(size, sizeof size, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
    printf("| %-40s | %9zu | %8.2f | %10.0f | %8.2f | %10s |\n", what, rows, secs,
           (double)rows / secs, cpus, size);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    if (n == 0)
        n = 1000000;
    char path[128], base[128];
    snprintf(path, sizeof path, "/tmp/mamoru-bench-import-%d.db", (int)getpid());
    snprintf(base, sizeof base, "/tmp/mamoru-bench-baseline-%d.db", (int)getpid());
    remove_db(path);
    remove_db(base);

    mm_report *r = calloc(n, sizeof *r);
    char **vals = calloc(n, sizeof *vals);
    mm_status *codes = calloc(BATCH, sizeof *codes);
    if (r == NULL || vals == NULL || codes == NULL) {
        fprintf(stderr, "bench_import: out of memory for %zu rows\n", n);
        return 1;
    }
    static const uint8_t key[32] = "bench-import-hmac-key-0123456789";
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_store *s = NULL;
    mm_error e;
    mm_arena *a = mm_arena_new(0);
    mm_org org;
    if (mm_store_open(path, &cfg, &s, &e) != MM_OK ||
        mm_org_add(s, "Bench Org", MM_ROLE_ANALYST, a, &org, NULL, &e) != MM_OK) {
        fprintf(stderr, "bench_import: %s: %s\n", e.field, e.message);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        vals[i] = gen_value(i, &r[i].kind);
        r[i].value = vals[i];
        r[i].category = i % 2 ? "phishing" : "delivery_lure";
        r[i].confidence = -1;
        r[i].org_id = org.id;
    }

    printf("bench_import: %zu indicators (phone/url/domain), batches of %d, file DB in /tmp, "
           "WAL + synchronous=FULL\n\n",
           n, BATCH);
    printf("| %-40s | %9s | %8s | %10s | %8s | %10s |\n", "path", "rows", "seconds", "rows/s",
           "CPU s", "DB + WAL");
    printf("|------------------------------------------|-----------|----------|------------|"
           "----------|------------|\n");

    /* 1. normalisation alone */
    double t0 = now(), c0 = cpu();
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        mm_norm_result res;
        if (mm_norm_value(r[i].kind, r[i].value, NULL, a, &res, NULL) != MM_OK)
            bad++;
        mm_arena_reset(a);
    }
    row("mm_norm_value only (no database)", n, now() - t0, cpu() - c0, 0);

    /* 2. baseline: bare sqlite3 INSERTs, one transaction per batch */
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    if (sqlite3_open(base, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE t (kind INTEGER NOT NULL, value TEXT NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO t (kind, value) VALUES (?1, ?2)", -1, &ins, NULL) !=
            SQLITE_OK) {
        fprintf(stderr, "bench_import: baseline: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    t0 = now();
    c0 = cpu();
    for (size_t i = 0; i < n; i += BATCH) {
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        for (size_t j = i; j < n && j < i + BATCH; j++) {
            sqlite3_bind_int(ins, 1, (int)r[j].kind);
            sqlite3_bind_text(ins, 2, r[j].value, -1, SQLITE_STATIC);
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    double tb = now() - t0;
    sqlite3_finalize(ins);
    sqlite3_close(db);
    row("sqlite3 bare INSERT (lower bound)", n, tb, cpu() - c0, db_size(base));

    /* 3. the store */
    t0 = now();
    c0 = cpu();
    for (size_t i = 0; i < n; i += BATCH) {
        size_t m = n - i < BATCH ? n - i : BATCH;
        if (mm_store_report_batch(s, r + i, m, NULL, NULL, NULL, codes, NULL, &e) != MM_OK) {
            fprintf(stderr, "bench_import: batch at %zu failed: %s\n", i, e.message);
            return 1;
        }
        for (size_t j = 0; j < m; j++)
            if (codes[j] != MM_OK)
                bad++;
    }
    double ts = now() - t0;
    row("mm_store_report_batch (new indicators)", n, ts, cpu() - c0, db_size(path));

    /* 4. sightings: every tenth row again, from the same org */
    size_t ns = 0;
    for (size_t i = 0; i < n; i += 10)
        r[ns++] = r[i];
    t0 = now();
    c0 = cpu();
    for (size_t i = 0; i < ns; i += BATCH) {
        size_t m = ns - i < BATCH ? ns - i : BATCH;
        if (mm_store_report_batch(s, r + i, m, NULL, NULL, NULL, codes, NULL, &e) != MM_OK) {
            fprintf(stderr, "bench_import: sighting batch failed: %s\n", e.message);
            return 1;
        }
    }
    row("mm_store_report_batch (sightings)", ns, now() - t0, cpu() - c0, db_size(path));

    /* 5. k-anonymity ranges: the first query indexes everything imported
     * (hash_index catch-up), later ones are plain index lookups */
    char **hashes;
    size_t nh = 0, total = 0;
    t0 = now();
    c0 = cpu();
    if (mm_store_hash_range(s, MM_KIND_PHONE, 0x1234, a, &hashes, &nh, &e) != MM_OK) {
        fprintf(stderr, "bench_import: hash range failed: %s\n", e.message);
        return 1;
    }
    row("first hash_range (index catch-up)", n, now() - t0, cpu() - c0, db_size(path));
    t0 = now();
    c0 = cpu();
    for (unsigned q = 0; q < 10000; q++) {
        mm_arena_reset(a);
        if (mm_store_hash_range(s, (mm_kind)(q % 3), (uint16_t)(q * 7919u), a, &hashes, &nh, &e) !=
            MM_OK) {
            fprintf(stderr, "bench_import: hash range failed: %s\n", e.message);
            return 1;
        }
        total += nh;
    }
    row("later hash_range queries", 10000, now() - t0, cpu() - c0, 0);

    int64_t count = 0;
    mm_store_count(s, &count, NULL, NULL);
    mm_store_close(s);
    printf("\nstore/baseline time: %.2fx; rows rejected: %zu; indicators stored: %lld; "
           "hashes per range query: %.1f; target 100000 rows/s: %s\n",
           ts / tb, bad, (long long)count, (double)total / 10000,
           (double)n / ts >= 100000 ? "met" : "NOT met");

    for (size_t i = 0; i < n; i++)
        free(vals[i]);
    free(vals);
    free(r);
    free(codes);
    mm_arena_free(a);
    remove_db(path);
    remove_db(base);
    return 0;
}
