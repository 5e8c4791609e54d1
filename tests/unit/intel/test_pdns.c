/* Tests for passive DNS and same-IP discovery (src/intel/store_pdns.c,
 * discover.c): merging records, seeds (confirmed phishing only, visible to
 * the caller), candidates on shared IPs and certificates, what is dropped
 * (listed, a brand's own, shared hosting), reasons and ranking, and bad
 * input. The look-alike judge itself: test_discover.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "intel/discover_int.h"
#include "mamoru/intel_phish.h"
#include "mamoru/screen_url.h"
#include "mamoru/server_phish.h"

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static mm_store *st;
static mm_arena *ar;
static int64_t org, police;

static const char brands_tsv[] =
    "# test brands\n"
    "楽天カード\trakuten\t-\trakuten-card.co.jp\trakuten-card,rakutencard\n"
    "Amazon\tamazon\t-\tamazon.*,amazon.co.jp\tamazon,amzn\n"
    "au\tkddi\t-\tau.com,kddi.com\t=au,kddi\n";
static const char lures_tsv[] = "# lures\nlogin\taccount\nsecure\tsecurity\nverify\tverify\n";

static void setup(void)
{
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_error e;
    cr_assert_eq(mm_store_open(":memory:", &cfg, &st, &e), MM_OK, "%s", e.message);
    ar = mm_arena_new(0);
    mm_org o;
    char *k;
    cr_assert_eq(mm_org_add(st, "isp", MM_ROLE_CARRIER, ar, &o, &k, &e), MM_OK);
    org = o.id;
    cr_assert_eq(mm_org_add(st, "npa", MM_ROLE_POLICE, ar, &o, &k, &e), MM_OK);
    police = o.id;
}

static void teardown(void)
{
    mm_store_close(st);
    mm_arena_free(ar);
}

TestSuite(intel_pdns, .init = setup, .fini = teardown);

static void pdns(const char *domain, const char *ip, int64_t first, int64_t last, const char *cert)
{
    mm_pdns_record r = {domain, ip, first, last, cert};
    mm_error e;
    cr_assert_eq(mm_store_pdns_add(st, &r, 1, org, NULL, &e), MM_OK, "%s", e.message);
}

static void report(mm_kind kind, const char *value, const char *category, const char *status,
                   const char *dist, int64_t who)
{
    mm_report r = {.kind = kind, .value = value, .category = category, .status = status,
                   .distribution = dist, .confidence = -1, .org_id = who};
    mm_indicator ind;
    bool created;
    mm_error e;
    cr_assert_eq(mm_store_report(st, &r, ar, &ind, &created, &e), MM_OK, "%s", e.message);
}

Test(intel_pdns, records_merge)
{
    mm_pdns_record r[3] = {
        {"a.example", "192.0.2.1", 2000, 3000, NULL},
        {"a.example", "192.0.2.1", 1000, 1500, "aa"},
        {"a.example", "192.0.2.1", 2500, 4000, "bb"},
    };
    size_t added = 0;
    mm_error e;
    cr_assert_eq(mm_store_pdns_add(st, r, 3, org, &added, &e), MM_OK, "%s", e.message);
    cr_assert_eq(added, 1);
    int64_t pairs = 0;
    cr_assert_eq(mm_store_pdns_count(st, &pairs, &e), MM_OK);
    cr_assert_eq(pairs, 1);
    /* the merged row: earliest first, latest last, the newest certificate */
    mm_discover_query q = {.domain = "b.example", .role = MM_ROLE_ANALYST};
    pdns("b.example", "192.0.2.1", 1200, 1300, NULL);
    mm_discover_candidate *c;
    size_t n;
    cr_assert_eq(mm_store_discover(st, &q, NULL, ar, &c, &n, NULL, NULL, &e), MM_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(c[0].domain, "a.example");
    cr_assert_eq(c[0].first_seen, 1000);
    /* bad records: nothing written */
    mm_pdns_record bad = {"x.example", "192.0.2.9", 500, 100, NULL};
    cr_assert_eq(mm_store_pdns_add(st, &bad, 1, org, &added, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "last_seen");
    bad = (mm_pdns_record){"x.example", "192.0.2.9", 1, 1, NULL};
    cr_assert_eq(mm_store_pdns_add(st, &bad, 1, 9999, &added, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "org_id");
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(st, &res, &e), MM_OK);
}

Test(intel_pdns, discovery_ranks_unreported_neighbours)
{
    const int64_t d = 86400, t0 = 1714521600;
    /* seeds: a confirmed phishing domain and a URL on a throw-away host */
    report(MM_KIND_DOMAIN, "rakuten-card-login.example", "phishing", "confirmed", NULL, org);
    report(MM_KIND_URL, "http://vqjnkkr.example/x", "phishing", "confirmed", NULL, org);
    /* not seeds: only reported; another modus operandi; police-only (hidden from a carrier) */
    report(MM_KIND_DOMAIN, "just-reported.example", "phishing", "reported", NULL, org);
    report(MM_KIND_DOMAIN, "investment-scam.example", "investment", "confirmed", NULL, org);
    report(MM_KIND_DOMAIN, "secret-case.example", "phishing", "confirmed", "police", police);
    /* already listed neighbours */
    report(MM_KIND_DOMAIN, "known-bad.example", "phishing", "reported", NULL, org);
    report(MM_KIND_URL, "https://known-url.example/login", "phishing", "reported", NULL, org);

    pdns("rakuten-card-login.example", "203.0.113.10", t0, t0 + 9 * d, "cafe01");
    pdns("rakuten-card-secure.example", "203.0.113.10", t0 + d / 2, t0 + 9 * d, NULL);
    pdns("old-blog.example", "203.0.113.10", t0 - 900 * d, t0 + 9 * d, NULL);
    pdns("known-bad.example", "203.0.113.10", t0, t0 + d, NULL);
    pdns("known-url.example", "203.0.113.10", t0, t0 + d, NULL);
    pdns("rakuten-card.co.jp", "203.0.113.10", t0, t0 + d, NULL); /* the brand's own */
    pdns("cert-twin.example", "198.51.100.5", t0 + 2 * d, t0 + 3 * d, "cafe01");
    pdns("vqjnkkr.example", "198.51.100.9", t0, t0 + d, NULL);
    pdns("zmxqpwe.example", "198.51.100.9", t0 + 3600, t0 + d, NULL);
    pdns("investment-scam.example", "192.0.2.200", t0, t0 + d, NULL);
    pdns("invest-twin.example", "192.0.2.200", t0, t0 + d, NULL);
    pdns("secret-case.example", "192.0.2.201", t0, t0 + d, NULL);
    pdns("secret-twin.example", "192.0.2.201", t0, t0 + d, NULL);
    /* a CDN address with many domains: skipped as shared hosting */
    pdns("rakuten-card-login.example", "192.0.2.250", t0, t0 + d, NULL);
    for (int i = 0; i < 12; i++) {
        char name[64];
        snprintf(name, sizeof name, "cdn-customer-%d.example", i);
        pdns(name, "192.0.2.250", t0, t0 + d, NULL);
    }
    /* the URL detector's dictionaries from these small lists (no risk model) */
    mm_url_model_src src = {.brands = brands_tsv, .brands_len = strlen(brands_tsv),
                            .lures = lures_tsv, .lures_len = strlen(lures_tsv)};
    mm_url_model *um = NULL;
    mm_error e;
    cr_assert_eq(mm_url_model_parse(&src, &um, &e), MM_OK, "%s", e.message);
    mm_discover_lookalike look = {mm_server_discover_lookalike, um};
    const mm_discover_lookalike *b = &look;
    mm_discover_query q = {.max_fanout = 10, .role = MM_ROLE_CARRIER, .org_id = org};
    mm_discover_candidate *c;
    size_t n, seeds, skipped;
    cr_assert_eq(mm_store_discover(st, &q, b, ar, &c, &n, &seeds, &skipped, &e), MM_OK, "%s",
                 e.message);
    cr_assert_eq(seeds, 2);
    cr_assert_eq(skipped, 1, "the CDN address");
    const char *want[] = {"rakuten-card-secure.example", "cert-twin.example", "zmxqpwe.example",
                          "old-blog.example"};
    cr_assert_eq(n, 4);
    for (size_t i = 0; i < 4; i++)
        cr_assert_str_eq(c[i].domain, want[i], "rank %zu: %s (%d)", i, c[i].domain, c[i].score);
    /* reasons */
    bool lookalike = false, same_ip = false, close = false;
    for (size_t r = 0; r < c[0].nreasons; r++) {
        lookalike |= strcmp(c[0].reasons[r].code, "LOOKALIKE") == 0;
        same_ip |= strcmp(c[0].reasons[r].code, "SAME_IP") == 0;
        close |= strcmp(c[0].reasons[r].code, "FIRST_SEEN_CLOSE") == 0;
    }
    cr_assert(lookalike && same_ip && close);
    cr_assert_str_eq(c[0].brand, "楽天カード");
    cr_assert_str_eq(c[1].reasons[0].code, "SHARED_CERT");
    cr_assert_eq(c[3].nreasons, 1, "an old neighbour has only the shared IP");
    cr_assert_lt(c[3].score, c[2].score);
    /* pivot on one domain, listed or not; the police-only seed is visible to police */
    q = (mm_discover_query){.domain = "SECRET-CASE.example.", .role = MM_ROLE_POLICE};
    cr_assert_eq(mm_store_discover(st, &q, b, ar, &c, &n, &seeds, &skipped, &e), MM_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(c[0].domain, "secret-twin.example");
    /* limit */
    q = (mm_discover_query){.limit = 2, .max_fanout = 10, .role = MM_ROLE_ANALYST};
    cr_assert_eq(mm_store_discover(st, &q, b, ar, &c, &n, &seeds, &skipped, &e), MM_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(seeds, 2, "distribution police: hidden from analysts too");
    /* bad input */
    q = (mm_discover_query){.limit = 5000};
    cr_assert_eq(mm_store_discover(st, &q, b, ar, &c, &n, NULL, NULL, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "limit");
    q = (mm_discover_query){.domain = "bad..name"};
    cr_assert_eq(mm_store_discover(st, &q, b, ar, &c, &n, NULL, NULL, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "domain");
    mm_url_model_free(um);
}

Test(intel_pdns, rank_combines_reasons)
{
    discover_link l[] = {
        {.candidate = "b.example", .seed = "s.example", .ip = "192.0.2.1", .fanout = 3},
        {.candidate = "b.example", .seed = "t.example", .ip = "192.0.2.2", .fanout = 3},
        {.candidate = "a.example", .seed = "s.example", .ip = "192.0.2.1", .fanout = 3},
        {.candidate = "c.example", .seed = "s.example", .cert = "ab", .cand_first = 100,
         .seed_first = 200},
    };
    mm_discover_candidate *c;
    size_t n;
    mm_error e;
    cr_assert_eq(discover_rank(l, 4, NULL, 86400, 10, ar, &c, &n, &e), MM_OK);
    cr_assert_eq(n, 3);
    /* c: cert 50 + close 25 → 63; b: two IP links 1-(.65)^2 = 58; a: 35 */
    cr_assert_str_eq(c[0].domain, "c.example");
    cr_assert_eq(c[0].score, 63);
    cr_assert_str_eq(c[1].domain, "b.example");
    cr_assert_eq(c[1].score, 58);
    cr_assert_eq(c[1].nseeds, 2);
    cr_assert_str_eq(c[2].domain, "a.example");
    cr_assert_eq(c[2].score, 35);
}
