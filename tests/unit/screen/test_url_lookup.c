/* Tests for src/screen/url_lookup.c: every Safe-Browsing expression under
 * both schemes as kind url, the host's parent domains as kind domain, an IP
 * host as kind ip — each hit a reason carrying the indicator id and the
 * snapshot's category; no snapshot, no lookups. */
#include "url_fixture.h"

static const uint8_t KEY[32] = "0123456789abcdef0123456789abcdef";

static mm_snapshot_entry entry(mm_kind kind, const char *canonical, uint32_t id,
                               mm_ind_status status, const char *category)
{
    return (mm_snapshot_entry){.kind = kind,
                               .canonical = canonical,
                               .len = strlen(canonical),
                               .hit = {.id = id, .status = status, .confidence = 80},
                               .category = category};
}

static mm_snapshot *fixture(void)
{
    mm_snapshot_entry e[] = {
        entry(MM_KIND_URL, "https://evil.example/a/", 11, MM_IND_CONFIRMED, "phishing"),
        entry(MM_KIND_URL, "http://lure.test/login.php?id=1", 12, MM_IND_REPORTED,
              "delivery_lure"),
        entry(MM_KIND_DOMAIN, "bad.example", 21, MM_IND_CONFIRMED, "phishing"),
        entry(MM_KIND_IP, "203.0.113.9", 31, MM_IND_ACTIONED, "phishing"),
    };
    mm_snapshot *s = NULL;
    mm_error err = {0};
    cr_assert_eq(mm_snapshot_build_from(e, sizeof e / sizeof e[0], KEY, sizeof KEY, &s, &err),
                 MM_OK, "%s", err.message);
    return s;
}

Test(url_lookup, expressions_domains_and_ips)
{
    static const struct {
        const char *url;
        const char *code; /* NULL = no listed reason */
        int64_t id;
        const char *category;
        mm_verdict_action at_least;
    } cases[] = {
        /* listed https://evil.example/a/ covers deeper paths and the other scheme */
        {"http://evil.example/a/b/c.html?x=1", "URL_LISTED", 11, "phishing", MM_VERDICT_BLOCK},
        {"https://EVIL.example/a/", "URL_LISTED", 11, "phishing", MM_VERDICT_BLOCK},
        {"https://www.evil.example/a/deeper", "URL_LISTED", 11, "phishing", MM_VERDICT_BLOCK},
        {"https://evil.example/other", NULL, 0, NULL, MM_VERDICT_ALLOW},
        /* exact path + query; reported status weighs less */
        {"https://lure.test/login.php?id=1", "URL_LISTED", 12, "delivery_lure", MM_VERDICT_WARN},
        {"https://lure.test/login.php?id=2", NULL, 0, NULL, MM_VERDICT_ALLOW},
        /* a listed parent domain covers its subdomains */
        {"https://bad.example/", "DOMAIN_LISTED", 21, "phishing", MM_VERDICT_BLOCK},
        {"https://a.b.bad.example/x", "DOMAIN_LISTED", 21, "phishing", MM_VERDICT_BLOCK},
        {"https://notbad.example/", NULL, 0, NULL, MM_VERDICT_ALLOW},
        /* IP hosts in any form */
        {"http://203.0.113.9/", "IP_LISTED", 31, "phishing", MM_VERDICT_BLOCK},
        {"http://3405803785/", "IP_LISTED", 31, "phishing", MM_VERDICT_BLOCK},
    };
    mm_snapshot *snap = fixture();
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_screen_ctx ctx = {.snap = snap, .thresholds = MM_THRESHOLDS_DEFAULT};
        mm_verdict v;
        mm_error e = {0};
        cr_assert_eq(mm_screen_url(&ctx, cases[i].url, a, &v, &e), MM_OK, "%s", e.message);
        if (cases[i].code == NULL) {
            cr_assert_eq(v.nreasons, 0, "%s: unexpected %s", cases[i].url,
                         v.nreasons ? v.reasons[0].code : "");
            continue;
        }
        const mm_reason *r = url_find(&v, cases[i].code, NULL);
        cr_assert_not_null(r, "%s: expected %s", cases[i].url, cases[i].code);
        cr_assert_eq(r->indicator_id, cases[i].id, "%s", cases[i].url);
        cr_assert_str_eq(r->category, cases[i].category, "%s", cases[i].url);
        cr_assert_geq(v.action, cases[i].at_least, "%s: %s", cases[i].url,
                      mm_verdict_action_name(v.action));
        cr_assert_eq(v.nreasons, 1, "%s: one hit, one reason", cases[i].url);
    }
    mm_arena_free(a);
    mm_snapshot_release(snap);
}

Test(url_lookup, lookups_alone_and_without_snapshot)
{
    mm_snapshot *snap = fixture();
    mm_arena *a = mm_arena_new(0);
    mm_url u;
    cr_assert_eq(mm_norm_url("https://x.bad.example/p", a, &u, NULL), MM_OK);
    mm_verdict v;
    mm_verdict_init(&v);
    cr_assert_eq(mm_url_lookup(snap, &u, a, &v), 1);
    cr_assert_str_eq(v.reasons[0].code, "DOMAIN_LISTED");
    mm_verdict_init(&v);
    cr_assert_eq(mm_url_lookup(NULL, &u, a, &v), 0);
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT}; /* nothing loaded */
    cr_assert_eq(mm_screen_url(&ctx, "https://bad.example/", a, &v, NULL), MM_OK);
    cr_assert_eq(v.nreasons, 0);
    cr_assert_eq(v.action, MM_VERDICT_ALLOW);
    mm_arena_free(a);
    mm_snapshot_release(snap);
}

/* The lookup builds its keys itself (no printf): they must be exactly the
 * Safe-Browsing expressions of mm_url_expressions, under both schemes. */
Test(url_lookup, keys_are_the_safe_browsing_expressions)
{
    static const char *const urls[] = {
        "http://a.b.c/1/2.html?param=1",
        "http://a.b.c.d.e.f.g/1.html",
        "http://1.2.3.4/1/",
        "http://a.b.c/",
        "https://www.afqwugflx.cn/",
        "https://x.example/a/b/c/d/e/f?q=1&r=2",
        "https://x.example/a/b/",
        "https://x.example/?",
        "https://sub.x.co.jp/p/index.php?id=%E3%81%82",
    };
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        mm_url u;
        cr_assert_eq(mm_norm_url(urls[i], a, &u, NULL), MM_OK, "%s", urls[i]);
        char **ex;
        size_t n = mm_url_expressions(&u, a, &ex);
        cr_assert_gt(n, 0);
        mm_snapshot_entry *e = mm_arena_calloc(a, 2 * n + 1, sizeof *e);
        for (size_t k = 0; k < n; k++)
            for (int s = 0; s < 2; s++) {
                char *v = mm_arena_printf(a, "%s%s", s ? "http://" : "https://", ex[k]);
                e[2 * k + s] = (mm_snapshot_entry){.kind = MM_KIND_URL, .canonical = v,
                                                   .len = strlen(v),
                                                   .hit = {.id = (uint32_t)(2 * k + s + 1)},
                                                   .category = "phishing"};
            }
        /* a near miss that must not match: the host with an unrelated path */
        char *miss = mm_arena_printf(a, "https://%s/zz-not-a-prefix/", u.host);
        e[2 * n] = (mm_snapshot_entry){.kind = MM_KIND_URL, .canonical = miss,
                                       .len = strlen(miss), .hit = {.id = 9999},
                                       .category = "phishing"};
        mm_snapshot *snap = NULL;
        cr_assert_eq(mm_snapshot_build_from(e, 2 * n + 1, KEY, sizeof KEY, &snap, NULL), MM_OK);
        mm_verdict v;
        mm_verdict_init(&v);
        int hits = mm_url_lookup(snap, &u, a, &v);
        cr_assert_eq(hits, (int)(2 * n), "%s: %d hits for %zu expressions", urls[i], hits, n);
        for (size_t k = 0; k < v.nreasons; k++)
            cr_assert_neq(v.reasons[k].indicator_id, 9999, "%s", urls[i]);
        mm_snapshot_release(snap);
    }
    mm_arena_free(a);
}
