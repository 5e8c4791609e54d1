/* Tests for the RPZ and hosts feeds (src/feeds/set.c): exact text for a
 * small input, wildcards only for non-suffix domains, IP triggers, names a
 * zone file cannot carry. */
#include <criterion/criterion.h>
#include <string.h>

#include "feed_fixture.h"

static char *render(mm_feed_format f, const mm_indicator *v, size_t n, size_t *skipped)
{
    mm_feed_set *s = mm_feed_set_new();
    cr_assert_not_null(s);
    cr_assert_eq(mm_feed_set_add(s, v, n, FX_NOW), MM_OK);
    mm_feed_opts o = {.now = FX_NOW, .cursor = {.updated = 1749996400, .expired = 1749999990}};
    mm_buf b = {0};
    if (f == MM_FEED_RPZ)
        cr_assert_eq(mm_feed_rpz(s, &o, &b), MM_OK);
    else
        cr_assert_eq(mm_feed_hosts(s, &o, &b), MM_OK);
    if (skipped)
        *skipped = mm_feed_set_skipped(s);
    mm_feed_set_free(s);
    return b.data;
}

Test(feeds_rpz, exact_zone_for_small_input)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    char *z = render(MM_FEED_RPZ, v, n, NULL);
    const char *want =
        "; mamoru response policy zone (NXDOMAIN policy), cursor 1749996400.1749999990, "
        "generated 2025-06-15T15:06:40Z\n"
        "$ORIGIN rpz.mamoru.invalid.\n"
        "$TTL 300\n"
        "@ IN SOA localhost. hostmaster.localhost. 1749999990 3600 600 86400 300\n"
        "@ IN NS localhost.\n"
        "32.1.2.0.192.rpz-ip CNAME .\n"
        "evil.example CNAME .\n"
        "*.evil.example CNAME .\n"
        "phish.example.net CNAME .\n";
    cr_assert_str_eq(z, want);
    free(z);
}

Test(feeds_rpz, exact_hosts_for_small_input)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    char *h = render(MM_FEED_HOSTS, v, n, NULL);
    const char *want = "# mamoru hosts feed: 2 names, cursor 1749996400.1749999990, generated "
                       "2025-06-15T15:06:40Z\n"
                       "# confirmed fraud hosts (distribution public); subdomains of listed "
                       "domains are in the RPZ feed only\n"
                       "0.0.0.0 evil.example\n"
                       "0.0.0.0 phish.example.net\n";
    cr_assert_str_eq(h, want);
    free(h);
}

Test(feeds_rpz, wildcards_and_odd_names)
{
    static const struct {
        mm_kind kind;
        const char *canonical;
        const char *line;   /* expected line, or NULL */
        const char *absent; /* text that must not appear, or NULL */
    } cases[] = {
        {MM_KIND_DOMAIN, "co.jp", "\nco.jp CNAME .\n", "*.co.jp"},       /* public suffix */
        {MM_KIND_DOMAIN, "xn--eckwd4c7c.xn--zckzah", "\n*.xn--eckwd4c7c.xn--zckzah CNAME .\n", NULL},
        {MM_KIND_DOMAIN, "a.b.example.com", "\n*.a.b.example.com CNAME .\n", NULL},
        {MM_KIND_URL, "http://203.0.113.9/", NULL, "203.0.113.9"},     /* raw IP host */
        {MM_KIND_URL, "http://site.example/?q=1", NULL, "site.example"}, /* query: a page */
        {MM_KIND_URL, "https://whole.example/", "\nwhole.example CNAME .\n", "*.whole"},
        {MM_KIND_IP, "2001:db8::1", "\n128.1.zz.db8.2001.rpz-ip CNAME .\n", NULL},
        {MM_KIND_IP, "198.51.100.7", "\n32.7.100.51.198.rpz-ip CNAME .\n", NULL},
        {MM_KIND_DOMAIN, "bad name.example", NULL, "bad name"}, /* not a zone-file name */
        {MM_KIND_URL, "https://github.io/", NULL, "github.io"},   /* a hosting service's suffix */
        {MM_KIND_URL, "https://user1.github.io/", "\nuser1.github.io CNAME .\n", "*.user1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_indicator v = fx_ind(1, cases[i].kind, cases[i].canonical, MM_IND_CONFIRMED, 0);
        size_t skipped = 0;
        char *z = render(MM_FEED_RPZ, &v, 1, &skipped);
        if (cases[i].line)
            cr_assert(strstr(z, cases[i].line), "case %zu (%s): missing %s in\n%s", i,
                      cases[i].canonical, cases[i].line, z);
        if (cases[i].absent) {
            const char *body = strstr(z, "@ IN NS localhost.\n");
            cr_assert(body && !strstr(body, cases[i].absent), "case %zu: %s present in\n%s", i,
                      cases[i].absent, z);
        }
        if (i == 8)
            cr_assert_eq(skipped, 1, "a bad name is counted as skipped");
        free(z);
    }
}

Test(feeds_rpz, names_too_long_for_the_zone_are_skipped)
{
    char name[260];
    memset(name, 'a', sizeof name);
    for (int i = 63; i < 250; i += 64)
        name[i] = '.';
    name[249] = '\0'; /* 249 bytes: valid alone, too long with ".rpz.mamoru.invalid" */
    mm_indicator v = fx_ind(1, MM_KIND_DOMAIN, name, MM_IND_CONFIRMED, 0);
    size_t skipped = 0;
    char *z = render(MM_FEED_RPZ, &v, 1, &skipped);
    cr_assert_null(strstr(z, "aaaa"));
    cr_assert_eq(skipped, 1);
    free(z);
}

Test(feeds_rpz, rpz_ip_names)
{
    static const struct {
        const char *ip, *want;
    } cases[] = {
        {"192.0.2.1", "32.1.2.0.192.rpz-ip"},
        {"2001:db8::1", "128.1.zz.db8.2001.rpz-ip"},
        {"2001:db8:0:1:0:0:0:1", "128.1.zz.1.0.db8.2001.rpz-ip"},
        {"::1", "128.1.zz.rpz-ip"},
        {"2001:db8:1:2:3:4:5:6", "128.6.5.4.3.2.1.db8.2001.rpz-ip"},
    };
    char out[96];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert(mm_feed_rpz_ip_name(cases[i].ip, out));
        cr_assert_str_eq(out, cases[i].want, "ip %s", cases[i].ip);
    }
    cr_assert_not(mm_feed_rpz_ip_name("not-an-ip", out));
}

Test(feeds_rpz, cursor_round_trip_and_errors)
{
    mm_feed_cursor c;
    mm_error e;
    cr_assert_eq(mm_feed_cursor_parse("1700000000.1690000000", "since", &c, &e), MM_OK);
    cr_assert_eq(c.updated, 1700000000);
    cr_assert_eq(c.expired, 1690000000);
    char buf[48];
    mm_feed_cursor_format(&c, buf);
    cr_assert_str_eq(buf, "1700000000.1690000000");
    cr_assert_eq(mm_feed_cursor_serial(&c), 1700000000u);
    cr_assert_eq(mm_feed_cursor_parse("42", "since", &c, &e), MM_OK);
    cr_assert_eq(c.updated, 42);
    cr_assert_eq(c.expired, 0);
    static const char *const bad[] = {"", "abc", "1.", ".1", "1.2.3", "-5", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(mm_feed_cursor_parse(bad[i], "since", &c, &e), MM_EINVAL, "'%s'", bad[i]);
        cr_assert_str_eq(e.field, "since");
    }
}
