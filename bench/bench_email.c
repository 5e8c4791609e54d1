/*
 * bench_email.c — e-mails per second on one core through the whole
 * in-process path: mm_email_parse (MIME, charsets, HTML) + mm_email_screen
 * (the message screener and the link check) against a snapshot of 100,000
 * listed indicators. Issue 4's target: ≥ 20,000 e-mails (2–3 KB) per
 * second per core. Rates are per CPU-second of the benchmark thread.
 *
 * Baseline in the same run: parsing alone, so the table shows what the
 * screening costs on top of the decoding every filter must do. Corpus: the
 * peer benchmark's generated mail (../shared/peers/spam-filters/
 * gen_corpus.py → /tmp/peer-bench/corpus; ISO-2022-JP and UTF-8 in
 * base64 / QP / 8bit, a third with HTML parts), the 2–3 KB messages of it;
 * rows per charset / transfer encoding when its index.tsv is there.
 *   build/bench/bench_email [CORPUS_DIR] [seconds-per-row]
 * Run from the repo root (the screener's dictionaries are read from data/).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mamoru/email.h"
#include "mamoru/ingest.h"

typedef struct msg {
    char *raw;
    size_t len;
    char cls[80]; /* "iso-2022-jp/7bit", "utf-8/base64+html", ... */
} msg;

/* CPU time of this thread: "per core" even on a machine shared with other
 * work, where wall-clock rates would understate. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load the .eml files of 2–3 KB in DIR/mail (or DIR), with classes from
 * DIR/index.tsv when present. */
static size_t load(const char *dir, msg **out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/mail", dir);
    DIR *d = opendir(path);
    const char *mdir = path;
    if (d == NULL) {
        d = opendir(dir);
        mdir = dir;
    }
    if (d == NULL)
        return 0;
    char **names = NULL;
    size_t nn = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".eml") != 0)
            continue;
        if (nn == cap) {
            cap = cap ? cap * 2 : 256;
            names = realloc(names, cap * sizeof *names);
        }
        names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof *names, by_name);
    /* classes from the index: id \t label \t family \t charset \t cte \t html */
    char(*cls)[80] = calloc(nn ? nn : 1, sizeof *cls);
    char ixpath[1024];
    snprintf(ixpath, sizeof ixpath, "%s/index.tsv", dir);
    FILE *ix = fopen(ixpath, "r");
    if (ix) {
        char line[4096];
        while (fgets(line, sizeof line, ix)) {
            char id[32], label[16], fam[32], cs[32], cte[32];
            int html;
            if (sscanf(line, "%31s\t%15s\t%31s\t%31s\t%31s\t%d", id, label, fam, cs, cte, &html) !=
                6)
                continue;
            for (size_t i = 0; i < nn; i++)
                if (strncmp(names[i], id, strlen(id)) == 0 && names[i][strlen(id)] == '.') {
                    snprintf(cls[i], sizeof cls[i], "%s/%s%s", cs, cte, html ? "+html" : "");
                    break;
                }
        }
        fclose(ix);
    }
    msg *v = calloc(nn ? nn : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < nn; i++) {
        char p[2048];
        snprintf(p, sizeof p, "%s/%s", mdir, names[i]);
        char *buf;
        size_t len;
        mm_error err;
        if (mm_read_file(p, &buf, &len, &err) != MM_OK)
            continue;
        if (len < 2048 || len > 3072) {
            free(buf);
            continue;
        }
        v[n].raw = buf;
        v[n].len = len;
        snprintf(v[n].cls, sizeof v[n].cls, "%s", cls[i][0] ? cls[i] : "all");
        n++;
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    free(cls);
    *out = v;
    return n;
}

/* 100,000 listed indicators (domains, URLs, phones) so lookups go through
 * a table of realistic size. */
static mm_snapshot *make_snapshot(void)
{
    enum { N = 100000 };
    mm_snapshot_entry *e = calloc(N, sizeof *e);
    char(*vals)[64] = calloc(N, 64);
    for (int i = 0; i < N; i++) {
        int k = i % 3;
        if (k == 0)
            snprintf(vals[i], 64, "listed-%d.test", i);
        else if (k == 1)
            snprintf(vals[i], 64, "http://listed-%d.example/login", i);
        else
            snprintf(vals[i], 64, "+8190%08d", i);
        e[i].kind = k == 0 ? MM_KIND_DOMAIN : k == 1 ? MM_KIND_URL : MM_KIND_PHONE;
        e[i].canonical = vals[i];
        e[i].len = strlen(vals[i]);
        e[i].hit = (mm_hit){.id = (uint32_t)i + 1, .kind = e[i].kind, .confidence = 90};
        e[i].category = "phishing";
    }
    static const uint8_t key[32] = {1, 2, 3};
    mm_snapshot *s = NULL;
    mm_error err;
    if (mm_snapshot_build_from(e, N, key, sizeof key, &s, &err) != MM_OK)
        fprintf(stderr, "snapshot: %s\n", err.message);
    free(e);
    free(vals);
    return s;
}

/* Messages per second over the messages of class cls (NULL = all). */
static double rate(const msg *v, size_t n, const char *cls, bool screen, const mm_screen_ctx *ctx,
                   double secs, size_t *count)
{
    mm_arena *a = mm_arena_new(1 << 16);
    size_t idx[4096], k = 0;
    for (size_t i = 0; i < n && k < 4096; i++)
        if (cls == NULL || strcmp(v[i].cls, cls) == 0)
            idx[k++] = i;
    *count = k;
    if (k == 0) {
        mm_arena_free(a);
        return 0;
    }
    long ops = 0;
    double t0 = now(), t;
    do {
        for (size_t j = 0; j < k; j++) {
            const msg *m = &v[idx[j]];
            mm_email_msg em;
            mm_error err;
            if (mm_email_parse(m->raw, m->len, a, &em, &err) != MM_OK)
                fprintf(stderr, "parse: %s\n", err.message);
            if (screen) {
                mm_verdict vd;
                if (mm_email_screen(ctx, &em, NULL, a, &vd, &err) != MM_OK)
                    fprintf(stderr, "screen: %s\n", err.message);
            }
            mm_arena_reset(a);
        }
        ops += (long)k;
    } while ((t = now() - t0) < secs);
    mm_arena_free(a);
    return (double)ops / t;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("MAMORU_PEER_CORPUS");
    if (dir == NULL)
        dir = "/tmp/peer-bench/corpus";
    double secs = argc > 2 ? atof(argv[2]) : 1.0;
    msg *v = NULL;
    size_t n = load(dir, &v);
    if (n == 0) {
        printf("bench_email: no 2-3 KB .eml files under %s; generate them with\n"
               "  python3 ../shared/peers/spam-filters/gen_corpus.py /tmp/peer-bench/corpus\n",
               dir);
        return 0;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += v[i].len;
    mm_screen_ctx ctx;
    mm_error err;
    if (mm_screen_ctx_load("data", &ctx, &err) != MM_OK) {
        fprintf(stderr, "bench_email: data/: %s\n", err.message);
        return 1;
    }
    mm_snapshot *snap = make_snapshot();
    ctx.snap = snap;
    printf("corpus: %s, %zu messages of 2-3 KB (mean %zu bytes); snapshot of %zu indicators\n", dir,
           n, bytes / n, snap ? mm_snapshot_count(snap) : 0);
    printf("%-26s %6s %14s %10s %16s %10s %10s\n", "class", "msgs", "parse msg/s", "parse us",
           "parse+screen/s", "total us", "vs 20k/s");
    /* classes in first-seen order, then all */
    const char *classes[32];
    size_t nc = 0;
    for (size_t i = 0; i < n && nc < 31; i++) {
        bool seen = false;
        for (size_t c = 0; c < nc && !seen; c++)
            seen = strcmp(classes[c], v[i].cls) == 0;
        if (!seen && strcmp(v[i].cls, "all") != 0)
            classes[nc++] = v[i].cls;
    }
    classes[nc++] = NULL;
    for (size_t c = 0; c < nc; c++) {
        size_t cnt;
        double p = rate(v, n, classes[c], false, &ctx, secs, &cnt);
        if (cnt == 0)
            continue;
        double s = rate(v, n, classes[c], true, &ctx, secs, &cnt);
        char sc[32] = "n/a", tu[32] = "n/a", vs[32] = "n/a";
        if (s > 0) {
            snprintf(sc, sizeof sc, "%.0f", s);
            snprintf(tu, sizeof tu, "%.1f", 1e6 / s);
            snprintf(vs, sizeof vs, "%.2fx", s / 20000.0);
        }
        printf("%-26s %6zu %14.0f %10.1f %16s %10s %10s\n", classes[c] ? classes[c] : "ALL", cnt, p,
               1e6 / p, sc, tu, vs);
    }
    mm_snapshot_release(snap);
    ctx.snap = NULL;
    mm_screen_ctx_unload(&ctx);
    for (size_t i = 0; i < n; i++)
        free(v[i].raw);
    free(v);
    return 0;
}
