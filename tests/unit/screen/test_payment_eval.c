/* Floors for payment screening on a small synthetic stream with planted,
 * labelled fraud (bench/payments_sim.h; the full tables come from
 * bench/eval_payments). Seed 3 was never used to set a rule's threshold
 * (seed 1 was), so these are held-out figures; the floors sit below what
 * the rules reach so that a regression, not noise, fails them. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../../bench/payments_sim.h"
#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"

typedef struct ids {
    char id[24], sess[24], cust[24];
} ids;

Test(screen_payment_eval, held_out_stream_meets_floors, .timeout = 60)
{
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT};
    mm_payment_rules *rules;
    mm_error e;
    cr_assert_eq(mm_payment_rules_load("data", &rules, &e), MM_OK, "%s", e.message);
    cr_assert_not_null(rules);
    ctx.payment = rules;
    /* the sim's exchanges are the ones in the reviewed list */
    char *ex;
    size_t exl;
    cr_assert_eq(mm_read_file("data/exchange_accounts.tsv", &ex, &exl, &e), MM_OK);
    const char *exid[16];
    size_t nex = 0;
    for (char *l = strtok(ex, "\n"); l && nex < 16; l = strtok(NULL, "\n"))
        if (l[0] != '#' && strchr(l, '\t')) {
            *strchr(l, '\t') = '\0';
            exid[nex++] = l;
        }
    sim_config cfg = {.customers = 3000,
                      .days = 40,
                      .victims = 90,
                      .seed = 3,
                      .exchange_ids = exid,
                      .nexchange_ids = nex};
    sim s;
    sim_generate(&s, &cfg);
    mm_pay_state *st = mm_pay_state_new(1 << 14);
    mm_arena *a = mm_arena_new(0);
    ids *b = calloc(s.nev, sizeof *b);
    sim_counts c = {0};
    long mule_hits = 0, flagged_benign_accounts = 0;
    unsigned char *flag = calloc((size_t)s.nacct, 1);
    for (size_t i = 0; i < s.nev; i++) {
        mm_payment p;
        sim_payment(&s, &s.ev[i], i, b[i].id, sizeof b[i].id, b[i].sess, b[i].cust, &p);
        mm_verdict v;
        cr_assert_eq(mm_screen_payment(&ctx, st, &p, a, &v, &e), MM_OK, "%s", e.message);
        if (s.ev[i].type != MM_PAY_IB_LOGIN && s.ev[i].type != MM_PAY_IB_LIMIT_CHANGE)
            sim_count(&c, &s.ev[i], v.action);
        for (size_t r = 0; r < v.nreasons; r++) {
            if (strcmp(v.reasons[r].code, "MULE_PASS_THROUGH") == 0 && s.ev[i].from >= 0)
                flag[s.ev[i].from] = 1;
            if (strcmp(v.reasons[r].code, "PAYEE_MULE_PATTERN") == 0 && s.ev[i].to >= 0)
                flag[s.ev[i].to] = 1;
        }
        mm_arena_reset(a);
    }
    long mules = 0;
    for (int i = 0; i < s.nacct; i++) {
        bool m = s.acct[i].kind == SK_MULE;
        mules += m;
        mule_hits += m && flag[i];
        flagged_benign_accounts += !m && flag[i];
    }
    double recall_warn = (double)c.warn[1] / (double)c.events[1];
    double recall_hold = (double)c.hold[1] / (double)c.events[1];
    double benign_warn = (double)c.warn[0] / (double)c.events[0];
    double prec_hold = (double)c.hold[1] / (double)(c.hold[1] + c.hold[0]);
    double mule_recall = (double)mule_hits / (double)mules;
    double mule_prec = (double)mule_hits / (double)(mule_hits + flagged_benign_accounts);
    double money_held = (double)c.victim_money_held / (double)c.victim_money;
    cr_log_info("events %zu fraud %ld: recall warn %.3f hold %.3f, benign warn %.4f, precision "
                "hold %.3f, money held %.3f, mules %ld recall %.3f precision %.3f",
                s.nev, c.events[1], recall_warn, recall_hold, benign_warn, prec_hold, money_held,
                mules, mule_recall, mule_prec);
    cr_expect_geq(c.events[1], 150, "too few fraud events generated: %ld", c.events[1]);
    cr_expect_geq(recall_warn, 0.50, "fraud recall at warn %.3f", recall_warn);
    cr_expect_geq(recall_hold, 0.30, "fraud recall at hold %.3f", recall_hold);
    cr_expect_leq(benign_warn, 0.03, "benign events warned %.4f", benign_warn);
    cr_expect_geq(prec_hold, 0.20, "precision at hold %.3f", prec_hold);
    cr_expect_geq(money_held, 0.50, "victim money held %.3f", money_held);
    cr_expect_geq(mule_recall, 0.30, "mule recall %.3f", mule_recall);
    cr_expect_geq(mule_prec, 0.25, "mule precision %.3f", mule_prec);
    /* scenario floors: the mechanism rules each catch their own scam */
    cr_expect_geq((double)c.scen_hold[SS_REFUND_ATM] / c.scen_n[SS_REFUND_ATM], 0.55);
    cr_expect_geq((double)c.scen_hold[SS_INVEST_EXCHANGE] / c.scen_n[SS_INVEST_EXCHANGE], 0.70);
    cr_expect_geq((double)c.scen_warn[SS_EMONEY] / c.scen_n[SS_EMONEY], 0.60);
    cr_expect_geq((double)c.scen_warn[SS_POLICE_IB] / c.scen_n[SS_POLICE_IB], 0.75);
    free(flag);
    free(b);
    free(ex);
    mm_arena_free(a);
    mm_pay_state_free(st);
    sim_free(&s);
    mm_payment_rules_free(rules);
}
