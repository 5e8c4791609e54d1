/* Tests for the payment event JSON (src/ingest/payment_json.c): a full
 * event, each way an event can be wrong (named by field), RFC 3339 times
 * with zones, and the JSON written back. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/ingest_payment.h"

Test(ingest_payment_json, full_event)
{
    const char *j = "{\"id\":\"t-1\",\"type\":\"transfer\",\"time\":\"2025-06-01T09:30:00+09:00\","
                    "\"amount\":1500000,\"from\":{\"account\":\"0001 001 普通 1234567\","
                    "\"name\":\"ヤマダ ハナコ\",\"age\":78,\"customer_id\":\"C1\"},"
                    "\"to\":{\"account\":\"0036-251-1-7654321\",\"name\":\"ｶ)ﾃｽﾄ\"},"
                    "\"channel\":\"ib\",\"flags\":[\"on_phone_call\",\"new_device\"],"
                    "\"requester\":\"1234 ヤマダ\",\"session\":\"s-9\"}";
    mm_arena *a = mm_arena_new(0);
    mm_payment p;
    mm_error e;
    cr_assert_eq(mm_payment_parse(j, strlen(j), NULL, a, &p, &e), MM_OK, "%s", e.message);
    cr_assert_str_eq(p.id, "t-1");
    cr_assert_eq(p.type, MM_PAY_TRANSFER);
    cr_assert_eq(p.time, 1748737800); /* 2025-06-01T00:30:00Z */
    cr_assert_eq(p.amount, 1500000);
    cr_assert_str_eq(p.from.account, "0001-001-1-1234567");
    cr_assert_eq(p.from.age, 78);
    cr_assert_str_eq(p.to.account, "0036-251-1-7654321");
    cr_assert_str_eq(p.channel, "ib");
    cr_assert_eq(p.nflags, 2);
    cr_assert(mm_payment_has_flag(&p, "new_device"));
    cr_assert_str_eq(p.session, "s-9");
    json_t *o = mm_payment_to_json(&p);
    cr_assert_str_eq(json_string_value(json_object_get(o, "time")), "2025-06-01T00:30:00Z");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(o, "from"), "account")),
                     "0001-001-1-1234567");
    json_decref(o);
    mm_arena_free(a);
}

Test(ingest_payment_json, each_defect_names_its_field)
{
    static const struct {
        const char *json;
        const char *field;
        const char *quote; /* in the message, or NULL */
    } cases[] = {
        {"[1]", "body", NULL},
        {"{\"id\":\"x\",", "body", NULL},
        {"{\"type\":\"transfer\",\"time\":1,\"amount\":1,\"from\":{\"account\":\"0001-001-1-1\"},"
         "\"to\":{\"account\":\"0001-001-1-2\"}}",
         "id", NULL},
        {"{\"id\":\"x\",\"type\":\"wire\"}", "type", "'wire'"},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":\"2025-06-01 09:00\",\"amount\":1}", "time",
         "2025-06-01 09:00"},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":\"2025-02-30T00:00:00Z\"}", "time", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":\"2025-06-01T09:00:00\"}", "time", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":\"100\"}", "amount", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":-1}", "amount", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1.5}", "amount", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1}", "from.account", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,"
         "\"from\":{\"account\":\"0001-001-1-1\"}}",
         "to.account", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,"
         "\"from\":{\"account\":\"0001-01\"}}",
         "from.account", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,"
         "\"from\":{\"acount\":\"0001-001-1-1\"}}",
         "from.acount", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,\"from\":{\"age\":200}}",
         "from.age", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,\"flags\":[\"a\",2]}",
         "flags[1]", NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,\"flags\":\"a\"}", "flags",
         NULL},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"amount\":1,\"channel\":\"fax\"}",
         "channel", "'fax'"},
        {"{\"id\":\"x\",\"type\":\"transfer\",\"time\":1,\"ammount\":1}", "ammount", NULL},
        {"{\"id\":5,\"type\":\"transfer\"}", "id", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_arena *a = mm_arena_new(0);
        mm_payment p;
        mm_error e;
        mm_status st = mm_payment_parse(cases[i].json, strlen(cases[i].json), NULL, a, &p, &e);
        cr_assert_eq(st, MM_EINVAL, "case %zu: %s", i, cases[i].json);
        cr_assert_str_eq(e.field, cases[i].field, "case %zu: field %s (%s)", i, e.field, e.message);
        if (cases[i].quote)
            cr_assert(strstr(e.message, cases[i].quote), "case %zu: %s", i, e.message);
        mm_arena_free(a);
    }
}

Test(ingest_payment_json, ib_login_needs_no_amount_and_emoney_no_account)
{
    mm_arena *a = mm_arena_new(0);
    mm_payment p;
    mm_error e;
    const char *j1 = "{\"id\":\"l\",\"type\":\"ib_login\",\"time\":\"2025-06-01\","
                     "\"from\":{\"account\":\"0001-001-1-1234567\"},\"flags\":[\"new_device\"]}";
    cr_assert_eq(mm_payment_parse(j1, strlen(j1), NULL, a, &p, &e), MM_OK, "%s", e.message);
    cr_assert_eq(p.time, 1748736000);
    const char *j2 = "{\"id\":\"c\",\"type\":\"emoney_purchase\",\"time\":1748736000,"
                     "\"amount\":50000,\"from\":{\"age\":81},\"channel\":\"store\","
                     "\"session\":\"pos-1\"}";
    cr_assert_eq(mm_payment_parse(j2, strlen(j2), NULL, a, &p, &e), MM_OK, "%s", e.message);
    mm_arena_free(a);
}
