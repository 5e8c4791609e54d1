/*
 * payments_sim.h — a synthetic Japanese payment stream with planted,
 * labelled fraud, shared by bench/gen_payments.c (writes it), eval
 * (bench/eval_payments.c, tests/unit/screen/test_payment_eval.c) and
 * bench/bench_payment.c (screens it).
 *
 * Background: salaries (25th, Zengin-style batch from employers), rent
 * (27th), utilities (10th, many payers into one biller), shopping and
 * code payments, ATM withdrawals, family transfers, occasional large legit
 * transfers (also by the elderly), new-device logins and limit raises
 * followed by normal transfers, single e-money cards, own-name crypto
 * exchange deposits, foreign remittances, and wholesalers that receive
 * from many customers and pay suppliers the same day (the benign
 * look-alike of a mule).
 *
 * Fraud: victims (mostly 65+) pay by the channel their scam uses — ATM
 * transfer during a phone call (還付金), internet banking after a new
 * device login or limit raise (ニセ警察), a deposit into a crypto exchange
 * under the fraudster's name or a crypto send (investment/romance), e-money
 * cards at a store (架空請求), plain transfers (fake bills) — into mule
 * networks of the AMLSim typologies fan-in, fan-out, scatter-gather,
 * gather-scatter, cycle and stack, which forward the money within minutes
 * to hours and exit by ATM withdrawals or to crypto. Every fraud event and
 * every mule account is labelled.
 *
 * Header-only (static functions) so a bench program and a unit test can
 * both include it; deterministic for a seed. Bank and branch codes come
 * from a caller-supplied list (the real Zengin list when present) or a
 * small fictitious one.
 */
#ifndef MAMORU_BENCH_PAYMENTS_SIM_H
#define MAMORU_BENCH_PAYMENTS_SIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/core.h"
#include "mamoru/payment.h"
#include "mamoru/screen.h"

/* ---- labels ------------------------------------------------------------------- */

enum sim_role { SR_BENIGN = 0, SR_VICTIM, SR_LAYERING, SR_EXIT };
static const char *const sim_role_name[] = {"benign", "victim", "layering", "exit"};

enum sim_scenario {
    SS_NONE = 0,
    SS_REFUND_ATM,      /* ATM transfer while on the phone */
    SS_POLICE_IB,       /* IB new device / limit raise, then large transfer */
    SS_INVEST_EXCHANGE, /* deposit to an exchange under the fraudster's name */
    SS_INVEST_CRYPTO,   /* crypto send to a new address */
    SS_EMONEY,          /* e-money cards at a store */
    SS_FAKE_BILL,       /* plain transfer to a mule */
    SS__COUNT
};
static const char *const sim_scenario_name[] = {
    "-", "refund_atm", "police_ib", "invest_exchange", "invest_crypto", "emoney", "fake_bill"};

enum sim_typology {
    ST_NONE = 0,
    ST_FAN_IN,
    ST_FAN_OUT,
    ST_SCATTER_GATHER,
    ST_GATHER_SCATTER,
    ST_CYCLE,
    ST_STACK,
    ST__COUNT
};
static const char *const sim_typology_name[] = {
    "-", "fan_in", "fan_out", "scatter_gather", "gather_scatter", "cycle", "stack"};

enum sim_kind {
    SK_CUSTOMER = 0,
    SK_EMPLOYER,
    SK_LANDLORD,
    SK_MERCHANT,
    SK_UTILITY,
    SK_WHOLESALER,
    SK_EXCHANGE,
    SK_MULE,
    SK_CRYPTO,
};

typedef struct sim_acct {
    char id[100];  /* canonical account or crypto address */
    char name[64]; /* holder name, UTF-8 */
    int age;       /* 0 for organisations */
    int kind;
    int typology; /* mules: the network's typology */
    int employer; /* customers: employer index or -1 */
    int landlord; /* customers: landlord index or -1 */
} sim_acct;

typedef struct sim_ev {
    int64_t t;
    int type;     /* mm_pay_type */
    int from, to; /* account indices, -1 none */
    int64_t amount;
    unsigned flags; /* SF_* */
    int requester;  /* account index whose name is typed as 振込依頼人名, -1 none */
    int session;    /* store visit / ATM session number, -1 none */
    int customer;   /* e-money buyer (customer index), -1 none */
    unsigned char role, scenario, typology;
    int victim; /* victim account index for fraud money, -1 */
} sim_ev;

enum {
    SF_ON_CALL = 1,
    SF_NEW_DEVICE = 2,
    SF_FOREIGN = 4,
    SF_CHANNEL_ATM = 8,
    SF_CHANNEL_IB = 16,
    SF_CHANNEL_STORE = 32,
};

typedef struct sim_bank {
    char bank[5], branch[4];
} sim_bank;

typedef struct sim_config {
    int customers; /* default 20000 */
    int days;      /* default 60 */
    int victims;   /* default 300 */
    uint64_t seed;
    const sim_bank *banks; /* optional; NULL = fictitious */
    size_t nbanks;
    const char *const *exchange_ids; /* the exchanges' deposit accounts (canonical), optional */
    size_t nexchange_ids;
} sim_config;

typedef struct sim {
    sim_config cfg;
    sim_acct *acct;
    int nacct, cap_acct;
    sim_ev *ev;
    size_t nev, cap_ev;
    uint64_t rng;
    int sessions;
    int employers, landlords, merchants, utilities, wholesalers, exchanges;
    int first_employer, first_landlord, first_merchant, first_utility, first_wholesaler,
        first_exchange;
} sim;

#define SIM_T0 1743433200LL /* 2025-04-01 00:00 JST */
/* Events of the first week only warm the state (a deployed state is
 * warmed from the store); metrics count from then on, and fraud starts
 * after it. */
#define SIM_WARMUP_DAYS 7
#define SIM_WARMUP_END (SIM_T0 + SIM_WARMUP_DAYS * 86400LL)

static inline uint64_t sim_rnd(sim *s)
{
    uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline double sim_u(sim *s)
{
    return (double)(sim_rnd(s) >> 11) / 9007199254740992.0;
}

static inline int64_t sim_range(sim *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(sim_rnd(s) % (uint64_t)(hi - lo + 1));
}

/* Round yen amounts the way people type them. */
static inline int64_t sim_round(int64_t v)
{
    int64_t unit = v >= 1000000 ? 10000 : v >= 100000 ? 1000 : 100;
    return v / unit * unit;
}

static const char *const sim_sur[] = {"サトウ",   "スズキ",   "タカハシ", "タナカ",   "イトウ",
                                      "ワタナベ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ",
                                      "ヨシダ",   "ヤマダ",   "ササキ",   "ヤマグチ", "マツモト",
                                      "イノウエ", "キムラ",   "ハヤシ",   "シミズ",   "モリ"};
static const char *const sim_given[] = {"タロウ", "ハナコ", "イチロウ", "ユウコ", "ケンジ",
                                        "ミチコ", "ヒロシ", "カズコ",   "マコト", "アキラ",
                                        "サチコ", "ヨシオ", "ケイコ",   "タカシ", "トモコ"};
static const char *const sim_co[] = {"サンプル", "テスト", "ミライ", "アサヒ", "ヒカリ",
                                     "フジ",     "サクラ", "ミドリ", "ヤマト", "ニッポン"};
static const char *const sim_co2[] = {"ショウジ",   "コウギョウ", "サービス",   "トレーディング",
                                      "フドウサン", "デンキ",     "ショクヒン", "ケンセツ"};

static inline int sim_add_acct(sim *s, int kind)
{
    if (s->nacct == s->cap_acct) {
        s->cap_acct = s->cap_acct ? s->cap_acct * 2 : 1024;
        s->acct = realloc(s->acct, (size_t)s->cap_acct * sizeof *s->acct);
    }
    sim_acct *a = &s->acct[s->nacct];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->employer = a->landlord = -1;
    if (kind == SK_CRYPTO) {
        int k = snprintf(a->id, sizeof a->id, "eth:0x");
        for (int i = 0; i < 40; i++)
            a->id[k++] = "0123456789abcdef"[sim_rnd(s) & 15];
        a->id[k] = '\0';
    } else {
        const char *bank = "0001", *branch = "001";
        static const sim_bank fict[] = {{"0001", "001"}, {"0005", "001"}, {"0009", "001"},
                                        {"0010", "100"}, {"0036", "251"}, {"0038", "106"}};
        const sim_bank *b =
            s->cfg.nbanks ? &s->cfg.banks[sim_rnd(s) % s->cfg.nbanks] : &fict[sim_rnd(s) % 6];
        bank = b->bank;
        branch = b->branch;
        snprintf(a->id, sizeof a->id, "%s-%s-%d-%07d", bank, branch,
                 kind == SK_CUSTOMER || kind == SK_MULE ? 1 : 2, s->nacct + 1000000);
    }
    if (kind == SK_CUSTOMER || kind == SK_MULE)
        snprintf(a->name, sizeof a->name, "%s %s", sim_sur[sim_rnd(s) % 20],
                 sim_given[sim_rnd(s) % 15]);
    else if (kind != SK_CRYPTO)
        snprintf(a->name, sizeof a->name, "カ）%s%s", sim_co[sim_rnd(s) % 10],
                 sim_co2[sim_rnd(s) % 8]);
    return s->nacct++;
}

static inline sim_ev *sim_push(sim *s, int64_t t, int type, int from, int to, int64_t amount)
{
    if (s->nev == s->cap_ev) {
        s->cap_ev = s->cap_ev ? s->cap_ev * 2 : 65536;
        s->ev = realloc(s->ev, s->cap_ev * sizeof *s->ev);
    }
    sim_ev *e = &s->ev[s->nev++];
    memset(e, 0, sizeof *e);
    e->t = t;
    e->type = type;
    e->from = from;
    e->to = to;
    e->amount = amount;
    e->requester = e->session = e->customer = e->victim = -1;
    return e;
}

/* A time on day d between hours h0 and h1 (JST). */
static inline int64_t sim_when(sim *s, int d, int h0, int h1)
{
    return SIM_T0 + (int64_t)d * 86400 + sim_range(s, h0 * 3600, h1 * 3600 - 1);
}

static inline int sim_pick(sim *s, int first, int count)
{
    return first + (int)(sim_rnd(s) % (uint64_t)count);
}

/* ---- mule networks -------------------------------------------------------------- */

static inline void sim_fraud_ev(sim_ev *e, int role, int scen, int typ, int victim)
{
    e->role = (unsigned char)role;
    e->scenario = (unsigned char)scen;
    e->typology = (unsigned char)typ;
    e->victim = victim;
}

/* The mule cashes out: ATM withdrawals of ≤ ¥500,000 (出し子), or a deposit
 * to an exchange under its own name, or (collectors) a crypto send. */
static inline void sim_exit(sim *s, int mule, int64_t amount, int64_t t, int typ, int victim)
{
    double r = sim_u(s);
    if (r < 0.55) {
        while (amount > 0) {
            int64_t a = amount > 500000 ? 500000 : amount;
            a = sim_round(a);
            if (a <= 0)
                break;
            t += sim_range(s, 120, 1800);
            sim_ev *e = sim_push(s, t, MM_PAY_ATM_WITHDRAWAL, mule, -1, a);
            e->flags = SF_CHANNEL_ATM;
            sim_fraud_ev(e, SR_EXIT, SS_NONE, typ, victim);
            amount -= a;
        }
    } else if (r < 0.85) {
        int ex = sim_pick(s, s->first_exchange, s->exchanges);
        sim_ev *e =
            sim_push(s, t + sim_range(s, 300, 7200), MM_PAY_TRANSFER, mule, ex, sim_round(amount));
        e->requester = mule;
        e->flags = SF_CHANNEL_IB;
        sim_fraud_ev(e, SR_EXIT, SS_NONE, typ, victim);
    } else {
        int c = sim_add_acct(s, SK_CRYPTO);
        s->acct[c].typology = typ;
        sim_ev *e = sim_push(s, t + sim_range(s, 300, 7200), MM_PAY_CRYPTO_SEND, mule, c,
                             sim_round(amount));
        sim_fraud_ev(e, SR_EXIT, SS_NONE, typ, victim);
    }
}

static inline void sim_layer(sim *s, int from, int to, int64_t amount, int64_t t, int typ,
                             int victim)
{
    sim_ev *e = sim_push(s, t, MM_PAY_TRANSFER, from, to, sim_round(amount));
    e->flags = SF_CHANNEL_IB;
    sim_fraud_ev(e, SR_LAYERING, SS_NONE, typ, victim);
}

static inline int sim_new_mule(sim *s, int typ)
{
    int m = sim_add_acct(s, SK_MULE);
    s->acct[m].typology = typ;
    s->acct[m].age = (int)sim_range(s, 19, 35);
    return m;
}

/* A network: receives victim payments into entry mules and moves the
 * money on per its typology. inflow[i] arrives at entry[i] at time t[i]. */
typedef struct sim_net {
    int typ;
    int entry[8];
    int nentry;
    int inner[8];
    int ninner;
    int collector;
    int64_t got_amount[8];
    int64_t got_t[8];
    int got_victim[8];
    int ngot;
} sim_net;

static inline void sim_net_init(sim *s, sim_net *n, int typ)
{
    memset(n, 0, sizeof *n);
    n->typ = typ;
    n->collector = -1;
    switch (typ) {
    case ST_FAN_IN:
    case ST_GATHER_SCATTER:
        n->entry[n->nentry++] = sim_new_mule(s, typ);
        for (int i = 0; typ == ST_GATHER_SCATTER && i < 4; i++)
            n->inner[n->ninner++] = sim_new_mule(s, typ);
        break;
    case ST_FAN_OUT:
        n->entry[n->nentry++] = sim_new_mule(s, typ);
        for (int i = 0; i < 4; i++)
            n->inner[n->ninner++] = sim_new_mule(s, typ);
        break;
    case ST_SCATTER_GATHER:
        n->entry[n->nentry++] = sim_new_mule(s, typ);
        for (int i = 0; i < 4; i++)
            n->inner[n->ninner++] = sim_new_mule(s, typ);
        n->collector = sim_new_mule(s, typ);
        break;
    case ST_CYCLE:
        n->entry[n->nentry++] = sim_new_mule(s, typ);
        for (int i = 0; i < 2; i++)
            n->inner[n->ninner++] = sim_new_mule(s, typ);
        break;
    case ST_STACK:
        for (int i = 0; i < 3; i++)
            n->entry[n->nentry++] = sim_new_mule(s, typ);
        for (int i = 0; i < 3; i++)
            n->inner[n->ninner++] = sim_new_mule(s, typ);
        break;
    }
}

/* Where a victim of this network pays. */
static inline int sim_net_target(sim *s, sim_net *n)
{
    return n->entry[sim_rnd(s) % (uint64_t)n->nentry];
}

static inline void sim_net_receive(sim_net *n, int entry, int64_t amount, int64_t t, int victim)
{
    if (n->ngot < 8) {
        n->got_amount[n->ngot] = amount;
        n->got_t[n->ngot] = t;
        n->got_victim[n->ngot] = victim;
        n->ngot++;
    }
    (void)entry;
}

/* Move the network's money after its inflows (called once, at the end). */
static inline void sim_net_flush(sim *s, sim_net *n)
{
    if (n->ngot == 0)
        return;
    int typ = n->typ;
    int64_t total = 0, last = 0;
    for (int i = 0; i < n->ngot; i++) {
        total += n->got_amount[i];
        if (n->got_t[i] > last)
            last = n->got_t[i];
    }
    int victim = n->got_victim[0];
    double keep = 0.92 + 0.05 * sim_u(s); /* the mule's cut is the rest */
    switch (typ) {
    case ST_FAN_IN: /* per inflow: forward soon after each deposit */
        for (int i = 0; i < n->ngot; i++)
            sim_exit(s, n->entry[0], (int64_t)(n->got_amount[i] * keep),
                     n->got_t[i] + sim_range(s, 900, 6 * 3600), typ, n->got_victim[i]);
        break;
    case ST_FAN_OUT:
    case ST_GATHER_SCATTER: {
        int64_t t = last + sim_range(s, 1800, 8 * 3600);
        int64_t part = (int64_t)(total * keep) / n->ninner;
        for (int i = 0; i < n->ninner; i++) {
            sim_layer(s, n->entry[0], n->inner[i], part, t + i * 60, typ, victim);
            sim_exit(s, n->inner[i], (int64_t)(part * 0.95), t + sim_range(s, 1800, 12 * 3600), typ,
                     victim);
        }
        break;
    }
    case ST_SCATTER_GATHER: {
        int64_t t = last + sim_range(s, 1800, 6 * 3600);
        int64_t part = (int64_t)(total * keep) / n->ninner, back = 0;
        for (int i = 0; i < n->ninner; i++) {
            sim_layer(s, n->entry[0], n->inner[i], part, t + i * 60, typ, victim);
            int64_t p2 = (int64_t)(part * 0.95);
            sim_layer(s, n->inner[i], n->collector, p2, t + sim_range(s, 1800, 6 * 3600), typ,
                      victim);
            back += p2;
        }
        sim_exit(s, n->collector, (int64_t)(back * 0.97), t + 8 * 3600, typ, victim);
        break;
    }
    case ST_CYCLE: {
        int chain[4] = {n->entry[0], n->inner[0], n->inner[1], n->entry[0]};
        int64_t t = last + sim_range(s, 1800, 4 * 3600), a = (int64_t)(total * keep);
        for (int i = 0; i < 3; i++) {
            sim_layer(s, chain[i], chain[i + 1], a, t, typ, victim);
            t += sim_range(s, 1800, 4 * 3600);
            a = (int64_t)(a * 0.97);
        }
        sim_exit(s, n->entry[0], a, t, typ, victim);
        break;
    }
    case ST_STACK: {
        /* each entry forwards its inflows split over the second layer */
        int64_t t = last + sim_range(s, 1800, 6 * 3600);
        int64_t each = (int64_t)(total * keep) / (n->nentry * n->ninner);
        for (int i = 0; i < n->nentry; i++)
            for (int j = 0; j < n->ninner; j++)
                sim_layer(s, n->entry[i], n->inner[j], each, t + (i * 3 + j) * 120, typ, victim);
        for (int j = 0; j < n->ninner; j++)
            sim_exit(s, n->inner[j], (int64_t)(each * n->nentry * 0.96),
                     t + sim_range(s, 3600, 10 * 3600), typ, victim);
        break;
    }
    }
}

/* ---- generation ------------------------------------------------------------------ */

static inline int sim_cmp(const void *a, const void *b)
{
    const sim_ev *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x < y ? -1 : x > y;
}

static inline void sim_victim(sim *s, int v, sim_net *nets, int nnets, int day)
{
    int scen;
    double r = sim_u(s);
    scen = r < 0.20   ? SS_REFUND_ATM
           : r < 0.45 ? SS_POLICE_IB
           : r < 0.58 ? SS_INVEST_EXCHANGE
           : r < 0.68 ? SS_INVEST_CRYPTO
           : r < 0.83 ? SS_EMONEY
                      : SS_FAKE_BILL;
    int64_t t = sim_when(s, day, 9, 18);
    sim_net *net = &nets[sim_rnd(s) % (uint64_t)nnets];
    switch (scen) {
    case SS_REFUND_ATM: { /* one to three ATM transfers below the ¥100k/day-ish caps */
        int k = (int)sim_range(s, 1, 3);
        int sess = s->sessions++;
        for (int i = 0; i < k; i++) {
            int to = sim_net_target(s, net);
            int64_t a = sim_round(sim_range(s, 49000, 99000));
            sim_ev *e = sim_push(s, t + i * 240, MM_PAY_ATM_TRANSFER, v, to, a);
            e->flags = SF_CHANNEL_ATM | (sim_u(s) < 0.75 ? SF_ON_CALL : 0);
            e->session = sess;
            sim_fraud_ev(e, SR_VICTIM, scen, net->typ, v);
            sim_net_receive(net, to, a, e->t, v);
        }
        break;
    }
    case SS_POLICE_IB: {
        double w = sim_u(s);
        if (w < 0.5) {
            sim_ev *e = sim_push(s, t, MM_PAY_IB_LOGIN, v, -1, 0);
            e->flags = SF_NEW_DEVICE | SF_CHANNEL_IB;
            sim_fraud_ev(e, SR_VICTIM, scen, net->typ, v);
        } else if (w < 0.8) {
            sim_ev *e = sim_push(s, t, MM_PAY_IB_LIMIT_CHANGE, v, -1, 5000000);
            e->flags = SF_CHANNEL_IB;
            sim_fraud_ev(e, SR_VICTIM, scen, net->typ, v);
        }
        int k = (int)sim_range(s, 1, 2);
        for (int i = 0; i < k; i++) {
            int to = sim_net_target(s, net);
            int64_t a = sim_round(sim_range(s, 500000, 3000000));
            sim_ev *e =
                sim_push(s, t + sim_range(s, 600, 7200) + i * 3600, MM_PAY_TRANSFER, v, to, a);
            e->flags = SF_CHANNEL_IB;
            sim_fraud_ev(e, SR_VICTIM, scen, net->typ, v);
            sim_net_receive(net, to, a, e->t, v);
        }
        break;
    }
    case SS_INVEST_EXCHANGE: { /* pays into an exchange under the fraudster's (mule's) name */
        int ex = sim_pick(s, s->first_exchange, s->exchanges);
        int mule = sim_net_target(s, net);
        int k = (int)sim_range(s, 1, 3);
        for (int i = 0; i < k; i++) {
            sim_ev *e = sim_push(s, t + (int64_t)i * 86400 * sim_range(s, 1, 5), MM_PAY_TRANSFER, v,
                                 ex, sim_round(sim_range(s, 100000, 1500000)));
            e->requester = sim_u(s) < 0.85 ? mule : v;
            e->flags = SF_CHANNEL_IB;
            sim_fraud_ev(e, SR_VICTIM, scen, net->typ, v);
        }
        break;
    }
    case SS_INVEST_CRYPTO: { /* buys crypto (own name), then sends it to the scam address */
        int c = sim_add_acct(s, SK_CRYPTO);
        int own = sim_add_acct(s, SK_CRYPTO);
        int ex = sim_pick(s, s->first_exchange, s->exchanges);
        int64_t a = sim_round(sim_range(s, 200000, 2000000));
        sim_ev *d = sim_push(s, t, MM_PAY_TRANSFER, v, ex, a);
        d->requester = v;
        d->flags = SF_CHANNEL_IB;
        sim_fraud_ev(d, SR_VICTIM, scen, ST_NONE, v);
        sim_ev *e = sim_push(s, t + sim_range(s, 3600, 86400), MM_PAY_CRYPTO_SEND, own, c,
                             (int64_t)(a * 0.99));
        e->customer = v;
        sim_fraud_ev(e, SR_VICTIM, scen, ST_NONE, v);
        break;
    }
    case SS_EMONEY: {
        int k = (int)sim_range(s, 2, 6);
        int sess = s->sessions++;
        for (int i = 0; i < k; i++) {
            static const int64_t face[] = {10000, 20000, 30000, 50000};
            sim_ev *e =
                sim_push(s, t + i * 30, MM_PAY_EMONEY_PURCHASE, -1, -1, face[sim_rnd(s) % 4]);
            e->customer = v;
            e->session = sess;
            e->flags = SF_CHANNEL_STORE;
            sim_fraud_ev(e, SR_VICTIM, scen, ST_NONE, v);
        }
        break;
    }
    default: {
        int to = sim_net_target(s, net);
        int64_t a = sim_round(sim_range(s, 100000, 800000));
        sim_ev *e = sim_push(s, t, MM_PAY_TRANSFER, v, to, a);
        e->flags = SF_CHANNEL_IB;
        sim_fraud_ev(e, SR_VICTIM, scen, net->typ, v);
        sim_net_receive(net, to, a, e->t, v);
    }
    }
}

static inline void sim_generate(sim *s, const sim_config *cfg)
{
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (s->cfg.customers <= 0)
        s->cfg.customers = 20000;
    if (s->cfg.days <= 0)
        s->cfg.days = 60;
    if (s->cfg.victims < 0)
        s->cfg.victims = 0;
    s->rng = cfg->seed * 0x9E3779B97F4A7C15ull + 12345;
    int nc = s->cfg.customers;
    s->employers = nc / 100 + 1;
    s->landlords = nc / 40 + 1;
    s->merchants = nc / 50 + 1;
    s->utilities = 5;
    s->wholesalers = nc / 200 + 1;
    s->exchanges = cfg->nexchange_ids ? (int)cfg->nexchange_ids : 4;
    for (int i = 0; i < nc; i++) {
        int a = sim_add_acct(s, SK_CUSTOMER);
        double r = sim_u(s);
        s->acct[a].age = r < 0.29 ? (int)sim_range(s, 65, 92) : (int)sim_range(s, 18, 64);
    }
#define ORGS(first, count, kind)                                                                   \
    do {                                                                                           \
        s->first = s->nacct;                                                                       \
        for (int i = 0; i < s->count; i++)                                                         \
            sim_add_acct(s, kind);                                                                 \
    } while (0)
    ORGS(first_employer, employers, SK_EMPLOYER);
    ORGS(first_landlord, landlords, SK_LANDLORD);
    ORGS(first_merchant, merchants, SK_MERCHANT);
    ORGS(first_utility, utilities, SK_UTILITY);
    ORGS(first_wholesaler, wholesalers, SK_WHOLESALER);
    ORGS(first_exchange, exchanges, SK_EXCHANGE);
#undef ORGS
    for (size_t i = 0; i < cfg->nexchange_ids; i++)
        snprintf(s->acct[s->first_exchange + (int)i].id, sizeof s->acct[0].id, "%s",
                 cfg->exchange_ids[i]);
    for (int i = 0; i < nc; i++) {
        sim_acct *c = &s->acct[i];
        if (c->age < 65 && sim_u(s) < 0.8)
            c->employer = sim_pick(s, s->first_employer, s->employers);
        if (sim_u(s) < 0.5)
            c->landlord = sim_pick(s, s->first_landlord, s->landlords);
    }
    /* mule networks: about one per 3 victims, typologies in turn */
    int nnets = s->cfg.victims / 3 + 1;
    sim_net *nets = calloc((size_t)nnets, sizeof *nets);
    for (int i = 0; i < nnets; i++)
        sim_net_init(s, &nets[i], 1 + i % (ST__COUNT - 1));
    int days = s->cfg.days;
    for (int d = 0; d < days; d++) {
        int dom = d % 30; /* day of month, roughly */
        if (dom == 24)    /* salaries: a Zengin batch per employer in the morning */
            for (int i = 0; i < nc; i++)
                if (s->acct[i].employer >= 0) {
                    sim_ev *e = sim_push(s, SIM_T0 + (int64_t)d * 86400 + 9 * 3600 + i % 600,
                                         MM_PAY_TRANSFER, s->acct[i].employer, i,
                                         sim_round(sim_range(s, 180000, 450000)));
                    e->flags = SF_CHANNEL_IB;
                }
        if (dom == 26)
            for (int i = 0; i < nc; i++)
                if (s->acct[i].landlord >= 0) {
                    sim_ev *e =
                        sim_push(s, sim_when(s, d, 7, 23), MM_PAY_TRANSFER, i, s->acct[i].landlord,
                                 sim_round(sim_range(s, 50000, 130000)));
                    e->flags = SF_CHANNEL_IB;
                }
        if (dom == 9)
            for (int i = 0; i < nc; i++)
                if (sim_u(s) < 0.3) {
                    sim_ev *e = sim_push(s, sim_when(s, d, 8, 20), MM_PAY_TRANSFER, i,
                                         sim_pick(s, s->first_utility, s->utilities),
                                         sim_round(sim_range(s, 3000, 18000)));
                    e->flags = SF_CHANNEL_IB;
                }
        for (int i = 0; i < nc; i++) {
            sim_acct *c = &s->acct[i];
            bool old = c->age >= 65;
            double r = sim_u(s);
            if (r < 0.12) { /* shopping / code payment */
                sim_ev *e = sim_push(s, sim_when(s, d, 9, 22),
                                     sim_u(s) < 0.5 ? MM_PAY_CODE_PAYMENT : MM_PAY_TRANSFER, i,
                                     sim_pick(s, s->first_merchant, s->merchants),
                                     sim_round(sim_range(s, 500, 30000)));
                e->flags = SF_CHANNEL_IB;
            } else if (r < 0.17) { /* ATM cash */
                int64_t a = old && sim_u(s) < 0.05 ? sim_range(s, 300000, 500000)
                                                   : sim_range(s, 10000, old ? 100000 : 50000);
                sim_ev *e =
                    sim_push(s, sim_when(s, d, 8, 21), MM_PAY_ATM_WITHDRAWAL, i, -1, sim_round(a));
                e->flags = SF_CHANNEL_ATM;
                e->session = s->sessions++;
            } else if (r < 0.18) { /* family */
                sim_ev *e = sim_push(s, sim_when(s, d, 8, 22), MM_PAY_TRANSFER, i,
                                     (int)(sim_rnd(s) % (uint64_t)nc),
                                     sim_round(sim_range(s, 10000, 150000)));
                e->flags = SF_CHANNEL_IB;
            } else if (r < 0.1815) { /* a large legit transfer: car, tuition, gift */
                int to = sim_u(s) < 0.5 ? sim_pick(s, s->first_merchant, s->merchants)
                                        : (int)(sim_rnd(s) % (uint64_t)nc);
                sim_ev *e = sim_push(s, sim_when(s, d, 9, 17), MM_PAY_TRANSFER, i, to,
                                     sim_round(sim_range(s, 500000, 3000000)));
                e->flags = SF_CHANNEL_IB;
            } else if (r < 0.1825) { /* new phone: new-device login, then an ordinary transfer */
                int64_t t = sim_when(s, d, 8, 20);
                sim_ev *e = sim_push(s, t, MM_PAY_IB_LOGIN, i, -1, 0);
                e->flags = SF_NEW_DEVICE | SF_CHANNEL_IB;
                e = sim_push(s, t + sim_range(s, 600, 20000), MM_PAY_TRANSFER, i,
                             sim_pick(s, s->first_merchant, s->merchants),
                             sim_round(sim_range(s, 5000, 800000)));
                e->flags = SF_CHANNEL_IB;
            } else if (r < 0.1828) { /* raised the limit for a house payment */
                int64_t t = sim_when(s, d, 9, 16);
                sim_push(s, t, MM_PAY_IB_LIMIT_CHANGE, i, -1, 10000000)->flags = SF_CHANNEL_IB;
                sim_push(s, t + sim_range(s, 600, 86400), MM_PAY_TRANSFER, i,
                         sim_pick(s, s->first_merchant, s->merchants),
                         sim_round(sim_range(s, 1000000, 8000000)))
                    ->flags = SF_CHANNEL_IB;
            } else if (r < 0.195) { /* one e-money card */
                sim_ev *e = sim_push(s, sim_when(s, d, 7, 23), MM_PAY_EMONEY_PURCHASE, -1, -1,
                                     sim_u(s) < 0.9 ? 1500 * sim_range(s, 1, 4) : 10000);
                e->customer = sim_u(s) < 0.5 ? i : -1;
                e->session = s->sessions++;
                e->flags = SF_CHANNEL_STORE;
            } else if (r < 0.1953) { /* own-name crypto purchase */
                sim_ev *e = sim_push(s, sim_when(s, d, 9, 22), MM_PAY_TRANSFER, i,
                                     sim_pick(s, s->first_exchange, s->exchanges),
                                     sim_round(sim_range(s, 30000, 500000)));
                e->requester = i;
                e->flags = SF_CHANNEL_IB;
            } else if (r < 0.1955) { /* remittance abroad */
                sim_ev *e = sim_push(s, sim_when(s, d, 9, 15), MM_PAY_TRANSFER, i,
                                     sim_pick(s, s->first_merchant, s->merchants),
                                     sim_round(sim_range(s, 100000, 600000)));
                e->flags = SF_FOREIGN | SF_CHANNEL_IB;
            }
        }
        /* wholesalers: many customers pay them, they pay suppliers most of it the same day */
        for (int w = 0; w < s->wholesalers; w++) {
            int who = s->first_wholesaler + w;
            int k = (int)sim_range(s, 3, 8);
            int64_t got = 0, t = SIM_T0 + (int64_t)d * 86400 + 9 * 3600;
            for (int j = 0; j < k; j++) {
                int64_t a = sim_round(sim_range(s, 20000, 300000));
                sim_push(s, t + j * 1800, MM_PAY_TRANSFER, (int)(sim_rnd(s) % (uint64_t)nc), who, a)
                    ->flags = SF_CHANNEL_IB;
                got += a;
            }
            sim_push(s, t + 8 * 3600, MM_PAY_TRANSFER, who,
                     sim_pick(s, s->first_merchant, s->merchants), sim_round(got * 85 / 100))
                ->flags = SF_CHANNEL_IB;
        }
    }
    /* victims: spread over the period, from the customers (70 % aged 65+) */
    for (int k = 0; k < s->cfg.victims; k++) {
        int v;
        bool want_old = sim_u(s) < 0.7;
        do
            v = (int)(sim_rnd(s) % (uint64_t)nc);
        while ((s->acct[v].age >= 65) != want_old);
        sim_victim(s, v, nets, nnets, (int)sim_range(s, SIM_WARMUP_DAYS, days - 2));
    }
    for (int i = 0; i < nnets; i++)
        sim_net_flush(s, &nets[i]);
    free(nets);
    qsort(s->ev, s->nev, sizeof *s->ev, sim_cmp);
}

static inline void sim_free(sim *s)
{
    free(s->acct);
    free(s->ev);
    memset(s, 0, sizeof *s);
}

/* ---- events as payments ------------------------------------------------------------ */

static inline bool sim_is_fraud(const sim_ev *e)
{
    return e->role != SR_BENIGN;
}

/* Fill p from e (strings point into s and static storage; ids in idbuf). */
static inline void sim_payment(const sim *s, const sim_ev *e, size_t i, char *idbuf, size_t idcap,
                               char *sessbuf, char *custbuf, mm_payment *p)
{
    memset(p, 0, sizeof *p);
    snprintf(idbuf, idcap, "g%zu", i);
    p->id = idbuf;
    p->type = (mm_pay_type)e->type;
    p->time = e->t;
    p->amount = e->amount;
    if (e->from >= 0) {
        const sim_acct *a = &s->acct[e->from];
        p->from.account = a->id;
        p->from.name = a->name[0] ? a->name : NULL;
        p->from.age = a->age;
    }
    if (e->to >= 0) {
        const sim_acct *a = &s->acct[e->to];
        p->to.account = a->id;
        p->to.name = a->name[0] ? a->name : NULL;
    }
    if (e->customer >= 0) {
        snprintf(custbuf, 24, "C%d", e->customer);
        p->from.customer_id = custbuf;
        if (p->from.age == 0)
            p->from.age = s->acct[e->customer].age;
    }
    if (e->session >= 0) {
        snprintf(sessbuf, 24, "S%d", e->session);
        p->session = sessbuf;
    }
    if (e->requester >= 0)
        p->requester = s->acct[e->requester].name;
    p->channel = e->flags & SF_CHANNEL_ATM     ? "atm"
                 : e->flags & SF_CHANNEL_STORE ? "store"
                 : e->flags & SF_CHANNEL_IB    ? "ib"
                                               : NULL;
    if (e->flags & SF_ON_CALL)
        p->flags[p->nflags++] = "on_phone_call";
    if (e->flags & SF_NEW_DEVICE)
        p->flags[p->nflags++] = "new_device";
    if (e->flags & SF_FOREIGN)
        p->flags[p->nflags++] = "foreign_remittance";
}

/* ---- metrics ------------------------------------------------------------------------ */

typedef struct sim_counts {
    long events[2];        /* [benign, fraud] */
    long warn[2], hold[2]; /* events at ≥ warn / ≥ hold */
    long scen_n[SS__COUNT], scen_warn[SS__COUNT], scen_hold[SS__COUNT];
    long role_n[4], role_warn[4];
    int64_t victim_money, victim_money_held; /* yen in victim events, and at ≥ hold */
} sim_counts;

static inline void sim_count(sim_counts *c, const sim_ev *e, mm_verdict_action a)
{
    if (e->t < SIM_WARMUP_END)
        return;
    int f = sim_is_fraud(e);
    c->events[f]++;
    c->warn[f] += a >= MM_VERDICT_WARN;
    c->hold[f] += a >= MM_VERDICT_HOLD;
    c->role_n[e->role]++;
    c->role_warn[e->role] += a >= MM_VERDICT_WARN;
    if (e->role == SR_VICTIM) {
        c->scen_n[e->scenario]++;
        c->scen_warn[e->scenario] += a >= MM_VERDICT_WARN;
        c->scen_hold[e->scenario] += a >= MM_VERDICT_HOLD;
        if (e->type != MM_PAY_IB_LOGIN && e->type != MM_PAY_IB_LIMIT_CHANGE) {
            c->victim_money += e->amount;
            if (a >= MM_VERDICT_HOLD)
                c->victim_money_held += e->amount;
        }
    }
}

#endif
