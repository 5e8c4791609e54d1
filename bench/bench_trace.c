/*
 * bench_trace.c — fund tracing on the peers' graph (shared/peers/graph-trace):
 * load time and memory of the graph, then the 1,000 victims traced one at a
 * time, `--passes` times, in two modes:
 *   plain  the peers' exact workload (no amounts); per-victim results go to
 *          a CSV in their format (victim,transfers,accounts,id_sum,ms) so
 *          summarize.py checks them against NetworkX and PostgreSQL;
 *   fifo   the same trace with FIFO amount attribution (what the issue asks).
 * Figures are from the last pass, as the peers report theirs. The planted
 * chains (chains.csv) give a correctness check of each mode: how many chain
 * transfers each trace reaches, and for FIFO where the victim's money ends.
 *
 *   build/bench/bench_trace DATADIR [--passes 3] [--out-dir DIR --size 1m]
 *
 * Single thread: traces/s here are per core. Never pass/fail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mamoru/trace.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static long rss_kib(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0)
            v = strtol(line + strlen(key), NULL, 10);
    if (f)
        fclose(f);
    return v;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "bench_trace: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b == NULL || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(b);
        return NULL;
    }
    fclose(f);
    b[n] = '\0';
    *len = (size_t)n;
    return b;
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile, as the peers' pct(). */
static double pct(const double *sorted, size_t n, double q)
{
    long i = (long)(q / 100.0 * (double)n + 0.5 + 0.5) - 1;
    if (i < 0)
        i = 0;
    if (i >= (long)n)
        i = (long)n - 1;
    return sorted[i];
}

typedef struct stats {
    double total_s, cpu_s, p50, p90, p99, max, mean;
    size_t reached; /* transfers (plain) or edges (fifo), summed */
} stats;

static void summarise(const double *lat_ms, size_t n, double total_s, double cpu, stats *st)
{
    double *s = malloc(n * sizeof *s);
    memcpy(s, lat_ms, n * sizeof *s);
    qsort(s, n, sizeof *s, dcmp);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += s[i];
    st->total_s = total_s;
    st->cpu_s = cpu;
    st->p50 = pct(s, n, 50);
    st->p90 = pct(s, n, 90);
    st->p99 = pct(s, n, 99);
    st->max = s[n - 1];
    st->mean = sum / (double)n;
    free(s);
}

/* chains.csv: chain,transfer_id,hop,kind → per transfer index its chain (or -1). */
typedef struct chains {
    int *chain_of; /* per transfer index */
    int *victim_chain; /* per victim position */
    size_t n;          /* chain transfers (victim rows excluded) */
    int nchains;
    int *chain_size;   /* non-victim transfers per chain */
} chains;

static int load_chains(const char *dir, const mm_trace_graph *g, const uint32_t *victims,
                       size_t nv, chains *c)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/chains.csv", dir);
    size_t len;
    char *buf = read_file(path, &len);
    if (buf == NULL)
        return -1;
    size_t nt = mm_trace_graph_transfers(g);
    c->chain_of = malloc(nt * sizeof *c->chain_of);
    for (size_t i = 0; i < nt; i++)
        c->chain_of[i] = -1;
    c->victim_chain = calloc(nv, sizeof *c->victim_chain);
    c->chain_size = calloc(nv + 1, sizeof *c->chain_size);
    c->nchains = 0;
    c->n = 0;
    char *save = NULL;
    strtok_r(buf, "\n", &save); /* header */
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int chain = atoi(line);
        char *p = strchr(line, ',');
        if (!p)
            continue;
        char *q = strchr(p + 1, ',');
        if (!q)
            continue;
        uint32_t t = mm_trace_graph_find_transfer(g, p + 1, (size_t)(q - p - 1));
        const char *kind = strrchr(line, ',') + 1;
        if (t == MM_TRACE_NONE)
            continue;
        if (chain + 1 > c->nchains)
            c->nchains = chain + 1;
        if (strcmp(kind, "victim") == 0) {
            for (size_t v = 0; v < nv; v++)
                if (victims[v] == t)
                    c->victim_chain[v] = chain;
            continue;
        }
        c->chain_of[t] = chain;
        if ((size_t)chain <= nv)
            c->chain_size[chain]++;
        c->n++;
    }
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *out_dir = NULL, *size = "1m";
    int passes = 3;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
            passes = atoi(argv[++i]);
        else if (strcmp(argv[i], "--out-dir") == 0 && i + 1 < argc)
            out_dir = argv[++i];
        else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc)
            size = argv[++i];
        else if (argv[i][0] != '-')
            dir = argv[i];
        else {
            fprintf(stderr, "usage: bench_trace DATADIR [--passes N] [--out-dir DIR --size 1m]\n");
            return 2;
        }
    }
    if (dir == NULL || passes < 1) {
        fprintf(stderr, "usage: bench_trace DATADIR [--passes N] [--out-dir DIR --size 1m]\n");
        return 2;
    }
    char path[1100];
    long rss0 = rss_kib("VmRSS:");

    /* ---- load ---- */
    double t0 = now_s();
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    size_t len;
    char *csv = read_file(path, &len);
    if (csv == NULL)
        return 1;
    double t_read = now_s();
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_error err;
    size_t rows;
    if (mm_trace_builder_add_csv(b, csv, len, NULL, &rows, &err) != MM_OK) {
        fprintf(stderr, "bench_trace: %s: %s: %s\n", path, err.field, err.message);
        return 1;
    }
    free(csv);
    double t_parse = now_s();
    mm_trace_graph *g;
    if (mm_trace_builder_freeze(b, &g, &err) != MM_OK) {
        fprintf(stderr, "bench_trace: %s\n", err.message);
        return 1;
    }
    mm_trace_builder_free(b);
    double t_load = now_s();
    long rss1 = rss_kib("VmRSS:"), peak = rss_kib("VmHWM:");
    size_t nt = mm_trace_graph_transfers(g), na = mm_trace_graph_accounts(g);
    size_t bytes = mm_trace_graph_bytes(g);

    /* ---- victims ---- */
    snprintf(path, sizeof path, "%s/victims.txt", dir);
    char *vt = read_file(path, &len);
    if (vt == NULL)
        return 1;
    uint32_t *victims = malloc((len / 2 + 1) * sizeof *victims);
    char **vid = malloc((len / 2 + 1) * sizeof *vid);
    size_t nv = 0;
    char *save = NULL;
    for (char *l = strtok_r(vt, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        uint32_t t = mm_trace_graph_find_transfer(g, l, strlen(l));
        if (t == MM_TRACE_NONE) {
            fprintf(stderr, "bench_trace: victim %s not in the graph\n", l);
            return 1;
        }
        vid[nv] = l;
        victims[nv++] = t;
    }
    chains ch = {0};
    bool have_chains = load_chains(dir, g, victims, nv, &ch) == 0;

    mm_trace_scratch *s = mm_trace_scratch_new();
    double *lat = malloc(nv * sizeof *lat);
    size_t *res_n = malloc(nv * sizeof *res_n), *res_a = malloc(nv * sizeof *res_a);
    int64_t *res_sum = malloc(nv * sizeof *res_sum);

    /* ---- plain expansion ---- */
    stats plain = {0};
    size_t chain_found = 0, chain_total = 0;
    for (int p = 0; p < passes; p++) {
        double c0 = cpu_s(), w0 = now_s();
        size_t reached = 0;
        for (size_t v = 0; v < nv; v++) {
            double s0 = now_s();
            mm_trace_reach r;
            if (mm_trace_expand(g, victims[v], NULL, s, &r, &err) != MM_OK) {
                fprintf(stderr, "bench_trace: %s\n", err.message);
                return 1;
            }
            int64_t sum = 0;
            for (size_t i = 0; i < r.ntransfers; i++)
                sum += mm_trace_graph_transfer_num(g, r.transfers[i]);
            lat[v] = (now_s() - s0) * 1000;
            res_n[v] = r.ntransfers;
            res_a[v] = r.naccounts;
            res_sum[v] = sum;
            reached += r.ntransfers;
        }
        summarise(lat, nv, now_s() - w0, cpu_s() - c0, &plain);
        plain.reached = reached;
        fprintf(stderr, "plain pass %d: %.3f s, p50 %.3f ms, p99 %.3f ms\n", p + 1, plain.total_s,
                plain.p50, plain.p99);
    }
    for (size_t v = 0; have_chains && v < nv; v++) { /* untimed: planted chains inside? */
        mm_trace_reach r;
        mm_trace_expand(g, victims[v], NULL, s, &r, &err);
        int c = ch.victim_chain[v];
        for (size_t i = 0; i < r.ntransfers; i++)
            chain_found += ch.chain_of[r.transfers[i]] == c;
        chain_total += (size_t)ch.chain_size[c];
    }
    if (out_dir) {
        snprintf(path, sizeof path, "%s/mamoru-plain-%s.csv", out_dir, size);
        FILE *f = fopen(path, "w");
        if (f == NULL) {
            fprintf(stderr, "bench_trace: %s: %s\n", path, strerror(errno));
            return 1;
        }
        fprintf(f, "victim,transfers,accounts,id_sum,ms\n");
        for (size_t v = 0; v < nv; v++)
            fprintf(f, "%s,%zu,%zu,%lld,%.3f\n", vid[v], res_n[v], res_a[v],
                    (long long)res_sum[v], lat[v]);
        fclose(f);
        snprintf(path, sizeof path, "%s/mamoru-plain-%s.json", out_dir, size);
        f = fopen(path, "w");
        if (f) {
            fprintf(f,
                    "{\"engine\": \"mamoru plain expansion (C, CSR)\", \"load_s\": %.1f, "
                    "\"rss_after_load_mib\": %ld, \"graph_bytes_per_transfer\": %.1f, "
                    "\"passes\": [{\"pass\": %d, \"traces\": %zu, \"total_s\": %.3f, "
                    "\"traces_per_s\": %.1f, \"p50_ms\": %.4f, \"p90_ms\": %.4f, \"p99_ms\": %.4f, "
                    "\"max_ms\": %.4f, \"mean_ms\": %.4f, \"cpu_ms_per_trace\": %.4f}]}\n",
                    t_load - t0, rss1 / 1024, (double)bytes / (double)nt, passes, nv, plain.total_s,
                    (double)nv / plain.total_s, plain.p50, plain.p90, plain.p99, plain.max,
                    plain.mean, plain.cpu_s * 1000 / (double)nv);
            fclose(f);
        }
    }

    /* ---- FIFO attribution ---- */
    stats fifo = {0};
    size_t edges_total = 0, accounts_total = 0, events_total = 0, targets_total = 0;
    size_t fifo_chain_found = 0, fifo_chain_nonchain = 0;
    double money_chain = 0, money_other = 0, money_cash = 0, money_untraced = 0, money_all = 0;
    mm_arena *arena = mm_arena_new(0);
    for (int p = 0; p <= passes; p++) { /* the extra last pass is untimed: evaluation */
        bool eval = p == passes;
        double c0 = cpu_s(), w0 = now_s();
        size_t reached = 0;
        for (size_t v = 0; v < nv; v++) {
            double s0 = now_s();
            mm_trace_result r;
            if (mm_trace_fifo(g, victims[v], NULL, s, &r, &err) != MM_OK) {
                fprintf(stderr, "bench_trace: %s\n", err.message);
                return 1;
            }
            lat[v] = (now_s() - s0) * 1000;
            reached += r.nedges;
            if (!eval)
                continue;
            edges_total += r.nedges;
            accounts_total += r.accounts;
            events_total += r.events;
            mm_freeze_target *ft;
            targets_total += mm_trace_freeze_targets(g, &r, 1, NULL, NULL, arena, &ft);
            mm_arena_reset(arena);
            if (r.victim_amount != r.remaining + r.cashed_out + r.untraced)
                fprintf(stderr, "bench_trace: victim %s: amounts do not add up\n", vid[v]);
            if (!have_chains)
                continue;
            int c = ch.victim_chain[v];
            for (size_t i = 1; i < r.nedges; i++) {
                if (ch.chain_of[r.edges[i].transfer] == c)
                    fifo_chain_found++;
                else
                    fifo_chain_nonchain++;
            }
            /* where the victim money ended: accounts the chain paid into (mules that kept it,
             * ATM sinks, exchange deposit accounts) vs anywhere else */
            for (size_t h = 0; h < r.nholdings; h++) {
                bool on_chain = false;
                uint32_t a = r.holdings[h].account;
                size_t n;
                const uint32_t *in = mm_trace_graph_in(g, a, &n);
                for (size_t i = 0; i < n && !on_chain; i++)
                    on_chain = ch.chain_of[in[i]] == c || in[i] == victims[v];
                if (on_chain)
                    money_chain += (double)r.holdings[h].remaining;
                else
                    money_other += (double)r.holdings[h].remaining;
                if (r.holdings[h].kind == MM_TRACE_ACCT_CASH)
                    money_cash += (double)r.holdings[h].remaining;
            }
            money_untraced += (double)r.untraced;
            money_all += (double)r.victim_amount;
        }
        if (eval)
            break;
        summarise(lat, nv, now_s() - w0, cpu_s() - c0, &fifo);
        fifo.reached = reached;
        fprintf(stderr, "fifo pass %d: %.3f s, p50 %.3f ms, p99 %.3f ms\n", p + 1, fifo.total_s,
                fifo.p50, fifo.p99);
    }
    mm_arena_free(arena);
    if (out_dir) { /* summarize.py prints this row too (no CSV: its reached sets differ) */
        snprintf(path, sizeof path, "%s/mamoru-fifo-%s.json", out_dir, size);
        FILE *f = fopen(path, "w");
        if (f) {
            fprintf(f,
                    "{\"engine\": \"mamoru FIFO attribution (C)\", \"load_s\": %.1f, "
                    "\"rss_after_load_mib\": %ld, \"graph_bytes_per_transfer\": %.1f, "
                    "\"passes\": [{\"pass\": %d, \"traces\": %zu, \"total_s\": %.3f, "
                    "\"traces_per_s\": %.1f, \"p50_ms\": %.4f, \"p90_ms\": %.4f, \"p99_ms\": %.4f, "
                    "\"max_ms\": %.4f, \"mean_ms\": %.4f, \"cpu_ms_per_trace\": %.4f}]}\n",
                    t_load - t0, rss1 / 1024, (double)bytes / (double)nt, passes, nv, fifo.total_s,
                    (double)nv / fifo.total_s, fifo.p50, fifo.p90, fifo.p99, fifo.max, fifo.mean,
                    fifo.cpu_s * 1000 / (double)nv);
            fclose(f);
        }
    }

    /* ---- report ---- */
    printf("graph: %zu transfers, %zu accounts (%zu duplicate ids dropped)\n", nt, na,
           mm_trace_graph_duplicates(g));
    printf("load: %.2f s (read %.2f, parse+intern %.2f, freeze %.2f); graph %.1f MiB = %.1f "
           "bytes/transfer (all arrays, interning, id index); RSS after load %ld MiB "
           "(before %ld), peak %ld MiB\n",
           t_load - t0, t_read - t0, t_parse - t_read, t_load - t_parse, bytes / 1048576.0,
           (double)bytes / (double)nt, rss1 / 1024, rss0 / 1024, peak / 1024);
    printf("\n| mode | traces/s (1 core) | p50 ms | p90 ms | p99 ms | max ms | mean ms | CPU ms/trace "
           "| µs per reached |\n|---|---|---|---|---|---|---|---|---|\n");
    const stats *m[2] = {&plain, &fifo};
    const char *names[2] = {"plain expansion (peers' workload)", "FIFO attribution"};
    for (int i = 0; i < 2; i++)
        printf("| %s | %.0f | %.4f | %.4f | %.4f | %.3f | %.4f | %.4f | %.3f |\n", names[i],
               (double)nv / m[i]->total_s, m[i]->p50, m[i]->p90, m[i]->p99, m[i]->max, m[i]->mean,
               m[i]->cpu_s * 1000 / (double)nv,
               m[i]->reached ? m[i]->total_s * 1e6 / (double)m[i]->reached : 0);
    printf("\nplain: %zu reached transfers over %zu traces (mean %.1f)", plain.reached, nv,
           (double)plain.reached / (double)nv);
    if (have_chains)
        printf("; planted chain transfers inside their victim's trace: %zu of %zu", chain_found,
               chain_total);
    printf("\nfifo: mean %.1f edges, %.1f accounts reached, %.1f outflows examined, "
           "%.1f freeze targets per trace\n",
           (double)edges_total / (double)nv, (double)accounts_total / (double)nv,
           (double)events_total / (double)nv, (double)targets_total / (double)nv);
    if (have_chains && money_all > 0) {
        printf("fifo vs planted chains: %zu of %zu chain transfers carry victim money (%.1f%%); "
               "%zu edges off the chain\n",
               fifo_chain_found, ch.n, 100.0 * (double)fifo_chain_found / (double)ch.n,
               fifo_chain_nonchain);
        printf("victim money located: %.1f%% at accounts the chain paid into (mules, ATM, "
               "exchanges; %.1f%% of all as cash), %.1f%% elsewhere, %.1f%% untraced "
               "(hop/window cut)\n",
               100 * money_chain / money_all, 100 * money_cash / money_all,
               100 * money_other / money_all, 100 * money_untraced / money_all);
    }
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
    free(vt);
    free(victims);
    free(vid);
    free(lat);
    free(res_n);
    free(res_a);
    free(res_sum);
    free(ch.chain_of);
    free(ch.victim_chain);
    free(ch.chain_size);
    return 0;
}
