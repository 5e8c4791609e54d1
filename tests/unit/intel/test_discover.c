/* Tests for same-IP discovery's look-alike judgement (src/intel/discover.c
 * ranking with mm_server_discover_lookalike, which asks the URL detector
 * through mm_url_host_lookalike): confusable / IDN / typo / brand-in-
 * subdomain neighbours on a shared IP rank above unrelated ones, the
 * brand's own domains are never candidates, discovery names the same brand
 * as URL screening does for the bare host, and a failing judge fails the
 * query. Uses the shipped dictionaries in data/ (tests run from the repo
 * root); own examples use reserved TLDs (.example, .test). */
#include <criterion/criterion.h>
#include <string.h>

#include "intel/discover_int.h"
#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"
#include "mamoru/server_phish.h"

static mm_url_model *M;
static mm_arena *A;
static mm_discover_lookalike LOOK;

static void setup(void)
{
    mm_error e = {0};
    cr_assert_eq(mm_url_model_load("data", &M, &e), MM_OK, "loading data/: %s: %s", e.field,
                 e.message);
    cr_assert_not_null(M, "data/ has no URL model files");
    cr_assert_gt(mm_url_model_brand_count(M), 0);
    A = mm_arena_new(0);
    LOOK = (mm_discover_lookalike){mm_server_discover_lookalike, M};
}

static void teardown(void)
{
    mm_url_model_free(M);
    mm_arena_free(A);
}

TestSuite(discover_lookalike, .init = setup, .fini = teardown);

static mm_discover_judgement judge(const char *host)
{
    mm_discover_judgement j = {0};
    cr_assert_eq(mm_server_discover_lookalike(M, host, A, &j), MM_OK, "%s", host);
    return j;
}

Test(discover_lookalike, judges_hosts_like_the_url_detector)
{
    static const struct {
        const char *host;
        const char *brand; /* NULL: no look-alike */
        int min;           /* least LOOKALIKE weight */
        const char *has;   /* substring of the detail */
    } cases[] = {
        {"xn--mazon-3ve.example", "Amazon", 85, "homoglyph, IDN"}, /* Cyrillic а */
        {"arnazon.example", "Amazon", 85, "homoglyph"},            /* rn → m */
        {"paypa1-login.example", "PayPal", 85, "homoglyph"},
        {"rakuton.example", "楽天", 60, "vowel-swap"},
        {"kuronekoyamoto-jp.example", "ヤマト運輸", 35, "typo"},
        {"smbc.co.jp.secure-login.example", "三井住友カード", 60, "URL_BRAND_IN_SUBDOMAIN"},
        {"rakuten-card-secure.example", "楽天カード", 60, "URL_BRAND_LURE"},
        {"gardening.example", NULL, 0, NULL},
        {"beauty.example", NULL, 0, NULL}, /* "au" inside a word */
        {"family-bakery.example", NULL, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_discover_judgement j = judge(cases[i].host);
        cr_assert_not(j.official, "%s", cases[i].host);
        if (cases[i].brand == NULL) {
            cr_assert_eq(j.lookalike, 0, "%s: %d (%s)", cases[i].host, j.lookalike,
                         j.detail ? j.detail : "-");
            cr_assert_null(j.brand, "%s", cases[i].host);
            continue;
        }
        cr_assert_geq(j.lookalike, cases[i].min, "%s: %d (%s)", cases[i].host, j.lookalike,
                      j.detail ? j.detail : "-");
        cr_assert_leq(j.lookalike, 100);
        cr_assert_not_null(j.brand, "%s", cases[i].host);
        cr_assert_str_eq(j.brand, cases[i].brand, "%s", cases[i].host);
        cr_assert_not_null(strstr(j.detail, cases[i].has), "%s: %s", cases[i].host, j.detail);
    }
}

Test(discover_lookalike, brands_own_domains_are_official)
{
    static const char *const own[] = {
        "amazon.co.jp",       "www.amazon.co.jp",         "amazon.de",
        "rakuten-card.co.jp", "login.rakuten-card.co.jp", "smbc-card.com"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        mm_discover_judgement j = judge(own[i]);
        cr_assert(j.official, "%s", own[i]);
        cr_assert_eq(j.lookalike, 0, "%s", own[i]);
        cr_assert_null(j.brand, "%s", own[i]);
    }
    /* a bucket under a public suffix the brand runs is someone else's site:
     * a candidate (screening, too, gives it no look-alike reason) */
    mm_discover_judgement bucket = judge("aeonjapan.s3.us-east-2.amazonaws.com");
    cr_assert_not(bucket.official);
    cr_assert_eq(bucket.lookalike, 0);
    /* the brand's domain as a subdomain of someone else's is not the brand's */
    mm_discover_judgement j = judge("amazon.co.jp.evil.example");
    cr_assert_not(j.official);
    cr_assert_gt(j.lookalike, 0);
    /* no model: no evidence, nothing official */
    mm_discover_judgement none = {0};
    cr_assert_eq(mm_server_discover_lookalike(NULL, "amazon.co.jp", A, &none), MM_OK);
    cr_assert_not(none.official);
    cr_assert_eq(none.lookalike, 0);
}

/* One notion of look-alike: the brand discovery names for a host is the
 * brand of a look-alike reason URL screening gives "http://HOST/", and
 * discovery finds one exactly when screening does. */
Test(discover_lookalike, agrees_with_url_screening)
{
    static const char *const hosts[] = {"xn--mazon-3ve.example",
                                        "amaz0n.example",
                                        "rnercari-jp.example",
                                        "mercarii.example",
                                        "rakutdn.example",
                                        "smbc-card.test",
                                        "www.etc-meisai.jp.account-update.example",
                                        "spamexperts-login.example",
                                        "id.instagramfollowbutton.example",
                                        "old-blog.example",
                                        "amazon.co.jp",
                                        "kddi-verify.example",
                                        "zmxqpwe.example"};
    mm_screen_ctx ctx = {.url = M, .thresholds = MM_THRESHOLDS_DEFAULT};
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
        char url[300];
        snprintf(url, sizeof url, "http://%s/", hosts[i]);
        mm_verdict v;
        mm_error e = {0};
        cr_assert_eq(mm_screen_url(&ctx, url, A, &v, &e), MM_OK, "%s", url);
        bool screened = false, same_brand = false;
        mm_discover_judgement j = judge(hosts[i]);
        for (size_t r = 0; r < v.nreasons; r++) {
            const mm_reason *x = &v.reasons[r];
            if (x->brand == NULL || strcmp(x->code, "URL_RISK_MODEL") == 0)
                continue;
            screened = true;
            same_brand |= j.brand && strcmp(j.brand, x->brand) == 0;
        }
        cr_assert_eq(j.lookalike > 0, screened, "%s: discovery %d, screening %d", hosts[i],
                     j.lookalike, screened);
        if (screened)
            cr_assert(same_brand, "%s: discovery names %s", hosts[i], j.brand);
    }
}

Test(discover_lookalike, lookalike_on_a_shared_ip_ranks_above_an_unrelated_domain)
{
    /* five neighbours of one seed on one IP, all first seen equally long
     * before it: only the judgement tells them apart */
    static const char *const cand[] = {"family-bakery.example", "xn--mazon-3ve.example",
                                       "rakuton.example", "amazon.co.jp",
                                       "smbc.co.jp.secure-login.example"};
    discover_link l[5];
    for (size_t i = 0; i < 5; i++)
        l[i] = (discover_link){.candidate = cand[i],
                               .seed = "seed.example",
                               .ip = "203.0.113.7",
                               .fanout = 6,
                               .cand_first = 1000,
                               .seed_first = 1000 + 400 * 86400};
    mm_discover_candidate *c;
    size_t n;
    mm_error e = {0};
    cr_assert_eq(discover_rank(l, 5, &LOOK, 7 * 86400, 10, A, &c, &n, &e), MM_OK, "%s", e.message);
    cr_assert_eq(n, 4, "the brand's own domain is no candidate");
    for (size_t i = 0; i < n; i++)
        cr_assert_str_neq(c[i].domain, "amazon.co.jp");
    cr_assert_str_eq(c[n - 1].domain, "family-bakery.example", "the unrelated one ranks last");
    cr_assert_str_eq(c[n - 1].reasons[0].code, "SAME_IP");
    for (size_t r = 0; r < c[n - 1].nreasons; r++) /* the risk model may still speak */
        cr_assert_str_neq(c[n - 1].reasons[r].code, "LOOKALIKE");
    cr_assert_null(c[n - 1].brand);
    for (size_t i = 0; i + 1 < n; i++) {
        cr_assert_gt(c[i].score, c[n - 1].score, "%s", c[i].domain);
        cr_assert_not_null(c[i].brand, "%s", c[i].domain);
        bool la = false;
        for (size_t r = 0; r < c[i].nreasons; r++)
            la |= strcmp(c[i].reasons[r].code, "LOOKALIKE") == 0;
        cr_assert(la, "%s has a LOOKALIKE reason", c[i].domain);
    }
    /* the IDN homoglyph is the strongest of them */
    cr_assert_str_eq(c[0].domain, "xn--mazon-3ve.example");
    cr_assert_str_eq(c[0].brand, "Amazon");
    /* without a judge the same links are infrastructure only: one score */
    cr_assert_eq(discover_rank(l, 5, NULL, 7 * 86400, 10, A, &c, &n, &e), MM_OK);
    cr_assert_eq(n, 5);
    for (size_t i = 1; i < n; i++)
        cr_assert_eq(c[i].score, c[0].score);
}

static mm_status failing(void *ctx, const char *host, mm_arena *a, mm_discover_judgement *out)
{
    (void)ctx, (void)host, (void)a, (void)out;
    return MM_ENOMEM;
}

static mm_status risky(void *ctx, const char *host, mm_arena *a, mm_discover_judgement *out)
{
    (void)ctx, (void)a;
    if (strcmp(host, "xkqz-pay.example") == 0) {
        out->risk = 30;
        out->risk_detail = "risk model";
    }
    return MM_OK;
}

Test(discover_lookalike, judge_errors_and_the_risk_reason)
{
    discover_link l[] = {
        {.candidate = "a.example", .seed = "s.example", .ip = "192.0.2.1", .fanout = 3},
        {.candidate = "xkqz-pay.example", .seed = "s.example", .ip = "192.0.2.1", .fanout = 3},
    };
    mm_discover_candidate *c;
    size_t n;
    mm_error e = {0};
    mm_discover_lookalike bad = {failing, NULL};
    cr_assert_eq(discover_rank(l, 2, &bad, 86400, 10, A, &c, &n, &e), MM_ENOMEM);
    cr_assert_eq(n, 0);
    mm_discover_lookalike rk = {risky, NULL};
    cr_assert_eq(discover_rank(l, 2, &rk, 86400, 10, A, &c, &n, &e), MM_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(c[0].domain, "xkqz-pay.example");
    cr_assert_eq(c[0].nreasons, 2);
    cr_assert_str_eq(c[0].reasons[1].code, "RISK_MODEL");
    cr_assert_eq(c[0].score, 55, "1 - 0.65 * 0.7");
    cr_assert_null(c[0].brand, "the risk model names no brand");
}

Test(discover_lookalike, host_entry_point_rejects_what_is_not_a_host)
{
    static const char *const bad[] = {"", "a.example/path", "user@a.example", "a.example:80",
                                      "a b.example"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_verdict v;
        mm_verdict_init(&v);
        mm_error e = {0};
        cr_assert_eq(mm_url_host_lookalike(M, bad[i], false, A, &v, NULL, &e), MM_EINVAL, "'%s'",
                     bad[i]);
        cr_assert_str_eq(e.field, "host");
        cr_assert_eq(v.nreasons, 0);
    }
    /* the judge treats such a name as no evidence rather than failing the query */
    mm_discover_judgement j = judge("a.example/path");
    cr_assert_eq(j.lookalike, 0);
    /* with_model false: look-alike reasons only */
    mm_verdict v;
    mm_verdict_init(&v);
    const char *own = "x";
    cr_assert_eq(mm_url_host_lookalike(M, "rakuten-card-secure.example", false, A, &v, &own, NULL),
                 MM_OK);
    cr_assert_null(own);
    cr_assert_gt(v.nreasons, 0);
    for (size_t i = 0; i < v.nreasons; i++)
        cr_assert_str_neq(v.reasons[i].code, "URL_RISK_MODEL");
    mm_verdict_init(&v);
    cr_assert_eq(mm_url_host_lookalike(M, "www.amazon.co.jp", true, A, &v, &own, NULL), MM_OK);
    cr_assert_str_eq(own, "Amazon");
    cr_assert_eq(v.nreasons, 0);
}
