/* The URL risk model scores a URL while emitting its features (url_model.c:
 * url_prob, no feature list) — it must give exactly, to the bit, what
 * url_classifier_prob gives over the listed features (url_features, which
 * training uses). Checked with the shipped model on real phishing URLs
 * (JPCERT/CC 2019, ../shared/data/jpcert-phishurl), on benign domains
 * (../shared/data/benign-domains) and on made-up long and odd URLs. */
#include <stdio.h>
#include <string.h>

#include "screen/url_internal.h"
#include "url_fixture.h"

typedef struct score_ctx {
    const mm_url_model *m;
    mm_arena *a;
    size_t n, bad;
} score_ctx;

static void check(score_ctx *x, const char *url)
{
    url_parts p;
    if (url_parts_parse(url, x->a, &p, NULL) != MM_OK)
        return;
    const url_classifier *c = x->m->clf;
    uint32_t f[URL_MAX_FEATURES];
    float v[URL_MAX_FEATURES];
    size_t n = url_features(x->m, &p, (mm_url_features)c->features, (int)c->hash_bits, f, v,
                            URL_MAX_FEATURES);
    double listed = url_classifier_prob(c, f, v, n), scored;
    cr_assert_eq(mm_url_risk(x->m, url, x->a, &scored, NULL), MM_OK, "%s", url);
    if (scored != listed && x->bad++ < 10)
        cr_log_error("%s: scored %.17g, listed %.17g", url, scored, listed);
    x->n++;
    mm_arena_reset(x->a);
}

Test(url_model_score, same_as_listed_features)
{
    score_ctx x = {url_model_shipped(), mm_arena_new(0), 0, 0};
    cr_assert(mm_url_model_has_classifier(x.m));
    char line[4096], path[256];
    size_t real_files = 0;
    for (int month = 1; month <= 12; month++) {
        snprintf(path, sizeof path, "../shared/data/jpcert-phishurl/2019/2019%02d.csv", month);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        real_files++;
        for (int k = 0; fgets(line, sizeof line, f) && k < 400; k++) {
            char *u = strchr(line, ','), *e = u ? strchr(u + 1, ',') : NULL;
            if (u == NULL || e == NULL || k == 0)
                continue;
            *e = 0;
            check(&x, u + 1);
        }
        fclose(f);
    }
    FILE *f = fopen("../shared/data/benign-domains/opendns-top-domains.txt", "r");
    for (int k = 0; f && fgets(line, sizeof line, f) && k < 3000; k++) {
        line[strcspn(line, "\r\n")] = 0;
        char url[300];
        snprintf(url, sizeof url, "https://%.200s/login?next=%d", line, k);
        check(&x, url);
    }
    if (f) {
        real_files++;
        fclose(f);
    }
    static const char *const made[] = {
        "http://a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.example.com/",
        "https://xn--n8jub8ah4e.xn--wgv71a.jp/%E3%81%82?q=1",
        "http://192.0.2.7:8080/admin/login.php?session=abcdef0123456789",
        "https://login-secure-account-verify-update.example.top/"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        "?x=cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
        "https://smbc.co.jp.secure-login.example/",
        "http://vqjnkkr.cn/",
    };
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        check(&x, made[i]);
    cr_expect_eq(x.bad, 0, "%zu of %zu URLs differ", x.bad, x.n);
    size_t n = x.n;
    mm_url_model_free((mm_url_model *)x.m);
    mm_arena_free(x.a);
    if (real_files == 0)
        cr_skip_test("../shared/data/jpcert-phishurl and benign-domains absent: only the %zu "
                     "made-up URLs were compared",
                     n);
    cr_expect_gt(n, 1000, "only %zu URLs scored", n);
}
