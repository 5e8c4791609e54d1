/*
 * eval_trace.c — how well the mule score and collector detection find what
 * they should, on labelled data nobody tuned them on:
 *
 *  - IBM AMLSim (../shared/data/amlsim: three 20k-account simulations with
 *    labelled fan-in and cycle laundering; label per account). Amounts are
 *    units, not yen (kept at 1/100 precision); a simulation step is taken
 *    as one day; initial balances are credited as opening deposits.
 *  - the graph-trace peers' graph (DATADIR, e.g. /tmp/graph-trace/data-1m):
 *    accounts.csv gives the role (mule = the 8,000-account pool chains are
 *    drawn from; exchange_deposit = the exchanges' collection accounts) and
 *    chains.csv which pool accounts a chain actually used.
 *
 * For the score: ROC AUC (threshold-free), precision and recall at score
 * ≥ 50, and precision at k = the number of labelled accounts. For
 * collectors: every victim traced with FIFO, then the accounts reached by
 * ≥ k victims through ≥ k senders with victim money ≥ 10% of their inflow,
 * and how many of them are exchange deposit accounts.
 *
 *   build/bench/eval_trace [--amlsim DIR] [--peers DATADIR]
 *
 * Never pass/fail; tests/unit/trace/test_amlsim.c asserts a floor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/trace.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
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

typedef struct scored {
    int score;
    int label;
} scored;

static int by_score_desc(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    return y->score - x->score;
}

/* AUC by ranks (ties averaged), precision/recall at 50, precision at k. */
static void report(const char *name, scored *v, size_t n)
{
    qsort(v, n, sizeof *v, by_score_desc);
    size_t pos = 0;
    for (size_t i = 0; i < n; i++)
        pos += (size_t)v[i].label;
    size_t neg = n - pos;
    double auc_sum = 0; /* Σ over positives of negatives ranked below */
    size_t i = 0, neg_below;
    size_t neg_seen = 0;
    while (i < n) {
        size_t j = i, p = 0, q = 0;
        while (j < n && v[j].score == v[i].score) {
            p += (size_t)v[j].label;
            q += (size_t)!v[j].label;
            j++;
        }
        neg_below = neg - neg_seen - q;
        auc_sum += (double)p * ((double)neg_below + 0.5 * (double)q);
        neg_seen += q;
        i = j;
    }
    double auc = pos && neg ? auc_sum / ((double)pos * (double)neg) : 0;
    size_t tp50 = 0, fp50 = 0, tpk = 0;
    for (size_t k = 0; k < n; k++) {
        if (v[k].score >= 50)
            v[k].label ? tp50++ : fp50++;
        if (k < pos)
            tpk += (size_t)v[k].label;
    }
    printf("| %s | %zu | %zu | %.3f | %.3f | %.3f | %.3f |\n", name, n, pos, auc,
           tp50 + fp50 ? (double)tp50 / (double)(tp50 + fp50) : 0, pos ? (double)tp50 / (double)pos : 0,
           pos ? (double)tpk / (double)pos : 0);
}

static void header(void)
{
    printf("| data | accounts | labelled | ROC AUC | precision @50 | recall @50 | precision @k |\n"
           "|---|---|---|---|---|---|---|\n");
}

/* ---- AMLSim ---------------------------------------------------------------------- */

static int amlsim(const char *dir, const char *set)
{
    char path[1200];
    size_t len;
    snprintf(path, sizeof path, "%s/%s/nodes.csv", dir, set);
    char *nodes = read_file(path, &len);
    snprintf(path, sizeof path, "%s/%s/transactions.csv", dir, set);
    size_t tlen;
    char *txs = nodes ? read_file(path, &tlen) : NULL;
    if (txs == NULL) {
        printf("| %s | (absent: %s) |\n", set, path);
        free(nodes);
        return -1;
    }
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_error err;
    int maxnode = 0;
    char *save = NULL, id[32], from[32], to[32];
    unsigned char *label = calloc(1 << 20, 1);
    long nid = 0;
    strtok_r(nodes, "\n", &save);
    for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        int node = atoi(l), fraud = 0;
        double bal = 0;
        if (sscanf(l, "%d,%d,%lf", &node, &fraud, &bal) < 3 || node < 0 || node >= 1 << 20)
            continue;
        label[node] = (unsigned char)fraud;
        maxnode = node > maxnode ? node : maxnode;
        snprintf(id, sizeof id, "o%ld", ++nid);
        snprintf(to, sizeof to, "amlsim:%d", node);
        mm_trace_builder_add(b, id, strlen(id), "external:opening", 16, to, strlen(to), 0,
                             (int64_t)(bal * 100 + 0.5), &err);
    }
    save = NULL;
    strtok_r(txs, "\n", &save);
    long row = 0;
    for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        int s, d, step;
        double value;
        if (sscanf(l, "%d,%d,%lf,%d", &s, &d, &value, &step) != 4)
            continue;
        snprintf(id, sizeof id, "%ld", ++row);
        snprintf(from, sizeof from, "amlsim:%d", s);
        snprintf(to, sizeof to, "amlsim:%d", d);
        /* a step is a day; rows of one step keep their order a second apart */
        mm_trace_builder_add(b, id, strlen(id), from, strlen(from), to, strlen(to),
                             (int64_t)step * 86400 + row % 86400, (int64_t)(value * 100 + 0.5), &err);
    }
    mm_trace_graph *g;
    if (mm_trace_builder_freeze(b, &g, &err) != MM_OK)
        return -1;
    mm_trace_builder_free(b);
    mm_trace_scratch *sc = mm_trace_scratch_new();
    scored *v = malloc((size_t)(maxnode + 1) * sizeof *v);
    size_t n = 0;
    for (int node = 0; node <= maxnode; node++) {
        snprintf(to, sizeof to, "amlsim:%d", node);
        uint32_t a = mm_trace_graph_find_account(g, to, strlen(to));
        if (a == MM_TRACE_NONE)
            continue;
        mm_mule_features f;
        mm_trace_mule_score(g, a, mm_trace_graph_max_time(g), NULL, NULL, sc, &f, &err);
        v[n++] = (scored){f.score, label[node]};
    }
    char name[80];
    snprintf(name, sizeof name, "AMLSim %s", set);
    report(name, v, n);
    free(v);
    free(label);
    mm_trace_scratch_free(sc);
    mm_trace_graph_free(g);
    free(nodes);
    free(txs);
    return 0;
}

/* ---- the peers' graph ------------------------------------------------------------ */

static int peers(const char *dir)
{
    char path[1200];
    size_t len;
    snprintf(path, sizeof path, "%s/transfers.csv", dir);
    char *csv = read_file(path, &len);
    if (csv == NULL) {
        printf("| peers | (absent: %s) |\n", path);
        return -1;
    }
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_error err;
    if (mm_trace_builder_add_csv(b, csv, len, NULL, NULL, &err) != MM_OK)
        return -1;
    free(csv);
    mm_trace_graph *g;
    mm_trace_builder_freeze(b, &g, &err);
    mm_trace_builder_free(b);
    size_t na = mm_trace_graph_accounts(g);
    unsigned char *pool = calloc(na, 1), *used = calloc(na, 1), *exch = calloc(na, 1);
    snprintf(path, sizeof path, "%s/accounts.csv", dir);
    char *acc = read_file(path, &len);
    char *save = NULL;
    for (char *l = acc ? strtok_r(acc, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save)) {
        char *comma = strchr(l, ',');
        if (!comma)
            continue;
        uint32_t a = mm_trace_graph_find_account(g, l, (size_t)(comma - l));
        if (a == MM_TRACE_NONE)
            continue;
        pool[a] = strcmp(comma + 1, "mule") == 0;
        exch[a] = strcmp(comma + 1, "exchange_deposit") == 0;
    }
    free(acc);
    snprintf(path, sizeof path, "%s/chains.csv", dir);
    char *ch = read_file(path, &len);
    save = NULL;
    uint32_t *victims = malloc(2000 * sizeof *victims);
    size_t nv = 0;
    for (char *l = ch ? strtok_r(ch, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save)) {
        char *p = strchr(l, ','), *q = p ? strchr(p + 1, ',') : NULL;
        if (!q)
            continue;
        uint32_t t = mm_trace_graph_find_transfer(g, p + 1, (size_t)(q - p - 1));
        if (t == MM_TRACE_NONE)
            continue;
        mm_trace_transfer x;
        mm_trace_graph_transfer(g, t, &x);
        if (strstr(q, ",victim")) {
            if (nv < 2000)
                victims[nv++] = t;
            used[x.to] = 1; /* the first mule */
        } else if (strstr(q, ",forward")) {
            used[x.to] = 1;
        }
    }
    free(ch);
    mm_trace_scratch *sc = mm_trace_scratch_new();
    scored *vp = malloc(na * sizeof *vp), *vu = malloc(na * sizeof *vu);
    size_t n = 0;
    for (uint32_t a = 0; a < na; a++) {
        mm_mule_features f;
        mm_trace_mule_score(g, a, mm_trace_graph_max_time(g), NULL, NULL, sc, &f, &err);
        vp[n] = (scored){f.score, pool[a]};
        vu[n++] = (scored){f.score, used[a]};
    }
    report("peers' graph: mule pool (8,000)", vp, n);
    report("peers' graph: mules a chain used", vu, n);
    printf("\n");

    /* collectors over every victim's FIFO trace */
    mm_trace_agg *agg = mm_trace_agg_new(g);
    for (size_t i = 0; i < nv; i++) {
        mm_trace_result r;
        if (mm_trace_fifo(g, victims[i], NULL, sc, &r, &err) == MM_OK)
            mm_trace_agg_add(agg, &r);
    }
    size_t nexch = 0;
    for (uint32_t a = 0; a < na; a++)
        nexch += exch[a];
    printf("| collectors: ≥ k victims and senders, victim share ≥ 10%% | accounts | exchange "
           "deposit accounts among them | of all %zu | pool mules among them |\n|---|---|---|---|---|\n",
           nexch);
    for (uint32_t k = 3; k <= 20; k = k == 3 ? 5 : k == 5 ? 10 : 20) {
        mm_trace_collector *c;
        size_t m = mm_trace_agg_collectors(agg, k, 0.10, false, &c), hit = 0, mules = 0;
        for (size_t i = 0; i < m; i++) {
            hit += exch[c[i].account];
            mules += pool[c[i].account];
        }
        printf("| ≥ %u | %zu | %zu (precision %.2f) | recall %.2f | %zu |\n", k, m, hit,
               m ? (double)hit / (double)m : 0, nexch ? (double)hit / (double)nexch : 0, mules);
        free(c);
        if (k == 20)
            break;
    }
    mm_trace_agg_free(agg);
    free(vp);
    free(vu);
    free(pool);
    free(used);
    free(exch);
    free(victims);
    mm_trace_scratch_free(sc);
    mm_trace_graph_free(g);
    return 0;
}

int main(int argc, char **argv)
{
    const char *aml = getenv("MAMORU_SHARED_DATA") ? NULL : "../shared/data/amlsim";
    const char *peer = "/tmp/graph-trace/data-1m";
    char buf[1100];
    if (aml == NULL) {
        snprintf(buf, sizeof buf, "%s/amlsim", getenv("MAMORU_SHARED_DATA"));
        aml = buf;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--amlsim") == 0 && i + 1 < argc)
            aml = argv[++i];
        else if (strcmp(argv[i], "--peers") == 0 && i + 1 < argc)
            peer = argv[++i];
        else {
            fprintf(stderr, "usage: eval_trace [--amlsim DIR] [--peers DATADIR]\n");
            return 2;
        }
    }
    printf("mule score (weights fixed in trace.h, not fitted to any of these)\n\n");
    header();
    amlsim(aml, "20K_fanin200");
    amlsim(aml, "20K_cycle200");
    amlsim(aml, "20K_fanin200cycle200");
    peers(peer);
    return 0;
}
