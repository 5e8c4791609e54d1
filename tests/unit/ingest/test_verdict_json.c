/*
 * test_verdict_json.c — the one verdict JSON writer (src/ingest/verdict_json.c)
 * and its two names: mm_server_verdict_json (API, CLI) must be it without an
 * id, mm_payment_verdict_json (payments API and CLI) the same bytes with the
 * event's "id" first. Each reason keeps the members, in the order, that the
 * two separate writers it replaced printed for their detectors: URL and
 * message reasons code, category, detail, weight, span, indicator, brand;
 * payment reasons code, category, detail, weight, indicator, text_ja,
 * audience. (src/server/verdict_text.c is held to the same bytes by
 * tests/unit/server/test_verdict_text.c.)
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/server.h"

static char *dump(json_t *j)
{
    cr_assert_not_null(j);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    cr_assert_not_null(s);
    return s;
}

/* The member names of o, in order, joined by ','. */
static void keys_of(json_t *o, char *out, size_t cap)
{
    out[0] = '\0';
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (out[0])
            strncat(out, ",", cap - strlen(out) - 1);
        strncat(out, k, cap - strlen(out) - 1);
    }
}

static mm_reason url_reason = {.code = "URL_LOOKALIKE",
                               .category = "phishing",
                               .detail = "look-alike of amazon.co.jp",
                               .weight = 70,
                               .span_start = 4,
                               .span_end = 30,
                               .indicator_id = 12,
                               .brand = "Amazon"};
static mm_reason pay_reason = {.code = "PAY_ELDERLY_LARGE_ATM",
                               .category = "refund",
                               .detail = "age 78, 500000 yen at an ATM",
                               .weight = 60,
                               .indicator_id = 7,
                               .text_ja = "お客様に還付金のお話がないか確認してください",
                               .audience = "clerk"};

Test(verdict_json, members_and_their_order_per_detector)
{
    mm_reason rs[] = {url_reason, pay_reason, {.code = "BARE", .weight = 5}};
    mm_verdict v = {.action = MM_VERDICT_HOLD,
                    .score = 80,
                    .category = "refund",
                    .reasons = rs,
                    .nreasons = 3,
                    .cap = 3,
                    .warning_ja = "還付金詐欺の可能性",
                    .warning_en = "possible refund fraud"};
    json_t *j = mm_verdict_to_json(&v, NULL);
    char k[256];
    keys_of(j, k, sizeof k);
    cr_assert_str_eq(k, "action,score,category,reasons,warning");
    keys_of(json_array_get(json_object_get(j, "reasons"), 0), k, sizeof k);
    cr_assert_str_eq(k, "code,category,detail,weight,span,indicator,brand");
    keys_of(json_array_get(json_object_get(j, "reasons"), 1), k, sizeof k);
    cr_assert_str_eq(k, "code,category,detail,weight,indicator,text_ja,audience");
    keys_of(json_array_get(json_object_get(j, "reasons"), 2), k, sizeof k);
    cr_assert_str_eq(k, "code,weight");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(j, "reasons"), 1), "text_ja")),
                     pay_reason.text_ja);
    json_decref(j);
    mm_payment ev = {.id = "evt-42"};
    j = mm_payment_verdict_json(&v, &ev);
    keys_of(j, k, sizeof k);
    cr_assert_str_eq(k, "id,action,score,category,reasons,warning");
    cr_assert_str_eq(json_string_value(json_object_get(j, "id")), "evt-42");
    json_decref(j);
    mm_verdict clean = {.action = MM_VERDICT_ALLOW};
    char *s = dump(mm_verdict_to_json(&clean, NULL));
    cr_assert_str_eq(s, "{\"action\":\"allow\",\"score\":0,\"category\":\"none\",\"reasons\":[]}");
    free(s);
}

Test(verdict_json, server_and_payment_forms_are_the_one_writer)
{
    mm_reason rs[] = {pay_reason, url_reason};
    mm_verdict v = {.action = MM_VERDICT_BLOCK,
                    .score = 96,
                    .category = "phishing",
                    .reasons = rs,
                    .nreasons = 2,
                    .cap = 2,
                    .warning_ja = "偽サイト"};
    for (size_t n = 0; n <= 2; n++) {
        v.nreasons = n;
        char *plain = dump(mm_verdict_to_json(&v, NULL));
        char *server = dump(mm_server_verdict_json(&v));
        cr_assert_str_eq(server, plain, "%zu reasons", n);
        mm_payment ev = {.id = "p\"1"}, noid = {0};
        char *pay = dump(mm_payment_verdict_json(&v, &ev));
        /* {"id":"p\"1", then the rest of the plain object */
        cr_assert_eq(strncmp(pay, "{\"id\":\"p\\\"1\",", 13), 0, "%s", pay);
        cr_assert_str_eq(pay + 13, plain + 1);
        char *pay_noid = dump(mm_payment_verdict_json(&v, &noid));
        cr_assert_str_eq(pay_noid, plain);
        char *pay_null = dump(mm_payment_verdict_json(&v, NULL));
        cr_assert_str_eq(pay_null, plain);
        free(plain);
        free(server);
        free(pay);
        free(pay_noid);
        free(pay_null);
    }
}
