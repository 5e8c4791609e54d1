/* Tests for src/screen/url_lookalike.c through mm_screen_url: homoglyphs
 * (Cyrillic, digits, IDN), each dnstwist permutation class, brand names in
 * subdomain / path / label with lure words, and the brands' own domains
 * never flagged. Own examples use reserved TLDs (.example, .test). */
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

static mm_verdict screen(const char *url)
{
    mm_screen_ctx ctx = {.url = M, .thresholds = MM_THRESHOLDS_DEFAULT};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_url(&ctx, url, A, &v, &e), MM_OK, "%s: %s", url, e.message);
    return v;
}

typedef struct la_case {
    const char *url;
    const char *code;
    const char *brand;
    const char *detail_has; /* substring of the reason's detail */
    mm_verdict_action at_least;
} la_case;

static void run(const la_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mm_verdict v = screen(c[i].url);
        const mm_reason *r = url_find_detail(&v, c[i].code, c[i].brand, c[i].detail_has);
        if (r == NULL)
            url_dump(&v);
        cr_assert_not_null(r, "%s: expected %s for %s with '%s'", c[i].url, c[i].code,
                           c[i].brand, c[i].detail_has ? c[i].detail_has : "");
        cr_assert_geq(v.action, c[i].at_least, "%s: action %s", c[i].url,
                      mm_verdict_action_name(v.action));
        cr_assert_str_eq(v.category, "phishing", "%s", c[i].url);
    }
}

Test(url_lookalike, homoglyphs_and_idn, .init = setup, .fini = teardown)
{
    static const la_case cases[] = {
        /* Cyrillic а (U+0430) for Latin a: punycode host, skeleton "arnazon" */
        {"https://\xd0\xb0mazon.example/", "URL_LOOKALIKE", "Amazon", "IDN", MM_VERDICT_HOLD},
        {"https://xn--mazon-3ve.example/", "URL_LOOKALIKE", "Amazon", "homoglyph", MM_VERDICT_HOLD},
        /* Greek ο (U+03BF) in docomo */
        {"https://d\xce\xbf" "como.example/", "URL_LOOKALIKE", "NTT docomo", "homoglyph",
         MM_VERDICT_HOLD},
        {"https://amaz0n.example/", "URL_LOOKALIKE", "Amazon", "homoglyph", MM_VERDICT_HOLD},
        {"https://arnazon.example/", "URL_LOOKALIKE", "Amazon", "homoglyph", MM_VERDICT_HOLD},
        {"https://paypa1.example/", "URL_LOOKALIKE", "PayPal", "homoglyph", MM_VERDICT_HOLD},
        {"https://rnercari-jp.example/", "URL_LOOKALIKE", "メルカリ", "homoglyph", MM_VERDICT_HOLD},
    };
    run(cases, sizeof cases / sizeof cases[0]);
}

Test(url_lookalike, dnstwist_classes, .init = setup, .fini = teardown)
{
    static const la_case cases[] = {
        {"https://rakutenx.example/", "URL_LOOKALIKE", "楽天", "(addition)", MM_VERDICT_WARN},
        {"https://rakutdn.example/", "URL_LOOKALIKE", "楽天", "(bitsquatting)", MM_VERDICT_WARN},
        {"https://raku-ten.example/", "URL_LOOKALIKE", "楽天", "(hyphenation)", MM_VERDICT_WARN},
        {"https://rakuxten.example/", "URL_LOOKALIKE", "楽天", "(insertion)", MM_VERDICT_WARN},
        {"https://rakten.example/", "URL_LOOKALIKE", "楽天", "(omission)", MM_VERDICT_WARN},
        {"https://rakkuten.example/", "URL_LOOKALIKE", "楽天", "(repetition)", MM_VERDICT_WARN},
        {"https://rakuhen.example/", "URL_LOOKALIKE", "楽天", "(replacement)", MM_VERDICT_WARN},
        {"https://rakuetn.example/", "URL_LOOKALIKE", "楽天", "(transposition)", MM_VERDICT_WARN},
        {"https://rakuton.example/", "URL_LOOKALIKE", "楽天", "(vowel-swap)", MM_VERDICT_WARN},
        {"https://rakuten.example/", "URL_LOOKALIKE", "楽天", "(tld-swap)", MM_VERDICT_WARN},
        {"https://smbc-card.test/", "URL_LOOKALIKE", "三井住友カード", "(tld-swap)",
         MM_VERDICT_WARN},
        {"https://kuronekoyamoto-jp.example/", "URL_LOOKALIKE", "ヤマト運輸", "typo",
         MM_VERDICT_WARN},
        {"https://kuronekoyomoto.example/", "URL_LOOKALIKE", "ヤマト運輸", "(edit-distance-2)",
         MM_VERDICT_ALLOW},
        {"https://login.kuronekoyomoto.example/", "URL_LOOKALIKE", "ヤマト運輸",
         "(edit-distance-2)", MM_VERDICT_WARN},
        {"https://mercarii.example/", "URL_LOOKALIKE", "メルカリ", "(repetition)",
         MM_VERDICT_WARN},
    };
    run(cases, sizeof cases / sizeof cases[0]);
}

Test(url_lookalike, brand_in_subdomain_path_and_lures, .init = setup, .fini = teardown)
{
    static const la_case cases[] = {
        {"http://smbc.co.jp.secure-login.example/", "URL_BRAND_IN_SUBDOMAIN", "三井住友カード",
         "secure-login.example", MM_VERDICT_HOLD},
        {"http://smbc.co.jp.secure-login.example/", "URL_BRAND_LURE", "三井住友カード", "login",
         MM_VERDICT_HOLD},
        {"https://pay-paypay-ne-jp-x1.replit.app/", "URL_BRAND_IN_SUBDOMAIN", "PayPay", NULL,
         MM_VERDICT_HOLD},
        {"https://www.etc-meisai.jp.account-update.example/", "URL_BRAND_IN_SUBDOMAIN",
         "ETC利用照会サービス", NULL, MM_VERDICT_HOLD},
        {"https://x.example/rakuten/login", "URL_BRAND_IN_PATH", "楽天", "x.example",
         MM_VERDICT_WARN},
        {"https://x.example/rakuten/login", "URL_BRAND_LURE", "楽天", "login", MM_VERDICT_WARN},
        {"https://rakuten-card-security.example/", "URL_BRAND_LURE", "楽天カード", "security",
         MM_VERDICT_WARN},
        {"https://rakuten-card-security.example/", "URL_LOOKALIKE", "楽天カード",
         "combosquatting", MM_VERDICT_WARN},
        {"https://amazon-verify-account.test/", "URL_BRAND_LURE", "Amazon", "verify",
         MM_VERDICT_WARN},
        /* Japanese brand name in the path, decoded */
        {"https://x.example/%E4%B8%89%E4%BA%95%E4%BD%8F%E5%8F%8B%E3%82%AB%E3%83%BC%E3%83%89/"
         "%E7%A2%BA%E8%AA%8D",
         "URL_BRAND_IN_PATH", "三井住友カード", NULL, MM_VERDICT_WARN},
    };
    run(cases, sizeof cases / sizeof cases[0]);
}

/* "amazon.*" names Amazon's own domains under country suffixes (amazon.de)
 * — but only ICANN ones: under a private-section suffix of the PSL anyone
 * can register the label, so the host is someone else's. */
Test(url_lookalike, brand_wildcard_needs_an_icann_suffix, .init = setup, .fini = teardown)
{
    mm_verdict own = screen("https://www.amazon.de/ap/signin");
    cr_assert_eq(own.nreasons, 0, "amazon.de is Amazon's own");
    static const char *const theirs[] = {"https://amazon.verse.jp/ap/signin",
                                         "https://amazon.github.io/signin"};
    for (size_t i = 0; i < sizeof theirs / sizeof theirs[0]; i++) {
        mm_verdict v = screen(theirs[i]);
        if (url_find_detail(&v, "URL_LOOKALIKE", "Amazon", NULL) == NULL &&
            url_find_detail(&v, "URL_BRAND_IN_SUBDOMAIN", "Amazon", NULL) == NULL)
            url_dump(&v);
        cr_assert(url_find_detail(&v, "URL_LOOKALIKE", "Amazon", NULL) != NULL ||
                      url_find_detail(&v, "URL_BRAND_IN_SUBDOMAIN", "Amazon", NULL) != NULL,
                  "%s is not Amazon's: expected a look-alike reason naming Amazon", theirs[i]);
    }
}

Test(url_lookalike, own_domains_are_never_flagged, .init = setup, .fini = teardown)
{
    static const char *const own[] = {
        "https://www.amazon.co.jp/gp/css/order-history",
        "https://www.amazon.de/",
        "https://www.amazon.com/ap/signin",
        "https://www.smbc-card.com/mem/index.jsp",
        "https://www.vpass.ne.jp/login",
        "https://www.smbc.co.jp/kojin/",
        "https://www.rakuten-card.co.jp/e-navi/",
        "https://www.rakuten.co.jp/",
        "https://www.kuronekoyamato.co.jp/ytc/customer/",
        "https://www.sagawa-exp.co.jp/",
        "https://www.post.japanpost.jp/",
        "https://www.jp-bank.japanpost.jp/",
        "https://www.e-tax.nta.go.jp/",
        "https://www.eki-net.com/personal/top/index.html",
        "https://jp.mercari.com/mypage",
        "https://appleid.apple.com/account/manage",
        "https://www.icloud.com/",
        "https://login.microsoftonline.com/common/oauth2",
        "https://accounts.google.com/signin",
        "https://www.docomo.ne.jp/mydocomo/",
        "https://www.au.com/my-au/",
        "https://www.softbank.jp/mysoftbank/",
        "https://www.etc-meisai.jp/",
        "https://www.saisoncard.co.jp/",
        "https://www.eposcard.co.jp/",
        "https://www.aeon.co.jp/",
        "https://www.jcb.co.jp/login/",
        "https://www.paypay.ne.jp/",
        "https://www.mizuhobank.co.jp/",
        "https://www.bk.mufg.jp/",
        "https://www.netflix.com/login",
        "https://www.paypal.com/signin",
    };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        mm_verdict v = screen(own[i]);
        for (size_t k = 0; k < v.nreasons; k++)
            cr_assert_null(v.reasons[k].brand, "%s flagged: %s %s", own[i], v.reasons[k].code,
                           v.reasons[k].detail);
        cr_assert_eq(v.action, MM_VERDICT_ALLOW, "%s: %s (score %d)", own[i],
                     mm_verdict_action_name(v.action), v.score);
    }
}

Test(url_lookalike, ordinary_words_are_not_brands, .init = setup, .fini = teardown)
{
    /* a brand word glued into an ordinary name, generic words one edit from a
     * brand, a short token keyword inside words: no warning from look-alikes */
    static const char *const benign[] = {
        "https://pineapple.example/",       "https://online-shop.example/",
        "https://cloud.example/",           "https://mobile.example/",
        "https://australia.example/",       "https://visitor.example/",
        "https://server.example/",          "https://www.example.com/login",
    };
    for (size_t i = 0; i < sizeof benign / sizeof benign[0]; i++) {
        mm_verdict v = screen(benign[i]);
        int w = 0;
        for (size_t k = 0; k < v.nreasons; k++)
            if (v.reasons[k].brand && v.reasons[k].weight > w)
                w = v.reasons[k].weight;
        if (w >= 40)
            url_dump(&v);
        cr_assert_lt(w, 40, "%s: a brand reason of weight %d", benign[i], w);
    }
}

/* A brand name glued inside a longer word of someone else's registrable
 * label (instagram-follow-button sites, "spamexperts" holding "amex") plus
 * a service subdomain (id., help., auth.) is that site's own service host,
 * not a lure: no URL_BRAND_LURE. The same subdomain over the brand name
 * standing alone, or a lure inside the label itself, still is one. */
Test(url_lookalike, service_subdomain_of_a_glued_brand_is_not_a_lure, .init = setup,
     .fini = teardown)
{
    static const char *const quiet[] = {"https://id.instagramfollowbutton.example/",
                                        "https://help.spamexperts.example/cart",
                                        "https://auth.googleadsserving.example/x"};
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
        mm_verdict v = screen(quiet[i]);
        if (url_find(&v, "URL_BRAND_LURE", NULL))
            url_dump(&v);
        cr_assert_null(url_find(&v, "URL_BRAND_LURE", NULL), "%s", quiet[i]);
    }
    static const la_case still[] = {
        {"https://login.rakuten-xyz.example/", "URL_BRAND_LURE", "楽天", "login",
         MM_VERDICT_WARN},
        {"https://spamexperts-login.example/", "URL_BRAND_LURE", "American Express", "login",
         MM_VERDICT_WARN},
    };
    run(still, sizeof still / sizeof still[0]);
}
