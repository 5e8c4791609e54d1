/* Tests for payment screening (src/screen/payment_screen.c, payment_state.c)
 * with the reviewed rules file data/payment_rules.tsv and the fictitious
 * exchange accounts: each rule fires at its threshold and not below it,
 * listed / frozen payees from a snapshot, sequences through the state
 * (internet-banking login then transfer, e-money baskets, a mule account
 * receiving and passing money on, payee velocity, holder names), and the
 * state's memory bound. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static mm_screen_ctx ctx;
static mm_snapshot *snap;
static mm_pay_state *state;
static mm_arena *ar;

#define T0 1750000000 /* 2025-06-15 */

static void setup(void)
{
    mm_error e;
    cr_assert_eq(mm_screen_ctx_load("data", &ctx, &e), MM_OK, "%s", e.message);
    cr_assert_not_null(ctx.payment, "data/payment_rules.tsv not loaded");
    static const struct {
        const char *acct;
        mm_kind kind;
        mm_ind_status status;
        const char *cat;
    } listed[] = {
        {"0005-002-1-1111111", MM_KIND_BANK_ACCOUNT, MM_IND_CONFIRMED, "police_impersonation"},
        {"0005-002-1-2222222", MM_KIND_BANK_ACCOUNT, MM_IND_REPORTED, "investment"},
        {"0005-002-1-3333333", MM_KIND_BANK_ACCOUNT, MM_IND_ACTIONED, "refund"},
        {"0005-002-1-4444444", MM_KIND_BANK_ACCOUNT, MM_IND_CONFIRMED, "frozen_account"},
        {"eth:0x52908400098527886E0F7030069857D2E4169EE7", MM_KIND_CRYPTO_ADDRESS, MM_IND_CONFIRMED,
         "investment"},
    };
    mm_snapshot_entry en[5];
    for (int i = 0; i < 5; i++)
        en[i] = (mm_snapshot_entry){.kind = listed[i].kind,
                                    .canonical = listed[i].acct,
                                    .len = strlen(listed[i].acct),
                                    .hit = {.id = (uint32_t)(100 + i),
                                            .kind = listed[i].kind,
                                            .status = listed[i].status,
                                            .confidence = 80},
                                    .category = listed[i].cat};
    cr_assert_eq(mm_snapshot_build_from(en, 5, key, sizeof key, &snap, &e), MM_OK, "%s", e.message);
    ctx.snap = snap;
    state = mm_pay_state_new(4096);
    ar = mm_arena_new(0);
}

static void teardown(void)
{
    mm_snapshot_release(snap);
    ctx.snap = NULL;
    mm_screen_ctx_unload(&ctx);
    mm_pay_state_free(state);
    mm_arena_free(ar);
}

TestSuite(screen_payment, .init = setup, .fini = teardown);

static mm_payment tx(const char *id, int64_t t, int64_t amount, const char *from, const char *to)
{
    mm_payment p = {.id = id, .type = MM_PAY_TRANSFER, .time = t, .amount = amount};
    p.from.account = from;
    p.to.account = to;
    return p;
}

static mm_verdict run(const mm_payment *p)
{
    mm_verdict v;
    mm_error e;
    cr_assert_eq(mm_screen_payment(&ctx, state, p, ar, &v, &e), MM_OK, "%s", e.message);
    return v;
}

static const mm_reason *has(const mm_verdict *v, const char *code)
{
    for (size_t i = 0; i < v->nreasons; i++)
        if (strcmp(v->reasons[i].code, code) == 0)
            return &v->reasons[i];
    return NULL;
}

Test(screen_payment, clean_transfer_is_allowed)
{
    mm_payment p = tx("c1", T0, 30000, "0001-001-1-0000001", "0009-001-1-0000002");
    p.from.age = 40;
    mm_verdict v = run(&p);
    cr_assert_eq(v.action, MM_VERDICT_ALLOW);
    cr_assert_eq(v.nreasons, 0);
}

Test(screen_payment, listed_and_frozen_payees)
{
    static const struct {
        const char *to;
        const char *code;
        int weight;
        mm_verdict_action action;
        const char *category;
    } cases[] = {
        {"0005-002-1-1111111", "ACCOUNT_LISTED", 80, MM_VERDICT_HOLD, "police_impersonation"},
        {"0005-002-1-2222222", "ACCOUNT_LISTED", 55, MM_VERDICT_WARN, "investment"},
        {"0005-002-1-3333333", "ACCOUNT_FROZEN", 95, MM_VERDICT_BLOCK, "frozen_account"},
        {"0005-002-1-4444444", "ACCOUNT_FROZEN", 95, MM_VERDICT_BLOCK, "frozen_account"},
        {"eth:0x52908400098527886E0F7030069857D2E4169EE7", "ACCOUNT_LISTED", 80, MM_VERDICT_HOLD,
         "investment"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_payment p = tx("l", T0, 10000, "0001-001-1-0000001", cases[i].to);
        if (cases[i].to[0] == 'e')
            p.type = MM_PAY_CRYPTO_SEND;
        mm_verdict v = run(&p);
        const mm_reason *r = has(&v, cases[i].code);
        cr_assert_not_null(r, "case %zu", i);
        cr_assert_eq(r->weight, cases[i].weight, "case %zu", i);
        cr_assert_eq(v.action, cases[i].action, "case %zu: %d", i, v.action);
        cr_assert_str_eq(v.category, cases[i].category, "case %zu", i);
        cr_assert_geq(r->indicator_id, 100);
        cr_assert_not_null(r->text_ja);
        cr_assert_not_null(v.warning_ja, "case %zu: warning for %s", i, v.category);
    }
    /* money leaving a listed account */
    mm_payment p = tx("o", T0, 10000, "0005-002-1-1111111", "0001-001-1-0000009");
    mm_verdict v = run(&p);
    cr_assert_not_null(has(&v, "PAYER_LISTED"));
}

Test(screen_payment, elderly_large_transfer_thresholds)
{
    static const struct {
        int age;
        int64_t amount;
        mm_pay_type type;
        bool fires;
    } cases[] = {
        {65, 300000, MM_PAY_TRANSFER, true},         {64, 300000, MM_PAY_TRANSFER, false},
        {65, 299999, MM_PAY_TRANSFER, false},        {80, 500000, MM_PAY_ATM_WITHDRAWAL, true},
        {80, 500000, MM_PAY_ATM_TRANSFER, true},     {0, 5000000, MM_PAY_TRANSFER, false},
        {80, 500000, MM_PAY_EMONEY_PURCHASE, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_payment p = tx("e", T0, cases[i].amount, "0001-001-1-0000001",
                          cases[i].type == MM_PAY_ATM_WITHDRAWAL ? NULL : "0009-001-1-0000002");
        p.type = cases[i].type;
        p.from.age = cases[i].age;
        mm_verdict v = run(&p);
        cr_assert_eq(has(&v, "ELDERLY_LARGE_TRANSFER") != NULL, cases[i].fires, "case %zu", i);
    }
}

Test(screen_payment, atm_on_phone_call_holds)
{
    mm_payment p = tx("a", T0, 99000, "0001-001-1-0000001", "0036-251-1-0000003");
    p.type = MM_PAY_ATM_TRANSFER;
    p.flags[0] = "on_phone_call";
    p.nflags = 1;
    p.channel = "atm";
    mm_verdict v = run(&p);
    cr_assert_not_null(has(&v, "ATM_ON_PHONE_CALL"));
    cr_assert_eq(v.action, MM_VERDICT_HOLD);
    cr_assert_str_eq(v.category, "refund");
    p.type = MM_PAY_TRANSFER; /* the flag means nothing outside an ATM */
    v = run(&p);
    cr_assert_null(has(&v, "ATM_ON_PHONE_CALL"));
}

Test(screen_payment, internet_banking_new_device_then_large_transfer)
{
    const char *acct = "0001-001-1-0000005";
    mm_payment login = {.id = "i1",
                        .type = MM_PAY_IB_LOGIN,
                        .time = T0,
                        .channel = "ib",
                        .flags = {"new_device"},
                        .nflags = 1};
    login.from.account = acct;
    run(&login);
    mm_payment limit = {
        .id = "i2", .type = MM_PAY_IB_LIMIT_CHANGE, .time = T0 + 60, .amount = 5000000};
    limit.from.account = acct;
    run(&limit);
    mm_payment p = tx("i3", T0 + 600, 2000000, acct, "0009-001-1-0000002");
    mm_verdict v = run(&p);
    cr_assert_not_null(has(&v, "IB_NEW_DEVICE_LARGE"));
    cr_assert_not_null(has(&v, "IB_LIMIT_RAISED_LARGE"));
    cr_assert_eq(v.action, MM_VERDICT_HOLD);
    /* small amounts and much later transfers do not fire */
    p = tx("i4", T0 + 700, 400000, acct, "0009-001-1-0000002");
    v = run(&p);
    cr_assert_null(has(&v, "IB_NEW_DEVICE_LARGE"));
    p = tx("i5", T0 + 2 * 86400, 2000000, acct, "0009-001-1-0000002");
    v = run(&p);
    cr_assert_null(has(&v, "IB_NEW_DEVICE_LARGE"));
}

Test(screen_payment, exchange_deposit_under_another_name)
{
    static const struct {
        const char *requester;
        bool fires;
    } cases[] = {
        {"1234567 スズキ イチロウ", true},
        {"1234567 ﾔﾏﾀﾞ ﾀﾛｳ", false}, /* customer number + own name, half-width */
        {"やまだ たろう", false},
        {NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_payment p = tx("x", T0, 200000, "0001-001-1-0000001", "0036-251-1-9000001");
        p.from.name = "ヤマダ タロウ";
        p.requester = cases[i].requester;
        mm_verdict v = run(&p);
        cr_assert_eq(has(&v, "EXCHANGE_NAME_MISMATCH") != NULL, cases[i].fires, "case %zu", i);
        if (cases[i].fires) {
            cr_assert_eq(v.action, MM_VERDICT_HOLD);
            cr_assert_str_eq(v.category, "crypto_deposit");
        }
    }
    /* not an exchange account: no rule */
    mm_payment p = tx("x", T0, 200000, "0001-001-1-0000001", "0036-251-1-9000009");
    p.from.name = "ヤマダ タロウ";
    p.requester = "スズキ イチロウ";
    mm_verdict v = run(&p);
    cr_assert_null(has(&v, "EXCHANGE_NAME_MISMATCH"));
}

Test(screen_payment, emoney_cards_per_visit_and_value)
{
    mm_payment c = {.id = "m",
                    .type = MM_PAY_EMONEY_PURCHASE,
                    .time = T0,
                    .amount = 10000,
                    .channel = "store",
                    .session = "pos-42"};
    c.from.age = 70;
    mm_verdict v = run(&c);
    cr_assert_null(has(&v, "EMONEY_BULK"));
    cr_assert_null(has(&v, "EMONEY_ELDERLY")); /* below 20,000 */
    c.time += 30;
    v = run(&c);
    cr_assert_null(has(&v, "EMONEY_BULK"));
    c.time += 30;
    v = run(&c); /* third card in one visit */
    cr_assert_not_null(has(&v, "EMONEY_BULK"));
    cr_assert_str_eq(v.category, "emoney_demand");
    mm_payment big = {.id = "b",
                      .type = MM_PAY_EMONEY_PURCHASE,
                      .time = T0,
                      .amount = 50000,
                      .session = "pos-43"};
    big.from.age = 70;
    v = run(&big);
    cr_assert_not_null(has(&v, "EMONEY_HIGH_VALUE"));
    cr_assert_not_null(has(&v, "EMONEY_ELDERLY"));
    cr_assert_null(has(&v, "EMONEY_BULK")); /* one dear card is not "bulk" */
    big.time += 60;
    big.amount = 10000;
    v = run(&big);
    cr_assert_not_null(has(&v, "EMONEY_BULK")); /* two cards, 60,000 yen in one visit */
    /* one customer across visits */
    for (int i = 0; i < 3; i++) {
        mm_payment k = {
            .id = "k", .type = MM_PAY_EMONEY_PURCHASE, .time = T0 + i * 3600, .amount = 5000};
        char s[32];
        snprintf(s, sizeof s, "visit-%d", i);
        k.session = s;
        k.from.customer_id = "member-7";
        v = run(&k);
    }
    cr_assert_not_null(has(&v, "EMONEY_BULK"));
}

Test(screen_payment, mule_receives_from_many_and_passes_on)
{
    const char *mule = "0036-251-1-0000777";
    const char *victims[] = {"0001-001-1-0000011", "0005-002-1-0000012", "0009-001-1-0000013",
                             "0001-001-1-0000014"};
    for (int i = 0; i < 3; i++) {
        mm_payment p = tx("v", T0 + i * 600, 300000, victims[i], mule);
        mm_verdict v = run(&p);
        cr_assert_null(has(&v, "PAYEE_MULE_PATTERN"));
    }
    /* sends 95% on within the hour: mule, and young (first seen now) */
    mm_payment out = tx("o", T0 + 3600, 855000, mule, "0038-106-1-0000888");
    mm_verdict v = run(&out);
    cr_assert_not_null(has(&v, "MULE_PASS_THROUGH"));
    cr_assert_not_null(has(&v, "MULE_YOUNG_ACCOUNT"));
    cr_assert_eq(v.action, MM_VERDICT_HOLD);
    cr_assert_str_eq(v.category, "mule");
    /* the risk view agrees */
    mm_pay_account_view av;
    mm_pay_state_account(state, ctx.payment, mule, T0 + 4000, &av);
    cr_assert(av.known);
    cr_assert(av.mule_signal);
    cr_assert_eq(av.distinct_senders, 3);
    cr_assert_eq(av.pass_through_pct, 95);
    cr_assert_eq(av.dwell_s, 3600);
    /* the next victim's bank sees a mule-like payee */
    mm_payment p = tx("v4", T0 + 4000, 500000, victims[3], mule);
    v = run(&p);
    cr_assert_not_null(has(&v, "PAYEE_MULE_PATTERN"));
    /* a salary account spends a part of what comes in → never a mule */
    const char *worker = "0009-001-1-0000555";
    for (int m = 0; m < 3; m++) {
        mm_payment s = tx("s", T0 + m * 86400, 350000, "0001-001-1-0000100", worker);
        run(&s);
        mm_payment r = tx("r", T0 + m * 86400 + 3600, 120000, worker, "0005-002-1-0000101");
        v = run(&r);
        cr_assert_null(has(&v, "MULE_PASS_THROUGH"));
    }
}

Test(screen_payment, payee_velocity_and_payer_velocity)
{
    const char *to = "0036-251-1-0000444";
    mm_verdict v;
    for (int i = 0; i < 4; i++) {
        char from[32];
        snprintf(from, sizeof from, "0001-001-1-00002%02d", i);
        mm_payment p = tx("p", T0 + i * 60, 20000, from, to);
        v = run(&p);
        cr_assert_eq(has(&v, "PAYEE_VELOCITY") != NULL, i == 3, "transfer %d", i);
    }
    const char *from = "0001-001-1-0000300";
    for (int i = 0; i < 6; i++) {
        char dst[32];
        snprintf(dst, sizeof dst, "0009-001-1-00003%02d", i);
        mm_payment p = tx("q", T0 + i * 60, 10000, from, dst);
        p.from.age = 40; /* a person: payroll batches of companies do not count */
        v = run(&p);
        cr_assert_eq(has(&v, "AMOUNT_VELOCITY") != NULL, i == 5, "transfer %d", i);
    }
    /* a company (age unknown) paying many payees is not velocity */
    for (int i = 0; i < 8; i++) {
        char dst[32];
        snprintf(dst, sizeof dst, "0009-001-1-00004%02d", i);
        mm_payment p = tx("r", T0 + i * 60, 300000, "0001-001-2-0000301", dst);
        v = run(&p);
        cr_assert_null(has(&v, "AMOUNT_VELOCITY"), "payroll %d", i);
    }
    /* an established payee (first seen > 7 days ago) may receive many payments */
    mm_payment old = tx("o0", T0 - 30 * 86400, 1000, "0001-001-1-0000500", "0036-251-1-0000445");
    run(&old);
    for (int i = 0; i < 5; i++) {
        char f2[32];
        snprintf(f2, sizeof f2, "0001-001-1-00005%02d", i + 1);
        mm_payment p = tx("b", T0 + i * 60, 20000, f2, "0036-251-1-0000445");
        v = run(&p);
        cr_assert_null(has(&v, "PAYEE_VELOCITY"), "biller payment %d", i);
    }
}

Test(screen_payment, first_payee_crypto_and_foreign)
{
    const char *from = "0001-001-1-0000400";
    mm_payment p = tx("f1", T0, 10000, from, "0009-001-1-0000401");
    p.from.age = 70;
    run(&p);
    p = tx("f2", T0 + 60, 150000, from, "0009-001-1-0000402");
    p.from.age = 70;
    mm_verdict v = run(&p);
    cr_assert_not_null(has(&v, "ELDERLY_NEW_PAYEE"));
    p = tx("f3", T0 + 120, 150000, from, "0009-001-1-0000402");
    p.from.age = 70;
    v = run(&p);
    cr_assert_null(has(&v, "ELDERLY_NEW_PAYEE")); /* known now */

    mm_payment c = tx("c", T0, 400000, "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                      "tron:TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC");
    c.type = MM_PAY_CRYPTO_SEND;
    v = run(&c);
    cr_assert_not_null(has(&v, "CRYPTO_FIRST_SEND_LARGE"));
    c.time += 60;
    v = run(&c);
    cr_assert_null(has(&v, "CRYPTO_FIRST_SEND_LARGE"));

    mm_payment f = tx("w", T0, 120000, "0001-001-1-0000500", "0005-001-1-0000501");
    f.flags[0] = "foreign_remittance";
    f.nflags = 1;
    v = run(&f);
    cr_assert_not_null(has(&v, "FOREIGN_REMITTANCE"));
}

Test(screen_payment, payee_name_mismatch_after_learning_holder)
{
    const char *to = "0009-001-1-0000600";
    mm_payment p = tx("n1", T0, 10000, "0001-001-1-0000601", to);
    p.to.name = "ﾔﾏﾀﾞ ﾊﾅｺ";
    mm_verdict v = run(&p);
    cr_assert_null(has(&v, "PAYEE_NAME_MISMATCH"));
    p.to.name = "やまだ　はなこ"; /* same name, other writing */
    v = run(&p);
    cr_assert_null(has(&v, "PAYEE_NAME_MISMATCH"));
    p.to.name = "カ）サギショウジ";
    v = run(&p);
    cr_assert_not_null(has(&v, "PAYEE_NAME_MISMATCH"));
}

Test(screen_payment, stateless_and_bad_events)
{
    mm_payment p = tx("s", T0, 500000, "0001-001-1-0000001", "0005-002-1-1111111");
    p.from.age = 80;
    mm_verdict v;
    mm_error e;
    cr_assert_eq(mm_screen_payment(&ctx, NULL, &p, ar, &v, &e), MM_OK);
    cr_assert_not_null(has(&v, "ACCOUNT_LISTED"));
    cr_assert_not_null(has(&v, "ELDERLY_LARGE_TRANSFER"));
    p.time = 0;
    cr_assert_eq(mm_screen_payment(&ctx, NULL, &p, ar, &v, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "time");
    p.time = T0;
    p.type = MM_PAY__COUNT;
    cr_assert_eq(mm_screen_payment(&ctx, NULL, &p, ar, &v, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "type");
}

Test(screen_payment, state_memory_is_bounded)
{
    mm_pay_state *s = mm_pay_state_new(64);
    size_t bytes = mm_pay_state_bytes(s);
    cr_assert_lt(bytes, 64 * 400);
    for (int i = 0; i < 10000; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "0001-001-1-%07d", i);
        snprintf(b, sizeof b, "0005-002-1-%07d", i);
        mm_payment p = tx("b", T0 + i, 1000, a, b);
        mm_verdict v;
        cr_assert_eq(mm_screen_payment(&ctx, s, &p, ar, &v, NULL), MM_OK);
        mm_arena_reset(ar);
    }
    cr_assert_leq(mm_pay_state_used(s), 64);
    cr_assert_gt(mm_pay_state_evictions(s), 19000);
    cr_assert_eq(mm_pay_state_bytes(s), bytes);
    mm_pay_state_free(s);
}
