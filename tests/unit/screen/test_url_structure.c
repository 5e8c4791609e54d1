/* Tests for src/screen/url_structure.c: raw IP hosts, ports, free hosting,
 * dynamic DNS, shorteners, risky TLDs and punycode — each a weak reason
 * that names its rule and never reaches warn alone. */
#include "url_fixture.h"

static mm_url_model *M;
static mm_arena *A;

static void setup(void)
{
    M = url_model_shipped();
    A = mm_arena_new(0);
}

static void teardown(void)
{
    mm_url_model_free(M);
    mm_arena_free(A);
}

Test(url_structure, each_rule_names_itself, .init = setup, .fini = teardown)
{
    static const struct {
        const char *url;
        const char *code;
        const char *detail_has;
    } cases[] = {
        {"http://203.0.113.7/login", "URL_IP_HOST", "203.0.113.7"},
        {"http://0xCB.0.113.7/", "URL_IP_HOST", "203.0.113.7"},
        {"http://[2001:db8::1]/", "URL_IP_HOST", "2001:db8::1"},
        {"https://shop.example:8443/", "URL_UNUSUAL_PORT", "8443"},
        {"http://shop.example:443/", "URL_UNUSUAL_PORT", "443"},
        {"https://someone.github.io/page", "URL_FREE_HOSTING", "github.io"},
        {"https://a-b-c.pages.dev/", "URL_FREE_HOSTING", "pages.dev"},
        {"https://h0uyqj8.duckdns.org/", "URL_DYNAMIC_DNS", "duckdns.org"},
        {"https://x.ddns.net/", "URL_DYNAMIC_DNS", "ddns.net"},
        {"https://bit.ly/3xYzAbC", "URL_SHORTENER", "bit.ly"},
        {"https://tinyurl.com/abc", "URL_SHORTENER", "tinyurl.com"},
        {"https://www.afqwugflx.top/", "URL_RISKY_TLD", ".top"},
        {"https://www.example.cn/", "URL_RISKY_TLD", ".cn"},
        {"https://\xe4\xbe\x8b\xe3\x81\x88.jp/", "URL_PUNYCODE", "xn--"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_screen_ctx ctx = {.url = M, .thresholds = MM_THRESHOLDS_DEFAULT};
        mm_verdict v;
        mm_error e = {0};
        cr_assert_eq(mm_screen_url(&ctx, cases[i].url, A, &v, &e), MM_OK, "%s: %s",
                     cases[i].url, e.message);
        const mm_reason *r = url_find(&v, cases[i].code, NULL);
        if (r == NULL)
            url_dump(&v);
        cr_assert_not_null(r, "%s: expected %s", cases[i].url, cases[i].code);
        cr_assert(strstr(r->detail, cases[i].detail_has), "%s: '%s' lacks '%s'", cases[i].url,
                  r->detail, cases[i].detail_has);
        cr_assert_lt(r->weight, 40, "%s: %s alone must not warn", cases[i].url, r->code);
        cr_assert_str_eq(r->category, "phishing");
    }
}

Test(url_structure, standard_ports_and_plain_hosts_say_nothing, .init = setup, .fini = teardown)
{
    static const char *const urls[] = {"https://www.example.com:443/", "http://example.com:80/a",
                                       "https://www.example.co.jp/"};
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        mm_screen_ctx ctx = {.url = M, .thresholds = MM_THRESHOLDS_DEFAULT};
        mm_verdict v;
        cr_assert_eq(mm_screen_url(&ctx, urls[i], A, &v, NULL), MM_OK);
        cr_assert_null(url_find(&v, "URL_UNUSUAL_PORT", NULL), "%s", urls[i]);
        cr_assert_null(url_find(&v, "URL_IP_HOST", NULL), "%s", urls[i]);
        cr_assert_null(url_find(&v, "URL_RISKY_TLD", NULL), "%s", urls[i]);
    }
}

Test(url_structure, unparsable_url_names_the_field, .init = setup, .fini = teardown)
{
    mm_screen_ctx ctx = {.url = M, .thresholds = MM_THRESHOLDS_DEFAULT};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_url(&ctx, "http://[::1/", A, &v, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "url");
    cr_assert(strstr(e.message, "[::1"), "%s", e.message);
    cr_assert_eq(mm_screen_url(&ctx, "", A, &v, &e), MM_EINVAL);
}

/* A public suffix worn inside the subdomain reads as the end of the name:
 * strongest for the names only public bodies can hold, strong for suffixes
 * of several labels and the old generic ones, weak for a lone country code
 * (a regional subdomain, store.jp.example.com, looks the same). */
Test(url_structure, suffix_worn_in_subdomain, .init = setup, .fini = teardown)
{
    static const struct {
        const char *url;
        int weight; /* 0: no such reason */
        const char *detail_has;
    } cases[] = {
        {"http://kodomo-teate.go.jp.apply.test/", 70, "'.go.jp'"},
        {"https://www.city.lg.jp.kyufu.example/form", 70, "public bodies"},
        {"http://1aeno.co.jp.login-safe.example/", 60, "'.co.jp'"},
        {"http://account.apple.com.loginso.org/", 60, "'.com'"},
        {"http://a.amazon.co.jp-openid.example/", 60, "'.co.jp'"},
        {"https://city-kyufu.jp.claim-now.example/x", 35, "'.jp'"},
        {"https://www.example.co.jp/", 0, NULL},
        {"https://jp.example.com/", 0, NULL},
        {"https://www.jp-bank.japanpost.jp/", 0, NULL},
        {"https://www.jp-ticket.example/", 0, NULL},
        {"https://www.nhk.plus.example.com/", 0, NULL},
        {"http://www.shop.co.uk.customer/", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_screen_ctx ctx = {.url = M, .thresholds = MM_THRESHOLDS_DEFAULT};
        mm_verdict v;
        cr_assert_eq(mm_screen_url(&ctx, cases[i].url, A, &v, NULL), MM_OK, "%s", cases[i].url);
        const mm_reason *r = url_find(&v, "URL_SUFFIX_IN_SUBDOMAIN", NULL);
        if (cases[i].weight == 0) {
            cr_assert_null(r, "%s: %s", cases[i].url, r ? r->detail : "");
            continue;
        }
        if (r == NULL)
            url_dump(&v);
        cr_assert_not_null(r, "%s: expected URL_SUFFIX_IN_SUBDOMAIN", cases[i].url);
        cr_assert_eq(r->weight, cases[i].weight, "%s: weight %d", cases[i].url, r->weight);
        cr_assert(strstr(r->detail, cases[i].detail_has), "%s: '%s' lacks '%s'", cases[i].url,
                  r->detail, cases[i].detail_has);
    }
}
