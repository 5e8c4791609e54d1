/*
 * test_util.c — the HTTP layer's pure parsers (src/server/util.c): RFC 3339
 * times, ids, integers, hash prefixes, categories and the console path
 * mapping that must never escape the web root.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "server/internal.h"

typedef struct {
    const char *in;
    int64_t want; /* -1 = must fail */
} time_case;

Test(server_util, time_parse_table)
{
    static const time_case cases[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2025-04-01T09:00:00Z", 1743498000},
        {"2025-04-01T18:00:00+09:00", 1743498000},
        {"2025-04-01t09:00:00z", 1743498000},
        {"2025-04-01 09:00:00Z", 1743498000},
        {"2025-04-01T09:00:00.123456Z", 1743498000},
        {"2025-04-01T04:30:00-04:30", 1743498000},
        {"2024-02-29T00:00:00Z", 1709164800},
        {"2016-12-31T23:59:60Z", 1483228799},
        {"2023-02-29T00:00:00Z", -1},
        {"2025-13-01T00:00:00Z", -1},
        {"2025-04-31T00:00:00Z", -1},
        {"2025-04-01T24:00:00Z", -1},
        {"2025-04-01T09:00:00", -1},
        {"2025-04-01T09:00:00+0900", -1},
        {"2025-04-01", -1},
        {"2025-04-01T09:00:00Zjunk", -1},
        {"2025-04-01T09:00:00.Z", -1},
        {"", -1},
        {"abc", -1},
        {"１９７０-01-01T00:00:00Z", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = -42;
        mm_error e;
        mm_error_clear(&e);
        mm_status rc = mm_server_time_parse(cases[i].in, "expires", &t, &e);
        if (cases[i].want < 0) {
            cr_expect_eq(rc, MM_EINVAL, "'%s' should fail", cases[i].in);
            cr_expect_str_eq(e.field, "expires");
        } else {
            cr_expect_eq(rc, MM_OK, "'%s': %s", cases[i].in, e.message);
            cr_expect_eq(t, cases[i].want, "'%s' gave %lld", cases[i].in, (long long)t);
        }
    }
}

Test(server_util, time_format_roundtrip)
{
    char buf[32];
    mm_server_time_format(1743498000, buf);
    cr_expect_str_eq(buf, "2025-04-01T09:00:00Z");
    int64_t t;
    cr_expect_eq(mm_server_time_parse(buf, "t", &t, NULL), MM_OK);
    cr_expect_eq(t, 1743498000);
    mm_server_time_format(0, buf);
    cr_expect_str_eq(buf, "1970-01-01T00:00:00Z");
}

Test(server_util, time_param_accepts_unix_and_rfc3339)
{
    int64_t t;
    cr_expect_eq(mm_server_time_param("1743498000", "since", &t, NULL), MM_OK);
    cr_expect_eq(t, 1743498000);
    cr_expect_eq(mm_server_time_param("2025-04-01T09:00:00Z", "since", &t, NULL), MM_OK);
    cr_expect_eq(t, 1743498000);
    mm_error e;
    cr_expect_eq(mm_server_time_param("-5", "since", &t, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "since");
    cr_expect_eq(mm_server_time_param("", "since", &t, &e), MM_EINVAL);
}

typedef struct {
    const char *in;
    int64_t min, max;
    int64_t want; /* -1 = must fail */
} int_case;

Test(server_util, parse_int_table)
{
    static const int_case cases[] = {
        {"0", 0, 10, 0},
        {"10", 0, 10, 10},
        {"11", 0, 10, -1},
        {"1000", 1, 1000, 1000},
        {"0", 1, 1000, -1},
        {"-1", 0, 10, -1},
        {"+1", 0, 10, -1},
        {" 1", 0, 10, -1},
        {"1 ", 0, 10, -1},
        {"1e3", 0, 10000, -1},
        {"0x10", 0, 100, -1},
        {"", 0, 10, -1},
        {"9223372036854775807", 0, INT64_MAX, INT64_MAX},
        {"9223372036854775808", 0, INT64_MAX, -1},
        {"99999999999999999999999", 0, INT64_MAX, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -42;
        mm_error e;
        mm_status rc = mm_server_parse_int(cases[i].in, "limit", cases[i].min, cases[i].max, &v, &e);
        if (cases[i].want < 0) {
            cr_expect_eq(rc, MM_EINVAL, "'%s' should fail", cases[i].in);
            cr_expect_str_eq(e.field, "limit");
        } else {
            cr_expect_eq(rc, MM_OK, "'%s': %s", cases[i].in, e.message);
            cr_expect_eq(v, cases[i].want);
        }
    }
    int64_t v;
    cr_expect_eq(mm_server_parse_int(NULL, "x", 0, 1, &v, NULL), MM_EINVAL);
}

Test(server_util, parse_id)
{
    int64_t id;
    mm_error e;
    cr_expect_eq(mm_server_parse_id("42", "id", &id, &e), MM_OK);
    cr_expect_eq(id, 42);
    const char *bad[] = {"0", "-1", "abc", "", "1.5", "12345678901234567890", "4 2", "%00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(mm_server_parse_id(bad[i], "id", &id, &e), MM_EINVAL, "'%s'", bad[i]);
        cr_expect_str_eq(e.field, "id");
    }
}

Test(server_util, parse_prefix)
{
    uint16_t p;
    mm_error e;
    cr_expect_eq(mm_server_parse_prefix("abcd", "prefix", &p, &e), MM_OK);
    cr_expect_eq(p, 0xabcd);
    cr_expect_eq(mm_server_parse_prefix("00FF", "prefix", &p, &e), MM_OK);
    cr_expect_eq(p, 0x00ff);
    const char *bad[] = {"abc", "abcde", "zzzz", "", "ab d", "0x12", "-123"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(mm_server_parse_prefix(bad[i], "prefix", &p, &e), MM_EINVAL, "'%s'", bad[i]);
        cr_expect_str_eq(e.field, "prefix");
    }
}

Test(server_util, category)
{
    cr_expect_eq(mm_server_check_category("phishing", "category", NULL), MM_OK);
    cr_expect_eq(mm_server_check_category("police_impersonation", "category", NULL), MM_OK);
    const char *bad[] = {"", "Phishing", "phish-ing", "a b", "x1",
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* 41 */};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_error e;
        cr_expect_eq(mm_server_check_category(bad[i], "category", &e), MM_EINVAL, "'%s'", bad[i]);
        cr_expect_str_eq(e.field, "category");
    }
}

typedef struct {
    const char *url;
    const char *want; /* NULL = refused */
} path_case;

Test(server_util, static_path_table)
{
    static const path_case cases[] = {
        {"/", "index.html"},
        {"/console/", "index.html"},
        {"/console", "index.html"},
        {"/app.js", "app.js"},
        {"/console/app.js", "app.js"},
        {"/console/css/site.css", "css/site.css"},
        {"/css/", "css/index.html"},
        {"/consoleX.js", "consoleX.js"},
        {"/../etc/passwd", NULL},
        {"/console/../../etc/passwd", NULL},
        {"/a/../b", NULL},
        {"/a/./b", NULL},
        {"/.git/config", NULL},
        {"/.htaccess", NULL},
        {"/a//b", NULL},
        {"/a\\..\\b", NULL},
        {"/a\nb", NULL},
        {"/a\x7f", NULL},
        {"relative", NULL},
        {"", NULL},
    };
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = mm_server_static_path(cases[i].url, a);
        if (cases[i].want == NULL)
            cr_expect_null(got, "'%s' should be refused, got '%s'", cases[i].url,
                           got ? got : "");
        else {
            cr_expect_not_null(got, "'%s' refused", cases[i].url);
            if (got)
                cr_expect_str_eq(got, cases[i].want);
        }
    }
    cr_expect_null(mm_server_static_path(NULL, a));
    mm_arena_free(a);
}

Test(server_util, content_type)
{
    cr_expect_str_eq(mm_server_content_type("index.html"), "text/html; charset=utf-8");
    cr_expect_str_eq(mm_server_content_type("a/b.JS"), "text/javascript; charset=utf-8");
    cr_expect_str_eq(mm_server_content_type("x.svg"), "image/svg+xml");
    cr_expect_str_eq(mm_server_content_type("noext"), "application/octet-stream");
    cr_expect_str_eq(mm_server_content_type("dir.d/noext"), "application/octet-stream");
}
