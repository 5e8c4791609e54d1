/* Tests for the payment graph: interning, ids, CSR order, extend, CSV and
 * payment loading (src/trace/graph.c, src/trace/load.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/trace.h"

static mm_trace_graph *freeze(mm_trace_builder *b)
{
    mm_trace_graph *g = NULL;
    mm_error err;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK, "%s", err.message);
    return g;
}

static void add(mm_trace_builder *b, const char *id, const char *f, const char *t, int64_t time,
                int64_t amt)
{
    mm_error err;
    cr_assert_eq(mm_trace_builder_add(b, id, strlen(id), f, strlen(f), t, strlen(t), time, amt, &err),
                 MM_OK, "%s: %s", err.field, err.message);
}

#define A1 "0001-001-1-0000001"
#define A2 "0005-002-1-0000002"
#define A3 "0009-003-1-0000003"

Test(trace_graph, interning_ids_and_time_order)
{
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    add(b, "3", A1, A2, 300, 30);
    add(b, "1", A1, A3, 100, 10);
    add(b, "tx-b", A2, A1, 200, 20);
    add(b, "2", A1, A2, 100, 11); /* same second as "1": insertion order kept */
    cr_assert_eq(mm_trace_builder_count(b), 4);
    mm_trace_graph *g = freeze(b);
    mm_trace_builder_free(b);
    cr_assert_eq(mm_trace_graph_accounts(g), 3);
    cr_assert_eq(mm_trace_graph_transfers(g), 4);
    cr_assert_eq(mm_trace_graph_min_time(g), 100);
    cr_assert_eq(mm_trace_graph_max_time(g), 300);
    uint32_t a1 = mm_trace_graph_find_account(g, A1, strlen(A1));
    cr_assert_neq(a1, MM_TRACE_NONE);
    cr_assert_str_eq(mm_trace_graph_account(g, a1), A1);
    cr_assert_eq(mm_trace_graph_find_account(g, "0001-001-1-0000009", 18), MM_TRACE_NONE);
    uint32_t lo, hi;
    mm_trace_graph_out(g, a1, &lo, &hi);
    cr_assert_eq(hi - lo, 3);
    static const char *const want[] = {"1", "2", "3"};
    for (uint32_t t = lo; t < hi; t++) {
        char id[32];
        mm_trace_graph_transfer_id(g, t, id, sizeof id);
        cr_assert_str_eq(id, want[t - lo]);
        cr_assert_eq(mm_trace_graph_find_transfer(g, id, strlen(id)), t);
    }
    uint32_t tb = mm_trace_graph_find_transfer(g, "tx-b", 4);
    cr_assert_neq(tb, MM_TRACE_NONE);
    cr_assert_eq(mm_trace_graph_transfer_num(g, tb), -1);
    mm_trace_transfer tr;
    mm_trace_graph_transfer(g, tb, &tr);
    cr_assert_eq(tr.amount, 20);
    cr_assert_eq(tr.time, 200);
    cr_assert_eq(mm_trace_graph_find_transfer(g, "03", 2), MM_TRACE_NONE); /* not "3" */
    cr_assert_eq(mm_trace_graph_find_transfer(g, "4", 1), MM_TRACE_NONE);
    /* in-lists in time order */
    uint32_t a2 = mm_trace_graph_find_account(g, A2, strlen(A2));
    size_t n;
    const uint32_t *in = mm_trace_graph_in(g, a2, &n);
    cr_assert_eq(n, 2);
    mm_trace_graph_transfer(g, in[0], &tr);
    cr_assert_eq(tr.time, 100);
    mm_trace_graph_transfer(g, in[1], &tr);
    cr_assert_eq(tr.time, 300);
    cr_assert_gt(mm_trace_graph_bytes(g), 0);
    mm_trace_graph_free(g);
}

Test(trace_graph, extend_keeps_base_and_drops_repeated_ids)
{
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    add(b, "1", A1, A2, 100, 10);
    add(b, "2", A2, A3, 200, 20);
    mm_trace_graph *g1 = freeze(b);
    mm_trace_builder_free(b);
    b = mm_trace_builder_new(g1);
    add(b, "2", A2, A3, 200, 20);               /* re-delivered at the scan boundary */
    add(b, "3", A3, "btc:bc1qexample", 50, 5);  /* earlier than everything: re-sorted */
    add(b, "x", "0001-001-1-0000004", A1, 400, 40);
    mm_trace_graph *g2 = freeze(b);
    mm_trace_builder_free(b);
    cr_assert_eq(mm_trace_graph_transfers(g1), 2);
    cr_assert_eq(mm_trace_graph_transfers(g2), 4);
    cr_assert_eq(mm_trace_graph_duplicates(g2), 1);
    cr_assert_eq(mm_trace_graph_accounts(g2), 5);
    cr_assert_eq(mm_trace_graph_min_time(g2), 50);
    /* account ids of the base are kept */
    for (uint32_t a = 0; a < mm_trace_graph_accounts(g1); a++)
        cr_assert_str_eq(mm_trace_graph_account(g1, a), mm_trace_graph_account(g2, a));
    uint32_t a3 = mm_trace_graph_find_account(g2, A3, strlen(A3));
    uint32_t lo, hi;
    mm_trace_graph_out(g2, a3, &lo, &hi);
    cr_assert_eq(hi - lo, 1);
    mm_trace_transfer tr;
    mm_trace_graph_transfer(g2, lo, &tr);
    cr_assert_eq(tr.time, 50);
    cr_assert_neq(mm_trace_graph_find_transfer(g2, "x", 1), MM_TRACE_NONE);
    cr_assert_neq(mm_trace_graph_find_transfer(g2, "1", 1), MM_TRACE_NONE);
    mm_trace_graph_free(g1);
    mm_trace_graph_free(g2);
}

Test(trace_graph, bad_events_name_the_field)
{
    static const struct {
        const char *id, *from, *to;
        int64_t amount;
        const char *field;
    } cases[] = {
        {"", A1, A2, 1, "id"},
        {"1", "", A2, 1, "from"},
        {"1", A1, "", 1, "to"},
        {"1", A1, A2, -5, "amount"},
    };
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_error err = {0};
        mm_status rc = mm_trace_builder_add(b, cases[i].id, strlen(cases[i].id), cases[i].from,
                                            strlen(cases[i].from), cases[i].to,
                                            strlen(cases[i].to), 0, cases[i].amount, &err);
        cr_assert_eq(rc, MM_EINVAL, "case %zu", i);
        cr_assert_str_eq(err.field, cases[i].field, "case %zu", i);
    }
    cr_assert_eq(mm_trace_builder_count(b), 0);
    mm_trace_builder_free(b);
}

Test(trace_graph, csv_rows_and_errors)
{
    static const char good[] = "id,time,from,to,amount\r\n"
                               "1,2025-10-01T00:01:51+09:00," A1 "," A2 ",39648\r\n"
                               "2,2025-10-01T00:02:02Z," A2 ",0034-000-0-0000000,40000\n"
                               "\n"
                               "3,1759244600," A2 "," A3 ",5\n";
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    size_t rows = 0;
    mm_error err;
    cr_assert_eq(mm_trace_builder_add_csv(b, good, strlen(good), NULL, &rows, &err), MM_OK, "%s %s",
                 err.field, err.message);
    cr_assert_eq(rows, 3);
    mm_trace_graph *g = freeze(b);
    mm_trace_transfer tr;
    mm_trace_graph_transfer(g, mm_trace_graph_find_transfer(g, "1", 1), &tr);
    cr_assert_eq(tr.time, 1759244511); /* 2025-09-30T15:01:51Z */
    mm_trace_graph_transfer(g, mm_trace_graph_find_transfer(g, "2", 1), &tr);
    cr_assert_eq(tr.time, 1759276922);
    mm_trace_graph_free(g);

    static const struct {
        const char *csv;
        const char *field;
        const char *in_message;
    } bad[] = {
        {"", "line 1: header", "header"},
        {"id,when,from,to,amount\n", "line 1: header", "when"},
        {"id,time,from,to,amount\n1,2025-13-01T00:00:00Z," A1 "," A2 ",1\n", "line 2: time",
         "2025-13-01"},
        {"id,time,from,to,amount\n1,1," A1 "," A2 ",-3\n", "line 2: amount", "-3"},
        {"id,time,from,to,amount\n1,1," A1 "," A2 ",1.5\n", "line 2: amount", "1.5"},
        {"id,time,from,to,amount\n1,1,nonsense," A2 ",1\n", "line 2: from", "nonsense"},
        {"id,time,from,to,amount\n1,1," A1 ",,1\n", "line 2: to", ""},
        {"id,time,from,to,amount\n1,1," A1 "," A2 "\n", "line 2: amount", "columns"},
        {"id,time,from,to,amount\n1,1," A1 "," A2 ",1,9\n", "line 2: columns", "5 columns"},
        {"id,time,from,to,amount\n,1," A1 "," A2 ",1\n", "line 2: id", "empty"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_error e = {0};
        mm_status rc = mm_trace_builder_add_csv(b, bad[i].csv, strlen(bad[i].csv), NULL, NULL, &e);
        cr_assert_eq(rc, MM_EINVAL, "case %zu", i);
        cr_assert_str_eq(e.field, bad[i].field, "case %zu: %s", i, e.message);
        cr_assert(strstr(e.message, bad[i].in_message), "case %zu: %s", i, e.message);
    }
    mm_trace_builder_free(b);
}

Test(trace_graph, csv_normalises_other_writings)
{
    static const char csv[] = "id,time,from,to,amount\n"
                              "1,100,0001 001 普通 1234567," A2 ",10\n";
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_arena *a = mm_arena_new(0);
    mm_error err;
    cr_assert_eq(mm_trace_builder_add_csv(b, csv, strlen(csv), a, NULL, &err), MM_OK, "%s",
                 err.message);
    mm_trace_graph *g = freeze(b);
    cr_assert_neq(mm_trace_graph_find_account(g, "0001-001-1-1234567", 18), MM_TRACE_NONE);
    mm_trace_graph_free(g);
    mm_trace_builder_free(b);
    mm_arena_free(a);
}

Test(trace_graph, payments_map_to_transfers_and_sinks)
{
    mm_payment p[] = {
        {.id = "p1", .type = MM_PAY_TRANSFER, .time = 10, .amount = 100,
         .from = {.account = A1}, .to = {.account = A2}},
        {.id = "p2", .type = MM_PAY_ATM_WITHDRAWAL, .time = 20, .amount = 50,
         .from = {.account = A2}},
        {.id = "p3", .type = MM_PAY_IB_LOGIN, .time = 5, .from = {.account = A1}},
        {.id = "p4", .type = MM_PAY_EMONEY_PURCHASE, .time = 30, .amount = 20,
         .from = {.account = A2}},
        {.id = "p5", .type = MM_PAY_CRYPTO_RECEIVE, .time = 40, .amount = 7,
         .to = {.account = "eth:0x52908400098527886E0F7030069857D2E4169EE7"}},
        {.id = "p6", .type = MM_PAY_TRANSFER, .time = 50, .amount = 0,
         .from = {.account = A3}, .to = {.account = A1}, .flags = {"dic_upstream"}, .nflags = 1},
    };
    static const bool want[] = {true, true, false, true, true, false};
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        bool added = !want[i];
        mm_error err;
        cr_assert_eq(mm_trace_builder_add_payment(b, &p[i], &added, &err), MM_OK);
        cr_assert_eq(added, want[i], "event %zu", i);
    }
    mm_trace_graph *g = freeze(b);
    cr_assert_neq(mm_trace_graph_find_account(g, "0005-000-0-0000000", 18), MM_TRACE_NONE);
    cr_assert_neq(mm_trace_graph_find_account(g, "emoney:store", 12), MM_TRACE_NONE);
    cr_assert_neq(mm_trace_graph_find_account(g, "external:unknown", 16), MM_TRACE_NONE);
    mm_trace_graph_free(g);
    mm_trace_builder_free(b);
}

Test(trace_graph, account_kinds)
{
    static const struct {
        const char *a;
        mm_trace_acct_kind k;
    } cases[] = {
        {"0001-001-1-1234567", MM_TRACE_ACCT_BANK},
        {"0034-000-0-0000000", MM_TRACE_ACCT_CASH},
        {"cash:atm", MM_TRACE_ACCT_CASH},
        {"emoney:store", MM_TRACE_ACCT_CASH},
        {"btc:bc1qxyz", MM_TRACE_ACCT_CRYPTO},
        {"eth:0xabc", MM_TRACE_ACCT_CRYPTO},
        {"tron:Txyz", MM_TRACE_ACCT_CRYPTO},
        {"btc:", MM_TRACE_ACCT_OTHER},
        {"0001-001-1-123456", MM_TRACE_ACCT_OTHER},
        {"ABCD-001-1-1234567", MM_TRACE_ACCT_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(mm_trace_account_kind(cases[i].a, strlen(cases[i].a)), cases[i].k, "%s",
                     cases[i].a);
}

Test(trace_graph, time_span_limit)
{
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    add(b, "1", A1, A2, 0, 1);
    add(b, "2", A2, A3, INT64_C(5000000000), 1); /* 158 years later */
    mm_trace_graph *g = NULL;
    mm_error err;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_ELIMIT);
    cr_assert_str_eq(err.field, "time");
    cr_assert_null(g);
    mm_trace_builder_free(b);
}
