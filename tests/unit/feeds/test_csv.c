/* Tests for the CSV feed (src/feeds/csv.c): header, add/remove actions in
 * full and delta form, RFC 4180 quoting of commas, quotes and newlines. */
#include <criterion/criterion.h>
#include <string.h>

#include "feed_fixture.h"

Test(feeds_csv, full_feed_lists_active_rows)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    mm_feed_opts o = {.now = FX_NOW};
    mm_buf b = {0};
    cr_assert_eq(mm_feed_csv_header(&b), MM_OK);
    cr_assert_eq(mm_feed_csv_rows(v, n, &o, &b), MM_OK);
    const char *want =
        "action,id,kind,value,category,status,confidence,first_seen,last_seen,updated,expires\n"
        "add,1,domain,evil.example,phishing,confirmed,80,2025-06-14T15:06:40Z,"
        "2025-06-15T14:06:40Z,2025-06-15T14:06:40Z,\n"
        "add,2,url,http://phish.example.net/,phishing,actioned,80,2025-06-14T15:06:40Z,"
        "2025-06-15T14:06:40Z,2025-06-15T14:06:40Z,\n"
        "add,3,url,http://shared.example.org/login/x.php?id=1,phishing,confirmed,80,"
        "2025-06-14T15:06:40Z,2025-06-15T14:06:40Z,2025-06-15T14:06:40Z,2025-06-16T15:06:40Z\n"
        "add,4,ip,192.0.2.1,phishing,confirmed,80,2025-06-14T15:06:40Z,2025-06-15T14:06:40Z,"
        "2025-06-15T14:06:40Z,\n"
        "add,8,url,http://evil.example/,phishing,confirmed,80,2025-06-14T15:06:40Z,"
        "2025-06-15T14:06:40Z,2025-06-15T14:06:40Z,\n";
    cr_assert_str_eq(b.data, want);
    mm_buf_free(&b);
}

Test(feeds_csv, delta_marks_removals)
{
    mm_indicator v[9];
    size_t n = fx_fill(v);
    mm_feed_opts o = {.now = FX_NOW, .delta = true};
    mm_buf b = {0};
    cr_assert_eq(mm_feed_csv_rows(v, n, &o, &b), MM_OK);
    cr_assert(strstr(b.data, "remove,5,domain,reported.example,"));
    cr_assert(strstr(b.data, "remove,6,domain,expired.example,"));
    cr_assert(strstr(b.data, "remove,9,domain,fp.example,phishing,false_positive,"));
    cr_assert(strstr(b.data, "add,1,domain,evil.example,"));
    cr_assert_null(strstr(b.data, "+819012345678"), "never a phone number");
    mm_buf_free(&b);
}

Test(feeds_csv, quoting)
{
    static const struct {
        const char *value, *field;
    } cases[] = {
        {"http://x.example/a,b", "\"http://x.example/a,b\""},
        {"http://x.example/\"q\"", "\"http://x.example/\"\"q\"\"\""},
        {"http://x.example/a\nb", "\"http://x.example/a\nb\""},
        {"http://x.example/plain", ",http://x.example/plain,"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_indicator v = fx_ind(1, MM_KIND_URL, cases[i].value, MM_IND_CONFIRMED, 0);
        mm_feed_opts o = {.now = FX_NOW};
        mm_buf b = {0};
        cr_assert_eq(mm_feed_csv_rows(&v, 1, &o, &b), MM_OK);
        cr_assert(strstr(b.data, cases[i].field), "case %zu: %s", i, b.data);
        mm_buf_free(&b);
    }
}

Test(feeds_csv, format_names)
{
    mm_feed_format f;
    mm_error e;
    for (int i = 0; i < MM_FEED__COUNT; i++) {
        cr_assert_eq(mm_feed_format_parse(mm_feed_format_name((mm_feed_format)i), &f, &e), MM_OK);
        cr_assert_eq((int)f, i);
    }
    cr_assert_eq(mm_feed_format_parse("zone", &f, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "format");
    cr_assert(strstr(e.message, "'zone'"));
    cr_assert(mm_feed_format_is_delta(MM_FEED_CSV));
    cr_assert(mm_feed_format_is_delta(MM_FEED_STIX));
    cr_assert_not(mm_feed_format_is_delta(MM_FEED_RPZ));
}
