/* Tests for src/intel/store_takedown.c: the state machine (every pair),
 * requests (URL normalised, duplicates refused while open, brand from the
 * indicator's evidence), updates (illegal → conflict, other organisation →
 * denied, back-dated times checked), audit entries, and time-to-takedown
 * statistics (nearest-rank median and p90) per brand and provider. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "mamoru/intel_phish.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static mm_store *st;
static mm_arena *ar;
static int64_t org, other;

static void setup(void)
{
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(":memory:", &cfg, &st, &e), MM_OK, "%s", e.message);
    ar = mm_arena_new(0);
    mm_org o;
    char *k;
    cr_assert_eq(mm_org_add(st, "brand-cert", MM_ROLE_BANK, ar, &o, &k, &e), MM_OK);
    org = o.id;
    cr_assert_eq(mm_org_add(st, "someone-else", MM_ROLE_CARRIER, ar, &o, &k, &e), MM_OK);
    other = o.id;
}

static void teardown(void)
{
    mm_store_close(st);
    mm_arena_free(ar);
}

TestSuite(intel_takedown, .init = setup, .fini = teardown);

Test(intel_takedown, state_machine)
{
    /* rows: from; columns: to (requested, acknowledged, taken_down, refused) */
    static const bool ok[4][4] = {
        {true, true, true, true},    /* requested */
        {false, true, true, true},   /* acknowledged */
        {false, false, true, false}, /* taken_down: final */
        {false, false, false, true}, /* refused: final */
    };
    for (int f = 0; f < 4; f++)
        for (int t = 0; t < 4; t++)
            cr_assert_eq(mm_takedown_transition_ok((mm_takedown_state)f, (mm_takedown_state)t),
                         ok[f][t], "%s → %s", mm_takedown_state_name((mm_takedown_state)f),
                         mm_takedown_state_name((mm_takedown_state)t));
    mm_takedown_state s;
    mm_error e;
    cr_assert_eq(mm_takedown_state_parse("taken_down", &s, &e), MM_OK);
    cr_assert_eq(s, MM_TD_TAKEN_DOWN);
    cr_assert_eq(mm_takedown_state_parse("gone", &s, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "state");
    cr_assert(strstr(e.message, "'gone'"));
}

static mm_takedown request(const char *url, const char *provider, const char *brand, int64_t at)
{
    mm_takedown_request r = {.url = url, .provider = provider, .brand = brand, .at = at,
                             .org_id = org};
    mm_takedown t;
    mm_error e;
    cr_assert_eq(mm_store_takedown_request(st, &r, ar, &t, &e), MM_OK, "%s: %s", url, e.message);
    return t;
}

Test(intel_takedown, request_update_and_errors)
{
    /* a listed URL with brand evidence gives the brand */
    mm_report rep = {.kind = MM_KIND_URL, .value = "HTTP://Smbc-Card.example/login",
                     .category = "phishing", .status = "confirmed", .confidence = -1,
                     .evidence = "brand=三井住友カード", .org_id = org};
    mm_indicator ind;
    bool created;
    mm_error e;
    cr_assert_eq(mm_store_report(st, &rep, ar, &ind, &created, &e), MM_OK, "%s", e.message);
    mm_takedown t = request("http://smbc-card.example/./login#x", " Example Hosting ", NULL, 0);
    cr_assert_str_eq(t.url, "http://smbc-card.example/login");
    cr_assert_str_eq(t.host, "smbc-card.example");
    cr_assert_str_eq(t.provider, "Example Hosting");
    cr_assert_str_eq(t.brand, "三井住友カード");
    cr_assert_eq(t.indicator_id, ind.id);
    cr_assert_eq(t.state, MM_TD_REQUESTED);
    cr_assert_gt(t.requested, 0);

    /* a second open request for the same URL and provider is refused */
    mm_takedown_request dup = {.url = "http://smbc-card.example/login",
                               .provider = "Example Hosting", .org_id = org};
    mm_takedown t2;
    cr_assert_eq(mm_store_takedown_request(st, &dup, ar, &t2, &e), MM_EEXIST);
    cr_assert_str_eq(e.field, "url");
    /* ... but another provider is fine (CDN and origin host) */
    dup.provider = "Example CDN";
    cr_assert_eq(mm_store_takedown_request(st, &dup, ar, &t2, &e), MM_OK);
    cr_assert_str_eq(t2.brand, "三井住友カード");

    /* bad input names the field */
    static const struct {
        const char *url, *provider, *brand, *field;
    } bad[] = {
        {"", "P", NULL, "url"},
        {"http://exa mple.com:99999/", "P", NULL, "url"},
        {"http://x.example/", "", NULL, "provider"},
        {"http://x.example/", "   ", NULL, "provider"},
        {"http://x.example/", "P\nQ", NULL, "provider"},
        {"http://x.example/", "P", "\xff\xfe", "brand"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_takedown_request r = {.url = bad[i].url, .provider = bad[i].provider,
                                 .brand = bad[i].brand, .org_id = org};
        cr_assert_eq(mm_store_takedown_request(st, &r, ar, &t2, &e), MM_EINVAL, "case %zu", i);
        cr_assert_str_eq(e.field, bad[i].field, "case %zu: %s", i, e.message);
    }
    mm_takedown_request future = {.url = "http://x.example/", .provider = "P", .org_id = org,
                                  .at = t.requested + 10 * 86400};
    cr_assert_eq(mm_store_takedown_request(st, &future, ar, &t2, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "at");

    /* updates */
    mm_takedown u;
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_ACKNOWLEDGED, 0, "ticket 42", other,
                                          false, ar, &u, &e),
                 MM_EDENIED);
    cr_assert_str_eq(e.field, "id");
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_ACKNOWLEDGED, t.requested - 1, NULL,
                                          org, false, ar, &u, &e),
                 MM_EINVAL);
    cr_assert_str_eq(e.field, "at");
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_ACKNOWLEDGED, 0, "ticket 42", org, false,
                                          ar, &u, &e),
                 MM_OK, "%s", e.message);
    cr_assert_eq(u.state, MM_TD_ACKNOWLEDGED);
    cr_assert_gt(u.acknowledged, 0);
    cr_assert_str_eq(u.note, "ticket 42");
    /* same state again: a no-op, not an error */
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_ACKNOWLEDGED, 0, NULL, org, false, ar,
                                          &u, &e),
                 MM_OK);
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_REQUESTED, 0, NULL, org, false, ar, &u,
                                          &e),
                 MM_ECONFLICT);
    cr_assert_str_eq(e.field, "state");
    cr_assert(strstr(e.message, "acknowledged") && strstr(e.message, "requested"));
    /* police / analysts may update anyone's (any_org) */
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_TAKEN_DOWN, 0, NULL, other, true, ar, &u,
                                          &e),
                 MM_OK);
    cr_assert_eq(u.state, MM_TD_TAKEN_DOWN);
    cr_assert_geq(u.closed, u.acknowledged);
    cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_REFUSED, 0, NULL, org, false, ar, &u,
                                          &e),
                 MM_ECONFLICT);
    cr_assert_eq(mm_store_takedown_update(st, 9999, MM_TD_REFUSED, 0, NULL, org, false, ar, &u,
                                          &e),
                 MM_ENOTFOUND);
    cr_assert_str_eq(e.field, "id");
    /* once closed, the same URL may be requested again */
    dup.provider = "Example Hosting";
    cr_assert_eq(mm_store_takedown_request(st, &dup, ar, &t2, &e), MM_OK);

    /* every write is in the audit chain, which still verifies */
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK);
    cr_assert_geq(res.checked, 1 + 3 + 2); /* report, 3 requests, 2 updates (+ orgs) */
}

Test(intel_takedown, percentile_nearest_rank)
{
    static const int64_t v[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    cr_assert_eq(mm_percentile(v, 10, 50), 50);
    cr_assert_eq(mm_percentile(v, 10, 90), 90);
    cr_assert_eq(mm_percentile(v, 10, 100), 100);
    cr_assert_eq(mm_percentile(v, 1, 90), 10);
    cr_assert_eq(mm_percentile(v, 3, 50), 20);
    cr_assert_eq(mm_percentile(v, 0, 50), -1);
}

Test(intel_takedown, statistics_per_brand_and_provider)
{
    const int64_t t0 = 1700000000;
    /* Amazon at host A: taken down after 1, 2, 3, 4 hours; Amazon at B:
     * refused; au at A: taken down after 10 hours; au at B: still open */
    static const struct {
        const char *brand, *provider;
        int64_t hours; /* -1 refused, -2 open */
    } rows[] = {
        {"Amazon", "A", 1}, {"Amazon", "A", 2},  {"Amazon", "A", 3},
        {"Amazon", "A", 4}, {"Amazon", "B", -1}, {"au", "A", 10},
        {"au", "B", -2},
    };
    mm_error e;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char url[64];
        snprintf(url, sizeof url, "http://site%zu.example/", i);
        mm_takedown t = request(url, rows[i].provider, rows[i].brand, t0 + (int64_t)i * 60);
        mm_takedown u;
        if (rows[i].hours >= 0)
            cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_TAKEN_DOWN,
                                                  t.requested + rows[i].hours * 3600, NULL, org,
                                                  false, ar, &u, &e),
                         MM_OK, "%s", e.message);
        else if (rows[i].hours == -1)
            cr_assert_eq(mm_store_takedown_update(st, t.id, MM_TD_REFUSED, 0, NULL, org, false,
                                                  ar, &u, &e),
                         MM_OK);
    }
    mm_takedown_stat all, *b, *p;
    size_t nb, np;
    cr_assert_eq(mm_store_takedown_stats(st, ar, &all, &b, &nb, &p, &np, &e), MM_OK);
    cr_assert_eq(all.requested, 7);
    cr_assert_eq(all.taken_down, 5);
    cr_assert_eq(all.refused, 1);
    cr_assert_eq(all.open, 1);
    cr_assert_eq(all.median_s, 3 * 3600); /* 1 2 3 4 10 → 3 */
    cr_assert_eq(all.p90_s, 10 * 3600);
    cr_assert_eq(nb, 2);
    cr_assert_str_eq(b[0].key, "Amazon");
    cr_assert_eq(b[0].requested, 5);
    cr_assert_eq(b[0].median_s, 2 * 3600); /* 1 2 3 4 → rank 2 */
    cr_assert_eq(b[0].p90_s, 4 * 3600);
    cr_assert_str_eq(b[1].key, "au");
    cr_assert_eq(b[1].median_s, 10 * 3600);
    cr_assert_eq(np, 2);
    cr_assert_str_eq(p[0].key, "A");
    cr_assert_eq(p[0].taken_down, 5);
    cr_assert_eq(p[0].median_s, 3 * 3600);
    cr_assert_str_eq(p[1].key, "B");
    cr_assert_eq(p[1].taken_down, 0);
    cr_assert_eq(p[1].median_s, -1);
    cr_assert_eq(p[1].refused, 1);
    cr_assert_eq(p[1].open, 1);
}
