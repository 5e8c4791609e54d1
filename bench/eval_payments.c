/*
 * eval_payments.c — how well payment screening and its mule rules find
 * planted fraud they were not tuned on.
 *
 * Data: the synthetic stream of payments_sim.h, either read from the files
 * bench/gen_payments writes (--events F --labels L) or generated here for
 * a seed (--seed S; rules were set by reasoning about the mechanisms and
 * checked on seed 1 — report other seeds as held out), and the IBM AMLSim
 * samples in ../shared/data/amlsim (--amlsim DIR; account labels only).
 *
 * Prints, for the rules alone and with a shared list holding 30 % of the
 * mule accounts (what the hub adds): recall per fraud scenario at warn and
 * hold, the benign alert rate, precision, share of victim money stopped at
 * hold, per-rule fires on fraud and benign events, and mule-account
 * precision/recall per typology. The tracer's "share of victim money the
 * trace finds" is bench/eval_trace's column: the labels file lists each
 * victim event (E lines, role victim) for it.
 *
 *   build/bench/eval_payments [--seed 2] [--customers 20000] [--days 60] [--victims 300]
 *   build/bench/eval_payments --events ev.jsonl --labels labels.tsv
 *   build/bench/eval_payments --amlsim ../shared/data/amlsim
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"
#include "payments_sim.h"

static const uint8_t KEY[32] = "eval-key-eval-key-eval-key-32byt";

/* One event to evaluate: the payment and its labels. */
typedef struct item {
    mm_payment p;
    sim_ev lab; /* role, scenario, typology, type, amount */
} item;

typedef struct rule_stat {
    const char *code;
    long fraud, benign;
} rule_stat;

static void rule_count(rule_stat *rs, int *nrs, const char *code, bool fraud)
{
    for (int i = 0; i < *nrs; i++)
        if (strcmp(rs[i].code, code) == 0) {
            rs[i].fraud += fraud;
            rs[i].benign += !fraud;
            return;
        }
    if (*nrs < 64)
        rs[(*nrs)++] = (rule_stat){code, fraud, !fraud};
}

/* Sorted set of account strings (mule labels, flagged accounts). */
typedef struct strset {
    char **v;
    size_t n, cap;
    int *tag;
} strset;

static void set_add(strset *s, const char *x, int tag)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        s->tag = realloc(s->tag, s->cap * sizeof *s->tag);
    }
    s->v[s->n] = strdup(x);
    s->tag[s->n++] = tag;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_sort(strset *s)
{
    /* sort v and tag together, dropping duplicates */
    typedef struct pair {
        char *v;
        int tag;
    } pair;
    pair *p = malloc(s->n * sizeof *p);
    for (size_t i = 0; i < s->n; i++)
        p[i] = (pair){s->v[i], s->tag[i]};
    qsort(p, s->n, sizeof *p, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (k && strcmp(p[i].v, s->v[k - 1]) == 0) {
            free(p[i].v);
            continue;
        }
        s->v[k] = p[i].v;
        s->tag[k++] = p[i].tag;
    }
    s->n = k;
    free(p);
}

static int set_find(const strset *s, const char *x)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->v[mid], x);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->tag);
    memset(s, 0, sizeof *s);
}

static bool money(int type)
{
    return type != MM_PAY_IB_LOGIN && type != MM_PAY_IB_LIMIT_CHANGE;
}

/* Screen every item in order through one state; print the tables. */
static void evaluate(const char *title, mm_screen_ctx *ctx, item *it, size_t n, const strset *mules)
{
    mm_pay_state *st = mm_pay_state_new(1 << 18);
    mm_arena *a = mm_arena_new(0);
    sim_counts c = {0};
    rule_stat rs[64];
    int nrs = 0;
    strset flagged = {0};
    double t0 = (double)clock();
    for (size_t i = 0; i < n; i++) {
        mm_verdict v;
        mm_error e;
        if (mm_screen_payment(ctx, st, &it[i].p, a, &v, &e) != MM_OK) {
            fprintf(stderr, "event %s: %s\n", it[i].p.id, e.message);
            continue;
        }
        if (money(it[i].lab.type))
            sim_count(&c, &it[i].lab, v.action);
        for (size_t r = 0; r < v.nreasons && it[i].p.time >= SIM_WARMUP_END; r++) {
            rule_count(rs, &nrs, v.reasons[r].code, sim_is_fraud(&it[i].lab));
            if (strcmp(v.reasons[r].code, "MULE_PASS_THROUGH") == 0 && it[i].p.from.account)
                set_add(&flagged, it[i].p.from.account, 0);
            if (strcmp(v.reasons[r].code, "PAYEE_MULE_PATTERN") == 0 && it[i].p.to.account)
                set_add(&flagged, it[i].p.to.account, 0);
        }
        mm_arena_reset(a);
    }
    double secs = ((double)clock() - t0) / CLOCKS_PER_SEC;
    printf("\n== %s: %zu events screened in %.2f s (%.0f/s)\n", title, n, secs, n / secs);
    printf("%-18s %7s %9s %9s\n", "victim scenario", "events", "recall>=w", "recall>=h");
    for (int s = 1; s < SS__COUNT; s++)
        if (c.scen_n[s])
            printf("%-18s %7ld %8.1f%% %8.1f%%\n", sim_scenario_name[s], c.scen_n[s],
                   100.0 * c.scen_warn[s] / c.scen_n[s], 100.0 * c.scen_hold[s] / c.scen_n[s]);
    printf("%-18s %7ld %8.1f%%\n", "mule layering", c.role_n[SR_LAYERING],
           c.role_n[SR_LAYERING] ? 100.0 * c.role_warn[SR_LAYERING] / c.role_n[SR_LAYERING] : 0);
    printf("%-18s %7ld %8.1f%%\n", "mule exits", c.role_n[SR_EXIT],
           c.role_n[SR_EXIT] ? 100.0 * c.role_warn[SR_EXIT] / c.role_n[SR_EXIT] : 0);
    long fw = c.warn[1], bw = c.warn[0], fh = c.hold[1], bh = c.hold[0];
    printf("all fraud events %ld: recall %.1f%% at warn, %.1f%% at hold\n", c.events[1],
           100.0 * fw / (c.events[1] ? c.events[1] : 1),
           100.0 * fh / (c.events[1] ? c.events[1] : 1));
    printf("benign events %ld: %.2f%% warned, %.3f%% held\n", c.events[0],
           100.0 * bw / (c.events[0] ? c.events[0] : 1),
           100.0 * bh / (c.events[0] ? c.events[0] : 1));
    printf("precision: %.1f%% at warn, %.1f%% at hold\n", 100.0 * fw / (fw + bw ? fw + bw : 1),
           100.0 * fh / (fh + bh ? fh + bh : 1));
    printf("victim money held: %.1f%% of %lld yen\n",
           100.0 * (double)c.victim_money_held / (double)(c.victim_money ? c.victim_money : 1),
           (long long)c.victim_money);
    printf("%-24s %8s %8s %9s\n", "rule", "fraud", "benign", "precision");
    for (int i = 0; i < nrs; i++)
        printf("%-24s %8ld %8ld %8.1f%%\n", rs[i].code, rs[i].fraud, rs[i].benign,
               100.0 * rs[i].fraud / (rs[i].fraud + rs[i].benign));
    /* mule accounts */
    set_sort(&flagged);
    long tp = 0, per_typ[ST__COUNT] = {0}, per_typ_hit[ST__COUNT] = {0};
    for (size_t i = 0; i < flagged.n; i++)
        tp += set_find(mules, flagged.v[i]) >= 0;
    for (size_t i = 0; i < mules->n; i++) {
        per_typ[mules->tag[i]]++;
        per_typ_hit[mules->tag[i]] += set_find(&flagged, mules->v[i]) >= 0;
    }
    printf("mule accounts: %zu labelled, %zu flagged, precision %.1f%%, recall %.1f%%\n", mules->n,
           flagged.n, 100.0 * tp / (flagged.n ? flagged.n : 1),
           100.0 * tp / (mules->n ? mules->n : 1));
    for (int t = 1; t < ST__COUNT; t++)
        if (per_typ[t])
            printf("  %-16s %4ld mules, recall %.1f%%\n", sim_typology_name[t], per_typ[t],
                   100.0 * per_typ_hit[t] / per_typ[t]);
    printf("state: %zu accounts, %llu evicted, %zu bytes\n", mm_pay_state_used(st),
           (unsigned long long)mm_pay_state_evictions(st), mm_pay_state_bytes(st));
    printf("trace share of victim money: see bench/eval_trace (victim events are E lines of "
           "the labels)\n");
    set_free(&flagged);
    mm_arena_free(a);
    mm_pay_state_free(st);
}

/* A snapshot listing every `every`-th mule account (the shared list). */
static mm_snapshot *listed_snapshot(const strset *mules, int every)
{
    mm_snapshot_entry *en = calloc(mules->n + 1, sizeof *en);
    size_t k = 0;
    for (size_t i = 0; i < mules->n; i++)
        if ((int)(i % 10) < every) {
            bool crypto = strncmp(mules->v[i], "eth:", 4) == 0;
            mm_kind kind = crypto ? MM_KIND_CRYPTO_ADDRESS : MM_KIND_BANK_ACCOUNT;
            en[k++] = (mm_snapshot_entry){.kind = kind,
                                          .canonical = mules->v[i],
                                          .len = strlen(mules->v[i]),
                                          .hit = {.id = (uint32_t)(k + 1),
                                                  .kind = kind,
                                                  .status = MM_IND_CONFIRMED,
                                                  .confidence = 80},
                                          .category = "mule"};
        }
    mm_snapshot *s = NULL;
    mm_error e;
    if (mm_snapshot_build_from(en, k, KEY, sizeof KEY, &s, &e) != MM_OK)
        fprintf(stderr, "snapshot: %s\n", e.message);
    free(en);
    return s;
}

static void run(mm_screen_ctx *ctx, item *it, size_t n, strset *mules)
{
    set_sort(mules);
    ctx->snap = NULL;
    evaluate("rules only", ctx, it, n, mules);
    mm_snapshot *snap = listed_snapshot(mules, 3);
    ctx->snap = snap;
    evaluate("rules + shared list (30% of mule accounts listed)", ctx, it, n, mules);
    ctx->snap = NULL;
    mm_snapshot_release(snap);
}

/* ---- in-process generation -------------------------------------------------------- */

static size_t load_banks(sim_bank **out)
{
    const char *dir =
        getenv("MAMORU_SHARED_DATA") ? getenv("MAMORU_SHARED_DATA") : "../shared/data";
    char path[512];
    snprintf(path, sizeof path, "%s/zengin-code/branches_all.tsv", dir);
    FILE *f = fopen(path, "r");
    *out = NULL;
    if (f == NULL)
        return 0;
    char line[512];
    size_t n = 0, cap = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] < '0' || line[0] > '9' || line[4] != '\t' || line[8] != '\t')
            continue;
        /* the large banks only, so accounts cluster as in life */
        if (strncmp(line, "0001", 4) && strncmp(line, "0005", 4) && strncmp(line, "0009", 4) &&
            strncmp(line, "0010", 4) && strncmp(line, "0036", 4) && strncmp(line, "0038", 4) &&
            strncmp(line, "9900", 4))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = realloc(*out, cap * sizeof **out);
        }
        memcpy((*out)[n].bank, line, 4);
        (*out)[n].bank[4] = '\0';
        memcpy((*out)[n].branch, line + 5, 3);
        (*out)[n].branch[3] = '\0';
        n++;
    }
    fclose(f);
    return n;
}

/* The deposit accounts of data/exchange_accounts.tsv (first column). */
static size_t load_exchanges(const char *data, char **out, size_t max)
{
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/exchange_accounts.tsv", data);
    FILE *f = fopen(path, "r");
    size_t n = 0;
    while (f && n < max && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            out[n++] = strdup(line);
        }
    }
    if (f)
        fclose(f);
    return n;
}

typedef struct strs {
    char id[24], sess[24], cust[24];
} strs;

static void eval_generated(mm_screen_ctx *ctx, sim_config *cfg)
{
    sim s;
    sim_generate(&s, cfg);
    item *it = calloc(s.nev, sizeof *it);
    strs *b = calloc(s.nev, sizeof *b);
    strset mules = {0};
    for (size_t i = 0; i < s.nev; i++) {
        sim_payment(&s, &s.ev[i], i, b[i].id, sizeof b[i].id, b[i].sess, b[i].cust, &it[i].p);
        it[i].lab = s.ev[i];
    }
    for (int i = 0; i < s.nacct; i++)
        if (s.acct[i].kind == SK_MULE)
            set_add(&mules, s.acct[i].id, s.acct[i].typology);
    printf("generated: seed %llu, %d customers, %d days, %d victims, %zu events, %d accounts\n",
           (unsigned long long)cfg->seed, s.cfg.customers, s.cfg.days, s.cfg.victims, s.nev,
           s.nacct);
    run(ctx, it, s.nev, &mules);
    set_free(&mules);
    free(it);
    free(b);
    sim_free(&s);
}

/* ---- files from gen_payments ------------------------------------------------------------ */

static void eval_files(mm_screen_ctx *ctx, const char *events, const char *labels)
{
    char *lb;
    size_t ll;
    mm_error e;
    if (mm_read_file(labels, &lb, &ll, &e) != MM_OK) {
        fprintf(stderr, "%s\n", e.message);
        exit(1);
    }
    /* E id role scenario typology / A account typology */
    strset evl = {0}, mules = {0};
    for (char *l = strtok(lb, "\n"); l; l = strtok(NULL, "\n")) {
        char f[5][128] = {{0}};
        if (sscanf(l, "%127[^\t]\t%127[^\t]\t%127[^\t]\t%127[^\t]\t%127[^\t]", f[0], f[1], f[2],
                   f[3], f[4]) < 3)
            continue;
        if (strcmp(f[0], "E") == 0) {
            int role = 0, scen = 0, typ = 0;
            for (int r = 0; r < 4; r++)
                if (strcmp(f[2], sim_role_name[r]) == 0)
                    role = r;
            for (int r = 0; r < SS__COUNT; r++)
                if (strcmp(f[3], sim_scenario_name[r]) == 0)
                    scen = r;
            for (int r = 0; r < ST__COUNT; r++)
                if (strcmp(f[4], sim_typology_name[r]) == 0)
                    typ = r;
            set_add(&evl, f[1], role | scen << 4 | typ << 8);
        } else if (strcmp(f[0], "A") == 0) {
            int typ = 0;
            for (int r = 0; r < ST__COUNT; r++)
                if (strcmp(f[2], sim_typology_name[r]) == 0)
                    typ = r;
            set_add(&mules, f[1], typ);
        }
    }
    free(lb);
    set_sort(&evl);
    FILE *f = fopen(events, "r");
    if (f == NULL) {
        perror(events);
        exit(1);
    }
    mm_arena *a = mm_arena_new(1 << 20);
    size_t cap = 1 << 16, n = 0;
    item *it = malloc(cap * sizeof *it);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    long bad = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (n == cap)
            it = realloc(it, (cap *= 2) * sizeof *it);
        memset(&it[n], 0, sizeof it[n]);
        if (mm_payment_parse(line, (size_t)len, NULL, a, &it[n].p, &e) != MM_OK) {
            bad++;
            continue;
        }
        int k = set_find(&evl, it[n].p.id);
        it[n].lab.type = it[n].p.type;
        it[n].lab.t = it[n].p.time;
        it[n].lab.amount = it[n].p.amount;
        if (k >= 0) {
            it[n].lab.role = (unsigned char)(evl.tag[k] & 15);
            it[n].lab.scenario = (unsigned char)(evl.tag[k] >> 4 & 15);
            it[n].lab.typology = (unsigned char)(evl.tag[k] >> 8 & 15);
        }
        n++;
    }
    free(line);
    fclose(f);
    printf("read %zu events (%ld unreadable), %zu labelled fraud events, %zu mule accounts\n", n,
           bad, evl.n, mules.n);
    run(ctx, it, n, &mules);
    free(it);
    mm_arena_free(a);
    set_free(&evl);
    set_free(&mules);
}

/* ---- AMLSim ------------------------------------------------------------------------------ */

static void eval_amlsim(mm_screen_ctx *ctx, const char *dir)
{
    static const char *const sims[] = {"20K_fanin200", "20K_cycle200", "20K_fanin200cycle200"};
    printf("\n== AMLSim (streaming rules: MULE_PASS_THROUGH / PAYEE_MULE_PATTERN; account "
           "labels isFraud; 1 step = 1 day, 1 unit = ¥10,000)\n");
    printf("%-22s %8s %8s %8s %9s %9s\n", "simulation", "tx", "fraud", "flagged", "precision",
           "recall");
    for (int k = 0; k < 3; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s/nodes.csv", dir, sims[k]);
        FILE *f = fopen(path, "r");
        if (f == NULL) {
            printf("%-22s SKIP: %s not found\n", sims[k], path);
            continue;
        }
        char line[512];
        int maxid = 0;
        static unsigned char fraud[200000];
        memset(fraud, 0, sizeof fraud);
        long nfraud = 0;
        while (fgets(line, sizeof line, f)) {
            int id, isf;
            if (sscanf(line, "%d,%d", &id, &isf) == 2 && id >= 0 && id < 200000) {
                fraud[id] = (unsigned char)isf;
                nfraud += isf;
                if (id > maxid)
                    maxid = id;
            }
        }
        fclose(f);
        snprintf(path, sizeof path, "%s/%s/transactions.csv", dir, sims[k]);
        if ((f = fopen(path, "r")) == NULL)
            continue;
        mm_pay_state *st = mm_pay_state_new(1 << 16);
        mm_arena *a = mm_arena_new(0);
        static unsigned char flag[200000];
        memset(flag, 0, sizeof flag);
        long ntx = 0;
        while (fgets(line, sizeof line, f)) {
            int src, dst, step;
            double val;
            if (sscanf(line, "%d,%d,%lf,%d", &src, &dst, &val, &step) != 4 || src < 0 || dst < 0 ||
                src >= 200000 || dst >= 200000)
                continue;
            char fa[32], ta[32], id[32];
            snprintf(fa, sizeof fa, "0001-001-1-%07d", src);
            snprintf(ta, sizeof ta, "0001-001-1-%07d", dst);
            snprintf(id, sizeof id, "a%ld", ntx);
            mm_payment p = {.id = id,
                            .type = MM_PAY_TRANSFER,
                            .time = SIM_T0 + (int64_t)step * 86400 + ntx % 86400,
                            .amount = (int64_t)(val * 10000)};
            p.from.account = fa;
            p.to.account = ta;
            mm_verdict v;
            if (mm_screen_payment(ctx, st, &p, a, &v, NULL) == MM_OK)
                for (size_t r = 0; r < v.nreasons; r++) {
                    if (strcmp(v.reasons[r].code, "MULE_PASS_THROUGH") == 0)
                        flag[src] = 1;
                    if (strcmp(v.reasons[r].code, "PAYEE_MULE_PATTERN") == 0)
                        flag[dst] = 1;
                }
            mm_arena_reset(a);
            ntx++;
        }
        fclose(f);
        long fl = 0, tp = 0;
        for (int i = 0; i <= maxid; i++) {
            fl += flag[i];
            tp += flag[i] && fraud[i];
        }
        printf("%-22s %8ld %8ld %8ld %8.1f%% %8.1f%%\n", sims[k], ntx, nfraud, fl,
               100.0 * tp / (fl ? fl : 1), 100.0 * tp / (nfraud ? nfraud : 1));
        mm_pay_state_free(st);
        mm_arena_free(a);
    }
}

int main(int argc, char **argv)
{
    sim_config cfg = {.customers = 20000, .days = 60, .victims = 300, .seed = 2};
    const char *events = NULL, *labels = NULL, *amlsim = NULL, *data = "data";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seed") == 0)
            cfg.seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--customers") == 0)
            cfg.customers = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--days") == 0)
            cfg.days = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--victims") == 0)
            cfg.victims = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--events") == 0)
            events = argv[i + 1];
        else if (strcmp(argv[i], "--labels") == 0)
            labels = argv[i + 1];
        else if (strcmp(argv[i], "--amlsim") == 0)
            amlsim = argv[i + 1];
        else if (strcmp(argv[i], "--data") == 0)
            data = argv[i + 1];
        else {
            fprintf(stderr, "usage: eval_payments [--seed S] [--customers N] [--days D] "
                            "[--victims V] | --events F --labels L | --amlsim DIR\n");
            return 2;
        }
    }
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT};
    mm_payment_rules *rules = NULL;
    mm_error e;
    if (mm_payment_rules_load(data, &rules, &e) != MM_OK || rules == NULL) {
        fprintf(stderr, "rules: %s\n", rules ? e.message : "data/payment_rules.tsv not found");
        return 1;
    }
    ctx.payment = rules;
    sim_bank *banks = NULL;
    cfg.nbanks = load_banks(&banks);
    cfg.banks = banks;
    char *ex_ids[16];
    size_t nex = load_exchanges(data, ex_ids, 16);
    cfg.exchange_ids = (const char *const *)ex_ids;
    cfg.nexchange_ids = nex;
    if (amlsim)
        eval_amlsim(&ctx, amlsim);
    else if (events && labels)
        eval_files(&ctx, events, labels);
    else
        eval_generated(&ctx, &cfg);
    free(banks);
    for (size_t i = 0; i < nex; i++)
        free(ex_ids[i]);
    mm_payment_rules_free(rules);
    return 0;
}
