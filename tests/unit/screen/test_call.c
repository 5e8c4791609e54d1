/* Tests for mm_screen_call (src/screen/call.c): listed numbers, spoofed
 * and unassigned country codes, foreign …0110 numbers, official caller ids
 * through gateways, international calls to opted-out and elderly lines, and
 * ordinary calls that must stay allowed. */
#include "msg_fixture.h"

typedef struct ccase {
    const char *caller;
    const char *claimed;
    bool gateway;
    int age;
    bool optout;
    const char *code; /* reason that must be present, NULL = allow */
    mm_verdict_action min;
} ccase;

static const ccase cases[] = {
    {"+1 811 555 0110", NULL, false, 0, false, "CALL_SPOOFED_NUMBER", MM_VERDICT_BLOCK},
    {"+44 20 7946 0110", NULL, false, 0, false, "CALL_POLICE_SPOOF", MM_VERDICT_BLOCK},
    {"+8021234567", NULL, false, 0, false, "CALL_SPOOFED_NUMBER", MM_VERDICT_BLOCK},
    {"+44 20 7946 0958", NULL, false, 0, true, "CALL_INTL_OPTOUT", MM_VERDICT_BLOCK},
    {"+60 3 1234 5678", NULL, false, 72, false, "CALL_INTL_ELDERLY", MM_VERDICT_WARN},
    {"03-3581-4321", NULL, true, 0, false, "CALL_OFFICIAL_SPOOF", MM_VERDICT_BLOCK},
    {"110", NULL, true, 0, false, "CALL_OFFICIAL_SPOOF", MM_VERDICT_BLOCK},
    {"0957-22-0110", NULL, true, 0, false, "CALL_OFFICIAL_SPOOF", MM_VERDICT_BLOCK},
    {"0561-99-0110", NULL, true, 0, false, "CALL_OFFICIAL_SPOOF", MM_VERDICT_HOLD},
    {"090-1234-5678", "警視庁", false, 0, false, "CALL_OFFICIAL_CLAIM", MM_VERDICT_WARN},
    {"+1 646 555 0199", "税務署", false, 0, false, "CALL_OFFICIAL_CLAIM", MM_VERDICT_WARN},
    /* an office name (refund_office since msgrules) is still an authority */
    {"090-2345-6789", "年金事務所", false, 0, false, "CALL_OFFICIAL_CLAIM", MM_VERDICT_WARN},
    {"+819011112222", NULL, false, 0, false, "PHONE_LISTED", MM_VERDICT_BLOCK},
    /* ordinary calls */
    {"03-3581-4321", NULL, false, 80, true, NULL, MM_VERDICT_ALLOW},
    {"090-8765-4321", NULL, false, 85, true, NULL, MM_VERDICT_ALLOW},
    {"+44 20 7946 0958", NULL, false, 30, false, NULL, MM_VERDICT_ALLOW},
    {"0120-123-456", "○○銀行", false, 70, false, NULL, MM_VERDICT_ALLOW},
    {"非通知", NULL, false, 70, true, NULL, MM_VERDICT_ALLOW},
};

Test(screen_call, table)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_snapshot_entry e = {.kind = MM_KIND_PHONE,
                           .canonical = "+819011112222",
                           .len = 13,
                           .hit = {.id = 42, .kind = MM_KIND_PHONE, .status = MM_IND_CONFIRMED},
                           .category = "police_impersonation"};
    static const uint8_t key[32] = {2};
    mm_snapshot *snap = NULL;
    cr_assert_eq(mm_snapshot_build_from(&e, 1, key, sizeof key, &snap, NULL), MM_OK);
    ctx.snap = snap;
    mm_arena *a = mm_arena_new(0);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const ccase *x = &cases[c];
        mm_call call = {.caller = x->caller,
                        .claimed_name = x->claimed,
                        .via_gateway = x->gateway,
                        .callee = {.age = x->age, .intl_optout = x->optout}};
        mm_verdict v;
        mm_error err = {0};
        cr_assert_eq(mm_screen_call(&ctx, &call, a, &v, &err), MM_OK, "case %zu: %s", c,
                     err.message);
        if (x->code) {
            const mm_reason *r = msg_find(&v, x->code);
            cr_expect_not_null(r, "case %zu (%s): no %s (score %d)", c, x->caller, x->code,
                               v.score);
            cr_expect_geq(v.action, x->min, "case %zu (%s): %s, want at least %s", c, x->caller,
                          mm_verdict_action_name(v.action), mm_verdict_action_name(x->min));
            cr_expect_not_null(v.warning_ja, "case %zu: no warning", c);
        } else {
            cr_expect_eq(v.action, MM_VERDICT_ALLOW, "case %zu (%s): %s (score %d, %s)", c,
                         x->caller, mm_verdict_action_name(v.action), v.score,
                         v.nreasons ? v.reasons[0].code : "-");
        }
        mm_arena_reset(a);
    }
    const mm_reason *r;
    mm_verdict v;
    mm_call listed = {.caller = "090-1111-2222"};
    cr_assert_eq(mm_screen_call(&ctx, &listed, a, &v, NULL), MM_OK);
    cr_assert_not_null(r = msg_find(&v, "PHONE_LISTED"));
    cr_expect_eq(r->indicator_id, 42);
    cr_expect_str_eq(v.category, "police_impersonation");
    mm_arena_free(a);
    mm_snapshot_release(snap);
    ctx.snap = NULL;
    mm_screen_ctx_unload(&ctx);
}

Test(screen_call, bad_input_names_the_field)
{
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT};
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    mm_error e = {0};
    mm_call c = {.caller = "call me maybe"};
    cr_expect_eq(mm_screen_call(&ctx, &c, a, &v, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "caller");
    cr_expect(strstr(e.message, "call me maybe") != NULL, "%s", e.message);
    c.caller = "";
    cr_expect_eq(mm_screen_call(&ctx, &c, a, &v, &e), MM_EINVAL);
    c.caller = "090-1234-5678";
    c.callee.age = 200;
    cr_expect_eq(mm_screen_call(&ctx, &c, a, &v, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "callee.age");
    mm_arena_free(a);
}

/* CALL_SIGHTING_BURST through mm_screen_call: the snapshot's activity
 * table, evaluated at the call's time. Three organisations within the hour
 * make a burst (also for a number not listed, e.g. expired); three reports
 * from one organisation do not; the same sightings a day later do not. */
Test(screen_call, sighting_burst)
{
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT};
    const int64_t t0 = 1800000000;
    mm_snapshot_entry e = {.kind = MM_KIND_PHONE,
                           .canonical = "+819011112222",
                           .len = 13,
                           .hit = {.id = 42, .kind = MM_KIND_PHONE, .confidence = 50},
                           .category = "police_impersonation"};
    static const uint8_t key[32] = {2};
    mm_snapshot *snap = NULL;
    cr_assert_eq(mm_snapshot_build_from(&e, 1, key, sizeof key, &snap, NULL), MM_OK);
    mm_sighting_row rows[] = {
        {"+819011112222", {t0 - 100, 1}},  {"+819011112222", {t0 - 900, 2}},
        {"+819011112222", {t0 - 2000, 3}}, {"+819033334444", {t0 - 60, 1}},
        {"+819033334444", {t0 - 70, 1}},   {"+819033334444", {t0 - 80, 1}},
        {"+819055556666", {t0 - 50, 4}},   {"+819055556666", {t0 - 55, 5}},
        {"+819055556666", {t0 - 58, 6}},
    };
    mm_activity *act = NULL;
    cr_assert_eq(mm_activity_build(rows, sizeof rows / sizeof rows[0], t0, &act, NULL), MM_OK);
    mm_snapshot_set_activity(snap, act);
    ctx.snap = snap;
    mm_arena *a = mm_arena_new(0);
    mm_verdict v, plain;
    const mm_reason *r;

    /* listed and in a burst: the burst adds to the listing */
    mm_call c = {.caller = "090-1111-2222", .now = t0};
    cr_assert_eq(mm_screen_call(&ctx, &c, a, &v, NULL), MM_OK);
    cr_assert_not_null(r = msg_find(&v, "CALL_SIGHTING_BURST"));
    cr_expect_not_null(strstr(r->detail, "3 reports from 3 organisations in the last hour"), "%s",
                       r->detail);
    cr_expect_eq(r->indicator_id, 42);
    cr_expect_str_eq(r->category, "police_impersonation");
    cr_expect_not_null(msg_find(&v, "PHONE_LISTED"));
    mm_snapshot_set_activity(snap, NULL);
    cr_assert_eq(mm_screen_call(&ctx, &c, a, &plain, NULL), MM_OK);
    cr_expect_null(msg_find(&plain, "CALL_SIGHTING_BURST"));
    cr_expect_gt(v.score, plain.score, "the burst raises the score");
    cr_assert_eq(mm_activity_build(rows, sizeof rows / sizeof rows[0], t0, &act, NULL), MM_OK);
    mm_snapshot_set_activity(snap, act);

    /* a day later the same sightings are no burst */
    c.now = t0 + MM_BURST_LONG_WINDOW + 1;
    cr_assert_eq(mm_screen_call(&ctx, &c, a, &v, NULL), MM_OK);
    cr_expect_null(msg_find(&v, "CALL_SIGHTING_BURST"));
    /* now = 0: evaluated at the table's build time */
    c.now = 0;
    cr_assert_eq(mm_screen_call(&ctx, &c, a, &v, NULL), MM_OK);
    cr_expect_not_null(msg_find(&v, "CALL_SIGHTING_BURST"));

    /* one organisation three times: not a burst */
    mm_call one = {.caller = "090-3333-4444", .now = t0};
    cr_assert_eq(mm_screen_call(&ctx, &one, a, &v, NULL), MM_OK);
    cr_expect_null(msg_find(&v, "CALL_SIGHTING_BURST"));
    cr_expect_eq(v.action, MM_VERDICT_ALLOW);

    /* not listed (e.g. expired) but three organisations in a minute: flagged */
    mm_call unl = {.caller = "+81 90 5555 6666", .now = t0};
    cr_assert_eq(mm_screen_call(&ctx, &unl, a, &v, NULL), MM_OK);
    cr_assert_not_null(r = msg_find(&v, "CALL_SIGHTING_BURST"));
    cr_expect_eq(r->indicator_id, 0);
    cr_expect_geq(v.action, MM_VERDICT_WARN);
    cr_expect_str_eq(v.category, "suspicious_call");
    mm_arena_free(a);
    mm_snapshot_release(snap);
}
