/* Tests for src/intel/snapshot_build.c: a snapshot built from the store
 * holds the active indicators only (not false positives, not expired
 * ones), and personal kinds stored as keyed hashes are found again from
 * their plain canonical value — the store and the snapshot agree on the
 * HMAC rule. */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "mamoru/intel.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";

Test(intel_snapshot_build, active_indicators_and_personal_kinds)
{
    mm_store *st;
    mm_error e;
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    cr_assert_eq(mm_store_open(":memory:", &cfg, &st, &e), MM_OK, "%s", e.message);
    mm_arena *a = mm_arena_new(0);
    mm_org o;
    cr_assert_eq(mm_org_add(st, "Bank", MM_ROLE_BANK, a, &o, NULL, &e), MM_OK);

    mm_report r[5] = {
        {.kind = MM_KIND_PHONE, .value = "090-1234-5678", .category = "refund"},
        {.kind = MM_KIND_CARD, .value = "4111 1111 1111 1111", .category = "card_fraud"},
        {.kind = MM_KIND_URL, .value = "http://gone.example/", .category = "phishing"},
        {.kind = MM_KIND_DOMAIN,
         .value = "old.example",
         .category = "phishing",
         .expires = 1000}, /* long past */
        {.kind = MM_KIND_DOMAIN,
         .value = "live.example",
         .category = "phishing",
         .status = "confirmed",
         .confidence = 90,
         .expires = (int64_t)time(NULL) + 3600},
    };
    mm_indicator out[5];
    mm_status codes[5];
    mm_error errs[5];
    for (int i = 0; i < 5; i++) {
        r[i].org_id = o.id;
        if (r[i].confidence == 0)
            r[i].confidence = -1;
    }
    cr_assert_eq(mm_store_report_batch(st, r, 5, a, out, NULL, codes, errs, &e), MM_OK);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(codes[i], MM_OK, "row %d: %s", i, errs[i].message);
    cr_assert_eq(mm_store_set_status(st, out[2].id, MM_IND_FALSE_POSITIVE, o.id, a, NULL, &e),
                 MM_OK);

    mm_snapshot *snap = NULL;
    cr_assert_eq(mm_snapshot_build(st, &snap, &e), MM_OK, "%s", e.message);
    cr_assert_eq(mm_snapshot_count(snap), 3);
    mm_hit h;
    cr_assert(mm_snapshot_lookup(snap, MM_KIND_PHONE, "+819012345678", 13, &h));
    cr_assert_eq(h.id, (uint32_t)out[0].id);
    cr_assert_str_eq(mm_snapshot_category_name(snap, h.category), "refund");
    cr_assert(mm_snapshot_lookup(snap, MM_KIND_CARD, "4111111111111111", 16, &h),
              "personal kinds are looked up by their plain canonical value");
    cr_assert_eq(h.id, (uint32_t)out[1].id);
    cr_assert_not(
        mm_snapshot_lookup(snap, MM_KIND_URL, out[2].canonical, strlen(out[2].canonical), &h));
    cr_assert_not(mm_snapshot_lookup(snap, MM_KIND_DOMAIN, "old.example", 11, &h));
    cr_assert(mm_snapshot_lookup(snap, MM_KIND_DOMAIN, "live.example", 12, &h));
    cr_assert_eq(h.status, MM_IND_CONFIRMED);
    cr_assert_eq(h.confidence, 90);
    mm_snapshot_release(snap);

    mm_arena_free(a);
    mm_store_close(st);
}
