/*
 * bench_url.c — in-process URL checks per second on one core against a
 * snapshot of N listed URLs and domains (default 10M: half URLs, half
 * domains), and the snapshot's bytes per listed entry (issue 3 targets:
 * >= 2,000,000 checks/s, <= 32 B/entry).
 *
 *   build/bench/bench_url [--entries N] [--checks N] [--data DIR] [--rows LIST] [--repeat R]
 * LIST picks rows by name (parse,one,batch,naive,probe,full,many; default all),
 * e.g. to profile one row under perf; --repeat R runs the parse and lookup
 * rows R times over the same URLs (so a profile is not all set-up).
 *
 * Rows, all on one thread, same URLs (synthetic: random hosts under common
 * TLDs, paths of depth 0-3, some queries; 10% are listed):
 *   parse          mm_norm_url only (the canonicaliser every row pays)
 *   lookup 1-by-1  mm_norm_url + mm_url_lookup per URL: the host and its
 *                  parents as kind domain, then every Safe-Browsing expression
 *                  (one key for both schemes) of the host suffixes that the
 *                  snapshot's URL-host filter allows, XXH3 table probes; one
 *                  URL's keys overlapped
 *   lookup batch   the same for 16 URLs at a time (mm_url_lookup_batch): the
 *                  keys of 16 URLs are hashed and prefetched, then compared —
 *                  the target row; its hits and reason digest must equal the
 *                  1-by-1 row's (and the hit count the old code's: 148900 at
 *                  the default sizes)
 *   naive SHA-256  the baseline: mm_norm_url + mm_url_expressions + SHA-256 of
 *                  every expression + a 4-byte prefix probe, as a naive
 *                  Safe-Browsing client does
 *   full verdict   mm_screen_url with the look-alike dictionaries and the risk
 *                  model from --data (blocklist included)
 *   full, batch    the same through mm_screen_url_batch, 64 URLs at a time (what
 *                  `screen url --jsonl` and /v1/screen/url/batch call); its
 *                  ">= warn" count must equal the full-verdict row's
 * One arena, reset per check (per 16 in the batch row): no malloc per
 * check. Rows are timed in thread CPU time (see now()). Prints a table;
 * never pass/fail.
 */
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Rows are timed in CPU time of this thread, not wall time: on a shared
 * machine wall time also counts the time other processes held the core,
 * which says nothing about the code. (On an idle machine the two agree.) */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const tlds[] = {"com", "cn",    "top",  "xyz", "net",
                                   "jp",  "co.jp", "shop", "icu", "org"};

/* A random host "www.label.tld" / "label.tld" / "sub.label.tld". */
static void rand_host(char *out, size_t cap, uint64_t seed)
{
    char label[16];
    int n = 5 + (int)(seed % 8);
    for (int i = 0; i < n; i++)
        label[i] = (char)('a' + (seed >> (5 + 3 * i)) % 26);
    label[n] = '\0';
    const char *tld = tlds[(seed >> 50) % 10];
    switch ((seed >> 60) % 3) {
    case 0: snprintf(out, cap, "www.%s.%s", label, tld); break;
    case 1: snprintf(out, cap, "%s.%s", label, tld); break;
    default: snprintf(out, cap, "m%u.%s.%s", (unsigned)(seed % 90), label, tld);
    }
}

static void rand_path(char *out, size_t cap, uint64_t seed)
{
    static const char *const seg[] = {"login",   "index.html", "a",   "mypage",     "jp",
                                      "account", "x7k2",       "top", "verify.php", "s"};
    int depth = (int)(seed % 4);
    size_t o = 0;
    out[o++] = '/';
    for (int d = 0; d < depth && o + 16 < cap; d++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", seg[(seed >> (8 + 4 * d)) % 10],
                              d + 1 < depth ? "/" : "");
    if ((seed >> 40) % 4 == 0 && o + 16 < cap)
        o += (size_t)snprintf(out + o, cap - o, "?id=%u", (unsigned)(seed % 100000));
    out[o] = '\0';
}

/* Fold a verdict's reasons (code, indicator, detail) into a digest, so two
 * rows can be shown to give the same reasons, not just the same counts. */
static uint64_t digest(uint64_t d, size_t i, const mm_verdict *v)
{
    for (size_t k = 0; k < v->nreasons; k++) {
        const mm_reason *r = &v->reasons[k];
        uint64_t h = XXH3_64bits_withSeed(r->detail, strlen(r->detail), r->indicator_id);
        h ^= XXH3_64bits(r->code, strlen(r->code)) + i * 0x9e3779b97f4a7c15ull + k;
        d = (d ^ h) * 0x100000001b3ull;
    }
    return d;
}

static const char *opt(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return def;
}

int main(int argc, char **argv)
{
    size_t nent = (size_t)atol(opt(argc, argv, "--entries", "10000000"));
    size_t nchk = (size_t)atol(opt(argc, argv, "--checks", "1000000"));
    const char *data = opt(argc, argv, "--data", "data");
    const char *rows = opt(argc, argv, "--rows", "parse,one,batch,naive,probe,full,many");
    size_t ntot = nchk * (size_t)atol(opt(argc, argv, "--repeat", "1")); /* parse/one/batch */
#define ROW(name) (strstr(rows, name) != NULL)
    mm_error err = {0};

    /* listed entries: half URLs, half domains */
    printf("# bench_url — %zu listed entries (URLs + domains), %zu checks, one core\n\n", nent,
           nchk);
    double t0 = now();
    mm_snapshot_entry *e = calloc(nent, sizeof *e);
    char *pool = malloc(nent * 64);
    if (e == NULL || pool == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    size_t off = 0;
    for (size_t i = 0; i < nent; i++) {
        uint64_t s = next();
        char host[64], path[96];
        rand_host(host, sizeof host, s);
        char *v = pool + off;
        int n;
        if (i % 2 == 0) {
            rand_path(path, sizeof path, next());
            n = snprintf(v, 64, "https://%s%s", host, path);
            e[i].kind = MM_KIND_URL;
        } else {
            const char *reg = strncmp(host, "www.", 4) == 0 ? host + 4 : host;
            n = snprintf(v, 64, "%s", reg);
            e[i].kind = MM_KIND_DOMAIN;
        }
        if (n >= 64)
            n = 63;
        e[i].canonical = v;
        e[i].len = (size_t)n;
        e[i].hit = (mm_hit){.id = (uint32_t)(i + 1), .status = MM_IND_CONFIRMED};
        e[i].category = "phishing";
        off += (size_t)n + 1;
    }
    static const uint8_t key[32] = "bench-url-key-0123456789abcdef!!";
    mm_snapshot *snap = NULL;
    if (mm_snapshot_build_from(e, nent, key, sizeof key, &snap, &err) != MM_OK) {
        fprintf(stderr, "snapshot: %s\n", err.message);
        return 1;
    }
    double t_build = now() - t0;

    /* the URLs to check: 10% are listed ones (rewritten as http:// + deeper path) */
    char **urls = malloc(nchk * sizeof *urls);
    char *upool = malloc(nchk * 128);
    size_t uo = 0, listed_shown = 0;
    for (size_t i = 0; i < nchk; i++) {
        char *u = upool + uo;
        int n;
        if (i % 10 == 0) {
            const mm_snapshot_entry *x = &e[(next() % (nent / 2)) * 2]; /* a listed URL */
            n = snprintf(u, 128, "http://%s", x->canonical + 8);
            listed_shown++;
        } else {
            char host[64], path[96];
            rand_host(host, sizeof host, next());
            rand_path(path, sizeof path, next());
            n = snprintf(u, 128, "https://%s%s", host, path);
        }
        urls[i] = u;
        uo += (size_t)(n >= 128 ? 127 : n) + 1;
        u[n >= 128 ? 127 : n] = '\0';
    }
    size_t bytes = mm_snapshot_bytes(snap), count = mm_snapshot_count(snap);

    mm_url_model *model = NULL;
    if (mm_url_model_load(data, &model, &err) != MM_OK)
        fprintf(stderr, "bench_url: no URL model (%s); full-verdict row skipped\n", err.message);
    mm_arena *a = mm_arena_new(1 << 16);
    mm_url u;
    size_t hits = 0, exprs = 0;

    /* parse */
    double t_parse = 0, t_lookup = 0, t_batch = 0, t_naive = 0, t_probe = 0, t_full = 0,
           t_many = 0;
    if (ROW("parse")) {
        t0 = now();
        for (size_t i = 0; i < ntot; i++) {
            mm_arena_reset(a);
            mm_norm_url(urls[i % nchk], a, &u, NULL);
        }
        t_parse = now() - t0;
    }

    /* lookup, one URL at a time */
    uint64_t dig1 = 0, digb = 0;
    if (ROW("one")) {
        t0 = now();
        for (size_t i = 0; i < ntot; i++) {
            mm_arena_reset(a);
            if (mm_norm_url(urls[i % nchk], a, &u, NULL) != MM_OK)
                continue;
            mm_verdict v;
            mm_verdict_init(&v);
            hits += mm_url_lookup(snap, &u, a, &v) > 0;
            dig1 = digest(dig1, i, &v);
        }
        t_lookup = now() - t0;
    }

    /* lookup, 16 URLs at a time */
    enum { B = 16 };
    size_t bhits = 0;
    if (ROW("batch")) {
        mm_url ub[B];
        mm_verdict vb[B];
        int hb[B];
        t0 = now();
        for (size_t i = 0; i < ntot; i += B) {
            size_t m = ntot - i < B ? ntot - i : B;
            mm_arena_reset(a);
            for (size_t j = 0; j < m; j++) {
                if (mm_norm_url(urls[(i + j) % nchk], a, &ub[j], NULL) != MM_OK)
                    ub[j].host = NULL; /* skipped by the batch */
                mm_verdict_init(&vb[j]);
            }
            if (mm_url_lookup_batch(snap, ub, m, a, vb, hb) != MM_OK)
                continue;
            for (size_t j = 0; j < m; j++) {
                bhits += hb[j] > 0;
                digb = digest(digb, i + j, &vb[j]);
            }
        }
        t_batch = now() - t0;
    }

    /* naive SHA-256 client */
    size_t phits = 0;
    if (ROW("naive")) {
        t0 = now();
        for (size_t i = 0; i < nchk; i++) {
            mm_arena_reset(a);
            if (mm_norm_url(urls[i], a, &u, NULL) != MM_OK)
                continue;
            char **ex;
            size_t n = mm_url_expressions(&u, a, &ex);
            exprs += n;
            for (size_t k = 0; k < n; k++) {
                unsigned char md[SHA256_DIGEST_LENGTH];
                SHA256((const unsigned char *)ex[k], strlen(ex[k]), md);
                uint32_t pre = (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 | md[2] << 8 | md[3];
                phits += mm_snapshot_has_prefix(snap, pre);
            }
        }
        t_naive = now() - t0;
    }

    /* one probe: a random unlisted key, the unit cost of every lookup above */
    char keybuf[64];
    size_t nprobe = nchk * 4, found = 0;
    if (ROW("probe")) {
        mm_hit hit;
        t0 = now();
        for (size_t i = 0; i < nprobe; i++) {
            int n = snprintf(keybuf, sizeof keybuf, "https://p%zx.example/", i * 2654435761u);
            found += mm_snapshot_lookup(snap, (i & 1) ? MM_KIND_URL : MM_KIND_DOMAIN, keybuf,
                                        (size_t)n, &hit);
        }
        t_probe = now() - t0;
        t0 = now();
        for (size_t i = 0; i < nprobe; i++) /* the key formatting alone, to subtract */
            found += snprintf(keybuf, sizeof keybuf, "https://p%zx.example/", i * 2654435761u) == 0;
        t_probe -= now() - t0;
    }

    /* full verdict */
    size_t warned = 0;
    if (model && ROW("full")) {
        mm_screen_ctx ctx = {.snap = snap, .url = model, .thresholds = MM_THRESHOLDS_DEFAULT};
        t0 = now();
        for (size_t i = 0; i < nchk; i++) {
            mm_arena_reset(a);
            mm_verdict v;
            if (mm_screen_url(&ctx, urls[i], a, &v, NULL) == MM_OK)
                warned += v.action >= MM_VERDICT_WARN;
        }
        t_full = now() - t0;
    }

    /* full verdict, 64 URLs at a time */
    size_t warned_many = 0;
    if (model && ROW("many")) {
        enum { M = 64 };
        mm_screen_ctx ctx = {.snap = snap, .url = model, .thresholds = MM_THRESHOLDS_DEFAULT};
        mm_verdict vm[M];
        mm_status sm[M];
        t0 = now();
        for (size_t i = 0; i < nchk; i += M) {
            size_t m = nchk - i < M ? nchk - i : M;
            mm_arena_reset(a);
            mm_screen_url_batch(&ctx, (const char *const *)urls + i, m, a, vm, sm, NULL);
            for (size_t j = 0; j < m; j++)
                warned_many += sm[j] == MM_OK && vm[j].action >= MM_VERDICT_WARN;
        }
        t_many = now() - t0;
    }

    printf("snapshot: %zu entries, %zu bytes = %.1f bytes per listed entry (target <= 32); "
           "built in %.1f s\n",
           count, bytes, (double)bytes / (double)count, t_build);
    printf("checks: %zu URLs (%zu listed), %.1f Safe-Browsing expressions per URL on average\n\n",
           nchk, listed_shown, (double)exprs / (double)nchk);
    printf("| row (thread CPU time) | checks/s | ns/check | hits |\n|---|---|---|---|\n");
    if (t_parse > 0)
        printf("| parse (mm_norm_url) | %.0f | %.0f | - |\n", ntot / t_parse, 1e9 * t_parse / ntot);
    if (t_lookup > 0)
        printf("| lookup 1-by-1 (XXH3, expressions, domains) | %.0f | %.0f | %zu (digest "
               "%016llx) |\n",
               ntot / t_lookup, 1e9 * t_lookup / ntot, hits, (unsigned long long)dig1);
    if (t_batch > 0)
        printf("| lookup batch of %d (the target row) | %.0f | %.0f | %zu (digest %016llx) |\n", B,
               ntot / t_batch, 1e9 * t_batch / ntot, bhits, (unsigned long long)digb);
    if (t_naive > 0)
        printf("| naive SHA-256 client (baseline) | %.0f | %.0f | %zu prefix hits |\n",
               nchk / t_naive, 1e9 * t_naive / nchk, phits);
    if (t_probe > 0)
        printf("| one snapshot probe (unlisted key) | %.0f | %.0f | %zu |\n", nprobe / t_probe,
               1e9 * t_probe / nprobe, found);
    if (t_full > 0)
        printf("| full verdict (lookup + look-alike + structure + model) | %.0f | %.0f | %zu "
               ">= warn |\n",
               nchk / t_full, 1e9 * t_full / nchk, warned);
    if (t_many > 0)
        printf("| full verdict, batch of 64 (mm_screen_url_batch) | %.0f | %.0f | %zu >= warn |\n",
               nchk / t_many, 1e9 * t_many / nchk, warned_many);
    printf("\ngoal: >= 2,000,000 checks/s for the lookup row\n");
    mm_url_model_free(model);
    mm_arena_free(a);
    mm_snapshot_release(snap);
    free(e);
    free(pool);
    free(urls);
    free(upool);
    return 0;
}
