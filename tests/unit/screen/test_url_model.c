/* Tests for src/screen/url_model.c, url_train.c, url_benign.c and
 * url_data.c: the shipped model loads and ranks a random throw-away host
 * above common benign ones; brand-own links get no model reason and login
 * paths are not phishing on their own; the benign generator and split; training learns a toy split;
 * an unseen TLD is scored by its kind (risky new gTLD vs any other); the model file round-trips and every
 * damaged field is refused with its byte offset; malformed dictionary lines
 * are refused with their line number. */
#include <math.h>
#include <stdio.h>

#include "screen/url_internal.h"
#include "url_fixture.h"

Test(url_model, shipped_model_ranks_random_hosts_higher)
{
    mm_url_model *m = url_model_shipped();
    cr_assert(mm_url_model_has_classifier(m), "data/url_model.bin missing");
    cr_assert_gt(mm_url_model_brand_count(m), 80);
    mm_arena *a = mm_arena_new(0);
    static const char *const random[] = {"https://vqjnkkr.cn/", "https://www.afqwugflx.cn/",
                                         "https://mazseev.top/?lriezgbl",
                                         "https://h0uyqj8.duckdns.org/?cxvso"};
    static const char *const common[] = {"https://www.wikipedia.org/", "https://www.yahoo.co.jp/",
                                         "https://www.nikkei.com/news/2024/05/17/market-update",
                                         "https://github.com/login"};
    double lo = 1, hi = 0;
    for (size_t i = 0; i < 4; i++) {
        double p;
        cr_assert_eq(mm_url_risk(m, random[i], a, &p, NULL), MM_OK);
        lo = p < lo ? p : lo;
        cr_assert_eq(mm_url_risk(m, common[i], a, &p, NULL), MM_OK);
        hi = p > hi ? p : hi;
    }
    cr_assert_gt(lo, hi, "lowest random-host score %.4f must exceed highest benign %.4f", lo, hi);
    mm_url_model_free(m);
    mm_arena_free(a);
}

Test(url_model, float16_round_trip)
{
    static const float v[] = {0.0f, 1.0f, -2.5f, 0.000123f, 65504.0f, -0.33325195f, 1e-7f};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        float back = url_f16_to_f32(url_f32_to_f16(v[i]));
        cr_assert(fabsf(back - v[i]) <= fabsf(v[i]) * 1e-3f + 1e-7f, "%g → %g", (double)v[i],
                  (double)back);
    }
    cr_assert(isinf(url_f16_to_f32(url_f32_to_f16(1e6f))));
}

/* A small model trained here: phishing = random consonant .test hosts. */
static mm_buf toy_model(void)
{
    mm_url_train_opts o = MM_URL_TRAIN_DEFAULTS;
    o.hash_bits = 16;
    o.epochs = 3;
    mm_url_trainer *t = mm_url_trainer_new(&o, NULL);
    cr_assert_not_null(t);
    static const char *const bad[] = {"http://xkqzvw.test/", "http://bcdfgh.test/?qzx",
                                      "http://zzxqvb.test/", "http://wqzkxj.test/"};
    static const char *const good[] = {"https://www.example.com/about",
                                       "https://news.example.org/story",
                                       "https://shop.example.net/cart", "https://example.jp/"};
    for (int r = 0; r < 20; r++)
        for (int i = 0; i < 4; i++) {
            cr_assert_eq(mm_url_trainer_add(t, bad[i], 1, NULL), MM_OK);
            cr_assert_eq(mm_url_trainer_add(t, good[i], 0, NULL), MM_OK);
        }
    mm_error e = {0};
    cr_assert_eq(mm_url_trainer_add(t, "http://[bad", 1, &e), MM_EINVAL);
    cr_assert_eq(mm_url_trainer_fit(t, &e), MM_OK, "%s", e.message);
    cr_assert_gt(mm_url_trainer_predict(t, "http://qxzkvw.test/"),
                 mm_url_trainer_predict(t, "https://www.example.com/story"));
    mm_url_trainer_set_threshold(t, 0.8);
    mm_buf b = {0};
    cr_assert_eq(mm_url_trainer_save(t, &b, &e), MM_OK);
    cr_assert_eq(b.len, 36 + 2 * (1u << 16) + 8);
    mm_url_trainer_free(t);
    return b;
}

/* The kind of TLD generalises to TLDs the training rows never had: trained
 * with phishing on risky new gTLDs (data/url_suffixes.tsv) and benign hosts
 * on legacy ones, the SAME label under an unseen risky gTLD (.bond) scores
 * above it under an unseen new gTLD nobody reports (.dev), which is treated
 * like a legacy one (.coop): the benign lists are too old to say anything
 * about new gTLDs as such. */
Test(url_model, unseen_tld_gets_the_weight_of_its_kind)
{
    mm_url_model *dict = url_model_shipped();
    mm_url_train_opts o = MM_URL_TRAIN_DEFAULTS;
    o.hash_bits = 16;
    o.epochs = 3;
    mm_url_trainer *t = mm_url_trainer_new(&o, dict);
    cr_assert_not_null(t);
    static const char *const lab[] = {"harbor", "maple", "quartz", "willow", "copper", "lantern",
                                      "meadow", "falcon"};
    static const char *const bad_tld[] = {"top", "xyz", "cfd", "sbs"};
    static const char *const good_tld[] = {"com", "net", "org", "info"};
    char u[128];
    for (int r = 0; r < 8; r++)
        for (int i = 0; i < 8; i++) {
            snprintf(u, sizeof u, "https://%s%d.%s/", lab[i], r, bad_tld[(i + r) % 4]);
            cr_assert_eq(mm_url_trainer_add(t, u, 1, NULL), MM_OK);
            snprintf(u, sizeof u, "https://%s%d.%s/", lab[i], r, good_tld[(i + r) % 4]);
            cr_assert_eq(mm_url_trainer_add(t, u, 0, NULL), MM_OK);
        }
    mm_error e = {0};
    cr_assert_eq(mm_url_trainer_fit(t, &e), MM_OK, "%s", e.message);
    double risky = mm_url_trainer_predict(t, "https://harbor3.bond/");
    double dev = mm_url_trainer_predict(t, "https://harbor3.dev/");
    double legacy = mm_url_trainer_predict(t, "https://harbor3.coop/");
    cr_assert_gt(risky, dev + 0.1, "unseen risky gTLD %.3f vs unseen .dev %.3f", risky, dev);
    cr_assert_lt(fabs(dev - legacy), 0.1, "unseen .dev %.3f vs unseen legacy %.3f", dev, legacy);
    mm_url_trainer_free(t);
    mm_url_model_free(dict);
}

Test(url_model, trained_file_round_trips_and_warns)
{
    mm_buf b = toy_model();
    mm_url_model_src src = {.model = b.data, .model_len = b.len};
    mm_url_model *m = NULL;
    mm_error e = {0};
    cr_assert_eq(mm_url_model_parse(&src, &m, &e), MM_OK, "%s", e.message);
    mm_screen_ctx ctx = {.url = m, .thresholds = MM_THRESHOLDS_DEFAULT};
    mm_arena *a = mm_arena_new(0);
    mm_verdict v;
    cr_assert_eq(mm_screen_url(&ctx, "http://zkqxwv.test/", a, &v, NULL), MM_OK);
    const mm_reason *r = url_find(&v, "URL_RISK_MODEL", NULL);
    cr_assert_not_null(r);
    cr_assert_geq(r->weight, 40);
    cr_assert(strstr(r->detail, "probability"));
    mm_url_model_free(m);
    mm_arena_free(a);
    mm_buf_free(&b);
}

Test(url_model, damaged_model_files_name_the_offset)
{
    mm_buf good = toy_model();
    static const struct {
        size_t at;       /* byte to change (SIZE_MAX: truncate instead) */
        unsigned char v; /* new value */
        const char *msg; /* expected in the error */
    } cases[] = {
        {0, 'X', "offset 0: bad magic"},
        {8, 9, "offset 8: version 9"},
        {12, 7, "offset 12: unknown feature set"},
        {16, 40, "offset 16: hash bits 40"},
        {28, 3, "offset 28: weight encoding 3"},
        {100, 0x55, "checksum mismatch"},
        {SIZE_MAX, 0, "expected"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_buf b = {0};
        mm_buf_append(&b, good.data, good.len);
        if (cases[i].at == SIZE_MAX)
            b.len -= 10;
        else
            b.data[cases[i].at] = (char)cases[i].v;
        mm_url_model_src src = {.model = b.data, .model_len = b.len};
        mm_url_model *m = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_url_model_parse(&src, &m, &e), MM_EINVAL, "case %zu", i);
        cr_assert_null(m);
        cr_assert_str_eq(e.field, "url_model");
        cr_assert(strstr(e.message, cases[i].msg), "case %zu: '%s' lacks '%s'", i, e.message,
                  cases[i].msg);
        mm_buf_free(&b);
    }
    mm_url_model_src src = {.model = "short", .model_len = 5};
    mm_url_model *m = NULL;
    mm_error e = {0};
    cr_assert_eq(mm_url_model_parse(&src, &m, &e), MM_EINVAL);
    cr_assert(strstr(e.message, "offset 5"), "%s", e.message);
    mm_buf_free(&good);
}

Test(url_model, malformed_dictionaries_name_the_line)
{
    static const struct {
        const char *brands, *suffixes, *lures, *confusables;
        const char *field, *msg;
    } cases[] = {
        {"# c\nA\tg\t-\ta.example\ta\nB\tg\t-\n", NULL, NULL, NULL, "brands",
         "line 3: expected 5 TAB-separated columns"},
        {"A\tg\t-\tBad..Domain\ta\n", NULL, NULL, NULL, "brands", "line 1: bad domain"},
        {"A\tg\t-\ta.example\tUPPER\n", NULL, NULL, NULL, "brands", "line 1: bad keyword"},
        {"A\tg\t-\ta.example\t=\n", NULL, NULL, NULL, "brands", "line 1: bad keyword"},
        {"A\t\t-\ta.example\ta\n", NULL, NULL, NULL, "brands", "line 1: column 2 (group)"},
        {NULL, "x.example\tfree_hosting\ny.example\tweird\n", NULL, NULL, "url_suffixes",
         "line 2: unknown class 'weird'"},
        {NULL, "-x.example free_hosting\n", NULL, NULL, "url_suffixes", "line 1"},
        {NULL, NULL, "login\taccount\nLOG IN\taccount\n", NULL, "url_lures", "line 2: bad word"},
        {NULL, NULL, NULL, "0430\ta\tCYRILLIC\nZZZZ\ta\n", "confusables", "line 2"},
        {NULL, NULL, NULL, "0430\tA\n", "confusables", "line 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_url_model_src src = {0};
        if (cases[i].brands)
            src.brands = cases[i].brands, src.brands_len = strlen(cases[i].brands);
        if (cases[i].suffixes)
            src.suffixes = cases[i].suffixes, src.suffixes_len = strlen(cases[i].suffixes);
        if (cases[i].lures)
            src.lures = cases[i].lures, src.lures_len = strlen(cases[i].lures);
        if (cases[i].confusables)
            src.confusables = cases[i].confusables,
            src.confusables_len = strlen(cases[i].confusables);
        mm_url_model *m = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_url_model_parse(&src, &m, &e), MM_EINVAL, "case %zu", i);
        cr_assert_null(m);
        cr_assert_str_eq(e.field, cases[i].field, "case %zu", i);
        cr_assert(strstr(e.message, cases[i].msg), "case %zu: '%s' lacks '%s'", i, e.message,
                  cases[i].msg);
    }
}

Test(url_model, aho_corasick_finds_overlapping_patterns)
{
    static const char *const pat[] = {"he", "she", "his", "hers"};
    size_t len[] = {2, 3, 3, 4};
    acauto ac;
    cr_assert_eq(url_ac_build(&ac, pat, len, 4), MM_OK);
    acmatch m[16];
    size_t n = url_ac_scan(&ac, "ushers", 6, m, 16);
    /* she@1-4, he@2-4, hers@2-6 */
    cr_assert_eq(n, 3);
    int seen = 0;
    for (size_t i = 0; i < n; i++)
        seen |= 1 << m[i].id;
    cr_assert_eq(seen, 1 | 2 | 8);
    url_ac_free(&ac);
}

/* A brand's real links (a genuine mail's https://info.<brand>/member/login/…)
 * never get URL_RISK_MODEL, whatever the model scores them: the registrable
 * domain is one of the brand's own domains in data/brands.tsv. A look-alike
 * of the same brand with the same path still does. */
Test(url_model, own_brand_domains_get_no_model_reason)
{
    mm_url_model *m = url_model_shipped();
    mm_screen_ctx ctx = {.url = m, .thresholds = MM_THRESHOLDS_DEFAULT};
    mm_arena *a = mm_arena_new(0);
    static const char *const own[] = {
        "https://info.smbc-card.com/member/login/x8Kq2",
        "https://www.rakuten-card.co.jp/member/login/",
        "https://mail.eposcard.co.jp/member/login/xyz?id=93",
        "https://amazon.de/ap/signin?openid=1",
        "https://e-tax.nta.go.jp/login/index.html",
    };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        mm_verdict v;
        cr_assert_eq(mm_screen_url(&ctx, own[i], a, &v, NULL), MM_OK);
        cr_assert_null(url_find(&v, "URL_RISK_MODEL", NULL), "%s got a model reason", own[i]);
        cr_assert_lt(v.action, MM_VERDICT_WARN, "%s flagged (score %d)", own[i], v.score);
    }
    mm_verdict v;
    cr_assert_eq(mm_screen_url(&ctx, "https://smbc-card.com.member-login.kqzvxw.top/member/login/",
                               a, &v, NULL),
                 MM_OK);
    cr_assert_geq(v.action, MM_VERDICT_WARN);
    mm_url_model_free(m);
    mm_arena_free(a);
}

/* "login"/"member"/"account" in a path are not phishing on their own: on
 * ordinary domains, adding such a path moves the model's log-odds by less
 * than one unit on average (real sites have login pages; the benign
 * generator puts them there), and never lifts a URL over the threshold
 * when the bare domain is below it. */
Test(url_model, login_paths_alone_do_not_make_phishing)
{
    mm_url_model *m = url_model_shipped();
    mm_arena *a = mm_arena_new(0);
    static const char *const dom[] = {"example-shop.com", "citylibrary.org", "nikkei.com",
                                      "tokyo-gas.co.jp", "bookoff.co.jp",  "cookpad.com",
                                      "hatena.ne.jp",     "uniqlo.com"};
    /* only the words: a random token or a .php file name after them is kit
     * shape the model may weigh (and does) */
    static const char *const paths[] = {"member/login/", "mypage/login", "account/signin",
                                        "members/login"};
    cr_assert_not_null(m->clf);
    double thr = m->clf->threshold, sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < sizeof dom / sizeof dom[0]; i++) {
        char u[256];
        double p0, p1;
        snprintf(u, sizeof u, "https://%s/", dom[i]);
        cr_assert_eq(mm_url_risk(m, u, a, &p0, NULL), MM_OK);
        for (size_t j = 0; j < sizeof paths / sizeof paths[0]; j++) {
            snprintf(u, sizeof u, "https://%s/%s", dom[i], paths[j]);
            cr_assert_eq(mm_url_risk(m, u, a, &p1, NULL), MM_OK);
            sum += log(p1 / (1 - p1)) - log(p0 / (1 - p0));
            n++;
            cr_assert(!(p0 < thr && p1 >= thr), "%s: %.4f over the threshold %.4f (bare %.4f)", u,
                      p1, thr, p0);
        }
    }
    cr_log_info("mean log-odds change from a login path: %.3f", sum / (double)n);
    cr_assert_lt(sum / (double)n, 1.0, "login paths add %.3f log-odds on average", sum / (double)n);
    mm_url_model_free(m);
    mm_arena_free(a);
}

/* The benign generator: eight URLs a domain, the same every time, all
 * parseable, on the domain (or a subdomain of it); the split is by domain
 * and roughly 50/20/30. */
Test(url_model, benign_generator_and_split)
{
    mm_arena *a = mm_arena_new(0);
    const char *u1[MM_URL_BENIGN_PER_DOMAIN], *u2[MM_URL_BENIGN_PER_DOMAIN];
    cr_assert_eq(mm_url_benign_urls("WWW.Example.com", a, u1, MM_URL_BENIGN_PER_DOMAIN),
                 MM_URL_BENIGN_PER_DOMAIN);
    cr_assert_eq(mm_url_benign_urls("example.com", a, u2, MM_URL_BENIGN_PER_DOMAIN),
                 MM_URL_BENIGN_PER_DOMAIN);
    cr_assert_str_eq(u1[0], "https://example.com/");
    cr_assert_str_eq(u1[1], "https://www.example.com/");
    for (int i = 0; i < MM_URL_BENIGN_PER_DOMAIN; i++) {
        cr_assert_str_eq(u1[i], u2[i]);
        mm_url u;
        cr_assert_eq(mm_norm_url(u1[i], a, &u, NULL), MM_OK, "%s", u1[i]);
        size_t hl = strlen(u.host);
        cr_assert(hl >= 11 && strcmp(u.host + hl - 11, "example.com") == 0, "%s", u1[i]);
    }
    cr_assert_eq(mm_url_benign_urls("example.com", a, u1, 4), 0, "cap below 8 is refused");
    cr_assert_eq(mm_url_benign_split("www.example.com"), mm_url_benign_split("EXAMPLE.COM"));
    size_t cnt[3] = {0};
    for (int i = 0; i < 3000; i++) {
        char d[32];
        snprintf(d, sizeof d, "site%d.example", i);
        cnt[mm_url_benign_split(d)]++;
    }
    cr_assert(cnt[MM_URL_SPLIT_TRAIN] > 1350 && cnt[MM_URL_SPLIT_TRAIN] < 1650, "%zu",
              cnt[MM_URL_SPLIT_TRAIN]);
    cr_assert(cnt[MM_URL_SPLIT_CALIB] > 480 && cnt[MM_URL_SPLIT_CALIB] < 720, "%zu",
              cnt[MM_URL_SPLIT_CALIB]);
    cr_assert(cnt[MM_URL_SPLIT_TEST] > 780 && cnt[MM_URL_SPLIT_TEST] < 1020, "%zu",
              cnt[MM_URL_SPLIT_TEST]);
    mm_arena_free(a);
}
