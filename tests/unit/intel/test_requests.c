/* Tests for requests between organisations (src/intel/request_model.c,
 * store_requests.c): every cell of the transition table, the sender-role
 * table, and the store flow — send (normalised subject, default deadline,
 * refusals named by field), visibility to the two parties only, list
 * filters, answers by the right party (403 / 409 cases), audit entries
 * and SLA figures. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mamoru/requests.h"

Test(intel_requests, transition_table)
{
    /* expected[from][to][by_sender] */
    enum {
        S = MM_REQ_SENT,
        A = MM_REQ_ACKNOWLEDGED,
        D = MM_REQ_DONE,
        R = MM_REQ_REFUSED,
        C = MM_REQ_CANCELLED
    };
    bool want[5][5][2] = {0};
    want[S][A][0] = want[S][D][0] = want[S][R][0] = true;
    want[A][D][0] = want[A][R][0] = true;
    want[S][C][1] = want[A][C][1] = true;
    for (int f = 0; f < 5; f++)
        for (int t = 0; t < 5; t++)
            for (int b = 0; b < 2; b++)
                cr_assert_eq(mm_req_transition_ok((mm_req_state)f, (mm_req_state)t, b),
                             want[f][t][b], "%s → %s by %s", mm_req_state_name(f),
                             mm_req_state_name(t), b ? "sender" : "addressee");
}

Test(intel_requests, names_senders_deadlines)
{
    for (int i = 0; i < MM_REQ__COUNT; i++) {
        mm_req_type t;
        cr_assert_eq(mm_req_type_parse(mm_req_type_name(i), &t, NULL), MM_OK);
        cr_assert_eq((int)t, i);
        cr_assert(mm_req_may_send(MM_ROLE_POLICE, t));
        cr_assert_not(mm_req_may_send(MM_ROLE_DELIVERY, t));
    }
    mm_error e;
    mm_req_state st;
    cr_assert_eq(mm_req_state_parse("closed", &st, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "state");
    cr_assert(mm_req_may_send(MM_ROLE_BANK, MM_REQ_FREEZE));
    cr_assert_not(mm_req_may_send(MM_ROLE_BANK, MM_REQ_TAKEDOWN));
    cr_assert_not(mm_req_may_send(MM_ROLE_RETAILER, MM_REQ_FREEZE));
    cr_assert_eq(mm_req_default_deadline(MM_REQ_FREEZE), 3600);
    cr_assert_eq(mm_req_default_deadline(MM_REQ_INQUIRY), 7 * 86400);
}

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static char path[64];
static mm_store *st;
static mm_arena *ar;
static int64_t police, bank, bank2, shop;

static int64_t org(const char *name, mm_role role)
{
    mm_org o;
    char *k;
    mm_error e;
    cr_assert_eq(mm_org_add(st, name, role, ar, &o, &k, &e), MM_OK, "%s", e.message);
    return o.id;
}

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/mamoru-req-XXXXXX");
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &st, &e), MM_OK, "%s", e.message);
    ar = mm_arena_new(0);
    police = org("Tokyo MPD", MM_ROLE_POLICE);
    bank = org("Bank A", MM_ROLE_BANK);
    bank2 = org("Bank B", MM_ROLE_BANK);
    shop = org("Conbini", MM_ROLE_RETAILER);
}

static void teardown(void)
{
    char p[96];
    mm_store_close(st);
    mm_arena_free(ar);
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

TestSuite(intel_requests_store, .init = setup, .fini = teardown);

static mm_org_request send(int64_t from, mm_req_type t, int64_t to, const char *value)
{
    mm_org_request_new n = {.type = t,
                            .to_org = to,
                            .kind = MM_KIND_BANK_ACCOUNT,
                            .value = value,
                            .amount = 1200000,
                            .case_ref = "MPD-2025-001"};
    mm_org_request out;
    mm_error e;
    cr_assert_eq(mm_store_request_send(st, from, &n, ar, &out, &e), MM_OK, "%s", e.message);
    return out;
}

Test(intel_requests_store, send_normalises_and_refuses_with_field)
{
    mm_org_request r = send(police, MM_REQ_FREEZE, bank, "0005 002 普通 1234567");
    cr_assert_str_eq(r.subject, "0005-002-1-1234567");
    cr_assert_eq(r.state, MM_REQ_SENT);
    cr_assert_str_eq(r.from_name, "Tokyo MPD");
    cr_assert_str_eq(r.to_name, "Bank A");
    cr_assert_eq(r.deadline - r.created, 3600);
    cr_assert_not(r.overdue);
    const struct {
        int64_t from, to;
        mm_req_type type;
        const char *value;
        int64_t deadline;
        mm_status code;
        const char *field;
    } bad[] = {
        {shop, bank, MM_REQ_FREEZE, "0005-002-1-1234567", 0, MM_EDENIED, "type"},
        {police, police, MM_REQ_FREEZE, "0005-002-1-1234567", 0, MM_EINVAL, "to"},
        {police, 999, MM_REQ_FREEZE, "0005-002-1-1234567", 0, MM_EINVAL, "to"},
        {police, bank, MM_REQ_FREEZE, "12-3", 0, MM_EINVAL, "value"},
        {police, bank, MM_REQ_FREEZE, "0005-002-1-1234567", 1000, MM_EINVAL, "deadline"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_org_request_new n = {.type = bad[i].type,
                                .to_org = bad[i].to,
                                .kind = MM_KIND_BANK_ACCOUNT,
                                .value = bad[i].value,
                                .deadline = bad[i].deadline};
        mm_error e;
        cr_assert_eq(mm_store_request_send(st, bad[i].from, &n, ar, NULL, &e), bad[i].code,
                     "case %zu", i);
        cr_assert_str_eq(e.field, bad[i].field, "case %zu: %s", i, e.message);
    }
}

Test(intel_requests_store, parties_answer_list_and_audit)
{
    mm_org_request r1 = send(police, MM_REQ_FREEZE, bank, "0005-002-1-1111111");
    mm_org_request r2 = send(police, MM_REQ_INQUIRY, bank2, "0005-002-1-2222222");
    mm_org_request r3 = send(bank2, MM_REQ_FREEZE, bank, "0005-002-1-3333333");
    mm_org_request got;
    mm_error e;
    cr_assert_eq(mm_store_request_get(st, r1.id, shop, ar, &got, &e), MM_ENOTFOUND);
    cr_assert_eq(mm_store_request_get(st, r1.id, bank, ar, &got, &e), MM_OK);
    /* the sender may not answer, the addressee may not cancel, a third party sees nothing */
    cr_assert_eq(mm_store_request_update(st, r1.id, police, MM_REQ_DONE, "x", ar, NULL, &e),
                 MM_EDENIED);
    cr_assert_str_eq(e.field, "state");
    cr_assert_eq(mm_store_request_update(st, r1.id, bank, MM_REQ_CANCELLED, NULL, ar, NULL, &e),
                 MM_EDENIED);
    cr_assert_eq(mm_store_request_update(st, r1.id, bank2, MM_REQ_DONE, "x", ar, NULL, &e),
                 MM_ENOTFOUND);
    cr_assert_eq(mm_store_request_update(st, r1.id, bank, MM_REQ_REFUSED, NULL, ar, NULL, &e),
                 MM_EINVAL);
    cr_assert_str_eq(e.field, "answer");
    cr_assert_eq(mm_store_request_update(st, r1.id, bank, MM_REQ_ACKNOWLEDGED, NULL, ar, &got, &e),
                 MM_OK);
    cr_assert_eq(got.state, MM_REQ_ACKNOWLEDGED);
    cr_assert_gt(got.acknowledged, 0);
    cr_assert_eq(
        mm_store_request_update(st, r1.id, bank, MM_REQ_DONE, "frozen ¥1,180,000", ar, &got, &e),
        MM_OK);
    cr_assert_str_eq(got.answer, "frozen ¥1,180,000");
    cr_assert_gt(got.closed, 0);
    cr_assert_eq(mm_store_request_update(st, r1.id, bank, MM_REQ_REFUSED, "late", ar, NULL, &e),
                 MM_ECONFLICT);
    cr_assert_eq(mm_store_request_update(st, r1.id, police, MM_REQ_CANCELLED, NULL, ar, NULL, &e),
                 MM_ECONFLICT);
    cr_assert_eq(mm_store_request_update(st, r2.id, police, MM_REQ_CANCELLED, NULL, ar, &got, &e),
                 MM_OK);
    /* lists */
    mm_org_request *list;
    size_t n;
    int64_t next;
    mm_request_query q = {.org_id = bank, .direction = 1, .state = -1, .type = -1, .limit = 10};
    cr_assert_eq(mm_store_request_list(st, &q, ar, &list, &n, &next, &e), MM_OK);
    cr_assert_eq(n, 2);
    q.state = MM_REQ_SENT;
    cr_assert_eq(mm_store_request_list(st, &q, ar, &list, &n, &next, &e), MM_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(list[0].id, r3.id);
    q = (mm_request_query){
        .org_id = police, .direction = 2, .state = MM_REQ_STATE__COUNT, .type = -1, .limit = 10};
    cr_assert_eq(mm_store_request_list(st, &q, ar, &list, &n, &next, &e), MM_OK);
    cr_assert_eq(n, 0); /* both closed */
    q = (mm_request_query){.org_id = shop, .state = -1, .type = -1, .limit = 10};
    cr_assert_eq(mm_store_request_list(st, &q, ar, &list, &n, &next, &e), MM_OK);
    cr_assert_eq(n, 0);
    q.limit = 0;
    cr_assert_eq(mm_store_request_list(st, &q, ar, &list, &n, &next, &e), MM_EINVAL);
    /* SLA seen by the police: Bank A answered 1 of 1 on time, Bank B's was cancelled */
    mm_request_sla *sla;
    cr_assert_eq(mm_store_request_sla(st, police, 0, ar, &sla, &n, &e), MM_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(sla[0].org_id, bank);
    cr_assert_eq(sla[0].received, 1);
    cr_assert_eq(sla[0].done, 1);
    cr_assert_eq(sla[0].closed_on_time, 1);
    cr_assert_geq(sla[0].close_median_s, 0);
    cr_assert_eq(sla[1].cancelled, 1);
    cr_assert_eq(sla[1].close_median_s, -1);
    /* audit: 3 sends + 4 updates, chain intact */
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK);
    cr_assert_geq(res.checked, 7 + 4); /* org.add entries too */
}
