/* Tests for src/intel/store_payments.c: batches with good and bad events
 * (each bad one named by field), duplicate ids, accounts stored canonical
 * whatever their writing, names kept only as keyed hashes, the time-ordered
 * scan (with ties in insertion order, since-filter, early stop, non-money
 * events skipped) and the per-account activity summary. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mamoru/payment.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static char path[64];
static mm_store *st;

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/mamoru-pay-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(path);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
}

static void teardown(void)
{
    char p[96];
    mm_store_close(st);
    st = NULL;
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

TestSuite(intel_store_payments, .init = setup, .fini = teardown);

static mm_payment pay(const char *id, mm_pay_type t, int64_t time, int64_t amount, const char *from,
                      const char *to)
{
    mm_payment p = {.id = id, .type = t, .time = time, .amount = amount};
    p.from.account = from;
    p.to.account = to;
    return p;
}

typedef struct seen {
    int n;
    char ids[16][32];
    char from[16][100];
    char to[16][100];
    int64_t time[16];
    int nflags[16];
    char flag0[16][32];
    char session[16][32];
    int stop_after;
} seen;

static int collect(void *ctx, const mm_payment *p)
{
    seen *s = ctx;
    if (s->n < 16) {
        snprintf(s->ids[s->n], 32, "%s", p->id);
        snprintf(s->from[s->n], 100, "%s", p->from.account ? p->from.account : "-");
        snprintf(s->to[s->n], 100, "%s", p->to.account ? p->to.account : "-");
        s->time[s->n] = p->time;
        s->nflags[s->n] = p->nflags;
        snprintf(s->flag0[s->n], 32, "%s", p->nflags ? p->flags[0] : "");
        snprintf(s->session[s->n], 32, "%s", p->session ? p->session : "-");
        cr_assert_null(p->from.name);
    }
    s->n++;
    return s->stop_after && s->n >= s->stop_after;
}

Test(intel_store_payments, batch_keeps_good_events_and_names_bad_fields)
{
    mm_payment p[] = {
        pay("e1", MM_PAY_TRANSFER, 1700000000, 50000, "0001 001 普通 1234567",
            "0005-002-1-7654321"),
        pay("", MM_PAY_TRANSFER, 1700000001, 1, "0001-001-1-1234567", NULL),
        pay("e3", MM_PAY_TRANSFER, 1700000002, -5, "0001-001-1-1234567", NULL),
        pay("e4", MM_PAY_TRANSFER, 1700000003, 5, "not an account", NULL),
        pay("e5", MM_PAY_TRANSFER, 0, 5, NULL, NULL),
        pay("e6", MM_PAY_CRYPTO_SEND, 1700000004, 9,
            "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "0x52908400098527886e0f7030069857d2e4169ee7"),
        pay("e1", MM_PAY_TRANSFER, 1700000005, 1, NULL, NULL),
    };
    size_t n = sizeof p / sizeof p[0];
    mm_status codes[7];
    mm_error errs[7], e;
    cr_assert_eq(mm_store_payment_add_batch(st, p, n, codes, errs, &e), MM_OK, "%s", e.message);
    static const struct {
        mm_status code;
        const char *field;
    } want[] = {
        {MM_OK, ""},         {MM_EINVAL, "id"}, {MM_EINVAL, "amount"}, {MM_EINVAL, "from.account"},
        {MM_EINVAL, "time"}, {MM_OK, ""},       {MM_EEXIST, "id"}};
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(codes[i], want[i].code, "event %zu: %d (%s)", i, codes[i], errs[i].message);
        cr_assert_str_eq(errs[i].field, want[i].field, "event %zu: %s", i, errs[i].field);
    }
    cr_assert(strstr(errs[3].message, "from.account: 'not'") != NULL, "%s", errs[3].message);
    seen s = {0};
    cr_assert_eq(mm_store_payment_scan(st, 0, collect, &s, &e), MM_OK);
    cr_assert_eq(s.n, 2);
    cr_assert_str_eq(s.ids[0], "e1");
    cr_assert_str_eq(s.from[0], "0001-001-1-1234567"); /* canonical */
    cr_assert_str_eq(s.to[0], "0005-002-1-7654321");
    cr_assert_str_eq(s.from[1], "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
    cr_assert_str_eq(s.to[1], "eth:0x52908400098527886E0F7030069857D2E4169EE7");
}

Test(intel_store_payments, age_out_of_range_is_refused)
{
    mm_payment p = pay("a1", MM_PAY_TRANSFER, 1700000000, 5, "0001-001-1-1234567", NULL);
    p.from.age = 151;
    mm_status code;
    mm_error er, e;
    cr_assert_eq(mm_store_payment_add_batch(st, &p, 1, &code, &er, &e), MM_OK);
    cr_assert_eq(code, MM_EINVAL);
    cr_assert_str_eq(er.field, "from.age");
}

Test(intel_store_payments, scan_is_time_ordered_with_since_stop_and_skips_ib_events)
{
    mm_payment p[] = {
        pay("c", MM_PAY_TRANSFER, 300, 1, "0001-001-1-0000003", "0001-001-1-0000004"),
        pay("a", MM_PAY_TRANSFER, 100, 1, "0001-001-1-0000001", "0001-001-1-0000002"),
        pay("login", MM_PAY_IB_LOGIN, 150, 0, "0001-001-1-0000001", NULL),
        pay("limit", MM_PAY_IB_LIMIT_CHANGE, 160, 2000000, "0001-001-1-0000001", NULL),
        pay("b2", MM_PAY_ATM_WITHDRAWAL, 200, 1, "0001-001-1-0000002", NULL),
        pay("b1", MM_PAY_TRANSFER, 200, 1, "0001-001-1-0000002", "0001-001-1-0000003"),
    };
    p[5].flags[0] = "dic_upstream";
    p[5].flags[1] = "on_phone_call";
    p[5].nflags = 2;
    p[5].session = "atm-77";
    mm_status codes[6];
    mm_error e;
    cr_assert_eq(mm_store_payment_add_batch(st, p, 6, codes, NULL, &e), MM_OK);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(codes[i], MM_OK);
    seen s = {0};
    cr_assert_eq(mm_store_payment_scan(st, 0, collect, &s, &e), MM_OK);
    cr_assert_eq(s.n, 4);
    static const char *const order[] = {"a", "b2", "b1", "c"}; /* ties: insertion order */
    for (int i = 0; i < 4; i++)
        cr_assert_str_eq(s.ids[i], order[i]);
    cr_assert_str_eq(s.to[1], "-"); /* withdrawal leaves as cash */
    cr_assert_eq(s.nflags[2], 2);
    cr_assert_str_eq(s.flag0[2], "dic_upstream");
    cr_assert_str_eq(s.session[2], "atm-77");
    cr_assert_str_eq(s.session[0], "-");
    seen s2 = {0};
    cr_assert_eq(mm_store_payment_scan(st, 200, collect, &s2, &e), MM_OK);
    cr_assert_eq(s2.n, 3);
    seen s3 = {.stop_after = 1};
    cr_assert_eq(mm_store_payment_scan(st, 0, collect, &s3, &e), MM_OK);
    cr_assert_eq(s3.n, 1);
}

Test(intel_store_payments, names_are_stored_only_as_keyed_hashes)
{
    mm_payment p =
        pay("n1", MM_PAY_TRANSFER, 1700000000, 10, "0001-001-1-1234567", "0005-002-1-7654321");
    p.from.name = "ヤマダ タロウ";
    p.to.name = "ｶ)ﾃｽﾄｼﾖｳｼﾞ";
    p.from.customer_id = "CUST-998877";
    p.requester = "スズキ ハナコ";
    mm_status code;
    mm_error e;
    cr_assert_eq(mm_store_payment_add_batch(st, &p, 1, &code, NULL, &e), MM_OK);
    cr_assert_eq(code, MM_OK);
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT from_name_hash, to_name_hash, from_customer_hash, "
                                    "requester_hash FROM payments",
                                    -1, &q, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    for (int c = 0; c < 4; c++) {
        const char *h = (const char *)sqlite3_column_text(q, c);
        cr_assert_not_null(h);
        cr_assert_eq(strlen(h), 64);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* the holder-normalised name hashes the same whichever writing */
    mm_payment p2 = p;
    p2.id = "n2";
    p2.to.name = "株式会社テストショウジ";
    cr_assert_eq(mm_store_payment_add_batch(st, &p2, 1, &code, NULL, &e), MM_OK);
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(
        sqlite3_prepare_v2(db, "SELECT count(DISTINCT to_name_hash) FROM payments", -1, &q, NULL),
        SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(q, 0), 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* nothing of the clear names in the file */
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    cr_assert_null(memmem(buf, len, "CUST-998877", 11));
    cr_assert_null(memmem(buf, len, "ヤマダ", strlen("ヤマダ")));
}

Test(intel_store_payments, account_activity_counts_both_directions)
{
    const char *mule = "0009-100-1-0000009";
    mm_payment p[] = {
        pay("i1", MM_PAY_TRANSFER, 1000, 100000, "0001-001-1-0000001", mule),
        pay("i2", MM_PAY_TRANSFER, 1100, 200000, "0001-001-1-0000002", mule),
        pay("i3", MM_PAY_ATM_TRANSFER, 1200, 50000, "0001-001-1-0000002", mule),
        pay("o1", MM_PAY_TRANSFER, 1300, 340000, mule, "0036-200-1-0000003"),
        pay("o2", MM_PAY_ATM_WITHDRAWAL, 1400, 10000, mule, NULL),
    };
    mm_status codes[5];
    mm_error e;
    cr_assert_eq(mm_store_payment_add_batch(st, p, 5, codes, NULL, &e), MM_OK);
    mm_account_activity a;
    cr_assert_eq(mm_store_payment_account(st, mule, 0, &a, &e), MM_OK, "%s", e.message);
    cr_assert_eq(a.in_count, 3);
    cr_assert_eq(a.in_amount, 350000);
    cr_assert_eq(a.in_counterparties, 2);
    cr_assert_eq(a.out_count, 2);
    cr_assert_eq(a.out_amount, 350000);
    cr_assert_eq(a.out_counterparties, 1);
    cr_assert_eq(a.first_seen, 1000);
    cr_assert_eq(a.last_seen, 1400);
    cr_assert_eq(mm_store_payment_account(st, mule, 1250, &a, &e), MM_OK);
    cr_assert_eq(a.in_count, 0);
    cr_assert_eq(a.out_count, 2);
    cr_assert_eq(mm_store_payment_account(st, "0001-001-1-7777777", 0, &a, &e), MM_OK);
    cr_assert_eq(a.first_seen, 0);
}

Test(intel_store_payments, holder_check_against_listed_hash)
{
    mm_arena *a = mm_arena_new(0);
    mm_org o;
    char *k;
    mm_error e;
    cr_assert_eq(mm_org_add(st, "police", MM_ROLE_POLICE, a, &o, &k, &e), MM_OK);
    mm_report r = {.kind = MM_KIND_BANK_ACCOUNT,
                   .value = "0005-002-1-1234567 カ）サギショウジ",
                   .category = "investment",
                   .confidence = -1,
                   .org_id = o.id};
    cr_assert_eq(mm_store_report(st, &r, a, NULL, NULL, &e), MM_OK, "%s", e.message);
    static const struct {
        const char *account, *name;
        bool known, match;
    } cases[] = {
        {"0005-002-1-1234567", "ｶ)ｻｷﾞｼｮｳｼﾞ", true, true},
        {"0005-002-1-1234567", "株式会社さぎしょうじ", true, true},
        {"0005-002-1-1234567", "ヤマダ タロウ", true, false},
        {"0005-002-1-7654321", "ヤマダ タロウ", false, false}, /* not listed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool known, match;
        cr_assert_eq(mm_store_holder_check(st, cases[i].account, cases[i].name, &known, &match, &e),
                     MM_OK, "%s", e.message);
        cr_assert_eq(known, cases[i].known, "case %zu", i);
        cr_assert_eq(match, cases[i].match, "case %zu", i);
    }
    bool known, match;
    cr_assert_eq(mm_store_holder_check(st, "0005-002-1-1234567", "", &known, &match, &e),
                 MM_EINVAL);
    mm_arena_free(a);
}
