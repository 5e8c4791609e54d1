/* Tests for the Safe-Browsing style hash-prefix feed (src/feeds/feed.c,
 * set.c): expressions, prefixes equal to the first four bytes of SHA-256 of
 * the expression (values from Python's hashlib), sorted and unique, binary
 * and hex encodings, and that a client's expressions find a listed URL. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "feed_fixture.h"
#include "mamoru/norm.h"

Test(feeds_hashprefix, expressions)
{
    static const struct {
        mm_kind kind;
        const char *canonical, *expr;
    } cases[] = {
        {MM_KIND_URL, "http://a.b.c/1/2.html?param=1", "a.b.c/1/2.html?param=1"},
        {MM_KIND_URL, "https://a.b.c/", "a.b.c/"},
        {MM_KIND_URL, "http://a.b.c/x?", "a.b.c/x"},
        {MM_KIND_DOMAIN, "evil.example", "evil.example/"},
        {MM_KIND_IP, "192.0.2.1", "192.0.2.1/"},
        {MM_KIND_IP, "2001:db8::1", "[2001:db8::1]/"},
        {MM_KIND_PHONE, "+819012345678", NULL},
        {MM_KIND_URL, "no-scheme", NULL},
    };
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *e = mm_feed_expression(cases[i].kind, cases[i].canonical, a);
        if (cases[i].expr == NULL)
            cr_assert_null(e, "case %zu", i);
        else
            cr_assert_str_eq(e, cases[i].expr, "case %zu", i);
    }
    mm_arena_free(a);
}

Test(feeds_hashprefix, sorted_unique_sha256_prefixes)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    mm_feed_set *s = mm_feed_set_new();
    cr_assert_eq(mm_feed_set_add(s, v, n, FX_NOW), MM_OK);
    mm_buf hex = {0}, bin = {0};
    cr_assert_eq(mm_feed_hashprefix(s, true, &hex), MM_OK);
    cr_assert_eq(mm_feed_hashprefix(s, false, &bin), MM_OK);
    /* sha256("192.0.2.1/")=0fd66dfe…, "phish.example.net/"=0ff52b91…,
     * "shared.example.org/login/x.php?id=1"=55cb33f0…, "evil.example/"=f001957c…
     * (domain evil.example and url http://evil.example/ share one prefix) */
    cr_assert_str_eq(hex.data, "0fd66dfe\n0ff52b91\n55cb33f0\nf001957c\n");
    cr_assert_eq(mm_feed_set_prefixes(s), 4);
    cr_assert_eq(bin.len, 16);
    static const unsigned char want[16] = {0x0f, 0xd6, 0x6d, 0xfe, 0x0f, 0xf5, 0x2b, 0x91,
                                           0x55, 0xcb, 0x33, 0xf0, 0xf0, 0x01, 0x95, 0x7c};
    cr_assert_eq(memcmp(bin.data, want, 16), 0);
    mm_buf_free(&hex);
    mm_buf_free(&bin);
    mm_feed_set_free(s);
}

Test(feeds_hashprefix, prefixes_match_sha256_and_a_client_finds_listed_urls)
{
    /* many URLs: the list must be sorted, and every URL on a listed domain or
     * the listed URL itself must be found through the client's expressions */
    mm_arena *a = mm_arena_new(0);
    mm_indicator v[200];
    char *vals[200];
    for (int i = 0; i < 200; i++) {
        vals[i] = mm_arena_printf(a, i % 2 ? "http://host%d.example/p/%d.html" : "site%d.example", i, i);
        v[i] = fx_ind(i + 1, i % 2 ? MM_KIND_URL : MM_KIND_DOMAIN, vals[i], MM_IND_CONFIRMED, 0);
    }
    mm_feed_set *s = mm_feed_set_new();
    cr_assert_eq(mm_feed_set_add(s, v, 200, FX_NOW), MM_OK);
    mm_buf bin = {0};
    cr_assert_eq(mm_feed_hashprefix(s, false, &bin), MM_OK);
    size_t np = bin.len / 4;
    cr_assert_eq(np, 200);
    uint32_t prev = 0;
    for (size_t i = 0; i < np; i++) {
        const unsigned char *p = (const unsigned char *)bin.data + 4 * i;
        uint32_t x = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        cr_assert(i == 0 || x > prev, "sorted and unique at %zu", i);
        prev = x;
    }
    static const char *const probes[] = {"http://www.site10.example/any/page?x=1",
                                         "https://host11.example/p/11.html",
                                         "http://HOST11.example/p/./11.html#frag"};
    for (size_t k = 0; k < 3; k++) {
        mm_url u;
        cr_assert_eq(mm_norm_url(probes[k], a, &u, NULL), MM_OK);
        char **ex = NULL;
        size_t ne = mm_url_expressions(&u, a, &ex);
        bool found = false;
        for (size_t e = 0; e < ne && !found; e++) {
            unsigned char md[32];
            unsigned int mdn = 0;
            EVP_Digest(ex[e], strlen(ex[e]), md, &mdn, EVP_sha256(), NULL);
            for (size_t i = 0; i < np && !found; i++)
                found = memcmp(bin.data + 4 * i, md, 4) == 0;
        }
        cr_assert(found, "%s not found through its expressions", probes[k]);
    }
    mm_buf_free(&bin);
    mm_feed_set_free(s);
    mm_arena_free(a);
}

Test(feeds_hashprefix, empty_set_gives_empty_buffer)
{
    mm_feed_set *s = mm_feed_set_new();
    mm_buf b = {0};
    cr_assert_eq(mm_feed_hashprefix(s, true, &b), MM_OK);
    cr_assert_not_null(b.data);
    cr_assert_eq(b.len, 0);
    mm_buf_free(&b);
    mm_feed_set_free(s);
}
